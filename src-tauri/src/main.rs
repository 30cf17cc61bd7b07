//! The `kintsugi-app` binary: starts the desktop window.

// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// jemalloc on Linux (see `Cargo.toml` for why).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    // Without its background thread jemalloc purges only when the app
    // allocates again, and an idle window would keep what it freed.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if let Err(error) = tikv_jemalloc_ctl::background_thread::write(true) {
        eprintln!("kintsugi: freed memory is returned only as the app works: {error}");
    }
    kintsugi_app::run();
}
