//! Who the client calls the API as.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::Secret;

/// How the client authenticates.
///
/// - [`Credentials::basic`]: a LiveChat login and its API key (HTTP Basic), which can do
///   everything that agent can do.
/// - [`Credentials::bearer`]: an OAuth 2.0 access token, limited to the scopes it was
///   granted. Tokens from the `fra` data centre (prefix `fra-`) are routed there with
///   the `X-Region` header automatically.
///
/// `Debug` shows the login but never the key or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Kind);

#[derive(Clone, PartialEq, Eq)]
enum Kind {
    Basic { login: String, api_key: Secret },
    Bearer { token: Secret },
}

impl Credentials {
    /// A login (the agent's e-mail address) and that agent's API key.
    pub fn basic(login: impl Into<String>, api_key: impl Into<Secret>) -> Self {
        Credentials(Kind::Basic {
            login: login.into(),
            api_key: api_key.into(),
        })
    }

    /// An OAuth 2.0 access token.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Credentials(Kind::Bearer {
            token: token.into(),
        })
    }

    /// The value of the `Authorization` header.
    pub(crate) fn authorization(&self) -> Secret {
        match &self.0 {
            Kind::Basic { login, api_key } => {
                let pair = format!("{login}:{}", api_key.expose());
                Secret::from(format!("Basic {}", STANDARD.encode(pair)))
            }
            Kind::Bearer { token } => Secret::from(format!("Bearer {}", token.expose())),
        }
    }

    /// The data centre to name in `X-Region`, for tokens that belong to a non-default one.
    pub(crate) fn region(&self) -> Option<&'static str> {
        match &self.0 {
            Kind::Bearer { token } if token.expose().starts_with("fra-") => Some("fra"),
            _ => None,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Basic { login, api_key } => f
                .debug_struct("Credentials::Basic")
                .field("login", login)
                .field("api_key", api_key)
                .finish(),
            Kind::Bearer { token } => f
                .debug_struct("Credentials::Bearer")
                .field("token", token)
                .finish(),
        }
    }
}
