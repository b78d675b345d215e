//! The example's report as HTML, read back with an HTML5 parser: the same figures as the
//! Markdown report (narrative, charts, annex), the header and title of page 1, the four charts
//! as inline SVG where the template places them, and the annex on a sheet of its own.

use std::collections::BTreeSet;

use baocao_app::ReportFormat;
use scraper::{Html, Selector};

use crate::helpers::{april_markdown, april_report, example_db};
use crate::seed_figures::number_tokens;

/// The text of every element matching `selector`, each element's text nodes joined by spaces
/// (so that two table cells never read as one number).
fn texts(document: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("selector");
    document
        .select(&selector)
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .collect()
}

async fn april_html() -> (Html, String) {
    let db = example_db().await;
    let built = april_report(&db.store).await;
    let bytes = baocao_app::write_report(&built.document, ReportFormat::Html).expect("HTML");
    let html = String::from_utf8(bytes).expect("UTF-8");
    let document = Html::parse_document(&html);
    assert!(document.errors.is_empty(), "{:?}", document.errors);
    let markdown = april_markdown(&db.store).await;
    (document, markdown)
}

#[tokio::test]
async fn html_has_every_figure_of_the_markdown_report() {
    let (document, markdown) = april_html().await;
    let text = texts(&document, "body").join(" ");
    let in_html: BTreeSet<String> = number_tokens(&text).into_iter().collect();
    let in_markdown: BTreeSet<String> = number_tokens(&markdown).into_iter().collect();
    assert!(in_markdown.len() > 200, "{} figures", in_markdown.len());
    let missing: Vec<&String> = in_markdown.difference(&in_html).collect();
    assert!(
        missing.is_empty(),
        "figures of the Markdown report missing from the HTML: {missing:?}"
    );
    // The corrected commune total, not the typed one.
    assert!(in_html.contains("22.155") && !in_html.contains("22.115"));
}

#[tokio::test]
async fn page_one_and_the_end_of_the_example() {
    let (document, _) = april_html().await;
    assert_eq!(
        texts(&document, ".bc-header .bc-issuer p"),
        [
            "UBND TỈNH NINH THUẬN",
            "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "Số:      /BC-STTTT"
        ]
    );
    assert_eq!(
        texts(&document, ".bc-header .bc-nation p"),
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Ninh Thuận, ngày 14 tháng 4 năm 2023"
        ]
    );
    assert_eq!(
        texts(&document, "h1.bc-title"),
        [
            "BÁO CÁO Tình hình thực hiện nhiệm vụ tháng 4/2023 và kế hoạch thực hiện nhiệm vụ trọng tâm tháng 5/2023"
        ]
    );
    let sections = texts(&document, ".bc-body > h2");
    assert_eq!(sections.len(), 2, "{sections:?}");
    assert!(sections[0].starts_with("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 4/2023"));
    assert!(sections[1].starts_with("II. CÁC CÔNG TÁC TRỌNG TÂM THÁNG 5/2023"));
    assert_eq!(texts(&document, ".bc-recipients-label"), ["Nơi nhận:"]);
    let recipients = texts(&document, ".bc-recipients li");
    assert!(
        recipients.last().is_some_and(|r| r.ends_with('.')),
        "{recipients:?}"
    );
    assert_eq!(
        texts(&document, ".bc-footnotes > p").len(),
        1,
        "the footnote of section 1"
    );
}

#[tokio::test]
async fn the_four_charts_are_inline_svg_in_sections_2_2_and_2_3() {
    let (document, _) = april_html().await;
    let captions = texts(&document, ".bc-body > figure.bc-chart > figcaption");
    assert_eq!(captions.len(), 4, "{captions:?}");
    for (i, caption) in captions.iter().enumerate() {
        assert!(
            caption.starts_with(&format!("Biểu đồ {}. ", i + 1)),
            "{caption}"
        );
    }
    assert_eq!(
        texts(&document, ".bc-body > figure.bc-chart > svg").len(),
        4
    );
    let dossiers = texts(&document, "#bc-chart-1 svg text");
    for figure in ["11.380", "29.465", "15.074", "trực tuyến 68,04%"] {
        assert!(
            dossiers.iter().any(|t| t == figure),
            "`{figure}` in {dossiers:?}"
        );
    }
    // Each chart follows the heading of its section: 1 and 2 after "2.2.", 3 and 4 after
    // "2.3." and before "2.4.".
    let order = texts(&document, ".bc-body > h4, .bc-body > figure > figcaption");
    let at = |prefix: &str| {
        order
            .iter()
            .position(|t| t.starts_with(prefix))
            .unwrap_or_else(|| panic!("`{prefix}` in {order:?}"))
    };
    assert!(at("2.2.") < at("Biểu đồ 1.") && at("Biểu đồ 2.") < at("2.3."));
    assert!(at("2.3.") < at("Biểu đồ 3.") && at("Biểu đồ 4.") < at("2.4."));
}

#[tokio::test]
async fn the_annex_is_a_table_on_its_own_sheet() {
    let (document, _) = april_html().await;
    assert_eq!(texts(&document, "section.bc-sheet").len(), 2);
    assert_eq!(texts(&document, ".bc-annex .bc-annex-title"), ["PHỤ LỤC"]);
    let groups = texts(&document, ".bc-annex-table tr.bc-group th:last-child");
    assert_eq!(
        groups,
        [
            "Công nghệ thông tin",
            "Bưu chính, viễn thông",
            "Thông tin - Báo chí - Xuất bản",
            "Thanh tra"
        ]
    );
    let rows = texts(&document, ".bc-annex-table tr");
    assert!(
        rows.iter().any(
            |r| r.ends_with(" Sản lượng bưu gửi (ước thực hiện) bưu gửi 346.791 330.277 +5,00")
        ),
        "{rows:#?}"
    );
}
