//! The client: configuration, and the one place every call goes through.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderValue};
use serde::de::DeserializeOwned;

use crate::Credentials;
use crate::encode;
use crate::error::{Error, Result, snippet};
use crate::request::{Encoding, Method, Request};

/// Where the API lives unless the builder says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.livechatinc.com/";

/// The API version this library speaks, sent as `X-API-Version` on every request.
pub const API_VERSION: &str = "2";

const USER_AGENT: &str = concat!("livechat-api-rs/", env!("CARGO_PKG_VERSION"));

/// Bodies larger than this are refused rather than read into memory.
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// A LiveChat REST API v2 client.
///
/// Cheap to clone (the connection pool is shared). Each resource of the API is a method:
/// [`agents`](Client::agents), [`chats`](Client::chats) and so on; each of their methods
/// starts a request builder, which `.send().await` runs.
///
/// ```no_run
/// # async fn example() -> livechat_api::Result<()> {
/// use livechat_api::{Client, Credentials};
///
/// let client = Client::new(Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb"))?;
/// for agent in client.agents().list().send().await? {
///     println!("{:?} is {:?}", agent.login, agent.status);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Without the trailing slash, so that a request path can be appended.
    base_url: String,
    /// Marked sensitive, so that HTTP-level logging leaves it out.
    authorization: HeaderValue,
    region: Option<&'static str>,
    timeout: Duration,
    retry: RetryPolicy,
    json_bodies: bool,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// How failed idempotent requests are repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryPolicy {
    /// Exponential backoff: `initial`, `2 * initial`, ... capped at `max`.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.min(16));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// Configures a [`Client`]. Start one with [`Client::builder`].
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: String,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    json_bodies: bool,
}

impl Client {
    /// A client for `https://api.livechatinc.com/` with the default timeouts and retries.
    pub fn new(credentials: Credentials) -> Result<Client> {
        Client::builder(credentials).build()
    }

    /// A builder to change the base URL, timeouts, retries or HTTP client.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            credentials,
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy {
                max_retries: 2,
                initial_backoff: Duration::from_millis(200),
                max_backoff: Duration::from_secs(5),
            },
            http: None,
            json_bodies: false,
        }
    }

    /// The base URL requests go to, without its trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request and decodes a 2xx answer as `T`.
    pub(crate) async fn call<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let (status, body) = self.execute(&request).await?;
        decode(Some(status), &body)
    }

    /// Sends a request, repeating it after retryable failures when it is idempotent.
    async fn execute(&self, request: &Request) -> Result<(u16, bytes::Bytes)> {
        let mut attempt = 0;
        loop {
            match self.attempt(request).await {
                Err(error)
                    if request.idempotent
                        && error.is_retryable()
                        && attempt < self.inner.retry.max_retries =>
                {
                    tokio::time::sleep(self.inner.retry.backoff(attempt)).await;
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }

    async fn attempt(&self, request: &Request) -> Result<(u16, bytes::Bytes)> {
        let inner = &self.inner;
        let mut url = format!("{}{}", inner.base_url, request.path);
        if !request.query.is_empty() {
            url.push('?');
            url.push_str(&encode::form(&request.query));
        }
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = inner
            .http
            .request(method, url)
            .timeout(inner.timeout)
            .header("X-API-Version", API_VERSION)
            .header(header::USER_AGENT, USER_AGENT)
            .header(header::ACCEPT, "application/json");
        if request.authenticated {
            builder = builder.header(header::AUTHORIZATION, inner.authorization.clone());
            if let Some(region) = inner.region {
                builder = builder.header("X-Region", region);
            }
        }
        if !request.body.is_empty() {
            let encoding = if inner.json_bodies {
                Encoding::Json
            } else {
                request.encoding
            };
            builder = match encoding {
                Encoding::Form => builder
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(encode::form(&request.body)),
                Encoding::Json => builder
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(encode::json(&request.body)),
            };
        }
        let mut response = builder
            .send()
            .await
            .map_err(|error| transport(error, inner.timeout))?;
        let status = response.status().as_u16();
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| transport(error, inner.timeout))?
        {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(Error::Decode {
                    path: ".".into(),
                    message: format!("the body is larger than {MAX_BODY_BYTES} bytes"),
                    status: Some(status),
                    snippet: snippet(&body, 200),
                });
            }
            body.extend_from_slice(&chunk);
        }
        let body = body.freeze();
        if (200..300).contains(&status) {
            Ok((status, body))
        } else {
            Err(Error::from_status(status, &body))
        }
    }
}

fn transport(error: reqwest::Error, timeout: Duration) -> Error {
    if error.is_timeout() {
        Error::Timeout(timeout)
    } else {
        // The URL carries no secret, but it may carry a caller's query values: leave it out.
        Error::Transport(Box::new(error.without_url()))
    }
}

/// Decodes a 2xx body, naming the JSON path of the first mismatch.
///
/// The whole body must be one JSON value: anything but whitespace after it is an error,
/// so a truncated concatenation or a proxy's appended page is never taken for an answer.
pub(crate) fn decode<T: DeserializeOwned>(status: Option<u16>, body: &[u8]) -> Result<T> {
    let fail = |path: String, message: String| Error::Decode {
        path,
        message,
        status,
        snippet: snippet(body, 200),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(fail(".".into(), "the body is empty".into()));
    }
    // Tracking the path costs a String per key; pay it only to explain a failure.
    // Checking UTF-8 once for the whole body is cheaper than serde_json checking every
    // string on its own; a body that fails the check gets serde_json's own error below.
    let untracked = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    let untracked = match untracked {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(deserializer) {
        Err(error) => {
            let path = error.path().to_string();
            Err(fail(path, error.into_inner().to_string()))
        }
        // The value itself was fine, so what failed lies after it (trailing data).
        Ok(_) => Err(fail(".".into(), untracked.to_string())),
    }
}

#[cfg(test)]
mod decode_tests {
    use super::*;
    use crate::models::ChatList;

    fn decode_error<T: DeserializeOwned + std::fmt::Debug>(body: &[u8]) -> (String, String) {
        match decode::<T>(Some(200), body) {
            Err(Error::Decode { path, message, .. }) => (path, message),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn data_after_the_value_is_refused() {
        for body in [
            &br#"{"chats": [], "total": 0, "pages": 1} {"chats": []}"#[..],
            br#"{"chats": [], "total": 0, "pages": 1}x"#,
            br#"{"chats": [], "total": 0, "pages": 1}]"#,
        ] {
            let (path, message) = decode_error::<ChatList>(body);
            assert_eq!(path, ".");
            assert!(message.starts_with("trailing characters"), "{message}");
        }
        let whitespace = b"{\"chats\": [], \"total\": 0, \"pages\": 1}\r\n\t ";
        assert!(decode::<ChatList>(Some(200), whitespace).is_ok());
    }

    #[test]
    fn webhook_bodies_with_data_after_the_value_are_refused() {
        let body = br#"{"event_type": "chat_started", "token": "t"}{"event_type": "chat_started"}"#;
        let error = crate::webhook::parse(body).unwrap_err();
        assert!(
            matches!(&error, Error::Decode { status: None, path, message, .. }
                if path == "." && message.starts_with("trailing characters")),
            "{error:?}"
        );
        assert!(crate::webhook::parse(&body[..44]).is_ok());
    }

    #[test]
    fn a_failure_names_the_path_of_the_bad_value() {
        let body = br#"{"chats": [{"id": "a"}, {"id": "b", "visitor": {"id": "v", "ip": 5, "name": [1]}}], "total": 2, "pages": 1}"#;
        let (path, message) = decode_error::<ChatList>(body);
        assert_eq!(path, "chats[1].visitor.name");
        assert!(message.starts_with("invalid type: sequence"), "{message}");
    }

    #[test]
    fn a_failure_inside_a_union_names_the_union() {
        let body = br#"{"chats": [{"id": "a", "events": [{"type": "event"}, {"type": "message", "timestamp": "soon"}]}]}"#;
        let (path, message) = decode_error::<ChatList>(body);
        assert_eq!(path, "chats[0].events[1]");
        assert!(
            message.starts_with("invalid value: string \"soon\""),
            "{message}"
        );
        // One position, the outer parser's: none from inside the union's copied text.
        assert_eq!(message.matches(" at line ").count(), 1, "{message}");
    }

    #[test]
    fn invalid_utf8_is_a_decode_error_naming_its_place() {
        let (path, message) = decode_error::<ChatList>(b"{\"chats\": [{\"id\": \"a\xff\"}]}");
        assert_eq!(path, "chats[0].id");
        assert!(
            message.starts_with("invalid unicode code point"),
            "{message}"
        );
        let (_, message) = decode_error::<ChatList>(b"{\"chats\": []}\xff");
        assert!(message.starts_with("trailing characters"), "{message}");
    }

    #[test]
    fn syntax_errors_name_where_parsing_stopped() {
        let (path, message) = decode_error::<ChatList>(br#"{"chats": [{"id": "a"}, {"id": }]}"#);
        assert_eq!(path, "chats[1].id");
        assert!(
            message.starts_with("expected value at line 1 column"),
            "{message}"
        );
    }
}

impl ClientBuilder {
    /// Sends requests to another base URL, e.g. a fake server in tests. Only `https://`
    /// is accepted, except for loopback addresses (`127.0.0.0/8`, `[::1]`, `localhost`),
    /// where `http://` is allowed too.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Time allowed to open a connection (default 10 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole attempt, from sending to the last byte of the answer
    /// (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times an idempotent request is repeated after a timeout, a connection
    /// failure, a 429 or a 5xx answer (default 2; 0 turns retries off). Requests that
    /// create something (`POST`) are never repeated.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The wait before the first retry (default 200 ms); it doubles at each retry, up to 5 s.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.retry.initial_backoff = backoff;
        self
    }

    /// Uses a `reqwest::Client` you configured (proxies, TLS roots, pools). The connect
    /// timeout is then that client's; the total timeout still applies per attempt.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends every request body as JSON instead of the PHP-style form the reference
    /// documents first. LiveChat reads both; JSON keeps numbers and booleans typed.
    pub fn json_bodies(mut self, json: bool) -> Self {
        self.json_bodies = json;
        self
    }

    /// Checks the configuration and makes the client.
    pub fn build(self) -> Result<Client> {
        let base_url = check_base_url(&self.base_url)?;
        let mut authorization = HeaderValue::from_str(self.credentials.authorization().expose())
            .map_err(|_| {
                Error::InvalidInput(
                    "the credentials contain characters an HTTP header cannot carry".into(),
                )
            })?;
        authorization.set_sensitive(true);
        let http = match self.http {
            Some(http) => http,
            None => {
                install_crypto_provider();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .build()
                    .map_err(|error| Error::InvalidInput(format!("cannot set up HTTP: {error}")))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                region: self.credentials.region(),
                timeout: self.timeout,
                retry: self.retry,
                json_bodies: self.json_bodies,
            }),
        })
    }
}

/// With the `rustls-ring` feature reqwest brings no crypto provider of its own: install
/// ring as the process default unless the application installed one already.
fn install_crypto_provider() {
    #[cfg(feature = "rustls-ring")]
    {
        // An error only means a provider is already installed, which is what we need.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

fn check_base_url(text: &str) -> Result<String> {
    let invalid = |why: &str| Error::InvalidInput(format!("base URL {text:?} {why}"));
    let url =
        reqwest::Url::parse(text).map_err(|error| invalid(&format!("is not a URL: {error}")))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or a fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "must not carry credentials; pass them as Credentials",
        ));
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(invalid(
                "uses plain http: credentials would travel unencrypted; use https (http is allowed for loopback addresses only)",
            ));
        }
        _ => return Err(invalid("must use https")),
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let policy = RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(500),
        };
        let waits: Vec<_> = (0..5)
            .map(|attempt| policy.backoff(attempt).as_millis())
            .collect();
        assert_eq!(waits, [100, 200, 400, 500, 500]);
        assert_eq!(policy.backoff(u32::MAX), Duration::from_millis(500));
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            check_base_url("https://api.livechatinc.com/").unwrap(),
            "https://api.livechatinc.com"
        );
        assert_eq!(
            check_base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            check_base_url("http://localhost:1/v2/").unwrap(),
            "http://localhost:1/v2"
        );
        assert!(check_base_url("http://[::1]:9/").is_ok());
        for refused in [
            "http://api.livechatinc.com/",
            "ftp://x/",
            "https://u:p@x/",
            "https://x/?a=1",
            "nonsense",
        ] {
            assert!(
                matches!(check_base_url(refused), Err(Error::InvalidInput(_))),
                "{refused}"
            );
        }
    }

    #[test]
    fn empty_and_broken_bodies_are_decode_errors() {
        for body in [&b""[..], b"  \n", b"<html>oops</html>", b"{\"a\":"] {
            let error = decode::<serde_json::Value>(Some(200), body).unwrap_err();
            assert!(
                matches!(
                    error,
                    Error::Decode {
                        status: Some(200),
                        ..
                    }
                ),
                "{error}"
            );
        }
    }
}
