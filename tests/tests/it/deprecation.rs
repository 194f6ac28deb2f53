//! `Deprecation`, `Sunset` and `Legacy` answers: one `tracing` warning per endpoint.

use std::io::Write;
use std::sync::{Arc, Mutex};

use livechat_api::{Client, Credentials};
use livechat_tests::recorder::{Recorder, Reply};
use tracing_subscriber::fmt::MakeWriter;

/// Collects what the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

// The default test runtime runs on this thread, so a thread-local subscriber sees
// every event of the client.
#[tokio::test]
async fn each_endpoint_is_reported_once_without_secrets() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .finish();
    crate::common::keep_callsites_live();
    let _guard = tracing::subscriber::set_default(subscriber);

    let recorder = Recorder::start().await.unwrap();
    let client = Client::builder(Credentials::bearer("dal-s3cret-token"))
        .base_url(&recorder.base_url)
        .build()
        .unwrap();
    let sunset = "Sat, 31 Dec 2026 23:59:59 GMT";
    for login in ["jenny@example.com", "tom@example.com", "jenny@example.com"] {
        recorder.reply(
            Reply::json(200, r#"{"login":"x","name":"X"}"#)
                .header("Deprecation", "@1767225599")
                .header("Sunset", sunset),
        );
        client.agents().get(login).send().await.unwrap();
    }
    recorder.reply(Reply::json(200, "[]").header("Legacy", "true"));
    client.agents().list().send().await.unwrap();
    recorder.reply(Reply::json(200, "[]"));
    client.groups().list().send().await.unwrap();

    let text = captured.text();
    let warnings: Vec<&str> = text.lines().filter(|line| line.contains("WARN")).collect();
    assert_eq!(warnings.len(), 2, "{text}");
    assert!(
        warnings[0].contains("endpoint=\"/agents/{login}\""),
        "{text}"
    );
    assert!(warnings[0].contains("method=\"GET\""), "{text}");
    assert!(warnings[0].contains(sunset), "{text}");
    assert!(warnings[0].contains("@1767225599"), "{text}");
    assert!(warnings[1].contains("endpoint=\"/agents\""), "{text}");
    assert!(warnings[1].contains("legacy=\"true\""), "{text}");
    for secret in ["s3cret", "jenny", "tom@"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}
