//! The JS boundary in a real browser (headless Chromium): the autosave in `localStorage`,
//! whose rule is that nothing is lost (a corrupt save is moved aside, never deleted), and a
//! smoke test of evaluation in the browser.
//!
//! Run with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test --target wasm32-unknown-unknown --test wasm_browser` (needs
//! `/usr/bin/chromedriver` and the crate root's `webdriver.json`).
#![cfg(target_arch = "wasm32")]

use ai_risk_map::wasm;
use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = include_str!("../examples/rag-chatbot.assessment.json");
const AUTOSAVE_KEY: &str = "ai-risk-map:assessment";
const ASIDE_PREFIX: &str = "ai-risk-map:corrupt:";

// `saveAutosave` and `loadAutosave` live in the private module `wasm::storage`, so Rust
// cannot name them; they are reached as JS sees them, through the exports of the test's own
// generated module, which wasm-bindgen-test-runner serves as `/wasm-bindgen-test` (the very
// URL its `run.js` imports: another URL would load a second, uninitialised copy).
#[wasm_bindgen(inline_js = r#"
import * as glue from "../../wasm-bindgen-test";
export function save_autosave(assessment) { return glue.saveAutosave(assessment); }
export function load_autosave() { return glue.loadAutosave(); }
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn save_autosave(assessment: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn load_autosave() -> Result<JsValue, JsValue>;
}

fn storage() -> web_sys::Storage {
    web_sys::window()
        .expect("a window")
        .local_storage()
        .expect("localStorage is allowed")
        .expect("localStorage exists")
}

/// Every key the tool wrote, so that each test starts from an empty store.
fn our_keys() -> Vec<String> {
    let s = storage();
    let n = s.length().unwrap();
    (0..n)
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with("ai-risk-map:"))
        .collect()
}

fn clear() {
    for key in our_keys() {
        storage().remove_item(&key).unwrap();
    }
}

fn aside_keys() -> Vec<String> {
    let mut keys: Vec<String> = our_keys()
        .into_iter()
        .filter(|k| k.starts_with(ASIDE_PREFIX))
        .collect();
    keys.sort();
    keys
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn evaluate_runs_in_the_browser() {
    let report = wasm::evaluate(JsValue::from_str(EXAMPLE)).unwrap();
    assert_eq!(
        get(&report, "schema").as_string().as_deref(),
        Some("ai-risk-map/report")
    );
    let err = wasm::evaluate(JsValue::from_str("{")).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&err, "name").as_string().as_deref(),
        Some("AiRiskMapError")
    );
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_json")
    );
    let svg = wasm::diagram_svg(JsValue::NULL, JsValue::UNDEFINED).unwrap();
    assert_eq!(svg.matches("data-component=\"").count(), 12);
}

#[wasm_bindgen_test]
fn autosave_round_trip() {
    clear();
    let empty = load_autosave().unwrap();
    assert!(get(&empty, "assessment").is_null());
    assert!(get(&empty, "movedAsideTo").is_null());
    assert!(get(&empty, "error").is_null());

    let example = JSON::parse(EXAMPLE).unwrap();
    save_autosave(&example).unwrap();
    let saved = storage().get_item(AUTOSAVE_KEY).unwrap().expect("saved");
    assert!(saved.contains("Customer support assistant (RAG)"));

    let restored = load_autosave().unwrap();
    assert!(get(&restored, "error").is_null());
    assert!(get(&restored, "movedAsideTo").is_null());
    let expected = wasm::parse_assessment(example).unwrap();
    assert_eq!(
        stringify(&get(&restored, "assessment")),
        stringify(&expected)
    );
    // JSON text is accepted too, and the restored document evaluates.
    save_autosave(&JsValue::from_str(EXAMPLE)).unwrap();
    let again = load_autosave().unwrap();
    wasm::evaluate(get(&again, "assessment")).unwrap();
    assert!(aside_keys().is_empty());
    clear();
}

#[wasm_bindgen_test]
fn an_invalid_assessment_is_not_saved() {
    clear();
    save_autosave(&JsValue::from_str(EXAMPLE)).unwrap();
    let before = storage().get_item(AUTOSAVE_KEY).unwrap();
    let bad = JSON::parse(
        r#"{"schema": "ai-risk-map/assessment", "controls": {"DASF 1": {"status": "done"}}}"#,
    )
    .unwrap();
    let err = save_autosave(&bad).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_document")
    );
    assert_eq!(
        get(&err, "path").as_string().as_deref(),
        Some("controls.DASF 1.status")
    );
    assert_eq!(storage().get_item(AUTOSAVE_KEY).unwrap(), before);
    clear();
}

#[wasm_bindgen_test]
fn a_corrupt_autosave_is_moved_aside_and_reported() {
    clear();
    let junk = "{\"schema\": \"ai-risk-map/assessment\", \"controls\": {"; // cut short
    storage().set_item(AUTOSAVE_KEY, junk).unwrap();

    let state = load_autosave().unwrap();
    assert!(get(&state, "assessment").is_null());
    let aside = get(&state, "movedAsideTo")
        .as_string()
        .expect("movedAsideTo is set");
    assert!(aside.starts_with(ASIDE_PREFIX), "{aside}");
    let error = get(&state, "error").as_string().expect("error is set");
    assert!(error.contains("not valid JSON"), "{error}");

    // Moved, not deleted: the text is kept byte for byte, and the autosave slot is free.
    assert_eq!(storage().get_item(&aside).unwrap().as_deref(), Some(junk));
    assert_eq!(storage().get_item(AUTOSAVE_KEY).unwrap(), None);
    assert_eq!(aside_keys(), std::slice::from_ref(&aside));

    // The next load finds nothing, and the kept copy is untouched.
    let next = load_autosave().unwrap();
    assert!(get(&next, "assessment").is_null());
    assert!(get(&next, "movedAsideTo").is_null());
    assert_eq!(storage().get_item(&aside).unwrap().as_deref(), Some(junk));
    clear();
}

#[wasm_bindgen_test]
fn a_well_formed_but_invalid_autosave_is_moved_aside_too() {
    clear();
    let stale =
        r#"{"schema": "ai-risk-map/assessment", "controls": {"DASF 99": {"status": "planned"}}}"#;
    storage().set_item(AUTOSAVE_KEY, stale).unwrap();
    let state = load_autosave().unwrap();
    assert!(get(&state, "assessment").is_null());
    let aside = get(&state, "movedAsideTo").as_string().unwrap();
    let error = get(&state, "error").as_string().unwrap();
    assert!(error.contains("DASF 99"), "{error}");
    assert_eq!(storage().get_item(&aside).unwrap().as_deref(), Some(stale));
    assert_eq!(storage().get_item(AUTOSAVE_KEY).unwrap(), None);
    clear();
}

/// Known bug: the aside key is `ai-risk-map:corrupt:<Date.now() in ms>`, so a second corrupt
/// save moved aside in the same millisecond overwrites the first (seen: 200 loads in a loop
/// kept 56 copies). Run with `-- --include-ignored` once src/wasm/storage.rs makes the key
/// unique.
#[wasm_bindgen_test]
fn corrupt_autosaves_moved_aside_in_the_same_millisecond_are_all_kept() {
    clear();
    for n in 0..50 {
        storage()
            .set_item(AUTOSAVE_KEY, &format!("junk {n}"))
            .unwrap();
        load_autosave().unwrap();
    }
    let kept = aside_keys().len();
    clear();
    assert_eq!(kept, 50, "corrupt saves were overwritten");
}
