//! Anonymised war stories for newcomers: the glossary, previewing and
//! publishing an anonymised copy after review, reading mode (anonymised
//! stories only), reading lists and read marks.

use std::path::PathBuf;

use kintsugi_core::anonymise::{AnonymisedStory, Glossary, GlossaryKind};
use kintsugi_core::reading::{
    AnonymisedLink, ReadingEntry, ReadingList, ReadingListImport, ReplacementRef,
};
use kintsugi_core::{IpcError, RenderedStory, Story};
use uuid::Uuid;

use crate::state::AppState;

/// The library's anonymisation glossary.
pub fn get_glossary(state: &AppState) -> Result<Glossary, IpcError> {
    state.with(|lib| lib.get_glossary())
}

/// Replaces the glossary; returns it as stored.
pub fn set_glossary(state: &AppState, glossary: Glossary) -> Result<Glossary, IpcError> {
    state.with(|lib| lib.set_glossary(glossary))
}

/// Adds a missed term of `kind` (person, customer, company, product or allow).
pub fn add_glossary_term(
    state: &AppState,
    kind: GlossaryKind,
    term: String,
) -> Result<Glossary, IpcError> {
    state.with(|lib| lib.add_glossary_term(kind, &term))
}

/// The anonymised preview of a story with every replacement located.
pub fn anonymise_preview(state: &AppState, id: Uuid) -> Result<AnonymisedStory, IpcError> {
    state.with(|lib| lib.anonymise_preview(id))
}

/// Publishes the anonymised copy with every replacement of the current
/// preview except the `rejected` ones; returns the copy.
pub fn publish_anonymised(
    state: &AppState,
    id: Uuid,
    rejected: Vec<ReplacementRef>,
) -> Result<Story, IpcError> {
    state.with(|lib| lib.publish_anonymised(id, &rejected))
}

/// The copy published from story `id`, if any.
pub fn anonymised_copy_of(state: &AppState, id: Uuid) -> Result<Option<AnonymisedLink>, IpcError> {
    state.with(|lib| lib.anonymised_copy_of(id))
}

/// Anonymised stories only: all when `query` is blank, else the matches.
pub fn list_anonymised(state: &AppState, query: String) -> Result<Vec<ReadingEntry>, IpcError> {
    state.with(|lib| lib.list_anonymised(&query))
}

/// An anonymised story rendered for reading; any other story is `not_found`.
pub fn read_anonymised(state: &AppState, id: Uuid) -> Result<RenderedStory, IpcError> {
    state.with(|lib| lib.read_anonymised(id))
}

/// Marks a story read or unread.
pub fn mark_read(state: &AppState, id: Uuid, read: bool) -> Result<(), IpcError> {
    state.with(|lib| lib.mark_read(id, read))
}

/// All reading lists, by title.
pub fn list_reading_lists(state: &AppState) -> Result<Vec<ReadingList>, IpcError> {
    state.with(|lib| lib.list_reading_lists())
}

/// Starts an empty reading list.
pub fn create_reading_list(
    state: &AppState,
    title: String,
    description: String,
) -> Result<ReadingList, IpcError> {
    state.with(|lib| lib.create_reading_list(&title, &description))
}

/// Renames a reading list and sets its description.
pub fn update_reading_list(
    state: &AppState,
    id: Uuid,
    title: String,
    description: String,
) -> Result<ReadingList, IpcError> {
    state.with(|lib| lib.update_reading_list(id, &title, &description))
}

/// Hides a reading list.
pub fn delete_reading_list(state: &AppState, id: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.delete_reading_list(id))
}

/// Sets a list's stories in reading order (add, remove, reorder).
pub fn set_reading_list_items(
    state: &AppState,
    id: Uuid,
    items: Vec<Uuid>,
) -> Result<ReadingList, IpcError> {
    state.with(|lib| lib.set_reading_list_items(id, items))
}

/// Writes a list and its anonymised stories to one shareable file.
pub fn export_reading_list(state: &AppState, id: Uuid, path: PathBuf) -> Result<(), IpcError> {
    state.with(|lib| lib.export_reading_list(id, &path))
}

/// Reads a shared reading-list file into this library.
pub fn import_reading_list(state: &AppState, path: PathBuf) -> Result<ReadingListImport, IpcError> {
    state.with(|lib| lib.import_reading_list(&path))
}
