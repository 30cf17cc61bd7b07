//! One transaction per user-level operation, proven by killing: for every
//! multi-step write (anonymised publish, retro publish, reading-list import,
//! import, purge, backup, restore-backup) a child process runs the write
//! with `KINTSUGI_FAILPOINT` set to a moment between two of its steps, is
//! killed with SIGKILL there, and the library it leaves must be exactly as
//! before the operation or exactly as after it — never in between — with a
//! sound database and an index in step with it.
//!
//! The child is this test binary itself, re-run on the ignored `worker`
//! test, which performs the operation named in its environment.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kintsugi_core::{Library, StoryContent};
use uuid::Uuid;

/// Everything a user could see change, in one comparable string.
fn snapshot(root: &Path) -> String {
    let lib = Library::open(root).unwrap();
    let report = lib.check_library(false).unwrap();
    assert!(report.ok, "index out of step: {:?}", report.problems);
    let conn = rusqlite::Connection::open(root.join(kintsugi_core::DATABASE_FILE)).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mut out = String::new();
    for s in lib.list_stories().unwrap() {
        let copy = lib.anonymised_copy_of(s.id).unwrap().map(|l| l.copy_id);
        out += &format!(
            "live {} r{} {:?} copy {copy:?}\n",
            s.id, s.revision, s.content.title
        );
    }
    for s in lib.list_trash().unwrap() {
        out += &format!("trash {}\n", s.id);
    }
    for r in lib.list_retros().unwrap() {
        out += &format!("retro {} -> {:?}\n", r.id, r.story_id);
    }
    for l in lib.list_reading_lists().unwrap() {
        out += &format!("list {} {:?}\n", l.id, l.items);
    }
    out
}

/// Runs `op` with `arg` in a child stopped at `failpoint`, kills it there.
fn killed_at(root: &Path, op: &str, arg: &str, failpoint: &str) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "worker",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("KT_WORKER_LIB", root)
        .env("KT_WORKER_OP", op)
        .env("KT_WORKER_ARG", arg)
        .env("KINTSUGI_FAILPOINT", failpoint)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let name = failpoint.split(':').next().unwrap_or(failpoint);
    let reached = BufReader::new(stderr)
        .lines()
        .map_while(|l| l.ok())
        .any(|l| l.contains(&format!("failpoint {name} reached")));
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(reached, "{op} never reached {failpoint}");
}

/// Runs `op` to the end in a child.
fn completed(root: &Path, op: &str, arg: &str) {
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "worker", "--ignored", "--test-threads=1"])
        .env("KT_WORKER_LIB", root)
        .env("KT_WORKER_OP", op)
        .env("KT_WORKER_ARG", arg)
        .env_remove("KINTSUGI_FAILPOINT")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{op} failed");
}

/// The child's side: one operation on the library named by the environment.
#[test]
#[ignore = "run by the failpoint tests in a child process"]
fn worker() {
    let (Ok(root), Ok(op)) = (
        std::env::var("KT_WORKER_LIB"),
        std::env::var("KT_WORKER_OP"),
    ) else {
        return;
    };
    let arg = std::env::var("KT_WORKER_ARG").unwrap_or_default();
    let lib = Library::open(Path::new(&root)).unwrap();
    let id = || Uuid::parse_str(&arg).unwrap();
    match op.as_str() {
        "publish_anonymised" => drop(lib.publish_anonymised(id(), &[]).unwrap()),
        "publish_retro" => drop(lib.publish_retro(id()).unwrap()),
        "import_reading_list" => drop(lib.import_reading_list(Path::new(&arg)).unwrap()),
        "import" => drop(common::import(&lib, &[PathBuf::from(&arg)])),
        "purge" => lib.purge_story(id()).unwrap(),
        "backup" => lib.backup_library(Path::new(&arg)).unwrap(),
        "restore_backup" => drop(lib.restore_backup(Path::new(&arg)).unwrap()),
        other => panic!("unknown operation {other}"),
    }
}

fn story(lib: &Library, title: &str) -> Uuid {
    lib.create_story(StoryContent {
        title: title.into(),
        body: "Alice Jones (alice@example.com) restarted db-7.prod.example.com.".into(),
        ..Default::default()
    })
    .unwrap()
    .id
}

/// Kills `op` at each failpoint, checks the library is as before, then runs
/// it to the end and checks it changed; returns the state after.
fn before_or_after(root: &Path, op: &str, arg: &str, failpoints: &[&str]) -> String {
    let before = snapshot(root);
    for failpoint in failpoints {
        killed_at(root, op, arg, failpoint);
        assert_eq!(
            snapshot(root),
            before,
            "{op} killed at {failpoint} left a half operation"
        );
    }
    completed(root, op, arg);
    let after = snapshot(root);
    assert_ne!(after, before, "{op} changed nothing");
    after
}

#[test]
fn anonymised_publish_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let lib = Library::open(dir.path()).unwrap();
        let id = story(&lib, "Pager storm");
        // A copy in the trash: republishing restores, updates and links it.
        let copy = lib.publish_anonymised(id, &[]).unwrap();
        lib.delete_story(copy.id).unwrap();
        id
    };
    before_or_after(
        dir.path(),
        "publish_anonymised",
        &id.to_string(),
        &["publish_anonymised.restored", "publish_anonymised.stored"],
    );
}

#[test]
fn retro_publish_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let retro = {
        let lib = Library::open(dir.path()).unwrap();
        let id = story(&lib, "Cache stampede");
        lib.create_retro("Stampede retro", Some(id)).unwrap().id
    };
    before_or_after(
        dir.path(),
        "publish_retro",
        &retro.to_string(),
        &["publish_retro.stored"],
    );
}

#[test]
fn reading_list_import_is_all_or_nothing() {
    let source = tempfile::tempdir().unwrap();
    let file = source.path().join("list.json");
    {
        let lib = Library::open(source.path()).unwrap();
        let mut copies = Vec::new();
        for title in ["One", "Two", "Three"] {
            let id = story(&lib, title);
            copies.push(lib.publish_anonymised(id, &[]).unwrap().id);
        }
        let list = lib.create_reading_list("Week one", "").unwrap();
        lib.set_reading_list_items(list.id, copies).unwrap();
        lib.export_reading_list(list.id, &file).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    drop(Library::open(dir.path()).unwrap());
    before_or_after(
        dir.path(),
        "import_reading_list",
        file.to_str().unwrap(),
        &["import_reading_list.story:1", "import_reading_list.story:3"],
    );
}

#[test]
fn import_batch_and_purge_are_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    for i in 0..5 {
        std::fs::write(
            files.path().join(format!("{i}.md")),
            format!("---\ntitle: Story {i}\n---\n\nBody {i}.\n"),
        )
        .unwrap();
    }
    drop(Library::open(dir.path()).unwrap());
    let folder = files.path().to_str().unwrap();
    before_or_after(
        dir.path(),
        "import",
        folder,
        &["import.story:1", "import.story:4"],
    );

    let id = {
        let lib = Library::open(dir.path()).unwrap();
        let id = lib.list_stories().unwrap()[0].id;
        lib.delete_story(id).unwrap();
        id
    };
    before_or_after(dir.path(), "purge", &id.to_string(), &["purge.deleted"]);
}

#[test]
fn backup_is_whole_or_absent_and_restore_is_before_or_after() {
    let dir = tempfile::tempdir().unwrap();
    let spare = tempfile::tempdir().unwrap();
    let backup = spare.path().join("backup.sqlite3");
    {
        let lib = Library::open(dir.path()).unwrap();
        story(&lib, "Kept in the backup");
    }
    let in_backup = snapshot(dir.path());
    killed_at(
        dir.path(),
        "backup",
        backup.to_str().unwrap(),
        "backup.written",
    );
    assert!(
        !backup.exists(),
        "a killed backup left a file under its name"
    );
    completed(dir.path(), "backup", backup.to_str().unwrap());
    assert!(backup.exists());

    {
        let lib = Library::open(dir.path()).unwrap();
        story(&lib, "Written after the backup");
    }
    let before = snapshot(dir.path());
    for failpoint in ["restore_backup.safety_copy", "restore_backup.staged"] {
        killed_at(
            dir.path(),
            "restore_backup",
            backup.to_str().unwrap(),
            failpoint,
        );
        assert_eq!(
            snapshot(dir.path()),
            before,
            "restore killed at {failpoint}"
        );
    }
    // Past the rename the backup is the library: the index, built for the
    // old file, is rebuilt on the next open.
    killed_at(
        dir.path(),
        "restore_backup",
        backup.to_str().unwrap(),
        "restore_backup.swapped",
    );
    assert_eq!(snapshot(dir.path()), in_backup);
}

#[test]
fn restore_killed_after_the_swap_rebuilds_the_index_even_at_the_same_change_number() {
    // A backup of another library at the same change number as this one:
    // only the stale-index mark tells the next open the index is wrong.
    let other = tempfile::tempdir().unwrap();
    let spare = tempfile::tempdir().unwrap();
    let backup = spare.path().join("other.sqlite3");
    {
        let lib = Library::open(other.path()).unwrap();
        story(&lib, "From the other library");
        lib.backup_library(&backup).unwrap();
    }
    let in_backup = snapshot(other.path());
    let dir = tempfile::tempdir().unwrap();
    {
        let lib = Library::open(dir.path()).unwrap();
        story(&lib, "From this library");
    }
    killed_at(
        dir.path(),
        "restore_backup",
        backup.to_str().unwrap(),
        "restore_backup.swapped",
    );
    assert_eq!(snapshot(dir.path()), in_backup);
    assert!(!dir.path().join("index.stale").exists());
    let lib = Library::open(dir.path()).unwrap();
    let hits = common::search(&lib, "other");
    assert_eq!(hits.hits.len(), 1, "the index describes the restored file");
}
