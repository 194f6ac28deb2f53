//! The visitor's side of a chat (2017 "Visitor's chat"): start, pending messages, send a
//! message, close.
//!
//! These calls carry no account credentials (the guard lets them through): the licence
//! number (`licence_id`) and the `secured_session_id` that `start` returns authenticate
//! them. A wrong or missing licence number is a 401; a session that does not exist, belongs
//! to another visitor or has been closed is a 404.
//!
//! A running chat is kept in `Data::visitor_chats` as
//! `{secured_session_id, visitor_id, state, next_message_id, replies, events, chat}`:
//! `events` are what `get_pending_messages` answers, `chat` is the chat in the archive's
//! shape with `pending: true`. Each visitor message gets an answer from the assigned agent
//! (one of the group's canned responses), so that a conversation has two sides. Closing
//! moves the chat to the archive (`GET /chats`).

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::seed::Rng;
use super::{Answer, AppState, Data, Event, Failure, Input, ParamsExt, is_email};
use crate::calendar::{chat_date, plain_time};
use crate::ids::{taken_ids, unique_id};
use crate::shapes::{
    TIMEZONE, agent_ref, finish_chat, message, message_event, prechat_survey, serves,
    webhook_survey,
};

const MAX_LENGTH: usize = 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/visitors/{visitor_id}/chat/start", post(start))
        .route(
            "/visitors/{visitor_id}/chat/get_pending_messages",
            get(pending_messages),
        )
        .route(
            "/visitors/{visitor_id}/chat/send_message",
            post(send_message),
        )
        .route("/visitors/{visitor_id}/chat/close", post(close))
}

fn unauthorized(message: &str) -> Failure {
    Failure {
        status: StatusCode::UNAUTHORIZED,
        body: json!({ "error": message }),
    }
}

/// Checks `licence_id`: 400 when missing, 401 when not the fake's licence.
fn check_licence(data: &Data, params: &Map<String, Value>, key: &str) -> Result<(), Failure> {
    match params.text(key) {
        None => Err(Failure::invalid([format!("{key} is required")])),
        Some(text) if text.trim() == data.config.license_id.to_string() => Ok(()),
        Some(_) => Err(unauthorized(&format!(
            "Authentication failed: invalid {key}"
        ))),
    }
}

/// The index of the running chat the parameters name.
fn session(data: &Data, visitor_id: &str, params: &Map<String, Value>) -> Result<usize, Failure> {
    let mut missing = Vec::new();
    if params.text("licence_id").is_none() {
        missing.push("licence_id is required".to_owned());
    }
    let secured = params.text("secured_session_id").unwrap_or_default();
    if secured.is_empty() {
        missing.push("secured_session_id is required".to_owned());
    }
    if !missing.is_empty() {
        return Err(Failure::invalid(missing));
    }
    check_licence(data, params, "licence_id")?;
    let index = data
        .visitor_chats
        .iter()
        .position(|s| s["secured_session_id"] == secured.as_str() && s["visitor_id"] == visitor_id)
        .ok_or_else(|| Failure::not_found("Chat session not found"))?;
    if data.visitor_chats[index]["state"] != "chatting" {
        return Err(Failure::not_found("The chat has already been closed"));
    }
    Ok(index)
}

/// What a visitor gives when starting a chat.
pub(crate) struct Opening {
    pub(crate) visitor_id: String,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) group: i64,
    pub(crate) welcome: String,
}

/// Starts a chat: assigns an agent of the group, records the visitor as chatting and
/// returns the index of the new session and the `chat_started` event to raise.
pub(crate) fn open(data: &mut Data, opening: Opening) -> Result<(usize, Event), Failure> {
    let now = data.tick();
    let mut rng = Rng::new(data.config.seed ^ (now as u64).rotate_left(17));
    let agent = pick_agent(data, opening.group)
        .ok_or_else(|| Failure::bad_request("No agent can take chats in this group"))?;
    let mut taken = taken_ids(data);
    let chat_id = unique_id(&mut rng, 10, &mut taken);
    let secured = format!("CS{now}.{}", &rng.hex()[..10]);
    let visitor_index =
        super::visitors::arrive(data, &mut rng, &opening.visitor_id, &opening.name, now);
    let agent_name = agent["name"].as_str().unwrap_or("").to_owned();
    let login = agent["login"].as_str().map(str::to_owned);
    let welcome = message(
        &agent_name,
        login.as_deref(),
        "agent",
        &opening.welcome,
        now,
    );
    let visitor = &data.visitors[visitor_index];
    let mut chat = json!({
        "type": "chat",
        "id": chat_id,
        "visitor": {
            "id": opening.visitor_id,
            "name": opening.name,
            "ip": visitor["ip"],
            "city": visitor["city"],
            "country": visitor["country"],
            "country_code": visitor["country_code"],
            "timezone": visitor["timezone"],
            "region": visitor["region"],
            "user_agent": visitor["browser"],
        },
        "agents": [agent_ref(&agent)],
        "supervisors": [],
        "rate": "not_rated",
        "duration": 0,
        "chat_start_url": visitor["page_current"],
        "group": [opening.group],
        "started": chat_date(now),
        "prechat_survey": prechat_survey(&opening.name, &opening.email),
        "postchat_survey": [],
        "tags": [],
        "timezone": TIMEZONE,
        "messages": [welcome.clone()],
        "events": [message_event(&welcome)],
        "engagement": "immediate_start",
        "started_timestamp": now,
        "pending": true,
    });
    if let Some(variables) = visitor["custom_variables"]
        .as_array()
        .filter(|v| !v.is_empty())
    {
        chat["custom_variables"] = Value::Array(variables.clone());
    }
    if let Some(referrer) = visitor["referrer"].as_str().filter(|r| !r.is_empty()) {
        chat["referrer"] = json!(referrer);
    }
    let events = json!([
        {
            "agent": {
                "avatar": agent["avatar"],
                "job_title": agent["job_title"],
                "name": agent_name,
            },
            "message_id": 1,
            "timestamp": now,
            "type": "agent_details",
            "user_type": "agent",
        },
        {
            "message_id": 2,
            "text": opening.welcome,
            "timestamp": now,
            "type": "message",
            "user_type": "agent",
        },
    ]);
    let visitor = &mut data.visitors[visitor_index];
    visitor["state"] = json!("chatting");
    visitor["chat_id"] = json!(chat_id);
    visitor["chat_start_time"] = json!(plain_time(now));
    visitor["chat_start_time_ts"] = json!(now);
    visitor["chats"] = json!(visitor["chats"].as_i64().unwrap_or(0) + 1);
    visitor["group"] = json!(opening.group);
    visitor["operators"] = json!([{ "id": agent["login"], "name": agent_name }]);
    visitor["prechat_survey"] = chat["prechat_survey"].clone();
    visitor["queue_start_time"] = json!(0);
    let event =
        Event::about_chat("chat_started", &chat).with("pre_chat_survey", webhook_survey(&chat));
    data.visitor_chats.push(json!({
        "secured_session_id": secured,
        "visitor_id": opening.visitor_id,
        "state": "chatting",
        "next_message_id": 3,
        "replies": 0,
        "events": events,
        "chat": chat,
    }));
    Ok((data.visitor_chats.len() - 1, event))
}

/// An agent of the group who accepts chats and has the fewest running ones; else any
/// agent of the group; else any agent.
fn pick_agent(data: &Data, group: i64) -> Option<Value> {
    let running = |agent: &Value| {
        data.visitor_chats
            .iter()
            .filter(|s| {
                s["state"] == "chatting" && s["chat"]["agents"][0]["email"] == agent["login"]
            })
            .count()
    };
    let in_group: Vec<&Value> = data.agents.iter().filter(|a| serves(a, group)).collect();
    in_group
        .iter()
        .filter(|a| a["status"] == "accepting chats")
        .min_by_key(|a| running(a))
        .or_else(|| in_group.first())
        .map(|a| (*a).clone())
        .or_else(|| data.agents.first().cloned())
}

/// Adds a visitor message and the agent's answer to a running chat.
pub(crate) fn say(data: &mut Data, index: usize, text: &str) {
    let now = data.tick();
    let reply_at = data.tick();
    let replies = data.visitor_chats[index]["replies"].as_u64().unwrap_or(0);
    let group = data.visitor_chats[index]["chat"]["group"][0]
        .as_i64()
        .unwrap_or(0);
    let answers: Vec<String> = data
        .canned_responses
        .iter()
        .filter(|c| c["group"] == group || c["group"] == 0)
        .filter_map(|c| c["text"].as_str().map(str::to_owned))
        .collect();
    let answer = if answers.is_empty() {
        "Thank you, let me check that for you.".to_owned()
    } else {
        answers[replies as usize % answers.len()].clone()
    };
    let agent_login = data.visitor_chats[index]["chat"]["agents"][0]["email"].clone();
    let agent_name = data.visitor_chats[index]["chat"]["agents"][0]["display_name"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let session = &mut data.visitor_chats[index];
    let visitor_name = session["chat"]["visitor"]["name"]
        .as_str()
        .unwrap_or("Client")
        .to_owned();
    let mut id = session["next_message_id"].as_i64().unwrap_or(1);
    let from_visitor = message(&visitor_name, None, "visitor", text, now);
    let from_agent = message(
        &agent_name,
        agent_login.as_str(),
        "agent",
        &answer,
        reply_at,
    );
    for (line, user_type, ts) in [(text, "visitor", now), (answer.as_str(), "agent", reply_at)] {
        if let Some(events) = session["events"].as_array_mut() {
            events.push(json!({
                "message_id": id,
                "text": line,
                "timestamp": ts,
                "type": "message",
                "user_type": user_type,
            }));
        }
        id += 1;
    }
    session["next_message_id"] = json!(id);
    session["replies"] = json!(replies + 1);
    let chat = &mut session["chat"];
    for line in [from_visitor, from_agent] {
        if let Some(events) = chat["events"].as_array_mut() {
            events.push(message_event(&line));
        }
        if let Some(messages) = chat["messages"].as_array_mut() {
            messages.push(line);
        }
    }
    let started = chat["started_timestamp"].as_i64().unwrap_or(reply_at);
    chat["duration"] = json!(reply_at - started);
}

async fn start(
    State(state): State<AppState>,
    Path(visitor_id): Path<String>,
    Input(params): Input,
) -> Answer {
    let mut errors = Vec::new();
    if params.text("licence_id").is_none() {
        errors.push("licence_id is required".to_owned());
    } else {
        check_licence(&state.data(), &params, "licence_id")?;
    }
    if visitor_id.trim().is_empty() || visitor_id.chars().count() > MAX_LENGTH {
        errors.push(format!(
            "visitor_id must be 1 to {MAX_LENGTH} characters long"
        ));
    }
    let welcome = params.text("welcome_message").unwrap_or_default();
    if welcome.trim().is_empty() {
        errors.push("welcome_message is required".to_owned());
    } else if welcome.chars().count() > MAX_LENGTH {
        errors.push(format!(
            "welcome_message must be at most {MAX_LENGTH} characters long"
        ));
    }
    let name = params
        .text("name")
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "Client".to_owned());
    let email = params.text("email").unwrap_or_default().trim().to_owned();
    if !email.is_empty() && !is_email(&email) {
        errors.push("email must be a valid e-mail address".to_owned());
    }
    let group = match params.text("group").filter(|g| !g.trim().is_empty()) {
        None => Some(0),
        Some(_) => params.int("group"),
    };
    let mut data = state.data();
    if !group.is_some_and(|group| data.group_exists(group)) {
        errors.push("group must be the id of an existing group".to_owned());
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    // A visitor with a chat in progress gets that chat's session back.
    if let Some(running) = data
        .visitor_chats
        .iter()
        .find(|s| s["visitor_id"] == visitor_id.as_str() && s["state"] == "chatting")
    {
        return Ok(Json(json!({
            "secured_session_id": running["secured_session_id"],
            "banned": false,
        })));
    }
    let (index, event) = open(
        &mut data,
        Opening {
            visitor_id,
            name,
            email,
            group: group.unwrap_or(0),
            welcome,
        },
    )?;
    data.emit(event);
    Ok(Json(json!({
        "secured_session_id": data.visitor_chats[index]["secured_session_id"],
        "banned": false,
    })))
}

async fn pending_messages(
    State(state): State<AppState>,
    Path(visitor_id): Path<String>,
    Input(params): Input,
) -> Answer {
    let last = match params
        .text("last_message_id")
        .filter(|t| !t.trim().is_empty())
    {
        None => 0,
        Some(_) => params
            .int("last_message_id")
            .filter(|id| *id >= 0)
            .ok_or_else(|| Failure::invalid(["last_message_id must be a message id (a number)"]))?,
    };
    let data = state.data();
    let index = session(&data, &visitor_id, &params)?;
    let events: Vec<Value> = data.visitor_chats[index]["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter(|e| e["message_id"].as_i64().is_some_and(|id| id > last))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    Ok(Json(json!({ "events": events })))
}

async fn send_message(
    State(state): State<AppState>,
    Path(visitor_id): Path<String>,
    Input(params): Input,
) -> Answer {
    let mut data = state.data();
    let index = session(&data, &visitor_id, &params)?;
    let text = params.text("message").unwrap_or_default();
    if text.trim().is_empty() {
        return Err(Failure::invalid(["message is required"]));
    }
    say(&mut data, index, &text);
    Ok(Json(json!({ "success": true })))
}

async fn close(
    State(state): State<AppState>,
    Path(visitor_id): Path<String>,
    Input(params): Input,
) -> Answer {
    let mut data = state.data();
    let index = session(&data, &visitor_id, &params)?;
    let now = data.tick();
    let session = &mut data.visitor_chats[index];
    session["state"] = json!("closed");
    let mut chat = session["chat"].take();
    let name = chat["visitor"]["name"]
        .as_str()
        .unwrap_or("Client")
        .to_owned();
    finish_chat(&mut chat, &name, "visitor", now);
    session["chat"] = json!({ "id": chat["id"] });
    if let Some(visitor) = data
        .visitors
        .iter_mut()
        .find(|v| v["id"] == visitor_id.as_str())
    {
        visitor["state"] = json!("chat closed");
        visitor["operators"] = json!([]);
    }
    let event =
        Event::about_chat("chat_ended", &chat).with("pre_chat_survey", webhook_survey(&chat));
    data.chats.push(chat);
    data.emit(event);
    Ok(Json(json!({ "success": true })))
}
