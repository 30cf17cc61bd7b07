//! Where the library lives, backups, and app preferences.

use std::path::PathBuf;

use kintsugi_core::IpcError;
use serde::Serialize;
use ts_rs::TS;

use crate::settings::Theme;
use crate::state::AppState;

/// What the Settings screen shows.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    /// The library folder in use.
    pub library_path: String,
    /// True when the `KINTSUGI_LIBRARY` environment variable chose it (a
    /// switched folder is still saved, but the variable wins at next start).
    pub library_from_env: bool,
    /// False while the library is still opening (or if it failed to open):
    /// the UI says "opening" rather than showing an empty library.
    pub library_open: bool,
    /// True when the library folder cannot be written: reading and search
    /// work, every change fails with `library_read_only`. The UI says so
    /// up front instead of letting the first change find out.
    pub library_read_only: bool,
    /// Where settings are saved, if anywhere.
    pub settings_path: Option<String>,
    /// Colour scheme.
    pub theme: Theme,
    /// Whether the app syncs with the team repository on its own.
    pub team_auto_sync: bool,
    /// App version.
    pub version: String,
}

/// Outcome of restoring a backup.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestoreOutcome {
    /// Copy of the content that the restore replaced.
    pub safety_copy: String,
}

/// Library location, theme and version.
pub fn app_info(state: &AppState) -> Result<AppInfo, IpcError> {
    let settings = state.settings();
    Ok(AppInfo {
        library_path: state.library_path().display().to_string(),
        library_from_env: state.library_source() == kintsugi_core::LibrarySource::Environment,
        library_open: state.is_open(),
        library_read_only: state.is_read_only(),
        settings_path: state.settings_file().map(|p| p.display().to_string()),
        theme: settings.theme,
        team_auto_sync: settings.team_auto_sync,
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

/// Opens (creating if needed) the library in `path` and remembers it.
pub fn switch_library(state: &AppState, path: PathBuf) -> Result<AppInfo, IpcError> {
    state.switch_library(&path)?;
    app_info(state)
}

/// Changes and saves the colour scheme.
pub fn set_theme(state: &AppState, theme: Theme) -> Result<AppInfo, IpcError> {
    state.set_theme(theme)?;
    app_info(state)
}

/// Turns automatic team sync on or off, and saves it.
pub fn set_team_auto_sync(state: &AppState, on: bool) -> Result<AppInfo, IpcError> {
    state.set_team_auto_sync(on)?;
    app_info(state)
}

/// Writes a consistent copy of the database to `dest`.
pub fn backup_library(state: &AppState, dest: PathBuf) -> Result<(), IpcError> {
    state.with(|lib| lib.backup_library(&dest))
}

/// Replaces the library's content with the backup at `source`.
pub fn restore_backup(state: &AppState, source: PathBuf) -> Result<RestoreOutcome, IpcError> {
    let safety = state.restore_backup(&source)?;
    Ok(RestoreOutcome {
        safety_copy: safety.display().to_string(),
    })
}
