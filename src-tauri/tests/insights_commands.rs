//! The insights commands without a window: on the sample library, through
//! the bodies and through `dispatch` as the webview calls them.

#![allow(clippy::unwrap_used, missing_docs)]

use kintsugi_app::api::dispatch;
use kintsugi_app::commands::{insights, transfer};
use kintsugi_app::state::AppState;
use kintsugi_core::ErrorCode;
use serde_json::json;

fn sample() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::with_library(&dir.path().join("library"));
    transfer::load_sample(&state).unwrap();
    (dir, state)
}

#[test]
fn insights_of_the_sample_library_name_their_stories() {
    let (dir, state) = sample();
    let found = insights::insights(&state).unwrap();
    assert_eq!(found.totals.stories, 12);
    assert!(found.lucky.len() >= 12);
    let named: Vec<_> = found.stories.iter().map(|s| s.id).collect();
    assert!(found.lucky.iter().all(|l| named.contains(&l.story_id)));
    assert!(found
        .recurring
        .iter()
        .all(|t| t.stories.iter().all(|id| named.contains(id))));
    assert!(found.actions.open + found.actions.done > 0);

    let via_ipc = dispatch(&state, "insights", json!({})).unwrap();
    assert!(via_ipc["lucky"].is_array() && via_ipc["by_quarter"].is_array());

    let report = dir.path().join("report.html");
    insights::export_insights(&state, report.clone()).unwrap();
    let page = std::fs::read_to_string(report).unwrap();
    assert!(page.contains("Where we got lucky") && !page.contains("<script"));
}

#[test]
fn seen_before_leaves_out_the_story_being_edited() {
    let (_dir, state) = sample();
    let text = "A long analytics query ran on the primary instead of a replica";
    let hits = insights::seen_before(&state, text.into(), 5, None).unwrap();
    assert!(!hits.is_empty());
    let own = hits[0].story_id;
    let without = insights::seen_before(&state, text.into(), 5, Some(own)).unwrap();
    assert!(without.iter().all(|h| h.story_id != own));

    let via_ipc = dispatch(&state, "seen_before", json!({ "text": text, "limit": 3 })).unwrap();
    assert!(!via_ipc.as_array().unwrap().is_empty());
    let bad = dispatch(&state, "seen_before", json!({ "text": 3, "limit": 3 })).unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidArgument);
}

#[test]
fn the_insights_are_computed_ahead_once_the_library_is_quiet() {
    use kintsugi_app::prefetch::warm;
    let (dir, state) = sample();
    let cache = dir
        .path()
        .join("library")
        .join(kintsugi_core::INSIGHTS_CACHE_FILE);
    // The first look only notes where the library is.
    let seen = warm(&state, None);
    assert!(seen.is_some());
    assert!(!cache.exists(), "nothing computed before a quiet interval");
    // Unchanged since: quiet, so the insights are computed (and cached).
    assert_eq!(warm(&state, seen), seen);
    assert!(cache.exists(), "computed once the library was quiet");
    // A change in between: not quiet, nothing is computed.
    std::fs::remove_file(&cache).unwrap();
    state
        .with(|lib| lib.delete_story(lib.list_stories()?[0].id))
        .unwrap();
    let moved = warm(&state, seen);
    assert_ne!(moved, seen);
    assert!(!cache.exists(), "nothing computed while stories change");
}
