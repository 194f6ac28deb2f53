//! Seeded goals and greetings: goals of every type (a sales tracker among them) and
//! greetings that use every kind of rule, in the shapes `/goals` and `/greetings` keep.
//!
//! The first greeting ("Time on site: N sec") is the one the visitors' seed names as the
//! invitation they were shown.

use serde_json::{Value, json};

use super::Rng;
use crate::Data;
use crate::greetings::{DEFAULT_MESSAGE, numbered};

fn goal(data: &mut Data, name: &str, active: bool, kind: &str, settings: Value) -> Value {
    let mut goal = json!({
        "id": data.next_id("goal", 1041),
        "name": name,
        "active": u8::from(active),
        "type": kind,
    });
    if let (Value::Object(goal), Value::Object(settings)) = (&mut goal, settings) {
        goal.extend(settings);
    }
    goal
}

fn value_rule(kind: &str, value: impl ToString, operator: &str) -> Value {
    json!({ "value": value.to_string(), "type": kind, "operator": operator, "condition": "and" })
}

pub(crate) fn seed(data: &mut Data, rng: &mut Rng) {
    // A generator of its own, so that adding a goal does not shift the rest of the seed.
    let mut rng = Rng::new(rng.next());
    let currency = ["USD", "EUR", "GBP"][rng.below(3) as usize];
    let tracker = 10_000 + rng.below(90_000);
    let goals = vec![
        goal(
            data,
            "purchase",
            true,
            "url",
            json!({ "match_type": "substring", "url": "mystore.com/checkout/thank_you" }),
        ),
        goal(
            data,
            "nike shoes variable",
            true,
            "custom_variable",
            json!({ "custom_variable_name": "nike_shoes", "custom_variable_value": "true" }),
        ),
        goal(data, "newsletter signup", true, "api", json!({})),
        goal(
            data,
            "shop sales",
            true,
            "sales_tracker",
            json!({
                "sales_tracker_id": tracker.to_string(),
                "value_type": "dynamic",
                "value": "",
                "currency": currency,
                "time_range": "30",
                "order_field_name": "order_id",
                "value_field_name": "order_value",
            }),
        ),
        goal(
            data,
            "pricing page",
            false,
            "url",
            json!({ "match_type": "exact", "url": "https://mystore.com/pricing" }),
        ),
    ];
    data.goals = goals;

    let seconds = [15, 30, 45][rng.below(3) as usize];
    let visits = 2 + rng.below(2);
    let countries = ["Poland", "Germany", "United States", "France"];
    let country = countries[rng.below(countries.len() as u64) as usize];
    // name, group, active, message, rules as sent (stored reversed, as the API does).
    let greetings = [
        (
            format!("Time on site: {seconds} sec"),
            0,
            true,
            "Hello, how may I help you?",
            vec![value_rule("visit_time_site", seconds, "greater_or_equal")],
        ),
        (
            "Returning visitor".to_owned(),
            0,
            true,
            "Hello again!",
            vec![value_rule("visits_number", visits, "greater_or_equal")],
        ),
        (
            "Shoe shoppers".to_owned(),
            1,
            true,
            DEFAULT_MESSAGE,
            vec![
                value_rule("url_current", "shoes", "contains"),
                value_rule("visit_time_page", 20, "greater_than"),
                value_rule("pages_view_number", 3, "greater_or_equal"),
            ],
        ),
        (
            format!("Searching from {country}"),
            1,
            false,
            "Looking for something special?",
            vec![
                value_rule("url_referrer", "google.", "contains"),
                value_rule("search_keyword", "sneakers", "contains"),
                value_rule("url_visited", "sale", "contains"),
                value_rule("geolocation", country, "equals"),
            ],
        ),
        (
            "Abandoned cart".to_owned(),
            2,
            true,
            "Need help finishing your order?",
            vec![
                json!({
                    "type": "custom_variable",
                    "operator": "equals",
                    "condition": "and",
                    "variable_name": "empty_cart",
                    "variable_value": "false",
                }),
                json!({
                    "type": "url_funnel",
                    "condition": "and",
                    "urls": [
                        { "url": "mystore.com/shoes", "operator": "equals" },
                        { "url": "cart", "operator": "contains" },
                    ],
                }),
            ],
        ),
    ];
    for (name, group, active, message, rules) in greetings {
        let id = data.next_id("greeting", 2291);
        let rules = numbered(data, rules);
        data.greetings.push(json!({
            "id": id,
            "active": active,
            "name": name,
            "rules": rules,
            "properties": {
                "active": if active { "1" } else { "0" },
                "greeting-message_text": message,
            },
            "group": group,
        }));
    }
}
