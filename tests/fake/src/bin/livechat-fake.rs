//! `livechat-fake`: runs the fake LiveChat API server until interrupted.

use std::process::ExitCode;

use livechat_fake::{Config, FakeLiveChat};

const USAGE: &str =
    "usage: livechat-fake [--port N] [--seed S] [--login L] [--api-key K] [--token T]";

fn parse(mut config: Config) -> Result<Config, String> {
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => config.port = value()?.parse().map_err(|_| "--port must be a number")?,
            "--seed" => config.seed = value()?.parse().map_err(|_| "--seed must be a number")?,
            "--login" => config.login = value()?,
            "--api-key" => config.api_key = value()?,
            "--token" => config.token = value()?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse(Config::default()) {
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
    let config = fake.config();
    println!("fake LiveChat API listening on {}", fake.base_url());
    println!("basic auth: {}:{}", config.login, config.api_key);
    println!("bearer token: {}", config.token);
    println!("seed: {}", config.seed);
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("livechat-fake: cannot wait for Ctrl-C");
    }
    fake.shutdown().await;
    ExitCode::SUCCESS
}
