//! `/chats` (the archives): list with filters, get one, send a transcript, replace tags.
//!
//! The list is newest first, 25 a page. `include_pending=1` adds the chats running now
//! (visitor chats), marked `pending: true`. `timezone` is accepted and ignored: dates are
//! whole UTC days, the time zone of the seeded licence.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use serde_json::{Map, Value, json};

use super::{Answer, AppState, Data, Event, Failure, Input, ParamsExt, is_email};
use crate::listing::{date_range, filled_text, flag_param, page_param, paginate};

const RATES: &[&str] = &["rated", "not_rated", "rated_good", "rated_bad"];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/chats", get(list))
        .route("/chats/{id}", get(read))
        .route("/chats/{id}/send_transcript", post(send_transcript))
        .route("/chats/{id}/tags", put(update_tags))
}

fn not_found() -> Failure {
    Failure::not_found("Chat not found")
}

/// The filters of `GET /chats`, read and checked.
struct Filters {
    from: i64,
    to: i64,
    visitor_id: Option<String>,
    query: Option<String>,
    agent: Option<String>,
    group: Option<i64>,
    goal: Option<i64>,
    has_goal: bool,
    sale: Option<String>,
    has_sale: bool,
    queued: bool,
    rate: Option<String>,
    include_pending: bool,
    tags: Vec<String>,
    tagged: Option<bool>,
    comment: bool,
    city: Option<String>,
    region: Option<String>,
    country: Option<String>,
}

fn number(params: &Map<String, Value>, key: &str, errors: &mut Vec<String>) -> Option<i64> {
    let text = params.text(key).filter(|t| !t.trim().is_empty())?;
    let parsed = text.trim().parse().ok();
    if parsed.is_none() {
        errors.push(format!("{key} must be a number, got \"{text}\""));
    }
    parsed
}

impl Filters {
    fn read(params: &Map<String, Value>) -> Result<Filters, Failure> {
        let (from, to) = date_range(params)?;
        let mut errors = Vec::new();
        let mut flag = |key: &str| match flag_param(params, key) {
            Ok(value) => value,
            Err(_) => {
                errors.push(format!("{key} must be 0 or 1"));
                None
            }
        };
        let has_goal = flag("has_goal") == Some(true);
        let has_sale = flag("has_sale") == Some(true);
        let queued = flag("queued") == Some(true);
        let include_pending = flag("include_pending") == Some(true);
        let tagged = flag("tagged");
        let comment = flag("comment") == Some(true);
        let rate = filled_text(params, "rate");
        if let Some(rate) = &rate
            && !RATES.contains(&rate.as_str())
        {
            errors.push(format!("rate must be one of: {}", RATES.join(", ")));
        }
        let filters = Filters {
            from,
            to,
            visitor_id: filled_text(params, "visitor_id"),
            query: filled_text(params, "query").map(|q| q.to_lowercase()),
            agent: filled_text(params, "agent"),
            group: number(params, "group", &mut errors),
            goal: number(params, "goal", &mut errors),
            has_goal,
            sale: filled_text(params, "sale"),
            has_sale,
            queued,
            rate,
            include_pending,
            tags: params
                .texts("tag")
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect(),
            tagged,
            comment,
            city: filled_text(params, "city").map(|c| c.to_lowercase()),
            region: filled_text(params, "region").map(|c| c.to_lowercase()),
            country: filled_text(params, "country").map(|c| c.to_lowercase()),
        };
        if errors.is_empty() {
            Ok(filters)
        } else {
            Err(Failure::invalid(errors))
        }
    }

    fn matches(&self, data: &Data, chat: &Value) -> bool {
        let started = chat["started_timestamp"].as_i64().unwrap_or(0);
        let goals = chat["goals"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        let sales: Vec<&Value> = goals
            .iter()
            .filter(|g| g["type"] == "sales_tracker")
            .collect();
        let tags: Vec<&str> = chat["tags"]
            .as_array()
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let place = |key: &str, wanted: &Option<String>| {
            wanted.as_deref().is_none_or(|wanted| {
                chat["visitor"][key]
                    .as_str()
                    .is_some_and(|v| v.to_lowercase() == wanted)
            })
        };
        let events = chat["events"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        (self.from..self.to).contains(&started)
            && self
                .visitor_id
                .as_deref()
                .is_none_or(|id| chat["visitor"]["id"] == id)
            && self
                .query
                .as_deref()
                .is_none_or(|q| contains_query(chat, q))
            && self.agent.as_deref().is_none_or(|login| {
                chat["agents"]
                    .as_array()
                    .is_some_and(|agents| agents.iter().any(|a| a["email"] == login))
            })
            && self.group.is_none_or(|group| {
                chat["group"]
                    .as_array()
                    .is_some_and(|groups| groups.iter().any(|g| *g == group))
            })
            && self
                .goal
                .is_none_or(|id| goals.iter().any(|g| g["id"] == id))
            && (!self.has_goal || !goals.is_empty())
            && self.sale.as_deref().is_none_or(|id| {
                // The id of a sales tracker goal, or the `sales_tracker_id` of its goal.
                sales.iter().any(|g| {
                    same_text(&g["id"], id)
                        || data.goals.iter().any(|goal| {
                            goal["id"] == g["id"] && same_text(&goal["sales_tracker_id"], id)
                        })
                })
            })
            && (!self.has_sale || !sales.is_empty())
            && (!self.queued || chat.get("queue").is_some())
            && self.rate.as_deref().is_none_or(|rate| match rate {
                "rated" => chat["rate"] != "not_rated",
                other => chat["rate"] == other,
            })
            && self.tags.iter().all(|t| tags.contains(&t.as_str()))
            && self.tagged.is_none_or(|tagged| tagged != tags.is_empty())
            && (!self.comment || events.iter().any(|e| e["event_type"] == "rating_comment"))
            && place("city", &self.city)
            && place("region", &self.region)
            && place("country", &self.country)
    }
}

/// Whether a JSON string or number reads as `text`.
fn same_text(value: &Value, text: &str) -> bool {
    match value {
        Value::String(own) => own == text,
        Value::Number(number) => number.to_string() == text,
        _ => false,
    }
}

/// Whether the query is in a message, the visitor's name or the chat's id.
fn contains_query(chat: &Value, query: &str) -> bool {
    let found = |value: &Value| {
        value
            .as_str()
            .is_some_and(|text| text.to_lowercase().contains(query))
    };
    found(&chat["visitor"]["name"])
        || found(&chat["id"])
        || chat["messages"]
            .as_array()
            .is_some_and(|messages| messages.iter().any(|m| found(&m["text"])))
}

/// A running chat as the archive shows it with `include_pending=1`.
fn pending_chats(data: &Data) -> impl Iterator<Item = &Value> {
    data.visitor_chats
        .iter()
        .filter(|s| s["state"] == "chatting")
        .map(|s| &s["chat"])
}

async fn list(State(state): State<AppState>, Input(params): Input) -> Answer {
    let filters = Filters::read(&params)?;
    let page = page_param(&params)?;
    let data = state.data();
    let mut found: Vec<Value> = data
        .chats
        .iter()
        .chain(
            pending_chats(&data)
                .filter(|_| filters.include_pending)
                .collect::<Vec<_>>(),
        )
        .filter(|chat| filters.matches(&data, chat))
        .cloned()
        .collect();
    found.sort_by(|a, b| {
        let key = |chat: &Value| chat["started_timestamp"].as_i64().unwrap_or(0);
        key(b).cmp(&key(a))
    });
    let (chats, total, pages) = paginate(found, page);
    Ok(Json(
        json!({ "chats": chats, "total": total, "pages": pages }),
    ))
}

async fn read(State(state): State<AppState>, Path(id): Path<String>) -> Answer {
    let data = state.data();
    let found = data
        .chats
        .iter()
        .chain(pending_chats(&data))
        .find(|chat| chat["id"] == id.as_str());
    found.cloned().map(Json).ok_or_else(not_found)
}

async fn send_transcript(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Input(params): Input,
) -> Answer {
    let data = state.data();
    if !data
        .chats
        .iter()
        .chain(pending_chats(&data))
        .any(|chat| chat["id"] == id.as_str())
    {
        return Err(not_found());
    }
    let to = params.text("to").unwrap_or_default().trim().to_owned();
    if to.is_empty() {
        return Err(Failure::invalid(["to is required"]));
    }
    if !is_email(&to) {
        return Err(Failure::invalid([format!(
            "to must be a valid e-mail address, got \"{to}\""
        )]));
    }
    Ok(Json(
        json!({ "result": format!("E-mail has been sent to {to}.") }),
    ))
}

/// The `tag` list of a tags update: `tag[]=a&tag[]=b`, `{"tag": [..]}` or one `tag`.
/// Empty names are dropped, so `tag[]=` clears the tags. 400 when `tag` is missing.
pub(crate) fn new_tags(params: &Map<String, Value>) -> Result<Vec<String>, Failure> {
    let Some(given) = params.texts("tag") else {
        return Err(Failure::invalid([
            "tag is required: the list of tags (tag[]=name)",
        ]));
    };
    let mut tags: Vec<String> = Vec::new();
    for tag in given {
        let tag = tag.trim().to_owned();
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(tags)
}

async fn update_tags(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Input(params): Input,
) -> Answer {
    let mut data = state.data();
    let archived = data.chats.iter().position(|c| c["id"] == id.as_str());
    let running = data
        .visitor_chats
        .iter()
        .position(|s| s["state"] == "chatting" && s["chat"]["id"] == id.as_str());
    if archived.is_none() && running.is_none() {
        return Err(not_found());
    }
    let tags = new_tags(&params)?;
    let chat = match (archived, running) {
        (Some(index), _) => &mut data.chats[index],
        (None, Some(index)) => &mut data.visitor_chats[index]["chat"],
        (None, None) => return Err(not_found()),
    };
    chat["tags"] = json!(tags);
    let chat = chat.clone();
    data.emit(Event::about_chat("chat_changed", &chat));
    Ok(Json(json!({ "chats": [chat], "total": 1, "pages": 1 })))
}
