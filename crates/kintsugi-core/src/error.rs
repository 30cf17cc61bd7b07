//! The one error type of the core, with stable machine-readable codes.
//!
//! Every fallible public function returns [`Result`]. Front ends never match on
//! message text: the CLI maps [`ErrorCode`] to exit codes and the desktop app
//! sends [`IpcError`] (`{ code, message }`) across IPC. Codes are part of the
//! public contract: add new ones, never rename or reuse old ones.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No live (or, where stated, trashed) story has this id.
    #[error("story {0} not found")]
    NotFound(Uuid),
    /// The story exists but has no revision with this number.
    #[error("story {id} has no revision {revision}")]
    RevisionNotFound {
        /// Story id.
        id: Uuid,
        /// Requested revision.
        revision: u32,
    },
    /// The edit was based on an older revision than the one stored.
    #[error("story {id} changed since revision {expected} (now at {actual}); reload and retry")]
    Conflict {
        /// Story id.
        id: Uuid,
        /// Revision the caller edited.
        expected: u32,
        /// Revision stored now.
        actual: u32,
    },
    /// A story field holds a value the model does not accept.
    #[error("field `{field}`: {message}")]
    InvalidField {
        /// Field name as written in front matter.
        field: String,
        /// What is wrong and what is expected.
        message: String,
    },
    /// A search query could not be understood.
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// An input file could not be read as a story.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The offending file.
        path: PathBuf,
        /// What is wrong, naming the field where there is one.
        message: String,
    },
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// Path involved.
        path: PathBuf,
        /// Underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The SQLite store failed.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// The library was written by a newer Kintsugi.
    #[error("library schema version {found} is newer than this build supports ({supported}); upgrade Kintsugi")]
    SchemaTooNew {
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// The file given as a backup is not a Kintsugi library.
    #[error("{}: not a Kintsugi library backup ({reason})", path.display())]
    NotABackup {
        /// The file given.
        path: PathBuf,
        /// Why it was rejected.
        reason: String,
    },
    /// The search index failed (it is derived data: `kintsugi check --repair` rebuilds it).
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Another process holds the index writer.
    #[error(
        "the search index is being written by another Kintsugi process; try again when it finishes"
    )]
    IndexBusy,
    /// Serialising or parsing JSON failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A unified diff given to `brief` could not be read (too large, not a
    /// diff, malformed beyond recovery).
    #[error("{input}: {message}")]
    Diff {
        /// The input: a file path or `stdin`, or the git source it came from.
        input: String,
        /// What is wrong.
        message: String,
    },
    /// The `git` program could not be run (the team library needs it).
    #[error("git is not installed or cannot be run ({detail}); install git (2.38 or newer) and try again")]
    GitMissing {
        /// What running it said.
        detail: String,
    },
    /// A git command failed in a way that is not about the remote.
    #[error("git {command} failed: {detail}")]
    Git {
        /// The git subcommand.
        command: String,
        /// What git said.
        detail: String,
    },
    /// The team repository could not be reached (wrong path or URL, network).
    #[error("cannot reach the team repository {remote}: {detail}. Check the path or URL and the network, then sync again")]
    TeamUnreachable {
        /// The remote as configured.
        remote: String,
        /// What git said.
        detail: String,
    },
    /// The team repository refused to let this machine in.
    #[error("the team repository {remote} refused access: {detail}. Set up access for git (an SSH key loaded with ssh-add, or a credential helper for HTTPS) and check that you may push, then sync again")]
    TeamAuth {
        /// The remote as configured.
        remote: String,
        /// What git said.
        detail: String,
    },
    /// The team repository refused a push for a reason other than new
    /// commits (a protected branch, a server hook).
    #[error("the team repository {remote} refused the push: {detail}. Ask its owner to let you push to `main`")]
    TeamPushRefused {
        /// The remote as configured.
        remote: String,
        /// What git said.
        detail: String,
    },
    /// The repository is not a team library this build may use.
    #[error("team repository {remote}: {message}")]
    TeamFormat {
        /// The remote as configured.
        remote: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// A team command on a library that is not connected.
    #[error("this library is not connected to a team repository; run `kintsugi team connect REMOTE` first")]
    TeamNotConnected,
    /// `team connect` on a library that is connected already.
    #[error("this library is already connected to {remote}; run `kintsugi team disconnect` first")]
    TeamAlreadyConnected {
        /// The current remote.
        remote: String,
    },
    /// Another sync of this library is running.
    #[error("another sync of this library is running; try again when it finishes")]
    TeamBusy,
    /// Another process (the app, a second `kintsugi`) kept the library's
    /// database locked for longer than the busy timeout.
    #[error("the library at {} is busy: another Kintsugi is writing to it; nothing was changed, try again when it finishes", folder.display())]
    LibraryBusy {
        /// The library folder.
        folder: PathBuf,
    },
    /// The library folder, its database or its index cannot be written
    /// (a read-only folder, file or file system).
    #[error("the library at {} is read-only: nothing was changed. Make the folder writable to change stories ({detail})", folder.display())]
    LibraryReadOnly {
        /// The library folder.
        folder: PathBuf,
        /// What the system said.
        detail: String,
    },
    /// The disk holding the library is full.
    #[error("the disk holding the library at {} is full: nothing was changed. Free some space and try again ({detail})", folder.display())]
    DiskFull {
        /// The library folder.
        folder: PathBuf,
        /// What the system said.
        detail: String,
    },
    /// No conflict is recorded for this story and field.
    #[error("no conflict is recorded for field `{field}` of {id}")]
    ConflictNotFound {
        /// Story (or reading list) id.
        id: Uuid,
        /// Field name.
        field: String,
    },
}

/// Stable, documented error codes. Serialized in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// See [`Error::NotFound`].
    NotFound,
    /// See [`Error::RevisionNotFound`].
    RevisionNotFound,
    /// See [`Error::Conflict`].
    Conflict,
    /// See [`Error::InvalidField`].
    InvalidField,
    /// See [`Error::InvalidQuery`].
    InvalidQuery,
    /// See [`Error::Parse`].
    Parse,
    /// See [`Error::Io`].
    Io,
    /// See [`Error::Database`].
    Database,
    /// See [`Error::SchemaTooNew`].
    SchemaTooNew,
    /// See [`Error::NotABackup`].
    NotABackup,
    /// See [`Error::Index`].
    Index,
    /// See [`Error::IndexBusy`].
    IndexBusy,
    /// See [`Error::Json`].
    Json,
    /// An argument sent to a front end (a command's argument over IPC) is
    /// missing or of the wrong shape, such as a malformed story id. Not
    /// produced by the core.
    InvalidArgument,
    /// A front end has no library open (it could not be opened, or a
    /// switch failed); the message says why. Not produced by the core.
    LibraryUnavailable,
    /// A failure in a front end's own machinery (a background task died).
    /// Not produced by the core.
    Internal,
    /// See [`Error::Diff`].
    Diff,
    /// See [`Error::GitMissing`].
    GitMissing,
    /// See [`Error::Git`].
    Git,
    /// See [`Error::TeamUnreachable`].
    TeamUnreachable,
    /// See [`Error::TeamAuth`].
    TeamAuth,
    /// See [`Error::TeamPushRefused`].
    TeamPushRefused,
    /// See [`Error::TeamFormat`].
    TeamFormat,
    /// See [`Error::TeamNotConnected`].
    TeamNotConnected,
    /// See [`Error::TeamAlreadyConnected`].
    TeamAlreadyConnected,
    /// See [`Error::TeamBusy`].
    TeamBusy,
    /// See [`Error::ConflictNotFound`].
    ConflictNotFound,
    /// See [`Error::LibraryBusy`].
    LibraryBusy,
    /// See [`Error::LibraryReadOnly`].
    LibraryReadOnly,
    /// See [`Error::DiskFull`].
    DiskFull,
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::RevisionNotFound { .. } => ErrorCode::RevisionNotFound,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::InvalidField { .. } => ErrorCode::InvalidField,
            Error::InvalidQuery(_) => ErrorCode::InvalidQuery,
            Error::Parse { .. } => ErrorCode::Parse,
            Error::Io { .. } => ErrorCode::Io,
            Error::Database(_) => ErrorCode::Database,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::NotABackup { .. } => ErrorCode::NotABackup,
            Error::Index(_) => ErrorCode::Index,
            Error::IndexBusy => ErrorCode::IndexBusy,
            Error::Json(_) => ErrorCode::Json,
            Error::Diff { .. } => ErrorCode::Diff,
            Error::GitMissing { .. } => ErrorCode::GitMissing,
            Error::Git { .. } => ErrorCode::Git,
            Error::TeamUnreachable { .. } => ErrorCode::TeamUnreachable,
            Error::TeamAuth { .. } => ErrorCode::TeamAuth,
            Error::TeamPushRefused { .. } => ErrorCode::TeamPushRefused,
            Error::TeamFormat { .. } => ErrorCode::TeamFormat,
            Error::TeamNotConnected => ErrorCode::TeamNotConnected,
            Error::TeamAlreadyConnected { .. } => ErrorCode::TeamAlreadyConnected,
            Error::TeamBusy => ErrorCode::TeamBusy,
            Error::ConflictNotFound { .. } => ErrorCode::ConflictNotFound,
            Error::LibraryBusy { .. } => ErrorCode::LibraryBusy,
            Error::LibraryReadOnly { .. } => ErrorCode::LibraryReadOnly,
            Error::DiskFull { .. } => ErrorCode::DiskFull,
        }
    }

    /// Names the library `folder` in a fault the system reported without
    /// it: a busy, read-only or full database or file becomes
    /// [`Error::LibraryBusy`], [`Error::LibraryReadOnly`] or
    /// [`Error::DiskFull`]. Every other error is returned unchanged.
    pub(crate) fn in_library(self, folder: &std::path::Path) -> Error {
        match self.fault() {
            Some(Fault::Busy) => Error::LibraryBusy {
                folder: folder.to_path_buf(),
            },
            Some(Fault::ReadOnly) => Error::LibraryReadOnly {
                folder: folder.to_path_buf(),
                detail: self.to_string(),
            },
            Some(Fault::Full) => Error::DiskFull {
                folder: folder.to_path_buf(),
                detail: self.to_string(),
            },
            None => self,
        }
    }

    /// Whether this is the system saying a file or folder cannot be written.
    pub(crate) fn is_read_only(&self) -> bool {
        matches!(self.fault(), Some(Fault::ReadOnly))
    }

    fn fault(&self) -> Option<Fault> {
        use rusqlite::ErrorCode as Sqlite;
        match self {
            Error::Database(rusqlite::Error::SqliteFailure(e, _)) => match e.code {
                Sqlite::DatabaseBusy | Sqlite::DatabaseLocked => Some(Fault::Busy),
                Sqlite::ReadOnly => Some(Fault::ReadOnly),
                Sqlite::DiskFull => Some(Fault::Full),
                _ => None,
            },
            Error::Io { source, .. } => io_fault(source),
            Error::Index(tantivy::TantivyError::IoError(e)) => io_fault(e),
            Error::Index(tantivy::TantivyError::OpenWriteError(
                tantivy::directory::error::OpenWriteError::IoError { io_error, .. },
            )) => io_fault(io_error),
            _ => None,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A parse error naming the file.
    pub(crate) fn parse(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Parse {
            path: path.into(),
            message: message.into(),
        }
    }

    /// An invalid-field error.
    pub(crate) fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidField {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A system fault that [`Error::in_library`] names the folder in.
enum Fault {
    Busy,
    ReadOnly,
    Full,
}

fn io_fault(e: &std::io::Error) -> Option<Fault> {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Some(Fault::Full),
        ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => Some(Fault::ReadOnly),
        _ => None,
    }
}

/// The shape in which an error crosses a process boundary (IPC, JSON output).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    /// Stable code to branch on.
    pub code: ErrorCode,
    /// Human-readable message, with its cause.
    pub message: String,
}

impl From<&Error> for IpcError {
    fn from(error: &Error) -> Self {
        IpcError {
            code: error.code(),
            message: error.to_string(),
        }
    }
}

impl From<Error> for IpcError {
    fn from(error: Error) -> Self {
        IpcError::from(&error)
    }
}
