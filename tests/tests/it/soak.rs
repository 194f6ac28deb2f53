//! The soak: one shared client, 256 tasks, 20,000 mixed requests against the fake, with no
//! error allowed, no request repeated, and the fake's state matching every answer after.
//!
//! `LIVECHAT_SOAK_REQUESTS` changes the count (up to the 100,000 requests the fake's log
//! keeps, which the test needs to see that nothing was retried); the default is the
//! 20,000 the suite promises.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use livechat_api::{Client, Error};
use livechat_tests::fake::{FakeLiveChat, LOG_CAPACITY};

const TASKS: usize = 256;
const DEFAULT_REQUESTS: usize = 20_000;
/// The soak of 20,000 requests ends by itself within this, whatever happens (it takes
/// under a third of it in a debug build on two cores); a longer soak gets proportionally more.
const TIME_LIMIT: Duration = Duration::from_secs(180);

fn requests() -> usize {
    let count = std::env::var("LIVECHAT_SOAK_REQUESTS")
        .ok()
        .map_or(DEFAULT_REQUESTS, |count| {
            count
                .parse()
                .unwrap_or_else(|_| panic!("LIVECHAT_SOAK_REQUESTS={count:?} is not a count"))
        });
    assert!(
        (TASKS..=LOG_CAPACITY).contains(&count),
        "LIVECHAT_SOAK_REQUESTS must be between {TASKS} and {LOG_CAPACITY}, the requests \
         the fake's log keeps"
    );
    count
}

/// What one task was told by the answers it got: the state it expects the fake to hold.
#[derive(Default)]
struct Seen {
    /// Canned responses it created and did not remove, with the text it last set.
    canned: BTreeMap<i64, String>,
    /// Canned responses it removed.
    removed_canned: BTreeSet<i64>,
    /// Tags (of group 0) it created and did not remove.
    tags: BTreeSet<String>,
    /// Tags it removed.
    removed_tags: BTreeSet<String>,
    /// Every call that failed, with the step it was.
    errors: Vec<String>,
}

/// Runs `count` requests, cycling through reads, creates, updates and deletes on records
/// of its own, so that the answers alone say what the fake must hold afterwards.
async fn task(client: Client, author: String, number: usize, count: usize) -> Seen {
    let mut seen = Seen::default();
    let mut made = 0usize;
    let mut last_canned: Option<i64> = None;
    let mut last_tag: Option<String> = None;
    for step in 0..count {
        let outcome: Result<(), Error> = match step % 8 {
            // Create a canned response.
            0 => {
                made += 1;
                let text = format!("soak {number}-{made}");
                let created = client
                    .canned_responses()
                    .create(&text, [format!("soak{number}")])
                    .send()
                    .await;
                created.map(|canned| {
                    let id = canned.id;
                    seen.canned.insert(id, text);
                    last_canned = Some(id);
                })
            }
            // Read it back.
            1 | 5 => match last_canned {
                Some(id) => client
                    .canned_responses()
                    .get(id)
                    .send()
                    .await
                    .map(|canned| {
                        if Some(&canned.text) != seen.canned.get(&id) {
                            seen.errors
                                .push(format!("{number}/{step}: read a stale text"));
                        }
                    }),
                None => client.groups().list().send().await.map(drop),
            },
            // Change its text.
            2 => match last_canned {
                Some(id) => {
                    let text = format!("soak {number}-{made} changed");
                    client
                        .canned_responses()
                        .update(id)
                        .text(&text)
                        .send()
                        .await
                        .map(|_| {
                            seen.canned.insert(id, text);
                        })
                }
                None => client.groups().list().send().await.map(drop),
            },
            // Another resource's read.
            3 => client.groups().list().send().await.map(drop),
            // Create a tag.
            4 => {
                let name = format!("soak-{number}-{made}");
                client
                    .tags()
                    .create(&name, &author, 0)
                    .send()
                    .await
                    .map(|_| {
                        seen.tags.insert(name.clone());
                        last_tag = Some(name);
                    })
            }
            // Remove every other tag it made.
            6 => match last_tag.take().filter(|_| made.is_multiple_of(2)) {
                Some(name) => client.tags().remove(&name, 0).send().await.map(|_| {
                    seen.tags.remove(&name);
                    seen.removed_tags.insert(name);
                }),
                None => client.groups().get(1).send().await.map(drop),
            },
            // Remove every other canned response it made.
            _ => match last_canned.take().filter(|_| !made.is_multiple_of(2)) {
                Some(id) => client.canned_responses().remove(id).send().await.map(|_| {
                    seen.canned.remove(&id);
                    seen.removed_canned.insert(id);
                }),
                None => client.agents().get(&author).send().await.map(drop),
            },
        };
        if let Err(error) = outcome {
            seen.errors.push(format!("{number}/{step}: {error}"));
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_256_tasks_one_client() {
    let _alone = crate::common::EXCLUSIVE.lock().await;
    let total = requests();
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client();
    let author = fake.config().login.clone();
    let started = Instant::now();
    let sent = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..TASKS)
        .map(|number| {
            // Spread the remainder so that exactly `total` requests are made.
            let count = total / TASKS + usize::from(number < total % TASKS);
            let client = client.clone();
            let author = author.clone();
            let sent = sent.clone();
            tokio::spawn(async move {
                let seen = task(client, author, number, count).await;
                sent.fetch_add(count, Ordering::Relaxed);
                seen
            })
        })
        .collect();
    let limit = TIME_LIMIT * u32::try_from(total.div_ceil(DEFAULT_REQUESTS)).unwrap_or(u32::MAX);
    let all = tokio::time::timeout(limit, futures_util::future::join_all(tasks))
        .await
        .unwrap_or_else(|_| {
            panic!(
                "the soak did not end within {limit:?} ({} requests done)",
                sent.load(Ordering::Relaxed)
            )
        });
    let elapsed = started.elapsed();
    let seen: Vec<Seen> = all.into_iter().map(|task| task.unwrap()).collect();

    let errors: Vec<&String> = seen.iter().flat_map(|s| &s.errors).collect();
    assert!(
        errors.is_empty(),
        "{} errors, the first: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
    let log = fake.requests();
    assert_eq!(
        log.len(),
        total,
        "one request per call: nothing was retried"
    );
    assert!(log.iter().all(|request| request.status == Some(200)));

    // Every successful create is there once, with its last text; every delete is gone.
    let canned = client.canned_responses().list().send().await.unwrap();
    let mut stored: BTreeMap<i64, usize> = BTreeMap::new();
    for record in &canned {
        *stored.entry(record.id).or_default() += 1;
    }
    let tags: Vec<String> = client
        .tags()
        .list()
        .send()
        .await
        .unwrap()
        .into_iter()
        .map(|tag| tag.name)
        .collect();
    let mut created = 0;
    let mut removed = 0;
    for task in &seen {
        for (id, text) in &task.canned {
            assert_eq!(stored.get(id), Some(&1), "canned response {id}");
            let record = canned.iter().find(|c| c.id == *id).unwrap();
            assert_eq!(&record.text, text, "canned response {id}");
        }
        for id in &task.removed_canned {
            assert!(!stored.contains_key(id), "removed canned response {id}");
        }
        for name in &task.tags {
            assert_eq!(tags.iter().filter(|t| *t == name).count(), 1, "tag {name}");
        }
        for name in &task.removed_tags {
            assert!(!tags.contains(name), "removed tag {name}");
        }
        created += task.canned.len() + task.removed_canned.len();
        created += task.tags.len() + task.removed_tags.len();
        removed += task.removed_canned.len() + task.removed_tags.len();
    }
    let soak_records = canned
        .iter()
        .filter(|c| c.text.starts_with("soak "))
        .count();
    let soak_tags = tags.iter().filter(|t| t.starts_with("soak-")).count();
    let kept: usize = seen.iter().map(|s| s.canned.len() + s.tags.len()).sum();
    assert_eq!(
        soak_records + soak_tags,
        kept,
        "no record the answers did not announce"
    );
    let mut methods: BTreeMap<&str, usize> = BTreeMap::new();
    for request in &log {
        *methods.entry(request.method.as_str()).or_default() += 1;
    }
    eprintln!(
        "soak: {total} requests ({methods:?}) from {TASKS} tasks over one client in \
         {elapsed:.1?} ({:.0} requests/s); {created} creates, {removed} deletes, {} errors, \
         {} retries",
        total as f64 / elapsed.as_secs_f64(),
        errors.len(),
        log.len() - total
    );
}
