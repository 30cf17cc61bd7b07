//! A progress line for long work on a terminal: count, rate and time left,
//! redrawn in place on stderr. Silent when stderr is not a terminal (piped,
//! in CI) or when the caller asked for JSON, so scripts see only results.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::terminal::grouped;

/// Redraws at most this often; a faster redraw only costs time.
const REDRAW: Duration = Duration::from_millis(100);

/// One progress line.
pub struct Progress {
    shown: bool,
    what: &'static str,
    started: Instant,
    last: Option<Instant>,
}

impl Progress {
    /// A progress line counting `what` (e.g. "files"); drawn only when
    /// `wanted` and stderr is a terminal.
    pub fn new(what: &'static str, wanted: bool) -> Progress {
        Progress {
            shown: wanted && std::io::stderr().is_terminal(),
            what,
            started: Instant::now(),
            last: None,
        }
    }

    /// Shows that `done` of `total` are finished.
    pub fn update(&mut self, done: usize, total: usize) {
        if !self.shown {
            return;
        }
        let now = Instant::now();
        if done < total && self.last.is_some_and(|t| now - t < REDRAW) {
            return;
        }
        self.last = Some(now);
        let line = describe(done, total, self.what, now - self.started);
        let _ = write!(std::io::stderr(), "\r\x1b[2K{line}");
    }

    /// Clears the line (the result is printed after it).
    pub fn finish(&mut self) {
        if self.shown && self.last.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}

/// `  1,234 / 10,000 files  12%  560/s  0:15 left`.
fn describe(done: usize, total: usize, what: &str, elapsed: Duration) -> String {
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        done as f64 / seconds
    } else {
        0.0
    };
    let left = if rate > 0.0 && total > done {
        let secs = ((total - done) as f64 / rate).round() as u64;
        format!("  {}:{:02} left", secs / 60, secs % 60)
    } else {
        String::new()
    };
    format!(
        "{:>7} / {} {what}  {percent:>3}%  {}/s{left}",
        grouped(done as u64),
        grouped(total as u64),
        grouped(rate.round() as u64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_count_rate_and_time_left() {
        let line = describe(250, 1000, "files", Duration::from_secs(5));
        assert_eq!(line, "    250 / 1,000 files   25%  50/s  0:15 left");
        let line = describe(12_345, 100_000, "files", Duration::from_secs(2));
        assert_eq!(line, " 12,345 / 100,000 files   12%  6,173/s  0:14 left");
        assert_eq!(
            describe(0, 0, "files", Duration::ZERO),
            "      0 / 0 files  100%  0/s"
        );
    }
}
