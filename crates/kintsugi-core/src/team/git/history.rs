//! Refs and history: what `main` and the fetched `main` point at, how
//! commits relate, moving `main` with its expected old value, and who
//! changed which file.

use chrono::{TimeZone, Utc};

use super::{check, git_error, Git, LoggedCommit, Oid, Signature, MAIN};
use crate::error::Result;

impl Git {
    /// The commit a ref names, if it exists.
    pub fn rev(&self, name: &str) -> Result<Option<Oid>> {
        let spec = format!("{name}^{{commit}}");
        let out = self.local(&["rev-parse", "--verify", "--quiet", &spec], None)?;
        Ok(out
            .ok
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty()))
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

    pub(super) fn set_ref(&self, name: &str, new: &str) -> Result<()> {
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
}
