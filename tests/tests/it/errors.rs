//! How answers outside 2xx, broken bodies, slow servers and retries reach the caller.

use std::time::Duration;

use livechat_api::{Client, Credentials, Error, ErrorKind};
use livechat_tests::recorder::{Recorder, Reply};

const KEY: &str = "c14b85863755158d7aa5cc4ba17f61cb";

async fn setup() -> (Recorder, Client) {
    let recorder = Recorder::start().await.expect("recorder starts");
    let client = Client::builder(Credentials::basic("john.doe@mycompany.com", KEY))
        .base_url(&recorder.base_url)
        .initial_backoff(Duration::from_millis(1))
        .build()
        .expect("client builds");
    (recorder, client)
}

#[tokio::test]
async fn a_400_with_one_error_gives_its_message() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(400, r#"{"error": "Invalid status value"}"#));
    let error = client.agents().list().send().await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api.status, 400);
    assert_eq!(api.messages, ["Invalid status value"]);
    assert_eq!(error.status(), Some(400));
    assert!(!error.is_retryable());
    let shown = error.to_string();
    assert!(
        shown.contains("400") && shown.contains("Invalid status value"),
        "{shown}"
    );
    assert_eq!(recorder.requests().len(), 1, "a 400 is not retried");
}

#[tokio::test]
async fn a_400_with_a_list_of_errors_gives_every_message() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(
        400,
        r#"{"errors": ["login is required", "name is required"]}"#,
    ));
    let error = client.agents().create("", "").send().await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.messages, ["login is required", "name is required"]);
    assert!(
        error
            .to_string()
            .contains("login is required; name is required"),
        "{error}"
    );
}

#[tokio::test]
async fn a_401_is_unauthorized_and_never_shows_the_key() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(401, r#"{"error": "Invalid login or API key"}"#));
    let error = client
        .agents()
        .get("john.doe@mycompany.com")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(error.status(), Some(401));
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("Invalid login or API key"), "{shown}");
    assert!(!shown.contains(KEY), "the API key leaked: {shown}");
}

#[tokio::test]
async fn a_404_is_not_found() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(
        404,
        r#"{"error": "Canned response not found"}"#,
    ));
    let error = client.canned_responses().get(1).send().await.unwrap_err();
    assert!(
        matches!(&error, Error::NotFound(api) if api.messages == ["Canned response not found"]),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_500_with_an_html_body_is_kept_and_retried_for_reads() {
    let (recorder, client) = setup().await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    for _ in 0..3 {
        recorder.reply(Reply::raw(500, "text/html", html));
    }
    let error = client.status().get().send().await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api.status, 500);
    assert!(api.messages.is_empty());
    assert_eq!(api.body, html);
    assert!(error.is_retryable());
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
    assert_eq!(recorder.requests().len(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn a_read_that_fails_once_succeeds_on_retry() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(503, r#"{"error": "busy"}"#));
    recorder.reply(Reply::json(200, r#"{"status": "online"}"#));
    let status = client
        .status()
        .get()
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(status.status.as_str(), "online");
    assert_eq!(recorder.requests().len(), 2);
}

#[tokio::test]
async fn a_create_is_never_repeated() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(500, r#"{"error": "oops"}"#));
    let error = client
        .canned_responses()
        .create("Hi", ["hi"])
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(
        recorder.requests().len(),
        1,
        "a POST must not be sent twice"
    );
}

#[tokio::test]
async fn empty_and_non_json_success_bodies_are_decode_errors() {
    let (recorder, client) = setup().await;
    for body in ["", "<html>maintenance</html>", "{\"status\": ", "[1, 2]"] {
        recorder.reply(Reply::raw(200, "text/html", body));
        let error = client.status().get().send().await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::Decode {
                    status: Some(200),
                    ..
                }
            ),
            "{body:?} gave {error:?}"
        );
        assert!(!error.is_retryable());
    }
}

#[tokio::test]
async fn a_decode_error_names_the_json_path() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(
        200,
        r#"[{"login": "a@b.co", "name": "A"}, {"login": "c@d.co", "name": "C", "groups": [{"id": "one"}]}]"#,
    ));
    let error = client.agents().list().send().await.unwrap_err();
    let Error::Decode {
        path,
        message,
        snippet,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(path, "[1].groups[0].id");
    assert!(message.contains("integer"), "{message}");
    assert!(snippet.starts_with("[{\"login\""), "{snippet}");
    assert!(error.to_string().contains("[1].groups[0].id"), "{error}");
}

#[tokio::test]
async fn a_missing_or_null_identity_field_is_a_decode_error_naming_its_path() {
    let (recorder, client) = setup().await;
    for (last, expected) in [
        (
            serde_json::json!({"visitor": {"id": "S1"}}),
            "missing field `id`",
        ),
        (serde_json::json!({"id": null}), "a value is required here"),
    ] {
        let mut chats: Vec<_> = (0..3)
            .map(|n| serde_json::json!({"id": format!("C{n}")}))
            .collect();
        chats.push(last);
        let page = serde_json::json!({"chats": chats, "total": 4, "pages": 1});
        recorder.reply(Reply::json(200, page.to_string()));
        let error = client.chats().list().send().await.unwrap_err();
        let Error::Decode { path, message, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(path, "chats[3].id");
        assert!(message.starts_with(expected), "{message}");
        assert!(error.to_string().contains("`chats[3].id`"), "{error}");
    }
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let recorder = Recorder::start().await.expect("recorder starts");
    let client = Client::builder(Credentials::bearer("token"))
        .base_url(&recorder.base_url)
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .expect("client builds");
    recorder.reply(Reply::json(200, r#"{"status":"online"}"#).after(Duration::from_secs(3)));
    let error = client.status().get().send().await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address")
    };
    let client = Client::builder(Credentials::bearer("token"))
        .base_url(format!("http://{address}"))
        .max_retries(0)
        .build()
        .expect("client builds");
    let error = client.status().get().send().await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(error.status(), None);
    assert_eq!(error.kind(), ErrorKind::ConnectionRefused);
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    let build = |url: &str| {
        Client::builder(Credentials::bearer("t"))
            .base_url(url)
            .build()
    };
    let error = build("http://api.livechatinc.com").unwrap_err();
    assert!(
        matches!(error, Error::InvalidInput(_)) && error.to_string().contains("https"),
        "{error}"
    );
    assert!(build("http://127.0.0.1:3000").is_ok());
    assert!(build("http://localhost:3000/").is_ok());
    assert!(build("https://api.livechatinc.com/").is_ok());
    assert_eq!(
        Client::new(Credentials::bearer("t")).unwrap().base_url(),
        "https://api.livechatinc.com"
    );
}

#[test]
fn credentials_that_cannot_travel_in_a_header_are_refused_at_build_time() {
    let error = Client::new(Credentials::bearer("line\nbreak")).unwrap_err();
    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    assert!(!error.to_string().contains("line\nbreak"), "{error}");
}

/// Values a caller passed, which an error message must not repeat.
const CALLER_LOGIN: &str = "someone.private@example.com";
const CALLER_QUERY: &str = "very-private-search";

fn assert_names(error: &Error, prefix: &str, operation: &str) {
    let shown = error.to_string();
    assert!(shown.starts_with(prefix), "{shown}");
    assert_eq!(error.request().map(|r| r.operation()), Some(operation));
    for value in [CALLER_LOGIN, "someone.private", CALLER_QUERY, KEY] {
        assert!(!shown.contains(value), "{value} leaked into: {shown}");
    }
}

#[tokio::test]
async fn api_errors_name_the_method_and_path_template_but_no_caller_value() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(404, r#"{"error": "Agent not found"}"#));
    let error = client.agents().get(CALLER_LOGIN).send().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(
        error.to_string(),
        "`GET /agents/{login}` (agents.get): LiveChat found no such resource (HTTP 404: Agent not found)"
    );
    let request = error.request().expect("names the request");
    assert_eq!(
        (request.method(), request.path_template()),
        ("GET", "/agents/{login}")
    );
    assert_eq!(
        error.api_error().and_then(|api| api.request),
        Some(*request)
    );

    recorder.reply(Reply::json(401, r#"{"error": "Invalid login or API key"}"#));
    let error = client.agents().get(CALLER_LOGIN).send().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert_names(&error, "`GET /agents/{login}` (agents.get): ", "agents.get");

    recorder.reply(Reply::json(400, r#"{"error": "Invalid query"}"#));
    let error = client
        .chats()
        .list()
        .query(CALLER_QUERY)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api);
    assert_eq!(error.status(), Some(400));
    assert_names(&error, "`GET /chats` (chats.list): ", "chats.list");

    recorder.reply(Reply::json(422, r#"{"error": "Login taken"}"#));
    let error = client
        .agents()
        .create(CALLER_LOGIN, "Someone")
        .send()
        .await
        .unwrap_err();
    assert_names(&error, "`POST /agents` (agents.create): ", "agents.create");
}

#[tokio::test]
async fn decode_errors_name_the_request() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(200, r#"{"login": ["not", "a", "string"]}"#));
    let error = client.agents().get(CALLER_LOGIN).send().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error:?}");
    assert_names(&error, "`GET /agents/{login}` (agents.get): ", "agents.get");
}

#[test]
fn errors_raised_before_any_request_name_none() {
    let error = Client::builder(Credentials::bearer("token"))
        .base_url("http://example.com")
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(error.request(), None);
    assert!(error.to_string().starts_with("invalid input"), "{error}");
}
