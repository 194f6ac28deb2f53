//! The fake's `/reports/...` over raw HTTP and through the typed client: every report in
//! its documented shape, figures that agree with the archived chats and the tickets
//! counted independently, filters that narrow them, and reports that follow new data.

use std::collections::{BTreeMap, BTreeSet};

use livechat_tests::raw::{Pairs, Raw, utc_date};
use serde_json::{Map, Value};

/// Every report once through the typed client.
mod every_report;

/// The seeded archive and tickets lie in these days.
const FROM: &str = "2013-01-01";
const TO: &str = "2013-06-30";
const SEEDED: &[(&str, &str)] = &[("date_from", FROM), ("date_to", TO)];
const JOHN: &str = "john.doe@mycompany.com";

/// A visitor's chat call that must succeed.
async fn visitor_call(raw: &Raw, visitor: &str, what: &str, form: Pairs<'_>) -> Value {
    let (status, body) = raw.visitor_chat(visitor, what, form).await;
    assert_eq!(status, 200, "{what}: {body}");
    body
}

/// `total` of `GET /chats` with these filters.
async fn archived(raw: &Raw, query: Pairs<'_>) -> u64 {
    raw.get_ok("/chats", query).await["total"].as_u64().unwrap()
}

fn rows(report: &Value) -> &Map<String, Value> {
    report
        .as_object()
        .unwrap_or_else(|| panic!("a map of rows: {report}"))
}

/// The sum of a number found at `path` in every row.
fn sum(report: &Value, path: &[&str]) -> f64 {
    rows(report)
        .values()
        .map(|row| path.iter().fold(row, |value, key| &value[*key]))
        .map(|value| value.as_f64().unwrap_or(0.0))
        .sum()
}

fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("a number: {value}"))
}

/// `YYYY-MM-DD` of a Unix time, in UTC.
fn utc_day(ts: i64) -> String {
    let (year, month, day) = utc_date(ts);
    format!("{year:04}-{month:02}-{day:02}")
}

fn is_day_key(key: &str) -> bool {
    let b = key.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && key.replace('-', "").bytes().all(|c| c.is_ascii_digit())
}

fn is_hour_key(key: &str) -> bool {
    let b = key.as_bytes();
    b.len() == 5 && b[2] == b':' && key.ends_with(":00") && b[..2].iter().all(u8::is_ascii_digit)
}

/// Whether `actual` has the shape of the documented `sample`: the same members, numbers
/// where it has numbers (or `null`, which the reference shows for empty periods).
fn assert_shape(sample: &Value, actual: &Value, at: &str) {
    match (sample, actual) {
        (Value::Object(sample), Value::Object(actual)) => {
            let expected: BTreeSet<&String> = sample.keys().collect();
            let got: BTreeSet<&String> = actual.keys().collect();
            assert_eq!(expected, got, "members of {at}");
            for (key, value) in sample {
                // Sales are keyed by currency: their entries are checked apart.
                if key != "value" || !value.is_object() {
                    assert_shape(value, &actual[key], &format!("{at}.{key}"));
                }
            }
        }
        (Value::Number(_) | Value::Null, Value::Number(_) | Value::Null) => {}
        (Value::String(_), Value::String(_)) => {}
        _ => panic!("{at}: {actual} is not shaped like {sample}"),
    }
}

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/fixtures/responses/reports/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Every seeded chat, oldest first.
async fn seeded_chats(raw: &Raw) -> Vec<Value> {
    let mut chats = raw.all_pages("/chats", "chats", SEEDED).await;
    chats.sort_by_key(|c| c["started_timestamp"].as_i64());
    chats
}

#[tokio::test]
async fn total_chats_add_up_to_the_archive() {
    let raw = Raw::start().await;
    let chats = seeded_chats(&raw).await;
    assert!(chats.len() >= 100, "a seeded archive: {}", chats.len());
    let mut per_day: BTreeMap<String, u64> = BTreeMap::new();
    for chat in &chats {
        *per_day
            .entry(utc_day(chat["started_timestamp"].as_i64().unwrap()))
            .or_default() += 1;
    }

    let report = raw.get_ok("/reports/chats/total_chats", SEEDED).await;
    assert_eq!(
        rows(&report).len(),
        181,
        "one row a day, 2013-01-01 to 2013-06-30"
    );
    for (day, row) in rows(&report) {
        assert!(is_day_key(day), "{day}");
        assert_eq!(
            row["chats"].as_u64(),
            Some(per_day.get(day).copied().unwrap_or(0)),
            "{day}"
        );
    }
    assert_eq!(
        sum(&report, &["chats"]) as u64,
        archived(&raw, SEEDED).await
    );
    assert_eq!(sum(&report, &["chats"]) as usize, chats.len());

    let monthly = raw
        .get_ok(
            "/reports/chats/total_chats",
            &[("date_from", FROM), ("date_to", TO), ("group_by", "month")],
        )
        .await;
    let months: Vec<&String> = rows(&monthly).keys().collect();
    assert_eq!(
        months,
        [
            "2013-01", "2013-02", "2013-03", "2013-04", "2013-05", "2013-06"
        ]
    );
    assert_eq!(sum(&monthly, &["chats"]), sum(&report, &["chats"]));
}

#[tokio::test]
async fn filters_narrow_the_reports_like_the_archive() {
    let raw = Raw::start().await;
    let everything = sum(
        &raw.get_ok("/reports/chats/total_chats", SEEDED).await,
        &["chats"],
    );
    let filters: [&[(&str, &str)]; 5] = [
        &[("group", "1")],
        &[("agent", JOHN)],
        &[("tag[]", "sales")],
        &[("tag", "sales")],
        &[("tag[]", "support"), ("tag[]", "feedback")],
    ];
    for filter in filters {
        let mut query = SEEDED.to_vec();
        query.extend_from_slice(filter);
        let narrowed = sum(
            &raw.get_ok("/reports/chats/total_chats", &query).await,
            &["chats"],
        );
        assert!(
            narrowed < everything,
            "{filter:?}: {narrowed} of {everything}"
        );
        assert_eq!(narrowed as u64, archived(&raw, &query).await, "{filter:?}");
        let engaged = raw.get_ok("/reports/chats/engagement", &query).await;
        let split = sum(&engaged, &["chats_from_auto_invite"])
            + sum(&engaged, &["chats_from_immediate_start"])
            + sum(&engaged, &["chats_from_manual_invite"]);
        assert_eq!(split, narrowed, "{filter:?}");
        let rated = raw.get_ok("/reports/chats/ratings", &query).await;
        assert_eq!(sum(&rated, &["chats"]), narrowed, "{filter:?}");
    }
    let mut tagged = SEEDED.to_vec();
    tagged.push(("tag[]", "sales"));
    assert!(
        archived(&raw, &tagged).await > 0,
        "the filter keeps something"
    );

    let mut by_group = SEEDED.to_vec();
    by_group.push(("group", "1"));
    let group_queue = raw
        .get_ok("/reports/chats/queued_visitors", &by_group)
        .await;
    let all_queue = raw.get_ok("/reports/chats/queued_visitors", SEEDED).await;
    assert!(sum(&group_queue, &["queued", "count"]) < sum(&all_queue, &["queued", "count"]));
    let mut by_agent = SEEDED.to_vec();
    by_agent.push(("agent", JOHN));
    for path in ["/reports/chats/chatting_time", "/reports/availability"] {
        let his = sum(&raw.get_ok(path, &by_agent).await, &["hours"]);
        let all = sum(&raw.get_ok(path, SEEDED).await, &["hours"]);
        assert!(his > 0.0 && his < all, "{path}: {his} of {all}");
    }
}

#[tokio::test]
async fn chat_reports_agree_with_each_other_and_the_archive() {
    let raw = Raw::start().await;
    let days = |path: &'static str| raw.get_ok(path, SEEDED);
    let total = days("/reports/chats/total_chats").await;
    let ratings = days("/reports/chats/ratings").await;
    let queued = days("/reports/chats/queued_visitors").await;
    let waits = days("/reports/chats/queued_visitors/waiting_times").await;
    let first = days("/reports/chats/first_response_time").await;
    let answers = days("/reports/chats/response_time").await;
    let available = days("/reports/availability").await;
    let chatting = days("/reports/chats/chatting_time").await;

    for (day, row) in rows(&total) {
        let chats = number(&row["chats"]);
        assert_eq!(number(&ratings[day]["chats"]), chats, "{day}");
        let q = &queued[day];
        assert_eq!(
            number(&q["queued"]["count"]),
            number(&q["left_queue"]["count"]) + number(&q["entered_chat"]["count"]),
            "{day}"
        );
        for outcome in ["queued", "left_queue", "entered_chat"] {
            let stats = &waits[day][outcome];
            assert_eq!(stats["count"], q[outcome]["count"], "{day} {outcome}");
            if stats["count"] == 0 {
                assert_eq!(stats["average"]["seconds"], Value::Null);
            } else {
                let (min, avg, max) = (
                    number(&stats["min"]["seconds"]),
                    number(&stats["average"]["seconds"]),
                    number(&stats["max"]["seconds"]),
                );
                assert!(min <= avg && avg <= max, "{day} {outcome}: {stats}");
            }
        }
        let firsts = &first[day]["first_response_time"];
        assert!(number(&firsts["count"]) <= chats, "{day}");
        assert_eq!(
            firsts["seconds"].is_null(),
            firsts["count"] == 0,
            "{day}: {firsts}"
        );
        let all = &answers[day]["avg_response_time"];
        assert!(number(&all["count"]) >= number(&firsts["count"]), "{day}");
        assert!(
            number(&available[day]["hours"]) >= number(&chatting[day]["hours"]),
            "{day}: available {} chatting {}",
            available[day],
            chatting[day]
        );
        if chats > 0.0 {
            assert!(number(&chatting[day]["hours"]) > 0.0, "{day}");
        }
    }
    let mut good = SEEDED.to_vec();
    good.push(("rate", "rated_good"));
    assert_eq!(sum(&ratings, &["good"]) as u64, archived(&raw, &good).await);
    let mut bad = SEEDED.to_vec();
    bad.push(("rate", "rated_bad"));
    assert_eq!(sum(&ratings, &["bad"]) as u64, archived(&raw, &bad).await);
    let mut in_queue = SEEDED.to_vec();
    in_queue.push(("queued", "1"));
    assert_eq!(
        sum(&queued, &["queued", "count"]) as u64,
        archived(&raw, &in_queue).await
    );
    assert!(sum(&first, &["first_response_time", "count"]) > 0.0);

    let ranking = raw.get_ok("/reports/chats/ratings/ranking", SEEDED).await;
    let entries = ranking["ranking"].as_array().unwrap();
    assert!(!entries.is_empty());
    let credited: f64 = entries.iter().map(|e| number(&e["total"])).sum();
    assert!(credited >= sum(&ratings, &["good"]) + sum(&ratings, &["bad"]));
    for pair in entries.windows(2) {
        assert!(
            number(&pair[0]["score"]) >= number(&pair[1]["score"]),
            "{pair:?}"
        );
    }
    for entry in entries {
        assert_eq!(
            number(&entry["good"]) + number(&entry["bad"]),
            number(&entry["total"])
        );
        assert!((0.0..=1.0).contains(&number(&entry["score"])));
        assert!(entry["name"].as_str().unwrap().contains('@'));
    }
}

#[tokio::test]
async fn goals_and_greetings_agree_with_the_archive() {
    let raw = Raw::start().await;
    let chats = seeded_chats(&raw).await;
    let reached: Vec<&Value> = chats
        .iter()
        .flat_map(|chat| chat["goals"].as_array().into_iter().flatten())
        .filter(|goal| {
            let day = utc_day(goal["timestamp"].as_i64().unwrap());
            (FROM..=TO).contains(&day.as_str())
        })
        .collect();
    let (sales, plain): (Vec<&Value>, Vec<&Value>) = reached
        .iter()
        .partition(|goal| goal["type"] == "sales_tracker");
    let mut by_currency: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for sale in &sales {
        let order = &sale["order"];
        let entry = by_currency
            .entry(order["currency"].as_str().unwrap().to_uppercase())
            .or_default();
        entry.0 += 1.0;
        entry.1 += order["price"].as_str().unwrap().parse::<f64>().unwrap();
    }

    let months = [("date_from", FROM), ("date_to", TO), ("group_by", "month")];
    let goals = raw.get_ok("/reports/chats/goals", &months).await;
    assert_eq!(sum(&goals, &["goals"]) as usize, plain.len());
    for (currency, (count, amount)) in &by_currency {
        assert_eq!(
            sum(&goals, &["value", currency, "sales_count"]),
            *count,
            "{currency}"
        );
        let reported = sum(&goals, &["value", currency, "value"]);
        assert!(
            (reported - amount).abs() < 0.05,
            "{currency}: {reported} {amount}"
        );
    }
    let mut tracked = months.to_vec();
    tracked.push(("sales_tracker", "1"));
    let sold = raw.get_ok("/reports/chats/goals", &tracked).await;
    assert_eq!(sum(&sold, &["goals"]) as usize, sales.len());

    let invited = chats
        .iter()
        .filter(|chat| chat["engagement"] == "auto_invite")
        .count();
    let greetings = raw.get_ok("/reports/chats/greetings", &months).await;
    assert_eq!(sum(&greetings, &["accepted"]) as usize, invited);
    assert!(sum(&greetings, &["displayed"]) >= sum(&greetings, &["accepted"]));
    assert!(
        invited > 0,
        "the archive has chats from automatic invitations"
    );
}

#[tokio::test]
async fn rows_follow_group_by_and_the_span() {
    let raw = Raw::start().await;
    let daily = raw.get_ok("/reports/chats/total_chats", SEEDED).await;
    let (busiest, most) = rows(&daily)
        .iter()
        .max_by_key(|(_, row)| row["chats"].as_u64())
        .map(|(day, row)| (day.clone(), number(&row["chats"])))
        .unwrap();
    let one_day = [
        ("date_from", busiest.as_str()),
        ("date_to", busiest.as_str()),
    ];
    let hourly = raw.get_ok("/reports/chats/total_chats", &one_day).await;
    assert_eq!(rows(&hourly).len(), 24);
    assert!(rows(&hourly).keys().all(|k| is_hour_key(k)), "{hourly}");
    assert_eq!(sum(&hourly, &["chats"]), most);
    let minutes = raw.get_ok("/reports/chats/chatting_time", &one_day).await;
    assert!(
        rows(&minutes)
            .values()
            .all(|row| number(&row["hours"]) <= 60.0 * 5.0)
    );

    let two_days = [
        ("date_from", "2013-01-28"),
        ("date_to", "2013-01-29"),
        ("group_by", "hour"),
    ];
    let hours = raw.get_ok("/reports/chats/engagement", &two_days).await;
    let keys: Vec<&String> = rows(&hours).keys().collect();
    assert_eq!(keys.len(), 48);
    assert_eq!(keys[0], "2013-01-28 00:00");
    assert_eq!(keys[47], "2013-01-29 23:00");

    let months = [
        ("date_from", "2013-01-15"),
        ("date_to", "2013-03-10"),
        ("group_by", "month"),
    ];
    for path in [
        "/reports/chats/ratings",
        "/reports/chats/goals",
        "/reports/chats/greetings",
        "/reports/tickets/ratings",
    ] {
        let report = raw.get_ok(path, &months).await;
        let keys: Vec<&String> = rows(&report).keys().collect();
        assert_eq!(keys, ["2013-01", "2013-02", "2013-03"], "{path}");
        assert_eq!(report["2013-01"]["begin"], "2013-01-15", "{path}");
        assert_eq!(report["2013-01"]["end"], "2013-01-31", "{path}");
        assert_eq!(report["2013-02"]["end"], "2013-02-28", "{path}");
        assert_eq!(report["2013-03"]["end"], "2013-03-10", "{path}");
    }
    let plain = raw.get_ok("/reports/chats/total_chats", &months).await;
    assert!(plain["2013-01"].get("begin").is_none(), "{plain}");
}

#[tokio::test]
async fn every_report_answers_in_its_documented_shape() {
    let raw = Raw::start().await;
    let days = [("date_from", "2013-01-28"), ("date_to", "2013-02-03")];
    let one_day = [("date_from", "2013-01-29"), ("date_to", "2013-01-29")];
    let months = [("date_from", FROM), ("date_to", TO), ("group_by", "month")];
    let reports: [(&str, Pairs, &str); 18] = [
        ("/reports/chats/total_chats", &one_day, "total_chats"),
        ("/reports/chats/engagement", &days, "engagement"),
        ("/reports/chats/ratings", &months, "chat_ratings"),
        ("/reports/chats/queued_visitors", &days, "queued_visitors"),
        (
            "/reports/chats/queued_visitors/waiting_times",
            &days,
            "queue_waiting_times",
        ),
        ("/reports/availability", &days, "availability"),
        ("/reports/chats/chatting_time", &days, "chatting_time"),
        (
            "/reports/chats/first_response_time",
            &days,
            "chats_first_response_time",
        ),
        ("/reports/chats/response_time", &days, "chats_response_time"),
        ("/reports/chats/goals", &months, "goals"),
        ("/reports/chats/greetings", &months, "greetings"),
        ("/reports/tickets/new_tickets", &one_day, "new_tickets"),
        (
            "/reports/tickets/first_response_time",
            &days,
            "tickets_first_response_time",
        ),
        ("/reports/tickets/solved_tickets", &days, "solved_tickets"),
        (
            "/reports/tickets/resolution_time",
            &days,
            "tickets_resolution_time",
        ),
        ("/reports/tickets/ticket_sources", &days, "ticket_sources"),
        ("/reports/tickets/ratings", &months, "ticket_ratings"),
        ("/reports/chats/ratings/ranking", SEEDED, "chat_ranking"),
    ];
    for (path, query, sample) in reports {
        let sample = fixture(sample);
        let report = raw.get_ok(path, query).await;
        if let Some(entries) = sample.get("ranking") {
            let got = report["ranking"]
                .as_array()
                .unwrap_or_else(|| panic!("{path}: {report}"));
            assert!(!got.is_empty(), "{path}");
            for entry in got {
                assert_shape(&entries[0], entry, path);
            }
            continue;
        }
        let first = sample.as_object().and_then(|s| s.values().next()).unwrap();
        let expected_rows = match query.iter().find(|(k, _)| *k == "group_by") {
            Some(_) => 6,
            None if query[0].1 == query[1].1 => 24,
            None => 7,
        };
        assert_eq!(rows(&report).len(), expected_rows, "{path}: {report}");
        for (key, row) in rows(&report) {
            assert_shape(first, row, &format!("{path} {key}"));
        }
        if path.ends_with("goals") {
            for sales in rows(&report)
                .values()
                .filter_map(|row| row["value"].as_object())
            {
                for entry in sales.values() {
                    assert_shape(&first["value"]["USD"], entry, path);
                }
            }
        }
    }
    let ranking = raw.get_ok("/reports/tickets/ratings/ranking", SEEDED).await;
    assert!(ranking["ranking"].is_array(), "{ranking}");

    let occupancy = raw
        .get_ok(
            "/reports/chats/agents_occupancy",
            &[("weekday", "mon"), ("date_from", FROM), ("date_to", TO)],
        )
        .await;
    assert_eq!(
        rows(&occupancy).len(),
        25 * 24,
        "25 Mondays in the first half of 2013"
    );
    for (key, value) in rows(&occupancy) {
        assert!(is_day_key(&key[..10]) && is_hour_key(&key[11..]), "{key}");
        assert!(value.is_u64(), "{key}: {value}");
    }
    assert!(rows(&occupancy).values().any(|v| v.as_u64() > Some(0)));
    let latest = raw
        .get_ok("/reports/chats/agents_occupancy", &[("weekday", "sun")])
        .await;
    assert_eq!(rows(&latest).len(), 4 * 24, "the last four Sundays");
}

#[tokio::test]
async fn malformed_requests_are_400_with_errors() {
    let raw = Raw::start().await;
    let cases: [(&str, &[(&str, &str)]); 8] = [
        ("/reports/chats/total_chats", &[("date_from", "2013-02-30")]),
        ("/reports/chats/engagement", &[("date_to", "29/01/2013")]),
        ("/reports/chats/ratings", &[("group_by", "week")]),
        (
            "/reports/tickets/new_tickets",
            &[("date_from", "2013-02-01"), ("date_to", "2013-01-01")],
        ),
        ("/reports/chats/goals", &[("sales_tracker", "yes")]),
        ("/reports/chats/agents_occupancy", &[]),
        ("/reports/chats/agents_occupancy", &[("weekday", "monday")]),
        (
            "/reports/chats/total_chats",
            &[("date_from", "1000-01-01"), ("group_by", "hour")],
        ),
    ];
    for (path, query) in cases {
        let (status, body) = raw.get(path, query).await;
        assert_eq!(status, 400, "{path} {query:?}: {body}");
        let errors = body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"));
        assert!(
            !errors.is_empty() && errors.iter().all(Value::is_string),
            "{body}"
        );
    }
    let (status, body) = raw
        .get(
            "/reports/chats/greetings",
            &[("group", "sales"), ("greeting", "x")],
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(2), "{body}");
}

#[tokio::test]
async fn a_closed_visitor_chat_is_counted() {
    let raw = Raw::start().await;
    let before = raw.get_ok("/reports/chats/total_chats", &[]).await;
    let today = rows(&before).keys().next_back().unwrap().clone();
    assert!(
        today.as_str() > TO,
        "the fake's today is after the seeded archive: {today}"
    );

    let visitor = "S1700000000.reports-test";
    let session = visitor_call(
        &raw,
        visitor,
        "start",
        &[
            ("welcome_message", "Hello!"),
            ("name", "Mary Brown"),
            ("group", "1"),
        ],
    )
    .await["secured_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let form = [
        ("secured_session_id", session.as_str()),
        ("message", "Where is my parcel?"),
    ];
    visitor_call(&raw, visitor, "send_message", &form).await;
    visitor_call(&raw, visitor, "close", &form[..1]).await;

    let newest = &raw.get_ok("/chats", &[]).await["chats"][0];
    let day = utc_day(newest["started_timestamp"].as_i64().unwrap());
    let agent = newest["agents"][0]["email"].as_str().unwrap().to_owned();
    let after = raw.get_ok("/reports/chats/total_chats", &[]).await;
    let count = |report: &Value| report.get(&day).map_or(0.0, |row| number(&row["chats"]));
    assert_eq!(count(&after), count(&before) + 1.0, "{day}");
    assert_eq!(sum(&after, &["chats"]), sum(&before, &["chats"]) + 1.0);

    let on_day = [
        ("date_from", day.as_str()),
        ("date_to", day.as_str()),
        ("group_by", "day"),
    ];
    let engaged = raw.get_ok("/reports/chats/engagement", &on_day).await;
    assert_eq!(engaged[&day]["chats_from_immediate_start"], 1, "{engaged}");
    let first = raw
        .get_ok("/reports/chats/first_response_time", &on_day)
        .await;
    assert_eq!(first[&day]["first_response_time"]["count"], 1, "{first}");
    let answered = raw.get_ok("/reports/chats/response_time", &on_day).await;
    assert_eq!(
        answered[&day]["avg_response_time"]["count"], 1,
        "{answered}"
    );
    let chatting = raw.get_ok("/reports/chats/chatting_time", &on_day).await;
    assert!(number(&chatting[&day]["hours"]) > 0.0, "{chatting}");
    let mut his = on_day.to_vec();
    his.push(("agent", &agent));
    let his_chats = raw.get_ok("/reports/chats/total_chats", &his).await;
    assert_eq!(his_chats[&day]["chats"], 1);

    const WEEKDAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    let started = newest["started_timestamp"].as_i64().unwrap();
    let weekday = WEEKDAYS[(started.div_euclid(86_400) + 4).rem_euclid(7) as usize];
    let occupancy = raw
        .get_ok("/reports/chats/agents_occupancy", &[("weekday", weekday)])
        .await;
    let hour = started.rem_euclid(86_400) / 3_600;
    assert_eq!(occupancy[format!("{day} {hour:02}:00")], 1, "{occupancy}");
}

/// When a ticket was created: the start of its first `opened` interval.
fn created(ticket: &Value) -> i64 {
    ticket["opened"][0]["from"].as_i64().unwrap()
}

#[tokio::test]
async fn ticket_reports_agree_with_the_tickets() {
    let raw = Raw::start().await;
    let tickets = raw.all_pages("/tickets", "tickets", &[]).await;
    assert!(tickets.len() >= 50, "seeded tickets: {}", tickets.len());
    let in_seed = |ts: i64| {
        let day = utc_day(ts);
        (FROM..=TO).contains(&day.as_str())
    };

    let new = raw.get_ok("/reports/tickets/new_tickets", SEEDED).await;
    let created_in_seed = tickets.iter().filter(|t| in_seed(created(t))).count();
    assert_eq!(sum(&new, &["new_tickets"]) as usize, created_in_seed);
    for (day, row) in rows(&new) {
        let that_day = tickets
            .iter()
            .filter(|t| utc_day(created(t)) == *day)
            .count();
        assert_eq!(row["new_tickets"].as_u64(), Some(that_day as u64), "{day}");
    }

    let sources = raw.get_ok("/reports/tickets/ticket_sources", SEEDED).await;
    for (column, source) in [
        ("tickets_from_chat_window", "chat-window"),
        ("tickets_from_mail", "mail"),
        ("tickets_from_chat", "lc2"),
    ] {
        let expected = tickets
            .iter()
            .filter(|t| t["source"]["type"] == source && in_seed(created(t)))
            .count();
        assert_eq!(sum(&sources, &[column]) as usize, expected, "{column}");
    }

    let first = raw
        .get_ok("/reports/tickets/first_response_time", SEEDED)
        .await;
    let responded = tickets
        .iter()
        .filter_map(|t| t["firstResponse"]["date"].as_i64())
        .filter(|at| in_seed(*at))
        .count();
    assert_eq!(sum(&first, &["count"]) as usize, responded);
    for row in rows(&first).values() {
        assert_eq!(row["hours"].is_null(), row["count"] == 0, "{row}");
    }

    let solved = raw.get_ok("/reports/tickets/solved_tickets", SEEDED).await;
    let resolution = raw.get_ok("/reports/tickets/resolution_time", SEEDED).await;
    let solutions: usize = tickets
        .iter()
        .map(|t| {
            let closed = t["opened"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|interval| interval["to"].as_i64())
                .filter(|at| in_seed(*at))
                .count();
            // Marking a ticket as spam closes it without solving it.
            let spam_close = t["status"] == "spam"
                && t["opened"].as_array().unwrap().last().unwrap()["to"]
                    .as_i64()
                    .is_some_and(in_seed);
            closed - usize::from(spam_close)
        })
        .sum();
    assert_eq!(sum(&solved, &["solved_tickets"]) as usize, solutions);
    assert!(solutions > 0);
    for (day, row) in rows(&resolution) {
        assert_eq!(row["count"], solved[day]["solved_tickets"], "{day}");
        if let Some(hours) = row["hours"].as_f64() {
            assert!(hours > 0.0, "{day}: {row}");
        }
    }

    let mut group = SEEDED.to_vec();
    group.push(("group", "1"));
    let narrowed = raw.get_ok("/reports/tickets/new_tickets", &group).await;
    let in_group = tickets
        .iter()
        .filter(|t| t["groups"][0] == 1 && in_seed(created(t)))
        .count();
    assert_eq!(sum(&narrowed, &["new_tickets"]) as usize, in_group);
    assert!(in_group < created_in_seed);

    let rated = tickets
        .iter()
        .filter(|t| {
            matches!(
                t["rate"].as_str(),
                Some("rated_good" | "rated_bad" | "good" | "bad")
            )
        })
        .count();
    let ratings = raw
        .get_ok(
            "/reports/tickets/ratings",
            &[("date_from", "2012-01-01"), ("group_by", "month")],
        )
        .await;
    assert_eq!(
        (sum(&ratings, &["good"]) + sum(&ratings, &["bad"])) as usize,
        rated
    );
}

mod typed {
    use super::*;
    use livechat_api::Period;
    use livechat_api::jiff::civil::date;
    use livechat_api::models::{ReportGroupBy, ReportWeekday};

    #[tokio::test]
    async fn reports_decode_through_the_client() {
        let raw = Raw::start().await;
        let client = raw.fake().client();
        let reports = client.reports();

        let totals = reports
            .total_chats()
            .date_from(FROM)
            .date_to(TO)
            .group_by(ReportGroupBy::Month)
            .send()
            .await
            .expect("total chats decode");
        let months: Vec<&Period> = totals.keys().collect();
        let first_days: Vec<_> = (1..=6)
            .map(|month| Period::Month(date(2013, month, 1)))
            .collect();
        assert_eq!(months, first_days.iter().collect::<Vec<_>>());
        let total: i64 = totals.values().map(|row| row.chats).sum();
        assert_eq!(total as u64, archived(&raw, SEEDED).await);

        let tagged = reports
            .total_chats()
            .date_from(FROM)
            .date_to(TO)
            .tags(["sales"])
            .send()
            .await
            .expect("tagged totals decode");
        let narrowed: i64 = tagged.values().map(|row| row.chats).sum();
        let mut query = SEEDED.to_vec();
        query.push(("tag[]", "sales"));
        assert_eq!(narrowed as u64, archived(&raw, &query).await);

        let ranking = reports
            .chat_ranking()
            .date_from(FROM)
            .date_to(TO)
            .send()
            .await
            .expect("ranking decodes");
        assert!(!ranking.ranking.is_empty());
        assert!(ranking.ranking.iter().all(|e| e.name.contains('@')));

        let waits = reports
            .queue_waiting_times()
            .date_from(FROM)
            .date_to(TO)
            .group_by(ReportGroupBy::Month)
            .send()
            .await
            .expect("waiting times decode");
        let queued: i64 = waits
            .values()
            .filter_map(|row| row.queued.as_ref().map(|q| q.count))
            .sum();
        assert!(queued > 0);

        let occupancy = reports
            .agents_occupancy(ReportWeekday::Monday)
            .param("date_from", FROM)
            .param("date_to", TO)
            .send()
            .await
            .expect("occupancy decodes");
        assert_eq!(occupancy.len(), 25 * 24);

        let goals = reports
            .goals()
            .date_from(FROM)
            .date_to(TO)
            .group_by(ReportGroupBy::Month)
            .sales_tracker(true)
            .send()
            .await
            .expect("goals decode");
        assert_eq!(goals.len(), 6);
        assert!(
            goals
                .values()
                .all(|row| row.first_day.is_some() && row.last_day.is_some())
        );

        let first = reports
            .tickets_first_response_time()
            .date_from(FROM)
            .date_to(TO)
            .send()
            .await
            .expect("ticket first responses decode");
        assert_eq!(first.len(), 181);
        assert!(first.values().any(|row| row.hours.is_some()));
        assert!(
            first.values().any(|row| row.hours.is_none()),
            "null hours read as absent"
        );

        let times = reports
            .chats_first_response_time()
            .date_from("2013-01-29")
            .date_to("2013-01-29")
            .agent(JOHN)
            .send()
            .await
            .expect("chat first responses decode");
        assert_eq!(times.len(), 24);
        assert!(times.keys().all(|k| matches!(k, Period::Hour(_))));
        assert!(times.keys().all(|k| is_hour_key(&k.to_string())));

        // The client refuses a malformed date before sending it, and the fake, asked
        // directly, refuses it too.
        let error = reports
            .solved_tickets()
            .date_from("yesterday")
            .send()
            .await
            .expect_err("a malformed date is refused");
        assert!(
            matches!(error, livechat_api::Error::InvalidInput(_)),
            "{error}"
        );
        let (status, _) = raw
            .get(
                "/reports/tickets/solved_tickets",
                &[("date_from", "yesterday")],
            )
            .await;
        assert_eq!(status, 400);
    }
}
