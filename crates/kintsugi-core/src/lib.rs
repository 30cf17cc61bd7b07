//! Kintsugi's core: everything the desktop app and the `kintsugi` command
//! do, without any UI. See `ARCHITECTURE.md` at the repository root for a map.
//!
//! Start at [`Library`]: open a folder, import, search, read, edit, export.
//! SQLite ([`store`]) is the source of truth; the Tantivy index ([`search`])
//! is derived data that is rebuilt whenever it is missing or out of step.

pub mod actions;
pub mod anonymise;
pub mod error;
pub mod export;
pub mod import;
mod library;
pub mod lint;
pub mod markdown;
pub mod reading;
pub mod retro;
pub mod sample;
pub mod search;
pub mod store;
pub mod story;
pub mod tag;
pub mod team;

pub use error::{Error, ErrorCode, IpcError, Result};
pub use library::{
    default_library_dir, CheckReport, Library, RenderedStory, Stats, DATABASE_FILE, INDEX_DIR,
};
pub use search::{SearchHit, SearchRequest, SearchResults, SortOrder, TagFacet};
pub use story::{
    ActionItem, ActionStatus, Severity, Story, StoryContent, StoryKind, StoryParts, StorySummary,
    TimelineEvent,
};
