//! The client: configuration, and the one place every call goes through.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::auth::{Auth, AuthConfig, Sent};
use crate::deprecation::Deprecations;
use crate::error::{Error, Result, snippet};
use crate::request::{Encoding, Method, Request};
use crate::retry::{self, RetryPolicy, Verdict};
use crate::transport_cause::{self, Phase};
use crate::{Credentials, Secret, TokenSource, custom_headers, encode};

/// Where the API lives unless the builder says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.livechatinc.com/";

/// The API version this library speaks, sent as `X-API-Version` on every request.
pub const API_VERSION: &str = "2";

const USER_AGENT: &str = concat!("livechat-api-rs/", env!("CARGO_PKG_VERSION"));

/// The largest 2xx body read, in bytes (32 MiB). A larger answer fails with
/// [`Error::Decode`]; when its `Content-Length` announces the size, before any of it is read.
pub const RESPONSE_BODY_LIMIT: usize = 32 * 1024 * 1024;

/// The most of a non-2xx body kept in [`ApiError::body`](crate::ApiError::body), in bytes
/// (64 KiB). Reading stops there and [`ApiError::truncated`](crate::ApiError::truncated)
/// is set: error messages are short, and a huge error page is not worth the memory.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The time a whole call may take, retries and waits included, unless
/// [`ClientBuilder::deadline`] says otherwise (60 s).
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// The longest part of a redirect's `Location` kept in [`Error::Redirect`].
const LOCATION_LIMIT: usize = 1024;

/// A LiveChat REST API v2 client.
///
/// Cheap to clone (the connection pool is shared). Each resource of the API is a method:
/// [`agents`](Client::agents), [`chats`](Client::chats) and so on; each of their methods
/// starts a request builder, which `.send().await` runs.
///
/// ```
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use livechat_api::{Client, Credentials};
/// # let fake = livechat_fake::FakeLiveChat::start().await?;
/// # let (login, api_key) = (fake.config().login.clone(), fake.config().api_key.clone());
///
/// // For the real API, `Client::new(Credentials::basic(login, api_key))?` is all it takes;
/// // this example talks to the fake server of the `livechat-fake` crate instead.
/// let client = Client::builder(Credentials::basic(login, api_key))
///     .base_url(fake.base_url())
///     .build()?;
///
/// let agents = client.agents().list().send().await?;
/// let groups = client.groups().list().send().await?;
/// println!("{} agents in {} groups", agents.len(), groups.len());
///
/// // Clones share one connection pool: hand one to each task.
/// let worker = client.clone();
/// let tags = tokio::spawn(async move { worker.tags().list().send().await }).await??;
/// # assert!(!agents.is_empty() && !tags.is_empty());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Without the trailing slash, so that a request path can be appended.
    base_url: String,
    auth: Auth,
    /// Added to every request by the application; names checked at build().
    headers: reqwest::header::HeaderMap,
    deprecations: Deprecations,
    timeout: Duration,
    deadline: Duration,
    retry: RetryPolicy,
    json_bodies: bool,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("retry", &self.inner.retry)
            .field(
                "custom_headers",
                &self.inner.headers.keys().collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Start one with [`Client::builder`] (fixed credentials) or
/// [`Client::builder_with_source`] (credentials that change), set what differs from the
/// defaults, and [`build`](Self::build):
///
/// ```
/// use std::time::Duration;
/// use livechat_api::{Client, Credentials, RetryPolicy};
///
/// let client = Client::builder(Credentials::bearer("dal-Wm9vLWJhci1iYXo"))
///     .connect_timeout(Duration::from_secs(5))
///     .timeout(Duration::from_secs(15))
///     .deadline(Duration::from_secs(45))
///     .retry(RetryPolicy::default().max_retries(3))
///     .header("X-Correlation-Id", "3f9a1c")
///     .json_bodies(true)
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.livechatinc.com");
/// # Ok::<(), livechat_api::Error>(())
/// ```
///
/// | setting | default |
/// |---|---|
/// | [`base_url`](Self::base_url) | [`DEFAULT_BASE_URL`] |
/// | [`connect_timeout`](Self::connect_timeout) | 10 s |
/// | [`timeout`](Self::timeout) (one attempt) | 30 s |
/// | [`deadline`](Self::deadline) (the whole call) | [`DEFAULT_DEADLINE`], 60 s |
/// | [`retry`](Self::retry) | [`RetryPolicy::default`]: 2 retries |
/// | [`json_bodies`](Self::json_bodies) | off: form bodies, as the reference documents |
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    auth: AuthConfig,
    /// Values kept as secrets: the builder's `Debug` must not show them.
    headers: Vec<(String, Secret)>,
    base_url: String,
    connect_timeout: Duration,
    timeout: Duration,
    deadline: Duration,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    json_bodies: bool,
}

impl Client {
    /// A client for `https://api.livechatinc.com/` with the default timeouts and retries.
    ///
    /// Fails with [`Error::InvalidInput`] when the credentials cannot be sent (see
    /// [`Credentials`]); nothing is sent over the network yet.
    ///
    /// ```
    /// use livechat_api::{Client, Credentials, ErrorKind};
    ///
    /// let client = Client::new(Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb"))?;
    /// # drop(client);
    /// let error = Client::new(Credentials::bearer("")).unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidInput);
    /// # Ok::<(), livechat_api::Error>(())
    /// ```
    pub fn new(credentials: Credentials) -> Result<Client> {
        Client::builder(credentials).build()
    }

    /// A builder to change the base URL, timeouts, retries or HTTP client.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(AuthConfig::Fixed(credentials))
    }

    /// A builder for a client that asks `source` for the credentials before each
    /// attempt, and once more after a 401: for OAuth tokens that expire while the client
    /// lives. See [`TokenSource`] for what the client guarantees, with an example.
    pub fn builder_with_source(source: impl TokenSource + 'static) -> ClientBuilder {
        ClientBuilder::new(AuthConfig::Source(Arc::new(source)))
    }

    /// The base URL requests go to, without its trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request and decodes a 2xx answer as `T`.
    pub(crate) async fn call<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let (status, body) = self.execute(&request).await?;
        decode(Some(status), &body).map_err(|error| error.for_request(request.info()))
    }

    /// Sends a request, repeating it while the retry policy and the deadline allow.
    async fn execute(&self, request: &Request) -> Result<(u16, bytes::Bytes)> {
        let operation = request.operation;
        // Names and templates only: the real path, query, headers and bodies carry caller
        // values and credentials, and stay out of traces.
        let span = tracing::debug_span!(
            "livechat.request",
            operation = operation.name,
            method = operation.method.as_str(),
            path = operation.template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            renewed = tracing::field::Empty,
        );
        self.execute_renewing(request)
            .instrument(span)
            .await
            .map_err(|error| error.for_request(request.info()))
    }

    /// With a token source, a 401 renews the credentials once and the request is sent
    /// once more, whatever its method: LiveChat did not process it.
    async fn execute_renewing(&self, request: &Request) -> Result<(u16, bytes::Bytes)> {
        // One start for both rounds: the deadline and the traced latency cover the call.
        let started = Instant::now();
        let mut sent = None;
        let outcome = self.execute_traced(request, &mut sent, started, 0).await;
        // `sent` holds credentials only when they came from a source.
        match (outcome, sent) {
            (Err(Error::Unauthorized(api)), Some(refused)) => {
                self.inner.auth.renew(refused).await?;
                tracing::Span::current().record("renewed", true);
                self.execute_traced(request, &mut None, started, api.attempts)
                    .await
            }
            (outcome, _) => outcome,
        }
    }

    async fn execute_traced(
        &self,
        request: &Request,
        sent: &mut Sent,
        started: Instant,
        earlier_attempts: u32,
    ) -> Result<(u16, bytes::Bytes)> {
        let inner = &self.inner;
        // A deadline too far to represent is no deadline at all.
        let deadline = started.checked_add(inner.deadline);
        let mut attempts = earlier_attempts;
        let mut earlier_may_have_applied = false;
        loop {
            attempts += 1;
            let failed = match self.timed_attempt(request, attempts, deadline, sent).await {
                Ok(answer) => {
                    record_outcome(Some(answer.0), attempts, started);
                    return Ok(answer);
                }
                Err(failed) => failed,
            };
            record_outcome(failed.error.status(), attempts, started);
            let verdict = if attempts - earlier_attempts > inner.retry.retries() {
                Verdict::Stop
            } else {
                retry::classify(
                    &failed.error,
                    request.operation.idempotent,
                    failed.reached_server,
                )
            };
            let wait = match verdict {
                Verdict::Retry {
                    retry_after: Some(after),
                } if inner.retry.honours(after) => Some(after),
                Verdict::Retry { retry_after: None } => Some(
                    inner
                        .retry
                        .jittered_backoff(attempts - earlier_attempts - 1),
                ),
                Verdict::Retry { .. } | Verdict::Stop => None,
            };
            // A wait that would end past the deadline is not started: the caller gets the
            // last failure now rather than a timeout later.
            let fits = |wait: &Duration| match (Instant::now().checked_add(*wait), deadline) {
                (Some(end), Some(deadline)) => end < deadline,
                (Some(_), None) => true,
                (None, _) => false,
            };
            let Some(wait) = wait.filter(fits) else {
                let error = match failed.error {
                    Error::Timeout { .. } => Error::Timeout {
                        attempts,
                        elapsed: started.elapsed(),
                        request: None,
                    },
                    error => error,
                };
                return Err(error.after_attempts(attempts, earlier_may_have_applied));
            };
            earlier_may_have_applied |= failed.may_have_applied();
            tracing::debug!(
                attempt = attempts,
                failure = failed.error.kind().as_str(),
                wait_ms = wait.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt, cut at the per-attempt timeout or the deadline, whichever comes first.
    async fn timed_attempt(
        &self,
        request: &Request,
        number: u32,
        deadline: Option<Instant>,
        sent: &mut Sent,
    ) -> Result<(u16, bytes::Bytes), Failed> {
        let left = deadline.map_or(Duration::MAX, |deadline| {
            deadline.saturating_duration_since(Instant::now())
        });
        let limit = self.inner.timeout.min(left);
        let span = tracing::trace_span!(
            "livechat.attempt",
            attempt = number,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let outcome = tokio::time::timeout(limit, self.attempt(request, sent))
            .instrument(span.clone())
            .await
            .unwrap_or_else(|_| {
                Err(Failed {
                    error: Error::Timeout {
                        attempts: number,
                        elapsed: Duration::ZERO,
                        request: None,
                    },
                    // The timer may have fired while connecting, but nothing proves it.
                    reached_server: true,
                })
            });
        let status = match &outcome {
            Ok((status, _)) => Some(*status),
            Err(failed) => failed.error.status(),
        };
        if let Some(status) = status {
            span.record("status", status);
        }
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        outcome
    }

    async fn attempt(
        &self,
        request: &Request,
        sent: &mut Sent,
    ) -> Result<(u16, bytes::Bytes), Failed> {
        let inner = &self.inner;
        let operation = request.operation;
        let mut url = format!("{}{}", inner.base_url, request.path);
        if !request.query.is_empty() {
            url.push('?');
            url.push_str(&encode::form(&request.query));
        }
        let method = match operation.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = inner
            .http
            .request(method, url)
            .header("X-API-Version", API_VERSION)
            .header(header::USER_AGENT, USER_AGENT)
            .header(header::ACCEPT, "application/json");
        if !inner.headers.is_empty() {
            builder = builder.headers(inner.headers.clone());
        }
        if operation.authenticated {
            // Nothing was sent when the source fails.
            let auth = inner.auth.headers(sent).await.map_err(|error| Failed {
                error,
                reached_server: false,
            })?;
            let Some(authorization) = auth.authorization else {
                return Err(Failed {
                    error: Error::InvalidInput(format!(
                        "`{}` needs credentials, and this client was built with Credentials::none()",
                        operation.name
                    )),
                    reached_server: false,
                });
            };
            builder = builder.header(header::AUTHORIZATION, authorization);
            if let Some(region) = auth.region {
                builder = builder.header("X-Region", region);
            }
        }
        if !request.body.is_empty() {
            let encoding = if inner.json_bodies {
                Encoding::Json
            } else {
                operation.encoding
            };
            builder = match encoding {
                Encoding::Form => builder
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(encode::form(&request.body)),
                Encoding::Json => builder
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(encode::json(&request.body)),
            };
        }
        let mut response = builder.send().await.map_err(Failed::sending)?;
        let status = response.status().as_u16();
        inner
            .deprecations
            .check(operation.method, operation.template, response.headers());
        if (300..400).contains(&status) {
            return Err(Failed::answered(Error::Redirect {
                status,
                location: redirect_target(&response),
                attempts: 1,
                request: None,
            }));
        }
        if (200..300).contains(&status) {
            let body = read_success(&mut response, status).await?;
            return Ok((status, body));
        }
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|value| retry::parse_retry_after(value.as_bytes()));
        let (body, truncated) = read_error(&mut response).await?;
        Err(Failed::answered(Error::from_answer(
            status,
            &body,
            truncated,
            retry_after,
        )))
    }
}

/// A failed attempt, with what the retry decision needs to know beyond the error.
struct Failed {
    error: Error,
    /// False only when the connection could not be opened: then nothing was sent.
    reached_server: bool,
}

impl Failed {
    fn answered(error: Error) -> Failed {
        Failed {
            error,
            reached_server: true,
        }
    }

    fn sending(error: reqwest::Error) -> Failed {
        // A connect error happens before the first byte of the request is written,
        // so even a create may be sent again after one.
        let reached_server = !error.is_connect();
        let error = if error.is_builder() {
            // The request could not be formed (e.g. a URL too long for HTTP): nothing was
            // sent, and sending again fails the same way.
            let cause = std::error::Error::source(&error)
                .map(|cause| format!(": {cause}"))
                .unwrap_or_default();
            Error::InvalidInput(format!("cannot form the HTTP request{cause}"))
        } else {
            transport(error, Phase::Sending)
        };
        Failed {
            error,
            reached_server,
        }
    }

    fn reading(error: reqwest::Error) -> Failed {
        Failed::answered(transport(error, Phase::Reading))
    }

    /// Whether LiveChat may have applied the request although it gave no clear answer.
    fn may_have_applied(&self) -> bool {
        match &self.error {
            Error::Timeout { .. } | Error::Transport { .. } => self.reached_server,
            Error::Api(api) => api.status >= 500,
            _ => false,
        }
    }
}

fn transport(error: reqwest::Error, phase: Phase) -> Error {
    if error.is_timeout() {
        // From a caller-supplied client with a timeout of its own.
        Error::Timeout {
            attempts: 1,
            elapsed: Duration::ZERO,
            request: None,
        }
    } else {
        let cause = transport_cause::classify(&error, phase);
        // The URL carries no secret, but it may carry a caller's query values: leave it out.
        Error::Transport {
            source: Box::new(error.without_url()),
            cause,
            attempts: 1,
            request: None,
        }
    }
}

fn record_outcome(status: Option<u16>, attempts: u32, started: Instant) {
    let span = tracing::Span::current();
    if let Some(status) = status {
        span.record("status", status);
    }
    span.record("attempts", attempts);
    span.record("latency_ms", started.elapsed().as_millis() as u64);
}

/// Reads a 2xx body of at most [`RESPONSE_BODY_LIMIT`] bytes, refusing an announced
/// larger one before reading any of it.
async fn read_success(
    response: &mut reqwest::Response,
    status: u16,
) -> Result<bytes::Bytes, Failed> {
    let too_large = |size: String| {
        Failed::answered(Error::Decode {
            path: ".".into(),
            message: format!(
                "the body is {size} bytes, more than the limit of {RESPONSE_BODY_LIMIT}"
            ),
            status: Some(status),
            snippet: String::new(),
            request: None,
        })
    };
    let announced = response.content_length();
    if let Some(length) = announced
        && length > RESPONSE_BODY_LIMIT as u64
    {
        return Err(too_large(length.to_string()));
    }
    let expected = announced.map_or(0, |length| length as usize);
    let mut body = bytes::BytesMut::with_capacity(expected);
    while let Some(chunk) = response.chunk().await.map_err(Failed::reading)? {
        if body.len() + chunk.len() > RESPONSE_BODY_LIMIT {
            return Err(too_large("more than that".into()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Reads at most [`ERROR_BODY_LIMIT`] bytes of a non-2xx body; whether more was there.
async fn read_error(response: &mut reqwest::Response) -> Result<(bytes::BytesMut, bool), Failed> {
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(Failed::reading)? {
        let room = ERROR_BODY_LIMIT - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            // The rest is never read: dropping the response closes the connection.
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

/// A redirect's `Location`, resolved against the request and stripped of user info, query
/// and fragment, which may carry secrets.
fn redirect_target(response: &reqwest::Response) -> Option<String> {
    let raw = response.headers().get(header::LOCATION)?;
    let text = String::from_utf8_lossy(raw.as_bytes());
    let mut target = response.url().join(&text).ok()?;
    // Both fail only for URLs that cannot have user info, which then carry none.
    let _ = target.set_username("");
    let _ = target.set_password(None);
    target.set_query(None);
    target.set_fragment(None);
    let mut target = String::from(target);
    if let Some((cut, _)) = target.char_indices().nth(LOCATION_LIMIT) {
        target.truncate(cut);
        target.push_str("...");
    }
    Some(target)
}

/// Decodes a 2xx body, naming the JSON path of the first mismatch.
///
/// The whole body must be one JSON value: anything but whitespace after it is an error,
/// so a truncated concatenation or a proxy's appended page is never taken for an answer.
pub(crate) fn decode<T: DeserializeOwned>(status: Option<u16>, body: &[u8]) -> Result<T> {
    let fail = |path: String, message: String| Error::Decode {
        path,
        message,
        status,
        snippet: snippet(body, 200),
        request: None,
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(fail(".".into(), "the body is empty".into()));
    }
    // Tracking the path costs a String per key; pay it only to explain a failure.
    // Checking UTF-8 once for the whole body is cheaper than serde_json checking every
    // string on its own; a body that fails the check gets serde_json's own error below.
    let untracked = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    let untracked = match untracked {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(deserializer) {
        Err(error) => {
            let path = error.path().to_string();
            let (path, message) = crate::tolerant::error_path(path, error.into_inner().to_string());
            Err(fail(path, message))
        }
        // The value itself was fine, so what failed lies after it (trailing data).
        Ok(_) => Err(fail(".".into(), untracked.to_string())),
    }
}

#[cfg(test)]
mod decode_tests {
    use super::*;
    use crate::models::ChatList;

    fn decode_error<T: DeserializeOwned + std::fmt::Debug>(body: &[u8]) -> (String, String) {
        match decode::<T>(Some(200), body) {
            Err(Error::Decode { path, message, .. }) => (path, message),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn data_after_the_value_is_refused() {
        for body in [
            &br#"{"chats": [], "total": 0, "pages": 1} {"chats": []}"#[..],
            br#"{"chats": [], "total": 0, "pages": 1}x"#,
            br#"{"chats": [], "total": 0, "pages": 1}]"#,
        ] {
            let (path, message) = decode_error::<ChatList>(body);
            assert_eq!(path, ".");
            assert!(message.starts_with("trailing characters"), "{message}");
        }
        let whitespace = b"{\"chats\": [], \"total\": 0, \"pages\": 1}\r\n\t ";
        assert!(decode::<ChatList>(Some(200), whitespace).is_ok());
    }

    #[test]
    fn webhook_bodies_with_data_after_the_value_are_refused() {
        let first = r#"{"event_type": "chat_started", "token": "t", "license_id": "1"}"#;
        let body = format!(r#"{first}{{"event_type": "chat_started"}}"#);
        let error = crate::webhook::parse(body.as_bytes()).unwrap_err();
        assert!(
            matches!(&error, Error::Decode { status: None, path, message, .. }
                if path == "." && message.starts_with("trailing characters")),
            "{error:?}"
        );
        assert!(crate::webhook::parse(&body.as_bytes()[..first.len()]).is_ok());
    }

    #[test]
    fn a_failure_names_the_path_of_the_bad_value() {
        let body = br#"{"chats": [{"id": "a"}, {"id": "b", "visitor": {"id": "v", "ip": 5, "name": [1]}}], "total": 2, "pages": 1}"#;
        let (path, message) = decode_error::<ChatList>(body);
        assert_eq!(path, "chats[1].visitor.name");
        assert!(message.starts_with("invalid type: sequence"), "{message}");
    }

    #[test]
    fn a_missing_required_field_names_its_path() {
        let chat =
            |id: &str| format!(r#"{{{id}"visitor": {{"id": "v"}}, "started_timestamp": 1}}"#);
        let chats = [
            chat(r#""id": "a", "#),
            chat(r#""id": "b", "#),
            chat(r#""id": "c", "#),
            chat(""),
        ];
        let body = format!(
            r#"{{"chats": [{}], "total": 4, "pages": 1}}"#,
            chats.join(", ")
        );
        let (path, message) = decode_error::<ChatList>(body.as_bytes());
        assert_eq!(path, "chats[3].id");
        assert!(message.starts_with("missing field `id`"), "{message}");
    }

    #[test]
    fn a_missing_required_field_inside_a_union_names_its_path() {
        let body = br#"{"chats": [{"id": "a", "events": [{"type": "message", "text": "hi", "timestamp": 1}, {"type": "message", "text": "hi"}]}], "total": 1, "pages": 1}"#;
        let (path, message) = decode_error::<ChatList>(body);
        assert_eq!(path, "chats[0].events[1].timestamp");
        assert!(
            message.starts_with("missing field `timestamp`"),
            "{message}"
        );

        let body = br#"{"tickets": [{"id": "T", "requester": {"mail": "m"}, "events": [{"type": "message", "date": 1, "message": "m", "author": {"name": "n"}}]}], "total": 1, "pages": 1}"#;
        let (path, message) = decode_error::<crate::models::TicketList>(body);
        assert_eq!(path, "tickets[0].events[0].author.id");
        assert!(message.starts_with("missing field `id`"), "{message}");
        assert_eq!(message.matches(" at line ").count(), 1, "{message}");
    }

    #[test]
    fn an_empty_identity_field_is_a_decode_error_and_an_empty_string_is_kept() {
        let (path, message) =
            decode_error::<ChatList>(br#"{"chats": [{"id": null}], "total": 1, "pages": 1}"#);
        assert_eq!(path, "chats[0].id");
        assert!(message.starts_with("a value is required here"), "{message}");
        let list: ChatList = decode(
            Some(200),
            br#"{"chats": [{"id": ""}], "total": "1", "pages": 1}"#,
        )
        .unwrap();
        assert_eq!((list.chats[0].id.as_str(), list.total), ("", 1));
    }

    #[test]
    fn a_failure_inside_a_union_names_its_place_in_the_union() {
        let body = br#"{"chats": [{"id": "a", "events": [{"type": "event", "timestamp": 1}, {"type": "message", "timestamp": "soon"}]}], "total": 1, "pages": 1}"#;
        let (path, message) = decode_error::<ChatList>(body);
        assert_eq!(path, "chats[0].events[1].timestamp");
        assert!(
            message.starts_with("invalid value: string \"soon\""),
            "{message}"
        );
        // One position, the outer parser's: none from inside the union's copied text.
        assert_eq!(message.matches(" at line ").count(), 1, "{message}");
    }

    #[test]
    fn invalid_utf8_is_a_decode_error_naming_its_place() {
        let (path, message) = decode_error::<ChatList>(b"{\"chats\": [{\"id\": \"a\xff\"}]}");
        assert_eq!(path, "chats[0].id");
        assert!(
            message.starts_with("invalid unicode code point"),
            "{message}"
        );
        let (_, message) =
            decode_error::<ChatList>(b"{\"chats\": [], \"total\": 0, \"pages\": 1}\xff");
        assert!(message.starts_with("trailing characters"), "{message}");
    }

    #[test]
    fn syntax_errors_name_where_parsing_stopped() {
        let (path, message) = decode_error::<ChatList>(br#"{"chats": [{"id": "a"}, {"id": }]}"#);
        assert_eq!(path, "chats[1].id");
        assert!(
            message.starts_with("expected value at line 1 column"),
            "{message}"
        );
    }
}

impl ClientBuilder {
    fn new(auth: AuthConfig) -> ClientBuilder {
        ClientBuilder {
            auth,
            headers: Vec::new(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            deadline: DEFAULT_DEADLINE,
            retry: RetryPolicy::default(),
            http: None,
            json_bodies: false,
        }
    }

    /// Sends requests to another base URL, e.g. a fake server in tests. Only `https://`
    /// is accepted, except for loopback addresses (`127.0.0.0/8`, `[::1]`, `localhost`),
    /// where `http://` is allowed too.
    ///
    /// ```
    /// use livechat_api::{Client, Credentials, ErrorKind};
    ///
    /// let credentials = Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb");
    /// let local = Client::builder(credentials.clone()).base_url("http://127.0.0.1:8080/").build()?;
    /// assert_eq!(local.base_url(), "http://127.0.0.1:8080");
    ///
    /// // Plain HTTP to another host would carry the credentials unencrypted.
    /// let error = Client::builder(credentials)
    ///     .base_url("http://api.example.com/")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidInput);
    /// # Ok::<(), livechat_api::Error>(())
    /// ```
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Time allowed to open a connection (default 10 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt, from sending to the last byte of the answer
    /// (default 30 s). The [`deadline`](Self::deadline) bounds the whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time a whole call may take, from its first attempt to its answer, retries and
    /// the waits between them included (default [`DEFAULT_DEADLINE`], 60 s). Each attempt
    /// gets the per-attempt [`timeout`](Self::timeout) or what is left of this, whichever
    /// is shorter, and no wait between attempts runs past it.
    ///
    /// Here every read of the agents is held back for two seconds, so each attempt times
    /// out; the deadline ends the call long before ten retries have run:
    ///
    /// ```
    /// # #[tokio::main]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use livechat_api::{Client, ErrorKind};
    /// use livechat_fake::{FakeLiveChat, Fault};
    /// use reqwest::Method;
    ///
    /// let fake = FakeLiveChat::start().await?;
    /// fake.inject(Fault::latency(Duration::from_secs(2)).on(Method::GET, "/agents"));
    ///
    /// let client = Client::builder(fake.credentials())
    ///     .base_url(fake.base_url())
    ///     .timeout(Duration::from_millis(100))
    ///     .max_retries(10)
    ///     .deadline(Duration::from_millis(400))
    ///     .build()?;
    /// let error = client.agents().list().send().await.unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::Timeout);
    /// assert!(error.attempts().is_some_and(|attempts| attempts < 11));
    /// # Ok(())
    /// # }
    /// ```
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// How failed requests are repeated; [`RetryPolicy::none`] turns retries off. See
    /// [`RetryPolicy`] for which failures are repeated and the default numbers.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Shorthand for [`RetryPolicy::max_retries`] on the client's policy (default 2;
    /// 0 turns retries off).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry = self.retry.max_retries(retries);
        self
    }

    /// Shorthand for [`RetryPolicy::initial_backoff`] on the client's policy (default
    /// 200 ms).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.retry = self.retry.initial_backoff(backoff);
        self
    }

    /// Uses a `reqwest::Client` you configured (proxies, TLS roots, pools). The connect
    /// timeout is then that client's; the per-attempt timeout and the deadline still apply.
    ///
    /// The client this library builds follows no redirect. One you pass in follows
    /// whatever its own redirect policy allows (reqwest's default follows up to 10, and
    /// re-sends `PUT`/`POST` bodies on 307/308), so set
    /// `reqwest::redirect::Policy::none()` on it unless you want that; a 3xx answer that
    /// reaches this library is [`Error::Redirect`] either way.
    ///
    /// With the default `rustls-ring` feature, reqwest is built without a TLS crypto
    /// provider of its own, and `reqwest::Client::builder().build()` panics unless the
    /// process has one: install ring's (with the `rustls` crate) before building your
    /// client, as this library does before building its own.
    ///
    /// ```
    /// use std::time::Duration;
    /// use livechat_api::{Client, Credentials};
    ///
    /// // An error only means that a provider is installed already.
    /// let _ = rustls::crypto::ring::default_provider().install_default();
    /// let http = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .connect_timeout(Duration::from_secs(3))
    ///     .pool_idle_timeout(Duration::from_secs(30))
    ///     .build()
    ///     .expect("a valid reqwest configuration");
    /// let client = Client::builder(Credentials::bearer("dal-Wm9vLWJhci1iYXo"))
    ///     .http_client(http)
    ///     .build()?;
    /// # drop(client);
    /// # Ok::<(), livechat_api::Error>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends every request body as JSON instead of the PHP-style form the reference
    /// documents first. LiveChat reads both; JSON keeps numbers and booleans typed.
    pub fn json_bodies(mut self, json: bool) -> Self {
        self.json_bodies = json;
        self
    }

    /// Adds a header to every request, e.g. a trace id. A second value for the same
    /// name replaces the first; it replaces the client's own `User-Agent` or `Accept`
    /// too. [`build`](Self::build) refuses a name or value HTTP cannot carry, and the
    /// headers the client must control: `Authorization`, `X-API-Version`,
    /// `Content-Type`, `Content-Length`, `Transfer-Encoding` and `Host`.
    ///
    /// The value is kept out of the builder's and the client's `Debug`, as it may be a
    /// secret of the application:
    ///
    /// ```
    /// # #[tokio::main]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use livechat_api::{Client, ErrorKind};
    /// # let fake = livechat_fake::FakeLiveChat::start().await?;
    ///
    /// let client = Client::builder(fake.credentials())
    ///     .base_url(fake.base_url())
    ///     .header("X-Correlation-Id", "3f9a1c")
    ///     .build()?;
    /// assert!(!format!("{client:?}").contains("3f9a1c"));
    /// client.agents().list().send().await?;
    ///
    /// let refused = Client::builder(fake.credentials()).header("X-API-Version", "3").build();
    /// assert_eq!(refused.unwrap_err().kind(), ErrorKind::InvalidInput);
    /// # Ok(())
    /// # }
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), Secret::from(value.into())));
        self
    }

    /// Checks the configuration and makes the client: the credentials (see
    /// [`Credentials`]), the base URL and the custom headers. Any of them at fault is an
    /// [`Error::InvalidInput`] that says which; a secret value is never repeated in it.
    pub fn build(self) -> Result<Client> {
        let auth = Auth::new(self.auth, self.timeout)?;
        let base_url = check_base_url(&self.base_url)?;
        let headers = custom_headers::check(&self.headers)?;
        let http = match self.http {
            Some(http) => http,
            None => {
                install_crypto_provider();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    // A redirect could carry a body with credentials to another origin, or
                    // turn a write into a read that "succeeds" (303): each is an error instead.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|error| Error::InvalidInput(format!("cannot set up HTTP: {error}")))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                headers,
                deprecations: Deprecations::default(),
                timeout: self.timeout,
                deadline: self.deadline,
                retry: self.retry,
                json_bodies: self.json_bodies,
            }),
        })
    }
}

/// With the `rustls-ring` feature reqwest brings no crypto provider of its own: install
/// ring as the process default unless the application installed one already.
fn install_crypto_provider() {
    #[cfg(feature = "rustls-ring")]
    {
        // An error only means a provider is already installed, which is what we need.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

fn check_base_url(text: &str) -> Result<String> {
    let invalid = |why: &str| Error::InvalidInput(format!("base URL {text:?} {why}"));
    let url =
        reqwest::Url::parse(text).map_err(|error| invalid(&format!("is not a URL: {error}")))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or a fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "must not carry credentials; pass them as Credentials",
        ));
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(invalid(
                "uses plain http: credentials would travel unencrypted; use https (http is allowed for loopback addresses only)",
            ));
        }
        _ => return Err(invalid("must use https")),
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            check_base_url("https://api.livechatinc.com/").unwrap(),
            "https://api.livechatinc.com"
        );
        assert_eq!(
            check_base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            check_base_url("http://localhost:1/v2/").unwrap(),
            "http://localhost:1/v2"
        );
        assert!(check_base_url("http://[::1]:9/").is_ok());
        for refused in [
            "http://api.livechatinc.com/",
            "ftp://x/",
            "https://u:p@x/",
            "https://x/?a=1",
            "nonsense",
        ] {
            assert!(
                matches!(check_base_url(refused), Err(Error::InvalidInput(_))),
                "{refused}"
            );
        }
    }

    #[test]
    fn empty_and_broken_bodies_are_decode_errors() {
        for body in [&b""[..], b"  \n", b"<html>oops</html>", b"{\"a\":"] {
            let error = decode::<serde_json::Value>(Some(200), body).unwrap_err();
            assert!(
                matches!(
                    error,
                    Error::Decode {
                        status: Some(200),
                        ..
                    }
                ),
                "{error}"
            );
        }
    }
}
