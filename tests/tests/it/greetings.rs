//! Greetings through the library against the fake server.

use livechat_api::Error;
use livechat_api::models::{
    GreetingFunnelUrlInput, GreetingNumberRuleInput, GreetingOperator, GreetingPropertiesInput,
    GreetingRule, GreetingRuleInput,
};
use livechat_tests::fake::FakeLiveChat;
use livechat_tests::raw::Raw;
use serde_json::json;

use crate::common::*;

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
                GreetingRuleInput::VisitTimePage(GreetingNumberRuleInput {
                    operator: Some(GreetingOperator::GreaterThan),
                    ..GreetingNumberRuleInput::new(15)
                }),
                GreetingRuleInput::VisitsNumber(GreetingNumberRuleInput {
                    operator: Some(GreetingOperator::GreaterOrEqual),
                    ..GreetingNumberRuleInput::new(2)
                }),
            ],
        )
        .group(1)
        .send()
        .await
        .unwrap();
    let id = created.id;
    assert_eq!(created.name, "my custom invitation");
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
    assert!(first.id < second.id);
    assert!(
        created.extra.is_empty(),
        "no undocumented keys: {:?}",
        created.extra
    );

    let fetched = client.greetings().get(id).send().await.unwrap();
    assert_eq!(fetched, created);

    let variable = GreetingRuleInput::custom_variable("athletic_shoes", "true");
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
    assert_eq!(updated.name, "athletic shoes");
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
    assert!(!other.is_empty() && other.iter().all(|g| g.id != id));
    let all = client.greetings().list().send().await.unwrap();
    assert!(all.len() > in_group.len() && all.contains(&updated));

    let removed = client.greetings().remove(id).send().await.unwrap();
    assert!(removed.ok);
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
    let funnel = GreetingRuleInput::url_funnel([
        GreetingFunnelUrlInput::new("mystore.com/shoes"),
        GreetingFunnelUrlInput {
            operator: Some(GreetingOperator::Contains),
            ..GreetingFunnelUrlInput::new("cart")
        },
    ]);
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

    // Rules the typed input cannot express (an unknown operator, a custom_variable rule
    // without its name, a funnel without pages, a count that is not a number) still reach
    // the fake's validation as raw parameters.
    let error = client
        .greetings()
        .create("broken", Vec::<GreetingRuleInput>::new())
        .param(
            "rules",
            json!([
                { "type": "visit_time_site", "value": 15, "operator": "bigger" },
                { "type": "custom_variable", "variable_value": "true" },
                { "type": "url_funnel" },
                { "type": "visits_number", "value": "many", "operator": "equals" },
            ]),
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
        .map(|g| g.name)
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n == "broken" || n == "custom" || n.is_empty()),
        "{names:?}"
    );
}
