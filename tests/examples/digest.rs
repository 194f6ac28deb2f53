//! A monthly support digest: the kind of program a team lead runs on the first of the month.
//!
//! It streams every archived chat of one month and counts them per agent and per tag,
//! works out the average duration and the ratings, checks the streamed count against the
//! `total_chats` report, lists the tickets still open, creates and removes a canned
//! response, and shows what an error for an agent that does not exist looks like.
//!
//! With no credentials in the environment it runs against the fake LiveChat server,
//! started in-process, for March 2013 (the fake's seeded archive). With `LIVECHAT_LOGIN`
//! and `LIVECHAT_API_KEY` (or `LIVECHAT_TOKEN`) set it reads the real API for last month
//! and skips the canned response, the only write.
//!
//!     cargo run --example digest
//!
//! It exits with an error when the streamed chats and the report disagree.

use std::collections::BTreeMap;

use livechat_api::jiff::civil::Date;
use livechat_api::jiff::{Timestamp, tz::TimeZone};
use livechat_api::models::{ChatRate, ReportGroupBy, TicketStatus};
use livechat_api::{Client, Credentials, ErrorKind};
use livechat_tests::fake::FakeLiveChat;

type Outcome<T = ()> = Result<T, Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> Outcome {
    match credentials_from_env() {
        Some(credentials) => {
            let client = Client::new(credentials)?;
            let today = Timestamp::now().to_zoned_datetime(TimeZone::UTC).date();
            let month = today.first_of_month().yesterday()?.first_of_month();
            println!("Digest of the real LiveChat account, read-only.\n");
            digest(&client, month, false).await
        }
        None => {
            let fake = FakeLiveChat::start().await?;
            println!(
                "No credentials set: reading the fake LiveChat API at {}.\n",
                fake.base_url()
            );
            let outcome = digest(&fake.client(), Date::constant(2013, 3, 1), true).await;
            fake.shutdown().await;
            outcome
        }
    }
}

fn credentials_from_env() -> Option<Credentials> {
    let var = |name| std::env::var(name).ok();
    match (
        var("LIVECHAT_LOGIN"),
        var("LIVECHAT_API_KEY"),
        var("LIVECHAT_TOKEN"),
    ) {
        (Some(login), Some(api_key), _) => Some(Credentials::basic(login, api_key)),
        (_, _, Some(token)) => Some(Credentials::bearer(token)),
        _ => None,
    }
}

async fn digest(client: &Client, month: Date, may_write: bool) -> Outcome {
    let (first, last) = (month.first_of_month(), month.last_of_month());
    println!("Support digest for {}", month.strftime("%B %Y"));
    println!("{}", "=".repeat(40));

    let chats = month_of_chats(client, first, last).await?;
    chats.print();
    compare_with_report(client, first, last, chats.count).await?;
    open_tickets(client).await?;
    if may_write {
        canned_response_round_trip(client).await?;
    }
    missing_agent(client).await
}

/// What one pass over the month's chats adds up.
#[derive(Default)]
struct ChatTally {
    count: i64,
    per_agent: BTreeMap<String, usize>,
    per_tag: BTreeMap<String, usize>,
    total_seconds: i64,
    timed: i64,
    good: usize,
    bad: usize,
}

impl ChatTally {
    fn print(&self) {
        println!("\n{} chats", self.count);
        println!("\nChats per agent:");
        for (agent, n) in &self.per_agent {
            println!("  {agent:<32} {n:>4}");
        }
        println!("\nChats per tag:");
        for (tag, n) in &self.per_tag {
            println!("  {tag:<32} {n:>4}");
        }
        if self.timed > 0 {
            let average = self.total_seconds / self.timed;
            println!(
                "\nAverage duration: {} min {:02} s",
                average / 60,
                average % 60
            );
        }
        let rated = self.good + self.bad;
        println!(
            "Ratings: {} good, {} bad, {} not rated{}",
            self.good,
            self.bad,
            self.count - rated as i64,
            (self.good * 100)
                .checked_div(rated)
                .map_or_else(String::new, |share| format!(" ({share}% good)"))
        );
    }
}

async fn month_of_chats(client: &Client, first: Date, last: Date) -> Outcome<ChatTally> {
    let mut tally = ChatTally::default();
    let mut chats = client
        .chats()
        .list()
        .date_from(first)
        .date_to(last)
        .stream();
    while let Some(chat) = chats.try_next().await? {
        tally.count += 1;
        for agent in &chat.agents {
            *tally
                .per_agent
                .entry(agent.display_name.clone())
                .or_default() += 1;
        }
        for tag in chat.tags {
            *tally.per_tag.entry(tag).or_default() += 1;
        }
        if let Some(seconds) = chat.duration {
            tally.total_seconds += seconds;
            tally.timed += 1;
        }
        match chat.rate {
            Some(ChatRate::RatedGood) => tally.good += 1,
            Some(ChatRate::RatedBad) => tally.bad += 1,
            _ => {}
        }
    }
    Ok(tally)
}

async fn compare_with_report(client: &Client, first: Date, last: Date, streamed: i64) -> Outcome {
    let report = client
        .reports()
        .total_chats()
        .date_from(first)
        .date_to(last)
        .group_by(ReportGroupBy::Day)
        .send()
        .await?;
    let reported: i64 = report.values().map(|row| row.chats).sum();
    if reported != streamed {
        return Err(format!(
            "the total_chats report counts {reported} chats, the archive streamed {streamed}"
        )
        .into());
    }
    println!(
        "The total_chats report agrees: {reported} chats over {} days.",
        report.len()
    );
    if let Some((day, row)) = report.iter().max_by_key(|(_, row)| row.chats) {
        println!("Busiest day: {day} ({} chats).", row.chats);
    }
    Ok(())
}

async fn open_tickets(client: &Client) -> Outcome {
    let open = client
        .tickets()
        .list()
        .status(TicketStatus::Open)
        .stream()
        .try_collect()
        .await?;
    println!("\n{} open tickets; the first ten:", open.len());
    for ticket in open.iter().take(10) {
        let subject = ticket.subject.as_deref().unwrap_or("(no subject)");
        println!("  {:<6} {:<30} {subject}", ticket.id, ticket.requester.mail);
    }
    Ok(())
}

async fn canned_response_round_trip(client: &Client) -> Outcome {
    let created = client
        .canned_responses()
        .create("Thanks for waiting, I'm checking that for you.", ["wait"])
        .send()
        .await?;
    client.canned_responses().remove(created.id).send().await?;
    println!(
        "\nCreated canned response #{} and removed it again.",
        created.id
    );
    Ok(())
}

async fn missing_agent(client: &Client) -> Outcome {
    match client.agents().get("nobody@example.com").send().await {
        Ok(agent) => println!("\nUnexpectedly found agent {}.", agent.login),
        Err(error) if error.kind() == ErrorKind::NotFound => {
            println!("\nLooking up an agent that does not exist gives:\n  {error}");
        }
        Err(error) => return Err(error.into()),
    }
    Ok(())
}
