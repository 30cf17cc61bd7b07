//! Anonymised-copy links, reading lists and read marks (schema v3). None
//! of these are indexed, so writes here do not bump the change sequence.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use uuid::Uuid;

use super::stories::ts;
use super::Store;
use crate::error::{Error, Result};
use crate::reading::{AnonymisedLink, ReadingList};

impl Store {
    // ---- anonymised copies ---------------------------------------------

    /// The link of the copy made from `original`, if any.
    pub fn copy_of(&self, original: Uuid) -> Result<Option<AnonymisedLink>> {
        self.link_where("original_id", original)
    }

    /// The link of `copy` to its original, if it is a copy.
    pub fn original_of(&self, copy: Uuid) -> Result<Option<AnonymisedLink>> {
        self.link_where("copy_id", copy)
    }

    fn link_where(&self, column: &str, id: Uuid) -> Result<Option<AnonymisedLink>> {
        let row: Option<(String, String, String)> = self
            .conn
            .query_row(
                &format!(
                    "SELECT copy_id, original_id, published_at FROM anonymised_copies WHERE {column} = ?1"
                ),
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(copy, original, at)| {
            Ok(AnonymisedLink {
                copy_id: uuid(&copy)?,
                original_id: uuid(&original)?,
                published_at: time("published_at", &at)?,
            })
        })
        .transpose()
    }

    /// Records (or refreshes) the link from `copy` to `original`.
    pub fn link_copy(&mut self, copy: Uuid, original: Uuid, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO anonymised_copies (copy_id, original_id, published_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (copy_id) DO UPDATE SET original_id = excluded.original_id,
                 published_at = excluded.published_at",
            params![copy.to_string(), original.to_string(), ts(now)],
        )?;
        Ok(())
    }

    // ---- reading lists -------------------------------------------------

    /// Inserts or replaces a reading list and its items (in the given order).
    pub fn save_reading_list(&mut self, list: &ReadingList) -> Result<()> {
        self.scope(|tx| {
            tx.execute(
            "INSERT INTO reading_lists (id, title, description, created_at, updated_at, deleted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, NULL)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title,
                 description = excluded.description, updated_at = excluded.updated_at,
                 deleted_at = NULL",
            params![
                list.id.to_string(),
                list.title,
                list.description,
                ts(list.created_at),
                ts(list.updated_at)
            ],
        )?;
            tx.execute(
                "DELETE FROM reading_list_items WHERE list_id = ?1",
                [list.id.to_string()],
            )?;
            for (position, story) in list.items.iter().enumerate() {
                tx.execute(
                    "INSERT OR IGNORE INTO reading_list_items (list_id, story_id, position)
                 VALUES (?1, ?2, ?3)",
                    params![list.id.to_string(), story.to_string(), position as i64],
                )?;
            }
            Ok(())
        })
    }

    /// A reading list by id (not deleted); items that are in the trash are left out.
    pub fn reading_list(&self, id: Uuid) -> Result<ReadingList> {
        self.reading_lists()?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or(Error::NotFound(id))
    }

    /// All reading lists that are not deleted, by title.
    pub fn reading_lists(&self) -> Result<Vec<ReadingList>> {
        let mut items: HashMap<String, Vec<Uuid>> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT i.list_id, i.story_id FROM reading_list_items i
                 JOIN stories s ON s.id = i.story_id
                 WHERE s.deleted_at IS NULL ORDER BY i.list_id, i.position",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (list, story) in rows {
                items.entry(list).or_default().push(uuid(&story)?);
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, title, description, created_at, updated_at FROM reading_lists
             WHERE deleted_at IS NULL ORDER BY title COLLATE NOCASE, created_at",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, title, description, created, updated)| {
                Ok(ReadingList {
                    items: items.remove(&id).unwrap_or_default(),
                    id: uuid(&id)?,
                    title,
                    description,
                    created_at: time("created_at", &created)?,
                    updated_at: time("updated_at", &updated)?,
                })
            })
            .collect()
    }

    /// Marks a reading list deleted (kept in the file, hidden from lists).
    pub fn delete_reading_list(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE reading_lists SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![id.to_string(), ts(now)],
        )?;
        if changed == 0 {
            return Err(Error::NotFound(id));
        }
        Ok(())
    }

    // ---- read marks ----------------------------------------------------

    /// Marks a story read (keeping the first time) or unread.
    pub fn set_read(&mut self, story: Uuid, read: bool, now: DateTime<Utc>) -> Result<()> {
        if read {
            self.conn.execute(
                "INSERT OR IGNORE INTO read_marks (story_id, read_at) VALUES (?1, ?2)",
                params![story.to_string(), ts(now)],
            )?;
        } else {
            self.conn.execute(
                "DELETE FROM read_marks WHERE story_id = ?1",
                [story.to_string()],
            )?;
        }
        Ok(())
    }

    /// Every read mark: story id → when it was marked read.
    pub fn read_marks(&self) -> Result<HashMap<Uuid, DateTime<Utc>>> {
        let mut stmt = self
            .conn
            .prepare("SELECT story_id, read_at FROM read_marks")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, at)| Ok((uuid(&id)?, time("read_at", &at)?)))
            .collect()
    }
}

fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::field("id", format!("not a uuid: {s}")))
}

fn time(field: &str, s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::field(field, format!("not a timestamp: {s}")))
}
