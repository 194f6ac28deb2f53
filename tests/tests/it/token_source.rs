//! OAuth tokens that change while a client lives: a token source asked before each
//! attempt, one renewal and one repetition after a 401, and no stampede when many
//! requests are refused together.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use livechat_api::{Client, Credentials, Error, TokenFuture, TokenSource};
use livechat_tests::fake::{FakeLiveChat, TokenUse};
use livechat_tests::recorder::{Recorder, Reply};

/// A source like an application would write: it hands out the current token and, when
/// told that a token was refused, gets a new one from the (fake) authorization server.
struct Renewing {
    fake: Arc<FakeLiveChat>,
    current: Mutex<String>,
    /// The credentials reported as refused, in order.
    refused: Mutex<Vec<Credentials>>,
    /// Where renewed tokens come from; by default the fake issues valid ones.
    renew: Box<dyn Fn(&FakeLiveChat) -> String + Send + Sync>,
}

impl Renewing {
    fn new(fake: &Arc<FakeLiveChat>) -> Arc<Renewing> {
        Renewing::with(fake, |fake| fake.issue_token())
    }

    fn with(
        fake: &Arc<FakeLiveChat>,
        renew: impl Fn(&FakeLiveChat) -> String + Send + Sync + 'static,
    ) -> Arc<Renewing> {
        Arc::new(Renewing {
            fake: Arc::clone(fake),
            current: Mutex::new(fake.issue_token()),
            refused: Mutex::new(Vec::new()),
            renew: Box::new(renew),
        })
    }

    fn current(&self) -> String {
        self.current.lock().unwrap().clone()
    }

    fn refused(&self) -> Vec<Credentials> {
        self.refused.lock().unwrap().clone()
    }
}

impl TokenSource for Renewing {
    fn credentials<'a>(&'a self, refused: Option<&'a Credentials>) -> TokenFuture<'a> {
        Box::pin(async move {
            if let Some(refused) = refused {
                self.refused.lock().unwrap().push(refused.clone());
                // Renewal takes a while in real life: let the other tasks run meanwhile.
                tokio::time::sleep(Duration::from_millis(5)).await;
                *self.current.lock().unwrap() = (self.renew)(&self.fake);
            }
            Ok(Credentials::bearer(self.current()))
        })
    }
}

async fn start() -> (Arc<FakeLiveChat>, Arc<Renewing>, Client) {
    let fake = Arc::new(FakeLiveChat::start().await.unwrap());
    let source = Renewing::new(&fake);
    let client = Client::builder_with_source(Arc::clone(&source))
        .base_url(fake.base_url())
        .build()
        .unwrap();
    (fake, source, client)
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_and_every_method_is_repeated_once() {
    let (fake, source, client) = start().await;
    let first = source.current();
    client.agents().list().send().await.unwrap();

    let mut expected_refusals = Vec::new();
    // GET, POST, PUT, DELETE: each meets a revoked token, is refused once, and succeeds.
    let mut revoke = || {
        let token = source.current();
        fake.revoke_token(&token);
        expected_refusals.push(Credentials::bearer(token));
    };
    revoke();
    client.agents().list().send().await.unwrap();
    revoke();
    let created = client
        .canned_responses()
        .create("Renewed tokens keep this service running.", ["renewal"])
        .send()
        .await
        .unwrap();
    let id = created.id;
    let listed = client.canned_responses().list().send().await.unwrap();
    assert_eq!(
        listed.iter().filter(|c| c.text == created.text).count(),
        1,
        "a refused POST was not processed, so its repetition created the only copy"
    );
    revoke();
    client
        .canned_responses()
        .update(id)
        .tags(["cu"])
        .send()
        .await
        .unwrap();
    revoke();
    client.canned_responses().remove(id).send().await.unwrap();

    assert_eq!(source.refused(), expected_refusals);
    let log = fake.token_log();
    let verdicts: Vec<bool> = log.iter().map(|used| used.accepted).collect();
    assert_eq!(
        verdicts,
        [
            true, false, true, false, true, true, false, true, false, true
        ],
        "one refused attempt and one repetition per call: {log:#?}"
    );
    assert_eq!(log[0].token, first);
}

#[tokio::test]
async fn fixed_credentials_end_in_unauthorized_at_once() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = fake.client_with(fake.bearer());
    fake.revoke_token(&fake.config().token);
    let error = client.agents().list().send().await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(fake.token_log().len(), 1);
}

#[tokio::test]
async fn a_refused_renewed_token_ends_in_unauthorized_without_a_loop() {
    let fake = Arc::new(FakeLiveChat::start().await.unwrap());
    let source = Renewing::with(&fake, |_| "dal-never-valid".to_owned());
    let client = Client::builder_with_source(Arc::clone(&source))
        .base_url(fake.base_url())
        .build()
        .unwrap();
    fake.revoke_token(&source.current());

    let error = client.agents().list().send().await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(source.refused().len(), 1);
    let tokens: Vec<String> = fake.token_log().into_iter().map(|u| u.token).collect();
    assert_eq!(tokens.len(), 2, "the first attempt and one repetition");
    assert_eq!(tokens[1], "dal-never-valid");

    // Many calls at once: each ends in Unauthorized after at most two attempts, and each
    // refused token is reported once.
    let calls = (0..64).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.agents().list().send().await })
    });
    for call in futures_util::future::join_all(calls).await {
        let error = call.unwrap().unwrap_err();
        assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    }
    let refused = source.refused();
    assert_eq!(
        refused,
        [
            Credentials::bearer(fake.token_log()[0].token.as_str()),
            Credentials::bearer("dal-never-valid")
        ]
    );
    assert!(fake.token_log().len() <= 2 + 2 * 64);
}

#[tokio::test]
async fn a_failing_source_sends_nothing() {
    let fake = FakeLiveChat::start().await.unwrap();
    let client = Client::builder_with_source(|_refused: Option<Credentials>| async {
        Err::<Credentials, _>(std::io::Error::other("the authorization server is down"))
    })
    .base_url(fake.base_url())
    .build()
    .unwrap();
    let error = client.agents().list().send().await.unwrap_err();
    assert!(matches!(error, Error::TokenSource(_)), "{error:?}");
    assert!(
        error.to_string().contains("authorization server is down"),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());
    assert!(fake.token_log().is_empty());
}

/// The issue's acceptance test: 64 tasks share one client while its token expires three
/// times. Each expiry causes exactly one renewal, every call succeeds, and no task sends
/// the old token again once it has been refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_tasks_renew_once_per_expiry() {
    const TASKS: usize = 64;
    const ROUNDS: usize = 4;
    let (fake, source, client) = start().await;
    let mut tokens_per_round = vec![source.current()];
    for round in 0..ROUNDS {
        if round > 0 {
            // The token expires between rounds, while every task is mid-run.
            fake.revoke_token(&source.current());
        }
        let barrier = Arc::new(tokio::sync::Barrier::new(TASKS));
        let calls = (0..TASKS).map(|task| {
            let client = client.clone();
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                client
                    .canned_responses()
                    .list()
                    .param("task", format!("{round}-{task}"))
                    .send()
                    .await
            })
        });
        for call in futures_util::future::join_all(calls).await {
            call.unwrap().unwrap();
        }
        if round > 0 {
            tokens_per_round.push(source.current());
        }
    }

    let expected: Vec<Credentials> = tokens_per_round[..ROUNDS - 1]
        .iter()
        .map(|token| Credentials::bearer(token.as_str()))
        .collect();
    assert_eq!(source.refused(), expected, "one renewal per expiry");

    let log = fake.token_log();
    let mut by_call: BTreeMap<String, Vec<&TokenUse>> = BTreeMap::new();
    for used in &log {
        let call = used
            .path_and_query
            .split("task=")
            .nth(1)
            .unwrap()
            .to_owned();
        by_call.entry(call).or_default().push(used);
    }
    assert_eq!(by_call.len(), TASKS * ROUNDS);
    for (call, uses) in &by_call {
        let round: usize = call.split('-').next().unwrap().parse().unwrap();
        let fresh = &tokens_per_round[round];
        let sent: Vec<(&str, bool)> = uses
            .iter()
            .map(|used| (used.token.as_str(), used.accepted))
            .collect();
        match sent.as_slice() {
            [(token, true)] => assert_eq!(token, fresh, "call {call}"),
            [(old, false), (token, true)] => {
                assert!(round > 0, "call {call}: refused before any expiry");
                assert_eq!(*old, tokens_per_round[round - 1], "call {call}");
                assert_eq!(token, fresh, "call {call}");
            }
            other => panic!("call {call} sent {other:?}"),
        }
    }
}

/// Tokens with a lifetime, expiring whenever they expire: each expired token is
/// reported once, however many tasks meet it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_that_expire_by_time_are_renewed_once_each() {
    let fake = Arc::new(FakeLiveChat::start().await.unwrap());
    fake.set_token_lifetime(Some(Duration::from_millis(150)));
    let source = Renewing::new(&fake);
    let client = Client::builder_with_source(Arc::clone(&source))
        .base_url(fake.base_url())
        .build()
        .unwrap();
    let calls = (0..16).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            for _ in 0..40 {
                client.status().get().send().await?;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Ok::<_, Error>(())
        })
    });
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    let refused = source.refused();
    assert!(
        !refused.is_empty(),
        "400 ms of calls outlive a 150 ms token"
    );
    for (index, credentials) in refused.iter().enumerate() {
        assert!(
            !refused[..index].contains(credentials),
            "a token was reported as refused twice"
        );
    }
}

#[tokio::test]
async fn a_closure_source_and_the_region_of_each_token() {
    let recorder = Recorder::start().await.unwrap();
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let client = Client::builder_with_source(move |_refused: Option<Credentials>| {
        let call = counter.fetch_add(1, Ordering::SeqCst);
        async move {
            let token = if call < 2 { "dal-aaa" } else { "fra-bbb" };
            Ok::<_, std::io::Error>(Credentials::bearer(token))
        }
    })
    .base_url(&recorder.base_url)
    .build()
    .unwrap();
    for _ in 0..3 {
        recorder.reply(Reply::json(200, r#"{"status":"online"}"#));
        client.status().get().send().await.unwrap();
    }
    assert_eq!(
        asked.load(Ordering::SeqCst),
        3,
        "asked before every attempt"
    );
    let sent: Vec<(Option<String>, Option<String>)> = recorder
        .requests()
        .iter()
        .map(|r| (r.header("authorization"), r.header("x-region")))
        .collect();
    assert_eq!(
        sent,
        [
            (Some("Bearer dal-aaa".into()), None),
            (Some("Bearer dal-aaa".into()), None),
            (Some("Bearer fra-bbb".into()), Some("fra".into())),
        ]
    );
}

#[tokio::test]
async fn the_source_is_not_asked_for_calls_without_credentials() {
    let recorder = Recorder::start().await.unwrap();
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let client = Client::builder_with_source(move |_refused: Option<Credentials>| {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Ok::<_, std::io::Error>(Credentials::bearer("dal-aaa")) }
    })
    .base_url(&recorder.base_url)
    .build()
    .unwrap();
    recorder.reply(Reply::json(401, r#"{"error":"Wrong secured_session_id"}"#));
    let error = client
        .visitor_chat()
        .get_pending_messages(&livechat_api::models::VisitorSession::new(
            "visitor-1",
            12345,
            livechat_api::Secret::from("session"),
        ))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(asked.load(Ordering::SeqCst), 0);
    assert_eq!(
        recorder.requests().len(),
        1,
        "no renewal without credentials"
    );
    assert_eq!(recorder.last().unwrap().header("authorization"), None);
}

#[tokio::test]
async fn a_source_that_never_renews_is_given_up_on() {
    let fake = FakeLiveChat::start().await.unwrap();
    let token = fake.issue_token();
    fake.revoke_token(&token);
    let client = Client::builder_with_source(move |refused: Option<Credentials>| {
        let token = token.clone();
        async move {
            if refused.is_some() {
                std::future::pending::<()>().await;
            }
            Ok::<_, std::io::Error>(Credentials::bearer(token))
        }
    })
    .base_url(fake.base_url())
    .timeout(Duration::from_millis(200))
    .build()
    .unwrap();
    // The outer limit only keeps a broken client from hanging the suite.
    let error = tokio::time::timeout(Duration::from_secs(30), client.agents().list().send())
        .await
        .expect("the client gives up on its own")
        .unwrap_err();
    assert!(matches!(error, Error::TokenSource(_)), "{error:?}");
    assert!(error.to_string().contains("no answer within"), "{error}");
    assert_eq!(fake.token_log().len(), 1, "the refused attempt only");
}

#[tokio::test]
async fn credentials_from_a_source_are_checked_before_they_are_sent() {
    let recorder = Recorder::start().await.unwrap();
    let client = Client::builder_with_source(|_refused: Option<Credentials>| async {
        Ok::<_, std::io::Error>(Credentials::bearer("dal-two words"))
    })
    .base_url(&recorder.base_url)
    .build()
    .unwrap();
    let error = client.agents().list().send().await.unwrap_err();
    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    assert!(!error.to_string().contains("two words"), "{error}");
    assert!(recorder.requests().is_empty());
}
