//! The one decoding rule for documents, applied by every face (CLI, Python, the page's
//! import, the element's `src`): bytes in, text out, or a message that says what the bytes
//! were and where they went wrong.
//!
//! The rule: UTF-8 only. A leading UTF-8 byte-order mark (EF BB BF) is accepted and
//! skipped, as RFC 8259 allows, because common Windows editors write one; a byte-order mark
//! anywhere else is left to the JSON reader, which refuses it. UTF-16 and UTF-32 text and
//! any byte sequence that is not UTF-8 (a Latin-1 or Windows-1252 file) are refused with
//! the byte offset of the first bad byte; nothing is ever replaced by U+FFFD.

use crate::error::{Error, Result};
use crate::limits::MAX_DOCUMENT_BYTES;

/// The UTF-8 byte-order mark that [`decode`] skips at the start.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of a document's bytes, under the rule above. The size is checked first (against
/// [`MAX_DOCUMENT_BYTES`], BOM included), so that a cut inside a multi-byte character at
/// the limit reads as "too large" rather than "not UTF-8".
pub fn decode(bytes: &[u8]) -> Result<&str> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::TooLarge {
            what: format!("the document ({} bytes)", bytes.len()),
            size: bytes.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let skipped = bytes.len() - body.len();
    if let Some(kind) = wide_encoding(body) {
        return Err(refused(
            bytes,
            skipped,
            format!("the text is {kind}, not UTF-8; save the file as UTF-8"),
        ));
    }
    std::str::from_utf8(body).map_err(|e| {
        let at = skipped + e.valid_up_to();
        refused(
            bytes,
            at,
            format!(
                "byte 0x{:02X} at byte offset {at} is not UTF-8 (a Latin-1 or Windows-1252 file?); save the file as UTF-8",
                bytes[at]
            ),
        )
    })
}

/// UTF-16 or UTF-32 text, by its byte-order mark or, without one, by the zero bytes that
/// ASCII characters such as the opening `{` carry in those encodings.
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some("UTF-32 (little-endian, with a byte-order mark)"),
        [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32 (big-endian, with a byte-order mark)"),
        [0xFF, 0xFE, ..] => Some("UTF-16 (little-endian, with a byte-order mark)"),
        [0xFE, 0xFF, ..] => Some("UTF-16 (big-endian, with a byte-order mark)"),
        [a, 0, 0, 0, ..] if *a != 0 => Some("UTF-32 (little-endian)"),
        [0, 0, 0, b, ..] if *b != 0 => Some("UTF-32 (big-endian)"),
        [a, 0, ..] if *a != 0 => Some("UTF-16 (little-endian)"),
        [0, b, ..] if *b != 0 => Some("UTF-16 (big-endian)"),
        _ => None,
    }
}

/// A decoding error at byte `at`, with the line and column the JSON reader would give
/// (columns count characters of the valid text before it).
fn refused(bytes: &[u8], at: usize, message: String) -> Error {
    // UTF-8 up to `at` (a byte-order mark, then what `from_utf8` found valid).
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    // The last line, found by its byte as in the JSON reader.
    let line_start = before
        .bytes()
        .rposition(|b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |l| {
        crate::limits::char_count(l.trim_start_matches('\u{feff}'))
    }) + 1;
    Error::Syntax {
        line,
        column,
        path: crate::error::Path::root(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_and_a_leading_bom_is_skipped() {
        assert_eq!(
            decode("{\"a\": \"é\"}".as_bytes()).unwrap(),
            "{\"a\": \"é\"}"
        );
        assert_eq!(decode(b"\xEF\xBB\xBF{}").unwrap(), "{}");
        assert_eq!(decode(b"").unwrap(), "");
    }

    #[test]
    fn latin1_is_refused_with_its_offset() {
        let err = decode(b"{\n  \"name\": \"caf\xE9\"}").unwrap_err();
        assert_eq!(err.code(), "invalid_json");
        let msg = err.to_string();
        assert!(msg.contains("byte 0xE9 at byte offset 16"), "{msg}");
        assert!(msg.contains("line 2, column 15"), "{msg}");
        let err = decode(b"\xEF\xBB\xBF\xE9").unwrap_err().to_string();
        assert!(err.contains("byte offset 3"), "{err}");
    }

    #[test]
    fn utf16_and_utf32_are_named() {
        let utf16le: Vec<u8> = "{}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = "{}".encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, kind) in [
            (
                [&[0xFF, 0xFE][..], &utf16le].concat(),
                "UTF-16 (little-endian, with",
            ),
            (
                [&[0xFE, 0xFF][..], &utf16be].concat(),
                "UTF-16 (big-endian, with",
            ),
            (utf16le, "UTF-16 (little-endian)"),
            (utf16be, "UTF-16 (big-endian)"),
            (b"{\0\0\0}\0\0\0".to_vec(), "UTF-32 (little-endian)"),
        ] {
            let msg = decode(&bytes).unwrap_err().to_string();
            assert!(msg.contains(kind), "{msg}");
            assert!(msg.contains("save the file as UTF-8"), "{msg}");
        }
    }

    #[test]
    fn size_comes_before_encoding() {
        let mut big = vec![b' '; MAX_DOCUMENT_BYTES];
        big.push(0xC3);
        assert_eq!(decode(&big).unwrap_err().code(), "too_large");
    }
}
