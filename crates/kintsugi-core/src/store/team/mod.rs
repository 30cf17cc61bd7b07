//! What this library knows about its team repository (schema v5): the
//! connection, the per-story sync base and the last imported commit; the
//! conflict list is in [`conflicts`], shared documents in [`documents`].
//! The sync logic is in [`crate::team`]; this module only reads and writes
//! rows.
//!
//! Invariants:
//! - A story whose `(revision, live)` equals its row's `(synced_revision,
//!   synced_live)` has exactly the content of the row's `base` file; any
//!   other story has a local change to export.
//! - Imports run inside [`Store::team_write`]: one transaction that reads the
//!   local story, decides and writes, so an edit saved at the same moment is
//!   merged rather than overwritten. The change sequence is bumped once per
//!   batch, so the index catches up with one commit.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::stories::{get_story, parse_ts, parse_uuid, save_revision, ts, write_row, write_tags};
use super::Store;
use crate::error::Result;
use crate::story::{Story, StoryContent};

mod conflicts;
mod documents;

pub use conflicts::ConflictRow;

/// The team connection of a library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    /// Path or URL of the repository.
    pub remote: String,
    /// The repository's library id, once seen.
    pub library_id: Option<String>,
    /// Author name of this library's commits.
    pub author_name: String,
    /// Author e-mail of this library's commits.
    pub author_email: String,
    /// When `team connect` ran.
    pub connected_at: DateTime<Utc>,
    /// When a sync last finished.
    pub last_sync_at: Option<DateTime<Utc>>,
    /// The commit whose content the database has absorbed.
    pub last_imported_commit: Option<String>,
}

/// What a story looked like when it was last synced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncRow {
    /// The local revision whose content `base` holds, if one does.
    pub synced_revision: Option<u32>,
    /// Whether the story's file was present.
    pub synced_live: bool,
    /// The file's text (None when absent).
    pub base: Option<String>,
}

/// A local story and its sync row, for deciding what to export.
#[derive(Debug, Clone)]
pub struct Unexported {
    /// Story id.
    pub id: Uuid,
    /// The story, or None when it was purged.
    pub story: Option<Story>,
    /// Its sync row, if it was ever synced.
    pub row: Option<SyncRow>,
}

impl Store {
    /// The team connection, if this library has one.
    pub fn team(&self) -> Result<Option<TeamRow>> {
        let row = self
            .conn
            .query_row(
                "SELECT remote, library_id, author_name, author_email, connected_at,
                        last_sync_at, last_imported_commit FROM team WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                    ))
                },
            )
            .optional()?;
        row.map(
            |(remote, library_id, name, email, connected, synced, last)| {
                Ok(TeamRow {
                    remote,
                    library_id,
                    author_name: name,
                    author_email: email,
                    connected_at: parse_ts("connected_at", &connected)?,
                    last_sync_at: synced.map(|s| parse_ts("last_sync_at", &s)).transpose()?,
                    last_imported_commit: last,
                })
            },
        )
        .transpose()
    }

    /// Records a new connection. The sync state of an earlier connection
    /// is kept only with `keep_sync_state` (the same team library again, so
    /// edits made while disconnected merge as edits); the conflict list is
    /// always kept: its values are this library's.
    pub fn team_connect(&mut self, row: &TeamRow, keep_sync_state: bool) -> Result<()> {
        let tx = self.conn.transaction()?;
        if keep_sync_state {
            tx.execute_batch("DELETE FROM team; DELETE FROM team_pending_conflicts;")?;
        } else {
            clear_sync_state(&tx)?;
        }
        tx.execute(
            "INSERT INTO team (id, remote, library_id, author_name, author_email, connected_at,
                               last_sync_at, last_imported_commit)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                row.remote,
                row.library_id,
                row.author_name,
                row.author_email,
                ts(row.connected_at),
                row.last_sync_at.map(ts),
                row.last_imported_commit
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets the connection; stories stay. The per-story sync base stays
    /// too, with the team library's id, for a later reconnect to the same
    /// team library (see [`Store::team_previous_library_id`]).
    pub fn team_disconnect(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        let id: Option<String> = tx
            .query_row("SELECT library_id FROM team WHERE id = 1", [], |r| r.get(0))
            .optional()?
            .flatten();
        tx.execute(
            "DELETE FROM meta WHERE key = 'team_previous_library_id'",
            [],
        )?;
        if let Some(id) = id {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('team_previous_library_id', ?1)",
                [id],
            )?;
        }
        tx.execute_batch("DELETE FROM team; DELETE FROM team_pending_conflicts;")?;
        tx.commit()?;
        Ok(())
    }

    /// The team library this library was connected to before, if any.
    pub fn team_previous_library_id(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'team_previous_library_id'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Stores the repository's library id once it is known.
    pub fn team_set_library_id(&mut self, id: &str) -> Result<()> {
        self.conn
            .execute("UPDATE team SET library_id = ?1 WHERE id = 1", [id])?;
        Ok(())
    }

    /// Records the commit the database has absorbed; `None` forgets it, so
    /// the next sync imports afresh (the sync rows stay, so unchanged
    /// stories are recognised).
    pub fn team_set_last_imported(&mut self, commit: Option<&str>) -> Result<()> {
        self.conn.execute(
            "UPDATE team SET last_imported_commit = ?1 WHERE id = 1",
            [commit],
        )?;
        Ok(())
    }

    /// Stores when a sync last finished.
    pub fn team_set_last_sync(&mut self, at: DateTime<Utc>) -> Result<()> {
        self.conn
            .execute("UPDATE team SET last_sync_at = ?1 WHERE id = 1", [ts(at)])?;
        Ok(())
    }

    /// Stories whose local state differs from what was last synced, with
    /// their rows (purged stories included, as `story: None`).
    pub fn team_unexported(&self) -> Result<Vec<Unexported>> {
        let mut ids: Vec<Uuid> = Vec::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT s.id FROM stories s LEFT JOIN team_stories t ON t.story_id = s.id
                 WHERE t.story_id IS NULL
                    OR t.synced_revision IS NOT s.revision
                    OR t.synced_live IS NOT (s.deleted_at IS NULL)
                 UNION
                 SELECT t.story_id FROM team_stories t LEFT JOIN stories s ON s.id = t.story_id
                 WHERE s.id IS NULL AND t.synced_live = 1
                 ORDER BY 1",
            )?;
            for id in stmt.query_map([], |r| r.get::<_, String>(0))? {
                ids.push(parse_uuid(&id?)?);
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let story = get_story(&self.conn, id)?;
            // A story never synced and in the trash has nothing to tell the team.
            let row = sync_row(&self.conn, id)?;
            if row.is_none() && story.as_ref().is_some_and(|s| s.deleted_at.is_some()) {
                continue;
            }
            out.push(Unexported { id, story, row });
        }
        Ok(out)
    }

    /// Records what was exported: one sync row per story, and — when the
    /// export commit sits directly on the last imported commit — that the
    /// database has absorbed the export commit too.
    pub fn team_record_export(
        &mut self,
        rows: &[(Uuid, SyncRow)],
        imported: Option<(&Option<String>, &str)>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (id, row) in rows {
            put_sync_row(&tx, *id, row)?;
        }
        if let Some((parent, commit)) = imported {
            let last: Option<String> = tx.query_row(
                "SELECT last_imported_commit FROM team WHERE id = 1",
                [],
                |r| r.get(0),
            )?;
            if &last == parent {
                tx.execute(
                    "UPDATE team SET last_imported_commit = ?1 WHERE id = 1",
                    [commit],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Runs `f` in one write transaction (one change-sequence bump) with
    /// the operations an import needs.
    pub fn team_write<T>(&mut self, f: impl FnOnce(&TeamTx<'_>) -> Result<T>) -> Result<T> {
        self.write(|tx, seq| f(&TeamTx { tx, seq }))
    }
}

/// The store operations of an import, inside one transaction.
pub struct TeamTx<'a> {
    tx: &'a Connection,
    seq: i64,
}

impl TeamTx<'_> {
    /// A story, live or trashed.
    pub fn story(&self, id: Uuid) -> Result<Option<Story>> {
        get_story(self.tx, id)
    }

    /// Its sync row.
    pub fn sync_row(&self, id: Uuid) -> Result<Option<SyncRow>> {
        sync_row(self.tx, id)
    }

    /// Stores a story new to this library as revision 1.
    pub fn insert_story(
        &self,
        id: Uuid,
        content: &StoryContent,
        author: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Story> {
        let story = Story {
            id,
            revision: 1,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            content: content.clone(),
        };
        write_row(self.tx, &story, self.seq, author)?;
        write_tags(self.tx, &story)?;
        self.tx.execute(
            "DELETE FROM tombstones WHERE story_id = ?1",
            [id.to_string()],
        )?;
        Ok(story)
    }

    /// Replaces the content of `old` (kept as a revision). Its trash state
    /// and any unsaved draft stay: a teammate's change must not throw away
    /// text typed here.
    pub fn update_story(
        &self,
        old: &Story,
        content: &StoryContent,
        author: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Story> {
        save_revision(self.tx, old)?;
        let story = Story {
            revision: old.revision + 1,
            updated_at: at,
            content: content.clone(),
            ..old.clone()
        };
        write_row(self.tx, &story, self.seq, author)?;
        write_tags(self.tx, &story)?;
        Ok(story)
    }

    /// The author of edits made in this library.
    pub fn local_author(&self) -> Result<Option<String>> {
        local_author(self.tx)
    }

    /// Moves a story to the trash (`live = false`) or brings it back.
    pub fn set_live(&self, id: Uuid, live: bool, at: DateTime<Utc>) -> Result<()> {
        self.tx.execute(
            "UPDATE stories SET deleted_at = ?2, change_seq = ?3 WHERE id = ?1",
            params![id.to_string(), (!live).then(|| ts(at)), self.seq],
        )?;
        Ok(())
    }

    /// Records what a story looked like when synced.
    pub fn set_sync_row(&self, id: Uuid, row: &SyncRow) -> Result<()> {
        put_sync_row(self.tx, id, row)
    }

    /// Records a conflict.
    pub fn add_conflict(&self, conflict: &ConflictRow) -> Result<()> {
        conflicts::insert_conflict(self.tx, conflict)
    }
}

/// The author of edits made in this library: its team author, if connected.
pub(super) fn local_author(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT author_name FROM team WHERE id = 1")?
        .query_row([], |r| r.get::<_, String>(0))
        .optional()?)
}

fn clear_sync_state(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM team; DELETE FROM team_stories; DELETE FROM team_documents;
         DELETE FROM team_pending_conflicts;",
    )?;
    Ok(())
}

fn sync_row(conn: &Connection, id: Uuid) -> Result<Option<SyncRow>> {
    Ok(conn
        .query_row(
            "SELECT synced_revision, synced_live, base FROM team_stories WHERE story_id = ?1",
            [id.to_string()],
            |r| {
                Ok(SyncRow {
                    synced_revision: r.get(0)?,
                    synced_live: r.get(1)?,
                    base: r.get(2)?,
                })
            },
        )
        .optional()?)
}

fn put_sync_row(conn: &Connection, id: Uuid, row: &SyncRow) -> Result<()> {
    conn.execute(
        "INSERT INTO team_stories (story_id, synced_revision, synced_live, base)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (story_id) DO UPDATE SET synced_revision = excluded.synced_revision,
             synced_live = excluded.synced_live, base = excluded.base",
        params![
            id.to_string(),
            row.synced_revision,
            row.synced_live,
            row.base
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(remote: &str) -> TeamRow {
        TeamRow {
            remote: remote.into(),
            library_id: Some("lib".into()),
            author_name: "Ana".into(),
            author_email: "ana@example.com".into(),
            connected_at: crate::clock::test_now(),
            last_sync_at: None,
            last_imported_commit: None,
        }
    }

    fn content(title: &str) -> StoryContent {
        StoryContent {
            title: title.into(),
            ..Default::default()
        }
    }

    fn unexported(store: &Store) -> Vec<Uuid> {
        store
            .team_unexported()
            .unwrap()
            .iter()
            .map(|u| u.id)
            .collect()
    }

    #[test]
    fn unexported_stories_are_those_changed_since_their_sync_row() {
        let mut store = Store::open_in_memory().unwrap();
        store.team_connect(&row("r"), false).unwrap();
        let now = crate::clock::test_now();
        let a = store.insert(Uuid::new_v4(), &content("A"), now).unwrap();
        let b = store.insert(Uuid::new_v4(), &content("B"), now).unwrap();
        let trashed = store
            .insert(Uuid::new_v4(), &content("never shared"), now)
            .unwrap();
        store.delete(trashed.id, now).unwrap();
        let mut expected = vec![a.id, b.id];
        expected.sort();
        assert_eq!(
            unexported(&store),
            expected,
            "never-synced trash is not shared"
        );

        let synced = |rev: u32| SyncRow {
            synced_revision: Some(rev),
            synced_live: true,
            base: Some("file".into()),
        };
        store
            .team_record_export(&[(a.id, synced(1)), (b.id, synced(1))], None)
            .unwrap();
        assert!(unexported(&store).is_empty());
        store.update(a.id, &content("A2"), None, now).unwrap();
        assert_eq!(unexported(&store), vec![a.id], "an edit");
        store
            .team_record_export(&[(a.id, synced(2))], None)
            .unwrap();
        store.delete(b.id, now).unwrap();
        assert_eq!(unexported(&store), vec![b.id], "a delete");
        store.purge(b.id).unwrap();
        let listed = store.team_unexported().unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].story.is_none(), "a purge still removes the file");
    }

    #[test]
    fn local_edits_carry_the_team_author_and_revisions_keep_theirs() {
        let mut store = Store::open_in_memory().unwrap();
        let now = crate::clock::test_now();
        let s = store
            .insert(Uuid::new_v4(), &content("before"), now)
            .unwrap();
        store.team_connect(&row("r"), false).unwrap();
        store.update(s.id, &content("after"), None, now).unwrap();
        let history = store.history(s.id).unwrap();
        assert_eq!(history[0].author.as_deref(), Some("Ana"));
        assert_eq!(history[1].author, None, "written before connecting");
        store
            .team_write(|tx| {
                let old = tx.story(s.id)?.unwrap();
                tx.update_story(&old, &content("by Ben"), Some("Ben"), now)
            })
            .unwrap();
        let history = store.history(s.id).unwrap();
        assert_eq!(history[0].author.as_deref(), Some("Ben"));
        assert_eq!(history[1].author.as_deref(), Some("Ana"));
    }
}
