//! Writing the library out: a folder of Markdown files (re-importable
//! without loss), one JSON file, or one self-contained HTML file.

pub mod html;
pub mod markdown;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::story::Story;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ExportFormat {
    /// One `.md` file per story with YAML front matter.
    #[default]
    Md,
    /// `stories.json`: an array of stories.
    Json,
    /// `stories.html`: one readable, script-free page.
    Html,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportReport {
    /// Stories written.
    pub stories: usize,
    /// Files written.
    pub files: Vec<String>,
}

/// Writes `stories` into folder `dir` (created if missing).
pub fn write(dir: &Path, format: ExportFormat, stories: &[Story]) -> Result<ExportReport> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    let mut put = |name: String, text: String| -> Result<()> {
        let path = dir.join(&name);
        write_atomically(&path, text.as_bytes())?;
        files.push(path.display().to_string());
        Ok(())
    };
    match format {
        ExportFormat::Md => {
            for story in stories {
                put(markdown::file_name(story), markdown::to_markdown(story))?;
            }
        }
        ExportFormat::Json => {
            // Unknown front-matter keys of an anonymised story were never
            // reviewed by the anonymiser: they are not exported.
            let stories: Vec<Story> = stories
                .iter()
                .map(|s| {
                    let mut s = s.clone();
                    if s.content.anonymised {
                        s.content.extra.clear();
                    }
                    s
                })
                .collect();
            put(
                "stories.json".into(),
                serde_json::to_string_pretty(&stories)?,
            )?
        }
        ExportFormat::Html => put(
            "stories.html".into(),
            html::document("Kintsugi stories", stories),
        )?,
    }
    Ok(ExportReport {
        stories: stories.len(),
        files,
    })
}

/// Writes via a temporary file and a rename, so a crash never leaves half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp: PathBuf = path.with_extension("partial");
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}
