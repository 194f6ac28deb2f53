//! An axum router served on 127.0.0.1, on a task of its own, and stopped gracefully: what
//! the fake, the recorder and the webhook receivers run on.
//!
//! Connections are served with hyper's HTTP/1 builder rather than `axum::serve`, because
//! only the builder can close a connection whose headers do not arrive in time: without
//! that, a client that opens connections and sends nothing (or a byte a minute) holds
//! them, and the task serving each, forever.

use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

/// How long headers may take, unless told otherwise.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a stop waits for answers under way before cutting their connections.
const GRACE: Duration = Duration::from_secs(2);

/// A running server. Dropping it stops the server.
pub struct Server {
    base_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `router` on `port` of 127.0.0.1 (0 picks a free port), closing connections
    /// whose headers take longer than [`DEFAULT_HEADER_READ_TIMEOUT`].
    pub async fn start(port: u16, router: axum::Router) -> std::io::Result<Server> {
        Server::start_with(port, router, DEFAULT_HEADER_READ_TIMEOUT).await
    }

    /// Serves `router` on `port` of 127.0.0.1, closing a connection when a request's
    /// headers take longer than `header_read_timeout` to arrive (counted from when the
    /// connection opens or the previous answer ends).
    pub async fn start_with(
        port: u16,
        router: axum::Router,
        header_read_timeout: Duration,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router, header_read_timeout, stopped));
        Ok(Server {
            base_url,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Stops the server and waits until it has.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

async fn serve(
    listener: TcpListener,
    router: axum::Router,
    header_read_timeout: Duration,
    mut stopped: oneshot::Receiver<()>,
) {
    let graceful = GracefulShutdown::new();
    // Dropping the set at the end aborts connections still open after the grace period.
    let mut connections = JoinSet::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    loop {
        while connections.try_join_next().is_some() {}
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stopped => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, say: wait for some to be freed.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        connections.spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, graceful.shutdown()).await;
}
