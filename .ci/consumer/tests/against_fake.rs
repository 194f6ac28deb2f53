//! One call and one paginated stream against the packaged fake, through the packaged client.

use livechat_fake::FakeLiveChat;

#[tokio::test]
async fn a_call_and_a_stream_against_the_packaged_fake() {
    let fake = FakeLiveChat::start().await.expect("the fake starts");
    let client = fake.client();

    let agents = consumer::agent_count(&client).await.expect("agents are listed");
    assert!(agents > 0, "the fake is seeded with agents");

    let first = client.chats().list().send().await.expect("a page of chats");
    let (total, pages) = (first.total, first.pages);
    assert!(pages > 1, "the seeded archive spans several pages");

    let mut chats = client.chats().list().stream();
    let mut seen: i64 = 0;
    while let Some(_chat) = chats.try_next().await.expect("every page decodes") {
        seen += 1;
    }
    assert_eq!(seen, total, "the stream yields every chat of every page");
}
