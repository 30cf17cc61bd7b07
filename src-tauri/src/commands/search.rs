//! Finding stories: search, related stories, tags and counts.

use kintsugi_core::{IpcError, SearchHit, SearchRequest, SearchResults, Stats, TagCount};
use uuid::Uuid;

use crate::state::AppState;

/// Runs a search in the query language (the core caps the page size).
pub fn search(state: &AppState, request: SearchRequest) -> Result<SearchResults, IpcError> {
    state.with(|lib| lib.search(&request))
}

/// Stories like `id`, best first.
pub fn related_stories(
    state: &AppState,
    id: Uuid,
    limit: usize,
) -> Result<Vec<SearchHit>, IpcError> {
    state.with(|lib| lib.related_stories(id, limit))
}

/// All tags of live stories with counts (for autocomplete).
pub fn list_tags(state: &AppState) -> Result<Vec<TagCount>, IpcError> {
    state.with(|lib| lib.list_tags())
}

/// Counts of stories, trash and tags.
pub fn library_stats(state: &AppState) -> Result<Stats, IpcError> {
    state.with(|lib| lib.library_stats())
}
