//! Blame-aware language nudges for postmortems and retrospectives.
//!
//! [`lint`] finds counterfactuals, character judgements, "human error" named
//! as a cause, hindsight words, a single "root cause", culprit-seeking
//! questions, vigilance-only action items, and people's names as the
//! subject of a failure. Each [`Finding`] explains why the wording gets in
//! the way of learning and suggests a reframing.
//!
//! Invariant: the linter only reads text; it never rewrites it. It is tuned
//! to stay quiet on plain factual statements (precision and recall on the
//! labelled set in `tests/fixtures/lint-labelled.tsv` are reported in
//! `docs/lint.md` and enforced by tests).

mod rules;

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use rules::{Rule, FAILURE_VERBS, HUMAN_VERBS, NAMED_PERSON, NOT_NAMES, RULES};

/// One piece of wording worth a second look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Finding {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Rule id (`counterfactual`, `judgement`, `human-error`, `hindsight`,
    /// `root-cause`, `who-question`, `vigilance-action`, `named-person`).
    pub rule: String,
    /// The words found.
    pub text: String,
    /// Why it matters.
    pub message: String,
    /// A reframing to try.
    pub suggestion: String,
}

/// What the linter knows besides the text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct LintOptions {
    /// Names of the people involved (a retro's participants): any of them,
    /// or their first names, as the subject of a failure is flagged.
    pub participants: Vec<String>,
}

/// Finds blame and hindsight language in `text`, in reading order.
pub fn lint_text(text: &str, options: &LintOptions) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut in_code = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        lint_line(index + 1, line, options, &mut findings);
    }
    findings
}

fn lint_line(line_no: usize, line: &str, options: &LintOptions, out: &mut Vec<Finding>) {
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for (rule, regex) in compiled() {
        for m in regex.find_iter(line) {
            let text = m.as_str().trim_start_matches(['.', '?', '!', ' ']);
            let start = m.end() - text.len();
            if taken.iter().any(|r| r.start < m.end() && start < r.end) {
                continue;
            }
            taken.push(start..m.end());
            out.push(finding(
                line_no,
                line,
                start,
                text,
                rule.id,
                rule.message,
                rule.suggestion,
            ));
        }
    }
    for (start, text) in named_subjects(line, &options.participants) {
        if taken.iter().any(|r| r.start <= start && start < r.end) {
            continue;
        }
        let (id, message, suggestion) = NAMED_PERSON;
        out.push(finding(
            line_no, line, start, &text, id, message, suggestion,
        ));
    }
    out.sort_by_key(|f| (f.line, f.column));
}

fn finding(
    line_no: usize,
    line: &str,
    start: usize,
    text: &str,
    id: &str,
    message: &str,
    suggestion: &str,
) -> Finding {
    Finding {
        line: line_no,
        column: line[..start].chars().count() + 1,
        rule: id.to_string(),
        text: text.to_string(),
        message: message.to_string(),
        suggestion: suggestion.to_string(),
    }
}

fn compiled() -> &'static [(&'static Rule, Regex)] {
    static COMPILED: OnceLock<Vec<(&'static Rule, Regex)>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        RULES
            .iter()
            .filter_map(|rule| {
                // The patterns are constants covered by tests; a bad one is skipped, not a crash.
                let regex = RegexBuilder::new(rule.pattern)
                    .case_insensitive(true)
                    .build()
                    .ok()?;
                Some((rule, regex))
            })
            .collect()
    })
}

/// `(byte offset, "Name verb")` for each person named as the subject of a
/// failure verb: a participant (full or first name), or a capitalised word
/// that is not a known non-name, directly followed by a failure verb.
fn named_subjects(line: &str, participants: &[String]) -> Vec<(usize, String)> {
    let words: Vec<(usize, &str)> = word_spans(line);
    let known: Vec<String> = participants
        .iter()
        .flat_map(|p| {
            let p = p.trim().to_lowercase();
            let first = p.split_whitespace().next().unwrap_or_default().to_string();
            [p, first]
        })
        .filter(|n| !n.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, (start, word)) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        let is_participant = known
            .iter()
            .any(|k| *k == lower || k.starts_with(&format!("{lower} ")));
        let looks_like_name = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).all(char::is_lowercase)
            && word.chars().count() >= 3
            && !NOT_NAMES.contains(&lower.as_str());
        if !(is_participant || looks_like_name) {
            continue;
        }
        // Skip a following surname ("Dana Whitfield forgot").
        let mut next = i + 1;
        if words
            .get(next)
            .is_some_and(|(_, w)| w.chars().next().is_some_and(char::is_uppercase))
        {
            next += 1;
        }
        let rest: Vec<String> = words
            .iter()
            .skip(next)
            .take(2)
            .map(|(_, w)| w.to_lowercase())
            .collect();
        let verbs = if is_participant {
            FAILURE_VERBS
        } else {
            HUMAN_VERBS
        };
        let verb = verbs.iter().find(|v| {
            let parts: Vec<&str> = v.split(' ').collect();
            parts
                .iter()
                .zip(rest.iter())
                .filter(|(a, b)| *a == b)
                .count()
                == parts.len()
        });
        if let Some(verb) = verb {
            let end_word = &words[next + verb.split(' ').count() - 1];
            let end = end_word.0 + end_word.1.len();
            out.push((*start, line[*start..end].to_string()));
        }
    }
    out
}

/// Words (letters, digits, apostrophes) with their byte offsets.
fn word_spans(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '’';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<String> {
        lint_text(text, &LintOptions::default())
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn every_rule_compiles() {
        assert_eq!(compiled().len(), RULES.len());
    }

    #[test]
    fn finds_each_kind() {
        assert_eq!(
            rules("The engineer should have checked the replica."),
            ["counterfactual"]
        );
        assert_eq!(
            rules("If they had waited, nothing would break."),
            ["counterfactual"]
        );
        assert_eq!(rules("It was a careless change."), ["judgement"]);
        assert_eq!(
            rules("The outage was caused by human error."),
            ["human-error"]
        );
        assert_eq!(rules("Obviously the flag was wrong."), ["hindsight"]);
        assert_eq!(rules("The root cause was a missing index."), ["root-cause"]);
        assert_eq!(rules("Who approved this change?"), ["who-question"]);
        assert_eq!(rules("Why did you restart the primary?"), ["who-question"]);
        assert_eq!(
            rules("- [ ] Remind engineers to be careful"),
            ["vigilance-action", "vigilance-action"]
        );
        assert_eq!(
            rules("Marco forgot to renew the certificate."),
            ["named-person"]
        );
    }

    #[test]
    fn positions_are_one_based_characters() {
        let f = &lint_text("ok\nThé team clearly saw it", &LintOptions::default())[0];
        assert_eq!((f.line, f.column, f.text.as_str()), (2, 10, "clearly"));
    }

    #[test]
    fn participants_are_recognised_by_first_name() {
        let options = LintOptions {
            participants: vec!["dana whitfield".into()],
        };
        let found = lint_text("Then dana forgot to drain the node.", &options);
        assert_eq!(found[0].rule, "named-person");
        assert_eq!(found[0].text, "dana forgot");
    }

    #[test]
    fn quiet_on_facts_and_code() {
        for text in [
            "The migration ran at 14:05 and locked the orders table.",
            "Redis failed over to the replica in 35 seconds.",
            "The on-call engineer restarted the worker at 14:20.",
            "```\nshould have = true\n```",
            "Deploy failed at 10:02 because the registry was down.",
            "Replication failed and Checkout dropped requests.",
        ] {
            assert!(rules(text).is_empty(), "{text}: {:?}", rules(text));
        }
    }
}
