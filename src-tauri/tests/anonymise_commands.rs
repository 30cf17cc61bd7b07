//! The anonymise and reading command bodies against a real library in a
//! temporary folder, without a window: review and publish, reading mode,
//! reading lists shared through a file, and every failure as `{code, message}`.

#![allow(clippy::unwrap_used, missing_docs)]

use kintsugi_app::commands::{anonymise, stories};
use kintsugi_app::state::AppState;
use kintsugi_core::anonymise::FieldPath;
use kintsugi_core::ErrorCode;
use serde_json::json;
use tempfile::TempDir;

fn library() -> (TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::with_library(&dir.path().join("library"));
    (dir, state)
}

fn story(title: &str) -> serde_json::Value {
    json!({
        "kind": "war-story",
        "title": title,
        "summary": "Dana Whitfield saw the queue on mq-3.corp.initech.net back up.",
        "body": "Dana Whitfield (dana.whitfield@initech.com) paged Marcus Oyelaran, who drained mq-3.corp.initech.net.",
        "company": "Initech",
        "parts": { "lessons": ["Alert on queue depth, not on consumer errors."] }
    })
}

#[test]
fn review_publish_and_read_in_reading_mode() {
    let (_dir, state) = library();
    let original = stories::create_story(&state, story("Queue backlog at Initech")).unwrap();
    let id = original.id.to_string();

    let preview = anonymise::anonymise_preview(&state, &id).unwrap();
    assert!(preview.content.anonymised);
    assert!(!preview.content.body.contains("Dana"));
    assert!(preview
        .replacements
        .iter()
        .any(|r| r.original == "dana.whitfield@initech.com"));

    // Mark a missed term: it goes to the glossary and the next preview has it.
    let glossary = anonymise::add_glossary_term(&state, "product", "mq-3").unwrap();
    assert_eq!(glossary.products, vec!["mq-3".to_string()]);
    assert_eq!(
        anonymise::add_glossary_term(&state, "planet", "Mars")
            .unwrap_err()
            .code,
        ErrorCode::InvalidField
    );
    let glossary =
        anonymise::set_glossary(&state, json!({ "people": ["Marcus Oyelaran"] })).unwrap();
    assert_eq!(glossary.people, vec!["Marcus Oyelaran".to_string()]);
    assert!(anonymise::get_glossary(&state).unwrap().products.is_empty());
    assert_eq!(
        anonymise::set_glossary(&state, json!({ "people": 3 }))
            .unwrap_err()
            .code,
        ErrorCode::InvalidField
    );

    // Reject the company replacement: the copy keeps it; the rest is replaced.
    let preview = anonymise::anonymise_preview(&state, &id).unwrap();
    let company = preview
        .replacements
        .iter()
        .find(|r| r.field == FieldPath::Company)
        .unwrap();
    let rejected = json!([{ "field": company.field, "start": company.start, "end": company.end }]);
    let copy = anonymise::publish_anonymised(&state, &id, rejected).unwrap();
    assert!(copy.content.anonymised);
    assert_eq!(copy.content.company.as_deref(), Some("Initech"));
    assert!(!copy.content.body.contains("Whitfield"));
    assert!(!copy.content.body.contains("Oyelaran"));
    let link = anonymise::anonymised_copy_of(&state, &id).unwrap().unwrap();
    assert_eq!(link.copy_id, copy.id);
    assert_eq!(stories::get_story(&state, &id).unwrap(), original);

    // Re-publish with nothing rejected: same copy, next revision.
    let again = anonymise::publish_anonymised(&state, &id, json!([])).unwrap();
    assert_eq!((again.id, again.revision), (copy.id, 2));
    assert_eq!(
        anonymise::publish_anonymised(&state, &id, json!({ "oops": 1 }))
            .unwrap_err()
            .code,
        ErrorCode::InvalidField
    );

    // Reading mode: anonymised stories only, originals refused.
    let all = anonymise::list_anonymised(&state, "").unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, copy.id);
    assert!(anonymise::list_anonymised(&state, "queue depth")
        .unwrap()
        .iter()
        .all(|e| e.id == copy.id));
    let read = anonymise::read_anonymised(&state, &copy.id.to_string()).unwrap();
    assert_eq!(read.lessons_html.len(), 1);
    assert_eq!(
        anonymise::read_anonymised(&state, &id).unwrap_err().code,
        ErrorCode::NotFound
    );
    anonymise::mark_read(&state, &copy.id.to_string(), true).unwrap();
    assert!(anonymise::list_anonymised(&state, "").unwrap()[0]
        .read_at
        .is_some());
    anonymise::mark_read(&state, &copy.id.to_string(), false).unwrap();
    assert!(anonymise::list_anonymised(&state, "").unwrap()[0]
        .read_at
        .is_none());
    assert_eq!(
        anonymise::mark_read(&state, "nope", true).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn reading_lists_crud_order_and_share_through_a_file() {
    let (dir, state) = library();
    let mut copies = Vec::new();
    for title in [
        "First outage at Initech",
        "Second outage at Initech",
        "Third outage at Initech",
    ] {
        let original = stories::create_story(&state, story(title)).unwrap();
        let copy =
            anonymise::publish_anonymised(&state, &original.id.to_string(), json!([])).unwrap();
        copies.push(copy.id.to_string());
    }

    let list = anonymise::create_reading_list(&state, "Week one", "Start here").unwrap();
    let id = list.id.to_string();
    assert_eq!(
        anonymise::create_reading_list(&state, " ", "")
            .unwrap_err()
            .code,
        ErrorCode::InvalidField
    );
    let list = anonymise::set_reading_list_items(&state, &id, copies.clone()).unwrap();
    assert_eq!(list.items.len(), 3);
    let reversed: Vec<String> = copies.iter().rev().cloned().collect();
    let list = anonymise::set_reading_list_items(&state, &id, reversed.clone()).unwrap();
    assert_eq!(
        list.items.iter().map(|u| u.to_string()).collect::<Vec<_>>(),
        reversed
    );
    let renamed = anonymise::update_reading_list(&state, &id, "Onboarding", "In order").unwrap();
    assert_eq!(renamed.title, "Onboarding");
    assert_eq!(anonymise::list_reading_lists(&state).unwrap().len(), 1);

    let file = dir.path().join("onboarding.json");
    anonymise::export_reading_list(&state, &id, file.clone()).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("Whitfield") && !text.contains("initech"));

    let (_other_dir, other) = library();
    let report = anonymise::import_reading_list(&other, file.clone()).unwrap();
    assert_eq!(report.imported, 3);
    assert_eq!(report.list.title, "Onboarding");
    assert_eq!(anonymise::list_anonymised(&other, "").unwrap().len(), 3);
    assert_eq!(
        anonymise::import_reading_list(&other, dir.path().join("missing.json"))
            .unwrap_err()
            .code,
        ErrorCode::Io
    );

    anonymise::delete_reading_list(&state, &id).unwrap();
    assert!(anonymise::list_reading_lists(&state).unwrap().is_empty());
    assert_eq!(
        anonymise::delete_reading_list(&state, &id)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}
