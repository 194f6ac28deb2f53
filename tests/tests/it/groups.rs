//! Groups through the library against the fake server.

use livechat_api::Error;
use livechat_api::models::{AgentStatus, GroupStatus};
use livechat_tests::fake::FakeLiveChat;
use livechat_tests::raw::Raw;
use serde_json::json;

use crate::common::*;

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
    let id = created.id;
    assert_eq!(id, 3, "the next free id");
    assert_eq!(created.name, "Human Resources");
    assert_eq!(created.language.as_deref(), Some("de"));
    assert_eq!(created.agents, [RICK, JANE], "in the order sent");
    assert_eq!(created.status, Some(GroupStatus::NotAcceptingChats));
    let jane = client.agents().get(JANE).send().await.unwrap();
    assert!(
        jane.groups
            .iter()
            .any(|g| g.id == id && g.name == "Human Resources"),
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
    assert_eq!(updated.name, "Quality Assurance");
    assert_eq!(updated.language.as_deref(), Some("de"), "kept");
    assert_eq!(updated.agents, [RICK]);
    assert_eq!(updated.status, Some(GroupStatus::Offline));
    let jane = client.agents().get(JANE).send().await.unwrap();
    assert!(jane.groups.iter().all(|g| g.id != id));
    let rick = client.agents().get(RICK).send().await.unwrap();
    assert!(
        rick.groups
            .iter()
            .any(|g| g.id == id && g.name == "Quality Assurance"),
        "{:?}",
        rick.groups
    );

    let listed = client.groups().list().send().await.unwrap();
    assert!(listed.contains(&updated));
    let all = listed.iter().find(|g| g.id == 0).unwrap();
    assert!(all.agents.is_empty(), "group 0 sends no agents");
    assert_eq!(all.status, Some(GroupStatus::AcceptingChats));

    let removed = client.groups().remove(id).send().await.unwrap();
    assert_eq!(removed.result, "group removed successfully");
    let error = client.groups().get(id).send().await.unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    let rick = client.agents().get(RICK).send().await.unwrap();
    assert!(rick.groups.iter().all(|g| g.id != id));
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
        .map(|g| g.name)
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
    let id = group.id;
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
