//! Per-call metrics from the `livechat.request` span: a stats sink written as a
//! `tracing-subscriber` layer, the way an application would feed a metrics library.

use std::sync::{Arc, Mutex};

use livechat_api::{Client, Credentials, Error};
use livechat_tests::fake::FakeLiveChat;
use tracing::Subscriber;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// What one call reports when its span closes.
#[derive(Debug, Clone, Default, PartialEq)]
struct CallStats {
    operation: String,
    method: String,
    path: String,
    status: Option<u64>,
    attempts: Option<u64>,
    latency_ms: Option<u64>,
    renewed: bool,
}

impl CallStats {
    fn success(&self) -> bool {
        self.status
            .is_some_and(|status| (200..300).contains(&status))
    }
}

impl Visit for CallStats {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "operation" => self.operation = value.to_owned(),
            "method" => self.method = value.to_owned(),
            "path" => self.path = value.to_owned(),
            _ => {}
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        match field.name() {
            "status" => self.status = Some(value),
            "attempts" => self.attempts = Some(value),
            "latency_ms" => self.latency_ms = Some(value),
            _ => {}
        }
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        if field.name() == "renewed" {
            self.renewed = value;
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

/// Collects the stats of every finished call.
#[derive(Clone, Default)]
struct StatsSink(Arc<Mutex<Vec<CallStats>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for StatsSink {
    fn on_new_span(&self, attributes: &Attributes<'_>, id: &Id, context: Context<'_, S>) {
        if attributes.metadata().name() != "livechat.request" {
            return;
        }
        let mut stats = CallStats::default();
        attributes.record(&mut stats);
        if let Some(span) = context.span(id) {
            span.extensions_mut().insert(stats);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, context: Context<'_, S>) {
        if let Some(span) = context.span(id)
            && let Some(stats) = span.extensions_mut().get_mut::<CallStats>()
        {
            values.record(stats);
        }
    }

    fn on_close(&self, id: Id, context: Context<'_, S>) {
        if let Some(span) = context.span(&id)
            && let Some(stats) = span.extensions_mut().remove::<CallStats>()
        {
            self.0.lock().unwrap().push(stats);
        }
    }
}

// The default test runtime runs on this thread, so a thread-local subscriber sees
// every span of the client.
#[tokio::test]
async fn every_call_reports_method_template_status_attempts_latency_and_success() {
    let sink = StatsSink::default();
    crate::common::keep_callsites_live();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(sink.clone()));

    let fake = Arc::new(FakeLiveChat::start().await.unwrap());
    let current = Arc::new(Mutex::new(fake.issue_token()));
    let issuer = Arc::clone(&fake);
    let state = Arc::clone(&current);
    let client = Client::builder_with_source(move |refused: Option<Credentials>| {
        if refused.is_some() {
            *state.lock().unwrap() = issuer.issue_token();
        }
        let token = state.lock().unwrap().clone();
        async move { Ok::<_, std::io::Error>(Credentials::bearer(token)) }
    })
    .base_url(fake.base_url())
    .build()
    .unwrap();

    client
        .agents()
        .get("john.doe@mycompany.com")
        .send()
        .await
        .unwrap();
    let error = client
        .canned_responses()
        .get(987654)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    fake.revoke_token(&current.lock().unwrap().clone());
    client.groups().list().send().await.unwrap();

    let stats = sink.0.lock().unwrap().clone();
    let seen: Vec<String> = stats
        .iter()
        .map(|s| {
            format!(
                "{} {} {} status={:?} attempts={:?} renewed={} success={}",
                s.operation,
                s.method,
                s.path,
                s.status,
                s.attempts,
                s.renewed,
                s.success()
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            "agents.get GET /agents/{login} status=Some(200) attempts=Some(1) renewed=false success=true",
            "canned_responses.get GET /canned_responses/{id} status=Some(404) attempts=Some(1) renewed=false success=false",
            "groups.list GET /groups status=Some(200) attempts=Some(2) renewed=true success=true",
        ]
    );
    assert!(stats.iter().all(|s| s.latency_ms.is_some()));
    let text = format!("{stats:?}");
    assert!(!text.contains("john.doe"), "no caller values: {text}");
}
