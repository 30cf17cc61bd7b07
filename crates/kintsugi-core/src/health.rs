//! The health of a library: whether the derived index agrees with the
//! database, said in sentences a person can act on.

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// Result of comparing the index with the store.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CheckReport {
    /// True when no problem was found (or all were repaired).
    pub ok: bool,
    /// What was found, one sentence each.
    pub problems: Vec<String>,
    /// True when a repair ran.
    pub repaired: bool,
}

/// The problems between the index's change marker and id set and the
/// store's: a marker behind or unreadable, duplicates, missing or extra ids.
pub(crate) fn compare(
    store_seq: i64,
    index_seq: Option<i64>,
    live: &[Uuid],
    indexed: &[String],
) -> Vec<String> {
    let mut problems = Vec::new();
    match index_seq {
        Some(at) if at == store_seq => {}
        Some(at) => problems.push(format!("index is at change {at}, database at {store_seq}")),
        None => problems.push("index has no readable change marker".to_string()),
    }
    let mut live: Vec<String> = live.iter().map(Uuid::to_string).collect();
    let mut indexed = indexed.to_vec();
    live.sort();
    indexed.sort();
    let duplicates = indexed.windows(2).filter(|w| w[0] == w[1]).count();
    if duplicates > 0 {
        problems.push(format!("{duplicates} stories are indexed more than once"));
    }
    indexed.dedup();
    let missing = live
        .iter()
        .filter(|id| indexed.binary_search(id).is_err())
        .count();
    let extra = indexed
        .iter()
        .filter(|id| live.binary_search(id).is_err())
        .count();
    if missing > 0 {
        problems.push(format!("{missing} stories are missing from the index"));
    }
    if extra > 0 {
        problems.push(format!(
            "{extra} indexed stories are not live in the database"
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_is_no_problem_and_each_disagreement_is_named() {
        let a = Uuid::new_v4();
        let b = Uuid::new_v4();
        assert!(compare(3, Some(3), &[a], &[a.to_string()]).is_empty());
        let problems = compare(4, Some(3), &[a], &[b.to_string(), b.to_string()]);
        assert_eq!(
            problems,
            vec![
                "index is at change 3, database at 4",
                "1 stories are indexed more than once",
                "1 stories are missing from the index",
                "1 indexed stories are not live in the database",
            ]
        );
        assert_eq!(
            compare(1, None, &[], &[]),
            vec!["index has no readable change marker"]
        );
    }
}
