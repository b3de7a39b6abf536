//! Reading the compendium's crosswalk cells (MITRE ATLAS, ATT&CK, OWASP, NIST SP 800-53,
//! ISO/IEC 42001 and 27001, EU AI Act) into entry ids and names. A cell is free text such as
//! `AML.T0020: Poison Training Data AML.T0019: Published Poisoned Datasets`; each standard
//! has its own id shape, and an entry's name is the text between its id and the next id.

/// The standards the compendium has columns for: catalog key, the header prefixes that
/// name its column (normalised), and the id reader.
pub const STANDARDS: [(&str, &[&str], IdReader); 8] = [
    ("mitreAtlas", &["mitre atlas"], atlas_id),
    ("mitreAttack", &["mitre attack", "mitre att&ck"], attack_id),
    ("owaspLlm", &["owasp llm"], owasp_llm_id),
    ("owaspMl", &["owasp ml"], owasp_ml_id),
    (
        "nist80053",
        &[
            "nist - 800- 53",
            "nist 800-53",
            "nist sp 800-53",
            "nist-800-53",
            "nist - 800-53",
        ],
        nist_id,
    ),
    ("iso42001", &["iso 42001", "iso/iec 42001"], iso_id),
    ("iso27001", &["iso 27001", "iso/iec 27001"], iso_id),
    ("euAiAct", &["eu ai act"], eu_ai_act_id),
];

/// Given the text and a position at a word start, the end of an id starting there.
pub type IdReader = fn(&str, usize) -> Option<usize>;

fn digits(s: &[u8], at: usize) -> usize {
    s[at..].iter().take_while(|b| b.is_ascii_digit()).count()
}

fn boundary_after(s: &[u8], end: usize) -> Option<usize> {
    match s.get(end) {
        Some(b) if b.is_ascii_alphanumeric() => None,
        _ => Some(end),
    }
}

/// `AML.T0020`, `AML.TA0004`, `AML.T0002.000`, `AML.M0005`.
fn atlas_id(text: &str, at: usize) -> Option<usize> {
    let s = text.as_bytes();
    let rest = &text[at..];
    let head = ["AML.TA", "AML.T", "AML.M"]
        .iter()
        .find(|h| rest.starts_with(**h))?
        .len();
    let mut end = at + head;
    let n = digits(s, end);
    if n != 4 {
        return None;
    }
    end += n;
    if s.get(end) == Some(&b'.') && digits(s, end + 1) == 3 {
        end += 4;
    }
    boundary_after(s, end)
}

/// `T1486`, `T1059.001`, `M1036`.
fn attack_id(text: &str, at: usize) -> Option<usize> {
    let s = text.as_bytes();
    if !matches!(s.get(at), Some(b'T' | b'M')) || digits(s, at + 1) != 4 {
        return None;
    }
    let mut end = at + 5;
    if s.get(end) == Some(&b'.') && digits(s, end + 1) == 3 {
        end += 4;
    }
    boundary_after(s, end)
}

/// `LLM01`, `LLM01.1`, `LLM03.CEV.5`, and the compendium's lists of sub-items such as
/// `LLM03.2, 4, 5` (kept whole, up to the colon, as the built-in catalog keeps them).
fn owasp_llm_id(text: &str, at: usize) -> Option<usize> {
    let s = text.as_bytes();
    if !text[at..].starts_with("LLM") || digits(s, at + 3) != 2 {
        return None;
    }
    let short = at + 5;
    // Up to a colon, if what lies before it can be part of an id.
    let tail = &text[short..];
    if let Some(colon) = tail.find(':') {
        let between = &tail[..colon];
        if between.len() <= 16
            && between
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b" .,".contains(&b))
            && (between.is_empty() || between.starts_with('.'))
            && !between.contains("LLM")
        {
            return Some(short + between.trim_end().len());
        }
    }
    let mut end = short;
    while s.get(end) == Some(&b'.') && s.get(end + 1).is_some_and(|b| b.is_ascii_alphanumeric()) {
        end += 1 + s[end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
    }
    boundary_after(s, end)
}

/// `ML02:2023`.
fn owasp_ml_id(text: &str, at: usize) -> Option<usize> {
    let s = text.as_bytes();
    if !text[at..].starts_with("ML") || digits(s, at + 2) != 2 || s.get(at + 4) != Some(&b':') {
        return None;
    }
    (digits(s, at + 5) == 4).then_some(at + 9)
}

/// `AC-2`, `SI-7(8)`, and a range written `AC-1..AC-23`.
fn nist_id(text: &str, at: usize) -> Option<usize> {
    let s = text.as_bytes();
    let one = |at: usize| -> Option<usize> {
        if !(s.get(at)?.is_ascii_uppercase() && s.get(at + 1)?.is_ascii_uppercase()) {
            return None;
        }
        if s.get(at + 2) != Some(&b'-') {
            return None;
        }
        let n = digits(s, at + 3);
        if n == 0 {
            return None;
        }
        let mut end = at + 3 + n;
        if s.get(end) == Some(&b'(') {
            let m = digits(s, end + 1);
            if m > 0 && s.get(end + 1 + m) == Some(&b')') {
                end += m + 2;
            }
        }
        boundary_after(s, end)
    };
    let end = one(at)?;
    if text[end..].starts_with("..") {
        if let Some(range_end) = one(end + 2) {
            return Some(range_end);
        }
    }
    Some(end)
}

/// `A.6.2.6` (Annex A of ISO/IEC 42001 and 27001).
fn iso_id(text: &str, at: usize) -> Option<usize> {
    let s = text.as_bytes();
    if !text[at..].starts_with("A.") {
        return None;
    }
    let mut end = at + 1;
    let mut parts = 0;
    while s.get(end) == Some(&b'.') && digits(s, end + 1) > 0 {
        end += 1 + digits(s, end + 1);
        parts += 1;
    }
    (parts > 0)
        .then_some(end)
        .and_then(|e| boundary_after(s, e))
}

/// `Article 10.3`.
fn eu_ai_act_id(text: &str, at: usize) -> Option<usize> {
    let s = text.as_bytes();
    if !text[at..].starts_with("Article ") {
        return None;
    }
    let mut end = at + 8;
    let n = digits(s, end);
    if n == 0 {
        return None;
    }
    end += n;
    if s.get(end) == Some(&b'.') && digits(s, end + 1) > 0 {
        end += 1 + digits(s, end + 1);
    }
    boundary_after(s, end)
}

/// The entries of a crosswalk cell: (id, name) in the order written, each id once. NIST
/// ranges written `AC-1:Policy and Procedures to AC-23:Data Mining Protection` give both
/// ends and the range `AC-1..AC-23`, the ranges last (as the built-in catalog has them).
pub fn entries(text: &str, key: &str, read: IdReader) -> Vec<(String, String)> {
    let bytes = text.as_bytes();
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric() && bytes[at - 1] != b'.';
        if word_start && text.is_char_boundary(at) {
            if let Some(end) = read(text, at) {
                found.push((at, end));
                at = end;
                continue;
            }
        }
        at += 1;
    }
    let mut out: Vec<(String, String)> = Vec::new();
    let mut ranges: Vec<(String, String)> = Vec::new();
    let push = |list: &mut Vec<(String, String)>, id: String, name: String| {
        if !list.iter().any(|(i, _)| *i == id) {
            list.push((id, name));
        }
    };
    for (i, &(start, end)) in found.iter().enumerate() {
        let next = found.get(i + 1).map(|f| f.0).unwrap_or(text.len());
        let id = text[start..end].to_string();
        let mut name =
            text[end..next].trim_matches(|c: char| c.is_whitespace() || ":,;".contains(c));
        // ATT&CK cells write `ID: T1486 Data Encrypted for Impact ID: T1530 ...`.
        name = name
            .strip_suffix("ID")
            .unwrap_or(name)
            .trim_end_matches([' ', ':', ',']);
        let mut name = name.to_string();
        if key == "nist80053" {
            if let Some(before_to) = name
                .strip_suffix(" to")
                .or_else(|| name.strip_suffix(" through"))
            {
                let before_to = before_to.trim_end_matches([',', ' ']).to_string();
                if let Some(&(ns, ne)) = found.get(i + 1) {
                    let range = format!("{id}..{}", &text[ns..ne]);
                    push(&mut ranges, range, String::new());
                }
                name = before_to;
            }
            if let Some((from, to)) = id.split_once("..") {
                push(&mut ranges, id.clone(), String::new());
                push(&mut out, from.to_string(), String::new());
                push(&mut out, to.to_string(), String::new());
                continue;
            }
        }
        push(&mut out, id, name);
    }
    for (id, name) in ranges {
        push(&mut out, id, name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, key: &str) -> Vec<String> {
        let read = STANDARDS.iter().find(|s| s.0 == key).unwrap().2;
        entries(text, key, read)
            .into_iter()
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn cells_of_each_standard() {
        assert_eq!(
            entries(
                "AML.TA0004: Initial Access AML.T0020: Poison Training Data",
                "mitreAtlas",
                atlas_id
            ),
            vec![
                ("AML.TA0004".into(), "Initial Access".into()),
                ("AML.T0020".into(), "Poison Training Data".into())
            ]
        );
        assert_eq!(
            entries(
                "ID: T1486 Data Encrypted for Impact ID: T1530 Data from Cloud Storage",
                "mitreAttack",
                attack_id
            ),
            vec![
                ("T1486".into(), "Data Encrypted for Impact".into()),
                ("T1530".into(), "Data from Cloud Storage".into())
            ]
        );
        assert_eq!(
            ids("LLM01.1: Prompt Injection LLM03.2, 4, 5: Training Data Poisoning LLM03.CEV.5: X LLM04: Model Denial of Service", "owaspLlm"),
            ["LLM01.1", "LLM03.2, 4, 5", "LLM03.CEV.5", "LLM04"]
        );
        assert_eq!(
            ids(
                "ML02:2023 Data Poisoning Attack ML10:2023 Model Poisoning",
                "owaspMl"
            ),
            ["ML02:2023", "ML10:2023"]
        );
        assert_eq!(
            ids("AC-1:Policy and Procedures to AC-23:Data Mining Protection, SI-7(8): Auditing, CP:Contingency Planning Family", "nist80053"),
            ["AC-1", "AC-23", "SI-7(8)", "AC-1..AC-23"]
        );
        assert_eq!(
            ids("AC-1: Policy, AC-1..AC-23", "nist80053"),
            ["AC-1", "AC-23", "AC-1..AC-23"]
        );
        assert_eq!(
            ids("A.6.2.6 AI system operation A.8.2 Privileged", "iso42001"),
            ["A.6.2.6", "A.8.2"]
        );
        assert_eq!(
            ids(
                "Article 10.3: Data and Data Governance Article 5 Prohibited",
                "euAiAct"
            ),
            ["Article 10.3", "Article 5"]
        );
        assert!(ids("no mapping", "mitreAtlas").is_empty());
    }
}
