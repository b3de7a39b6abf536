//! What the engine accepts, for JS: the one decoding rule for document bytes and the limits,
//! so that the page and the element state none of them themselves.

use wasm_bindgen::prelude::*;

use super::js_error;
use ai_risk_map::limits;

#[wasm_bindgen(typescript_custom_section)]
const TS_LIMITS: &str = "/** The engine's input limits (see `limits`). */
export interface Limits {
  /** Largest document accepted, in bytes of UTF-8 JSON (as read, and as the engine writes it). */
  maxDocumentBytes: number;
  /** Largest single text field, in bytes. */
  maxTextBytes: number;
  /** Longest search query used, in characters: a search box's `maxlength`. */
  maxQueryChars: number;
  /** Most distinct search terms used. */
  maxQueryTerms: number;
  /** Longest excerpt of an input value that a message echoes, in characters. */
  maxEchoChars: number;
  /** Most errors of one document an error describes (its `errors`); the rest are counted. */
  maxErrors: number;
  /** Longest share string read, in characters. */
  maxShareChars: number;
}";

/// The text of a document's bytes, by the engine's one rule: UTF-8 only, a leading UTF-8
/// byte-order mark skipped; Latin-1, UTF-16 and UTF-32 are refused with the byte offset
/// (`invalid_json`), and a document over the limit with `too_large`. What the page's
/// import and the element's `src` use, as the CLI and Python do.
///
/// ```js
/// const text = decodeDocument(new Uint8Array(await file.arrayBuffer()));
/// ```
#[wasm_bindgen(js_name = decodeDocument)]
pub fn decode_document(bytes: &[u8]) -> Result<String, JsValue> {
    ai_risk_map::decode::decode(bytes)
        .map(str::to_string)
        .map_err(js_error)
}

/// The engine's input limits.
#[wasm_bindgen(js_name = limits, unchecked_return_type = "Limits")]
pub fn limits_js() -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in [
        ("maxDocumentBytes", limits::MAX_DOCUMENT_BYTES),
        ("maxTextBytes", limits::MAX_TEXT_BYTES),
        ("maxQueryChars", limits::MAX_QUERY_CHARS),
        ("maxQueryTerms", limits::MAX_QUERY_TERMS),
        ("maxEchoChars", limits::MAX_ECHO_CHARS),
        ("maxErrors", limits::MAX_ERRORS),
        ("maxShareChars", ai_risk_map::share::MAX_SHARE_CHARS),
    ] {
        // Setting a property on a fresh object cannot fail.
        let _ = js_sys::Reflect::set(&object, &key.into(), &(value as f64).into());
    }
    object.into()
}
