//! `required-config`: code that now requires a setting (an environment
//! variable or secret) with no default.
//!
//! Reason: every environment must have the setting before this deploys, or
//! the process fails at boot (often only on the instances that restart
//! first); deploy tooling that sets config and code in separate steps gets
//! the order wrong, and a rollback leaves the setting behind unused.
//! Source: The Twelve-Factor App "III. Config"; Heroku Dev Center "app.json
//! Schema" (`required` env); Kubernetes docs (`secretKeyRef` without
//! `optional`).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "required-config",
    tags: &["deploys", "config"],
    why: "a setting without a default must exist in every environment before this deploys, or boot fails",
    source: "The Twelve-Factor App III (Config); Heroku app.json schema (required env); Kubernetes secretKeyRef",
    check,
};

static REQUIRED: Pattern = Pattern::exact(
    r#"\bENV\.fetch\(\s*["'][A-Z][A-Z0-9_]*["']\s*\)|\bENV\[["'][A-Z][A-Z0-9_]*["']\]!|\bos\.environ\[\s*["'][A-Z][A-Z0-9_]*["']\s*\]|\bprocess\.env\.[A-Z][A-Z0-9_]*!|\bmustGetenv\(|\bSystem\.getenv\(\s*"[A-Z][A-Z0-9_]*"\s*\)\s*\)|\brequireNonNull\(\s*System\.getenv|"required"\s*:\s*true|\benv::var\(\s*"[A-Z][A-Z0-9_]*"\s*\)\s*\.(expect|unwrap)\("#,
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md", "package.json", "schema.json"]) {
        return;
    }
    // app.json's `required` only means something for environment settings.
    let app_json = file.lower.ends_with("app.json");
    for line in file.added() {
        let text = &line.text;
        if is_comment(text) || !REQUIRED.is_match(text) {
            continue;
        }
        if text.contains("\"required\"") && !app_json {
            continue;
        }
        out.push(Hit::at(line));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn required_settings_in_each_ecosystem() {
        for (path, body) in [
            (
                "config/initializers/payments.rb",
                "Payments.key = ENV.fetch(\"PAYMENTS_KEY\")",
            ),
            (
                "svc/settings.py",
                "SIGNING_SECRET = os.environ[\"SIGNING_SECRET\"]",
            ),
            (
                "src/config.ts",
                "export const apiKey = process.env.RATES_API_KEY!;",
            ),
            ("app.json", "    \"RATES_API_KEY\": { \"required\": true },"),
            (
                "src/main.rs",
                "let url = env::var(\"LEDGER_URL\").expect(\"LEDGER_URL\");",
            ),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(
            &RULE,
            "config/initializers/payments.rb",
            "Payments.key = ENV.fetch(\"PAYMENTS_KEY\", nil)"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "svc/settings.py",
            "SECRET = os.environ.get(\"SECRET\", \"dev\")"
        )
        .is_empty());
        assert!(lines(&RULE, "web/schema.json", "\"required\": true").is_empty());
    }
}
