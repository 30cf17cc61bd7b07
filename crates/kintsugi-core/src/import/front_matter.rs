//! Markdown files with YAML front matter, one story per file.
//!
//! Reads this project's own export format and the public icco/postmortems
//! collection (`uuid, url, title, categories, keywords, company, product,
//! start_time, end_time, summary`, …). Unknown keys are kept as they are in
//! [`StoryContent::extra`] (see [`KNOWN_KEYS`]). YAML is
//! parsed by serde_norway, whose deserializer refuses documents nested over
//! 128 levels or expanding aliases past a repetition limit ("billion
//! laughs"); the front matter itself is capped at [`MAX_FRONT_MATTER`].

use std::path::Path;

use chrono::{DateTime, Utc};
use serde_norway::{Mapping, Value};
use uuid::Uuid;

use super::ParsedStory;
use crate::error::{Error, Result};
use crate::markdown::sections;
use crate::story::{parse_timestamp, StoryContent, Tripwire};

/// Largest front matter block accepted, in bytes.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

/// Every key this reader understands (with its aliases); any other key is
/// kept verbatim in [`StoryContent::extra`].
pub const KNOWN_KEYS: &[&str] = &[
    "uuid",
    "id",
    "kind",
    "title",
    "summary",
    "description",
    "tags",
    "categories",
    "keywords",
    "company",
    "organization",
    "organisation",
    "product",
    "service",
    "severity",
    "start_time",
    "started_at",
    "start",
    "detected_time",
    "detected_at",
    "resolved_time",
    "resolved_at",
    "mitigated_at",
    "end_time",
    "ended_at",
    "end",
    "url",
    "source_url",
    "source",
    "anonymised",
    "anonymized",
    "changes",
    "tripwires",
];

/// Splits `---`-fenced front matter from the body. `Ok(None)` when the text
/// has no front matter; an error when a block is opened but never closed.
pub fn split(path: &Path, text: &str) -> Result<Option<(String, String)>> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok(None);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        if bare == "---" || bare == "..." {
            let yaml = rest[..offset].to_string();
            let body = rest[offset + line.len()..].to_string();
            return Ok(Some((yaml, body)));
        }
        offset += line.len();
        if offset > MAX_FRONT_MATTER {
            break;
        }
    }
    if offset > MAX_FRONT_MATTER {
        return Err(Error::parse(
            path,
            format!(
                "front matter is larger than {} KiB",
                MAX_FRONT_MATTER / 1024
            ),
        ));
    }
    Err(Error::parse(
        path,
        "front matter starts with `---` but has no closing `---` line",
    ))
}

/// Parses a file that has front matter into a story.
pub fn parse(path: &Path, yaml: &str, body: &str) -> Result<ParsedStory> {
    let value: Value = serde_norway::from_str(yaml)
        .map_err(|e| Error::parse(path, format!("front matter is not valid YAML: {e}")))?;
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => Mapping::new(),
        _ => {
            return Err(Error::parse(
                path,
                "front matter must be a mapping of `key: value` lines",
            ))
        }
    };
    let fm = Fields { path, map: &map };
    let (narrative, parts) = sections::split(body);
    let mut tags = fm.list("tags")?;
    tags.extend(fm.list("categories")?);
    tags.extend(fm.list("keywords")?);
    let mut content = StoryContent {
        kind: fm
            .text("kind")?
            .map(|k| k.parse())
            .transpose()
            .map_err(|e| fm.err_from(e))?
            .unwrap_or_default(),
        title: fm.text("title")?.unwrap_or_default(),
        summary: fm
            .text_any(&["summary", "description"])?
            .unwrap_or_default(),
        body: narrative,
        tags,
        company: fm.text_any(&["company", "organization", "organisation"])?,
        product: fm.text_any(&["product", "service"])?,
        severity: fm
            .text("severity")?
            .map(|s| s.parse())
            .transpose()
            .map_err(|e| fm.err_from(e))?,
        start_time: fm.time(&["start_time", "started_at", "start"])?,
        detected_time: fm.time(&["detected_time", "detected_at"])?,
        resolved_time: fm.time(&["resolved_time", "resolved_at", "mitigated_at"])?,
        end_time: fm.time(&["end_time", "ended_at", "end"])?,
        source_url: fm.text_any(&["url", "source_url", "source"])?,
        anonymised: fm.boolean(&["anonymised", "anonymized"])?,
        parts,
        changes: fm.strings("changes")?,
        tripwires: fm.tripwires()?,
        extra: extra_keys(path, &map, KNOWN_KEYS)?,
    };
    if content.title.trim().is_empty() {
        content.title = super::derive_title(&mut content, path);
    }
    let id = fm
        .text_any(&["uuid", "id"])?
        .map(|s| {
            Uuid::parse_str(s.trim())
                .map_err(|e| fm.err("uuid", format!("not a UUID ({e}): `{s}`")))
        })
        .transpose()?;
    Ok(ParsedStory { id, content })
}

/// Typed access to front matter keys with errors that name file and field.
struct Fields<'a> {
    path: &'a Path,
    map: &'a Mapping,
}

impl Fields<'_> {
    fn err(&self, field: &str, message: impl std::fmt::Display) -> Error {
        Error::parse(self.path, format!("field `{field}`: {message}"))
    }

    fn err_from(&self, e: Error) -> Error {
        match e {
            Error::InvalidField { field, message } => self.err(&field, message),
            other => other,
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn text(&self, key: &str) -> Result<Option<String>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let s = scalar(v).ok_or_else(|| self.err(key, "expected text, found a list or mapping"))?;
        Ok(Some(s).filter(|s| !s.trim().is_empty()))
    }

    fn text_any(&self, keys: &[&str]) -> Result<Option<String>> {
        for key in keys {
            if let Some(s) = self.text(key)? {
                return Ok(Some(s));
            }
        }
        Ok(None)
    }

    /// A list of strings, or one comma-separated string.
    fn list(&self, key: &str) -> Result<Vec<String>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Sequence(items)) => items
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| scalar(v).ok_or_else(|| self.err(key, "expected a list of text items")))
                .collect(),
            Some(v) => {
                let s = scalar(v).ok_or_else(|| self.err(key, "expected a list"))?;
                Ok(s.split(',').map(|t| t.trim().to_string()).collect())
            }
        }
    }

    fn time(&self, keys: &[&str]) -> Result<Option<DateTime<Utc>>> {
        for key in keys {
            if let Some(s) = self.text(key)? {
                return parse_timestamp(&s).map(Some).ok_or_else(|| {
                    self.err(
                        key,
                        format!("expected a date-time such as 2024-03-12T14:05:00Z, found `{s}`"),
                    )
                });
            }
        }
        Ok(None)
    }

    /// A list of strings, or one string taken whole (globs hold commas).
    fn strings(&self, key: &str) -> Result<Vec<String>> {
        match self.get(key) {
            Some(Value::Sequence(_)) => self.list(key),
            Some(v) => Ok(vec![
                scalar(v).ok_or_else(|| self.err(key, "expected a list"))?
            ]),
            None => Ok(Vec::new()),
        }
    }

    /// `tripwires:` — a list of mappings with `name`, `pattern`, `path` and
    /// `message` (checked further by [`StoryContent::normalize`]).
    fn tripwires(&self) -> Result<Vec<Tripwire>> {
        let items = match self.get("tripwires") {
            None => return Ok(Vec::new()),
            Some(Value::Sequence(items)) => items,
            Some(_) => {
                return Err(self.err(
                    "tripwires",
                    "expected a list of `- name: …, pattern: …, path: …, message: …` entries",
                ))
            }
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let field = |key: &str| format!("tripwires[{i}].{key}");
                let Value::Mapping(map) = item else {
                    return Err(self.err(
                        &format!("tripwires[{i}]"),
                        "expected a mapping with `name`, `pattern` or `path`, and `message`",
                    ));
                };
                let text = |key: &str| -> Result<Option<String>> {
                    match map.get(key).filter(|v| !v.is_null()) {
                        None => Ok(None),
                        Some(v) => scalar(v)
                            .map(Some)
                            .ok_or_else(|| self.err(&field(key), "expected text")),
                    }
                };
                Ok(Tripwire {
                    name: text("name")?.unwrap_or_default(),
                    pattern: text("pattern")?,
                    path: text("path")?,
                    message: text("message")?.unwrap_or_default(),
                })
            })
            .collect()
    }

    fn boolean(&self, keys: &[&str]) -> Result<bool> {
        for key in keys {
            match self.get(key) {
                None => continue,
                Some(Value::Bool(b)) => return Ok(*b),
                Some(_) => return Err(self.err(key, "expected true or false")),
            }
        }
        Ok(false)
    }
}

/// The keys of `map` not in `known`, as JSON values (non-text keys are refused).
pub(crate) fn extra_keys(
    path: &Path,
    map: &Mapping,
    known: &[&str],
) -> Result<std::collections::BTreeMap<String, serde_json::Value>> {
    let mut extra = std::collections::BTreeMap::new();
    for (key, value) in map {
        let Some(key) = key.as_str() else {
            return Err(Error::parse(path, "front matter keys must be text"));
        };
        if known.contains(&key) {
            continue;
        }
        let value = serde_json::to_value(value)
            .map_err(|e| Error::parse(path, format!("field `{key}`: {e}")))?;
        extra.insert(key.to_string(), value);
    }
    Ok(extra)
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar(&t.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "---\ntitle: The replica that lagged\ntags: [postgres]\n---\n\nIt lagged.\n\n## What surprised us?\n\n- Reads went to the lagging replica\n\n## Where we got lucky\n\n- A quiet Sunday\n\n## Action items\n\n- [x] Route reads by lag (owner: DBA, due: 2024-04-01, closed: 2024-03-20)\n- [ ] Alert on lag\n";

    fn parsed() -> ParsedStory {
        let path = Path::new("story.md");
        let (yaml, body) = split(path, FILE).unwrap().unwrap();
        parse(path, &yaml, &body).unwrap()
    }

    #[test]
    fn a_file_with_front_matter_lifts_its_surprises() {
        let c = parsed().content;
        assert_eq!(c.title, "The replica that lagged");
        assert_eq!(c.body, "It lagged.");
        assert_eq!(c.parts.surprises, vec!["Reads went to the lagging replica"]);
        assert_eq!(c.parts.got_lucky, vec!["A quiet Sunday"]);
    }

    #[test]
    fn a_file_with_front_matter_keeps_the_day_an_action_was_done() {
        let items = parsed().content.parts.action_items;
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].text, "Route reads by lag");
        assert_eq!(items[0].status, crate::story::ActionStatus::Done);
        assert_eq!(
            items[0].closed.map(|d| d.to_string()).as_deref(),
            Some("2024-03-20")
        );
        assert_eq!(items[1].closed, None);
    }
}
