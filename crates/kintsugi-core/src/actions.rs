//! Action items across the whole library: the follow-ups every story
//! promised, filterable by status, owner role, tag and due date.
//!
//! Action items live inside their stories; this module only reads them out
//! and finds them again. Changing one (marking it done) is an edit of its
//! story, so it makes a revision like any other edit; marking it done
//! records the library clock's today as the day it was done.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::store::Store;
use crate::story::{ActionItem, ActionStatus, Story};
use crate::tag::tag_key;

/// Which action items to list. Empty fields do not filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ActionItemFilter {
    /// Only open or only done items.
    pub status: Option<ActionStatus>,
    /// Owner role contains this text (case-insensitive).
    pub owner: Option<String>,
    /// The story carries this tag (forgiving match, like `tag:`).
    pub tag: Option<String>,
    /// Only open items whose due date has passed.
    pub overdue: bool,
}

/// An action item with the story it belongs to.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ActionItemEntry {
    /// The story.
    #[ts(type = "string")]
    pub story_id: Uuid,
    /// Its title.
    pub story_title: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Position of the item in the story's action items.
    pub index: usize,
    /// The item.
    pub item: ActionItem,
    /// Open and past its due date.
    pub overdue: bool,
}

/// Marks action item `index` of story `id` open or done: an edit of the
/// story made on the revision it was read at. An item that becomes done
/// was closed today; one reopened keeps the day it was last closed, which
/// its status says no longer holds.
pub(crate) fn set_status(
    store: &mut Store,
    id: Uuid,
    index: usize,
    status: ActionStatus,
    now: DateTime<Utc>,
) -> Result<Story> {
    let current = store.get(id)?;
    let mut content = current.content;
    let item =
        content.parts.action_items.get_mut(index).ok_or_else(|| {
            Error::field("action_items", format!("story has no action item {index}"))
        })?;
    if item.status != status && status == ActionStatus::Done {
        item.closed = Some(now.date_naive());
    }
    item.status = status;
    store.update(id, &content, Some(current.revision), now)
}

/// The action items of `stories` that pass `filter`, overdue first, then by
/// due date (undated last), then story title.
pub fn collect(
    stories: &[Story],
    filter: &ActionItemFilter,
    today: NaiveDate,
) -> Vec<ActionItemEntry> {
    let owner = filter
        .owner
        .as_deref()
        .map(str::to_lowercase)
        .filter(|o| !o.trim().is_empty());
    let tag = filter.tag.as_deref().map(tag_key).filter(|t| !t.is_empty());
    let mut out: Vec<ActionItemEntry> = stories
        .iter()
        .filter(|s| {
            tag.as_ref()
                .is_none_or(|t| s.content.tags.iter().any(|x| tag_key(x) == *t))
        })
        .flat_map(|story| {
            story
                .content
                .parts
                .action_items
                .iter()
                .enumerate()
                .map(move |(index, item)| ActionItemEntry {
                    story_id: story.id,
                    story_title: story.content.title.clone(),
                    tags: story.content.tags.clone(),
                    index,
                    item: item.clone(),
                    overdue: item.status == ActionStatus::Open
                        && item.due.is_some_and(|d| d < today),
                })
        })
        .filter(|e| filter.status.is_none_or(|s| e.item.status == s))
        .filter(|e| {
            owner.as_ref().is_none_or(|o| {
                e.item
                    .owner
                    .as_deref()
                    .is_some_and(|x| x.to_lowercase().contains(o))
            })
        })
        .filter(|e| !filter.overdue || e.overdue)
        .collect();
    out.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| match (a.item.due, b.item.due) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.story_title.cmp(&b.story_title))
            .then_with(|| a.index.cmp(&b.index))
    });
    out
}
