//! The built-in DASF catalog. `data/dasf-2.0.json` is a catalog document like any other
//! (facts generated from the reference by `scripts/gen_catalog.py`, descriptions written by
//! the project). `build.rs` compiles it into compact static bytes, read back on first use by
//! the same reader as user catalogs, with no JSON text to parse. The 1.0 view is derived
//! from it: the risks and controls introduced in 1.0, under their 1.0 names, with the
//! mapping restricted to them. Each version comes in two editions: with the catalog's
//! errata applied (the default) and as published. The data file holds the default edition
//! of 2.0 exactly as the engine writes it, so that its text needs no catalog built
//! ([`edition_json`]).
//!
//! Built with the feature `split-texts` (the wasm binding), the compiled catalog lacks the
//! long texts (descriptions and implementation notes) so that the wasm is smaller; the page
//! loads them after its first paint and hands them to [`load_texts`].

use std::sync::{Mutex, OnceLock};

use super::{Catalog, Provenance};
use crate::error::Result;
use crate::json::{self, Json, Text};
use crate::Error;

/// The framework versions built in, oldest first.
pub const BUILTIN_VERSIONS: [&str; 2] = ["1.0", "2.0"];
/// The version used when none is named.
pub const LATEST_VERSION: &str = "2.0";

/// The compiled data (see build.rs).
mod data {
    include!(concat!(env!("OUT_DIR"), "/builtin_catalog.rs"));
}

/// The compiled documents (see build.rs for the form): their structure, and the text of
/// their strings.
static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin_catalog.bin"));
static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_catalog.txt"));

/// Reads one compiled document back into its JSON tree (build.rs writes the same heads).
struct Decoder {
    /// Where the next head is in `DATA`, and the next new string in `TEXT`.
    at: usize,
    text_at: usize,
    /// The new strings met so far, which later ones refer to by position.
    strings: Vec<&'static str>,
    /// The items and members of the arrays and objects being read, so that each is moved
    /// into a list of its exact length once complete (the lengths are not written).
    items: Vec<Json>,
    members: Vec<(Text, Json)>,
}

impl Decoder {
    fn new(start: (usize, usize)) -> Decoder {
        Decoder {
            at: start.0,
            text_at: start.1,
            strings: Vec::new(),
            items: Vec::new(),
            members: Vec::new(),
        }
    }

    /// The JSON document whose structure and text start at `start`.
    fn document(start: (usize, usize)) -> Json {
        let mut d = Decoder::new(start);
        let head = d.varint();
        d.value(head)
    }

    /// The same document as compact JSON text of length `len` (build.rs works it out),
    /// written straight from the data (no tree: this is the page's first call into the
    /// engine, run by the wasm's baseline code, where every step counts), as `Json::to_text`
    /// writes the tree.
    fn document_text(start: (usize, usize), len: usize) -> String {
        let mut d = Decoder::new(start);
        let mut out = String::with_capacity(len);
        let head = d.varint();
        d.write(head, &mut out);
        out
    }

    fn write(&mut self, head: usize, out: &mut String) {
        match head {
            0 => out.push_str("null"),
            1 => out.push_str("false"),
            2 => out.push_str("true"),
            3 => {
                let head = self.varint();
                out.push_str(&self.string(head));
            }
            4 => {
                out.push('[');
                let mut head = self.varint();
                while head != 6 {
                    self.write(head, out);
                    head = self.varint();
                    if head != 6 {
                        out.push(',');
                    }
                }
                out.push(']');
            }
            5 => {
                out.push('{');
                let mut head = self.varint();
                while head != 0 {
                    json::write::string(&self.string(head - 1), out);
                    out.push(':');
                    let value = self.varint();
                    self.write(value, out);
                    head = self.varint();
                    if head != 0 {
                        out.push(',');
                    }
                }
                out.push('}');
            }
            head => json::write::string(&self.string(head - 7), out),
        }
    }

    fn varint(&mut self) -> usize {
        let mut n = 0;
        let mut shift = 0;
        loop {
            let b = DATA[self.at];
            self.at += 1;
            n |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return n;
            }
            shift += 7;
        }
    }

    /// A string by its own head: 0 for a new one, n + 1 for the n-th new one.
    fn string(&mut self, head: usize) -> Text {
        if head > 0 {
            return Text::Borrowed(self.strings[head - 1]);
        }
        // `get`, not indexing: a failed str index formats its panic with `char`'s Debug,
        // whose code and Unicode tables would be in the wasm for this alone.
        let rest = TEXT.get(self.text_at..).unwrap_or_default();
        let s = rest.split('\0').next().unwrap_or_default();
        self.text_at += s.len() + 1;
        self.strings.push(s);
        Text::Borrowed(s)
    }

    fn value(&mut self, head: usize) -> Json {
        match head {
            0 => Json::Null,
            1 => Json::Bool(false),
            2 => Json::Bool(true),
            3 => {
                let head = self.varint();
                Json::Number(self.string(head))
            }
            4 => {
                let start = self.items.len();
                loop {
                    match self.varint() {
                        6 => break,
                        head => {
                            let item = self.value(head);
                            self.items.push(item);
                        }
                    }
                }
                Json::Array(self.items.split_off(start))
            }
            5 => {
                let start = self.members.len();
                loop {
                    match self.varint() {
                        0 => break,
                        head => {
                            let key = self.string(head - 1);
                            let head = self.varint();
                            let value = self.value(head);
                            self.members.push((key, value));
                        }
                    }
                }
                Json::Object(self.members.split_off(start))
            }
            head => Json::String(self.string(head - 7)),
        }
    }
}

/// The compiled DASF 2.0 catalog (without its long texts under `split-texts`).
fn compiled() -> Catalog {
    let catalog = super::read::catalog(&Decoder::document(data::DASF_2_0));
    // The data is checked by the test suite, so a failure here is a build defect. Not
    // `expect`: that would format the error with `Debug`, whose code would reach the wasm.
    catalog.unwrap_or_else(|_| panic!("built-in DASF 2.0 catalog"))
}

// Each by edition: [errata applied, as published].
static V2: [OnceLock<Catalog>; 2] = [const { OnceLock::new() }; 2];
/// The 2.0 catalog with its long texts as read, once [`load_texts`] has them (`split-texts`
/// only), and its two editions.
static V2_FULL_SOURCE: OnceLock<Catalog> = OnceLock::new();
static V2_FULL: [OnceLock<Catalog>; 2] = [const { OnceLock::new() }; 2];
static V1: [OnceLock<Catalog>; 2] = [const { OnceLock::new() }; 2];
static V1_FULL: [OnceLock<Catalog>; 2] = [const { OnceLock::new() }; 2];

/// The built-in catalog of a framework version (`1.0` or `2.0`), with its errata applied.
pub fn builtin(version: &str) -> Result<&'static Catalog> {
    builtin_edition(version, false)
}

/// The built-in catalog of a framework version, with its errata applied or, when
/// `as_published`, exactly as the source published it.
pub fn builtin_edition(version: &str, as_published: bool) -> Result<&'static Catalog> {
    let e = usize::from(as_published);
    let full = V2_FULL_SOURCE
        .get()
        .map(|source| V2_FULL[e].get_or_init(|| source.with_errata(!as_published)));
    let latest =
        || full.unwrap_or_else(|| V2[e].get_or_init(|| compiled().into_errata(!as_published)));
    match version {
        "2.0" => Ok(latest()),
        "1.0" => Ok(
            (if full.is_some() { &V1_FULL[e] } else { &V1[e] }).get_or_init(|| {
                let provenance = super::read::provenance(
                    &Decoder::document(data::DASF_1_0_PROVENANCE),
                    crate::json::At::Path(&crate::Path::root()),
                )
                .unwrap_or_else(|_| panic!("built-in DASF 1.0 provenance"));
                version_1_0(latest(), provenance)
            }),
        ),
        other => Err(Error::UnsupportedVersion {
            what: "DASF version",
            found: other.to_string(),
            supported: format!("DASF {}", BUILTIN_VERSIONS.join(" or ")),
        }),
    }
}

/// Whether the built-in catalogs carry their long texts: always, unless built with
/// `split-texts` and [`load_texts`] has not been called yet.
pub fn has_texts() -> bool {
    !data::SPLIT_TEXTS || V2_FULL_SOURCE.get().is_some()
}

/// Schema name of the texts document ([`texts_document`]).
pub const TEXTS_SCHEMA: &str = "ai-risk-map/catalog-texts";
/// Its version: 2 holds the texts as columns in catalog order (1 held them by id).
const TEXTS_SCHEMA_VERSION: u32 = 2;
/// The lists whose items' long texts `split-texts` leaves out, and those members (build.rs
/// has the same two lists).
const SPLIT_LISTS: [&str; 3] = ["components", "risks", "controls"];
const LONG_TEXTS: [&str; 2] = ["description", "implementation"];

/// The long texts of the built-in DASF 2.0 catalog, as the JSON document [`load_texts`]
/// takes: `{"schema", "schemaVersion", "fingerprint", "texts": {list: {member: [text, ...]}}}`,
/// one text per item of the list in catalog order (`""` for an item without one). Why columns
/// rather than texts by id: the fingerprint already ties the document to this build's data,
/// so ids would only repeat what the catalog knows; without them, and with like texts side by
/// side, the document is 0.8 KB smaller compressed. A build with `split-texts` has no texts
/// to give, and says so.
pub fn texts_document() -> Result<String> {
    if data::SPLIT_TEXTS {
        return Err(Error::Catalog(
            "this build has no long texts: use the CLI's texts document".into(),
        ));
    }
    let Json::Object(lists) = Decoder::document(data::DASF_2_0) else {
        unreachable!("a catalog document is an object")
    };
    let mut texts = Vec::new();
    for (list, items) in lists {
        let (true, Json::Array(items)) = (SPLIT_LISTS.contains(&&*list), items) else {
            continue;
        };
        let mut columns = Vec::new();
        for member in LONG_TEXTS {
            let column: Vec<Json> = items
                .iter()
                .map(|item| {
                    let text = match item {
                        Json::Object(fields) => fields.iter().find_map(|(k, v)| match v {
                            Json::String(s) if k == member => Some(s.clone()),
                            _ => None,
                        }),
                        _ => None,
                    };
                    Json::String(text.unwrap_or_default())
                })
                .collect();
            if column
                .iter()
                .any(|t| *t != Json::String(Text::Borrowed("")))
            {
                columns.push((Text::Borrowed(member), Json::Array(column)));
            }
        }
        texts.push((list, Json::Object(columns)));
    }
    let document = Json::Object(vec![
        ("schema".into(), Json::String(TEXTS_SCHEMA.into())),
        (
            "schemaVersion".into(),
            Json::Number(TEXTS_SCHEMA_VERSION.to_string().into()),
        ),
        ("fingerprint".into(), Json::String(data::FINGERPRINT.into())),
        ("texts".into(), Json::Object(texts)),
    ]);
    Ok(document.to_text())
}

/// Give the built-in catalogs their long texts, from the document [`texts_document`] wrote
/// for the same data (the page serves it beside the wasm and hands it over after its first
/// paint). Catalogs handed out before keep working: they differ in these texts only. A build
/// with the texts compiled in checks the document and has nothing to add.
pub fn load_texts(document: &str) -> Result<()> {
    crate::limits::check_document_size("catalog texts document", document)?;
    let value = crate::json::parse(document)?;
    let mut f = crate::json::Fields::of(&value, crate::Path::root())?;
    let schema = f.string("schema");
    let version = f.get("schemaVersion").cloned();
    let fingerprint = f.string("fingerprint");
    let texts = f.required("texts")?;
    f.finish(&["schema", "schemaVersion", "fingerprint", "texts"])?;
    if schema != TEXTS_SCHEMA
        || version != Some(Json::Number(TEXTS_SCHEMA_VERSION.to_string().into()))
        || fingerprint != data::FINGERPRINT
    {
        return Err(Error::Catalog(format!(
            "these are not the texts of this build's DASF 2.0 catalog (expected a \"{TEXTS_SCHEMA}\" document, version {TEXTS_SCHEMA_VERSION}, with fingerprint {}): reload the page",
            data::FINGERPRINT
        )));
    }
    let Json::Object(texts) = texts else {
        return Err(crate::json::expected("texts", "an object", texts));
    };
    let mut merged = Decoder::document(data::DASF_2_0);
    let Json::Object(lists) = &mut merged else {
        unreachable!("a catalog document is an object")
    };
    for (list, items) in lists.iter_mut() {
        let (Some((_, Json::Object(columns))), Json::Array(items)) =
            (texts.iter().find(|(k, _)| k == list), items)
        else {
            continue;
        };
        for (member, column) in columns {
            let (true, Json::Array(column)) = (LONG_TEXTS.contains(&&**member), column) else {
                continue;
            };
            if column.len() != items.len() {
                return Err(Error::Catalog(format!(
                    "texts.{list}.{member}: {} texts for {} items: reload the page",
                    column.len(),
                    items.len()
                )));
            }
            for (item, text) in items.iter_mut().zip(column) {
                let (Json::Object(fields), Json::String(t)) = (item, text) else {
                    continue;
                };
                // The compiled data holds each long text as an empty string (build.rs).
                if let Some((_, blank @ Json::String(_))) =
                    fields.iter_mut().find(|(k, _)| k == member)
                {
                    if !t.is_empty() {
                        *blank = Json::String(t.clone());
                    }
                }
            }
        }
    }
    let full = super::read::catalog(&merged)?;
    if data::SPLIT_TEXTS {
        let _ = V2_FULL_SOURCE.set(full);
    }
    Ok(())
}

/// Catalogs a user has loaded (an organisation's extension of DASF, say), by version key.
/// They live for the rest of the process: assessments keep `&'static` references to their
/// catalog, and a page loads a handful at most. Each is kept in both editions: with its
/// errata applied, and as published.
static REGISTERED: Mutex<Vec<[&'static Catalog; 2]>> = Mutex::new(Vec::new());

/// Whether `key` can name a catalog: 1 to 40 letters, digits, `.`, `_` or `-` (it travels in
/// file names, share links and storage keys). The one rule for registering and importing.
pub(crate) fn is_version_key(key: &str) -> bool {
    (1..=40).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// Make a user catalog available under its `version`, for [`lookup`] and for assessments
/// whose `dasf` names it. Loading a catalog again under the same version replaces it; the
/// built-in versions cannot be replaced.
pub fn register(catalog: Catalog) -> Result<&'static Catalog> {
    if BUILTIN_VERSIONS.contains(&catalog.version.as_str()) {
        return Err(Error::Catalog(format!(
            "version: `{0}` is a built-in DASF version; give your catalog its own version, such as `{0}-acme`",
            catalog.version
        )));
    }
    let key = &catalog.version;
    if !is_version_key(key) {
        return Err(Error::Catalog(format!(
            "version: {} cannot name a catalog; use 1 to 40 letters, digits, `.`, `_` or `-`",
            // Quoted as a JSON string: control characters and quotes show escaped.
            crate::json_text(&*crate::limits::excerpt(key))
        )));
    }
    let published: &'static Catalog = Box::leak(Box::new(catalog.with_errata(false)));
    let catalog: &'static Catalog = Box::leak(Box::new(catalog.into_errata(true)));
    let mut registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
    registered.retain(|[c, _]| c.version != catalog.version);
    registered.push([catalog, published]);
    Ok(catalog)
}

/// The catalog of a version, errata applied: built in (`1.0`, `2.0`) or registered with
/// [`register`].
pub fn lookup(version: &str) -> Result<&'static Catalog> {
    lookup_edition(version, false)
}

/// The catalog of a version, with its errata applied or as published.
pub fn lookup_edition(version: &str, as_published: bool) -> Result<&'static Catalog> {
    builtin_edition(version, as_published).or_else(|err| {
        let registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
        registered
            .iter()
            .find(|[c, _]| c.version == version)
            .map(|editions| editions[usize::from(as_published)])
            .ok_or(err)
    })
}

/// The JSON text of a catalog edition ([`lookup_edition`]), as `json::write` writes it.
///
/// The compiled DASF 2.0 data is the default edition exactly as the engine writes it
/// (`scripts/gen_catalog.py` writes the file in that form, and a test holds it to it), so
/// for that edition the text comes straight from the data: no catalog is built, read or
/// written. That is the page's first call (the engine's first work, in the wasm's baseline
/// code: building the catalog cost it about 8 ms). Once [`load_texts`] has given the
/// catalog its long texts, the data lacks them and the catalog is written as any other.
pub fn edition_json(version: &str, as_published: bool) -> Result<String> {
    if version == LATEST_VERSION && !as_published && V2_FULL_SOURCE.get().is_none() {
        return Ok(Decoder::document_text(
            data::DASF_2_0,
            data::DASF_2_0_TEXT_LEN,
        ));
    }
    Ok(json::write::to_string(lookup_edition(
        version,
        as_published,
    )?))
}

/// The versions [`lookup`] knows: built-in first, then registered ones in loading order.
pub fn known_versions() -> Vec<String> {
    let registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
    let mut versions = BUILTIN_VERSIONS.map(String::from).to_vec();
    for [c, _] in registered.iter() {
        versions.push(c.version.clone());
    }
    versions
}

/// The 1.0 view of the 2.0 catalog.
fn version_1_0(latest: &Catalog, provenance: Provenance) -> Catalog {
    let mut catalog = latest.clone();
    catalog.version = "1.0".into();
    catalog.provenance = provenance;
    catalog.controls.retain(|c| c.introduced == "1.0");
    catalog.risks.retain(|r| r.introduced == "1.0");
    // The 1.0 view keeps the corrections of the risks it has, so both versions agree on them.
    // An IdIndex, not a HashSet: the wasm has its code already, and no hash table otherwise.
    let risks = crate::idmap::IdIndex::new(catalog.risks.iter().map(|r| r.id.as_str()));
    catalog.errata.retain(|e| risks.contains(&e.risk));
    let kept: Vec<String> = catalog.controls.iter().map(|c| c.id.clone()).collect();
    for risk in &mut catalog.risks {
        // In the 2.0 data, `otherVersionName` is the 1.0 name.
        if let Some(old) = risk.other_version_name.take() {
            risk.other_version_name = Some(std::mem::replace(&mut risk.name, old));
        }
        risk.controls.retain(|c| kept.contains(c));
    }
    for control in &mut catalog.controls {
        // A loop, not filter, map and collect: less code in the wasm.
        control.risks.clear();
        for r in &catalog.risks {
            if r.controls.contains(&control.id) {
                control.risks.push(r.id.clone());
            }
        }
    }
    catalog
}

#[cfg(test)]
mod tests {
    use super::{data, Decoder};

    /// build.rs works out the length of the text the data writes, so that the text goes into
    /// one buffer of the right size, with no copy as it grows.
    #[test]
    fn the_compiled_text_has_the_length_build_rs_gave() {
        let text = Decoder::document_text(data::DASF_2_0, data::DASF_2_0_TEXT_LEN);
        assert_eq!(text.len(), data::DASF_2_0_TEXT_LEN);
        assert_eq!(text.capacity(), text.len());
    }
}
