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
    serde_json::from_str(text).map_err(|err| {
        let message = strip_position(&err.to_string());
        if err.is_syntax() || err.is_eof() {
            Error::Syntax {
                line: err.line(),
                column: err.column(),
                message,
            }
        } else {
            Error::Shape {
                path: json_path_at(text, err.line(), err.column()),
                message,
            }
        }
    })
}

/// serde_json appends " at line L column C"; the path already says where, so drop it.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The JSON path (`controls.DASF 1.status`, `deploymentModels[2]`) of the value at a
/// 1-based line and column, as serde_json reports errors: just after the offending value,
/// or after the key of an unknown field, or at the end of an object missing a field.
///
/// This small scanner replaces a path-tracking deserializer, which would wrap every
/// `Deserialize` impl a second time and add tens of kilobytes to the wasm.
fn json_path_at(text: &str, line: usize, column: usize) -> String {
    enum Frame {
        Object { key: Option<String> },
        Array { index: usize },
    }
    // Byte offset of the position (serde_json counts columns in bytes).
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            offset += column.min(l.len());
            break;
        }
        offset += l.len();
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < offset.min(bytes.len()) {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                // In an object, the first string after `{` or `,` is the key.
                if let Some(Frame::Object { key: key @ None }) = stack.last_mut() {
                    let raw = text.get(start..i.min(bytes.len())).unwrap_or("");
                    *key = Some(unescape(raw));
                }
            }
            b'{' => stack.push(Frame::Object { key: None }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            // The position sits on a closing brace when a field is missing: report the
            // object itself, so keep its frame.
            b'}' | b']' if i + 1 < offset => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key }) => *key = None,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key) } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        "(document)".into()
    } else {
        path
    }
}

/// Undo the common JSON escapes of a key; `\\uXXXX` stays as written (a path is for people).
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => out.push_str("\\u"),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
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
    fn paths_point_into_arrays_nested_objects_and_missing_fields() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Outer {
            list: Vec<u32>,
            inner: Doc,
        }
        let text = "{\"list\": [1, 2, \"x\"], \"inner\": {\"items\": {}}}";
        assert_eq!(
            from_json::<Outer>(text).unwrap_err().path(),
            Some("list[2]")
        );
        let text = "{\"list\": [], \"inner\": {\"items\": {\"k\\\"q\": {}}}}";
        let err = from_json::<Outer>(text).unwrap_err();
        assert_eq!(err.path(), Some("inner.items.k\"q"), "{err}");
        assert!(err.to_string().contains("missing field `count`"), "{err}");
        let text = "{\n  \"list\": [],\n  \"inner\": {\"items\": {}, \"extra\": 1}\n}";
        assert_eq!(
            from_json::<Outer>(text).unwrap_err().path(),
            Some("inner.extra")
        );
    }

    #[test]
    fn trailing_content_is_rejected() {
        let err = from_json::<Doc>(r#"{"items": {}} {"#).unwrap_err();
        assert_eq!(err.code(), "invalid_json");
    }
}
