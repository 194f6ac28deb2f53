//! Request parameters as the fake reads them: the query string merged with a PHP-style
//! form body or a JSON body, as one JSON object.

use serde_json::{Map, Value};

/// Decodes `application/x-www-form-urlencoded` pairs in order (`+` is a space).
pub fn pairs(encoded: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(encoded).into_owned().collect()
}

/// Builds nested JSON from bracketed form keys: `a[]=1&a[]=2` gives `{"a": ["1", "2"]}`,
/// `n[x]=1` gives `{"n": {"x": "1"}}`, `r[0][u][0][url]=x` gives nested lists of objects.
/// Values stay strings, as PHP sees them.
pub fn from_pairs(pairs: &[(String, String)]) -> Map<String, Value> {
    let mut root = Value::Object(Map::new());
    for (key, value) in pairs {
        let mut parts = Vec::new();
        let (head, mut rest) = match key.find('[') {
            Some(open) => (&key[..open], &key[open..]),
            None => (key.as_str(), ""),
        };
        parts.push(head.to_owned());
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            parts.push(inner[..close].to_owned());
            rest = &inner[close + 1..];
        }
        insert(&mut root, &parts, Value::String(value.clone()));
    }
    match arrays(root) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn insert(node: &mut Value, parts: &[String], value: Value) {
    let Some((first, rest)) = parts.split_first() else {
        return;
    };
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    let Value::Object(map) = node else { return };
    // `[]` appends: give it the next free index, turned into a list at the end.
    let key = if first.is_empty() {
        map.len().to_string()
    } else {
        first.clone()
    };
    if rest.is_empty() {
        map.insert(key, value);
    } else {
        insert(map.entry(key).or_insert(Value::Null), rest, value);
    }
}

/// Objects whose keys are exactly 0..n become lists, as PHP's arrays would be in JSON.
fn arrays(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let indexed =
                !map.is_empty() && (0..map.len()).all(|index| map.contains_key(&index.to_string()));
            if indexed {
                let mut map = map;
                Value::Array(
                    (0..map.len())
                        .filter_map(|index| map.remove(&index.to_string()))
                        .map(arrays)
                        .collect(),
                )
            } else {
                Value::Object(map.into_iter().map(|(k, v)| (k, arrays(v))).collect())
            }
        }
        other => other,
    }
}

/// Typed reads of parameters, accepting the forms a form body or a JSON body give.
pub trait ParamsExt {
    /// A text value (numbers are read as their digits).
    fn text(&self, key: &str) -> Option<String>;
    /// An integer value (`"12"` or `12`).
    fn int(&self, key: &str) -> Option<i64>;
    /// A yes/no value (`1`, `"1"`, `true`).
    fn flag(&self, key: &str) -> Option<bool>;
    /// A list of texts (a single value counts as a list of one).
    fn texts(&self, key: &str) -> Option<Vec<String>>;
}

fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(if *flag { "1" } else { "0" }.to_owned()),
        _ => None,
    }
}

impl ParamsExt for Map<String, Value> {
    fn text(&self, key: &str) -> Option<String> {
        self.get(key).and_then(as_text)
    }

    fn int(&self, key: &str) -> Option<i64> {
        self.text(key)?.trim().parse().ok()
    }

    fn flag(&self, key: &str) -> Option<bool> {
        match self.text(key)?.as_str() {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            _ => None,
        }
    }

    fn texts(&self, key: &str) -> Option<Vec<String>> {
        match self.get(key)? {
            Value::Array(items) => Some(items.iter().filter_map(as_text).collect()),
            other => as_text(other).map(|text| vec![text]),
        }
    }
}

/// A text that must be sent and not be blank; `{key} is required` otherwise.
pub(crate) fn required_text(
    params: &Map<String, Value>,
    key: &str,
    errors: &mut Vec<String>,
) -> Option<String> {
    let text = params.text(key).filter(|text| !text.trim().is_empty());
    if text.is_none() {
        errors.push(format!("{key} is required"));
    }
    text
}

/// A text that may be left out but, when sent, must not be blank; `{key} cannot be empty`
/// otherwise.
pub(crate) fn optional_text(
    params: &Map<String, Value>,
    key: &str,
    errors: &mut Vec<String>,
) -> Option<String> {
    let text = params.text(key);
    if text.as_deref().is_some_and(|text| text.trim().is_empty()) {
        errors.push(format!("{key} cannot be empty"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn php_brackets_nest() {
        let parsed = from_pairs(&pairs(&[
            ("tag[]", "a"),
            ("tag[]", "b"),
            ("n[new_visitor]", "1"),
            ("rules[0][type]", "url_funnel"),
            ("rules[0][urls][0][url]", "x"),
            ("rules[0][urls][1][url]", "y"),
            ("plain", "v"),
        ]));
        assert_eq!(
            Value::Object(parsed),
            json!({
                "tag": ["a", "b"],
                "n": {"new_visitor": "1"},
                "rules": [{"type": "url_funnel", "urls": [{"url": "x"}, {"url": "y"}]}],
                "plain": "v"
            })
        );
    }
}
