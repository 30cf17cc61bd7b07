//! `poll-without-delay`: a polling loop with no sleep between checks, or a
//! timer polling faster than ten times a second.
//!
//! Reason: a tight poll turns one waiting client into thousands of requests
//! a second against the thing it waits for (a job status, a lock, a queue),
//! and many clients waiting at once do that together.
//! Source: AWS Builders' Library "Timeouts, retries, and backoff with
//! jitter"; Google SRE book ch. 22.

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "poll-without-delay",
    tags: &["retries", "performance"],
    why: "a poll with no delay turns each waiting client into a flood of requests against what it waits for",
    source: "AWS Builders' Library \"Timeouts, retries, and backoff with jitter\"; Google SRE book ch. 22",
    check,
};

static POLL_LOOP: Pattern = Pattern::new(
    r"^\s*(while|until|loop|for)\b.*\b(poll\w*|status|state|ready|pending|done|finished|complete\w*|running|exists|available|wait_for|is_alive|healthy)\b",
);
static DELAY: Pattern = Pattern::new(
    r"\b(sleep|delay|wait|setTimeout|asyncio\.sleep|Thread\.sleep|time\.After|Ticker|backoff|interval)\b|\bselect\s*\{|\.wait\(",
);
static FAST_TIMER: Pattern = Pattern::new(
    r"\bsetInterval\s*\([^,]+,\s*([0-9]{1,2})\s*\)|\bschedule(AtFixedRate|WithFixedDelay)\([^,]+,\s*\d+\s*,\s*([0-9]{1,2})\s*,\s*TimeUnit\.MILLISECONDS",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md"]) {
        return;
    }
    for (at, line) in file.added_at() {
        let text = &line.text;
        if is_comment(text) {
            continue;
        }
        if FAST_TIMER.is_match(text) {
            out.push(Hit::at(line).because("this timer polls more than ten times a second"));
            continue;
        }
        if !POLL_LOOP.is_match(text) {
            continue;
        }
        let delayed = file.around(at, 0, 10).any(|l| DELAY.is_match(&l.text));
        if !delayed {
            out.push(Hit::at(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn tight_polls_in_each_language() {
        for (path, body) in [
            (
                "svc/export.py",
                "while export.status != 'done':\n    export.refresh()",
            ),
            (
                "app/services/export.rb",
                "until job.reload.finished?\n  Rails.logger.debug('waiting')\nend",
            ),
            ("src/export.ts", "setInterval(() => checkExport(id), 10);"),
            (
                "internal/export/wait.go",
                "for !job.Ready() {\n\tjob.Refresh()\n}",
            ),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(
            &RULE,
            "svc/export.py",
            "while export.status != 'done':\n    time.sleep(2)\n    export.refresh()"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "src/export.ts",
            "setInterval(() => checkExport(id), 5000);"
        )
        .is_empty());
    }
}
