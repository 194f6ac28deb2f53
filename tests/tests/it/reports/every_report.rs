//! Every one of the 20 reports through the typed client against the fake, over the six
//! seeded months: each decodes, has a row per month (or its own documented shape), and
//! counts something that the seeded chats and tickets really hold.

use livechat_api::models::{ReportGroupBy, ReportWeekday};
use livechat_tests::fake::FakeLiveChat;
use serde_json::Value;

const FROM: &str = "2013-01-01";
const TO: &str = "2013-06-30";
const MONTHS: [&str; 6] = [
    "2013-01", "2013-02", "2013-03", "2013-04", "2013-05", "2013-06",
];

/// Sends a report request and returns its answer as JSON.
macro_rules! report {
    ($request:expr) => {
        serde_json::to_value(
            $request
                .send()
                .await
                .unwrap_or_else(|error| panic!("{error}")),
        )
        .expect("reports serialize")
    };
}

/// The sum of every number in a report, to tell an all-zero report from one with data.
fn sum(value: &Value) -> f64 {
    match value {
        Value::Number(number) => number.as_f64().unwrap_or(0.0),
        Value::Array(items) => items.iter().map(sum).sum(),
        Value::Object(map) => map.values().map(sum).sum(),
        _ => 0.0,
    }
}

fn assert_monthly(name: &str, report: &Value, needs_data: bool) {
    let keys: Vec<&str> = report
        .as_object()
        .unwrap_or_else(|| panic!("{name}: {report}"))
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, MONTHS, "{name} has one row per month");
    if needs_data {
        assert!(sum(report) > 0.0, "{name} counts nothing: {report}");
    }
}

#[tokio::test]
async fn every_chat_report_answers_from_the_seeded_chats() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let reports = client.reports();
    let month = ReportGroupBy::Month;

    assert_monthly(
        "total_chats",
        &report!(
            reports
                .total_chats()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "engagement",
        &report!(
            reports
                .engagement()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "chat_ratings",
        &report!(
            reports
                .chat_ratings()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "queued_visitors",
        &report!(
            reports
                .queued_visitors()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "queue_waiting_times",
        &report!(
            reports
                .queue_waiting_times()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "availability",
        &report!(
            reports
                .availability()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "chats_first_response_time",
        &report!(
            reports
                .chats_first_response_time()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "chats_response_time",
        &report!(
            reports
                .chats_response_time()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "goals",
        &report!(
            reports
                .goals()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "greetings",
        &report!(
            reports
                .greetings()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );

    let chatting = report!(
        reports
            .chatting_time()
            .date_from("2013-03-01")
            .date_to("2013-03-31")
    );
    assert_eq!(
        chatting.as_object().map(|days| days.len()),
        Some(31),
        "chatting_time has a row per day"
    );
    assert!(sum(&chatting) > 0.0, "{chatting}");

    let ranking = report!(reports.chat_ranking().date_from(FROM).date_to(TO));
    let entries = ranking["ranking"].as_array().expect("a ranking list");
    assert!(!entries.is_empty(), "{ranking}");
    let scores: Vec<f64> = entries
        .iter()
        .map(|entry| entry["score"].as_f64().unwrap_or(-1.0))
        .collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] >= pair[1]),
        "best score first: {scores:?}"
    );

    let occupancy = report!(reports.agents_occupancy(ReportWeekday::Monday));
    assert!(
        occupancy.as_object().is_some_and(|hours| !hours.is_empty()),
        "{occupancy}"
    );
}

#[tokio::test]
async fn every_ticket_report_answers_from_the_seeded_tickets() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let reports = client.reports();
    let month = ReportGroupBy::Month;

    assert_monthly(
        "new_tickets",
        &report!(
            reports
                .new_tickets()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "tickets_first_response_time",
        &report!(
            reports
                .tickets_first_response_time()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "solved_tickets",
        &report!(
            reports
                .solved_tickets()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "tickets_resolution_time",
        &report!(
            reports
                .tickets_resolution_time()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    assert_monthly(
        "ticket_sources",
        &report!(
            reports
                .ticket_sources()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month.clone())
        ),
        true,
    );
    // The reference documents no rating field on tickets, so the seed rates none: the
    // report still answers one row a month.
    assert_monthly(
        "ticket_ratings",
        &report!(
            reports
                .ticket_ratings()
                .date_from(FROM)
                .date_to(TO)
                .group_by(month)
        ),
        false,
    );
    let ranking = report!(reports.ticket_ranking().date_from(FROM).date_to(TO));
    assert!(
        ranking["ranking"].is_array() || ranking.get("ranking").is_none(),
        "{ranking}"
    );
}
