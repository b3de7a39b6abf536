//! The built-in DASF catalog. `data/dasf-2.0.json` is a catalog document like any other
//! (facts generated from the reference by `scripts/gen_catalog.py`, descriptions written by
//! the project), parsed on first use by the same parser as user catalogs. The 1.0 view is
//! derived from it: the risks and controls introduced in 1.0, under their 1.0 names, with
//! the mapping restricted to them.

use std::sync::{Mutex, OnceLock};

use super::{Catalog, Provenance};
use crate::error::Result;
use crate::json;
use crate::Error;

/// The framework versions built in, oldest first.
pub const BUILTIN_VERSIONS: [&str; 2] = ["1.0", "2.0"];
/// The version used when none is named.
pub const LATEST_VERSION: &str = "2.0";

const DASF_2_0: &str = include_str!("data/dasf-2.0.json");
const DASF_1_0_PROVENANCE: &str = include_str!("data/dasf-1.0-provenance.json");

/// The built-in catalog of a framework version (`1.0` or `2.0`).
pub fn builtin(version: &str) -> Result<&'static Catalog> {
    static V1: OnceLock<Catalog> = OnceLock::new();
    static V2: OnceLock<Catalog> = OnceLock::new();
    // The embedded data is checked by the test suite, so a parse failure is a build defect.
    let latest =
        || V2.get_or_init(|| Catalog::from_json(DASF_2_0).expect("built-in DASF 2.0 catalog"));
    match version {
        "2.0" => Ok(latest()),
        "1.0" => Ok(V1.get_or_init(|| {
            let provenance = json::parse(DASF_1_0_PROVENANCE)
                .and_then(|v| super::read::provenance(&v, &crate::Path::root()))
                .expect("built-in DASF 1.0 provenance");
            version_1_0(latest(), provenance)
        })),
        other => Err(Error::UnsupportedVersion {
            what: "DASF version",
            found: other.to_string(),
            supported: format!("DASF {}", BUILTIN_VERSIONS.join(" or ")),
        }),
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
