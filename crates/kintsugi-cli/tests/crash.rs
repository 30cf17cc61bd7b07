//! The crash harness: the real `kintsugi` binary killed with SIGKILL at
//! seeded random moments of every kind of write — import, edit (re-import
//! of a changed file, revert), delete and restore, purge, backup and
//! restore-backup, team sync — and of anonymised and retro publishing (run
//! through the core by this test binary re-run as a child, as the CLI has
//! no command for them). After every kill the library is opened and must
//! pass `PRAGMA integrity_check`, have an index in step with the database
//! (`check_library`), and still hold every story at no lower a revision than
//! before — except where the operation itself removes one (purge) or
//! replaces the library (restore-backup: then it is as before, or exactly
//! as the backup).
//!
//! `KINTSUGI_CRASH_KILLS` sets how many kills (default 100),
//! `KINTSUGI_CRASH_SEED` the seed (default fixed, printed on failure).

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kintsugi_core::Library;
use uuid::Uuid;

/// splitmix64: a seeded generator with no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Story id → (revision, in the trash).
type State = BTreeMap<Uuid, (u32, bool)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Import,
    Edit,
    Revert,
    Delete,
    Restore,
    Purge,
    Backup,
    RestoreBackup,
    PublishAnonymised,
    PublishRetro,
    Sync,
}

const OPS: [Op; 11] = [
    Op::Import,
    Op::Edit,
    Op::Revert,
    Op::Delete,
    Op::Restore,
    Op::Purge,
    Op::Backup,
    Op::RestoreBackup,
    Op::PublishAnonymised,
    Op::PublishRetro,
    Op::Sync,
];

struct Harness {
    dir: tempfile::TempDir,
    rng: Rng,
    edits: u64,
    backups: u64,
    /// The newest backup file known whole, and the state it holds.
    backup: Option<(PathBuf, State)>,
}

impl Harness {
    fn library(&self) -> PathBuf {
        self.dir.path().join("library")
    }
    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn isolate<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.env("HOME", self.home())
            .env("GIT_CONFIG_GLOBAL", self.home().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .env_remove("KINTSUGI_LIBRARY")
            .env_remove("KINTSUGI_FAILPOINT")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
    }

    fn cli(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kintsugi"));
        self.isolate(&mut cmd);
        cmd.arg("--library").arg(self.library()).args(args);
        cmd
    }

    /// This test binary as a child doing one core operation (see `worker`).
    fn worker(&self, op: &str) -> Command {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        self.isolate(&mut cmd);
        cmd.args(["--exact", "worker", "--ignored", "--test-threads=1"])
            .env("KT_CRASH_LIB", self.library())
            .env("KT_CRASH_OP", op);
        cmd
    }

    /// The state, after checking soundness (opening may repair the index).
    fn verify(&self) -> State {
        let lib = Library::open(&self.library()).unwrap();
        let report = lib.check_library(false).unwrap();
        assert!(report.ok, "library unsound: {:?}", report.problems);
        let mut state = State::new();
        for s in lib.list_stories().unwrap() {
            state.insert(s.id, (s.revision, false));
        }
        for s in lib.list_trash().unwrap() {
            let story = lib.get_story(s.id).unwrap();
            state.insert(s.id, (story.revision, true));
        }
        state
    }

    /// The command for `op` against the state `now`, or `None` when `op`
    /// has nothing to work on yet.
    fn command(&mut self, op: Op, now: &State) -> Option<Command> {
        let live: Vec<Uuid> = now.iter().filter(|(_, v)| !v.1).map(|(k, _)| *k).collect();
        let revised: Vec<Uuid> = now
            .iter()
            .filter(|(_, v)| !v.1 && v.0 > 1)
            .map(|(k, _)| *k)
            .collect();
        let trash: Vec<Uuid> = now.iter().filter(|(_, v)| v.1).map(|(k, _)| *k).collect();
        let pick = |rng: &mut Rng, ids: &[Uuid]| ids[rng.below(ids.len() as u64) as usize];
        Some(match op {
            Op::Import => {
                let folder = self.dir.path().join("incoming");
                self.cli(&["import", folder.to_str().unwrap()])
            }
            Op::Edit => {
                self.edits += 1;
                let file = self.dir.path().join("edited.md");
                std::fs::write(
                    &file,
                    format!(
                        "---\nuuid: 7d9f3c1e-0000-4000-8000-00000000000e\ntitle: Edited story\n---\n\nEdit number {}.\n",
                        self.edits
                    ),
                )
                .unwrap();
                self.cli(&["import", file.to_str().unwrap()])
            }
            Op::Revert if !revised.is_empty() => {
                let id = pick(&mut self.rng, &revised).to_string();
                self.cli(&["revert", &id, "1"])
            }
            Op::Delete if !live.is_empty() => {
                let id = pick(&mut self.rng, &live).to_string();
                self.cli(&["delete", &id])
            }
            Op::Restore if !trash.is_empty() => {
                let id = pick(&mut self.rng, &trash).to_string();
                self.cli(&["restore", &id])
            }
            Op::Purge if !trash.is_empty() => {
                let id = pick(&mut self.rng, &trash).to_string();
                self.cli(&["purge", &id])
            }
            Op::Backup => {
                self.backups += 1;
                let file = self
                    .dir
                    .path()
                    .join(format!("backup-{}.sqlite3", self.backups));
                self.cli(&["backup", file.to_str().unwrap()])
            }
            Op::RestoreBackup => {
                let (file, _) = self.backup.as_ref()?;
                self.cli(&["restore-backup", file.to_str().unwrap()])
            }
            Op::PublishAnonymised if !live.is_empty() => self.worker("publish_anonymised"),
            Op::PublishRetro if !live.is_empty() => self.worker("publish_retro"),
            Op::Sync => self.cli(&["sync"]),
            _ => return None,
        })
    }

    /// Checks what a run of `op` (killed or not) left, given the state before.
    fn judge(&mut self, op: Op, before: &State, after: &State, seed: u64) {
        let context = format!("{op:?} (seed {seed})");
        match op {
            Op::RestoreBackup => {
                let (_, in_backup) = self.backup.as_ref().unwrap();
                assert!(
                    after == before || after == in_backup,
                    "{context}: restore left neither the old library nor the backup"
                );
            }
            _ => {
                for (id, (revision, _)) in before {
                    match after.get(id) {
                        Some((now, _)) => assert!(
                            now >= revision,
                            "{context}: {id} went back from revision {revision} to {now}"
                        ),
                        None => assert!(
                            op == Op::Purge && before[id].1,
                            "{context}: committed story {id} lost"
                        ),
                    }
                }
            }
        }
        if op == Op::Backup {
            let file = self
                .dir
                .path()
                .join(format!("backup-{}.sqlite3", self.backups));
            if file.exists() {
                // A file under the backup's name is whole: it restores.
                self.backup = Some((file, after.clone()));
            }
        }
    }
}

/// Runs `child` for `delay` then kills it; true when it was still running.
fn kill_after(mut child: Child, delay: Duration) -> bool {
    let deadline = Instant::now() + delay;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1).min(delay));
    }
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill(); // SIGKILL on Unix
    child.wait().unwrap();
    running
}

fn setup(seed: u64) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let harness = Harness {
        dir,
        rng: Rng(seed),
        edits: 0,
        backups: 0,
        backup: None,
    };
    std::fs::create_dir_all(harness.home()).unwrap();
    std::fs::write(harness.home().join("gitconfig"), "").unwrap();
    let incoming = harness.dir.path().join("incoming");
    std::fs::create_dir_all(&incoming).unwrap();
    for i in 0..40 {
        std::fs::write(
            incoming.join(format!("story-{i}.md")),
            format!(
                "---\ntitle: Generated outage {i}\ntags: [crash-harness]\n---\n\n\
                 A generated story, number {i}, with a [link](https://example.com/{i}).\n\n\
                 ## Lessons\n\n- Lesson {i}\n"
            ),
        )
        .unwrap();
    }
    let remote = harness.dir.path().join("remote.git");
    let status = Command::new("git")
        .args(["init", "--bare", "--quiet", "-b", "main"])
        .arg(&remote)
        .env("GIT_CONFIG_GLOBAL", harness.home().join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap();
    assert!(status.success());
    let status = harness
        .cli(&["import", incoming.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = harness
        .cli(&[
            "team",
            "connect",
            remote.to_str().unwrap(),
            "--name",
            "Crash",
            "--email",
            "crash@example.com",
        ])
        .status()
        .unwrap();
    assert!(status.success(), "team connect");
    harness
}

#[test]
fn the_library_survives_sigkill_at_random_moments_of_every_write() {
    let kills_wanted: usize = std::env::var("KINTSUGI_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let seed: u64 = std::env::var("KINTSUGI_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x6b69_6e74_7375_6769);
    let mut h = setup(seed);
    let mut state = h.verify();
    // How long each operation takes when left alone, to aim the kills.
    let mut took: BTreeMap<usize, Duration> = BTreeMap::new();
    let mut kills: BTreeMap<usize, usize> = BTreeMap::new();
    let mut total_kills = 0;
    let mut runs = 0;
    let started = Instant::now();
    while total_kills < kills_wanted {
        runs += 1;
        assert!(runs < kills_wanted * 20, "too few runs could be killed");
        let which = h.rng.below(OPS.len() as u64) as usize;
        let op = OPS[which];
        let Some(mut cmd) = h.command(op, &state) else {
            continue;
        };
        let killed = match took.get(&which) {
            None => {
                let t = Instant::now();
                let status = cmd.status().unwrap();
                assert!(status.success(), "{op:?} failed when left alone");
                took.insert(which, t.elapsed());
                false
            }
            Some(full) => {
                let micros = full.as_micros() as u64;
                let delay = Duration::from_micros(h.rng.below(micros + micros / 5 + 1));
                kill_after(cmd.spawn().unwrap(), delay)
            }
        };
        if killed {
            total_kills += 1;
            *kills.entry(which).or_default() += 1;
        }
        let after = h.verify();
        h.judge(op, &state, &after, seed);
        state = after;
    }
    let per_op: Vec<String> = kills
        .iter()
        .map(|(i, n)| format!("{:?} {n}", OPS[*i]))
        .collect();
    eprintln!(
        "crash harness: {total_kills} kills in {runs} runs, {:?}, seed {seed}: {}",
        started.elapsed(),
        per_op.join(", ")
    );
    // A last sync and check: whatever the kills left in the team folder,
    // the next sync completes.
    let status = h.cli(&["sync"]).status().unwrap();
    assert!(status.success(), "sync after the kills");
    h.verify();
}

/// The child's side of anonymised and retro publishing.
#[test]
#[ignore = "run by the crash harness in a child process"]
fn worker() {
    let (Ok(root), Ok(op)) = (std::env::var("KT_CRASH_LIB"), std::env::var("KT_CRASH_OP")) else {
        return;
    };
    let lib = Library::open(Path::new(&root)).unwrap();
    let Some(story) = lib
        .list_stories()
        .unwrap()
        .into_iter()
        .find(|s| !s.content.anonymised)
    else {
        return;
    };
    match op.as_str() {
        "publish_anonymised" => drop(lib.publish_anonymised(story.id, &[]).unwrap()),
        "publish_retro" => {
            let retro = lib.create_retro("", Some(story.id)).unwrap();
            drop(lib.publish_retro(retro.id).unwrap());
        }
        other => panic!("unknown operation {other}"),
    }
}
