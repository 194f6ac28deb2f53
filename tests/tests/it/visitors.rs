//! `/visitors` over raw HTTP: the visitors on the site and custom visitor details.

use livechat_tests::raw::Raw;
use livechat_tests::receiver::WebhookReceiver;
use reqwest::Method;
use serde_json::{Value, json};

use crate::visitor_chat::webhook;

#[tokio::test]
async fn visitors_on_the_site_are_listed_and_filtered() {
    let raw = Raw::start().await;
    let (status, all) = raw.get("/visitors", &[]).await;
    assert_eq!(status, 200);
    let all = all.as_array().unwrap().clone();
    assert_eq!(all.len(), 10);
    let keys = [
        "browser",
        "chat_id",
        "chats",
        "city",
        "country",
        "country_code",
        "group",
        "id",
        "ip",
        "last_visit_ts",
        "latitude",
        "longitude",
        "name",
        "page_current",
        "page_views",
        "state",
        "timezone",
        "visit_path",
        "visits",
    ];
    for visitor in &all {
        for key in keys {
            assert!(visitor.get(key).is_some(), "{key} in {visitor}");
        }
        assert!(visitor["latitude"].is_string(), "coordinates are strings");
        let path = visitor["visit_path"].as_array().unwrap();
        assert!(!path.is_empty());
        assert_eq!(path.last().unwrap()["page"], visitor["page_current"]);
    }
    let count = |state: &str| all.iter().filter(|v| v["state"] == state).count();
    assert_eq!(count("chatting"), 3);
    assert_eq!(count("queued"), 1);
    assert_eq!(count("browsing"), 3);

    for state in [
        "chatting",
        "queued",
        "browsing",
        "invited",
        "refused invitation",
        "chat closed",
    ] {
        let (status, found) = raw.get("/visitors", &[("state", state)]).await;
        assert_eq!(status, 200);
        let found = found.as_array().unwrap();
        assert_eq!(found.len(), count(state), "{state}");
        assert!(found.iter().all(|v| v["state"] == state));
    }
    let chatting: Vec<&Value> = all.iter().filter(|v| v["state"] == "chatting").collect();
    for visitor in &chatting {
        let chat_id = visitor["chat_id"].as_str().unwrap();
        assert_eq!(chat_id.len(), 10);
        assert!(visitor["chat_start_time_ts"].as_i64().unwrap() > 0);
        assert_eq!(visitor["operators"].as_array().unwrap().len(), 1);
        let (status, chat) = raw.get(&format!("/chats/{chat_id}"), &[]).await;
        assert_eq!(status, 200, "the running chat is readable");
        assert_eq!(chat["pending"], true);
        assert_eq!(chat["visitor"]["id"], visitor["id"]);
    }
    let queued = all.iter().find(|v| v["state"] == "queued").unwrap();
    assert!(queued["queue_start_time"].as_i64().unwrap() > 0);

    let (status, group) = raw
        .get("/visitors", &[("group[]", "1"), ("group[]", "2")])
        .await;
    assert_eq!(status, 200);
    let expected = all
        .iter()
        .filter(|v| v["group"] == 1 || v["group"] == 2)
        .count();
    assert!(expected > 0 && expected < all.len());
    assert_eq!(group.as_array().unwrap().len(), expected);

    let (status, number) = raw
        .get("/visitors", &[("state", "chatting"), ("count", "1")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(number, json!(3));

    let (status, body) = raw.get("/visitors", &[("state", "sleeping")]).await;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("state must be one of")
    );
    let (status, _) = raw.get("/visitors", &[("group[]", "sales")]).await;
    assert_eq!(status, 400);
    // The list itself needs the account's credentials.
    let (status, _) = Raw::send(raw.visitor(Method::GET, "/visitors")).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn visitor_details_authenticate_with_a_webhook_token() {
    let raw = Raw::start().await;
    let (_, visitors) = raw.get("/visitors", &[("state", "chatting")]).await;
    let visitor = visitors[0]["id"].as_str().unwrap().to_owned();
    let path = format!("/visitors/{visitor}/details");
    let licence = raw.licence();

    // No webhook, no token that works.
    let (status, body) = raw
        .visitor_form(
            &path,
            &[
                ("license_id", licence.as_str()),
                ("token", "26132406c42c96ba61ed42689b70f719"),
                ("id", "my-app"),
                ("fields[0][name]", "Age"),
                ("fields[0][value]", "36"),
            ],
        )
        .await;
    assert_eq!(status, 401, "{body}");

    let hooks = WebhookReceiver::start().await.expect("the receiver starts");
    let webhook = webhook(&raw, &hooks, "chat_started", &["visitor"]).await;
    let token = webhook["token"].as_str().unwrap().to_owned();
    let (status, body) = raw
        .visitor_form(
            &path,
            &[
                ("license_id", licence.as_str()),
                ("token", token.as_str()),
                ("id", "my-app"),
                ("icon", "example.com/ico-64.png"),
                ("fields[0][name]", "Age"),
                ("fields[0][value]", "36"),
                ("fields[1][name]", "Profile"),
                ("fields[1][value]", "See profile"),
                ("fields[1][url]", "https://example.com/u/36"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({"result": "Visitor details added"}));
    let (status, body) = Raw::send(raw.visitor(Method::POST, &path).json(&json!({
        "license_id": raw.fake().config().license_id,
        "token": token,
        "id": "my-app",
        "fields": [{"name": "Age", "value": 36}],
    })))
    .await;
    assert_eq!(status, 200, "{body}");

    // The right token with another licence number.
    let (status, _) = raw
        .visitor_form(
            &path,
            &[
                ("license_id", "1"),
                ("token", token.as_str()),
                ("id", "my-app"),
                ("fields[0][name]", "Age"),
                ("fields[0][value]", "36"),
            ],
        )
        .await;
    assert_eq!(status, 401);
    // Bad data: 400 with every problem.
    let (status, body) = raw
        .visitor_form(
            &path,
            &[
                ("license_id", licence.as_str()),
                ("token", token.as_str()),
                ("id", "my app"),
                ("icon", "http://example.com/ico.png"),
                ("fields[0][name]", "Age"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!([
            "id may hold only letters, digits and punctuation marks",
            "fields[0] must have a name and a value",
            "icon must be a URL without the http:// prefix",
        ])
    );
    let (status, body) = Raw::send(raw.visitor(Method::POST, &path)).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!(["license_id is required", "token is required"])
    );
    // A visitor who is not on the site.
    let (status, body) = raw
        .visitor_form(
            "/visitors/S1.gone/details",
            &[
                ("license_id", licence.as_str()),
                ("token", token.as_str()),
                ("id", "my-app"),
                ("fields[0][name]", "Age"),
                ("fields[0][value]", "36"),
            ],
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "Visitor not found");
}

// ---------------------------------------------------------------------------------------
// Through the typed client

mod typed {
    use livechat_api::models::{
        VisitorDetailsAccess, VisitorDetailsField, VisitorState, VisitorStateFilter,
        WebhookDataType, WebhookEventType,
    };
    use livechat_api::{Error, Secret};
    use livechat_tests::fake::FakeLiveChat;

    #[tokio::test]
    async fn visitors_decode_without_loss() {
        let fake = FakeLiveChat::start().await.unwrap();
        let client = fake.client();
        let all = client.visitors().list().send().await.unwrap();
        assert_eq!(all.len(), 10);
        for visitor in &all {
            assert!(visitor.extra.is_empty(), "{:?}", visitor.extra);
            assert!(visitor.state.is_some());
            assert!(!visitor.visit_path.is_empty());
        }
        let chatting = client
            .visitors()
            .list()
            .state(VisitorStateFilter::Chatting)
            .send()
            .await
            .unwrap();
        assert_eq!(chatting.len(), 3);
        assert!(
            chatting
                .iter()
                .all(|v| v.state == Some(VisitorState::Chatting))
        );
        let grouped = client.visitors().list().groups([2]).send().await.unwrap();
        assert!(!grouped.is_empty());
        assert!(grouped.iter().all(|v| v.group == Some(2)));
    }

    #[tokio::test]
    async fn typed_visitor_details_need_a_webhook_token() {
        let fake = FakeLiveChat::start().await.unwrap();
        let client = fake.client();
        let licence = fake.config().license_id as i64;
        let visitor = client.visitors().list().send().await.unwrap()[0].id.clone();
        let error = client
            .visitors()
            .add_details(
                &VisitorDetailsAccess::new(&visitor, licence, Secret::from("not-a-token")),
                "my-app",
                [VisitorDetailsField::new("Age", "36")],
            )
            .send()
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");

        let webhook = client
            .webhooks()
            .create(
                WebhookEventType::ChatStarted,
                [WebhookDataType::Visitor],
                "http://127.0.0.1:9/hook",
            )
            .send()
            .await
            .unwrap();
        let token = webhook.events[0].token.clone().unwrap();
        let mut profile = VisitorDetailsField::new("Profile", "See profile");
        profile.url = Some("https://example.com/u/36".into());
        let added = client
            .visitors()
            .add_details(
                &VisitorDetailsAccess::new(&visitor, licence, token),
                "my-app",
                [VisitorDetailsField::new("Age", "36"), profile],
            )
            .icon("example.com/ico-64.png")
            .send()
            .await
            .unwrap();
        assert_eq!(added.result, "Visitor details added");
    }
}
