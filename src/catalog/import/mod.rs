//! Importing catalogs published in other shapes: the DASF compendium's worksheets (as
//! `.xlsx`, or CSV/TSV exports of its two sheets) and the CoSAI risk map's YAML. Each import
//! produces an ordinary catalog document, checked by [`Catalog::validate`] and read back by
//! the same reader as any user catalog, so that `assess --catalog` can use it at once.
//!
//! Native only (the CLI and the Python binding): the page loads the catalog documents these
//! imports write, not the spreadsheets.

mod compendium;
mod cosai;
mod crosswalk;
mod table;
mod xlsx;

pub use compendium::{import_compendium, COMPENDIUM_VERSION_SUFFIX};
pub use cosai::{import_cosai, COSAI_VERSION};
pub use table::InputFile;

use super::Catalog;
use crate::error::{Error, Result};

/// The largest input file an import reads (a compendium workbook is well under 1 MB).
pub const MAX_IMPORT_FILE_BYTES: usize = 32 * 1024 * 1024;

/// The catalog as a document: serialised, read back and checked by the engine exactly as
/// `assess --catalog` will read it, so that an import never writes a catalog the engine
/// refuses afterwards.
pub fn catalog_document(catalog: &Catalog) -> Result<String> {
    let text = serde_json::to_string_pretty(catalog)
        .map_err(|e| Error::Catalog(format!("cannot write the catalog: {e}")))?;
    Catalog::from_json(&text)?;
    Ok(text + "\n")
}

/// `ai-risk-map import-compendium FILE... [--version KEY]`: the catalog document.
pub fn compendium_document(paths: &[String], version: Option<&str>) -> Result<String> {
    let files = paths
        .iter()
        .map(|p| InputFile::read(std::path::Path::new(p)))
        .collect::<Result<Vec<_>>>()?;
    catalog_document(&import_compendium(&files, version)?)
}

/// `ai-risk-map import-cosai DIR_OR_FILE... [--version KEY]`: the catalog document. A folder
/// stands for the YAML files in it, or in its `risk-map/yaml` (the repository's root).
pub fn cosai_document(paths: &[String], version: Option<&str>) -> Result<String> {
    catalog_document(&import_cosai(&cosai_files(paths)?, version)?)
}

/// The files `import-cosai` reads: each file given, and the `.yaml`/`.yml` files of each
/// folder given (or of its `risk-map/yaml`), in name order.
pub fn cosai_files(paths: &[String]) -> Result<Vec<InputFile>> {
    let mut files = Vec::new();
    for p in paths {
        let path = std::path::Path::new(p);
        if !path.is_dir() {
            files.push(InputFile::read(path)?);
            continue;
        }
        let nested = path.join("risk-map").join("yaml");
        let dir = if nested.is_dir() {
            nested
        } else {
            path.to_path_buf()
        };
        let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| {
                Error::Argument(format!("cannot read the folder `{}`: {e}", dir.display()))
            })?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        names.sort();
        if names.is_empty() {
            return Err(Error::Argument(format!(
                "the folder `{}` has no .yaml files",
                dir.display()
            )));
        }
        for f in names {
            files.push(InputFile::read(&f)?);
        }
    }
    Ok(files)
}

/// A version key given with `--version`: checked now, with the same rule as
/// [`super::register`], so that a bad key fails before any work.
fn check_version_key(key: &str) -> Result<()> {
    if !super::builtin::is_version_key(key) {
        return Err(Error::Argument(format!(
            "version key {:?} cannot name a catalog; use 1 to 40 letters, digits, `.`, `_` or `-`",
            crate::limits::excerpt(key)
        )));
    }
    if super::BUILTIN_VERSIONS.contains(&key) {
        return Err(Error::Argument(format!(
            "version key `{key}` is a built-in DASF version; choose another, such as `{key}-compendium`"
        )));
    }
    Ok(())
}
