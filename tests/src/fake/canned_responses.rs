//! `/canned_responses`: list, get, create, update, remove.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use serde_json::{Value, json};

use super::{Answer, AppState, Data, Event, Failure, Input, ParamsExt};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/canned_responses", get(list).post(create))
        .route(
            "/canned_responses/{id}",
            get(read).put(update).delete(remove),
        )
}

/// Raises `canned_response_changed` with the response as it is now (or was, if removed).
fn changed(data: &mut Data, canned: &Value) {
    let mut payload = serde_json::Map::new();
    payload.insert("canned_response".into(), canned.clone());
    data.emit(Event {
        event_type: "canned_response_changed",
        data: payload,
    });
}

fn not_found() -> Failure {
    Failure::not_found("Canned response not found")
}

fn id(raw: &str) -> Result<i64, Failure> {
    raw.parse().map_err(|_| not_found())
}

async fn list(State(state): State<AppState>, Input(params): Input) -> Answer {
    let group = params.int("group").unwrap_or(0);
    let data = state.data();
    let found = data
        .canned_responses
        .iter()
        .filter(|canned| canned["group"] == group)
        .cloned()
        .collect();
    Ok(Json(Value::Array(found)))
}

async fn read(State(state): State<AppState>, Path(raw): Path<String>) -> Answer {
    let id = id(&raw)?;
    let data = state.data();
    let found = data
        .canned_responses
        .iter()
        .find(|canned| canned["id"] == id);
    found.cloned().map(Json).ok_or_else(not_found)
}

fn tags(params: &serde_json::Map<String, Value>, errors: &mut Vec<String>) -> Option<Vec<String>> {
    let tags = params.texts("tags")?;
    if tags.is_empty() || tags.iter().any(|tag| tag.trim().is_empty()) {
        errors.push("tags must be a list of non-empty strings".into());
    }
    Some(tags)
}

async fn create(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let text = params.text("text").filter(|text| !text.trim().is_empty());
    if text.is_none() {
        errors.push("text is required".to_owned());
    }
    let tags = tags(&params, &mut errors);
    if tags.is_none() {
        errors.push("tags is required".to_owned());
    }
    let group = params.int("group").unwrap_or(0);
    let mut data = state.data();
    if !data.group_exists(group) {
        errors.push("group does not exist".to_owned());
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let id = data.next_id("canned_response", 3151);
    let canned = json!({
        "id": id,
        "group": group,
        "text": text,
        "creation_date": data.tick(),
        "created_by": data.config.login,
        "tags": tags,
    });
    data.canned_responses.push(canned.clone());
    changed(&mut data, &canned);
    Ok(Json(canned))
}

async fn update(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Input(params): Input,
) -> Answer {
    let id = id(&raw)?;
    let mut errors = Vec::new();
    let tags = tags(&params, &mut errors);
    let text = params.text("text");
    if text.as_deref().is_some_and(|text| text.trim().is_empty()) {
        errors.push("text cannot be empty".into());
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let mut data = state.data();
    let now = data.tick();
    let login = data.config.login.clone();
    let canned = data
        .canned_responses
        .iter_mut()
        .find(|canned| canned["id"] == id)
        .ok_or_else(not_found)?;
    if let Some(text) = text {
        canned["text"] = json!(text);
    }
    if let Some(tags) = tags {
        canned["tags"] = json!(tags);
    }
    canned["modification_date"] = json!(now);
    canned["modified_by"] = json!(login);
    let canned = canned.clone();
    changed(&mut data, &canned);
    Ok(Json(canned))
}

async fn remove(State(state): State<AppState>, Path(raw): Path<String>) -> Answer {
    let id = id(&raw)?;
    let mut data = state.data();
    let index = data
        .canned_responses
        .iter()
        .position(|canned| canned["id"] == id)
        .ok_or_else(not_found)?;
    let removed = data.canned_responses.remove(index);
    changed(&mut data, &removed);
    Ok(Json(
        json!({ "result": "Canned response removed successfully" }),
    ))
}
