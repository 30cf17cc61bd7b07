//! A whole retrospective on a real library: start, fill every phase,
//! survive reopening, publish as a searchable postmortem.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use chrono::{TimeZone, Utc};
use common::{library, search};
use kintsugi_core::lint::{lint_text as lint, LintOptions};
use kintsugi_core::retro::{
    EventMarker, RetroAction, RetroCheck, RetroEvent, RetroNote, RetroPhase,
};
use kintsugi_core::{ActionStatus, Library};
use uuid::Uuid;

fn note(phase: RetroPhase, text: &str) -> RetroNote {
    RetroNote {
        id: Uuid::new_v4(),
        phase,
        text: text.into(),
        votes: 0,
        parked: false,
    }
}

#[test]
fn a_retro_runs_every_phase_survives_reopening_and_publishes() {
    let (dir, lib) = library();
    let mut retro = lib
        .create_retro("Checkout froze during the orders migration", None)
        .unwrap();
    retro.participants = vec!["Dana Whitfield".into(), "Priya Raman".into()];
    retro.time_zone = "Europe/Berlin".into();
    let at = |h, m| Some(Utc.with_ymd_and_hms(2024, 5, 16, h, m, 0).unwrap());
    let event = |time, text: &str, marker| RetroEvent {
        id: Uuid::new_v4(),
        time,
        text: text.into(),
        marker,
    };
    retro.timeline = vec![
        event(at(13, 10), "Migration starts", Some(EventMarker::Start)),
        event(
            at(13, 14),
            "Checkout error alert",
            Some(EventMarker::Detection),
        ),
        event(
            at(14, 5),
            "Migration cancelled",
            Some(EventMarker::Mitigation),
        ),
        event(
            at(15, 25),
            "Checkout healthy again",
            Some(EventMarker::Resolution),
        ),
    ];
    let mut parked = note(RetroPhase::Timeline, "Idea: lint migrations in CI");
    parked.parked = true;
    let factor = note(
        RetroPhase::ContributingFactors,
        "The volatile default forced a table rewrite",
    );
    retro.notes = vec![
        parked,
        note(
            RetroPhase::WentWell,
            "The DBA estimated progress from the relation file size",
        ),
        note(
            RetroPhase::WentWrong,
            "Nothing showed progress of the rewrite",
        ),
        note(RetroPhase::GotLucky, "It happened on a quiet Tuesday"),
        factor.clone(),
        note(
            RetroPhase::ContributingFactors,
            "No lock_timeout on migration sessions",
        ),
    ];
    retro.actions = vec![RetroAction {
        id: Uuid::new_v4(),
        text: "Reject volatile defaults in the migration linter".into(),
        owner: Some("Platform team".into()),
        due: chrono::NaiveDate::from_ymd_opt(2024, 6, 1),
        status: ActionStatus::Open,
        factor: Some(factor.id),
    }];
    retro.phase = RetroPhase::WrapUp;
    retro.check = Some(RetroCheck {
        learned_something: true,
        would_come_again: true,
    });
    let saved = lib.save_retro(retro.clone()).unwrap();
    assert_eq!(saved.durations().detect_minutes, Some(4));
    assert_eq!(saved.durations().resolve_minutes, Some(135));

    // Closing and reopening loses nothing.
    drop(lib);
    let lib = Library::open(dir.path()).unwrap();
    let reopened = lib.get_retro(retro.id).unwrap();
    assert_eq!(reopened.notes, retro.notes);
    assert_eq!(reopened.actions, retro.actions);
    assert_eq!(
        lib.list_retros().unwrap()[0].check,
        Some(RetroCheck {
            learned_something: true,
            would_come_again: true
        })
    );

    // Publishing makes a searchable postmortem.
    let story = lib.publish_retro(retro.id).unwrap();
    assert_eq!(story.content.parts.contributing_factors.len(), 2);
    assert_eq!(
        story.content.parts.action_items[0].owner.as_deref(),
        Some("Platform team")
    );
    assert_eq!(story.content.detected_time, at(13, 14));
    let hits = search(&lib, "volatile default rewrite");
    assert_eq!(hits.hits[0].id, story.id);
    // Publishing again updates the same story.
    let again = lib.publish_retro(retro.id).unwrap();
    assert_eq!((again.id, again.revision), (story.id, 2));
    // The published text is blame-aware.
    let text = kintsugi_core::export::markdown::to_markdown(&again);
    let options = LintOptions {
        participants: reopened.participants.clone(),
    };
    assert!(
        lint(&text, &options).is_empty(),
        "{:?}",
        lint(&text, &options)
    );
}

#[test]
fn a_retro_can_start_from_an_existing_story() {
    let (_dir, lib) = library();
    lib.load_sample().unwrap();
    let story = search(&lib, "FLUSHALL").hits[0].id;
    let retro = lib.create_retro("", Some(story)).unwrap();
    let original = lib.get_story(story).unwrap();
    assert_eq!(retro.title, original.content.title);
    assert!(retro.timeline.len() >= original.content.parts.timeline.len());
    assert!(retro
        .timeline
        .iter()
        .any(|e| e.marker == Some(EventMarker::Detection)));
    assert_eq!(
        retro.notes_in(RetroPhase::WentWell).len(),
        original.content.parts.went_well.len()
    );
    let published = lib.publish_retro(retro.id).unwrap();
    assert_eq!(
        published.id, story,
        "publishing updates the story it started from"
    );
    assert_eq!(
        published.content.body, original.content.body,
        "the narrative is kept"
    );
    assert_eq!(
        published.content.parts.lessons,
        original.content.parts.lessons
    );
}

#[test]
fn publishing_again_keeps_action_items_marked_done_on_the_story() {
    let (_dir, lib) = library();
    let mut retro = lib.create_retro("Cache flush", None).unwrap();
    retro.actions.push(RetroAction {
        id: Uuid::new_v4(),
        text: "Rename FLUSHALL in production Redis".into(),
        owner: Some("Platform team".into()),
        due: None,
        status: ActionStatus::Open,
        factor: None,
    });
    let retro = lib.save_retro(retro).unwrap();
    let story = lib.publish_retro(retro.id).unwrap();
    let done = lib
        .set_action_status(story.id, 0, ActionStatus::Done)
        .unwrap();
    // Stamped with the same instant as the edit itself.
    let today = Some(done.updated_at.date_naive());
    assert_eq!(done.content.parts.action_items[0].closed, today);
    let again = lib.publish_retro(retro.id).unwrap();
    let item = &again.content.parts.action_items[0];
    assert_eq!((item.status, item.closed), (ActionStatus::Done, today));
    // Reopened, the item keeps the day it was last closed; only its status counts.
    let reopened = lib
        .set_action_status(story.id, 0, ActionStatus::Open)
        .unwrap();
    let item = &reopened.content.parts.action_items[0];
    assert_eq!((item.status, item.closed), (ActionStatus::Open, today));
}
