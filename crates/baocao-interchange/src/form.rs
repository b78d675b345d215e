//! The Excel form (biểu mẫu) generated from the catalogue, for a unit to fill in.
//!
//! One sheet, [`FORM_SHEET`]: a title, the org unit and the period, then the data elements
//! as rows grouped by field, in the catalogue's order. A data element with a breakdown has
//! one row per cell under its total, as the report's annex prints it: for one category,
//! "- option" rows; for two, "- option" subtotals of the first category with the cells
//! "+ option" of the second under each, then "- Tổng option" rows of the second category
//! across the first. Every row has one input column (the period's figure), the previous
//! period's figure beside it, and a comment column. A civil servant fills one column, top to
//! bottom; the breakdowns differ from one data element to the next, so they cannot share
//! column headers.
//!
//! Totals and subtotals are formulas over the cells, with their cached results set (viewers
//! that do not recalculate would show 0 otherwise). Labels, totals and the previous period
//! are locked and the sheet protected (no password: the protection prevents slips, not
//! intent); input cells are unlocked, shaded, and validated (whole numbers ≥ 0 for counts,
//! numbers otherwise). A hidden column holds each row's codes, and the hidden sheet
//! [`CODES_SHEET`] lists every input and total cell with its data element, category option
//! combo, period and org unit: [`crate::xlsx`] reads the form back from it.

use std::collections::HashMap;

use baocao_core::catalog::{DataElement, Field, ValueType};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::Period;
use baocao_core::value::DataValue;
use baocao_engine::{CompiledCatalog, DataTable, Evaluator};
pub use rust_xlsxwriter::XlsxError;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, Format, FormatAlign, FormatBorder,
    Formula, Workbook, Worksheet,
};

/// The name of the form's sheet.
pub const FORM_SHEET: &str = "Biểu mẫu";
/// The name of the hidden sheet of codes.
pub const CODES_SHEET: &str = "baocao_codes";
/// The first cell of the codes sheet marks a baocao form.
pub const FORM_MARK: &str = "baocao-form";
/// The version of the form's layout, in B1 of the codes sheet.
pub const FORM_VERSION: &str = "1";
/// The header of the list of cells in the codes sheet (row [`CODES_HEADER_ROW`] + 1).
pub const CODES_COLUMNS: [&str; 7] = [
    "cell",
    "kind",
    "data_element",
    "coc",
    "period",
    "org_unit",
    "comment_cell",
];
/// The zero-based row of the header of the list of cells in the codes sheet.
pub const CODES_HEADER_ROW: u32 = 6;

/// Columns of the form sheet (zero-based).
pub(crate) const COL_STT: u16 = 0;
pub(crate) const COL_LABEL: u16 = 1;
pub(crate) const COL_UNIT: u16 = 2;
pub(crate) const COL_VALUE: u16 = 3;
pub(crate) const COL_PREVIOUS: u16 = 4;
pub(crate) const COL_COMMENT: u16 = 5;
pub(crate) const COL_KEY: u16 = 6;
/// About how many characters of a label fit on one line of its column (62 wide, 12 pt).
const LABEL_CHARS_PER_LINE: usize = 68;
/// The zero-based row of the table header; data rows follow.
pub(crate) const HEADER_ROW: u32 = 5;

/// What a form is made from.
#[derive(Debug, Clone)]
pub struct FormInput<'a> {
    /// The catalogue.
    pub catalog: &'a CompiledCatalog,
    /// Data element codes in the catalogue's order; elements not listed follow by code.
    pub order: &'a [String],
    /// The fields to include; empty for every field.
    pub fields: &'a [Field],
    /// The period to fill in.
    pub period: Period,
    /// The org unit that fills it in.
    pub org_unit: &'a OrgUnit,
    /// The org unit's stored figures of the previous period (printed beside the inputs)
    /// and, with `prefill`, of the period.
    pub table: &'a DataTable,
    /// The period's stored values, written into the input cells (to correct a submission);
    /// empty for a blank form.
    pub current: &'a [DataValue],
}

/// A row of the form.
enum Row<'c> {
    Field(Field, usize),
    Element {
        number: usize,
        de: &'c DataElement,
        label: String,
        coc: CategoryOptionCombo,
        kind: Kind,
        level: u8,
    },
}

#[derive(Clone)]
enum Kind {
    Input,
    /// A total over the given cells (their codes).
    Total(Vec<CategoryOptionCombo>),
}

/// The formats used.
struct Formats {
    title: Format,
    subtitle: Format,
    note: Format,
    header: Format,
    field: Format,
    label: [Format; 3],
    label_bold: Format,
    unit: Format,
    input_int: Format,
    input_dec: Format,
    total_int: Format,
    total_dec: Format,
    prev_int: Format,
    prev_dec: Format,
    comment: Format,
    locked: Format,
}

/// The number formats: "." between thousands and "," before decimals in any viewer (the
/// locale prefix `[$-42A]` is Vietnamese).
pub const FORMAT_INTEGER: &str = "[$-42A]#,##0";
/// See [`FORMAT_INTEGER`].
pub const FORMAT_DECIMAL: &str = "[$-42A]#,##0.00";

fn formats() -> Formats {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let input = cell
        .clone()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF7C2));
    let total = cell
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xEDEDED));
    let prev = cell
        .clone()
        .set_italic()
        .set_font_color(Color::RGB(0x555555));
    Formats {
        title: base
            .clone()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center),
        subtitle: base.clone().set_align(FormatAlign::Center),
        note: base.clone().set_italic().set_text_wrap().set_font_size(11),
        header: cell
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(0xD9E2F3)),
        field: cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E2F3)),
        label: [
            cell.clone().set_text_wrap().set_bold(),
            cell.clone().set_text_wrap().set_indent(1),
            cell.clone().set_text_wrap().set_indent(2),
        ],
        label_bold: cell.clone().set_text_wrap().set_bold().set_indent(1),
        unit: cell.clone().set_align(FormatAlign::Center),
        input_int: input.clone().set_num_format(FORMAT_INTEGER),
        input_dec: input.clone().set_num_format(FORMAT_DECIMAL),
        total_int: total.clone().set_num_format(FORMAT_INTEGER),
        total_dec: total.set_num_format(FORMAT_DECIMAL),
        prev_int: prev.clone().set_num_format(FORMAT_INTEGER),
        prev_dec: prev.set_num_format(FORMAT_DECIMAL),
        comment: input.set_text_wrap(),
        locked: cell,
    }
}

/// A cell reference in A1 notation: (0, 3) → `D1`.
pub fn cell_name(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Reads a cell reference in A1 notation (`D12` → (11, 3)).
pub fn parse_cell_name(name: &str) -> Option<(u32, u16)> {
    let name = name.trim();
    let split = name.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = name.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    let mut col: u32 = 0;
    for b in letters.bytes() {
        col = col * 26 + u32::from(b - b'A' + 1);
    }
    (row >= 1 && (1..=16384).contains(&col)).then(|| (row - 1, (col - 1) as u16))
}

/// The key written in the hidden column of a row: `DE|coc`.
pub(crate) fn row_key(de: &str, coc: &CategoryOptionCombo) -> String {
    format!("{de}|{}", coc.code())
}

fn rows<'c>(input: &FormInput<'c>) -> Vec<Row<'c>> {
    let catalog = &input.catalog.catalog;
    let position: HashMap<&str, usize> = input
        .order
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut elements: Vec<&DataElement> = catalog.data_elements.values().collect();
    elements.sort_by_key(|de| {
        (
            position
                .get(de.code.as_str())
                .copied()
                .unwrap_or(usize::MAX),
            de.code.clone(),
        )
    });
    let mut out = Vec::new();
    let fields: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| input.fields.is_empty() || input.fields.contains(f))
        .collect();
    let mut field_number = 0;
    for field in fields {
        let in_field: Vec<&DataElement> = elements
            .iter()
            .copied()
            .filter(|de| de.field == field)
            .collect();
        if in_field.is_empty() {
            continue;
        }
        field_number += 1;
        out.push(Row::Field(field, field_number));
        for (i, de) in in_field.into_iter().enumerate() {
            element_rows(catalog, de, i + 1, &mut out);
        }
    }
    out
}

fn element_rows<'c>(
    catalog: &baocao_core::catalog::Catalog,
    de: &'c DataElement,
    number: usize,
    out: &mut Vec<Row<'c>>,
) {
    let categories = catalog.categories_of(de);
    let row = |label: String, coc: CategoryOptionCombo, kind: Kind, level: u8| Row::Element {
        number,
        de,
        label,
        coc,
        kind,
        level,
    };
    let all_cells = crate::dhis2::cells(catalog, de);
    match categories.as_slice() {
        [] => out.push(row(
            de.name.clone(),
            CategoryOptionCombo::total(),
            Kind::Input,
            0,
        )),
        [one] => {
            out.push(row(
                de.name.clone(),
                CategoryOptionCombo::total(),
                Kind::Total(all_cells),
                0,
            ));
            for o in &one.options {
                out.push(row(
                    format!("- {}", o.name),
                    CategoryOptionCombo::new(vec![o.code.clone()]),
                    Kind::Input,
                    1,
                ));
            }
        }
        [first, second] => {
            out.push(row(
                de.name.clone(),
                CategoryOptionCombo::total(),
                Kind::Total(all_cells),
                0,
            ));
            for a in &first.options {
                let cells: Vec<CategoryOptionCombo> = second
                    .options
                    .iter()
                    .map(|b| CategoryOptionCombo::new(vec![a.code.clone(), b.code.clone()]))
                    .collect();
                out.push(row(
                    format!("- {}", a.name),
                    CategoryOptionCombo::new(vec![a.code.clone()]),
                    Kind::Total(cells.clone()),
                    1,
                ));
                for (b, cell) in second.options.iter().zip(cells) {
                    out.push(row(format!("+ {}", b.name), cell, Kind::Input, 2));
                }
            }
            for b in &second.options {
                let cells: Vec<CategoryOptionCombo> = first
                    .options
                    .iter()
                    .map(|a| CategoryOptionCombo::new(vec![a.code.clone(), b.code.clone()]))
                    .collect();
                out.push(row(
                    format!("- Tổng {}", b.name),
                    CategoryOptionCombo::new(vec![b.code.clone()]),
                    Kind::Total(cells),
                    1,
                ));
            }
        }
        _ => {
            out.push(row(
                de.name.clone(),
                CategoryOptionCombo::total(),
                Kind::Total(all_cells.clone()),
                0,
            ));
            for cell in all_cells {
                let label = catalog.selection_label(de, &cell);
                out.push(row(format!("- {label}"), cell, Kind::Input, 1));
            }
        }
    }
}

fn plain(x: f64) -> String {
    let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    format!("{rounded}")
}

/// Writes the form.
///
/// # Errors
/// rust_xlsxwriter's errors (never expected for a valid catalogue).
pub fn write_form(input: &FormInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let rows = rows(input);
    let catalog = &input.catalog.catalog;
    let previous = input.period.previous();
    let evaluator = Evaluator::new(input.catalog, input.table);
    let current: HashMap<(String, String), &DataValue> = input
        .current
        .iter()
        .filter(|v| v.period == input.period && v.org_unit == input.org_unit.id)
        .map(|v| ((v.data_element.clone(), v.category_option_combo.code()), v))
        .collect();
    let unit_name = input
        .org_unit
        .on(input.period.calendar_window().end)
        .map_or(input.org_unit.current_name(), |v| v.name.as_str())
        .to_string();

    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Biểu mẫu số liệu {}", input.period.label_vi()))
            .set_subject(format!("{} — {}", unit_name, input.period.id()))
            .set_author("baocao"),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(FORM_SHEET)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    for (col, width) in [
        (COL_STT, 6.0),
        (COL_LABEL, 62.0),
        (COL_UNIT, 14.0),
        (COL_VALUE, 16.0),
        (COL_PREVIOUS, 16.0),
        (COL_COMMENT, 30.0),
        (COL_KEY, 30.0),
    ] {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_column_hidden(COL_KEY)?;
    let title = format!(
        "BIỂU MẪU SỐ LIỆU {}",
        input.period.label_vi().to_uppercase()
    );
    sheet.merge_range(0, COL_STT, 0, COL_COMMENT, &title, &f.title)?;
    sheet.merge_range(
        1,
        COL_STT,
        1,
        COL_COMMENT,
        &format!("Đơn vị báo cáo: {unit_name} (mã {})", input.org_unit.id),
        &f.subtitle,
    )?;
    sheet.merge_range(
        2,
        COL_STT,
        2,
        COL_COMMENT,
        &format!(
            "Kỳ báo cáo: {} ({})",
            input.period.label_vi(),
            input.period.id()
        ),
        &f.subtitle,
    )?;
    sheet.merge_range(
        3,
        COL_STT,
        3,
        COL_COMMENT,
        "Nhập số liệu vào các ô nền vàng của cột số liệu kỳ này (chỉ tiêu đếm: số nguyên không âm) và ghi chú nếu có; các dòng tổng tự tính. Không thêm, xóa hay di chuyển dòng, cột hoặc trang tính.",
        &f.note,
    )?;
    sheet.set_row_height(3, 32)?;
    let headers = [
        "STT".to_string(),
        "Chỉ tiêu".to_string(),
        "Đơn vị tính".to_string(),
        format!("Số liệu {}", input.period.label_vi()),
        format!("Số liệu {} (tham khảo)", previous.label_vi()),
        "Ghi chú".to_string(),
        "Mã (không sửa)".to_string(),
    ];
    for (i, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, i as u16, h, &f.header)?;
    }
    sheet.set_row_height(HEADER_ROW, 32)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;

    // Where each (data element, cell) input is, for the total formulas.
    let mut input_row: HashMap<(String, String), u32> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if let Row::Element {
            de,
            coc,
            kind: Kind::Input,
            ..
        } = row
        {
            input_row.insert((de.code.clone(), coc.code()), HEADER_ROW + 1 + i as u32);
        }
    }
    let mut codes: Vec<[String; 7]> = Vec::new();
    let period_id = input.period.id();
    for (i, row) in rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        match row {
            Row::Field(field, n) => {
                sheet.write_string_with_format(
                    r,
                    COL_STT,
                    baocao_core::format::roman(*n as u32),
                    &f.field,
                )?;
                sheet.merge_range(r, COL_LABEL, r, COL_COMMENT, field.name_vi(), &f.field)?;
            }
            Row::Element {
                number,
                de,
                label,
                coc,
                kind,
                level,
            } => {
                let integer = de.value_type == ValueType::Integer;
                let stt = if *level == 0 {
                    number.to_string()
                } else {
                    String::new()
                };
                sheet.write_string_with_format(r, COL_STT, &stt, &f.locked)?;
                let label_format = match (level, kind) {
                    (0, _) => &f.label[0],
                    (1, Kind::Total(_)) => &f.label_bold,
                    (l, _) => &f.label[usize::from(*l).min(2)],
                };
                sheet.write_string_with_format(r, COL_LABEL, label, label_format)?;
                // Viewers do not grow a row for wrapped text written by a program: size it.
                let lines = label.chars().count().div_ceil(LABEL_CHARS_PER_LINE).max(1);
                if lines > 1 {
                    sheet.set_row_height(r, 16.0 * lines as f64)?;
                }
                sheet.write_string_with_format(
                    r,
                    COL_UNIT,
                    if *level == 0 { &de.unit } else { "" },
                    &f.unit,
                )?;
                sheet.write_string(r, COL_KEY, row_key(&de.code, coc))?;
                let cell = cell_name(r, COL_VALUE);
                match kind {
                    Kind::Input => {
                        let format = if integer { &f.input_int } else { &f.input_dec };
                        match current.get(&(de.code.clone(), coc.code())) {
                            Some(v) => {
                                sheet.write_number_with_format(
                                    r,
                                    COL_VALUE,
                                    v.number.value,
                                    format,
                                )?;
                            }
                            None => {
                                sheet.write_blank(r, COL_VALUE, format)?;
                            }
                        }
                        let comment = current
                            .get(&(de.code.clone(), coc.code()))
                            .and_then(|v| v.comment.clone())
                            .unwrap_or_default();
                        sheet.write_string_with_format(r, COL_COMMENT, &comment, &f.comment)?;
                        sheet.add_data_validation(r, COL_VALUE, r, COL_VALUE, &validation(de)?)?;
                        codes.push([
                            cell,
                            "input".to_string(),
                            de.code.clone(),
                            coc.code(),
                            period_id.clone(),
                            input.org_unit.id.clone(),
                            cell_name(r, COL_COMMENT),
                        ]);
                    }
                    Kind::Total(parts) => {
                        let refs: Vec<String> = parts
                            .iter()
                            .filter_map(|p| input_row.get(&(de.code.clone(), p.code())))
                            .map(|row| cell_name(*row, COL_VALUE))
                            .collect();
                        let result: f64 = parts
                            .iter()
                            .filter_map(|p| current.get(&(de.code.clone(), p.code())))
                            .map(|v| v.number.value)
                            .sum();
                        let format = if integer { &f.total_int } else { &f.total_dec };
                        let formula = Formula::new(format!("=SUM({})", refs.join(",")))
                            .set_result(plain(result));
                        sheet.write_formula_with_format(r, COL_VALUE, formula, format)?;
                        sheet.write_blank(r, COL_COMMENT, &f.locked)?;
                        codes.push([
                            cell,
                            "total".to_string(),
                            de.code.clone(),
                            coc.code(),
                            period_id.clone(),
                            input.org_unit.id.clone(),
                            String::new(),
                        ]);
                    }
                }
                let prev_format = if integer { &f.prev_int } else { &f.prev_dec };
                match evaluator.computed(de, coc, previous) {
                    Some(x) => sheet.write_number_with_format(r, COL_PREVIOUS, x, prev_format)?,
                    None => sheet.write_blank(r, COL_PREVIOUS, prev_format)?,
                };
            }
        }
    }
    sheet.protect();
    let _ = catalog;

    let codes_sheet = workbook.add_worksheet();
    write_codes(codes_sheet, input, &codes)?;
    workbook.save_to_buffer()
}

fn validation(de: &DataElement) -> Result<DataValidation, XlsxError> {
    Ok(match de.value_type {
        ValueType::Integer => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_input_title("Số nguyên không âm")?
            .set_input_message(format!("Nhập số {} (0, 1, 2, …).", de.unit))?
            .set_error_title("Số liệu không hợp lệ")?
            .set_error_message(format!(
                "Chỉ tiêu này đếm {}: nhập một số nguyên không âm.",
                de.unit
            ))?,
        ValueType::Number | ValueType::Percentage => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
            .set_input_title("Số")?
            .set_input_message(format!("Nhập số liệu ({}).", de.unit))?
            .set_error_title("Số liệu không hợp lệ")?
            .set_error_message("Nhập một số.")?,
    })
}

fn write_codes(
    sheet: &mut Worksheet,
    input: &FormInput<'_>,
    codes: &[[String; 7]],
) -> Result<(), XlsxError> {
    sheet.set_name(CODES_SHEET)?;
    sheet.write_string(0, 0, FORM_MARK)?;
    sheet.write_string(0, 1, FORM_VERSION)?;
    sheet.write_string(1, 0, "period")?;
    sheet.write_string(1, 1, input.period.id())?;
    sheet.write_string(2, 0, "org_unit")?;
    sheet.write_string(2, 1, &input.org_unit.id)?;
    sheet.write_string(3, 0, "sheet")?;
    sheet.write_string(3, 1, FORM_SHEET)?;
    sheet.write_string(4, 0, "fields")?;
    let fields: Vec<&str> = input.fields.iter().map(|f| f.code()).collect();
    sheet.write_string(4, 1, fields.join(","))?;
    for (c, name) in CODES_COLUMNS.iter().enumerate() {
        sheet.write_string(CODES_HEADER_ROW, c as u16, *name)?;
    }
    for (i, row) in codes.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(CODES_HEADER_ROW + 1 + i as u32, c as u16, text)?;
        }
    }
    sheet.set_hidden(true);
    sheet.protect();
    Ok(())
}

/// The data element codes of a catalogue file, in the order the file lists them (the
/// catalogue itself is kept by code); empty when the text is not TOML.
pub fn catalog_order(catalog_toml: &str) -> Vec<String> {
    let Ok(value) = catalog_toml.parse::<toml::Table>() else {
        return Vec::new();
    };
    value
        .get("data_element")
        .and_then(|v| v.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|de| de.get("code").and_then(|c| c.as_str()).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 3), "D12");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(parse_cell_name("D12"), Some((11, 3)));
        assert_eq!(parse_cell_name("AA1"), Some((0, 26)));
        assert_eq!(parse_cell_name("12"), None);
        assert_eq!(parse_cell_name("d12"), None);
        assert_eq!(parse_cell_name("D0"), None);
    }
}
