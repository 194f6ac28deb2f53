//! LiveChat's own Node client, `livechatapi@0.6.0`, making the same calls.
//!
//! It is installed with npm into a scratch folder once; where npm or node is missing,
//! or the install fails, the row is skipped with the reason.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::child;

const PACKAGE: &str = "livechatapi@0.6.0";

/// Runs `c` loops of calls for `millis` after a short warm-up and prints one JSON line.
/// The 4th constructor argument is the host; Node 20's global agent keeps connections
/// alive, so calls reuse them as the Rust clients do.
const SCRIPT: &str = r#"
const { LiveChatApi } = require('livechatapi');
const [base, what, concurrency, millis, count] = process.argv.slice(2);
const api = new LiveChatApi('bench@example.com', 'bench-key', 2, base + '/');
const one = () => new Promise((resolve, reject) => {
  const done = (answer) => {
    const list = what === 'agents' ? answer : answer && answer.chats;
    if (!Array.isArray(list)) reject(new Error('bad answer: ' + JSON.stringify(answer).slice(0, 200)));
    else resolve(list.length);
  };
  if (what === 'agents') api.agents.list(done); else api.chats.list({}, done);
});
async function loop(until, limit) {
  let done = 0;
  while ((until === null || Date.now() < until) && (limit === null || done < limit)) {
    await one();
    done += 1;
  }
  return done;
}
async function main() {
  const tasks = Number(concurrency);
  await Promise.all(Array.from({ length: tasks }, () => loop(null, 2)));
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const until = count === '0' ? Date.now() + Number(millis) : null;
  const limit = count === '0' ? null : Number(count);
  const counts = await Promise.all(Array.from({ length: tasks }, () => loop(until, limit)));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const requests = counts.reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ requests, seconds, cpu_seconds: (used.user + used.system) / 1e6 }));
}
main().catch((error) => { console.error(String(error)); process.exit(1); });
"#;

/// The folder holding the installed client and the script, or why there is none.
pub fn install() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join("livechat-speed-node");
    let installed = dir.join("node_modules/livechatapi/package.json");
    let which = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if !which("node") {
        return Err("node is not installed".into());
    }
    if !installed.exists() {
        if !which("npm") {
            return Err("npm is not installed".into());
        }
        std::fs::create_dir_all(&dir).map_err(|error| error.to_string())?;
        let mut npm = Command::new("npm");
        npm.args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .arg(PACKAGE)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let output = child::output_within(npm, Duration::from_secs(180))
            .map_err(|error| format!("npm install {PACKAGE} failed: {error}"))?;
        if !output.status.success() || !installed.exists() {
            let why = String::from_utf8_lossy(&output.stderr);
            return Err(format!("npm install {PACKAGE} failed: {}", why.trim()));
        }
    }
    std::fs::write(dir.join("bench.js"), SCRIPT).map_err(|error| error.to_string())?;
    Ok(dir)
}

/// One cell: `count` calls per loop, or as many as fit in `millis` when `count` is 0.
pub fn run(
    dir: &Path,
    base: &str,
    call: &str,
    tasks: usize,
    millis: u64,
    count: u32,
) -> Result<crate::throughput::Cell, String> {
    let mut node = Command::new("node");
    node.current_dir(dir)
        .arg("bench.js")
        .args([base, call, &tasks.to_string(), &millis.to_string()])
        .arg(count.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let output = child::output_within(
        node,
        Duration::from_millis(millis) + Duration::from_secs(60),
    )
    .map_err(|error| error.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    let line: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|error| error.to_string())?;
    let number = |key: &str| line[key].as_f64().ok_or(format!("no {key} in {line}"));
    Ok(crate::throughput::Cell {
        requests: number("requests")? as u64,
        seconds: number("seconds")?,
        cpu_seconds: number("cpu_seconds")?,
    })
}
