//! Instructions per request and per decode under callgrind: a count that does not move
//! with the load other processes put on the machine.
//!
//! Each figure is the difference between two runs of the same child (`count` or
//! `decode`) that differ only in how many times they repeat the work, divided by that
//! difference, so start-up and the first connection cancel out.

use std::hint::black_box;
use std::process::{Command, Stdio};
use std::time::Duration;

use livechat_api::models::ChatList;
use serde_json::Value;

use crate::Outcome;
use crate::child;
use crate::clients::{Call, Caller, Kind};

const FEW: u32 = 5;
const MANY: u32 = 25;

/// Whether valgrind can be run here.
pub fn available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Child mode `count`: one warm-up call, then `n` calls one after another.
pub fn count(base: &str, kind: Kind, call: Call, n: u32) -> Outcome {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let caller = Caller::new(kind, base)?;
        caller.call(kind, call).await?;
        for _ in 0..n {
            caller.call(kind, call).await?;
        }
        Ok(())
    })
}

/// How a decode-only run decodes the 68 KiB page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    /// As the library decodes a good body: UTF-8 checked once, then `from_str`.
    Client,
    /// `serde_json::from_slice` into `ChatList`.
    Typed,
    /// The library's decoder before the fast path: path tracking on every decode.
    Tracking,
    /// `serde_json::from_slice::<Value>`.
    Value,
}

impl Decoder {
    pub const ALL: [Decoder; 4] = [
        Decoder::Client,
        Decoder::Typed,
        Decoder::Tracking,
        Decoder::Value,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Decoder::Client => "client",
            Decoder::Typed => "typed",
            Decoder::Tracking => "path-tracking",
            Decoder::Value => "value",
        }
    }

    pub fn parse(text: &str) -> Option<Decoder> {
        Decoder::ALL
            .into_iter()
            .find(|decoder| decoder.name() == text)
    }
}

/// Child mode `decode`: decodes the page `n` times after one warm-up.
pub fn decode(decoder: Decoder, n: u32) -> Outcome {
    let body = crate::responder::chats_body(crate::responder::CHATS_PER_PAGE, 1)?;
    for _ in 0..=n {
        match decoder {
            Decoder::Client => {
                let text = std::str::from_utf8(black_box(&body))?;
                black_box(serde_json::from_str::<ChatList>(text)?);
            }
            Decoder::Typed => {
                black_box(serde_json::from_slice::<ChatList>(black_box(&body))?);
            }
            Decoder::Tracking => {
                let mut deserializer = serde_json::Deserializer::from_slice(black_box(&body));
                black_box(serde_path_to_error::deserialize::<_, ChatList>(
                    &mut deserializer,
                )?);
            }
            Decoder::Value => {
                black_box(serde_json::from_slice::<Value>(black_box(&body))?);
            }
        }
    }
    Ok(())
}

/// Instructions per repetition of the child started with `args` (`n` appended).
pub fn per_repetition(args: &[&str]) -> Result<f64, Box<dyn std::error::Error>> {
    let few = instructions(args, FEW)?;
    let many = instructions(args, MANY)?;
    Ok((many - few) as f64 / f64::from(MANY - FEW))
}

fn instructions(args: &[&str], n: u32) -> Result<u64, Box<dyn std::error::Error>> {
    let mut valgrind = Command::new("valgrind");
    valgrind
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(std::env::current_exe()?)
        .args(args)
        .arg(n.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let output = child::output_within(valgrind, Duration::from_secs(300))?;
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("callgrind failed: {}", log.trim()).into());
    }
    // Callgrind ends with `==pid== Collected : <instructions>`.
    log.lines()
        .find_map(|line| line.split("Collected :").nth(1))
        .and_then(|count| count.trim().parse().ok())
        .ok_or_else(|| format!("no instruction count in callgrind's output: {log}").into())
}
