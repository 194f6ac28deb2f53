//! The one integration-test binary of `livechat-api` and `livechat-fake`.
//!
//! Each suite is a module, so the whole set links once instead of once per file. The
//! resource suites mirror `api-spec/`: the tests of `api-spec/chats.toml` live in
//! `chats.rs`, and so on. The cross-cutting suites follow them. `CONTRIBUTING.md` says
//! where a new test goes.

// Resources, one module per file of `api-spec/`.
mod agents;
mod canned_responses;
mod chats;
mod goals;
mod greetings;
mod groups;
mod reports;
mod status;
mod tags;
mod tickets;
mod visitor_chat;
mod visitors;
mod webhooks;

// Cross-cutting suites.
mod coverage;
mod custom_headers;
mod dates;
mod deprecation;
mod encoding;
mod errors;
mod fake;
mod fault_matrix;
mod faults;
mod hardening;
mod headers;
mod inputs;
mod metrics;
mod paging;
mod properties;
mod requests;
mod samples;
mod secrets;
mod soak;
mod surface;
mod token_source;
mod tolerance;
mod tracing;
mod transport;

// Helpers shared by several suites.
mod common;
