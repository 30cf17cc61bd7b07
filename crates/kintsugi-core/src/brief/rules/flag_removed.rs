//! `flag-definition-removed`: a feature flag's definition was removed while
//! code still reads the flag.
//!
//! Reason: code that reads an unknown flag gets the SDK's or the call's
//! default, usually `false`, so removing or archiving the definition first
//! silently switches every user back to the old path. Remove the reads,
//! deploy, then remove the definition. References are looked for in the
//! rest of the diff and, when the change comes from a repository, with
//! `git grep` in the new tree.
//! Source: GitLab `tooling/danger/feature_flag.rb` (flag files removed);
//! LaunchDarkly docs "Archiving flags" (check code references first).

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;
use crate::brief::diff::{FileStatus, LineKind};

/// The rule.
pub const RULE: Rule = Rule {
    name: "flag-definition-removed",
    tags: &["feature-flags", "rollback"],
    why: "code reading a removed flag silently gets the default (usually off) for every user",
    source: "GitLab tooling/danger/feature_flag.rb; LaunchDarkly docs Archiving flags",
    check,
};

static DEFINITION: Pattern = Pattern::new(
    r#"^\s{0,6}(?:-\s+)?(?:name|key)\s*[:=]\s*["']?([\w.-]{3,})["']?\s*,?\s*$|^\s{0,4}["']?([a-z][\w.-]{2,})["']?\s*:\s*(\{|$|true|false|on|off)"#,
);
static FLAG_PATH: Pattern = Pattern::new(
    r"feature_flags?/|feature-flags?/|featureflags?|(^|/)flags?\.(ya?ml|json|toml)$|(^|/)features?\.(ya?ml|json)$|toggles?\.(ya?ml|json)$|unleash|launchdarkly|flagd",
);
/// Structural keys of flag files that are not flags themselves.
const NOT_FLAGS: &[&str] = &[
    "name",
    "key",
    "type",
    "flags",
    "features",
    "description",
    "default_enabled",
    "enabled",
    "group",
    "milestone",
    "rollout_issue_url",
    "introduced_by_url",
    "feature_issue_url",
    "log_state_changes",
    "variations",
    "state",
    "defaultvariant",
    "targeting",
    "on",
    "off",
    "value",
    "default",
    "tags",
];

fn check(file: &ChangedFile<'_>, change: &Change<'_>, out: &mut Vec<Hit>) {
    if !FLAG_PATH.is_match(&file.lower) {
        return;
    }
    let mut removed: Vec<(String, u32)> = Vec::new();
    if file.diff.status == FileStatus::Deleted {
        // One file per flag (GitLab): the file name is the flag.
        let stem = file.path.rsplit('/').next().unwrap_or(file.path);
        let stem = stem.split('.').next().unwrap_or(stem);
        removed.push((stem.to_string(), 0));
    }
    let added: Vec<&str> = file.added().map(|l| l.text.as_str()).collect();
    for line in file.lines().iter().filter(|l| l.kind == LineKind::Removed) {
        let Some(caps) = DEFINITION.captures(&line.text) else {
            continue;
        };
        let Some(key) = caps.get(1).or(caps.get(2)).map(|m| m.as_str().to_string()) else {
            continue;
        };
        let redefined = added.iter().any(|a| a.contains(&key));
        if !redefined
            && !NOT_FLAGS.contains(&key.to_lowercase().as_str())
            && !removed.iter().any(|(k, _)| *k == key)
        {
            removed.push((
                key,
                if file.diff.status == FileStatus::Deleted {
                    0
                } else {
                    line.number
                },
            ));
        }
    }
    for (key, line) in removed.into_iter().take(10) {
        let in_diff: Vec<&str> = change
            .files
            .iter()
            .filter(|f| f.path != file.path && f.visible().any(|l| l.text.contains(&key)))
            .map(|f| f.path)
            .collect();
        let why = if !in_diff.is_empty() {
            format!(
                "flag `{key}` is removed but still read in {}: those reads now get the default",
                in_diff.join(", ")
            )
        } else {
            match change.probe.files_mentioning(&key) {
                Some(paths) if paths.is_empty() => continue,
                Some(paths) => format!("flag `{key}` is removed but still read in {}: those reads now get the default", paths.join(", ")),
                None => format!("flag `{key}` is removed: any code still reading it gets the default (usually off)"),
            }
        };
        out.push(Hit {
            line,
            text: format!("removed flag {key}"),
            why: Some(why),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{changed, run_with};
    use super::super::{NoRepository, ReferenceProbe};
    use super::*;
    use crate::brief::diff;

    struct Repo(Vec<String>);
    impl ReferenceProbe for Repo {
        fn files_mentioning(&self, _word: &str) -> Option<Vec<String>> {
            Some(self.0.clone())
        }
    }

    #[test]
    fn a_removed_flag_still_read_elsewhere() {
        let flags = changed(
            "config/flags.yml",
            " checkout_v1:\n   enabled: true\n-fares_engine_v2:\n-  enabled: true",
        );
        let reader = super::super::testing::new_file(
            "app/services/quote.rb",
            "if Flags.on?(:fares_engine_v2)\nend",
        );
        let hits = run_with(&RULE, &[flags.clone(), reader], 0, &NoRepository);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(hits[0].1.contains("fares_engine_v2"));
        // Outside the diff: found by the repository probe, or not at all.
        let found = run_with(
            &RULE,
            std::slice::from_ref(&flags),
            0,
            &Repo(vec!["app/quote.rb".into()]),
        );
        assert_eq!(found.len(), 1);
        let gone = run_with(&RULE, std::slice::from_ref(&flags), 0, &Repo(vec![]));
        assert!(gone.is_empty(), "no reads left: a clean removal");
        let unknown = run_with(&RULE, &[flags], 0, &NoRepository);
        assert_eq!(
            unknown.len(),
            1,
            "without a repository we cannot tell: say so"
        );
    }

    #[test]
    fn a_deleted_gitlab_flag_file() {
        let text = "diff --git a/config/feature_flags/ops/legacy_fares.yml b/config/feature_flags/ops/legacy_fares.yml\ndeleted file mode 100644\n--- a/config/feature_flags/ops/legacy_fares.yml\n+++ /dev/null\n@@ -1,3 +0,0 @@\n----\n-name: legacy_fares\n-default_enabled: false\n";
        let file = diff::parse("t", text.as_bytes()).unwrap().files.remove(0);
        let hits = run_with(&RULE, &[file], 0, &NoRepository);
        assert_eq!(hits, [(0, "removed flag legacy_fares".to_string())]);
    }

    #[test]
    fn a_flag_that_was_only_changed() {
        let flags = changed(
            "config/flags.yml",
            "-fares_engine_v2:\n-  enabled: false\n+fares_engine_v2:\n+  enabled: true",
        );
        assert!(run_with(&RULE, &[flags], 0, &NoRepository).is_empty());
    }
}
