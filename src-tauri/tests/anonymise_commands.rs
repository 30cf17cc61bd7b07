//! The anonymise and reading command bodies against a real library in a
//! temporary folder, without a window: review and publish, reading mode,
//! reading lists shared through a file, and every failure as `{code, message}`.

#![allow(clippy::unwrap_used, missing_docs)]

use kintsugi_app::api::dispatch;
use kintsugi_app::commands::{sharing, stories};
use kintsugi_app::state::AppState;
use kintsugi_core::anonymise::FieldPath;
use kintsugi_core::{ErrorCode, StoryContent};
use serde_json::json;
use tempfile::TempDir;

fn library() -> (TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::with_library(&dir.path().join("library"));
    (dir, state)
}

fn from<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

fn story(title: &str) -> StoryContent {
    from(json!({
        "kind": "war-story",
        "title": title,
        "summary": "Dana Whitfield saw the queue on mq-3.corp.initech.net back up.",
        "body": "Dana Whitfield (dana.whitfield@initech.com) paged Marcus Oyelaran, who drained mq-3.corp.initech.net.",
        "company": "Initech",
        "parts": { "lessons": ["Alert on queue depth, not on consumer errors."] }
    }))
}

#[test]
fn review_publish_and_read_in_reading_mode() {
    let (_dir, state) = library();
    let original = stories::create_story(&state, story("Queue backlog at Initech")).unwrap();
    let id = original.id;

    let preview = sharing::anonymise_preview(&state, id).unwrap();
    assert!(preview.content.anonymised);
    assert!(!preview.content.body.contains("Dana"));
    assert!(preview
        .replacements
        .iter()
        .any(|r| r.original == "dana.whitfield@initech.com"));

    // Mark a missed term: it goes to the glossary and the next preview has it.
    let glossary =
        sharing::add_glossary_term(&state, from(json!("product")), "mq-3".into()).unwrap();
    assert_eq!(glossary.products, vec!["mq-3".to_string()]);
    assert_eq!(
        dispatch(
            &state,
            "add_glossary_term",
            json!({ "kind": "planet", "term": "Mars" })
        )
        .unwrap_err()
        .code,
        ErrorCode::InvalidArgument
    );
    let glossary =
        sharing::set_glossary(&state, from(json!({ "people": ["Marcus Oyelaran"] }))).unwrap();
    assert_eq!(glossary.people, vec!["Marcus Oyelaran".to_string()]);
    assert!(sharing::get_glossary(&state).unwrap().products.is_empty());
    assert_eq!(
        dispatch(
            &state,
            "set_glossary",
            json!({ "glossary": { "people": 3 } })
        )
        .unwrap_err()
        .code,
        ErrorCode::InvalidArgument
    );

    // Reject the company replacement: the copy keeps it; the rest is replaced.
    let preview = sharing::anonymise_preview(&state, id).unwrap();
    let company = preview
        .replacements
        .iter()
        .find(|r| r.field == FieldPath::Company)
        .unwrap();
    let rejected = json!([{ "field": company.field, "start": company.start, "end": company.end }]);
    let copy = sharing::publish_anonymised(&state, id, from(rejected)).unwrap();
    assert!(copy.content.anonymised);
    assert_eq!(copy.content.company.as_deref(), Some("Initech"));
    assert!(!copy.content.body.contains("Whitfield"));
    assert!(!copy.content.body.contains("Oyelaran"));
    let link = sharing::anonymised_copy_of(&state, id).unwrap().unwrap();
    assert_eq!(link.copy_id, copy.id);
    assert_eq!(stories::get_story(&state, id).unwrap(), original);

    // Re-publish with nothing rejected: same copy, next revision.
    let again = sharing::publish_anonymised(&state, id, vec![]).unwrap();
    assert_eq!((again.id, again.revision), (copy.id, 2));
    assert_eq!(
        dispatch(
            &state,
            "publish_anonymised",
            json!({ "id": id, "rejected": { "oops": 1 } })
        )
        .unwrap_err()
        .code,
        ErrorCode::InvalidArgument
    );

    // Reading mode: anonymised stories only, originals refused.
    let all = sharing::list_anonymised(&state, "".into()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, copy.id);
    assert!(sharing::list_anonymised(&state, "queue depth".into())
        .unwrap()
        .iter()
        .all(|e| e.id == copy.id));
    let read = sharing::read_anonymised(&state, copy.id).unwrap();
    assert_eq!(read.lessons_html.len(), 1);
    assert_eq!(
        sharing::read_anonymised(&state, id).unwrap_err().code,
        ErrorCode::NotFound
    );
    sharing::mark_read(&state, copy.id, true).unwrap();
    assert!(sharing::list_anonymised(&state, "".into()).unwrap()[0]
        .read_at
        .is_some());
    sharing::mark_read(&state, copy.id, false).unwrap();
    assert!(sharing::list_anonymised(&state, "".into()).unwrap()[0]
        .read_at
        .is_none());
    assert_eq!(
        dispatch(&state, "mark_read", json!({ "id": "nope", "read": true }))
            .unwrap_err()
            .code,
        ErrorCode::InvalidArgument
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
        let copy = sharing::publish_anonymised(&state, original.id, vec![]).unwrap();
        copies.push(copy.id);
    }

    let list =
        sharing::create_reading_list(&state, "Week one".into(), "Start here".into()).unwrap();
    let id = list.id;
    assert_eq!(
        sharing::create_reading_list(&state, " ".into(), String::new())
            .unwrap_err()
            .code,
        ErrorCode::InvalidField
    );
    let list = sharing::set_reading_list_items(&state, id, copies.clone()).unwrap();
    assert_eq!(list.items.len(), 3);
    let reversed: Vec<uuid::Uuid> = copies.iter().rev().copied().collect();
    let list = sharing::set_reading_list_items(&state, id, reversed.clone()).unwrap();
    assert_eq!(list.items, reversed);
    let renamed =
        sharing::update_reading_list(&state, id, "Onboarding".into(), "In order".into()).unwrap();
    assert_eq!(renamed.title, "Onboarding");
    assert_eq!(sharing::list_reading_lists(&state).unwrap().len(), 1);

    let file = dir.path().join("onboarding.json");
    sharing::export_reading_list(&state, id, file.clone()).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("Whitfield") && !text.contains("initech"));

    let (_other_dir, other) = library();
    let report = sharing::import_reading_list(&other, file.clone()).unwrap();
    assert_eq!(report.imported, 3);
    assert_eq!(report.list.title, "Onboarding");
    assert_eq!(
        sharing::list_anonymised(&other, "".into()).unwrap().len(),
        3
    );
    assert_eq!(
        sharing::import_reading_list(&other, dir.path().join("missing.json"))
            .unwrap_err()
            .code,
        ErrorCode::Io
    );

    sharing::delete_reading_list(&state, id).unwrap();
    assert!(sharing::list_reading_lists(&state).unwrap().is_empty());
    assert_eq!(
        sharing::delete_reading_list(&state, id).unwrap_err().code,
        ErrorCode::NotFound
    );
}
