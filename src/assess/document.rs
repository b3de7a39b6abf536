//! The assessment document (schema `ai-risk-map/assessment`, version 3) and its validation.
//!
//! Versions: 1 is the first release's document. 2 adds `catalogMigration`, the record of a
//! move between catalog versions. 3 adds the date and the assessor, `asPublished`, the
//! status `not_assessed` (now the status of an unlisted control), evidence and due dates on
//! controls, and likelihood, impact and excluded controls on risks. Older documents are read
//! by the same code with their version's fields and come out as version 3 with nothing lost:
//! an unlisted control meant "not implemented" and now reads "not assessed", which scores
//! the same; `pertinent: true`, the old default, carried no meaning and is dropped (in
//! version 3 it brings a risk outside the deployment models into scope).

use serde::Serialize;

use crate::catalog::{
    builtin, known_versions, lookup_edition, Catalog, CatalogIndex, BUILTIN_VERSIONS,
    LATEST_VERSION,
};
use crate::error::{Collector, Error, Path, Result};
use crate::idmap::{IdIndex, IdMap};
use crate::json::{self, as_u32, Fields, Json};
use crate::limits;

/// Schema name of assessment documents.
pub const ASSESSMENT_SCHEMA: &str = "ai-risk-map/assessment";
/// The assessment schema version this build writes.
pub const ASSESSMENT_SCHEMA_VERSION: u32 = 3;
/// The oldest schema version this build reads (and migrates to the current one on load).
pub const OLDEST_ASSESSMENT_SCHEMA_VERSION: u32 = 1;

/// What a team has decided about one AI system: the document users save, share and import.
///
/// Only `schema` is required to recognise the file; every other field has a default, so a
/// hand-written document can be as short as `{"schema": "ai-risk-map/assessment"}`.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Assessment {
    /// Always [`ASSESSMENT_SCHEMA`].
    pub schema: String,
    /// The document's schema version, [`ASSESSMENT_SCHEMA_VERSION`].
    #[serde(default = "current_version")]
    pub schema_version: u32,
    #[serde(default)]
    pub use_case: UseCase,
    /// The catalog version the assessment was made against: `1.0`, `2.0` or the version of
    /// a catalog of one's own.
    #[serde(default = "latest_dasf")]
    pub dasf: String,
    /// Use the catalog exactly as published, without its errata (since version 3).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub as_published: bool,
    /// The date of the assessment, `YYYY-MM-DD` (since version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(regex(pattern = DATE_PATTERN)))]
    pub assessed_on: Option<String>,
    /// Who made the assessment (since version 3).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assessor: String,
    /// Deployment model ids in use. Empty means "not chosen yet": every risk then applies.
    #[serde(default)]
    pub deployment_models: Vec<String>,
    /// Component ids in scope; absent means all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
    /// Risk id -> the team's decision on it. Risks not listed are pertinent when they apply.
    #[serde(default)]
    pub risks: IdMap<RiskDecision>,
    /// Control id -> its state. Controls not listed are not assessed.
    #[serde(default)]
    pub controls: IdMap<ControlState>,
    /// Set when the assessment was moved to `dasf` from another catalog version: what that
    /// move added, for the team to review (since schema version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_migration: Option<CatalogMigration>,
}

/// The record of a move between catalog versions (see [`Assessment::migrate`]).
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogMigration {
    /// The catalog version the assessment was made on before.
    #[serde(default)]
    pub from: String,
    /// Risks of the current catalog that `from` did not have. A risk leaves the review list
    /// once the team records a decision on it.
    #[serde(default)]
    pub new_risks: Vec<String>,
    /// Controls of the current catalog that `from` did not have, likewise until a status is
    /// recorded.
    #[serde(default)]
    pub new_controls: Vec<String>,
}

// The defaults the reader applies to absent members, named so the JSON Schema shows them.
#[cfg(not(target_arch = "wasm32"))]
fn current_version() -> u32 {
    ASSESSMENT_SCHEMA_VERSION
}
#[cfg(not(target_arch = "wasm32"))]
fn latest_dasf() -> String {
    LATEST_VERSION.into()
}

/// Step 1 of the method: the AI system being assessed.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UseCase {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub owner: String,
}

/// The accepted form of dates, for the JSON Schema (the reader also checks the calendar).
pub const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// Steps 3 and 5: whether a risk matters for this system, how bad it would be, and which of
/// its controls the team does not rely on.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RiskDecision {
    /// `false` sets an applicable risk aside; `true` brings a risk that the chosen
    /// deployment models do not flag into scope. Absent: in scope when the models flag it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pertinent: Option<bool>,
    /// Why it was set aside or brought in (or any remark).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// How likely the risk is to materialise for this system, 1 (rare) to 5 (almost
    /// certain) (since version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 5)))]
    pub likelihood: Option<u8>,
    /// How bad it would be, 1 (negligible) to 5 (severe) (since version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 5)))]
    pub impact: Option<u8>,
    /// Control id -> why the team does not rely on that control for this risk; each must be
    /// one of the risk's mitigating controls (since version 3).
    #[serde(default, skip_serializing_if = "IdMap::is_empty")]
    pub excluded_controls: IdMap<String>,
    /// Step 4: the team has reviewed the threats (attack techniques, weaknesses) behind this
    /// risk (since version 3).
    #[serde(default, skip_serializing_if = "is_false")]
    pub threats_reviewed: bool,
    /// What the team concluded from the threats behind this risk (since version 3).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub threats_note: String,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl RiskDecision {
    /// The team set this risk aside.
    pub fn set_aside(&self) -> bool {
        self.pertinent == Some(false)
    }

    /// The team brought this risk into scope explicitly.
    pub fn included(&self) -> bool {
        self.pertinent == Some(true)
    }
}

/// Step 5: how far a control is in place.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    Implemented,
    Partial,
    Planned,
    NotImplemented,
    NotApplicable,
    /// Nobody has looked yet: the status of a control not listed (since version 3).
    #[default]
    NotAssessed,
}

impl ControlStatus {
    pub const ALL: [ControlStatus; 6] = [
        ControlStatus::Implemented,
        ControlStatus::Partial,
        ControlStatus::Planned,
        ControlStatus::NotImplemented,
        ControlStatus::NotApplicable,
        ControlStatus::NotAssessed,
    ];

    /// How much of a risk's mitigation this control contributes; None when it is left out
    /// of the calculation (not applicable).
    pub fn weight(self) -> Option<f64> {
        match self {
            ControlStatus::Implemented => Some(1.0),
            ControlStatus::Partial => Some(0.5),
            ControlStatus::Planned | ControlStatus::NotImplemented | ControlStatus::NotAssessed => {
                Some(0.0)
            }
            ControlStatus::NotApplicable => None,
        }
    }

    /// The JSON spelling, such as `not_implemented`.
    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Implemented => "implemented",
            ControlStatus::Partial => "partial",
            ControlStatus::Planned => "planned",
            ControlStatus::NotImplemented => "not_implemented",
            ControlStatus::NotApplicable => "not_applicable",
            ControlStatus::NotAssessed => "not_assessed",
        }
    }

    /// The label shown to people, such as `Not implemented`.
    pub fn label(self) -> &'static str {
        match self {
            ControlStatus::Implemented => "Implemented",
            ControlStatus::Partial => "Partially implemented",
            ControlStatus::Planned => "Planned",
            ControlStatus::NotImplemented => "Not implemented",
            ControlStatus::NotApplicable => "Not applicable",
            ControlStatus::NotAssessed => "Not assessed",
        }
    }
}

/// Step 5: a control's status, who owns it, the evidence, when it is due, and any note.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ControlState {
    /// Required before version 3; `not_assessed` when absent since.
    #[serde(default)]
    pub status: ControlStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Where to see that the control is in place: links or short statements (since
    /// version 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// When a planned or partial control is due to be in place, `YYYY-MM-DD` (since
    /// version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(regex(pattern = DATE_PATTERN)))]
    pub due: Option<String>,
}

impl Assessment {
    /// A blank assessment on a catalog version.
    pub fn new(dasf: &str) -> Assessment {
        Assessment {
            schema: ASSESSMENT_SCHEMA.into(),
            schema_version: ASSESSMENT_SCHEMA_VERSION,
            use_case: UseCase::default(),
            dasf: dasf.into(),
            as_published: false,
            assessed_on: None,
            assessor: String::new(),
            deployment_models: Vec::new(),
            components: None,
            risks: IdMap::new(),
            controls: IdMap::new(),
            catalog_migration: None,
        }
    }

    /// A blank assessment on `catalog` (in its edition: as published when the catalog is the
    /// edition without its errata) with these deployment models, checked.
    pub fn blank(catalog: &Catalog, deployment_models: Vec<String>) -> Result<Assessment> {
        let mut assessment = Assessment::new(&catalog.version);
        assessment.as_published = !catalog.errata.is_empty() && !catalog.errata_applied;
        assessment.deployment_models = deployment_models;
        assessment.validate(catalog)?;
        Ok(assessment)
    }

    /// [`Assessment::blank`] with the deployment models given as JSON text (an array of
    /// ids), read as a file's `deploymentModels` is: a face that holds the models as untyped
    /// data (a value from JavaScript) gets the same errors, with the same paths, as a file.
    pub fn blank_from_json(catalog: &Catalog, deployment_models: &str) -> Result<Assessment> {
        let models = json::as_strings(&json::parse(deployment_models)?, "deploymentModels")?;
        Assessment::blank(catalog, models)
    }

    /// Parse an assessment document: JSON syntax, then schema and version, then shape. The
    /// result is not yet checked against a catalog: see [`Assessment::validate`].
    pub fn from_json(text: &str) -> Result<Assessment> {
        limits::check_document_size("assessment document", text)?;
        if text.trim().is_empty() {
            return Err(Error::Shape {
                path: Path::root(),
                message: "the document is empty".into(),
            });
        }
        let value = json::parse(text)?;
        let assessment = read(&value)?;
        assessment.check_texts()?;
        assessment.check_written_size("the document once normalised")?;
        Ok(assessment)
    }

    /// The one size rule: what the engine accepts, it can write and read back. A document
    /// is accepted when the form the engine writes (compact JSON, defaults filled in, a
    /// version-1 document brought to version 2, and a final newline) fits
    /// [`limits::MAX_DOCUMENT_BYTES`]; [`Assessment::to_json`] then always writes a text
    /// that [`Assessment::from_json`] reads. `what` names the document in the message.
    pub fn check_written_size(&self, what: &str) -> Result<()> {
        let size = json::write::to_string(self).len() + 1;
        if size > limits::MAX_DOCUMENT_BYTES {
            return Err(Error::TooLarge {
                what: format!("{what} ({size} bytes as the engine writes it, compact)"),
                size,
                limit: limits::MAX_DOCUMENT_BYTES,
            });
        }
        Ok(())
    }

    /// The document as pretty-printed JSON, the form users save and commit. When the
    /// indentation would take it over the size limit (with the final newline a file gets),
    /// it is written compact instead, which [`Assessment::check_written_size`] guarantees
    /// fits.
    pub fn to_json(&self) -> String {
        let compact = json::write::to_string(self);
        let pretty = json::pretty(&compact);
        if pretty.len() < limits::MAX_DOCUMENT_BYTES {
            return pretty;
        }
        compact
    }

    /// The catalog this assessment names (built in, or registered by the user), with its
    /// errata applied unless the assessment asks for it as published.
    pub fn catalog(&self) -> Result<&'static Catalog> {
        lookup_edition(&self.dasf, self.as_published).map_err(|_| {
            let known = known_versions();
            Error::UnknownId {
                kind: "DASF version",
                id: self.dasf.clone(),
                path: "dasf".into(),
                hint: format!(
                    ": expected one of {} (or load the catalog it was made with first)",
                    quoted(known.iter().map(String::as_str))
                ),
            }
        })
    }

    /// Check every id against `catalog`, so that evaluation never meets an unknown one.
    pub fn validate(&self, catalog: &Catalog) -> Result<()> {
        self.validate_in(&CatalogIndex::new(catalog))
    }

    /// [`Assessment::validate`] on a catalog already indexed.
    pub fn validate_in(&self, index: &CatalogIndex) -> Result<()> {
        let catalog = index.catalog;
        if self.dasf != catalog.version {
            return Err(Error::Shape {
                path: "dasf".into(),
                message: format!(
                    "the assessment is for DASF \"{}\" but the catalog is DASF {}",
                    limits::excerpt(&self.dasf),
                    limits::excerpt(&catalog.version)
                ),
            });
        }
        // The same document must evaluate the same way on every face: the edition of the
        // catalog is the document's choice.
        if !catalog.errata.is_empty() && catalog.errata_applied == self.as_published {
            return Err(Error::Shape {
                path: "asPublished".into(),
                message: if self.as_published {
                    "the assessment asks for the catalog as published, but this catalog has its errata applied".into()
                } else {
                    "the assessment uses the catalog's errata, but this catalog is as published (set \"asPublished\": true to use it)".into()
                },
            });
        }
        // From here on every error is kept (up to the cap), not only the first.
        let mut found = Collector::new();
        check_ids(
            &mut found,
            "deployment model",
            &"deploymentModels".into(),
            &self.deployment_models,
            &index.deployment_models,
            &|i| &catalog.deployment_models[i].id,
        );
        if let Some(components) = &self.components {
            check_ids(
                &mut found,
                "component",
                &"components".into(),
                components,
                &index.components,
                &|i| &catalog.components[i].id,
            );
        }
        let (risks, controls) = (&index.risks, &index.controls);
        if let Some(m) = &self.catalog_migration {
            check_ids(
                &mut found,
                "risk",
                &Path::keys(["catalogMigration", "newRisks"]),
                &m.new_risks,
                risks,
                &|i| &catalog.risks[i].id,
            );
            check_ids(
                &mut found,
                "control",
                &Path::keys(["catalogMigration", "newControls"]),
                &m.new_controls,
                controls,
                &|i| &catalog.controls[i].id,
            );
        }
        for (id, decision) in &self.risks {
            let Some(i) = risks.get(id) else {
                found.add(|| unknown(catalog, "risk", id, Path::keys(["risks", id])));
                continue;
            };
            let risk = &catalog.risks[i];
            for control in decision.excluded_controls.keys() {
                let path = || Path::keys(["risks", id, "excludedControls", control]);
                if !controls.contains(control) {
                    found.add(|| unknown(catalog, "control", control, path()));
                } else if !risk.controls.contains(control) {
                    found.add(|| Error::Shape {
                        path: path(),
                        message: format!(
                            "control `{control}` does not mitigate risk {id}; expected one of its controls: {}",
                            quoted(risk.controls.iter().map(String::as_str))
                        ),
                    });
                }
            }
        }
        for id in self.controls.keys() {
            if !controls.contains(id) {
                found.add(|| unknown(catalog, "control", id, Path::keys(["controls", id])));
            }
        }
        found.finish()
    }

    /// Every text within [`limits::MAX_TEXT_BYTES`]: all the long ones named, up to the cap.
    fn check_texts(&self) -> Result<()> {
        let mut found = Collector::new();
        let mut check = |path: Path, value: &str| found.take(limits::check_text(&path, value));
        let use_case = Path::from("useCase");
        check(use_case.key("name"), &self.use_case.name);
        check(use_case.key("description"), &self.use_case.description);
        check(use_case.key("owner"), &self.use_case.owner);
        check(Path::from("assessor"), &self.assessor);
        if let Some(m) = &self.catalog_migration {
            check(Path::keys(["catalogMigration", "from"]), &m.from);
        }
        for (id, d) in &self.risks {
            let risk = Path::keys(["risks", id]);
            check(risk.key("reason"), &d.reason);
            for (control, reason) in &d.excluded_controls {
                check(risk.key("excludedControls").key(control), reason);
            }
            check(risk.key("threatsNote"), &d.threats_note);
        }
        for (id, c) in &self.controls {
            let control = Path::keys(["controls", id]);
            check(control.key("owner"), &c.owner);
            check(control.key("note"), &c.note);
            for (i, e) in c.evidence.iter().enumerate() {
                check(control.key("evidence").index(i), e);
            }
        }
        found.finish()
    }

    /// The status of a control; controls not listed are not assessed.
    pub fn status(&self, control: &str) -> ControlStatus {
        self.controls
            .get(control)
            .map_or_else(ControlStatus::default, |c| c.status)
    }
}

/// The members of a version-3 document, in the order they came: version 1 has the first
/// eight, version 2 the first nine.
const FIELDS: [&str; 13] = [
    "schema",
    "schemaVersion",
    "useCase",
    "dasf",
    "deploymentModels",
    "components",
    "risks",
    "controls",
    "catalogMigration",
    "asPublished",
    "assessedOn",
    "assessor",
    // Not a member: the bound of the slices below.
    "",
];
const RISK_FIELDS: [&str; 7] = [
    "pertinent",
    "reason",
    "likelihood",
    "impact",
    "excludedControls",
    "threatsReviewed",
    "threatsNote",
];
const CONTROL_FIELDS: [&str; 5] = ["status", "owner", "note", "evidence", "due"];

/// A calendar date written `YYYY-MM-DD`, such as `2026-12-01`.
fn check_date(path: &Path, text: &str) -> Result<()> {
    let bad = || {
        Error::Shape {
        path: path.into(),
        message: format!(
            "`{}` is not a date: expected a real calendar date written YYYY-MM-DD, such as 2026-12-01",
            text.chars().take(40).collect::<String>()
        ),
    }
    };
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return Err(bad());
    }
    let number = |r: std::ops::Range<usize>| text.get(r).map_or(0, |d| d.parse().unwrap_or(0));
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if year == 0 || !(1..=days).contains(&day) {
        return Err(bad());
    }
    Ok(())
}

/// An optional date; a bad one is kept as `f`'s error (see [`Fields`]).
fn opt_date(f: &mut Fields, key: &str) -> Option<String> {
    let date = f.opt_string(key)?;
    match check_date(&f.path_of(key), &date) {
        Ok(()) => Some(date),
        Err(err) => {
            f.fail(err);
            None
        }
    }
}

/// A rating from 1 to 5; a bad one is kept as `f`'s error.
fn opt_rating(f: &mut Fields, key: &str) -> Option<u8> {
    let v = f.get(key)?;
    if let Json::Number(n) = v {
        if let Ok(r @ 1..=5) = n.parse::<u8>() {
            return Some(r);
        }
    }
    f.fail(json::expected(
        f.path_of(key),
        "a whole number from 1 to 5",
        v,
    ));
    None
}

/// Read an assessment document: the schema fields first, so that a file of another kind or
/// a newer version is named as such rather than reported by its first unknown field.
fn read(value: &Json) -> Result<Assessment> {
    let mut f = Fields::of(value, "")?;
    match f.get("schema") {
        Some(Json::String(s)) if s == ASSESSMENT_SCHEMA => {}
        Some(other) => {
            return Err(json::expected(
                "schema",
                &format!("\"{ASSESSMENT_SCHEMA}\""),
                other,
            ))
        }
        None => {
            return Err(Error::Shape {
                path: "schema".into(),
                message: format!(
                    "missing: an assessment starts with \"schema\": \"{ASSESSMENT_SCHEMA}\""
                ),
            })
        }
    }
    let schema_version = match f.get("schemaVersion") {
        None => ASSESSMENT_SCHEMA_VERSION,
        Some(v) => as_u32(v, "schemaVersion")?,
    };
    if !(OLDEST_ASSESSMENT_SCHEMA_VERSION..=ASSESSMENT_SCHEMA_VERSION).contains(&schema_version) {
        return Err(Error::UnsupportedVersion {
            what: "assessment schemaVersion",
            found: schema_version.to_string(),
            supported: format!(
                "schemaVersion {OLDEST_ASSESSMENT_SCHEMA_VERSION} to {ASSESSMENT_SCHEMA_VERSION}; a newer file needs a newer ai-risk-map"
            ),
        });
    }
    // From here on a bad member does not stop the reading: every error is kept (up to the
    // cap), in the order a reader stopping at the first would have met them.
    let mut found = Collector::new();
    let use_case = match f.get("useCase") {
        None => UseCase::default(),
        Some(v) => found
            .take((|| -> Result<UseCase> {
                let mut u = Fields::of(v, "useCase")?;
                let use_case = UseCase {
                    name: u.text("name"),
                    description: u.text("description"),
                    owner: u.text("owner"),
                };
                u.finish(&["name", "description", "owner"])?;
                Ok(use_case)
            })())
            .unwrap_or_default(),
    };
    let v3 = schema_version >= 3;
    // `not_assessed`, the last status, came with version 3.
    let all_statuses = ControlStatus::ALL.map(ControlStatus::as_str);
    let statuses = if v3 {
        &all_statuses[..]
    } else {
        &all_statuses[..all_statuses.len() - 1]
    };
    let risk_fields = if v3 {
        &RISK_FIELDS[..]
    } else {
        &RISK_FIELDS[..2]
    };
    let control_fields = if v3 {
        &CONTROL_FIELDS[..]
    } else {
        &CONTROL_FIELDS[..3]
    };
    // Each member's error is taken into `found` as it is read, so the next one is read too.
    let dasf = f.opt_string("dasf");
    found.take(f.ok());
    let dasf = dasf.unwrap_or_else(|| LATEST_VERSION.to_string());
    // Asked for in version 3 only, so that older versions report them as unknown.
    let as_published = v3 && f.bool_or("asPublished", false);
    found.take(f.ok());
    let assessed_on = if v3 {
        opt_date(&mut f, "assessedOn")
    } else {
        None
    };
    found.take(f.ok());
    let assessor = if v3 {
        f.text("assessor")
    } else {
        String::new()
    };
    found.take(f.ok());
    let deployment_models = f.strings("deploymentModels");
    found.take(f.ok());
    let components = match f.get("components") {
        None => None,
        Some(v) => found.take(json::as_strings(v, "components")),
    };
    let risks = f.map_all("risks", &mut found, risk_fields, |d| {
        let pertinent = match d.get("pertinent") {
            None => None,
            Some(Json::Bool(b)) => Some(*b),
            Some(other) => {
                d.fail(json::expected(
                    d.path_of("pertinent"),
                    "true or false",
                    other,
                ));
                None
            }
        };
        RiskDecision {
            // Before version 3, `true` was the default and said nothing more.
            pertinent: pertinent.filter(|p| v3 || !p),
            reason: d.text("reason"),
            likelihood: if v3 {
                opt_rating(d, "likelihood")
            } else {
                None
            },
            impact: if v3 { opt_rating(d, "impact") } else { None },
            excluded_controls: if v3 {
                d.map("excludedControls", json::string_at)
            } else {
                IdMap::new()
            },
            threats_reviewed: v3 && d.bool_or("threatsReviewed", false),
            threats_note: if v3 {
                d.text("threatsNote")
            } else {
                String::new()
            },
        }
    });
    let controls = f.map_all("controls", &mut found, control_fields, |c| {
        let status = if !v3 || c.get("status").is_some() {
            // `statuses` is the start of `ControlStatus::ALL`, in its order.
            ControlStatus::ALL[c.choice("status", statuses)]
        } else {
            ControlStatus::NotAssessed
        };
        ControlState {
            status,
            owner: c.text("owner"),
            note: c.text("note"),
            evidence: if v3 {
                c.strings("evidence")
            } else {
                Vec::new()
            },
            due: if v3 { opt_date(c, "due") } else { None },
        }
    });
    // Asked for in version 2 only, so that version 1 reports the member as unknown.
    let catalog_migration = match (schema_version >= 2)
        .then(|| f.get("catalogMigration"))
        .flatten()
    {
        Some(v) => found.take((|| -> Result<CatalogMigration> {
            let mut m = Fields::of(v, "catalogMigration")?;
            let migration = CatalogMigration {
                from: m.text("from"),
                new_risks: m.strings("newRisks"),
                new_controls: m.strings("newControls"),
            };
            m.finish(&["from", "newRisks", "newControls"])?;
            Ok(migration)
        })()),
        None => None,
    };
    let known = match schema_version {
        1 => &FIELDS[..8],
        2 => &FIELDS[..9],
        _ => &FIELDS[..12],
    };
    found.take(f.finish(known));
    found.finish()?;
    Ok(Assessment {
        schema: ASSESSMENT_SCHEMA.into(),
        // Read as any supported version, held as the current one: saving migrates the file.
        schema_version: ASSESSMENT_SCHEMA_VERSION,
        use_case,
        dasf,
        as_published,
        assessed_on,
        assessor,
        deployment_models,
        components,
        risks,
        controls,
        catalog_migration,
    })
}

/// A list of ids for a message: the first few (a user catalog may have thousands), each
/// cut to an excerpt.
fn quoted<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> String {
    const SHOWN: usize = 24;
    let total = ids.len();
    let mut list = String::new();
    for (n, i) in ids.take(SHOWN).enumerate() {
        if n > 0 {
            list.push_str(", ");
        }
        list.push('`');
        list.push_str(&limits::excerpt(i));
        list.push('`');
    }
    if total > SHOWN {
        list.push_str(&format!(" and {} more", total - SHOWN));
    }
    list
}

/// Check `given` (a list of catalog ids at `field`) against `index`: unknown ids and ids
/// listed twice. `id_at` gives the catalog's ids by position, for a hint.
fn check_ids<'c>(
    found: &mut Collector,
    kind: &'static str,
    field: &Path,
    given: &[String],
    index: &IdIndex<'c>,
    id_at: &dyn Fn(usize) -> &'c str,
) {
    // By catalog position: whether the id was seen already, so a long list stays linear.
    let mut seen = vec![false; index.len()];
    for (i, id) in given.iter().enumerate() {
        let Some(at) = index.get(id) else {
            found.add(|| Error::UnknownId {
                kind,
                id: id.clone(),
                path: field.index(i),
                hint: format!(
                    ": expected one of {}",
                    quoted_some(&(0..index.len()).map(id_at).collect::<Vec<_>>())
                ),
            });
            continue;
        };
        if std::mem::replace(&mut seen[at], true) {
            found.add(|| Error::Shape {
                path: field.index(i),
                message: format!("{kind} `{}` is listed twice", limits::excerpt(id)),
            });
        }
    }
}

/// The ids a hint offers: all of a short list, the first few of a long one (a user catalog
/// can have a hundred thousand components).
fn quoted_some(ids: &[&str]) -> String {
    const SHOWN: usize = 40;
    let shown = quoted(ids.iter().take(SHOWN).copied());
    match ids.len() {
        n if n > SHOWN => format!("{shown} and {} more", n - SHOWN),
        _ => shown,
    }
}

/// An unknown risk or control id, with the most useful hint we can give: the id it was
/// probably meant to be, or the catalog version that does have it.
fn unknown(catalog: &Catalog, kind: &'static str, id: &str, path: Path) -> Error {
    let squash = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let ids: Vec<&str> = if kind == "risk" {
        catalog.risks.iter().map(|r| r.id.as_str()).collect()
    } else {
        catalog.controls.iter().map(|c| c.id.as_str()).collect()
    };
    let hint = if let Some(close) = ids.iter().find(|k| squash(k) == squash(id)) {
        format!(": did you mean `{close}`?")
    } else if let Some(other) = BUILTIN_VERSIONS.iter().find(|v| {
        **v != catalog.version
            && builtin(v).is_ok_and(|c| {
                if kind == "risk" {
                    c.risk(id).is_some()
                } else {
                    c.control(id).is_some()
                }
            })
    }) {
        format!(
            ": it exists in DASF {other}, but this assessment uses DASF {}",
            catalog.version
        )
    } else {
        let first = ids.first().copied().unwrap_or("");
        let last = ids.last().copied().unwrap_or("");
        format!(
            ": DASF {} {kind}s run from `{first}` to `{last}`",
            catalog.version
        )
    };
    Error::UnknownId {
        kind,
        id: id.into(),
        path,
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_assessment_reads_its_models_as_a_file_does() {
        let catalog = builtin("2.0").unwrap();
        let blank = Assessment::blank_from_json(catalog, r#"["rag_llm"]"#).unwrap();
        assert_eq!(blank.deployment_models, ["rag_llm"]);
        assert_eq!(blank.dasf, "2.0");
        assert!(blank.risks.is_empty() && blank.controls.is_empty());
        assert!(!blank.as_published);
        // On the edition without errata, the blank assessment asks for that edition.
        let published = crate::catalog::builtin_edition("2.0", true).unwrap();
        assert!(Assessment::blank(published, vec![]).unwrap().as_published);
        for (models, path) in [
            (r#"["rag_llm", 3]"#, "deploymentModels[1]"),
            (r#""rag_llm""#, "deploymentModels"),
            (r#"["rag"]"#, "deploymentModels[0]"),
            (r#"["rag_llm", "rag_llm"]"#, "deploymentModels[1]"),
        ] {
            let err = Assessment::blank_from_json(catalog, models).unwrap_err();
            assert_eq!(err.path(), Some(path), "{models}: {err}");
        }
    }

    fn parse(text: &str) -> Result<Assessment> {
        let a = Assessment::from_json(text)?;
        a.validate(a.catalog()?)?;
        Ok(a)
    }

    #[test]
    fn an_empty_document_is_refused_at_the_root() {
        let err = parse(" \n").unwrap_err();
        assert_eq!(err.path_segments().map(|p| p.segments().len()), Some(0));
        assert_eq!(
            err.to_string(),
            "invalid document at `(document)`: the document is empty"
        );
    }

    #[test]
    fn minimal_document_gets_defaults() {
        let a = parse(r#"{"schema": "ai-risk-map/assessment"}"#).unwrap();
        assert_eq!(a.dasf, "2.0");
        assert_eq!(a.schema_version, ASSESSMENT_SCHEMA_VERSION);
        assert!(a.components.is_none());
        assert_eq!(a.status("DASF 1"), ControlStatus::NotAssessed);
    }

    #[test]
    fn wrong_status_names_path_and_value() {
        let err = parse(
            r#"{"schema": "ai-risk-map/assessment", "controls": {"DASF 1": {"status": "done"}}}"#,
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid_document");
        assert_eq!(err.path(), Some("controls.DASF 1.status"));
        let msg = err.to_string();
        assert!(
            msg.contains("`done`") && msg.contains("not_applicable"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_ids_give_hints() {
        let err = parse(
            r#"{"schema": "ai-risk-map/assessment", "controls": {"dasf1": {"status": "planned"}}}"#,
        )
        .unwrap_err();
        assert_eq!(err.code(), "unknown_id");
        assert!(err.to_string().contains("did you mean `DASF 1`"), "{err}");

        let err = parse(r#"{"schema": "ai-risk-map/assessment", "dasf": "1.0", "risks": {"9.11": {"pertinent": false}}}"#)
            .unwrap_err();
        assert!(err.to_string().contains("exists in DASF 2.0"), "{err}");
        assert_eq!(err.path(), Some("risks.9.11"));

        let err = parse(r#"{"schema": "ai-risk-map/assessment", "deploymentModels": ["rag"]}"#)
            .unwrap_err();
        assert_eq!(err.path(), Some("deploymentModels[0]"));
        assert!(err.to_string().contains("`rag_llm`"), "{err}");

        let err = parse(r#"{"schema": "ai-risk-map/assessment", "dasf": "3.0"}"#).unwrap_err();
        assert_eq!(err.path(), Some("dasf"));
    }

    #[test]
    fn schema_and_version_are_checked() {
        let err = parse(r#"{"controls": {}}"#).unwrap_err();
        assert_eq!(err.path(), Some("schema"));
        let err = parse(r#"{"schema": "ai-risk-map/assessment", "schemaVersion": 7}"#).unwrap_err();
        assert_eq!(err.code(), "unsupported_version");
        assert!(err.to_string().contains("schemaVersion 1 to 3"), "{err}");
        let err = parse("[1, 2]").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a JSON object, found an array"),
            "{err}"
        );
    }

    #[test]
    fn unknown_fields_and_duplicates_are_rejected() {
        let err =
            parse(r#"{"schema": "ai-risk-map/assessment", "useCase": {"nmae": "x"}}"#).unwrap_err();
        assert_eq!(err.path(), Some("useCase.nmae"));
        let err =
            parse(r#"{"schema": "ai-risk-map/assessment", "components": ["1", "1"]}"#).unwrap_err();
        assert_eq!(err.path(), Some("components[1]"));
    }

    #[test]
    fn a_document_near_the_size_limit_reads_back_after_saving() {
        // Long reasons on every risk and notes on every control, in a compact file just
        // under the limit: indenting it would push the saved file over.
        let catalog = crate::catalog::builtin("2.0").unwrap();
        let mut a = Assessment::new("2.0");
        let risks = catalog.risks.len();
        let controls = catalog.controls.len();
        let per_item = limits::MAX_DOCUMENT_BYTES / (risks + controls) - 120;
        for r in &catalog.risks {
            let reason = "r".repeat(per_item);
            a.risks.insert(
                r.id.clone(),
                RiskDecision {
                    pertinent: Some(false),
                    reason,
                    ..Default::default()
                },
            );
        }
        for c in &catalog.controls {
            let state = ControlState {
                status: ControlStatus::Partial,
                note: "n".repeat(per_item),
                ..Default::default()
            };
            a.controls.insert(c.id.clone(), state);
        }
        // Top up to a few bytes under the limit.
        let room = limits::MAX_DOCUMENT_BYTES - serde_json::to_string(&a).unwrap().len();
        a.use_case.description = "d".repeat(room - 10);
        let compact = serde_json::to_string(&a).unwrap();
        let pretty = serde_json::to_string_pretty(&a).unwrap();
        assert!(
            compact.len() <= limits::MAX_DOCUMENT_BYTES,
            "{}",
            compact.len()
        );
        assert!(
            pretty.len() > limits::MAX_DOCUMENT_BYTES,
            "{}",
            pretty.len()
        );
        let text = a.to_json();
        assert!(text.len() <= limits::MAX_DOCUMENT_BYTES);
        assert_eq!(Assessment::from_json(&text).unwrap(), a);
    }

    /// A compact document of exactly `size` bytes: every risk decided as `{}` (which
    /// normalising turns into `{"pertinent":true}`) and notes on every control padding it.
    pub(crate) fn compact_document_of(size: usize) -> String {
        let catalog = crate::catalog::builtin("2.0").unwrap();
        let risks: Vec<String> = catalog
            .risks
            .iter()
            .map(|r| format!("\"{}\":{{}}", r.id))
            .collect();
        let controls: Vec<String> = catalog
            .controls
            .iter()
            .map(|c| format!("\"{}\":{{\"status\":\"planned\",\"note\":\"\"}}", c.id))
            .collect();
        let bare = format!(
            "{{\"schema\":\"ai-risk-map/assessment\",\"risks\":{{{}}},\"controls\":{{{}}}}}",
            risks.join(","),
            controls.join(",")
        );
        let mut room = size - bare.len();
        let per_note = room / controls.len() + 1;
        let controls: Vec<String> = catalog
            .controls
            .iter()
            .map(|c| {
                let n = per_note.min(room);
                room -= n;
                format!(
                    "\"{}\":{{\"status\":\"planned\",\"note\":\"{}\"}}",
                    c.id,
                    "n".repeat(n)
                )
            })
            .collect();
        let text = format!(
            "{{\"schema\":\"ai-risk-map/assessment\",\"risks\":{{{}}},\"controls\":{{{}}}}}",
            risks.join(","),
            controls.join(",")
        );
        assert_eq!(text.len(), size);
        text
    }

    /// A compact document just under the limit whose normalised form is over it: refused
    /// at parse time with the size the engine would write, so that nothing accepted can
    /// fail to read back.
    #[test]
    fn a_document_whose_normalised_form_is_over_the_limit_is_refused() {
        let text = compact_document_of(limits::MAX_DOCUMENT_BYTES - 100);
        let err = Assessment::from_json(&text).unwrap_err();
        assert_eq!(err.code(), "too_large");
        let msg = err.to_string();
        assert!(msg.contains("once normalised"), "{msg}");
        let written = msg
            .split(" bytes as the engine writes it")
            .next()
            .and_then(|m| m.rsplit('(').next())
            .and_then(|n| n.parse::<usize>().ok())
            .expect("the size in the message");
        assert!(written > limits::MAX_DOCUMENT_BYTES, "{msg}");

        // With room for what normalising adds, it is read, written and read back.
        let text = compact_document_of(limits::MAX_DOCUMENT_BYTES - 4000);
        let a = Assessment::from_json(&text).unwrap();
        let written = a.to_json();
        assert!(written.len() < limits::MAX_DOCUMENT_BYTES);
        assert_eq!(Assessment::from_json(&written).unwrap(), a);
    }

    #[test]
    fn round_trips_through_json() {
        let text = r#"{"schema": "ai-risk-map/assessment", "useCase": {"name": "Bot", "owner": "sec"},
            "deploymentModels": ["rag_llm"], "components": ["9", "10"],
            "risks": {"9.1": {"pertinent": false, "reason": "no free text input"}},
            "controls": {"DASF 1": {"status": "partial", "owner": "IAM", "note": "SSO only"}}}"#;
        let a = parse(text).unwrap();
        assert_eq!(Assessment::from_json(&a.to_json()).unwrap(), a);
    }

    fn refused(text: &str) -> Error {
        parse(&format!(
            r#"{{"schema": "ai-risk-map/assessment", "schemaVersion": 3, {text}}}"#
        ))
        .unwrap_err()
    }

    #[test]
    fn version_3_fields_are_read() {
        let a = parse(
            r#"{"schema": "ai-risk-map/assessment", "schemaVersion": 3, "assessedOn": "2024-02-29",
            "assessor": "A. Auditor", "asPublished": true,
            "risks": {"9.1": {"pertinent": true, "likelihood": 4, "impact": 5,
                              "excludedControls": {"DASF 1": "no user accounts"},
                              "threatsReviewed": true, "threatsNote": "chat is public"}},
            "controls": {"DASF 1": {"status": "not_assessed"},
                         "DASF 2": {"evidence": ["https://wiki/x", "audit 2026"], "due": "2027-01-31"}}}"#,
        )
        .unwrap();
        assert_eq!(a.assessed_on.as_deref(), Some("2024-02-29"));
        assert_eq!(a.assessor, "A. Auditor");
        assert!(a.as_published);
        let d = a.risks.get("9.1").unwrap();
        assert_eq!(
            (d.pertinent, d.likelihood, d.impact),
            (Some(true), Some(4), Some(5))
        );
        assert_eq!(
            d.excluded_controls.get("DASF 1").map(String::as_str),
            Some("no user accounts")
        );
        assert!(d.threats_reviewed);
        assert_eq!(d.threats_note, "chat is public");
        let c = a.controls.get("DASF 2").unwrap();
        // A listed control without a status is not assessed yet.
        assert_eq!(c.status, ControlStatus::NotAssessed);
        assert_eq!(c.evidence, ["https://wiki/x", "audit 2026"]);
        assert_eq!(c.due.as_deref(), Some("2027-01-31"));
        assert_eq!(Assessment::from_json(&a.to_json()).unwrap(), a);
    }

    #[test]
    fn bad_version_3_values_name_their_path_and_what_is_expected() {
        let cases: [(&str, &str, &str); 14] = [
            (
                r#""risks": {"9.1": {"likelihood": 7}}"#,
                "risks.9.1.likelihood",
                "a whole number from 1 to 5",
            ),
            (
                r#""risks": {"9.1": {"impact": 0}}"#,
                "risks.9.1.impact",
                "a whole number from 1 to 5",
            ),
            (
                r#""risks": {"9.1": {"impact": 2.5}}"#,
                "risks.9.1.impact",
                "found 2.5",
            ),
            (
                r#""risks": {"9.1": {"likelihood": "high"}}"#,
                "risks.9.1.likelihood",
                "a whole number from 1 to 5",
            ),
            (r#""assessedOn": "2027-13-45""#, "assessedOn", "YYYY-MM-DD"),
            (
                r#""assessedOn": "2026-02-29""#,
                "assessedOn",
                "real calendar date",
            ),
            (
                r#""assessedOn": "1 Dec 2026""#,
                "assessedOn",
                "such as 2026-12-01",
            ),
            (
                r#""controls": {"DASF 1": {"status": "planned", "due": "2026-04-31"}}"#,
                "controls.DASF 1.due",
                "YYYY-MM-DD",
            ),
            (
                r#""controls": {"DASF 1": {"evidence": "a link"}}"#,
                "controls.DASF 1.evidence",
                "an array of strings",
            ),
            (
                r#""controls": {"DASF 1": {"evidence": [3]}}"#,
                "controls.DASF 1.evidence[0]",
                "a string",
            ),
            (r#""asPublished": "yes""#, "asPublished", "true or false"),
            (
                r#""risks": {"9.1": {"excludedControls": {"DASF 1": 2}}}"#,
                "risks.9.1.excludedControls.DASF 1",
                "a string",
            ),
            (
                r#""risks": {"9.1": {"threatsReviewed": "yes"}}"#,
                "risks.9.1.threatsReviewed",
                "true or false",
            ),
            (
                r#""risks": {"9.1": {"threatsNote": 3}}"#,
                "risks.9.1.threatsNote",
                "a string",
            ),
        ];
        for (text, path, expected) in cases {
            let err = refused(text);
            assert_eq!(err.code(), "invalid_document", "{text}: {err}");
            assert_eq!(err.path(), Some(path), "{text}: {err}");
            assert!(err.to_string().contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn an_excluded_control_must_mitigate_its_risk() {
        // DASF 1 does not mitigate 9.1 in DASF 2.0.
        let catalog = crate::catalog::builtin("2.0").unwrap();
        let risk = catalog.risk("9.1").unwrap();
        let stranger = catalog
            .controls
            .iter()
            .find(|c| !risk.controls.contains(&c.id))
            .unwrap();
        let err = refused(&format!(
            r#""risks": {{"9.1": {{"excludedControls": {{"{}": "x"}}}}}}"#,
            stranger.id
        ));
        assert_eq!(
            err.path(),
            Some(format!("risks.9.1.excludedControls.{}", stranger.id).as_str())
        );
        let msg = err.to_string();
        assert!(
            msg.contains("does not mitigate risk 9.1") && msg.contains(&risk.controls[0]),
            "{msg}"
        );
        let err = refused(r#""risks": {"9.1": {"excludedControls": {"DASF 999": "x"}}}"#);
        assert_eq!(err.code(), "unknown_id");
        assert_eq!(err.path(), Some("risks.9.1.excludedControls.DASF 999"));
    }

    #[test]
    fn version_3_fields_are_unknown_in_older_versions() {
        for (doc, path) in [
            (r#""schemaVersion": 2, "assessor": "x""#, "assessor"),
            (
                r#""schemaVersion": 1, "assessedOn": "2026-01-01""#,
                "assessedOn",
            ),
            (
                r#""schemaVersion": 2, "risks": {"9.1": {"impact": 3}}"#,
                "risks.9.1.impact",
            ),
            (
                r#""schemaVersion": 2, "risks": {"9.1": {"threatsReviewed": true}}"#,
                "risks.9.1.threatsReviewed",
            ),
            (
                r#""schemaVersion": 2, "controls": {"DASF 1": {"status": "planned", "due": "2026-01-01"}}"#,
                "controls.DASF 1.due",
            ),
            (
                r#""schemaVersion": 2, "controls": {"DASF 1": {"status": "not_assessed"}}"#,
                "controls.DASF 1.status",
            ),
            (
                r#""schemaVersion": 2, "controls": {"DASF 1": {}}"#,
                "controls.DASF 1",
            ),
        ] {
            let err =
                parse(&format!(r#"{{"schema": "ai-risk-map/assessment", {doc}}}"#)).unwrap_err();
            assert_eq!(err.path(), Some(path), "{doc}: {err}");
        }
    }

    #[test]
    fn pertinent_true_said_nothing_before_version_3() {
        let a = parse(
            r#"{"schema": "ai-risk-map/assessment", "schemaVersion": 2,
            "risks": {"9.1": {"pertinent": true, "reason": "kept"}, "9.2": {"pertinent": false}}}"#,
        )
        .unwrap();
        assert_eq!(a.risks.get("9.1").unwrap().pertinent, None);
        assert_eq!(a.risks.get("9.1").unwrap().reason, "kept");
        assert_eq!(a.risks.get("9.2").unwrap().pertinent, Some(false));
    }

    /// The readable paths of every error listed.
    fn paths(err: &Error) -> Vec<&str> {
        err.all().iter().map(|e| e.path().unwrap_or("-")).collect()
    }

    #[test]
    fn every_unknown_id_is_reported_in_document_order_with_the_first_as_the_error() {
        let err = parse(
            r#"{"schema": "ai-risk-map/assessment", "deploymentModels": ["rag_llm", "rag", "rag_llm"],
            "components": ["1", "99"],
            "risks": {"9.1": {"excludedControls": {"DASF 999": "x"}}, "9.99": {}},
            "controls": {"DASF 1": {"status": "planned"}, "dasf2": {"status": "planned"}, "DASF 0": {}}}"#,
        )
        .unwrap_err();
        // The error itself is the one a reader stopping at the first would give.
        assert_eq!(err.code(), "unknown_id");
        assert_eq!(err.path(), Some("deploymentModels[1]"));
        assert!(err.to_string().contains("`rag_llm`"), "{err}");
        assert_eq!(
            paths(&err),
            [
                "deploymentModels[1]",
                "deploymentModels[2]",
                "components[1]",
                "risks.9.1.excludedControls.DASF 999",
                "risks.9.99",
                "controls.dasf2",
                "controls.DASF 0",
            ]
        );
        assert_eq!(err.all()[1].code(), "invalid_document");
        assert!(err.all()[1].to_string().contains("listed twice"), "{err:?}");
        assert!(
            err.all()[5].to_string().contains("did you mean `DASF 2`"),
            "{err:?}"
        );
        assert_eq!(err.more(), 0);
    }

    #[test]
    fn a_document_with_one_error_has_just_that_one() {
        let err = parse(r#"{"schema": "ai-risk-map/assessment", "controls": {"DASF 0": {}}}"#)
            .unwrap_err();
        assert!(matches!(err, Error::UnknownId { .. }), "{err:?}");
        assert_eq!(err.all(), std::slice::from_ref(&err));
        assert_eq!(err.more(), 0);
    }

    #[test]
    fn errors_past_the_cap_are_counted_not_described() {
        let ids: Vec<String> = (0..limits::MAX_ERRORS + 7)
            .map(|i| format!(r#""X {i}": {{"status": "planned"}}"#))
            .collect();
        let err = parse(&format!(
            r#"{{"schema": "ai-risk-map/assessment", "controls": {{{}}}}}"#,
            ids.join(", ")
        ))
        .unwrap_err();
        assert_eq!(err.all().len(), limits::MAX_ERRORS);
        assert_eq!(err.more(), 7);
        assert_eq!(err.path(), Some("controls.X 0"));
        assert_eq!(
            err.all()[limits::MAX_ERRORS - 1].path(),
            Some("controls.X 19")
        );
    }

    #[test]
    fn the_reader_reports_every_bad_entry_and_member() {
        let err = parse(
            r#"{"schema": "ai-risk-map/assessment", "useCase": {"nmae": "x"}, "assessedOn": "soon",
            "risks": {"9.1": {"likelihood": 9}, "9.2": {"pertinent": "no"}, "9.3": {"reason": "fine"}},
            "controls": {"DASF 1": {"status": "done"}, "DASF 2": {"status": "planned"}, "DASF 3": {"note": 1}},
            "extra": true}"#,
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid_document");
        assert_eq!(err.path(), Some("useCase.nmae"));
        assert!(err.to_string().contains("unknown field `nmae`"), "{err}");
        assert_eq!(
            paths(&err),
            [
                "useCase.nmae",
                "assessedOn",
                "risks.9.1.likelihood",
                "risks.9.2.pertinent",
                "controls.DASF 1.status",
                "controls.DASF 3.note",
                "extra",
            ]
        );
        // Every long text is named too.
        let long = "x".repeat(limits::MAX_TEXT_BYTES + 1);
        let err = parse(&format!(
            r#"{{"schema": "ai-risk-map/assessment", "useCase": {{"name": "{long}"}},
            "controls": {{"DASF 1": {{"status": "planned", "note": "{long}"}}}}}}"#
        ))
        .unwrap_err();
        assert_eq!(err.code(), "too_large");
        assert_eq!(err.all().len(), 2);
        assert!(
            err.all()[1].to_string().contains("controls.DASF 1.note"),
            "{err:?}"
        );
    }

    #[test]
    fn the_edition_of_the_catalog_must_be_the_documents() {
        let mut a = Assessment::new("2.0");
        let corrected = crate::catalog::builtin_edition("2.0", false).unwrap();
        let published = crate::catalog::builtin_edition("2.0", true).unwrap();
        a.validate(corrected).unwrap();
        assert_eq!(
            a.validate(published).unwrap_err().path(),
            Some("asPublished")
        );
        a.as_published = true;
        assert!(std::ptr::eq(a.catalog().unwrap(), published));
        a.validate(published).unwrap();
        assert_eq!(
            a.validate(corrected).unwrap_err().path(),
            Some("asPublished")
        );
    }
}
