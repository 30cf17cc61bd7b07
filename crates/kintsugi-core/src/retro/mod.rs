//! Blame-aware retrospectives: the working document a facilitator builds
//! phase by phase, and how it becomes a postmortem story.
//!
//! A [`Retro`] is saved whole after every change (see `store/retros.rs`),
//! so closing or killing the app loses nothing. Publishing creates (or
//! updates) a story from it, searchable at once; the retro keeps a link to
//! that story and its own two-question [`RetroCheck`].
//!
//! Invariants: note and factor ids are unique within a retro; an action
//! item's `factor` names a contributing-factor note of the same retro or is
//! `None`; a merged note's votes are added to the note it was merged into.

pub mod phases;
mod publish;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use phases::{guide, guides, PhaseGuide, RetroPhase};
pub(crate) use publish::publish;
pub use publish::{from_story, to_story};

use crate::story::ActionStatus;

/// What an event on the retro timeline marks, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum EventMarker {
    /// Impact began.
    Start,
    /// Someone or something noticed.
    Detection,
    /// Impact was reduced or stopped.
    Mitigation,
    /// Back to normal.
    Resolution,
}

/// An event on the retro timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetroEvent {
    /// Stable id within the retro.
    #[ts(type = "string")]
    pub id: Uuid,
    /// When (UTC); the app shows and edits it in the retro's time zone.
    #[ts(type = "string | null")]
    pub time: Option<DateTime<Utc>>,
    /// What happened.
    pub text: String,
    /// Detection, mitigation, …
    #[serde(default)]
    pub marker: Option<EventMarker>,
}

/// A note added during a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetroNote {
    /// Stable id within the retro.
    #[ts(type = "string")]
    pub id: Uuid,
    /// The phase it belongs to (`timeline` notes are the parking lot).
    pub phase: RetroPhase,
    /// The note.
    pub text: String,
    /// Votes from participants.
    #[serde(default)]
    pub votes: u32,
    /// True for an idea parked during the timeline, to come back to in action items.
    #[serde(default)]
    pub parked: bool,
}

/// An action item agreed in the retro.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetroAction {
    /// Stable id within the retro.
    #[ts(type = "string")]
    pub id: Uuid,
    /// What is to be done.
    pub text: String,
    /// Owning role.
    #[serde(default)]
    pub owner: Option<String>,
    /// Due date.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub due: Option<NaiveDate>,
    /// Open or done.
    #[serde(default)]
    pub status: ActionStatus,
    /// The contributing-factor note it addresses.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub factor: Option<Uuid>,
}

/// The two-question check on the retro itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetroCheck {
    /// Did someone learn something that changes their work?
    pub learned_something: bool,
    /// Would people come again?
    pub would_come_again: bool,
}

/// A retrospective in progress (or done).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Retro {
    /// Identity.
    #[ts(type = "string")]
    pub id: Uuid,
    /// Incident name.
    pub title: String,
    /// Where the facilitator is.
    pub phase: RetroPhase,
    /// People taking part (their names feed the language nudges).
    pub participants: Vec<String>,
    /// IANA time zone name used to show and enter times (e.g. `Europe/Berlin`).
    pub time_zone: String,
    /// Timeline events, in the order shown.
    pub timeline: Vec<RetroEvent>,
    /// Notes of every phase.
    pub notes: Vec<RetroNote>,
    /// Action items.
    pub actions: Vec<RetroAction>,
    /// The check on the retro itself, once answered.
    pub check: Option<RetroCheck>,
    /// The story this retro started from or was published as.
    #[ts(type = "string | null")]
    pub story_id: Option<Uuid>,
    /// First saved.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Last saved.
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
}

impl Default for Retro {
    /// A blank retro. Its times are the epoch until [`Retro::started`]
    /// stamps it: the core takes time from the library's clock only.
    fn default() -> Self {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        Retro {
            id: Uuid::new_v4(),
            title: String::new(),
            phase: RetroPhase::SetStage,
            participants: Vec::new(),
            time_zone: "UTC".into(),
            timeline: Vec::new(),
            notes: Vec::new(),
            actions: Vec::new(),
            check: None,
            story_id: None,
            created_at: now,
            updated_at: now,
        }
    }
}

impl Retro {
    /// This retro as first saved at `now`.
    pub fn started(self, now: DateTime<Utc>) -> Retro {
        Retro {
            created_at: now,
            updated_at: now,
            ..self
        }
    }
}

/// Time to detect, mitigate and resolve, in minutes from the start marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[ts(export)]
pub struct RetroDurations {
    /// Start → detection.
    #[ts(type = "number | null")]
    pub detect_minutes: Option<i64>,
    /// Start → mitigation.
    #[ts(type = "number | null")]
    pub mitigate_minutes: Option<i64>,
    /// Start → resolution.
    #[ts(type = "number | null")]
    pub resolve_minutes: Option<i64>,
}

impl Retro {
    /// The time of the first event carrying `marker`.
    pub fn marked(&self, marker: EventMarker) -> Option<DateTime<Utc>> {
        self.timeline
            .iter()
            .find(|e| e.marker == Some(marker))
            .and_then(|e| e.time)
    }

    /// When impact began: the start marker, else the earliest event time.
    pub fn start(&self) -> Option<DateTime<Utc>> {
        self.marked(EventMarker::Start)
            .or_else(|| self.timeline.iter().filter_map(|e| e.time).min())
    }

    /// Time to detect / mitigate / resolve.
    pub fn durations(&self) -> RetroDurations {
        let since_start = |marker| {
            let (start, end) = (self.start()?, self.marked(marker)?);
            Some((end - start).num_minutes())
        };
        RetroDurations {
            detect_minutes: since_start(EventMarker::Detection),
            mitigate_minutes: since_start(EventMarker::Mitigation),
            resolve_minutes: since_start(EventMarker::Resolution),
        }
    }

    /// Notes of one phase, most voted first (ties keep their order).
    pub fn notes_in(&self, phase: RetroPhase) -> Vec<&RetroNote> {
        let mut notes: Vec<&RetroNote> = self
            .notes
            .iter()
            .filter(|n| n.phase == phase && !n.parked)
            .collect();
        notes.sort_by_key(|n| std::cmp::Reverse(n.votes));
        notes
    }

    /// Ideas parked during the timeline.
    pub fn parking_lot(&self) -> Vec<&RetroNote> {
        self.notes.iter().filter(|n| n.parked).collect()
    }

    /// Merges note `from` into note `into` (they say the same thing): texts
    /// are joined unless equal, votes added, action items re-linked, and
    /// `from` removed. Returns false if either is missing or they are the same.
    pub fn merge_notes(&mut self, into: Uuid, from: Uuid) -> bool {
        if into == from {
            return false;
        }
        let Some(from_index) = self.notes.iter().position(|n| n.id == from) else {
            return false;
        };
        if !self.notes.iter().any(|n| n.id == into) {
            return false;
        }
        let merged = self.notes.remove(from_index);
        if let Some(target) = self.notes.iter_mut().find(|n| n.id == into) {
            if target.text.trim() != merged.text.trim() {
                target.text = format!("{} / {}", target.text.trim(), merged.text.trim());
            }
            target.votes += merged.votes;
        }
        for action in &mut self.actions {
            if action.factor == Some(from) {
                action.factor = Some(into);
            }
        }
        true
    }
}

/// A line in the list of retros.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RetroSummary {
    /// Id.
    #[ts(type = "string")]
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Current phase.
    pub phase: RetroPhase,
    /// The published story, if any.
    #[ts(type = "string | null")]
    pub story_id: Option<Uuid>,
    /// The retro's own check, if answered.
    pub check: Option<RetroCheck>,
    /// Last saved.
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
}

impl From<&Retro> for RetroSummary {
    fn from(r: &Retro) -> Self {
        RetroSummary {
            id: r.id,
            title: r.title.clone(),
            phase: r.phase,
            story_id: r.story_id,
            check: r.check,
            updated_at: r.updated_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(phase: RetroPhase, text: &str, votes: u32) -> RetroNote {
        RetroNote {
            id: Uuid::new_v4(),
            phase,
            text: text.into(),
            votes,
            parked: false,
        }
    }

    #[test]
    fn durations_come_from_markers() {
        let t = |h: u32, m: u32| {
            Some(
                chrono::NaiveDate::from_ymd_opt(2024, 3, 1)
                    .unwrap()
                    .and_hms_opt(h, m, 0)
                    .unwrap()
                    .and_utc(),
            )
        };
        let event = |time, marker| RetroEvent {
            id: Uuid::new_v4(),
            time,
            text: "x".into(),
            marker,
        };
        let retro = Retro {
            timeline: vec![
                event(t(14, 0), None),
                event(t(14, 15), Some(EventMarker::Detection)),
                event(t(14, 45), Some(EventMarker::Mitigation)),
                event(t(16, 0), Some(EventMarker::Resolution)),
            ],
            ..Default::default()
        };
        assert_eq!(
            retro.durations(),
            RetroDurations {
                detect_minutes: Some(15),
                mitigate_minutes: Some(45),
                resolve_minutes: Some(120)
            }
        );
        assert_eq!(Retro::default().durations(), RetroDurations::default());
    }

    #[test]
    fn merging_adds_votes_and_relinks_actions() {
        let a = note(RetroPhase::ContributingFactors, "No lock timeout", 2);
        let b = note(
            RetroPhase::ContributingFactors,
            "Migration had no lock_timeout",
            3,
        );
        let mut retro = Retro {
            notes: vec![a.clone(), b.clone()],
            ..Default::default()
        };
        retro.actions.push(RetroAction {
            id: Uuid::new_v4(),
            text: "Set lock_timeout".into(),
            owner: None,
            due: None,
            status: ActionStatus::Open,
            factor: Some(b.id),
        });
        assert!(retro.merge_notes(a.id, b.id));
        assert_eq!(retro.notes.len(), 1);
        assert_eq!(retro.notes[0].votes, 5);
        assert_eq!(
            retro.notes[0].text,
            "No lock timeout / Migration had no lock_timeout"
        );
        assert_eq!(retro.actions[0].factor, Some(a.id));
        assert!(!retro.merge_notes(a.id, a.id));
    }

    #[test]
    fn every_phase_has_prompts() {
        for g in guides() {
            assert!(g.prompts.len() >= 2, "{:?}", g.phase);
        }
    }
}
