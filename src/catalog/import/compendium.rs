//! The DASF compendium: its risk worksheet (`AI Lifecycle Risks`: one row per risk, with
//! its component, stage, mitigating controls, revision, deployment-model flags and
//! crosswalks) and its control worksheet (`Databricks AI Mitigation Controls`: one row per
//! control). Components and stages come from the data, so a compendium with more
//! components (3.0 adds component 13 with sub-components 13A, 13B...) imports the same way.
//!
//! The table's inconsistencies get the built-in catalog's treatment (scripts/gen_catalog.py):
//! the risk rows are primary for the mapping; where a control's own row lists other risks,
//! or risks that do not exist, the control says so in its notes; a control that no risk
//! names says so too; and the built-in catalog's corrections to deployment-model flags carry
//! over to each risk whose published flags are the ones corrected. The provenance says all
//! of this.

use std::collections::HashMap;

use super::crosswalk::{entries, STANDARDS};
use super::table::{cell, is_blank, normalise_header, parse_delimited, Columns, InputFile, Sheet};
use super::xlsx;
use crate::catalog::{
    builtin_edition, Catalog, Component, Control, Crosswalk, DeploymentModel, Erratum, Novelty,
    Provenance, Responsibility, Risk, RiskKind, Stage, CATALOG_SCHEMA, CATALOG_SCHEMA_VERSION,
    LATEST_VERSION,
};
use crate::error::{Error, Result};
use crate::idmap::IdMap;
use crate::limits::excerpt;

/// Appended to the compendium's revision to make the version key (`2.0-compendium`), so that
/// an imported catalog never takes the place of a built-in version.
pub const COMPENDIUM_VERSION_SUFFIX: &str = "-compendium";

/// The deployment-model columns the compendium has, and the catalog's ids for them.
const DEPLOYMENT_COLUMNS: [(&str, &str); 6] = [
    ("predictive ml models", "predictive_ml"),
    ("rag - llms", "rag_llm"),
    ("fine-tuned llms", "fine_tuned_llm"),
    ("pre-trained llms", "pretrained_llm"),
    ("foundational llms", "foundational_llm"),
    ("external models", "external_models"),
];

/// Risk-sheet columns that are neither flags nor crosswalks: never read as a deployment model.
const RISK_TEXT_COLUMNS: [&str; 5] = [
    "initial ai risk impacts",
    "business impacts",
    "hitrust",
    "enisa's securing ml algorithms",
    "nist 800-53 controls mapping rationale",
];

/// Import the compendium from its workbook (`.xlsx`) or from CSV/TSV exports of its two
/// sheets, in any order. `version` overrides the version key (default: the latest "DASF
/// Revision" in the sheets followed by [`COMPENDIUM_VERSION_SUFFIX`]).
pub fn import_compendium(files: &[InputFile], version: Option<&str>) -> Result<Catalog> {
    if let Some(key) = version {
        super::check_version_key(key)?;
    }
    if files.is_empty() {
        return Err(Error::Argument(
            "no input: give the compendium workbook (.xlsx), or CSV/TSV exports of its risk and control sheets".into(),
        ));
    }
    let mut sheets = Vec::new();
    for file in files {
        if xlsx::is_workbook(file) {
            sheets.extend(xlsx::sheets(file)?);
        } else {
            sheets.push(parse_delimited(file)?);
        }
    }
    let mut risk_sheet = None;
    let mut control_sheet = None;
    for sheet in &sheets {
        if let Some(columns) = Columns::find(sheet, "mitigation controls ids") {
            if risk_sheet.is_some() {
                return Err(sheet.error(
                    "a second risk sheet (a `Mitigation Controls IDs` column); give one risk sheet",
                ));
            }
            risk_sheet = Some((sheet, columns));
        } else if let Some(columns) = Columns::find(sheet, "control id") {
            if control_sheet.is_some() {
                return Err(sheet.error(
                    "a second control sheet (a `Control ID` column); give one control sheet",
                ));
            }
            control_sheet = Some((sheet, columns));
        }
    }
    let names: Vec<&str> = sheets.iter().map(|s| s.label.as_str()).collect();
    let missing_risks = risk_sheet.is_none();
    let (Some((risk_sheet, risk_columns)), Some((control_sheet, control_columns))) =
        (risk_sheet, control_sheet)
    else {
        let missing = if missing_risks {
            "risk sheet (a header row with `Risk ID` and `Mitigation Controls IDs`)"
        } else {
            "control sheet (a header row with `Control ID`)"
        };
        return Err(Error::Catalog(format!(
            "no {missing} among {}; give both sheets of the compendium",
            excerpt(&names.join(", "))
        )));
    };
    let controls = read_controls(control_sheet, &control_columns)?;
    let risks = read_risks(risk_sheet, &risk_columns, &controls)?;
    let sources: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    assemble(risks, controls, &sources, version)
}

/// A revision cell such as `DASF v 1.0` or `2.0`: the version number in it.
fn revision(text: &str) -> Option<String> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let number: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let number = number.trim_end_matches('.');
    Some(if number.contains('.') {
        number.to_string()
    } else {
        format!("{number}.0")
    })
}

/// Compare two revisions number by number (`1.10` after `1.9`).
fn revision_order(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |s: &str| -> Vec<u64> { s.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    parts(a).cmp(&parts(b))
}

/// A risk number in a cell: `1.1`, `13A.2`; returns (start, end) of the last one, or of the
/// first when `first`.
fn risk_numbers(text: &str) -> Vec<(usize, usize)> {
    let s = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < s.len() {
        let starts_word = at == 0 || !(s[at - 1].is_ascii_alphanumeric() || s[at - 1] == b'.');
        if starts_word && s[at].is_ascii_digit() {
            let mut end = at + s[at..].iter().take_while(|b| b.is_ascii_digit()).count();
            end += s[end..]
                .iter()
                .take_while(|b| b.is_ascii_uppercase())
                .count();
            if s.get(end) == Some(&b'.') {
                let n = s[end + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let after = s.get(end + 1 + n);
                if n > 0 && !after.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.') {
                    found.push((at, end + 1 + n));
                    at = end + 1 + n;
                    continue;
                }
            }
            at = end.max(at + 1);
            continue;
        }
        at += 1;
    }
    found
}

/// A control id as the catalog writes it: `DASF 12` (spaces collapsed).
fn control_id(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name cell that may repeat the id (`DASF 1: SSO with IdP and MFA`, `Raw Data 1.1:
/// Insufficient access controls`): the part after the first colon when what precedes it
/// ends with `id`.
fn strip_id_prefix<'a>(text: &'a str, id: &str) -> &'a str {
    match text.split_once(':') {
        Some((head, tail)) if head.trim_end().ends_with(id) => tail.trim(),
        _ => text.trim(),
    }
}

/// The crosswalk columns of a sheet, in the catalog's order of standards (not the sheet's).
fn crosswalk_columns(columns: &Columns) -> Vec<(usize, &'static str, super::crosswalk::IdReader)> {
    let mut found: Vec<_> = (0..columns.len())
        .filter_map(|c| {
            let h = columns.normalised(c);
            if h.contains("rationale") {
                return None;
            }
            STANDARDS
                .iter()
                .find(|(_, prefixes, _)| prefixes.iter().any(|p| h.starts_with(p)))
                .map(|(key, _, read)| (c, *key, *read))
        })
        .collect();
    found.sort_by_key(|(_, key, _)| STANDARDS.iter().position(|s| s.0 == *key));
    found
}

/// Crosswalk ids per standard for one row, recording the entry names seen.
fn row_crosswalk(
    row: &[String],
    columns: &[(usize, &'static str, super::crosswalk::IdReader)],
    names: &mut Names,
) -> IdMap<Vec<String>> {
    let mut out = IdMap::new();
    for &(c, key, read) in columns {
        let text = cell(row, c);
        if is_blank(text) {
            continue;
        }
        let found = entries(text, key, read);
        if found.is_empty() {
            continue;
        }
        let ids = found
            .into_iter()
            .map(|(id, name)| {
                if !name.is_empty() {
                    *names
                        .entry((key, id.clone()))
                        .or_default()
                        .entry(name)
                        .or_default() += 1;
                }
                id
            })
            .collect();
        out.insert(key.to_string(), ids);
    }
    out
}

/// Entry names seen per (standard, id), with how often each spelling was seen.
type Names = HashMap<(&'static str, String), HashMap<String, usize>>;

struct Controls {
    list: Vec<Control>,
    /// The risk ids each control's own row lists (the secondary direction).
    listed: Vec<Vec<String>>,
    names: Names,
    revisions: Vec<String>,
}

fn read_controls(sheet: &Sheet, columns: &Columns) -> Result<Controls> {
    let id_c = columns.required(sheet, &["control id"], "Control ID")?;
    let name_c = columns.required(sheet, &["control", "control name"], "Control")?;
    let risks_c = columns.required(sheet, &["risk id", "risk ids"], "Risk ID")?;
    let revision_c = columns.required(sheet, &["dasf revision"], "DASF Revision")?;
    let responsibility_c = columns.required(
        sheet,
        &["databricks shared responsibility", "shared responsibility"],
        "Databricks Shared Responsibility",
    )?;
    let novelty_c = columns.required(
        sheet,
        &["ai system novelty", "ai novelty", "novelty"],
        "AI System Novelty",
    )?;
    let description_c = columns.optional(&["description", "control description"]);
    let operator_c = columns.optional(&["databricks product reference", "product reference"]);
    let type_c = columns.optional(&["security control type"]);
    let kind_c = columns.optional(&[
        "feature / control",
        "feature/control",
        "control / feature",
        "control/feature",
        "feature or control",
        "control or feature",
    ]);
    let crosswalks = crosswalk_columns(columns);
    let mut out = Controls {
        list: Vec::new(),
        listed: Vec::new(),
        names: HashMap::new(),
        revisions: Vec::new(),
    };
    let header = |c: usize| columns.header(c).to_string();
    for (i, row) in sheet.rows.iter().enumerate().skip(columns.header_row + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let id = control_id(cell(row, id_c));
        if id.is_empty() {
            return Err(sheet.error_at(i, id_c, &header(id_c), "the control id is empty"));
        }
        if out.list.iter().any(|c| c.id == id) {
            return Err(sheet.error_at(
                i,
                id_c,
                &header(id_c),
                &format!("control `{}` appears twice", excerpt(&id)),
            ));
        }
        let name = strip_id_prefix(cell(row, name_c), &id).to_string();
        if name.is_empty() {
            return Err(sheet.error_at(i, name_c, &header(name_c), "the control name is empty"));
        }
        let introduced = revision(cell(row, revision_c)).ok_or_else(|| {
            sheet.error_at(
                i,
                revision_c,
                &header(revision_c),
                &format!(
                    "`{}` is not a revision such as `DASF v 1.0`",
                    excerpt(cell(row, revision_c))
                ),
            )
        })?;
        let responsibility_text = cell(row, responsibility_c);
        // `Databricks — Configuration`: the part after the dash.
        let last = responsibility_text
            .rsplit([' ', '\u{2014}', '\u{2013}'])
            .next()
            .unwrap_or("");
        let last = normalise_header(last);
        let responsibility = match last.as_str() {
            "configuration" => Responsibility::Configuration,
            "implementation" => Responsibility::Implementation,
            "out-of-the-box" | "box" => Responsibility::OutOfTheBox,
            "academy" | "education" | "training" => Responsibility::Education,
            _ => {
                return Err(sheet.error_at(
                    i,
                    responsibility_c,
                    &header(responsibility_c),
                    &format!(
                        "`{}` is not a shared responsibility: expected Configuration, Implementation, Out-of-the-box or academy",
                        excerpt(responsibility_text)
                    ),
                ))
            }
        };
        let novelty_text = normalise_header(cell(row, novelty_c));
        let novelty = if novelty_text.contains("traditional") {
            Novelty::Traditional
        } else if novelty_text.contains("novel") {
            Novelty::Novel
        } else {
            return Err(sheet.error_at(
                i,
                novelty_c,
                &header(novelty_c),
                &format!(
                    "`{}` says neither `Novel` nor `Traditional`",
                    excerpt(cell(row, novelty_c))
                ),
            ));
        };
        let listed = risk_numbers(cell(row, risks_c))
            .into_iter()
            .map(|(s, e)| cell(row, risks_c)[s..e].to_string())
            .fold(Vec::new(), |mut acc: Vec<String>, id| {
                if !acc.contains(&id) {
                    acc.push(id);
                }
                acc
            });
        let crosswalk = row_crosswalk(row, &crosswalks, &mut out.names);
        let optional = |c: Option<usize>| c.map(|c| cell(row, c).to_string()).unwrap_or_default();
        let kind = optional(kind_c);
        out.revisions.push(introduced.clone());
        out.list.push(Control {
            id,
            name,
            introduced,
            control_type: optional(type_c),
            kind: if kind.is_empty() {
                "Control".into()
            } else {
                kind
            },
            responsibility,
            operator: optional(operator_c),
            novelty,
            risks: Vec::new(),
            crosswalk,
            description: optional(description_c),
            implementation: String::new(),
            notes: Vec::new(),
        });
        out.listed.push(listed);
    }
    if out.list.is_empty() {
        return Err(sheet.error("the control sheet has no control rows under its header"));
    }
    Ok(out)
}

struct Risks {
    list: Vec<Risk>,
    stages: Vec<Stage>,
    components: Vec<Component>,
    /// Deployment models: (id, name) in column order.
    models: Vec<(String, String)>,
    names: Names,
    revisions: Vec<String>,
    sub_components: bool,
}

fn read_risks(sheet: &Sheet, columns: &Columns, controls: &Controls) -> Result<Risks> {
    let id_c = columns.required(sheet, &["risk id"], "Risk ID")?;
    let name_c = columns.required(sheet, &["risk", "risk name"], "Risk")?;
    let stage_c = columns.required(sheet, &["system component", "stage"], "System Component")?;
    let controls_c = columns.required(
        sheet,
        &["mitigation controls ids"],
        "Mitigation Controls IDs",
    )?;
    let revision_c = columns.required(sheet, &["dasf revision"], "DASF Revision")?;
    let kind_c = columns.required(sheet, &["ai novelty", "novelty"], "AI Novelty")?;
    let description_c = columns.optional(&["risk description", "description"]);
    let crosswalks = crosswalk_columns(columns);
    let header = |c: usize| columns.header(c).to_string();
    let rows: Vec<(usize, &Vec<String>)> = sheet
        .rows
        .iter()
        .enumerate()
        .skip(columns.header_row + 1)
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();

    // Deployment-model columns: the compendium's six by name, then any other column whose
    // cells are all Yes/No (a later compendium's new deployment model).
    let used: Vec<usize> = [id_c, name_c, stage_c, controls_c, revision_c, kind_c]
        .into_iter()
        .chain(description_c)
        .chain(crosswalks.iter().map(|c| c.0))
        .collect();
    let is_flag = |t: &str| {
        matches!(
            normalise_header(t).as_str(),
            "yes" | "no" | "true" | "false" | ""
        )
    };
    let mut model_columns: Vec<(usize, String, String)> = Vec::new();
    for c in 0..columns.len() {
        let h = columns.normalised(c);
        if let Some((_, id)) = DEPLOYMENT_COLUMNS.iter().find(|(name, _)| *name == h) {
            model_columns.push((c, id.to_string(), columns.header(c).trim().to_string()));
        } else if !used.contains(&c)
            && !h.is_empty()
            && !RISK_TEXT_COLUMNS.contains(&h)
            && !h.starts_with("mitigation controls")
            && rows.iter().any(|(_, r)| !cell(r, c).is_empty())
            && rows.iter().all(|(_, r)| is_flag(cell(r, c)))
        {
            let slug: String = h
                .chars()
                .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' })
                .collect();
            let slug = slug
                .split('_')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("_");
            model_columns.push((c, slug, columns.header(c).trim().to_string()));
        }
    }
    if model_columns.is_empty() {
        return Err(Error::Catalog(format!(
            "{}, row {}: no deployment-model columns (such as `Predictive ML Models` or `RAG - LLMs`, with Yes or No per risk) in the header row",
            sheet.label,
            sheet.row_number(columns.header_row)
        )));
    }

    let control_index: HashMap<&str, usize> = controls
        .list
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut out = Risks {
        list: Vec::new(),
        stages: Vec::new(),
        components: Vec::new(),
        models: model_columns
            .iter()
            .map(|(_, id, name)| (id.clone(), name.clone()))
            .collect(),
        names: HashMap::new(),
        revisions: Vec::new(),
        sub_components: false,
    };
    // Component id -> (first row, the prefixes of its risks' ids).
    let mut prefixes: HashMap<String, Vec<String>> = HashMap::new();
    for (i, row) in rows {
        let id_text = cell(row, id_c);
        let numbers = risk_numbers(id_text);
        let Some(&(start, end)) = numbers.last() else {
            return Err(sheet.error_at(
                i,
                id_c,
                &header(id_c),
                &format!(
                    "`{}` has no risk number such as `9.1` or `13A.2`",
                    excerpt(id_text)
                ),
            ));
        };
        let id = id_text[start..end].to_string();
        if out.list.iter().any(|r: &Risk| r.id == id) {
            return Err(sheet.error_at(
                i,
                id_c,
                &header(id_c),
                &format!("risk `{id}` appears twice"),
            ));
        }
        let (component_part, _) = id.split_once('.').expect("a risk number has a dot");
        let component_id: String = component_part
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if component_part.len() > component_id.len() {
            out.sub_components = true;
        }
        let prefix = id_text[..start]
            .trim()
            .trim_end_matches([':', '-', '\u{2014}', '\u{2013}'])
            .trim()
            .to_string();
        let name = strip_id_prefix(cell(row, name_c), &id).to_string();
        if name.is_empty() {
            return Err(sheet.error_at(i, name_c, &header(name_c), "the risk name is empty"));
        }
        let stage_name = cell(row, stage_c);
        if stage_name.is_empty() {
            return Err(sheet.error_at(
                i,
                stage_c,
                &header(stage_c),
                "the stage (such as `Data operations`) is empty",
            ));
        }
        let stage_id = match out
            .stages
            .iter()
            .find(|s| normalise_header(&s.name) == normalise_header(stage_name))
        {
            Some(s) => s.id.clone(),
            None => {
                let id = (out.stages.len() + 1).to_string();
                out.stages.push(Stage {
                    id: id.clone(),
                    name: stage_name.to_string(),
                    description: String::new(),
                    components: Vec::new(),
                });
                id
            }
        };
        match out.components.iter().find(|c| c.id == component_id) {
            Some(c) if c.stage != stage_id => {
                let other = &out
                    .stages
                    .iter()
                    .find(|s| s.id == c.stage)
                    .expect("stage")
                    .name;
                return Err(sheet.error_at(
                    i,
                    stage_c,
                    &header(stage_c),
                    &format!(
                        "risk {id} is in stage `{}`, but the earlier risks of component {component_id} are in stage `{}`; a component belongs to one stage",
                        excerpt(stage_name),
                        excerpt(other)
                    ),
                ));
            }
            Some(_) => {}
            None => {
                out.components.push(Component {
                    id: component_id.clone(),
                    name: String::new(),
                    stage: stage_id.clone(),
                    description: String::new(),
                });
                let stage = out
                    .stages
                    .iter_mut()
                    .find(|s| s.id == stage_id)
                    .expect("stage");
                stage.components.push(component_id.clone());
            }
        }
        prefixes
            .entry(component_id.clone())
            .or_default()
            .push(prefix.clone());

        let controls_text = cell(row, controls_c);
        let mut mitigations: Vec<String> = Vec::new();
        for part in controls_text.split([',', ';', '\n']) {
            let c = control_id(part);
            if c.is_empty() {
                continue;
            }
            if !control_index.contains_key(c.as_str()) {
                return Err(sheet.error_at(
                    i,
                    controls_c,
                    &header(controls_c),
                    &format!(
                        "risk {id} names control `{}`, which the control sheet does not have",
                        excerpt(&c)
                    ),
                ));
            }
            if !mitigations.contains(&c) {
                mitigations.push(c);
            }
        }
        if mitigations.is_empty() {
            return Err(sheet.error_at(
                i,
                controls_c,
                &header(controls_c),
                &format!(
                    "risk {id} names no mitigating control (expected ids such as `DASF 1, DASF 2`)"
                ),
            ));
        }
        let introduced = revision(cell(row, revision_c)).ok_or_else(|| {
            sheet.error_at(
                i,
                revision_c,
                &header(revision_c),
                &format!(
                    "`{}` is not a revision such as `DASF v 1.0`",
                    excerpt(cell(row, revision_c))
                ),
            )
        })?;
        let kind_text = normalise_header(cell(row, kind_c)).replace(' ', "");
        let kind = if kind_text.starts_with("ai") {
            RiskKind::Ai
        } else if kind_text.starts_with("cyber") {
            RiskKind::Cyber
        } else {
            return Err(sheet.error_at(
                i,
                kind_c,
                &header(kind_c),
                &format!(
                    "`{}` is neither `AI Sec` nor `CyberSec`",
                    excerpt(cell(row, kind_c))
                ),
            ));
        };
        let mut deployment = Vec::new();
        for (c, model, _) in &model_columns {
            match normalise_header(cell(row, *c)).as_str() {
                "yes" | "true" => deployment.push(model.clone()),
                "no" | "false" | "" => {}
                other => {
                    return Err(sheet.error_at(
                        i,
                        *c,
                        &header(*c),
                        &format!("`{}` is not Yes or No", excerpt(other)),
                    ))
                }
            }
        }
        let crosswalk = row_crosswalk(row, &crosswalks, &mut out.names);
        out.revisions.push(introduced.clone());
        let mut notes = Vec::new();
        if component_part != component_id {
            notes.push(format!(
                "Sub-component {component_part}{} of component {component_id}.",
                if prefix.is_empty() {
                    String::new()
                } else {
                    format!(" ({prefix})")
                }
            ));
        }
        out.list.push(Risk {
            id,
            name,
            other_version_name: None,
            component: component_id,
            stage: stage_id,
            kind,
            introduced,
            deployment,
            controls: mitigations,
            crosswalk,
            description: description_c
                .map(|c| cell(row, c).to_string())
                .unwrap_or_default(),
            notes,
        });
    }
    if out.list.is_empty() {
        return Err(sheet.error("the risk sheet has no risk rows under its header"));
    }
    // A component's name: the words its risks' id prefixes share (`Agents 13A.1` and
    // `Agents 13B.1` give `Agents`), or `Component N` when they give none.
    for component in &mut out.components {
        let list = &prefixes[&component.id];
        let mut common: Vec<&str> = list[0].split_whitespace().collect();
        for p in &list[1..] {
            let words: Vec<&str> = p.split_whitespace().collect();
            let n = common
                .iter()
                .zip(&words)
                .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
                .count();
            common.truncate(n);
        }
        component.name = if common.is_empty() {
            format!("Component {}", component.id)
        } else {
            common.join(" ")
        };
    }
    Ok(out)
}

fn assemble(
    risks: Risks,
    mut controls: Controls,
    sources: &[String],
    version: Option<&str>,
) -> Result<Catalog> {
    let latest = builtin_edition(LATEST_VERSION, true)?;
    let mut notes: Vec<String> = vec![
        "Imported from the DASF compendium worksheets by `ai-risk-map import-compendium`: ids, names, revisions, deployment-model flags, mappings and crosswalk ids are the sheets' own; the risk-to-control mapping follows the risk sheet.".into(),
    ];
    if risks.sub_components {
        notes.push("Risks of sub-components (such as 13A) are drawn under their component (13); each such risk names its sub-component in its notes.".into());
    }
    // Risk rows are primary: derive each control's risks from them, and note where the
    // control's own row says otherwise.
    let risk_ids: Vec<&str> = risks.list.iter().map(|r| r.id.as_str()).collect();
    let mut disagreeing = 0;
    let mut nonexistent: Vec<String> = Vec::new();
    for (control, listed) in controls.list.iter_mut().zip(&controls.listed) {
        control.risks = risks
            .list
            .iter()
            .filter(|r| r.controls.contains(&control.id))
            .map(|r| r.id.clone())
            .collect();
        let only_in_row: Vec<&str> = listed
            .iter()
            .filter(|r| risk_ids.contains(&r.as_str()) && !control.risks.contains(r))
            .map(String::as_str)
            .collect();
        let only_in_risks: Vec<&str> = control
            .risks
            .iter()
            .filter(|r| !listed.contains(r))
            .map(String::as_str)
            .collect();
        let missing: Vec<&str> = listed
            .iter()
            .filter(|r| !risk_ids.contains(&r.as_str()))
            .map(String::as_str)
            .collect();
        if !only_in_row.is_empty() {
            control.notes.push(format!(
                "The compendium's control table also lists risk(s) {} for this control, but those risks' own rows do not name it; the risk rows are used here.",
                only_in_row.join(", ")
            ));
        }
        if !only_in_risks.is_empty() && !listed.is_empty() {
            control.notes.push(format!(
                "Risk(s) {} name this control in their rows, but the compendium's control table omits them; the risk rows are used here.",
                only_in_risks.join(", ")
            ));
        }
        if !missing.is_empty() {
            control.notes.push(format!(
                "The compendium cites risk {} for this control, which does not exist in the catalog; the reference is dropped.",
                missing.join(", ")
            ));
            nonexistent.push(format!("{} cites {}", control.id, missing.join(", ")));
        }
        if !only_in_row.is_empty() || (!only_in_risks.is_empty() && !listed.is_empty()) {
            disagreeing += 1;
        }
        if control.risks.is_empty() {
            control.notes.push(
                "No risk of the catalog names this control as a mitigation; it supports the others."
                    .into(),
            );
        }
    }
    if disagreeing > 0 {
        notes.push(format!(
            "For {disagreeing} control(s) the compendium's risk table and control table disagree on which risks a control mitigates; the risk table is used, and each affected control says so."
        ));
    }
    if !nonexistent.is_empty() {
        notes.push(format!(
            "Control rows cite risks that do not exist ({}); those references are dropped.",
            nonexistent.join("; ")
        ));
    }
    let unnamed: Vec<&str> = controls
        .list
        .iter()
        .filter(|c| c.risks.is_empty())
        .map(|c| c.id.as_str())
        .collect();
    if !unnamed.is_empty() {
        notes.push(format!(
            "No risk names {} as a mitigation.",
            unnamed.join(", ")
        ));
    }

    // Deployment models: the built-in names and descriptions for the compendium's six.
    let deployment_models: Vec<DeploymentModel> = risks
        .models
        .iter()
        .map(
            |(id, header)| match latest.deployment_models.iter().find(|d| d.id == *id) {
                Some(d) => d.clone(),
                None => DeploymentModel {
                    id: id.clone(),
                    name: header.clone(),
                    description: String::new(),
                },
            },
        )
        .collect();

    // The built-in corrections to deployment flags, for each risk published with the very
    // flags the correction starts from.
    let mut errata: Vec<Erratum> = Vec::new();
    for e in &latest.errata {
        let Some(risk) = risks.list.iter().find(|r| r.id == e.risk) else {
            continue;
        };
        let known = e
            .corrected
            .iter()
            .all(|d| deployment_models.iter().any(|m| m.id == *d));
        let mut published = risk.deployment.clone();
        published.sort();
        let mut expected = e.published.clone();
        expected.sort();
        if known && published == expected {
            let order = |d: &String| deployment_models.iter().position(|m| m.id == *d);
            let mut corrected = e.corrected.clone();
            corrected.sort_by_key(order);
            errata.push(Erratum {
                risk: e.risk.clone(),
                field: e.field.clone(),
                published: risk.deployment.clone(),
                corrected,
                reason: e.reason.clone(),
            });
        }
    }
    if !errata.is_empty() {
        notes.push(format!(
            "The built-in DASF {LATEST_VERSION} catalog's corrections to deployment-model flags apply to {} risk(s) here, whose published flags are those it corrects; the errata list each with its reason, and the catalog is also available as published. Risks published with other flags are left as published.",
            errata.len()
        ));
    }
    // Where the sheets' revision flags differ from the built-in catalog's for the same risk,
    // say so: the built-in follows the 1.0 risk list of the original product page.
    let differing: Vec<String> = risks
        .list
        .iter()
        .filter_map(|r| {
            let b = latest.risk(&r.id).filter(|b| b.name == r.name)?;
            (b.introduced != r.introduced).then(|| {
                format!(
                    "{} (sheets {}, built-in {})",
                    r.id, r.introduced, b.introduced
                )
            })
        })
        .collect();
    if !differing.is_empty() {
        notes.push(format!(
            "The sheets' revision flags are kept, and differ from the built-in DASF {LATEST_VERSION} catalog's for risk(s) {}: the built-in catalog follows the list of 1.0 risks of the original product page.",
            differing.join(", ")
        ));
    }
    if controls.list.iter().all(|c| c.kind == "Control") {
        notes.push("The sheets do not say which controls are product features; every control is listed as a control.".into());
    }

    // Crosswalks: the built-in catalog's names for the standards the sheets have.
    let mut names = risks.names;
    for ((key, id), spellings) in controls.names.drain() {
        let entry = names.entry((key, id)).or_default();
        for (name, n) in spellings {
            *entry.entry(name).or_default() += n;
        }
    }
    let used = |key: &str| {
        risks.list.iter().any(|r| r.crosswalk.contains_key(key))
            || controls.list.iter().any(|c| c.crosswalk.contains_key(key))
    };
    let crosswalks: Vec<Crosswalk> = STANDARDS
        .iter()
        .filter(|(key, _, _)| used(key))
        .map(|(key, _, _)| {
            let builtin = latest.crosswalks.iter().find(|c| c.id == *key);
            let mut entries: Vec<(String, String)> = names
                .iter()
                .filter(|((k, _), _)| k == key)
                .map(|((_, id), spellings)| {
                    // The most used spelling; ties go to the first in text order.
                    let mut best: Vec<(&String, &usize)> = spellings.iter().collect();
                    best.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                    (id.clone(), best[0].0.clone())
                })
                .collect();
            entries.sort();
            Crosswalk {
                id: key.to_string(),
                name: builtin
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| key.to_string()),
                threats: builtin.is_some_and(|c| c.threats),
                entries: entries.into(),
            }
        })
        .collect();
    if crosswalks.iter().any(|c| c.id == "owaspLlm") {
        notes.push("OWASP Top 10 for LLM ids are kept as written in the sheets (the 2.0 compendium uses the 2023/v1.1 numbering under a column labelled 2025).".into());
    }
    notes.push("HITRUST and ENISA columns are free text without ids and are not imported.".into());

    let latest_revision = risks
        .revisions
        .iter()
        .chain(&controls.revisions)
        .max_by(|a, b| revision_order(a, b))
        .cloned()
        .unwrap_or_else(|| "0.0".into());
    let version = match version {
        Some(v) => v.to_string(),
        None => format!("{latest_revision}{COMPENDIUM_VERSION_SUFFIX}"),
    };
    let mut stages = risks.stages;
    // A stage lists its components in id order (numbers as numbers).
    for stage in &mut stages {
        stage
            .components
            .sort_by_key(|c| c.parse::<u64>().unwrap_or(u64::MAX));
    }
    let mut components = risks.components;
    components.sort_by_key(|c| c.id.parse::<u64>().unwrap_or(u64::MAX));
    let catalog = Catalog {
        schema: CATALOG_SCHEMA.into(),
        schema_version: CATALOG_SCHEMA_VERSION,
        framework: latest.framework.clone(),
        version,
        provenance: Provenance {
            published: format!("DASF {latest_revision} (the latest revision in the sheets)"),
            source: format!("DASF compendium worksheets: {}", sources.join(", ")),
            compiled: format!("imported by ai-risk-map {}", env!("CARGO_PKG_VERSION")),
            notes,
        },
        stages,
        components,
        deployment_models,
        risks: risks.list,
        controls: controls.list,
        crosswalks,
        errata,
        errata_applied: false,
    };
    catalog.validate()?;
    Ok(catalog)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risk_numbers_in_cells() {
        let ids = |t: &str| -> Vec<String> {
            risk_numbers(t)
                .into_iter()
                .map(|(s, e)| t[s..e].to_string())
                .collect()
        };
        assert_eq!(ids("Raw Data 1.1"), ["1.1"]);
        assert_eq!(ids("Agents 13A.2"), ["13A.2"]);
        assert_eq!(
            ids("Raw data 1.1, Data Prep 2.1,Platform 12.7: Initial Access"),
            ["1.1", "2.1", "12.7"]
        );
        assert!(ids("DASF v 1.0.2").is_empty());
        assert_eq!(revision("DASF v 1.0").as_deref(), Some("1.0"));
        assert_eq!(revision("DASF 3").as_deref(), Some("3.0"));
        assert_eq!(revision_order("1.10", "1.9"), std::cmp::Ordering::Greater);
    }
}
