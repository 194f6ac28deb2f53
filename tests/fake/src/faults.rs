//! Faults a test switches on to see how a client copes with a failing server: error
//! statuses, slowness, broken or endless bodies, connections cut mid-answer, redirects to
//! another origin. A fault matches requests by method and path and strikes a given number
//! of times, either before the handler runs (nothing applied) or after it (applied, answer
//! lost or spoiled).
//!
//! Why one file of about 650 lines: each kind of fault is declared, matched, logged and
//! turned into an answer here, and adding a kind touches all four, so they are read
//! together. The `--fault` text syntax (`faults/syntax.rs`) and the unit tests
//! (`faults/tests.rs`) live apart.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt};

mod syntax;

pub use syntax::{FAULT_SYNTAX, FaultSyntaxError};

/// When a fault strikes, relative to the handler that would answer the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// The handler does not run: nothing is applied, and the answer is the fault's alone.
    BeforeHandler,
    /// The handler runs (a write is applied), then its answer is replaced, delayed or
    /// spoiled by the fault.
    AfterHandler,
}

#[derive(Debug, Clone)]
enum Kind {
    Status {
        status: StatusCode,
        content_type: Option<String>,
        body: Bytes,
        retry_after: Option<String>,
    },
    Latency(Duration),
    StalledBody(Duration),
    ResetMidBody,
    TruncatedJson,
    TrailingGarbage(String),
    Redirect {
        status: StatusCode,
        location: Option<String>,
    },
    DeclaredLength(u64),
    EndlessBody(u64),
}

/// One fault: what goes wrong, for which requests, how often, and when.
///
/// ```
/// use std::time::Duration;
/// use livechat_fake::Fault;
/// use axum::http::{Method, StatusCode};
///
/// // The first two updates of an agent are applied but answered with 503.
/// let fault = Fault::status(StatusCode::SERVICE_UNAVAILABLE)
///     .retry_after_seconds(1)
///     .on(Method::PUT, "/agents/{login}")
///     .times(2)
///     .after_handler();
/// # let _ = fault;
/// ```
#[derive(Debug, Clone)]
pub struct Fault {
    kind: Kind,
    method: Option<Method>,
    path: Option<String>,
    times: Option<u64>,
    timing: Timing,
}

/// A body for faults that spoil an answer when the handler did not run.
const STAND_IN: &[u8] = br#"{"fault": "injected before the handler ran; nothing was applied"}"#;

/// The HTML page a proxy shows for a 5xx.
const HTML_PAGE: &str = "<html><head><title>500 Internal Server Error</title></head>\
<body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>";

impl Fault {
    fn new(kind: Kind) -> Fault {
        Fault {
            kind,
            method: None,
            path: None,
            times: None,
            timing: Timing::BeforeHandler,
        }
    }

    /// Answers with `status` and an empty body.
    pub fn status(status: StatusCode) -> Fault {
        Fault::new(Kind::Status {
            status,
            content_type: None,
            body: Bytes::new(),
            retry_after: None,
        })
    }

    /// 500 with an HTML page, as a proxy in front of the API would send.
    pub fn html_error() -> Fault {
        Fault::status(StatusCode::INTERNAL_SERVER_ERROR).body("text/html", HTML_PAGE)
    }

    /// The status fault with this body and `Content-Type`; no effect on other faults.
    pub fn body(mut self, content_type: &str, body: impl Into<Bytes>) -> Fault {
        if let Kind::Status {
            content_type: kind_type,
            body: kind_body,
            ..
        } = &mut self.kind
        {
            *kind_type = Some(content_type.to_owned());
            *kind_body = body.into();
        }
        self
    }

    /// The status fault with `Retry-After: <seconds>`; no effect on other faults.
    pub fn retry_after_seconds(self, seconds: u64) -> Fault {
        self.retry_after(&seconds.to_string())
    }

    /// The status fault with `Retry-After` as an HTTP date; no effect on other faults.
    pub fn retry_after_date(self, when: SystemTime) -> Fault {
        self.retry_after(&httpdate::fmt_http_date(when))
    }

    /// The status fault with this `Retry-After` value as given (a malformed value, say);
    /// no effect on other faults. A value that cannot be a header is left out.
    pub fn retry_after(mut self, value: &str) -> Fault {
        if let Kind::Status { retry_after, .. } = &mut self.kind {
            *retry_after = Some(value.to_owned());
        }
        self
    }

    /// Waits this long before (or, [after the handler](Self::after_handler), after)
    /// handling the request normally.
    pub fn latency(delay: Duration) -> Fault {
        Fault::new(Kind::Latency(delay))
    }

    /// Sends the status, the headers (with the full `Content-Length`) and half the body,
    /// then sends nothing for `stall` and closes the connection.
    pub fn stalled_body(stall: Duration) -> Fault {
        Fault::new(Kind::StalledBody(stall))
    }

    /// Sends the status, the headers (with the full `Content-Length`) and half the body,
    /// then closes the connection.
    pub fn reset_mid_body() -> Fault {
        Fault::new(Kind::ResetMidBody)
    }

    /// Sends the first half of the JSON body, as a complete answer with a matching length.
    pub fn truncated_json() -> Fault {
        Fault::new(Kind::TruncatedJson)
    }

    /// Sends the JSON body followed by `garbage` (another JSON document, say).
    pub fn trailing_garbage(garbage: impl Into<String>) -> Fault {
        Fault::new(Kind::TrailingGarbage(garbage.into()))
    }

    /// Answers with a redirect (`status`, e.g. 307) to the same path and query on the
    /// fake's other origin ([`FakeLiveChat::other_origin`](crate::FakeLiveChat::other_origin)),
    /// a second listener that records what reaches it.
    pub fn redirect(status: StatusCode) -> Fault {
        Fault::new(Kind::Redirect {
            status,
            location: None,
        })
    }

    /// Answers with a redirect to `location` as given (back to the fake itself for a
    /// loop, or anywhere else).
    pub fn redirect_to(status: StatusCode, location: impl Into<String>) -> Fault {
        Fault::new(Kind::Redirect {
            status,
            location: Some(location.into()),
        })
    }

    /// Declares `Content-Length: length` (far more than sent), sends the body and closes
    /// the connection.
    pub fn declared_length(length: u64) -> Fault {
        Fault::new(Kind::DeclaredLength(length))
    }

    /// Streams a 200 JSON body of `length` bytes without a `Content-Length`
    /// (`{"data":"xxxx…"}`), produced as it is sent, so that no memory is held for it.
    pub fn endless_body(length: u64) -> Fault {
        Fault::new(Kind::EndlessBody(length))
    }

    /// Strikes only requests with this method and path. The path is matched segment by
    /// segment; a segment written `{name}` or `*` matches any one segment, so the
    /// templates of the API reference (`/agents/{login}`) match every such request.
    pub fn on(mut self, method: Method, path: &str) -> Fault {
        self.method = Some(method);
        self.path = Some(path.to_owned());
        self
    }

    /// Strikes only requests with this method (any path, unless [`on`](Self::on) or
    /// [`on_path`](Self::on_path) says otherwise).
    pub fn on_method(mut self, method: Method) -> Fault {
        self.method = Some(method);
        self
    }

    /// Strikes only requests to this path (as in [`on`](Self::on)), whatever the method.
    pub fn on_path(mut self, path: &str) -> Fault {
        self.path = Some(path.to_owned());
        self
    }

    /// Strikes the first `count` matching requests only, then lets them through: "fail
    /// N times, then succeed". Without it, a fault strikes every matching request.
    pub fn times(mut self, count: u64) -> Fault {
        self.times = Some(count);
        self
    }

    /// Strikes after the handler has run (see [`Timing::AfterHandler`]).
    pub fn after_handler(mut self) -> Fault {
        self.timing = Timing::AfterHandler;
        self
    }

    /// Strikes before the handler would run (see [`Timing::BeforeHandler`]); the default.
    pub fn before_handler(mut self) -> Fault {
        self.timing = Timing::BeforeHandler;
        self
    }

    /// When it strikes.
    pub fn timing(&self) -> Timing {
        self.timing
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|wanted| wanted == method)
            && self
                .path
                .as_deref()
                .is_none_or(|template| path_matches(template, path))
    }

    /// What it does, in a few words, for the request log.
    fn describe(&self) -> String {
        let what = match &self.kind {
            Kind::Status { status, .. } => format!("status {}", status.as_u16()),
            Kind::Latency(delay) => format!("latency {} ms", delay.as_millis()),
            Kind::StalledBody(stall) => format!("stalled body {} ms", stall.as_millis()),
            Kind::ResetMidBody => "reset mid-body".into(),
            Kind::TruncatedJson => "truncated JSON".into(),
            Kind::TrailingGarbage(_) => "trailing garbage".into(),
            Kind::Redirect { status, .. } => format!("redirect {}", status.as_u16()),
            Kind::DeclaredLength(length) => format!("declared length {length}"),
            Kind::EndlessBody(length) => format!("endless body {length}"),
        };
        let when = match self.timing {
            Timing::BeforeHandler => "before the handler",
            Timing::AfterHandler => "after the handler",
        };
        format!("{what}, {when}")
    }
}

fn path_matches(template: &str, path: &str) -> bool {
    let mut wanted = template.split('/');
    let mut given = path.split('/');
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(want), Some(got)) => {
                let any = want == "*" || (want.starts_with('{') && want.ends_with('}'));
                if !(any && !got.is_empty() || want == got) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Who sent a request, as far as the fake could tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// No `Authorization` header.
    Missing,
    /// Credentials the fake accepts.
    Valid,
    /// Credentials it does not accept.
    Invalid,
}

/// One request the fake received. It holds no secret: the `Authorization` header is
/// reduced to [`Auth`], and the values of secret parameters in the query are replaced.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    /// `GET`, `PUT`, …
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The query as sent, with the values of `api_key`, `token`, `password`,
    /// `current_password`, `access_token` and `secured_session_id` replaced by `[redacted]`.
    pub query: Option<String>,
    /// When it arrived.
    pub at: std::time::Instant,
    /// What its credentials were.
    pub auth: Auth,
    /// The status sent back (for a fault that cuts the body, the status of the headers);
    /// `None` when the client went away before the answer started, e.g. because it timed
    /// out while a latency fault held the answer back. The fake then stops the request
    /// at its next wait; its handlers apply a write in one step, so it is applied or not.
    pub status: Option<u16>,
    /// The fault that struck it, described in a few words.
    pub fault: Option<String>,
}

/// What one request to the other origin brought.
#[derive(Debug, Clone)]
pub struct ForeignRequest {
    /// `GET`, `PUT`, …
    pub method: String,
    /// The path as sent.
    pub path: String,
    /// The query as sent, secret values replaced as in [`LoggedRequest::query`].
    pub query: Option<String>,
    /// Whether it carried an `Authorization` header (its value is not kept).
    pub authorization: bool,
    /// The length of its body (the body is not kept: it may hold a password).
    pub body_len: usize,
}

/// At most this many requests are kept in each log; older ones are dropped.
pub const LOG_CAPACITY: usize = 100_000;

const SECRET_PARAMETERS: &[&str] = &[
    "api_key",
    "token",
    "password",
    "current_password",
    "access_token",
    "secured_session_id",
];

/// The query with the values of secret parameters replaced.
pub(crate) fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let (key, _) = pair.split_once('=').unwrap_or((pair, ""));
            let name = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
            let name = name.split('[').next().unwrap_or("");
            if SECRET_PARAMETERS.contains(&name) {
                format!("{key}=[redacted]")
            } else {
                pair.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The faults armed, the request logs and the address of the other origin.
#[derive(Default)]
pub(crate) struct Control {
    faults: Mutex<Vec<Fault>>,
    log: Mutex<VecDeque<LoggedRequest>>,
    foreign: Mutex<VecDeque<ForeignRequest>>,
    other_origin: Mutex<String>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn push_bounded<T>(log: &mut VecDeque<T>, entry: T) {
    if log.len() >= LOG_CAPACITY {
        log.pop_front();
    }
    log.push_back(entry);
}

impl Control {
    pub(crate) fn set_other_origin(&self, base_url: &str) {
        *lock(&self.other_origin) = base_url.to_owned();
    }

    pub(crate) fn arm(&self, fault: Fault) {
        lock(&self.faults).push(fault);
    }

    pub(crate) fn disarm_all(&self) {
        lock(&self.faults).clear();
    }

    pub(crate) fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.log).iter().cloned().collect()
    }

    pub(crate) fn clear_requests(&self) {
        lock(&self.log).clear();
        lock(&self.foreign).clear();
    }

    pub(crate) fn foreign_requests(&self) -> Vec<ForeignRequest> {
        lock(&self.foreign).iter().cloned().collect()
    }

    pub(crate) fn log(&self, entry: LoggedRequest) {
        push_bounded(&mut lock(&self.log), entry);
    }

    /// The first armed fault for this request, counted as struck.
    fn strike(&self, method: &Method, path: &str) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let index = faults
            .iter()
            .position(|fault| fault.matches(method, path))?;
        let fault = faults[index].clone();
        match &mut faults[index].times {
            Some(left) if *left <= 1 => {
                faults.remove(index);
            }
            Some(left) => *left -= 1,
            None => {}
        }
        Some(fault)
    }
}

/// Where the fault that struck a request is written down for the request log. It travels
/// with the request, not the response, so that the log learns of the fault even when the
/// client goes away before any answer (a latency fault beyond the client's timeout).
#[derive(Debug, Clone, Default)]
pub(crate) struct Struck(Arc<Mutex<Option<String>>>);

impl Struck {
    /// The fault that struck, if one did.
    pub(crate) fn fault(&self) -> Option<String> {
        lock(&self.0).clone()
    }
}

/// Applies the first armed fault that matches the request, if any. Latency is handled
/// here; every other kind by [`answer`].
pub(crate) async fn inject(
    State(control): State<Arc<Control>>,
    request: Request,
    next: Next,
) -> Response {
    if lock(&control.faults).is_empty() {
        return next.run(request).await;
    }
    let Some(fault) = control.strike(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    if let Some(struck) = request.extensions().get::<Struck>() {
        *lock(&struck.0) = Some(fault.describe());
    }
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |path| path.as_str())
        .to_owned();
    if let Kind::Latency(delay) = fault.kind {
        if fault.timing == Timing::BeforeHandler {
            tokio::time::sleep(delay).await;
        }
        let response = next.run(request).await;
        if fault.timing == Timing::AfterHandler {
            tokio::time::sleep(delay).await;
        }
        return response;
    }
    let handled = match fault.timing {
        Timing::BeforeHandler => None,
        Timing::AfterHandler => Some(next.run(request).await),
    };
    let other_origin = lock(&control.other_origin).clone();
    answer(&fault.kind, handled, &other_origin, &target).await
}

/// The answer a fault gives, from the handler's answer when it ran.
async fn answer(
    kind: &Kind,
    handled: Option<Response>,
    other_origin: &str,
    target: &str,
) -> Response {
    match kind {
        Kind::Status {
            status,
            content_type,
            body,
            retry_after,
        } => {
            let mut response = (*status, body.clone()).into_response();
            let headers = response.headers_mut();
            headers.remove(header::CONTENT_TYPE);
            if let Some(value) = content_type
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(header::CONTENT_TYPE, value);
            }
            if let Some(value) = retry_after
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(header::RETRY_AFTER, value);
            }
            response
        }
        Kind::Redirect { status, location } => {
            let location = location
                .clone()
                .unwrap_or_else(|| format!("{other_origin}{target}"));
            let mut response = (*status, Body::empty()).into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Kind::EndlessBody(length) => endless(*length),
        spoiling => {
            let (mut parts, body) = match handled {
                Some(response) => response.into_parts(),
                None => {
                    let mut response = Body::from(STAND_IN).into_response();
                    response.headers_mut().insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    );
                    response.into_parts()
                }
            };
            // The fake's own answers are small JSON documents held in memory.
            let body = to_bytes(body, 64 * 1024 * 1024).await.unwrap_or_default();
            let half = body.slice(..body.len() / 2);
            parts.headers.remove(header::CONTENT_LENGTH);
            let body = match spoiling {
                Kind::TruncatedJson => Body::from(half),
                Kind::TrailingGarbage(garbage) => {
                    let mut spoiled = body.to_vec();
                    spoiled.extend_from_slice(garbage.as_bytes());
                    Body::from(spoiled)
                }
                Kind::ResetMidBody => {
                    parts
                        .headers
                        .insert(header::CONTENT_LENGTH, body.len().into());
                    cut_after(half, None)
                }
                Kind::StalledBody(stall) => {
                    parts
                        .headers
                        .insert(header::CONTENT_LENGTH, body.len().into());
                    cut_after(half, Some(*stall))
                }
                Kind::DeclaredLength(length) => {
                    parts
                        .headers
                        .insert(header::CONTENT_LENGTH, (*length).into());
                    cut_after(body, None)
                }
                _ => Body::from(body),
            };
            Response::from_parts(parts, body)
        }
    }
}

/// Sends `sent`, waits `stall` if given, then fails the body, which makes the server
/// close the connection before the declared length is reached.
fn cut_after(sent: Bytes, stall: Option<Duration>) -> Body {
    let first = stream::once(async move { Ok::<Bytes, std::io::Error>(sent) });
    let end = stream::once(async move {
        // A pause even without a stall: the server writes out what it holds while the
        // body waits, so the client gets the headers and the first part before the cut.
        tokio::time::sleep(stall.unwrap_or(Duration::from_millis(20))).await;
        Err(std::io::Error::other("connection cut by a fault"))
    });
    Body::from_stream(first.chain(end))
}

/// `{"data":"xxx…"}` of exactly `length` bytes (or the shortest such document), made
/// in 64 KiB pieces as the client reads.
fn endless(length: u64) -> Response {
    const PIECE: usize = 64 * 1024;
    let head: &'static [u8] = br#"{"data":""#;
    let tail: &'static [u8] = br#""}"#;
    let filler = length.saturating_sub((head.len() + tail.len()) as u64);
    let pieces = stream::unfold(filler, |left| async move {
        if left == 0 {
            return None;
        }
        let size = left.min(PIECE as u64);
        let piece = Bytes::from(vec![b'x'; size as usize]);
        Some((Ok::<Bytes, Infallible>(piece), left - size))
    });
    let body = stream::once(async move { Ok(Bytes::from_static(head)) })
        .chain(pieces)
        .chain(stream::once(async move { Ok(Bytes::from_static(tail)) }));
    let mut response = Body::from_stream(body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The other origin: records every request and answers `200 {}`.
pub(crate) async fn foreign(State(control): State<Arc<Control>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body_len = to_bytes(body, 16 * 1024 * 1024)
        .await
        .map_or(16 * 1024 * 1024, |body| body.len());
    push_bounded(
        &mut lock(&control.foreign),
        ForeignRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(redact_query),
            authorization: parts.headers.contains_key(header::AUTHORIZATION),
            body_len,
        },
    );
    (
        [(header::CONTENT_TYPE, "application/json")],
        Bytes::from_static(b"{}"),
    )
        .into_response()
}

#[cfg(test)]
mod tests;
