//! Hiding the values of secret keys in text meant for people: body snippets in errors and
//! the `Debug` output of JSON kept as sent.
//!
//! A key is secret when, ignoring ASCII case, `-` and `_`, it is one of the names below or
//! one the spec types `secret`, or ends with one (`access_token`, `new_password`). Text is
//! scanned lexically rather than parsed, because a snippet is cut short and an error body
//! need not be JSON at all: a quoted key followed by `:` (JSON) and a word followed by `=`
//! (forms, query strings, PHP-style `agent[api_key]=`) both count. Every scan is a single
//! pass over the input without recursion, so hostile text costs time linear in its length.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

/// Printed instead of a secret value, as [`Secret`](crate::Secret)'s `Debug` does.
const REDACTED: &str = "[redacted]";

/// Secret keys known beside the spec's: the credentials of [`Credentials`](crate::Credentials)
/// and an echoed `Authorization` header.
const BUILTIN_KEYS: &[&str] = &[
    "api_key",
    "token",
    "password",
    "current_password",
    "secured_session_id",
    "authorization",
];

/// Whether the value under `key` must not be shown.
pub(crate) fn is_secret_key(key: &str) -> bool {
    // Longer keys are not names anyone gives a field; refusing them keeps the check cheap.
    if key.len() > 256 {
        return false;
    }
    let key = squash(key);
    BUILTIN_KEYS
        .iter()
        .chain(crate::SECRET_KEYS)
        .any(|name| key.ends_with(&squash(name)))
}

/// Lowercase ASCII without `_` and `-`, so that `API-Key`, `apiKey` and `api_key` agree.
fn squash(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `text` with the value of every secret key replaced by `[redacted]`.
pub(crate) fn text(text: &str) -> String {
    form_values(&json_values(text))
}

/// Redacts `"key": value` pairs, whatever the value (a string, a number, an object), also
/// when the text ends inside the value.
fn json_values(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'"' {
            at += 1;
            continue;
        }
        let Some(after_key) = string_end(bytes, at) else {
            break;
        };
        let colon = skip_whitespace(bytes, after_key);
        if bytes.get(colon) != Some(&b':')
            || !is_secret_key(&unescape(&text[at + 1..after_key - 1]))
        {
            at = after_key;
            continue;
        }
        let value = skip_whitespace(bytes, colon + 1);
        let value_end = json_value_end(bytes, value);
        if value_end > value {
            out.push_str(&text[copied..value]);
            out.push('"');
            out.push_str(REDACTED);
            out.push('"');
            copied = value_end;
        }
        at = value_end.max(colon + 1);
    }
    out.push_str(&text[copied..]);
    out
}

/// Redacts `key=value`, the value ending at a character no form value or query string
/// carries unescaped.
fn form_values(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|b| *b == b'=') {
        let equals = at + offset;
        let start = bytes[..equals]
            .iter()
            .rposition(|b| !is_form_key_byte(*b))
            .map_or(0, |before| before + 1)
            .max(at);
        let value_end = bytes[equals + 1..]
            .iter()
            .position(|b| ends_form_value(*b))
            .map_or(bytes.len(), |end| equals + 1 + end);
        if value_end > equals + 1 && is_secret_key(last_form_key_part(&text[start..equals])) {
            out.push_str(&text[copied..=equals]);
            out.push_str(REDACTED);
            copied = value_end;
            at = value_end;
        } else {
            at = equals + 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn is_form_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.' | b'[' | b']' | b'%')
}

fn ends_form_value(byte: u8) -> bool {
    byte.is_ascii_whitespace()
        || byte.is_ascii_control()
        || matches!(
            byte,
            b'&' | b'"' | b'\'' | b'\\' | b'<' | b'>' | b',' | b';'
        )
}

/// The innermost name of a PHP-style key: `agent[api_key]` and `agent%5Bapi_key%5D` give
/// `api_key`.
fn last_form_key_part(key: &str) -> &str {
    let key = key.trim_end_matches(']');
    let key = key
        .strip_suffix("%5D")
        .or_else(|| key.strip_suffix("%5d"))
        .unwrap_or(key);
    let open = [key.rfind('['), key.rfind("%5B"), key.rfind("%5b")]
        .into_iter()
        .flatten()
        .max();
    match open {
        Some(open) if key[open..].starts_with('[') => &key[open + 1..],
        Some(open) => &key[open + 3..],
        None => key,
    }
}

/// The index just past the closing quote of the string starting at `start`, or `None` when
/// the text ends first.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The end of the JSON value starting at `start`: past its closing quote or bracket, or
/// the end of the text when it is cut short.
fn json_value_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        None => start,
        Some(b'"') => string_end(bytes, start).unwrap_or(bytes.len()),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut at = start;
            while at < bytes.len() {
                match bytes[at] {
                    b'"' => {
                        at = string_end(bytes, at).unwrap_or(bytes.len());
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return at + 1;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            bytes.len()
        }
        Some(_) => bytes[start..]
            .iter()
            .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())
            .map_or(bytes.len(), |end| start + end),
    }
}

/// The text of a JSON string's contents, for comparing keys; an escape it cannot read is
/// kept as written.
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
}

/// `Debug` for JSON kept as sent (unknown keys in `extra`, `json` fields, unknown union
/// variants), printed like the value's own `Debug` except that secret values are hidden.
pub(crate) struct Redacted<'a, T: ?Sized>(pub(crate) &'a T);

/// JSON-holding types whose `Debug` can hide secret values.
pub(crate) trait RedactedDebug {
    /// Writes the value as its `Debug` would, with secret values replaced.
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<T: RedactedDebug + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_redacted(f)
    }
}

impl RedactedDebug for Map<String, Value> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in self {
            if is_secret_key(key) {
                map.entry(key, &format_args!("{REDACTED}"));
            } else {
                map.entry(key, &Redacted(value));
            }
        }
        map.finish()
    }
}

impl RedactedDebug for Value {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Object(object) => {
                f.write_str("Object ")?;
                object.fmt_redacted(f)
            }
            Value::Array(items) => {
                f.write_str("Array ")?;
                items.fmt_redacted(f)
            }
            scalar => fmt::Debug::fmt(scalar, f),
        }
    }
}

impl<T: RedactedDebug> RedactedDebug for Vec<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(Redacted)).finish()
    }
}

impl<T: RedactedDebug> RedactedDebug for Option<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Some(value) => f.debug_tuple("Some").field(&Redacted(value)).finish(),
            None => f.write_str("None"),
        }
    }
}

/// A parameter added by name to a request builder.
impl RedactedDebug for (String, Value) {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, value) = self;
        let mut tuple = f.debug_tuple("");
        tuple.field(name);
        if is_secret_key(last_form_key_part(name)) {
            tuple.field(&format_args!("{REDACTED}"));
        } else {
            tuple.field(&Redacted(value));
        }
        tuple.finish()
    }
}

impl<T: RedactedDebug> RedactedDebug for BTreeMap<String, T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in self {
            if is_secret_key(key) {
                map.entry(key, &format_args!("{REDACTED}"));
            } else {
                map.entry(key, &Redacted(value));
            }
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "c14b85863755158d7aa5cc4ba17f61cb";

    #[test]
    fn secret_keys_match_whatever_their_spelling() {
        for key in [
            "api_key",
            "API_KEY",
            "Api-Key",
            "apiKey",
            "token",
            "TOKEN",
            "access_token",
            "password",
            "current_password",
            "new_password",
            "secured_session_id",
            "securedSessionId",
            "Authorization",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "login",
            "license_id",
            "token_type",
            "tokens",
            "key",
            "session",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn every_secret_field_of_the_spec_is_known() {
        for key in [
            "api_key",
            "token",
            "password",
            "current_password",
            "secured_session_id",
        ] {
            assert!(crate::SECRET_KEYS.contains(&key), "{key}");
        }
    }

    #[test]
    fn json_values_of_secret_keys_are_hidden() {
        let cases = [
            format!(r#"{{"login":"a@b.c","api_key":"{SECRET}","x":1}}"#),
            format!(r#"{{"API_KEY" : "{SECRET}"}}"#),
            format!(r#"{{"token": {{"value": "{SECRET}"}}, "b": 2}}"#),
            format!(r#"{{"password": ["{SECRET}"]}}"#),
            format!(r#"{{"secured_session_id": {SECRET}}}"#),
            format!(r#"{{"api\u005fkey": "{SECRET}"}}"#),
            format!(r#"{{"token": "{SECRET}\"still the token"}}"#),
            // cut inside the value, as a snippet is
            format!(r#"[{{"login":"a","api_key":"{}"#, &SECRET[..20]),
            format!(r#"{{"token": {{"a": ["{}"#, &SECRET[..20]),
        ];
        for case in cases {
            let redacted = text(&case);
            assert!(!redacted.contains(&SECRET[..20]), "{case} -> {redacted}");
            assert!(!redacted.contains("still the token"), "{redacted}");
            assert!(redacted.contains(REDACTED), "{redacted}");
        }
        let kept = text(r#"{"login":"a@b.c","api_key":"k","status":"accepting chats"}"#);
        assert_eq!(
            kept,
            r#"{"login":"a@b.c","api_key":"[redacted]","status":"accepting chats"}"#
        );
    }

    #[test]
    fn form_values_of_secret_keys_are_hidden() {
        let cases = [
            format!("login=a%40b.c&api_key={SECRET}&x=1"),
            format!("<p>bad request: Token={SECRET}</p>"),
            format!("agent[api_key]={SECRET}"),
            format!("agent%5Bpassword%5D={SECRET}&a=1"),
            format!(r#"{{"error": "refused api_key={SECRET} for this licence"}}"#),
            format!("?license_id=1&token={SECRET}"),
        ];
        for case in cases {
            let redacted = text(&case);
            assert!(!redacted.contains(SECRET), "{case} -> {redacted}");
            assert!(redacted.contains(REDACTED), "{redacted}");
        }
        assert_eq!(
            text("login=a&api_key=k&status=online"),
            "login=a&api_key=[redacted]&status=online"
        );
        assert_eq!(text("a=1&b=&token=&c"), "a=1&b=&token=&c");
    }

    #[test]
    fn snippets_are_cut_short_and_redacted() {
        use crate::error::snippet;
        let mut body = format!("  \n{{\"agents\": [{{\"api_key\": \"{SECRET}\"}}").into_bytes();
        body.resize(32 * 1024 * 1024, b' ');
        body.extend_from_slice(b"]}");
        let shown = snippet(&body, 200);
        assert!(
            shown.starts_with("{\"agents\"") && !shown.contains(SECRET),
            "{shown}"
        );
        assert!(shown.ends_with("..."), "{shown}");
        // the cut falls inside the value: what is left of it is hidden
        let body = format!("{{\"token\": \"{SECRET}\"}}");
        let shown = snippet(body.as_bytes(), 20);
        assert_eq!(shown, "{\"token\": \"[redacted]\"...");
        // multi-byte characters and invalid UTF-8 are cut on a character boundary
        let shown = snippet("ééé\u{1F600}é".as_bytes(), 4);
        assert_eq!(shown, "ééé\u{1F600}...");
        assert_eq!(snippet(b"\xff\xfe ok ", 10), "\u{FFFD}\u{FFFD} ok");
        assert_eq!(snippet(b"   ", 10), "");
        for limit in [0, 1, 3] {
            assert!(snippet(&[0xf0; 64], limit).chars().count() <= limit + 3);
        }
    }

    #[test]
    fn arbitrary_input_never_panics() {
        // A fixed-seed xorshift generator: reproducible, and biased towards the bytes the
        // scanner reacts to so that the odd paths are reached often.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let pieces: [&[u8]; 14] = [
            b"\"",
            b"\\",
            b":",
            b"=",
            b"{",
            b"}",
            b"[",
            b"]",
            b"token",
            b"\"api_key\"",
            b"%5B",
            b"\xff",
            b"\xe2\x82",
            b" ",
        ];
        for _ in 0..20_000 {
            let mut bytes = Vec::new();
            for _ in 0..next() % 40 {
                let roll = next();
                if roll % 3 == 0 {
                    bytes.push((roll >> 8) as u8);
                } else {
                    bytes.extend_from_slice(pieces[(roll >> 8) as usize % pieces.len()]);
                }
            }
            let input = String::from_utf8_lossy(&bytes);
            let _ = text(&input);
            let _ = crate::error::snippet(&bytes, (next() % 50) as usize);
        }
    }

    #[test]
    fn debug_of_kept_json_hides_secret_values() {
        let value = serde_json::json!({
            "event_type": "chat_transferred",
            "token": SECRET,
            "nested": [{"Api_Key": SECRET, "name": "John"}],
        });
        let printed = format!("{:?}", Redacted(&value));
        assert!(!printed.contains(SECRET), "{printed}");
        assert!(printed.contains("chat_transferred") && printed.contains("John"));
        let map = value.as_object().unwrap();
        assert!(!format!("{:?}", Redacted(map)).contains(SECRET));
        assert!(!format!("{:?}", Redacted(&Some(vec![value.clone()]))).contains(SECRET));
        let params = vec![
            ("agent[api_key]".to_owned(), Value::from(SECRET)),
            ("Token".to_owned(), serde_json::json!({"a": SECRET})),
            (
                "name".to_owned(),
                serde_json::json!({"password": SECRET, "b": "kept"}),
            ),
        ];
        let printed = format!("{:?}", Redacted(&params));
        assert!(
            !printed.contains(SECRET) && printed.contains("kept"),
            "{printed}"
        );
        let unchanged = serde_json::json!({"a": [1, "b", null]});
        assert_eq!(
            format!("{:?}", Redacted(&unchanged)),
            format!("{unchanged:?}")
        );
    }
}
