//! Unit tests of "did you mean": the edit limits by word length, the
//! tie-breaks, the written form shown, the query kept as typed, and when
//! there is no suggestion. Invented words (`grumblepack`) keep the English
//! stemmer out of the tie-break tests.

use std::path::Path;

use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::search::SearchRequest;
use crate::story::{Severity, Story, StoryContent};

fn story(title: &str, body: &str) -> StoryContent {
    StoryContent {
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

fn index(contents: &[StoryContent]) -> SearchIndex {
    let index = SearchIndex::in_memory(Path::new("in-memory")).unwrap();
    let at = Utc.timestamp_opt(0, 0).unwrap();
    let stories: Vec<Story> = contents
        .iter()
        .zip(1u128..)
        .map(|(content, n)| Story {
            id: Uuid::from_u128(n),
            revision: 1,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            content: content.clone(),
        })
        .collect();
    index.rebuild(&stories, 1).unwrap();
    index
}

fn search(index: &SearchIndex, query: &str) -> crate::search::SearchResults {
    index
        .search(&SearchRequest {
            query: query.into(),
            ..Default::default()
        })
        .unwrap()
}

fn suggestion(index: &SearchIndex, query: &str) -> Option<String> {
    search(index, query).did_you_mean
}

fn incidents() -> SearchIndex {
    index(&[
        story("The rollback took an hour", "We rolled back the deploy."),
        story("Kubernetes nodes drained", "Every kubernetes node drained."),
        story("The certificate expired", "Nobody renewed the certificate."),
        story(
            "The migration locked the table",
            "A lock on the table for an hour.",
        ),
        story("A thundering herd", "Every client retried at once."),
        story("Red dashboards", "The dashboards went red."),
        story("Red alerts", "Red again at night."),
    ])
}

#[test]
fn edits_grow_with_the_length_of_the_word() {
    let allowed: Vec<u8> = [1, 3, 4, 7, 8, 20].into_iter().map(edits_allowed).collect();
    assert_eq!(allowed, [0, 0, 1, 1, 2, 2]);
}

#[test]
fn a_transposition_is_one_edit() {
    assert_eq!(distance("hred", "herd"), 1);
    assert_eq!(distance("rollbak", "rollback"), 1);
    assert_eq!(distance("migraton", "migrat"), 2);
    assert_eq!(distance("café", "cafe"), 1);
    assert_eq!(distance("", "abc"), 3);
}

#[test]
fn a_word_of_four_to_seven_letters_may_be_one_edit_away() {
    let index = incidents();
    assert_eq!(suggestion(&index, "rollbak").as_deref(), Some("rollback"));
    assert_eq!(suggestion(&index, "rolbak"), None, "two edits");
}

#[test]
fn a_longer_word_may_be_two_edits_away_and_shows_as_written() {
    let index = incidents();
    // The index holds `migrat`, `kubernet` and `certif`: the words shown
    // are the library's own.
    assert_eq!(suggestion(&index, "migraton").as_deref(), Some("migration"));
    assert_eq!(
        suggestion(&index, "kuberentes").as_deref(),
        Some("kubernetes")
    );
    assert_eq!(
        suggestion(&index, "certifcate").as_deref(),
        Some("certificate")
    );
}

#[test]
fn a_slip_that_changes_the_stem_counts_as_one_edit() {
    let index = index(&[
        story("The escalation was slow", "Nobody owned the escalation."),
        story("A memory leak", "Memory grew all night."),
    ]);
    // `escalaton` stems to itself, four edits from `escal`; `memroy` to
    // itself, two from `memori`.
    assert_eq!(
        suggestion(&index, "escalaton").as_deref(),
        Some("escalation")
    );
    assert_eq!(suggestion(&index, "memroy").as_deref(), Some("memory"));
    let words = one_edit_away("ab");
    for word in ["b", "a", "ba", "xab", "axb", "abx", "xb", "ax"] {
        assert!(words.iter().any(|w| w == word), "{word}");
    }
    assert!(words.iter().all(|w| distance("ab", w) == 1));
}

#[test]
fn short_words_get_no_suggestion() {
    assert_eq!(suggestion(&incidents(), "hrd"), None);
}

#[test]
fn the_written_form_nearest_to_the_typed_word_is_shown() {
    let index = index(&[story("Rollbacks", "One rollback, then two rollbacks.")]);
    assert_eq!(suggestion(&index, "rollbaks").as_deref(), Some("rollbacks"));
    assert_eq!(suggestion(&index, "rollbak").as_deref(), Some("rollback"));
}

#[test]
fn the_nearest_term_beats_a_commoner_one() {
    let index = index(&[
        story("grumblepack", "once"),
        story("grumblopik", "one"),
        story("grumblopik", "two"),
        story("grumblopik", "three"),
    ]);
    assert_eq!(
        suggestion(&index, "grumblepak").as_deref(),
        Some("grumblepack")
    );
}

#[test]
fn the_rest_of_the_query_breaks_a_tie_then_the_most_stories() {
    let index = incidents();
    // `red` and `herd` are one edit from `hred`; only `herd` is told
    // beside `thundering`.
    assert_eq!(
        suggestion(&index, "thundering hred").as_deref(),
        Some("thundering herd")
    );
    assert_eq!(suggestion(&index, "hred").as_deref(), Some("red"));
}

#[test]
fn the_alphabet_breaks_the_last_tie() {
    let index = index(&[story("cart", "one"), story("dart", "two")]);
    assert_eq!(suggestion(&index, "wart").as_deref(), Some("cart"));
}

#[test]
fn filters_phrases_exclusions_and_spacing_stay_as_typed() {
    let index = index(&[
        StoryContent {
            tags: vec!["database".into()],
            severity: Some(Severity::Sev1),
            ..story(
                "The connection pool ran dry",
                "The connection pool ran dry; the rollback took an hour.",
            )
        },
        story("Redis rollback", "A rollback of redis."),
    ]);
    let typed = r#"tag:database  "connection pool" -redis Rollbak severity:sev1"#;
    assert_eq!(
        suggestion(&index, typed).as_deref(),
        Some(r#"tag:database  "connection pool" -redis Rollback severity:sev1"#)
    );
    // Misspelt words in a phrase or an exclusion are left alone.
    assert_eq!(suggestion(&index, r#""rollbak" -rollbak"#), None);
}

#[test]
fn no_suggestion_when_every_word_is_in_the_library() {
    let results = search(&incidents(), "rollback herd");
    assert_eq!(results.total, 0);
    assert_eq!(results.did_you_mean, None);
}

#[test]
fn no_suggestion_when_the_corrected_query_finds_nothing() {
    assert_eq!(suggestion(&incidents(), "rollbak -rollback"), None);
    assert_eq!(suggestion(&incidents(), "zzzzzzzz"), None);
}

#[test]
fn the_results_stay_those_of_the_query_as_typed() {
    let index = incidents();
    let typo = search(&index, "kuberentes");
    assert_eq!((typo.total, typo.hits.len()), (0, 0));
    assert_eq!(typo.did_you_mean.as_deref(), Some("kubernetes"));
    // A search that finds stories pays nothing and offers nothing.
    assert_eq!(suggestion(&index, "rollback"), None);
}

#[test]
fn a_relaxed_search_may_suggest_too() {
    let results = search(&incidents(), "migraton lock table");
    assert!(results.relaxed);
    assert_eq!(
        results.did_you_mean.as_deref(),
        Some("migration lock table")
    );
}

#[test]
fn a_query_is_rewritten_span_by_span() {
    let typed = "a  rollbak -b";
    let corrections = [(3..10, "rollback".to_string())];
    assert_eq!(rewrite(typed, &corrections), "a  rollback -b");
    assert_eq!(cased_like("Rollbak", "rollback"), "Rollback");
    assert_eq!(cased_like("rollbak", "rollback"), "rollback");
}

#[test]
fn candidates_are_ordered_by_edits_context_stories_then_name() {
    let candidate = |term: &str, edits, in_context, stories| Candidate {
        term: term.into(),
        edits,
        in_context,
        stories,
    };
    let chosen = |list: Vec<Candidate>| best(list).map(|c| c.term);
    assert_eq!(
        chosen(vec![candidate("b", 2, 9, 9), candidate("a", 1, 0, 1)]),
        Some("a".into())
    );
    assert_eq!(
        chosen(vec![candidate("a", 1, 1, 9), candidate("b", 1, 2, 1)]),
        Some("b".into())
    );
    assert_eq!(
        chosen(vec![candidate("a", 1, 1, 1), candidate("b", 1, 1, 2)]),
        Some("b".into())
    );
    assert_eq!(
        chosen(vec![candidate("b", 1, 1, 1), candidate("a", 1, 1, 1)]),
        Some("a".into())
    );
    assert_eq!(chosen(Vec::new()), None);
}
