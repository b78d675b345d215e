//! A narrative's text prints as typed in every output: characters that Markdown, Typst, HTML or
//! Word would read as markup ("- " at the start, "#", "*", "_", "$", "[", "]", ";" after a
//! mark, "\", "<script>", "&amp;") come out literally in the Markdown (as a CommonMark reader
//! shows it), the HTML (as an HTML5 parser reads it), the DOCX (Word's text runs) and the PDF
//! (the text pdftotext extracts).

use std::io::{Cursor, Read};
use std::process::Command;

use baocao_app::ReportFormat;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::helpers::{Folder, april, empty_db};

/// Paragraphs of a narrative that would be markup somewhere.
const LINES: [&str; 5] = [
    "- gạch đầu dòng giữ nguyên",
    "# không phải tiêu đề; *không đậm* _không nghiêng_ $x$ [a] \\ cuối",
    "12. không phải danh sách số",
    "Dấu [1]; #footnote[x]; \\\\ hai; * một",
    "Thẻ <script>alert('x')</script> và <b>không đậm</b> &amp; \"trích\" giữ nguyên",
];

async fn report_with_tricky_narrative() -> baocao_report::model::ReportDocument {
    let folder = Folder::example_copy();
    let anchor = "Tổ chức Đại hội Công đoàn cơ sở";
    folder.replace(
        "narrative/2023-04.toml",
        anchor,
        &format!("{}\n\n{anchor}", LINES.join("\n\n")),
    );
    let db = empty_db().await;
    baocao_app::load_folder(&db.store, folder.path())
        .await
        .unwrap_or_else(|e| panic!("the narrative loads: {e}"));
    let data = baocao_app::load_period(&db.store, april(), None)
        .await
        .expect("period");
    baocao_app::build_report(&db.store, &data)
        .await
        .expect("report")
        .document
}

/// The paragraphs a CommonMark reader shows, as plain text; and whether it saw a list or a
/// heading besides the report's own headings.
fn commonmark_paragraphs(markdown: &str) -> (Vec<String>, usize) {
    let mut paragraphs = Vec::new();
    let mut current: Option<String> = None;
    let mut lists = 0;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => current = Some(String::new()),
            Event::End(TagEnd::Paragraph) => paragraphs.extend(current.take()),
            Event::Start(Tag::List(_)) => lists += 1,
            Event::Text(text) | Event::Code(text) => {
                if let Some(p) = current.as_mut() {
                    p.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = current.as_mut() {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    (paragraphs, lists)
}

#[tokio::test]
async fn markdown_shows_the_narrative_as_typed() {
    let doc = report_with_tricky_narrative().await;
    let markdown = String::from_utf8(
        baocao_app::write_report(&doc, ReportFormat::Markdown).expect("Markdown"),
    )
    .expect("UTF-8");
    let (paragraphs, lists) = commonmark_paragraphs(&markdown);
    for line in LINES {
        assert!(
            paragraphs.iter().any(|p| p == line),
            "`{line}` is a paragraph of its own, as typed; paragraphs:\n{paragraphs:#?}"
        );
    }
    // The report's own lists are the key tasks (section II) and the recipients.
    assert_eq!(lists, 2, "no narrative line became a list");
}

#[tokio::test]
async fn html_shows_the_narrative_as_typed() {
    let doc = report_with_tricky_narrative().await;
    let html = String::from_utf8(baocao_app::write_report(&doc, ReportFormat::Html).expect("HTML"))
        .expect("UTF-8");
    assert!(!html.contains("<script"), "no script element");
    let document = scraper::Html::parse_document(&html);
    assert!(document.errors.is_empty(), "{:?}", document.errors);
    let selector = |s: &str| scraper::Selector::parse(s).expect("selector");
    let paragraphs: Vec<String> = document
        .select(&selector(".bc-body > p"))
        .map(|p| p.text().collect())
        .collect();
    for line in LINES {
        assert!(
            paragraphs.iter().any(|p| p == line),
            "`{line}` is a paragraph of its own, as typed; paragraphs:\n{paragraphs:#?}"
        );
    }
    assert_eq!(document.select(&selector("script")).count(), 0);
    // The only bold runs and lists are the report's own: no narrative text became markup.
    assert!(
        document
            .select(&selector(".bc-body b"))
            .all(|b| !b.text().collect::<String>().contains("không đậm"))
    );
    assert_eq!(
        document.select(&selector("ul, ol")).count(),
        1,
        "the recipients"
    );
}

#[tokio::test]
async fn docx_holds_the_narrative_as_typed() {
    let doc = report_with_tricky_narrative().await;
    let bytes = baocao_app::write_report(&doc, ReportFormat::Docx).expect("DOCX");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    // The text of each paragraph: its <w:t> runs, unescaped.
    let paragraphs: Vec<String> = xml
        .split("</w:p>")
        .map(|p| {
            p.split("<w:t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                .filter_map(|t| t.split("</w:t>").next())
                .collect::<String>()
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect();
    for line in LINES {
        assert!(
            paragraphs.iter().any(|p| p == line),
            "`{line}` is a DOCX paragraph as typed"
        );
    }
}

#[tokio::test]
async fn pdf_text_holds_the_narrative_as_typed() {
    let Some(pdftotext) = which("pdftotext") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing on CI: .ci/run installs poppler-utils"
        );
        eprintln!("pdftotext is not installed (Debian: poppler-utils): check skipped");
        return;
    };
    let doc = report_with_tricky_narrative().await;
    let pdf = baocao_app::write_report(&doc, ReportFormat::Pdf).expect("PDF");
    let dir = tempfile::TempDir::new().expect("temporary folder");
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new(pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    // A justified line may be wrapped or spaced differently: compare the words in order.
    let words: Vec<&str> = text.split_whitespace().collect();
    for line in LINES {
        let wanted: Vec<&str> = line.split_whitespace().collect();
        assert!(
            words.windows(wanted.len()).any(|w| w == wanted.as_slice()),
            "`{line}` in the PDF's text"
        );
    }
}

fn which(tool: &str) -> Option<std::path::PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(tool))
        .find(|path| path.is_file())
}
