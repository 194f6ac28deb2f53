//! The seeded archive: chats of every group and outcome over the seeded half-year.

use serde_json::{Value, json};

use super::people::{PAGES, Person, REFERRERS};
use super::rng::{Rng, between, chance, pick, word};
use super::tags::{choose_tags, tags_for};
use super::{SEED_CHATS, SEED_FROM, SEED_TO};
use crate::Data;
use crate::calendar::chat_date;
use crate::ids::{taken_ids, unique_id};
use crate::shapes::{
    SURVEY_RATING_ID, TIMEZONE, agent_ref, chat_event, finish_chat, message, message_event,
    prechat_survey, serves,
};

/// What a chat of one group talks about: visitor lines and agent answers.
struct Topic {
    visitor: &'static [&'static str],
    agent: &'static [&'static str],
}

const TOPICS: [Topic; 3] = [
    Topic {
        visitor: &[
            "Hi, I have a question about my order.",
            "Where can I find your opening hours?",
            "I would like to change my delivery address.",
            "My parcel has not arrived yet.",
            "Can I return shoes that don't fit?",
            "Is there a shop in my city?",
        ],
        agent: &[
            "Sure, let me check that for you.",
            "Could you give me your order number, please?",
            "Thank you for waiting.",
            "Returns are free within 30 days.",
            "I have updated your order.",
            "Can I help you with anything else?",
        ],
    },
    Topic {
        visitor: &[
            "Do you offer a discount for larger orders?",
            "What is the price of the premium package?",
            "Can I pay by bank transfer?",
            "Is the winter collection already available?",
            "I'd like to buy two pairs of running shoes.",
            "Do you ship to my country?",
        ],
        agent: &[
            "Yes, orders above 10 pairs get a 15% discount.",
            "You can pay by card or bank transfer.",
            "Our sales team will call you back within one business day.",
            "The premium package costs 199 USD a year.",
            "We ship worldwide, delivery takes 3 to 5 days.",
            "What product are you interested in?",
        ],
    },
    Topic {
        visitor: &[
            "The installation fails with an error.",
            "I can't log in to my account.",
            "The chat widget doesn't show on my website.",
            "The app crashes when I open the settings.",
            "How do I reset my password?",
            "The download link is broken.",
        ],
        agent: &[
            "Could you tell me which version you are using?",
            "Please clear your browser cache and try again.",
            "I have sent a password reset link to your e-mail.",
            "This is a known issue, a fix will be released next week.",
            "Could you send me a screenshot of the error?",
            "Does it work now?",
        ],
    },
];

const COMMENTS: &[&str] = &[
    "Very helpful, thanks!",
    "Quick and friendly answer.",
    "I had to wait too long.",
    "The agent didn't understand my problem.",
    "Great service as always.",
];

const PRODUCTS: &[(&str, &str)] = &[
    ("running shoes", "129"),
    ("premium package", "199"),
    ("winter boots", "89"),
    ("gift card", "50"),
];

pub(crate) fn group_agents(data: &Data, group: i64) -> Vec<Value> {
    let agents: Vec<Value> = data
        .agents
        .iter()
        .filter(|agent| serves(agent, group))
        .cloned()
        .collect();
    if agents.is_empty() {
        data.agents.clone()
    } else {
        agents
    }
}

pub(crate) fn seed(data: &mut Data, rng: &mut Rng, people: &[Person]) {
    if data.agents.is_empty() {
        return;
    }
    let mut starts: Vec<i64> = (0..SEED_CHATS)
        .map(|_| between(rng, SEED_FROM, SEED_TO - 3 * 3_600))
        .collect();
    starts.sort_unstable();
    let mut taken = taken_ids(data);
    let goals = data.goals.clone();
    let supervisors: Vec<Value> = data
        .agents
        .iter()
        .filter(|agent| agent["permission"] != "normal")
        .cloned()
        .collect();
    let mut order_number = 1000;
    for started in starts {
        let group = *pick(rng, &[0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
        let candidates = group_agents(data, group);
        let agent = pick(rng, &candidates).clone();
        let second = (chance(rng, 7) && candidates.len() > 1)
            .then(|| {
                candidates
                    .iter()
                    .filter(|a| a["login"] != agent["login"])
                    .nth(rng.below(candidates.len() as u64 - 1) as usize)
                    .cloned()
            })
            .flatten();
        let supervisor = chance(rng, 8)
            .then(|| {
                let others: Vec<&Value> = supervisors
                    .iter()
                    .filter(|s| s["login"] != agent["login"])
                    .collect();
                (!others.is_empty()).then(|| (*pick(rng, &others)).clone())
            })
            .flatten();
        let who = pick(rng, people).clone();
        let topic = &TOPICS[group as usize % TOPICS.len()];
        let engagement = *pick(
            rng,
            &[
                "immediate_start",
                "immediate_start",
                "immediate_start",
                "auto_invite",
                "manual_invite",
            ],
        );

        let mut messages = Vec::new();
        let mut events = Vec::new();
        let mut ts = started;
        let say = |ts: i64, author: &Value, text: &str| {
            message(
                author["name"].as_str().unwrap_or(""),
                author["login"].as_str(),
                "agent",
                text,
                ts,
            )
        };
        // Lines are taken in turn from a random start, so that a chat does not repeat itself.
        let (mut asked, mut answered) = (rng.below(6) as usize, rng.below(6) as usize);
        let mut next_question = || {
            asked += 1;
            topic.visitor[asked % topic.visitor.len()]
        };
        let mut next_answer = || {
            answered += 1;
            topic.agent[answered % topic.agent.len()]
        };
        if engagement == "immediate_start" {
            messages.push(message(&who.name, None, "visitor", next_question(), ts));
        } else {
            messages.push(say(ts, &agent, "Hello! How can I help you today?"));
            ts += between(rng, 8, 120);
            messages.push(message(&who.name, None, "visitor", next_question(), ts));
        }
        let exchanges = between(rng, 1, 6);
        for turn in 0..exchanges {
            let speaker = match &second {
                Some(second) if turn >= exchanges / 2 => second,
                _ => &agent,
            };
            ts += between(rng, 8, 120);
            messages.push(say(ts, speaker, next_answer()));
            ts += between(rng, 8, 120);
            let line = if turn + 1 == exchanges {
                "Thanks, bye!"
            } else {
                next_question()
            };
            messages.push(message(&who.name, None, "visitor", line, ts));
        }
        for (index, message) in messages.iter().enumerate() {
            events.push(message_event(message));
            if index == 1 && chance(rng, 5) {
                events.push(json!({
                    "text": format!("{} uploaded the attachment.", who.name),
                    "date": message["date"],
                    "timestamp": message["timestamp"],
                    "type": "attachment",
                    "user_type": "visitor",
                    "files": [format!("https://static.livechatinc.com/{}/screenshot.png", &rng.hex()[..12])],
                    "author_name": who.name,
                }));
            }
        }
        if let Some(supervisor) = &supervisor {
            ts += between(rng, 5, 60);
            let whisper = message(
                supervisor["name"].as_str().unwrap_or(""),
                supervisor["login"].as_str(),
                "supervisor",
                "Remember to offer the newsletter discount.",
                ts,
            );
            messages.push(whisper.clone());
            events.push(message_event(&whisper));
        }
        let rate = *pick(
            rng,
            &[
                "not_rated",
                "not_rated",
                "not_rated",
                "not_rated",
                "rated_good",
                "rated_good",
                "rated_good",
                "rated_bad",
            ],
        );
        let mut postchat = Vec::new();
        if rate != "not_rated" {
            ts += between(rng, 3, 30);
            let good = rate == "rated_good";
            events.push(chat_event(
                "rated",
                "visitor",
                &format!(
                    "{} rated the chat as {}.",
                    who.name,
                    if good { "good" } else { "bad" }
                ),
                ts,
            ));
            if chance(rng, 40) {
                ts += between(rng, 3, 30);
                events.push(chat_event(
                    "rating_comment",
                    "visitor",
                    word(rng, COMMENTS),
                    ts,
                ));
            }
            postchat.push(json!({
                "key": "How would you rate the quality of support?",
                "value": if good { "Good" } else { "Bad" },
                "id": SURVEY_RATING_ID,
            }));
        }
        let ended = ts + between(rng, 5, 90);
        let visitor_closes = chance(rng, 50);
        let known_name = chance(rng, 70);
        let mut chat = json!({
            "type": "chat",
            "id": unique_id(rng, 10, &mut taken),
            "visitor": who.visitor(),
            "agents": std::iter::once(&agent).chain(second.as_ref()).map(agent_ref).collect::<Vec<_>>(),
            "supervisors": supervisor.iter().map(agent_ref).collect::<Vec<_>>(),
            "rate": rate,
            "duration": 0,
            "chat_start_url": pick(rng, PAGES).0,
            "group": [group],
            "started": chat_date(started),
            "prechat_survey": prechat_survey(
                if known_name { &who.name } else { "" },
                if known_name && chance(rng, 80) { &who.email } else { "" },
            ),
            "postchat_survey": postchat,
            "tags": choose_tags(rng, &tags_for(data, group), 70),
            "timezone": TIMEZONE,
            "messages": messages,
            "events": events,
            "engagement": engagement,
            "started_timestamp": started,
        });
        if chance(rng, 60) {
            chat["referrer"] = json!(word(rng, REFERRERS));
        }
        if let Some(login) = &who.login {
            chat["custom_variables"] = json!([{ "key": "customer_login", "value": login }]);
        }
        if chance(rng, 5) {
            chat["integration_variables"] = json!([
                { "key": "facebook.id", "value": format!("{}", 100_000_000 + rng.below(900_000_000)) },
                { "key": "facebook.email", "value": who.email },
            ]);
        }
        if chance(rng, 15) {
            chat["queue"] = json!({ "duration": between(rng, 5, 400) });
        }
        if !goals.is_empty() && chance(rng, 14) {
            let mut reached = Vec::new();
            let count = if chance(rng, 15) { 2 } else { 1 };
            for _ in 0..count {
                let goal = pick(rng, &goals);
                if reached.iter().any(|g: &Value| g["id"] == goal["id"]) {
                    continue;
                }
                let at = between(rng, started, ended);
                let mut entry = json!({
                    "id": goal["id"],
                    "name": goal["name"],
                    "date": chat_date(at),
                    "timestamp": at,
                    "order": { "id": "", "description": "", "price": "0", "currency": "" },
                });
                if goal["type"] == "sales_tracker" {
                    let (product, price) = *pick(rng, PRODUCTS);
                    order_number += 1 + rng.below(7) as i64;
                    entry["type"] = json!("sales_tracker");
                    entry["order"] = json!({
                        "id": format!("ORD-{order_number}"),
                        "description": product,
                        "price": price,
                        "currency": goal.get("currency").and_then(Value::as_str).filter(|c| !c.is_empty()).unwrap_or("USD"),
                    });
                }
                reached.push(entry);
            }
            chat["goals"] = Value::Array(reached);
        }
        let closer = if visitor_closes {
            (who.name.clone(), "visitor")
        } else {
            (agent["name"].as_str().unwrap_or("").to_owned(), "agent")
        };
        finish_chat(&mut chat, &closer.0, closer.1, ended);
        data.chats.push(chat);
    }
}

#[cfg(test)]
mod tests {
    use super::super::people::person;
    use super::*;

    #[test]
    fn chats_reach_the_licence_goals_and_record_sales() {
        let mut data = crate::seed::data(crate::Config::default());
        data.chats.clear();
        data.tickets.clear();
        data.goals = vec![
            json!({ "id": 71, "name": "purchase", "active": 1, "type": "sales_tracker", "currency": "CZK" }),
            json!({ "id": 72, "name": "newsletter", "active": 1, "type": "url" }),
        ];
        let mut rng = Rng::new(7);
        let people: Vec<Person> = (0..40).map(|_| person(&mut rng)).collect();
        seed(&mut data, &mut rng, &people);
        let goals: Vec<&Value> = data
            .chats
            .iter()
            .filter_map(|c| c["goals"].as_array())
            .flatten()
            .collect();
        assert!(goals.len() > 20, "{}", goals.len());
        let sales: Vec<&&Value> = goals.iter().filter(|g| g["id"] == 71).collect();
        assert!(!sales.is_empty());
        for sale in sales {
            assert_eq!(sale["type"], "sales_tracker");
            assert_eq!(sale["order"]["currency"], "CZK");
            assert!(
                sale["order"]["id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("ORD-"))
            );
        }
        for goal in goals.iter().filter(|g| g["id"] == 72) {
            assert!(goal.get("type").is_none());
            assert_eq!(goal["order"]["price"], "0");
        }
    }
}
