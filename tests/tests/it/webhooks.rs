//! Webhooks end to end: registered through the library, delivered by the fake to a
//! receiver on 127.0.0.1, parsed and verified with `livechat_api::webhook`.

use std::time::Duration;

use livechat_api::models::{TicketRequesterInput, WebhookDataType, WebhookEvent, WebhookEventType};
use livechat_api::webhook::{self, Verifier};
use livechat_api::{Client, Error};
use livechat_tests::fake::FakeLiveChat;
use livechat_tests::receiver::WebhookReceiver;

async fn register(
    client: &Client,
    event: WebhookEventType,
    types: Vec<WebhookDataType>,
    url: String,
) -> String {
    let created = client
        .webhooks()
        .create(event, types, url)
        .send()
        .await
        .unwrap();
    let webhook = created.events.into_iter().next().expect("the new webhook");
    webhook.token.expect("a token").expose().to_owned()
}

#[tokio::test]
async fn chat_started_arrives_typed_and_verified() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let mut received = WebhookReceiver::start().await.unwrap();
    let hook = format!(
        "http://hooks:p%40ss@{}/hook",
        received.base_url().trim_start_matches("http://")
    );
    let token = register(
        &client,
        WebhookEventType::ChatStarted,
        vec![
            WebhookDataType::Chat,
            WebhookDataType::Visitor,
            WebhookDataType::PreChatSurvey,
        ],
        hook,
    )
    .await;
    let license = fake.config().license_id as i64;
    client
        .visitor_chat()
        .start(
            &livechat_api::models::LicenceVisitor::new("S1700000000.e2e", license),
            "Hello there",
        )
        .name("Mary Brown")
        .email("mary.brown@email.com")
        .send()
        .await
        .unwrap();

    let (authorization, body) = received.next().await;
    let event = webhook::parse(&body).unwrap();
    let verifier = Verifier::new(token.as_str())
        .unwrap()
        .basic_auth("hooks", "p@ss")
        .unwrap()
        .license_id(fake.config().license_id);
    assert!(
        verifier.accepts(authorization.as_deref(), &event),
        "{authorization:?}"
    );
    assert!(
        !Verifier::new("forged")
            .unwrap()
            .accepts(authorization.as_deref(), &event)
    );
    let WebhookEvent::ChatStarted(started) = event else {
        panic!("expected chat_started, got {event:?}")
    };
    let visitor = started
        .visitor
        .expect("the visitor data type was asked for");
    assert_eq!(visitor.id, "S1700000000.e2e");
    assert_eq!(visitor.name.as_deref(), Some("Mary Brown"));
    assert_eq!(visitor.email.as_deref(), Some("mary.brown@email.com"));
    let chat = started.chat.expect("the chat data type was asked for");
    assert!(!chat.id.is_empty() && chat.started_timestamp.is_some());
}

#[tokio::test]
async fn only_the_asked_data_types_are_sent() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let mut received = WebhookReceiver::start().await.unwrap();
    register(
        &client,
        WebhookEventType::ChatStarted,
        vec![WebhookDataType::Visitor],
        received.url(),
    )
    .await;
    client
        .visitor_chat()
        .start(
            &livechat_api::models::LicenceVisitor::new("S1", fake.config().license_id as i64),
            "Hi",
        )
        .send()
        .await
        .unwrap();
    let (authorization, body) = received.next().await;
    assert_eq!(authorization, None, "no credentials in the URL, none sent");
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(json.get("visitor").is_some());
    assert!(
        json.get("chat").is_none() && json.get("pre_chat_survey").is_none(),
        "{json}"
    );
    assert_eq!(json["license_id"], fake.config().license_id.to_string());
}

#[tokio::test]
async fn a_failed_delivery_is_retried_until_it_gets_a_200() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let mut received = WebhookReceiver::answering(vec![500, 503]).await.unwrap();
    register(
        &client,
        WebhookEventType::CannedResponseChanged,
        vec![WebhookDataType::CannedResponse],
        received.url(),
    )
    .await;
    let created = client
        .canned_responses()
        .create("Retry me", ["retry"])
        .send()
        .await
        .unwrap();
    let mut bodies = Vec::new();
    for _ in 0..3 {
        bodies.push(received.next().await.1);
    }
    assert!(
        bodies.windows(2).all(|pair| pair[0] == pair[1]),
        "each attempt sends the same body"
    );
    let WebhookEvent::CannedResponseChanged(changed) = webhook::parse(&bodies[0]).unwrap() else {
        panic!()
    };
    assert_eq!(changed.canned_response.unwrap().id, created.id);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(received.try_recv().is_none(), "no attempt after the 200");
    let deliveries = fake.deliveries();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(
        (deliveries[0].attempts, deliveries[0].status),
        (3, Some(200))
    );
}

#[tokio::test]
async fn tickets_tags_and_canned_responses_raise_their_events() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let mut received = WebhookReceiver::start().await.unwrap();
    let hook = received.url();
    register(
        &client,
        WebhookEventType::TicketCreated,
        vec![WebhookDataType::Ticket],
        hook.clone(),
    )
    .await;
    register(
        &client,
        WebhookEventType::ChatChanged,
        vec![WebhookDataType::Chat],
        hook.clone(),
    )
    .await;
    register(
        &client,
        WebhookEventType::CannedResponseChanged,
        vec![WebhookDataType::CannedResponse],
        hook,
    )
    .await;

    let ticket = client
        .tickets()
        .create(
            "It does not work",
            TicketRequesterInput::new("mary.brown@email.com"),
        )
        .send()
        .await
        .unwrap();
    let WebhookEvent::TicketCreated(created) = webhook::parse(&received.next().await.1).unwrap()
    else {
        panic!()
    };
    assert_eq!(created.ticket.unwrap().id, ticket.id);

    let chat = client.chats().list().send().await.unwrap().chats.remove(0);
    let chat_id = chat.id;
    client
        .chats()
        .update_tags(chat_id.as_str(), ["sales", "vip"])
        .send()
        .await
        .unwrap();
    let WebhookEvent::ChatChanged(changed) = webhook::parse(&received.next().await.1).unwrap()
    else {
        panic!()
    };
    let changed = changed.chat.unwrap();
    assert_eq!(changed.id, chat_id);
    assert_eq!(changed.tags, ["sales", "vip"]);

    let canned = client
        .canned_responses()
        .create("Bye!", ["bye"])
        .send()
        .await
        .unwrap();
    client
        .canned_responses()
        .update(canned.id)
        .text("Goodbye!")
        .send()
        .await
        .unwrap();
    client
        .canned_responses()
        .remove(canned.id)
        .send()
        .await
        .unwrap();
    let mut texts = Vec::new();
    for _ in 0..3 {
        let WebhookEvent::CannedResponseChanged(event) =
            webhook::parse(&received.next().await.1).unwrap()
        else {
            panic!()
        };
        texts.push(event.canned_response.unwrap().text);
    }
    texts.sort();
    assert_eq!(texts, ["Bye!", "Goodbye!", "Goodbye!"]);
}

#[tokio::test]
async fn webhooks_are_listed_validated_and_removed() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let created = client
        .webhooks()
        .create(
            WebhookEventType::VisitorQueued,
            [WebhookDataType::Visitor],
            "https://my-company.com/hook",
        )
        .send()
        .await
        .unwrap();
    let id = created.events[0].id.clone();
    let listed = client.webhooks().list().send().await.unwrap();
    assert!(listed.events.iter().any(|webhook| webhook.id == id));

    let error = client
        .webhooks()
        .create(
            WebhookEventType::TicketCreated,
            [WebhookDataType::Chat],
            "ftp://nowhere",
        )
        .send()
        .await
        .unwrap_err();
    let messages = &error.api_error().unwrap().messages;
    assert!(
        messages
            .iter()
            .any(|m| m.contains("chat") && m.contains("ticket_created")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("url")), "{messages:?}");

    client.webhooks().remove(id.as_str()).send().await.unwrap();
    let error = client
        .webhooks()
        .remove(id.as_str())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
}
