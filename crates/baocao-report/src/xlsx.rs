//! The report's annexes as an XLSX workbook (rust_xlsxwriter), one sheet per annex, for the
//! Excel file that goes with a report (Thông tư 02/2023/TT-BTTTT: "kèm tệp Word/Excel").
//!
//! Every figure is written as the number computed in Rust, never as a formula (a viewer that
//! does not recalculate would show a formula's cached 0), with a number format of its
//! decimals. The formats carry the locale prefix `[$-42A]` (Vietnamese), so that LibreOffice
//! and Excel print `232.046` and `70,96` whatever the reader's own locale.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::model::{Annex, AnnexFigure, ReportDocument};

/// The typeface of the workbook (Nghị định 30/2020: Times New Roman).
const FONT: &str = "Times New Roman";
/// Text size of the table.
const SIZE: f64 = 12.0;
/// Column widths in characters: STT, Chỉ tiêu, Đơn vị tính, period, compared, change.
const WIDTHS: [f64; 6] = [6.0, 58.0, 13.0, 13.0, 13.0, 14.0];
/// A4 in Excel's paper codes.
const PAPER_A4: u8 = 9;

/// Why the workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxWriteError {
    /// The report has no annex to write.
    #[error("the report has no annex: add an [[annex]] table to report.toml")]
    NoAnnex,
    /// rust_xlsxwriter failed.
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[from] XlsxError),
}

/// Writes the report's annexes as the bytes of an XLSX file.
///
/// Errors: [`XlsxWriteError::NoAnnex`] when the template defines none; writer errors.
pub fn write_xlsx(doc: &ReportDocument) -> Result<Vec<u8>, XlsxWriteError> {
    if doc.annexes.is_empty() {
        return Err(XlsxWriteError::NoAnnex);
    }
    let mut workbook = Workbook::new();
    for (i, annex) in doc.annexes.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        let name = if doc.annexes.len() == 1 {
            "Phụ lục".to_string()
        } else {
            format!("Phụ lục {}", i + 1)
        };
        sheet.set_name(name)?;
        write_annex(sheet, annex)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(SIZE)
}

fn bordered() -> Format {
    base()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// The number format of a figure: Vietnamese separators, its decimals; a change is signed.
fn number_format(decimals: u32, signed: bool) -> Format {
    let digits = if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals as usize))
    };
    let pattern = if signed {
        format!("[$-42A]+{digits};-{digits};{digits}")
    } else {
        format!("[$-42A]{digits}")
    };
    bordered()
        .set_align(FormatAlign::Right)
        .set_num_format(pattern)
}

fn write_annex(sheet: &mut Worksheet, annex: &Annex) -> Result<(), XlsxError> {
    sheet
        .set_paper_size(PAPER_A4)
        .set_portrait()
        .set_print_fit_to_pages(1, 0);
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let last = (WIDTHS.len() - 1) as u16;
    let title = base()
        .set_bold()
        .set_font_size(14.0)
        .set_align(FormatAlign::Center);
    let note = base()
        .set_italic()
        .set_font_size(14.0)
        .set_align(FormatAlign::Center);
    let mut row: u32 = 0;
    sheet.merge_range(row, 0, row, last, &annex.title, &title)?;
    for line in &annex.subtitle {
        row += 1;
        sheet.merge_range(row, 0, row, last, line, &title)?;
    }
    if let Some(text) = &annex.note {
        row += 1;
        sheet.merge_range(row, 0, row, last, text, &note)?;
    }
    row += 2;
    let header = bordered().set_bold().set_align(FormatAlign::Center);
    let c = &annex.columns;
    let headings = [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        &c.current,
        &c.previous,
        &c.change,
    ];
    for (col, text) in headings.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *text, &header)?;
    }
    sheet.set_row_height(row, 48)?;
    sheet.set_repeat_rows(row, row)?;
    sheet.set_freeze_panes(row + 1, 0)?;

    let centred = bordered().set_align(FormatAlign::Center);
    let bold_centred = centred.clone().set_bold();
    let text = bordered();
    let bold_text = bordered().set_bold();
    for group in &annex.groups {
        row += 1;
        sheet.write_string_with_format(row, 0, &group.number, &bold_centred)?;
        sheet.merge_range(row, 1, row, last, &group.title, &bold_text)?;
        for r in &group.rows {
            row += 1;
            sheet.write_string_with_format(row, 0, &r.number, &centred)?;
            let (label, format) = match r.depth {
                0 => (r.label.clone(), text.clone()),
                1 => (format!("- {}", r.label), text.clone().set_indent(1)),
                _ => (format!("+ {}", r.label), text.clone().set_indent(2)),
            };
            sheet.write_string_with_format(row, 1, label, &format)?;
            sheet.write_string_with_format(row, 2, &r.unit, &centred)?;
            for (col, figure, signed) in [
                (3, &r.current, false),
                (4, &r.previous, false),
                (5, &r.change, true),
            ] {
                write_figure(sheet, row, col, figure, signed, &text)?;
            }
        }
    }
    Ok(())
}

/// A figure as a number with its format, or an empty bordered cell.
fn write_figure(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    figure: &Option<AnnexFigure>,
    signed: bool,
    empty: &Format,
) -> Result<(), XlsxError> {
    match figure {
        Some(f) => {
            // The value as printed (rounded half away from zero like the report), so that a
            // copied cell is the report's figure.
            let value = baocao_core::format::round(f.value, f.decimals);
            sheet.write_number_with_format(row, col, value, &number_format(f.decimals, signed))?;
        }
        None => {
            sheet.write_blank(row, col, empty)?;
        }
    }
    Ok(())
}
