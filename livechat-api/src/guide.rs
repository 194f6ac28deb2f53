//! A tour of the library, task by task: setting up a client, calling an endpoint, acting
//! on errors, walking pages, receiving webhooks, testing against the fake server, timeouts
//! and retries, tracing and custom headers.
//!
//! This module holds documentation only. The examples that need a server start
//! `livechat-fake`, the stateful fake of the API that this repository publishes for
//! tests, so every one of them really runs as a test of this crate.
//!
//! # Setting up a client
//!
//! A [`Client`] needs [`Credentials`]: a login with its API key (HTTP Basic), an OAuth
//! access token, or none at all for the visitor-side calls. [`Client::new`] takes the
//! defaults; [`Client::builder`] changes them. Building checks the configuration, so a
//! bad value is an error here rather than on the first call:
//!
//! ```
//! use std::time::Duration;
//! use livechat_api::{Client, Credentials, ErrorKind, RetryPolicy};
//!
//! // An agent's login and API key, sent as HTTP Basic.
//! let client = Client::new(Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb"))?;
//! assert_eq!(client.base_url(), "https://api.livechatinc.com");
//!
//! // An OAuth access token, with the defaults changed.
//! let client = Client::builder(Credentials::bearer("dal-Wm9vLWJhci1iYXo"))
//!     .timeout(Duration::from_secs(10))
//!     .deadline(Duration::from_secs(30))
//!     .retry(RetryPolicy::default().max_retries(4))
//!     .header("X-Request-Source", "nightly-report")
//!     .build()?;
//! # drop(client);
//!
//! // A credential HTTP cannot carry is refused when the client is built, and the
//! // message names the part at fault, never its value.
//! let error = Client::new(Credentials::basic("john.doe@mycompany.com", "")).unwrap_err();
//! assert_eq!(error.kind(), ErrorKind::InvalidInput);
//! assert!(error.to_string().contains("API key"));
//! # Ok::<(), livechat_api::Error>(())
//! ```
//!
//! For tokens that expire while the client lives, give the client a
//! [`TokenSource`](crate::TokenSource) with [`Client::builder_with_source`] instead: it is
//! asked for the credentials before each attempt and told when LiveChat refuses them.
//!
//! # Calling an endpoint
//!
//! Each resource of the API is a method of the client, and each of its operations a
//! method of that: `client.agents().list()`, `client.chats().get(..)`. That makes a
//! request builder whose arguments are the required parameters and whose methods set the
//! optional ones; `.send().await` sends it and decodes the answer.
//!
//! ```
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let fake = livechat_fake::FakeLiveChat::start().await?;
//! # let client = fake.client();
//! use livechat_api::models::AgentStatus;
//!
//! let everyone = client.agents().list().send().await?;
//! let taking_chats = client
//!     .agents()
//!     .list()
//!     .status(AgentStatus::AcceptingChats)
//!     .send()
//!     .await?;
//! assert!(taking_chats.len() <= everyone.len());
//! # Ok(())
//! # }
//! ```
//!
//! A builder is a plain value: it can be kept, cloned and sent later. Nothing goes over
//! the network until `.send()` is awaited, or a walk made by `.stream()` or `.pages()`
//! is asked for its first item.
//!
//! # Errors
//!
//! Every call returns [`Result<T>`](crate::Result), whose error is one [`Error`]. Its
//! `Display` is written for a person and starts with the request it belongs to (method,
//! path template and operation name, never the values you passed). To decide what to do,
//! ask [`Error::kind`] instead of matching the variants:
//!
//! ```
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let fake = livechat_fake::FakeLiveChat::start().await?;
//! # let client = fake.client();
//! use livechat_api::ErrorKind;
//!
//! let error = client.agents().get("nobody@example.com").send().await.unwrap_err();
//! assert_eq!(error.kind(), ErrorKind::NotFound);
//! assert_eq!(error.status(), Some(404));
//!
//! let request = error.request().expect("the request was sent");
//! assert_eq!(request.operation(), "agents.get");
//! assert_eq!(request.method(), "GET");
//! assert_eq!(request.path_template(), "/agents/{login}");
//! assert!(error.to_string().starts_with("`GET /agents/{login}` (agents.get): "));
//! # Ok(())
//! # }
//! ```
//!
//! What each [`ErrorKind`] means and how to act on it:
//!
//! | kind | what happened | what to do |
//! |---|---|---|
//! | `Unauthorized` | LiveChat refused the credentials (401) | check the login and key, or the token and its scopes; a client with a [`TokenSource`](crate::TokenSource) has already asked it once for new ones |
//! | `NotFound` | no such resource (404) | treat as absent; if [`ApiError::earlier_attempt_may_have_applied`] is set on a delete, an earlier attempt most likely removed it |
//! | `Api` | any other answer outside 2xx | a 4xx says what is wrong in [`ApiError::messages`]; for 429 and 5xx [`Error::is_retryable`] is true and [`Error::retry_after`] may say when |
//! | `Decode` | a 2xx answer that does not fit the response type | report it with its `path` and `snippet`; LiveChat accepted the request, so a write was applied |
//! | `Redirect` | a 3xx answer, which is never followed | fix the base URL |
//! | `Timeout` | no answer within the timeout or the deadline | retryable; a write may have been applied |
//! | `ConnectionRefused`, `Dns`, `Connect` | no connection could be made | check the base URL and the network |
//! | `Tls` | the TLS handshake failed | check certificates and proxies; a refused certificate is not retried |
//! | `ConnectionClosed`, `Transport` | the connection broke while sending or reading | retryable; a write may have been applied |
//! | `InvalidInput` | a value cannot be sent; nothing was sent | fix the value the message names |
//! | `TokenSource` | the token source failed; nothing was sent | see the source's own error in `source()` |
//!
//! The client already retries what is safe to retry (see [Timeouts, retries and the
//! deadline](#timeouts-retries-and-the-deadline)), so an error you get has used up the
//! policy. [`Error::retry_after`] tells how long LiveChat asked you to wait when that was
//! longer than the policy lets the client wait by itself:
//!
//! ```
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let fake = livechat_fake::FakeLiveChat::start().await?;
//! # let client = fake.client();
//! use std::time::Duration;
//! use livechat_api::ErrorKind;
//! use livechat_fake::Fault;
//! use reqwest::{Method, StatusCode}; // the `http` crate's types, as re-exported by reqwest
//!
//! // The fake answers 429 and asks for two minutes, longer than the 20 s the default
//! // policy waits for.
//! fake.inject(
//!     Fault::status(StatusCode::TOO_MANY_REQUESTS)
//!         .retry_after_seconds(120)
//!         .on(Method::GET, "/agents")
//!         .times(1),
//! );
//! let error = client.agents().list().send().await.unwrap_err();
//! assert_eq!(error.kind(), ErrorKind::Api);
//! assert!(error.is_retryable());
//! assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
//! assert_eq!(error.attempts(), Some(1));
//! # Ok(())
//! # }
//! ```
//!
//! A failure to connect names its cause in the message and in the kind; the error of the
//! HTTP stack stays available through [`source()`](std::error::Error::source), so a
//! reporter that prints the whole chain (`anyhow`, `eyre`) shows it once:
//!
//! ```
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use livechat_api::{Client, Credentials, ErrorKind, RetryPolicy, TransportCause};
//!
//! // A loopback port with nothing listening on it.
//! let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
//! let client = Client::builder(Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb"))
//!     .base_url(format!("http://127.0.0.1:{port}"))
//!     .retry(RetryPolicy::none())
//!     .build()?;
//!
//! let error = client.agents().list().send().await.unwrap_err();
//! assert_eq!(error.kind(), ErrorKind::ConnectionRefused);
//! assert!(matches!(
//!     &error,
//!     livechat_api::Error::Transport { cause: TransportCause::ConnectionRefused, .. }
//! ));
//! assert!(error.to_string().contains("the connection was refused"));
//! assert!(std::error::Error::source(&error).is_some());
//! # Ok(())
//! # }
//! ```
//!
//! # Paging
//!
//! Lists that the API splits into pages (archived chats, tickets) have two more ways to
//! run besides `.send()`, which fetches one page: `.stream()` walks every item of every
//! page ([`Items`]), and `.pages()` every page whole ([`Pages`]), for its totals. Both
//! fetch a page only when the previous one has been used up, and both have `next()`,
//! `try_next()` and `try_collect()` of their own: no `Box::pin`, no extra crate. They are
//! [`Stream`](futures_core::Stream)s too, for anyone who wants stream combinators.
//!
//! ```
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let fake = livechat_fake::FakeLiveChat::start().await?;
//! # let client = fake.client();
//! // One item at a time; `?` ends the loop at the first failed page.
//! let mut chats = client.chats().list().stream();
//! let mut walked = 0;
//! while let Some(_chat) = chats.try_next().await? {
//!     walked += 1;
//! }
//!
//! // Or every item at once.
//! let every_chat = client.chats().list().stream().try_collect().await?;
//! assert_eq!(every_chat.len(), walked);
//!
//! // Whole pages, e.g. to read their totals; `next()` gives the error as an item.
//! let mut pages = client.chats().list().pages();
//! let mut on_pages = 0;
//! while let Some(page) = pages.next().await {
//!     on_pages += page?.chats.len();
//! }
//! assert_eq!(on_pages, walked);
//! # assert!(walked > 25, "the seeded archive spans several pages");
//! # Ok(())
//! # }
//! ```
//!
//! A walk starts at the page the builder names (`.page(n)`), or the first. It ends after
//! the last page the API announces, at a page without items, after the first error
//! (which it yields), or at page `i64::MAX`; polling it again after the end gives `None`.
//!
//! # Webhooks
//!
//! LiveChat POSTs a JSON body to the URL of each webhook you create. In the handler of
//! your HTTP server, read the body (bounded at [`webhook::MAX_BODY_BYTES`]), parse it
//! with [`webhook::parse`], and check it with a [`webhook::Verifier`] made from the token
//! LiveChat gave the webhook:
//!
//! ```
//! use livechat_api::models::WebhookEvent;
//! use livechat_api::webhook::{self, Verifier};
//!
//! // Made once, at start-up.
//! let verifier = Verifier::new("27f41c8da685c81a890f9e5f8ce48387")?.license_id(1025707);
//!
//! // For each delivery: its body and its `Authorization` header, if any.
//! let body = br#"{"event_type": "chat_started", "token": "27f41c8da685c81a890f9e5f8ce48387",
//!                 "license_id": 1025707, "chat": {"id": "MH022RD0K5"}}"#;
//! let authorization: Option<&str> = None;
//!
//! let event = webhook::parse(body)?;
//! if !verifier.accepts(authorization, &event) {
//!     // Not from LiveChat: answer 401 and ignore it.
//! #   unreachable!();
//! }
//! assert_eq!(event.event_type(), "chat_started");
//! assert!(matches!(event, WebhookEvent::ChatStarted(_)));
//!
//! // A forged delivery carries another token and is refused.
//! let forged = webhook::parse(
//!     br#"{"event_type": "chat_started", "token": "guess", "license_id": 1025707}"#,
//! )?;
//! assert!(!verifier.accepts(authorization, &forged));
//! # Ok::<(), livechat_api::Error>(())
//! ```
//!
//! An event type this version of the library does not know arrives as
//! `WebhookEvent::Unknown` with its fields kept, so a new kind of event does not fail
//! your handler.
//!
//! # Testing with the fake
//!
//! `livechat-fake` (add it with `cargo add --dev livechat-fake`) is a stateful fake of the
//! whole API on 127.0.0.1: it is seeded with agents, groups, six months of archived chats
//! and tickets, goals and canned responses, keeps what your code creates, checks the
//! credentials and the API version like LiveChat, and delivers webhooks. Start one per
//! test; [`FakeLiveChat::client`](https://docs.rs/livechat-fake) gives a client pointed at
//! it with credentials it accepts:
//!
//! ```
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use livechat_fake::FakeLiveChat;
//!
//! let fake = FakeLiveChat::start().await?;
//! let client = fake.client();
//!
//! let before = client.canned_responses().list().send().await?.len();
//! client
//!     .canned_responses()
//!     .create("Have a great day, goodbye.", ["bye", "cu"])
//!     .send()
//!     .await?;
//! assert_eq!(client.canned_responses().list().send().await?.len(), before + 1);
//! # Ok(())
//! # }
//! ```
//!
//! Faults make the fake misbehave on purpose, for the requests they match by method and
//! path template, as many times as you say; the request log shows what your code sent.
//! Here two failed reads are retried by the client and the third attempt succeeds:
//!
//! ```
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use livechat_fake::{FakeLiveChat, Fault};
//! use reqwest::{Method, StatusCode};
//!
//! let fake = FakeLiveChat::start().await?;
//! fake.inject(
//!     Fault::status(StatusCode::SERVICE_UNAVAILABLE)
//!         .on(Method::GET, "/agents")
//!         .times(2),
//! );
//! let agents = fake.client().agents().list().send().await?;
//! assert!(!agents.is_empty());
//!
//! let statuses: Vec<_> = fake.requests().iter().map(|request| request.status).collect();
//! assert_eq!(statuses, [Some(503), Some(503), Some(200)]);
//! # Ok(())
//! # }
//! ```
//!
//! The fake's own documentation lists every fault (latency, stalled and cut bodies,
//! truncated JSON, redirects, endless bodies) and the `livechat-fake` binary, which runs
//! the same server on a port of your choice for programs in other languages.
//!
//! # Timeouts, retries and the deadline
//!
//! Three limits bound a call, all set on the builder:
//!
//! - [`connect_timeout`](crate::ClientBuilder::connect_timeout) (10 s): opening a connection.
//! - [`timeout`](crate::ClientBuilder::timeout) (30 s): one attempt, from sending the request to
//!   the last byte of the answer.
//! - [`deadline`](crate::ClientBuilder::deadline) (60 s): the whole call, every attempt and every
//!   wait between them included. No attempt runs and no wait starts past it.
//!
//! Failed attempts are repeated by the [`RetryPolicy`]: requests that are safe to repeat
//! (reads, updates, deletes) after a timeout, a broken connection, a 429 or a 5xx;
//! creations only when the connection could not be opened, so that nothing is created
//! twice. Waits grow from
//! [`initial_backoff`](crate::RetryPolicy::initial_backoff) with random jitter, and a
//! `Retry-After` from LiveChat is honoured up to
//! [`max_retry_after`](crate::RetryPolicy::max_retry_after).
//!
//! ```
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use livechat_api::{Client, ErrorKind, RetryPolicy};
//! use livechat_fake::{FakeLiveChat, Fault};
//! use reqwest::Method;
//!
//! let fake = FakeLiveChat::start().await?;
//! // The next read of the agents is held back for two seconds.
//! fake.inject(Fault::latency(Duration::from_secs(2)).on(Method::GET, "/agents").times(1));
//!
//! let impatient = Client::builder(fake.credentials())
//!     .base_url(fake.base_url())
//!     .timeout(Duration::from_millis(100))
//!     .retry(RetryPolicy::none())
//!     .build()?;
//! let error = impatient.agents().list().send().await.unwrap_err();
//! assert_eq!(error.kind(), ErrorKind::Timeout);
//! assert_eq!(error.attempts(), Some(1));
//! # Ok(())
//! # }
//! ```
//!
//! # Tracing
//!
//! The client logs through [`tracing`](https://docs.rs/tracing) and writes nothing
//! unless your application installs a subscriber. Each call runs in a DEBUG span named
//! `livechat.request` with the fields `operation` (`agents.get`), `method` and `path`
//! (the template, `/agents/{login}`); when the call ends it records `status`, `attempts`,
//! `latency_ms` and `renewed` (true when a 401 led to new credentials). Each attempt is a
//! TRACE span `livechat.attempt` inside it, and each retry a DEBUG event naming the
//! failure and the wait. Neither paths with your values, nor queries, bodies or
//! credentials are ever recorded. A subscriber layer that reads these spans gives request
//! counts and latencies without wrapping any call.
//!
//! # Custom headers
//!
//! [`ClientBuilder::header`] adds a header to every request, such as a correlation id for
//! a proxy. Its value is kept out of `Debug`, like a secret. The headers the client must
//! control (`Authorization`, `X-API-Version`, `Content-Type`, `Content-Length`,
//! `Transfer-Encoding`, `Host`) are refused:
//!
//! ```
//! use livechat_api::{Client, Credentials, ErrorKind};
//!
//! let credentials = Credentials::bearer("dal-Wm9vLWJhci1iYXo");
//! let client = Client::builder(credentials.clone())
//!     .header("X-Correlation-Id", "3f9a1c")
//!     .build()?;
//! assert!(!format!("{client:?}").contains("3f9a1c"));
//!
//! let error = Client::builder(credentials)
//!     .header("Authorization", "Basic c29tZW9uZQ==")
//!     .build()
//!     .unwrap_err();
//! assert_eq!(error.kind(), ErrorKind::InvalidInput);
//! # Ok::<(), livechat_api::Error>(())
//! ```
//!
//! # Deprecation notices
//!
//! When LiveChat marks an answer with a `Deprecation`, `Sunset` or `Legacy` header, the
//! endpoint or the API version is scheduled to go away. The client reports it through
//! `tracing` at WARN level, with the target `livechat_api::deprecation`, once per endpoint
//! and client: with the method, the path template and the header values. Route that
//! target to wherever your operators look.
//!
//! # Enums
//!
//! API enums read from text with `FromStr` and give their text back with `as_str()` or
//! `Display`. Text that names no documented value is a [`ParseEnumError`]; `Unknown` is
//! kept for values the server sends that this version does not know.
//!
//! ```
//! use livechat_api::models::GoalMatchType;
//!
//! let exact: GoalMatchType = "exact".parse()?;
//! assert_eq!(exact, GoalMatchType::Exact);
//! assert_eq!(exact.as_str(), "exact");
//! assert_eq!(exact.to_string(), "exact");
//! assert!("Exact".parse::<GoalMatchType>().is_err());
//! # Ok::<(), livechat_api::ParseEnumError>(())
//! ```
//!
//! [`Client`]: crate::Client
//! [`Client::new`]: crate::Client::new
//! [`Client::builder`]: crate::Client::builder
//! [`Client::builder_with_source`]: crate::Client::builder_with_source
//! [`ClientBuilder::header`]: crate::ClientBuilder::header
//! [`Credentials`]: crate::Credentials
//! [`Error`]: crate::Error
//! [`Error::kind`]: crate::Error::kind
//! [`Error::is_retryable`]: crate::Error::is_retryable
//! [`Error::retry_after`]: crate::Error::retry_after
//! [`ErrorKind`]: crate::ErrorKind
//! [`ApiError::messages`]: crate::ApiError::messages
//! [`ApiError::earlier_attempt_may_have_applied`]: crate::ApiError::earlier_attempt_may_have_applied
//! [`Items`]: crate::Items
//! [`Pages`]: crate::Pages
//! [`ParseEnumError`]: crate::ParseEnumError
//! [`RetryPolicy`]: crate::RetryPolicy
//! [`webhook::parse`]: crate::webhook::parse
//! [`webhook::Verifier`]: crate::webhook::Verifier
//! [`webhook::MAX_BODY_BYTES`]: crate::webhook::MAX_BODY_BYTES
