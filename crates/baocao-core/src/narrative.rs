//! Narrative text per report section and period, and the data of the report issued for a
//! period (number, date, year-to-date cut-off, signer).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::period::Period;

/// The free text of one report section for one period. It may embed live figures as
/// `{{ v("DE.OPT") }}` expressions, rendered by `baocao-report`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Narrative {
    /// The period.
    pub period: Period,
    /// The section id, e.g. "2.2".
    pub section: String,
    /// The text; paragraphs are separated by a blank line.
    pub text: String,
}

/// What the report for a period carries besides figures and text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportIssue {
    /// The period reported on.
    pub period: Period,
    /// The register number once issued ("Số: 123/BC-STTTT"); `None` for a draft.
    pub number: Option<u32>,
    /// Date of issue printed in the header.
    pub issued_on: NaiveDate,
    /// The last day of year-to-date figures ("Từ ngày 01/01/2023 đến 13/4/2023").
    pub ytd_cutoff: NaiveDate,
    /// The signer's full name.
    pub signer: String,
}
