//! What the run prints: every figure with its ratio, per round and as medians.

use crate::callgrind::Decoder;
use crate::clients::{Call, Kind};
use crate::paging::Walk;
use crate::throughput::{Cell, Flavor};

/// The concurrencies every cell runs at.
pub const TASKS: [usize; 2] = [1, 32];

pub fn heading(text: &str) {
    println!("\n== {text}");
}

/// The machine, so that figures from different runs are not compared blindly.
pub fn machine(smoke: bool) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|name| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    println!("machine: {cores} cores, {model}");
    if smoke {
        println!("smoke mode: a few calls of each kind; the figures below mean nothing");
    }
    println!(
        "responder: own process, one thread, 127.0.0.1; ratios compare cells of the same round"
    );
}

struct RustRow {
    round: usize,
    flavor: Flavor,
    call: Call,
    tasks: usize,
    kind: Kind,
    cell: Cell,
    opened: u64,
}

struct NodeRow {
    round: usize,
    call: Call,
    tasks: usize,
    cell: Cell,
}

#[derive(Default)]
pub struct Results {
    rust: Vec<RustRow>,
    node: Vec<NodeRow>,
}

impl Results {
    #[allow(clippy::too_many_arguments)]
    pub fn rust(
        &mut self,
        round: usize,
        flavor: Flavor,
        call: Call,
        tasks: usize,
        kind: Kind,
        cell: Cell,
        opened: u64,
    ) {
        self.rust.push(RustRow {
            round,
            flavor,
            call,
            tasks,
            kind,
            cell,
            opened,
        });
    }

    pub fn node(&mut self, round: usize, call: Call, tasks: usize, cell: Cell) {
        self.node.push(NodeRow {
            round,
            call,
            tasks,
            cell,
        });
    }

    fn find(
        &self,
        round: usize,
        flavor: Flavor,
        call: Call,
        tasks: usize,
        kind: Kind,
    ) -> Option<&RustRow> {
        self.rust.iter().find(|row| {
            row.round == round
                && row.flavor == flavor
                && row.call == call
                && row.tasks == tasks
                && row.kind == kind
        })
    }

    fn find_node(&self, round: usize, call: Call, tasks: usize) -> Option<&Cell> {
        self.node
            .iter()
            .find(|row| row.round == round && row.call == call && row.tasks == tasks)
            .map(|row| &row.cell)
    }

    pub fn print_rust(&self, round: usize, flavor: Flavor, call: Call, tasks: usize) {
        let cells: Vec<&RustRow> = Kind::ALL
            .iter()
            .filter_map(|kind| self.find(round, flavor, call, tasks, *kind))
            .collect();
        let [library, value, typed] = cells.as_slice() else {
            return;
        };
        println!(
            "round {round} {:<14} {:<6} c={tasks:<2} | req/s library {:>7.0} value {:>7.0} typed {:>7.0} \
             | library/value {:.2}x library/typed {:.2}x | CPU s/1000 library {:.3} value {:.3} typed {:.3} \
             | CPU library/typed {:.2}x library/value {:.2}x | connections opened {}/{}/{}",
            flavor.name(),
            call.name(),
            library.cell.per_second(),
            value.cell.per_second(),
            typed.cell.per_second(),
            library.cell.per_second() / value.cell.per_second(),
            library.cell.per_second() / typed.cell.per_second(),
            library.cell.cpu_per_1000(),
            value.cell.cpu_per_1000(),
            typed.cell.cpu_per_1000(),
            library.cell.cpu_per_1000() / typed.cell.cpu_per_1000(),
            library.cell.cpu_per_1000() / value.cell.cpu_per_1000(),
            library.opened,
            value.opened,
            typed.opened,
        );
    }

    pub fn print_node(&self, round: usize, call: Call, tasks: usize) {
        let Some(node) = self.find_node(round, call, tasks) else {
            return;
        };
        let mut line = format!(
            "round {round} node           {:<6} c={tasks:<2} | req/s node {:>7.0} | CPU s/1000 node {:.3}",
            call.name(),
            node.per_second(),
            node.cpu_per_1000()
        );
        for flavor in Flavor::ALL {
            if let Some(library) = self.find(round, flavor, call, tasks, Kind::Library) {
                line.push_str(&format!(
                    " | library ({}) / node: {:.2}x req/s, {:.2}x CPU",
                    flavor.name(),
                    library.cell.per_second() / node.per_second(),
                    library.cell.cpu_per_1000() / node.cpu_per_1000()
                ));
            }
        }
        println!("{line}");
    }

    /// Medians over the rounds of every ratio, next to the target where the issue sets one.
    pub fn print_medians(&self, with_node: bool) {
        let rounds: Vec<usize> = {
            let mut rounds: Vec<usize> = self.rust.iter().map(|row| row.round).collect();
            rounds.dedup();
            rounds
        };
        heading(&format!("Medians over {} round(s)", rounds.len()));
        for flavor in Flavor::ALL {
            for call in Call::ALL {
                for tasks in TASKS {
                    let ratio = |kind: Kind, of: fn(&Cell) -> f64| {
                        median(rounds.iter().filter_map(|round| {
                            let library = self.find(*round, flavor, call, tasks, Kind::Library)?;
                            let other = self.find(*round, flavor, call, tasks, kind)?;
                            Some(of(&library.cell) / of(&other.cell))
                        }))
                    };
                    let (value_target, cpu_target) = match call {
                        Call::Chats => ("target >= 1.30", "target <= 1.05"),
                        Call::Agents => ("target >= 1.00", "no target"),
                    };
                    println!(
                        "{:<14} {:<6} c={tasks:<2} | library/value {:.2}x req/s ({value_target}), {:.2}x CPU \
                         | library/typed {:.2}x req/s, {:.2}x CPU ({cpu_target})",
                        flavor.name(),
                        call.name(),
                        ratio(Kind::Value, Cell::per_second),
                        ratio(Kind::Value, Cell::cpu_per_1000),
                        ratio(Kind::Typed, Cell::per_second),
                        ratio(Kind::Typed, Cell::cpu_per_1000),
                    );
                }
            }
        }
        if !with_node {
            return;
        }
        for flavor in Flavor::ALL {
            for call in Call::ALL {
                for tasks in TASKS {
                    let ratio = |of: fn(&Cell) -> f64| {
                        median(rounds.iter().filter_map(|round| {
                            let library = self.find(*round, flavor, call, tasks, Kind::Library)?;
                            let node = self.find_node(*round, call, tasks)?;
                            Some(of(&library.cell) / of(node))
                        }))
                    };
                    let target = match (call, tasks) {
                        (Call::Chats, 32) => "target >= 3",
                        (Call::Agents, _) => "target >= 6",
                        _ => "no target",
                    };
                    println!(
                        "{:<14} {:<6} c={tasks:<2} | library/node {:.2}x req/s ({target}), {:.2}x CPU per request",
                        flavor.name(),
                        call.name(),
                        ratio(Cell::per_second),
                        ratio(Cell::cpu_per_1000),
                    );
                }
            }
        }
    }
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.filter(|value| value.is_finite()).collect();
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

pub fn walk(pages: usize, walk: Walk) {
    println!(
        "{pages:>5} pages: {:>7} items in {:.2} s = {:>8.0} items/s, peak RSS {:.1} MiB",
        walk.items,
        walk.seconds,
        walk.items as f64 / walk.seconds,
        walk.peak_rss_kib as f64 / 1024.0
    );
}

pub fn decodes(counts: &[(Decoder, f64)]) {
    let of = |decoder: Decoder| {
        counts
            .iter()
            .find(|(which, _)| *which == decoder)
            .map_or(f64::NAN, |(_, count)| *count)
    };
    for (decoder, count) in counts {
        println!(
            "decode a 68 KiB page, {:<14} {:>6.2} M instructions | {:.2}x typed, {:.2}x value",
            decoder.name(),
            count / 1e6,
            count / of(Decoder::Typed),
            count / of(Decoder::Value)
        );
    }
}

pub fn requests(call: Call, counts: &[(Kind, f64)]) {
    let of = |kind: Kind| {
        counts
            .iter()
            .find(|(which, _)| *which == kind)
            .map_or(f64::NAN, |(_, count)| *count)
    };
    for (kind, count) in counts {
        println!(
            "GET /{:<6} {:<8} {:>7.3} M instructions per request | {:.2}x typed, {:.2}x value",
            call.name(),
            kind.name(),
            count / 1e6,
            count / of(Kind::Typed),
            count / of(Kind::Value)
        );
    }
}
