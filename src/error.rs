//! The one error type of the core. Every face (CLI, wasm, widget) shows these messages as
//! they are, so each says what was wrong, where, and what would be accepted. Values taken
//! from the input are echoed as short excerpts ([`crate::limits::excerpt`]).

use crate::limits::excerpt;

/// An error from the catalog or the assessment engine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input is not JSON at all (a syntax error, or not UTF-8). `path` is the member or
    /// item the error is inside, where it is inside one: a document on one line (a share
    /// link, an autosave, a minified file) says little by its column alone.
    #[error("not valid JSON at line {line}, column {column}{}: {message}", inside(.path))]
    Syntax {
        line: usize,
        column: usize,
        path: Path,
        message: String,
    },
    /// The JSON is well formed but does not have the document's shape.
    #[error("invalid document at `{}`: {message}", excerpt(.path.as_str()))]
    Shape { path: Path, message: String },
    /// An identifier that the catalog does not have.
    #[error("unknown {kind} `{}` at `{}`{hint}", excerpt(.id), excerpt(.path.as_str()))]
    UnknownId {
        kind: &'static str,
        id: String,
        path: Path,
        /// A suggestion such as ": did you mean `9.1`?" or the accepted values.
        hint: String,
    },
    /// A document written for a schema version this build does not read.
    #[error("unsupported {what} `{}`: this build reads {supported}", excerpt(.found))]
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
    /// Several errors found in one pass over a document. It reads as the first of them (its
    /// message, code and path), which is the error a reader stopping at the first would have
    /// given; [`Error::all`] lists them all, up to [`crate::limits::MAX_ERRORS`].
    #[error("{}", .0.list[0])]
    Several(Box<Errors>),
}

/// The errors of [`Error::Several`]: at least two, at most [`crate::limits::MAX_ERRORS`], in
/// document order, and how many more were found but not described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors {
    list: Vec<Error>,
    more: usize,
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
            Error::Several(e) => e.list[0].code(),
        }
    }

    /// Every error found, the first being this error itself: one for most errors, up to
    /// [`crate::limits::MAX_ERRORS`] when a document had several.
    pub fn all(&self) -> &[Error] {
        match self {
            Error::Several(e) => &e.list,
            _ => std::slice::from_ref(self),
        }
    }

    /// How many more errors were found beyond those [`Error::all`] lists (the cap).
    pub fn more(&self) -> usize {
        match self {
            Error::Several(e) => e.more,
            _ => 0,
        }
    }

    /// The JSON path the error points at, where there is one, in its readable form
    /// (`controls.DASF 1.status`): for messages, not for finding the value.
    pub fn path(&self) -> Option<&str> {
        self.path_segments().map(Path::as_str)
    }

    /// The JSON path the error points at, segment by segment: what a program uses to find
    /// the value, since ids such as `9.1` or `DASF 1` contain dots and spaces.
    pub fn path_segments(&self) -> Option<&Path> {
        match self {
            Error::Shape { path, .. } | Error::UnknownId { path, .. } => Some(path),
            Error::Syntax { path, .. } if !path.segments.is_empty() => Some(path),
            Error::Several(e) => e.list[0].path_segments(),
            _ => None,
        }
    }
}

/// ` (inside `risks.9.1`)` for a syntax error inside a member or an item; nothing at the top.
fn inside(path: &Path) -> String {
    if path.segments.is_empty() {
        String::new()
    } else {
        format!(" (inside `{}`)", excerpt(path.as_str()))
    }
}

/// Gathers the errors of one pass over a document, in the order found: the first few
/// described in full (up to [`crate::limits::MAX_ERRORS`]), the rest only counted, so that a
/// document with a hundred thousand bad ids costs no more than one with twenty.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    list: Vec<Error>,
    more: usize,
}

impl Collector {
    pub fn new() -> Collector {
        Collector::default()
    }

    /// An error found; `make` describes it, and is only called while there is room.
    pub fn add(&mut self, make: impl FnOnce() -> Error) {
        if self.list.len() < crate::limits::MAX_ERRORS {
            self.list.push(make());
        } else {
            self.more += 1;
        }
    }

    /// Keep the errors of a step (all of them, when it found several) and go on.
    pub fn push(&mut self, err: Error) {
        match err {
            Error::Several(e) => {
                for one in e.list {
                    self.add(|| one);
                }
                self.more += e.more;
            }
            one => self.add(|| one),
        }
    }

    /// The value of a step that succeeded; the step's errors kept when it did not.
    pub fn take<T>(&mut self, result: Result<T>) -> Option<T> {
        result.map_err(|e| self.push(e)).ok()
    }

    /// Ok when nothing was found; else the first error, carrying the others.
    pub fn finish(mut self) -> Result<()> {
        match self.list.len() {
            0 => Ok(()),
            1 if self.more == 0 => Err(self.list.remove(0)),
            _ => Err(Error::Several(Box::new(Errors {
                list: self.list,
                more: self.more,
            }))),
        }
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// One step of a [`Path`]: an object member or an array position.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Where a value sits in a JSON document, as segments (`["risks", "9.11", "status"]`), with
/// its readable form (`risks.9.11.status`, `deploymentModels[0]`) kept beside them because
/// every message shows it. The whole document is the empty path, read as `(document)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path {
    segments: Vec<Segment>,
    text: String,
}

impl Path {
    /// The whole document.
    pub fn root() -> Path {
        Path::default()
    }

    /// A path of object members only, such as `Path::keys(["controls", id, "note"])`.
    pub fn keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> Path {
        keys.into_iter().fold(Path::root(), |p, k| p.key(k))
    }

    /// This path followed by an object member.
    pub fn key(&self, key: &str) -> Path {
        let mut next = self.clone();
        next.push(Segment::Key(key.to_string()));
        next
    }

    /// This path followed by an array position.
    pub fn index(&self, index: usize) -> Path {
        let mut next = self.clone();
        next.push(Segment::Index(index));
        next
    }

    fn push(&mut self, segment: Segment) {
        match &segment {
            Segment::Key(key) => {
                if !self.text.is_empty() {
                    self.text.push('.');
                }
                // An empty key would vanish from the readable form: it is shown as `""`.
                self.text
                    .push_str(if key.is_empty() { "\"\"" } else { key });
            }
            Segment::Index(index) => self.text.push_str(&format!("[{index}]")),
        }
        self.segments.push(segment);
    }

    /// The path of the segments given innermost first: how a syntax error, met deep in a
    /// document, collects where it is as the reader comes back out of each member and item
    /// (one push per level, so that a deep error costs no more than its path).
    pub(crate) fn from_innermost_first(mut segments: Vec<Segment>) -> Path {
        segments.reverse();
        let mut path = Path::root();
        for segment in segments {
            path.push(segment);
        }
        path
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The readable form; `(document)` for the whole document.
    pub fn as_str(&self) -> &str {
        if self.segments.is_empty() {
            "(document)"
        } else {
            &self.text
        }
    }
}

/// A top-level member (`"dasf"` is `["dasf"]`); the empty string is the whole document. The
/// text is one key, never split at dots: build deeper paths with [`Path::key`].
impl From<&str> for Path {
    fn from(key: &str) -> Path {
        if key.is_empty() {
            Path::root()
        } else {
            Path::root().key(key)
        }
    }
}

impl From<&Path> for Path {
    fn from(path: &Path) -> Path {
        path.clone()
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_dotted_ids_whole() {
        let p = Path::keys(["risks", "9.11"]).key("status");
        assert_eq!(p.as_str(), "risks.9.11.status");
        assert_eq!(
            p.segments(),
            [
                Segment::Key("risks".into()),
                Segment::Key("9.11".into()),
                Segment::Key("status".into())
            ]
        );
        let q = Path::keys(["deploymentModels"]).index(2);
        assert_eq!(q.to_string(), "deploymentModels[2]");
        assert_eq!(
            serde_json::to_string(q.segments()).unwrap(),
            r#"["deploymentModels",2]"#
        );
        assert_eq!(Path::root().to_string(), "(document)");
    }
}
