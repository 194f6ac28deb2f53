//! The static responder: the documented agents list and 25-chat pages, from memory.
//!
//! It runs in its own process so that the client's CPU time is measured alone. Every
//! answer is a prebuilt `Bytes`, so the server does as little as a server can.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt;
use bytes::Bytes;
use serde_json::{Value, json};

use crate::Outcome;

/// Chats on one page of the archive, as the API sends them.
pub const CHATS_PER_PAGE: usize = 25;

struct Bodies {
    agents: Bytes,
    chats: Bytes,
    connections: AtomicU64,
}

/// The documented agents list, as the reference prints it.
pub fn agents_body() -> std::io::Result<Vec<u8>> {
    std::fs::read(livechat_tests::fixtures::dir().join("responses/agents/list.json"))
}

/// A page of `chats` archived chats: the documented sample chat with distinct ids, and
/// the `total`/`pages` of a list of `pages` such pages.
pub fn chats_body(chats: usize, pages: usize) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let path = livechat_tests::fixtures::dir().join("responses/chats/list.json");
    let sample: Value = serde_json::from_slice(&std::fs::read(path)?)?;
    let chat = sample["chats"]
        .get(0)
        .ok_or("the chats fixture has no chat")?;
    let list: Vec<Value> = (0..chats)
        .map(|n| {
            let mut chat = chat.clone();
            chat["id"] = json!(format!("MH{n:08}"));
            chat
        })
        .collect();
    let total = chats * pages;
    Ok(serde_json::to_vec(
        &json!({ "chats": list, "total": total, "pages": pages }),
    )?)
}

/// Serves until stdin closes (the parent ended or dropped its pipe), printing
/// `listening <address>` once bound.
pub async fn serve(pages: usize) -> Outcome {
    let bodies = Arc::new(Bodies {
        agents: agents_body()?.into(),
        chats: chats_body(CHATS_PER_PAGE, pages)?.into(),
        connections: AtomicU64::new(0),
    });
    let counter = bodies.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let listener = listener.tap_io(move |stream| {
        counter.connections.fetch_add(1, Ordering::Relaxed);
        // Small answers must not wait for Nagle's delayed ACK.
        let _ = stream.set_nodelay(true);
    });
    println!("listening {address}");
    let app = Router::new().fallback(answer).with_state(bodies);
    // EOF on stdin: the orchestrator is gone or done with this responder.
    let (closed, stop) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        let _ = closed.send(());
    });
    let stop = async {
        let _ = stop.await;
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await?;
    Ok(())
}

async fn answer(State(bodies): State<Arc<Bodies>>, uri: Uri) -> Response {
    let json =
        |body: &Bytes| ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response();
    let path = uri.path().trim_end_matches('/');
    if path.ends_with("/agents") {
        json(&bodies.agents)
    } else if path.ends_with("/chats") {
        json(&bodies.chats)
    } else if path.ends_with("/connections") {
        bodies
            .connections
            .load(Ordering::Relaxed)
            .to_string()
            .into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}
