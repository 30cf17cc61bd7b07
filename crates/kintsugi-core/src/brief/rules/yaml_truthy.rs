//! `yaml-truthy`: unquoted `yes`, `no`, `on`, `off`, `y`, `n` in YAML.
//!
//! Reason: YAML 1.1 loaders (PyYAML, Ruby's Psych before 4, SnakeYAML,
//! many Go libraries) read them as booleans, YAML 1.2 loaders as strings,
//! so the same file means different things to different tools: the country
//! code `NO` becomes `false`, a key `on:` becomes `true`. GitHub Actions'
//! own `on:` is exempt (its parser reads it as the key).
//! Source: yamllint `yamllint/rules/truthy.py` (and commit 3b6a3df: YAML 1.1
//! has 22 spellings of booleans, YAML 1.2 six); eslint-plugin-yml `no-boolean-key`.

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "yaml-truthy",
    tags: &["yaml", "config"],
    why: "unquoted yes/no/on/off are booleans to YAML 1.1 loaders and strings to YAML 1.2 ones",
    source: "yamllint rules/truthy.py; eslint-plugin-yml no-boolean-key",
    check,
};

static VALUE: Pattern = Pattern::new(
    r"^\s*(-\s+)?[^#:\s][^#:]*:\s+(yes|no|on|off|y|n)\s*(#.*)?$|^\s*-\s+(yes|no|on|off|y|n)\s*(#.*)?$",
);
static KEY: Pattern = Pattern::new(r"^\s*(-\s+)?(yes|no|on|off|y|n)\s*:(\s|$)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if !file.is_yaml() {
        return;
    }
    let workflow = file.lower.contains(".github/workflows/");
    for line in file.added() {
        let text = &line.text;
        if text.trim_start().starts_with('#') {
            continue;
        }
        if KEY.is_match(text) {
            if workflow && text.trim_start().starts_with("on:") {
                continue;
            }
            out.push(Hit::at(line).because(
                "an unquoted yes/no/on/off key is a boolean to YAML 1.1 loaders; quote it",
            ));
        } else if VALUE.is_match(text) {
            out.push(Hit::at(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn yaml_11_booleans() {
        assert_eq!(
            lines(&RULE, "config/locales.yml", "countries:\n  - SE\n  - NO\n  - DK\nfallback: no\nname: \"no\"\nenabled: true\nnote: no way"),
            [3, 5]
        );
        assert_eq!(
            lines(&RULE, "config/switches.yaml", "on: deploy\noff: never"),
            [1, 2]
        );
        assert!(lines(
            &RULE,
            ".github/workflows/ci.yml",
            "on:\n  push:\n    branches: [main]"
        )
        .is_empty());
        assert!(lines(&RULE, "config/app.json", "{\"on\": true}").is_empty());
        assert!(lines(&RULE, "config/a.yml", "# retry: no").is_empty());
    }
}
