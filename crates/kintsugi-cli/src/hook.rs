//! `kintsugi hook install|uninstall`: a git hook that prints the briefing
//! for what is about to be pushed (pre-push) or committed (pre-commit).
//!
//! Invariants: the hook never blocks unless installed with `--strict`
//! (then only when a tripwire fires); installing never overwrites a hook
//! that Kintsugi did not write (it says so and leaves it); uninstalling
//! removes only Kintsugi's own hook. The hook is found by its marker line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use kintsugi_core::Error;

use crate::output::Failure;
use crate::terminal::Out;

/// The line that marks a hook as Kintsugi's.
const MARKER: &str = "# kintsugi-hook";

/// Options of `kintsugi hook`.
#[derive(Debug, clap::Args)]
pub struct HookArgs {
    /// What to do with the hook.
    #[command(subcommand)]
    pub action: HookAction,
}

/// `install` or `uninstall`.
#[derive(Debug, clap::Subcommand)]
pub enum HookAction {
    /// Install the hook (pre-push unless --pre-commit is given)
    Install {
        /// Brief what is pushed (the default)
        #[arg(long, conflicts_with = "pre_commit")]
        pre_push: bool,
        /// Brief what is committed (the staged changes)
        #[arg(long)]
        pre_commit: bool,
        /// Block the push or commit when a story's tripwire fires
        #[arg(long)]
        strict: bool,
        /// Repository folder [default: the current folder]
        #[arg(long, value_name = "DIR")]
        repo: Option<PathBuf>,
    },
    /// Remove Kintsugi's hooks (both, unless one is named)
    Uninstall {
        /// Only the pre-push hook
        #[arg(long, conflicts_with = "pre_commit")]
        pre_push: bool,
        /// Only the pre-commit hook
        #[arg(long)]
        pre_commit: bool,
        /// Repository folder [default: the current folder]
        #[arg(long, value_name = "DIR")]
        repo: Option<PathBuf>,
    },
}

fn git_error(message: String) -> Failure {
    Failure::Core(Error::Git {
        command: "hook".to_string(),
        detail: message,
    })
}

/// The hooks folder of the repository at `repo` (honours `core.hooksPath`).
fn hooks_dir(repo: &Path) -> Result<PathBuf, Failure> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["rev-parse", "--git-path", "hooks"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| git_error(format!("could not run git: {e}")))?;
    if !out.status.success() {
        return Err(git_error(format!(
            "{} is not a git repository (or inside one)",
            repo.display()
        )));
    }
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    Ok(if path.is_absolute() {
        path
    } else {
        repo.join(path)
    })
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The hook script.
fn script(kind: &str, kintsugi: &Path, library: &Path, strict: bool) -> String {
    let header = format!(
        "#!/bin/sh\n{MARKER} {kind}: installed by `kintsugi hook install`; remove with `kintsugi hook uninstall`.\n\
         # Prints the Kintsugi briefing for what is being {}. {}\n\
         KINTSUGI={}\n\
         [ -x \"$KINTSUGI\" ] || KINTSUGI=kintsugi\n\
         if ! command -v \"$KINTSUGI\" >/dev/null 2>&1; then\n  echo \"kintsugi hook: the kintsugi command is not installed; no briefing\" >&2\n  exit 0\nfi\n\
         LIBRARY={}\n\
         STRICT={}\n\
         status=0\n\
         brief() {{\n  \"$KINTSUGI\" --library \"$LIBRARY\" brief \"$@\" $( [ \"$STRICT\" = 1 ] && echo --strict )\n  rc=$?\n  if [ \"$rc\" = 5 ] && [ \"$STRICT\" = 1 ]; then status=5; fi\n}}\n",
        if kind == "pre-push" { "pushed" } else { "committed" },
        if strict { "Blocks only when a story's tripwire fires (--strict)." } else { "Never blocks." },
        quote(&kintsugi.display().to_string()),
        quote(&library.display().to_string()),
        u8::from(strict),
    );
    let body = if kind == "pre-push" {
        "zero=$(git hash-object --stdin </dev/null | tr '0-9a-f' '0')\n\
         empty_tree=$(git hash-object -t tree /dev/null)\n\
         while read -r local_ref local_sha remote_ref remote_sha; do\n\
         \x20 [ \"$local_sha\" = \"$zero\" ] && continue\n\
         \x20 if [ \"$remote_sha\" = \"$zero\" ]; then\n\
         \x20   base=$(git rev-list \"$local_sha\" --not --remotes=\"$1\" | tail -n 1)\n\
         \x20   [ -z \"$base\" ] && continue\n\
         \x20   if git rev-parse -q --verify \"$base^\" >/dev/null; then range=\"$base^..$local_sha\"; else range=\"$empty_tree..$local_sha\"; fi\n\
         \x20 else\n\
         \x20   range=\"$remote_sha..$local_sha\"\n\
         \x20 fi\n\
         \x20 echo \"kintsugi: briefing for $local_ref -> $1 $remote_ref\" >&2\n\
         \x20 brief \"$range\" </dev/null >&2\n\
         done\n\
         exit $status\n"
    } else {
        "brief --staged </dev/null >&2\nexit $status\n"
    };
    format!("{header}{body}")
}

fn is_ours(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .is_ok_and(|text| text.lines().take(3).any(|l| l.starts_with(MARKER)))
}

fn install(
    out: &mut Out,
    repo: &Path,
    kind: &str,
    library: &Path,
    strict: bool,
) -> Result<ExitCode, Failure> {
    let dir = hooks_dir(repo)?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::Io {
        path: dir.clone(),
        source: e,
    })?;
    let path = dir.join(kind);
    if path.exists() && !is_ours(&path) {
        let _ = writeln!(
            anstream::stderr(),
            "kintsugi: {} already exists and was not written by kintsugi; left as it is.\n  To brief from it, add this line to it:  kintsugi brief {}",
            path.display(),
            if kind == "pre-push" { "\"$remote_sha..$local_sha\"" } else { "--staged" }
        );
        return Ok(ExitCode::FAILURE);
    }
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("kintsugi"));
    let library = std::fs::canonicalize(library).unwrap_or_else(|_| library.to_path_buf());
    let partial = dir.join(format!(".{kind}.kintsugi-partial"));
    let io = |e| Error::Io {
        path: path.clone(),
        source: e,
    };
    std::fs::write(&partial, script(kind, &exe, &library, strict)).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o755)).map_err(io)?;
    }
    std::fs::rename(&partial, &path).map_err(io)?;
    writeln!(
        out,
        "installed the {kind} hook in {}{}",
        path.display(),
        if strict {
            " (blocks when a tripwire fires)"
        } else {
            " (never blocks)"
        }
    )?;
    Ok(ExitCode::SUCCESS)
}

fn uninstall(out: &mut Out, repo: &Path, kinds: &[&str]) -> Result<ExitCode, Failure> {
    let dir = hooks_dir(repo)?;
    let mut removed = 0;
    for kind in kinds {
        let path = dir.join(kind);
        if !path.exists() {
            continue;
        }
        if is_ours(&path) {
            std::fs::remove_file(&path).map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
            writeln!(out, "removed the {kind} hook from {}", path.display())?;
            removed += 1;
        } else {
            writeln!(
                out,
                "left {} alone: kintsugi did not write it",
                path.display()
            )?;
        }
    }
    if removed == 0 {
        writeln!(out, "no kintsugi hook was installed in {}", dir.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `kintsugi hook …`; `library` is the library the hook briefs against.
pub fn run(out: &mut Out, library: &Path, args: HookArgs) -> Result<ExitCode, Failure> {
    let here = |repo: Option<PathBuf>| -> Result<PathBuf, Failure> {
        Ok(match repo {
            Some(r) => r,
            None => std::env::current_dir()?,
        })
    };
    match args.action {
        HookAction::Install {
            pre_commit,
            strict,
            repo,
            ..
        } => {
            let kind = if pre_commit { "pre-commit" } else { "pre-push" };
            install(out, &here(repo)?, kind, library, strict)
        }
        HookAction::Uninstall {
            pre_push,
            pre_commit,
            repo,
        } => {
            let kinds: &[&str] = match (pre_push, pre_commit) {
                (true, _) => &["pre-push"],
                (_, true) => &["pre-commit"],
                _ => &["pre-push", "pre-commit"],
            };
            uninstall(out, &here(repo)?, kinds)
        }
    }
}
