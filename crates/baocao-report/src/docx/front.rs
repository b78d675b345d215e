//! Page 1 above the body: the two-column header block, the title "BÁO CÁO" and the abstract
//! (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.1–II.5).

use docx_rs::{
    Docx, Paragraph, Table, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType,
    WidthType,
};

use super::layout::{
    LEFT_COLUMN_TWIPS, Look, RIGHT_COLUMN_TWIPS, SIZE_13PT, SIZE_14PT, TEXT_WIDTH_TWIPS,
    centred_line, short_rule,
};
use crate::model::{Header, ReportDocument};

/// Length of the rule under the issuing body: about a third of the left column (twips).
const ISSUER_RULE_TWIPS: usize = 1300;
/// Length of the rule under the motto: as long as "Độc lập - Tự do - Hạnh phúc" in 14 pt bold
/// (about 6,1 cm, in twips).
const MOTTO_RULE_TWIPS: usize = 3450;
/// Length of the rule under the abstract (twips): a quarter of the text width.
const ABSTRACT_RULE_TWIPS: usize = TEXT_WIDTH_TWIPS / 4;
/// Space above the number line and the place-date line (twips, 6 pt).
const HEADER_GAP_TWIPS: u32 = 120;
/// Space above the title "BÁO CÁO" (twips, 18 pt).
const TITLE_GAP_TWIPS: u32 = 360;
/// Space after the rule under the abstract, before the body (twips, 6 pt).
const ABSTRACT_RULE_AFTER_TWIPS: u32 = 120;

/// Adds the header table, the title and the abstract to the document.
pub(super) fn add_front_matter(docx: Docx, doc: &ReportDocument) -> Docx {
    let docx = docx.add_table(header_table(&doc.header));
    title_block(doc)
        .into_iter()
        .fold(docx, |docx, p| docx.add_paragraph(p))
}

/// A borderless two-column, fixed-layout table of `LEFT_COLUMN_TWIPS` + `RIGHT_COLUMN_TWIPS`
/// with no horizontal cell padding, used for the header block and the closing block.
pub(super) fn two_column_table(left: TableCell, right: TableCell) -> Table {
    let row = TableRow::new(vec![left, right]).cant_split();
    Table::without_borders(vec![row])
        .set_grid(vec![LEFT_COLUMN_TWIPS, RIGHT_COLUMN_TWIPS])
        .width(TEXT_WIDTH_TWIPS, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// A top-aligned cell `width` twips wide holding `paragraphs`.
pub(super) fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs.into_iter().fold(
        TableCell::new()
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Top),
        TableCell::add_paragraph,
    )
}

/// The header block of page 1 (Phụ lục I, mục II.1–II.4): governing and issuing body and the
/// number on the left; national title, motto and place-date on the right.
fn header_table(header: &Header) -> Table {
    two_column_table(
        cell(LEFT_COLUMN_TWIPS, left_column(header)),
        cell(RIGHT_COLUMN_TWIPS, right_column(header)),
    )
}

/// Governing body (13 pt upright), issuing body (13 pt bold) with a short rule under it, and
/// the number line (13 pt), all centred.
fn left_column(header: &Header) -> Vec<Paragraph> {
    vec![
        centred_line(&header.governing_body, Look::plain(SIZE_13PT), 0),
        centred_line(&header.issuing_body, Look::bold(SIZE_13PT), 0),
        short_rule(LEFT_COLUMN_TWIPS, ISSUER_RULE_TWIPS, 0),
        centred_line(
            &header.number_line,
            Look::plain(SIZE_13PT),
            HEADER_GAP_TWIPS,
        ),
    ]
}

/// National title (13 pt bold), motto (14 pt bold) with a rule under it, and the place-date
/// (14 pt italic), all centred.
fn right_column(header: &Header) -> Vec<Paragraph> {
    vec![
        centred_line(&header.national_title, Look::bold(SIZE_13PT), 0),
        centred_line(&header.motto, Look::bold(SIZE_14PT), 0),
        short_rule(RIGHT_COLUMN_TWIPS, MOTTO_RULE_TWIPS, 0),
        centred_line(
            &header.place_date,
            Look::italic(SIZE_14PT),
            HEADER_GAP_TWIPS,
        ),
    ]
}

/// The title (14 pt bold, centred; Phụ lục I, mục II.5), the abstract lines (14 pt bold,
/// centred) and a short rule under them.
fn title_block(doc: &ReportDocument) -> Vec<Paragraph> {
    let title = centred_line(&doc.title, Look::bold(SIZE_14PT), TITLE_GAP_TWIPS);
    let abstract_lines = doc
        .abstract_lines
        .iter()
        .map(|line| centred_line(line, Look::bold(SIZE_14PT), 0));
    let rule = short_rule(
        TEXT_WIDTH_TWIPS,
        ABSTRACT_RULE_TWIPS,
        ABSTRACT_RULE_AFTER_TWIPS,
    );
    std::iter::once(title)
        .chain(abstract_lines)
        .chain(std::iter::once(rule))
        .collect()
}
