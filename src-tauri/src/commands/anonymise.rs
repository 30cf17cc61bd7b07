//! Anonymised war stories for newcomers: the glossary, previewing and
//! publishing an anonymised copy after review, reading mode (anonymised
//! stories only), reading lists and read marks.

use std::path::PathBuf;

use kintsugi_core::anonymise::{AnonymisedStory, Glossary};
use kintsugi_core::reading::{
    AnonymisedLink, GlossaryKind, ReadingEntry, ReadingList, ReadingListImport, ReplacementRef,
};
use kintsugi_core::{Error, IpcError, RenderedStory, Story};

use super::{from_json, parse_id};
use crate::state::AppState;

// ---- glossary ----------------------------------------------------------

/// The library's anonymisation glossary.
pub fn get_glossary(state: &AppState) -> Result<Glossary, IpcError> {
    state.with(|lib| lib.glossary())
}

/// Replaces the glossary; returns it as stored.
pub fn set_glossary(state: &AppState, glossary: serde_json::Value) -> Result<Glossary, IpcError> {
    let glossary: Glossary = from_json("glossary", glossary)?;
    state.with(|lib| lib.set_glossary(glossary))
}

/// Adds a missed term (`kind`: person, customer, company, product or allow).
pub fn add_glossary_term(state: &AppState, kind: &str, term: &str) -> Result<Glossary, IpcError> {
    let kind = GlossaryKind::parse(kind).map_err(IpcError::from)?;
    state.with(|lib| lib.add_to_glossary(kind, term))
}

// ---- review and publish ------------------------------------------------

/// The anonymised preview of a story with every replacement located.
pub fn anonymise_preview(state: &AppState, id: &str) -> Result<AnonymisedStory, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.anonymise_preview(id))
}

/// Publishes the anonymised copy with every replacement of the current
/// preview except the `rejected` ones; returns the copy.
pub fn publish_anonymised(
    state: &AppState,
    id: &str,
    rejected: serde_json::Value,
) -> Result<Story, IpcError> {
    let id = parse_id(id)?;
    let rejected: Vec<ReplacementRef> = from_json("rejected", rejected)?;
    state.with(|lib| lib.publish_reviewed(id, &rejected))
}

/// The copy published from story `id`, if any.
pub fn anonymised_copy_of(state: &AppState, id: &str) -> Result<Option<AnonymisedLink>, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.anonymised_copy_of(id))
}

// ---- reading mode ------------------------------------------------------

/// Anonymised stories only: all when `query` is blank, else the matches.
pub fn list_anonymised(state: &AppState, query: &str) -> Result<Vec<ReadingEntry>, IpcError> {
    state.with(|lib| lib.anonymised_stories(query))
}

/// An anonymised story rendered for reading; refuses any other story, so
/// reading mode can never show an original.
pub fn read_anonymised(state: &AppState, id: &str) -> Result<RenderedStory, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| {
        let rendered = lib.render(id)?;
        if !rendered.story.content.anonymised || rendered.story.deleted_at.is_some() {
            return Err(Error::NotFound(id));
        }
        Ok(rendered)
    })
}

/// Marks a story read or unread.
pub fn mark_read(state: &AppState, id: &str, read: bool) -> Result<(), IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.mark_read(id, read))
}

// ---- reading lists -----------------------------------------------------

/// All reading lists, by title.
pub fn list_reading_lists(state: &AppState) -> Result<Vec<ReadingList>, IpcError> {
    state.with(|lib| lib.reading_lists())
}

/// Starts an empty reading list.
pub fn create_reading_list(
    state: &AppState,
    title: &str,
    description: &str,
) -> Result<ReadingList, IpcError> {
    state.with(|lib| lib.create_reading_list(title, description))
}

/// Renames a reading list and sets its description.
pub fn update_reading_list(
    state: &AppState,
    id: &str,
    title: &str,
    description: &str,
) -> Result<ReadingList, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.update_reading_list(id, title, description))
}

/// Hides a reading list.
pub fn delete_reading_list(state: &AppState, id: &str) -> Result<(), IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.delete_reading_list(id))
}

/// Sets a list's stories in reading order (add, remove, reorder).
pub fn set_reading_list_items(
    state: &AppState,
    id: &str,
    items: Vec<String>,
) -> Result<ReadingList, IpcError> {
    let id = parse_id(id)?;
    let items = items
        .iter()
        .map(|s| parse_id(s))
        .collect::<Result<Vec<_>, _>>()?;
    state.with(|lib| lib.set_reading_list_items(id, items))
}

/// Writes a list and its anonymised stories to one shareable file.
pub fn export_reading_list(state: &AppState, id: &str, path: PathBuf) -> Result<(), IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.export_reading_list(id, &path))
}

/// Reads a shared reading-list file into this library.
pub fn import_reading_list(state: &AppState, path: PathBuf) -> Result<ReadingListImport, IpcError> {
    state.with(|lib| lib.import_reading_list(&path))
}
