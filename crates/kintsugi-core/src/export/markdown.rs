//! A story as a Markdown file with YAML front matter — the format
//! [`crate::import`] reads, so export followed by import is lossless.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::import::front_matter::KNOWN_KEYS;
use crate::markdown::sections;
use crate::story::Story;

#[derive(Serialize)]
struct FrontMatter<'a> {
    uuid: String,
    kind: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detected_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    anonymised: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    changes: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tripwires: Vec<TripwireEntry<'a>>,
    /// Keys kept from the imported file, after the known ones.
    #[serde(flatten)]
    extra: std::collections::BTreeMap<&'a str, &'a serde_json::Value>,
}

/// A tripwire as front matter writes it: absent fields left out.
#[derive(Serialize)]
struct TripwireEntry<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    message: &'a str,
}

fn time(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

/// The Markdown file for `story`.
pub fn to_markdown(story: &Story) -> String {
    let c = &story.content;
    let front = FrontMatter {
        uuid: story.id.to_string(),
        kind: c.kind.as_str(),
        title: &c.title,
        summary: &c.summary,
        tags: &c.tags,
        company: c.company.as_deref(),
        product: c.product.as_deref(),
        severity: c.severity.map(|s| s.as_str()),
        start_time: time(c.start_time),
        detected_time: time(c.detected_time),
        resolved_time: time(c.resolved_time),
        end_time: time(c.end_time),
        url: c.source_url.as_deref(),
        anonymised: c.anonymised,
        changes: &c.changes,
        tripwires: c
            .tripwires
            .iter()
            .map(|t| TripwireEntry {
                name: &t.name,
                pattern: t.pattern.as_deref(),
                path: t.path.as_deref(),
                message: &t.message,
            })
            .collect(),
        // A key the reader understands would be read as that field instead.
        extra: c
            .extra
            .iter()
            // Never for an anonymised story: the anonymiser did not review them.
            .filter(|(key, _)| !c.anonymised && !KNOWN_KEYS.contains(&key.as_str()))
            .map(|(key, value)| (key.as_str(), value))
            .collect(),
    };
    // Serializing a plain struct of strings cannot fail.
    let yaml = serde_norway::to_string(&front).unwrap_or_default();
    let mut out = format!("---\n{yaml}---\n\n{}", c.body);
    out.push_str(&sections::write(&c.parts));
    out.push('\n');
    out
}

/// A file name for `story`: a slug of its title plus the start of its id.
pub fn file_name(story: &Story) -> String {
    let slug: String = story
        .content
        .title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    let id = story.id.simple().to_string();
    format!(
        "{}-{}.md",
        if slug.is_empty() { "story" } else { &slug },
        &id[..8]
    )
}
