//! Importing catalogs from other shapes. The DASF compendium: the built-in 2.0 catalog
//! written in the compendium's shape (tests/fixtures/compendium, by
//! scripts/gen_compendium_fixture.py) must import back to the same catalog, from CSV and from
//! the workbook; a 3.0-shaped compendium with a 13th component imports as well; and bad
//! sheets are refused with the sheet, row and column named.

use std::path::{Path, PathBuf};
use std::process::Command;

use ai_risk_map::catalog::import::{import_compendium, InputFile};
use ai_risk_map::catalog::{builtin_edition, Catalog};

const BIN: &str = env!("CARGO_BIN_EXE_ai-risk-map");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn file(name: &str) -> InputFile {
    InputFile::read(&fixture(&format!("compendium/{name}"))).expect("fixture")
}

/// A minimal CSV reader and writer for editing the fixtures (RFC 4180 quoting).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

fn write_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

/// The fixture's rows, to edit.
fn rows(name: &str) -> Vec<Vec<String>> {
    parse_csv(&std::fs::read_to_string(fixture(&format!("compendium/{name}"))).unwrap())
}

fn csv_file(name: &str, rows: &[Vec<String>]) -> InputFile {
    InputFile {
        name: name.into(),
        bytes: write_csv(rows),
    }
}

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0].iter().position(|h| h == header).expect(header)
}

fn row_of(rows: &[Vec<String>], id: &str) -> usize {
    rows.iter()
        .position(|r| r[0] == id || r[0].ends_with(&format!(" {id}")))
        .expect(id)
}

/// Everything the import carries over, compared field by field with the built-in catalog.
fn assert_same_facts(imported: &Catalog, builtin: &Catalog) {
    let stages = |c: &Catalog| -> Vec<(String, String, Vec<String>)> {
        c.stages
            .iter()
            .map(|s| (s.id.clone(), s.name.clone(), s.components.clone()))
            .collect()
    };
    assert_eq!(stages(imported), stages(builtin));
    let components = |c: &Catalog| -> Vec<(String, String, String)> {
        c.components
            .iter()
            .map(|x| (x.id.clone(), x.name.clone(), x.stage.clone()))
            .collect()
    };
    assert_eq!(components(imported), components(builtin));
    let models =
        |c: &Catalog| -> Vec<String> { c.deployment_models.iter().map(|d| d.id.clone()).collect() };
    assert_eq!(models(imported), models(builtin));
    assert_eq!(imported.risks.len(), builtin.risks.len());
    for (a, b) in imported.risks.iter().zip(&builtin.risks) {
        assert_eq!(
            (
                &a.id,
                &a.name,
                &a.component,
                &a.stage,
                a.kind,
                &a.introduced
            ),
            (
                &b.id,
                &b.name,
                &b.component,
                &b.stage,
                b.kind,
                &b.introduced
            )
        );
        assert_eq!(
            a.deployment, b.deployment,
            "deployment flags of risk {}",
            a.id
        );
        assert_eq!(a.controls, b.controls, "controls of risk {}", a.id);
        assert_eq!(a.crosswalk, b.crosswalk, "crosswalk of risk {}", a.id);
    }
    assert_eq!(imported.controls.len(), builtin.controls.len());
    for (a, b) in imported.controls.iter().zip(&builtin.controls) {
        assert_eq!(
            (
                &a.id,
                &a.name,
                &a.introduced,
                a.responsibility,
                a.novelty,
                &a.operator
            ),
            (
                &b.id,
                &b.name,
                &b.introduced,
                b.responsibility,
                b.novelty,
                &b.operator
            )
        );
        assert_eq!((&a.control_type, &a.kind), (&b.control_type, &b.kind));
        assert_eq!(a.risks, b.risks, "risks of control {}", a.id);
        assert_eq!(a.crosswalk, b.crosswalk, "crosswalk of control {}", a.id);
    }
    for (a, b) in imported.crosswalks.iter().zip(&builtin.crosswalks) {
        assert_eq!((&a.id, &a.name, a.threats), (&b.id, &b.name, b.threats));
        assert_eq!(a.entries, b.entries, "entry names of {}", a.id);
    }
    assert_eq!(imported.crosswalks.len(), builtin.crosswalks.len());
}

#[test]
fn the_builtin_catalog_as_compendium_csv_imports_back_to_the_same_pairs_and_flags() {
    let imported = import_compendium(&[file("risks.csv"), file("controls.csv")], None).unwrap();
    assert_eq!(imported.version, "2.0-compendium");
    // The oracle: the 362 risk-to-control pairs of DASF 2.0, as the reference lists them.
    let oracle: Vec<(String, String)> =
        parse_csv(&std::fs::read_to_string(fixture("risk_control_pairs_v2.csv")).unwrap())
            .into_iter()
            .skip(1)
            .map(|r| (r[0].clone(), r[4].clone()))
            .collect();
    let pairs: Vec<(String, String)> = imported
        .pairs()
        .map(|(r, c)| (r.id.clone(), c.to_string()))
        .collect();
    assert_eq!(oracle.len(), 362);
    assert_eq!(pairs, oracle);
    let published = builtin_edition("2.0", true).unwrap();
    assert_same_facts(&imported, published);
    // The built-in corrections carry over, since the published flags are the same.
    assert_eq!(imported.errata, published.errata);
    let corrected = builtin_edition("2.0", false).unwrap();
    for (a, b) in imported
        .with_errata(true)
        .risks
        .iter()
        .zip(&corrected.risks)
    {
        assert_eq!(
            a.deployment, b.deployment,
            "corrected flags of risk {}",
            a.id
        );
    }
    assert!(imported
        .provenance
        .notes
        .iter()
        .any(|n| n.contains("corrections to deployment-model flags apply to 20 risk(s)")));
    // The document reads back as a user catalog.
    let text = ai_risk_map::catalog::import::catalog_document(&imported).unwrap();
    assert_eq!(Catalog::from_json(&text).unwrap(), imported);
}

#[test]
fn the_workbook_imports_the_same_as_its_csv_exports() {
    let from_csv = import_compendium(&[file("controls.csv"), file("risks.csv")], None).unwrap();
    let from_xlsx = import_compendium(&[file("compendium.xlsx")], None).unwrap();
    assert_same_facts(&from_xlsx, &from_csv);
    assert_eq!(from_xlsx.errata, from_csv.errata);
    assert!(from_xlsx.provenance.source.contains("compendium.xlsx"));
}

/// The fixture with a 13th component in a new stage (sub-components 13A to 13C), a 3.0
/// control and a new deployment-model column.
fn three_point_o() -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut risks = rows("risks.csv");
    let mut controls = rows("controls.csv");
    let flag = risks[0].len();
    risks[0].push("Agentic AI".into());
    for r in risks.iter_mut().skip(1) {
        r.push("No".into());
    }
    let template = risks[1].clone();
    for (sub, n) in [
        ("13A", "Agent memory poisoning"),
        ("13B", "Tool misuse"),
        ("13C", "Agent identity spoofing"),
    ] {
        let mut r = template.clone();
        r[0] = format!("Agents {sub}.1");
        r[1] = "Agentic AI".into();
        r[2] = format!("Agents {sub}.1: {n}");
        r[4] = "DASF 65,DASF 1".into();
        r[7] = "DASF v 3.0".into();
        for cell in &mut r[8..14] {
            *cell = "No".into();
        }
        r[flag] = "Yes".into();
        risks.push(r);
    }
    let mut c = controls[1].clone();
    c[0] = "DASF 65".into();
    c[1] = "DASF 65: Limit agent tools".into();
    c[2] = "Agents 13A.1, Agents 13B.1, Agents 13C.1".into();
    c[9] = "DASF v 3.0".into();
    controls.push(c);
    (risks, controls)
}

#[test]
fn a_compendium_with_a_13th_component_and_sub_components_imports() {
    let (risks, controls) = three_point_o();
    let files = [
        csv_file("risks-3.0.csv", &risks),
        csv_file("controls-3.0.csv", &controls),
    ];
    let catalog = import_compendium(&files, None).unwrap();
    assert_eq!(catalog.version, "3.0-compendium");
    assert_eq!(catalog.components.len(), 13);
    assert_eq!(catalog.stages.len(), 5);
    let agents = catalog.component("13").unwrap();
    assert_eq!(agents.name, "Agents");
    let stage = catalog.stage(&agents.stage).unwrap();
    assert_eq!(
        (stage.name.as_str(), stage.components.as_slice()),
        ("Agentic AI", &["13".to_string()][..])
    );
    let risk = catalog.risk("13B.1").unwrap();
    assert_eq!(risk.component, "13");
    assert_eq!(risk.deployment, ["agentic_ai"]);
    assert!(
        risk.notes[0].contains("Sub-component 13B"),
        "{:?}",
        risk.notes
    );
    assert_eq!(catalog.deployment_models.last().unwrap().name, "Agentic AI");
    assert_eq!(
        catalog.control("DASF 65").unwrap().risks,
        ["13A.1", "13B.1", "13C.1"]
    );
    // `--version` names it otherwise.
    let named = import_compendium(&files, Some("dasf-3.0-acme")).unwrap();
    assert_eq!(named.version, "dasf-3.0-acme");
    let err = import_compendium(&files, Some("2.0"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("built-in DASF version"), "{err}");
}

/// The 3.0-shaped catalog as a document: the page's browser test loads it
/// (tests/e2e/catalog-load.test.mjs). Kept current by this test; `UPDATE_GOLDEN=1` rewrites it.
#[test]
fn the_13_component_catalog_document_is_current() {
    let (risks, controls) = three_point_o();
    let files = [
        csv_file("risks-3.0.csv", &risks),
        csv_file("controls-3.0.csv", &controls),
    ];
    let catalog = import_compendium(&files, None).unwrap();
    let text = ai_risk_map::catalog::import::catalog_document(&catalog).unwrap();
    let path = fixture("compendium/dasf-3.0-shaped.catalog.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        golden == text,
        "{} is out of date: run UPDATE_GOLDEN=1 cargo test --test import",
        path.display()
    );
}

#[test]
fn a_malformed_cell_is_refused_naming_the_sheet_row_and_column() {
    let mut risks = rows("risks.csv");
    let at = row_of(&risks, "1.3");
    let rag = column(&risks, "RAG - LLMs");
    risks[at][rag] = "Maybe".into();
    let err = import_compendium(&[csv_file("risks.csv", &risks), file("controls.csv")], None)
        .unwrap_err()
        .to_string();
    assert_eq!(at, 3, "1.3 is the fourth row of the sheet");
    assert!(
        err.contains("sheet `risks.csv`, row 4, column J (RAG - LLMs): `maybe` is not Yes or No"),
        "{err}"
    );

    let mut risks = rows("risks.csv");
    let ids = column(&risks, "Mitigation Controls IDs");
    risks[1][ids] = "DASF 1, DASF 99".into();
    let err = import_compendium(&[csv_file("risks.csv", &risks), file("controls.csv")], None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("row 2, column E (Mitigation Controls IDs): risk 1.1 names control `DASF 99`"),
        "{err}"
    );

    let mut controls = rows("controls.csv");
    let resp = column(&controls, "Databricks Shared Responsibility");
    controls[5][resp] = "Databricks — Sometimes".into();
    let err = import_compendium(
        &[file("risks.csv"), csv_file("controls.csv", &controls)],
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("sheet `controls.csv`, row 6, column E (Databricks Shared Responsibility)"),
        "{err}"
    );

    // In a workbook, the worksheet's own row and column (the risk sheet has a title row).
    let err = import_compendium(&[file("malformed.xlsx")], None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sheet `AI Lifecycle Risks` of `malformed.xlsx`, row 5, column J (RAG - LLMs): `maybe` is not Yes or No"),
        "{err}"
    );

    // The same through the command: status 2 and the message.
    let dir = temp_dir("malformed");
    std::fs::write(
        dir.join("risks.csv"),
        write_csv(&{
            let mut r = rows("risks.csv");
            r[3][rag] = "Maybe".into();
            r
        }),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["import-compendium"])
        .arg(dir.join("risks.csv"))
        .arg(fixture("compendium/controls.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("row 4, column J (RAG - LLMs)"), "{stderr}");
}

#[test]
fn a_missing_column_is_refused_by_name() {
    let mut risks = rows("risks.csv");
    let novelty = column(&risks, "AI Novelty");
    for r in &mut risks {
        r.remove(novelty);
    }
    let err = import_compendium(&[csv_file("risks.csv", &risks), file("controls.csv")], None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sheet `risks.csv`, row 1: no column `AI Novelty` in the header row"),
        "{err}"
    );

    let mut controls = rows("controls.csv");
    let revision = column(&controls, "DASF Revision");
    for r in &mut controls {
        r.remove(revision);
    }
    let err = import_compendium(
        &[file("risks.csv"), csv_file("controls.csv", &controls)],
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("no column `DASF Revision`"), "{err}");

    // Only one of the two sheets.
    let err = import_compendium(&[file("risks.csv")], None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no control sheet (a header row with `Control ID`) among sheet `risks.csv`"),
        "{err}"
    );
}

#[test]
fn inconsistencies_between_the_two_tables_are_noted_as_the_builtin_catalog_does() {
    let mut controls = rows("controls.csv");
    let risks_c = column(&controls, "Risk ID");
    let at = row_of(&controls, "DASF 23");
    controls[at][risks_c].push_str(", Datasets 3.5, Raw Data 1.2");
    let catalog = import_compendium(
        &[file("risks.csv"), csv_file("controls.csv", &controls)],
        None,
    )
    .unwrap();
    let control = catalog.control("DASF 23").unwrap();
    assert!(
        control
            .notes
            .iter()
            .any(|n| n.contains("also lists risk(s) 1.2")),
        "{:?}",
        control.notes
    );
    assert!(
        control.notes.iter().any(|n| n.contains("cites risk 3.5")),
        "{:?}",
        control.notes
    );
    assert!(
        !control.risks.contains(&"1.2".to_string()),
        "the risk rows are primary"
    );
    assert!(catalog
        .provenance
        .notes
        .iter()
        .any(|n| n.contains("DASF 23 cites 3.5")));
    let unused = catalog.control("DASF 61").unwrap();
    assert!(unused.risks.is_empty() && unused.notes.iter().any(|n| n.contains("No risk")));
}

/// A scratch directory of one test, removed when dropped, so that a failing test leaves
/// nothing behind in the system's temporary directory either.
struct TempDir(PathBuf);

impl TempDir {
    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

fn temp_dir(name: &str) -> TempDir {
    let dir =
        std::env::temp_dir().join(format!("ai-risk-map-import-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

#[test]
fn the_imported_catalog_serves_assess_at_once() {
    let dir = temp_dir("assess");
    let out = Command::new(BIN)
        .arg("import-compendium")
        .arg(fixture("compendium/risks.csv"))
        .arg(fixture("compendium/controls.csv"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let catalog = dir.join("catalog.json");
    std::fs::write(&catalog, &out.stdout).unwrap();
    let out = Command::new(BIN)
        .args(["new", "--deployment", "rag_llm", "--catalog"])
        .arg(&catalog)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let assessment = dir.join("a.json");
    std::fs::write(&assessment, &out.stdout).unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"2.0-compendium\""));
    let out = Command::new(BIN)
        .arg("assess")
        .arg(&assessment)
        .args(["--format", "json", "--catalog"])
        .arg(&catalog)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["dasf"], "2.0-compendium", "{report:#}");
}

#[test]
fn the_diagram_grows_to_draw_every_stage_and_component() {
    use ai_risk_map::render::diagram::{svg, DiagramOptions};
    let text = std::fs::read_to_string(fixture("compendium/dasf-3.0-shaped.catalog.json")).unwrap();
    let catalog = Catalog::from_json(&text).unwrap();
    let drawn = svg(&catalog, None, &DiagramOptions::default());
    for c in &catalog.components {
        assert!(
            drawn.contains(&format!("data-component=\"{}\"", c.id)),
            "component {}",
            c.id
        );
    }
    assert_eq!(drawn.matches("class=\"arm-node ").count(), 13);
    assert_eq!(drawn.matches("<g class=\"arm-stage\"").count(), 5);
    // Four columns (one more than DASF's three) and a band: wider than DASF's drawing, and as
    // tall, since no column has more than four components.
    let view_box = |svg: &str| -> (i32, i32) {
        let at = svg.find("viewBox=\"0 0 ").unwrap() + "viewBox=\"0 0 ".len();
        let rest = &svg[at..];
        let mut n = rest[..rest.find('"').unwrap()]
            .split(' ')
            .map(|v| v.parse::<i32>().unwrap());
        (n.next().unwrap(), n.next().unwrap())
    };
    let dasf = svg(
        builtin_edition("2.0", false).unwrap(),
        None,
        &DiagramOptions::default(),
    );
    let (w, h) = view_box(&drawn);
    assert_eq!((w, h), (1326, view_box(&dasf).1), "four columns and a band");
    assert_eq!(
        view_box(&dasf).0,
        1000,
        "DASF's own drawing keeps its width"
    );
}

// The CoSAI risk map: a small map in the shape of the CoSAI repository's risk-map/yaml
// (tests/fixtures/cosai).

fn cosai_dir() -> String {
    fixture("cosai").display().to_string()
}

#[test]
fn the_cosai_risk_map_imports_as_a_catalog() {
    use ai_risk_map::catalog::import::{cosai_files, import_cosai};
    let catalog = import_cosai(&cosai_files(&[cosai_dir()]).unwrap(), None).unwrap();
    assert_eq!(catalog.version, "cosai");
    assert_eq!(catalog.framework, "CoSAI Risk Map");
    let stages: Vec<(&str, usize)> = catalog
        .stages
        .iter()
        .map(|s| (s.name.as_str(), s.components.len()))
        .collect();
    assert_eq!(
        stages,
        [
            ("Infrastructure components", 3),
            ("Model components", 1),
            ("Application components", 2),
            ("Cross-cutting", 1)
        ]
    );
    // Each risk on the component its controls name most often (ties: the first component).
    let on = |id: &str| catalog.risk(id).unwrap().component.clone();
    assert_eq!(on("riskDataPoisoning"), "componentTrainingData");
    assert_eq!(on("riskPromptInjection"), "componentTheModel");
    assert_eq!(on("riskShadowAgents"), "cosaiCrossCutting");
    // Its own controls, then those CoSAI applies to all risks.
    assert_eq!(
        catalog.risk("riskDataPoisoning").unwrap().controls,
        [
            "controlTrainingDataSanitization",
            "controlModelAndDataAccessControls",
            "controlRedTeaming"
        ]
    );
    assert_eq!(
        catalog.risk("riskShadowAgents").unwrap().controls,
        ["controlRedTeaming"]
    );
    // Personas are the deployment models.
    let models: Vec<&str> = catalog
        .deployment_models
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(
        models,
        [
            "Model Provider",
            "Data Provider",
            "AI Model Serving",
            "Application Developer",
            "AI System Governance"
        ]
    );
    assert_eq!(
        catalog.risk("riskPromptInjection").unwrap().deployment,
        ["personaApplicationDeveloper"]
    );
    // Mappings without their version suffixes.
    let risk = catalog.risk("riskDataPoisoning").unwrap();
    assert_eq!(
        risk.crosswalk.get("mitreAtlas").unwrap(),
        &["AML.T0020", "AML.T0019"]
    );
    assert_eq!(risk.crosswalk.get("stride").unwrap(), &["Tampering"]);
    let walks: Vec<(&str, &str, bool)> = catalog
        .crosswalks
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str(), c.threats))
        .collect();
    assert_eq!(
        walks,
        [
            ("mitreAtlas", "MITRE ATLAS", true),
            ("stride", "STRIDE", true),
            ("owaspTop10Llm", "OWASP Top 10 for LLM", true)
        ]
    );
    assert_eq!(
        risk.description,
        "Tampered training data changes what the model learns (a paper)."
    );
    // A control whose own list names a risk that does not name it says so.
    let access = catalog
        .control("controlModelAndDataAccessControls")
        .unwrap();
    assert_eq!(access.risks, ["riskDataPoisoning", "riskModelExfiltration"]);
    assert!(
        access.notes[0].contains("also lists riskPromptInjection"),
        "{:?}",
        access.notes
    );
    assert_eq!(access.control_type, "Infrastructure Controls");
    assert_eq!(access.operator, "Model Provider");
    assert!(catalog
        .control("controlInternalPoliciesAndEducation")
        .unwrap()
        .risks
        .is_empty());
    assert!(catalog
        .provenance
        .notes
        .iter()
        .any(|n| n.contains("personas")));
}

/// The fixture's files, one of them replaced.
fn cosai_with(name: &str, text: &str) -> Vec<InputFile> {
    [
        "components.yaml",
        "risks.yaml",
        "controls.yaml",
        "personas.yaml",
    ]
    .into_iter()
    .map(|f| InputFile {
        name: f.into(),
        bytes: if f == name {
            text.as_bytes().to_vec()
        } else {
            std::fs::read(fixture(&format!("cosai/{f}"))).unwrap()
        },
    })
    .collect()
}

#[test]
fn a_bad_cosai_file_is_refused_saying_where() {
    use ai_risk_map::catalog::import::import_cosai;
    let risks = std::fs::read_to_string(fixture("cosai/risks.yaml")).unwrap();
    let bad = risks.replace(
        "      - controlInputValidationAndSanitization",
        "      - controlNoSuchThing",
    );
    let e = import_cosai(&cosai_with("risks.yaml", &bad), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("risks.yaml, risks[1] (riskPromptInjection): `controls` names `controlNoSuchThing`, which controls.yaml does not have"), "{e}");

    let e = import_cosai(
        &cosai_with("risks.yaml", "risks:\n  - id: [unclosed\n"),
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("risks.yaml, line 3") && e.contains("not valid YAML"),
        "{e}"
    );

    let alias = "a: &x [1, 2]\nrisks:\n  - id: r\n    controls: *x\n";
    let e = import_cosai(&cosai_with("risks.yaml", alias), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("YAML aliases"), "{e}");

    let files: Vec<InputFile> = cosai_with("risks.yaml", &risks)
        .into_iter()
        .filter(|f| f.name != "controls.yaml")
        .collect();
    let e = import_cosai(&files, None).unwrap_err().to_string();
    assert!(e.contains("no controls.yaml among the files given"), "{e}");
}

#[test]
fn the_cosai_catalog_serves_assess_at_once() {
    let dir = temp_dir("cosai");
    let out = Command::new(BIN)
        .args(["import-cosai", &cosai_dir(), "--version", "cosai-test"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let catalog = dir.join("cosai.json");
    std::fs::write(&catalog, &out.stdout).unwrap();
    let out = Command::new(BIN)
        .args([
            "new",
            "--deployment",
            "personaApplicationDeveloper",
            "--catalog",
        ])
        .arg(&catalog)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let assessment = dir.join("a.json");
    std::fs::write(&assessment, &out.stdout).unwrap();
    let out = Command::new(BIN)
        .arg("assess")
        .arg(&assessment)
        .args(["--catalog"])
        .arg(&catalog)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("Prompt Injection"), "{report}");
}

/// Rows of the compendium snapshot the built-in catalog was compiled from
/// (tests/fixtures/compendium/real-excerpt: risks 1.1, 9.11 and 12.7 and the controls they
/// name, as TSV with the sheets' own headers and spellings; descriptive texts left out).
#[test]
fn rows_of_the_real_compendium_import_to_the_builtin_facts() {
    let dir = fixture("compendium/real-excerpt");
    let files = [
        InputFile::read(&dir.join("AI Lifecycle Risks.tsv")).unwrap(),
        InputFile::read(&dir.join("Mitigation Controls.tsv")).unwrap(),
    ];
    let catalog = import_compendium(&files, None).unwrap();
    let builtin = builtin_edition("2.0", true).unwrap();
    let names: Vec<&str> = catalog.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Raw Data",
            "Model Serving \u{2014} Inference requests",
            "Platform"
        ]
    );
    for risk in &catalog.risks {
        let b = builtin.risk(&risk.id).unwrap();
        assert_eq!(
            (&risk.name, &risk.deployment, risk.kind),
            (&b.name, &b.deployment, b.kind),
            "risk {}",
            risk.id
        );
        let mut mine = risk.controls.clone();
        let mut theirs = b.controls.clone();
        mine.sort();
        theirs.sort();
        assert_eq!(mine, theirs, "controls of risk {}", risk.id);
        assert_eq!(risk.crosswalk, b.crosswalk, "crosswalk of risk {}", risk.id);
    }
    for control in &catalog.controls {
        let b = builtin.control(&control.id).unwrap();
        assert_eq!(
            (
                &control.name,
                control.responsibility,
                control.novelty,
                &control.kind,
                &control.operator
            ),
            (&b.name, b.responsibility, b.novelty, &b.kind, &b.operator),
            "control {}",
            control.id
        );
        assert_eq!(
            control.crosswalk, b.crosswalk,
            "crosswalk of control {}",
            control.id
        );
    }
    // The sheets flag 12.7 as 1.0; the built-in catalog follows the 1.0 risk list instead.
    assert_eq!(catalog.risk("12.7").unwrap().introduced, "1.0");
    assert!(catalog
        .provenance
        .notes
        .iter()
        .any(|n| n.contains("12.7 (sheets 1.0, built-in 2.0)")));
    // Control rows cite risks this excerpt does not have: dropped, and said.
    let dasf1 = catalog.control("DASF 1").unwrap();
    assert_eq!(dasf1.risks, ["1.1", "9.11", "12.7"]);
    assert!(
        dasf1.notes.iter().any(|n| n.contains("does not exist")),
        "{:?}",
        dasf1.notes
    );
    assert_eq!(
        catalog
            .errata
            .iter()
            .map(|e| e.risk.as_str())
            .collect::<Vec<_>>(),
        Vec::<&str>::new()
    );
}

#[test]
fn long_component_ids_get_a_number_in_the_diagram_badge() {
    use ai_risk_map::catalog::import::{cosai_files, import_cosai};
    use ai_risk_map::render::diagram::{svg, DiagramOptions};
    let catalog = import_cosai(&cosai_files(&[cosai_dir()]).unwrap(), None).unwrap();
    let drawn = svg(&catalog, None, &DiagramOptions::default());
    // The badge shows the position; the hook and the label keep the id.
    assert!(drawn.contains("data-component=\"componentDataSources\""));
    assert!(drawn.contains("aria-label=\"Component componentDataSources: Data Sources"));
    assert!(!drawn.contains(">componentDataSources</text>"));
    let badges = drawn.matches("class=\"arm-node-number\"").count();
    assert_eq!(badges, catalog.components.len());
    for n in 1..=catalog.components.len() {
        assert!(drawn.contains(&format!(">{n}</text>")), "badge {n}");
    }
}
