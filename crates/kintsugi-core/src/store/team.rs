//! What this library knows about its team repository (schema v5): the
//! connection, the per-story and per-document sync base, the last imported
//! commit and the conflict list. The sync logic is in [`crate::team`]; this
//! file only reads and writes rows.
//!
//! Invariants:
//! - A story whose `(revision, live)` equals its row's `(synced_revision,
//!   synced_live)` has exactly the content of the row's `base` file; any
//!   other story has a local change to export.
//! - Imports run inside [`Store::team_write`]: one transaction that reads the
//!   local story, decides and writes, so an edit saved at the same moment is
//!   merged rather than overwritten. The change sequence is bumped once per
//!   batch, so the index catches up with one commit.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use super::stories::{
    get_story, parse_ts, parse_uuid, save_revision, story_author, ts, write_row, write_tags,
};
use super::Store;
use crate::error::Result;
use crate::reading::ReadingList;
use crate::story::{Story, StoryContent};

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

/// One recorded conflict (values as JSON text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    /// Story (or reading list) id.
    pub item_id: Uuid,
    /// `story` or `reading_list`.
    pub kind: String,
    /// Field name as in the team file.
    pub field: String,
    /// This library's value.
    pub mine: String,
    /// The team's value (the one the item holds now).
    pub theirs: String,
    /// When it was found.
    pub recorded_at: DateTime<Utc>,
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

    /// Paths of all documents with a sync base.
    pub fn team_document_paths(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT path FROM team_documents ORDER BY path")?;
        let paths = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(paths)
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

    /// The conflict list, oldest first.
    pub fn team_conflicts(&self) -> Result<Vec<ConflictRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT item_id, kind, field, mine, theirs, recorded_at FROM team_conflicts
             ORDER BY recorded_at, item_id, field",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, kind, field, mine, theirs, at)| {
                Ok(ConflictRow {
                    item_id: parse_uuid(&id)?,
                    kind,
                    field,
                    mine,
                    theirs,
                    recorded_at: parse_ts("recorded_at", &at)?,
                })
            })
            .collect()
    }

    /// Records conflicts at once (replacing older ones of the same field).
    pub fn team_add_conflicts(&mut self, conflicts: &[ConflictRow]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for c in conflicts {
            insert_conflict(&tx, c)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Removes one conflict; false when there was none.
    pub fn team_remove_conflict(&mut self, item: Uuid, field: &str) -> Result<bool> {
        Ok(self.conn.execute(
            "DELETE FROM team_conflicts WHERE item_id = ?1 AND field = ?2",
            params![item.to_string(), field],
        )? > 0)
    }

    /// Records the conflicts of merge commit `commit` as pending.
    pub fn team_add_pending_conflicts(
        &mut self,
        commit: &str,
        conflicts: &[ConflictRow],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM team_pending_conflicts WHERE merge_commit = ?1",
            [commit],
        )?;
        for c in conflicts {
            tx.execute(
                "INSERT OR REPLACE INTO team_pending_conflicts
                     (merge_commit, item_id, kind, field, mine, theirs, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    commit,
                    c.item_id.to_string(),
                    c.kind,
                    c.field,
                    c.mine,
                    c.theirs,
                    ts(c.recorded_at)
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Merge commits that have pending conflicts.
    pub fn team_pending_commits(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT merge_commit FROM team_pending_conflicts ORDER BY 1")?;
        let commits = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(commits)
    }

    /// Moves the pending conflicts of `commit` into the conflict list
    /// (`keep`) or drops them; returns the conflicts moved.
    pub fn team_settle_pending(&mut self, commit: &str, keep: bool) -> Result<Vec<ConflictRow>> {
        let tx = self.conn.transaction()?;
        let mut moved = Vec::new();
        if keep {
            let mut stmt = tx.prepare(
                "SELECT item_id, kind, field, mine, theirs, recorded_at
                 FROM team_pending_conflicts WHERE merge_commit = ?1",
            )?;
            let rows = stmt
                .query_map([commit], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            drop(stmt);
            for (id, kind, field, mine, theirs, at) in rows {
                let row = ConflictRow {
                    item_id: parse_uuid(&id)?,
                    kind,
                    field,
                    mine,
                    theirs,
                    recorded_at: parse_ts("recorded_at", &at)?,
                };
                insert_conflict(&tx, &row)?;
                moved.push(row);
            }
        }
        tx.execute(
            "DELETE FROM team_pending_conflicts WHERE merge_commit = ?1",
            [commit],
        )?;
        tx.commit()?;
        Ok(moved)
    }
}

/// The store operations of an import, inside one transaction.
pub struct TeamTx<'a> {
    tx: &'a Transaction<'a>,
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

    /// Who wrote the current content of a story.
    pub fn author(&self, id: Uuid) -> Result<Option<String>> {
        story_author(self.tx, id)
    }

    /// Records what a story looked like when synced.
    pub fn set_sync_row(&self, id: Uuid, row: &SyncRow) -> Result<()> {
        put_sync_row(self.tx, id, row)
    }

    /// Records a conflict.
    pub fn add_conflict(&self, conflict: &ConflictRow) -> Result<()> {
        insert_conflict(self.tx, conflict)
    }
}

/// The author of edits made in this library: its team author, if connected.
pub(super) fn local_author(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT author_name FROM team WHERE id = 1", [], |r| {
            r.get::<_, String>(0)
        })
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

fn insert_conflict(conn: &Connection, c: &ConflictRow) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO team_conflicts (item_id, kind, field, mine, theirs, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            c.item_id.to_string(),
            c.kind,
            c.field,
            c.mine,
            c.theirs,
            ts(c.recorded_at)
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
            connected_at: Utc::now(),
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
        let now = Utc::now();
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
        let now = Utc::now();
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

    #[test]
    fn pending_conflicts_become_real_or_vanish() {
        let mut store = Store::open_in_memory().unwrap();
        let c = |field: &str| ConflictRow {
            item_id: Uuid::new_v4(),
            kind: "story".into(),
            field: field.into(),
            mine: "\"m\"".into(),
            theirs: "\"t\"".into(),
            recorded_at: Utc::now(),
        };
        store
            .team_add_pending_conflicts("merge1", &[c("title")])
            .unwrap();
        store
            .team_add_pending_conflicts("merge2", &[c("body")])
            .unwrap();
        assert!(store.team_conflicts().unwrap().is_empty());
        assert_eq!(
            store.team_pending_commits().unwrap(),
            vec!["merge1", "merge2"]
        );
        assert_eq!(store.team_settle_pending("merge1", true).unwrap().len(), 1);
        store.team_settle_pending("merge2", false).unwrap();
        let open = store.team_conflicts().unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].field, "title");
        assert!(store.team_pending_commits().unwrap().is_empty());
    }
}
