//! The DOCX is a Word package holding the report's text and its footnote. (Its layout is
//! tested in the report crate.)

use std::io::{Cursor, Read};

use crate::helpers::{april_report, example_db};

fn part(archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name} in the DOCX: {e}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8 XML");
    text
}

#[tokio::test]
async fn docx_holds_the_report_text_and_its_footnote() {
    let db = example_db().await;
    let built = april_report(&db.store).await;
    let bytes = baocao_app::write_report(&built.document, baocao_app::ReportFormat::Docx)
        .expect("DOCX written");
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip file");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid zip");
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.expect("file name").into_owned())
        .collect();
    for required in [
        "[Content_Types].xml",
        "word/document.xml",
        "word/footnotes.xml",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "{required} in {names:?}"
        );
    }

    let document = part(&mut archive, "word/document.xml");
    for text in [
        "UBND TỈNH NINH THUẬN",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Ninh Thuận, ngày 14 tháng 4 năm 2023",
        "02 Quyết định, 03 Kế hoạch, 01 Chỉ thị và 01 văn bản chỉ đạo",
        // The figures of the seed, with the commune subtotal corrected.
        "232.046",
        "67.555",
        "22.155",
        "15.074/22.155",
        "70,96",
        "68,04",
        "116,1",
        "56,9",
        "5.183",
        "346.791",
        "4,87",
        "691.872",
        "596.049",
        "338.880",
        "1.911",
        "6.183",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Lưu: VT, LĐ, TTra",
    ] {
        assert!(document.contains(text), "word/document.xml holds `{text}`");
    }
    for wrong in ["22.115", "68,16", "116,4", "97,9", "5,183"] {
        assert!(
            !document.contains(wrong),
            "word/document.xml does not hold the seed's wrong `{wrong}`"
        );
    }

    let footnotes = part(&mut archive, "word/footnotes.xml");
    for text in [
        "166/QĐ-UBND",
        "1146/KH-UBND",
        "1234/KH-BTC",
        "1347/UBND-VXNV",
    ] {
        assert!(
            footnotes.contains(text),
            "word/footnotes.xml holds `{text}`"
        );
    }
}
