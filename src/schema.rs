//! JSON Schemas (draft 2020-12) of the documents ai-risk-map reads, derived from the Rust
//! types that hold them, so that a schema cannot drift from the engine. `schemas/` holds the
//! published copies; a test checks they are current (`ai-risk-map schema` prints them).
//!
//! A schema is a contract for tools and editors; the engine's reader stays the judge and
//! gives the precise error (JSON path, value, what was expected) the schema cannot.

use schemars::{generate::SchemaSettings, JsonSchema};
use serde_json::{json, Value};

use crate::assess::{Assessment, ASSESSMENT_SCHEMA, ASSESSMENT_SCHEMA_VERSION};
use crate::catalog::{Catalog, CATALOG_SCHEMA, CATALOG_SCHEMA_VERSION};

/// Where the published schemas live, for their `$id`.
const BASE: &str = "https://ai-risk-map.invalid/schemas/";

/// The documents that have a schema: name, as used by `ai-risk-map schema NAME` and the
/// file `schemas/NAME.schema.json`.
pub const DOCUMENTS: [&str; 2] = ["assessment", "catalog"];

/// The schema of a document kind (one of [`DOCUMENTS`]), pretty-printed with a final newline.
pub fn schema(name: &str) -> Option<String> {
    let value = match name {
        "assessment" => generate::<Assessment>(
            name,
            "An ai-risk-map assessment: one AI system's use case, deployment models, risk decisions and control statuses. Version 1 documents are also read, and migrated on load.",
            ASSESSMENT_SCHEMA,
            (1..=ASSESSMENT_SCHEMA_VERSION).collect(),
        ),
        "catalog" => generate::<Catalog>(
            name,
            "An ai-risk-map catalog: the stages, components, deployment models, risks, controls and crosswalks of one version of the Databricks AI Security Framework, or of a catalog of one's own.",
            CATALOG_SCHEMA,
            vec![CATALOG_SCHEMA_VERSION],
        ),
        _ => return None,
    };
    let mut text = serde_json::to_string_pretty(&value).expect("a schema serializes");
    text.push('\n');
    Some(text)
}

fn generate<T: JsonSchema>(
    name: &str,
    description: &str,
    schema: &str,
    versions: Vec<u32>,
) -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut value = generator.into_root_schema_for::<T>().to_value();
    value["$id"] = json!(format!("{BASE}{name}.schema.json"));
    value["description"] = json!(description);
    // What the type alone cannot say: the fixed document name and the versions read.
    value["properties"]["schema"] = json!({ "const": schema });
    value["properties"]["schemaVersion"] = json!({ "enum": versions });
    value
}
