//! The document skeleton: A4 page and margins, default font and size, the styles footnotes
//! need, and the page-number headers (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục I).

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Header, InstrPAGE, InstrText, LineSpacing, PageMargin,
    Paragraph, Run, RunFonts, Style, StyleType, VertAlignType,
};

use super::layout::{
    A4_HEIGHT_TWIPS, A4_WIDTH_TWIPS, FONT_NAME, FOOTER_DISTANCE_TWIPS, HEADER_DISTANCE_TWIPS, Look,
    MARGIN_BOTTOM_TWIPS, MARGIN_LEFT_TWIPS, MARGIN_RIGHT_TWIPS, MARGIN_TOP_TWIPS, SIZE_12PT,
    SIZE_13PT, SIZE_14PT,
};

/// Character style of footnote marks, in the body and in front of each footnote. docx-rs puts
/// this style id on every footnote reference but never defines it.
pub(super) const FOOTNOTE_REFERENCE_STYLE: &str = "FootnoteReference";
/// Paragraph style of footnote text: 12 pt (half-points 24), justified, single-spaced.
pub(super) const FOOTNOTE_TEXT_STYLE: &str = "FootnoteText";

/// An empty document with the page, defaults, styles and headers of a report.
pub(super) fn new_document() -> Docx {
    Docx::new()
        .page_size(A4_WIDTH_TWIPS, A4_HEIGHT_TWIPS)
        .page_margin(page_margin())
        .default_fonts(times_new_roman())
        .default_size(SIZE_14PT)
        .add_style(footnote_reference_style())
        .add_style(footnote_text_style())
        .header(page_number_header())
        .first_header(Header::new().add_paragraph(Paragraph::new()))
}

/// Margins top 20, bottom 20, left 30, right 15 mm; header and footer 10 mm from the edge.
fn page_margin() -> PageMargin {
    PageMargin::new()
        .top(MARGIN_TOP_TWIPS)
        .bottom(MARGIN_BOTTOM_TWIPS)
        .left(MARGIN_LEFT_TWIPS)
        .right(MARGIN_RIGHT_TWIPS)
        .header(HEADER_DISTANCE_TWIPS)
        .footer(FOOTER_DISTANCE_TWIPS)
        .gutter(0)
}

/// Times New Roman for every script slot (ascii, hAnsi, cs, eastAsia), so that no character
/// falls back to a theme font.
fn times_new_roman() -> RunFonts {
    RunFonts::new()
        .ascii(FONT_NAME)
        .hi_ansi(FONT_NAME)
        .cs(FONT_NAME)
        .east_asia(FONT_NAME)
}

/// The `FootnoteReference` character style: superscript.
fn footnote_reference_style() -> Style {
    let mut style =
        Style::new(FOOTNOTE_REFERENCE_STYLE, StyleType::Character).name("footnote reference");
    style.run_property = style.run_property.vert_align(VertAlignType::SuperScript);
    style
}

/// The `FootnoteText` paragraph style: 12 pt, justified, no spacing.
fn footnote_text_style() -> Style {
    Style::new(FOOTNOTE_TEXT_STYLE, StyleType::Paragraph)
        .name("footnote text")
        .size(SIZE_12PT)
        .align(AlignmentType::Both)
        .line_spacing(LineSpacing::new().before(0).after(0))
}

/// The default header (page 2 on): the page number in Arabic numerals, 13 pt, centred
/// (Phụ lục I, mục I.7). Page 1 gets an empty first-page header (`titlePg`).
fn page_number_header() -> Header {
    let paragraph = Paragraph::new()
        .align(AlignmentType::Center)
        .size(SIZE_13PT)
        .add_run(page_field_run());
    Header::new().add_paragraph(paragraph)
}

/// A `PAGE` field in one 13 pt run: begin, instruction, separate, cached result, end.
fn page_field_run() -> Run {
    let run = Run::new()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("2")
        .add_field_char(FieldCharType::End, false);
    Look::plain(SIZE_13PT).apply(run)
}
