//! The long formats: CSV (streamed, Vietnamese numbers, `;` from a Vietnamese Excel, BOM,
//! NFC) and the long table in XLSX.

use baocao_interchange::copy::{Content, SheetData, write_workbook};
use baocao_interchange::{ImportOptions, csv_long};

use crate::helpers::{Kind, april, example, import, import_with, options, refused};

#[test]
fn vietnamese_numbers_are_read_right() {
    let csv = "data_element,coc,org_unit,period,value,comment\n\
               DVC_HOSO,XA.TRUCTIEP,58,2023-04,1.234,\n\
               VT_CAPQUANG_KM,,58,2023-04,\"70,96\",\n\
               DVC_HOSO,TINH.QUAMANG,58,2023-04,232046,\n";
    let checked = import(csv.as_bytes(), Kind::Csv).unwrap_or_else(|p| panic!("{p}"));
    let values: Vec<(f64, u32, &str)> = checked
        .values
        .iter()
        .map(|v| {
            (
                v.number.value,
                v.number.decimals,
                v.number.as_typed.as_str(),
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            (1234.0, 0, "1.234"),
            (70.96, 2, "70,96"),
            (232046.0, 0, "232046")
        ]
    );
}

#[test]
fn a_number_that_reads_two_ways_is_reported_not_guessed() {
    let csv = "data_element,coc,org_unit,period,value\nVT_CAPQUANG_KM,,58,2023-04,\"1,234\"\n";
    let problems = refused(csv.as_bytes(), Kind::Csv);
    assert_eq!(
        problems,
        "  Dòng 2, cột value: gặp “1,234”: đọc được theo hai cách: 1,234 (dấu phẩy thập phân, cách viết của Việt Nam) hoặc 1234 (dấu phẩy ngăn cách hàng nghìn, cách viết tiếng Anh); cần ghi 1.234 nếu là 1234, hoặc nhập với --decimal-comma nếu mọi dấu phẩy trong tệp đều là dấu thập phân\n"
    );
    // Told that every comma is a decimal comma, the import reads 1,234.
    let strict = ImportOptions {
        strict_numbers: true,
        ..options()
    };
    let checked = import_with(csv.as_bytes(), Kind::Csv, &strict, Default::default()).unwrap();
    assert_eq!(checked.values[0].number.value, 1.234);
}

#[test]
fn semicolons_bom_and_decomposed_text() {
    // Excel in a Vietnamese locale: `;` between fields, a BOM; a comment typed in NFD.
    let csv = "\u{feff}data_element;coc;org_unit;period;value;comment\nDVC_HOSO;XA.TRUCTIEP;58;2023-04;7.081;so\u{302}\u{301} lie\u{323}\u{302}u u\u{31b}o\u{31b}\u{301}c\n";
    let checked = import(csv.as_bytes(), Kind::Csv).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(checked.values[0].comment.as_deref(), Some("số liệu ước"));
    assert_eq!(checked.values[0].number.value, 7081.0);
}

#[test]
fn every_problem_of_a_file_is_listed_with_its_line_and_column() {
    let csv = "data_element,coc,org_unit,period,value\n\
               DVC_HOSO,XA.TRUCTIEP,58,2023-04,-5\n\
               NOPE,,58,2023-04,1\n\
               DVC_HOSO,XA.ONLINE,58,2023-04,1\n\
               DVC_HOSO,XA.BCCI,99,2023-13,abc\n";
    let problems = refused(csv.as_bytes(), Kind::Csv);
    let lines: Vec<&str> = problems.lines().collect();
    assert_eq!(
        lines,
        [
            "  Dòng 2, cột value: gặp “-5”: `DVC_HOSO` là số đếm (hồ sơ), không thể âm; cần số nguyên ≥ 0",
            "  Dòng 3, cột data_element: gặp “NOPE”: danh mục không có chỉ tiêu `NOPE`; cần mã một chỉ tiêu của danh mục (lệnh baocao catalog liệt kê các mã)",
            "  Dòng 4, cột coc: gặp “XA.ONLINE”: `ONLINE` không phải là phân tổ của `DVC_HOSO`; cần các mã trong số: TINH, HUYEN, XA, TRUCTIEP, QUAMANG, BCCI",
            "  Dòng 5, cột period: gặp “2023-13”: tháng phải có hai chữ số, từ 01 đến 12; cần kỳ báo cáo dạng 2023-04 (tháng), 2023Q2 (quý), 2023S1 (6 tháng) hoặc 2023 (năm)",
            "  Dòng 5, cột value: gặp “abc”: ký tự “a” ở vị trí 1 không dùng được trong một số; cần chữ số, dấu “.” giữa các nhóm hàng nghìn và dấu “,” trước phần thập phân (số liệu viết theo cách Việt Nam: 1.234 hoặc 70,96)",
        ]
    );
}

#[test]
fn csv_export_reads_back_the_same_figures() {
    let bundle = example();
    let april_values: Vec<_> = bundle
        .values
        .iter()
        .filter(|v| v.period == april())
        .cloned()
        .collect();
    let mut bytes = Vec::new();
    csv_long::write(&mut bytes, &april_values).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFdata_element,coc,org_unit,period,value,comment\n"));
    let checked = import(&bytes, Kind::Csv).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(checked.values.len(), april_values.len());
    for (a, b) in april_values.iter().zip(&checked.values) {
        assert_eq!(
            (
                &a.data_element,
                &a.category_option_combo,
                &a.number.as_typed,
                &a.comment
            ),
            (
                &b.data_element,
                &b.category_option_combo,
                &b.number.as_typed,
                &b.comment
            )
        );
    }
}

#[test]
fn a_long_table_in_a_workbook() {
    let mut sheet = SheetData::new("Số liệu");
    for (c, name) in [
        "Mã chỉ tiêu",
        "Phân tổ",
        "Đơn vị",
        "Kỳ",
        "Giá trị",
        "Ghi chú",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .cells
            .insert((0, c as u16), Content::Text((*name).to_string()));
    }
    let rows = [
        (
            "DVC_HOSO",
            "XA.TRUCTIEP",
            Content::Number(58.0),
            Content::Text("2023-04".into()),
            Content::Number(7081.0),
        ),
        // Excel turned "2023-04" into a date (1 April 2023) and 58 into a number.
        (
            "DVC_HOSO",
            "QUAMANG.XA",
            Content::Number(58.0),
            Content::Date(45017.0),
            Content::Text("15.074".into()),
        ),
    ];
    for (r, (de, coc, ou, period, value)) in rows.into_iter().enumerate() {
        let r = r as u32 + 1;
        sheet.cells.insert((r, 0), Content::Text(de.into()));
        sheet.cells.insert((r, 1), Content::Text(coc.into()));
        sheet.cells.insert((r, 2), ou);
        sheet.cells.insert((r, 3), period);
        sheet.cells.insert((r, 4), value);
    }
    let bytes = write_workbook(&[sheet]).unwrap();
    let checked = import(&bytes, Kind::Xlsx).unwrap_or_else(|p| panic!("{p}"));
    let got: Vec<(String, String, f64)> = checked
        .values
        .iter()
        .map(|v| {
            (
                v.category_option_combo.code(),
                v.period.id(),
                v.number.value,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("XA.TRUCTIEP".to_string(), "2023-04".to_string(), 7081.0),
            ("XA.QUAMANG".to_string(), "2023-04".to_string(), 15074.0)
        ]
    );
}

#[test]
fn a_million_lines_are_read_as_a_stream() {
    // 200 000 lines generated on the fly (the benchmark does millions): the reader takes
    // them from a reader, never as one string, and checks each.
    struct Lines {
        n: u64,
        i: u64,
        buffer: Vec<u8>,
    }
    impl std::io::Read for Lines {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            while self.buffer.len() < out.len() && self.i <= self.n {
                if self.i == 0 {
                    self.buffer
                        .extend_from_slice(b"data_element,coc,org_unit,period,value\n");
                } else {
                    let year = 2000 + (self.i % 23);
                    let month = 1 + (self.i / 23) % 12;
                    let cells = ["TINH.TRUCTIEP", "HUYEN.QUAMANG", "XA.BCCI"];
                    let coc = cells[((self.i / 276) % 3) as usize];
                    let de = ["DVC_HOSO", "CNTT_TDOFFICE_VANBAN"][((self.i / 828) % 2) as usize];
                    let coc = if de == "DVC_HOSO" {
                        coc.to_string()
                    } else {
                        coc.replace("TRUCTIEP", "DEN")
                            .replace("QUAMANG", "DI")
                            .replace("BCCI", "DEN")
                    };
                    // Distinct keys: de × coc × period × a repeated org unit are not enough, so
                    // vary the period over 23 years × 12 months and the value only.
                    let _ = (year, month);
                    self.buffer.extend_from_slice(
                        format!("{de},{coc},58,{year}-{month:02},{}\n", self.i % 100_000)
                            .as_bytes(),
                    );
                }
                self.i += 1;
            }
            let n = self.buffer.len().min(out.len());
            out[..n].copy_from_slice(&self.buffer[..n]);
            self.buffer.drain(..n);
            Ok(n)
        }
    }
    let bundle = example();
    let options = options();
    let mut checker =
        baocao_interchange::Checker::new(&bundle.catalog.catalog, &bundle.org_units, &options);
    let mut calls = 0;
    csv_long::read(
        Lines {
            n: 200_000,
            i: 0,
            buffer: Vec::new(),
        },
        &mut checker,
        &mut |_| calls += 1,
    );
    assert!(calls > 10, "progress is reported while reading");
    // The generated keys repeat (only 1 656 distinct): every repeat is a located duplicate.
    let problems = checker.finish(&csv_long::line_of).unwrap_err();
    assert!(problems.count() > 190_000);
    // Line 1658 (i = 1657) repeats line 2 (i = 1): DVC_HOSO TINH.TRUCTIEP, 2001-01, written
    // alike, so the figure is at fault.
    assert_eq!(
        problems.listed[0].to_string(),
        "Dòng 1658, cột value: gặp “1657”: số liệu `DVC_HOSO` `TINH.TRUCTIEP` của đơn vị 58, tháng 1/2001 đã khai ở dòng 2, cột value; cần mỗi số liệu chỉ khai một lần: xóa một trong hai, hoặc sửa chỉ tiêu, phân tổ, đơn vị hay kỳ của số liệu ghi nhầm"
    );
}
