//! Requests per second and CPU time per request of the Rust clients, `c` tasks at once.

use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::clients::{Call, Caller, Kind};
use crate::cpu;

/// How long a cell runs, or how many requests each task makes in smoke mode.
#[derive(Debug, Clone, Copy)]
pub enum Budget {
    For(Duration),
    Requests(u32),
}

/// What one cell measured.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    pub requests: u64,
    pub seconds: f64,
    pub cpu_seconds: f64,
}

impl Cell {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    pub fn cpu_per_1000(&self) -> f64 {
        self.cpu_seconds * 1000.0 / self.requests as f64
    }
}

/// Which tokio runtime runs the clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    CurrentThread,
    MultiThread,
}

impl Flavor {
    pub const ALL: [Flavor; 2] = [Flavor::CurrentThread, Flavor::MultiThread];

    pub fn name(self) -> &'static str {
        match self {
            Flavor::CurrentThread => "current-thread",
            Flavor::MultiThread => "multi-thread",
        }
    }

    pub fn runtime(self) -> std::io::Result<tokio::runtime::Runtime> {
        match self {
            Flavor::CurrentThread => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build(),
            Flavor::MultiThread => tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build(),
        }
    }
}

/// Runs `tasks` tasks calling `call` through `caller` until the budget is spent. A few
/// calls per task come first, untimed, so every connection is open before the clock runs.
pub async fn run(
    caller: &Caller,
    kind: Kind,
    call: Call,
    tasks: usize,
    budget: Budget,
) -> Result<Cell, Box<dyn std::error::Error>> {
    spawn_all(caller, kind, call, tasks, Budget::Requests(2)).await?;
    let cpu_before = cpu::process_seconds();
    let start = Instant::now();
    let requests = spawn_all(caller, kind, call, tasks, budget).await?;
    let seconds = start.elapsed().as_secs_f64();
    let cpu_seconds = cpu::process_seconds() - cpu_before;
    Ok(Cell {
        requests,
        seconds,
        cpu_seconds,
    })
}

async fn spawn_all(
    caller: &Caller,
    kind: Kind,
    call: Call,
    tasks: usize,
    budget: Budget,
) -> Result<u64, Box<dyn std::error::Error>> {
    let deadline = match budget {
        Budget::For(time) => Some(Instant::now() + time),
        Budget::Requests(_) => None,
    };
    let mut set = JoinSet::new();
    for _ in 0..tasks {
        let caller = caller.clone();
        set.spawn(async move {
            let mut done = 0u64;
            loop {
                let more = match (deadline, budget) {
                    (Some(deadline), _) => Instant::now() < deadline,
                    (None, Budget::Requests(each)) => done < u64::from(each),
                    (None, Budget::For(_)) => false,
                };
                if !more {
                    return Ok::<u64, String>(done);
                }
                caller
                    .call(kind, call)
                    .await
                    .map_err(|error| error.to_string())?;
                done += 1;
            }
        });
    }
    let mut total = 0;
    while let Some(joined) = set.join_next().await {
        total += joined??;
    }
    Ok(total)
}
