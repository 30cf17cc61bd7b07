//! The shared documents besides stories: the anonymisation glossary
//! (`glossary.yaml`) and reading lists (`reading-lists/<uuid>.yaml`), their
//! canonical files and their three-way merges.
//!
//! Invariants:
//! - Files are canonical like story files: fixed keys, LF, glossary terms
//!   sorted (they are sets), list items in reading order, nothing volatile
//!   (no created/updated times).
//! - Glossary terms merge as sets per kind (matched without regard to
//!   case). A reading list's items merge by what each side added and
//!   removed; its title and description are fields that conflict like a
//!   story's. Modify beats delete, as for stories.
//! - An empty glossary has no file.

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::merge::{entries, FieldConflict};
use crate::anonymise::Glossary;
use crate::anonymise::{glossary_terms, GlossaryKind};
use crate::error::{Error, Result};
use crate::story::collapse_whitespace;

/// Path of the glossary file.
pub const GLOSSARY: &str = "glossary.yaml";
/// Largest document read, in bytes.
const MAX_BYTES: usize = 1024 * 1024;

/// A reading list as the team shares it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SharedList {
    /// Identity (the file name).
    pub id: Uuid,
    /// Never empty.
    pub title: String,
    /// May be empty.
    pub description: String,
    /// Story ids, in reading order.
    pub items: Vec<Uuid>,
}

/// Path of a reading list's file.
pub fn reading_list_path(id: Uuid) -> String {
    format!("reading-lists/{id}.yaml")
}

/// The list id a path names, if it is a reading list file.
pub fn reading_list_id(path: &str) -> Option<Uuid> {
    let name = path.strip_prefix("reading-lists/")?.strip_suffix(".yaml")?;
    let id = Uuid::parse_str(name).ok()?;
    (id.to_string() == name).then_some(id)
}

#[derive(Serialize)]
struct GlossaryFile<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    people: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    customers: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    companies: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    products: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    allow: Vec<&'a str>,
}

/// `glossary` cleaned (trimmed, no case duplicates) and sorted.
pub fn canonical_glossary(glossary: &Glossary) -> Glossary {
    let mut out = Glossary::default();
    for (kind, term) in glossary_terms(glossary) {
        kind.list(&mut out).push(term);
    }
    for kind in GlossaryKind::ALL {
        kind.list(&mut out).sort_by(|a, b| {
            a.to_lowercase()
                .cmp(&b.to_lowercase())
                .then_with(|| a.cmp(b))
        });
    }
    out
}

/// The glossary file, or `None` for an empty glossary.
pub fn render_glossary(glossary: &Glossary) -> Option<String> {
    let g = canonical_glossary(glossary);
    if g == Glossary::default() {
        return None;
    }
    fn strs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let file = GlossaryFile {
        people: strs(&g.people),
        customers: strs(&g.customers),
        companies: strs(&g.companies),
        products: strs(&g.products),
        allow: strs(&g.allow),
    };
    let yaml = serde_norway::to_string(&file).unwrap_or_default();
    Some(format!(
        "# The team's anonymisation glossary: names to replace, words to keep.\n{yaml}"
    ))
}

/// Reads the glossary file.
pub fn parse_glossary(bytes: &[u8]) -> Result<Glossary> {
    let text = text(GLOSSARY, bytes)?;
    let glossary = Glossary::parse(&text).map_err(|e| match e {
        Error::Parse { message, .. } => Error::parse(GLOSSARY, message),
        other => other,
    })?;
    Ok(canonical_glossary(&glossary))
}

/// Three-way merge of glossaries: each kind is a set of terms.
pub fn merge_glossary(base: Option<&Glossary>, mine: &Glossary, theirs: &Glossary) -> Glossary {
    let base = base.cloned().unwrap_or_default();
    let (mut base, mut mine, mut theirs) = (base, mine.clone(), theirs.clone());
    let mut out = Glossary::default();
    for kind in GlossaryKind::ALL {
        let key = |t: &String| t.to_lowercase();
        let (b, m, t) = (
            kind.list(&mut base).clone(),
            kind.list(&mut mine).clone(),
            kind.list(&mut theirs).clone(),
        );
        let has = |set: &[String], k: &str| set.iter().any(|x| key(x) == k);
        let mut terms: Vec<String> = t
            .iter()
            // Kept unless we removed it (it was in the base and is not in ours).
            .filter(|x| !has(&b, &key(x)) || has(&m, &key(x)))
            .cloned()
            .collect();
        for x in &m {
            if !has(&b, &key(x)) && !has(&terms, &key(x)) {
                terms.push(x.clone());
            }
        }
        *kind.list(&mut out) = terms;
    }
    canonical_glossary(&out)
}

#[derive(Serialize)]
struct ListFile<'a> {
    id: String,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    items: Vec<String>,
}

/// A reading list's file.
pub fn render_list(list: &SharedList) -> String {
    let file = ListFile {
        id: list.id.to_string(),
        title: &list.title,
        description: &list.description,
        items: list.items.iter().map(Uuid::to_string).collect(),
    };
    serde_norway::to_string(&file).unwrap_or_default()
}

/// Reads a reading list's file at `path`, which must hold list `id`.
pub fn parse_list(path: &str, id: Uuid, bytes: &[u8]) -> Result<SharedList> {
    let text = text(path, bytes)?;
    let err = |field: &str, m: String| Error::parse(path, format!("field `{field}`: {m}"));
    let value: serde_norway::Value = serde_norway::from_str(&text)
        .map_err(|e| Error::parse(path, format!("not valid YAML: {e}")))?;
    let get = |k: &str| value.get(k).filter(|v| !v.is_null());
    let string = |k: &str| -> Result<String> {
        match get(k) {
            None => Ok(String::new()),
            Some(serde_norway::Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(err(k, "expected text".into())),
        }
    };
    if string("id")?.trim() != id.to_string() {
        return Err(err("id", format!("does not match the file name ({id})")));
    }
    let title = collapse_whitespace(&string("title")?);
    if title.is_empty() {
        return Err(err("title", "a reading list needs a title".into()));
    }
    let mut items = Vec::new();
    match get("items") {
        None => {}
        Some(serde_norway::Value::Sequence(seq)) => {
            for (i, item) in seq.iter().enumerate() {
                let s = item.as_str().unwrap_or_default();
                let story = Uuid::parse_str(s.trim())
                    .map_err(|_| err("items", format!("item {}: not a story id: `{s}`", i + 1)))?;
                if !items.contains(&story) {
                    items.push(story);
                }
            }
        }
        Some(_) => return Err(err("items", "expected a list of story ids".into())),
    }
    Ok(SharedList {
        id,
        title,
        description: string("description")?.trim().to_string(),
        items,
    })
}

/// Three-way merge of a reading list (`None` = absent or deleted).
pub fn merge_list(
    base: Option<&SharedList>,
    mine: Option<&SharedList>,
    theirs: Option<&SharedList>,
) -> (Option<SharedList>, Vec<FieldConflict>) {
    match (mine, theirs) {
        (None, None) => (None, Vec::new()),
        (Some(m), None) => ((base != Some(m)).then(|| m.clone()), Vec::new()),
        (None, Some(t)) => ((base != Some(t)).then(|| t.clone()), Vec::new()),
        (Some(m), Some(t)) if m == t => (Some(m.clone()), Vec::new()),
        (Some(m), Some(t)) => {
            let empty = SharedList::default();
            let b = base.unwrap_or(&empty);
            let mut out = t.clone();
            let mut conflicts = Vec::new();
            for (field, bv, mv, tv, slot) in [
                ("title", &b.title, &m.title, &t.title, &mut out.title),
                (
                    "description",
                    &b.description,
                    &m.description,
                    &t.description,
                    &mut out.description,
                ),
            ] {
                if mv == tv || bv == mv {
                    continue;
                }
                if bv == tv {
                    *slot = mv.clone();
                } else {
                    conflicts.push(FieldConflict {
                        field: field.to_string(),
                        mine: Value::String(mv.clone()),
                        theirs: Value::String(tv.clone()),
                    });
                }
            }
            let ids = |l: &[Uuid]| -> Vec<Value> {
                l.iter().map(|i| Value::String(i.to_string())).collect()
            };
            out.items = entries(&ids(&b.items), &ids(&m.items), &ids(&t.items))
                .iter()
                .filter_map(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok()))
                .collect();
            let mut seen = std::collections::HashSet::new();
            out.items.retain(|id| seen.insert(*id));
            (Some(out), conflicts)
        }
    }
}

fn text(path: &str, bytes: &[u8]) -> Result<String> {
    if bytes.len() > MAX_BYTES {
        return Err(Error::parse(
            path,
            format!("file is over the {} KiB limit", MAX_BYTES / 1024),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::parse(
            path,
            format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    Ok(text.replace("\r\n", "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_round_trips_sorted_and_merges_as_sets() {
        let g = Glossary {
            people: vec!["Zoe".into(), "adam".into(), "Adam".into()],
            allow: vec!["Vitess".into()],
            ..Default::default()
        };
        let text = render_glossary(&g).unwrap();
        assert!(text.find("adam").unwrap() < text.find("Zoe").unwrap());
        let back = parse_glossary(text.as_bytes()).unwrap();
        assert_eq!(back.people, vec!["adam", "Zoe"]);
        assert_eq!(render_glossary(&back).unwrap(), text);
        assert_eq!(render_glossary(&Glossary::default()), None);

        let base = back;
        let mine = Glossary {
            people: vec!["adam".into(), "Zoe".into(), "Mia".into()],
            allow: vec![],
            ..Default::default()
        };
        let theirs = Glossary {
            people: vec!["Zoe".into(), "Lee".into()],
            allow: vec!["Vitess".into()],
            ..Default::default()
        };
        let merged = merge_glossary(Some(&base), &mine, &theirs);
        assert_eq!(merged.people, vec!["Lee", "Mia", "Zoe"]);
        assert!(
            merged.allow.is_empty(),
            "mine removed Vitess, theirs kept it"
        );
    }

    #[test]
    fn reading_lists_round_trip_and_merge() {
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let list = SharedList {
            id: Uuid::new_v4(),
            title: "First week".into(),
            description: "Read these.".into(),
            items: vec![a, b],
        };
        let text = render_list(&list);
        let path = reading_list_path(list.id);
        assert_eq!(reading_list_id(&path), Some(list.id));
        assert_eq!(parse_list(&path, list.id, text.as_bytes()).unwrap(), list);
        let mine = SharedList {
            title: "Week one".into(),
            items: vec![a, b, c],
            ..list.clone()
        };
        let theirs = SharedList {
            description: "Read these first.".into(),
            items: vec![b],
            ..list.clone()
        };
        let (merged, conflicts) = merge_list(Some(&list), Some(&mine), Some(&theirs));
        let merged = merged.unwrap();
        assert_eq!(merged.title, "Week one");
        assert_eq!(merged.description, "Read these first.");
        assert_eq!(merged.items, vec![b, c]);
        assert!(conflicts.is_empty());
        let other = SharedList {
            title: "Onboarding".into(),
            ..list.clone()
        };
        let (merged, conflicts) = merge_list(Some(&list), Some(&mine), Some(&other));
        assert_eq!(merged.unwrap().title, "Onboarding");
        assert_eq!(conflicts[0].field, "title");
        // Modify beats delete.
        assert_eq!(
            merge_list(Some(&list), None, Some(&other)).0.unwrap().title,
            "Onboarding"
        );
        assert_eq!(merge_list(Some(&list), None, Some(&list)).0, None);
    }

    #[test]
    fn invalid_lists_name_path_and_field() {
        let id = Uuid::new_v4();
        let path = reading_list_path(id);
        let err = parse_list(&path, id, format!("id: {id}\ntitle: ''\n").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("`title`"), "{err}");
        let err = parse_list(
            &path,
            id,
            format!("id: {id}\ntitle: T\nitems: [nope]\n").as_bytes(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("`items`") && err.to_string().contains(&path),
            "{err}"
        );
        let err = parse_list(&path, id, b"id: other\ntitle: T\n").unwrap_err();
        assert!(err.to_string().contains("`id`"), "{err}");
    }
}
