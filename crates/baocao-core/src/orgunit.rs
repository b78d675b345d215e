//! Org units (đơn vị hành chính) with levels and versions: names and parents change over time
//! (the 2025 reorganisation, Nghị quyết 202/2025/QH15), so each holds dated versions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Administrative level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgUnitLevel {
    /// Tỉnh, thành phố trực thuộc trung ương.
    Tinh,
    /// Huyện, quận, thị xã, thành phố thuộc tỉnh (until 30/6/2025).
    Huyen,
    /// Xã, phường, thị trấn, đặc khu.
    Xa,
}

impl OrgUnitLevel {
    /// Vietnamese name: "cấp tỉnh", "cấp huyện", "cấp xã".
    pub fn name_vi(self) -> &'static str {
        match self {
            OrgUnitLevel::Tinh => "cấp tỉnh",
            OrgUnitLevel::Huyen => "cấp huyện",
            OrgUnitLevel::Xa => "cấp xã",
        }
    }
}

/// What an org unit was called and where it sat during a date range (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnitVersion {
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity; `None` while still valid.
    pub valid_to: Option<NaiveDate>,
    /// Name during this range, e.g. "Tỉnh Ninh Thuận".
    pub name: String,
    /// Parent org unit id during this range; `None` for a province.
    pub parent: Option<String>,
}

impl OrgUnitVersion {
    /// Whether this version is valid on `date`.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|end| date <= end)
    }
}

/// An org unit. Its `id` is unique for all time; its `code` (the statistics office code under
/// QĐ 124/2004/QĐ-TTg, or QĐ 19/2025/QĐ-TTg from 1/7/2025) may be reused by a successor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    /// Unique id, e.g. "58".
    pub id: String,
    /// Administrative code.
    pub code: String,
    /// Level.
    pub level: OrgUnitLevel,
    /// Versions, in date order, not overlapping.
    pub versions: Vec<OrgUnitVersion>,
}

impl OrgUnit {
    /// The version valid on `date`, if the unit existed then.
    pub fn on(&self, date: NaiveDate) -> Option<&OrgUnitVersion> {
        self.versions.iter().find(|v| v.is_valid_on(date))
    }

    /// The latest version's name (for display when no date applies).
    pub fn current_name(&self) -> &str {
        self.versions
            .last()
            .map(|v| v.name.as_str())
            .unwrap_or(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn versions_answer_by_date() {
        let unit = OrgUnit {
            id: "584".into(),
            code: "584".into(),
            level: OrgUnitLevel::Huyen,
            versions: vec![OrgUnitVersion {
                valid_from: date(1992, 4, 1),
                valid_to: Some(date(2025, 6, 30)),
                name: "Huyện Bác Ái".into(),
                parent: Some("58".into()),
            }],
        };
        assert_eq!(unit.on(date(2023, 4, 14)).unwrap().name, "Huyện Bác Ái");
        assert!(unit.on(date(2025, 6, 30)).is_some());
        assert!(unit.on(date(2025, 7, 1)).is_none());
    }
}
