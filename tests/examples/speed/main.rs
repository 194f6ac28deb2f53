//! The side-by-side speed run of BENCHMARKS.md, one command:
//!
//!     cargo run --release -p livechat-tests --example speed            # full, ~3 min
//!     cargo run --release -p livechat-tests --example speed -- --smoke # every path, seconds
//!
//! Against a static responder on 127.0.0.1 (its own process, one thread) serving the
//! documented agents list and 25-chat pages, it prints, from one run:
//!
//! - the library against bare reqwest + `serde_json::Value` and bare reqwest + plain
//!   typed serde_json, at 1 and 32 tasks, on tokio's current-thread and multi-thread
//!   runtimes: requests per second and CPU seconds per 1,000 requests, with the ratios
//!   of each round and their medians;
//! - LiveChat's Node client `livechatapi@0.6.0` making the same calls (installed with npm
//!   into a scratch folder; skipped with the reason where that cannot be done);
//! - `.stream()` over 1, 400 and 4,000 pages: items per second and peak RSS;
//! - instructions per request and per decode under callgrind, where valgrind is installed.
//!
//! `--smoke` makes a few calls of every kind and prints the same lines; its figures mean
//! nothing and nothing is asserted on them. `--rounds N` changes the number of rounds (3).

mod callgrind;
mod child;
mod clients;
mod cpu;
mod node;
mod paging;
mod report;
mod responder;
mod throughput;

use std::time::Duration;

use clients::{Call, Kind};

type Outcome = Result<(), Box<dyn std::error::Error>>;

/// What the run does, from its arguments.
#[derive(Debug, Clone)]
struct Settings {
    smoke: bool,
    rounds: usize,
}

fn main() -> Outcome {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |index: usize| -> Result<&str, Box<dyn std::error::Error>> {
        args.get(index)
            .map(String::as_str)
            .ok_or_else(|| format!("missing argument {index} in {args:?}").into())
    };
    match args.first().map(String::as_str) {
        // The child modes the run starts itself.
        Some("serve") => current_thread()?.block_on(responder::serve(arg(1)?.parse()?)),
        Some("stream") => current_thread()?.block_on(paging::stream(arg(1)?)),
        Some("count") => {
            let kind = Kind::parse(arg(2)?).ok_or("unknown client")?;
            let call = Call::parse(arg(3)?).ok_or("unknown call")?;
            callgrind::count(arg(1)?, kind, call, arg(4)?.parse()?)
        }
        Some("decode") => {
            let decoder = callgrind::Decoder::parse(arg(1)?).ok_or("unknown decoder")?;
            callgrind::decode(decoder, arg(2)?.parse()?)
        }
        _ => {
            let mut settings = Settings {
                smoke: false,
                rounds: 3,
            };
            let mut rest = args.iter();
            while let Some(flag) = rest.next() {
                match flag.as_str() {
                    "--smoke" => settings.smoke = true,
                    "--rounds" => {
                        settings.rounds = rest.next().ok_or("--rounds needs a number")?.parse()?
                    }
                    other => return Err(format!("unknown argument {other:?}").into()),
                }
            }
            if settings.smoke {
                settings.rounds = 1;
            }
            run(&settings)
        }
    }
}

fn current_thread() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

fn run(settings: &Settings) -> Outcome {
    report::machine(settings.smoke);
    let responder = child::Responder::start(1)?;
    current_thread()?.block_on(clients::check(&responder.base))?;
    let node = node::install();
    if let Err(why) = &node {
        println!("Node client row skipped: {why}");
    }
    let budget = if settings.smoke {
        throughput::Budget::Requests(3)
    } else {
        throughput::Budget::For(Duration::from_millis(500))
    };
    let mut results = report::Results::default();
    for round in 1..=settings.rounds {
        for flavor in throughput::Flavor::ALL {
            let runtime = flavor.runtime()?;
            runtime.block_on(async {
                let callers = Kind::ALL
                    .into_iter()
                    .map(|kind| Ok((kind, clients::Caller::new(kind, &responder.base)?)))
                    .collect::<Result<Vec<_>, Box<dyn std::error::Error>>>()?;
                for call in Call::ALL {
                    for tasks in report::TASKS {
                        for (kind, caller) in &callers {
                            let before = responder.connections()?;
                            let cell = throughput::run(caller, *kind, call, tasks, budget).await?;
                            // The count itself opened one connection.
                            let opened = responder.connections()? - before - 1;
                            results.rust(round, flavor, call, tasks, *kind, cell, opened);
                        }
                        results.print_rust(round, flavor, call, tasks);
                    }
                }
                Ok::<(), Box<dyn std::error::Error>>(())
            })?;
        }
        if let Ok(dir) = &node {
            for call in Call::ALL {
                for tasks in report::TASKS {
                    let (millis, count) = if settings.smoke { (0, 3) } else { (1000, 0) };
                    match node::run(dir, &responder.base, call.name(), tasks, millis, count) {
                        Ok(cell) => {
                            results.node(round, call, tasks, cell);
                            results.print_node(round, call, tasks);
                        }
                        Err(why) => println!("node {} c={tasks}: failed: {why}", call.name()),
                    }
                }
            }
        }
    }
    results.print_medians(node.is_ok());
    drop(responder);

    report::heading("`.stream()` over every page of the chat archive (25 chats a page)");
    let page_counts: [usize; 3] = if settings.smoke {
        [1, 4, 40]
    } else {
        [1, 400, 4000]
    };
    for pages in page_counts {
        let responder = child::Responder::start(pages)?;
        let mut command = std::process::Command::new(std::env::current_exe()?);
        command
            .args(["stream", &responder.base])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let output = child::output_within(command, Duration::from_secs(600))?;
        let text = String::from_utf8_lossy(&output.stdout);
        let walk = paging::Walk::parse(&text).ok_or_else(|| {
            format!(
                "stream over {pages} pages: {text} {}",
                String::from_utf8_lossy(&output.stderr)
            )
        })?;
        if walk.items != (pages * responder::CHATS_PER_PAGE) as u64 {
            return Err(format!("stream over {pages} pages yielded {} items", walk.items).into());
        }
        report::walk(pages, walk);
    }

    if settings.smoke {
        println!("\ncallgrind counts skipped in smoke mode");
    } else if !callgrind::available() {
        println!("\ncallgrind counts skipped: valgrind is not installed");
    } else {
        report::heading("Instructions under callgrind (load-independent)");
        let mut decodes = Vec::new();
        for decoder in callgrind::Decoder::ALL {
            let per = callgrind::per_repetition(&["decode", decoder.name()])?;
            decodes.push((decoder, per));
        }
        report::decodes(&decodes);
        let responder = child::Responder::start(1)?;
        for call in Call::ALL {
            let mut counts = Vec::new();
            for kind in Kind::ALL {
                let per = callgrind::per_repetition(&[
                    "count",
                    &responder.base,
                    kind.name(),
                    call.name(),
                ])?;
                counts.push((kind, per));
            }
            report::requests(call, &counts);
        }
    }
    Ok(())
}
