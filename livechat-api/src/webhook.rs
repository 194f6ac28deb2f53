//! Receiving LiveChat webhooks: parse a delivery into a typed event and check that it
//! really comes from LiveChat.
//!
//! LiveChat POSTs a JSON body to the URL registered with
//! [`webhooks().create(..)`](crate::webhooks::Webhooks::create). A receiver reads it with
//! [`parse`] and checks it with a [`Verifier`]: the Basic credentials you put in the
//! webhook URL (`https://user:password@example.com/hook`) arrive as an `Authorization`
//! header, and every body carries the webhook's `token` and the `license_id`.
//!
//! ```
//! use livechat_api::models::WebhookEvent;
//! use livechat_api::webhook::{self, Verifier};
//!
//! let body = br#"{"event_type": "chat_started", "token": "27f41c8da685c81a890f9e5f8ce48387",
//!                 "license_id": "1025707", "visitor": {"id": "S1354547427.0c151b0e1b", "name": "John"}}"#;
//! let verifier = Verifier::new()
//!     .basic_auth("livechat", "password")
//!     .token("27f41c8da685c81a890f9e5f8ce48387")
//!     .license_id("1025707");
//! let authorization = Some("Basic bGl2ZWNoYXQ6cGFzc3dvcmQ=");
//!
//! let event = webhook::parse(body)?;
//! assert!(verifier.accepts(authorization, &event));
//! match event {
//!     WebhookEvent::ChatStarted(started) => {
//!         let visitor = started.visitor.unwrap_or_default();
//!         assert_eq!(visitor.name.as_deref(), Some("John"));
//!     }
//!     other => println!("not handled: {}", other.event_type()),
//! }
//! # Ok::<(), livechat_api::Error>(())
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use subtle::ConstantTimeEq;

use crate::models::WebhookEvent;
use crate::{Result, Secret};

/// Reads a webhook body. Unknown event types come back as `WebhookEvent::Unknown`; a
/// body that is not a JSON object is an [`Error::Decode`](crate::Error::Decode) naming
/// the place of the problem.
pub fn parse(body: &[u8]) -> Result<WebhookEvent> {
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

    /// The licence the event belongs to.
    pub fn license_id(&self) -> Option<&str> {
        self.parts()[2]
    }

    /// `event_type`, `token` and `license_id`, which every delivery carries.
    fn parts(&self) -> [Option<&str>; 3] {
        fn text(secret: &Option<Secret>) -> Option<&str> {
            secret.as_ref().map(Secret::expose)
        }
        match self {
            Self::ChatStarted(e) | Self::ChatEnded(e) | Self::ChatChanged(e) => [
                e.event_type.as_deref(),
                text(&e.token),
                e.license_id.as_deref(),
            ],
            Self::VisitorQueued(e) => [
                e.event_type.as_deref(),
                text(&e.token),
                e.license_id.as_deref(),
            ],
            Self::TicketCreated(e) => [
                e.event_type.as_deref(),
                text(&e.token),
                e.license_id.as_deref(),
            ],
            Self::CannedResponseChanged(e) => [
                e.event_type.as_deref(),
                text(&e.token),
                e.license_id.as_deref(),
            ],
            Self::Unknown(object) => ["event_type", "token", "license_id"]
                .map(|key| object.get(key).and_then(|v| v.as_str())),
        }
    }
}

/// What a receiver expects of a genuine delivery. Every comparison runs in constant time,
/// so response timing tells an attacker nothing about how close a guess was.
#[derive(Debug, Clone, Default)]
pub struct Verifier {
    authorization: Option<Secret>,
    token: Option<Secret>,
    license_id: Option<String>,
}

impl Verifier {
    /// A verifier that expects nothing yet; add what your webhook uses.
    pub fn new() -> Self {
        Verifier::default()
    }

    /// Expects the Basic credentials of the webhook URL (`https://user:password@host/..`).
    pub fn basic_auth(mut self, user: &str, password: impl Into<Secret>) -> Self {
        let pair = format!("{user}:{}", password.into().expose());
        self.authorization = Some(Secret::from(format!("Basic {}", STANDARD.encode(pair))));
        self
    }

    /// Expects the token LiveChat gave the webhook when it was created.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Expects events of this licence only.
    pub fn license_id(mut self, license_id: impl Into<String>) -> Self {
        self.license_id = Some(license_id.into());
        self
    }

    /// Whether the `Authorization` header carries the expected Basic credentials (always
    /// true when none are expected).
    pub fn authorization_matches(&self, header: Option<&str>) -> bool {
        match &self.authorization {
            None => true,
            Some(expected) => same(expected.expose(), header.unwrap_or("").trim()),
        }
    }

    /// Whether the event carries the expected token and licence.
    pub fn event_matches(&self, event: &WebhookEvent) -> bool {
        let token_ok = self
            .token
            .as_ref()
            .is_none_or(|expected| same(expected.expose(), event.token().unwrap_or("")));
        let license_ok = self
            .license_id
            .as_deref()
            .is_none_or(|expected| same(expected, event.license_id().unwrap_or("")));
        token_ok & license_ok
    }

    /// Both checks: the header and the event.
    pub fn accepts(&self, authorization: Option<&str>, event: &WebhookEvent) -> bool {
        self.authorization_matches(authorization) & self.event_matches(event)
    }
}

fn same(expected: &str, given: &str) -> bool {
    bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_credentials_are_rejected() {
        let body = br#"{"event_type": "ticket_created", "token": "t0k3n", "license_id": "12345"}"#;
        let event = parse(body).unwrap();
        let verifier = Verifier::new()
            .basic_auth("u", "p")
            .token("t0k3n")
            .license_id("12345");
        let good = format!("Basic {}", STANDARD.encode("u:p"));
        assert!(verifier.accepts(Some(&good), &event));
        assert!(!verifier.accepts(None, &event));
        assert!(!verifier.accepts(Some("Basic dTpx"), &event));
        assert!(!Verifier::new().token("other").event_matches(&event));
        assert!(!Verifier::new().license_id("1234").event_matches(&event));
        assert!(Verifier::new().authorization_matches(None));
    }

    #[test]
    fn unknown_events_keep_their_fields() {
        let event =
            parse(br#"{"event_type": "chat_transferred", "token": "x", "license_id": "9"}"#)
                .unwrap();
        assert!(matches!(event, WebhookEvent::Unknown(_)));
        assert_eq!(event.event_type(), "chat_transferred");
        assert_eq!(event.token(), Some("x"));
        assert!(format!("{event:?}").contains("chat_transferred"));
    }

    #[test]
    fn tokens_stay_out_of_debug_output() {
        let event = parse(br#"{"event_type": "chat_started", "token": "s3cr3t-t0k3n"}"#).unwrap();
        assert!(!format!("{event:?}").contains("s3cr3t-t0k3n"));
        let verifier = Verifier::new()
            .token("s3cr3t-t0k3n")
            .basic_auth("u", "pw-123");
        assert!(
            !format!("{verifier:?}").contains("s3cr3t")
                && !format!("{verifier:?}").contains("pw-123")
        );
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
