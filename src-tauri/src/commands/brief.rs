//! Before a change: a pasted diff, or a repository's range or staged
//! changes, briefed against the library.

use std::path::PathBuf;

use kintsugi_core::brief::{BriefInput, BriefedChange, DiffInput, GitChanges, GitSource};
use kintsugi_core::{ErrorCode, IpcError};

use crate::state::{app_error, AppState};

/// Briefs a change. With `repo`, reads its `range` (or its staged changes
/// when `range` is blank); without, briefs the pasted `diff`. `text` is
/// free text such as a pull request's description.
pub fn brief_change(
    state: &AppState,
    diff: String,
    repo: Option<PathBuf>,
    range: Option<String>,
    text: String,
) -> Result<BriefedChange, IpcError> {
    let diff = match repo {
        Some(repo) => {
            let changes = match range.as_deref().map(str::trim) {
                None | Some("") => GitChanges::Staged,
                Some(range) => GitChanges::Range(range.to_string()),
            };
            DiffInput::Git(GitSource { repo, changes })
        }
        None if diff.trim().is_empty() && text.trim().is_empty() => {
            return Err(app_error(
                ErrorCode::InvalidArgument,
                "paste a diff, describe the change, or pick a repository",
            ));
        }
        None if diff.trim().is_empty() => DiffInput::None,
        None => DiffInput::Bytes {
            name: "the pasted diff".into(),
            bytes: diff.into_bytes(),
        },
    };
    state.with(|lib| {
        lib.brief_change(&BriefInput {
            diff,
            text,
            limit: 0,
        })
    })
}
