//! A typed async client for the [LiveChat REST API v2](https://api.livechatinc.com/).
//!
//! Every method of the API is a builder: required parameters are arguments, optional
//! ones are setters, and `.send().await` returns the typed answer or an [`Error`] that
//! says what went wrong. Paginated lists also offer `.stream()`, which walks the items of
//! every page ([`Items`]), and `.pages()`, which yields whole pages ([`Pages`]); both have
//! inherent `next()`, `try_next()` and `try_collect()`, so no pinning or extra crate is
//! needed.
//!
//! ```no_run
//! use livechat_api::{Client, Credentials};
//! use livechat_api::models::AgentStatus;
//!
//! # async fn example() -> livechat_api::Result<()> {
//! let client = Client::new(Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb"))?;
//!
//! let online = client.agents().list().status(AgentStatus::AcceptingChats).send().await?;
//! client
//!     .canned_responses()
//!     .create("Have a great day, goodbye.", ["bye", "cu"])
//!     .send()
//!     .await?;
//! let archived = client.chats().list().stream().try_collect().await?;
//! println!("{} agents online, {} archived chats", online.len(), archived.len());
//! # Ok(())
//! # }
//! ```
//!
//! The endpoint surface ([`models`] and one module per resource) is generated at build
//! time from the TOML description in the repository's `api-spec/` folder; the client,
//! authentication, encoding and errors are written by hand. Each request builder links
//! the section of LiveChat's public v2 reference that documents its endpoint.
//!
//! # Where to start
//!
//! The [`guide`] walks through the library task by task, with examples that run against
//! the fake server of the `livechat-fake` crate:
//!
//! - [setting up a client](guide#setting-up-a-client): [`Credentials`], [`Client`],
//!   [`ClientBuilder`];
//! - [calling an endpoint](guide#calling-an-endpoint) and acting on
//!   [errors](guide#errors): [`Error`], [`ErrorKind`], [`ApiError`], [`RequestInfo`];
//! - [paging](guide#paging): [`Items`], [`Pages`];
//! - [webhooks](guide#webhooks): [`webhook::parse`], [`webhook::Verifier`];
//! - [testing with the fake](guide#testing-with-the-fake);
//! - [timeouts, retries and the deadline](guide#timeouts-retries-and-the-deadline):
//!   [`RetryPolicy`];
//! - [tracing](guide#tracing), [custom headers](guide#custom-headers) and
//!   [deprecation notices](guide#deprecation-notices);
//! - OAuth tokens that expire: [`token_source`].
//!
//! # What the client does for you
//!
//! - Sends `X-API-Version: 2`, a `User-Agent`, and the credentials: HTTP Basic
//!   ([`Credentials::basic`]) or an OAuth bearer token ([`Credentials::bearer`]), fixed
//!   or asked of a [`TokenSource`] before each attempt and renewed once after a 401.
//! - Adds the headers you set with [`ClientBuilder::header`], and warns once per
//!   endpoint through `tracing` when LiveChat announces a deprecation.
//! - Encodes bodies as LiveChat's PHP backend reads them (`groups[]=1`,
//!   `notifications[new_visitor]=1`), or as JSON where the spec says so.
//! - Encodes each path value as exactly one segment (`jenny+test@example.com`, `a/b`).
//! - Retries idempotent requests after timeouts, connection failures, 429 and 5xx, with
//!   jittered backoff, `Retry-After` and an overall deadline ([`RetryPolicy`]); follows no
//!   redirect; bounds the memory an answer can take.
//! - Decodes tolerantly: unknown keys are kept in `extra`, unknown enum values in
//!   `Unknown`, and `""`/`{}`/`null` or numbers sent as strings do not fail a call.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod api_request;
mod auth;
mod client;
mod credentials;
mod custom_headers;
mod dates;
mod deprecation;
mod encode;
mod enum_value;
mod error;
pub mod guide;
mod integer;
mod paging;
mod redact;
mod request;
mod retry;
mod secret;
mod tagged;
pub mod token_source;
mod tolerant;
mod transport_cause;
pub mod webhook;
mod wire;

pub use api_request::ApiRequest;
pub use client::{
    API_VERSION, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_DEADLINE, ERROR_BODY_LIMIT,
    RESPONSE_BODY_LIMIT,
};
pub use credentials::Credentials;
pub use dates::{DateParam, Period};
pub use enum_value::ParseEnumError;
pub use error::{ApiError, Error, ErrorKind, RequestInfo, Result, TransportCause};
pub use integer::Integer;
/// The date-time crate of the typed fields ([`jiff::Timestamp`], [`jiff::civil::Date`]),
/// re-exported so that callers use the same version.
pub use jiff;
pub use paging::{Items, Pages};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use token_source::{TokenFuture, TokenSource, TokenSourceError};
pub use tolerant::{Tolerant, UnknownValue};

include!(concat!(env!("OUT_DIR"), "/generated.rs"));
