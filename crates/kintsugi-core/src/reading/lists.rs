//! Reading lists: ordered anonymised stories for a newcomer, and the
//! shareable file that carries a list and its stories to another library.
//!
//! Invariants:
//! - A list holds only live anonymised stories, so a shared file never
//!   carries an original; importing refuses a file that would overwrite a
//!   story here that is not anonymised.
//! - Importing a file (its stories and the list) is one transaction (the
//!   caller's [`Store::atomic`]).

use std::path::Path;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    list_title, ReadingList, ReadingListImport, SharedReadingList, SHARED_LIST_FORMAT,
    SHARED_LIST_VERSION,
};
use crate::error::{Error, Result};
use crate::failpoint;
use crate::store::Store;
use crate::story::{Story, StoryContent};

/// A new, empty reading list.
pub(crate) fn new_list(title: &str, description: &str, now: DateTime<Utc>) -> Result<ReadingList> {
    Ok(ReadingList {
        id: Uuid::new_v4(),
        title: list_title(title)?,
        description: description.trim().to_string(),
        created_at: now,
        updated_at: now,
        items: Vec::new(),
    })
}

/// `items` as a list's stories, in reading order with repeats dropped, each
/// checked to be a live anonymised story.
pub(crate) fn checked_items(store: &Store, items: Vec<Uuid>) -> Result<Vec<Uuid>> {
    let mut ordered: Vec<Uuid> = Vec::with_capacity(items.len());
    for story in items {
        if ordered.contains(&story) {
            continue;
        }
        let found = store.get(story)?;
        if found.deleted_at.is_some() {
            return Err(Error::NotFound(story));
        }
        if !found.content.anonymised {
            return Err(Error::field(
                "items",
                format!(
                    "story {story} is not anonymised; reading lists hold anonymised stories only"
                ),
            ));
        }
        ordered.push(story);
    }
    Ok(ordered)
}

/// The shareable file for list `id`: the list and its stories.
pub(crate) fn shared_list(store: &Store, id: Uuid) -> Result<SharedReadingList> {
    let list = store.reading_list(id)?;
    let mut stories = Vec::with_capacity(list.items.len());
    for story in &list.items {
        let story = store.get(*story)?;
        if !story.content.anonymised {
            return Err(Error::field(
                "items",
                format!("story {} is not anonymised; not exported", story.id),
            ));
        }
        stories.push(story);
    }
    Ok(SharedReadingList {
        format: SHARED_LIST_FORMAT.to_string(),
        version: SHARED_LIST_VERSION,
        list,
        stories,
    })
}

/// Stores a shared file's stories (by id: new, updated or unchanged) and its
/// list. `path` names the file in errors.
pub(crate) fn import_shared(
    store: &mut Store,
    path: &Path,
    shared: SharedReadingList,
    now: DateTime<Utc>,
) -> Result<ReadingListImport> {
    for story in &shared.stories {
        if let Ok(mine) = store.get(story.id) {
            if !mine.content.anonymised {
                return Err(Error::parse(
                    path,
                    format!(
                        "story {} would overwrite a story here that is not anonymised",
                        story.id
                    ),
                ));
            }
        }
    }
    let mut report = ReadingListImport {
        list: shared.list.clone(),
        imported: 0,
        updated: 0,
        unchanged: 0,
    };
    for story in &shared.stories {
        store_shared_story(store, story, now, &mut report)?;
        failpoint::reached("import_reading_list.story");
    }
    let shipped: Vec<Uuid> = shared.stories.iter().map(|s| s.id).collect();
    let list = ReadingList {
        title: list_title(&shared.list.title)?,
        updated_at: now,
        items: shared
            .list
            .items
            .iter()
            .copied()
            .filter(|id| shipped.contains(id))
            .collect(),
        ..shared.list
    };
    store.save_reading_list(&list)?;
    report.list = store.reading_list(list.id)?;
    Ok(report)
}

fn store_shared_story(
    store: &mut Store,
    story: &Story,
    now: DateTime<Utc>,
    report: &mut ReadingListImport,
) -> Result<()> {
    let content = StoryContent {
        anonymised: true,
        ..story.content.clone()
    }
    .normalize()?;
    match store.get(story.id) {
        Err(Error::NotFound(_)) => {
            store.insert(story.id, &content, now)?;
            report.imported += 1;
        }
        Err(other) => return Err(other),
        Ok(mine) => {
            if mine.deleted_at.is_some() {
                store.restore(mine.id)?;
            }
            if mine.content == content {
                report.unchanged += 1;
            } else {
                store.update(mine.id, &content, None, now)?;
                report.updated += 1;
            }
        }
    }
    Ok(())
}
