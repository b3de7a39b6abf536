//! JSON Schemas (draft 2020-12) of the documents ai-risk-map reads, derived from the Rust
//! types that hold them, so that a schema cannot drift from the engine. `schemas/` holds the
//! published copies; a test checks they are current (`ai-risk-map schema` prints them).
//!
//! A schema is a contract for tools and editors; the engine's reader stays the judge and
//! gives the precise error (JSON path, value, what was expected) the schema cannot.

use schemars::{generate::SchemaSettings, JsonSchema};
use serde_json::{json, Value};

use crate::assess::{
    Assessment, Report, ASSESSMENT_SCHEMA, ASSESSMENT_SCHEMA_VERSION, REPORT_SCHEMA,
};
use crate::catalog::{Catalog, CATALOG_SCHEMA, CATALOG_SCHEMA_VERSION};

/// Where the published schemas live, for their `$id`.
const BASE: &str = "https://ai-risk-map.invalid/schemas/";

/// The documents that have a schema: name, as used by `ai-risk-map schema NAME` and the
/// file `schemas/NAME.schema.json`. The report is what the engine writes (`assess --format
/// json`, `evaluate` in JS and Python); the others are what it reads.
pub const DOCUMENTS: [&str; 3] = ["assessment", "catalog", "report"];

/// The schema of a document kind (one of [`DOCUMENTS`]), pretty-printed with a final newline:
/// what the engine accepts for the documents it reads, what it writes for the report.
pub fn schema(name: &str) -> Option<String> {
    schema_in(name, name == "report")
}

/// The schema of a document as the engine writes it (members always written are required):
/// what the TypeScript types of the engine's answers are generated from.
pub fn schema_as_written(name: &str) -> Option<String> {
    schema_in(name, true)
}

fn schema_in(name: &str, as_written: bool) -> Option<String> {
    let value = match name {
        "assessment" => generate::<Assessment>(
            as_written,
            name,
            "An ai-risk-map assessment: one AI system's use case, deployment models, risk decisions and control statuses. Version 1 documents are also read, and migrated on load.",
            ASSESSMENT_SCHEMA,
            (1..=ASSESSMENT_SCHEMA_VERSION).collect(),
        ),
        "catalog" => generate::<Catalog>(
            as_written,
            name,
            "An ai-risk-map catalog: the stages, components, deployment models, risks, controls and crosswalks of one version of the Databricks AI Security Framework, or of a catalog of one's own.",
            CATALOG_SCHEMA,
            vec![CATALOG_SCHEMA_VERSION],
        ),
        "report" => generate::<Report>(
            as_written,
            name,
            "An ai-risk-map report: the evaluation of one assessment, with its scores by stage, component and risk, the open gaps, the next controls and the scoring model in words.",
            REPORT_SCHEMA,
            vec![crate::assess::REPORT_SCHEMA_VERSION],
        ),
        _ => return None,
    };
    let mut text = serde_json::to_string_pretty(&value).expect("a schema serializes");
    text.push('\n');
    Some(text)
}

fn generate<T: JsonSchema>(
    as_written: bool,
    name: &str,
    description: &str,
    schema: &str,
    versions: Vec<u32>,
) -> Value {
    let settings = SchemaSettings::draft2020_12();
    let settings = if as_written {
        settings.for_serialize()
    } else {
        settings.for_deserialize()
    };
    let generator = settings.into_generator();
    let mut value = generator.into_root_schema_for::<T>().to_value();
    value["$id"] = json!(format!("{BASE}{name}.schema.json"));
    value["description"] = json!(description);
    // What the type alone cannot say: the fixed document name and the versions read.
    value["properties"]["schema"] = json!({ "const": schema });
    value["properties"]["schemaVersion"] = json!({ "enum": versions });
    value
}
