//! The seeded tickets: opened over the seeded half-year, answered, some solved.

use serde_json::{Value, json};

use super::chats::group_agents;
use super::people::{PAGES, Person};
use super::rng::{Rng, between, chance, pick, word};
use super::tags::{choose_tags, tags_for};
use super::{SEED_FROM, SEED_TICKETS, SEED_TO};
use crate::Data;
use crate::ids::{taken_ids, unique_id};

const SUBJECTS: [&[(&str, &str)]; 3] = [
    &[
        (
            "My new shoes are broken",
            "Hello,\n\nIt seems that my new shoes are broken. What can we do about this?",
        ),
        (
            "Where is my parcel?",
            "Hi, I ordered a week ago and the parcel has not arrived yet.",
        ),
        (
            "Wrong size delivered",
            "I ordered size 42 but got 44. Can I exchange them?",
        ),
        (
            "Invoice request",
            "Could you send me an invoice for my last order?",
        ),
    ],
    &[
        (
            "Question about pricing",
            "Hi, what is the price of the premium package for a team of 5?",
        ),
        (
            "Bulk order discount",
            "We would like to order 40 pairs. Do you offer a discount?",
        ),
        (
            "Payment by bank transfer",
            "Can I pay for my order by bank transfer?",
        ),
    ],
    &[
        (
            "Cannot log in",
            "Hi, I can't log in to my account since yesterday.",
        ),
        (
            "Installation error",
            "The installation fails with error 0x80070005. Please help.",
        ),
        (
            "App crashes on start",
            "The app crashes when I open the settings page.",
        ),
    ],
];

const REPLIES: &[&str] = &[
    "Thank you for your message. We are looking into it.",
    "Could you send us your order number, please?",
    "We have sent a replacement, it should arrive within 3 days.",
    "The issue has been fixed, please try again.",
];

const FOLLOW_UPS: &[&str] = &[
    "Thanks, here is my order number: 4471.",
    "It works now, thank you!",
    "Any news about my case?",
];

pub(crate) fn ticket_message(
    author: Value,
    text: &str,
    source: &str,
    private: bool,
    ts: i64,
) -> Value {
    json!({
        "author": author,
        "date": ts,
        "is_private": private,
        "message": text,
        "type": "message",
        "source": { "type": source },
    })
}

pub(crate) fn agent_author(agent: &Value) -> Value {
    json!({ "type": "agent", "id": agent["login"], "name": agent["name"] })
}

pub(crate) fn seed(data: &mut Data, rng: &mut Rng, people: &[Person]) {
    if data.agents.is_empty() {
        return;
    }
    let mut taken = taken_ids(data);
    let mut created: Vec<i64> = (0..SEED_TICKETS)
        .map(|_| between(rng, SEED_FROM, SEED_TO - 86_400 * 4))
        .collect();
    created.sort_unstable();
    let owner = data.agents[0].clone();
    let mut tickets = Vec::new();
    for mut opened_at in created {
        let source = *pick(
            rng,
            &[
                "lc2",
                "lc2",
                "lc2",
                "mail",
                "mail",
                "mail",
                "chat-window",
                "chat-window",
                "facebook",
                "agent-app-manual",
            ],
        );
        let mut group = *pick(rng, &[0, 0, 1, 1, 2, 2]);
        let mut requester = pick(rng, people).clone();
        let mut source_value = json!({ "type": source });
        if source == "lc2" {
            // A ticket made from an archived chat: same visitor, group, and just after it.
            let earlier: Vec<&Value> = data
                .chats
                .iter()
                .filter(|chat| {
                    chat["ended_timestamp"]
                        .as_i64()
                        .is_some_and(|e| e < opened_at)
                })
                .collect();
            if let Some(chat) = (!earlier.is_empty()).then(|| *pick(rng, &earlier)) {
                opened_at =
                    chat["ended_timestamp"].as_i64().unwrap_or(opened_at) + between(rng, 30, 3_600);
                group = chat["group"][0].as_i64().unwrap_or(0);
                if let Some(found) = people
                    .iter()
                    .find(|p| chat["visitor"]["id"] == p.id.as_str())
                {
                    requester = found.clone();
                }
                source_value["id"] = chat["id"].clone();
            }
        } else if source == "chat-window" {
            source_value["url"] = json!(pick(rng, PAGES).0);
        }
        let (subject, first_text) = *pick(rng, SUBJECTS[group as usize % SUBJECTS.len()]);
        let status = *pick(
            rng,
            &[
                "open", "open", "open", "pending", "pending", "solved", "solved", "solved",
                "solved", "spam",
            ],
        );
        let candidates = group_agents(data, group);
        let assignee =
            (status != "spam" && chance(rng, 85)).then(|| pick(rng, &candidates).clone());
        let client = json!({ "id": requester.email, "name": requester.name, "type": "client" });
        let mut events = Vec::new();
        let mut ts = opened_at;
        let first_source = if source == "agent-app-manual" {
            "agent-app-manual"
        } else {
            source
        };
        events.push(ticket_message(
            client.clone(),
            first_text,
            first_source,
            false,
            ts,
        ));
        let mut first_response = json!({});
        if let Some(assignee) = &assignee {
            ts += between(rng, 10, 7_200);
            events.push(json!({
                "to": { "id": assignee["login"], "name": assignee["name"] },
                "author": { "id": owner["login"], "name": owner["name"] },
                "date": ts,
                "type": "assignee_changed",
            }));
            if chance(rng, 20) {
                ts += between(rng, 10, 3_600);
                events.push(ticket_message(
                    agent_author(&owner),
                    "Could you please find a moment to handle this customer's request?",
                    "lc2",
                    true,
                    ts,
                ));
            }
            if status != "open" || chance(rng, 50) {
                ts += between(rng, 600, 86_400);
                events.push(ticket_message(
                    agent_author(assignee),
                    word(rng, REPLIES),
                    "lc2",
                    false,
                    ts,
                ));
                first_response = json!({
                    "date": ts,
                    "author": { "id": assignee["login"], "name": assignee["name"] },
                });
                if chance(rng, 50) {
                    ts += between(rng, 600, 86_400);
                    events.push(ticket_message(
                        client.clone(),
                        word(rng, FOLLOW_UPS),
                        "mail",
                        false,
                        ts,
                    ));
                }
            }
        }
        let mut opened = vec![json!({ "from": opened_at })];
        let mut modified = ts;
        match status {
            "solved" | "spam" => {
                let closed = ts + between(rng, 60, 86_400);
                opened[0]["to"] = json!(closed);
                modified = closed;
            }
            "open" if chance(rng, 15) => {
                // Solved once, then the requester wrote again.
                let solved = ts + between(rng, 60, 86_400);
                let again = solved + between(rng, 3_600, 86_400 * 2);
                opened[0]["to"] = json!(solved);
                opened.push(json!({ "from": again }));
                events.push(ticket_message(
                    client.clone(),
                    "The problem is back, please help.",
                    "mail",
                    false,
                    again,
                ));
                modified = again;
            }
            _ => {}
        }
        let tags = choose_tags(rng, &tags_for(data, group), 55);
        let mut ticket = json!({
            "events": events,
            "id": unique_id(rng, 5, &mut taken),
            "requester": { "mail": requester.email, "name": requester.name },
            "groups": [group],
            "status": status,
            "subject": subject,
            "modified": modified,
            "source": source_value,
            "opened": opened,
            "firstResponse": first_response,
            "tags": tags,
        });
        if let Some(assignee) = &assignee {
            ticket["assignee"] = json!({ "id": assignee["login"], "name": assignee["name"] });
        }
        tickets.push(ticket);
    }
    // Oldest first, by when they were opened.
    tickets.sort_by_key(|ticket| ticket["opened"][0]["from"].as_i64().unwrap_or(0));
    data.tickets.extend(tickets);
}
