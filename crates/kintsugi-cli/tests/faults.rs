//! Faults a library meets outside Kintsugi's control, on the real binary:
//! another process holding the database, a read-only library folder, a
//! full disk. Each gives an error with a stable code that names the
//! folder, and changes nothing stored; reading and search go on.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

fn kintsugi(library: &Path, args: &[&str]) -> Command {
    kintsugi_at(Path::new(env!("CARGO_BIN_EXE_kintsugi")), library, args)
}

fn kintsugi_at(binary: &Path, library: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(binary);
    cmd.env_remove("KINTSUGI_LIBRARY")
        .env("NO_COLOR", "1")
        .arg("--library")
        .arg(library)
        .args(args);
    cmd
}

fn run(mut cmd: Command) -> Output {
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts that the command failed with `code` and named `folder`.
fn assert_fault(out: &Output, code: &str, folder: &Path) {
    assert!(!out.status.success());
    let message = stderr(out);
    assert!(message.contains(&format!("[{code}]")), "{message}");
    assert!(message.contains(&folder.display().to_string()), "{message}");
}

fn live_count(library: &Path) -> u64 {
    let out = run(kintsugi(library, &["stats", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    stats["stories"].as_u64().unwrap()
}

fn sample_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = run(kintsugi(dir.path(), &["sample"]));
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

fn first_story(library: &Path) -> String {
    let out = run(kintsugi(library, &["search", "", "--json"]));
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    hits["hits"][0]["id"].as_str().unwrap().to_string()
}

#[test]
fn a_write_while_another_process_holds_the_library_is_busy_and_changes_nothing() {
    let dir = sample_library();
    let before = live_count(dir.path());
    let id = first_story(dir.path());
    // Another writer: an open write transaction on the same database file.
    let other = rusqlite::Connection::open(dir.path().join("kintsugi.sqlite3")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = run(kintsugi(dir.path(), &["delete", &id]));
    assert_fault(&out, "library_busy", dir.path());
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    assert_eq!(
        live_count(dir.path()),
        before,
        "the busy delete changed nothing"
    );
    let out = run(kintsugi(dir.path(), &["delete", &id]));
    assert!(
        out.status.success(),
        "once free, it works: {}",
        stderr(&out)
    );
}

fn set_writable(dir: &Path, writable: bool) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            set_writable(&path, writable);
        } else {
            let mode = if writable { 0o644 } else { 0o444 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    }
    let mode = if writable { 0o755 } else { 0o555 };
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Whether this process ignores file permissions (root): then the command
/// runs as an unprivileged user, for whom the modes hold.
fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

/// Runs the CLI as a user for whom file modes hold. Root ignores them, so
/// as root it runs as an unprivileged user, from a copy of the binary in a
/// folder anyone may enter (the build folder may sit where only root can go).
struct Unprivileged {
    home: tempfile::TempDir,
    binary: std::path::PathBuf,
}

impl Unprivileged {
    fn new() -> Unprivileged {
        let home = tempfile::tempdir().unwrap();
        let binary = if is_root() {
            std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
            let binary = home.path().join("kintsugi");
            std::fs::copy(env!("CARGO_BIN_EXE_kintsugi"), &binary).unwrap();
            binary
        } else {
            env!("CARGO_BIN_EXE_kintsugi").into()
        };
        Unprivileged { home, binary }
    }

    fn run(&self, library: &Path, args: &[&str]) -> Output {
        let mut cmd = kintsugi_at(&self.binary, library, args);
        if is_root() {
            cmd.uid(65534).gid(65534).env("HOME", self.home.path());
        }
        run(cmd)
    }
}

#[test]
fn a_read_only_library_folder_is_named_and_left_as_it_was() {
    let dir = sample_library();
    let before = live_count(dir.path());
    let id = first_story(dir.path());
    let database = std::fs::read(dir.path().join("kintsugi.sqlite3")).unwrap();
    let user = Unprivileged::new();
    set_writable(dir.path(), false);
    // Reading and search keep working (the index is rebuilt in memory).
    let found = user.run(dir.path(), &["search", "orders table", "--json"]);
    let shown = user.run(dir.path(), &["show", &id]);
    let checked = user.run(dir.path(), &["check", "--json"]);
    let out = user.run(dir.path(), &["delete", &id]);
    set_writable(dir.path(), true);
    let report: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["repaired"], false, "nothing needed repair: {report}");
    assert!(found.status.success(), "{}", stderr(&found));
    assert!(String::from_utf8_lossy(&found.stdout).contains("orders table"));
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert_fault(&out, "library_read_only", dir.path());
    assert_eq!(
        std::fs::read(dir.path().join("kintsugi.sqlite3")).unwrap(),
        database,
        "the database file is untouched"
    );
    assert_eq!(live_count(dir.path()), before);
}

#[test]
fn a_read_only_folder_left_by_a_killed_writer_shows_what_its_log_holds() {
    let dir = sample_library();
    let database = dir.path().join("kintsugi.sqlite3");
    // A second connection keeps the write-ahead log in place when the CLI
    // exits, as a killed app leaves it; the copy below is that crash.
    let holder = rusqlite::Connection::open(&database).unwrap();
    holder
        .query_row("SELECT count(*) FROM stories", [], |_| Ok(()))
        .unwrap();
    let story = tempfile::tempdir().unwrap();
    let file = story.path().join("late.md");
    std::fs::write(
        &file,
        "---\ntitle: Quokka migration stalled\n---\n\nThe last story.\n",
    )
    .unwrap();
    let out = run(kintsugi(dir.path(), &["import", file.to_str().unwrap()]));
    assert!(out.status.success(), "{}", stderr(&out));
    let crashed = tempfile::tempdir().unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let name = format!("kintsugi.sqlite3{suffix}");
        std::fs::copy(dir.path().join(&name), crashed.path().join(&name)).unwrap();
    }
    drop(holder);
    let log = std::fs::metadata(crashed.path().join("kintsugi.sqlite3-wal")).unwrap();
    assert!(log.len() > 0, "the copy holds a write-ahead log");

    let user = Unprivileged::new();
    set_writable(crashed.path(), false);
    let found = user.run(crashed.path(), &["search", "quokka", "--json"]);
    let stats = user.run(crashed.path(), &["stats", "--json"]);
    set_writable(crashed.path(), true);
    assert!(found.status.success(), "{}", stderr(&found));
    assert!(
        String::from_utf8_lossy(&found.stdout).contains("Quokka migration stalled"),
        "the story only in the log is found: {}",
        String::from_utf8_lossy(&found.stdout)
    );
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["stories"], 13, "the sample and the late story");
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    mount: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` where this machine does not let the test mount (not root, or
    /// a container without the right): the test then says it was skipped.
    fn mount(size: &str) -> Option<SmallDisk> {
        let mount = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(mount.path())
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then_some(SmallDisk { mount })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.mount.path()).status();
    }
}

#[test]
fn a_full_disk_is_named_and_the_library_keeps_reading_and_searching() {
    let Some(disk) = SmallDisk::mount("1200k") else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    };
    let library = disk.mount.path().join("library");
    let out = run(kintsugi(&library, &["sample"]));
    assert!(out.status.success(), "{}", stderr(&out));
    // One story just under the import limit does not fit in what is left.
    let big = tempfile::tempdir().unwrap();
    let file = big.path().join("big.md");
    let mut body = String::from("---\ntitle: Too big for the disk\n---\n\n");
    let mut n: u64 = 1;
    while body.len() < 1_400_000 {
        n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        body.push_str(&format!("w{:x} ", n >> 44));
    }
    std::fs::write(&file, body).unwrap();
    let out = run(kintsugi(&library, &["import", file.to_str().unwrap()]));
    assert_fault(&out, "disk_full", &library);
    assert_eq!(live_count(&library), 12, "the sample is all there");
    let out = run(kintsugi(&library, &["search", "orders table"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("orders table"));
    let out = run(kintsugi(&library, &["check"]));
    assert!(out.status.success(), "{}", stderr(&out));
}
