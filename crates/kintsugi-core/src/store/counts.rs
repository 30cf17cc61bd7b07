//! Counting stories and tags for `stats` without reading story rows.
//!
//! Invariant: each count is answered from indexes alone (the
//! `stories_deleted` index of migration 0006 and the tag table's key), never
//! by scanning `stories`, whose rows carry every story's text: at 100,000
//! stories a scan reads about 400 MB. The test below holds SQLite's query
//! plan to that.

use super::Store;
use crate::error::Result;

/// Live and trashed stories, through the deletion-mark index.
const STORY_COUNTS: &str = "SELECT COUNT(*) FILTER (WHERE deleted_at IS NULL),
        COUNT(*) FILTER (WHERE deleted_at IS NOT NULL) FROM stories";

/// Distinct tags of live stories: live ids from the deletion-mark index,
/// then each one's tags by the tag table's primary key.
const TAG_COUNT: &str = "SELECT COUNT(DISTINCT t.key) FROM story_tags t
        JOIN stories s ON s.id = t.story_id WHERE s.deleted_at IS NULL";

impl Store {
    /// How many distinct tags live stories carry.
    pub fn tag_count(&self) -> Result<u64> {
        Ok(self.conn.query_row(TAG_COUNT, [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// (live stories, stories in the trash).
    pub fn counts(&self) -> Result<(u64, u64)> {
        Ok(self.conn.query_row(STORY_COUNTS, [], |r| {
            Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
        })?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a panic is the failure report

    use super::*;

    /// SQLite's plan for `sql`, one step per line.
    fn plan(store: &Store, sql: &str) -> String {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let steps = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|s| s.unwrap())
            .collect::<Vec<_>>();
        steps.join("\n")
    }

    #[test]
    fn counts_never_read_a_story_row() {
        let store = Store::open_in_memory().unwrap();
        for sql in [STORY_COUNTS, TAG_COUNT] {
            let plan = plan(&store, sql);
            assert!(plan.contains("COVERING INDEX stories_deleted"), "{plan}");
            assert!(
                !plan.lines().any(|l| l.trim_end() == "SCAN stories"
                    || l.contains("SCAN s ")
                    || l.trim_end() == "SCAN s"),
                "{plan}"
            );
        }
    }
}
