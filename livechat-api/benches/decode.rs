//! How fast, and with how much memory, responses decode into the typed models.
//!
//! `cargo bench -p livechat-api` prints, for a page of 25 archived chats (the
//! documented sample chat, 25 times with distinct ids) and for a 1000-chat body: the
//! time per decode as the client decodes a good body (UTF-8 checked once, then
//! `serde_json::from_str`), through plain `serde_json::from_slice`, through the
//! path-tracking decoder the client used to run on every body (it now runs only to
//! explain a failure), and into an untyped `serde_json::Value` for comparison; the
//! throughput; and the bytes allocated per decode. Figures are recorded in BENCHMARKS.md
//! at the repository root; the side-by-side run over HTTP is the `speed` example of the
//! tests crate.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use livechat_api::models::ChatList;
use serde_json::{Value, json};

/// Counts the bytes allocated, to report memory per decode.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
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

fn body(chats: usize) -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/responses/chats/list.json"
    );
    let text = std::fs::read_to_string(path).expect("the chats fixture is readable");
    let sample: Value = serde_json::from_str(&text).expect("the chats fixture is JSON");
    let chat = sample["chats"][0].clone();
    let list: Vec<Value> = (0..chats)
        .map(|n| {
            let mut chat = chat.clone();
            chat["id"] = json!(format!("MH{n:08}"));
            chat
        })
        .collect();
    serde_json::to_vec(&json!({ "chats": list, "total": chats, "pages": chats.div_ceil(25) }))
        .expect("serializes")
}

fn measure<T>(name: &str, body: &[u8], decode: impl Fn(&[u8]) -> T) {
    // Run for about a second after a short warm-up.
    let warm = Instant::now();
    while warm.elapsed() < Duration::from_millis(200) {
        black_box(decode(black_box(body)));
    }
    let before = ALLOCATED.load(Ordering::Relaxed);
    black_box(decode(black_box(body)));
    let allocated = ALLOCATED.load(Ordering::Relaxed) - before;
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < Duration::from_secs(1) {
        black_box(decode(black_box(body)));
        runs += 1;
    }
    let each = start.elapsed() / runs;
    let mib_per_s = body.len() as f64 / each.as_secs_f64() / (1024.0 * 1024.0);
    println!(
        "{name:<44} {:>9.1} µs  {mib_per_s:>7.1} MiB/s  {:>8} KiB allocated  (body {} KiB)",
        each.as_secs_f64() * 1e6,
        allocated / 1024,
        body.len() / 1024
    );
}

fn main() {
    for chats in [25, 1000] {
        let body = body(chats);
        measure(&format!("{chats} chats, client decoder"), &body, |body| {
            let text = std::str::from_utf8(body).expect("the body is UTF-8");
            serde_json::from_str::<ChatList>(text).expect("decodes")
        });
        measure(
            &format!("{chats} chats, path-tracking (old decoder)"),
            &body,
            |body| {
                let mut deserializer = serde_json::Deserializer::from_slice(body);
                let list: ChatList =
                    serde_path_to_error::deserialize(&mut deserializer).expect("decodes");
                assert_eq!(list.chats.len(), chats);
                list
            },
        );
        measure(&format!("{chats} chats, plain serde_json"), &body, |body| {
            serde_json::from_slice::<ChatList>(body).expect("decodes")
        });
        measure(
            &format!("{chats} chats, untyped serde_json::Value"),
            &body,
            |body| serde_json::from_slice::<Value>(body).expect("decodes"),
        );
    }
}
