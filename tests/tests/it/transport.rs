//! The transport core against servers that misbehave on purpose: redirects, oversized
//! bodies, `Retry-After`, hung answers, lost answers and unreachable ports. Each server
//! here is a raw TCP listener on 127.0.0.1, so that every byte it sends (or withholds)
//! is the test's choice, and it counts what it received and managed to write.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use livechat_api::{
    Client, Credentials, ERROR_BODY_LIMIT, Error, ErrorKind, RESPONSE_BODY_LIMIT, RetryPolicy,
    TransportCause,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PASSWORD: &str = "agent-password-7f3a";

/// What the server does with one request.
#[derive(Clone)]
enum Answer {
    /// Writes these bytes and closes the connection.
    Bytes(Vec<u8>),
    /// Writes a head, then `total` body bytes in chunks, counting what it could write.
    Stream { head: String, total: usize },
    /// Writes a head and then nothing, holding the connection open.
    HeadThenStall(String),
    /// Never answers.
    Hang,
    /// Closes the connection without a word.
    Close,
}

fn reply(status: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut text = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    Answer::Bytes(text.into_bytes())
}

fn json(status: &str, body: &str) -> Answer {
    reply(status, &[("Content-Type", "application/json")], body)
}

/// One request as received: its method and body.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    body: String,
}

#[derive(Clone)]
struct Server {
    base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Body bytes a `Stream` answer managed to write.
    written: Arc<AtomicUsize>,
    /// Set once a `Stream` answer stopped writing (finished or failed).
    stream_done: Arc<AtomicBool>,
}

impl Server {
    /// Answers request `n` (from 0) with `answers[n]`, and later ones with the last.
    async fn start(answers: Vec<Answer>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = Server {
            base_url: format!("http://{}", listener.local_addr().unwrap()),
            seen: Arc::default(),
            written: Arc::default(),
            stream_done: Arc::default(),
        };
        let shared = server.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let shared = shared.clone();
                let answers = answers.clone();
                tokio::spawn(async move { shared.serve(stream, &answers).await });
            }
        });
        server
    }

    async fn serve(&self, mut stream: TcpStream, answers: &[Answer]) {
        let Some(seen) = read_request(&mut stream).await else {
            return;
        };
        let index = {
            let mut all = self.seen.lock().unwrap();
            all.push(seen);
            all.len() - 1
        };
        let answer = answers[index.min(answers.len() - 1)].clone();
        match answer {
            Answer::Bytes(bytes) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
            }
            Answer::Stream { head, total } => {
                let _ = stream.write_all(head.as_bytes()).await;
                let chunk = vec![b'x'; 64 * 1024];
                let mut sent = 0;
                while sent < total {
                    let size = chunk.len().min(total - sent);
                    if stream.write_all(&chunk[..size]).await.is_err() {
                        break;
                    }
                    sent += size;
                    self.written.store(sent, Ordering::SeqCst);
                }
                self.stream_done.store(true, Ordering::SeqCst);
            }
            Answer::HeadThenStall(head) => {
                let _ = stream.write_all(head.as_bytes()).await;
                tokio::time::sleep(Duration::from_secs(60)).await;
            }
            Answer::Hang => tokio::time::sleep(Duration::from_secs(60)).await,
            Answer::Close => {}
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn client(&self) -> livechat_api::ClientBuilder {
        Client::builder(Credentials::basic("john@example.com", "key-0123456789"))
            .base_url(&self.base_url)
            .initial_backoff(Duration::from_millis(1))
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            break;
        }
        data.extend_from_slice(&buffer[..read]);
    }
    Some(Seen {
        method: head.split_whitespace().next()?.to_owned(),
        body: String::from_utf8_lossy(&data[head_end..]).into_owned(),
    })
}

/// Fails the test instead of hanging it, whatever the client does.
async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), future)
        .await
        .expect("the call ends well within 30 s")
}

// ---------------------------------------------------------------- redirects

#[tokio::test]
async fn a_307_or_308_never_carries_a_body_to_another_origin() {
    for status in ["307 Temporary Redirect", "308 Permanent Redirect"] {
        let elsewhere = Server::start(vec![json("200 OK", "{}")]).await;
        let location = format!(
            "http://user:secret@{}/steal?token=abc#frag",
            elsewhere.base_url.trim_start_matches("http://")
        );
        let server = Server::start(vec![reply(status, &[("Location", &location)], "")]).await;
        let client = server.client().build().unwrap();

        let update = bounded(
            client
                .agents()
                .update("john@example.com")
                .password(PASSWORD)
                .send(),
        )
        .await
        .unwrap_err();
        let create = bounded(
            client
                .agents()
                .create("new@example.com", "New")
                .password(PASSWORD)
                .send(),
        )
        .await
        .unwrap_err();

        for error in [&update, &create] {
            let Error::Redirect {
                status: code,
                location,
                attempts,
                ..
            } = error
            else {
                panic!("{status}: expected a redirect error, got {error:?}");
            };
            assert_eq!(code.to_string(), status[..3]);
            assert_eq!(
                location.as_deref(),
                Some(format!("{}/steal", elsewhere.base_url).as_str()),
                "user info, query and fragment are dropped"
            );
            assert_eq!(*attempts, 1);
            assert!(!error.is_retryable());
            assert_eq!(error.status(), Some(*code));
            let shown = error.to_string();
            assert!(
                !shown.contains("secret") && !shown.contains("abc"),
                "{shown}"
            );
        }
        assert!(elsewhere.seen().is_empty(), "the other origin got nothing");
        let seen = server.seen();
        assert_eq!(seen.len(), 2, "one request each, never repeated");
        assert!(seen[0].body.contains(PASSWORD), "the body went only here");
    }
}

#[tokio::test]
async fn a_303_after_an_update_or_a_delete_is_an_error_not_a_success() {
    let target = Server::start(vec![json("200 OK", "{}")]).await;
    let location = format!("{}/done", target.base_url);
    let server = Server::start(vec![reply("303 See Other", &[("Location", &location)], "")]).await;
    let client = server.client().build().unwrap();

    let update = bounded(client.agents().update("a@b.co").name("A").send()).await;
    let delete = bounded(client.agents().remove("a@b.co").send()).await;

    for outcome in [update.map(|_| ()), delete.map(|_| ())] {
        let error = outcome.expect_err("a 303 is not a success");
        assert!(
            matches!(error, Error::Redirect { status: 303, .. }),
            "{error:?}"
        );
    }
    assert!(target.seen().is_empty(), "no GET was made in their place");
    let methods: Vec<String> = server.seen().into_iter().map(|s| s.method).collect();
    assert_eq!(methods, ["PUT", "DELETE"]);
}

#[tokio::test]
async fn a_redirect_loop_costs_one_request() {
    let server = Server::start(vec![reply("302 Found", &[("Location", "/agents")], "")]).await;
    let client = server.client().build().unwrap();
    let error = bounded(client.agents().list().send()).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Redirect { status: 302, location: Some(to), attempts: 1, .. }
                if *to == format!("{}/agents", server.base_url)
        ),
        "{error:?}"
    );
    assert_eq!(server.seen().len(), 1);
    assert!(error.to_string().contains("302"), "{error}");
}

#[tokio::test]
async fn a_caller_client_that_follows_redirects_gives_up_without_a_retry() {
    let server = Server::start(vec![reply("302 Found", &[("Location", "/agents")], "")]).await;
    // reqwest's default policy follows up to 10 redirects, then fails.
    let follows = reqwest_client(reqwest::Client::builder());
    let client = server.client().http_client(follows).build().unwrap();
    let error = bounded(client.agents().list().send()).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    let requests = server.seen().len();
    assert!(
        requests <= 11,
        "one round of redirects, not one per retry: {requests}"
    );
}

#[tokio::test]
async fn a_3xx_reaching_us_through_a_caller_client_is_still_an_error() {
    // A caller client that does not follow: the 3xx reaches the library as such.
    let server = Server::start(vec![reply(
        "301 Moved Permanently",
        &[("Location", "https://elsewhere.example/agents")],
        "",
    )])
    .await;
    let plain =
        reqwest_client(reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()));
    let client = server.client().http_client(plain).build().unwrap();
    let error = bounded(client.agents().list().send()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Redirect { status: 301, location: Some(to), .. } if to == "https://elsewhere.example/agents"),
        "{error:?}"
    );
}

/// A caller's own reqwest client; with reqwest's `rustls-no-provider` a crypto provider
/// must be installed before one is built.
fn reqwest_client(builder: reqwest::ClientBuilder) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    builder.build().unwrap()
}

// ---------------------------------------------------------------- memory

#[tokio::test]
async fn an_announced_oversized_success_is_refused_before_reading() {
    // The body never comes: a client that waited for it would time out instead.
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        RESPONSE_BODY_LIMIT + 1
    );
    let server = Server::start(vec![Answer::HeadThenStall(head)]).await;
    let client = server
        .client()
        .timeout(Duration::from_secs(20))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = bounded(client.agents().list().send()).await.unwrap_err();
    let Error::Decode {
        status, message, ..
    } = &error
    else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(*status, Some(200));
    assert!(message.contains("limit"), "{message}");
    assert!(!error.is_retryable());
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn an_unannounced_oversized_success_stops_at_the_limit() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
    let server = Server::start(vec![Answer::Stream {
        head: head.into(),
        total: RESPONSE_BODY_LIMIT + 8 * 1024 * 1024,
    }])
    .await;
    let client = server.client().build().unwrap();
    let error = bounded(client.agents().list().send()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { status: Some(200), message, .. } if message.contains("limit")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_huge_error_body_is_read_only_up_to_the_cap() {
    // Below the 2xx limit on purpose: a client that read error bodies up to that limit
    // would take all of it.
    let offered = 30 * 1024 * 1024;
    let head = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n";
    let server = Server::start(vec![Answer::Stream {
        head: head.into(),
        total: offered,
    }])
    .await;
    let client = server.client().retry(RetryPolicy::none()).build().unwrap();
    let error = bounded(client.agents().list().send()).await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 500);
    assert!(api.truncated);
    assert_eq!(api.body.len(), ERROR_BODY_LIMIT);
    drop(error);
    drop(client);
    bounded(async {
        while !server.stream_done.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    let written = server.written.load(Ordering::SeqCst);
    // Socket buffers on loopback hold a few MiB; what matters is that the writer was cut
    // off far from the end.
    assert!(
        written < offered / 2,
        "the server wrote {written} of {offered} bytes"
    );
}

#[tokio::test]
async fn a_small_error_body_is_kept_whole() {
    let server = Server::start(vec![json("400 Bad Request", r#"{"error":"bad"}"#)]).await;
    let client = server.client().build().unwrap();
    let error = bounded(client.agents().list().send()).await.unwrap_err();
    let api = error.api_error().unwrap();
    assert!(!api.truncated);
    assert_eq!(api.body, r#"{"error":"bad"}"#);
    assert_eq!(api.messages, ["bad"]);
    assert_eq!(error.attempts(), Some(1));
}

// ---------------------------------------------------------------- Retry-After

#[tokio::test]
async fn retry_after_in_seconds_is_waited_for() {
    let server = Server::start(vec![
        reply("503 Service Unavailable", &[("Retry-After", "1")], ""),
        json("200 OK", r#"{"status":"online"}"#),
    ])
    .await;
    let client = server.client().build().unwrap();
    let started = Instant::now();
    bounded(client.status().get().send()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "the backoff alone would be ~1 ms: {:?}",
        started.elapsed()
    );
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_for() {
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3));
    let server = Server::start(vec![
        reply("429 Too Many Requests", &[("Retry-After", &date)], ""),
        json("200 OK", r#"{"status":"online"}"#),
    ])
    .await;
    let client = server.client().build().unwrap();
    let started = Instant::now();
    bounded(client.status().get().send()).await.unwrap();
    // The date has a one-second resolution, so at least two of the three seconds are left
    // when it is written; a slow machine may spend some of them before the answer arrives.
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn a_retry_after_above_the_cap_is_not_waited_for_but_exposed() {
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(7200));
    for value in ["3600", date.as_str()] {
        let server = Server::start(vec![reply(
            "429 Too Many Requests",
            &[("Retry-After", value)],
            r#"{"error":"slow down"}"#,
        )])
        .await;
        let client = server
            .client()
            .retry(RetryPolicy::default().max_retry_after(Duration::from_secs(5)))
            .build()
            .unwrap();
        let started = Instant::now();
        let error = bounded(client.status().get().send()).await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(error.status(), Some(429));
        let asked = error.retry_after().expect("the wait is exposed");
        assert!(asked > Duration::from_secs(3000), "{value}: {asked:?}");
        assert_eq!(error.attempts(), Some(1));
        assert_eq!(server.seen().len(), 1, "{value}: not retried");
    }
}

#[tokio::test]
async fn a_retry_after_past_the_deadline_ends_the_call_now() {
    let server = Server::start(vec![
        reply("503 Service Unavailable", &[("Retry-After", "10")], ""),
        json("200 OK", "{}"),
    ])
    .await;
    let client = server
        .client()
        .retry(RetryPolicy::default().max_retry_after(Duration::from_secs(30)))
        .deadline(Duration::from_secs(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = bounded(client.status().get().send()).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "no sleep past the deadline"
    );
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(10)));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn limits_too_large_to_add_up_never_panic() {
    let server = Server::start(vec![reply(
        "503 Service Unavailable",
        &[("Retry-After", "99999999999999999999")],
        "",
    )])
    .await;
    let client = server
        .client()
        .deadline(Duration::MAX)
        .timeout(Duration::MAX)
        .retry(
            RetryPolicy::default()
                .max_retry_after(Duration::MAX)
                .initial_backoff(Duration::MAX)
                .max_backoff(Duration::MAX),
        )
        .build()
        .unwrap();
    let error = bounded(client.status().get().send()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(
        server.seen().len(),
        1,
        "a wait past any instant is not started"
    );
}

// ---------------------------------------------------------------- deadline

#[tokio::test]
async fn the_deadline_bounds_a_hung_read_across_attempts() {
    let server = Server::start(vec![Answer::Hang]).await;
    let client = server
        .client()
        .timeout(Duration::from_millis(400))
        .deadline(Duration::from_secs(2))
        .retry(RetryPolicy::default().max_retries(100))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = bounded(client.agents().list().send()).await.unwrap_err();
    let spent = started.elapsed();
    let Error::Timeout {
        attempts, elapsed, ..
    } = error
    else {
        panic!("expected a timeout, got {error:?}")
    };
    assert!(attempts >= 2, "{attempts} attempts");
    let received = server.seen().len();
    // The last attempt may be cut by the deadline before the server reads it.
    assert!(
        received <= attempts as usize && received + 1 >= attempts as usize,
        "{received} received, {attempts} attempts"
    );
    // Every attempt ran its full 400 ms; a wait that would have ended past the deadline
    // was not started, so the call may end before the 2 s are up, never long after.
    assert!(
        elapsed >= Duration::from_millis(380) * attempts && elapsed <= spent,
        "{elapsed:?} reported, {spent:?} spent, {attempts} attempts"
    );
    assert!(spent < Duration::from_secs(4), "{spent:?}");
    let shown = error.to_string();
    assert!(shown.contains(&format!("{attempts} attempts")), "{shown}");
}

#[tokio::test]
async fn the_deadline_cuts_a_single_long_attempt() {
    let server = Server::start(vec![Answer::Hang]).await;
    let client = server
        .client()
        .timeout(Duration::from_secs(30))
        .deadline(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = bounded(client.agents().list().send()).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_stalled_body_is_a_timeout() {
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"st";
    let server = Server::start(vec![Answer::HeadThenStall(head.into())]).await;
    let client = server
        .client()
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = bounded(client.status().get().send()).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
}

// ---------------------------------------------------------------- classifier

#[tokio::test]
async fn a_request_that_cannot_be_formed_is_never_sent() {
    let server = Server::start(vec![json("200 OK", "{}")]).await;
    let client = server.client().build().unwrap();
    let huge = "a".repeat(1024 * 1024);
    let error = bounded(client.agents().get(huge).send()).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidInput(message) if message.contains("cannot form the HTTP request")),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!(error.attempts(), Some(0));
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn a_create_is_retried_when_the_connection_was_refused() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = Client::builder(Credentials::bearer("token"))
        .base_url(format!("http://{address}"))
        .initial_backoff(Duration::from_millis(1))
        .build()
        .unwrap();
    let error = bounded(client.canned_responses().create("Hi", ["hi"]).send())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 3, .. }),
        "nothing was sent, so the create may go again: {error:?}"
    );
}

#[tokio::test]
async fn a_create_whose_connection_dropped_is_not_repeated() {
    let server = Server::start(vec![Answer::Close]).await;
    let client = server.client().build().unwrap();
    let error = bounded(client.canned_responses().create("Hi", ["hi"]).send())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(
        server.seen().len(),
        1,
        "the request reached the server once"
    );
}

#[tokio::test]
async fn a_read_whose_connection_dropped_is_retried() {
    let server = Server::start(vec![
        Answer::Close,
        Answer::Close,
        json("200 OK", r#"{"status":"online"}"#),
    ])
    .await;
    let client = server.client().build().unwrap();
    bounded(client.status().get().send()).await.unwrap();
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = Server::start(vec![json("503 Service Unavailable", "{}")]).await;
    let client = server.client().retry(RetryPolicy::none()).build().unwrap();
    let error = bounded(client.status().get().send()).await.unwrap_err();
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), Some(1));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn a_4xx_other_than_429_is_not_retried() {
    for status in [
        "400 Bad Request",
        "403 Forbidden",
        "409 Conflict",
        "422 Unprocessable",
    ] {
        let server = Server::start(vec![json(status, r#"{"error":"no"}"#)]).await;
        let client = server.client().build().unwrap();
        let error = bounded(client.agents().update("a@b.co").name("A").send())
            .await
            .unwrap_err();
        assert!(!error.is_retryable(), "{status}");
        assert_eq!(server.seen().len(), 1, "{status}");
    }
}

// ---------------------------------------------------------------- delete after a lost answer

#[tokio::test]
async fn a_delete_answered_404_after_a_lost_attempt_says_it_may_be_done() {
    let server = Server::start(vec![
        json("502 Bad Gateway", ""),
        json("404 Not Found", r#"{"error":"Agent not found"}"#),
    ])
    .await;
    let client = server.client().build().unwrap();
    let error = bounded(client.agents().remove("gone@example.com").send())
        .await
        .unwrap_err();
    let Error::NotFound(api) = &error else {
        panic!("expected NotFound, got {error:?}")
    };
    assert_eq!(api.attempts, 2);
    assert!(api.earlier_attempt_may_have_applied);
    assert_eq!(error.attempts(), Some(2));
    let shown = error.to_string();
    assert!(shown.contains("earlier attempt"), "{shown}");
    let methods: Vec<String> = server.seen().into_iter().map(|s| s.method).collect();
    assert_eq!(methods, ["DELETE", "DELETE"]);
}

#[tokio::test]
async fn a_delete_answered_404_after_a_timeout_says_it_may_be_done() {
    let server = Server::start(vec![
        Answer::Hang,
        json("404 Not Found", r#"{"error":"Agent not found"}"#),
    ])
    .await;
    let client = server
        .client()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = bounded(client.agents().remove("gone@example.com").send())
        .await
        .unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 404);
    assert!(api.earlier_attempt_may_have_applied);
}

#[tokio::test]
async fn a_404_after_a_rate_limit_is_a_plain_not_found() {
    let server = Server::start(vec![
        reply("429 Too Many Requests", &[("Retry-After", "0")], ""),
        json("404 Not Found", r#"{"error":"Agent not found"}"#),
    ])
    .await;
    let client = server.client().build().unwrap();
    let error = bounded(client.agents().remove("gone@example.com").send())
        .await
        .unwrap_err();
    let Error::NotFound(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.attempts, 2);
    assert!(
        !api.earlier_attempt_may_have_applied,
        "a 429 says the request was not handled"
    );
    assert!(!error.to_string().contains("earlier attempt"));
}

// ---------------------------------------------------------------- TLS

/// A self-signed certificate for 127.0.0.1 made for this test alone (no CA signed it, so
/// every client must refuse it), and its throwaway key.
const SELF_SIGNED_CERT: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBjzCCATagAwIBAgIUI1pyklyqo/uonViXblKnwXdqpa8wCgYIKoZIzj0EAwIw\n\
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwMTE0NTExOFoYDzIxMjYxMTA3\n\
MTQ1MTE4WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\n\
PQMBBwNCAARSBnHNKFikS4m5NOJYIu19tZe8FITt/16mPl8x55S+pJqtnmRkgeVW\n\
YxZYjq53diBjeXBOSm+SavKDJVnb+7wno2QwYjAdBgNVHQ4EFgQUPjV0+/CQc18Z\n\
wXYxx0CFKsOhytMwHwYDVR0jBBgwFoAUPjV0+/CQc18ZwXYxx0CFKsOhytMwDwYD\n\
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQC\n\
IGaR9mXBxvzjJU0j0YDfsu3VB04riRlnxUBfP/pEeyXpAiBDl4gEpQ6h3892l/h8\n\
5cVz/TLIalA6aPFXVfCeKn50IQ==\n\
-----END CERTIFICATE-----";
const SELF_SIGNED_KEY: &str = "-----BEGIN PRIVATE KEY-----\n\
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgTdC4E9kMJyaaByzC\n\
zWTqLOLkBJKSeNZcB9v4v0Xw9eKhRANCAARSBnHNKFikS4m5NOJYIu19tZe8FITt\n\
/16mPl8x55S+pJqtnmRkgeVWYxZYjq53diBjeXBOSm+SavKDJVnb+7wn\n\
-----END PRIVATE KEY-----";

/// A TLS server on a thread of its own that counts handshakes attempted against it.
fn start_tls_server() -> (String, Arc<AtomicUsize>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let _ = rustls::crypto::ring::default_provider().install_default();
    let cert = CertificateDer::from_pem_slice(SELF_SIGNED_CERT.as_bytes()).unwrap();
    let key = PrivateKeyDer::from_pem_slice(SELF_SIGNED_KEY.as_bytes()).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap(),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("https://{}", listener.local_addr().unwrap());
    let handshakes = Arc::new(AtomicUsize::new(0));
    let counted = handshakes.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counted.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let Ok(mut connection) = rustls::ServerConnection::new(config.clone()) else {
                return;
            };
            // Ends when the client refuses the certificate and hangs up.
            let _ = connection.complete_io(&mut stream);
        }
    });
    (base_url, handshakes)
}

#[tokio::test]
async fn a_refused_certificate_is_not_retried() {
    let (base_url, handshakes) = start_tls_server();
    let client = Client::builder(Credentials::bearer("token"))
        .base_url(&base_url)
        .initial_backoff(Duration::from_millis(1))
        .build()
        .unwrap();
    let error = bounded(client.status().get().send()).await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!(handshakes.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------- naming the request and the cause

/// A login and a search text that must never reach an error message.
const LOGIN: &str = "private.person@example.com";
const QUERY: &str = "confidential-search-words";

/// Checks that `error` names its request by template, leaves out the caller's values,
/// and does not repeat any error of its source chain, which reporters print themselves.
fn assert_names_request_only(error: &Error, template: &str, operation: &str) {
    let shown = error.to_string();
    let request = error.request().expect("the error names its request");
    assert_eq!(
        format!("{} {}", request.method(), request.path_template()),
        template
    );
    assert_eq!(request.operation(), operation);
    assert!(
        shown.starts_with(&format!("`{template}` ({operation}): ")),
        "{shown}"
    );
    for value in [LOGIN, "private.person", QUERY, "confidential"] {
        assert!(!shown.contains(value), "{value} leaked into: {shown}");
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        assert!(
            !shown.contains(&text),
            "the source's text {text:?} is repeated in: {shown}"
        );
        source = cause.source();
    }
}

async fn failed_get(base_url: &str) -> Error {
    let client = Client::builder(Credentials::bearer("token"))
        .base_url(base_url)
        .max_retries(0)
        .build()
        .unwrap();
    bounded(client.agents().get(LOGIN).send())
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_closed_port_says_the_connection_was_refused() {
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let error = failed_get(&format!("http://{address}")).await;
    assert_eq!(error.kind(), ErrorKind::ConnectionRefused, "{error:?}");
    assert!(matches!(
        error,
        Error::Transport {
            cause: TransportCause::ConnectionRefused,
            ..
        }
    ));
    assert!(
        error.to_string().contains("connection was refused"),
        "{error}"
    );
    assert_names_request_only(&error, "GET /agents/{login}", "agents.get");
}

#[tokio::test]
async fn a_name_that_cannot_resolve_says_dns() {
    // RFC 6761: `.invalid` never resolves, and the resolver says so without a network.
    let error = failed_get("https://livechat-rs-test.invalid").await;
    assert_eq!(error.kind(), ErrorKind::Dns, "{error:?}");
    assert!(error.to_string().contains("DNS lookup failed"), "{error}");
    assert_names_request_only(&error, "GET /agents/{login}", "agents.get");
}

#[tokio::test]
async fn a_self_signed_certificate_says_tls() {
    let (base_url, _) = start_tls_server();
    let error = failed_get(&base_url).await;
    assert_eq!(error.kind(), ErrorKind::Tls, "{error:?}");
    assert!(
        error.to_string().contains("TLS handshake failed"),
        "{error}"
    );
    assert_names_request_only(&error, "GET /agents/{login}", "agents.get");
}

#[tokio::test]
async fn a_connection_closed_mid_body_says_so() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
    let server = Server::start(vec![Answer::Bytes(
        format!("{head}{{\"login\": \"a").into_bytes(),
    )])
    .await;
    let error = failed_get(&server.base_url).await;
    assert_eq!(error.kind(), ErrorKind::ConnectionClosed, "{error:?}");
    assert!(
        error
            .to_string()
            .contains("closed before the answer was complete"),
        "{error}"
    );
    assert_names_request_only(&error, "GET /agents/{login}", "agents.get");
}

#[tokio::test]
async fn a_connection_closed_before_any_answer_says_so() {
    let server = Server::start(vec![Answer::Close]).await;
    let error = failed_get(&server.base_url).await;
    assert_eq!(error.kind(), ErrorKind::ConnectionClosed, "{error:?}");
    assert_names_request_only(&error, "GET /agents/{login}", "agents.get");
}

#[tokio::test]
async fn a_timeout_and_a_redirect_name_the_request_without_its_values() {
    let server = Server::start(vec![Answer::Hang]).await;
    let client = server
        .client()
        .max_retries(0)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let error = bounded(client.chats().list().query(QUERY).send())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    assert_names_request_only(&error, "GET /chats", "chats.list");

    let server = Server::start(vec![reply("302 Found", &[("Location", "/elsewhere")], "")]).await;
    let client = server.client().build().unwrap();
    let error = bounded(client.chats().list().query(QUERY).send())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Redirect, "{error:?}");
    assert_names_request_only(&error, "GET /chats", "chats.list");
}
