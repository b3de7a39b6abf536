//! The `ai-risk-map` command: the same engine natively, for pipelines and exports. It lives
//! in the library (native only) so that every package that ships the command (the Rust
//! binary, the Python wheel) runs this one implementation.
//!
//! Exit status: 0 on success, 1 when `assess --min-coverage` is not met, 2 on bad input.

use std::ffi::OsString;
use std::io::{ErrorKind, Read, Write};

use crate::assess::{evaluate, Assessment};
use crate::catalog::{known_versions, lookup_edition, register, Catalog, LATEST_VERSION};
use crate::limits::excerpt;
use crate::render::{
    csv, diagram, escape_terminal, json_for_terminal, markdown, navigator, oscal, oscal_results,
    percent,
};
use crate::Error;

const USAGE: &str = "\
ai-risk-map: AI security assessment on the Databricks AI Security Framework (DASF)

Usage:
  ai-risk-map catalog [--dasf 1.0|2.0] [--format json|csv|md|oscal] [--as-published]
      Print the built-in catalog (default: DASF 2.0 as JSON). CSV has one row per
      risk-to-control pair; oscal is an OSCAL 1.1 catalog.
  ai-risk-map assess FILE [--format md|json|csv|svg|navigator|oscal|oscal-poam]
                     [--min-coverage 0..1] [--as-published]
      Evaluate an assessment document (FILE, or - for standard input) and print the
      report (default Markdown; CSV is the gap list; SVG the component diagram;
      navigator an ATLAS Navigator layer of the techniques the risks cite; oscal
      OSCAL 1.1 assessment results; oscal-poam an OSCAL plan of action and milestones
      of the open controls).
      With --min-coverage, exit with status 1 when overall coverage is below it.
  ai-risk-map new [--dasf 1.0|2.0] [--deployment MODEL[,MODEL...]] [--as-published]
      Print a blank assessment document to start from.

  The built-in catalog corrects some deployment-model flags of its source (its
  \"errata\", each with its reason; every report lists those it used). With
  --as-published, the catalog is used exactly as published: `new` records the choice
  in the document (\"asPublished\": true), and `assess` applies it to this run.
  ai-risk-map migrate FILE [--dasf 2.0]
      Move an assessment to another catalog version (default: the latest) and print
      it. Every decision is kept; the risks and controls the target adds are recorded
      for review. Refused, with nothing written, if a decision would be lost.

  Every command also takes --catalog CATALOG.json: a catalog document of your own
  (schema ai-risk-map/catalog) with its own version, which assessments name in \"dasf\".
  ai-risk-map import-compendium FILE... [--version KEY] > catalog.json
      Read the DASF compendium (its .xlsx workbook, or CSV/TSV exports of its risk
      and control sheets) and print it as a catalog document for --catalog. The
      version key defaults to the sheets' latest revision plus `-compendium`.
  ai-risk-map import-cosai DIR_OR_FILE... [--version KEY] > catalog.json
      Read the CoSAI risk map (components, risks and controls YAML, with personas
      and frameworks if given; a folder stands for its YAML files) as a catalog
      document for --catalog (version key `cosai` unless --version names another).
  ai-risk-map schema assessment|catalog|report [--as-written]
      Print the JSON Schema of a document kind (also in schemas/ in the source); with
      --as-written, of the document as the engine writes it (for generated types).
  ai-risk-map help | --help | --version

Exit status: 0 success, 1 coverage below --min-coverage, 2 bad input or usage.
";

/// Run the command with `args`, the full argument vector (the program name first, as
/// [`std::env::args_os`] gives it), on the process's standard streams; returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let mut strings = Vec::new();
    for arg in args.into_iter().skip(1) {
        match arg.into_string() {
            Ok(s) => strings.push(s),
            Err(raw) => {
                let shown = raw.to_string_lossy().into_owned();
                return fail(&Failure::from(format!(
                    "argument `{}` is not UTF-8 text",
                    excerpt(&shown)
                )));
            }
        }
    }
    match dispatch(&strings) {
        Ok(code) => code,
        Err(failure) => fail(&failure),
    }
}

/// Why a command stopped with status 2: a message, the document's further errors (one line
/// each), and whether the usage helps.
struct Failure {
    message: String,
    more: Vec<String>,
    usage: bool,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure {
            message,
            more: Vec::new(),
            usage: false,
        }
    }
}

impl Failure {
    /// A usage mistake: the message, then the usage text.
    fn usage(message: String) -> Failure {
        Failure {
            message,
            more: Vec::new(),
            usage: true,
        }
    }

    /// The engine refused the document read from `source`: its first error (with its code),
    /// then every other error found, each with its path, and how many more past the cap.
    fn refused(source: &str, err: &Error) -> Failure {
        let line = |e: &Error| format!("{source}: {e} [{}]", e.code());
        let mut more: Vec<String> = err.all().iter().skip(1).map(line).collect();
        if err.more() > 0 {
            more.push(format!(
                "{source}: and {} more error{}",
                err.more(),
                if err.more() == 1 { "" } else { "s" }
            ));
        }
        Failure {
            message: line(err),
            more,
            usage: false,
        }
    }
}

fn fail(failure: &Failure) -> i32 {
    say(&failure.message);
    for line in &failure.more {
        say(line);
    }
    if failure.usage {
        say_raw(&format!("\n{USAGE}"));
    }
    2
}

/// A message on standard error, prefixed, on one line: anything it echoes from the input or
/// the arguments has its control characters made visible, so it cannot act on the terminal
/// or start a line of its own in a log.
fn say(message: &str) {
    say_raw(&format!("ai-risk-map: {}\n", escape_terminal(message)));
}

/// Text of our own on standard error. A failing standard error (closed, or a full disk)
/// leaves nowhere to report anything, so it is ignored rather than allowed to panic.
fn say_raw(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|_| stderr.flush());
}

/// Options shared by the subcommands, parsed strictly: an unknown or repeated flag is an error.
#[derive(Default)]
struct Options {
    positional: Vec<String>,
    dasf: Option<String>,
    format: Option<String>,
    min_coverage: Option<String>,
    deployment: Option<String>,
    catalog: Option<String>,
    version: Option<String>,
    as_published: bool,
}

fn parse_options(args: &[String], allowed: &[&str]) -> Result<Options, Failure> {
    let mut opts = Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        if !flag.starts_with("--") || flag == "-" {
            opts.positional.push(arg.clone());
            continue;
        }
        if !allowed.contains(&flag) {
            return Err(Failure::usage(format!(
                "unknown option `{}` (allowed here: {})",
                excerpt(flag),
                allowed.join(", ")
            )));
        }
        // The one switch: it takes no value.
        if flag == "--as-published" {
            if inline.is_some() {
                return Err(format!("option `{flag}` takes no value").into());
            }
            if std::mem::replace(&mut opts.as_published, true) {
                return Err(format!("option `{flag}` is given twice").into());
            }
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("option `{flag}` needs a value"))?,
        };
        let slot = match flag {
            "--dasf" => &mut opts.dasf,
            "--format" => &mut opts.format,
            "--min-coverage" => &mut opts.min_coverage,
            "--deployment" => &mut opts.deployment,
            "--catalog" => &mut opts.catalog,
            "--version" => &mut opts.version,
            _ => unreachable!("checked against allowed"),
        };
        if slot.replace(value).is_some() {
            return Err(format!("option `{flag}` is given twice").into());
        }
    }
    Ok(opts)
}

fn check_format(
    format: Option<&str>,
    allowed: &[&str],
    default: &'static str,
) -> Result<String, String> {
    let f = format.unwrap_or(default);
    if allowed.contains(&f) {
        Ok(f.to_string())
    } else {
        Err(format!(
            "unknown format `{}`: expected one of {}",
            excerpt(f),
            allowed.join(", ")
        ))
    }
}

/// The catalog a command works on: the one loaded with `--catalog FILE` (which also makes
/// it available to assessments that name its version), else the built-in `--dasf` version.
fn catalog_for(opts: &Options) -> Result<&'static Catalog, String> {
    let loaded = match &opts.catalog {
        None => None,
        Some(file) => {
            let text = read_input(file)?;
            let catalog = Catalog::from_json(&text)
                .and_then(register)
                .map_err(|e| format!("{file}: {e} [{}]", e.code()))?;
            Some(catalog)
        }
    };
    let v = match (loaded, opts.dasf.as_deref()) {
        (Some(catalog), None) => catalog.version.as_str(),
        (_, dasf) => dasf.unwrap_or(LATEST_VERSION),
    };
    lookup_edition(v, opts.as_published).map_err(|_| {
        format!(
            "unknown DASF version `{}`: expected one of {}",
            excerpt(v),
            known_versions().join(", ")
        )
    })
}

/// Write the command's output. A reader that went away (`| head`, `| true`) is not an
/// error: the rest is simply not wanted. Any other failure (a full disk, a broken device)
/// is, with status 2, since the output is incomplete.
fn print(text: &str) -> Result<i32, Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(format!("cannot write the output: {e}").into()),
    }
}

/// JSON for standard output. On a terminal, the controls a JSON writer leaves raw (DEL, C1)
/// are spelled as `\u` escapes ([`json_for_terminal`]), the same value; redirected to a file
/// or a pipe it is written as the engine writes it, so that a document keeps its size (the
/// size rule: what `migrate` writes, `assess` reads).
fn terminal_safe_json(text: String) -> String {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        json_for_terminal(&text)
    } else {
        text
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut s = terminal_safe_json(crate::json::pretty(&crate::json_text(value)));
    s.push('\n');
    s
}

fn dispatch(args: &[String]) -> Result<i32, Failure> {
    let Some((command, rest)) = args.split_first() else {
        say_raw(USAGE);
        return Ok(2);
    };
    match command.as_str() {
        "help" | "--help" | "-h" => print(USAGE),
        "--version" | "-V" => print(&format!("ai-risk-map {}\n", env!("CARGO_PKG_VERSION"))),
        "catalog" => {
            let opts = parse_options(rest, &["--dasf", "--format", "--catalog", "--as-published"])?;
            if let Some(extra) = opts.positional.first() {
                return Err(format!("unexpected argument `{}`", excerpt(extra)).into());
            }
            let catalog = catalog_for(&opts)?;
            // Two formats the page's build uses, not in the usage: `texts`, the long texts of
            // the built-in DASF 2.0 catalog, which the wasm build leaves out and the page
            // loads after its first paint; and `svg`, the diagram of a blank assessment as
            // the element first draws it, which the build puts into the page's HTML.
            let formats = ["json", "csv", "md", "oscal", "texts", "svg"];
            let text = match check_format(opts.format.as_deref(), &formats, "json")?.as_str() {
                "svg" => {
                    let blank = Assessment::new(&catalog.version);
                    let report = evaluate(catalog, &blank).map_err(|e| e.to_string())?;
                    let options = diagram::DiagramOptions::default();
                    diagram::svg(catalog, Some(&report), &options) + "\n"
                }
                "texts" if catalog.version == crate::catalog::LATEST_VERSION => {
                    crate::catalog::texts_document().map_err(|e| e.to_string())? + "\n"
                }
                "texts" => {
                    return Err("--format texts is for the built-in DASF 2.0 only"
                        .to_string()
                        .into())
                }
                "csv" => csv::catalog_pairs(catalog),
                "md" => markdown::catalog(catalog),
                "oscal" => oscal::catalog(catalog).map_err(|e| format!("{e} [{}]", e.code()))?,
                _ => json(catalog),
            };
            print(&text)
        }
        "new" => {
            let opts = parse_options(
                rest,
                &["--dasf", "--deployment", "--catalog", "--as-published"],
            )?;
            let catalog = catalog_for(&opts)?;
            let models = opts.deployment.map_or_else(Vec::new, |list| {
                list.split(',').map(|s| s.trim().to_string()).collect()
            });
            let mut assessment = Assessment::blank(catalog, models).map_err(|e| e.to_string())?;
            // Recorded as asked even for a catalog without errata, where it changes nothing.
            assessment.as_published = opts.as_published;
            print(&(terminal_safe_json(assessment.to_json()) + "\n"))
        }
        "assess" => {
            let opts = parse_options(
                rest,
                &["--format", "--min-coverage", "--catalog", "--as-published"],
            )?;
            if opts.catalog.is_some() {
                catalog_for(&opts)?;
            }
            let [file] = opts.positional.as_slice() else {
                return Err(Failure::usage(
                    "`assess` takes exactly one FILE (or - for standard input)".into(),
                ));
            };
            let format = check_format(
                opts.format.as_deref(),
                &[
                    "md",
                    "json",
                    "csv",
                    "svg",
                    "navigator",
                    "oscal",
                    "oscal-poam",
                ],
                "md",
            )?;
            let bound = match opts.min_coverage.as_deref() {
                None => None,
                Some(s) => match s.parse::<f64>() {
                    Ok(v) if (0.0..=1.0).contains(&v) => Some(v),
                    _ => {
                        return Err(format!(
                            "--min-coverage must be a number from 0 to 1, got `{}`",
                            excerpt(s)
                        )
                        .into())
                    }
                },
            };
            let text = read_input(file)?;
            let where_ = if file == "-" {
                "standard input".to_string()
            } else {
                file.clone()
            };
            let fail = |e: Error| Failure::refused(&where_, &e);
            let mut assessment = Assessment::from_json(&text).map_err(fail)?;
            // The switch overrides the document for this run; the report says so.
            assessment.as_published |= opts.as_published;
            let catalog = assessment.catalog().map_err(fail)?;
            let report = evaluate(catalog, &assessment).map_err(fail)?;
            let out = match format.as_str() {
                "json" => json(&report),
                "csv" => csv::gaps(&report),
                "navigator" => navigator::layer(catalog, &report),
                "oscal" => oscal_results::assessment_results(catalog, &report).map_err(fail)?,
                "oscal-poam" => oscal_results::poam(catalog, &report).map_err(fail)?,
                "svg" => diagram::svg(
                    catalog,
                    Some(&report),
                    &diagram::DiagramOptions {
                        selected: None,
                        standalone: true,
                        narrow: false,
                    },
                ),
                _ => markdown::report(&report, catalog),
            };
            print(&out)?;
            if let Some(bound) = bound {
                let coverage = report.overall.coverage;
                if coverage.is_none_or(|c| c < bound) {
                    say(&format!(
                        "overall coverage {} is below the required {} ({} open gaps)",
                        percent(coverage),
                        percent(Some(bound)),
                        report.gaps.len()
                    ));
                    return Ok(1);
                }
            }
            Ok(0)
        }
        "schema" => {
            let names = crate::schema::DOCUMENTS.join(" or ");
            // `--as-written`: the document as the engine writes it (members it always
            // writes are required), from which the TypeScript types are generated.
            let (rest, written) = match rest {
                [name, flag] if flag == "--as-written" => (std::slice::from_ref(name), true),
                _ => (rest, false),
            };
            let schema = |name: &str| {
                if written {
                    crate::schema::schema_as_written(name)
                } else {
                    crate::schema::schema(name)
                }
            };
            match rest {
                [name] => match schema(name) {
                    Some(text) => print(&text),
                    None => {
                        Err(format!("no schema named `{}`: expected {names}", excerpt(name)).into())
                    }
                },
                _ => Err(format!("`schema` takes one name: {names}").into()),
            }
        }
        "import-compendium" => {
            let opts = parse_options(rest, &["--version"])?;
            if opts.positional.is_empty() {
                return Err(Failure::usage(
                    "`import-compendium` takes the workbook (.xlsx) or the CSV/TSV exports of its two sheets".into(),
                ));
            }
            let document = crate::catalog::import::compendium_document(
                &opts.positional,
                opts.version.as_deref(),
            )
            .map_err(|e| format!("{e} [{}]", e.code()))?;
            print(&terminal_safe_json(document))
        }
        "import-cosai" => {
            let opts = parse_options(rest, &["--version"])?;
            if opts.positional.is_empty() {
                return Err(Failure::usage(
                    "`import-cosai` takes the risk map's YAML files or the folder holding them"
                        .into(),
                ));
            }
            let document =
                crate::catalog::import::cosai_document(&opts.positional, opts.version.as_deref())
                    .map_err(|e| format!("{e} [{}]", e.code()))?;
            print(&terminal_safe_json(document))
        }
        "migrate" => {
            let opts = parse_options(rest, &["--dasf", "--catalog"])?;
            let [file] = opts.positional.as_slice() else {
                return Err(Failure::usage(
                    "`migrate` takes exactly one FILE (or - for standard input)".into(),
                ));
            };
            // Load a --catalog first, so that both the source and the target can name it.
            let loaded = opts
                .catalog
                .is_some()
                .then(|| catalog_for(&opts))
                .transpose()?;
            let text = read_input(file)?;
            let fail = |e: Error| Failure::refused(file, &e);
            let assessment = Assessment::from_json(&text).map_err(fail)?;
            // The target in the same edition (errata or as published) as the document.
            let version = match (&opts.dasf, loaded) {
                (None, Some(catalog)) => catalog.version.as_str(),
                (dasf, _) => dasf.as_deref().unwrap_or(LATEST_VERSION),
            };
            let to = lookup_edition(version, assessment.as_published)
                .map_err(|e| format!("--dasf: {e}"))?;
            let from = assessment.catalog().map_err(fail)?;
            let moved = assessment.migrate(from, to).map_err(fail)?;
            let (risks, controls) = moved.to_review();
            say(&format!(
                "DASF {} to {}: every decision kept; {} and {} to review",
                from.version,
                to.version,
                crate::render::count(risks.len(), "new risk"),
                crate::render::count(controls.len(), "new control")
            ));
            print(&(terminal_safe_json(moved.to_json()) + "\n"))
        }
        other => Err(Failure::usage(format!(
            "unknown command `{}`",
            excerpt(other)
        ))),
    }
}

/// The text of a document: FILE, or standard input for `-`, decoded by the engine's one
/// rule ([`crate::decode::decode`]). Anything but a regular file (a directory, a FIFO, a
/// device) is refused before it is opened, so the command never blocks on a reader that
/// never ends.
fn read_input(file: &str) -> Result<String, String> {
    let limit = crate::limits::MAX_DOCUMENT_BYTES;
    let name = if file == "-" {
        "standard input".to_string()
    } else {
        format!("`{file}`")
    };
    let mut bytes = Vec::new();
    let result = if file == "-" {
        std::io::stdin()
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
    } else {
        let meta = std::fs::metadata(file).map_err(|e| format!("cannot read {name}: {e}"))?;
        if !meta.is_file() {
            return Err(format!(
                "cannot read {name}: it is {}, not a regular file; give a file, or - for standard input",
                file_kind(&meta.file_type())
            ));
        }
        std::fs::File::open(file).and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
    };
    result.map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() > limit {
        // Reading stopped just past the limit, so the size is a lower bound.
        let err = Error::TooLarge {
            what: "the document's size in bytes (at least)".into(),
            size: bytes.len(),
            limit,
        };
        return Err(format!(
            "{}: {err} [{}]",
            name.trim_matches('`'),
            err.code()
        ));
    }
    crate::decode::decode(&bytes)
        .map(str::to_string)
        .map_err(|err| format!("{}: {err} [{}]", name.trim_matches('`'), err.code()))
}

fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}
