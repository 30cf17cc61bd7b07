//! `actions`, `action-done`, `action-reopen`: follow-ups across stories.

use std::io::Write;
use std::process::ExitCode;

use kintsugi_core::actions::ActionItemFilter;
use kintsugi_core::{ActionStatus, Library};

use crate::ids::ShortIds;
use crate::output::{json, Failure, Outcome};
use crate::terminal::{self, Out};

/// Lists action items that pass `filter`.
pub fn list(library: &Library, out: &mut Out, filter: ActionItemFilter, as_json: bool) -> Outcome {
    let items = library.list_action_items(&filter)?;
    if as_json {
        json(out, &items)?;
    } else {
        let ids = ShortIds::of(library, items.iter().map(|e| e.story_id))?;
        terminal::action_items(out, &items, &ids)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Marks item `number` (from 1, as listed) of a story open or done.
pub fn set(
    library: &Library,
    out: &mut Out,
    id: &str,
    number: usize,
    status: ActionStatus,
) -> Outcome {
    let index = number.checked_sub(1).ok_or_else(|| {
        Failure::Core(kintsugi_core::Error::InvalidField {
            field: "number".into(),
            message: "action items are numbered from 1".into(),
        })
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
    Ok(ExitCode::SUCCESS)
}
