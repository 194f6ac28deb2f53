//! The one error type of the library.

use std::fmt;
use std::time::Duration;

/// What went wrong with a call.
///
/// Every variant's `Display` says what happened and, where there is one, what to do.
/// Errors of a sent request start with that request's method, path template and
/// operation name, e.g. ``"`GET /agents/{login}` (agents.get): LiveChat found no such
/// resource (HTTP 404: ...)"``; [`request`](Error::request) gives them. The values the
/// caller put into the path or the query never appear.
/// [`kind`](Error::kind) classifies an error without matching on its variants,
/// [`status`](Error::status) gives the HTTP status when LiveChat answered, and
/// [`is_retryable`](Error::is_retryable) tells whether trying again may help. The
/// [guide](crate::guide#errors) has a table of what each kind means and how to act on it.
///
/// ```
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let fake = livechat_fake::FakeLiveChat::start().await?;
/// # let client = fake.client();
/// use livechat_api::Error;
///
/// match client.agents().get("nobody@example.com").send().await {
///     Ok(_agent) => unreachable!("the fake has no such agent"),
///     // The variants carry the details: here LiveChat's own message.
///     Err(Error::NotFound(api)) => assert_eq!(api.messages, ["Agent not found"]),
///     Err(other) => return Err(other.into()),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// 401: the credentials were refused.
    Unauthorized(ApiError),
    /// 404: the resource does not exist (or the path is not an API method).
    NotFound(ApiError),
    /// Any other answer outside 2xx: the request was wrong (400) or LiveChat failed (5xx).
    Api(ApiError),
    /// A 2xx answer (or a webhook delivery) whose body is not what was expected.
    Decode {
        /// Where in the JSON the problem is, e.g. `chats[3].visitor.id`; `.` for the root.
        path: String,
        /// What is wrong there.
        message: String,
        /// The HTTP status of the answer; `None` for a webhook body.
        status: Option<u16>,
        /// The start of the body, to see what was sent instead.
        snippet: String,
        /// The request whose answer this was; `None` for a webhook body.
        request: Option<RequestInfo>,
    },
    /// LiveChat answered with a redirect (3xx). Redirects are never followed: one could
    /// send a request body, credentials included, to another server, or turn an update into
    /// a read that reports success. A base URL that redirects needs changing.
    Redirect {
        /// The 3xx status.
        status: u16,
        /// Where the answer pointed, without user info, query or fragment; `None` if the
        /// answer had no readable `Location`.
        location: Option<String>,
        /// How many attempts were sent, this one included.
        attempts: u32,
        /// The request that was redirected.
        request: Option<RequestInfo>,
    },
    /// No complete answer within the per-attempt timeout, or the overall deadline passed.
    Timeout {
        /// How many attempts were sent.
        attempts: u32,
        /// The time spent on the call, from the first attempt to giving up.
        elapsed: Duration,
        /// The request that timed out.
        request: Option<RequestInfo>,
    },
    /// The request could not be sent or its answer not read (DNS, TLS, connection).
    ///
    /// `Display` names the [`cause`](TransportCause) but not the text of `source`, which
    /// [`source()`](std::error::Error::source) gives, so that reporters printing the
    /// whole chain show it once.
    Transport {
        /// What failed.
        source: Box<dyn std::error::Error + Send + Sync>,
        /// Why, as far as the source tells.
        cause: TransportCause,
        /// How many attempts were sent, this one included.
        attempts: u32,
        /// The request that could not be sent or whose answer was lost.
        request: Option<RequestInfo>,
    },
    /// A value given to the library cannot be sent; nothing was sent.
    InvalidInput(String),
    /// The client's [`TokenSource`](crate::TokenSource) failed to give credentials; the
    /// request was not sent (or, after a 401, not repeated).
    TokenSource(crate::TokenSourceError),
}

/// An answer of LiveChat outside the 2xx range.
///
/// `Debug` shows the start of the body with the values of secret keys hidden (see
/// [`Error`]'s `Display`); the `body` field itself is the body as received.
///
/// ```
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let fake = livechat_fake::FakeLiveChat::start().await?;
/// # let client = fake.client();
/// let error = client.agents().get("nobody@example.com").send().await.unwrap_err();
/// let api = error.api_error().expect("LiveChat answered");
/// assert_eq!(api.status, 404);
/// assert_eq!(api.messages, ["Agent not found"]);
/// assert!(api.body.contains("Agent not found"));
/// assert_eq!(api.attempts, 1);
/// assert_eq!(api.retry_after, None);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The messages LiveChat gave, from `{"error": ".."}` or `{"errors": [..]}`; empty if
    /// the body held none.
    pub messages: Vec<String>,
    /// The body as received (lossily decoded as UTF-8), at most
    /// [`ERROR_BODY_LIMIT`](crate::ERROR_BODY_LIMIT) bytes of it.
    pub body: String,
    /// Whether the body was longer than the limit and only its start was read.
    pub truncated: bool,
    /// The wait the answer's `Retry-After` header asked for, if it had one.
    pub retry_after: Option<Duration>,
    /// How many attempts were sent, this one included.
    pub attempts: u32,
    /// Whether an earlier attempt of the same request ended without a clear answer (a
    /// timeout, a lost connection or a 5xx), so that LiveChat may have applied it. A
    /// `DELETE` answered 404 with this set most likely removed the resource on that
    /// earlier attempt.
    pub earlier_attempt_may_have_applied: bool,
    /// The request LiveChat answered.
    pub request: Option<RequestInfo>,
}

/// Which request an error belongs to: the method, the path template and the operation
/// name, e.g. `GET /agents/{login}` (`agents.get`).
///
/// Only the template is kept, never the path sent: the path carries caller values
/// (logins, ids, e-mail addresses), and neither query values nor credentials are kept.
///
/// ```
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let fake = livechat_fake::FakeLiveChat::start().await?;
/// # let client = fake.client();
/// let error = client.agents().get("jenny@mycompany.com").send().await.unwrap_err();
/// let request = error.request().expect("the request was sent");
/// assert_eq!(request.to_string(), "`GET /agents/{login}` (agents.get)");
/// assert_eq!(request.operation(), "agents.get");
/// // The login the caller passed stays out of the error.
/// assert!(!error.to_string().contains("jenny"));
/// # Ok(())
/// # }
/// ```
// One pointer to the operation's description: errors travel in every `Result`, so they
// stay small.
#[derive(Clone, Copy)]
pub struct RequestInfo {
    operation: &'static crate::request::Operation,
}

impl RequestInfo {
    pub(crate) fn of(operation: &'static crate::request::Operation) -> Self {
        RequestInfo { operation }
    }

    /// The operation's name, `resource.endpoint`, e.g. `agents.get`.
    pub fn operation(&self) -> &'static str {
        self.operation.name
    }

    /// The HTTP method, e.g. `GET`.
    pub fn method(&self) -> &'static str {
        self.operation.method.as_str()
    }

    /// The path template, e.g. `/agents/{login}`.
    pub fn path_template(&self) -> &'static str {
        self.operation.template
    }

    fn facts(&self) -> (&'static str, &'static str, &'static str) {
        (self.operation(), self.method(), self.path_template())
    }
}

impl PartialEq for RequestInfo {
    fn eq(&self, other: &Self) -> bool {
        self.facts() == other.facts()
    }
}

impl Eq for RequestInfo {}

impl fmt::Debug for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestInfo")
            .field("operation", &self.operation())
            .field("method", &self.method())
            .field("path_template", &self.path_template())
            .finish()
    }
}

impl fmt::Display for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{} {}` ({})",
            self.method(),
            self.path_template(),
            self.operation()
        )
    }
}

/// Why a [`Transport`](Error::Transport) error happened, read from its source chain.
///
/// [`Error::kind`] gives the same split without matching on the variant.
///
/// ```
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use livechat_api::{Client, Credentials, Error, RetryPolicy, TransportCause};
///
/// // A loopback port with nothing listening on it.
/// let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
/// let client = Client::builder(Credentials::bearer("dal-Wm9vLWJhci1iYXo"))
///     .base_url(format!("http://127.0.0.1:{port}"))
///     .retry(RetryPolicy::none())
///     .build()?;
///
/// match client.agents().list().send().await {
///     Err(Error::Transport { cause, attempts, .. }) => {
///         assert_eq!(cause, TransportCause::ConnectionRefused);
///         assert_eq!(attempts, 1);
///     }
///     other => panic!("expected a refused connection, got {other:?}"),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportCause {
    /// Nothing accepted the connection at that address and port.
    ConnectionRefused,
    /// The host name could not be resolved.
    Dns,
    /// The TLS handshake failed, e.g. the server's certificate was refused.
    Tls,
    /// The connection was reset or closed before the answer was complete.
    ConnectionClosed,
    /// The connection could not be opened, for another reason.
    Connect,
    /// Something else went wrong while sending or reading.
    Other,
}

impl TransportCause {
    fn describe(self) -> &'static str {
        match self {
            TransportCause::ConnectionRefused => "the connection was refused",
            TransportCause::Dns => "the host name could not be resolved (DNS lookup failed)",
            TransportCause::Tls => {
                "the TLS handshake failed (certificate refused or no common protocol)"
            }
            TransportCause::ConnectionClosed => {
                "the connection was reset or closed before the answer was complete"
            }
            TransportCause::Connect => "the connection could not be opened",
            TransportCause::Other => "the request could not be sent or its answer not read",
        }
    }
}

/// What kind of failure an [`Error`] is, to classify it without matching on [`Error`]
/// itself. See [`Error::kind`], and the [guide](crate::guide#errors) for how to act on
/// each kind.
///
/// [`as_str`](ErrorKind::as_str) gives a stable label for logs and metrics:
///
/// ```
/// use livechat_api::{Client, Credentials, ErrorKind};
///
/// let error = Client::new(Credentials::basic("john:doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb"))
///     .unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::InvalidInput);
/// assert_eq!(error.kind().as_str(), "invalid_input");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::Unauthorized`].
    Unauthorized,
    /// [`Error::NotFound`].
    NotFound,
    /// [`Error::Api`].
    Api,
    /// [`Error::Decode`].
    Decode,
    /// [`Error::Redirect`].
    Redirect,
    /// [`Error::Timeout`].
    Timeout,
    /// [`Error::Transport`] with [`TransportCause::ConnectionRefused`].
    ConnectionRefused,
    /// [`Error::Transport`] with [`TransportCause::Dns`].
    Dns,
    /// [`Error::Transport`] with [`TransportCause::Tls`].
    Tls,
    /// [`Error::Transport`] with [`TransportCause::ConnectionClosed`].
    ConnectionClosed,
    /// [`Error::Transport`] with [`TransportCause::Connect`].
    Connect,
    /// [`Error::Transport`] with [`TransportCause::Other`].
    Transport,
    /// [`Error::InvalidInput`].
    InvalidInput,
    /// [`Error::TokenSource`].
    TokenSource,
}

impl ErrorKind {
    /// A short stable name, e.g. `not_found` or `dns`, for logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Api => "api",
            ErrorKind::Decode => "decode",
            ErrorKind::Redirect => "redirect",
            ErrorKind::Timeout => "timeout",
            ErrorKind::ConnectionRefused => "connection_refused",
            ErrorKind::Dns => "dns",
            ErrorKind::Tls => "tls",
            ErrorKind::ConnectionClosed => "connection_closed",
            ErrorKind::Connect => "connect",
            ErrorKind::Transport => "transport",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::TokenSource => "token_source",
        }
    }
}

impl Error {
    /// The HTTP status of LiveChat's answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized(api) | Error::NotFound(api) | Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } => *status,
            Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error, for the variants that carry one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Unauthorized(api) | Error::NotFound(api) | Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Whether the same request may succeed if sent again: timeouts, connection
    /// failures other than a refused TLS certificate, 429 and 5xx answers. The client
    /// retries these by itself within its [`RetryPolicy`](crate::RetryPolicy).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => {
                !crate::retry::is_permanent_transport(source.as_ref())
            }
            Error::Api(api) => crate::retry::retryable_status(api.status),
            _ => false,
        }
    }

    /// How many attempts the call sent before this error: more than 1 when it was
    /// retried. `Some(0)` for [`InvalidInput`](Error::InvalidInput) (nothing was sent);
    /// `None` for a [`Decode`](Error::Decode) or [`TokenSource`](Error::TokenSource) error.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Unauthorized(api) | Error::NotFound(api) | Error::Api(api) => Some(api.attempts),
            Error::Redirect { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Transport { attempts, .. } => Some(*attempts),
            Error::InvalidInput(_) => Some(0),
            Error::Decode { .. } | Error::TokenSource(_) => None,
        }
    }

    /// The wait LiveChat asked for with `Retry-After`, when the answer had one. When it is
    /// longer than the policy's [`max_retry_after`](crate::RetryPolicy::max_retry_after)
    /// the client did not wait: this tells when to try again.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|api| api.retry_after)
    }

    /// What kind of failure this is, transport failures split by their cause.
    ///
    /// ```
    /// use livechat_api::{Error, ErrorKind};
    ///
    /// fn advice(error: &Error) -> &'static str {
    ///     match error.kind() {
    ///         ErrorKind::Unauthorized => "check the credentials",
    ///         ErrorKind::Dns | ErrorKind::ConnectionRefused => "check the base URL",
    ///         _ if error.is_retryable() => "try again later",
    ///         _ => "see the message",
    ///     }
    /// }
    /// # assert_eq!(advice(&Error::InvalidInput("x".into())), "see the message");
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Unauthorized(_) => ErrorKind::Unauthorized,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Api(_) => ErrorKind::Api,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Redirect { .. } => ErrorKind::Redirect,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Transport { cause, .. } => match cause {
                TransportCause::ConnectionRefused => ErrorKind::ConnectionRefused,
                TransportCause::Dns => ErrorKind::Dns,
                TransportCause::Tls => ErrorKind::Tls,
                TransportCause::ConnectionClosed => ErrorKind::ConnectionClosed,
                TransportCause::Connect => ErrorKind::Connect,
                TransportCause::Other => ErrorKind::Transport,
            },
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::TokenSource(_) => ErrorKind::TokenSource,
        }
    }

    /// The request this error belongs to: method, path template and operation name.
    /// `None` for errors raised before a request existed (invalid input, a token source)
    /// and for webhook bodies.
    pub fn request(&self) -> Option<&RequestInfo> {
        match self {
            Error::Unauthorized(api) | Error::NotFound(api) | Error::Api(api) => {
                api.request.as_ref()
            }
            Error::Decode { request, .. }
            | Error::Redirect { request, .. }
            | Error::Timeout { request, .. }
            | Error::Transport { request, .. } => request.as_ref(),
            Error::InvalidInput(_) | Error::TokenSource(_) => None,
        }
    }

    /// Names the request in an error that does not name one yet.
    pub(crate) fn for_request(mut self, info: RequestInfo) -> Self {
        let slot = match &mut self {
            Error::Unauthorized(api) | Error::NotFound(api) | Error::Api(api) => &mut api.request,
            Error::Decode { request, .. }
            | Error::Redirect { request, .. }
            | Error::Timeout { request, .. }
            | Error::Transport { request, .. } => request,
            Error::InvalidInput(_) | Error::TokenSource(_) => return self,
        };
        slot.get_or_insert(info);
        self
    }

    pub(crate) fn from_answer(
        status: u16,
        body: &[u8],
        truncated: bool,
        retry_after: Option<Duration>,
    ) -> Error {
        let api = ApiError {
            status,
            messages: messages(body),
            body: String::from_utf8_lossy(body).into_owned(),
            truncated,
            retry_after,
            attempts: 1,
            earlier_attempt_may_have_applied: false,
            request: None,
        };
        match status {
            401 => Error::Unauthorized(api),
            404 => Error::NotFound(api),
            _ => Error::Api(api),
        }
    }

    /// Records how the call went before this error: the attempts sent, and whether an
    /// earlier one may have been applied without the client learning it.
    pub(crate) fn after_attempts(mut self, count: u32, earlier_may_have_applied: bool) -> Self {
        match &mut self {
            Error::Unauthorized(api) | Error::NotFound(api) | Error::Api(api) => {
                api.attempts = count;
                api.earlier_attempt_may_have_applied = earlier_may_have_applied;
            }
            Error::Redirect { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Transport { attempts, .. } => *attempts = count,
            Error::Decode { .. } | Error::InvalidInput(_) | Error::TokenSource(_) => {}
        }
        self
    }
}

/// Reads LiveChat's error messages leniently: `{"error": "..."}`, `{"errors": [...]}`, and
/// objects with a `message` inside either.
fn messages(body: &[u8]) -> Vec<String> {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(body) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for key in ["error", "errors", "message"] {
        collect(object.get(key), &mut found);
    }
    found
}

fn collect(value: Option<&serde_json::Value>, found: &mut Vec<String>) {
    match value {
        Some(serde_json::Value::String(text)) if !text.is_empty() => found.push(text.clone()),
        Some(serde_json::Value::Array(items)) => {
            items.iter().for_each(|item| collect(Some(item), found))
        }
        Some(serde_json::Value::Object(object)) => collect(object.get("message"), found),
        _ => {}
    }
}

impl ApiError {
    fn summary(&self) -> String {
        if !self.messages.is_empty() {
            return snippet(self.messages.join("; ").as_bytes(), 500);
        }
        let text = snippet(self.body.as_bytes(), 200);
        if text.trim().is_empty() {
            "no details in the body".into()
        } else {
            format!("body: {text}")
        }
    }
}

/// Shows at most this many characters of the body, secrets hidden.
const DEBUG_BODY_CHARS: usize = 1000;

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<String> = self
            .messages
            .iter()
            .map(|message| snippet(message.as_bytes(), DEBUG_BODY_CHARS))
            .collect();
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("messages", &messages)
            .field("body", &snippet(self.body.as_bytes(), DEBUG_BODY_CHARS))
            .field("truncated", &self.truncated)
            .field("retry_after", &self.retry_after)
            .field("attempts", &self.attempts)
            .field(
                "earlier_attempt_may_have_applied",
                &self.earlier_attempt_may_have_applied,
            )
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

/// The start of a body for messages: surrounding whitespace trimmed, cut after `limit`
/// characters (marked `...`), and the values of secret keys hidden. Only the bytes that can
/// be shown are decoded, so a huge body costs no more than a short one.
pub(crate) fn snippet(body: &[u8], limit: usize) -> String {
    let start = body
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(body.len());
    // A character takes at most 4 bytes: one more character than shown tells whether
    // there is more.
    let window_end = body
        .len()
        .min(start.saturating_add(limit.saturating_add(1).saturating_mul(4)));
    let text = String::from_utf8_lossy(&body[start..window_end]);
    let (shown, cut) = match text.char_indices().nth(limit) {
        Some((cut, _)) => (&text[..cut], true),
        None => (text.trim_end(), false),
    };
    let mut redacted = crate::redact::text(shown);
    if cut {
        redacted.push_str("...");
    }
    redacted
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(request) = self.request() {
            write!(f, "{request}: ")?;
        }
        match self {
            Error::Unauthorized(api) => write!(
                f,
                "LiveChat refused the credentials (HTTP 401: {}); check the login and API key, or the OAuth token and its scopes",
                api.summary()
            ),
            Error::NotFound(api) if api.earlier_attempt_may_have_applied => write!(
                f,
                "LiveChat found no such resource (HTTP 404: {}) on attempt {}; an earlier attempt got no clear answer and may already have applied the request (for a delete: removed the resource)",
                api.summary(),
                api.attempts
            ),
            Error::NotFound(api) => write!(
                f,
                "LiveChat found no such resource (HTTP 404: {})",
                api.summary()
            ),
            Error::Api(api) if api.status >= 500 => write!(
                f,
                "LiveChat failed to handle the request (HTTP {}: {}); it may succeed later",
                api.status,
                api.summary()
            ),
            Error::Api(api) => write!(
                f,
                "LiveChat rejected the request (HTTP {}: {})",
                api.status,
                api.summary()
            ),
            Error::Decode {
                path,
                message,
                status: Some(status),
                snippet,
                ..
            } => write!(
                f,
                "LiveChat's answer (HTTP {status}) does not match this endpoint's response type at `{path}`: {message}; the body starts with: {snippet}"
            ),
            Error::Decode {
                path,
                message,
                status: None,
                snippet,
                ..
            } => write!(
                f,
                "the webhook body is not a LiveChat webhook at `{path}`: {message}; it starts with: {snippet}"
            ),
            Error::Redirect {
                status, location, ..
            } => write!(
                f,
                "LiveChat answered with a redirect (HTTP {status}{}), which is not followed; check the base URL",
                location
                    .as_deref()
                    .map(|to| format!(" to {to}"))
                    .unwrap_or_default()
            ),
            Error::Timeout {
                attempts, elapsed, ..
            } => write!(
                f,
                "LiveChat did not answer in time: gave up after {} over {elapsed:.1?}",
                plural(*attempts, "attempt")
            ),
            // The source's own text stays out: `source()` gives it, and chain-printing
            // reporters would show it twice.
            Error::Transport {
                cause, attempts, ..
            } => write!(
                f,
                "could not talk to LiveChat: {} ({})",
                cause.describe(),
                plural(*attempts, "attempt")
            ),
            Error::InvalidInput(message) => write!(f, "invalid input, nothing was sent: {message}"),
            Error::TokenSource(source) => {
                write!(
                    f,
                    "the token source gave no credentials, so nothing was sent: {source}"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } | Error::TokenSource(source) => Some(source.as_ref()),
            _ => None,
        }
    }
}

fn plural(count: u32, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The result of a call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
