//! `retry-count-raised` and `timeout-lowered`: a retry count raised, or a
//! timeout (health checks included) lowered.
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

/// More retries.
pub const RETRIES: Rule = Rule {
    name: "retry-count-raised",
    tags: &["retries", "config", "resilience"],
    why: "more retries multiply the load every failing call sends to a struggling dependency",
    source: "Google SRE book ch. 22 (retry amplification); AWS Builders' Library",
    check: check_retries,
};

/// Shorter timeouts.
pub const TIMEOUTS: Rule = Rule {
    name: "timeout-lowered",
    tags: &["timeouts", "resilience"],
    why: "a shorter timeout turns slow but working calls (or health checks) into failures that are retried",
    source: "Google SRE book ch. 22 (timeouts, health checks); AWS Builders' Library",
    check: check_timeouts,
};

static RETRY_VALUE: Pattern = Pattern::new(
    r"\b([\w-]*(?:retries|retry_count|retry_limit|attempts?|retry|retrycount|maxretries|maxattempts)[\w-]*)\s*(?:[:=]\s*|\(\s*(?:total\s*=\s*)?)(\d+)\b",
);
static TIMEOUT_VALUE: Pattern = Pattern::new(
    r"\b([\w-]*(?:timeout|deadline)[\w-]*)\s*[:=]\s*[\x22']?(\d+(?:\.\d+)?)\s*(ms|s|m)?\b",
);

static HEALTH: Pattern = Pattern::new(
    r"readinessProbe|livenessProbe|startupProbe|health_?check|healthcheck|HealthCheck",
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

fn check_retries(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    check(file, true, out);
}

fn check_timeouts(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    check(file, false, out);
}

fn check(file: &ChangedFile<'_>, retries: bool, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&["lock", ".md"]) {
        return;
    }
    let health_check = file.visible().any(|l| HEALTH.is_match(&l.text));
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
            let retry_value = values(&RETRY_VALUE, &line.text);
            if let Some((key, new)) = retry_value.clone().filter(|_| retries) {
                let old = removed
                    .iter()
                    .filter_map(|r| values(&RETRY_VALUE, r))
                    .find(|(k, _)| *k == key);
                if let Some((_, old)) = old.filter(|(_, old)| new > *old) {
                    out.push(Hit::at(line).because(format!(
                        "retries raised from {old} to {new}: each failing call now sends up to {} requests",
                        new + 1.0
                    )));
                }
            } else if let Some((key, new)) =
                values(&TIMEOUT_VALUE, &line.text).filter(|_| !retries && retry_value.is_none())
            {
                let old = removed
                    .iter()
                    .filter_map(|r| values(&TIMEOUT_VALUE, r))
                    .find(|(k, _)| *k == key);
                if let Some((_, old)) = old.filter(|(_, old)| new < *old) {
                    let why = if health_check {
                        format!("health check timeout lowered from {old}s to {new}s: slow but healthy instances are marked down and pulled from the load balancer, and the rest take their load")
                    } else {
                        format!("timeout lowered from {old}s to {new}s: calls slower than that now fail and are retried")
                    };
                    out.push(Hit::at(line).because(why));
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
        assert_eq!(run(&RETRIES, &yaml).len(), 1);
        assert_eq!(run(&TIMEOUTS, &yaml).len(), 1);
        let python = changed("svc/client.py", "-session = Session(max_retries=2, timeout=10)\n+session = Session(max_retries=5, timeout=10)");
        assert_eq!(run(&RETRIES, &python).len(), 1);
        assert!(run(&TIMEOUTS, &python).is_empty());
        let tenacity = changed(
            "svc/pay.py",
            "-    stop=stop_after_attempt(3),\n+    stop=stop_after_attempt(10),",
        );
        assert_eq!(run(&RETRIES, &tenacity).len(), 1);
        let lowered = changed(
            "config/clients.yml",
            "-  retries: 5\n+  retries: 2\n-  timeout: 5\n+  timeout: 30",
        );
        assert!(
            run(&RETRIES, &lowered).is_empty(),
            "fewer retries are safer"
        );
        assert!(
            run(&TIMEOUTS, &lowered).is_empty(),
            "longer timeouts are safer"
        );
        let new_file = super::super::testing::new_file("config/clients.yml", "retries: 10");
        assert!(run(&RETRIES, &new_file).is_empty());
        let probe = changed(
            "k8s/web.yaml",
            "   readinessProbe:\n-    timeoutSeconds: 5\n+    timeoutSeconds: 1",
        );
        let hits = run(&TIMEOUTS, &probe);
        assert_eq!(hits.len(), 1, "{hits:?}");
    }
}
