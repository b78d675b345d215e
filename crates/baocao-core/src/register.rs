//! Registers: the documents the department advised for issue, issued or cited (sổ văn bản),
//! and its key tasks (nhiệm vụ trọng tâm) planned for a period and reported on after it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::Field;
use crate::format;
use crate::period::Period;
use crate::symbol::{DocumentType, NumberSymbol};

/// The department's part in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentRole {
    /// Tham mưu ban hành: the Sở drafted it, a superior body (UBND tỉnh, a board) issued it.
    /// Counted in the report's section 1.
    Advised,
    /// Ban hành: the Sở issued it itself.
    Issued,
    /// Cited: referred to in the report's text (a decree, a plan of another body).
    Cited,
}

/// One entry of the document register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Unique key: the number and symbol when it has one, otherwise a chosen id.
    pub id: String,
    /// Number and symbol, once numbered (Nghị định 30/2020/NĐ-CP, Điều 8).
    pub symbol: Option<NumberSymbol>,
    /// Kind of document.
    pub doc_type: DocumentType,
    /// Date of issue, once issued.
    pub date: Option<NaiveDate>,
    /// Issuing body, e.g. "UBND tỉnh Ninh Thuận".
    pub issuer: String,
    /// The abstract (trích yếu) as cited, e.g. "về việc Ban hành mã định danh …".
    pub abstract_text: String,
    /// The field it belongs to.
    pub field: Field,
    /// The department's part in it.
    pub role: DocumentRole,
    /// The report period it is reported in.
    pub period: Option<Period>,
}

impl Document {
    /// The citation used in running text: "Quyết định số 166/QĐ-UBND ngày 12/4/2023 về việc
    /// …"; without a number "Quyết định về …"; a công văn is cited as "văn bản số …".
    pub fn citation(&self) -> String {
        let mut out = if self.doc_type == DocumentType::CongVan && self.symbol.is_some() {
            "Công văn".to_string()
        } else {
            self.doc_type.name_vi().to_string()
        };
        if let Some(symbol) = &self.symbol {
            out.push_str(" số ");
            out.push_str(&symbol.to_string());
        }
        if let Some(date) = self.date {
            out.push_str(" ngày ");
            out.push_str(&format::date_short(date));
        }
        if !self.abstract_text.is_empty() {
            out.push(' ');
            out.push_str(&self.abstract_text);
        }
        out
    }
}

/// The state of a key task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Planned, not started.
    Planned,
    /// Under way.
    InProgress,
    /// Done.
    Done,
    /// Not done in its period (carried over or dropped).
    NotDone,
}

/// A key task planned for a period; the report of that period says what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyTask {
    /// The period it is planned for.
    pub period: Period,
    /// Its number in the plan, from 1.
    pub number: u32,
    /// The field it belongs to.
    pub field: Field,
    /// The task as printed.
    pub text: String,
    /// Its state.
    pub status: TaskStatus,
    /// What came of it, reported the month after.
    pub result: Option<String>,
}
