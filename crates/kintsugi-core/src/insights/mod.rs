//! What the library teaches: the luck register, recurring themes,
//! follow-through on action items, repeat incidents, the retros' learning
//! pulse and incidents over time (`docs/insights.md`).
//!
//! One job per file: [`terms`] (a note's content words and how alike two
//! notes are), [`themes`] (grouping notes by term overlap), [`luck`] (the
//! register of lucky notes and surprises, and whether a new note repeats
//! old luck), [`recurring`] (contributing factors, lessons and action items
//! that recur across stories), [`follow`] (action items open, done and
//! overdue, and repeat incidents), [`trends`] (per quarter: incidents by
//! tag, time to detect and resolve, the learning pulse) and [`seen`]
//! (earlier stories sharing a note being written) and [`report`] (the
//! self-contained HTML report).
//!
//! Invariants:
//! - Everything is computed from [`InsightRow`]s — id, title, tags, times
//!   and the structured parts — never from summaries or bodies, in one pass
//!   over the rows plus passes over their notes, each about linear in size
//!   (the grouping looks candidates up through an inverted list of terms).
//!   The library caches the result by change sequence number, retro state,
//!   day and [`FORMAT`], in memory and in the library folder, so the screen
//!   and the CLI pay for it once per change.
//! - The result depends only on the rows, the retros and `today`: rows are
//!   walked oldest first and ties are broken by id, never by hash order.
//! - "Overdue" is judged against the library clock's `today`.

pub mod follow;
pub mod luck;
pub mod recurring;
pub mod report;
pub mod seen;
pub mod terms;
pub mod themes;
pub mod trends;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::retro::RetroCheck;
pub use crate::store::InsightRow;

pub use follow::{ActionCounts, ActionGroup, QuarterActions, Repeat};
pub use luck::{LuckKind, LuckyEntry};
pub use recurring::{NoteKind, RecurringTheme};
pub use seen::SeenBefore;
pub use trends::{PulsePoint, QuarterCount, QuarterTimes};

/// The analysis's format: bump it whenever [`compute`] changes what it
/// finds, so that insights cached by an earlier version are not reused.
pub const FORMAT: u32 = 3;

/// Most entries a list in [`Insights`] carries; `totals` says how many there were.
pub const MAX_LISTED: usize = 500;
/// Most story ids one theme or action group lists (its most recent ones);
/// its `count` still says how many stories it has. Keeps the answer small
/// on a library of 100,000 stories, where a theme can span thousands.
pub const MAX_STORIES: usize = 200;

/// The last [`MAX_STORIES`] of `ids` (oldest first, so the most recent).
pub(crate) fn recent(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    if ids.len() > MAX_STORIES {
        ids.drain(..ids.len() - MAX_STORIES);
    }
    ids
}

/// A story an insight points to, so a front end can name and link it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InsightStory {
    /// Story id.
    #[ts(type = "string")]
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Incident date.
    #[ts(type = "string | null")]
    pub date: Option<DateTime<Utc>>,
}

/// How many entries each list had before it was cut to [`MAX_LISTED`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InsightTotals {
    /// Live stories looked at.
    pub stories: usize,
    /// Lucky notes and surprises (the luck register).
    pub lucky: usize,
    /// Of those, surprises.
    pub surprises: usize,
    /// Recurring themes.
    pub recurring: usize,
    /// Repeat incidents.
    pub repeats: usize,
    /// Stories whose action items are all still open.
    pub all_open: usize,
}

/// Everything the Insights screen and `kintsugi insights` show.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Insights {
    /// Every lucky note and surprise, by theme (largest first), with its theme and kind.
    pub lucky: Vec<LuckyEntry>,
    /// Themes recurring across at least two stories, heaviest first.
    pub recurring: Vec<RecurringTheme>,
    /// Action items open, done and overdue.
    pub actions: ActionCounts,
    /// The same by story tag (most open first).
    pub actions_by_tag: Vec<ActionGroup>,
    /// The same by owner role (most open first).
    pub actions_by_owner: Vec<ActionGroup>,
    /// The same by the quarter of the story's incident.
    pub actions_by_quarter: Vec<QuarterActions>,
    /// Stories with action items, all of them still open (newest first).
    #[ts(type = "string[]")]
    pub all_open: Vec<Uuid>,
    /// Newer stories like an older one whose action items were still open
    /// when they happened.
    pub repeats: Vec<Repeat>,
    /// Incidents per tag per quarter.
    pub by_quarter: Vec<QuarterCount>,
    /// Time to detect and to resolve, per quarter, where known.
    pub times: Vec<QuarterTimes>,
    /// The retros' two-question check, per quarter.
    pub pulse: Vec<PulsePoint>,
    /// Every story the lists above point to.
    pub stories: Vec<InsightStory>,
    /// List sizes before cutting.
    pub totals: InsightTotals,
    /// The day "overdue" was judged on.
    #[ts(type = "string")]
    pub today: NaiveDate,
}

/// A retro's check and when it was held, for the learning pulse.
#[derive(Debug, Clone, Copy)]
pub struct RetroPulse {
    /// When the retro was first saved.
    pub at: DateTime<Utc>,
    /// Its answers.
    pub check: RetroCheck,
}

/// Computes the insights of `rows` (oldest first, as the store returns
/// them) and `retros` on `today`.
pub fn compute(rows: &[InsightRow], retros: &[RetroPulse], today: NaiveDate) -> Insights {
    let lucky = luck::register(rows);
    let grouped = recurring::Grouped::recurring(rows);
    let recurring = recurring::themes_of(rows, &grouped);
    let follow = follow::follow_through(rows, today);
    let repeats = grouped
        .iter()
        .find(|g| g.kind == recurring::NoteKind::Factor)
        .map_or_else(|| follow::repeats(rows), |f| follow::repeats_of(rows, f));
    let totals = InsightTotals {
        stories: rows.len(),
        lucky: lucky.len(),
        surprises: lucky
            .iter()
            .filter(|l| l.kind == LuckKind::Surprise)
            .count(),
        recurring: recurring.len(),
        repeats: repeats.len(),
        all_open: follow.all_open.len(),
    };
    let mut out = Insights {
        lucky: cut(lucky),
        recurring: cut(recurring),
        actions: follow.counts,
        actions_by_tag: follow.by_tag,
        actions_by_owner: follow.by_owner,
        actions_by_quarter: follow.by_quarter,
        all_open: cut(follow.all_open),
        repeats: cut(repeats),
        by_quarter: trends::by_quarter(rows),
        times: trends::times(rows),
        pulse: trends::pulse(retros),
        stories: Vec::new(),
        totals,
        today,
    };
    out.stories = referenced(&out, rows);
    out
}

fn cut<T>(mut list: Vec<T>) -> Vec<T> {
    list.truncate(MAX_LISTED);
    list
}

/// The stories the lists point to, by id.
fn referenced(insights: &Insights, rows: &[InsightRow]) -> Vec<InsightStory> {
    let mut ids: BTreeSet<Uuid> = BTreeSet::new();
    ids.extend(insights.lucky.iter().map(|l| l.story_id));
    ids.extend(
        insights
            .recurring
            .iter()
            .flat_map(|r| r.stories.iter().copied()),
    );
    ids.extend(insights.all_open.iter().copied());
    ids.extend(
        insights
            .repeats
            .iter()
            .flat_map(|r| [r.story_id, r.earlier_story_id]),
    );
    let by_id: BTreeMap<Uuid, &InsightRow> = rows
        .iter()
        .filter(|r| ids.contains(&r.id))
        .map(|r| (r.id, r))
        .collect();
    by_id
        .values()
        .map(|r| InsightStory {
            id: r.id,
            title: r.title.clone(),
            date: r.date,
        })
        .collect()
}

/// `2024Q1` for a time in January to March 2024.
pub fn quarter(t: DateTime<Utc>) -> String {
    format!("{}Q{}", t.year(), (t.month() - 1) / 3 + 1)
}

/// A dated row without parts, for unit tests.
#[cfg(test)]
pub(crate) fn test_row(title: &str) -> InsightRow {
    InsightRow {
        id: Uuid::new_v4(),
        title: title.into(),
        tags: vec![],
        date: None,
        start: None,
        detected: None,
        resolved: None,
        parts: Default::default(),
    }
}
