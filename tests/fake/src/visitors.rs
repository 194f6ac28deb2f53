//! `/visitors`: the visitors on the site now, and custom details an integration adds to
//! one of them.
//!
//! `POST /visitors/{id}/details` carries no account credentials (the guard lets it
//! through): it authenticates with the `license_id` and `token` a webhook delivery carries,
//! that is the licence number and the token of one of the registered webhooks. A wrong pair
//! is a 401.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::seed::Rng;
use super::{Answer, AppState, Data, Failure, Input, ParamsExt};
use crate::calendar::plain_time;
use crate::seed::{PAGES, PLACES, USER_AGENTS};

/// Values of the `state` filter.
const STATES: &[&str] = &[
    "chatting",
    "queued",
    "browsing",
    "invited",
    "refused invitation",
    "chat closed",
];

/// Where visitors are, by city.
const COORDINATES: &[(&str, &str, &str)] = &[
    ("Central District", "22.2833", "114.1500"),
    ("New York", "40.7143", "-74.0060"),
    ("Greenville", "35.6127", "-77.3663"),
    ("Phoenix", "33.4484", "-112.0740"),
    ("San Francisco", "37.7749", "-122.4194"),
    ("London", "51.5085", "-0.1257"),
    ("Berlin", "52.5244", "13.4105"),
    ("Munich", "48.1374", "11.5755"),
    ("Wroclaw", "51.1000", "17.0333"),
    ("Warsaw", "52.2298", "21.0118"),
    ("Paris", "48.8534", "2.3488"),
    ("Toronto", "43.7001", "-79.4163"),
    ("Sydney", "-33.8679", "151.2073"),
    ("Madrid", "40.4165", "-3.7026"),
    ("Tokyo", "35.6895", "139.6917"),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/visitors", get(list))
        .route("/visitors/{visitor_id}/details", post(add_details))
}

/// A visitor as `GET /visitors` shows it (without the details integrations added).
fn public(visitor: &Value) -> Value {
    let mut visitor = visitor.clone();
    if let Value::Object(fields) = &mut visitor {
        fields.retain(|key, _| !key.starts_with('_'));
    }
    visitor
}

/// A new visitor on the site, browsing since `now - on_site` seconds.
pub(crate) fn newcomer(rng: &mut Rng, id: &str, name: &str, now: i64, on_site: i64) -> Value {
    let (city, region, country, code, timezone) = PLACES[rng.below(PLACES.len() as u64) as usize];
    let (latitude, longitude) = COORDINATES
        .iter()
        .find(|(c, _, _)| *c == city)
        .map_or(("0", "0"), |(_, lat, long)| (*lat, *long));
    let arrived = now - on_site.max(1);
    let steps = 1 + rng.below(4) as i64;
    let mut visit_path = Vec::new();
    for step in 0..steps {
        let (page, title) = PAGES[rng.below(PAGES.len() as u64) as usize];
        let at = arrived + on_site.max(1) * step / steps;
        visit_path.push(json!({
            "invitation": "",
            "page": page,
            "time": plain_time(at),
            "time_ref": at,
            "time_ts": at,
            "title": title,
        }));
    }
    let last = visit_path.last().cloned().unwrap_or_else(|| json!({}));
    let page_entered = last["time_ts"].as_i64().unwrap_or(arrived);
    let visits = 1 + rng.below(5) as i64;
    let referrer =
        ["", "https://www.google.com/", "https://www.facebook.com/"][rng.below(3) as usize];
    json!({
        "browser": USER_AGENTS[rng.below(USER_AGENTS.len() as u64) as usize],
        "chat": {},
        "chat_id": "",
        "chat_start_time": "",
        "chat_start_time_ts": 0,
        "chats": 0,
        "custom_variables": [],
        "city": city,
        "country": country,
        "country_code": code,
        "greetings_accepted": 0,
        "greetings_all": 0,
        "greetings_refused": 0,
        "group": 0,
        "host": format!("host-{}.example.net", rng.below(9000) + 1000),
        "id": id,
        "invitation": "",
        "ip": format!("{}.{}.{}.{}", 11 + rng.below(200), rng.below(256), rng.below(256), 1 + rng.below(254)),
        "language": "en",
        "last_visit": plain_time(arrived),
        "last_visit_ts": arrived,
        "latitude": latitude,
        "longitude": longitude,
        "name": name,
        "operators": [],
        "page_address": last["page"],
        "page_current": last["page"],
        "page_entered": plain_time(page_entered),
        "page_entered_ts": page_entered,
        "page_time": plain_time(now),
        "page_time_ts": now,
        "page_title": last["title"],
        "page_views": steps + rng.below(10) as i64,
        "prechat_survey": [],
        "queue_start_time": 0,
        "referrer": referrer,
        "region": region,
        "state": "browsing",
        "timezone": timezone,
        "visit_path": visit_path,
        "visits": visits,
    })
}

/// The index of the visitor with this id, added as a browsing visitor when not on the
/// site yet; `name` replaces the name it had.
pub(crate) fn arrive(data: &mut Data, rng: &mut Rng, id: &str, name: &str, now: i64) -> usize {
    if let Some(index) = data.visitors.iter().position(|v| v["id"] == id) {
        data.visitors[index]["name"] = json!(name);
        return index;
    }
    let on_site = 30 + rng.below(600) as i64;
    let visitor = newcomer(rng, id, name, now, on_site);
    data.visitors.push(visitor);
    data.visitors.len() - 1
}

async fn list(State(state): State<AppState>, Input(params): Input) -> Answer {
    let wanted_state = params.text("state").filter(|s| !s.is_empty());
    if let Some(state) = &wanted_state
        && !STATES.contains(&state.as_str())
    {
        return Err(Failure::invalid([format!(
            "state must be one of: {}",
            STATES.join(", ")
        )]));
    }
    let groups = match params.texts("group") {
        None => None,
        Some(texts) => {
            let ids: Vec<i64> = texts.iter().filter_map(|t| t.trim().parse().ok()).collect();
            if ids.len() != texts.len() {
                return Err(Failure::invalid(["group[] must list group ids (numbers)"]));
            }
            Some(ids)
        }
    };
    let count = crate::listing::flag_param(&params, "count")?.unwrap_or(false);
    let data = state.data();
    let found: Vec<Value> = data
        .visitors
        .iter()
        .filter(|v| wanted_state.as_deref().is_none_or(|s| v["state"] == s))
        .filter(|v| {
            groups
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|id| v["group"] == *id))
        })
        .map(public)
        .collect();
    if count {
        return Ok(Json(json!(found.len())));
    }
    Ok(Json(Value::Array(found)))
}

fn unauthorized() -> Failure {
    Failure {
        status: StatusCode::UNAUTHORIZED,
        body: json!({ "error": "Authentication failed: invalid license_id or token" }),
    }
}

/// Whether `license_id` + `token` are those of a webhook delivery of this licence.
fn webhook_credentials(data: &Data, license_id: &str, token: &str) -> bool {
    license_id == data.config.license_id.to_string()
        && !token.is_empty()
        && data.webhooks.iter().any(|webhook| webhook.token == token)
}

async fn add_details(
    State(state): State<AppState>,
    Path(visitor_id): Path<String>,
    Input(params): Input,
) -> Answer {
    let mut errors = Vec::new();
    let license_id = params.text("license_id").unwrap_or_default();
    if license_id.trim().is_empty() {
        errors.push("license_id is required".to_owned());
    }
    let token = params.text("token").unwrap_or_default();
    if token.trim().is_empty() {
        errors.push("token is required".to_owned());
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let mut data = state.data();
    if !webhook_credentials(&data, license_id.trim(), token.trim()) {
        return Err(unauthorized());
    }
    let set_id = params.text("id").unwrap_or_default();
    if set_id.is_empty() {
        errors.push("id is required".to_owned());
    } else if set_id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        errors.push("id may hold only letters, digits and punctuation marks".to_owned());
    }
    let mut fields = Vec::new();
    match params.get("fields") {
        Some(Value::Array(items)) if !items.is_empty() => {
            for (index, item) in items.iter().enumerate() {
                let Value::Object(item) = item else {
                    errors.push(format!("fields[{index}] must have a name and a value"));
                    continue;
                };
                let name = item.text("name").unwrap_or_default();
                let value = item.text("value").unwrap_or_default();
                if name.trim().is_empty() || value.is_empty() {
                    errors.push(format!("fields[{index}] must have a name and a value"));
                    continue;
                }
                let mut field = json!({ "name": name, "value": value });
                if let Some(url) = item.text("url").filter(|u| !u.is_empty()) {
                    field["url"] = json!(url);
                }
                fields.push(field);
            }
        }
        _ => errors.push("fields is required: a list of {name, value}".to_owned()),
    }
    let icon = params.text("icon").filter(|i| !i.is_empty());
    if icon
        .as_deref()
        .is_some_and(|i| i.starts_with("http://") || i.starts_with("https://"))
    {
        errors.push("icon must be a URL without the http:// prefix".to_owned());
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let visitor = data
        .visitors
        .iter_mut()
        .find(|v| v["id"] == visitor_id.as_str())
        .ok_or_else(|| Failure::not_found("Visitor not found"))?;
    let mut set = Map::new();
    set.insert("fields".into(), Value::Array(fields));
    if let Some(icon) = icon {
        set.insert("icon".into(), json!(icon));
    }
    if !visitor["_details"].is_object() {
        visitor["_details"] = json!({});
    }
    visitor["_details"][set_id.as_str()] = Value::Object(set);
    Ok(Json(json!({ "result": "Visitor details added" })))
}
