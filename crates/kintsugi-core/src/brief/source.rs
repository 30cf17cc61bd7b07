//! Reading the changes to brief: a revision range, the staged changes or
//! the working tree of a git repository (through the `git` command), or a
//! diff file or standard input.
//!
//! Invariants:
//! - git runs with prompts and pagers off (`GIT_TERMINAL_PROMPT=0`), no
//!   colour, no external diff or textconv drivers, fixed `a/`/`b/`
//!   prefixes, `-U3 --find-renames`, whatever the user's configuration.
//! - Output is read up to [`MAX_DIFF_BYTES`] and git is stopped after
//!   [`GIT_TIMEOUT`]; nothing waits forever.
//! - A missing git, a folder that is not a repository and an unknown
//!   revision are [`Error::Git`]s that name the folder or the range.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::diff::{Commit, MAX_DIFF_BYTES};
use super::rules::ReferenceProbe;
use crate::error::{Error, Result};

/// Longest a git command may run.
pub const GIT_TIMEOUT: Duration = Duration::from_secs(60);
/// Most commits read from a range (for fingerprints).
const MAX_COMMITS: usize = 500;

/// Which changes of a repository to brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitChanges {
    /// A revision range as `git diff` takes it: `main..HEAD`, `A...B`, or
    /// one revision (compared with the working tree).
    Range(String),
    /// What is staged for the next commit.
    Staged,
    /// Staged and unstaged changes to tracked files, against `HEAD`.
    WorkingTree,
}

/// A repository and which of its changes to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSource {
    /// A folder inside the repository.
    pub repo: PathBuf,
    /// Which changes.
    pub changes: GitChanges,
}

/// What `git` printed.
struct Output {
    stdout: Vec<u8>,
    stderr: String,
    success: bool,
}

/// Runs git in `repo` with `args`; `Err` only when git could not run at all.
fn git(repo: &Path, args: &[&str], limit: usize) -> Result<Output> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["-c", "core.quotepath=false", "--no-pager"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::GitMissing {
                detail: "the `git` command was not found; install git, or pass the diff with --diff FILE".into(),
            },
            _ => git_error(format!("could not run git in {}: {e}", repo.display())),
        })?;
    let (Some(mut stdout), Some(mut stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(git_error("git's output could not be read"));
    };
    let (tx, rx) = mpsc::channel();
    let out_tx = tx.clone();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let read = (&mut stdout).take(limit as u64 + 1).read_to_end(&mut buf);
        // Keep draining so git never blocks on a full pipe after the limit.
        let _ = std::io::copy(&mut stdout, &mut std::io::sink());
        let _ = out_tx.send((true, buf, read.is_ok()));
    });
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut buf);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        let _ = tx.send((false, buf, true));
    });
    let mut stdout_bytes = None;
    let mut stderr_bytes = Vec::new();
    let deadline = std::time::Instant::now() + GIT_TIMEOUT;
    for _ in 0..2 {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok((true, buf, _)) => stdout_bytes = Some(buf),
            Ok((false, buf, _)) => stderr_bytes = buf,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(git_error(format!(
                    "git {} in {} did not finish within {} s",
                    args.join(" "),
                    repo.display(),
                    GIT_TIMEOUT.as_secs()
                )));
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| git_error(format!("git in {}: {e}", repo.display())))?;
    Ok(Output {
        stdout: stdout_bytes.unwrap_or_default(),
        stderr: String::from_utf8_lossy(&stderr_bytes).trim().to_string(),
        success: status.success(),
    })
}

/// The first line of git's complaint, without the `fatal: ` prefix.
fn complaint(stderr: &str) -> String {
    stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("git failed")
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ")
        .to_string()
}

/// Checks that `repo` is (inside) a git work tree.
fn check_repository(repo: &Path) -> Result<()> {
    if !repo.is_dir() {
        return Err(git_error(format!("{} is not a folder", repo.display())));
    }
    let out = git(repo, &["rev-parse", "--is-inside-work-tree"], 4096)?;
    if !out.success || String::from_utf8_lossy(&out.stdout).trim() != "true" {
        return Err(git_error(format!(
            "{} is not a git repository (or inside one)",
            repo.display()
        )));
    }
    Ok(())
}

fn has_head(repo: &Path) -> Result<bool> {
    Ok(git(repo, &["rev-parse", "--verify", "--quiet", "HEAD"], 4096)?.success)
}

/// A name for the input in messages: `git diff main..HEAD in /repo`.
pub fn describe(source: &GitSource) -> String {
    let what = match &source.changes {
        GitChanges::Range(r) => r.clone(),
        GitChanges::Staged => "--staged".into(),
        GitChanges::WorkingTree => "the working tree".into(),
    };
    format!("git diff {what} in {}", source.repo.display())
}

/// Reads the diff of `source`, with notes for the reader.
pub fn read(source: &GitSource) -> Result<(Vec<u8>, Vec<String>)> {
    let repo = &source.repo;
    check_repository(repo)?;
    let mut notes = Vec::new();
    let mut args = vec![
        "diff",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "-U3",
        "--find-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
    ];
    match &source.changes {
        GitChanges::Range(range) => {
            let range = range.trim();
            if range.is_empty() || range.starts_with('-') || range.chars().any(char::is_whitespace)
            {
                return Err(git_error(format!(
                    "`{range}` is not a revision range (try `main..HEAD`)"
                )));
            }
            args.push(range);
        }
        GitChanges::Staged => args.push("--cached"),
        GitChanges::WorkingTree => {
            if has_head(repo)? {
                args.push("HEAD");
            } else {
                notes.push(format!(
                    "{} has no commits yet: briefing the staged changes",
                    repo.display()
                ));
                args.push("--cached");
            }
            let untracked = git(
                repo,
                &["ls-files", "--others", "--exclude-standard", "-z"],
                1 << 20,
            )?;
            let count = untracked
                .stdout
                .split(|b| *b == 0)
                .filter(|p| !p.is_empty())
                .count();
            if count > 0 {
                notes.push(format!("{count} untracked file(s) are not in the briefing (`git add` them to include them)"));
            }
        }
    }
    args.push("--");
    let out = git(repo, &args, MAX_DIFF_BYTES)?;
    if !out.success {
        let message = match &source.changes {
            GitChanges::Range(range) => format!(
                "bad revision range `{range}` in {}: {}",
                repo.display(),
                complaint(&out.stderr)
            ),
            _ => format!(
                "git diff failed in {}: {}",
                repo.display(),
                complaint(&out.stderr)
            ),
        };
        return Err(git_error(message));
    }
    if out.stdout.len() > MAX_DIFF_BYTES {
        return Err(Error::Diff {
            input: describe(source),
            message: format!(
                "the diff is larger than the {} MiB a briefing reads; brief a smaller range",
                MAX_DIFF_BYTES / (1024 * 1024)
            ),
        });
    }
    Ok((out.stdout, notes))
}

/// The commits of a range (ids and messages), for fingerprints; empty for
/// staged and working-tree changes or when git cannot list them.
pub fn commits(source: &GitSource) -> Vec<Commit> {
    let GitChanges::Range(range) = &source.changes else {
        return Vec::new();
    };
    if !range.contains("..") {
        return Vec::new();
    }
    let max = format!("--max-count={MAX_COMMITS}");
    let Ok(out) = git(
        &source.repo,
        &[
            "log",
            "--no-color",
            &max,
            "--format=%H%x00%B%x1e",
            range,
            "--",
        ],
        4 << 20,
    ) else {
        return Vec::new();
    };
    if !out.success {
        return Vec::new();
    }
    String::from_utf8_lossy(&out.stdout)
        .split('\u{1e}')
        .filter_map(|record| {
            let (id, message) = record.trim().split_once('\0')?;
            Some(Commit {
                id: id.trim().to_ascii_lowercase(),
                message: message.chars().take(4096).collect(),
            })
        })
        .collect()
}

/// Looks words up in the new side of a git source with `git grep`.
pub struct GitProbe {
    repo: PathBuf,
    /// `None`: the working tree; `Some("--cached")`: the index; else a revision.
    tree: Option<String>,
}

impl GitProbe {
    /// The probe for `source`'s new side.
    pub fn new(source: &GitSource) -> GitProbe {
        let tree = match &source.changes {
            GitChanges::Staged => Some("--cached".to_string()),
            GitChanges::WorkingTree => None,
            GitChanges::Range(range) => {
                let end = range
                    .rsplit("..")
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('.');
                if !range.contains("..") {
                    None
                } else if end.is_empty() {
                    Some("HEAD".to_string())
                } else {
                    Some(end.to_string())
                }
            }
        };
        GitProbe {
            repo: source.repo.clone(),
            tree,
        }
    }
}

impl ReferenceProbe for GitProbe {
    fn files_mentioning(&self, word: &str) -> Option<Vec<String>> {
        let mut args = vec!["grep", "-l", "-I", "-F", "-w", "-e", word];
        match self.tree.as_deref() {
            Some("--cached") => args.insert(1, "--cached"),
            Some(rev) => args.push(rev),
            None => {}
        }
        args.push("--");
        let out = git(&self.repo, &args, 64 * 1024).ok()?;
        // git grep exits 1 when nothing matches.
        if !out.success && !out.stderr.is_empty() {
            return None;
        }
        let listing = String::from_utf8_lossy(&out.stdout);
        Some(
            listing
                .lines()
                .map(|l| {
                    l.split_once(':')
                        .filter(|_| self.tree.as_deref().is_some_and(|t| t != "--cached"))
                        .map_or(l, |(_, p)| p)
                        .to_string()
                })
                .take(5)
                .collect(),
        )
    }
}

/// Reads a diff file, refusing one larger than a briefing reads.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_DIFF_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() > MAX_DIFF_BYTES {
        return Err(Error::Diff {
            input: path.display().to_string(),
            message: format!(
                "larger than the {} MiB a briefing reads",
                MAX_DIFF_BYTES / (1024 * 1024)
            ),
        });
    }
    Ok(bytes)
}

/// Reads a diff from `reader` (standard input), bounded like a file.
pub fn read_stream(reader: &mut dyn Read) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DIFF_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("stdin", e))?;
    if bytes.len() > MAX_DIFF_BYTES {
        return Err(Error::Diff {
            input: "stdin".into(),
            message: format!(
                "larger than the {} MiB a briefing reads",
                MAX_DIFF_BYTES / (1024 * 1024)
            ),
        });
    }
    Ok(bytes)
}

/// A failure of git while reading the change to brief (`git diff` and the
/// `rev-parse` checks before it), naming the folder or range in `message`.
fn git_error(message: impl Into<String>) -> Error {
    Error::Git {
        command: "diff".to_string(),
        detail: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
    }

    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        run(dir.path(), &["init", "-q", "-b", "main"]);
        std::fs::write(dir.path().join("a.txt"), "one\n").unwrap();
        run(dir.path(), &["add", "."]);
        run(dir.path(), &["commit", "-q", "-m", "first"]);
        dir
    }

    #[test]
    fn ranges_staged_and_working_tree() {
        let dir = repo();
        std::fs::write(dir.path().join("a.txt"), "one\ntwo\n").unwrap();
        run(dir.path(), &["commit", "-q", "-am", "second"]);
        let range = GitSource {
            repo: dir.path().to_path_buf(),
            changes: GitChanges::Range("HEAD~1..HEAD".into()),
        };
        let (bytes, _) = read(&range).unwrap();
        assert!(String::from_utf8_lossy(&bytes).contains("+two"));
        assert_eq!(commits(&range).len(), 1);
        assert!(commits(&range)[0].message.contains("second"));

        std::fs::write(dir.path().join("a.txt"), "one\ntwo\nthree\n").unwrap();
        let tree = GitSource {
            repo: dir.path().to_path_buf(),
            changes: GitChanges::WorkingTree,
        };
        assert!(String::from_utf8_lossy(&read(&tree).unwrap().0).contains("+three"));
        let staged = GitSource {
            repo: dir.path().to_path_buf(),
            changes: GitChanges::Staged,
        };
        assert!(read(&staged).unwrap().0.is_empty());
        run(dir.path(), &["add", "a.txt"]);
        assert!(String::from_utf8_lossy(&read(&staged).unwrap().0).contains("+three"));

        let probe = GitProbe::new(&staged);
        assert_eq!(
            probe.files_mentioning("three"),
            Some(vec!["a.txt".to_string()])
        );
        assert_eq!(probe.files_mentioning("absent"), Some(vec![]));
    }

    #[test]
    fn clear_errors_name_the_folder_and_range() {
        let dir = repo();
        let bad = GitSource {
            repo: dir.path().to_path_buf(),
            changes: GitChanges::Range("nope..HEAD".into()),
        };
        let err = read(&bad).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Git);
        assert!(err.to_string().contains("nope..HEAD"), "{err}");
        let option = GitSource {
            repo: dir.path().to_path_buf(),
            changes: GitChanges::Range("--output=/tmp/x".into()),
        };
        assert!(read(&option)
            .unwrap_err()
            .to_string()
            .contains("not a revision range"));
        let plain = tempfile::tempdir().unwrap();
        let not_repo = GitSource {
            repo: plain.path().to_path_buf(),
            changes: GitChanges::Staged,
        };
        let err = read(&not_repo).unwrap_err();
        assert!(err.to_string().contains("not a git repository"), "{err}");
        assert!(err
            .to_string()
            .contains(&plain.path().display().to_string()));
    }
}
