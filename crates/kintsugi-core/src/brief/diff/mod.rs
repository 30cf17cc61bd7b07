//! A bounded unified-diff parser for `git diff` output, `git format-patch`
//! files and plain `diff -u`.
//!
//! Invariants:
//! - Input over [`MAX_DIFF_BYTES`], more than [`MAX_FILES`] files or
//!   [`MAX_HUNKS`] hunks is an [`Error::Diff`] naming the input; lines over
//!   [`MAX_LINE_CHARS`] are cut with a note. Parsing is one pass over the
//!   lines, so time is linear in the input.
//! - Hunk bodies are read by their header's line counts, so a removed SQL
//!   comment (`--- old`) is never taken for a file header.
//! - Invalid UTF-8 is replaced (U+FFFD) with a note naming the file; CRLF
//!   line ends are accepted; `\ No newline at end of file` is skipped.
//! - Line numbers are those of the new file; a removed line carries the new
//!   file position it was removed at.

use std::borrow::Cow;

use crate::error::{Error, Result};
use header::{commit_line, git_header_path, hunk_header, strip_git_prefix, unquote};

mod header;

/// Largest diff read, in bytes.
pub const MAX_DIFF_BYTES: usize = 32 * 1024 * 1024;
/// Most files in one diff.
pub const MAX_FILES: usize = 20_000;
/// Most hunks in one diff.
pub const MAX_HUNKS: usize = 200_000;
/// Longest line kept, in characters; the rest is cut.
pub const MAX_LINE_CHARS: usize = 2_000;

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// A new file.
    Added,
    /// The file was removed.
    Deleted,
    /// Changed in place.
    Modified,
    /// Moved (possibly changed too).
    Renamed,
    /// Copied from another file.
    Copied,
}

/// Whether a line was added, removed or is context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A `+` line.
    Added,
    /// A `-` line.
    Removed,
    /// A ` ` line, unchanged.
    Context,
}

/// One line of a hunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    /// Added, removed or context.
    pub kind: LineKind,
    /// Line number in the new file; for a removed line, the new-file
    /// position it was removed at.
    pub number: u32,
    /// The text without the `+`/`-`/` ` marker and line end.
    pub text: String,
}

/// A hunk: `@@ -a,b +c,d @@ section`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// First line in the new file.
    pub new_start: u32,
    /// What git printed after the second `@@` (often the enclosing function).
    pub section: String,
    /// The lines, in order.
    pub lines: Vec<DiffLine>,
}

/// The changes to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDiff {
    /// Path in the new tree (the old path for a deleted file).
    pub path: String,
    /// Path before a rename or copy.
    pub old_path: Option<String>,
    /// What happened to the file.
    pub status: FileStatus,
    /// Git reported a binary change: no lines.
    pub binary: bool,
    /// The hunks, in order.
    pub hunks: Vec<Hunk>,
}

impl FileDiff {
    /// Every line of every hunk.
    pub fn lines(&self) -> impl Iterator<Item = &DiffLine> {
        self.hunks.iter().flat_map(|h| h.lines.iter())
    }

    /// Added and removed line counts.
    pub fn counts(&self) -> (usize, usize) {
        self.lines().fold((0, 0), |(a, r), l| match l.kind {
            LineKind::Added => (a + 1, r),
            LineKind::Removed => (a, r + 1),
            LineKind::Context => (a, r),
        })
    }
}

/// A commit named in the input (`From <id>` of a patch, `commit <id>` of a log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Full or abbreviated id, lowercase.
    pub id: String,
    /// Subject and message lines seen (may be empty).
    pub message: String,
}

/// A parsed diff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Files in the order they appear.
    pub files: Vec<FileDiff>,
    /// Commits named in the input, if any.
    pub commits: Vec<Commit>,
    /// Things the reader should know (invalid UTF-8, cut lines, skipped parts).
    pub notes: Vec<String>,
}

impl Diff {
    /// (files, added lines, removed lines).
    pub fn size(&self) -> (usize, usize, usize) {
        self.files.iter().fold((0, 0, 0), |(f, a, r), file| {
            let (fa, fr) = file.counts();
            (f + 1, a + fa, r + fr)
        })
    }
}

struct OpenHunk {
    old_left: u32,
    new_left: u32,
    next_new: u32,
}

struct Parser<'a> {
    input: &'a str,
    diff: Diff,
    file: Option<FileDiff>,
    hunk: Option<OpenHunk>,
    hunks: usize,
    /// The current file came from a `diff --git` header.
    git_style: bool,
    /// Inside a binary patch or a combined diff: skip until the next header.
    skipping: bool,
    /// A `--- ` line waiting for its `+++ `.
    pending_old: Option<String>,
    lossy_noted: bool,
    cut_noted: bool,
    in_message: bool,
}

/// Parses `bytes` read from `input` (a path, `stdin`, or a git source).
pub fn parse(input: &str, bytes: &[u8]) -> Result<Diff> {
    if bytes.len() > MAX_DIFF_BYTES {
        return Err(Error::Diff {
            input: input.to_string(),
            message: format!(
                "the diff is {} MiB, more than the {} MiB a briefing reads; brief a smaller range",
                bytes.len() / (1024 * 1024),
                MAX_DIFF_BYTES / (1024 * 1024)
            ),
        });
    }
    let mut parser = Parser {
        input,
        diff: Diff::default(),
        file: None,
        hunk: None,
        hunks: 0,
        git_style: false,
        skipping: false,
        pending_old: None,
        lossy_noted: false,
        cut_noted: false,
        in_message: false,
    };
    let mut raw_lines = bytes.split(|b| *b == b'\n');
    if bytes.ends_with(b"\n") {
        // `split` yields an empty piece after the final newline.
        let count = bytes.iter().filter(|b| **b == b'\n').count();
        for (n, raw) in raw_lines.by_ref().take(count).enumerate() {
            parser.line(n + 1, raw)?;
        }
    } else {
        for (n, raw) in raw_lines.enumerate() {
            parser.line(n + 1, raw)?;
        }
    }
    parser.finish(bytes)
}

impl Parser<'_> {
    fn error(&self, message: String) -> Error {
        Error::Diff {
            input: self.input.to_string(),
            message,
        }
    }

    fn file_name(&self) -> String {
        self.file
            .as_ref()
            .map_or_else(|| "the diff".to_string(), |f| f.path.clone())
    }

    fn decode<'b>(&mut self, raw: &'b [u8]) -> Cow<'b, str> {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let text = String::from_utf8_lossy(raw);
        if matches!(text, Cow::Owned(_)) && !self.lossy_noted {
            self.lossy_noted = true;
            let name = self.file_name();
            self.diff.notes.push(format!(
                "{}: {name} is not valid UTF-8; unreadable bytes were replaced",
                self.input
            ));
        }
        if text.chars().count() > MAX_LINE_CHARS {
            if !self.cut_noted {
                self.cut_noted = true;
                let name = self.file_name();
                self.diff.notes.push(format!(
                    "{}: lines longer than {MAX_LINE_CHARS} characters were cut (first in {name})",
                    self.input
                ));
            }
            return Cow::Owned(text.chars().take(MAX_LINE_CHARS).collect());
        }
        text
    }

    fn line(&mut self, number: usize, raw: &[u8]) -> Result<()> {
        if self.hunk.is_some() && self.hunk_line(number, raw) {
            return Ok(());
        }
        let text = self.decode(raw).into_owned();
        self.header(number, &text)
    }

    /// Reads one line of an open hunk; false when the line is not part of it.
    fn hunk_line(&mut self, number: usize, raw: &[u8]) -> bool {
        let marker = raw.first().copied();
        let kind = match marker {
            Some(b'+') => LineKind::Added,
            Some(b'-') => LineKind::Removed,
            Some(b' ') => LineKind::Context,
            // Some tools strip the lone space of an empty context line.
            None | Some(b'\r') => LineKind::Context,
            Some(b'\\') => return true,
            Some(_) => {
                let name = self.file_name();
                self.diff.notes.push(format!(
                    "{}: a hunk of {name} ends before its header said (diff line {number})",
                    self.input
                ));
                self.hunk = None;
                return false;
            }
        };
        let body = if raw.is_empty() { raw } else { &raw[1..] };
        let text = self.decode(body).into_owned();
        let Some(open) = self.hunk.as_mut() else {
            return false;
        };
        let line_number = open.next_new;
        match kind {
            LineKind::Added => {
                open.new_left = open.new_left.saturating_sub(1);
                open.next_new += 1;
            }
            LineKind::Removed => open.old_left = open.old_left.saturating_sub(1),
            LineKind::Context => {
                open.old_left = open.old_left.saturating_sub(1);
                open.new_left = open.new_left.saturating_sub(1);
                open.next_new += 1;
            }
        }
        let done = open.old_left == 0 && open.new_left == 0;
        if done {
            self.hunk = None;
        }
        if let Some(hunk) = self.file.as_mut().and_then(|f| f.hunks.last_mut()) {
            hunk.lines.push(DiffLine {
                kind,
                number: line_number,
                text,
            });
        }
        true
    }

    fn header(&mut self, number: usize, line: &str) -> Result<()> {
        if let Some(rest) = line.strip_prefix("diff --git ") {
            self.start_file(git_header_path(rest), true)?;
            return Ok(());
        }
        if line.starts_with("diff --cc ") || line.starts_with("diff --combined ") {
            self.close_file();
            self.skipping = true;
            self.diff.notes.push(format!(
                "{}: a combined (merge) diff was skipped; brief the range against one parent",
                self.input
            ));
            return Ok(());
        }
        if let Some(id) = commit_line(line) {
            self.close_file();
            self.skipping = false;
            self.in_message = true;
            self.diff.commits.push(Commit {
                id,
                message: String::new(),
            });
            return Ok(());
        }
        if self.skipping {
            return Ok(());
        }
        if let Some(old) = line.strip_prefix("--- ") {
            self.pending_old = Some(old.to_string());
            return Ok(());
        }
        if let Some(new) = line.strip_prefix("+++ ") {
            if let Some(old) = self.pending_old.take() {
                self.old_new_paths(&old, new)?;
                return Ok(());
            }
        }
        self.pending_old = None;
        if line.starts_with("@@ ") || line == "@@" {
            return self.start_hunk(number, line);
        }
        if line.starts_with("GIT binary patch") || line.starts_with("Binary files ") {
            if let Some(file) = self.file.as_mut() {
                file.binary = true;
            }
            self.skipping = line.starts_with("GIT binary patch");
            return Ok(());
        }
        let Some(file) = self.file.as_mut() else {
            if self.in_message {
                if let Some(commit) = self.diff.commits.last_mut() {
                    if commit.message.len() < 4096 {
                        let text = line.trim().trim_start_matches("Subject:").trim();
                        if !text.is_empty() {
                            commit.message.push_str(text);
                            commit.message.push('\n');
                        }
                    }
                }
            }
            return Ok(());
        };
        if line.starts_with("new file mode") {
            file.status = FileStatus::Added;
        } else if line.starts_with("deleted file mode") {
            file.status = FileStatus::Deleted;
        } else if let Some(from) = line.strip_prefix("rename from ") {
            file.status = FileStatus::Renamed;
            file.old_path = Some(unquote(from));
        } else if let Some(to) = line.strip_prefix("rename to ") {
            file.status = FileStatus::Renamed;
            file.path = unquote(to);
        } else if let Some(from) = line.strip_prefix("copy from ") {
            file.status = FileStatus::Copied;
            file.old_path = Some(unquote(from));
        } else if let Some(to) = line.strip_prefix("copy to ") {
            file.status = FileStatus::Copied;
            file.path = unquote(to);
        }
        Ok(())
    }

    fn start_file(&mut self, path: String, git_style: bool) -> Result<()> {
        self.close_file();
        self.skipping = false;
        self.in_message = false;
        if self.diff.files.len() >= MAX_FILES {
            return Err(self.error(format!(
                "more than {MAX_FILES} files changed; brief a smaller range"
            )));
        }
        self.git_style = git_style;
        self.file = Some(FileDiff {
            path,
            old_path: None,
            status: FileStatus::Modified,
            binary: false,
            hunks: Vec::new(),
        });
        Ok(())
    }

    fn close_file(&mut self) {
        self.hunk = None;
        self.pending_old = None;
        if let Some(file) = self.file.take() {
            self.diff.files.push(file);
        }
    }

    fn old_new_paths(&mut self, old: &str, new: &str) -> Result<()> {
        let strip = |p: &str, git: bool, prefix: &str| -> Option<String> {
            let p = unquote(p.split('\t').next().unwrap_or(p).trim_end());
            if p == "/dev/null" {
                return None;
            }
            if git {
                return Some(strip_git_prefix(&p).to_string());
            }
            Some(p.strip_prefix(prefix).map(str::to_string).unwrap_or(p))
        };
        // A plain `diff -u` file starts at its `---` line; a git one at `diff --git`.
        let continuing = self
            .file
            .as_ref()
            .is_some_and(|f| f.hunks.is_empty() && self.git_style);
        let plain_prefixes = old.starts_with("a/") && new.starts_with("b/");
        let git = self.git_style && continuing;
        let (a, b) = if plain_prefixes || git {
            ("a/", "b/")
        } else {
            ("\u{0}", "\u{0}")
        };
        let old_path = strip(old, git, a);
        let new_path = strip(new, git, b);
        if !continuing {
            let path = new_path.clone().or(old_path.clone()).unwrap_or_default();
            self.start_file(path, false)?;
        }
        if let Some(file) = self.file.as_mut() {
            match (&old_path, &new_path) {
                (None, Some(new)) => {
                    file.status = FileStatus::Added;
                    file.path = new.clone();
                }
                (Some(old), None) => {
                    file.status = FileStatus::Deleted;
                    file.path = old.clone();
                }
                (Some(old), Some(new)) => {
                    file.path = new.clone();
                    if old != new && file.status == FileStatus::Modified {
                        file.status = FileStatus::Renamed;
                        file.old_path = Some(old.clone());
                    }
                }
                (None, None) => {}
            }
        }
        Ok(())
    }

    fn start_hunk(&mut self, number: usize, line: &str) -> Result<()> {
        let Some((old_len, new_start, new_len, section)) = hunk_header(line) else {
            self.diff.notes.push(format!(
                "{}: diff line {number} looks like a hunk header but is not one; skipped",
                self.input
            ));
            return Ok(());
        };
        self.hunks += 1;
        if self.hunks > MAX_HUNKS {
            return Err(self.error(format!(
                "more than {MAX_HUNKS} hunks; brief a smaller range"
            )));
        }
        if self.file.is_none() {
            self.start_file("(unnamed)".to_string(), false)?;
        }
        if let Some(file) = self.file.as_mut() {
            file.hunks.push(Hunk {
                new_start,
                section,
                lines: Vec::new(),
            });
        }
        if old_len > 0 || new_len > 0 {
            self.hunk = Some(OpenHunk {
                old_left: old_len,
                new_left: new_len,
                next_new: new_start.max(1),
            });
        }
        Ok(())
    }

    fn finish(mut self, bytes: &[u8]) -> Result<Diff> {
        self.close_file();
        let has_text = bytes.iter().any(|b| !b.is_ascii_whitespace());
        if self.diff.files.is_empty() && self.diff.commits.is_empty() && has_text {
            return Err(self.error(
                "no unified diff found (expected `diff --git`, `---`/`+++` or `@@` lines)".into(),
            ));
        }
        Ok(self.diff)
    }
}

#[cfg(test)]
mod tests;
