//! The report: a template and the period's data become a [`model::ReportDocument`], which the
//! writers turn into Markdown and DOCX (Nghị định 30/2020/NĐ-CP layout).

pub mod model;
