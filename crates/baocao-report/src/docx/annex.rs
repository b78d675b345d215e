//! Annexes (phụ lục) in the DOCX: each from a new page, its title, subtitle and note centred,
//! then a bordered table of the figures in 12 pt: STT, Chỉ tiêu, Đơn vị tính, the period,
//! the period compared against, the change.

use docx_rs::{
    AlignmentType, Docx, Paragraph, Table, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, WidthType,
};

use super::layout::{
    Look, SINGLE_LINE_240THS, SIZE_12PT, SIZE_14PT, TEXT_WIDTH_TWIPS, centred_line, spacing,
    styled_run,
};
use crate::model::{Annex, AnnexFigure, AnnexRow};

/// Column widths in twips: STT, Chỉ tiêu, Đơn vị tính, period, compared, change (sum: the
/// text width, 9 355).
const COLUMNS: [usize; 6] = [680, 3875, 1300, 1200, 1200, 1100];
/// Cell padding in twips: top and bottom 1,5 pt, left and right 0,15 cm.
const CELL_PADDING_TOP_BOTTOM: usize = 30;
const CELL_PADDING_SIDES: usize = 85;
/// Left indent of a breakdown row's label per depth (twips, 0,4 cm).
const DEPTH_INDENT_TWIPS: i32 = 227;
/// Space above the table (twips, 6 pt).
const TABLE_GAP_TWIPS: u32 = 120;

/// Adds every annex after what is there.
pub(super) fn add_annexes(docx: Docx, annexes: &[Annex]) -> Docx {
    annexes.iter().fold(docx, add_annex)
}

fn add_annex(docx: Docx, annex: &Annex) -> Docx {
    let title = centred_line(&annex.title, Look::bold(SIZE_14PT), 0).page_break_before(true);
    let mut docx = docx.add_paragraph(title);
    for line in &annex.subtitle {
        docx = docx.add_paragraph(centred_line(line, Look::bold(SIZE_14PT), 0));
    }
    if let Some(note) = &annex.note {
        docx = docx.add_paragraph(centred_line(note, Look::italic(SIZE_14PT), 0));
    }
    docx.add_paragraph(centred_line("", Look::plain(SIZE_12PT), TABLE_GAP_TWIPS))
        .add_table(table(annex))
}

fn table(annex: &Annex) -> Table {
    let c = &annex.columns;
    let header = TableRow::new(
        [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            c.current.as_str(),
            c.previous.as_str(),
            c.change.as_str(),
        ]
        .iter()
        .zip(COLUMNS)
        .map(|(text, width)| cell(width, text, Look::bold(SIZE_12PT), AlignmentType::Center, 0))
        .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for group in &annex.groups {
        let title_width: usize = COLUMNS[1..].iter().sum();
        rows.push(
            TableRow::new(vec![
                cell(
                    COLUMNS[0],
                    &group.number,
                    Look::bold(SIZE_12PT),
                    AlignmentType::Center,
                    0,
                ),
                cell(
                    title_width,
                    &group.title,
                    Look::bold(SIZE_12PT),
                    AlignmentType::Left,
                    0,
                )
                .grid_span(COLUMNS.len() - 1),
            ])
            .cant_split(),
        );
        rows.extend(group.rows.iter().map(row));
    }
    Table::new(rows)
        .set_grid(COLUMNS.to_vec())
        .width(TEXT_WIDTH_TWIPS, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(
            CELL_PADDING_TOP_BOTTOM,
            CELL_PADDING_SIDES,
            CELL_PADDING_TOP_BOTTOM,
            CELL_PADDING_SIDES,
        ))
}

fn row(row: &AnnexRow) -> TableRow {
    let look = Look::plain(SIZE_12PT);
    let label = match row.depth {
        0 => row.label.clone(),
        1 => format!("- {}", row.label),
        _ => format!("+ {}", row.label),
    };
    let indent = DEPTH_INDENT_TWIPS * i32::from(row.depth);
    let figure = |f: &Option<AnnexFigure>, width| {
        cell(
            width,
            f.as_ref().map_or("", |f| f.text.as_str()),
            look,
            AlignmentType::Right,
            0,
        )
    };
    TableRow::new(vec![
        cell(COLUMNS[0], &row.number, look, AlignmentType::Center, 0),
        cell(COLUMNS[1], &label, look, AlignmentType::Left, indent),
        cell(COLUMNS[2], &row.unit, look, AlignmentType::Center, 0),
        figure(&row.current, COLUMNS[3]),
        figure(&row.previous, COLUMNS[4]),
        figure(&row.change, COLUMNS[5]),
    ])
    .cant_split()
}

/// A cell of one single-spaced paragraph, vertically centred.
fn cell(width: usize, text: &str, look: Look, align: AlignmentType, indent: i32) -> TableCell {
    let paragraph = Paragraph::new()
        .align(align)
        .indent(Some(indent), None, None, None)
        .line_spacing(spacing(0, SINGLE_LINE_240THS))
        .size(look.size)
        .add_run(styled_run(text, look));
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(paragraph)
}
