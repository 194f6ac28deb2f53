//! What happened on the seeded licence: tags, archived chats, tickets and the visitors on
//! the site now; and the date helpers the archive endpoints share.
//!
//! Every chat and ticket is kept in the JSON shape `GET /chats/{id}` and
//! `GET /tickets/{id}` answer. The licence's time zone is UTC: the text dates of chats
//! (`started`, `ended`, message `date`) are the UTC time of their `*timestamp`, and the
//! `date_from`/`date_to` filters count whole UTC days.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::seed::Rng;
use super::{Data, Failure, ParamsExt};

/// 2013-01-01T00:00:00Z: the first second of the seeded archive.
pub(crate) const SEED_FROM: i64 = 1_356_998_400;
/// 2013-07-01T00:00:00Z: the seeded archive ends before it.
pub(crate) const SEED_TO: i64 = 1_372_636_800;
/// Seeded archived chats.
pub(crate) const SEED_CHATS: usize = 450;
/// Seeded tickets.
pub(crate) const SEED_TICKETS: usize = 150;
/// Items on one page of `/chats` and `/tickets`.
pub(crate) const PAGE_SIZE: usize = 25;
/// The time zone of the seeded licence, in which chats tell their dates.
pub(crate) const TIMEZONE: &str = "UTC";

/// Ids of the archive's pre-chat survey fields (one survey form for the licence).
pub(crate) const SURVEY_NAME_ID: &str = "13589376348060238";
pub(crate) const SURVEY_EMAIL_ID: &str = "135893763480606511";
const SURVEY_RATING_ID: &str = "137164167769201638";

// ---------------------------------------------------------------------------------------
// Dates

/// (year, month, day) of a day number (days since 1970-01-01).
pub(crate) fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day number of a date.
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn clock(ts: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    let weekday = (days + 4).rem_euclid(7);
    (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60, weekday)
}

/// A chat date as the archives write it: `Wed, 01/23/13 11:40:53 am`.
pub(crate) fn chat_date(ts: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let (y, m, d, h, min, s, weekday) = clock(ts);
    let half = if h < 12 { "am" } else { "pm" };
    let h12 = match h % 12 {
        0 => 12,
        other => other,
    };
    format!(
        "{}, {m:02}/{d:02}/{:02} {h12:02}:{min:02}:{s:02} {half}",
        WEEKDAYS[weekday as usize],
        y.rem_euclid(100)
    )
}

/// `2017-02-16 12:54:26`, as the visitors list writes its times.
pub(crate) fn plain_time(ts: i64) -> String {
    let (y, m, d, h, min, s, _) = clock(ts);
    format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}")
}

/// `2014-08-18T10:05:05Z`, as the webhook ticket payload writes its dates.
pub(crate) fn iso_time(ts: i64) -> String {
    let (y, m, d, h, min, s, _) = clock(ts);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
}

/// The day number of a strict `YYYY-MM-DD`.
pub(crate) fn parse_day(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[range].parse::<i64>().ok())
            .flatten()
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    (civil(days) == (year, month, day)).then_some(days)
}

/// `date_from`/`date_to` as a half-open range of Unix seconds `[from, to)`, whole UTC
/// days, both inclusive. A malformed date or a reversed range is a 400.
pub(crate) fn date_range(params: &Map<String, Value>) -> Result<(i64, i64), Failure> {
    let bound = |key: &str| -> Result<Option<i64>, Failure> {
        match params.text(key) {
            None => Ok(None),
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => parse_day(text.trim()).map(Some).ok_or_else(|| {
                Failure::invalid([format!(
                    "{key} must be a date in the format YYYY-MM-DD, got \"{text}\""
                )])
            }),
        }
    };
    let from = bound("date_from")?;
    let to = bound("date_to")?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(Failure::invalid(["date_from must not be after date_to"]));
    }
    Ok((
        from.map_or(i64::MIN, |day| day * 86_400),
        to.map_or(i64::MAX, |day| (day + 1) * 86_400),
    ))
}

/// The `page` parameter: 1 when absent, 400 unless a positive number.
pub(crate) fn page_param(params: &Map<String, Value>) -> Result<usize, Failure> {
    match params.text("page") {
        None => Ok(1),
        Some(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|page| *page >= 1)
            .ok_or_else(|| {
                Failure::invalid([format!("page must be a positive number, got \"{text}\"")])
            }),
    }
}

/// One page of `items`: `(items of the page, total, pages)`.
pub(crate) fn paginate(items: Vec<Value>, page: usize) -> (Vec<Value>, usize, usize) {
    let total = items.len();
    let pages = total.div_ceil(PAGE_SIZE);
    let start = (page - 1).saturating_mul(PAGE_SIZE);
    let chosen = items.into_iter().skip(start).take(PAGE_SIZE).collect();
    (chosen, total, pages)
}

/// A 0/1 filter parameter: `None` when absent, 400 when anything else.
pub(crate) fn flag_param(params: &Map<String, Value>, key: &str) -> Result<Option<bool>, Failure> {
    match params.get(key) {
        None => Ok(None),
        Some(Value::String(text)) if text.is_empty() => Ok(None),
        Some(_) => params
            .flag(key)
            .map(Some)
            .ok_or_else(|| Failure::invalid([format!("{key} must be 0 or 1")])),
    }
}

// ---------------------------------------------------------------------------------------
// Identifiers

const ID_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// An id of `len` upper-case letters and digits that `taken` does not hold yet.
pub(crate) fn unique_id(rng: &mut Rng, len: usize, taken: &mut HashSet<String>) -> String {
    loop {
        let id: String = (0..len)
            .map(|_| ID_CHARS[rng.below(ID_CHARS.len() as u64) as usize] as char)
            .collect();
        if taken.insert(id.clone()) {
            return id;
        }
    }
}

/// The ids already used by chats (archived and running) and tickets.
pub(crate) fn taken_ids(data: &Data) -> HashSet<String> {
    data.chats
        .iter()
        .chain(data.tickets.iter())
        .filter_map(|item| item["id"].as_str())
        .chain(
            data.visitor_chats
                .iter()
                .filter_map(|session| session["chat"]["id"].as_str()),
        )
        .map(str::to_owned)
        .collect()
}

/// A visitor id like `S1355415390.49b8940793`.
pub(crate) fn visitor_id(rng: &mut Rng, first_seen: i64) -> String {
    format!("S{first_seen}.{}", &rng.hex()[..10])
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

fn word(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len() as u64) as usize]
}

fn chance(rng: &mut Rng, percent: u64) -> bool {
    rng.below(100) < percent
}

fn between(rng: &mut Rng, low: i64, high: i64) -> i64 {
    low + rng.below((high - low + 1).max(1) as u64) as i64
}

// ---------------------------------------------------------------------------------------
// People and places

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Mary", "James", "Anna", "Peter", "Laura", "Tom", "Sofia", "Lucas", "Emma", "Noah", "Olivia",
    "Liam", "Mia", "Jakub", "Zofia", "Hans", "Chloe", "Mateo", "Yuki", "Grace",
];
pub(crate) const LAST_NAMES: &[&str] = &[
    "Brown", "Smith", "Kowalski", "Nowak", "Schmidt", "Martin", "Garcia", "Tanaka", "Wilson",
    "Taylor", "Dubois", "Rossi", "Lee", "Walker", "Young",
];

/// City, region, country, country code, time zone.
pub(crate) const PLACES: &[(&str, &str, &str, &str, &str)] = &[
    ("Central District", "", "Hong Kong", "HK", "Asia/Hong_Kong"),
    (
        "New York",
        "New York",
        "United States",
        "US",
        "America/New_York",
    ),
    (
        "Greenville",
        "North Carolina",
        "United States",
        "US",
        "America/New_York",
    ),
    (
        "Phoenix",
        "Arizona",
        "United States",
        "US",
        "America/Phoenix",
    ),
    (
        "San Francisco",
        "California",
        "United States",
        "US",
        "America/Los_Angeles",
    ),
    ("London", "England", "United Kingdom", "GB", "Europe/London"),
    ("Berlin", "Berlin", "Germany", "DE", "Europe/Berlin"),
    ("Munich", "Bavaria", "Germany", "DE", "Europe/Berlin"),
    ("Wroclaw", "Lower Silesia", "Poland", "PL", "Europe/Warsaw"),
    ("Warsaw", "Masovia", "Poland", "PL", "Europe/Warsaw"),
    ("Paris", "Ile-de-France", "France", "FR", "Europe/Paris"),
    ("Toronto", "Ontario", "Canada", "CA", "America/Toronto"),
    (
        "Sydney",
        "New South Wales",
        "Australia",
        "AU",
        "Australia/Sydney",
    ),
    ("Madrid", "Madrid", "Spain", "ES", "Europe/Madrid"),
    ("Tokyo", "Tokyo", "Japan", "JP", "Asia/Tokyo"),
];

pub(crate) const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/68.0.3440.106 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.87 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; rv:20.0) Gecko/20100101 Firefox/20.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 6_1_3 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10B329 Safari/8536.25",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
];

/// Pages of the licence's site: (URL, title).
pub(crate) const PAGES: &[(&str, &str)] = &[
    (
        "https://www.mycompany.com/",
        "MyCompany - Shoes for everyone",
    ),
    ("https://www.mycompany.com/pricing", "Pricing - MyCompany"),
    (
        "https://www.mycompany.com/shop/running",
        "Running shoes - MyCompany",
    ),
    (
        "https://www.mycompany.com/shop/cart",
        "Your cart - MyCompany",
    ),
    (
        "https://www.mycompany.com/help/installation",
        "Installation guide - MyCompany",
    ),
    (
        "https://www.mycompany.com/contact",
        "Contact us - MyCompany",
    ),
];

const REFERRERS: &[&str] = &[
    "https://www.google.com/",
    "https://www.facebook.com/",
    "https://duckduckgo.com/",
    "https://news.ycombinator.com/",
];

/// Someone who chats: the `visitor` of an archived chat plus an e-mail address.
#[derive(Clone)]
struct Person {
    id: String,
    name: String,
    email: String,
    ip: String,
    place: (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
    user_agent: &'static str,
    login: Option<String>,
}

fn person(rng: &mut Rng) -> Person {
    let first = *pick(rng, FIRST_NAMES);
    let last = *pick(rng, LAST_NAMES);
    let seen = between(rng, SEED_FROM - 86_400 * 200, SEED_FROM);
    Person {
        id: visitor_id(rng, seen),
        name: format!("{first} {last}"),
        email: format!(
            "{}.{}{}@{}",
            first.to_lowercase(),
            last.to_lowercase(),
            rng.below(90) + 10,
            pick(rng, &["email.com", "example.org", "mail.net"])
        ),
        ip: format!(
            "{}.{}.{}.{}",
            between(rng, 11, 223),
            rng.below(256),
            rng.below(256),
            between(rng, 1, 254)
        ),
        place: *pick(rng, PLACES),
        user_agent: word(rng, USER_AGENTS),
        login: chance(rng, 30).then(|| format!("{}_{}", first.to_lowercase(), last.to_lowercase())),
    }
}

impl Person {
    fn visitor(&self) -> Value {
        let (city, region, country, code, timezone) = self.place;
        json!({
            "id": self.id,
            "name": self.name,
            "ip": self.ip,
            "city": city,
            "country": country,
            "country_code": code,
            "timezone": timezone,
            "region": region,
            "user_agent": self.user_agent,
        })
    }
}

/// `{display_name, email}` of an agent record.
pub(crate) fn agent_ref(agent: &Value) -> Value {
    json!({ "display_name": agent["name"], "email": agent["login"] })
}

/// Whether an agent serves a group (every agent serves group 0, "General").
pub(crate) fn serves(agent: &Value, group: i64) -> bool {
    group == 0
        || agent["groups"]
            .as_array()
            .is_some_and(|groups| groups.iter().any(|g| g["id"] == group))
}

// ---------------------------------------------------------------------------------------
// Chat building blocks, shared with the visitor chat

/// A message of an archived chat, as it appears in `messages`.
pub(crate) fn message(
    author: &str,
    login: Option<&str>,
    user_type: &str,
    text: &str,
    ts: i64,
) -> Value {
    let mut message = json!({
        "author_name": author,
        "text": text,
        "date": chat_date(ts),
        "timestamp": ts,
        "user_type": user_type,
    });
    if let Some(login) = login {
        message["agent_id"] = json!(login);
    }
    message
}

/// The same message as an entry of `events`.
pub(crate) fn message_event(message: &Value) -> Value {
    let mut event = message.clone();
    event["type"] = json!("message");
    event
}

/// A non-message event of an archived chat (`type: "event"`).
pub(crate) fn chat_event(event_type: &str, user_type: &str, text: &str, ts: i64) -> Value {
    json!({
        "text": text,
        "date": chat_date(ts),
        "timestamp": ts,
        "type": "event",
        "event_type": event_type,
        "user_type": user_type,
    })
}

/// The archive's pre-chat survey: the visitor's name and e-mail as given.
pub(crate) fn prechat_survey(name: &str, email: &str) -> Value {
    json!([
        { "key": "Name:", "value": name, "id": SURVEY_NAME_ID },
        { "key": "E-mail:", "value": email, "id": SURVEY_EMAIL_ID },
    ])
}

/// Closes a chat: adds the `closed` event, `ended`, `ended_timestamp` and `duration`.
pub(crate) fn finish_chat(chat: &mut Value, closed_by: &str, user_type: &str, ended: i64) {
    let text = format!("{closed_by} closed the chat.");
    if let Some(events) = chat["events"].as_array_mut() {
        events.push(chat_event("closed", user_type, &text, ended));
    }
    let started = chat["started_timestamp"].as_i64().unwrap_or(ended);
    if let Value::Object(fields) = chat {
        fields.remove("pending");
        fields.insert("duration".into(), json!(ended - started));
        fields.insert("ended_timestamp".into(), json!(ended));
        fields.insert("ended".into(), json!(chat_date(ended)));
    }
}

/// The `chat` data of a webhook payload.
pub(crate) fn webhook_chat(chat: &Value) -> Value {
    let messages: Vec<Value> = chat["messages"]
        .as_array()
        .map(|messages| {
            messages
                .iter()
                .map(|m| {
                    let mut out = json!({
                        "user_type": m["user_type"],
                        "author_name": m["author_name"],
                        "text": m["text"],
                        "timestamp": m["timestamp"],
                    });
                    if m.get("agent_id").is_some() {
                        out["agent_id"] = m["agent_id"].clone();
                    }
                    out
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = json!({
        "id": chat["id"],
        "started_timestamp": chat["started_timestamp"],
        "messages": messages,
        "tags": chat["tags"],
    });
    if chat.get("ended_timestamp").is_some() {
        out["ended_timestamp"] = chat["ended_timestamp"].clone();
    }
    out
}

/// The `visitor` data of a webhook payload about a chat.
pub(crate) fn webhook_visitor(chat: &Value) -> Value {
    let email = chat["prechat_survey"]
        .as_array()
        .and_then(|fields| fields.iter().find(|f| f["id"] == SURVEY_EMAIL_ID))
        .and_then(|f| f["value"].as_str())
        .unwrap_or("");
    let mut visitor = json!({
        "id": chat["visitor"]["id"],
        "name": chat["visitor"]["name"],
        "custom_variables": chat.get("custom_variables").cloned().unwrap_or_else(|| json!([])),
    });
    if !email.is_empty() {
        visitor["email"] = json!(email);
    }
    visitor
}

/// The `pre_chat_survey` data of a webhook payload about a chat.
pub(crate) fn webhook_survey(chat: &Value) -> Value {
    let answers = chat["prechat_survey"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter(|f| f["value"].as_str().is_some_and(|v| !v.is_empty()))
                .map(|f| {
                    let (kind, label) = if f["id"] == SURVEY_EMAIL_ID {
                        ("email", "Your e-mail")
                    } else {
                        ("name", "Your name")
                    };
                    json!({ "id": f["id"], "type": kind, "label": label, "answer": f["value"] })
                })
                .collect()
        })
        .unwrap_or_default();
    Value::Array(answers)
}

// ---------------------------------------------------------------------------------------
// Conversations

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

/// Seeds tags, archived chats, tickets and the visitors on the site.
pub(crate) fn seed(data: &mut Data, rng: &mut Rng) {
    seed_tags(data, rng);
    let people: Vec<Person> = (0..160).map(|_| person(rng)).collect();
    seed_chats(data, rng, &people);
    seed_tickets(data, rng, &people);
    super::visitors::seed(data, rng);
}

/// Name, group, author index (0 = the owner).
const TAGS: &[(&str, i64, usize)] = &[
    ("support", 0, 0),
    ("feedback", 0, 0),
    ("complaint", 0, 1),
    ("sales", 1, 0),
    ("pricing", 1, 1),
    ("discount", 1, 1),
    ("bug", 2, 0),
    ("installation", 2, 2),
];

fn seed_tags(data: &mut Data, rng: &mut Rng) {
    let mut created = SEED_FROM - 86_400 * 45;
    for (name, group, author) in TAGS {
        created += between(rng, 3_600, 86_400 * 4);
        let author = data
            .agents
            .get(*author)
            .or_else(|| data.agents.first())
            .map(|agent| agent["login"].clone())
            .unwrap_or_else(|| json!(data.config.login));
        data.tags.push(json!({
            "name": name,
            "group": group,
            "author": author,
            "creation_date": created,
        }));
    }
}

/// Tag names a chat or ticket of `group` can carry.
fn tags_for(data: &Data, group: i64) -> Vec<String> {
    data.tags
        .iter()
        .filter(|tag| tag["group"] == 0 || tag["group"] == group)
        .filter_map(|tag| tag["name"].as_str().map(str::to_owned))
        .collect()
}

fn choose_tags(rng: &mut Rng, available: &[String], percent_tagged: u64) -> Vec<String> {
    let mut tags = Vec::new();
    if available.is_empty() || !chance(rng, percent_tagged) {
        return tags;
    }
    let count = 1 + rng.below(3) as usize;
    for _ in 0..count {
        let tag = pick(rng, available).clone();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

fn group_agents(data: &Data, group: i64) -> Vec<Value> {
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

fn seed_chats(data: &mut Data, rng: &mut Rng, people: &[Person]) {
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

// ---------------------------------------------------------------------------------------
// Tickets

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

fn ticket_message(author: Value, text: &str, source: &str, private: bool, ts: i64) -> Value {
    json!({
        "author": author,
        "date": ts,
        "is_private": private,
        "message": text,
        "type": "message",
        "source": { "type": source },
    })
}

fn agent_author(agent: &Value) -> Value {
    json!({ "type": "agent", "id": agent["login"], "name": agent["name"] })
}

fn seed_tickets(data: &mut Data, rng: &mut Rng, people: &[Person]) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_the_archive_writes_them() {
        assert_eq!(chat_date(1_358_937_653), "Wed, 01/23/13 10:40:53 am");
        assert_eq!(chat_date(1_358_939_109), "Wed, 01/23/13 11:05:09 am");
        assert_eq!(chat_date(1_356_998_400), "Tue, 01/01/13 12:00:00 am");
        assert_eq!(chat_date(1_357_041_600), "Tue, 01/01/13 12:00:00 pm");
        assert_eq!(plain_time(1_487_246_066), "2017-02-16 11:54:26");
        assert_eq!(iso_time(1_408_356_305), "2014-08-18T10:05:05Z");
        assert_eq!(parse_day("2013-01-01"), Some(SEED_FROM / 86_400));
        assert_eq!(parse_day("2012-02-29"), Some(15_399));
        for bad in [
            "2013-02-29",
            "2013-1-01",
            "2013/01/01",
            "13-01-01",
            "2013-00-10",
            "",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn chats_reach_the_licence_goals_and_record_sales() {
        let mut data = super::super::seed::data(super::super::Config::default());
        data.chats.clear();
        data.tickets.clear();
        data.goals = vec![
            json!({ "id": 71, "name": "purchase", "active": 1, "type": "sales_tracker", "currency": "CZK" }),
            json!({ "id": 72, "name": "newsletter", "active": 1, "type": "url" }),
        ];
        let mut rng = Rng::new(7);
        let people: Vec<Person> = (0..40).map(|_| person(&mut rng)).collect();
        seed_chats(&mut data, &mut rng, &people);
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
