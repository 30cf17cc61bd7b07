//! The glossary's storage (schema v3): one row per term, each list in the
//! order its terms were added. The glossary is not indexed, so writes here
//! do not bump the change sequence.
//!
//! Invariant: a stored term is whitespace-collapsed, never empty, and
//! unique per kind case-insensitively (the table's primary key).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::stories::ts;
use super::Store;
use crate::anonymise::{glossary_terms, Glossary, GlossaryKind};
use crate::error::{Error, Result};

impl Store {
    /// The stored glossary, each list in the order terms were added.
    pub fn glossary(&self) -> Result<Glossary> {
        let mut stmt = self
            .conn
            .prepare("SELECT kind, term FROM glossary ORDER BY rowid")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut glossary = Glossary::default();
        for (kind, term) in rows {
            GlossaryKind::parse(&kind)?.list(&mut glossary).push(term);
        }
        Ok(glossary)
    }

    /// Replaces the whole glossary.
    pub fn set_glossary(&mut self, glossary: &Glossary, now: DateTime<Utc>) -> Result<()> {
        self.scope(|tx| {
            tx.execute("DELETE FROM glossary", [])?;
            for (kind, term) in glossary_terms(glossary) {
                insert_term(tx, kind, &term, now)?;
            }
            Ok(())
        })
    }

    /// Adds one term (no-op when the kind already holds it, in any case).
    pub fn add_glossary_term(
        &mut self,
        kind: GlossaryKind,
        term: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        insert_term(&self.conn, kind, term, now)
    }
}

fn insert_term(
    conn: &Connection,
    kind: GlossaryKind,
    term: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let term = crate::story::collapse_whitespace(term);
    if term.is_empty() {
        return Err(Error::field("term", "a glossary term cannot be empty"));
    }
    conn.execute(
        "INSERT OR IGNORE INTO glossary (kind, term, added_at) VALUES (?1, ?2, ?3)",
        params![kind.as_str(), term, ts(now)],
    )?;
    Ok(())
}
