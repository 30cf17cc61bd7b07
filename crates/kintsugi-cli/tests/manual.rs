//! `kintsugi completions` and `kintsugi man`, which the Debian package
//! installs: they need no library (none is created) and cover every
//! subcommand.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use assert_cmd::Command;

fn run(library: &std::path::Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("kintsugi")
        .unwrap()
        .env("KINTSUGI_LIBRARY", library)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("never-created");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = run(&library, &["completions", shell]);
        for sub in ["brief", "search", "team", "hook"] {
            assert!(script.contains(sub), "{shell} completions lack {sub}");
        }
    }
    assert!(!library.exists(), "completions created a library");
}

#[test]
fn the_manual_page_is_roff_with_every_command_in_detail() {
    let dir = tempfile::tempdir().unwrap();
    let page = run(&dir.path().join("none"), &["man"]);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH kintsugi 1"), "no title header");
    for sub in ["brief", "hook", "team", "sync", "search", "import"] {
        assert!(
            page.contains(&format!(".SS \"kintsugi {sub}\"")),
            "no section for {sub}"
        );
    }
    // No line of help text is read as a roff request.
    let in_detail = &page[page.find("COMMANDS IN DETAIL").unwrap()..];
    for line in in_detail.lines() {
        let request =
            line.starts_with('.') && ![".SS", ".nf", ".fi"].iter().any(|r| line.starts_with(r));
        assert!(!request, "stray request: {line}");
    }
}
