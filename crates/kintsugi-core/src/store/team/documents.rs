//! Shared documents other than stories (schema v5): the sync base of the
//! glossary and reading-list files, and reading lists read and written
//! whole (deleted ones and items in the trash included), as the team shares them.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};
use uuid::Uuid;

use super::super::stories::{parse_ts, parse_uuid, ts};
use super::super::Store;
use crate::error::Result;
use crate::reading::ReadingList;

impl Store {
    /// The sync base of a shared document (glossary, reading list) by path.
    pub fn team_document_base(&self, path: &str) -> Result<Option<Option<String>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT base FROM team_documents WHERE path = ?1",
                [path],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?)
    }

    /// Sets the sync base of documents (`None` = the file is absent).
    pub fn team_set_document_bases(&mut self, bases: &[(String, Option<String>)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (path, base) in bases {
            tx.execute(
                "INSERT INTO team_documents (path, base) VALUES (?1, ?2)
                 ON CONFLICT (path) DO UPDATE SET base = excluded.base",
                params![path, base],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every reading list, deleted ones included, with all its items (also
    /// those in the trash): the shared form of a list does not depend on
    /// what this library has in its trash.
    pub fn team_reading_lists(&self) -> Result<Vec<(ReadingList, bool)>> {
        let mut items: HashMap<String, Vec<Uuid>> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT list_id, story_id FROM reading_list_items ORDER BY list_id, position",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (list, story) in rows {
                items.entry(list).or_default().push(parse_uuid(&story)?);
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, title, description, created_at, updated_at, deleted_at IS NOT NULL
             FROM reading_lists ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, title, description, created, updated, deleted)| {
                Ok((
                    ReadingList {
                        items: items.remove(&id).unwrap_or_default(),
                        id: parse_uuid(&id)?,
                        title,
                        description,
                        created_at: parse_ts("created_at", &created)?,
                        updated_at: parse_ts("updated_at", &updated)?,
                    },
                    deleted,
                ))
            })
            .collect()
    }

    /// Writes a reading list from the team (items that are not stories
    /// here are left out), live or deleted.
    pub fn team_put_reading_list(&mut self, list: &ReadingList, live: bool) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO reading_lists (id, title, description, created_at, updated_at, deleted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title,
                 description = excluded.description, updated_at = excluded.updated_at,
                 deleted_at = excluded.deleted_at",
            params![
                list.id.to_string(),
                list.title,
                list.description,
                ts(list.created_at),
                ts(list.updated_at),
                (!live).then(|| ts(list.updated_at)),
            ],
        )?;
        tx.execute(
            "DELETE FROM reading_list_items WHERE list_id = ?1",
            [list.id.to_string()],
        )?;
        for (position, story) in list.items.iter().enumerate() {
            tx.execute(
                "INSERT OR IGNORE INTO reading_list_items (list_id, story_id, position)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM stories WHERE id = ?2)",
                params![list.id.to_string(), story.to_string(), position as i64],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
