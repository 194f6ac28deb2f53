//! A webhook receiver on 127.0.0.1: takes the POSTs to `/hook` that webhook deliveries
//! make, answers them, and hands each one over as it arrives.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use tokio::sync::mpsc;

use livechat_fake::server::Server;

/// What the receiver got for one POST: the `Authorization` header and the body.
pub type Received = (Option<String>, Vec<u8>);

/// A running receiver. Dropping it stops the server.
pub struct WebhookReceiver {
    received: mpsc::UnboundedReceiver<Received>,
    server: Server,
}

impl WebhookReceiver {
    /// Starts a receiver on a free port that answers every POST with 200.
    pub async fn start() -> std::io::Result<WebhookReceiver> {
        WebhookReceiver::answering(Vec::new()).await
    }

    /// Starts a receiver on a free port that answers each POST with the next status of
    /// `statuses`, then with 200.
    pub async fn answering(statuses: Vec<u16>) -> std::io::Result<WebhookReceiver> {
        let (sender, received) = mpsc::unbounded_channel();
        let statuses = Arc::new(Mutex::new(statuses.into_iter()));
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let authorization = headers
                    .get(header::AUTHORIZATION)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned);
                let _ = sender.send((authorization, body.to_vec()));
                let status = statuses
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .next()
                    .unwrap_or(200);
                async move { StatusCode::from_u16(status).unwrap_or(StatusCode::OK) }
            }),
        );
        let server = Server::start(0, app).await?;
        Ok(WebhookReceiver { received, server })
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    /// `http://127.0.0.1:PORT/hook`, the URL to register webhooks with.
    pub fn url(&self) -> String {
        format!("{}/hook", self.base_url())
    }

    /// The next POST; `None` once the server has stopped.
    pub async fn recv(&mut self) -> Option<Received> {
        self.received.recv().await
    }

    /// The next POST if one has arrived already.
    pub fn try_recv(&mut self) -> Option<Received> {
        self.received.try_recv().ok()
    }

    /// The next POST, waiting up to 5 s.
    ///
    /// # Panics
    /// When none arrives in that time.
    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(Duration::from_secs(5), self.recv())
            .await
            .expect("a delivery arrives within 5 s")
            .expect("the receiver is running")
    }
}
