//! "Seen before" while writing: the earlier stories whose contributing
//! factors, "what went wrong", lucky notes or surprises share what is
//! being typed.
//!
//! The same term overlap as the themes ([`super::terms`]), so what the
//! editor flags is what the Insights screen would group together. A hit
//! names the note it matched, so the writer sees why.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::recurring::NoteKind;
use super::terms::{similarity, terms};
use super::themes::THEME;
use super::InsightRow;

/// Most hits one call returns.
pub const MAX_SEEN: usize = 20;

/// An earlier story that shares a note with the text being written.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SeenBefore {
    /// The story.
    #[ts(type = "string")]
    pub story_id: Uuid,
    /// Its title.
    pub title: String,
    /// Its incident date.
    #[ts(type = "string | null")]
    pub date: Option<DateTime<Utc>>,
    /// Whether the note is a contributing factor, went wrong, a lucky note
    /// or a surprise.
    pub kind: NoteKind,
    /// The note as written there.
    pub text: String,
    /// How alike, 0 to 1.
    pub score: f64,
}

/// Stories other than `except` whose factors, "what went wrong" notes,
/// lucky notes or surprises are like `text`, most alike first, then
/// newest; one hit per story.
pub fn seen_before(
    text: &str,
    rows: &[InsightRow],
    except: Option<Uuid>,
    limit: usize,
) -> Vec<SeenBefore> {
    let wanted = terms(text);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<SeenBefore> = Vec::new();
    for row in rows.iter().filter(|r| Some(r.id) != except) {
        let mut best: Option<SeenBefore> = None;
        for kind in [
            NoteKind::Factor,
            NoteKind::WentWrong,
            NoteKind::Lucky,
            NoteKind::Surprise,
        ] {
            for note in kind.notes(row) {
                let score = similarity(&wanted, &terms(note), THEME.min_shared);
                if score >= THEME.overlap && best.as_ref().is_none_or(|b| score > b.score) {
                    best = Some(SeenBefore {
                        story_id: row.id,
                        title: row.title.clone(),
                        date: row.date,
                        kind,
                        text: note.to_string(),
                        score,
                    });
                }
            }
        }
        hits.extend(best);
    }
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.date.cmp(&a.date)));
    hits.truncate(limit.clamp(1, MAX_SEEN));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_an_earlier_factor_and_a_lucky_note() {
        let mut a = super::super::test_row("Locked orders");
        a.parts.contributing_factors = vec!["The migration runner had no lock timeout".into()];
        let mut b = super::super::test_row("Quiet hour");
        b.parts.got_lucky = vec!["It began after peak traffic".into()];
        let rows = vec![a, b];
        let hits = seen_before("no lock timeout on migrations", &rows, None, 5);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, NoteKind::Factor);
        let hits = seen_before("after the peak of traffic", &rows, None, 5);
        assert_eq!(hits[0].kind, NoteKind::Lucky);
        assert!(seen_before("the", &rows, None, 5).is_empty());
    }

    #[test]
    fn finds_an_earlier_surprise() {
        let mut a = super::super::test_row("Lagging replica");
        a.parts.surprises = vec!["Reads were served by a replica an hour behind".into()];
        let rows = vec![a];
        let hits = seen_before("the replica was an hour behind", &rows, None, 5);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, NoteKind::Surprise);
        assert!(seen_before("replica behind", &rows, Some(rows[0].id), 5).is_empty());
    }
}
