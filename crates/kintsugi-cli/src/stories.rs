//! `show`, `history`, `revert`, `delete`, `restore`, `trash`, `purge`:
//! one story at a time, and the trash.

use std::io::Write;
use std::process::ExitCode;

use kintsugi_core::Library;

use crate::args::Format;
use crate::ids::ShortIds;
use crate::output::{json, Outcome};
use crate::terminal::{self, Out};

/// Prints one story as Markdown, JSON or HTML.
pub fn show(library: &Library, out: &mut Out, id: &str, format: Format) -> Outcome {
    let story = library.get_story(library.resolve_id(id)?)?;
    match format {
        Format::Md => write!(
            out,
            "{}",
            kintsugi_core::export::markdown::to_markdown(&story)
        )?,
        Format::Json => json(out, &story)?,
        Format::Html => write!(
            out,
            "{}",
            kintsugi_core::export::html::document(
                &story.content.title,
                std::slice::from_ref(&story)
            )
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Lists a story's revisions.
pub fn history(library: &Library, out: &mut Out, id: &str, as_json: bool) -> Outcome {
    let revisions = library.story_history(library.resolve_id(id)?)?;
    if as_json {
        json(out, &revisions)?;
    } else {
        terminal::history(out, &revisions)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Makes an earlier revision current again.
pub fn revert(library: &Library, out: &mut Out, id: &str, revision: u32) -> Outcome {
    let story = library.restore_revision(library.resolve_id(id)?, revision)?;
    writeln!(
        out,
        "restored revision {revision} as revision {}",
        story.revision
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Moves a story to the trash.
pub fn delete(library: &Library, out: &mut Out, id: &str) -> Outcome {
    let id = library.resolve_id(id)?;
    library.delete_story(id)?;
    writeln!(out, "moved {id} to the trash (undo: kintsugi restore {id})")?;
    Ok(ExitCode::SUCCESS)
}

/// Brings a story back from the trash.
pub fn restore(library: &Library, out: &mut Out, id: &str) -> Outcome {
    let id = library.resolve_id(id)?;
    library.restore_story(id)?;
    writeln!(out, "restored {id}")?;
    Ok(ExitCode::SUCCESS)
}

/// Lists the trash.
pub fn trash(library: &Library, out: &mut Out, as_json: bool) -> Outcome {
    let trash = library.list_trash()?;
    if as_json {
        json(out, &trash)?;
    } else {
        let ids = ShortIds::of(library, trash.iter().map(|s| s.id))?;
        terminal::summaries(out, &trash, &ids, "The trash is empty.")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Deletes a trashed story for good.
pub fn purge(library: &Library, out: &mut Out, id: &str) -> Outcome {
    let id = library.resolve_id(id)?;
    library.purge_story(id)?;
    writeln!(out, "purged {id}")?;
    Ok(ExitCode::SUCCESS)
}
