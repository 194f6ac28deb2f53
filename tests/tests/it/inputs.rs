//! Inputs that cannot be misused: greeting rules built by type, a visitor's chat as one
//! value, ids of their own type, and integer parameters of any integer type. Each test
//! checks the wire through the recorder, so a typed input that sent something else
//! would show here.

use livechat_api::models::{
    Chat, ChatId, GreetingCustomVariableRuleInput, GreetingFunnelUrlInput, GreetingNumberRuleInput,
    GreetingOperator, GreetingRuleInput, GreetingRuleType, GreetingTextRuleInput, Ticket, TicketId,
    VisitorDetailsAccess, VisitorDetailsField, VisitorSession,
};
use livechat_api::{Client, Credentials, Error, ErrorKind, Secret};
use livechat_tests::recorder::{Recorded, Recorder, Reply};
use serde_json::{Value, json};

async fn recorder_client(json_bodies: bool) -> (Recorder, Client) {
    let recorder = Recorder::start().await.expect("recorder starts");
    let client = Client::builder(Credentials::basic("john.doe@mycompany.com", "key"))
        .base_url(&recorder.base_url)
        .max_retries(0)
        .json_bodies(json_bodies)
        .build()
        .expect("client builds");
    (recorder, client)
}

fn only(recorder: &Recorder) -> Recorded {
    let requests = recorder.requests();
    let [request] = requests.as_slice() else {
        panic!("expected one request, got {}", requests.len());
    };
    request.clone()
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    sorted(
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// One rule of every type, each from its constructor.
fn one_rule_of_each_type() -> Vec<GreetingRuleInput> {
    vec![
        GreetingRuleInput::visit_time_site(5),
        GreetingRuleInput::visit_time_page(15),
        GreetingRuleInput::url_current("shoes"),
        GreetingRuleInput::url_visited("cart"),
        GreetingRuleInput::pages_view_number(3),
        GreetingRuleInput::url_referrer("google"),
        GreetingRuleInput::geolocation("Norway"),
        GreetingRuleInput::visits_number(2),
        GreetingRuleInput::search_keyword("boots"),
        GreetingRuleInput::custom_variable("empty_cart", "true"),
        GreetingRuleInput::url_funnel([GreetingFunnelUrlInput::new("mystore.com/shoes")]),
    ]
}

#[test]
fn every_rule_type_has_a_constructor_that_writes_its_tag() {
    let written: Vec<String> = one_rule_of_each_type()
        .iter()
        .map(|rule| {
            let value = serde_json::to_value(rule).unwrap();
            value["type"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(written, GreetingRuleType::VALUES);
}

#[test]
fn each_rule_type_carries_exactly_its_keys() {
    let keys = |rule: &GreetingRuleInput| -> Vec<String> {
        match serde_json::to_value(rule).unwrap() {
            Value::Object(object) => object.keys().cloned().collect(),
            other => panic!("{other}"),
        }
    };
    assert_eq!(
        keys(&GreetingRuleInput::visits_number(2)),
        ["type", "value"]
    );
    assert_eq!(
        keys(&GreetingRuleInput::custom_variable("a", "b")),
        ["type", "variable_name", "variable_value"]
    );
    assert_eq!(
        keys(&GreetingRuleInput::url_funnel([
            GreetingFunnelUrlInput::new("x")
        ])),
        ["type", "urls"]
    );
    // Time and count rules take a number and send one, as the JSON samples do.
    assert_eq!(
        serde_json::to_value(GreetingRuleInput::visit_time_page(15)).unwrap(),
        json!({ "type": "visit_time_page", "value": 15 })
    );
}

#[test]
fn an_input_rule_reads_back_into_the_same_variant_without_its_tag_in_extra() {
    for rule in one_rule_of_each_type() {
        let value = serde_json::to_value(&rule).unwrap();
        let back: GreetingRuleInput = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(back, rule, "{value}");
        assert_eq!(serde_json::to_value(&back).unwrap(), value);
    }
    let unknown: GreetingRuleInput =
        serde_json::from_value(json!({ "type": "custom", "variable_name": "x" })).unwrap();
    assert!(
        matches!(unknown, GreetingRuleInput::Unknown(_)),
        "{unknown:?}"
    );
}

#[tokio::test]
async fn typed_rules_go_on_the_form_wire_by_index() {
    let (recorder, client) = recorder_client(false).await;
    recorder.otherwise_reply(r#"{"id": 1, "name": "Welcome"}"#);
    client
        .greetings()
        .create(
            "mixed",
            [
                GreetingRuleInput::VisitTimePage(GreetingNumberRuleInput {
                    operator: Some(GreetingOperator::GreaterThan),
                    ..GreetingNumberRuleInput::new(15)
                }),
                GreetingRuleInput::CustomVariable(GreetingCustomVariableRuleInput {
                    operator: Some(GreetingOperator::Contains),
                    ..GreetingCustomVariableRuleInput::new("my_custom_var", "var_value")
                }),
                GreetingRuleInput::url_funnel([
                    GreetingFunnelUrlInput::new("mystore.com/shoes"),
                    GreetingFunnelUrlInput {
                        operator: Some(GreetingOperator::Contains),
                        ..GreetingFunnelUrlInput::new("cart")
                    },
                ]),
                GreetingRuleInput::UrlCurrent(GreetingTextRuleInput::new("shoes & socks")),
            ],
        )
        .send()
        .await
        .unwrap();
    let sent = only(&recorder);
    assert_eq!(
        sorted(sent.form()),
        pairs(&[
            ("name", "mixed"),
            ("rules[0][type]", "visit_time_page"),
            ("rules[0][value]", "15"),
            ("rules[0][operator]", "greater_than"),
            ("rules[1][type]", "custom_variable"),
            ("rules[1][variable_name]", "my_custom_var"),
            ("rules[1][variable_value]", "var_value"),
            ("rules[1][operator]", "contains"),
            ("rules[2][type]", "url_funnel"),
            ("rules[2][urls][0][url]", "mystore.com/shoes"),
            ("rules[2][urls][1][url]", "cart"),
            ("rules[2][urls][1][operator]", "contains"),
            ("rules[3][type]", "url_current"),
            ("rules[3][value]", "shoes & socks"),
        ])
    );
}

#[tokio::test]
async fn typed_rules_go_on_the_json_wire_as_objects() {
    let (recorder, client) = recorder_client(true).await;
    recorder.otherwise_reply(r#"{"id": 1, "name": "Welcome"}"#);
    client
        .greetings()
        .update(2491)
        .rules([
            GreetingRuleInput::visits_number(2),
            GreetingRuleInput::custom_variable("athletic_shoes", "true"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        only(&recorder).json().unwrap(),
        json!({ "rules": [
            { "type": "visits_number", "value": 2 },
            { "type": "custom_variable", "variable_name": "athletic_shoes", "variable_value": "true" },
        ] })
    );
}

fn session() -> VisitorSession {
    VisitorSession::new(
        "S1.visitor/with a slash",
        12345,
        Secret::from("26132406c42c96ba61ed42689b70f719"),
    )
}

#[tokio::test]
async fn a_visitor_session_fills_the_path_and_the_parameters() {
    let (recorder, client) = recorder_client(false).await;
    recorder.otherwise_reply(r#"{"success": true, "events": []}"#);
    let session = session();
    client
        .visitor_chat()
        .send_message(&session, "Hello!")
        .send()
        .await
        .unwrap();
    client
        .visitor_chat()
        .get_pending_messages(&session)
        .last_message_id(7_u64)
        .send()
        .await
        .unwrap();
    let requests = recorder.requests();
    let [sent, polled] = requests.as_slice() else {
        panic!("{requests:?}");
    };
    // The visitor id is one path segment, whatever it holds.
    assert_eq!(
        sent.segments(),
        [
            "visitors",
            "S1.visitor/with a slash",
            "chat",
            "send_message"
        ]
    );
    assert_eq!(
        sorted(sent.form()),
        pairs(&[
            ("licence_id", "12345"),
            ("secured_session_id", "26132406c42c96ba61ed42689b70f719"),
            ("message", "Hello!"),
        ])
    );
    assert_eq!(sent.header("authorization"), None);
    assert_eq!(
        polled.segments(),
        [
            "visitors",
            "S1.visitor/with a slash",
            "chat",
            "get_pending_messages"
        ]
    );
    assert_eq!(
        sorted(polled.query()),
        pairs(&[
            ("licence_id", "12345"),
            ("secured_session_id", "26132406c42c96ba61ed42689b70f719"),
            ("last_message_id", "7"),
        ])
    );
}

#[test]
fn spread_values_keep_their_secret_out_of_debug() {
    let session = session();
    let shown = format!("{session:?}");
    assert!(
        !shown.contains("26132406c42c96ba61ed42689b70f719"),
        "{shown}"
    );
    assert!(shown.contains("S1.visitor/with a slash"), "{shown}");
    let client = Client::new(Credentials::basic("a@b.c", "key")).unwrap();
    let builder = client.visitor_chat().send_message(&session, "hi");
    let shown = format!("{builder:?}");
    assert!(
        !shown.contains("26132406c42c96ba61ed42689b70f719"),
        "{shown}"
    );

    let access = VisitorDetailsAccess::new("S1.visitor", 12345, Secret::from("webhook-token-1"));
    let builder =
        client
            .visitors()
            .add_details(&access, "my-app", Vec::<VisitorDetailsField>::new());
    for shown in [format!("{access:?}"), format!("{builder:?}")] {
        assert!(!shown.contains("webhook-token-1"), "{shown}");
        assert!(shown.contains("S1.visitor"), "{shown}");
    }
}

#[tokio::test]
async fn ids_of_their_own_type_take_text_and_ids_alike() {
    let (recorder, client) = recorder_client(false).await;
    recorder
        .otherwise_reply(r#"{"id": "MH022RD0K5", "requester": {"mail": "mary.brown@email.com"}}"#);
    let owned = String::from("MH022RD0K5");
    let typed = ChatId::from("MH022RD0K5");
    client.chats().get("MH022RD0K5").send().await.unwrap();
    client.chats().get(owned.clone()).send().await.unwrap();
    client.chats().get(&owned).send().await.unwrap();
    client.chats().get(&typed).send().await.unwrap();
    client.chats().get(typed.clone()).send().await.unwrap();
    client
        .tickets()
        .get(TicketId::new("5FUED"))
        .send()
        .await
        .unwrap();
    let paths: Vec<String> = recorder.requests().iter().map(Recorded::path).collect();
    assert_eq!(
        paths,
        [
            "/chats/MH022RD0K5",
            "/chats/MH022RD0K5",
            "/chats/MH022RD0K5",
            "/chats/MH022RD0K5",
            "/chats/MH022RD0K5",
            "/tickets/5FUED"
        ]
    );
    // An empty id still may not address another resource.
    let error = client.chats().get("").send().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(recorder.requests().len(), 6, "nothing more was sent");
}

#[test]
fn ids_read_as_text_and_decode_as_tolerantly_as_strings() {
    let chat: Chat = serde_json::from_value(json!({ "id": "MH022RD0K5" })).unwrap();
    let id = chat.id.clone();
    assert_eq!(id, "MH022RD0K5");
    assert_eq!(id.as_str(), "MH022RD0K5");
    assert_eq!(id.to_string(), "MH022RD0K5");
    assert_eq!(&*chat.id, "MH022RD0K5");
    assert_eq!(
        serde_json::to_value(&chat).unwrap(),
        json!({ "id": "MH022RD0K5" })
    );

    // A number keeps its digits; an id is always sent, so `null` is refused, naming it.
    let requester = json!({ "mail": "mary.brown@email.com" });
    let ticket: Ticket =
        serde_json::from_value(json!({ "id": 12345, "requester": requester })).unwrap();
    assert_eq!(ticket.id, TicketId::from("12345"));
    let error = serde_json::from_value::<Ticket>(json!({ "id": null, "requester": requester }))
        .unwrap_err();
    assert!(error.to_string().contains("required"), "{error}");
    let bare: ChatId = serde_json::from_value(json!("X1")).unwrap();
    assert_eq!(String::from(bare), "X1");
}

#[tokio::test]
async fn integer_parameters_take_every_integer_type() {
    let (recorder, client) = recorder_client(false).await;
    recorder.otherwise_reply(r#"{"id": 1, "name": "Welcome", "login": "jane@example.com"}"#);
    client.greetings().get(2411_u64).send().await.unwrap();
    client.greetings().get(2411_usize).send().await.unwrap();
    client.greetings().get(2411_u16).send().await.unwrap();
    client.greetings().get(2411_i128).send().await.unwrap();
    recorder.reply(Reply::json(200, "[]"));
    client.greetings().list().group(1_u32).send().await.unwrap();
    client
        .agents()
        .create("new.agent@mycompany.com", "New Agent")
        .groups([1_u64, 2_u64])
        .send()
        .await
        .unwrap();
    let requests = recorder.requests();
    let paths: Vec<String> = requests.iter().map(Recorded::path).collect();
    assert_eq!(&paths[..4], ["/greetings/2411"; 4]);
    assert_eq!(requests[4].query(), pairs(&[("group", "1")]));
    let groups: Vec<(String, String)> = requests[5]
        .form()
        .into_iter()
        .filter(|(key, _)| key.starts_with("groups"))
        .collect();
    assert_eq!(groups, pairs(&[("groups[]", "1"), ("groups[]", "2")]));
}

#[tokio::test]
async fn an_integer_out_of_range_is_refused_naming_the_parameter() {
    let (recorder, client) = recorder_client(false).await;
    recorder.otherwise_reply(r#"{"id": 1, "name": "Welcome"}"#);
    let refused = |error: Error, name: &str| {
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error:?}");
        let text = error.to_string();
        assert!(text.contains(&format!("`{name}`")), "{text}");
    };
    refused(
        client.greetings().get(u64::MAX).send().await.unwrap_err(),
        "id",
    );
    refused(
        client.greetings().get(i128::MIN).send().await.unwrap_err(),
        "id",
    );
    refused(
        client
            .greetings()
            .list()
            .group(i64::MAX as u64 + 1)
            .send()
            .await
            .unwrap_err(),
        "group",
    );
    refused(
        client
            .agents()
            .create("new.agent@mycompany.com", "New Agent")
            .groups([1_u64, u64::MAX])
            .send()
            .await
            .unwrap_err(),
        "groups",
    );
    // A paged list refuses its first page before asking for anything.
    let mut chats = client.chats().list().page(u64::MAX).stream();
    refused(chats.try_next().await.unwrap_err(), "page");
    assert!(
        chats.try_next().await.unwrap().is_none(),
        "the walk is over"
    );
    assert!(recorder.requests().is_empty(), "nothing was sent");

    // The largest value the API takes still goes out.
    client
        .greetings()
        .get(i64::MAX as u64)
        .send()
        .await
        .unwrap();
    assert_eq!(only(&recorder).path(), format!("/greetings/{}", i64::MAX));
}
