//! The CoSAI risk map (the YAML of the CoSAI secure-ai-tooling repository, `risk-map/yaml`):
//! components grouped in categories, risks, controls, and optionally personas and frameworks.
//! Mapped onto the catalog as follows, and said so in the provenance:
//!
//! - stages are the component categories, components the components;
//! - each risk sits on the component its controls name most often (CoSAI ties risks to
//!   components only through controls), the first such component on a tie;
//! - the deployment models are the personas: a risk applies to the personas it names;
//! - a risk's controls are those it lists, then every control for `risks: all` (the
//!   assurance and governance controls CoSAI applies to every risk);
//! - crosswalks are the `mappings` (framework ids, version suffixes `@5.0.1` dropped).

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::{Yaml, YamlLoader};

use super::table::{utf8_text, InputFile};
use crate::catalog::{
    Catalog, Component, Control, Crosswalk, DeploymentModel, Novelty, Provenance, Responsibility,
    Risk, RiskKind, Stage, CATALOG_SCHEMA, CATALOG_SCHEMA_VERSION,
};
use crate::error::{Error, Result};
use crate::idmap::IdMap;
use crate::limits::excerpt;

/// The version key of an imported CoSAI risk map, unless `--version` names another.
pub const COSAI_VERSION: &str = "cosai";

/// Frameworks whose entries name threats (attack techniques, vulnerability classes).
const THREAT_FRAMEWORKS: [&str; 3] = ["mitre-atlas", "stride", "owasp-top10-llm"];

/// The most YAML events one file may have: far above the risk map's size, far below what
/// would stall the command.
const MAX_EVENTS: usize = 2_000_000;

struct Doc {
    name: String,
    root: Yaml,
}

fn err(doc: &Doc, at: &str, message: &str) -> Error {
    Error::Catalog(format!("{}, {at}: {message}", excerpt(&doc.name)))
}

/// Parse one YAML file, refusing aliases (a few nested aliases can expand into billions of
/// nodes) and syntax errors with their line and column.
fn parse(file: &InputFile) -> Result<Doc> {
    let text = utf8_text(file)?;
    let name = file.name.clone();
    let syntax = |e: yaml_rust2::ScanError| {
        Error::Catalog(format!(
            "{}, line {}, column {}: not valid YAML: {}",
            excerpt(&name),
            e.marker().line(),
            e.marker().col() + 1,
            e.info()
        ))
    };
    let mut parser = Parser::new_from_str(text);
    for n in 0.. {
        let (event, mark) = parser.next_token().map_err(syntax)?;
        match event {
            Event::StreamEnd => break,
            Event::Alias(_) => {
                return Err(Error::Catalog(format!(
                    "{}, line {}: YAML aliases (`*name`) are not accepted; write the value out",
                    excerpt(&name),
                    mark.line()
                )))
            }
            _ if n > MAX_EVENTS => {
                return Err(Error::Catalog(format!(
                    "{}: more than {MAX_EVENTS} YAML nodes; is it the risk map?",
                    excerpt(&name)
                )))
            }
            _ => {}
        }
    }
    let mut docs = YamlLoader::load_from_str(text).map_err(syntax)?;
    let root = if docs.is_empty() {
        Yaml::Null
    } else {
        docs.swap_remove(0)
    };
    Ok(Doc { name, root })
}

/// A string member, or an error naming where.
fn string(doc: &Doc, item: &Yaml, key: &str, at: &str) -> Result<String> {
    match &item[key] {
        Yaml::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Yaml::Integer(i) => Ok(i.to_string()),
        Yaml::Real(r) => Ok(r.clone()),
        Yaml::BadValue | Yaml::Null => Err(err(doc, at, &format!("`{key}` is missing"))),
        _ => Err(err(doc, at, &format!("`{key}` is not a string"))),
    }
}

/// A list of strings (`all` and `none` come back as the one word), empty when absent.
fn strings(doc: &Doc, item: &Yaml, key: &str, at: &str) -> Result<Vec<String>> {
    value_strings(doc, &item[key], key, at)
}

fn value_strings(doc: &Doc, value: &Yaml, key: &str, at: &str) -> Result<Vec<String>> {
    match value {
        Yaml::BadValue | Yaml::Null => Ok(Vec::new()),
        Yaml::String(s) => Ok(vec![s.trim().to_string()]),
        Yaml::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Yaml::String(s) => Ok(s.trim().to_string()),
                _ => Err(err(doc, &format!("{at}, {key}[{i}]"), "not a string")),
            })
            .collect(),
        _ => Err(err(doc, at, &format!("`{key}` is not a list"))),
    }
}

/// Prose as CoSAI writes it (a string, or a list of paragraphs and nested lists, with some
/// HTML links): plain text, paragraphs joined, tags dropped.
fn prose(value: &Yaml) -> String {
    fn collect(value: &Yaml, out: &mut Vec<String>) {
        match value {
            Yaml::String(s) => out.push(s.split_whitespace().collect::<Vec<_>>().join(" ")),
            Yaml::Array(list) => list.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut parts = Vec::new();
    collect(value, &mut parts);
    let text = parts.join("\n\n");
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The list under `key` at the top of a file, or an error naming the file.
fn list<'a>(doc: &'a Doc, key: &str) -> Result<&'a [Yaml]> {
    match &doc.root[key] {
        Yaml::Array(items) => Ok(items),
        _ => Err(err(doc, key, "expected a list")),
    }
}

/// Import the CoSAI risk map from its YAML files (`components.yaml`, `risks.yaml`,
/// `controls.yaml`, and optionally `personas.yaml` and `frameworks.yaml`), recognised by
/// their top-level key whatever their names.
pub fn import_cosai(files: &[InputFile], version: Option<&str>) -> Result<Catalog> {
    if let Some(key) = version {
        super::check_version_key(key)?;
    }
    let mut by_key: HashMap<&str, Doc> = HashMap::new();
    for file in files {
        let doc = parse(file)?;
        let Some(key) = ["components", "risks", "controls", "personas", "frameworks"]
            .into_iter()
            .find(|k| !doc.root[*k].is_badvalue())
        else {
            continue;
        };
        if let Some(other) = by_key.get(key) {
            return Err(Error::Catalog(format!(
                "two `{key}` files: {} and {}; give one",
                excerpt(&other.name),
                excerpt(&doc.name)
            )));
        }
        by_key.insert(key, doc);
    }
    let need = |key: &str| {
        by_key.get(key).ok_or_else(|| {
            Error::Catalog(format!(
                "no {key}.yaml among the files given (a file with a top-level `{key}:` list); give components.yaml, risks.yaml and controls.yaml, or the folder holding them"
            ))
        })
    };
    let (components_doc, risks_doc, controls_doc) =
        (need("components")?, need("risks")?, need("controls")?);

    // Stages: the component categories.
    let mut stages: Vec<Stage> = Vec::new();
    if let Yaml::Array(categories) = &components_doc.root["categories"] {
        for (i, c) in categories.iter().enumerate() {
            let at = format!("categories[{i}]");
            stages.push(Stage {
                id: string(components_doc, c, "id", &at)?,
                name: string(components_doc, c, "title", &at).unwrap_or_default(),
                description: prose(&c["description"]),
                components: Vec::new(),
            });
        }
    }
    let mut components: Vec<Component> = Vec::new();
    for (i, c) in list(components_doc, "components")?.iter().enumerate() {
        let at = format!("components[{i}]");
        let id = string(components_doc, c, "id", &at)?;
        let at = format!("{at} ({id})");
        if components.iter().any(|x| x.id == id) {
            return Err(err(components_doc, &at, "the id appears twice"));
        }
        let stage = string(components_doc, c, "category", &at)?;
        let Some(s) = stages.iter_mut().find(|s| s.id == stage) else {
            return Err(err(
                components_doc,
                &at,
                &format!(
                    "category `{}` is not among the file's categories",
                    excerpt(&stage)
                ),
            ));
        };
        s.components.push(id.clone());
        components.push(Component {
            name: string(components_doc, c, "title", &at)?,
            id,
            stage,
            description: prose(&c["description"]),
        });
    }
    stages.retain(|s| !s.components.is_empty());
    for s in &mut stages {
        if s.name.is_empty() {
            s.name = s.id.clone();
        }
    }

    // Personas, as deployment models: from personas.yaml when given, else as the risks name them.
    let mut models: Vec<DeploymentModel> = Vec::new();
    if let Some(doc) = by_key.get("personas") {
        for (i, p) in list(doc, "personas")?.iter().enumerate() {
            let at = format!("personas[{i}]");
            let id = string(doc, p, "id", &at)?;
            models.push(DeploymentModel {
                name: string(doc, p, "title", &at).unwrap_or_else(|_| id.clone()),
                id,
                description: prose(&p["description"]),
            });
        }
    }

    // Controls.
    let mut controls: Vec<Control> = Vec::new();
    let mut listed: Vec<Vec<String>> = Vec::new();
    let mut universal: Vec<String> = Vec::new();
    let mut control_components: Vec<Vec<String>> = Vec::new();
    let mut control_categories: HashMap<String, String> = HashMap::new();
    if let Yaml::Array(categories) = &controls_doc.root["categories"] {
        for c in categories {
            if let (Some(id), Some(title)) = (c["id"].as_str(), c["title"].as_str()) {
                control_categories.insert(id.to_string(), title.to_string());
            }
        }
    }
    let mut crosswalks: Vec<(String, Vec<String>)> = Vec::new();
    for (i, c) in list(controls_doc, "controls")?.iter().enumerate() {
        let at = format!("controls[{i}]");
        let id = string(controls_doc, c, "id", &at)?;
        let at = format!("{at} ({id})");
        if controls.iter().any(|x| x.id == id) {
            return Err(err(controls_doc, &at, "the id appears twice"));
        }
        let risks = strings(controls_doc, c, "risks", &at)?;
        if risks == ["all"] {
            universal.push(id.clone());
        }
        let comps = strings(controls_doc, c, "components", &at)?;
        for comp in &comps {
            if !["all", "none"].contains(&comp.as_str())
                && !components.iter().any(|x| x.id == *comp)
            {
                return Err(err(
                    controls_doc,
                    &at,
                    &format!(
                        "`components` names `{}`, which components.yaml does not have",
                        excerpt(comp)
                    ),
                ));
            }
        }
        let category = string(controls_doc, c, "category", &at).unwrap_or_default();
        let personas = strings(controls_doc, c, "personas", &at)?;
        let operator = personas
            .iter()
            .map(|p| {
                models
                    .iter()
                    .find(|m| m.id == *p)
                    .map_or(p.clone(), |m| m.name.clone())
            })
            .collect::<Vec<_>>()
            .join(", ");
        controls.push(Control {
            name: string(controls_doc, c, "title", &at)?,
            introduced: String::new(),
            control_type: control_categories
                .get(&category)
                .cloned()
                .unwrap_or(category),
            kind: "Control".into(),
            responsibility: Responsibility::Implementation,
            operator,
            novelty: Novelty::Novel,
            risks: Vec::new(),
            crosswalk: mappings(controls_doc, c, &at, &mut crosswalks)?,
            description: prose(&c["description"]),
            implementation: String::new(),
            notes: Vec::new(),
            id,
        });
        listed.push(
            risks
                .into_iter()
                .filter(|r| r != "all" && r != "none")
                .collect(),
        );
        control_components.push(
            comps
                .into_iter()
                .filter(|c| c != "all" && c != "none")
                .collect(),
        );
    }

    // Risks.
    let component_order: HashMap<&str, usize> = components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut risks: Vec<Risk> = Vec::new();
    let mut unplaced: Vec<String> = Vec::new();
    for (i, r) in list(risks_doc, "risks")?.iter().enumerate() {
        let at = format!("risks[{i}]");
        let id = string(risks_doc, r, "id", &at)?;
        let at = format!("{at} ({id})");
        if risks.iter().any(|x| x.id == id) {
            return Err(err(risks_doc, &at, "the id appears twice"));
        }
        let mut own = strings(risks_doc, r, "controls", &at)?;
        own.dedup();
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for c in &own {
            let Some(ci) = controls.iter().position(|x| x.id == *c) else {
                return Err(err(
                    risks_doc,
                    &at,
                    &format!(
                        "`controls` names `{}`, which controls.yaml does not have",
                        excerpt(c)
                    ),
                ));
            };
            for comp in &control_components[ci] {
                *votes.entry(component_order[comp.as_str()]).or_default() += 1;
            }
        }
        let mut all = own.clone();
        for u in &universal {
            if !all.contains(u) {
                all.push(u.clone());
            }
        }
        if all.is_empty() {
            return Err(err(risks_doc, &at, "no control mitigates it (its `controls` list is empty and no control applies to all risks)"));
        }
        let component = votes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(ci, _)| components[*ci].id.clone());
        let component = match component {
            Some(c) => c,
            None => {
                unplaced.push(id.clone());
                String::new()
            }
        };
        let personas = strings(risks_doc, r, "personas", &at)?;
        for p in &personas {
            if !models.iter().any(|m| m.id == *p) {
                models.push(DeploymentModel {
                    id: p.clone(),
                    name: p.clone(),
                    description: String::new(),
                });
            }
        }
        let mut notes = Vec::new();
        if let Ok(category) = string(risks_doc, r, "category", &at) {
            notes.push(format!("CoSAI risk category: {category}."));
        }
        risks.push(Risk {
            name: string(risks_doc, r, "title", &at)?,
            other_version_name: None,
            stage: String::new(),
            kind: RiskKind::Ai,
            introduced: String::new(),
            deployment: personas,
            controls: all,
            crosswalk: mappings(risks_doc, r, &at, &mut crosswalks)?,
            description: prose(&r["shortDescription"]),
            notes,
            component,
            id,
        });
    }
    // Risks whose controls name no component (only universal controls): a component of their
    // own, so that they are still drawn and scored.
    let mut notes: Vec<String> = vec![
        "Imported from the CoSAI risk map YAML by `ai-risk-map import-cosai`.".into(),
        "Stages are CoSAI's component categories. CoSAI ties risks to components only through their controls: each risk is drawn on the component its controls name most often.".into(),
        "Deployment models are CoSAI's personas: a risk applies to the personas it names.".into(),
        "Controls that CoSAI applies to all risks (assurance and governance) are listed as mitigations of every risk.".into(),
        "CoSAI does not say who carries a control, whether it is new with AI, or whether a risk is AI-specific: every control is listed as the team's to implement and new with AI, and every risk as AI-specific.".into(),
    ];
    if !unplaced.is_empty() {
        let stage = "cosaiCrossCutting".to_string();
        let comp = "cosaiCrossCutting".to_string();
        stages.push(Stage {
            id: stage.clone(),
            name: "Cross-cutting".into(),
            description: String::new(),
            components: vec![comp.clone()],
        });
        components.push(Component {
            id: comp.clone(),
            name: "Across the system".into(),
            stage,
            description: String::new(),
        });
        for r in risks.iter_mut().filter(|r| r.component.is_empty()) {
            r.component = comp.clone();
        }
        notes.push(format!("Risks whose controls name no component ({}) are drawn on a component of their own, `Across the system`.", unplaced.join(", ")));
    }
    let stage_of: HashMap<String, String> = components
        .iter()
        .map(|c| (c.id.clone(), c.stage.clone()))
        .collect();
    for r in &mut risks {
        r.stage = stage_of[&r.component].clone();
    }
    // The risk lists are primary; a control's own list is compared with them.
    let mut disagreeing = 0;
    for (control, listed) in controls.iter_mut().zip(&listed) {
        control.risks = risks
            .iter()
            .filter(|r| r.controls.contains(&control.id))
            .map(|r| r.id.clone())
            .collect();
        let extra: Vec<&str> = listed
            .iter()
            .filter(|r| !control.risks.contains(r))
            .map(String::as_str)
            .collect();
        if !extra.is_empty() {
            disagreeing += 1;
            control.notes.push(format!(
                "controls.yaml also lists {} for this control, but those risks do not name it; the risks' own lists are used here.",
                extra.join(", ")
            ));
        }
        if control.risks.is_empty() {
            control
                .notes
                .push("No risk names this control as a mitigation.".into());
        }
    }
    if disagreeing > 0 {
        notes.push(format!("For {disagreeing} control(s) controls.yaml lists risks that do not name the control; the risks' lists are used, and each such control says so."));
    }
    // Deployment models no risk names are left out: they would filter nothing.
    models.retain(|m| risks.iter().any(|r| r.deployment.contains(&m.id)));

    let names: HashMap<String, String> = by_key
        .get("frameworks")
        .and_then(|doc| doc.root["frameworks"].as_vec())
        .map(|list| {
            list.iter()
                .filter_map(|f| {
                    Some((
                        f["id"].as_str()?.to_string(),
                        f["name"].as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let crosswalks = crosswalks
        .into_iter()
        .map(|(framework, _)| Crosswalk {
            id: crosswalk_key(&framework),
            name: names.get(&framework).cloned().unwrap_or(framework.clone()),
            threats: THREAT_FRAMEWORKS.contains(&framework.as_str()),
            // The YAML gives ids only; their names are the frameworks' own.
            entries: IdMap::new(),
        })
        .collect();
    let version = version.unwrap_or(COSAI_VERSION).to_string();
    for r in &mut risks {
        r.introduced = version.clone();
    }
    for c in &mut controls {
        c.introduced = version.clone();
    }
    let sources: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let catalog = Catalog {
        schema: CATALOG_SCHEMA.into(),
        schema_version: CATALOG_SCHEMA_VERSION,
        framework: "CoSAI Risk Map".into(),
        version,
        provenance: Provenance {
            published: "not stated in the YAML".into(),
            source: format!("CoSAI risk map YAML: {}", sources.join(", ")),
            compiled: format!("imported by ai-risk-map {}", env!("CARGO_PKG_VERSION")),
            notes,
        },
        stages,
        components,
        deployment_models: models,
        risks,
        controls,
        crosswalks,
        errata: Vec::new(),
        errata_applied: false,
    };
    catalog.validate()?;
    Ok(catalog)
}

/// `mitre-atlas` -> `mitreAtlas`.
fn crosswalk_key(framework: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in framework.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

/// An item's `mappings` (framework -> entry ids, `@version` dropped), recording each
/// framework's entries in `all` in order of first use.
fn mappings(
    doc: &Doc,
    item: &Yaml,
    at: &str,
    all: &mut Vec<(String, Vec<String>)>,
) -> Result<IdMap<Vec<String>>> {
    let mut out = IdMap::new();
    let Yaml::Hash(map) = &item["mappings"] else {
        return Ok(out);
    };
    for (framework, ids) in map {
        let Some(framework) = framework.as_str() else {
            return Err(err(doc, at, "a `mappings` key is not a string"));
        };
        let mut list = Vec::new();
        for id in value_strings(doc, ids, framework, &format!("{at}, mappings"))? {
            let id = id.split('@').next().unwrap_or("").trim().to_string();
            if !id.is_empty() && !list.contains(&id) {
                list.push(id);
            }
        }
        if list.is_empty() {
            continue;
        }
        match all.iter_mut().find(|(f, _)| f == framework) {
            Some((_, seen)) => {
                for id in &list {
                    if !seen.contains(id) {
                        seen.push(id.clone());
                    }
                }
            }
            None => all.push((framework.to_string(), list.clone())),
        }
        out.insert(crosswalk_key(framework), list);
    }
    Ok(out)
}
