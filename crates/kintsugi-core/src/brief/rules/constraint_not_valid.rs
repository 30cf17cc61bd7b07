//! `constraint-not-valid`: adding a foreign key, check, unique or primary
//! key constraint that is validated at once.
//!
//! Reason: validating a new constraint scans the whole table while holding
//! a lock that blocks writes (a foreign key also locks the referenced
//! table). Add it `NOT VALID` (Rails `validate: false`) and `VALIDATE` it
//! in a later step; build unique and primary keys from an index made
//! `CONCURRENTLY` (`USING INDEX`). Tables created in the same file are skipped.
//! Source: squawk `constraint_missing_not_valid.rs`,
//! `adding_foreign_key_constraint.rs`, `disallow_unique_constraint.rs`,
//! `adding_primary_key_constraint.rs`; strong_migrations `checks.rb`
//! `check_add_foreign_key`, `check_add_check_constraint`.

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;
use crate::brief::entities::{acts_on, created_tables};

/// The rule.
pub const RULE: Rule = Rule {
    name: "constraint-not-valid",
    tags: &["migrations", "locking"],
    why: "validating a new constraint scans the table while blocking writes; add it NOT VALID and validate later",
    source: "squawk constraint_missing_not_valid.rs, adding_foreign_key_constraint.rs; strong_migrations check_add_foreign_key",
    check,
};

static CONSTRAINT: Pattern = Pattern::new(
    r"\badd\s+(constraint\s+\S+\s+)?(foreign\s+key|check|unique|primary\s+key)\b|\badd\s+column\b[^;]*\breferences\b|\badd_foreign_key\b|\badd_check_constraint\b|\badd_reference\b[^#]*\bforeign_key:|\bmigrations\.AddConstraint\s*\(|\bop\.create_(foreign_key|check_constraint|unique_constraint|primary_key)\s*\(|<add(ForeignKey|Unique)Constraint\b|\badd(ForeignKey|Unique)Constraint\s*:|\bmodels\.ForeignKey\(",
);
static SAFE: Pattern =
    Pattern::new(r"\bnot\s+valid\b|validate:\s*false|\busing\s+index\b|db_constraint\s*=\s*False");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_none() {
        return;
    }
    let created = created_tables(file);
    let django_add_field = file.ext == "py";
    for (at, line) in file.added_at() {
        if is_comment(&line.text) || !CONSTRAINT.is_match(&line.text) {
            continue;
        }
        // In Django, a ForeignKey only adds a constraint when a field is added.
        if line.text.contains("models.ForeignKey(") && !(django_add_field && in_add_field(file, at))
        {
            continue;
        }
        let statement = file.statement(at);
        if SAFE.is_match(&statement) || acts_on(&statement, &created) {
            continue;
        }
        out.push(Hit::at(line));
    }
}

/// Whether position `at` sits in a Django `AddField(` (within a few lines).
fn in_add_field(file: &ChangedFile<'_>, at: usize) -> bool {
    file.around(at, 4, 0).any(|l| l.text.contains("AddField("))
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn sql_constraints() {
        assert_eq!(lines(&RULE, "migrations/040.sql", "ALTER TABLE subscriptions ADD CONSTRAINT fk_account FOREIGN KEY (account_id) REFERENCES accounts (id);"), [1]);
        assert!(lines(&RULE, "migrations/040.sql", "ALTER TABLE subscriptions ADD CONSTRAINT fk_account FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;").is_empty());
        assert_eq!(
            lines(
                &RULE,
                "db/migration/V41__c.sql",
                "ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total >= 0);"
            ),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "migrations/042.sql",
                "ALTER TABLE users ADD CONSTRAINT users_email UNIQUE (email);"
            ),
            [1]
        );
        assert!(lines(
            &RULE,
            "migrations/042.sql",
            "ALTER TABLE users ADD CONSTRAINT users_email UNIQUE USING INDEX users_email_idx;"
        )
        .is_empty());
        assert_eq!(
            lines(
                &RULE,
                "migrations/043.sql",
                "ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);"
            ),
            [1]
        );
    }

    #[test]
    fn rails_django_alembic_liquibase() {
        assert_eq!(
            lines(
                &RULE,
                "db/migrate/44_fk.rb",
                "add_foreign_key :subscriptions, :accounts"
            ),
            [1]
        );
        assert!(lines(
            &RULE,
            "db/migrate/44_fk.rb",
            "add_foreign_key :subscriptions, :accounts, validate: false"
        )
        .is_empty());
        assert_eq!(lines(&RULE, "db/migrate/45_ref.rb", "add_reference :orders, :coupon, foreign_key: true, index: { algorithm: :concurrently }"), [1]);
        assert_eq!(
            lines(&RULE, "billing/migrations/0046_fk.py", "migrations.AddField(\n    model_name='invoice',\n    name='account',\n    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='billing.account'),\n)"),
            [4]
        );
        assert!(lines(&RULE, "billing/migrations/0001_initial.py", "migrations.CreateModel(\n    name='Invoice',\n    fields=[\n        ('account', models.ForeignKey(on_delete=models.PROTECT, to='billing.account')),\n    ],\n)").is_empty());
        assert_eq!(lines(&RULE, "alembic/versions/f4.py", "def upgrade():\n    op.create_foreign_key('fk_inv_acc', 'invoices', 'accounts', ['account_id'], ['id'])"), [2]);
        assert_eq!(lines(&RULE, "db/changelog/47.xml", "<addForeignKeyConstraint baseTableName=\"invoices\" baseColumnNames=\"account_id\" referencedTableName=\"accounts\" referencedColumnNames=\"id\" constraintName=\"fk\"/>"), [1]);
    }
}
