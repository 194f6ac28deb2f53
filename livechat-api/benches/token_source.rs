//! What a token source costs per request, against fixed credentials.
//!
//! `cargo bench -p livechat-api --bench token_source` sends `GET /status` to a minimal
//! keep-alive HTTP server on 127.0.0.1 (one connection, a fixed `200 {}` answer) through
//! three clients: fixed bearer credentials, a closure source that clones the credentials
//! out of a mutex (the documented pattern), and a source type that hands out a clone of
//! credentials it holds. It prints the time per request (median of five interleaved
//! runs) and the allocations per request, and the time of one source call on its own.
//! The difference between the rows is the token source's cost.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use livechat_api::{Client, ClientBuilder, Credentials, TokenFuture, TokenSource};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Counts allocations, to report how many a request makes.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwards the caller's layout to the system allocator unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const TOKEN: &str = "dal-2fbf1e2a9a7c4e0bb4c1f00d5eed0001";

/// A source that owns its credentials and hands out a copy.
struct Held(Credentials);

impl TokenSource for Held {
    fn credentials<'a>(&'a self, _refused: Option<&'a Credentials>) -> TokenFuture<'a> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
}

/// Answers every request on every connection with `200 {}`, keeping connections open.
async fn serve(listener: TcpListener) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(answer(stream));
    }
}

async fn answer(mut stream: TcpStream) {
    const REPLY: &[u8] =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
    let mut pending = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let Ok(read) = stream.read(&mut buffer).await else {
            return;
        };
        if read == 0 {
            return;
        }
        pending.extend_from_slice(&buffer[..read]);
        // GET requests carry no body: each blank line ends one request.
        while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            pending.drain(..end + 4);
            if stream.write_all(REPLY).await.is_err() {
                return;
            }
        }
    }
}

/// Time and allocations per request over `requests` sequential calls.
async fn run(client: &Client, requests: u32) -> (Duration, f64) {
    let allocations = ALLOCATIONS.load(Ordering::Relaxed);
    let start = Instant::now();
    for _ in 0..requests {
        black_box(
            client
                .status()
                .get()
                .send()
                .await
                .expect("the server answers"),
        );
    }
    let each = start.elapsed() / requests;
    let allocated = ALLOCATIONS.load(Ordering::Relaxed) - allocations;
    (each, allocated as f64 / f64::from(requests))
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let base_url = format!("http://{}", listener.local_addr().expect("an address"));
        tokio::spawn(serve(listener));
        let build = |builder: ClientBuilder| {
            builder
                .base_url(&base_url)
                .max_retries(0)
                .build()
                .expect("builds")
        };
        let shared = Arc::new(Mutex::new(Credentials::bearer(TOKEN)));
        let closure_state = Arc::clone(&shared);
        let clients = [
            (
                "fixed credentials",
                build(Client::builder(Credentials::bearer(TOKEN))),
            ),
            (
                "closure source (clone out of a mutex)",
                build(Client::builder_with_source(
                    move |_refused: Option<Credentials>| {
                        let credentials = closure_state
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .clone();
                        async move { Ok::<_, std::io::Error>(credentials) }
                    },
                )),
            ),
            (
                "source type (clone of held credentials)",
                build(Client::builder_with_source(Held(Credentials::bearer(
                    TOKEN,
                )))),
            ),
        ];
        const REQUESTS: u32 = 4000;
        for (_, client) in &clients {
            run(client, 500).await;
        }
        let mut results = vec![(Vec::new(), 0.0); clients.len()];
        for _ in 0..5 {
            for ((_, client), (times, allocations)) in clients.iter().zip(&mut results) {
                let (each, allocated) = run(client, REQUESTS).await;
                times.push(each);
                *allocations = allocated;
            }
        }
        for ((name, _), (mut times, allocations)) in clients.iter().zip(results) {
            times.sort();
            println!(
                "{name:<44} {:>7.2} µs/request  {allocations:>6.1} allocations/request",
                times[times.len() / 2].as_secs_f64() * 1e6
            );
        }

        let source = Held(Credentials::bearer(TOKEN));
        let calls = 1_000_000u32;
        let start = Instant::now();
        for _ in 0..calls {
            black_box(source.credentials(None).await.expect("held credentials"));
        }
        println!(
            "{:<44} {:>7.1} ns/call",
            "one source call on its own (source type)",
            start.elapsed().as_secs_f64() * 1e9 / f64::from(calls)
        );
    });
}
