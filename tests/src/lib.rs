//! The end-to-end suites of `livechat-api` and what they need beside the fake.
//!
//! - [`fake`]: the fake LiveChat server (the published `livechat-fake` crate).
//! - [`recorder::Recorder`]: a scripted server that records what the client sends.
//! - [`raw::Raw`]: raw HTTP calls against the fake, for tests of its wire contract.
//! - [`receiver::WebhookReceiver`]: a local endpoint that webhook deliveries can reach.
//! - [`fixtures`]: the documented request and response samples.

pub use livechat_fake as fake;
pub use livechat_fake::server;

pub mod fixtures;
pub mod raw;
pub mod receiver;
pub mod recorder;

/// The Rust examples of the top-level README.md, compiled (and, unless marked `no_run`,
/// run) by `cargo test -p livechat-tests --doc`, so that the README cannot drift from
/// the library.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
