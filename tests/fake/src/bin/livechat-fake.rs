//! `livechat-fake`: runs the fake LiveChat API server until interrupted.

use std::process::ExitCode;

use std::time::Duration;

use livechat_fake::{Config, FAULT_SYNTAX, FakeLiveChat, Fault};

const USAGE: &str =
    "usage: livechat-fake [--port N] [--seed S] [--login L] [--api-key K] [--token T]
                     [--max-body BYTES] [--max-query BYTES] [--header-timeout MS]
                     [--fault SPEC]...";

fn parse(mut config: Config, faults: &mut Vec<Fault>) -> Result<Config, String> {
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => config.port = value()?.parse().map_err(|_| "--port must be a number")?,
            "--seed" => config.seed = value()?.parse().map_err(|_| "--seed must be a number")?,
            "--login" => config.login = value()?,
            "--api-key" => config.api_key = value()?,
            "--token" => config.token = value()?,
            "--max-body" => {
                config.max_body_bytes = value()?
                    .parse()
                    .map_err(|_| "--max-body must be a number")?
            }
            "--max-query" => {
                config.max_query_bytes = value()?
                    .parse()
                    .map_err(|_| "--max-query must be a number")?
            }
            "--header-timeout" => {
                let millis = value()?
                    .parse()
                    .map_err(|_| "--header-timeout must be a number of milliseconds")?;
                config.header_read_timeout = Duration::from_millis(millis);
            }
            "--fault" => faults.push(
                value()?
                    .parse()
                    .map_err(|error| format!("--fault: {error}\n{FAULT_SYNTAX}"))?,
            ),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut faults = Vec::new();
    let config = match parse(Config::default(), &mut faults) {
        Ok(config) => config,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("livechat-fake: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let fake = match FakeLiveChat::start_with(config).await {
        Ok(fake) => fake,
        Err(error) => {
            eprintln!("livechat-fake: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let armed = faults.len();
    for fault in faults {
        fake.inject(fault);
    }
    let config = fake.config();
    println!("fake LiveChat API listening on {}", fake.base_url());
    println!("other origin (redirect target): {}", fake.other_origin());
    if armed > 0 {
        println!("faults armed: {armed}");
    }
    println!("basic auth: {}:{}", config.login, config.api_key);
    println!("bearer token: {}", config.token);
    println!("seed: {}", config.seed);
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("livechat-fake: cannot wait for Ctrl-C");
    }
    fake.shutdown().await;
    ExitCode::SUCCESS
}
