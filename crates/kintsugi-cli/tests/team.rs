//! `kintsugi team`, `sync`, `conflicts` and `resolve` as a person or a
//! script uses them: the real binary, a bare repository and library
//! folders on disk, git isolated from this machine's configuration. Also a
//! real `kintsugi sync` killed with SIGKILL at several points and at
//! arbitrary moments, then synced again: no story lost, duplicated or
//! half-written, no duplicate commit.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use kintsugi_core::team::file;
use kintsugi_core::{Library, StoryContent};
use serde_json::Value;
use uuid::Uuid;

struct Team {
    dir: tempfile::TempDir,
}

impl Team {
    fn new() -> Team {
        let team = Team {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(team.home()).unwrap();
        std::fs::write(team.home().join("gitconfig"), "").unwrap();
        team.git(
            team.dir.path(),
            &["init", "--bare", "--quiet", "-b", "main", "remote.git"],
        );
        team
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn remote(&self) -> String {
        self.dir
            .path()
            .join("remote.git")
            .to_string_lossy()
            .to_string()
    }

    fn library(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn isolate<'c>(&self, cmd: &'c mut Process) -> &'c mut Process {
        cmd.env("HOME", self.home())
            .env("GIT_CONFIG_GLOBAL", self.home().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .env_remove("KINTSUGI_LIBRARY")
            .env_remove("KINTSUGI_FAILPOINT")
            .env_remove("GIT_AUTHOR_NAME")
            .env_remove("GIT_COMMITTER_NAME")
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let mut cmd = Process::new("git");
        self.isolate(&mut cmd);
        let out = cmd.args(args).current_dir(dir).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    fn kintsugi(&self, name: &str, args: &[&str]) -> assert_cmd::assert::Assert {
        let mut cmd = Command::cargo_bin("kintsugi").unwrap();
        cmd.env("HOME", self.home())
            .env("GIT_CONFIG_GLOBAL", self.home().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .env_remove("KINTSUGI_LIBRARY")
            .env_remove("KINTSUGI_FAILPOINT")
            .arg("--library")
            .arg(self.library(name))
            .args(args);
        cmd.assert()
    }

    fn json(&self, name: &str, args: &[&str]) -> Value {
        let out = self
            .kintsugi(name, args)
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?} printed JSON: {e}"))
    }

    fn connect(&self, name: &str) {
        self.kintsugi(
            name,
            &[
                "team",
                "connect",
                &self.remote(),
                "--name",
                name,
                "--email",
                &format!("{name}@example.com"),
            ],
        )
        .success();
    }

    /// Starts `kintsugi sync` stopping at `failpoint`, waits until it is
    /// there and kills it with SIGKILL.
    fn sync_killed_at(&self, name: &str, failpoint: &str) {
        let mut cmd = Process::new(assert_cmd::cargo::cargo_bin("kintsugi"));
        self.isolate(&mut cmd);
        let mut child = cmd
            .env("KINTSUGI_FAILPOINT", failpoint)
            .arg("--library")
            .arg(self.library(name))
            .arg("sync")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let mut reached = false;
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap();
            if line.contains("failpoint") && line.contains("reached") {
                reached = true;
                break;
            }
        }
        assert!(reached, "sync never reached failpoint {failpoint}");
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
    }

    /// Starts `kintsugi sync` and kills it with SIGKILL after `delay`.
    fn sync_killed_after(&self, name: &str, delay: Duration) {
        let mut cmd = Process::new(assert_cmd::cargo::cargo_bin("kintsugi"));
        self.isolate(&mut cmd);
        let mut child = cmd
            .arg("--library")
            .arg(self.library(name))
            .arg("sync")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
    }

    /// Stories of a library: id → (canonical content, live).
    fn state(&self, name: &str) -> BTreeMap<Uuid, (StoryContent, bool)> {
        let lib = Library::open(&self.library(name)).unwrap();
        let mut out = BTreeMap::new();
        for s in lib.list_stories().unwrap() {
            out.insert(s.id, (file::canonical(&s.content), true));
        }
        for t in lib.list_trash().unwrap() {
            let s = lib.get_story(t.id).unwrap();
            out.insert(s.id, (file::canonical(&s.content), false));
        }
        out
    }

    /// Files of the remote's main.
    fn remote_files(&self) -> BTreeMap<String, String> {
        let remote = PathBuf::from(self.remote());
        self.git(&remote, &["ls-tree", "-r", "--name-only", "main"])
            .lines()
            .map(|p| {
                (
                    p.to_string(),
                    self.git(&remote, &["show", &format!("main:{p}")]),
                )
            })
            .collect()
    }

    /// Writes `count` story files into a folder and imports them into `name`.
    fn import_stories(&self, name: &str, prefix: &str, count: usize) -> Vec<Uuid> {
        let dir = self.dir.path().join(format!("{name}-{prefix}-files"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut ids = Vec::new();
        for i in 0..count {
            let id = Uuid::new_v4();
            ids.push(id);
            std::fs::write(
                dir.join(format!("{i}.md")),
                format!("---\nuuid: {id}\ntitle: {prefix} story {i}\ntags: [{prefix}]\n---\n\nBody of {prefix} story {i}.\n"),
            )
            .unwrap();
        }
        self.kintsugi(name, &["import", dir.to_str().unwrap()])
            .success();
        ids
    }

    /// Edits a story through an exported file and `kintsugi import`.
    fn edit(&self, name: &str, id: Uuid, from: &str, to: &str) {
        let out = self
            .kintsugi(name, &["show", &id.to_string()])
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(from), "{text}");
        let path = self.dir.path().join(format!("{name}-{id}.md"));
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self.kintsugi(name, &["import", path.to_str().unwrap()])
            .success();
    }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[test]
fn connect_sync_conflicts_and_resolve_from_the_command_line() {
    let team = Team::new();
    let ids = team.import_stories("alice", "shared", 3);
    team.connect("alice");
    team.connect("bob");
    let status = team.json("bob", &["team", "status", "--json"]);
    assert_eq!(status["connected"], true);
    assert_eq!(status["remote"], team.remote());
    assert_eq!(status["open_conflicts"], 0);

    team.edit(
        "alice",
        ids[0],
        "title: shared story 0",
        "title: Alice's title",
    );
    team.edit("bob", ids[0], "title: shared story 0", "title: Bob's title");
    team.edit(
        "bob",
        ids[1],
        "Body of shared story 1.",
        "Body of shared story 1, by Bob.",
    );
    let first = team.json("alice", &["sync", "--json"]);
    assert_eq!(
        keys(&first),
        vec!["conflicts", "invalid", "merged", "pulled", "pushed"]
    );
    assert_eq!(first["pushed"], 1);
    // A conflict is a normal outcome: exit 0, listed.
    let report = team.json("bob", &["sync", "--json"]);
    assert_eq!(report["pulled"], 1);
    assert_eq!(report["pushed"], 2);
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["story_id"], ids[0].to_string());
    assert_eq!(conflicts[0]["field"], "title");

    let listed = team.json("bob", &["conflicts", "--json"]);
    let c = &listed.as_array().unwrap()[0];
    assert_eq!(c["story_id"], ids[0].to_string());
    assert_eq!(c["field"], "title");
    assert_eq!(c["mine"], "Bob's title");
    assert_eq!(c["theirs"], "Alice's title");
    let text = team
        .kintsugi("bob", &["conflicts"])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("mine:   Bob's title") && text.contains("theirs: Alice's title"),
        "{text}"
    );

    team.kintsugi("bob", &["resolve", &ids[0].to_string()[..8], "title"])
        .failure()
        .code(2);
    team.kintsugi(
        "bob",
        &["resolve", &ids[0].to_string()[..8], "title", "--mine"],
    )
    .success();
    assert_eq!(
        team.json("bob", &["conflicts", "--json"]),
        serde_json::json!([])
    );
    team.json("bob", &["sync", "--json"]);
    team.json("alice", &["sync", "--json"]);
    assert_eq!(team.state("alice"), team.state("bob"));
    let story = team.json("alice", &["show", &ids[0].to_string(), "--format", "json"]);
    assert_eq!(story["title"], "Bob's title");
    // History names who changed it.
    let history = team.json("alice", &["history", &ids[0].to_string(), "--json"]);
    let authors: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["author"].as_str())
        .collect();
    assert!(
        authors.contains(&"bob") && authors.contains(&"alice"),
        "{history}"
    );

    team.kintsugi("bob", &["team", "disconnect"]).success();
    assert_eq!(
        team.json("bob", &["team", "status", "--json"])["connected"],
        false
    );
    team.kintsugi("bob", &["sync"])
        .failure()
        .stderr(predicates::str::contains("team_not_connected"))
        .stderr(predicates::str::contains("kintsugi team connect"));
}

#[test]
fn a_missing_git_or_an_unreachable_remote_is_a_clear_error() {
    let team = Team::new();
    team.kintsugi("alice", &["stats"]).success();
    let mut cmd = Command::cargo_bin("kintsugi").unwrap();
    cmd.env("HOME", team.home())
        .env("KINTSUGI_GIT", team.dir.path().join("no-git-here"))
        .env_remove("KINTSUGI_LIBRARY")
        .arg("--library")
        .arg(team.library("alice"))
        .args(["team", "connect", &team.remote()]);
    cmd.assert()
        .failure()
        .stderr(predicates::str::contains("git_missing"))
        .stderr(predicates::str::contains("install git"));

    let nowhere = team.dir.path().join("nowhere.git");
    team.kintsugi("alice", &["team", "connect", nowhere.to_str().unwrap()])
        .failure()
        .stderr(predicates::str::contains("team_unreachable"))
        .stderr(predicates::str::contains("nowhere.git"));
    assert_eq!(
        team.json("alice", &["team", "status", "--json"])["connected"],
        false
    );
    // ssh to a host that does not exist: no prompt, a clear error.
    team.kintsugi(
        "alice",
        &["team", "connect", "ssh://kintsugi.invalid/team.git"],
    )
    .failure()
    .stderr(predicates::str::contains("kintsugi.invalid"));
}

/// Alice and Bob both changed stories (so Alice's sync merges); Alice's
/// sync is killed at `point`; then everything must converge.
fn killed_at(point: &str) {
    let team = Team::new();
    let ids = team.import_stories("alice", "base", 3);
    team.connect("alice");
    team.connect("bob");
    team.edit("bob", ids[0], "title: base story 0", "title: Bob's change");
    team.import_stories("bob", "bob", 2);
    team.kintsugi("bob", &["sync"]).success();
    team.edit(
        "alice",
        ids[1],
        "title: base story 1",
        "title: Alice's change",
    );
    team.edit(
        "alice",
        ids[0],
        "Body of base story 0.",
        "Body of base story 0, by Alice.",
    );
    team.import_stories("alice", "alice", 2);

    team.sync_killed_at("alice", point);
    // The lock died with the process; the next sync converges.
    team.kintsugi("alice", &["sync"]).success();
    team.kintsugi("bob", &["sync"]).success();
    team.kintsugi("alice", &["sync"]).success();
    check_converged(&team, 7);
    let story0 = &team.state("bob")[&ids[0]].0;
    assert_eq!(story0.title, "Bob's change");
    assert!(story0.body.contains("by Alice"), "{point}: {}", story0.body);
    // One export commit of Alice's change, one merge: nothing repeated.
    let remote = PathBuf::from(team.remote());
    let mine = team.git(
        &remote,
        &[
            "log",
            "--no-merges",
            "--author=alice",
            "--format=%s",
            "main",
        ],
    );
    assert_eq!(
        mine.lines()
            .filter(|s| s.contains("update 4 stories"))
            .count(),
        1,
        "{point}: {mine}"
    );
    let merges = team.git(
        &remote,
        &["log", "--merges", "--author=alice", "--format=%H", "main"],
    );
    assert!(merges.lines().count() <= 1, "{point}: {merges}");
}

fn check_converged(team: &Team, stories: usize) {
    let (a, b) = (team.state("alice"), team.state("bob"));
    assert_eq!(a, b);
    assert_eq!(a.len(), stories, "no story lost or duplicated");
    let files = team.remote_files();
    let story_files: Vec<(&String, &String)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("stories/"))
        .collect();
    assert_eq!(story_files.len(), stories);
    for (path, text) in story_files {
        let id = file::id_of(path).unwrap();
        let content = file::parse(path, id, text.as_bytes()).unwrap();
        assert_eq!(
            content, a[&id].0,
            "{path} is whole and equal to the libraries"
        );
        assert!(!text.contains("<<<<<<<"));
    }
    for name in ["alice", "bob"] {
        let lib = Library::open(&team.library(name)).unwrap();
        assert!(
            lib.check_library(false).unwrap().ok,
            "{name}'s index matches its database"
        );
        assert_eq!(lib.team_status().unwrap().local_changes, 0);
    }
}

#[test]
fn sync_killed_after_committing_converges() {
    killed_at("committed");
}

#[test]
fn sync_killed_while_fetching_converges() {
    killed_at("fetching");
}

#[test]
fn sync_killed_after_merging_converges() {
    killed_at("merged");
}

#[test]
fn sync_killed_before_and_after_pushing_converges() {
    killed_at("pushing");
    killed_at("pushed");
}

#[test]
fn sync_killed_in_the_middle_of_a_large_import_converges() {
    let team = Team::new();
    team.connect("alice");
    team.connect("bob");
    // More stories than one import batch, so the kill falls between batches.
    team.import_stories("bob", "many", 700);
    team.kintsugi("bob", &["sync"]).success();
    team.sync_killed_at("alice", "importing:1");
    let partial = team.state("alice").len();
    assert!(partial > 0 && partial < 700, "killed part-way: {partial}");
    team.kintsugi("alice", &["sync"]).success();
    check_converged(&team, 700);
}

#[test]
fn sync_killed_at_arbitrary_moments_converges() {
    let team = Team::new();
    let ids = team.import_stories("alice", "base", 3);
    team.connect("alice");
    team.connect("bob");
    let mut count = 3;
    for (round, delay) in [5u64, 20, 45, 80, 130, 200].into_iter().enumerate() {
        team.edit(
            "bob",
            ids[round % 3],
            "title: ",
            &format!("title: Bob {round} "),
        );
        team.import_stories("bob", &format!("b{round}"), 1);
        team.kintsugi("bob", &["sync"]).success();
        team.edit(
            "alice",
            ids[(round + 1) % 3],
            "tags:\n",
            &format!("tags:\n- alice-{round}\n"),
        );
        team.import_stories("alice", &format!("a{round}"), 1);
        count += 2;
        team.sync_killed_after("alice", Duration::from_millis(delay));
    }
    team.kintsugi("alice", &["sync"]).success();
    team.kintsugi("bob", &["sync"]).success();
    team.kintsugi("alice", &["sync"]).success();
    check_converged(&team, count);
}

#[test]
fn refused_access_says_how_to_get_in_and_no_identity_is_needed() {
    let team = Team::new();
    // An ssh that refuses every key, as a server would.
    let ssh = team.dir.path().join("refusing-ssh");
    std::fs::write(
        &ssh,
        "#!/bin/sh\necho 'git@example.com: Permission denied (publickey).' >&2\nexit 255\n",
    )
    .unwrap();
    std::fs::set_permissions(&ssh, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut cmd = Command::cargo_bin("kintsugi").unwrap();
    cmd.env("HOME", team.home())
        .env("GIT_CONFIG_GLOBAL", team.home().join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_SSH_COMMAND", &ssh)
        .env_remove("KINTSUGI_LIBRARY")
        .arg("--library")
        .arg(team.library("alice"))
        .args(["team", "connect", "git@example.com:team/postmortems.git"]);
    cmd.assert()
        .failure()
        .stderr(predicates::str::contains("team_auth"))
        .stderr(predicates::str::contains(
            "git@example.com:team/postmortems.git",
        ))
        .stderr(predicates::str::contains("ssh-add"));

    // No git identity anywhere (the global config is empty): the OS user.
    team.kintsugi("carol", &["team", "connect", &team.remote()])
        .success();
    let status = team.json("carol", &["team", "status", "--json"]);
    let author = status["author"].as_str().unwrap();
    assert!(author.contains('<') && author.contains('@'), "{author}");
    let text = team
        .kintsugi("carol", &["team", "status"])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("remote:") && text.contains("open conflicts:  0"),
        "{text}"
    );
}
