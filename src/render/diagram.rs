//! The component diagram: the stages as columns (operations and platform as a band under
//! them), the components in them, the flow of data and models as arrows, and each
//! component's applicable risks and residual risk. One SVG serves the page, the embedded
//! element, the notebook widget and the exported file, so they cannot drift apart.
//!
//! Styling is by class only (no `style` attributes), so the SVG runs under a CSP without
//! `'unsafe-inline'`; [`DIAGRAM_CSS`] holds the rules, which the front ends adopt as a
//! stylesheet and a standalone export embeds.

use std::fmt::Write;

use super::count;
use super::{percent, Xml};
use crate::assess::{Level, Report, Score};
use crate::catalog::Catalog;
use crate::idmap::IdIndex;
use crate::limits::char_count;

/// The diagram's style rules. Colours are a colour-blind-safe blue-to-vermillion scale, and
/// every colour is also said in text on the node. A `static`, not a `const`: a const is
/// copied into each crate that uses it, and the wasm carried the stylesheet twice.
pub static DIAGRAM_CSS: &str = include_str!("diagram.css");

/// The stylesheet with the light theme's custom properties written out: image viewers and
/// converters that open an exported file often do not support `var()`.
fn standalone_css() -> String {
    let first_block = DIAGRAM_CSS
        .split('}')
        .next()
        .and_then(|block| block.split_once('{'))
        .map_or("", |(_, body)| body);
    let properties: Vec<(&str, &str)> = first_block
        .split(';')
        .filter_map(|declaration| declaration.trim().split_once(':'))
        .filter(|(name, _)| name.starts_with("--arm-"))
        .map(|(name, value)| (name, value.trim()))
        .collect();
    // Each `var(--arm-...)` ends a piece cut after `)`. (Not `str::replace`: its substring
    // searcher would bring 2 KB of code into the wasm for this one stylesheet.)
    let mut css = String::with_capacity(DIAGRAM_CSS.len());
    for piece in DIAGRAM_CSS.split_inclusive(')') {
        let used = properties.iter().find_map(|(name, value)| {
            let head = piece.strip_suffix(')')?.strip_suffix(name)?;
            Some((head.strip_suffix("var(")?, value))
        });
        match used {
            Some((head, value)) => {
                css.push_str(head);
                css.push_str(value);
            }
            None => css.push_str(piece),
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
    /// One column for narrow screens (a phone): stages one under the other, text at a size
    /// that reads when the drawing fills about 400 px.
    pub narrow: bool,
}

/// What a caller asks to draw, as the JS and Python faces pass it (`{"selected": "9",
/// "standalone": true, "narrow": false, "dasf": "1.0"}`): read here so that every face
/// reports the same paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DrawRequest {
    pub selected: Option<String>,
    pub standalone: bool,
    pub narrow: bool,
    /// The catalog version to draw when there is no assessment.
    pub dasf: Option<String>,
}

impl DrawRequest {
    pub fn from_json(text: &str) -> crate::Result<DrawRequest> {
        let value = crate::json::parse(text)?;
        let mut f = crate::json::Fields::of(&value, "options")?;
        let request = DrawRequest {
            selected: f.opt_string("selected"),
            standalone: f.bool_or("standalone", false),
            narrow: f.bool_or("narrow", false),
            dasf: f.opt_string("dasf"),
        };
        f.finish(&["selected", "standalone", "narrow", "dasf"])?;
        Ok(request)
    }

    /// The options to draw with (borrowing the selected id).
    pub fn options(&self) -> DiagramOptions<'_> {
        DiagramOptions {
            selected: self.selected.as_deref(),
            standalone: self.standalone,
            narrow: self.narrow,
        }
    }
}

const NODE_H: i32 = 76;
/// Line height of a stage title.
const TITLE_LINE: i32 = 20;
/// Wide layout: three stage columns with the platform as a band under them.
const WIDE: i32 = 1000;
const COLUMN_W: i32 = 300;
/// Narrow layout: one column.
const NARROW: i32 = 400;
/// Space between stacked nodes in the narrow layout (an arrow fits in it).
const NARROW_GAP: i32 = 18;
/// About how many units a character of the 16 px semibold stage title takes, rounded up
/// so that wide fonts still fit (DejaVu Sans is the widest common fallback).
const TITLE_CHAR: i32 = 10;
/// The same for the 14 px semibold component name and the 12.5 px figures under it.
const NAME_CHAR: i32 = 9;
/// (in half units: 6.5)
const STATS_HALF_CHARS: i32 = 13;
/// The same for the 13 px legend and caption.
const SMALL_CHAR: i32 = 7;

/// A stage's frame: its box, its title lines and where its figure goes.
struct Frame {
    stage: usize,
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    title: Vec<String>,
    /// Where the figure goes, and whether it is anchored at its end (right-aligned).
    figure: (i32, i32, bool),
}

/// Where everything goes, for one of the two layouts.
struct Layout {
    width: i32,
    height: i32,
    frames: Vec<Frame>,
    /// (component id, x, y, width)
    nodes: Vec<(String, i32, i32, i32)>,
    /// Dashed arrows from the platform band up to each column: (x, from y, to y).
    supports: Vec<(i32, i32, i32)>,
    /// Flows are drawn only between nodes one right under the other (narrow layout), or
    /// between any two placed nodes (wide layout, whose columns keep the lines clear).
    adjacent_flows_only: bool,
    /// Legend swatches: (x, y) of each.
    legend: Vec<(i32, i32)>,
    /// Baselines of the caption lines, and the caption lines.
    caption: Vec<(i32, String)>,
}

/// The legend: the colour scale, each swatch named in words.
const LEGEND: [(&str, &str); 4] = [
    ("low", "Low residual risk (80% or more covered)"),
    ("medium", "Medium (50 to 79%)"),
    ("high", "High (under 50%)"),
    ("none", "No scored risk"),
];

/// Above this many components the wide layout keeps the DASF shape (the first four
/// components of each column stage): a diagram of thousands of boxes would help no one.
const MAX_GROWN: usize = 200;
/// Columns and rows are this far apart (a node and its gap).
const COLUMN_STEP: i32 = 326;
const ROW_STEP: i32 = NODE_H + 16;

/// DASF's shape (three stage columns of up to four components, the last stage as a band
/// under them) or, for a catalog with more stages or fuller stages, the same design grown
/// to fit: one column per stage but the last, as many rows as the fullest column, and the
/// band wrapped into rows.
fn wide(catalog: &Catalog, caption: &str) -> Layout {
    let stages = catalog.stages.len();
    let standard = stages <= 4
        && catalog
            .stages
            .iter()
            .take(stages.saturating_sub(1))
            .all(|s| s.components.len() <= 4);
    let grown = !standard && catalog.components.len() <= MAX_GROWN;
    let (columns, rows) = if grown {
        let fullest = catalog
            .stages
            .iter()
            .take(stages - 1)
            .map(|s| s.components.len())
            .max()
            .unwrap_or(0);
        (stages - 1, fullest.max(4))
    } else {
        (stages.saturating_sub(1).min(3), 4)
    };
    let rows = rows as i32;
    // 24 units of margin on the left, 22 on the right after the last column's gap.
    let width = if grown {
        (22 + COLUMN_STEP * columns as i32).max(WIDE)
    } else {
        WIDE
    };
    let column_x = |i: usize| 24 + COLUMN_STEP * i as i32;
    // Titles of up to two lines, so that a long stage name never runs into its frame.
    let title_chars = ((COLUMN_W - 28) / TITLE_CHAR) as usize;
    let titles: Vec<Vec<String>> = catalog
        .stages
        .iter()
        .map(|s| wrap(&s.name, title_chars, 2))
        .collect();
    let title_lines = titles.iter().take(columns).map(Vec::len).max().unwrap_or(1) as i32;
    let top = 16;
    let first_row = top + 14 + TITLE_LINE * title_lines + 30;
    let row_y = |i: i32| first_row + i * ROW_STEP;
    let column_h = row_y(rows) - top;
    let band_y = top + column_h + 28;
    let band = catalog.stages.last().map_or(0, |s| s.components.len());
    // Up to six share one row; more wrap, at the width of a column's nodes.
    let per_row = if !grown || band <= 6 {
        band.max(1) as i32
    } else {
        ((width - 56) / COLUMN_W).max(1)
    };
    let band_rows = (band as i32 + per_row - 1) / per_row;
    let band_h = 46 + ROW_STEP * band_rows.max(1) + 2;
    let legend_y = band_y + band_h + 28;
    let mut frames = Vec::new();
    let mut nodes = Vec::new();
    for (si, stage) in catalog.stages.iter().enumerate() {
        let n = stage.components.len() as i32;
        let title = titles[si].clone();
        if si < columns {
            let x = column_x(si);
            let lines = title.len() as i32;
            frames.push(Frame {
                stage: si,
                x,
                y: top,
                w: COLUMN_W,
                h: column_h,
                title,
                figure: (x + 14, top + 28 + TITLE_LINE * lines, false),
            });
            // Centre shorter columns (deployment and serving has two components).
            let first = ((rows - n.min(rows)) / 2).max(0);
            for (i, c) in stage.components.iter().enumerate().take(rows as usize) {
                nodes.push((c.clone(), x + 12, row_y(first + i as i32), COLUMN_W - 24));
            }
        } else {
            // The last stage (operations and platform) runs under all the others, its
            // figure on the right of its title.
            frames.push(Frame {
                stage: si,
                x: 24,
                y: band_y,
                w: width - 48,
                h: band_h,
                title: wrap(&stage.name, 40, 1),
                figure: (width - 38, band_y + 28, true),
            });
            let inner = width - 48 - 32;
            let w = (inner - 24 * (per_row - 1).max(0)) / per_row.max(1);
            for (i, c) in stage.components.iter().enumerate() {
                let (row, col) = (i as i32 / per_row, i as i32 % per_row);
                nodes.push((
                    c.clone(),
                    40 + col * (w + 24),
                    band_y + 46 + ROW_STEP * row,
                    w,
                ));
            }
        }
    }
    let supports = if stages > columns {
        (0..columns)
            .map(|i| (column_x(i) + COLUMN_W / 2, band_y, top + column_h + 2))
            .collect()
    } else {
        Vec::new()
    };
    let mut legend = Vec::new();
    let mut lx = 24;
    for (_, text) in LEGEND {
        legend.push((lx, legend_y));
        lx += 26 + 8 * text.len() as i32 + 20;
    }
    let caption_chars = ((width - 48) / SMALL_CHAR) as usize;
    let caption: Vec<(i32, String)> = wrap(caption, caption_chars, 2)
        .into_iter()
        .enumerate()
        .map(|(i, line)| (legend_y + 48 + 18 * i as i32, line))
        .collect();
    let height = legend_y + 48 + 18 * caption.len().max(1) as i32 - 4;
    Layout {
        width,
        height,
        frames,
        nodes,
        supports,
        adjacent_flows_only: false,
        legend,
        caption,
    }
}

fn narrow(catalog: &Catalog, caption: &str) -> Layout {
    let (fx, fw) = (12, NARROW - 24);
    let title_chars = ((fw - 28) / TITLE_CHAR) as usize;
    let mut y = 12;
    let mut frames = Vec::new();
    let mut nodes = Vec::new();
    for (si, stage) in catalog.stages.iter().enumerate() {
        let title = wrap(&stage.name, title_chars, 2);
        let lines = title.len() as i32;
        let figure_y = y + 28 + TITLE_LINE * lines;
        let mut ny = figure_y + 16;
        for c in &stage.components {
            nodes.push((c.clone(), fx + 12, ny, fw - 24));
            ny += NODE_H + NARROW_GAP;
        }
        let h = ny - NARROW_GAP + 14 - y;
        frames.push(Frame {
            stage: si,
            x: fx,
            y,
            w: fw,
            h,
            title,
            figure: (fx + 14, figure_y, false),
        });
        y += h + 16;
    }
    let mut legend = Vec::new();
    for _ in LEGEND {
        y += 8;
        legend.push((fx, y));
        y += 18;
    }
    let caption_chars = ((NARROW - 24) / SMALL_CHAR) as usize;
    let caption: Vec<(i32, String)> = wrap(caption, caption_chars, 3)
        .into_iter()
        .enumerate()
        .map(|(i, line)| (y + 28 + 18 * i as i32, line))
        .collect();
    let height = y + 28 + 18 * caption.len().max(1) as i32 - 4;
    Layout {
        width: NARROW,
        height,
        frames,
        nodes,
        supports: Vec::new(),
        adjacent_flows_only: true,
        legend,
        caption,
    }
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

/// What the round badge of a node shows: its id when short (DASF's `1`..`13`), else its
/// position in the catalog (an id such as CoSAI's `componentDataSources` would not fit; the
/// node's label still names it).
fn badge(id: &str, position: usize) -> String {
    if char_count(id) <= 3 {
        id.to_string()
    } else {
        (position + 1).to_string()
    }
}

/// Greedy word wrap by character count; good enough for short catalog names.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if char_count(line) + 1 + char_count(word) <= width => {
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
        if char_count(line) > width {
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

/// The line under a component's name: its applicable risks (the same count as the report's
/// tables), how much of them is covered and the residual level in words. The first form
/// that fits `chars` characters is used.
fn node_stats(score: &Score, in_scope: bool, chars: usize) -> String {
    if !in_scope {
        return "Out of scope".to_string();
    }
    let risks = count(score.applicable, "risk");
    if score.applicable == 0 {
        return "No applicable risk".to_string();
    }
    if score.scored == 0 {
        return if score.applicable == 1 {
            "1 risk, set aside".to_string()
        } else {
            format!("{risks}, all set aside")
        };
    }
    let covered = percent(score.coverage);
    let level = score.level.label();
    let aside = if score.set_aside > 0 {
        [", ", &score.set_aside.to_string(), " set aside"].concat()
    } else {
        String::new()
    };
    // Longest first: the set-aside count, then the word "covered", go when room is short.
    // (Joined rather than formatted: fewer formatting paths in the wasm.)
    let mut form = String::new();
    for with_aside in [true, false] {
        for word in [" covered \u{b7} ", " \u{b7} "] {
            form = [
                risks.as_str(),
                if with_aside { &aside } else { "" },
                " \u{b7} ",
                &covered,
                word,
                level,
            ]
            .concat();
            if char_count(&form) <= chars {
                return form;
            }
        }
    }
    form
}

/// Draw the diagram for `catalog`, coloured by `report` when there is one.
pub fn svg(catalog: &Catalog, report: Option<&Report>, options: &DiagramOptions) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let system = report.map(|r| {
        if r.use_case.name.trim().is_empty() {
            "Untitled AI system".to_string()
        } else {
            r.use_case.name.trim().to_string()
        }
    });
    let title = match (report, &system) {
        (Some(r), Some(name)) if !r.use_case.name.trim().is_empty() => format!(
            "{} {}: components of {} and their residual risk",
            catalog.framework, catalog.version, name
        ),
        _ => format!(
            "{} {}: components of an AI system",
            catalog.framework, catalog.version
        ),
    };
    // Who and when, so that a copy of the picture says what it is of.
    let caption = match (report, &system) {
        (Some(r), Some(name)) => format!(
            "{name} \u{b7} {} \u{b7} {} {}",
            r.summary
                .assessed_on
                .as_deref()
                .map_or("not dated".to_string(), |d| format!("assessed on {d}")),
            catalog.framework,
            catalog.version
        ),
        _ => format!("{} {} catalog", catalog.framework, catalog.version),
    };
    let layout = if options.narrow {
        narrow(catalog, &caption)
    } else {
        wide(catalog, &caption)
    };
    let (width, height) = (layout.width, layout.height);
    let narrow_class = if options.narrow { " arm-narrow" } else { "" };
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="arm-diagram{narrow_class}" viewBox="0 0 {width} {height}" role="group" aria-label="{}">"#,
        Xml(&title)
    );
    if options.standalone {
        let _ = write!(
            out,
            "<title>{}</title><style>{}</style>",
            Xml(&format!("{title} ({caption})")),
            standalone_css()
        );
    }
    out.push_str(r#"<defs><marker id="arm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arm-arrowhead" d="M0 0L10 5L0 10z"/></marker></defs>"#);

    // Lookups by id through sorted indexes, so that a catalog of many components draws in
    // linear time.
    let stage_scores = report.map(|r| IdIndex::new(r.stages.iter().map(|s| s.id)));
    let component_scores = report.map(|r| IdIndex::new(r.components.iter().map(|c| c.id)));
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
    for frame in &layout.frames {
        let stage = &catalog.stages[frame.stage];
        let score = report
            .zip(stage_scores.as_ref())
            .and_then(|(r, index)| index.get(&stage.id).map(|i| &r.stages[i]));
        let figure = score.map_or(String::new(), |s| {
            format!("{} covered", percent(s.score.coverage))
        });
        let (fx, fy, fw, fh) = (frame.x, frame.y, frame.w, frame.h);
        let _ = write!(
            out,
            r#"<g class="arm-stage" data-stage="{}"><rect class="arm-stage-frame" x="{fx}" y="{fy}" width="{fw}" height="{fh}" rx="10"/>"#,
            Xml(&stage.id),
        );
        for (i, line) in frame.title.iter().enumerate() {
            let _ = write!(
                out,
                r#"<text class="arm-stage-title" x="{}" y="{}">{}</text>"#,
                fx + 14,
                fy + 28 + TITLE_LINE * i as i32,
                Xml(line)
            );
        }
        let (figure_x, figure_y, end) = frame.figure;
        let anchor = if end { " arm-end" } else { "" };
        let _ = write!(
            out,
            r#"<text class="arm-stage-figure{anchor}" x="{figure_x}" y="{figure_y}">{}</text></g>"#,
            Xml(&figure)
        );
    }

    let placed = &layout.nodes;
    let find = |id: &str| placed.iter().find(|p| p.0 == id);
    // Flows first, so nodes draw over line ends.
    for (from, to) in FLOWS {
        let (Some(a), Some(b)) = (find(from), find(to)) else {
            continue;
        };
        let stacked = a.1 == b.1;
        if layout.adjacent_flows_only && !(stacked && b.2 == a.2 + NODE_H + NARROW_GAP) {
            continue;
        }
        let (x1, y1, x2, y2) = if stacked {
            (a.1 + a.3 / 2, a.2 + NODE_H, b.1 + b.3 / 2, b.2 - 2)
        } else {
            (a.1 + a.3, a.2 + NODE_H / 2, b.1 - 2, b.2 + NODE_H / 2)
        };
        let _ = write!(
            out,
            r#"<path class="arm-flow" data-flow="{}-{}" d="M{x1} {y1}L{x2} {y2}" marker-end="url(#arm-arrow)"/>"#,
            Xml(from),
            Xml(to)
        );
    }
    // The platform supports every stage above it.
    for (mid, from, to) in &layout.supports {
        let _ = write!(
            out,
            r#"<path class="arm-support" d="M{mid} {from}L{mid} {to}" marker-end="url(#arm-arrow)"/>"#,
        );
    }

    for (id, nx, ny, nw) in placed {
        let Some(at) = components.get(id) else {
            continue;
        };
        let component = &catalog.components[at];
        let score = report
            .zip(component_scores.as_ref())
            .and_then(|(r, index)| index.get(id).map(|i| &r.components[i]));
        let level = score.map_or(Level::None, |s| s.score.level);
        let in_scope = score.is_none_or(|s| s.in_scope);
        let stats_chars = ((nw - 56) * 2 / STATS_HALF_CHARS).max(8) as usize;
        let stats = match score {
            None => count(risk_counts[at], "risk"),
            Some(s) => node_stats(&s.score, s.in_scope, stats_chars),
        };
        let label = match score {
            None => format!(
                "Component {}: {}, {} in the catalog",
                id,
                component.name,
                count(risk_counts[at], "risk")
            ),
            Some(_) if !in_scope => format!("Component {}: {}, out of scope", id, component.name),
            Some(s) => format!(
                "Component {}: {}, {} applicable ({} set aside, {} scored), coverage {}, residual risk {}",
                id,
                component.name,
                count(s.score.applicable, "risk"),
                s.score.set_aside,
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
            Xml(id),
            Xml(&label),
            nx + 24,
            ny + 26,
            nx + 24,
            ny + 31,
            Xml(&badge(id, at))
        );
        let chars = ((nw - 56) / NAME_CHAR).max(8) as usize;
        for (i, line) in wrap(&component.name, chars, 2).iter().enumerate() {
            let _ = write!(
                out,
                r#"<text class="arm-node-name" x="{}" y="{}">{}</text>"#,
                nx + 48,
                ny + 24 + 18 * i as i32,
                Xml(line)
            );
        }
        let _ = write!(
            out,
            r#"<text class="arm-node-stats" x="{}" y="{}">{}</text></g>"#,
            nx + 48,
            ny + NODE_H - 12,
            Xml(&stats)
        );
    }

    let _ = write!(out, r#"<g class="arm-legend" aria-label="Legend">"#);
    for ((class, text), (lx, ly)) in LEGEND.iter().zip(&layout.legend) {
        let _ = write!(
            out,
            r#"<rect class="arm-legend-swatch arm-level-{class}" x="{lx}" y="{ly}" width="18" height="18" rx="3"/><text class="arm-legend-text" x="{}" y="{}">{}</text>"#,
            lx + 26,
            ly + 14,
            Xml(text)
        );
    }
    out.push_str("</g>");
    for (cy, line) in &layout.caption {
        let _ = write!(
            out,
            r#"<text class="arm-caption" x="{}" y="{cy}">{}</text>"#,
            if options.narrow { 12 } else { 24 },
            Xml(line)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{evaluate, Assessment};
    use crate::catalog::builtin;

    #[test]
    fn the_standalone_stylesheet_writes_out_every_custom_property() {
        let mut expected = DIAGRAM_CSS.to_string();
        let mut replaced = 0;
        for line in DIAGRAM_CSS
            .lines()
            .skip(1)
            .take_while(|l| l.contains("--arm-"))
        {
            let (name, value) = line.trim().trim_end_matches(';').split_once(':').unwrap();
            let var = format!("var({name})");
            replaced += expected.matches(&var).count();
            expected = expected.replace(&var, value.trim());
        }
        assert!(replaced >= 10, "{replaced}");
        assert_eq!(standalone_css(), expected);
        assert!(!standalone_css().contains("var("));
    }

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
                narrow: false,
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

    /// The text of the `<text>` elements of a class, in document order.
    fn texts<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
        let open = format!("<text class=\"{class}\"");
        svg.match_indices(&open)
            .map(|(at, _)| {
                let body = &svg[at..];
                let start = body.find('>').unwrap() + 1;
                &body[start..body.find("</text>").unwrap()]
            })
            .collect()
    }

    fn example() -> (Assessment, Report<'static>) {
        let text = include_str!("../../examples/rag-chatbot.assessment.json");
        let a = Assessment::from_json(text).unwrap();
        let report = evaluate(a.catalog().unwrap(), &a).unwrap();
        (a, report)
    }

    #[test]
    fn the_svg_says_which_system_and_when() {
        let (a, report) = example();
        let cat = a.catalog().unwrap();
        for narrow in [false, true] {
            let options = DiagramOptions {
                narrow,
                ..Default::default()
            };
            let svg = svg(cat, Some(&report), &options);
            let caption = texts(&svg, "arm-caption").join(" ");
            assert!(
                caption.contains("Customer support assistant (RAG)"),
                "{caption}"
            );
            assert!(caption.contains("assessed on 2026-11-30"), "{caption}");
            assert!(caption.contains("DASF) 2.0"), "{caption}");
        }
        let mut undated = a.clone();
        undated.assessed_on = None;
        undated.use_case.name = String::new();
        let report = evaluate(cat, &undated).unwrap();
        let svg = svg(cat, Some(&report), &DiagramOptions::default());
        assert!(texts(&svg, "arm-caption")[0].starts_with("Untitled AI system \u{b7} not dated"));
    }

    #[test]
    fn each_node_counts_the_applicable_risks_of_the_report_tables() {
        let (a, report) = example();
        let cat = a.catalog().unwrap();
        let svg = svg(cat, Some(&report), &DiagramOptions::default());
        let stats = texts(&svg, "arm-node-stats");
        assert_eq!(stats.len(), report.components.len());
        for (c, text) in report.components.iter().zip(&stats) {
            let s = &c.score;
            let expected = if s.applicable == 0 {
                "No applicable risk".to_string()
            } else {
                count(s.applicable, "risk")
            };
            assert!(text.starts_with(&expected), "component {}: {text}", c.id);
            // A component whose risks are all set aside says so; no "applicable risk" wording.
            assert!(!text.contains("applicable risks"), "{text}");
        }
        // Evaluation (6) has one risk set aside in the example and one scored.
        let evaluation = &report.components[5].score;
        assert_eq!((evaluation.applicable, evaluation.set_aside), (2, 1));
        assert!(stats[5].starts_with("2 risks, 1 set aside"), "{}", stats[5]);
        let only_aside = Score {
            coverage: None,
            residual: None,
            level: Level::None,
            applicable: 1,
            scored: 0,
            covered: 0,
            partial: 0,
            uncovered: 0,
            set_aside: 1,
        };
        assert_eq!(node_stats(&only_aside, true, 40), "1 risk, set aside");
    }

    #[test]
    fn titles_and_figures_stay_inside_their_budget() {
        let (a, report) = example();
        let cat = a.catalog().unwrap();
        for narrow in [false, true] {
            let layout = if narrow {
                super::narrow(cat, "x")
            } else {
                wide(cat, "x")
            };
            for frame in &layout.frames {
                let budget = ((frame.w - 28) / TITLE_CHAR) as usize;
                for line in &frame.title {
                    assert!(line.chars().count() <= budget, "{line}");
                }
            }
            for (id, nx, ny, nw) in &layout.nodes {
                assert!(*nx >= 0 && nx + nw <= layout.width, "{id}");
                assert!(ny + NODE_H <= layout.height, "{id}");
                // Inside the frame of its stage.
                let stage = cat
                    .stages
                    .iter()
                    .position(|s| s.components.contains(id))
                    .unwrap();
                let f = layout.frames.iter().find(|f| f.stage == stage).unwrap();
                assert!(
                    *nx > f.x && nx + nw < f.x + f.w && *ny > f.y && ny + NODE_H < f.y + f.h,
                    "{id}"
                );
            }
            let drawn = svg(
                cat,
                Some(&report),
                &DiagramOptions {
                    narrow,
                    ..Default::default()
                },
            );
            let budget = if narrow { 45 } else { 33 };
            for text in texts(&drawn, "arm-node-stats") {
                assert!(text.chars().count() <= budget, "{text}");
            }
        }
        // "Model deployment and serving" takes two lines in a column.
        let title = &wide(cat, "x").frames[2].title;
        assert_eq!(title.len(), 2, "{title:?}");
    }

    #[test]
    fn the_narrow_layout_is_one_column_with_short_flows() {
        let (a, report) = example();
        let cat = a.catalog().unwrap();
        let drawn = svg(
            cat,
            Some(&report),
            &DiagramOptions {
                narrow: true,
                ..Default::default()
            },
        );
        assert!(drawn.contains(&format!("viewBox=\"0 0 {NARROW} ")));
        assert_eq!(drawn.matches("role=\"button\"").count(), 12);
        assert!(!drawn.contains("arm-support"));
        let layout = super::narrow(cat, "x");
        let xs: std::collections::BTreeSet<i32> = layout.nodes.iter().map(|n| n.1).collect();
        assert_eq!(xs.len(), 1, "one column");
        for (_, d) in drawn
            .match_indices(" d=\"M")
            .map(|(at, _)| ((), &drawn[at + 5..]))
        {
            let path: Vec<i32> = d[..d.find('"').unwrap()]
                .split(['L', ' '])
                .filter_map(|n| n.parse().ok())
                .collect();
            if path.len() == 4 {
                assert!(path[3] - path[1] <= NARROW_GAP, "{path:?}");
            }
        }
    }
}
