//! Page geometry, font sizes and paragraph builders shared by the DOCX writer's parts, all from
//! Nghị định 30/2020/NĐ-CP, Phụ lục I. Lengths in twips (1/20 pt), font sizes in half-points.

use docx_rs::{
    AlignmentType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, SpecialIndentType,
};

use super::text::literal_run;

/// A4 width: 210 mm = 11906 twips (Phụ lục I, mục I.2: khổ giấy A4).
pub(crate) const A4_WIDTH_TWIPS: u32 = 11906;
/// A4 height: 297 mm = 16838 twips.
pub(crate) const A4_HEIGHT_TWIPS: u32 = 16838;
/// Top margin 20 mm (Phụ lục I allows 20–25 mm).
pub(crate) const MARGIN_TOP_TWIPS: i32 = 1134;
/// Bottom margin 20 mm (20–25 mm).
pub(crate) const MARGIN_BOTTOM_TWIPS: i32 = 1134;
/// Left margin 30 mm (30–35 mm).
pub(crate) const MARGIN_LEFT_TWIPS: i32 = 1701;
/// Right margin 15 mm (15–20 mm).
pub(crate) const MARGIN_RIGHT_TWIPS: i32 = 850;
/// Distance from the top edge to the page-number header: 10 mm, inside the top margin.
pub(crate) const HEADER_DISTANCE_TWIPS: i32 = 567;
/// Distance from the bottom edge to the (empty) footer: 10 mm.
pub(crate) const FOOTER_DISTANCE_TWIPS: i32 = 567;
/// Width of the text area: A4 width less the left and right margins (9355 twips).
pub(crate) const TEXT_WIDTH_TWIPS: usize =
    A4_WIDTH_TWIPS as usize - MARGIN_LEFT_TWIPS as usize - MARGIN_RIGHT_TWIPS as usize;
/// Left column of the header and closing tables: 40 % of the text width.
pub(crate) const LEFT_COLUMN_TWIPS: usize = TEXT_WIDTH_TWIPS * 2 / 5;
/// Right column of the header and closing tables: the remaining 60 %.
pub(crate) const RIGHT_COLUMN_TWIPS: usize = TEXT_WIDTH_TWIPS - LEFT_COLUMN_TWIPS;

/// The one typeface of the document (Phụ lục I, mục I.1: Times New Roman, TCVN 6909:2001).
pub(crate) const FONT_NAME: &str = "Times New Roman";
/// 11 pt in half-points: the recipients' entries.
pub(crate) const SIZE_11PT: usize = 22;
/// 12 pt in half-points: "Nơi nhận:" and footnote text.
pub(crate) const SIZE_12PT: usize = 24;
/// 13 pt in half-points: governing and issuing body, national title, number line, page number.
pub(crate) const SIZE_13PT: usize = 26;
/// 14 pt in half-points: body, motto, place-date, title, abstract, signature (the default).
pub(crate) const SIZE_14PT: usize = 28;

/// First-line indent of body paragraphs and headings: 1,27 cm = 720 twips (1–1,27 cm allowed).
pub(crate) const FIRST_LINE_INDENT_TWIPS: i32 = 720;
/// Space before each body paragraph: 6 pt = 120 twips ("at least 6 pt between paragraphs").
pub(crate) const PARAGRAPH_SPACING_TWIPS: u32 = 120;
/// Line spacing of the body in 240ths of a line (`lineRule="auto"`): 288 = 1,2 lines
/// (single to 1,5 lines allowed).
pub(crate) const BODY_LINE_240THS: i32 = 288;
/// Single line spacing in 240ths of a line, for the header, title and closing blocks.
pub(crate) const SINGLE_LINE_240THS: i32 = 240;
/// Thickness of the short rules under the issuing body, motto and abstract, in eighths of a
/// point (6 = 0,75 pt).
pub(crate) const RULE_THICKNESS_EIGHTHS: usize = 6;
/// Exact height of the empty paragraph that carries a short rule, in twips (5 pt): Word and
/// LibreOffice both honour an exact line height, whereas an empty 1 pt paragraph is drawn at
/// the height of the default font in LibreOffice.
pub(crate) const RULE_LINE_TWIPS: i32 = 100;
/// Font size of the empty paragraph that carries a short rule, in half-points (1 pt), so that
/// the rule sits just under the line above it.
pub(crate) const RULE_PARAGRAPH_SIZE: usize = 2;

/// How a run of text looks: size in half-points, bold, italic.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    /// Font size in half-points.
    pub size: usize,
    /// Bold weight.
    pub bold: bool,
    /// Italic style.
    pub italic: bool,
}

impl Look {
    /// Upright, regular weight, at `size` half-points.
    pub(crate) const fn plain(size: usize) -> Self {
        Self::new(size, false, false)
    }

    /// Bold at `size` half-points.
    pub(crate) const fn bold(size: usize) -> Self {
        Self::new(size, true, false)
    }

    /// Italic at `size` half-points.
    pub(crate) const fn italic(size: usize) -> Self {
        Self::new(size, false, true)
    }

    /// Bold italic at `size` half-points.
    pub(crate) const fn bold_italic(size: usize) -> Self {
        Self::new(size, true, true)
    }

    const fn new(size: usize, bold: bool, italic: bool) -> Self {
        Self { size, bold, italic }
    }

    /// Applies this look to a run.
    pub(crate) fn apply(self, run: Run) -> Run {
        let run = run.size(self.size);
        let run = if self.bold { run.bold() } else { run };
        if self.italic { run.italic() } else { run }
    }
}

/// A run printing `text` literally with the given look.
pub(crate) fn styled_run(text: &str, look: Look) -> Run {
    look.apply(literal_run(text))
}

/// Line spacing with `before` twips above, nothing below, and `line` 240ths of a line.
pub(crate) fn spacing(before: u32, line: i32) -> LineSpacing {
    LineSpacing::new()
        .before(before)
        .after(0)
        .line(line)
        .line_rule(LineSpacingType::Auto)
}

/// A centred single-spaced paragraph holding one line of text in the given look.
pub(crate) fn centred_line(text: &str, look: Look, before: u32) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(spacing(before, SINGLE_LINE_240THS))
        .size(look.size)
        .add_run(styled_run(text, look))
}

/// A body-like paragraph (Phụ lục I, mục II.8): justified, first-line indent 720 twips,
/// 120 twips before, line spacing 1,2, 14 pt.
pub(crate) fn body_paragraph() -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(FIRST_LINE_INDENT_TWIPS)),
            None,
            None,
        )
        .line_spacing(spacing(PARAGRAPH_SPACING_TWIPS, BODY_LINE_240THS))
}

/// A short centred horizontal rule `rule_twips` long inside a box `box_twips` wide: an empty
/// paragraph of exact height `RULE_LINE_TWIPS`, indented from both sides, with a 0,75 pt
/// bottom border. This is how Word templates of
/// Nghị định 30/2020 draw the lines under the issuing body, the motto and the abstract.
pub(crate) fn short_rule(box_twips: usize, rule_twips: usize, after: u32) -> Paragraph {
    let side = box_twips.saturating_sub(rule_twips) / 2;
    let side = i32::try_from(side).unwrap_or(0);
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .size(RULE_THICKNESS_EIGHTHS)
        .space(1)
        .color("000000");
    let mut paragraph = Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(after)
                .line(RULE_LINE_TWIPS)
                .line_rule(LineSpacingType::Exact),
        )
        .size(RULE_PARAGRAPH_SIZE);
    paragraph.property = paragraph
        .property
        .set_borders(ParagraphBorders::with_empty().set(border));
    paragraph
}
