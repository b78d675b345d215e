//! A workbook's cells copied out with calamine and written again with rust_xlsxwriter, with
//! changes in between: how tests and scripts fill an exported form with figures (the form
//! keeps its codes sheet), and how the test data of bad workbooks is made. Styles are not
//! copied, except that a cell marked as a date is written with a date format.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, SheetVisible, Xlsx};
use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
    /// A formula (without `=`) and its cached result.
    Formula(String, String),
    /// A date, as Excel's serial day number, shown with a date format.
    Date(f64),
    /// TRUE or FALSE.
    Bool(bool),
}

/// One sheet's cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetData {
    /// The sheet's name.
    pub name: String,
    /// Hidden.
    pub hidden: bool,
    /// Cells by (row, column), zero-based.
    pub cells: BTreeMap<(u32, u16), Content>,
    /// Merged ranges: (first row, first column, last row, last column).
    pub merges: Vec<(u32, u16, u32, u16)>,
}

impl SheetData {
    /// An empty sheet.
    pub fn new(name: impl Into<String>) -> Self {
        SheetData {
            name: name.into(),
            ..SheetData::default()
        }
    }

    /// Sets a cell given in A1 notation.
    ///
    /// # Panics
    /// When `cell` is not A1 notation.
    pub fn set(&mut self, cell: &str, content: Content) {
        let at = crate::form::parse_cell_name(cell).expect("a cell in A1 notation");
        self.cells.insert(at, content);
    }

    /// Empties a cell given in A1 notation.
    ///
    /// # Panics
    /// When `cell` is not A1 notation.
    pub fn clear(&mut self, cell: &str) {
        let at = crate::form::parse_cell_name(cell).expect("a cell in A1 notation");
        self.cells.remove(&at);
    }

    /// The text of a cell given in A1 notation (numbers as Rust prints them).
    pub fn text(&self, cell: &str) -> String {
        let Some(at) = crate::form::parse_cell_name(cell) else {
            return String::new();
        };
        match self.cells.get(&at) {
            Some(Content::Text(s)) => s.clone(),
            Some(Content::Number(x)) => x.to_string(),
            Some(Content::Formula(f, _)) => format!("={f}"),
            Some(Content::Date(x)) => x.to_string(),
            Some(Content::Bool(b)) => b.to_string(),
            None => String::new(),
        }
    }
}

/// Reads every sheet's cells, formulas and merged ranges.
///
/// # Errors
/// The workbook cannot be opened.
pub fn read_workbook(bytes: &[u8]) -> Result<Vec<SheetData>, String> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let sheets = book.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for meta in sheets {
        let name = meta.name.clone();
        let values = book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let formulas = book.worksheet_formula(&name).map_err(|e| e.to_string())?;
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| e.to_string())?;
        let mut sheet = SheetData {
            name: name.clone(),
            hidden: !matches!(meta.visible, SheetVisible::Visible),
            ..SheetData::default()
        };
        for (row, col, data) in values.used_cells() {
            let (row, col) = (
                row as u32 + values.start().map_or(0, |s| s.0),
                col as u32 + values.start().map_or(0, |s| s.1),
            );
            let content = match data {
                Data::Float(x) => Content::Number(*x),
                Data::Int(i) => Content::Number(*i as f64),
                Data::String(s) => Content::Text(s.clone()),
                Data::Bool(b) => Content::Bool(*b),
                Data::DateTime(d) => Content::Date(d.as_f64()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Content::Text(s.clone()),
                Data::Error(e) => Content::Text(e.to_string()),
                Data::Empty => continue,
            };
            sheet.cells.insert((row, col as u16), content);
        }
        for (row, col, formula) in formulas.used_cells() {
            let (row, col) = (
                row as u32 + formulas.start().map_or(0, |s| s.0),
                col as u32 + formulas.start().map_or(0, |s| s.1),
            );
            if formula.is_empty() {
                continue;
            }
            let result = match sheet.cells.get(&(row, col as u16)) {
                Some(Content::Number(x)) => x.to_string(),
                Some(Content::Text(s)) => s.clone(),
                _ => "0".to_string(),
            };
            sheet
                .cells
                .insert((row, col as u16), Content::Formula(formula.clone(), result));
        }
        sheet.merges = merges
            .iter()
            .map(|d| (d.start.0, d.start.1 as u16, d.end.0, d.end.1 as u16))
            .collect();
        out.push(sheet);
    }
    Ok(out)
}

/// Writes sheets as a workbook.
///
/// # Errors
/// rust_xlsxwriter's errors (an invalid sheet name, overlapping merges).
pub fn write_workbook(sheets: &[SheetData]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let plain = Format::new();
    for data in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&data.name)?;
        for &(r1, c1, r2, c2) in &data.merges {
            let text = match data.cells.get(&(r1, c1)) {
                Some(Content::Text(s)) => s.clone(),
                _ => String::new(),
            };
            sheet.merge_range(r1, c1, r2, c2, &text, &plain)?;
        }
        for (&(row, col), content) in &data.cells {
            let merged_text = data
                .merges
                .iter()
                .any(|&(r1, c1, ..)| (r1, c1) == (row, col))
                && matches!(content, Content::Text(_));
            if merged_text {
                continue;
            }
            match content {
                Content::Number(x) => sheet.write_number(row, col, *x)?,
                Content::Text(s) => sheet.write_string(row, col, s)?,
                Content::Formula(f, result) => {
                    sheet.write_formula(row, col, Formula::new(f).set_result(result))?
                }
                Content::Date(x) => sheet.write_number_with_format(row, col, *x, &date)?,
                Content::Bool(b) => sheet.write_boolean(row, col, *b)?,
            };
        }
        if data.hidden {
            sheet.set_hidden(true);
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut a = SheetData::new("A");
        a.set("A1", Content::Text("tiêu đề".into()));
        a.set("B2", Content::Number(7081.0));
        a.set("C3", Content::Formula("SUM(B2:B2)".into(), "7081".into()));
        a.set("D4", Content::Date(45017.0));
        a.set("E5", Content::Bool(true));
        a.merges.push((0, 0, 0, 3));
        let mut b = SheetData::new("B");
        b.hidden = true;
        b.set("A1", Content::Text("x".into()));
        let bytes = write_workbook(&[a.clone(), b.clone()]).unwrap();
        let back = read_workbook(&bytes).unwrap();
        assert_eq!(back, vec![a, b]);
    }
}
