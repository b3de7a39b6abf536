//! The built-in catalog against the reference facts: the CSV of DASF 2.0 risk-to-control
//! pairs is the oracle, and the seed's list of 1.0 risks settles which risks 1.0 has.

use std::collections::{BTreeSet, HashSet};

use ai_risk_map::catalog::{builtin, edition_json, Catalog};

const PAIRS_CSV: &str = include_str!("fixtures/risk_control_pairs_v2.csv");
const SEED_V1_CSV: &str = include_str!("fixtures/risk_names_v1_seed.csv");

/// Split one CSV line into fields (RFC 4180 quoting; the fixtures have no embedded newlines).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(fields)
        .collect()
}

fn pairs(catalog: &Catalog) -> BTreeSet<(String, String)> {
    catalog
        .pairs()
        .map(|(r, c)| (r.id.clone(), c.to_string()))
        .collect()
}

fn oracle_pairs() -> BTreeSet<(String, String)> {
    rows(PAIRS_CSV)
        .into_iter()
        .map(|f| (f[0].clone(), f[4].clone()))
        .collect()
}

#[test]
fn fixtures_match_the_shared_reference_when_it_is_present() {
    // CI and developers have ../shared beside the clone; the copies in tests/fixtures keep
    // the suite self-contained, and this keeps them honest.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/dasf");
    for (name, copy) in [
        ("risk_control_pairs_v2.csv", PAIRS_CSV),
        ("risk_names_v1_seed.csv", SEED_V1_CSV),
    ] {
        if let Ok(original) = std::fs::read_to_string(shared.join(name)) {
            assert_eq!(
                original, copy,
                "tests/fixtures/{name} differs from the shared reference"
            );
        }
    }
}

#[test]
fn dasf_2_0_has_exactly_the_reference_pairs_and_counts() {
    let cat = builtin("2.0").unwrap();
    assert_eq!(cat.stages.len(), 4);
    assert_eq!(cat.components.len(), 12);
    assert_eq!(cat.risks.len(), 62);
    assert_eq!(cat.controls.len(), 64);
    let oracle = oracle_pairs();
    assert_eq!(oracle.len(), 362);
    let ours = pairs(cat);
    let missing: Vec<_> = oracle.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&oracle).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    assert_eq!(cat.pairs().count(), 362, "no pair may be listed twice");
}

#[test]
fn dasf_2_0_names_components_and_flags_match_the_oracle() {
    let cat = builtin("2.0").unwrap();
    for f in rows(PAIRS_CSV) {
        let risk = cat.risk(&f[0]).unwrap();
        assert_eq!(risk.name, f[1], "risk {}", f[0]);
        assert_eq!(risk.component, f[2], "risk {}", f[0]);
        let control = cat.control(&f[4]).unwrap();
        assert_eq!(control.name, f[5], "control {}", f[4]);
        assert_eq!(control.introduced, f[6], "control {}", f[4]);
    }
}

#[test]
fn dasf_1_0_is_the_seed_list_with_its_names() {
    let cat = builtin("1.0").unwrap();
    let seed = rows(SEED_V1_CSV);
    assert_eq!(seed.len(), 55);
    let ids: Vec<&str> = cat.risks.iter().map(|r| r.id.as_str()).collect();
    let seed_ids: Vec<&str> = seed.iter().map(|f| f[0].as_str()).collect();
    assert_eq!(ids, seed_ids);
    for f in &seed {
        let risk = cat.risk(&f[0]).unwrap();
        assert_eq!(risk.name, f[1], "1.0 name of {}", f[0]);
        if f[1] != f[2] {
            assert_eq!(risk.other_version_name.as_deref(), Some(f[2].as_str()));
            assert_eq!(builtin("2.0").unwrap().risk(&f[0]).unwrap().name, f[2]);
        }
    }
    // The disputed platform risk: 1.0 has 12.2 and not 12.7.
    assert!(cat.risk("12.2").is_some() && cat.risk("12.7").is_none());
    let by_stage: Vec<usize> = cat
        .stages
        .iter()
        .map(|s| cat.risks.iter().filter(|r| r.stage == s.id).count())
        .collect();
    assert_eq!(by_stage, vec![19, 14, 15, 7]);
    assert_eq!(cat.controls.len(), 53);
    assert!(cat.controls.iter().all(|c| c.introduced == "1.0"));
    let numbers: Vec<u32> = cat
        .controls
        .iter()
        .map(|c| c.id.trim_start_matches("DASF ").parse().unwrap())
        .collect();
    assert_eq!(numbers, (1..=53).collect::<Vec<_>>());
}

#[test]
fn dasf_1_0_pairs_are_the_2_0_pairs_restricted() {
    let v1 = builtin("1.0").unwrap();
    let v1_risks: HashSet<&str> = v1.risks.iter().map(|r| r.id.as_str()).collect();
    let expected: BTreeSet<(String, String)> = oracle_pairs()
        .into_iter()
        .filter(|(r, c)| {
            v1_risks.contains(r.as_str())
                && c.trim_start_matches("DASF ").parse::<u32>().unwrap() <= 53
        })
        .collect();
    assert_eq!(expected.len(), 275);
    assert_eq!(pairs(v1), expected);
}

#[test]
#[cfg_attr(
    feature = "split-texts",
    ignore = "reads the long texts, which a split-texts build (the wasm's, and so `cargo test --workspace`) leaves out"
)]
fn both_versions_are_consistent() {
    for v in ["1.0", "2.0"] {
        let cat = builtin(v).unwrap();
        cat.validate().unwrap();
        assert!(
            cat.risks.iter().all(|r| !r.controls.is_empty()),
            "every risk is mitigated"
        );
        for r in &cat.risks {
            assert!(
                r.description.len() > 100,
                "risk {} needs a real description",
                r.id
            );
            assert!(
                !r.deployment.is_empty(),
                "risk {} applies to no deployment model",
                r.id
            );
        }
        for c in &cat.controls {
            assert!(
                c.description.len() > 60 && c.implementation.len() > 60,
                "control {}",
                c.id
            );
        }
        for c in &cat.components {
            assert!(c.description.len() > 100, "component {}", c.id);
        }
        assert!(!cat.provenance.notes.is_empty() && !cat.provenance.source.is_empty());
    }
}

#[test]
fn known_uncertainties_are_stated_where_they_matter() {
    let cat = builtin("2.0").unwrap();
    for id in [
        "DASF 2", "DASF 4", "DASF 17", "DASF 23", "DASF 37", "DASF 46", "DASF 54", "DASF 56",
        "DASF 58",
    ] {
        assert!(
            !cat.control(id).unwrap().notes.is_empty(),
            "{id} should carry its inconsistency note"
        );
    }
    assert!(cat.control("DASF 61").unwrap().risks.is_empty());
    assert!(!cat.risk("12.2").unwrap().notes.is_empty());
    assert!(!cat.risk("12.7").unwrap().notes.is_empty());
    let v1 = builtin("1.0").unwrap();
    assert!(v1.provenance.notes.iter().any(|n| n.contains("inferred")));
}

#[test]
fn crosswalks_carry_the_reference_ids() {
    let cat = builtin("2.0").unwrap();
    let r = cat.risk("9.1").unwrap();
    assert_eq!(r.crosswalk["mitreAtlas"], vec!["AML.T0051"]);
    assert!(r.crosswalk["owaspLlm"]
        .iter()
        .any(|id| id.starts_with("LLM01")));
    assert_eq!(
        cat.crosswalk_entry("mitreAtlas", "AML.T0051"),
        Some("LLM Prompt Injection")
    );
    for key in [
        "mitreAtlas",
        "owaspLlm",
        "owaspMl",
        "nist80053",
        "iso42001",
        "iso27001",
        "euAiAct",
    ] {
        assert!(
            cat.risks.iter().any(|r| r.crosswalk.contains_key(key)),
            "{key} maps no risk"
        );
    }
    // Every id mapped by an item has an entry name, except NIST family ranges.
    for (key, ids) in cat.risks.iter().flat_map(|r| r.crosswalk.iter()) {
        for id in ids {
            assert!(
                cat.crosswalk_entry(key, id).is_some() || id.contains(".."),
                "{key} {id}"
            );
        }
    }
}

#[test]
#[cfg_attr(
    feature = "split-texts",
    ignore = "reads the long texts, which a split-texts build (the wasm's, and so `cargo test --workspace`) leaves out"
)]
fn duplicate_names_are_distinct_risks() {
    let cat = builtin("2.0").unwrap();
    for (a, b) in [("1.4", "3.2"), ("8.4", "9.2"), ("9.6", "10.3")] {
        let (ra, rb) = (cat.risk(a).unwrap(), cat.risk(b).unwrap());
        assert_eq!(ra.name, rb.name);
        assert_ne!(ra.component, rb.component);
        assert_ne!(ra.description, rb.description);
    }
}

#[test]
fn a_catalog_document_round_trips_and_broken_ones_are_refused() {
    let cat = builtin("2.0").unwrap();
    let text = serde_json::to_string(cat).unwrap();
    assert_eq!(&Catalog::from_json(&text).unwrap(), cat);
    let v1 = builtin("1.0").unwrap();
    assert_eq!(
        &Catalog::from_json(&serde_json::to_string(v1).unwrap()).unwrap(),
        v1
    );

    let mut broken = cat.clone();
    broken.risks[0].controls.push("DASF 999".into());
    let err = Catalog::from_json(&serde_json::to_string(&broken).unwrap()).unwrap_err();
    assert_eq!(err.code(), "invalid_catalog");
    assert!(err.to_string().contains("DASF 999"), "{err}");

    let mut orphan = cat.clone();
    orphan.risks[0].controls.clear();
    let err = Catalog::from_json(&serde_json::to_string(&orphan).unwrap()).unwrap_err();
    assert!(err.to_string().contains("no mitigating control"), "{err}");

    let err = Catalog::from_json(r#"{"schema": "ai-risk-map/catalog"}"#).unwrap_err();
    assert_eq!(err.code(), "invalid_document");
}

/// Each error of a catalog document names where it is, down to map entries and list items
/// (the reader writes these paths out only for an error).
#[test]
fn catalog_errors_name_their_path() {
    let cat = serde_json::to_value(builtin("2.0").unwrap()).unwrap();
    let path_of = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut doc = cat.clone();
        change(&mut doc);
        let err = Catalog::from_json(&doc.to_string()).unwrap_err();
        (err.code(), err.path().unwrap_or("-").to_string())
    };
    let shape = "invalid_document";
    assert_eq!(
        path_of(&|d| d["risks"][3]["crosswalk"]["mitreAtlas"][1] = 7.into()),
        (shape, "risks[3].crosswalk.mitreAtlas[1]".into())
    );
    assert_eq!(
        path_of(&|d| d["risks"][3]["crosswalk"]["mitreAtlas"] = "x".into()),
        (shape, "risks[3].crosswalk.mitreAtlas".into())
    );
    assert_eq!(
        path_of(&|d| d["crosswalks"][0]["entries"]["AML.T0051"] = true.into()),
        (shape, "crosswalks[0].entries.AML.T0051".into())
    );
    assert_eq!(
        path_of(&|d| d["controls"][2]["staus"] = "x".into()),
        (shape, "controls[2].staus".into())
    );
    assert_eq!(
        path_of(&|d| d["controls"][2] = 1.into()),
        (shape, "controls[2]".into())
    );
    assert_eq!(
        path_of(&|d| d["risks"] = serde_json::json!({})),
        (shape, "risks".into())
    );
    assert_eq!(
        path_of(&|d| d["stages"][1]["components"] = serde_json::json!([1])),
        (shape, "stages[1].components[0]".into())
    );
    // The first error in document order wins: a bad member before an unknown one, and a
    // bad item before a bad later list.
    assert_eq!(
        path_of(&|d| {
            d["risks"][3]["zzz"] = "x".into();
            d["risks"][3]["name"] = 1.into();
            d["controls"][0]["name"] = 1.into();
        }),
        (shape, "risks[3].name".into())
    );
}

/// A stage that lists a component twice is refused: the diagram would draw it twice.
#[test]
fn a_component_listed_twice_in_a_stage_is_refused() {
    let text = serde_json::to_string(ai_risk_map::catalog::builtin("2.0").unwrap()).unwrap();
    let twice = text.replacen(
        r#""components":["1","2","3","4"]"#,
        r#""components":["1","2","3","4","2"]"#,
        1,
    );
    assert_ne!(twice, text, "the stage list was found");
    let err = ai_risk_map::catalog::Catalog::from_json(&twice).unwrap_err();
    assert_eq!(err.code(), "invalid_catalog");
    assert!(
        err.to_string().contains("lists component `2` twice"),
        "{err}"
    );
}

const DATA: &str = include_str!("../src/catalog/data/dasf-2.0.json");

/// The texts document of the data file, written here independently of the engine (from the
/// JSON, with serde_json): the long texts of components, risks and controls as one column per
/// member in list order (`""` where an item has none, no column where none has one), and the
/// data file's FNV-1a fingerprint.
fn texts_of_data_file() -> String {
    let data: serde_json::Value = serde_json::from_str(DATA).unwrap();
    let mut texts = serde_json::Map::new();
    for list in ["components", "risks", "controls"] {
        let mut columns = serde_json::Map::new();
        for k in ["description", "implementation"] {
            let column: Vec<&str> = data[list]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item.get(k).and_then(|v| v.as_str()).unwrap_or(""))
                .collect();
            if column.iter().any(|t| !t.is_empty()) {
                columns.insert(k.into(), column.into());
            }
        }
        texts.insert(list.into(), columns.into());
    }
    let hash = DATA.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    serde_json::json!({"schema": "ai-risk-map/catalog-texts", "schemaVersion": 2, "fingerprint": format!("{hash:016x}"), "texts": texts}).to_string()
}

/// The catalog compiled in by build.rs is the data file, read by the reader of user
/// catalogs: the same facts and texts, and a valid catalog. Under `split-texts` (the wasm
/// build; `cargo test --features split-texts --test catalog`) it lacks the long texts until
/// they are loaded, and is then the same.
#[test]
fn the_compiled_catalog_is_the_data_file() {
    let read = Catalog::from_json(DATA).unwrap();
    let compiled = builtin("2.0").unwrap();
    compiled.validate().unwrap();
    if cfg!(feature = "split-texts") {
        assert!(!ai_risk_map::catalog::has_texts());
        assert!(compiled.risks.iter().all(|r| r.description.is_empty()));
        assert!(compiled
            .controls
            .iter()
            .all(|c| c.implementation.is_empty()));
        // The first view's short texts stay.
        assert!(compiled
            .deployment_models
            .iter()
            .all(|d| !d.description.is_empty()));
        assert_eq!(compiled.risks.len(), read.risks.len());
        // Without its long texts, the text of the default edition still comes from the
        // data: the data file with each long text blank.
        let mut blanked: serde_json::Value = serde_json::from_str(DATA).unwrap();
        for list in ["components", "risks", "controls"] {
            for item in blanked[list].as_array_mut().unwrap() {
                for text in ["description", "implementation"] {
                    if let Some(t) = item.get_mut(text) {
                        *t = "".into();
                    }
                }
            }
        }
        let text = edition_json("2.0", false).unwrap();
        assert_eq!(text, ai_risk_map::json_text(compiled));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            blanked
        );
        ai_risk_map::catalog::load_texts(&texts_of_data_file()).unwrap();
        assert!(ai_risk_map::catalog::has_texts());
        assert!(builtin("1.0")
            .unwrap()
            .risks
            .iter()
            .all(|r| !r.description.is_empty()));
    } else {
        assert!(ai_risk_map::catalog::has_texts());
        // The engine's texts document is the one written here from the data file.
        let engine: serde_json::Value =
            serde_json::from_str(&ai_risk_map::catalog::texts_document().unwrap()).unwrap();
        let here: serde_json::Value = serde_json::from_str(&texts_of_data_file()).unwrap();
        assert_eq!(engine, here);
    }
    // The data file holds the default edition, errata applied; the published one undoes them.
    let compiled = builtin("2.0").unwrap();
    assert_eq!(compiled, &read);
    assert!(read.errata_applied);
    let published = ai_risk_map::catalog::builtin_edition("2.0", true).unwrap();
    assert_eq!(published, &read.with_errata(false));
    assert!(compiled.risks.iter().all(|r| !r.description.is_empty()));
    // And it is in the form the engine writes, member for member: the text of the default
    // edition (which, with the texts compiled in, is the data's own) is the catalog written.
    assert_eq!(
        edition_json("2.0", false).unwrap(),
        ai_risk_map::json_text(compiled)
    );
    assert_eq!(
        edition_json("2.0", true).unwrap(),
        ai_risk_map::json_text(published)
    );
    assert_eq!(
        edition_json("1.0", false).unwrap(),
        ai_risk_map::json_text(builtin("1.0").unwrap())
    );
}

/// Texts are only taken from a texts document of the data this build was compiled from.
#[test]
fn load_texts_refuses_another_builds_texts() {
    let good = texts_of_data_file();
    // Loading the good texts here would race the test above in a split build.
    if !cfg!(feature = "split-texts") {
        ai_risk_map::catalog::load_texts(&good).unwrap();
    }
    let stale = good.replacen("\"fingerprint\":\"", "\"fingerprint\":\"0", 1);
    assert_ne!(stale, good);
    let err = ai_risk_map::catalog::load_texts(&stale).unwrap_err();
    assert!(
        err.to_string().contains("not the texts of this build"),
        "{err}"
    );
    // A document of the earlier shape (texts by id, no version) is another build's too.
    let by_id = good.replacen("\"schemaVersion\":2,", "", 1);
    assert_ne!(by_id, good);
    let err = ai_risk_map::catalog::load_texts(&by_id).unwrap_err();
    assert!(err.to_string().contains("version 2"), "{err}");
    // A column that does not match its list is refused, naming it.
    let mut short: serde_json::Value = serde_json::from_str(&good).unwrap();
    short["texts"]["risks"]["description"]
        .as_array_mut()
        .unwrap()
        .pop();
    let err = ai_risk_map::catalog::load_texts(&short.to_string()).unwrap_err();
    assert!(
        err.to_string()
            .contains("texts.risks.description: 61 texts for 62 items"),
        "{err}"
    );
    assert!(ai_risk_map::catalog::load_texts("{").is_err());
    assert!(ai_risk_map::catalog::load_texts(DATA).is_err());
}

// ---------------------------------------------------------------------------------------
// Errata

#[test]
fn errata_only_add_deployment_models_and_never_touch_the_pairs() {
    use ai_risk_map::catalog::builtin_edition;
    let oracle = oracle_pairs();
    for version in ["1.0", "2.0"] {
        let corrected = builtin_edition(version, false).unwrap();
        let published = builtin_edition(version, true).unwrap();
        assert!(corrected.errata_applied && !published.errata_applied);
        assert_eq!(corrected.errata, published.errata);
        assert_eq!(pairs(corrected), pairs(published), "{version}");
        if version == "2.0" {
            assert_eq!(pairs(published), oracle);
            assert_eq!(corrected.errata.len(), 20);
        } else {
            // 9.12 and 10.6 are not in 1.0.
            assert_eq!(corrected.errata.len(), 18);
        }
        for e in &corrected.errata {
            let (c, p) = (
                corrected.risk(&e.risk).unwrap(),
                published.risk(&e.risk).unwrap(),
            );
            assert_eq!(e.field, "deployment");
            assert_eq!((&c.deployment, &p.deployment), (&e.corrected, &e.published));
            assert!(
                e.published.iter().all(|d| e.corrected.contains(d)),
                "{}",
                e.risk
            );
            assert!(e.corrected.len() > e.published.len(), "{}", e.risk);
            assert!(e.reason.len() > 40, "{}: say why", e.risk);
        }
        // Risks without an erratum are the same in both editions.
        for (c, p) in corrected.risks.iter().zip(&published.risks) {
            if !corrected.errata.iter().any(|e| e.risk == c.id) {
                assert_eq!(c, p);
            }
        }
    }
    // The five the issue names, for all three models.
    let corrected = builtin_edition("2.0", false).unwrap();
    for id in ["9.1", "9.2", "9.3", "9.4", "10.6"] {
        let d = &corrected.risk(id).unwrap().deployment;
        for m in ["rag_llm", "foundational_llm", "external_models"] {
            assert!(d.iter().any(|x| x == m), "{id} {m}");
        }
    }
}

#[test]
fn the_published_edition_has_the_reference_flags_when_it_is_present() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/dasf/dasf_v2.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let published = ai_risk_map::catalog::builtin_edition("2.0", true).unwrap();
    for r in reference["risks"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        // As sets: the reference's object keys come back sorted, the catalog lists models in
        // its own order.
        let mut flags: Vec<&str> = r["deployment_applicability"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, v)| v.as_bool() == Some(true))
            .map(|(k, _)| k.as_str())
            .collect();
        flags.sort_unstable();
        let mut ours: Vec<&str> = published
            .risk(id)
            .unwrap()
            .deployment
            .iter()
            .map(String::as_str)
            .collect();
        ours.sort_unstable();
        assert_eq!(ours, flags, "risk {id}");
    }
}

#[test]
fn broken_errata_are_refused() {
    let text = serde_json::to_string(builtin("2.0").unwrap()).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["version"] = "mine".into();
    let check = |edit: &dyn Fn(&mut serde_json::Value), expected: &str| {
        let mut v = value.clone();
        edit(&mut v);
        let err = Catalog::from_json(&v.to_string()).unwrap_err();
        assert_eq!(err.code(), "invalid_catalog", "{err}");
        assert!(err.to_string().contains(expected), "{err}");
    };
    check(&|v| v["errata"][0]["risk"] = "99.9".into(), "risk `99.9`");
    check(
        &|v| v["errata"][0]["field"] = "controls".into(),
        "only deployment",
    );
    check(
        &|v| v["errata"][1]["risk"] = v["errata"][0]["risk"].clone(),
        "a second time",
    );
    check(
        &|v| v["errata"][0]["corrected"][0] = "quantum".into(),
        "`quantum`",
    );
    // The risks must carry the corrected values when the errata say they are applied.
    check(
        &|v| v["errataApplied"] = false.into(),
        "as the published value",
    );
    // Reading the published edition back, with its errata, gives it unchanged.
    let published = ai_risk_map::catalog::builtin_edition("2.0", true).unwrap();
    let again = Catalog::from_json(&serde_json::to_string(published).unwrap()).unwrap();
    assert_eq!(&again, published);
    assert_eq!(again.with_errata(true), *builtin("2.0").unwrap());
}
