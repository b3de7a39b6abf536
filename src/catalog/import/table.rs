//! Tables as the imports read them: a sheet is a name and rows of cell texts, from a CSV or
//! TSV file or a worksheet of a workbook. Every error names the sheet, the row (counted as a
//! spreadsheet counts them, from 1) and the column (by letter and header).

use crate::error::{Error, Result};
use crate::limits::excerpt;

/// One input file: its name (for messages and provenance) and its bytes.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl InputFile {
    /// Read a file from disk, refusing one larger than [`super::MAX_IMPORT_FILE_BYTES`].
    pub fn read(path: &std::path::Path) -> Result<InputFile> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let meta = std::fs::metadata(path)
            .map_err(|e| Error::Argument(format!("cannot read `{}`: {e}", path.display())))?;
        // A FIFO or a device could block the read for ever; a directory is not a sheet.
        if !meta.is_file() {
            return Err(Error::Argument(format!(
                "cannot read `{}`: not a regular file",
                path.display()
            )));
        }
        let size = meta.len();
        if size > super::MAX_IMPORT_FILE_BYTES as u64 {
            return Err(Error::TooLarge {
                what: format!("file `{name}`"),
                size: usize::try_from(size).unwrap_or(usize::MAX),
                limit: super::MAX_IMPORT_FILE_BYTES,
            });
        }
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Argument(format!("cannot read `{}`: {e}", path.display())))?;
        Ok(InputFile { name, bytes })
    }
}

/// A sheet: where it came from, and its rows. `first_row` is the spreadsheet number of
/// `rows[0]` (1 for a CSV file; a worksheet's used range may start lower).
#[derive(Debug, Clone)]
pub struct Sheet {
    /// How messages name it: ``sheet `AI Lifecycle Risks` of `compendium.xlsx` `` or
    /// ``file `risks.csv` ``.
    pub label: String,
    pub rows: Vec<Vec<String>>,
    pub first_row: usize,
    pub first_column: usize,
}

impl Sheet {
    /// The spreadsheet row number of `rows[i]`.
    pub fn row_number(&self, i: usize) -> usize {
        self.first_row + i
    }

    /// An error at a cell: sheet, row, column letter and header, then what is wrong.
    pub fn error_at(&self, row: usize, column: usize, header: &str, message: &str) -> Error {
        Error::Catalog(format!(
            "{}, row {}, column {} ({}): {message}",
            self.label,
            self.row_number(row),
            column_letter(self.first_column + column),
            excerpt(header.trim())
        ))
    }

    /// An error about the sheet as a whole.
    pub fn error(&self, message: &str) -> Error {
        Error::Catalog(format!("{}: {message}", self.label))
    }
}

/// The spreadsheet letter of a 0-based column: A..Z, AA..
pub fn column_letter(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A header as compared: lower case, dashes and quotes unified, spaces collapsed.
pub fn normalise_header(header: &str) -> String {
    let unified: String = header
        .chars()
        .map(|c| match c {
            '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{a0}' => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    unified.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text file's contents as UTF-8 (a byte-order mark dropped), or an error naming it.
pub fn utf8_text(file: &InputFile) -> Result<&str> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&file.bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        Error::Catalog(format!(
            "file `{}` is not UTF-8 text (at byte {}); export the sheet as UTF-8 CSV or TSV, or give the .xlsx workbook",
            excerpt(&file.name),
            e.valid_up_to()
        ))
    })
}

/// Parse delimited text (RFC 4180 quoting: `"` around a cell, `""` inside it; a quoted cell
/// may span lines). The delimiter is a tab for `.tsv`/`.tab` files, a comma for `.csv`, and
/// otherwise whichever of the two the first line has more of.
pub fn parse_delimited(file: &InputFile) -> Result<Sheet> {
    let text = utf8_text(file)?;
    let lower = file.name.to_lowercase();
    let delimiter = if lower.ends_with(".tsv") || lower.ends_with(".tab") {
        '\t'
    } else if lower.ends_with(".csv") {
        ','
    } else {
        let first = text.lines().next().unwrap_or("");
        if first.matches('\t').count() > first.matches(',').count() {
            '\t'
        } else {
            ','
        }
    };
    let label = format!("sheet `{}`", excerpt(&file.name));
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    // Whether the current cell began with a quote (then only a delimiter or an end of line
    // may follow its closing quote).
    let mut was_quoted = false;
    let mut line = 1;
    let mut quote_line = 0;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
                quote_line = line;
            }
            c if c == delimiter => {
                row.push(std::mem::take(&mut cell));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                was_quoted = false;
            }
            c if was_quoted => {
                return Err(Error::Catalog(format!(
                    "{label}, line {line}: unexpected `{}` after a quoted cell; double the quotes inside a quoted cell (\"\")",
                    c.escape_default()
                )))
            }
            c => cell.push(c),
        }
    }
    if quoted {
        return Err(Error::Catalog(format!(
            "{label}, line {quote_line}: a quoted cell is never closed"
        )));
    }
    if !cell.is_empty() || !row.is_empty() || was_quoted {
        row.push(cell);
        rows.push(row);
    }
    Ok(Sheet {
        label,
        rows,
        first_row: 1,
        first_column: 0,
    })
}

/// The columns of a sheet's header row, found by name.
pub struct Columns {
    /// Index of the header row in `sheet.rows`.
    pub header_row: usize,
    pub headers: Vec<String>,
    normalised: Vec<String>,
}

impl Columns {
    /// The header row: the first of the sheet's first ten rows that has a cell named `key`
    /// (normalised), or `None`.
    pub fn find(sheet: &Sheet, key: &str) -> Option<Columns> {
        sheet.rows.iter().take(10).enumerate().find_map(|(i, row)| {
            let normalised: Vec<String> = row.iter().map(|h| normalise_header(h)).collect();
            normalised.iter().any(|h| h == key).then(|| Columns {
                header_row: i,
                headers: row.clone(),
                normalised,
            })
        })
    }

    /// The column whose header is one of `names` (normalised), if any.
    pub fn optional(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.normalised.iter().position(|h| h == n))
    }

    /// The column whose header is one of `names`, or an error naming the sheet, the
    /// column wanted and the headers found.
    pub fn required(&self, sheet: &Sheet, names: &[&str], shown: &str) -> Result<usize> {
        self.optional(names).ok_or_else(|| {
            Error::Catalog(format!(
                "{}, row {}: no column `{shown}` in the header row (found: {})",
                sheet.label,
                sheet.row_number(self.header_row),
                excerpt(
                    &self
                        .headers
                        .iter()
                        .map(|h| h.trim())
                        .filter(|h| !h.is_empty())
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            ))
        })
    }

    /// The normalised header of a column.
    pub fn normalised(&self, column: usize) -> &str {
        &self.normalised[column]
    }

    /// The header of a column as written.
    pub fn header(&self, column: usize) -> &str {
        &self.headers[column]
    }

    pub fn len(&self) -> usize {
        self.headers.len()
    }
}

/// The trimmed text of a cell (an absent cell is empty).
pub fn cell(row: &[String], column: usize) -> &str {
    row.get(column).map(|c| c.trim()).unwrap_or("")
}

/// A cell that says "nothing here" in the compendium's words.
pub fn is_blank(text: &str) -> bool {
    let t = normalise_header(text);
    t.is_empty() || t == "no mapping" || t == "n/a" || t == "none" || t == "-"
}
