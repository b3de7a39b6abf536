//! Evaluation: an [`Assessment`] on a [`Catalog`] becomes a [`Report`]. The scoring model
//! is deliberately simple so that a reader can check any figure by hand; it is written out
//! in [`SCORING_MODEL`], which every report carries.

use serde::Serialize;

use super::{Assessment, ControlStatus, UseCase};
use crate::catalog::{Catalog, CatalogIndex, Responsibility};
use crate::error::Result;
use crate::idmap::IdMap;

/// Schema name of reports.
pub const REPORT_SCHEMA: &str = "ai-risk-map/report";
/// The report schema version this build writes.
pub const REPORT_SCHEMA_VERSION: u32 = 2;

/// The scoring model, in words. Keep it in step with [`evaluate`] and the README.
pub const SCORING_MODEL: &str = "A risk applies when its component is in scope and it is flagged for at least one selected deployment model (every risk is, while none is selected); a risk that is not flagged applies too when the team brings it into scope. \
An applicable risk that the team set aside is listed but not scored. \
The controls chosen for a risk are its mitigating controls minus those the team excluded for it, with a reason; a risk with no chosen control left is flagged, and counts as uncovered. \
Each remaining risk has a coverage from 0 to 1: the mean weight of its chosen controls, where implemented counts 1, partial 0.5, planned, not implemented and not assessed 0, and not-applicable controls are left out (a risk whose chosen controls are all not applicable has coverage 0). \
A risk is covered at 1, partially covered above 0, and uncovered at 0; its residual risk is 1 minus its coverage. \
Component, stage and overall coverage are the mean coverage of their scored risks, each risk weighing the same. \
Residual level: low when coverage is at least 0.8, medium at least 0.5, high below. \
A risk rated for likelihood and impact (1 to 5 each) has a priority of likelihood \u{d7} impact \u{d7} (1 \u{2212} coverage), from 0 to 25. Risks rank by priority, highest first, then the unrated ones by residual risk, ties in catalog order; the report counts the unrated ones. \
A gap is a pair of a scored risk and one of its chosen controls that is neither implemented nor not applicable; gaps are listed in the rank of their risk. \
Assessment progress counts the controls chosen for at least one scored risk whose status is anything but not assessed, out of all of them. \
A control's gain is how much overall coverage would rise if it alone were implemented; the next controls are those with the highest gain.";

/// How an evaluation sees one risk.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskState {
    /// Every applicable control is implemented.
    Covered,
    /// Some mitigation is in place.
    Partial,
    /// No mitigation is in place.
    Uncovered,
    /// Applicable, but the team decided it is not pertinent.
    SetAside,
    /// Out of scope, or not a risk of the deployment models in use.
    NotApplicable,
}

/// Why a risk is, or is not, in the assessment's scope.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The catalog flags it for a selected deployment model (or none is selected).
    Flagged,
    /// Not flagged for the selected models, but the team brought it into scope.
    Included,
    /// Not flagged for the selected models: listed so the team can bring it in.
    NotFlagged,
    /// Its component is out of scope.
    ComponentOutOfScope,
}

/// A coarse band of residual risk, for colour and sorting; always shown with the figure.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing to score.
    None,
    Low,
    Medium,
    High,
}

impl RiskState {
    pub const ALL: [RiskState; 5] = [
        RiskState::Covered,
        RiskState::Partial,
        RiskState::Uncovered,
        RiskState::SetAside,
        RiskState::NotApplicable,
    ];

    /// The JSON spelling, such as `set_aside`.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskState::Covered => "covered",
            RiskState::Partial => "partial",
            RiskState::Uncovered => "uncovered",
            RiskState::SetAside => "set_aside",
            RiskState::NotApplicable => "not_applicable",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            RiskState::Covered => "Covered",
            RiskState::Partial => "Partly covered",
            RiskState::Uncovered => "Open",
            RiskState::SetAside => "Set aside",
            RiskState::NotApplicable => "Not applicable",
        }
    }
}

impl Level {
    pub const ALL: [Level; 4] = [Level::None, Level::Low, Level::Medium, Level::High];

    /// The JSON spelling, such as `medium`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    fn of(coverage: Option<f64>) -> Level {
        match coverage {
            None => Level::None,
            Some(c) if c >= 0.8 => Level::Low,
            Some(c) if c >= 0.5 => Level::Medium,
            Some(_) => Level::High,
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Level::None => "Not scored",
            Level::Low => "Low",
            Level::Medium => "Medium",
            Level::High => "High",
        }
    }
}

/// Coverage figures over a set of risks.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    /// Mean coverage of the scored risks, 0..1; null when no risk is scored.
    pub coverage: Option<f64>,
    /// 1 - coverage.
    pub residual: Option<f64>,
    pub level: Level,
    /// Applicable risks, set-aside ones included.
    pub applicable: usize,
    /// Applicable and pertinent risks: the ones the coverage is over.
    pub scored: usize,
    pub covered: usize,
    pub partial: usize,
    pub uncovered: usize,
    pub set_aside: usize,
}

/// A stage's figures.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageScore<'c> {
    pub id: &'c str,
    pub name: &'c str,
    #[serde(flatten)]
    pub score: Score,
}

/// A component's figures.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentScore<'c> {
    pub id: &'c str,
    pub name: &'c str,
    pub stage: &'c str,
    pub in_scope: bool,
    #[serde(flatten)]
    pub score: Score,
}

/// One risk's evaluation.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskResult<'c> {
    pub id: &'c str,
    pub name: &'c str,
    pub component: &'c str,
    pub state: RiskState,
    pub scope: Scope,
    /// 0..1 for scored risks; null otherwise.
    pub coverage: Option<f64>,
    /// Why the risk is set aside or not applicable; the team's remark otherwise.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// The team's ratings, 1..5, where given.
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    /// likelihood x impact x (1 - coverage), 0..25, for scored risks with both ratings.
    pub priority: Option<f64>,
    /// Scored with every mitigating control excluded: nothing the team relies on is left.
    pub no_chosen_control: bool,
    /// The risk's controls with their statuses, in catalog order, excluded ones included.
    pub controls: Vec<ControlRef<'c>>,
    /// The team has reviewed the threats behind it (step 4).
    pub threats_reviewed: bool,
    /// What the team concluded from those threats.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub threats_note: String,
}

/// A control of a risk, with its status.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlRef<'c> {
    pub id: &'c str,
    pub status: ControlStatus,
    /// Set when the team does not rely on this control for this risk: the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
}

impl ControlRef<'_> {
    /// The weight of a control the team relies on for this risk and that is not in place yet
    /// (neither implemented nor not applicable): such a pair is a gap, and what implementing
    /// the control would gain. `None` for every other control.
    fn open_weight(&self) -> Option<f64> {
        self.excluded
            .is_none()
            .then(|| self.status.weight())
            .flatten()
            .filter(|w| *w < 1.0)
    }
}

/// A control's place in the assessment.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlResult<'c> {
    pub id: &'c str,
    pub name: &'c str,
    pub status: ControlStatus,
    pub responsibility: Responsibility,
    /// The scored risks it is chosen for.
    pub risks: Vec<&'c str>,
    /// Whether it is a gap for at least one scored risk.
    pub open: bool,
    pub owner: String,
    pub note: String,
    pub evidence: Vec<String>,
    pub due: Option<String>,
}

/// A scored risk with a control that is not in place: one row of a remediation backlog.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap<'c> {
    pub risk: &'c str,
    pub risk_name: &'c str,
    pub component: &'c str,
    pub control: &'c str,
    pub control_name: &'c str,
    pub status: ControlStatus,
    pub responsibility: Responsibility,
    pub owner: String,
    pub note: String,
    pub evidence: Vec<String>,
    pub due: Option<String>,
    /// The risk's priority, where it is rated.
    pub priority: Option<f64>,
}

/// A control worth doing next, with what it would bring.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextControl<'c> {
    pub id: &'c str,
    pub name: &'c str,
    pub status: ControlStatus,
    /// Rise in overall coverage (0..1) if this control alone were implemented.
    pub gain: f64,
    /// The scored, not yet covered risks it mitigates.
    pub risks: Vec<&'c str>,
    pub owner: String,
    pub due: Option<String>,
}

/// How far the assessment has got: controls assessed out of the controls that matter (those
/// chosen for at least one scored risk).
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub assessed: usize,
    pub total: usize,
}

/// One of the riskiest open risks, with why it ranks where it does.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TopRisk<'c> {
    pub id: &'c str,
    pub name: &'c str,
    pub component: &'c str,
    pub state: RiskState,
    pub coverage: Option<f64>,
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    pub priority: Option<f64>,
    /// The figures behind the rank, in words.
    pub why: String,
}

/// An implemented control and what shows it is in place.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InPlace<'c> {
    pub id: &'c str,
    pub name: &'c str,
    pub owner: String,
    pub evidence: Vec<String>,
    pub note: String,
}

/// The first page of a report: who assessed what and when, how far it got, what is most at
/// risk, what to do next, and what is already in place.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary<'c> {
    pub assessed_on: Option<String>,
    pub assessor: String,
    pub progress: Progress,
    /// Scored risks without both ratings: they rank after the rated ones.
    pub unrated: usize,
    /// Up to five open risks, highest rank first.
    pub top_risks: Vec<TopRisk<'c>>,
    /// The first five next controls.
    pub top_actions: Vec<NextControl<'c>>,
    /// Up to eight implemented controls that matter (chosen for a scored risk): those chosen
    /// for the most scored risks first, catalog order among equals. The report's `controls`
    /// list every one.
    pub in_place: Vec<InPlace<'c>>,
    /// How many implemented controls matter in all (`in_place` may show fewer).
    pub in_place_total: usize,
    /// Scored risks whose threats the team has reviewed (step 4), out of all scored risks.
    pub threats_reviewed: Progress,
    /// Where the assessment stands, in words: progress, the risks by state, the ratings
    /// still missing and the open gaps. Every face shows this sentence as it is, and so the
    /// other sentences below: the engine words each fact once.
    pub standing: String,
    /// The applicable risks by state ("62 applicable risks: 50 scored (…), 12 set aside.").
    pub risks_line: String,
    /// The open gaps counted, or why they are not counted yet (before any control has a
    /// status, every pair would be a gap).
    pub gaps_line: String,
    /// How many scored risks had their threats reviewed (step 4).
    pub threats_line: String,
    /// When `in_place` shows only some of the controls in place, which ones; empty otherwise.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub in_place_line: String,
}

/// Open controls under one shared-responsibility category.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponsibilityShare<'c> {
    pub responsibility: Responsibility,
    pub label: &'static str,
    pub controls: Vec<&'c str>,
}

/// The result of evaluating an assessment. It borrows the ids, names and texts of its catalog
/// (`'c`) instead of copying them: they make most of its strings, and copying them made most
/// of the allocations, and of the time, of an evaluation. (Built-in and registered catalogs
/// live as long as the program, so a report of one is `Report<'static>`.)
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report<'c> {
    pub schema: &'static str,
    pub schema_version: u32,
    pub generator: String,
    pub use_case: UseCase,
    pub framework: &'c str,
    pub dasf: &'c str,
    /// The catalog used, in words: framework, version, and whether its errata applied.
    pub edition_line: String,
    pub catalog_source: &'c str,
    /// Known uncertainties of the catalog version.
    pub catalog_notes: &'c [String],
    pub deployment_models: Vec<String>,
    /// The catalog was used exactly as published, without its errata.
    pub as_published: bool,
    /// The catalog corrections this report used (none when as published).
    pub errata: Vec<ErratumInForce<'c>>,
    /// Which corrections this report uses, in words: none (as published, or the catalog has
    /// none), or how many.
    pub errata_line: String,
    pub scoring: &'static str,
    pub summary: Summary<'c>,
    pub overall: Score,
    pub stages: Vec<StageScore<'c>>,
    pub components: Vec<ComponentScore<'c>>,
    /// Every risk of the catalog, in catalog order.
    pub risks: Vec<RiskResult<'c>>,
    /// Controls chosen for at least one scored risk, in catalog order.
    pub controls: Vec<ControlResult<'c>>,
    /// In the rank of their risks (see [`SCORING_MODEL`]).
    pub gaps: Vec<Gap<'c>>,
    /// Up to ten controls, highest gain first.
    pub next_controls: Vec<NextControl<'c>>,
    /// Open controls by shared-responsibility category.
    pub responsibility: Vec<ResponsibilityShare<'c>>,
    /// Things the team should look at: set-aside risks without a reason, and the like.
    pub warnings: Vec<String>,
    /// After a move between catalog versions: what the move added that is still undecided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

/// The risks and controls a catalog move added that the team has not decided on yet.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    /// The catalog version the assessment was moved from.
    pub from: String,
    /// The move and what the undecided items count as meanwhile, in words.
    pub line: String,
    /// New risks with no recorded decision (they count as pertinent meanwhile).
    pub risks: Vec<String>,
    /// New controls with no recorded status (they count as not assessed meanwhile).
    pub controls: Vec<String>,
}

/// A catalog correction a report used: the erratum as the catalog gives it, and what it
/// changes in words, with the deployment models by name.
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErratumInForce<'c> {
    pub risk: &'c str,
    pub field: &'c str,
    pub published: &'c [String],
    pub corrected: &'c [String],
    pub reason: &'c str,
    /// Such as "also applies to Fine-tuned LLMs", "no longer applies to …", or both.
    pub change: String,
}

/// How many next controls a report lists.
const NEXT_CONTROLS: usize = 10;
/// How many top risks and top actions the summary lists.
const SUMMARY_ITEMS: usize = 5;
/// How many controls in place the summary lists, so that it stays one printed page.
const SUMMARY_IN_PLACE: usize = 8;

/// Evaluate `assessment` on `catalog`. Fails only when the assessment does not fit the
/// catalog (see [`Assessment::validate`]); the result is deterministic.
pub fn evaluate<'c>(catalog: &'c Catalog, assessment: &Assessment) -> Result<Report<'c>> {
    evaluate_in(&CatalogIndex::new(catalog), assessment)
}

/// [`evaluate`] on a catalog already indexed.
pub fn evaluate_in<'c>(index: &CatalogIndex<'c>, assessment: &Assessment) -> Result<Report<'c>> {
    assessment.validate_in(index)?;
    Ok(evaluate_valid(index, assessment, None))
}

/// The rows of the report of the same document, on the same catalog, before a batch of
/// edits of its entries: an evaluation takes over the rows that nothing the batch changed
/// can change, rather than work them out, copy the team's texts into them and compare them
/// again (a status edit changes the rows of the few risks that list the control, and of
/// their gaps). The rows it takes are left `None`; the others stay, to be compared with
/// the new ones.
pub(crate) struct Reuse<'c> {
    /// By risk position: whether the risk's row and gaps are worked out again (its entry
    /// was edited, or the entry of one of its controls).
    pub redo_risk: Vec<bool>,
    /// By control position: whether the control's row is worked out again (its entry was
    /// edited, or the entry of one of its risks).
    pub redo_control: Vec<bool>,
    /// The old risk rows, by risk position.
    pub risks: Vec<Option<RiskResult<'c>>>,
    /// The old control rows, by their old position, and that position by control position.
    pub controls: Vec<Option<ControlResult<'c>>>,
    pub control_at: Vec<Option<usize>>,
    /// The old gaps, by their old position, and by risk position the old positions of its
    /// gaps (they are consecutive).
    pub gaps: Vec<Option<Gap<'c>>>,
    pub gaps_of: Vec<std::ops::Range<usize>>,
}

/// [`evaluate_in`] of an assessment known to pass [`Assessment::validate_in`] on this index:
/// what a session does after an edit of its entries, each checked as it was made, taking
/// over what it can of the rows in `reuse`.
pub(crate) fn evaluate_valid<'c>(
    index: &CatalogIndex<'c>,
    assessment: &Assessment,
    mut reuse: Option<&mut Reuse<'c>>,
) -> Report<'c> {
    let catalog = index.catalog;
    // Every lookup by id goes through the catalog's index or a vector by catalog position,
    // so that evaluation stays linear in the size of the catalog and document.
    let component_of = |id: &str| index.components.get(id).expect("validated catalog");
    let in_scope: Vec<bool> = match &assessment.components {
        None => vec![true; catalog.components.len()],
        Some(list) => {
            let mut marks = vec![false; catalog.components.len()];
            for id in list {
                marks[component_of(id)] = true;
            }
            marks
        }
    };
    let model_index = &index.deployment_models;
    let mut models = vec![false; catalog.deployment_models.len()];
    for id in &assessment.deployment_models {
        models[model_index.get(id).expect("validated")] = true;
    }
    let any_model = !assessment.deployment_models.is_empty();

    // Statuses and decisions by catalog position, so large catalogs stay fast.
    let position = |id: &str| index.controls.get(id).expect("validated catalog");
    let mut states = vec![None; catalog.controls.len()];
    for (id, state) in &assessment.controls {
        states[position(id)] = Some(state);
    }
    let statuses: Vec<ControlStatus> = states
        .iter()
        .map(|s| s.map_or_else(ControlStatus::default, |s| s.status))
        .collect();
    let mut decisions = vec![None; catalog.risks.len()];
    for (id, decision) in &assessment.risks {
        decisions[index.risks.get(id).expect("validated")] = Some(decision);
    }

    let mut risks = Vec::with_capacity(catalog.risks.len());
    for (r, (risk, decision)) in catalog.risks.iter().zip(&decisions).enumerate() {
        let kept = reuse.as_deref_mut().filter(|u| !u.redo_risk[r]);
        if let Some(row) = kept.and_then(|u| u.risks[r].take()) {
            risks.push(row);
            continue;
        }
        let excluded = |c: &str| decision.and_then(|d| d.excluded_controls.get(c)).cloned();
        let controls: Vec<ControlRef> = risk
            .controls
            .iter()
            .zip(index.controls_of_risk(r))
            .map(|(c, &i)| ControlRef {
                id: c,
                status: statuses[i],
                excluded: excluded(c),
            })
            .collect();
        let remark = decision.map(|d| d.reason.clone()).unwrap_or_default();
        let applies_to_models = || {
            risk.deployment
                .iter()
                .any(|d| model_index.get(d).is_some_and(|i| models[i]))
        };
        let scope = if !in_scope[index.component_of_risk(r)] {
            Scope::ComponentOutOfScope
        } else if !any_model || applies_to_models() {
            Scope::Flagged
        } else if decision.is_some_and(|d| d.included()) {
            Scope::Included
        } else {
            Scope::NotFlagged
        };
        let mut no_chosen_control = false;
        let (state, coverage, reason) = match scope {
            Scope::ComponentOutOfScope => {
                let why = format!("Component {} is out of scope.", risk.component);
                (RiskState::NotApplicable, None, why)
            }
            Scope::NotFlagged => {
                let why = "Does not apply to the selected deployment models.".to_string();
                (RiskState::NotApplicable, None, why)
            }
            _ if decision.is_some_and(|d| d.set_aside()) => (RiskState::SetAside, None, remark),
            _ => {
                // Counted as they come, in the risk's order (the sum adds up as before).
                let (mut chosen, mut weighed, mut sum) = (0, 0, 0.0);
                for c in &controls {
                    if c.excluded.is_none() {
                        chosen += 1;
                        if let Some(w) = c.status.weight() {
                            weighed += 1;
                            sum += w;
                        }
                    }
                }
                let coverage = if chosen == 0 {
                    no_chosen_control = true;
                    0.0
                } else if weighed == 0 {
                    0.0
                } else {
                    sum / f64::from(weighed)
                };
                let state = if coverage >= 1.0 {
                    RiskState::Covered
                } else if coverage > 0.0 {
                    RiskState::Partial
                } else {
                    RiskState::Uncovered
                };
                (state, Some(coverage), remark)
            }
        };
        let likelihood = decision.and_then(|d| d.likelihood);
        let impact = decision.and_then(|d| d.impact);
        let priority = match (coverage, likelihood, impact) {
            (Some(c), Some(l), Some(i)) => Some(f64::from(l) * f64::from(i) * (1.0 - c)),
            _ => None,
        };
        risks.push(RiskResult {
            id: &risk.id,
            name: &risk.name,
            component: &risk.component,
            state,
            scope,
            coverage,
            reason,
            likelihood,
            impact,
            priority,
            no_chosen_control,
            controls,
            threats_reviewed: decision.is_some_and(|d| d.threats_reviewed),
            threats_note: decision.map(|d| d.threats_note.clone()).unwrap_or_default(),
        });
    }
    // What the team should look at, risk by risk, read from the rows (kept rows included).
    let mut warnings = Vec::new();
    for r in &risks {
        let chosen = || r.controls.iter().filter(|c| c.excluded.is_none());
        if r.state == RiskState::SetAside && r.reason.trim().is_empty() {
            warnings.push(format!("Risk {} is set aside without a reason.", r.id));
        } else if r.no_chosen_control {
            warnings.push(format!(
                "Every control of risk {} is excluded, so nothing the team relies on mitigates it: it counts as uncovered.",
                r.id
            ));
        } else if r.coverage.is_some() && chosen().all(|c| c.status.weight().is_none()) {
            warnings.push(format!(
                "Every control of risk {} is marked not applicable, so it counts as uncovered: set the risk aside instead if it does not concern this system.",
                r.id
            ));
        }
    }
    // Risk positions in rank order: rated by priority, then unrated by residual risk.
    let mut rank = Vec::with_capacity(risks.len());
    for (i, r) in risks.iter().enumerate() {
        if r.coverage.is_some() {
            rank.push(i);
        }
    }
    crate::order::sort_by(&mut rank, |&a, &b| {
        let (a, b) = (&risks[a], &risks[b]);
        match (a.priority, b.priority) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a
                .coverage
                .unwrap_or(0.0)
                .total_cmp(&b.coverage.unwrap_or(0.0)),
        }
    });

    // Overall, each component's and each stage's figures, added up risk by risk in catalog
    // order in one pass.
    // By component position, the stage that lists it: exactly one (see `Catalog::validate`).
    let mut stage_of = vec![0; catalog.components.len()];
    for (si, stage) in catalog.stages.iter().enumerate() {
        for c in &stage.components {
            stage_of[component_of(c)] = si;
        }
    }
    let mut overall = Tally::default();
    let mut by_component = vec![Tally::default(); catalog.components.len()];
    let mut by_stage = vec![Tally::default(); catalog.stages.len()];
    for (ri, r) in risks.iter().enumerate() {
        let ci = index.component_of_risk(ri);
        overall.add(r);
        by_component[ci].add(r);
        by_stage[stage_of[ci]].add(r);
    }
    let overall = overall.score();
    let components = catalog
        .components
        .iter()
        .zip(by_component)
        .zip(&in_scope)
        .map(|((c, tally), &in_scope)| ComponentScore {
            id: &c.id,
            name: &c.name,
            stage: &c.stage,
            in_scope,
            score: tally.score(),
        })
        .collect();
    let stages = catalog
        .stages
        .iter()
        .zip(by_stage)
        .map(|(s, tally)| StageScore {
            id: &s.id,
            name: &s.name,
            score: tally.score(),
        })
        .collect();

    let scored: Vec<&RiskResult> = risks.iter().filter(|r| r.coverage.is_some()).collect();
    // By control position: how many scored risks choose it, whether it leaves one open, and
    // the gain. Their lists are built only for the rows that show them (`choosing`): most
    // rows of an edit are taken over, and most open controls do not make the next ten.
    let mut mitigated = vec![0; catalog.controls.len()];
    let mut open = vec![false; catalog.controls.len()];
    let mut gain = vec![0.0; catalog.controls.len()];
    let mut gap_count = 0;
    for (r, risk) in risks.iter().enumerate() {
        if risk.coverage.is_none() {
            continue;
        }
        let counted = risk
            .controls
            .iter()
            .filter(|c| c.excluded.is_none() && c.status.weight().is_some())
            .count();
        let chosen = risk.controls.iter().zip(index.controls_of_risk(r));
        for (c, &i) in chosen.filter(|(c, _)| c.excluded.is_none()) {
            mitigated[i] += 1;
            // Implemented and not-applicable controls are no gap and bring no gain.
            if let Some(w) = c.open_weight() {
                open[i] = true;
                gain[i] += (1.0 - w) / counted as f64 / scored.len() as f64;
                gap_count += 1;
            }
        }
    }
    // The gaps, in the rank of their risk and, within a risk, in the risk's order: built in
    // that order rather than sorted after (moving gap rows about cost a tenth of the
    // evaluation).
    let mut gaps = Vec::with_capacity(gap_count);
    for &r in &rank {
        // A kept risk keeps its gaps: they depend on its row and on its controls' entries.
        if let Some(u) = reuse.as_deref_mut().filter(|u| !u.redo_risk[r]) {
            gaps.extend(u.gaps_of[r].clone().filter_map(|o| u.gaps[o].take()));
            continue;
        }
        let risk = &risks[r];
        let chosen = risk.controls.iter().zip(index.controls_of_risk(r));
        for (c, &i) in chosen {
            if c.open_weight().is_some() {
                let control = &catalog.controls[i];
                let state = states[i];
                gaps.push(Gap {
                    risk: risk.id,
                    risk_name: risk.name,
                    component: risk.component,
                    control: c.id,
                    control_name: &control.name,
                    status: c.status,
                    responsibility: control.responsibility,
                    owner: state.map(|s| s.owner.clone()).unwrap_or_default(),
                    note: state.map(|s| s.note.clone()).unwrap_or_default(),
                    evidence: state.map(|s| s.evidence.clone()).unwrap_or_default(),
                    due: state.and_then(|s| s.due.clone()),
                    priority: risk.priority,
                });
            }
        }
    }

    // The scored risks that choose control `c`, in catalog order; with `open_only`, only
    // those it leaves open.
    let choosing = |c: usize, open_only: bool| {
        let mut list = Vec::new();
        for &r in index.risks_of_control(c) {
            let risk = &risks[r];
            // A risk lists a control once (see `Catalog::validate`): one match at most.
            for (chosen, &i) in risk.controls.iter().zip(index.controls_of_risk(r)) {
                if i == c
                    && risk.coverage.is_some()
                    && chosen.excluded.is_none()
                    && (!open_only || chosen.open_weight().is_some())
                {
                    list.push(risk.id);
                }
            }
        }
        list
    };
    let mut controls = Vec::with_capacity(catalog.controls.len());
    let mut next = Vec::new();
    let mut in_place = Vec::new();
    let mut progress = Progress {
        assessed: 0,
        total: 0,
    };
    let mut shares: [Vec<&str>; 4] = Default::default();
    // Control `i`'s entry's texts, copied into each row that shows them.
    let owner = |i: usize| states[i].map(|s| s.owner.clone()).unwrap_or_default();
    let note = |i: usize| states[i].map(|s| s.note.clone()).unwrap_or_default();
    let evidence = |i: usize| states[i].map(|s| s.evidence.clone()).unwrap_or_default();
    let due = |i: usize| states[i].and_then(|s| s.due.clone());
    for (i, control) in catalog.controls.iter().enumerate() {
        if mitigated[i] == 0 {
            continue;
        }
        let is_open = open[i];
        progress.total += 1;
        if statuses[i] != ControlStatus::NotAssessed {
            progress.assessed += 1;
        }
        if statuses[i] == ControlStatus::Implemented {
            in_place.push((
                mitigated[i],
                InPlace {
                    id: &control.id,
                    name: &control.name,
                    owner: owner(i),
                    evidence: evidence(i),
                    note: note(i),
                },
            ));
        }
        if is_open {
            // Declaration order of `Responsibility` is the order of `Responsibility::ALL`.
            shares[control.responsibility as usize].push(&control.id);
            next.push(i);
        }
        // A kept control row: its entry, and the rows of its risks as far as they concern
        // it (scored or not, the control excluded or not), are as they were.
        let kept = reuse.as_deref_mut().filter(|u| !u.redo_control[i]);
        if let Some(row) = kept.and_then(|u| u.control_at[i].and_then(|o| u.controls[o].take())) {
            controls.push(row);
            continue;
        }
        controls.push(ControlResult {
            id: &control.id,
            name: &control.name,
            status: statuses[i],
            responsibility: control.responsibility,
            risks: choosing(i, false),
            open: is_open,
            owner: owner(i),
            note: note(i),
            evidence: evidence(i),
            due: due(i),
        });
    }
    // Stable sort: equal gains keep catalog order, so the list is deterministic. Only the
    // controls kept get their rows.
    crate::order::sort_by(&mut next, |&a, &b| gain[b].total_cmp(&gain[a]));
    next.truncate(NEXT_CONTROLS);
    let mut next_controls = Vec::with_capacity(next.len());
    for i in next {
        let control = &catalog.controls[i];
        next_controls.push(NextControl {
            id: &control.id,
            name: &control.name,
            status: statuses[i],
            gain: gain[i],
            risks: choosing(i, true),
            owner: owner(i),
            due: due(i),
        });
    }
    let next = next_controls;
    let top_risks = rank
        .iter()
        .map(|&i| &risks[i])
        .filter(|r| r.state != RiskState::Covered)
        .take(SUMMARY_ITEMS)
        .map(|r| TopRisk {
            id: r.id,
            name: r.name,
            component: r.component,
            state: r.state,
            coverage: r.coverage,
            likelihood: r.likelihood,
            impact: r.impact,
            priority: r.priority,
            why: why(r),
        })
        .collect();
    let in_place_total = in_place.len();
    // Stable: among controls chosen for as many risks, catalog order stays.
    crate::order::sort_by_key(&mut in_place, |(risks, _)| std::cmp::Reverse(*risks));
    in_place.truncate(SUMMARY_IN_PLACE);
    let unrated = scored.iter().filter(|r| r.priority.is_none()).count();
    let mut summary = Summary {
        assessed_on: assessment.assessed_on.clone(),
        assessor: assessment.assessor.clone(),
        progress,
        unrated,
        standing: String::new(),
        risks_line: String::new(),
        gaps_line: String::new(),
        threats_line: String::new(),
        in_place_line: String::new(),
        top_risks,
        top_actions: next[..next.len().min(SUMMARY_ITEMS)].to_vec(),
        in_place: in_place.into_iter().map(|(_, c)| c).collect(),
        in_place_total,
        threats_reviewed: Progress {
            assessed: scored.iter().filter(|r| r.threats_reviewed).count(),
            total: scored.len(),
        },
    };

    summary.write_lines(&overall, gaps.len());

    let review = assessment.catalog_migration.as_ref().and_then(|m| {
        let (risks, controls) = assessment.to_review();
        if risks.is_empty() && controls.is_empty() {
            return None;
        }
        warnings.push(format!(
            "Moved from DASF {} to DASF {}: {} and {} still to review.",
            m.from,
            catalog.version,
            crate::render::count(risks.len(), "new risk"),
            crate::render::count(controls.len(), "new control")
        ));
        Some(Review {
            from: m.from.clone(),
            line: format!(
                "Moved from DASF {} to DASF {} with every earlier decision kept. Until decided, each new risk below counts as pertinent and each new control as not assessed.",
                m.from, catalog.version
            ),
            risks: risks.into_iter().map(String::from).collect(),
            controls: controls.into_iter().map(String::from).collect(),
        })
    });
    Report {
        schema: REPORT_SCHEMA,
        schema_version: REPORT_SCHEMA_VERSION,
        generator: format!("ai-risk-map {}", env!("CARGO_PKG_VERSION")),
        use_case: assessment.use_case.clone(),
        framework: &catalog.framework,
        dasf: &catalog.version,
        edition_line: edition_line(catalog, assessment.as_published),
        catalog_source: &catalog.provenance.source,
        catalog_notes: &catalog.provenance.notes,
        deployment_models: assessment.deployment_models.clone(),
        as_published: assessment.as_published,
        errata: index
            .errata_in_force
            .get_or_init(|| errata_in_force(index))
            .clone(),
        errata_line: errata_line(catalog, assessment.as_published),
        scoring: SCORING_MODEL,
        summary,
        overall,
        stages,
        components,
        risks,
        controls,
        gaps,
        next_controls: next,
        responsibility: Responsibility::ALL
            .iter()
            .zip(shares)
            .filter(|(_, controls)| !controls.is_empty())
            .map(|(r, controls)| ResponsibilityShare {
                responsibility: *r,
                label: r.label(),
                controls,
            })
            .collect(),
        warnings,
        review,
    }
}

/// The report's [`Report::edition_line`]: framework, version, and the errata in force.
fn edition_line(catalog: &Catalog, as_published: bool) -> String {
    let errata = match catalog.errata_in_force().len() {
        _ if as_published => ", as published (no errata)".to_string(),
        0 => String::new(),
        n => format!(", with {} applied", crate::render::count(n, "erratum")),
    };
    format!("{} {}{errata}", catalog.framework, catalog.version)
}

/// The report's [`Report::errata_line`].
fn errata_line(catalog: &Catalog, as_published: bool) -> String {
    match catalog.errata_in_force().len() {
        _ if as_published => format!(
            "No errata applied; this report uses DASF {} exactly as published.",
            catalog.version
        ),
        0 => "The catalog has no errata.".to_string(),
        n => corrected_as_follows(n),
    }
}

/// The sentence before a list of `n` errata (a report's, or a catalog's own).
pub(crate) fn corrected_as_follows(n: usize) -> String {
    format!(
        "The catalog's source is corrected as follows ({}).",
        crate::render::count(n, "erratum")
    )
}

/// The errata in force, each with what it changes in words.
fn errata_in_force<'c>(index: &CatalogIndex<'c>) -> Vec<ErratumInForce<'c>> {
    let catalog = index.catalog;
    // A deployment model by name where the catalog has one.
    let name = |id: &'c String| {
        index
            .deployment_models
            .get(id)
            .map_or(id.as_str(), |i| &catalog.deployment_models[i].name)
    };
    let mut all = Vec::new();
    for e in catalog.errata_in_force() {
        // The models the correction adds, then those it takes away.
        let mut parts = Vec::new();
        for (from, without, words) in [
            (&e.corrected, &e.published, "also applies to "),
            (&e.published, &e.corrected, "no longer applies to "),
        ] {
            let names: Vec<&str> = from
                .iter()
                .filter(|m| !without.contains(m))
                .map(name)
                .collect();
            if !names.is_empty() {
                parts.push(format!("{words}{}", names.join(", ")));
            }
        }
        let change = if parts.is_empty() {
            "changes no deployment model".to_string()
        } else {
            parts.join("; ")
        };
        all.push(ErratumInForce {
            risk: &e.risk,
            field: &e.field,
            published: &e.published,
            corrected: &e.corrected,
            reason: &e.reason,
            change,
        });
    }
    all
}

impl Summary<'_> {
    /// The sentences every face shows as they are ([`Summary::standing`] and the others).
    fn write_lines(&mut self, overall: &Score, gaps: usize) {
        use crate::render::{count, percent};
        let Progress { assessed, total } = self.progress;
        let risks = format!(
            "{}: {} scored ({} covered, {} partly covered, {} open), {} set aside",
            count(overall.applicable, "applicable risk"),
            overall.scored,
            overall.covered,
            overall.partial,
            overall.uncovered,
            overall.set_aside,
        );
        self.gaps_line = if assessed > 0 {
            format!("{} (risk\u{2013}control pairs).", count(gaps, "open gap"))
        } else {
            "Open gaps are counted once the status of a control is recorded.".to_string()
        };
        self.standing = format!(
            "Assessed: {assessed} of {} ({}). {risks}; {} not rated for likelihood and impact. {}",
            count(total, "control"),
            percent((total > 0).then(|| assessed as f64 / total as f64)),
            count(self.unrated, "scored risk"),
            self.gaps_line,
        );
        self.risks_line = risks + ".";
        let threats = self.threats_reviewed;
        self.threats_line = format!(
            "Threats reviewed for {} of {}.",
            threats.assessed,
            count(threats.total, "pertinent risk")
        );
        if self.in_place_total > self.in_place.len() {
            self.in_place_line = format!(
                "{} of {}, those relied on for the most risks; every one is listed under All controls in place.",
                self.in_place.len(),
                count(self.in_place_total, "control")
            );
        }
    }
}

/// Why a risk ranks where it does, with the figures a reader can check.
fn why(r: &RiskResult) -> String {
    let coverage = crate::render::percent(r.coverage);
    let (mut chosen, mut open) = (0, 0);
    for c in r.controls.iter().filter(|c| c.excluded.is_none()) {
        chosen += 1;
        open += usize::from(c.open_weight().is_some());
    }
    let controls = if r.no_chosen_control {
        "every control is excluded".to_string()
    } else {
        format!(
            "{open} of {} not yet implemented",
            crate::render::count(chosen, "chosen control")
        )
    };
    match (r.likelihood, r.impact, r.priority) {
        (Some(l), Some(i), Some(p)) => format!(
            "Likelihood {l} \u{d7} impact {i} \u{d7} (1 \u{2212} {coverage} coverage) = priority {} of 25; {controls}.",
            one_decimal(p)
        ),
        _ => format!("Not rated yet; {coverage} coverage; {controls}."),
    }
}

/// A figure with one decimal, without float formatting (which would add tens of kilobytes
/// to the wasm).
pub fn one_decimal(value: f64) -> String {
    let tenths = (value * 10.0).round().max(0.0) as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A [`Score`] being added up, one risk at a time.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    applicable: usize,
    scored: usize,
    covered: usize,
    partial: usize,
    uncovered: usize,
    set_aside: usize,
    /// The sum of the scored risks' coverage.
    sum: f64,
}

impl Tally {
    fn add(&mut self, r: &RiskResult) {
        match r.state {
            RiskState::NotApplicable => return,
            RiskState::SetAside => self.set_aside += 1,
            RiskState::Covered => self.covered += 1,
            RiskState::Partial => self.partial += 1,
            RiskState::Uncovered => self.uncovered += 1,
        }
        self.applicable += 1;
        if let Some(c) = r.coverage {
            self.scored += 1;
            self.sum += c;
        }
    }

    fn score(self) -> Score {
        let coverage = (self.scored > 0).then(|| self.sum / self.scored as f64);
        Score {
            coverage,
            residual: coverage.map(|c| 1.0 - c),
            level: Level::of(coverage),
            applicable: self.applicable,
            scored: self.scored,
            covered: self.covered,
            partial: self.partial,
            uncovered: self.uncovered,
            set_aside: self.set_aside,
        }
    }
}

/// The words every face shows for the engine's codes (control statuses, risk states,
/// residual levels, responsibilities) and the plurals of the nouns it counts, so that the page, the reports and the widget agree:
/// kind -> code -> label, each in the engine's order.
pub fn labels() -> IdMap<IdMap<&'static str>> {
    fn of<T: Copy>(
        all: &[T],
        code: fn(T) -> &'static str,
        label: fn(T) -> &'static str,
    ) -> IdMap<&'static str> {
        let mut map = IdMap::new();
        for &item in all {
            map.insert(code(item).to_string(), label(item));
        }
        map
    }
    let mut labels = IdMap::new();
    labels.insert(
        "status".into(),
        of(
            &ControlStatus::ALL,
            ControlStatus::as_str,
            ControlStatus::label,
        ),
    );
    labels.insert(
        "state".into(),
        of(&RiskState::ALL, RiskState::as_str, RiskState::label),
    );
    labels.insert("level".into(), of(&Level::ALL, Level::as_str, Level::label));
    let mut plural = IdMap::new();
    for (one, many) in crate::render::NOUNS {
        plural.insert(one.to_string(), many);
    }
    labels.insert("plural".into(), plural);
    labels.insert(
        "responsibility".into(),
        of(
            &Responsibility::ALL,
            Responsibility::as_str,
            Responsibility::label,
        ),
    );
    labels.insert(
        "responsibilityHelp".into(),
        of(
            &Responsibility::ALL,
            Responsibility::as_str,
            Responsibility::explanation,
        ),
    );
    labels
}
