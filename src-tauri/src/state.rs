//! [`AppState`]: the open [`Library`] and where it lives, shared by all
//! commands. Cheap to clone (an `Arc`), so each command moves a copy into a
//! blocking task.
//!
//! Invariants:
//! - The library is opened on a background thread at start, so the window
//!   appears at once whatever the library's size; a command that arrives
//!   while it is opening waits for it (the UI shows "opening" meanwhile),
//!   and a library that fails to open leaves the app running with every
//!   command reporting why.
//! - Commands share the library (`Arc<Library>`, which is `Sync`): reads
//!   never wait for a long write such as an import. The lock here is held
//!   only to pick up the current library, never while a command runs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};

use kintsugi_core::{ErrorCode, IpcError, Library, LibrarySource};

use crate::settings::{Settings, Theme};

/// Everything the commands share.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    slot: RwLock<Slot>,
    /// Where `settings.json` lives (`None`: settings are not persisted).
    settings_file: Option<PathBuf>,
}

struct Slot {
    library: Arc<Opening>,
    path: PathBuf,
    source: LibrarySource,
    settings: Settings,
}

/// A library being opened, or opened, or that failed to open.
struct Opening {
    result: Mutex<Option<Result<Arc<Library>, IpcError>>>,
    done: Condvar,
}

impl Opening {
    fn start(path: PathBuf) -> Arc<Opening> {
        let opening = Arc::new(Opening {
            result: Mutex::new(None),
            done: Condvar::new(),
        });
        let background = Arc::clone(&opening);
        std::thread::spawn(move || background.finish(open(&path)));
        opening
    }

    fn ready(result: Result<Arc<Library>, IpcError>) -> Arc<Opening> {
        Arc::new(Opening {
            result: Mutex::new(Some(result)),
            done: Condvar::new(),
        })
    }

    fn finish(&self, result: Result<Arc<Library>, IpcError>) {
        *self.result.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
        self.done.notify_all();
    }

    /// The library, waiting until it is open.
    fn wait(&self) -> Result<Arc<Library>, IpcError> {
        let mut result = self.result.lock().unwrap_or_else(|p| p.into_inner());
        while result.is_none() {
            result = self.done.wait(result).unwrap_or_else(|p| p.into_inner());
        }
        match result.as_ref() {
            Some(done) => done.clone(),
            None => Err(app_error(ErrorCode::Internal, "the library did not open")),
        }
    }

    /// The library if it has opened, without waiting.
    fn opened(&self) -> Option<Arc<Library>> {
        match &*self.result.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(Ok(library)) => Some(Arc::clone(library)),
            _ => None,
        }
    }
}

fn open(path: &Path) -> Result<Arc<Library>, IpcError> {
    Library::open(path).map(Arc::new).map_err(IpcError::from)
}

/// An error that is not the core's: reported with the closest stable code.
pub fn app_error(code: ErrorCode, message: impl Into<String>) -> IpcError {
    IpcError {
        code,
        message: message.into(),
    }
}

impl AppState {
    /// Opens, in the background, the library chosen by
    /// [`kintsugi_core::locate_library`] from the environment and the folder
    /// saved in `settings_file`.
    pub fn load(settings_file: Option<PathBuf>) -> AppState {
        let settings = settings_file
            .as_deref()
            .map(Settings::read)
            .unwrap_or_default();
        let location = kintsugi_core::locate_library(None, settings.library_path.clone());
        let library = Opening::start(location.path.clone());
        AppState::new(
            library,
            location.path,
            location.source,
            settings,
            settings_file,
        )
    }

    /// The library in `library`, opened now, saving any change of folder or
    /// theme to `settings_file`.
    pub fn with_settings(library: &Path, settings_file: PathBuf) -> AppState {
        let settings = Settings::read(&settings_file);
        let opened = Opening::ready(open(library));
        AppState::new(
            opened,
            library.to_path_buf(),
            LibrarySource::Argument,
            settings,
            Some(settings_file),
        )
    }

    /// The library in `path`, opened now, without reading or writing any
    /// settings file (tests, and callers that manage their own configuration).
    pub fn with_library(path: &Path) -> AppState {
        let opened = Opening::ready(open(path));
        AppState::new(
            opened,
            path.to_path_buf(),
            LibrarySource::Argument,
            Settings::default(),
            None,
        )
    }

    fn new(
        library: Arc<Opening>,
        path: PathBuf,
        source: LibrarySource,
        settings: Settings,
        settings_file: Option<PathBuf>,
    ) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                slot: RwLock::new(Slot {
                    library,
                    path,
                    source,
                    settings,
                }),
                settings_file,
            }),
        }
    }

    fn slot(&self) -> std::sync::RwLockReadGuard<'_, Slot> {
        // A panic while holding the lock leaves the slot as it was.
        self.inner.slot.read().unwrap_or_else(|p| p.into_inner())
    }

    fn slot_mut(&self) -> std::sync::RwLockWriteGuard<'_, Slot> {
        self.inner.slot.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The open library, waiting for it if it is still opening.
    pub fn library(&self) -> Result<Arc<Library>, IpcError> {
        let opening = Arc::clone(&self.slot().library);
        opening.wait()
    }

    /// Runs `f` on the open library, mapping its error for IPC.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&Library) -> kintsugi_core::Result<T>,
    ) -> Result<T, IpcError> {
        let library = self.library()?;
        f(&library).map_err(IpcError::from)
    }

    /// True once the library is open (false while it opens or after it failed).
    pub fn is_open(&self) -> bool {
        self.opened_library().is_some()
    }

    /// The library if it is open, without waiting while it opens.
    pub fn opened_library(&self) -> Option<Arc<Library>> {
        self.slot().library.opened()
    }

    /// True when the open library's folder cannot be written (false while
    /// it opens).
    pub fn is_read_only(&self) -> bool {
        self.slot()
            .library
            .opened()
            .is_some_and(|library| library.is_read_only())
    }

    /// The library folder in use.
    pub fn library_path(&self) -> PathBuf {
        self.slot().path.clone()
    }

    /// What chose the library folder.
    pub fn library_source(&self) -> LibrarySource {
        self.slot().source
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
    /// one and remembers it in the settings. Commands already running finish
    /// on the library they started with.
    pub fn switch_library(&self, path: &Path) -> Result<(), IpcError> {
        let library = open(path)?;
        let mut slot = self.slot_mut();
        slot.library = Opening::ready(Ok(library));
        slot.path = path.to_path_buf();
        slot.source = LibrarySource::Settings;
        slot.settings.library_path = Some(path.to_path_buf());
        self.persist(&slot.settings)
    }

    /// Changes the theme and saves it.
    pub fn set_theme(&self, theme: Theme) -> Result<(), IpcError> {
        let mut slot = self.slot_mut();
        slot.settings.theme = theme;
        self.persist(&slot.settings)
    }

    /// Turns automatic team sync on or off and saves the choice.
    pub fn set_team_auto_sync(&self, on: bool) -> Result<(), IpcError> {
        let mut slot = self.slot_mut();
        slot.settings.team_auto_sync = on;
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
