//! Work the app does before it is asked for, so that a screen opens at once
//! and opening stays fast.
//!
//! Opening a library verifies no index checksum (that reads the whole
//! index); this thread does it once for each library opened, and the core
//! rebuilds the index if a file is damaged.
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

use std::sync::{Arc, Weak};
use std::time::Duration;

use kintsugi_core::Library;

use crate::state::AppState;

/// How long the library must stay unchanged before the insights are
/// computed again (and how often that is checked).
pub const QUIET: Duration = Duration::from_secs(5);

/// Starts the background thread; it lives as long as the app.
pub fn start(state: AppState) {
    let spawned = std::thread::Builder::new()
        .name("prefetch".into())
        .spawn(move || {
            let mut verified: Option<Weak<Library>> = None;
            let mut seen: Option<i64> = None;
            loop {
                std::thread::sleep(QUIET);
                verify(&state, &mut verified);
                seen = warm(&state, seen);
            }
        });
    if let Err(error) = spawned {
        // The app works without it; the screen computes on demand.
        eprintln!("kintsugi: could not start the prefetch thread: {error}");
    }
}

/// Verifies the open library's index once: `verified` is the last library
/// verified (another one after a switch is verified in turn).
pub fn verify(state: &AppState, verified: &mut Option<Weak<Library>>) {
    let Some(library) = state.opened_library() else {
        return;
    };
    let done = verified
        .as_ref()
        .and_then(Weak::upgrade)
        .is_some_and(|v| Arc::ptr_eq(&v, &library));
    if !done {
        if let Ok(damaged) = library.verify_index() {
            if !damaged.is_empty() {
                eprintln!(
                    "kintsugi: rebuilt the search index of {}: damaged files {}",
                    library.root().display(),
                    damaged.join(", ")
                );
            }
        }
        *verified = Some(Arc::downgrade(&library));
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
