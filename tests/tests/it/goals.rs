//! Goals through the library against the fake server.

use livechat_api::Error;
use livechat_api::models::{Goal, GoalMatchType, GoalType, GoalValueType, VisitorSession};
use livechat_tests::fake::FakeLiveChat;
use livechat_tests::raw::Raw;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn goals_round_trip() {
    let raw = Raw::start().await;
    let fake = raw.fake();
    let client = fake.client();
    let created = client
        .goals()
        .create("new goal", GoalType::Url)
        .url("http://www.mystore.com/checkout/thank_you")
        .match_type(GoalMatchType::Exact)
        .send()
        .await
        .unwrap();
    let Goal::Url(url_goal) = &created else {
        panic!("not a url goal: {created:?}");
    };
    let id = url_goal.id;
    assert_eq!(url_goal.name, "new goal");
    assert_eq!(url_goal.active, Some(true));
    assert_eq!(url_goal.match_type, Some(GoalMatchType::Exact));
    assert_eq!(
        url_goal.url.as_deref(),
        Some("http://www.mystore.com/checkout/thank_you")
    );

    let fetched = client.goals().get(id).send().await.unwrap();
    assert_eq!(fetched, created);

    let updated = client
        .goals()
        .update(id)
        .name("new goal paused")
        .active(false)
        .send()
        .await
        .unwrap();
    let Goal::Url(paused) = &updated else {
        panic!("not a url goal: {updated:?}");
    };
    assert_eq!(paused.name, "new goal paused");
    assert_eq!(paused.active, Some(false));
    assert_eq!(paused.url, url_goal.url, "settings not sent are kept");
    assert_eq!(paused.match_type, Some(GoalMatchType::Exact));
    // `active` travels as 1/0.
    let (status, body) = raw.get(&format!("/goals/{id}"), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(body["active"], json!(0));

    let listed = client.goals().list().send().await.unwrap();
    let entry = listed
        .iter()
        .find(|goal| goal_id(goal) == Some(id))
        .expect("the new goal is listed");
    let Goal::Url(entry) = entry else {
        panic!("not a url goal: {entry:?}");
    };
    assert_eq!(entry.name, "new goal paused");
    assert_eq!(entry.url, None, "the list carries no settings");
    let urls = client
        .goals()
        .list()
        .r#type(GoalType::Url)
        .send()
        .await
        .unwrap();
    assert!(urls.iter().any(|goal| goal_id(goal) == Some(id)));
    assert!(urls.iter().all(|goal| matches!(goal, Goal::Url(_))));
    let apis = client
        .goals()
        .list()
        .r#type(GoalType::Api)
        .send()
        .await
        .unwrap();
    assert!(!apis.is_empty() && apis.iter().all(|goal| matches!(goal, Goal::Api(_))));

    let marked = client
        .goals()
        .mark_as_successful(id, "S1281361958.2238ee3bd3")
        .order_id("AP723HVCA721")
        .order_description("Nike shoes")
        .order_price("199.00")
        .order_currency("USD")
        .send()
        .await
        .unwrap();
    assert_eq!(marked.result, "goal marked as successful");

    let removed = client.goals().remove(id).send().await.unwrap();
    assert_eq!(removed.result, "goal removed successfully");
    let error = client.goals().get(id).send().await.unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    let error = client.goals().remove(id).send().await.unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    let error = client
        .goals()
        .mark_as_successful(id, "S1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    let (status, body) = raw.get("/goals/abc", &[]).await;
    assert_eq!((status, body), (404, json!({ "error": "Goal not found" })));
}

#[tokio::test]
async fn goals_of_every_type_keep_their_settings() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let seeded = client.goals().list().send().await.unwrap();
    for kind in ["url", "custom_variable", "api", "sales_tracker"] {
        assert!(
            seeded
                .iter()
                .any(|goal| serde_json::to_value(goal).unwrap()["type"] == kind),
            "no seeded {kind} goal: {seeded:?}"
        );
    }

    let variable = client
        .goals()
        .create("nike shoes variable", GoalType::CustomVariable)
        .custom_variable_name("nike_shoes")
        .custom_variable_value("true")
        .send()
        .await
        .unwrap();
    let Goal::CustomVariable(variable) = variable else {
        panic!("not a custom_variable goal: {variable:?}");
    };
    assert_eq!(variable.custom_variable_name.as_deref(), Some("nike_shoes"));
    assert_eq!(variable.custom_variable_value.as_deref(), Some("true"));

    let api = client
        .goals()
        .create("signup", GoalType::Api)
        .active(false)
        .url("ignored for an api goal")
        .send()
        .await
        .unwrap();
    let Goal::Api(api) = api else {
        panic!("not an api goal: {api:?}");
    };
    assert_eq!(api.active, Some(false));
    assert!(api.extra.is_empty(), "{:?}", api.extra);

    let sales = client
        .goals()
        .create("shop sales", GoalType::SalesTracker)
        .sales_tracker_id("991")
        .value_type(GoalValueType::Set)
        .value("49.90")
        .currency("EUR")
        .order_field_name("order_id")
        .send()
        .await
        .unwrap();
    let Goal::SalesTracker(sales) = sales else {
        panic!("not a sales_tracker goal: {sales:?}");
    };
    assert_eq!(sales.sales_tracker_id.as_deref(), Some("991"));
    assert_eq!(sales.value_type, Some(GoalValueType::Set));
    assert_eq!(sales.value.as_deref(), Some("49.90"));
    assert_eq!(sales.currency.as_deref(), Some("EUR"));
    assert_eq!(sales.order_field_name.as_deref(), Some("order_id"));
    let updated = client
        .goals()
        .update(sales.id)
        .value_field_name("total")
        .send()
        .await
        .unwrap();
    let Goal::SalesTracker(updated) = updated else {
        panic!("not a sales_tracker goal: {updated:?}");
    };
    assert_eq!(updated.value_field_name.as_deref(), Some("total"));
    assert_eq!(updated.currency.as_deref(), Some("EUR"));

    // A new type needs its settings and drops the old ones.
    let retyped = client
        .goals()
        .update(variable.id)
        .r#type(GoalType::Url)
        .url("mystore.com/thanks")
        .send()
        .await
        .unwrap();
    let Goal::Url(retyped) = retyped else {
        panic!("not a url goal: {retyped:?}");
    };
    assert_eq!(retyped.url.as_deref(), Some("mystore.com/thanks"));
    assert_eq!(retyped.match_type, Some(GoalMatchType::Substring));
    assert!(retyped.extra.is_empty(), "{:?}", retyped.extra);
}

#[tokio::test]
async fn invalid_goals_are_400_with_every_message() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let error = client
        .goals()
        .create(" ", GoalType::CustomVariable)
        .send()
        .await
        .unwrap_err();
    let found = messages(&error);
    assert!(has(&found, "name is required"), "{found:?}");
    assert!(has(&found, "custom_variable_name is required"), "{found:?}");
    assert!(
        has(&found, "custom_variable_value is required"),
        "{found:?}"
    );

    let weird: GoalType = serde_json::from_value(json!("page_view")).unwrap();
    let error = client.goals().create("x", weird).send().await.unwrap_err();
    let found = messages(&error);
    assert!(has(&found, "type must be one of"), "{found:?}");

    let error = client
        .goals()
        .create("x", GoalType::Url)
        .param("active", "maybe")
        .send()
        .await
        .unwrap_err();
    let found = messages(&error);
    assert!(has(&found, "url is required"), "{found:?}");
    assert!(has(&found, "active must be 0 or 1"), "{found:?}");

    let error = client
        .goals()
        .create("x", GoalType::SalesTracker)
        .value_type(GoalValueType::Set)
        .send()
        .await
        .unwrap_err();
    assert!(has(
        &messages(&error),
        "value is required when value_type is set"
    ));

    let error = client
        .goals()
        .update(1041)
        .r#type(GoalType::CustomVariable)
        .custom_variable_name("only the name")
        .send()
        .await
        .unwrap_err();
    let found = messages(&error);
    assert!(
        has(&found, "custom_variable_value is required"),
        "{found:?}"
    );
    assert!(!has(&found, "custom_variable_name"), "{found:?}");

    let error = client
        .goals()
        .mark_as_successful(1041, "")
        .order_price("199,00")
        .send()
        .await
        .unwrap_err();
    let found = messages(&error);
    assert!(has(&found, "visitor_id is required"), "{found:?}");
    assert!(has(&found, "order_price must be a number"), "{found:?}");

    // Nothing was created by the refused calls.
    let listed = client.goals().list().send().await.unwrap();
    assert!(listed.iter().all(|goal| {
        let json = serde_json::to_value(goal).unwrap();
        json["name"] != "x" && json["name"] != " "
    }));
}

#[tokio::test]
async fn a_success_is_recorded_on_the_visitors_running_chat() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let licence = fake.config().license_id as i64;
    let visitor = "S1281361958.2238ee3bd3";
    let goal = client
        .goals()
        .create("checkout", GoalType::Api)
        .send()
        .await
        .unwrap();
    let goal = goal_id(&goal).unwrap();
    let session = client
        .visitor_chat()
        .start(
            &livechat_api::models::LicenceVisitor::new(visitor, licence),
            "Hello!",
        )
        .send()
        .await
        .unwrap()
        .secured_session_id;
    client
        .goals()
        .mark_as_successful(goal, visitor)
        .order_id("AP723HVCA721")
        .order_price("199.00")
        .send()
        .await
        .unwrap();
    // Another visitor's success does not land on this chat.
    client
        .goals()
        .mark_as_successful(1041, "S0000000000.someone-else")
        .send()
        .await
        .unwrap();
    client
        .visitor_chat()
        .close(&VisitorSession::new(visitor, licence, session))
        .send()
        .await
        .unwrap();

    let found = client.chats().list().goal(goal).send().await.unwrap();
    let [chat] = found.chats.as_slice() else {
        panic!("one chat reached the goal: {found:?}");
    };
    let [reached] = chat.goals.as_slice() else {
        panic!("{:?}", chat.goals);
    };
    assert_eq!(reached.id, goal);
    assert_eq!(reached.name, "checkout");
    let order = reached.order.as_ref().unwrap();
    assert_eq!(order.id.as_deref(), Some("AP723HVCA721"));
    assert_eq!(order.price.as_deref(), Some("199.00"));
}
