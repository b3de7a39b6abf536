//! The one error type of the core. Every face (CLI, wasm, widget) shows these messages as
//! they are, so each says what was wrong, where, and what would be accepted.

/// An error from the catalog or the assessment engine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input is not JSON at all (a syntax error, or not UTF-8).
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// The JSON is well formed but does not have the document's shape.
    #[error("invalid document at `{path}`: {message}")]
    Shape { path: String, message: String },
    /// An identifier that the catalog does not have.
    #[error("unknown {kind} `{id}` at `{path}`{hint}")]
    UnknownId {
        kind: &'static str,
        id: String,
        path: String,
        /// A suggestion such as ": did you mean `9.1`?" or the accepted values.
        hint: String,
    },
    /// A document written for a schema version this build does not read.
    #[error("unsupported {what} `{found}`: this build reads {supported}")]
    UnsupportedVersion {
        what: &'static str,
        found: String,
        supported: String,
    },
    /// A document or field above the limits that keep the tool responsive.
    #[error("too large: {what} is {size}, the limit is {limit}")]
    TooLarge {
        what: String,
        size: usize,
        limit: usize,
    },
    /// A catalog whose own references do not resolve.
    #[error("invalid catalog: {0}")]
    Catalog(String),
    /// A bad argument to an API call or a CLI option.
    #[error("{0}")]
    Argument(String),
}

impl Error {
    /// A stable, machine-readable code for the kind of error (kept across releases).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Syntax { .. } => "invalid_json",
            Error::Shape { .. } => "invalid_document",
            Error::UnknownId { .. } => "unknown_id",
            Error::UnsupportedVersion { .. } => "unsupported_version",
            Error::TooLarge { .. } => "too_large",
            Error::Catalog(_) => "invalid_catalog",
            Error::Argument(_) => "invalid_argument",
        }
    }

    /// The JSON path the error points at, where there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Shape { path, .. } | Error::UnknownId { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;
