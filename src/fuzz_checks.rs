//! The checks behind the fuzz targets (`fuzz/fuzz_targets/`), kept here so that the same
//! code runs under cargo-fuzz on nightly and, through `tests/fuzz_corpus.rs`, over the
//! committed corpus on stable. Each check takes raw bytes, feeds them to a face of the engine
//! and panics when the engine panics or breaks one of its promises: scores in range, gaps
//! only for controls not in place, documents that survive a save and a reload, escaped
//! output, and errors that say something.
//!
//! Native only (see `lib.rs`): none of this may reach the wasm. Not part of the API.

use crate::assess::{evaluate, Assessment, ControlState, ControlStatus, Report, RiskState, Score};
use crate::catalog::{builtin, search::search, Catalog};
use crate::error::Error;
use crate::limits::MAX_DOCUMENT_BYTES;
use crate::render::{csv, diagram, markdown};
use crate::share;

/// How a share-link check inflates deflate-raw data: `None` when the data is not valid
/// deflate or inflates to more than the given number of bytes. Supplied by the caller, so the
/// library itself carries no inflater (the browser has its own).
pub type Inflate = fn(&[u8], usize) -> Option<Vec<u8>>;

/// Tolerance for sums of floating-point scores.
const EPS: f64 = 1e-9;

/// An assessment document: parse it; when it parses, it must survive a save and a reload,
/// and evaluating and rendering it on its built-in catalog must keep every invariant.
pub fn assessment(data: &[u8]) {
    let text = match crate::decode::decode(data) {
        Ok(text) => text,
        Err(e) => {
            // The decoding rule: refused only when not UTF-8 after an optional BOM, or when
            // the bytes are UTF-16/32-shaped; the message names a byte offset or the encoding.
            let body = data.strip_prefix(crate::decode::UTF8_BOM).unwrap_or(data);
            assert!(
                std::str::from_utf8(body).is_err()
                    || body.get(..2).is_some_and(|b| b.contains(&0))
                    || body.starts_with(&[0xFF, 0xFE])
                    || body.starts_with(&[0xFE, 0xFF])
                    || data.len() > crate::limits::MAX_DOCUMENT_BYTES,
                "valid UTF-8 refused: {e}"
            );
            described(&e);
            return;
        }
    };
    // What was accepted is the UTF-8 text itself, without a leading BOM.
    assert_eq!(
        text.as_bytes(),
        data.strip_prefix(crate::decode::UTF8_BOM).unwrap_or(data)
    );
    json_agrees_with_serde(text);
    match Assessment::from_json(text) {
        Ok(a) => assessment_holds(&a),
        Err(e) => described(&e),
    }
}

/// A share string: decode base64url, inflate with a cap, then check the document as
/// [`assessment`] does. Also round-trips the raw bytes through the encoder.
pub fn share_link(data: &[u8], inflate: Inflate) {
    let encoded = share::encode_base64url(data);
    assert_eq!(
        encoded.len(),
        (data.len() * 4).div_ceil(3),
        "unpadded length"
    );
    assert_eq!(share::decode_base64url(&encoded).as_deref(), Ok(data));

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match share::decode_base64url(text) {
        Err(e) => {
            assert!(
                matches!(e, Error::Argument(_) | Error::TooLarge { .. }),
                "{e:?}"
            );
            described(&e);
        }
        Ok(bytes) => {
            // Every accepted string has the length of the encoding of what it decodes to.
            let again = share::encode_base64url(&bytes);
            assert_eq!(again.len(), text.len(), "{text:?}");
            assert_eq!(share::decode_base64url(&again).as_deref(), Ok(&bytes[..]));
            if let Some(plain) = inflate(&bytes, MAX_DOCUMENT_BYTES) {
                assert!(plain.len() <= MAX_DOCUMENT_BYTES, "inflate ignored its cap");
                assessment(&plain);
            }
        }
    }
}

/// A catalog document: parse it; when it parses, it must survive a save and a reload, and
/// evaluation, search and every renderer must work on it.
pub fn catalog(data: &[u8]) {
    // Catalog files are decoded by the same rule as assessments (checked in `assessment`).
    let Ok(text) = crate::decode::decode(data) else {
        return;
    };
    json_agrees_with_serde(text);
    let c = match Catalog::from_json(text) {
        Ok(c) => c,
        Err(e) => return described(&e),
    };
    assert_eq!(c.validate(), Ok(()));
    let saved = written_as_serde_writes(&c);
    if saved.len() <= MAX_DOCUMENT_BYTES {
        assert_eq!(Catalog::from_json(&saved).as_ref(), Ok(&c), "{saved}");
    }
    // The other edition (errata applied or not) is a valid catalog too, and switching back
    // gives this one.
    let other = c.with_errata(!c.errata_applied);
    assert_eq!(other.validate(), Ok(()));
    assert_eq!(other.with_errata(c.errata_applied), c);

    // A blank assessment, one with every control in place, and one narrowed to the first
    // deployment model and component.
    let mut blank = Assessment::new(&c.version);
    let mut done = Assessment::new(&c.version);
    for control in &c.controls {
        let state = ControlState {
            status: ControlStatus::Implemented,
            ..Default::default()
        };
        done.controls.insert(control.id.clone(), state);
    }
    let mut narrow = Assessment::new(&c.version);
    narrow
        .deployment_models
        .extend(c.deployment_models.first().map(|d| d.id.clone()));
    narrow.components = Some(c.components.iter().take(1).map(|x| x.id.clone()).collect());
    // The catalog's own edition: as published when its errata are not applied.
    let as_published = !c.errata.is_empty() && !c.errata_applied;
    for a in [&mut blank, &mut done, &mut narrow] {
        a.as_published = as_published;
    }
    for (a, all_done) in [(&blank, false), (&done, true), (&narrow, false)] {
        let report = evaluate(&c, a).expect("a blank assessment fits its catalog");
        report_holds(&c, a, &report);
        let coverage = report.overall.coverage;
        if report.overall.scored > 0 {
            let expected = if all_done { 1.0 } else { 0.0 };
            assert_eq!(coverage, Some(expected), "{:?}", report.overall);
        }
        render_report(&c, &report);
    }

    let mut queries = vec![
        c.framework.clone(),
        c.version.clone(),
        "a".to_string(),
        " ".to_string(),
    ];
    queries.extend(c.risks.first().map(|r| r.id.clone()));
    queries.extend(c.controls.first().map(|x| x.name.clone()));
    queries.extend(
        c.crosswalks
            .iter()
            .flat_map(|x| x.entries.keys())
            .take(2)
            .cloned(),
    );
    for q in &queries {
        let hits = search(&c, q);
        for pair in hits.windows(2) {
            assert!(pair[0].score >= pair[1].score, "hits sorted by score");
        }
        for h in &hits {
            let known = c.component(&h.id).is_some()
                || c.risk(&h.id).is_some()
                || c.control(&h.id).is_some();
            assert!(
                known,
                "search found `{}`, which the catalog does not have",
                h.id
            );
        }
    }

    markdown_holds(&markdown::catalog(&c));
    let pairs = c.pairs().count();
    let rows = csv_rows(&csv::catalog_pairs(&c));
    assert_eq!(rows.len(), pairs + 1, "one CSV row per pair and a header");
    csv_cells_hold(&rows, 8);
    let bare = diagram::svg(&c, None, &diagram::DiagramOptions::default());
    svg_holds(&bare);
}

/// The invariants of a parsed assessment, and of its evaluation on its built-in catalog.
fn assessment_holds(a: &Assessment) {
    // Saved as the CLI and the page save it, then read back: the same document. A document
    // close to the size limit can grow past it when pretty-printed; that is not a round-trip
    // failure of the reader, so it is left out.
    for saved in [a.to_json(), written_as_serde_writes(a)] {
        if saved.len() <= MAX_DOCUMENT_BYTES {
            assert_eq!(Assessment::from_json(&saved).as_ref(), Ok(a), "{saved}");
        }
    }
    let Ok(catalog) = builtin(&a.dasf) else {
        return;
    };
    match evaluate(catalog, a) {
        // Evaluation refuses exactly what validation refuses.
        Err(e) => {
            assert_eq!(a.validate(catalog), Err(e.clone()));
            described(&e);
        }
        Ok(report) => {
            assert_eq!(a.validate(catalog), Ok(()));
            report_holds(catalog, a, &report);
            render_report(catalog, &report);
        }
    }
}

fn score_holds(s: &Score, what: &str) {
    assert_eq!(s.applicable, s.scored + s.set_aside, "{what}: {s:?}");
    assert_eq!(
        s.scored,
        s.covered + s.partial + s.uncovered,
        "{what}: {s:?}"
    );
    match (s.coverage, s.residual) {
        (Some(c), Some(r)) => {
            assert!((0.0..=1.0).contains(&c), "{what}: coverage {c}");
            assert!((c + r - 1.0).abs() < EPS, "{what}: residual {r}");
            assert!(s.scored > 0, "{what}: {s:?}");
        }
        (None, None) => assert_eq!(s.scored, 0, "{what}: {s:?}"),
        _ => panic!("{what}: coverage and residual disagree: {s:?}"),
    }
}

/// The promises a report makes about its figures, checked against the assessment.
fn report_holds(catalog: &Catalog, a: &Assessment, report: &Report) {
    score_holds(&report.overall, "overall");
    for s in &report.stages {
        score_holds(&s.score, s.id);
    }
    for c in &report.components {
        score_holds(&c.score, c.id);
    }
    assert_eq!(report.risks.len(), catalog.risks.len());
    let mut scored = Vec::new();
    for r in &report.risks {
        let scored_state = matches!(
            r.state,
            RiskState::Covered | RiskState::Partial | RiskState::Uncovered
        );
        assert_eq!(r.coverage.is_some(), scored_state, "risk {}", r.id);
        if let Some(c) = r.coverage {
            assert!((0.0..=1.0).contains(&c), "risk {} coverage {c}", r.id);
            let state = if c >= 1.0 {
                RiskState::Covered
            } else if c > 0.0 {
                RiskState::Partial
            } else {
                RiskState::Uncovered
            };
            assert_eq!(r.state, state, "risk {}", r.id);
            scored.push(r);
        }
        for c in &r.controls {
            assert_eq!(c.status, a.status(c.id), "risk {} control {}", r.id, c.id);
        }
    }
    assert_eq!(report.overall.scored, scored.len());
    if let Some(overall) = report.overall.coverage {
        let mean = scored.iter().filter_map(|r| r.coverage).sum::<f64>() / scored.len() as f64;
        assert!(
            (overall - mean).abs() < EPS,
            "overall {overall}, mean {mean}"
        );
    }

    // A gap is a scored risk with a control neither implemented nor not applicable, and
    // every such pair is a gap.
    let open =
        |s: ControlStatus| !matches!(s, ControlStatus::Implemented | ControlStatus::NotApplicable);
    for g in &report.gaps {
        assert!(
            open(g.status),
            "gap on {} which is {:?}",
            g.control,
            g.status
        );
        assert_eq!(g.status, a.status(g.control));
        assert!(
            scored.iter().any(|r| r.id == g.risk),
            "gap on unscored risk {}",
            g.risk
        );
    }
    let pairs: usize = scored
        .iter()
        .map(|r| {
            r.controls
                .iter()
                .filter(|c| c.excluded.is_none() && open(c.status))
                .count()
        })
        .sum();
    assert_eq!(report.gaps.len(), pairs, "one gap per open, chosen pair");
    // Priorities are likelihood x impact x residual, and gaps come in rank order: rated
    // risks by falling priority, then the unrated ones.
    for r in &report.risks {
        match (r.coverage, r.likelihood, r.impact) {
            (Some(c), Some(l), Some(i)) => {
                let p = r.priority.expect("a rated, scored risk has a priority");
                assert!((p - f64::from(l) * f64::from(i) * (1.0 - c)).abs() < EPS);
                assert!((0.0..=25.0 + EPS).contains(&p), "priority {p}");
            }
            _ => assert!(r.priority.is_none(), "risk {} priority", r.id),
        }
    }
    for pair in report.gaps.windows(2) {
        match (pair[0].priority, pair[1].priority) {
            (Some(x), Some(y)) => assert!(x >= y, "gaps by priority: {x} then {y}"),
            (None, Some(_)) => panic!("an unrated gap before a rated one"),
            _ => {}
        }
    }
    let summary = &report.summary;
    assert_eq!(summary.progress.total, report.controls.len());
    assert!(summary.progress.assessed <= summary.progress.total);
    assert_eq!(
        summary.unrated,
        scored.iter().filter(|r| r.priority.is_none()).count()
    );
    assert!(summary.top_risks.len() <= 5 && summary.top_actions.len() <= 5);
    for t in &summary.top_risks {
        assert!(scored
            .iter()
            .any(|r| r.id == t.id && r.state != RiskState::Covered));
    }

    assert!(report.next_controls.len() <= 10);
    let mut total_gain = 0.0;
    for (i, n) in report.next_controls.iter().enumerate() {
        assert!(open(n.status), "next control {} is {:?}", n.id, n.status);
        assert!(n.gain > 0.0 && n.gain <= 1.0 + EPS, "gain {}", n.gain);
        if let Some(next) = report.next_controls.get(i + 1) {
            assert!(n.gain >= next.gain, "next controls sorted by gain");
        }
        total_gain += n.gain;
    }
    // Gains add up to what is missing at most: each open pair's shortfall is counted once.
    let residual = report.overall.residual.unwrap_or(0.0);
    assert!(
        total_gain <= residual + EPS,
        "gains {total_gain} > residual {residual}"
    );
    for c in &report.controls {
        assert_eq!(
            c.open,
            open(c.status) && !c.risks.is_empty(),
            "control {}",
            c.id
        );
    }
    // Reports go to JS and files as JSON text.
    let json = written_as_serde_writes(report);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
}

/// The engine's JSON text of a value, checked to be byte for byte serde_json's: the engine
/// writes its own (src/json/write.rs) and promises the same text.
fn written_as_serde_writes<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let ours = crate::json_text(value);
    let theirs = serde_json::to_string(value).expect("the engine's types serialize");
    assert_eq!(
        ours, theirs,
        "the engine's JSON writer and serde_json differ"
    );
    ours
}

/// Every renderer, on every option, with its own invariants.
fn render_report(catalog: &Catalog, report: &Report) {
    markdown_holds(&markdown::report(report, catalog));
    let rows = csv_rows(&csv::gaps(report));
    assert_eq!(
        rows.len(),
        report.gaps.len() + 1,
        "one CSV row per gap and a header"
    );
    csv_cells_hold(&rows, 12);
    let selected = catalog.components.first().map(|c| c.id.as_str());
    for standalone in [false, true] {
        let options = diagram::DiagramOptions {
            selected,
            standalone,
            narrow: standalone && selected.is_none(),
        };
        svg_holds(&diagram::svg(catalog, Some(report), &options));
    }
}

/// Markdown output has no HTML at all (the writers emit none and escape all text), and
/// every row of a table has as many cells as its header.
fn markdown_holds(md: &str) {
    assert!(!md.contains('<'), "raw `<` in Markdown:\n{md}");
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let mut pipes = 0;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '|' => pipes += 1,
                _ => {}
            }
        }
        match columns {
            None => columns = Some(pipes),
            Some(n) => assert_eq!(pipes, n, "table row with another cell count: {line}"),
        }
    }
}

/// Split RFC 4180 CSV into rows of cells (also the CLI tests' reader of CSV output).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => {
                assert!(
                    c != '"' && c != '\n' && c != '\r',
                    "stray {c:?} in a CSV cell"
                );
                cell.push(c);
            }
        }
    }
    assert!(
        !quoted && cell.is_empty() && row.is_empty(),
        "CSV ends inside a row"
    );
    rows
}

/// Every row has `n` cells, and no cell would run as a spreadsheet formula.
fn csv_cells_hold(rows: &[Vec<String>], n: usize) {
    for row in rows {
        assert_eq!(row.len(), n, "{row:?}");
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula not defused: {cell:?}"
            );
            assert!(
                !cell
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "control character that would act on a terminal: {cell:?}"
            );
        }
    }
}

/// One SVG element, no script, balanced groups, no character XML forbids.
fn svg_holds(svg: &str) {
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
    assert_eq!(svg.matches("<svg").count(), 1, "{svg}");
    assert!(!svg.contains("<script"), "{svg}");
    let open = svg.matches("<g ").count() + svg.matches("<g>").count();
    assert_eq!(open, svg.matches("</g>").count(), "{svg}");
    // A negative size is an SVG error: the shape is not drawn at all.
    assert!(
        !svg.contains("width=\"-") && !svg.contains("height=\"-"),
        "negative size: {svg}"
    );
    assert!(
        !svg.chars()
            .any(|c| (c < ' ' && c != '\t' && c != '\n') || c == '\u{7f}'),
        "{svg:?}"
    );
}

/// An error must say something, with a code and, when it has a path, a non-empty one.
fn described(e: &Error) {
    assert!(!e.to_string().trim().is_empty(), "{e:?}");
    assert!(!e.code().is_empty());
    if let Some(path) = e.path() {
        assert!(!path.is_empty(), "{e:?}");
    }
}

/// The engine's JSON reader accepts what a standard reader accepts (within the nesting
/// limit) and reads the same values; it is stricter only where documents need it.
fn json_agrees_with_serde(text: &str) {
    let ours = crate::json::parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert!(same_json(a, b), "read differently: {text:?}"),
        // serde_json refuses numbers beyond f64; the engine keeps number text.
        (Ok(_), Err(e)) => assert!(
            e.to_string().contains("number out of range"),
            "accepted invalid JSON ({e}): {text:?}"
        ),
        (Err(e), Ok(_)) => assert!(
            matches!(e, Error::TooLarge { .. }),
            "refused valid JSON ({e}): {text:?}"
        ),
        (Err(_), Err(_)) => {}
    }
}

fn same_json(a: &crate::json::Json, b: &serde_json::Value) -> bool {
    use crate::json::Json;
    use serde_json::Value;
    match (a, b) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(x), Value::Bool(y)) => x == y,
        (Json::Number(_), Value::Number(_)) => true,
        (Json::String(x), Value::String(y)) => x == y,
        (Json::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Json::Object(members), Value::Object(map)) => {
            // serde_json keeps the last of repeated members; so does this comparison.
            let last = |key: &str| members.iter().rev().find(|(k, _)| k == key);
            members.iter().all(|(k, _)| map.contains_key(&**k))
                && map
                    .iter()
                    .all(|(k, v)| last(k).is_some_and(|(_, ours)| same_json(ours, v)))
        }
        _ => false,
    }
}
