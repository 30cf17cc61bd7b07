//! Stories "seen before": a story's fingerprints (`changes:` path globs,
//! symbols and commit ids) that the change touches again. A recorded link
//! from a change to an incident is better evidence than any similarity.
//!
//! Invariant: path globs are matched against the new and the old path of
//! every changed file; symbols only against added and removed lines, as
//! whole identifiers; commit ids against the commits the input names.

use std::collections::HashMap;

use uuid::Uuid;

use super::changes::ChangedFile;
use super::diff::{Diff, LineKind};
use super::glob::{looks_like_path, Glob};
use crate::store::FingerprintedStory;

/// Stories whose fingerprints the change touches again, with the reasons.
pub fn seen_before(
    stories: &[FingerprintedStory],
    diff: &Diff,
    files: &[ChangedFile<'_>],
) -> HashMap<Uuid, Vec<String>> {
    let mut out: HashMap<Uuid, Vec<String>> = HashMap::new();
    for story in stories {
        for entry in &story.changes {
            let reason = if is_commit(entry) {
                let id = entry.to_ascii_lowercase();
                diff.commits.iter().find_map(|c| {
                    if c.id.starts_with(&id) || (c.id.len() >= 7 && id.starts_with(&c.id)) {
                        Some(format!(
                            "seen before: the change includes commit {}",
                            &id[..id.len().min(12)]
                        ))
                    } else if c.message.to_ascii_lowercase().contains(&id) {
                        Some(format!(
                            "seen before: a commit here mentions {} (a revert or a follow-up?)",
                            &id[..id.len().min(12)]
                        ))
                    } else {
                        None
                    }
                })
            } else if looks_like_path(entry) {
                Glob::new(entry).ok().and_then(|glob| {
                    files
                        .iter()
                        .find(|f| {
                            glob.matches(f.path)
                                || f.diff.old_path.as_deref().is_some_and(|p| glob.matches(p))
                        })
                        .map(|f| {
                            format!(
                                "seen before: {} matches `{entry}`, which this incident touched",
                                f.path
                            )
                        })
                })
            } else {
                files.iter().find_map(|f| {
                    f.lines()
                        .iter()
                        .filter(|l| l.kind != LineKind::Context)
                        .find(|l| contains_symbol(&l.text, entry))
                        .map(|l| {
                            format!(
                                "seen before: {}:{} changes `{entry}`, which this incident touched",
                                f.path, l.number
                            )
                        })
                })
            };
            if let Some(reason) = reason {
                out.entry(story.id).or_default().push(reason);
            }
        }
    }
    out
}

fn is_commit(entry: &str) -> bool {
    (7..=64).contains(&entry.len())
        && entry.chars().all(|c| c.is_ascii_hexdigit())
        && entry.chars().any(|c| c.is_ascii_digit())
}

/// `symbol` in `text`, not as part of a longer identifier.
fn contains_symbol(text: &str, symbol: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(symbol).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + symbol.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_match_whole_identifiers_only() {
        assert!(contains_symbol(
            "BillingRunJob.perform_later",
            "BillingRunJob"
        ));
        assert!(!contains_symbol(
            "BillingRunJobs.perform_later",
            "BillingRunJob"
        ));
        assert!(contains_symbol("x = orders.status", "orders.status"));
        assert!(is_commit("3f2b1c4d"));
        assert!(
            !is_commit("deadbeef"),
            "a word made of hex letters is a symbol"
        );
        assert!(!is_commit("abc"));
    }
}
