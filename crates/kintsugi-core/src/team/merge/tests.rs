//! Unit tests of the three-way story merge: fields, sets, action items and
//! long text by line, and the conflicts it records.

use super::*;
use crate::story::{ActionItem, ActionStatus, Severity, StoryKind, TimelineEvent};
use serde_json::json;

fn base() -> StoryContent {
    StoryContent {
        title: "Cron ran twice".into(),
        summary: "A job ran twice.".into(),
        body: "Para one.\n\nPara two.\n\nPara three.".into(),
        tags: vec!["cron".into(), "time-zones".into()],
        company: Some("Fictional Co".into()),
        parts: crate::story::StoryParts {
            lessons: vec!["Schedule in UTC".into(), "Alert on duplicates".into()],
            action_items: vec![ActionItem {
                text: "Move cron to UTC".into(),
                owner: None,
                status: ActionStatus::Open,
                due: None,
                closed: None,
            }],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn edit(f: impl FnOnce(&mut StoryContent)) -> StoryContent {
    let mut c = base();
    f(&mut c);
    c
}

fn both(m: impl FnOnce(&mut StoryContent), t: impl FnOnce(&mut StoryContent)) -> Merged {
    merge(Some(&base()), Some(&edit(m)), Some(&edit(t)))
}

#[test]
fn one_sided_changes_take_that_side() {
    let mine = edit(|c| c.title = "Mine".into());
    assert_eq!(
        merge(Some(&base()), Some(&mine), Some(&base()))
            .content
            .unwrap()
            .title,
        "Mine"
    );
    assert_eq!(
        merge(Some(&base()), Some(&base()), Some(&mine))
            .content
            .unwrap()
            .title,
        "Mine"
    );
}

#[test]
fn different_fields_merge_without_conflict() {
    let m = both(
        |c| c.title = "New title".into(),
        |c| c.severity = Some(Severity::Sev1),
    );
    let c = m.content.unwrap();
    assert_eq!(c.title, "New title");
    assert_eq!(c.severity, Some(Severity::Sev1));
    assert!(m.conflicts.is_empty());
}

#[test]
fn the_same_field_changed_differently_is_a_conflict_theirs_wins() {
    let m = both(|c| c.title = "Mine".into(), |c| c.title = "Theirs".into());
    assert_eq!(m.content.unwrap().title, "Theirs");
    assert_eq!(
        m.conflicts,
        vec![FieldConflict {
            field: "title".into(),
            mine: json!("Mine"),
            theirs: json!("Theirs")
        }]
    );
    let m = both(
        |c| c.kind = StoryKind::WarStory,
        |c| c.kind = StoryKind::WarStory,
    );
    assert!(
        m.conflicts.is_empty(),
        "the same change twice is no conflict"
    );
}

#[test]
fn scalars_set_and_cleared() {
    let m = both(|c| c.company = None, |c| c.company = Some("Other".into()));
    assert_eq!(m.content.unwrap().company.as_deref(), Some("Other"));
    assert_eq!(m.conflicts[0].field, "company");
    assert_eq!(m.conflicts[0].mine, Value::Null);
    let m = both(
        |c| c.start_time = crate::story::parse_timestamp("2021-01-01"),
        |_| {},
    );
    assert!(m.content.unwrap().start_time.is_some());
}

#[test]
fn tags_merge_by_what_each_side_added_and_removed() {
    let m = both(
        |c| {
            c.tags.retain(|t| t != "cron");
            c.tags.push("billing".into());
        },
        |c| {
            c.tags.retain(|t| t != "time-zones");
            c.tags.push("dst".into());
        },
    );
    assert_eq!(m.content.unwrap().tags, vec!["billing", "dst"]);
    assert!(m.conflicts.is_empty());
    // Added on both sides in different spellings: one tag.
    let m = both(
        |c| c.tags.push("Migration".into()),
        |c| c.tags.push("migrations".into()),
    );
    let tags = m.content.unwrap().tags;
    assert_eq!(
        tags.iter()
            .filter(|t| tag_key(t) == tag_key("migration"))
            .count(),
        1,
        "{tags:?}"
    );
}

#[test]
fn lessons_merge_as_entries_in_order() {
    let m = both(
        |c| c.parts.lessons.insert(1, "Mine in the middle".into()),
        |c| {
            c.parts.lessons.remove(0);
            c.parts.lessons.push("Theirs at the end".into());
        },
    );
    assert_eq!(
        m.content.unwrap().parts.lessons,
        vec![
            "Mine in the middle",
            "Alert on duplicates",
            "Theirs at the end"
        ]
    );
    // The same entry added on both sides appears once.
    let m = both(
        |c| c.parts.lessons.push("Same".into()),
        |c| c.parts.lessons.push("Same".into()),
    );
    assert_eq!(
        m.content
            .unwrap()
            .parts
            .lessons
            .iter()
            .filter(|l| *l == "Same")
            .count(),
        1
    );
    // An entry edited on both sides differently: both versions stay.
    let m = both(
        |c| c.parts.lessons[0] = "Schedule in UTC (mine)".into(),
        |c| c.parts.lessons[0] = "Schedule in UTC (theirs)".into(),
    );
    let lessons = m.content.unwrap().parts.lessons;
    assert!(lessons.contains(&"Schedule in UTC (mine)".to_string()));
    assert!(lessons.contains(&"Schedule in UTC (theirs)".to_string()));
    assert!(!lessons.contains(&"Schedule in UTC".to_string()));
}

#[test]
fn timeline_entries_merge() {
    let event = |t: &str| TimelineEvent {
        time: None,
        text: t.into(),
    };
    let m = both(
        |c| c.parts.timeline.push(event("mine")),
        |c| c.parts.timeline.push(event("theirs")),
    );
    let texts: Vec<String> = m
        .content
        .unwrap()
        .parts
        .timeline
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert_eq!(texts, vec!["theirs", "mine"]);
}

#[test]
fn action_items_merge_per_item_attribute() {
    let m = both(
        |c| c.parts.action_items[0].status = ActionStatus::Done,
        |c| c.parts.action_items[0].owner = Some("Billing team".into()),
    );
    let items = m.content.unwrap().parts.action_items;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].status, ActionStatus::Done);
    assert_eq!(items[0].owner.as_deref(), Some("Billing team"));
    assert!(m.conflicts.is_empty());
    let m = both(
        |c| c.parts.action_items[0].owner = Some("Mine".into()),
        |c| c.parts.action_items[0].owner = Some("Theirs".into()),
    );
    let c = m.content.unwrap();
    assert_eq!(c.parts.action_items[0].owner.as_deref(), Some("Theirs"));
    assert_eq!(m.conflicts[0].field, "action_items");
    assert_eq!(m.conflicts[0].mine[0]["owner"], json!("Mine"));
}

#[test]
fn the_day_an_action_was_done_merges_with_its_other_attributes() {
    let m = both(
        |c| {
            let item = &mut c.parts.action_items[0];
            item.status = ActionStatus::Done;
            item.closed = chrono::NaiveDate::from_ymd_opt(2024, 3, 20);
        },
        |c| c.parts.action_items[0].owner = Some("Billing team".into()),
    );
    let items = m.content.unwrap().parts.action_items;
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].closed,
        chrono::NaiveDate::from_ymd_opt(2024, 3, 20)
    );
    assert_eq!(items[0].owner.as_deref(), Some("Billing team"));
    assert!(m.conflicts.is_empty());
}

#[test]
fn body_merges_by_line_or_conflicts() {
    let m = both(
        |c| c.body = c.body.replace("Para one.", "Para one, mine."),
        |c| c.body = c.body.replace("Para three.", "Para three, theirs."),
    );
    let body = m.content.unwrap().body;
    assert!(body.contains("Para one, mine.") && body.contains("Para three, theirs."));
    assert!(m.conflicts.is_empty());
    let m = both(
        |c| c.body = c.body.replace("Para two.", "Two, mine."),
        |c| c.body = c.body.replace("Para two.", "Two, theirs."),
    );
    assert!(m.content.unwrap().body.contains("Two, theirs."));
    assert_eq!(m.conflicts[0].field, "body");
    assert!(m.conflicts[0].mine.as_str().unwrap().contains("Two, mine."));
}

#[test]
fn modify_beats_delete_on_either_side() {
    let changed = edit(|c| c.title = "Changed".into());
    let m = merge(Some(&base()), None, Some(&changed));
    assert_eq!(m.content.unwrap().title, "Changed");
    let m = merge(Some(&base()), Some(&changed), None);
    assert_eq!(m.content.unwrap().title, "Changed");
    // Deleted on one side, untouched on the other: deleted.
    assert_eq!(merge(Some(&base()), None, Some(&base())).content, None);
    assert_eq!(merge(Some(&base()), Some(&base()), None).content, None);
    assert_eq!(merge(Some(&base()), None, None).content, None);
    // Added on one side only.
    assert_eq!(
        merge(None, Some(&changed), None).content.unwrap().title,
        "Changed"
    );
    assert_eq!(
        merge(None, None, Some(&changed)).content.unwrap().title,
        "Changed"
    );
}

#[test]
fn added_on_both_sides_without_base() {
    let mine = edit(|c| {
        c.product = Some("Billing".into());
        c.title = "Mine".into();
    });
    let theirs = edit(|c| {
        c.company = None;
        c.tags.push("theirs".into());
    });
    let m = merge(None, Some(&mine), Some(&theirs));
    let c = m.content.unwrap();
    assert_eq!(
        c.product.as_deref(),
        Some("Billing"),
        "one side empty: the other's value"
    );
    assert!(c.tags.contains(&"theirs".to_string()) && c.tags.contains(&"cron".to_string()));
    assert_eq!(
        c.title, "Cron ran twice",
        "different titles: theirs, with a conflict"
    );
    assert!(m.conflicts.iter().any(|f| f.field == "title"));
}

#[test]
fn extra_keys_merge_as_fields() {
    let m = both(
        |c| {
            c.extra.insert("reviewed".into(), json!(true));
        },
        |c| {
            c.extra.insert("team".into(), json!("payments"));
        },
    );
    let c = m.content.unwrap();
    assert_eq!(c.extra.get("reviewed"), Some(&json!(true)));
    assert_eq!(c.extra.get("team"), Some(&json!("payments")));
    let m = both(
        |c| {
            c.extra.insert("team".into(), json!("mine"));
        },
        |c| {
            c.extra.insert("team".into(), json!("theirs"));
        },
    );
    assert_eq!(m.conflicts[0].field, "extra.team");
}

#[test]
fn merging_is_deterministic_and_idempotent() {
    let mine = edit(|c| {
        c.title = "A".into();
        c.tags.push("x".into());
    });
    let theirs = edit(|c| {
        c.title = "B".into();
        c.parts.lessons.push("y".into());
    });
    let one = merge(Some(&base()), Some(&mine), Some(&theirs));
    let two = merge(Some(&base()), Some(&mine), Some(&theirs));
    assert_eq!(one, two);
    let merged = one.content.unwrap();
    // Merging the result again with either side changes nothing more.
    assert_eq!(
        merge(Some(&theirs), Some(&merged), Some(&theirs))
            .content
            .unwrap(),
        merged
    );
}
