//! A period's figures as a long table in a workbook: one figure a row, the codes that
//! `baocao import` reads back (data_element, coc, org_unit, period, value, comment), then the
//! names for people (data element, breakdown, unit), which the import skips. Figures are
//! numbers with Vietnamese number formats at the decimals they were typed with.

use std::collections::HashMap;

use baocao_core::catalog::Catalog;
use baocao_core::value::DataValue;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, XlsxError};

/// The sheet's name.
pub const SHEET: &str = "Số liệu";

/// The columns for people after the codes; the import skips them.
pub const NAME_COLUMNS: [&str; 3] = ["tên chỉ tiêu", "tên phân tổ", "đơn vị tính"];

/// Writes values as a long table.
///
/// # Errors
/// rust_xlsxwriter's errors.
pub fn write(values: &[DataValue], catalog: &Catalog) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET)?;
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let header = base
        .clone()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E2F3));
    let columns = crate::csv_long::COLUMNS.iter().chain(NAME_COLUMNS.iter());
    for (c, name) in columns.enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
    }
    for (c, width) in [22.0, 18.0, 10.0, 10.0, 14.0, 30.0, 60.0, 40.0, 14.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, width)?;
    }
    let mut number_formats: HashMap<u32, Format> = HashMap::new();
    for (i, v) in values.iter().enumerate() {
        let r = i as u32 + 1;
        let de = catalog.data_elements.get(&v.data_element);
        sheet.write_string_with_format(r, 0, &v.data_element, &base)?;
        sheet.write_string_with_format(r, 1, v.category_option_combo.code(), &base)?;
        sheet.write_string_with_format(r, 2, &v.org_unit, &base)?;
        sheet.write_string_with_format(r, 3, v.period.id(), &base)?;
        let format = number_formats.entry(v.number.decimals).or_insert_with(|| {
            let pattern = if v.number.decimals == 0 {
                "[$-42A]#,##0".to_string()
            } else {
                format!("[$-42A]#,##0.{}", "0".repeat(v.number.decimals as usize))
            };
            base.clone().set_num_format(pattern)
        });
        sheet.write_number_with_format(r, 4, v.number.value, format)?;
        sheet.write_string_with_format(r, 5, v.comment.as_deref().unwrap_or(""), &base)?;
        if let Some(de) = de {
            sheet.write_string_with_format(r, 6, &de.name, &base)?;
            sheet.write_string_with_format(
                r,
                7,
                catalog.selection_label(de, &v.category_option_combo),
                &base,
            )?;
            sheet.write_string_with_format(r, 8, &de.unit, &base)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !values.is_empty() {
        sheet.autofilter(0, 0, values.len() as u32, 8)?;
    }
    book.save_to_buffer()
}
