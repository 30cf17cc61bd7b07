//! Measurements reserved for features that are still being built, so they
//! land in the same instrument and the same report when they exist:
//!
//! - **brief**: the brief for a typical diff (a migration that adds a column
//!   and an index, a change to retry settings) against a 10,000-story
//!   library: time from diff to ranked stories, in process and as a process.
//! - **team sync**: in a 10,000-story team library, syncing after one story
//!   changed (push and pull), and connecting a fresh library to a
//!   10,000-story remote (first full pull).
//!
//! Each hook has its subcommand (`kintsugi-bench brief`, `kintsugi-bench
//! team-sync`) and a function with the signature it will keep; today they
//! report that nothing is measured yet. To add one: generate the library
//! with [`crate::generate`], call the feature through [`crate::kintsugi`]
//! (the one module that knows the core's API), time it with
//! [`crate::measure::interleaved`], and return its figures here.

use std::path::Path;

use crate::figures::Figure;
use crate::Result;

/// Stories in the library the hooks measure against.
pub const HOOK_STORIES: usize = 10_000;

/// Figures of one hook.
#[derive(Debug, Clone)]
pub struct HookFigures {
    /// What was timed, with its figure.
    pub rows: Vec<(String, Figure)>,
}

/// Times the brief for `diff` (a unified diff file) against a library of
/// [`HOOK_STORIES`] generated stories in `work`. Not measured yet: `None`.
pub fn brief(_work: &Path, _diff: Option<&Path>, _seed: u64) -> Result<Option<HookFigures>> {
    Ok(None)
}

/// Times team sync in `work`: one changed story in a [`HOOK_STORIES`]-story
/// team library, and connecting a fresh library to a remote of that size
/// (a bare git repository in `work`). Not measured yet: `None`.
pub fn team_sync(_work: &Path, _seed: u64) -> Result<Option<HookFigures>> {
    Ok(None)
}

/// The report's section on what these hooks will measure.
pub fn report_section() -> String {
    "## Not measured yet\n\n\
     | measurement | hook | status |\n| --- | --- | --- |\n\
     | brief for a typical diff against a 10,000-story library | `kintsugi-bench brief` (`hooks::brief`) | not measured yet |\n\
     | team sync: one changed story in a 10,000-story team library | `kintsugi-bench team-sync` (`hooks::team_sync`) | not measured yet |\n\
     | team sync: connect a fresh library to a 10,000-story remote | `kintsugi-bench team-sync` (`hooks::team_sync`) | not measured yet |\n\n"
        .to_string()
}
