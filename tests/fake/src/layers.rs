//! The layers every request passes through around the resource handlers: the API-version
//! and credential check, JSONP, JSON answers for a wrong method, and the request log.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use crate::{AppState, Auth, Data, Failure, LoggedRequest, faults, params, public_routes};

/// Rejects requests without `X-API-Version: 2` or without valid credentials.
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let version = request
        .headers()
        .get("x-api-version")
        .and_then(|v| v.to_str().ok());
    if version.map(str::trim) != Some("2") {
        return Failure::bad_request("Unsupported API version: send the header X-API-Version: 2")
            .into_response();
    }
    let authorized = visitor_side(request.uri().path()) || {
        let path = request
            .uri()
            .path_and_query()
            .map_or("", |path| path.as_str());
        credentials_valid(request.headers(), &mut state.data(), Some(path))
    };
    if !authorized {
        return Failure::unauthorized().into_response();
    }
    next.run(request).await
}

/// The visitor-side calls carry no account credentials (see [`public_routes`]).
fn visitor_side(path: &str) -> bool {
    public_routes::is_public(path)
}

/// Whether the `Authorization` header carries credentials the fake accepts. With
/// `log_path`, a bearer token's use is added to the token log with the path it was sent to.
fn credentials_valid(headers: &HeaderMap, data: &mut Data, log_path: Option<&str>) -> bool {
    let Data { config, tokens, .. } = data;
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    if let Some(token) = value.strip_prefix("Bearer ") {
        return match log_path {
            Some(path) => tokens.accept(token, &config.token, path),
            None => tokens.valid(token, &config.token),
        };
    }
    let Some(encoded) = value.strip_prefix("Basic ") else {
        return false;
    };
    let Ok(decoded) = STANDARD.decode(encoded.trim()) else {
        return false;
    };
    decoded == format!("{}:{}", config.login, config.api_key).as_bytes()
}

/// Wraps the JSON answer of a GET in `callback(...)` when the query names a callback.
pub(crate) async fn jsonp(request: Request, next: Next) -> Response {
    let callback = (request.method() == Method::GET)
        .then(|| {
            params::pairs(request.uri().query().unwrap_or("").as_bytes())
                .into_iter()
                .find(|(key, _)| key == "callback")
                .map(|(_, value)| value)
        })
        .flatten()
        .filter(|name| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.'))
        });
    let response = next.run(request).await;
    let Some(callback) = callback else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, 64 * 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut wrapped = format!("{callback}(").into_bytes();
    wrapped.extend_from_slice(&body);
    wrapped.extend_from_slice(b");");
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/javascript"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    // Without it a browser may read the script as another type.
    parts.headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    Response::from_parts(parts, Body::from(wrapped))
}

/// Gives the router's bare 405 a JSON body like every other error, keeping its `Allow`.
pub(crate) async fn json_method_not_allowed(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    let allowed = parts
        .headers
        .get(header::ALLOW)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = json!({
        "error": format!("Method {method} is not allowed here; allowed: {allowed}")
    });
    Response::from_parts(parts, Body::from(body.to_string()))
}

/// What the request log needs: the data (for the credentials) and the log itself.
#[derive(Clone)]
pub(crate) struct Observed {
    pub(crate) state: AppState,
    pub(crate) control: Arc<faults::Control>,
}

/// Adds every request to the log, with no secret in it.
pub(crate) async fn record(
    State(observed): State<Observed>,
    mut request: Request,
    next: Next,
) -> Response {
    let auth = if !request.headers().contains_key(header::AUTHORIZATION) {
        Auth::Missing
    } else if credentials_valid(request.headers(), &mut observed.state.data(), None) {
        Auth::Valid
    } else {
        Auth::Invalid
    };
    let struck = faults::Struck::default();
    request.extensions_mut().insert(struck.clone());
    let mut entry = Unanswered {
        control: observed.control,
        struck,
        entry: Some(LoggedRequest {
            method: request.method().to_string(),
            path: request.uri().path().to_owned(),
            query: request.uri().query().map(faults::redact_query),
            at: Instant::now(),
            auth,
            status: None,
            fault: None,
        }),
    };
    let response = next.run(request).await;
    entry.answered(response.status().as_u16());
    response
}

/// A request on its way through the fake. If the client goes away first, hyper drops the
/// request's future, and with it this: the request is logged without a status then, so
/// that an attempt the client gave up on is still counted.
struct Unanswered {
    control: Arc<faults::Control>,
    struck: faults::Struck,
    entry: Option<LoggedRequest>,
}

impl Unanswered {
    fn answered(&mut self, status: u16) {
        if let Some(entry) = &mut self.entry {
            entry.status = Some(status);
        }
        self.log();
    }

    fn log(&mut self) {
        if let Some(mut entry) = self.entry.take() {
            entry.fault = self.struck.fault();
            self.control.log(entry);
        }
    }
}

impl Drop for Unanswered {
    fn drop(&mut self) {
        self.log();
    }
}
