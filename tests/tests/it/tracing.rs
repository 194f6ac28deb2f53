//! The client's `tracing` output: one span per call naming the operation, the method, the
//! path template, the status, the attempts and the latency, and never a credential, a
//! parameter value or a body. A subscriber writes everything down to TRACE into a
//! buffer while calls across many endpoints succeed, fail, retry and time out, all with
//! known secrets; the buffer must name the calls and hold none of the secrets.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use livechat_api::models::{VisitorSession, WebhookDataType, WebhookEventType};
use livechat_api::{Client, Credentials, Error, Secret};
use livechat_tests::fake::FakeLiveChat;
use livechat_tests::recorder::{Recorder, Reply};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

const PASSWORD: &str = "Agent-Password-6d1e";
const NEW_PASSWORD: &str = "Agent-Password-Next-93ab";
const WRONG_KEY: &str = "wrong-key-4c2f9e";
const QUERY_SECRET: &str = "query-value-b71d";
const BODY_SECRET: &str = "body-value-e05a";
const AGENT_LOGIN: &str = "traced.agent@example.com";

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;

    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

// One test, on the current-thread runtime: the subscriber set for this thread sees the
// client, the fake and the recorder alike.
#[tokio::test]
async fn traces_name_every_call_and_hold_no_secret() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_writer(buffer.clone())
        .finish();
    crate::common::keep_callsites_live();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut secrets = vec![
        PASSWORD.to_owned(),
        NEW_PASSWORD.to_owned(),
        WRONG_KEY.to_owned(),
        QUERY_SECRET.to_owned(),
        BODY_SECRET.to_owned(),
    ];
    secrets.extend(against_the_fake().await);
    against_a_failing_server().await;

    let output = buffer.text();
    for secret in &secrets {
        assert!(!secret.is_empty());
        assert!(
            !output.contains(secret.as_str()),
            "{secret:?} appears in the trace output"
        );
    }
    assert!(
        !output.contains(AGENT_LOGIN),
        "paths are traced as templates, without caller values"
    );
    // The output is not empty by accident: each kind of call left its span.
    for expected in [
        "livechat.request",
        "livechat.attempt",
        r#"operation="agents.create""#,
        r#"operation="agents.get""#,
        r#"path="/agents/{login}""#,
        r#"operation="visitor_chat.get_pending_messages""#,
        r#"path="/visitors/{visitor_id}/chat/start""#,
        r#"operation="webhooks.create""#,
        r#"method="DELETE""#,
        "status=200",
        "status=401",
        "status=404",
        "status=503",
        "attempts=3",
        "attempt=3",
        "retrying",
        r#"failure="timeout""#,
        "latency_ms=",
    ] {
        assert!(
            output.contains(expected),
            "{expected} missing from the trace output:\n{output}"
        );
    }
}

/// Successes and 4xx answers across resources; returns the secrets the calls handled.
async fn against_the_fake() -> Vec<String> {
    let fake = FakeLiveChat::start().await.unwrap();
    let config = fake.config().clone();
    let basic = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", config.login, config.api_key));
    let mut secrets = vec![config.api_key.clone(), config.token.clone(), basic];
    let client = fake.client();

    client.agents().list().send().await.unwrap();
    client
        .agents()
        .list()
        .param("note", QUERY_SECRET)
        .send()
        .await
        .unwrap();
    let created = client
        .agents()
        .create(AGENT_LOGIN, "Traced Agent")
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    if let Some(key) = created.api_key {
        secrets.push(key.expose().to_owned());
    }
    client
        .agents()
        .update(AGENT_LOGIN)
        .password(NEW_PASSWORD)
        .current_password(PASSWORD)
        .send()
        .await
        .unwrap();
    client.agents().get(AGENT_LOGIN).send().await.unwrap();
    let reset = client.agents().reset_api_key(AGENT_LOGIN).send().await;
    if let Ok(agent) = reset
        && let Some(key) = agent.api_key
    {
        secrets.push(key.expose().to_owned());
    }
    client.agents().remove(AGENT_LOGIN).send().await.unwrap();
    let missing = client.agents().get(AGENT_LOGIN).send().await.unwrap_err();
    assert!(matches!(missing, Error::NotFound(_)), "{missing:?}");

    let hook = client
        .webhooks()
        .create(
            WebhookEventType::TicketCreated,
            vec![WebhookDataType::Ticket],
            "http://127.0.0.1:9/hook",
        )
        .send()
        .await
        .unwrap();
    for webhook in hook.events {
        if let Some(token) = &webhook.token {
            secrets.push(token.expose().to_owned());
        }
        {
            let id = webhook.id;
            client.webhooks().remove(id).send().await.unwrap();
        }
    }

    let licence = config.license_id as i64;
    let visitor = "S1700000000.traced";
    let session = client
        .visitor_chat()
        .start(
            &livechat_api::models::LicenceVisitor::new(visitor, licence),
            "Hello",
        )
        .send()
        .await
        .unwrap();
    let secured: Secret = session.secured_session_id;
    let chat = VisitorSession::new(visitor, licence, secured.clone());
    secrets.push(secured.expose().to_owned());
    client
        .visitor_chat()
        .send_message(&chat, BODY_SECRET)
        .send()
        .await
        .unwrap();
    client
        .visitor_chat()
        .get_pending_messages(&chat)
        .send()
        .await
        .unwrap();
    client.visitor_chat().close(&chat).send().await.unwrap();

    let bearer = fake.client_with(fake.bearer());
    bearer.agents().list().send().await.unwrap();
    let refused = fake
        .client_with(Credentials::basic(&config.login, WRONG_KEY))
        .agents()
        .list()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Unauthorized(_)), "{refused:?}");
    secrets
}

/// 5xx answers with retries and a timeout, from a scripted server.
async fn against_a_failing_server() {
    let recorder = Recorder::start().await.unwrap();
    let client = Client::builder(Credentials::bearer(format!("bearer-{BODY_SECRET}")))
        .base_url(&recorder.base_url)
        .initial_backoff(Duration::from_millis(1))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let busy = format!(r#"{{"error":"busy","token":"{BODY_SECRET}"}}"#);
    for _ in 0..3 {
        recorder.reply(Reply::json(503, busy.clone()));
    }
    let error = client.status().get().send().await.unwrap_err();
    assert_eq!(error.attempts(), Some(3));

    recorder.reply(Reply::json(200, "{}").after(Duration::from_secs(2)));
    recorder.reply(Reply::json(200, r#"{"status":"online"}"#));
    client
        .status()
        .get()
        .send()
        .await
        .expect("the retry after the timeout succeeds");
}
