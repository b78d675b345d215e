//! The PDF of April 2023 holds every figure the Markdown report holds, in text a reader can
//! search and copy, and carries its fonts.

use std::collections::BTreeSet;

use baocao_report::model::Block;

use crate::helpers::{april_report, laid_out_text, number_tokens, poppler, run_on_pdf};

/// Every figure of the Markdown report (narrative, charts, annex) is in the text `pdftotext`
/// extracts from the PDF: nothing is lost to layout, and the charts' labels are text.
#[test]
fn pdf_text_has_every_figure_of_the_markdown_report() {
    let Some(pdftotext) = poppler("pdftotext") else {
        return;
    };
    let doc = april_report();
    let markdown = baocao_report::markdown::write_markdown(&doc);
    let pdf = baocao_pdf::write_pdf(&doc).expect("the PDF is written");
    let text = run_on_pdf(&pdftotext, &["-enc", "UTF-8"], &pdf);
    let in_pdf: BTreeSet<String> = number_tokens(&text).into_iter().collect();
    let in_markdown: BTreeSet<String> = number_tokens(&markdown).into_iter().collect();
    assert!(in_markdown.len() > 200, "{} figures", in_markdown.len());
    let missing: Vec<&String> = in_markdown.difference(&in_pdf).collect();
    assert!(
        missing.is_empty(),
        "figures of the Markdown report missing from the PDF: {missing:?}"
    );
}

/// The same without Poppler: every figure of the report without its charts (which are
/// images to Typst) is in the text Typst laid out.
#[test]
fn laid_out_text_has_every_figure_outside_the_charts() {
    let mut doc = april_report();
    doc.body.retain(|block| !matches!(block, Block::Chart(_)));
    let markdown = baocao_report::markdown::write_markdown(&doc);
    let pages = baocao_pdf::layout(&doc).expect("laid out");
    let laid_out: BTreeSet<String> = number_tokens(&laid_out_text(&pages)).into_iter().collect();
    let missing: Vec<String> = number_tokens(&markdown)
        .into_iter()
        .filter(|t| !laid_out.contains(t))
        .collect();
    assert!(
        missing.is_empty(),
        "figures missing from the laid-out text: {missing:?}"
    );
}

/// `pdffonts` lists four Liberation Serif faces, all embedded (as subsets) with a Unicode map.
#[test]
fn every_font_is_embedded() {
    let Some(pdffonts) = poppler("pdffonts") else {
        return;
    };
    let pdf = baocao_pdf::write_pdf(&april_report()).expect("the PDF is written");
    let listing = run_on_pdf(&pdffonts, &[], &pdf);
    let fonts: Vec<&str> = listing
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!fonts.is_empty(), "{listing}");
    for font in &fonts {
        let columns: Vec<&str> = font.split_whitespace().collect();
        // name, type words…, encoding, emb, sub, uni, object, generation
        let n = columns.len();
        assert!(n >= 7, "{font}");
        assert_eq!(columns[n - 5], "yes", "embedded: {font}");
        assert_eq!(columns[n - 3], "yes", "with a Unicode map: {font}");
        assert!(columns[0].contains("LiberationSerif"), "{font}");
    }
    assert_eq!(
        fonts.len(),
        4,
        "regular, bold, italic, bold italic:\n{listing}"
    );
}

/// The PDF is A4 and the same report gives the same bytes.
#[test]
fn pdf_is_a4_and_reproducible() {
    let doc = april_report();
    let pages = baocao_pdf::layout(&doc).expect("laid out");
    let size = pages.pages()[0].frame.size();
    assert!((size.x.to_mm() - 210.0).abs() < 0.1 && (size.y.to_mm() - 297.0).abs() < 0.1);
    assert!(pages.pages().len() > 8, "{} pages", pages.pages().len());
    let a = baocao_pdf::write_pdf(&doc).expect("PDF");
    let b = baocao_pdf::write_pdf(&doc).expect("PDF");
    assert!(a.starts_with(b"%PDF-"));
    assert!(a == b, "two writes of one report differ");
}
