//! The scoring model, checked on cases small enough to work out by hand.

use ai_risk_map::assess::{
    evaluate, Assessment, ControlState, ControlStatus, Level, RiskDecision, RiskState,
};
use ai_risk_map::catalog::builtin;

fn with(controls: &[(&str, ControlStatus)]) -> Assessment {
    let mut a = Assessment::new("2.0");
    for (id, status) in controls {
        a.controls.insert(
            id.to_string(),
            ControlState {
                status: *status,
                owner: String::new(),
                note: String::new(),
            },
        );
    }
    a
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
    let all: Vec<(&str, ControlStatus)> = cat
        .controls
        .iter()
        .map(|c| (c.id.as_str(), ControlStatus::Implemented))
        .collect();
    let report = evaluate(cat, &with(&all)).unwrap();
    assert_eq!(report.overall.coverage, Some(1.0));
    assert_eq!(report.overall.covered, 62);
    assert_eq!(report.overall.level, Level::Low);
    assert!(
        report.gaps.is_empty()
            && report.next_controls.is_empty()
            && report.responsibility.is_empty()
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
        .map(|n| (n.id.as_str(), n.gain))
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
            owner: String::new(),
            note: String::new(),
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
            pertinent: false,
            reason: "no free-text input".into(),
        },
    );
    a.risks.insert(
        "9.2".into(),
        RiskDecision {
            pertinent: false,
            reason: " ".into(),
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
    assert_eq!(kinds, ["status", "state", "level", "responsibility"]);
    let status: Vec<(&String, &&str)> = labels.get("status").unwrap().iter().collect();
    assert_eq!(status.len(), 5);
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
