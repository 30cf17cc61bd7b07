//! The team library: one library shared by many engineers through a git
//! repository of Markdown files (see `docs/team.md`).
//!
//! Each library keeps its own SQLite store and syncs it with the team's
//! repository: local changes are exported as canonical files
//! ([`file`], [`documents`]) and committed, the team's `main` is fetched
//! and merged per story ([`merge`], [`text_merge`]) into a two-parent merge
//! commit, the result is imported as new revisions, and `main` is pushed
//! ([`sync`], driving [`git`]). Conflicts keep this library's value in a
//! list until resolved ([`conflicts`]).
//!
//! Invariants across the module:
//! - SQLite is the truth for edits not yet synced; once imported, the
//!   commit on `main` is. Every step is recomputed from the database, the
//!   local `main`, the fetched remote `main` and the last imported commit,
//!   so a sync killed at any moment converges on the next run.
//! - No file in the repository ever holds conflict markers; no value is
//!   ever dropped (it is in a story, its history or the conflict list).
//! - Shared: stories, the glossary, reading lists. Local: drafts, read
//!   marks, settings, the search index, retro working documents.

pub mod conflicts;
pub mod documents;
mod export;
pub mod fields;
pub mod file;
pub mod git;
mod import;
mod integrate;
pub mod layout;
pub mod merge;
mod sync;
pub mod text_merge;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

pub use conflicts::{Conflict, Resolution};
pub use sync::{connect, disconnect, status, sync, TeamAuthor};

/// Folder of the library's copy of the team repository (bare, no work tree).
pub const REPOSITORY_DIR: &str = "team.git";
/// The lock file held while a sync runs (the OS drops it if the process dies).
pub const LOCK_FILE: &str = "team.lock";

/// Which step a sync is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncStage {
    /// Writing local changes as files.
    Exporting,
    /// The local commit exists; the database does not know it yet.
    Committed,
    /// Fetching the team's `main`.
    Fetching,
    /// Merging the team's changes with ours.
    Merging,
    /// The merge commit is on the local `main`; not imported yet.
    Merged,
    /// Reading changed files into the database (`done` of `total` files).
    Importing,
    /// Pushing to the team.
    Pushing,
    /// The push finished.
    Pushed,
}

impl SyncStage {
    /// The snake_case name (as in JSON and `KINTSUGI_FAILPOINT`).
    pub fn as_str(self) -> &'static str {
        match self {
            SyncStage::Exporting => "exporting",
            SyncStage::Committed => "committed",
            SyncStage::Fetching => "fetching",
            SyncStage::Merging => "merging",
            SyncStage::Merged => "merged",
            SyncStage::Importing => "importing",
            SyncStage::Pushing => "pushing",
            SyncStage::Pushed => "pushed",
        }
    }
}

/// Progress of a running sync, reported at every step.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    /// The step.
    pub stage: SyncStage,
    /// Items finished in this step (files while importing).
    pub done: usize,
    /// Items in this step (0 when not counted).
    pub total: usize,
    /// Which attempt this is (a rejected push merges and tries again).
    pub attempt: usize,
}

/// A conflict named by story and field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConflictRef {
    /// The story (or reading list) id.
    #[ts(type = "string")]
    pub story_id: Uuid,
    /// The field.
    pub field: String,
}

/// A file in the team repository that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InvalidFile {
    /// Path in the repository.
    pub path: String,
    /// What is wrong, naming the field.
    pub message: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    /// Stories changed here by the team's changes.
    pub pulled: usize,
    /// Stories of ours sent to the team.
    pub pushed: usize,
    /// Stories changed on both sides and merged.
    pub merged: usize,
    /// Conflicts recorded by this sync.
    pub conflicts: Vec<ConflictRef>,
    /// Files skipped because they are invalid (everything else synced).
    pub invalid: Vec<InvalidFile>,
}

/// The team connection as `kintsugi team status` shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TeamStatus {
    /// Whether this library is connected.
    pub connected: bool,
    /// The repository's path or URL.
    pub remote: Option<String>,
    /// The team library's id (from its `kintsugi.toml`).
    pub library_id: Option<String>,
    /// Author of this library's changes.
    pub author: Option<String>,
    /// When a sync last finished.
    #[ts(type = "string | null")]
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Local commits the team has not received yet.
    pub ahead: usize,
    /// Team commits fetched but not merged yet.
    pub behind: usize,
    /// Stories changed here since the last sync.
    pub local_changes: usize,
    /// Conflicts waiting to be resolved.
    pub open_conflicts: usize,
}
