//! CSV writers (RFC 4180): the gap list, ready for a ticket tracker, and the catalog's
//! risk-to-control pairs. Cells that a spreadsheet would run as a formula are defused.

use crate::assess::Report;
use crate::catalog::Catalog;
use crate::idmap::IdIndex;

/// One CSV cell. A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return first) gets a `'` prefix, the usual CSV-injection defence. Control
/// characters that would act on a terminal showing the file (ESC, OSC, BEL, a lone CR...)
/// are written as visible escapes such as `\u{1b}`; line breaks in a note stay, as `\n`
/// inside the quoted cell. Quoted when needed (RFC 4180).
pub fn cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    let mut shown = String::with_capacity(defused.len());
    let mut chars = defused.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            // A Windows line break inside a note is one line break.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\t' => shown.push(ch),
            c if super::acts_on_terminal(c) => super::visible(c, &mut shown),
            c => shown.push(c),
        }
    }
    if shown.contains([',', '"', '\n']) {
        format!("\"{}\"", shown.replace('"', "\"\""))
    } else {
        shown
    }
}

fn row(cells: &[&str]) -> String {
    let mut line = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&cell(c));
    }
    line.push_str("\r\n");
    line
}

/// One row per open risk-control pair of the report, in the report's order (by priority).
/// Evidence items are joined with ` | `.
pub fn gaps(report: &Report) -> String {
    let mut out = row(&[
        "risk_id",
        "risk_name",
        "component",
        "control_id",
        "control_name",
        "status",
        "responsibility",
        "owner",
        "note",
        "due",
        "evidence",
        "priority",
    ]);
    for g in &report.gaps {
        let priority = g
            .priority
            .map(crate::assess::one_decimal)
            .unwrap_or_default();
        out.push_str(&row(&[
            g.risk,
            g.risk_name,
            g.component,
            g.control,
            g.control_name,
            g.status.as_str(),
            g.responsibility.label(),
            &g.owner,
            &g.note,
            g.due.as_deref().unwrap_or(""),
            &g.evidence.join(" | "),
            &priority,
        ]));
    }
    out
}

/// One row per risk-to-control pair of the catalog.
pub fn catalog_pairs(catalog: &Catalog) -> String {
    let mut out = row(&[
        "risk_id",
        "risk_name",
        "component",
        "stage",
        "risk_introduced",
        "control_id",
        "control_name",
        "control_introduced",
    ]);
    let controls = IdIndex::new(catalog.controls.iter().map(|c| c.id.as_str()));
    for (risk, control_id) in catalog.pairs() {
        let control = &catalog.controls[controls.get(control_id).expect("validated catalog")];
        out.push_str(&row(&[
            &risk.id,
            &risk.name,
            &risk.component,
            &risk.stage,
            &risk.introduced,
            control_id,
            &control.name,
            &control.introduced,
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\"\nbye"), "\"say \"\"hi\"\"\nbye\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1+2"), "'-1+2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn cells_show_terminal_controls_instead_of_sending_them() {
        assert_eq!(cell("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(cell("one\r\ntwo"), "\"one\ntwo\"");
        assert_eq!(cell("over\rwrite"), "over\\u{d}write");
        assert_eq!(cell("\rx"), "'\\u{d}x");
        assert_eq!(cell("tab\there"), "tab\there");
    }

    #[test]
    fn catalog_csv_has_a_row_per_pair() {
        let cat = crate::catalog::builtin("2.0").unwrap();
        let csv = catalog_pairs(cat);
        assert_eq!(csv.lines().count(), 1 + 362);
    }
}
