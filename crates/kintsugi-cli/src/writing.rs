//! `lint` and `anonymise`: help with writing and sharing a story. Neither
//! needs a library.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kintsugi_core::anonymise::Glossary;
use kintsugi_core::lint;

use crate::output::{json, read_input, Outcome, EXIT_LINT_FINDINGS};
use crate::terminal::{self, Out};

/// Flags blame and hindsight wording; exit 4 when anything was found.
pub fn lint(
    out: &mut Out,
    file: Option<&Path>,
    participants: Vec<String>,
    as_json: bool,
) -> Outcome {
    let (name, text) = read_input(file)?;
    let findings = lint::lint_text(&text, &lint::LintOptions { participants });
    if as_json {
        json(out, &serde_json::json!({ "findings": findings }))?;
    } else {
        terminal::findings(out, &name, &findings)?;
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_LINT_FINDINGS)
    })
}

/// Prints an anonymised copy of a story file.
pub fn anonymise(
    out: &mut Out,
    file: Option<&Path>,
    people: Vec<String>,
    glossary: Option<PathBuf>,
    as_json: bool,
) -> Outcome {
    let (_, text) = read_input(file)?;
    let mut glossary = match glossary {
        Some(path) => Glossary::from_file(&path)?,
        None => Glossary::default(),
    };
    glossary.people.extend(people);
    let now = kintsugi_core::Clock::system().now();
    let done = kintsugi_core::anonymise::anonymise_markdown(&text, &glossary, now)?;
    if as_json {
        json(out, &done)?;
    } else {
        write!(out, "{}", done.markdown)?;
    }
    Ok(ExitCode::SUCCESS)
}
