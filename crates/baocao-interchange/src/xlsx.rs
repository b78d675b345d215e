//! Reading workbooks back (calamine): a filled form ([`crate::form`]), found by its hidden
//! codes sheet, or else a long table on the first sheet with a header row naming the columns
//! data element, breakdown (coc), org unit, period, value and optionally comment.
//!
//! A form's input cells are read where its codes sheet says they are; each row's hidden key
//! must still match (rows moved or inserted are refused), totals must still be formulas,
//! no input cell may be merged, and the workbook may hold no other sheet. Numbers in cells
//! are read as numbers; text in cells the Vietnamese way ([`crate::number`]); a date, a
//! true/false or a formula error where a figure belongs is a problem located at its cell.

use std::io::Cursor;

use baocao_core::period::Period;
use baocao_core::text::nfc;
use calamine::{Data, Dimensions, Range, Reader, Xlsx};

use crate::check::{Checker, Column, RawNumber, RawPeriod, RawValue};
use crate::form::{
    CODES_COLUMNS, CODES_HEADER_ROW, CODES_SHEET, COL_KEY, FORM_MARK, FORM_SHEET, FORM_VERSION,
    cell_name, parse_cell_name,
};
use crate::number::Notation;
use crate::problem::{Location, Problem};

/// What kind of workbook was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkbookKind {
    /// A baocao form of the period and org unit its codes sheet names.
    Form {
        /// The form's period.
        period: Option<Period>,
        /// The form's org unit.
        org_unit: String,
    },
    /// A long table.
    LongTable,
    /// Not read (the file is not a workbook that can be opened).
    Unreadable,
}

/// The result of reading a workbook: its kind, and the location of each record passed to
/// the checker (for [`Checker::finish`]).
#[derive(Debug, Clone)]
pub struct WorkbookRead {
    /// Form or long table.
    pub kind: WorkbookKind,
    /// Record `i` given to the checker is at `locations[i]`.
    pub locations: Vec<Location>,
}

impl WorkbookRead {
    /// Locates record `i`.
    pub fn locate(&self, record: u64) -> Location {
        self.locations
            .get(record as usize)
            .cloned()
            .unwrap_or(Location::File)
    }
}

fn unreadable(checker: &mut Checker<'_>, message: impl Into<String>) -> WorkbookRead {
    checker.problem(Problem::new(Location::File, "", message));
    WorkbookRead {
        kind: WorkbookKind::Unreadable,
        locations: Vec::new(),
    }
}

/// Whether bytes are an Office file encrypted with a password (an OLE compound file holding
/// an `EncryptedPackage` stream), as Excel writes “Encrypt with Password”.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
        && bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// Reads a workbook into `checker`.
pub fn read(bytes: &[u8], checker: &mut Checker<'_>) -> WorkbookRead {
    if is_encrypted(bytes) {
        return unreadable(
            checker,
            "the workbook is protected with a password (encrypted), so it cannot be read; open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it), save, and import it again",
        );
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return unreadable(
            checker,
            "an old Excel 97–2003 workbook (.xls); open it in Excel and save it as “Excel Workbook (*.xlsx)”",
        );
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return unreadable(
            checker,
            "not an XLSX workbook (it does not start as a zip archive); expected an .xlsx file saved by Excel or LibreOffice",
        );
    }
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            return unreadable(
                checker,
                format!(
                    "the workbook cannot be opened: it is truncated or damaged ({e}); save it again from Excel and import the new file"
                ),
            );
        }
    };
    let names = workbook.sheet_names();
    if names.iter().any(|n| n == CODES_SHEET) {
        read_form(&mut workbook, &names, checker)
    } else {
        read_long_table(&mut workbook, &names, checker)
    }
}

fn cell_at(sheet: &str, row: u32, col: u16) -> Location {
    Location::Cell {
        sheet: sheet.to_string(),
        cell: cell_name(row, col),
    }
}

fn text_of(data: Option<&Data>) -> String {
    match data {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => nfc(s.trim()),
        Some(Data::Float(x)) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => other.to_string(),
    }
}

fn date_text(dt: &calamine::ExcelDateTime) -> String {
    let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
    if hh == 0 && mm == 0 && ss == 0 {
        format!("{d:02}/{m:02}/{y}")
    } else {
        format!("{d:02}/{m:02}/{y} {hh:02}:{mm:02}")
    }
}

/// A cell holding a figure, as a raw number.
fn raw_number<'d>(data: Option<&'d Data>, formula: &str, unit: &str) -> RawNumber<'d> {
    match data {
        None | Some(Data::Empty) => RawNumber::Empty,
        Some(Data::Float(x)) => RawNumber::Binary(*x),
        Some(Data::Int(i)) => RawNumber::Binary(*i as f64),
        Some(Data::String(s)) if s.trim().is_empty() => RawNumber::Empty,
        Some(Data::String(s)) => RawNumber::Text(s, Notation::Vietnamese),
        Some(Data::Bool(b)) => RawNumber::Bad(
            if *b { "TRUE" } else { "FALSE" }.to_string(),
            format!("a true/false value where a figure belongs; expected a number of {unit}"),
        ),
        Some(Data::DateTime(dt)) => RawNumber::Bad(
            date_text(dt),
            format!(
                "a date where a figure belongs (the cell is formatted as a date, or a figure such as 1/4 was taken for a date); expected a number of {unit}: format the cell as a number and type the figure again"
            ),
        ),
        Some(Data::DateTimeIso(s) | Data::DurationIso(s)) => RawNumber::Bad(
            s.clone(),
            format!("a date or time where a figure belongs; expected a number of {unit}"),
        ),
        Some(Data::Error(e)) => RawNumber::Bad(
            e.to_string(),
            if formula.is_empty() {
                format!("an error value where a figure belongs; expected a number of {unit}")
            } else {
                format!("the formula ={formula} yields an error; expected a number of {unit}")
            },
        ),
    }
}

fn merged_over(merged: &[Dimensions], row: u32, col: u16) -> Option<String> {
    merged
        .iter()
        .find(|d| d.contains(row, u32::from(col)) && d.start != d.end)
        .map(|d| {
            format!(
                "{}:{}",
                cell_name(d.start.0, d.start.1 as u16),
                cell_name(d.end.0, d.end.1 as u16)
            )
        })
}

fn read_form(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    names: &[String],
    checker: &mut Checker<'_>,
) -> WorkbookRead {
    let mut out = WorkbookRead {
        kind: WorkbookKind::Form {
            period: None,
            org_unit: String::new(),
        },
        locations: Vec::new(),
    };
    let codes = match workbook.worksheet_range(CODES_SHEET) {
        Ok(r) => r,
        Err(e) => {
            checker.problem(Problem::new(
                Location::Sheet {
                    sheet: CODES_SHEET.to_string(),
                },
                "",
                format!("the codes sheet cannot be read ({e}); export the form again"),
            ));
            return out;
        }
    };
    let code = |row: u32, col: u16| text_of(codes.get_value((row, u32::from(col))));
    let codes_at = |row: u32, col: u16| cell_at(CODES_SHEET, row, col);
    if code(0, 0) != FORM_MARK || code(0, 1) != FORM_VERSION {
        checker.problem(Problem::new(
            codes_at(0, 0),
            format!("{} {}", code(0, 0), code(0, 1)),
            format!("the codes sheet was changed; expected “{FORM_MARK}” and version {FORM_VERSION}: export the form again"),
        ));
        return out;
    }
    let period_text = code(1, 1);
    let period = match Period::parse(&period_text) {
        Ok(p) => Some(p),
        Err(e) => {
            checker.problem(Problem::new(
                codes_at(1, 1),
                &period_text,
                format!("the form's period cannot be read: {e}"),
            ));
            None
        }
    };
    let org_unit = code(2, 1);
    out.kind = WorkbookKind::Form {
        period,
        org_unit: org_unit.clone(),
    };
    let form_sheet = {
        let s = code(3, 1);
        if s.is_empty() {
            FORM_SHEET.to_string()
        } else {
            s
        }
    };
    for name in names {
        if name != &form_sheet && name != CODES_SHEET {
            checker.problem(Problem::new(
                Location::Sheet { sheet: name.clone() },
                "",
                format!(
                    "an extra sheet “{name}”: a form has only the sheet “{form_sheet}” (and its hidden codes); copy the figures into the form and delete this sheet"
                ),
            ));
        }
    }
    if !names.contains(&form_sheet) {
        checker.problem(Problem::new(
            Location::Sheet { sheet: form_sheet.clone() },
            "",
            format!("the form's sheet “{form_sheet}” is missing (renamed or deleted?); expected it as exported"),
        ));
        return out;
    }
    let header: Vec<String> = (0..CODES_COLUMNS.len() as u16)
        .map(|c| code(CODES_HEADER_ROW, c))
        .collect();
    if header != CODES_COLUMNS {
        checker.problem(Problem::new(
            codes_at(CODES_HEADER_ROW, 0),
            header.join(","),
            format!(
                "the codes sheet was changed; expected the columns {}",
                CODES_COLUMNS.join(",")
            ),
        ));
        return out;
    }
    let (values, formulas, merged) = match (
        workbook.worksheet_range(&form_sheet),
        workbook.worksheet_formula(&form_sheet),
        workbook.merge_cells_by_sheet_name(&form_sheet),
    ) {
        (Ok(v), Ok(f), Ok(m)) => (v, f, m),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            checker.problem(Problem::new(
                Location::Sheet {
                    sheet: form_sheet.clone(),
                },
                "",
                format!("the sheet cannot be read ({e})"),
            ));
            return out;
        }
    };
    let formula_at = |row: u32, col: u16| -> String {
        formulas
            .get_value((row, u32::from(col)))
            .cloned()
            .unwrap_or_default()
    };
    let last = codes.end().map_or(0, |e| e.0);
    let mut moved: Option<(u32, String, String)> = None;
    let mut moved_more = 0;
    for r in CODES_HEADER_ROW + 1..=last {
        let [cell, kind, de, coc, p, ou, comment_cell] =
            std::array::from_fn::<String, 7, _>(|c| code(r, c as u16));
        if cell.is_empty() && kind.is_empty() {
            continue;
        }
        let Some((row, col)) = parse_cell_name(&cell) else {
            checker.problem(Problem::new(
                codes_at(r, 0),
                &cell,
                "not a cell reference; the codes sheet was changed: export the form again",
            ));
            continue;
        };
        let at_value = cell_at(&form_sheet, row, col);
        let key = text_of(values.get_value((row, u32::from(COL_KEY))));
        let coc_code = if coc.is_empty() {
            "default".to_string()
        } else {
            coc.clone()
        };
        let expected_key = format!("{de}|{coc_code}");
        if key != expected_key {
            // Rows moved: every row below is shifted, so one problem names the first and
            // counts the others.
            if moved.is_none() {
                moved = Some((row, key, expected_key));
            } else {
                moved_more += 1;
            }
            continue;
        }
        if let Some(range) = merged_over(&merged, row, col) {
            checker.problem(Problem::new(
                at_value.clone(),
                &range,
                "the input cell is merged with other cells; expected each input cell on its own: unmerge it",
            ));
            continue;
        }
        let data = values.get_value((row, u32::from(col)));
        let formula = formula_at(row, col);
        match kind.as_str() {
            "total" => {
                if formula.is_empty() && !matches!(data, None | Some(Data::Empty)) {
                    checker.problem(Problem::new(
                        at_value,
                        text_of(data),
                        "a total the form computes was overwritten with a figure; expected the formula: type the parts in the rows below it, or export the form again",
                    ));
                }
                continue;
            }
            "input" => {}
            other => {
                checker.problem(Problem::new(
                    codes_at(r, 1),
                    other,
                    "the codes sheet was changed; expected `input` or `total`",
                ));
                continue;
            }
        }
        if Some(&p) != period.map(|x| x.id()).as_ref() {
            checker.problem(Problem::new(
                codes_at(r, 4),
                &p,
                format!(
                    "a period outside the form: the form is for {period_text}; expected every cell of the form to be of {period_text}"
                ),
            ));
            continue;
        }
        if ou != org_unit {
            checker.problem(Problem::new(
                codes_at(r, 5),
                &ou,
                format!("an org unit other than the form's ({org_unit}); expected {org_unit}"),
            ));
            continue;
        }
        let comment_location = parse_cell_name(&comment_cell);
        let comment = comment_location
            .map(|(cr, cc)| text_of(values.get_value((cr, u32::from(cc)))))
            .unwrap_or_default();
        let unit = crate_unit(&de, checker);
        let raw = RawValue {
            data_element: &de,
            coc: &coc,
            org_unit: &ou,
            period: RawPeriod::Text(&p),
            value: raw_number(data, &formula, &unit),
            comment: Some(&comment),
            stored_by: None,
            stored_at: None,
        };
        let record = out.locations.len() as u64;
        out.locations.push(at_value.clone());
        let sheet = form_sheet.clone();
        checker.check(record, &raw, &|column| match column {
            Column::Value => at_value.clone(),
            Column::Comment => {
                comment_location.map_or(Location::File, |(cr, cc)| cell_at(&sheet, cr, cc))
            }
            Column::DataElement => codes_at(r, 2),
            Column::Coc => codes_at(r, 3),
            Column::Period => codes_at(r, 4),
            Column::OrgUnit => codes_at(r, 5),
        });
    }
    if let Some((row, key, expected)) = moved {
        let others = if moved_more > 0 {
            format!(
                " ({moved_more} other rows below are not where the codes sheet expects them either)"
            )
        } else {
            String::new()
        };
        checker.problem(Problem::new(
            cell_at(&form_sheet, row, COL_KEY),
            key,
            format!(
                "row {} no longer holds `{expected}`{others}: rows were inserted, deleted or moved, or the hidden codes were edited; expected the rows as exported: export the form again and copy the figures into it",
                row + 1
            ),
        ));
    }
    out
}

fn crate_unit(de: &str, checker: &Checker<'_>) -> String {
    checker
        .unit_of(de)
        .unwrap_or("the data element")
        .to_string()
}

/// Column aliases of a long table, folded (lower case).
const LONG_COLUMNS: [(&str, &[&str]); 6] = [
    (
        "data_element",
        &[
            "data_element",
            "dataelement",
            "data element",
            "mã chỉ tiêu",
            "chỉ tiêu",
            "ma_chi_tieu",
        ],
    ),
    (
        "coc",
        &[
            "coc",
            "breakdown",
            "catoptcombo",
            "categoryoptioncombo",
            "phân tổ",
            "mã phân tổ",
        ],
    ),
    (
        "org_unit",
        &["org_unit", "orgunit", "org unit", "đơn vị", "mã đơn vị"],
    ),
    ("period", &["period", "kỳ", "kỳ báo cáo"]),
    ("value", &["value", "giá trị", "số liệu"]),
    ("comment", &["comment", "ghi chú"]),
];

fn read_long_table(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    names: &[String],
    checker: &mut Checker<'_>,
) -> WorkbookRead {
    let mut out = WorkbookRead {
        kind: WorkbookKind::LongTable,
        locations: Vec::new(),
    };
    let Some(sheet) = names.first().cloned() else {
        checker.problem(Problem::new(
            Location::File,
            "",
            "the workbook has no sheet",
        ));
        return out;
    };
    for name in &names[1..] {
        let empty = workbook
            .worksheet_range(name)
            .map(|r| r.used_cells().next().is_none())
            .unwrap_or(false);
        if !empty {
            checker.problem(Problem::new(
                Location::Sheet { sheet: name.clone() },
                "",
                format!("an extra sheet “{name}” with data: a long table is read from the first sheet only (“{sheet}”); move its rows there or delete it"),
            ));
        }
    }
    let (range, formulas, merged): (Range<Data>, Range<String>, Vec<Dimensions>) = match (
        workbook.worksheet_range(&sheet),
        workbook.worksheet_formula(&sheet),
        workbook.merge_cells_by_sheet_name(&sheet),
    ) {
        (Ok(v), Ok(f), Ok(m)) => (v, f, m),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            checker.problem(Problem::new(
                Location::Sheet { sheet },
                "",
                format!("the sheet cannot be read ({e})"),
            ));
            return out;
        }
    };
    let Some((top, left)) = range.start() else {
        checker.problem(Problem::new(
            Location::Sheet { sheet },
            "",
            "the sheet is empty; expected a header row and one row per figure",
        ));
        return out;
    };
    let (bottom, right) = range.end().unwrap_or((top, left));
    let mut index: [Option<u32>; 6] = [None; 6];
    let mut header_ok = true;
    for c in left..=right {
        let name = text_of(range.get_value((top, c))).to_lowercase();
        if name.is_empty() || crate::long_xlsx::NAME_COLUMNS.contains(&name.as_str()) {
            continue;
        }
        match LONG_COLUMNS
            .iter()
            .position(|(_, aliases)| aliases.contains(&name.as_str()))
        {
            Some(i) if index[i].is_none() => index[i] = Some(c),
            _ => {
                checker.problem(Problem::new(
                    cell_at(&sheet, top, c as u16),
                    &name,
                    "an unknown or repeated column in the header row; expected data_element, coc, org_unit, period, value and optionally comment (and the name columns baocao writes: tên chỉ tiêu, tên phân tổ, đơn vị tính)",
                ));
                header_ok = false;
            }
        }
    }
    let missing: Vec<&str> = LONG_COLUMNS[..5]
        .iter()
        .zip(index.iter())
        .filter(|(_, i)| i.is_none())
        .map(|((n, _), _)| *n)
        .collect();
    if !missing.is_empty() {
        checker.problem(Problem::new(
            cell_at(&sheet, top, left as u16),
            "",
            format!(
                "the header row lacks {}; expected a first row naming the columns data_element, coc, org_unit, period, value (and optionally comment)",
                missing.join(", ")
            ),
        ));
        header_ok = false;
    }
    if !header_ok {
        return out;
    }
    let col = |i: usize| index[i].unwrap_or(0);
    for row in top + 1..=bottom {
        let get = |i: usize| index[i].and_then(|c| range.get_value((row, c)));
        if (left..=right).all(|c| matches!(range.get_value((row, c)), None | Some(Data::Empty))) {
            continue;
        }
        let mut merged_problem = false;
        for c in index.iter().flatten().copied() {
            if let Some(span) = merged_over(&merged, row, c as u16) {
                checker.problem(Problem::new(
                    cell_at(&sheet, row, c as u16),
                    &span,
                    "the cell is merged with other cells; expected one value per cell: unmerge it",
                ));
                merged_problem = true;
            }
        }
        if merged_problem {
            continue;
        }
        let de = text_of(get(0));
        let coc = text_of(get(1));
        let ou = text_of(get(2));
        let period_data = get(3);
        let (period_text, period) = match period_data {
            Some(Data::DateTime(dt)) => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                if d == 1 {
                    let p = Period::month(i32::from(y), u32::from(m));
                    (String::new(), p.ok())
                } else {
                    (format!("{y:04}-{m:02}-{d:02}"), None)
                }
            }
            other => (text_of(other), None),
        };
        let comment = text_of(get(5));
        let formula = formulas
            .get_value((row, col(4)))
            .cloned()
            .unwrap_or_default();
        let unit = crate_unit(&de, checker);
        let raw = RawValue {
            data_element: &de,
            coc: &coc,
            org_unit: &ou,
            period: match period {
                Some(p) => RawPeriod::Period(p),
                None => RawPeriod::Text(&period_text),
            },
            value: raw_number(get(4), &formula, &unit),
            comment: Some(&comment),
            stored_by: None,
            stored_at: None,
        };
        let record = out.locations.len() as u64;
        out.locations.push(cell_at(&sheet, row, left as u16));
        let sheet = sheet.clone();
        checker.check(record, &raw, &|column| {
            let i = match column {
                Column::DataElement => 0,
                Column::Coc => 1,
                Column::OrgUnit => 2,
                Column::Period => 3,
                Column::Value => 4,
                Column::Comment => 5,
            };
            cell_at(&sheet, row, col(i) as u16)
        });
    }
    out
}
