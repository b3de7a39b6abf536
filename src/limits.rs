//! Input limits. A browser tab or a CI job must never hang or run out of memory on a huge or
//! hostile document, so every parser checks the size first and the JSON reader bounds the
//! nesting; both refuse with a clear message.

use crate::error::{Error, Path, Result};

/// Largest document (assessment or catalog) accepted, in bytes of JSON text.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;
/// Largest single text field (a name, a note, a reason), in bytes.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;
/// Deepest JSON nesting accepted, enforced by the reader (`src/json.rs`); assessments need 4
/// levels, so this only stops abuse.
pub const MAX_DEPTH: usize = 32;

pub fn check_document_size(what: &str, text: &str) -> Result<()> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::TooLarge {
            what: format!("the {what} ({} bytes)", text.len()),
            size: text.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    Ok(())
}

pub fn check_text(path: &Path, value: &str) -> Result<()> {
    if value.len() > MAX_TEXT_BYTES {
        return Err(Error::TooLarge {
            what: format!("the text at `{path}` ({} bytes)", value.len()),
            size: value.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_documents_and_fields_are_refused() {
        let big = " ".repeat(MAX_DOCUMENT_BYTES + 1);
        let err = check_document_size("assessment", &big).unwrap_err();
        assert!(err.to_string().contains("the limit is"), "{err}");
        assert!(check_text(
            &Path::keys(["useCase", "name"]),
            &"x".repeat(MAX_TEXT_BYTES + 1)
        )
        .is_err());
    }
}
