//! Follow-through: what became of the action items stories promised, and
//! repeat incidents — a newer story that shares a contributing factor with
//! an older one whose action items were still open when it happened.
//!
//! An item is overdue when it is open and its due date is before the
//! library clock's today. Owner roles are compared without case and outer
//! space; items without an owner are counted under "no owner".
//!
//! Repeat incidents use the contributing-factor themes of
//! [`super::themes`]: within a theme, walking its dated stories oldest
//! first, a story repeats the nearest earlier one that had an action item
//! open on the day it happened. An item was open then when it is still
//! open, or when it was done on a later day (`closed` after the newer
//! incident's date; done the same day counts as done before). A done item
//! without a close date is counted as closed: the day is unknown, and
//! calling it open would make every old story look unfinished. Taking only
//! the nearest keeps this about linear in the size of a theme (a theme
//! shared by a thousand stories yields at most a thousand repeats, not
//! half a million pairs): the earlier stories still open are kept on a
//! stack, nearest on top, each with the day its last item closed, and one
//! that closed before an incident is closed for every later one too.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::recurring::{Grouped, NoteKind};
use super::themes::{central, label};
use super::{quarter, InsightRow};
use crate::story::ActionStatus;

/// Action items by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionCounts {
    /// Not done (overdue ones included).
    pub open: usize,
    /// Done.
    pub done: usize,
    /// Open and past due.
    pub overdue: usize,
}

/// Action counts for one tag or owner role.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionGroup {
    /// The tag or role (`no owner` for items without one).
    pub key: String,
    /// Its counts.
    pub counts: ActionCounts,
    /// Stories with items in it (at most [`super::MAX_STORIES`], by id).
    #[ts(type = "string[]")]
    pub stories: Vec<Uuid>,
}

/// Action counts of the stories of one quarter.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QuarterActions {
    /// `2024Q1`.
    pub quarter: String,
    /// Counts.
    pub counts: ActionCounts,
}

/// A newer story that shares a contributing factor with an older one whose
/// action items were still open when it happened.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Repeat {
    /// The newer story.
    #[ts(type = "string")]
    pub story_id: Uuid,
    /// The older one.
    #[ts(type = "string")]
    pub earlier_story_id: Uuid,
    /// Action items of the older story still open on the newer one's date
    /// (open today, or done on a later day).
    pub open_actions: usize,
    /// The contributing factor they share (the theme's wording).
    pub factor: String,
}

/// What [`follow_through`] finds.
#[derive(Debug, Clone, Default)]
pub struct FollowThrough {
    /// Totals.
    pub counts: ActionCounts,
    /// By story tag, most open first.
    pub by_tag: Vec<ActionGroup>,
    /// By owner role, most open first.
    pub by_owner: Vec<ActionGroup>,
    /// By incident quarter, oldest first.
    pub by_quarter: Vec<QuarterActions>,
    /// Stories whose items are all open, newest first.
    pub all_open: Vec<Uuid>,
}

const NO_OWNER: &str = "no owner";

/// Counts the action items of `rows` on `today`.
pub fn follow_through(rows: &[InsightRow], today: NaiveDate) -> FollowThrough {
    let mut out = FollowThrough::default();
    let mut by_tag: BTreeMap<String, (ActionCounts, BTreeSet<Uuid>)> = BTreeMap::new();
    let mut by_owner: BTreeMap<String, (ActionCounts, BTreeSet<Uuid>)> = BTreeMap::new();
    let mut by_quarter: BTreeMap<String, ActionCounts> = BTreeMap::new();
    for row in rows {
        let items = &row.parts.action_items;
        if items.is_empty() {
            continue;
        }
        let mut story = ActionCounts::default();
        for item in items {
            let mut one = ActionCounts::default();
            match item.status {
                ActionStatus::Done => one.done = 1,
                ActionStatus::Open => {
                    one.open = 1;
                    one.overdue = usize::from(item.due.is_some_and(|d| d < today));
                }
            }
            add(&mut story, one);
            let owner = item
                .owner
                .as_deref()
                .map(|o| o.trim().to_lowercase())
                .filter(|o| !o.is_empty())
                .unwrap_or_else(|| NO_OWNER.into());
            let entry = by_owner.entry(owner).or_default();
            add(&mut entry.0, one);
            entry.1.insert(row.id);
        }
        add(&mut out.counts, story);
        for tag in &row.tags {
            let entry = by_tag.entry(tag.clone()).or_default();
            add(&mut entry.0, story);
            entry.1.insert(row.id);
        }
        if let Some(date) = row.date {
            add(by_quarter.entry(quarter(date)).or_default(), story);
        }
        if story.done == 0 {
            out.all_open.push(row.id);
        }
    }
    out.all_open.reverse();
    out.by_tag = ranked(by_tag);
    out.by_owner = ranked(by_owner);
    out.by_quarter = by_quarter
        .into_iter()
        .map(|(quarter, counts)| QuarterActions { quarter, counts })
        .collect();
    out
}

fn add(to: &mut ActionCounts, more: ActionCounts) {
    to.open += more.open;
    to.done += more.done;
    to.overdue += more.overdue;
}

fn ranked(groups: BTreeMap<String, (ActionCounts, BTreeSet<Uuid>)>) -> Vec<ActionGroup> {
    let mut out: Vec<ActionGroup> = groups
        .into_iter()
        .map(|(key, (counts, stories))| ActionGroup {
            key,
            counts,
            stories: stories.into_iter().take(super::MAX_STORIES).collect(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.counts
            .open
            .cmp(&a.counts.open)
            .then(b.counts.overdue.cmp(&a.counts.overdue))
            .then(a.key.cmp(&b.key))
    });
    out
}

/// Repeat incidents among `rows` (oldest first), newest first.
pub fn repeats(rows: &[InsightRow]) -> Vec<Repeat> {
    repeats_of(rows, &Grouped::of(rows, NoteKind::Factor))
}

/// [`repeats`] from the contributing factors already grouped.
pub fn repeats_of(rows: &[InsightRow], factors: &Grouped<'_>) -> Vec<Repeat> {
    let notes = &factors.notes;
    // Newer story index → (older story index, its items open then, factor):
    // the nearest older one.
    let mut found: BTreeMap<usize, (usize, usize, String)> = BTreeMap::new();
    for grp in &factors.groups {
        // Row order is date order, so these are oldest first.
        let stories: Vec<usize> = grp
            .notes
            .iter()
            .map(|&i| notes[i].story)
            .collect::<BTreeSet<usize>>()
            .into_iter()
            .filter(|&s| rows[s].date.is_some())
            .collect();
        if stories.len() < 2 {
            continue;
        }
        let factor = label(notes[central(notes, grp)].text);
        // Earlier stories with an item open until a day, nearest on top;
        // the days shrink towards the top (a nearer story open as long
        // hides an older one).
        let mut open: Vec<(usize, NaiveDate)> = Vec::new();
        // Stories of the same instant do not repeat one another.
        for same in stories.chunk_by(|&a, &b| rows[a].date == rows[b].date) {
            let Some(day) = rows[same[0]].date.map(|d| d.date_naive()) else {
                continue;
            };
            while open.last().is_some_and(|&(_, until)| until <= day) {
                open.pop();
            }
            if let Some(&(earlier, _)) = open.last() {
                for &s in same {
                    if found.get(&s).is_none_or(|(e, _, _)| earlier > *e) {
                        let still_open = open_on(rows, earlier, day);
                        found.insert(s, (earlier, still_open, factor.clone()));
                    }
                }
            }
            for &s in same {
                if let Some(until) = open_until(rows, s) {
                    while open.last().is_some_and(|&(_, u)| u <= until) {
                        open.pop();
                    }
                    open.push((s, until));
                }
            }
        }
    }
    let mut out: Vec<Repeat> = found
        .into_iter()
        .map(|(s, (e, open_actions, factor))| Repeat {
            story_id: rows[s].id,
            earlier_story_id: rows[e].id,
            open_actions,
            factor,
        })
        .collect();
    out.reverse();
    out
}

/// The last day story `s` had an action item open (`NaiveDate::MAX` while
/// one still is); `None` when none was ever open as far as anyone wrote.
fn open_until(rows: &[InsightRow], s: usize) -> Option<NaiveDate> {
    rows[s]
        .parts
        .action_items
        .iter()
        .filter_map(|a| match a.status {
            ActionStatus::Open => Some(NaiveDate::MAX),
            ActionStatus::Done => a.closed,
        })
        .max()
}

/// How many action items of story `s` were open on `day`: still open, or
/// done on a later day.
fn open_on(rows: &[InsightRow], s: usize, day: NaiveDate) -> usize {
    rows[s]
        .parts
        .action_items
        .iter()
        .filter(|a| match a.status {
            ActionStatus::Open => true,
            ActionStatus::Done => a.closed.is_some_and(|c| c > day),
        })
        .count()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::story::ActionItem;

    fn item(status: ActionStatus, owner: Option<&str>, due: Option<NaiveDate>) -> ActionItem {
        ActionItem {
            text: "do it".into(),
            owner: owner.map(str::to_string),
            status,
            due,
            closed: None,
        }
    }

    fn row(month: u32, factors: &[&str], items: Vec<ActionItem>) -> InsightRow {
        let mut row = super::super::test_row("t");
        row.date = Some(Utc.with_ymd_and_hms(2024, month, 1, 0, 0, 0).unwrap());
        row.tags = vec!["deploys".into()];
        row.parts.contributing_factors = factors.iter().map(|s| s.to_string()).collect();
        row.parts.action_items = items;
        row
    }

    #[test]
    fn counts_open_done_and_overdue_on_the_clock_s_today() {
        let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        let past = NaiveDate::from_ymd_opt(2024, 5, 1);
        let later = NaiveDate::from_ymd_opt(2024, 7, 1);
        let rows = vec![
            row(
                1,
                &[],
                vec![
                    item(ActionStatus::Open, Some("DBA"), past),
                    item(ActionStatus::Done, Some("dba "), None),
                ],
            ),
            row(2, &[], vec![item(ActionStatus::Open, None, later)]),
        ];
        let f = follow_through(&rows, today);
        assert_eq!(
            f.counts,
            ActionCounts {
                open: 2,
                done: 1,
                overdue: 1
            }
        );
        assert_eq!(f.by_owner[0].key, "dba");
        assert_eq!(f.by_owner[0].counts.done, 1);
        assert_eq!(f.by_tag[0].counts.open, 2);
        assert_eq!(f.all_open, vec![rows[1].id]);
        assert_eq!(f.by_quarter.len(), 1);
    }

    #[test]
    fn a_newer_story_sharing_a_factor_with_open_actions_is_a_repeat() {
        let factor = "The migration runner had no lock timeout";
        let rows = vec![
            row(1, &[factor], vec![item(ActionStatus::Open, None, None)]),
            row(
                2,
                &["Lock timeout missing from the migration runner"],
                vec![],
            ),
            row(3, &["Certificates expired unnoticed"], vec![]),
        ];
        let r = repeats(&rows);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].story_id, rows[1].id);
        assert_eq!(r[0].earlier_story_id, rows[0].id);
        assert_eq!(r[0].open_actions, 1);
    }

    /// An item done on `month`/`day` of 2024 (`None`: on a day nobody wrote down).
    fn done(on: Option<(u32, u32)>) -> ActionItem {
        ActionItem {
            closed: on.and_then(|(m, d)| NaiveDate::from_ymd_opt(2024, m, d)),
            ..item(ActionStatus::Done, None, None)
        }
    }

    const FACTOR: &str = "The migration runner had no lock timeout";
    const AGAIN: &str = "Lock timeout missing from the migration runner";

    #[test]
    fn an_action_closed_before_the_newer_incident_is_no_repeat() {
        let rows = vec![
            row(1, &[FACTOR], vec![done(Some((1, 20)))]),
            row(3, &[AGAIN], vec![]),
        ];
        assert!(repeats(&rows).is_empty());
        // Done on the very day of the newer incident counts as done before it.
        let rows = vec![
            row(1, &[FACTOR], vec![done(Some((3, 1)))]),
            row(3, &[AGAIN], vec![]),
        ];
        assert!(repeats(&rows).is_empty());
    }

    #[test]
    fn an_action_closed_after_the_newer_incident_makes_a_repeat() {
        let rows = vec![
            row(
                1,
                &[FACTOR],
                vec![done(Some((4, 2))), done(Some((2, 1))), done(None)],
            ),
            row(3, &[AGAIN], vec![]),
        ];
        let r = repeats(&rows);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].story_id, rows[1].id);
        assert_eq!(r[0].earlier_story_id, rows[0].id);
        assert_eq!(r[0].open_actions, 1, "only the item still open in March");
    }

    #[test]
    fn a_done_action_without_a_close_date_counts_as_closed() {
        let rows = vec![
            row(1, &[FACTOR], vec![done(None)]),
            row(3, &[AGAIN], vec![]),
        ];
        assert!(repeats(&rows).is_empty());
    }

    #[test]
    fn a_story_repeats_the_nearest_earlier_one_still_open_then() {
        let rows = vec![
            // Open for good.
            row(1, &[FACTOR], vec![item(ActionStatus::Open, None, None)]),
            // Open until mid-April.
            row(2, &[FACTOR], vec![done(Some((4, 15)))]),
            // Closed within its month.
            row(3, &[FACTOR], vec![done(Some((3, 20)))]),
            row(4, &[AGAIN], vec![]),
            row(5, &[AGAIN], vec![]),
        ];
        let r = repeats(&rows);
        let earlier = |newer: usize| {
            r.iter()
                .find(|x| x.story_id == rows[newer].id)
                .map(|x| x.earlier_story_id)
        };
        assert_eq!(earlier(1), Some(rows[0].id));
        assert_eq!(earlier(2), Some(rows[1].id));
        assert_eq!(
            earlier(3),
            Some(rows[1].id),
            "April 1: March's is closed, February's still open"
        );
        assert_eq!(
            earlier(4),
            Some(rows[0].id),
            "May 1: only January's is open"
        );
        assert_eq!(r.len(), 4);
    }
}
