//! The fake's switchable faults, seen from plain HTTP: each fault does what it says, for
//! the requests it matches, as many times as it says, before or after the handler; the
//! request log counts attempts and keeps no secret.

use std::time::{Duration, Instant, SystemTime};

use livechat_tests::fake::{Auth, Fault, Timing};
use livechat_tests::raw::Raw;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde_json::Value;

const FORM: &str = "application/x-www-form-urlencoded";

/// A client that shows redirects instead of following them.
fn unredirected() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client builds")
}

async fn tag_names(raw: &Raw) -> Vec<String> {
    let tags = raw.get_ok("/tags", &[]).await;
    tags.as_array()
        .expect("a list")
        .iter()
        .filter_map(|tag| tag["name"].as_str().map(str::to_owned))
        .collect()
}

fn create_tag(raw: &Raw, name: &str) -> reqwest::RequestBuilder {
    raw.request(Method::POST, "/tags")
        .header(CONTENT_TYPE, FORM)
        .body(format!(
            "tag={name}&group=0&author=john.doe%40mycompany.com"
        ))
}

#[tokio::test]
async fn status_faults_send_their_status_body_and_retry_after() {
    let raw = Raw::start().await;
    let fake = raw.fake();
    fake.inject(Fault::html_error().on(Method::GET, "/agents").times(1));
    let response = raw.request(Method::GET, "/agents").send().await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/html");
    assert!(response.text().await.unwrap().contains("<html>"));

    fake.inject(Fault::status(StatusCode::BAD_GATEWAY).times(1));
    let response = raw.request(Method::GET, "/agents").send().await.unwrap();
    assert_eq!(response.status(), 502);
    assert!(response.headers().get(CONTENT_TYPE).is_none());
    assert_eq!(response.bytes().await.unwrap().len(), 0);

    fake.inject(
        Fault::status(StatusCode::SERVICE_UNAVAILABLE)
            .retry_after_seconds(2)
            .times(1),
    );
    let response = raw.request(Method::GET, "/agents").send().await.unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()[RETRY_AFTER], "2");

    let when = SystemTime::now() + Duration::from_secs(60);
    fake.inject(
        Fault::status(StatusCode::TOO_MANY_REQUESTS)
            .retry_after_date(when)
            .body("application/json", r#"{"error":"slow down"}"#)
            .times(1),
    );
    let response = raw.request(Method::GET, "/agents").send().await.unwrap();
    assert_eq!(response.status(), 429);
    let date = response.headers()[RETRY_AFTER].to_str().unwrap().to_owned();
    let parsed = httpdate::parse_http_date(&date).expect("an HTTP date");
    let gap = parsed
        .duration_since(SystemTime::now())
        .unwrap_or_default()
        .as_secs();
    assert!((50..=61).contains(&gap), "{date}");
    assert_eq!(response.text().await.unwrap(), r#"{"error":"slow down"}"#);

    let (status, _) = raw.get("/agents", &[]).await;
    assert_eq!(status, 200, "every counted fault has worn off");
}

#[tokio::test]
async fn fail_the_first_n_then_succeed_and_the_log_counts_attempts() {
    let raw = Raw::start().await;
    let fake = raw.fake();
    fake.inject(
        Fault::status(StatusCode::SERVICE_UNAVAILABLE)
            .on(Method::GET, "/agents/{login}")
            .times(3),
    );
    let login = "/agents/john.doe@mycompany.com";
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(Raw::send_text(raw.request(Method::GET, login)).await.0);
    }
    assert_eq!(statuses, [503, 503, 503, 200]);
    assert_eq!(
        raw.get("/agents", &[]).await.0,
        200,
        "another path is not struck"
    );
    let log = fake.requests();
    let attempts: Vec<_> = log
        .iter()
        .filter(|request| request.path == "/agents/john.doe@mycompany.com")
        .collect();
    assert_eq!(attempts.len(), 4);
    assert!(
        attempts[..3]
            .iter()
            .all(|r| r.fault.as_deref() == Some("status 503, before the handler"))
    );
    assert_eq!(attempts[3].fault, None);
    assert!(
        attempts
            .iter()
            .all(|r| r.auth == Auth::Valid && r.method == "GET")
    );
    assert!(attempts.windows(2).all(|pair| pair[0].at <= pair[1].at));
}

#[tokio::test]
async fn before_the_handler_nothing_is_applied_after_it_the_write_is() {
    let raw = Raw::start().await;
    let fake = raw.fake();
    let fault = Fault::status(StatusCode::BAD_GATEWAY)
        .on(Method::POST, "/tags")
        .times(1);
    assert_eq!(fault.timing(), Timing::BeforeHandler);
    fake.inject(fault);
    let (status, _) = Raw::send_text(create_tag(&raw, "before")).await;
    assert_eq!(status, 502);
    assert!(!tag_names(&raw).await.contains(&"before".to_owned()));

    fake.inject(
        Fault::status(StatusCode::BAD_GATEWAY)
            .on(Method::POST, "/tags")
            .times(1)
            .after_handler(),
    );
    let (status, _) = Raw::send_text(create_tag(&raw, "after")).await;
    assert_eq!(status, 502, "the answer is lost");
    assert!(
        tag_names(&raw).await.contains(&"after".to_owned()),
        "the write was applied"
    );
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let raw = Raw::start().await;
    let delay = Duration::from_millis(300);
    for fault in [Fault::latency(delay), Fault::latency(delay).after_handler()] {
        raw.fake().inject(fault.on(Method::GET, "/agents").times(1));
        let started = Instant::now();
        let (status, _) = raw.get("/agents", &[]).await;
        assert_eq!(status, 200);
        assert!(started.elapsed() >= delay);
    }
}

#[tokio::test]
async fn a_request_the_client_gave_up_on_is_logged_without_a_status() {
    let raw = Raw::start().await;
    let fake = raw.fake();
    let delay = Duration::from_secs(2);
    let impatient = Duration::from_millis(200);
    fake.inject(
        Fault::latency(delay)
            .on(Method::POST, "/tags")
            .times(1)
            .after_handler(),
    );
    fake.inject(Fault::latency(delay).on(Method::POST, "/tags").times(1));
    for name in ["applied", "dropped"] {
        let outcome = create_tag(&raw, name).timeout(impatient).send().await;
        assert!(outcome.is_err_and(|error| error.is_timeout()), "{name}");
    }
    // The fake notices the closed connection and stops the request where it waits.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|request| request.method == "POST")
        .collect();
    assert_eq!(
        log.iter()
            .map(|request| (request.status, request.fault.as_deref()))
            .collect::<Vec<_>>(),
        [
            (None, Some("latency 2000 ms, after the handler")),
            (None, Some("latency 2000 ms, before the handler")),
        ]
    );
    let names = tag_names(&raw).await;
    assert!(names.contains(&"applied".to_owned()));
    assert!(
        !names.contains(&"dropped".to_owned()),
        "the handler never ran: the request was dropped while it waited"
    );
}

#[tokio::test]
async fn spoiled_bodies_truncated_or_with_trailing_garbage() {
    let raw = Raw::start().await;
    let (_, whole) = Raw::send_text(raw.request(Method::GET, "/agents")).await;
    raw.fake()
        .inject(Fault::truncated_json().after_handler().times(1));
    let (status, truncated) = Raw::send_text(raw.request(Method::GET, "/agents")).await;
    assert_eq!(status, 200);
    assert_eq!(truncated.len(), whole.len() / 2);
    assert!(whole.starts_with(&truncated));
    assert!(serde_json::from_str::<Value>(&truncated).is_err());

    raw.fake().inject(
        Fault::trailing_garbage(r#"{"second":1}"#)
            .after_handler()
            .times(1),
    );
    let (_, spoiled) = Raw::send_text(raw.request(Method::GET, "/agents")).await;
    assert_eq!(spoiled, format!(r#"{whole}{{"second":1}}"#));
    assert!(serde_json::from_str::<Value>(&spoiled).is_err());

    // Before the handler the body is a stand-in, and nothing is created.
    raw.fake()
        .inject(Fault::truncated_json().on(Method::POST, "/tags").times(1));
    let (status, body) = Raw::send_text(create_tag(&raw, "ghost")).await;
    assert_eq!(status, 200);
    assert!(serde_json::from_str::<Value>(&body).is_err());
    assert!(!tag_names(&raw).await.contains(&"ghost".to_owned()));
}

#[tokio::test]
async fn a_body_cut_or_stalled_mid_way_fails_the_read() {
    let raw = Raw::start().await;
    raw.fake()
        .inject(Fault::reset_mid_body().after_handler().times(1));
    let response = raw.request(Method::GET, "/agents").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let declared: usize = response.headers()[CONTENT_LENGTH]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(declared > 0);
    assert!(response.bytes().await.is_err(), "the connection was cut");

    // Stalled: the headers come at once, the rest of the body never.
    raw.fake()
        .inject(Fault::stalled_body(Duration::from_secs(3600)).times(1));
    let started = Instant::now();
    let response = raw.request(Method::GET, "/agents").send().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    let read = tokio::time::timeout(Duration::from_millis(500), response.bytes()).await;
    assert!(read.is_err(), "the body was still stalled");

    // A stall ends in a cut connection.
    raw.fake()
        .inject(Fault::stalled_body(Duration::from_millis(200)).times(1));
    let response = raw.request(Method::GET, "/agents").send().await.unwrap();
    let read = tokio::time::timeout(Duration::from_secs(10), response.bytes()).await;
    assert!(matches!(read, Ok(Err(_))), "{read:?}");
    assert_eq!(raw.get("/agents", &[]).await.0, 200);
}

#[tokio::test]
async fn oversized_bodies_declared_or_streamed() {
    let raw = Raw::start().await;
    raw.fake()
        .inject(Fault::declared_length(10 << 30).after_handler().times(1));
    let response = raw.request(Method::GET, "/agents").send().await.unwrap();
    assert_eq!(
        response.headers()[CONTENT_LENGTH],
        (10u64 << 30).to_string().as_str()
    );
    assert!(response.bytes().await.is_err());

    let length = 3 * 1024 * 1024 + 7;
    raw.fake().inject(Fault::endless_body(length).times(1));
    let response = raw.request(Method::GET, "/agents").send().await.unwrap();
    assert!(response.headers().get(CONTENT_LENGTH).is_none());
    let body = response.bytes().await.unwrap();
    assert_eq!(body.len() as u64, length);
    let parsed: Value = serde_json::from_slice(&body).expect("one JSON document");
    assert!(parsed["data"].as_str().unwrap().bytes().all(|b| b == b'x'));
}

#[tokio::test]
async fn redirects_point_to_the_other_origin_which_records_what_reaches_it() {
    let raw = Raw::start().await;
    let fake = raw.fake();
    assert_ne!(fake.other_origin(), fake.base_url());
    fake.inject(
        Fault::redirect(StatusCode::TEMPORARY_REDIRECT)
            .on(Method::PUT, "/agents/{login}")
            .times(1),
    );
    let path = "/agents/john.doe@mycompany.com?x=1&api_key=k";
    let response = unredirected()
        .put(format!("{}{path}", fake.base_url()))
        .header("X-API-Version", "2")
        .header("Authorization", raw.basic())
        .header(CONTENT_TYPE, FORM)
        .body("password=hunter2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 307);
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert_eq!(location, format!("{}{path}", fake.other_origin()));

    // A client that follows it re-sends the body to the other origin.
    let followed = raw
        .http()
        .put(&location)
        .header(CONTENT_TYPE, FORM)
        .body("password=hunter2")
        .send()
        .await
        .unwrap();
    assert_eq!(followed.status(), 200);
    let reached = fake.other_origin_requests();
    assert_eq!(reached.len(), 1);
    assert_eq!(reached[0].method, "PUT");
    assert_eq!(reached[0].path, "/agents/john.doe@mycompany.com");
    assert_eq!(reached[0].query.as_deref(), Some("x=1&api_key=[redacted]"));
    assert_eq!(reached[0].body_len, "password=hunter2".len());
    assert!(!reached[0].authorization);
    assert!(!format!("{reached:?}").contains("hunter2"));

    // A redirect back to itself loops for as long as it is armed.
    fake.inject(
        Fault::redirect_to(StatusCode::FOUND, format!("{}/agents", fake.base_url()))
            .on(Method::GET, "/agents"),
    );
    let looping = raw.request(Method::GET, "/agents").send().await;
    assert!(looping.is_err(), "reqwest gives up on the loop");
    fake.clear_faults();
    assert_eq!(raw.get("/agents", &[]).await.0, 200);
}

#[tokio::test]
async fn the_request_log_tells_credentials_apart_and_keeps_no_secret() {
    let raw = Raw::start().await;
    let fake = raw.fake();
    let api_key = fake.config().api_key.clone();
    raw.get("/agents", &[("api_key", &api_key)]).await;
    let _ = raw
        .http()
        .get(format!("{}/agents", fake.base_url()))
        .header("X-API-Version", "2")
        .header("Authorization", "Basic bm9wZTpub3Bl")
        .send()
        .await
        .unwrap();
    let _ = raw.visitor(Method::GET, "/agents").send().await.unwrap();
    let log = fake.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(
        log.iter().map(|r| (r.auth, r.status)).collect::<Vec<_>>(),
        [
            (Auth::Valid, Some(200)),
            (Auth::Invalid, Some(401)),
            (Auth::Missing, Some(401))
        ]
    );
    assert_eq!(log[0].query.as_deref(), Some("api_key=[redacted]"));
    let printed = format!("{log:?}");
    assert!(!printed.contains(&api_key), "{printed}");
    assert!(!printed.contains("bm9wZTpub3Bl"));
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}
