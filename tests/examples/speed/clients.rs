//! The three Rust ways to make the same call: the library, and bare reqwest decoding
//! into an untyped `Value` or into the library's own models with plain serde_json.

use std::hint::black_box;
use std::time::Duration;

use livechat_api::models::{Agent, ChatList};
use livechat_api::{Client, Credentials};
use serde_json::Value;

use crate::Outcome;

const LOGIN: &str = "bench@example.com";
const API_KEY: &str = "bench-key";

/// Which client makes the calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `livechat_api::Client`.
    Library,
    /// reqwest, then `serde_json::from_slice::<Value>`.
    Value,
    /// reqwest, then `serde_json::from_slice` into the library's models.
    Typed,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Library, Kind::Value, Kind::Typed];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Library => "library",
            Kind::Value => "value",
            Kind::Typed => "typed",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == text)
    }
}

/// Which request is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `GET /agents`: the documented list, 234 bytes.
    Agents,
    /// `GET /chats`: one page of 25 archived chats, 68 KiB.
    Chats,
}

impl Call {
    pub const ALL: [Call; 2] = [Call::Agents, Call::Chats];

    pub fn name(self) -> &'static str {
        match self {
            Call::Agents => "agents",
            Call::Chats => "chats",
        }
    }

    pub fn parse(text: &str) -> Option<Call> {
        Call::ALL.into_iter().find(|call| call.name() == text)
    }
}

/// A client of one kind, ready to call the responder at `base`.
#[derive(Clone)]
pub enum Caller {
    Library(Client),
    Bare { http: reqwest::Client, base: String },
}

impl Caller {
    /// Must be made inside the runtime that uses it: the connection pool lives there.
    pub fn new(kind: Kind, base: &str) -> Result<Caller, Box<dyn std::error::Error>> {
        if kind == Kind::Library {
            let client = Client::builder(Credentials::basic(LOGIN, API_KEY))
                .base_url(base)
                .build()?;
            return Ok(Caller::Library(client));
        }
        // Set up as the library sets up its own reqwest client, crypto provider included
        // (an error only means one is installed already).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()?;
        Ok(Caller::Bare {
            http,
            base: base.trim_end_matches('/').to_owned(),
        })
    }

    /// Makes one call and decodes the answer; returns how many items it held.
    pub async fn call(&self, kind: Kind, call: Call) -> Result<usize, Box<dyn std::error::Error>> {
        match self {
            Caller::Library(client) => Ok(match call {
                Call::Agents => black_box(client.agents().list().send().await?).len(),
                Call::Chats => black_box(client.chats().list().send().await?).chats.len(),
            }),
            Caller::Bare { http, base } => {
                let url = format!("{base}/{}", call.name());
                let answer = http
                    .get(url)
                    .basic_auth(LOGIN, Some(API_KEY))
                    .header("X-API-Version", "2")
                    .timeout(Duration::from_secs(30))
                    .send()
                    .await?
                    .error_for_status()?;
                let body = answer.bytes().await?;
                Ok(match (kind, call) {
                    (Kind::Typed, Call::Agents) => {
                        black_box(serde_json::from_slice::<Vec<Agent>>(&body)?).len()
                    }
                    (Kind::Typed, Call::Chats) => {
                        black_box(serde_json::from_slice::<ChatList>(&body)?)
                            .chats
                            .len()
                    }
                    (_, Call::Agents) => {
                        items(&black_box(serde_json::from_slice::<Value>(&body)?), None)
                    }
                    (_, Call::Chats) => items(
                        &black_box(serde_json::from_slice::<Value>(&body)?),
                        Some("chats"),
                    ),
                })
            }
        }
    }
}

fn items(value: &Value, key: Option<&str>) -> usize {
    let list = match key {
        Some(key) => &value[key],
        None => value,
    };
    list.as_array().map_or(0, Vec::len)
}

/// Checks every client once, so a broken responder fails the run instead of timing errors.
pub async fn check(base: &str) -> Outcome {
    for kind in Kind::ALL {
        let caller = Caller::new(kind, base)?;
        for call in Call::ALL {
            let expected = match call {
                Call::Agents => 1,
                Call::Chats => crate::responder::CHATS_PER_PAGE,
            };
            let got = caller.call(kind, call).await?;
            if got != expected {
                return Err(format!(
                    "{} {}: {got} items, expected {expected}",
                    kind.name(),
                    call.name()
                )
                .into());
            }
        }
    }
    Ok(())
}
