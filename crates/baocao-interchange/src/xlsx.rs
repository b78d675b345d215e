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

/// Where a record given to the checker was read.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// An input cell of a form (row, column), its row in the codes sheet, and its comment
    /// cell if it has one.
    Form {
        cell: (u32, u16),
        codes_row: u32,
        comment: Option<(u32, u16)>,
    },
    /// A row of a long table.
    Row(u32),
}

/// The result of reading a workbook: its kind, and where each record passed to the checker
/// was read (for [`Checker::finish`]), kept as row and column numbers, not as text.
#[derive(Debug, Clone)]
pub struct WorkbookRead {
    /// Form or long table.
    pub kind: WorkbookKind,
    /// The sheet the values were read from (the form's sheet, or the long table's).
    sheet: String,
    /// The column of each of a long table's columns, in [`Column`] order (data element,
    /// breakdown, org unit, period, value, comment), and its first column.
    columns: [u16; 6],
    first_column: u16,
    /// Record `i` given to the checker was read at `places[i]`.
    places: Vec<Place>,
}

impl WorkbookRead {
    fn new(kind: WorkbookKind) -> Self {
        WorkbookRead {
            kind,
            sheet: String::new(),
            columns: [0; 6],
            first_column: 0,
            places: Vec::new(),
        }
    }

    /// Locates record `i`, or one of its columns: for a form, the input cell (the figure, or
    /// the record as a whole), its comment cell, or the cell of its codes in the hidden codes
    /// sheet (data element, breakdown, period, org unit); for a long table, the cell of that
    /// column in the record's row (its first cell for the record as a whole).
    pub fn locate(&self, record: u64, column: Option<Column>) -> Location {
        let Some(place) = self.places.get(record as usize) else {
            return Location::File;
        };
        match *place {
            Place::Form {
                cell,
                codes_row,
                comment,
            } => match column {
                None | Some(Column::Value) => cell_at(&self.sheet, cell.0, cell.1),
                Some(Column::Comment) => comment.map_or_else(
                    || cell_at(&self.sheet, cell.0, cell.1),
                    |(r, c)| cell_at(&self.sheet, r, c),
                ),
                Some(Column::DataElement) => cell_at(CODES_SHEET, codes_row, 2),
                Some(Column::Coc) => cell_at(CODES_SHEET, codes_row, 3),
                Some(Column::Period) => cell_at(CODES_SHEET, codes_row, 4),
                Some(Column::OrgUnit) => cell_at(CODES_SHEET, codes_row, 5),
            },
            Place::Row(row) => {
                let col = column.map_or(self.first_column, |c| self.columns[long_index(c)]);
                cell_at(&self.sheet, row, col)
            }
        }
    }
}

/// The index of a column in a long table's columns ([`LONG_COLUMNS`]).
fn long_index(column: Column) -> usize {
    match column {
        Column::DataElement => 0,
        Column::Coc => 1,
        Column::OrgUnit => 2,
        Column::Period => 3,
        Column::Value => 4,
        Column::Comment => 5,
    }
}

fn unreadable(checker: &mut Checker<'_>, message: impl Into<String>) -> WorkbookRead {
    checker.problem(Problem::new(Location::File, "", message));
    WorkbookRead::new(WorkbookKind::Unreadable)
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
            "bảng tính được bảo vệ bằng mật khẩu (đã mã hóa) nên không đọc được; cần tệp không có mật khẩu: hãy mở bằng Excel, gỡ mật khẩu (File › Info › Protect Workbook › Encrypt with Password, xóa mật khẩu), lưu lại rồi nhập lại",
        );
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return unreadable(
            checker,
            "bảng tính Excel 97–2003 (.xls) cũ; cần tệp .xlsx: hãy mở bằng Excel và lưu lại dạng “Excel Workbook (*.xlsx)”",
        );
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return unreadable(
            checker,
            "không phải bảng tính XLSX (tệp không bắt đầu như một tệp nén zip); cần tệp .xlsx lưu từ Excel hoặc LibreOffice",
        );
    }
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            return unreadable(
                checker,
                format!(
                    "không mở được bảng tính: tệp bị cắt cụt hoặc bị hỏng ({e}); cần tệp nguyên vẹn: hãy lưu lại từ Excel rồi nhập tệp mới"
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

/// What a cell holding a figure must hold: `một số (đơn vị tính: hồ sơ)`.
fn a_number(unit: &str) -> String {
    if unit.is_empty() {
        "một số".to_string()
    } else {
        format!("một số (đơn vị tính: {unit})")
    }
}

/// A cell holding a figure, as a raw number; `unit` is the data element's unit, empty when
/// the data element is unknown.
fn raw_number<'d>(data: Option<&'d Data>, formula: &str, unit: &str) -> RawNumber<'d> {
    let number = a_number(unit);
    match data {
        None | Some(Data::Empty) => RawNumber::Empty,
        Some(Data::Float(x)) => RawNumber::Binary(*x),
        Some(Data::Int(i)) => RawNumber::Binary(*i as f64),
        Some(Data::String(s)) if s.trim().is_empty() => RawNumber::Empty,
        Some(Data::String(s)) => RawNumber::Text(s, Notation::Vietnamese),
        Some(Data::Bool(b)) => RawNumber::Bad(
            if *b { "TRUE" } else { "FALSE" }.to_string(),
            format!("giá trị đúng/sai ở ô cần số liệu; cần {number}"),
        ),
        Some(Data::DateTime(dt)) => RawNumber::Bad(
            date_text(dt),
            format!(
                "ngày tháng ở ô cần số liệu (ô được định dạng ngày, hoặc Excel hiểu một số như 1/4 thành ngày); cần {number}: hãy định dạng ô là số (Number) rồi nhập lại số liệu"
            ),
        ),
        Some(Data::DateTimeIso(s) | Data::DurationIso(s)) => RawNumber::Bad(
            s.clone(),
            format!("ngày hoặc giờ ở ô cần số liệu; cần {number}"),
        ),
        Some(Data::Error(e)) => RawNumber::Bad(
            e.to_string(),
            if formula.is_empty() {
                format!("giá trị lỗi ở ô cần số liệu; cần {number}")
            } else {
                format!("công thức ={formula} cho kết quả lỗi; cần {number}")
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
    let mut out = WorkbookRead::new(WorkbookKind::Form {
        period: None,
        org_unit: String::new(),
    });
    let codes = match workbook.worksheet_range(CODES_SHEET) {
        Ok(r) => r,
        Err(e) => {
            checker.problem(Problem::new(
                Location::Sheet {
                    sheet: CODES_SHEET.to_string(),
                },
                "",
                format!("không đọc được trang mã ({e}); cần trang mã như khi xuất: hãy xuất lại biểu mẫu"),
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
            format!("trang mã đã bị sửa; cần “{FORM_MARK}” và phiên bản {FORM_VERSION}: hãy xuất lại biểu mẫu"),
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
                format!(
                    "không đọc được kỳ báo cáo của biểu mẫu: {}; cần trang mã như khi xuất: hãy xuất lại biểu mẫu",
                    crate::vi::period_error(&e)
                ),
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
    // Sheet names are compared in NFC (a tool may save “Biểu mẫu” decomposed); the workbook
    // is read by the name as stored.
    let stored_form_sheet = names.iter().find(|n| nfc(n) == form_sheet).cloned();
    for name in names {
        let name = nfc(name);
        if name != form_sheet && name != CODES_SHEET {
            checker.problem(Problem::new(
                Location::Sheet { sheet: name.clone() },
                "",
                format!(
                    "trang thừa “{name}”: biểu mẫu chỉ có trang “{form_sheet}” (và trang mã ẩn); cần chép số liệu vào biểu mẫu và xóa trang này"
                ),
            ));
        }
    }
    let Some(stored_form_sheet) = stored_form_sheet else {
        checker.problem(Problem::new(
            Location::Sheet { sheet: form_sheet.clone() },
            "",
            format!("thiếu trang “{form_sheet}” của biểu mẫu (bị đổi tên hay bị xóa?); cần giữ trang như khi xuất"),
        ));
        return out;
    };
    out.sheet = form_sheet.clone();
    let header: Vec<String> = (0..CODES_COLUMNS.len() as u16)
        .map(|c| code(CODES_HEADER_ROW, c))
        .collect();
    if header != CODES_COLUMNS {
        checker.problem(Problem::new(
            codes_at(CODES_HEADER_ROW, 0),
            header.join(","),
            format!(
                "trang mã đã bị sửa; cần các cột {}: hãy xuất lại biểu mẫu",
                CODES_COLUMNS.join(",")
            ),
        ));
        return out;
    }
    let (values, formulas, merged) = match (
        workbook.worksheet_range(&stored_form_sheet),
        workbook.worksheet_formula(&stored_form_sheet),
        workbook.merge_cells_by_sheet_name(&stored_form_sheet),
    ) {
        (Ok(v), Ok(f), Ok(m)) => (v, f, m),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            checker.problem(Problem::new(
                Location::Sheet {
                    sheet: form_sheet.clone(),
                },
                "",
                format!(
                    "không đọc được trang này ({e}); cần lưu lại bảng tính từ Excel rồi nhập lại"
                ),
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
                "không phải địa chỉ ô; trang mã đã bị sửa, cần trang mã như khi xuất: hãy xuất lại biểu mẫu",
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
                "ô nhập liệu bị gộp với ô khác; cần mỗi ô nhập liệu đứng riêng: hãy bỏ gộp ô (Unmerge Cells)",
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
                        "ô tổng do biểu mẫu tự tính đã bị ghi đè bằng một số; cần giữ công thức: hãy nhập các thành phần ở các dòng bên dưới, hoặc xuất lại biểu mẫu",
                    ));
                }
                continue;
            }
            "input" => {}
            other => {
                checker.problem(Problem::new(
                    codes_at(r, 1),
                    other,
                    "trang mã đã bị sửa; cần `input` hoặc `total`: hãy xuất lại biểu mẫu",
                ));
                continue;
            }
        }
        if Some(&p) != period.map(|x| x.id()).as_ref() {
            checker.problem(Problem::new(
                codes_at(r, 4),
                &p,
                format!(
                    "kỳ khác với kỳ của biểu mẫu: biểu mẫu là của kỳ {period_text}; cần mọi ô của biểu mẫu thuộc kỳ {period_text}"
                ),
            ));
            continue;
        }
        if ou != org_unit {
            checker.problem(Problem::new(
                codes_at(r, 5),
                &ou,
                format!("đơn vị khác với đơn vị của biểu mẫu ({org_unit}); cần {org_unit}"),
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
        let record = out.places.len() as u64;
        out.places.push(Place::Form {
            cell: (row, col),
            codes_row: r,
            comment: comment_location,
        });
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
            format!(" ({moved_more} dòng khác bên dưới cũng không còn ở vị trí trang mã ghi)")
        } else {
            String::new()
        };
        checker.problem(Problem::new(
            cell_at(&form_sheet, row, COL_KEY),
            key,
            format!(
                "dòng {} không còn chứa `{expected}`{others}: có dòng đã bị chèn, xóa hoặc di chuyển, hoặc mã ẩn đã bị sửa; cần giữ các dòng như khi xuất: hãy xuất lại biểu mẫu rồi chép số liệu vào",
                row + 1
            ),
        ));
    }
    out
}

fn crate_unit(de: &str, checker: &Checker<'_>) -> String {
    checker.unit_of(de).unwrap_or_default().to_string()
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
    let mut out = WorkbookRead::new(WorkbookKind::LongTable);
    let Some(sheet) = names.first().cloned() else {
        checker.problem(Problem::new(
            Location::File,
            "",
            "bảng tính không có trang nào; cần một trang có dòng tiêu đề và mỗi số liệu một dòng",
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
                format!("trang thừa “{name}” có dữ liệu: bảng dài chỉ được đọc từ trang đầu tiên (“{sheet}”); cần chuyển các dòng sang trang đó hoặc xóa trang này"),
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
                format!(
                    "không đọc được trang này ({e}); cần lưu lại bảng tính từ Excel rồi nhập lại"
                ),
            ));
            return out;
        }
    };
    let Some((top, left)) = range.start() else {
        checker.problem(Problem::new(
            Location::Sheet { sheet },
            "",
            "trang trống; cần một dòng tiêu đề và mỗi số liệu một dòng",
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
                    "cột lạ hoặc lặp lại ở dòng tiêu đề; cần các cột data_element, coc, org_unit, period, value và có thể thêm comment (cùng các cột tên baocao ghi: tên chỉ tiêu, tên phân tổ, đơn vị tính)",
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
                "dòng tiêu đề thiếu cột {}; cần dòng đầu tiên ghi tên các cột data_element, coc, org_unit, period, value (và có thể thêm comment)",
                missing.join(", ")
            ),
        ));
        header_ok = false;
    }
    if !header_ok {
        return out;
    }
    let col = |i: usize| index[i].unwrap_or(0);
    out.sheet = sheet.clone();
    out.first_column = left as u16;
    out.columns = std::array::from_fn(|i| col(i) as u16);
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
                    "ô bị gộp với ô khác; cần mỗi ô một giá trị: hãy bỏ gộp ô (Unmerge Cells)",
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
        let record = out.places.len() as u64;
        out.places.push(Place::Row(row));
        let sheet = sheet.clone();
        checker.check(record, &raw, &|column| {
            cell_at(&sheet, row, col(long_index(column)) as u16)
        });
    }
    out
}
