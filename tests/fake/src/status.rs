//! `/status`: online when an agent of the group accepts chats.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde_json::json;

use super::{Answer, AppState, Input, ParamsExt};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/status", get(status))
}

async fn status(State(state): State<AppState>, Input(params): Input) -> Answer {
    let group = params.int("group").unwrap_or(0);
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
