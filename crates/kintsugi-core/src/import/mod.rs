//! Reading stories from files: Markdown with YAML front matter, plain
//! Markdown, and list documents (see [`list_document`]).
//!
//! Import never aborts half-way: each file either yields stories or one
//! [`ImportFailure`] naming the file and the problem. Files are checked before
//! they are parsed: over [`MAX_FILE_BYTES`], empty, binary (a NUL byte) and
//! invalid UTF-8 (with the byte offset) are each reported as such.

pub(crate) mod front_matter;
mod identity;
pub mod list_document;

pub(crate) use identity::store_parsed;

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::story::StoryContent;

/// Largest file imported, in bytes.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Longest title derived from text, in characters.
const TITLE_MAX: usize = 90;

/// File name endings read when a folder is imported.
const MARKDOWN_EXTENSIONS: [&str; 3] = ["md", "markdown", "mdown"];

/// A story read from a file, before it is stored.
#[derive(Debug, Clone)]
pub struct ParsedStory {
    /// Identity given by the file (front matter `uuid`, or derived from a list entry's URL).
    pub id: Option<Uuid>,
    /// The story.
    pub content: StoryContent,
}

/// A file that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportFailure {
    /// The file (or folder) as given or found.
    pub path: String,
    /// What is wrong, naming the field where there is one.
    pub message: String,
}

/// Outcome of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// New stories stored.
    pub imported: usize,
    /// Existing stories that changed (a new revision each).
    pub updated: usize,
    /// Existing stories found identical.
    pub unchanged: usize,
    /// Files that failed, each with its reason.
    pub errors: Vec<ImportFailure>,
}

/// Progress of a running import.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    /// Files finished.
    pub done: usize,
    /// Files in all.
    pub total: usize,
    /// Stories stored so far (a list document holds many).
    pub stories: usize,
    /// The file just finished.
    pub path: String,
}

impl ImportFailure {
    pub(crate) fn new(path: &Path, error: &Error) -> Self {
        let message = match error {
            // These already carry the path; keep just the problem.
            Error::Parse { message, .. } => message.clone(),
            Error::Io { source, .. } => source.to_string(),
            other => other.to_string(),
        };
        ImportFailure {
            path: path.display().to_string(),
            message,
        }
    }
}

/// Expands folders (recursively, Markdown files only, hidden entries
/// skipped) and checks that named files exist. Sorted for stable output.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ImportFailure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .follow_links(false)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_markdown(e.path()) => {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => failures.push(ImportFailure {
                        path: e.path().unwrap_or(path).display().to_string(),
                        message: e.to_string(),
                    }),
                }
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            failures.push(ImportFailure {
                path: path.display().to_string(),
                message: "no such file or folder".into(),
            });
        }
    }
    (files, failures)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| MARKDOWN_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads one file as text, applying the checks in the module docs.
pub fn read_text(path: &Path) -> Result<String> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::parse(
            path,
            format!(
                "file is {:.1} MiB, over the {} MiB limit",
                meta.len() as f64 / 1048576.0,
                MAX_FILE_BYTES / 1048576
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(Error::parse(
            path,
            "binary file (contains NUL bytes), not Markdown",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::parse(
            path,
            format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::parse(path, "file is empty"));
    }
    Ok(text)
}

/// Reads the stories in one file.
pub fn parse_file(path: &Path) -> Result<Vec<ParsedStory>> {
    let text = read_text(path)?;
    parse_text(path, &text)
}

/// Reads the stories in `text`, naming `path` in errors.
pub fn parse_text(path: &Path, text: &str) -> Result<Vec<ParsedStory>> {
    let stories = match front_matter::split(path, text)? {
        Some((yaml, body)) => vec![front_matter::parse(path, &yaml, &body)?],
        None => match list_document::parse(text) {
            Some(stories) => stories,
            None => vec![plain(path, text)],
        },
    };
    stories
        .into_iter()
        .map(|mut story| {
            story.content = story.content.normalize().map_err(|e| match e {
                Error::InvalidField { field, message } => {
                    Error::parse(path, format!("field `{field}`: {message}"))
                }
                other => other,
            })?;
            Ok(story)
        })
        .collect()
}

/// Markdown without front matter: one story titled by its first heading.
fn plain(path: &Path, text: &str) -> ParsedStory {
    let (body, parts) = crate::markdown::sections::split(text);
    let mut content = StoryContent {
        body,
        parts,
        ..Default::default()
    };
    content.title = derive_title(&mut content, path);
    ParsedStory { id: None, content }
}

/// A title for a story that has none: its leading `#` heading (removed from
/// the body), else the first sentence of its summary or body, else company
/// and product, else the file name. Never empty.
pub(crate) fn derive_title(content: &mut StoryContent, path: &Path) -> String {
    let body = content.body.trim_start();
    if let Some(rest) = body.strip_prefix("# ") {
        let (heading, after) = rest.split_once('\n').unwrap_or((rest, ""));
        let heading = heading.trim().to_string();
        if !heading.is_empty() {
            content.body = after.trim().to_string();
            return heading;
        }
    }
    let prefix = match (&content.company, &content.product) {
        (Some(c), _) => format!("{c}: "),
        (None, Some(p)) => format!("{p}: "),
        _ => String::new(),
    };
    let from_text = [&content.summary, &content.body]
        .into_iter()
        .map(|t| plain_text_start(t))
        .find(|t| !t.is_empty());
    if let Some(text) = from_text {
        let room = TITLE_MAX.saturating_sub(prefix.chars().count()).max(40);
        return format!("{prefix}{}", list_document::first_sentence(&text, room));
    }
    let org: Vec<&str> = [&content.company, &content.product]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !org.is_empty() {
        return format!("{} incident", org.join(" "));
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "Untitled story".into())
}

/// The first paragraph of Markdown as plain words (markup characters dropped).
fn plain_text_start(markdown: &str) -> String {
    let paragraph = markdown
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("```"))
        .unwrap_or("");
    paragraph
        .replace(['*', '_', '`', '[', ']', '>'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The identity a parsed story is stored under when the file gave none: from
/// its source URL, else from the file's canonical path.
pub(crate) fn fallback_id(path: &Path, content: &StoryContent) -> Uuid {
    let key = match &content.source_url {
        Some(url) => url.clone(),
        None => {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            format!("file://{}", canonical.display())
        }
    };
    Uuid::new_v5(&Uuid::NAMESPACE_URL, key.as_bytes())
}
