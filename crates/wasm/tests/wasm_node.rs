//! The JS boundary under Node: what a JS caller gets back from the exported functions (plain
//! objects, the same report for an object and for its JSON text) and the errors it sees
//! (`Error` objects named `AiRiskMapError` with a stable `code` and a `path`).
//!
//! Run with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test --target wasm32-unknown-unknown --test wasm_node`.
#![cfg(target_arch = "wasm32")]

use ai_risk_map_wasm as wasm;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const EXAMPLE: &str = include_str!("../../../examples/rag-chatbot.assessment.json");

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("a property read")
}

fn string(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("`{key}` is not a string"))
}

fn array(value: &JsValue, key: &str) -> Array {
    get(value, key)
        .dyn_into::<Array>()
        .unwrap_or_else(|_| panic!("`{key}` is not an array"))
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value)
        .expect("JSON.stringify")
        .as_string()
        .expect("a string")
}

/// Assert two JSON texts are equal, showing only the neighbourhood of the first difference.
fn assert_same_json(left: &str, right: &str) {
    if left == right {
        return;
    }
    let (left, right): (Vec<char>, Vec<char>) = (left.chars().collect(), right.chars().collect());
    let at = left
        .iter()
        .zip(&right)
        .position(|(a, b)| a != b)
        .unwrap_or(left.len().min(right.len()));
    let window = |s: &[char]| -> String {
        s[at.saturating_sub(80)..(at + 80).min(s.len())]
            .iter()
            .collect()
    };
    panic!(
        "JSON differs at character {at} (lengths {} and {}):\n  left: …{}…\n right: …{}…",
        left.len(),
        right.len(),
        window(&left),
        window(&right)
    );
}

/// serde_json's text through JSON.parse and JSON.stringify, to compare with what JS holds
/// (serde_json writes `0.0` where JS writes `0`).
fn as_js_json(serde_text: &str) -> String {
    stringify(&object(serde_text))
}

fn object(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON parses")
}

/// The error thrown by a call, checked to be an `AiRiskMapError` with `code` and `path`
/// (given as the JSON of its segments, `null` when the error has no path).
fn expect_error(result: Result<impl Sized, JsValue>, code: &str, path: &str) -> String {
    let Err(err) = result else {
        panic!("expected an error with code {code}");
    };
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "not a JS Error: {err:?}"
    );
    let error: &js_sys::Error = err.unchecked_ref();
    assert_eq!(String::from(error.name()), "AiRiskMapError");
    let message = String::from(error.message());
    assert_eq!(string(&err, "code"), code, "{message}");
    let segments = JSON::stringify(&get(&err, "path")).expect("a path that stringifies");
    assert_eq!(String::from(segments), path, "{message}");
    assert!(!message.is_empty());
    message
}

#[wasm_bindgen_test]
fn catalog_round_trips_both_versions() {
    let v2 = wasm::catalog(None, None).unwrap();
    assert_eq!(string(&v2, "version"), "2.0");
    assert_eq!(array(&v2, "risks").length(), 62);
    assert_eq!(array(&v2, "controls").length(), 64);
    assert_eq!(array(&v2, "components").length(), 12);
    let explicit = wasm::catalog(Some("2.0".into()), None).unwrap();
    assert_same_json(&stringify(&v2), &stringify(&explicit));
    // The default edition's text comes straight from the compiled data, with no catalog
    // built (`edition_json`): it is the catalog as the engine writes it, member for member.
    let written = ai_risk_map::json_text(ai_risk_map::catalog::builtin("2.0").unwrap());
    assert_same_json(&stringify(&v2), &written);

    let v1 = wasm::catalog(Some("1.0".into()), None).unwrap();
    assert_eq!(string(&v1, "version"), "1.0");
    assert_eq!(array(&v1, "risks").length(), 55);
    assert_eq!(array(&v1, "controls").length(), 53);

    // A known pair: risk 9.1 (prompt injection) is mitigated by DASF 54.
    let risk = array(&v2, "risks")
        .iter()
        .find(|r| string(r, "id") == "9.1")
        .expect("risk 9.1");
    assert_eq!(string(&risk, "component"), "9");
    let controls: Vec<String> = array(&risk, "controls")
        .iter()
        .map(|c| c.as_string().unwrap())
        .collect();
    assert!(controls.contains(&"DASF 54".to_string()), "{controls:?}");
    let pairs: u32 = array(&v2, "risks")
        .iter()
        .map(|r| array(&r, "controls").length())
        .sum();
    assert_eq!(pairs, 362);

    // The JS object is the same document the core serializes.
    let core = ai_risk_map::catalog::builtin("2.0").unwrap();
    assert_same_json(
        &stringify(&v2),
        &as_js_json(&serde_json::to_string(core).unwrap()),
    );
}

#[wasm_bindgen_test]
fn catalog_of_an_unknown_version_is_an_error() {
    let message = expect_error(
        wasm::catalog(Some("3.0".into()), None),
        "unsupported_version",
        "null",
    );
    assert!(message.contains("3.0"), "{message}");
}

#[wasm_bindgen_test]
fn catalog_versions_version_and_css() {
    let versions = Array::from(&wasm::catalog_versions().unwrap());
    let versions: Vec<String> = versions.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(versions, ["1.0", "2.0"]);
    assert!(!wasm::engine_version().is_empty());
    assert!(wasm::diagram_css().contains(".arm-diagram"));
}

#[wasm_bindgen_test]
fn evaluate_object_and_text_give_the_same_report() {
    let from_text = wasm::evaluate(JsValue::from_str(EXAMPLE)).unwrap();
    let from_object = wasm::evaluate(object(EXAMPLE)).unwrap();
    assert_same_json(&stringify(&from_text), &stringify(&from_object));

    assert_eq!(string(&from_text, "schema"), "ai-risk-map/report");
    assert_eq!(array(&from_text, "risks").length(), 62);
    let overall = get(&from_text, "overall");
    let coverage = get(&overall, "coverage").as_f64().unwrap();
    assert!((0.0..=1.0).contains(&coverage));
    assert_eq!(array(&from_text, "gaps").length(), 149);

    // The same figures as the native engine.
    let (_, report) = ai_risk_map::assess_json(EXAMPLE).unwrap();
    assert_same_json(
        &stringify(&from_text),
        &as_js_json(&serde_json::to_string(&report).unwrap()),
    );
}

#[wasm_bindgen_test]
fn new_and_parse_assessment_round_trip() {
    let blank = wasm::new_assessment(Some("1.0".into()), Some(object(r#"["rag_llm"]"#))).unwrap();
    assert_eq!(string(&blank, "schema"), "ai-risk-map/assessment");
    assert_eq!(string(&blank, "dasf"), "1.0");
    let parsed = wasm::parse_assessment(blank.clone()).unwrap();
    assert_same_json(&stringify(&parsed), &stringify(&blank));
    assert_eq!(
        stringify(&get(&blank, "deploymentModels")),
        r#"["rag_llm"]"#
    );
    let report = wasm::evaluate(blank).unwrap();
    assert_eq!(array(&report, "risks").length(), 55);

    // Omitted or null, no models; the blank document is the engine's own.
    for omitted in [None, Some(JsValue::NULL), Some(JsValue::UNDEFINED)] {
        let none = wasm::new_assessment(Some("2.0".into()), omitted).unwrap();
        assert_same_json(
            &stringify(&none),
            &as_js_json(&ai_risk_map::json_text(
                &ai_risk_map::assess::Assessment::new("2.0"),
            )),
        );
    }

    // A wrong value is an AiRiskMapError with its path, as in a file: an unknown id, a
    // string for the list (not split into letters), a number for an id.
    expect_error(
        wasm::new_assessment(None, Some(object(r#"["rag"]"#))),
        "unknown_id",
        r#"["deploymentModels",0]"#,
    );
    expect_error(
        wasm::new_assessment(None, Some(JsValue::from_str("rag_llm"))),
        "invalid_document",
        r#"["deploymentModels"]"#,
    );
    expect_error(
        wasm::new_assessment(None, Some(object(r#"["rag_llm", 7]"#))),
        "invalid_document",
        r#"["deploymentModels",1]"#,
    );
}

#[wasm_bindgen_test]
fn markdown_and_csv_of_a_report() {
    let md = wasm::report_markdown(object(EXAMPLE)).unwrap();
    assert!(md.starts_with("# AI security assessment: Customer support assistant (RAG)"));
    let csv = wasm::gaps_csv(JsValue::from_str(EXAMPLE)).unwrap();
    assert_eq!(csv.lines().count(), 1 + 149);
}

#[wasm_bindgen_test]
fn errors_carry_code_and_path() {
    let message = expect_error(
        wasm::evaluate(object(
            r#"{"schema": "ai-risk-map/assessment", "controls": {"DASF 1": {"status": "done"}}}"#,
        )),
        "invalid_document",
        r#"["controls","DASF 1","status"]"#,
    );
    assert!(message.contains("`done`"), "{message}");

    let message = expect_error(
        wasm::evaluate(object(
            r#"{"schema": "ai-risk-map/assessment", "controls": {"DASF 99": {"status": "planned"}}}"#,
        )),
        "unknown_id",
        r#"["controls","DASF 99"]"#,
    );
    assert!(message.contains("`DASF 99`"), "{message}");

    expect_error(
        wasm::evaluate(object(
            r#"{"schema": "ai-risk-map/assessment", "risks": {"99.1": {"pertinent": false}}}"#,
        )),
        "unknown_id",
        r#"["risks","99.1"]"#,
    );

    let message = expect_error(
        wasm::evaluate(JsValue::from_str("{\n  \"schema\": ")),
        "invalid_json",
        // The member whose value is missing.
        r#"["schema"]"#,
    );
    assert!(message.contains("line 2"), "{message}");

    let message = expect_error(
        wasm::evaluate(object(
            r#"{"schema": "ai-risk-map/assessment", "schemaVersion": 4}"#,
        )),
        "unsupported_version",
        "null",
    );
    assert!(message.contains("schemaVersion"), "{message}");

    expect_error(
        wasm::evaluate(object("[1, 2]")),
        "invalid_document",
        r#"[]"#,
    );
    expect_error(
        wasm::evaluate(JsValue::UNDEFINED),
        "invalid_argument",
        "null",
    );
    expect_error(wasm::evaluate(JsValue::NULL), "invalid_argument", "null");
    expect_error(
        wasm::parse_assessment(object(
            r#"{"schema": "ai-risk-map/assessment", "dasf": "9"}"#,
        )),
        "unknown_id",
        r#"["dasf"]"#,
    );
}

#[wasm_bindgen_test]
fn a_document_over_the_limit_is_too_large() {
    let text = format!(
        "{{\"schema\": \"ai-risk-map/assessment\"}}{}",
        " ".repeat(ai_risk_map::limits::MAX_DOCUMENT_BYTES)
    );
    expect_error(
        wasm::evaluate(JsValue::from_str(&text)),
        "too_large",
        "null",
    );
}

#[wasm_bindgen_test]
fn a_cyclic_object_is_an_argument_error() {
    let cyclic = js_sys::Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    expect_error(wasm::evaluate(cyclic.into()), "invalid_argument", "null");
}

#[wasm_bindgen_test]
fn search_by_crosswalk_id_and_text() {
    let hits = wasm::search("AML.T0051", None).unwrap();
    let hits: Array = hits.dyn_into().expect("an array of hits");
    assert!(hits.length() > 0);
    let risk = hits
        .iter()
        .find(|h| string(h, "kind") == "risk" && string(h, "id") == "9.1")
        .expect("risk 9.1 among the hits");
    assert_eq!(string(&risk, "matched"), "crosswalk");
    let crosswalk: Vec<String> = array(&risk, "crosswalk")
        .iter()
        .map(|c| c.as_string().unwrap())
        .collect();
    assert!(
        crosswalk.iter().any(|c| c.ends_with("AML.T0051")),
        "{crosswalk:?}"
    );

    let hits: Array = wasm::search("prompt injection", None)
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(hits.iter().any(|h| string(&h, "id") == "9.1"));
    let hits: Array = wasm::search("LLM01", Some("1.0".into()))
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(hits.length() > 0);
    let none: Array = wasm::search("   ", None).unwrap().dyn_into().unwrap();
    assert_eq!(none.length(), 0);
}

#[wasm_bindgen_test]
fn diagram_svg_has_the_twelve_components() {
    let bare = wasm::diagram_svg(JsValue::NULL, JsValue::UNDEFINED).unwrap();
    assert!(bare.starts_with("<svg"));
    assert_eq!(bare.matches("data-component=\"").count(), 12);
    assert!(!bare.contains("<style>"), "not standalone by default");

    let options = object(r#"{"selected": "9", "standalone": true}"#);
    let svg = wasm::diagram_svg(JsValue::from_str(EXAMPLE), options).unwrap();
    assert_eq!(svg.matches("data-component=\"").count(), 12);
    assert!(svg.contains("<style>"));
    assert!(svg.trim_end().ends_with("</svg>"));

    // The one-column layout for phones, with the same twelve components.
    let narrow =
        wasm::diagram_svg(JsValue::from_str(EXAMPLE), object(r#"{"narrow": true}"#)).unwrap();
    assert!(narrow.contains("viewBox=\"0 0 400 "), "{}", &narrow[..200]);
    assert_eq!(narrow.matches("data-component=\"").count(), 12);

    let v1 = wasm::diagram_svg(JsValue::NULL, object(r#"{"dasf": "1.0"}"#)).unwrap();
    assert_eq!(v1.matches("data-component=\"").count(), 12);

    let message = expect_error(
        wasm::diagram_svg(JsValue::NULL, object(r#"{"standalone": "yes"}"#)),
        "invalid_document",
        r#"["options","standalone"]"#,
    );
    assert!(message.contains("\"yes\""), "{message}");
    // A misspelt option is refused, not silently ignored.
    let message = expect_error(
        wasm::diagram_svg(JsValue::NULL, object(r#"{"standAlone": true}"#)),
        "invalid_document",
        r#"["options","standAlone"]"#,
    );
    assert!(message.contains("unknown field"), "{message}");
}

#[wasm_bindgen_test]
fn errata_apply_unless_the_document_or_the_call_asks_for_the_catalog_as_published() {
    let deployment = |catalog: &JsValue, id: &str| -> Vec<String> {
        let risk = array(catalog, "risks")
            .iter()
            .find(|r| string(r, "id") == id)
            .expect("risk");
        array(&risk, "deployment")
            .iter()
            .map(|d| d.as_string().unwrap())
            .collect()
    };
    let corrected = wasm::catalog(None, None).unwrap();
    let published = wasm::catalog(None, Some(true)).unwrap();
    assert!(deployment(&corrected, "9.1").contains(&"rag_llm".to_string()));
    assert!(!deployment(&published, "9.1").contains(&"rag_llm".to_string()));
    assert_eq!(get(&corrected, "errataApplied"), JsValue::TRUE);
    assert!(get(&published, "errataApplied").is_undefined());

    let state = |asp: bool| {
        let report = wasm::evaluate(object(&format!(
            r#"{{"schema": "ai-risk-map/assessment", "asPublished": {asp}, "deploymentModels": ["rag_llm"]}}"#
        )))
        .unwrap();
        let risk = array(&report, "risks")
            .iter()
            .find(|r| string(r, "id") == "9.1")
            .unwrap();
        (string(&risk, "state"), array(&report, "errata").length())
    };
    assert_eq!(state(false), ("uncovered".to_string(), 20));
    assert_eq!(state(true), ("not_applicable".to_string(), 0));
}
