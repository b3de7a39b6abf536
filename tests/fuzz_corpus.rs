//! Replays the committed fuzz corpus (fuzz/corpus/<target>/) through the same checks as the
//! fuzz targets (`ai_risk_map::fuzz_checks`), on stable Rust and without cargo-fuzz, so that
//! every input the fuzzer ever kept stays a regression test.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use ai_risk_map::fuzz_checks;

/// deflate-raw with a cap, as the share-link fuzz target inflates.
fn inflate(bytes: &[u8], limit: usize) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, limit).ok()
}

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
}

/// Run `check` on every file of a corpus and report all the files that fail, not only the
/// first.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let mut failed = Vec::new();
    let files = corpus(target);
    for path in &files {
        let data = std::fs::read(path).expect("corpus file");
        if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} {target} inputs fail:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn assessment_corpus() {
    replay("assessment", fuzz_checks::assessment);
}

#[test]
fn share_link_corpus() {
    replay("share_link", |data| fuzz_checks::share_link(data, inflate));
}

#[test]
fn catalog_corpus() {
    replay("catalog", fuzz_checks::catalog);
}

/// The built-in catalog seeded the catalog corpus; it is checked here from its source rather
/// than kept as a second copy in the corpus.
#[test]
fn builtin_catalog_passes_the_catalog_checks() {
    fuzz_checks::catalog(include_bytes!("../src/catalog/data/dasf-2.0.json"));
}

#[test]
fn every_target_has_a_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut targets: Vec<String> = std::fs::read_dir(dir)
        .expect("fuzz/corpus")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    targets.sort();
    assert_eq!(targets, ["assessment", "catalog", "share_link"]);
}
