//! Anonymised stories for newcomers: anonymised copies linked to their
//! originals, reading lists, read marks, and the shareable reading-list
//! file. The glossary they are anonymised with is
//! [`crate::anonymise::Glossary`] (its kinds and terms re-exported here).
//!
//! The flow: a story is previewed through the anonymiser with the library
//! glossary ([`crate::anonymise`]), a reviewer accepts or rejects each
//! replacement and adds missed terms to the glossary, and publishing stores
//! the result as a *copy* — a normal story flagged `anonymised` and linked
//! to its original. Reading mode shows only anonymised stories; reading
//! lists order them for a newcomer, who marks them read as they go.
//!
//! Invariants:
//! - Publishing never changes the original; re-publishing updates the same
//!   copy as a new revision (history kept), so a story has at most one copy.
//! - A reading list holds only anonymised stories, so a shared reading-list
//!   file ([`SharedReadingList`]) never carries an original.

pub(crate) mod copies;
pub(crate) mod lists;

pub use copies::export_id;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::anonymise::{FieldPath, Replacement};
use crate::error::{Error, Result};
use crate::story::{collapse_whitespace, Severity, Story};

/// Names one replacement of a preview (by where it sits in the original),
/// so that a reviewer can reject it without sending it back whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReplacementRef {
    /// The field, as in [`Replacement::field`].
    pub field: FieldPath,
    /// Byte offset of the start in the field's original text.
    pub start: usize,
    /// Byte offset of the end in the field's original text.
    pub end: usize,
}

impl ReplacementRef {
    /// True when this names `replacement`.
    pub fn names(&self, replacement: &Replacement) -> bool {
        self.field == replacement.field
            && self.start == replacement.start
            && self.end == replacement.end
    }
}

impl From<&Replacement> for ReplacementRef {
    fn from(r: &Replacement) -> Self {
        ReplacementRef {
            field: r.field,
            start: r.start,
            end: r.end,
        }
    }
}

/// The link between an anonymised copy and its original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AnonymisedLink {
    /// The anonymised copy (a story flagged `anonymised`).
    #[ts(type = "string")]
    pub copy_id: Uuid,
    /// The story it was made from.
    #[ts(type = "string")]
    pub original_id: Uuid,
    /// When it was last published.
    #[ts(type = "string")]
    pub published_at: DateTime<Utc>,
}

/// A reading list: anonymised stories in the order a newcomer should read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReadingList {
    /// Stable identity (kept when the list is shared).
    #[ts(type = "string")]
    pub id: Uuid,
    /// Never empty.
    pub title: String,
    /// What the list is for (may be empty).
    #[serde(default)]
    pub description: String,
    /// Created.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Last changed (title, description or items).
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// The stories, in reading order (live ones only).
    #[ts(type = "Array<string>")]
    pub items: Vec<Uuid>,
}

/// A line in reading mode: an anonymised story and whether it has been read.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReadingEntry {
    /// Story id.
    #[ts(type = "string")]
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Summary (may be empty).
    pub summary: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Severity.
    pub severity: Option<Severity>,
    /// Number of lessons (reading mode shows them first).
    pub lessons: usize,
    /// When the reader marked it read, if they did.
    #[ts(type = "string | null")]
    pub read_at: Option<DateTime<Utc>>,
}

impl ReadingEntry {
    /// The line for `story`, read at `read_at`.
    pub fn new(story: &Story, read_at: Option<DateTime<Utc>>) -> ReadingEntry {
        ReadingEntry {
            id: story.id,
            title: story.content.title.clone(),
            summary: story.content.summary.clone(),
            tags: story.content.tags.clone(),
            severity: story.content.severity,
            lessons: story.content.parts.lessons.len(),
            read_at,
        }
    }
}

/// What `format` says a shared reading-list file is.
pub const SHARED_LIST_FORMAT: &str = "kintsugi-reading-list";
/// The shared file version this build writes and reads.
pub const SHARED_LIST_VERSION: u32 = 1;

/// The shareable file: one JSON document holding a reading list and its
/// (anonymised) stories, importable into another library.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SharedReadingList {
    /// Always [`SHARED_LIST_FORMAT`].
    pub format: String,
    /// [`SHARED_LIST_VERSION`].
    pub version: u32,
    /// The list (its `items` name the stories below, in order).
    pub list: ReadingList,
    /// The stories, each anonymised.
    pub stories: Vec<Story>,
}

impl SharedReadingList {
    /// Reads a shared file, checking its format and that every story is anonymised.
    pub fn parse(path: &std::path::Path, text: &str) -> Result<SharedReadingList> {
        let shared: SharedReadingList = serde_json::from_str(text)
            .map_err(|e| Error::parse(path, format!("not a Kintsugi reading list: {e}")))?;
        if shared.format != SHARED_LIST_FORMAT {
            return Err(Error::parse(
                path,
                format!(
                    "`format` is `{}`, expected `{SHARED_LIST_FORMAT}`",
                    shared.format
                ),
            ));
        }
        if shared.version > SHARED_LIST_VERSION {
            return Err(Error::parse(
                path,
                format!(
                    "reading list version {} is newer than this build reads ({SHARED_LIST_VERSION})",
                    shared.version
                ),
            ));
        }
        if let Some(story) = shared.stories.iter().find(|s| !s.content.anonymised) {
            return Err(Error::parse(
                path,
                format!(
                    "story {} is not anonymised; refusing to import it",
                    story.id
                ),
            ));
        }
        if shared.list.title.trim().is_empty() {
            return Err(Error::parse(path, "the reading list has no title"));
        }
        Ok(shared)
    }
}

/// What importing a shared reading list did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReadingListImport {
    /// The list as stored now.
    pub list: ReadingList,
    /// Stories new to this library.
    pub imported: usize,
    /// Stories that existed and changed.
    pub updated: usize,
    /// Stories that existed unchanged.
    pub unchanged: usize,
}

/// Checks a reading list title: trimmed, not empty.
pub fn list_title(title: &str) -> Result<String> {
    let title = collapse_whitespace(title);
    if title.is_empty() {
        return Err(Error::field("title", "a reading list needs a title"));
    }
    Ok(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_titles_are_trimmed_and_not_empty() {
        assert!(list_title("  ").is_err());
        assert_eq!(
            list_title(" First  week ").ok().as_deref(),
            Some("First week")
        );
    }
}
