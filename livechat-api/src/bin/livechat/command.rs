//! The clap command tree, built from the generated command table.

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, Command, value_parser};

use crate::table::{EndpointInfo, ParamInfo, ResourceInfo, Shape, kebab};

const AFTER_HELP: &str = "\
Credentials come from the environment, never from a flag:
  LIVECHAT_LOGIN + LIVECHAT_API_KEY   an agent's login and API key (HTTP Basic)
  LIVECHAT_TOKEN                      an OAuth 2.0 access token (wins when set)

Exit codes:
  0 success   2 usage   3 credentials refused or missing   4 not found
  5 other API error or unexpected answer   6 transport (connection, TLS, timeout)
  1 output could not be written";

/// The whole command line: one subcommand per resource, one below it per operation.
pub(crate) fn cli() -> Command {
    let resources = crate::generated::RESOURCES.iter().map(resource_command);
    Command::new("livechat")
        .version(env!("CARGO_PKG_VERSION"))
        .about("The LiveChat REST API v2 from the command line: every endpoint, generated from its spec.")
        .after_help(AFTER_HELP)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new("base_url")
                .long("base-url")
                .value_name("URL")
                .env("LIVECHAT_BASE_URL")
                .global(true)
                .help_heading("Global options")
                .help("Where the API lives (default: https://api.livechatinc.com/)"),
        )
        .arg(
            Arg::new("output")
                .long("output")
                .short('o')
                .value_name("FORMAT")
                .value_parser(["json", "jsonl", "table"])
                .default_value("json")
                .global(true)
                .help_heading("Global options")
                .help("json: pretty JSON; jsonl: one line per item; table: aligned columns"),
        )
        .subcommands(resources)
        .subcommand(
            Command::new("completions")
                .about("Prints a completion script for a shell")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(value_parser!(clap_complete::Shell)),
                ),
        )
}

fn resource_command(resource: &'static ResourceInfo) -> Command {
    let mut command = Command::new(kebab(resource.name))
        .about(resource.doc)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommands(resource.endpoints.iter().map(endpoint_command));
    if resource.name.contains('_') {
        command = command.alias(resource.name);
    }
    command
}

fn endpoint_command(endpoint: &'static EndpointInfo) -> Command {
    let mut command = Command::new(kebab(endpoint.name))
        .about(endpoint.doc)
        .long_about(format!(
            "{}\n\n{} {}",
            endpoint.doc, endpoint.method, endpoint.path
        ))
        .args(endpoint.params.iter().map(param_arg));
    if endpoint.name.contains('_') {
        command = command.alias(endpoint.name);
    }
    if endpoint.paginated {
        command = command.arg(
            Arg::new("all")
                .long("all")
                .action(ArgAction::SetTrue)
                .help("Walk every page (from --page, or 1) and write each item as one JSON line"),
        );
    }
    command
}

fn param_arg(param: &'static ParamInfo) -> Arg {
    let mut arg = Arg::new(param.name).help(param.doc);
    arg = if param.required && !param.list {
        arg.value_name(param.name.to_uppercase())
    } else {
        arg.long(kebab(param.name))
            .value_name(value_name(param.shape))
    };
    arg = arg.required(param.required);
    arg = if param.list {
        arg.action(ArgAction::Append).num_args(1..)
    } else {
        arg.action(ArgAction::Set)
    };
    if !param.values.is_empty() {
        return arg.value_parser(PossibleValuesParser::new(param.values));
    }
    match param.shape {
        Shape::Bool => arg.value_parser(["true", "false", "1", "0"]),
        Shape::Int => arg.value_parser(|text: &str| {
            text.parse::<i64>()
                .map(|_| text.to_owned())
                .map_err(|_| "not an integer")
        }),
        Shape::Float => arg.value_parser(|text: &str| {
            text.parse::<f64>()
                .ok()
                .filter(|number| number.is_finite())
                .map(|_| text.to_owned())
                .ok_or("not a number")
        }),
        Shape::Json => arg.value_parser(|text: &str| {
            serde_json::from_str::<serde_json::Value>(text)
                .map(|_| text.to_owned())
                .map_err(|error| format!("not valid JSON: {error}"))
        }),
        Shape::Text | Shape::Secret => arg,
    }
}

fn value_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Text => "TEXT",
        Shape::Secret => "SECRET|-",
        Shape::Int => "INT",
        Shape::Float => "NUMBER",
        Shape::Bool => "BOOL",
        Shape::Json => "JSON",
    }
}
