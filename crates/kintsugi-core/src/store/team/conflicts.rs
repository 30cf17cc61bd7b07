//! The conflict list (schema v5): fields this library and the team changed
//! differently, and the pending conflicts of a merge commit not yet known to
//! be on the local `main` (moved into the list once it is imported, dropped
//! if it never gets there).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use uuid::Uuid;

use super::super::stories::{parse_ts, parse_uuid, ts};
use super::super::Store;
use crate::error::Result;

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

impl Store {
    /// The conflict list, oldest first.
    pub fn team_conflicts(&self) -> Result<Vec<ConflictRow>> {
        read_conflicts(
            &self.conn,
            "SELECT item_id, kind, field, mine, theirs, recorded_at FROM team_conflicts
             ORDER BY recorded_at, item_id, field",
            [],
        )
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
            let rows = read_conflicts(
                &tx,
                "SELECT item_id, kind, field, mine, theirs, recorded_at
                 FROM team_pending_conflicts WHERE merge_commit = ?1",
                [commit],
            )?;
            for row in rows {
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

/// The conflict rows `sql` selects (item_id, kind, field, mine, theirs,
/// recorded_at, in that order), from the list or the pending table.
fn read_conflicts(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<ConflictRow>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt
        .query_map(params, |r| {
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

pub(super) fn insert_conflict(conn: &Connection, c: &ConflictRow) -> Result<()> {
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

    #[test]
    fn pending_conflicts_become_real_or_vanish() {
        let mut store = Store::open_in_memory().unwrap();
        let c = |field: &str| ConflictRow {
            item_id: Uuid::new_v4(),
            kind: "story".into(),
            field: field.into(),
            mine: "\"m\"".into(),
            theirs: "\"t\"".into(),
            recorded_at: crate::clock::test_now(),
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
