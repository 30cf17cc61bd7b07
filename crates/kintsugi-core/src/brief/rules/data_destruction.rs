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
    tags: &["data-loss"],
    why: "bulk destruction has no undo, and pointed at the wrong environment it erases everything",
    source: "squawk ban_truncate_cascade.rs, ban_drop_database.rs; GitLab data_deletion.rb; ShellCheck SC2115",
    check,
};

static DESTROY: Pattern = Pattern::new(
    r"\btruncate\s+(table\s+)?[\w.\x22`]+|\btruncate_tables?\b|\.truncate\(\s*\)|\bconnection\.truncate\b|\bdrop\s+(database|schema)\b|\bdelete\s+from\s+[\w.\x22`]+\s*(;|$|\x22|')|\brm\s+-(rf|fr|r)\s+[\x22']?\$\{?\w+\}?/?\*?|\bshutil\.rmtree\(|\bFileUtils\.rm_rf\(|\bDatabaseCleaner\.(clean|strategy\s*=\s*:truncation)|\bdb:(drop|reset|schema:load)\b|\.dropDatabase\(\s*\)|\bgcloud\s+[\w\s-]*\bdelete\b|\baws\s+s3\s+(rm|rb)\b[^\n]*--(recursive|force)|\baws\s+\w+\s+(delete|terminate)-\w+|\bkubectl\s+delete\b|\bterraform\s+destroy\b|\baz\s+[\w\s-]*\bdelete\b",
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
        out.push(Hit::at(line).because(why(&line.text.to_lowercase())));
    }
}

/// What this kind of destruction does, in one line.
fn why(text: &str) -> &'static str {
    if text.contains("rm ") || text.contains("rmtree") || text.contains("rm_rf") {
        "recursive delete of a variable path: when the variable is empty or wrong it deletes every file from the root directory"
    } else if text.contains("truncat") || text.contains("cleaner") {
        "truncation empties every table of whatever database it is pointed at, production included"
    } else if text.contains("drop") || text.contains("db:") {
        "dropping a database deletes every table and row; only a backup brings them back"
    } else if text.contains("delete from") {
        "DELETE without WHERE removes every row of the table"
    } else {
        "deleting cloud resources in bulk (images, buckets, instances) has no undo"
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
            (
                ".github/workflows/prune.yml",
                "          gcloud compute images delete \"$img\" --quiet",
            ),
            ("ops/teardown.sh", "aws s3 rm s3://exports --recursive"),
            ("ops/teardown.sh", "kubectl delete namespace staging"),
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
