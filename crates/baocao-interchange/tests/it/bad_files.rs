//! The folder of bad files, `tests/data/bad/`: each is refused with a problem located at the
//! place named here (and, in baocao-app's tests, leaves the database unchanged).
//!
//! The files are made by `write_bad_files` with `BAOCAO_WRITE_BAD_FILES=1`, as
//! `scripts/bad-files.sh` runs it (the script also encrypts the password-protected workbook
//! with msoffcrypto-tool); without it, the test checks that the kept files and README match
//! the table. The XLSX ones are the example's April form copied and spoiled with
//! rust_xlsxwriter.

use std::path::{Path, PathBuf};

use baocao_interchange::copy::{Content, SheetData, read_workbook, write_workbook};
use baocao_interchange::form::{CODES_HEADER_ROW, CODES_SHEET, parse_cell_name};

use crate::helpers::{Kind, april_form, import};

/// A bad file: its name, the place of its problem (or its start, where the cell depends on
/// the form's layout), a fragment of the problem as printed (Vietnamese), and what is wrong
/// with it.
pub struct Bad {
    pub name: &'static str,
    pub location: &'static str,
    pub message: &'static str,
    pub why: &'static str,
}

const fn bad(
    name: &'static str,
    location: &'static str,
    message: &'static str,
    why: &'static str,
) -> Bad {
    Bad {
        name,
        location,
        message,
        why,
    }
}

/// Every bad file.
pub const BAD: &[Bad] = &[
    bad(
        "csv-wrong-type.csv",
        "Dòng 3, cột value",
        "gặp “nhiều”: ký tự “n” ở vị trí 1 không dùng được trong một số",
        "text where a count belongs",
    ),
    bad(
        "csv-negative-count.csv",
        "Dòng 2, cột value",
        "`DVC_HOSO` là số đếm (hồ sơ), không thể âm; cần số nguyên ≥ 0",
        "a negative count",
    ),
    bad(
        "csv-fraction-count.csv",
        "Dòng 2, cột value",
        "`DVC_HOSO` là số đếm (hồ sơ) nên không có phần thập phân; cần số nguyên ≥ 0",
        "a count with decimals",
    ),
    bad(
        "csv-unknown-data-element.csv",
        "Dòng 2, cột data_element",
        "danh mục không có chỉ tiêu `DVC_HOSOO`",
        "a misspelt data element code",
    ),
    bad(
        "csv-indicator-code.csv",
        "Dòng 2, cột data_element",
        "`DVC_TYLE_TRUCTUYEN` là chỉ số tính toán",
        "an indicator where a data element belongs",
    ),
    bad(
        "csv-unknown-coc.csv",
        "Dòng 2, cột coc",
        "`ONLINE` không phải là phân tổ của `DVC_HOSO`",
        "an option the data element does not have",
    ),
    bad(
        "csv-two-options-one-category.csv",
        "Dòng 2, cột coc",
        "`TINH` và `XA` cùng thuộc nhóm phân tổ",
        "two options of one category",
    ),
    bad(
        "csv-unknown-org-unit.csv",
        "Dòng 2, cột org_unit",
        "không có đơn vị `99`",
        "an org unit that does not exist",
    ),
    bad(
        "csv-org-unit-gone.csv",
        "Dòng 2, cột org_unit",
        "không tồn tại trong tháng 7/2025",
        "a figure for an org unit after it was merged away",
    ),
    bad(
        "csv-bad-period.csv",
        "Dòng 2, cột period",
        "gặp “2023-13”: tháng phải có hai chữ số, từ 01 đến 12",
        "month 13",
    ),
    bad(
        "csv-future-period.csv",
        "Dòng 2, cột period",
        "kỳ tháng 1/2099 chưa bắt đầu",
        "a period that has not started",
    ),
    bad(
        "csv-ambiguous-comma.csv",
        "Dòng 2, cột value",
        "đọc được theo hai cách",
        "\"1,234\": a decimal comma or an English thousands separator",
    ),
    bad(
        "csv-english-decimal.csv",
        "Dòng 2, cột value",
        "nhóm ba chữ số",
        "\"70.96\" with an English decimal point",
    ),
    bad(
        "csv-date-as-value.csv",
        "Dòng 2, cột value",
        "ký tự “/” ở vị trí 3",
        "a date where a figure belongs",
    ),
    bad(
        "csv-too-many-digits.csv",
        "Dòng 2, cột value",
        "hơn 15 chữ số có nghĩa",
        "more digits than a figure can keep",
    ),
    bad(
        "csv-duplicate-key.csv",
        "Dòng 3, cột coc",
        "“TRUCTIEP.XA” và “XA.TRUCTIEP” (ở dòng 2, cột coc) cùng chỉ ô phân tổ `XA.TRUCTIEP`",
        "the same cell twice (options in another order)",
    ),
    bad(
        "csv-windows-1258.csv",
        "Dòng 2",
        "bảng mã Windows-1258",
        "a CSV saved in the Windows Vietnamese code page",
    ),
    bad(
        "csv-tcvn3.csv",
        "Dòng 2",
        "bảng mã TCVN3",
        "a CSV in the old TCVN3 (ABC) encoding",
    ),
    bad(
        "csv-utf16.csv",
        "Cả tệp",
        "tệp là văn bản UTF-16",
        "Excel's “Unicode Text”",
    ),
    bad(
        "csv-no-header.csv",
        "Dòng 1",
        "dòng tiêu đề có cột lạ",
        "no header line",
    ),
    bad(
        "csv-truncated.csv",
        "Dòng 3",
        "dòng có 2 trường; cần 6 trường như dòng tiêu đề",
        "a file cut in the middle of a line",
    ),
    bad(
        "dhis2-baocao-period.json",
        "dataValues[0].period",
        "“2023-04” là cách baocao ghi tháng",
        "a month written 2023-04 in a DHIS2 file",
    ),
    bad(
        "dhis2-ambiguous-dot.json",
        "dataValues[0].value",
        "đọc được theo hai cách",
        "\"15.074\": a decimal point or a Vietnamese thousands dot",
    ),
    bad(
        "dhis2-unknown-code.json",
        "dataValues[1].dataElement",
        "danh mục không có chỉ tiêu `XYZ`",
        "an unknown data element code",
    ),
    bad(
        "dhis2-attribute-combo.json",
        "dataValues[0].attributeOptionCombo",
        "baocao không có tổ hợp thuộc tính",
        "an attribute option combo baocao does not have",
    ),
    bad(
        "dhis2-deleted.json",
        "dataValues[0].deleted",
        "không bao giờ xóa",
        "a deletion",
    ),
    bad(
        "dhis2-truncated.json",
        "Dòng 2, ký tự",
        "JSON kết thúc giữa chừng",
        "a JSON file cut short",
    ),
    bad(
        "dhis2-misspelt-field.json",
        "Dòng 1, ký tự",
        "trường lạ `catOptCombo`",
        "a misspelt field name",
    ),
    bad(
        "dhis2-weekly-period.csv",
        "Dòng 2, cột period",
        "không phải kỳ baocao báo cáo",
        "a weekly DHIS2 period",
    ),
    bad(
        "dhis2-vietnamese-number.csv",
        "Dòng 2, cột value",
        "không phải một số",
        "\"1.234,5\" in a DHIS2 file",
    ),
    bad(
        "form-wrong-type.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "ký tự “n” ở vị trí 1",
        "text in an input cell",
    ),
    bad(
        "form-negative-count.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "`DVC_HOSO` là số đếm (hồ sơ), không thể âm",
        "a negative count",
    ),
    bad(
        "form-fraction-count.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "không có phần thập phân",
        "a count with decimals",
    ),
    bad(
        "form-date-in-number-cell.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "ngày tháng ở ô cần số liệu",
        "a date in an input cell",
    ),
    bad(
        "form-formula-error.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "công thức =1/0 cho kết quả lỗi",
        "a formula giving #DIV/0!",
    ),
    bad(
        "form-true-false.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "giá trị đúng/sai ở ô cần số liệu",
        "TRUE in an input cell",
    ),
    bad(
        "form-ambiguous-text.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "đọc được theo hai cách",
        "\"1,234\" typed as text",
    ),
    bad(
        "form-merged-input.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "ô nhập liệu bị gộp với ô khác",
        "an input cell merged with its neighbour",
    ),
    bad(
        "form-extra-sheet.xlsx",
        "Trang “Sheet2”",
        "trang thừa “Sheet2”",
        "a sheet added to the form",
    ),
    bad(
        "form-period-outside.xlsx",
        "Trang “baocao_codes”, ô E",
        "kỳ khác với kỳ của biểu mẫu",
        "a cell of another period",
    ),
    bad(
        "form-unknown-code.xlsx",
        "Trang “baocao_codes”, ô C",
        "danh mục không có chỉ tiêu `DVC_HOSOX`",
        "an unknown code in the codes sheet",
    ),
    bad(
        "form-rows-moved.xlsx",
        "Trang “Biểu mẫu”, ô G",
        "không còn chứa",
        "a row inserted above the inputs",
    ),
    bad(
        "form-total-overwritten.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "ô tổng do biểu mẫu tự tính đã bị ghi đè",
        "a figure typed over a total",
    ),
    bad(
        "form-duplicate-key.xlsx",
        "Trang “Biểu mẫu”, ô D",
        "tháng 4/2023 đã khai ở trang “Biểu mẫu”, ô D",
        "two input cells for one figure",
    ),
    bad(
        "form-truncated.xlsx",
        "Cả tệp",
        "tệp bị cắt cụt hoặc bị hỏng",
        "a workbook cut short",
    ),
    bad(
        "form-password-protected.xlsx",
        "Cả tệp",
        "được bảo vệ bằng mật khẩu",
        "a workbook encrypted with a password (made by scripts/bad-files.sh)",
    ),
    bad(
        "not-a-workbook.xlsx",
        "Cả tệp",
        "không phải bảng tính XLSX",
        "text named .xlsx",
    ),
    bad(
        "long-table-missing-column.xlsx",
        "Trang “Số liệu”, ô A1",
        "dòng tiêu đề thiếu cột value",
        "a long table without a value column",
    ),
    bad(
        "long-table-duplicate.xlsx",
        "Trang “Số liệu”, ô E3",
        "đã khai ở trang “Số liệu”, ô E2",
        "a long table with a figure twice",
    ),
    bad(
        "long-table-bad-cells.xlsx",
        "Trang “Số liệu”, ô C2",
        "không có đơn vị `99`",
        "a long table with an unknown org unit and a date for a figure",
    ),
];

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad")
}

const HEADER: &str = "data_element,coc,org_unit,period,value,comment\n";

fn csv(lines: &[&str]) -> Vec<u8> {
    let mut out = HEADER.to_string();
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out.into_bytes()
}

/// The form cell (A1) of an input or total, from the codes sheet, and the codes row.
fn cell_of(sheets: &[SheetData], de: &str, coc: &str, kind: &str) -> (String, u32) {
    let codes = sheets.iter().find(|s| s.name == CODES_SHEET).unwrap();
    let mut row = CODES_HEADER_ROW + 2;
    loop {
        let cell = codes.text(&format!("A{row}"));
        assert!(!cell.is_empty(), "{de} {coc} {kind} not in the form");
        if codes.text(&format!("B{row}")) == kind
            && codes.text(&format!("C{row}")) == de
            && codes.text(&format!("D{row}")) == coc
        {
            return (cell, row);
        }
        row += 1;
    }
}

fn spoil_form(change: impl FnOnce(&mut Vec<SheetData>)) -> Vec<u8> {
    let mut sheets = read_workbook(&april_form()).unwrap();
    change(&mut sheets);
    write_workbook(&sheets).unwrap()
}

fn set_input(de: &'static str, coc: &'static str, content: Content) -> Vec<u8> {
    spoil_form(|s| {
        let (cell, _) = cell_of(s, de, coc, "input");
        s[0].set(&cell, content);
    })
}

fn long_table(rows: &[[Content; 5]], header: &[&str]) -> Vec<u8> {
    let mut sheet = SheetData::new("Số liệu");
    for (c, name) in header.iter().enumerate() {
        sheet
            .cells
            .insert((0, c as u16), Content::Text((*name).to_string()));
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, content) in row.iter().enumerate() {
            sheet
                .cells
                .insert((r as u32 + 1, c as u16), content.clone());
        }
    }
    write_workbook(&[sheet]).unwrap()
}

fn t(s: &str) -> Content {
    Content::Text(s.to_string())
}

/// The bytes of a bad file (the password-protected one is made by the script).
pub fn make(name: &str) -> Option<Vec<u8>> {
    let ok = "DVC_HOSO,XA.TRUCTIEP,58,2023-04,7.081,";
    Some(match name {
        "csv-wrong-type.csv" => csv(&[ok, "DVC_HOSO,XA.QUAMANG,58,2023-04,nhiều,"]),
        "csv-negative-count.csv" => csv(&["DVC_HOSO,XA.TRUCTIEP,58,2023-04,-5,"]),
        "csv-fraction-count.csv" => csv(&["DVC_HOSO,XA.TRUCTIEP,58,2023-04,\"12,5\","]),
        "csv-unknown-data-element.csv" => csv(&["DVC_HOSOO,XA.TRUCTIEP,58,2023-04,1,"]),
        "csv-indicator-code.csv" => csv(&["DVC_TYLE_TRUCTUYEN,,58,2023-04,\"70,96\","]),
        "csv-unknown-coc.csv" => csv(&["DVC_HOSO,XA.ONLINE,58,2023-04,1,"]),
        "csv-two-options-one-category.csv" => csv(&["DVC_HOSO,TINH.XA,58,2023-04,1,"]),
        "csv-unknown-org-unit.csv" => csv(&["DVC_HOSO,XA.TRUCTIEP,99,2023-04,1,"]),
        "csv-org-unit-gone.csv" => csv(&["DVC_HOSO,XA.TRUCTIEP,58,2025-07,1,"]),
        "csv-bad-period.csv" => csv(&["DVC_HOSO,XA.TRUCTIEP,58,2023-13,1,"]),
        "csv-future-period.csv" => csv(&["DVC_HOSO,XA.TRUCTIEP,58,2099-01,1,"]),
        "csv-ambiguous-comma.csv" => csv(&["VT_CAPQUANG_KM,,58,2023-04,\"1,234\","]),
        "csv-english-decimal.csv" => csv(&["VT_CAPQUANG_KM,,58,2023-04,70.96,"]),
        "csv-date-as-value.csv" => csv(&["DVC_HOSO,XA.TRUCTIEP,58,2023-04,14/4/2023,"]),
        "csv-too-many-digits.csv" => csv(&["VT_CAPQUANG_KM,,58,2023-04,\"1234567890,123456\","]),
        "csv-duplicate-key.csv" => csv(&[ok, "DVC_HOSO,TRUCTIEP.XA,58,2023-04,7.018,"]),
        "csv-windows-1258.csv" => {
            let mut out = HEADER.as_bytes().to_vec();
            out.extend_from_slice(b"DVC_HOSO,XA.TRUCTIEP,58,2023-04,7.081,H\xF4\xCC s\xF5 ti\xEA\xECp nh\xE2\xF2n\n");
            out
        }
        "csv-tcvn3.csv" => {
            let mut out = HEADER.as_bytes().to_vec();
            out.extend_from_slice(b"DVC_HOSO,XA.TRUCTIEP,58,2023-04,7.081,H\xD2 s\xAC ti\xD5p nh\xC9n\n");
            out
        }
        "csv-utf16.csv" => {
            let text = String::from_utf8(csv(&[ok])).unwrap();
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        "csv-no-header.csv" => format!("{ok}\n").into_bytes(),
        "csv-truncated.csv" => {
            let mut out = csv(&[ok]);
            out.extend_from_slice(b"DVC_HOSO,XA.QUAM");
            out
        }
        "dhis2-baocao-period.json" => br#"{"dataValues":[{"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.QUAMANG","period":"2023-04","orgUnit":"58","value":"15074"}]}"#.to_vec(),
        "dhis2-ambiguous-dot.json" => br#"{"period":"202304","orgUnit":"58","dataValues":[{"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.QUAMANG","value":"15.074"}]}"#.to_vec(),
        "dhis2-unknown-code.json" => br#"{"period":"202304","orgUnit":"58","dataValues":[{"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.QUAMANG","value":"15074"},{"dataElement":"XYZ","value":"1"}]}"#.to_vec(),
        "dhis2-attribute-combo.json" => br#"{"period":"202304","orgUnit":"58","dataValues":[{"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.QUAMANG","attributeOptionCombo":"ABC","value":"15074"}]}"#.to_vec(),
        "dhis2-deleted.json" => br#"{"period":"202304","orgUnit":"58","dataValues":[{"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.QUAMANG","value":"15074","deleted":true}]}"#.to_vec(),
        "dhis2-truncated.json" => b"{\"period\":\"202304\",\"orgUnit\":\"58\",\n\"dataValues\":[{\"dataElement\":\"DVC_HOSO\",\"categoryOptionCombo\":\"XA.QUAMANG\",\"value\":\"150".to_vec(),
        "dhis2-misspelt-field.json" => br#"{"period":"202304","orgUnit":"58","dataValues":[{"dataElement":"DVC_HOSO","catOptCombo":"XA.QUAMANG","value":"15074"}]}"#.to_vec(),
        "dhis2-weekly-period.csv" => b"dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup\nDVC_HOSO,2023W14,58,XA.QUAMANG,,15074,,,,false\n".to_vec(),
        "dhis2-vietnamese-number.csv" => b"dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup\nVT_CAPQUANG_KM,202304,58,default,,\"1.234,5\",,,,false\n".to_vec(),
        "form-wrong-type.xlsx" => set_input("DVC_HOSO", "XA.QUAMANG", t("nhiều")),
        "form-negative-count.xlsx" => set_input("DVC_HOSO", "XA.QUAMANG", Content::Number(-5.0)),
        "form-fraction-count.xlsx" => set_input("DVC_HOSO", "XA.QUAMANG", Content::Number(12.5)),
        "form-date-in-number-cell.xlsx" => set_input("DVC_HOSO", "XA.QUAMANG", Content::Date(45030.0)),
        "form-formula-error.xlsx" => set_input("DVC_HOSO", "XA.QUAMANG", Content::Formula("1/0".into(), "#DIV/0!".into())),
        "form-true-false.xlsx" => set_input("DVC_HOSO", "XA.QUAMANG", Content::Bool(true)),
        "form-ambiguous-text.xlsx" => set_input("VT_CAPQUANG_KM", "default", t("1,234")),
        "form-merged-input.xlsx" => spoil_form(|s| {
            let (cell, _) = cell_of(s, "DVC_HOSO", "XA.QUAMANG", "input");
            let (row, col) = parse_cell_name(&cell).unwrap();
            s[0].set(&cell, Content::Number(15074.0));
            s[0].merges.push((row, col, row, col + 1));
        }),
        "form-extra-sheet.xlsx" => spoil_form(|s| {
            let mut extra = SheetData::new("Sheet2");
            extra.set("A1", t("số liệu nháp"));
            s.push(extra);
        }),
        "form-period-outside.xlsx" => spoil_form(|s| {
            let (cell, row) = cell_of(s, "DVC_HOSO", "XA.QUAMANG", "input");
            s[0].set(&cell, Content::Number(15074.0));
            s[1].set(&format!("E{row}"), t("2023-05"));
        }),
        "form-unknown-code.xlsx" => spoil_form(|s| {
            let (cell, row) = cell_of(s, "DVC_HOSO", "XA.QUAMANG", "input");
            s[0].set(&cell, Content::Number(15074.0));
            s[0].set(&cell.replace('D', "G"), t("DVC_HOSOX|XA.QUAMANG"));
            s[1].set(&format!("C{row}"), t("DVC_HOSOX"));
        }),
        "form-rows-moved.xlsx" => spoil_form(|s| {
            // A row inserted above the first data element: everything below moves down.
            let moved = s[0]
                .cells
                .iter()
                .map(|(&(r, c), v)| (if r >= 7 { (r + 1, c) } else { (r, c) }, v.clone()))
                .collect();
            s[0].cells = moved;
            s[0].merges = s[0]
                .merges
                .iter()
                .map(|&(r1, c1, r2, c2)| if r1 >= 7 { (r1 + 1, c1, r2 + 1, c2) } else { (r1, c1, r2, c2) })
                .collect();
        }),
        "form-total-overwritten.xlsx" => spoil_form(|s| {
            let (cell, _) = cell_of(s, "DVC_HOSO", "XA", "total");
            s[0].set(&cell, Content::Number(22115.0));
        }),
        "form-duplicate-key.xlsx" => spoil_form(|s| {
            let (a, _) = cell_of(s, "DVC_HOSO", "XA.QUAMANG", "input");
            let (b, row) = cell_of(s, "DVC_HOSO", "XA.BCCI", "input");
            s[0].set(&a, Content::Number(15074.0));
            s[0].set(&b, Content::Number(15047.0));
            s[0].set(&b.replace('D', "G"), t("DVC_HOSO|XA.QUAMANG"));
            s[1].set(&format!("D{row}"), t("XA.QUAMANG"));
        }),
        "form-truncated.xlsx" => {
            let form = april_form();
            form[..form.len() * 3 / 5].to_vec()
        }
        "not-a-workbook.xlsx" => b"data_element,coc,org_unit,period,value\n".to_vec(),
        "long-table-missing-column.xlsx" => long_table(
            &[[t("DVC_HOSO"), t("XA.TRUCTIEP"), t("58"), t("2023-04"), t("")]],
            &["data_element", "coc", "org_unit", "period"],
        ),
        "long-table-duplicate.xlsx" => long_table(
            &[
                [t("DVC_HOSO"), t("XA.TRUCTIEP"), t("58"), t("2023-04"), Content::Number(7081.0)],
                [t("DVC_HOSO"), t("XA.TRUCTIEP"), Content::Number(58.0), t("2023-04"), Content::Number(7018.0)],
            ],
            &["data_element", "coc", "org_unit", "period", "value"],
        ),
        "long-table-bad-cells.xlsx" => long_table(
            &[[t("DVC_HOSO"), t("XA.TRUCTIEP"), t("99"), t("2023-04"), Content::Date(45030.0)]],
            &["data_element", "coc", "org_unit", "period", "value"],
        ),
        _ => return None,
    })
}

/// The kept bad files are the ones this code makes: every file of the table is in the
/// folder and the folder's README is the table. With `BAOCAO_WRITE_BAD_FILES=1` (set by
/// `scripts/bad-files.sh`) the files are written anew instead.
#[test]
fn write_bad_files() {
    let dir = dir();
    let mut readme = String::from(
        "# Bad files\n\nEach file here is refused by `baocao import` with a problem located where the table says, and changes nothing in the database (tests: `crates/baocao-interchange/tests/it/bad_files.rs`, `crates/baocao-app/tests/interchange/`). Made by `scripts/bad-files.sh`.\n\n| file | what is wrong | located at | message says |\n|---|---|---|---|\n",
    );
    for b in BAD {
        readme.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            b.name,
            b.why.replace('|', "\\|"),
            b.location,
            b.message.replace('|', "\\|")
        ));
    }
    if std::env::var_os("BAOCAO_WRITE_BAD_FILES").is_none() {
        let kept =
            std::fs::read_to_string(dir.join("README.md")).expect("tests/data/bad/README.md");
        assert_eq!(
            kept, readme,
            "the kept README is the table: run scripts/bad-files.sh"
        );
        for b in BAD {
            assert!(
                dir.join(b.name).is_file(),
                "{} is kept: run scripts/bad-files.sh",
                b.name
            );
        }
        return;
    }
    std::fs::create_dir_all(&dir).unwrap();
    for b in BAD {
        if let Some(bytes) = make(b.name) {
            std::fs::write(dir.join(b.name), bytes).unwrap();
        }
    }
    std::fs::write(dir.join("README.md"), readme).unwrap();
    std::fs::write(
        dir.parent().unwrap().join("form-2023-04.xlsx"),
        april_form(),
    )
    .unwrap();
}

/// The files of the folder, without its README.
pub fn files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    names.sort();
    names
}

#[test]
fn the_folder_holds_every_bad_file_and_no_other() {
    let names = files();
    let mut expected: Vec<String> = BAD.iter().map(|b| b.name.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
    assert!(names.len() >= 30, "{} bad files", names.len());
}

#[test]
fn every_bad_file_is_refused_with_a_located_problem() {
    for b in BAD {
        let bytes = std::fs::read(dir().join(b.name)).unwrap();
        let problems = match import(&bytes, Kind::of(b.name)) {
            Ok(checked) => panic!("{}: accepted {} values", b.name, checked.values.len()),
            Err(p) => p,
        };
        assert!(
            problems
                .listed
                .iter()
                .any(|p| p.location.to_string().starts_with(b.location)
                    && p.to_string().contains(b.message)),
            "{}: expected a problem at “{}” saying “{}”; got:\n{problems}",
            b.name,
            b.location,
            b.message
        );
    }
}
