//! [`ApiRequest`]: what every request builder has in common, written once.

use std::future::Future;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::request::{self, BuildRequest};
use crate::{RequestInfo, Result};

/// A call of the LiveChat API, ready to send: every request builder implements it
/// (`client.agents().list()`, `client.chats().get(..)`, …).
///
/// A builder only carries data: which endpoint it calls and the parameters set so far.
/// Sending it (encoding, credentials, retries, decoding the answer) is the same code for
/// every endpoint, and lives here.
///
/// Every builder also has `send()` and `param()` of its own, which do the same, so plain
/// calls need no import. Import this trait to write code that works with any request, for
/// example to log or time every call in one place:
///
/// ```no_run
/// use std::time::Instant;
/// use livechat_api::ApiRequest;
///
/// async fn timed<R: ApiRequest>(request: R) -> livechat_api::Result<R::Output> {
///     let info = request.info();
///     let started = Instant::now();
///     let answer = request.send().await;
///     eprintln!("{info} took {:?}", started.elapsed());
///     answer
/// }
///
/// # async fn example(client: &livechat_api::Client) -> livechat_api::Result<()> {
/// let agents = timed(client.agents().list()).await?;
/// let tags = timed(client.tags().list()).await?;
/// println!("{} agents, {} tags", agents.len(), tags.len());
/// # Ok(())
/// # }
/// ```
///
/// The trait is sealed: only this crate's builders implement it, so that adding a method
/// to it later is not a breaking change.
///
/// ```
/// use livechat_api::{ApiRequest, Client, Credentials};
///
/// let client = Client::new(Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb"))?;
/// let request = client.agents().get("jenny@example.com");
/// assert_eq!(request.info().operation(), "agents.get");
/// assert_eq!(request.info().path_template(), "/agents/{login}");
/// # Ok::<(), livechat_api::Error>(())
/// ```
pub trait ApiRequest: BuildRequest + Sized + Send {
    /// What the answer decodes to.
    type Output: DeserializeOwned + Send;

    /// Which endpoint this request calls: the operation name, method and path template,
    /// as errors of the call name it.
    fn info(&self) -> RequestInfo {
        RequestInfo::of(Self::OPERATION)
    }

    /// Adds a parameter this library does not describe, sent as given after the
    /// documented ones: in the query of a `GET` or `DELETE`, in the body otherwise. Use
    /// it for options LiveChat added after this release.
    fn param(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra().push(name.into(), value.into());
        self
    }

    /// Sends the request and decodes the answer.
    fn send(mut self) -> impl Future<Output = Result<Self::Output>> + Send {
        async move {
            let request = request::build(&mut self)?;
            self.client().call(request).await
        }
    }
}
