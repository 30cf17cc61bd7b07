//! The peer: a naive SQLite FTS5 library written the way a competent
//! engineer would in an afternoon, so the comparison is fair rather than
//! flattering. One FTS5 table `stories(title, summary, body, tags)` with the
//! Porter stemmer (Kintsugi stems English too), its rowid joined to a plain
//! `story` table for filters and a `story_tag` table for facets; a loader
//! that parses each file's front matter with the same YAML library and
//! inserts in batched transactions; queries `MATCH … ORDER BY bm25 LIMIT 10`
//! with `snippet()`, with BM25 column weights like Kintsugi's boosts.

use std::path::{Path, PathBuf};
use std::process::Command;

use rusqlite::{params, Connection, OpenFlags};
use serde::Deserialize;

use crate::Result;

/// Rows per loader transaction.
const BATCH: usize = 1_000;
/// BM25 weights of title, summary, body, tags (Kintsugi: 3, 2, 1, 2).
const BM25: &str = "bm25(stories, 3.0, 2.0, 1.0, 2.0)";

const SCHEMA: &str = "
CREATE TABLE story (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, severity TEXT, date TEXT, company TEXT);
CREATE INDEX story_date ON story(date);
CREATE INDEX story_severity_date ON story(severity, date);
CREATE TABLE story_tag (story_id INTEGER NOT NULL, tag TEXT NOT NULL);
CREATE INDEX story_tag_tag ON story_tag(tag);
CREATE VIRTUAL TABLE stories USING fts5(title, summary, body, tags, tokenize = 'porter unicode61');
";

/// The front matter keys the peer uses.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Front {
    uuid: String,
    title: String,
    summary: String,
    tags: Vec<String>,
    company: Option<String>,
    severity: Option<String>,
    start_time: Option<String>,
}

/// A query the peer runs, for one query class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerQuery {
    /// `stories MATCH ?`, best 10 by BM25 with a snippet.
    Match(&'static str),
    /// Filters on the plain table, newest 10.
    Filters {
        /// Severity that must match.
        severity: &'static str,
        /// Incident date on or after (ISO prefix).
        after: &'static str,
    },
    /// Newest 10 plus tag counts over all stories.
    NewestWithFacets,
}

impl PeerQuery {
    /// The SQL the peer runs (the `sqlite3` process runs exactly this).
    pub fn sql(&self) -> String {
        match self {
            PeerQuery::Match(text) => format!(
                "SELECT rowid, title, snippet(stories, -1, '<mark>', '</mark>', '…', 16) \
                 FROM stories WHERE stories MATCH '{}' ORDER BY {BM25} LIMIT 10;",
                text.replace('\'', "''")
            ),
            PeerQuery::Filters { severity, after } => format!(
                "SELECT id, uuid FROM story WHERE severity = '{severity}' AND date >= '{after}' \
                 ORDER BY date DESC LIMIT 10;"
            ),
            PeerQuery::NewestWithFacets => {
                "SELECT id, uuid FROM story ORDER BY date DESC LIMIT 10; \
                 SELECT tag, count(*) AS n FROM story_tag GROUP BY tag ORDER BY n DESC;"
                    .to_string()
            }
        }
    }

    /// How many stories the query matches in all (not timed).
    fn count_sql(&self) -> String {
        match self {
            PeerQuery::Match(text) => format!(
                "SELECT count(*) FROM stories WHERE stories MATCH '{}'",
                text.replace('\'', "''")
            ),
            PeerQuery::Filters { severity, after } => format!(
                "SELECT count(*) FROM story WHERE severity = '{severity}' AND date >= '{after}'"
            ),
            PeerQuery::NewestWithFacets => "SELECT count(*) FROM story".to_string(),
        }
    }
}

/// An open FTS5 library.
pub struct Fts5 {
    conn: Connection,
}

impl Fts5 {
    /// Opens an existing database read-only.
    pub fn open(path: &Path) -> Result<Fts5> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        Ok(Fts5 { conn })
    }

    /// Runs `query` as the peer would for a search box; rows returned.
    pub fn run(&self, query: &PeerQuery) -> Result<usize> {
        let mut rows = 0;
        for sql in query.sql().split_inclusive(';') {
            if sql.trim().is_empty() {
                continue;
            }
            let mut statement = self.conn.prepare_cached(sql)?;
            let mut cursor = statement.query([])?;
            while let Some(row) = cursor.next()? {
                // Read every column, as a front end would.
                for i in 0..row.as_ref().column_count() {
                    let _ = row.get_ref(i)?;
                }
                rows += 1;
            }
        }
        Ok(rows)
    }

    /// All stories `query` matches.
    pub fn count(&self, query: &PeerQuery) -> Result<usize> {
        let n: i64 = self.conn.query_row(&query.count_sql(), [], |r| r.get(0))?;
        Ok(n as usize)
    }
}

/// Loads `files` into a new database at `path`; stories loaded.
pub fn load(path: &Path, files: &[PathBuf]) -> Result<usize> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(SCHEMA)?;
    let mut loaded = 0;
    for batch in files.chunks(BATCH) {
        let tx = conn.transaction()?;
        {
            let mut story = tx.prepare_cached(
                "INSERT INTO story (uuid, severity, date, company) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut tag =
                tx.prepare_cached("INSERT INTO story_tag (story_id, tag) VALUES (?1, ?2)")?;
            let mut text = tx.prepare_cached(
                "INSERT INTO stories (rowid, title, summary, body, tags) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for file in batch {
                let content = std::fs::read_to_string(file)?;
                let (front, body) = split(&content)
                    .ok_or_else(|| format!("{}: no front matter", file.display()))?;
                let front: Front = serde_norway::from_str(front)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                story.execute(params![
                    front.uuid,
                    front.severity,
                    front.start_time,
                    front.company
                ])?;
                let id = tx.last_insert_rowid();
                for t in &front.tags {
                    tag.execute(params![id, t])?;
                }
                text.execute(params![
                    id,
                    front.title,
                    front.summary,
                    body,
                    front.tags.join(" ")
                ])?;
                loaded += 1;
            }
        }
        tx.commit()?;
    }
    Ok(loaded)
}

/// Front matter and body of a generated file.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some((&rest[..end + 1], &rest[end + 5..]))
}

/// `sqlite3 -readonly DB SQL`: the peer as a whole process.
pub fn sqlite3(db: &Path, query: &PeerQuery) -> Command {
    let mut command = Command::new("sqlite3");
    command.arg("-readonly").arg(db).arg(query.sql());
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_queries_the_way_a_search_box_would() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..3)
            .map(|i| {
                let path = dir.path().join(format!("{i}.md"));
                let text = format!(
                    "---\nuuid: id-{i}\ntitle: \"Story {i}\"\nsummary: \"The connection pool ran dry\"\ntags:\n- migrations\ncompany: \"Acme\"\nseverity: SEV{}\nstart_time: 202{i}-05-01T00:00:00Z\n---\n\nThe migration took a lock on the table.\n",
                    i + 1
                );
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let db = dir.path().join("peer.sqlite3");
        assert_eq!(load(&db, &files).unwrap(), 3);
        let peer = Fts5::open(&db).unwrap();
        assert_eq!(
            peer.run(&PeerQuery::Match("\"connection pool\"")).unwrap(),
            3
        );
        assert_eq!(
            peer.count(&PeerQuery::Match("tags:migrations AND lock"))
                .unwrap(),
            3
        );
        assert_eq!(peer.count(&PeerQuery::Match("retry storm")).unwrap(), 0);
        let sev1 = PeerQuery::Filters {
            severity: "SEV1",
            after: "2020",
        };
        assert_eq!(peer.count(&sev1).unwrap(), 1);
        // Newest 3 plus one facet row.
        assert_eq!(peer.run(&PeerQuery::NewestWithFacets).unwrap(), 4);
        let out = sqlite3(&db, &PeerQuery::Match("migration")).output();
        if let Ok(out) = out {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert_eq!(stdout.matches("Story ").count(), 3, "{stdout}");
        }
    }
}
