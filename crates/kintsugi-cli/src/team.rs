//! `kintsugi team connect|status|disconnect`, `kintsugi sync`,
//! `kintsugi conflicts` and `kintsugi resolve`: the team library from the
//! command line (see `docs/team.md`). Progress goes to stderr when it is a
//! terminal; results to stdout, as text or in the JSON shapes of
//! `docs/cli.md`.
//!
//! `KINTSUGI_FAILPOINT=<stage>[:<n>]` makes a sync stop at that stage (the
//! `n`th progress report of it), say so on stderr and wait, so that tests
//! can kill the process at a precise moment. Stages: exporting, committed,
//! fetching, merging, merged, importing, pushing, pushed.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Subcommand;
use kintsugi_core::team::{Resolution, SyncProgress, SyncReport, TeamAuthor};
use kintsugi_core::Library;
use owo_colors::OwoColorize;
use serde::Serialize;

use crate::output::{json, Failure};
use crate::terminal::Out;

/// `kintsugi team …`
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Connect this library to a team repository (a path or git URL) and sync:
    /// an empty repository receives this library, a non-empty one is merged in
    Connect {
        /// Path or URL of the git repository (e.g. /srv/git/postmortems.git, git@host:team/pm.git)
        remote: String,
        /// Your name in the team's history [default: git's user.name, else your OS user]
        #[arg(long)]
        name: Option<String>,
        /// Your e-mail in the team's history [default: git's user.email, else user@host]
        #[arg(long)]
        email: Option<String>,
        /// Print the first sync's report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show the team connection: remote, ahead/behind, last sync, open conflicts
    Status {
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Stop syncing (stories, history and conflicts stay in this library)
    Disconnect,
}

/// Runs `kintsugi team …`.
pub fn team(library: &Library, out: &mut Out, command: TeamCommand) -> Result<ExitCode, Failure> {
    match command {
        TeamCommand::Connect {
            remote,
            name,
            email,
            json: as_json,
        } => {
            let author = match (name, email) {
                (None, None) => None,
                (name, email) => {
                    let name = name.unwrap_or_else(|| email.clone().unwrap_or_default());
                    let email =
                        email.unwrap_or_else(|| format!("{}@localhost", name.replace(' ', ".")));
                    Some(TeamAuthor { name, email })
                }
            };
            let mut progress = Progress::new();
            let report = library.team_connect(&remote, author, &mut |p| progress.show(p));
            progress.finish();
            let report = report?;
            if as_json {
                json(out, &Shape::from(&report))?;
            } else {
                let status = library.team_status()?;
                writeln!(
                    out,
                    "connected to {} as {}",
                    remote.bold(),
                    status.author.unwrap_or_default()
                )?;
                report_text(out, &report)?;
            }
        }
        TeamCommand::Status { json: as_json } => {
            let status = library.team_status()?;
            if as_json {
                json(out, &status)?;
            } else if !status.connected {
                writeln!(
                    out,
                    "not connected (connect with: kintsugi team connect REMOTE)"
                )?;
            } else {
                let last = status
                    .last_sync_at
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| "never".into());
                writeln!(
                    out,
                    "remote:          {}",
                    status.remote.unwrap_or_default()
                )?;
                writeln!(
                    out,
                    "author:          {}",
                    status.author.unwrap_or_default()
                )?;
                writeln!(out, "last sync:       {last}")?;
                writeln!(
                    out,
                    "ahead / behind:  {} / {} commits",
                    status.ahead, status.behind
                )?;
                writeln!(
                    out,
                    "local changes:   {} stories not synced yet",
                    status.local_changes
                )?;
                writeln!(out, "open conflicts:  {}", status.open_conflicts)?;
            }
        }
        TeamCommand::Disconnect => {
            library.team_disconnect()?;
            writeln!(
                out,
                "disconnected; this library keeps its stories, history and conflicts"
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `kintsugi sync`. Conflicts are a normal outcome (exit 0).
pub fn sync(library: &Library, out: &mut Out, as_json: bool) -> Result<ExitCode, Failure> {
    let mut progress = Progress::new();
    let report = library.sync_team(&mut |p| progress.show(p));
    progress.finish();
    let report = report?;
    if as_json {
        json(out, &Shape::from(&report))?;
    } else {
        report_text(out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `kintsugi conflicts`.
pub fn conflicts(library: &Library, out: &mut Out, as_json: bool) -> Result<ExitCode, Failure> {
    let conflicts = library.list_conflicts()?;
    if as_json {
        json(out, &conflicts)?;
        return Ok(ExitCode::SUCCESS);
    }
    if conflicts.is_empty() {
        writeln!(out, "No conflicts.")?;
    }
    for c in &conflicts {
        writeln!(
            out,
            "{}  {}  {}",
            (&c.story_id.simple().to_string()[..8]).dimmed(),
            c.field.bold(),
            c.title
        )?;
        writeln!(out, "    mine:   {}", value_line(&c.mine))?;
        writeln!(out, "    theirs: {}", value_line(&c.theirs))?;
    }
    if !conflicts.is_empty() {
        writeln!(
            out,
            "\nresolve with: kintsugi resolve ID FIELD --mine|--theirs"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `kintsugi resolve ID FIELD --mine|--theirs`.
pub fn resolve(
    library: &Library,
    out: &mut Out,
    id: &str,
    field: &str,
    mine: bool,
) -> Result<ExitCode, Failure> {
    let id = match library.list_conflicts()?.iter().find(|c| {
        c.field == field
            && c.story_id
                .to_string()
                .starts_with(&id.trim().to_lowercase())
    }) {
        Some(c) => c.story_id,
        None => library.resolve_id(id)?,
    };
    let side = if mine {
        Resolution::Mine
    } else {
        Resolution::Theirs
    };
    let changed = library.resolve_conflict(id, field, side)?;
    let which = if mine { "mine" } else { "theirs" };
    if changed {
        writeln!(
            out,
            "took {which} for `{field}` of {id}; it reaches the team with the next sync"
        )?;
    } else {
        writeln!(
            out,
            "took {which} for `{field}` of {id}; the story already held it"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON shape of `kintsugi sync --json` (docs/cli.md).
#[derive(Serialize)]
struct Shape<'a> {
    pulled: usize,
    pushed: usize,
    merged: usize,
    conflicts: &'a [kintsugi_core::team::ConflictRef],
    invalid: &'a [kintsugi_core::team::InvalidFile],
}

impl<'a> From<&'a SyncReport> for Shape<'a> {
    fn from(r: &'a SyncReport) -> Self {
        Shape {
            pulled: r.pulled,
            pushed: r.pushed,
            merged: r.merged,
            conflicts: &r.conflicts,
            invalid: &r.invalid,
        }
    }
}

fn report_text(out: &mut Out, report: &SyncReport) -> io::Result<()> {
    writeln!(
        out,
        "pulled {}, pushed {}, merged {} stories",
        report.pulled, report.pushed, report.merged
    )?;
    if !report.conflicts.is_empty() {
        writeln!(
            out,
            "{} conflicting fields took the team's value; yours are kept (see: kintsugi conflicts):",
            report.conflicts.len()
        )?;
        for c in &report.conflicts {
            writeln!(out, "  {}  {}", c.story_id, c.field)?;
        }
    }
    for invalid in &report.invalid {
        writeln!(
            anstream::stderr(),
            "kintsugi: skipped {}: {}",
            invalid.path.bold(),
            invalid.message
        )?;
    }
    Ok(())
}

fn value_line(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "(empty)".into(),
        other => other.to_string(),
    };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 100 {
        format!("{}…", flat.chars().take(100).collect::<String>())
    } else {
        flat
    }
}

/// Progress on stderr (only on a terminal), and the failpoint seam.
struct Progress {
    terminal: bool,
    shown: bool,
    failpoint: Option<(String, usize)>,
    seen: usize,
}

impl Progress {
    fn new() -> Progress {
        let failpoint = std::env::var("KINTSUGI_FAILPOINT").ok().map(|f| {
            let (stage, n) = f.split_once(':').unwrap_or((f.as_str(), "1"));
            (stage.trim().to_string(), n.trim().parse().unwrap_or(1))
        });
        Progress {
            terminal: io::stderr().is_terminal(),
            shown: false,
            failpoint,
            seen: 0,
        }
    }

    fn show(&mut self, p: &SyncProgress) {
        if let Some((stage, n)) = &self.failpoint {
            if stage == p.stage.as_str() {
                self.seen += 1;
                if self.seen >= *n {
                    let _ = writeln!(io::stderr(), "kintsugi: failpoint {stage} reached");
                    std::thread::sleep(std::time::Duration::from_secs(3600));
                }
            }
        }
        if !self.terminal {
            return;
        }
        let count = if p.total > 0 {
            format!(" {}/{}", p.done, p.total)
        } else {
            String::new()
        };
        let attempt = if p.attempt > 1 {
            format!(" (attempt {})", p.attempt)
        } else {
            String::new()
        };
        let _ = write!(
            io::stderr(),
            "\r\x1b[2Ksync: {}{count}{attempt}",
            p.stage.as_str()
        );
        self.shown = true;
    }

    fn finish(&mut self) {
        if self.shown {
            let _ = write!(io::stderr(), "\r\x1b[2K");
        }
    }
}
