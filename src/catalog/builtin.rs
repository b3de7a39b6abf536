//! The built-in DASF catalog. The facts (`data/dasf.json`, generated from the reference by
//! `scripts/gen_catalog.py`) and the project's own texts are embedded at compile time and
//! joined into one [`Catalog`] per framework version on first use.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use super::{
    Catalog, Component, Control, Crosswalk, DeploymentModel, Novelty, Provenance, Responsibility,
    Risk, RiskKind, Stage, CATALOG_SCHEMA, CATALOG_SCHEMA_VERSION,
};
use crate::error::{Error, Result};

/// The framework versions built in, oldest first.
pub const BUILTIN_VERSIONS: [&str; 2] = ["1.0", "2.0"];
/// The version used when none is named.
pub const LATEST_VERSION: &str = "2.0";

const FACTS: &str = include_str!("data/dasf.json");
const PROVENANCE: &str = include_str!("data/provenance.json");
const RISK_TEXTS: &str = include_str!("data/risk_texts.json");
const CONTROL_TEXTS: &str = include_str!("data/control_texts.json");
const DEPLOYMENT_TEXTS: &str = include_str!("data/deployment_texts.json");

/// Crosswalk keys of the data, their display names, and whether their entries are threats.
const CROSSWALKS: [(&str, &str, bool); 8] = [
    ("mitreAtlas", "MITRE ATLAS", true),
    ("mitreAttack", "MITRE ATT&CK", true),
    (
        "owaspLlm",
        "OWASP Top 10 for LLM Applications (2023, v1.1)",
        true,
    ),
    (
        "owaspMl",
        "OWASP Machine Learning Security Top 10 (2023)",
        true,
    ),
    ("nist80053", "NIST SP 800-53 Rev. 5", false),
    ("iso42001", "ISO/IEC 42001:2023 Annex A", false),
    ("iso27001", "ISO/IEC 27001:2022 Annex A", false),
    ("euAiAct", "EU AI Act", false),
];

/// The built-in catalog of a framework version (`1.0` or `2.0`).
pub fn builtin(version: &str) -> Result<&'static Catalog> {
    static V1: OnceLock<Catalog> = OnceLock::new();
    static V2: OnceLock<Catalog> = OnceLock::new();
    let cell = match version {
        "1.0" => &V1,
        "2.0" => &V2,
        other => {
            return Err(Error::UnsupportedVersion {
                what: "DASF version",
                found: other.to_string(),
                supported: format!("DASF {}", BUILTIN_VERSIONS.join(" or ")),
            })
        }
    };
    Ok(cell.get_or_init(|| build(version)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Facts {
    stages: Vec<FactStage>,
    components: Vec<FactComponent>,
    deployment_models: Vec<FactDeployment>,
    risks: Vec<FactRisk>,
    controls: Vec<FactControl>,
    crosswalk_names: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Deserialize)]
struct FactStage {
    id: String,
    name: String,
    components: Vec<String>,
}

#[derive(Deserialize)]
struct FactComponent {
    id: String,
    name: String,
    stage: String,
}

#[derive(Deserialize)]
struct FactDeployment {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FactRisk {
    id: String,
    name: String,
    #[serde(default)]
    name_v1: Option<String>,
    component: String,
    kind: RiskKind,
    in_v1: bool,
    deployment: Vec<String>,
    controls: Vec<String>,
    crosswalk: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FactControl {
    id: String,
    name: String,
    introduced: String,
    in_v1: bool,
    #[serde(rename = "type")]
    control_type: String,
    kind: String,
    responsibility: Responsibility,
    operator: String,
    novelty: Novelty,
    crosswalk: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProvenanceFile {
    framework: String,
    compiled: String,
    versions: BTreeMap<String, VersionProvenance>,
    risk_notes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct VersionProvenance {
    published: String,
    source: String,
    notes: Vec<String>,
}

#[derive(Deserialize)]
struct ControlTexts {
    stages: HashMap<String, Described>,
    components: HashMap<String, Described>,
    controls: HashMap<String, ControlText>,
}

#[derive(Deserialize)]
struct Described {
    description: String,
}

#[derive(Deserialize)]
struct ControlText {
    description: String,
    implementation: String,
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    // The data is embedded and checked by the test suite, so a failure here is a build defect.
    serde_json::from_str(text).unwrap_or_else(|e| panic!("built-in catalog file {name}: {e}"))
}

fn text<'a>(map: &'a HashMap<String, impl AsRef<str>>, what: &str, id: &str) -> &'a str {
    map.get(id)
        .map(AsRef::as_ref)
        .unwrap_or_else(|| panic!("built-in catalog has no text for {what} {id}"))
}

impl AsRef<str> for Described {
    fn as_ref(&self) -> &str {
        &self.description
    }
}

fn build(version: &str) -> Catalog {
    let facts: Facts = parse("dasf.json", FACTS);
    let provenance: ProvenanceFile = parse("provenance.json", PROVENANCE);
    let risk_texts: HashMap<String, String> = parse("risk_texts.json", RISK_TEXTS);
    let texts: ControlTexts = parse("control_texts.json", CONTROL_TEXTS);
    let deployment_texts: HashMap<String, String> =
        parse("deployment_texts.json", DEPLOYMENT_TEXTS);
    let v1 = version == "1.0";

    let stage_of: HashMap<&str, &str> = facts
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.stage.as_str()))
        .collect();
    let kept_controls: Vec<&FactControl> =
        facts.controls.iter().filter(|c| !v1 || c.in_v1).collect();
    let kept: std::collections::HashSet<&str> =
        kept_controls.iter().map(|c| c.id.as_str()).collect();

    let risks: Vec<Risk> = facts
        .risks
        .iter()
        .filter(|r| !v1 || r.in_v1)
        .map(|r| {
            let (name, other) = match (&r.name_v1, v1) {
                (Some(old), true) => (old.clone(), Some(r.name.clone())),
                (Some(old), false) => (r.name.clone(), Some(old.clone())),
                (None, _) => (r.name.clone(), None),
            };
            Risk {
                id: r.id.clone(),
                name,
                other_version_name: other,
                component: r.component.clone(),
                stage: stage_of[r.component.as_str()].to_string(),
                kind: r.kind,
                introduced: if r.in_v1 { "1.0" } else { "2.0" }.to_string(),
                deployment: r.deployment.clone(),
                controls: r
                    .controls
                    .iter()
                    .filter(|c| kept.contains(c.as_str()))
                    .cloned()
                    .collect(),
                crosswalk: r.crosswalk.clone(),
                description: text(&risk_texts, "risk", &r.id).to_string(),
                notes: provenance
                    .risk_notes
                    .get(&r.id)
                    .cloned()
                    .into_iter()
                    .collect(),
            }
        })
        .collect();

    let controls = kept_controls
        .iter()
        .map(|c| {
            let words = texts
                .controls
                .get(&c.id)
                .unwrap_or_else(|| panic!("built-in catalog has no text for control {}", c.id));
            Control {
                id: c.id.clone(),
                name: c.name.clone(),
                introduced: c.introduced.clone(),
                control_type: c.control_type.clone(),
                kind: c.kind.clone(),
                responsibility: c.responsibility,
                operator: c.operator.clone(),
                novelty: c.novelty,
                risks: risks
                    .iter()
                    .filter(|r| r.controls.contains(&c.id))
                    .map(|r| r.id.clone())
                    .collect(),
                crosswalk: c.crosswalk.clone(),
                description: words.description.clone(),
                implementation: words.implementation.clone(),
                notes: c.notes.clone(),
            }
        })
        .collect();

    let version_provenance = &provenance.versions[version];
    Catalog {
        schema: CATALOG_SCHEMA.into(),
        schema_version: CATALOG_SCHEMA_VERSION,
        framework: provenance.framework.clone(),
        version: version.into(),
        provenance: Provenance {
            published: version_provenance.published.clone(),
            source: version_provenance.source.clone(),
            compiled: provenance.compiled.clone(),
            notes: version_provenance.notes.clone(),
        },
        stages: facts
            .stages
            .iter()
            .map(|s| Stage {
                id: s.id.clone(),
                name: s.name.clone(),
                description: text(&texts.stages, "stage", &s.id).to_string(),
                components: s.components.clone(),
            })
            .collect(),
        components: facts
            .components
            .iter()
            .map(|c| Component {
                id: c.id.clone(),
                name: c.name.clone(),
                stage: c.stage.clone(),
                description: text(&texts.components, "component", &c.id).to_string(),
            })
            .collect(),
        deployment_models: facts
            .deployment_models
            .iter()
            .map(|d| DeploymentModel {
                id: d.id.clone(),
                name: d.name.clone(),
                description: text(&deployment_texts, "deployment model", &d.id).to_string(),
            })
            .collect(),
        risks,
        controls,
        crosswalks: CROSSWALKS
            .iter()
            .map(|&(id, name, threats)| Crosswalk {
                id: id.into(),
                name: name.into(),
                threats,
                entries: facts.crosswalk_names.get(id).cloned().unwrap_or_default(),
            })
            .collect(),
    }
}
