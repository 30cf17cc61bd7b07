//! Where a library lives. One function, [`locate_library`], decides for
//! every front end, so the CLI and the app always agree on which folder a
//! setting, the environment or the default names.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

/// The environment variable naming a library folder.
pub const LIBRARY_ENV: &str = "KINTSUGI_LIBRARY";

/// What chose the library folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum LibrarySource {
    /// Given on the command line (`--library`).
    Argument,
    /// The `KINTSUGI_LIBRARY` environment variable.
    Environment,
    /// Saved in the app's settings.
    Settings,
    /// The platform data folder (`~/.local/share/kintsugi` on Linux).
    Default,
}

/// A library folder and what chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryLocation {
    /// The folder.
    pub path: PathBuf,
    /// What chose it.
    pub source: LibrarySource,
}

/// The library folder to use, first of: `argument`, the `KINTSUGI_LIBRARY`
/// environment variable (when set and not empty), `saved` (the app's
/// settings), the platform data folder.
pub fn locate_library(argument: Option<PathBuf>, saved: Option<PathBuf>) -> LibraryLocation {
    let env = std::env::var_os(LIBRARY_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    choose(argument, env, saved)
}

fn choose(
    argument: Option<PathBuf>,
    env: Option<PathBuf>,
    saved: Option<PathBuf>,
) -> LibraryLocation {
    let found = [
        (argument, LibrarySource::Argument),
        (env, LibrarySource::Environment),
        (saved, LibrarySource::Settings),
    ]
    .into_iter()
    .find_map(|(path, source)| path.map(|path| LibraryLocation { path, source }));
    found.unwrap_or_else(|| LibraryLocation {
        path: dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("kintsugi"),
        source: LibrarySource::Default,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_given_place_wins() {
        let p = |s: &str| Some(PathBuf::from(s));
        assert_eq!(
            choose(p("/a"), p("/e"), p("/s")).source,
            LibrarySource::Argument
        );
        assert_eq!(choose(None, p("/e"), p("/s")).path, PathBuf::from("/e"));
        assert_eq!(choose(None, None, p("/s")).source, LibrarySource::Settings);
        let fallback = choose(None, None, None);
        assert_eq!(fallback.source, LibrarySource::Default);
        assert!(fallback.path.ends_with("kintsugi"));
    }
}
