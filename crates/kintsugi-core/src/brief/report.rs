//! The briefing: what `kintsugi brief --json` prints and what the app
//! shows. Field names are a contract scripts rely on (`docs/brief.md`):
//! fields may be added, never removed or renamed.
//!
//! ```text
//! {"signals":[{"tag","rule","file","line","text","why"}],
//!  "stories":[{"id","title","score","why":[…],"lessons":[…],"lucky":[…],"factors":[…],
//!              "open_actions":[{"text","owner","due","overlaps"}],"date","severity","seen_before"}],
//!  "tripwires":[{"story_id","story_title","rule","file","line","message"}],
//!  "entities":{…},"change":{"files","added","removed"},"notes":[…]}
//! ```

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::entities::Entities;
use crate::story::Severity;

/// One thing a detector found in the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "BriefSignal")]
pub struct Signal {
    /// Tag in the library's vocabulary (`migrations`, `cron`, …).
    pub tag: String,
    /// The rule that fired (see `docs/brief.md`).
    pub rule: String,
    /// Changed file.
    pub file: String,
    /// New-file line number (0: the file as a whole, e.g. a deleted file).
    pub line: u32,
    /// The text that triggered it.
    pub text: String,
    /// Why it matters, in one line.
    pub why: String,
}

/// An open action item of a matched story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "BriefOpenAction")]
pub struct OpenAction {
    /// What is to be done.
    pub text: String,
    /// The role that owns it.
    pub owner: Option<String>,
    /// When it is due.
    #[ts(type = "string | null")]
    pub due: Option<NaiveDate>,
    /// It shares words with this change (listed first).
    pub overlaps: bool,
}

/// A past story that applies to the change.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export, rename = "BriefStory")]
pub struct BriefStory {
    /// Story id.
    #[ts(type = "string")]
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// How much of the change it shares (higher is more; not a probability).
    pub score: f32,
    /// What matched, one reason per entry.
    pub why: Vec<String>,
    /// Its lessons.
    pub lessons: Vec<String>,
    /// Where they got lucky (near misses).
    pub lucky: Vec<String>,
    /// Contributing factors.
    pub factors: Vec<String>,
    /// Open action items, those overlapping the change first.
    pub open_actions: Vec<OpenAction>,
    /// Incident date.
    #[ts(type = "string | null")]
    pub date: Option<DateTime<Utc>>,
    /// Severity.
    pub severity: Option<Severity>,
    /// The change touches what this incident touched (its `changes:`).
    pub seen_before: bool,
}

/// A story's tripwire that fired on the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "BriefTripwire")]
pub struct TripwireHit {
    /// The story that wrote it.
    #[ts(type = "string")]
    pub story_id: Uuid,
    /// Its title.
    pub story_title: String,
    /// The tripwire's name.
    pub rule: String,
    /// Changed file.
    pub file: String,
    /// New-file line (0: the file as a whole).
    pub line: u32,
    /// What its authors want checked.
    pub message: String,
}

/// How big the change is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "BriefChange")]
pub struct ChangeSize {
    /// Files changed.
    pub files: usize,
    /// Lines added.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
}

/// Everything a briefing says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Briefing {
    /// What the detectors found, in file order.
    pub signals: Vec<Signal>,
    /// Past stories that apply, best first.
    pub stories: Vec<BriefStory>,
    /// Tripwires that fired, with the story that wrote each.
    pub tripwires: Vec<TripwireHit>,
    /// Names the change is about.
    pub entities: Entities,
    /// Size of the change.
    pub change: ChangeSize,
    /// Things the reader should know (skipped parts, truncated lines).
    pub notes: Vec<String>,
}

/// A briefing with the change it briefed, for screens that show both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BriefedChange {
    /// The unified diff that was briefed (invalid UTF-8 replaced), empty
    /// when only free text was briefed.
    pub diff: String,
    /// What the briefing says about it.
    pub briefing: Briefing,
}

impl Briefing {
    /// True when any tripwire fired (`--strict` exits non-zero then).
    pub fn tripped(&self) -> bool {
        !self.tripwires.is_empty()
    }
}
