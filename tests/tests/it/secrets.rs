//! Credentials and secrets stay out of errors and their `Debug`, whatever the server sends,
//! and credentials that cannot be sent as meant are refused before anything is sent.

use livechat_api::{Client, Credentials, Error};
use livechat_tests::recorder::{Recorder, Reply};
use serde_json::json;

const KEY: &str = "c14b85863755158d7aa5cc4ba17f61cb";
const TOKEN: &str = "27f41c8da685c81a890f9e5f8ce48387";
const PASSWORD: &str = "hunter2-Pa55w0rd!";

async fn setup() -> (Recorder, Client) {
    let recorder = Recorder::start().await.expect("recorder starts");
    let client = Client::builder(Credentials::basic("john.doe@mycompany.com", KEY))
        .base_url(&recorder.base_url)
        .max_retries(0)
        .build()
        .expect("client builds");
    (recorder, client)
}

/// Every way an error is shown, with the secrets (or any 8 characters of one) it must not
/// contain.
fn assert_no_secret(error: &Error) {
    let shown = format!("{error}\n{error:?}\n{error:#?}");
    for secret in [KEY, TOKEN, PASSWORD] {
        for start in 0..=secret.len() - 8 {
            let fragment = &secret[start..start + 8];
            assert!(
                !shown.contains(fragment),
                "`{fragment}` of a secret leaked:\n{shown}"
            );
        }
    }
}

/// A body whose first 200 characters end inside the value of `api_key`.
fn cut_inside_the_key() -> String {
    let prefix = r#"[{"login": "john.doe@mycompany.com", "name": ""#;
    let head = r#"", "api_key": ""#;
    let padding = 200 - prefix.len() - head.len() - 12;
    format!(
        r#"{prefix}{}{head}{KEY}", "status": 5]"#,
        "x".repeat(padding)
    )
}

#[tokio::test]
async fn decode_errors_hide_secrets_in_the_snippet() {
    let (recorder, client) = setup().await;
    let bodies = [
        // cut short: EOF inside the list
        format!(r#"[{{"login": "john.doe@mycompany.com", "api_key": "{KEY}""#),
        // the 200-character cut falls inside the key
        cut_inside_the_key(),
        // a body that is not JSON
        format!("login=john.doe%40mycompany.com&api_key={KEY}&token={TOKEN}"),
        format!("<html><body>Token: <code>token={TOKEN}</code></body></html>"),
        // the key under another spelling, the value not a string
        format!(r#"{{"API_KEY": {{"value": "{KEY}"}}, "Password": "{PASSWORD}"}}"#),
    ];
    for body in bodies {
        recorder.reply(Reply::json(200, body.clone()));
        let error = client.agents().list().send().await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::Decode {
                    status: Some(200),
                    ..
                }
            ),
            "{body}: {error:?}"
        );
        assert_no_secret(&error);
    }
}

#[tokio::test]
async fn api_errors_hide_secrets_in_messages_body_and_debug() {
    let (recorder, client) = setup().await;
    let replies = [
        Reply::json(
            400,
            json!({"error": format!("cannot use api_key={KEY} here")}).to_string(),
        ),
        Reply::json(
            400,
            json!({"errors": [{"message": format!("password={PASSWORD}")}], "agent": {"password": PASSWORD}})
                .to_string(),
        ),
        Reply::json(401, json!({"login": "john", "api_key": KEY}).to_string()),
        Reply::json(404, json!({"webhook": {"token": TOKEN}}).to_string()),
        Reply::raw(
            502,
            "text/html",
            format!("<html><p>upstream said: api_key={KEY}&amp;token={TOKEN}</p></html>"),
        ),
        Reply::raw(
            503,
            "text/plain",
            format!("{}\"secured_session_id\": \"{TOKEN}\"", " ".repeat(10_000)),
        ),
    ];
    for reply in replies {
        let status = reply.status;
        recorder.reply(reply);
        let error = client.agents().get("john.doe@mycompany.com").send().await;
        let error = error.unwrap_err();
        assert_eq!(error.status(), Some(status), "{error:?}");
        assert_no_secret(&error);
        let api = error.api_error().expect("an API error");
        assert_no_secret_in(&format!("{api:?}"));
    }
}

fn assert_no_secret_in(shown: &str) {
    for secret in [KEY, TOKEN, PASSWORD] {
        assert!(!shown.contains(secret), "a secret leaked:\n{shown}");
    }
}

#[tokio::test]
async fn unsendable_credentials_fail_at_build_and_name_the_part() {
    let recorder = Recorder::start().await.expect("recorder starts");
    let cases = [
        (Credentials::basic("", KEY), "login"),
        (Credentials::basic("john:doe@mycompany.com", KEY), "login"),
        (
            Credentials::basic("john@mycompany.com\r\nX-Forged: 1", KEY),
            "login",
        ),
        (Credentials::basic("john@mycompany.com", ""), "API key"),
        (
            Credentials::basic("john@mycompany.com", format!("{KEY}\n")),
            "API key",
        ),
        (Credentials::bearer(""), "OAuth token"),
        (Credentials::bearer(format!("{TOKEN}\r\n")), "OAuth token"),
        (Credentials::bearer(format!("{TOKEN} x")), "OAuth token"),
    ];
    for (credentials, part) in cases {
        let error = Client::builder(credentials)
            .base_url(&recorder.base_url)
            .build()
            .unwrap_err();
        let Error::InvalidInput(message) = &error else {
            panic!("expected InvalidInput, got {error:?}")
        };
        assert!(message.contains(part), "{message}");
        assert_no_secret(&error);
        assert!(
            !message.contains("john") && !message.contains("X-Forged"),
            "{message}"
        );
    }
    assert!(recorder.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_stream_from_the_largest_page_ends_without_overflow() {
    let (recorder, client) = setup().await;
    for pages in [1, i64::MAX] {
        recorder.reply(Reply::json(
            200,
            json!({"chats": [{"id": "LAST", "type": "chat"}], "total": 1, "pages": pages})
                .to_string(),
        ));
    }
    for _ in 0..2 {
        let before = recorder.requests().len();
        let chats: Vec<_> = client
            .chats()
            .list()
            .page(i64::MAX)
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(chats.len(), 1);
        let requests = recorder.requests();
        assert_eq!(requests.len(), before + 1, "no page after the largest");
        assert!(
            requests[before]
                .query()
                .contains(&("page".into(), i64::MAX.to_string()))
        );
    }
}

#[tokio::test]
async fn request_builders_hide_secret_parameters_in_debug() {
    let (_recorder, client) = setup().await;
    let update = client
        .agents()
        .update("john.doe@mycompany.com")
        .password(PASSWORD)
        .param("api_key", KEY)
        .param(
            "settings",
            json!({"webhook": {"token": TOKEN}, "kept": "visible"}),
        );
    let shown = format!("{update:?} {update:#?}");
    assert_no_secret_in(&shown);
    assert!(
        shown.contains("visible") && shown.contains("[redacted]"),
        "{shown}"
    );
}
