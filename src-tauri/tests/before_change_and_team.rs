//! The "Before a change" and team commands without a window: a pasted diff
//! and a real repository's staged changes briefed against the sample
//! library, and two app libraries sharing a real bare git repository until
//! a conflict is resolved from the command the Conflicts screen calls.

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::Path;
use std::process::Command;
use std::sync::Once;

use kintsugi_app::api::dispatch;
use kintsugi_app::commands::{brief, stories, team, transfer};
use kintsugi_app::state::AppState;
use kintsugi_core::team::Resolution;
use kintsugi_core::{ErrorCode, StoryContent};
use serde_json::json;

/// The sample story about the orders table locked by a volatile default.
const ORDERS_STORY: &str = "ab158034-0b06-4971-a6f7-5d2ee2c8636d";

const MIGRATION: &str = "diff --git a/db/migrate/20240601_add_public_id_to_orders.rb b/db/migrate/20240601_add_public_id_to_orders.rb
new file mode 100644
--- /dev/null
+++ b/db/migrate/20240601_add_public_id_to_orders.rb
@@ -0,0 +1,5 @@
+class AddPublicIdToOrders < ActiveRecord::Migration[7.1]
+  def change
+    add_column :orders, :public_id, :uuid, null: false, default: -> { \"gen_random_uuid()\" }
+  end
+end
";

/// Points git at an empty configuration for the whole test process.
fn isolate_git() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let home = std::env::temp_dir().join(format!("kintsugi-app-home-{}", std::process::id()));
        std::fs::create_dir_all(&home).unwrap();
        let config = home.join("gitconfig");
        std::fs::write(&config, "").unwrap();
        std::env::set_var("HOME", &home);
        std::env::set_var("GIT_CONFIG_GLOBAL", &config);
        std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
    });
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn sample() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::with_library(&dir.path().join("library"));
    transfer::load_sample(&state).unwrap();
    (dir, state)
}

#[test]
fn a_pasted_diff_brings_up_its_story_and_comes_back_to_be_shown() {
    let (_dir, state) = sample();
    let out = brief::brief_change(&state, MIGRATION.into(), None, None, String::new()).unwrap();
    assert_eq!(out.diff, MIGRATION);
    let signals = &out.briefing.signals;
    assert!(
        signals
            .iter()
            .any(|s| s.file.ends_with("add_public_id_to_orders.rb") && s.line == 3),
        "{signals:?}"
    );
    let ids: Vec<String> = out
        .briefing
        .stories
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    assert!(ids.iter().take(3).any(|id| id == ORDERS_STORY), "{ids:?}");

    // Free text alone is a briefing too; nothing at all is a clear error.
    let text = brief::brief_change(
        &state,
        String::new(),
        None,
        None,
        "flushall on the cache".into(),
    );
    assert!(text.unwrap().diff.is_empty());
    let err = dispatch(&state, "brief_change", json!({ "diff": " ", "text": "" })).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
}

#[test]
fn a_repository_is_briefed_from_its_staged_changes_or_a_range() {
    let (dir, state) = sample();
    isolate_git();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("db/migrate")).unwrap();
    git(&repo, &["init", "--quiet", "-b", "main"]);
    std::fs::write(repo.join("README"), "shop\n").unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "start"]);
    let file = repo.join("db/migrate/20240601_add_public_id_to_orders.rb");
    std::fs::write(
        &file,
        MIGRATION
            .lines()
            .skip(5)
            .map(|l| &l[1..])
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    git(&repo, &["add", "."]);

    let staged = brief::brief_change(
        &state,
        String::new(),
        Some(repo.clone()),
        None,
        String::new(),
    )
    .unwrap();
    assert!(staged
        .diff
        .contains("+++ b/db/migrate/20240601_add_public_id_to_orders.rb"));
    assert!(!staged.briefing.signals.is_empty());

    git(&repo, &["commit", "--quiet", "-m", "public ids"]);
    let range = dispatch(
        &state,
        "brief_change",
        json!({ "diff": "", "repo": repo, "range": "HEAD~1..HEAD", "text": "" }),
    )
    .unwrap();
    assert_eq!(range["briefing"]["signals"], json!(staged.briefing.signals));

    let err = dispatch(
        &state,
        "brief_change",
        json!({ "diff": "", "repo": repo, "range": "nope..HEAD", "text": "" }),
    )
    .unwrap_err();
    assert!(err.message.contains("nope..HEAD"), "{}", err.message);
}

fn story(title: &str) -> StoryContent {
    serde_json::from_value(json!({ "kind": "postmortem", "title": title, "summary": "s" })).unwrap()
}

#[test]
fn two_app_libraries_share_stories_and_a_conflict_is_resolved() {
    let dir = tempfile::tempdir().unwrap();
    isolate_git();
    let remote = dir.path().join("team.git");
    git(
        dir.path(),
        &["init", "--bare", "--quiet", "-b", "main", "team.git"],
    );
    let remote = remote.display().to_string();
    let alice = AppState::with_library(&dir.path().join("alice"));
    let bob = AppState::with_library(&dir.path().join("bob"));

    assert!(!team::team_status(&alice).unwrap().connected);
    let created = stories::create_story(&alice, story("Cron ran twice")).unwrap();
    let mut stages = Vec::new();
    team::team_connect(&alice, remote.clone(), &mut |p| stages.push(p.stage)).unwrap();
    assert!(!stages.is_empty(), "connecting reports progress");
    let joined = team::team_connect(&bob, remote, &mut |_| {}).unwrap();
    assert_eq!(joined.pulled, 1);
    assert_eq!(
        stories::get_story(&bob, created.id).unwrap().content.title,
        "Cron ran twice"
    );

    // The same field on both sides: a conflict, the team's value in the story.
    let b = stories::get_story(&bob, created.id).unwrap();
    stories::update_story(&bob, created.id, story("Bob's title"), Some(b.revision)).unwrap();
    team::sync_team(&bob, &mut |_| {}).unwrap();
    let a = stories::get_story(&alice, created.id).unwrap();
    stories::update_story(&alice, created.id, story("Alice's title"), Some(a.revision)).unwrap();
    let report = team::sync_team(&alice, &mut |_| {}).unwrap();
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    let conflicts = team::list_conflicts(&alice).unwrap();
    assert_eq!(conflicts[0].field, "title");
    assert_eq!(conflicts[0].mine, json!("Alice's title"));
    assert_eq!(conflicts[0].theirs, json!("Bob's title"));

    let resolved = dispatch(
        &alice,
        "resolve_conflict",
        json!({ "id": created.id, "field": "title", "side": "mine" }),
    )
    .unwrap();
    assert_eq!(resolved, json!(true));
    assert!(team::list_conflicts(&alice).unwrap().is_empty());
    assert_eq!(
        stories::get_story(&alice, created.id)
            .unwrap()
            .content
            .title,
        "Alice's title"
    );
    let again = team::resolve_conflict(&alice, created.id, "title".into(), Resolution::Theirs);
    assert_eq!(again.unwrap_err().code, ErrorCode::ConflictNotFound);

    team::sync_team(&alice, &mut |_| {}).unwrap();
    team::sync_team(&bob, &mut |_| {}).unwrap();
    assert_eq!(
        stories::get_story(&bob, created.id).unwrap().content.title,
        "Alice's title"
    );
    assert!(team::team_status(&bob).unwrap().connected);
    team::team_disconnect(&bob).unwrap();
    assert!(!team::team_status(&bob).unwrap().connected);
}
