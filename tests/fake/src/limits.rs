//! Bounds on what one request may make the fake hold: the query length and the body size,
//! answered with JSON errors like every other refusal of the fake.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::{AppState, Failure};

/// The body limit of a request, read by the `Input` extractor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimit(pub(crate) usize);

impl Failure {
    /// 413 with `{"error": ".."}`.
    pub(crate) fn body_too_large(limit: usize) -> Failure {
        Failure {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            body: json!({ "error": format!("Request body too large: at most {limit} bytes are accepted") }),
        }
    }

    fn query_too_long(limit: usize) -> Failure {
        Failure {
            status: StatusCode::URI_TOO_LONG,
            body: json!({ "error": format!("Query string too long: at most {limit} bytes are accepted") }),
        }
    }
}

/// Refuses a query longer than `Config::max_query_bytes` and a body whose declared length
/// is over `Config::max_body_bytes` before anything reads them; a body sent without a
/// length is cut off at the same limit while it is read.
pub(crate) async fn enforce(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let (max_query, max_body) = {
        let data = state.data();
        (data.config.max_query_bytes, data.config.max_body_bytes)
    };
    if request.uri().query().map_or(0, str::len) > max_query {
        return Failure::query_too_long(max_query).into_response();
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_body as u64) {
        return Failure::body_too_large(max_body).into_response();
    }
    request.extensions_mut().insert(BodyLimit(max_body));
    next.run(request).await
}
