//! Finding stories: search, related stories, tags and counts.

use kintsugi_core::store::TagCount;
use kintsugi_core::{IpcError, SearchHit, SearchRequest, SearchResults, Stats};

use super::parse_id;
use crate::state::AppState;

/// Most hits one search returns (the UI pages within this).
pub const MAX_LIMIT: usize = 500;

/// Runs a search in the query language.
pub fn search(state: &AppState, mut request: SearchRequest) -> Result<SearchResults, IpcError> {
    request.limit = request.limit.clamp(1, MAX_LIMIT);
    state.with(|lib| lib.search(&request))
}

/// Stories like `id`, best first.
pub fn related_stories(
    state: &AppState,
    id: &str,
    limit: usize,
) -> Result<Vec<SearchHit>, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.related(id, limit.clamp(1, 50)))
}

/// All tags of live stories with counts (for autocomplete).
pub fn list_tags(state: &AppState) -> Result<Vec<TagCount>, IpcError> {
    state.with(|lib| lib.tags())
}

/// Counts of stories, trash and tags.
pub fn library_stats(state: &AppState) -> Result<Stats, IpcError> {
    state.with(|lib| lib.stats())
}
