//! Query strings and bodies, written the way LiveChat's PHP backend reads them.
//!
//! Nested values become bracketed keys: `notifications[new_visitor]=1`,
//! `requester[mail]=x`, `rules[0][urls][0][url]=...`. A top-level list of scalars is
//! written `tag[]=a&tag[]=b` or, where the spec asks, `agents[0]=a`. Booleans become
//! `1` and `0`, as the reference documents them.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use crate::request::{ListStyle, Param};

/// Bytes kept as they are in a form key or value: the unreserved set. Brackets are
/// kept in keys only (see [`KEY`]), so `tag[]` stays readable on the wire.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

const KEY: &AsciiSet = &VALUE.remove(b'[').remove(b']');

/// Flattens parameters into ordered `(key, value)` pairs, not yet percent-encoded.
pub(crate) fn pairs(params: &[Param]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for param in params {
        match (&param.value, param.style) {
            (Value::Array(items), ListStyle::Brackets) if items.iter().all(is_scalar) => {
                let key = format!("{}[]", param.name);
                for item in items {
                    flatten(&key, item, &mut out);
                }
            }
            (value, _) => flatten(&param.name, value, &mut out),
        }
    }
    out
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn flatten(key: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => out.push((key.to_owned(), if *flag { "1" } else { "0" }.to_owned())),
        Value::Number(number) => out.push((key.to_owned(), number.to_string())),
        Value::String(text) => out.push((key.to_owned(), text.clone())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten(&format!("{key}[{index}]"), item, out);
            }
        }
        Value::Object(object) => {
            for (name, item) in object {
                flatten(&format!("{key}[{name}]"), item, out);
            }
        }
    }
}

/// `key=value&key=value`, percent-encoded, for a query string or a form body.
pub(crate) fn form(params: &[Param]) -> String {
    let mut out = String::new();
    for (key, value) in pairs(params) {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(&key, KEY));
        out.push('=');
        out.extend(utf8_percent_encode(&value, VALUE));
    }
    out
}

/// The parameters as one JSON object, nested values kept as they are.
pub(crate) fn json(params: &[Param]) -> Vec<u8> {
    let object: Map<String, Value> = params
        .iter()
        .filter(|param| !param.value.is_null())
        .map(|param| (param.name.clone(), param.value.clone()))
        .collect();
    // Serializing a map of JSON values cannot fail: every key is a string.
    serde_json::to_vec(&object).unwrap_or_default()
}
