//! The DOCX writer against the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I: the sample report
//! is written, unzipped, and its XML parts are checked for the values the decree requires.

use std::io::{Cursor, Read};

use baocao_report::docx::{DocxError, write_docx};
use baocao_report::model::{Block, Footnote, Header, Inline, ReportDocument, Signature};

/// Text with characters that mean something in Markdown, Typst or XML: must print as is.
pub const LITERAL: &str = "Ký tự * # $ [ ] _ ; <b> & \"x\" 'y' {{ z }} \\ in nguyên văn.";

fn text(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}

fn paragraph(s: &str) -> Block {
    Block::Paragraph(vec![text(s)])
}

fn heading(level: u8, number: &str, s: &str) -> Block {
    Block::Heading {
        level,
        number: number.to_owned(),
        text: s.to_owned(),
    }
}

fn item(number: &str, s: &str) -> Block {
    Block::NumberedItem {
        number: number.to_owned(),
        content: vec![text(s)],
    }
}

const LONG: &str = "Thực hiện công tác đảm bảo an toàn, an ninh trong hoạt động bưu chính, viễn \
    thông, công nghệ thông tin, các nhiệm vụ tuyên truyền và theo dõi thông tin tuyên truyền trên \
    các phương tiện thông tin đại chúng; phổ biến pháp luật phòng, chống tham nhũng đến toàn thể \
    cán bộ, công chức, viên chức.";

/// A report like the seed (April 2023), long enough for three pages.
pub fn sample() -> ReportDocument {
    let mut body = vec![
        heading(1, "I.", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 4/2023"),
        heading(2, "1.", "Công tác tham mưu với Ủy ban nhân dân tỉnh"),
        Block::Paragraph(vec![
            text("Trong tháng 4/2023, Sở đã tham mưu UBND tỉnh ban hành "),
            Inline::Bold("02 Quyết định, 03 Kế hoạch, 01 Chỉ thị".to_owned()),
            text(" và 01 văn bản chỉ đạo"),
            Inline::FootnoteRef(1),
            text(". Tổng số thuê bao điện thoại đạt 232.046, tỷ lệ 70,96%."),
        ]),
        heading(3, "2.1.", "Lĩnh vực Công nghệ thông tin"),
        paragraph(LITERAL),
        Block::Paragraph(vec![
            Inline::Italic("Chữ nghiêng: ẶNG ẪM ỖI ỢT ỰC ỸU".to_owned()),
            text(" và tiếp theo, kèm chú thích thứ hai"),
            Inline::FootnoteRef(2),
            text("."),
        ]),
    ];
    for _ in 0..12 {
        body.push(paragraph(LONG));
    }
    body.push(heading(1, "II.", "NHIỆM VỤ TRỌNG TÂM THÁNG 5/2023"));
    body.push(item(
        "1.",
        "Trình UBND tỉnh ban hành Kế hoạch chuyển đổi số năm 2023.",
    ));
    body.push(item(
        "2.",
        "Tổ chức kiểm tra an toàn thông tin tại các cơ quan, đơn vị.",
    ));
    body.push(Block::Closing(vec![text(
        "Trên đây là báo cáo tình hình thực hiện nhiệm vụ tháng 4/2023 và kế hoạch thực hiện \
         nhiệm vụ trọng tâm tháng 5/2023 của Sở Thông tin và Truyền thông./.",
    )]));
    ReportDocument {
        header: Header {
            governing_body: "UBND TỈNH NINH THUẬN".to_owned(),
            issuing_body: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG".to_owned(),
            number_line: "Số: 123/BC-STTTT".to_owned(),
            national_title: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned(),
            motto: "Độc lập - Tự do - Hạnh phúc".to_owned(),
            place_date: "Ninh Thuận, ngày 14 tháng 4 năm 2023".to_owned(),
        },
        title: "BÁO CÁO".to_owned(),
        abstract_lines: vec![
            "Tình hình thực hiện nhiệm vụ tháng 4/2023".to_owned(),
            "và kế hoạch thực hiện nhiệm vụ trọng tâm tháng 5/2023".to_owned(),
        ],
        body,
        footnotes: vec![
            Footnote {
                number: 1,
                text: "Quyết định số 166/QĐ-UBND ngày 12/4/2023 về việc ban hành mã định danh."
                    .to_owned(),
            },
            Footnote {
                number: 2,
                text: "Kế hoạch số 1146/KH-UBND ngày 28/3/2023 về phát triển hạ tầng số."
                    .to_owned(),
            },
        ],
        recipients: vec![
            "Bộ Thông tin và Truyền thông".to_owned(),
            "UBND tỉnh".to_owned(),
            "Lưu: VT, VP".to_owned(),
        ],
        signature: Signature {
            authority_lines: vec!["KT. GIÁM ĐỐC".to_owned(), "PHÓ GIÁM ĐỐC".to_owned()],
            signer_name: "Nguyễn Văn Ặn".to_owned(),
        },
        annexes: vec![],
    }
}

/// The named part of a DOCX archive as text.
pub fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip archive");
    let mut entry = archive.by_name(name).expect("the part exists");
    let mut xml = String::new();
    entry.read_to_string(&mut xml).expect("UTF-8 XML");
    xml
}

/// The `<w:p …>…</w:p>` element whose text contains `needle`.
fn paragraph_with<'a>(xml: &'a str, needle: &str) -> &'a str {
    let at = xml
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found"));
    let start = xml[..at].rfind("<w:p ").expect("paragraph start");
    let end = at + xml[at..].find("</w:p>").expect("paragraph end");
    &xml[start..end]
}

fn written() -> Vec<u8> {
    let bytes = write_docx(&sample()).expect("the sample writes");
    if let Ok(path) = std::env::var("BAOCAO_DOCX_OUT") {
        std::fs::write(path, &bytes).expect("write the sample DOCX");
    }
    bytes
}

#[test]
fn page_is_a4_with_nd30_margins_and_title_page() {
    let doc = part(&written(), "word/document.xml");
    assert!(
        doc.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#),
        "A4 portrait"
    );
    assert!(
        doc.contains(r#"<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#),
        "margins 20/15/20/30 mm"
    );
    assert!(doc.contains("<w:titlePg />"), "distinct first page");
    assert!(doc.contains(r#"<w:headerReference w:type="first""#));
    assert!(doc.contains(r#"<w:headerReference w:type="default""#));
}

#[test]
fn defaults_are_times_new_roman_14pt() {
    let styles = part(&written(), "word/styles.xml");
    let defaults = &styles[styles.find("<w:docDefaults>").unwrap()..];
    let defaults = &defaults[..defaults.find("</w:docDefaults>").unwrap()];
    for slot in ["ascii", "hAnsi", "eastAsia", "cs"] {
        assert!(
            defaults.contains(&format!(r#"w:{slot}="Times New Roman""#)),
            "{slot} font in {defaults}"
        );
    }
    assert!(defaults.contains(r#"<w:sz w:val="28" />"#), "14 pt default");
}

#[test]
fn header_block_sizes_and_weights() {
    let doc = part(&written(), "word/document.xml");
    let governing = paragraph_with(&doc, "UBND TỈNH NINH THUẬN");
    assert!(governing.contains(r#"<w:sz w:val="26" />"#) && !governing.contains("<w:b />"));
    let issuing = paragraph_with(&doc, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
    assert!(issuing.contains(r#"<w:sz w:val="26" />"#) && issuing.contains("<w:b />"));
    let number = paragraph_with(&doc, "Số: 123/BC-STTTT");
    assert!(number.contains(r#"<w:sz w:val="26" />"#));
    let national = paragraph_with(&doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert!(national.contains(r#"<w:sz w:val="26" />"#) && national.contains("<w:b />"));
    let motto = paragraph_with(&doc, "Độc lập - Tự do - Hạnh phúc");
    assert!(motto.contains(r#"<w:sz w:val="28" />"#) && motto.contains("<w:b />"));
    let date = paragraph_with(&doc, "Ninh Thuận, ngày 14 tháng 4 năm 2023");
    assert!(date.contains(r#"<w:sz w:val="28" />"#) && date.contains("<w:i />"));
    for p in [governing, issuing, number, national, motto, date] {
        assert!(p.contains(r#"<w:jc w:val="center" />"#), "centred: {p}");
    }
}

#[test]
fn header_block_is_a_borderless_two_column_table_with_two_rules() {
    let doc = part(&written(), "word/document.xml");
    let table = &doc[doc.find("<w:tbl>").unwrap()..doc.find("</w:tbl>").unwrap()];
    assert!(
        table.contains(r#"<w:gridCol w:w="3742" w:type="dxa" />"#),
        "left 40 %: {table}"
    );
    assert!(
        table.contains(r#"<w:gridCol w:w="5613" w:type="dxa" />"#),
        "right 60 %"
    );
    assert!(
        !table.contains(r#"w:val="single" w:sz="4""#),
        "no cell borders"
    );
    let rules = table
        .matches(r#"<w:bottom w:val="single" w:space="1" w:sz="6""#)
        .count();
    assert_eq!(rules, 2, "lines under the issuing body and the motto");
}

#[test]
fn title_and_abstract_are_centred_bold_14pt() {
    let doc = part(&written(), "word/document.xml");
    for needle in [">BÁO CÁO<", "Tình hình thực hiện nhiệm vụ tháng 4/2023"] {
        let p = paragraph_with(&doc, needle);
        assert!(p.contains(r#"<w:jc w:val="center" />"#), "{p}");
        assert!(
            p.contains("<w:b />") && p.contains(r#"<w:sz w:val="28" />"#),
            "{p}"
        );
    }
}

#[test]
fn body_is_justified_with_first_line_indent_and_spacing() {
    let doc = part(&written(), "word/document.xml");
    for needle in [
        "Thực hiện công tác đảm bảo",
        "Trên đây là báo cáo",
        "Trình UBND tỉnh",
    ] {
        let p = paragraph_with(&doc, needle);
        assert!(p.contains(r#"<w:jc w:val="both" />"#), "justified: {p}");
        assert!(p.contains(r#"w:firstLine="720""#), "1,27 cm indent: {p}");
        assert!(
            p.contains(r#"w:before="120""#) && p.contains(r#"w:line="288""#),
            "{p}"
        );
        assert!(p.contains(r#"<w:sz w:val="28" />"#), "14 pt: {p}");
    }
}

#[test]
fn headings_are_bold_and_level_three_italic() {
    let doc = part(&written(), "word/document.xml");
    let h1 = paragraph_with(&doc, "I. KẾT QUẢ THỰC HIỆN");
    assert!(h1.contains("<w:b />") && !h1.contains("<w:i />"), "{h1}");
    assert!(h1.contains(r#"w:firstLine="720""#));
    let h2 = paragraph_with(&doc, "1. Công tác tham mưu");
    assert!(h2.contains("<w:b />") && !h2.contains("<w:i />"), "{h2}");
    let h3 = paragraph_with(&doc, "2.1. Lĩnh vực Công nghệ thông tin");
    assert!(h3.contains("<w:b />") && h3.contains("<w:i />"), "{h3}");
    let item = paragraph_with(&doc, "Trình UBND tỉnh");
    assert!(
        item.contains(">1. <"),
        "numbered item starts with its number: {item}"
    );
}

#[test]
fn text_prints_literally_with_stacked_diacritics() {
    let doc = part(&written(), "word/document.xml");
    let escaped = "Ký tự * # $ [ ] _ ; &lt;b&gt; &amp; &quot;x&quot; &apos;y&apos; {{ z }} \\ in";
    assert!(doc.contains(escaped), "markup characters kept as text");
    assert!(doc.contains("ẶNG ẪM ỖI ỢT ỰC ỸU"));
    assert!(doc.contains("232.046, tỷ lệ 70,96%"));
}

#[test]
fn page_number_field_is_in_the_default_header_only() {
    let bytes = written();
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    let doc = part(&bytes, "word/document.xml");
    let header_of = |kind: &str| {
        let tag = &doc[doc.find(&format!(r#"w:type="{kind}""#)).unwrap()..];
        let rid = &tag[tag.find("r:id=\"").unwrap() + 6..];
        let rid = &rid[..rid.find('"').unwrap()];
        let rel = &rels[rels.find(&format!(r#"Id="{rid}""#)).unwrap()..];
        let target = &rel[rel.find("Target=\"").unwrap() + 8..];
        part(
            &bytes,
            &format!("word/{}", &target[..target.find('"').unwrap()]),
        )
    };
    let default = header_of("default");
    assert!(
        default.contains("<w:instrText>PAGE</w:instrText>"),
        "{default}"
    );
    assert!(default.contains(r#"<w:fldChar w:fldCharType="begin""#));
    assert!(
        default.contains(r#"<w:sz w:val="26" />"#),
        "13 pt page number"
    );
    assert!(default.contains(r#"<w:jc w:val="center" />"#), "centred");
    let first = header_of("first");
    assert!(
        !first.contains("PAGE") && !first.contains("<w:t"),
        "empty: {first}"
    );
}

#[test]
fn footnotes_are_numbered_word_footnotes_in_12pt() {
    let bytes = written();
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains(
        r#"<w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteReference w:id="1" />"#
    ));
    assert!(doc.contains(r#"<w:footnoteReference w:id="2" />"#));
    let notes = part(&bytes, "word/footnotes.xml");
    let mark = r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#;
    assert_eq!(
        notes.matches(mark).count(),
        2,
        "one number per footnote: {notes}"
    );
    assert!(notes.contains(r#"<w:footnote w:type="separator" w:id="-1">"#));
    let first = paragraph_with(&notes, "Quyết định số 166/QĐ-UBND");
    assert!(
        first.contains(mark),
        "the number leads the footnote: {first}"
    );
    assert!(first.contains(r#"<w:pStyle w:val="FootnoteText" />"#));
    assert!(first.contains(r#"<w:sz w:val="24" />"#), "12 pt: {first}");
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains("footnotes.xml"));
}

#[test]
fn footnote_styles_are_defined() {
    let styles = part(&written(), "word/styles.xml");
    let reference = &styles[styles.find(r#"w:styleId="FootnoteReference""#).unwrap()..];
    let reference = &reference[..reference.find("</w:style>").unwrap()];
    assert!(
        reference.contains(r#"<w:vertAlign w:val="superscript" />"#),
        "{reference}"
    );
    let text = &styles[styles.find(r#"w:styleId="FootnoteText""#).unwrap()..];
    let text = &text[..text.find("</w:style>").unwrap()];
    assert!(text.contains(r#"<w:sz w:val="24" />"#), "{text}");
}

#[test]
fn recipients_and_signature_close_the_document() {
    let doc = part(&written(), "word/document.xml");
    let label = paragraph_with(&doc, "Nơi nhận:");
    assert!(
        label.contains("<w:b />") && label.contains("<w:i />"),
        "{label}"
    );
    assert!(label.contains(r#"<w:sz w:val="24" />"#), "12 pt: {label}");
    let first = paragraph_with(&doc, "- Bộ Thông tin và Truyền thông;");
    assert!(first.contains(r#"<w:sz w:val="22" />"#), "11 pt: {first}");
    let last = paragraph_with(&doc, "- Lưu: VT, VP.");
    assert!(last.contains(r#"<w:sz w:val="22" />"#), "11 pt: {last}");
    for needle in ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Ặn"] {
        let p = paragraph_with(&doc, needle);
        assert!(
            p.contains("<w:b />") && p.contains(r#"<w:sz w:val="28" />"#),
            "{p}"
        );
        assert!(p.contains(r#"<w:jc w:val="center" />"#), "{p}");
    }
    let closing = &doc[doc.rfind("<w:tbl>").unwrap()..];
    assert!(closing.contains("Nơi nhận:") && closing.contains("Nguyễn Văn Ặn"));
    assert!(
        closing.find("Nơi nhận:") < closing.find("KT. GIÁM ĐỐC"),
        "recipients left"
    );
}

#[test]
fn entries_are_deflated() {
    let bytes = written();
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let entry = archive.by_name("word/document.xml").unwrap();
    assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
    assert!(entry.compressed_size() < entry.size() / 2);
}

#[test]
fn footnote_references_must_follow_the_footnotes() {
    let mut doc = sample();
    doc.footnotes.swap(0, 1);
    assert!(matches!(
        write_docx(&doc),
        Err(DocxError::FootnoteNumbering {
            position: 1,
            number: 2
        })
    ));
    let mut doc = sample();
    doc.footnotes.push(Footnote {
        number: 3,
        text: "thừa".to_owned(),
    });
    assert!(matches!(
        write_docx(&doc),
        Err(DocxError::UnreferencedFootnote(3))
    ));
    let mut doc = sample();
    doc.body
        .push(Block::Paragraph(vec![Inline::FootnoteRef(7)]));
    assert!(matches!(
        write_docx(&doc),
        Err(DocxError::UndefinedFootnote(7))
    ));
    let mut doc = sample();
    doc.body
        .push(Block::Paragraph(vec![Inline::FootnoteRef(1)]));
    assert!(matches!(
        write_docx(&doc),
        Err(DocxError::FootnoteReferenceOrder {
            expected: 3,
            found: 1
        })
    ));
}

#[test]
fn a_report_without_footnotes_or_recipients_still_writes() {
    let mut doc = sample();
    doc.footnotes.clear();
    for block in &mut doc.body {
        if let Block::Paragraph(content) = block {
            content.retain(|inline| !matches!(inline, Inline::FootnoteRef(_)));
        }
    }
    doc.recipients.clear();
    let bytes = write_docx(&doc).expect("writes");
    let doc = part(&bytes, "word/document.xml");
    assert!(!doc.contains("Nơi nhận:") && !doc.contains("footnoteReference"));
}
