//! Markdown in, Markdown out: what `kintsugi anonymise` prints. A file
//! with YAML front matter is read as a story (its people keys join the
//! glossary) and written back with front matter; a file without is
//! anonymised as one text.
//!
//! Invariant: the anonymised story gets a new id derived from the
//! original's (the same input always gives the same id), and no source URL.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_norway::Value;
use ts_rs::TS;
use uuid::Uuid;

use super::{anonymise_story, anonymise_text, Glossary, Replacement};
use crate::error::Result;
use crate::story::Story;

/// An anonymised Markdown document (see [`anonymise_markdown`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AnonymisedDocument {
    /// The anonymised Markdown.
    pub markdown: String,
    /// What was replaced (fields of the story, or `text` for a plain body).
    pub replacements: Vec<Replacement>,
}

/// Reads Markdown (YAML front matter optional) and anonymises it. With
/// front matter the text is read as a story; its `author`, `authors`,
/// `participants`, `people`, `responders`, `incident_commander`, `owner`
/// and `reviewers` keys are added to the glossary's people, and the story
/// is written back as Markdown with front matter (a new id derived from the
/// original, `anonymised: true`). Without front matter the whole text is
/// anonymised as it stands. `now` stamps the anonymised story.
pub fn anonymise_markdown(
    text: &str,
    glossary: &Glossary,
    now: DateTime<Utc>,
) -> Result<AnonymisedDocument> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !(text.starts_with("---\n") || text.starts_with("---\r\n")) {
        let done = anonymise_text(text, glossary);
        return Ok(AnonymisedDocument {
            markdown: done.text,
            replacements: done.replacements,
        });
    }
    let mut glossary = glossary.clone();
    glossary.people.extend(front_matter_people(text));
    let path = Path::new("-");
    let parsed = crate::import::parse_text(path, text)?;
    let Some(story) = parsed.into_iter().next() else {
        return Err(crate::error::Error::parse(path, "no story found"));
    };
    let done = anonymise_story(&story.content, &glossary);
    let seed = story
        .id
        .map_or_else(|| story.content.title.clone(), |id| id.to_string());
    let anonymised = Story {
        id: Uuid::new_v5(
            &Uuid::NAMESPACE_OID,
            format!("kintsugi-anonymised:{seed}").as_bytes(),
        ),
        revision: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        content: done.content,
    };
    Ok(AnonymisedDocument {
        markdown: crate::export::markdown::to_markdown(&anonymised),
        replacements: done.replacements,
    })
}

/// Names listed in front matter keys that hold people.
fn front_matter_people(text: &str) -> Vec<String> {
    const KEYS: &[&str] = &[
        "author",
        "authors",
        "participants",
        "people",
        "responders",
        "incident_commander",
        "owner",
        "owners",
        "reviewers",
        "editor",
    ];
    let body = text.split_once('\n').map_or("", |(_, rest)| rest);
    let yaml_end = body
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(0))
        .find(|&i| {
            let line = body[i..].lines().next().unwrap_or("");
            line.trim_end() == "---" || line.trim_end() == "..."
        });
    let yaml = &body[..yaml_end.unwrap_or(0)];
    let Ok(Value::Mapping(map)) = serde_norway::from_str::<Value>(yaml) else {
        return Vec::new();
    };
    let mut people = Vec::new();
    for key in KEYS {
        match map.get(*key) {
            Some(Value::String(s)) => {
                people.extend(s.split([',', ';']).map(|p| p.trim().to_string()));
            }
            Some(Value::Sequence(items)) => {
                people.extend(items.iter().filter_map(|v| {
                    match v {
                        Value::String(s) => Some(s.trim().to_string()),
                        Value::Mapping(m) => m
                            .get("name")
                            .and_then(Value::as_str)
                            .map(|s| s.trim().to_string()),
                        _ => None,
                    }
                }));
            }
            _ => {}
        }
    }
    people.retain(|p| !p.is_empty());
    people
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).unwrap()
    }

    #[test]
    fn markdown_reads_people_from_front_matter() {
        let text = "---\ntitle: Queue backlog\nauthor: Quinn Osei\ncompany: Initech\n---\n\n\
                    Osei drained the queue at Initech.\n";
        let done = anonymise_markdown(text, &Glossary::default(), now()).unwrap();
        assert!(done
            .markdown
            .contains("Engineer A drained the queue at Company X."));
        assert!(done.markdown.contains("anonymised: true"));
        assert!(!done.markdown.contains("Quinn") && !done.markdown.contains("Osei"));
        let plain =
            anonymise_markdown("Mail quinn@initech.com\n", &Glossary::default(), now()).unwrap();
        assert_eq!(plain.markdown, "Mail engineer-a@example.com\n");
    }
}
