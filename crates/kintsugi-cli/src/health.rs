//! `check`, `backup`, `restore-backup`: keeping a library sound.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use kintsugi_core::Library;

use crate::output::{json, Outcome};
use crate::terminal::{self, Out};

/// Compares the index with the database, repairing on request.
pub fn check(library: &Library, out: &mut Out, repair: bool, as_json: bool) -> Outcome {
    let report = library.check_library(repair)?;
    if as_json {
        json(out, &report)?;
    } else {
        terminal::check(out, &report)?;
    }
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Writes a consistent copy of the database.
pub fn backup(library: &Library, out: &mut Out, file: &Path) -> Outcome {
    library.backup_library(file)?;
    writeln!(out, "backed up to {}", file.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Replaces the library with a backup, keeping the current state aside.
pub fn restore_backup(library: &Library, out: &mut Out, file: &Path) -> Outcome {
    let safety = library.restore_backup(file)?;
    writeln!(
        out,
        "restored {}; the previous state is in {}",
        file.display(),
        safety.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
