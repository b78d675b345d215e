//! The report as HTML, laid out like the printed report (Nghị định 30/2020/NĐ-CP, Phụ lục I):
//! the same view model and the same layout as the DOCX and PDF writers, on an A4-like sheet on
//! screen and on A4 pages when printed.
//!
//! Two shapes: [`to_html`] writes a complete HTML5 document (the stylesheet embedded, charts
//! inline as SVG, nothing fetched); [`to_html_fragment`] writes only the
//! `<article class="bc-report">`, for a page of the web application that includes
//! [`stylesheet()`] once. Every selector of the stylesheet is scoped under `.bc-report`.
//!
//! Text is printed literally: every character of the view model is escaped (`& < > " '`), so
//! a narrative holding `<script>` shows those characters; a line feed becomes a line break, and
//! characters HTML does not allow in text (C0 and C1 controls, noncharacters) print as U+FFFD.
//! The charts' SVG from `baocao-charts` escapes its own text the same way.
//!
//! The markup, for styling and for tests (ids are prefixed `bc-`, so that the fragment can
//! sit in another page):
//! - `<section class="bc-sheet bc-main">`: page 1 onwards. In it `<header class="bc-header">`
//!   (two columns: `.bc-issuer` with `.bc-governing`, `.bc-issuing`, `.bc-number`; `.bc-nation`
//!   with `.bc-national`, `.bc-motto`, `.bc-place-date`), `<h1 class="bc-title">` (the kind in
//!   `.bc-kind`, each abstract line in `.bc-abstract`), `<div class="bc-body">` (headings
//!   `h2.bc-h1`, `h3.bc-h2`, `h4.bc-h3`, paragraphs `p`, `p.bc-item`, `p.bc-closing`, charts
//!   `figure.bc-chart#bc-chart-N` with their `figcaption` and `svg`), `<footer
//!   class="bc-end">` (`.bc-recipients`, `.bc-signature`), then the footnotes
//!   `<aside class="bc-footnotes">` (`p#bc-fn-N`, referred to by `sup.bc-fnref` links
//!   `#bc-fnref-N`).
//! - `<section class="bc-sheet bc-annex">` for each annex, from a new page: `h2.bc-annex-title`,
//!   `p.bc-annex-subtitle`, `p.bc-annex-note` and `table.bc-annex-table`.
//!
//! A figure or a number and symbol ("1925/QĐ-UBND", "232.046", "12/4/2023") sits in
//! `<span class="bc-nb">`, which does not break across lines, as in the PDF.

use std::fmt::Write;

use crate::model::{Annex, AnnexFigure, Block, Chart, Header, Inline, ReportDocument, Signature};

/// The stylesheet of [`to_html_fragment`], scoped under `.bc-report`.
const STYLESHEET: &str = include_str!("html.css");

/// What [`to_html`] adds around the sheets: a grey desk on screen, nothing on paper.
const PAGE_STYLE: &str = "html{background:#e6e6e6}body{margin:0;padding:24px 0}\
@media print{html{background:none}body{padding:0}}";

/// The label over the recipients (Phụ lục I, mục II.9).
const RECIPIENTS_LABEL: &str = "Nơi nhận:";

/// The report as a complete HTML5 document: `<!doctype html>`, `lang="vi"`, UTF-8, the
/// stylesheet embedded in `<style>`, the charts inline as SVG; it fetches nothing. Its title is
/// the report's title and abstract ("BÁO CÁO Tình hình thực hiện nhiệm vụ tháng 4/2023 …").
pub fn to_html(document: &ReportDocument) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    let mut title = document.title.clone();
    for line in &document.abstract_lines {
        title.push(' ');
        title.push_str(line);
    }
    out.push_str(&escape(&title));
    out.push_str("</title>\n<style>\n");
    out.push_str(PAGE_STYLE);
    out.push('\n');
    out.push_str(STYLESHEET);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(&to_html_fragment(document));
    out.push_str("</body>\n</html>\n");
    out
}

/// The report as an HTML fragment, `<article class="bc-report" lang="vi">…</article>`, to
/// embed in another page; that page includes [`stylesheet()`] once (in a `<style>` element or
/// as a linked file). The markup is described in the module documentation.
pub fn to_html_fragment(document: &ReportDocument) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(
        "<article class=\"bc-report\" lang=\"vi\">\n<section class=\"bc-sheet bc-main\">\n",
    );
    write_header(&mut out, &document.header);
    write_title(&mut out, document);
    out.push_str("<div class=\"bc-body\">\n");
    for block in &document.body {
        write_block(&mut out, block);
    }
    out.push_str("</div>\n");
    write_end(&mut out, &document.recipients, &document.signature);
    write_footnotes(&mut out, document);
    out.push_str("</section>\n");
    for annex in &document.annexes {
        write_annex(&mut out, annex);
    }
    out.push_str("</article>\n");
    out
}

/// The CSS of the report, every rule scoped under `.bc-report` except the `@page` rules of
/// `@media print` (A4, margins 20/15/20/30 mm, the page number centred at the top from page 2).
///
/// On screen each sheet is an A4-wide white box (210 mm, margins as on paper) that narrows to
/// its container; text is set in Times New Roman or a metric twin (Liberation Serif, Tinos),
/// 14 pt, justified at 1,2 lines with a 1,27 cm first-line indent (Phụ lục I, mục II.8). On
/// paper the sheets lose their box and each annex starts a new page.
pub fn stylesheet() -> &'static str {
    STYLESHEET
}

/// The two-column header block (Phụ lục I, mục II.1–II.4).
fn write_header(out: &mut String, h: &Header) {
    let _ = write!(
        out,
        "<header class=\"bc-header\">\n<div class=\"bc-issuer\">\n\
         <p class=\"bc-governing\">{}</p>\n<p class=\"bc-issuing\">{}</p>\n\
         <p class=\"bc-number\">{}</p>\n</div>\n<div class=\"bc-nation\">\n\
         <p class=\"bc-national\">{}</p>\n<p class=\"bc-motto\">{}</p>\n\
         <p class=\"bc-place-date\">{}</p>\n</div>\n</header>\n",
        text(&h.governing_body),
        text(&h.issuing_body),
        text(&h.number_line),
        text(&h.national_title),
        text(&h.motto),
        text(&h.place_date),
    );
}

/// The title and abstract (Phụ lục I, mục II.5), one heading.
fn write_title(out: &mut String, document: &ReportDocument) {
    let _ = write!(
        out,
        "<h1 class=\"bc-title\"><span class=\"bc-kind\">{}</span>",
        text(&document.title)
    );
    for line in &document.abstract_lines {
        let _ = write!(out, "<span class=\"bc-abstract\">{}</span>", text(line));
    }
    out.push_str("</h1>\n");
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading {
            level,
            number,
            text: heading,
        } => {
            let level = (*level).clamp(1, 5);
            let tag = level + 1;
            let _ = writeln!(
                out,
                "<h{tag} class=\"bc-h{level}\">{} {}</h{tag}>",
                text(number),
                text(heading)
            );
        }
        Block::Paragraph(inlines) => {
            let _ = writeln!(out, "<p>{}</p>", write_inlines(inlines));
        }
        Block::NumberedItem { number, content } => {
            let _ = writeln!(
                out,
                "<p class=\"bc-item\">{} {}</p>",
                text(number),
                write_inlines(content)
            );
        }
        Block::Closing(inlines) => {
            let _ = writeln!(
                out,
                "<p class=\"bc-closing\">{}</p>",
                write_inlines(inlines)
            );
        }
        Block::Chart(chart) => write_chart(out, chart),
    }
}

/// A chart: its caption above the drawing, as in the printed report, and the SVG inline.
fn write_chart(out: &mut String, chart: &Chart) {
    let _ = writeln!(
        out,
        "<figure class=\"bc-chart\" id=\"bc-chart-{}\">\n<figcaption>{}</figcaption>\n{}\n</figure>",
        chart.number,
        text(&chart.caption()),
        baocao_charts::svg(chart)
    );
}

/// Recipients (Phụ lục I, mục II.9) on the left and the signature (mục II.7) on the right.
fn write_end(out: &mut String, recipients: &[String], signature: &Signature) {
    out.push_str("<footer class=\"bc-end\">\n<div class=\"bc-recipients\">\n");
    if !recipients.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"bc-recipients-label\">{RECIPIENTS_LABEL}</p>\n<ul>"
        );
        let last = recipients.len() - 1;
        for (i, entry) in recipients.iter().enumerate() {
            let end = if i == last { '.' } else { ';' };
            let entry = entry.trim_end_matches(['.', ';']);
            let _ = writeln!(out, "<li>- {}{end}</li>", text(entry));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n<div class=\"bc-signature\">\n");
    for line in &signature.authority_lines {
        let _ = writeln!(out, "<p class=\"bc-authority\">{}</p>", text(line));
    }
    let _ = writeln!(
        out,
        "<p class=\"bc-signer\">{}</p>\n</div>\n</footer>",
        text(&signature.signer_name)
    );
}

/// The footnotes at the foot of the sheet, under a short rule, each linked back to its mark.
fn write_footnotes(out: &mut String, document: &ReportDocument) {
    if document.footnotes.is_empty() {
        return;
    }
    out.push_str("<aside class=\"bc-footnotes\">\n");
    for note in &document.footnotes {
        let n = note.number;
        let _ = writeln!(
            out,
            "<p id=\"bc-fn-{n}\"><a class=\"bc-fnback\" href=\"#bc-fnref-{n}\">{n}</a> {}</p>",
            keep_together(&note.text)
        );
    }
    out.push_str("</aside>\n");
}

/// An annex from a new page: title, subtitle and note centred, then its table.
fn write_annex(out: &mut String, annex: &Annex) {
    let _ = writeln!(
        out,
        "<section class=\"bc-sheet bc-annex\">\n<h2 class=\"bc-annex-title\">{}</h2>",
        text(&annex.title)
    );
    for line in &annex.subtitle {
        let _ = writeln!(out, "<p class=\"bc-annex-subtitle\">{}</p>", text(line));
    }
    if let Some(note) = &annex.note {
        let _ = writeln!(out, "<p class=\"bc-annex-note\">{}</p>", text(note));
    }
    let c = &annex.columns;
    let _ = writeln!(
        out,
        "<table class=\"bc-annex-table\">\n<colgroup><col class=\"bc-col-stt\"><col>\
         <col class=\"bc-col-unit\"><col class=\"bc-col-figure\"><col class=\"bc-col-figure\">\
         <col class=\"bc-col-change\"></colgroup>\n<thead><tr><th scope=\"col\">STT</th>\
         <th scope=\"col\">Chỉ tiêu</th><th scope=\"col\">Đơn vị tính</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>",
        text(&c.current),
        text(&c.previous),
        text(&c.change)
    );
    let figure = |f: &Option<AnnexFigure>| f.as_ref().map_or(String::new(), |f| text(&f.text));
    for group in &annex.groups {
        let _ = writeln!(
            out,
            "<tbody>\n<tr class=\"bc-group\"><th scope=\"row\">{}</th>\
             <th scope=\"colgroup\" colspan=\"5\">{}</th></tr>",
            text(&group.number),
            text(&group.title)
        );
        for row in &group.rows {
            let label = match row.depth {
                0 => text(&row.label),
                1 => format!("- {}", text(&row.label)),
                _ => format!("+ {}", text(&row.label)),
            };
            let _ = writeln!(
                out,
                "<tr class=\"bc-depth-{}\"><td class=\"bc-c\">{}</td><td class=\"bc-label\">{label}</td>\
                 <td class=\"bc-c\">{}</td><td class=\"bc-n\">{}</td><td class=\"bc-n\">{}</td>\
                 <td class=\"bc-n\">{}</td></tr>",
                row.depth.min(2),
                text(&row.number),
                text(&row.unit),
                figure(&row.current),
                figure(&row.previous),
                figure(&row.change)
            );
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</section>\n");
}

/// Inline runs: text with figures kept together, bold, italic, footnote marks.
fn write_inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(&keep_together(t)),
            Inline::Bold(t) => {
                let _ = write!(out, "<b>{}</b>", keep_together(t));
            }
            Inline::Italic(t) => {
                let _ = write!(out, "<i>{}</i>", keep_together(t));
            }
            Inline::FootnoteRef(n) => {
                let _ = write!(
                    out,
                    "<sup class=\"bc-fnref\"><a id=\"bc-fnref-{n}\" href=\"#bc-fn-{n}\">{n}</a></sup>"
                );
            }
        }
    }
    out
}

/// Escaped text in which each run of letters and digits joined by `.`, `,`, `/` or `-`
/// ("1925/QĐ-UBND", "232.046", "70,96", "12/4/2023") is wrapped in `<span class="bc-nb">`, so
/// that a browser does not break it at the slash or hyphen (the PDF template does the same).
fn keep_together(content: &str) -> String {
    let chars: Vec<char> = content.chars().collect();
    let word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    let mut out = String::with_capacity(content.len() + 16);
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        if !word(i) {
            plain.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        let mut joins = 0;
        while i < chars.len() {
            if word(i) {
                i += 1;
            } else if matches!(chars[i], '.' | ',' | '/' | '-') && word(i - 1) && word(i + 1) {
                joins += 1;
                i += 1;
            } else {
                break;
            }
        }
        let token: String = chars[start..i].iter().collect();
        if joins == 0 {
            plain.push_str(&token);
        } else {
            out.push_str(&text(&std::mem::take(&mut plain)));
            let _ = write!(out, "<span class=\"bc-nb\">{}</span>", text(&token));
        }
    }
    out.push_str(&text(&plain));
    out
}

/// Escaped text whose line feeds (`\n`, `\r\n`, `\r`) become `<br>`.
fn text(content: &str) -> String {
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(content.len());
    for (i, line) in content.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        out.push_str(&escape(line));
    }
    out
}

/// Escapes the characters HTML gives a meaning to in text and attribute values, and replaces
/// those it does not allow in a document (controls other than tab and line feed,
/// noncharacters) by U+FFFD.
pub fn escape(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for c in content.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() || is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(
            escape("a\u{0}b\u{7}c\u{85}d\u{FFFF}e\tf"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\tf"
        );
        assert_eq!(text("một\r\nhai\nba"), "một<br>hai<br>ba");
    }

    #[test]
    fn figures_and_symbols_are_kept_together() {
        assert_eq!(
            keep_together("Quyết định số 1925/QĐ-UBND ngày 29/12/2022: 232.046 văn bản, 70,96%."),
            "Quyết định số <span class=\"bc-nb\">1925/QĐ-UBND</span> ngày \
             <span class=\"bc-nb\">29/12/2022</span>: <span class=\"bc-nb\">232.046</span> văn \
             bản, <span class=\"bc-nb\">70,96</span>%."
        );
        assert_eq!(keep_together("2023 - 2028 <b>"), "2023 - 2028 &lt;b&gt;");
        assert_eq!(keep_together("a/<b>"), "a/&lt;b&gt;");
    }
}
