//! What the live API really sends decodes: empty values in every spelling, numbers as
//! strings, booleans as 0/1, unknown keys and unknown enum values.

use livechat_api::models::{AgentPermission, AgentStatus};
use livechat_api::{Client, Credentials};
use livechat_tests::recorder::{Recorder, Reply};
use serde_json::json;

async fn decode_agent(body: serde_json::Value) -> livechat_api::models::Agent {
    let recorder = Recorder::start().await.unwrap();
    let client = Client::builder(Credentials::bearer("t"))
        .base_url(&recorder.base_url)
        .build()
        .unwrap();
    recorder.reply(Reply::json(200, body.to_string()));
    client
        .agents()
        .get("a@b.co")
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test]
async fn an_empty_work_scheduler_and_undocumented_fields() {
    let agent = decode_agent(json!({
        "login": "a@b.co",
        "work_scheduler": {},
        "ticket_notifications": {"new_ticket": 1},
        "groups": [{"id": 1, "name": "Sales", "priority": "first"}],
    }))
    .await;
    assert_eq!(
        agent.work_scheduler,
        Some(Default::default()),
        "an empty schedule, kept as such"
    );
    assert_eq!(
        agent.extra["ticket_notifications"],
        json!({"new_ticket": 1})
    );
    assert_eq!(agent.groups[0].extra["priority"], "first");
    let back = serde_json::to_value(&agent).unwrap();
    assert_eq!(
        back["ticket_notifications"],
        json!({"new_ticket": 1}),
        "unknown keys survive a round trip"
    );
}

#[tokio::test]
async fn empty_values_in_every_spelling() {
    for empty in [json!(null), json!(""), json!({}), json!([])] {
        let agent = decode_agent(json!({
            "login": "a@b.co",
            "notifications": empty,
            "groups": empty,
            "max_chats_count": empty,
            "status": empty,
        }))
        .await;
        let notifications = agent.notifications.unwrap_or_default();
        assert_eq!(notifications, Default::default(), "{empty}");
        assert!(agent.groups.is_empty(), "{empty}");
        assert_eq!(agent.max_chats_count, None, "{empty}");
        assert_eq!(agent.status, None, "{empty}");
    }
}

#[tokio::test]
async fn an_empty_string_stays_a_string() {
    let agent = decode_agent(json!({"name": "", "job_title": null})).await;
    assert_eq!(agent.name.as_deref(), Some(""));
    assert_eq!(agent.job_title, None);
}

#[tokio::test]
async fn numbers_as_strings_and_booleans_as_numbers() {
    let agent = decode_agent(json!({
        "max_chats_count": "6",
        "last_logout": 1358427204.0,
        "daily_summary": "1",
        "notifications": {"new_visitor": true, "returning_visitor": "0", "queued_visitor": 1},
        "groups": [{"id": "2", "name": 42}],
        "api_key": 12345,
    }))
    .await;
    assert_eq!(agent.max_chats_count, Some(6));
    assert_eq!(agent.last_logout, Some(1358427204));
    assert_eq!(agent.daily_summary, Some(true));
    let notifications = agent.notifications.clone().unwrap();
    assert_eq!(notifications.new_visitor, Some(true));
    assert_eq!(notifications.returning_visitor, Some(false));
    assert_eq!(notifications.queued_visitor, Some(true));
    assert_eq!(agent.groups[0].id, Some(2));
    assert_eq!(agent.groups[0].name.as_deref(), Some("42"));
    assert_eq!(agent.api_key.as_ref().unwrap().expose(), "12345");
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let agent = decode_agent(json!({"status": "away", "permission": "viceroy"})).await;
    let status = agent.status.clone().unwrap();
    assert!(matches!(status, AgentStatus::Unknown(_)));
    assert_eq!(status.as_str(), "away");
    assert_eq!(
        agent.permission.as_ref().map(AgentPermission::as_str),
        Some("viceroy")
    );
    assert_eq!(serde_json::to_value(&agent).unwrap()["status"], "away");
}

#[tokio::test]
async fn values_that_cannot_mean_anything_still_fail_clearly() {
    let recorder = Recorder::start().await.unwrap();
    let client = Client::builder(Credentials::bearer("t"))
        .base_url(&recorder.base_url)
        .build()
        .unwrap();
    recorder.reply(Reply::json(200, r#"{"max_chats_count": "six"}"#));
    let error = client.agents().get("a@b.co").send().await.unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains("max_chats_count") && shown.contains("six"),
        "{shown}"
    );
}
