//! Between retros and stories: starting a retro from an existing story,
//! and publishing a retro as a postmortem story.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::error::Result;
use crate::failpoint;
use crate::store::Store;

use crate::story::{
    ActionItem, ActionStatus, Story, StoryContent, StoryKind, StoryParts, TimelineEvent,
};

use super::{EventMarker, Retro, RetroAction, RetroEvent, RetroNote, RetroPhase};

/// The story content a retro publishes as. `existing` is the story the retro
/// started from, whose narrative, tags and other fields are kept.
pub fn to_story(retro: &Retro, existing: Option<&StoryContent>) -> StoryContent {
    let done_in_story = |text: &str| {
        existing.and_then(|e| {
            e.parts
                .action_items
                .iter()
                .find(|i| i.text == text && i.status == ActionStatus::Done)
        })
    };
    let texts = |phase| {
        retro
            .notes_in(phase)
            .into_iter()
            .map(|n| n.text.clone())
            .collect::<Vec<_>>()
    };
    let mut timeline: Vec<TimelineEvent> = retro
        .timeline
        .iter()
        .map(|e| TimelineEvent {
            time: e.time,
            text: match e.marker {
                Some(EventMarker::Detection) => format!("{} (detected)", e.text),
                Some(EventMarker::Mitigation) => format!("{} (mitigated)", e.text),
                Some(EventMarker::Resolution) => format!("{} (resolved)", e.text),
                Some(EventMarker::Start) | None => e.text.clone(),
            },
        })
        .collect();
    timeline.sort_by_key(|e| e.time);
    let parts = StoryParts {
        timeline,
        went_well: texts(RetroPhase::WentWell),
        went_wrong: texts(RetroPhase::WentWrong),
        got_lucky: texts(RetroPhase::GotLucky),
        // A retro has no phase for these: publishing keeps the story's own.
        surprises: existing
            .map(|e| e.parts.surprises.clone())
            .unwrap_or_default(),
        contributing_factors: texts(RetroPhase::ContributingFactors),
        lessons: existing
            .map(|e| e.parts.lessons.clone())
            .unwrap_or_default(),
        action_items: retro
            .actions
            .iter()
            .map(|a| {
                // Marked done on the story since the last publish: publishing
                // again must not reopen it, nor forget the day it was done.
                let done = done_in_story(a.text.as_str());
                ActionItem {
                    text: a.text.clone(),
                    owner: a.owner.clone(),
                    status: if done.is_some() {
                        ActionStatus::Done
                    } else {
                        a.status
                    },
                    due: a.due,
                    closed: done.and_then(|i| i.closed),
                }
            })
            .collect(),
    };
    let base = existing.cloned().unwrap_or_else(|| StoryContent {
        kind: StoryKind::Postmortem,
        tags: vec!["retro".into()],
        ..Default::default()
    });
    let mut summary = base.summary.clone();
    if summary.trim().is_empty() {
        let d = retro.durations();
        let mut facts = Vec::new();
        if let Some(m) = d.detect_minutes {
            facts.push(format!("detected after {m} min"));
        }
        if let Some(m) = d.resolve_minutes {
            facts.push(format!("resolved after {m} min"));
        }
        summary = format!(
            "Postmortem from a blame-aware retrospective with {} contributing factors and {} action items{}.",
            parts.contributing_factors.len(),
            parts.action_items.len(),
            if facts.is_empty() { String::new() } else { format!("; {}", facts.join(", ")) }
        );
    }
    StoryContent {
        title: if retro.title.trim().is_empty() {
            base.title.clone()
        } else {
            retro.title.clone()
        },
        summary,
        start_time: retro.start().or(base.start_time),
        detected_time: retro.marked(EventMarker::Detection).or(base.detected_time),
        resolved_time: retro.marked(EventMarker::Resolution).or(base.resolved_time),
        end_time: retro.marked(EventMarker::Resolution).or(base.end_time),
        parts,
        ..base
    }
}

/// Publishes retro `id` as a postmortem: a new story, or a new revision of
/// the live story it started from or was published as before. One
/// transaction with the retro's link to its story (the caller's
/// [`Store::atomic`]).
pub(crate) fn publish(store: &mut Store, id: Uuid, now: DateTime<Utc>) -> Result<Story> {
    let mut retro = store.retro(id)?;
    let existing = match retro.story_id {
        Some(story) => store.get(story).ok(),
        None => None,
    };
    let content = to_story(&retro, existing.as_ref().map(|s| &s.content)).normalize()?;
    let story = match existing {
        Some(s) if s.deleted_at.is_none() => store.update(s.id, &content, None, now)?,
        _ => store.insert(Uuid::new_v4(), &content, now)?,
    };
    failpoint::reached("publish_retro.stored");
    retro.story_id = Some(story.id);
    retro.updated_at = now;
    store.save_retro(&retro)?;
    Ok(story)
}

/// A new retro seeded from an existing story: its timeline, notes and
/// action items become the retro's starting material.
pub fn from_story(story: &Story) -> Retro {
    let c = &story.content;
    let note = |phase, text: &String| RetroNote {
        id: Uuid::new_v4(),
        phase,
        text: text.clone(),
        votes: 0,
        parked: false,
    };
    let mut notes = Vec::new();
    for (phase, texts) in [
        (RetroPhase::WentWell, &c.parts.went_well),
        (RetroPhase::WentWrong, &c.parts.went_wrong),
        (RetroPhase::GotLucky, &c.parts.got_lucky),
        (
            RetroPhase::ContributingFactors,
            &c.parts.contributing_factors,
        ),
    ] {
        notes.extend(texts.iter().map(|t| note(phase, t)));
    }
    let mut timeline: Vec<RetroEvent> = c
        .parts
        .timeline
        .iter()
        .map(|e| RetroEvent {
            id: Uuid::new_v4(),
            time: e.time,
            text: e.text.clone(),
            marker: None,
        })
        .collect();
    for (time, marker, text) in [
        (c.detected_time, EventMarker::Detection, "Detected"),
        (c.resolved_time, EventMarker::Resolution, "Resolved"),
    ] {
        if let Some(time) = time {
            match timeline
                .iter_mut()
                .find(|e| e.time == Some(time) && e.marker.is_none())
            {
                Some(event) => event.marker = Some(marker),
                None => timeline.push(RetroEvent {
                    id: Uuid::new_v4(),
                    time: Some(time),
                    text: text.into(),
                    marker: Some(marker),
                }),
            }
        }
    }
    Retro {
        title: c.title.clone(),
        timeline,
        notes,
        actions: c
            .parts
            .action_items
            .iter()
            .map(|a| RetroAction {
                id: Uuid::new_v4(),
                text: a.text.clone(),
                owner: a.owner.clone(),
                due: a.due,
                status: a.status,
                factor: None,
            })
            .collect(),
        story_id: Some(story.id),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishing_again_keeps_the_day_an_action_was_done() {
        let closed = chrono::NaiveDate::from_ymd_opt(2024, 3, 20);
        let existing = StoryContent {
            title: "Locked orders".into(),
            parts: StoryParts {
                action_items: vec![ActionItem {
                    text: "Set lock_timeout".into(),
                    owner: None,
                    status: ActionStatus::Done,
                    due: None,
                    closed,
                }],
                ..Default::default()
            },
            ..Default::default()
        };
        let retro = Retro {
            actions: vec![RetroAction {
                id: Uuid::new_v4(),
                text: "Set lock_timeout".into(),
                owner: None,
                due: None,
                status: ActionStatus::Open,
                factor: None,
            }],
            ..Default::default()
        };
        let item = &to_story(&retro, Some(&existing)).parts.action_items[0];
        assert_eq!((item.status, item.closed), (ActionStatus::Done, closed));
        let fresh = &to_story(&retro, None).parts.action_items[0];
        assert_eq!((fresh.status, fresh.closed), (ActionStatus::Open, None));
    }

    #[test]
    fn publishing_a_retro_keeps_the_story_s_surprises() {
        let existing = StoryContent {
            title: "Locked orders".into(),
            parts: StoryParts {
                surprises: vec!["The rewrite held the lock for minutes".into()],
                ..Default::default()
            },
            ..Default::default()
        };
        let retro = Retro {
            title: "Locked orders".into(),
            ..Default::default()
        };
        let published = to_story(&retro, Some(&existing));
        assert_eq!(published.parts.surprises, existing.parts.surprises);
        assert!(to_story(&retro, None).parts.surprises.is_empty());
    }
}
