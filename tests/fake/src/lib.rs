//! A stateful, in-memory stand-in for `api.livechatinc.com` (REST API v2), for tests,
//! examples and users' own test suites.
//!
//! ```no_run
//! # async fn example() -> std::io::Result<()> {
//! let fake = livechat_fake::FakeLiveChat::start().await?;
//! let client = fake.client();
//! # Ok(())
//! # }
//! ```
//!
//! It checks `X-API-Version: 2` and the credentials like the real API, answers with the
//! documented shapes and status codes, and keeps what callers create until it stops.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod agents;
mod calendar;
mod canned_responses;
mod chats;
mod faults;
mod goals;
mod greetings;
mod groups;
mod ids;
mod layers;
mod limits;
mod listing;
mod params;
mod public_routes;
mod records;
mod reports;
mod seed;
pub mod server;
mod shapes;
mod status;
mod tags;
mod tickets;
mod tokens;
mod visitor_chat;
mod visitors;
mod webhooks;

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::to_bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{Map, Value, json};

use crate::server::Server;

pub use faults::{
    Auth, FAULT_SYNTAX, Fault, FaultSyntaxError, ForeignRequest, LOG_CAPACITY, LoggedRequest,
    Timing,
};
pub use params::{
    MAX_DEPTH, MAX_PARAMS, ParamsError, ParamsExt, from_pairs as params_from_pairs,
    pairs as form_pairs,
};
pub use tokens::{TOKEN_LOG_CAPACITY, TokenUse};
pub use webhooks::Delivery;

/// What the fake accepts and how it seeds its data.
#[derive(Debug, Clone)]
pub struct Config {
    /// Login accepted with HTTP Basic.
    pub login: String,
    /// API key accepted with HTTP Basic.
    pub api_key: String,
    /// OAuth access token accepted as `Authorization: Bearer`.
    pub token: String,
    /// Seed of the generated data; the same seed gives the same data.
    pub seed: u64,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Number of the licence, as webhooks and visitor calls carry it.
    pub license_id: u64,
    /// The fake's clock when it starts, in Unix seconds. Records it creates are dated
    /// from here on, each write a few seconds after the last. Defaults to [`SEEDED_UNTIL`],
    /// so that new records follow the seeded ones.
    pub now: i64,
    /// The largest request body accepted (default 4 MiB); a larger one is answered 413.
    pub max_body_bytes: usize,
    /// The longest query string accepted (default 16 KiB); a longer one is answered 414.
    pub max_query_bytes: usize,
    /// How long a client may take to send a request's headers, counted from when the
    /// connection opens or the previous answer ends (default 10 s); then the connection is
    /// closed, so that stalled clients cannot hold connections open.
    pub header_read_timeout: Duration,
}

/// 2013-07-01T00:00:00Z: the seeded archive (chats, tickets, reports) covers the half-year
/// before it, and the fake's clock starts there unless [`Config::now`] says otherwise.
pub const SEEDED_UNTIL: i64 = seed::SEED_TO;

impl Default for Config {
    /// The documented sample login, fresh random secrets, seed 1, any free port, the
    /// clock at the end of the seeded period.
    fn default() -> Self {
        Config {
            login: "john.doe@mycompany.com".into(),
            api_key: random_hex(),
            token: format!("dal-{}", random_hex()),
            seed: 1,
            port: 0,
            license_id: 12345,
            now: SEEDED_UNTIL,
            max_body_bytes: 4 * 1024 * 1024,
            max_query_bytes: 16 * 1024,
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

/// 32 hex digits from the standard library's per-process random keys.
pub fn random_hex() -> String {
    let mut out = String::new();
    for _ in 0..2 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(0x5eed);
        out.push_str(&format!("{:016x}", hasher.finish()));
    }
    out
}

/// The fake's data, behind one lock. Every record is kept in the JSON shape the API
/// documents for it, so handlers answer with (parts of) what they store.
#[derive(Default)]
pub(crate) struct Data {
    pub(crate) config: Config,
    /// Agents, full shape (as `GET /agents/{login}` answers).
    pub(crate) agents: Vec<Value>,
    /// Groups: `{id, name, language, agents: [logins], status}`.
    pub(crate) groups: Vec<Value>,
    pub(crate) canned_responses: Vec<Value>,
    pub(crate) goals: Vec<Value>,
    pub(crate) greetings: Vec<Value>,
    /// Tags; their counts are computed when listed.
    pub(crate) tags: Vec<tags::Tag>,
    /// Archived chats, oldest first, as `GET /chats/{id}` answers.
    pub(crate) chats: Vec<Value>,
    /// Tickets, oldest first, as `GET /tickets/{id}` answers.
    pub(crate) tickets: Vec<Value>,
    /// Visitors on the site now, as `GET /visitors` answers.
    pub(crate) visitors: Vec<Value>,
    /// Visitor chats by secured session id, running or closed (`state`).
    pub(crate) visitor_chats: Vec<Value>,
    pub(crate) webhooks: Vec<webhooks::Webhook>,
    /// Webhook events raised by API calls, waiting to be delivered.
    pub(crate) outbox: Vec<Event>,
    /// Webhook deliveries made so far.
    pub(crate) deliveries: Vec<webhooks::Delivery>,
    /// The next id of each kind of record.
    pub(crate) next_id: std::collections::BTreeMap<&'static str, i64>,
    /// A clock for creation dates, advanced by each write so that dates are distinct.
    pub(crate) now: i64,
    /// Bearer tokens issued and revoked by tests, and the requests that carried one.
    pub(crate) tokens: tokens::Tokens,
}

/// Something that happened and may be delivered to webhooks: the event type and the
/// pieces of data a webhook can ask for (`chat`, `visitor`, `pre_chat_survey`,
/// `ticket`, `canned_response`), each in its webhook payload shape.
#[derive(Debug, Clone, Default)]
pub(crate) struct Event {
    pub(crate) event_type: &'static str,
    pub(crate) data: Map<String, Value>,
}

impl Event {
    /// An event of this type, with no data yet.
    pub(crate) fn new(event_type: &'static str) -> Event {
        Event {
            event_type,
            data: Map::new(),
        }
    }

    /// The event with one more piece of data.
    pub(crate) fn with(mut self, name: &str, value: Value) -> Event {
        self.data.insert(name.to_owned(), value);
        self
    }

    /// An event about a chat: the chat and its visitor, in their webhook shapes.
    pub(crate) fn about_chat(event_type: &'static str, chat: &Value) -> Event {
        Event::new(event_type)
            .with("chat", shapes::webhook_chat(chat))
            .with("visitor", shapes::webhook_visitor(chat))
    }
}

impl Data {
    /// Advances the clock and returns the new time (Unix seconds).
    pub(crate) fn tick(&mut self) -> i64 {
        self.now += 7;
        self.now
    }

    /// The next id for a kind of record, starting at `first`.
    pub(crate) fn next_id(&mut self, kind: &'static str, first: i64) -> i64 {
        let next = self.next_id.entry(kind).or_insert(first);
        let id = *next;
        *next += 1;
        id
    }

    /// Queues an event for the webhooks registered for its type.
    pub(crate) fn emit(&mut self, event: Event) {
        self.outbox.push(event);
    }

    /// Whether a group with this id exists.
    pub(crate) fn group_exists(&self, id: i64) -> bool {
        self.groups.iter().any(|group| group["id"] == id)
    }

    /// `[{id, name}]` for the given group ids, in the given order.
    pub(crate) fn group_refs(&self, ids: &[i64]) -> Value {
        Value::Array(
            ids.iter()
                .filter_map(|id| self.groups.iter().find(|group| group["id"] == *id))
                .map(|group| json!({ "id": group["id"], "name": group["name"] }))
                .collect(),
        )
    }
}

/// Shared state of the handlers.
#[derive(Clone)]
pub(crate) struct AppState(Arc<Mutex<Data>>);

impl AppState {
    pub(crate) fn data(&self) -> MutexGuard<'_, Data> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running fake. Dropping it stops the server.
pub struct FakeLiveChat {
    config: Config,
    state: AppState,
    control: Arc<faults::Control>,
    server: Server,
    other_origin: Server,
}

impl FakeLiveChat {
    /// Starts a fake with [`Config::default`] on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<FakeLiveChat> {
        FakeLiveChat::start_with(Config::default()).await
    }

    /// Starts a fake with the given configuration.
    pub async fn start_with(config: Config) -> std::io::Result<FakeLiveChat> {
        let state = AppState(Arc::new(Mutex::new(seed::data(config.clone()))));
        let control = Arc::new(faults::Control::default());
        let other_origin = Server::start_with(
            0,
            Router::new()
                .fallback(faults::foreign)
                .with_state(control.clone()),
            config.header_read_timeout,
        )
        .await?;
        control.set_other_origin(other_origin.base_url());
        let server = Server::start_with(
            config.port,
            router(state.clone(), control.clone()),
            config.header_read_timeout,
        )
        .await?;
        Ok(FakeLiveChat {
            config,
            state,
            control,
            server,
            other_origin,
        })
    }

    /// Arms a fault: from now on it strikes the requests it matches, as many times as it
    /// says. Faults are tried in the order they were armed; one request meets at most one.
    pub fn inject(&self, fault: Fault) {
        self.control.arm(fault);
    }

    /// Disarms every fault.
    pub fn clear_faults(&self) {
        self.control.disarm_all();
    }

    /// The requests received so far (the last [`LOG_CAPACITY`] of them), in the order
    /// their answers started, or the client went away without one (see
    /// [`LoggedRequest::status`]); a request cut off while its headers were read is not there.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.control.requests()
    }

    /// Empties the request logs of the fake and of its other origin.
    pub fn clear_requests(&self) {
        self.control.clear_requests();
    }

    /// `http://127.0.0.1:PORT` of the other origin: a second listener, on another port,
    /// that [`Fault::redirect`] points to. It answers every request with `200 {}`.
    pub fn other_origin(&self) -> &str {
        self.other_origin.base_url()
    }

    /// The requests that reached the other origin so far.
    pub fn other_origin_requests(&self) -> Vec<ForeignRequest> {
        self.control.foreign_requests()
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    /// The configuration it runs with, secrets included.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Webhook deliveries finished so far (successful or not), oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.state.data().deliveries.clone()
    }

    /// Basic credentials the fake accepts.
    pub fn credentials(&self) -> livechat_api::Credentials {
        livechat_api::Credentials::basic(&self.config.login, self.config.api_key.as_str())
    }

    /// Bearer credentials the fake accepts.
    pub fn bearer(&self) -> livechat_api::Credentials {
        livechat_api::Credentials::bearer(self.config.token.as_str())
    }

    /// A client pointed at the fake with its Basic credentials.
    pub fn client(&self) -> livechat_api::Client {
        self.client_with(self.credentials())
    }

    /// A client pointed at the fake with the given credentials.
    pub fn client_with(&self, credentials: livechat_api::Credentials) -> livechat_api::Client {
        livechat_api::Client::builder(credentials)
            .base_url(self.base_url())
            .build()
            .unwrap_or_else(|error| panic!("a loopback base URL is always accepted: {error}"))
    }

    /// Stops the server and waits until it has.
    pub async fn shutdown(self) {
        self.server.stop().await;
        self.other_origin.stop().await;
    }
}

fn router(state: AppState, control: Arc<faults::Control>) -> Router {
    Router::new()
        .merge(agents::routes())
        .merge(canned_responses::routes())
        .merge(chats::routes())
        .merge(goals::routes())
        .merge(greetings::routes())
        .merge(groups::routes())
        .merge(reports::routes())
        .merge(status::routes())
        .merge(tags::routes())
        .merge(tickets::routes())
        .merge(visitor_chat::routes())
        .merge(visitors::routes())
        .merge(webhooks::routes())
        .fallback(|| async { Failure::not_found("No such API method") })
        .layer(middleware::from_fn(layers::json_method_not_allowed))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            webhooks::deliver_events,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            limits::enforce,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), layers::guard))
        .layer(middleware::from_fn(layers::jsonp))
        // Faults sit outside the JSONP wrapper, which reads whole bodies, so that a
        // stalled or endless body reaches the client as such.
        .layer(middleware::from_fn_with_state(
            control.clone(),
            faults::inject,
        ))
        .layer(middleware::from_fn_with_state(
            layers::Observed {
                state: state.clone(),
                control,
            },
            layers::record,
        ))
        .with_state(state)
}

/// An error answer with LiveChat's body shapes.
#[derive(Debug)]
pub(crate) struct Failure {
    status: StatusCode,
    body: Value,
}

impl Failure {
    /// 400 with `{"errors": [..]}`, the shape of validation failures.
    pub(crate) fn invalid(messages: impl IntoIterator<Item = impl Into<String>>) -> Failure {
        let messages: Vec<String> = messages.into_iter().map(Into::into).collect();
        Failure {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "errors": messages }),
        }
    }

    /// 400 with `{"error": ".."}`.
    pub(crate) fn bad_request(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "error": message.into() }),
        }
    }

    /// 404 with `{"error": ".."}`.
    pub(crate) fn not_found(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::NOT_FOUND,
            body: json!({ "error": message.into() }),
        }
    }

    fn unauthorized() -> Failure {
        Failure {
            status: StatusCode::UNAUTHORIZED,
            body: json!({ "error": "Authentication failed: invalid login, API key or access token" }),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// What a handler returns.
pub(crate) type Answer = Result<Json<Value>, Failure>;

/// The query string merged with the body (a PHP-style form or a JSON object).
pub(crate) struct Input(pub(crate) Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for Input {
    type Rejection = Failure;

    async fn from_request(request: Request, _: &S) -> Result<Self, Failure> {
        let query = request.uri().query().unwrap_or("").to_owned();
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/json"));
        let limit = request
            .extensions()
            .get::<limits::BodyLimit>()
            .map_or(Config::default().max_body_bytes, |limit| limit.0);
        let body = to_bytes(request.into_body(), limit)
            .await
            .map_err(|_| Failure::body_too_large(limit))?;
        let form = |encoded: &[u8]| {
            params::from_pairs(&params::pairs(encoded))
                .map_err(|error| Failure::bad_request(error.to_string()))
        };
        let mut params = form(query.as_bytes())?;
        if is_json && !body.is_empty() {
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(object)) => params.extend(object),
                _ => return Err(Failure::bad_request("The body is not a JSON object")),
            }
        } else {
            params.extend(form(&body)?);
        }
        Ok(Input(params))
    }
}

/// Checks an e-mail address the way a form validator would: one `@`, text around it,
/// a dot in the domain.
pub(crate) fn is_email(text: &str) -> bool {
    let mut halves = text.splitn(2, '@');
    let (Some(local), Some(domain)) = (halves.next(), halves.next()) else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(char::is_whitespace)
}
