//! `retry-without-backoff`: retries added with no backoff or jitter nearby
//! (or with a constant sleep between attempts).
//!
//! Reason: when a dependency slows down or fails over, every client
//! retrying at once on a fixed interval multiplies its load exactly when it
//! can least take it, and keeps it down after it recovers. Retries need
//! exponential backoff with jitter and a cap.
//! Source: AWS Architecture Blog, "Exponential Backoff And Jitter" (Marc
//! Brooker, 2015); Google SRE book ch. 22 "Addressing Cascading Failures".

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "retry-without-backoff",
    tags: &["retries", "thundering-herd", "resilience"],
    why: "retries without exponential backoff and jitter pile onto a dependency exactly when it is struggling",
    source: "AWS Architecture Blog \"Exponential Backoff And Jitter\" (2015); Google SRE book ch. 22",
    check,
};

static RETRY: Pattern = Pattern::new(
    r"\b(retry|retries|retry_on|with_retries|retryable|retrying|max_?attempts|max_?retries|num_retries|retry_count|retry_limit|RetryPolicy|RetryTemplate|Retryer|Polly|tenacity)\b|@Retryable\b|@retry\b|\bmaxRetries\b|\bmaxAttempts\b|\battempts\s*[:=]",
);
static BACKOFF: Pattern = Pattern::new(
    r"backoff|back_off|jitter|exponential|wait_exponential|wait_random|randomi[sz]|\*\*\s*(attempt|retry|n|i|tries)\b|2\s*\*\*|Math\.pow|\bpow\(\s*2|<<\s*(attempt|retry|n|i)\b|polynomially_longer|exponentially_longer|multiplier|decorrelated|rand(om)?\s*\(",
);
static CONSTANT_SLEEP: Pattern = Pattern::new(
    r"\b(sleep|time\.sleep|Thread\.sleep|asyncio\.sleep|setTimeout|delay)\s*\(?\s*[^)]*?\b\d+(\.\d+)?\s*\)?|\bwait:\s*\d+(\.\d+)?\b",
);
static SOURCE_FILE: Pattern = Pattern::new(
    r"\.(rb|py|js|mjs|cjs|ts|tsx|go|java|kt|scala|cs|php|ex|exs|rs|ya?ml|json|toml|conf|properties)$",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if !SOURCE_FILE.is_match(&file.lower)
        || file.is_test()
        || file.path_has(&[".github/", "package.json", "lock"])
    {
        return;
    }
    let mut last: Option<u32> = None;
    for (at, line) in file.added_at() {
        if is_comment(&line.text) || !RETRY.is_match(&line.text) {
            continue;
        }
        if last.is_some_and(|l| line.number <= l + 10) {
            continue;
        }
        let window: Vec<&str> = file.around(at, 10, 10).map(|l| l.text.as_str()).collect();
        if window.iter().any(|l| BACKOFF.is_match(l)) {
            continue;
        }
        last = Some(line.number);
        let constant = window.iter().any(|l| CONSTANT_SLEEP.is_match(l));
        let hit = Hit::at(line);
        out.push(if constant {
            hit.because("retries on a constant delay: every client comes back at the same moment; use exponential backoff with jitter")
        } else {
            hit
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn retries_without_backoff_in_each_language() {
        for (path, body) in [
            ("app/clients/vault.rb", "def fetch\n  attempts = 0\n  begin\n    http.get('/tokens')\n  rescue Timeout::Error\n    attempts += 1\n    sleep 1\n    retry if attempts < 5\n  end\nend"),
            ("svc/vault.py", "for attempt in range(MAX_RETRIES):\n    try:\n        return client.get('/tokens')\n    except ConnectionError:\n        time.sleep(0.5)"),
            ("src/vault.ts", "const res = await fetchWithRetry(url, { retries: 8, delay: 200 });"),
            ("internal/vault/client.go", "for i := 0; i < maxRetries; i++ {\n\tresp, err = c.Do(req)\n\tif err == nil {\n\t\tbreak\n\t}\n\ttime.Sleep(time.Second)\n}"),
            ("src/main/java/VaultClient.java", "@Retryable(maxAttempts = 6)\npublic Token fetch() { return rest.getForObject(url, Token.class); }"),
            ("config/http.yml", "vault:\n  retries: 10\n  timeout: 2"),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
    }

    #[test]
    fn quiet_with_backoff_and_jitter() {
        for (path, body) in [
            ("svc/vault.py", "@retry(wait=wait_exponential(multiplier=1, max=30) + wait_random(0, 2), stop=stop_after_attempt(5))\ndef fetch(): ..."),
            ("app/jobs/sync_job.rb", "retry_on Net::ReadTimeout, wait: :polynomially_longer, attempts: 10"),
            ("src/vault.ts", "const delay = base * 2 ** attempt + Math.random() * base; // retry"),
            ("README.md", "We retry three times."),
        ] {
            assert!(lines(&RULE, path, body).is_empty(), "{path}");
        }
    }
}
