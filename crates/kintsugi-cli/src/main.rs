//! `kintsugi`: the command line of a local-first library of postmortems and
//! war stories. `main` parses the arguments, opens the library and hands
//! each subcommand to the file that owns it; those call one core method and
//! print the result for a person or, with `--json`, in the documented JSON
//! shapes (`docs/cli.md`). Exit codes: 0 success, 1 failure, 2 usage error,
//! 3 import finished with some files failing, 4 lint found wording.

mod actions;
mod args;
mod brief;
mod finding;
mod health;
mod hook;
mod ids;
mod insights;
mod manual;
mod output;
mod progress;
mod stories;
mod team;
mod terminal;
mod transfer;
mod writing;

use std::process::ExitCode;

use clap::Parser;
use kintsugi_core::actions::ActionItemFilter;
use kintsugi_core::{ActionStatus, Library};

use args::{Args, Command};
use output::Outcome;

fn main() -> ExitCode {
    run(Args::parse()).unwrap_or_else(output::report)
}

fn run(args: Args) -> Outcome {
    let mut out = terminal::stdout();
    // Commands that read a file and need no library never open (or create) one.
    let command = match args.command {
        Command::Lint {
            file,
            participants,
            json,
        } => return writing::lint(&mut out, file.as_deref(), participants, json),
        Command::Anonymise {
            file,
            people,
            glossary,
            json,
        } => return writing::anonymise(&mut out, file.as_deref(), people, glossary, json),
        Command::Completions { shell } => return manual::completions(&mut out, shell),
        Command::Man => return manual::man(&mut out),
        other => other,
    };
    let root = kintsugi_core::locate_library(args.library, None).path;
    let library = Library::open(&root)?;
    let out = &mut out;
    let lib = &library;
    match command {
        Command::Brief(brief_args) => brief::run(lib, out, brief_args),
        Command::Hook(hook_args) => hook::run(out, &root, hook_args),
        Command::Team { command } => team::team(lib, out, command),
        Command::Sync { json } => team::sync(lib, out, json),
        Command::Conflicts { json } => team::conflicts(lib, out, json),
        Command::Resolve {
            id, field, mine, ..
        } => team::resolve(lib, out, &id, &field, mine),
        Command::Import { paths, json } => transfer::import(lib, out, &paths, json),
        Command::Search {
            query,
            limit,
            sort,
            json,
        } => finding::search(lib, out, &query, limit, sort, json),
        Command::Show { id, format } => stories::show(lib, out, &id, format),
        Command::Related { id, limit, json } => finding::related(lib, out, &id, limit, json),
        Command::History { id, json } => stories::history(lib, out, &id, json),
        Command::Revert { id, revision } => stories::revert(lib, out, &id, revision),
        Command::Delete { id } => stories::delete(lib, out, &id),
        Command::Restore { id } => stories::restore(lib, out, &id),
        Command::Trash { json } => stories::trash(lib, out, json),
        Command::Purge { id } => stories::purge(lib, out, &id),
        Command::Export {
            dir,
            format,
            anonymise,
            people,
            glossary,
        } => transfer::export(
            lib,
            out,
            &dir,
            format,
            transfer::Anonymise {
                on: anonymise,
                people,
                glossary,
            },
        ),
        Command::Sample => transfer::sample(lib, out),
        Command::Tags { json } => finding::tags(lib, out, json),
        Command::Stats { json } => finding::stats(lib, out, json),
        Command::Insights { json, html } => insights::insights(lib, out, json, html.as_deref()),
        Command::SeenBefore { text, limit, json } => {
            insights::seen_before(lib, out, &text, limit, json)
        }
        Command::Check { repair, json } => health::check(lib, out, repair, json),
        Command::Actions {
            open,
            done,
            owner,
            tag,
            overdue,
            json,
        } => {
            let status = match (open, done) {
                (true, _) => Some(ActionStatus::Open),
                (_, true) => Some(ActionStatus::Done),
                _ => None,
            };
            let filter = ActionItemFilter {
                status,
                owner,
                tag,
                overdue,
            };
            actions::list(lib, out, filter, json)
        }
        Command::ActionDone { id, number } => {
            actions::set(lib, out, &id, number, ActionStatus::Done)
        }
        Command::ActionReopen { id, number } => {
            actions::set(lib, out, &id, number, ActionStatus::Open)
        }
        Command::Backup { file } => health::backup(lib, out, &file),
        Command::RestoreBackup { file } => health::restore_backup(lib, out, &file),
        Command::Lint { .. }
        | Command::Anonymise { .. }
        | Command::Completions { .. }
        | Command::Man => Ok(ExitCode::SUCCESS),
    }
}
