//! Writers that turn a catalog or a report into text for people and tools: Markdown, CSV
//! and SVG; natively also OSCAL and an ATLAS Navigator layer. Every piece of user or
//! catalog text goes through one of the escaping functions here, which the tests feed
//! hostile strings.

pub mod csv;
pub mod diagram;
pub mod markdown;
// The exports for other tools: native only, since the page does not offer them.
#[cfg(not(target_arch = "wasm32"))]
pub mod navigator;
#[cfg(not(target_arch = "wasm32"))]
pub mod oscal;
#[cfg(not(target_arch = "wasm32"))]
pub mod oscal_results;

/// Escape text for XML/HTML/SVG content and attribute values. Characters XML forbids (C0
/// controls other than tab and newline) become U+FFFD so the output always parses.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            // DEL and C1 are allowed in XML but act on terminals (U+009B is CSI): written
            // as character references, the same text to an XML reader.
            c if c.is_control() => {
                use std::fmt::Write;
                let _ = write!(out, "&#x{:x};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escape text for one Markdown table cell, list item, paragraph or inline run, so that it
/// renders as the same plain text in CommonMark and in GitHub-style renderers with
/// autolinks, whatever it holds:
///
/// - no markup: inline HTML and entities (`<`, `>`, `&` become entities), emphasis, code,
///   strikethrough, links, images, footnotes, task boxes, math (`\\` escapes);
/// - no block: line breaks are folded into spaces and edge whitespace trimmed (no code
///   block, no hard break), and a block marker at the start (`#`, `-`, `+`, `=`, `1.`,
///   `1)`, `>`, `|`) is escaped, so text cannot become a heading, list, quote or rule
///   wherever it starts a block (a paragraph, a list item);
/// - no autolink: `:` and `@` are always escaped, which splits `http://`, `mailto:` and
///   `a@b.org` for every linkifier (an escape ends the text run a linkifier scans); a `.`
///   followed by a letter is escaped too (every domain ends in a label of letters), so
///   `2.0` stays as written;
/// - control characters become U+FFFD.
pub fn escape_markdown(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| if c == '\r' || c == '\n' { ' ' } else { c })
        .collect();
    let body = folded.trim_matches([' ', '\t']);
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    // An ordered-list marker is up to nine digits and a `.` or `)` at the start, followed
    // by a space or nothing (`2.0` is not one).
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let list_marker = (1..=9).contains(&digits)
        && matches!(body.as_bytes().get(digits), Some(b'.' | b')'))
        && matches!(body.as_bytes().get(digits + 1), None | Some(b' ' | b'\t'));
    let mut chars = body.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' | '#' | '$' | ':' | '@' => {
                out.push('\\');
                out.push(ch);
            }
            // A domain ends in a label of letters (`.org`, `.рф`, `.xn--p1ai`).
            '.' if chars.peek().is_some_and(|(_, next)| next.is_alphabetic()) => {
                out.push_str("\\.");
            }
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(ch);
            }
            '.' | ')' if list_marker && i == digits => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Text shown escaped by [`escape_markdown`] where it is formatted (`{}`): a report writes
/// a hundred escaped cells, and a temporary `String` for each, made and dropped at every
/// call, cost the wasm kilobytes.
pub struct Md<'a>(pub &'a str);

impl std::fmt::Display for Md<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&escape_markdown(self.0))
    }
}

/// Text shown escaped by [`escape_xml`] where it is formatted, as [`Md`] is for Markdown:
/// the diagram writes every label and attribute value through it.
pub struct Xml<'a>(pub &'a str);

impl std::fmt::Display for Xml<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&escape_xml(self.0))
    }
}

/// Whether a character can act on a terminal rather than show as itself: C0 and C1 controls
/// (ESC, CSI, BEL, CR, newline...), DEL, and the bidirectional controls that reorder what a
/// line appears to say.
fn acts_on_terminal(ch: char) -> bool {
    ch.is_control()
        || matches!(ch, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How a character that would act on a terminal is shown instead: `\u{1b}`.
fn visible(ch: char, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(out, "\\u{{{:x}}}", ch as u32);
}

/// Text for a terminal (the CLI's messages): every control character, newline included, is
/// shown as an escape such as `\u{1b}`, so an echoed value can neither send a terminal
/// sequence (title change, screen clear) nor start a fake line in a log.
pub fn escape_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if acts_on_terminal(ch) {
            visible(ch, &mut out);
        } else {
            out.push(ch);
        }
    }
    out
}

/// JSON text for a terminal: the controls JSON writers leave raw inside strings (DEL and the
/// C1 range, whose U+009B is a terminal's CSI) are written as `\u` escapes instead. The
/// result is the same JSON value; only its spelling changes.
pub fn json_for_terminal(json: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        // Below U+0020 a JSON writer has already escaped what is inside strings; what is
        // left is the layout's own line breaks and indentation.
        if ('\u{7f}'..='\u{9f}').contains(&ch) {
            let _ = write!(out, "\\u{:04x}", ch as u32);
        } else {
            out.push(ch);
        }
    }
    out
}

/// The nouns the faces count, with their plurals: the one place every face (the reports,
/// the diagram, the page through `labels().plural`) takes a plural from.
pub const NOUNS: [(&str, &str); 8] = [
    ("risk", "risks"),
    ("control", "controls"),
    ("gap", "gaps"),
    ("component", "components"),
    ("stage", "stages"),
    ("erratum", "errata"),
    ("point", "points"),
    ("pair", "pairs"),
];

/// `n` and the noun, singular for exactly one: `count(1, "risk")` is "1 risk",
/// `count(2, "new risk")` is "2 new risks" (the last word takes the plural). A noun missing
/// from [`NOUNS`] is a bug: debug builds stop, release builds add an s.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    // Split after the last space by its byte (not `rsplit_once`: the reverse character
    // searcher would be in the wasm for this and one other line).
    let split = noun.bytes().rposition(|b| b == b' ').map_or(0, |i| i + 1);
    let (head, last) = (
        noun.get(..split).unwrap_or_default(),
        noun.get(split..).unwrap_or(noun),
    );
    let plural = NOUNS
        .iter()
        .find(|(one, _)| *one == last)
        .map(|(_, many)| *many);
    debug_assert!(plural.is_some(), "noun {noun:?} is not in NOUNS");
    match plural {
        Some(many) => format!("{n} {head}{many}"),
        None => format!("{n} {noun}s"),
    }
}

/// Format a 0..1 fraction as a whole percentage, or an en dash when absent.
pub fn percent(value: Option<f64>) -> String {
    match value {
        Some(v) => format!("{}%", (v * 100.0).clamp(0.0, 100.0).round() as u32),
        None => "\u{2013}".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const HOSTILE: [&str; 6] = [
        "<img src=x onerror=alert(1)>",
        "</svg><script>alert(1)</script>",
        "javascript:alert(1)",
        "\u{202e}gnp.exe",
        "a|b\n# heading\r\n[link](javascript:x)",
        "\"'&\u{0}\u{1b}",
    ];

    #[test]
    fn xml_escaping_leaves_no_markup_and_always_parses() {
        for s in HOSTILE {
            let e = escape_xml(s);
            assert!(
                !e.contains('<') && !e.contains('>') && !e.contains('"'),
                "{e}"
            );
            assert!(!e.chars().any(|c| (c as u32) < 0x20 && c != '\n'), "{e:?}");
        }
        assert_eq!(escape_xml("a & b"), "a &amp; b");
    }

    #[test]
    fn markdown_escaping_keeps_one_line_and_no_html() {
        for s in HOSTILE {
            let e = escape_markdown(s);
            assert!(!e.contains('\n') && !e.contains('<'), "{e}");
            assert!(!e.replace("\\|", "").contains('|'), "{e}");
        }
        assert_eq!(escape_markdown("[x](y)"), "\\[x\\](y)");
        assert_eq!(escape_markdown("# a (b)"), "\\# a (b)");
        assert_eq!(escape_markdown("   # a"), "\\# a");
        assert_eq!(escape_markdown("\t    - a"), "\\- a");
        assert_eq!(escape_markdown("12. a"), "12\\. a");
        assert_eq!(escape_markdown("3) a"), "3\\) a");
        assert_eq!(escape_markdown("2.0"), "2.0");
        assert_eq!(
            escape_markdown("see https://evil.example or a@b.org."),
            "see https\\://evil\\.example or a\\@b\\.org."
        );
    }

    #[test]
    fn terminal_text_has_no_control_character_left() {
        let e = escape_terminal("a\u{1b}]0;title\u{7}\r\nfake: ok\u{9b}2J\u{202e}x\té");
        assert_eq!(
            e,
            "a\\u{1b}]0;title\\u{7}\\u{d}\\u{a}fake: ok\\u{9b}2J\\u{202e}x\\u{9}é"
        );
        for s in HOSTILE {
            assert!(!escape_terminal(s).chars().any(acts_on_terminal), "{s:?}");
        }
    }

    #[test]
    fn json_and_xml_carry_no_raw_c1_control() {
        let value = "a\u{7f}b\u{9b}2Jc\u{1b}d";
        let json = json_for_terminal(&serde_json::to_string_pretty(&[value]).unwrap());
        assert!(
            !json.chars().any(|c| c.is_control() && c != '\n'),
            "{json:?}"
        );
        assert_eq!(serde_json::from_str::<Vec<String>>(&json).unwrap(), [value]);
        assert_eq!(escape_xml("x\u{9b}y\u{7f}"), "x&#x9b;y&#x7f;");
    }

    #[test]
    fn counts_take_their_plural_from_one_table() {
        assert_eq!(count(1, "risk"), "1 risk");
        assert_eq!(count(0, "risk"), "0 risks");
        assert_eq!(count(2, "control"), "2 controls");
        assert_eq!(count(3, "erratum"), "3 errata");
        assert_eq!(count(1, "erratum"), "1 erratum");
        assert_eq!(count(7, "new risk"), "7 new risks");
        assert_eq!(count(1, "new control"), "1 new control");
    }

    #[test]
    fn percent_rounds_and_clamps() {
        assert_eq!(percent(Some(0.125)), "13%");
        assert_eq!(percent(Some(1.0)), "100%");
        assert_eq!(percent(None), "\u{2013}");
    }
}
