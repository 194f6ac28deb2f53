//! Goals, greetings and groups through the library against the fake server.

use livechat_api::Error;
use livechat_api::models::{
    AgentStatus, Goal, GoalMatchType, GoalType, GoalValueType, GreetingFunnelUrl, GreetingOperator,
    GreetingPropertiesInput, GreetingRule, GreetingRuleInput, GreetingRuleType, GroupStatus,
};
use livechat_tests::fake::FakeLiveChat;
use livechat_tests::raw::Raw;
use serde_json::json;

const JANE: &str = "jane.doe@mycompany.com"; // not accepting chats, group 1
const MARY: &str = "mary.major@mycompany.com"; // accepting chats, group 2
const RICK: &str = "rick.roe@mycompany.com"; // offline, group 1

/// The messages of a 400 answer.
fn messages(error: &Error) -> Vec<String> {
    let api = error
        .api_error()
        .unwrap_or_else(|| panic!("not an API error: {error:?}"));
    assert_eq!(api.status, 400, "{api:?}");
    api.messages.clone()
}

fn has(messages: &[String], part: &str) -> bool {
    messages.iter().any(|m| m.contains(part))
}

/// A rule to send, with its value.
fn value_rule(
    kind: GreetingRuleType,
    value: &str,
    operator: GreetingOperator,
) -> GreetingRuleInput {
    let mut rule = GreetingRuleInput::new(kind);
    rule.value = Some(value.into());
    rule.operator = Some(operator);
    rule
}

/// `type` of each rule as the API sends it.
fn rule_types(rules: &[GreetingRule]) -> Vec<String> {
    rules
        .iter()
        .map(|rule| {
            let json = serde_json::to_value(rule).unwrap();
            json["type"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn goal_id(goal: &Goal) -> Option<i64> {
    match goal {
        Goal::CustomVariable(g) => g.id,
        Goal::Url(g) => g.id,
        Goal::Api(g) => g.id,
        Goal::SalesTracker(g) => g.id,
        _ => None,
    }
}

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
    let id = url_goal.id.unwrap();
    assert_eq!(url_goal.name.as_deref(), Some("new goal"));
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
    assert_eq!(paused.name.as_deref(), Some("new goal paused"));
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
    assert_eq!(entry.name.as_deref(), Some("new goal paused"));
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
    assert_eq!(marked.result.as_deref(), Some("goal marked as successful"));

    let removed = client.goals().remove(id).send().await.unwrap();
    assert_eq!(removed.result.as_deref(), Some("goal removed successfully"));
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
        .update(sales.id.unwrap())
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
        .update(variable.id.unwrap())
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
async fn greetings_round_trip() {
    let raw = Raw::start().await;
    let fake = raw.fake();
    let client = fake.client();
    let created = client
        .greetings()
        .create(
            "my custom invitation",
            [
                value_rule(
                    GreetingRuleType::VisitTimePage,
                    "15",
                    GreetingOperator::GreaterThan,
                ),
                value_rule(
                    GreetingRuleType::VisitsNumber,
                    "2",
                    GreetingOperator::GreaterOrEqual,
                ),
            ],
        )
        .group(1)
        .send()
        .await
        .unwrap();
    let id = created.id.unwrap();
    assert_eq!(created.name.as_deref(), Some("my custom invitation"));
    assert_eq!(created.active, Some(true));
    let properties = created.properties.clone().unwrap();
    assert_eq!(properties.active.as_deref(), Some("1"));
    assert!(properties.greeting_message_text.is_some());
    // Stored in reverse order, ids in the order answered.
    assert_eq!(
        rule_types(&created.rules),
        ["visits_number", "visit_time_page"]
    );
    let (GreetingRule::VisitsNumber(first), GreetingRule::VisitTimePage(second)) =
        (&created.rules[0], &created.rules[1])
    else {
        panic!("{:?}", created.rules);
    };
    assert_eq!(first.value.as_deref(), Some("2"));
    assert_eq!(first.operator, Some(GreetingOperator::GreaterOrEqual));
    assert_eq!(first.condition.as_deref(), Some("and"));
    assert_eq!(second.value.as_deref(), Some("15"));
    assert_eq!(second.operator, Some(GreetingOperator::GreaterThan));
    assert!(first.id.unwrap() < second.id.unwrap());
    assert!(
        created.extra.is_empty(),
        "no undocumented keys: {:?}",
        created.extra
    );

    let fetched = client.greetings().get(id).send().await.unwrap();
    assert_eq!(fetched, created);

    let mut variable = GreetingRuleInput::new(GreetingRuleType::CustomVariable);
    variable.variable_name = Some("athletic_shoes".into());
    variable.variable_value = Some("true".into());
    let updated = client
        .greetings()
        .update(id)
        .name("athletic shoes")
        .properties(GreetingPropertiesInput {
            greeting_message_text: Some("Hi, are you looking for some athletic shoes".into()),
            ..Default::default()
        })
        .active(false)
        .rules([variable])
        .send()
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("athletic shoes"));
    assert_eq!(updated.active, Some(false));
    let properties = updated.properties.clone().unwrap();
    assert_eq!(properties.active.as_deref(), Some("0"));
    assert_eq!(
        properties.greeting_message_text.as_deref(),
        Some("Hi, are you looking for some athletic shoes")
    );
    let [GreetingRule::CustomVariable(rule)] = updated.rules.as_slice() else {
        panic!("{:?}", updated.rules);
    };
    assert_eq!(rule.variable_name.as_deref(), Some("athletic_shoes"));
    assert_eq!(rule.variable_value.as_deref(), Some("true"));
    assert_eq!(rule.operator, Some(GreetingOperator::Equals), "the default");

    let in_group = client.greetings().list().group(1).send().await.unwrap();
    assert!(in_group.contains(&updated));
    let other = client.greetings().list().group(2).send().await.unwrap();
    assert!(!other.is_empty() && other.iter().all(|g| g.id != Some(id)));
    let all = client.greetings().list().send().await.unwrap();
    assert!(all.len() > in_group.len() && all.contains(&updated));

    let removed = client.greetings().remove(id).send().await.unwrap();
    assert_eq!(removed.ok, Some(true));
    let error = client.greetings().get(id).send().await.unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    let (status, body) = raw.get("/greetings/x1", &[]).await;
    assert_eq!(
        (status, body),
        (404, json!({ "error": "Greeting not found" }))
    );
}

#[tokio::test]
async fn greeting_funnels_and_seeded_rules() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let mut funnel = GreetingRuleInput::new(GreetingRuleType::UrlFunnel);
    funnel.urls = vec![
        GreetingFunnelUrl {
            url: Some("mystore.com/shoes".into()),
            ..Default::default()
        },
        GreetingFunnelUrl {
            url: Some("cart".into()),
            operator: Some(GreetingOperator::Contains),
            ..Default::default()
        },
    ];
    let created = client
        .greetings()
        .create("url funnel type greeting", [funnel])
        .send()
        .await
        .unwrap();
    let [GreetingRule::UrlFunnel(rule)] = created.rules.as_slice() else {
        panic!("{:?}", created.rules);
    };
    let pages: Vec<_> = rule
        .urls
        .iter()
        .map(|page| (page.url.as_deref(), page.operator.clone()))
        .collect();
    assert_eq!(
        pages,
        [
            (Some("mystore.com/shoes"), Some(GreetingOperator::Equals)),
            (Some("cart"), Some(GreetingOperator::Contains)),
        ]
    );
    let in_licence = client.greetings().list().group(0).send().await.unwrap();
    assert!(in_licence.contains(&created), "group 0 is the default");

    let seeded = client.greetings().list().send().await.unwrap();
    let mut kinds: Vec<String> = seeded.iter().flat_map(|g| rule_types(&g.rules)).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), 11, "every kind of rule is seeded: {kinds:?}");
    assert!(seeded.iter().any(|g| g.active == Some(false)));
}

#[tokio::test]
async fn invalid_greetings_are_400_with_every_message() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let error = client
        .greetings()
        .create("", Vec::<GreetingRuleInput>::new())
        .send()
        .await
        .unwrap_err();
    let found = messages(&error);
    assert!(has(&found, "name is required"), "{found:?}");
    assert!(has(&found, "rules is required"), "{found:?}");

    let bigger: GreetingOperator = serde_json::from_value(json!("bigger")).unwrap();
    let mut no_name = GreetingRuleInput::new(GreetingRuleType::CustomVariable);
    no_name.variable_value = Some("true".into());
    let error = client
        .greetings()
        .create(
            "broken",
            [
                value_rule(GreetingRuleType::VisitTimeSite, "15", bigger),
                no_name,
                GreetingRuleInput::new(GreetingRuleType::UrlFunnel),
                value_rule(
                    GreetingRuleType::VisitsNumber,
                    "many",
                    GreetingOperator::Equals,
                ),
            ],
        )
        .group(99)
        .send()
        .await
        .unwrap_err();
    let found = messages(&error);
    assert!(
        has(&found, "rules[0][operator] must be one of"),
        "{found:?}"
    );
    assert!(
        has(&found, "rules[1][variable_name] is required"),
        "{found:?}"
    );
    assert!(has(&found, "rules[2][urls] is required"), "{found:?}");
    assert!(
        has(&found, "rules[3][value] must be a whole number"),
        "{found:?}"
    );
    assert!(has(&found, "group does not exist"), "{found:?}");

    // The multiple-rules JSON sample's `"type":"custom"` is not a rule type.
    let error = client
        .greetings()
        .create("custom", Vec::<GreetingRuleInput>::new())
        .param(
            "rules",
            json!([{ "type": "custom", "variable_name": "empty_cart", "variable_value": true }]),
        )
        .send()
        .await
        .unwrap_err();
    let found = messages(&error);
    assert!(has(&found, "rules[0][type] must be one of"), "{found:?}");

    let error = client
        .greetings()
        .update(2291)
        .name(" ")
        .send()
        .await
        .unwrap_err();
    assert!(has(&messages(&error), "name cannot be empty"));
    let error = client
        .greetings()
        .update(1)
        .name("x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    let names: Vec<_> = client
        .greetings()
        .list()
        .send()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|g| g.name)
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n == "broken" || n == "custom" || n.is_empty()),
        "{names:?}"
    );
}

#[tokio::test]
async fn groups_round_trip() {
    let raw = Raw::start().await;
    let fake = raw.fake();
    let client = fake.client();
    let created = client
        .groups()
        .create("Human Resources", [RICK, JANE])
        .language("de")
        .send()
        .await
        .unwrap();
    let id = created.id.unwrap();
    assert_eq!(id, 3, "the next free id");
    assert_eq!(created.name.as_deref(), Some("Human Resources"));
    assert_eq!(created.language.as_deref(), Some("de"));
    assert_eq!(created.agents, [RICK, JANE], "in the order sent");
    assert_eq!(created.status, Some(GroupStatus::NotAcceptingChats));
    let jane = client.agents().get(JANE).send().await.unwrap();
    assert!(
        jane.groups
            .iter()
            .any(|g| g.id == Some(id) && g.name.as_deref() == Some("Human Resources")),
        "{:?}",
        jane.groups
    );

    let fetched = client.groups().get(id).send().await.unwrap();
    assert_eq!(fetched, created);

    let updated = client
        .groups()
        .update(id)
        .name("Quality Assurance")
        .agents([RICK])
        .send()
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Quality Assurance"));
    assert_eq!(updated.language.as_deref(), Some("de"), "kept");
    assert_eq!(updated.agents, [RICK]);
    assert_eq!(updated.status, Some(GroupStatus::Offline));
    let jane = client.agents().get(JANE).send().await.unwrap();
    assert!(jane.groups.iter().all(|g| g.id != Some(id)));
    let rick = client.agents().get(RICK).send().await.unwrap();
    assert!(
        rick.groups
            .iter()
            .any(|g| g.id == Some(id) && g.name.as_deref() == Some("Quality Assurance")),
        "{:?}",
        rick.groups
    );

    let listed = client.groups().list().send().await.unwrap();
    assert!(listed.contains(&updated));
    let all = listed.iter().find(|g| g.id == Some(0)).unwrap();
    assert!(all.agents.is_empty(), "group 0 sends no agents");
    assert_eq!(all.status, Some(GroupStatus::AcceptingChats));

    let removed = client.groups().remove(id).send().await.unwrap();
    assert_eq!(
        removed.result.as_deref(),
        Some("group removed successfully")
    );
    let error = client.groups().get(id).send().await.unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    let rick = client.agents().get(RICK).send().await.unwrap();
    assert!(rick.groups.iter().all(|g| g.id != Some(id)));
    let (status, body) = raw.get("/groups/one", &[]).await;
    assert_eq!((status, body), (404, json!({ "error": "Group not found" })));
}

#[tokio::test]
async fn invalid_groups_are_400_with_every_message() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let error = client
        .groups()
        .create("", Vec::<String>::new())
        .send()
        .await
        .unwrap_err();
    let found = messages(&error);
    assert!(has(&found, "name is required"), "{found:?}");
    assert!(has(&found, "agents is required"), "{found:?}");

    let error = client
        .groups()
        .create("Ghosts", [JANE, "nobody@mycompany.com"])
        .language("english please")
        .send()
        .await
        .unwrap_err();
    let found = messages(&error);
    assert!(
        has(&found, "nobody@mycompany.com is not an agent"),
        "{found:?}"
    );
    assert!(!has(&found, JANE), "{found:?}");
    assert!(has(&found, "language must be"), "{found:?}");

    let error = client
        .groups()
        .update(1)
        .agents(["nobody@mycompany.com"])
        .send()
        .await
        .unwrap_err();
    assert!(has(
        &messages(&error),
        "nobody@mycompany.com is not an agent"
    ));
    let error = client
        .groups()
        .update(0)
        .agents([JANE])
        .send()
        .await
        .unwrap_err();
    assert!(has(&messages(&error), "group 0 cannot be changed"));

    let error = client.groups().remove(0).send().await.unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(api.status, 400);
    assert!(has(&api.messages, "cannot be removed"), "{api:?}");
    assert!(client.groups().get(0).send().await.is_ok());
    let error = client
        .groups()
        .update(42)
        .name("x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");

    let names: Vec<_> = client
        .groups()
        .list()
        .send()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|g| g.name)
        .collect();
    assert_eq!(names, ["General", "Sales", "Technical Support"]);
}

#[tokio::test]
async fn group_status_follows_its_agents() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let group = client
        .groups()
        .create("Night shift", [RICK])
        .send()
        .await
        .unwrap();
    let id = group.id.unwrap();
    assert_eq!(group.status, Some(GroupStatus::Offline));

    for (members, expected) in [
        (&[RICK, JANE][..], GroupStatus::NotAcceptingChats),
        (&[RICK, JANE, MARY][..], GroupStatus::AcceptingChats),
    ] {
        let group = client
            .groups()
            .update(id)
            .agents(members.iter().copied())
            .send()
            .await
            .unwrap();
        assert_eq!(group.agents, members);
        assert_eq!(group.status, Some(expected), "{members:?}");
    }

    // Changing a member's status through /agents changes the group's.
    client
        .agents()
        .update(MARY)
        .status(AgentStatus::NotAcceptingChats)
        .send()
        .await
        .unwrap();
    let now = client.groups().get(id).send().await.unwrap();
    assert_eq!(now.status, Some(GroupStatus::NotAcceptingChats));
    for login in [JANE, MARY] {
        client
            .agents()
            .update(login)
            .status(AgentStatus::Offline)
            .send()
            .await
            .unwrap();
    }
    let now = client.groups().get(id).send().await.unwrap();
    assert_eq!(now.status, Some(GroupStatus::Offline));

    // An agent who joins through /agents is a member too.
    let owner = fake.config().login.clone();
    client
        .agents()
        .update(&owner)
        .groups([1, 2, id])
        .send()
        .await
        .unwrap();
    let now = client.groups().get(id).send().await.unwrap();
    assert_eq!(
        now.agents,
        [RICK, JANE, MARY, owner.as_str()],
        "kept order, then the newcomer"
    );
    assert_eq!(now.status, Some(GroupStatus::AcceptingChats));
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
        .start(visitor, licence, "Hello!")
        .send()
        .await
        .unwrap()
        .secured_session_id
        .unwrap();
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
        .close(visitor, licence, session)
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
    assert_eq!(reached.id, Some(goal));
    assert_eq!(reached.name.as_deref(), Some("checkout"));
    let order = reached.order.as_ref().unwrap();
    assert_eq!(order.id.as_deref(), Some("AP723HVCA721"));
    assert_eq!(order.price.as_deref(), Some("199.00"));
}
