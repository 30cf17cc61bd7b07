//! Talking to the team's remote: fetching its `main` and pushing ours,
//! fast-forward only, and naming the remote in every failure (access
//! refused is [`Error::TeamAuth`], anything else [`Error::TeamUnreachable`]).

use std::ffi::OsString;

use super::{last_lines, Git, Oid, Output, PushOutcome, MAIN, NETWORK_DEADLINE, REMOTE_MAIN};
use crate::error::{Error, Result};

impl Git {
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

    pub(super) fn network(&mut self, args: &[&str]) -> Result<Output> {
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

    pub(super) fn remote_error(&self, out: &Output) -> Error {
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
