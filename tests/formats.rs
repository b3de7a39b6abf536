//! The exports for other tools: the ATLAS Navigator layer and OSCAL. Each is compared with a
//! golden file for the example assessment (tests/golden/), checked against the rules of its
//! format, and checked for what it says (the right techniques, scores, links).
//!
//! After a deliberate change of output, regenerate the golden files with
//! `UPDATE_GOLDEN=1 cargo test --test formats` and review the diff. The OSCAL files are also
//! validated by compliance-trestle in the Python suite (python/tests/test_oscal.py).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ai_risk_map::assess::{evaluate, Assessment, Report};
use ai_risk_map::catalog::{builtin, builtin_edition, Catalog};
use ai_risk_map::render::{navigator, oscal};
use serde_json::Value;

const EXAMPLE: &str = include_str!("../examples/rag-chatbot.assessment.json");

fn example() -> (&'static Catalog, Assessment, Report<'static>) {
    let assessment = Assessment::from_json(EXAMPLE).unwrap();
    let catalog = assessment.catalog().unwrap();
    let report = evaluate(catalog, &assessment).unwrap();
    (catalog, assessment, report)
}

/// Compare `actual` with the golden file `name`, or rewrite it under `UPDATE_GOLDEN=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with UPDATE_GOLDEN=1 cargo test --test formats",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output from line {}:\n  golden: {:?}\n  output: {:?}\nIf the change is meant, run UPDATE_GOLDEN=1 cargo test --test formats and review the diff.",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_uuid_v5(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && b[14] == b'5'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
        && s.bytes()
            .enumerate()
            .all(|(i, c)| [8, 13, 18, 23].contains(&i) || matches!(c, b'0'..=b'9' | b'a'..=b'f'))
}

// ---------------------------------------------------------------------------------------
// Navigator layer

#[test]
fn navigator_layer_of_the_example_matches_its_golden_file() {
    let (catalog, _, report) = example();
    golden(
        "rag-chatbot.navigator.json",
        &navigator::layer(catalog, &report),
    );
}

/// The required fields of layer format 4.5 and the types of every field written.
#[test]
fn navigator_layer_has_the_fields_the_layer_format_requires() {
    let (catalog, _, report) = example();
    let layer: Value = serde_json::from_str(&navigator::layer(catalog, &report)).unwrap();
    assert!(!layer["name"].as_str().unwrap().is_empty());
    assert_eq!(layer["domain"], "atlas-atlas");
    assert_eq!(layer["versions"]["layer"], "4.5");
    // The Navigator must be at least 4.9.0 for layer format 4.5.
    let nav: Vec<u32> = layer["versions"]["navigator"]
        .as_str()
        .unwrap()
        .split('.')
        .map(|p| p.parse().unwrap())
        .collect();
    assert!(nav >= vec![4, 9, 0], "{nav:?}");
    assert!(layer["description"].is_string());
    assert!(layer["sorting"].as_u64().unwrap() <= 3);
    assert!(layer["hideDisabled"].is_boolean());
    for key in ["showID", "showName"] {
        assert!(layer["layout"][key].is_boolean(), "layout.{key}");
    }
    let gradient = &layer["gradient"];
    let colors = gradient["colors"].as_array().unwrap();
    assert!(colors.len() >= 2);
    assert!(colors.iter().all(|c| is_hex_color(c.as_str().unwrap())));
    assert!(gradient["minValue"].as_f64().unwrap() < gradient["maxValue"].as_f64().unwrap());
    let legend = layer["legendItems"].as_array().unwrap();
    assert!(!legend.is_empty());
    for item in legend {
        assert!(!item["label"].as_str().unwrap().is_empty());
        assert!(is_hex_color(item["color"].as_str().unwrap()));
    }
    for m in layer["metadata"].as_array().unwrap() {
        assert!(m["name"].is_string() && m["value"].is_string(), "{m}");
    }
    let techniques = layer["techniques"].as_array().unwrap();
    assert!(!techniques.is_empty());
    for t in techniques {
        let id = t["techniqueID"].as_str().unwrap();
        assert!(navigator::is_technique(id), "{id}");
        let score = t["score"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&score), "{id}: {score}");
        assert!(t["comment"].as_str().unwrap().starts_with(id));
        assert_eq!(t["enabled"], true);
        for m in t["metadata"].as_array().unwrap() {
            assert!(m["name"].is_string() && m["value"].is_string(), "{m}");
        }
    }
}

/// The techniques are those the scored risks cite, each scored by their mean coverage,
/// worked out here from the report and the catalog.
#[test]
fn navigator_techniques_are_those_the_scored_risks_cite_scored_by_their_coverage() {
    let (catalog, _, report) = example();
    let mut expected: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
    for result in &report.risks {
        let Some(coverage) = result.coverage else {
            continue;
        };
        let risk = catalog.risk(result.id).unwrap();
        let cited: BTreeSet<&String> = risk
            .crosswalk
            .get("mitreAtlas")
            .into_iter()
            .flatten()
            .filter(|id| id.starts_with("AML.T") && !id.starts_with("AML.TA"))
            .collect();
        for id in cited {
            expected
                .entry(id.clone())
                .or_default()
                .push((result.id.to_string(), coverage));
        }
    }
    let layer: Value = serde_json::from_str(&navigator::layer(catalog, &report)).unwrap();
    let techniques = layer["techniques"].as_array().unwrap();
    let ids: Vec<&str> = techniques
        .iter()
        .map(|t| t["techniqueID"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected.keys().map(String::as_str).collect::<Vec<_>>());
    for t in techniques {
        let risks = &expected[t["techniqueID"].as_str().unwrap()];
        let mean = risks.iter().map(|r| r.1).sum::<f64>() / risks.len() as f64;
        assert_eq!(t["score"].as_f64().unwrap(), (mean * 100.0).round());
        let comment = t["comment"].as_str().unwrap();
        for (id, _) in risks {
            assert!(comment.contains(&format!(" {id} ")), "{comment} lacks {id}");
        }
        assert_eq!(t["metadata"].as_array().unwrap().len(), risks.len());
    }
    // 5.4 is set aside in the example: a technique only it cites is not in the layer.
    assert!(report
        .risks
        .iter()
        .any(|r| r.id == "5.4" && r.coverage.is_none()));
}

#[test]
fn navigator_scores_follow_the_controls() {
    let catalog = builtin("2.0").unwrap();
    let mut assessment = Assessment::new("2.0");
    let layer = |a: &Assessment| -> Value {
        serde_json::from_str(&navigator::layer(catalog, &evaluate(catalog, a).unwrap())).unwrap()
    };
    let blank = layer(&assessment);
    assert!(blank["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["score"] == 0));
    // Every control implemented: every technique at 100.
    for control in &catalog.controls {
        assessment.controls.insert(
            control.id.clone(),
            ai_risk_map::assess::ControlState {
                status: ai_risk_map::assess::ControlStatus::Implemented,
                ..Default::default()
            },
        );
    }
    let full = layer(&assessment);
    assert!(full["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["score"] == 100));
    assert_eq!(
        blank["techniques"].as_array().unwrap().len(),
        full["techniques"].as_array().unwrap().len()
    );
}

// ---------------------------------------------------------------------------------------
// OSCAL catalog

#[test]
#[cfg_attr(
    feature = "split-texts",
    ignore = "the golden files hold the long texts, which a split-texts build (the wasm's, and so `cargo test --workspace`) leaves out"
)]
fn oscal_catalog_matches_its_golden_file() {
    golden(
        "dasf-2.0.oscal-catalog.json",
        &oscal::catalog(builtin("2.0").unwrap()).unwrap(),
    );
}

/// Every part and control with an id, anywhere in the document: id -> the object.
fn ids_in<'a>(value: &'a Value, out: &mut BTreeMap<String, &'a Value>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get("id") {
                assert!(out.insert(id.clone(), value).is_none(), "id {id} twice");
            }
            map.values().for_each(|v| ids_in(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| ids_in(v, out)),
        _ => {}
    }
}

fn hrefs(value: &Value, rel: &str) -> Vec<String> {
    value["links"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l["rel"] == rel)
        .map(|l| {
            l["href"]
                .as_str()
                .unwrap()
                .trim_start_matches('#')
                .to_string()
        })
        .collect()
}

#[test]
fn oscal_catalog_links_every_risk_and_control_both_ways() {
    let catalog = builtin("2.0").unwrap();
    let doc: Value = serde_json::from_str(&oscal::catalog(catalog).unwrap()).unwrap();
    let root = &doc["catalog"];
    assert!(is_uuid_v5(root["uuid"].as_str().unwrap()));
    assert_eq!(root["metadata"]["oscal-version"], oscal::OSCAL_VERSION);
    let mut ids = BTreeMap::new();
    ids_in(root, &mut ids);
    // Stages hold components, which hold their risks.
    let groups = root["groups"].as_array().unwrap();
    assert_eq!(groups.len(), catalog.stages.len() + 1);
    for (stage, group) in catalog.stages.iter().zip(groups) {
        assert_eq!(group["class"], "stage");
        let components: Vec<&str> = group["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["id"].as_str().unwrap())
            .collect();
        let expected: Vec<String> = stage
            .components
            .iter()
            .map(|c| format!("component-{c}"))
            .collect();
        assert_eq!(components, expected);
    }
    for risk in &catalog.risks {
        let part = ids[&format!("risk-{}", risk.id)];
        assert_eq!(part["name"], "risk");
        let controls = hrefs(part, "mitigated-by");
        let expected: Vec<String> = risk.controls.iter().map(|c| oscal::control_id(c)).collect();
        assert_eq!(controls, expected, "risk {}", risk.id);
        let owner = ids[&format!("component-{}", risk.component)];
        assert!(owner["parts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == format!("risk-{}", risk.id)));
    }
    for control in &catalog.controls {
        let oscal_control = ids[&oscal::control_id(&control.id)];
        assert_eq!(oscal_control["class"], "dasf-control");
        assert!(oscal_control["props"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "label" && p["value"] == control.id.as_str()));
        let risks = hrefs(oscal_control, "mitigates");
        let expected: Vec<String> = control.risks.iter().map(|r| format!("risk-{r}")).collect();
        assert_eq!(risks, expected, "{}", control.id);
        for target in risks {
            assert!(
                ids.contains_key(&target),
                "{} links to {target}",
                control.id
            );
        }
    }
}

#[test]
fn oscal_catalog_is_deterministic_and_names_its_edition() {
    let with = oscal::catalog(builtin_edition("2.0", false).unwrap()).unwrap();
    assert_eq!(with, oscal::catalog(builtin("2.0").unwrap()).unwrap());
    let published = oscal::catalog(builtin_edition("2.0", true).unwrap()).unwrap();
    let uuid = |t: &str| {
        serde_json::from_str::<Value>(t).unwrap()["catalog"]["uuid"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_ne!(uuid(&with), uuid(&published));
    assert!(published.contains("\"as published\""));
    let v1 = oscal::catalog(builtin("1.0").unwrap()).unwrap();
    assert_ne!(uuid(&with), uuid(&v1));
}

#[test]
fn oscal_catalog_refuses_ids_that_collide_and_keeps_text_inert() {
    let mut catalog = builtin("2.0").unwrap().clone();
    catalog.controls[0].name = "<script>x</script>\n# [a](javascript:b)".into();
    let doc: Value = serde_json::from_str(&oscal::catalog(&catalog).unwrap()).unwrap();
    let mut ids = BTreeMap::new();
    ids_in(&doc["catalog"], &mut ids);
    let title = ids["dasf-1"]["title"].as_str().unwrap();
    // One line of inert Markdown: no HTML, no heading, no link.
    assert_eq!(
        title,
        "\\<script\\>x\\</script\\> \\# \\[a\\](javascript:b)"
    );

    let mut clash = builtin("2.0").unwrap().clone();
    clash.controls[1].id = "dasf-1".into();
    let err = oscal::catalog(&clash).unwrap_err();
    assert!(err.to_string().contains("`DASF 1` and `dasf-1`"), "{err}");
}

// ---------------------------------------------------------------------------------------
// The command line

const BIN: &str = env!("CARGO_BIN_EXE_ai-risk-map");
const EXAMPLE_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/rag-chatbot.assessment.json"
);

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(BIN)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn cli_writes_the_same_documents_as_the_engine() {
    let (code, stdout, _) = cli(&["catalog", "--format", "oscal"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, oscal::catalog(builtin("2.0").unwrap()).unwrap());
    let (code, stdout, _) = cli(&["catalog", "--format", "oscal", "--as-published"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        oscal::catalog(builtin_edition("2.0", true).unwrap()).unwrap()
    );
    let (catalog, _, report) = example();
    let (code, stdout, _) = cli(&["assess", EXAMPLE_PATH, "--format", "navigator"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, navigator::layer(catalog, &report));
}

#[test]
fn cli_names_the_formats_it_accepts() {
    let (code, stdout, stderr) = cli(&["assess", EXAMPLE_PATH, "--format", "oscl"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("unknown format `oscl`: expected one of") && stderr.contains("navigator"),
        "{stderr}"
    );
    let (code, _, stderr) = cli(&["catalog", "--format", "navigator"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("oscal"), "{stderr}");
}

// ---------------------------------------------------------------------------------------
// OSCAL assessment results and POA&M

use ai_risk_map::assess::{ControlStatus, RiskState};
use ai_risk_map::render::oscal_results;

fn ar_of(catalog: &Catalog, report: &Report) -> Value {
    let text = oscal_results::assessment_results(catalog, report).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["assessment-results"].clone()
}

fn poam_of(catalog: &Catalog, report: &Report) -> Value {
    let text = oscal_results::poam(catalog, report).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["plan-of-action-and-milestones"].clone()
}

/// Every `uuid` member in a document, checked to be version 5 and unique.
fn uuids_in(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(uuid)) = map.get("uuid") {
                assert!(is_uuid_v5(uuid), "{uuid}");
                assert!(out.insert(uuid.clone()), "uuid {uuid} twice");
            }
            map.values().for_each(|v| uuids_in(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| uuids_in(v, out)),
        _ => {}
    }
}

fn prop<'a>(value: &'a Value, name: &str) -> Option<&'a str> {
    value["props"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["value"].as_str())
}

#[test]
#[cfg_attr(
    feature = "split-texts",
    ignore = "the golden files hold the long texts, which a split-texts build (the wasm's, and so `cargo test --workspace`) leaves out"
)]
fn oscal_assessment_results_and_poam_match_their_golden_files() {
    let (catalog, _, report) = example();
    golden(
        "rag-chatbot.oscal-ar.json",
        &oscal_results::assessment_results(catalog, &report).unwrap(),
    );
    golden(
        "rag-chatbot.oscal-poam.json",
        &oscal_results::poam(catalog, &report).unwrap(),
    );
}

#[test]
fn oscal_assessment_results_say_what_the_report_says() {
    let (catalog, assessment, report) = example();
    let ar = ar_of(catalog, &report);
    let mut uuids = BTreeSet::new();
    uuids_in(&ar, &mut uuids);
    let meta = &ar["metadata"];
    assert_eq!(meta["last-modified"], "2026-11-30T00:00:00Z");
    assert_eq!(meta["oscal-version"], oscal::OSCAL_VERSION);
    let assessor = meta["responsible-parties"][0]["party-uuids"][0].clone();
    assert_eq!(meta["responsible-parties"][0]["role-id"], "assessor");
    let party = meta["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["uuid"] == assessor)
        .unwrap();
    assert_eq!(party["name"], assessment.assessor.as_str());
    // import-ap points at a back-matter resource.
    let href = ar["import-ap"]["href"].as_str().unwrap();
    assert!(ar["back-matter"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| format!("#{}", r["uuid"].as_str().unwrap()) == href));

    let result = &ar["results"][0];
    assert_eq!(result["start"], "2026-11-30T00:00:00Z");
    // The catalog the targets and control ids refer to.
    let oscal_catalog: Value = serde_json::from_str(&oscal::catalog(catalog).unwrap()).unwrap();
    let mut ids = BTreeMap::new();
    ids_in(&oscal_catalog["catalog"], &mut ids);
    let reviewed = result["reviewed-controls"]["control-selections"][0]["include-controls"]
        .as_array()
        .unwrap();
    assert_eq!(reviewed.len(), report.controls.len());
    for c in reviewed {
        assert!(ids.contains_key(c["control-id"].as_str().unwrap()), "{c}");
    }

    // One observation per control that matters and has a status, with its evidence.
    let observations = result["observations"].as_array().unwrap();
    let assessed: Vec<_> = report
        .controls
        .iter()
        .filter(|c| c.status != ControlStatus::NotAssessed)
        .collect();
    assert_eq!(observations.len(), assessed.len());
    for (o, c) in observations.iter().zip(&assessed) {
        assert_eq!(prop(o, "label"), Some(c.id));
        assert_eq!(prop(o, "control-status"), Some(c.status.as_str()));
        assert_eq!(o["collected"], "2026-11-30T00:00:00Z");
        let evidence = o["relevant-evidence"].as_array().map_or(0, Vec::len);
        assert_eq!(evidence, c.evidence.len(), "{}", c.id);
    }
    let dasf1 = &observations[0];
    assert_eq!(
        dasf1["relevant-evidence"][0]["href"],
        "https://wiki.example.com/security/idp-mfa-policy"
    );
    assert!(dasf1["relevant-evidence"][1].get("href").is_none());
    assert_eq!(
        dasf1["remarks"],
        "Corporate IdP with MFA for every workspace user."
    );
    let observation_uuids: BTreeSet<&str> = observations
        .iter()
        .map(|o| o["uuid"].as_str().unwrap())
        .collect();

    // One finding per scored risk, targeting its part in the catalog, with its state.
    let findings = result["findings"].as_array().unwrap();
    let scored: Vec<_> = report
        .risks
        .iter()
        .filter(|r| r.coverage.is_some())
        .collect();
    assert_eq!(findings.len(), scored.len());
    assert_eq!(findings.len(), report.overall.scored);
    for (f, r) in findings.iter().zip(&scored) {
        let target = &f["target"];
        assert_eq!(target["type"], "objective-id");
        let id = target["target-id"].as_str().unwrap();
        assert_eq!(id, format!("risk-{}", r.id));
        assert_eq!(ids[id]["name"], "risk");
        let satisfied = r.state == RiskState::Covered;
        assert_eq!(
            target["status"]["state"],
            if satisfied {
                "satisfied"
            } else {
                "not-satisfied"
            }
        );
        assert_eq!(prop(f, "risk-state"), Some(r.state.as_str()));
        for rel in f["related-observations"].as_array().into_iter().flatten() {
            assert!(observation_uuids.contains(rel["observation-uuid"].as_str().unwrap()));
        }
    }
    let f91 = findings
        .iter()
        .find(|f| prop(f, "label") == Some("9.1"))
        .unwrap();
    assert_eq!(prop(f91, "likelihood"), Some("4"));
    assert!(f91["remarks"]
        .as_str()
        .unwrap()
        .contains("DASF 30 is not relied on for this risk"));
}

#[test]
fn oscal_uuids_are_stable_across_exports_and_edits() {
    let (catalog, mut assessment, report) = example();
    let first = oscal_results::assessment_results(catalog, &report).unwrap();
    assert_eq!(
        first,
        oscal_results::assessment_results(catalog, &report).unwrap()
    );
    // A changed note changes that observation's remarks, not any UUID.
    assessment.controls.get_mut("DASF 1").unwrap().note = "Changed.".into();
    let edited = evaluate(catalog, &assessment).unwrap();
    let (a, b) = (ar_of(catalog, &report), ar_of(catalog, &edited));
    let (mut ua, mut ub) = (BTreeSet::new(), BTreeSet::new());
    uuids_in(&a, &mut ua);
    uuids_in(&b, &mut ub);
    assert_eq!(ua, ub);
    assert_ne!(a, b);
    // Another date is another assessment: other UUIDs.
    assessment.assessed_on = Some("2026-12-01".into());
    let later = ar_of(catalog, &evaluate(catalog, &assessment).unwrap());
    assert_ne!(a["uuid"], later["uuid"]);
}

#[test]
fn oscal_poam_has_one_item_per_open_control_with_owner_and_due_date() {
    let (catalog, _, report) = example();
    let poam = poam_of(catalog, &report);
    let mut uuids = BTreeSet::new();
    uuids_in(&poam, &mut uuids);
    let items = poam["poam-items"].as_array().unwrap();
    let open: BTreeSet<&str> = report
        .controls
        .iter()
        .filter(|c| c.open)
        .map(|c| c.id)
        .collect();
    let listed: BTreeSet<&str> = items.iter().map(|i| prop(i, "label").unwrap()).collect();
    assert_eq!(listed, open);
    assert_eq!(items.len(), open.len());
    // Most urgent first: the control of the highest-ranked gap.
    assert_eq!(prop(&items[0], "label"), Some(report.gaps[0].control));

    let risks = poam["risks"].as_array().unwrap();
    let parties = poam["metadata"]["parties"].as_array().unwrap();
    let party_name = |uuid: &Value| {
        parties
            .iter()
            .find(|p| &p["uuid"] == uuid)
            .map(|p| p["name"].as_str().unwrap().to_string())
            .unwrap()
    };
    for item in items {
        let id = prop(item, "label").unwrap();
        let control = report.controls.iter().find(|c| c.id == id).unwrap();
        let risk_uuid = &item["related-risks"][0]["risk-uuid"];
        let risk = risks.iter().find(|r| &r["uuid"] == risk_uuid).unwrap();
        assert_eq!(
            risk["deadline"].as_str(),
            control
                .due
                .as_ref()
                .map(|d| format!("{d}T00:00:00Z"))
                .as_deref()
        );
        let expected_status = match control.status {
            ControlStatus::Planned | ControlStatus::Partial => "remediating",
            _ => "open",
        };
        assert_eq!(risk["status"], expected_status, "{id}");
        let task = &risk["remediations"][0]["tasks"][0];
        if control.owner.is_empty() {
            assert!(task.get("responsible-roles").is_none(), "{id}");
        } else {
            assert_eq!(prop(item, "owner"), Some(control.owner.as_str()));
            assert_eq!(task["responsible-roles"][0]["role-id"], "control-owner");
            assert_eq!(
                party_name(&task["responsible-roles"][0]["party-uuids"][0]),
                control.owner
            );
        }
        if let Some(due) = &control.due {
            assert_eq!(
                task["timing"]["on-date"]["date"],
                format!("{due}T00:00:00Z")
            );
        }
    }
    let dasf54 = items
        .iter()
        .find(|i| prop(i, "label") == Some("DASF 54"))
        .unwrap();
    assert_eq!(prop(dasf54, "due"), Some("2026-12-20"));
    assert_eq!(prop(dasf54, "owner"), Some("ML platform team"));
}

#[test]
fn oscal_exports_refuse_what_oscal_cannot_say() {
    let catalog = builtin("2.0").unwrap();
    // No date: OSCAL requires one; the error names the field.
    let undated = evaluate(catalog, &Assessment::new("2.0")).unwrap();
    for err in [
        oscal_results::assessment_results(catalog, &undated).unwrap_err(),
        oscal_results::poam(catalog, &undated).unwrap_err(),
    ] {
        assert_eq!(err.code(), "invalid_document");
        assert_eq!(err.path(), Some("assessedOn"));
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }
    // Nothing open: a POA&M would have no item.
    let mut done = Assessment::new("2.0");
    done.assessed_on = Some("2026-12-01".into());
    for control in &catalog.controls {
        done.controls.insert(
            control.id.clone(),
            ai_risk_map::assess::ControlState {
                status: ControlStatus::Implemented,
                ..Default::default()
            },
        );
    }
    let report = evaluate(catalog, &done).unwrap();
    let err = oscal_results::poam(catalog, &report).unwrap_err();
    assert!(
        err.to_string().contains("no control that matters is open"),
        "{err}"
    );
    // The results of that assessment are fine: every finding satisfied.
    let ar = ar_of(catalog, &report);
    assert!(ar["results"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["target"]["status"]["state"] == "satisfied"));
}

#[test]
fn cli_writes_oscal_results_and_poam_and_explains_a_missing_date() {
    let (catalog, _, report) = example();
    let (code, stdout, _) = cli(&["assess", EXAMPLE_PATH, "--format", "oscal"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        oscal_results::assessment_results(catalog, &report).unwrap()
    );
    let (code, stdout, _) = cli(&["assess", EXAMPLE_PATH, "--format", "oscal-poam"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, oscal_results::poam(catalog, &report).unwrap());

    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("formats-undated.json");
    std::fs::write(&path, r#"{"schema": "ai-risk-map/assessment"}"#).unwrap();
    let (code, stdout, stderr) = cli(&["assess", path.to_str().unwrap(), "--format", "oscal"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("formats-undated.json") && stderr.contains("assessedOn"),
        "{stderr}"
    );
}

#[test]
fn oscal_catalog_of_an_imported_13_component_catalog_says_it_has_no_date() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/compendium/dasf-3.0-shaped.catalog.json"),
    )
    .unwrap();
    let catalog = Catalog::from_json(&text).unwrap();
    let doc: Value = serde_json::from_str(&oscal::catalog(&catalog).unwrap()).unwrap();
    let root = &doc["catalog"];
    let components: usize = root["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["class"] == "stage")
        .map(|g| g["groups"].as_array().unwrap().len())
        .sum();
    assert_eq!(components, catalog.components.len());
    assert_eq!(components, 13);
    // No date in its provenance: a fixed placeholder, said in the remarks (never the clock).
    assert_eq!(root["metadata"]["last-modified"], "1970-01-01T00:00:00Z");
    assert!(root["metadata"]["remarks"]
        .as_str()
        .unwrap()
        .contains("states no date"));
    assert_eq!(
        oscal::catalog(&catalog).unwrap(),
        oscal::catalog(&catalog).unwrap()
    );
}
