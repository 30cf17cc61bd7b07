//! Doors for tests that must do what no front end may: write to the
//! database behind the index's back, to prove the index catches up. Only
//! built with the `testing` feature (the core's own integration tests).

use std::path::Path;

use uuid::Uuid;

use crate::error::Result;
use crate::library::DATABASE_FILE;
use crate::store::Store;
use crate::story::StoryContent;

/// Opens the database of the library in `root` directly (the library must
/// not be open) and applies `edits` without touching the index.
pub fn write_behind_index(root: &Path, edits: &[Edit]) -> Result<()> {
    let mut store = Store::open(&root.join(DATABASE_FILE))?;
    let now = crate::clock::Clock::system().now();
    for edit in edits {
        match edit {
            Edit::Update(id, content) => {
                store.update(*id, content, None, now)?;
            }
            Edit::Delete(id) => store.delete(*id, now)?,
        }
    }
    Ok(())
}

/// One write made behind the index's back.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Replace a story's content.
    Update(Uuid, Box<StoryContent>),
    /// Move a story to the trash.
    Delete(Uuid),
}
