//! The typed surface: paginated streams usable without pinning or extra crates, unions
//! read without a `match`, enums made from text.

use livechat_api::models::{AgentStatus, ChatEvent, Goal, GoalMatchType, GoalType};
use livechat_api::{Error, Items, Pages, ParseEnumError};
use livechat_tests::recorder::Reply;
use serde_json::json;

use crate::paging::{chats_page, setup};

fn assert_unpin_stream<S: Unpin + Send + futures_util::Stream>(_: &S) {}

#[tokio::test]
async fn items_are_walked_with_inherent_methods_and_no_pinning() {
    let (recorder, client) = setup().await;
    recorder.reply(chats_page(0, 2, 3, 2));
    recorder.reply(chats_page(2, 1, 3, 2));
    let mut chats: Items<'_, _> = client.chats().list().stream();
    assert_unpin_stream(&chats);
    let mut ids = Vec::new();
    while let Some(chat) = chats.try_next().await.unwrap() {
        ids.push(chat.id);
    }
    assert_eq!(ids, ["CHAT0000", "CHAT0001", "CHAT0002"]);
    assert!(chats.next().await.is_none(), "the end stays the end");
    assert_eq!(recorder.requests().len(), 2);
}

#[tokio::test]
async fn try_collect_gathers_every_item_or_the_first_error() {
    let (recorder, client) = setup().await;
    recorder.reply(chats_page(0, 2, 4, 2));
    recorder.reply(chats_page(2, 2, 4, 2));
    let all = client.chats().list().stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 4);

    recorder.reply(chats_page(0, 2, 4, 2));
    recorder.reply(Reply::json(500, r#"{"error":"down"}"#));
    let failed = client.chats().list().stream().try_collect().await;
    assert!(matches!(failed, Err(Error::Api(_))), "{failed:?}");
    assert_eq!(recorder.requests().len(), 4, "no request after the error");
}

#[tokio::test]
async fn pages_give_the_totals_before_any_item_is_walked() {
    let (recorder, client) = setup().await;
    recorder.reply(chats_page(0, 2, 3, 2));
    recorder.reply(chats_page(2, 1, 3, 2));
    let mut pages: Pages<'_, _> = client.chats().list().page(1).pages();
    assert_unpin_stream(&pages);
    assert!(
        recorder.requests().is_empty(),
        "nothing is fetched before polling"
    );
    let first = pages.try_next().await.unwrap().unwrap();
    assert_eq!((first.total, first.pages), (3, 2));
    assert_eq!(first.chats.len(), 2);
    assert_eq!(
        recorder.requests().len(),
        1,
        "the second page waits to be asked for"
    );
    let rest = pages.try_collect().await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].chats.len(), 1);
    assert_eq!(recorder.requests().len(), 2);
}

#[tokio::test]
async fn pages_stop_on_an_empty_page_and_after_an_error() {
    let (recorder, client) = setup().await;
    recorder.reply(chats_page(0, 0, 0, 9));
    let pages = client.chats().list().pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1, "an empty page ends the walk");

    recorder.reply(Reply::json(404, r#"{"error":"gone"}"#));
    let mut pages = client.chats().list().pages();
    assert!(matches!(pages.next().await, Some(Err(_))));
    assert!(pages.next().await.is_none(), "an error ends the walk");
    assert!(pages.next().await.is_none(), "and it stays ended");
    assert_eq!(recorder.requests().len(), 2);
}

#[tokio::test]
async fn items_still_serve_stream_combinators() {
    use futures_util::StreamExt;
    let (recorder, client) = setup().await;
    recorder.reply(chats_page(0, 3, 3, 1));
    let first_two: Vec<_> = client.chats().list().stream().take(2).collect().await;
    assert_eq!(first_two.len(), 2);
}

#[test]
fn the_2017_goal_list_decodes_into_a_typed_variant() {
    let body = include_str!("../../fixtures/responses/goals/list.2017.json");
    let goals: Vec<Goal> = serde_json::from_str(body).unwrap();
    let Goal::Listed(first) = &goals[0] else {
        panic!("expected Goal::Listed, got {:?}", goals[0]);
    };
    assert_eq!(first.id, 1041);
    assert!(
        first.extra.is_empty(),
        "nothing is left over: {:?}",
        first.extra
    );
    let names: Vec<_> = goals.iter().map(|goal| goal.name().unwrap()).collect();
    assert_eq!(names, ["purchase", "nike shoes variable"]);
    assert_eq!(goals[1].id(), Some(1181));
    assert_eq!(goals[1].active(), Some(true));
    assert_eq!(
        serde_json::to_value(&goals).unwrap(),
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );
}

#[test]
fn a_null_tag_is_missing_but_an_unknown_or_odd_one_is_not() {
    let null: Goal = serde_json::from_value(json!({"id": 1, "name": "n", "type": null})).unwrap();
    assert!(matches!(null, Goal::Listed(_)), "{null:?}");
    let unknown: Goal = serde_json::from_value(json!({"id": 2, "type": "quiz"})).unwrap();
    assert!(matches!(unknown, Goal::Unknown(_)), "{unknown:?}");
    let odd: Goal = serde_json::from_value(json!({"id": 3, "type": true})).unwrap();
    assert!(matches!(odd, Goal::Unknown(_)), "{odd:?}");
}

#[test]
fn shared_accessors_read_every_variant_and_plain_values_of_unknown() {
    let body = include_str!("../../fixtures/responses/goals/list.json");
    let goals: Vec<Goal> = serde_json::from_str(body).unwrap();
    assert!(matches!(goals[0], Goal::Url(_)));
    assert!(matches!(goals[1], Goal::CustomVariable(_)));
    let seen: Vec<_> = goals
        .iter()
        .map(|goal| (goal.id(), goal.name(), goal.active()))
        .collect();
    assert_eq!(
        seen,
        [
            (Some(1041), Some("purchase"), Some(true)),
            (Some(1181), Some("nike shoes variable"), Some(true)),
        ]
    );

    let unknown: Goal =
        serde_json::from_value(json!({"type": "quiz", "id": 7, "name": "q", "active": 0})).unwrap();
    assert_eq!(
        (unknown.id(), unknown.name(), unknown.active()),
        (Some(7), Some("q"), Some(false))
    );
    let odd: Goal =
        serde_json::from_value(json!({"type": "quiz", "id": "seven", "name": 7, "active": "yes"}))
            .unwrap();
    assert_eq!((odd.id(), odd.name(), odd.active()), (None, None, None));

    let event: ChatEvent =
        serde_json::from_value(json!({"type": "message", "text": "hi", "timestamp": 1})).unwrap();
    assert_eq!(event.text(), Some("hi"));
}

#[test]
fn enums_are_made_from_their_wire_text_only() {
    assert_eq!("exact".parse::<GoalMatchType>(), Ok(GoalMatchType::Exact));
    assert_eq!(
        "accepting chats".parse::<AgentStatus>(),
        Ok(AgentStatus::AcceptingChats)
    );
    for value in GoalType::VALUES {
        let parsed: GoalType = value.parse().unwrap();
        assert_eq!(parsed.as_str(), *value);
        assert_eq!(parsed.to_string(), *value);
    }
    let error: ParseEnumError = "Exact".parse::<GoalMatchType>().unwrap_err();
    assert_eq!(error.type_name(), "GoalMatchType");
    assert_eq!(error.value(), "Exact");
    assert_eq!(error.accepted(), ["substring", "exact"]);
    assert_eq!(
        error.to_string(),
        r#"GoalMatchType: "Exact" is not a known value (expected one of: substring, exact)"#
    );
    let error: Box<dyn std::error::Error> = Box::new(error);
    assert!(error.source().is_none());
}

#[test]
fn a_match_covers_an_enum_with_unknown_and_no_wildcard() {
    // No `_` arm: this compiles only because the enum is exhaustive.
    fn describe(kind: &GoalType) -> &str {
        match kind {
            GoalType::CustomVariable => "variable",
            GoalType::Url => "url",
            GoalType::Api => "api",
            GoalType::SalesTracker => "sales",
            GoalType::Unknown(value) => value.as_str(),
        }
    }
    let from_server: GoalType = serde_json::from_value(json!("quiz")).unwrap();
    assert_eq!(describe(&from_server), "quiz");
    assert_eq!(describe(&GoalType::Api), "api");
    assert!(
        "quiz".parse::<GoalType>().is_err(),
        "callers cannot make Unknown from text"
    );
}
