//! `kintsugi brief`: reads a change (a revision range, the staged changes,
//! the working tree, a diff file or standard input, plus free text), asks
//! the core for its briefing and prints it as text, Markdown, SARIF or JSON.
//!
//! Exit codes: 0 whatever matched (a briefing informs, it does not judge);
//! with `--strict`, [`EXIT_TRIPWIRE`] when a story's tripwire fired.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use kintsugi_core::brief::render;
use kintsugi_core::brief::source::{read_file, read_stream};
use kintsugi_core::brief::{BriefInput, DiffInput, GitChanges, GitSource, DEFAULT_LIMIT};
use kintsugi_core::Library;

use crate::output::Failure;
use crate::terminal::Out;

/// Exit code of `brief --strict` when a tripwire fired.
pub const EXIT_TRIPWIRE: u8 = 5;

/// How to print a briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    /// For people in a terminal
    Text,
    /// A pull request comment body (updated in place by CI)
    Md,
    /// SARIF 2.1.0 for code scanning
    Sarif,
}

/// Options of `kintsugi brief`.
#[derive(Debug, clap::Args)]
pub struct BriefArgs {
    /// Revision range to brief (`main..HEAD`, `A...B`); without it, the
    /// working tree's changes against HEAD
    #[arg(value_name = "RANGE")]
    pub range: Option<String>,
    /// Brief the staged changes (what the next commit holds)
    #[arg(long, conflicts_with_all = ["range", "diff"])]
    pub staged: bool,
    /// Read a unified diff from FILE (`-` for standard input) instead of git
    #[arg(long, value_name = "FILE", conflicts_with = "range")]
    pub diff: Option<PathBuf>,
    /// Free text to match too: a pull request's title and description
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Repository folder [default: the current folder]
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = BriefFormat::Text)]
    pub format: BriefFormat,
    /// Print the briefing as JSON (see docs/brief.md)
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Exit with 5 when a story's tripwire fires (for hooks and CI gates)
    #[arg(long)]
    pub strict: bool,
    /// Most stories to show
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    pub limit: usize,
}

/// Which change the arguments name.
fn diff_input(args: &BriefArgs) -> Result<DiffInput, Failure> {
    let repo = match &args.repo {
        Some(dir) => dir.clone(),
        None => std::env::current_dir()?,
    };
    if let Some(path) = &args.diff {
        if path.as_os_str() == "-" {
            let bytes = read_stream(&mut std::io::stdin().lock())?;
            return Ok(DiffInput::Bytes {
                name: "stdin".into(),
                bytes,
            });
        }
        return Ok(DiffInput::Bytes {
            name: path.display().to_string(),
            bytes: read_file(path)?,
        });
    }
    let changes = if args.staged {
        GitChanges::Staged
    } else if let Some(range) = &args.range {
        GitChanges::Range(range.clone())
    } else if args.text.is_some() && args.repo.is_none() {
        // Only free text: nothing to read from git.
        return Ok(DiffInput::None);
    } else {
        GitChanges::WorkingTree
    };
    Ok(DiffInput::Git(GitSource { repo, changes }))
}

/// Runs `kintsugi brief`.
pub fn run(library: &Library, out: &mut Out, args: BriefArgs) -> Result<ExitCode, Failure> {
    let input = BriefInput {
        diff: diff_input(&args)?,
        text: args.text.clone().unwrap_or_default(),
        limit: args.limit,
    };
    let briefing = library.brief(&input)?;
    if args.json {
        crate::output::json(out, &briefing)?;
    } else {
        match args.format {
            BriefFormat::Text => write!(out, "{}", render::text::render(&briefing, true))?,
            BriefFormat::Md => write!(out, "{}", render::markdown::render(&briefing))?,
            BriefFormat::Sarif => crate::output::json(out, &render::sarif::render(&briefing))?,
        }
    }
    if args.strict && briefing.tripped() {
        return Ok(ExitCode::from(EXIT_TRIPWIRE));
    }
    Ok(ExitCode::SUCCESS)
}
