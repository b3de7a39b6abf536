//! Workbooks (`.xlsx`), read with calamine: every worksheet becomes a [`Sheet`] whose row
//! and column numbers are the spreadsheet's own.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::table::{InputFile, Sheet};
use crate::error::{Error, Result};
use crate::limits::excerpt;

/// Whether a file is a workbook: by its zip signature, whatever its name.
pub fn is_workbook(file: &InputFile) -> bool {
    file.bytes.starts_with(b"PK\x03\x04")
}

/// The text of a cell as the sheet shows it: whole numbers without a decimal point.
fn text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(true) => "Yes".into(),
        Data::Bool(false) => "No".into(),
        other => other.to_string(),
    }
}

/// Every worksheet of the workbook, in workbook order.
pub fn sheets(file: &InputFile) -> Result<Vec<Sheet>> {
    let name = excerpt(&file.name).into_owned();
    let mut workbook = Xlsx::new(Cursor::new(file.bytes.as_slice())).map_err(|e| {
        Error::Catalog(format!(
            "file `{name}` is not a readable .xlsx workbook: {e}"
        ))
    })?;
    let mut out = Vec::new();
    for sheet_name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&sheet_name).map_err(|e| {
            Error::Catalog(format!(
                "sheet `{}` of `{name}` cannot be read: {e}",
                excerpt(&sheet_name)
            ))
        })?;
        let (first_row, first_column) = range
            .start()
            .map(|(r, c)| (r as usize + 1, c as usize))
            .unwrap_or((1, 0));
        out.push(Sheet {
            label: format!("sheet `{}` of `{name}`", excerpt(&sheet_name)),
            rows: range
                .rows()
                .map(|row| row.iter().map(text).collect())
                .collect(),
            first_row,
            first_column,
        });
    }
    Ok(out)
}
