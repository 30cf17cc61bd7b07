//! The compact rows insights are computed from: a story's id, title,
//! times, tags and structured parts, never its summary or body.
//!
//! At 100,000 stories the bodies are most of the database; reading only
//! these columns (tags in one ordered pass, not a query per story) keeps
//! the insights a single sequential scan.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::stories::{parse_ts, parse_uuid};
use super::Store;
use crate::error::Result;
use crate::story::StoryParts;

/// What insights need of one live story.
#[derive(Debug, Clone)]
pub struct InsightRow {
    /// Story id.
    pub id: uuid::Uuid,
    /// Title.
    pub title: String,
    /// Tags in stored order.
    pub tags: Vec<String>,
    /// The date the story is filed under (start, else detected, resolved, end).
    pub date: Option<DateTime<Utc>>,
    /// Impact began.
    pub start: Option<DateTime<Utc>>,
    /// Noticed.
    pub detected: Option<DateTime<Utc>>,
    /// Impact ended.
    pub resolved: Option<DateTime<Utc>>,
    /// Timeline, lucky notes, factors, lessons, action items.
    pub parts: StoryParts,
}

impl Store {
    /// Every live story as an [`InsightRow`], oldest first (undated last).
    pub fn insight_rows(&self) -> Result<Vec<InsightRow>> {
        let mut tags: HashMap<String, Vec<String>> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT t.story_id, t.tag FROM story_tags t JOIN stories s ON s.id = t.story_id
                 WHERE s.deleted_at IS NULL ORDER BY t.story_id, t.position",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
            for row in rows {
                let (id, tag) = row?;
                tags.entry(id).or_default().push(tag);
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, title, start_time, detected_time, resolved_time, end_time, parts
             FROM stories WHERE deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                [
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ],
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, times, parts) = row?;
            let [start, detected, resolved, end] =
                [0, 1, 2, 3].map(|i| times[i].as_deref().and_then(|s| parse_ts("time", s).ok()));
            out.push(InsightRow {
                id: parse_uuid(&id)?,
                title,
                tags: tags.remove(&id).unwrap_or_default(),
                date: start.or(detected).or(resolved).or(end),
                start,
                detected,
                resolved,
                parts: serde_json::from_str(&parts)?,
            });
        }
        out.sort_by(|a, b| match (a.date, b.date) {
            (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.id.cmp(&b.id)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.id.cmp(&b.id),
        });
        Ok(out)
    }

    /// A number that changes whenever a retro is saved or deleted, so a
    /// cache of insights (which reads the retros' checks) knows to refresh.
    pub fn retros_version(&self) -> Result<String> {
        Ok(self.conn.query_row(
            "SELECT count(*) || '/' || coalesce(max(updated_at), '') || '/' ||
                    coalesce(max(deleted_at), '') FROM retros",
            [],
            |r| r.get(0),
        )?)
    }
}
