//! `livechat`: every endpoint of the LiveChat REST API v2 from the command line.
//!
//! `livechat <resource> <operation> [required values] [--optional value ...]`. The
//! command table and the calls are generated from `api-spec/` by `livechat-api`'s build
//! script when the `cli` feature is on; this file and its modules are the handwritten
//! rest: argument parsing, credentials, output and exit codes.

mod args;
mod command;
mod outcome;
mod output;
mod progress;
mod table;

/// The command table and the typed calls, generated from `api-spec/`.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/cli.rs"));
}

use std::process::ExitCode;

use clap::ArgMatches;
use livechat_api::{Client, Credentials};

use crate::outcome::{Class, Failure};
use crate::output::Format;
use crate::table::EndpointInfo;

fn main() -> ExitCode {
    let matches = match command::cli().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            // Help and version are "errors" that go to stdout and succeed.
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(Class::Usage.exit_code())
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(&matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) if failure.class == Class::Closed => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("livechat: {}", failure.message);
            ExitCode::from(failure.class.exit_code())
        }
    }
}

fn run(matches: &ArgMatches) -> Result<(), Failure> {
    let Some((resource_name, resource_matches)) = matches.subcommand() else {
        return Err(Failure::usage("missing command"));
    };
    if resource_name == "completions" {
        return completions(resource_matches);
    }
    let resource = table::resource(resource_name)
        .ok_or_else(|| Failure::usage(format!("unknown command `{resource_name}`")))?;
    let Some((operation_name, operation_matches)) = resource_matches.subcommand() else {
        return Err(Failure::usage(format!(
            "missing operation for `{resource_name}`"
        )));
    };
    let endpoint = resource.endpoint(operation_name).ok_or_else(|| {
        Failure::usage(format!(
            "unknown operation `{resource_name} {operation_name}`"
        ))
    })?;

    let format = operation_matches
        .try_get_one::<String>("output")
        .ok()
        .flatten()
        .map_or(Format::Json, |name| Format::parse(name));
    let base_url = operation_matches
        .try_get_one::<String>("base_url")
        .ok()
        .flatten();
    let mut builder = Client::builder(credentials(endpoint)?);
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::new(Class::Transport, format!("cannot start: {error}")))?;
    let args = args::Args::new(endpoint, operation_matches);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    runtime.block_on(async {
        let outcome = generated::call(&client, resource.name, endpoint.name, &args).await?;
        output::write(&mut out, outcome, format).await
    })
}

/// Credentials from the environment: `LIVECHAT_TOKEN`, or `LIVECHAT_LOGIN` with
/// `LIVECHAT_API_KEY`.
fn credentials(endpoint: &EndpointInfo) -> Result<Credentials, Failure> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    if let Some(token) = var("LIVECHAT_TOKEN") {
        return Ok(Credentials::bearer(token));
    }
    match (var("LIVECHAT_LOGIN"), var("LIVECHAT_API_KEY")) {
        (Some(login), Some(api_key)) => Ok(Credentials::basic(login, api_key)),
        // Visitor-side calls send no Authorization header at all, so the client's
        // credentials are never used and none are needed.
        _ if !endpoint.authenticated => Ok(Credentials::none()),
        (Some(_), None) => Err(Failure::new(
            Class::Auth,
            "LIVECHAT_LOGIN is set but LIVECHAT_API_KEY is not",
        )),
        (None, Some(_)) => Err(Failure::new(
            Class::Auth,
            "LIVECHAT_API_KEY is set but LIVECHAT_LOGIN is not",
        )),
        (None, None) => Err(Failure::new(
            Class::Auth,
            "no credentials: set LIVECHAT_LOGIN and LIVECHAT_API_KEY, or LIVECHAT_TOKEN",
        )),
    }
}

fn completions(matches: &ArgMatches) -> Result<(), Failure> {
    let shell = matches
        .try_get_one::<clap_complete::Shell>("shell")
        .ok()
        .flatten()
        .copied()
        .ok_or_else(|| Failure::usage("missing shell"))?;
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command::cli(), "livechat", &mut out);
    Ok(())
}
