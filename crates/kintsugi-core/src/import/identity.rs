//! Storing parsed stories by identity, so that importing the same files
//! again updates or leaves stories instead of duplicating them.
//!
//! A story's identity is, in order: the id its file gives (front matter
//! `uuid`), the story already imported from the same source URL, or an id
//! derived from the source URL or the file's path ([`super::fallback_id`]).

use std::path::Path;

use chrono::{DateTime, Utc};

use super::{fallback_id, ImportReport, ParsedStory};
use crate::error::Result;
use crate::store::Store;
use crate::story::Story;

/// What storing one parsed story did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A new story.
    Imported,
    /// An existing story changed (a new revision).
    Updated,
    /// An existing story, identical.
    Unchanged,
}

impl Outcome {
    /// Adds this outcome to `report`'s counts.
    pub(crate) fn count(self, report: &mut ImportReport) {
        match self {
            Outcome::Imported => report.imported += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::Unchanged => report.unchanged += 1,
        }
    }
}

/// Inserts, updates or leaves `parsed` (read from `path`), by its identity;
/// with the story as stored when it was written.
pub(crate) fn store_parsed(
    store: &mut Store,
    path: &Path,
    parsed: ParsedStory,
    now: DateTime<Utc>,
) -> Result<(Outcome, Option<Story>)> {
    let id = match parsed.id {
        Some(id) => id,
        None => match &parsed.content.source_url {
            Some(url) => match store.find_by_source(url)? {
                Some(id) => id,
                None => fallback_id(path, &parsed.content),
            },
            None => fallback_id(path, &parsed.content),
        },
    };
    match store.find(id)? {
        None => {
            let story = store.insert(id, &parsed.content, now)?;
            Ok((Outcome::Imported, Some(story)))
        }
        Some(existing) if existing.content == parsed.content => Ok((Outcome::Unchanged, None)),
        Some(_) => {
            let story = store.update(id, &parsed.content, None, now)?;
            Ok((Outcome::Updated, Some(story)))
        }
    }
}
