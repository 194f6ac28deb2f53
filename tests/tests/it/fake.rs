//! The fake server's own contract, over raw HTTP: version header, credentials, error
//! shapes, both body encodings, JSONP.

use livechat_api::Error;
use livechat_tests::fake::{Config, FakeLiveChat, SEEDED_UNTIL};
use livechat_tests::raw::Raw;
use serde_json::{Value, json};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

#[tokio::test]
async fn the_version_header_is_required() {
    let raw = Raw::start().await;
    let url = format!("{}/agents", raw.fake().base_url());
    let (status, body) =
        Raw::send_text(raw.http().get(&url).header("Authorization", raw.basic())).await;
    assert_eq!(status, 400);
    assert!(
        json(&body)["error"]
            .as_str()
            .unwrap()
            .contains("X-API-Version"),
        "{body}"
    );
    let (status, _) = Raw::send_text(
        raw.http()
            .get(&url)
            .header("Authorization", raw.basic())
            .header("X-API-Version", "1"),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn credentials_are_checked() {
    let raw = Raw::start().await;
    let url = format!("{}/agents", raw.fake().base_url());
    let cases = [
        None,
        Some("Basic am9objp3cm9uZw==".to_owned()),
        Some("Bearer not-the-token".to_owned()),
        Some("Digest x".to_owned()),
    ];
    for authorization in cases {
        let mut request = raw.http().get(&url).header("X-API-Version", "2");
        if let Some(value) = &authorization {
            request = request.header("Authorization", value);
        }
        let (status, body) = Raw::send_text(request).await;
        assert_eq!(status, 401, "{authorization:?}");
        assert!(json(&body)["error"].is_string(), "{body}");
    }
    let bearer = format!("Bearer {}", raw.fake().config().token);
    let (status, _) = Raw::send_text(
        raw.http()
            .get(&url)
            .header("X-API-Version", "2")
            .header("Authorization", bearer),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn unknown_ids_and_methods_are_404() {
    let raw = Raw::start().await;
    for path in [
        "/agents/nobody@example.com",
        "/canned_responses/999999",
        "/canned_responses/abc",
        "/no_such_method",
    ] {
        let (status, body) = Raw::send_text(raw.request(reqwest::Method::GET, path)).await;
        assert_eq!(status, 404, "{path}");
        assert!(json(&body)["error"].is_string(), "{path}: {body}");
    }
}

#[tokio::test]
async fn missing_parameters_are_400_with_a_list_of_errors() {
    let raw = Raw::start().await;
    let (status, body) = Raw::send_text(
        raw.request(reqwest::Method::POST, "/canned_responses")
            .form(&[("group", "0")]),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        json(&body),
        json!({"errors": ["text is required", "tags is required"]})
    );
    let (status, body) = Raw::send_text(
        raw.request(reqwest::Method::POST, "/agents")
            .form(&[("login", "not-an-email")]),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        json(&body)["errors"],
        json!(["login must be a valid e-mail address", "name is required"])
    );
}

#[tokio::test]
async fn form_and_json_bodies_are_both_accepted() {
    let raw = Raw::start().await;
    let form = "text=Have+a+great+day%2C+goodbye.&tags[]=bye&tags[]=cu";
    let (status, body) = Raw::send_text(
        raw.request(reqwest::Method::POST, "/canned_responses")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let created = json(&body);
    assert_eq!(created["text"], "Have a great day, goodbye.");
    assert_eq!(created["tags"], json!(["bye", "cu"]));

    let (status, body) = Raw::send_text(
        raw.request(reqwest::Method::POST, "/canned_responses")
            .json(&json!({"text": "See you", "tags": ["cu"], "group": 1})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["group"], 1);

    let (status, _) = Raw::send_text(
        raw.request(reqwest::Method::POST, "/canned_responses")
            .header("Content-Type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn get_requests_honour_jsonp_callbacks() {
    let raw = Raw::start().await;
    let response = raw
        .request(reqwest::Method::GET, "/status?callback=example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/javascript");
    let body = response.text().await.unwrap();
    let inner = body
        .strip_prefix("example(")
        .and_then(|b| b.strip_suffix(");"))
        .expect(&body);
    assert!(json(inner)["status"].is_string());
    let (_, body) =
        Raw::send_text(raw.request(reqwest::Method::GET, "/status?callback=alert(1)//")).await;
    assert!(
        body.starts_with('{'),
        "an unsafe callback name is ignored: {body}"
    );
}

#[tokio::test]
async fn wrong_credentials_are_refused() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client_with(livechat_api::Credentials::basic(
        &fake.config().login,
        "wrong",
    ));
    let error = client.agents().list().send().await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
}

/// When a new canned response of the fake is dated, in Unix seconds.
async fn created_at(fake: &FakeLiveChat) -> i64 {
    let canned = fake
        .client()
        .canned_responses()
        .create("Dated.", ["dated"])
        .send()
        .await
        .unwrap();
    canned.creation_date.unwrap().as_second()
}

#[tokio::test]
async fn new_records_follow_the_seeded_ones_unless_the_clock_is_set() {
    let raw = Raw::start().await;
    let (_, newest) = raw.get("/chats", &[]).await;
    let last_seeded = newest["chats"][0]["ended_timestamp"].as_i64().unwrap();
    assert!(last_seeded < SEEDED_UNTIL, "{last_seeded}");
    let created = created_at(raw.fake()).await;
    assert!(
        (SEEDED_UNTIL..SEEDED_UNTIL + 3_600).contains(&created),
        "created at {created}, the seed ends at {SEEDED_UNTIL}"
    );

    let later = 1_500_000_000;
    let fake = FakeLiveChat::start_with(Config {
        now: later,
        ..Config::default()
    })
    .await
    .unwrap();
    let created = created_at(&fake).await;
    assert!(
        (later..later + 3_600).contains(&created),
        "created at {created}"
    );
}
