//! Kintsugi's core: everything the desktop app and the `kintsugi` command
//! do, without any UI. See `ARCHITECTURE.md` at the repository root for a map.
//!
//! Start at [`Library`]: open a folder, import, search, read, edit, export.
//! SQLite (`store`) is the source of truth; the Tantivy index ([`search`])
//! is derived data that is rebuilt whenever it is missing or out of step.
//! Front ends never touch either directly: `store` is private to the core.

pub mod actions;
pub mod anonymise;
pub mod brief;
pub mod clock;
pub mod error;
pub mod export;
pub mod failpoint;
pub mod health;
pub mod import;
pub mod insights;
mod library;
pub mod lint;
pub mod location;
pub mod markdown;
pub mod reading;
pub mod retro;
pub mod sample;
pub mod search;
pub(crate) mod store;
pub mod story;
pub mod tag;
pub mod team;
#[cfg(feature = "testing")]
pub mod testing;

pub use clock::Clock;
pub use error::{Error, ErrorCode, IpcError, Result};
pub use health::CheckReport;
pub use library::{
    Library, RenderedStory, Stats, DATABASE_FILE, INDEX_DIR, INSIGHTS_CACHE_FILE, MAX_RELATED,
    MAX_SEARCH_LIMIT,
};
pub use location::{locate_library, LibraryLocation, LibrarySource};
pub use search::{SearchHit, SearchRequest, SearchResults, SortOrder, TagFacet};
pub use store::{RevisionInfo, TagCount, SCHEMA_VERSION};
pub use story::{
    ActionItem, ActionStatus, Severity, Story, StoryContent, StoryKind, StoryParts, StorySummary,
    TimelineEvent, Tripwire,
};
