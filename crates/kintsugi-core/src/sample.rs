//! The built-in sample library: original short war stories written for
//! Kintsugi (see `sample/README.md`), compiled into the binary so a new user
//! has something to search straight away.

use std::path::Path;

use crate::error::Result;
use crate::import::{parse_text, ParsedStory};

/// (file name, text) of every sample story.
pub const STORIES: &[(&str, &str)] = &[
    (
        "01-migration-locked-orders.md",
        include_str!("../sample/01-migration-locked-orders.md"),
    ),
    (
        "02-orm-nullified-subscriptions.md",
        include_str!("../sample/02-orm-nullified-subscriptions.md"),
    ),
    (
        "03-yaml-sexagesimal-schedule.md",
        include_str!("../sample/03-yaml-sexagesimal-schedule.md"),
    ),
    (
        "04-retry-storm-token-vault.md",
        include_str!("../sample/04-retry-storm-token-vault.md"),
    ),
    (
        "05-rollback-one-way-migration.md",
        include_str!("../sample/05-rollback-one-way-migration.md"),
    ),
    (
        "06-admin-bulk-delete-listings.md",
        include_str!("../sample/06-admin-bulk-delete-listings.md"),
    ),
    (
        "07-cache-flush-thundering-herd.md",
        include_str!("../sample/07-cache-flush-thundering-herd.md"),
    ),
    (
        "08-third-party-tag-checkout.md",
        include_str!("../sample/08-third-party-tag-checkout.md"),
    ),
    (
        "09-intermediate-cert-expiry.md",
        include_str!("../sample/09-intermediate-cert-expiry.md"),
    ),
    (
        "10-dns-ttl-load-balancer-cutover.md",
        include_str!("../sample/10-dns-ttl-load-balancer-cutover.md"),
    ),
    (
        "11-debug-logs-filled-nodes.md",
        include_str!("../sample/11-debug-logs-filled-nodes.md"),
    ),
    (
        "12-flag-cleanup-old-pricing.md",
        include_str!("../sample/12-flag-cleanup-old-pricing.md"),
    ),
];

/// The sample stories, parsed.
pub fn stories() -> Result<Vec<ParsedStory>> {
    let mut out = Vec::new();
    for (name, text) in STORIES {
        out.extend(parse_text(Path::new(&format!("sample/{name}")), text)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_sample_parses_with_parts() {
        let stories = super::stories().unwrap();
        assert_eq!(stories.len(), super::STORIES.len());
        for s in &stories {
            let c = &s.content;
            assert!(s.id.is_some(), "{}", c.title);
            assert!(!c.parts.lessons.is_empty(), "{} has lessons", c.title);
            assert!(
                !c.parts.action_items.is_empty(),
                "{} has action items",
                c.title
            );
            assert!(
                c.parts.timeline.iter().all(|e| e.time.is_some()),
                "{} timeline times",
                c.title
            );
            assert!(c.severity.is_some() && c.tags.len() >= 3, "{}", c.title);
        }
    }
}
