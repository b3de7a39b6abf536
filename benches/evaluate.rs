//! How long the engine takes natively: parsing an assessment, evaluating it, and rendering
//! the report, on the built-in DASF 2.0 catalog and on a synthetic catalog 100 times larger
//! (the same 12 components; every risk and control copied 100 times with suffixed ids, the
//! mapping kept within each copy).
//!
//! `bash scripts/bench.sh` runs it (and the wasm benchmark); by hand,
//! `CARGO_PROFILE_BENCH_PANIC=unwind cargo bench --bench evaluate` (without the variable the
//! release profile's `panic = "abort"` makes cargo build the library twice into the same
//! file names, and the link can fail). It prints the median of many runs of each step. It is
//! a measurement, not a test: nothing fails on a slow figure. Set `BENCH_QUICK=1` for a
//! short run (fewer samples).

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use ai_risk_map::assess::{evaluate, Assessment};
use ai_risk_map::catalog::{builtin, Catalog};
use ai_risk_map::render::{csv, diagram, markdown};

const EXAMPLE: &str = include_str!("../examples/rag-chatbot.assessment.json");
/// How many copies of the built-in risks and controls the synthetic catalog holds.
const SCALE: usize = 100;

/// Medians of repeated runs.
struct Bench {
    /// Most samples taken of one step.
    max_samples: usize,
    /// Stop sampling a step after this long (but take at least `MIN_SAMPLES`).
    budget: Duration,
    rows: Vec<(String, Duration, Duration, usize)>,
}

const MIN_SAMPLES: usize = 5;

impl Bench {
    fn new() -> Bench {
        let quick = std::env::var_os("BENCH_QUICK").is_some();
        Bench {
            max_samples: if quick { 20 } else { 200 },
            budget: Duration::from_secs(if quick { 1 } else { 5 }),
            rows: Vec::new(),
        }
    }

    /// Time `f` once per sample, after one warm-up call, and record the median and minimum.
    fn run<T>(&mut self, name: &str, mut f: impl FnMut() -> T) {
        black_box(f());
        let started = Instant::now();
        let mut samples = Vec::with_capacity(self.max_samples);
        while samples.len() < self.max_samples
            && (samples.len() < MIN_SAMPLES || started.elapsed() < self.budget)
        {
            let t = Instant::now();
            black_box(f());
            samples.push(t.elapsed());
        }
        samples.sort();
        let median = samples[samples.len() / 2];
        println!(
            "{name:<52} median {:>12}   min {:>12}   ({} runs)",
            fmt(median),
            fmt(samples[0]),
            samples.len()
        );
        self.rows
            .push((name.to_string(), median, samples[0], samples.len()));
    }
}

fn fmt(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// The built-in 2.0 catalog with every risk and control copied `scale` times: risk `9.1`
/// becomes `9.1.0` .. `9.1.99`, control `DASF 54` becomes `DASF 54.0` .. `DASF 54.99`, and
/// copy `k` of a risk is mitigated by copy `k` of its controls.
fn synthetic_catalog(scale: usize) -> Catalog {
    let base = builtin("2.0").expect("built-in catalog");
    let mut catalog = base.clone();
    catalog.risks = (0..scale)
        .flat_map(|k| {
            base.risks.iter().map(move |r| {
                let mut r = r.clone();
                r.id = format!("{}.{k}", r.id);
                r.controls = r.controls.iter().map(|c| format!("{c}.{k}")).collect();
                r
            })
        })
        .collect();
    catalog.controls = (0..scale)
        .flat_map(|k| {
            base.controls.iter().map(move |c| {
                let mut c = c.clone();
                c.id = format!("{}.{k}", c.id);
                c.risks = c.risks.iter().map(|r| format!("{r}.{k}")).collect();
                c
            })
        })
        .collect();
    // The errata name the built-in risk ids, which the copies do not keep: the copies carry
    // the corrected values already.
    catalog.errata.clear();
    catalog
        .validate()
        .expect("the synthetic catalog is consistent");
    catalog
}

/// An assessment of `catalog` that sets a status (and an owner) for every control and sets
/// a few risks aside, as JSON text.
fn full_assessment(catalog: &Catalog) -> String {
    const STATUSES: [&str; 5] = [
        "implemented",
        "partial",
        "planned",
        "not_implemented",
        "not_applicable",
    ];
    let mut text = String::from(
        r#"{"schema": "ai-risk-map/assessment", "schemaVersion": 1, "dasf": "2.0",
  "useCase": {"name": "Synthetic", "description": "Every control has a status.", "owner": "bench"},
  "deploymentModels": ["rag_llm", "foundational_llm"],
  "risks": {"#,
    );
    for (i, risk) in catalog.risks.iter().step_by(10).enumerate() {
        if i > 0 {
            text.push(',');
        }
        let _ = write!(
            text,
            "\n    \"{}\": {{\"pertinent\": false, \"reason\": \"not in this system\"}}",
            risk.id
        );
    }
    text.push_str("},\n  \"controls\": {");
    for (i, control) in catalog.controls.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        let _ = write!(
            text,
            "\n    \"{}\": {{\"status\": \"{}\", \"owner\": \"team {}\", \"note\": \"note {i}\"}}",
            control.id,
            STATUSES[i % STATUSES.len()],
            i % 7
        );
    }
    text.push_str("\n  }\n}\n");
    text
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported, so ignore the rest.
    let mut bench = Bench::new();
    println!(
        "ai-risk-map native benchmark ({} build)\n",
        if cfg!(debug_assertions) {
            "debug: figures are not representative"
        } else {
            "release"
        }
    );

    // Once per process: the first call reads the compiled catalog (src/catalog/builtin.rs).
    let first = Instant::now();
    let catalog = builtin("2.0").expect("built-in catalog");
    println!(
        "{:<52} {:>19}\n",
        "first builtin(\"2.0\") in this process",
        fmt(first.elapsed())
    );
    println!("DASF 2.0 built-in catalog, examples/rag-chatbot.assessment.json:");
    let assessment = Assessment::from_json(EXAMPLE).expect("the example parses");
    let report = evaluate(catalog, &assessment).expect("the example evaluates");
    bench.run("parse the assessment JSON", || {
        Assessment::from_json(black_box(EXAMPLE)).unwrap()
    });
    bench.run("evaluate", || {
        evaluate(black_box(catalog), black_box(&assessment)).unwrap()
    });
    bench.run("parse + validate + evaluate (assess_json)", || {
        ai_risk_map::assess_json(black_box(EXAMPLE)).unwrap()
    });
    bench.run("render the report as Markdown", || {
        markdown::report(black_box(&report), catalog)
    });
    bench.run("render the gaps as CSV", || csv::gaps(black_box(&report)));
    bench.run("render the report as JSON", || {
        serde_json::to_string(black_box(&report)).unwrap()
    });
    let options = diagram::DiagramOptions {
        selected: None,
        standalone: false,
        narrow: false,
    };
    bench.run("render the diagram as SVG", || {
        diagram::svg(catalog, Some(black_box(&report)), &options)
    });

    // The page's edit path: one status edit through the engine session, answered with the
    // changed parts (as JSON text, what crosses into JS).
    let mut session = ai_risk_map::session::Session::open(EXAMPLE).expect("the example opens");
    let statuses = ["implemented", "planned", "partial", "not_implemented"];
    let edits: Vec<_> = statuses
        .iter()
        .map(|s| {
            ai_risk_map::session::Session::read_edits(&format!(
                r#"{{"path": ["controls", "DASF 5", "status"], "value": "{s}"}}"#
            ))
            .unwrap()
        })
        .collect();
    let mut turn = 0;
    bench.run("session: one status edit -> changed parts as JSON", || {
        turn += 1;
        session.apply(&edits[turn % 4]).unwrap().to_json()
    });
    let note = ai_risk_map::session::Session::read_edits(
        r#"{"path": ["controls", "DASF 5", "note"], "value": "typed"}"#,
    )
    .unwrap();
    bench.run("session: one keystroke in a note -> changed parts", || {
        session.apply(&note).unwrap().to_json()
    });

    let full = full_assessment(catalog);
    let full_assessment_1x = Assessment::from_json(&full).expect("the full assessment parses");
    bench.run("evaluate, every control with a status", || {
        evaluate(black_box(catalog), black_box(&full_assessment_1x)).unwrap()
    });

    println!(
        "\nSynthetic catalog, {SCALE}x: {} risks, {} controls, {} pairs:",
        SCALE * catalog.risks.len(),
        SCALE * catalog.controls.len(),
        SCALE * catalog.pairs().count()
    );
    let started = Instant::now();
    let big = synthetic_catalog(SCALE);
    println!(
        "{:<52} {:>19}",
        "(build and validate it, once)",
        fmt(started.elapsed())
    );
    assert_eq!(big.risks.len(), SCALE * catalog.risks.len());
    let text = full_assessment(&big);
    println!(
        "{:<52} {:>19}",
        "(assessment JSON size)",
        format!("{} KB", text.len() / 1024)
    );
    let big_assessment = Assessment::from_json(&text).expect("the synthetic assessment parses");
    let big_report = evaluate(&big, &big_assessment).expect("the synthetic assessment evaluates");
    bench.run("validate the catalog", || {
        black_box(&big).validate().unwrap()
    });
    bench.run("parse the assessment JSON (every control)", || {
        Assessment::from_json(black_box(&text)).unwrap()
    });
    bench.run("validate the assessment against the catalog", || {
        black_box(&big_assessment).validate(&big).unwrap()
    });
    bench.run("evaluate, every control with a status", || {
        evaluate(black_box(&big), black_box(&big_assessment)).unwrap()
    });
    bench.run("render the report as Markdown", || {
        markdown::report(black_box(&big_report), &big)
    });

    let evaluate_big = bench
        .rows
        .iter()
        .rev()
        .find(|r| r.0.starts_with("evaluate"))
        .map(|r| r.1)
        .unwrap_or_default();
    println!(
        "\nSummary: evaluate example {} | evaluate {SCALE}x synthetic {}",
        fmt(bench
            .rows
            .iter()
            .find(|r| r.0 == "evaluate")
            .map(|r| r.1)
            .unwrap_or_default()),
        fmt(evaluate_big)
    );
}
