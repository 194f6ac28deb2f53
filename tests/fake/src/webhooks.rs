//! `/webhooks`: list, create, remove; and delivery of the events API calls raise.
//!
//! Events queued with [`Data::emit`](super::Data::emit) are delivered after the request
//! that raised them has been answered: one JSON POST per matching webhook, with
//! `event_type`, the webhook's `token`, the `license_id` and the data types the webhook
//! asked for. Credentials in the webhook URL (`http://user:pass@host/..`) are sent as
//! Basic auth. A delivery that does not get a 200 is retried, up to four attempts.

use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{delete, get};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::seed::Rng;
use super::{Answer, AppState, Event, Failure, Input, ParamsExt};

/// A registered webhook, in the shape `/webhooks` answers. Typed because delivery and the
/// visitor-details check read its fields by name, where a misspelt key would read as
/// `null` and silently deliver nothing or refuse every token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Webhook {
    pub(crate) id: String,
    pub(crate) licence: u64,
    pub(crate) event_type: String,
    pub(crate) data_types: Vec<String>,
    pub(crate) url: String,
    pub(crate) verified: bool,
    /// Sent with every delivery; also what `/visitors/{id}/details` authenticates with.
    pub(crate) token: String,
}

/// Event types and the data types each may carry (2019 webhooks reference).
const EVENT_TYPES: &[(&str, &[&str])] = &[
    ("chat_started", &["chat", "visitor", "pre_chat_survey"]),
    ("chat_ended", &["chat", "visitor", "pre_chat_survey"]),
    ("chat_changed", &["chat", "visitor"]),
    ("visitor_queued", &["visitor"]),
    ("ticket_created", &["ticket"]),
    ("canned_response_changed", &["canned_response"]),
];

/// Attempts per delivery, and the wait before the first retry (doubling after).
const ATTEMPTS: u32 = 4;
const FIRST_RETRY: Duration = Duration::from_millis(50);

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/webhooks", get(list).post(create))
        .route("/webhooks/{id}", delete(remove))
}

async fn list(State(state): State<AppState>) -> Answer {
    Ok(Json(json!({ "events": state.data().webhooks })))
}

async fn create(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let event_type = params.text("event_type").unwrap_or_default();
    let allowed = EVENT_TYPES
        .iter()
        .find(|(name, _)| *name == event_type)
        .map(|(_, types)| *types);
    match (&allowed, event_type.is_empty()) {
        (_, true) => errors.push("event_type is required".to_owned()),
        (None, false) => errors.push(format!(
            "event_type must be one of: {}",
            EVENT_TYPES
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => {}
    }
    let data_types = params.texts("data_types").unwrap_or_default();
    if data_types.is_empty() {
        errors.push("data_types is required".to_owned());
    }
    if let Some(allowed) = allowed {
        for data_type in &data_types {
            if !allowed.contains(&data_type.as_str()) {
                errors.push(format!(
                    "data type {data_type} is not supported by {event_type}"
                ));
            }
        }
    }
    let url = params.text("url").unwrap_or_default();
    match url::Url::parse(&url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {}
        _ if url.is_empty() => errors.push("url is required".to_owned()),
        _ => errors.push("url must be an http or https URL".to_owned()),
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let mut data = state.data();
    let mut rng = Rng::new(data.config.seed ^ data.tick() as u64);
    let token = rng.hex();
    let webhook = Webhook {
        id: rng.hex(),
        licence: data.config.license_id,
        event_type,
        data_types,
        url,
        verified: true,
        token,
    };
    let answer = json!({ "events": [&webhook] });
    data.webhooks.push(webhook);
    Ok(Json(answer))
}

async fn remove(State(state): State<AppState>, Path(id): Path<String>) -> Answer {
    let mut data = state.data();
    let before = data.webhooks.len();
    data.webhooks.retain(|webhook| webhook.id != id);
    if data.webhooks.len() == before {
        return Err(Failure::not_found("Webhook not found"));
    }
    Ok(Json(
        json!({ "result": "Push notification removed successfully" }),
    ))
}

/// One delivery: where, what, and how it went.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The webhook's URL (credentials included, as registered).
    pub url: String,
    /// The event type delivered.
    pub event_type: String,
    /// The JSON body sent.
    pub body: Value,
    /// Attempts made.
    pub attempts: u32,
    /// Status of the last attempt; `None` if no answer came.
    pub status: Option<u16>,
}

/// Middleware: once a request has been answered, delivers the events it raised.
pub(crate) async fn deliver_events(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    let jobs = {
        let mut data = state.data();
        let events = std::mem::take(&mut data.outbox);
        let license_id = data.config.license_id.to_string();
        events
            .iter()
            .flat_map(|event| {
                data.webhooks
                    .iter()
                    .filter(|webhook| webhook.event_type == event.event_type)
                    .map(|webhook| (webhook.url.clone(), payload(event, webhook, &license_id)))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    for (url, body) in jobs {
        tokio::spawn(deliver(state.clone(), url, body));
    }
    response
}

fn payload(event: &Event, webhook: &Webhook, license_id: &str) -> Value {
    let mut body = Map::new();
    body.insert("event_type".into(), json!(event.event_type));
    body.insert("token".into(), json!(webhook.token));
    body.insert("license_id".into(), json!(license_id));
    for name in &webhook.data_types {
        if let Some(value) = event.data.get(name) {
            body.insert(name.clone(), value.clone());
        }
    }
    Value::Object(body)
}

async fn deliver(state: AppState, url: String, body: Value) {
    let mut delivery = Delivery {
        url: url.clone(),
        event_type: body["event_type"].as_str().unwrap_or_default().to_owned(),
        body: body.clone(),
        attempts: 0,
        status: None,
    };
    let Ok(mut target) = url::Url::parse(&url) else {
        state.data().deliveries.push(delivery);
        return;
    };
    let user = target.username().to_owned();
    let password = target.password().map(str::to_owned);
    let _ = target.set_username("");
    let _ = target.set_password(None);
    let client = http_client();
    let mut wait = FIRST_RETRY;
    while delivery.attempts < ATTEMPTS {
        delivery.attempts += 1;
        let mut request = client
            .post(target.clone())
            .header("Content-Type", "application/json")
            .body(body.to_string());
        if !user.is_empty() || password.is_some() {
            request = request.basic_auth(decode(&user), password.as_deref().map(decode));
        }
        delivery.status = request
            .send()
            .await
            .ok()
            .map(|response| response.status().as_u16());
        if delivery.status == Some(200) {
            break;
        }
        tokio::time::sleep(wait).await;
        wait *= 2;
    }
    state.data().deliveries.push(delivery);
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

fn http_client() -> reqwest::Client {
    // reqwest is built without a crypto provider of its own (see livechat-api's features).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}
