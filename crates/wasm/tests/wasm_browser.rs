//! The JS boundary in a real browser (headless Chromium): the autosave in `localStorage`,
//! whose rule is that nothing is lost (a corrupt save is moved aside, never deleted, and a
//! save never overwrites another tab's unseen), and a smoke test of evaluation in the browser.
//!
//! Run with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test --target wasm32-unknown-unknown --test wasm_browser` (needs
//! `/usr/bin/chromedriver` and the crate root's `webdriver.json`).
#![cfg(target_arch = "wasm32")]

use ai_risk_map_wasm as wasm;
use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = include_str!("../../../examples/rag-chatbot.assessment.json");
const AUTOSAVE_KEY: &str = "ai-risk-map:assessment";
const REVISION_KEY: &str = "ai-risk-map:assessment:revision";
const ASIDE_PREFIX: &str = "ai-risk-map:corrupt:";
const KEPT_PREFIX: &str = "ai-risk-map:kept:";

// `saveAutosave` and `loadAutosave` live in the private module `wasm::storage`, so Rust
// cannot name them; they are reached as JS sees them, through the exports of the test's own
// generated module, which wasm-bindgen-test-runner serves as `/wasm-bindgen-test` (the very
// URL its `run.js` imports: another URL would load a second, uninitialised copy).
#[wasm_bindgen(inline_js = r#"
import * as glue from "../../wasm-bindgen-test";
export function save_autosave(assessment, revision) { return glue.saveAutosave(assessment, revision); }
export function load_autosave() { return glue.loadAutosave(); }
export function keep_aside(assessment) { return glue.keepAside(assessment); }
export function kept_aside() { return glue.keptAside(); }
export function discard_kept(key) { return glue.discardKept(key); }
"#)]
extern "C" {
    /// The new revision, or `undefined` when the save was refused.
    #[wasm_bindgen(catch)]
    fn save_autosave(assessment: &JsValue, revision: Option<String>) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    fn load_autosave() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    fn keep_aside(assessment: &JsValue) -> Result<String, JsValue>;
    #[wasm_bindgen(catch)]
    fn kept_aside() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    fn discard_kept(key: &str) -> Result<JsValue, JsValue>;
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

fn keys_under(prefix: &str) -> Vec<String> {
    let mut keys: Vec<String> = our_keys()
        .into_iter()
        .filter(|k| k.starts_with(prefix))
        .collect();
    keys.sort();
    keys
}

fn aside_keys() -> Vec<String> {
    keys_under(ASIDE_PREFIX)
}

/// Save as a tab that last saw `revision`; the new revision, or None when refused.
fn save(assessment: &JsValue, revision: Option<&str>) -> Option<String> {
    save_autosave(assessment, revision.map(String::from))
        .unwrap()
        .as_string()
}

fn revision_of(state: &JsValue) -> Option<String> {
    get(state, "revision").as_string()
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
    assert!(get(&empty, "revision").is_null());
    assert_eq!(get(&empty, "keptInPlace").as_bool(), Some(false));

    let example = JSON::parse(EXAMPLE).unwrap();
    let first = save(&example, None).expect("saved over nothing");
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
    assert_eq!(revision_of(&restored).as_ref(), Some(&first));
    // JSON text is accepted too, and the restored document evaluates.
    save(&JsValue::from_str(EXAMPLE), Some(&first)).expect("saved over its own save");
    let again = load_autosave().unwrap();
    wasm::evaluate(get(&again, "assessment")).unwrap();
    assert!(aside_keys().is_empty());
    clear();
}

#[wasm_bindgen_test]
fn an_invalid_assessment_is_not_saved() {
    clear();
    let revision = save(&JsValue::from_str(EXAMPLE), None).unwrap();
    let before = storage().get_item(AUTOSAVE_KEY).unwrap();
    let bad = JSON::parse(
        r#"{"schema": "ai-risk-map/assessment", "controls": {"DASF 1": {"status": "done"}}}"#,
    )
    .unwrap();
    let err = save_autosave(&bad, Some(revision.clone())).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_document")
    );
    assert_eq!(
        String::from(JSON::stringify(&get(&err, "path")).unwrap()),
        r#"["controls","DASF 1","status"]"#
    );
    assert_eq!(storage().get_item(AUTOSAVE_KEY).unwrap(), before);
    assert_eq!(storage().get_item(REVISION_KEY).unwrap(), Some(revision));
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
/// kept 56 copies). Run with `-- --include-ignored` once crates/wasm/src/storage.rs makes the key
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

#[wasm_bindgen_test]
fn a_save_over_another_tabs_save_is_refused_and_writes_nothing() {
    clear();
    let example = JSON::parse(EXAMPLE).unwrap();
    let other =
        JSON::parse(r#"{"schema": "ai-risk-map/assessment", "useCase": {"name": "B"}}"#).unwrap();
    // Tabs A and B both open on A's save.
    let seen = save(&example, None).unwrap();
    // B saves; A, which last saw `seen`, is then refused, and B's save is intact.
    let b = save(&other, Some(&seen)).expect("B saves over what it saw");
    assert_ne!(b, seen, "every save writes a new revision");
    let b_text = storage().get_item(AUTOSAVE_KEY).unwrap();
    assert_eq!(save(&example, Some(&seen)), None);
    assert_eq!(
        save(&example, None),
        None,
        "a tab that saw no autosave is refused too"
    );
    assert_eq!(storage().get_item(AUTOSAVE_KEY).unwrap(), b_text);
    assert_eq!(storage().get_item(REVISION_KEY).unwrap(), Some(b.clone()));
    // A keeps its version deliberately: it reads the current revision and saves over it.
    let current = revision_of(&load_autosave().unwrap());
    assert_eq!(current.as_ref(), Some(&b));
    let a = save(&example, current.as_deref()).expect("saved once A has seen B's save");
    assert_ne!(a, b);
    // An invalid document is refused before any revision check, with the engine's reason.
    let err = save_autosave(&JsValue::from_str("{"), Some(a)).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_json")
    );
    clear();
}

#[wasm_bindgen_test]
fn an_autosave_from_before_revisions_still_loads() {
    clear();
    // What earlier releases wrote: the plain assessment, and no revision.
    storage().set_item(AUTOSAVE_KEY, EXAMPLE).unwrap();
    let state = load_autosave().unwrap();
    assert!(get(&state, "movedAsideTo").is_null());
    assert!(revision_of(&state).is_none());
    let expected = wasm::parse_assessment(JsValue::from_str(EXAMPLE)).unwrap();
    assert_eq!(stringify(&get(&state, "assessment")), stringify(&expected));
    // The assessment is stored in the same format as before, beside its new revision.
    let revision = save(&get(&state, "assessment"), None).expect("saved");
    let text = storage().get_item(AUTOSAVE_KEY).unwrap().unwrap();
    assert_eq!(
        stringify(&JSON::parse(&text).unwrap()),
        stringify(&expected)
    );
    assert_eq!(storage().get_item(REVISION_KEY).unwrap(), Some(revision));
    clear();
}

#[wasm_bindgen_test]
fn kept_copies_are_stored_as_given_under_fresh_keys() {
    clear();
    // Unchecked on purpose: a version that loses a clash is kept even if the engine refuses it.
    let odd = r#"{"schema": "ai-risk-map/assessment", "controls": {"DASF 99": {}}}"#;
    let mut keys: Vec<String> = (0..20)
        .map(|_| keep_aside(&JsValue::from_str(odd)).unwrap())
        .collect();
    keys.sort();
    assert_eq!(keys, keys_under(KEPT_PREFIX), "20 copies, none overwritten");
    for key in &keys {
        assert_eq!(storage().get_item(key).unwrap().as_deref(), Some(odd));
    }
    let object = JSON::parse(EXAMPLE).unwrap();
    let key = keep_aside(&object).unwrap();
    assert_eq!(storage().get_item(&key).unwrap(), Some(stringify(&object)));
    assert!(keep_aside(&JsValue::NULL).is_err());
    assert_eq!(
        storage().get_item(AUTOSAVE_KEY).unwrap(),
        None,
        "the autosave is untouched"
    );
    clear();
}

#[wasm_bindgen_test]
fn what_was_kept_aside_is_listed_until_discarded() {
    clear();
    let first = keep_aside(&JsValue::from_str(r#"{"useCase": {"name": "one"}}"#)).unwrap();
    let second = keep_aside(&JsValue::from_str("not even JSON")).unwrap();
    storage().set_item("unrelated", "x").unwrap();
    let list = js_sys::Array::from(&kept_aside().unwrap());
    let keys: Vec<String> = list
        .iter()
        .map(|k| get(&k, "key").as_string().unwrap())
        .collect();
    let mut expected = vec![first.clone(), second.clone()];
    expected.sort();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "only the kept copies, each once");
    for item in list.iter() {
        let key = get(&item, "key").as_string().unwrap();
        assert_eq!(
            get(&item, "text").as_string(),
            storage().get_item(&key).unwrap()
        );
        let stamp: f64 = key[KEPT_PREFIX.len()..]
            .split('-')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(get(&item, "keptAt").as_f64(), Some(stamp));
    }
    // Only keys the tool kept aside can be discarded.
    assert!(discard_kept("unrelated").is_err());
    assert!(discard_kept(AUTOSAVE_KEY).is_err());
    assert_eq!(
        storage().get_item("unrelated").unwrap().as_deref(),
        Some("x")
    );
    discard_kept(&first).unwrap();
    assert_eq!(keys_under(KEPT_PREFIX), vec![second.clone()]);
    storage().remove_item("unrelated").unwrap();
    clear();
}
