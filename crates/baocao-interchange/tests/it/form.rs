//! The Excel form: every cell of the catalogue has an input, totals are formulas with their
//! results, labels are locked, inputs validated, the previous period beside, and a filled
//! form reads back.

use std::io::Read;

use baocao_interchange::copy::{Content, read_workbook, write_workbook};
use baocao_interchange::dhis2::cells;
use baocao_interchange::form::{CODES_HEADER_ROW, CODES_SHEET, FORM_SHEET};

use crate::helpers::{Kind, april_form, example, import};

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// (cell, kind, data element, coc) of every listed cell.
fn listed(bytes: &[u8]) -> Vec<[String; 4]> {
    let sheets = read_workbook(bytes).unwrap();
    let codes = sheets.iter().find(|s| s.name == CODES_SHEET).unwrap();
    let mut out = Vec::new();
    let mut row = CODES_HEADER_ROW + 2;
    while !codes.text(&format!("A{row}")).is_empty() {
        out.push(["A", "B", "C", "D"].map(|c| codes.text(&format!("{c}{row}"))));
        row += 1;
    }
    out
}

#[test]
fn every_cell_of_the_catalogue_has_one_input() {
    let bytes = april_form();
    let catalog = &example().catalog.catalog;
    let inputs: Vec<(String, String)> = listed(&bytes)
        .into_iter()
        .filter(|r| r[1] == "input")
        .map(|r| (r[2].clone(), r[3].clone()))
        .collect();
    let mut expected: Vec<(String, String)> = catalog
        .data_elements
        .values()
        .flat_map(|de| {
            cells(catalog, de)
                .into_iter()
                .map(|c| (de.code.clone(), c.code()))
        })
        .collect();
    let mut got = inputs.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    assert!(inputs.len() > 90, "{} inputs", inputs.len());
}

#[test]
fn protected_validated_formatted_and_hidden() {
    let bytes = april_form();
    let form = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        form.contains("<sheetProtection"),
        "the form sheet is protected"
    );
    assert!(
        form.contains(r#"type="whole""#) && form.contains(r#"operator="greaterThanOrEqual""#),
        "counts are validated as whole numbers ≥ 0"
    );
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"state="hidden""#),
        "the codes sheet is hidden"
    );
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("[$-42A]#,##0"), "Vietnamese number formats");
    assert!(styles.contains(r#"locked="0""#), "input cells are unlocked");
    let sheets = read_workbook(&bytes).unwrap();
    let form = &sheets[0];
    assert_eq!(form.name, FORM_SHEET);
    assert!(form.text("A3").contains("2023-04"), "{}", form.text("A3"));
    assert!(
        form.text("A2").contains("Ninh Thuận"),
        "{}",
        form.text("A2")
    );
}

#[test]
fn totals_are_formulas_whose_cached_results_add_up() {
    // A form filled with April's figures: every total's cached result is the sum of its
    // inputs, so a viewer that does not recalculate shows the right total.
    let bundle = example();
    let order = baocao_interchange::form::catalog_order(&bundle.catalog_source.text);
    let table = baocao_engine::DataTable::from_values(&bundle.values, &[], "58");
    let unit = bundle.org_units.iter().find(|u| u.id == "58").unwrap();
    let bytes = baocao_interchange::form::write_form(&baocao_interchange::form::FormInput {
        catalog: &bundle.catalog,
        order: &order,
        fields: &[],
        period: crate::helpers::april(),
        org_unit: unit,
        table: &table,
        current: &bundle.values,
    })
    .unwrap();
    let sheets = read_workbook(&bytes).unwrap();
    let form = &sheets[0];
    let mut totals = 0;
    for r in listed(&bytes).into_iter().filter(|r| r[1] == "total") {
        let Some(Content::Formula(formula, result)) = form
            .cells
            .get(&baocao_interchange::form::parse_cell_name(&r[0]).unwrap())
        else {
            panic!("{} is not a formula", r[0]);
        };
        let inner = formula
            .trim_start_matches('=')
            .trim_start_matches("SUM(")
            .trim_end_matches(')');
        let sum: f64 = inner
            .split(',')
            .map(|c| {
                match form
                    .cells
                    .get(&baocao_interchange::form::parse_cell_name(c).unwrap())
                {
                    Some(Content::Number(x)) => *x,
                    _ => 0.0,
                }
            })
            .sum();
        assert!(
            (result.parse::<f64>().unwrap() - sum).abs() < 1e-9,
            "{}: {result} vs {sum}",
            r[0]
        );
        totals += 1;
    }
    assert!(totals > 20);
    // DVC_HOSO, commune level: 7.081 + 15.074 + 0 = 22.155 (the report typed 22.115).
    let xa = listed(&bytes)
        .into_iter()
        .find(|r| r[2] == "DVC_HOSO" && r[3] == "XA")
        .unwrap();
    let Some(Content::Formula(_, result)) = form
        .cells
        .get(&baocao_interchange::form::parse_cell_name(&xa[0]).unwrap())
    else {
        panic!()
    };
    assert_eq!(result, "22155");
}

#[test]
fn previous_period_is_beside_the_cells() {
    // March's postal items sent (a base implied by the stated growth) sits beside April's.
    let bytes = april_form();
    let sheets = read_workbook(&bytes).unwrap();
    let form = &sheets[0];
    let row = listed(&bytes)
        .into_iter()
        .find(|r| r[2] == "BC_BUUGUI")
        .unwrap();
    let e = row[0].replace('D', "E");
    assert!(
        matches!(form.cells.get(&baocao_interchange::form::parse_cell_name(&e).unwrap()), Some(Content::Number(x)) if *x > 0.0),
        "{e}: {:?}",
        form.text(&e)
    );
}

#[test]
fn a_blank_form_imports_nothing() {
    let checked = import(&april_form(), Kind::Xlsx).expect("a blank form is accepted");
    assert!(checked.values.is_empty());
    assert!(checked.empty > 90);
}

#[test]
fn a_filled_form_reads_back_every_value() {
    let bytes = april_form();
    let mut sheets = read_workbook(&bytes).unwrap();
    let inputs: Vec<[String; 4]> = listed(&bytes)
        .into_iter()
        .filter(|r| r[1] == "input")
        .collect();
    for (i, r) in inputs.iter().enumerate() {
        let content = match i % 3 {
            0 => Content::Number(i as f64 * 1000.0 + 1.0),
            1 => Content::Text(baocao_core::format::integer(i as i64 * 1000 + 1)),
            _ => Content::Formula(format!("{}+1", i * 1000), (i * 1000 + 1).to_string()),
        };
        sheets[0].set(&r[0], content);
        sheets[0].set(
            &r[0].replace('D', "F"),
            Content::Text("ghi chú".to_string()),
        );
    }
    let filled = write_workbook(&sheets).unwrap();
    let checked = import(&filled, Kind::Xlsx).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(checked.values.len(), inputs.len());
    for (i, (v, r)) in checked.values.iter().zip(&inputs).enumerate() {
        assert_eq!(
            (v.data_element.as_str(), v.category_option_combo.code()),
            (r[2].as_str(), r[3].clone())
        );
        assert_eq!(v.number.value, i as f64 * 1000.0 + 1.0);
        assert_eq!(v.org_unit, "58");
        assert_eq!(v.period.id(), "2023-04");
        assert_eq!(v.comment.as_deref(), Some("ghi chú"));
    }
}

/// The form with every part copied, the sheet names of `xl/workbook.xml` rewritten by `edit`.
fn with_workbook_xml(bytes: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == "xl/workbook.xml" {
            content = edit(&String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_form_whose_sheet_name_a_tool_saved_decomposed_is_read() {
    // “Biểu mẫu” in NFD, as some tools save names: it looks the same and is the same sheet.
    let decomposed = "Bie\u{302}\u{309}u ma\u{302}\u{303}u";
    assert_ne!(decomposed, FORM_SHEET);
    assert_eq!(baocao_core::text::nfc(decomposed), FORM_SHEET);
    let form = april_form();
    let mut sheets = read_workbook(&form).unwrap();
    let inputs: Vec<[String; 4]> = listed(&form)
        .into_iter()
        .filter(|r| r[1] == "input")
        .collect();
    for (i, r) in inputs.iter().enumerate() {
        sheets[0].set(&r[0], Content::Number(i as f64 + 1.0));
    }
    let filled = write_workbook(&sheets).unwrap();
    let original = import(&filled, Kind::Xlsx).expect("the form as written");
    let bytes = with_workbook_xml(&filled, |xml| {
        assert!(xml.contains(FORM_SHEET), "{xml}");
        xml.replace(FORM_SHEET, decomposed)
    });
    let read = import(&bytes, Kind::Xlsx).unwrap_or_else(|p| panic!("refused: {p}"));
    assert_eq!(read.values.len(), original.values.len());
    assert_eq!(read.values.len(), inputs.len());
    assert_eq!(read.values, original.values);
    // Another name is still an extra sheet and a missing one.
    let bytes = with_workbook_xml(&april_form(), |xml| xml.replace(FORM_SHEET, "Trang 1"));
    let problems = import(&bytes, Kind::Xlsx).expect_err("renamed");
    let text = problems.to_string();
    assert!(text.contains("trang thừa “Trang 1”"), "{text}");
    assert!(text.contains("thiếu trang “Biểu mẫu”"), "{text}");
}
