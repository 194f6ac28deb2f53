//! One typed call per documented sample request, named by endpoint and sample.

use std::future::Future;
use std::pin::Pin;

use livechat_api::models::*;
use livechat_api::{Client, Result};
use serde_json::Value;

type Call = for<'a> fn(&'a Client) -> Pin<Box<dyn Future<Output = Result<Answer>> + 'a>>;

/// A typed answer, as JSON and as its `Debug` text (which shows what landed in an
/// `Unknown` variant or an `extra` map).
pub struct Answer {
    pub json: Value,
    pub debug: String,
}

/// A typed call reproducing one documented sample.
pub struct Case {
    pub endpoint: &'static str,
    pub sample: Option<&'static str>,
    pub call: Call,
}

/// Turns a typed request into a [`Case`]: sends it and gives the answer back as JSON and
/// as its `Debug` text.
macro_rules! case {
    ($endpoint:literal $(as $sample:literal)?, |$client:ident| $request:expr) => {
        Case {
            endpoint: $endpoint,
            sample: case!(@sample $($sample)?),
            call: |$client| {
                Box::pin(async move {
                    let answer = $request.send().await?;
                    Ok(Answer {
                        json: serde_json::to_value(&answer).expect("models serialize to JSON"),
                        debug: format!("{answer:?}"),
                    })
                })
            },
        }
    };
    (@sample) => { None };
    (@sample $sample:literal) => { Some($sample) };
}

pub fn cases() -> Vec<Case> {
    vec![
        // agents
        case!("agents.list", |c| c.agents().list()),
        case!("agents.list" as "intro_api_key", |c| c.agents().list()),
        case!("agents.list" as "intro_jsonp", |c| c.agents().list().param("callback", "example")),
        case!("agents.list" as "intro_oauth", |c| c.agents().list()),
        case!("agents.get", |c| c.agents().get("john.doe@mycompany.com")),
        case!("agents.create", |c| c
            .agents()
            .create("jenny.doe@mycompany.com", "Jenny Doe")
            .permission(AgentPermission::Administrator)
            .groups([1, 2])),
        case!("agents.update", |c| c
            .agents()
            .update("jenny.doe@mycompany.com")
            .status(AgentStatus::NotAcceptingChats)
            .max_chats_count(2)),
        case!("agents.reset_api_key", |c| c
            .agents()
            .reset_api_key("jenny.doe@mycompany.com")),
        case!("agents.remove", |c| c
            .agents()
            .remove("jenny.doe@mycompany.com")),
        // canned responses
        case!("canned_responses.list", |c| c
            .canned_responses()
            .list()
            .group(1)),
        case!("canned_responses.get", |c| c.canned_responses().get(3151)),
        case!("canned_responses.create", |c| c
            .canned_responses()
            .create("Have a great day, goodbye.", ["bye", "cu"])),
        case!("canned_responses.update", |c| c
            .canned_responses()
            .update(3181)
            .tags(["bye"])),
        case!("canned_responses.remove", |c| c
            .canned_responses()
            .remove(3181)),
        // status
        case!("status.get", |c| c.status().get().group(1)),
        // goals
        case!("goals.list", |c| c.goals().list()),
        case!("goals.get", |c| c.goals().get(1181)),
        case!("goals.mark_as_successful", |c| c
            .goals()
            .mark_as_successful(1181, "S1281361958.2238ee3bd3")),
        case!("goals.create", |c| c
            .goals()
            .create("new goal", GoalType::Url)
            .url("http://www.mystore.com/checkout/thank_you")
            .match_type(GoalMatchType::Exact)),
        case!("goals.update", |c| c
            .goals()
            .update(2231)
            .name("new goal paused")
            .active(false)),
        case!("goals.remove", |c| c.goals().remove(2231)),
        // greetings
        case!("greetings.list", |c| c.greetings().list().group(1)),
        case!("greetings.get", |c| c.greetings().get(2411)),
        case!("greetings.create" as "greeting_rules", |c| c.greetings().create(
            "my custom invitation",
            [
                GreetingRuleInput::VisitTimePage(number(15, Some(GreetingOperator::GreaterThan))),
                GreetingRuleInput::VisitsNumber(number(2, Some(GreetingOperator::GreaterOrEqual))),
            ]
        )),
        case!("greetings.create" as "custom_variable", |c| c
            .greetings()
            .create(
                "custom variable type greeting",
                [variable_rule("my_custom_var", "var_value", Some(GreetingOperator::Contains))]
            )
            .group(1)),
        case!("greetings.create" as "url_funnel", |c| c.greetings().create(
            "url funnel type greeting",
            [GreetingRuleInput::url_funnel([
                funnel_url("mystore.com/shoes", GreetingOperator::Equals),
                funnel_url("cart", GreetingOperator::Contains),
            ])]
        )),
        case!("greetings.create" as "multiple_rules", |c| c.greetings().create(
            "my custom invitation",
            [
                GreetingRuleInput::visit_time_site(15),
                variable_rule("empty_cart", "true", None),
                GreetingRuleInput::UrlCurrent(GreetingTextRuleInput {
                    operator: Some(GreetingOperator::Contains),
                    ..GreetingTextRuleInput::new("shoes")
                }),
            ]
        )),
        case!("greetings.update" as "name_or_message", |c| c
        .greetings()
        .update(2491)
        .name("athletic shoes")
        .properties(GreetingPropertiesInput {
            greeting_message_text: Some("Hello".into()),
            ..Default::default()
        })),
        case!("greetings.update" as "activate_deactivate", |c| c
            .greetings()
            .update(2491)
            .active(false)),
        case!("greetings.update" as "rules", |c| c
            .greetings()
            .update(2491)
            .rules([variable_rule("athletic_shoes", "true", None)])),
        case!("greetings.remove", |c| c.greetings().remove(2491)),
        // groups
        case!("groups.list", |c| c.groups().list()),
        case!("groups.get", |c| c.groups().get(2)),
        case!("groups.create", |c| c.groups().create(
            "Human Resources",
            ["jenny.doe@mycompany.com", "john.doe@mycompany.com"]
        )),
        case!("groups.update", |c| c
            .groups()
            .update(3)
            .name("Quality Assurance")
            .agents(["john.doe@mycompany.com", "jane.doe@mycompany.com"])),
        case!("groups.remove", |c| c.groups().remove(4)),
        // reports
        case!("reports.total_chats", |c| c
            .reports()
            .total_chats()
            .date_from("2013-01-29")
            .date_to("2013-01-29")
            .agent("john.doe@mycompany.com")
            .group_by(ReportGroupBy::Hour)),
        case!("reports.engagement", |c| c
            .reports()
            .engagement()
            .date_from("2013-01-28")
            .date_to("2013-01-29")
            .agent("john.doe@mycompany.com")
            .tags(["sales"])
            .group_by(ReportGroupBy::Hour)),
        case!("reports.chat_ratings", |c| c
            .reports()
            .chat_ratings()
            .group(2)
            .date_from("2012-01-29")
            .date_to("2013-01-29")
            .group_by(ReportGroupBy::Month)),
        case!("reports.chat_ranking", |c| c.reports().chat_ranking()),
        case!("reports.queued_visitors", |c| c
            .reports()
            .queued_visitors()
            .date_from("2013-01-29")
            .group(2)),
        case!("reports.queue_waiting_times", |c| c
            .reports()
            .queue_waiting_times()
            .date_from("2013-01-29")
            .group(2)),
        case!("reports.availability", |c| c
            .reports()
            .availability()
            .date_from("2013-01-25")
            .date_to("2013-01-30")
            .agent("john.doe@mycompany.com")
            .group_by(ReportGroupBy::Day)),
        case!("reports.chatting_time", |c| c
            .reports()
            .chatting_time()
            .date_from("2013-01-25")
            .date_to("2013-01-30")
            .group(1)),
        case!("reports.chats_first_response_time", |c| c
            .reports()
            .chats_first_response_time()
            .date_from("2014-01-10")
            .date_to("2014-01-20")
            .agent("john.doe@mycompany.com")),
        case!("reports.chats_response_time", |c| c
            .reports()
            .chats_response_time()
            .date_from("2014-01-10")
            .date_to("2014-01-20")
            .agent("john.doe@mycompany.com")),
        case!("reports.agents_occupancy", |c| c
            .reports()
            .agents_occupancy(ReportWeekday::Monday)),
        case!("reports.goals", |c| c
            .reports()
            .goals()
            .date_from("2013-01-01")
            .goal(71)
            .group_by(ReportGroupBy::Month)),
        case!("reports.greetings", |c| c
            .reports()
            .greetings()
            .date_from("2014-01-13")
            .date_to("2014-02-14")
            .group_by(ReportGroupBy::Month)),
        case!("reports.new_tickets", |c| c
            .reports()
            .new_tickets()
            .date_from("2013-01-29")
            .date_to("2013-01-29")
            .group_by(ReportGroupBy::Hour)),
        case!("reports.tickets_first_response_time", |c| c
            .reports()
            .tickets_first_response_time()
            .date_from("2014-01-10")
            .date_to("2014-01-20")
            .agent("john.doe@mycompany.com")),
        case!("reports.solved_tickets", |c| c
            .reports()
            .solved_tickets()
            .date_from("2014-01-10")
            .date_to("2014-01-20")),
        case!("reports.tickets_resolution_time", |c| c
            .reports()
            .tickets_resolution_time()
            .date_from("2014-01-10")
            .date_to("2014-01-20")),
        case!("reports.ticket_sources", |c| c
            .reports()
            .ticket_sources()
            .date_from("2014-01-10")
            .date_to("2014-01-20")),
        case!("reports.ticket_ratings", |c| c
            .reports()
            .ticket_ratings()
            .group(2)
            .date_from("2012-01-29")
            .date_to("2013-01-29")
            .group_by(ReportGroupBy::Month)),
        case!("reports.ticket_ranking", |c| c.reports().ticket_ranking()),
        // chats (archives)
        case!("chats.list", |c| c
            .chats()
            .list()
            .date_from("2013-01-23")
            .has_goal(true)),
        case!("chats.get", |c| c.chats().get("MH022RD0K5")),
        case!("chats.send_transcript", |c| c
            .chats()
            .send_transcript("MH022RD0K5", "john.doe@mycompany.com")),
        case!("chats.update_tags", |c| c
            .chats()
            .update_tags("MH022RD0K5", ["sales", "support", "feedback"])),
        // tickets
        case!("tickets.list", |c| c
            .tickets()
            .list()
            .date_from("2013-11-15")
            .status(TicketStatus::Open)),
        case!("tickets.get", |c| c.tickets().get("5FUED")),
        case!("tickets.create", |c| c
            .tickets()
            .create(
                "Hi,I have a problem with my shoes. Could you please advise?",
                TicketRequesterInput {
                    name: Some("Mary Brown".into()),
                    ..TicketRequesterInput::new("mary.brown@email.com")
                }
            )
            .subject("I have a problem")),
        case!("tickets.update_tags", |c| c
            .tickets()
            .update_tags("5FUED", ["sales", "support", "feedback"])),
        // tags
        case!("tags.list", |c| c.tags().list().group(1)),
        case!("tags.create", |c| c.tags().create(
            "support",
            "john.doe@mycompany.com",
            1
        )),
        case!("tags.remove", |c| c.tags().remove("support", 1)),
        // visitors
        case!("visitors.list", |c| c
            .visitors()
            .list()
            .state(VisitorStateFilter::Chatting)
            .groups([0])),
        case!("visitors.add_details", |c| c.visitors().add_details(
            &VisitorDetailsAccess::new(
                "S1352647457.ac951bfe2e",
                12345,
                livechat_api::Secret::from("26132406c42c96ba61ed42689b70f719"),
            ),
            "my-app",
            [VisitorDetailsField::new("Age", "36")]
        )),
        // visitor chat
        case!("visitor_chat.start", |c| c.visitor_chat().start(
            &livechat_api::models::LicenceVisitor::new("5863759023", 123),
            "Hi"
        )),
        case!("visitor_chat.get_pending_messages", |c| c
            .visitor_chat()
            .get_pending_messages(&sample_session())),
        case!("visitor_chat.send_message", |c| c
            .visitor_chat()
            .send_message(&sample_session(), "Hello!")),
        case!("visitor_chat.close", |c| c
            .visitor_chat()
            .close(&sample_session())),
        // webhooks
        case!("webhooks.list", |c| c.webhooks().list()),
        case!("webhooks.create", |c| c.webhooks().create(
            WebhookEventType::ChatStarted,
            [WebhookDataType::Chat, WebhookDataType::Visitor],
            "http://my-company.com/parse_webhook.php"
        )),
        case!("webhooks.remove", |c| c
            .webhooks()
            .remove("39612eee5f1b431217aafb9de19c1e32")),
    ]
}

fn number(value: i64, operator: Option<GreetingOperator>) -> GreetingNumberRuleInput {
    GreetingNumberRuleInput {
        operator,
        ..GreetingNumberRuleInput::new(value)
    }
}

fn variable_rule(name: &str, value: &str, operator: Option<GreetingOperator>) -> GreetingRuleInput {
    GreetingRuleInput::CustomVariable(GreetingCustomVariableRuleInput {
        operator,
        ..GreetingCustomVariableRuleInput::new(name, value)
    })
}

fn funnel_url(url: &str, operator: GreetingOperator) -> GreetingFunnelUrlInput {
    GreetingFunnelUrlInput {
        operator: Some(operator),
        ..GreetingFunnelUrlInput::new(url)
    }
}

/// The session of the visitor-chat samples.
fn sample_session() -> VisitorSession {
    VisitorSession::new(
        "5863759023",
        123,
        livechat_api::Secret::from("26132406c42c96ba61ed42689b70f719"),
    )
}
