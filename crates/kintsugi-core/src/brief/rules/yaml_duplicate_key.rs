//! `yaml-duplicate-key`: a key added next to the same key in one mapping.
//!
//! Reason: most YAML loaders keep the last value without a word, some keep
//! the first, some fail; a duplicated `replicas:` or `env:` means one of the
//! two edits silently does nothing.
//! Source: yamllint `yamllint/rules/key_duplicates.py`.

use std::collections::HashMap;

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;
use crate::brief::diff::LineKind;

/// The rule.
pub const RULE: Rule = Rule {
    name: "yaml-duplicate-key",
    tags: &["yaml", "config"],
    why: "a duplicate key silently overrides (or is overridden by) the other one",
    source: "yamllint rules/key_duplicates.py",
    check,
};

static KEY: Pattern = Pattern::new(r#"^(\s*)(-\s+)?(['"]?[^\s#'":][^#:]*?['"]?)\s*:(\s|$)"#);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if !file.is_yaml() {
        return;
    }
    for hunk in &file.diff.hunks {
        // (indent → keys seen in the current mapping at that indent)
        let mut levels: Vec<(usize, HashMap<String, bool>)> = Vec::new();
        for line in &hunk.lines {
            if line.kind == LineKind::Removed {
                continue;
            }
            let text = &line.text;
            if text.trim().is_empty() || text.trim_start().starts_with('#') || text.trim() == "---"
            {
                if text.trim() == "---" {
                    levels.clear();
                }
                continue;
            }
            let Some(caps) = KEY.captures(text) else {
                continue;
            };
            let mut indent = caps.get(1).map_or(0, |m| m.as_str().len());
            let item = caps.get(2).is_some();
            if item {
                // A list item opens a new mapping at the item's content indent.
                indent += caps.get(2).map_or(0, |m| m.as_str().len());
                levels.retain(|(i, _)| *i < indent);
                levels.push((indent, HashMap::new()));
            }
            levels.retain(|(i, _)| *i <= indent);
            if levels.last().is_none_or(|(i, _)| *i != indent) {
                levels.push((indent, HashMap::new()));
            }
            let key = caps
                .get(3)
                .map_or("", |m| m.as_str())
                .trim_matches(['"', '\''])
                .to_string();
            if let Some((_, keys)) = levels.last_mut() {
                let added = line.kind == LineKind::Added;
                match keys.get(&key) {
                    Some(earlier_added) if added || *earlier_added => {
                        out.push(Hit::at(line).because(format!(
                            "`{key}` appears twice in this mapping; one value silently wins"
                        )));
                    }
                    _ => {
                        keys.insert(key, added);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{changed, lines, run};
    use super::*;

    #[test]
    fn duplicates_in_one_mapping_only() {
        assert_eq!(
            lines(&RULE, "k8s/api.yaml", "spec:\n  replicas: 3\n  template:\n    replicas: 1\n  replicas: 6\nother:\n  replicas: 2"),
            [5]
        );
        assert_eq!(
            lines(
                &RULE,
                "compose.yml",
                "services:\n  - name: a\n    port: 1\n  - name: b\n    port: 2"
            ),
            Vec::<u32>::new()
        );
        let file = changed("config/app.yml", " timeout: 30\n retries: 3\n+timeout: 5");
        assert_eq!(run(&RULE, &file).len(), 1);
    }
}
