//! Recurring themes: contributing factors, lessons and action items that
//! come back across stories.
//!
//! Each kind is grouped on its own ([`super::themes`]): a factor and the
//! action that answers it are different things to count. A theme recurs
//! when notes from at least two stories share it; its count is the number
//! of stories, its weight the number of notes (an idea written down again
//! gains weight each time), and it carries the tags most of its stories
//! share, so "retries without jitter" can be read next to `retries`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::terms::terms;
use super::themes::{central, group, label, Group, Note, THEME};
use super::InsightRow;

/// Which part of a story a note comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NoteKind {
    /// A contributing factor.
    Factor,
    /// A lesson.
    Lesson,
    /// An action item (a remediation idea).
    Action,
    /// A "where we got lucky" note.
    Lucky,
    /// A "what went wrong" note.
    WentWrong,
    /// A "what surprised us" note.
    Surprise,
}

impl NoteKind {
    /// How people read it.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Factor => "contributing factor",
            NoteKind::Lesson => "lesson",
            NoteKind::Action => "action item",
            NoteKind::Lucky => "got lucky",
            NoteKind::WentWrong => "went wrong",
            NoteKind::Surprise => "surprised us",
        }
    }

    /// The notes of this kind in `row`.
    pub fn notes(self, row: &InsightRow) -> Vec<&str> {
        let p = &row.parts;
        match self {
            NoteKind::Factor => p.contributing_factors.iter().map(String::as_str).collect(),
            NoteKind::Lesson => p.lessons.iter().map(String::as_str).collect(),
            NoteKind::Action => p.action_items.iter().map(|a| a.text.as_str()).collect(),
            NoteKind::Lucky => p.got_lucky.iter().map(String::as_str).collect(),
            NoteKind::WentWrong => p.went_wrong.iter().map(String::as_str).collect(),
            NoteKind::Surprise => p.surprises.iter().map(String::as_str).collect(),
        }
    }
}

/// A theme that recurs across stories.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecurringTheme {
    /// Its name: the wording of its most central note.
    pub theme: String,
    /// Factor, lesson or action item.
    pub kind: NoteKind,
    /// Stories it appears in.
    pub count: usize,
    /// Notes it gathers (at least `count`).
    pub weight: usize,
    /// Those stories, oldest first (the most recent [`super::MAX_STORIES`]).
    #[ts(type = "string[]")]
    pub stories: Vec<Uuid>,
    /// Earliest incident date among them.
    #[ts(type = "string | null")]
    pub first_seen: Option<DateTime<Utc>>,
    /// Latest incident date among them.
    #[ts(type = "string | null")]
    pub last_seen: Option<DateTime<Utc>>,
    /// Tags carried by at least half of its stories (and two or more), most common first.
    pub tags: Vec<String>,
    /// A few of its notes as written, for seeing what it gathers.
    pub examples: Vec<String>,
}

/// The kinds grouped into recurring themes.
pub const RECURRING_KINDS: [NoteKind; 3] = [NoteKind::Factor, NoteKind::Lesson, NoteKind::Action];

/// Notes of `kind` across `rows`, oldest story first.
pub fn notes_of(rows: &[InsightRow], kind: NoteKind) -> Vec<Note<'_>> {
    rows.iter()
        .enumerate()
        .flat_map(|(story, row)| {
            kind.notes(row).into_iter().map(move |text| Note {
                story,
                text,
                terms: terms(text),
            })
        })
        .collect()
}

/// Notes of one kind and the themes they form. Grouping is the costly
/// step of the insights, so it runs once per kind: the recurring themes
/// read every kind, and repeat incidents the contributing factors.
pub struct Grouped<'a> {
    /// What was grouped.
    pub kind: NoteKind,
    /// The notes, oldest story first.
    pub notes: Vec<Note<'a>>,
    /// Their themes.
    pub groups: Vec<Group>,
}

impl<'a> Grouped<'a> {
    /// The notes of `kind` across `rows`, grouped by [`THEME`].
    pub fn of(rows: &'a [InsightRow], kind: NoteKind) -> Grouped<'a> {
        let notes = notes_of(rows, kind);
        let groups = group(&notes, THEME);
        Grouped {
            kind,
            notes,
            groups,
        }
    }

    /// Every kind in [`RECURRING_KINDS`], grouped.
    pub fn recurring(rows: &'a [InsightRow]) -> Vec<Grouped<'a>> {
        RECURRING_KINDS
            .iter()
            .map(|&kind| Grouped::of(rows, kind))
            .collect()
    }
}

/// Themes recurring in at least two stories, most stories first, then
/// heaviest, then most recently seen.
pub fn themes(rows: &[InsightRow]) -> Vec<RecurringTheme> {
    themes_of(rows, &Grouped::recurring(rows))
}

/// [`themes`] from notes already grouped.
pub fn themes_of(rows: &[InsightRow], grouped: &[Grouped<'_>]) -> Vec<RecurringTheme> {
    let mut out = Vec::new();
    for Grouped {
        kind,
        notes,
        groups,
    } in grouped
    {
        let (kind, notes) = (*kind, notes.as_slice());
        for grp in groups {
            let stories: BTreeSet<usize> = grp.notes.iter().map(|&i| notes[i].story).collect();
            if stories.len() < 2 {
                continue;
            }
            let dates = stories.iter().filter_map(|&s| rows[s].date);
            let mut examples: Vec<String> = Vec::new();
            for &i in &grp.notes {
                if examples.len() < 3 && !examples.iter().any(|e| e == notes[i].text) {
                    examples.push(notes[i].text.to_string());
                }
            }
            out.push(RecurringTheme {
                theme: label(notes[central(notes, grp)].text),
                kind,
                count: stories.len(),
                weight: grp.notes.len(),
                stories: super::recent(stories.iter().map(|&s| rows[s].id).collect()),
                first_seen: dates.clone().min(),
                last_seen: dates.max(),
                tags: shared_tags(rows, &stories),
                examples,
            });
        }
    }
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.weight.cmp(&a.weight))
            .then(b.last_seen.cmp(&a.last_seen))
            .then(a.theme.cmp(&b.theme))
    });
    out
}

/// Tags on at least half of `stories` and on two or more (at most three),
/// most common first.
fn shared_tags(rows: &[InsightRow], stories: &BTreeSet<usize>) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &s in stories {
        for tag in &rows[s].tags {
            *counts.entry(tag.as_str()).or_default() += 1;
        }
    }
    let mut tags: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|&(_, n)| n >= 2 && n * 2 >= stories.len())
        .collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    tags.into_iter()
        .take(3)
        .map(|(t, _)| t.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(tags: &[&str], factors: &[&str]) -> InsightRow {
        let mut row = super::super::test_row("t");
        row.tags = tags.iter().map(|s| s.to_string()).collect();
        row.parts.contributing_factors = factors.iter().map(|s| s.to_string()).collect();
        row
    }

    #[test]
    fn a_factor_in_two_stories_recurs_and_one_in_a_single_story_does_not() {
        let rows = vec![
            row(
                &["retries"],
                &["Clients retried without jitter", "Logs were noisy"],
            ),
            row(&["retries", "cache"], &["Retries had no jitter or backoff"]),
            row(&["dns"], &["A TTL of a day was left on the record"]),
        ];
        let themes = themes(&rows);
        assert_eq!(themes.len(), 1);
        assert_eq!(themes[0].count, 2);
        assert_eq!(themes[0].kind, NoteKind::Factor);
        assert_eq!(themes[0].tags, vec!["retries".to_string()]);
        assert_eq!(themes[0].stories, vec![rows[0].id, rows[1].id]);
    }
}
