//! `.stream()` walks every page lazily and stops where the API says the list ends.

use futures_util::{StreamExt, TryStreamExt};
use livechat_api::{Client, Credentials, Error};
use livechat_tests::recorder::{Recorder, Reply};
use serde_json::json;

pub(crate) async fn setup() -> (Recorder, Client) {
    let recorder = Recorder::start().await.unwrap();
    let client = Client::builder(Credentials::bearer("t"))
        .base_url(&recorder.base_url)
        .max_retries(0)
        .build()
        .unwrap();
    (recorder, client)
}

/// A chats page with `count` chats numbered from `first`.
pub(crate) fn chats_page(first: usize, count: usize, total: usize, pages: usize) -> Reply {
    let chats: Vec<_> = (first..first + count)
        .map(|n| json!({"id": format!("CHAT{n:04}"), "type": "chat"}))
        .collect();
    Reply::json(
        200,
        json!({"chats": chats, "total": total, "pages": pages}).to_string(),
    )
}

fn pages_requested(recorder: &Recorder) -> Vec<String> {
    recorder
        .requests()
        .iter()
        .map(|request| {
            request
                .query()
                .into_iter()
                .find(|(key, _)| key == "page")
                .map(|(_, page)| page)
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn three_pages_yield_every_item_once_in_order() {
    let (recorder, client) = setup().await;
    recorder.reply(chats_page(0, 25, 60, 3));
    recorder.reply(chats_page(25, 25, 60, 3));
    recorder.reply(chats_page(50, 10, 60, 3));
    let chats: Vec<_> = client
        .chats()
        .list()
        .date_from("2013-01-01")
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = chats.iter().map(|chat| chat.id.clone()).collect();
    let expected: Vec<_> = (0..60).map(|n| format!("CHAT{n:04}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(
        pages_requested(&recorder),
        ["1", "2", "3"],
        "no request past the last page"
    );
    for request in recorder.requests() {
        assert!(
            request
                .query()
                .contains(&("date_from".into(), "2013-01-01".into())),
            "filters go with every page"
        );
    }
}

#[tokio::test]
async fn the_next_page_is_requested_only_when_needed() {
    let (recorder, client) = setup().await;
    recorder.reply(chats_page(0, 25, 50, 2));
    recorder.reply(chats_page(25, 25, 50, 2));
    let mut stream = client.chats().list().stream();
    let first: Vec<_> = (&mut stream).take(25).try_collect().await.unwrap();
    assert_eq!(first.len(), 25);
    assert_eq!(
        recorder.requests().len(),
        1,
        "page 2 is not fetched before page 1 is used up"
    );
    let next = stream.next().await.unwrap().unwrap();
    assert_eq!(next.id, "CHAT0025");
    assert_eq!(recorder.requests().len(), 2);
    drop(stream);
}

#[tokio::test]
async fn no_pages_means_no_items_and_one_request() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(200, r#"{"chats": [], "total": 0, "pages": 0}"#));
    let chats: Vec<_> = client.chats().list().stream().try_collect().await.unwrap();
    assert!(chats.is_empty());
    assert_eq!(recorder.requests().len(), 1);
}

#[tokio::test]
async fn a_server_that_announces_more_pages_but_sends_none_does_not_loop() {
    let (recorder, client) = setup().await;
    recorder.reply(chats_page(0, 25, 1000, 40));
    recorder.reply(Reply::json(
        200,
        r#"{"chats": [], "total": 1000, "pages": 40}"#,
    ));
    let chats: Vec<_> = client.chats().list().stream().try_collect().await.unwrap();
    assert_eq!(chats.len(), 25);
    assert_eq!(recorder.requests().len(), 2);
}

#[tokio::test]
async fn streaming_starts_at_the_chosen_page_and_stops_at_an_error() {
    let (recorder, client) = setup().await;
    recorder.reply(chats_page(50, 25, 100, 4));
    recorder.reply(Reply::json(500, r#"{"error": "database is tired"}"#));
    let mut stream = client.chats().list().page(3).stream();
    let mut seen = 0;
    let error = loop {
        match stream.next().await {
            Some(Ok(_)) => seen += 1,
            Some(Err(error)) => break error,
            None => panic!("the error must come through the stream"),
        }
    };
    assert_eq!(seen, 25);
    assert!(
        matches!(&error, Error::Api(api) if api.status == 500),
        "{error:?}"
    );
    assert!(
        stream.next().await.is_none(),
        "the stream ends after an error"
    );
    assert_eq!(pages_requested(&recorder), ["3", "4"]);
}
