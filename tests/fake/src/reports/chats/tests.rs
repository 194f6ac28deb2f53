//! The chat reports checked against small hand-made archives.

use super::*;
use crate::calendar::parse_day;

const JOHN: &str = "john.doe@mycompany.com";
const JANE: &str = "jane.doe@mycompany.com";

fn at(day: &str, hour: i64, minute: i64) -> i64 {
    parse_day(day).unwrap_or_else(|| panic!("{day}")) * DAY + hour * HOUR + minute * 60
}

fn message(user_type: &str, agent: Option<&str>, ts: i64) -> Value {
    let mut message = json!({
        "author_name": "Someone",
        "text": "Hello",
        "date": "",
        "timestamp": ts,
        "user_type": user_type,
    });
    if let Some(agent) = agent {
        message["agent_id"] = json!(agent);
    }
    message
}

/// A chat in the archive's shape: a visitor message at the start, an agent answer
/// `answer` seconds later, ended `length` seconds after the start.
fn chat(start: i64, length: i64, agents: &[&str], group: i64, answer: i64) -> Value {
    let agent = agents.first().copied();
    json!({
        "type": "chat",
        "id": format!("C{start}"),
        "agents": agents.iter().map(|a| json!({ "display_name": "A", "email": a })).collect::<Vec<_>>(),
        "rate": "not_rated",
        "duration": length,
        "group": [group],
        "tags": [],
        "messages": [message("visitor", None, start), message("agent", agent, start + answer)],
        "events": [],
        "engagement": "immediate_start",
        "started_timestamp": start,
        "ended_timestamp": start + length,
    })
}

fn data(chats: Vec<Value>) -> Data {
    Data {
        chats,
        now: at("2013-02-01", 12, 0),
        agents: vec![
            json!({ "login": JOHN, "groups": [{ "id": 1, "name": "Sales" }] }),
            json!({ "login": JANE, "groups": [{ "id": 2, "name": "Support" }] }),
        ],
        ..Data::default()
    }
}

fn query(pairs: Value) -> Query {
    let Value::Object(params) = pairs else {
        panic!("an object")
    };
    let all = [
        "date_from",
        "date_to",
        "group",
        "agent",
        "group_by",
        "tag",
        "goal",
        "greeting",
        "sales_tracker",
        "currency",
    ];
    Query::read(&params, &all).unwrap_or_else(|f| panic!("{:?}", f.body))
}

fn sample() -> Data {
    let mut chats = vec![
        chat(at("2013-01-28", 9, 0), 600, &[JOHN], 1, 20),
        chat(at("2013-01-28", 9, 5), 600, &[JOHN], 1, 40),
        chat(at("2013-01-29", 23, 50), 1200, &[JANE, JOHN], 2, 30),
    ];
    chats[0]["rate"] = json!("rated_good");
    chats[0]["tags"] = json!(["sales", "support"]);
    chats[0]["engagement"] = json!("auto_invite");
    chats[0]["greeting"] = json!({ "id": 2291 });
    chats[1]["rate"] = json!("rated_bad");
    chats[1]["queue"] = json!({ "duration": 30 });
    chats[2]["rate"] = json!("rated_good");
    chats[2]["queue"] = json!({ "duration": 90 });
    chats[2]["engagement"] = json!("manual_invite");
    data(chats)
}

#[test]
fn total_chats_counts_each_period_and_follows_the_filters() {
    let data = sample();
    let days = json!({ "date_from": "2013-01-27", "date_to": "2013-01-29" });
    let report = total_chats(&data, &query(days.clone())).unwrap();
    assert_eq!(
        report,
        json!({
            "2013-01-27": { "chats": 0 },
            "2013-01-28": { "chats": 2 },
            "2013-01-29": { "chats": 1 },
        })
    );
    let mut by_jane = days.clone();
    by_jane["agent"] = json!(JANE);
    assert_eq!(
        total_chats(&data, &query(by_jane)).unwrap()["2013-01-28"]["chats"],
        0
    );
    let mut tagged = days.clone();
    tagged["tag"] = json!(["sales"]);
    assert_eq!(
        total_chats(&data, &query(tagged)).unwrap()["2013-01-28"]["chats"],
        1
    );
    let mut group = days;
    group["group"] = json!("2");
    assert_eq!(
        total_chats(&data, &query(group)).unwrap()["2013-01-29"]["chats"],
        1
    );
    let hours = total_chats(
        &data,
        &query(json!({ "date_from": "2013-01-28", "date_to": "2013-01-28" })),
    )
    .unwrap();
    assert_eq!(hours.as_object().map(Map::len), Some(24));
    assert_eq!(hours["09:00"]["chats"], 2);
    let months = total_chats(&data, &query(json!({ "group_by": "month" }))).unwrap();
    assert_eq!(
        months,
        json!({ "2013-01": { "chats": 3 }, "2013-02": { "chats": 0 } })
    );
}

#[test]
fn a_new_archived_chat_changes_the_count() {
    let mut data = sample();
    let asked = query(json!({ "date_from": "2013-01-28", "date_to": "2013-01-28" }));
    let before = total_chats(&data, &asked).unwrap();
    data.chats
        .push(chat(at("2013-01-28", 9, 30), 60, &[JANE], 0, 5));
    let after = total_chats(&data, &asked).unwrap();
    assert_eq!(before["09:00"]["chats"], 2);
    assert_eq!(after["09:00"]["chats"], 3);
}

#[test]
fn engagement_and_ratings_split_the_chats() {
    let data = sample();
    let days = json!({ "date_from": "2013-01-28", "date_to": "2013-01-29" });
    let split = engagement(&data, &query(days.clone())).unwrap();
    assert_eq!(
        split["2013-01-28"],
        json!({
            "chats_from_auto_invite": 1,
            "chats_from_immediate_start": 1,
            "chats_from_manual_invite": 0,
        })
    );
    let rated = ratings(&data, &query(days)).unwrap();
    assert_eq!(
        rated["2013-01-28"],
        json!({ "bad": 1, "good": 1, "chats": 2 })
    );
    let monthly = ratings(
        &data,
        &query(json!({ "date_from": "2013-01-28", "date_to": "2013-02-01", "group_by": "month" })),
    )
    .unwrap();
    assert_eq!(
        monthly["2013-01"],
        json!({ "begin": "2013-01-28", "end": "2013-01-31", "bad": 1, "good": 2, "chats": 3 })
    );
    assert_eq!(monthly["2013-02"]["end"], "2013-02-01");
}

#[test]
fn the_ranking_credits_every_agent_of_a_rated_chat() {
    let data = sample();
    let ranked = ranking(&data, &query(json!({}))).unwrap();
    let john = &ranked["ranking"]
        .as_array()
        .and_then(|r| r.iter().find(|e| e["name"] == JOHN))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (john["good"].clone(), john["bad"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(ranked["ranking"].as_array().map(Vec::len), Some(2));
    let narrowed = ranking(&data, &query(json!({ "date_to": "2013-01-28" }))).unwrap();
    assert_eq!(narrowed["ranking"].as_array().map(Vec::len), Some(1));
}

#[test]
fn queue_reports_read_the_queue_durations() {
    let mut data = sample();
    let mut left = chat(at("2013-01-28", 10, 0), 100, &[JOHN], 1, 10);
    left["messages"] = json!([message("visitor", None, at("2013-01-28", 10, 0))]);
    left["queue"] = json!({ "duration": 100 });
    data.chats.push(left);
    let days = json!({ "date_from": "2013-01-28", "date_to": "2013-01-29" });
    let counted = queued_visitors(&data, &query(days.clone())).unwrap();
    assert_eq!(
        counted["2013-01-28"],
        json!({ "queued": { "count": 2 }, "left_queue": { "count": 1 }, "entered_chat": { "count": 1 } })
    );
    let times = waiting_times(&data, &query(days)).unwrap();
    assert_eq!(
        times["2013-01-28"]["queued"],
        json!({ "count": 2, "min": { "seconds": 30 }, "max": { "seconds": 100 }, "average": { "seconds": 65 } })
    );
    assert_eq!(
        times["2013-01-29"]["left_queue"]["average"]["seconds"],
        Value::Null
    );
    assert_eq!(times["2013-01-29"]["entered_chat"]["max"]["seconds"], 90);
}

#[test]
fn chatting_time_counts_overlapping_chats_once_and_crosses_midnight() {
    let data = sample();
    let days = json!({ "date_from": "2013-01-28", "date_to": "2013-01-30", "agent": JOHN });
    let time = chatting_time(&data, &query(days)).unwrap();
    // 09:00-09:10 and 09:05-09:15 make 15 minutes; 23:50-00:10 is split by midnight.
    assert_eq!(time["2013-01-28"]["hours"], json!(0.25));
    assert_eq!(time["2013-01-29"]["hours"], json!(0.17));
    assert_eq!(time["2013-01-30"]["hours"], json!(0.17));
    let hourly = chatting_time(
        &data,
        &query(json!({ "date_from": "2013-01-28", "date_to": "2013-01-28" })),
    )
    .unwrap();
    assert_eq!(hourly["09:00"]["hours"], 15, "minutes within the hour");
    let everyone = chatting_time(
        &data,
        &query(json!({ "date_from": "2013-01-30", "date_to": "2013-01-30", "group_by": "day" })),
    )
    .unwrap();
    assert_eq!(
        everyone["2013-01-30"]["hours"],
        json!(0.33),
        "two agents, ten minutes each"
    );
}

#[test]
fn availability_covers_the_chats_and_short_gaps() {
    let mut data = sample();
    data.chats
        .push(chat(at("2013-01-28", 9, 40), 300, &[JOHN], 1, 10));
    data.chats
        .push(chat(at("2013-01-28", 14, 0), 300, &[JOHN], 1, 10));
    let asked = json!({ "date_from": "2013-01-28", "date_to": "2013-01-28", "agent": JOHN });
    let available = availability(&data, &query(asked.clone())).unwrap();
    // 09:00 to 09:45 (a 25-minute gap is bridged), then 14:00 to 14:05.
    assert_eq!(available["09:00"]["hours"], 45);
    assert_eq!(available["14:00"]["hours"], 5);
    let chatting = chatting_time(&data, &query(asked)).unwrap();
    assert_eq!(chatting["09:00"]["hours"], 20);
    let group = json!({ "date_from": "2013-01-28", "date_to": "2013-01-28", "group": "2" });
    assert_eq!(
        availability(&data, &query(group)).unwrap()["09:00"]["hours"],
        0
    );
}

#[test]
fn response_times_follow_visitor_messages() {
    let mut data = sample();
    let start = at("2013-01-28", 12, 0);
    let mut long = chat(start, 600, &[JOHN, JANE], 1, 0);
    long["messages"] = json!([
        message("agent", Some(JOHN), start),
        message("visitor", None, start + 10),
        message("visitor", None, start + 15),
        message("agent", Some(JOHN), start + 40),
        message("supervisor", Some(JANE), start + 45),
        message("visitor", None, start + 50),
        message("agent", Some(JANE), start + 60),
    ]);
    data.chats = vec![long];
    let day = json!({ "date_from": "2013-01-28", "date_to": "2013-01-28", "group_by": "day" });
    let first = first_response_time(&data, &query(day.clone())).unwrap();
    assert_eq!(
        first["2013-01-28"],
        json!({ "first_response_time": { "count": 1, "seconds": 30 } })
    );
    let all = response_time(&data, &query(day.clone())).unwrap();
    assert_eq!(
        all["2013-01-28"],
        json!({ "avg_response_time": { "count": 2, "seconds": 20 } })
    );
    let mut by_jane = day;
    by_jane["agent"] = json!(JANE);
    let jane = response_time(&data, &query(by_jane.clone())).unwrap();
    assert_eq!(jane["2013-01-28"]["avg_response_time"]["seconds"], 10);
    let none = first_response_time(&data, &query(by_jane)).unwrap();
    assert_eq!(
        none["2013-01-28"],
        json!({ "first_response_time": { "count": 0, "seconds": null } })
    );
}

#[test]
fn occupancy_is_the_most_chats_at_once_per_hour_of_the_weekday() {
    let data = sample();
    // 2013-01-28 is a Monday; today (2013-02-01) is a Friday.
    let mut monday = query(json!({ "date_from": "2013-01-21", "date_to": "2013-01-31" }));
    monday.weekday = Some(1);
    let report = agents_occupancy(&data, &monday).unwrap();
    assert_eq!(report.as_object().map(Map::len), Some(48));
    assert_eq!(report["2013-01-28 09:00"], 2);
    assert_eq!(report["2013-01-28 10:00"], 0);
    assert_eq!(report["2013-01-21 09:00"], 0);
    let mut tuesday = query(json!({}));
    tuesday.weekday = Some(2);
    let latest = agents_occupancy(&data, &tuesday).unwrap();
    let keys: Vec<&String> = latest
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys.len(), 96);
    assert_eq!(keys[0], "2013-01-08 00:00");
    assert_eq!(keys[95], "2013-01-29 23:00");
    assert_eq!(latest["2013-01-29 23:00"], 1);
    assert_eq!(most_at_once(&[(0, 10), (10, 20)], 0, 20), 1);
}

fn goal(id: i64, ts: i64, sale: Option<(&str, &str)>) -> Value {
    let mut goal = json!({
        "id": id,
        "name": "goal",
        "date": "",
        "timestamp": ts,
        "order": { "id": "", "description": "", "price": "0", "currency": "" },
    });
    if let Some((price, currency)) = sale {
        goal["type"] = json!("sales_tracker");
        goal["order"] =
            json!({ "id": "A1", "description": "shoes", "price": price, "currency": currency });
    }
    goal
}

#[test]
fn goals_count_goals_and_sum_sales_per_currency() {
    let mut data = sample();
    let day = at("2013-01-28", 9, 1);
    data.chats[0]["goals"] = json!([goal(71, day, Some(("100", "USD"))), goal(72, day, None)]);
    data.chats[1]["goals"] = json!([goal(71, day, Some(("49.5", "EUR"))), goal(73, day, None)]);
    data.chats[2]["goals"] = json!([goal(71, at("2013-01-30", 0, 5), Some(("20", "USD")))]);
    let month = json!({ "date_from": "2013-01-01", "date_to": "2013-01-30", "group_by": "month" });
    let report = goals(&data, &query(month.clone())).unwrap();
    assert_eq!(
        report,
        json!({ "2013-01": {
            "begin": "2013-01-01", "end": "2013-01-30", "goals": 2,
            "value": {
                "EUR": { "sales_count": 1, "value": 49.5 },
                "USD": { "sales_count": 2, "value": 120 },
            },
        } })
    );
    let mut sales = month.clone();
    sales["sales_tracker"] = json!("1");
    sales["currency"] = json!("usd");
    let usd = goals(&data, &query(sales)).unwrap();
    assert_eq!(usd["2013-01"]["goals"], 2);
    assert_eq!(usd["2013-01"]["value"].as_object().map(Map::len), Some(1));
    let mut one = month;
    one["goal"] = json!("72");
    assert_eq!(goals(&data, &query(one)).unwrap()["2013-01"]["goals"], 1);
}

#[test]
fn greetings_follow_automatic_invitations() {
    let mut data = sample();
    data.chats[0]["goals"] = json!([goal(72, at("2013-01-28", 9, 2), None)]);
    data.greetings = vec![json!({ "id": 2291, "name": "Time on site: 5 sec" })];
    data.visitors = vec![json!({
        "group": 1,
        "invitation": "Time on site: 5 sec",
        "greetings_all": 2,
        "greetings_accepted": 0,
        "last_visit_ts": at("2013-01-29", 8, 0),
    })];
    let days = json!({ "date_from": "2013-01-28", "date_to": "2013-01-29" });
    let report = greetings(&data, &query(days.clone())).unwrap();
    assert_eq!(
        report["2013-01-28"],
        json!({ "displayed": 1, "accepted": 1, "goals": 1 })
    );
    assert_eq!(
        report["2013-01-29"],
        json!({ "displayed": 2, "accepted": 0, "goals": 0 })
    );
    let mut other = days.clone();
    other["greeting"] = json!("2411");
    let none = greetings(&data, &query(other)).unwrap();
    assert_eq!(none["2013-01-28"]["accepted"], 0);
    assert_eq!(none["2013-01-29"]["displayed"], 0);
    let mut tagged = days;
    tagged["tag"] = json!("sales");
    assert_eq!(
        greetings(&data, &query(tagged)).unwrap()["2013-01-29"]["displayed"],
        0
    );
}
