//! Reading and writing story rows, their tags, revisions and the trash.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::Store;
use crate::error::{Error, Result};
use crate::story::{Story, StoryContent, StoryParts};
use crate::tag::tag_key;

const STORY_COLUMNS: &str = "id, kind, title, summary, body, company, product, severity, \
     start_time, detected_time, resolved_time, end_time, source_url, anonymised, parts, \
     revision, created_at, updated_at, deleted_at, fingerprints, extra, author";

/// A change the search index has not seen yet.
#[derive(Debug)]
pub enum ChangedStory {
    /// A live story to (re)index.
    Upsert(Box<Story>),
    /// A story that left the live set (trashed or purged).
    Remove(Uuid),
}

impl From<Story> for ChangedStory {
    /// The change a story as stored makes to the live set.
    fn from(story: Story) -> ChangedStory {
        match story.deleted_at {
            Some(_) => ChangedStory::Remove(story.id),
            None => ChangedStory::Upsert(Box::new(story)),
        }
    }
}

/// One entry of a story's history.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RevisionInfo {
    /// Revision number, 1 = first stored.
    pub revision: u32,
    /// When this revision was saved.
    #[ts(type = "string")]
    pub saved_at: DateTime<Utc>,
    /// Its title at the time.
    pub title: String,
    /// True for the revision stored now.
    pub current: bool,
    /// Who wrote it (this library's team author, or a teammate's name for
    /// a change that came through the team repository); unknown for edits
    /// made before the library joined a team.
    pub author: Option<String>,
}

/// A tag and how many stories carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TagCount {
    /// Display form.
    pub tag: String,
    /// Number of stories.
    #[ts(type = "number")]
    pub count: u64,
}

impl Store {
    /// Stores a new story with `id` as revision 1.
    pub fn insert(
        &mut self,
        id: Uuid,
        content: &StoryContent,
        now: DateTime<Utc>,
    ) -> Result<Story> {
        let story = Story {
            id,
            revision: 1,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            content: content.clone(),
        };
        self.write(|tx, seq| {
            write_row(tx, &story, seq, super::team::local_author(tx)?.as_deref())?;
            write_tags(tx, &story)?;
            tx.prepare_cached("DELETE FROM tombstones WHERE story_id = ?1")?
                .execute([id.to_string()])?;
            Ok(())
        })?;
        Ok(story)
    }

    /// Replaces a story's content, keeping the previous content as a revision.
    /// With `expected_revision`, fails with [`Error::Conflict`] if the story moved on.
    pub fn update(
        &mut self,
        id: Uuid,
        content: &StoryContent,
        expected_revision: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Story> {
        self.write(|tx, seq| {
            let old = get_story(tx, id)?.ok_or(Error::NotFound(id))?;
            if let Some(expected) = expected_revision {
                if expected != old.revision {
                    return Err(Error::Conflict {
                        id,
                        expected,
                        actual: old.revision,
                    });
                }
            }
            save_revision(tx, &old)?;
            // Another tool's front-matter keys are not shown by the editor,
            // so an edit that carries none keeps the stored ones.
            let mut content = content.clone();
            if content.extra.is_empty() {
                content.extra = old.content.extra.clone();
            }
            let story = Story {
                revision: old.revision + 1,
                updated_at: now,
                content,
                ..old
            };
            write_row(tx, &story, seq, super::team::local_author(tx)?.as_deref())?;
            write_tags(tx, &story)?;
            tx.execute("DELETE FROM drafts WHERE story_id = ?1", [id.to_string()])?;
            Ok(story)
        })
    }

    /// A story by id, live or in the trash.
    pub fn get(&self, id: Uuid) -> Result<Story> {
        get_story(&self.conn, id)?.ok_or(Error::NotFound(id))
    }

    /// A story by id if there is one, live or in the trash.
    pub fn find(&self, id: Uuid) -> Result<Option<Story>> {
        get_story(&self.conn, id)
    }

    /// The id of the story imported from `url`, preferring a live one.
    pub fn find_by_source(&self, url: &str) -> Result<Option<Uuid>> {
        let id: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM stories WHERE source_url = ?1 ORDER BY deleted_at IS NOT NULL, created_at LIMIT 1",
            )?
            .query_row([url], |r| r.get(0))
            .optional()?;
        id.map(|s| parse_uuid(&s)).transpose()
    }

    /// Ids (live or trashed) whose text form starts with `prefix`, at most `limit`.
    pub fn ids_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<Uuid>> {
        let pattern = format!("{}%", prefix.to_ascii_lowercase().replace(['%', '_'], ""));
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM stories WHERE id LIKE ?1 ORDER BY id LIMIT ?2")?;
        let ids = stmt
            .query_map(params![pattern, limit as i64], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.iter().map(|s| parse_uuid(s)).collect()
    }

    /// The ids sorted just before and just after `id` (live or trashed),
    /// for abbreviating it (see [`crate::story::abbreviate`]).
    pub fn neighbour_ids(&self, id: Uuid) -> Result<Vec<Uuid>> {
        let mut out = Vec::with_capacity(2);
        for sql in [
            "SELECT id FROM stories WHERE id < ?1 ORDER BY id DESC LIMIT 1",
            "SELECT id FROM stories WHERE id > ?1 ORDER BY id LIMIT 1",
        ] {
            let found: Option<String> = self
                .conn
                .query_row(sql, [id.to_string()], |r| r.get(0))
                .optional()?;
            if let Some(found) = found {
                out.push(parse_uuid(&found)?);
            }
        }
        Ok(out)
    }

    /// Moves a live story to the trash.
    pub fn delete(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        self.set_deleted(id, Some(now))
    }

    /// Brings a story back from the trash.
    pub fn restore(&mut self, id: Uuid) -> Result<()> {
        self.set_deleted(id, None)
    }

    fn set_deleted(&mut self, id: Uuid, at: Option<DateTime<Utc>>) -> Result<()> {
        let want_deleted = at.is_none(); // restore acts on trashed rows, delete on live ones
        self.write(|tx, seq| {
            let changed = tx.execute(
                "UPDATE stories SET deleted_at = ?2, change_seq = ?3
                 WHERE id = ?1 AND (deleted_at IS NOT NULL) = ?4",
                params![id.to_string(), at.map(ts), seq, want_deleted],
            )?;
            if changed == 0 {
                return Err(Error::NotFound(id));
            }
            Ok(())
        })
    }

    /// Removes a trashed story and its history for good.
    pub fn purge(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, seq| {
            let changed = tx.execute(
                "DELETE FROM stories WHERE id = ?1 AND deleted_at IS NOT NULL",
                [id.to_string()],
            )?;
            if changed == 0 {
                return Err(Error::NotFound(id));
            }
            crate::failpoint::reached("purge.deleted");
            tx.execute("DELETE FROM drafts WHERE story_id = ?1", [id.to_string()])?;
            tx.execute(
                "INSERT OR REPLACE INTO tombstones (story_id, change_seq) VALUES (?1, ?2)",
                params![id.to_string(), seq],
            )?;
            Ok(())
        })
    }

    /// Stories in the trash, most recently deleted first.
    pub fn trash(&self) -> Result<Vec<Story>> {
        self.query_stories("WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC", [])
    }

    /// All live stories, oldest first.
    pub fn live_stories(&self) -> Result<Vec<Story>> {
        self.query_stories("WHERE deleted_at IS NULL ORDER BY created_at, id", [])
    }

    /// Ids of all live stories.
    pub fn live_ids(&self) -> Result<Vec<Uuid>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM stories WHERE deleted_at IS NULL")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.iter().map(|s| parse_uuid(s)).collect()
    }

    /// Everything that changed after `seq`, for the index to catch up.
    pub fn changed_since(&self, seq: i64) -> Result<Vec<ChangedStory>> {
        let mut changes: Vec<ChangedStory> = self
            .query_stories("WHERE change_seq > ?1", [seq])?
            .into_iter()
            .map(ChangedStory::from)
            .collect();
        let mut stmt = self
            .conn
            .prepare("SELECT story_id FROM tombstones WHERE change_seq > ?1")?;
        for id in stmt.query_map([seq], |r| r.get::<_, String>(0))? {
            changes.push(ChangedStory::Remove(parse_uuid(&id?)?));
        }
        Ok(changes)
    }

    /// A story's revisions, newest first, the current one included.
    pub fn history(&self, id: Uuid) -> Result<Vec<RevisionInfo>> {
        let current = self.get(id)?;
        let mut out = vec![RevisionInfo {
            revision: current.revision,
            saved_at: current.updated_at,
            title: current.content.title.clone(),
            current: true,
            author: story_author(&self.conn, id)?,
        }];
        let mut stmt = self.conn.prepare(
            "SELECT revision, saved_at, content, author FROM revisions WHERE story_id = ?1 ORDER BY revision DESC",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        for row in rows {
            let (revision, saved_at, content, author) = row?;
            let content: StoryContent = serde_json::from_str(&content)?;
            out.push(RevisionInfo {
                revision,
                saved_at: parse_ts("saved_at", &saved_at)?,
                title: content.title,
                current: false,
                author,
            });
        }
        Ok(out)
    }

    /// The content a story had at `revision`.
    pub fn revision_content(&self, id: Uuid, revision: u32) -> Result<StoryContent> {
        let current = self.get(id)?;
        if current.revision == revision {
            return Ok(current.content);
        }
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT content FROM revisions WHERE story_id = ?1 AND revision = ?2",
                params![id.to_string(), revision],
                |r| r.get(0),
            )
            .optional()?;
        let json = json.ok_or(Error::RevisionNotFound { id, revision })?;
        Ok(serde_json::from_str(&json)?)
    }

    /// Tags of live stories with their counts, most used first.
    pub fn tag_counts(&self) -> Result<Vec<TagCount>> {
        let mut stmt = self.conn.prepare(
            "SELECT MIN(t.tag), COUNT(*) FROM story_tags t JOIN stories s ON s.id = t.story_id
             WHERE s.deleted_at IS NULL GROUP BY t.key ORDER BY COUNT(*) DESC, MIN(t.tag)",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TagCount {
                tag: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps unsaved editor content for `id` (replacing an older draft).
    pub fn save_draft(
        &mut self,
        id: Uuid,
        content: &StoryContent,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO drafts (story_id, saved_at, content) VALUES (?1, ?2, ?3)",
            params![id.to_string(), ts(now), serde_json::to_string(content)?],
        )?;
        Ok(())
    }

    /// The unsaved draft for `id`, if any.
    pub fn draft(&self, id: Uuid) -> Result<Option<StoryContent>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT content FROM drafts WHERE story_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// Forgets the draft for `id`.
    pub fn discard_draft(&mut self, id: Uuid) -> Result<()> {
        self.conn
            .execute("DELETE FROM drafts WHERE story_id = ?1", [id.to_string()])?;
        Ok(())
    }

    fn query_stories<P: rusqlite::Params>(&self, tail: &str, params: P) -> Result<Vec<Story>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {STORY_COLUMNS} FROM stories {tail}"))?;
        let rows = stmt.query_map(params, read_row)?;
        let mut stories = rows
            .map(|r| r.map_err(Error::from).and_then(|r| r))
            .collect::<Result<Vec<Story>>>()?;
        for story in &mut stories {
            story.content.tags = tags_of(&self.conn, story.id)?;
        }
        Ok(stories)
    }
}

/// A story's tags in their stored order. A cached statement per story
/// rather than one pass over every tag: callers often want a handful of
/// stories from a library of a hundred thousand.
fn tags_of(conn: &Connection, id: Uuid) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT tag FROM story_tags WHERE story_id = ?1 ORDER BY position")?;
    let tags = stmt
        .query_map([id.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

/// Who wrote the current content of `id`.
pub(super) fn story_author(conn: &Connection, id: Uuid) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT author FROM stories WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// Keeps `old` (the content about to be replaced) as a revision, with its author.
pub(super) fn save_revision(conn: &Connection, old: &Story) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO revisions (story_id, revision, saved_at, content, author)
         VALUES (?1, ?2, ?3, ?4, (SELECT author FROM stories WHERE id = ?1))",
    )?
    .execute(params![
        old.id.to_string(),
        old.revision,
        ts(old.updated_at),
        serde_json::to_string(&old.content)?
    ])?;
    Ok(())
}

pub(super) fn get_story(conn: &Connection, id: Uuid) -> Result<Option<Story>> {
    let story = conn
        .prepare_cached(&format!(
            "SELECT {STORY_COLUMNS} FROM stories WHERE id = ?1"
        ))?
        .query_row([id.to_string()], read_row)
        .optional()?
        .transpose()?;
    let Some(mut story) = story else {
        return Ok(None);
    };
    story.content.tags = tags_of(conn, id)?;
    Ok(Some(story))
}

/// Inserts or updates a story row. An upsert, not `REPLACE`: replacing would
/// delete the row first and cascade away its tags and revisions.
pub(super) fn write_row(
    conn: &Connection,
    story: &Story,
    seq: i64,
    author: Option<&str>,
) -> Result<()> {
    let c = &story.content;
    // Built once: the statement is the same for every story, and an import
    // writes thousands (prepared once per connection through the cache).
    static UPSERT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let upsert = UPSERT.get_or_init(|| {
        let updates = STORY_COLUMNS
            .split(", ")
            .chain(["change_seq"])
            .filter(|column| *column != "id")
            .map(|column| format!("{column} = excluded.{column}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "INSERT INTO stories ({STORY_COLUMNS}, change_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
             ON CONFLICT (id) DO UPDATE SET {updates}"
        )
    });
    conn.prepare_cached(upsert)?.execute(params![
        story.id.to_string(),
        c.kind.as_str(),
        c.title,
        c.summary,
        c.body,
        c.company,
        c.product,
        c.severity.map(|s| s.as_str()),
        c.start_time.map(ts),
        c.detected_time.map(ts),
        c.resolved_time.map(ts),
        c.end_time.map(ts),
        c.source_url,
        c.anonymised,
        serde_json::to_string(&c.parts)?,
        story.revision,
        ts(story.created_at),
        ts(story.updated_at),
        story.deleted_at.map(ts),
        super::fingerprints::to_column(c)?,
        serde_json::to_string(&c.extra)?,
        author,
        seq,
    ])?;
    Ok(())
}

pub(super) fn write_tags(conn: &Connection, story: &Story) -> Result<()> {
    conn.prepare_cached("DELETE FROM story_tags WHERE story_id = ?1")?
        .execute([story.id.to_string()])?;
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO story_tags (story_id, position, tag, key) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, tag) in story.content.tags.iter().enumerate() {
        stmt.execute(params![
            story.id.to_string(),
            position as i64,
            tag,
            tag_key(tag)
        ])?;
    }
    Ok(())
}

/// Maps a row to a story (tags are loaded separately).
fn read_row(r: &Row<'_>) -> rusqlite::Result<Result<Story>> {
    let text = |i: usize| r.get::<_, Option<String>>(i);
    let raw = (
        r.get::<_, String>(0)?,
        r.get::<_, String>(1)?,
        text(7)?,
        [text(8)?, text(9)?, text(10)?, text(11)?],
        r.get::<_, String>(14)?,
        [r.get::<_, String>(16)?, r.get::<_, String>(17)?],
        text(18)?,
        text(19)?,
        r.get::<_, String>(20)?,
    );
    let (title, summary, body) = (r.get(2)?, r.get(3)?, r.get(4)?);
    let (company, product, source_url) = (text(5)?, text(6)?, text(12)?);
    let anonymised: bool = r.get(13)?;
    let revision: u32 = r.get(15)?;
    Ok((|| {
        let (id, kind, severity, times, parts, [created, updated], deleted, fingerprints, extra) =
            raw;
        let opt_ts =
            |name: &str, v: &Option<String>| v.as_deref().map(|s| parse_ts(name, s)).transpose();
        let parts: StoryParts = serde_json::from_str(&parts)?;
        let fingerprints = super::fingerprints::from_column(fingerprints.as_deref())?;
        Ok(Story {
            id: parse_uuid(&id)?,
            revision,
            created_at: parse_ts("created_at", &created)?,
            updated_at: parse_ts("updated_at", &updated)?,
            deleted_at: opt_ts("deleted_at", &deleted)?,
            content: StoryContent {
                kind: kind.parse()?,
                title,
                summary,
                body,
                tags: Vec::new(),
                company,
                product,
                severity: severity.map(|s| s.parse()).transpose()?,
                start_time: opt_ts("start_time", &times[0])?,
                detected_time: opt_ts("detected_time", &times[1])?,
                resolved_time: opt_ts("resolved_time", &times[2])?,
                end_time: opt_ts("end_time", &times[3])?,
                source_url,
                anonymised,
                parts,
                changes: fingerprints.changes,
                tripwires: fingerprints.tripwires,
                extra: serde_json::from_str(&extra)?,
            },
        })
    })())
}

/// The one timestamp format written to the database.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

pub(super) fn parse_ts(field: &str, s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::field(field, format!("bad timestamp `{s}`: {e}")))
}

pub(super) fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| Error::field("id", format!("bad id `{s}`: {e}")))
}
