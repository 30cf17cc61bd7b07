//! Kintsugi's desktop app: a thin Tauri shell over `kintsugi-core`.
//!
//! - [`state`]: the open library shared by all commands.
//! - [`commands`]: command bodies as plain functions (tested without a window).
//! - [`ipc`]: the `#[tauri::command]` wrappers the webview calls.
//! - [`settings`]: `settings.json` in the app config folder.

pub mod commands;
mod ipc;
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
            app.manage(AppState::load(settings_file));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            ipc::get_story,
            ipc::render_story,
            ipc::create_story,
            ipc::update_story,
            ipc::delete_story,
            ipc::restore_story,
            ipc::purge_story,
            ipc::list_trash,
            ipc::story_history,
            ipc::story_revision,
            ipc::restore_revision,
            ipc::save_draft,
            ipc::get_draft,
            ipc::discard_draft,
            ipc::render_markdown,
            ipc::search,
            ipc::related_stories,
            ipc::list_tags,
            ipc::library_stats,
            ipc::import_paths,
            ipc::load_sample,
            ipc::export_library,
            ipc::app_info,
            ipc::switch_library,
            ipc::set_theme,
            ipc::backup_library,
            ipc::restore_backup,
            ipc::create_retro,
            ipc::save_retro,
            ipc::get_retro,
            ipc::list_retros,
            ipc::delete_retro,
            ipc::publish_retro,
            ipc::retro_guides,
            ipc::retro_durations,
            ipc::lint_text,
            ipc::list_action_items,
            ipc::set_action_status,
            ipc::get_glossary,
            ipc::set_glossary,
            ipc::add_glossary_term,
            ipc::anonymise_preview,
            ipc::publish_anonymised,
            ipc::anonymised_copy_of,
            ipc::list_anonymised,
            ipc::read_anonymised,
            ipc::mark_read,
            ipc::list_reading_lists,
            ipc::create_reading_list,
            ipc::update_reading_list,
            ipc::delete_reading_list,
            ipc::set_reading_list_items,
            ipc::export_reading_list,
            ipc::import_reading_list,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("kintsugi: could not start the app: {error}");
        std::process::exit(1);
    }
}
