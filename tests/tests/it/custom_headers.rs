//! Headers the application adds to every request, and the ones it may not replace.

use livechat_api::{Client, Credentials, Error};
use livechat_tests::recorder::Recorder;

fn builder(recorder: &Recorder) -> livechat_api::ClientBuilder {
    Client::builder(Credentials::bearer("dal-abc123")).base_url(&recorder.base_url)
}

#[tokio::test]
async fn custom_headers_travel_with_every_request() {
    let recorder = Recorder::start().await.unwrap();
    let configured = builder(&recorder)
        .header("X-Trace-Id", "4bf92f3577b34da6")
        .header("X-Debug", "1")
        .header("User-Agent", "support-dashboard/3.1");
    assert!(!format!("{configured:?}").contains("4bf92f3577b34da6"));
    let client = configured.build().unwrap();
    client.agents().list().send().await.unwrap_or_default();
    client
        .canned_responses()
        .create("Hello", ["hi"])
        .send()
        .await
        .ok();
    let requests = recorder.requests();
    assert_eq!(requests.len(), 2);
    for sent in requests {
        assert_eq!(
            sent.header("x-trace-id").as_deref(),
            Some("4bf92f3577b34da6")
        );
        assert_eq!(sent.header("x-debug").as_deref(), Some("1"));
        let agents: Vec<_> = sent.headers.get_all("user-agent").iter().collect();
        assert_eq!(agents, ["support-dashboard/3.1"], "replaced, not added");
        assert_eq!(
            sent.header("authorization").as_deref(),
            Some("Bearer dal-abc123")
        );
        assert_eq!(sent.header("x-api-version").as_deref(), Some("2"));
    }
    assert!(!format!("{client:?}").contains("4bf92f3577b34da6"));
}

#[tokio::test]
async fn headers_the_client_controls_are_refused() {
    let recorder = Recorder::start().await.unwrap();
    for name in ["Authorization", "x-api-version", "Content-Type"] {
        let error = builder(&recorder)
            .header(name, "Bearer stolen")
            .build()
            .unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "{name}: {error:?}");
        assert!(error.to_string().contains("would replace"), "{error}");
        assert!(!error.to_string().contains("stolen"), "{error}");
    }
    let error = builder(&recorder)
        .header("X-Trace-Id", "a\r\nX-Injected: 1")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    assert!(recorder.requests().is_empty());
}
