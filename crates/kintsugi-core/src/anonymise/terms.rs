//! Known-term matching: the terms a story is known to contain (glossary
//! entries, the items of its company and product fields, people's names
//! learned from it) found wherever they occur.
//!
//! Invariants: a term has two characters or more and is unique
//! case-insensitively; a match is a whole word, except that a company,
//! product or customer name of three letters or more also takes the rest
//! of a word it starts; a term learned by the heuristics matches only as
//! written.

use regex::Regex;

use super::finding::{boundary_after, boundary_before, Found};
use super::overlaps::resolve;
use super::ReplacementKind;

/// A known sensitive term and what it is.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub text: String,
    pub kind: ReplacementKind,
    /// Matched only as written (names the heuristics found: "General" the
    /// name part must not take "general" the word).
    pub case_sensitive: bool,
}

/// All known sensitive terms of one story, compiled for matching.
#[derive(Debug, Default)]
pub(crate) struct Terms {
    list: Vec<Term>,
    /// Case-insensitive and case-sensitive alternations, built on demand.
    regex: Option<(Option<Regex>, Option<Regex>)>,
}

impl Terms {
    /// Adds a term unless it is empty or already known (case-insensitively).
    pub fn add(&mut self, text: &str, kind: ReplacementKind, case_sensitive: bool) {
        let text = text.trim();
        if text.chars().count() < 2 || self.kind_of(text).is_some() {
            return;
        }
        self.list.push(Term {
            text: text.to_string(),
            kind,
            case_sensitive,
        });
        self.regex = None;
    }

    /// The kind of a known term.
    pub fn kind_of(&self, text: &str) -> Option<ReplacementKind> {
        let lower = text.trim().to_lowercase();
        self.list
            .iter()
            .find(|t| t.text.to_lowercase() == lower)
            .map(|t| t.kind)
    }

    /// True when a host name contains a sensitive (non-person) term, as in
    /// `amazonaws.com` for the company "Amazon".
    pub fn host_is_sensitive(&self, host: &str) -> bool {
        let host = host.to_lowercase();
        let squashed: String = host.chars().filter(char::is_ascii_alphanumeric).collect();
        let labels: Vec<&str> = host.split(['.', '-']).collect();
        self.list
            .iter()
            .filter(|t| t.kind != ReplacementKind::Person)
            .any(|t| {
                let term: String = t
                    .text
                    .to_lowercase()
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                if term.len() >= 4 {
                    squashed.contains(&term)
                } else {
                    !term.is_empty() && labels.contains(&term.as_str())
                }
            })
    }

    fn compile(&mut self) {
        if self.regex.is_some() {
            return;
        }
        let build = |case_sensitive: bool| {
            let mut texts: Vec<&str> = self
                .list
                .iter()
                .filter(|t| t.case_sensitive == case_sensitive)
                .map(|t| t.text.as_str())
                .collect();
            if texts.is_empty() {
                return None;
            }
            texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
            let alternation = texts
                .iter()
                .map(|t| {
                    // Any run of spaces in a term matches any run of white space.
                    t.split_whitespace()
                        .map(regex::escape)
                        .collect::<Vec<_>>()
                        .join(r"\s+")
                })
                .collect::<Vec<_>>()
                .join("|");
            let flags = if case_sensitive { "" } else { "(?i)" };
            Regex::new(&format!("{flags}(?:{alternation})")).ok()
        };
        self.regex = Some((build(false), build(true)));
    }

    /// Occurrences of known terms as whole words. A company, product or
    /// customer name of three or more letters also takes the rest of a word
    /// it starts ("Redditors", "Slackbot", "DUO1"), so no stem of it survives.
    pub fn find(&mut self, text: &str) -> Vec<Found> {
        self.compile();
        let Some((insensitive, sensitive)) = &self.regex else {
            return Vec::new();
        };
        let matches = insensitive
            .iter()
            .chain(sensitive.iter())
            .flat_map(|r| r.find_iter(text));
        let mut found = Vec::new();
        for m in matches {
            if !boundary_before(text, m.start()) {
                continue;
            }
            let matched = m.as_str();
            let Some(term) = self.list.iter().find(|t| {
                t.text.to_lowercase().split_whitespace().collect::<Vec<_>>()
                    == matched
                        .to_lowercase()
                        .split_whitespace()
                        .collect::<Vec<_>>()
            }) else {
                continue;
            };
            let mut end = m.end();
            if !boundary_after(text, end) {
                let extendable =
                    term.kind != ReplacementKind::Person && term.text.chars().count() >= 3;
                if !extendable {
                    continue;
                }
                end += text[end..]
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(text.len() - end);
            }
            found.push(Found {
                start: m.start(),
                end,
                kind: term.kind,
                key: term.text.to_lowercase(),
            });
        }
        found
    }
}

/// Known terms only, in any case (for tags: lower-case kebab-case words,
/// where "brightwell" is the company "Brightwell" however it was written).
pub(crate) fn find_terms(text: &str, terms: &Terms) -> Vec<Found> {
    let mut any_case = Terms::default();
    for term in &terms.list {
        any_case.list.push(Term {
            case_sensitive: false,
            ..term.clone()
        });
    }
    resolve(any_case.find(text))
}

/// The items of a company or product field: the whole field, then its
/// parts split on `,` `;` `/`, with a parenthesised part (after a space) as
/// an item of its own: "Amazon Elastic Block Store (EBS), Amazon EC2" →
/// "Amazon Elastic Block Store", "EBS", "Amazon EC2". "HTTP(S)" stays whole.
pub fn field_items(field: &str) -> Vec<String> {
    let mut out = vec![field.trim().to_string()];
    let mut rest = String::new();
    let mut chars = field.char_indices().peekable();
    let mut last = 0;
    while let Some((i, c)) = chars.next() {
        if c == '(' && field[..i].ends_with(char::is_whitespace) {
            if let Some(close) = field[i..].find(')') {
                rest.push_str(&field[last..i]);
                rest.push(',');
                out.push(field[i + 1..i + close].to_string());
                last = i + close + 1;
                while chars.peek().is_some_and(|&(j, _)| j < last) {
                    chars.next();
                }
            }
        }
    }
    rest.push_str(&field[last..]);
    out.extend(rest.split([',', ';', '/']).map(str::to_string));
    let mut items: Vec<String> = Vec::new();
    for item in out {
        let item = item.trim().trim_matches('"').trim().to_string();
        if !item.is_empty() && !items.contains(&item) {
            items.push(item);
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_items_split_lists_and_parentheses() {
        assert_eq!(
            field_items("Amazon Elastic Block Store (EBS), Amazon EC2"),
            vec![
                "Amazon Elastic Block Store (EBS), Amazon EC2",
                "EBS",
                "Amazon Elastic Block Store",
                "Amazon EC2"
            ]
        );
        assert_eq!(
            field_items("HTTP(S) Load Balancer"),
            vec!["HTTP(S) Load Balancer"]
        );
        assert_eq!(
            field_items("Roscosmos / GLONASS")[1..],
            ["Roscosmos", "GLONASS"]
        );
    }
}
