//! The documented samples of the reference, as cleaned fixtures, and a comparison that
//! tells whether a decoded model kept everything a sample holds.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// `tests/fixtures/` of this crate.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// One documented sample request (see `fixtures/requests/*.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct RequestSample {
    /// `resource.operation`
    pub endpoint: String,
    /// `form`, `json`, or `get` / `post` / `delete` for requests without a body.
    pub variant: String,
    /// Where in the reference the sample is.
    pub source: String,
    /// HTTP method.
    pub method: String,
    /// Decoded path, without the query.
    pub path: String,
    /// Decoded query pairs.
    pub query: Vec<(String, String)>,
    /// Decoded form pairs.
    pub form: Vec<(String, String)>,
    /// The JSON body, for JSON samples.
    pub json: Option<Value>,
    /// `account`, `bearer` or `none`.
    pub auth: String,
    /// Tells apart several samples of one endpoint.
    pub sample: Option<String>,
    /// The response fixture documented with it, relative to `fixtures/`.
    pub response: Option<String>,
}

/// Every sample request of the reference.
pub fn request_samples() -> Vec<RequestSample> {
    let mut samples = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir().join("requests"))
        .expect("fixtures/requests exists")
        .flatten()
        .map(|entry| entry.path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable fixture");
        let mut parsed: Vec<RequestSample> = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        samples.append(&mut parsed);
    }
    samples
}

/// A response fixture, by path relative to `fixtures/`.
pub fn load(relative: &str) -> Value {
    let path = dir().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every response fixture: `(endpoint, path relative to fixtures/)`, where the endpoint
/// comes from the file name `responses/<resource>/<operation>[.<variant>].json`.
pub fn response_fixtures() -> Vec<(String, String)> {
    let mut found = Vec::new();
    let root = dir().join("responses");
    let mut resources: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures/responses")
        .flatten()
        .collect();
    resources.sort_by_key(|entry| entry.file_name());
    for resource in resources {
        let resource_name = resource.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(resource.path())
            .expect("dir")
            .flatten()
            .collect();
        files.sort_by_key(|entry| entry.file_name());
        for file in files {
            let name = file.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".json") else {
                continue;
            };
            let operation = stem.split('.').next().unwrap_or(stem);
            found.push((
                format!("{resource_name}.{operation}"),
                format!("responses/{resource_name}/{name}"),
            ));
        }
    }
    found
}

/// Differences between two JSON documents that matter to a reader, with their paths.
///
/// Empty values (`null`, `""`, `{}`, `[]`, a missing key) are all alike; a number equals
/// the same number written as a string; `1`/`0` equal `true`/`false`. Everything else
/// must match exactly, so a value the model dropped or changed shows up.
pub fn differences(expected: &Value, actual: &Value) -> Vec<String> {
    let mut found = Vec::new();
    compare("$", expected, actual, &mut found);
    found
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

fn as_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse().ok(),
        Value::Bool(flag) => Some(if *flag { 1.0 } else { 0.0 }),
        _ => None,
    }
}

fn compare(path: &str, expected: &Value, actual: &Value, found: &mut Vec<String>) {
    if is_empty(expected) && is_empty(actual) {
        return;
    }
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let null = Value::Null;
            let mut keys: Vec<&String> = e.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = format!("{path}.{key}");
                compare(
                    &child,
                    e.get(key).unwrap_or(&null),
                    a.get(key).unwrap_or(&null),
                    found,
                );
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (index, (e, a)) in e.iter().zip(a).enumerate() {
                compare(&format!("{path}[{index}]"), e, a, found);
            }
        }
        (e, a) if e == a => {}
        (e, a) if !e.is_object() && !e.is_array() && !a.is_object() && !a.is_array() => {
            match (as_number(e), as_number(a)) {
                (Some(x), Some(y)) if x == y => {}
                _ => found.push(format!("{path}: expected {e}, got {a}")),
            }
        }
        (e, a) => found.push(format!("{path}: expected {e}, got {a}")),
    }
}

#[cfg(test)]
mod tests {
    use super::differences;
    use serde_json::json;

    #[test]
    fn equivalent_spellings_are_alike_and_losses_show() {
        let sample = json!({"a": "15", "b": 1, "c": "", "d": {}, "e": [1, {"f": null}], "g": 1.5});
        let decoded = json!({"a": 15, "b": true, "e": [1, {}], "g": 1.5});
        assert!(differences(&sample, &decoded).is_empty());
        let lossy = json!({"a": 15, "b": true, "e": [1], "g": 1});
        assert_eq!(
            differences(&sample, &lossy),
            [
                "$.e: expected [1,{\"f\":null}], got [1]",
                "$.g: expected 1.5, got 1"
            ]
        );
        assert_eq!(
            differences(&json!({"x": "a"}), &json!({})),
            ["$.x: expected \"a\", got null"]
        );
        assert_eq!(
            differences(&json!({}), &json!({"y": 2})),
            ["$.y: expected null, got 2"]
        );
    }
}
