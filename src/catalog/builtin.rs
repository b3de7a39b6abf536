//! The built-in DASF catalog. `data/dasf-2.0.json` is a catalog document like any other
//! (facts generated from the reference by `scripts/gen_catalog.py`, descriptions written by
//! the project). `build.rs` compiles it into static tokens, which are read on first use by
//! the same reader as user catalogs, with no JSON text to parse. The 1.0 view is derived
//! from it: the risks and controls introduced in 1.0, under their 1.0 names, with the
//! mapping restricted to them.
//!
//! Built with the feature `split-texts` (the wasm binding), the compiled catalog lacks the
//! long texts (descriptions and implementation notes) so that the wasm is smaller; the page
//! loads them after its first paint and hands them to [`load_texts`].

use std::sync::{Mutex, OnceLock};

use super::{Catalog, Provenance};
use crate::error::Result;
use crate::json::Json;
use crate::Error;

/// The framework versions built in, oldest first.
pub const BUILTIN_VERSIONS: [&str; 2] = ["1.0", "2.0"];
/// The version used when none is named.
pub const LATEST_VERSION: &str = "2.0";

/// The compiled data (see build.rs).
mod data {
    include!(concat!(env!("OUT_DIR"), "/builtin_catalog.rs"));
}

/// The JSON value whose tokens start at `at`, and where the next value starts.
fn decode(at: usize) -> (Json, usize) {
    let string = |i: u16| {
        let i = usize::from(i);
        let start = if i == 0 {
            0
        } else {
            data::ENDS[i - 1] as usize
        };
        data::TEXT[start..data::ENDS[i] as usize].to_string()
    };
    let t = &data::TOKENS;
    match t[at] {
        0 => (Json::Null, at + 1),
        1 => (Json::Bool(false), at + 1),
        2 => (Json::Bool(true), at + 1),
        3 => (Json::Number(string(t[at + 1])), at + 2),
        4 => (Json::String(string(t[at + 1])), at + 2),
        5 => {
            let mut next = at + 2;
            let items = (0..t[at + 1])
                .map(|_| {
                    let (item, after) = decode(next);
                    next = after;
                    item
                })
                .collect();
            (Json::Array(items), next)
        }
        _ => {
            let mut next = at + 2;
            let members = (0..t[at + 1])
                .map(|_| {
                    let key = string(t[next]);
                    let (value, after) = decode(next + 1);
                    next = after;
                    (key, value)
                })
                .collect();
            (Json::Object(members), next)
        }
    }
}

/// The compiled DASF 2.0 catalog (without its long texts under `split-texts`).
fn compiled() -> Catalog {
    let catalog = super::read::catalog(&decode(data::DASF_2_0).0);
    // The data is checked by the test suite, so a failure here is a build defect.
    catalog.expect("built-in DASF 2.0 catalog")
}

static V2: OnceLock<Catalog> = OnceLock::new();
/// The 2.0 catalog with its long texts, once [`load_texts`] has them (`split-texts` only).
static V2_FULL: OnceLock<Catalog> = OnceLock::new();
static V1: OnceLock<Catalog> = OnceLock::new();
static V1_FULL: OnceLock<Catalog> = OnceLock::new();

/// The built-in catalog of a framework version (`1.0` or `2.0`).
pub fn builtin(version: &str) -> Result<&'static Catalog> {
    let full = V2_FULL.get();
    let latest = || full.unwrap_or_else(|| V2.get_or_init(compiled));
    match version {
        "2.0" => Ok(latest()),
        "1.0" => Ok(
            (if full.is_some() { &V1_FULL } else { &V1 }).get_or_init(|| {
                let provenance = super::read::provenance(
                    &decode(data::DASF_1_0_PROVENANCE).0,
                    &crate::Path::root(),
                )
                .expect("built-in DASF 1.0 provenance");
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
    !data::SPLIT_TEXTS || V2_FULL.get().is_some()
}

/// Give the built-in catalogs their long texts: `document` is the DASF 2.0 catalog document
/// (`data/dasf-2.0.json`, which the page serves beside the wasm). It must be the document
/// this build was compiled from: only its texts are new. Catalogs handed out before keep
/// working: they differ in texts only.
pub fn load_texts(document: &str) -> Result<()> {
    crate::limits::check_document_size("catalog document", document)?;
    let value = crate::json::parse(document)?;
    let mut compact = value.clone();
    strip_long_texts(&mut compact);
    let mut compiled = decode(data::DASF_2_0).0;
    strip_long_texts(&mut compiled);
    if compact != compiled {
        return Err(Error::Catalog(
            "these texts are for another build of the DASF 2.0 catalog: reload the page".into(),
        ));
    }
    // A build with the texts compiled in has nothing to add.
    if data::SPLIT_TEXTS {
        let _ = V2_FULL.set(super::read::catalog(&value)?);
    }
    Ok(())
}

/// Remove the members build.rs leaves out under `split-texts`: `description` and
/// `implementation` of the items of the document's top-level lists.
fn strip_long_texts(document: &mut Json) {
    let Json::Object(members) = document else {
        return;
    };
    for (_, list) in members {
        let Json::Array(items) = list else { continue };
        for item in items {
            if let Json::Object(fields) = item {
                fields.retain(|(k, _)| k != "description" && k != "implementation");
            }
        }
    }
}

/// Catalogs a user has loaded (an organisation's extension of DASF, say), by version key.
/// They live for the rest of the process: assessments keep `&'static` references to their
/// catalog, and a page loads a handful at most.
static REGISTERED: Mutex<Vec<&'static Catalog>> = Mutex::new(Vec::new());

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
    let key_ok = (1..=40).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !key_ok {
        return Err(Error::Catalog(format!(
            "version: {:?} cannot name a catalog; use 1 to 40 letters, digits, `.`, `_` or `-`",
            crate::limits::excerpt(key)
        )));
    }
    let catalog: &'static Catalog = Box::leak(Box::new(catalog));
    let mut registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
    registered.retain(|c| c.version != catalog.version);
    registered.push(catalog);
    Ok(catalog)
}

/// The catalog of a version: built in (`1.0`, `2.0`) or registered with [`register`].
pub fn lookup(version: &str) -> Result<&'static Catalog> {
    builtin(version).or_else(|err| {
        let registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
        registered
            .iter()
            .find(|c| c.version == version)
            .copied()
            .ok_or(err)
    })
}

/// The versions [`lookup`] knows: built-in first, then registered ones in loading order.
pub fn known_versions() -> Vec<String> {
    let registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
    let builtin = BUILTIN_VERSIONS.iter().map(|v| v.to_string());
    builtin
        .chain(registered.iter().map(|c| c.version.clone()))
        .collect()
}

/// The 1.0 view of the 2.0 catalog.
fn version_1_0(latest: &Catalog, provenance: Provenance) -> Catalog {
    let mut catalog = latest.clone();
    catalog.version = "1.0".into();
    catalog.provenance = provenance;
    catalog.controls.retain(|c| c.introduced == "1.0");
    catalog.risks.retain(|r| r.introduced == "1.0");
    let kept: Vec<String> = catalog.controls.iter().map(|c| c.id.clone()).collect();
    for risk in &mut catalog.risks {
        // In the 2.0 data, `otherVersionName` is the 1.0 name.
        if let Some(old) = risk.other_version_name.take() {
            risk.other_version_name = Some(std::mem::replace(&mut risk.name, old));
        }
        risk.controls.retain(|c| kept.contains(c));
    }
    for control in &mut catalog.controls {
        control.risks = catalog
            .risks
            .iter()
            .filter(|r| r.controls.contains(&control.id))
            .map(|r| r.id.clone())
            .collect();
    }
    catalog
}
