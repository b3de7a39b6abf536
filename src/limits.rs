//! Input limits. A browser tab or a CI job must never hang or run out of memory on a huge or
//! hostile document, so every parser checks these first and refuses with a clear message.

use crate::error::{Error, Result};

/// Largest document (assessment or catalog) accepted, in bytes of JSON text.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;
/// Largest single text field (a name, a note, a reason), in bytes.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;
/// Deepest JSON nesting accepted; assessments need 4 levels, so this only stops abuse.
pub const MAX_DEPTH: usize = 32;

pub fn check_document_size(what: &str, text: &str) -> Result<()> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::TooLarge {
            what: format!("the {what} ({} bytes)", text.len()),
            size: text.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    // serde_json stops at 128 levels by itself; a lower bound keeps error paths short.
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Error::TooLarge {
                        what: format!("the nesting depth of the {what}"),
                        size: depth,
                        limit: MAX_DEPTH,
                    });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

pub fn check_text(path: &str, value: &str) -> Result<()> {
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
    fn deep_nesting_is_refused_but_brackets_in_strings_are_not_counted() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(
            check_document_size("doc", &deep).unwrap_err().code(),
            "too_large"
        );
        let quoted = format!("{{\"a\": \"{}\"}}", "[".repeat(1000));
        assert!(check_document_size("doc", &quoted).is_ok());
        assert!(check_document_size("doc", r#"{"a": "\"[[[["}"#).is_ok());
    }

    #[test]
    fn huge_documents_and_fields_are_refused() {
        let big = " ".repeat(MAX_DOCUMENT_BYTES + 1);
        let err = check_document_size("assessment", &big).unwrap_err();
        assert!(err.to_string().contains("the limit is"), "{err}");
        assert!(check_text("useCase.name", &"x".repeat(MAX_TEXT_BYTES + 1)).is_err());
    }
}
