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
    /// Reading changes through the `git` command failed: git is missing,
    /// the folder is not a repository, or a revision range is unknown.
    #[error("git: {message}")]
    Git {
        /// What failed, naming the folder or range.
        message: String,
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
    /// See [`Error::Git`].
    Git,
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
            Error::Git { .. } => ErrorCode::Git,
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
