//! The benchmark runs end to end in `--quick` mode against the real
//! `kintsugi` binary, real SQLite files and a real grep, and writes a
//! well-formed report; the brief and team sync hooks run at a tiny size
//! through their subcommands. It never asserts on timings: the machine is noisy and
//! speed is judged by reading the report, not by a test.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `kintsugi` binary of the same profile as this test, built if needed
/// (a no-op when it is fresh).
fn kintsugi_binary() -> PathBuf {
    let bench = Path::new(env!("CARGO_BIN_EXE_kintsugi-bench"));
    let dir = bench.parent().unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .args(["build", "--quiet", "-p", "kintsugi-cli"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if dir.ends_with("release") {
        build.arg("--release");
    }
    let status = build.status().unwrap();
    assert!(status.success(), "building kintsugi-cli failed");
    let binary = dir.join("kintsugi");
    assert!(binary.is_file(), "{} missing", binary.display());
    binary
}

/// Every Markdown table row has as many cells as its header.
fn assert_tables_well_formed(report: &str) {
    let mut columns: Option<usize> = None;
    for line in report.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count() - 1;
        match columns {
            None => columns = Some(cells),
            Some(n) => assert_eq!(n, cells, "row does not match its header: {line}"),
        }
    }
}

#[test]
fn quick_run_measures_every_contender_and_writes_a_well_formed_report() {
    let kintsugi = kintsugi_binary();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("benchmarks.md");
    let run = Command::new(env!("CARGO_BIN_EXE_kintsugi-bench"))
        .args(["run", "--quick", "--out"])
        .arg(&out)
        .arg("--work")
        .arg(dir.path().join("work"))
        .arg("--kintsugi")
        .arg(&kintsugi)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "bench failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for needle in [
        "== 1000 stories",
        "== 2000 stories",
        "import FTS5 loader",
        "ratio",
        "kintsugi stats (process)",
    ] {
        assert!(stdout.contains(needle), "{needle} not printed:\n{stdout}");
    }

    let report = std::fs::read_to_string(&out).unwrap();
    for heading in [
        "# Benchmarks",
        "Commit measured: `",
        "## Machine",
        "## How it was measured",
        "## 1,000 stories",
        "## 2,000 stories",
        "### Import",
        "### Search in process",
        "### Search as a whole process",
        "## How cost grows with the library",
        "## Search targets at 2,000 stories",
        "## Brief and team sync",
    ] {
        assert!(report.contains(heading), "{heading} missing:\n{report}");
    }
    for class in [
        "| words |",
        "| phrase |",
        "| tag plus text |",
        "| broad word |",
        "| empty query with facets |",
        "| filters only |",
        "| forgiving fallback |",
        "| related stories |",
    ] {
        assert!(
            report.matches(class).count() >= 2,
            "{class} missing:\n{report}"
        );
    }
    assert!(report.contains("`kintsugi-bench team-sync`"));
    assert!(report.contains("`kintsugi-bench brief`"));
    assert_tables_well_formed(&report);
    // Work files are removed unless --keep.
    assert!(!dir.path().join("work/1000-stories").exists());
}

#[test]
fn generate_is_byte_identical_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let generate = |name: &str, seed: &str| {
        let target = dir.path().join(name);
        let status = Command::new(env!("CARGO_BIN_EXE_kintsugi-bench"))
            .arg("generate")
            .arg(&target)
            .args(["--stories", "50", "--seed", seed])
            .status()
            .unwrap();
        assert!(status.success());
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let a = generate("a", "3");
    let b = generate("b", "3");
    let c = generate("c", "4");
    assert_eq!(a.len(), 50);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

/// Runs one hook subcommand at a tiny size; its stdout.
fn hook(args: &[&str], kintsugi: &Path, work: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kintsugi-bench"))
        .args(args)
        .args(["--stories", "40", "--work"])
        .arg(work)
        .arg("--kintsugi")
        .arg(kintsugi)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_tables_well_formed(&stdout);
    stdout
}

#[test]
fn hooks_measure_a_tiny_library_and_print_their_section() {
    let kintsugi = kintsugi_binary();
    let dir = tempfile::tempdir().unwrap();
    let brief = hook(&["brief", "--repeat", "1"], &kintsugi, dir.path());
    for needle in [
        "### Brief for a typical diff, 40 stories",
        "`Library::brief`, in process",
        "`kintsugi brief --diff FILE` process",
        "`grep -rilE '",
        "index-not-concurrent",
        "retry-count-raised",
        "ratio to grep",
        "under 300 ms at p50",
    ] {
        assert!(brief.contains(needle), "{needle} missing:\n{brief}");
    }
    let team = hook(
        &["team-sync", "--rounds", "2", "--connects", "1"],
        &kintsugi,
        dir.path(),
    );
    for needle in [
        "### Team sync, 40 stories",
        "connect a fresh library to the remote",
        "one changed story across: push plus pull",
        "| one changed story across: push plus pull | ",
        "connecting a fresh library under 30 s",
    ] {
        assert!(team.contains(needle), "{needle} missing:\n{team}");
    }
    // Each hook's folder is removed afterwards.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
