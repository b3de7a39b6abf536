//! Compiles the built-in catalog (src/catalog/data/) into static data, so that no JSON text
//! is parsed at run time (the first `catalog()` call in the browser cost 26–34 ms).
//!
//! The data is the JSON documents as compact bytes, in document order: each value is a
//! small number (null, false, true, number, array, object, string), arrays and objects end
//! with a marker, and a string is either new, the next one of a text of all new strings
//! (each ended by a NUL), or a reference to an earlier string of the same document. At run
//! time
//! `src/catalog/builtin.rs` turns the bytes back into the JSON tree and reads it with the
//! same reader as user catalogs (src/catalog/read.rs). So this script knows nothing of the
//! catalog's fields: a field added to the data and the reader flows through with no change
//! here, and a test (tests/catalog.rs) checks that the compiled catalog equals the JSON
//! document read at test time.
//!
//! Why a build script and not a committed generated file: the data file stays the one
//! source to edit, and nothing can go stale. Why bytes and not Rust code building the
//! structs: code per field would cost tens of kilobytes of wasm. Why this form: new strings
//! taken in order need no number, end markers rather than lengths and the structure apart
//! from the text keep the repeated shapes of the data (the same keys in the same order for
//! every risk) as repeated bytes, which is what gzip and brotli take out; and the text is a
//! `str`, so reading it needs no UTF-8 check. The two are 39 KB raw and compress below the
//! same data as minified JSON (14.9 KB gzip against 16.0; the former u16 tokens over a
//! string table were 18.7).
//!
//! With the cargo feature `split-texts` (which the wasm binding turns on) the long texts,
//! the `description` and `implementation` of each component, risk and control, are left
//! out (as empty strings): the page loads them after its first paint
//! (`catalog::load_texts`, from the texts document `ai-risk-map catalog --format texts`
//! writes). The short descriptions of stages and deployment models stay: the first view
//! shows them.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

// The heads of the values (src/catalog/builtin.rs reads the same numbers). A string is a
// new one, the next in the text, or a reference to one seen before in the same document
// by its position among the new ones.
const NULL: usize = 0;
const FALSE: usize = 1;
const TRUE: usize = 2;
/// Followed by the string of its digits.
const NUMBER: usize = 3;
/// Followed by its items and [`END_ARRAY`].
const ARRAY: usize = 4;
/// Followed by its members, each a key then a value, and a zero.
const OBJECT: usize = 5;
const END_ARRAY: usize = 6;
/// A value string: its head is this plus the string's own head (0 new, n + 1 the n-th).
const STRING: usize = 7;
/// An object key: its head is this plus the string's own head (0 ends the object).
const KEY: usize = 1;

/// The lists whose items lose their long texts under `split-texts`, and those members (the
/// engine keeps the same two lists in src/catalog/builtin.rs).
const SPLIT_LISTS: [&str; 3] = ["components", "risks", "controls"];
const LONG_TEXTS: [&str; 2] = ["description", "implementation"];

#[derive(Default)]
struct Out {
    bytes: Vec<u8>,
    /// The new strings, each ended by a NUL character, in the order met.
    text: String,
    /// The strings of the current document, by position among the new ones.
    ids: HashMap<String, usize>,
}

impl Out {
    /// A number in 7-bit groups, low group first, the high bit marking that more follow.
    fn varint(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.bytes.push((n & 0x7f) as u8 | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    fn string(&mut self, base: usize, s: &str) {
        if let Some(&id) = self.ids.get(s) {
            return self.varint(base + 1 + id);
        }
        assert!(
            !s.contains('\0'),
            "the catalog's strings hold no NUL character"
        );
        self.ids.insert(s.to_string(), self.ids.len());
        self.varint(base);
        self.text.push_str(s);
        self.text.push('\0');
    }
}

/// Writes one JSON value, in document order (serde_json hands map entries to `visit_map` in
/// the order it reads them). `depth` is the nesting level of the value.
struct Emit<'a> {
    out: &'a mut Out,
    depth: usize,
    /// Whether to leave out the long texts of the items of this value (a split list).
    split: bool,
}

impl<'de> DeserializeSeed<'de> for Emit<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Emit<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.out.varint(NULL);
        Ok(())
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.out.varint(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.out.varint(NUMBER);
        self.out.string(0, &v.to_string());
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.out.varint(NUMBER);
        self.out.string(0, &v.to_string());
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom("the catalog holds no fractional numbers"))
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.out.string(STRING, v);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.out.varint(ARRAY);
        loop {
            let item = Emit {
                out: &mut *self.out,
                depth: self.depth + 1,
                split: self.split,
            };
            if seq.next_element_seed(item)?.is_none() {
                break;
            }
        }
        self.out.varint(END_ARRAY);
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.out.varint(OBJECT);
        while let Some(key) = map.next_key::<String>()? {
            self.out.string(KEY, &key);
            // The items of the top-level lists (components, risks...) are at depth 2. A long
            // text left out stays as an empty string, as the engine writes a catalog without
            // it, so that the data remains the text of `catalog()` (src/catalog/builtin.rs).
            if self.split && self.depth == 2 && LONG_TEXTS.contains(&key.as_str()) {
                map.next_value::<serde::de::IgnoredAny>()?;
                self.out.string(STRING, "");
                continue;
            }
            let value = Emit {
                out: &mut *self.out,
                depth: self.depth + 1,
                split: self.split && (self.depth > 0 || SPLIT_LISTS.contains(&key.as_str())),
            };
            map.next_value_seed(value)?;
        }
        self.out.varint(0);
        Ok(())
    }
}

/// The length of the document as compact JSON text, as the engine writes it from the data
/// (with the long texts empty under `split-texts`), so that it is written into a buffer of
/// the right size. serde_json escapes as the engine does, and the length does not depend on
/// the order of members, which serde_json's maps do not keep.
fn compact_len(text: &str, split: bool) -> usize {
    let mut document: serde_json::Value = serde_json::from_str(text).expect("the catalog data");
    if split {
        for list in SPLIT_LISTS {
            for item in document[list].as_array_mut().into_iter().flatten() {
                for member in LONG_TEXTS {
                    if let Some(text) = item.get_mut(member) {
                        *text = "".into();
                    }
                }
            }
        }
    }
    document.to_string().len()
}

fn main() {
    let split = std::env::var_os("CARGO_FEATURE_SPLIT_TEXTS").is_some();
    let mut out = Out::default();
    let mut roots = String::new();
    for (name, file) in [
        ("DASF_2_0", "src/catalog/data/dasf-2.0.json"),
        (
            "DASF_1_0_PROVENANCE",
            "src/catalog/data/dasf-1.0-provenance.json",
        ),
    ] {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        if name == "DASF_2_0" {
            // Names the data this build was compiled from, so that a texts document from
            // another build is refused (FNV-1a, 64 bits: a fingerprint, not a defence).
            let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            let _ = writeln!(roots, "pub const FINGERPRINT: &str = \"{hash:016x}\";");
            let _ = writeln!(
                roots,
                "pub const DASF_2_0_TEXT_LEN: usize = {};",
                compact_len(&text, split)
            );
        }
        let start = (out.bytes.len(), out.text.len());
        out.ids.clear();
        let mut de = serde_json::Deserializer::from_str(&text);
        Emit {
            out: &mut out,
            depth: 0,
            split: split && name == "DASF_2_0",
        }
        .deserialize(&mut de)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        de.end().unwrap_or_else(|e| panic!("{file}: {e}"));
        let _ = writeln!(roots, "pub const {name}: (usize, usize) = {start:?};");
    }
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = Path::new(&dir);
    let mut code = String::from("// Generated by build.rs from src/catalog/data/. Do not edit.\n");
    code += &roots;
    let _ = writeln!(code, "pub const SPLIT_TEXTS: bool = {split};");
    std::fs::write(dir.join("builtin_catalog.bin"), &out.bytes).expect("write OUT_DIR");
    std::fs::write(dir.join("builtin_catalog.txt"), &out.text).expect("write OUT_DIR");
    std::fs::write(dir.join("builtin_catalog.rs"), code).expect("write OUT_DIR");
    println!("cargo:rerun-if-changed=build.rs");
}
