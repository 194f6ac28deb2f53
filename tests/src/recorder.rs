//! A scripted HTTP server on 127.0.0.1 that records every request it receives and
//! answers with the replies a test queued, to check what the client puts on the wire.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use livechat_fake::server::Server;

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path exactly as sent, still percent-encoded.
    pub raw_path: String,
    /// The query string exactly as sent, if any.
    pub raw_query: Option<String>,
    /// All headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

impl Recorded {
    /// The path with percent-escapes decoded.
    pub fn path(&self) -> String {
        percent_encoding::percent_decode_str(&self.raw_path)
            .decode_utf8_lossy()
            .into_owned()
    }

    /// The path split on `/` (empty segments dropped), each segment decoded on its own.
    pub fn segments(&self) -> Vec<String> {
        self.raw_path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect()
    }

    /// Decoded query pairs in order.
    pub fn query(&self) -> Vec<(String, String)> {
        pairs(self.raw_query.as_deref().unwrap_or("").as_bytes())
    }

    /// Decoded form-body pairs in order.
    pub fn form(&self) -> Vec<(String, String)> {
        pairs(&self.body)
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// One header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    }
}

pub use livechat_fake::form_pairs as pairs;

/// A canned answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type` header.
    pub content_type: &'static str,
    /// Body text.
    pub body: String,
    /// How long to wait before answering.
    pub delay: std::time::Duration,
    /// More response headers.
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Reply::raw(status, "application/json", body)
    }

    /// An answer of any content type.
    pub fn raw(status: u16, content_type: &'static str, body: impl Into<String>) -> Self {
        Reply {
            status,
            content_type,
            body: body.into(),
            delay: std::time::Duration::ZERO,
            headers: Vec::new(),
        }
    }

    /// The same answer with one more header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// The same answer, sent only after `delay`.
    pub fn after(mut self, delay: std::time::Duration) -> Self {
        self.delay = delay;
        self
    }
}

#[derive(Default)]
struct Shared {
    requests: Vec<Recorded>,
    replies: VecDeque<Reply>,
    /// The JSON body of `200` answers to requests with no queued reply (`{}` unless set).
    otherwise: Option<String>,
}

type SharedState = Arc<Mutex<Shared>>;

fn lock(state: &SharedState) -> MutexGuard<'_, Shared> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The running server. Dropping it stops the server.
pub struct Recorder {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    state: SharedState,
    _server: Server,
}

impl Recorder {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Recorder> {
        let state = SharedState::default();
        let app = axum::Router::new()
            .fallback(record)
            .with_state(state.clone());
        let server = Server::start(0, app).await?;
        Ok(Recorder {
            base_url: server.base_url().to_owned(),
            state,
            _server: server,
        })
    }

    /// Queues the answer to the next request; without one a request gets `200 {}`.
    pub fn reply(&self, reply: Reply) {
        lock(&self.state).replies.push_back(reply);
    }

    /// The JSON body of the `200` answer to every request with no queued reply, for tests
    /// that check only the wire of calls whose typed answers need more than `{}`.
    pub fn otherwise_reply(&self, body: impl Into<String>) {
        lock(&self.state).otherwise = Some(body.into());
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.state).requests.clone()
    }

    /// The last request received.
    pub fn last(&self) -> Option<Recorded> {
        lock(&self.state).requests.last().cloned()
    }
}

async fn record(State(state): State<SharedState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = match to_bytes(body, 16 * 1024 * 1024).await {
        Ok(body) => body,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let reply = {
        let mut shared = lock(&state);
        shared.requests.push(Recorded {
            method: parts.method.to_string(),
            raw_path: parts.uri.path().to_owned(),
            raw_query: parts.uri.query().map(str::to_owned),
            headers: parts.headers,
            body,
        });
        shared
            .replies
            .pop_front()
            .ok_or_else(|| shared.otherwise.clone())
    };
    let reply = reply
        .unwrap_or_else(|otherwise| Reply::json(200, otherwise.unwrap_or_else(|| "{}".to_owned())));
    tokio::time::sleep(reply.delay).await;
    let mut response = Response::builder()
        .status(reply.status)
        .header(header::CONTENT_TYPE, reply.content_type);
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    response
        .body(Body::from(reply.body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
