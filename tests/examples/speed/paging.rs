//! `.stream()` over every page of a list, in a process of its own so that its peak
//! memory is its own.

use std::time::Instant;

use futures_util::TryStreamExt;
use livechat_api::{Client, Credentials};

use crate::Outcome;

/// Streams every chat the responder at `base` announces and prints
/// `items <n> seconds <s> peak_rss_kib <k>`.
pub async fn stream(base: &str) -> Outcome {
    let client = Client::builder(Credentials::basic("bench@example.com", "bench-key"))
        .base_url(base)
        .build()?;
    let start = Instant::now();
    let items = client
        .chats()
        .list()
        .stream()
        .try_fold(0u64, |count, chat| {
            std::hint::black_box(chat);
            async move { Ok(count + 1) }
        })
        .await?;
    let seconds = start.elapsed().as_secs_f64();
    let peak = crate::cpu::peak_rss_kib().unwrap_or(0);
    println!("items {items} seconds {seconds} peak_rss_kib {peak}");
    Ok(())
}

/// What a child `stream` run printed.
#[derive(Debug, Clone, Copy)]
pub struct Walk {
    pub items: u64,
    pub seconds: f64,
    pub peak_rss_kib: u64,
}

impl Walk {
    pub fn parse(line: &str) -> Option<Walk> {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["items", items, "seconds", seconds, "peak_rss_kib", peak] => Some(Walk {
                items: items.parse().ok()?,
                seconds: seconds.parse().ok()?,
                peak_rss_kib: peak.parse().ok()?,
            }),
            _ => None,
        }
    }
}
