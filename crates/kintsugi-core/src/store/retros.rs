//! Retro documents: stored whole, as JSON, on every save.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use uuid::Uuid;

use super::stories::ts;
use super::Store;
use crate::error::{Error, Result};
use crate::retro::Retro;

impl Store {
    /// Inserts or replaces a retro document.
    pub fn save_retro(&mut self, retro: &Retro) -> Result<()> {
        self.conn.execute(
            "INSERT INTO retros (id, title, document, created_at, updated_at, story_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, document = excluded.document,
                 updated_at = excluded.updated_at, story_id = excluded.story_id",
            params![
                retro.id.to_string(),
                retro.title,
                serde_json::to_string(retro)?,
                ts(retro.created_at),
                ts(retro.updated_at),
                retro.story_id.map(|id| id.to_string()),
            ],
        )?;
        Ok(())
    }

    /// A retro by id (not deleted).
    pub fn retro(&self, id: Uuid) -> Result<Retro> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT document FROM retros WHERE id = ?1 AND deleted_at IS NULL",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let json = json.ok_or(Error::NotFound(id))?;
        Ok(serde_json::from_str(&json)?)
    }

    /// All retros that are not deleted, most recently saved first.
    pub fn retros(&self) -> Result<Vec<Retro>> {
        let mut stmt = self.conn.prepare(
            "SELECT document FROM retros WHERE deleted_at IS NULL ORDER BY updated_at DESC",
        )?;
        let docs = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        docs.iter().map(|d| Ok(serde_json::from_str(d)?)).collect()
    }

    /// Marks a retro deleted (kept in the file, hidden from lists).
    pub fn delete_retro(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE retros SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![id.to_string(), ts(now)],
        )?;
        if changed == 0 {
            return Err(Error::NotFound(id));
        }
        Ok(())
    }
}
