//! Credentials that change while the client lives: OAuth access tokens that expire.
//!
//! A [`TokenSource`] is asked for the credentials before every attempt, so a service
//! that runs for days keeps one [`Client`](crate::Client) however often its token is
//! renewed. When LiveChat answers 401, the client tells the source which credentials
//! were refused, asks it once for fresh ones and repeats the request once.
//!
//! A closure is a source: it receives `None` for an ordinary attempt and `Some(refused)`
//! after a 401. Keep the current credentials in shared state, hand out a copy, and
//! replace them when they are refused (or when you know they are about to expire):
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use livechat_api::{Client, Credentials};
//!
//! # async fn renew_with_oauth() -> Result<String, std::io::Error> { Ok("dal-fresh".into()) }
//! # fn main() -> livechat_api::Result<()> {
//! let current = Arc::new(Mutex::new(Credentials::bearer("dal-first-token")));
//! let client = Client::builder_with_source(move |refused: Option<Credentials>| {
//!     let current = Arc::clone(&current);
//!     async move {
//!         if refused.is_some() {
//!             // LiveChat refused the token: get a new one (e.g. with the `oauth2`
//!             // crate's refresh-token grant) and keep it for the next calls.
//!             let token = renew_with_oauth().await?;
//!             *current.lock().unwrap() = Credentials::bearer(token);
//!         }
//!         Ok::<_, std::io::Error>(current.lock().unwrap().clone())
//!     }
//! })
//! .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! What the client guarantees:
//!
//! - The `Authorization` header is rebuilt only when the credentials differ from the
//!   previous ones; an unchanged token costs a comparison. `X-Region` follows each token
//!   (`fra-` tokens are sent with `X-Region: fra`).
//! - A 401 leads to one call of the source with `Some(refused)` and one repetition of
//!   the request, for every method: a 401 means LiveChat did not process it. If the
//!   repetition is refused too, the call ends in [`Error::Unauthorized`](crate::Error).
//! - Requests that are refused together cause one such call, not one each: while the
//!   source renews, other attempts wait for its answer instead of asking for more, and a
//!   request refused with credentials that were already renewed is repeated with the
//!   new ones without asking again. Attempts that start after a renewal get what the
//!   source answers from then on.
//! - When the source fails, or gives no answer within the client's
//!   [`timeout`](crate::ClientBuilder::timeout), the call ends in
//!   [`Error::TokenSource`](crate::Error) and nothing (more) is sent.

use std::future::Future;
use std::pin::Pin;

use crate::Credentials;

/// Why a [`TokenSource`] could not give credentials. Its `Display` ends up in
/// [`Error::TokenSource`](crate::Error::TokenSource): keep secrets out of it.
pub type TokenSourceError = Box<dyn std::error::Error + Send + Sync>;

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, TokenSourceError>> + Send + 'a>>;

/// Gives the client the credentials to send; see the [module documentation](self).
///
/// Implemented for closures `Fn(Option<Credentials>) -> impl Future<Output =
/// Result<Credentials, E>>`; implement it on a type of your own to avoid the copy of the
/// credentials a closure makes on every call, or to renew ahead of expiry:
///
/// ```
/// use std::sync::Mutex;
/// use std::time::{Duration, Instant};
/// use livechat_api::{Client, Credentials, TokenFuture, TokenSource};
///
/// /// A token with the time it stops being valid.
/// struct Expiring {
///     current: Mutex<(Credentials, Instant)>,
/// }
///
/// impl Expiring {
///     async fn fresh(&self) -> Result<Credentials, std::io::Error> {
///         // Ask the OAuth server for a new token here (refresh-token grant).
///         let token = Credentials::bearer("dal-renewed");
///         let expires = Instant::now() + Duration::from_secs(3600);
///         *self.current.lock().unwrap() = (token.clone(), expires);
///         Ok(token)
///     }
/// }
///
/// impl TokenSource for Expiring {
///     fn credentials<'a>(&'a self, refused: Option<&'a Credentials>) -> TokenFuture<'a> {
///         Box::pin(async move {
///             let (token, expires) = self.current.lock().unwrap().clone();
///             // Renew when LiveChat refused the token, or a minute before it expires.
///             if refused.is_some() || expires < Instant::now() + Duration::from_secs(60) {
///                 return Ok(self.fresh().await?);
///             }
///             Ok(token)
///         })
///     }
/// }
///
/// let source = Expiring {
///     current: Mutex::new((Credentials::bearer("dal-first"), Instant::now() + Duration::from_secs(3600))),
/// };
/// let client = Client::builder_with_source(source).build()?;
/// # drop(client);
/// # Ok::<(), livechat_api::Error>(())
/// ```
pub trait TokenSource: Send + Sync {
    /// The credentials to send now.
    ///
    /// `refused` is `None` before an ordinary attempt. It is `Some` with the credentials
    /// LiveChat just answered 401 to, once per refusal: return fresh credentials, and
    /// return those to the `None` calls that follow.
    fn credentials<'a>(&'a self, refused: Option<&'a Credentials>) -> TokenFuture<'a>;
}

impl<F, Fut, E> TokenSource for F
where
    F: Fn(Option<Credentials>) -> Fut + Send + Sync,
    Fut: Future<Output = Result<Credentials, E>> + Send + 'static,
    E: Into<TokenSourceError>,
{
    fn credentials<'a>(&'a self, refused: Option<&'a Credentials>) -> TokenFuture<'a> {
        let pending = self(refused.cloned());
        Box::pin(async move { pending.await.map_err(Into::into) })
    }
}

/// Lets the application keep a handle on its source (to inspect or update it) while the
/// client uses it.
impl<T: TokenSource + ?Sized> TokenSource for std::sync::Arc<T> {
    fn credentials<'a>(&'a self, refused: Option<&'a Credentials>) -> TokenFuture<'a> {
        (**self).credentials(refused)
    }
}
