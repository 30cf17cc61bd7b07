//! `kintsugi anonymise` as a person uses it: a story file or standard
//! input in, anonymised Markdown (or `--json`) out.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use assert_cmd::Command;
use serde_json::Value;

const STORY: &str = "---\ntitle: Brightwell checkout outage\ncompany: Brightwell Retail\n\
product: Ledgerly\nauthor: Marcus Oyelaran\nurl: https://eng.brightwell.io/outage\n---\n\n\
Dana Whitfield paged Marcus in #inc-1129 about pg-main-2.db.brightwell.internal \
(10.40.3.17). Mail dana@brightwell.io. Harbor Foods saw errors in Ledgerly.\n";

fn kintsugi(library: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("kintsugi").unwrap();
    cmd.env_remove("KINTSUGI_LIBRARY")
        .env("NO_COLOR", "1")
        .arg("--library")
        .arg(library.path());
    cmd
}

#[test]
fn anonymise_prints_markdown_without_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("story.md");
    std::fs::write(&file, STORY).unwrap();
    let glossary = dir.path().join("glossary.yaml");
    std::fs::write(&glossary, "customers: [Harbor Foods]\n").unwrap();
    let out = kintsugi(&dir)
        .arg("anonymise")
        .arg(&file)
        .args(["--person", "Dana Whitfield", "--glossary"])
        .arg(&glossary)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for secret in [
        "Brightwell",
        "brightwell",
        "Ledgerly",
        "Dana",
        "Whitfield",
        "Marcus",
        "Oyelaran",
        "Harbor",
        "10.40.3.17",
        "inc-1129",
    ] {
        assert!(!text.contains(secret), "{secret} survived:\n{text}");
    }
    for expected in [
        "anonymised: true",
        "title: Company X checkout outage",
        "Engineer A paged Engineer B in #channel-1 about host-1 (203.0.113.1)",
        "engineer-a@example.com",
        "Customer 1 saw errors in Product P.",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
}

#[test]
fn anonymise_reads_stdin_and_prints_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = kintsugi(&dir)
        .args(["anonymise", "-", "--json"])
        .write_stdin("Ping @sam about cache-7 (10.0.0.9).\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        json["markdown"],
        "Ping @handle-1 about host-1 (203.0.113.1).\n"
    );
    let first = &json["replacements"][0];
    assert_eq!(first["original"], "@sam");
    assert_eq!(first["kind"], "handle");
    assert_eq!(first["field"], serde_json::json!({ "name": "text" }));
    assert_eq!(
        (first["start"].as_u64(), first["end"].as_u64()),
        (Some(5), Some(9))
    );
}

#[test]
fn anonymise_reports_a_bad_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let glossary = dir.path().join("glossary.json");
    std::fs::write(&glossary, "{\"people\": 3}").unwrap();
    kintsugi(&dir)
        .args(["anonymise", "-", "--glossary"])
        .arg(&glossary)
        .write_stdin("text\n")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("glossary"));
}
