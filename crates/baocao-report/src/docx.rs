//! DOCX writer: turns a [`ReportDocument`] into the bytes of a Word file laid out to
//! Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức văn bản hành chính).
//!
//! The document is built with `docx-rs` (A4 page, margins, fonts, the two-column header and
//! signature tables, body paragraphs, footnotes, page-number headers). What docx-rs 0.4.22
//! cannot write is patched in the packed archive afterwards, see the `package` submodule.
//!
//! Units: lengths are in twips (1/20 pt, 567 to the centimetre), font sizes in half-points.

mod annex;
mod body;
mod chart;
mod closing;
mod front;
mod layout;
mod package;
mod page;
mod text;

use std::io::Cursor;

use crate::model::ReportDocument;

/// Why a report could not be written as DOCX.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// A footnote's `number` does not match its position (footnotes are numbered 1, 2, … in
    /// order, as [`ReportDocument::footnotes`] requires).
    #[error("footnote at position {position} carries number {number}; expected {position}")]
    FootnoteNumbering {
        /// 1-based position in `ReportDocument::footnotes`.
        position: usize,
        /// The number the footnote carries.
        number: usize,
    },
    /// The body refers to footnotes out of order, twice, or to one that does not exist: Word
    /// numbers footnote marks by their order in the text, so the references must be 1, 2, …
    #[error("footnote reference {found} found where reference {expected} was expected")]
    FootnoteReferenceOrder {
        /// The number the next reference should carry.
        expected: usize,
        /// The number it carries.
        found: usize,
    },
    /// The body refers to a footnote number beyond the last footnote.
    #[error("footnote {0} is referenced but not defined")]
    UndefinedFootnote(usize),
    /// A footnote is defined but never referenced from the body, so it would not be printed.
    #[error("footnote {0} is never referenced from the body")]
    UnreferencedFootnote(usize),
    /// A chart could not be drawn as PNG.
    #[error(transparent)]
    Chart(#[from] baocao_charts::ChartError),
    /// docx-rs failed to pack the document.
    #[error("docx-rs could not pack the document: {0}")]
    Pack(Box<dyn std::error::Error + Send + Sync>),
    /// Reading or re-writing the packed archive failed.
    #[error("could not re-write the DOCX archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// An I/O error while re-writing the archive in memory.
    #[error("I/O error while re-writing the DOCX archive: {0}")]
    Io(#[from] std::io::Error),
    /// A part written by docx-rs did not have the shape the post-processing expects.
    #[error("unexpected XML in {part}: {detail}")]
    UnexpectedXml {
        /// The zip entry, e.g. `word/footnotes.xml`.
        part: &'static str,
        /// What was missing.
        detail: String,
    },
}

/// Writes the report as a DOCX file's bytes.
///
/// Layout per Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 portrait (11906 × 16838 twips), margins
/// top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt (28 half-points) black;
/// the two-column header block on page 1; title and abstract centred in bold; justified body
/// with a 1,27 cm (720 twips) first-line indent; real Word footnotes in 12 pt; recipients and
/// signature side by side at the end; Arabic page numbers (13 pt) centred in the top margin
/// from page 2 on. A chart is its caption and a PNG across the text width; each annex starts a
/// new page with a bordered table.
///
/// Text is printed literally: no character of [`crate::model::Inline::Text`] is interpreted as
/// markup (a line feed becomes a line break and a tab a tab; characters XML cannot carry are
/// replaced by U+FFFD).
pub fn write_docx(doc: &ReportDocument) -> Result<Vec<u8>, DocxError> {
    body::check_footnotes(doc)?;
    let docx = page::new_document();
    let docx = front::add_front_matter(docx, doc);
    let docx = body::add_body(docx, doc)?;
    let docx = closing::add_closing(docx, doc);
    let docx = annex::add_annexes(docx, &doc.annexes);
    let mut packed = Cursor::new(Vec::new());
    docx.pack(&mut packed)
        .map_err(|e| DocxError::Pack(Box::new(e)))?;
    package::finish(&packed.into_inner(), !doc.footnotes.is_empty())
}
