//! The query language people type into the search box.
//!
//! ```text
//! retry storm "connection pool" -redis tag:migrations company:acme
//! severity:SEV1 kind:war-story after:2023-01-01 before:2024-06
//! ```
//!
//! Words must all match (in any text field); `"…"` is a phrase; a leading `-`
//! excludes a word, phrase or tag. Filters are `name:value`, with a quoted
//! value allowed (`company:"Acme Shop"`). An unknown `name:value` is searched
//! as plain text, so pasting `error: timeout` still works. Parsing is total
//! except for values that cannot mean anything (a bad date or severity), which
//! are reported instead of silently ignored.

use std::ops::Range;

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Error, Result};
use crate::story::{Severity, StoryKind};
use crate::tag::tag_key;

/// A piece of free text to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextTerm {
    /// One word (may still split into several tokens, e.g. `boot.ini`).
    Word(String),
    /// Words that must appear in this order.
    Phrase(String),
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Text that must match.
    pub must: Vec<TextTerm>,
    /// Text that must not match.
    pub must_not: Vec<TextTerm>,
    /// Tag keys every hit must carry.
    pub tags: Vec<String>,
    /// Tag keys no hit may carry.
    pub not_tags: Vec<String>,
    /// Company keys; a hit must match one of them.
    pub companies: Vec<String>,
    /// A hit must have one of these severities.
    pub severities: Vec<Severity>,
    /// A hit must be of this kind.
    pub kind: Option<StoryKind>,
    /// Incident date on or after.
    pub after: Option<DateTime<Utc>>,
    /// Incident date strictly before.
    pub before: Option<DateTime<Utc>>,
}

impl ParsedQuery {
    /// True when there is text to rank by.
    pub fn has_text(&self) -> bool {
        !self.must.is_empty()
    }
}

/// The matching key of a company name: case and spacing do not matter.
pub fn company_key(name: &str) -> String {
    crate::story::collapse_whitespace(name).to_lowercase()
}

/// A word typed on its own: not in a phrase, not excluded, not a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainWord {
    /// Where it sits in the typed query, in bytes.
    pub span: Range<usize>,
    /// The word as typed.
    pub text: String,
}

/// The plain words of `input` in order, with their places, so that one word
/// can be replaced while the rest of the query stays as typed.
pub fn plain_words(input: &str) -> Vec<PlainWord> {
    tokenize(input)
        .into_iter()
        .filter(|t| !t.negated && !t.quoted && t.field.is_none() && !t.value.is_empty())
        .map(|t| PlainWord {
            span: t.span,
            text: t.value,
        })
        .collect()
}

/// Parses the query language described in the module docs.
pub fn parse(input: &str) -> Result<ParsedQuery> {
    let mut query = ParsedQuery::default();
    for token in tokenize(input) {
        let Token {
            negated,
            field,
            value,
            quoted,
            ..
        } = token;
        if value.is_empty() {
            continue;
        }
        match field.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("tag") => {
                let key = tag_key(&value);
                if negated {
                    query.not_tags.push(key)
                } else {
                    query.tags.push(key)
                }
            }
            Some("company") => query.companies.push(company_key(&value)),
            Some("severity" | "sev") => {
                query.severities.push(value.parse().map_err(|_| {
                    Error::InvalidQuery(format!("severity:{value} is not SEV1–SEV4"))
                })?)
            }
            Some("kind") => {
                query.kind = Some(value.parse().map_err(|_| {
                    Error::InvalidQuery(format!("kind:{value} is not `postmortem` or `war-story`"))
                })?)
            }
            Some("after") => query.after = Some(parse_date("after", &value)?),
            Some("before") => query.before = Some(parse_date("before", &value)?),
            _ => {
                let text = match &field {
                    Some(f) => format!("{f}:{value}"),
                    None => value,
                };
                let term = if quoted {
                    TextTerm::Phrase(text)
                } else {
                    TextTerm::Word(text)
                };
                if negated {
                    query.must_not.push(term)
                } else {
                    query.must.push(term)
                }
            }
        }
    }
    Ok(query)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the first instant of that period (UTC).
fn parse_date(name: &str, value: &str) -> Result<DateTime<Utc>> {
    let padded = match value.len() {
        4 => format!("{value}-01-01"),
        7 => format!("{value}-01"),
        _ => value.to_string(),
    };
    NaiveDate::parse_from_str(&padded, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .ok_or_else(|| {
            Error::InvalidQuery(format!(
                "{name}:{value} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
            ))
        })
}

#[derive(Debug, PartialEq)]
struct Token {
    negated: bool,
    field: Option<String>,
    value: String,
    quoted: bool,
    /// Bytes of `input` the token was read from, sign and quotes included.
    span: Range<usize>,
}

/// Splits on whitespace, keeping `"quoted runs"` (an unclosed quote runs to the end).
fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    loop {
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        let Some(&(start, first)) = chars.peek() else {
            break;
        };
        let negated = first == '-';
        if negated {
            chars.next();
        }
        let mut field = None;
        let mut word = String::new();
        let mut quoted = false;
        let mut end = start + first.len_utf8();
        while let Some(&(at, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            end = at + c.len_utf8();
            if c == '"' {
                quoted = true;
                for (at, c) in chars.by_ref() {
                    end = at + c.len_utf8();
                    if c == '"' {
                        break;
                    }
                    word.push(c);
                }
                break;
            }
            if c == ':' && field.is_none() && !word.is_empty() && is_field_name(&word) {
                field = Some(std::mem::take(&mut word));
                continue;
            }
            word.push(c);
        }
        tokens.push(Token {
            negated,
            field,
            value: word.trim().to_string(),
            quoted,
            span: start..end,
        });
    }
    tokens
}

fn is_field_name(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_exclusions() {
        let q = parse(r#"retry "connection pool" -redis -"read replica""#).unwrap();
        assert_eq!(
            q.must,
            vec![
                TextTerm::Word("retry".into()),
                TextTerm::Phrase("connection pool".into())
            ]
        );
        assert_eq!(
            q.must_not,
            vec![
                TextTerm::Word("redis".into()),
                TextTerm::Phrase("read replica".into())
            ]
        );
    }

    #[test]
    fn filters() {
        let q = parse(r#"tag:Migrations -tag:yml company:"Acme  Shop" severity:sev1 kind:war-story after:2023 before:2024-06-15"#)
            .unwrap();
        assert_eq!(q.tags, vec!["migration"]);
        assert_eq!(q.not_tags, vec!["yaml"]);
        assert_eq!(q.companies, vec!["acme shop"]);
        assert_eq!(q.severities, vec![Severity::Sev1]);
        assert_eq!(q.kind, Some(StoryKind::WarStory));
        assert_eq!(q.after.unwrap().to_rfc3339(), "2023-01-01T00:00:00+00:00");
        assert_eq!(q.before.unwrap().to_rfc3339(), "2024-06-15T00:00:00+00:00");
        assert!(!q.has_text());
    }

    #[test]
    fn unknown_fields_are_text_and_bad_values_are_errors() {
        let q = parse("error:timeout").unwrap();
        assert_eq!(q.must, vec![TextTerm::Word("error:timeout".into())]);
        assert!(parse("after:yesterday").is_err());
        assert!(parse("severity:high").is_err());
        assert_eq!(parse("   ").unwrap(), ParsedQuery::default());
        assert_eq!(parse(r#""unclosed phrase"#).unwrap().must.len(), 1);
    }

    #[test]
    fn plain_words_are_found_where_they_were_typed() {
        let input = r#"  rollbak "a postgress b" -redis tag:dns error:timeout café  "#;
        let words = plain_words(input);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["rollbak", "café"]);
        for word in &words {
            assert_eq!(&input[word.span.clone()], word.text);
        }
    }
}
