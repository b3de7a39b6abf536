//! A small JSON reader, and typed field access that names the JSON path of every error.
//!
//! Why not serde's `Deserialize`: derived deserializers are generic code instantiated per
//! type, which made up a third of the wasm; this reader is one non-generic parser plus a
//! few accessors, and it knows the path of every value, so errors say exactly where they
//! are. Writing JSON still goes through serde (`Serialize`).

pub mod write;

use crate::error::{Error, Path, Result, Segment};
use crate::idmap::{IdIndex, IdMap};
use crate::limits::MAX_DEPTH;

/// A parsed JSON value. Objects keep their members in document order; numbers keep their
/// text, since documents only hold small integers and floats need no parsing here.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Text),
    String(Text),
    Array(Vec<Json>),
    Object(Vec<(Text, Json)>),
}

/// The text of a JSON string, number or member name: borrowed from the program for the
/// built-in catalog (its decoder takes its strings from static text, with no copy to make
/// and free), owned when read from a document.
pub type Text = std::borrow::Cow<'static, str>;

impl Json {
    /// What kind of value this is, for messages ("a string", "an array").
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// The value as compact JSON text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            // As read: the reader checked the number's syntax.
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write::string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write::string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The value as a short quote for messages: strings and numbers as written, others by kind.
    fn quote(&self) -> String {
        match self {
            Json::String(s) => format!(
                "\"{}\"",
                crate::limits::excerpt(s)
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
            ),
            Json::Number(n) => n.to_string(),
            Json::Bool(b) => b.to_string(),
            other => other.kind().to_string(),
        }
    }
}

/// Compact JSON text (as `serde_json::to_string` writes it: no space outside strings)
/// laid out as `serde_json::to_string_pretty` would, byte for byte. Why not that function:
/// it instantiates every `Serialize` impl a second time for its formatter, kilobytes of
/// the wasm for one layout of the same text.
pub fn pretty(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    out.push(c);
                    match c {
                        '\\' => out.extend(chars.next()),
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.next_if_eq(&close).is_some() {
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// Parse JSON text. Syntax errors give the line and column.
pub fn parse(text: &str) -> Result<Json> {
    parse_with(text, false)
}

/// [`parse`], reading a lone surrogate escape (`"\ud800"`, which is no Unicode text, but
/// which JavaScript strings can hold and `JSON.stringify` writes) as U+FFFD: for finding out
/// where in a document such a text was headed, after [`parse`] refused it.
pub fn parse_lossy(text: &str) -> Result<Json> {
    parse_with(text, true)
}

fn parse_with(text: &str, lossy: bool) -> Result<Json> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        depth: 0,
        trail: Vec::new(),
        lossy,
    };
    p.skip_space();
    let value = match p.value() {
        Ok(value) => value,
        Err(Error::Syntax {
            line,
            column,
            message,
            ..
        }) => {
            return Err(Error::Syntax {
                line,
                column,
                path: Path::from_innermost_first(p.trail),
                message,
            })
        }
        Err(other) => return Err(other),
    };
    p.skip_space();
    if p.pos < p.bytes.len() {
        return Err(p.error("trailing characters after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
    /// After an error: the members and items it is inside, innermost first, each pushed as
    /// the reader comes back out of it (nothing is kept on the way in, so reading a valid
    /// document pays nothing for the paths of errors).
    trail: Vec<Segment>,
    /// Read a lone surrogate as U+FFFD rather than refuse it.
    lossy: bool,
}

/// What [`parse`] says of a lone surrogate escape.
pub const LONE_SURROGATE: &str = "lone surrogate in a \\u escape";

impl Parser<'_> {
    fn error(&self, message: &str) -> Error {
        let before = &self.text.as_bytes()[..self.pos.min(self.bytes.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        // Characters, counted as the bytes that start one (not `from_utf8_lossy`, whose
        // code the wasm would carry for this one count).
        let column = before[line_start..]
            .iter()
            .filter(|b| (**b as i8) >= -0x40)
            .count()
            + 1;
        Error::Syntax {
            line,
            column,
            path: Path::root(),
            message: message.to_string(),
        }
    }

    /// The text from `start` to here. Both are at ASCII bytes; `get` rather than indexing
    /// because a failed str index formats its panic with `char`'s Debug, whose code and
    /// Unicode tables the wasm would carry for nothing else.
    fn slice(&self, start: usize) -> &str {
        self.text.get(start..self.pos).unwrap_or_default()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> bool {
        if self.bytes[self.pos..].starts_with(literal.as_bytes()) {
            self.pos += literal.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Json> {
        match self.bytes.get(self.pos) {
            None => Err(self.error("unexpected end of input, expected a value")),
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => Ok(Json::String(self.string()?.into())),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ if self.eat("true") => Ok(Json::Bool(true)),
            _ if self.eat("false") => Ok(Json::Bool(false)),
            _ if self.eat("null") => Ok(Json::Null),
            Some(_) => {
                Err(self
                    .error("expected a value (object, array, string, number, true, false or null)"))
            }
        }
    }

    fn nested(&mut self, inner: fn(&mut Self) -> Result<Json>) -> Result<Json> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::TooLarge {
                what: "the nesting depth of the document".into(),
                size: self.depth,
                limit: MAX_DEPTH,
            });
        }
        let value = inner(self);
        self.depth -= 1;
        value
    }

    fn object(&mut self) -> Result<Json> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.eat("}") {
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_space();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a member name in double quotes"));
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(":") {
                return Err(self.error("expected `:` after the member name"));
            }
            self.skip_space();
            let value = match self.value() {
                Ok(value) => value,
                Err(err) => {
                    self.trail.push(Segment::Key(key));
                    return Err(err);
                }
            };
            members.push((key.into(), value));
            self.skip_space();
            if self.eat(",") {
                continue;
            }
            if self.eat("}") {
                return Ok(Json::Object(members));
            }
            return Err(self.error("expected `,` or `}` after an object member"));
        }
    }

    fn array(&mut self) -> Result<Json> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat("]") {
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_space();
            match self.value() {
                Ok(value) => items.push(value),
                Err(err) => {
                    self.trail.push(Segment::Index(items.len()));
                    return Err(err);
                }
            }
            self.skip_space();
            if self.eat(",") {
                continue;
            }
            if self.eat("]") {
                return Ok(Json::Array(items));
            }
            return Err(self.error("expected `,` or `]` after an array item"));
        }
    }

    fn number(&mut self) -> Result<Json> {
        let start = self.pos;
        self.eat("-");
        let digits = |p: &mut Self| {
            let s = p.pos;
            while let Some(b'0'..=b'9') = p.bytes.get(p.pos) {
                p.pos += 1;
            }
            p.pos > s
        };
        let leading_zero = self.bytes.get(self.pos) == Some(&b'0');
        if !digits(self) {
            return Err(self.error("expected digits in a number"));
        }
        if leading_zero && self.pos - start > 1 + usize::from(self.bytes[start] == b'-') {
            return Err(self.error("a number may not start with 0"));
        }
        if self.eat(".") && !digits(self) {
            return Err(self.error("expected digits after the decimal point"));
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("expected digits in the exponent"));
            }
        }
        Ok(Json::Number(self.slice(start).to_string().into()))
    }

    fn string(&mut self) -> Result<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // Splitting at ASCII bytes keeps UTF-8 sequences whole.
            out.push_str(self.slice(start));
            match self.bytes.get(self.pos) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape in a string")),
                    };
                    self.pos += 1;
                    out.push(escaped);
                }
                Some(_) => return Err(self.error("control character in a string: escape it")),
            }
        }
    }

    /// After `\u`: four hex digits, and a second escape for a surrogate pair. A lone
    /// surrogate is refused rather than turned into a character that does not exist.
    fn unicode_escape(&mut self) -> Result<char> {
        let hex = |p: &mut Self| -> Result<u32> {
            // Checked digit by digit: `from_str_radix` alone would take a sign (`\u+041`).
            let digits = p
                .text
                .get(p.pos..p.pos + 4)
                .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
                .ok_or_else(|| p.error("expected four hex digits after \\u"))?;
            let v = u32::from_str_radix(digits, 16)
                .map_err(|_| p.error("expected four hex digits after \\u"))?;
            p.pos += 4;
            Ok(v)
        };
        let first = hex(self)?;
        let code = if (0xD800..0xDC00).contains(&first) {
            // A high surrogate not followed by an escaped low one is lone, whatever follows
            // (JavaScript writes two lone halves in a row as `\ud800\ud800`): what follows
            // is read on its own.
            let after = self.pos;
            let low = if self.eat("\\u") {
                Some(hex(self)?).filter(|low| (0xDC00..0xE000).contains(low))
            } else {
                None
            };
            let Some(second) = low else {
                self.pos = after;
                return match self.lossy {
                    true => Ok(char::REPLACEMENT_CHARACTER),
                    false => Err(self.error(LONE_SURROGATE)),
                };
            };
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None if self.lossy => Ok(char::REPLACEMENT_CHARACTER),
            None => Err(self.error(LONE_SURROGATE)),
        }
    }
}

fn shape(path: impl Into<Path>, message: String) -> Error {
    Error::Shape {
        path: path.into(),
        message,
    }
}

/// A type error at `path`: what was expected, and what was found.
pub fn expected(path: impl Into<Path>, what: &str, found: &Json) -> Error {
    // Only the conversion is generic: the message is written in the wasm once.
    fn expected_at(path: Path, what: &str, found: &Json) -> Error {
        shape(path, format!("expected {what}, found {}", found.quote()))
    }
    expected_at(path.into(), what, found)
}

/// A member name that appears twice in an object, if any. Objects of a few members (nearly
/// all: a catalog has thousands of them) are checked pair by pair, which needs no sorted copy
/// of their keys; larger ones (a map of a thousand risks) are sorted, so that the check never
/// takes quadratic time.
fn repeated_key(members: &[(Text, Json)]) -> Option<&str> {
    const PAIRWISE_UP_TO: usize = 12;
    if members.len() <= PAIRWISE_UP_TO {
        return members
            .iter()
            .enumerate()
            .find(|(i, (k, _))| members[..*i].iter().any(|(earlier, _)| earlier == k))
            .map(|(_, (k, _))| &**k);
    }
    IdIndex::new(members.iter().map(|(k, _)| &**k)).duplicate()
}

/// Where a value sits in a document, written out as a [`Path`] only when an error needs
/// it: a catalog holds thousands of objects and map entries, and writing out the path of
/// each cost more than reading it.
#[derive(Clone, Copy)]
pub enum At<'p> {
    /// A path already written out.
    Path(&'p Path),
    /// The member `key` of the object at the first.
    Member(&'p At<'p>, &'p str),
    /// The item `index` of the array at the first.
    Item(&'p At<'p>, usize),
}

impl From<At<'_>> for Path {
    fn from(at: At) -> Path {
        match at {
            At::Path(path) => path.clone(),
            At::Member(parent, key) => Path::from(*parent).key(key),
            At::Item(parent, index) => Path::from(*parent).index(index),
        }
    }
}

/// The path of a [`Fields`]: given written out, or where the object sits.
enum FieldsPath<'a> {
    Written(Path),
    At(At<'a>),
}

/// The members of an object, read field by field. Unknown and repeated members are errors,
/// so a typo (`"staus"`) is caught rather than silently ignored.
///
/// The accessors give values, not `Result`s: the first error met is kept, later reads give
/// defaults without looking, and [`Fields::finish`] (or [`Fields::ok`]) returns it. Why: a
/// `?` after each member made every reader carry a path dropping what it had read so far,
/// which came to more code in the wasm than the reading itself. The first error is the one
/// a reader stopping there would have given.
pub struct Fields<'a> {
    path: FieldsPath<'a>,
    members: &'a [(Text, Json)],
    taken: Vec<bool>,
    error: Option<Error>,
}

impl<'a> Fields<'a> {
    pub fn of(value: &'a Json, path: impl Into<Path>) -> Result<Fields<'a>> {
        Fields::read(value, FieldsPath::Written(path.into()))
    }

    /// [`Fields::of`] for an object whose path is written out only if an error needs it.
    pub fn at(value: &'a Json, at: At<'a>) -> Result<Fields<'a>> {
        Fields::read(value, FieldsPath::At(at))
    }

    fn read(value: &'a Json, path: FieldsPath<'a>) -> Result<Fields<'a>> {
        let Json::Object(members) = value else {
            return Err(expected(Fields::written(&path), "a JSON object", value));
        };
        if let Some(key) = repeated_key(members) {
            let path = Fields::written(&path).key(key);
            return Err(shape(path, "this member appears twice".into()));
        }
        Ok(Fields {
            path,
            members,
            taken: vec![false; members.len()],
            error: None,
        })
    }

    fn written(path: &FieldsPath) -> Path {
        match path {
            FieldsPath::Written(path) => path.clone(),
            FieldsPath::At(at) => Path::from(*at),
        }
    }

    /// Where this object sits, for the paths of its members.
    fn at_self(&self) -> At<'_> {
        match &self.path {
            FieldsPath::Written(path) => At::Path(path),
            FieldsPath::At(at) => *at,
        }
    }

    /// The path of this object.
    pub fn path(&self) -> Path {
        Fields::written(&self.path)
    }

    /// The path of a member of this object.
    pub fn path_of(&self, key: &str) -> Path {
        self.path().key(key)
    }

    /// A member, if present (null counts as absent).
    pub fn get(&mut self, key: &str) -> Option<&'a Json> {
        let i = self.members.iter().position(|(k, _)| k == key)?;
        self.taken[i] = true;
        match &self.members[i].1 {
            Json::Null => None,
            v => Some(v),
        }
    }

    /// Keep `err` unless an earlier error is kept already.
    pub fn fail(&mut self, err: Error) {
        if self.error.is_none() {
            self.error = Some(err);
        }
    }

    /// The error kept so far, if any (taken: reading goes on as if there was none).
    pub fn ok(&mut self) -> Result<()> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// Whether an error is kept: the accessors then give defaults without reading.
    fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// The value of a step that read a member, or `default` if it failed (kept).
    fn keep<T>(&mut self, result: Result<T>, default: T) -> T {
        result.unwrap_or_else(|err| {
            self.fail(err);
            default
        })
    }

    /// A required member. The error kept, if any, comes first: it was met first.
    pub fn required(&mut self, key: &str) -> Result<&'a Json> {
        self.ok()?;
        self.get(key)
            .ok_or_else(|| shape(self.path(), format!("missing field `{key}`")))
    }

    // The accessors below write a member's path out only for an error: reading a catalog
    // reads thousands of members, and building each path cost more than the rest.

    /// A required string.
    pub fn string(&mut self, key: &str) -> String {
        if self.failed() {
            return String::new();
        }
        let read = self.required(key).and_then(|v| match v {
            Json::String(s) => Ok(s.to_string()),
            v => as_string(v, self.path_of(key)),
        });
        self.keep(read, String::new())
    }

    /// An optional string; absent gives the empty string.
    pub fn text(&mut self, key: &str) -> String {
        self.opt_string(key).unwrap_or_default()
    }

    pub fn opt_string(&mut self, key: &str) -> Option<String> {
        if self.failed() {
            return None;
        }
        let read = match self.get(key) {
            Some(Json::String(s)) => Ok(Some(s.to_string())),
            Some(v) => as_string(v, self.path_of(key)).map(Some),
            None => Ok(None),
        };
        self.keep(read, None)
    }

    pub fn bool_or(&mut self, key: &str, default: bool) -> bool {
        if self.failed() {
            return default;
        }
        let read = match self.get(key) {
            None => Ok(default),
            Some(Json::Bool(b)) => Ok(*b),
            Some(v) => Err(expected(self.path_of(key), "true or false", v)),
        };
        self.keep(read, default)
    }

    /// An array of strings; absent gives an empty list.
    pub fn strings(&mut self, key: &str) -> Vec<String> {
        if self.failed() {
            return Vec::new();
        }
        let read = match self.get(key) {
            None => Ok(Vec::new()),
            Some(v) => as_strings(v, At::Member(&self.at_self(), key)),
        };
        self.keep(read, Vec::new())
    }

    /// A required member read by `read` with where it sits; `T::default()` if it fails.
    pub fn member<T: Default>(
        &mut self,
        key: &str,
        read: impl FnOnce(&Json, At) -> Result<T>,
    ) -> T {
        if self.failed() {
            return T::default();
        }
        let read = match self.required(key) {
            Ok(v) => read(v, At::Member(&self.at_self(), key)),
            Err(err) => Err(err),
        };
        self.keep(read, T::default())
    }

    /// The items of the required array `key`; none when it fails (the error kept). Not
    /// generic, unlike [`Fields::list`], so its code is in the wasm once.
    fn items(&mut self, key: &str) -> Option<&'a [Json]> {
        if self.failed() {
            return None;
        }
        match self.required(key) {
            Ok(Json::Array(items)) => Some(items),
            Ok(other) => {
                self.fail(expected(
                    At::Member(&self.at_self(), key),
                    "an array",
                    other,
                ));
                None
            }
            Err(err) => {
                self.fail(err);
                None
            }
        }
    }

    /// An array of objects, each read by `read` from its members, of which `known` are
    /// allowed (see [`Fields::finish`]). The object's own steps (checking it is an object,
    /// then that every member was known) are here rather than in each `read`: once in the
    /// wasm instead of once per item type.
    pub fn list<T>(
        &mut self,
        key: &str,
        known: &[&str],
        read: impl Fn(&mut Fields) -> T,
    ) -> Vec<T> {
        let Some(items) = self.items(key) else {
            return Vec::new();
        };
        let at = self.at_self();
        let list = At::Member(&at, key);
        // A loop, not `collect` into a `Result`: that adapter is instantiated per item
        // type, and came to more code in the wasm than the readers themselves.
        let mut out = Vec::with_capacity(items.len());
        for (index, v) in items.iter().enumerate() {
            let mut f = match Fields::at(v, At::Item(&list, index)) {
                Ok(f) => f,
                Err(err) => {
                    self.fail(err);
                    return Vec::new();
                }
            };
            let item = read(&mut f);
            if let Err(err) = f.finish(known) {
                self.fail(err);
                return Vec::new();
            }
            out.push(item);
        }
        out
    }

    /// The members of the object `key` (checked for repeats); none when it is absent or
    /// fails (the error kept). Not generic, unlike [`Fields::map`].
    fn entries(&mut self, key: &str) -> Option<&'a [(Text, Json)]> {
        if self.failed() {
            return None;
        }
        let v = self.get(key)?;
        let checked = Fields::at(v, At::Member(&self.at_self(), key)).map(|_| ());
        match (checked, v) {
            (Ok(()), Json::Object(members)) => Some(members),
            (Err(err), _) => {
                self.fail(err);
                None
            }
            (Ok(()), _) => None, // Fields::at takes objects only
        }
    }

    /// An object used as a map (`{"DASF 1": {...}}`), each value read by `read` with where it
    /// sits; absent gives an empty map. Order is the document's.
    pub fn map<T>(&mut self, key: &str, read: impl Fn(&Json, At) -> Result<T>) -> IdMap<T> {
        let Some(members) = self.entries(key) else {
            return IdMap::new();
        };
        let at = self.at_self();
        let map = At::Member(&at, key);
        let mut entries = Vec::with_capacity(members.len());
        for (k, v) in members {
            match read(v, At::Member(&map, k)) {
                Ok(value) => entries.push((k.to_string(), value)),
                Err(err) => {
                    self.fail(err);
                    return IdMap::new();
                }
            }
        }
        IdMap::from(entries)
    }

    /// A map of objects like [`Fields::map`], each read like the items of [`Fields::list`];
    /// but an entry that does not read is kept in `found` and left out, and reading goes on:
    /// every bad entry is reported (up to the cap), not only the first.
    pub(crate) fn map_all<T>(
        &mut self,
        key: &str,
        found: &mut crate::error::Collector,
        known: &[&str],
        read: impl Fn(&mut Fields) -> T,
    ) -> IdMap<T> {
        if self.failed() {
            return IdMap::new();
        }
        let path = self.path_of(key);
        let Some(v) = self.get(key) else {
            return IdMap::new();
        };
        let Some(mut fields) = found.take(Fields::of(v, &path)) else {
            return IdMap::new();
        };
        let members = fields.members;
        fields.taken.fill(true);
        let mut entries = Vec::with_capacity(members.len());
        for (k, v) in members {
            let Some(mut f) = found.take(Fields::of(v, path.key(k))) else {
                continue;
            };
            let value = read(&mut f);
            if found.take(f.finish(known)).is_some() {
                entries.push((k.to_string(), value));
            }
        }
        IdMap::from(entries)
    }

    /// A required string that must be one of `allowed`: its position there (0 if it fails).
    pub fn choice(&mut self, key: &str, allowed: &[&str]) -> usize {
        let value = self.string(key);
        if self.failed() {
            return 0;
        }
        if let Some(i) = allowed.iter().position(|a| *a == value) {
            return i;
        }
        self.fail(shape(
            self.path_of(key),
            format!(
                "unknown value `{}`, expected one of {}",
                crate::limits::excerpt(&value),
                backquoted(allowed)
            ),
        ));
        0
    }

    /// The error kept, if any; else check that every member was read: the first one that
    /// was not is an unknown field.
    pub fn finish(mut self, known: &[&str]) -> Result<()> {
        self.ok()?;
        if let Some(i) = self.taken.iter().position(|t| !t) {
            let key = &self.members[i].0;
            return Err(shape(
                self.path_of(key),
                format!(
                    "unknown field `{}`, expected one of {}",
                    crate::limits::excerpt(key),
                    backquoted(known)
                ),
            ));
        }
        Ok(())
    }
}

/// `names` for a message: each in backquotes, separated by commas.
fn backquoted(names: &[&str]) -> String {
    let mut list = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        list.push('`');
        list.push_str(name);
        list.push('`');
    }
    list
}

pub fn as_string(value: &Json, path: impl Into<Path>) -> Result<String> {
    match value {
        Json::String(s) => Ok(s.to_string()),
        other => Err(expected(path, "a string", other)),
    }
}

/// [`as_string`] for the values of [`Fields::map`]: one function, so that the maps of
/// strings share one copy of it.
pub fn string_at(value: &Json, at: At) -> Result<String> {
    as_string(value, at)
}

pub fn as_strings(value: &Json, path: impl Into<Path>) -> Result<Vec<String>> {
    let Json::Array(items) = value else {
        return Err(expected(path, "an array of strings", value));
    };
    // The path is only written out for an error: lists can be long, and many.
    let not_string = items.iter().position(|v| !matches!(v, Json::String(_)));
    if let Some(i) = not_string {
        return Err(expected(path.into().index(i), "a string", &items[i]));
    }
    // `map`, not `filter_map`: the list is allocated once, at its length.
    Ok(items
        .iter()
        .map(|v| match v {
            Json::String(s) => s.to_string(),
            _ => String::new(), // none: checked above
        })
        .collect())
}

/// A whole number in 0..=u32::MAX.
pub fn as_u32(value: &Json, path: impl Into<Path>) -> Result<u32> {
    match value {
        Json::Number(n) => n
            .parse()
            .map_err(|_| expected(path, "a whole number", value)),
        other => Err(expected(path, "a whole number", other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_values_and_escapes() {
        let v =
            parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00"} "#)
                .unwrap();
        let Json::Object(m) = v else { panic!() };
        assert_eq!(
            m[0].1,
            Json::Array(vec![
                Json::Number("1".into()),
                Json::Number("-2.5e3".into()),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ])
        );
        assert_eq!(m[1].1, Json::String("x\"\\/\n\u{e9}\u{1f600}".into()));
    }

    #[test]
    fn syntax_errors_name_the_member_or_item_they_are_inside() {
        let segments = |text: &str| {
            let err = parse(text).unwrap_err();
            let path = err.path_segments().map(|p| p.segments().to_vec());
            (path, err.to_string())
        };
        let (path, message) = segments(r#"{"risks": {"9.1": {"reason": "a\ud800"}}}"#);
        assert_eq!(
            path,
            Some(vec![
                Segment::Key("risks".into()),
                Segment::Key("9.1".into()),
                Segment::Key("reason".into())
            ])
        );
        assert_eq!(
            message,
            "not valid JSON at line 1, column 38 (inside `risks.9.1.reason`): lone surrogate in a \\u escape"
        );
        let (path, _) = segments(r#"[1, {"a": [true, tru]}]"#);
        assert_eq!(
            path,
            Some(vec![
                Segment::Index(1),
                Segment::Key("a".into()),
                Segment::Index(1)
            ])
        );
        // At the top, or between the members of the top object: no path, as before.
        for text in [r#"{"a": 1,}"#, "{} x", r#"{"k\ud800": 1}"#] {
            let (path, message) = segments(text);
            assert_eq!(path, None, "{text}");
            assert!(!message.contains("inside"), "{message}");
        }
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        for (text, line, column) in [
            ("{\n  \"a\": ,\n}", 2, 8),
            ("[1, 2", 1, 6),
            ("{\"a\" 1}", 1, 6),
            ("\"\\ud800\"", 1, 8),
            // A sign is not a hex digit (found by the catalog fuzz target).
            ("\"\\u+041\"", 1, 4),
            ("\"\\ud83d\\u+e00\"", 1, 10),
            // Two lone halves in a row, as JavaScript writes them: the first is refused.
            ("\"\\ud800\\ud800\"", 1, 8),
            ("\"tab\there\"", 1, 5),
            ("01", 1, 3),
            ("{} x", 1, 4),
            ("", 1, 1),
        ] {
            match parse(text) {
                Err(Error::Syntax {
                    line: l, column: c, ..
                }) => assert_eq!((l, c), (line, column), "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn lossy_reading_puts_a_mark_for_each_lone_half() {
        let read = |text: &str| match parse_lossy(text).unwrap() {
            Json::String(s) => s.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(read(r#""a\ud800b""#), "a\u{fffd}b");
        assert_eq!(read(r#""\ud800\ud800""#), "\u{fffd}\u{fffd}");
        assert_eq!(read(r#""\ud800\u0041""#), "\u{fffd}A");
        assert_eq!(read(r#""\udc00""#), "\u{fffd}");
        // A pair is still one character.
        assert_eq!(read(r#""\ud83d\ude00""#), "\u{1f600}");
    }

    #[test]
    fn pretty_lays_out_as_serde_json_does() {
        let value = serde_json::json!({
            "a": [1, -2.5, true, null, [], {}, [[]], {"b": {}}],
            "quotes \"{[,:]}\" \\": "x\\\"y\n\u{1}é,:{}[]",
            "": {"nested": [{"c": "d"}, "e"]},
            "n": 0.1
        });
        let compact = serde_json::to_string(&value).unwrap();
        assert_eq!(
            pretty(&compact),
            serde_json::to_string_pretty(&value).unwrap()
        );
        for text in ["[]", "{}", "\"s\"", "7", "null"] {
            assert_eq!(pretty(text), text);
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(parse(&deep).unwrap_err().code(), "too_large");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        // Brackets inside strings are text, not nesting.
        let quoted = format!("{{\"a\": \"{}\"}}", "[".repeat(1000));
        assert!(parse(&quoted).is_ok());
        assert!(parse(r#"{"a": "\"[[[["}"#).is_ok());
    }

    #[test]
    fn fields_report_paths_unknown_and_duplicate_members() {
        let v = parse(r#"{"items": {"a": {"count": "many"}}, "extra": 1}"#).unwrap();
        let mut f = Fields::of(&v, "").unwrap();
        let items = f.map("items", |v, path| {
            let mut g = Fields::of(v, path)?;
            let n = as_u32(g.required("count")?, g.path_of("count"))?;
            g.finish(&["count"])?;
            Ok(n)
        });
        assert!(items.is_empty());
        let err = f.ok().unwrap_err();
        assert_eq!(err.path(), Some("items.a.count"));
        assert!(err.to_string().contains("\"many\""), "{err}");
        let err = f.finish(&["items"]).unwrap_err();
        assert_eq!(err.path(), Some("extra"));

        // The first error is kept: later reads give defaults and do not replace it.
        let v = parse(r#"{"name": 7, "kind": "x", "list": [1]}"#).unwrap();
        let mut f = Fields::of(&v, "").unwrap();
        assert_eq!(f.string("name"), "");
        assert_eq!(f.choice("kind", &["a", "b"]), 0);
        assert!(f.strings("list").is_empty());
        let err = f.finish(&["name", "kind", "list"]).unwrap_err();
        assert_eq!(err.path(), Some("name"));
        assert!(
            err.to_string().contains("expected a string, found 7"),
            "{err}"
        );

        let v = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(Fields::of(&v, "").err().unwrap().path(), Some("a"));
        let v = parse(r#"[1]"#).unwrap();
        assert!(Fields::of(&v, "")
            .err()
            .unwrap()
            .to_string()
            .contains("expected a JSON object, found an array"));
    }
}
