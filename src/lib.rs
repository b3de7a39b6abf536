//! ai-risk-map: which security risks does an AI system carry, and which controls cover
//! them? This crate is the one engine behind every face of the tool (the assessment page,
//! the `<ai-risk-map>` element, the Jupyter widget and the CLI):
//!
//! - [`catalog`]: the built-in Databricks AI Security Framework (DASF) catalog, 1.0 and 2.0:
//!   stages, components, deployment models, risks, controls and crosswalks; and search.
//! - [`assess`]: the assessment document and its evaluation into a [`assess::Report`].
//! - [`render`]: Markdown, CSV and the SVG component diagram.
//! - [`session`]: an assessment held in memory and changed by small, validated edits.
//! - `cli` (native only): the `ai-risk-map` command, shared by the binary and the Python wheel.
//!
//! The core has no wasm or Python dependency: the binding crates (`crates/wasm`, `python/`)
//! convert types and errors, and nothing more.
//!
//! ```
//! use ai_risk_map::{assess::{evaluate, Assessment}, catalog::builtin};
//! let assessment = Assessment::from_json(r#"{"schema": "ai-risk-map/assessment",
//!     "deploymentModels": ["rag_llm"],
//!     "controls": {"DASF 1": {"status": "implemented"}}}"#).unwrap();
//! let catalog = assessment.catalog().unwrap();
//! let report = evaluate(catalog, &assessment).unwrap();
//! assert!(report.overall.coverage.unwrap() > 0.0);
//! ```

pub mod assess;
pub mod catalog;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod decode;
mod error;
pub mod idmap;
mod json;
pub mod limits;
pub mod order;
pub mod render;
#[cfg(not(target_arch = "wasm32"))]
pub mod schema;
pub mod session;
pub mod share;

// The fuzz targets' invariant checks, shared with the corpus replay test. Dev-only: behind
// the `fuzzing` feature, which only the tests (through the crate's dev-dependency on itself)
// and fuzz/ turn on, so it is neither in the library's API nor in any face.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzz_checks;

pub use error::{Error, Errors, Path, Result, Segment};
/// The engine's JSON writer: compact text, byte for byte as `serde_json::to_string` writes
/// it, for the faces that hand the engine's types on as text (see `json::write`).
pub use json::write::to_string as json_text;

/// Parse an assessment, check it against the catalog it names, and evaluate it:
/// the one call most faces need.
pub fn assess_json(text: &str) -> Result<(assess::Assessment, assess::Report<'static>)> {
    let assessment = assess::Assessment::from_json(text)?;
    let catalog = assessment.catalog()?;
    let report = assess::evaluate(catalog, &assessment)?;
    Ok((assessment, report))
}
