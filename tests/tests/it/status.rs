//! The licence's status through the library against the fake server.

use livechat_api::models::{AgentStatus, Availability};
use livechat_tests::fake::FakeLiveChat;

#[tokio::test]
async fn status_follows_the_agents() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client_with(fake.bearer());
    assert_eq!(
        client.status().get().send().await.unwrap().status,
        Availability::Online
    );
    for agent in client
        .agents()
        .list()
        .status(AgentStatus::AcceptingChats)
        .send()
        .await
        .unwrap()
    {
        client
            .agents()
            .update(agent.login)
            .status(AgentStatus::NotAcceptingChats)
            .send()
            .await
            .unwrap();
    }
    assert_eq!(
        client.status().get().send().await.unwrap().status,
        Availability::Offline
    );
    assert_eq!(
        client.status().get().group(1).send().await.unwrap().status,
        Availability::Offline
    );
}
