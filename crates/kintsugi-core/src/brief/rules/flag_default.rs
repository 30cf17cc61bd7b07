//! `flag-default-flip`: a feature flag's default turned on or off, or a
//! flag defined as on by default.
//!
//! Reason: a default is what every user gets when the flag service is
//! unreachable, the flag is archived, or a new environment starts; flipping
//! it changes behaviour everywhere at once, without a rollout, and the
//! kill switch no longer means "off".
//! Source: GitLab `tooling/danger/feature_flag.rb` and
//! `danger/feature_flag/Dangerfile` (`default_enabled: true` needs review).

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;
use crate::brief::diff::LineKind;

/// The rule.
pub const RULE: Rule = Rule {
    name: "flag-default-flip",
    tags: &["feature-flags", "config"],
    why:
        "a flag default is what everyone gets when the flag service is down or the flag is archived",
    source: "GitLab tooling/danger/feature_flag.rb, danger/feature_flag/Dangerfile",
    check,
};

static DEFAULT_ON: Pattern = Pattern::new(
    r"\bdefault_enabled:\s*true\b|\bdefaultValue\s*[:=]\s*true\b|\bdefault_value\s*[:=]\s*true\b",
);
static FLAGGY: Pattern =
    Pattern::new(r"flag|feature|toggle|variation|experiment|default|enabled|rollout");
static BOOL: Pattern = Pattern::new(r"\b(true|false|on|off|yes|no|enabled|disabled|100|0)\b");

fn flag_file(file: &ChangedFile<'_>) -> bool {
    file.path_has(&[
        "feature_flag",
        "feature-flag",
        "featureflag",
        "flags/",
        "flags.",
        "toggles",
        "features.",
        "/features/",
        "unleash",
        "launchdarkly",
        "flagd",
        "experiments",
    ])
}

/// `a` and `b` differ only in one boolean-ish word.
fn flipped(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    if wa.len() != wb.len() {
        return false;
    }
    let differing: Vec<(&str, &str)> = wa
        .iter()
        .zip(&wb)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    matches!(differing.as_slice(), [(x, y)] if BOOL.is_match(x) && BOOL.is_match(y))
}

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    let flags = flag_file(file);
    for hunk in &file.diff.hunks {
        let removed: Vec<&str> = hunk
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Removed)
            .map(|l| l.text.as_str())
            .collect();
        for line in hunk.lines.iter().filter(|l| l.kind == LineKind::Added) {
            let text = &line.text;
            if DEFAULT_ON.is_match(text) {
                out.push(Hit::at(line));
                continue;
            }
            if !(flags || FLAGGY.is_match(text)) {
                continue;
            }
            if let Some(old) = removed.iter().find(|r| flipped(r, text)) {
                out.push(Hit::at(line).because(format!(
                    "flag default changed (was `{}`): everyone gets the new value at once, without a rollout",
                    old.trim()
                )));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{changed, lines, run};
    use super::*;

    #[test]
    fn defaults_turned_on() {
        assert_eq!(
            lines(
                &RULE,
                "config/feature_flags/development/new_search.yml",
                "name: new_search\ntype: development\ndefault_enabled: true"
            ),
            [3]
        );
        assert_eq!(
            lines(
                &RULE,
                "src/flags.ts",
                "export const checkoutV2 = { key: 'checkout-v2', defaultValue: true };"
            ),
            [1]
        );
    }

    #[test]
    fn defaults_flipped_in_code_and_config() {
        let python = changed("fares/quote.py", "-if flags.bool(\"fares-v3\", default=False):\n+if flags.bool(\"fares-v3\", default=True):");
        assert_eq!(run(&RULE, &python).len(), 1);
        let ruby = changed("app/services/quote.rb", "-  client.variation('fares-v3', ctx, false)\n+  client.variation('fares-v3', ctx, true)");
        assert_eq!(run(&RULE, &ruby).len(), 1);
        let yaml = changed(
            "config/flags.yml",
            " fares_v3:\n-  enabled: false\n+  enabled: true",
        );
        assert_eq!(run(&RULE, &yaml).len(), 1);
        let unrelated = changed(
            "app/models/user.rb",
            "-  validates :email, presence: false\n+  validates :email, presence: true",
        );
        assert!(run(&RULE, &unrelated).is_empty());
    }
}
