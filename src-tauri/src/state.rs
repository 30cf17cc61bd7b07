//! [`AppState`]: the open [`Library`] and where it lives, shared by all
//! commands. Cheap to clone (an `Arc`), so heavy commands can move a copy into
//! a blocking task.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use kintsugi_core::{ErrorCode, IpcError, Library};

use crate::settings::{Settings, Theme};

/// Everything the commands share.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    /// The open library; `None` only when opening it failed (see `open_error`)
    /// or in the middle of a restore.
    library: Mutex<Slot>,
    /// Where `settings.json` lives (`None`: settings are not persisted).
    settings_file: Option<PathBuf>,
    /// Whether `KINTSUGI_LIBRARY` chose the library folder.
    library_from_env: bool,
}

struct Slot {
    library: Option<Library>,
    path: PathBuf,
    open_error: Option<IpcError>,
    settings: Settings,
}

/// An error that is not the core's: reported with the closest stable code.
pub fn app_error(code: ErrorCode, message: impl Into<String>) -> IpcError {
    IpcError {
        code,
        message: message.into(),
    }
}

/// The library folder to open: the environment variable's, else the one
/// saved in the settings, else the core's default.
pub fn choose_library_path(env: Option<PathBuf>, settings: &Settings) -> PathBuf {
    env.or_else(|| settings.library_path.clone())
        .unwrap_or_else(kintsugi_core::default_library_dir)
}

impl AppState {
    /// Opens the library chosen by, in order: the `KINTSUGI_LIBRARY`
    /// environment variable, the path saved in `settings_file`, the core's
    /// default folder. A library that fails to open leaves the app running;
    /// every command then reports why.
    pub fn load(settings_file: Option<PathBuf>) -> AppState {
        let settings = settings_file
            .as_deref()
            .map(Settings::read)
            .unwrap_or_default();
        let env = std::env::var_os("KINTSUGI_LIBRARY")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let library_from_env = env.is_some();
        let path = choose_library_path(env, &settings);
        AppState::open_at(path, settings, settings_file, library_from_env)
    }

    /// Like [`AppState::load`] with the library folder given, saving any
    /// change of folder or theme to `settings_file`.
    pub fn with_settings(library: &Path, settings_file: PathBuf) -> AppState {
        let settings = Settings::read(&settings_file);
        AppState::open_at(library.to_path_buf(), settings, Some(settings_file), false)
    }

    /// Opens the library in `path` without reading or writing any settings
    /// file (tests, and callers that manage their own configuration).
    pub fn with_library(path: &Path) -> AppState {
        AppState::open_at(path.to_path_buf(), Settings::default(), None, false)
    }

    fn open_at(
        path: PathBuf,
        settings: Settings,
        settings_file: Option<PathBuf>,
        library_from_env: bool,
    ) -> AppState {
        let (library, open_error) = match Library::open(&path) {
            Ok(library) => (Some(library), None),
            Err(error) => (None, Some(IpcError::from(error))),
        };
        AppState {
            inner: Arc::new(Inner {
                library: Mutex::new(Slot {
                    library,
                    path,
                    open_error,
                    settings,
                }),
                settings_file,
                library_from_env,
            }),
        }
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        // A panic while holding the lock leaves the library as it was (every
        // core write is transactional), so a poisoned lock is still usable.
        self.inner
            .library
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the open library, mapping its error for IPC.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Library) -> kintsugi_core::Result<T>,
    ) -> Result<T, IpcError> {
        let mut slot = self.slot();
        let slot = &mut *slot;
        match slot.library.as_mut() {
            Some(library) => f(library).map_err(IpcError::from),
            None => Err(slot.open_error.clone().unwrap_or_else(|| {
                app_error(
                    ErrorCode::LibraryUnavailable,
                    "the library is not open; reopen it in Settings",
                )
            })),
        }
    }

    /// The library folder in use.
    pub fn library_path(&self) -> PathBuf {
        self.slot().path.clone()
    }

    /// Whether `KINTSUGI_LIBRARY` chose the library folder.
    pub fn library_from_env(&self) -> bool {
        self.inner.library_from_env
    }

    /// Where settings are saved, if anywhere.
    pub fn settings_file(&self) -> Option<&Path> {
        self.inner.settings_file.as_deref()
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        self.slot().settings.clone()
    }

    /// Opens the library at `path` and, if that works, makes it the current
    /// one and remembers it in the settings.
    pub fn switch_library(&self, path: &Path) -> Result<(), IpcError> {
        let library = Library::open(path)?;
        let mut slot = self.slot();
        slot.library = Some(library);
        slot.path = path.to_path_buf();
        slot.open_error = None;
        slot.settings.library_path = Some(path.to_path_buf());
        self.persist(&slot.settings)
    }

    /// Changes the theme and saves it.
    pub fn set_theme(&self, theme: Theme) -> Result<(), IpcError> {
        let mut slot = self.slot();
        slot.settings.theme = theme;
        self.persist(&slot.settings)
    }

    fn persist(&self, settings: &Settings) -> Result<(), IpcError> {
        match &self.inner.settings_file {
            Some(file) => settings.write(file),
            None => Ok(()),
        }
    }

    /// Replaces the library's content with a backup; returns the safety copy
    /// of the content it replaced. The library stays usable if this fails.
    pub fn restore_backup(&self, source: &Path) -> Result<PathBuf, IpcError> {
        self.with(|library| library.restore_backup(source))
    }
}
