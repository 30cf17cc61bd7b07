//! Command bodies: plain functions over [`AppState`](crate::state::AppState),
//! one core call each, errors as [`IpcError`](kintsugi_core::IpcError). Each
//! is declared once in `src/api/catalog.rs`, which generates its Tauri
//! wrapper; keeping the bodies free of Tauri lets `cargo test` exercise them
//! without a window.

pub mod actions;
pub mod brief;
pub mod insights;
pub mod retro;
pub mod search;
pub mod settings;
pub mod sharing;
pub mod stories;
pub mod team;
pub mod transfer;
