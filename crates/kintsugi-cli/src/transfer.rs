//! `import`, `export`, `sample`: bringing stories in and out.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kintsugi_core::anonymise::Glossary;
use kintsugi_core::export::ExportFormat;
use kintsugi_core::Library;

use crate::args::Format;
use crate::output::{json, Outcome, EXIT_IMPORT_ERRORS};
use crate::progress::Progress;
use crate::terminal::{self, Out};

/// Imports files and folders, with a progress line on a terminal.
pub fn import(library: &Library, out: &mut Out, paths: &[PathBuf], as_json: bool) -> Outcome {
    let mut progress = Progress::new("files", !as_json);
    let report = library.import_paths(paths, &mut |p| progress.update(p.done, p.total))?;
    progress.finish();
    if as_json {
        json(out, &report)?;
    } else {
        terminal::import(out, &report)?;
        terminal::import_errors(&report)?;
    }
    if !report.errors.is_empty() {
        return Ok(ExitCode::from(EXIT_IMPORT_ERRORS));
    }
    Ok(ExitCode::SUCCESS)
}

/// What `export` is asked to anonymise with.
pub struct Anonymise {
    /// Anonymise at all.
    pub on: bool,
    /// People to replace besides the glossary's.
    pub people: Vec<String>,
    /// A glossary file to add.
    pub glossary: Option<PathBuf>,
}

/// Exports every story into a folder, optionally anonymised.
pub fn export(
    library: &Library,
    out: &mut Out,
    dir: &Path,
    format: Format,
    anonymise: Anonymise,
) -> Outcome {
    let format = match format {
        Format::Md => ExportFormat::Md,
        Format::Json => ExportFormat::Json,
        Format::Html => ExportFormat::Html,
    };
    let report = if anonymise.on {
        let mut glossary = match &anonymise.glossary {
            Some(path) => Glossary::from_file(path)?,
            None => Glossary::default(),
        };
        glossary.people.extend(anonymise.people);
        library.export_anonymised(dir, format, &glossary)?
    } else {
        library.export_library(dir, format)?
    };
    writeln!(
        out,
        "exported {} {}stories to {}",
        report.stories,
        if anonymise.on { "anonymised " } else { "" },
        dir.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the built-in sample stories.
pub fn sample(library: &Library, out: &mut Out) -> Outcome {
    let report = library.load_sample()?;
    terminal::import(out, &report)?;
    Ok(ExitCode::SUCCESS)
}
