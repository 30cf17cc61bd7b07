//! `orm-cascade`: associations and relationship changes whose cascades
//! delete or null rows the code never names.
//!
//! Reason: `dependent: :destroy`/`:nullify`/`:delete_all`, `ON DELETE
//! CASCADE`/`SET NULL`, JPA `orphanRemoval`, Prisma `onDelete: Cascade`, and
//! assigning a whole `has_many` collection (Rails replaces it: records
//! missing from the new list are nullified or deleted with one
//! `update_all`) change rows far from the line that was edited.
//! Source: Rails guides "Active Record Associations" (`collection=`,
//! `:dependent`); Django docs `on_delete`; JPA `orphanRemoval`; Prisma
//! referential actions.

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "orm-cascade",
    tags: &["orm", "data-loss"],
    why: "cascades and collection assignment delete or null rows far from the line that changed",
    source: "Rails guides Associations (collection=, :dependent); Django on_delete; JPA orphanRemoval; Prisma onDelete",
    check,
};

static CASCADE: Pattern = Pattern::new(
    r"\bdependent:\s*:(destroy|delete_all|nullify|destroy_async)\b|\ballow_destroy:\s*true|\bon_delete\s*=\s*(models\.)?(CASCADE|SET_NULL)\b|\bon\s+delete\s+(cascade|set\s+null)\b|\bondelete\s*=\s*['\x22](cascade|set null)|\bcascade\s*=\s*['\x22][^'\x22]*\b(delete|all)\b|\bcascade\s*=\s*\{?\s*CascadeType\.(ALL|REMOVE)|\borphanRemoval\s*=\s*true|\bonDelete:\s*['\x22]?(Cascade|SetNull|CASCADE|SET NULL)|\bcascade:\s*true|\borphanedRowAction:\s*['\x22](delete|nullify)",
);
/// `account.subscriptions = Subscription.where(…)` and `user.role_ids = […]`.
static COLLECTION_ASSIGN: Pattern = Pattern::new(
    r"\b\w+\.\w+_ids\s*=[^=]|\b[a-z_]\w*\.[a-z_]\w*s\s*=\s*([A-Z]\w*\.(where|all|find|select)|\w+\.(select|reject|filter|map|to_a|where)\b|\[)",
);
/// Django related managers: `account.subscriptions.set(new)` replaces the set.
static DJANGO_SET: Pattern = Pattern::new(r"\.(\w+s|\w+_set)\.(set|clear)\(");
/// Plural names that are not relations.
static NOT_RELATION: Pattern = Pattern::new(
    r"cache|session|headers|items|params|events|settings|stats|metrics|counters|flags",
);
static COMMENT: Pattern = Pattern::new(r"^\s*(#|//|--|/\*|\*)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    let ruby = file.ext == "rb";
    let python = file.ext == "py";
    for line in file.added() {
        let text = &line.text;
        if COMMENT.is_match(text) {
            continue;
        }
        if CASCADE.is_match(text) {
            out.push(Hit::at(line));
        } else if ruby && COLLECTION_ASSIGN.is_match(text) {
            out.push(Hit::at(line).because(
                "assigning a has_many collection replaces it: records missing from the new list are nullified or deleted in one update_all",
            ));
        } else if python && DJANGO_SET.is_match(text) && !NOT_RELATION.is_match(text) {
            out.push(Hit::at(line).because(
                "set()/clear() on a related manager removes every related row not in the new list",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn cascades_in_each_ecosystem() {
        for (path, body) in [
            ("app/models/account.rb", "  has_many :invoices, dependent: :destroy"),
            ("app/models/team.rb", "  accepts_nested_attributes_for :members, allow_destroy: true"),
            ("app/services/sync_members.rb", "team.members = Member.where(remote_id: ids)"),
            ("app/services/sync_roles.rb", "user.role_ids = params[:role_ids]"),
            ("crm/models.py", "    account = models.ForeignKey(Account, on_delete=models.CASCADE)"),
            ("crm/sync.py", "account.contacts.set(remote_contacts)"),
            ("migrations/070.sql", "ALTER TABLE invoices ADD FOREIGN KEY (account_id) REFERENCES accounts ON DELETE CASCADE NOT VALID;"),
            ("svc/models.py", "    items = relationship('Item', cascade='all, delete-orphan')"),
            ("src/main/java/Order.java", "@OneToMany(mappedBy = \"order\", cascade = CascadeType.ALL, orphanRemoval = true)"),
            ("prisma/schema.prisma", "  account Account @relation(fields: [accountId], references: [id], onDelete: Cascade)"),
            ("src/entity/Order.ts", "@OneToMany(() => Item, (i) => i.order, { cascade: true })"),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}: {body}");
        }
        assert!(lines(&RULE, "app/models/account.rb", "  has_many :invoices").is_empty());
        assert!(lines(&RULE, "app/models/account.rb", "self.status = :active").is_empty());
        assert!(lines(&RULE, "svc/warm.py", "self.caches.clear()").is_empty());
    }
}
