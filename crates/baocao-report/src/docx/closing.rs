//! The end of the last page: recipients (Nơi nhận) on the left and the signature block on the
//! right, side by side in a borderless table (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.7
//! and II.9).

use docx_rs::{AlignmentType, Docx, Paragraph};

use super::front::{cell, two_column_table};
use super::layout::{
    LEFT_COLUMN_TWIPS, Look, RIGHT_COLUMN_TWIPS, SINGLE_LINE_240THS, SIZE_11PT, SIZE_12PT,
    SIZE_14PT, centred_line, spacing, styled_run,
};
use crate::model::{ReportDocument, Signature};

/// The label over the recipients' list.
const RECIPIENTS_LABEL: &str = "Nơi nhận:";
/// Empty 14 pt lines left between the authority lines and the signer's name, for the
/// signature and the seal.
const SIGNATURE_SPACE_LINES: usize = 4;
/// Space above the closing block (twips, 12 pt).
const CLOSING_GAP_TWIPS: u32 = 240;

/// Adds the recipients and signature table at the end of the document.
pub(super) fn add_closing(docx: Docx, doc: &ReportDocument) -> Docx {
    docx.add_table(two_column_table(
        cell(LEFT_COLUMN_TWIPS, recipients(&doc.recipients)),
        cell(RIGHT_COLUMN_TWIPS, signature(&doc.signature)),
    ))
}

/// "Nơi nhận:" in 12 pt bold italic, then each recipient on its own line in 11 pt as
/// "- entry;", the last one "- entry." (Phụ lục I, mục II.9). An empty list leaves the column
/// empty.
fn recipients(entries: &[String]) -> Vec<Paragraph> {
    if entries.is_empty() {
        return vec![left_line("", Look::plain(SIZE_11PT), CLOSING_GAP_TWIPS)];
    }
    let label = left_line(
        RECIPIENTS_LABEL,
        Look::bold_italic(SIZE_12PT),
        CLOSING_GAP_TWIPS,
    );
    let last = entries.len() - 1;
    let lines = entries.iter().enumerate().map(|(i, entry)| {
        let end = if i == last { '.' } else { ';' };
        left_line(&format!("- {entry}{end}"), Look::plain(SIZE_11PT), 0)
    });
    std::iter::once(label).chain(lines).collect()
}

/// A left-aligned single-spaced line.
fn left_line(text: &str, look: Look, before: u32) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Left)
        .line_spacing(spacing(before, SINGLE_LINE_240THS))
        .size(look.size)
        .add_run(styled_run(text, look))
}

/// Authority lines in 14 pt bold capitals, room for the signature, and the signer's name in
/// 14 pt bold, all centred (Phụ lục I, mục II.7).
fn signature(signature: &Signature) -> Vec<Paragraph> {
    let bold = Look::bold(SIZE_14PT);
    let authority = signature
        .authority_lines
        .iter()
        .enumerate()
        .map(|(i, line)| centred_line(line, bold, if i == 0 { CLOSING_GAP_TWIPS } else { 0 }));
    let space = (0..SIGNATURE_SPACE_LINES).map(|_| centred_line("", Look::plain(SIZE_14PT), 0));
    let name = centred_line(&signature.signer_name, bold, 0);
    authority
        .chain(space)
        .chain(std::iter::once(name))
        .collect()
}
