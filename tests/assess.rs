//! The scoring model, checked on cases small enough to work out by hand.

use ai_risk_map::assess::{
    evaluate, Assessment, ControlState, ControlStatus, Level, RiskDecision, RiskState,
};
use ai_risk_map::catalog::{builtin, builtin_edition, Catalog};

fn with(controls: &[(&str, ControlStatus)]) -> Assessment {
    let mut a = Assessment::new("2.0");
    for (id, status) in controls {
        a.controls.insert(
            id.to_string(),
            ControlState {
                status: *status,
                ..Default::default()
            },
        );
    }
    a
}

/// An assessment of the catalog with every control implemented.
fn every_control_implemented(cat: &Catalog) -> Assessment {
    let all: Vec<(&str, ControlStatus)> = cat
        .controls
        .iter()
        .map(|c| (c.id.as_str(), ControlStatus::Implemented))
        .collect();
    with(&all)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn a_blank_assessment_has_every_pair_open() {
    let cat = builtin("2.0").unwrap();
    let report = evaluate(cat, &Assessment::new("2.0")).unwrap();
    assert_eq!(report.overall.applicable, 62);
    assert_eq!(report.overall.scored, 62);
    assert_eq!(report.overall.uncovered, 62);
    assert_eq!(report.overall.coverage, Some(0.0));
    assert_eq!(report.overall.level, Level::High);
    assert_eq!(report.gaps.len(), 362);
    assert_eq!(report.next_controls.len(), 10);
    let open: usize = report.responsibility.iter().map(|r| r.controls.len()).sum();
    assert_eq!(open, report.controls.iter().filter(|c| c.open).count());
    assert_eq!(open, 63, "every control but DASF 61, which no risk names");
}

#[test]
fn everything_implemented_covers_everything() {
    let cat = builtin("2.0").unwrap();
    let report = evaluate(cat, &every_control_implemented(cat)).unwrap();
    assert_eq!(report.overall.coverage, Some(1.0));
    assert_eq!(report.overall.covered, 62);
    assert_eq!(report.overall.level, Level::Low);
    assert!(
        report.gaps.is_empty()
            && report.next_controls.is_empty()
            && report.responsibility.is_empty()
    );
}

/// The summary is one printed page: at most eight controls in place, those relied on for the
/// most risks first, and how many there are in all (the report's controls list each one).
#[test]
fn the_summary_names_the_controls_in_place_that_cover_most() {
    let cat = builtin("2.0").unwrap();
    let report = evaluate(cat, &every_control_implemented(cat)).unwrap();
    let s = &report.summary;
    assert_eq!(s.in_place.len(), 8);
    assert_eq!(
        s.in_place_total, 63,
        "every control but DASF 61, which no risk names"
    );
    let risks_of = |id: &str| {
        report
            .controls
            .iter()
            .find(|c| c.id == id)
            .map_or(0, |c| c.risks.len())
    };
    let shown: Vec<usize> = s.in_place.iter().map(|c| risks_of(c.id)).collect();
    assert!(shown.windows(2).all(|w| w[0] >= w[1]), "{shown:?}");
    let most = report.controls.iter().map(|c| c.risks.len()).max().unwrap();
    assert_eq!(shown[0], most);
    let left_out = report
        .controls
        .iter()
        .filter(|c| !s.in_place.iter().any(|p| p.id == c.id))
        .map(|c| c.risks.len())
        .max()
        .unwrap();
    assert!(
        left_out <= shown[7],
        "none left out covers more than one shown"
    );
}

#[test]
fn platform_component_worked_by_hand() {
    // Component 12: 12.1 (DASF 38, 63), 12.2 (39), 12.3 (39), 12.4 (40), 12.5 (41),
    // 12.6 (50), 12.7 (DASF 1, 2, 3, 4, 5, 31, 55).
    let cat = builtin("2.0").unwrap();
    let mut a = with(&[
        ("DASF 39", ControlStatus::Implemented),
        ("DASF 40", ControlStatus::Partial),
        ("DASF 63", ControlStatus::Implemented),
        ("DASF 41", ControlStatus::Planned),
    ]);
    a.components = Some(vec!["12".into()]);
    let report = evaluate(cat, &a).unwrap();
    let cov = |id: &str| report.risks.iter().find(|r| r.id == id).unwrap().coverage;
    assert_eq!(cov("12.1"), Some(0.5));
    assert_eq!(cov("12.2"), Some(1.0));
    assert_eq!(cov("12.4"), Some(0.5));
    assert_eq!(cov("12.5"), Some(0.0));
    assert_eq!(cov("1.1"), None, "out of scope");
    let overall = report.overall.coverage.unwrap();
    assert!(close(overall, 3.0 / 7.0), "{overall}");
    assert_eq!(report.overall.scored, 7);
    assert_eq!(
        (
            report.overall.covered,
            report.overall.partial,
            report.overall.uncovered
        ),
        (2, 2, 3)
    );
    assert_eq!(report.overall.level, Level::High);
    let platform = report.stages.iter().find(|s| s.id == "4").unwrap();
    assert!(close(platform.score.coverage.unwrap(), 3.0 / 7.0));
    assert_eq!(
        report.stages[0].score.coverage, None,
        "data stage is out of scope"
    );
    assert!(!report.components[0].in_scope);

    // Gains: implementing DASF 41 or DASF 50 lifts one whole risk (1/7); ties keep catalog order.
    let next: Vec<(&str, f64)> = report
        .next_controls
        .iter()
        .map(|n| (n.id, n.gain))
        .collect();
    assert_eq!(next[0].0, "DASF 41");
    assert_eq!(next[1].0, "DASF 50");
    assert!(close(next[0].1, 1.0 / 7.0));
    assert_eq!(next[0].1, next[1].1);
    let dasf4 = report
        .next_controls
        .iter()
        .find(|n| n.id == "DASF 4")
        .unwrap();
    assert!(
        close(dasf4.gain, 1.0 / 7.0 / 7.0),
        "one of 12.7's seven controls"
    );
    assert!(report
        .gaps
        .iter()
        .any(|g| g.risk == "12.5" && g.control == "DASF 41" && g.status == ControlStatus::Planned));
    assert!(!report.gaps.iter().any(|g| g.control == "DASF 39"));
}

#[test]
fn not_applicable_controls_leave_the_calculation() {
    let cat = builtin("2.0").unwrap();
    let mut a = with(&[
        ("DASF 38", ControlStatus::NotApplicable),
        ("DASF 63", ControlStatus::Implemented),
    ]);
    a.components = Some(vec!["12".into()]);
    let report = evaluate(cat, &a).unwrap();
    let r121 = report.risks.iter().find(|r| r.id == "12.1").unwrap();
    assert_eq!((r121.state, r121.coverage), (RiskState::Covered, Some(1.0)));
    assert!(report.warnings.is_empty());
    assert!(
        !report.gaps.iter().any(|g| g.risk == "12.1"),
        "not-applicable controls are no gap"
    );

    // A risk whose only control is not applicable counts as uncovered, with a warning.
    a.controls.insert(
        "DASF 40".into(),
        ControlState {
            status: ControlStatus::NotApplicable,
            ..Default::default()
        },
    );
    let report = evaluate(cat, &a).unwrap();
    let r124 = report.risks.iter().find(|r| r.id == "12.4").unwrap();
    assert_eq!(
        (r124.state, r124.coverage),
        (RiskState::Uncovered, Some(0.0))
    );
    assert!(report.warnings.iter().any(|w| w.contains("12.4")));
    assert!(!report.gaps.iter().any(|g| g.risk == "12.4"));
}

#[test]
fn set_aside_risks_are_listed_not_scored() {
    let cat = builtin("2.0").unwrap();
    let mut a = Assessment::new("2.0");
    a.risks.insert(
        "9.1".into(),
        RiskDecision {
            pertinent: Some(false),
            reason: "no free-text input".into(),
            ..Default::default()
        },
    );
    a.risks.insert(
        "9.2".into(),
        RiskDecision {
            pertinent: Some(false),
            reason: " ".into(),
            ..Default::default()
        },
    );
    let report = evaluate(cat, &a).unwrap();
    assert_eq!(report.overall.set_aside, 2);
    assert_eq!(report.overall.scored, 60);
    assert_eq!(report.overall.applicable, 62);
    let r = report.risks.iter().find(|r| r.id == "9.1").unwrap();
    assert_eq!(
        (r.state, r.coverage, r.reason.as_str()),
        (RiskState::SetAside, None, "no free-text input")
    );
    assert_eq!(
        report.warnings,
        vec!["Risk 9.2 is set aside without a reason."]
    );
    assert!(!report.gaps.iter().any(|g| g.risk == "9.1"));
}

#[test]
fn deployment_models_select_the_applicable_risks() {
    let cat = builtin("2.0").unwrap();
    let mut a = Assessment::new("2.0");
    a.deployment_models = vec!["external_models".into()];
    let report = evaluate(cat, &a).unwrap();
    let expected = cat
        .risks
        .iter()
        .filter(|r| r.deployment.iter().any(|d| d == "external_models"))
        .count();
    assert!(expected > 0 && expected < 62);
    assert_eq!(report.overall.applicable, expected);
    for (risk, result) in cat.risks.iter().zip(&report.risks) {
        let applies = risk.deployment.iter().any(|d| d == "external_models");
        assert_eq!(
            result.state != RiskState::NotApplicable,
            applies,
            "risk {}",
            risk.id
        );
    }
}

#[test]
fn evaluation_is_deterministic_and_rejects_a_foreign_catalog() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/rag-chatbot.assessment.json"
    ))
    .unwrap();
    let (a, first) = ai_risk_map::assess_json(&text).unwrap();
    let (_, second) = ai_risk_map::assess_json(&text).unwrap();
    assert_eq!(
        serde_json::to_string(&first).unwrap(),
        serde_json::to_string(&second).unwrap()
    );
    assert!(first.overall.coverage.unwrap() > 0.0 && first.overall.coverage.unwrap() < 1.0);
    let err = evaluate(builtin("1.0").unwrap(), &a).unwrap_err();
    assert_eq!(err.path(), Some("dasf"));
}

/// Every face shows the engine's words: one label for every code, in the engine's order.
#[test]
fn labels_name_every_code_once() {
    let labels = ai_risk_map::assess::labels();
    let kinds: Vec<&String> = labels.keys().collect();
    assert_eq!(
        kinds,
        [
            "status",
            "state",
            "level",
            "plural",
            "responsibility",
            "responsibilityHelp"
        ]
    );
    let help = labels.get("responsibilityHelp").unwrap();
    assert_eq!(
        help.keys().collect::<Vec<_>>(),
        labels
            .get("responsibility")
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        "one explanation for each category"
    );
    assert!(help.iter().all(|(_, text)| text.ends_with('.')));
    // The plurals of the nouns every face counts, from the same table as the reports.
    assert_eq!(labels.get("plural").unwrap().get("risk"), Some(&"risks"));
    assert_eq!(
        labels.get("plural").unwrap().get("erratum"),
        Some(&"errata")
    );
    let status: Vec<(&String, &&str)> = labels.get("status").unwrap().iter().collect();
    assert_eq!(status.len(), 6);
    assert_eq!(status[0], (&"implemented".to_string(), &"Implemented"));
    assert_eq!(
        labels.get("level").unwrap().get("none"),
        Some(&"Not scored")
    );
    assert_eq!(
        labels.get("state").unwrap().get("set_aside"),
        Some(&"Set aside")
    );
    assert_eq!(
        labels.get("responsibility").unwrap().get("out_of_the_box"),
        Some(&"Out of the box")
    );
}

// ---------------------------------------------------------------------------------------
// Version 3: chosen controls, priorities, progress, risks brought into scope

fn decision(likelihood: Option<u8>, impact: Option<u8>, excluded: &[&str]) -> RiskDecision {
    let mut d = RiskDecision {
        likelihood,
        impact,
        ..Default::default()
    };
    for c in excluded {
        d.excluded_controls
            .insert(c.to_string(), "not relied on".into());
    }
    d
}

fn state(status: ControlStatus, evidence: &[&str], due: Option<&str>) -> ControlState {
    ControlState {
        status,
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
        due: due.map(String::from),
        ..Default::default()
    }
}

/// Component 12 only, every risk applicable. Worked by hand:
/// - 12.1 (DASF 38 partial, DASF 63 excluded): coverage 1/2; 4 x 5 x 1/2 = 10.
/// - 12.2 (DASF 39 planned): 0; 2 x 3 x 1 = 6.   12.3 (DASF 39): 0, unrated.
/// - 12.4 (DASF 40 implemented): 1; 5 x 5 x 0 = 0 (covered).
/// - 12.5 (DASF 41 excluded): no chosen control left: flagged, 0; 1 x 1 x 1 = 1.
/// - 12.6 (DASF 50 not implemented): 0, unrated.
/// - 12.7 (DASF 1 implemented, DASF 2 partial, 5 not assessed): 1.5/7 = 3/14;
///   3 x 4 x 11/14 = 66/7.
///
/// Overall: (1/2 + 1 + 3/14) / 7 = 12/49.
#[test]
fn exclusions_and_priorities_worked_by_hand() {
    let cat = builtin("2.0").unwrap();
    let mut a = Assessment::new("2.0");
    a.components = Some(vec!["12".into()]);
    a.assessed_on = Some("2026-12-01".into());
    a.assessor = "Auditor".into();
    for (id, d) in [
        ("12.1", decision(Some(4), Some(5), &["DASF 63"])),
        ("12.2", decision(Some(2), Some(3), &[])),
        ("12.4", decision(Some(5), Some(5), &[])),
        ("12.5", decision(Some(1), Some(1), &["DASF 41"])),
        ("12.7", decision(Some(3), Some(4), &[])),
    ] {
        a.risks.insert(id.into(), d);
    }
    for (id, s) in [
        ("DASF 38", state(ControlStatus::Partial, &[], None)),
        (
            "DASF 39",
            state(ControlStatus::Planned, &[], Some("2027-01-01")),
        ),
        (
            "DASF 40",
            state(ControlStatus::Implemented, &["pam-review.pdf"], None),
        ),
        ("DASF 50", state(ControlStatus::NotImplemented, &[], None)),
        (
            "DASF 1",
            state(ControlStatus::Implemented, &["https://idp/mfa"], None),
        ),
        ("DASF 2", state(ControlStatus::Partial, &[], None)),
    ] {
        a.controls.insert(id.into(), s);
    }
    let report = evaluate(cat, &a).unwrap();
    let risk = |id: &str| report.risks.iter().find(|r| r.id == id).unwrap();
    let expect = [
        ("12.1", 0.5, Some(10.0)),
        ("12.2", 0.0, Some(6.0)),
        ("12.3", 0.0, None),
        ("12.4", 1.0, Some(0.0)),
        ("12.5", 0.0, Some(1.0)),
        ("12.6", 0.0, None),
        ("12.7", 3.0 / 14.0, Some(66.0 / 7.0)),
    ];
    for (id, coverage, priority) in expect {
        let r = risk(id);
        assert!(
            close(r.coverage.unwrap(), coverage),
            "{id}: {:?}",
            r.coverage
        );
        match (r.priority, priority) {
            (Some(x), Some(y)) => assert!(close(x, y), "{id}: {x} != {y}"),
            (x, y) => assert_eq!(x, y, "{id}"),
        }
    }
    assert!(close(report.overall.coverage.unwrap(), 12.0 / 49.0));
    // The excluded control is listed with its reason, and leaves the calculation.
    let excluded = risk("12.1")
        .controls
        .iter()
        .find(|c| c.id == "DASF 63")
        .unwrap();
    assert_eq!(excluded.excluded.as_deref(), Some("not relied on"));
    assert!(risk("12.5").no_chosen_control && !risk("12.7").no_chosen_control);
    assert_eq!(risk("12.5").state, RiskState::Uncovered);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("12.5") && w.contains("excluded")));

    // Gaps in rank order: 12.1 (10), 12.7 (9.43: six open controls), 12.2 (6), then the
    // unrated 12.3 and 12.6 in catalog order; 12.5 has no chosen control, 12.4 none open.
    let order: Vec<(&str, &str)> = report.gaps.iter().map(|g| (g.risk, g.control)).collect();
    assert_eq!(
        order,
        [
            ("12.1", "DASF 38"),
            ("12.7", "DASF 2"),
            ("12.7", "DASF 3"),
            ("12.7", "DASF 4"),
            ("12.7", "DASF 5"),
            ("12.7", "DASF 31"),
            ("12.7", "DASF 55"),
            ("12.2", "DASF 39"),
            ("12.3", "DASF 39"),
            ("12.6", "DASF 50"),
        ]
    );
    assert!(!report
        .gaps
        .iter()
        .any(|g| g.control == "DASF 63" || g.control == "DASF 41"));
    let planned = report.gaps.iter().find(|g| g.risk == "12.2").unwrap();
    assert_eq!(planned.due.as_deref(), Some("2027-01-01"));

    let s = &report.summary;
    assert_eq!(s.assessed_on.as_deref(), Some("2026-12-01"));
    assert_eq!(s.assessor, "Auditor");
    // Controls that matter: DASF 38, 39, 40, 50 and the seven of 12.7 (63 and 41 are
    // excluded); assessed: 38, 39, 40, 50, 1 and 2.
    assert_eq!((s.progress.assessed, s.progress.total), (6, 11));
    assert_eq!(s.unrated, 2);
    let top: Vec<&str> = s.top_risks.iter().map(|t| t.id).collect();
    assert_eq!(top, ["12.1", "12.7", "12.2", "12.5", "12.3"]);
    assert_eq!(
        s.top_risks[0].why,
        "Likelihood 4 \u{d7} impact 5 \u{d7} (1 \u{2212} 50% coverage) = priority 10.0 of 25; 1 of 1 chosen control not yet implemented."
    );
    assert!(s.top_risks[4].why.starts_with("Not rated yet; 0% coverage"));
    let in_place: Vec<(&str, &[String])> = s
        .in_place
        .iter()
        .map(|c| (c.id, c.evidence.as_slice()))
        .collect();
    assert_eq!(
        in_place,
        [
            ("DASF 1", &["https://idp/mfa".to_string()][..]),
            ("DASF 40", &["pam-review.pdf".to_string()][..])
        ]
    );
    // DASF 39 closes two risks with one chosen control each: gain 2/7.
    let first = &s.top_actions[0];
    assert_eq!(first.id, "DASF 39");
    assert!(close(first.gain, 2.0 / 7.0));
    assert_eq!(first.due.as_deref(), Some("2027-01-01"));
}

#[test]
fn a_risk_outside_the_deployment_models_can_be_brought_in() {
    use ai_risk_map::assess::Scope;
    let cat = builtin("2.0").unwrap();
    let mut a = Assessment::new("2.0");
    a.deployment_models = vec!["rag_llm".into()];
    let before = evaluate(cat, &a).unwrap();
    let r = before.risks.iter().find(|r| r.id == "2.1").unwrap();
    assert_eq!(
        (r.state, r.scope),
        (RiskState::NotApplicable, Scope::NotFlagged)
    );

    a.risks.insert(
        "2.1".into(),
        RiskDecision {
            pertinent: Some(true),
            reason: "we chunk documents".into(),
            ..Default::default()
        },
    );
    a.controls.insert(
        "DASF 7".into(),
        state(ControlStatus::Implemented, &[], None),
    );
    let after = evaluate(cat, &a).unwrap();
    let r = after.risks.iter().find(|r| r.id == "2.1").unwrap();
    assert_eq!(r.scope, Scope::Included);
    // 12 controls, one implemented.
    assert!(close(r.coverage.unwrap(), 1.0 / 12.0));
    assert_eq!(after.overall.scored, before.overall.scored + 1);
    assert!(after.gaps.iter().any(|g| g.risk == "2.1"));

    // Bringing in does not override the component scope.
    a.components = Some(vec!["9".into()]);
    let r = evaluate(cat, &a)
        .unwrap()
        .risks
        .into_iter()
        .find(|r| r.id == "2.1")
        .unwrap();
    assert_eq!(
        (r.state, r.scope),
        (RiskState::NotApplicable, Scope::ComponentOutOfScope)
    );
}

#[test]
fn errata_apply_unless_the_document_asks_for_the_catalog_as_published() {
    let mut a = Assessment::new("2.0");
    a.deployment_models = vec!["rag_llm".into(), "foundational_llm".into()];
    let corrected = evaluate(a.catalog().unwrap(), &a).unwrap();
    a.as_published = true;
    let published = evaluate(a.catalog().unwrap(), &a).unwrap();
    let applies = |r: &ai_risk_map::assess::Report, id: &str| {
        r.risks
            .iter()
            .any(|x| x.id == id && x.state != RiskState::NotApplicable)
    };
    for id in ["9.1", "9.2", "9.3", "9.4", "10.6"] {
        assert!(applies(&corrected, id) && !applies(&published, id), "{id}");
    }
    assert_eq!(
        published.overall.applicable, 37,
        "the issue's count as published"
    );
    assert!(corrected.overall.applicable > 37);
    assert_eq!(corrected.errata.len(), 20);
    assert!(!corrected.as_published && published.as_published);
    assert!(published.errata.is_empty());
}

// ---------------------------------------------------------------------------------------
// Migration of version 1 and 2 documents to version 3

/// Every member of `old` is in `new` with the same value, but for `schemaVersion` and
/// `pertinent: true` (the old default, which said nothing).
fn nothing_lost(old: &serde_json::Value, new: &serde_json::Value, path: &str) {
    use serde_json::Value;
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (k, v) in o {
                let here = format!("{path}.{k}");
                if k == "schemaVersion" || (k == "pertinent" && v == &Value::Bool(true)) {
                    continue;
                }
                let Some(w) = n.get(k) else {
                    panic!("{here} was lost");
                };
                nothing_lost(v, w, &here);
            }
        }
        _ => assert_eq!(old, new, "{path}"),
    }
}

#[test]
fn version_1_and_2_documents_migrate_to_3_with_nothing_lost() {
    let v2_example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rag-chatbot.v2.assessment.json"
    ))
    .unwrap();
    let v1 = r#"{"schema": "ai-risk-map/assessment", "schemaVersion": 1, "dasf": "1.0",
        "useCase": {"name": "Bot", "description": "d", "owner": "o"},
        "deploymentModels": ["rag_llm"], "components": ["9", "10"],
        "risks": {"9.1": {"pertinent": true, "reason": "kept: users type free text"},
                  "9.2": {"pertinent": false, "reason": "no scores returned"}},
        "controls": {"DASF 1": {"status": "implemented", "owner": "IAM", "note": "Okta"},
                     "DASF 31": {"status": "not_implemented"},
                     "DASF 5": {"status": "not_applicable", "note": "n/a"}}}"#;
    let v2 = r#"{"schema": "ai-risk-map/assessment", "schemaVersion": 2, "dasf": "2.0",
        "catalogMigration": {"from": "1.0", "newRisks": ["9.11"], "newControls": ["DASF 60"]},
        "controls": {"DASF 60": {"status": "planned", "owner": "x"}}}"#;
    for text in [v2_example.as_str(), v1, v2] {
        let old: serde_json::Value = serde_json::from_str(text).unwrap();
        let a = Assessment::from_json(text).unwrap();
        a.validate(a.catalog().unwrap()).unwrap();
        let saved = a.to_json();
        let new: serde_json::Value = serde_json::from_str(&saved).unwrap();
        assert_eq!(new["schemaVersion"], 3);
        nothing_lost(&old, &new, "");
        // Read back as version 3, it is the same assessment.
        assert_eq!(Assessment::from_json(&saved).unwrap(), a);
        // Scores do not move: an unlisted control (once "not implemented", now "not
        // assessed") weighs 0 either way; every listed status is kept.
        let report = evaluate(a.catalog().unwrap(), &a).unwrap();
        for r in report.risks.iter().filter(|r| r.coverage.is_some()) {
            let weights: Vec<f64> = r
                .controls
                .iter()
                .filter_map(|c| c.status.weight())
                .collect();
            let mean = if weights.is_empty() {
                0.0
            } else {
                weights.iter().sum::<f64>() / weights.len() as f64
            };
            assert!(close(r.coverage.unwrap(), mean), "{}", r.id);
        }
    }
    // A kept risk's remark survives though its `pertinent: true` goes.
    let a = Assessment::from_json(v1).unwrap();
    let kept = a.risks.get("9.1").unwrap();
    assert_eq!(
        (kept.pertinent, kept.reason.as_str()),
        (None, "kept: users type free text")
    );
    assert_eq!(a.status("DASF 31"), ControlStatus::NotImplemented);
    assert_eq!(a.status("DASF 2"), ControlStatus::NotAssessed);
}

#[test]
fn the_v3_example_uses_every_new_field() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/rag-chatbot.assessment.json"
    ))
    .unwrap();
    let (a, report) = ai_risk_map::assess_json(&text).unwrap();
    assert!(a.assessed_on.is_some() && !a.assessor.is_empty());
    assert!(a.risks.iter().any(|(_, d)| d.pertinent == Some(true)));
    assert!(a
        .risks
        .iter()
        .any(|(_, d)| d.likelihood.is_some() && d.impact.is_some()));
    assert!(a.risks.iter().any(|(_, d)| !d.excluded_controls.is_empty()));
    assert!(a.controls.iter().any(|(_, c)| !c.evidence.is_empty()));
    assert!(a.controls.iter().any(|(_, c)| c.due.is_some()));
    assert!(a
        .controls
        .iter()
        .any(|(_, c)| c.status == ControlStatus::NotImplemented));
    // Done when: prompt injection is in scope by default for the RAG chatbot, and the
    // summary names the riskiest open risks.
    let injection = report.risks.iter().find(|r| r.id == "9.1").unwrap();
    assert!(injection.coverage.is_some(), "{:?}", injection.state);
    let top: Vec<&str> = report.summary.top_risks.iter().map(|t| t.id).collect();
    assert_eq!(top[0], "10.6");
    assert!(top.contains(&"9.1"));
}

#[test]
fn the_summary_words_each_fact_once_for_every_face() {
    let cat = builtin("2.0").unwrap();
    let blank = evaluate(cat, &Assessment::new("2.0")).unwrap();
    let s = &blank.summary;
    // Before any status, a count of gaps would say nothing: the line says why it is missing.
    assert_eq!(
        s.gaps_line,
        "Open gaps are counted once the status of a control is recorded."
    );
    assert_eq!(
        s.risks_line,
        "62 applicable risks: 62 scored (0 covered, 0 partly covered, 62 open), 0 set aside."
    );
    assert_eq!(
        s.threats_line,
        "Threats reviewed for 0 of 62 pertinent risks."
    );
    assert_eq!(s.in_place_line, "");
    assert!(blank.edition_line.ends_with(" 2.0, with 20 errata applied"));

    let mut published = Assessment::new("2.0");
    published.as_published = true;
    let r = evaluate(published.catalog().unwrap(), &published).unwrap();
    assert!(
        r.edition_line.ends_with(" 2.0, as published (no errata)"),
        "{}",
        r.edition_line
    );

    // The standing sentence is made of the same parts, word for word.
    let all = every_control_implemented(cat);
    let r = evaluate(cat, &all).unwrap();
    let s = &r.summary;
    assert!(
        s.standing.contains(s.risks_line.trim_end_matches('.')),
        "{}",
        s.standing
    );
    assert!(s.standing.ends_with(&s.gaps_line), "{}", s.standing);
    assert_eq!(s.gaps_line, "0 open gaps (risk\u{2013}control pairs).");
    assert_eq!(
        s.in_place_line,
        format!(
            "8 of {} controls, those relied on for the most risks; every one is listed under All controls in place.",
            s.in_place_total
        )
    );
}

#[test]
fn the_engine_words_the_errata_and_a_move_to_review() {
    let cat = builtin("2.0").unwrap();
    let corrected = evaluate(cat, &Assessment::new("2.0")).unwrap();
    assert_eq!(
        corrected.errata_line,
        "The catalog's source is corrected as follows (20 errata)."
    );
    // Each erratum says what it adds, by the models' names, not their ids.
    let e = corrected.errata.iter().find(|e| e.risk == "5.4").unwrap();
    assert_eq!(e.change, "also applies to Fine-tuned LLMs");
    for e in &corrected.errata {
        assert!(e.change.starts_with("also applies to "), "{}", e.change);
        assert!(!e.change.contains('_'), "an id, not a name: {}", e.change);
    }

    let mut a = Assessment::new("2.0");
    a.as_published = true;
    let published = evaluate(builtin_edition("2.0", true).unwrap(), &a).unwrap();
    assert!(published.errata.is_empty());
    assert_eq!(
        published.errata_line,
        "No errata applied; this report uses DASF 2.0 exactly as published."
    );

    // A user catalog's erratum that takes a model away, and one that swaps one for another.
    let mut value = serde_json::to_value(cat).unwrap();
    value["version"] = "mine".into();
    value["errata"][0]["corrected"] = serde_json::json!(["predictive_ml"]);
    value["errata"][1]["corrected"] = serde_json::json!(["rag_llm", "fine_tuned_llm"]);
    value["errata"][1]["published"] = serde_json::json!(["rag_llm", "external_models"]);
    for n in 0..2 {
        let risk = value["errata"][n]["risk"].as_str().unwrap().to_string();
        let corrected = value["errata"][n]["corrected"].clone();
        let risks = value["risks"].as_array_mut().unwrap();
        let r = risks
            .iter_mut()
            .find(|r| r["risk"] == risk || r["id"] == risk);
        r.unwrap()["deployment"] = corrected;
    }
    let mine = Catalog::from_json(&value.to_string()).unwrap();
    let report = evaluate(&mine, &Assessment::new("mine")).unwrap();
    assert_eq!(
        report.errata[0].change,
        "no longer applies to Pre-trained LLMs"
    );
    assert_eq!(
        report.errata[1].change,
        "also applies to Fine-tuned LLMs; no longer applies to External models"
    );

    // After a move from 1.0, the new items count as pertinent and not assessed until decided.
    let old = Assessment::new("1.0");
    let moved = old
        .migrate(builtin("1.0").unwrap(), builtin("2.0").unwrap())
        .unwrap();
    let report = evaluate(cat, &moved).unwrap();
    let review = report.review.expect("a move leaves new items to review");
    assert_eq!(
        review.line,
        "Moved from DASF 1.0 to DASF 2.0 with every earlier decision kept. Until decided, each new risk below counts as pertinent and each new control as not assessed."
    );
}
