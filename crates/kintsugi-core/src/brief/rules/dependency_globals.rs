//! `dependency-patches-globals`: adding or upgrading a library that patches
//! the runtime's globals (polyfills, APM agents, green-thread monkey
//! patches), or patching them in code.
//!
//! Reason: such libraries change the behaviour of code that never imports
//! them (every `fetch`, `Promise`, socket or `JSON` call), so an upgrade is
//! a change to the whole process, and its failures show up far from it.
//! Source: gevent docs "Monkey patching" (patch first, affects everything);
//! core-js and zone.js docs (global polyfills); Ruby `Oj.mimic_JSON`.

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "dependency-patches-globals",
    tags: &["third-party", "dependencies"],
    why: "this library patches globals: upgrading it changes code all over the process that never imports it",
    source: "gevent Monkey patching docs; core-js and zone.js docs; Oj mimic_JSON",
    check,
};

static GLOBAL_PATCHERS: Pattern = Pattern::new(
    r#"["'/ ](zone\.js|core-js|@babel/polyfill|babel-polyfill|regenerator-runtime|es[56]-shim|whatwg-fetch|isomorphic-fetch|newrelic|newrelic_rpm|dd-trace|ddtrace|elastic-apm-node|elastic-apm|@sentry/node|@sentry/browser|sentry-sdk|sentry-ruby|@opentelemetry/auto-instrumentations-node|opentelemetry-instrument\w*|bluebird|gevent|eventlet|oj|activesupport|prototypejs|sugar)["'@= ,:<>~^]"#,
);
static MONKEY_PATCH: Pattern = Pattern::new(
    r"\bmonkey\.patch_all\s*\(|\b(Array|Object|String|Function|Promise|Date|Number)\.prototype\.\w+\s*=|\bObject\.defineProperty\(\s*(window|globalThis|global)\b|\b(window|globalThis|global)\.(fetch|XMLHttpRequest|Promise|JSON)\s*=|\bOj\.mimic_JSON\b|^\s*class\s+(String|Array|Hash|Integer|Time|Object|NilClass)\s*$",
);
static MANIFEST: Pattern = Pattern::new(
    r"(^|/)(package\.json|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|requirements[\w.-]*\.txt|pyproject\.toml|poetry\.lock|pipfile(\.lock)?|gemfile(\.lock)?|go\.mod|cargo\.toml)$",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    let manifest = MANIFEST.is_match(&file.lower);
    let mut seen: Vec<String> = Vec::new();
    for line in file.added() {
        let text = &line.text;
        if manifest {
            let padded = format!(" {} ", text.trim());
            if let Some(name) = GLOBAL_PATCHERS
                .captures(&padded)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_lowercase())
            {
                if !seen.contains(&name) {
                    seen.push(name.clone());
                    out.push(Hit::at(line).because(format!("`{name}` patches globals: this changes code all over the process that never imports it")));
                }
            }
        } else if MONKEY_PATCH.is_match(text) && !file.is_test() {
            out.push(Hit::at(line).because(
                "patching a global changes every caller in the process, not just this file",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{changed, lines, run};
    use super::*;

    #[test]
    fn global_patchers_in_manifests_and_code() {
        let npm = changed("web/package.json", "-    \"zone.js\": \"0.13.3\",\n+    \"zone.js\": \"0.14.4\",\n+    \"left-pad\": \"1.3.0\",");
        assert_eq!(run(&RULE, &npm).len(), 1);
        assert_eq!(
            lines(
                &RULE,
                "requirements.txt",
                "gevent==24.2.1\nrequests==2.32.3"
            ),
            [1]
        );
        assert_eq!(
            lines(&RULE, "Gemfile.lock", "    oj (3.16.3)\n    rack (3.0.9)"),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "svc/wsgi.py",
                "from gevent import monkey\nmonkey.patch_all()"
            ),
            [2]
        );
        assert_eq!(
            lines(
                &RULE,
                "web/src/polyfill.js",
                "Array.prototype.flat = function () { /* … */ };"
            ),
            [1]
        );
        assert_eq!(
            lines(&RULE, "config/initializers/json.rb", "Oj.mimic_JSON"),
            [1]
        );
    }
}
