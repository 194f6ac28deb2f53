//! A count of the items written so far, on stderr, only when stderr is a terminal: a
//! redirected or piped stderr gets nothing, so logs and scripts stay clean.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Redraws no more often than this, so that fast pages do not flood the terminal.
const REDRAW: Duration = Duration::from_millis(100);

pub(crate) struct Progress<W: Write> {
    /// Where the line is drawn; `None` when nobody is watching.
    terminal: Option<W>,
    items: u64,
    last_drawn: Option<Instant>,
}

impl Progress<std::io::Stderr> {
    pub(crate) fn on_stderr() -> Self {
        let stderr = std::io::stderr();
        Progress::new(stderr.is_terminal().then_some(stderr))
    }
}

impl<W: Write> Progress<W> {
    fn new(terminal: Option<W>) -> Self {
        Progress {
            terminal,
            items: 0,
            last_drawn: None,
        }
    }

    pub(crate) fn item(&mut self) {
        self.items += 1;
        let Some(terminal) = &mut self.terminal else {
            return;
        };
        if self.last_drawn.is_some_and(|at| at.elapsed() < REDRAW) {
            return;
        }
        self.last_drawn = Some(Instant::now());
        // A failed write to the terminal only loses the progress line.
        let _ = write!(terminal, "\r\x1b[2K{} items written", self.items);
        let _ = terminal.flush();
    }

    /// Clears the line, leaving the terminal as it was.
    pub(crate) fn finish(&mut self) {
        if let Some(terminal) = &mut self.terminal
            && self.last_drawn.is_some()
        {
            let _ = write!(terminal, "\r\x1b[2K");
            let _ = terminal.flush();
        }
        self.last_drawn = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_sees_the_count_then_a_cleared_line() {
        let mut progress = Progress::new(Some(Vec::new()));
        progress.item();
        progress.item();
        progress.finish();
        let drawn = String::from_utf8(progress.terminal.take().unwrap()).unwrap();
        // The second item is drawn only if the redraw interval had passed.
        assert!(drawn.starts_with("\r\x1b[2K1 items written"), "{drawn:?}");
        assert!(drawn.ends_with("items written\r\x1b[2K"), "{drawn:?}");
    }

    #[test]
    fn without_a_terminal_nothing_is_drawn_but_items_are_counted() {
        let mut progress = Progress::<Vec<u8>>::new(None);
        progress.item();
        progress.finish();
        assert_eq!(progress.items, 1);
    }
}
