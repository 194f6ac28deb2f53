//! The visitor's side of a chat over raw HTTP: a whole conversation from start to the
//! archive, the webhooks it raises and the visitor calls' own authentication.

use std::time::Duration;

use livechat_tests::fake::Delivery;
use livechat_tests::raw::{Raw, with_query};
use livechat_tests::receiver::WebhookReceiver;
use reqwest::Method;
use serde_json::{Value, json};

/// Registers a webhook for `event_type` with these data types, pointing at `hooks`;
/// returns the webhook.
pub(crate) async fn webhook(
    raw: &Raw,
    hooks: &WebhookReceiver,
    event_type: &str,
    data_types: &[&str],
) -> Value {
    let url = hooks.url();
    let mut form = vec![("event_type", event_type), ("url", url.as_str())];
    form.extend(data_types.iter().map(|t| ("data_types[]", *t)));
    let (status, body) = raw.form(Method::POST, "/webhooks", &form).await;
    assert_eq!(status, 200, "{body}");
    body["events"][0].clone()
}

/// Waits (up to 5 s) for `count` deliveries of an event type.
pub(crate) async fn delivered(raw: &Raw, event_type: &str, count: usize) -> Vec<Delivery> {
    for _ in 0..100 {
        let found: Vec<Delivery> = raw
            .fake()
            .deliveries()
            .into_iter()
            .filter(|d| d.event_type == event_type)
            .collect();
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "no {count} {event_type} deliveries: {:?}",
        raw.fake().deliveries()
    );
}

pub(crate) const VISITOR: &str = "S1700000000.visitor-of-test";

/// Starts a chat for `VISITOR`; returns its secured session id.
pub(crate) async fn start_chat(raw: &Raw) -> String {
    let (status, body) = raw
        .visitor_chat(
            VISITOR,
            "start",
            &[
                ("welcome_message", "Hi, how can we help?"),
                ("name", "Mary Brown"),
                ("email", "mary.brown@email.com"),
                ("group", "1"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["banned"], false);
    let session = body["secured_session_id"].as_str().unwrap().to_owned();
    assert!(session.starts_with("CS"), "{session}");
    session
}

pub(crate) async fn pending(raw: &Raw, session: &str, last: Option<&str>) -> (u16, Value) {
    let licence = raw.licence();
    let mut query = vec![
        ("licence_id", licence.as_str()),
        ("secured_session_id", session),
    ];
    if let Some(last) = last {
        query.push(("last_message_id", last));
    }
    let path = with_query(
        &format!("/visitors/{VISITOR}/chat/get_pending_messages"),
        &query,
    );
    Raw::send(raw.visitor(Method::GET, &path)).await
}

pub(crate) async fn visitor_call(
    raw: &Raw,
    what: &str,
    session: &str,
    extra: &[(&str, &str)],
) -> (u16, Value) {
    let mut form = vec![("secured_session_id", session)];
    form.extend_from_slice(extra);
    raw.visitor_chat(VISITOR, what, &form).await
}

pub(crate) fn message_ids(events: &Value) -> Vec<i64> {
    events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message_id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_visitor_chat_goes_from_start_to_the_archive() {
    let raw = Raw::start().await;
    let hooks = WebhookReceiver::start().await.expect("the receiver starts");
    webhook(
        &raw,
        &hooks,
        "chat_started",
        &["chat", "visitor", "pre_chat_survey"],
    )
    .await;
    webhook(&raw, &hooks, "chat_ended", &["chat", "visitor"]).await;
    let session = start_chat(&raw).await;

    // The agent introduces themself and the welcome message follows.
    let (status, first) = pending(&raw, &session, None).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(message_ids(&first), [1, 2]);
    let details = &first["events"][0];
    assert_eq!(details["type"], "agent_details");
    assert_eq!(details["user_type"], "agent");
    let agent_name = details["agent"]["name"].as_str().unwrap().to_owned();
    assert!(!agent_name.is_empty());
    assert!(details["agent"]["avatar"].is_string());
    assert_eq!(first["events"][1]["text"], "Hi, how can we help?");

    // The visitor is chatting now, in the group asked for.
    let (_, chatting) = raw.get("/visitors", &[("state", "chatting")]).await;
    let me = chatting
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == VISITOR)
        .expect("the visitor is listed as chatting")
        .clone();
    assert_eq!(me["name"], "Mary Brown");
    assert_eq!(me["group"], 1);

    for text in [
        "I need help with my discount code.",
        "It says the code has expired.",
    ] {
        let (status, body) =
            visitor_call(&raw, "send_message", &session, &[("message", text)]).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body, json!({"success": true}));
    }
    let (status, all) = pending(&raw, &session, None).await;
    assert_eq!(status, 200);
    let ids = message_ids(&all);
    assert_eq!(ids, [1, 2, 3, 4, 5, 6], "increasing ids, each message once");
    let events = all["events"].as_array().unwrap();
    assert_eq!(events[2]["text"], "I need help with my discount code.");
    assert_eq!(events[2]["user_type"], "visitor");
    assert_eq!(events[3]["user_type"], "agent", "the agent answers");
    assert_eq!(events[4]["text"], "It says the code has expired.");
    let times: Vec<i64> = events
        .iter()
        .map(|e| e["timestamp"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    // Only what came after the last message seen.
    let (_, newer) = pending(&raw, &session, Some("4")).await;
    assert_eq!(message_ids(&newer), [5, 6]);
    let (_, none) = pending(&raw, &session, Some("6")).await;
    assert_eq!(none, json!({"events": []}));

    // While it runs, the archive lists it only with include_pending.
    let (_, archived) = raw.get("/chats", &[("visitor_id", VISITOR)]).await;
    assert_eq!(archived["total"], 0);
    let (_, running) = raw
        .get(
            "/chats",
            &[("visitor_id", VISITOR), ("include_pending", "1")],
        )
        .await;
    assert_eq!(running["total"], 1);
    assert_eq!(running["chats"][0]["pending"], true);

    let (status, body) = visitor_call(&raw, "close", &session, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"success": true}));

    let (_, archived) = raw.get("/chats", &[("visitor_id", VISITOR)]).await;
    assert_eq!(archived["total"], 1);
    let chat = &archived["chats"][0];
    assert!(chat.get("pending").is_none());
    assert_eq!(chat["visitor"]["name"], "Mary Brown");
    assert_eq!(chat["group"], json!([1]));
    assert_eq!(chat["agents"][0]["display_name"], agent_name.as_str());
    assert_eq!(
        chat["prechat_survey"][1],
        json!({"key": "E-mail:", "value": "mary.brown@email.com", "id": "135893763480606511"})
    );
    let texts: Vec<&str> = chat["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 5);
    assert_eq!(texts[0], "Hi, how can we help?");
    assert_eq!(texts[1], "I need help with my discount code.");
    assert_eq!(texts[3], "It says the code has expired.");
    let started = chat["started_timestamp"].as_i64().unwrap();
    let ended = chat["ended_timestamp"].as_i64().unwrap();
    assert!(ended > started);
    assert_eq!(chat["duration"], ended - started);
    let last = chat["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event_type"], "closed");
    assert_eq!(last["text"], "Mary Brown closed the chat.");
    // Newest of the archive, and found by what was said.
    let (_, newest) = raw.get("/chats", &[]).await;
    assert_eq!(newest["chats"][0]["id"], chat["id"]);
    let (_, said) = raw.get("/chats", &[("query", "discount code")]).await;
    assert!(
        said["chats"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == chat["id"])
    );
    let (_, me) = raw.get("/visitors", &[("state", "chat closed")]).await;
    assert!(me.as_array().unwrap().iter().any(|v| v["id"] == VISITOR));

    // A closed chat takes no more calls.
    let (status, body) =
        visitor_call(&raw, "send_message", &session, &[("message", "Hello?")]).await;
    assert_eq!(status, 404);
    assert!(body["error"].as_str().unwrap().contains("closed"));
    let (status, _) = pending(&raw, &session, None).await;
    assert_eq!(status, 404);

    // Webhooks saw it start and end.
    let started_hook = delivered(&raw, "chat_started", 1).await;
    let body = &started_hook[0].body;
    assert_eq!(body["license_id"], raw.licence());
    assert_eq!(body["visitor"]["id"], VISITOR);
    assert_eq!(body["visitor"]["name"], "Mary Brown");
    assert_eq!(body["visitor"]["email"], "mary.brown@email.com");
    assert_eq!(body["chat"]["id"], chat["id"]);
    assert_eq!(body["chat"]["messages"][0]["text"], "Hi, how can we help?");
    assert!(body["chat"].get("ended_timestamp").is_none());
    let survey = body["pre_chat_survey"].as_array().unwrap();
    assert!(
        survey
            .iter()
            .any(|a| a["type"] == "email" && a["answer"] == "mary.brown@email.com")
    );
    let ended_hook = delivered(&raw, "chat_ended", 1).await;
    let body = &ended_hook[0].body;
    assert_eq!(body["chat"]["id"], chat["id"]);
    assert_eq!(body["chat"]["ended_timestamp"], ended);
    assert_eq!(body["chat"]["messages"].as_array().unwrap().len(), 5);
    assert!(
        body.get("pre_chat_survey").is_none(),
        "only the data types asked for"
    );
}

#[tokio::test]
async fn starting_twice_gives_the_running_chat() {
    let raw = Raw::start().await;
    let first = start_chat(&raw).await;
    let second = start_chat(&raw).await;
    assert_eq!(first, second);
    let (_, running) = raw
        .get(
            "/chats",
            &[("visitor_id", VISITOR), ("include_pending", "1")],
        )
        .await;
    assert_eq!(running["total"], 1);
}

#[tokio::test]
async fn visitor_calls_authenticate_with_licence_and_session() {
    let raw = Raw::start().await;
    let session = start_chat(&raw).await;
    let licence = raw.licence();

    // A wrong licence number: 401.
    let (status, body) = raw
        .visitor_form(
            &format!("/visitors/{VISITOR}/chat/send_message"),
            &[
                ("licence_id", "999"),
                ("secured_session_id", session.as_str()),
                ("message", "x"),
            ],
        )
        .await;
    assert_eq!(status, 401);
    assert!(body["error"].as_str().unwrap().contains("licence_id"));
    let (status, _) = raw
        .visitor_form(
            "/visitors/S1.other/chat/start",
            &[("licence_id", "999"), ("welcome_message", "Hi")],
        )
        .await;
    assert_eq!(status, 401);

    // A session that does not exist, or is another visitor's: 404.
    let (status, body) =
        visitor_call(&raw, "send_message", "CS1.0000000000", &[("message", "x")]).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "Chat session not found");
    let (status, _) = raw
        .visitor_chat(
            "S1.someone-else",
            "close",
            &[("secured_session_id", session.as_str())],
        )
        .await;
    assert_eq!(status, 404);

    // Missing parameters: 400 listing them.
    let (status, body) =
        Raw::send(raw.visitor(Method::POST, &format!("/visitors/{VISITOR}/chat/close"))).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!(["licence_id is required", "secured_session_id is required"])
    );
    let (status, body) = visitor_call(&raw, "send_message", &session, &[("message", " ")]).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"], json!(["message is required"]));
    let (status, body) = pending(&raw, &session, Some("last")).await;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("last_message_id")
    );

    // The version header is still required.
    let url = format!("{}/visitors/{VISITOR}/chat/close", raw.fake().base_url());
    let response = raw
        .http()
        .post(url)
        .form(&[
            ("licence_id", licence.as_str()),
            ("secured_session_id", session.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);

    // Nothing above closed the chat.
    let (status, _) = pending(&raw, &session, None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_chat_start_is_validated() {
    let raw = Raw::start().await;
    let visitor = "S1.new-visitor";
    let (status, body) = raw
        .visitor_chat(visitor, "start", &[("email", "nope"), ("group", "9")])
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!([
            "welcome_message is required",
            "email must be a valid e-mail address",
            "group must be the id of an existing group",
        ])
    );
    let long = "x".repeat(1025);
    let (status, body) = raw
        .visitor_chat(visitor, "start", &[("welcome_message", long.as_str())])
        .await;
    assert_eq!(status, 400);
    assert!(body["errors"][0].as_str().unwrap().contains("at most 1024"));

    // Without a name the visitor is "Client", in group 0; JSON bodies work too.
    let path = format!("/visitors/{visitor}/chat/start");
    let (status, body) = Raw::send(
        raw.visitor(Method::POST, &path)
            .json(&json!({"licence_id": raw.fake().config().license_id, "welcome_message": "Hi"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, chats) = raw
        .get(
            "/chats",
            &[("visitor_id", visitor), ("include_pending", "1")],
        )
        .await;
    assert_eq!(chats["chats"][0]["visitor"]["name"], "Client");
    assert_eq!(chats["chats"][0]["group"], json!([0]));
}

#[tokio::test]
async fn retagging_a_running_chat_raises_chat_changed() {
    let raw = Raw::start().await;
    let hooks = WebhookReceiver::start().await.expect("the receiver starts");
    webhook(&raw, &hooks, "chat_changed", &["chat", "visitor"]).await;
    let session = start_chat(&raw).await;
    let (_, running) = raw
        .get(
            "/chats",
            &[("visitor_id", VISITOR), ("include_pending", "1")],
        )
        .await;
    let id = running["chats"][0]["id"].as_str().unwrap().to_owned();
    let (status, body) = raw
        .form(
            Method::PUT,
            &format!("/chats/{id}/tags"),
            &[("tag[]", "sales"), ("tag[]", "discount")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let changed = delivered(&raw, "chat_changed", 1).await;
    assert_eq!(changed[0].body["chat"]["id"], id.as_str());
    assert_eq!(
        changed[0].body["chat"]["tags"],
        json!(["sales", "discount"])
    );
    assert_eq!(changed[0].body["visitor"]["id"], VISITOR);
    // The tags stay on the chat when it is archived.
    visitor_call(&raw, "close", &session, &[]).await;
    let (_, read) = raw.get(&format!("/chats/{id}"), &[]).await;
    assert_eq!(read["tags"], json!(["sales", "discount"]));
    assert!(read.get("pending").is_none());
}

#[tokio::test]
async fn a_new_ticket_raises_ticket_created() {
    let raw = Raw::start().await;
    let hooks = WebhookReceiver::start().await.expect("the receiver starts");
    webhook(&raw, &hooks, "ticket_created", &["ticket"]).await;
    let (status, ticket) = raw
        .form(
            Method::POST,
            "/tickets",
            &[
                ("message", "My order never came."),
                ("requester[mail]", "tom.lee@example.org"),
                ("requester[name]", "Tom Lee"),
                ("subject", "Missing order"),
                ("group[]", "1"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{ticket}");
    let created = delivered(&raw, "ticket_created", 1).await;
    let payload = &created[0].body["ticket"];
    assert_eq!(payload["id"], ticket["id"]);
    assert_eq!(payload["subject"], "Missing order");
    assert_eq!(payload["groups"], json!([{"id": 1, "name": "Sales"}]));
    assert_eq!(payload["requester"]["name"], "Tom Lee");
    let date = payload["events"][0]["date"].as_str().unwrap();
    assert!(date.ends_with('Z') && date.contains('T'), "{date}");
    assert_eq!(payload["source"]["type"], "lc2");
}

// ---------------------------------------------------------------------------------------
// Through the typed client

mod typed {
    use livechat_api::Error;
    use livechat_api::models::{VisitorChatEvent, VisitorSession};
    use livechat_tests::fake::FakeLiveChat;

    /// A visitor's device has no agent credentials: a client without any makes the
    /// visitor-side calls, and refuses every other call before sending it.
    #[tokio::test]
    async fn a_client_without_credentials_makes_only_the_visitor_calls() {
        let fake = FakeLiveChat::start().await.unwrap();
        let client = fake.client_with(livechat_api::Credentials::none());
        let licence = fake.config().license_id as i64;
        let session = client
            .visitor_chat()
            .start(
                &livechat_api::models::LicenceVisitor::new("S1700000001.anonymous", licence),
                "Hello",
            )
            .send()
            .await
            .unwrap();
        assert!(!session.secured_session_id.expose().is_empty());

        let recorder = livechat_tests::recorder::Recorder::start().await.unwrap();
        let anonymous = livechat_api::Client::builder(livechat_api::Credentials::none())
            .base_url(&recorder.base_url)
            .build()
            .unwrap();
        let error = anonymous.agents().list().send().await.unwrap_err();
        assert!(
            matches!(&error, Error::InvalidInput(message) if message.contains("agents.list")),
            "{error}"
        );
        assert!(recorder.requests().is_empty(), "nothing was sent");
    }

    #[tokio::test]
    async fn a_typed_visitor_chat_ends_in_the_archive() {
        let fake = FakeLiveChat::start().await.unwrap();
        let client = fake.client();
        let licence = fake.config().license_id as i64;
        let visitor = "S1700000001.typed";
        let session = client
            .visitor_chat()
            .start(
                &livechat_api::models::LicenceVisitor::new(visitor, licence),
                "Welcome!",
            )
            .name("Tom Lee")
            .email("tom.lee@example.org")
            .group(2)
            .send()
            .await
            .unwrap();
        assert_eq!(session.banned, Some(false));
        let secured = session.secured_session_id;
        let open_chat = VisitorSession::new(visitor, licence, secured);

        let sent = client
            .visitor_chat()
            .send_message(&open_chat, "The app crashes.")
            .send()
            .await
            .unwrap();
        assert!(sent.success);
        let pending = client
            .visitor_chat()
            .get_pending_messages(&open_chat)
            .send()
            .await
            .unwrap();
        let VisitorChatEvent::AgentDetails(details) = &pending.events[0] else {
            panic!("{:?}", pending.events);
        };
        let agent = details.agent.as_ref().unwrap().name.clone().unwrap();
        let ids: Vec<i64> = pending
            .events
            .iter()
            .map(|e| match e {
                VisitorChatEvent::AgentDetails(e) => e.message_id,
                VisitorChatEvent::Message(e) => e.message_id,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        let later = client
            .visitor_chat()
            .get_pending_messages(&open_chat)
            .last_message_id(3)
            .send()
            .await
            .unwrap();
        assert_eq!(later.events.len(), 1);

        let closed = client
            .visitor_chat()
            .close(&open_chat)
            .send()
            .await
            .unwrap();
        assert!(closed.success);
        let archived = client
            .chats()
            .list()
            .visitor_id(visitor)
            .send()
            .await
            .unwrap();
        assert_eq!(archived.total, 1);
        let chat = &archived.chats[0];
        assert_eq!(chat.group, [2]);
        assert_eq!(chat.agents[0].display_name, agent);
        assert_eq!(chat.messages[1].text, "The app crashes.");
        assert_eq!(chat.pending, None);

        let error = client
            .visitor_chat()
            .close(&open_chat)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(error, Error::NotFound(_)), "{error:?}");
        let error = client
            .visitor_chat()
            .start(
                &livechat_api::models::LicenceVisitor::new("S1700000001.other", licence + 1),
                "Hi",
            )
            .send()
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    }
}
