//! Property tests: random valid assessments on the built-in catalogs (either DASF version,
//! with its errata or as published, any deployment models and scope, any subset of risk
//! decisions (set aside or brought in, rated, with excluded controls) and control states
//! (with evidence and due dates), with unicode and markup in every text field) must survive export and import unchanged,
//! evaluate into figures that keep the scoring model's promises, and render everywhere; and
//! edits to them through a session must answer with exactly what a full evaluation gives.

use ai_risk_map::assess::{
    evaluate, Assessment, ControlState, ControlStatus, RiskDecision, RiskState,
};
use ai_risk_map::catalog::{builtin_edition, Catalog, BUILTIN_VERSIONS};
use ai_risk_map::render::{csv, diagram, markdown};
use ai_risk_map::{fuzz_checks, share};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

/// Cases per property: enough to meet every status, model and scope mix many times, and
/// small enough that this file runs in seconds in a debug build.
const CASES: u32 = 256;

/// Text as people type it, and as attackers would: empty, plain, any unicode (controls,
/// right-to-left marks, astral characters), and markup for every output format.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-z0-9 ,.()'-]{1,40}",
        proptest::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
        select(vec![
            "<img src=x onerror=alert(1)>",
            "</svg><script>alert(1)</script>",
            "a|b\n# heading\r\n[link](javascript:x) *em* _u_ `code`",
            "=HYPERLINK(\"http://x\")",
            "-1+2,\"quoted\"\r\n@SUM(A1)",
            "\u{202e}gnp.exe \u{0}\u{1b}\u{7f}\u{fffe}",
            "\u{1f600} caf\u{e9} \u{4e2d}\u{6587} \\ \\u0041",
            "   ",
        ])
        .prop_map(str::to_string),
    ]
}

fn status() -> impl Strategy<Value = ControlStatus> {
    select(ControlStatus::ALL.to_vec())
}

/// A real calendar date (days up to 28 are valid in every month).
fn date() -> impl Strategy<Value = String> {
    (1990u32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn rating() -> impl Strategy<Value = Option<u8>> {
    proptest::option::of(1u8..=5)
}

fn ids<'a>(items: impl Iterator<Item = &'a String>) -> Vec<String> {
    items.cloned().collect()
}

/// A random valid assessment on a random built-in catalog.
fn assessment() -> impl Strategy<Value = Assessment> {
    (select(BUILTIN_VERSIONS.to_vec()), any::<bool>()).prop_flat_map(|(version, as_published)| {
        let catalog = builtin_edition(version, as_published).expect("built-in catalog");
        let models = ids(catalog.deployment_models.iter().map(|d| &d.id));
        let components = ids(catalog.components.iter().map(|c| &c.id));
        let risks = ids(catalog.risks.iter().map(|r| &r.id));
        let controls = ids(catalog.controls.iter().map(|c| &c.id));
        let (n_models, n_components) = (models.len(), components.len());
        let (n_risks, n_controls) = (risks.len(), controls.len());
        (
            (text(), text(), text()),
            subsequence(models, 0..=n_models),
            proptest::option::of(subsequence(components, 0..=n_components)),
            subsequence(risks, 0..=n_risks).prop_flat_map(|ids| {
                let n = ids.len();
                (
                    Just(ids),
                    proptest::collection::vec(
                        (
                            proptest::option::of(any::<bool>()),
                            text(),
                            rating(),
                            rating(),
                            // Which of the risk's controls are excluded, and why.
                            any::<u16>(),
                            text(),
                        ),
                        n,
                    ),
                )
            }),
            subsequence(controls, 0..=n_controls).prop_flat_map(|ids| {
                let n = ids.len();
                (
                    Just(ids),
                    proptest::collection::vec(
                        (
                            status(),
                            text(),
                            text(),
                            proptest::collection::vec(text(), 0..3),
                            proptest::option::of(date()),
                        ),
                        n,
                    ),
                )
            }),
            (proptest::option::of(date()), text()),
        )
            .prop_map(
                move |(use_case, models, components, risks, controls, (assessed_on, assessor))| {
                    let mut a = Assessment::new(version);
                    a.as_published = as_published;
                    (a.assessed_on, a.assessor) = (assessed_on, assessor);
                    (a.use_case.name, a.use_case.description, a.use_case.owner) = use_case;
                    a.deployment_models = models;
                    a.components = components;
                    for (id, (pertinent, reason, likelihood, impact, mask, why)) in
                        risks.0.into_iter().zip(risks.1)
                    {
                        let risk = catalog.risk(&id).expect("a catalog risk");
                        let mut excluded_controls = ai_risk_map::idmap::IdMap::new();
                        for (i, c) in risk.controls.iter().enumerate().take(16) {
                            if mask & (1 << i) != 0 {
                                excluded_controls.insert(c.clone(), why.clone());
                            }
                        }
                        let decision = RiskDecision {
                            pertinent,
                            reason,
                            likelihood,
                            impact,
                            excluded_controls,
                            // Drawn from the values above, to keep the strategy's tuple small.
                            threats_reviewed: mask & 1 == 1,
                            threats_note: why,
                        };
                        a.risks.insert(id, decision);
                    }
                    for (id, (status, owner, note, evidence, due)) in
                        controls.0.into_iter().zip(controls.1)
                    {
                        let state = ControlState {
                            status,
                            owner,
                            note,
                            evidence,
                            due,
                        };
                        a.controls.insert(id, state);
                    }
                    a
                },
            )
    })
}

fn catalog_of(a: &Assessment) -> &'static Catalog {
    builtin_edition(&a.dasf, a.as_published).expect("built-in catalog")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Export (pretty, as the CLI and autosave write, and compact, as the page's JSON and
    /// share links carry it) then import gives back the same assessment.
    #[test]
    fn export_then_import_is_identity(a in assessment()) {
        prop_assert_eq!(a.validate(catalog_of(&a)), Ok(()));
        let pretty = a.to_json();
        prop_assert_eq!(Assessment::from_json(&pretty), Ok(a.clone()));
        let compact = serde_json::to_string(&a).unwrap();
        prop_assert_eq!(Assessment::from_json(&compact), Ok(a.clone()));
        // And through a share link's text layer.
        let link = share::encode_base64url(compact.as_bytes());
        let bytes = share::decode_base64url(&link).unwrap();
        prop_assert_eq!(bytes, compact.into_bytes());
    }

    /// Scores are in range, gaps are exactly the open pairs, and the scoring model's
    /// definitions hold risk by risk.
    #[test]
    fn evaluation_keeps_the_scoring_model(a in assessment()) {
        let catalog = catalog_of(&a);
        let report = evaluate(catalog, &a).unwrap();
        for c in [report.overall.coverage]
            .into_iter()
            .chain(report.stages.iter().map(|s| s.score.coverage))
            .chain(report.components.iter().map(|c| c.score.coverage))
            .chain(report.risks.iter().map(|r| r.coverage))
            .flatten()
        {
            prop_assert!((0.0..=1.0).contains(&c), "coverage {}", c);
        }
        for g in &report.gaps {
            let status = a.status(g.control);
            prop_assert_eq!(g.status, status);
            prop_assert!(
                status != ControlStatus::Implemented && status != ControlStatus::NotApplicable,
                "gap on {} which is {:?}", g.control, status
            );
        }
        for n in &report.next_controls {
            prop_assert!(a.status(n.id) != ControlStatus::Implemented);
            prop_assert!(n.gain > 0.0 && n.gain <= 1.0);
        }
        for (risk, result) in catalog.risks.iter().zip(&report.risks) {
            let in_scope = a.components.as_ref().is_none_or(|c| c.contains(&risk.component));
            let model = a.deployment_models.is_empty()
                || risk.deployment.iter().any(|d| a.deployment_models.contains(d));
            let decision = a.risks.get(&risk.id);
            let aside = decision.is_some_and(|d| d.pertinent == Some(false));
            let included = decision.is_some_and(|d| d.pertinent == Some(true));
            let expected = match (in_scope && (model || included), aside) {
                (false, _) => Some(RiskState::NotApplicable),
                (true, true) => Some(RiskState::SetAside),
                (true, false) => None,
            };
            if let Some(state) = expected {
                prop_assert_eq!(result.state, state, "risk {}", &risk.id);
                prop_assert!(result.coverage.is_none());
            } else {
                // Coverage is the mean weight of the chosen controls that count.
                let weights: Vec<f64> = risk
                    .controls
                    .iter()
                    .filter(|c| decision.is_none_or(|d| !d.excluded_controls.contains_key(c)))
                    .filter_map(|c| a.status(c).weight())
                    .collect();
                let mean = if weights.is_empty() {
                    0.0
                } else {
                    weights.iter().sum::<f64>() / weights.len() as f64
                };
                prop_assert_eq!(result.coverage, Some(mean), "risk {}", &risk.id);
            }
        }
        // The shared fuzz checks add the rest: counts, sums, gains, renderers.
        fuzz_checks::assessment(a.to_json().as_bytes());
    }

    /// Putting one more control in place never lowers overall coverage, and raises it by
    /// the gain the report promised when it was a next control.
    #[test]
    fn implementing_a_control_never_lowers_coverage(
        a in assessment(),
        pick in any::<proptest::sample::Index>(),
    ) {
        let catalog = catalog_of(&a);
        let before = evaluate(catalog, &a).unwrap();
        let control = &catalog.controls[pick.index(catalog.controls.len())].id;
        let mut b = a.clone();
        let state = ControlState {
            status: ControlStatus::Implemented,
            ..Default::default()
        };
        b.controls.insert(control.clone(), state);
        let after = evaluate(catalog, &b).unwrap();
        let (x, y) = (before.overall.coverage, after.overall.coverage);
        prop_assert_eq!(x.is_some(), y.is_some());
        if let (Some(x), Some(y)) = (x, y) {
            prop_assert!(y >= x - 1e-12, "{} -> {} after implementing {}", x, y, control);
            if let Some(next) = before.next_controls.iter().find(|n| n.id == control) {
                prop_assert!((y - x - next.gain).abs() < 1e-9, "gain {} but {} -> {}", next.gain, x, y);
            }
        }
        prop_assert!(after.gaps.iter().all(|g| g.control != control));
    }

    /// Every renderer, with every option, on any assessment: no panic, no raw markup from
    /// user text, one CSV row per gap.
    #[test]
    fn renderers_never_panic(a in assessment(), standalone in any::<bool>(), pick in any::<proptest::sample::Index>()) {
        let catalog = catalog_of(&a);
        let report = evaluate(catalog, &a).unwrap();
        let md = markdown::report(&report, catalog);
        prop_assert!(!md.contains('<'));
        let gaps = csv::gaps(&report);
        prop_assert!(gaps.starts_with("risk_id,"));
        let selected = &catalog.components[pick.index(catalog.components.len())].id;
        let options = diagram::DiagramOptions { selected: Some(selected), standalone, narrow: !standalone };
        let svg = diagram::svg(catalog, Some(&report), &options);
        prop_assert_eq!(svg.matches("<svg").count(), 1);
        prop_assert!(!svg.contains("<script") && !svg.contains("<img"));
        let hook = format!("data-component=\"{selected}\"");
        prop_assert!(svg.contains(&hook));
        let _ = markdown::catalog(catalog);
        let _ = csv::catalog_pairs(catalog);
        let _ = serde_json::to_string(&report).unwrap();
    }

    /// The share codec round-trips any bytes, and accepts only what it writes.
    #[test]
    fn share_codec_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = share::encode_base64url(&bytes);
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(share::decode_base64url(&text), Ok(bytes));
    }
}

/// One edit a person could make in the page, by catalog position (taken modulo the lists'
/// lengths), with the text or number it sets: some are refused (a control a risk does not
/// have, a rating out of range), most are not.
fn edit() -> impl Strategy<Value = (u8, usize, usize, String, u8)> {
    (0u8..11, any::<usize>(), any::<usize>(), text(), 0u8..7)
}

/// The edit as the session reads it, on `catalog`.
fn edit_json(catalog: &Catalog, (kind, i, j, text, n): &(u8, usize, usize, String, u8)) -> String {
    let control = &catalog.controls[i % catalog.controls.len()].id;
    let risk = &catalog.risks[i % catalog.risks.len()];
    let risk_control = &risk.controls[j % risk.controls.len()];
    let statuses = [
        "implemented",
        "partial",
        "planned",
        "not_implemented",
        "not_applicable",
        "not_assessed",
    ];
    let (path, value) = match kind {
        0 | 1 => (
            serde_json::json!(["controls", control, "status"]),
            serde_json::json!(statuses[*n as usize % statuses.len()]),
        ),
        2 => (
            serde_json::json!(["controls", control, "note"]),
            serde_json::json!(text),
        ),
        3 => (
            serde_json::json!(["controls", control]),
            serde_json::Value::Null,
        ),
        4 => (
            serde_json::json!(["risks", risk.id, "pertinent"]),
            serde_json::json!(n % 2 == 0),
        ),
        5 => (
            serde_json::json!(["risks", risk.id, "likelihood"]),
            serde_json::json!(n),
        ),
        6 => (
            serde_json::json!(["risks", risk.id, "excludedControls", risk_control]),
            serde_json::json!(text),
        ),
        7 => (
            serde_json::json!(["risks", risk.id]),
            serde_json::Value::Null,
        ),
        // Texts the report leaves out when empty: written, changed and emptied.
        8 => (
            serde_json::json!(["risks", risk.id, "reason"]),
            serde_json::json!(text),
        ),
        9 => (
            serde_json::json!(["risks", risk.id, "threatsNote"]),
            serde_json::json!(text),
        ),
        _ => (
            serde_json::json!(["useCase", "name"]),
            serde_json::json!(text),
        ),
    };
    serde_json::json!({ "path": path, "value": value }).to_string()
}

/// A report as the engine writes it, read back as a JSON value.
fn as_json(report: &ai_risk_map::assess::Report) -> serde_json::Value {
    serde_json::from_str(&ai_risk_map::json_text(report)).unwrap()
}

/// `mirror` (a report as JSON) with a session's answer folded in, as the page folds it
/// (www/src/session.js).
fn fold(mirror: &mut serde_json::Value, change: &str) {
    let change: serde_json::Value = serde_json::from_str(change).expect("the answer is JSON");
    *mirror = patched(mirror, &change["report"]);
}

/// An object with an object patch applied: members set and unset, list members rebuilt,
/// object members patched in turn.
fn patched(was: &serde_json::Value, patch: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let mut object = was.as_object().expect("an object").clone();
    let part = |name: &str| {
        patch
            .get(name)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
    };
    for (key, value) in part("set") {
        object.insert(key.clone(), value.clone());
    }
    for key in patch
        .get("unset")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        object.remove(key.as_str().expect("a member name"));
    }
    for (key, list) in part("lists") {
        let old = was[key].as_array().expect("a list member");
        object.insert(key.clone(), relisted(old, list));
    }
    for (key, inner) in part("objects") {
        object.insert(key.clone(), patched(&was[key], inner));
    }
    Value::Object(object)
}

/// A list rebuilt from the one it was and its patch: old positions, old items patched, new
/// items.
fn relisted(was: &[serde_json::Value], items: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let mut list = Vec::new();
    // The old position after the previous item's: where a run (-k) starts.
    let mut next = 0;
    for item in items.as_array().expect("a list") {
        match item {
            Value::Number(n) => match n.as_i64().expect("a whole number") {
                run @ ..=-1 => {
                    let end = next + (-run) as usize;
                    list.extend_from_slice(&was[next..end]);
                    next = end;
                }
                at => {
                    list.push(was[at as usize].clone());
                    next = at as usize + 1;
                }
            },
            Value::Array(patch) => {
                let at = patch[0].as_u64().expect("a position") as usize;
                list.push(patched(&was[at], &patch[1]));
                next = at + 1;
            }
            _ => list.push(item.clone()),
        }
    }
    Value::Array(list)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On any assessment, a run of edits through a session answers, edit by edit, with what
    /// makes the report before into a full evaluation of the document after; a refused edit
    /// changes neither.
    #[test]
    fn session_answers_fold_into_a_full_evaluation(
        a in assessment(),
        edits in proptest::collection::vec(edit(), 1..24),
    ) {
        let catalog = catalog_of(&a);
        let mut session = ai_risk_map::session::Session::new(a).unwrap();
        let mut mirror = as_json(session.report());
        for e in &edits {
            let read = ai_risk_map::session::Session::read_edits(&edit_json(catalog, e)).unwrap();
            let before = session.assessment().clone();
            match session.apply(&read) {
                Ok(change) => fold(&mut mirror, &change.to_json()),
                Err(_) => prop_assert_eq!(session.assessment(), &before),
            }
            let full = evaluate(session.catalog(), session.assessment()).unwrap();
            prop_assert_eq!(session.report(), &full);
            // Both sides read from the engine's text by the same parser (serde_json's
            // default float reading can be one bit off the exact value, alike on both sides).
            let want = as_json(&full);
            prop_assert_eq!(&mirror, &want);
        }
    }
}
