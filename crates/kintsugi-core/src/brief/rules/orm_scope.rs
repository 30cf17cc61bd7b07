//! `orm-default-scope`: default scopes and the calls that escape them.
//!
//! Reason: a `default_scope` (Hibernate `@Where`/`@SQLRestriction`,
//! Sequelize `defaultScope`, a Django manager overriding `get_queryset`)
//! silently filters or orders every query, including updates and deletes,
//! and `unscoped` removes all of them at once, soft-delete filters too.
//! Source: Rails API docs `ActiveRecord::Scoping::Default` (`default_scope`,
//! `unscoped`); Hibernate `@SQLRestriction`; Django docs "Managers".

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "orm-default-scope",
    tags: &["orm"],
    why: "a default scope filters every query silently, and unscoped drops every filter at once",
    source: "Rails ActiveRecord::Scoping::Default (default_scope, unscoped); Hibernate @SQLRestriction; Django Managers",
    check,
};

static SCOPE: Pattern = Pattern::new(
    r"\bdefault_scope\b|\.unscoped\b|\bunscope\(|@Where\(\s*clause|@SQLRestriction\(|\bdefaultScope\s*:|\.unscoped\(\)|^\s*def\s+get_queryset\(self\)",
);
static COMMENT: Pattern = Pattern::new(r"^\s*(#|//|--|/\*|\*)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_some() {
        return;
    }
    let python_manager = file.ext == "py"
        && file
            .visible()
            .any(|l| l.text.contains("Manager)") || l.text.contains("models.Manager"));
    for line in file.added() {
        if COMMENT.is_match(&line.text) || !SCOPE.is_match(&line.text) {
            continue;
        }
        if line.text.contains("get_queryset") && !python_manager {
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
    fn scopes_in_each_ecosystem() {
        assert_eq!(lines(&RULE, "app/models/listing.rb", "class Listing < ApplicationRecord\n  default_scope { where(deleted_at: nil) }\nend"), [2]);
        assert_eq!(
            lines(
                &RULE,
                "app/admin/listings.rb",
                "Listing.unscoped.where(seller_id: id).find_each(&:reindex)"
            ),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "src/main/java/Listing.java",
                "@SQLRestriction(\"deleted = false\")"
            ),
            [1]
        );
        assert_eq!(
            lines(&RULE, "market/models.py", "class LiveManager(models.Manager):\n    def get_queryset(self):\n        return super().get_queryset().filter(deleted=False)"),
            [2]
        );
        assert!(lines(&RULE, "market/views.py", "class ListingView(ListView):\n    def get_queryset(self):\n        return Listing.objects.all()").is_empty());
    }
}
