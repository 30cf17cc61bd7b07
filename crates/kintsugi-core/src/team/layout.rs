//! The layout of a team repository and its `kintsugi.toml`.
//!
//! ```text
//! kintsugi.toml             library_id, format_version, min_app_version
//! .gitattributes            every file is text with LF line ends
//! stories/<uuid>.md         one story per file; the name never changes
//! glossary.yaml             the anonymisation glossary
//! reading-lists/<uuid>.yaml one reading list per file
//! ```
//!
//! Invariants: a repository whose `format_version` is newer than
//! [`FORMAT_VERSION`], or whose `min_app_version` is above this build, is
//! refused before anything is written to it or imported from it, so an old
//! Kintsugi never rewrites files in a form it does not understand.
//! `kintsugi.toml` is read by a small bounded reader of `key = value` lines
//! (strings and integers), which is all the format uses.

use uuid::Uuid;

use crate::error::{Error, Result};

/// The repository format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// The file that marks a repository as a Kintsugi team library.
pub const MANIFEST: &str = "kintsugi.toml";
/// Line-ending rules for every checkout of the repository.
pub const GITATTRIBUTES: &str = ".gitattributes";
/// The branch the team shares.
pub const BRANCH: &str = "main";
/// Largest `kintsugi.toml` read, in bytes.
const MAX_MANIFEST: usize = 64 * 1024;

/// The content of `.gitattributes`.
pub const GITATTRIBUTES_TEXT: &str =
    "# Kintsugi writes every file with LF line ends; keep them so on every machine.\n* text=auto eol=lf\n";

/// What `kintsugi.toml` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Identity of the team library (stays when the remote moves).
    pub library_id: String,
    /// Repository format version.
    pub format_version: u32,
    /// The oldest Kintsugi version that may write to the repository.
    pub min_app_version: String,
}

impl Manifest {
    /// A new team library's manifest.
    pub fn new() -> Manifest {
        Manifest {
            library_id: Uuid::new_v4().to_string(),
            format_version: FORMAT_VERSION,
            min_app_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// The file text.
    pub fn render(&self) -> String {
        format!(
            "# A Kintsugi team library: one story per file in stories/ (see docs/team.md).\n\
             library_id = \"{}\"\nformat_version = {}\nmin_app_version = \"{}\"\n",
            self.library_id, self.format_version, self.min_app_version
        )
    }

    /// Reads `kintsugi.toml` (errors name the file and the key).
    pub fn parse(text: &str) -> Result<Manifest> {
        let err = |m: String| Error::parse(MANIFEST, m);
        if text.len() > MAX_MANIFEST {
            return Err(err(format!("larger than {} KiB", MAX_MANIFEST / 1024)));
        }
        let (mut id, mut format, mut min) = (None, None, None);
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(err(format!("line {}: expected `key = value`", n + 1)));
            };
            let (key, value) = (key.trim(), value.trim());
            let string = || -> Result<String> {
                value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .filter(|v| !v.contains('"'))
                    .map(str::to_string)
                    .ok_or_else(|| err(format!("`{key}`: expected a quoted string")))
            };
            match key {
                "library_id" => id = Some(string()?),
                "min_app_version" => min = Some(string()?),
                "format_version" => {
                    format = Some(value.parse::<u32>().map_err(|_| {
                        err(format!(
                            "`format_version`: expected a number, found `{value}`"
                        ))
                    })?)
                }
                _ => {}
            }
        }
        Ok(Manifest {
            library_id: id
                .filter(|i| !i.trim().is_empty())
                .ok_or_else(|| err("`library_id` is missing".into()))?,
            format_version: format.ok_or_else(|| err("`format_version` is missing".into()))?,
            min_app_version: min.unwrap_or_else(|| "0.0.0".into()),
        })
    }

    /// Refuses a repository this build must not write to.
    pub fn check_supported(&self, remote: &str) -> Result<()> {
        if self.format_version > FORMAT_VERSION {
            return Err(Error::TeamFormat {
                remote: remote.to_string(),
                message: format!(
                    "the team library uses format {} but this Kintsugi knows format {}; upgrade Kintsugi",
                    self.format_version, FORMAT_VERSION
                ),
            });
        }
        if newer(&self.min_app_version, env!("CARGO_PKG_VERSION")) {
            return Err(Error::TeamFormat {
                remote: remote.to_string(),
                message: format!(
                    "the team library needs Kintsugi {} or newer (this is {}); upgrade Kintsugi",
                    self.min_app_version,
                    env!("CARGO_PKG_VERSION")
                ),
            });
        }
        Ok(())
    }
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest::new()
    }
}

/// True when version `a` is above `b` (dotted numbers; a suffix such as
/// `-beta` is ignored).
fn newer(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> {
        v.split(['-', '+'])
            .next()
            .unwrap_or_default()
            .split('.')
            .map(|p| p.trim().parse().unwrap_or(0))
            .collect()
    };
    let (a, b) = (parts(a), parts(b));
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (
            a.get(i).copied().unwrap_or(0),
            b.get(i).copied().unwrap_or(0),
        );
        if x != y {
            return x > y;
        }
    }
    false
}

/// The kinds of file a team repository holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// `stories/<uuid>.md`.
    Story(Uuid),
    /// `glossary.yaml`.
    Glossary,
    /// `reading-lists/<uuid>.yaml`.
    ReadingList(Uuid),
    /// `kintsugi.toml` or `.gitattributes`.
    Layout,
    /// Anything else (a README, CI files): left as the team has it.
    Other,
}

/// What the file at `path` is.
pub fn entry(path: &str) -> Entry {
    if let Some(id) = super::file::id_of(path) {
        return Entry::Story(id);
    }
    if path == super::documents::GLOSSARY {
        return Entry::Glossary;
    }
    if let Some(id) = super::documents::reading_list_id(path) {
        return Entry::ReadingList(id);
    }
    if path == MANIFEST || path == GITATTRIBUTES {
        return Entry::Layout;
    }
    Entry::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_and_is_checked() {
        let m = Manifest::new();
        assert_eq!(Manifest::parse(&m.render()).unwrap(), m);
        m.check_supported("r").unwrap();
        let newer_format = Manifest {
            format_version: FORMAT_VERSION + 1,
            ..m.clone()
        };
        let err = newer_format
            .check_supported("/srv/team.git")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("/srv/team.git") && err.contains("upgrade"),
            "{err}"
        );
        let needs_newer = Manifest {
            min_app_version: "99.0.0".into(),
            ..m
        };
        assert!(needs_newer
            .check_supported("r")
            .unwrap_err()
            .to_string()
            .contains("99.0.0"));
    }

    #[test]
    fn manifest_errors_name_the_key() {
        let err = Manifest::parse("format_version = 1\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("kintsugi.toml") && err.contains("library_id"),
            "{err}"
        );
        let err = Manifest::parse("library_id = \"x\"\nformat_version = one\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("format_version"), "{err}");
        assert!(Manifest::parse("just words").is_err());
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(newer("0.10.0", "0.9.9"));
        assert!(!newer("0.1.0", "0.1.0"));
        assert!(!newer("0.1.0-beta", "0.1.0"));
        assert!(newer("1", "0.99"));
    }

    #[test]
    fn entries_by_path() {
        let id = Uuid::new_v4();
        assert_eq!(entry(&format!("stories/{id}.md")), Entry::Story(id));
        assert_eq!(entry("glossary.yaml"), Entry::Glossary);
        assert_eq!(
            entry(&format!("reading-lists/{id}.yaml")),
            Entry::ReadingList(id)
        );
        assert_eq!(entry("kintsugi.toml"), Entry::Layout);
        assert_eq!(entry("README.md"), Entry::Other);
    }
}
