//! Request parameters as the fake reads them: the query string merged with a PHP-style
//! form body or a JSON body, as one JSON object.

use serde_json::{Map, Value};

/// Decodes `application/x-www-form-urlencoded` pairs in order (`+` is a space).
pub fn pairs(encoded: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(encoded).into_owned().collect()
}

/// The most parameters one request may carry (query and body counted apart), PHP's
/// default `max_input_vars`.
pub const MAX_PARAMS: usize = 1000;

/// The most bracket levels one key may have (`a[b][c]` has two), half of PHP's default
/// `max_input_nesting_level`; no documented parameter comes near it.
pub const MAX_DEPTH: usize = 32;

/// Why a set of form pairs was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamsError {
    /// More than [`MAX_PARAMS`] pairs.
    TooMany {
        /// How many pairs were sent.
        count: usize,
    },
    /// A key nested deeper than [`MAX_DEPTH`].
    TooDeep {
        /// The name before the first bracket.
        name: String,
    },
}

impl std::fmt::Display for ParamsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamsError::TooMany { count } => write!(
                f,
                "Too many parameters: {count} sent, at most {MAX_PARAMS} are accepted"
            ),
            ParamsError::TooDeep { name } => write!(
                f,
                "Parameter {name:?} is nested too deeply: at most {MAX_DEPTH} levels of brackets"
            ),
        }
    }
}

impl std::error::Error for ParamsError {}

/// Builds nested JSON from bracketed form keys: `a[]=1&a[]=2` gives `{"a": ["1", "2"]}`,
/// `n[x]=1` gives `{"n": {"x": "1"}}`, `r[0][u][0][url]=x` gives nested lists of objects.
/// Values stay strings, as PHP sees them. More than [`MAX_PARAMS`] pairs or a key deeper
/// than [`MAX_DEPTH`] is refused, so that no request can make the fake build an
/// arbitrarily deep or large tree.
pub fn from_pairs(pairs: &[(String, String)]) -> Result<Map<String, Value>, ParamsError> {
    if pairs.len() > MAX_PARAMS {
        return Err(ParamsError::TooMany { count: pairs.len() });
    }
    let mut root = Map::new();
    for (key, value) in pairs {
        let (head, mut rest) = match key.find('[') {
            Some(open) => (&key[..open], &key[open..]),
            None => (key.as_str(), ""),
        };
        let mut parts = vec![head];
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            if parts.len() > MAX_DEPTH {
                return Err(ParamsError::TooDeep {
                    name: head.chars().take(64).collect(),
                });
            }
            parts.push(&inner[..close]);
            rest = &inner[close + 1..];
        }
        insert(&mut root, &parts, Value::String(value.clone()));
    }
    Ok(root
        .into_iter()
        .map(|(key, value)| (key, arrays(value)))
        .collect())
}

/// Walks down (creating objects where needed) and sets the value; a loop, not recursion,
/// so the depth costs no stack.
fn insert(root: &mut Map<String, Value>, parts: &[&str], value: Value) {
    let Some((last, path)) = parts.split_last() else {
        return;
    };
    let mut map = root;
    for part in path {
        let key = slot_key(map, part);
        let slot = map.entry(key).or_insert(Value::Null);
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        let Value::Object(next) = slot else { return };
        map = next;
    }
    let key = slot_key(map, last);
    map.insert(key, value);
}

/// `[]` appends: it gets the next free index, turned into a list at the end.
fn slot_key(map: &Map<String, Value>, part: &str) -> String {
    if part.is_empty() {
        map.len().to_string()
    } else {
        part.to_owned()
    }
}

/// Objects whose keys are exactly 0..n become lists, as PHP's arrays would be in JSON.
/// Recursive, but only over trees [`from_pairs`] built, which are at most [`MAX_DEPTH`] deep.
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

/// The `group` parameter: `None` when left out or blank. When sent it must be a whole
/// number; otherwise the error is recorded (never read as group 0, which is "all groups").
pub(crate) fn group_id(params: &Map<String, Value>, errors: &mut Vec<String>) -> Option<i64> {
    let text = params
        .text("group")
        .filter(|text| !text.trim().is_empty())?;
    let id = text.trim().parse().ok();
    if id.is_none() {
        errors.push(format!(
            "group must be a group id (a whole number), got {:?}",
            text.chars().take(64).collect::<String>()
        ));
    }
    id
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
        ]))
        .unwrap();
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

    #[test]
    fn depth_and_count_are_bounded() {
        let deep = format!("a{}", "[]".repeat(5000));
        assert!(matches!(
            from_pairs(&pairs(&[(&deep, "x")])),
            Err(ParamsError::TooDeep { name }) if name == "a"
        ));
        let limit = format!("a{}", "[x]".repeat(MAX_DEPTH));
        let parsed = from_pairs(&pairs(&[(&limit, "x")])).unwrap();
        let mut node = &parsed["a"];
        for _ in 1..MAX_DEPTH {
            node = &node["x"];
        }
        assert_eq!(node["x"], "x");
        let many: Vec<(String, String)> = (0..=MAX_PARAMS)
            .map(|n| (format!("k{n}"), String::new()))
            .collect();
        assert_eq!(
            from_pairs(&many),
            Err(ParamsError::TooMany {
                count: MAX_PARAMS + 1
            })
        );
        assert!(from_pairs(&many[..MAX_PARAMS]).is_ok());
    }
}
