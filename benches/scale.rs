//! How the engine's time grows with the size of the catalog and the assessment: every step
//! (reading, validating, evaluating, rendering, searching) on DASF 2.0 copied 1, 10, 100 and
//! 1000 times, with the growth factor from one step to the next (10 means linear), then two
//! user catalogs near the 8 MiB document limit through the real CLI (`ai-risk-map assess
//! --catalog`): 170,000 components in one stage, and 50,000 components with a risk each.
//!
//! `bash scripts/bench.sh` runs it; by hand,
//! `CARGO_PROFILE_BENCH_PANIC=unwind cargo bench --bench scale` (see scripts/bench.sh for
//! the variable). A measurement, not a test: nothing fails on a slow figure. `BENCH_SMOKE=1`
//! runs only ×1 and ×10 and the CLI cases at a hundredth of their size; `tests/scale.rs`
//! runs that smoke case under `cargo test`, and checks what the steps compute.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ai_risk_map::assess::{evaluate, Assessment, Report};
use ai_risk_map::catalog::{builtin, search::search, Catalog};
use ai_risk_map::limits::MAX_DOCUMENT_BYTES;
use ai_risk_map::render::{csv, diagram, markdown};

/// What to run.
pub struct Config {
    /// How many copies of DASF 2.0 each step of the scaling table holds.
    pub steps: Vec<usize>,
    /// Components of the one-stage user catalog run through the CLI.
    pub one_stage_components: usize,
    /// Components (each with a risk) of the second user catalog run through the CLI.
    pub components_with_risks: usize,
}

impl Config {
    pub fn full() -> Config {
        Config {
            steps: vec![1, 10, 100, 1000],
            one_stage_components: 170_000,
            components_with_risks: 50_000,
        }
    }

    pub fn smoke() -> Config {
        Config {
            steps: vec![1, 10],
            one_stage_components: 1_700,
            components_with_risks: 500,
        }
    }
}

/// What a run computed, for the smoke test to check.
pub struct Outcome {
    /// The report of each step, in the order of `Config::steps`.
    pub reports: Vec<Report<'static>>,
    /// Standard output of each CLI case: (case, format, text).
    pub cli: Vec<(String, String, String)>,
}

/// The time of `f`: the median of several runs when one run is short, else one run.
fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    let t = Instant::now();
    black_box(f());
    let first = t.elapsed();
    if first > Duration::from_millis(50) {
        return first;
    }
    let started = Instant::now();
    let mut samples = vec![first];
    while samples.len() < 25 && started.elapsed() < Duration::from_millis(300) {
        let t = Instant::now();
        black_box(f());
        samples.push(t.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn fmt(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.1} µs", ns / 1e3)
    }
}

/// DASF 2.0 copied `copies` times. Copy 0 is DASF itself; copy `k` adds `~k` to every id
/// (component `9~3`, risk `9.1~3`, control `DASF 54~3`), its components join the same
/// stages after the earlier copies, and its risks are mitigated by its own controls.
/// Deployment models and crosswalks are shared.
pub fn synthetic_catalog(copies: usize) -> Catalog {
    let base = builtin("2.0").expect("built-in catalog");
    let suffix = |id: &str, k: usize| {
        if k == 0 {
            id.to_string()
        } else {
            format!("{id}~{k}")
        }
    };
    let mut catalog = base.clone();
    for stage in &mut catalog.stages {
        stage.components = (0..copies)
            .flat_map(|k| base_stage(base, &stage.id).map(move |c| suffix(c, k)))
            .collect();
    }
    catalog.components = (0..copies)
        .flat_map(|k| {
            base.components.iter().map(move |c| {
                let mut c = c.clone();
                c.id = suffix(&c.id, k);
                c
            })
        })
        .collect();
    catalog.risks = (0..copies)
        .flat_map(|k| {
            base.risks.iter().map(move |r| {
                let mut r = r.clone();
                r.id = suffix(&r.id, k);
                r.component = suffix(&r.component, k);
                r.controls = r.controls.iter().map(|c| suffix(c, k)).collect();
                r
            })
        })
        .collect();
    catalog.controls = (0..copies)
        .flat_map(|k| {
            base.controls.iter().map(move |c| {
                let mut c = c.clone();
                c.id = suffix(&c.id, k);
                c.risks = c.risks.iter().map(|r| suffix(r, k)).collect();
                c
            })
        })
        .collect();
    catalog
}

fn base_stage<'a>(base: &'a Catalog, id: &str) -> impl Iterator<Item = &'a str> {
    base.stage(id)
        .into_iter()
        .flat_map(|s| s.components.iter().map(String::as_str))
}

const STATUSES: [&str; 5] = [
    "implemented",
    "partial",
    "planned",
    "not_implemented",
    "not_applicable",
];

/// An assessment of a [`synthetic_catalog`] as JSON text, the same decisions in every copy:
/// a status, owner and note on every control, every seventh risk set aside, two deployment
/// models, every component in scope but the copies of component 1, and a catalog move that
/// left every fifth risk and control to review.
pub fn synthetic_assessment(catalog: &Catalog) -> String {
    let per_copy_risks = builtin("2.0").unwrap().risks.len();
    let per_copy_controls = builtin("2.0").unwrap().controls.len();
    let list = |ids: &mut dyn Iterator<Item = &String>| {
        ids.map(|id| format!("\"{id}\""))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut text = String::from(
        r#"{"schema":"ai-risk-map/assessment","schemaVersion":2,"dasf":"2.0",
"useCase":{"name":"Synthetic","description":"The same decisions in every copy.","owner":"bench"},
"deploymentModels":["rag_llm","foundational_llm"],"components":["#,
    );
    text += &list(
        &mut catalog
            .components
            .iter()
            .map(|c| &c.id)
            .filter(|id| id.as_str() != "1" && !id.starts_with("1~")),
    );
    text += "],\n\"risks\":{";
    let mut first = true;
    for (i, risk) in catalog.risks.iter().enumerate() {
        if (i % per_copy_risks) % 7 == 3 {
            let comma = if first { "" } else { "," };
            first = false;
            let _ = write!(
                text,
                "{comma}\n\"{}\":{{\"pertinent\":false,\"reason\":\"not in this system\"}}",
                risk.id
            );
        }
    }
    text += "},\n\"controls\":{";
    for (i, control) in catalog.controls.iter().enumerate() {
        let j = i % per_copy_controls;
        let comma = if i == 0 { "" } else { "," };
        let _ = write!(
            text,
            "{comma}\n\"{}\":{{\"status\":\"{}\",\"owner\":\"team {}\",\"note\":\"note {j}\"}}",
            control.id,
            STATUSES[j % STATUSES.len()],
            j % 7
        );
    }
    text += "},\n\"catalogMigration\":{\"from\":\"1.0\",\"newRisks\":[";
    text += &list(&mut catalog.risks.iter().step_by(5).map(|r| &r.id));
    text += "],\"newControls\":[";
    text += &list(&mut catalog.controls.iter().step_by(5).map(|c| &c.id));
    text += "]}}\n";
    text
}

/// One row of the scaling table: a step's name and its time at each scale.
type Row = (&'static str, Vec<Option<Duration>>);

fn scaling_table(steps: &[usize]) -> Vec<Report<'static>> {
    let mut rows: Vec<Row> = Vec::new();
    let mut record = |name: &'static str, column: usize, d: Option<Duration>| {
        if let Some(row) = rows.iter_mut().find(|r| r.0 == name) {
            row.1[column] = d;
        } else {
            let mut times = vec![None; steps.len()];
            times[column] = d;
            rows.push((name, times));
        }
    };
    let mut reports = Vec::new();
    let options = diagram::DiagramOptions {
        selected: None,
        standalone: false,
        narrow: false,
    };
    for (column, &copies) in steps.iter().enumerate() {
        // Leaked: the reports returned borrow their catalog's texts (one catalog per step).
        let catalog: &'static Catalog = Box::leak(Box::new(synthetic_catalog(copies)));
        catalog.validate().expect("the synthetic catalog is valid");
        let text = synthetic_assessment(catalog);
        println!(
            "×{copies}: {} components, {} risks, {} controls, {} pairs; assessment {} KB",
            catalog.components.len(),
            catalog.risks.len(),
            catalog.controls.len(),
            catalog.pairs().count(),
            text.len() / 1024
        );
        // Reading a catalog from JSON, where the text fits under the document limit.
        let json = serde_json::to_string(&catalog).unwrap();
        let read = (json.len() <= MAX_DOCUMENT_BYTES)
            .then(|| time(|| Catalog::from_json(black_box(&json)).unwrap()));
        record("read a catalog (JSON, ≤ 8 MiB)", column, read);
        record(
            "validate the catalog",
            column,
            Some(time(|| catalog.validate().unwrap())),
        );
        record(
            "read the assessment (JSON)",
            column,
            Some(time(|| Assessment::from_json(black_box(&text)).unwrap())),
        );
        let assessment = Assessment::from_json(&text).expect("the synthetic assessment reads");
        record(
            "validate the assessment",
            column,
            Some(time(|| assessment.validate(catalog).unwrap())),
        );
        record(
            "evaluate (validation included)",
            column,
            Some(time(|| evaluate(catalog, black_box(&assessment)).unwrap())),
        );
        let report = evaluate(catalog, &assessment).unwrap();
        record(
            "report as Markdown",
            column,
            Some(time(|| markdown::report(black_box(&report), catalog))),
        );
        record(
            "report as JSON",
            column,
            Some(time(|| serde_json::to_string(black_box(&report)).unwrap())),
        );
        record(
            "gaps as CSV",
            column,
            Some(time(|| csv::gaps(black_box(&report)))),
        );
        record(
            "diagram as SVG, with the report",
            column,
            Some(time(|| {
                diagram::svg(catalog, Some(black_box(&report)), &options)
            })),
        );
        record(
            "diagram as SVG, catalog only",
            column,
            Some(time(|| diagram::svg(black_box(catalog), None, &options))),
        );
        record(
            "catalog as Markdown",
            column,
            Some(time(|| markdown::catalog(black_box(catalog)))),
        );
        record(
            "catalog pairs as CSV",
            column,
            Some(time(|| csv::catalog_pairs(black_box(catalog)))),
        );
        record(
            "search `prompt injection`",
            column,
            Some(time(|| search(catalog, black_box("prompt injection")))),
        );
        record(
            "search `AML.T0051` (crosswalk id)",
            column,
            Some(time(|| search(catalog, black_box("AML.T0051")))),
        );
        let v1 = builtin("1.0").unwrap();
        let on_1_0 = Assessment::new("1.0");
        record(
            "migrate a blank 1.0 assessment onto it",
            column,
            Some(time(|| on_1_0.migrate(v1, black_box(catalog)).unwrap())),
        );
        reports.push(report);
    }

    let header: String = steps
        .iter()
        .map(|s| format!("{:>11}", format!("×{s}")))
        .collect();
    let growth: String = steps
        .windows(2)
        .map(|w| format!("{:>10}", format!("×{}→×{}", w[0], w[1])))
        .collect();
    println!("\n{:<40}{header}   growth per step: {growth}", "step");
    for (name, times) in &rows {
        let cells: String = times
            .iter()
            .map(|t| format!("{:>11}", t.map_or("—".to_string(), fmt)))
            .collect();
        let factors: String = times
            .windows(2)
            .map(|w| match (w[0], w[1]) {
                (Some(a), Some(b)) if !a.is_zero() => {
                    format!(
                        "{:>10}",
                        format!("{:.1}", b.as_secs_f64() / a.as_secs_f64())
                    )
                }
                _ => format!("{:>10}", "—"),
            })
            .collect();
        println!("{name:<40}{cells}                    {factors}");
    }
    let ratio: Vec<String> = steps
        .windows(2)
        .map(|w| (w[1] / w[0]).to_string())
        .collect();
    println!(
        "(linear growth is a factor equal to the size ratio per step: {}; small steps are \
         dominated by fixed costs)",
        ratio.join(", ")
    );
    reports
}

/// A short id for item `n`: base 36, so that large catalogs stay under the size limit.
fn short_id(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

const CATALOG_HEAD: &str =
    r#"{"schema":"ai-risk-map/catalog","schemaVersion":1,"framework":"Synthetic","#;
const PROVENANCE: &str =
    r#""provenance":{"published":"2026","source":"scale benchmark","compiled":"2026","notes":[]}"#;

/// A user catalog with one stage of `n` components, one risk and one control, and an
/// assessment that lists every component in scope.
pub fn one_stage_catalog(n: usize) -> (String, String) {
    let ids: Vec<String> = (0..n).map(short_id).collect();
    let quoted = ids
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect::<Vec<_>>()
        .join(",");
    let mut catalog = format!(
        "{CATALOG_HEAD}\"version\":\"one-stage\",{PROVENANCE},\n\"stages\":[{{\"id\":\"s\",\"name\":\"All\",\"components\":[{quoted}]}}],\n\"components\":["
    );
    for (i, id) in ids.iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        let _ = write!(
            catalog,
            "{comma}{{\"id\":\"{id}\",\"name\":\"n\",\"stage\":\"s\"}}"
        );
    }
    let _ = write!(
        catalog,
        "],\n\"deploymentModels\":[{{\"id\":\"d\",\"name\":\"D\"}}],\
         \"risks\":[{{\"id\":\"r\",\"name\":\"R\",\"component\":\"{}\",\"stage\":\"s\",\"kind\":\"ai\",\"introduced\":\"1\",\"deployment\":[\"d\"],\"controls\":[\"c\"]}}],\
         \"controls\":[{{\"id\":\"c\",\"name\":\"C\",\"introduced\":\"1\",\"controlType\":\"t\",\"kind\":\"k\",\"responsibility\":\"implementation\",\"operator\":\"o\",\"novelty\":\"novel\",\"risks\":[\"r\"]}}],\
         \"crosswalks\":[]}}\n",
        ids[0]
    );
    let assessment = format!(
        "{{\"schema\":\"ai-risk-map/assessment\",\"dasf\":\"one-stage\",\"components\":[{quoted}],\"controls\":{{\"c\":{{\"status\":\"partial\"}}}}}}\n"
    );
    (catalog, assessment)
}

/// A user catalog of `n` components in four stages, each component with one risk, the
/// risks shared among a hundred controls; and an assessment that gives every control a
/// status, sets every tenth risk aside and lists every component in scope.
pub fn components_with_risks_catalog(n: usize) -> (String, String) {
    let controls = 100.min(n);
    let ids: Vec<String> = (0..n).map(short_id).collect();
    let stage_of = |i: usize| i % 4;
    let mut catalog =
        format!("{CATALOG_HEAD}\"version\":\"many-risks\",{PROVENANCE},\n\"stages\":[");
    for s in 0..4 {
        let members: Vec<String> = (0..n)
            .filter(|i| stage_of(*i) == s)
            .map(|i| format!("\"{}\"", ids[i]))
            .collect();
        let comma = if s == 0 { "" } else { "," };
        let _ = write!(
            catalog,
            "{comma}{{\"id\":\"s{s}\",\"name\":\"Stage {s}\",\"components\":[{}]}}",
            members.join(",")
        );
    }
    catalog += "],\n\"components\":[";
    for (i, id) in ids.iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        let _ = write!(
            catalog,
            "{comma}{{\"id\":\"{id}\",\"name\":\"n\",\"stage\":\"s{}\"}}",
            stage_of(i)
        );
    }
    catalog += "],\n\"deploymentModels\":[{\"id\":\"d\",\"name\":\"D\"}],\n\"risks\":[";
    for (i, id) in ids.iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        let _ = write!(
            catalog,
            "{comma}{{\"id\":\"{id}.1\",\"name\":\"r\",\"component\":\"{id}\",\"stage\":\"s{}\",\"kind\":\"ai\",\"introduced\":\"1\",\"controls\":[\"k{}\"]}}",
            stage_of(i),
            i % controls
        );
    }
    catalog += "],\n\"controls\":[";
    for c in 0..controls {
        let risks: Vec<String> = (0..n)
            .filter(|i| i % controls == c)
            .map(|i| format!("\"{}.1\"", ids[i]))
            .collect();
        let comma = if c == 0 { "" } else { "," };
        let _ = write!(
            catalog,
            "{comma}{{\"id\":\"k{c}\",\"name\":\"C\",\"introduced\":\"1\",\"controlType\":\"t\",\"kind\":\"k\",\"responsibility\":\"implementation\",\"operator\":\"o\",\"novelty\":\"novel\",\"risks\":[{}]}}",
            risks.join(",")
        );
    }
    catalog += "],\n\"crosswalks\":[]}\n";
    let mut assessment = String::from(
        "{\"schema\":\"ai-risk-map/assessment\",\"dasf\":\"many-risks\",\"components\":[",
    );
    assessment += &ids
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect::<Vec<_>>()
        .join(",");
    assessment += "],\"risks\":{";
    let set_aside: Vec<String> = ids
        .iter()
        .step_by(10)
        .map(|id| format!("\"{id}.1\":{{\"pertinent\":false,\"reason\":\"x\"}}"))
        .collect();
    assessment += &set_aside.join(",");
    assessment += "},\"controls\":{";
    let states: Vec<String> = (0..controls)
        .map(|c| format!("\"k{c}\":{{\"status\":\"{}\"}}", STATUSES[c % 4]))
        .collect();
    assessment += &states.join(",");
    assessment += "}}\n";
    (catalog, assessment)
}

fn cli_cases(config: &Config) -> Vec<(String, String, String)> {
    let exe = Path::new(env!("CARGO_BIN_EXE_ai-risk-map"));
    let dir: PathBuf =
        std::env::temp_dir().join(format!("ai-risk-map-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let cases = [
        (
            format!("{} components in one stage", config.one_stage_components),
            one_stage_catalog(config.one_stage_components),
        ),
        (
            format!(
                "{} components with a risk each",
                config.components_with_risks
            ),
            components_with_risks_catalog(config.components_with_risks),
        ),
    ];
    let mut out = Vec::new();
    println!("\nThrough the CLI (`ai-risk-map assess FILE --catalog CATALOG --format F`, one run each, wall clock):");
    for (name, (catalog, assessment)) in cases {
        assert!(
            catalog.len() <= MAX_DOCUMENT_BYTES,
            "{name}: the catalog must stay under the document limit ({} bytes)",
            catalog.len()
        );
        let catalog_file = dir.join("catalog.json");
        let assessment_file = dir.join("assessment.json");
        std::fs::write(&catalog_file, &catalog).unwrap();
        std::fs::write(&assessment_file, &assessment).unwrap();
        println!(
            "  {name} (catalog {:.1} MB, assessment {:.1} MB):",
            catalog.len() as f64 / 1e6,
            assessment.len() as f64 / 1e6
        );
        for format in ["md", "json", "csv", "svg"] {
            let started = Instant::now();
            let result = Command::new(exe)
                .arg("assess")
                .arg(&assessment_file)
                .arg("--catalog")
                .arg(&catalog_file)
                .args(["--format", format])
                .output()
                .expect("the CLI runs");
            let took = started.elapsed();
            assert!(
                result.status.success(),
                "{name}, --format {format}: {}",
                String::from_utf8_lossy(&result.stderr)
            );
            let stdout = String::from_utf8(result.stdout).expect("UTF-8 output");
            println!(
                "    --format {format:<5} {:>10}   ({:.1} MB out)",
                fmt(took),
                stdout.len() as f64 / 1e6
            );
            out.push((name.clone(), format.to_string(), stdout));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// Print the scaling table and the CLI cases; return what they computed.
pub fn run(config: &Config) -> Outcome {
    println!(
        "ai-risk-map scaling benchmark ({} build)\n",
        if cfg!(debug_assertions) {
            "debug: figures are not representative"
        } else {
            "release"
        }
    );
    // First, before anything else asks for it: the built-in catalog, compiled in by build.rs.
    let t = Instant::now();
    black_box(builtin("2.0").unwrap());
    println!(
        "first builtin(\"2.0\"): {} (decoded from compiled tokens, no JSON text)\n",
        fmt(t.elapsed())
    );
    let reports = scaling_table(&config.steps);
    let cli = cli_cases(config);
    Outcome { reports, cli }
}

#[allow(dead_code)] // Not called when tests/scale.rs includes this file as a module.
fn main() {
    let mut config = if std::env::var_os("BENCH_SMOKE").is_some() {
        Config::smoke()
    } else {
        Config::full()
    };
    // `BENCH_STEPS=1,10,100` and `BENCH_CLI=17000,5000` override the sizes.
    let numbers = |var: &str| -> Option<Vec<usize>> {
        let text = std::env::var(var).ok()?;
        Some(
            text.split(',')
                .map(|n| n.trim().parse().expect(var))
                .collect(),
        )
    };
    if let Some(steps) = numbers("BENCH_STEPS") {
        config.steps = steps;
    }
    if let Some(sizes) = numbers("BENCH_CLI") {
        config.one_stage_components = sizes[0];
        config.components_with_risks = sizes[1];
    }
    run(&config);
}
