//! `orm-bulk-write`: ORM calls that write many rows while skipping the
//! model's callbacks, validations and signals.
//!
//! Reason: `update_all`, `delete_all`, `update_column(s)`, `save(validate:
//! false)`, Django QuerySet `.update()`/`.delete()`/`bulk_create`,
//! SQLAlchemy `query(...).update()`, Prisma `updateMany`/`deleteMany` go
//! straight to SQL: audit logs, search indexing, counters and validations
//! that the code relies on never run, and nothing limits how many rows are
//! hit. (Inside migrations see `backfill-in-migration`.)
//! Source: GitLab `tooling/danger/bulk_database_actions.rb`; Rails guides
//! "Skipping Callbacks"; Django docs (QuerySet `update()` does not call
//! `save()` or send signals).

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "orm-bulk-write",
    tags: &["orm", "data-loss"],
    why: "bulk ORM writes skip callbacks, validations and signals, and nothing limits how many rows they hit",
    source: "GitLab tooling/danger/bulk_database_actions.rb; Rails guides Skipping Callbacks; Django QuerySet.update docs",
    check,
};

static BULK: Pattern = Pattern::new(
    r"\.(update_all|delete_all|destroy_all|update_columns?|insert_all!?|upsert_all|touch_all|delete_by)\b|\.save!?\(\s*validate:\s*false|\.objects\b[^#]*\.(update|delete)\s*\(|\.(filter|exclude|all)\([^#]*\)\.(update|delete)\s*\(|\.bulk_(create|update)\s*\(|\bbulk_(save_objects|insert_mappings|update_mappings)\s*\(|\.query\([^#]*\)\.(update|delete)\s*\(|\bsession\.execute\(\s*(update|delete)\(|\.(updateMany|deleteMany)\s*\(|\.destroy\(\s*\{\s*where|\bdelete(All)?InBatch\s*\(|@Query\(\s*\x22\s*(update|delete)\b",
);
static COMMENT: Pattern = Pattern::new(r"^\s*(#|//|--|/\*|\*)");
static CODE_FILE: Pattern = Pattern::new(r"\.(rb|py|js|ts|mjs|cjs|java|kt|rake|ex|exs)$");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_some() || !CODE_FILE.is_match(&file.lower) || file.is_test() {
        return;
    }
    super::each_added_line(file, &BULK, Some(&COMMENT), out);
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn bulk_writes_in_each_orm() {
        for (path, body) in [
            (
                "app/services/expire_carts.rb",
                "Cart.where(\"updated_at < ?\", 30.days.ago).delete_all",
            ),
            (
                "app/models/invoice.rb",
                "invoice.update_column(:status, 'void')",
            ),
            ("app/models/invoice.rb", "invoice.save(validate: false)"),
            (
                "lib/tasks/reprice.rake",
                "Listing.where(region: 'eu').update_all(price_cents: 0)",
            ),
            (
                "shop/services.py",
                "Order.objects.filter(status='pending').update(status='cancelled')",
            ),
            ("shop/cleanup.py", "Session.objects.all().delete()"),
            (
                "shop/import.py",
                "Product.objects.bulk_create(rows, batch_size=500)",
            ),
            (
                "svc/repo.py",
                "session.query(Order).filter(Order.stale).delete(synchronize_session=False)",
            ),
            (
                "src/jobs/purge.ts",
                "await prisma.session.deleteMany({ where: { expiresAt: { lt: now } } });",
            ),
            (
                "src/jobs/purge.js",
                "await Session.destroy({ where: { expired: true } });",
            ),
            (
                "src/main/java/OrderRepo.java",
                "@Query(\"delete from Order o where o.state = 'DRAFT'\")",
            ),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}: {body}");
        }
        assert!(lines(&RULE, "spec/models/invoice_spec.rb", "Invoice.delete_all").is_empty());
        assert!(lines(
            &RULE,
            "app/models/invoice.rb",
            "# never use update_all here"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "app/models/invoice.rb",
            "invoice.update(status: 'void')"
        )
        .is_empty());
    }
}
