//! baocao's long CSV format: one figure a line.
//!
//! ```text
//! data_element,coc,org_unit,period,value,comment
//! DVC_HOSO,XA.TRUCTIEP,58,2023-04,7.081,
//! DVC_TYLE,default,58,2023-04,"70,96",số liệu ước
//! ```
//!
//! UTF-8 (a BOM is allowed and written), a header line required, columns in any order
//! (`comment` may be left out), `,` or `;` between fields (Excel in a Vietnamese locale
//! writes `;`), values written the Vietnamese way. Read record by record: the file is never
//! loaded whole.

use std::io::{Read, Write};

use baocao_core::value::DataValue;

use crate::check::{Checker, Column, RawNumber, RawPeriod, RawValue};
use crate::number::Notation;
use crate::problem::{Location, Problem};
use crate::text::{not_utf8, open_text};

/// The columns, in the order baocao writes them.
pub const COLUMNS: [&str; 6] = [
    "data_element",
    "coc",
    "org_unit",
    "period",
    "value",
    "comment",
];

fn location(line: u64, column: &str) -> Location {
    Location::Line {
        line,
        column: column.to_string(),
    }
}

/// Reads a long CSV file into `checker`, calling `progress` with the bytes read so far.
/// Problems go to the checker; call [`Checker::finish`] with [`line_of`] afterwards.
pub fn read<R: Read>(input: R, checker: &mut Checker<'_>, progress: &mut dyn FnMut(u64)) {
    let text = match open_text(input) {
        Ok(text) => text,
        Err(problem) => return checker.problem(problem),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(text.delimiter)
        .from_reader(text.reader);
    let mut record = csv::ByteRecord::new();
    // Column index of each of COLUMNS (comment optional).
    let mut index: [Option<usize>; 6] = [None; 6];
    let mut width = 0;
    let mut first = true;
    let mut count: u64 = 0;
    loop {
        if checker.stopped() {
            return;
        }
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                checker.problem(Problem::new(
                    location(line, ""),
                    "",
                    format!("không đọc được dòng này theo định dạng CSV ({e}); cần tệp CSV UTF-8 lưu từ Excel hoặc LibreOffice"),
                ));
                return;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        count += 1;
        if count.is_multiple_of(4096) {
            progress(record.position().map_or(0, |p| p.byte()));
        }
        let fields: Result<Vec<&str>, ()> = record
            .iter()
            .map(|f| std::str::from_utf8(f).map_err(|_| ()))
            .collect();
        let Ok(fields) = fields else {
            checker.problem(not_utf8(line, record.as_slice()));
            return;
        };
        if first {
            first = false;
            if !header(&fields, &mut index, checker) {
                return;
            }
            width = fields.len();
            continue;
        }
        if fields.len() == 1 && fields[0].trim().is_empty() {
            continue;
        }
        if fields.len() != width {
            checker.problem(Problem::new(
                location(line, ""),
                record_text(&fields, text.delimiter),
                format!(
                    "dòng có {} trường; cần {width} trường như dòng tiêu đề",
                    fields.len()
                ),
            ));
            continue;
        }
        let get = |i: usize| index[i].map_or("", |c| fields[c]);
        let value = get(4);
        let raw = RawValue {
            data_element: get(0),
            coc: get(1),
            org_unit: get(2),
            period: RawPeriod::Text(get(3)),
            value: if value.trim().is_empty() {
                RawNumber::Empty
            } else {
                RawNumber::Text(value, Notation::Vietnamese)
            },
            comment: index[5].map(|c| fields[c]),
            stored_by: None,
            stored_at: None,
        };
        checker.check(line, &raw, &|column| location(line, column_name(column)));
    }
    progress(reader.position().byte());
}

/// Locates a record of a long CSV file, its line, or one of its columns:
/// `Dòng 3`, `Dòng 3, cột coc`.
pub fn line_of(line: u64, column: Option<Column>) -> Location {
    location(line, column.map_or("", column_name))
}

fn column_name(column: Column) -> &'static str {
    match column {
        Column::DataElement => COLUMNS[0],
        Column::Coc => COLUMNS[1],
        Column::OrgUnit => COLUMNS[2],
        Column::Period => COLUMNS[3],
        Column::Value => COLUMNS[4],
        Column::Comment => COLUMNS[5],
    }
}

fn record_text(fields: &[&str], delimiter: u8) -> String {
    let text = fields.join(&(delimiter as char).to_string());
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

/// Reads the header line into column indexes; false (with problems) when it is not one.
fn header(fields: &[&str], index: &mut [Option<usize>; 6], checker: &mut Checker<'_>) -> bool {
    let expected = COLUMNS.join(",");
    let mut ok = true;
    for (i, name) in fields.iter().enumerate() {
        let name = name.trim().to_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(c) if index[c].is_some() => {
                checker.problem(Problem::new(
                    location(1, &name),
                    &name,
                    format!("cột `{name}` có hai lần trong dòng tiêu đề; cần các cột {expected}"),
                ));
                ok = false;
            }
            Some(c) => index[c] = Some(i),
            None => {
                let what = if name.is_empty() {
                    "dòng tiêu đề có một cột không tên".to_string()
                } else {
                    format!("dòng tiêu đề có cột lạ `{name}`")
                };
                checker.problem(Problem::new(
                    location(1, ""),
                    &name,
                    format!("{what}; cần các cột {expected} (có thể bỏ cột comment)"),
                ));
                ok = false;
            }
        }
    }
    let missing: Vec<&str> = COLUMNS[..5]
        .iter()
        .zip(index.iter())
        .filter(|(_, i)| i.is_none())
        .map(|(c, _)| *c)
        .collect();
    if !missing.is_empty() {
        checker.problem(Problem::new(
            location(1, ""),
            fields.join(","),
            format!(
                "dòng tiêu đề thiếu cột {}; cần dòng đầu tiên ghi tên các cột {expected}",
                missing.join(", ")
            ),
        ));
        ok = false;
    }
    ok
}

/// Writes values in the long CSV format: a UTF-8 BOM (so that Excel reads the accents), the
/// header, one line per value with the figure as typed.
///
/// # Errors
/// I/O errors of `out`.
pub fn write<'v, W: Write>(
    out: W,
    values: impl IntoIterator<Item = &'v DataValue>,
) -> std::io::Result<()> {
    let mut out = out;
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    for v in values {
        writer.write_record([
            v.data_element.as_str(),
            &v.category_option_combo.code(),
            &v.org_unit,
            &v.period.id(),
            &v.number.as_typed,
            v.comment.as_deref().unwrap_or(""),
        ])?;
    }
    writer.flush()?;
    Ok(())
}
