//! The conflict list: fields that both this library and the team changed
//! differently. The story holds the team's value (so every machine agrees);
//! this library's value waits here, and in the story's history, until
//! someone resolves it.
//!
//! Resolving is a normal edit: taking "mine" writes this library's value
//! into the story as a new revision (synced like any edit); taking
//! "theirs" writes the team's recorded value (usually already there, then
//! nothing changes). Either way the conflict leaves the list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use super::fields;
use super::file::canonical;
use crate::error::{Error, Result};
use crate::store::{ConflictRow, Store};

/// One open conflict.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Conflict {
    /// The story (or reading list) id.
    #[ts(type = "string")]
    pub story_id: Uuid,
    /// `story` or `reading_list`.
    pub kind: String,
    /// Its title now (empty when it no longer exists here).
    pub title: String,
    /// The field (see `docs/team.md`).
    pub field: String,
    /// This library's value.
    #[ts(type = "unknown")]
    pub mine: Value,
    /// The team's value.
    #[ts(type = "unknown")]
    pub theirs: Value,
    /// When the conflict was found.
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
}

/// Which value a resolution keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Resolution {
    /// This library's value.
    Mine,
    /// The team's value.
    Theirs,
}

/// The open conflicts, oldest first.
pub fn list(store: &Store) -> Result<Vec<Conflict>> {
    let lists = store.team_reading_lists()?;
    store
        .team_conflicts()?
        .into_iter()
        .map(|row| {
            let title = if row.kind == "reading_list" {
                lists
                    .iter()
                    .find(|(l, _)| l.id == row.item_id)
                    .map(|(l, _)| l.title.clone())
                    .unwrap_or_default()
            } else {
                store
                    .get(row.item_id)
                    .map(|s| s.content.title)
                    .unwrap_or_default()
            };
            Ok(Conflict {
                story_id: row.item_id,
                kind: row.kind,
                title,
                field: row.field,
                mine: serde_json::from_str(&row.mine)?,
                theirs: serde_json::from_str(&row.theirs)?,
                recorded_at: row.recorded_at,
            })
        })
        .collect()
}

/// Resolves the conflict on `field` of `id` with one side's value. Returns
/// whether the item changed (a new revision, synced next time).
pub fn resolve(
    store: &mut Store,
    id: Uuid,
    field: &str,
    side: Resolution,
    now: DateTime<Utc>,
) -> Result<bool> {
    let row: ConflictRow = store
        .team_conflicts()?
        .into_iter()
        .find(|c| c.item_id == id && c.field == field)
        .ok_or_else(|| Error::ConflictNotFound {
            id,
            field: field.to_string(),
        })?;
    let value: Value = serde_json::from_str(match side {
        Resolution::Mine => &row.mine,
        Resolution::Theirs => &row.theirs,
    })?;
    let changed = if row.kind == "reading_list" {
        resolve_list(store, id, field, value, now)?
    } else {
        let story = store.get(id)?;
        let mut content = story.content.clone();
        let value =
            (!(value.is_null() && field.starts_with(fields::EXTRA_PREFIX))).then_some(value);
        fields::set(&mut content, field, value)?;
        let content = content.normalize()?;
        if canonical(&content) == canonical(&story.content) {
            false
        } else {
            store.team_write(|tx| {
                let author = tx.local_author()?;
                tx.update_story(&story, &content, author.as_deref(), now)
            })?;
            true
        }
    };
    store.team_remove_conflict(id, field)?;
    Ok(changed)
}

fn resolve_list(
    store: &mut Store,
    id: Uuid,
    field: &str,
    value: Value,
    now: DateTime<Utc>,
) -> Result<bool> {
    let (mut list, deleted) = store
        .team_reading_lists()?
        .into_iter()
        .find(|(l, _)| l.id == id)
        .ok_or(Error::NotFound(id))?;
    let text = value.as_str().unwrap_or_default().trim().to_string();
    let slot = match field {
        "title" => &mut list.title,
        "description" => &mut list.description,
        other => {
            return Err(Error::field(
                "field",
                format!("`{other}` is not a reading list field"),
            ))
        }
    };
    if *slot == text || (field == "title" && text.is_empty()) {
        return Ok(false);
    }
    *slot = text;
    list.updated_at = now;
    store.team_put_reading_list(&list, !deleted)?;
    Ok(true)
}
