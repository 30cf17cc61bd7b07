//! Bringing stories in and out: import, the sample library, export.

use std::path::PathBuf;

use kintsugi_core::export::{ExportFormat, ExportReport};
use kintsugi_core::import::{ImportProgress, ImportReport};
use kintsugi_core::IpcError;

use crate::state::AppState;

/// Imports files and folders; `progress` is called after each file.
pub fn import_paths(
    state: &AppState,
    paths: Vec<PathBuf>,
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<ImportReport, IpcError> {
    state.with(|lib| lib.import_paths(&paths, progress))
}

/// Loads the built-in sample stories (idempotent).
pub fn load_sample(state: &AppState) -> Result<ImportReport, IpcError> {
    state.with(|lib| lib.load_sample())
}

/// Exports all live stories into folder `dir`.
pub fn export_library(
    state: &AppState,
    dir: PathBuf,
    format: ExportFormat,
) -> Result<ExportReport, IpcError> {
    state.with(|lib| lib.export_library(&dir, format))
}
