//! The story model: a postmortem or war story and its structured parts.
//!
//! [`StoryContent`] is everything a person writes; [`Story`] adds what the
//! library keeps about it (id, revision, timestamps, trash state). Two
//! contents are equal exactly when re-importing one over the other must not
//! create a revision, so `PartialEq` on [`StoryContent`] is load-bearing.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};

mod id;

pub use id::{abbreviate, IdText, MIN_ABBREVIATION, MIN_PREFIX};

/// Whether a story is a formal postmortem or an informal war story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum StoryKind {
    /// A written-up incident review.
    #[default]
    Postmortem,
    /// An informal account, often retold.
    WarStory,
}

impl StoryKind {
    /// The front-matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            StoryKind::Postmortem => "postmortem",
            StoryKind::WarStory => "war-story",
        }
    }
}

impl FromStr for StoryKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['_', ' '], "-")
            .as_str()
        {
            "postmortem" | "post-mortem" | "incident" => Ok(StoryKind::Postmortem),
            "war-story" | "warstory" | "story" => Ok(StoryKind::WarStory),
            other => Err(Error::field(
                "kind",
                format!("expected `postmortem` or `war-story`, found `{other}`"),
            )),
        }
    }
}

/// Incident severity, SEV1 (worst) to SEV4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Severity {
    /// Critical: widespread outage or data loss.
    #[serde(rename = "SEV1")]
    Sev1,
    /// Major: significant degradation.
    #[serde(rename = "SEV2")]
    Sev2,
    /// Minor: limited impact.
    #[serde(rename = "SEV3")]
    Sev3,
    /// Low: little or no customer impact.
    #[serde(rename = "SEV4")]
    Sev4,
}

impl Severity {
    /// All severities, worst first.
    pub const ALL: [Severity; 4] = [
        Severity::Sev1,
        Severity::Sev2,
        Severity::Sev3,
        Severity::Sev4,
    ];

    /// `SEV1` … `SEV4`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Sev1 => "SEV1",
            Severity::Sev2 => "SEV2",
            Severity::Sev3 => "SEV3",
            Severity::Sev4 => "SEV4",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = Error;
    /// Accepts `SEV1`, `sev-1`, `Sev 1`, `S1`, `P1` and a bare `1`.
    fn from_str(s: &str) -> Result<Self> {
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let prefix: String = s
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_lowercase();
        let prefix_ok = matches!(prefix.as_str(), "" | "sev" | "s" | "p" | "severity");
        match (prefix_ok, digits.as_str()) {
            (true, "1") => Ok(Severity::Sev1),
            (true, "2") => Ok(Severity::Sev2),
            (true, "3") => Ok(Severity::Sev3),
            (true, "4") => Ok(Severity::Sev4),
            _ => Err(Error::field(
                "severity",
                format!("expected SEV1, SEV2, SEV3 or SEV4, found `{}`", s.trim()),
            )),
        }
    }
}

/// One event on the incident timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TimelineEvent {
    /// When it happened (UTC), if known precisely.
    #[ts(type = "string | null")]
    pub time: Option<DateTime<Utc>>,
    /// What happened.
    pub text: String,
}

/// Whether an action item is still to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ActionStatus {
    /// Not done yet.
    #[default]
    Open,
    /// Done.
    Done,
}

/// A follow-up action agreed after an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionItem {
    /// What is to be done.
    pub text: String,
    /// The role that owns it (a role, not a person).
    #[serde(default)]
    pub owner: Option<String>,
    /// Open or done.
    #[serde(default)]
    pub status: ActionStatus,
    /// When it is due.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub due: Option<NaiveDate>,
    /// The day it was done, when known. Only `status` says whether it is
    /// done: a date left on a reopened item is kept as written, and a done
    /// item without one was closed on a day nobody recorded.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub closed: Option<NaiveDate>,
}

/// The structured parts of a postmortem.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct StoryParts {
    /// What happened when.
    pub timeline: Vec<TimelineEvent>,
    /// What helped.
    pub went_well: Vec<String>,
    /// What hurt.
    pub went_wrong: Vec<String>,
    /// Where it could have been worse.
    pub got_lucky: Vec<String>,
    /// What surprised us: what the responders did not expect of the system.
    pub surprises: Vec<String>,
    /// Conditions that together allowed the incident (never a single root cause).
    pub contributing_factors: Vec<String>,
    /// What to carry into future work.
    pub lessons: Vec<String>,
    /// Follow-ups.
    pub action_items: Vec<ActionItem>,
}

impl StoryParts {
    /// True when no part has any entry.
    pub fn is_empty(&self) -> bool {
        self == &StoryParts::default()
    }
}

/// A small check a story's authors want run before every future change
/// (see `docs/brief.md`): a regular expression matched on added lines, a
/// path glob matched on changed files, or both (the pattern only in files
/// the glob matches).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Tripwire {
    /// Short kebab-case name, shown in briefings and usable in `kintsugi-ignore: NAME`.
    pub name: String,
    /// Regular expression (Rust `regex` syntax) matched on each added line.
    pub pattern: Option<String>,
    /// Path glob (`**`, `*`, `?`, `{a,b}`) matched on changed file paths.
    pub path: Option<String>,
    /// What to tell the person making the change.
    pub message: String,
}

/// Everything a person writes about an incident.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct StoryContent {
    /// Postmortem or war story.
    pub kind: StoryKind,
    /// Never empty once stored.
    pub title: String,
    /// A few sentences.
    pub summary: String,
    /// The narrative, in Markdown.
    pub body: String,
    /// Display forms of the tags, kebab-case, unique by [`crate::tag::tag_key`].
    pub tags: Vec<String>,
    /// Organisation it happened at.
    pub company: Option<String>,
    /// Product or service affected.
    pub product: Option<String>,
    /// How bad it was.
    pub severity: Option<Severity>,
    /// Impact began.
    #[ts(type = "string | null")]
    pub start_time: Option<DateTime<Utc>>,
    /// Someone or something noticed.
    #[ts(type = "string | null")]
    pub detected_time: Option<DateTime<Utc>>,
    /// Impact ended.
    #[ts(type = "string | null")]
    pub resolved_time: Option<DateTime<Utc>>,
    /// The incident was closed.
    #[ts(type = "string | null")]
    pub end_time: Option<DateTime<Utc>>,
    /// Where the original account lives.
    pub source_url: Option<String>,
    /// Names, hosts and customers have been replaced.
    pub anonymised: bool,
    /// Timeline, lessons, action items and the rest.
    pub parts: StoryParts,
    /// What the incident touched: path globs, symbols and commit ids. A
    /// change that touches them again is "seen before" in a briefing.
    pub changes: Vec<String>,
    /// Checks to run against every future change (see [`Tripwire`]).
    pub tripwires: Vec<Tripwire>,
    /// Front-matter keys Kintsugi does not know, kept as they were written
    /// (another tool's or a teammate's fields survive import, export and sync).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(type = "Record<string, unknown>")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl StoryContent {
    /// The date a story is filed under: when the incident started, else ended.
    pub fn incident_date(&self) -> Option<DateTime<Utc>> {
        self.start_time
            .or(self.detected_time)
            .or(self.resolved_time)
            .or(self.end_time)
    }

    /// Brings content into its stored shape: trimmed text, tags normalised and
    /// de-duplicated, empty optionals as `None`. Fails if the title is empty.
    pub fn normalize(mut self) -> Result<Self> {
        self.title = collapse_whitespace(&self.title);
        if self.title.is_empty() {
            return Err(Error::field("title", "a story needs a title"));
        }
        self.summary = self.summary.trim().to_string();
        self.body = self.body.trim().to_string();
        self.tags = crate::tag::normalize_tags(self.tags.iter().map(String::as_str));
        for opt in [&mut self.company, &mut self.product, &mut self.source_url] {
            *opt = opt
                .take()
                .map(|s| collapse_whitespace(&s))
                .filter(|s| !s.is_empty());
        }
        let parts = &mut self.parts;
        for list in [
            &mut parts.went_well,
            &mut parts.went_wrong,
            &mut parts.got_lucky,
            &mut parts.surprises,
            &mut parts.contributing_factors,
            &mut parts.lessons,
        ] {
            list.iter_mut().for_each(|s| *s = s.trim().to_string());
            list.retain(|s| !s.is_empty());
        }
        parts
            .timeline
            .iter_mut()
            .for_each(|e| e.text = e.text.trim().to_string());
        parts.timeline.retain(|e| !e.text.is_empty());
        for item in &mut parts.action_items {
            item.text = item.text.trim().to_string();
            item.owner = item
                .owner
                .take()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
        }
        parts.action_items.retain(|a| !a.text.is_empty());
        self.changes = crate::brief::tripwire::normalize_changes(&self.changes)?;
        self.tripwires = crate::brief::tripwire::normalize_tripwires(&self.tripwires)?;
        if self.anonymised {
            // Unknown keys were never reviewed by the anonymiser and may
            // name people; an anonymised story carries none.
            self.extra.clear();
        }
        for (field, time) in [
            ("start_time", self.start_time),
            ("detected_time", self.detected_time),
            ("resolved_time", self.resolved_time),
            ("end_time", self.end_time),
        ] {
            if let Some(t) = time.filter(|t| !(1..=9999).contains(&t.year())) {
                return Err(Error::field(
                    field,
                    format!("year {} is out of range", t.year()),
                ));
            }
        }
        Ok(self)
    }
}

/// A stored story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Story {
    /// Stable identity (the front matter's `uuid` when imported).
    #[ts(type = "string")]
    pub id: Uuid,
    /// Starts at 1; every change adds one and keeps the previous as history.
    pub revision: u32,
    /// First stored.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Last changed.
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// Set while the story is in the trash.
    #[ts(type = "string | null")]
    pub deleted_at: Option<DateTime<Utc>>,
    /// What was written.
    #[serde(flatten)]
    pub content: StoryContent,
}

/// A line in a list of stories (trash, related stories, history views).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StorySummary {
    /// Story id.
    #[ts(type = "string")]
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Summary (may be empty).
    pub summary: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Company.
    pub company: Option<String>,
    /// Severity.
    pub severity: Option<Severity>,
    /// Incident date.
    #[ts(type = "string | null")]
    pub date: Option<DateTime<Utc>>,
    /// When it was moved to the trash, if it is there.
    #[ts(type = "string | null")]
    pub deleted_at: Option<DateTime<Utc>>,
}

impl From<&Story> for StorySummary {
    fn from(story: &Story) -> Self {
        StorySummary {
            id: story.id,
            title: story.content.title.clone(),
            summary: story.content.summary.clone(),
            tags: story.content.tags.clone(),
            company: story.content.company.clone(),
            severity: story.content.severity,
            date: story.content.incident_date(),
            deleted_at: story.deleted_at,
        }
    }
}

/// Reads a point in time as people write it: RFC 3339, `YYYY-MM-DD HH:MM[:SS]`
/// or `YYYY-MM-DDTHH:MM` (UTC, optional ` UTC` suffix), or a bare date (midnight UTC).
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let bare = s.trim_end_matches("UTC").trim_end_matches('Z').trim();
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(bare, f).ok())
    .map(|t| t.and_utc())
    .or_else(|| {
        NaiveDate::parse_from_str(bare, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
    })
}

/// Runs of whitespace (line breaks included) as one space, ends trimmed.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_accepts_common_spellings() {
        for s in ["SEV1", "sev-1", "Sev 1", "P1", "1", "S1"] {
            assert_eq!(s.parse::<Severity>().ok(), Some(Severity::Sev1), "{s}");
        }
        assert!("SEV9".parse::<Severity>().is_err());
        assert!("critical".parse::<Severity>().is_err());
    }

    #[test]
    fn parts_stored_before_surprises_existed_still_load() {
        let stored = r#"{"timeline":[],"went_well":[],"went_wrong":["Duplicate invoices"],"got_lucky":[],"contributing_factors":[],"lessons":[],"action_items":[{"text":"Move cron to UTC","owner":null,"status":"open","due":"2021-12-01"}]}"#;
        let parts: StoryParts = serde_json::from_str(stored).unwrap();
        assert!(parts.surprises.is_empty());
        assert_eq!(parts.went_wrong, vec!["Duplicate invoices"]);
    }

    #[test]
    fn normalize_rejects_empty_title_and_trims() {
        let err = StoryContent::default().normalize().unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidField);
        let content = StoryContent {
            title: "  A   title ".into(),
            company: Some("  ".into()),
            tags: vec!["Migrations".into(), "migration".into()],
            ..Default::default()
        }
        .normalize()
        .unwrap();
        assert_eq!(content.title, "A title");
        assert_eq!(content.company, None);
        assert_eq!(content.tags, vec!["migrations".to_string()]);
    }
}
