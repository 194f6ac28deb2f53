//! Caller values never break out of their path segment, query parameter or form field,
//! and bodies use LiveChat's PHP-style brackets.

use livechat_api::models::{AgentNotifications, AgentStatus, WorkDay, WorkScheduler};
use livechat_api::{Client, Credentials, Error};
use livechat_tests::recorder::{Recorder, Reply};

async fn setup() -> (Recorder, Client) {
    let recorder = Recorder::start().await.expect("recorder starts");
    let client = Client::builder(Credentials::basic("john.doe@mycompany.com", "key"))
        .base_url(&recorder.base_url)
        .build()
        .expect("client builds");
    (recorder, client)
}

/// An agent as the API answers: the login and name it always sends.
const AGENT: &str = r#"{"login": "a@b.co", "name": "A"}"#;

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn hostile_path_values_arrive_as_one_exact_segment() {
    let (recorder, client) = setup().await;
    let hostile = [
        "jenny+test@mycompany.com",
        "tag with spaces",
        "a/b",
        "../../status",
        "x?status=offline",
        "x#fragment",
        "100%",
        "%2F",
        "ünïcödé 🙂",
        "semi;colon,comma=equals&amp",
        "back\\slash",
        "...",
    ];
    for value in hostile {
        recorder.reply(Reply::json(200, AGENT));
        client
            .agents()
            .get(value)
            .send()
            .await
            .expect("the recorder answers an agent");
        let sent = recorder.last().unwrap();
        assert_eq!(
            sent.segments(),
            ["agents", value],
            "raw path was {}",
            sent.raw_path
        );
        assert_eq!(sent.raw_query, None, "{value} leaked into the query");
    }
    recorder.reply(Reply::json(200, AGENT));
    client.agents().reset_api_key("a/b").send().await.unwrap();
    assert_eq!(
        recorder.last().unwrap().segments(),
        ["agents", "a/b", "reset_api_key"]
    );
}

#[tokio::test]
async fn logins_keep_their_documented_form_on_the_wire() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(200, AGENT));
    client
        .agents()
        .get("john.doe@mycompany.com")
        .send()
        .await
        .unwrap();
    assert_eq!(
        recorder.last().unwrap().raw_path,
        "/agents/john.doe@mycompany.com"
    );
    recorder.reply(Reply::json(200, AGENT));
    client
        .agents()
        .get("jenny+test@mycompany.com")
        .send()
        .await
        .unwrap();
    assert_eq!(
        recorder.last().unwrap().raw_path,
        "/agents/jenny%2Btest@mycompany.com"
    );
}

#[tokio::test]
async fn empty_and_dot_segments_are_refused_before_sending() {
    let (recorder, client) = setup().await;
    for value in ["", ".", ".."] {
        let error = client.agents().remove(value).send().await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidInput(_)),
            "{value:?}: {error:?}"
        );
        assert!(error.to_string().contains("login"), "{error}");
    }
    assert!(recorder.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn query_values_stay_inside_their_parameter() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(200, "[]"));
    client
        .agents()
        .list()
        .status(AgentStatus::NotAcceptingChats)
        .param("extra", "a&status=offline#x")
        .send()
        .await
        .unwrap();
    let sent = recorder.last().unwrap();
    assert_eq!(
        sent.query(),
        pairs(&[
            ("status", "not accepting chats"),
            ("extra", "a&status=offline#x")
        ])
    );
}

#[tokio::test]
async fn form_values_stay_inside_their_field() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(200, r#"{"id": 1, "text": "t", "group": 1}"#));
    client
        .canned_responses()
        .create("50% off & free+shipping=yes", ["a&tags[]=b", "ü"])
        .group(1)
        .send()
        .await
        .unwrap();
    let sent = recorder.last().unwrap();
    assert_eq!(
        sent.header("content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        sent.form(),
        pairs(&[
            ("text", "50% off & free+shipping=yes"),
            ("tags[]", "a&tags[]=b"),
            ("tags[]", "ü"),
            ("group", "1")
        ])
    );
}

#[tokio::test]
async fn nested_values_use_php_brackets() {
    let (recorder, client) = setup().await;
    let notifications = AgentNotifications {
        new_visitor: Some(true),
        incoming_chat: Some(true),
        returning_visitor: Some(false),
        ..Default::default()
    };
    let scheduler = WorkScheduler {
        monday: Some(WorkDay {
            enabled: Some(true),
            start: Some("09:00".into()),
            end: Some("17:00".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    recorder.reply(Reply::json(200, AGENT));
    client
        .agents()
        .update("jenny.doe@mycompany.com")
        .groups([1, 2])
        .notifications(notifications)
        .work_scheduler(scheduler)
        .daily_summary(false)
        .send()
        .await
        .unwrap();
    let sent = recorder.last().unwrap();
    assert_eq!(sent.method, "PUT");
    assert_eq!(
        sent.form(),
        pairs(&[
            ("groups[]", "1"),
            ("groups[]", "2"),
            ("notifications[incoming_chat]", "1"),
            ("notifications[new_visitor]", "1"),
            ("notifications[returning_visitor]", "0"),
            ("daily_summary", "0"),
            ("work_scheduler[monday][enabled]", "1"),
            ("work_scheduler[monday][end]", "17:00"),
            ("work_scheduler[monday][start]", "09:00"),
        ])
    );
}

#[tokio::test]
async fn a_request_without_parameters_has_no_body() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(200, AGENT));
    client
        .agents()
        .reset_api_key("jenny.doe@mycompany.com")
        .send()
        .await
        .unwrap();
    let sent = recorder.last().unwrap();
    assert_eq!(sent.method, "POST");
    assert!(sent.body.is_empty());
    assert_eq!(sent.header("content-type"), None);
}
