//! Insights on real data: the public corpus plus the sample library, and a
//! small labelled check of the theme rule (`docs/insights.md`).
//!
//! The labels were written by the team that wrote the rule, from notes
//! phrased the way postmortems phrase them; they are a floor that stops the
//! rule from getting worse, not an independent measurement.

#![allow(clippy::unwrap_used)]

mod common;

use kintsugi_core::insights::terms::{similarity, terms};
use kintsugi_core::insights::themes::THEME;

/// (note, note, same theme?) as a person would judge them.
const PAIRS: &[(&str, &str, bool)] = &[
    (
        "The migration runner had no lock_timeout",
        "No lock timeout was set on the migration role",
        true,
    ),
    (
        "Retries had no jitter",
        "Clients retried in lockstep without jitter",
        true,
    ),
    (
        "Staging data was far smaller than production",
        "Staging is a fraction of production's size",
        true,
    ),
    (
        "The certificate expired without an alert",
        "No alert fired before the intermediate certificate expired",
        true,
    ),
    (
        "DNS TTL was a day long",
        "The record's TTL of 86400 seconds delayed the cutover",
        true,
    ),
    (
        "Debug logging was left on in production",
        "Debug logs filled the disks",
        true,
    ),
    (
        "The incident started after the lunchtime peak",
        "Traffic was past its daily peak",
        true,
    ),
    (
        "A fresh backup happened to exist",
        "A backup from the night before existed",
        true,
    ),
    (
        "The cache flush sent every request to the database",
        "Flushing the cache stampeded the database",
        true,
    ),
    (
        "Feature flag cleanup removed a live code path",
        "Removing an old feature flag re-enabled dead pricing code",
        true,
    ),
    (
        "Disk filled up on the logging nodes",
        "Log volume filled the nodes' disks",
        true,
    ),
    (
        "Rollback could not undo a one-way migration",
        "The migration had no down step, so rollback failed",
        true,
    ),
    (
        "The migration runner had no lock_timeout",
        "Staging data was far smaller than production",
        false,
    ),
    (
        "Retries had no jitter",
        "The certificate expired without an alert",
        false,
    ),
    (
        "DNS TTL was a day long",
        "Debug logging was left on in production",
        false,
    ),
    (
        "The incident started after the lunchtime peak",
        "A fresh backup happened to exist",
        false,
    ),
    (
        "The cache flush sent every request to the database",
        "A long analytics query ran on the primary database",
        false,
    ),
    (
        "Feature flag cleanup removed a live code path",
        "Code review missed the volatile default",
        false,
    ),
    (
        "Disk filled up on the logging nodes",
        "The load balancer drained the wrong nodes",
        false,
    ),
    (
        "Alerts went to a channel nobody watched",
        "The on-call engineer was paged within a minute",
        false,
    ),
    (
        "A third-party script blocked checkout",
        "Checkout errors rose after the deploy",
        false,
    ),
    (
        "Monitoring did not cover the batch job",
        "The batch job ran twice after the clock change",
        false,
    ),
    (
        "No runbook existed for failing over the database",
        "The database failover took twelve minutes",
        false,
    ),
    (
        "Access tokens were cached without expiry",
        "The token vault was overwhelmed by retries",
        false,
    ),
];

#[test]
fn the_theme_rule_agrees_with_the_labels() {
    let mut agree = 0;
    let mut wrong = Vec::new();
    for (a, b, same) in PAIRS {
        let score = similarity(&terms(a), &terms(b), THEME.min_shared);
        if (score >= THEME.overlap) == *same {
            agree += 1;
        } else {
            wrong.push(format!("{a:?} / {b:?}: {score:.2}, labelled {same}"));
        }
    }
    let accuracy = agree as f64 / PAIRS.len() as f64;
    eprintln!("theme rule agrees on {agree} of {} pairs", PAIRS.len());
    for w in &wrong {
        eprintln!("  disagrees: {w}");
    }
    assert!(
        accuracy >= 0.75,
        "accuracy {accuracy:.2} below the floor; {wrong:#?}"
    );
}

#[test]
fn insights_of_the_corpus_and_the_sample_library() {
    let (_dir, library) = common::library();
    common::import(&library, &[common::icco()]);
    library.load_sample().unwrap();
    let insights = library.insights().unwrap();
    assert!(insights.totals.stories >= 242 + 12);
    // Every sample story records where it got lucky.
    assert!(insights.lucky.len() >= 12, "{:#?}", insights.lucky);
    assert!(insights.actions.open + insights.actions.done > 0);
    assert!(!insights.by_quarter.is_empty());
    assert!(insights.by_quarter.iter().all(|q| q.quarter.len() == 6));
    for theme in &insights.recurring {
        assert!(theme.count >= 2);
        assert_eq!(
            theme.stories.len(),
            theme.count.min(kintsugi_core::insights::MAX_STORIES)
        );
        assert!(theme.first_seen <= theme.last_seen);
    }
    // Asking again without a change is the cached value.
    let again = library.insights().unwrap();
    assert!(std::sync::Arc::ptr_eq(&insights, &again));
    let json = serde_json::to_value(&*insights).unwrap();
    for key in ["lucky", "recurring", "actions", "repeats", "by_quarter"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn seen_before_finds_the_sample_story_that_lacked_a_lock_timeout() {
    let (_dir, library) = common::library();
    library.load_sample().unwrap();
    let hits = library
        .seen_before("the migration runner had no lock timeout", None, 5)
        .unwrap();
    assert!(
        hits.iter()
            .any(|h| h.title.contains("locked the orders table")),
        "{hits:#?}"
    );
    assert!(library.seen_before("", None, 5).unwrap().is_empty());
}
