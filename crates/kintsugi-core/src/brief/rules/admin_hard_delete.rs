//! `admin-hard-delete`: hard deletes and `destroy` in back-office and
//! admin code.
//!
//! Reason: admin tools act on many records with one click, often on a
//! selection rebuilt on the server ("select all matching"), with powers
//! ordinary code paths do not have; a hard delete there has no undo, and
//! `delete_all` skips the audit log and search updates too.
//! Source: GitLab `tooling/danger/data_deletion.rb`; ActiveAdmin
//! `batch_action :destroy` docs; Django admin "delete_selected" action docs.

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "admin-hard-delete",
    tags: &["admin-tools", "data-loss"],
    why: "an admin action deletes many records with one click and no undo",
    source: "GitLab tooling/danger/data_deletion.rb; ActiveAdmin batch_action; Django admin delete_selected",
    check,
};

static ADMIN_PATH: Pattern = Pattern::new(
    r"(^|/)(admin|admins|backoffice|back_office|back-office|staff|ops|support|moderation|superuser|internal_tools|console)(/|_|\.)|(^|/)admin\.py$|_admin\.(rb|py|ts|js)$|/avo/|/rails_admin/|/active_admin/",
);
static ADMIN_CODE: Pattern = Pattern::new(
    r"\bActiveAdmin\.register\b|\bclass\s+\w+\(\s*admin\.ModelAdmin\s*\)|\bbatch_action\b|@admin\.register\b",
);
static DELETE: Pattern = Pattern::new(
    r"\.(destroy!?|delete|destroy_all|delete_all|really_destroy!|hard_delete|purge!?|destroy_by|delete_by)\b|\bdelete\s+from\b|\bqueryset\.delete\(\)|\bbatch_action\s+:destroy\b|\bdelete_selected\b|\.(deleteMany|destroyAll|remove)\s*\(",
);
static COMMENT: Pattern = Pattern::new(r"^\s*(#|//|/\*|\*)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() {
        return;
    }
    let admin =
        ADMIN_PATH.is_match(&file.lower) || file.visible().any(|l| ADMIN_CODE.is_match(&l.text));
    if !admin {
        return;
    }
    for line in file.added() {
        if !COMMENT.is_match(&line.text) && DELETE.is_match(&line.text) {
            out.push(Hit::at(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn admin_deletes_in_each_ecosystem() {
        for (path, body) in [
            (
                "app/controllers/admin/listings_controller.rb",
                "def bulk_destroy\n  Listing.where(id: params[:ids]).delete_all\nend",
            ),
            (
                "app/admin/users.rb",
                "ActiveAdmin.register User do\n  batch_action :destroy, confirm: 'Sure?'\nend",
            ),
            (
                "market/admin.py",
                "def purge(modeladmin, request, queryset):\n    queryset.delete()",
            ),
            (
                "src/backoffice/orders.ts",
                "await prisma.order.deleteMany({ where: filter });",
            ),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(
            &RULE,
            "app/controllers/listings_controller.rb",
            "listing.destroy"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "app/admin/users.rb",
            "ActiveAdmin.register User do\n  index { column :email }\nend"
        )
        .is_empty());
    }
}
