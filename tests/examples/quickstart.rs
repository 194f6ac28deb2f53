//! A tour of livechat-api.
//!
//! With no credentials in the environment it starts the fake LiveChat server in-process
//! and walks through the library with real HTTP calls against it: agents, a canned
//! response created and removed, every chat of a month streamed across pages, a report,
//! a ticket, a visitor chat, and a webhook received and verified. With `LIVECHAT_LOGIN`
//! and `LIVECHAT_API_KEY` (or `LIVECHAT_TOKEN`) set it makes read-only calls against
//! the real API instead.
//!
//!     cargo run --example quickstart

use std::collections::BTreeMap;
use std::time::Duration;

use livechat_api::models::{
    AgentStatus, LicenceVisitor, ReportGroupBy, TicketRequesterInput, VisitorSession,
    WebhookDataType, WebhookEvent, WebhookEventType,
};
use livechat_api::webhook::{self, Verifier};
use livechat_api::{Client, Credentials};
use livechat_tests::fake::FakeLiveChat;
use livechat_tests::receiver::WebhookReceiver;

type Outcome = Result<(), Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> Outcome {
    let login = std::env::var("LIVECHAT_LOGIN").ok();
    let api_key = std::env::var("LIVECHAT_API_KEY").ok();
    let token = std::env::var("LIVECHAT_TOKEN").ok();
    let credentials = match (login, api_key, token) {
        (Some(login), Some(api_key), _) => Some(Credentials::basic(login, api_key)),
        (_, _, Some(token)) => Some(Credentials::bearer(token)),
        _ => None,
    };
    if let Some(credentials) = credentials {
        println!("Using the real LiveChat API (read-only calls).\n");
        let client = Client::new(credentials)?;
        read_only_tour(&client).await?;
        return recent_chats(&client).await;
    }
    let fake = FakeLiveChat::start().await?;
    println!("No LIVECHAT_LOGIN/LIVECHAT_API_KEY or LIVECHAT_TOKEN set:");
    println!("using the fake LiveChat API at {}\n", fake.base_url());
    let client = fake.client();
    read_only_tour(&client).await?;
    canned_response_tour(&client).await?;
    archive_tour(&client).await?;
    ticket_tour(&client).await?;
    visitor_chat_and_webhook_tour(&client, fake.config().license_id).await?;
    fake.shutdown().await;
    Ok(())
}

async fn read_only_tour(client: &Client) -> Outcome {
    let status = client.status().get().send().await?;
    println!("Chat status: {}", status.status);

    let agents = client.agents().list().send().await?;
    println!("\n{} agents:", agents.len());
    for agent in &agents {
        println!(
            "  {:<28} {:<14} {}",
            agent.login,
            show(&agent.permission),
            show(&agent.status)
        );
    }
    let accepting = client
        .agents()
        .list()
        .status(AgentStatus::AcceptingChats)
        .send()
        .await?;
    println!("{} of them accept chats right now.", accepting.len());
    Ok(())
}

async fn canned_response_tour(client: &Client) -> Outcome {
    println!("\nCanned responses:");
    let created = client
        .canned_responses()
        .create(
            "Thanks for waiting, I'm checking that for you.",
            ["wait", "checking"],
        )
        .group(1)
        .send()
        .await?;
    let id = created.id;
    println!("  created #{id} with tags {}", created.tags.join(", "));
    let removed = client.canned_responses().remove(id).send().await?;
    println!("  removed it: {}", removed.result);
    Ok(())
}

async fn archive_tour(client: &Client) -> Outcome {
    println!("\nArchived chats of March 2013, streamed page by page:");
    // jiff does the calendar: the month's first and last days, no arithmetic of ours.
    let march = livechat_api::jiff::civil::date(2013, 3, 1);
    let (first_day, last_day) = (march.first_of_month(), march.last_of_month());
    let mut chats = client
        .chats()
        .list()
        .date_from(first_day)
        .date_to(last_day)
        .stream();
    let mut count: i64 = 0;
    let mut tags: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(chat) = chats.try_next().await? {
        count += 1;
        for tag in chat.tags {
            *tags.entry(tag).or_default() += 1;
        }
    }
    let tally: Vec<_> = tags.iter().map(|(tag, n)| format!("{tag} {n}")).collect();
    println!("  {count} chats; tags: {}", tally.join(", "));

    let report = client
        .reports()
        .total_chats()
        .date_from(first_day)
        .date_to(last_day)
        .group_by(ReportGroupBy::Day)
        .send()
        .await?;
    let total: i64 = report.values().map(|row| row.chats).sum();
    if total != count {
        return Err(format!(
            "the total_chats report counts {total} chats, but {count} were streamed"
        )
        .into());
    }
    let busiest = report.iter().max_by_key(|(_, row)| row.chats);
    println!(
        "  the total_chats report agrees: {total} chats over {} days",
        report.len()
    );
    if let Some((day, row)) = busiest {
        println!("  busiest day: {day} with {} chats", row.chats);
    }
    Ok(())
}

async fn recent_chats(client: &Client) -> Outcome {
    let page = client.chats().list().send().await?;
    println!(
        "\n{} archived chats in {} pages; the latest:",
        page.total, page.pages
    );
    for chat in page.chats.iter().take(3) {
        println!(
            "  {} {} ({} s)",
            chat.id,
            show(&chat.started),
            show(&chat.duration)
        );
    }
    Ok(())
}

async fn ticket_tour(client: &Client) -> Outcome {
    println!("\nTickets:");
    let requester = TicketRequesterInput::new("mary.brown@email.com").name("Mary Brown");
    let ticket = client
        .tickets()
        .create(
            "My new shoes are broken. What can we do about this?",
            requester,
        )
        .subject("Broken shoes")
        .send()
        .await?;
    println!("  created ticket {} ({})", ticket.id, show(&ticket.status));
    Ok(())
}

async fn visitor_chat_and_webhook_tour(client: &Client, license_id: u64) -> Outcome {
    println!("\nA webhook and a visitor chat:");
    let mut deliveries = WebhookReceiver::start().await?;
    let registered = client
        .webhooks()
        .create(
            WebhookEventType::ChatStarted,
            [WebhookDataType::Chat, WebhookDataType::Visitor],
            format!(
                "http://livechat:s3cret@{}/hook",
                deliveries.base_url().trim_start_matches("http://")
            ),
        )
        .send()
        .await?;
    let webhook = registered
        .events
        .first()
        .ok_or("the API returned no webhook")?;
    let token = webhook.token.clone().ok_or("the webhook has no token")?;
    println!(
        "  registered a chat_started webhook at {}",
        deliveries.url()
    );

    // The visitor and the licence travel as one value, so the visitor's id cannot trade
    // places with the welcome message.
    let visitor = "S1700000000.quickstart";
    let licence = i64::try_from(license_id)?;
    let started = client
        .visitor_chat()
        .start(
            &LicenceVisitor::new(visitor, licence),
            "Hi! How can we help?",
        )
        .name("Mary Brown")
        .send()
        .await?;
    // The later calls take the chat the same way: the visitor, the licence and the
    // session's secret cannot be swapped with each other or with the message.
    let session = VisitorSession::new(visitor, licence, started.secured_session_id);
    client
        .visitor_chat()
        .send_message(&session, "Do you ship to Norway?")
        .send()
        .await?;
    let pending = client
        .visitor_chat()
        .get_pending_messages(&session)
        .send()
        .await?;
    println!(
        "  started a visitor chat; {} events are waiting for the visitor",
        pending.events.len()
    );

    let (authorization, body) = tokio::time::timeout(Duration::from_secs(5), deliveries.recv())
        .await?
        .ok_or("the receiver stopped")?;
    let event = webhook::parse(&body)?;
    let verifier = Verifier::new(token)?
        .basic_auth("livechat", "s3cret")?
        .license_id(license_id);
    let genuine = verifier.accepts(authorization.as_deref(), &event);
    match event {
        WebhookEvent::ChatStarted(started) => {
            let visitor = started.visitor.unwrap_or_default();
            println!(
                "  received chat_started for visitor {} ({}), credentials {}",
                visitor.id,
                show(&visitor.name),
                if genuine { "verified" } else { "REJECTED" }
            );
        }
        other => println!("  received {}", other.event_type()),
    }

    client.visitor_chat().close(&session).send().await?;
    println!("  closed the chat");
    Ok(())
}

fn show<T: std::fmt::Display>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| "-".to_owned(), ToString::to_string)
}
