//! Reading a catalog document (schema `ai-risk-map/catalog`) field by field, so that every
//! error names its JSON path.

use super::{
    Catalog, Component, Control, Crosswalk, DeploymentModel, Erratum, Novelty, Provenance,
    Responsibility, Risk, RiskKind, Stage, CATALOG_SCHEMA, CATALOG_SCHEMA_VERSION,
};
use crate::error::{Error, Result};
use crate::idmap::IdMap;
use crate::json::{self, as_strings, as_u32, At, Fields, Json};

pub(super) fn catalog(value: &Json) -> Result<Catalog> {
    let mut f = Fields::of(value, "")?;
    let schema = f.string("schema");
    f.ok()?;
    if schema != CATALOG_SCHEMA {
        return Err(Error::Shape {
            path: "schema".into(),
            message: format!(
                "expected \"{CATALOG_SCHEMA}\", found \"{}\"",
                crate::limits::excerpt(&schema)
            ),
        });
    }
    let version = as_u32(f.required("schemaVersion")?, "schemaVersion")?;
    if version != CATALOG_SCHEMA_VERSION {
        return Err(Error::UnsupportedVersion {
            what: "catalog schemaVersion",
            found: version.to_string(),
            supported: format!("schemaVersion {CATALOG_SCHEMA_VERSION}"),
        });
    }
    let catalog = Catalog {
        schema,
        schema_version: version,
        framework: f.string("framework"),
        version: f.string("version"),
        provenance: f.member("provenance", provenance),
        stages: f.list("stages", STAGE_FIELDS, stage),
        components: f.list("components", COMPONENT_FIELDS, component),
        deployment_models: f.list(
            "deploymentModels",
            DEPLOYMENT_MODEL_FIELDS,
            deployment_model,
        ),
        risks: f.list("risks", RISK_FIELDS, risk),
        controls: f.list("controls", CONTROL_FIELDS, control),
        crosswalks: f.list("crosswalks", CROSSWALK_FIELDS, crosswalk),
        errata: match f.get("errata") {
            None => Vec::new(),
            Some(_) => f.list("errata", ERRATUM_FIELDS, erratum),
        },
        errata_applied: f.bool_or("errataApplied", false),
    };
    f.finish(&[
        "schema",
        "schemaVersion",
        "framework",
        "version",
        "provenance",
        "stages",
        "components",
        "deploymentModels",
        "risks",
        "controls",
        "crosswalks",
        "errata",
        "errataApplied",
    ])?;
    Ok(catalog)
}

pub(super) fn provenance(value: &Json, path: At) -> Result<Provenance> {
    let mut f = Fields::at(value, path)?;
    let p = Provenance {
        published: f.string("published"),
        source: f.string("source"),
        compiled: f.string("compiled"),
        notes: f.strings("notes"),
    };
    f.finish(&["published", "source", "compiled", "notes"])?;
    Ok(p)
}

/// The members of a stage object.
const STAGE_FIELDS: &[&str] = &["id", "name", "description", "components"];

fn stage(f: &mut Fields) -> Stage {
    Stage {
        id: f.string("id"),
        name: f.string("name"),
        description: f.text("description"),
        components: f.strings("components"),
    }
}

/// The members of a component object.
const COMPONENT_FIELDS: &[&str] = &["id", "name", "stage", "description"];

fn component(f: &mut Fields) -> Component {
    Component {
        id: f.string("id"),
        name: f.string("name"),
        stage: f.string("stage"),
        description: f.text("description"),
    }
}

/// The members of a deployment model object.
const DEPLOYMENT_MODEL_FIELDS: &[&str] = &["id", "name", "description"];

fn deployment_model(f: &mut Fields) -> DeploymentModel {
    DeploymentModel {
        id: f.string("id"),
        name: f.string("name"),
        description: f.text("description"),
    }
}

fn crosswalk_ids(f: &mut Fields, key: &str) -> IdMap<Vec<String>> {
    f.map(key, |v, path| as_strings(v, path))
}

/// The members of a risk object.
const RISK_FIELDS: &[&str] = &[
    "id",
    "name",
    "otherVersionName",
    "component",
    "stage",
    "kind",
    "introduced",
    "deployment",
    "controls",
    "crosswalk",
    "description",
    "notes",
];

fn risk(f: &mut Fields) -> Risk {
    Risk {
        id: f.string("id"),
        name: f.string("name"),
        other_version_name: f.opt_string("otherVersionName"),
        component: f.string("component"),
        stage: f.string("stage"),
        kind: [RiskKind::Ai, RiskKind::Cyber][f.choice("kind", &["ai", "cyber"])],
        introduced: f.string("introduced"),
        deployment: f.strings("deployment"),
        controls: f.strings("controls"),
        crosswalk: crosswalk_ids(f, "crosswalk"),
        description: f.text("description"),
        notes: f.strings("notes"),
    }
}

/// The members of a control object.
const CONTROL_FIELDS: &[&str] = &[
    "id",
    "name",
    "introduced",
    "controlType",
    "kind",
    "responsibility",
    "operator",
    "novelty",
    "risks",
    "crosswalk",
    "description",
    "implementation",
    "notes",
];

fn control(f: &mut Fields) -> Control {
    let responsibilities: Vec<&str> = Responsibility::ALL.iter().map(|r| r.as_str()).collect();
    Control {
        id: f.string("id"),
        name: f.string("name"),
        introduced: f.string("introduced"),
        control_type: f.text("controlType"),
        kind: f.text("kind"),
        responsibility: Responsibility::ALL[f.choice("responsibility", &responsibilities)],
        operator: f.text("operator"),
        novelty: [Novelty::Novel, Novelty::Traditional]
            [f.choice("novelty", &["novel", "traditional"])],
        risks: f.strings("risks"),
        crosswalk: crosswalk_ids(f, "crosswalk"),
        description: f.text("description"),
        implementation: f.text("implementation"),
        notes: f.strings("notes"),
    }
}

/// The members of an erratum object.
const ERRATUM_FIELDS: &[&str] = &["risk", "field", "published", "corrected", "reason"];

fn erratum(f: &mut Fields) -> Erratum {
    Erratum {
        risk: f.string("risk"),
        field: f.string("field"),
        published: f.strings("published"),
        corrected: f.strings("corrected"),
        reason: f.text("reason"),
    }
}

/// The members of a crosswalk object.
const CROSSWALK_FIELDS: &[&str] = &["id", "name", "threats", "entries"];

fn crosswalk(f: &mut Fields) -> Crosswalk {
    Crosswalk {
        id: f.string("id"),
        name: f.string("name"),
        threats: f.bool_or("threats", false),
        entries: f.map("entries", json::string_at),
    }
}
