//! The app's own settings, kept as `settings.json` in the app config folder.

use std::path::{Path, PathBuf};

use kintsugi_core::{ErrorCode, IpcError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::state::app_error;

/// Colour scheme of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Theme {
    /// Follow the system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// What `settings.json` holds. Unknown or broken files fall back to defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Library folder chosen in the app (the environment variable wins).
    pub library_path: Option<PathBuf>,
    /// Colour scheme.
    pub theme: Theme,
    /// Sync with the team repository after a change and every few minutes.
    pub team_auto_sync: bool,
}

impl Settings {
    /// Reads settings; a missing or unreadable file gives the defaults.
    pub fn read(file: &Path) -> Settings {
        std::fs::read_to_string(file)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes settings atomically (temporary file, then rename).
    pub fn write(&self, file: &Path) -> Result<(), IpcError> {
        let io = |e: std::io::Error| app_error(ErrorCode::Io, format!("{}: {e}", file.display()));
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| app_error(ErrorCode::Json, e.to_string()))?;
        let tmp = file.with_extension("json.partial");
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, file).map_err(io)
    }
}
