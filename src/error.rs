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

/// Parse JSON into `T`, reporting syntax errors by line and column and shape errors by the
/// JSON path of the offending value (`controls.DASF 1.status`).
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            Error::Syntax {
                line: inner.line(),
                column: inner.column(),
                message: strip_position(&inner.to_string()),
            }
        } else {
            Error::Shape {
                path: if path == "." {
                    "(document)".into()
                } else {
                    path
                },
                message: strip_position(&inner.to_string()),
            }
        }
    })?;
    de.end().map_err(|inner| Error::Syntax {
        line: inner.line(),
        column: inner.column(),
        message: strip_position(&inner.to_string()),
    })?;
    Ok(value)
}

/// serde_json appends " at line L column C"; the path already says where, so drop it.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        items: std::collections::BTreeMap<String, Item>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        count: u32,
    }

    #[test]
    fn shape_errors_name_the_path_and_the_value() {
        let err = from_json::<Doc>(r#"{"items": {"a": {"count": "many"}}}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_document");
        assert_eq!(err.path(), Some("items.a.count"));
        assert!(err.to_string().contains("\"many\""), "{err}");
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let err = from_json::<Doc>("{\n  \"items\": {,}\n}").unwrap_err();
        assert_eq!(err.code(), "invalid_json");
        assert!(
            err.to_string()
                .starts_with("not valid JSON at line 2, column"),
            "{err}"
        );
    }

    #[test]
    fn trailing_content_is_rejected() {
        let err = from_json::<Doc>(r#"{"items": {}} {"#).unwrap_err();
        assert_eq!(err.code(), "invalid_json");
    }
}
