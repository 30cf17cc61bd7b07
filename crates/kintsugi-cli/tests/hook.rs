//! `kintsugi hook` as people use it: installed in a real repository,
//! briefing a real push to a bare remote in a temporary folder, blocking
//! only when strict, and living beside hooks that other tools installed.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod brief_support;

use std::path::{Path, PathBuf};

use brief_support::*;

fn hook_path(repo: &Path, kind: &str) -> PathBuf {
    repo.join(".git/hooks").join(kind)
}

#[test]
fn the_pre_push_hook_briefs_a_real_push_and_blocks_only_when_strict() {
    let cli = Cli::new();
    let remote = tempfile::tempdir().unwrap();
    git_ok(remote.path(), &["init", "-q", "--bare", "-b", "main"]);
    let repo = repo();
    let dir = repo.path().to_str().unwrap();
    git_ok(
        repo.path(),
        &["remote", "add", "origin", remote.path().to_str().unwrap()],
    );
    git_ok(repo.path(), &["push", "-q", "origin", "main"]);

    cli.cmd(&["hook", "install", "--repo", dir])
        .assert()
        .success()
        .stdout(predicates::str::contains("pre-push"));
    let script = std::fs::read_to_string(hook_path(repo.path(), "pre-push")).unwrap();
    assert!(script.starts_with("#!/bin/sh\n# kintsugi-hook"));

    // A new branch and an update of an existing one are both briefed.
    git_ok(repo.path(), &["checkout", "-q", "-b", "ids"]);
    write(
        repo.path(),
        "db/migrate/20240601_add_public_id_to_orders.rb",
        MIGRATION,
    );
    git_ok(repo.path(), &["add", "."]);
    git_ok(repo.path(), &["commit", "-q", "-m", "ids"]);
    let push = git(repo.path(), &["push", "origin", "ids"]);
    let said = String::from_utf8_lossy(&push.stderr).into_owned();
    assert!(push.status.success(), "{said}");
    assert!(
        said.contains("column-default-rewrite") && said.contains("The UUID column that locked"),
        "{said}"
    );
    write(
        repo.path(),
        "config/initializers/cache.rb",
        "Rails.cache.clear\n",
    );
    git_ok(repo.path(), &["add", "."]);
    git_ok(repo.path(), &["commit", "-q", "-m", "clear"]);
    let push = git(repo.path(), &["push", "origin", "ids"]);
    let said = String::from_utf8_lossy(&push.stderr).into_owned();
    assert!(
        push.status.success()
            && said.contains("cache-flush")
            && !said.contains("column-default-rewrite"),
        "{said}"
    );

    // Strict: a story's tripwire blocks the push, and the remote keeps its old state.
    let stories = tempfile::tempdir().unwrap();
    std::fs::write(stories.path().join("reminders.md"), TRIPWIRE_STORY).unwrap();
    cli.cmd(&["import", stories.path().to_str().unwrap()])
        .assert()
        .success();
    cli.cmd(&["hook", "install", "--repo", dir, "--strict"])
        .assert()
        .success();
    write(
        repo.path(),
        "app/mailers/reminder_mailer.rb",
        "class ReminderMailer < ApplicationMailer\nend\n",
    );
    git_ok(repo.path(), &["add", "."]);
    git_ok(repo.path(), &["commit", "-q", "-m", "mailer"]);
    let push = git(repo.path(), &["push", "origin", "ids"]);
    assert!(!push.status.success(), "strict hook blocks on a tripwire");
    assert!(String::from_utf8_lossy(&push.stderr).contains("reminder-mailer"));
    let remote_head = git_ok(remote.path(), &["rev-parse", "ids"]);
    assert_ne!(
        remote_head.trim(),
        git_ok(repo.path(), &["rev-parse", "HEAD"]).trim()
    );

    // Without --strict the same push goes through.
    cli.cmd(&["hook", "install", "--repo", dir])
        .assert()
        .success();
    assert!(git(repo.path(), &["push", "-q", "origin", "ids"])
        .status
        .success());

    cli.cmd(&["hook", "uninstall", "--repo", dir])
        .assert()
        .success()
        .stdout(predicates::str::contains("removed the pre-push hook"));
    assert!(!hook_path(repo.path(), "pre-push").exists());
}

#[test]
fn the_pre_commit_hook_and_foreign_hooks() {
    let cli = Cli::new();
    let repo = repo();
    let dir = repo.path().to_str().unwrap();
    cli.cmd(&["hook", "install", "--pre-commit", "--repo", dir])
        .assert()
        .success();
    write(
        repo.path(),
        "lib/tasks/cache.rake",
        "task reset: :environment do\n  Rails.cache.clear\nend\n",
    );
    git_ok(repo.path(), &["add", "."]);
    let commit = git(repo.path(), &["commit", "-m", "reset task"]);
    let said = String::from_utf8_lossy(&commit.stderr).into_owned();
    assert!(commit.status.success(), "never blocks: {said}");
    assert!(
        said.contains("cache-flush") && said.contains("FLUSHALL on a breaking-news afternoon"),
        "{said}"
    );

    // Someone else's pre-push hook is neither overwritten nor removed.
    let foreign = hook_path(repo.path(), "pre-push");
    std::fs::write(&foreign, "#!/bin/sh\nexec ./scripts/lint\n").unwrap();
    let out = cli
        .cmd(&["hook", "install", "--repo", dir])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("not written by kintsugi") && err.contains("pre-push"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&foreign).unwrap(),
        "#!/bin/sh\nexec ./scripts/lint\n"
    );
    cli.cmd(&["hook", "uninstall", "--repo", dir])
        .assert()
        .success()
        .stdout(predicates::str::contains("left"));
    assert!(foreign.exists());
    assert!(!hook_path(repo.path(), "pre-commit").exists());
    let plain = tempfile::tempdir().unwrap();
    cli.cmd(&["hook", "install", "--repo", plain.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not a git repository"));
}
