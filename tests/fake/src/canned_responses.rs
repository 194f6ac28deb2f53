//! `/canned_responses`: list, get, create, update, remove.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use serde_json::{Value, json};

use super::params::{group_id, optional_text, required_text};
use super::records::Records;
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
    data.emit(Event::new("canned_response_changed").with("canned_response", canned.clone()));
}

fn not_found() -> Failure {
    Failure::not_found("Canned response not found")
}

fn id(raw: &str) -> Result<i64, Failure> {
    raw.parse().map_err(|_| not_found())
}

async fn list(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let group = group_id(&params, &mut errors).unwrap_or(0);
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
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
    let found = data.canned_responses.find_by("id", id, not_found)?;
    Ok(Json(found.clone()))
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
    let text = required_text(&params, "text", &mut errors);
    let tags = tags(&params, &mut errors);
    if tags.is_none() {
        errors.push("tags is required".to_owned());
    }
    let group = group_id(&params, &mut errors).unwrap_or(0);
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
    let text = optional_text(&params, "text", &mut errors);
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let mut data = state.data();
    let now = data.tick();
    let login = data.config.login.clone();
    let canned = data.canned_responses.find_by_mut("id", id, not_found)?;
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
    let removed = data.canned_responses.remove_by("id", id, not_found)?;
    changed(&mut data, &removed);
    Ok(Json(
        json!({ "result": "Canned response removed successfully" }),
    ))
}
