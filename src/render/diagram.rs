//! The component diagram: the stages as columns (operations and platform as a band under
//! them), the components in them, the flow of data and models as arrows, and each
//! component's applicable risks and residual risk. One SVG serves the page, the embedded
//! element, the notebook widget and the exported file, so they cannot drift apart.
//!
//! Styling is by class only (no `style` attributes), so the SVG runs under a CSP without
//! `'unsafe-inline'`; [`DIAGRAM_CSS`] holds the rules, which the front ends adopt as a
//! stylesheet and a standalone export embeds.

use std::fmt::Write;

use super::{escape_xml as x, percent};
use crate::assess::{Level, Report};
use crate::catalog::Catalog;
use crate::idmap::IdIndex;

/// The diagram's style rules. Colours are a colour-blind-safe blue-to-vermillion scale, and
/// every colour is also said in text on the node.
pub const DIAGRAM_CSS: &str = include_str!("diagram.css");

/// The stylesheet with the light theme's custom properties written out: image viewers and
/// converters that open an exported file often do not support `var()`.
fn standalone_css() -> String {
    let mut css = DIAGRAM_CSS.to_string();
    let first_block = DIAGRAM_CSS
        .split('}')
        .next()
        .and_then(|block| block.split_once('{'))
        .map_or("", |(_, body)| body);
    for declaration in first_block.split(';') {
        if let Some((name, value)) = declaration.trim().split_once(':') {
            if name.starts_with("--arm-") {
                css = css.replace(&format!("var({name})"), value.trim());
            }
        }
    }
    css
}

/// Options for [`svg`].
#[derive(Debug, Clone, Default)]
pub struct DiagramOptions<'a> {
    /// Component to draw as selected.
    pub selected: Option<&'a str>,
    /// Embed the stylesheet and a title, for a file that stands alone.
    pub standalone: bool,
}

/// What a caller asks to draw, as the JS and Python faces pass it (`{"selected": "9",
/// "standalone": true, "dasf": "1.0"}`): read here so that every face reports the same paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DrawRequest {
    pub selected: Option<String>,
    pub standalone: bool,
    /// The catalog version to draw when there is no assessment.
    pub dasf: Option<String>,
}

impl DrawRequest {
    pub fn from_json(text: &str) -> crate::Result<DrawRequest> {
        let value = crate::json::parse(text)?;
        let mut f = crate::json::Fields::of(&value, "options")?;
        let request = DrawRequest {
            selected: f.opt_string("selected")?,
            standalone: f.bool_or("standalone", false)?,
            dasf: f.opt_string("dasf")?,
        };
        f.finish(&["selected", "standalone", "dasf"])?;
        Ok(request)
    }
}

const WIDTH: i32 = 1000;
const HEIGHT: i32 = 690;
const COLUMN_W: i32 = 300;
const NODE_H: i32 = 76;
/// Columns and rows are this far apart (a node and its gap).
const COLUMN_STEP: i32 = 326;
const ROW_STEP: i32 = 92;
/// The first row of nodes in a column, and the top of the column frames.
const FIRST_ROW_Y: i32 = 84;
const TOP: i32 = 16;
/// Above this many components the diagram keeps the DASF shape (the first four components
/// of each column stage): a diagram of thousands of boxes would help no one.
const MAX_GROWN: usize = 200;

/// The frame of the diagram: DASF's (three stage columns of up to four components, the last
/// stage as a band under them) or, for a catalog with more stages or fuller stages, the same
/// design grown to fit: one column per stage but the last, as many rows as the fullest
/// column, and the band wrapped into rows.
struct Geometry {
    width: i32,
    height: i32,
    /// Stages drawn as columns (the others, the last one, as the band).
    columns: usize,
    /// Rows of nodes a column holds.
    rows: usize,
    column_h: i32,
    band_y: i32,
    band_h: i32,
    /// Components per row of the band.
    band_per_row: usize,
}

impl Geometry {
    fn of(catalog: &Catalog) -> Geometry {
        let stages = catalog.stages.len();
        let standard = stages <= 4
            && catalog
                .stages
                .iter()
                .take(stages.saturating_sub(1))
                .all(|s| s.components.len() <= 4);
        if standard || catalog.components.len() > MAX_GROWN {
            return Geometry {
                width: WIDTH,
                height: HEIGHT,
                columns: stages.saturating_sub(1).min(3),
                rows: 4,
                column_h: 436,
                band_y: 480,
                band_h: 140,
                band_per_row: usize::MAX,
            };
        }
        let columns = stages.saturating_sub(1);
        let rows = catalog
            .stages
            .iter()
            .take(columns)
            .map(|s| s.components.len())
            .max()
            .unwrap_or(0)
            .max(4);
        // 24 units of margin on the left, 22 on the right after the last column's gap.
        let width = (22 + COLUMN_STEP * columns as i32).max(WIDTH);
        let column_h = FIRST_ROW_Y - TOP + ROW_STEP * rows as i32;
        let band_y = TOP + column_h + 28;
        let band = catalog.stages.last().map_or(0, |s| s.components.len());
        let band_per_row = if band <= 6 {
            band.max(1)
        } else {
            6.max(columns + 2)
        };
        let band_rows = band.div_ceil(band_per_row).max(1) as i32;
        let band_h = 46 + ROW_STEP * band_rows + 2;
        Geometry {
            width,
            height: band_y + band_h + (HEIGHT - 480 - 140),
            columns,
            rows,
            column_h,
            band_y,
            band_h,
            band_per_row,
        }
    }

    fn column_x(&self, column: usize) -> i32 {
        24 + COLUMN_STEP * column as i32
    }
}

/// Where each node sits: (x, y, width).
fn place(catalog: &Catalog, g: &Geometry) -> Vec<(String, i32, i32, i32)> {
    let mut out = Vec::new();
    for (si, stage) in catalog.stages.iter().enumerate() {
        let n = stage.components.len();
        if si < g.columns {
            // Centre shorter columns (deployment and serving has two components).
            let first = (g.rows.saturating_sub(n) / 2) as i32;
            for (i, c) in stage.components.iter().enumerate().take(g.rows) {
                out.push((
                    c.clone(),
                    g.column_x(si) + 12,
                    FIRST_ROW_Y + ROW_STEP * (first + i as i32),
                    COLUMN_W - 24,
                ));
            }
        } else {
            // The last stage (operations and platform) runs under all the others.
            let inner = g.width - 48 - 32;
            let per_row = g.band_per_row.min(n.max(1)) as i32;
            let w = (inner - 24 * (per_row - 1).max(0)) / per_row.max(1);
            for (i, c) in stage.components.iter().enumerate() {
                let (row, col) = (i as i32 / per_row, i as i32 % per_row);
                out.push((
                    c.clone(),
                    40 + col * (w + 24),
                    g.band_y + 46 + ROW_STEP * row,
                    w,
                ));
            }
        }
    }
    out
}

/// The flow arrows: (from, to). Data moves down the data column into the datasets the
/// models learn from, through model building into the registry, and out to serving.
const FLOWS: [(&str, &str); 9] = [
    ("1", "2"),
    ("2", "3"),
    ("3", "4"),
    ("3", "5"),
    ("5", "6"),
    ("6", "7"),
    ("7", "8"),
    ("8", "9"),
    ("9", "10"),
];

/// Greedy word wrap by character count; good enough for short catalog names.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines > 0");
        let keep: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{keep}\u{2026}");
    }
    for line in &mut lines {
        if line.chars().count() > width {
            let keep: String = line.chars().take(width.saturating_sub(1)).collect();
            *line = format!("{keep}\u{2026}");
        }
    }
    lines
}

fn level_class(level: Level) -> &'static str {
    match level {
        Level::None => "none",
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}

/// Draw the diagram for `catalog`, coloured by `report` when there is one.
pub fn svg(catalog: &Catalog, report: Option<&Report>, options: &DiagramOptions) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let g = Geometry::of(catalog);
    let (width, height) = (g.width, g.height);
    let title = match report {
        Some(r) if !r.use_case.name.trim().is_empty() => format!(
            "{} {}: components of {} and their residual risk",
            catalog.framework, catalog.version, r.use_case.name
        ),
        _ => format!(
            "{} {}: components of an AI system",
            catalog.framework, catalog.version
        ),
    };
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="arm-diagram" viewBox="0 0 {width} {height}" role="group" aria-label="{}">"#,
        x(&title)
    );
    if options.standalone {
        let _ = write!(
            out,
            "<title>{}</title><style>{}</style>",
            x(&title),
            standalone_css()
        );
    }
    out.push_str(r#"<defs><marker id="arm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arm-arrowhead" d="M0 0L10 5L0 10z"/></marker></defs>"#);

    // Lookups by id through sorted indexes, so that a catalog of many components draws in
    // linear time.
    let stage_scores = report.map(|r| IdIndex::new(r.stages.iter().map(|s| s.id.as_str())));
    let component_scores = report.map(|r| IdIndex::new(r.components.iter().map(|c| c.id.as_str())));
    let components = IdIndex::new(catalog.components.iter().map(|c| c.id.as_str()));
    let mut risk_counts = vec![0usize; catalog.components.len()];
    if report.is_none() {
        for risk in &catalog.risks {
            if let Some(i) = components.get(&risk.component) {
                risk_counts[i] += 1;
            }
        }
    }

    // Stage frames and headings.
    let columns = g.columns;
    for (si, stage) in catalog.stages.iter().enumerate() {
        let score = report
            .zip(stage_scores.as_ref())
            .and_then(|(r, index)| index.get(&stage.id).map(|i| &r.stages[i]));
        let figure = score.map_or(String::new(), |s| {
            format!("{} covered", percent(s.score.coverage))
        });
        // Columns put the figure under the title; the wide band puts it on the right.
        let (fx, fy, fw, fh, figure_x, figure_y, anchor) = if si < columns {
            (
                g.column_x(si),
                TOP,
                COLUMN_W,
                g.column_h,
                g.column_x(si) + 14,
                64,
                "",
            )
        } else {
            (
                24,
                g.band_y,
                g.width - 48,
                g.band_h,
                g.width - 38,
                g.band_y + 28,
                " arm-end",
            )
        };
        let _ = write!(
            out,
            r#"<g class="arm-stage" data-stage="{}"><rect class="arm-stage-frame" x="{fx}" y="{fy}" width="{fw}" height="{fh}" rx="10"/><text class="arm-stage-title" x="{}" y="{}">{}</text><text class="arm-stage-figure{anchor}" x="{figure_x}" y="{figure_y}">{}</text></g>"#,
            x(&stage.id),
            fx + 14,
            fy + 28,
            x(&wrap(&stage.name, 30, 1).join(" ")),
            x(&figure)
        );
    }

    let placed = place(catalog, &g);
    let find = |id: &str| placed.iter().find(|p| p.0 == id);
    // Flows first, so nodes draw over line ends.
    for (from, to) in FLOWS {
        let (Some(a), Some(b)) = (find(from), find(to)) else {
            continue;
        };
        let (x1, y1, x2, y2) = if a.1 == b.1 {
            (a.1 + a.3 / 2, a.2 + NODE_H, b.1 + b.3 / 2, b.2 - 2)
        } else {
            (a.1 + a.3, a.2 + NODE_H / 2, b.1 - 2, b.2 + NODE_H / 2)
        };
        let _ = write!(
            out,
            r#"<path class="arm-flow" data-flow="{}-{}" d="M{x1} {y1}L{x2} {y2}" marker-end="url(#arm-arrow)"/>"#,
            x(from),
            x(to)
        );
    }
    // The platform supports every stage above it.
    if catalog.stages.len() > columns {
        for column in 0..columns {
            let mid = g.column_x(column) + COLUMN_W / 2;
            let _ = write!(
                out,
                r#"<path class="arm-support" d="M{mid} {}L{mid} {}" marker-end="url(#arm-arrow)"/>"#,
                g.band_y,
                TOP + g.column_h + 2
            );
        }
    }

    for (id, nx, ny, nw) in &placed {
        let Some(at) = components.get(id) else {
            continue;
        };
        let component = &catalog.components[at];
        let score = report
            .zip(component_scores.as_ref())
            .and_then(|(r, index)| index.get(id).map(|i| &r.components[i]));
        let risks = match score {
            Some(s) => s.score.scored,
            None => risk_counts[at],
        };
        let level = score.map_or(Level::None, |s| s.score.level);
        let in_scope = score.is_none_or(|s| s.in_scope);
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let stats = match score {
            None => plural(risks, "risk"),
            Some(_) if !in_scope => "Out of scope".to_string(),
            Some(s) if s.score.coverage.is_none() => plural(s.score.applicable, "applicable risk"),
            Some(s) => format!(
                "{} \u{b7} {} covered \u{b7} {}",
                plural(risks, "risk"),
                percent(s.score.coverage),
                level.label()
            ),
        };
        let label = match score {
            None => format!(
                "Component {}: {}, {} in the catalog",
                id,
                component.name,
                plural(risks, "risk")
            ),
            Some(_) if !in_scope => format!("Component {}: {}, out of scope", id, component.name),
            Some(s) => format!(
                "Component {}: {}, {}, {} scored, coverage {}, residual risk {}",
                id,
                component.name,
                plural(s.score.applicable, "applicable risk"),
                s.score.scored,
                percent(s.score.coverage),
                level.label().to_ascii_lowercase()
            ),
        };
        let selected = if options.selected == Some(id.as_str()) {
            " arm-selected"
        } else {
            ""
        };
        let scope = if in_scope { "" } else { " arm-out-of-scope" };
        let _ = write!(
            out,
            r#"<g class="arm-node arm-level-{}{selected}{scope}" data-component="{}" tabindex="0" role="button" aria-label="{}"><rect class="arm-node-box" x="{nx}" y="{ny}" width="{nw}" height="{NODE_H}" rx="8"/><circle class="arm-node-badge" cx="{}" cy="{}" r="14"/><text class="arm-node-number" x="{}" y="{}">{}</text>"#,
            level_class(level),
            x(id),
            x(&label),
            nx + 24,
            ny + 26,
            nx + 24,
            ny + 31,
            x(id)
        );
        // About 9 units per character of the 14px semibold name.
        let chars = ((nw - 56) / 9).max(8) as usize;
        for (i, line) in wrap(&component.name, chars, 2).iter().enumerate() {
            let _ = write!(
                out,
                r#"<text class="arm-node-name" x="{}" y="{}">{}</text>"#,
                nx + 48,
                ny + 24 + 18 * i as i32,
                x(line)
            );
        }
        let _ = write!(
            out,
            r#"<text class="arm-node-stats" x="{}" y="{}">{}</text></g>"#,
            nx + 48,
            ny + NODE_H - 12,
            x(&stats)
        );
    }

    // Legend: the colour scale, each swatch named in words.
    let legend = [
        ("low", "Low residual risk (80% or more covered)"),
        ("medium", "Medium (50 to 79%)"),
        ("high", "High (under 50%)"),
        ("none", "No scored risk"),
    ];
    let _ = write!(out, r#"<g class="arm-legend" aria-label="Legend">"#);
    let mut lx = 24;
    for (class, text) in legend {
        let _ = write!(
            out,
            r#"<rect class="arm-legend-swatch arm-level-{class}" x="{lx}" y="{}" width="18" height="18" rx="3"/><text class="arm-legend-text" x="{}" y="{}">{}</text>"#,
            height - 42,
            lx + 26,
            height - 28,
            x(text)
        );
        lx += 26 + 8 * text.len() as i32 + 20;
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{evaluate, Assessment};
    use crate::catalog::builtin;

    #[test]
    fn every_component_is_drawn_with_a_hook_and_a_label() {
        let cat = builtin("2.0").unwrap();
        let svg = svg(cat, None, &DiagramOptions::default());
        for c in &cat.components {
            assert!(
                svg.contains(&format!("data-component=\"{}\"", c.id)),
                "{}",
                c.id
            );
        }
        assert_eq!(svg.matches("role=\"button\"").count(), 12);
        assert_eq!(svg.matches("class=\"arm-flow\"").count(), FLOWS.len());
        assert!(!svg.contains("style=") && !svg.contains("<style"));
    }

    #[test]
    fn report_colours_nodes_and_standalone_embeds_css() {
        let cat = builtin("2.0").unwrap();
        let mut a = Assessment::new("2.0");
        a.use_case.name = "</svg><script>alert(1)</script>".into();
        let report = evaluate(cat, &a).unwrap();
        let svg = svg(
            cat,
            Some(&report),
            &DiagramOptions {
                selected: Some("9"),
                standalone: true,
            },
        );
        assert!(svg.contains("arm-level-high arm-selected"));
        assert!(
            svg.contains("<style>") && !svg.contains("fill: var("),
            "variables are resolved"
        );
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;/svg&gt;&lt;script&gt;"));
    }

    #[test]
    fn wrap_truncates_long_names() {
        assert_eq!(
            wrap("Model Serving and Inference Requests", 22, 2),
            vec!["Model Serving and", "Inference Requests"]
        );
        let lines = wrap(&"x".repeat(100), 10, 2);
        assert_eq!(lines, vec![format!("{}\u{2026}", "x".repeat(9))]);
    }
}
