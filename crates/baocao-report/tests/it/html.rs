//! The HTML writer, read back with an HTML5 parser (html5ever, through scraper) as a browser
//! reads it: the header block, title, body, footnotes, recipients and signature, charts and
//! annexes are where the printed layout puts them, every text prints as typed, and the markup
//! is pinned by a snapshot.

use baocao_report::html::{stylesheet, to_html, to_html_fragment};
use baocao_report::model::{Block, ChartCategory, Inline, ReportDocument};
use scraper::{ElementRef, Html, Selector};

use crate::docx::{LITERAL, sample};
use crate::figures::{chart, with_chart_and_annex};

fn parse(html: &str) -> Html {
    let document = Html::parse_document(html);
    assert!(
        document.errors.is_empty(),
        "the HTML parses without errors: {:?}",
        document.errors
    );
    document
}

/// A fragment, parsed as a browser parses the inside of a `<body>`.
fn parse_fragment(html: &str) -> Html {
    let fragment = Html::parse_fragment(html);
    assert!(
        fragment.errors.is_empty(),
        "the fragment parses without errors: {:?}",
        fragment.errors
    );
    fragment
}

fn select<'a>(document: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let parsed = Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e:?}"));
    document.select(&parsed).collect()
}

/// The text of an element as a browser lays it out before white space is collapsed.
fn text_of(element: &ElementRef<'_>) -> String {
    element.text().collect()
}

/// The text of the one element `selector` finds.
fn one(document: &Html, selector: &str) -> String {
    let found = select(document, selector);
    assert_eq!(found.len(), 1, "one `{selector}`");
    text_of(&found[0])
}

fn texts(document: &Html, selector: &str) -> Vec<String> {
    select(document, selector).iter().map(text_of).collect()
}

#[test]
fn a_complete_document_that_fetches_nothing() {
    let html = to_html(&with_chart_and_annex());
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"vi\">"),
        "{html}"
    );
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains(stylesheet()), "the stylesheet is embedded");
    let document = parse(&html);
    assert_eq!(
        one(&document, "title"),
        "BÁO CÁO Tình hình thực hiện nhiệm vụ tháng 4/2023 và kế hoạch thực hiện nhiệm vụ \
         trọng tâm tháng 5/2023"
    );
    // Nothing is fetched: no script, no link, no image, no external URL.
    assert!(select(&document, "script, link, img, iframe, object").is_empty());
    for attribute in ["src=", "href=\"http", "url(", "@import"] {
        assert!(!html.contains(attribute), "`{attribute}` in the document");
    }
    // The fragment is the document's body.
    assert!(html.contains(&to_html_fragment(&with_chart_and_annex())));
}

#[test]
fn the_stylesheet_is_scoped_and_lays_out_the_page() {
    let css = stylesheet();
    // Every rule outside @page and the at-rules starts with .bc-report.
    let mut depth_in_page = 0;
    for line in css.lines() {
        let line = line.trim();
        if line.starts_with("@page") {
            depth_in_page += 1;
        }
        if depth_in_page > 0 {
            if line == "}" {
                depth_in_page -= 1;
            }
            continue;
        }
        let is_selector = line.ends_with('{') && !line.starts_with('@');
        let continues = line.ends_with(',') && !line.contains(':');
        if is_selector || continues {
            assert!(line.starts_with(".bc-report"), "unscoped selector `{line}`");
        }
    }
    for rule in [
        "font-size: 14pt",
        "text-indent: 1.27cm",
        "text-align: justify",
        "grid-template-columns: 40% 60%",
        "padding: 20mm 15mm 20mm 30mm",
        "margin: 20mm 15mm 20mm 30mm",
        "size: A4",
        "break-before: page",
        "content: counter(page)",
    ] {
        assert!(css.contains(rule), "`{rule}` in the stylesheet");
    }
}

#[test]
fn header_title_and_abstract_as_on_paper() {
    let document = parse(&to_html(&sample()));
    let header = select(&document, ".bc-main > header.bc-header");
    assert_eq!(header.len(), 1, "the header opens the first sheet");
    let left = texts(&document, ".bc-header > .bc-issuer > p");
    assert_eq!(
        left,
        [
            "UBND TỈNH NINH THUẬN",
            "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "Số: 123/BC-STTTT"
        ]
    );
    let right = texts(&document, ".bc-header > .bc-nation > p");
    assert_eq!(
        right,
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Ninh Thuận, ngày 14 tháng 4 năm 2023"
        ]
    );
    assert_eq!(
        texts(&document, "h1.bc-title > span"),
        [
            "BÁO CÁO",
            "Tình hình thực hiện nhiệm vụ tháng 4/2023",
            "và kế hoạch thực hiện nhiệm vụ trọng tâm tháng 5/2023"
        ]
    );
    assert_eq!(select(&document, "h1").len(), 1, "one title");
}

#[test]
fn a_draft_number_keeps_its_blank() {
    let mut doc = sample();
    doc.header.number_line = "Số:      /BC-STTTT".into();
    let document = parse_fragment(&to_html_fragment(&doc));
    assert_eq!(one(&document, ".bc-number"), "Số:      /BC-STTTT");
    assert!(stylesheet().contains("white-space: pre-wrap"));
}

#[test]
fn body_headings_paragraphs_items_and_closing_in_order() {
    let document = parse(&to_html(&sample()));
    assert_eq!(
        texts(&document, ".bc-body > h2"),
        [
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 4/2023",
            "II. NHIỆM VỤ TRỌNG TÂM THÁNG 5/2023"
        ]
    );
    assert_eq!(
        texts(&document, ".bc-body > h3.bc-h2"),
        ["1. Công tác tham mưu với Ủy ban nhân dân tỉnh"]
    );
    assert_eq!(
        texts(&document, ".bc-body > h4.bc-h3"),
        ["2.1. Lĩnh vực Công nghệ thông tin"]
    );
    assert_eq!(
        texts(&document, ".bc-body > p.bc-item"),
        [
            "1. Trình UBND tỉnh ban hành Kế hoạch chuyển đổi số năm 2023.",
            "2. Tổ chức kiểm tra an toàn thông tin tại các cơ quan, đơn vị."
        ]
    );
    let closing = texts(&document, ".bc-body > p.bc-closing");
    assert_eq!(closing.len(), 1);
    assert!(closing[0].ends_with("Sở Thông tin và Truyền thông./."));
    // Each body block is one element, in order: 6 blocks, 12 long paragraphs, 4 more.
    assert_eq!(select(&document, ".bc-body > *").len(), sample().body.len());
    assert_eq!(
        texts(&document, ".bc-body > p b"),
        ["02 Quyết định, 03 Kế hoạch, 01 Chỉ thị"]
    );
    assert_eq!(
        texts(&document, ".bc-body > p i"),
        ["Chữ nghiêng: ẶNG ẪM ỖI ỢT ỰC ỸU"]
    );
}

#[test]
fn footnote_marks_link_to_their_notes_at_the_foot() {
    let document = parse(&to_html(&sample()));
    let marks: Vec<(String, String)> = select(&document, ".bc-body sup.bc-fnref > a")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        marks,
        [
            ("1".to_string(), "#bc-fn-1".to_string()),
            ("2".to_string(), "#bc-fn-2".to_string())
        ]
    );
    assert_eq!(
        texts(&document, ".bc-footnotes > p"),
        [
            "1 Quyết định số 166/QĐ-UBND ngày 12/4/2023 về việc ban hành mã định danh.",
            "2 Kế hoạch số 1146/KH-UBND ngày 28/3/2023 về phát triển hạ tầng số."
        ]
    );
    assert_eq!(select(&document, "#bc-fn-2").len(), 1);
    assert_eq!(select(&document, "#bc-fnref-2").len(), 1);
    // A number and symbol does not break across lines.
    assert_eq!(
        texts(&document, "#bc-fn-1 .bc-nb"),
        ["166/QĐ-UBND", "12/4/2023"]
    );
}

#[test]
fn recipients_and_signature_side_by_side_after_the_body() {
    let document = parse(&to_html(&sample()));
    assert_eq!(one(&document, ".bc-end .bc-recipients-label"), "Nơi nhận:");
    assert_eq!(
        texts(&document, ".bc-end .bc-recipients li"),
        [
            "- Bộ Thông tin và Truyền thông;",
            "- UBND tỉnh;",
            "- Lưu: VT, VP."
        ]
    );
    assert_eq!(
        texts(&document, ".bc-end .bc-signature p"),
        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Ặn"]
    );
    // The order of the first sheet: header, title, body, recipients and signature, footnotes.
    let order: Vec<String> = select(&document, ".bc-main > *")
        .iter()
        .map(|e| {
            let class = e.value().attr("class").unwrap_or("");
            format!("{}.{class}", e.value().name())
        })
        .collect();
    assert_eq!(
        order,
        [
            "header.bc-header",
            "h1.bc-title",
            "div.bc-body",
            "footer.bc-end",
            "aside.bc-footnotes"
        ]
    );
}

#[test]
fn charts_are_inline_svg_under_their_caption() {
    let document = parse(&to_html(&with_chart_and_annex()));
    let figures = select(&document, ".bc-body > figure.bc-chart#bc-chart-1");
    assert_eq!(figures.len(), 1);
    let children: Vec<&str> = figures[0]
        .children()
        .filter_map(ElementRef::wrap)
        .map(|e| e.value().name())
        .collect();
    assert_eq!(children, ["figcaption", "svg"], "the caption first");
    assert_eq!(
        one(&document, "#bc-chart-1 > figcaption"),
        "Biểu đồ 1. Hồ sơ tiếp nhận theo kênh và cấp"
    );
    let labels = texts(&document, "#bc-chart-1 svg text");
    for label in [
        "Đơn vị tính: hồ sơ",
        "11.380",
        "29.465",
        "7.081",
        "Cấp tỉnh",
        "trực tuyến 71,88%",
        "Qua mạng | BCCI",
    ] {
        assert!(
            labels.iter().any(|l| l == label),
            "`{label}` in the chart: {labels:?}"
        );
    }
}

#[test]
fn annexes_follow_on_sheets_of_their_own() {
    let document = parse(&to_html(&with_chart_and_annex()));
    let sheets = select(&document, "article.bc-report > section.bc-sheet");
    assert_eq!(sheets.len(), 2, "the report, then the annex");
    assert_eq!(sheets[1].value().attr("class"), Some("bc-sheet bc-annex"));
    assert_eq!(one(&document, ".bc-annex > h2.bc-annex-title"), "PHỤ LỤC");
    assert_eq!(
        one(&document, ".bc-annex-subtitle"),
        "SỐ LIỆU THÁNG 4/2023 THEO LĨNH VỰC"
    );
    assert_eq!(
        one(&document, ".bc-annex-note"),
        "(Kèm theo Báo cáo số 05/BC-STTTT ngày 14/4/2023)"
    );
    assert_eq!(
        texts(&document, ".bc-annex-table thead th"),
        [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Tháng 4/2023",
            "Tháng 3/2023",
            "Tăng, giảm so với tháng 3/2023 (%)"
        ]
    );
    let rows: Vec<Vec<String>> = select(&document, ".bc-annex-table tbody tr")
        .iter()
        .map(|tr| {
            tr.children()
                .filter_map(ElementRef::wrap)
                .map(|cell| text_of(&cell))
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            vec!["I", "Bưu chính, viễn thông"],
            vec![
                "1",
                "Sản lượng bưu gửi",
                "bưu gửi",
                "346.791",
                "330.277",
                "+5,00"
            ],
            vec!["", "- cấp xã", "", "22.155", "", ""],
            vec![
                "2",
                "Mật độ thuê bao điện thoại/100 dân",
                "thuê bao/100 dân",
                "116,1",
                "",
                ""
            ],
        ]
    );
    assert_eq!(
        select(&document, ".bc-annex-table .bc-group th[colspan=\"5\"]").len(),
        1,
        "the group title spans the row"
    );
}

/// Text that would be markup in HTML, Markdown or Typst, in every place a writer prints text.
const SCRIPT: &str = "<script>alert('x')</script> & <b>đậm?</b> \"trích\" [^1] *x* #y";

fn with_markup_everywhere() -> ReportDocument {
    let mut doc = with_chart_and_annex();
    doc.header.issuing_body = SCRIPT.into();
    doc.title = SCRIPT.into();
    doc.abstract_lines = vec![SCRIPT.into()];
    doc.body.push(Block::Heading {
        level: 2,
        number: "9.".into(),
        text: SCRIPT.into(),
    });
    doc.body.push(Block::Paragraph(vec![
        Inline::Text(SCRIPT.into()),
        Inline::Bold(SCRIPT.into()),
        Inline::Italic(SCRIPT.into()),
    ]));
    let mut chart = chart();
    chart.number = 2;
    chart.title = SCRIPT.into();
    chart.unit = SCRIPT.into();
    chart.categories[0] = ChartCategory {
        label: SCRIPT.into(),
        note: Some(SCRIPT.into()),
    };
    chart.series[0].name = SCRIPT.into();
    doc.body.push(Block::Chart(chart));
    doc.footnotes[1].text = SCRIPT.into();
    doc.recipients.push(SCRIPT.into());
    doc.signature.signer_name = SCRIPT.into();
    doc.annexes[0].groups[0].rows[0].label = SCRIPT.into();
    doc
}

#[test]
fn markup_in_the_text_prints_literally() {
    let html = to_html(&with_markup_everywhere());
    let document = parse(&html);
    assert!(select(&document, "script").is_empty());
    // The only bold elements are the two bold runs.
    assert_eq!(
        texts(&document, "b"),
        ["02 Quyết định, 03 Kế hoạch, 01 Chỉ thị", SCRIPT]
    );
    assert!(!html.contains("<script"), "no script element anywhere");
    assert_eq!(one(&document, ".bc-issuing"), SCRIPT);
    assert_eq!(one(&document, ".bc-signer"), SCRIPT);
    assert_eq!(
        texts(&document, "h1.bc-title > span"),
        [SCRIPT, SCRIPT],
        "title and abstract"
    );
    assert!(one(&document, "title").starts_with(SCRIPT));
    assert_eq!(
        texts(&document, ".bc-body > h3").last().map(String::as_str),
        Some(format!("9. {SCRIPT}").as_str())
    );
    let paragraph = format!("{SCRIPT}{SCRIPT}{SCRIPT}");
    assert!(texts(&document, ".bc-body > p").contains(&paragraph));
    assert_eq!(
        one(&document, "#bc-chart-2 > figcaption"),
        format!("Biểu đồ 2. {SCRIPT}")
    );
    // The chart's own text: unit, legend, category label and note (wrapped at spaces).
    let labels = texts(&document, "#bc-chart-2 svg text");
    assert_eq!(labels.join(" ").matches(SCRIPT).count(), 4, "{labels:?}");
    assert!(
        labels.contains(&format!("Đơn vị tính: {SCRIPT}")),
        "{labels:?}"
    );
    assert!(select(&document, "#bc-chart-2 svg script, #bc-chart-2 svg b").is_empty());
    assert_eq!(one(&document, "#bc-fn-2"), format!("2 {SCRIPT}"));
    assert_eq!(
        texts(&document, ".bc-recipients li")
            .last()
            .map(String::as_str),
        Some(format!("- {SCRIPT}.").as_str())
    );
    assert!(texts(&document, ".bc-annex-table td").contains(&SCRIPT.to_string()));
}

#[test]
fn characters_html_cannot_carry_and_line_feeds() {
    let mut doc = sample();
    doc.body.push(Block::Paragraph(vec![Inline::Text(
        "dòng một\ndòng hai\u{0}\u{7}\tcột".into(),
    )]));
    let html = to_html_fragment(&doc);
    assert!(
        html.contains("<p>dòng một<br>dòng hai\u{FFFD}\u{FFFD}\tcột</p>"),
        "{html}"
    );
    let document = parse_fragment(&html);
    assert!(texts(&document, ".bc-body > p").contains(&LITERAL.to_string()));
}

#[test]
fn fragment_of_the_sample_with_a_chart_and_an_annex() {
    insta::assert_snapshot!("report_fragment", to_html_fragment(&with_chart_and_annex()));
}
