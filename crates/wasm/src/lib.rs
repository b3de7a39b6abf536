//! The JavaScript binding of the ai-risk-map engine: the only crate that knows about
//! wasm-bindgen. Every function
//! takes and returns plain JS values and delegates to the core; errors become JS `Error`
//! objects named `AiRiskMapError` with a stable `code` (and `path`, where there is one).
//!
//! Documents come in as objects or JSON text and go through the core's JSON parser either
//! way, so that an error names the same JSON path on every face.
//!
//! Built for wasm32 only; natively the crate is empty, so workspace-wide native commands
//! pass over it.
#![cfg(target_arch = "wasm32")]

use serde::Serialize;
use wasm_bindgen::prelude::*;

use ai_risk_map::assess::{evaluate as evaluate_core, Assessment, Report};
use ai_risk_map::catalog::{
    edition_json, known_versions, lookup_edition, register, search::search as search_core, Catalog,
    LATEST_VERSION,
};
use ai_risk_map::render::{csv, diagram, markdown};
use ai_risk_map::{Error, Segment};

mod storage;
pub use storage::{load_autosave, save_autosave};
mod share;
pub use share::{share_decode, share_encode};
mod input;
pub use input::{decode_document, limits_js};

// Talc in place of the standard dlmalloc: the engine runs single-threaded in a page or a
// worker, and Talc's code is a few kilobytes smaller in the wasm.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(typescript_custom_section)]
const TS_DOCUMENTS: &str = include_str!("documents.d.ts");
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

/// Turn a core error into a JS `Error` with `name`, `code`, `path`, `errors` (every error
/// found, each `{message, code, path}`, the first being this one) and `moreErrors` (how many
/// more were found beyond the cap).
fn js_error(err: Error) -> JsValue {
    let js = js_sys::Error::new(&err.to_string());
    js.set_name("AiRiskMapError");
    set_fields(&js, &err);
    // Loops pushing onto arrays, here and in set_fields, rather than collecting: less code.
    let errors = js_sys::Array::new();
    for one in err.all() {
        let item = js_sys::Object::new();
        set(&item, "message", JsValue::from_str(&one.to_string()));
        set_fields(&item, one);
        errors.push(&item);
    }
    set(&js, "errors", errors.into());
    set(&js, "moreErrors", JsValue::from_f64(err.more() as f64));
    js.into()
}

fn set(target: &js_sys::Object, key: &str, value: JsValue) {
    // Setting a property on a fresh object cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), &value);
}

/// `code` and `path` of an error onto a JS object.
fn set_fields(target: &js_sys::Object, err: &Error) {
    set(target, "code", JsValue::from_str(err.code()));
    // The path as segments (`["risks", "9.11", "status"]`): ids contain dots, so a program
    // must not split the readable form the message shows.
    let path = err.path_segments().map_or(JsValue::NULL, |path| {
        let segments = js_sys::Array::new();
        for segment in path.segments() {
            segments.push(&match segment {
                Segment::Key(key) => JsValue::from_str(key),
                Segment::Index(i) => JsValue::from_f64(*i as f64),
            });
        }
        segments.into()
    });
    set(target, "path", path);
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    // Through JSON text rather than serde-wasm-bindgen: the engine already has its JSON
    // writer, and a second serializer for every report type would double the code of the
    // wasm; JSON.parse of the text is as fast. Input takes the same road (JSON.stringify,
    // then the core's reader), so every face reports the same JSON paths.
    js_sys::JSON::parse(&ai_risk_map::json_text(value))
}

/// JSON text of a document given as an object or as text.
fn json_text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_null() || value.is_undefined() {
        return Err(js_error(Error::Argument(format!(
            "{what} is missing: pass an object or its JSON text"
        ))));
    }
    stringify(value, what)
}

/// JSON text of any value (a string becomes a JSON string, not JSON text).
fn stringify(value: &JsValue, what: &str) -> Result<String, JsValue> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            js_error(Error::Argument(format!(
                "{what} cannot be converted to JSON (is it cyclic, or does it hold a BigInt?)"
            )))
        })
}

fn catalog_of(version: Option<String>) -> Result<&'static Catalog, JsValue> {
    lookup_edition(version.as_deref().unwrap_or(LATEST_VERSION), false).map_err(js_error)
}

fn assessment_of(value: &JsValue) -> Result<(Assessment, &'static Catalog), JsValue> {
    let text = json_text(value, "the assessment")?;
    let assessment = Assessment::from_json(&text).map_err(js_error)?;
    let catalog = assessment.catalog().map_err(js_error)?;
    assessment.validate(catalog).map_err(js_error)?;
    Ok((assessment, catalog))
}

fn report_of(value: &JsValue) -> Result<(Assessment, &'static Catalog, Report<'static>), JsValue> {
    let (assessment, catalog) = assessment_of(value)?;
    let report = evaluate_core(catalog, &assessment).map_err(js_error)?;
    Ok((assessment, catalog, report))
}

/// The built-in catalog of a DASF version (`"2.0"` when omitted), with its errata applied,
/// or exactly as published when `asPublished` is true (what an assessment with
/// `"asPublished": true` is evaluated on).
///
/// ```js
/// const cat = catalog("1.0");
/// cat.risks.length; // 55
/// catalog("2.0", true).errataApplied; // undefined: as published
/// ```
#[wasm_bindgen(unchecked_return_type = "Catalog")]
pub fn catalog(version: Option<String>, as_published: Option<bool>) -> Result<JsValue, JsValue> {
    let version = version.as_deref().unwrap_or(LATEST_VERSION);
    let text = edition_json(version, as_published.unwrap_or(false)).map_err(js_error)?;
    js_sys::JSON::parse(&text)
}

/// Give the built-in catalog its long texts (descriptions and implementation notes), which
/// this build leaves out of the wasm so that the first view loads sooner: `document` is the
/// text of `dasf-2.0.texts.json`, served beside the wasm. Until then the built-in catalog
/// has every fact and short text, and empty long texts. Throws on texts of another build.
#[wasm_bindgen(js_name = loadCatalogTexts)]
pub fn load_catalog_texts(document: &str) -> Result<(), JsValue> {
    ai_risk_map::catalog::load_texts(document).map_err(js_error)
}

/// Whether the built-in catalog has its long texts (see `loadCatalogTexts`).
#[wasm_bindgen(js_name = catalogHasTexts)]
pub fn catalog_has_texts() -> bool {
    ai_risk_map::catalog::has_texts()
}

/// The catalog versions available: the built-in DASF versions, oldest first
/// (`["1.0", "2.0"]`), then any loaded with `registerCatalog`.
// Through JSON like every other result: returning a `Vec<String>` would add wasm-bindgen's
// own array conversion to the wasm for this one call.
#[wasm_bindgen(js_name = catalogVersions, unchecked_return_type = "string[]")]
pub fn catalog_versions() -> Result<JsValue, JsValue> {
    to_js(&known_versions())
}

/// Load a catalog document of your own (schema `ai-risk-map/catalog`), validated like the
/// built-in one, and return its version: assessments whose `dasf` is that version then
/// evaluate against it. Loading the same version again replaces it.
///
/// ```js
/// const version = registerCatalog(await (await fetch("acme-dasf.json")).text());
/// ```
#[wasm_bindgen(js_name = registerCatalog)]
pub fn register_catalog(
    #[wasm_bindgen(unchecked_param_type = "string | Catalog")] document: JsValue,
) -> Result<String, JsValue> {
    let text = json_text(&document, "the catalog")?;
    let catalog = Catalog::from_json(&text)
        .and_then(register)
        .map_err(js_error)?;
    Ok(catalog.version.clone())
}

/// A blank assessment on a DASF version, optionally with deployment models.
///
/// ```js
/// const a = newAssessment("2.0", ["rag_llm"]);
/// ```
#[wasm_bindgen(js_name = newAssessment, unchecked_return_type = "Assessment")]
pub fn new_assessment(
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] version: Option<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "string[] | null")] deployment_models: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    to_js(&blank(version, deployment_models)?)
}

/// A blank assessment on a DASF version (the latest when omitted), with deployment models
/// given as an array of ids or omitted. The models are read by the engine's reader, as in a
/// file, so that a wrong value (a string for the array, a number for an id, an unknown id)
/// gets the same `AiRiskMapError`, with its path, as anywhere else.
fn blank(
    version: Option<String>,
    deployment_models: Option<JsValue>,
) -> Result<Assessment, JsValue> {
    let catalog = catalog_of(version)?;
    let models = match deployment_models {
        Some(value) if !value.is_null() && !value.is_undefined() => {
            stringify(&value, "the deployment models")?
        }
        _ => "[]".into(),
    };
    Assessment::blank_from_json(catalog, &models).map_err(js_error)
}

/// Parse and validate an assessment (JSON text or object), returning it normalised: the
/// way to check a file before using it. Throws `AiRiskMapError` naming the bad path.
///
/// ```js
/// try { parseAssessment(text) } catch (e) { console.log(e.code, e.path, e.message) }
/// ```
#[wasm_bindgen(js_name = parseAssessment, unchecked_return_type = "Assessment")]
pub fn parse_assessment(
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&assessment_of(&assessment)?.0)
}

/// Move an assessment to another catalog version, keeping every decision and recording
/// what the target adds for review (`catalogMigration`; the report lists what is still
/// undecided). Throws, changing nothing, if the target lacks something already decided.
///
/// ```js
/// const moved = migrateAssessment(old, "2.0");
/// moved.catalogMigration.newRisks; // the 2.0 risks to look at
/// ```
#[wasm_bindgen(js_name = migrateAssessment, unchecked_return_type = "Assessment")]
pub fn migrate_assessment(
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
    version: &str,
) -> Result<JsValue, JsValue> {
    let (assessment, from) = assessment_of(&assessment)?;
    // The target in the document's edition (errata applied or as published).
    let to = lookup_edition(version, assessment.as_published).map_err(js_error)?;
    to_js(&assessment.migrate(from, to).map_err(js_error)?)
}

/// The words for the engine's codes, by kind (`status`, `state`, `level`,
/// `responsibility`) then code, in the engine's order: what every face shows; and
/// `plural`, the plural of each noun the faces count (`plural.risk` is "risks").
///
/// ```js
/// labels().status.partial; // "Partially implemented"
/// ```
#[wasm_bindgen(unchecked_return_type = "Labels")]
pub fn labels() -> Result<JsValue, JsValue> {
    to_js(&ai_risk_map::assess::labels())
}

/// Evaluate an assessment into a report: scores, gaps, next controls.
///
/// ```js
/// const report = evaluate({ schema: "ai-risk-map/assessment", deploymentModels: ["rag_llm"] });
/// report.overall.coverage; // 0
/// ```
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&report_of(&assessment)?.2)
}

/// Search a catalog by text or by crosswalk id (`"AML.T0051"`, `"LLM01"`, `"AC-3"`).
///
/// ```js
/// search("prompt injection").map(h => `${h.kind} ${h.id}`);
/// ```
#[wasm_bindgen(unchecked_return_type = "SearchHit[]")]
pub fn search(query: &str, version: Option<String>) -> Result<JsValue, JsValue> {
    to_js(&search_core(catalog_of(version)?, query))
}

/// The report of an assessment as Markdown.
#[wasm_bindgen(js_name = reportMarkdown)]
pub fn report_markdown(
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
) -> Result<String, JsValue> {
    let (_, catalog, report) = report_of(&assessment)?;
    Ok(markdown::report(&report, catalog))
}

/// The open gaps of an assessment as CSV, one row per risk-control pair.
#[wasm_bindgen(js_name = gapsCsv)]
pub fn gaps_csv(
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
) -> Result<String, JsValue> {
    Ok(csv::gaps(&report_of(&assessment)?.2))
}

/// The component diagram as SVG text, coloured by the assessment's report when one is given
/// (pass `null` for the bare catalog of `options.dasf`). `options.standalone` embeds the
/// stylesheet, for a file download; otherwise adopt `diagramCss()` once.
///
/// ```js
/// host.innerHTML = diagramSvg(assessment, { selected: "9" });
/// ```
#[wasm_bindgen(js_name = diagramSvg)]
pub fn diagram_svg(
    #[wasm_bindgen(unchecked_param_type = "Assessment | string | null")] assessment: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DiagramOptions | undefined")] options: JsValue,
) -> Result<String, JsValue> {
    let request = draw_request(&options)?;
    let draw = request.options();
    if assessment.is_null() || assessment.is_undefined() {
        return Ok(diagram::svg(catalog_of(request.dasf.clone())?, None, &draw));
    }
    let (_, catalog, report) = report_of(&assessment)?;
    Ok(diagram::svg(catalog, Some(&report), &draw))
}

/// The options of `diagramSvg` (the function's and the session's), read by the engine;
/// none given draws the default.
fn draw_request(options: &JsValue) -> Result<diagram::DrawRequest, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(diagram::DrawRequest::default());
    }
    diagram::DrawRequest::from_json(&json_text(options, "the diagram options")?).map_err(js_error)
}

/// The diagram's stylesheet, to adopt as a constructable stylesheet.
#[wasm_bindgen(js_name = diagramCss)]
pub fn diagram_css() -> String {
    diagram::DIAGRAM_CSS.to_string()
}

/// The version of the engine.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// An assessment held inside the engine and changed by small edits: what the page and the
/// element work on, so that an edit never re-sends, re-reads or re-validates the whole
/// document. Serialise it (`toJson`) only to export, save or share.
///
/// ```js
/// const s = new Session(text);            // or an object, or null for a blank one
/// const change = s.apply([{ path: ["controls", "DASF 1", "status"], value: "implemented" }]);
/// change.document; // [{ path: ["controls", "DASF 1"], value: { status: "implemented" } }]
/// change.report;   // only what changed: { overall: {...}, items: { risks: [[i, risk]], ... } }
/// ```
fn change_or_null(
    change: ai_risk_map::Result<Option<ai_risk_map::session::Change>>,
) -> Result<JsValue, JsValue> {
    match change.map_err(js_error)? {
        Some(change) => js_sys::JSON::parse(&change.to_json()),
        None => Ok(JsValue::NULL),
    }
}

#[wasm_bindgen(js_name = Session)]
pub struct JsSession {
    inner: ai_risk_map::session::Session,
}

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    /// Open a document (JSON text or object); `null` starts a blank one on `dasf` (default
    /// the latest) with the given deployment models. Throws `AiRiskMapError`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Assessment | string | null")] document: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] dasf: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "string[] | null")]
        deployment_models: Option<JsValue>,
    ) -> Result<JsSession, JsValue> {
        let assessment = if document.is_null() || document.is_undefined() {
            blank(dasf, deployment_models)?
        } else {
            Assessment::from_json(&json_text(&document, "the assessment")?).map_err(js_error)?
        };
        let inner = ai_risk_map::session::Session::new(assessment).map_err(js_error)?;
        Ok(JsSession { inner })
    }

    /// Apply edits (`{path, value}`, or a list of them applied as one step; a `null` value
    /// removes) and return what changed. Throws, changing nothing, when an edit is refused.
    ///
    /// Each call is one step for `undo`; calls with the same `group` one after another (the
    /// keystrokes typed in one field) make a single step.
    #[wasm_bindgen(unchecked_return_type = "SessionChange")]
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Edit | Edit[]")] edits: JsValue,
        group: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let text = json_text(&edits, "the edits")?;
        let edits = ai_risk_map::session::Session::read_edits(&text).map_err(js_error)?;
        let change = self
            .inner
            .apply_in(&edits, group.as_deref())
            .map_err(js_error)?;
        js_sys::JSON::parse(&change.to_json())
    }

    /// Take back the latest step and return what changed, or null when there is nothing to
    /// undo.
    #[wasm_bindgen(unchecked_return_type = "SessionChange | null")]
    pub fn undo(&mut self) -> Result<JsValue, JsValue> {
        change_or_null(self.inner.undo())
    }

    /// Make again the latest step undone and return what changed, or null when there is
    /// nothing to redo.
    #[wasm_bindgen(unchecked_return_type = "SessionChange | null")]
    pub fn redo(&mut self) -> Result<JsValue, JsValue> {
        change_or_null(self.inner.redo())
    }

    /// How many steps can be undone.
    #[wasm_bindgen(getter, js_name = undoSteps)]
    pub fn undo_steps(&self) -> usize {
        self.inner.history().0
    }

    /// How many steps can be redone.
    #[wasm_bindgen(getter, js_name = redoSteps)]
    pub fn redo_steps(&self) -> usize {
        self.inner.history().1
    }

    /// Move the assessment to another catalog version as one undoable step (see
    /// `migrateAssessment`). Throws, changing nothing, if the target lacks a decided item.
    #[wasm_bindgen(unchecked_return_type = "SessionChange")]
    pub fn migrate(&mut self, version: &str) -> Result<JsValue, JsValue> {
        let change = self.inner.migrate(version).map_err(js_error)?;
        js_sys::JSON::parse(&change.to_json())
    }

    /// The document as it stands (a fresh object).
    #[wasm_bindgen(unchecked_return_type = "Assessment")]
    pub fn assessment(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.assessment())
    }

    /// The current report (a fresh object).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.report())
    }

    /// The document as JSON text, as exported and saved.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The report as Markdown.
    #[wasm_bindgen(js_name = reportMarkdown)]
    pub fn report_markdown(&self) -> String {
        markdown::report(self.inner.report(), self.inner.catalog())
    }

    /// The open gaps as CSV.
    #[wasm_bindgen(js_name = gapsCsv)]
    pub fn gaps_csv(&self) -> String {
        csv::gaps(self.inner.report())
    }

    /// The component diagram of this assessment (see `diagramSvg`).
    #[wasm_bindgen(js_name = diagramSvg)]
    pub fn diagram_svg(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DiagramOptions | undefined")] options: JsValue,
    ) -> Result<String, JsValue> {
        let request = draw_request(&options)?;
        let draw = request.options();
        Ok(diagram::svg(
            self.inner.catalog(),
            Some(self.inner.report()),
            &draw,
        ))
    }
}

/// Byte comparison for the wasm, eight bytes at a time. The one the toolchain links for
/// wasm32 (weakly, so this one replaces it) compares byte by byte, and an edit compares the
/// report's items with the ones before it, notes included: for a large assessment, tens of
/// MB per keystroke in a note, which byte by byte took most of the keystroke's time.
///
/// # Safety
/// `a` and `b` must be readable for `n` bytes (the C `memcmp` contract).
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while i + 8 <= n
        && a.add(i).cast::<u64>().read_unaligned() == b.add(i).cast::<u64>().read_unaligned()
    {
        i += 8;
    }
    while i < n {
        let (x, y) = (*a.add(i), *b.add(i));
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

/// Equality of bytes, which the compiler asks for where only equality matters: as `memcmp`.
///
/// # Safety
/// As [`memcmp`].
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    memcmp(a, b, n)
}
