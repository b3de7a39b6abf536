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
/// Longest catalog search query used, in characters: the rest of a longer one (a paste) is
/// ignored, so that a search always takes a fraction of a frame. Search boxes take this as
/// their `maxlength`.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most distinct terms of a search query used; every term must match, so more would only
/// narrow the hits further.
pub const MAX_QUERY_TERMS: usize = 16;
/// Most errors of one document described at once (every face lists them, the first being
/// the error); any beyond are counted, not described.
pub const MAX_ERRORS: usize = 20;
/// Longest excerpt of an input value that an error message echoes, in characters: a message
/// names what was wrong without handing a hostile document a megaphone (an alert, a CI log).
pub const MAX_ECHO_CHARS: usize = 80;

/// How many characters `text` has: its bytes that start one (a UTF-8 continuation byte,
/// 0x80 to 0xBF, is below -0x40 as an `i8`). Not `chars().count()`: the standard library's
/// counter, fast on long texts, was 0.8 KB of the wasm for these short ones.
pub(crate) fn char_count(text: &str) -> usize {
    text.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// `value` as errors echo it: whole when short, else its start, an ellipsis and its full
/// length, within [`MAX_ECHO_CHARS`] characters in all.
pub fn excerpt(value: &str) -> std::borrow::Cow<'_, str> {
    // Room for "\u{2026} (99999999 characters)" after the head.
    const HEAD: usize = MAX_ECHO_CHARS - 24;
    match value.char_indices().nth(MAX_ECHO_CHARS) {
        None => value.into(),
        Some(_) => {
            let cut = value
                .char_indices()
                .nth(HEAD)
                .map_or(value.len(), |(i, _)| i);
            format!(
                "{}\u{2026} ({} characters)",
                value.get(..cut).unwrap_or(value),
                char_count(value)
            )
            .into()
        }
    }
}

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

    #[test]
    fn char_count_counts_characters_not_bytes() {
        for text in [
            "",
            "DASF 5",
            "é",
            "Inférence — réponse",
            "模型服务",
            "a\u{1f600}b",
            "\u{feff}x",
        ] {
            assert_eq!(char_count(text), text.chars().count(), "{text}");
        }
    }

    #[test]
    fn excerpts_are_short_and_say_how_long_the_value_was() {
        let fits = "é".repeat(MAX_ECHO_CHARS);
        assert_eq!(excerpt(&fits), fits);
        let long = "é".repeat(3000);
        let cut = excerpt(&long);
        assert!(cut.chars().count() <= MAX_ECHO_CHARS, "{cut}");
        assert!(cut.ends_with("\u{2026} (3000 characters)"), "{cut}");
        assert!(cut.starts_with("éé"));
    }
}
