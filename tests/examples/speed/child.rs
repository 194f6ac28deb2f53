//! Child processes: the responder, and commands that must finish within a deadline.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A responder process serving `pages` pages; it ends when this is dropped.
pub struct Responder {
    child: Child,
    stdin: Option<ChildStdin>,
    pub base: String,
}

impl Responder {
    pub fn start(pages: usize) -> Result<Responder, Box<dyn std::error::Error>> {
        let mut child = Command::new(std::env::current_exe()?)
            .args(["serve", &pages.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("the responder has no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let address = line
            .strip_prefix("listening ")
            .ok_or_else(|| format!("the responder said {line:?}"))?
            .trim();
        Ok(Responder {
            base: format!("http://{address}"),
            child,
            stdin,
        })
    }

    /// How many connections the responder has accepted so far (this question included).
    pub fn connections(&self) -> Result<u64, Box<dyn std::error::Error>> {
        use std::io::Write;
        let address = self.base.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address)?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        write!(
            stream,
            "GET /connections HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )?;
        let mut answer = String::new();
        stream.take(64 * 1024).read_to_string(&mut answer)?;
        let body = answer.rsplit("\r\n\r\n").next().unwrap_or_default();
        Ok(body.trim().parse()?)
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        // Closing its stdin asks it to stop; wait so that no process outlives the run.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// Runs `command` to completion, killing it if it is still running after `limit`.
pub fn output_within(mut command: Command, limit: Duration) -> std::io::Result<Output> {
    let mut child = command.spawn()?;
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("still running after {} s, stopped", limit.as_secs()),
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}
