//! OSCAL 1.1 (NIST's Open Security Controls Assessment Language) in JSON: the catalog
//! (`catalog`), and for an assessment its results and plan of action and milestones
//! ([`super::oscal_results`]). This module owns what they share: the subset of the OSCAL
//! model written, the stable UUIDs (version 5, from ids), OSCAL ids and the text rules.
//!
//! How the catalog is represented:
//! - a group per stage (class `stage`), holding a group per component (class `component`);
//! - each risk is a part of its component's group (`name: "risk"` in this tool's namespace,
//!   id `risk-9.1`), with its description as prose, its kind, deployment models and
//!   crosswalk entries as properties, and a `mitigated-by` link to each of its controls;
//! - the controls are in a group of their own (class `controls`), by security domain
//!   (`control-type`), id `dasf-1` for `DASF 1` with the original as its `label`; each has
//!   its description as a `statement` part, its implementation as a `guidance` part, its
//!   other facts and crosswalk entries as properties, and a `mitigates` link to each risk.
//!
//! Text rules: titles and prose are OSCAL markup (Markdown in JSON), so catalog and user
//! text goes through [`escape_markup`] and stays inert; property values are plain strings
//! on one line with no edge whitespace, as OSCAL requires; dates become midnight UTC.
//!
//! Native only: the page does not offer these exports, and the wasm stays smaller.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::error::{Error, Result};

/// The OSCAL version the documents declare (the last release of 1.1).
pub const OSCAL_VERSION: &str = "1.1.3";

/// This tool's namespace for properties and part names OSCAL does not define.
pub const NS: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/ns/oscal");

/// The RFC 4122 URL namespace, from which this tool's own namespace UUID is derived.
const URL_NAMESPACE: [u8; 16] = [
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
];

/// SHA-1 of `data` (FIPS 180-4), for version 5 UUIDs only: they are names, not secrets.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xefcd_ab89,
        0x98ba_dcfe,
        0x1032_5476,
        0xc3d2_e1f0,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5a82_7999),
                20..=39 => (b ^ c ^ d, 0x6ed9_eba1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8f1b_bcdc),
                _ => (b ^ c ^ d, 0xca62_c1d6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// The version 5 UUID of `name` in `namespace` (RFC 4122, section 4.3).
pub fn uuid_v5(namespace: &[u8; 16], name: &[u8]) -> [u8; 16] {
    let mut data = namespace.to_vec();
    data.extend_from_slice(name);
    let hash = sha1(&data);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    bytes
}

/// A UUID in its usual text form, lower case.
pub fn uuid_text(bytes: &[u8; 16]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Stable UUIDs: the same kind and ids give the same UUID, in this tool's namespace (itself
/// the version 5 UUID of [`NS`] in the URL namespace). Each id is prefixed with its length,
/// so that no two lists of ids make the same name.
pub struct Uuids {
    namespace: [u8; 16],
}

impl Uuids {
    pub fn new() -> Uuids {
        Uuids {
            namespace: uuid_v5(&URL_NAMESPACE, NS.as_bytes()),
        }
    }

    /// The UUID of the thing of `kind` named by `ids`.
    pub fn of(&self, kind: &str, ids: &[&str]) -> String {
        let mut name = kind.to_string();
        for id in ids {
            name.push_str(&format!("\n{}:{id}", id.len()));
        }
        uuid_text(&uuid_v5(&self.namespace, name.as_bytes()))
    }
}

impl Default for Uuids {
    fn default() -> Uuids {
        Uuids::new()
    }
}

/// An OSCAL id (a token) for a catalog id: ASCII letters (lower case), digits, `.`, `-` and
/// `_` are kept, anything else becomes `-`; `prefix` goes first when the result would not
/// start with a letter (`9.1` -> `risk-9.1`), and always when `always` (`1` -> `stage-1`).
pub fn token(prefix: &str, id: &str, always: bool) -> String {
    let body: String = id
        .trim()
        .chars()
        .map(|c| match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'a'..='z' | '0'..='9' | '.' | '-' | '_' => c,
            _ => '-',
        })
        .collect();
    if always || !body.starts_with(|c: char| c.is_ascii_lowercase()) {
        format!("{prefix}-{body}")
    } else {
        body
    }
}

/// The OSCAL id of a risk part (`risk-9.1`).
pub fn risk_id(id: &str) -> String {
    token("risk", id, true)
}

/// The OSCAL id of a control (`dasf-1` for `DASF 1`).
pub fn control_id(id: &str) -> String {
    token("control", id, false)
}

/// Plain text on one line with no edge whitespace (OSCAL's string type), or None when
/// nothing is left: every run of whitespace, line breaks included, becomes one space, and
/// other control characters become U+FFFD.
pub fn one_line(text: &str) -> Option<String> {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_control() && !c.is_whitespace() {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    let joined = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// OSCAL markup (its Markdown subset) that shows `text` as written: one line (whitespace
/// runs folded, edges trimmed), every character with a meaning in that markup escaped with
/// a backslash (emphasis, code, links and images, HTML, inserts `{{ }}`, sub- and
/// superscript, tables), and a block marker at the start (`-`, `+`, `=`, `1.`) escaped too.
/// Unlike [`crate::render::escape_markdown`], `:`, `@` and `.` stay as they are: OSCAL
/// markup has no autolinks to defuse, and OSCAL tools often show the text raw.
pub fn escape_markup(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let digits = folded.bytes().take_while(u8::is_ascii_digit).count();
    let list_marker = (1..=9).contains(&digits)
        && matches!(folded.as_bytes().get(digits), Some(b'.' | b')'))
        && matches!(folded.as_bytes().get(digits + 1), None | Some(b' '));
    let mut out = String::with_capacity(folded.len() + folded.len() / 8);
    for (i, ch) in folded.char_indices() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '^' | '{' | '}' | '|'
            | '#' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(ch);
            }
            '.' | ')' if list_marker && i == digits => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Markup text (a title, prose, remarks) from catalog or user text: [`escape_markup`], or
/// `fallback` when the text is empty.
pub fn markup(text: &str, fallback: &str) -> String {
    let escaped = escape_markup(text);
    if escaped.is_empty() {
        escape_markup(fallback)
    } else {
        escaped
    }
}

/// Midnight UTC of a `YYYY-MM-DD` date at the start of `text`, as an OSCAL date-time.
pub fn date_time(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let b = date.as_bytes();
    let shape = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    shape.then(|| format!("{date}T00:00:00Z"))
}

// The subset of the OSCAL model written. Field names are OSCAL's; empty lists and absent
// values are left out, since OSCAL refuses empty arrays.

fn none<T>(list: &[T]) -> bool {
    list.is_empty()
}

#[derive(Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    pub title: String,
    pub last_modified: String,
    pub version: String,
    pub oscal_version: &'static str,
    #[serde(skip_serializing_if = "none")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "none")]
    pub links: Vec<Link>,
    #[serde(skip_serializing_if = "none")]
    pub roles: Vec<Role>,
    #[serde(skip_serializing_if = "none")]
    pub parties: Vec<Party>,
    #[serde(skip_serializing_if = "none")]
    pub responsible_parties: Vec<ResponsibleParty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

#[derive(Serialize)]
pub struct Prop {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ns: Option<&'static str>,
    pub value: String,
    #[serde(rename = "class", skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

impl Prop {
    /// A property of this tool's namespace, or None when `value` is blank.
    pub fn ours(name: &str, value: &str) -> Option<Prop> {
        Some(Prop {
            name: name.to_string(),
            ns: Some(NS),
            value: one_line(value)?,
            class: None,
        })
    }

    /// A property OSCAL defines (such as `label`), or None when `value` is blank.
    pub fn oscal(name: &str, value: &str) -> Option<Prop> {
        Some(Prop {
            name: name.to_string(),
            ns: None,
            value: one_line(value)?,
            class: None,
        })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Link {
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Serialize)]
pub struct Role {
    pub id: &'static str,
    pub title: &'static str,
}

#[derive(Serialize)]
pub struct Party {
    pub uuid: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ResponsibleParty {
    pub role_id: &'static str,
    pub party_uuids: Vec<String>,
}

#[derive(Serialize)]
pub struct Part {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ns: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "none")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prose: Option<String>,
    #[serde(skip_serializing_if = "none")]
    pub links: Vec<Link>,
}

#[derive(Serialize)]
pub struct Control {
    pub id: String,
    #[serde(rename = "class")]
    pub class: &'static str,
    pub title: String,
    #[serde(skip_serializing_if = "none")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "none")]
    pub links: Vec<Link>,
    #[serde(skip_serializing_if = "none")]
    pub parts: Vec<Part>,
}

#[derive(Serialize)]
pub struct Group {
    pub id: String,
    #[serde(rename = "class")]
    pub class: &'static str,
    pub title: String,
    #[serde(skip_serializing_if = "none")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "none")]
    pub parts: Vec<Part>,
    #[serde(skip_serializing_if = "none")]
    pub groups: Vec<Group>,
    #[serde(skip_serializing_if = "none")]
    pub controls: Vec<Control>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CatalogDocument {
    catalog: OscalCatalog,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct OscalCatalog {
    uuid: String,
    metadata: Metadata,
    groups: Vec<Group>,
}

/// The props of a crosswalk map: one per entry, named by the crosswalk's id.
fn crosswalk_props(crosswalk: &crate::idmap::IdMap<Vec<String>>) -> Vec<Prop> {
    crosswalk
        .iter()
        .flat_map(|(standard, entries)| {
            entries.iter().filter_map(move |entry| {
                let mut prop = Prop::ours(standard, entry)?;
                prop.class = Some("crosswalk".into());
                Some(prop)
            })
        })
        .collect()
}

/// The catalog's OSCAL ids, checked: two catalog ids that would become the same OSCAL id
/// (`DASF 1` and `dasf-1`) are refused, naming both.
fn check_ids(catalog: &Catalog) -> Result<()> {
    let mut seen: std::collections::BTreeMap<String, String> = Default::default();
    let ids = catalog
        .risks
        .iter()
        .map(|r| (risk_id(&r.id), &r.id))
        .chain(catalog.controls.iter().map(|c| (control_id(&c.id), &c.id)))
        .chain(
            catalog
                .components
                .iter()
                .map(|c| (token("component", &c.id, true), &c.id)),
        )
        .chain(
            catalog
                .stages
                .iter()
                .map(|s| (token("stage", &s.id, true), &s.id)),
        );
    for (oscal, id) in ids {
        if let Some(other) = seen.insert(oscal.clone(), id.clone()) {
            return Err(Error::Catalog(format!(
                "`{}` and `{}` would both become the OSCAL id `{oscal}`; rename one of them",
                crate::limits::excerpt(&other),
                crate::limits::excerpt(id)
            )));
        }
    }
    Ok(())
}

/// The date-time a catalog is dated by: its compilation date, else its publication date.
/// None when it states neither (an imported catalog, whose sheets carry no date).
fn catalog_date(catalog: &Catalog) -> Option<String> {
    date_time(&catalog.provenance.compiled).or_else(|| date_time(&catalog.provenance.published))
}

/// What `last-modified` says of a catalog that states no date: a fixed placeholder (never
/// the clock, so that the output stays the same for the same input), said in the remarks.
const NO_DATE: &str = "1970-01-01T00:00:00Z";

/// The catalog title OSCAL documents show: `Databricks AI Security Framework (DASF) 2.0`.
pub fn catalog_title(catalog: &Catalog) -> String {
    markup(
        &format!("{} {}", catalog.framework, catalog.version),
        "Catalog",
    )
}

/// Whether the catalog is used with its errata or as published, in words.
fn edition(catalog: &Catalog) -> &'static str {
    if catalog.errata_applied {
        "with errata"
    } else {
        "as published"
    }
}

/// The UUID of `catalog` as an OSCAL catalog: from its version and edition.
pub fn catalog_uuid(uuids: &Uuids, catalog: &Catalog) -> String {
    uuids.of("catalog", &[&catalog.version, edition(catalog)])
}

/// `catalog` as an OSCAL catalog, JSON text.
pub fn catalog(catalog: &Catalog) -> Result<String> {
    check_ids(catalog)?;
    let uuids = Uuids::new();
    let edition = edition(catalog);
    let mut remarks: Vec<String> = catalog
        .provenance
        .notes
        .iter()
        .map(|n| escape_markup(n))
        .collect();
    for e in catalog.errata_in_force() {
        remarks.push(escape_markup(&format!(
            "Erratum: risk {} applies to {} (published: {}). {}",
            e.risk,
            e.corrected.join(", "),
            e.published.join(", "),
            e.reason
        )));
    }
    let date = catalog_date(catalog);
    if date.is_none() {
        remarks.push(escape_markup(&format!(
            "The catalog states no date (its provenance has neither a compiled nor a published date as YYYY-MM-DD): last-modified is a placeholder, {NO_DATE}."
        )));
    }
    let mut meta_props: Vec<Prop> = [
        Prop::ours("source", &catalog.provenance.source),
        Prop::ours("published", &catalog.provenance.published),
        Prop::ours("edition", edition),
    ]
    .into_iter()
    .flatten()
    .collect();
    meta_props.extend(
        catalog
            .crosswalks
            .iter()
            .filter_map(|c| Prop::ours("crosswalk", &format!("{}: {}", c.id, c.name))),
    );
    let metadata = Metadata {
        title: catalog_title(catalog),
        last_modified: date.unwrap_or_else(|| NO_DATE.to_string()),
        version: one_line(&catalog.version).unwrap_or_else(|| "1".into()),
        oscal_version: OSCAL_VERSION,
        props: meta_props,
        remarks: (!remarks.is_empty()).then(|| remarks.join("\n\n")),
        ..Metadata::default()
    };

    let mut stages = Vec::new();
    for stage in &catalog.stages {
        let mut components = Vec::new();
        for cid in &stage.components {
            let Some(component) = catalog.component(cid) else {
                continue;
            };
            let parts: Vec<Part> = catalog
                .risks
                .iter()
                .filter(|r| r.component == component.id)
                .map(|risk| {
                    let mut props: Vec<Prop> = [
                        Prop::oscal("label", &risk.id),
                        Prop::ours("risk-kind", risk_kind(risk.kind)),
                        Prop::ours("introduced", &risk.introduced),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    props.extend(
                        risk.deployment
                            .iter()
                            .filter_map(|d| Prop::ours("deployment-model", d)),
                    );
                    props.extend(crosswalk_props(&risk.crosswalk));
                    let mut prose = markup(&risk.description, &risk.name);
                    for note in &risk.notes {
                        prose.push_str("\n\n");
                        prose.push_str(&escape_markup(note));
                    }
                    Part {
                        id: Some(risk_id(&risk.id)),
                        name: "risk",
                        ns: Some(NS),
                        title: Some(markup(&format!("{} {}", risk.id, risk.name), &risk.id)),
                        props,
                        prose: Some(prose),
                        links: risk
                            .controls
                            .iter()
                            .map(|c| Link {
                                href: format!("#{}", control_id(c)),
                                rel: Some("mitigated-by".into()),
                                text: Some(markup(c, c)),
                            })
                            .collect(),
                    }
                })
                .collect();
            components.push(Group {
                id: token("component", &component.id, true),
                class: "component",
                title: markup(&component.name, &component.id),
                props: Prop::oscal("label", &component.id).into_iter().collect(),
                parts: std::iter::once(overview(&component.description))
                    .flatten()
                    .chain(parts)
                    .collect(),
                groups: Vec::new(),
                controls: Vec::new(),
            });
        }
        stages.push(Group {
            id: token("stage", &stage.id, true),
            class: "stage",
            title: markup(&stage.name, &stage.id),
            props: Prop::oscal("label", &stage.id).into_iter().collect(),
            parts: overview(&stage.description).into_iter().collect(),
            groups: components,
            controls: Vec::new(),
        });
    }

    // Controls by security domain, the domains in the order of their first control.
    let mut domains: Vec<(&str, Vec<Control>)> = Vec::new();
    for control in &catalog.controls {
        let oscal = oscal_control(control);
        match domains.iter_mut().find(|(d, _)| *d == control.control_type) {
            Some((_, list)) => list.push(oscal),
            None => domains.push((&control.control_type, vec![oscal])),
        }
    }
    let domain_groups = domains
        .into_iter()
        .map(|(domain, controls)| Group {
            id: token("domain", domain, true),
            class: "control-type",
            title: markup(domain, "Controls"),
            props: Vec::new(),
            parts: Vec::new(),
            groups: Vec::new(),
            controls,
        })
        .collect();
    stages.push(Group {
        id: "controls".into(),
        class: "controls",
        title: "Controls".into(),
        props: Vec::new(),
        parts: Vec::new(),
        groups: domain_groups,
        controls: Vec::new(),
    });

    let document = CatalogDocument {
        catalog: OscalCatalog {
            uuid: catalog_uuid(&uuids, catalog),
            metadata,
            groups: stages,
        },
    };
    Ok(to_json(&document))
}

fn risk_kind(kind: crate::catalog::RiskKind) -> &'static str {
    match kind {
        crate::catalog::RiskKind::Ai => "ai",
        crate::catalog::RiskKind::Cyber => "cyber",
    }
}

/// An `overview` part for a description, when there is one.
fn overview(description: &str) -> Option<Part> {
    one_line(description)?;
    Some(Part {
        id: None,
        name: "overview",
        ns: None,
        title: None,
        props: Vec::new(),
        prose: Some(escape_markup(description)),
        links: Vec::new(),
    })
}

fn oscal_control(control: &crate::catalog::Control) -> Control {
    let mut props: Vec<Prop> = [
        Prop::oscal("label", &control.id),
        Prop::ours("control-type", &control.control_type),
        Prop::ours("control-kind", &control.kind),
        Prop::ours("responsibility", control.responsibility.as_str()),
        Prop::ours("operator", &control.operator),
        Prop::ours(
            "novelty",
            match control.novelty {
                crate::catalog::Novelty::Novel => "novel",
                crate::catalog::Novelty::Traditional => "traditional",
            },
        ),
        Prop::ours("introduced", &control.introduced),
    ]
    .into_iter()
    .flatten()
    .collect();
    props.extend(crosswalk_props(&control.crosswalk));
    let cid = control_id(&control.id);
    let mut parts = Vec::new();
    if one_line(&control.description).is_some() {
        parts.push(Part {
            id: Some(format!("{cid}_smt")),
            name: "statement",
            ns: None,
            title: None,
            props: Vec::new(),
            prose: Some(escape_markup(&control.description)),
            links: Vec::new(),
        });
    }
    if one_line(&control.implementation).is_some() {
        parts.push(Part {
            id: Some(format!("{cid}_gdn")),
            name: "guidance",
            ns: None,
            title: None,
            props: Vec::new(),
            prose: Some(escape_markup(&control.implementation)),
            links: Vec::new(),
        });
    }
    if !control.notes.is_empty() {
        parts.push(Part {
            id: Some(format!("{cid}_notes")),
            name: "notes",
            ns: Some(NS),
            title: None,
            props: Vec::new(),
            prose: Some(
                control
                    .notes
                    .iter()
                    .map(|n| escape_markup(n))
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            ),
            links: Vec::new(),
        });
    }
    Control {
        title: markup(&control.name, &control.id),
        class: "dasf-control",
        props,
        links: control
            .risks
            .iter()
            .map(|r| Link {
                href: format!("#{}", risk_id(r)),
                rel: Some("mitigates".into()),
                text: Some(markup(r, r)),
            })
            .collect(),
        parts,
        id: cid,
    }
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("OSCAL model serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_matches_the_standard_vectors() {
        let hex = |b: [u8; 20]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            hex(sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(hex(sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        // Two blocks of padding.
        assert_eq!(
            hex(sha1(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
    }

    #[test]
    fn uuid_v5_matches_python_uuid5() {
        // uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/x") in CPython.
        assert_eq!(
            uuid_text(&uuid_v5(&URL_NAMESPACE, b"https://example.org/x")),
            "fdb420ba-c7a0-5bc0-b348-39fd508cc82c"
        );
    }

    #[test]
    fn uuids_are_stable_and_distinct() {
        let u = Uuids::new();
        assert_eq!(
            u.of("finding", &["a", "9.1"]),
            u.of("finding", &["a", "9.1"])
        );
        assert_ne!(
            u.of("finding", &["a", "9.1"]),
            u.of("finding", &["a9", ".1"])
        );
        assert_ne!(u.of("finding", &["a"]), u.of("risk", &["a"]));
        assert_eq!(&u.of("x", &[])[14..15], "5");
    }

    #[test]
    fn markup_is_one_inert_line() {
        assert_eq!(
            escape_markup("<script>x</script>\n# [a](javascript:b)"),
            "\\<script\\>x\\</script\\> \\# \\[a\\](javascript:b)"
        );
        assert_eq!(
            escape_markup(" - *a* {{ insert: param, p }} "),
            "\\- \\*a\\* \\{\\{ insert: param, p \\}\\}"
        );
        assert_eq!(escape_markup("12. x"), "12\\. x");
        assert_eq!(
            escape_markup("2.0 at 10:00, a@b.org"),
            "2.0 at 10:00, a@b.org"
        );
        assert_eq!(
            escape_markup("a\\b `c` ~d~ ^e^ | f & g!"),
            "a\\\\b \\`c\\` \\~d\\~ \\^e\\^ \\| f \\& g\\!"
        );
        assert_eq!(escape_markup("x\u{1b}y"), "x\u{fffd}y");
        assert_eq!(markup(" \n", "fallback"), "fallback");
    }

    #[test]
    fn tokens_and_text() {
        assert_eq!(control_id("DASF 1"), "dasf-1");
        assert_eq!(risk_id("9.1"), "risk-9.1");
        assert_eq!(control_id("7x"), "control-7x");
        assert_eq!(token("stage", "Ünïcode", true), "stage--n-code");
        assert_eq!(one_line("  a\n\tb \u{1b} "), Some("a b \u{fffd}".into()));
        assert_eq!(one_line(" \n "), None);
        assert_eq!(date_time("2026-11-30"), Some("2026-11-30T00:00:00Z".into()));
        assert_eq!(date_time("2026-11"), None);
        assert_eq!(date_time("Jan 2025 x"), None);
    }
}
