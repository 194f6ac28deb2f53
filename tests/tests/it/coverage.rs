//! The fake serves every endpoint of the spec, and asks for credentials exactly where the
//! spec does.
//!
//! The endpoint list comes from `codegen` reading `api-spec/`, so a new endpoint in the
//! spec fails `every_endpoint_of_the_spec_is_served` until the walk below calls it and the
//! fake answers that call with a success; a fake route that goes missing turns its call
//! into the fake's "no such method" 404, which fails the same test.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use codegen::spec::Auth;
use livechat_api::models::{
    AgentPermission, GoalType, GreetingRuleInput, TicketRequesterInput, VisitorDetailsAccess,
    VisitorDetailsField, VisitorSession, WebhookDataType, WebhookEventType,
};
use livechat_tests::fake::FakeLiveChat;
use livechat_tests::raw::Raw;
use reqwest::Method;

use crate::common::goal_id;

/// The fake's answer to a path it has no route for, as the walk must never see it.
const NO_SUCH_METHOD: &str = "No such API method";

fn spec() -> codegen::Spec {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    codegen::load(&dir).unwrap_or_else(|error| panic!("{error}"))
}

/// What each endpoint's call gave, by `resource.operation`.
#[derive(Default)]
struct Walk {
    outcomes: BTreeMap<&'static str, Result<(), String>>,
}

impl Walk {
    /// Keeps the outcome of one call of `endpoint` and hands its answer on. An endpoint
    /// called twice keeps its first failure.
    fn record<T: Debug>(
        &mut self,
        endpoint: &'static str,
        outcome: livechat_api::Result<T>,
    ) -> Option<T> {
        let entry = self.outcomes.entry(endpoint).or_insert(Ok(()));
        match outcome {
            Ok(answer) => Some(answer),
            Err(error) => {
                if entry.is_ok() {
                    *entry = Err(format!("{error}{}", unrouted_hint(&error)));
                }
                None
            }
        }
    }
}

/// Names the two answers of a fake that lacks the route, so that the failure says what to
/// add: the fallback for an unknown path, and 405 for a known path with another method.
fn unrouted_hint(error: &livechat_api::Error) -> &'static str {
    let no_such_method = error
        .api_error()
        .is_some_and(|api| api.messages.iter().any(|m| m == NO_SUCH_METHOD));
    match error.status() {
        Some(404) if no_such_method => " (the fake has no route for this path)",
        Some(405) => " (the fake routes this path, but not with this method)",
        _ => "",
    }
}

/// Calls every endpoint once (a few twice, to get ids), in an order where each call has
/// what it needs: records are created before they are read, changed and removed.
async fn walk(fake: &FakeLiveChat) -> Walk {
    let client = fake.client();
    let licence = fake.config().license_id as i64;
    let mut walk = Walk::default();
    let w = &mut walk;

    // agents
    let agents = w.record("agents.list", client.agents().list().send().await);
    let login = agents
        .and_then(|agents| agents.first().map(|agent| agent.login.clone()))
        .unwrap_or_default();
    w.record("agents.get", client.agents().get(&login).send().await);
    let new_agent = "walker@mycompany.com";
    w.record(
        "agents.create",
        client
            .agents()
            .create(new_agent, "Walker")
            .permission(AgentPermission::Normal)
            .send()
            .await,
    );
    w.record(
        "agents.update",
        client
            .agents()
            .update(new_agent)
            .max_chats_count(3)
            .send()
            .await,
    );
    w.record(
        "agents.reset_api_key",
        client.agents().reset_api_key(new_agent).send().await,
    );
    w.record(
        "agents.remove",
        client.agents().remove(new_agent).send().await,
    );

    // canned responses
    w.record(
        "canned_responses.list",
        client.canned_responses().list().send().await,
    );
    let canned = w
        .record(
            "canned_responses.create",
            client
                .canned_responses()
                .create("See you soon.", ["later"])
                .send()
                .await,
        )
        .map(|canned| canned.id)
        .unwrap_or_default();
    w.record(
        "canned_responses.get",
        client.canned_responses().get(canned).send().await,
    );
    w.record(
        "canned_responses.update",
        client
            .canned_responses()
            .update(canned)
            .tags(["bye"])
            .send()
            .await,
    );
    w.record(
        "canned_responses.remove",
        client.canned_responses().remove(canned).send().await,
    );

    // chats
    let chat = w
        .record("chats.list", client.chats().list().send().await)
        .and_then(|list| list.chats.first().map(|chat| chat.id.clone()))
        .unwrap_or_default();
    w.record("chats.get", client.chats().get(&chat).send().await);
    w.record(
        "chats.send_transcript",
        client
            .chats()
            .send_transcript(&chat, "someone@example.org")
            .send()
            .await,
    );
    w.record(
        "chats.update_tags",
        client.chats().update_tags(&chat, ["sales"]).send().await,
    );

    // goals
    w.record("goals.list", client.goals().list().send().await);
    let goal = w
        .record(
            "goals.create",
            client.goals().create("walked", GoalType::Api).send().await,
        )
        .as_ref()
        .and_then(goal_id)
        .unwrap_or_default();
    w.record("goals.get", client.goals().get(goal).send().await);
    w.record(
        "goals.update",
        client
            .goals()
            .update(goal)
            .name("walked again")
            .send()
            .await,
    );
    w.record(
        "goals.mark_as_successful",
        client
            .goals()
            .mark_as_successful(goal, "S1700000000.walker")
            .send()
            .await,
    );
    w.record("goals.remove", client.goals().remove(goal).send().await);

    // greetings
    w.record("greetings.list", client.greetings().list().send().await);
    let rule = GreetingRuleInput::visit_time_site(30);
    let greeting = w
        .record(
            "greetings.create",
            client.greetings().create("walked", [rule]).send().await,
        )
        .map(|greeting| greeting.id)
        .unwrap_or_default();
    w.record(
        "greetings.get",
        client.greetings().get(greeting).send().await,
    );
    w.record(
        "greetings.update",
        client
            .greetings()
            .update(greeting)
            .active(false)
            .send()
            .await,
    );
    w.record(
        "greetings.remove",
        client.greetings().remove(greeting).send().await,
    );

    // groups
    w.record("groups.list", client.groups().list().send().await);
    let group = w
        .record(
            "groups.create",
            client
                .groups()
                .create("Walkers", [login.as_str()])
                .send()
                .await,
        )
        .map(|group| group.id)
        .unwrap_or_default();
    w.record("groups.get", client.groups().get(group).send().await);
    w.record(
        "groups.update",
        client
            .groups()
            .update(group)
            .name("Walkers too")
            .send()
            .await,
    );
    w.record("groups.remove", client.groups().remove(group).send().await);

    // reports: the seeded archive lies in the first half of 2013
    let reports = client.reports();
    let (from, to) = ("2013-01-01", "2013-06-30");
    w.record(
        "reports.total_chats",
        reports
            .total_chats()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.engagement",
        reports
            .engagement()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.chat_ratings",
        reports
            .chat_ratings()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record("reports.chat_ranking", reports.chat_ranking().send().await);
    w.record(
        "reports.queued_visitors",
        reports
            .queued_visitors()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.queue_waiting_times",
        reports
            .queue_waiting_times()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.availability",
        reports
            .availability()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.chatting_time",
        reports
            .chatting_time()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.chats_first_response_time",
        reports
            .chats_first_response_time()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.chats_response_time",
        reports
            .chats_response_time()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.agents_occupancy",
        reports
            .agents_occupancy(livechat_api::models::ReportWeekday::Monday)
            .send()
            .await,
    );
    w.record(
        "reports.goals",
        reports.goals().date_from(from).date_to(to).send().await,
    );
    w.record(
        "reports.greetings",
        reports.greetings().date_from(from).date_to(to).send().await,
    );
    w.record(
        "reports.new_tickets",
        reports
            .new_tickets()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.tickets_first_response_time",
        reports
            .tickets_first_response_time()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.solved_tickets",
        reports
            .solved_tickets()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.tickets_resolution_time",
        reports
            .tickets_resolution_time()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.ticket_sources",
        reports
            .ticket_sources()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.ticket_ratings",
        reports
            .ticket_ratings()
            .date_from(from)
            .date_to(to)
            .send()
            .await,
    );
    w.record(
        "reports.ticket_ranking",
        reports.ticket_ranking().send().await,
    );

    // status
    w.record("status.get", client.status().get().send().await);

    // tags
    w.record("tags.list", client.tags().list().send().await);
    w.record(
        "tags.create",
        client.tags().create("walked", &login, 1).send().await,
    );
    w.record(
        "tags.remove",
        client.tags().remove("walked", 1).send().await,
    );

    // tickets
    w.record("tickets.list", client.tickets().list().send().await);
    let ticket = w
        .record(
            "tickets.create",
            client
                .tickets()
                .create("It broke.", TicketRequesterInput::new("walker@example.org"))
                .send()
                .await,
        )
        .map(|ticket| ticket.id)
        .unwrap_or_default();
    w.record("tickets.get", client.tickets().get(&ticket).send().await);
    w.record(
        "tickets.update_tags",
        client
            .tickets()
            .update_tags(&ticket, ["support"])
            .send()
            .await,
    );

    // visitor chat: authenticated by the licence and the session the start hands out
    let visitor = "S1700000000.walker";
    let session = w
        .record(
            "visitor_chat.start",
            client
                .visitor_chat()
                .start(
                    &livechat_api::models::LicenceVisitor::new(visitor, licence),
                    "Hello",
                )
                .send()
                .await,
        )
        .map(|session| session.secured_session_id)
        .unwrap_or_default();
    let session = VisitorSession::new(visitor, licence, session);
    w.record(
        "visitor_chat.send_message",
        client
            .visitor_chat()
            .send_message(&session, "Still there?")
            .send()
            .await,
    );
    w.record(
        "visitor_chat.get_pending_messages",
        client
            .visitor_chat()
            .get_pending_messages(&session)
            .send()
            .await,
    );
    w.record(
        "visitor_chat.close",
        client.visitor_chat().close(&session).send().await,
    );

    // webhooks, then the visitor details that a webhook's token authenticates
    w.record("webhooks.list", client.webhooks().list().send().await);
    let webhook = w.record(
        "webhooks.create",
        client
            .webhooks()
            .create(
                WebhookEventType::ChatStarted,
                [WebhookDataType::Visitor],
                "http://127.0.0.1:9/hook",
            )
            .send()
            .await,
    );
    let (webhook_id, token) = webhook
        .and_then(|list| list.events.into_iter().next())
        .map(|hook| (hook.id, hook.token.unwrap_or_default()))
        .unwrap_or_default();
    let on_site = w
        .record("visitors.list", client.visitors().list().send().await)
        .and_then(|visitors| visitors.first().map(|visitor| visitor.id.clone()))
        .unwrap_or_default();
    w.record(
        "visitors.add_details",
        client
            .visitors()
            .add_details(
                &VisitorDetailsAccess::new(&on_site, licence, token),
                "walker-app",
                [VisitorDetailsField::new("Steps", "12")],
            )
            .send()
            .await,
    );
    w.record(
        "webhooks.remove",
        client.webhooks().remove(&webhook_id).send().await,
    );

    walk
}

#[tokio::test]
async fn every_endpoint_of_the_spec_is_served() {
    let fake = FakeLiveChat::start().await.unwrap();
    let walk = walk(&fake).await;

    let in_spec: BTreeSet<String> = spec()
        .endpoints()
        .map(|(resource, endpoint)| format!("{}.{}", resource.name, endpoint.name))
        .collect();
    let walked: BTreeSet<String> = walk.outcomes.keys().map(|name| name.to_string()).collect();
    let not_walked: Vec<&String> = in_spec.difference(&walked).collect();
    assert!(
        not_walked.is_empty(),
        "the walk in coverage.rs does not call {not_walked:?}: add a valid call for each"
    );
    let not_in_spec: Vec<&String> = walked.difference(&in_spec).collect();
    assert!(
        not_in_spec.is_empty(),
        "the walk names endpoints the spec lacks: {not_in_spec:?}"
    );

    let failures: Vec<String> = walk
        .outcomes
        .iter()
        .filter_map(|(endpoint, outcome)| {
            outcome
                .as_ref()
                .err()
                .map(|error| format!("{endpoint}: {error}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} endpoints failed against the fake:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The hint above relies on the fallback's wording; this pins it.
#[tokio::test]
async fn an_unrouted_path_gets_the_no_such_method_answer() {
    let raw = Raw::start().await;
    let (status, body) = raw.get("/no_such_resource", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], NO_SUCH_METHOD);
}

/// Every endpoint reached without credentials: the ones the spec marks `auth = "none"`
/// get past the fake's credential check (their handlers then judge their own
/// parameters), and every other one gets the check's refusal.
#[tokio::test]
async fn credentials_are_required_exactly_where_the_spec_says() {
    let raw = Raw::start().await;
    let refusal = Raw::send_text(raw.visitor(Method::GET, "/agents")).await;
    assert_eq!(refusal.0, 401, "{refusal:?}");
    let mut wrong = Vec::new();
    for (resource, endpoint) in spec().endpoints() {
        let path = placeholders_filled(&endpoint.path);
        let method = Method::from_bytes(endpoint.method.as_str().as_bytes()).unwrap();
        let answer = Raw::send_text(raw.visitor(method, &path)).await;
        let refused = answer == refusal;
        if refused != (endpoint.auth == Auth::Account) {
            wrong.push(format!(
                "{}.{} ({} {path}): {answer:?}",
                resource.name,
                endpoint.name,
                endpoint.method.as_str()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "wrongly refused or let through:\n{}",
        wrong.join("\n")
    );
}

/// A path of the template with every `{placeholder}` replaced by a plausible segment.
fn placeholders_filled(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "S1700000000.anonymous"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}
