//! `/status`: online when an agent of the group accepts chats.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde_json::json;

use super::params::group_id;
use super::{Answer, AppState, Failure, Input};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/status", get(status))
}

async fn status(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let group = group_id(&params, &mut errors).unwrap_or(0);
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let data = state.data();
    let online = data.agents.iter().any(|agent| {
        agent["status"] == "accepting chats"
            && (group == 0
                || agent["groups"]
                    .as_array()
                    .is_some_and(|groups| groups.iter().any(|g| g["id"] == group)))
    });
    Ok(Json(
        json!({ "status": if online { "online" } else { "offline" } }),
    ))
}
