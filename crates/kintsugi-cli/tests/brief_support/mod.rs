//! What the `brief` and `hook` tests share: the real binary on a sample
//! library, and real git repositories to brief.

#![allow(dead_code)] // each test file uses its own part of it
#![allow(clippy::unwrap_used)] // test support: a panic is the failure report

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The sample story about the orders table locked by a volatile default.
pub const ORDERS_STORY: &str = "ab158034-0b06-4971-a6f7-5d2ee2c8636d";
/// The sample story about a Redis FLUSHALL.
pub const FLUSH_STORY: &str = "7b64e1fc-b22c-4ef3-a036-8ad4e8674800";

pub struct Cli {
    pub library: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Cli {
        let cli = Cli {
            library: tempfile::tempdir().unwrap(),
        };
        cli.cmd(&["sample"]).assert().success();
        cli
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("kintsugi").unwrap();
        cmd.env_remove("KINTSUGI_LIBRARY")
            .env("NO_COLOR", "1")
            .arg("--library")
            .arg(self.library.path())
            .args(args);
        cmd
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self
            .cmd(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?} printed JSON: {e}"))
    }
}

pub fn git(dir: &Path, args: &[&str]) -> Output {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .output()
        .unwrap();
    out
}

pub fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A repository with one commit on `main`.
pub fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git_ok(dir.path(), &["init", "-q", "-b", "main"]);
    git_ok(dir.path(), &["config", "user.name", "Test"]);
    git_ok(dir.path(), &["config", "user.email", "test@example.com"]);
    write(dir.path(), "README.md", "# shop\n");
    git_ok(dir.path(), &["add", "."]);
    git_ok(dir.path(), &["commit", "-q", "-m", "start"]);
    dir
}

pub fn write(dir: &Path, path: &str, text: &str) {
    let file = dir.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

pub const MIGRATION: &str = "class AddPublicIdToOrders < ActiveRecord::Migration[7.1]\n  def change\n    add_column :orders, :public_id, :uuid, null: false, default: -> { \"gen_random_uuid()\" }\n    add_index :orders, :public_id, unique: true\n  end\nend\n";

pub fn ids(briefing: &Value) -> Vec<String> {
    briefing["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

pub fn rules(briefing: &Value) -> Vec<String> {
    briefing["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rule"].as_str().unwrap().to_string())
        .collect()
}

pub fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

pub const TRIPWIRE_STORY: &str = "---
uuid: 5a7e0c1d-2b3f-4a5b-8c6d-7e8f9a0b1c2d
title: The reminder mailer that emailed every patient twice
tags: [email, notifications]
changes:
  - app/mailers/reminder_mailer.rb
  - RemindersSweep
tripwires:
  - name: reminder-mailer
    path: app/mailers/**
    message: Reminder mail once went out twice to every patient; run the dry-run count first.
  - name: sweep-deliver-now
    pattern: 'deliver_now'
    message: Use deliver_later with an idempotency key in sweeps.
---

The sweep job retried after a timeout and mailed everyone again.
";
