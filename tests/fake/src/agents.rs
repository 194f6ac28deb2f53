//! `/agents`: list, get, create, update, reset the API key, remove.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::records::Records;
use super::seed::{self, Rng};
use super::{Answer, AppState, Data, Failure, Input, ParamsExt, is_email};

const STATUSES: &[&str] = &["accepting chats", "not accepting chats", "offline"];
const LOGIN_STATUSES: &[&str] = &["accepting chats", "not accepting chats"];
const PERMISSIONS: &[&str] = &["administrator", "normal"];
const NOTIFICATIONS: &[&str] = &[
    "new_visitor",
    "returning_visitor",
    "queued_visitor",
    "visitor_is_typing",
    "new_goal",
];
const DAYS: &[&str] = &[
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/agents", get(list).post(create))
        .route("/agents/{login}", get(read).put(update).delete(remove))
        .route("/agents/{login}/reset_api_key", post(reset_api_key))
}

fn not_found() -> Failure {
    Failure::not_found("Agent not found")
}

async fn list(State(state): State<AppState>, Input(params): Input) -> Answer {
    let status = params.text("status");
    if let Some(status) = &status
        && !STATUSES.contains(&status.as_str())
    {
        return Err(Failure::invalid([format!(
            "status must be one of: {}",
            STATUSES.join(", ")
        )]));
    }
    let data = state.data();
    let agents = data
        .agents
        .iter()
        .filter(|agent| status.as_deref().is_none_or(|s| agent["status"] == s))
        .map(|agent| {
            json!({
                "name": agent["name"],
                "permission": agent["permission"],
                "avatar": agent["avatar"],
                "login": agent["login"],
                "status": agent["status"],
            })
        })
        .collect();
    Ok(Json(Value::Array(agents)))
}

async fn read(State(state): State<AppState>, Path(login): Path<String>) -> Answer {
    let data = state.data();
    let agent = data.agents.find_by("login", login.as_str(), not_found)?;
    Ok(Json(agent.clone()))
}

/// Validates the writable fields shared by create and update and applies them.
fn apply(
    data: &Data,
    agent: &mut Map<String, Value>,
    params: &Map<String, Value>,
    errors: &mut Vec<String>,
) {
    for key in ["name", "job_title"] {
        if let Some(value) = params.text(key) {
            agent.insert(key.into(), Value::String(value));
        }
    }
    let mut choose = |key: &str, allowed: &[&str]| match params.text(key) {
        Some(value) if allowed.contains(&value.as_str()) => {
            agent.insert(key.into(), Value::String(value));
        }
        Some(_) => errors.push(format!("{key} must be one of: {}", allowed.join(", "))),
        None => {}
    };
    choose("login_status", LOGIN_STATUSES);
    choose("permission", PERMISSIONS);
    if let Some(password) = params.text("password")
        && password.chars().count() < 5
    {
        errors.push("password must be at least 5 characters long".into());
    }
    for key in ["daily_summary"] {
        match (params.contains_key(key), params.flag(key)) {
            (true, Some(flag)) => {
                agent.insert(key.into(), json!(u8::from(flag)));
            }
            (true, None) => errors.push(format!("{key} must be 0 or 1")),
            _ => {}
        }
    }
    match (
        params.contains_key("max_chats_count"),
        params.int("max_chats_count"),
    ) {
        (true, Some(count)) if count > 0 => {
            agent.insert("max_chats_count".into(), json!(count));
        }
        (true, _) => errors.push("max_chats_count must be a positive number".into()),
        _ => {}
    }
    if let Some(groups) = params.texts("groups") {
        let ids: Vec<i64> = groups.iter().filter_map(|g| g.parse().ok()).collect();
        if ids.len() != groups.len() || ids.iter().any(|id| !data.group_exists(*id)) {
            errors.push("groups must list existing group ids".into());
        } else {
            agent.insert("groups".into(), data.group_refs(&ids));
        }
    }
    if let Some(notifications) = params.get("notifications") {
        let Value::Object(given) = notifications else {
            errors.push("notifications must be an object".into());
            return;
        };
        let current = agent
            .entry("notifications")
            .or_insert_with(seed::default_notifications);
        for (key, value) in given {
            let flag = super::params::ParamsExt::flag(given, key);
            match (
                NOTIFICATIONS.contains(&key.as_str()) || key == "incoming_chat",
                flag,
            ) {
                (true, Some(flag)) if key != "incoming_chat" => {
                    current[key] = json!(u8::from(flag))
                }
                (true, Some(_)) => {}
                _ => errors.push(format!("notifications[{key}] {value} is not allowed")),
            }
        }
    }
}

async fn create(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let login = params.text("login").unwrap_or_default();
    if login.is_empty() {
        errors.push("login is required".to_owned());
    } else if !is_email(&login) {
        errors.push("login must be a valid e-mail address".to_owned());
    }
    if params
        .text("name")
        .is_none_or(|name| name.trim().is_empty())
    {
        errors.push("name is required".to_owned());
    }
    let mut data = state.data();
    if data
        .agents
        .iter()
        .any(|agent| agent["login"] == login.as_str())
    {
        errors.push(format!("agent {login} already exists"));
    }
    let mut rng = Rng::new(data.config.seed ^ data.tick() as u64);
    let mut agent = json!({
        "login": login,
        "name": "",
        "login_status": "accepting chats",
        "permission": "normal",
        "daily_summary": 1,
        "job_title": "Support Agent",
        "avatar": "livechat.s3.amazonaws.com/default/avatars/45bcb5f592dbf5aac8f88dcfd6bc937c.png",
        "notifications": seed::default_notifications(),
        "max_chats_count": 6,
        "groups": [],
        "status": "offline",
        "last_logout": 0,
        "api_key": rng.hex(),
    });
    if let Value::Object(fields) = &mut agent {
        apply(&data, fields, &params, &mut errors);
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    data.agents.push(agent.clone());
    Ok(Json(agent))
}

async fn update(
    State(state): State<AppState>,
    Path(login): Path<String>,
    Input(params): Input,
) -> Answer {
    let mut data = state.data();
    let index = data
        .agents
        .position_of("login", login.as_str(), not_found)?;
    let mut changed = data.agents[index].clone();
    let Value::Object(fields) = &mut changed else {
        return Err(not_found());
    };
    let mut errors = Vec::new();
    apply(&data, fields, &params, &mut errors);
    if params.text("password").is_some() && params.text("current_password").is_none() {
        errors.push("current_password is required to change a password".into());
    }
    match params.text("status") {
        Some(status) if !STATUSES.contains(&status.as_str()) => {
            errors.push(format!("status must be one of: {}", STATUSES.join(", ")));
        }
        // An agent who is offline stays offline: only signing in changes that.
        Some(status) if fields["status"] != "offline" => {
            fields.insert("status".into(), Value::String(status));
        }
        _ => {}
    }
    if let Some(scheduler) = params.get("work_scheduler") {
        match scheduler {
            Value::Object(days) => {
                let current = fields.entry("work_scheduler").or_insert_with(|| json!({}));
                for (day, hours) in days {
                    let (true, Value::Object(hours)) = (DAYS.contains(&day.as_str()), hours) else {
                        errors.push(format!("work_scheduler[{day}] is not a day of the week"));
                        continue;
                    };
                    let entry = &mut current[day.as_str()];
                    if !entry.is_object() {
                        *entry = json!({ "enabled": 0, "start": "09:00", "end": "17:00" });
                    }
                    for (key, value) in hours {
                        match key.as_str() {
                            "enabled" => match super::params::ParamsExt::flag(hours, key) {
                                Some(flag) => entry[key.as_str()] = json!(u8::from(flag)),
                                None => errors
                                    .push(format!("work_scheduler[{day}][enabled] must be 0 or 1")),
                            },
                            "start" | "end" => entry[key.as_str()] = value.clone(),
                            _ => {
                                errors.push(format!("work_scheduler[{day}][{key}] is not allowed"))
                            }
                        }
                    }
                }
            }
            _ => errors.push("work_scheduler must be an object".into()),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    data.agents[index] = changed.clone();
    Ok(Json(changed))
}

async fn reset_api_key(State(state): State<AppState>, Path(login): Path<String>) -> Answer {
    let mut data = state.data();
    let mut rng = Rng::new(data.config.seed ^ data.tick() as u64);
    let agent = data
        .agents
        .find_by_mut("login", login.as_str(), not_found)?;
    agent["api_key"] = Value::String(rng.hex());
    Ok(Json(agent.clone()))
}

async fn remove(State(state): State<AppState>, Path(login): Path<String>) -> Answer {
    state
        .data()
        .agents
        .remove_by("login", login.as_str(), not_found)?;
    Ok(Json(
        json!({ "result": format!("{login} removed successfully") }),
    ))
}
