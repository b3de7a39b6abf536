//! The text layer of share links. A link carries the assessment's JSON, deflated by the
//! browser (`deflate-raw`) and written in base64url without padding after `#a=`. Decoding
//! lives here rather than in JS so that a hostile or damaged link meets the same size limit
//! and the same precise messages on every face, and so that the fuzzer can reach it.
//!
//! Inflating stays in the browser (its `DecompressionStream` costs the wasm nothing); the
//! page caps the inflated size at [`MAX_DOCUMENT_BYTES`].

use crate::error::{Error, Result};
use crate::limits::MAX_DOCUMENT_BYTES;

/// Largest deflated payload accepted, in bytes. Deflate grows incompressible data by a few
/// bytes per 64 KiB block at most, so a margin of 1/1024 lets through any document within
/// [`MAX_DOCUMENT_BYTES`], and nothing much larger.
pub const MAX_SHARE_BYTES: usize = MAX_DOCUMENT_BYTES + MAX_DOCUMENT_BYTES / 1024;

/// Longest share string accepted, in characters: the base64url length of
/// [`MAX_SHARE_BYTES`] bytes. Checked before any decoding work.
pub const MAX_SHARE_CHARS: usize = MAX_SHARE_BYTES.div_ceil(3) * 4;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The 6-bit value of a base64url character.
fn sextet(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Bytes as base64url without padding, the form share links use.
pub fn encode_base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        // 1, 2 or 3 bytes make 2, 3 or 4 characters.
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// The bytes of a base64url string (no padding, as share links are written). Like the
/// browser's `atob`, unused low bits of the last character are ignored.
///
/// Fails with [`Error::TooLarge`] above [`MAX_SHARE_CHARS`], and with [`Error::Argument`]
/// naming the first character base64url does not use (and its position, counted from 1),
/// or when the length cannot be base64 (one character left over: the link was cut).
pub fn decode_base64url(text: &str) -> Result<Vec<u8>> {
    if text.len() > MAX_SHARE_CHARS {
        return Err(Error::TooLarge {
            what: format!("the share link ({} characters)", text.len()),
            size: text.len(),
            limit: MAX_SHARE_CHARS,
        });
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (i, c) in text.chars().enumerate() {
        // Characters beyond ASCII can never be base64url; `u8::try_from` keeps them out.
        let value = u8::try_from(c).ok().and_then(sextet).ok_or_else(|| {
            Error::Argument(format!(
                "the share link has `{c}` (U+{:04X}) at character {}, which base64url does not use: was the link cut or changed? Copy it again from its source.",
                u32::from(c),
                i + 1
            ))
        })?;
        // Twelve bits at most are pending here; the mask keeps the register small.
        acc = ((acc << 6) | value) & 0xFFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    if text.len() % 4 == 1 {
        return Err(Error::Argument(format!(
            "the share link is not valid base64url: its {} characters leave one over, so it was probably cut short. Copy the whole link again.",
            text.len()
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length_and_byte() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for n in 0..bytes.len() {
            let text = encode_base64url(&bytes[..n]);
            assert_eq!(text.len(), (n * 4).div_ceil(3), "no padding");
            assert_eq!(decode_base64url(&text).unwrap(), &bytes[..n]);
        }
    }

    #[test]
    fn matches_known_values() {
        // RFC 4648 test vectors, in the URL alphabet without padding.
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(encode_base64url(plain.as_bytes()), coded);
            assert_eq!(decode_base64url(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode_base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
    }

    #[test]
    fn bad_characters_are_named_with_their_position() {
        let err = decode_base64url("Zm9v!Zm8").unwrap_err();
        assert_eq!(err.code(), "invalid_argument");
        let msg = err.to_string();
        assert!(msg.contains("`!` (U+0021) at character 5"), "{msg}");
        // Standard base64's characters and padding are not base64url.
        assert!(decode_base64url("Zm9v+A").is_err());
        assert!(decode_base64url("Zm8=")
            .unwrap_err()
            .to_string()
            .contains("`=`"));
        let err = decode_base64url("Zm\u{e9}v").unwrap_err().to_string();
        assert!(err.contains("(U+00E9) at character 3"), "{err}");
    }

    #[test]
    fn a_cut_link_is_refused() {
        let err = decode_base64url("Zm9vY").unwrap_err().to_string();
        assert!(err.contains("cut short"), "{err}");
    }

    #[test]
    fn the_length_limit_comes_first() {
        let long = "A".repeat(MAX_SHARE_CHARS + 1);
        let err = decode_base64url(&long).unwrap_err();
        assert_eq!(err.code(), "too_large");
        assert!(err.to_string().contains("the limit is"), "{err}");
        // A link as long as the limit allows decodes, and holds a whole maximal document.
        let longest = "A".repeat(MAX_SHARE_CHARS);
        assert!(decode_base64url(&longest).unwrap().len() >= MAX_DOCUMENT_BYTES);
    }
}
