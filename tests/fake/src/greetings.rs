//! `/greetings`: list, get, create, update, remove.
//!
//! A greeting is kept in the shape `GET /greetings/{id}` answers,
//! `{id, active, name, rules, properties}`, plus the `group` it belongs to (not part of
//! the documented shape: answers leave it out; the list filters on it).
//!
//! Like the API, a rule `value` is stored and answered as text (`15` → `"15"`), a missing
//! `operator` is `equals`, every rule gets `condition: "and"`, and the rules of a request
//! come back in reverse order, their ids given in that order. `active` is a boolean at the
//! top level and the text `"1"`/`"0"` in `properties`. Value rules need a `value` (a whole
//! number for the time and count rules), custom_variable rules `variable_name` and
//! `variable_value`, url_funnel rules a non-empty `urls` list whose entries need a `url`.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::params::{optional_text, required_text};
use super::records::{Records, parse_id};
use super::{Answer, AppState, Data, Failure, Input, ParamsExt};

pub(crate) const RULE_TYPES: &[&str] = &[
    "visit_time_site",
    "visit_time_page",
    "url_current",
    "url_visited",
    "pages_view_number",
    "url_referrer",
    "geolocation",
    "visits_number",
    "search_keyword",
    "custom_variable",
    "url_funnel",
];
/// The rule types whose value is a whole number (seconds or a count).
const NUMERIC_RULES: &[&str] = &[
    "visit_time_site",
    "visit_time_page",
    "pages_view_number",
    "visits_number",
];
pub(crate) const OPERATORS: &[&str] = &[
    "equals",
    "doesnt_equal",
    "lower_than",
    "lower_or_equal",
    "greater_than",
    "greater_or_equal",
    "contains",
    "doesnt_contain",
];
pub(crate) const DEFAULT_MESSAGE: &str = "Hello, would you like to talk about our products?";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/greetings", get(list).post(create))
        .route("/greetings/{id}", get(read).put(update).delete(remove))
}

fn not_found() -> Failure {
    Failure::not_found("Greeting not found")
}

/// The greeting as the API answers it: without the group it is kept with.
fn public(greeting: &Value) -> Value {
    let mut greeting = greeting.clone();
    if let Value::Object(fields) = &mut greeting {
        fields.remove("group");
    }
    greeting
}

/// A scalar as text, the way the API stores rule values: `15` → `"15"`, `true` → `"true"`.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Reads an operator (`equals` when absent) of the rule at `at`.
fn operator(rule: &Map<String, Value>, at: &str, errors: &mut Vec<String>) -> Value {
    match rule.get("operator").map(scalar) {
        None => json!("equals"),
        Some(Some(op)) if OPERATORS.contains(&op.as_str()) => json!(op),
        Some(_) => {
            errors.push(format!(
                "{at}[operator] must be one of: {}",
                OPERATORS.join(", ")
            ));
            Value::Null
        }
    }
}

/// Reads a required text field of the rule at `at`.
fn required(rule: &Map<String, Value>, key: &str, at: &str, errors: &mut Vec<String>) -> String {
    match rule.get(key).and_then(scalar) {
        Some(text) if !text.trim().is_empty() => text,
        _ => {
            errors.push(format!("{at}[{key}] is required"));
            String::new()
        }
    }
}

/// One rule of a request checked and turned into its stored shape (without an id yet).
fn rule(index: usize, given: &Value, errors: &mut Vec<String>) -> Value {
    let at = format!("rules[{index}]");
    let Value::Object(given) = given else {
        errors.push(format!("{at} must be an object with a type"));
        return Value::Null;
    };
    let kind = match given.get("type").and_then(scalar) {
        Some(kind) if RULE_TYPES.contains(&kind.as_str()) => kind,
        Some(_) => {
            errors.push(format!(
                "{at}[type] must be one of: {}",
                RULE_TYPES.join(", ")
            ));
            return Value::Null;
        }
        None => {
            errors.push(format!("{at}[type] is required"));
            return Value::Null;
        }
    };
    match kind.as_str() {
        "custom_variable" => {
            let operator = operator(given, &at, errors);
            let name = required(given, "variable_name", &at, errors);
            // The value may be empty text, but it must be sent.
            let value = given.get("variable_value").and_then(scalar);
            if value.is_none() {
                errors.push(format!("{at}[variable_value] is required"));
            }
            json!({
                "type": kind,
                "operator": operator,
                "condition": "and",
                "variable_name": name,
                "variable_value": value,
            })
        }
        "url_funnel" => {
            let urls = match given.get("urls") {
                Some(Value::Array(urls)) if !urls.is_empty() => urls.as_slice(),
                _ => {
                    errors.push(format!("{at}[urls] is required: a list of pages"));
                    &[]
                }
            };
            let urls: Vec<Value> = urls
                .iter()
                .enumerate()
                .map(|(position, page)| {
                    let at = format!("{at}[urls][{position}]");
                    let Value::Object(page) = page else {
                        errors.push(format!("{at} must be an object with a url"));
                        return Value::Null;
                    };
                    let url = required(page, "url", &at, errors);
                    let operator = operator(page, &at, errors);
                    json!({ "url": url, "operator": operator })
                })
                .collect();
            json!({ "type": kind, "condition": "and", "urls": urls })
        }
        _ => {
            let value = required(given, "value", &at, errors);
            if NUMERIC_RULES.contains(&kind.as_str())
                && !value.is_empty()
                && value.trim().parse::<u64>().is_err()
            {
                errors.push(format!("{at}[value] must be a whole number"));
            }
            let operator = operator(given, &at, errors);
            json!({
                "value": value.trim(),
                "type": kind,
                "operator": operator,
                "condition": "and",
            })
        }
    }
}

/// The `rules` of a request checked; `None` when none were sent.
fn rules(params: &Map<String, Value>, errors: &mut Vec<String>) -> Option<Vec<Value>> {
    match params.get("rules")? {
        Value::Array(given) if !given.is_empty() => Some(
            given
                .iter()
                .enumerate()
                .map(|(index, given)| rule(index, given, errors))
                .collect(),
        ),
        _ => {
            errors.push("rules must be a non-empty list of rules".into());
            Some(Vec::new())
        }
    }
}

/// Stores new rules: in reverse order, each with the next rule id.
pub(crate) fn numbered(data: &mut Data, rules: Vec<Value>) -> Value {
    Value::Array(
        rules
            .into_iter()
            .rev()
            .map(|rule| {
                let mut out = Map::new();
                out.insert("id".into(), json!(data.next_id("greeting_rule", 8191)));
                if let Value::Object(fields) = rule {
                    out.extend(fields);
                }
                Value::Object(out)
            })
            .collect(),
    )
}

/// Reads `active` (a flag) when sent.
fn active(params: &Map<String, Value>, errors: &mut Vec<String>) -> Option<bool> {
    if !params.contains_key("active") {
        return None;
    }
    let flag = params.flag("active");
    if flag.is_none() {
        errors.push("active must be 0 or 1".into());
    }
    flag
}

/// Checks `properties[..]`: an object of texts; its `active` is a flag.
fn properties(params: &Map<String, Value>, errors: &mut Vec<String>) -> Option<Map<String, Value>> {
    let given = params.get("properties")?;
    let Value::Object(given) = given else {
        errors.push("properties must be an object".into());
        return None;
    };
    let mut out = Map::new();
    for (key, value) in given {
        match (key.as_str(), scalar(value)) {
            ("active", _) => match given.flag("active") {
                Some(flag) => {
                    out.insert(key.clone(), json!(if flag { "1" } else { "0" }));
                }
                None => errors.push("properties[active] must be 0 or 1".into()),
            },
            (_, Some(text)) => {
                out.insert(key.clone(), Value::String(text));
            }
            (_, None) => errors.push(format!("properties[{key}] must be text")),
        }
    }
    Some(out)
}

/// Sets both `active` and `properties.active`.
fn set_active(greeting: &mut Value, flag: bool) {
    greeting["active"] = json!(flag);
    greeting["properties"]["active"] = json!(if flag { "1" } else { "0" });
}

async fn list(State(state): State<AppState>, Input(params): Input) -> Answer {
    let group = match params.text("group") {
        None => None,
        Some(text) => Some(
            text.trim()
                .parse::<i64>()
                .map_err(|_| Failure::invalid(["group must be a number"]))?,
        ),
    };
    let data = state.data();
    let found = data
        .greetings
        .iter()
        .filter(|greeting| group.is_none_or(|group| greeting["group"] == group))
        .map(public)
        .collect();
    Ok(Json(Value::Array(found)))
}

async fn read(State(state): State<AppState>, Path(raw): Path<String>) -> Answer {
    let id = parse_id(&raw, not_found)?;
    let data = state.data();
    let found = data.greetings.find_by("id", id, not_found)?;
    Ok(Json(public(found)))
}

async fn create(State(state): State<AppState>, Input(params): Input) -> Answer {
    let mut errors = Vec::new();
    let name = required_text(&params, "name", &mut errors);
    let rules = rules(&params, &mut errors);
    if rules.is_none() {
        errors.push("rules is required".to_owned());
    }
    let active = active(&params, &mut errors);
    let properties = properties(&params, &mut errors);
    let mut data = state.data();
    let group = match (params.contains_key("group"), params.int("group")) {
        (false, _) => 0,
        (true, Some(group)) if data.group_exists(group) => group,
        (true, Some(_)) => {
            errors.push("group does not exist".to_owned());
            0
        }
        (true, None) => {
            errors.push("group must be a number".to_owned());
            0
        }
    };
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let id = data.next_id("greeting", 2291);
    let rules = numbered(&mut data, rules.unwrap_or_default());
    let mut greeting = json!({
        "id": id,
        "active": true,
        "name": name,
        "rules": rules,
        "properties": { "active": "1", "greeting-message_text": DEFAULT_MESSAGE },
        "group": group,
    });
    if let (Some(given), Value::Object(stored)) = (properties, &mut greeting["properties"]) {
        stored.extend(given);
    }
    let flag = active.unwrap_or(greeting["properties"]["active"] == "1");
    set_active(&mut greeting, flag);
    data.greetings.push(greeting.clone());
    Ok(Json(public(&greeting)))
}

async fn update(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Input(params): Input,
) -> Answer {
    let id = parse_id(&raw, not_found)?;
    let mut errors = Vec::new();
    let name = optional_text(&params, "name", &mut errors);
    let rules = rules(&params, &mut errors);
    let active = active(&params, &mut errors);
    let properties = properties(&params, &mut errors);
    let mut data = state.data();
    let index = data.greetings.position_of("id", id, not_found)?;
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    let rules = rules.map(|rules| numbered(&mut data, rules));
    let greeting = &mut data.greetings[index];
    if let Some(name) = name {
        greeting["name"] = json!(name);
    }
    if let Some(rules) = rules {
        greeting["rules"] = rules;
    }
    if let Some(given) = properties {
        if !greeting["properties"].is_object() {
            greeting["properties"] = json!({});
        }
        if let Value::Object(stored) = &mut greeting["properties"] {
            stored.extend(given);
        }
        let flag = greeting["properties"]["active"] != "0";
        set_active(greeting, flag);
    }
    if let Some(flag) = active {
        set_active(greeting, flag);
    }
    Ok(Json(public(greeting)))
}

async fn remove(State(state): State<AppState>, Path(raw): Path<String>) -> Answer {
    let id = parse_id(&raw, not_found)?;
    state.data().greetings.remove_by("id", id, not_found)?;
    Ok(Json(json!({ "ok": true })))
}
