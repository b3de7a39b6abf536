//! Autosave in the browser's local storage. The rule that nothing is lost lives here, once
//! for every face: a saved state that does not parse is moved aside under its own key (never
//! deleted) and reported, only a valid assessment is ever written, and a tab never writes over
//! a save another tab made since it last looked (see `saveAutosave`).

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::*;

use crate::{assessment_of, js_error, json_text, to_js};
use ai_risk_map::Error;

/// The key of the autosaved assessment; every key the tool writes starts with `ai-risk-map:`.
/// It holds the plain assessment JSON, as in earlier releases, so a save from either side of
/// an upgrade still loads.
const AUTOSAVE_KEY: &str = "ai-risk-map:assessment";
/// The revision of the autosave, `<time>-<random>`, rewritten by every save. It sits beside
/// the assessment rather than inside it so that the assessment keeps its own format; an
/// autosave from before revisions simply has none.
const REVISION_KEY: &str = "ai-risk-map:assessment:revision";
const ASIDE_PREFIX: &str = "ai-risk-map:corrupt:";
const KEPT_PREFIX: &str = "ai-risk-map:kept:";

// The autosave revision: the TS declaration merges with `AutosaveState` in types.d.ts.
#[wasm_bindgen(typescript_custom_section)]
const TS_REVISION: &str = "export interface AutosaveState {
  /** The autosave's revision, to pass to the next `saveAutosave`; null when none was written. */
  revision: string | null;
}";

/// The message of a thrown JS value, without Debug formatting.
fn js_message(err: &JsValue) -> String {
    js_sys::Reflect::get(err, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

fn storage_error(action: &str, err: &JsValue) -> JsValue {
    js_error(Error::Argument(format!(
        "cannot {action} the browser's storage ({}); export the assessment to keep it",
        js_message(err)
    )))
}

fn read(key: &str) -> Result<Option<String>, JsValue> {
    LocalStorage::raw()
        .get_item(key)
        .map_err(|e| storage_error("read", &e))
}

fn write(key: &str, value: &str) -> Result<(), JsValue> {
    LocalStorage::raw()
        .set_item(key, value)
        .map_err(|e| storage_error("write to", &e))
}

/// Store `text` under a fresh `<prefix><time>` key and return the key: never over an earlier
/// copy put aside in the same millisecond.
fn put_aside(prefix: &str, text: &str) -> Result<String, JsValue> {
    let stamp = js_sys::Date::now() as u64;
    let mut key = format!("{prefix}{stamp}");
    let mut n = 1;
    while read(&key)?.is_some() {
        n += 1;
        key = format!("{prefix}{stamp}-{n}");
    }
    write(&key, text)?;
    Ok(key)
}

/// Save a valid assessment as the autosave, if no other tab saved since this one last looked:
/// `revision` is the one this tab last loaded (`loadAutosave`) or saved (null when there was
/// none). Returns the new revision, or `undefined` when the stored revision differs, in which
/// case nothing is written: another tab's work is never overwritten unseen. To keep this tab's
/// version anyway, `loadAutosave` again (and `keepAside` the other's) and save with its
/// revision. Throws (and writes nothing) when the assessment is invalid or storage is
/// unavailable or full.
#[wasm_bindgen(js_name = saveAutosave)]
pub fn save_autosave(
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
    revision: Option<String>,
) -> Result<Option<String>, JsValue> {
    let (assessment, _) = assessment_of(&assessment)?;
    let stored = read(REVISION_KEY)?;
    if stored != revision {
        return Ok(None);
    }
    // Only equality matters. The time says when it was saved; the random part keeps two tabs
    // that save in the same millisecond from writing the same revision, which would hide the
    // clash.
    let next = format!(
        "{}-{}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e9) as u32
    );
    // The assessment first: a reader takes the revision before the assessment, so it can
    // pair a newer assessment with an older revision (its next save is refused: safe), never
    // an older assessment with a newer revision.
    write(AUTOSAVE_KEY, &assessment.to_json())?;
    write(REVISION_KEY, &next)?;
    Ok(Some(next))
}

/// Keep a copy of an assessment under a fresh `ai-risk-map:kept:<time>` key and return the
/// key. For the version that loses when two tabs' autosaves clash; it is stored as given,
/// unchecked, so that even a copy the engine would refuse is not lost.
#[wasm_bindgen(js_name = keepAside)]
pub fn keep_aside(
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
) -> Result<String, JsValue> {
    put_aside(KEPT_PREFIX, &json_text(&assessment, "the assessment")?)
}

/// The autosave, checked.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Restored {
    /// The saved assessment, or null when there is none or it was corrupt.
    assessment: Option<ai_risk_map::assess::Assessment>,
    /// The revision to pass to the next save.
    revision: Option<String>,
    /// Where a corrupt autosave was moved, to tell the user.
    moved_aside_to: Option<String>,
    /// Why it was corrupt.
    error: Option<String>,
    /// Set when a corrupt save could not be moved aside (storage full): it is left in place,
    /// and the page must not autosave over it.
    kept_in_place: bool,
}

/// Load the autosaved assessment: `{assessment, revision, movedAsideTo, error, keptInPlace}`.
/// A corrupt save is moved to `ai-risk-map:corrupt:<time>` and `error` says what was wrong
/// with it; when storage is too full to move it, it stays in place and `keptInPlace` is set:
/// do not autosave over it.
#[wasm_bindgen(js_name = loadAutosave, unchecked_return_type = "AutosaveState")]
pub fn load_autosave() -> Result<JsValue, JsValue> {
    // The revision before the assessment: see `save_autosave` for why this order is safe.
    let mut state = Restored {
        assessment: None,
        revision: read(REVISION_KEY)?,
        moved_aside_to: None,
        error: None,
        kept_in_place: false,
    };
    if let Some(text) = read(AUTOSAVE_KEY)? {
        match assessment_of(&JsValue::from_str(&text)) {
            Ok((assessment, _)) => state.assessment = Some(assessment),
            Err(err) => {
                state.error = Some(js_message(&err));
                match put_aside(ASIDE_PREFIX, &text) {
                    Ok(key) => {
                        state.moved_aside_to = Some(key);
                        LocalStorage::raw()
                            .remove_item(AUTOSAVE_KEY)
                            .map_err(|e| storage_error("clear", &e))?;
                    }
                    // Storage is full: the corrupt save stays where it is (never deleted
                    // without a copy) and the state says so, rather than failing the load,
                    // which would leave the page without the revision and make its next
                    // save look like another tab's clash.
                    Err(_) => state.kept_in_place = true,
                }
            }
        }
    }
    to_js(&state)
}

/// One assessment kept aside (`keepAside`): its key, when it was kept (ms since the epoch,
/// from the key) and its JSON text, as stored.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Kept {
    key: String,
    kept_at: u64,
    text: String,
}

// The TS shape of `keptAside`'s items.
#[wasm_bindgen(typescript_custom_section)]
const TS_KEPT: &str = "export interface KeptAssessment {
  /** The storage key it is kept under (`ai-risk-map:kept:<time>`). */
  key: string;
  /** When it was kept, in milliseconds since 1970. */
  keptAt: number;
  /** Its JSON text, as kept (unchecked: it may not open). */
  text: string;
}";

/// The assessments kept aside in this browser (`keepAside`), oldest first: what the page
/// offers back until the user discards them.
#[wasm_bindgen(js_name = keptAside, unchecked_return_type = "KeptAssessment[]")]
pub fn kept_aside() -> Result<JsValue, JsValue> {
    let storage = LocalStorage::raw();
    let count = storage.length().map_err(|e| storage_error("read", &e))?;
    let mut kept = Vec::new();
    for i in 0..count {
        let Some(key) = storage.key(i).map_err(|e| storage_error("read", &e))? else {
            continue;
        };
        let Some(stamp) = key.strip_prefix(KEPT_PREFIX) else {
            continue;
        };
        // A whole number: parsing a float would bring the float parser into the wasm.
        let kept_at = stamp
            .split('-')
            .next()
            .and_then(|t| t.parse::<u64>().ok())
            .unwrap_or(0);
        if let Some(text) = read(&key)? {
            kept.push(Kept { key, kept_at, text });
        }
    }
    ai_risk_map::order::sort_by(&mut kept, |a, b| {
        a.kept_at.cmp(&b.kept_at).then(a.key.cmp(&b.key))
    });
    to_js(&kept)
}

/// Delete an assessment kept aside, once the user has said so. Only keys `keepAside` wrote
/// are accepted.
#[wasm_bindgen(js_name = discardKept)]
pub fn discard_kept(key: &str) -> Result<(), JsValue> {
    if !key.starts_with(KEPT_PREFIX) {
        return Err(js_error(Error::Argument(format!(
            "`{key}` is not a key of an assessment kept aside (they start with `{KEPT_PREFIX}`)"
        ))));
    }
    LocalStorage::raw()
        .remove_item(key)
        .map_err(|e| storage_error("clear", &e))
}
