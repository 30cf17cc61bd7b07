//! The `kintsugi` command as scripts use it: real binary, real library
//! folder, JSON shapes and exit codes from the documented contract.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn corpus() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A worktree nested one folder deeper finds the corpus one further up.
    let dir = ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|p| manifest.join(p))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| manifest.join("../../../shared/corpus"));
    assert!(dir.is_dir(), "shared corpus expected at {}", dir.display());
    dir
}

struct Cli {
    library: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli {
            library: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        Command::cargo_bin("kintsugi")
            .unwrap()
            .env_remove("KINTSUGI_LIBRARY")
            .env("NO_COLOR", "1")
            .arg("--library")
            .arg(self.library.path())
            .args(args)
            .assert()
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd(args).success().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?} printed JSON: {e}"))
    }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[test]
fn import_reports_json_and_is_idempotent() {
    let cli = Cli::new();
    let icco = corpus().join("icco-postmortems");
    let first = cli.json(&["import", icco.to_str().unwrap(), "--json"]);
    assert_eq!(
        keys(&first),
        vec!["errors", "imported", "unchanged", "updated"]
    );
    assert_eq!(first["imported"], 242);
    assert_eq!(first["errors"], serde_json::json!([]));
    let second = cli.json(&["import", icco.to_str().unwrap(), "--json"]);
    assert_eq!(
        (second["imported"].as_u64(), second["unchanged"].as_u64()),
        (Some(0), Some(242))
    );
    let stats = cli.json(&["stats", "--json"]);
    assert_eq!(keys(&stats), vec!["deleted", "stories", "tags"]);
    assert_eq!(stats["stories"], 242);
}

#[test]
fn import_with_failures_exits_3_and_names_the_file() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), "---\ntitle: Good\n---\nbody\n").unwrap();
    std::fs::write(dir.path().join("bad.md"), "---\ntitle: [oops\n---\n").unwrap();
    let out = cli
        .cmd(&["import", dir.path().to_str().unwrap(), "--json"])
        .code(3)
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["imported"], 1);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(errors[0]["path"].as_str().unwrap().ends_with("bad.md"));
    assert!(errors[0]["message"].as_str().unwrap().contains("YAML"));
    // Without --json the failure goes to stderr with its cause.
    cli.cmd(&["import", dir.path().to_str().unwrap()])
        .code(3)
        .stderr(predicates::str::contains("bad.md"));
}

#[test]
fn search_json_has_the_documented_shape() {
    let cli = Cli::new();
    cli.cmd(&["sample"]).success();
    let results = cli.json(&["search", "tag:migration", "--json"]);
    assert_eq!(
        keys(&results),
        vec!["did_you_mean", "hits", "relaxed", "tags", "total"]
    );
    assert!(results["did_you_mean"].is_null());
    assert!(results["total"].as_u64().unwrap() >= 2);
    let hit = &results["hits"][0];
    for key in ["id", "title", "score", "tags", "snippet"] {
        assert!(hit.get(key).is_some(), "hit has {key}: {hit}");
    }
    assert!(hit["score"].is_number());
    let facet = &results["tags"][0];
    assert_eq!(keys(facet), vec!["count", "tag"]);

    let limited = cli.json(&["search", "the", "--limit", "2", "--json"]);
    assert_eq!(limited["hits"].as_array().unwrap().len(), 2);
    let phrase = cli.json(&["search", "\"lock_timeout\"", "--json"]);
    assert!(phrase["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>"));
}

#[test]
fn a_misspelt_search_offers_the_corrected_query() {
    let cli = Cli::new();
    cli.cmd(&["sample"]).success();
    let typo = cli.json(&["search", "thundering", "hred", "--json"]);
    assert_eq!(typo["total"], 0);
    assert_eq!(typo["did_you_mean"], "thundering herd");
    cli.cmd(&["search", "thundering", "hred"])
        .success()
        .stdout(predicates::str::contains(
            "No stories match.\nDid you mean: thundering herd?\n",
        ));
}

#[test]
fn readable_output_and_show_formats() {
    let cli = Cli::new();
    cli.cmd(&["sample"])
        .success()
        .stdout(predicates::str::contains("12 imported"));
    let results = cli.json(&["search", "gen_random_uuid", "--json"]);
    let id = results["hits"][0]["id"].as_str().unwrap().to_string();
    let short = &id[..8];
    cli.cmd(&["search", "gen_random_uuid"])
        .success()
        .stdout(predicates::str::contains(short));
    cli.cmd(&["show", short])
        .success()
        .stdout(predicates::str::contains(format!("uuid: {id}")));
    let story = cli.json(&["show", &id, "--format", "json"]);
    assert_eq!(story["id"], id.as_str());
    assert!(story["parts"]["lessons"].as_array().unwrap().len() >= 2);
    cli.cmd(&["show", short, "--format", "html"])
        .success()
        .stdout(predicates::str::contains("<article"));
    cli.cmd(&["related", short]).success();
    cli.cmd(&["tags"])
        .success()
        .stdout(predicates::str::contains("postgresql"));
}

#[test]
fn delete_trash_restore_purge_and_history() {
    let cli = Cli::new();
    cli.cmd(&["sample"]).success();
    let id = cli.json(&["search", "FLUSHALL", "--json"])["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    cli.cmd(&["delete", &id]).success();
    assert_eq!(cli.json(&["search", "FLUSHALL", "--json"])["total"], 0);
    let trash = cli.json(&["trash", "--json"]);
    assert_eq!(trash[0]["id"], id.as_str());
    cli.cmd(&["restore", &id]).success();
    assert_eq!(cli.json(&["search", "FLUSHALL", "--json"])["total"], 1);
    let history = cli.json(&["history", &id, "--json"]);
    assert_eq!(history[0]["revision"], 1);
    cli.cmd(&["purge", &id])
        .failure()
        .stderr(predicates::str::contains("not_found"));
    cli.cmd(&["delete", &id]).success();
    cli.cmd(&["purge", &id]).success();
    assert_eq!(cli.json(&["stats", "--json"])["stories"], 11);
}

#[test]
fn check_repairs_a_deleted_index_and_export_writes_files() {
    let cli = Cli::new();
    cli.cmd(&["sample"]).success();
    let check = cli.json(&["check", "--json"]);
    assert_eq!(keys(&check), vec!["ok", "problems", "repaired"]);
    assert_eq!(check["ok"], true);
    std::fs::remove_dir_all(cli.library.path().join("index")).unwrap();
    let check = cli.json(&["check", "--repair", "--json"]);
    assert_eq!(check["ok"], true);
    assert!(
        !check["problems"].as_array().unwrap().is_empty(),
        "the rebuild on open is reported"
    );
    assert_eq!(cli.json(&["search", "tag:cache", "--json"])["total"], 1);

    let out = tempfile::tempdir().unwrap();
    for format in ["md", "json", "html"] {
        cli.cmd(&["export", out.path().to_str().unwrap(), "--format", format])
            .success();
    }
    let files = std::fs::read_dir(out.path()).unwrap().count();
    assert_eq!(files, 12 + 2);
}

#[test]
fn export_anonymise_replaces_people_glossary_terms_and_contacts() {
    let cli = Cli::new();
    let input = tempfile::tempdir().unwrap();
    std::fs::write(
        input.path().join("story.md"),
        "---\ntitle: Priya Raman's cache outage at Globex\ncompany: Globex\n---\n\
         Priya Raman (priya@globex.com) restarted cache-1.globex-internal.net; \
         Zoltan Szabo helped. Hooli saw errors.\n",
    )
    .unwrap();
    cli.cmd(&["import", input.path().to_str().unwrap()])
        .success();
    let glossary = input.path().join("glossary.yaml");
    std::fs::write(&glossary, "customers: [Hooli]\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    cli.cmd(&[
        "export",
        out.path().to_str().unwrap(),
        "--format",
        "json",
        "--anonymise",
        "--person",
        "Zoltan Szabo",
        "--glossary",
        glossary.to_str().unwrap(),
    ])
    .success()
    .stdout(predicates::str::contains("exported 1 anonymised stories"));
    let json = std::fs::read_to_string(out.path().join("stories.json")).unwrap();
    for secret in [
        "Priya", "Raman", "globex", "Globex", "Zoltan", "Szabo", "Hooli",
    ] {
        assert!(!json.contains(secret), "{secret} in {json}");
    }
    assert!(json.contains("\"anonymised\": true"));
    // --person without --anonymise is a usage error.
    cli.cmd(&["export", out.path().to_str().unwrap(), "--person", "X"])
        .code(2);
}

#[test]
fn usage_errors_exit_2_and_runtime_errors_exit_1() {
    let cli = Cli::new();
    cli.cmd(&["frobnicate"]).code(2);
    cli.cmd(&["search"]).code(2);
    cli.cmd(&["search", "after:never", "--json"])
        .code(1)
        .stderr(predicates::str::contains("invalid_query"));
    cli.cmd(&["show", "zz"])
        .code(1)
        .stderr(predicates::str::contains("not a story id"));
}

#[test]
fn library_comes_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("kintsugi")
        .unwrap()
        .env("KINTSUGI_LIBRARY", dir.path())
        .arg("sample")
        .assert()
        .success();
    assert!(dir.path().join("kintsugi.sqlite3").exists());
}

#[test]
fn lint_reports_findings_as_json_and_exits_4() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("retro.md");
    std::fs::write(
        &file,
        "The migration ran at 14:05.\nDana should have checked the replica.\n",
    )
    .unwrap();
    let out = cli
        .cmd(&[
            "lint",
            file.to_str().unwrap(),
            "--participant",
            "Dana Whitfield",
            "--json",
        ])
        .code(4)
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(
        keys(finding),
        vec!["column", "line", "message", "rule", "suggestion", "text"]
    );
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(2), Some(6))
    );
    assert_eq!(finding["rule"], "counterfactual");
    Command::cargo_bin("kintsugi")
        .unwrap()
        .args([
            "--library",
            cli.library.path().to_str().unwrap(),
            "lint",
            "-",
        ])
        .write_stdin("The deploy finished at 10:02.\n")
        .assert()
        .code(0)
        .stdout(predicates::str::contains("no blame"));
}

#[test]
fn actions_lists_filters_and_marks_done() {
    let cli = Cli::new();
    cli.cmd(&["sample"]).success();
    let all = cli.json(&["actions", "--json"]);
    let open = cli.json(&["actions", "--open", "--json"]);
    assert!(all.as_array().unwrap().len() > open.as_array().unwrap().len());
    let first = &open[0];
    for key in [
        "story_id",
        "story_title",
        "tags",
        "index",
        "item",
        "overdue",
    ] {
        assert!(first.get(key).is_some(), "{key}");
    }
    let story = first["story_id"].as_str().unwrap().to_string();
    let number = (first["index"].as_u64().unwrap() + 1).to_string();
    cli.cmd(&["action-done", &story, &number]).success();
    let after = cli.json(&["actions", "--open", "--json"]);
    assert_eq!(
        after.as_array().unwrap().len(),
        open.as_array().unwrap().len() - 1
    );
    assert_eq!(
        cli.json(&["history", &story, "--json"])[0]["revision"],
        2,
        "marking done is an edit"
    );
    let by_owner = cli.json(&["actions", "--owner", "dba", "--json"]);
    assert!(by_owner
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["item"]["owner"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("dba")));
}
