//! The threat picture of an assessment as a layer for the MITRE ATLAS Navigator (the ATT&CK
//! Navigator with the ATLAS matrix, domain `atlas-atlas`), in layer format 4.5.
//!
//! The techniques are the ATLAS techniques that the scored risks cite in the catalog's
//! `mitreAtlas` crosswalk (tactics and mitigations in that crosswalk are left out: the
//! Navigator scores techniques). Each technique's score is the mean coverage of those risks,
//! as a whole percentage: 0 when none of them has any mitigation in place, 100 when all are
//! covered. Its comment and metadata name the risks with their coverage; the legend and the
//! gradient say what the colours mean.
//!
//! Native only (the page does not offer it), like the OSCAL writers.

use serde::Serialize;

use crate::assess::{Report, RiskState};
use crate::catalog::Catalog;
use crate::idmap::IdIndex;
use crate::render::percent;

/// The layer format version written.
pub const LAYER_VERSION: &str = "4.5";
/// The Navigator version the layer names: the first that reads layer format 4.5 (later 4.x
/// and 5.x releases read it too).
pub const NAVIGATOR_VERSION: &str = "4.9.1";
/// The Navigator domain of the ATLAS matrix.
pub const DOMAIN: &str = "atlas-atlas";
/// The crosswalk whose entries are ATLAS ids.
pub const ATLAS_CROSSWALK: &str = "mitreAtlas";

/// Colours from no coverage to full coverage: orange, grey, purple (a diverging scale that
/// stays distinct for the common forms of colour blindness).
const COLORS: [&str; 3] = ["#e66101", "#f7f7f7", "#5e3c99"];

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Layer {
    name: String,
    versions: Versions,
    domain: &'static str,
    description: String,
    sorting: u8,
    layout: Layout,
    hide_disabled: bool,
    techniques: Vec<Technique>,
    gradient: Gradient,
    legend_items: Vec<LegendItem>,
    metadata: Vec<Metadata>,
}

#[derive(Serialize)]
struct Versions {
    layer: &'static str,
    navigator: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Layout {
    layout: &'static str,
    #[serde(rename = "showID")]
    show_id: bool,
    show_name: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Technique {
    #[serde(rename = "techniqueID")]
    technique_id: String,
    score: u32,
    comment: String,
    enabled: bool,
    metadata: Vec<Metadata>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Gradient {
    colors: [&'static str; 3],
    min_value: u32,
    max_value: u32,
}

#[derive(Serialize)]
struct LegendItem {
    label: String,
    color: &'static str,
}

#[derive(Serialize)]
struct Metadata {
    name: String,
    value: String,
}

/// Whether a crosswalk entry is an ATLAS technique or sub-technique (`AML.T0051`,
/// `AML.T0051.000`), not a tactic (`AML.TA0004`) or a mitigation (`AML.M0004`).
pub fn is_technique(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("AML.T") else {
        return false;
    };
    let (main, sub) = match rest.split_once('.') {
        Some((main, sub)) => (main, Some(sub)),
        None => (rest, None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    digits(main, 4) && sub.is_none_or(|s| digits(s, 3))
}

/// The layer for `report` (an evaluation of an assessment on `catalog`), as JSON text.
pub fn layer(catalog: &Catalog, report: &Report) -> String {
    let risk_index = IdIndex::new(catalog.risks.iter().map(|r| r.id.as_str()));
    // Technique id -> (risk id, name, coverage, state) of the scored risks citing it, in the
    // order of the techniques' ids (fixed width, so text order is numeric order).
    let mut cited: std::collections::BTreeMap<&str, Vec<(&str, &str, f64, RiskState)>> =
        Default::default();
    for result in &report.risks {
        let Some(coverage) = result.coverage else {
            continue;
        };
        let Some(risk) = risk_index.get(result.id).map(|i| &catalog.risks[i]) else {
            continue;
        };
        let ids = risk.crosswalk.get(ATLAS_CROSSWALK).map_or(&[][..], |v| v);
        for id in ids.iter().filter(|id| is_technique(id)) {
            let entry = cited.entry(id.as_str()).or_default();
            // A risk citing one technique twice counts once.
            if entry.last().map(|e| e.0) != Some(result.id) {
                entry.push((result.id, result.name, coverage, result.state));
            }
        }
    }
    let techniques = cited
        .into_iter()
        .map(|(id, risks)| {
            let mean = risks.iter().map(|r| r.2).sum::<f64>() / risks.len() as f64;
            let listed: Vec<String> = risks
                .iter()
                .map(|(rid, name, coverage, _)| {
                    format!("{rid} {name} ({} covered)", percent(Some(*coverage)))
                })
                .collect();
            let name = catalog
                .crosswalk_entry(ATLAS_CROSSWALK, id)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            Technique {
                technique_id: id.to_string(),
                score: (mean * 100.0).round().clamp(0.0, 100.0) as u32,
                comment: match risks.len() {
                    1 => format!("{id}{name} is cited by 1 scored risk: {}.", listed[0]),
                    n => format!(
                        "{id}{name} is cited by {n} scored risks, {} covered on average: {}.",
                        percent(Some(mean)),
                        listed.join("; ")
                    ),
                },
                enabled: true,
                metadata: risks
                    .iter()
                    .map(|(rid, name, coverage, state)| Metadata {
                        name: format!("Risk {rid} {name}"),
                        value: format!("{} ({})", percent(Some(*coverage)), state.label()),
                    })
                    .collect(),
            }
        })
        .collect::<Vec<_>>();

    let system = if report.use_case.name.trim().is_empty() {
        "an AI system".to_string()
    } else {
        report.use_case.name.trim().to_string()
    };
    let mut metadata = vec![
        Metadata {
            name: "System".into(),
            value: system.clone(),
        },
        Metadata {
            name: "Framework".into(),
            value: format!("{} {}", report.framework, report.dasf),
        },
    ];
    if let Some(date) = &report.summary.assessed_on {
        metadata.push(Metadata {
            name: "Assessed on".into(),
            value: date.clone(),
        });
    }
    if !report.summary.assessor.trim().is_empty() {
        metadata.push(Metadata {
            name: "Assessor".into(),
            value: report.summary.assessor.trim().to_string(),
        });
    }
    metadata.push(Metadata {
        name: "Overall coverage".into(),
        value: percent(report.overall.coverage),
    });
    metadata.push(Metadata {
        name: "Generator".into(),
        value: report.generator.clone(),
    });

    let layer = Layer {
        name: format!("DASF risk coverage: {system}"),
        versions: Versions {
            layer: LAYER_VERSION,
            navigator: NAVIGATOR_VERSION,
        },
        domain: DOMAIN,
        description: format!(
            "MITRE ATLAS techniques cited by the {} scored risks of the {} {} assessment of {system}; each scored by the mean coverage of those risks (0: no mitigation in place, 100: covered).",
            report.overall.scored, report.framework, report.dasf
        ),
        // Ascending by score: the least covered techniques first in each tactic.
        sorting: 2,
        layout: Layout {
            layout: "side",
            show_id: true,
            show_name: true,
        },
        hide_disabled: false,
        techniques,
        gradient: Gradient {
            colors: COLORS,
            min_value: 0,
            max_value: 100,
        },
        legend_items: vec![
            LegendItem {
                label: "0: cited risks open (no mitigation in place)".into(),
                color: COLORS[0],
            },
            LegendItem {
                label: "50: cited risks half covered".into(),
                color: COLORS[1],
            },
            LegendItem {
                label: "100: cited risks covered".into(),
                color: COLORS[2],
            },
        ],
        metadata,
    };
    let mut text = serde_json::to_string_pretty(&layer).expect("layer serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn techniques_are_told_from_tactics_and_mitigations() {
        assert!(is_technique("AML.T0051"));
        assert!(is_technique("AML.T0051.000"));
        assert!(!is_technique("AML.TA0004"));
        assert!(!is_technique("AML.M0004"));
        assert!(!is_technique("AML.T051"));
        assert!(!is_technique("AML.T0051.00"));
        assert!(!is_technique("T1486"));
    }
}
