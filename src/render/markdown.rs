//! Markdown writers: the assessment report and the catalog. All text goes through
//! [`escape_markdown`], so notes and names cannot break tables or inject HTML.

use std::fmt::Write;

use super::{count, escape_markdown as md, percent, Md};
use crate::assess::{one_decimal, ControlStatus, NextControl, Report, RiskState, Scope, Score};
use crate::catalog::{Catalog, Erratum};
use crate::idmap::IdIndex;

/// The assessment report as a Markdown document: the summary first (who, when, how far,
/// what is most at risk, what to do next, what is in place), then stages and components,
/// then the gaps by priority, then the method and the catalog.
pub fn report(report: &Report, catalog: &Catalog) -> String {
    let mut out = String::new();
    let name = if report.use_case.name.trim().is_empty() {
        "Untitled AI system".to_string()
    } else {
        md(&report.use_case.name)
    };
    let summary = &report.summary;
    let _ = writeln!(out, "# AI security assessment: {name}\n");
    let _ = writeln!(out, "- System: {name}");
    if !report.use_case.owner.is_empty() {
        let _ = writeln!(out, "- Owner: {}", Md(&report.use_case.owner));
    }
    if !summary.assessor.is_empty() {
        let _ = writeln!(out, "- Assessor: {}", Md(&summary.assessor));
    }
    let _ = writeln!(
        out,
        "- Assessed on: {}",
        summary
            .assessed_on
            .as_deref()
            .map_or("not dated".into(), md)
    );
    let model_index = IdIndex::new(catalog.deployment_models.iter().map(|d| d.id.as_str()));
    let models: Vec<String> = report
        .deployment_models
        .iter()
        .map(|id| {
            let name = model_index
                .get(id)
                .map_or(id.as_str(), |i| catalog.deployment_models[i].name.as_str());
            md(name)
        })
        .collect();
    let _ = writeln!(out, "- Framework: {}", Md(&report.edition_line));
    let _ = writeln!(
        out,
        "- Deployment models: {}",
        if models.is_empty() {
            "none selected (every risk applies)".to_string()
        } else {
            models.join(", ")
        }
    );
    if !report.use_case.description.is_empty() {
        let _ = writeln!(out, "\n{}", Md(&report.use_case.description));
    }

    let o = &report.overall;
    let _ = writeln!(out, "\n## Summary\n");
    let _ = writeln!(
        out,
        "Overall coverage **{}** (residual risk: {}). {}",
        percent(o.coverage),
        o.level.label(),
        // The engine's own words and figures: nothing in it to escape.
        summary.standing
    );
    let _ = writeln!(out, "\n### Top risks\n");
    if summary.top_risks.is_empty() {
        let _ = writeln!(out, "No open risk: every scored risk is covered.");
    } else {
        let _ = writeln!(
            out,
            "| Priority | Risk | Coverage | Why |\n|---|---|---|---|"
        );
        for t in &summary.top_risks {
            let _ = writeln!(
                out,
                "| {} | {} {} | {} | {} |",
                t.priority.map_or("not rated".into(), one_decimal),
                Md(t.id),
                Md(t.name),
                percent(t.coverage),
                Md(&t.why)
            );
        }
    }
    let _ = writeln!(out, "\n### Top actions\n");
    actions_table(
        &mut out,
        &summary.top_actions,
        "None: every chosen control of a scored risk is implemented.",
    );
    let _ = writeln!(out, "\n### Controls in place\n");
    if summary.in_place.is_empty() {
        let _ = writeln!(out, "None recorded as implemented yet.");
    } else {
        if !summary.in_place_line.is_empty() {
            let _ = writeln!(out, "{}\n", summary.in_place_line);
        }
        in_place_table(
            &mut out,
            summary
                .in_place
                .iter()
                .map(|c| (c.id, c.name, &c.owner, &c.evidence, &c.note)),
        );
    }

    let _ = writeln!(out, "\n## Coverage by stage\n");
    score_table(
        &mut out,
        "Stage",
        report.stages.iter().map(|s| (md(s.name), &s.score)),
    );
    let _ = writeln!(out, "\n## Coverage by component\n");
    score_table(
        &mut out,
        "Component",
        report
            .components
            .iter()
            .filter(|c| c.in_scope)
            .map(|c| (format!("{} {}", Md(c.id), Md(c.name)), &c.score)),
    );

    let _ = writeln!(out, "\n## Next controls\n");
    actions_table(
        &mut out,
        &report.next_controls,
        "No open control: every scored risk is covered.",
    );

    let _ = writeln!(out, "\n## Open gaps, by priority\n");
    if report.gaps.is_empty() {
        let _ = writeln!(out, "None.");
    } else {
        let _ = writeln!(out, "| Priority | Risk | Control | Status | Responsibility | Owner | Due | Evidence | Note |\n|---|---|---|---|---|---|---|---|---|");
        for g in &report.gaps {
            let _ = writeln!(
                out,
                "| {} | {} {} | {} {} | {} | {} | {} | {} | {} | {} |",
                g.priority.map_or("not rated".into(), one_decimal),
                Md(g.risk),
                Md(g.risk_name),
                Md(g.control),
                Md(g.control_name),
                g.status.label(),
                g.responsibility.label(),
                Md(&g.owner),
                g.due.as_deref().map_or(Md(""), Md),
                evidence(&g.evidence),
                Md(&g.note)
            );
        }
    }

    if !report.responsibility.is_empty() {
        let _ = writeln!(out, "\n## Open controls by shared responsibility\n");
        for share in &report.responsibility {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                share.label,
                share.controls.len(),
                Md(&share.controls.join(", "))
            );
        }
    }

    // Step 4, after the gaps: how many pertinent risks had their threats reviewed, and the
    // team's conclusions (a note written before the review is finished is shown too).
    let threats = summary.threats_reviewed;
    if threats.total > 0 {
        let _ = writeln!(out, "\n## Threats reviewed\n\n{}", summary.threats_line);
        let mut head = "\n| Risk | Reviewed | Note |\n|---|---|---|\n";
        for r in report
            .risks
            .iter()
            .filter(|r| r.coverage.is_some() && (r.threats_reviewed || !r.threats_note.is_empty()))
        {
            out.push_str(head);
            head = "";
            let _ = writeln!(
                out,
                "| {} {} | {} | {} |",
                Md(r.id),
                Md(r.name),
                if r.threats_reviewed { "yes" } else { "not yet" },
                Md(&r.threats_note)
            );
        }
    }

    let included: Vec<_> = report
        .risks
        .iter()
        .filter(|r| r.scope == Scope::Included)
        .collect();
    if !included.is_empty() {
        let _ = writeln!(
            out,
            "\n## Risks brought into scope\n\nNot flagged for the selected deployment models; the team included them.\n\n| Risk | Reason |\n|---|---|"
        );
        for r in included {
            let _ = writeln!(out, "| {} {} | {} |", Md(r.id), Md(r.name), Md(&r.reason));
        }
    }

    let excluded: Vec<(&str, &str, &str, &str)> = report
        .risks
        .iter()
        .filter(|r| r.coverage.is_some())
        .flat_map(|r| {
            r.controls
                .iter()
                .filter_map(move |c| c.excluded.as_deref().map(|why| (r.id, r.name, c.id, why)))
        })
        .collect();
    if !excluded.is_empty() {
        let _ = writeln!(
            out,
            "\n## Controls the team does not rely on\n\n| Risk | Control | Reason |\n|---|---|---|"
        );
        let controls = IdIndex::new(catalog.controls.iter().map(|c| c.id.as_str()));
        for (risk, risk_name, control, why) in excluded {
            let control_name = controls
                .get(control)
                .map_or("", |i| catalog.controls[i].name.as_str());
            let _ = writeln!(
                out,
                "| {} {} | {} {} | {} |",
                Md(risk),
                Md(risk_name),
                Md(control),
                Md(control_name),
                Md(why)
            );
        }
    }

    let set_aside: Vec<_> = report
        .risks
        .iter()
        .filter(|r| r.state == RiskState::SetAside)
        .collect();
    if !set_aside.is_empty() {
        let _ = writeln!(out, "\n## Risks set aside\n\n| Risk | Reason |\n|---|---|");
        for r in set_aside {
            let reason = if r.reason.trim().is_empty() {
                "(no reason given)".to_string()
            } else {
                md(&r.reason)
            };
            let _ = writeln!(out, "| {} {} | {} |", Md(r.id), Md(r.name), reason);
        }
    }

    if summary.in_place_total > summary.in_place.len() {
        let _ = writeln!(out, "\n## All controls in place\n");
        in_place_table(
            &mut out,
            report
                .controls
                .iter()
                .filter(|c| c.status == ControlStatus::Implemented)
                .map(|c| (c.id, c.name, &c.owner, &c.evidence, &c.note)),
        );
    }

    let others: Vec<_> = report
        .controls
        .iter()
        .filter(|c| {
            c.status != ControlStatus::Implemented
                && (!c.evidence.is_empty() || !c.note.is_empty() || c.due.is_some())
        })
        .collect();
    if !others.is_empty() {
        let _ = writeln!(
            out,
            "\n## Other controls with notes, evidence or due dates\n\n| Control | Status | Owner | Due | Evidence | Note |\n|---|---|---|---|---|---|"
        );
        for c in others {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} | {} |",
                Md(c.id),
                Md(c.name),
                c.status.label(),
                Md(&c.owner),
                c.due.as_deref().map_or(Md(""), Md),
                evidence(&c.evidence),
                Md(&c.note)
            );
        }
    }

    if let Some(review) = &report.review {
        let _ = writeln!(
            out,
            "\n## New since DASF {}, to review\n\n{}\n",
            Md(&review.from),
            Md(&review.line)
        );
        let risks = IdIndex::new(catalog.risks.iter().map(|r| r.id.as_str()));
        let controls = IdIndex::new(catalog.controls.iter().map(|c| c.id.as_str()));
        for id in &review.risks {
            let name = risks.get(id).map_or("", |i| catalog.risks[i].name.as_str());
            let _ = writeln!(out, "- Risk {} {}", Md(id), Md(name));
        }
        for id in &review.controls {
            let name = controls
                .get(id)
                .map_or("", |i| catalog.controls[i].name.as_str());
            let _ = writeln!(out, "- Control {} {}", Md(id), Md(name));
        }
    }

    if !report.warnings.is_empty() {
        let _ = writeln!(out, "\n## Warnings\n");
        for w in &report.warnings {
            let _ = writeln!(out, "- {}", Md(w));
        }
    }

    let _ = writeln!(
        out,
        "\n## How the scores are computed\n\n{}",
        Md(report.scoring)
    );
    let _ = writeln!(out, "\n## Catalog errata\n\n{}", Md(&report.errata_line));
    if !report.errata.is_empty() {
        errata_table(&mut out, catalog.errata_in_force(), catalog);
    }
    let _ = writeln!(
        out,
        "\n## About the catalog\n\nSource: {}.\n",
        Md(report.catalog_source)
    );
    for note in report.catalog_notes {
        let _ = writeln!(out, "- {}", Md(note));
    }
    let _ = writeln!(
        out,
        "\n_Generated by {} in the user's own environment; no data left it._",
        Md(&report.generator)
    );
    out
}

/// The controls to work on next, as a table, or `none` when there are none.
fn actions_table(out: &mut String, actions: &[NextControl], none: &str) {
    if actions.is_empty() {
        let _ = writeln!(out, "{none}");
        return;
    }
    let _ = writeln!(
        out,
        "| Control | Status | Owner | Due | Coverage gain | Open risks it mitigates |\n|---|---|---|---|---|---|"
    );
    for n in actions {
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} | +{} pts | {} |",
            Md(n.id),
            Md(n.name),
            n.status.label(),
            Md(&n.owner),
            n.due.as_deref().map_or(Md(""), Md),
            points(n.gain),
            Md(&n.risks.join(", "))
        );
    }
}

/// Implemented controls with who owns them and what shows they are in place.
fn in_place_table<'a>(
    out: &mut String,
    rows: impl Iterator<Item = (&'a str, &'a str, &'a String, &'a Vec<String>, &'a String)>,
) {
    let _ = writeln!(
        out,
        "| Control | Owner | Evidence | Note |\n|---|---|---|---|"
    );
    for (id, name, owner, items, note) in rows {
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} |",
            Md(id),
            Md(name),
            Md(owner),
            evidence(items),
            Md(note)
        );
    }
}

/// Evidence items in one cell, separated by semicolons.
fn evidence(items: &[String]) -> String {
    let mut cell = String::new();
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            cell.push_str("; ");
        }
        cell.push_str(&md(e));
    }
    cell
}

fn errata_table(out: &mut String, errata: &[Erratum], catalog: &Catalog) {
    let _ = writeln!(
        out,
        "\n| Risk | Field | Published | Corrected | Reason |\n|---|---|---|---|---|"
    );
    let risks = IdIndex::new(catalog.risks.iter().map(|r| r.id.as_str()));
    for e in errata {
        let name = risks
            .get(&e.risk)
            .map_or("", |i| catalog.risks[i].name.as_str());
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} | {} |",
            Md(&e.risk),
            Md(name),
            Md(&e.field),
            Md(&e.published.join(", ")),
            Md(&e.corrected.join(", ")),
            Md(&e.reason)
        );
    }
}

/// A 0..1 gain as percentage points with one decimal, without float formatting (which
/// would add tens of kilobytes to the wasm).
fn points(gain: f64) -> String {
    let tenths = (gain * 1000.0).round().max(0.0) as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn score_table<'a>(out: &mut String, what: &str, rows: impl Iterator<Item = (String, &'a Score)>) {
    // The same columns, in the same order, as the page's report view.
    let _ = writeln!(
        out,
        "| {what} | Applicable | Set aside | Coverage | Residual risk | Covered | Partial | Uncovered |\n|---|---|---|---|---|---|---|---|"
    );
    for (name, s) in rows {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            s.applicable,
            s.set_aside,
            percent(s.coverage),
            s.level.label(),
            s.covered,
            s.partial,
            s.uncovered
        );
    }
}

/// The catalog as a Markdown document: components by stage, each with its risks, then the
/// controls.
pub fn catalog(catalog: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} {}\n\n{}, {}, {}. Source: {}.\n",
        Md(&catalog.framework),
        Md(&catalog.version),
        count(catalog.risks.len(), "risk"),
        count(catalog.controls.len(), "control"),
        count(catalog.pairs().count(), "risk-to-control pair"),
        Md(&catalog.provenance.source)
    );
    for note in &catalog.provenance.notes {
        let _ = writeln!(out, "- {}", Md(note));
    }
    // Each component's risks, by component position, in catalog order.
    let components = IdIndex::new(catalog.components.iter().map(|c| c.id.as_str()));
    let mut risks_of: Vec<Vec<&crate::catalog::Risk>> = vec![Vec::new(); catalog.components.len()];
    for risk in &catalog.risks {
        if let Some(i) = components.get(&risk.component) {
            risks_of[i].push(risk);
        }
    }
    for stage in &catalog.stages {
        let _ = writeln!(
            out,
            "\n## Stage {}: {}\n\n{}",
            Md(&stage.id),
            Md(&stage.name),
            Md(&stage.description)
        );
        for cid in &stage.components {
            let Some(at) = components.get(cid) else {
                continue;
            };
            let component = &catalog.components[at];
            let _ = writeln!(
                out,
                "\n### Component {}: {}\n\n{}\n",
                Md(&component.id),
                Md(&component.name),
                Md(&component.description)
            );
            let _ = writeln!(
                out,
                "| Risk | Name | Kind | Deployment models | Controls |\n|---|---|---|---|---|"
            );
            for risk in &risks_of[at] {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    Md(&risk.id),
                    Md(&risk.name),
                    match risk.kind {
                        crate::catalog::RiskKind::Ai => "AI",
                        crate::catalog::RiskKind::Cyber => "Cyber",
                    },
                    Md(&risk.deployment.join(", ")),
                    Md(&risk.controls.join(", "))
                );
            }
        }
    }
    if !catalog.errata.is_empty() {
        let _ = writeln!(out, "\n## Errata\n");
        if catalog.errata_applied {
            let line = crate::assess::corrected_as_follows(catalog.errata.len());
            let _ = writeln!(out, "{line}");
            errata_table(&mut out, &catalog.errata, catalog);
        } else {
            let _ = writeln!(
                out,
                "This is the catalog as published: {} available and not applied (to risks {}).",
                count(catalog.errata.len(), "erratum"),
                Md(&catalog
                    .errata
                    .iter()
                    .map(|e| e.risk.as_str())
                    .collect::<Vec<_>>()
                    .join(", "))
            );
        }
    }
    let _ = writeln!(out, "\n## Controls\n\n| Control | Name | Type | Responsibility | Operated by | Risks |\n|---|---|---|---|---|---|");
    for c in &catalog.controls {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            Md(&c.id),
            Md(&c.name),
            Md(&c.control_type),
            c.responsibility.label(),
            Md(&c.operator),
            Md(&c.risks.join(", "))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{evaluate, Assessment};
    use crate::catalog::builtin;

    #[test]
    fn open_gaps_are_counted_once_a_control_is_assessed() {
        let catalog = builtin("2.0").unwrap();
        let summary_of = |a: &Assessment| {
            let text = report(&evaluate(catalog, a).unwrap(), catalog);
            let start = text.find("## Summary").unwrap();
            let end = text.find("### Top risks").unwrap();
            text[start..end].to_string()
        };
        let blank = Assessment::new("2.0");
        let summary = summary_of(&blank);
        assert!(!summary.contains("open gap"), "{summary}");
        assert!(summary.contains("Open gaps are counted once the status of a control is recorded."));
        let mut started = blank.clone();
        started.controls.insert("DASF 1".into(), Default::default());
        started.controls.get_mut("DASF 1").unwrap().status = ControlStatus::Implemented;
        let gaps = evaluate(catalog, &started).unwrap().gaps.len();
        let summary = summary_of(&started);
        assert!(
            summary.contains(&format!("{gaps} open gaps (risk\u{2013}control pairs).")),
            "{summary}"
        );
    }

    #[test]
    fn threat_reviews_follow_the_gaps_with_their_notes() {
        let catalog = builtin("2.0").unwrap();
        let doc = r#"{"schema": "ai-risk-map/assessment", "schemaVersion": 3, "dasf": "2.0",
            "deploymentModels": ["rag_llm"],
            "risks": {"9.1": {"threatsReviewed": true, "threatsNote": "public | chat"},
                      "9.8": {"threatsNote": "half done"}, "10.1": {"threatsReviewed": true}}}"#;
        let evaluated = evaluate(catalog, &Assessment::from_json(doc).unwrap()).unwrap();
        let text = report(&evaluated, catalog);
        let at = text.find("\n## Threats reviewed\n").expect(&text);
        assert!(text.find("\n## Open gaps, by priority\n").unwrap() < at);
        let total = evaluated.summary.threats_reviewed.total;
        assert!(text[at..].contains(&format!(
            "Threats reviewed for 2 of {total} pertinent risks."
        )));
        let section = &text[at + 1..];
        let section = &section[..section.find("\n## ").unwrap_or(section.len())];
        let rows: Vec<&str> = section
            .lines()
            .filter(|l| l.starts_with("| 1") || l.starts_with("| 9"))
            .collect();
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(
            rows[0].starts_with("| 9.1 ") && rows[0].ends_with("| yes | public \\| chat |"),
            "{}",
            rows[0]
        );
        assert!(
            rows[1].starts_with("| 9.8 ") && rows[1].ends_with("| not yet | half done |"),
            "{}",
            rows[1]
        );
        assert!(
            rows[2].starts_with("| 10.1 ") && rows[2].ends_with("| yes |  |"),
            "{}",
            rows[2]
        );
        // Nothing reviewed yet: the count alone.
        let blank = report(
            &evaluate(catalog, &Assessment::new("2.0")).unwrap(),
            catalog,
        );
        assert!(blank.contains("\n## Threats reviewed\n\nThreats reviewed for 0 of "));
        assert!(!blank.contains("| Risk | Reviewed | Note |"));
    }

    #[test]
    fn ids_of_user_catalogs_are_escaped_too() {
        // A user catalog may name a component anything (found while writing the fuzz
        // checks, whose rule is that Markdown holds no raw `<` and keeps its table shape).
        let mut catalog = builtin("2.0").unwrap().clone();
        let hostile = "<b>1|x</b>";
        for stage in &mut catalog.stages {
            for c in &mut stage.components {
                if c == "1" {
                    *c = hostile.into();
                }
            }
        }
        catalog.components[0].id = hostile.into();
        for risk in catalog.risks.iter_mut().filter(|r| r.component == "1") {
            risk.component = hostile.into();
        }
        catalog.validate().unwrap();
        let evaluated = evaluate(&catalog, &Assessment::new("2.0")).unwrap();
        let md = report(&evaluated, &catalog);
        assert!(!md.contains('<'), "{md}");
        let row = md.lines().find(|l| l.contains("b&gt;1")).unwrap();
        assert_eq!(
            row.matches('|').count() - row.matches("\\|").count(),
            9,
            "{row}"
        );
    }
}
