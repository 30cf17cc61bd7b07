//! `retry-until-success`: a loop that retries until the call succeeds,
//! with no limit on attempts or time.
//!
//! Reason: when the dependency stays down, every caller spins forever
//! (Ruby's bare `retry` in `rescue`, `while True:` around a `try`, Go's
//! `for {}` around an error check, shell `until curl …; do`), holding
//! threads and connections and hammering it the moment it comes back.
//! Source: AWS Builders' Library "Timeouts, retries, and backoff with
//! jitter" (cap retries); Google SRE book ch. 22 (retry budgets).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "retry-until-success",
    tags: &["retries", "thundering-herd"],
    why: "a retry loop with no attempt or time limit spins forever while the dependency is down",
    source: "AWS Builders' Library \"Timeouts, retries, and backoff with jitter\"; Google SRE book ch. 22",
    check,
};

static RUBY_RETRY: Pattern = Pattern::new(r"^\s*retry\s*$");
static ENDLESS: Pattern = Pattern::new(
    r"^\s*while\s*\(?\s*(True|true|1)\s*\)?\s*[:{]?\s*$|^\s*loop\s*(do|\{)\s*$|^\s*for\s*\{\s*$|^\s*for\s*\(\s*;\s*;\s*\)|^\s*until\b|^\s*while\s*!\s*\S+",
);
static HANDLES_FAILURE: Pattern = Pattern::new(
    r"\b(try|except|catch|rescue|err\s*!=\s*nil|if\s+err\b|\|\||\.ok\b|ok\s*:?=|status|success|failed|Error)\b|;\s*do\b",
);
static LIMITED: Pattern = Pattern::new(
    r"\b(attempts?|tries|retries|max_?\w*|count|counter|deadline|timeout|elapsed|budget|limit)\b|\bi\s*[<>]=?|\+=\s*1|\+\+",
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
        if file.ext == "rb" && RUBY_RETRY.is_match(text) {
            let limited = file.around(at, 8, 0).any(|l| LIMITED.is_match(&l.text));
            if !limited {
                out.push(Hit::at(line).because(
                    "a bare `retry` in `rescue` retries forever; count attempts and give up",
                ));
            }
            continue;
        }
        if !ENDLESS.is_match(text) {
            continue;
        }
        let body: Vec<&str> = file.around(at, 0, 12).map(|l| l.text.as_str()).collect();
        let handles = body.iter().any(|l| HANDLES_FAILURE.is_match(l));
        let limited = body.iter().any(|l| LIMITED.is_match(l));
        if handles && !limited {
            out.push(Hit::at(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn endless_retries_in_each_language() {
        for (path, body) in [
            ("app/services/ledger.rb", "begin\n  ledger.post(entry)\nrescue Faraday::TimeoutError\n  sleep 2\n  retry\nend"),
            ("svc/ledger.py", "while True:\n    try:\n        ledger.post(entry)\n        break\n    except ConnectionError:\n        time.sleep(1)"),
            ("internal/ledger/post.go", "for {\n\tif err := l.Post(e); err == nil {\n\t\treturn nil\n\t}\n\ttime.Sleep(time.Second)\n}"),
            ("deploy/wait.sh", "until curl -sf http://ledger/healthz; do\n  sleep 1\ndone"),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
    }

    #[test]
    fn bounded_loops_are_fine() {
        assert!(lines(&RULE, "app/services/ledger.rb", "begin\n  attempts += 1\n  ledger.post(entry)\nrescue Faraday::TimeoutError\n  retry if attempts < 3\nend").is_empty());
        assert!(lines(
            &RULE,
            "svc/ledger.py",
            "while True:\n    line = queue.get()\n    handle(line)"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "deploy/wait.sh",
            "for i in $(seq 1 30); do\n  curl -sf http://ledger/healthz && break\n  sleep 1\ndone"
        )
        .is_empty());
    }
}
