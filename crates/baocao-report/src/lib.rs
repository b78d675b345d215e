//! The report: a template and the period's data become a [`model::ReportDocument`], which the
//! writers turn into Markdown and DOCX (Nghị định 30/2020/NĐ-CP layout).

pub mod docx;
pub mod markdown;
pub mod model;
pub mod render;
pub mod template;

pub use render::{BuiltReport, RenderError, ReportInput, build_report};
pub use template::ReportTemplate;
