//! `kintsugi`: the command-line shell over `kintsugi-core`.
//!
//! Each subcommand opens the library, calls one core method, and prints the
//! result for a person or, with `--json`, in the documented JSON shapes.
//! Exit codes: 0 success, 1 failure, 2 usage error, 3 import finished with
//! some files failing.

mod args;
mod team;
mod terminal;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use kintsugi_core::actions::ActionItemFilter;
use kintsugi_core::anonymise::Glossary;
use kintsugi_core::export::ExportFormat;
use kintsugi_core::lint;
use kintsugi_core::{ActionStatus, Library, SearchRequest, SortOrder};
use serde::Serialize;

use args::{Args, Command, Format, Sort};

/// Exit code when an import stored what it could but some files failed.
const EXIT_IMPORT_ERRORS: u8 = 3;
/// Exit code when `lint` found wording worth a second look.
const EXIT_LINT_FINDINGS: u8 = 4;

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(Failure::Core(e)) => {
            let _ = writeln!(
                anstream::stderr(),
                "kintsugi: error [{}]: {e}",
                code_name(&e)
            );
            ExitCode::FAILURE
        }
        // A closed pipe (`kintsugi search x | head`) is not an error.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            let _ = writeln!(anstream::stderr(), "kintsugi: cannot write output: {e}");
            ExitCode::FAILURE
        }
    }
}

fn code_name(e: &kintsugi_core::Error) -> String {
    serde_json::to_value(e.code())
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

enum Failure {
    Core(kintsugi_core::Error),
    Output(io::Error),
}

impl From<kintsugi_core::Error> for Failure {
    fn from(e: kintsugi_core::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

fn json(out: &mut impl Write, value: &impl Serialize) -> Result<(), Failure> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => Failure::Output(kind.into()),
        None => Failure::Core(e.into()),
    })?;
    writeln!(out)?;
    Ok(())
}

fn run(args: Args) -> Result<ExitCode, Failure> {
    let root = args
        .library
        .unwrap_or_else(kintsugi_core::default_library_dir);
    let mut library = Library::open(&root)?;
    let mut out = terminal::stdout();
    match args.command {
        Command::Import {
            paths,
            json: as_json,
        } => {
            let mut progress = |_: &kintsugi_core::import::ImportProgress| {};
            let report = library.import(&paths, &mut progress)?;
            if as_json {
                json(&mut out, &report)?;
            } else {
                terminal::import(&mut out, &report)?;
                terminal::import_errors(&report)?;
            }
            if !report.errors.is_empty() {
                return Ok(ExitCode::from(EXIT_IMPORT_ERRORS));
            }
        }
        Command::Search {
            query,
            limit,
            sort,
            json: as_json,
        } => {
            let request = SearchRequest {
                query: query.join(" "),
                limit,
                offset: 0,
                sort: match sort {
                    Sort::Relevance => SortOrder::Relevance,
                    Sort::Newest => SortOrder::Newest,
                    Sort::Oldest => SortOrder::Oldest,
                },
            };
            let results = library.search(&request)?;
            if as_json {
                json(&mut out, &results)?;
            } else {
                terminal::search(&mut out, &results)?;
            }
        }
        Command::Show { id, format } => {
            let id = library.resolve_id(&id)?;
            let story = library.get(id)?;
            match format {
                Format::Md => write!(
                    out,
                    "{}",
                    kintsugi_core::export::markdown::to_markdown(&story)
                )?,
                Format::Json => json(&mut out, &story)?,
                Format::Html => write!(
                    out,
                    "{}",
                    kintsugi_core::export::html::document(
                        &story.content.title,
                        std::slice::from_ref(&story)
                    )
                )?,
            }
        }
        Command::Related {
            id,
            limit,
            json: as_json,
        } => {
            let hits = library.related(library.resolve_id(&id)?, limit)?;
            if as_json {
                json(&mut out, &hits)?;
            } else {
                terminal::hits(&mut out, &hits)?;
            }
        }
        Command::History { id, json: as_json } => {
            let revisions = library.history(library.resolve_id(&id)?)?;
            if as_json {
                json(&mut out, &revisions)?;
            } else {
                terminal::history(&mut out, &revisions)?;
            }
        }
        Command::Revert { id, revision } => {
            let story = library.restore_revision(library.resolve_id(&id)?, revision)?;
            writeln!(
                out,
                "restored revision {revision} as revision {}",
                story.revision
            )?;
        }
        Command::Delete { id } => {
            let id = library.resolve_id(&id)?;
            library.delete(id)?;
            writeln!(out, "moved {id} to the trash (undo: kintsugi restore {id})")?;
        }
        Command::Restore { id } => {
            let id = library.resolve_id(&id)?;
            library.restore(id)?;
            writeln!(out, "restored {id}")?;
        }
        Command::Trash { json: as_json } => {
            let trash = library.trash()?;
            if as_json {
                json(&mut out, &trash)?;
            } else {
                terminal::summaries(&mut out, &trash, "The trash is empty.")?;
            }
        }
        Command::Purge { id } => {
            let id = library.resolve_id(&id)?;
            library.purge(id)?;
            writeln!(out, "purged {id}")?;
        }
        Command::Export {
            dir,
            format,
            anonymise,
            people,
            glossary,
        } => {
            let format = match format {
                Format::Md => ExportFormat::Md,
                Format::Json => ExportFormat::Json,
                Format::Html => ExportFormat::Html,
            };
            let report = if anonymise {
                let mut glossary = match glossary {
                    Some(path) => Glossary::from_file(&path)?,
                    None => Glossary::default(),
                };
                glossary.people.extend(people);
                library.export_anonymised(&dir, format, &glossary)?
            } else {
                library.export(&dir, format)?
            };
            writeln!(
                out,
                "exported {} {}stories to {}",
                report.stories,
                if anonymise { "anonymised " } else { "" },
                dir.display()
            )?;
        }
        Command::Sample => {
            let report = library.load_sample()?;
            terminal::import(&mut out, &report)?;
        }
        Command::Tags { json: as_json } => {
            let tags = library.tags()?;
            if as_json {
                json(&mut out, &tags)?;
            } else {
                terminal::tags(&mut out, &tags)?;
            }
        }
        Command::Stats { json: as_json } => {
            let stats = library.stats()?;
            if as_json {
                json(&mut out, &stats)?;
            } else {
                terminal::stats(&mut out, &stats)?;
            }
        }
        Command::Check {
            repair,
            json: as_json,
        } => {
            let report = library.check(repair)?;
            if as_json {
                json(&mut out, &report)?;
            } else {
                terminal::check(&mut out, &report)?;
            }
            if !report.ok {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Lint {
            file,
            participants,
            json: as_json,
        } => {
            let (name, text) = read_input(file.as_deref())?;
            let findings = lint::lint(&text, &lint::LintOptions { participants });
            if as_json {
                json(&mut out, &serde_json::json!({ "findings": findings }))?;
            } else {
                terminal::findings(&mut out, &name, &findings)?;
            }
            if !findings.is_empty() {
                return Ok(ExitCode::from(EXIT_LINT_FINDINGS));
            }
        }
        Command::Anonymise {
            file,
            people,
            glossary,
            json: as_json,
        } => {
            let (_, text) = read_input(file.as_deref())?;
            let mut glossary = match glossary {
                Some(path) => Glossary::from_file(&path)?,
                None => Glossary::default(),
            };
            glossary.people.extend(people);
            let done = kintsugi_core::anonymise::anonymise_markdown(&text, &glossary)?;
            if as_json {
                json(&mut out, &done)?;
            } else {
                write!(out, "{}", done.markdown)?;
            }
        }
        Command::Actions {
            open,
            done,
            owner,
            tag,
            overdue,
            json: as_json,
        } => {
            let status = match (open, done) {
                (true, _) => Some(ActionStatus::Open),
                (_, true) => Some(ActionStatus::Done),
                _ => None,
            };
            let items = library.action_items(&ActionItemFilter {
                status,
                owner,
                tag,
                overdue,
            })?;
            if as_json {
                json(&mut out, &items)?;
            } else {
                terminal::action_items(&mut out, &items)?;
            }
        }
        Command::ActionDone { id, number } => {
            set_action(&mut library, &mut out, &id, number, ActionStatus::Done)?
        }
        Command::ActionReopen { id, number } => {
            set_action(&mut library, &mut out, &id, number, ActionStatus::Open)?
        }
        Command::Backup { file } => {
            library.backup(&file)?;
            writeln!(out, "backed up to {}", file.display())?;
        }
        Command::Team { command } => return team::team(&mut library, &mut out, command),
        Command::Sync { json: as_json } => return team::sync(&mut library, &mut out, as_json),
        Command::Conflicts { json: as_json } => {
            return team::conflicts(&library, &mut out, as_json)
        }
        Command::Resolve {
            id, field, mine, ..
        } => return team::resolve(&mut library, &mut out, &id, &field, mine),
        Command::RestoreBackup { file } => {
            let safety = library.restore_backup(&file)?;
            writeln!(
                out,
                "restored {}; the previous state is in {}",
                file.display(),
                safety.display()
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads FILE, or standard input for `-` or no file: (name for messages, text).
fn read_input(file: Option<&std::path::Path>) -> Result<(String, String), Failure> {
    match file.filter(|f| f.as_os_str() != "-") {
        Some(path) => Ok((
            path.display().to_string(),
            kintsugi_core::import::read_text(path)?,
        )),
        None => {
            let mut text = String::new();
            io::Read::read_to_string(&mut io::stdin(), &mut text)?;
            Ok(("<stdin>".to_string(), text))
        }
    }
}

fn set_action(
    library: &mut Library,
    out: &mut terminal::Out,
    id: &str,
    number: usize,
    status: ActionStatus,
) -> Result<(), Failure> {
    let index = number
        .checked_sub(1)
        .ok_or_else(|| kintsugi_core::Error::InvalidField {
            field: "number".into(),
            message: "action items are numbered from 1".into(),
        })?;
    let story = library.set_action_status(library.resolve_id(id)?, index, status)?;
    let state = if status == ActionStatus::Done {
        "done"
    } else {
        "open"
    };
    writeln!(
        out,
        "action item {number} of \"{}\" is now {state} (revision {})",
        story.content.title, story.revision
    )?;
    Ok(())
}
