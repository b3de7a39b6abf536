//! Catalog search: by free text over names, ids and descriptions, and by crosswalk id
//! (`AML.T0051`, `LLM01`, `AC-3`), which finds every risk and control mapped to that entry.

use serde::Serialize;

use super::Catalog;
use crate::idmap::IdIndex;
use crate::limits::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Component,
    Risk,
    Control,
}

/// One item found by [`search`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: HitKind,
    pub id: String,
    pub name: String,
    /// Where the query matched: `id`, `name`, `crosswalk`, `description`...
    pub matched: &'static str,
    /// The crosswalk entries that matched, as `standard id` pairs (`mitreAtlas AML.T0051`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub crosswalk: Vec<String>,
    /// Higher is better; hits come sorted by it.
    pub score: u32,
}

/// Find components, risks and controls matching `query`. Every whitespace-separated term
/// must match (ignoring ASCII case: the catalog is English, and full Unicode case tables
/// would add kilobytes to the wasm); a term that is a crosswalk id, or the start of one at a
/// separator (`LLM01` finds `LLM01.1`), matches the items mapped to that entry.
///
/// Only the first [`MAX_QUERY_CHARS`] characters and [`MAX_QUERY_TERMS`] distinct terms
/// are used, so the work is bounded by the catalog's size whatever is pasted.
pub fn search(catalog: &Catalog, query: &str) -> Vec<SearchHit> {
    let query = query
        .char_indices()
        .nth(MAX_QUERY_CHARS)
        .map_or(query, |(end, _)| query.get(..end).unwrap_or(query));
    let mut terms: Vec<String> = Vec::new();
    for term in query.split_whitespace().map(str::to_ascii_lowercase) {
        if !terms.contains(&term) {
            terms.push(term);
        }
        if terms.len() == MAX_QUERY_TERMS {
            break;
        }
    }
    if terms.is_empty() {
        return Vec::new();
    }
    let names = CrosswalkNames::new(catalog);
    let mut hits = Vec::new();
    for c in &catalog.components {
        let fields = [
            ("id", c.id.as_str()),
            ("name", &c.name),
            ("description", &c.description),
        ];
        if let Some((matched, score)) = match_fields(&terms, &fields, &[]) {
            hits.push(hit(
                HitKind::Component,
                &c.id,
                &c.name,
                matched,
                score,
                Vec::new(),
            ));
        }
    }
    for r in &catalog.risks {
        let other = r.other_version_name.as_deref().unwrap_or("");
        let fields = [
            ("id", r.id.as_str()),
            ("name", &r.name),
            ("name", other),
            ("description", &r.description),
        ];
        let xw = crosswalk_pairs(&names, &r.crosswalk);
        if let Some((matched, score)) = match_fields(&terms, &fields, &xw) {
            let found = matching_crosswalk(&terms, &xw);
            hits.push(hit(HitKind::Risk, &r.id, &r.name, matched, score, found));
        }
    }
    for c in &catalog.controls {
        let fields = [
            ("id", c.id.as_str()),
            ("name", &c.name),
            ("type", &c.control_type),
            ("description", &c.description),
            ("implementation", &c.implementation),
        ];
        let xw = crosswalk_pairs(&names, &c.crosswalk);
        if let Some((matched, score)) = match_fields(&terms, &fields, &xw) {
            let found = matching_crosswalk(&terms, &xw);
            hits.push(hit(HitKind::Control, &c.id, &c.name, matched, score, found));
        }
    }
    // Stable sort keeps catalog order among equal scores, so results are deterministic.
    crate::order::sort_by_key(&mut hits, |h| std::cmp::Reverse(h.score));
    hits
}

fn hit(
    kind: HitKind,
    id: &str,
    name: &str,
    matched: &'static str,
    score: u32,
    crosswalk: Vec<String>,
) -> SearchHit {
    SearchHit {
        kind,
        id: id.to_string(),
        name: name.to_string(),
        matched,
        crosswalk,
        score,
    }
}

/// (standard key, entry id, entry name) for each crosswalk entry of an item.
type CrosswalkEntry<'a> = (&'a str, &'a str, &'a str);

/// The entry names of every crosswalk, indexed: a search looks up each mapped entry of each
/// item, and a crosswalk can have thousands of entries.
struct CrosswalkNames<'a> {
    crosswalks: IdIndex<'a>,
    /// By crosswalk position: an index of its entry ids, and their names in the same order.
    entries: Vec<(IdIndex<'a>, Vec<&'a str>)>,
}

impl<'a> CrosswalkNames<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        // Loops, not map and collect: less code in the wasm.
        let mut entries = Vec::with_capacity(catalog.crosswalks.len());
        for c in &catalog.crosswalks {
            let ids = IdIndex::new(c.entries.keys().map(String::as_str));
            let mut names = Vec::with_capacity(c.entries.len());
            for (_, name) in c.entries.iter() {
                names.push(name.as_str());
            }
            entries.push((ids, names));
        }
        CrosswalkNames {
            crosswalks: IdIndex::new(catalog.crosswalks.iter().map(|c| c.id.as_str())),
            entries,
        }
    }

    fn name(&self, crosswalk: &str, id: &str) -> Option<&'a str> {
        let (ids, names) = &self.entries[self.crosswalks.get(crosswalk)?];
        ids.get(id).map(|i| names[i])
    }
}

fn crosswalk_pairs<'a>(
    names: &CrosswalkNames<'a>,
    map: &'a crate::idmap::IdMap<Vec<String>>,
) -> Vec<CrosswalkEntry<'a>> {
    // Loops, not `flat_map` and `collect`: less code in the wasm.
    let mut pairs = Vec::new();
    for (key, ids) in map.iter() {
        for id in ids {
            let name = names.name(key, id).unwrap_or("");
            pairs.push((key.as_str(), id.as_str(), name));
        }
    }
    pairs
}

/// `LLM01` matches `LLM01`, `LLM01.1` and `LLM01.4, 5`, but not `LLM010`.
fn crosswalk_id_matches(term: &str, id: &str) -> bool {
    crosswalk_lower_id_matches(term, &id.to_ascii_lowercase())
}

/// [`crosswalk_id_matches`] for an id already in lower case.
fn crosswalk_lower_id_matches(term: &str, id: &str) -> bool {
    id == term
        || id
            .strip_prefix(term)
            .is_some_and(|rest| rest.starts_with(|c: char| !c.is_ascii_alphanumeric()))
}

fn matching_crosswalk(terms: &[String], xw: &[CrosswalkEntry]) -> Vec<String> {
    let mut found = Vec::new();
    for (key, id, _) in xw {
        if terms.iter().any(|t| crosswalk_id_matches(t, id)) {
            found.push(format!("{key} {id}"));
        }
    }
    found
}

/// Whether `text` holds `term`, tried at each byte where its first byte is: terms and fields
/// are short, and `str::contains` would bring the standard substring searcher (2 KB of
/// code) into the wasm for this alone. Bytes, not characters: UTF-8 matches the same way.
fn contains(text: &str, term: &str) -> bool {
    let term = term.as_bytes();
    let Some(&first) = term.first() else {
        return true;
    };
    text.as_bytes()
        .windows(term.len())
        .any(|at| at[0] == first && at == term)
}

/// Score a match, or None when some term matches nothing. Each term counts by the best field
/// it matches: an exact id beats a crosswalk id, which beats a name, which beats prose.
fn match_fields(
    terms: &[String],
    fields: &[(&'static str, &str)],
    xw: &[CrosswalkEntry],
) -> Option<(&'static str, u32)> {
    // Lower-cased once per item, not once per term. (Loops, not `collect`: less code in
    // the wasm.)
    let mut lower_fields = Vec::with_capacity(fields.len());
    for &(field, value) in fields {
        lower_fields.push((field, value.to_ascii_lowercase()));
    }
    let mut lower_xw = Vec::with_capacity(xw.len());
    for (_, id, name) in xw {
        lower_xw.push((id.to_ascii_lowercase(), name.to_ascii_lowercase()));
    }
    let mut total = 0;
    let mut best: Option<(&'static str, u32)> = None;
    for term in terms {
        let mut term_best: Option<(&'static str, u32)> = None;
        let mut consider = |field: &'static str, score: u32| {
            if term_best.is_none_or(|(_, s)| score > s) {
                term_best = Some((field, score));
            }
        };
        for (field, value) in &lower_fields {
            let field = *field;
            if field == "id" && value == term {
                consider("id", 100);
            } else if contains(value, term) {
                consider(
                    field,
                    if field == "name" {
                        40
                    } else if field == "id" {
                        30
                    } else {
                        10
                    },
                );
            }
        }
        for (id, name) in &lower_xw {
            if crosswalk_lower_id_matches(term, id) {
                consider("crosswalk", 60);
            } else if contains(name, term) {
                consider("crosswalk", 15);
            }
        }
        let (field, score) = term_best?;
        total += score;
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((field, score));
        }
    }
    best.map(|(field, _)| (field, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin;

    fn ids(hits: &[SearchHit], kind: HitKind) -> Vec<&str> {
        hits.iter()
            .filter(|h| h.kind == kind)
            .map(|h| h.id.as_str())
            .collect()
    }

    #[test]
    fn atlas_id_finds_prompt_injection() {
        let hits = search(builtin("2.0").unwrap(), "AML.T0051");
        assert!(ids(&hits, HitKind::Risk).contains(&"9.1"), "{hits:?}");
        assert!(hits.iter().all(|h| h.matched == "crosswalk"));
        assert!(hits[0]
            .crosswalk
            .iter()
            .any(|c| c == "mitreAtlas AML.T0051"));
    }

    #[test]
    fn owasp_prefix_matches_sub_items_only_at_a_boundary() {
        assert!(crosswalk_id_matches("llm01", "LLM01.1"));
        assert!(crosswalk_id_matches("llm08", "LLM08.5, 7"));
        assert!(!crosswalk_id_matches("llm0", "LLM01"));
        let hits = search(builtin("2.0").unwrap(), "LLM01");
        assert!(ids(&hits, HitKind::Risk).contains(&"9.1"));
    }

    #[test]
    fn exact_id_ranks_first_and_all_terms_must_match() {
        let cat = builtin("2.0").unwrap();
        assert_eq!(search(cat, "9.1")[0].id, "9.1");
        assert_eq!(search(cat, "dasf 1")[0].id, "DASF 1");
        assert!(search(cat, "prompt zzzzqqq").is_empty());
        assert!(search(cat, "   ").is_empty());
    }

    #[test]
    fn long_queries_are_cut_to_the_cap() {
        let cat = builtin("2.0").unwrap();
        // Terms past the character cap are ignored: the unmatched one is not seen.
        let padded = format!("prompt{}zzzzqqq", " ".repeat(MAX_QUERY_CHARS));
        assert_eq!(search(cat, &padded), search(cat, "prompt"));
        // So are terms past the term cap, and repeats count once.
        let many = format!("{} zzzzqqq", vec!["prompt"; 40].join(" "));
        assert!(!search(cat, &many).is_empty());
        // Letters that a long description holds, as that many distinct terms.
        let letters: Vec<String> = "aeiontrslcdmpugh".chars().map(String::from).collect();
        assert_eq!(letters.len(), MAX_QUERY_TERMS);
        let at_cap = format!("{} zzzzqqq", letters.join(" "));
        assert!(
            !search(cat, &at_cap).is_empty(),
            "the 17th term is not used"
        );
        let under = format!("{} zzzzqqq", letters[1..].join(" "));
        assert!(search(cat, &under).is_empty(), "the 16th term is used");
        assert!(search(cat, &"a".repeat(100_000)).is_empty());
    }

    #[test]
    fn version_one_names_are_searchable_in_two() {
        let hits = search(builtin("2.0").unwrap(), "poor sdlc");
        assert_eq!(ids(&hits, HitKind::Risk), vec!["12.5"]);
    }
}
