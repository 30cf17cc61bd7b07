//! Anonymised copies: publishing a reviewed anonymisation of a story as a
//! copy linked to its original, exporting the whole library anonymised, and
//! the rule that reading mode never shows an original.
//!
//! Invariants:
//! - Publishing never changes the original; re-publishing updates the same
//!   copy as a new revision, so a story has at most one copy.
//! - Restoring a trashed copy, storing its content and linking it happen in
//!   one transaction (the caller's [`Store::atomic`]).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::ReplacementRef;
use crate::anonymise::{self, glossary_terms, merge_glossaries, Glossary, Replacement};
use crate::error::{Error, Result};
use crate::failpoint;
use crate::store::Store;
use crate::story::{Story, StoryContent};

/// A live story that is not itself anonymised: what can be published anonymised.
pub(crate) fn live_original(store: &Store, id: Uuid) -> Result<Story> {
    let story = store.get(id)?;
    if story.deleted_at.is_some() {
        return Err(Error::NotFound(id));
    }
    if story.content.anonymised {
        return Err(Error::field(
            "id",
            "this story is already anonymised; anonymise its original instead",
        ));
    }
    Ok(story)
}

/// A story fit for reading mode: live and anonymised. Anything else is
/// `not_found`, so reading mode can never show an original.
pub(crate) fn readable(story: Story) -> Result<Story> {
    if !story.content.anonymised || story.deleted_at.is_some() {
        return Err(Error::NotFound(story.id));
    }
    Ok(story)
}

/// The replacements a reviewer kept: every one of the current preview
/// except those `rejected` (so anything not explicitly rejected, including
/// what a glossary change found since, is replaced).
pub(crate) fn accepted(preview: Vec<Replacement>, rejected: &[ReplacementRef]) -> Vec<Replacement> {
    preview
        .into_iter()
        .filter(|r| !rejected.iter().any(|x| x.names(r)))
        .collect()
}

/// Publishes the anonymised copy of `id` with the `accepted` replacements:
/// a new story flagged `anonymised` and linked to the original, or — when a
/// copy exists — a new revision of that copy. `extra_terms` are replaced as
/// well, for this publish only.
pub(crate) fn publish(
    store: &mut Store,
    id: Uuid,
    accepted: &[Replacement],
    extra_terms: &Glossary,
    now: DateTime<Utc>,
) -> Result<Story> {
    let original = live_original(store, id)?;
    let content = StoryContent {
        anonymised: true,
        ..anonymised_content(&original.content, accepted, &store.glossary()?, extra_terms)
    }
    .normalize()?;
    let copy = match store.copy_of(id)? {
        Some(link) => {
            let existing = store.get(link.copy_id)?;
            if existing.deleted_at.is_some() {
                store.restore(existing.id)?;
                failpoint::reached("publish_anonymised.restored");
            }
            if existing.content == content {
                store.get(existing.id)?
            } else {
                store.update(existing.id, &content, None, now)?
            }
        }
        None => store.insert(Uuid::new_v4(), &content, now)?,
    };
    failpoint::reached("publish_anonymised.stored");
    store.link_copy(copy.id, id, now)?;
    Ok(copy)
}

/// `original` with the reviewer's choices applied, plus whatever only the
/// extra terms find.
fn anonymised_content(
    original: &StoryContent,
    accepted: &[Replacement],
    library: &Glossary,
    extra_terms: &Glossary,
) -> StoryContent {
    if glossary_terms(extra_terms).is_empty() {
        return anonymise::apply(original, accepted);
    }
    let before: Vec<ReplacementRef> = anonymise::anonymise_story(original, library)
        .replacements
        .iter()
        .map(ReplacementRef::from)
        .collect();
    let merged = merge_glossaries(library, extra_terms);
    let chosen: Vec<Replacement> = anonymise::anonymise_story(original, &merged)
        .replacements
        .into_iter()
        .filter(|r| {
            accepted.iter().any(|a| ReplacementRef::from(a).names(r))
                || !before.iter().any(|b| b.names(r))
        })
        .collect();
    anonymise::apply(original, &chosen)
}

/// Every live story anonymised with the library glossary plus `glossary`,
/// under ids of their own (so re-importing never overwrites an original).
/// An original with a live published copy is represented by its copy
/// (anonymised again) rather than twice.
pub(crate) fn anonymised_export(store: &Store, glossary: &Glossary) -> Result<Vec<Story>> {
    let glossary = merge_glossaries(&store.glossary()?, glossary);
    let stories = store.live_stories()?;
    let live: HashSet<Uuid> = stories.iter().map(|s| s.id).collect();
    let mut out = Vec::with_capacity(stories.len());
    for story in &stories {
        if let Some(link) = store.copy_of(story.id)? {
            if live.contains(&link.copy_id) {
                continue;
            }
        }
        let id = if story.content.anonymised {
            story.id
        } else {
            export_id(story.id)
        };
        out.push(Story {
            id,
            content: anonymise::anonymise_story(&story.content, &glossary).content,
            ..story.clone()
        });
    }
    Ok(out)
}

/// The id an original's anonymised export carries: derived from the
/// original's, so exporting twice gives the same files.
pub fn export_id(original: Uuid) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("kintsugi-anonymised:{original}").as_bytes(),
    )
}
