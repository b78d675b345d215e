//! Charts and annexes in the writers: the DOCX embeds a chart as a PNG under its caption and
//! starts each annex on a new page with a table; Markdown prints both as tables; the XLSX holds
//! the annex as numbers with Vietnamese formats, never as formulas.

use std::io::{Cursor, Read};

use baocao_report::model::{
    Annex, AnnexColumns, AnnexFigure, AnnexGroup, AnnexRow, Block, Chart, ChartCategory, ChartKind,
    ReportDocument, Series, Value,
};
use baocao_report::xlsx::{XlsxWriteError, write_xlsx};

use crate::docx::{part, sample};

fn value(v: f64, text: &str) -> Option<Value> {
    Some(Value {
        value: v,
        text: text.into(),
    })
}

fn figure(v: f64, decimals: u32, text: &str) -> Option<AnnexFigure> {
    Some(AnnexFigure {
        value: v,
        decimals,
        text: text.into(),
    })
}

pub fn chart() -> Chart {
    Chart {
        number: 1,
        title: "Hồ sơ tiếp nhận theo kênh và cấp".into(),
        kind: ChartKind::Bars,
        unit: "hồ sơ".into(),
        decimals: 0,
        categories: vec![
            ChartCategory {
                label: "Cấp tỉnh".into(),
                note: Some("trực tuyến 71,88%".into()),
            },
            ChartCategory {
                label: "Cấp xã".into(),
                note: None,
            },
        ],
        series: vec![
            Series {
                name: "Trực tiếp".into(),
                values: vec![value(11380.0, "11.380"), value(7081.0, "7.081")],
            },
            Series {
                name: "Qua mạng | BCCI".into(),
                values: vec![value(29465.0, "29.465"), None],
            },
        ],
    }
}

fn annex() -> Annex {
    Annex {
        title: "PHỤ LỤC".into(),
        subtitle: vec!["SỐ LIỆU THÁNG 4/2023 THEO LĨNH VỰC".into()],
        note: Some("(Kèm theo Báo cáo số 05/BC-STTTT ngày 14/4/2023)".into()),
        columns: AnnexColumns {
            current: "Tháng 4/2023".into(),
            previous: "Tháng 3/2023".into(),
            change: "Tăng, giảm so với tháng 3/2023 (%)".into(),
        },
        groups: vec![AnnexGroup {
            number: "I".into(),
            title: "Bưu chính, viễn thông".into(),
            rows: vec![
                AnnexRow {
                    number: "1".into(),
                    label: "Sản lượng bưu gửi".into(),
                    depth: 0,
                    unit: "bưu gửi".into(),
                    current: figure(346791.0, 0, "346.791"),
                    previous: figure(330277.0, 0, "330.277"),
                    change: figure(4.99999, 2, "+5,00"),
                },
                AnnexRow {
                    number: String::new(),
                    label: "cấp xã".into(),
                    depth: 1,
                    unit: String::new(),
                    current: figure(22155.0, 0, "22.155"),
                    previous: None,
                    change: None,
                },
                AnnexRow {
                    number: "2".into(),
                    label: "Mật độ thuê bao điện thoại/100 dân".into(),
                    depth: 0,
                    unit: "thuê bao/100 dân".into(),
                    current: figure(116.0774, 1, "116,1"),
                    previous: None,
                    change: None,
                },
            ],
        }],
    }
}

pub fn with_chart_and_annex() -> ReportDocument {
    let mut doc = sample();
    doc.body.insert(3, Block::Chart(chart()));
    doc.annexes.push(annex());
    doc
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("zip");
    archive
        .file_names()
        .map(|n| n.expect("file name").into_owned())
        .collect()
}

fn zip_text(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

#[test]
fn docx_embeds_the_chart_as_png_under_its_caption() {
    let bytes = baocao_report::docx::write_docx(&with_chart_and_annex()).expect("DOCX");
    let media: Vec<String> = zip_names(&bytes)
        .into_iter()
        .filter(|n| n.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), 1, "one picture: {media:?}");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.clone())).expect("zip");
    let mut png = Vec::new();
    archive
        .by_name(&media[0])
        .expect("picture")
        .read_to_end(&mut png)
        .expect("read");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    let document = part(&bytes, "word/document.xml");
    let caption = document
        .find("Biểu đồ 1. Hồ sơ tiếp nhận theo kênh và cấp")
        .expect("caption");
    let drawing = document.find("<w:drawing>").expect("the picture");
    assert!(caption < drawing, "the caption comes first");
    // 16,5 cm wide (the text width, 9 355 twips × 635 EMU).
    assert!(document.contains("cx=\"5940425\""), "picture width");
}

#[test]
fn docx_starts_the_annex_on_a_new_page_with_a_table() {
    let bytes = baocao_report::docx::write_docx(&with_chart_and_annex()).expect("DOCX");
    let document = part(&bytes, "word/document.xml");
    let title = document.rfind("PHỤ LỤC").expect("annex title");
    let before = &document[..title];
    let paragraph = &before[before
        .rfind("<w:p>")
        .or_else(|| before.rfind("<w:p "))
        .expect("paragraph")..];
    assert!(
        paragraph.contains("<w:pageBreakBefore"),
        "a new page: {paragraph}"
    );
    let after = &document[title..];
    for text in [
        "(Kèm theo Báo cáo số 05/BC-STTTT ngày 14/4/2023)",
        "Chỉ tiêu",
        "Tăng, giảm so với tháng 3/2023 (%)",
        "Bưu chính, viễn thông",
        "346.791",
        "330.277",
        "+5,00",
        "- cấp xã",
        "116,1",
    ] {
        assert!(after.contains(text), "`{text}` in the annex");
    }
    assert!(after.contains("<w:tbl>"), "a table");
    assert!(
        after.contains("<w:gridSpan w:val=\"5\""),
        "the group title spans the row"
    );
}

#[test]
fn markdown_prints_the_chart_and_the_annex_as_tables() {
    let markdown = baocao_report::markdown::write_markdown(&with_chart_and_annex());
    for text in [
        "**Biểu đồ 1. Hồ sơ tiếp nhận theo kênh và cấp**",
        "*Đơn vị tính: hồ sơ*",
        "| | Trực tiếp | Qua mạng \\| BCCI |",
        "| Cấp tỉnh (trực tuyến 71,88%) | 11.380 | 29.465 |",
        "| Cấp xã | 7.081 | – |",
        "## PHỤ LỤC",
        "| 1 | Sản lượng bưu gửi | bưu gửi | 346.791 | 330.277 | +5,00 |",
        "|  | \\- cấp xã |  | 22.155 |  |  |",
    ] {
        assert!(markdown.contains(text), "`{text}` in:\n{markdown}");
    }
    let signature = markdown.find("Nguyễn Văn Ặn").expect("signer");
    assert!(
        markdown.find("## PHỤ LỤC").expect("annex") > signature,
        "after the signature"
    );
}

#[test]
fn xlsx_holds_the_annex_as_numbers_with_vietnamese_formats() {
    let bytes = write_xlsx(&with_chart_and_annex()).expect("XLSX");
    let sheet = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>"), "no formulas: {sheet}");
    for number in [
        "<v>346791</v>",
        "<v>330277</v>",
        "<v>5</v>",
        "<v>22155</v>",
        "<v>116.1</v>",
    ] {
        assert!(sheet.contains(number), "`{number}` in the sheet");
    }
    let styles = zip_text(&bytes, "xl/styles.xml");
    for format in [
        "formatCode=\"[$-42A]#,##0\"",
        "formatCode=\"[$-42A]#,##0.0\"",
        "formatCode=\"[$-42A]+#,##0.00;-#,##0.00;#,##0.00\"",
    ] {
        assert!(styles.contains(format), "`{format}` in the styles");
    }
    let strings = zip_text(&bytes, "xl/sharedStrings.xml");
    for text in [
        "PHỤ LỤC",
        "Chỉ tiêu",
        "Đơn vị tính",
        "- cấp xã",
        "Tháng 4/2023",
    ] {
        assert!(strings.contains(text), "`{text}` in the shared strings");
    }
    let workbook = zip_text(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("name=\"Phụ lục\""), "{workbook}");
}

#[test]
fn xlsx_needs_an_annex() {
    assert!(matches!(
        write_xlsx(&sample()),
        Err(XlsxWriteError::NoAnnex)
    ));
}
