//! The luck register: every "where we got lucky" note and every "what
//! surprised us" note in the library, grouped into themes, each linked to
//! its story; and whether a new note repeats old luck ("we got lucky here
//! before").
//!
//! Luck that repeats is a warning: the same safety margin that held by
//! chance will not hold forever; a surprise that repeats says the picture
//! people have of the system is still wrong. Themes come from
//! [`super::themes`], so "the incident started after the peak" and
//! "traffic was past its daily peak" are one theme. Lucky notes and
//! surprises are grouped each on their own, the way recurring factors and
//! lessons are: a theme holds one kind, and every entry says its kind.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::recurring::{notes_of, NoteKind};
use super::terms::{similarity, terms};
use super::themes::{central, group, label, THEME};
use super::InsightRow;

/// Which part of a story a register entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LuckKind {
    /// A "where we got lucky" note.
    Lucky,
    /// A "what surprised us" note.
    Surprise,
}

impl LuckKind {
    /// Both kinds, in the order the register lists equal themes.
    pub const ALL: [LuckKind; 2] = [LuckKind::Lucky, LuckKind::Surprise];

    /// How people read it.
    pub fn as_str(self) -> &'static str {
        match self {
            LuckKind::Lucky => "lucky",
            LuckKind::Surprise => "surprise",
        }
    }

    fn notes(self) -> NoteKind {
        match self {
            LuckKind::Lucky => NoteKind::Lucky,
            LuckKind::Surprise => NoteKind::Surprise,
        }
    }
}

/// One lucky note or surprise.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LuckyEntry {
    /// The note as written.
    pub text: String,
    /// Its story.
    #[ts(type = "string")]
    pub story_id: Uuid,
    /// The theme it belongs to (the wording of its most central note).
    pub theme: String,
    /// A lucky note or a surprise (a theme holds one kind).
    pub kind: LuckKind,
    /// How many stories share the theme.
    pub theme_count: usize,
    /// The story's incident date.
    #[ts(type = "string | null")]
    pub date: Option<DateTime<Utc>>,
}

/// Every lucky note and surprise of `rows`, oldest first, with its theme.
/// Notes of a theme that recurs are listed together, largest theme first,
/// so the register reads as "this keeps saving us" before "this saved us
/// once"; equal themes list luck before surprises.
pub fn register(rows: &[InsightRow]) -> Vec<LuckyEntry> {
    let mut themed: Vec<(usize, LuckKind, usize, LuckyEntry)> = Vec::new();
    for kind in LuckKind::ALL {
        let notes = notes_of(rows, kind.notes());
        for (g, grp) in group(&notes, THEME).iter().enumerate() {
            let theme = label(notes[central(&notes, grp)].text);
            let mut stories: Vec<usize> = grp.notes.iter().map(|&i| notes[i].story).collect();
            stories.dedup();
            for &i in &grp.notes {
                let row = &rows[notes[i].story];
                themed.push((
                    stories.len(),
                    kind,
                    g,
                    LuckyEntry {
                        text: notes[i].text.to_string(),
                        story_id: row.id,
                        theme: theme.clone(),
                        kind,
                        theme_count: stories.len(),
                        date: row.date,
                    },
                ));
            }
        }
    }
    // Stable: within a theme the notes stay oldest first.
    themed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    themed.into_iter().map(|(_, _, _, e)| e).collect()
}

/// The earlier lucky notes that `text` repeats, most alike first (at most
/// `limit`): empty when the luck is new. `except` leaves out the story
/// being written, so a story does not repeat itself.
pub fn repeated(
    text: &str,
    rows: &[InsightRow],
    except: Option<Uuid>,
    limit: usize,
) -> Vec<(f64, LuckyEntry)> {
    let wanted = terms(text);
    let mut hits: Vec<(f64, LuckyEntry)> = Vec::new();
    for row in rows.iter().filter(|r| Some(r.id) != except) {
        for note in &row.parts.got_lucky {
            let score = similarity(&wanted, &terms(note), THEME.min_shared);
            if score >= THEME.overlap {
                hits.push((
                    score,
                    LuckyEntry {
                        text: note.clone(),
                        story_id: row.id,
                        theme: label(note),
                        kind: LuckKind::Lucky,
                        theme_count: 1,
                        date: row.date,
                    },
                ));
            }
        }
    }
    hits.sort_by(|a, b| b.0.total_cmp(&a.0));
    hits.truncate(limit);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::StoryParts;

    fn row(title: &str, lucky: &[&str]) -> InsightRow {
        let mut row = super::super::test_row(title);
        row.parts = StoryParts {
            got_lucky: lucky.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        row
    }

    fn surprised(title: &str, surprises: &[&str]) -> InsightRow {
        let mut row = super::super::test_row(title);
        row.parts.surprises = surprises.iter().map(|s| s.to_string()).collect();
        row
    }

    #[test]
    fn recurring_luck_is_one_theme_listed_first() {
        let rows = vec![
            row("a", &["A replica happened to be fresh"]),
            row(
                "b",
                &["The incident started after the lunchtime peak traffic"],
            ),
            row("c", &["It began after peak traffic had passed"]),
        ];
        let register = register(&rows);
        assert_eq!(register.len(), 3);
        assert_eq!(register[0].theme_count, 2);
        assert_eq!(register[1].theme, register[0].theme);
        assert_eq!(register[2].theme, "A replica happened to be fresh");
    }

    #[test]
    fn surprises_are_listed_with_their_kind_in_themes_of_their_own() {
        let rows = vec![
            row("a", &["The replica happened to be an hour behind"]),
            surprised("b", &["The replica was an hour behind and nobody knew"]),
            surprised("c", &["Reads went to a replica an hour behind"]),
        ];
        let register = register(&rows);
        assert_eq!(register.len(), 3);
        let surprise = &register[0];
        assert_eq!(surprise.kind, LuckKind::Surprise);
        assert_eq!(surprise.story_id, rows[1].id);
        assert_eq!(surprise.theme_count, 2, "two surprises share a theme");
        assert_eq!(register[1].kind, LuckKind::Surprise);
        assert_eq!(register[1].theme, surprise.theme);
        assert_eq!(register[2].kind, LuckKind::Lucky);
        assert_eq!(
            register[2].theme_count, 1,
            "luck is not grouped with surprises"
        );
        let json = serde_json::to_value(surprise).unwrap();
        assert_eq!(json["kind"], "surprise");
        for key in ["text", "story_id", "theme"] {
            assert!(json[key].is_string(), "{key}: {json}");
        }
        assert_eq!(serde_json::to_value(&register[2]).unwrap()["kind"], "lucky");
    }

    #[test]
    fn a_new_note_that_repeats_old_luck_is_flagged() {
        let rows = vec![row(
            "a",
            &["The incident started after the lunchtime peak traffic"],
        )];
        let hits = repeated("again it was after peak traffic", &rows, None, 5);
        assert_eq!(hits.len(), 1);
        assert!(repeated("a backup existed", &rows, None, 5).is_empty());
        assert!(repeated("after peak traffic", &rows, Some(rows[0].id), 5).is_empty());
    }
}
