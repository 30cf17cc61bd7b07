//! The `fingerprints` column: a story's `changes` and `tripwires` as one
//! JSON document, NULL when it has neither.
//!
//! Invariant: the column is NULL exactly when both lists are empty, so the
//! partial index `stories_fingerprinted` holds only the stories a briefing
//! must check, and loading them never reads the rest of the library.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Store;
use crate::error::{Error, Result};
use crate::story::{StoryContent, Tripwire};

/// What the column holds.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Fingerprints {
    pub changes: Vec<String>,
    pub tripwires: Vec<Tripwire>,
}

/// A live story that has fingerprints or tripwires, without the rest of it.
#[derive(Debug, Clone)]
pub struct FingerprintedStory {
    /// Story id.
    pub id: Uuid,
    /// Title, for showing a tripwire with the story that wrote it.
    pub title: String,
    /// Path globs, symbols and commit ids the incident touched.
    pub changes: Vec<String>,
    /// The story's tripwires.
    pub tripwires: Vec<Tripwire>,
}

/// The column value for `content`.
pub(crate) fn to_column(content: &StoryContent) -> Result<Option<String>> {
    if content.changes.is_empty() && content.tripwires.is_empty() {
        return Ok(None);
    }
    Ok(Some(serde_json::to_string(&Fingerprints {
        changes: content.changes.clone(),
        tripwires: content.tripwires.clone(),
    })?))
}

/// Reads the column value (NULL is empty).
pub(crate) fn from_column(value: Option<&str>) -> Result<Fingerprints> {
    match value {
        None => Ok(Fingerprints::default()),
        Some(json) => Ok(serde_json::from_str(json)?),
    }
}

impl Store {
    /// Live stories that record changes or tripwires (usually few).
    pub fn fingerprinted(&self) -> Result<Vec<FingerprintedStory>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title, fingerprints FROM stories
             WHERE fingerprints IS NOT NULL AND deleted_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map(params![], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, json) = row?;
            let fingerprints = from_column(Some(&json))?;
            out.push(FingerprintedStory {
                id: Uuid::parse_str(&id)
                    .map_err(|e| Error::field("id", format!("bad id `{id}`: {e}")))?,
                title,
                changes: fingerprints.changes,
                tripwires: fingerprints.tripwires,
            });
        }
        Ok(out)
    }

    /// Live stories by id, in the order given; ids not live are skipped.
    pub fn live_by_ids(&self, ids: &[Uuid]) -> Result<Vec<crate::story::Story>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.get(*id) {
                Ok(story) if story.deleted_at.is_none() => out.push(story),
                Ok(_) | Err(Error::NotFound(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stories_with_fingerprints_are_loaded() {
        let mut store = Store::open_in_memory().unwrap();
        let plain = StoryContent {
            title: "Plain".into(),
            ..Default::default()
        };
        let marked = StoryContent {
            title: "Marked".into(),
            changes: vec!["db/migrate/**".into()],
            tripwires: vec![Tripwire {
                name: "orders-lock".into(),
                pattern: Some("ALTER TABLE orders".into()),
                path: None,
                message: "orders is huge".into(),
            }],
            ..Default::default()
        };
        store
            .insert(Uuid::new_v4(), &plain, crate::clock::test_now())
            .unwrap();
        let id = Uuid::new_v4();
        store.insert(id, &marked, crate::clock::test_now()).unwrap();
        let found = store.fingerprinted().unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, id);
        assert_eq!(found[0].tripwires[0].name, "orders-lock");
        assert_eq!(store.get(id).unwrap().content.changes, marked.changes);
        store.delete(id, crate::clock::test_now()).unwrap();
        assert!(store.fingerprinted().unwrap().is_empty());
    }
}
