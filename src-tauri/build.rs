//! Generates the Tauri context and one `allow-<command>` permission per app
//! command, so every command has to be granted in `capabilities/` explicitly.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "get_story",
        "render_story",
        "create_story",
        "update_story",
        "delete_story",
        "restore_story",
        "purge_story",
        "list_trash",
        "story_history",
        "story_revision",
        "restore_revision",
        "save_draft",
        "get_draft",
        "discard_draft",
        "render_markdown",
        "search",
        "related_stories",
        "list_tags",
        "library_stats",
        "import_paths",
        "load_sample",
        "export_library",
        "app_info",
        "switch_library",
        "set_theme",
        "backup_library",
        "restore_backup",
        "create_retro",
        "save_retro",
        "get_retro",
        "list_retros",
        "delete_retro",
        "publish_retro",
        "retro_guides",
        "retro_durations",
        "lint_text",
        "list_action_items",
        "set_action_status",
    ]);
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        panic!("tauri build script failed: {error:#}");
    }
}
