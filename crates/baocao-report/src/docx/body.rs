//! The body: headings, paragraphs, numbered items and the closing paragraph, with footnote
//! marks (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.8: justified, 13–14 pt, first-line indent
//! 1–1,27 cm, at least 6 pt between paragraphs, line spacing single to 1,5 lines).

use docx_rs::{AlignmentType, Docx, LineSpacing, Paragraph, Run};

use super::DocxError;
use super::layout::{Look, SIZE_12PT, SIZE_14PT, body_paragraph, styled_run};
use super::page::FOOTNOTE_TEXT_STYLE;
use crate::model::{Block, Footnote, Inline, ReportDocument};

/// Checks the footnote contract of [`ReportDocument::footnotes`]: footnote `i` (1-based)
/// carries number `i`, and the body refers to 1, 2, … exactly once each and in order, since
/// Word numbers footnote marks by their order in the text.
pub(super) fn check_footnotes(doc: &ReportDocument) -> Result<(), DocxError> {
    for (index, note) in doc.footnotes.iter().enumerate() {
        if note.number != index + 1 {
            return Err(DocxError::FootnoteNumbering {
                position: index + 1,
                number: note.number,
            });
        }
    }
    let mut expected = 1;
    for found in doc.body.iter().flat_map(block_footnote_refs) {
        if found > doc.footnotes.len() {
            return Err(DocxError::UndefinedFootnote(found));
        }
        if found != expected {
            return Err(DocxError::FootnoteReferenceOrder { expected, found });
        }
        expected += 1;
    }
    match expected <= doc.footnotes.len() {
        true => Err(DocxError::UnreferencedFootnote(expected)),
        false => Ok(()),
    }
}

/// The footnote numbers a block refers to, in order.
fn block_footnote_refs(block: &Block) -> Vec<usize> {
    inlines_of(block)
        .iter()
        .filter_map(|inline| match inline {
            Inline::FootnoteRef(n) => Some(*n),
            _ => None,
        })
        .collect()
}

/// The inline content of a block (none for a heading or a chart).
fn inlines_of(block: &Block) -> &[Inline] {
    match block {
        Block::Heading { .. } | Block::Chart(_) => &[],
        Block::Paragraph(content) | Block::Closing(content) => content,
        Block::NumberedItem { content, .. } => content,
    }
}

/// Adds every body block to the document. Footnote references must have passed
/// [`check_footnotes`].
///
/// Errors: a chart that cannot be drawn.
pub(super) fn add_body(docx: Docx, doc: &ReportDocument) -> Result<Docx, DocxError> {
    let mut docx = docx;
    for block in &doc.body {
        for paragraph in block_paragraphs(block, &doc.footnotes)? {
            docx = docx.add_paragraph(paragraph);
        }
    }
    Ok(docx)
}

/// One body block as paragraphs (a chart has two: its caption and its picture).
fn block_paragraphs(block: &Block, notes: &[Footnote]) -> Result<Vec<Paragraph>, DocxError> {
    let paragraph = match block {
        Block::Heading {
            level,
            number,
            text,
        } => heading(*level, number, text),
        Block::Paragraph(content) | Block::Closing(content) => {
            add_inlines(body_paragraph(), content, notes)
        }
        Block::NumberedItem { number, content } => {
            let label = styled_run(&format!("{number} "), Look::plain(SIZE_14PT));
            add_inlines(body_paragraph().add_run(label), content, notes)
        }
        Block::Chart(chart) => return super::chart::chart_paragraphs(chart),
    };
    Ok(vec![paragraph])
}

/// A heading: like a body paragraph (same indent), kept with the next paragraph, in bold for
/// levels 1 ("I.") and 2 ("1."), bold italic for level 3 ("2.1.") and deeper.
fn heading(level: u8, number: &str, text: &str) -> Paragraph {
    let look = match level {
        0..=2 => Look::bold(SIZE_14PT),
        _ => Look::bold_italic(SIZE_14PT),
    };
    let outline = usize::from(level.saturating_sub(1));
    body_paragraph()
        .keep_next(true)
        .outline_lvl(outline)
        .add_run(styled_run(&format!("{number} {text}"), look))
}

/// Appends inline content to a paragraph.
fn add_inlines(paragraph: Paragraph, content: &[Inline], notes: &[Footnote]) -> Paragraph {
    content
        .iter()
        .fold(paragraph, |p, inline| p.add_run(inline_run(inline, notes)))
}

/// One inline as a run: text plain, bold or italic at 14 pt, or a footnote mark.
fn inline_run(inline: &Inline, notes: &[Footnote]) -> Run {
    match inline {
        Inline::Text(text) => styled_run(text, Look::plain(SIZE_14PT)),
        Inline::Bold(text) => styled_run(text, Look::bold(SIZE_14PT)),
        Inline::Italic(text) => styled_run(text, Look::italic(SIZE_14PT)),
        Inline::FootnoteRef(n) => footnote_mark(*n, notes),
    }
}

/// The superscript mark of footnote `n` (style `FootnoteReference`), carrying the footnote's
/// text for docx-rs to write into `word/footnotes.xml`.
fn footnote_mark(n: usize, notes: &[Footnote]) -> Run {
    let text = n
        .checked_sub(1)
        .and_then(|index| notes.get(index))
        .map_or("", |note| note.text.as_str());
    let note = docx_rs::Footnote {
        id: n,
        content: vec![footnote_paragraph(text)],
    };
    // docx-rs gives the mark the run style "FootnoteReference" (FOOTNOTE_REFERENCE_STYLE).
    Run::new().add_footnote_reference(note)
}

/// The footnote's paragraph: style `FootnoteText` (12 pt, justified), a space then the text.
/// The number in front (`<w:footnoteRef/>`) is inserted after packing, as docx-rs cannot
/// write it.
fn footnote_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .style(FOOTNOTE_TEXT_STYLE)
        .align(AlignmentType::Both)
        .line_spacing(LineSpacing::new().before(0).after(0))
        .add_run(styled_run(&format!(" {text}"), Look::plain(SIZE_12PT)))
}
