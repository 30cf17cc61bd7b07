//! Kintsugi's desktop app: a thin Tauri shell over `kintsugi-core`.
//!
//! - [`api`]: every command declared once; the Tauri wrappers, permissions,
//!   capability grant and TypeScript functions come from that declaration.
//! - [`commands`]: command bodies as plain functions (tested without a window).
//! - [`state`]: the open library shared by all commands.
//! - [`prefetch`]: work done before it is asked for (the insights).
//! - [`settings`]: `settings.json` in the app config folder.

pub mod api;
pub mod commands;
pub mod prefetch;
pub mod settings;
pub mod state;

use tauri::plugin::TauriPlugin;
use tauri::{Manager, Runtime};

use crate::state::AppState;

/// True for the addresses the app's own UI is served from. Anything else
/// (a link in a story, say) must open in the system browser, never here.
pub fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => matches!(
            (url.host_str(), url.port()),
            (Some("tauri.localhost"), _)
                | (Some("ipc.localhost"), _)
                | (Some("localhost"), Some(5173))
        ),
        "about" => url.as_str() == "about:blank",
        _ => false,
    }
}

/// Refuses any navigation of the webview away from the app.
fn navigation_guard<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| is_app_url(url))
        .build()
}

/// Starts the app.
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(navigation_guard())
        .setup(|app| {
            let settings_file = app
                .path()
                .app_config_dir()
                .ok()
                .map(|dir| dir.join("settings.json"));
            let state = AppState::load(settings_file);
            prefetch::start(state.clone());
            app.manage(state);
            Ok(())
        })
        .invoke_handler(api::handler!())
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("kintsugi: could not start the app: {error}");
        std::process::exit(1);
    }
}
