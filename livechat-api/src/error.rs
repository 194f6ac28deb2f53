//! The one error type of the library.

use std::fmt;
use std::time::Duration;

/// What went wrong with a call.
///
/// Every variant's `Display` says what happened and, where there is one, what to do.
/// [`status`](Error::status) gives the HTTP status when LiveChat answered, and
/// [`is_retryable`](Error::is_retryable) tells whether trying again may help.
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
    },
    /// No complete answer within the timeout.
    Timeout(Duration),
    /// The request could not be sent or its answer not read (DNS, TLS, connection).
    Transport(Box<dyn std::error::Error + Send + Sync>),
    /// A value given to the library cannot be sent; nothing was sent.
    InvalidInput(String),
    /// The client's [`TokenSource`](crate::TokenSource) failed to give credentials; the
    /// request was not sent (or, after a 401, not repeated).
    TokenSource(crate::TokenSourceError),
}

/// An answer of LiveChat outside the 2xx range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The messages LiveChat gave, from `{"error": ".."}` or `{"errors": [..]}`; empty if
    /// the body held none.
    pub messages: Vec<String>,
    /// The body as received (lossily decoded as UTF-8).
    pub body: String,
}

impl Error {
    /// The HTTP status of LiveChat's answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized(api) | Error::NotFound(api) | Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } => *status,
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
    /// failures, 429 and 5xx answers. The client retries these by itself for idempotent
    /// requests.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout(_) | Error::Transport(_) => true,
            Error::Api(api) => api.status == 429 || api.status >= 500,
            _ => false,
        }
    }

    pub(crate) fn from_status(status: u16, body: &[u8]) -> Error {
        let api = ApiError {
            status,
            messages: messages(body),
            body: String::from_utf8_lossy(body).into_owned(),
        };
        match status {
            401 => Error::Unauthorized(api),
            404 => Error::NotFound(api),
            _ => Error::Api(api),
        }
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
            return self.messages.join("; ");
        }
        let text = snippet(self.body.as_bytes(), 200);
        if text.trim().is_empty() {
            "no details in the body".into()
        } else {
            format!("body: {text}")
        }
    }
}

/// The start of a body, cut on a character boundary, for messages.
pub(crate) fn snippet(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unauthorized(api) => write!(
                f,
                "LiveChat refused the credentials (HTTP 401: {}); check the login and API key, or the OAuth token and its scopes",
                api.summary()
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
            } => write!(
                f,
                "LiveChat's answer (HTTP {status}) does not match this endpoint's response type at `{path}`: {message}; the body starts with: {snippet}"
            ),
            Error::Decode {
                path,
                message,
                status: None,
                snippet,
            } => write!(
                f,
                "the webhook body is not a LiveChat webhook at `{path}`: {message}; it starts with: {snippet}"
            ),
            Error::Timeout(after) => write!(f, "LiveChat did not answer within {after:?}"),
            Error::Transport(source) => write!(f, "could not talk to LiveChat: {source}"),
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
            Error::Transport(source) | Error::TokenSource(source) => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The result of a call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
