//! The report as PDF: a [`ReportDocument`] laid out to Nghị định 30/2020/NĐ-CP, Phụ lục I, by
//! Typst used as a library, in process.
//!
//! The layout is a static Typst template (`src/template.typ`) compiled in our own
//! [`World`](typst::World): the template is the main file, the report is the virtual file
//! `report.json` (the view model serialised), each chart is the virtual file `chart-<n>.svg`
//! (drawn by `baocao-charts`; Typst keeps its text as text), and the fonts are Liberation
//! Serif, embedded in the binary (`baocao-fonts`). Nothing is read from disk or the clock. User text reaches
//! Typst only as JSON strings, which the template inserts as values: no character of a
//! narrative is interpreted as markup.
//!
//! Typst's API changes with every minor release: the crates are pinned to 0.15.1.

mod world;

use baocao_report::model::{Block, Inline, ReportDocument};
use typst::diag::{Severity, SourceDiagnostic};
pub use typst_layout::PagedDocument;

use world::ReportWorld;

/// Why a report could not be written as PDF.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The body's footnote references are not 1, 2, … in order, each once, each defined.
    #[error("footnotes: {0}")]
    Footnotes(String),
    /// The report could not be serialised for the template.
    #[error("cannot serialise the report for the template: {0}")]
    Json(#[from] serde_json::Error),
    /// Typst reported errors while compiling or laying out the template.
    #[error("Typst could not lay out the report: {0}")]
    Layout(String),
    /// Typst could not export the laid-out pages as PDF.
    #[error("Typst could not write the PDF: {0}")]
    Export(String),
}

/// Lays the report out into pages (for the PDF, or for rendering a page to an image).
///
/// Errors: [`PdfError::Footnotes`] when the footnote references are out of order;
/// [`PdfError::Layout`] when Typst fails (a bug in the template, not in user text).
pub fn layout(doc: &ReportDocument) -> Result<PagedDocument, PdfError> {
    check_footnotes(doc)?;
    let mut files = vec![("report.json".to_string(), serde_json::to_vec(doc)?)];
    for block in &doc.body {
        if let Block::Chart(chart) = block {
            files.push((
                chart_path(chart.number),
                baocao_charts::svg(chart).into_bytes(),
            ));
        }
    }
    let world = ReportWorld::new(files);
    let result = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| PdfError::Layout(messages(&errors)));
    // Typst memoises across compilations; drop what ten compilations have not used, so that a
    // long-running process (the web application) does not grow without bound.
    typst::comemo::evict(10);
    result
}

/// Writes the report as the bytes of a PDF file: A4, Nghị định 30/2020 layout, fonts embedded
/// (subset), text extractable, tagged for accessibility. The same report gives the same bytes.
///
/// Errors: as [`layout`], and [`PdfError::Export`].
pub fn write_pdf(doc: &ReportDocument) -> Result<Vec<u8>, PdfError> {
    let pages = layout(doc)?;
    export(&pages)
}

/// Exports laid-out pages as PDF bytes.
///
/// Errors: [`PdfError::Export`].
pub fn export(pages: &PagedDocument) -> Result<Vec<u8>, PdfError> {
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom("baocao-report".to_string()),
        ..Default::default()
    };
    typst_pdf::pdf(pages, &options).map_err(|errors| PdfError::Export(messages(&errors)))
}

/// The virtual file of chart `n`'s SVG, as the template names it.
fn chart_path(number: usize) -> String {
    format!("chart-{number}.svg")
}

/// The errors of a Typst diagnostic list, one per line.
fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let hints: String = d
                .hints
                .iter()
                .map(|h| format!(" (hint: {})", h.v))
                .collect();
            format!("{}{hints}", d.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Footnote `i` carries number `i`, and the body refers to 1, 2, … once each and in order:
/// Typst numbers footnotes by their order on the page, like Word.
fn check_footnotes(doc: &ReportDocument) -> Result<(), PdfError> {
    for (index, note) in doc.footnotes.iter().enumerate() {
        if note.number != index + 1 {
            return Err(PdfError::Footnotes(format!(
                "footnote at position {} carries number {}",
                index + 1,
                note.number
            )));
        }
    }
    let refs = doc.body.iter().flat_map(|block| {
        let inlines: &[Inline] = match block {
            Block::Paragraph(content) | Block::Closing(content) => content,
            Block::NumberedItem { content, .. } => content,
            _ => &[],
        };
        inlines.iter().filter_map(|inline| match inline {
            Inline::FootnoteRef(n) => Some(*n),
            _ => None,
        })
    });
    let mut expected = 1;
    for found in refs {
        if found != expected || found > doc.footnotes.len() {
            return Err(PdfError::Footnotes(format!(
                "reference {found} found where reference {expected} was expected"
            )));
        }
        expected += 1;
    }
    if expected <= doc.footnotes.len() {
        return Err(PdfError::Footnotes(format!(
            "footnote {expected} is never referenced"
        )));
    }
    Ok(())
}
