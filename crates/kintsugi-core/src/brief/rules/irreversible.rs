//! `irreversible-migration`: a migration that cannot be rolled back.
//!
//! Reason: when the release that carries it has to be rolled back, the
//! schema (or data) stays in the new shape and the old code meets it; an
//! enum value renamed, a Django `RunPython`/`RunSQL` without its reverse,
//! an explicit `IrreversibleMigration`, an Alembic `downgrade()` that does
//! nothing, or a migration file deleted after it ran.
//! Source: django-migration-linter (`RUNPYTHON_REVERSIBLE`,
//! `RUNSQL_REVERSIBLE`); GitLab `tooling/danger/database.rb` (deleted
//! migrations); strong_migrations `checks.rb` (`rename_enum_value`).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::{migration_of, ChangedFile};
use crate::brief::diff::{FileStatus, LineKind};

/// The rule.
pub const RULE: Rule = Rule {
    name: "irreversible-migration",
    tags: &["rollback", "migrations"],
    why: "a rollback of this release leaves the schema or data in the new shape for the old code",
    source: "django-migration-linter RUNPYTHON_REVERSIBLE/RUNSQL_REVERSIBLE; GitLab tooling/danger/database.rb",
    check,
};

static IRREVERSIBLE: Pattern =
    Pattern::new(r"\brename\s+value\b|\brename_enum_value\b|\bdrop\s+type\b");
static RAISES_IRREVERSIBLE: Pattern = Pattern::new(r"\bIrreversibleMigration\b");
static RUN_PYTHON: Pattern = Pattern::new(r"\bmigrations\.(RunPython|RunSQL)\s*\(");
static REVERSE: Pattern = Pattern::new(
    r#"reverse_code\s*=|reverse_sql\s*=|RunPython\.noop|RunSQL\.noop|\(\s*[\w.]+\s*,\s*[\w.]+|\(\s*"[^"]*"\s*,|\(\s*'[^']*'\s*,"#,
);
static DOWNGRADE: Pattern = Pattern::new(r"^\s*def\s+downgrade\s*\(");
static UPGRADE: Pattern = Pattern::new(r"^\s*def\s+upgrade\s*\(");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.diff.status == FileStatus::Deleted {
        if migration_of(&file.lower).is_some() {
            out.push(Hit {
                line: 0,
                text: format!("deleted {}", file.path),
                why: Some("a migration file was deleted: databases that ran it cannot roll it back, new ones never run it".into()),
            });
        }
        return;
    }
    if file.migration.is_none() {
        return;
    }
    for (at, line) in file.added_at() {
        if is_comment(&line.text) {
            continue;
        }
        if IRREVERSIBLE.is_match(&line.text) {
            out.push(Hit::at(line));
        } else if RUN_PYTHON.is_match(&line.text) && !REVERSE.is_match(&file.statement(at)) {
            out.push(
                Hit::at(line).because(
                    "RunPython/RunSQL without a reverse: this migration cannot be unapplied",
                ),
            );
        }
    }
    // `raise ActiveRecord::IrreversibleMigration` sits in `def down`, which
    // never triggers itself; what cannot be undone is the rest of the file.
    let lines = file.lines();
    if lines
        .iter()
        .any(|l| l.kind == LineKind::Added && RAISES_IRREVERSIBLE.is_match(&l.text))
    {
        let hit = match file
            .added()
            .find(|l| !l.text.trim().is_empty() && !is_comment(&l.text))
        {
            Some(line) => Hit::at(line),
            None => Hit {
                line: 0,
                text: file.path.to_string(),
                why: None,
            },
        };
        out.push(hit.because(
            "the migration raises IrreversibleMigration on the way down: a rollback cannot undo it",
        ));
    }
    // An Alembic downgrade that only passes or raises (its own lines are a
    // down section and never trigger; the upgrade is what cannot be undone).
    if let Some(start) = lines
        .iter()
        .position(|l| l.kind == LineKind::Added && DOWNGRADE.is_match(&l.text))
    {
        let body: Vec<&str> = lines[start + 1..]
            .iter()
            .filter(|l| l.kind != LineKind::Removed)
            .map(|l| l.text.trim())
            .filter(|t| !t.is_empty() && !t.starts_with('#') && !t.starts_with("\"\"\""))
            .take_while(|t| !t.starts_with("def "))
            .collect();
        let empty = body.is_empty() || body.iter().all(|t| *t == "pass" || t.starts_with("raise"));
        if empty {
            if let Some(up) = file.added().find(|l| UPGRADE.is_match(&l.text)) {
                out.push(
                    Hit::at(up)
                        .because("downgrade() does nothing: this upgrade cannot be rolled back"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines, run};
    use super::*;
    use crate::brief::diff;

    #[test]
    fn irreversible_in_each_ecosystem() {
        assert_eq!(
            lines(&RULE, "db/migrate/70.rb", "class DropLegacy < ActiveRecord::Migration[7.1]\n  def up\n    drop_table :fares_v1\n  end\n\n  def down\n    raise ActiveRecord::IrreversibleMigration\n  end\nend"),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "db/migrate/71.rb",
                "def up\n  execute \"ALTER TYPE status RENAME VALUE 'open' TO 'active'\"\nend"
            ),
            [2]
        );
        assert_eq!(
            lines(
                &RULE,
                "clinic/migrations/0072_utc.py",
                "operations = [\n    migrations.RunPython(convert_to_utc),\n]"
            ),
            [2]
        );
        assert!(lines(
            &RULE,
            "clinic/migrations/0072_utc.py",
            "operations = [\n    migrations.RunPython(convert_to_utc, convert_to_local),\n]"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "clinic/migrations/0073.py",
            "migrations.RunSQL(\"UPDATE a SET b = 1\", reverse_sql=\"UPDATE a SET b = 0\")"
        )
        .is_empty());
        assert_eq!(lines(&RULE, "alembic/versions/c7.py", "def upgrade():\n    op.execute('UPDATE a SET tz = 1')\n\n\ndef downgrade():\n    pass"), [1]);
        assert!(lines(&RULE, "alembic/versions/c7.py", "def upgrade():\n    op.add_column('a', sa.Column('b', sa.Text()))\n\n\ndef downgrade():\n    op.drop_column('a', 'b')").is_empty());
    }

    #[test]
    fn a_deleted_migration_file() {
        let text = "diff --git a/db/migrate/74_x.rb b/db/migrate/74_x.rb\ndeleted file mode 100644\n--- a/db/migrate/74_x.rb\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-class X\n-end\n";
        let file = diff::parse("t", text.as_bytes()).unwrap().files.remove(0);
        assert_eq!(
            run(&RULE, &file),
            [(0, "deleted db/migrate/74_x.rb".to_string())]
        );
    }
}
