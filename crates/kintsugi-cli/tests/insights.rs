//! `kintsugi insights` and `seen-before` against a real library: the
//! public corpus plus the sample stories.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn corpus() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|p| manifest.join(p))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| manifest.join("../../../shared/corpus"));
    assert!(dir.is_dir(), "shared corpus expected at {}", dir.display());
    dir
}

fn cmd(library: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("kintsugi")
        .unwrap()
        .env_remove("KINTSUGI_LIBRARY")
        .env("NO_COLOR", "1")
        .arg("--library")
        .arg(library)
        .args(args)
        .assert()
}

fn json(library: &Path, args: &[&str]) -> Value {
    let out = cmd(library, args).success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?} printed JSON: {e}"))
}

fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let icco = corpus().join("icco-postmortems");
    cmd(dir.path(), &["import", icco.to_str().unwrap()]).success();
    cmd(dir.path(), &["sample"]).success();
    dir
}

#[test]
fn insights_json_has_the_documented_shape() {
    let dir = library();
    let v = json(dir.path(), &["insights", "--json"]);
    let lucky = v["lucky"].as_array().unwrap();
    assert!(lucky.len() >= 12);
    for l in lucky {
        assert!(l["text"].is_string() && l["story_id"].is_string() && l["theme"].is_string());
    }
    for r in v["recurring"].as_array().unwrap() {
        assert!(r["theme"].is_string());
        assert!(r["count"].as_u64().unwrap() >= 2);
        assert_eq!(
            r["stories"].as_array().unwrap().len() as u64,
            r["count"].as_u64().unwrap().min(200)
        );
        assert!(r["first_seen"].is_string() || r["first_seen"].is_null());
        assert!(r["last_seen"].is_string() || r["last_seen"].is_null());
    }
    for key in ["open", "done", "overdue"] {
        assert!(v["actions"][key].is_u64(), "actions.{key}");
    }
    for r in v["repeats"].as_array().unwrap() {
        assert!(r["story_id"].is_string() && r["earlier_story_id"].is_string());
        assert!(r["open_actions"].as_u64().unwrap() >= 1);
    }
    let quarters = v["by_quarter"].as_array().unwrap();
    assert!(!quarters.is_empty());
    let q = &quarters[0];
    assert!(q["quarter"].as_str().unwrap().contains('Q'));
    assert!(q["tag"].is_string() && q["count"].as_u64().unwrap() >= 1);
    assert!(v["totals"]["stories"].as_u64().unwrap() >= 254);
}

#[test]
fn insights_for_people_name_each_section() {
    let dir = library();
    let out = cmd(dir.path(), &["insights"])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for heading in [
        "Recurring themes",
        "Where we got lucky",
        "Repeat incidents",
        "Incidents by quarter",
    ] {
        assert!(text.contains(heading), "missing {heading}:\n{text}");
    }
    assert!(text.contains("action items:"));
    let report = dir.path().join("insights.html");
    cmd(
        dir.path(),
        &["insights", "--html", report.to_str().unwrap()],
    )
    .success();
    let page = std::fs::read_to_string(report).unwrap();
    assert!(page.starts_with("<!doctype html>") && page.contains("Where we got lucky"));
    assert!(!page.contains("<script"));
}

#[test]
fn an_empty_library_has_empty_insights() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(dir.path(), &["insights", "--json"]);
    assert_eq!(v["lucky"], serde_json::json!([]));
    assert_eq!(
        v["actions"],
        serde_json::json!({"open": 0, "done": 0, "overdue": 0})
    );
    cmd(dir.path(), &["insights"]).success();
}

#[test]
fn seen_before_finds_the_earlier_story() {
    let dir = library();
    let v = json(
        dir.path(),
        &[
            "seen-before",
            "a long analytics query ran on the primary",
            "--json",
        ],
    );
    let hits = v.as_array().unwrap();
    assert!(
        hits.iter()
            .any(|h| h["title"].as_str().unwrap().contains("orders table")),
        "{v:#}"
    );
    let out = cmd(dir.path(), &["seen-before", "zebra giraffe"])
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("Not seen before"));
}
