//! The client's side of authentication: the headers each attempt carries, and the one
//! renewal after a 401 when credentials come from a [`TokenSource`].

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::error::{Error, Result};
use crate::{Credentials, TokenSource};

/// What the builder was given.
#[derive(Clone)]
pub(crate) enum AuthConfig {
    Fixed(Credentials),
    Source(Arc<dyn TokenSource>),
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthConfig::Fixed(credentials) => credentials.fmt(f),
            AuthConfig::Source(_) => f.write_str("TokenSource"),
        }
    }
}

/// The headers that authenticate one attempt. `Debug` shows the sensitive header as
/// `Sensitive`, never its value.
#[derive(Clone, Debug)]
pub(crate) struct AuthHeaders {
    /// Marked sensitive, so that HTTP-level logging leaves it out; `None` for a client
    /// built with `Credentials::none()`.
    pub(crate) authorization: Option<HeaderValue>,
    pub(crate) region: Option<&'static str>,
}

impl AuthHeaders {
    /// Checks the credentials too: those of a source are checked whenever they change.
    fn new(credentials: &Credentials) -> Result<AuthHeaders> {
        credentials.validate()?;
        let authorization = match credentials.authorization() {
            None => None,
            Some(value) => {
                let mut header = HeaderValue::from_str(value.expose()).map_err(|_| {
                    Error::InvalidInput(
                        "the credentials contain characters an HTTP header cannot carry".into(),
                    )
                })?;
                header.set_sensitive(true);
                Some(header)
            }
        };
        Ok(AuthHeaders {
            authorization,
            region: credentials.region(),
        })
    }
}

/// The credentials that the last attempt of a call carried, when they came from a
/// source: the ones to report as refused if LiveChat answers 401.
pub(crate) type Sent = Option<Credentials>;

pub(crate) enum Auth {
    Fixed(AuthHeaders),
    Source(SourceAuth),
}

impl Auth {
    /// `patience` bounds each call of a source.
    pub(crate) fn new(config: AuthConfig, patience: Duration) -> Result<Auth> {
        Ok(match config {
            AuthConfig::Fixed(credentials) => Auth::Fixed(AuthHeaders::new(&credentials)?),
            AuthConfig::Source(source) => Auth::Source(SourceAuth {
                source,
                patience,
                last: RwLock::new(None),
                renewal: tokio::sync::RwLock::new(None),
            }),
        })
    }

    /// The headers for the next attempt; with a source, also records in `sent` the
    /// credentials they come from.
    pub(crate) async fn headers(&self, sent: &mut Sent) -> Result<AuthHeaders> {
        match self {
            Auth::Fixed(headers) => Ok(headers.clone()),
            Auth::Source(source) => {
                let (credentials, headers) = source.current().await?;
                *sent = Some(credentials);
                Ok(headers)
            }
        }
    }

    /// Tells the source that `refused` was refused, unless that was told already.
    pub(crate) async fn renew(&self, refused: Credentials) -> Result<()> {
        match self {
            Auth::Fixed(_) => Ok(()),
            Auth::Source(source) => source.renew(refused).await,
        }
    }
}

pub(crate) struct SourceAuth {
    source: Arc<dyn TokenSource>,
    /// How long a call of the source may take: a source that hangs must not hang every
    /// request of the client, nor hold a renewal that every attempt waits for.
    patience: Duration,
    /// The credentials of the latest attempt and their headers: an unchanged token costs
    /// a comparison, not a new header.
    last: RwLock<Option<(Credentials, AuthHeaders)>>,
    /// Read while an attempt takes its credentials, written while the source renews
    /// them after a 401: no attempt takes credentials in the middle of a renewal. Holds
    /// the credentials last reported as refused, so that a source that hands them out
    /// again is not asked to renew them again.
    renewal: tokio::sync::RwLock<Option<Credentials>>,
}

impl SourceAuth {
    async fn current(&self) -> Result<(Credentials, AuthHeaders)> {
        let _no_renewal_under_way = self.renewal.read().await;
        let credentials = self.ask(None).await?;
        let headers = self.headers_for(&credentials)?;
        Ok((credentials, headers))
    }

    async fn ask(&self, refused: Option<&Credentials>) -> Result<Credentials> {
        match tokio::time::timeout(self.patience, self.source.credentials(refused)).await {
            Ok(answer) => answer.map_err(Error::TokenSource),
            Err(_) => Err(Error::TokenSource(
                format!("it gave no answer within {:?}", self.patience).into(),
            )),
        }
    }

    fn headers_for(&self, credentials: &Credentials) -> Result<AuthHeaders> {
        {
            let last = self.last.read().unwrap_or_else(PoisonError::into_inner);
            if let Some((known, headers)) = last.as_ref()
                && known == credentials
            {
                return Ok(headers.clone());
            }
        }
        let headers = AuthHeaders::new(credentials)?;
        *self.last.write().unwrap_or_else(PoisonError::into_inner) =
            Some((credentials.clone(), headers.clone()));
        Ok(headers)
    }

    async fn renew(&self, refused: Credentials) -> Result<()> {
        let mut last_refused = self.renewal.write().await;
        // Attempts take credentials under the read lock and store them before letting go,
        // so once this lock is held the cache holds the newest credentials handed out. If
        // they differ from the refused ones, a renewal (or the source itself) moved on
        // already: a request that was refused late must not renew a second time.
        let moved_on = self
            .last
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .is_some_and(|(newest, _)| *newest != refused);
        if moved_on || last_refused.as_ref() == Some(&refused) {
            return Ok(());
        }
        let fresh = self.ask(Some(&refused)).await?;
        self.headers_for(&fresh)?;
        *last_refused = Some(refused);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source_auth() -> SourceAuth {
        let source = |_: Option<Credentials>| async {
            Ok::<_, std::io::Error>(Credentials::bearer("dal-unused"))
        };
        SourceAuth {
            source: Arc::new(source),
            patience: Duration::from_secs(1),
            last: RwLock::new(None),
            renewal: tokio::sync::RwLock::new(None),
        }
    }

    #[test]
    fn unchanged_credentials_reuse_the_header_they_built() {
        let auth = source_auth();
        let header = |credentials| auth.headers_for(&credentials).unwrap();
        let first = header(Credentials::bearer("dal-one"))
            .authorization
            .unwrap();
        let again = header(Credentials::bearer("dal-one"))
            .authorization
            .unwrap();
        assert_eq!(
            first.as_bytes().as_ptr(),
            again.as_bytes().as_ptr(),
            "the same bytes, not a new header"
        );
        assert!(again.is_sensitive());

        let changed = header(Credentials::bearer("fra-two"));
        assert_eq!(changed.authorization.unwrap(), "Bearer fra-two");
        assert_eq!(changed.region, Some("fra"));
        let back = header(Credentials::bearer("dal-one"));
        assert_eq!(back.authorization.unwrap(), "Bearer dal-one");
        assert_eq!(back.region, None);
    }

    #[test]
    fn credentials_a_header_cannot_carry_are_refused() {
        let error = source_auth()
            .headers_for(&Credentials::bearer("dal-\nsecret"))
            .unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
        assert!(!error.to_string().contains("secret"));
    }
}
