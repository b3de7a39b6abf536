//! The catalog: stages, components, deployment models, risks, controls and their crosswalks
//! to other standards. Owns the built-in DASF data (embedded at compile time), the 1.0 and
//! 2.0 views of it, and the consistency checks any catalog must pass.

mod builtin;
#[cfg(not(target_arch = "wasm32"))]
pub mod import;
mod index;
mod read;
pub mod search;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::idmap::{IdIndex, IdMap};
use crate::limits::excerpt;

pub use builtin::{
    builtin, builtin_edition, edition_json, has_texts, known_versions, load_texts, lookup,
    lookup_edition, register, texts_document, BUILTIN_VERSIONS, LATEST_VERSION, TEXTS_SCHEMA,
};
pub use index::CatalogIndex;

/// Schema name carried by catalog documents.
pub const CATALOG_SCHEMA: &str = "ai-risk-map/catalog";
/// The catalog schema version this build writes and reads.
pub const CATALOG_SCHEMA_VERSION: u32 = 1;

/// A whole catalog in one version: everything the assessment engine needs.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Catalog {
    /// Always [`CATALOG_SCHEMA`].
    pub schema: String,
    /// Always [`CATALOG_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The framework's full name.
    pub framework: String,
    /// The framework version this catalog is, such as `2.0`.
    pub version: String,
    /// Where the facts come from, and what is uncertain about them.
    pub provenance: Provenance,
    pub stages: Vec<Stage>,
    pub components: Vec<Component>,
    pub deployment_models: Vec<DeploymentModel>,
    pub risks: Vec<Risk>,
    pub controls: Vec<Control>,
    /// The standards risks and controls are crosswalked to, with the names of their entries.
    pub crosswalks: Vec<Crosswalk>,
    /// Corrections to the facts as published, with the reason for each. The engine applies
    /// them unless an assessment asks for the catalog as published (`asPublished`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errata: Vec<Erratum>,
    /// Whether the risks above already carry the corrected values (a catalog printed with
    /// its errata applied); false means they are as published.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub errata_applied: bool,
}

/// One correction to a published fact: which risk, which field, the value as published, the
/// value the engine uses instead, and why.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Erratum {
    /// The risk corrected, such as `9.1`.
    pub risk: String,
    /// The field corrected: [`ERRATA_FIELDS`] lists those that can be.
    pub field: String,
    /// The value as published (deployment model ids).
    pub published: Vec<String>,
    /// The value used instead.
    pub corrected: Vec<String>,
    /// Why the published value is taken to be wrong.
    pub reason: String,
}

/// The risk fields an erratum can correct. Risk-to-control pairs are never corrected.
pub const ERRATA_FIELDS: [&str; 1] = ["deployment"];

/// Where a catalog's facts come from.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Provenance {
    /// Publication date of the framework version.
    pub published: String,
    /// The documents the facts were taken from.
    pub source: String,
    /// When this catalog was compiled from them.
    pub compiled: String,
    /// Known uncertainties of the source, to show wherever the mapping is shown.
    pub notes: Vec<String>,
}

/// One of the four stages of an AI system.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Component ids, in diagram order.
    pub components: Vec<String>,
}

/// One of the components of an AI system (`1`..`12` in DASF).
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub stage: String,
    pub description: String,
}

/// A way of building or consuming models (RAG, fine-tuning, an external model API...).
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentModel {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// Whether a risk is specific to AI systems or a classic cyber-security risk.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    Ai,
    Cyber,
}

/// A security risk to one component of an AI system.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Risk {
    /// `component.n`, such as `9.1`.
    pub id: String,
    /// The short name in this catalog version.
    pub name: String,
    /// The name in the other built-in version, where it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_version_name: Option<String>,
    pub component: String,
    pub stage: String,
    pub kind: RiskKind,
    /// The framework version that introduced the risk.
    pub introduced: String,
    /// Deployment model ids the risk applies to.
    pub deployment: Vec<String>,
    /// Ids of the controls that mitigate it.
    pub controls: Vec<String>,
    /// Crosswalk id -> entry ids in that standard.
    pub crosswalk: IdMap<Vec<String>>,
    pub description: String,
    /// Known uncertainties about this risk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Who carries a control under the shared-responsibility model.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Responsibility {
    /// The platform provides it; the customer turns it on and sets it up.
    Configuration,
    /// The customer builds and runs it.
    Implementation,
    /// The platform provides it with no action needed.
    OutOfTheBox,
    /// People learn it: training and awareness.
    Education,
}

impl Responsibility {
    pub const ALL: [Responsibility; 4] = [
        Responsibility::Configuration,
        Responsibility::Implementation,
        Responsibility::OutOfTheBox,
        Responsibility::Education,
    ];

    /// The JSON spelling, such as `out_of_the_box`.
    pub fn as_str(self) -> &'static str {
        match self {
            Responsibility::Configuration => "configuration",
            Responsibility::Implementation => "implementation",
            Responsibility::OutOfTheBox => "out_of_the_box",
            Responsibility::Education => "education",
        }
    }

    /// The name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Responsibility::Configuration => "Configuration",
            Responsibility::Implementation => "Implementation",
            Responsibility::OutOfTheBox => "Out of the box",
            Responsibility::Education => "Education",
        }
    }

    /// What the category means, in a sentence, for where its name is shown.
    pub fn explanation(self) -> &'static str {
        match self {
            Responsibility::Configuration => {
                "The platform has the feature; your team has to switch it on and set it up."
            }
            Responsibility::Implementation => {
                "Your team builds or runs it: code, pipelines, processes or integrations of its own."
            }
            Responsibility::OutOfTheBox => {
                "The platform provides it by default: in place without action, worth confirming."
            }
            Responsibility::Education => {
                "People learn it: training and awareness for the team and the users."
            }
        }
    }
}

/// Whether a control is new with AI or a traditional security control.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Novelty {
    Novel,
    Traditional,
}

/// A control that mitigates one or more risks.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Control {
    /// `DASF n`.
    pub id: String,
    pub name: String,
    /// The framework version that introduced the control (`1.0`, `1.1`, `2.0`).
    pub introduced: String,
    /// The security domain, such as `Access and Authentication`.
    pub control_type: String,
    /// Control, feature or education.
    pub kind: String,
    pub responsibility: Responsibility,
    /// Who operates it, such as `Customer-managed`.
    pub operator: String,
    pub novelty: Novelty,
    /// Ids of the risks it mitigates in this catalog (derived from the risks' mappings).
    pub risks: Vec<String>,
    pub crosswalk: IdMap<Vec<String>>,
    pub description: String,
    /// What putting the control in place looks like.
    pub implementation: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A standard that the catalog maps to (MITRE ATLAS, OWASP LLM Top 10...).
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Crosswalk {
    /// Key used in `crosswalk` maps, such as `mitreAtlas`.
    pub id: String,
    pub name: String,
    /// Whether entries name threats (attack techniques, vulnerability classes) rather than
    /// requirements; threat entries are what step 4 of the method enumerates.
    pub threats: bool,
    /// Entry id -> entry name.
    pub entries: IdMap<String>,
}

impl Catalog {
    /// Parse a catalog document and check its references.
    pub fn from_json(text: &str) -> Result<Catalog> {
        crate::limits::check_document_size("catalog document", text)?;
        let catalog = read::catalog(&crate::json::parse(text)?)?;
        catalog.validate()?;
        Ok(catalog)
    }

    /// Check that ids are unique and every reference resolves, and that every risk has a
    /// control: the engine relies on all three.
    pub fn validate(&self) -> Result<()> {
        // Takes the index, not the ids: generic over the ids, it was in the wasm once for
        // each kind of list.
        fn unique<'a>(what: &str, index: IdIndex<'a>) -> Result<IdIndex<'a>> {
            match index.duplicate() {
                Some(id) => Err(Error::Catalog(format!(
                    "{what} id `{}` appears twice",
                    excerpt(id)
                ))),
                None => Ok(index),
            }
        }
        unique(
            "stage",
            IdIndex::new(self.stages.iter().map(|s| s.id.as_str())),
        )?;
        let components = unique(
            "component",
            IdIndex::new(self.components.iter().map(|c| c.id.as_str())),
        )?;
        let models = unique(
            "deployment model",
            IdIndex::new(self.deployment_models.iter().map(|d| d.id.as_str())),
        )?;
        let risks = unique(
            "risk",
            IdIndex::new(self.risks.iter().map(|r| r.id.as_str())),
        )?;
        let controls = unique(
            "control",
            IdIndex::new(self.controls.iter().map(|c| c.id.as_str())),
        )?;
        let crosswalks = unique(
            "crosswalk",
            IdIndex::new(self.crosswalks.iter().map(|c| c.id.as_str())),
        )?;

        let missing = |what: &str, id: &str, owner: &str| {
            Error::Catalog(format!(
                "{} refers to {what} `{}`, which the catalog does not have",
                excerpt(owner),
                excerpt(id)
            ))
        };
        // By component position: whether a stage listed it already. A mark, not a search,
        // so that a stage of 100,000 components takes linear time. A component may only be
        // listed by its own stage (checked below), so one mark per component suffices.
        let mut listed = vec![false; self.components.len()];
        for (s, stage) in self.stages.iter().enumerate() {
            for (i, c) in stage.components.iter().enumerate() {
                let Some(ci) = components.get(c) else {
                    return Err(missing("component", c, &format!("stage {}", stage.id)));
                };
                let component = &self.components[ci];
                // A component listed twice, in one stage or in two, would be scored and
                // drawn twice: it belongs to the one stage its `stage` names.
                if listed[ci] && component.stage == stage.id {
                    return Err(Error::Catalog(format!(
                        "stages[{s}].components[{i}]: stage {} lists component `{}` twice",
                        excerpt(&stage.id),
                        excerpt(c)
                    )));
                }
                if component.stage != stage.id {
                    return Err(Error::Catalog(format!(
                        "stages[{s}].components[{i}]: stage {} lists component `{}`, which belongs to stage {}; list a component in its own stage only",
                        excerpt(&stage.id),
                        excerpt(c),
                        excerpt(&component.stage)
                    )));
                }
                listed[ci] = true;
            }
        }
        for (component, listed) in self.components.iter().zip(&listed) {
            if !listed {
                let owner = format!("component {}", component.id);
                return Err(missing("stage", &component.stage, &owner));
            }
        }
        // For each control (by position), the risks that name it, in catalog order.
        let mut mitigates: Vec<Vec<&str>> = vec![Vec::new(); self.controls.len()];
        for risk in &self.risks {
            let owner = format!("risk {}", risk.id);
            let component = components
                .get(&risk.component)
                .map(|i| &self.components[i])
                .ok_or_else(|| missing("component", &risk.component, &owner))?;
            if component.stage != risk.stage {
                return Err(Error::Catalog(format!(
                    "{} is in stage {}, but its component {} is in stage {}",
                    excerpt(&owner),
                    excerpt(&risk.stage),
                    excerpt(&component.id),
                    excerpt(&component.stage)
                )));
            }
            for d in &risk.deployment {
                if !models.contains(d) {
                    return Err(missing("deployment model", d, &owner));
                }
            }
            if risk.controls.is_empty() {
                return Err(Error::Catalog(format!(
                    "{} has no mitigating control",
                    excerpt(&owner)
                )));
            }
            for c in &risk.controls {
                let i = controls
                    .get(c)
                    .ok_or_else(|| missing("control", c, &owner))?;
                if mitigates[i].last() == Some(&risk.id.as_str()) {
                    return Err(Error::Catalog(format!(
                        "{} lists control {} twice",
                        excerpt(&owner),
                        excerpt(c)
                    )));
                }
                mitigates[i].push(&risk.id);
            }
            for key in risk.crosswalk.keys() {
                if !crosswalks.contains(key) {
                    return Err(missing("crosswalk", key, &owner));
                }
            }
        }
        for (control, derived) in self.controls.iter().zip(&mitigates) {
            if control
                .risks
                .iter()
                .map(String::as_str)
                .ne(derived.iter().copied())
            {
                return Err(Error::Catalog(format!(
                    "control {} lists risks [{}], but the risks that name it are [{}]",
                    excerpt(&control.id),
                    excerpt(&control.risks.join(", ")),
                    excerpt(&derived.join(", "))
                )));
            }
            for key in control.crosswalk.keys() {
                if !crosswalks.contains(key) {
                    return Err(missing(
                        "crosswalk",
                        key,
                        &format!("control {}", control.id),
                    ));
                }
            }
        }
        self.validate_errata(&models, &risks)
    }

    /// The errata's checks, with the indexes of deployment models and risks `validate` built.
    fn validate_errata(&self, models: &IdIndex, risks: &IdIndex) -> Result<()> {
        let mut seen: Vec<&str> = Vec::new();
        for (i, e) in self.errata.iter().enumerate() {
            let at = format!("errata[{i}]");
            let risk = risks.get(&e.risk).map(|r| &self.risks[r]).ok_or_else(|| {
                Error::Catalog(format!(
                    "{at} corrects risk `{}`, which the catalog does not have",
                    e.risk
                ))
            })?;
            if !ERRATA_FIELDS.contains(&e.field.as_str()) {
                return Err(Error::Catalog(format!(
                    "{at} corrects the field `{}` of risk {}; only {} can be corrected",
                    e.field,
                    e.risk,
                    ERRATA_FIELDS.join(", ")
                )));
            }
            if seen.contains(&e.risk.as_str()) {
                return Err(Error::Catalog(format!(
                    "{at} corrects risk {} a second time; give one erratum per risk and field",
                    e.risk
                )));
            }
            seen.push(&e.risk);
            for d in e.published.iter().chain(&e.corrected) {
                if !models.contains(d) {
                    return Err(Error::Catalog(format!(
                        "{at} names deployment model `{d}`, which the catalog does not have"
                    )));
                }
            }
            let expected = if self.errata_applied {
                &e.corrected
            } else {
                &e.published
            };
            if risk.deployment != *expected {
                return Err(Error::Catalog(format!(
                    "{at}: risk {} has deployment models [{}], but the erratum gives [{}] as the {} value",
                    e.risk,
                    risk.deployment.join(", "),
                    expected.join(", "),
                    if self.errata_applied { "corrected" } else { "published" }
                )));
            }
        }
        Ok(())
    }

    /// This catalog with its errata applied (`true`) or as published (`false`). Only the
    /// corrected fields differ; a catalog without errata comes back unchanged.
    pub fn with_errata(&self, applied: bool) -> Catalog {
        self.clone().into_errata(applied)
    }

    /// [`Catalog::with_errata`] on a catalog given up: no copy of it is made.
    pub fn into_errata(mut self, applied: bool) -> Catalog {
        if self.errata.is_empty() || self.errata_applied == applied {
            return self;
        }
        let risks = IdIndex::new(self.risks.iter().map(|r| r.id.as_str()));
        let mut positions = Vec::with_capacity(self.errata.len());
        for e in &self.errata {
            positions.push(risks.get(&e.risk));
        }
        for (e, at) in self.errata.iter().zip(positions) {
            if let Some(risk) = at.map(|i| &mut self.risks[i]) {
                risk.deployment = if applied {
                    e.corrected.clone()
                } else {
                    e.published.clone()
                };
            }
        }
        self.errata_applied = applied;
        self
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn risk(&self, id: &str) -> Option<&Risk> {
        self.risks.iter().find(|r| r.id == id)
    }

    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// The crosswalk entry name for `id` in the standard `crosswalk`, if the catalog has one.
    pub fn crosswalk_entry(&self, crosswalk: &str, id: &str) -> Option<&str> {
        self.crosswalks
            .iter()
            .find(|c| c.id == crosswalk)
            .and_then(|c| c.entries.get(id))
            .map(String::as_str)
    }

    /// The errata in force: all of them when applied, none when the catalog is as published.
    pub fn errata_in_force(&self) -> &[Erratum] {
        if self.errata_applied {
            &self.errata
        } else {
            &[]
        }
    }

    /// Every risk-to-control pair, in catalog order.
    pub fn pairs(&self) -> impl Iterator<Item = (&Risk, &str)> {
        self.risks
            .iter()
            .flat_map(|r| r.controls.iter().map(move |c| (r, c.as_str())))
    }
}
