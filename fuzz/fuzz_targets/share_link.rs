//! Bytes as a share string (`#a=<data>`): base64url decode, inflate with the document size
//! cap, then the assessment checks. See `ai_risk_map::fuzz_checks::share_link`.
#![no_main]

/// deflate-raw, as the browser's DecompressionStream reads it, stopping past `limit` bytes.
fn inflate(bytes: &[u8], limit: usize) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, limit).ok()
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| ai_risk_map::fuzz_checks::share_link(data, inflate));
