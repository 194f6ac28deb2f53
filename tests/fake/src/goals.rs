//! `/goals`: list, get, create, update, remove, and record a success.
//!
//! A goal is kept in the shape `GET /goals/{id}` answers: `{id, name, active, type}` and
//! the settings of its type (`custom_variable_name`/`custom_variable_value`,
//! `match_type`/`url`, or the seven sales-tracker settings). `active` is 1 or 0.
//!
//! Readings of the reference:
//! - A setting of another type than the goal's is ignored, as the settings of a type are
//!   only read for that type. Changing `type` needs the new type's required settings in
//!   the same request; the old type's settings are dropped.
//! - Update reads for sales trackers only the three settings the 2019 page allows there
//!   (`sales_tracker_id`, `order_field_name`, `value_field_name`).
//! - Undocumented sales-tracker defaults: `sales_tracker_id` is the goal id, `value_type`
//!   `not_set`, `currency` `USD`, the other settings empty. A `value_type` of `set` needs
//!   a `value`; `value` and `order_price` are decimals with a period.
//! - A success is recorded on the visitor's running chat (its `goals`, as the archive
//!   shows them), when the visitor has one; otherwise it is only acknowledged.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::params::required_text;
use super::records::{Records, parse_id};
use super::{Answer, AppState, Failure, Input, ParamsExt};

const TYPES: &[&str] = &["custom_variable", "url", "api", "sales_tracker"];
const MATCH_TYPES: &[&str] = &["substring", "exact"];
const VALUE_TYPES: &[&str] = &["set", "not_set", "dynamic"];
const CUSTOM_VARIABLE: &[&str] = &["custom_variable_name", "custom_variable_value"];
const SALES_TRACKER: &[&str] = &[
    "sales_tracker_id",
    "value_type",
    "value",
    "currency",
    "time_range",
    "order_field_name",
    "value_field_name",
];
/// The sales-tracker settings update accepts (2019).
const SALES_TRACKER_UPDATE: &[&str] = &["sales_tracker_id", "order_field_name", "value_field_name"];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/goals", get(list).post(create))
        .route("/goals/{id}", get(read).put(update).delete(remove))
        .route("/goals/{id}/mark_as_successful", post(mark_as_successful))
}

fn not_found() -> Failure {
    Failure::not_found("Goal not found")
}

fn one_of(key: &str, allowed: &[&str]) -> String {
    format!("{key} must be one of: {}", allowed.join(", "))
}

/// Digits with at most one period between digits: `199`, `199.00`.
fn is_decimal(text: &str) -> bool {
    let mut halves = text.splitn(2, '.');
    let whole = halves.next().unwrap_or("");
    let digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    digits(whole) && halves.next().is_none_or(digits)
}

async fn list(State(state): State<AppState>, Input(params): Input) -> Answer {
    let kind = params.text("type");
    if let Some(kind) = &kind
        && !TYPES.contains(&kind.as_str())
    {
        return Err(Failure::invalid([one_of("type", TYPES)]));
    }
    let data = state.data();
    let goals = data
        .goals
        .iter()
        .filter(|goal| kind.as_deref().is_none_or(|kind| goal["type"] == kind))
        .map(|goal| {
            json!({
                "id": goal["id"],
                "name": goal["name"],
                "active": goal["active"],
                "type": goal["type"],
            })
        })
        .collect();
    Ok(Json(Value::Array(goals)))
}

async fn read(State(state): State<AppState>, Path(raw): Path<String>) -> Answer {
    let id = parse_id(&raw, not_found)?;
    let data = state.data();
    let goal = data.goals.find_by("id", id, not_found)?;
    Ok(Json(goal.clone()))
}

/// Reads `active` into the goal (as 1 or 0) when it was sent.
fn apply_active(
    goal: &mut Map<String, Value>,
    params: &Map<String, Value>,
    errors: &mut Vec<String>,
) {
    if !params.contains_key("active") {
        return;
    }
    match params.flag("active") {
        Some(flag) => {
            goal.insert("active".into(), json!(u8::from(flag)));
        }
        None => errors.push("active must be 0 or 1".into()),
    }
}

/// Why the settings of a goal are read.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// A new goal.
    Create,
    /// An update that changes the goal's type.
    Retype,
    /// An update that keeps the type.
    Update,
}

/// Validates and stores the settings of the goal's type that `params` carries. A goal
/// that takes its type now (created or retyped) needs its type's required settings, and
/// the others get their defaults.
fn apply_settings(
    goal: &mut Map<String, Value>,
    params: &Map<String, Value>,
    mode: Mode,
    errors: &mut Vec<String>,
) {
    let fresh = mode != Mode::Update;
    let kind = goal
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let id = goal.get("id").cloned().unwrap_or(Value::Null);
    let mut set = |key: &str, value: String| {
        goal.insert(key.to_owned(), Value::String(value));
    };
    match kind.as_str() {
        "custom_variable" => {
            for key in CUSTOM_VARIABLE {
                match params.text(key) {
                    Some(value) if key.ends_with("name") && value.trim().is_empty() => {
                        errors.push(format!("{key} cannot be empty"));
                    }
                    Some(value) => set(key, value),
                    None if fresh => {
                        errors.push(format!("{key} is required for a custom_variable goal"))
                    }
                    None => {}
                }
            }
        }
        "url" => {
            match params.text("url") {
                Some(url) if url.trim().is_empty() => errors.push("url cannot be empty".into()),
                Some(url) => set("url", url),
                None if fresh => errors.push("url is required for a url goal".into()),
                None => {}
            }
            match params.text("match_type") {
                Some(kind) if MATCH_TYPES.contains(&kind.as_str()) => set("match_type", kind),
                Some(_) => errors.push(one_of("match_type", MATCH_TYPES)),
                None if fresh => set("match_type", "substring".into()),
                None => {}
            }
        }
        "sales_tracker" => {
            if fresh {
                let default_id = match &id {
                    Value::Number(number) => number.to_string(),
                    _ => String::new(),
                };
                set("sales_tracker_id", default_id);
                set("value_type", "not_set".into());
                set("value", String::new());
                set("currency", "USD".into());
                set("time_range", String::new());
                set("order_field_name", String::new());
                set("value_field_name", String::new());
            }
            // Create reads every setting; update only those the 2019 page allows there.
            let keys = if mode == Mode::Create {
                SALES_TRACKER
            } else {
                SALES_TRACKER_UPDATE
            };
            for key in keys {
                let Some(value) = params.text(key) else {
                    continue;
                };
                match *key {
                    "value_type" if !VALUE_TYPES.contains(&value.as_str()) => {
                        errors.push(one_of("value_type", VALUE_TYPES));
                    }
                    "value" if !value.is_empty() && !is_decimal(&value) => errors.push(
                        "value must be a number with a period as the decimal separator".into(),
                    ),
                    "currency"
                        if value.len() != 3 || !value.chars().all(|c| c.is_ascii_alphabetic()) =>
                    {
                        errors.push("currency must be a three-letter currency code".into());
                    }
                    _ => {
                        goal.insert((*key).to_owned(), Value::String(value));
                    }
                }
            }
            if goal.get("value_type").and_then(Value::as_str) == Some("set")
                && goal
                    .get("value")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
            {
                errors.push("value is required when value_type is set".into());
            }
        }
        _ => {}
    }
}

async fn create(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let name = required_text(&params, "name", &mut errors);
    let kind = params.text("type");
    match &kind {
        None => errors.push("type is required".to_owned()),
        Some(kind) if !TYPES.contains(&kind.as_str()) => errors.push(one_of("type", TYPES)),
        Some(_) => {}
    }
    let mut data = state.data();
    // The id is taken only once the goal is valid, so that a refused goal uses none.
    let id = data.next_id.get("goal").copied().unwrap_or(1041);
    let mut goal = Map::new();
    goal.insert("id".into(), json!(id));
    goal.insert("name".into(), json!(name));
    goal.insert("active".into(), json!(1));
    goal.insert("type".into(), json!(kind));
    apply_active(&mut goal, &params, &mut errors);
    if kind.as_deref().is_some_and(|kind| TYPES.contains(&kind)) {
        apply_settings(&mut goal, &params, Mode::Create, &mut errors);
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    data.next_id("goal", 1041);
    let goal = Value::Object(goal);
    data.goals.push(goal.clone());
    Ok(Json(goal))
}

async fn update(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Input(params): Input,
) -> Answer {
    let id = parse_id(&raw, not_found)?;
    let mut data = state.data();
    let index = data.goals.position_of("id", id, not_found)?;
    let Value::Object(mut goal) = data.goals[index].clone() else {
        return Err(not_found());
    };
    let mut errors = Vec::new();
    if let Some(name) = params.text("name") {
        if name.trim().is_empty() {
            errors.push("name cannot be empty".to_owned());
        } else {
            goal.insert("name".into(), Value::String(name));
        }
    }
    apply_active(&mut goal, &params, &mut errors);
    let mut mode = Mode::Update;
    match params.text("type") {
        Some(kind) if !TYPES.contains(&kind.as_str()) => errors.push(one_of("type", TYPES)),
        Some(kind) if goal.get("type").and_then(Value::as_str) != Some(kind.as_str()) => {
            goal.retain(|key, _| matches!(key.as_str(), "id" | "name" | "active" | "type"));
            goal.insert("type".into(), Value::String(kind));
            mode = Mode::Retype;
        }
        _ => {}
    }
    apply_settings(&mut goal, &params, mode, &mut errors);
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let goal = Value::Object(goal);
    data.goals[index] = goal.clone();
    Ok(Json(goal))
}

async fn remove(State(state): State<AppState>, Path(raw): Path<String>) -> Answer {
    let id = parse_id(&raw, not_found)?;
    state.data().goals.remove_by("id", id, not_found)?;
    Ok(Json(json!({ "result": "goal removed successfully" })))
}

async fn mark_as_successful(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Input(params): Input,
) -> Answer {
    let id = parse_id(&raw, not_found)?;
    let mut errors = Vec::new();
    let visitor_id = params
        .text("visitor_id")
        .filter(|visitor| !visitor.trim().is_empty());
    if visitor_id.is_none() {
        errors.push("visitor_id is required".to_owned());
    }
    let price = params.text("order_price");
    if let Some(price) = &price
        && !is_decimal(price.trim())
    {
        errors
            .push("order_price must be a number with a period as the decimal separator".to_owned());
    }
    let mut data = state.data();
    let goal = data.goals.find_by("id", id, not_found)?.clone();
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let now = data.tick();
    let visitor_id = visitor_id.unwrap_or_default();
    let running = data.visitor_chats.iter_mut().find(|session| {
        session["visitor_id"] == visitor_id.as_str() && session["state"] == "chatting"
    });
    if let Some(session) = running {
        let chat = &mut session["chat"];
        if !chat["goals"].is_array() {
            chat["goals"] = json!([]);
        }
        let order = json!({
            "id": params.text("order_id").unwrap_or_default(),
            "description": params.text("order_description").unwrap_or_default(),
            "price": price.map(|price| price.trim().to_owned()).unwrap_or_else(|| "0".into()),
            "currency": params.text("order_currency").unwrap_or_default(),
        });
        let mut entry = json!({
            "id": goal["id"],
            "name": goal["name"],
            "date": crate::calendar::chat_date(now),
            "timestamp": now,
            "order": order,
        });
        if goal["type"] == "sales_tracker" {
            entry["type"] = json!("sales_tracker");
        }
        if let Value::Array(goals) = &mut chat["goals"] {
            goals.push(entry);
        }
    }
    Ok(Json(json!({ "result": "goal marked as successful" })))
}
