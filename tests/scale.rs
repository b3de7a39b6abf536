//! The scaling benchmark's smoke case (DASF ×1 and ×10, and the two CLI cases at a hundredth
//! of their size) under `cargo test`: it checks what the steps compute, never how long they
//! take. The figures come from `cargo bench --bench scale` (see benches/scale.rs).

#[allow(dead_code)]
#[path = "../benches/scale.rs"]
mod scale;

use ai_risk_map::assess::evaluate;
use ai_risk_map::catalog::{builtin, Catalog};

#[test]
fn scaling_benchmark_smoke_run_computes_the_same_report_at_every_scale() {
    let outcome = scale::run(&scale::Config::smoke());
    let [one, ten] = &outcome.reports[..] else {
        panic!("two steps")
    };
    // Ten identical copies: ten times the counts, the same coverage, and every component of
    // a copy scored as its original.
    assert_eq!(ten.risks.len(), 10 * one.risks.len());
    assert_eq!(ten.gaps.len(), 10 * one.gaps.len());
    assert_eq!(ten.overall.scored, 10 * one.overall.scored);
    assert_eq!(ten.overall.set_aside, 10 * one.overall.set_aside);
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (a, b) => a == b,
    };
    assert!(close(ten.overall.coverage, one.overall.coverage));
    for (copy, original) in ten.components.iter().zip(one.components.iter().cycle()) {
        assert_eq!(copy.in_scope, original.in_scope, "{}", copy.id);
        assert_eq!(copy.score.scored, original.score.scored, "{}", copy.id);
        assert!(
            close(copy.score.coverage, original.score.coverage),
            "{}",
            copy.id
        );
    }
    for (stage, original) in ten.stages.iter().zip(&one.stages) {
        assert_eq!(stage.score.scored, 10 * original.score.scored);
    }
    // Component 1 and its copies are out of scope in the synthetic assessment.
    assert!(ten
        .components
        .iter()
        .filter(|c| !c.in_scope)
        .all(|c| c.id == "1" || c.id.starts_with("1~")));
    // The CLI cases ran, and drew or listed every component.
    let one_stage = &outcome.cli[0];
    assert_eq!(one_stage.1, "md");
    let json = outcome
        .cli
        .iter()
        .find(|(case, format, _)| case.contains("one stage") && format == "json")
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&json.2).unwrap();
    assert_eq!(
        report["components"].as_array().unwrap().len(),
        scale::Config::smoke().one_stage_components
    );
    let svg = outcome
        .cli
        .iter()
        .find(|(case, format, _)| case.contains("a risk each") && format == "svg")
        .unwrap();
    assert_eq!(
        svg.2.matches("data-component=").count(),
        // The three column stages draw their first four components; the band draws all.
        12 + scale::Config::smoke().components_with_risks / 4
    );
}

#[test]
fn a_copy_of_dasf_evaluates_like_dasf() {
    // The ×1 synthetic catalog is DASF 2.0 itself.
    let copy: Catalog = scale::synthetic_catalog(1);
    assert_eq!(&copy, builtin("2.0").unwrap());
    let text = scale::synthetic_assessment(&copy);
    let a = ai_risk_map::assess::Assessment::from_json(&text).unwrap();
    assert!(evaluate(&copy, &a).unwrap().review.is_some());
}
