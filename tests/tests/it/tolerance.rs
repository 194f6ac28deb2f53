//! What the live API really sends decodes: empty values in every spelling, numbers as
//! strings, booleans as 0/1, unknown keys and unknown enum values.

use livechat_api::models::{AgentPermission, AgentStatus};
use livechat_api::{Client, Credentials};
use livechat_tests::recorder::{Recorder, Reply};
use serde_json::json;

/// Decodes `body` as an agent; the login and name every agent has are added when the test
/// does not set them itself.
async fn decode_agent(mut body: serde_json::Value) -> livechat_api::models::Agent {
    if let Some(agent) = body.as_object_mut() {
        agent.entry("login").or_insert_with(|| json!("a@b.co"));
        agent.entry("name").or_insert_with(|| json!("A"));
    }
    decode_with(body, async |client| {
        client.agents().get("a@b.co").send().await
    })
    .await
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
    assert_eq!(agent.name, "");
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
    assert_eq!(agent.last_logout.map(|at| at.as_second()), Some(1358427204));
    assert_eq!(agent.daily_summary, Some(true));
    let notifications = agent.notifications.clone().unwrap();
    assert_eq!(notifications.new_visitor, Some(true));
    assert_eq!(notifications.returning_visitor, Some(false));
    assert_eq!(notifications.queued_visitor, Some(true));
    assert_eq!(agent.groups[0].id, 2);
    assert_eq!(agent.groups[0].name, "42");
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

async fn decode_with<T>(
    body: serde_json::Value,
    call: impl AsyncFnOnce(&Client) -> livechat_api::Result<T>,
) -> T {
    let recorder = Recorder::start().await.unwrap();
    let client = Client::builder(Credentials::bearer("t"))
        .base_url(&recorder.base_url)
        .build()
        .unwrap();
    recorder.reply(Reply::json(200, body.to_string()));
    call(&client)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test]
async fn chat_lists_with_null_collections() {
    let page = decode_with(
        json!({
            "chats": [{
                "id": "MH022RD0K5",
                "agents": null,
                "messages": null,
                "events": null,
                "postchat_survey": null,
                "prechat_survey": "",
                "group": [0, 2],
                "queue": [],
                "rate": "rated_great",
                "visitor": {"id": "S1", "city": ""},
            }],
            "total": "1",
            "pages": 1,
        }),
        async |client| client.chats().list().send().await,
    )
    .await;
    let chat = &page.chats[0];
    assert!(chat.agents.is_empty() && chat.messages.is_empty() && chat.events.is_empty());
    assert!(chat.postchat_survey.is_empty() && chat.prechat_survey.is_empty());
    assert_eq!(chat.group, [0, 2], "a chat's group is a list");
    assert_eq!(chat.queue, None);
    assert_eq!(
        chat.rate.as_ref().map(|rate| rate.as_str()),
        Some("rated_great")
    );
    assert_eq!(page.total, 1);
}

#[tokio::test]
async fn unknown_chat_events_are_kept_whole() {
    let page = decode_with(
        json!({"chats": [{"id": "MH022RD0K5", "events": [
            {"type": "message", "text": "Hello", "user_type": "agent", "timestamp": 1358937653},
            {"type": "rating_changed", "rate": "rated_good", "timestamp": "1358937700"},
        ]}], "total": 1, "pages": 1}),
        async |client| client.chats().list().send().await,
    )
    .await;
    let events = &page.chats[0].events;
    assert!(
        !matches!(events[0], livechat_api::models::ChatEvent::Unknown(_)),
        "{:?}",
        events[0]
    );
    let livechat_api::models::ChatEvent::Unknown(unknown) = &events[1] else {
        panic!("an unknown event type is kept as Unknown: {:?}", events[1]);
    };
    assert_eq!(unknown["rate"], "rated_good");
}

#[tokio::test]
async fn visitors_with_an_empty_chat_id_and_a_numeric_group() {
    let visitors = decode_with(
        json!([{"id": "S1", "chat_id": "", "group": 2, "latitude": "35.6127", "chats": "3", "visit_path": {}}]),
        async |client| client.visitors().list().send().await,
    )
    .await;
    let visitor = &visitors[0];
    assert_eq!(visitor.chat_id.as_deref(), Some(""));
    assert_eq!(visitor.group, Some(2), "a visitor's group is a number");
    assert_eq!(visitor.latitude.as_deref(), Some("35.6127"));
    assert!(visitor.visit_path.is_empty());
}
