//! The report: a template and the period's data become a [`model::ReportDocument`], which the
//! writers turn into Markdown, HTML and DOCX (Nghị định 30/2020/NĐ-CP layout), and its annexes into
//! XLSX. Charts are drawn by `baocao-charts`; the PDF is written by `baocao-pdf`.

mod annex;
mod chart;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod model;
pub mod render;
pub mod template;
pub mod xlsx;

pub use render::{BuiltReport, RenderError, ReportInput, build_report};
pub use template::ReportTemplate;
