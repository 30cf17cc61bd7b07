//! The canonical story file of a team library, `stories/<uuid>.md`:
//! YAML front matter in a fixed key order, then the body.
//!
//! ```text
//! ---
//! uuid: 6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f
//! kind: war-story
//! title: The cron job that ran twice
//! tags:
//! - cron
//! - time-zones
//! lessons:
//! - Schedule in UTC
//! action_items:
//! - text: Move cron to UTC
//!   owner: Billing team
//!   status: open
//! ---
//!
//! The narrative, in Markdown.
//! ```
//!
//! Invariants:
//! - [`render`] is a function of the content alone: no per-machine or
//!   volatile field (no `updated_at`, no revision), LF line ends, keys in
//!   [`crate::team::fields::FIELDS`] order, empty fields left out, tags
//!   sorted, one list entry per item, unknown keys after the known ones in
//!   key order. Two machines with the same story write the same bytes.
//! - `parse(render(c)) == canonical(c)` for every normalized content `c`.
//! - [`parse`] reads a teammate's hand edit strictly: a file over
//!   [`MAX_FILE_BYTES`], without front matter, with an id that is not its
//!   file name, or with a field of the wrong shape is an error naming the
//!   path and the field. Unknown keys are kept in `extra`.

use std::path::Path;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde_norway::{Mapping, Value};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::import::front_matter::extra_keys;
use crate::story::{
    parse_timestamp, ActionItem, ActionStatus, StoryContent, TimelineEvent, Tripwire,
};
use crate::tag::tag_key;

/// Largest story file read, in bytes.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// The keys the file format defines (every other key is kept as `extra`).
pub const KEYS: &[&str] = &[
    "uuid",
    "kind",
    "title",
    "summary",
    "tags",
    "company",
    "product",
    "severity",
    "start_time",
    "detected_time",
    "resolved_time",
    "end_time",
    "url",
    "anonymised",
    "timeline",
    "went_well",
    "went_wrong",
    "got_lucky",
    "surprises",
    "contributing_factors",
    "lessons",
    "action_items",
    "changes",
    "tripwires",
];

#[derive(Serialize)]
struct Front<'a> {
    uuid: String,
    kind: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detected_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    anonymised: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    timeline: Vec<Event<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    went_well: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    went_wrong: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    got_lucky: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    surprises: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    contributing_factors: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    lessons: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    action_items: Vec<Action<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    changes: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tripwires: &'a [Tripwire],
    #[serde(flatten)]
    extra: std::collections::BTreeMap<&'a str, &'a serde_json::Value>,
}

#[derive(Serialize)]
struct Event<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<String>,
    text: &'a str,
}

#[derive(Serialize)]
struct Action<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closed: Option<String>,
}

fn time(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

/// The path of a story's file in the repository.
pub fn path_of(id: Uuid) -> String {
    format!("stories/{id}.md")
}

/// The story id a repository path names, if it is a story file.
pub fn id_of(path: &str) -> Option<Uuid> {
    let name = path.strip_prefix("stories/")?.strip_suffix(".md")?;
    let id = Uuid::parse_str(name).ok()?;
    // Only the canonical spelling: `STORIES/…` or braces are other files.
    (id.to_string() == name).then_some(id)
}

/// `content` as it is compared and merged: tags in file order, and no
/// extra key that the file format defines (it would be read as that field)
/// nor any on an anonymised story (the anonymiser never reviewed them).
pub fn canonical(content: &StoryContent) -> StoryContent {
    let mut c = content.clone();
    c.tags
        .sort_by(|a, b| tag_key(a).cmp(&tag_key(b)).then_with(|| a.cmp(b)));
    c.extra
        .retain(|k, _| !KEYS.contains(&k.as_str()) && !content.anonymised);
    c
}

/// The file for story `id` with `content` (see the module invariants).
pub fn render(id: Uuid, content: &StoryContent) -> String {
    let c = canonical(content);
    let p = &c.parts;
    let front = Front {
        uuid: id.to_string(),
        kind: c.kind.as_str(),
        title: &c.title,
        summary: &c.summary,
        tags: c.tags.iter().map(String::as_str).collect(),
        company: c.company.as_deref(),
        product: c.product.as_deref(),
        severity: c.severity.map(|s| s.as_str()),
        start_time: time(c.start_time),
        detected_time: time(c.detected_time),
        resolved_time: time(c.resolved_time),
        end_time: time(c.end_time),
        url: c.source_url.as_deref(),
        anonymised: c.anonymised,
        timeline: p
            .timeline
            .iter()
            .map(|e| Event {
                time: time(e.time),
                text: &e.text,
            })
            .collect(),
        went_well: &p.went_well,
        went_wrong: &p.went_wrong,
        got_lucky: &p.got_lucky,
        surprises: &p.surprises,
        contributing_factors: &p.contributing_factors,
        lessons: &p.lessons,
        action_items: p
            .action_items
            .iter()
            .map(|a| Action {
                text: &a.text,
                owner: a.owner.as_deref(),
                status: match a.status {
                    ActionStatus::Open => "open",
                    ActionStatus::Done => "done",
                },
                due: a.due.map(|d| d.to_string()),
                closed: a.closed.map(|d| d.to_string()),
            })
            .collect(),
        changes: &c.changes,
        tripwires: &c.tripwires,
        extra: c.extra.iter().map(|(k, v)| (k.as_str(), v)).collect(),
    };
    // A struct of strings, lists and JSON values always serializes.
    let yaml = serde_norway::to_string(&front).unwrap_or_default();
    let mut out = format!("---\n{yaml}---\n");
    if !c.body.is_empty() {
        out.push('\n');
        out.push_str(&c.body.replace("\r\n", "\n"));
        out.push('\n');
    }
    out
}

/// Reads the file at repository path `path`, which must hold story `id`.
pub fn parse(path: &str, id: Uuid, bytes: &[u8]) -> Result<StoryContent> {
    let err = |message: String| Error::parse(path, message);
    if bytes.len() > MAX_FILE_BYTES {
        return Err(err(format!(
            "file is {} bytes, over the {} MiB limit",
            bytes.len(),
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        err(format!(
            "not valid UTF-8 (first bad byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(err(
            "a story file starts with a `---` front matter line".into()
        ));
    };
    let mut offset = 0;
    let mut split = None;
    for line in rest.split_inclusive('\n') {
        if line.trim_end_matches('\n') == "---" {
            split = Some((&rest[..offset], &rest[offset + line.len()..]));
            break;
        }
        offset += line.len();
    }
    let Some((yaml, body)) = split else {
        return Err(err(
            "front matter starts with `---` but has no closing `---` line".into(),
        ));
    };
    let value: Value = serde_norway::from_str(yaml)
        .map_err(|e| err(format!("front matter is not valid YAML: {e}")))?;
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => Mapping::new(),
        _ => {
            return Err(err(
                "front matter must be a mapping of `key: value` lines".into()
            ))
        }
    };
    let fm = Fields { path, map: &map };
    let file_id = fm.text("uuid")?.ok_or_else(|| fm.err("uuid", "missing"))?;
    match Uuid::parse_str(file_id.trim()) {
        Ok(found) if found == id => {}
        Ok(found) => {
            return Err(fm.err(
                "uuid",
                format!(
                    "`{found}` does not match the file name ({id}); a story's id never changes"
                ),
            ))
        }
        Err(e) => return Err(fm.err("uuid", format!("not a UUID ({e}): `{file_id}`"))),
    }
    let content = StoryContent {
        kind: fm
            .text("kind")?
            .map(|k| k.parse())
            .transpose()
            .map_err(|e| fm.from(e))?
            .unwrap_or_default(),
        title: fm.text("title")?.unwrap_or_default(),
        summary: fm.text("summary")?.unwrap_or_default(),
        body: body.trim().to_string(),
        tags: fm.strings("tags")?,
        company: fm.text("company")?,
        product: fm.text("product")?,
        severity: fm
            .text("severity")?
            .map(|s| s.parse())
            .transpose()
            .map_err(|e| fm.from(e))?,
        start_time: fm.time("start_time")?,
        detected_time: fm.time("detected_time")?,
        resolved_time: fm.time("resolved_time")?,
        end_time: fm.time("end_time")?,
        source_url: fm.text("url")?,
        anonymised: fm.boolean("anonymised")?,
        parts: crate::story::StoryParts {
            timeline: fm.timeline()?,
            went_well: fm.strings("went_well")?,
            went_wrong: fm.strings("went_wrong")?,
            got_lucky: fm.strings("got_lucky")?,
            surprises: fm.strings("surprises")?,
            contributing_factors: fm.strings("contributing_factors")?,
            lessons: fm.strings("lessons")?,
            action_items: fm.action_items()?,
        },
        changes: fm.strings("changes")?,
        tripwires: fm.tripwires()?,
        extra: extra_keys(Path::new(path), &map, KEYS)?,
    };
    let content = content.normalize().map_err(|e| fm.from(e))?;
    Ok(canonical(&content))
}

/// Typed access to front-matter keys, with errors naming path and field.
struct Fields<'a> {
    path: &'a str,
    map: &'a Mapping,
}

impl Fields<'_> {
    fn err(&self, field: &str, message: impl std::fmt::Display) -> Error {
        Error::parse(self.path, format!("field `{field}`: {message}"))
    }

    fn from(&self, e: Error) -> Error {
        match e {
            Error::InvalidField { field, message } => self.err(&field, message),
            other => other,
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn text(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => scalar(v)
                .map(Some)
                .ok_or_else(|| self.err(key, "expected text, found a list or mapping")),
        }
    }

    fn strings(&self, key: &str) -> Result<Vec<String>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Sequence(items)) => items
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_null())
                .map(|(i, v)| {
                    scalar(v).ok_or_else(|| self.err(key, format!("item {}: expected text", i + 1)))
                })
                .collect(),
            Some(v) => scalar(v)
                .map(|s| vec![s])
                .ok_or_else(|| self.err(key, "expected a list of text items")),
        }
    }

    fn sequence(&self, key: &str) -> Result<&[Value]> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Sequence(items)) => Ok(items),
            Some(_) => Err(self.err(key, "expected a list")),
        }
    }

    fn time(&self, key: &str) -> Result<Option<DateTime<Utc>>> {
        let Some(s) = self.text(key)? else {
            return Ok(None);
        };
        parse_timestamp(&s).map(Some).ok_or_else(|| {
            self.err(
                key,
                format!("expected a date-time such as 2024-03-12T14:05:00Z, found `{s}`"),
            )
        })
    }

    fn boolean(&self, key: &str) -> Result<bool> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.err(key, "expected true or false")),
        }
    }

    fn timeline(&self) -> Result<Vec<TimelineEvent>> {
        let key = "timeline";
        let mut out = Vec::new();
        for (i, item) in self.sequence(key)?.iter().enumerate() {
            let at = |m: &str| self.err(key, format!("item {}: {m}", i + 1));
            out.push(match item {
                Value::Mapping(m) => {
                    let time = match m.get("time").filter(|v| !v.is_null()) {
                        None => None,
                        Some(v) => {
                            let s = scalar(v).ok_or_else(|| at("`time` must be text"))?;
                            Some(parse_timestamp(&s).ok_or_else(|| {
                                at(&format!("`time`: expected a date-time, found `{s}`"))
                            })?)
                        }
                    };
                    let text = m
                        .get("text")
                        .and_then(scalar)
                        .ok_or_else(|| at("needs a `text`"))?;
                    TimelineEvent { time, text }
                }
                other => TimelineEvent {
                    time: None,
                    text: scalar(other).ok_or_else(|| at("expected text or time/text"))?,
                },
            });
        }
        Ok(out)
    }

    fn tripwires(&self) -> Result<Vec<Tripwire>> {
        match self.get("tripwires") {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(value) => serde_norway::from_value(value.clone()).map_err(|e| {
                self.err(
                    "tripwires",
                    format!("expected a list of `- name: …, pattern: …, path: …, message: …` entries ({e})"),
                )
            }),
        }
    }

    fn action_items(&self) -> Result<Vec<ActionItem>> {
        let key = "action_items";
        let mut out = Vec::new();
        for (i, item) in self.sequence(key)?.iter().enumerate() {
            let at = |m: &str| self.err(key, format!("item {}: {m}", i + 1));
            out.push(match item {
                Value::Mapping(m) => {
                    let field = |k: &str| -> Result<Option<String>> {
                        match m.get(k).filter(|v| !v.is_null()) {
                            None => Ok(None),
                            Some(v) => scalar(v)
                                .map(Some)
                                .ok_or_else(|| at(&format!("`{k}` must be text"))),
                        }
                    };
                    let status = match field("status")?.as_deref().map(str::trim) {
                        None | Some("open") => ActionStatus::Open,
                        Some("done") => ActionStatus::Done,
                        Some(other) => {
                            return Err(at(&format!(
                                "`status`: expected open or done, found `{other}`"
                            )))
                        }
                    };
                    let date = |k: &str| -> Result<Option<NaiveDate>> {
                        field(k)?
                            .map(|d| {
                                NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                                    at(&format!(
                                        "`{k}`: expected a date such as 2024-04-15, found `{d}`"
                                    ))
                                })
                            })
                            .transpose()
                    };
                    ActionItem {
                        text: field("text")?.ok_or_else(|| at("needs a `text`"))?,
                        owner: field("owner")?,
                        status,
                        due: date("due")?,
                        closed: date("closed")?,
                    }
                }
                other => ActionItem {
                    text: scalar(other).ok_or_else(|| at("expected text or a mapping"))?,
                    owner: None,
                    status: ActionStatus::Open,
                    due: None,
                    closed: None,
                },
            });
        }
        Ok(out)
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar(&t.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
