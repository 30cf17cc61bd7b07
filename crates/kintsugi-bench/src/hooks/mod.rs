//! Measurements of the features around the library rather than its search,
//! in the same instrument and the same report:
//!
//! - **brief** ([`briefing`]): the brief for a typical diff (a migration
//!   that adds a column with a default and an index without
//!   `CONCURRENTLY`, a raised retry count in YAML) against a
//!   [`HOOK_STORIES`]-story library: `Library::brief` in process, the
//!   `kintsugi brief --diff` process the git hook runs, and `grep -rilE` of
//!   the diff's names over the story files, interleaved in one run.
//! - **team sync** ([`team`]): connecting a fresh library to a
//!   [`HOOK_STORIES`]-story team repository (the first full pull), and one
//!   changed story going from one library to the other (sync that pushes,
//!   sync that pulls), round after round.
//!
//! Invariants: each hook works in its own folder inside the work folder,
//! removed afterwards unless asked to keep it; every figure is checked
//! against what it claims (the briefing raised its signals, the pull
//! brought the edited story) before it is reported; the report's section
//! names every hook, measured or not.

pub mod briefing;
pub mod team;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::corpus::Sentences;
use crate::figures::{ms, thousands, Figure};
use crate::kintsugi::Cli;
use crate::measure::Plan;
use crate::Result;

/// Stories in the library the hooks measure against.
pub const HOOK_STORIES: usize = 10_000;

/// What a hook runs against and how often.
#[derive(Debug, Clone)]
pub struct HookSetup {
    /// Folder the hook makes its own folder in.
    pub work: PathBuf,
    /// Stories in the library.
    pub stories: usize,
    /// Generator seed.
    pub seed: u64,
    /// Prose of the generated stories.
    pub sentences: Sentences,
    /// The `kintsugi` binary.
    pub cli: Cli,
    /// Rounds of the brief's interleaved contenders.
    pub plan: Plan,
    /// Team sync: rounds of one changed story.
    pub rounds: usize,
    /// Team sync: fresh libraries connected to the remote.
    pub connects: usize,
    /// Keep the hook's folder afterwards.
    pub keep: bool,
}

impl HookSetup {
    /// The setup of a full run: [`HOOK_STORIES`] stories, 40 brief rounds
    /// (or 30 s), 5 changed-story rounds and 3 fresh connects.
    pub fn new(work: &Path, seed: u64, sentences: Sentences, cli: Cli) -> HookSetup {
        HookSetup {
            work: work.to_path_buf(),
            stories: HOOK_STORIES,
            seed,
            sentences,
            cli,
            plan: Plan {
                repeat: 40,
                budget: Duration::from_secs(30),
            },
            rounds: 5,
            connects: 3,
            keep: false,
        }
    }

    /// A fresh folder for hook `name` inside the work folder.
    fn folder(&self, name: &str) -> Result<Folder> {
        std::fs::create_dir_all(&self.work)?;
        let dir = tempfile::Builder::new()
            .prefix(&format!("kintsugi-bench-{name}-"))
            .tempdir_in(&self.work)?;
        Ok(if self.keep {
            Folder::Kept(dir.keep())
        } else {
            Folder::Temporary(dir)
        })
    }
}

/// A hook's folder: removed when dropped unless kept.
enum Folder {
    Temporary(tempfile::TempDir),
    Kept(PathBuf),
}

impl Folder {
    fn path(&self) -> &Path {
        match self {
            Folder::Temporary(dir) => dir.path(),
            Folder::Kept(path) => path,
        }
    }
}

/// One timed row.
#[derive(Debug, Clone)]
pub struct HookRow {
    /// What was timed.
    pub what: String,
    /// Its figure.
    pub figure: Figure,
    /// Whether the CPU time means something (work on the calling thread).
    pub cpu: bool,
    /// Its ratio to the peer (`×2.3`: takes 2.3 times as long), if any.
    pub versus: Option<String>,
}

/// A target checked against a figure.
#[derive(Debug, Clone)]
pub struct Target {
    /// The target.
    pub target: String,
    /// What was measured.
    pub measured: String,
    /// Whether it was met.
    pub met: bool,
}

/// Figures of one hook.
#[derive(Debug, Clone)]
pub struct HookFigures {
    /// Heading of its section.
    pub title: String,
    /// Stories in the library.
    pub stories: usize,
    /// 1-minute load average when it began and ended.
    pub load: (f64, f64),
    /// What was set up and checked, one sentence each.
    pub notes: Vec<String>,
    /// What was timed.
    pub rows: Vec<HookRow>,
    /// Targets of the issue, checked.
    pub targets: Vec<Target>,
    /// Heading of the ratio column.
    pub versus: &'static str,
}

/// Times the brief for `diff` (a unified diff file; the committed typical
/// diff when `None`) against a library of `setup.stories` generated stories.
pub fn brief(setup: &HookSetup, diff: Option<&Path>) -> Result<HookFigures> {
    briefing::measure(setup, diff)
}

/// Times team sync: connecting fresh libraries to a `setup.stories`-story
/// remote (a bare git repository), and one changed story going across.
pub fn team_sync(setup: &HookSetup) -> Result<HookFigures> {
    team::measure(setup)
}

/// Subcommands of the hooks, for the rows of hooks a run did not measure.
const HOOKS: [(&str, &str, &str); 2] = [
    (
        "Brief",
        "brief for a typical diff against a 10,000-story library",
        "`kintsugi-bench brief` (`hooks::brief`)",
    ),
    (
        "Team sync",
        "team sync: connect a fresh library to a 10,000-story remote, one changed story across",
        "`kintsugi-bench team-sync` (`hooks::team_sync`)",
    ),
];

/// The report's section on the hooks: the figures of those measured, and
/// the subcommand of each one not measured in this run.
pub fn report_section(measured: &[HookFigures]) -> String {
    let mut out = String::from("## Brief and team sync\n\n");
    let missing: Vec<_> = HOOKS
        .iter()
        .filter(|(prefix, _, _)| !measured.iter().any(|f| f.title.starts_with(prefix)))
        .collect();
    if !missing.is_empty() {
        out.push_str(
            "Not measured in this run (a run measures them when its sizes include 10,000):\n\n\
             | measurement | hook | status |\n| --- | --- | --- |\n",
        );
        for (_, what, hook) in missing {
            let _ = writeln!(out, "| {what} | {hook} | not measured in this run |");
        }
        out.push('\n');
    }
    for figures in measured {
        section(&mut out, figures);
    }
    out
}

fn section(out: &mut String, f: &HookFigures) {
    let _ = writeln!(
        out,
        "### {}, {} stories\n\nLoad average of the machine: {:.1} when it began, {:.1} when it ended.\n",
        f.title,
        thousands(f.stories),
        f.load.0,
        f.load.1
    );
    for note in &f.notes {
        let _ = writeln!(out, "- {note}");
    }
    let _ = writeln!(
        out,
        "\n| measurement | p50 | p99 | CPU p50 | samples | {} |\n| --- | ---: | ---: | ---: | ---: | ---: |",
        f.versus
    );
    for row in &f.rows {
        let fig = &row.figure;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.what,
            ms(fig.p50),
            ms(fig.p99),
            if row.cpu {
                ms(fig.cpu_p50)
            } else {
                "—".into()
            },
            fig.samples,
            row.versus.as_deref().unwrap_or("—")
        );
    }
    if !f.targets.is_empty() {
        out.push_str("\n| target | measured | met |\n| --- | --- | --- |\n");
        for t in &f.targets {
            let met = if t.met { "yes" } else { "**no**" };
            let _ = writeln!(out, "| {} | {} | {met} |", t.target, t.measured);
        }
    }
    out.push('\n');
}

/// The terminal lines of a hook's figures.
pub fn describe(f: &HookFigures) -> String {
    let mut out = format!("== {}, {} stories", f.title, thousands(f.stories));
    for row in &f.rows {
        let figure = if row.cpu {
            row.figure.describe_with_cpu()
        } else {
            row.figure.describe()
        };
        let _ = write!(out, "\n{}: {figure}", row.what.replace("\\|", "|"));
        if let Some(v) = &row.versus {
            let _ = write!(out, " | {} {v}", f.versus);
        }
    }
    for t in &f.targets {
        let met = if t.met { "met" } else { "NOT met" };
        let _ = write!(out, "\ntarget {}: {} ({met})", t.target, t.measured);
    }
    out
}
