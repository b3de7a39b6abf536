//! An evaluated assessment as OSCAL 1.1: assessment results and a plan of action and
//! milestones (POA&M). The shared model, UUIDs and text rules are in [`super::oscal`].
//!
//! Assessment results: one `result` dated by the assessment's `assessedOn`, whose reviewed
//! controls are the controls that matter; an `observation` per control that matters and
//! has a status (its status, owner, note, and evidence as `relevant-evidence`, with an
//! `href` where the evidence names a web address); a `finding` per scored risk, targeting
//! the risk's part in the OSCAL catalog (`objective-id` `risk-9.1`), `satisfied` when the
//! risk is covered and `not-satisfied` otherwise, with its state, coverage, ratings and
//! priority as properties and the observations of its chosen controls related.
//!
//! POA&M: a `poam-item` per open control that matters, most urgent first (the rank of its
//! highest-ranked gap), related to an OSCAL `risk` that carries the status (`remediating`
//! when planned or partial, else `open`), the due date as `deadline` and a planned
//! remediation whose milestone is due on that date and assigned to the control's owner.
//!
//! UUIDs derive from the system's name, the assessment date, the catalog version and the
//! ids of what they name, so that the same document always gives the same output and a
//! finding keeps its UUID when the document is re-exported.

use serde::Serialize;

use super::oscal::{
    catalog_title, catalog_uuid, control_id, date_time, escape_markup, markup, one_line, risk_id,
    to_json, Link, Metadata, Party, Prop, ResponsibleParty, Role, Uuids, OSCAL_VERSION,
};
use crate::assess::{one_decimal, ControlResult, ControlStatus, Report, RiskState};
use crate::catalog::{Catalog, BUILTIN_VERSIONS};
use crate::error::{Error, Path, Result};

fn none<T>(list: &[T]) -> bool {
    list.is_empty()
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Observation {
    uuid: String,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "none")]
    props: Vec<Prop>,
    methods: [&'static str; 1],
    types: [&'static str; 1],
    #[serde(skip_serializing_if = "none")]
    relevant_evidence: Vec<Evidence>,
    collected: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Serialize)]
struct Evidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    href: Option<String>,
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Finding {
    uuid: String,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "none")]
    props: Vec<Prop>,
    target: Target,
    #[serde(skip_serializing_if = "none")]
    related_observations: Vec<Related>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Target {
    #[serde(rename = "type")]
    kind: &'static str,
    target_id: String,
    status: ObjectiveStatus,
}

#[derive(Serialize)]
struct ObjectiveStatus {
    state: &'static str,
    reason: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Related {
    observation_uuid: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct RelatedRisk {
    risk_uuid: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct BackMatter {
    resources: Vec<Resource>,
}

#[derive(Serialize)]
struct Resource {
    uuid: String,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "none")]
    props: Vec<Prop>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ArDocument {
    assessment_results: AssessmentResults,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct AssessmentResults {
    uuid: String,
    metadata: Metadata,
    import_ap: ImportAp,
    results: [OscalResult; 1],
    back_matter: BackMatter,
}

#[derive(Serialize)]
struct ImportAp {
    href: String,
    remarks: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct OscalResult {
    uuid: String,
    title: String,
    description: String,
    start: String,
    #[serde(skip_serializing_if = "none")]
    props: Vec<Prop>,
    reviewed_controls: ReviewedControls,
    #[serde(skip_serializing_if = "none")]
    observations: Vec<Observation>,
    #[serde(skip_serializing_if = "none")]
    findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ReviewedControls {
    control_selections: [ControlSelection; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ControlSelection {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "none")]
    include_controls: Vec<ControlById>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ControlById {
    control_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PoamDocument {
    plan_of_action_and_milestones: Poam,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Poam {
    uuid: String,
    metadata: Metadata,
    system_id: SystemId,
    #[serde(skip_serializing_if = "none")]
    observations: Vec<Observation>,
    risks: Vec<OscalRisk>,
    poam_items: Vec<PoamItem>,
    back_matter: BackMatter,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemId {
    identifier_type: &'static str,
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct OscalRisk {
    uuid: String,
    title: String,
    description: String,
    statement: String,
    #[serde(skip_serializing_if = "none")]
    props: Vec<Prop>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<String>,
    remediations: [Remediation; 1],
    #[serde(skip_serializing_if = "none")]
    related_observations: Vec<Related>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Remediation {
    uuid: String,
    lifecycle: &'static str,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "none")]
    tasks: Vec<Task>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Task {
    uuid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    timing: Option<Timing>,
    #[serde(skip_serializing_if = "none")]
    responsible_roles: Vec<ResponsibleRole>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Timing {
    on_date: OnDate,
}

#[derive(Serialize)]
struct OnDate {
    date: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ResponsibleRole {
    role_id: &'static str,
    party_uuids: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PoamItem {
    uuid: String,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "none")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "none")]
    related_observations: Vec<Related>,
    related_risks: [RelatedRisk; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

/// What every document of one assessment shares: the UUID maker, the ids that name the
/// assessment, its date, and its back-matter resources.
struct Context<'a> {
    uuids: Uuids,
    report: &'a Report<'a>,
    catalog: &'a Catalog,
    /// System name, assessment date, catalog version: the assessment's identity.
    subject: [&'a str; 3],
    /// The assessment's date as an OSCAL date-time.
    date: String,
    system: String,
}

impl<'a> Context<'a> {
    fn new(catalog: &'a Catalog, report: &'a Report, what: &str) -> Result<Context<'a>> {
        let assessed_on = report.summary.assessed_on.as_deref().unwrap_or("");
        let date = date_time(assessed_on).ok_or_else(|| Error::Shape {
            path: Path::keys(["assessedOn"]),
            message: format!(
                "{what} needs the date of the assessment: set `assessedOn` (YYYY-MM-DD) in the document"
            ),
        })?;
        Ok(Context {
            uuids: Uuids::new(),
            report,
            catalog,
            subject: [&report.use_case.name, assessed_on, report.dasf],
            date,
            system: one_line(&report.use_case.name).unwrap_or_else(|| "an AI system".into()),
        })
    }

    fn uuid(&self, kind: &str, ids: &[&str]) -> String {
        let all: Vec<&str> = self.subject.iter().chain(ids).copied().collect();
        self.uuids.of(kind, &all)
    }

    fn party(&self, name: &str) -> Party {
        Party {
            uuid: self.uuids.of("party", &[name.trim()]),
            kind: "organization",
            name: one_line(name).unwrap_or_default(),
        }
    }

    /// Metadata naming the assessor (role `assessor`) and any other parties.
    fn metadata(&self, title: String, others: Vec<(&'static str, &str)>) -> Metadata {
        let mut roles = Vec::new();
        let mut parties: Vec<Party> = Vec::new();
        let mut responsible: Vec<ResponsibleParty> = Vec::new();
        let assessor = self.report.summary.assessor.trim();
        let named = std::iter::once(("assessor", assessor))
            .chain(others)
            .filter(|(_, name)| one_line(name).is_some());
        for (role, name) in named {
            let party = self.party(name);
            match responsible.iter_mut().find(|r| r.role_id == role) {
                Some(r) if !r.party_uuids.contains(&party.uuid) => {
                    r.party_uuids.push(party.uuid.clone())
                }
                Some(_) => {}
                None => {
                    roles.push(Role {
                        id: role,
                        title: match role {
                            "assessor" => "Assessor",
                            _ => "Control owner",
                        },
                    });
                    responsible.push(ResponsibleParty {
                        role_id: role,
                        party_uuids: vec![party.uuid.clone()],
                    });
                }
            }
            if !parties.iter().any(|p| p.uuid == party.uuid) {
                parties.push(party);
            }
        }
        Metadata {
            title,
            last_modified: self.date.clone(),
            version: self.subject[1].to_string(),
            oscal_version: OSCAL_VERSION,
            props: Prop::ours("generator", &self.report.generator)
                .into_iter()
                .collect(),
            // The back matter's resources: the assessment document and the catalog.
            links: [self.document_resource(), self.catalog_resource()]
                .into_iter()
                .map(|uuid| Link {
                    href: format!("#{uuid}"),
                    rel: Some("reference".into()),
                    text: None,
                })
                .collect(),
            roles,
            parties,
            responsible_parties: responsible,
            ..Metadata::default()
        }
    }

    fn document_resource(&self) -> String {
        self.uuid("resource", &["assessment-document"])
    }

    fn catalog_resource(&self) -> String {
        self.uuid("resource", &["catalog"])
    }

    fn back_matter(&self) -> BackMatter {
        let edition = if self.report.as_published {
            " (as published)"
        } else {
            ""
        };
        BackMatter {
            resources: vec![
                Resource {
                    uuid: self.document_resource(),
                    title: markup(
                        &format!("Assessment document: {}", self.system),
                        "Assessment document",
                    ),
                    description: escape_markup(&format!(
                        "The ai-risk-map assessment document (schema ai-risk-map/assessment) these results were generated from: the scope, the decisions on risks and the control statuses of {}, assessed on {}.",
                        self.system, self.subject[1]
                    )),
                    props: Prop::ours("generator", &self.report.generator)
                        .into_iter()
                        .collect(),
                },
                Resource {
                    uuid: self.catalog_resource(),
                    title: catalog_title(self.catalog),
                    description: escape_markup(&format!(
                        "The catalog the findings target{edition}: each finding's target is the part of a risk in it (such as `{}`), each control id one of its controls. `ai-risk-map catalog{} --dasf {} --format oscal{}` writes it.",
                        self.catalog.risks.first().map(|r| risk_id(&r.id)).unwrap_or_default(),
                        if BUILTIN_VERSIONS.contains(&self.report.dasf) {
                            ""
                        } else {
                            " --catalog CATALOG.json"
                        },
                        self.report.dasf,
                        if self.report.as_published { " --as-published" } else { "" }
                    )),
                    props: Prop::ours("catalog-uuid", &catalog_uuid(&self.uuids, self.catalog))
                        .into_iter()
                        .collect(),
                },
            ],
        }
    }

    fn observation_uuid(&self, control: &str) -> String {
        self.uuid("observation", &[control])
    }

    /// The observation of a control's status, unless nobody has looked at it yet.
    fn observation(&self, c: &ControlResult) -> Option<Observation> {
        if c.status == ControlStatus::NotAssessed {
            return None;
        }
        let mut description = format!("{}.", c.status.label());
        if let Some(owner) = one_line(&c.owner) {
            description.push_str(&format!(" Owner: {owner}."));
        }
        if let Some(due) = &c.due {
            description.push_str(&format!(" Due: {due}."));
        }
        let props = [
            Prop::oscal("label", c.id),
            Prop::ours("control-status", c.status.as_str()),
            Prop::ours("control-id", &control_id(c.id)),
            Prop::ours("owner", &c.owner),
            c.due.as_deref().and_then(|d| Prop::ours("due", d)),
        ]
        .into_iter()
        .flatten()
        .collect();
        Some(Observation {
            uuid: self.observation_uuid(c.id),
            title: markup(&format!("{} {}: {}", c.id, c.name, c.status.label()), c.id),
            description: escape_markup(&description),
            props,
            methods: ["EXAMINE"],
            types: ["control-objective"],
            relevant_evidence: c
                .evidence
                .iter()
                .filter(|e| one_line(e).is_some())
                .map(|e| Evidence {
                    href: web_address(e),
                    description: escape_markup(e),
                })
                .collect(),
            collected: self.date.clone(),
            remarks: one_line(&c.note).map(|_| escape_markup(&c.note)),
        })
    }

    /// Observations of the controls that matter, by id, for relating findings to them.
    fn observations(&self) -> Vec<(String, Observation)> {
        self.report
            .controls
            .iter()
            .filter_map(|c| Some((c.id.to_string(), self.observation(c)?)))
            .collect()
    }
}

/// The first web address (`https://…` or `http://…`) in an evidence entry, without the
/// punctuation that ends a sentence.
fn web_address(text: &str) -> Option<String> {
    text.split_whitespace()
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .map(|w| w.trim_end_matches(['.', ',', ';', ')', ']', '>', '"', '\'']))
        .filter(|w| w.len() > "https://".len() && !w.contains(['<', '>', '"']))
        .map(str::to_string)
}

/// A 0..1 figure with at most two decimals: `0.46`, `0.5`, `1`.
fn fraction(value: f64) -> String {
    let text = format!("{value:.2}");
    match text.trim_end_matches('0').trim_end_matches('.') {
        "" => "0".to_string(),
        short => short.to_string(),
    }
}

/// `report` (an evaluation on `catalog`) as OSCAL assessment results, JSON text. Refused
/// when the assessment has no date (`assessedOn`), which OSCAL requires.
pub fn assessment_results(catalog: &Catalog, report: &Report) -> Result<String> {
    let cx = Context::new(catalog, report, "OSCAL assessment results")?;
    let observations = cx.observations();
    let observed = |id: &str| {
        observations
            .iter()
            .any(|(c, _)| c == id)
            .then(|| cx.observation_uuid(id))
    };
    let findings = report
        .risks
        .iter()
        .filter_map(|r| {
            let coverage = r.coverage?;
            let mut description = format!(
                "{}: {} covered",
                r.state.label(),
                super::percent(Some(coverage))
            );
            match (r.priority, r.likelihood, r.impact) {
                (Some(p), Some(l), Some(i)) => description.push_str(&format!(
                    "; priority {} of 25 (likelihood {l} \u{d7} impact {i} \u{d7} the share not covered)",
                    one_decimal(p)
                )),
                _ => description.push_str("; not rated"),
            }
            description.push('.');
            if r.no_chosen_control {
                description.push_str(
                    " Every mitigating control is excluded: nothing the team relies on is left.",
                );
            }
            let props = [
                Prop::oscal("label", r.id),
                Prop::ours("risk-state", r.state.as_str()),
                Prop::ours("coverage", &fraction(coverage)),
                r.likelihood
                    .and_then(|l| Prop::ours("likelihood", &l.to_string())),
                r.impact.and_then(|i| Prop::ours("impact", &i.to_string())),
                r.priority
                    .and_then(|p| Prop::ours("priority", &one_decimal(p))),
            ]
            .into_iter()
            .flatten()
            .collect();
            let mut remarks: Vec<String> = Vec::new();
            if one_line(&r.reason).is_some() {
                remarks.push(escape_markup(&r.reason));
            }
            for c in &r.controls {
                if let Some(reason) = &c.excluded {
                    remarks.push(escape_markup(&format!(
                        "{} is not relied on for this risk: {reason}",
                        c.id
                    )));
                }
            }
            let covered = r.state == RiskState::Covered;
            Some(Finding {
                uuid: cx.uuid("finding", &[r.id]),
                title: markup(&format!("{} {}: {}", r.id, r.name, r.state.label()), r.id),
                description: escape_markup(&description),
                props,
                target: Target {
                    kind: "objective-id",
                    target_id: risk_id(r.id),
                    status: ObjectiveStatus {
                        state: if covered {
                            "satisfied"
                        } else {
                            "not-satisfied"
                        },
                        reason: if covered { "pass" } else { "fail" },
                    },
                },
                related_observations: r
                    .controls
                    .iter()
                    .filter(|c| c.excluded.is_none())
                    .filter_map(|c| observed(c.id))
                    .map(|observation_uuid| Related { observation_uuid })
                    .collect(),
                remarks: (!remarks.is_empty()).then(|| remarks.join("\n\n")),
            })
        })
        .collect();

    let reviewed: Vec<ControlById> = report
        .controls
        .iter()
        .map(|c| ControlById {
            control_id: control_id(c.id),
        })
        .collect();
    let selection = ControlSelection {
        description: reviewed
            .is_empty()
            .then(|| "No control is chosen for a scored risk.".to_string()),
        include_controls: reviewed,
    };
    let mut props: Vec<Prop> = [
        Prop::ours(
            "overall-coverage",
            &report.overall.coverage.map(fraction).unwrap_or_default(),
        ),
        Prop::ours("residual-level", report.overall.level.as_str()),
        Prop::ours("scored-risks", &report.overall.scored.to_string()),
        Prop::ours(
            "assessed-controls",
            &format!(
                "{} of {}",
                report.summary.progress.assessed, report.summary.progress.total
            ),
        ),
        Prop::ours(
            "edition",
            if report.as_published {
                "as published"
            } else {
                "with errata"
            },
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    props.extend(
        report
            .deployment_models
            .iter()
            .filter_map(|d| Prop::ours("deployment-model", d)),
    );
    let warnings: Vec<String> = report.warnings.iter().map(|w| escape_markup(w)).collect();
    let description = {
        let d = escape_markup(&report.use_case.description);
        if d.is_empty() {
            escape_markup(&format!(
                "The {} {} assessment of {}.",
                report.framework, report.dasf, cx.system
            ))
        } else {
            d
        }
    };
    let document = ArDocument {
        assessment_results: AssessmentResults {
            uuid: cx.uuid("assessment-results", &[]),
            metadata: cx.metadata(
                markup(&format!("Assessment results: {}", cx.system), "Assessment results"),
                Vec::new(),
            ),
            import_ap: ImportAp {
                href: format!("#{}", cx.document_resource()),
                remarks: "There is no separate OSCAL assessment plan: the plan is the assessment document (its scope, deployment models and decisions), described in the back matter.".into(),
            },
            results: [OscalResult {
                uuid: cx.uuid("result", &[]),
                title: markup(
                    &format!("{} {} assessment of {}", report.framework, report.dasf, cx.system),
                    "Assessment",
                ),
                description,
                start: cx.date.clone(),
                props,
                reviewed_controls: ReviewedControls {
                    control_selections: [selection],
                },
                observations: observations.into_iter().map(|(_, o)| o).collect(),
                findings,
                remarks: (!warnings.is_empty()).then(|| warnings.join("\n\n")),
            }],
            back_matter: cx.back_matter(),
        },
    };
    Ok(to_json(&document))
}

/// `report` (an evaluation on `catalog`) as an OSCAL plan of action and milestones, JSON
/// text: one item per open control that matters. Refused when the assessment has no date,
/// or when no control is open (OSCAL requires at least one item).
pub fn poam(catalog: &Catalog, report: &Report) -> Result<String> {
    let cx = Context::new(catalog, report, "An OSCAL plan of action and milestones")?;
    // Open controls, most urgent first: in the order of their first gap (gaps are ranked).
    let mut order: Vec<&ControlResult> = Vec::new();
    for gap in &report.gaps {
        if order.iter().any(|c| c.id == gap.control) {
            continue;
        }
        if let Some(c) = report
            .controls
            .iter()
            .find(|c| c.id == gap.control && c.open)
        {
            order.push(c);
        }
    }
    if order.is_empty() {
        return Err(Error::Argument(
            "no control that matters is open, so a plan of action and milestones would have no item (OSCAL requires one)".into(),
        ));
    }
    let owners: Vec<(&'static str, &str)> = order
        .iter()
        .map(|c| ("control-owner", c.owner.as_str()))
        .collect();
    let metadata = cx.metadata(
        markup(
            &format!("Plan of action and milestones: {}", cx.system),
            "Plan of action and milestones",
        ),
        owners,
    );
    let mut observations = Vec::new();
    let mut risks = Vec::new();
    let mut items = Vec::new();
    for c in order {
        let gaps: Vec<_> = report.gaps.iter().filter(|g| g.control == c.id).collect();
        let priority = gaps
            .iter()
            .filter_map(|g| g.priority)
            .fold(None, |max: Option<f64>, p| {
                Some(max.map_or(p, |m| m.max(p)))
            });
        let listed: Vec<String> = gaps
            .iter()
            .map(|g| match g.priority {
                Some(p) => format!("{} {} (priority {})", g.risk, g.risk_name, one_decimal(p)),
                None => format!("{} {}", g.risk, g.risk_name),
            })
            .collect();
        let observation = cx.observation(c);
        let related: Vec<Related> = observation
            .as_ref()
            .map(|o| Related {
                observation_uuid: o.uuid.clone(),
            })
            .into_iter()
            .collect();
        let related_again = || {
            related
                .iter()
                .map(|r| Related {
                    observation_uuid: r.observation_uuid.clone(),
                })
                .collect::<Vec<_>>()
        };
        observations.extend(observation);
        let owner = one_line(&c.owner);
        let due = c.due.as_deref().and_then(date_time);
        let control = catalog.control(c.id);
        let name = format!("{} {}", c.id, c.name);
        let risk_uuid = cx.uuid("risk", &[c.id]);
        let mut tasks = Vec::new();
        if owner.is_some() || due.is_some() {
            tasks.push(Task {
                uuid: cx.uuid("task", &[c.id]),
                kind: "milestone",
                title: markup(&format!("{name} in place"), c.id),
                timing: due.clone().map(|date| Timing {
                    on_date: OnDate { date },
                }),
                responsible_roles: owner
                    .iter()
                    .map(|o| ResponsibleRole {
                        role_id: "control-owner",
                        party_uuids: vec![cx.party(o).uuid],
                    })
                    .collect(),
            });
        }
        let guidance = control.map(|k| k.implementation.as_str()).unwrap_or("");
        risks.push(OscalRisk {
            uuid: risk_uuid.clone(),
            title: markup(&format!("{name}: {}", c.status.label()), c.id),
            description: escape_markup(&format!(
                "{name} is {} and mitigates {} scored {} that {} not covered: {}.",
                c.status.label().to_lowercase(),
                gaps.len(),
                if gaps.len() == 1 { "risk" } else { "risks" },
                if gaps.len() == 1 { "is" } else { "are" },
                listed.join("; ")
            )),
            statement: escape_markup(&format!(
                "Until {} is in place, these risks keep less coverage than the assessment counts on.",
                c.id
            )),
            props: [
                Prop::oscal("label", c.id),
                Prop::ours("control-status", c.status.as_str()),
                Prop::ours("responsibility", c.responsibility.as_str()),
                priority.and_then(|p| Prop::ours("priority", &one_decimal(p))),
            ]
            .into_iter()
            .flatten()
            .collect(),
            status: match c.status {
                ControlStatus::Planned | ControlStatus::Partial => "remediating",
                _ => "open",
            },
            deadline: due.clone(),
            remediations: [Remediation {
                uuid: cx.uuid("remediation", &[c.id]),
                lifecycle: "planned",
                title: markup(&format!("Put {name} in place"), c.id),
                description: markup(guidance, &format!("Put {name} in place.")),
                tasks,
            }],
            related_observations: related_again(),
        });
        let mut description = format!("{}.", c.status.label());
        if let Some(o) = &owner {
            description.push_str(&format!(" Owner: {o}."));
        }
        if let Some(d) = &c.due {
            description.push_str(&format!(" Due: {d}."));
        }
        description.push_str(&format!(" Open for: {}.", listed.join("; ")));
        items.push(PoamItem {
            uuid: cx.uuid("poam-item", &[c.id]),
            title: markup(&name, c.id),
            description: escape_markup(&description),
            props: [
                Prop::oscal("label", c.id),
                Prop::ours("control-id", &control_id(c.id)),
                Prop::ours("control-status", c.status.as_str()),
                Prop::ours("owner", &c.owner),
                c.due.as_deref().and_then(|d| Prop::ours("due", d)),
                priority.and_then(|p| Prop::ours("priority", &one_decimal(p))),
            ]
            .into_iter()
            .flatten()
            .collect(),
            related_observations: related_again(),
            related_risks: [RelatedRisk { risk_uuid }],
            remarks: one_line(&c.note).map(|_| escape_markup(&c.note)),
        });
    }
    let document = PoamDocument {
        plan_of_action_and_milestones: Poam {
            uuid: cx.uuid("poam", &[]),
            metadata,
            system_id: SystemId {
                identifier_type: "https://ietf.org/rfc/rfc4122",
                id: cx.uuids.of("system", &[&report.use_case.name]),
            },
            observations,
            risks,
            poam_items: items,
            back_matter: cx.back_matter(),
        },
    };
    Ok(to_json(&document))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_are_found_in_evidence() {
        assert_eq!(
            web_address("SCIM job: https://wiki.example.com/iam/scim."),
            Some("https://wiki.example.com/iam/scim".into())
        );
        assert_eq!(web_address("ticket SEC-1042"), None);
        assert_eq!(web_address("javascript:alert(1)"), None);
        assert_eq!(web_address("https://"), None);
    }

    #[test]
    fn fractions_have_two_decimals_at_most() {
        assert_eq!(fraction(0.4583), "0.46");
        assert_eq!(fraction(0.5), "0.5");
        assert_eq!(fraction(1.0), "1");
        assert_eq!(fraction(0.0), "0");
    }
}
