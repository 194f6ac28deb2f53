//! Agents through the library against the fake server.

use livechat_api::Error;
use livechat_api::models::{AgentLoginStatus, AgentPermission, AgentStatus};
use livechat_tests::fake::FakeLiveChat;

#[tokio::test]
async fn agents_round_trip() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let agents = client.agents().list().send().await.unwrap();
    assert!(agents.len() >= 3);
    let owner = client
        .agents()
        .get(&fake.config().login)
        .send()
        .await
        .unwrap();
    assert_eq!(owner.permission, Some(AgentPermission::Owner));
    assert_eq!(
        owner.api_key.as_ref().map(|k| k.expose()),
        Some(fake.config().api_key.as_str())
    );

    let created = client
        .agents()
        .create("jenny+test@mycompany.com", "Jenny Doe")
        .permission(AgentPermission::Administrator)
        .groups([1, 2])
        .send()
        .await
        .unwrap();
    assert_eq!(created.login, "jenny+test@mycompany.com");
    assert_eq!(created.status, Some(AgentStatus::Offline));
    let group_ids: Vec<_> = created.groups.iter().map(|g| g.id).collect();
    assert_eq!(group_ids, [1, 2]);

    let updated = client
        .agents()
        .update("jenny+test@mycompany.com")
        .login_status(AgentLoginStatus::NotAcceptingChats)
        .max_chats_count(2)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.max_chats_count, Some(2));
    assert_eq!(
        updated.login_status,
        Some(AgentLoginStatus::NotAcceptingChats)
    );

    let before = created.api_key.clone().unwrap();
    let reset = client
        .agents()
        .reset_api_key("jenny+test@mycompany.com")
        .send()
        .await
        .unwrap();
    assert_ne!(reset.api_key.unwrap(), before, "a new key is issued");

    let listed = client
        .agents()
        .list()
        .status(AgentStatus::Offline)
        .send()
        .await
        .unwrap();
    assert!(listed.iter().any(|a| a.login == "jenny+test@mycompany.com"));

    let removed = client
        .agents()
        .remove("jenny+test@mycompany.com")
        .send()
        .await
        .unwrap();
    assert_eq!(
        removed.result,
        "jenny+test@mycompany.com removed successfully"
    );
    let error = client
        .agents()
        .get("jenny+test@mycompany.com")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
}

#[tokio::test]
async fn invalid_agent_input_is_a_400_with_messages() {
    let fake = FakeLiveChat::start().await.unwrap();
    let error = fake
        .client()
        .agents()
        .create("not-an-email", "X")
        .password("abc")
        .send()
        .await
        .unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(api.status, 400);
    assert!(
        api.messages.iter().any(|m| m.contains("e-mail")),
        "{:?}",
        api.messages
    );
    assert!(
        api.messages.iter().any(|m| m.contains("password")),
        "{:?}",
        api.messages
    );
}
