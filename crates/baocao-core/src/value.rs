//! Data values (giá trị số liệu): one figure for a data element's cell, an org unit and a
//! period, as the unit typed it, with who stored it, when, and why.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::coc::CategoryOptionCombo;
use crate::period::Period;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueOrigin {
    /// Typed (submitted) by a unit.
    Typed,
    /// Not typed by anyone: implied by a stated change, e.g. last month's volume implied by
    /// "tăng 5% so với tháng trước". The text says how.
    Derived(String),
}

/// A number as typed, kept with the precision it was printed at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypedNumber {
    /// The value.
    pub value: f64,
    /// Digits typed after the decimal comma ("70,96" → 2).
    pub decimals: u32,
    /// The text exactly as typed, NFC-normalised, e.g. "5,183".
    pub as_typed: String,
}

/// One figure for (data element, category option combo, org unit, period).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataValue {
    /// Data element code.
    pub data_element: String,
    /// The cell, or a subtotal or the total when the unit stated one.
    pub category_option_combo: CategoryOptionCombo,
    /// Org unit id.
    pub org_unit: String,
    /// The period.
    pub period: Period,
    /// The figure.
    pub number: TypedNumber,
    /// Typed or derived.
    pub origin: ValueOrigin,
    /// Who stored it (a person or a unit).
    pub stored_by: String,
    /// When it was stored (UTC), if known.
    pub stored_at: Option<NaiveDateTime>,
    /// A comment, e.g. "số liệu ước".
    pub comment: Option<String>,
}

/// A rate, density or growth as a unit stated it beside its parts (e.g. "đạt 70,96%"):
/// kept so that validation can compare it with the recomputed indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatedIndicatorValue {
    /// Indicator code.
    pub indicator: String,
    /// The breakdown it was stated for (options added to the indicator's references).
    pub category_option_combo: CategoryOptionCombo,
    /// Org unit id.
    pub org_unit: String,
    /// The period.
    pub period: Period,
    /// The figure as typed.
    pub number: TypedNumber,
    /// Who stored it.
    pub stored_by: String,
    /// A comment.
    pub comment: Option<String>,
}
