//! `yaml-indentation-change`: a YAML key line whose only change is its
//! indentation.
//!
//! Reason: in YAML the indentation *is* the structure; moving `limits:` or
//! `env:` two spaces moves it to another parent, where it may be ignored or
//! apply to something else, and the diff looks like a formatting change.
//! Source: yamllint `yamllint/rules/indentation.py`; kubeconform (schema
//! validation catches keys that moved to the wrong parent).

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;
use crate::brief::diff::LineKind;

/// The rule.
pub const RULE: Rule = Rule {
    name: "yaml-indentation-change",
    tags: &["yaml", "config"],
    why: "only the indentation of this key changed: in YAML that moves it to another parent",
    source: "yamllint rules/indentation.py; kubeconform",
    check,
};

static KEY_LINE: Pattern = Pattern::new(r"^\s*(-\s+)?[^\s#:][^#:]*:(\s|$)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if !file.is_yaml() {
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
            if !KEY_LINE.is_match(&line.text) {
                continue;
            }
            let moved = removed
                .iter()
                .any(|r| r.trim() == line.text.trim() && *r != line.text.as_str());
            if moved {
                out.push(Hit::at(line));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{changed, run};
    use super::*;

    #[test]
    fn a_key_that_only_moved() {
        let file = changed(
            "k8s/worker.yaml",
            " containers:\n   - name: worker\n-    resources:\n+  resources:\n       limits:\n-        memory: 512Mi\n+        memory: 1Gi",
        );
        assert_eq!(
            run(&RULE, &file)
                .iter()
                .map(|(l, _)| *l)
                .collect::<Vec<_>>(),
            [3]
        );
        let same = changed("k8s/worker.yaml", "-  replicas: 2\n+  replicas: 3");
        assert!(run(&RULE, &same).is_empty());
    }
}
