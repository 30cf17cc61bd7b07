//! Driving the `git` command line for the team library.
//!
//! The library keeps a bare repository (`team.git/` in the library folder)
//! with no work tree: commits are built with plumbing (`hash-object`,
//! `ls-tree` and `mktree` for the directories that change, `commit-tree`,
//! `update-ref` with the expected old value), so no file a person could
//! open is ever half-written, no index can be left locked, and no checkout
//! can conflict.
//! Network work (`fetch`, `push`) goes through the user's git, which brings
//! their ssh config, agent and credential helpers.
//!
//! Invariants:
//! - Nothing prompts: `GIT_TERMINAL_PROMPT=0`, `GIT_ASKPASS=true`, ssh in
//!   `BatchMode` (unless the user configured their own ssh command), no
//!   hooks, no automatic gc. Every command has a deadline, so a dead network
//!   cannot hang a sync.
//! - Never a force push, never a rebase: pushes are fast-forward only and a
//!   rejection is reported as [`PushOutcome::Rejected`] for the caller to
//!   merge and retry.
//! - No git identity is needed: every commit carries the author it is given.
//! - Messages are parsed in the C locale; failures reaching the remote are
//!   [`Error::TeamUnreachable`] or [`Error::TeamAuth`], naming the remote.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};

mod history;
mod objects;
mod remote;

/// A git object id (hex).
pub type Oid = String;

/// The local branch the library commits to.
pub const MAIN: &str = "refs/heads/main";
/// Where the team's `main` is fetched to.
pub const REMOTE_MAIN: &str = "refs/remotes/origin/main";
/// Deadline of a network command.
const NETWORK_DEADLINE: Duration = Duration::from_secs(600);
/// Deadline of a local command.
const LOCAL_DEADLINE: Duration = Duration::from_secs(300);
/// Objects read or written per git process.
const BATCH: usize = 2000;
/// Largest object read into memory, in bytes (files Kintsugi reads are
/// smaller still; see [`crate::team::file::MAX_FILE_BYTES`]).
pub const MAX_BLOB: u64 = 8 * 1024 * 1024;

/// An object as read from the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blob {
    /// Its content.
    Bytes(Vec<u8>),
    /// Larger than [`MAX_BLOB`] (its size): not read.
    TooLarge(u64),
    /// Not in the repository.
    Missing,
}

impl Blob {
    /// The content, or an error naming `path` when it cannot be read.
    pub fn bytes(self, path: &str) -> Result<Vec<u8>> {
        match self {
            Blob::Bytes(b) => Ok(b),
            Blob::TooLarge(n) => Err(Error::parse(
                path,
                format!("file is {n} bytes, too large to read"),
            )),
            Blob::Missing => Err(Error::parse(
                path,
                "the file's content is missing from the repository",
            )),
        }
    }
}

/// Who made a commit, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Time.
    pub at: DateTime<Utc>,
}

/// A file that differs between two commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Path in the repository.
    pub path: String,
    /// Its blob before (None when added).
    pub old: Option<Oid>,
    /// Its blob after (None when deleted).
    pub new: Option<Oid>,
    /// Its mode after (`100644`, `100755`, `120000`, `160000`).
    pub new_mode: Option<String>,
}

impl Change {
    /// The file as it is after the change (None when deleted).
    pub fn after(&self) -> Option<TreeEntry> {
        self.new.as_ref().map(|oid| TreeEntry {
            mode: self.new_mode.clone().unwrap_or_else(|| "100644".into()),
            oid: oid.clone(),
        })
    }
}

/// A file in a tree: its mode and object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    /// `100644` for the files Kintsugi writes; others are kept as found.
    pub mode: String,
    /// The blob (or, for mode `160000`, a commit).
    pub oid: Oid,
}

impl TreeEntry {
    /// A plain file with blob `oid`.
    pub fn file(oid: Oid) -> TreeEntry {
        TreeEntry {
            mode: "100644".into(),
            oid,
        }
    }
}

/// One commit of `git log`, with the paths it touched.
#[derive(Debug, Clone)]
pub struct LoggedCommit {
    /// Commit id.
    pub oid: Oid,
    /// Author.
    pub author: Signature,
    /// Paths changed relative to its parent.
    pub paths: Vec<String>,
}

/// What a push did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    /// The team's `main` now is ours.
    Pushed,
    /// It already was.
    UpToDate,
    /// The team's `main` has commits we have not merged: fetch, merge, retry.
    Rejected,
}

/// The bare repository of one library and the remote it syncs with.
pub struct Git {
    dir: PathBuf,
    remote: String,
    program: OsString,
    ssh_command: Option<Option<String>>,
}

impl Git {
    /// Handle on the repository at `dir` (see [`Git::init`]) syncing with `remote`.
    pub fn new(dir: &Path, remote: &str) -> Git {
        Git {
            dir: dir.to_path_buf(),
            remote: remote.to_string(),
            program: std::env::var_os("KINTSUGI_GIT")
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "git".into()),
            ssh_command: None,
        }
    }

    /// The remote, as configured.
    pub fn remote(&self) -> &str {
        &self.remote
    }

    /// Creates the bare repository if it does not exist yet.
    pub fn init(&mut self) -> Result<()> {
        if self.dir.join("HEAD").is_file() {
            return Ok(());
        }
        let dir = self.dir.to_string_lossy().to_string();
        let out = self.raw(
            &[
                "-c",
                "init.defaultBranch=main",
                "init",
                "--bare",
                "--quiet",
                &dir,
            ],
            None,
            None,
            LOCAL_DEADLINE,
            false,
        )?;
        check("init", out)?;
        Ok(())
    }

    /// Removes lock files a killed git left behind. Only called while this
    /// library's sync lock is held, so no live git of ours owns them.
    pub fn clear_stale_locks(&self) -> Result<()> {
        let mut stack = vec![self.dir.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name();
                if path.is_dir() {
                    if name != "objects" {
                        stack.push(path);
                    }
                } else if name.to_string_lossy().ends_with(".lock") {
                    std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
                }
            }
        }
        let scratch = self.dir.join("kintsugi-scratch");
        if scratch.exists() {
            std::fs::remove_dir_all(&scratch).map_err(|e| Error::io(&scratch, e))?;
        }
        Ok(())
    }

    /// Packs loose objects when git thinks there are enough to matter
    /// (`gc --auto`), in the foreground, so it never runs behind the sync
    /// lock. Automatic gc is otherwise off for every command.
    pub fn maintain(&self) -> Result<()> {
        check(
            "gc",
            self.local(
                &[
                    "-c",
                    "gc.auto=6700",
                    "-c",
                    "gc.autoDetach=false",
                    "gc",
                    "--auto",
                    "--quiet",
                ],
                None,
            )?,
        )?;
        Ok(())
    }

    /// A value of the user's git configuration.
    pub fn config(&self, key: &str) -> Result<Option<String>> {
        let out = self.local(&["config", "--get", key], None)?;
        Ok(out
            .ok
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty()))
    }

    pub(super) fn local(&self, args: &[&str], input: Option<&[u8]>) -> Result<Output> {
        self.run_env(args, input, &[])
    }

    pub(super) fn run_env(
        &self,
        args: &[&str],
        input: Option<&[u8]>,
        env: &[(&str, OsString)],
    ) -> Result<Output> {
        let dir = format!("--git-dir={}", self.dir.display());
        let mut all = vec![dir.as_str()];
        all.extend_from_slice(args);
        self.raw(&all, input, Some(env), LOCAL_DEADLINE, false)
    }

    /// Runs git with the fixed configuration of the module docs.
    pub(super) fn raw(
        &self,
        args: &[&str],
        input: Option<&[u8]>,
        env: Option<&[(&str, OsString)]>,
        deadline: Duration,
        network: bool,
    ) -> Result<Output> {
        let hooks = format!(
            "core.hooksPath={}",
            self.dir.join("kintsugi-no-hooks").display()
        );
        let mut cmd = Command::new(&self.program);
        cmd.args([
            "-c",
            "core.autocrlf=false",
            "-c",
            "core.safecrlf=false",
            "-c",
            "core.quotepath=false",
            "-c",
            "gc.auto=0",
            "-c",
            "maintenance.auto=false",
            "-c",
            "fetch.writeCommitGraph=false",
            "-c",
            "credential.interactive=false",
            "-c",
            &hooks,
        ]);
        cmd.args(args);
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_NAMESPACE",
            "GIT_PREFIX",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_ASKPASS", "true")
            .env("SSH_ASKPASS_REQUIRE", "never")
            .env("LC_ALL", "C")
            .env("LANGUAGE", "C")
            .env("GIT_COMMITTER_NAME", "Kintsugi")
            .env("GIT_COMMITTER_EMAIL", "kintsugi@localhost");
        for (k, v) in env.unwrap_or_default() {
            cmd.env(k, v);
        }
        cmd.stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| Error::GitMissing {
            detail: format!("{}: {e}", self.program.to_string_lossy()),
        })?;
        let writer = match (input, child.stdin.take()) {
            (Some(bytes), Some(mut stdin)) => {
                let bytes = bytes.to_vec();
                Some(std::thread::spawn(move || {
                    let _ = stdin.write_all(&bytes);
                }))
            }
            _ => None,
        };
        let read = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(mut p) = pipe {
                    let _ = p.read_to_end(&mut buf);
                }
                buf
            })
        };
        let stdout = read(
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let stderr = read(
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let started = Instant::now();
        let status = loop {
            match child.try_wait().map_err(|e| Error::io(&self.dir, e))? {
                Some(status) => break Some(status),
                None if started.elapsed() > deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
                None => std::thread::sleep(Duration::from_millis(2)),
            }
        };
        if let Some(w) = writer {
            let _ = w.join();
        }
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();
        let Some(status) = status else {
            let what = args
                .iter()
                .find(|a| !a.starts_with('-'))
                .copied()
                .unwrap_or("git");
            let message = format!("no answer after {} seconds", deadline.as_secs());
            return Err(if network {
                Error::TeamUnreachable {
                    remote: self.remote.clone(),
                    detail: message,
                }
            } else {
                Error::Git {
                    command: what.to_string(),
                    detail: message,
                }
            });
        };
        Ok(Output {
            ok: status.success(),
            code: status.code(),
            stdout,
            stderr,
        })
    }
}

/// The result of one git process.
pub struct Output {
    ok: bool,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Output {
    fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).to_string()
    }
}

fn check(command: &str, out: Output) -> Result<Vec<u8>> {
    if out.ok {
        Ok(out.stdout)
    } else {
        Err(git_error(command, &out))
    }
}

fn git_error(command: &str, out: &Output) -> Error {
    Error::Git {
        command: command.to_string(),
        detail: last_lines(&out.stderr_text()),
    }
}

/// The meaningful end of git's error output, on one line.
fn last_lines(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    let start = lines.len().saturating_sub(3);
    lines[start..].join(" ")
}
