//! Compiles the built-in catalog (src/catalog/data/) into static data, so that no JSON text
//! is parsed at run time (the first `catalog()` call in the browser cost 26–34 ms).
//!
//! The data is the JSON documents as a stream of small tokens (null, booleans, numbers,
//! strings, arrays and objects with their lengths) over one table of distinct strings, in
//! document order. At run time `src/catalog/builtin.rs` turns the tokens back into the JSON
//! tree and reads it with the same reader as user catalogs (src/catalog/read.rs). So this
//! script knows nothing of the catalog's fields: a field added to the data and the reader
//! flows through with no change here, and a test (tests/catalog.rs) checks that the
//! compiled catalog equals the JSON document read at test time.
//!
//! Why a build script and not a committed generated file: the data file stays the one
//! source to edit, and nothing can go stale. Why tokens and not Rust code building the
//! structs: code per field would cost tens of kilobytes of wasm; the tokens cost two bytes
//! each, and a 30-line decoder.
//!
//! With the cargo feature `split-texts` (which the wasm binding turns on) the long texts,
//! the `description` and `implementation` of each component, risk and control, are left
//! out: the page loads them after its first paint (`catalog::load_texts`, from the texts
//! document `ai-risk-map catalog --format texts` writes). The short descriptions of stages
//! and deployment models stay: the first view shows them.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

const NULL: u16 = 0;
const FALSE: u16 = 1;
const TRUE: u16 = 2;
const NUMBER: u16 = 3;
const STRING: u16 = 4;
const ARRAY: u16 = 5;
const OBJECT: u16 = 6;

/// The lists whose items lose their long texts under `split-texts`, and those members (the
/// engine keeps the same two lists in src/catalog/builtin.rs).
const SPLIT_LISTS: [&str; 3] = ["components", "risks", "controls"];
const LONG_TEXTS: [&str; 2] = ["description", "implementation"];

#[derive(Default)]
struct Out {
    tokens: Vec<u16>,
    strings: Vec<String>,
    ids: HashMap<String, u16>,
}

impl Out {
    fn string(&mut self, s: &str) -> u16 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u16::try_from(self.strings.len()).expect("fewer than 65,536 distinct strings");
        self.strings.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }

    fn len(n: usize) -> u16 {
        u16::try_from(n).expect("arrays and objects of fewer than 65,536 items")
    }
}

/// Writes one JSON value as tokens, in document order (serde_json hands map entries to
/// `visit_map` in the order it reads them). `depth` is the nesting level of the value.
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
        self.out.tokens.push(NULL);
        Ok(())
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.out.tokens.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        let s = self.out.string(&v.to_string());
        self.out.tokens.extend([NUMBER, s]);
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        let s = self.out.string(&v.to_string());
        self.out.tokens.extend([NUMBER, s]);
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom("the catalog holds no fractional numbers"))
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        let s = self.out.string(v);
        self.out.tokens.extend([STRING, s]);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let at = self.out.tokens.len();
        self.out.tokens.extend([ARRAY, 0]);
        let mut n = 0;
        loop {
            let item = Emit {
                out: &mut *self.out,
                depth: self.depth + 1,
                split: self.split,
            };
            if seq.next_element_seed(item)?.is_none() {
                break;
            }
            n += 1;
        }
        self.out.tokens[at + 1] = Out::len(n);
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let at = self.out.tokens.len();
        self.out.tokens.extend([OBJECT, 0]);
        let mut n = 0;
        while let Some(key) = map.next_key::<String>()? {
            // The items of the top-level lists (components, risks...) are at depth 2.
            if self.split && self.depth == 2 && LONG_TEXTS.contains(&key.as_str()) {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            let k = self.out.string(&key);
            self.out.tokens.push(k);
            let value = Emit {
                out: &mut *self.out,
                depth: self.depth + 1,
                split: self.split && (self.depth > 0 || SPLIT_LISTS.contains(&key.as_str())),
            };
            map.next_value_seed(value)?;
            n += 1;
        }
        self.out.tokens[at + 1] = Out::len(n);
        Ok(())
    }
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
        }
        let start = out.tokens.len();
        let mut de = serde_json::Deserializer::from_str(&text);
        Emit {
            out: &mut out,
            depth: 0,
            split: split && name == "DASF_2_0",
        }
        .deserialize(&mut de)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        de.end().unwrap_or_else(|e| panic!("{file}: {e}"));
        let _ = writeln!(roots, "pub const {name}: usize = {start};");
    }
    let mut code = String::from("// Generated by build.rs from src/catalog/data/. Do not edit.\n");
    code += &roots;
    let _ = writeln!(code, "pub const SPLIT_TEXTS: bool = {split};");
    // One string with every distinct string, and the length of each (lengths compress better
    // than offsets; the reader adds them up once).
    let mut text = String::new();
    let mut lengths = Vec::with_capacity(out.strings.len());
    for s in &out.strings {
        text.push_str(s);
        lengths.push(u16::try_from(s.len()).expect("strings under 64 KiB"));
    }
    let _ = writeln!(code, "pub static TEXT: &str = {text:?};");
    let _ = writeln!(
        code,
        "pub static LENGTHS: [u16; {}] = {lengths:?};",
        lengths.len()
    );
    let _ = writeln!(
        code,
        "pub static TOKENS: [u16; {}] = {:?};",
        out.tokens.len(),
        out.tokens
    );
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("builtin_catalog.rs"), code).expect("write OUT_DIR");
    println!("cargo:rerun-if-changed=build.rs");
}
