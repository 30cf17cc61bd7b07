//! E-mail addresses: `local@domain.tld`, replaced whole.
//!
//! Invariant: the key is the address lowercased, so one address written
//! in two cases gets one pseudonym.

use super::super::finding::Found;
use super::super::ReplacementKind;

regex!(
    EMAIL,
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
);

/// Every e-mail address in `text`.
pub(super) fn emails(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for m in EMAIL.find_iter(text) {
        found.push(Found {
            start: m.start(),
            end: m.end(),
            kind: ReplacementKind::Email,
            key: m.as_str().to_lowercase(),
        });
    }
    found
}
