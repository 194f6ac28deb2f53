//! What every request builder shares: the `ApiRequest` trait that generic code sends any
//! request through, the distinct builder type names, and setters on the models a request
//! carries.

use livechat_api::models::{AgentNotifications, TicketRequesterInput, WorkDay, WorkScheduler};
use livechat_api::{ApiRequest, RequestInfo};
use livechat_tests::recorder::Reply;

use crate::paging::setup;

/// Code written once for any request: names it, sends it, hands back both.
async fn sent<R: ApiRequest>(request: R) -> (RequestInfo, livechat_api::Result<R::Output>) {
    let info = request.info();
    (info, request.send().await)
}

#[tokio::test]
async fn generic_code_sends_any_request_and_gets_its_typed_answer() {
    let (recorder, client) = setup().await;
    recorder.reply(Reply::json(
        200,
        r#"[{"login":"jane@example.com","name":"Jane"}]"#,
    ));
    let (info, agents) = sent(client.agents().list()).await;
    assert_eq!(
        (info.operation(), info.method(), info.path_template()),
        ("agents.list", "GET", "/agents")
    );
    let agents = agents.unwrap();
    assert_eq!(agents[0].login, "jane@example.com");

    recorder.reply(Reply::json(200, r#"{"id":7,"group":2,"text":"Bye"}"#));
    let (info, created) = sent(
        client
            .canned_responses()
            .create("Bye", ["bye"])
            .param("group", 2),
    )
    .await;
    assert_eq!(info.operation(), "canned_responses.create");
    assert_eq!(created.unwrap().id, 7);
    let request = recorder.last().unwrap();
    assert_eq!(request.path(), "/canned_responses");
    assert!(
        request.form().contains(&("group".into(), "2".into())),
        "{:?}",
        request.form()
    );
}

#[tokio::test]
async fn the_trait_and_the_builder_add_parameters_alike() {
    let (recorder, client) = setup().await;
    for request in [
        client.agents().list().param("since", "2024-01-01"),
        ApiRequest::param(client.agents().list(), "since", "2024-01-01"),
    ] {
        recorder.reply(Reply::json(200, "[]"));
        request.send().await.unwrap();
        assert_eq!(
            recorder.last().unwrap().query(),
            [("since".to_owned(), "2024-01-01".to_owned())]
        );
    }
}

#[test]
fn builders_have_names_of_their_own() {
    fn name_of<T>(_: &T) -> &'static str {
        std::any::type_name::<T>()
    }
    let client = livechat_api::Client::new(livechat_api::Credentials::bearer("t")).unwrap();
    let list_agents: livechat_api::agents::ListAgents<'_> = client.agents().list();
    let list_chats: livechat_api::chats::ListChats<'_> = client.chats().list();
    let update: livechat_api::canned_responses::UpdateCannedResponse<'_> =
        client.canned_responses().update(1);
    let names = [
        name_of(&list_agents),
        name_of(&list_chats),
        name_of(&update),
        name_of(&client.reports().total_chats()),
        name_of(&client.status().get()),
    ];
    assert_eq!(
        names.map(|name| name
            .rsplit("::")
            .next()
            .unwrap_or_default()
            .split('<')
            .next()
            .unwrap_or_default()),
        [
            "ListAgents",
            "ListChats",
            "UpdateCannedResponse",
            "TotalChatsReport",
            "GetStatus"
        ]
    );
}

#[tokio::test]
async fn input_models_are_built_with_setters() {
    let (recorder, client) = setup().await;
    let day = WorkDay::default().enabled(true).start("08:00").end("16:00");
    let schedule = WorkScheduler::default()
        .monday(day.clone())
        .tuesday(day)
        .set_tuesday(None);
    let notifications = AgentNotifications::default()
        .new_visitor(true)
        .incoming_chat(false);
    recorder.reply(Reply::json(200, "{}"));
    let _ = client
        .agents()
        .update("jane@example.com")
        .work_scheduler(schedule)
        .notifications(notifications)
        .send()
        .await;
    let form = recorder.last().unwrap().form();
    let expected = [
        ("work_scheduler[monday][enabled]", "1"),
        ("work_scheduler[monday][start]", "08:00"),
        ("work_scheduler[monday][end]", "16:00"),
        ("notifications[new_visitor]", "1"),
        ("notifications[incoming_chat]", "0"),
    ];
    for (key, value) in expected {
        assert!(
            form.contains(&(key.to_owned(), value.to_owned())),
            "{key}={value} missing from {form:?}"
        );
    }
    assert!(
        !form.iter().any(|(key, _)| key.contains("tuesday")),
        "set_tuesday(None) cleared it: {form:?}"
    );

    let requester = TicketRequesterInput::new("jane@example.com").name("Jane");
    assert_eq!(requester.name.as_deref(), Some("Jane"));
    assert_eq!(requester.set_name(None).name, None);
}
