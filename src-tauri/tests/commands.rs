//! The command bodies against a real library in a temporary folder, without
//! a window: what the UI can do, and that every failure arrives as
//! `{code, message}`.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::{Path, PathBuf};

use kintsugi_app::api::dispatch;
use kintsugi_app::commands::{actions, retro, search, settings, stories, transfer};
use kintsugi_app::settings::{Settings, Theme};
use kintsugi_app::state::AppState;
use kintsugi_core::actions::ActionItemFilter;
use kintsugi_core::export::ExportFormat;
use kintsugi_core::retro::Retro;
use kintsugi_core::{ActionStatus, ErrorCode, IpcError, SearchRequest, SortOrder, StoryContent};
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

fn content(title: &str) -> StoryContent {
    from(json!({
        "kind": "postmortem",
        "title": title,
        "summary": "The connection pool ran dry during a retry storm.",
        "body": "We saw [the graph](https://example.com/graph).\n\n<script>alert(1)</script>",
        "tags": ["Retry Storm", "database"],
        "company": "Acme",
        "severity": "SEV2",
        "start_time": "2024-03-01T10:00:00Z",
        "detected_time": "2024-03-01T10:12:00Z",
        "parts": {
            "lessons": ["Cap retries with **jitter**"],
            "timeline": [{ "time": "2024-03-01T10:00:00Z", "text": "Deploy" }],
            "action_items": [{ "text": "Add a circuit breaker", "owner": "SRE", "status": "open", "due": "2024-04-01" }]
        }
    }))
}

fn query(state: &AppState, q: &str) -> Vec<String> {
    let request = SearchRequest {
        query: q.to_string(),
        limit: 50,
        offset: 0,
        sort: SortOrder::Relevance,
    };
    search::search(state, request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}

fn as_json(error: &IpcError) -> serde_json::Value {
    serde_json::to_value(error).unwrap()
}

#[test]
fn create_edit_render_and_history() {
    let (_dir, state) = library();
    let story = stories::create_story(&state, content("Pool exhaustion")).unwrap();
    let id = story.id;
    assert_eq!(story.revision, 1);
    assert_eq!(story.content.tags, vec!["retry-storm", "database"]);

    let rendered = stories::render_story(&state, id).unwrap();
    assert!(rendered
        .body_html
        .contains("href=\"https://example.com/graph\""));
    assert!(!rendered.body_html.contains("<script"));
    assert_eq!(
        rendered.lessons_html,
        vec!["Cap retries with <strong>jitter</strong>"]
    );

    let mut edited = content("Pool exhaustion, revisited");
    edited.summary = "Edited.".into();
    let updated = stories::update_story(&state, id, edited.clone(), Some(1)).unwrap();
    assert_eq!(updated.revision, 2);

    // Editing from a stale revision is a conflict, not a silent overwrite.
    let stale = stories::update_story(&state, id, edited, Some(1)).unwrap_err();
    assert_eq!(stale.code, ErrorCode::Conflict);

    let history = stories::story_history(&state, id).unwrap();
    assert_eq!(
        history.iter().map(|r| r.revision).collect::<Vec<_>>(),
        vec![2, 1]
    );
    let first = stories::story_revision(&state, id, 1).unwrap();
    assert_eq!(first.title, "Pool exhaustion");
    let restored = stories::restore_revision(&state, id, 1).unwrap();
    assert_eq!(restored.revision, 3);
    assert_eq!(restored.content.title, "Pool exhaustion");
    assert_eq!(
        stories::get_story(&state, id).unwrap().content.title,
        "Pool exhaustion"
    );
}

#[test]
fn drafts_are_kept_until_saved_or_discarded() {
    let (_dir, state) = library();
    let id = stories::create_story(&state, content("Draft me"))
        .unwrap()
        .id;
    assert!(stories::get_draft(&state, id).unwrap().is_none());
    stories::save_draft(&state, id, content("Draft me, unsaved")).unwrap();
    let draft = stories::get_draft(&state, id).unwrap().unwrap();
    assert_eq!(draft.title, "Draft me, unsaved");
    stories::discard_draft(&state, id).unwrap();
    assert!(stories::get_draft(&state, id).unwrap().is_none());

    stories::save_draft(&state, id, content("Draft again")).unwrap();
    stories::update_story(&state, id, content("Saved"), Some(1)).unwrap();
    assert!(stories::get_draft(&state, id).unwrap().is_none());
}

#[test]
fn delete_undo_trash_and_purge() {
    let (_dir, state) = library();
    let id = stories::create_story(&state, content("Disk full"))
        .unwrap()
        .id;
    assert_eq!(query(&state, "disk"), vec!["Disk full"]);

    stories::delete_story(&state, id).unwrap();
    assert!(query(&state, "disk").is_empty());
    let trash = stories::list_trash(&state).unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].title, "Disk full");

    // Undo.
    stories::restore_story(&state, id).unwrap();
    assert_eq!(query(&state, "disk"), vec!["Disk full"]);
    assert!(stories::list_trash(&state).unwrap().is_empty());

    stories::delete_story(&state, id).unwrap();
    stories::purge_story(&state, id).unwrap();
    assert!(stories::list_trash(&state).unwrap().is_empty());
    let gone = stories::get_story(&state, id).unwrap_err();
    assert_eq!(gone.code, ErrorCode::NotFound);
}

#[test]
fn search_with_sample_library_facets_and_related() {
    let (_dir, state) = library();
    assert_eq!(search::library_stats(&state).unwrap().stories, 0);
    let report = transfer::load_sample(&state).unwrap();
    assert!(report.imported > 0);
    assert!(report.errors.is_empty());
    // Loading twice changes nothing.
    let again = transfer::load_sample(&state).unwrap();
    assert_eq!(again.imported, 0);

    let all = search::search(&state, SearchRequest::default()).unwrap();
    assert_eq!(all.total, report.imported);
    assert!(!all.tags.is_empty());

    let tag = all.tags[0].tag.clone();
    let tagged = search::search(
        &state,
        SearchRequest {
            query: format!("tag:{tag}"),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(tagged.total as u64, all.tags[0].count);

    let first = all.hits[0].id;
    let related = search::related_stories(&state, first, 3).unwrap();
    assert!(related.iter().all(|h| h.id != first));

    let tags = search::list_tags(&state).unwrap();
    assert!(tags.iter().any(|t| t.tag == tag));

    let html =
        stories::render_markdown(&state, "**bold** <img src=x onerror=alert(1)>".into()).unwrap();
    assert!(html.contains("<strong>bold</strong>"));
    // Raw HTML outside the allow-list is shown as text, never as a tag.
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
}

#[test]
fn snippets_mark_matches() {
    let (_dir, state) = library();
    stories::create_story(&state, content("Pool exhaustion")).unwrap();
    let results = search::search(
        &state,
        SearchRequest {
            query: "graph".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(results.total, 1);
    assert!(results.hits[0].snippet.contains("<mark>graph</mark>"));
}

#[test]
fn import_folder_reports_progress_and_failures() {
    let (dir, state) = library();
    let folder = dir.path().join("incoming");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("good.md"),
        "---\ntitle: Cache stampede\ntags: [cache]\ncompany: Initech\n---\n\nThe cache expired for everyone at once.\n",
    )
    .unwrap();
    std::fs::write(folder.join("empty.md"), "").unwrap();
    std::fs::write(folder.join("binary.md"), b"\0\x01\x02").unwrap();

    let mut seen = Vec::new();
    let report =
        transfer::import_paths(&state, vec![folder.clone()], &mut |p| seen.push(p.clone()))
            .unwrap();
    assert_eq!(report.imported, 1);
    assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
    assert!(report.errors.iter().all(|e| !e.message.is_empty()));
    assert_eq!(seen.len(), 3);
    assert_eq!(seen.last().unwrap().done, 3);
    assert_eq!(seen.last().unwrap().total, 3);
    assert_eq!(query(&state, "stampede"), vec!["Cache stampede"]);

    // Importing again finds the story unchanged.
    let again = transfer::import_paths(&state, vec![folder], &mut |_| {}).unwrap();
    assert_eq!((again.imported, again.unchanged), (0, 1));

    // A path that does not exist is a failure in the report, not an error.
    let missing =
        transfer::import_paths(&state, vec![dir.path().join("nope")], &mut |_| {}).unwrap();
    assert_eq!(missing.errors.len(), 1);
}

#[test]
fn export_in_every_format() {
    let (dir, state) = library();
    stories::create_story(&state, content("Exported")).unwrap();
    for (format, file) in [
        (ExportFormat::Md, None),
        (ExportFormat::Json, Some("stories.json")),
        (ExportFormat::Html, Some("stories.html")),
    ] {
        let out = dir.path().join(format!("out-{format:?}"));
        let report = transfer::export_library(&state, out.clone(), format).unwrap();
        assert_eq!(report.stories, 1);
        assert_eq!(report.files.len(), 1);
        if let Some(file) = file {
            assert!(out.join(file).is_file());
        }
        let text = std::fs::read_to_string(&report.files[0]).unwrap();
        assert!(text.contains("Exported"));
    }
}

#[test]
fn backup_and_restore() {
    let (dir, state) = library();
    stories::create_story(&state, content("Kept")).unwrap();
    let backup = dir.path().join("backup.sqlite3");
    settings::backup_library(&state, backup.clone()).unwrap();
    stories::create_story(&state, content("Added after backup")).unwrap();
    assert_eq!(search::library_stats(&state).unwrap().stories, 2);

    let outcome = settings::restore_backup(&state, backup.clone()).unwrap();
    assert!(Path::new(&outcome.safety_copy).is_file());
    assert_eq!(query(&state, ""), vec!["Kept"]);

    // Not a backup: refused, and the library keeps working.
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "not a database").unwrap();
    let error = settings::restore_backup(&state, junk.clone()).unwrap_err();
    assert_eq!(error.code, ErrorCode::NotABackup);
    assert_eq!(query(&state, ""), vec!["Kept"]);

    // The safety copy undoes the restore.
    settings::restore_backup(&state, PathBuf::from(&outcome.safety_copy)).unwrap();
    assert_eq!(search::library_stats(&state).unwrap().stories, 2);
}

#[test]
fn errors_arrive_as_code_and_message() {
    let (_dir, state) = library();

    let bad_query = search::search(
        &state,
        SearchRequest {
            query: "after:someday".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    let value = as_json(&bad_query);
    assert_eq!(value["code"], "invalid_query");
    assert!(value["message"].as_str().unwrap().contains("someday"));
    assert_eq!(value.as_object().unwrap().len(), 2);

    let bad_id = dispatch(&state, "get_story", json!({ "id": "not-a-uuid" })).unwrap_err();
    assert_eq!(as_json(&bad_id)["code"], "invalid_argument");

    let missing = stories::render_story(
        &state,
        "6f1c1f5e-0000-4000-8000-000000000000".parse().unwrap(),
    )
    .unwrap_err();
    assert_eq!(as_json(&missing)["code"], "not_found");

    let no_title = stories::create_story(&state, from(json!({ "title": "   " }))).unwrap_err();
    assert_eq!(as_json(&no_title)["code"], "invalid_field");

    let wrong_shape = dispatch(
        &state,
        "create_story",
        json!({ "content": { "title": "x", "severity": "SEV9" } }),
    )
    .unwrap_err();
    assert_eq!(as_json(&wrong_shape)["code"], "invalid_argument");

    let bad_backup =
        settings::backup_library(&state, PathBuf::from("/proc/not/writable.sqlite3")).unwrap_err();
    assert!(!bad_backup.message.is_empty());
}

#[test]
fn switch_library_and_theme_are_persisted() {
    let dir = tempfile::tempdir().unwrap();
    let settings_file = dir.path().join("config").join("settings.json");
    let state = AppState::with_settings(&dir.path().join("first"), settings_file.clone());
    stories::create_story(&state, content("In the first library")).unwrap();

    let second = dir.path().join("second");
    let info = settings::switch_library(&state, second.clone()).unwrap();
    assert_eq!(PathBuf::from(&info.library_path), second);
    assert!(query(&state, "").is_empty());
    let info = settings::set_theme(&state, Theme::Dark).unwrap();
    assert_eq!(info.theme, Theme::Dark);

    let saved = Settings::read(&settings_file);
    assert_eq!(saved.library_path.as_deref(), Some(second.as_path()));
    assert_eq!(saved.theme, Theme::Dark);
    assert_eq!(
        kintsugi_core::locate_library(None, saved.library_path.clone()).path,
        second
    );

    // A folder that cannot be a library leaves the current one in place.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    assert!(settings::switch_library(&state, file.clone()).is_err());
    assert_eq!(
        PathBuf::from(settings::app_info(&state).unwrap().library_path),
        second
    );
}

#[test]
fn a_retro_is_saved_whole_and_published_as_a_searchable_story() {
    let (_dir, state) = library();
    let created = retro::create_retro(&state, "  Replica lag outage ".into(), None).unwrap();
    assert_eq!(created.title, "Replica lag outage");
    let id = created.id;

    // The UI sends the whole document after every change.
    let mut doc = serde_json::to_value(&created).unwrap();
    doc["participants"] = json!(["Dana Whitfield", "Sam"]);
    doc["time_zone"] = json!("Europe/Berlin");
    doc["phase"] = json!("contributing-factors");
    doc["timeline"] = json!([
        { "id": "00000000-0000-4000-8000-000000000001", "time": "2024-03-01T14:00:00Z", "text": "Replica falls behind", "marker": "start" },
        { "id": "00000000-0000-4000-8000-000000000002", "time": "2024-03-01T14:20:00Z", "text": "Lag alert fires", "marker": "detection" },
        { "id": "00000000-0000-4000-8000-000000000003", "time": "2024-03-01T15:00:00Z", "text": "Reads moved to primary", "marker": "resolution" }
    ]);
    let factor = "00000000-0000-4000-8000-00000000000f";
    doc["notes"] = json!([
        { "id": factor, "phase": "contributing-factors", "text": "The replica check was not in the runbook", "votes": 2, "parked": false },
        { "id": "00000000-0000-4000-8000-0000000000aa", "phase": "timeline", "text": "Alert on lag earlier", "votes": 0, "parked": true }
    ]);
    doc["actions"] = json!([
        { "id": "00000000-0000-4000-8000-0000000000ac", "text": "Add the replica check to the runbook", "owner": "SRE", "due": "2030-01-01", "status": "open", "factor": factor }
    ]);
    doc["check"] = json!({ "learned_something": true, "would_come_again": false });
    let saved = retro::save_retro(&state, from(doc.clone())).unwrap();
    assert!(saved.updated_at >= created.updated_at);

    let read = retro::get_retro(&state, id).unwrap();
    assert_eq!(read.participants, vec!["Dana Whitfield", "Sam"]);
    assert_eq!(read.time_zone, "Europe/Berlin");
    assert_eq!(read.actions[0].factor.unwrap().to_string(), factor);
    assert_eq!(read.parking_lot().len(), 1);

    let durations = retro::retro_durations(&state, from::<Retro>(doc)).unwrap();
    assert_eq!(durations.detect_minutes, Some(20));
    assert_eq!(durations.resolve_minutes, Some(60));
    assert_eq!(durations.mitigate_minutes, None);

    let list = retro::list_retros(&state).unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].check.unwrap().learned_something);

    let story = retro::publish_retro(&state, id).unwrap();
    assert_eq!(story.content.title, "Replica lag outage");
    assert_eq!(
        retro::get_retro(&state, id).unwrap().story_id,
        Some(story.id)
    );
    assert_eq!(query(&state, "runbook"), vec!["Replica lag outage"]);
    // Publishing again updates the same story.
    let again = retro::publish_retro(&state, id).unwrap();
    assert_eq!((again.id, again.revision), (story.id, 2));

    // Its action item is now one of the library's.
    let items = actions::list_action_items(&state, ActionItemFilter::default()).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].item.text, "Add the replica check to the runbook");

    retro::delete_retro(&state, id).unwrap();
    assert!(retro::list_retros(&state).unwrap().is_empty());
    assert!(stories::get_story(&state, story.id).is_ok());
}

#[test]
fn a_retro_can_start_from_a_story() {
    let (_dir, state) = library();
    let story = stories::create_story(&state, content("Pool exhaustion")).unwrap();
    let started = retro::create_retro(&state, String::new(), Some(story.id)).unwrap();
    assert_eq!(started.title, "Pool exhaustion");
    assert_eq!(started.story_id, Some(story.id));
    // The story's timeline, plus its detection time as a marked event.
    assert_eq!(started.timeline.len(), 2);
    assert_eq!(started.durations().detect_minutes, Some(12));
    assert_eq!(started.actions.len(), 1);

    let missing = dispatch(
        &state,
        "create_retro",
        json!({ "title": "x", "fromStory": "nope" }),
    )
    .unwrap_err();
    assert_eq!(missing.code, ErrorCode::InvalidArgument);
    let missing = retro::create_retro(&state, "x".into(), Some(uuid::Uuid::new_v4())).unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
}

#[test]
fn retro_errors_arrive_as_code_and_message() {
    let (_dir, state) = library();
    let unknown = retro::get_retro(
        &state,
        "00000000-0000-4000-8000-000000000000".parse().unwrap(),
    )
    .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
    let bad = dispatch(&state, "save_retro", json!({ "retro": { "id": 3 } })).unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidArgument);
    // Saving a retro that was never created is refused, not silently created.
    let stray = retro::save_retro(
        &state,
        from(json!({ "id": "00000000-0000-4000-8000-000000000009", "title": "stray" })),
    )
    .unwrap_err();
    assert_eq!(stray.code, ErrorCode::NotFound);
    assert_eq!(
        dispatch(&state, "publish_retro", json!({ "id": "not-an-id" }))
            .unwrap_err()
            .code,
        ErrorCode::InvalidArgument
    );
}

#[test]
fn guides_cover_every_phase() {
    let (_dir, state) = library();
    let guides = retro::retro_guides(&state).unwrap();
    assert_eq!(guides.len(), 8);
    assert_eq!(guides[0].title, "Set the stage");
    assert!(guides
        .iter()
        .all(|g| !g.prompts.is_empty() && g.minutes > 0));
    let json = serde_json::to_value(&guides[1]).unwrap();
    assert_eq!(json["phase"], "timeline");
}

#[test]
fn lint_flags_blame_and_stays_quiet_on_facts() {
    let (_dir, state) = library();
    let findings = retro::lint_text(
        &state,
        "Dana should have checked the replica".into(),
        vec!["Dana Whitfield".into()],
    )
    .unwrap();
    assert!(!findings.is_empty());
    let json = serde_json::to_value(&findings[0]).unwrap();
    for key in ["line", "column", "rule", "text", "message", "suggestion"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert!(retro::lint_text(
        &state,
        "The replica check was not in the runbook".into(),
        vec![]
    )
    .unwrap()
    .is_empty());
}

#[test]
fn action_items_filter_and_status_makes_a_revision() {
    let (_dir, state) = library();
    let story = stories::create_story(&state, content("Pool exhaustion")).unwrap();
    let id = story.id;
    let all = actions::list_action_items(&state, ActionItemFilter::default()).unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].overdue, "due 2024-04-01 and open");

    let filter: ActionItemFilter =
        serde_json::from_value(json!({ "owner": "sre", "tag": "retry storm" })).unwrap();
    assert_eq!(actions::list_action_items(&state, filter).unwrap().len(), 1);
    let filter: ActionItemFilter = serde_json::from_value(json!({ "owner": "dba" })).unwrap();
    assert!(actions::list_action_items(&state, filter)
        .unwrap()
        .is_empty());

    let done = actions::set_action_status(&state, id, 0, ActionStatus::Done).unwrap();
    assert_eq!(done.revision, 2);
    assert_eq!(
        done.content.parts.action_items[0].status,
        ActionStatus::Done
    );
    let open = ActionItemFilter {
        status: Some(ActionStatus::Open),
        ..Default::default()
    };
    assert!(actions::list_action_items(&state, open).unwrap().is_empty());

    let missing = actions::set_action_status(&state, id, 7, ActionStatus::Done).unwrap_err();
    assert_eq!(missing.code, ErrorCode::InvalidField);
}
