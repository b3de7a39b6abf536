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

/// Positions of ids in a list, for lookups in O(1): catalogs can be large (the benchmark uses
/// one a thousand times the size of DASF), and a session looks a few hundred ids up on every
/// edit. A small open-addressing table of positions, rather than a `HashMap`, keeps the wasm
/// small; a binary search by text, before it, was a twentieth of an edit. A short list is
/// searched in place: the members of each object a document holds are checked with an
/// index, and for those few (a dozen at most in a catalog) a table cost more than the rest of
/// reading them.
#[derive(Debug, Clone)]
pub struct IdIndex<'a> {
    /// The ids, by position.
    ids: Vec<&'a str>,
    /// Past `SHORT` ids: position + 1 of the id whose hash picks the slot (or the next free
    /// one after it), 0 for a free slot; twice as many slots as ids, a power of two.
    slots: Vec<u32>,
    /// The position of the first id met a second time.
    repeated: Option<usize>,
}

/// Up to this many ids, an index is searched in place: at most this many comparisons per
/// lookup, and fewer than this squared to find a duplicate.
const SHORT: usize = 16;

impl<'a> IdIndex<'a> {
    pub fn new(ids: impl Iterator<Item = &'a str>) -> Self {
        // Only this line is generic; the table is built by a function of its own, in the
        // wasm once. As one generic function collecting and indexing, it was copied into
        // each caller for each kind of list indexed: 9 KB of the wasm in all.
        IdIndex::of(ids.collect())
    }

    fn of(ids: Vec<&'a str>) -> Self {
        let mut index = IdIndex {
            ids,
            slots: Vec::new(),
            repeated: None,
        };
        if index.ids.len() <= SHORT {
            let ids = &index.ids;
            index.repeated = (1..ids.len()).find(|&i| ids[..i].contains(&ids[i]));
            return index;
        }
        // Positions fit in u32: no document under the size limit holds 4 billion ids.
        index.slots = vec![0; (2 * index.ids.len()).next_power_of_two()];
        for at in 0..index.ids.len() {
            let slot = index.slot(index.ids[at]);
            if index.slots[slot] == 0 {
                index.slots[slot] = at as u32 + 1;
            } else if index.repeated.is_none() {
                index.repeated = Some(at);
            }
        }
        index
    }

    /// The slot holding `id`, or the free one where it would go.
    fn slot(&self, id: &str) -> usize {
        // FNV-1a over the bytes, its high bits spread by a multiplication: ids are short.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &byte in id.as_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        let mask = self.slots.len() - 1;
        let mut i = (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask;
        loop {
            match self.slots[i] {
                0 => return i,
                at if self.ids[at as usize - 1] == id => return i,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The position of `id` (of its first occurrence).
    pub fn get(&self, id: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return self.ids.iter().position(|k| *k == id);
        }
        match self.slots[self.slot(id)] {
            0 => None,
            at => Some(at as usize - 1),
        }
    }

    /// How many ids the index holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// An id that appears more than once, if any: the first one met again, in list order.
    pub fn duplicate(&self) -> Option<&'a str> {
        self.repeated.map(|at| self.ids[at])
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
        // Past the short length the index is a table: the same answers.
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
