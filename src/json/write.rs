//! JSON text from the engine's `Serialize` types: the one writer every face uses (the wasm
//! binding, the session's answers, the CLI, the saved documents).
//!
//! Why not serde_json's serializer: its error type is a boxed error that every field of every
//! derived `Serialize` impl checks and forwards, and that code, repeated per type, made up a
//! tenth of the wasm. The engine's types cannot fail to serialise (string keys, no custom
//! impls that refuse), so this writer's error type has no values: the compiler then drops
//! every error branch of the derived code. The text is byte for byte what
//! `serde_json::to_string` writes (the tests compare them), floats included: both format them
//! with zmij, the shortest text that reads back as the same number.

use std::fmt;

use serde::ser::{self, Serialize};

/// The value as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// Append the value's compact JSON text to `out`.
pub fn write<T: Serialize + ?Sized>(value: &T, out: &mut String) {
    match value.serialize(&mut Writer { out }) {
        Ok(()) => {}
        Err(never) => match never {},
    }
}

/// Append `text` as a JSON string, quotes included: `"`, `\` and the control characters
/// escaped, the rest (non-ASCII included) as it is, as serde_json writes strings.
pub fn string(text: &str, out: &mut String) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping: nearly every text is plain, and
        // the wasm's baseline code (the page's first calls) pays for every loop turn.
        if let Some(word) = bytes.get(i..i + 8) {
            if !needs_escape(u64::from_le_bytes(word.try_into().unwrap_or([b'"'; 8]))) {
                i += 8;
                continue;
            }
        }
        let byte = bytes[i];
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => {
                i += 1;
                continue;
            }
        };
        // `i` is at an ASCII byte, so both ends are character boundaries; `get` rather than
        // indexing keeps a panic path (and its formatting code) out of the wasm.
        out.push_str(text.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
        i += 1;
        start = i;
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out.push('"');
}

/// Whether any of the eight bytes of `word` must be escaped in a JSON string: a control
/// character, `"` or `\`. (The classic test for a zero byte, `(v - 0x01..) & !v & 0x80..`,
/// which is exact as a whole; below 0x20 is the same test against 0x20.)
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGH_BITS;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash != 0
}

/// A whole number as JSON (also what the session writes for list positions, without going
/// through serde).
pub fn unsigned(mut value: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    // ASCII digits: one push of the run (a push per char encodes each as UTF-8).
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

fn signed(value: i64, out: &mut String) {
    if value < 0 {
        out.push('-');
    }
    unsigned(value.unsigned_abs(), out);
}

/// A float as its shortest text that reads back as the same number (zmij, as serde_json);
/// JSON has no NaN or infinity, and serde_json writes them as null, as this does.
fn float<F: zmij::Float>(value: F, finite: bool, out: &mut String) {
    if finite {
        out.push_str(zmij::Buffer::new().format_finite(value));
    } else {
        out.push_str("null");
    }
}

/// The error of a serialisation that cannot fail: it has no values.
#[derive(Debug)]
pub enum Never {}

impl fmt::Display for Never {
    fn fmt(&self, _: &mut fmt::Formatter) -> fmt::Result {
        match *self {}
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: fmt::Display>(_: T) -> Self {
        // Only a hand-written `Serialize` impl that refuses its value calls this, and the
        // engine has none (its maps are keyed by ids, its numbers are plain); reaching it is
        // a bug in the engine, not in anyone's input.
        std::process::abort()
    }
}

struct Writer<'o> {
    out: &'o mut String,
}

/// A JSON array or object being written; `close` ends it (`]`, `}`, or with the extra `}`
/// of an enum variant's wrapping object).
pub struct Compound<'w, 'o> {
    writer: &'w mut Writer<'o>,
    first: bool,
    close: &'static str,
}

impl<'w, 'o> Compound<'w, 'o> {
    fn open(writer: &'w mut Writer<'o>, open: &str, close: &'static str) -> Self {
        writer.out.push_str(open);
        Compound {
            writer,
            first: true,
            close,
        }
    }

    fn separate(&mut self) {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.separate();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Never> {
        self.separate();
        string(key, self.writer.out);
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result<(), Never> {
        self.writer.out.push_str(self.close);
        Ok(())
    }
}

impl<'w, 'o> ser::Serializer for &'w mut Writer<'o> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Compound<'w, 'o>;
    type SerializeTuple = Compound<'w, 'o>;
    type SerializeTupleStruct = Compound<'w, 'o>;
    type SerializeTupleVariant = Compound<'w, 'o>;
    type SerializeMap = Compound<'w, 'o>;
    type SerializeStruct = Compound<'w, 'o>;
    type SerializeStructVariant = Compound<'w, 'o>;

    fn serialize_bool(self, value: bool) -> Result<(), Never> {
        self.out.push_str(if value { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, value: i8) -> Result<(), Never> {
        self.serialize_i64(value.into())
    }
    fn serialize_i16(self, value: i16) -> Result<(), Never> {
        self.serialize_i64(value.into())
    }
    fn serialize_i32(self, value: i32) -> Result<(), Never> {
        self.serialize_i64(value.into())
    }
    fn serialize_i64(self, value: i64) -> Result<(), Never> {
        signed(value, self.out);
        Ok(())
    }
    fn serialize_u8(self, value: u8) -> Result<(), Never> {
        self.serialize_u64(value.into())
    }
    fn serialize_u16(self, value: u16) -> Result<(), Never> {
        self.serialize_u64(value.into())
    }
    fn serialize_u32(self, value: u32) -> Result<(), Never> {
        self.serialize_u64(value.into())
    }
    fn serialize_u64(self, value: u64) -> Result<(), Never> {
        unsigned(value, self.out);
        Ok(())
    }
    fn serialize_f32(self, value: f32) -> Result<(), Never> {
        // As serde_json: an f32 keeps its own shortest text ("0.1", not "0.10000000149011612").
        float(value, value.is_finite(), self.out);
        Ok(())
    }
    fn serialize_f64(self, value: f64) -> Result<(), Never> {
        float(value, value.is_finite(), self.out);
        Ok(())
    }
    fn serialize_char(self, value: char) -> Result<(), Never> {
        string(value.encode_utf8(&mut [0; 4]), self.out);
        Ok(())
    }
    fn serialize_str(self, value: &str) -> Result<(), Never> {
        string(value, self.out);
        Ok(())
    }
    fn serialize_bytes(self, value: &[u8]) -> Result<(), Never> {
        // As serde_json: an array of numbers.
        let mut list = Compound::open(self, "[", "]");
        for byte in value {
            list.element(byte)?;
        }
        list.close()
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Never> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        let mut object = Compound::open(self, "{", "}");
        object.field(variant, value)?;
        object.close()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w, 'o>, Never> {
        Ok(Compound::open(self, "[", "]"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'w, 'o>, Never> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'w, 'o>, Never> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'o>, Never> {
        self.out.push('{');
        string(variant, self.out);
        Ok(Compound::open(self, ":[", "]}"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w, 'o>, Never> {
        Ok(Compound::open(self, "{", "}"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'w, 'o>, Never> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'o>, Never> {
        self.out.push('{');
        string(variant, self.out);
        Ok(Compound::open(self, ":{", "}}"))
    }
}

// Arrays: sequences, tuples and tuple variants write their elements alike.
macro_rules! arrays {
    ($($kind:ident => $method:ident),*) => {$(
        impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                self.element(value)
            }
            fn end(self) -> Result<(), Never> {
                self.close()
            }
        }
    )*};
}
arrays!(
    SerializeSeq => serialize_element,
    SerializeTuple => serialize_element,
    SerializeTupleStruct => serialize_field,
    SerializeTupleVariant => serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        // The engine's maps are keyed by ids, which are strings, so a key written as a value
        // is already a JSON string.
        self.element(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Never> {
        self.close()
    }
}

// Objects with named fields: structs and struct variants.
macro_rules! objects {
    ($($kind:ident),*) => {$(
        impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Never> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Never> {
                self.close()
            }
        }
    )*};
}
objects!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn same<T: Serialize + ?Sized>(value: &T) {
        assert_eq!(to_string(value), serde_json::to_string(value).unwrap());
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_control = String::new();
        for c in 0u8..0x20 {
            every_control.push(char::from(c));
        }
        for text in [
            "",
            "plain",
            "quote \" backslash \\ slash / del \u{7f}",
            &every_control,
            "é 漢字 🦀 \u{2028}\u{2029}",
            "\"",
            "ends with a newline\n",
        ] {
            same(text);
        }
    }

    /// Every character that needs escaping, at every place in and around the eight-byte
    /// words the writer skips over, next to multi-byte characters too.
    #[test]
    fn escapes_are_found_anywhere_in_a_word() {
        let specials = [
            '"', '\\', '\n', '\u{0}', '\u{1f}', '\u{7f}', 'é', '🦀', ' ', '!', '#', '[', ']',
        ];
        for len in 0..20 {
            for at in 0..len {
                for c in specials {
                    let mut text: String = "abcdefghijklmnopqrstu".chars().take(len).collect();
                    text.replace_range(at..at + 1, c.encode_utf8(&mut [0; 4]));
                    same(&text);
                }
            }
        }
        // Every byte at every place of a word, among plain ASCII and among UTF-8 bytes.
        for filler in [b'a', b' ', 0x80, 0xff] {
            for at in 0..8 {
                for byte in 0..=255u8 {
                    let mut word = [filler; 8];
                    word[at] = byte;
                    let escape = byte < 0x20 || byte == b'"' || byte == b'\\';
                    assert_eq!(needs_escape(u64::from_le_bytes(word)), escape, "{word:?}");
                }
            }
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for n in [0u64, 1, 9, 10, 99, 100, 12345, u64::MAX] {
            same(&n);
        }
        for n in [0i64, -1, -10, 42, i64::MIN, i64::MAX] {
            same(&n);
        }
        same(&-7i8);
        same(&65535u16);
        for x in [
            0.0,
            -0.0,
            1.0,
            0.1,
            1.0 / 3.0,
            2.0 / 3.0,
            12.5,
            1e21,
            1e-7,
            123456789.123,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
        ] {
            same(&x);
        }
        same(&0.1f32);
        same(&f32::NEG_INFINITY);
    }

    #[test]
    fn containers_and_enums_are_written_as_serde_json_writes_them() {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Item<'a> {
            id: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<&'a str>,
            score: Option<f64>,
            tags: Vec<&'a str>,
            nothing: (),
            pair: (u8, bool),
            by_key: BTreeMap<&'a str, i32>,
            shapes: Vec<Shape>,
            letter: char,
            bytes: &'a [u8],
        }
        #[derive(serde::Serialize)]
        enum Shape {
            Unit,
            Newtype(u32),
            Tuple(u8, u8),
            Struct { side: f64 },
        }
        let mut by_key = BTreeMap::new();
        by_key.insert("a\"b", -1);
        by_key.insert("c", 2);
        let item = Item {
            id: "DASF 1",
            note: None,
            score: Some(0.25),
            tags: vec!["x", "y\n"],
            nothing: (),
            pair: (3, true),
            by_key,
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(1, 2),
                Shape::Struct { side: 1.5 },
            ],
            letter: '\u{1}',
            bytes: b"ab",
        };
        same(&item);
        same(&[Some(1), None]);
        same(&Vec::<u8>::new());
        same(&BTreeMap::<String, u8>::new());
        let mut buffer = String::from("kept ");
        write(&true, &mut buffer);
        assert_eq!(buffer, "kept true");
    }
}
