//! Receiving LiveChat webhooks: parse a delivery into a typed event and check that it
//! really comes from LiveChat.
//!
//! LiveChat POSTs a JSON body to the URL registered with
//! [`webhooks().create(..)`](crate::webhooks::Webhooks::create). A receiver reads it with
//! [`parse`] and checks it with a [`Verifier`]: every body carries the webhook's `token`
//! and the `license_id`, and the Basic credentials you put in the webhook URL
//! (`https://user:password@example.com/hook`) arrive as an `Authorization` header.
//!
//! ```
//! use livechat_api::models::WebhookEvent;
//! use livechat_api::webhook::{self, Verifier};
//!
//! let body = br#"{"event_type": "chat_started", "token": "27f41c8da685c81a890f9e5f8ce48387",
//!                 "license_id": "1025707", "visitor": {"id": "S1354547427.0c151b0e1b", "name": "John"}}"#;
//! let verifier = Verifier::new("27f41c8da685c81a890f9e5f8ce48387")?
//!     .basic_auth("livechat", "password")?
//!     .license_id(1025707);
//! let authorization = Some("Basic bGl2ZWNoYXQ6cGFzc3dvcmQ=");
//!
//! let event = webhook::parse(body)?;
//! assert!(verifier.accepts(authorization, &event));
//! match event {
//!     WebhookEvent::ChatStarted(started) => println!("a chat started: {started:?}"),
//!     other => println!("not handled: {}", other.event_type()),
//! }
//! # Ok::<(), livechat_api::Error>(())
//! ```
//!
//! # Bounding what a receiver reads
//!
//! [`parse`] refuses a body longer than [`MAX_BODY_BYTES`] without decoding it, but by then
//! the body is in memory. Bound the read itself: answer `413 Payload Too Large` when the
//! `Content-Length` header exceeds `MAX_BODY_BYTES`, and stop reading (again with 413) as
//! soon as more bytes than that have arrived, since a sender may omit the header or lie in
//! it. Most servers have the limit built in: axum's `DefaultBodyLimit::max(MAX_BODY_BYTES)`,
//! `http_body_util::Limited::new(body, MAX_BODY_BYTES)` under hyper, actix-web's
//! `PayloadConfig::new(MAX_BODY_BYTES)`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;

use crate::models::WebhookEvent;
use crate::{Error, Result, Secret};

/// The largest webhook body [`parse`] reads: 1 MiB, far above what LiveChat sends (a chat
/// with its whole transcript is a few tens of KiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Reads a webhook body. Unknown event types come back as `WebhookEvent::Unknown`; a
/// body that is not a JSON object, or is longer than [`MAX_BODY_BYTES`] (checked before any
/// decoding), is an [`Error::Decode`] naming the place of the problem.
///
/// ```
/// use livechat_api::models::WebhookEvent;
/// use livechat_api::{ErrorKind, webhook};
///
/// let event = webhook::parse(br#"{"event_type": "chat_transferred", "token": "t", "to": 2}"#)?;
/// assert!(matches!(event, WebhookEvent::Unknown(_)));
/// assert_eq!(event.event_type(), "chat_transferred");
///
/// let error = webhook::parse(b"<html>Bad gateway</html>").unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::Decode);
/// assert_eq!(error.status(), None); // a webhook body, not an answer
///
/// let error = webhook::parse(&vec![b' '; webhook::MAX_BODY_BYTES + 1]).unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::Decode);
/// # Ok::<(), livechat_api::Error>(())
/// ```
pub fn parse(body: &[u8]) -> Result<WebhookEvent> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::Decode {
            path: ".".into(),
            message: format!(
                "the body is {} bytes long, more than the {MAX_BODY_BYTES} a webhook may have",
                body.len()
            ),
            status: None,
            snippet: crate::error::snippet(body, 200),
            request: None,
        });
    }
    crate::client::decode(None, body)
}

impl WebhookEvent {
    /// The event type as sent, e.g. `chat_started`.
    pub fn event_type(&self) -> &str {
        self.parts()[0].unwrap_or("")
    }

    /// The webhook's token, which authenticates the delivery (and calls back to the
    /// visitor-details endpoint).
    pub fn token(&self) -> Option<&str> {
        self.parts()[1]
    }

    /// `event_type` and `token`, which every delivery carries. (`license_id()`, which
    /// every delivery carries too, is generated with the other fields all variants share.)
    fn parts(&self) -> [Option<&str>; 2] {
        match self {
            Self::ChatStarted(e) | Self::ChatEnded(e) | Self::ChatChanged(e) => {
                [Some(&e.event_type), Some(e.token.expose())]
            }
            Self::VisitorQueued(e) => [Some(&e.event_type), Some(e.token.expose())],
            Self::TicketCreated(e) => [Some(&e.event_type), Some(e.token.expose())],
            Self::CannedResponseChanged(e) => [Some(&e.event_type), Some(e.token.expose())],
            Self::Unknown(object) => {
                ["event_type", "token"].map(|key| object.get(key).and_then(|v| v.as_str()))
            }
        }
    }
}

/// What a receiver expects of a genuine delivery: always the webhook's token, and
/// optionally the Basic credentials of the webhook URL and the licence.
///
/// The token and the credentials are kept only as SHA-256 digests, and a delivery's values
/// are compared digest to digest in constant time: how long a check takes depends on
/// neither how much of a guess was right nor the length of the expected value. The `Basic`
/// scheme name is matched regardless of case, as HTTP requires. `Debug` shows which checks
/// are set, never their values.
///
/// ```
/// use livechat_api::webhook::{self, Verifier};
///
/// let verifier = Verifier::new("27f41c8da685c81a890f9e5f8ce48387")?
///     .basic_auth("livechat", "s3cret")?
///     .license_id(1025707);
/// assert!(!format!("{verifier:?}").contains("s3cret"));
///
/// let event = webhook::parse(br#"{"event_type": "ticket_created",
///     "token": "27f41c8da685c81a890f9e5f8ce48387", "license_id": "1025707"}"#)?;
/// // `livechat:s3cret` in Base64, as LiveChat sends the credentials of the webhook URL.
/// assert!(verifier.accepts(Some("Basic bGl2ZWNoYXQ6czNjcmV0"), &event));
/// assert!(!verifier.accepts(None, &event));
/// assert!(verifier.event_matches(&event));
/// assert!(!verifier.authorization_matches(Some("Basic bGl2ZWNoYXQ6Z3Vlc3M=")));
///
/// // A verifier that accepts every delivery cannot be made.
/// assert!(Verifier::new("").is_err());
/// # Ok::<(), livechat_api::Error>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    token: [u8; 32],
    authorization: Option<[u8; 32]>,
    license_id: Option<String>,
}

impl Verifier {
    /// Expects `token`, the token LiveChat gave the webhook when it was created (the `token`
    /// field of [`Webhook`](crate::models::Webhook)). An empty token is an
    /// [`Error::InvalidInput`]: a verifier that accepts every delivery cannot be made.
    pub fn new(token: impl Into<Secret>) -> Result<Self> {
        let token = token.into();
        if token.expose().is_empty() {
            return Err(Error::InvalidInput(
                "the webhook token is empty; give the token LiveChat returned when the webhook was created".into(),
            ));
        }
        Ok(Verifier {
            token: digest(token.expose().as_bytes()),
            authorization: None,
            license_id: None,
        })
    }

    /// Also expects the Basic credentials of the webhook URL (`https://user:password@host/..`).
    /// An empty user or password, a `:` in the user, or a control character in either is an
    /// [`Error::InvalidInput`] naming the part at fault (never its value).
    pub fn basic_auth(mut self, user: &str, password: impl Into<Secret>) -> Result<Self> {
        let password = password.into();
        let invalid = |why: &str| Err(Error::InvalidInput(format!("webhook Basic auth: {why}")));
        if user.is_empty() || password.expose().is_empty() {
            return invalid("the user and the password must not be empty");
        }
        if user.contains(':') {
            return invalid("the user must not contain `:`, which separates it from the password");
        }
        if user.chars().any(char::is_control) || password.expose().chars().any(char::is_control) {
            return invalid("the user and the password must not contain control characters");
        }
        let pair = format!("{user}:{}", password.expose());
        self.authorization = Some(digest(pair.as_bytes()));
        Ok(self)
    }

    /// Also expects events of this licence only.
    pub fn license_id(mut self, license_id: u64) -> Self {
        self.license_id = Some(license_id.to_string());
        self
    }

    /// Whether the `Authorization` header carries the expected Basic credentials (always
    /// true when none are expected).
    pub fn authorization_matches(&self, header: Option<&str>) -> bool {
        let Some(expected) = &self.authorization else {
            return true;
        };
        let Some((scheme, credentials)) = header.map(str::trim).and_then(split_scheme) else {
            return false;
        };
        if !scheme.eq_ignore_ascii_case("basic") {
            return false;
        }
        // What fails here depends on the header only, which the sender knows anyway.
        match STANDARD.decode(credentials) {
            Ok(pair) => same(expected, &pair),
            Err(_) => false,
        }
    }

    /// Whether the event carries the expected token (and licence, when one is expected).
    /// A delivery without a token never matches.
    pub fn event_matches(&self, event: &WebhookEvent) -> bool {
        let token_ok = event
            .token()
            .is_some_and(|given| same(&self.token, given.as_bytes()));
        let license_ok = self
            .license_id
            .as_deref()
            .is_none_or(|expected| event.license_id() == Some(expected));
        token_ok & license_ok
    }

    /// Both checks: the header and the event.
    pub fn accepts(&self, authorization: Option<&str>, event: &WebhookEvent) -> bool {
        self.authorization_matches(authorization) & self.event_matches(event)
    }
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("token", &Secret::default())
            .field(
                "basic_auth",
                &self.authorization.as_ref().map(|_| Secret::default()),
            )
            .field("license_id", &self.license_id)
            .finish()
    }
}

/// `Basic dXNlcg==` into the scheme and the credentials, around any run of spaces.
fn split_scheme(header: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = header.split_once([' ', '\t'])?;
    Some((scheme, rest.trim_start_matches([' ', '\t'])))
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Hashing first makes both sides 32 bytes, so the comparison's time says nothing about
/// the expected value, its length included.
fn same(expected: &[u8; 32], given: &[u8]) -> bool {
    bool::from(expected.ct_eq(&digest(given)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "27f41c8da685c81a890f9e5f8ce48387";

    fn event(body: &str) -> WebhookEvent {
        parse(body.as_bytes()).unwrap()
    }

    #[test]
    fn wrong_credentials_are_rejected() {
        let event =
            event(r#"{"event_type": "ticket_created", "token": "t0k3n", "license_id": "12345"}"#);
        let verifier = Verifier::new("t0k3n")
            .unwrap()
            .basic_auth("u", "p")
            .unwrap()
            .license_id(12345);
        let good = format!("Basic {}", STANDARD.encode("u:p"));
        assert!(verifier.accepts(Some(&good), &event));
        assert!(!verifier.accepts(None, &event));
        assert!(!verifier.accepts(Some("Basic dTpx"), &event));
        assert!(!verifier.accepts(Some("Basic"), &event));
        assert!(!verifier.accepts(Some("Basic !!!"), &event));
        assert!(!verifier.accepts(Some("Bearer dTpw"), &event));
        assert!(!Verifier::new("other").unwrap().event_matches(&event));
        assert!(
            !Verifier::new("t0k3n")
                .unwrap()
                .license_id(1234)
                .event_matches(&event)
        );
        assert!(Verifier::new("t0k3n").unwrap().authorization_matches(None));
    }

    #[test]
    fn the_basic_scheme_is_matched_in_any_case() {
        let verifier = Verifier::new(TOKEN).unwrap().basic_auth("u", "p").unwrap();
        let credentials = STANDARD.encode("u:p");
        for scheme in ["Basic", "basic", "BASIC", "bAsIc"] {
            for gap in [" ", "  ", "\t"] {
                let header = format!("{scheme}{gap}{credentials}");
                assert!(verifier.authorization_matches(Some(&header)), "{header:?}");
            }
        }
    }

    #[test]
    fn a_verifier_that_accepts_everything_cannot_be_made() {
        assert!(matches!(
            Verifier::new(""),
            Err(crate::Error::InvalidInput(_))
        ));
        let verifier = Verifier::new(TOKEN).unwrap();
        for refused in [
            ("", "p"),
            ("u", ""),
            ("a:b", "p"),
            ("u\r\n", "p"),
            ("u", "p\n"),
        ] {
            let error = verifier
                .clone()
                .basic_auth(refused.0, refused.1)
                .unwrap_err();
            assert!(
                matches!(error, crate::Error::InvalidInput(_)),
                "{refused:?}"
            );
            assert!(!error.to_string().contains("a:b"), "{error}");
        }
        // A known event without a token is no delivery at all: it does not decode.
        for body in [
            r#"{"event_type": "chat_started", "license_id": "1"}"#,
            r#"{"event_type": "chat_started", "token": null, "license_id": "1"}"#,
        ] {
            let error = parse(body.as_bytes()).unwrap_err();
            assert!(
                matches!(&error, crate::Error::Decode { path, .. } if path == "token"),
                "{error:?}"
            );
        }
        // One with an empty token, or an unknown one without, never matches.
        for body in [
            r#"{"event_type": "chat_started", "token": "", "license_id": "1"}"#,
            r#"{"event_type": "chat_transferred"}"#,
            r#"{"event_type": "chat_transferred", "token": ""}"#,
        ] {
            assert!(!verifier.event_matches(&event(body)), "{body}");
        }
        assert!(verifier.event_matches(&event(&format!(
            r#"{{"event_type": "chat_transferred", "token": "{TOKEN}"}}"#
        ))));
    }

    #[test]
    fn tokens_of_other_lengths_and_prefixes_do_not_match() {
        let verifier = Verifier::new(TOKEN).unwrap();
        for given in [
            &TOKEN[..31],
            &TOKEN[..1],
            "x",
            &format!("{TOKEN}0"),
            &TOKEN.to_uppercase(),
        ] {
            let body = format!(
                r#"{{"event_type": "chat_started", "token": "{given}", "license_id": "1"}}"#
            );
            assert!(!verifier.event_matches(&event(&body)), "{given}");
        }
    }

    #[test]
    fn oversized_bodies_are_refused_before_decoding() {
        let mut body = format!(
            r#"{{"event_type": "chat_started", "token": "{TOKEN}", "license_id": "1", "pad": ""#
        )
        .into_bytes();
        body.resize(MAX_BODY_BYTES - 2, b'a');
        body.extend_from_slice(b"\"}");
        assert_eq!(body.len(), MAX_BODY_BYTES);
        assert!(parse(&body).is_ok(), "exactly the maximum is read");
        body.insert(body.len() - 2, b'a');
        let error = parse(&body).unwrap_err();
        let crate::Error::Decode {
            message,
            status: None,
            snippet,
            ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert!(message.contains("1048576"), "{message}");
        assert!(
            !snippet.contains(TOKEN) && !error.to_string().contains(TOKEN),
            "{error}"
        );
        // A body that is not JSON at all fails on its size, not on its syntax.
        let error = parse(&vec![b'<'; MAX_BODY_BYTES + 1]).unwrap_err();
        assert!(error.to_string().contains("1048577 bytes"), "{error}");
    }

    #[test]
    fn unknown_events_keep_their_fields() {
        let event =
            parse(br#"{"event_type": "chat_transferred", "token": "x", "license_id": "9"}"#)
                .unwrap();
        assert!(matches!(event, WebhookEvent::Unknown(_)));
        assert_eq!(event.event_type(), "chat_transferred");
        assert_eq!(event.token(), Some("x"));
        assert_eq!(event.license_id(), Some("9"));
        assert!(format!("{event:?}").contains("chat_transferred"));
    }

    #[test]
    fn tokens_stay_out_of_debug_output() {
        let event =
            parse(br#"{"event_type": "chat_started", "token": "s3cr3t-t0k3n", "license_id": "1"}"#)
                .unwrap();
        assert!(!format!("{event:?}").contains("s3cr3t-t0k3n"));
        let verifier = Verifier::new("s3cr3t-t0k3n")
            .unwrap()
            .basic_auth("u", "pw-123")
            .unwrap();
        assert!(
            !format!("{verifier:?}").contains("s3cr3t")
                && !format!("{verifier:?}").contains("pw-123")
        );
    }

    #[test]
    fn unknown_events_and_unknown_keys_hide_secrets_in_debug() {
        let unknown = event(&format!(
            r#"{{"event_type": "chat_transferred", "token": "{TOKEN}", "agent": {{"api_key": "{TOKEN}"}}}}"#
        ));
        let known = event(&format!(
            r#"{{"event_type": "chat_started", "token": "x", "license_id": "1", "new_field": {{"Password": "{TOKEN}"}}, "chat": {{"id": "c", "secured_session_id": "{TOKEN}"}}}}"#
        ));
        for event in [unknown, known] {
            let printed = format!("{event:?} {event:#?}");
            assert!(!printed.contains(TOKEN), "{printed}");
            assert!(printed.contains("[redacted]"), "{printed}");
        }
    }

    #[test]
    fn parse_errors_hide_the_token() {
        for body in [
            format!(r#"{{"token": "{TOKEN}", "event_type": "chat_started", "chat": 5}}"#),
            format!(r#"{{"token": "{TOKEN}", "event_type": "chat_started""#),
            format!(r#"[{{"token": "{TOKEN}"}}]"#),
            format!("token={TOKEN}&event_type=chat_started"),
        ] {
            let error = parse(body.as_bytes()).unwrap_err();
            let printed = format!("{error} {error:?}");
            assert!(!printed.contains(TOKEN), "{printed}");
        }
    }

    #[test]
    fn broken_bodies_are_decode_errors() {
        for body in [
            &b""[..],
            b"[]",
            b"{\"event_type\": \"chat_started\", \"chat\": 5}",
            b"<html>",
        ] {
            let error = parse(body).unwrap_err();
            assert!(
                matches!(error, crate::Error::Decode { status: None, .. }),
                "{error:?}"
            );
        }
    }
}
