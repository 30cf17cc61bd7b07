//! The luck register: every "where we got lucky" note in the library,
//! grouped into themes, each linked to its story; and whether a new note
//! repeats an old one ("we got lucky here before").
//!
//! Luck that repeats is a warning: the same safety margin that held by
//! chance will not hold forever. Themes come from [`super::themes`], so
//! "the incident started after the peak" and "traffic was past its daily
//! peak" are one theme.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::terms::{similarity, terms};
use super::themes::{central, group, label, Note, THEME};
use super::InsightRow;

/// One lucky note.
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
    /// How many stories share the theme.
    pub theme_count: usize,
    /// The story's incident date.
    #[ts(type = "string | null")]
    pub date: Option<DateTime<Utc>>,
}

/// The lucky notes of `rows` as themes: notes and their groups.
fn lucky_notes(rows: &[InsightRow]) -> Vec<Note> {
    rows.iter()
        .enumerate()
        .flat_map(|(story, row)| {
            row.parts.got_lucky.iter().map(move |text| Note {
                story,
                text: text.clone(),
                terms: terms(text),
            })
        })
        .collect()
}

/// Every lucky note of `rows`, oldest first, with its theme. Notes of a
/// theme that recurs are listed together, largest theme first, so the
/// register reads as "this keeps saving us" before "this saved us once".
pub fn register(rows: &[InsightRow]) -> Vec<LuckyEntry> {
    let notes = lucky_notes(rows);
    let mut themed: Vec<(usize, usize, LuckyEntry)> = Vec::new();
    for (g, grp) in group(&notes, THEME).iter().enumerate() {
        let theme = label(&notes[central(&notes, grp)].text);
        let mut stories: Vec<usize> = grp.notes.iter().map(|&i| notes[i].story).collect();
        stories.dedup();
        for &i in &grp.notes {
            let row = &rows[notes[i].story];
            themed.push((
                stories.len(),
                g,
                LuckyEntry {
                    text: notes[i].text.clone(),
                    story_id: row.id,
                    theme: theme.clone(),
                    theme_count: stories.len(),
                    date: row.date,
                },
            ));
        }
    }
    // Stable: within a theme the notes stay oldest first.
    themed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    themed.into_iter().map(|(_, _, e)| e).collect()
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
