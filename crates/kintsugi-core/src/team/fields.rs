//! The fields of a story as the team library names them (the keys of its
//! file), how each one merges, and reading or writing one by name as JSON.
//!
//! Conflicts are recorded per field name from this table (plus
//! `extra.<key>` for front-matter keys Kintsugi does not know), and
//! `resolve` writes a value back by the same name, so the names are part of
//! the public contract (`docs/team.md`): add fields, never rename one.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::story::StoryContent;

/// How a field merges when both sides changed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One value: the same change on both sides, or a conflict.
    Scalar,
    /// Long text: merged by line where the edits do not overlap.
    Text,
    /// A set of tags: what each side added and removed.
    TagSet,
    /// A list of entries (lessons, factors, …): what each side added and
    /// removed, in the order of the team's side.
    List,
    /// Action items: a list whose entries are matched by their text, so
    /// that owner, status and due date merge per item.
    ActionItems,
}

/// Every field of a story, in file order; `extra.<key>` comes after.
pub const FIELDS: &[(&str, FieldKind)] = &[
    ("kind", FieldKind::Scalar),
    ("title", FieldKind::Scalar),
    ("summary", FieldKind::Text),
    ("tags", FieldKind::TagSet),
    ("company", FieldKind::Scalar),
    ("product", FieldKind::Scalar),
    ("severity", FieldKind::Scalar),
    ("start_time", FieldKind::Scalar),
    ("detected_time", FieldKind::Scalar),
    ("resolved_time", FieldKind::Scalar),
    ("end_time", FieldKind::Scalar),
    ("url", FieldKind::Scalar),
    ("anonymised", FieldKind::Scalar),
    ("timeline", FieldKind::List),
    ("went_well", FieldKind::List),
    ("went_wrong", FieldKind::List),
    ("got_lucky", FieldKind::List),
    ("surprises", FieldKind::List),
    ("contributing_factors", FieldKind::List),
    ("lessons", FieldKind::List),
    ("action_items", FieldKind::ActionItems),
    ("changes", FieldKind::List),
    ("tripwires", FieldKind::List),
    ("body", FieldKind::Text),
];

/// Prefix of the field names of unknown front-matter keys.
pub const EXTRA_PREFIX: &str = "extra.";

const PARTS: [&str; 8] = [
    "timeline",
    "went_well",
    "went_wrong",
    "got_lucky",
    "surprises",
    "contributing_factors",
    "lessons",
    "action_items",
];

/// Where a field name lives in the JSON form of [`StoryContent`].
enum Place<'a> {
    Top(&'a str),
    Part(&'a str),
    Extra(&'a str),
}

fn place(field: &str) -> Result<Place<'_>> {
    if let Some(key) = field.strip_prefix(EXTRA_PREFIX).filter(|k| !k.is_empty()) {
        return Ok(Place::Extra(key));
    }
    if !FIELDS.iter().any(|(name, _)| *name == field) {
        return Err(Error::field(
            "field",
            format!("`{field}` is not a story field (see docs/team.md for the names)"),
        ));
    }
    Ok(match field {
        "url" => Place::Top("source_url"),
        f if PARTS.contains(&f) => Place::Part(f),
        f => Place::Top(f),
    })
}

/// The value of `field` in `content`, as JSON (`null` when unset; an
/// absent extra key is `None`).
pub fn get(content: &StoryContent, field: &str) -> Result<Option<Value>> {
    get_json(&serde_json::to_value(content)?, field)
}

/// [`get`] on the JSON form of a story content.
pub fn get_json(json: &Value, field: &str) -> Result<Option<Value>> {
    Ok(match place(field)? {
        Place::Top(key) => Some(json.get(key).cloned().unwrap_or(Value::Null)),
        Place::Part(key) => Some(
            json.get("parts")
                .and_then(|p| p.get(key))
                .cloned()
                .unwrap_or(Value::Array(Vec::new())),
        ),
        Place::Extra(key) => json.get("extra").and_then(|e| e.get(key)).cloned(),
    })
}

/// Sets `field` of `content` to `value` (`None` removes an extra key).
/// Fails, naming the field, when the value has the wrong shape.
pub fn set(content: &mut StoryContent, field: &str, value: Option<Value>) -> Result<()> {
    let mut json = serde_json::to_value(&*content)?;
    set_json(&mut json, field, value)?;
    *content = from_json(json, field)?;
    Ok(())
}

/// [`set`] on the JSON form of a story content.
pub fn set_json(json: &mut Value, field: &str, value: Option<Value>) -> Result<()> {
    let Some(object) = json.as_object_mut() else {
        return Err(Error::field(field, "story content is not an object"));
    };
    match place(field)? {
        Place::Top(key) => {
            object.insert(key.to_string(), value.unwrap_or(Value::Null));
        }
        Place::Part(key) => {
            let parts = object
                .entry("parts")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(parts) = parts.as_object_mut() {
                parts.insert(key.to_string(), value.unwrap_or(Value::Array(Vec::new())));
            }
        }
        Place::Extra(key) => {
            let extra = object
                .entry("extra")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(extra) = extra.as_object_mut() {
                match value {
                    Some(v) => extra.insert(key.to_string(), v),
                    None => extra.remove(key),
                };
            }
        }
    }
    Ok(())
}

/// Reads story content back from its JSON form; a bad value is an error
/// naming `field`.
pub fn from_json(json: Value, field: &str) -> Result<StoryContent> {
    serde_json::from_value(json).map_err(|e| Error::field(field, format!("not a valid value: {e}")))
}

/// Names of every field of `contents` (the fixed ones, then the extra
/// keys any of them has, sorted).
pub fn names(contents: &[&StoryContent]) -> Vec<(String, FieldKind)> {
    let mut out: Vec<(String, FieldKind)> = FIELDS
        .iter()
        .map(|(name, kind)| (name.to_string(), *kind))
        .collect();
    let mut extra: Vec<&String> = contents.iter().flat_map(|c| c.extra.keys()).collect();
    extra.sort();
    extra.dedup();
    out.extend(
        extra
            .into_iter()
            .map(|k| (format!("{EXTRA_PREFIX}{k}"), FieldKind::Scalar)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_field_reads_and_writes_back() {
        let mut c = StoryContent {
            title: "T".into(),
            ..Default::default()
        };
        for (name, _) in FIELDS {
            let v = get(&c, name).unwrap().unwrap();
            set(&mut c, name, Some(v)).unwrap();
        }
        assert_eq!(c.title, "T");
        set(&mut c, "url", Some(json!("https://example.com/x"))).unwrap();
        assert_eq!(c.source_url.as_deref(), Some("https://example.com/x"));
        set(&mut c, "lessons", Some(json!(["a", "b"]))).unwrap();
        assert_eq!(c.parts.lessons, vec!["a", "b"]);
        set(&mut c, "extra.team", Some(json!("payments"))).unwrap();
        assert_eq!(get(&c, "extra.team").unwrap(), Some(json!("payments")));
        set(&mut c, "extra.team", None).unwrap();
        assert!(c.extra.is_empty());
    }

    #[test]
    fn unknown_names_and_bad_values_name_the_field() {
        let mut c = StoryContent::default();
        let err = get(&c, "colour").unwrap_err().to_string();
        assert!(err.contains("colour"), "{err}");
        let err = set(&mut c, "severity", Some(json!("SEV9")))
            .unwrap_err()
            .to_string();
        assert!(err.contains("severity"), "{err}");
    }
}
