//! `yaml-special-value`: unquoted YAML values that a YAML 1.1 loader turns
//! into something else: `22:30` (a base-60 integer, 1350), `0755` (octal
//! to 1.1, decimal to 1.2), `3.10` (the float 3.1), and unquoted cron
//! strings (a leading `*` is an alias, and the rest is a string only by luck).
//!
//! Reason: the value is read without an error, just as a different value,
//! and different tools disagree about it.
//! Source: yamllint `yamllint/rules/octal_values.py`, `float_values.py`,
//! `quoted_strings.py`; YAML 1.1 int/float type specs (sexagesimal).

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "yaml-special-value",
    tags: &["yaml", "config", "time"],
    why: "this unquoted YAML value is read as a different number or type by YAML 1.1 loaders; quote it",
    source: "yamllint rules/octal_values.py, float_values.py, quoted_strings.py; YAML 1.1 int type (base 60)",
    check,
};

static SEXAGESIMAL: Pattern =
    Pattern::new(r":\s+[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?\s*(#.*)?$");
static OCTAL: Pattern = Pattern::new(r":\s+0o?[0-7_]+\s*(#.*)?$");
static VERSION_FLOAT: Pattern = Pattern::new(
    r"(version|release|python|ruby|node|go|php|java)\w*\s*:\s+\d+\.\d*0\s*(#.*)?$|^\s*-\s+\d+\.\d*0\s*(#.*)?$",
);
static UNQUOTED_CRON: Pattern =
    Pattern::new(r"\b(schedule|cron)\s*:\s+[^'\x22\s{\[|>]\S*(\s+\S+){4}");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if !file.is_yaml() {
        return;
    }
    for line in file.added() {
        let text = &line.text;
        if text.trim_start().starts_with('#') {
            continue;
        }
        let why = if SEXAGESIMAL.is_match(text) {
            "unquoted 22:30-style times are base-60 integers to YAML 1.1 loaders (22:30 is 1350); quote it"
        } else if OCTAL.is_match(text) {
            "a leading zero makes this octal to YAML 1.1 and decimal to YAML 1.2; quote it or drop the zero"
        } else if VERSION_FLOAT.is_match(text) {
            "an unquoted version like 3.10 is the float 3.1; quote it"
        } else if UNQUOTED_CRON.is_match(text) {
            "unquoted cron string: a leading * is a YAML alias and the value is a string only by luck; quote it"
        } else {
            continue;
        };
        out.push(Hit::at(line).because(why));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn values_a_yaml_11_loader_changes() {
        assert_eq!(
            lines(
                &RULE,
                "config/jobs.yml",
                "- name: nightly-export\n  start: 23:45\n  backup_start: 04:15\n  mode: 0644\n  zip: \"01234\"\n  retries: 10"
            ),
            [2, 4]
        );
        assert_eq!(
            lines(
                &RULE,
                ".github/workflows/test.yml",
                "python-version: 3.10\nmatrix:\n  - 3.8\n  - 3.10\n  - \"3.11\""
            ),
            [1, 4]
        );
        assert_eq!(
            lines(
                &RULE,
                "config/sidekiq_schedule.yml",
                "export:\n  cron: 0 */6 * * *\n  cron_quoted: \"0 */6 * * *\""
            ),
            [2]
        );
        assert!(lines(&RULE, "config/app.json", "\"start\": 23:45").is_empty());
    }
}
