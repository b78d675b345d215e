//! The rendered report as a tree of blocks: what every writer (Markdown, DOCX, later PDF and
//! HTML) consumes. All figures are already formatted the Vietnamese way; writers only lay out.
//!
//! Layout rules come from Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức văn bản hành chính).
//!
//! Serialised (JSON), a block or an inline is `{"kind": "paragraph", "value": …}`: the PDF
//! writer's Typst template reads the report in that shape.

pub use baocao_charts::{Category as ChartCategory, Chart, ChartKind, Series, Value};
use serde::Serialize;

/// A whole report, ready to be written in any output format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportDocument {
    /// The header block of page 1 (two columns).
    pub header: Header,
    /// Document kind in capitals, e.g. "BÁO CÁO".
    pub title: String,
    /// The abstract (trích yếu) printed in bold under the title, possibly over several lines,
    /// e.g. ["Tình hình thực hiện nhiệm vụ tháng 4/2023", "và kế hoạch ... tháng 5/2023"].
    pub abstract_lines: Vec<String>,
    /// Body blocks in reading order.
    pub body: Vec<Block>,
    /// Footnotes, numbered from 1 in order; `Inline::FootnoteRef(n)` refers to `footnotes[n-1]`.
    pub footnotes: Vec<Footnote>,
    /// Recipients (Nơi nhận), each entry without the leading "- " and trailing ";"/"." which
    /// writers add: the last entry ends with "." (e.g. "Lưu: VT, LĐ, TTra").
    pub recipients: Vec<String>,
    /// The signature block at the bottom right.
    pub signature: Signature,
    /// Annexes (phụ lục) printed after the signature, each from a new page; empty for none.
    pub annexes: Vec<Annex>,
}

/// The two-column header of the first page (Nghị định 30/2020, Phụ lục I, mục II).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Header {
    /// Governing body in capitals, e.g. "UBND TỈNH NINH THUẬN" (12–13 pt, upright).
    pub governing_body: String,
    /// Issuing body in capitals, e.g. "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" (12–13 pt, bold, line under).
    pub issuing_body: String,
    /// The number line, complete, e.g. "Số: 123/BC-STTTT" or "Số:      /BC-STTTT" for a draft.
    pub number_line: String,
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    pub national_title: String,
    /// "Độc lập - Tự do - Hạnh phúc".
    pub motto: String,
    /// Place and date in full, e.g. "Ninh Thuận, ngày 14 tháng 4 năm 2023" (italic).
    pub place_date: String,
}

/// The signature block (Nghị định 30/2020, Phụ lục I, mục II.7).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    /// Authority lines in capitals, e.g. ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] (bold).
    pub authority_lines: Vec<String>,
    /// The signer's full name (bold), printed after space for the signature.
    pub signer_name: String,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Block {
    /// A section heading such as "I. KẾT QUẢ ..." or "2.2. Lĩnh vực ...".
    Heading {
        /// Depth: 1 for "I.", 2 for "1.", 3 for "2.1.".
        level: u8,
        /// The numbering label including its final dot, e.g. "I.", "1.", "2.1.".
        number: String,
        /// The heading text, without the number.
        text: String,
    },
    /// A justified body paragraph with first-line indent.
    Paragraph(Vec<Inline>),
    /// A numbered item (section II's key tasks): "1. Trình ...", laid out like a paragraph.
    NumberedItem {
        /// The label, e.g. "1.".
        number: String,
        /// The item's text.
        content: Vec<Inline>,
    },
    /// The paragraph that closes the body ("Trên đây là báo cáo ..."), laid out like a body
    /// paragraph.
    Closing(Vec<Inline>),
    /// A chart (biểu đồ) with its caption, drawn by `baocao-charts`: SVG in the PDF, PNG in
    /// the DOCX, a table in Markdown.
    Chart(Chart),
}

/// A run of text inside a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text, printed literally (no markup is interpreted).
    Text(String),
    /// Bold text.
    Bold(String),
    /// Italic text.
    Italic(String),
    /// A reference mark to footnote number n (1-based), printed superscript.
    FootnoteRef(usize),
}

/// A footnote's text (printed at the foot of the page, 10–12 pt).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footnote {
    /// Its number, 1-based.
    pub number: usize,
    /// The footnote text.
    pub text: String,
}

/// An annex (phụ lục): the period's figures by field and breakdown, with the period compared
/// against, in one table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annex {
    /// Its title in capitals, e.g. "PHỤ LỤC" or "PHỤ LỤC I".
    pub title: String,
    /// Lines under the title, in bold, e.g. "SỐ LIỆU THÁNG 4/2023 THEO LĨNH VỰC".
    pub subtitle: Vec<String>,
    /// The italic line under them, e.g. "(Kèm theo Báo cáo số      /BC-STTTT ngày 14/4/2023)".
    pub note: Option<String>,
    /// Headings of the value columns.
    pub columns: AnnexColumns,
    /// One group of rows per field, in order.
    pub groups: Vec<AnnexGroup>,
}

/// The headings of an annex table's columns: "STT", "Chỉ tiêu", "Đơn vị tính", then these.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnexColumns {
    /// The period reported on, e.g. "Tháng 4/2023".
    pub current: String,
    /// The period compared against, e.g. "Tháng 3/2023".
    pub previous: String,
    /// The change, e.g. "Tăng, giảm so với tháng 3/2023 (%)".
    pub change: String,
}

/// The rows of one field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnexGroup {
    /// Its number, a Roman numeral: "I", "II" …
    pub number: String,
    /// The field's name, e.g. "Công nghệ thông tin".
    pub title: String,
    /// Its rows in order: each figure, then its breakdown.
    pub rows: Vec<AnnexRow>,
}

/// One row of an annex table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnexRow {
    /// The item's number within its group ("1", "2" …), empty for a breakdown row.
    pub number: String,
    /// What the row counts: the figure's name, or for a breakdown row the option's name.
    pub label: String,
    /// 0 for a figure, 1 for its breakdown by one option, 2 for a cell under that.
    pub depth: u8,
    /// The unit, e.g. "hồ sơ".
    pub unit: String,
    /// The value in the period reported on.
    pub current: Option<AnnexFigure>,
    /// The value in the period compared against.
    pub previous: Option<AnnexFigure>,
    /// The change from `previous` to `current` in percent.
    pub change: Option<AnnexFigure>,
}

/// A number of an annex, with how it is printed (and its decimals, for spreadsheets).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnexFigure {
    /// The value.
    pub value: f64,
    /// The decimals it is printed with.
    pub decimals: u32,
    /// As printed, the Vietnamese way: "22.155", "+5,00".
    pub text: String,
}
