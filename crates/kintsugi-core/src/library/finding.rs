//! Finding stories: search, related stories, tags and counts.

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::Library;
use crate::error::Result;
use crate::search::{SearchHit, SearchRequest, SearchResults};
use crate::store::TagCount;

/// Most hits one search returns; a front end pages within this.
pub const MAX_SEARCH_LIMIT: usize = 500;
/// Most related stories one call returns.
pub const MAX_RELATED: usize = 50;

/// Counts shown by `kintsugi stats`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Stats {
    /// Live stories.
    #[ts(type = "number")]
    pub stories: u64,
    /// Stories in the trash.
    #[ts(type = "number")]
    pub deleted: u64,
    /// Distinct tags on live stories.
    #[ts(type = "number")]
    pub tags: u64,
}

impl Library {
    /// Runs a search (see [`crate::search::query`] for the language). The
    /// limit is kept between 1 and [`MAX_SEARCH_LIMIT`].
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let mut request = request.clone();
        request.limit = request.limit.clamp(1, MAX_SEARCH_LIMIT);
        self.index().search(&request)
    }

    /// Stories like `id`, best first (at most [`MAX_RELATED`]).
    pub fn related_stories(&self, id: Uuid, limit: usize) -> Result<Vec<SearchHit>> {
        let story = self.get_story(id)?;
        self.index().related(&story, limit.clamp(1, MAX_RELATED))
    }

    /// All tags of live stories with counts.
    pub fn list_tags(&self) -> Result<Vec<TagCount>> {
        self.read()?.tag_counts()
    }

    /// Counts of stories, trash and tags.
    pub fn library_stats(&self) -> Result<Stats> {
        let store = self.read()?;
        let (stories, deleted) = store.counts()?;
        Ok(Stats {
            stories,
            deleted,
            tags: store.tag_count()?,
        })
    }
}
