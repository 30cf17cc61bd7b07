//! `data-destruction`: statements and commands that destroy data in bulk:
//! `TRUNCATE`, `DROP DATABASE`/`SCHEMA`, `DELETE` without `WHERE`,
//! `rm -rf` on a variable path, test cleaners outside tests.
//!
//! Reason: they take no row-by-row care and leave nothing to roll back;
//! run against the wrong environment (a test helper pointed at production,
//! an empty variable in `rm -rf "$DIR/"*`) they erase everything.
//! Source: squawk `ban_truncate_cascade.rs`, `ban_drop_database.rs`;
//! GitLab `tooling/danger/data_deletion.rb`; ShellCheck SC2115 (`rm -rf
//! "$var/"*` with an empty variable).

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "data-destruction",
    tags: &["data-loss", "backups"],
    why: "bulk destruction has no undo, and pointed at the wrong environment it erases everything",
    source: "squawk ban_truncate_cascade.rs, ban_drop_database.rs; GitLab data_deletion.rb; ShellCheck SC2115",
    check,
};

static DESTROY: Pattern = Pattern::new(
    r"\btruncate\s+(table\s+)?[\w.\x22`]+|\btruncate_tables?\b|\.truncate\(\s*\)|\bconnection\.truncate\b|\bdrop\s+(database|schema)\b|\bdelete\s+from\s+[\w.\x22`]+\s*(;|$|\x22|')|\brm\s+-(rf|fr|r)\s+[\x22']?\$\{?\w+\}?/?\*?|\bshutil\.rmtree\(|\bFileUtils\.rm_rf\(|\bDatabaseCleaner\.(clean|strategy\s*=\s*:truncation)|\bdb:(drop|reset|schema:load)\b|\.dropDatabase\(\s*\)",
);
static COMMENT: Pattern = Pattern::new(r"^\s*(#|//|--|/\*|\*)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&["fixtures/", ".md"]) {
        return;
    }
    for line in file.added() {
        if COMMENT.is_match(&line.text) || !DESTROY.is_match(&line.text) {
            continue;
        }
        if line.text.to_lowercase().contains("delete from")
            && line.text.to_lowercase().contains("where")
        {
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
    fn bulk_destruction_in_each_ecosystem() {
        for (path, body) in [
            (
                "db/maintenance/reset_events.sql",
                "TRUNCATE TABLE events CASCADE;",
            ),
            ("scripts/reset.sql", "DELETE FROM sessions;"),
            ("scripts/clean.sh", "rm -rf \"$BUILD_ROOT/\"*"),
            (
                "app/lib/seeds.rb",
                "ActiveRecord::Base.connection.truncate(:users)",
            ),
            (
                "config/initializers/cleaner.rb",
                "DatabaseCleaner.strategy = :truncation",
            ),
            ("ops/rebuild.sh", "bundle exec rake db:reset"),
            ("svc/purge.py", "shutil.rmtree(export_dir)"),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(
            &RULE,
            "scripts/reset.sql",
            "DELETE FROM sessions WHERE expires_at < now();"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "spec/support/cleaner.rb",
            "DatabaseCleaner.strategy = :truncation"
        )
        .is_empty());
    }
}
