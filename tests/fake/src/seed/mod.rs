//! The fake's starting data, the same for the same seed: the licence's agents, groups
//! and canned responses here; goals and greetings, tags, the archive of chats and
//! tickets, and the visitors on the site in the submodules.

mod chats;
mod marketing;
mod people;
mod rng;
mod tags;
mod tickets;
mod visitors;

pub(crate) use people::{PAGES, PLACES, USER_AGENTS};
pub(crate) use rng::Rng;

use serde_json::{Value, json};

use crate::{Config, Data};
use people::{Person, person};

/// 2013-01-01T00:00:00Z: the first second of the seeded archive.
pub(crate) const SEED_FROM: i64 = 1_356_998_400;
/// 2013-07-01T00:00:00Z: the seeded archive ends before it.
pub(crate) const SEED_TO: i64 = 1_372_636_800;
/// Seeded archived chats.
pub(crate) const SEED_CHATS: usize = 450;
/// Seeded tickets.
pub(crate) const SEED_TICKETS: usize = 150;

/// Groups of the seeded licence: id, name, language.
const GROUPS: &[(i64, &str, &str)] = &[
    (0, "General", "en"),
    (1, "Sales", "en"),
    (2, "Technical Support", "en"),
];

pub(crate) fn default_notifications() -> Value {
    json!({
        "new_visitor": 1,
        "returning_visitor": 1,
        "queued_visitor": 1,
        "visitor_is_typing": 0,
        "new_goal": 1
    })
}

pub(crate) fn data(config: Config) -> Data {
    let mut data = Data {
        config: config.clone(),
        groups: GROUPS
            .iter()
            .map(|(id, name, language)| json!({ "id": id, "name": name, "language": language, "agents": [], "status": "offline" }))
            .collect(),
        ..Data::default()
    };
    let mut rng = Rng::new(config.seed);
    let people = [
        (
            config.login.as_str(),
            "John Doe",
            "owner",
            "accepting chats",
            &[1, 2][..],
        ),
        (
            "jane.doe@mycompany.com",
            "Jane Doe",
            "administrator",
            "not accepting chats",
            &[1][..],
        ),
        (
            "mary.major@mycompany.com",
            "Mary Major",
            "normal",
            "accepting chats",
            &[2][..],
        ),
        (
            "rick.roe@mycompany.com",
            "Rick Roe",
            "normal",
            "offline",
            &[1][..],
        ),
        (
            "ann.lee@mycompany.com",
            "Ann Lee",
            "normal",
            "offline",
            &[2][..],
        ),
    ];
    let now = config.now;
    let agents = people
        .iter()
        .map(|(login, name, permission, status, groups)| {
            let api_key = if *login == config.login {
                config.api_key.clone()
            } else {
                rng.hex()
            };
            json!({
                "login": login,
                "name": name,
                "login_status": "accepting chats",
                "permission": permission,
                "daily_summary": 1,
                "job_title": "Support Agent",
                "avatar": format!("livechat.s3.amazonaws.com/1011121/all/avatars/{}.jpg", rng.hex()),
                "notifications": default_notifications(),
                "max_chats_count": 6,
                "groups": data.group_refs(groups),
                "status": status,
                "last_logout": now - rng.below(86_400 * 30) as i64,
                "api_key": api_key,
            })
        })
        .collect();
    let texts = [
        (
            0,
            "Can I help you with anything else?",
            &["help", "else"][..],
        ),
        (
            0,
            "What product are you interested in?",
            &["product", "interest"][..],
        ),
        (0, "Have a great day, goodbye.", &["bye", "cu"][..]),
        (
            1,
            "Our sales team will call you back within one business day.",
            &["callback", "sales"][..],
        ),
        (1, "You can pay by card or bank transfer.", &["payment"][..]),
        (
            2,
            "Could you tell me which version you are using?",
            &["version"][..],
        ),
    ];
    let mut next_canned_id = 3151;
    let canned_responses = texts
        .iter()
        .map(|(group, text, tags)| {
            let id = next_canned_id;
            next_canned_id += 10;
            json!({
                "id": id,
                "group": group,
                "text": text,
                "creation_date": now - 86_400 * 60 + rng.below(86_400) as i64,
                "created_by": config.login,
                "tags": tags,
            })
        })
        .collect();
    data.agents = agents;
    data.canned_responses = canned_responses;
    data.next_id.insert("canned_response", next_canned_id);
    data.now = now;
    // Goals and greetings first: seeded chats refer to them.
    marketing::seed(&mut data, &mut rng);
    seed_activity(&mut data, &mut rng);
    for group in &mut data.groups {
        let members: Vec<Value> = data
            .agents
            .iter()
            .filter(|agent| {
                agent["groups"]
                    .as_array()
                    .is_some_and(|g| g.iter().any(|g| g["id"] == group["id"]))
            })
            .map(|agent| agent["login"].clone())
            .collect();
        group["agents"] = Value::Array(members);
    }
    data
}

/// Seeds tags, archived chats, tickets and the visitors on the site.
fn seed_activity(data: &mut Data, rng: &mut Rng) {
    tags::seed(data, rng);
    let people: Vec<Person> = (0..160).map(|_| person(rng)).collect();
    chats::seed(data, rng, &people);
    tickets::seed(data, rng, &people);
    visitors::seed(data, rng);
}
