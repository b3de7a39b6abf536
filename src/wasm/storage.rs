//! Autosave in the browser's local storage. The rule that nothing is lost lives here, once
//! for every face: a saved state that does not parse is moved aside under its own key (never
//! deleted) and reported, and only a valid assessment is ever written.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::*;

use super::{assessment_of, js_error, to_js};
use crate::Error;

/// The key of the autosaved assessment; every key the tool writes starts with `ai-risk-map:`.
const AUTOSAVE_KEY: &str = "ai-risk-map:assessment";
const ASIDE_PREFIX: &str = "ai-risk-map:corrupt:";

/// The message of a thrown JS value, without Debug formatting.
fn js_message(err: &JsValue) -> String {
    js_sys::Reflect::get(err, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

fn storage_error(action: &str, err: impl std::fmt::Display) -> JsValue {
    js_error(Error::Argument(format!(
        "cannot {action} the browser's storage ({err}); export the assessment to keep it"
    )))
}

/// Save a valid assessment as the autosave. Throws (and writes nothing) when it is invalid
/// or storage is unavailable or full.
#[wasm_bindgen(js_name = saveAutosave)]
pub fn save_autosave(
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
) -> Result<(), JsValue> {
    let (assessment, _) = assessment_of(&assessment)?;
    LocalStorage::raw()
        .set_item(AUTOSAVE_KEY, &assessment.to_json())
        .map_err(|e| storage_error("write to", js_message(&e)))
}

/// The autosave, checked.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Restored {
    /// The saved assessment, or null when there is none or it was corrupt.
    assessment: Option<crate::assess::Assessment>,
    /// Where a corrupt autosave was moved, to tell the user.
    moved_aside_to: Option<String>,
    /// Why it was corrupt.
    error: Option<String>,
}

/// Load the autosaved assessment: `{assessment, movedAsideTo, error}`. A corrupt save is
/// moved to `ai-risk-map:corrupt:<time>` and `error` says what was wrong with it.
#[wasm_bindgen(js_name = loadAutosave, unchecked_return_type = "AutosaveState")]
pub fn load_autosave() -> Result<JsValue, JsValue> {
    let storage = LocalStorage::raw();
    let saved = storage
        .get_item(AUTOSAVE_KEY)
        .map_err(|e| storage_error("read", js_message(&e)))?;
    let Some(text) = saved else {
        return to_js(&Restored {
            assessment: None,
            moved_aside_to: None,
            error: None,
        });
    };
    match assessment_of(&JsValue::from_str(&text)) {
        Ok((assessment, _)) => to_js(&Restored {
            assessment: Some(assessment),
            moved_aside_to: None,
            error: None,
        }),
        Err(err) => {
            let message = js_message(&err);
            // A fresh key: never overwrite an earlier corrupt save moved aside in the same
            // millisecond.
            let stamp = js_sys::Date::now() as u64;
            let mut aside = format!("{ASIDE_PREFIX}{stamp}");
            let mut n = 1;
            while storage.get_item(&aside).ok().flatten().is_some() {
                n += 1;
                aside = format!("{ASIDE_PREFIX}{stamp}-{n}");
            }
            storage
                .set_item(&aside, &text)
                .map_err(|e| storage_error("keep the corrupt autosave in", js_message(&e)))?;
            storage
                .remove_item(AUTOSAVE_KEY)
                .map_err(|e| storage_error("clear", js_message(&e)))?;
            to_js(&Restored {
                assessment: None,
                moved_aside_to: Some(aside),
                error: Some(message),
            })
        }
    }
}
