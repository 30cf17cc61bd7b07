//! Work the app does before it is asked for, so that a screen opens at once.
//!
//! The insights analyse every story: seconds on a library of 100,000. The
//! core caches them until the library changes; this thread computes them
//! again soon after a change, once the library has been quiet for a
//! moment, so the Insights screen rarely pays for the analysis itself.
//!
//! Invariants:
//! - Nothing is computed while stories keep changing (an import, a sync):
//!   the analysis would be stale before it finished and would slow the
//!   write down. Quiet means the change sequence number did not move for
//!   one whole [`QUIET`] interval.
//! - It only reads, through the same cache a command uses, so it can never
//!   show a person anything the command would not; its errors are dropped
//!   (the screen reports its own).

use std::time::Duration;

use crate::state::AppState;

/// How long the library must stay unchanged before the insights are
/// computed again (and how often that is checked).
pub const QUIET: Duration = Duration::from_secs(5);

/// Starts the background thread; it lives as long as the app.
pub fn start(state: AppState) {
    let spawned = std::thread::Builder::new()
        .name("prefetch".into())
        .spawn(move || {
            let mut seen: Option<i64> = None;
            loop {
                std::thread::sleep(QUIET);
                seen = warm(&state, seen);
            }
        });
    if let Err(error) = spawned {
        // The app works without it; the screen computes on demand.
        eprintln!("kintsugi: could not start the prefetch thread: {error}");
    }
}

/// One check: computes the insights when the library has not changed
/// since the last check (`seen`); returns what the library is at now.
pub fn warm(state: &AppState, seen: Option<i64>) -> Option<i64> {
    let library = state.opened_library()?;
    let now = library.change_seq().ok()?;
    if seen == Some(now) {
        let _ = library.insights();
    }
    Some(now)
}
