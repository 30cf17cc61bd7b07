//! Story fingerprints (`changes:`) and tripwires: stored, edited, exported
//! and imported without loss, refused with a clear error when bad, and used
//! by a briefing ("seen before", tripwires with the story that wrote them).

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use common::{import, library};
use kintsugi_core::brief::{BriefInput, DiffInput};
use kintsugi_core::export::ExportFormat;
use kintsugi_core::{ErrorCode, StoryContent, Tripwire};

const STORY: &str = "---
uuid: 2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f
title: The ledger sweep that posted every transfer twice
tags: [cron, payments]
changes:
  - app/jobs/ledger_sweep_job.rb
  - \"config/{schedule,sidekiq}.yml\"
  - LedgerSweepJob
  - 9f8e7d6c5b4a
tripwires:
  - name: ledger-sweep
    path: app/jobs/ledger_*.rb
    message: The sweep once posted every transfer twice; make it idempotent before you touch it.
  - name: posting-twice
    pattern: '(?i)post_transfer!'
    message: post_transfer! is not idempotent; call it through LedgerPosting.
---

A retried sweep posted every transfer again.
";

fn write_story(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn fingerprints_and_tripwires_round_trip_through_markdown() {
    let (_a, lib) = library();
    let files = tempfile::tempdir().unwrap();
    let report = import(&lib, &[write_story(files.path(), "ledger.md", STORY)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let story = &lib.list_stories().unwrap()[0];
    assert_eq!(
        story.content.changes,
        [
            "app/jobs/ledger_sweep_job.rb",
            "config/{schedule,sidekiq}.yml",
            "LedgerSweepJob",
            "9f8e7d6c5b4a"
        ]
    );
    assert_eq!(story.content.tripwires.len(), 2);
    assert_eq!(
        story.content.tripwires[1].pattern.as_deref(),
        Some("(?i)post_transfer!")
    );
    assert_eq!(story.content.tripwires[0].pattern, None);

    let out = tempfile::tempdir().unwrap();
    lib.export_library(out.path(), ExportFormat::Md).unwrap();
    let (_b, copy) = library();
    let back = import(&copy, &[out.path().to_path_buf()]);
    assert!(back.errors.is_empty(), "{:?}", back.errors);
    assert_eq!(copy.list_stories().unwrap()[0].content, story.content);
    // Importing the export over the original is a no-op, not a revision.
    let again = import(&lib, &[out.path().to_path_buf()]);
    assert_eq!((again.updated, again.unchanged), (0, 1));

    // An edit keeps the previous fingerprints as history.
    let mut content = story.content.clone();
    content.tripwires.push(Tripwire {
        name: "Sweep Schedule".into(),
        path: Some("config/schedule.yml".into()),
        message: "The sweep runs at 02:00 UTC on purpose.".into(),
        ..Default::default()
    });
    let updated = lib
        .update_story(story.id, content, Some(story.revision))
        .unwrap();
    assert_eq!(updated.content.tripwires[2].name, "sweep-schedule");
    assert_eq!(lib.story_revision(story.id, 1).unwrap().tripwires.len(), 2);
}

#[test]
fn bad_fingerprints_and_tripwires_name_the_file_and_field() {
    let (_a, lib) = library();
    let files = tempfile::tempdir().unwrap();
    let cases = [
        (
            "regex.md",
            "tripwires:\n  - name: x\n    pattern: '(unclosed'\n    message: m\n",
            "field `tripwires[0].pattern`: not a valid regular expression",
        ),
        (
            "glob.md",
            "tripwires:\n  - name: x\n    path: 'app/{a,b'\n    message: m\n",
            "field `tripwires[0].path`: unclosed `{`",
        ),
        (
            "empty.md",
            "tripwires:\n  - name: x\n    message: m\n",
            "field `tripwires[0]`: a tripwire needs a `pattern`, a `path`, or both",
        ),
        (
            "message.md",
            "tripwires:\n  - pattern: x\n",
            "field `tripwires[0].message`",
        ),
        (
            "shape.md",
            "tripwires: just check it\n",
            "field `tripwires`: expected a list",
        ),
        (
            "item.md",
            "tripwires:\n  - only text\n",
            "field `tripwires[0]`: expected a mapping",
        ),
        (
            "changes.md",
            "changes:\n  - 'db/{a'\n",
            "field `changes[0]`: unclosed `{`",
        ),
    ];
    for (name, front, expected) in cases {
        let path = write_story(
            files.path(),
            name,
            &format!("---\ntitle: Bad {name}\n{front}---\nbody\n"),
        );
        let report = import(&lib, &[path]);
        assert_eq!(report.errors.len(), 1, "{name}");
        assert!(report.errors[0].path.ends_with(name));
        assert!(
            report.errors[0].message.contains(expected),
            "{name}: {}",
            report.errors[0].message
        );
    }
    // The same checks guard edits made in the app.
    let err = lib
        .create_story(StoryContent {
            title: "Edited".into(),
            tripwires: vec![Tripwire {
                name: "x".into(),
                pattern: Some("a{99999}{99999}".into()),
                message: "m".into(),
                ..Default::default()
            }],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidField);
    assert!(err.to_string().contains("tripwires[0].pattern"), "{err}");
}

#[test]
fn a_briefing_uses_fingerprints_and_tripwires() {
    let (_a, lib) = library();
    lib.load_sample().unwrap();
    let files = tempfile::tempdir().unwrap();
    import(&lib, &[write_story(files.path(), "ledger.md", STORY)]);
    let diff = "From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001
Subject: [PATCH] Revert \"Sweep faster\"

This reverts commit 9f8e7d6c5b4a.
---
diff --git a/app/jobs/ledger_sweep_job.rb b/app/jobs/ledger_sweep_job.rb
--- a/app/jobs/ledger_sweep_job.rb
+++ b/app/jobs/ledger_sweep_job.rb
@@ -3,3 +3,3 @@ class LedgerSweepJob < ApplicationJob
   def perform
-    Transfer.pending.find_each { |t| LedgerPosting.call(t) }
+    Transfer.pending.find_each { |t| t.post_transfer! }
   end
";
    let briefing = lib
        .brief(&BriefInput {
            diff: DiffInput::Bytes {
                name: "revert.patch".into(),
                bytes: diff.as_bytes().to_vec(),
            },
            text: String::new(),
            limit: 5,
        })
        .unwrap();
    let fired: Vec<(&str, u32)> = briefing
        .tripwires
        .iter()
        .map(|t| (t.rule.as_str(), t.line))
        .collect();
    assert_eq!(fired, [("ledger-sweep", 4), ("posting-twice", 4)]);
    assert_eq!(
        briefing.tripwires[0].story_title,
        "The ledger sweep that posted every transfer twice"
    );
    let story = &briefing.stories[0];
    assert_eq!(
        story.title,
        "The ledger sweep that posted every transfer twice"
    );
    assert!(story.seen_before);
    let why = story.why.join("\n");
    assert!(
        why.contains("matches `app/jobs/ledger_sweep_job.rb`"),
        "{why}"
    );
    assert!(
        why.contains("changes `LedgerSweepJob`") || why.contains("9f8e7d6c5b4a"),
        "{why}"
    );
    assert!(
        why.contains("mentions 9f8e7d6c5b4a"),
        "a revert of the incident's commit: {why}"
    );
    assert!(why.contains("tripwire fired"), "{why}");
}
