//! Export followed by import gives back the same stories.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use std::collections::HashMap;

use common::{danluu, icco, import, library};
use kintsugi_core::export::ExportFormat;
use kintsugi_core::{Story, StoryContent};

fn by_id(stories: Vec<Story>) -> HashMap<uuid::Uuid, StoryContent> {
    stories.into_iter().map(|s| (s.id, s.content)).collect()
}

#[test]
fn markdown_export_reimports_losslessly_structured_parts_included() {
    let (_a, original) = library();
    import(&original, &[icco(), danluu()]);
    original.load_sample().unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = original
        .export_library(out.path(), ExportFormat::Md)
        .unwrap();
    assert_eq!(
        report.stories,
        original.library_stats().unwrap().stories as usize
    );

    let (_b, copy) = library();
    let back = import(&copy, &[out.path().to_path_buf()]);
    assert!(back.errors.is_empty(), "{:?}", back.errors);
    assert_eq!(back.imported, report.stories);

    let before = by_id(original.list_stories().unwrap());
    let after = by_id(copy.list_stories().unwrap());
    assert_eq!(before.len(), after.len());
    for (id, content) in &before {
        assert_eq!(
            after.get(id),
            Some(content),
            "story {id} ({}) survives",
            content.title
        );
    }
    // The sample stories carry every structured part; make sure they were exercised.
    assert!(after
        .values()
        .any(|c| !c.parts.timeline.is_empty() && !c.parts.action_items.is_empty()));

    // Importing the export over the original changes nothing.
    let again = import(&original, &[out.path().to_path_buf()]);
    assert_eq!((again.imported, again.updated), (0, 0));
}

#[test]
fn json_and_html_exports_are_written() {
    let (_a, lib) = library();
    lib.load_sample().unwrap();
    let out = tempfile::tempdir().unwrap();
    lib.export_library(out.path(), ExportFormat::Json).unwrap();
    let json = std::fs::read_to_string(out.path().join("stories.json")).unwrap();
    let parsed: Vec<Story> = serde_json::from_str(&json).unwrap();
    assert_eq!(by_id(parsed), by_id(lib.list_stories().unwrap()));

    lib.export_library(out.path(), ExportFormat::Html).unwrap();
    let html = std::fs::read_to_string(out.path().join("stories.html")).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.contains("<script"), "self-contained and script-free");
    for story in lib.list_stories().unwrap() {
        let escaped = story
            .content
            .title
            .replace('&', "&amp;")
            .replace('\'', "&#39;")
            .replace('"', "&quot;");
        assert!(html.contains(&escaped), "{}", story.content.title);
    }
}
