//! `/tags`: list (with use counts), add, delete.
//!
//! A tag belongs to a group; the same name may exist in several groups. Its counts are
//! those of the archived chats and tickets of its group carrying the name (a tag of group
//! 0, "General", counts them in every group). Deleting a tag keeps it on chats and tickets.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{delete, get};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{Answer, AppState, Data, Failure, Input, ParamsExt};

/// A tag as the fake keeps it. Typed, unlike most records, because its four keys are read
/// by name in several places where a misspelt key would read as `null` without a word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Tag {
    pub(crate) name: String,
    pub(crate) group: i64,
    /// Login of the agent who added it.
    pub(crate) author: String,
    /// Unix seconds.
    pub(crate) creation_date: i64,
}

/// A tag as `/tags` answers it: the stored fields and how often it is used.
#[derive(Debug, Serialize)]
struct Counted<'a> {
    #[serde(flatten)]
    tag: &'a Tag,
    count: Count,
}

#[derive(Debug, Serialize)]
struct Count {
    #[serde(rename = "inChats")]
    in_chats: usize,
    #[serde(rename = "inTickets")]
    in_tickets: usize,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/tags", get(list).post(create))
        .route("/tags/{tag}", delete(remove))
}

fn carries(item: &Value, name: &str, group: i64, groups_key: &str) -> bool {
    let in_group = group == 0
        || item[groups_key]
            .as_array()
            .is_some_and(|groups| groups.iter().any(|g| *g == group));
    in_group
        && item["tags"]
            .as_array()
            .is_some_and(|tags| tags.iter().any(|t| t == name))
}

/// A stored tag with its `count` of uses.
fn counted<'a>(data: &Data, tag: &'a Tag) -> Counted<'a> {
    let in_chats = data
        .chats
        .iter()
        .filter(|c| carries(c, &tag.name, tag.group, "group"))
        .count();
    let in_tickets = data
        .tickets
        .iter()
        .filter(|t| carries(t, &tag.name, tag.group, "groups"))
        .count();
    Counted {
        tag,
        count: Count {
            in_chats,
            in_tickets,
        },
    }
}

/// The `group` parameter: `None` when absent, 400 when not a number.
fn group_param(params: &Map<String, Value>) -> Result<Option<i64>, Failure> {
    match params.text("group").filter(|g| !g.trim().is_empty()) {
        None => Ok(None),
        Some(text) => text.trim().parse().map(Some).map_err(|_| {
            Failure::invalid([format!(
                "group must be a group id (a number), got \"{text}\""
            )])
        }),
    }
}

async fn list(State(state): State<AppState>, Input(params): Input) -> Answer {
    let group = group_param(&params)?;
    let data = state.data();
    let tags: Vec<Value> = data
        .tags
        .iter()
        .filter(|tag| group.is_none_or(|g| tag.group == g))
        .map(|tag| json!(counted(&data, tag)))
        .collect();
    Ok(Json(Value::Array(tags)))
}

async fn create(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let name = params.text("tag").unwrap_or_default().trim().to_owned();
    if name.is_empty() {
        errors.push("tag is required".to_owned());
    }
    let author = params.text("author").unwrap_or_default().trim().to_owned();
    let group = match group_param(&params) {
        Ok(group) => group,
        Err(_) => {
            errors.push("group must be a group id (a number)".to_owned());
            Some(-1)
        }
    };
    let mut data = state.data();
    if author.is_empty() {
        errors.push("author is required".to_owned());
    } else if !data.agents.iter().any(|a| a["login"] == author.as_str()) {
        errors.push(format!("author {author} is not an agent"));
    }
    match group {
        None => errors.push("group is required".to_owned()),
        Some(-1) => {}
        Some(group) if !data.group_exists(group) => {
            errors.push(format!("group {group} does not exist"));
        }
        Some(group) => {
            if !name.is_empty() && data.tags.iter().any(|t| t.name == name && t.group == group) {
                errors.push(format!("tag {name} already exists in group {group}"));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let tag = Tag {
        name,
        group: group.unwrap_or(0),
        author,
        creation_date: data.tick(),
    };
    let answer = json!(counted(&data, &tag));
    data.tags.push(tag);
    Ok(Json(answer))
}

async fn remove(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Input(params): Input,
) -> Answer {
    let Some(group) = group_param(&params)? else {
        return Err(Failure::invalid([
            "group is required: the group the tag belongs to",
        ]));
    };
    let mut data = state.data();
    let before = data.tags.len();
    data.tags.retain(|t| !(t.name == name && t.group == group));
    if data.tags.len() == before {
        return Err(Failure::not_found(format!(
            "Tag {name} not found in group {group}"
        )));
    }
    Ok(Json(json!({ "ok": true })))
}
