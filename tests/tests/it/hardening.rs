//! The fake survives hostile requests: deep or numerous parameters, oversized bodies and
//! queries, stalled connections, wrong methods and bad group ids each get a JSON error
//! (or a closed connection) and the fake keeps serving.

use std::time::Duration;

use livechat_tests::fake::{Config, MAX_DEPTH, MAX_PARAMS};
use livechat_tests::raw::Raw;
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const FORM: &str = "application/x-www-form-urlencoded";

/// The fake still answers an ordinary call.
async fn still_serving(raw: &Raw) {
    let (status, _) = raw.get("/agents", &[]).await;
    assert_eq!(status, 200, "the fake stopped serving");
}

/// Sends raw bytes and reads the whole answer (the request asks to close).
async fn exchange(base_url: &str, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(base_url.trim_start_matches("http://"))
        .await
        .expect("connects");
    stream.write_all(request).await.expect("writes");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

fn error_text(body: &Value) -> String {
    match (&body["error"], &body["errors"]) {
        (Value::String(error), _) => error.clone(),
        (_, Value::Array(errors)) => errors
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        _ => panic!("not an error body: {body}"),
    }
}

#[tokio::test]
async fn ten_kilobytes_of_brackets_to_a_visitor_endpoint_is_a_400() {
    let raw = Raw::start().await;
    let body = format!("a{}=x", "[]".repeat(5_000));
    for path in ["/visitors/V1/chat/start", "/visitors/V1/details"] {
        let (status, answer) = Raw::send(
            raw.visitor(Method::POST, path)
                .header(CONTENT_TYPE, FORM)
                .body(body.clone()),
        )
        .await;
        assert_eq!(status, 400, "{path}: {answer}");
        assert!(
            error_text(&answer).contains("nested too deeply"),
            "{answer}"
        );
    }
    let query = format!(
        "/visitors/V1/chat/get_pending_messages?b{}=1",
        "[x]".repeat(2_000)
    );
    let (status, answer) = Raw::send(raw.visitor(Method::GET, &query)).await;
    assert_eq!(status, 400, "{answer}");
    still_serving(&raw).await;
}

#[tokio::test]
async fn nesting_up_to_the_limit_is_read() {
    let raw = Raw::start().await;
    let key = format!("a{}", "[x]".repeat(MAX_DEPTH));
    let (status, answer) = Raw::send(raw.request(Method::GET, &format!("/agents?{key}=1"))).await;
    assert_eq!(status, 200, "{answer}");
    let key = format!("a{}", "[x]".repeat(MAX_DEPTH + 1));
    let (status, _) = Raw::send(raw.request(Method::GET, &format!("/agents?{key}=1"))).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn too_many_parameters_are_a_400() {
    let raw = Raw::start().await;
    let body: Vec<String> = (0..=MAX_PARAMS).map(|n| format!("p{n}=1")).collect();
    let (status, answer) = Raw::send(
        raw.request(Method::POST, "/tags")
            .header(CONTENT_TYPE, FORM)
            .body(body.join("&")),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        error_text(&answer).contains("Too many parameters"),
        "{answer}"
    );
    still_serving(&raw).await;
}

#[tokio::test]
async fn bodies_over_the_limit_are_a_413_with_or_without_a_length() {
    let raw = Raw::start_with(Config {
        max_body_bytes: 1024,
        ..Config::default()
    })
    .await;
    let big = format!("tag=vip&group=0&pad={}", "x".repeat(2048));
    let (status, answer) = Raw::send(
        raw.request(Method::POST, "/tags")
            .header(CONTENT_TYPE, FORM)
            .body(big.clone()),
    )
    .await;
    assert_eq!(status, 413, "{answer}");
    assert!(error_text(&answer).contains("1024"), "{answer}");
    // Chunked, so that only reading it can tell.
    let mut request = format!(
        "POST /tags HTTP/1.1\r\nHost: x\r\nX-API-Version: 2\r\nAuthorization: {}\r\n\
         Content-Type: {FORM}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        raw.basic()
    );
    for chunk in big.as_bytes().chunks(256) {
        request.push_str(&format!(
            "{:x}\r\n{}\r\n",
            chunk.len(),
            String::from_utf8_lossy(chunk)
        ));
    }
    request.push_str("0\r\n\r\n");
    let answer = exchange(raw.fake().base_url(), request.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("Request body too large"), "{answer}");
    let (status, answer) = raw
        .form(
            Method::POST,
            "/tags",
            &[
                ("tag", "small"),
                ("group", "0"),
                ("author", "john.doe@mycompany.com"),
            ],
        )
        .await;
    assert_eq!(status, 200, "a body within the limit is read: {answer}");
}

#[tokio::test]
async fn queries_over_the_limit_are_a_414() {
    let raw = Raw::start_with(Config {
        max_query_bytes: 100,
        ..Config::default()
    })
    .await;
    let path = format!("/agents?pad={}", "x".repeat(200));
    let (status, answer) = Raw::send(raw.request(Method::GET, &path)).await;
    assert_eq!(status, 414, "{answer}");
    assert!(error_text(&answer).contains("Query string too long"));
    still_serving(&raw).await;
}

#[tokio::test]
async fn stalled_connections_are_closed_after_the_header_timeout() {
    let raw = Raw::start_with(Config {
        header_read_timeout: Duration::from_millis(300),
        ..Config::default()
    })
    .await;
    let address = raw
        .fake()
        .base_url()
        .trim_start_matches("http://")
        .to_owned();
    let mut stalled = Vec::new();
    for n in 0..200 {
        let mut stream = TcpStream::connect(&address).await.expect("connects");
        // Half of them send the start of a request, the others nothing at all.
        if n % 2 == 0 {
            stream
                .write_all(b"GET /agents HTTP/1.1\r\nHost: x\r\nX-API-")
                .await
                .expect("writes");
        }
        stalled.push(stream);
    }
    let closing = stalled.into_iter().map(|mut stream| async move {
        let mut buffer = [0u8; 1024];
        // Closed: end of stream, or an error when the server resets it.
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    });
    tokio::time::timeout(
        Duration::from_secs(20),
        futures_util::future::join_all(closing),
    )
    .await
    .expect("every stalled connection was closed by the fake");
    still_serving(&raw).await;
}

#[tokio::test]
async fn jsonp_answers_forbid_sniffing() {
    let raw = Raw::start().await;
    let response = raw
        .request(Method::GET, "/agents?callback=cb")
        .send()
        .await
        .expect("answers");
    assert_eq!(
        response.headers()["x-content-type-options"],
        "nosniff",
        "{:?}",
        response.headers()
    );
    assert_eq!(response.headers()[CONTENT_TYPE], "application/javascript");
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405_with_allow() {
    let raw = Raw::start().await;
    let response = raw
        .request(Method::PATCH, "/agents")
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 405);
    let allow = response.headers()["allow"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    let body: Value = response.json().await.expect("a JSON body");
    assert!(error_text(&body).contains("PATCH"), "{body}");
}

#[tokio::test]
async fn invalid_group_ids_are_a_400_not_group_0() {
    let raw = Raw::start().await;
    for group in ["abc", "1x", "0.5", "9999999999999999999999"] {
        for path in ["/canned_responses", "/status"] {
            let (status, answer) = raw.get(path, &[("group", group)]).await;
            assert_eq!(status, 400, "{path} group={group}: {answer}");
            assert!(error_text(&answer).contains("group"), "{answer}");
        }
        let (status, answer) = raw
            .form(
                Method::POST,
                "/canned_responses",
                &[("text", "Hi"), ("tags[]", "hi"), ("group", group)],
            )
            .await;
        assert_eq!(status, 400, "create with group={group}: {answer}");
    }
    let (status, _) = raw.get("/canned_responses", &[("group", "0")]).await;
    assert_eq!(status, 200);
    let (status, _) = raw.get("/status", &[("group", " 1 ")]).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn hostile_bytes_never_take_the_fake_down() {
    let raw = Raw::start().await;
    let bodies: Vec<Vec<u8>> = vec![
        b"%ff%fe=%ff".to_vec(),
        vec![0xff, 0xfe, b'=', 0x80],
        b"a[=1&]]=2&[[[=3&a[b]c]=4&=5&&&".to_vec(),
        b"a=1&a[]=2&a[x]=3&a[x][]=4&a[x][y]=5".to_vec(),
        format!("{}=1", "[".repeat(10_000)).into_bytes(),
        format!("a{}=1", "]".repeat(10_000)).into_bytes(),
    ];
    for body in bodies {
        for content_type in [FORM, "application/json"] {
            let response = raw
                .request(Method::POST, "/tags")
                .header(CONTENT_TYPE, content_type)
                .body(body.clone())
                .send()
                .await
                .expect("answers");
            assert!(
                response.status().is_client_error(),
                "{}: {:?}",
                response.status(),
                String::from_utf8_lossy(&body)
            );
        }
    }
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (status, _) = Raw::send_text(
        raw.request(Method::POST, "/tags")
            .header(CONTENT_TYPE, "application/json")
            .body(deep_json),
    )
    .await;
    assert_eq!(status, 400);
    still_serving(&raw).await;
}
