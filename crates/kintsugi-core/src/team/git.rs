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

use chrono::{DateTime, TimeZone, Utc};

use crate::error::{Error, Result};

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

    /// The commit a ref names, if it exists.
    pub fn rev(&self, name: &str) -> Result<Option<Oid>> {
        let spec = format!("{name}^{{commit}}");
        let out = self.local(&["rev-parse", "--verify", "--quiet", &spec], None)?;
        Ok(out
            .ok
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty()))
    }

    /// Fetches the team's `main` into [`REMOTE_MAIN`]; `None` when the
    /// remote has no `main` yet (an empty repository).
    pub fn fetch(&mut self) -> Result<Option<Oid>> {
        let out = self.network(&[
            "fetch",
            "--no-tags",
            "--no-write-fetch-head",
            "--quiet",
            &self.remote.clone(),
            &format!("+refs/heads/main:{REMOTE_MAIN}"),
        ])?;
        if out.ok {
            return self.rev(REMOTE_MAIN);
        }
        if out.stderr_text().contains("couldn't find remote ref") {
            // Reachable (or it would have said so) but without `main`;
            // make sure, since an empty answer is the one case we accept.
            let listed = self.network(&["ls-remote", "--heads", &self.remote.clone()])?;
            if listed.ok && !String::from_utf8_lossy(&listed.stdout).contains(MAIN) {
                return Ok(None);
            }
            return Err(self.remote_error(&listed));
        }
        Err(self.remote_error(&out))
    }

    /// Pushes the local `main` to the team's `main`, fast-forward only.
    pub fn push(&mut self) -> Result<PushOutcome> {
        let out = self.network(&[
            "push",
            "--porcelain",
            "--no-verify",
            &self.remote.clone(),
            &format!("{MAIN}:refs/heads/main"),
        ])?;
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let line = stdout
            .lines()
            .find(|l| l.contains("refs/heads/main") && l.contains('\t'));
        let Some(line) = line else {
            return Err(self.remote_error(&out));
        };
        let summary = line.rsplit('\t').next().unwrap_or_default().to_string();
        match line.chars().next() {
            Some('=') => Ok(PushOutcome::UpToDate),
            Some(' ' | '*') if out.ok => {
                if let Some(main) = self.rev(MAIN)? {
                    self.set_ref(REMOTE_MAIN, &main)?;
                }
                Ok(PushOutcome::Pushed)
            }
            Some('!') if summary.contains("[rejected]") => Ok(PushOutcome::Rejected),
            Some('!') if summary.contains("remote rejected") => Err(Error::TeamPushRefused {
                remote: self.remote.clone(),
                detail: format!("{summary} {}", last_lines(&out.stderr_text()))
                    .trim()
                    .to_string(),
            }),
            _ => Err(self.remote_error(&out)),
        }
    }

    /// The best common ancestor of two commits, if they have one.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<Option<Oid>> {
        let out = self.local(&["merge-base", a, b], None)?;
        Ok(out
            .ok
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty()))
    }

    /// Whether commit `a` is an ancestor of (or equal to) `b`.
    pub fn is_ancestor(&self, a: &str, b: &str) -> Result<bool> {
        let out = self.local(&["merge-base", "--is-ancestor", a, b], None)?;
        match out.code {
            Some(0) => Ok(true),
            Some(1) => Ok(false),
            _ => Err(git_error("merge-base", &out)),
        }
    }

    /// (commits only in `a`, commits only in `b`).
    pub fn ahead_behind(&self, a: &str, b: &str) -> Result<(usize, usize)> {
        let range = format!("{a}...{b}");
        let out = check(
            "rev-list",
            self.local(&["rev-list", "--left-right", "--count", &range], None)?,
        )?;
        let text = String::from_utf8_lossy(&out);
        let mut counts = text.split_whitespace().map(|n| n.parse().unwrap_or(0));
        Ok((counts.next().unwrap_or(0), counts.next().unwrap_or(0)))
    }

    /// How many commits `commit` has in its history.
    pub fn count(&self, commit: &str) -> Result<usize> {
        let out = check(
            "rev-list",
            self.local(&["rev-list", "--count", commit], None)?,
        )?;
        Ok(String::from_utf8_lossy(&out).trim().parse().unwrap_or(0))
    }

    /// Files that differ from commit `from` (None: the empty tree) to `to`.
    pub fn changes(&self, from: Option<&str>, to: &str) -> Result<Vec<Change>> {
        let from = match from {
            Some(f) => f.to_string(),
            None => self.empty_tree()?,
        };
        let out = check(
            "diff-tree",
            self.local(&["diff-tree", "-r", "-z", "--no-renames", &from, to], None)?,
        )?;
        let mut changes = Vec::new();
        let mut fields = out.split(|b| *b == 0).filter(|f| !f.is_empty());
        while let Some(meta) = fields.next() {
            let meta = String::from_utf8_lossy(meta);
            let Some(path) = fields.next() else { break };
            let parts: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
            let oid = |s: Option<&&str>| {
                s.map(|s| s.to_string())
                    .filter(|s| !s.chars().all(|c| c == '0'))
            };
            let new = oid(parts.get(3));
            changes.push(Change {
                path: String::from_utf8_lossy(path).to_string(),
                old: oid(parts.get(2)),
                new_mode: new.as_ref().and(parts.get(1)).map(|m| m.to_string()),
                new,
            });
        }
        Ok(changes)
    }

    /// Every file of commit `commit` with its blob.
    pub fn files(&self, commit: &str) -> Result<Vec<(String, Oid)>> {
        Ok(self
            .changes(None, commit)?
            .into_iter()
            .filter_map(|c| c.new.map(|oid| (c.path, oid)))
            .collect())
    }

    /// The blob at `path` in `commit`, if there is one.
    pub fn blob_at(&self, commit: &str, path: &str) -> Result<Option<Oid>> {
        let spec = format!("{commit}:{path}");
        let out = self.local(&["rev-parse", "--verify", "--quiet", &spec], None)?;
        Ok(out
            .ok
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty()))
    }

    /// The content of blobs, in order (`None` for a missing object).
    pub fn read_blobs(&self, oids: &[Oid]) -> Result<Vec<Option<Vec<u8>>>> {
        let mut out = Vec::with_capacity(oids.len());
        for chunk in oids.chunks(BATCH) {
            let input: String = chunk.iter().map(|o| format!("{o}\n")).collect();
            let raw = check(
                "cat-file",
                self.local(&["cat-file", "--batch"], Some(input.as_bytes()))?,
            )?;
            let mut rest = &raw[..];
            for _ in chunk {
                let Some(nl) = rest.iter().position(|b| *b == b'\n') else {
                    return Err(Error::Git {
                        command: "cat-file".into(),
                        detail: "output ended early".into(),
                    });
                };
                let header = String::from_utf8_lossy(&rest[..nl]).to_string();
                rest = &rest[nl + 1..];
                if header.ends_with(" missing") {
                    out.push(None);
                    continue;
                }
                let size: usize = header
                    .rsplit(' ')
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| Error::Git {
                        command: "cat-file".into(),
                        detail: format!("unexpected header `{header}`"),
                    })?;
                if rest.len() < size + 1 {
                    return Err(Error::Git {
                        command: "cat-file".into(),
                        detail: "output ended early".into(),
                    });
                }
                out.push(Some(rest[..size].to_vec()));
                rest = &rest[size + 1..];
            }
        }
        Ok(out)
    }

    /// Writes blobs into the repository; returns their ids in order.
    pub fn write_blobs(&self, blobs: &[&[u8]]) -> Result<Vec<Oid>> {
        let scratch = self.dir.join("kintsugi-scratch");
        let mut oids = Vec::with_capacity(blobs.len());
        for chunk in blobs.chunks(BATCH) {
            std::fs::create_dir_all(&scratch).map_err(|e| Error::io(&scratch, e))?;
            let mut list = String::new();
            for (i, blob) in chunk.iter().enumerate() {
                let path = scratch.join(i.to_string());
                std::fs::write(&path, blob).map_err(|e| Error::io(&path, e))?;
                list.push_str(&path.to_string_lossy());
                list.push('\n');
            }
            let out = check(
                "hash-object",
                self.local(
                    &["hash-object", "-w", "--no-filters", "--stdin-paths"],
                    Some(list.as_bytes()),
                )?,
            )?;
            oids.extend(
                String::from_utf8_lossy(&out)
                    .lines()
                    .map(|l| l.trim().to_string()),
            );
            std::fs::remove_dir_all(&scratch).map_err(|e| Error::io(&scratch, e))?;
        }
        if oids.len() != blobs.len() {
            return Err(Error::Git {
                command: "hash-object".into(),
                detail: format!("wrote {} of {} objects", oids.len(), blobs.len()),
            });
        }
        Ok(oids)
    }

    /// The tree of commit `base` (None: empty) with `changes` applied: a
    /// blob at a path, or `None` to remove the path. Only the directories
    /// on the changed paths are rewritten (`ls-tree` + `mktree` per
    /// directory), so one changed story costs the same in a library of ten
    /// stories or ten thousand; modes of untouched entries are kept.
    pub fn tree_with(
        &self,
        base: Option<&str>,
        changes: &[(String, Option<TreeEntry>)],
    ) -> Result<Oid> {
        let root = match base {
            Some(commit) => Some(self.tree_of(commit)?),
            None => None,
        };
        let changes: Vec<(Vec<&str>, Option<&TreeEntry>)> = changes
            .iter()
            .map(|(path, entry)| (path.split('/').collect(), entry.as_ref()))
            .collect();
        let refs: Vec<PathChange<'_>> = changes.iter().map(|(p, e)| (p.as_slice(), *e)).collect();
        Ok(self
            .subtree_with(root.as_deref(), &refs)?
            .unwrap_or(self.empty_tree()?))
    }

    /// `tree` (None: empty) with `changes` (paths relative to it) applied;
    /// `None` when the result is empty.
    fn subtree_with(&self, tree: Option<&str>, changes: &[PathChange<'_>]) -> Result<Option<Oid>> {
        // name → (mode, type, oid)
        let mut entries: std::collections::BTreeMap<String, (String, String, String)> =
            std::collections::BTreeMap::new();
        if let Some(tree) = tree {
            let out = check("ls-tree", self.local(&["ls-tree", "-z", tree], None)?)?;
            for record in out.split(|b| *b == 0).filter(|r| !r.is_empty()) {
                let record = String::from_utf8_lossy(record);
                let Some((meta, name)) = record.split_once('\t') else {
                    continue;
                };
                let mut meta = meta.split(' ');
                let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next())
                else {
                    continue;
                };
                entries.insert(name.to_string(), (mode.into(), kind.into(), oid.into()));
            }
        }
        let mut nested: std::collections::BTreeMap<&str, Vec<PathChange<'_>>> =
            std::collections::BTreeMap::new();
        for (path, oid) in changes {
            match path {
                [] => {}
                [name] => match oid {
                    Some(entry) => {
                        let kind = if entry.mode == "160000" {
                            "commit"
                        } else {
                            "blob"
                        };
                        entries.insert(
                            name.to_string(),
                            (entry.mode.clone(), kind.into(), entry.oid.clone()),
                        );
                    }
                    None => {
                        entries.remove(*name);
                    }
                },
                [dir, rest @ ..] => nested.entry(dir).or_default().push((rest, *oid)),
            }
        }
        for (dir, changes) in nested {
            let current = entries
                .get(dir)
                .filter(|(_, kind, _)| kind == "tree")
                .map(|(_, _, oid)| oid.clone());
            match self.subtree_with(current.as_deref(), &changes)? {
                Some(oid) => {
                    entries.insert(dir.to_string(), ("040000".into(), "tree".into(), oid));
                }
                None => {
                    entries.remove(dir);
                }
            }
        }
        if entries.is_empty() {
            return Ok(None);
        }
        let mut input = Vec::new();
        for (name, (mode, kind, oid)) in &entries {
            input.extend_from_slice(format!("{mode} {kind} {oid}\t{name}").as_bytes());
            input.push(0);
        }
        // Every entry is known to exist (listed by ls-tree or just written):
        // skip mktree's per-entry lookup, which dominates in a large folder.
        let out = check(
            "mktree",
            self.local(&["mktree", "-z", "--missing"], Some(&input))?,
        )?;
        Ok(Some(String::from_utf8_lossy(&out).trim().to_string()))
    }

    /// The tree of a commit.
    pub fn tree_of(&self, commit: &str) -> Result<Oid> {
        let spec = format!("{commit}^{{tree}}");
        let out = check("rev-parse", self.local(&["rev-parse", &spec], None)?)?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// Creates a commit (author and committer `by`).
    pub fn commit(
        &self,
        tree: &str,
        parents: &[&str],
        by: &Signature,
        message: &str,
    ) -> Result<Oid> {
        let mut args = vec!["commit-tree".to_string(), tree.to_string()];
        for p in parents {
            args.push("-p".into());
            args.push(p.to_string());
        }
        args.push("-F".into());
        args.push("-".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let date = format!("{} +0000", by.at.timestamp());
        let env: Vec<(&str, OsString)> = vec![
            ("GIT_AUTHOR_NAME", by.name.clone().into()),
            ("GIT_AUTHOR_EMAIL", by.email.clone().into()),
            ("GIT_AUTHOR_DATE", date.clone().into()),
            ("GIT_COMMITTER_NAME", by.name.clone().into()),
            ("GIT_COMMITTER_EMAIL", by.email.clone().into()),
            ("GIT_COMMITTER_DATE", date.into()),
        ];
        let out = check(
            "commit-tree",
            self.run_env(&args, Some(message.as_bytes()), &env)?,
        )?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// Moves `main` from `old` (None: it must not exist) to `new`; fails if
    /// it moved meanwhile.
    pub fn move_main(&self, new: &str, old: Option<&str>) -> Result<()> {
        let old = old.unwrap_or("");
        check(
            "update-ref",
            self.local(&["update-ref", "-m", "kintsugi sync", MAIN, new, old], None)?,
        )?;
        Ok(())
    }

    fn set_ref(&self, name: &str, new: &str) -> Result<()> {
        check("update-ref", self.local(&["update-ref", name, new], None)?)?;
        Ok(())
    }

    /// Non-merge commits of `include` but none of `exclude`, newest first,
    /// with the paths each touched (at most `limit` commits). No pathspec:
    /// limiting by path makes git simplify history, which costs more than
    /// listing every path.
    pub fn log(&self, include: &str, exclude: &[&str], limit: usize) -> Result<Vec<LoggedCommit>> {
        let mut args = vec![
            "log".to_string(),
            "--no-merges".into(),
            format!("--max-count={limit}"),
            "--format=%x1e%H%x1f%an%x1f%ae%x1f%at".into(),
            "--name-only".into(),
            include.to_string(),
        ];
        args.extend(exclude.iter().map(|e| format!("^{e}")));
        args.push("--".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = check("log", self.local(&args, None)?)?;
        let text = String::from_utf8_lossy(&out);
        let mut commits = Vec::new();
        for record in text.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
            let mut lines = record.lines();
            let header = lines.next().unwrap_or_default();
            let f: Vec<&str> = header.split('\u{1f}').collect();
            if f.len() < 4 {
                continue;
            }
            let at = f[3]
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|s| Utc.timestamp_opt(s, 0).single())
                .unwrap_or_default();
            commits.push(LoggedCommit {
                oid: f[0].to_string(),
                author: Signature {
                    name: f[1].to_string(),
                    email: f[2].to_string(),
                    at,
                },
                paths: lines
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
        Ok(commits)
    }

    /// The author of a commit.
    pub fn author_of(&self, commit: &str) -> Result<Signature> {
        let out = check(
            "log",
            self.local(&["log", "-1", "--format=%an%x1f%ae%x1f%at", commit], None)?,
        )?;
        let text = String::from_utf8_lossy(&out);
        let f: Vec<&str> = text.trim().split('\u{1f}').collect();
        Ok(Signature {
            name: f.first().copied().unwrap_or_default().to_string(),
            email: f.get(1).copied().unwrap_or_default().to_string(),
            at: f
                .get(2)
                .and_then(|s| s.parse::<i64>().ok())
                .and_then(|s| Utc.timestamp_opt(s, 0).single())
                .unwrap_or_default(),
        })
    }

    /// A value of the user's git configuration.
    pub fn config(&self, key: &str) -> Result<Option<String>> {
        let out = self.local(&["config", "--get", key], None)?;
        Ok(out
            .ok
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty()))
    }

    fn empty_tree(&self) -> Result<Oid> {
        let out = check("mktree", self.local(&["mktree"], Some(b""))?)?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    fn local(&self, args: &[&str], input: Option<&[u8]>) -> Result<Output> {
        self.run_env(args, input, &[])
    }

    fn run_env(
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

    fn network(&mut self, args: &[&str]) -> Result<Output> {
        if self.ssh_command.is_none() {
            let own = std::env::var_os("GIT_SSH_COMMAND").is_some()
                || std::env::var_os("GIT_SSH").is_some()
                || self.config("core.sshCommand")?.is_some();
            self.ssh_command =
                Some((!own).then(|| "ssh -o BatchMode=yes -o ConnectTimeout=30".to_string()));
        }
        let env: Vec<(&str, OsString)> = match self.ssh_command.clone().flatten() {
            Some(ssh) => vec![("GIT_SSH_COMMAND", ssh.into())],
            None => Vec::new(),
        };
        let dir = format!("--git-dir={}", self.dir.display());
        let mut all = vec![dir.as_str()];
        all.extend_from_slice(args);
        self.raw(&all, None, Some(&env), NETWORK_DEADLINE, true)
    }

    /// Runs git with the fixed configuration of the module docs.
    fn raw(
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

    fn remote_error(&self, out: &Output) -> Error {
        let text = out.stderr_text();
        let detail = last_lines(&text);
        let lower = text.to_lowercase();
        let auth = [
            "authentication failed",
            "permission denied",
            "could not read username",
            "could not read password",
            "terminal prompts disabled",
            "host key verification failed",
            "access denied",
            "http basic",
            "returned error: 403",
            "returned error: 401",
        ];
        if auth.iter().any(|a| lower.contains(a)) {
            return Error::TeamAuth {
                remote: self.remote.clone(),
                detail,
            };
        }
        Error::TeamUnreachable {
            remote: self.remote.clone(),
            detail,
        }
    }
}

/// A path (split in components) and what it should hold (None: removed).
type PathChange<'a> = (&'a [&'a str], Option<&'a TreeEntry>);

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
