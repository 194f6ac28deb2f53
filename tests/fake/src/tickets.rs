//! `/tickets`: list with filters, get one, create, replace tags.
//!
//! The list is ordered by the last modification (`order=desc` by default), 25 a page.
//! `date_from`/`date_to` keep the tickets with any event on those (UTC) days.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, put};
use serde_json::{Map, Value, json};

use super::records::Records;
use super::seed::Rng;
use super::{Answer, AppState, Data, Event, Failure, Input, ParamsExt, is_email};
use crate::calendar::iso_time;
use crate::ids::{taken_ids, unique_id};
use crate::listing::{date_range, filled_text, flag_param, page_param, paginate};

const STATUSES: &[&str] = &["open", "pending", "solved", "spam"];
const SOURCES: &[&str] = &["lc2", "mail", "facebook", "agent-app-manual", "chat-window"];
const CREATE_SOURCES: &[&str] = &["chat-window", "mail", "lc2"];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/tickets", get(list).post(create))
        .route("/tickets/{id}", get(read))
        .route("/tickets/{id}/tags", put(update_tags))
}

fn not_found() -> Failure {
    Failure::not_found("Ticket not found")
}

/// `requester[mail]`: nested by the form parser or the JSON body, or a literal key.
fn requester_mail(params: &Map<String, Value>) -> Option<String> {
    match params.get("requester") {
        Some(Value::Object(requester)) => filled_text(requester, "mail"),
        _ => filled_text(params, "requester[mail]"),
    }
}

fn events_of(ticket: &Value) -> &[Value] {
    ticket["events"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn contains_query(ticket: &Value, query: &str) -> bool {
    let found = |value: &Value| {
        value
            .as_str()
            .is_some_and(|text| text.to_lowercase().contains(query))
    };
    found(&ticket["id"])
        || found(&ticket["subject"])
        || found(&ticket["requester"]["mail"])
        || found(&ticket["requester"]["name"])
        || events_of(ticket).iter().any(|e| found(&e["message"]))
}

async fn list(State(state): State<AppState>, Input(params): Input) -> Answer {
    let (from, to) = date_range(&params)?;
    let page = page_param(&params)?;
    let mut errors = Vec::new();
    let status = filled_text(&params, "status");
    if let Some(status) = &status
        && !STATUSES.contains(&status.as_str())
    {
        errors.push(format!("status must be one of: {}", STATUSES.join(", ")));
    }
    let order = filled_text(&params, "order").unwrap_or_else(|| "desc".to_owned());
    if !["asc", "desc"].contains(&order.as_str()) {
        errors.push("order must be asc or desc".to_owned());
    }
    let source = filled_text(&params, "source");
    if let Some(source) = &source
        && !SOURCES.contains(&source.as_str())
    {
        errors.push(format!("source must be one of: {}", SOURCES.join(", ")));
    }
    let mut flag = |key: &str| match flag_param(&params, key) {
        Ok(value) => value,
        Err(_) => {
            errors.push(format!("{key} must be 0 or 1"));
            None
        }
    };
    let assigned = flag("assigned");
    let tagged = flag("tagged");
    let group = match filled_text(&params, "group") {
        None => None,
        Some(group) => {
            let parsed = group.parse::<i64>().ok();
            if parsed.is_none() {
                errors.push(format!("group must be a number, got \"{group}\""));
            }
            parsed
        }
    };
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let assignee = filled_text(&params, "assignee");
    let query = filled_text(&params, "query").map(|q| q.to_lowercase());
    let mail = requester_mail(&params).map(|m| m.to_lowercase());
    let tags: Vec<String> = params
        .texts("tag")
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    let source_id = filled_text(&params, "source_id");
    let data = state.data();
    let mut found: Vec<Value> = data
        .tickets
        .iter()
        .filter(|t| {
            events_of(t)
                .iter()
                .any(|e| e["date"].as_i64().is_some_and(|d| (from..to).contains(&d)))
        })
        .filter(|t| status.as_deref().is_none_or(|s| t["status"] == s))
        .filter(|t| assigned.is_none_or(|a| a == t.get("assignee").is_some()))
        .filter(|t| assignee.as_deref().is_none_or(|a| t["assignee"]["id"] == a))
        .filter(|t| query.as_deref().is_none_or(|q| contains_query(t, q)))
        .filter(|t| {
            mail.as_deref().is_none_or(|m| {
                t["requester"]["mail"]
                    .as_str()
                    .is_some_and(|r| r.to_lowercase() == m)
            })
        })
        .filter(|t| {
            group.is_none_or(|g| {
                t["groups"]
                    .as_array()
                    .is_some_and(|groups| groups.iter().any(|x| *x == g))
            })
        })
        .filter(|t| source.as_deref().is_none_or(|s| t["source"]["type"] == s))
        .filter(|t| {
            let own: Vec<&str> = t["tags"]
                .as_array()
                .map(|x| x.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            tags.iter().all(|tag| own.contains(&tag.as_str()))
                && tagged.is_none_or(|tagged| tagged != own.is_empty())
        })
        .filter(|t| {
            source_id
                .as_deref()
                .is_none_or(|id| t["source"]["id"] == id)
        })
        .cloned()
        .collect();
    let modified = |t: &Value| t["modified"].as_i64().unwrap_or(0);
    found.sort_by(|a, b| {
        if order == "asc" {
            modified(a).cmp(&modified(b))
        } else {
            modified(b).cmp(&modified(a))
        }
    });
    let (tickets, total, pages) = paginate(found, page);
    Ok(Json(
        json!({ "pages": pages, "total": total, "tickets": tickets }),
    ))
}

async fn read(State(state): State<AppState>, Path(id): Path<String>) -> Answer {
    let data = state.data();
    let found = data.tickets.find_by("id", id.as_str(), not_found)?;
    Ok(Json(found.clone()))
}

/// The `ticket` data of a webhook payload: groups as `{id, name}`, ISO-8601 dates.
fn webhook_ticket(data: &Data, ticket: &Value) -> Value {
    let groups: Vec<i64> = ticket["groups"]
        .as_array()
        .map(|g| g.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    let events: Vec<Value> = events_of(ticket)
        .iter()
        .map(|event| {
            let mut event = event.clone();
            if let Some(date) = event["date"].as_i64() {
                event["date"] = json!(iso_time(date));
            }
            if event["source"].is_object() && event["source"].get("url").is_none() {
                event["source"]["url"] = Value::Null;
            }
            event
        })
        .collect();
    let mut out = json!({
        "events": events,
        "groups": data.group_refs(&groups),
        "id": ticket["id"],
        "requester": ticket["requester"],
        "status": ticket["status"],
        "subject": ticket["subject"],
        "tags": ticket["tags"],
        "source": {
            "type": ticket["source"]["type"],
            "url": ticket["source"].get("url").cloned().unwrap_or(Value::Null),
            "id": ticket["source"].get("id").cloned().unwrap_or(Value::Null),
        },
    });
    if let Some(assignee) = ticket.get("assignee") {
        out["assignee"] = assignee.clone();
    }
    out
}

async fn create(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let message = params.text("message").unwrap_or_default();
    if message.trim().is_empty() {
        errors.push("message is required".to_owned());
    }
    let requester = params.get("requester").and_then(Value::as_object);
    let mail = requester_mail(&params);
    match &mail {
        None => errors.push("requester[mail] is required".to_owned()),
        Some(mail) if !is_email(mail) => {
            errors.push(format!(
                "requester[mail] must be a valid e-mail address, got \"{mail}\""
            ));
        }
        Some(_) => {}
    }
    let mail = mail.unwrap_or_default();
    let name = requester
        .and_then(|r| filled_text(r, "name"))
        .or_else(|| filled_text(&params, "requester[name]"))
        .unwrap_or_else(|| mail.split('@').next().unwrap_or("").to_owned());
    let subject = filled_text(&params, "subject").unwrap_or_else(|| "(no subject)".to_owned());
    let source_fields = params.get("source").and_then(Value::as_object);
    let source_type = source_fields
        .and_then(|s| filled_text(s, "type"))
        .unwrap_or_else(|| "lc2".to_owned());
    if !CREATE_SOURCES.contains(&source_type.as_str()) {
        errors.push(format!(
            "source[type] must be one of: {}",
            CREATE_SOURCES.join(", ")
        ));
    }
    let source_url = source_fields.and_then(|s| filled_text(s, "url"));
    let groups: Vec<i64> = match params.texts("group") {
        None => vec![0],
        Some(texts) => {
            let ids: Vec<i64> = texts.iter().filter_map(|t| t.trim().parse().ok()).collect();
            if ids.is_empty() || ids.len() != texts.len() {
                errors.push("group must be a list of group ids".to_owned());
            }
            ids
        }
    };
    let assignee_login = params
        .get("assignee")
        .and_then(Value::as_object)
        .and_then(|a| filled_text(a, "id"));
    let mut data = state.data();
    if groups.iter().any(|g| !data.group_exists(*g)) {
        errors.push("group must list existing group ids".to_owned());
    }
    let assignee = match &assignee_login {
        None => None,
        Some(login) => {
            let found = data
                .agents
                .iter()
                .find(|a| a["login"] == login.as_str())
                .cloned();
            if found.is_none() {
                errors.push(format!("assignee[id] {login} is not an agent"));
            }
            found
        }
    };
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let now = data.tick();
    let mut taken = taken_ids(&data);
    let mut rng = Rng::new(data.config.seed ^ (now as u64).rotate_left(29));
    let id = unique_id(&mut rng, 5, &mut taken);
    let mut events = vec![json!({
        "author": { "id": mail, "name": name, "type": "client" },
        "date": now,
        "is_private": false,
        "message": message,
        "type": "message",
        "source": { "type": source_type },
    })];
    let mut source = json!({ "type": source_type });
    if source_type == "chat-window"
        && let Some(url) = &source_url
    {
        source["url"] = json!(url);
    }
    let mut ticket = json!({
        "events": [],
        "id": id,
        "requester": { "mail": mail, "name": name },
        "groups": groups,
        "status": "open",
        "subject": subject,
        "modified": now,
        "source": source,
        "opened": [{ "from": now }],
        "firstResponse": {},
        "tags": [],
    });
    if let Some(agent) = &assignee {
        let owner = data
            .agents
            .iter()
            .find(|a| a["login"] == data.config.login.as_str())
            .map_or_else(
                || json!({ "id": data.config.login, "name": "" }),
                |a| json!({ "id": a["login"], "name": a["name"] }),
            );
        events.push(json!({
            "to": { "id": agent["login"], "name": agent["name"] },
            "author": owner,
            "date": now,
            "type": "assignee_changed",
        }));
        ticket["assignee"] = json!({ "id": agent["login"], "name": agent["name"] });
    }
    ticket["events"] = Value::Array(events);
    data.tickets.push(ticket.clone());
    let event = Event::new("ticket_created").with("ticket", webhook_ticket(&data, &ticket));
    data.emit(event);
    Ok(Json(ticket))
}

async fn update_tags(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Input(params): Input,
) -> Answer {
    let mut data = state.data();
    let index = data.tickets.position_of("id", id.as_str(), not_found)?;
    let tags = super::chats::new_tags(&params)?;
    let now = data.tick();
    let ticket = &mut data.tickets[index];
    ticket["tags"] = json!(tags);
    ticket["modified"] = json!(now);
    Ok(Json(
        json!({ "pages": 1, "total": 1, "tickets": [ticket.clone()] }),
    ))
}
