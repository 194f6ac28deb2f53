//! A tour of livechat-api.
//!
//! With no credentials in the environment it starts the fake LiveChat server in-process
//! and makes real HTTP calls against it, writes included. With `LIVECHAT_LOGIN` and
//! `LIVECHAT_API_KEY` (or `LIVECHAT_TOKEN`) set it makes read-only calls against the
//! real API instead.
//!
//!     cargo run --example quickstart

use livechat_api::models::AgentStatus;
use livechat_api::{Client, Credentials};
use livechat_tests::fake::FakeLiveChat;

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
    match credentials {
        Some(credentials) => {
            println!("Using the real LiveChat API (read-only calls).\n");
            read_only_tour(&Client::new(credentials)?).await
        }
        None => {
            let fake = FakeLiveChat::start().await?;
            println!("No LIVECHAT_LOGIN/LIVECHAT_API_KEY or LIVECHAT_TOKEN set:");
            println!("using the fake LiveChat API at {}\n", fake.base_url());
            let client = fake.client();
            read_only_tour(&client).await?;
            write_tour(&client).await?;
            fake.shutdown().await;
            Ok(())
        }
    }
}

async fn read_only_tour(client: &Client) -> Outcome {
    let status = client.status().get().send().await?;
    println!("Chat status: {}", show(&status.status));

    let agents = client.agents().list().send().await?;
    println!("\n{} agents:", agents.len());
    for agent in &agents {
        println!(
            "  {:<28} {:<14} {}",
            show(&agent.login),
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

    if let Some(login) = agents.first().and_then(|agent| agent.login.clone()) {
        let agent = client.agents().get(&login).send().await?;
        let groups: Vec<_> = agent
            .groups
            .iter()
            .filter_map(|group| group.name.clone())
            .collect();
        println!(
            "\n{} ({}), groups: {}, up to {} chats at once",
            show(&agent.name),
            show(&agent.job_title),
            groups.join(", "),
            show(&agent.max_chats_count)
        );
    }

    let canned = client.canned_responses().list().send().await?;
    println!(
        "\n{} canned responses in the default group, e.g.:",
        canned.len()
    );
    for response in canned.iter().take(3) {
        println!(
            "  #{} {:?} (tags: {})",
            show(&response.id),
            show(&response.text),
            response.tags.join(", ")
        );
    }
    Ok(())
}

async fn write_tour(client: &Client) -> Outcome {
    println!("\nCreating a canned response...");
    let created = client
        .canned_responses()
        .create(
            "Thanks for waiting, I'm checking that for you.",
            ["wait", "checking"],
        )
        .group(1)
        .send()
        .await?;
    let id = created.id.ok_or("the API returned no id")?;
    println!(
        "  created #{id} in group {} by {}",
        show(&created.group),
        show(&created.created_by)
    );

    let updated = client
        .canned_responses()
        .update(id)
        .tags(["wait"])
        .send()
        .await?;
    println!("  tags are now: {}", updated.tags.join(", "));

    let removed = client.canned_responses().remove(id).send().await?;
    println!("  removed: {}", show(&removed.result));

    match client.canned_responses().get(id).send().await {
        Err(error) => println!("  fetching it again fails as it should: {error}"),
        Ok(_) => return Err("the removed canned response is still there".into()),
    }
    Ok(())
}

fn show<T: std::fmt::Display>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| "-".to_owned(), ToString::to_string)
}
