//! Test support for `livechat-api`: a fake LiveChat server and a request recorder.
//!
//! - [`fake::FakeLiveChat`]: a stateful stand-in for the real API, for tests and examples.
//! - [`recorder::Recorder`]: a scripted server that records what the client sends.
//! - [`raw::Raw`]: raw HTTP calls against the fake, for tests of its wire contract.
//! - [`receiver::WebhookReceiver`]: a local endpoint that webhook deliveries can reach.
//! - [`server::Server`]: the axum server on 127.0.0.1 they all run on.

pub mod fake;
pub mod fixtures;
pub mod raw;
pub mod receiver;
pub mod recorder;
pub mod server;
