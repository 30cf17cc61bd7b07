//! `log-verbosity`: logging turned up to debug or trace in configuration
//! or code that ships.
//!
//! Reason: debug logging multiplies log volume (disk, ingestion cost,
//! latency), often writes request bodies and secrets, and is easy to
//! forget once the investigation that needed it is over.
//! Source: Kubernetes docs "Node-pressure Eviction" (ephemeral storage
//! filled by logs); OWASP Logging Cheat Sheet (sensitive data in logs).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "log-verbosity",
    tags: &["logging", "config"],
    why: "debug logging multiplies log volume and often writes secrets; it is easy to leave on",
    source: "Kubernetes Node-pressure Eviction docs; OWASP Logging Cheat Sheet",
    check,
};

static DEBUG: Pattern = Pattern::new(
    r#"\blog_?level\s*[:=]\s*["':]?(debug|trace|all|verbose)\b|\bLOG_LEVEL\s*[:=]\s*["']?(debug|trace)\b|\blevel\s*[:=]\s*["']?(debug|trace)\b|\blogging\.DEBUG\b|\bsetLevel\(\s*(logging\.)?(DEBUG|Level\.(DEBUG|TRACE|ALL))|\bLogger::DEBUG\b|\bRUST_LOG\s*[:=]\s*["']?\S*(debug|trace)|\blog\.level\s*=\s*debug|\bdebug\s*[:=]\s*true\b"#,
);

static ENV_VALUE: Pattern = Pattern::new(r#"^\s*value:\s*["']?(debug|trace)["']?\s*$"#);
static LEVEL_NAME: Pattern = Pattern::new(r"name:\s*\w*LOG_?LEVEL\b");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md", "development", "dev.", ".env.example"]) {
        return;
    }
    for (at, line) in file.added_at() {
        if is_comment(&line.text) {
            continue;
        }
        // Kubernetes env entries put the name and the value on two lines.
        let env_value = ENV_VALUE.is_match(&line.text)
            && file.around(at, 3, 0).any(|l| LEVEL_NAME.is_match(&l.text));
        if DEBUG.is_match(&line.text) || env_value {
            out.push(Hit::at(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn debug_logging_in_config_and_code() {
        for (path, body) in [
            (
                "k8s/render-worker.yaml",
                "        env:\n          - name: LOG_LEVEL\n            value: debug",
            ),
            (
                "config/environments/production.rb",
                "  config.log_level = :debug",
            ),
            (
                "svc/settings.py",
                "logging.basicConfig(level=logging.DEBUG)",
            ),
            ("deploy/worker.env", "RUST_LOG=render=trace"),
            ("config/logging.yml", "root:\n  level: DEBUG"),
        ] {
            assert!(!lines(&RULE, path, body).is_empty(), "{path}");
        }
        assert!(lines(
            &RULE,
            "config/environments/development.rb",
            "  config.log_level = :debug"
        )
        .is_empty());
        assert!(lines(&RULE, "config/logging.yml", "root:\n  level: info").is_empty());
        let changed = super::super::testing::changed(
            "k8s/worker.yaml",
            "   - name: LOG_LEVEL\n-    value: info\n+    value: debug",
        );
        assert_eq!(super::super::testing::run(&RULE, &changed).len(), 1);
    }
}
