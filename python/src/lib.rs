//! The Python binding of the engine, imported as `ai_risk_map._engine`. It converts and
//! nothing more: documents arrive as JSON text (or bytes) and go through the engine's own
//! JSON reader, so an error names the same path as on the CLI and the page; results leave
//! as Python dicts and lists built from the engine's types (`to_py`), or as the text the
//! engine renders; engine errors become `ai_risk_map.AssessmentError` with the engine's
//! `code`, `path` and message.
//!
//! The Python-facing API (argument defaults, dict input, docs) is `ai_risk_map/__init__.py`.

use std::borrow::Cow;
use std::ffi::OsString;

mod to_py;
use to_py::to_py;

use ai_risk_map::assess::{labels as labels_core, Assessment, Report};
use ai_risk_map::catalog::{
    known_versions, lookup, lookup_edition, register, search, Catalog, LATEST_VERSION,
};
use ai_risk_map::render::{csv, diagram, markdown, navigator, oscal, oscal_results};
use ai_risk_map::{decode, limits, Error, Segment};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

create_exception!(
    ai_risk_map,
    AssessmentError,
    PyValueError,
    "A document or argument the engine refuses. `str(err)` is the engine's message; `code` \
     its stable error code (`invalid_json`, `invalid_document`, `unknown_id`, \
     `unsupported_version`, `too_large`, `invalid_catalog`, `invalid_argument`); `path` the \
     JSON path at fault as a list of segments, or None; `errors` every error found in the \
     document (the first being this one), each a dict of `message`, `code` and `path`, up to \
     `MAX_ERRORS`; `more_errors` how many more were found beyond those."
);

/// A core error as an `AssessmentError` carrying `code`, `path`, `errors` (every error
/// found, each a dict of `message`, `code` and `path`, the first being this one) and
/// `more_errors` (how many more were found beyond the cap).
fn py_error(py: Python<'_>, err: Error) -> PyErr {
    let exc = AssessmentError::new_err(err.to_string());
    let value = exc.value(py);
    // Setting attributes on a fresh exception object cannot fail.
    let _ = value.setattr("code", err.code());
    let _ = value.setattr("path", py_path(py, &err));
    // Setting str keys on a fresh dict cannot fail.
    let errors: Vec<Bound<'_, PyDict>> = err
        .all()
        .iter()
        .filter_map(|one| {
            let item = PyDict::new(py);
            item.set_item("message", one.to_string()).ok()?;
            item.set_item("code", one.code()).ok()?;
            item.set_item("path", py_path(py, one)).ok()?;
            Some(item)
        })
        .collect();
    let _ = value.setattr("errors", PyList::new(py, errors).ok());
    let _ = value.setattr("more_errors", err.more());
    exc
}

/// The path of an error as segments, str keys and int indexes: `["risks", "9.11",
/// "status"]`, since ids contain dots and the readable form cannot be split back.
fn py_path<'py>(py: Python<'py>, err: &Error) -> Option<Bound<'py, PyList>> {
    err.path_segments().and_then(|path| {
        let items = path.segments().iter().map(|s| match s {
            Segment::Key(k) => PyString::new(py, k).into_any(),
            Segment::Index(i) => i
                .into_pyobject(py)
                .map(Bound::into_any)
                .unwrap_or_else(|e| match e {}),
        });
        PyList::new(py, items).ok()
    })
}

/// The text of a document passed as `str` or `bytes`.
///
/// Bytes go through the engine's decoding rule (size, then UTF-8), as a file does on the
/// CLI. A `str` that cannot be UTF-8 (a lone surrogate, which Python strings allow) is
/// handed to the same rule as its `surrogatepass` bytes, so it is refused as text that is
/// not UTF-8, with its line and column, rather than as a `UnicodeEncodeError`.
fn text_of<'a>(py: Python<'_>, document: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    if let Ok(bytes) = document.cast::<PyBytes>() {
        return decode::decode(bytes.as_bytes())
            .map(|text| Cow::Owned(text.to_owned()))
            .map_err(|e| py_error(py, e));
    }
    let text = document.cast::<PyString>().map_err(|_| {
        py_error(
            py,
            Error::Argument(format!(
                "expected the document as JSON text (str or bytes), got {}",
                document
                    .get_type()
                    .name()
                    .map_or_else(|_| "?".into(), |n| n.to_string())
            )),
        )
    })?;
    match text.to_cow() {
        Ok(text) => Ok(text),
        Err(_) => {
            let raw = text.call_method1("encode", ("utf-8", "surrogatepass"))?;
            Err(py_error(
                py,
                lone_surrogate(raw.cast::<PyBytes>()?.as_bytes()),
            ))
        }
    }
}

/// The error for a `str` holding a lone surrogate, given its `surrogatepass` bytes: where the
/// engine's decoding rule stops (line and column), said in the terms of a Python string
/// (the rule's own words are about files in a legacy encoding).
fn lone_surrogate(raw: &[u8]) -> Error {
    let err = decode::decode(raw).err();
    let at = std::str::from_utf8(raw)
        .err()
        .map_or(0, |e| e.valid_up_to());
    match (err, raw.get(at..at + 3)) {
        (
            Some(Error::Syntax {
                line, column, path, ..
            }),
            Some(&[a, b, c]),
        ) => {
            // The three bytes of a surrogate code point, as `surrogatepass` writes them.
            let code =
                (u32::from(a & 0x0F) << 12) | (u32::from(b & 0x3F) << 6) | u32::from(c & 0x3F);
            Error::Syntax {
                line,
                column,
                path,
                message: format!(
                    "the text holds a lone surrogate (U+{code:04X}), which is not a character; \
                     a JSON document must be valid Unicode"
                ),
            }
        }
        (Some(other), _) => other,
        (None, _) => Error::Argument("the text cannot be encoded as UTF-8".into()),
    }
}

fn catalog_of(py: Python<'_>, version: Option<&str>) -> PyResult<&'static Catalog> {
    lookup(version.unwrap_or(LATEST_VERSION)).map_err(|e| py_error(py, e))
}

/// Parse and check an assessment against the catalog it names: what every call taking a
/// document starts with.
fn checked(text: &str) -> ai_risk_map::Result<(Assessment, &'static Catalog)> {
    let assessment = Assessment::from_json(text)?;
    let catalog = assessment.catalog()?;
    assessment.validate(catalog)?;
    Ok((assessment, catalog))
}

/// Parse an assessment and evaluate it against the catalog it names, as the CLI does (the
/// evaluation checks the document itself: checking it first as well would do it twice).
fn report(text: &str) -> ai_risk_map::Result<(Assessment, &'static Catalog, Report<'static>)> {
    let (assessment, report) = ai_risk_map::assess_json(text)?;
    let catalog = assessment.catalog()?;
    Ok((assessment, catalog, report))
}

/// Run `work` on the document's text without holding the GIL (an 8 MiB document takes a
/// while; other Python threads, such as a kernel's, keep running).
fn with_text<T: Send>(
    py: Python<'_>,
    document: &Bound<'_, PyAny>,
    work: impl FnOnce(&str) -> ai_risk_map::Result<T> + Send,
) -> PyResult<T> {
    let text = text_of(py, document)?;
    py.detach(|| work(&text)).map_err(|e| py_error(py, e))
}

/// The assessment, checked and normalised (every field present).
#[pyfunction]
fn parse<'py>(py: Python<'py>, document: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &with_text(py, document, |text| Ok(checked(text)?.0))?)
}

/// The assessment, checked, as the engine writes it to a file (pretty JSON, or compact when
/// indenting would cross the size limit).
#[pyfunction]
fn assessment_json(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<String> {
    with_text(py, document, |text| Ok(checked(text)?.0.to_json()))
}

/// The report of an assessment.
#[pyfunction]
fn evaluate<'py>(py: Python<'py>, document: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &with_text(py, document, |text| Ok(report(text)?.2))?)
}

/// The assessment checked and normalised, and its report, from one reading: what the widget
/// needs on every change of its assessment.
#[pyfunction]
fn assess<'py>(
    py: Python<'py>,
    document: &Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let (assessment, _, report) = with_text(py, document, report)?;
    Ok((to_py(py, &assessment)?, to_py(py, &report)?))
}

/// The assessment moved to catalog version `dasf`.
#[pyfunction]
fn migrate<'py>(
    py: Python<'py>,
    document: &Bound<'py, PyAny>,
    dasf: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let moved = with_text(py, document, |text| {
        let (assessment, from) = checked(text)?;
        assessment.migrate(from, lookup(dasf)?)
    })?;
    to_py(py, &moved)
}

#[pyfunction]
fn report_markdown(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<String> {
    with_text(py, document, |text| {
        let (_, catalog, report) = report(text)?;
        Ok(markdown::report(&report, catalog))
    })
}

#[pyfunction]
fn gaps_csv(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<String> {
    with_text(py, document, |text| Ok(csv::gaps(&report(text)?.2)))
}

/// The component diagram as SVG, coloured by the assessment's report when one is given,
/// else the bare catalog of `dasf`.
#[pyfunction]
#[pyo3(signature = (document, selected, standalone, dasf))]
fn diagram_svg(
    py: Python<'_>,
    document: Option<&Bound<'_, PyAny>>,
    selected: Option<&str>,
    standalone: bool,
    dasf: Option<&str>,
) -> PyResult<String> {
    let options = diagram::DiagramOptions {
        selected,
        standalone,
        narrow: false,
    };
    match document {
        None => Ok(diagram::svg(catalog_of(py, dasf)?, None, &options)),
        Some(document) => with_text(py, document, |text| {
            let (_, catalog, report) = report(text)?;
            Ok(diagram::svg(catalog, Some(&report), &options))
        }),
    }
}

/// The catalog `dasf` (with its errata, or as published) as an OSCAL catalog, JSON text.
#[pyfunction]
#[pyo3(signature = (dasf, as_published))]
fn oscal_catalog(py: Python<'_>, dasf: Option<&str>, as_published: bool) -> PyResult<String> {
    let catalog = lookup_edition(dasf.unwrap_or(LATEST_VERSION), as_published)
        .map_err(|e| py_error(py, e))?;
    py.detach(|| oscal::catalog(catalog))
        .map_err(|e| py_error(py, e))
}

/// The assessment's report as OSCAL assessment results, JSON text.
#[pyfunction]
fn oscal_assessment_results(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<String> {
    with_text(py, document, |text| {
        let (_, catalog, report) = report(text)?;
        oscal_results::assessment_results(catalog, &report)
    })
}

/// The assessment's open controls as an OSCAL plan of action and milestones, JSON text.
#[pyfunction]
fn oscal_poam(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<String> {
    with_text(py, document, |text| {
        let (_, catalog, report) = report(text)?;
        oscal_results::poam(catalog, &report)
    })
}

/// The assessment's threat picture as an ATLAS Navigator layer, JSON text.
#[pyfunction]
fn navigator_layer(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<String> {
    with_text(py, document, |text| {
        let (_, catalog, report) = report(text)?;
        Ok(navigator::layer(catalog, &report))
    })
}

/// A blank assessment on catalog version `dasf` with these deployment models (JSON text, an
/// array of ids: read as a file's `deploymentModels` is, with the same errors and paths),
/// checked.
#[pyfunction]
#[pyo3(signature = (dasf, deployment))]
fn new_assessment<'py>(
    py: Python<'py>,
    dasf: Option<&str>,
    deployment: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let catalog = catalog_of(py, dasf)?;
    let assessment =
        Assessment::blank_from_json(catalog, deployment).map_err(|e| py_error(py, e))?;
    to_py(py, &assessment)
}

#[pyfunction]
#[pyo3(signature = (dasf))]
fn catalog<'py>(py: Python<'py>, dasf: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, catalog_of(py, dasf)?)
}

#[pyfunction]
fn catalog_versions() -> Vec<String> {
    known_versions()
}

/// Load a catalog document of one's own; returns its version.
#[pyfunction]
fn register_catalog(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<String> {
    with_text(py, document, |text| {
        Ok(register(Catalog::from_json(text)?)?.version.clone())
    })
}

/// The DASF compendium (its .xlsx workbook, or CSV/TSV exports of its two sheets) as a
/// catalog document (JSON text), as `ai-risk-map import-compendium` writes it.
#[pyfunction]
#[pyo3(signature = (paths, version=None))]
fn import_compendium(
    py: Python<'_>,
    paths: Vec<String>,
    version: Option<String>,
) -> PyResult<String> {
    py.detach(|| ai_risk_map::catalog::import::compendium_document(&paths, version.as_deref()))
        .map_err(|e| py_error(py, e))
}

/// The CoSAI risk map (YAML files, or folders holding them) as a catalog document (JSON
/// text), as `ai-risk-map import-cosai` writes it.
#[pyfunction]
#[pyo3(signature = (paths, version=None))]
fn import_cosai(py: Python<'_>, paths: Vec<String>, version: Option<String>) -> PyResult<String> {
    py.detach(|| ai_risk_map::catalog::import::cosai_document(&paths, version.as_deref()))
        .map_err(|e| py_error(py, e))
}

#[pyfunction(name = "search")]
#[pyo3(signature = (query, dasf))]
fn search_catalog<'py>(
    py: Python<'py>,
    query: &str,
    dasf: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &search::search(catalog_of(py, dasf)?, query))
}

#[pyfunction]
fn labels(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &labels_core())
}

/// A document file's text under the engine's decoding rule (size, then UTF-8), checked
/// before any parsing: at most one byte past the size limit is ever read.
#[pyfunction]
fn read_document(py: Python<'_>, path: std::path::PathBuf) -> PyResult<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| {
            f.take(limits::MAX_DOCUMENT_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(PyErr::from)?;
    decode::decode(&bytes)
        .map(str::to_owned)
        .map_err(|e| py_error(py, e))
}

/// The `ai-risk-map` command, the same code as the native binary: `argv` is the full
/// argument vector (program name first) as bytes, which become `OsString`s unchanged, so
/// an argument that is not UTF-8 is refused by the CLI exactly as natively. It writes to the
/// process's standard streams and returns the exit status.
#[pyfunction]
fn cli_main(py: Python<'_>, argv: Vec<Vec<u8>>) -> i32 {
    #[cfg(unix)]
    let args: Vec<OsString> = {
        use std::os::unix::ffi::OsStringExt;
        argv.into_iter().map(OsString::from_vec).collect()
    };
    // Elsewhere Python's arguments are Unicode already; its `fsencode` gives UTF-8.
    #[cfg(not(unix))]
    let args: Vec<OsString> = argv
        .into_iter()
        .map(|a| String::from_utf8_lossy(&a).into_owned().into())
        .collect();
    // Without the GIL: the command may wait on standard input for as long as it likes.
    py.detach(|| {
        let code = ai_risk_map::cli::run(args);
        // A native program's streams are flushed at exit by Rust's runtime; in an extension
        // nothing does that, so flush here before Python exits.
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        code
    })
}

#[pymodule]
fn _engine(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("AssessmentError", py.get_type::<AssessmentError>())?;
    m.add("MAX_DOCUMENT_BYTES", limits::MAX_DOCUMENT_BYTES)?;
    m.add("MAX_TEXT_BYTES", limits::MAX_TEXT_BYTES)?;
    m.add("MAX_DEPTH", limits::MAX_DEPTH)?;
    m.add("MAX_QUERY_CHARS", limits::MAX_QUERY_CHARS)?;
    m.add("MAX_QUERY_TERMS", limits::MAX_QUERY_TERMS)?;
    m.add("MAX_ERRORS", limits::MAX_ERRORS)?;
    m.add("LATEST_VERSION", LATEST_VERSION)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(assessment_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(assess, m)?)?;
    m.add_function(wrap_pyfunction!(migrate, m)?)?;
    m.add_function(wrap_pyfunction!(report_markdown, m)?)?;
    m.add_function(wrap_pyfunction!(gaps_csv, m)?)?;
    m.add_function(wrap_pyfunction!(diagram_svg, m)?)?;
    m.add_function(wrap_pyfunction!(oscal_catalog, m)?)?;
    m.add_function(wrap_pyfunction!(oscal_assessment_results, m)?)?;
    m.add_function(wrap_pyfunction!(oscal_poam, m)?)?;
    m.add_function(wrap_pyfunction!(navigator_layer, m)?)?;
    m.add_function(wrap_pyfunction!(new_assessment, m)?)?;
    m.add_function(wrap_pyfunction!(catalog, m)?)?;
    m.add_function(wrap_pyfunction!(catalog_versions, m)?)?;
    m.add_function(wrap_pyfunction!(register_catalog, m)?)?;
    m.add_function(wrap_pyfunction!(import_compendium, m)?)?;
    m.add_function(wrap_pyfunction!(import_cosai, m)?)?;
    m.add_function(wrap_pyfunction!(search_catalog, m)?)?;
    m.add_function(wrap_pyfunction!(labels, m)?)?;
    m.add_function(wrap_pyfunction!(read_document, m)?)?;
    m.add_function(wrap_pyfunction!(cli_main, m)?)?;
    Ok(())
}
