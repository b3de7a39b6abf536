//! Share links for JS: the base64url layer of `#a=` links (see [`ai_risk_map::share`]). The page
//! deflates and inflates with the browser's own streams and calls these on either side.

use wasm_bindgen::prelude::*;

use super::js_error;
use ai_risk_map::share::{decode_base64url, encode_base64url};

/// The bytes of a share string (base64url without padding). Throws `AiRiskMapError`
/// (`invalid_argument` naming a bad character and its position, or `too_large`).
///
/// ```js
/// const deflated = shareDecode(location.hash.slice(3));
/// ```
#[wasm_bindgen(js_name = shareDecode)]
pub fn share_decode(text: &str) -> Result<Vec<u8>, JsValue> {
    decode_base64url(text).map_err(js_error)
}

/// Bytes as a share string: base64url without padding.
#[wasm_bindgen(js_name = shareEncode)]
pub fn share_encode(bytes: &[u8]) -> String {
    encode_base64url(bytes)
}
