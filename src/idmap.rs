//! `IdMap`: a small map from ids to values that keeps insertion order and serializes as a
//! JSON object. The maps here hold a few dozen entries, where a vector is as fast as a tree
//! and much smaller in the wasm.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// An ordered map with string keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdMap<V>(Vec<(String, V)>);

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap(Vec::new())
    }
}

impl<V> IdMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Set `key` to `value`, in place when the key exists, at the end otherwise.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.get_mut(&key) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V> From<Vec<(String, V)>> for IdMap<V> {
    fn from(entries: Vec<(String, V)>) -> Self {
        IdMap(entries)
    }
}

impl<V> std::ops::Index<&str> for IdMap<V> {
    type Output = V;
    fn index(&self, key: &str) -> &V {
        self.get(key).unwrap_or_else(|| panic!("no entry `{key}`"))
    }
}

impl<V: Serialize> Serialize for IdMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'a, V> IntoIterator for &'a IdMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// Positions of ids in a list, for lookups in O(log n): catalogs can be large (the
/// benchmark uses one a hundred times the size of DASF), and a sorted vector is smaller in
/// the wasm than a hash map. A short list is left unsorted and searched in place: the
/// members of each object a document holds are checked with an index, and for those few
/// (a dozen at most in a catalog) sorting cost more than the rest of reading them.
#[derive(Debug, Clone)]
pub struct IdIndex<'a> {
    entries: Vec<(&'a str, usize)>,
    sorted: bool,
}

/// Up to this many ids, an index is searched in place: at most this many comparisons per
/// lookup, and fewer than this squared to find a duplicate.
const SHORT: usize = 16;

impl<'a> IdIndex<'a> {
    pub fn new(ids: impl Iterator<Item = &'a str>) -> Self {
        // Only this loop is generic; sorting is a step of its own, in the wasm once. As one
        // generic function collecting and sorting, it was copied into each caller for each
        // kind of list indexed: 9 KB of the wasm in all.
        let mut entries = Vec::with_capacity(ids.size_hint().0);
        for (i, id) in ids.enumerate() {
            entries.push((id, i));
        }
        IdIndex::of(entries)
    }

    fn of(mut entries: Vec<(&'a str, usize)>) -> Self {
        let sorted = entries.len() > SHORT;
        if sorted {
            // Stable, and ids are enumerated in order: equal ids keep their positions in order.
            crate::order::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
        }
        IdIndex { entries, sorted }
    }

    /// The position of `id` in the list, if it is there (the first, if it is there twice).
    pub fn get(&self, id: &str) -> Option<usize> {
        if !self.sorted {
            return self
                .entries
                .iter()
                .find(|(k, _)| *k == id)
                .map(|(_, pos)| *pos);
        }
        let i = self.entries.partition_point(|(k, _)| *k < id);
        self.entries
            .get(i)
            .filter(|(k, _)| *k == id)
            .map(|(_, pos)| *pos)
    }

    /// How many ids the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// An id that appears more than once, if any.
    pub fn duplicate(&self) -> Option<&'a str> {
        if !self.sorted {
            let e = &self.entries;
            return (1..e.len())
                .find(|&i| e[..i].iter().any(|(k, _)| *k == e[i].0))
                .map(|i| e[i].0);
        }
        self.entries
            .windows(2)
            .find(|w| w[0].0 == w[1].0)
            .map(|w| w[0].0)
    }
}

/// In a JSON Schema an `IdMap` is what it serializes to: an object from ids to values.
#[cfg(not(target_arch = "wasm32"))]
impl<V: schemars::JsonSchema> schemars::JsonSchema for IdMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <std::collections::BTreeMap<String, V>>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <std::collections::BTreeMap<String, V>>::json_schema(generator)
    }

    fn inline_schema() -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_finds_positions_and_duplicates() {
        let ids = ["b", "a", "c", "a"];
        let index = IdIndex::new(ids.iter().copied());
        assert_eq!(index.get("a"), Some(1));
        assert_eq!(index.get("c"), Some(2));
        assert_eq!(index.get("z"), None);
        assert_eq!(index.duplicate(), Some("a"));
        assert_eq!(IdIndex::new(["x", "y"].into_iter()).duplicate(), None);
        // Past the short length the index is sorted: the same answers.
        let many: Vec<String> = (0..40).rev().map(|i| format!("id{i}")).collect();
        let index = IdIndex::new(many.iter().map(String::as_str));
        assert_eq!(index.get("id39"), Some(0));
        assert_eq!(index.get("id0"), Some(39));
        assert_eq!(index.get("id40"), None);
        assert_eq!(index.duplicate(), None);
        let twice = IdIndex::new(many.iter().map(String::as_str).chain(["id7"]));
        assert_eq!(twice.duplicate(), Some("id7"));
        assert_eq!(twice.get("id7"), Some(32));
    }

    #[test]
    fn map_keeps_order_and_replaces_in_place() {
        let mut m = IdMap::new();
        m.insert("b".to_string(), 1);
        m.insert("a".to_string(), 2);
        assert_eq!(m.insert("b".to_string(), 3), Some(1));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"b":3,"a":2}"#);
        assert_eq!(m.remove("b"), Some(3));
        assert_eq!(m.len(), 1);
    }
}
