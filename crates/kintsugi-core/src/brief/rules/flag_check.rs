//! `flag-check`: new code that reads a feature flag.
//!
//! Reason: a flag read is a second code path that ships switched off and
//! is tested less; what it does when the flag service is unreachable (the
//! call's default) is the behaviour everyone gets in an outage. The signal
//! mostly serves matching: the team's flag stories come up.
//! Source: GitLab `tooling/danger/feature_flag.rb`; OpenFeature spec
//! "Evaluation API" (the default value is returned on any error).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "flag-check",
    tags: &["feature-flags"],
    why: "a flag read's default is what everyone gets when the flag service is unreachable",
    source: "GitLab tooling/danger/feature_flag.rb; OpenFeature spec Evaluation API",
    check,
};

static READ: Pattern = Pattern::new(
    r"\bFeature\.(enabled|disabled)\?\(|\bFlipper(\[|\.enabled\?)|\b(variation|boolVariation|BoolVariation|stringVariation|variationDetail)\s*\(|\b(isEnabled|is_enabled|isFeatureEnabled|getBooleanValue|get_boolean_value|getTreatment|useFlag|useFeatureFlag|useFeatureIsOn|feature_enabled\?|flag_enabled\?)\s*\(|\bflags?\.(bool|boolean|enabled|is_enabled|on\?|get)\s*\(|\bunleash\.\w+\s*\(|\bld_?client\.\w+\s*\(",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md"]) {
        return;
    }
    if let Some(line) = file
        .added()
        .find(|l| !is_comment(&l.text) && READ.is_match(&l.text))
    {
        out.push(Hit::at(line));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn flag_reads_in_each_sdk() {
        for (path, body) in [
            (
                "app/services/search.rb",
                "return legacy unless Feature.enabled?(:vector_search, project)",
            ),
            ("web/src/Checkout.tsx", "const v2 = useFlag('checkout-v2');"),
            (
                "svc/quote.py",
                "if ld_client.variation('fares-v3', ctx, False):",
            ),
            (
                "internal/quote/quote.go",
                "on, _ := client.BoolVariation(\"fares-v3\", ctx, false)",
            ),
            (
                "src/main/java/Quote.java",
                "if (client.getBooleanValue(\"fares-v3\", false)) {",
            ),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(
            &RULE,
            "spec/search_spec.rb",
            "allow(Feature).to receive(:enabled?)"
        )
        .is_empty());
    }
}
