//! The visitors on the site when the fake starts, some of them in running chats.

use serde_json::json;

use super::Rng;
use super::people::{FIRST_NAMES, LAST_NAMES};
use crate::Data;
use crate::ids::visitor_id;
use crate::shapes::prechat_survey;
use crate::visitor_chat::{self, Opening};
use crate::visitors::newcomer;

/// Ten visitors on the site: three chatting (with running chats), one queued, three
/// browsing, one invited, one who refused an invitation, one whose chat has closed.
pub(crate) fn seed(data: &mut Data, rng: &mut Rng) {
    let now = data.now;
    let states = [
        "chatting",
        "chatting",
        "chatting",
        "queued",
        "browsing",
        "browsing",
        "browsing",
        "invited",
        "refused invitation",
        "chat closed",
    ];
    let greeting = data
        .greetings
        .first()
        .and_then(|g| g["name"].as_str())
        .unwrap_or("Time on site: 30 sec")
        .to_owned();
    let opening_lines = [
        "Hi, do you have these shoes in size 44?",
        "Hello, I can't finish my payment.",
        "Is the winter collection already available?",
    ];
    let mut chatting = 0;
    for (index, state) in states.iter().enumerate() {
        let first = FIRST_NAMES[rng.below(FIRST_NAMES.len() as u64) as usize];
        let last = LAST_NAMES[rng.below(LAST_NAMES.len() as u64) as usize];
        let named = matches!(*state, "chatting" | "queued" | "chat closed");
        let name = if named {
            format!("{first} {last}")
        } else {
            "Visitor".to_owned()
        };
        let first_seen = now - 86_400 * (1 + rng.below(60) as i64);
        let id = visitor_id(rng, first_seen);
        let mut visitor = newcomer(rng, &id, &name, now, 60 + 97 * index as i64);
        visitor["group"] = json!(index as i64 % 3);
        if index % 4 == 1 {
            visitor["custom_variables"] = json!([{ "key": "empty_cart", "value": "true" }]);
        }
        match *state {
            "queued" => {
                visitor["state"] = json!("queued");
                visitor["queue_start_time"] = json!(now - 45);
                visitor["prechat_survey"] = prechat_survey(&name, "");
            }
            "invited" | "refused invitation" => {
                visitor["state"] = json!(state);
                visitor["invitation"] = json!(greeting);
                visitor["greetings_all"] = json!(1);
                visitor["greetings_refused"] = json!(i64::from(*state == "refused invitation"));
            }
            "chat closed" => {
                visitor["state"] = json!("chat closed");
                visitor["chats"] = json!(1);
            }
            _ => {}
        }
        let group = visitor["group"].as_i64().unwrap_or(0);
        data.visitors.push(visitor);
        if *state == "chatting" {
            let email = format!("{}.{}@email.com", first.to_lowercase(), last.to_lowercase());
            let opened = visitor_chat::open(
                data,
                Opening {
                    visitor_id: id,
                    name: name.clone(),
                    email,
                    group,
                    welcome: "Hello! How can I help you today?".to_owned(),
                },
            );
            // Seeding raises no webhook events: nothing has happened yet.
            if let Ok((session, _event)) = opened {
                visitor_chat::say(data, session, opening_lines[chatting % opening_lines.len()]);
            }
            chatting += 1;
        }
    }
}
