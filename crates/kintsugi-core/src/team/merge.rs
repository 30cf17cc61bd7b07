//! Three-way merge of one story: this library's version ("mine") and the
//! team's ("theirs"), both changed from the version last synced ("base").
//!
//! Rules (the contract documented in `docs/team.md`):
//! - A field changed on one side only takes that side's value; a field
//!   changed alike on both sides takes it once.
//! - Tags merge as a set: what each side added and removed. Lists of
//!   entries (timeline, went well/wrong, lucky, surprises, factors, lessons)
//!   merge the same way, keeping the team's order and placing this
//!   library's new entries after the entry they followed. Action items are
//!   matched by their text, so owner, status, due and close dates merge
//!   per item.
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
/// (same text, two versions) merges owner, status, due and close date
/// three-way.
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
        for attr in ["owner", "status", "due", "closed"] {
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
mod tests;
