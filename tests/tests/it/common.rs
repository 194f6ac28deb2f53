//! Helpers several resource suites share.

use livechat_api::Error;
use livechat_api::models::{Goal, GreetingRule};

pub(crate) const JANE: &str = "jane.doe@mycompany.com"; // not accepting chats, group 1
pub(crate) const MARY: &str = "mary.major@mycompany.com"; // accepting chats, group 2
pub(crate) const RICK: &str = "rick.roe@mycompany.com"; // offline, group 1

/// The messages of a 400 answer.
pub(crate) fn messages(error: &Error) -> Vec<String> {
    let api = error
        .api_error()
        .unwrap_or_else(|| panic!("not an API error: {error:?}"));
    assert_eq!(api.status, 400, "{api:?}");
    api.messages.clone()
}

pub(crate) fn has(messages: &[String], part: &str) -> bool {
    messages.iter().any(|m| m.contains(part))
}

/// `type` of each rule as the API sends it.
pub(crate) fn rule_types(rules: &[GreetingRule]) -> Vec<String> {
    rules
        .iter()
        .map(|rule| {
            let json = serde_json::to_value(rule).unwrap();
            json["type"].as_str().unwrap().to_owned()
        })
        .collect()
}

pub(crate) fn goal_id(goal: &Goal) -> Option<i64> {
    match goal {
        Goal::CustomVariable(g) => Some(g.id),
        Goal::Url(g) => Some(g.id),
        Goal::Api(g) => Some(g.id),
        Goal::SalesTracker(g) => Some(g.id),
        _ => None,
    }
}

/// Taken by the soak, which loads both cores for a while, and by the fault matrix, whose
/// cases tell a timeout from an answer by the clock: they never run at the same time.
pub(crate) static EXCLUSIVE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Installs, once for the test binary, a global subscriber that records nothing but keeps
/// every callsite's interest at "sometimes". The suites that capture traces with
/// `tracing::subscriber::set_default` call it first. Without it, a callsite first reached
/// on another test's thread while no capturing subscriber exists is cached as "never", and
/// when that races with a capture registering its subscriber the capture misses the span.
pub(crate) fn keep_callsites_live() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = tracing::subscriber::set_global_default(Quiet);
    });
}

struct Quiet;

impl tracing::Subscriber for Quiet {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        false
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}
