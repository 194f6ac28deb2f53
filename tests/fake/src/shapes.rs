//! The JSON shapes that archived chats, running chats and webhooks share: messages,
//! events, pre-chat surveys, and a chat as a webhook carries it.

use serde_json::{Value, json};

use crate::calendar::chat_date;

/// The time zone of the seeded licence, in which chats tell their dates.
pub(crate) const TIMEZONE: &str = "UTC";

/// Ids of the archive's pre-chat survey fields (one survey form for the licence).
pub(crate) const SURVEY_NAME_ID: &str = "13589376348060238";
pub(crate) const SURVEY_EMAIL_ID: &str = "135893763480606511";
pub(crate) const SURVEY_RATING_ID: &str = "137164167769201638";

/// `{display_name, email}` of an agent record.
pub(crate) fn agent_ref(agent: &Value) -> Value {
    json!({ "display_name": agent["name"], "email": agent["login"] })
}

/// Whether an agent serves a group (every agent serves group 0, "General").
pub(crate) fn serves(agent: &Value, group: i64) -> bool {
    group == 0
        || agent["groups"]
            .as_array()
            .is_some_and(|groups| groups.iter().any(|g| g["id"] == group))
}

/// A message of an archived chat, as it appears in `messages`.
pub(crate) fn message(
    author: &str,
    login: Option<&str>,
    user_type: &str,
    text: &str,
    ts: i64,
) -> Value {
    let mut message = json!({
        "author_name": author,
        "text": text,
        "date": chat_date(ts),
        "timestamp": ts,
        "user_type": user_type,
    });
    if let Some(login) = login {
        message["agent_id"] = json!(login);
    }
    message
}

/// The same message as an entry of `events`.
pub(crate) fn message_event(message: &Value) -> Value {
    let mut event = message.clone();
    event["type"] = json!("message");
    event
}

/// A non-message event of an archived chat (`type: "event"`).
pub(crate) fn chat_event(event_type: &str, user_type: &str, text: &str, ts: i64) -> Value {
    json!({
        "text": text,
        "date": chat_date(ts),
        "timestamp": ts,
        "type": "event",
        "event_type": event_type,
        "user_type": user_type,
    })
}

/// The archive's pre-chat survey: the visitor's name and e-mail as given.
pub(crate) fn prechat_survey(name: &str, email: &str) -> Value {
    json!([
        { "key": "Name:", "value": name, "id": SURVEY_NAME_ID },
        { "key": "E-mail:", "value": email, "id": SURVEY_EMAIL_ID },
    ])
}

/// Closes a chat: adds the `closed` event, `ended`, `ended_timestamp` and `duration`.
pub(crate) fn finish_chat(chat: &mut Value, closed_by: &str, user_type: &str, ended: i64) {
    let text = format!("{closed_by} closed the chat.");
    if let Some(events) = chat["events"].as_array_mut() {
        events.push(chat_event("closed", user_type, &text, ended));
    }
    let started = chat["started_timestamp"].as_i64().unwrap_or(ended);
    if let Value::Object(fields) = chat {
        fields.remove("pending");
        fields.insert("duration".into(), json!(ended - started));
        fields.insert("ended_timestamp".into(), json!(ended));
        fields.insert("ended".into(), json!(chat_date(ended)));
    }
}

/// The `chat` data of a webhook payload.
pub(crate) fn webhook_chat(chat: &Value) -> Value {
    let messages: Vec<Value> = chat["messages"]
        .as_array()
        .map(|messages| {
            messages
                .iter()
                .map(|m| {
                    let mut out = json!({
                        "user_type": m["user_type"],
                        "author_name": m["author_name"],
                        "text": m["text"],
                        "timestamp": m["timestamp"],
                    });
                    if m.get("agent_id").is_some() {
                        out["agent_id"] = m["agent_id"].clone();
                    }
                    out
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = json!({
        "id": chat["id"],
        "started_timestamp": chat["started_timestamp"],
        "messages": messages,
        "tags": chat["tags"],
    });
    if chat.get("ended_timestamp").is_some() {
        out["ended_timestamp"] = chat["ended_timestamp"].clone();
    }
    out
}

/// The `visitor` data of a webhook payload about a chat.
pub(crate) fn webhook_visitor(chat: &Value) -> Value {
    let email = chat["prechat_survey"]
        .as_array()
        .and_then(|fields| fields.iter().find(|f| f["id"] == SURVEY_EMAIL_ID))
        .and_then(|f| f["value"].as_str())
        .unwrap_or("");
    let mut visitor = json!({
        "id": chat["visitor"]["id"],
        "name": chat["visitor"]["name"],
        "custom_variables": chat.get("custom_variables").cloned().unwrap_or_else(|| json!([])),
    });
    if !email.is_empty() {
        visitor["email"] = json!(email);
    }
    visitor
}

/// The `pre_chat_survey` data of a webhook payload about a chat.
pub(crate) fn webhook_survey(chat: &Value) -> Value {
    let answers = chat["prechat_survey"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter(|f| f["value"].as_str().is_some_and(|v| !v.is_empty()))
                .map(|f| {
                    let (kind, label) = if f["id"] == SURVEY_EMAIL_ID {
                        ("email", "Your e-mail")
                    } else {
                        ("name", "Your name")
                    };
                    json!({ "id": f["id"], "type": kind, "label": label, "answer": f["value"] })
                })
                .collect()
        })
        .unwrap_or_default();
    Value::Array(answers)
}
