//! The assessment document (schema `ai-risk-map/assessment`, version 2) and its validation.
//!
//! Versions: 1 is the first release's document. 2 adds `catalogMigration`, the record of a
//! move between catalog versions. A version-1 document is read by the same code with the
//! version-1 field set and comes out as version 2: nothing else changed between them.

use serde::Serialize;

use crate::catalog::{builtin, known_versions, lookup, Catalog, BUILTIN_VERSIONS, LATEST_VERSION};
use crate::error::{Error, Path, Result};
use crate::idmap::{IdIndex, IdMap};
use crate::json::{self, as_u32, Fields, Json};
use crate::limits;

/// Schema name of assessment documents.
pub const ASSESSMENT_SCHEMA: &str = "ai-risk-map/assessment";
/// The assessment schema version this build writes.
pub const ASSESSMENT_SCHEMA_VERSION: u32 = 2;
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
    /// Deployment model ids in use. Empty means "not chosen yet": every risk then applies.
    #[serde(default)]
    pub deployment_models: Vec<String>,
    /// Component ids in scope; absent means all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
    /// Risk id -> whether it is pertinent. Risks not listed are pertinent.
    #[serde(default)]
    pub risks: IdMap<RiskDecision>,
    /// Control id -> its state. Controls not listed are not implemented.
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
#[cfg(not(target_arch = "wasm32"))]
fn yes() -> bool {
    true
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

/// Step 3: whether an applicable risk matters for this system.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RiskDecision {
    #[serde(default = "yes")]
    pub pertinent: bool,
    /// Why it was set aside (or any remark when it is kept).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Step 5: how far a control is in place.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    Implemented,
    Partial,
    Planned,
    NotImplemented,
    NotApplicable,
}

impl ControlStatus {
    pub const ALL: [ControlStatus; 5] = [
        ControlStatus::Implemented,
        ControlStatus::Partial,
        ControlStatus::Planned,
        ControlStatus::NotImplemented,
        ControlStatus::NotApplicable,
    ];

    /// How much of a risk's mitigation this control contributes; None when it is left out
    /// of the calculation (not applicable).
    pub fn weight(self) -> Option<f64> {
        match self {
            ControlStatus::Implemented => Some(1.0),
            ControlStatus::Partial => Some(0.5),
            ControlStatus::Planned | ControlStatus::NotImplemented => Some(0.0),
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
        }
    }
}

/// Step 5: a control's status, who owns it, and any note.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ControlState {
    pub status: ControlStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Assessment {
    /// A blank assessment on a catalog version.
    pub fn new(dasf: &str) -> Assessment {
        Assessment {
            schema: ASSESSMENT_SCHEMA.into(),
            schema_version: ASSESSMENT_SCHEMA_VERSION,
            use_case: UseCase::default(),
            dasf: dasf.into(),
            deployment_models: Vec::new(),
            components: None,
            risks: IdMap::new(),
            controls: IdMap::new(),
            catalog_migration: None,
        }
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
        let size = serde_json::to_string(self).map_or(0, |t| t.len()) + 1;
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
        // Cannot fail: string keys and no floats. Not formatting the error keeps serde_json's
        // message tables out of the wasm.
        let pretty = serde_json::to_string_pretty(self).unwrap_or_default();
        if pretty.len() < limits::MAX_DOCUMENT_BYTES {
            return pretty;
        }
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The catalog this assessment names: built in, or registered by the user.
    pub fn catalog(&self) -> Result<&'static Catalog> {
        lookup(&self.dasf).map_err(|_| {
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
        let models = catalog.deployment_models.iter().map(|d| d.id.as_str());
        check_ids(
            "deployment model",
            &"deploymentModels".into(),
            &self.deployment_models,
            models,
        )?;
        if let Some(components) = &self.components {
            check_ids(
                "component",
                &"components".into(),
                components,
                catalog.components.iter().map(|c| c.id.as_str()),
            )?;
        }
        if let Some(m) = &self.catalog_migration {
            let risks = catalog.risks.iter().map(|r| r.id.as_str());
            check_ids(
                "risk",
                &Path::keys(["catalogMigration", "newRisks"]),
                &m.new_risks,
                risks,
            )?;
            let controls = catalog.controls.iter().map(|c| c.id.as_str());
            check_ids(
                "control",
                &Path::keys(["catalogMigration", "newControls"]),
                &m.new_controls,
                controls,
            )?;
        }
        let risks = IdIndex::new(catalog.risks.iter().map(|r| r.id.as_str()));
        let controls = IdIndex::new(catalog.controls.iter().map(|c| c.id.as_str()));
        for id in self.risks.keys() {
            if !risks.contains(id) {
                return Err(unknown(catalog, "risk", id, Path::keys(["risks", id])));
            }
        }
        for id in self.controls.keys() {
            if !controls.contains(id) {
                return Err(unknown(
                    catalog,
                    "control",
                    id,
                    Path::keys(["controls", id]),
                ));
            }
        }
        Ok(())
    }

    fn check_texts(&self) -> Result<()> {
        let use_case = Path::from("useCase");
        limits::check_text(&use_case.key("name"), &self.use_case.name)?;
        limits::check_text(&use_case.key("description"), &self.use_case.description)?;
        limits::check_text(&use_case.key("owner"), &self.use_case.owner)?;
        if let Some(m) = &self.catalog_migration {
            limits::check_text(&Path::keys(["catalogMigration", "from"]), &m.from)?;
        }
        for (id, d) in &self.risks {
            limits::check_text(&Path::keys(["risks", id, "reason"]), &d.reason)?;
        }
        for (id, c) in &self.controls {
            let control = Path::keys(["controls", id]);
            limits::check_text(&control.key("owner"), &c.owner)?;
            limits::check_text(&control.key("note"), &c.note)?;
        }
        Ok(())
    }

    /// The status of a control; controls not listed are not implemented.
    pub fn status(&self, control: &str) -> ControlStatus {
        self.controls
            .get(control)
            .map_or(ControlStatus::NotImplemented, |c| c.status)
    }
}

/// The members of a version-2 document; version 1 has all but the last.
const FIELDS: [&str; 9] = [
    "schema",
    "schemaVersion",
    "useCase",
    "dasf",
    "deploymentModels",
    "components",
    "risks",
    "controls",
    "catalogMigration",
];

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
    let use_case = match f.get("useCase") {
        None => UseCase::default(),
        Some(v) => {
            let mut u = Fields::of(v, "useCase")?;
            let use_case = UseCase {
                name: u.text("name")?,
                description: u.text("description")?,
                owner: u.text("owner")?,
            };
            u.finish(&["name", "description", "owner"])?;
            use_case
        }
    };
    let statuses: Vec<&str> = ControlStatus::ALL.iter().map(|s| s.as_str()).collect();
    let assessment = Assessment {
        schema: ASSESSMENT_SCHEMA.into(),
        // Read as any supported version, held as the current one: saving migrates the file.
        schema_version: ASSESSMENT_SCHEMA_VERSION,
        use_case,
        dasf: f
            .opt_string("dasf")?
            .unwrap_or_else(|| LATEST_VERSION.to_string()),
        deployment_models: f.strings("deploymentModels")?,
        components: match f.get("components") {
            None => None,
            Some(v) => Some(json::as_strings(v, "components")?),
        },
        risks: f.map("risks", |v, path| {
            let mut d = Fields::of(v, path)?;
            let decision = RiskDecision {
                pertinent: d.bool_or("pertinent", true)?,
                reason: d.text("reason")?,
            };
            d.finish(&["pertinent", "reason"])?;
            Ok(decision)
        })?,
        controls: f.map("controls", |v, path| {
            let mut c = Fields::of(v, path)?;
            let chosen = c.choice("status", &statuses)?;
            let status = ControlStatus::ALL
                .into_iter()
                .find(|s| s.as_str() == chosen)
                .expect("checked by choice");
            let state = ControlState {
                status,
                owner: c.text("owner")?,
                note: c.text("note")?,
            };
            c.finish(&["status", "owner", "note"])?;
            Ok(state)
        })?,
        // Asked for in version 2 only, so that version 1 reports the member as unknown.
        catalog_migration: match (schema_version >= 2)
            .then(|| f.get("catalogMigration"))
            .flatten()
        {
            Some(v) => {
                let mut m = Fields::of(v, "catalogMigration")?;
                let migration = CatalogMigration {
                    from: m.text("from")?,
                    new_risks: m.strings("newRisks")?,
                    new_controls: m.strings("newControls")?,
                };
                m.finish(&["from", "newRisks", "newControls"])?;
                Some(migration)
            }
            None => None,
        },
    };
    let known = if schema_version == 1 {
        &FIELDS[..8]
    } else {
        &FIELDS[..]
    };
    f.finish(known)?;
    Ok(assessment)
}

/// A list of ids for a message: the first few (a user catalog may have thousands), each
/// cut to an excerpt.
fn quoted<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> String {
    const SHOWN: usize = 24;
    let total = ids.len();
    let mut list = ids
        .take(SHOWN)
        .map(|i| format!("`{}`", limits::excerpt(i)))
        .collect::<Vec<_>>()
        .join(", ");
    if total > SHOWN {
        list.push_str(&format!(" and {} more", total - SHOWN));
    }
    list
}

fn check_ids<'a>(
    kind: &'static str,
    field: &Path,
    given: &[String],
    known: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let known: Vec<&str> = known.collect();
    let index = IdIndex::new(known.iter().copied());
    // By catalog position: whether the id was seen already, so a long list stays linear.
    let mut seen = vec![false; known.len()];
    for (i, id) in given.iter().enumerate() {
        let Some(at) = index.get(id) else {
            return Err(Error::UnknownId {
                kind,
                id: id.clone(),
                path: field.index(i),
                hint: format!(": expected one of {}", quoted_some(&known)),
            });
        };
        if std::mem::replace(&mut seen[at], true) {
            return Err(Error::Shape {
                path: field.index(i),
                message: format!("{kind} `{}` is listed twice", limits::excerpt(id)),
            });
        }
    }
    Ok(())
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
        assert_eq!(a.status("DASF 1"), ControlStatus::NotImplemented);
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
        assert!(err.to_string().contains("schemaVersion 1 to 2"), "{err}");
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
                    pertinent: false,
                    reason,
                },
            );
        }
        for c in &catalog.controls {
            let state = ControlState {
                status: ControlStatus::Partial,
                owner: String::new(),
                note: "n".repeat(per_item),
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
}
