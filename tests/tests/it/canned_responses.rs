//! Canned responses through the library against the fake server.

use livechat_api::Error;
use livechat_tests::fake::FakeLiveChat;

#[tokio::test]
async fn canned_responses_round_trip() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let created = client
        .canned_responses()
        .create("Have a great day, goodbye.", ["bye", "cu"])
        .send()
        .await
        .unwrap();
    let id = created.id;
    assert_eq!(created.group, 0);
    assert_eq!(created.tags, ["bye", "cu"]);
    assert_eq!(
        created.created_by.as_deref(),
        Some(fake.config().login.as_str())
    );

    let fetched = client.canned_responses().get(id).send().await.unwrap();
    assert_eq!(fetched, created);
    let updated = client
        .canned_responses()
        .update(id)
        .tags(["bye"])
        .send()
        .await
        .unwrap();
    assert_eq!(updated.tags, ["bye"]);
    assert_eq!(updated.text, created.text);
    assert!(updated.modification_date.is_some() && updated.modified_by.is_some());

    let listed = client.canned_responses().list().send().await.unwrap();
    assert!(listed.iter().any(|c| c.id == id));
    let other_group = client
        .canned_responses()
        .list()
        .group(2)
        .send()
        .await
        .unwrap();
    assert!(other_group.iter().all(|c| c.group == 2));

    client.canned_responses().remove(id).send().await.unwrap();
    let error = client
        .canned_responses()
        .remove(id)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
}
