//! The `livechat-fake` binary arms the faults of its `--fault` flags and refuses a
//! malformed one with the syntax.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const BINARY: &str = env!("CARGO_BIN_EXE_livechat-fake");

/// Kills the server when the test ends, passed or not.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn fault_flags_are_armed() {
    let mut child = Command::new(BINARY)
        .args([
            "--login",
            "a@b.c",
            "--api-key",
            "k",
            "--header-timeout",
            "2000",
        ])
        .args(["--fault", "status=503,retry-after=7,path=/agents,times=2"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    // Read every line, so that the server never writes to a closed pipe.
    let (lines, first_line) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let first = first_line
        .recv_timeout(Duration::from_secs(60))
        .expect("the server prints its address");
    let base_url = first
        .rsplit(' ')
        .next()
        .expect("the address ends the line")
        .to_owned();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client builds");
    let mut seen = Vec::new();
    for _ in 0..3 {
        let response = http
            .get(format!("{base_url}/agents"))
            .header("X-API-Version", "2")
            .basic_auth("a@b.c", Some("k"))
            .send()
            .await
            .expect("answers");
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|value| value.to_str().unwrap_or("").to_owned());
        seen.push((response.status().as_u16(), retry_after));
    }
    assert_eq!(
        seen,
        [
            (503, Some("7".into())),
            (503, Some("7".into())),
            (200, None)
        ]
    );
    drop(running);
}

#[test]
fn a_malformed_fault_is_refused_with_the_syntax() {
    // Should it start serving instead of refusing, the wait below fails the test.
    let mut child = Command::new(BINARY)
        .args(["--fault", "status=1000"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the binary started despite a malformed fault");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("the binary ran");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not an HTTP status"), "{stderr}");
    assert!(stderr.contains("KIND[,OPTION...]"), "{stderr}");
}
