//! The fake's starting data, the same for the same seed.

use serde_json::{Value, json};

use super::{Config, Data};

/// Groups of the seeded licence: id, name, language.
const GROUPS: &[(i64, &str, &str)] = &[
    (0, "General", "en"),
    (1, "Sales", "en"),
    (2, "Technical Support", "en"),
];

/// A small deterministic generator (SplitMix64), enough to vary the seeded data.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    /// 32 hex digits.
    pub(crate) fn hex(&mut self) -> String {
        format!("{:016x}{:016x}", self.next(), self.next())
    }
}

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
    let now = 1_700_000_000 + rng.below(1_000_000) as i64;
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
    super::marketing::seed(&mut data, &mut rng);
    super::activity::seed(&mut data, &mut rng);
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
