//! Command bodies: plain functions over [`AppState`](crate::state::AppState),
//! one core call each, errors as [`IpcError`](kintsugi_core::IpcError). The
//! `#[tauri::command]` wrappers live in [`crate::ipc`]; keeping the bodies
//! free of Tauri lets `cargo test` exercise them without a window.

pub mod actions;
pub mod anonymise;
pub mod retro;
pub mod search;
pub mod settings;
pub mod stories;
pub mod transfer;

use kintsugi_core::{Error, IpcError};
use uuid::Uuid;

/// Reads a story id sent by the UI. A malformed id cannot name a story, so
/// it is reported as `not_found`.
pub fn parse_id(id: &str) -> Result<Uuid, IpcError> {
    Uuid::parse_str(id.trim()).map_err(|_| IpcError {
        code: kintsugi_core::ErrorCode::NotFound,
        message: format!("`{id}` is not a story id"),
    })
}

/// Reads a value sent as JSON, reporting a shape error as `invalid_field`.
pub fn from_json<T: serde::de::DeserializeOwned>(
    what: &str,
    value: serde_json::Value,
) -> Result<T, IpcError> {
    serde_json::from_value(value).map_err(|e| {
        IpcError::from(Error::InvalidField {
            field: what.to_string(),
            message: e.to_string(),
        })
    })
}
