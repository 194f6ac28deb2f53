//! What every request carries: version, user agent, credentials; and what never leaks.

use base64::Engine as _;
use livechat_api::{Client, Credentials};
use livechat_tests::recorder::{Recorder, Reply};

async fn client(recorder: &Recorder, credentials: Credentials) -> Client {
    Client::builder(credentials)
        .base_url(&recorder.base_url)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn basic_credentials_version_and_user_agent() {
    let recorder = Recorder::start().await.unwrap();
    let client = client(
        &recorder,
        Credentials::basic("john.doe@mycompany.com", "c14b85863755158d7aa5cc4ba17f61cb"),
    )
    .await;
    recorder.reply(Reply::json(200, r#"{"status": "online"}"#));
    client
        .status()
        .get()
        .send()
        .await
        .expect("the recorder answers a status");
    let sent = recorder.last().unwrap();
    assert_eq!(sent.header("x-api-version").as_deref(), Some("2"));
    let expected = base64::engine::general_purpose::STANDARD
        .encode("john.doe@mycompany.com:c14b85863755158d7aa5cc4ba17f61cb");
    assert_eq!(
        sent.header("authorization"),
        Some(format!("Basic {expected}"))
    );
    let agent = sent.header("user-agent").unwrap();
    assert_eq!(
        agent,
        format!("livechat-api-rs/{}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(sent.header("x-region"), None);
}

#[tokio::test]
async fn bearer_tokens_and_their_region() {
    let recorder = Recorder::start().await.unwrap();
    let client = client(&recorder, Credentials::bearer("dal-abc123")).await;
    recorder.reply(Reply::json(200, r#"{"status":"offline"}"#));
    client.status().get().send().await.unwrap();
    let sent = recorder.last().unwrap();
    assert_eq!(
        sent.header("authorization").as_deref(),
        Some("Bearer dal-abc123")
    );
    assert_eq!(
        sent.header("x-region"),
        None,
        "dal is the default data centre"
    );

    let client = self::client(&recorder, Credentials::bearer("fra-xyz789")).await;
    recorder.reply(Reply::json(200, r#"{"status":"offline"}"#));
    client.status().get().send().await.unwrap();
    let sent = recorder.last().unwrap();
    assert_eq!(
        sent.header("authorization").as_deref(),
        Some("Bearer fra-xyz789")
    );
    assert_eq!(sent.header("x-region").as_deref(), Some("fra"));
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let recorder = Recorder::start().await.unwrap();
    let key = "c14b85863755158d7aa5cc4ba17f61cb";
    let basic = Credentials::basic("john.doe@mycompany.com", key);
    let bearer = Credentials::bearer("dal-secret-token");
    let client = client(&recorder, basic.clone()).await;
    let request = client
        .agents()
        .update("jenny@x.co")
        .password("hunter22")
        .current_password("old-pass");
    let shown = format!("{basic:?} {bearer:?} {client:?} {request:?}");
    for secret in [key, "dal-secret-token", "hunter22", "old-pass"] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
    assert!(
        shown.contains("john.doe@mycompany.com"),
        "the login is not secret: {shown}"
    );

    recorder.reply(Reply::json(
        200,
        format!(r#"{{"login": "jenny@x.co", "name": "Jenny", "api_key": "{key}"}}"#),
    ));
    let agent = client.agents().get("jenny@x.co").send().await.unwrap();
    assert!(!format!("{agent:?}").contains(key), "{agent:?}");
    assert_eq!(agent.api_key.as_ref().map(|k| k.expose()), Some(key));
}
