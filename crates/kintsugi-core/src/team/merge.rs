//! Three-way merge of one story: this library's version ("mine") and the
//! team's ("theirs"), both changed from the version last synced ("base").
//!
//! Rules (the contract documented in `docs/team.md`):
//! - A field changed on one side only takes that side's value; a field
//!   changed alike on both sides takes it once.
//! - Tags merge as a set: what each side added and removed. Lists of
//!   entries (timeline, went well/wrong, lucky, factors, lessons) merge the
//!   same way, keeping the team's order and placing this library's new
//!   entries after the entry they followed. Action items are matched by
//!   their text, so owner, status and due date merge per item.
//! - Long text (summary, body) merges by line where edits do not overlap
//!   ([`crate::team::text_merge`]).
//! - Anything else changed on both sides is a conflict: the result holds the
//!   team's value, so every machine converges on the same story, and the
//!   conflict carries this library's value so that nothing is lost.
//! - Modify beats delete: a story deleted on one side and changed on the
//!   other stays, with the change. Deleted on one side and untouched on the
//!   other, it is deleted.
//! - Without a base (the same story added on both sides), the base is an
//!   empty story: a field one side left empty takes the other side's value.
//!
//! The merge is a pure function of its three inputs, so two machines that
//! merge the same versions write the same file.

use std::collections::HashMap;

use serde_json::Value;

use super::fields::{self, FieldKind};
use super::file::canonical;
use super::text_merge;
use crate::story::StoryContent;
use crate::tag::tag_key;

/// The same field changed differently on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    /// Field name (see [`crate::team::fields::FIELDS`]).
    pub field: String,
    /// This library's value (`null` when unset).
    pub mine: Value,
    /// The team's value, which the merged story holds.
    pub theirs: Value,
}

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged story; `None` when it is deleted.
    pub content: Option<StoryContent>,
    /// Fields that took the team's value over a different one of ours.
    pub conflicts: Vec<FieldConflict>,
}

impl Merged {
    fn clean(content: Option<StoryContent>) -> Merged {
        Merged {
            content,
            conflicts: Vec::new(),
        }
    }
}

/// Merges one story (see the module rules). `None` means absent (never
/// written, or deleted).
pub fn merge(
    base: Option<&StoryContent>,
    mine: Option<&StoryContent>,
    theirs: Option<&StoryContent>,
) -> Merged {
    let base = base.map(canonical);
    let mine = mine.map(canonical);
    let theirs = theirs.map(canonical);
    match (mine, theirs) {
        (None, None) => Merged::clean(None),
        (Some(m), None) => match base {
            Some(b) if b == m => Merged::clean(None),
            _ => Merged::clean(Some(m)),
        },
        (None, Some(t)) => match base {
            Some(b) if b == t => Merged::clean(None),
            _ => Merged::clean(Some(t)),
        },
        (Some(m), Some(t)) if m == t => Merged::clean(Some(m)),
        (Some(m), Some(t)) => merge_fields(&base.unwrap_or_default(), &m, &t),
    }
}

fn merge_fields(base: &StoryContent, mine: &StoryContent, theirs: &StoryContent) -> Merged {
    let to_json = |c: &StoryContent| serde_json::to_value(c).unwrap_or(Value::Null);
    let (bj, mj, tj) = (to_json(base), to_json(mine), to_json(theirs));
    let mut out = tj.clone();
    let mut conflicts = Vec::new();
    for (field, kind) in fields::names(&[base, mine, theirs]) {
        let read = |j: &Value| fields::get_json(j, &field).ok().flatten();
        let (b, m, t) = (read(&bj), read(&mj), read(&tj));
        if m == t || b == m {
            continue;
        }
        if b == t {
            let _ = fields::set_json(&mut out, &field, m);
            continue;
        }
        let merged = match kind {
            FieldKind::Scalar => None,
            FieldKind::Text => {
                text_merge::merge(&text(&b), &text(&m), &text(&t)).map(Value::String)
            }
            FieldKind::TagSet => Some(Value::Array(tag_set(&list(&b), &list(&m), &list(&t)))),
            FieldKind::List => Some(Value::Array(entries(&list(&b), &list(&m), &list(&t)))),
            FieldKind::ActionItems => {
                action_items(&list(&b), &list(&m), &list(&t)).map(Value::Array)
            }
        };
        match merged {
            Some(value) => {
                let _ = fields::set_json(&mut out, &field, Some(value));
            }
            None => conflicts.push(FieldConflict {
                field,
                mine: m.unwrap_or(Value::Null),
                theirs: t.unwrap_or(Value::Null),
            }),
        }
    }
    match fields::from_json(out, "story").and_then(StoryContent::normalize) {
        Ok(content) => Merged {
            content: Some(canonical(&content)),
            conflicts,
        },
        // A merge of two valid stories is valid; should it not be, the
        // team's version stands and every difference is kept as a conflict.
        Err(_) => Merged {
            content: Some(theirs.clone()),
            conflicts: fields::names(&[mine, theirs])
                .into_iter()
                .filter_map(|(field, _)| {
                    let m = fields::get_json(&mj, &field).ok().flatten();
                    let t = fields::get_json(&tj, &field).ok().flatten();
                    (m != t).then(|| FieldConflict {
                        field,
                        mine: m.unwrap_or(Value::Null),
                        theirs: t.unwrap_or(Value::Null),
                    })
                })
                .collect(),
        },
    }
}

fn text(v: &Option<Value>) -> String {
    v.as_ref()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn list(v: &Option<Value>) -> Vec<Value> {
    v.as_ref()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Tags: the team's, minus those we removed, plus those we added (matched
/// by [`tag_key`], so `Migration` and `migrations` are one tag).
fn tag_set(base: &[Value], mine: &[Value], theirs: &[Value]) -> Vec<Value> {
    let key = |v: &Value| tag_key(v.as_str().unwrap_or_default());
    let has = |set: &[Value], k: &str| set.iter().any(|v| key(v) == k);
    let mut out: Vec<Value> = theirs
        .iter()
        .filter(|v| {
            let k = key(v);
            // Kept unless we removed it.
            !has(base, &k) || has(mine, &k)
        })
        .cloned()
        .collect();
    for v in mine {
        let k = key(v);
        if !has(base, &k) && !has(&out, &k) {
            out.push(v.clone());
        }
    }
    out
}

/// Ordered entries merged by what each side added and removed (counted
/// per occurrence, so a repeated entry is not collapsed).
pub(super) fn entries(base: &[Value], mine: &[Value], theirs: &[Value]) -> Vec<Value> {
    let removed_by_mine = minus(base, mine);
    let added_by_mine = added(base, mine);
    let mut added_by_theirs = minus(theirs, base);
    let mut to_remove = removed_by_mine;
    let mut out: Vec<Value> = Vec::with_capacity(theirs.len() + added_by_mine.len());
    for v in theirs {
        if take(&mut to_remove, v) {
            continue;
        }
        out.push(v.clone());
    }
    for (index, v) in added_by_mine {
        // Added by both sides: keep it once.
        if take(&mut added_by_theirs, &v) {
            continue;
        }
        // After the nearest earlier entry that is still there, else before
        // the nearest later one, else at the end.
        let after = mine[..index]
            .iter()
            .rev()
            .find_map(|prev| out.iter().rposition(|o| o == prev));
        let before = || {
            mine[index + 1..]
                .iter()
                .find_map(|next| out.iter().position(|o| o == next))
        };
        match (after, before()) {
            (Some(at), _) => out.insert(at + 1, v),
            (None, Some(at)) => out.insert(at, v),
            (None, None) => out.push(v),
        }
    }
    out
}

/// `a` minus `b` as a multiset: value → how many more times `a` holds it.
fn minus(a: &[Value], b: &[Value]) -> Vec<(Value, usize)> {
    let mut counts: Vec<(Value, usize)> = Vec::new();
    for v in a {
        match counts.iter_mut().find(|(x, _)| x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v.clone(), 1)),
        }
    }
    for v in b {
        if let Some((_, n)) = counts.iter_mut().find(|(x, _)| x == v) {
            *n = n.saturating_sub(1);
        }
    }
    counts.retain(|(_, n)| *n > 0);
    counts
}

/// Entries of `side` not in `base` (per occurrence), with their index in `side`.
fn added(base: &[Value], side: &[Value]) -> Vec<(usize, Value)> {
    let mut left = minus(base, &[]);
    let mut out = Vec::new();
    for (i, v) in side.iter().enumerate() {
        if !take(&mut left, v) {
            out.push((i, v.clone()));
        }
    }
    out
}

/// Takes one occurrence of `v` from a multiset; false when there is none.
fn take(set: &mut [(Value, usize)], v: &Value) -> bool {
    match set.iter_mut().find(|(x, n)| x == v && *n > 0) {
        Some((_, n)) => {
            *n -= 1;
            true
        }
        None => false,
    }
}

/// Action items: merged as entries, then an item both sides changed
/// (same text, two versions) merges owner, status and due three-way.
/// `None` when one of those was changed differently on both sides.
fn action_items(base: &[Value], mine: &[Value], theirs: &[Value]) -> Option<Vec<Value>> {
    let text_of = |v: &Value| v.get("text").and_then(Value::as_str).map(str::to_string);
    let mut merged = entries(base, mine, theirs);
    let mut counts: HashMap<String, usize> = HashMap::new();
    for v in &merged {
        if let Some(t) = text_of(v) {
            *counts.entry(t).or_default() += 1;
        }
    }
    let once_in = |side: &[Value], t: &str| -> Option<Value> {
        let found: Vec<&Value> = side
            .iter()
            .filter(|v| text_of(v).as_deref() == Some(t))
            .collect();
        (found.len() == 1).then(|| found[0].clone())
    };
    for (text, n) in counts {
        if n < 2 {
            continue;
        }
        let (Some(m), Some(t)) = (once_in(mine, &text), once_in(theirs, &text)) else {
            continue;
        };
        let b = once_in(base, &text).unwrap_or(Value::Null);
        let mut item = t.clone();
        for attr in ["owner", "status", "due"] {
            let get = |v: &Value| v.get(attr).cloned().unwrap_or(Value::Null);
            let (bv, mv, tv) = (get(&b), get(&m), get(&t));
            if mv == tv || bv == mv {
                continue;
            }
            if bv == tv {
                item[attr] = mv;
            } else {
                return None;
            }
        }
        let first = merged
            .iter()
            .position(|v| text_of(v).as_deref() == Some(&text))?;
        merged[first] = item;
        let mut seen = 0;
        merged.retain(|v| {
            if text_of(v).as_deref() != Some(&text) {
                return true;
            }
            seen += 1;
            seen == 1
        });
    }
    Some(merged)
}

#[cfg(test)]
mod tests {
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
}
