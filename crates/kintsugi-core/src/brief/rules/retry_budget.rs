//! `retry-budget-change`: a retry count raised or a timeout lowered.
//!
//! Reason: raising retries multiplies the load every failing call sends to
//! a struggling dependency (three layers of 3 retries are 27 calls);
//! lowering a timeout turns slow-but-working calls into failures that are
//! then retried. Both change how the system behaves under stress, not in
//! the happy path that tests cover.
//! Source: Google SRE book ch. 22 "Addressing Cascading Failures" (retry
//! amplification, timeouts); AWS Builders' Library "Timeouts, retries, and
//! backoff with jitter".

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;
use crate::brief::diff::LineKind;

/// The rule.
pub const RULE: Rule = Rule {
    name: "retry-budget-change",
    tags: &["retries", "config", "resilience"],
    why: "more retries multiply load on a failing dependency; shorter timeouts turn slow calls into retried failures",
    source: "Google SRE book ch. 22 (retry amplification, timeouts); AWS Builders' Library",
    check,
};

static RETRIES: Pattern = Pattern::new(
    r"\b([\w-]*(?:retries|retry_count|retry_limit|attempts|retry|retrycount|maxretries|maxattempts)[\w-]*)\s*[:=]\s*(\d+)\b",
);
static TIMEOUT: Pattern = Pattern::new(
    r"\b([\w-]*(?:timeout|deadline)[\w-]*)\s*[:=]\s*[\x22']?(\d+(?:\.\d+)?)\s*(ms|s|m)?\b",
);

fn values(pattern: &Pattern, text: &str) -> Option<(String, f64)> {
    let caps = pattern.captures(text)?;
    let key = caps.get(1)?.as_str().to_lowercase().replace(['-', '_'], "");
    let mut value: f64 = caps.get(2)?.as_str().parse().ok()?;
    match caps.get(3).map(|m| m.as_str().to_lowercase()).as_deref() {
        Some("ms") => value /= 1000.0,
        Some("m") => value *= 60.0,
        _ => {}
    }
    Some((key, value))
}

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&["lock", ".md"]) {
        return;
    }
    for hunk in &file.diff.hunks {
        let removed: Vec<&str> = hunk
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Removed)
            .map(|l| l.text.as_str())
            .collect();
        if removed.is_empty() {
            continue;
        }
        for line in hunk.lines.iter().filter(|l| l.kind == LineKind::Added) {
            if let Some((key, new)) = values(&RETRIES, &line.text) {
                let old = removed
                    .iter()
                    .filter_map(|r| values(&RETRIES, r))
                    .find(|(k, _)| *k == key);
                if let Some((_, old)) = old.filter(|(_, old)| new > *old) {
                    out.push(Hit::at(line).because(format!(
                        "retries raised from {old} to {new}: each failing call now sends up to {} requests",
                        new + 1.0
                    )));
                }
            } else if let Some((key, new)) = values(&TIMEOUT, &line.text) {
                let old = removed
                    .iter()
                    .filter_map(|r| values(&TIMEOUT, r))
                    .find(|(k, _)| *k == key);
                if let Some((_, old)) = old.filter(|(_, old)| new < *old) {
                    out.push(Hit::at(line).because(format!(
                        "timeout lowered from {old}s to {new}s: calls slower than that now fail and are retried"
                    )));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{changed, run};
    use super::*;

    #[test]
    fn raised_retries_and_lowered_timeouts() {
        let yaml = changed(
            "config/clients.yml",
            " vault:\n-  retries: 3\n+  retries: 10\n-  timeout: 30s\n+  timeout: 500ms",
        );
        let hits = run(&RULE, &yaml);
        assert_eq!(hits.len(), 2, "{hits:?}");
        let python = changed("svc/client.py", "-session = Session(max_retries=2, timeout=10)\n+session = Session(max_retries=5, timeout=10)");
        assert_eq!(run(&RULE, &python).len(), 1);
        let lowered = changed(
            "config/clients.yml",
            "-  retries: 5\n+  retries: 2\n-  timeout: 5\n+  timeout: 30",
        );
        assert!(
            run(&RULE, &lowered).is_empty(),
            "fewer retries and longer timeouts are safer"
        );
        let new_file = super::super::testing::new_file("config/clients.yml", "retries: 10");
        assert!(run(&RULE, &new_file).is_empty());
    }
}
