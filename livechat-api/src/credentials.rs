//! Who the client calls the API as.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::{Error, Result, Secret};

/// How the client authenticates.
///
/// - [`Credentials::basic`]: a LiveChat login and its API key (HTTP Basic), which can do
///   everything that agent can do.
/// - [`Credentials::bearer`]: an OAuth 2.0 access token, limited to the scopes it was
///   granted. Tokens from the `fra` data centre (prefix `fra-`) are routed there with
///   the `X-Region` header automatically.
///
/// `Debug` shows the login but never the key or the token. Making a client checks the
/// credentials: an empty login, key or token, a `:` in a login, a control character (such
/// as CR or LF) anywhere, or whitespace in a token is an
/// [`Error::InvalidInput`](crate::Error::InvalidInput) from
/// [`ClientBuilder::build`](crate::ClientBuilder::build) that names the part at fault and
/// never its value.
///
/// ```
/// use livechat_api::{Client, Credentials};
///
/// let basic = Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb");
/// let bearer = Credentials::bearer("dal-Wm9vLWJhci1iYXo");
///
/// // Safe to log: the key and the token are redacted.
/// let shown = format!("{basic:?} {bearer:?}");
/// assert!(shown.contains("john.doe@mycompany.com"));
/// assert!(!shown.contains("c14b8586") && !shown.contains("Wm9vLWJhci1iYXo"));
///
/// let client = Client::new(bearer)?;
/// # drop((client, basic));
/// # Ok::<(), livechat_api::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Kind);

#[derive(Clone, PartialEq, Eq)]
enum Kind {
    Basic { login: String, api_key: Secret },
    Bearer { token: Secret },
    None,
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

    /// No credentials, for a client that only makes the calls LiveChat serves without them:
    /// the visitor side (`visitor_chat()` and `visitors().add_details(..)`), which a
    /// visitor's device makes without any agent's key. Any other call fails with
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) before anything is sent.
    ///
    /// ```
    /// # #[tokio::main]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use livechat_api::{Client, Credentials, ErrorKind};
    /// # let fake = livechat_fake::FakeLiveChat::start().await?;
    ///
    /// let visitor_side = Client::builder(Credentials::none()).base_url(fake.base_url()).build()?;
    ///
    /// // An agent's call needs credentials: refused before anything is sent.
    /// let error = visitor_side.agents().list().send().await.unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidInput);
    /// assert!(fake.requests().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn none() -> Self {
        Credentials(Kind::None)
    }

    /// Checks that the credentials can be sent as they are meant: a non-empty login without
    /// `:` (which would move the rest of it into the key), a non-empty key or token, no
    /// control characters anywhere (CR/LF would split the header), no whitespace in a token
    /// (it would end the header value's token). The error names the part, never its value.
    pub(crate) fn validate(&self) -> Result<()> {
        let invalid = |part: &str, why: &str| {
            Err(Error::InvalidInput(format!(
                "credentials: the {part} {why}"
            )))
        };
        let control = |text: &str| text.chars().any(char::is_control);
        match &self.0 {
            Kind::Basic { login, api_key } => {
                let key = api_key.expose();
                if login.is_empty() {
                    return invalid("login", "is empty");
                }
                if login.contains(':') {
                    return invalid(
                        "login",
                        "contains `:`, which HTTP Basic uses to separate it from the API key",
                    );
                }
                if control(login) {
                    return invalid("login", "contains a control character (CR, LF, tab, ...)");
                }
                if key.is_empty() {
                    return invalid("API key", "is empty");
                }
                if control(key) {
                    return invalid("API key", "contains a control character (CR, LF, tab, ...)");
                }
            }
            Kind::Bearer { token } => {
                let token = token.expose();
                if token.is_empty() {
                    return invalid("OAuth token", "is empty");
                }
                if control(token) {
                    return invalid(
                        "OAuth token",
                        "contains a control character (CR, LF, tab, ...)",
                    );
                }
                if token.chars().any(char::is_whitespace) {
                    return invalid("OAuth token", "contains whitespace");
                }
            }
            Kind::None => {}
        }
        Ok(())
    }

    /// The value of the `Authorization` header; `None` for [`Credentials::none`].
    pub(crate) fn authorization(&self) -> Option<Secret> {
        match &self.0 {
            Kind::Basic { login, api_key } => {
                let pair = format!("{login}:{}", api_key.expose());
                Some(Secret::from(format!("Basic {}", STANDARD.encode(pair))))
            }
            Kind::Bearer { token } => Some(Secret::from(format!("Bearer {}", token.expose()))),
            Kind::None => None,
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
            Kind::None => f.write_str("Credentials::None"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "c14b85863755158d7aa5cc4ba17f61cb";

    #[test]
    fn sound_credentials_pass() {
        assert!(
            Credentials::basic("john.doe@mycompany.com", KEY)
                .validate()
                .is_ok()
        );
        assert!(
            Credentials::bearer("dal:ZbvQ9mXqyz-3_.~+/=")
                .validate()
                .is_ok()
        );
        assert!(Credentials::bearer("fra-abc").validate().is_ok());
    }

    #[test]
    fn unsendable_credentials_are_named_without_their_value() {
        let cases = [
            (Credentials::basic("", KEY), "login"),
            (Credentials::basic("john:doe@x.com", KEY), "login"),
            (Credentials::basic("john@x.com\r\nX-Evil: 1", KEY), "login"),
            (Credentials::basic("john@x.com\t", KEY), "login"),
            (Credentials::basic("john@x.com", ""), "API key"),
            (
                Credentials::basic("john@x.com", format!("{KEY}\n")),
                "API key",
            ),
            (
                Credentials::basic("john@x.com", format!("{KEY}\u{7f}")),
                "API key",
            ),
            (Credentials::bearer(""), "OAuth token"),
            (Credentials::bearer(format!("{KEY}\r\n")), "OAuth token"),
            (Credentials::bearer(format!("{KEY} x")), "OAuth token"),
        ];
        for (credentials, part) in cases {
            let error = credentials.validate().unwrap_err();
            let Error::InvalidInput(message) = &error else {
                panic!("{error:?}")
            };
            assert!(message.contains(part), "{message}");
            for value in [KEY, "john", "X-Evil"] {
                assert!(!message.contains(value), "{message}");
            }
        }
    }
}
