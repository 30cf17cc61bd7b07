//! `kintsugi brief` as people and CI use them: the real binary, a real
//! library folder, real git repositories, every input (range, staged,
//! working tree, file, stdin), every output (text, md, sarif, json) and the
//! exit codes. The git hook's tests are in `hook.rs`.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod brief_support;

use brief_support::*;
use serde_json::Value;
#[test]
fn a_range_brings_up_the_story_with_why_and_the_json_contract() {
    let cli = Cli::new();
    let repo = repo();
    git_ok(repo.path(), &["checkout", "-q", "-b", "public-ids"]);
    write(
        repo.path(),
        "db/migrate/20240601_add_public_id_to_orders.rb",
        MIGRATION,
    );
    git_ok(repo.path(), &["add", "."]);
    git_ok(repo.path(), &["commit", "-q", "-m", "Public order ids"]);
    let dir = repo.path().to_str().unwrap();

    let b = cli.json(&["brief", "main..HEAD", "--repo", dir, "--json"]);
    assert_eq!(
        keys(&b),
        [
            "change",
            "entities",
            "notes",
            "signals",
            "stories",
            "tripwires"
        ]
    );
    let signal = &b["signals"][0];
    assert_eq!(keys(signal), ["file", "line", "rule", "tag", "text", "why"]);
    assert!(
        rules(&b).contains(&"column-default-rewrite".to_string()),
        "{b}"
    );
    assert!(rules(&b).contains(&"index-not-concurrent".to_string()));
    let rewrite = b["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rule"] == "column-default-rewrite")
        .unwrap();
    assert_eq!(
        rewrite["file"],
        "db/migrate/20240601_add_public_id_to_orders.rb"
    );
    assert_eq!(rewrite["line"], 3);
    assert_eq!(rewrite["tag"], "migrations");
    assert!(rewrite["text"]
        .as_str()
        .unwrap()
        .contains("gen_random_uuid"));

    assert_eq!(ids(&b)[0], ORDERS_STORY, "{b:#}");
    let story = &b["stories"][0];
    assert_eq!(
        keys(story),
        [
            "date",
            "factors",
            "id",
            "lessons",
            "lucky",
            "open_actions",
            "score",
            "seen_before",
            "severity",
            "title",
            "why"
        ]
    );
    assert!(story["score"].as_f64().unwrap() > 0.0);
    let why = story["why"].as_array().unwrap();
    assert!(
        why.iter()
            .any(|w| w.as_str().unwrap().contains("migrations")),
        "{why:?}"
    );
    assert!(!story["lessons"].as_array().unwrap().is_empty());
    assert!(!story["lucky"].as_array().unwrap().is_empty());
    let action = &story["open_actions"][0];
    assert_eq!(keys(action), ["due", "overlaps", "owner", "text"]);
    assert_eq!(
        action["overlaps"], true,
        "the lint action overlaps an index/default change: {action}"
    );
    assert_eq!(b["tripwires"], serde_json::json!([]));
    assert_eq!(b["change"]["files"], 1);
    assert!(b["entities"]["tables"]
        .as_array()
        .unwrap()
        .contains(&Value::from("orders")));

    // Text for people: aligned, no colour when piped, exit 0 even with matches.
    let out = cli
        .cmd(&["brief", "main..HEAD", "--repo", dir])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("Stories that apply") && text.contains("The UUID column that locked"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour when piped");
    // A three-dot range works the same.
    assert_eq!(
        ids(&cli.json(&["brief", "main...public-ids", "--repo", dir, "--json"]))[0],
        ORDERS_STORY
    );
}

#[test]
fn staged_working_tree_file_and_stdin_inputs() {
    let cli = Cli::new();
    let repo = repo();
    let dir = repo.path().to_str().unwrap();
    write(
        repo.path(),
        "lib/tasks/cache.rake",
        "task reset_cache: :environment do\n  Rails.cache.clear\nend\n",
    );
    // Untracked: the working tree briefing says it is not included.
    let b = cli.json(&["brief", "--repo", dir, "--json"]);
    assert!(b["signals"].as_array().unwrap().is_empty());
    assert!(b["notes"][0].as_str().unwrap().contains("untracked"), "{b}");
    git_ok(repo.path(), &["add", "."]);
    let staged = cli.json(&["brief", "--staged", "--repo", dir, "--json"]);
    assert_eq!(rules(&staged), ["cache-flush"]);
    assert!(
        ids(&staged).contains(&FLUSH_STORY.to_string()),
        "{staged:#}"
    );
    let tree = cli.json(&["brief", "--repo", dir, "--json"]);
    assert_eq!(rules(&tree), ["cache-flush"]);

    // The same change as a diff file and on standard input.
    let diff = git_ok(repo.path(), &["diff", "--cached"]);
    let file = repo.path().join("change.diff");
    std::fs::write(&file, &diff).unwrap();
    let from_file = cli.json(&["brief", "--diff", file.to_str().unwrap(), "--json"]);
    assert_eq!(rules(&from_file), ["cache-flush"]);
    let out = cli
        .cmd(&["brief", "--diff", "-", "--json"])
        .write_stdin(diff)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let from_stdin: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(ids(&from_stdin), ids(&from_file));

    // Free text alone, outside any repository.
    let text = cli.json(&[
        "brief",
        "--text",
        "Flush the Redis cache on deploy to clear stale articles",
        "--json",
    ]);
    assert!(ids(&text).contains(&FLUSH_STORY.to_string()), "{text:#}");
}

#[test]
fn bad_inputs_are_clear_errors_naming_them() {
    let cli = Cli::new();
    let plain = tempfile::tempdir().unwrap();
    let out = cli
        .cmd(&[
            "brief",
            "main..HEAD",
            "--repo",
            plain.path().to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("[git]")
            && err.contains("not a git repository")
            && err.contains(plain.path().to_str().unwrap()),
        "{err}"
    );

    let repo = repo();
    let out = cli
        .cmd(&[
            "brief",
            "nosuch..HEAD",
            "--repo",
            repo.path().to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("[git]") && err.contains("nosuch..HEAD"),
        "{err}"
    );

    let missing = plain.path().join("missing.diff");
    let out = cli
        .cmd(&["brief", "--diff", missing.to_str().unwrap()])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("missing.diff"));

    let out = cli
        .cmd(&["brief", "--diff", "-"])
        .write_stdin("this is a letter, not a diff\n")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("[diff]") && err.contains("stdin") && err.contains("no unified diff"),
        "{err}"
    );

    let mut binary = b"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+".to_vec();
    binary.extend([0xff, 0x00, 0xfe, b'\n']);
    let out = cli
        .cmd(&["brief", "--diff", "-", "--json"])
        .write_stdin(binary)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let b: Value = serde_json::from_slice(&out).unwrap();
    assert!(b["notes"][0].as_str().unwrap().contains("UTF-8"), "{b}");

    cli.cmd(&["brief", "--staged", "main..HEAD"])
        .assert()
        .code(2);
}

#[test]
fn tripwires_fire_with_their_story_and_strict_exits_5() {
    let cli = Cli::new();
    let stories = tempfile::tempdir().unwrap();
    std::fs::write(stories.path().join("reminders.md"), TRIPWIRE_STORY).unwrap();
    cli.cmd(&["import", stories.path().to_str().unwrap()])
        .assert()
        .success();
    let repo = repo();
    let dir = repo.path().to_str().unwrap();
    write(repo.path(), "app/mailers/reminder_mailer.rb", "class ReminderMailer < ApplicationMailer\n  def due(patient) = mail(to: patient.email)\nend\n");
    write(repo.path(), "app/jobs/reminders_sweep.rb", "class RemindersSweep < ApplicationJob\n  def perform\n    Patient.due.each { |p| ReminderMailer.due(p).deliver_now }\n  end\nend\n");
    git_ok(repo.path(), &["add", "."]);

    let b = cli.json(&["brief", "--staged", "--repo", dir, "--json"]);
    let fired: Vec<(&str, &str)> = b["tripwires"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["rule"].as_str().unwrap(), t["file"].as_str().unwrap()))
        .collect();
    assert!(
        fired.contains(&("reminder-mailer", "app/mailers/reminder_mailer.rb")),
        "{fired:?}"
    );
    assert!(
        fired.contains(&("sweep-deliver-now", "app/jobs/reminders_sweep.rb")),
        "{fired:?}"
    );
    let t = &b["tripwires"][0];
    assert_eq!(
        keys(t),
        ["file", "line", "message", "rule", "story_id", "story_title"]
    );
    assert_eq!(t["story_id"], "5a7e0c1d-2b3f-4a5b-8c6d-7e8f9a0b1c2d");
    let story = b["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "5a7e0c1d-2b3f-4a5b-8c6d-7e8f9a0b1c2d")
        .expect("the story that wrote the tripwires");
    assert_eq!(story["seen_before"], true);
    assert!(
        story["why"][0].as_str().unwrap().starts_with("seen before"),
        "{story}"
    );

    cli.cmd(&["brief", "--staged", "--repo", dir])
        .assert()
        .success();
    cli.cmd(&["brief", "--staged", "--repo", dir, "--strict"])
        .assert()
        .code(5);

    // Silenced in the file: the tripwire no longer fires there.
    write(repo.path(), "app/jobs/reminders_sweep.rb", "# kintsugi-ignore: sweep-deliver-now\nclass RemindersSweep < ApplicationJob\n  def perform\n    Patient.due.each { |p| ReminderMailer.due(p).deliver_now }\n  end\nend\n");
    git_ok(repo.path(), &["add", "."]);
    let b = cli.json(&["brief", "--staged", "--repo", dir, "--json"]);
    assert!(
        !b["tripwires"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["rule"] == "sweep-deliver-now"),
        "{b}"
    );

    // Fingerprints and tripwires survive a Markdown export and re-import.
    let out = tempfile::tempdir().unwrap();
    cli.cmd(&["export", out.path().to_str().unwrap()])
        .assert()
        .success();
    let exported = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("reminder-mailer")
        })
        .unwrap();
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(
        text.contains("changes:")
            && text.contains("RemindersSweep")
            && text.contains("pattern: deliver_now"),
        "{text}"
    );
    let again = Cli::new();
    again
        .cmd(&["import", exported.to_str().unwrap()])
        .assert()
        .success();
    let story = again.json(&["show", "5a7e0c1d", "--format", "json"]);
    assert_eq!(story["tripwires"][1]["name"], "sweep-deliver-now");
    assert_eq!(story["changes"][1], "RemindersSweep");
}

#[test]
fn markdown_and_sarif_outputs() {
    let cli = Cli::new();
    let repo = repo();
    git_ok(repo.path(), &["checkout", "-q", "-b", "ids"]);
    write(
        repo.path(),
        "db/migrate/20240601_add_public_id_to_orders.rb",
        MIGRATION,
    );
    git_ok(repo.path(), &["add", "."]);
    git_ok(repo.path(), &["commit", "-q", "-m", "ids"]);
    let dir = repo.path().to_str().unwrap();
    let out = cli
        .cmd(&["brief", "main..HEAD", "--repo", dir, "--format", "md"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    assert!(md.starts_with("<!-- kintsugi-brief -->\n"), "{md}");
    assert!(md.contains("The UUID column that locked the orders table"));
    assert!(md.contains("**Lessons**") && md.contains("| tag | rule | where | why |"));
    let sarif = cli.json(&["brief", "main..HEAD", "--repo", dir, "--format", "sarif"]);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "kintsugi");
    let result = &run["results"][0];
    assert!(result["ruleId"].is_string());
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "db/migrate/20240601_add_public_id_to_orders.rb"
    );
    assert!(run["properties"]["stories"][0]["title"].is_string());
}
