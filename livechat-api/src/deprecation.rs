//! Warns once per endpoint when LiveChat says the API version is going away.
//!
//! LiveChat marks answers with `Deprecation`, `Sunset` (RFC 8594) or `Legacy` headers
//! when the version or method a client uses is scheduled for removal. A service that
//! calls an endpoint a million times a day should tell its operator once, not a million
//! times, so each endpoint (method and path template) is reported at most once per
//! client, through `tracing` at WARN level with the target `livechat_api::deprecation`.

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

use reqwest::header::HeaderMap;

use crate::request::Method;

/// The headers that announce a removal.
const NOTICES: [&str; 3] = ["deprecation", "sunset", "legacy"];

/// How much of a header value is repeated in the warning: enough for a date or a link.
const MAX_VALUE_CHARS: usize = 120;

/// The endpoints already reported; at most one entry per endpoint of the spec.
#[derive(Default)]
pub(crate) struct Deprecations {
    reported: Mutex<HashSet<(Method, &'static str)>>,
}

impl Deprecations {
    /// Warns if `headers` announce a removal and `endpoint` was not reported yet.
    pub(crate) fn check(&self, method: Method, endpoint: &'static str, headers: &HeaderMap) {
        if !NOTICES.iter().any(|name| headers.contains_key(*name)) {
            return;
        }
        let first_time = self
            .reported
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert((method, endpoint));
        if !first_time {
            return;
        }
        let value = |name: &str| headers.get(name).map(|value| printable(value.as_bytes()));
        tracing::warn!(
            target: "livechat_api::deprecation",
            method = method.as_str(),
            endpoint,
            deprecation = value("deprecation"),
            sunset = value("sunset"),
            legacy = value("legacy"),
            "LiveChat announces that this endpoint or API version is going away"
        );
    }
}

/// A server's header value, cut short and stripped of anything that could forge log
/// lines or terminal escapes.
fn printable(value: &[u8]) -> String {
    let text: String = String::from_utf8_lossy(value)
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_VALUE_CHARS + 1)
        .collect();
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cut_and_control_characters_dropped() {
        assert_eq!(printable(b"@1688169599"), "@1688169599");
        assert_eq!(printable(b"true\x1b[31m\r\nforged"), "true[31mforged");
        let long = printable(&[b'a'; 500]);
        assert_eq!(long.len(), MAX_VALUE_CHARS + 3);
        assert!(long.ends_with("..."));
    }
}
