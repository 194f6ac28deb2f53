//! Dates and times: date parameters checked before sending, Unix timestamps read in every
//! shape the API may send them and written back as they came, report rows keyed by
//! typed periods in time order.

use livechat_api::jiff::civil::{Date, date};
use livechat_api::jiff::{Timestamp, ToSpan};
use livechat_api::models::{CannedResponse, ReportTotalChatsRow};
use livechat_api::{Client, Credentials, Error, Period};
use livechat_tests::recorder::{Recorder, Reply};
use proptest::prelude::*;
use serde_json::{Value, json};

async fn recorder_client() -> (Recorder, Client) {
    let recorder = Recorder::start().await.unwrap();
    let client = Client::builder(Credentials::bearer("t"))
        .base_url(&recorder.base_url)
        .max_retries(0)
        .build()
        .unwrap();
    (recorder, client)
}

/// The canned response the client makes of `creation_date: value`.
async fn canned_with_creation_date(value: Value) -> livechat_api::Result<CannedResponse> {
    let (recorder, client) = recorder_client().await;
    let body = json!({"id": 1, "group": 0, "text": "Hi", "creation_date": value});
    recorder.reply(Reply::json(200, body.to_string()));
    client.canned_responses().get(1).send().await
}

#[tokio::test]
async fn a_bad_date_string_is_refused_before_anything_is_sent() {
    let (recorder, client) = recorder_client().await;
    for bad in [
        "2013-13-01",
        "2013-02-29",
        "2013-2-1",
        "01/02/2013",
        "yesterday",
        "",
    ] {
        let chats = client.chats().list().date_from(bad).send().await;
        let tickets = client.tickets().list().date_to(bad).send().await;
        let report = client
            .reports()
            .total_chats()
            .date_from("2013-01-01")
            .date_to(bad)
            .send()
            .await;
        for (outcome, name) in [
            (chats.map(drop), "date_from"),
            (tickets.map(drop), "date_to"),
            (report.map(drop), "date_to"),
        ] {
            let error = outcome.expect_err(bad);
            assert!(
                matches!(error, Error::InvalidInput(_)),
                "{bad:?}: {error:?}"
            );
            assert_eq!(error.attempts(), Some(0));
            let message = error.to_string();
            assert!(message.contains(&format!("`{name}`")), "{message}");
            assert!(message.contains(&format!("{bad:?}")), "{message}");
        }
    }
    assert!(recorder.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn dates_and_date_strings_go_out_as_yyyy_mm_dd() {
    let (recorder, client) = recorder_client().await;
    recorder.reply(Reply::json(200, "{}"));
    recorder.reply(Reply::json(200, "{}"));
    client
        .reports()
        .total_chats()
        .date_from(date(2013, 2, 1))
        .date_to("2013-02-28")
        .send()
        .await
        .unwrap();
    let owned = String::from("2013-03-01");
    client
        .reports()
        .total_chats()
        .date_from(&owned)
        .date_to(owned.clone())
        .send()
        .await
        .unwrap();
    let queries: Vec<_> = recorder.requests().iter().map(|r| r.query()).collect();
    let pair = |from: &str, to: &str| {
        vec![
            ("date_from".to_owned(), from.to_owned()),
            ("date_to".to_owned(), to.to_owned()),
        ]
    };
    assert_eq!(
        queries,
        [
            pair("2013-02-01", "2013-02-28"),
            pair("2013-03-01", "2013-03-01")
        ]
    );
}

/// "Last month" is two calls to jiff; the library does no calendar arithmetic of its own.
#[tokio::test]
async fn last_month_is_jiff_arithmetic_the_client_sends_as_days() {
    let today: Date = date(2024, 3, 15);
    let last_month = today.first_of_month() - 1.month();
    let (first, last) = (last_month, last_month.last_of_month());
    assert_eq!((first, last), (date(2024, 2, 1), date(2024, 2, 29)));

    let (recorder, client) = recorder_client().await;
    recorder.reply(Reply::json(200, r#"{"chats": [], "total": 0, "pages": 0}"#));
    client
        .chats()
        .list()
        .date_from(first)
        .date_to(last)
        .send()
        .await
        .unwrap();
    let sent = recorder.last().unwrap().query();
    assert!(sent.contains(&("date_from".to_owned(), "2024-02-01".to_owned())));
    assert!(sent.contains(&("date_to".to_owned(), "2024-02-29".to_owned())));
}

#[tokio::test]
async fn report_rows_are_keyed_by_typed_periods_in_time_order() {
    let (recorder, client) = recorder_client().await;
    // Out of order, with a key in no documented shape.
    let body = json!({
        "2013-01-10": {"chats": 3},
        "2012-12-31": {"chats": 1},
        "total": {"chats": 9},
        "2013-01-09": {"chats": 2},
    });
    recorder.reply(Reply::json(200, body.to_string()));
    let report = client.reports().total_chats().send().await.unwrap();
    let keys: Vec<&Period> = report.keys().collect();
    assert_eq!(
        keys,
        [
            &Period::Day(date(2012, 12, 31)),
            &Period::Day(date(2013, 1, 9)),
            &Period::Day(date(2013, 1, 10)),
            &Period::Other("total".to_owned()),
        ]
    );
    let chats: Vec<i64> = report.values().map(|row| row.chats).collect();
    assert_eq!(chats, [1, 2, 3, 9]);
    // Every key, the odd one included, is written back as it came.
    assert_eq!(serde_json::to_value(&report).unwrap(), body);
}

#[tokio::test]
async fn hour_month_and_day_hour_keys_read_as_their_periods() {
    let (recorder, client) = recorder_client().await;
    recorder.reply(Reply::json(
        200,
        r#"{"13:00": {"chats": 2}, "09:00": {"chats": 1}}"#,
    ));
    recorder.reply(Reply::json(
        200,
        r#"{"2013-02": {"chats": 5}, "2013-01": {"chats": 4}}"#,
    ));
    recorder.reply(Reply::json(
        200,
        r#"{"2013-01-07 10:00": 3, "2013-01-07 09:00": 1}"#,
    ));
    let hours = client.reports().total_chats().send().await.unwrap();
    let months = client.reports().total_chats().send().await.unwrap();
    let occupancy = client
        .reports()
        .agents_occupancy(livechat_api::models::ReportWeekday::Monday)
        .send()
        .await
        .unwrap();
    let written = |keys: Vec<&Period>| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    assert!(hours.keys().all(|k| matches!(k, Period::Hour(_))));
    assert_eq!(written(hours.keys().collect()), ["09:00", "13:00"]);
    assert!(months.keys().all(|k| matches!(k, Period::Month(_))));
    assert_eq!(written(months.keys().collect()), ["2013-01", "2013-02"]);
    assert_eq!(
        occupancy.keys().next().and_then(Period::date),
        Some(date(2013, 1, 7))
    );
    assert_eq!(occupancy.values().copied().collect::<Vec<_>>(), [1, 3]);
}

#[tokio::test]
async fn timestamps_read_from_every_shape_and_write_back_as_they_came() {
    let at = |seconds: i64| Some(Timestamp::from_second(seconds).unwrap());
    let cases = [
        (
            json!(1_500_000_000),
            at(1_500_000_000),
            json!(1_500_000_000),
        ),
        (json!("1500000000"), at(1_500_000_000), json!(1_500_000_000)),
        (
            json!(" 1500000000 "),
            at(1_500_000_000),
            json!(1_500_000_000),
        ),
        (
            json!(1_500_000_000.0),
            at(1_500_000_000),
            json!(1_500_000_000),
        ),
        (json!(-86_400), at(-86_400), json!(-86_400)),
        // LiveChat's "never": kept as the epoch, so it writes back as 0.
        (json!(0), at(0), json!(0)),
        (json!(null), None, Value::Null),
        (json!(""), None, Value::Null),
        (json!([]), None, Value::Null),
        (json!({}), None, Value::Null),
    ];
    for (sent, expected, written) in cases {
        let canned = canned_with_creation_date(sent.clone())
            .await
            .unwrap_or_else(|error| panic!("{sent}: {error}"));
        assert_eq!(canned.creation_date, expected, "{sent}");
        let back = serde_json::to_value(&canned).unwrap();
        assert_eq!(
            back.get("creation_date").cloned().unwrap_or(Value::Null),
            written,
            "{sent}"
        );
    }
    let fraction = canned_with_creation_date(json!(1_500_000_000.25))
        .await
        .unwrap();
    let instant = fraction.creation_date.unwrap();
    assert_eq!(
        (instant.as_second(), instant.subsec_millisecond()),
        (1_500_000_000, 250)
    );
    assert_eq!(
        serde_json::to_value(&fraction).unwrap()["creation_date"],
        json!(1_500_000_000.25)
    );
}

#[tokio::test]
async fn a_timestamp_that_is_no_instant_fails_the_call_naming_its_path() {
    for sent in [
        json!("soon"),
        json!("2013-01-01T00:00:00Z"),
        json!(true),
        json!(1e20),
        json!(-1e20),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(253_402_300_800_i64), // the first second of the year 10000
        json!([1_500_000_000]),
        json!({"seconds": 1}),
    ] {
        let error = canned_with_creation_date(sent.clone()).await.unwrap_err();
        match &error {
            Error::Decode { path, .. } => assert_eq!(path, "creation_date", "{sent}"),
            other => panic!("{sent}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn renamed_ticket_event_times_keep_their_wire_key() {
    let (recorder, client) = recorder_client().await;
    let body = json!({
        "id": "ABCD",
        "requester": {"mail": "mary.brown@email.com"},
        "events": [{"type": "message", "date": 1_384_554_260, "message": "Hi"}],
    });
    recorder.reply(Reply::json(200, body.to_string()));
    let ticket = client.tickets().get("ABCD").send().await.unwrap();
    let event = &ticket.events[0];
    assert_eq!(
        event.timestamp(),
        Some(Timestamp::from_second(1_384_554_260).unwrap())
    );
    let back = serde_json::to_value(&ticket).unwrap();
    assert_eq!(back["events"][0]["date"], json!(1_384_554_260));
}

#[test]
fn date_fields_write_back_as_yyyy_mm_dd() {
    let row: livechat_api::models::ReportGoalsRow = serde_json::from_value(json!({
        "begin": "2012-01-29",
        "end": "2012-01-31",
        "goals": 2,
    }))
    .unwrap();
    assert_eq!(row.first_day, Some(date(2012, 1, 29)));
    assert_eq!(row.last_day, Some(date(2012, 1, 31)));
    assert_eq!(
        serde_json::to_value(&row).unwrap(),
        json!({"begin": "2012-01-29", "end": "2012-01-31", "goals": 2})
    );
    // The counter is always there; everything else is left out when empty.
    let unused = ReportTotalChatsRow::default();
    assert_eq!(serde_json::to_value(&unused).unwrap(), json!({"chats": 0}));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any report key reads as some period, never fails, and writes back unchanged.
    #[test]
    fn any_report_key_round_trips(key in "\\PC{0,20}|[0-9]{4}-[0-9]{2}(-[0-9]{2})?( [0-9]{2}:[0-9]{2})?|[0-9]{2}:[0-9]{2}") {
        let period: Period = key.parse().unwrap();
        prop_assert_eq!(period.to_string(), key);
    }

    /// Any second jiff can hold decodes and writes back as the same integer.
    #[test]
    fn any_whole_second_round_trips(seconds in Timestamp::MIN.as_second()..=Timestamp::MAX.as_second()) {
        let canned: CannedResponse = serde_json::from_value(json!({"id": 1, "group": 0, "text": "Hi", "creation_date": seconds})).unwrap();
        prop_assert_eq!(canned.creation_date.map(|at| at.as_second()), Some(seconds));
        let back = serde_json::to_value(&canned).unwrap();
        prop_assert_eq!(&back["creation_date"], &json!(seconds));
    }
}
