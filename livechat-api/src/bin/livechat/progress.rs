//! A count of the items written so far, on stderr, only when stderr is a terminal: a
//! redirected or piped stderr gets nothing, so logs and scripts stay clean.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Redraws no more often than this, so that fast pages do not flood the terminal.
const REDRAW: Duration = Duration::from_millis(100);

pub(crate) struct Progress {
    shown: bool,
    items: u64,
    last_drawn: Option<Instant>,
}

impl Progress {
    pub(crate) fn on_stderr() -> Self {
        Progress {
            shown: std::io::stderr().is_terminal(),
            items: 0,
            last_drawn: None,
        }
    }

    pub(crate) fn item(&mut self) {
        self.items += 1;
        if !self.shown || self.last_drawn.is_some_and(|at| at.elapsed() < REDRAW) {
            return;
        }
        self.last_drawn = Some(Instant::now());
        // A failed write to the terminal only loses the progress line.
        let _ = write!(std::io::stderr(), "\r\x1b[2K{} items written", self.items);
    }

    /// Clears the line, leaving the terminal as it was.
    pub(crate) fn finish(&mut self) {
        if self.shown && self.last_drawn.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
        self.last_drawn = None;
    }
}
