//! Test support for `livechat-api`: a fake LiveChat server and a request recorder.
//!
//! - [`fake::FakeLiveChat`]: a stateful stand-in for the real API, for tests and examples.
//! - [`recorder::Recorder`]: a scripted server that records what the client sends.

pub mod fake;
pub mod fixtures;
pub mod recorder;
