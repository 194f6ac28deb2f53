//! `/groups`: list, get, create, update, remove.
//!
//! A group is kept as `{id, name, language, agents, status}`. Who belongs to a group is
//! told by the agents' own `groups` (what `/agents`, `/status` and the chats read); the
//! group's `agents` keeps the order its members were given in. Writing a group updates
//! its members' `groups`, and answers compute `agents` and `status` afresh, so that the
//! two sides never disagree:
//! - `agents`: the kept logins that are still members, then any other member (an agent
//!   who joined through `/agents`). Group 0 holds every agent and, as documented, answers
//!   without `agents`; its members cannot be changed.
//! - `status`: `accepting chats` when a member accepts chats, else `not accepting chats`
//!   when a member is signed in, else `offline`.
//!
//! Group 0 cannot be removed. Removing a group takes it off its members' `groups`; the
//! greetings, canned responses and tags of the group are left as they are.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::params::{optional_text, required_text};
use super::records::{Records, parse_id};
use super::{Answer, AppState, Data, Failure, Input, ParamsExt};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/groups", get(list).post(create))
        .route("/groups/{id}", get(read).put(update).delete(remove))
}

fn not_found() -> Failure {
    Failure::not_found("Group not found")
}

fn belongs(agent: &Value, group: i64) -> bool {
    group == 0
        || agent["groups"]
            .as_array()
            .is_some_and(|groups| groups.iter().any(|g| g["id"] == group))
}

/// Logins of the group's members: the kept order first, then any other member.
fn members(data: &Data, group: &Value) -> Vec<String> {
    let id = group["id"].as_i64().unwrap_or(-1);
    let is_member = |login: &str| {
        data.agents
            .iter()
            .any(|agent| agent["login"] == login && belongs(agent, id))
    };
    let mut logins: Vec<String> = group["agents"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .filter(|login| is_member(login))
        .map(str::to_owned)
        .collect();
    for agent in &data.agents {
        if let Some(login) = agent["login"].as_str()
            && belongs(agent, id)
            && !logins.iter().any(|known| known == login)
        {
            logins.push(login.to_owned());
        }
    }
    logins
}

/// The status of a group with these members.
fn status(data: &Data, logins: &[String]) -> &'static str {
    let statuses: Vec<&Value> = data
        .agents
        .iter()
        .filter(|agent| logins.iter().any(|login| agent["login"] == login.as_str()))
        .map(|agent| &agent["status"])
        .collect();
    if statuses.iter().any(|status| **status == "accepting chats") {
        "accepting chats"
    } else if statuses
        .iter()
        .any(|status| **status == "not accepting chats")
    {
        "not accepting chats"
    } else {
        "offline"
    }
}

/// The group as the API answers it, with its members and status as they are now.
fn view(data: &Data, group: &Value) -> Value {
    let logins = members(data, group);
    let mut out = json!({
        "id": group["id"],
        "name": group["name"],
        "language": group["language"],
    });
    if group["id"] != 0 {
        out["agents"] = json!(logins);
    }
    out["status"] = json!(status(data, &logins));
    out
}

/// Re-reads members and status into the stored group, so that `data.groups` agrees with
/// what is answered.
fn refresh(data: &mut Data, index: usize) -> Value {
    let group = data.groups[index].clone();
    let logins = members(data, &group);
    let status = status(data, &logins);
    let stored = &mut data.groups[index];
    stored["agents"] = json!(logins);
    stored["status"] = json!(status);
    view(data, &data.groups[index])
}

/// `language` when sent: a code of letters, optionally with a region (`en`, `pt-BR`).
fn language(params: &Map<String, Value>, errors: &mut Vec<String>) -> Option<String> {
    let language = params.text("language")?;
    let mut parts = language.split(['-', '_']);
    let code = parts.next().unwrap_or_default();
    let valid = (2..=3).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|part| {
            (2..=4).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
    if !valid {
        errors.push("language must be a language code such as en".into());
    }
    Some(language)
}

/// `agents` when sent: a non-empty list of existing agents' logins, without repeats.
fn agents(
    data: &Data,
    params: &Map<String, Value>,
    errors: &mut Vec<String>,
) -> Option<Vec<String>> {
    let logins = match params.get("agents")? {
        Value::Object(_) => {
            errors.push("agents must be a list of agent logins".into());
            return Some(Vec::new());
        }
        _ => params.texts("agents").unwrap_or_default(),
    };
    if logins.is_empty() {
        errors.push("agents must list at least one agent".into());
    }
    let mut unique: Vec<String> = Vec::new();
    for login in logins {
        let login = login.trim().to_owned();
        if !data
            .agents
            .iter()
            .any(|agent| agent["login"] == login.as_str())
        {
            errors.push(format!("agents: {login} is not an agent of this licence"));
        } else if !unique.contains(&login) {
            unique.push(login);
        }
    }
    Some(unique)
}

/// Makes exactly `logins` members of group `id` (adding or removing it from their
/// `groups`), and refreshes the name in every member's reference to the group.
fn assign(data: &mut Data, id: i64, logins: Option<&[String]>) {
    let name = data
        .groups
        .iter()
        .find(|group| group["id"] == id)
        .map(|group| group["name"].clone())
        .unwrap_or(Value::Null);
    for agent in &mut data.agents {
        let member = match (logins, agent["login"].as_str()) {
            (Some(logins), Some(login)) => logins.iter().any(|l| l == login),
            (None, _) => belongs(agent, id),
            (Some(_), None) => false,
        };
        if !agent["groups"].is_array() {
            agent["groups"] = json!([]);
        }
        let Value::Array(groups) = &mut agent["groups"] else {
            continue;
        };
        groups.retain(|group| group["id"] != id);
        if member {
            groups.push(json!({ "id": id, "name": name }));
            groups.sort_by_key(|group| group["id"].as_i64().unwrap_or(i64::MAX));
        }
    }
}

async fn list(State(state): State<AppState>) -> Answer {
    let data = state.data();
    let groups = data.groups.iter().map(|group| view(&data, group)).collect();
    Ok(Json(Value::Array(groups)))
}

async fn read(State(state): State<AppState>, Path(raw): Path<String>) -> Answer {
    let id = parse_id(&raw, not_found)?;
    let data = state.data();
    let group = data.groups.find_by("id", id, not_found)?;
    Ok(Json(view(&data, group)))
}

async fn create(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let name = required_text(&params, "name", &mut errors);
    let language = language(&params, &mut errors);
    let mut data = state.data();
    let logins = agents(&data, &params, &mut errors);
    if logins.is_none() {
        errors.push("agents is required".to_owned());
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let first = data
        .groups
        .iter()
        .filter_map(|group| group["id"].as_i64())
        .max()
        .map_or(0, |max| max + 1);
    let mut id = data.next_id("group", first);
    while data.group_exists(id) {
        id = data.next_id("group", first);
    }
    let logins = logins.unwrap_or_default();
    data.groups.push(json!({
        "id": id,
        "name": name,
        "language": language.unwrap_or_else(|| "en".into()),
        "agents": logins,
        "status": "offline",
    }));
    assign(&mut data, id, Some(&logins));
    let index = data.groups.len() - 1;
    Ok(Json(refresh(&mut data, index)))
}

async fn update(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Input(params): Input,
) -> Answer {
    let id = parse_id(&raw, not_found)?;
    let mut errors = Vec::new();
    let name = optional_text(&params, "name", &mut errors);
    let language = language(&params, &mut errors);
    let mut data = state.data();
    let index = data.groups.position_of("id", id, not_found)?;
    let logins = agents(&data, &params, &mut errors);
    if id == 0 && logins.is_some() {
        errors.push("the agents of group 0 cannot be changed: it holds every agent".to_owned());
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let group = &mut data.groups[index];
    if let Some(name) = name {
        group["name"] = json!(name);
    }
    if let Some(language) = language {
        group["language"] = json!(language);
    }
    if let Some(logins) = &logins {
        group["agents"] = json!(logins);
    }
    if id != 0 {
        assign(&mut data, id, logins.as_deref());
    }
    Ok(Json(refresh(&mut data, index)))
}

async fn remove(State(state): State<AppState>, Path(raw): Path<String>) -> Answer {
    let id = parse_id(&raw, not_found)?;
    let mut data = state.data();
    let index = data.groups.position_of("id", id, not_found)?;
    if id == 0 {
        return Err(Failure::bad_request(
            "Group 0 cannot be removed: it holds every agent of the licence",
        ));
    }
    data.groups.remove(index);
    for agent in &mut data.agents {
        if let Value::Array(groups) = &mut agent["groups"] {
            groups.retain(|group| group["id"] != id);
        }
    }
    Ok(Json(json!({ "result": "group removed successfully" })))
}
