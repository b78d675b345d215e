//! Reporting regimes (chế độ báo cáo) and data sets (biểu mẫu): which figures a reporting unit
//! sends, for which periods, covering which dates, by which deadline and to whom.
//!
//! A regime is what Nghị định 09/2019/NĐ-CP requires every periodic report to state (docs/
//! standards.md §1): its frequency, its cut-off window (Điều 12), its deadline (Điều 13, and
//! Điều 8: at least one working day after the cut-off) and its recipients. A data set groups
//! data elements, follows one regime and is assigned to reporting units (org units): the
//! divisions of the Sở, district and commune People's Committees, enterprises. Each unit enters,
//! submits and has approved its data sets as a whole.
//!
//! A catalogue that declares no data set keeps the older rule: each field (lĩnh vực) is an
//! implicit data set whose code is the field code (`cntt`, `bcvt` …), with no deadline. Data
//! set codes are capitals (`BCVT_DN`), so they never collide with a field code.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, DataElement, Field};
use crate::orgunit::{Hierarchy, OrgUnit};
use crate::period::{DateWindow, Period, PeriodType};

/// Việt Nam's time: UTC+7 all year, no daylight saving. Deadlines are calendar days there.
pub const VIETNAM_UTC_OFFSET_SECONDS: i32 = 7 * 3600;

/// The calendar day in Việt Nam of a moment given in UTC: a report sent at 17:30 UTC on
/// 15/4/2023 was sent at 00:30 on 16/4/2023 in Ninh Thuận.
pub fn vietnam_date(utc: NaiveDateTime) -> NaiveDate {
    let offset = FixedOffset::east_opt(VIETNAM_UTC_OFFSET_SECONDS).expect("UTC+7 is an offset");
    utc.and_utc().with_timezone(&offset).date_naive()
}

/// Which dates a period's figures cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CutoffKind {
    /// The cut-off window of administrative reporting, Nghị định 09/2019/NĐ-CP, Điều 12: from
    /// the 15th of the month before the period to the 14th of its last month
    /// ([`Period::cutoff_window`]).
    Nd09,
    /// The calendar window of statistical reporting, Thông tư 04/2022/TT-BTTTT: the 1st of the
    /// first month to the last day of the last month ([`Period::calendar_window`]).
    Calendar,
}

impl CutoffKind {
    /// The code used in files: `nd09`, `calendar`.
    pub fn code(self) -> &'static str {
        match self {
            CutoffKind::Nd09 => "nd09",
            CutoffKind::Calendar => "calendar",
        }
    }

    /// The window in Vietnamese: "từ ngày 15 tháng trước đến ngày 14 (Nghị định
    /// 09/2019/NĐ-CP)", "theo tháng dương lịch (Thông tư 04/2022/TT-BTTTT)".
    pub fn label_vi(self) -> &'static str {
        match self {
            CutoffKind::Nd09 => "từ ngày 15 tháng trước đến ngày 14 (Nghị định 09/2019/NĐ-CP)",
            CutoffKind::Calendar => "theo tháng dương lịch (Thông tư 04/2022/TT-BTTTT)",
        }
    }

    /// The dates `period`'s figures cover under this kind of window.
    pub fn window(self, period: Period) -> DateWindow {
        match self {
            CutoffKind::Nd09 => period.cutoff_window(),
            CutoffKind::Calendar => period.calendar_window(),
        }
    }
}

/// When a period's report is due: day `day` of the month `month_offset` months after the
/// period's last month (0: that month; -1: the month before; 1: the month after). A day past
/// the end of a short month is that month's last day (day 31 of June is 30/6).
///
/// Thông tư 02/2023/TT-BTTTT, from 01/6/2023 (the ICT sector's regime): monthly reports by
/// the 15th of the report month (`day = 15, month_offset = 0`); quarterly by the 6th of the
/// quarter's last month (`6, 0`); 6-month by 06/6 (`6, 0` of S1); annual by 25/11
/// (`25, -1`). Nghị định 09/2019/NĐ-CP, Điều 13: provinces to the Government by the 25th of
/// the period's last month (`25, 0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    /// The day of the month, 1–31.
    pub day: u32,
    /// Months after the period's last month, -11 to 12.
    #[serde(default)]
    pub month_offset: i32,
}

impl DeadlineRule {
    /// The last day a report of `period` is on time (a report sent any time that day, in
    /// Việt Nam, is on time).
    pub fn date_for(&self, period: Period) -> NaiveDate {
        let last = period.months().last().copied().unwrap_or(period);
        let months =
            last.year() * 12 + i32::try_from(last.index()).unwrap_or(12) - 1 + self.month_offset;
        let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
        let month = u32::try_from(month).unwrap_or(1);
        let mut day = self.day.clamp(1, 31);
        loop {
            if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                return date;
            }
            day -= 1;
        }
    }

    /// The rule in Vietnamese: "ngày 15 của tháng cuối kỳ", "ngày 25 của tháng trước tháng
    /// cuối kỳ", "ngày 05 của tháng thứ 2 sau tháng cuối kỳ"; for a monthly regime "ngày 15
    /// của tháng báo cáo", "ngày 05 của tháng sau tháng báo cáo".
    pub fn describe_vi(&self, period_type: PeriodType) -> String {
        let base = if period_type == PeriodType::Month {
            "tháng báo cáo"
        } else {
            "tháng cuối kỳ"
        };
        let day = crate::format::count_padded(i64::from(self.day));
        match self.month_offset {
            0 => format!("ngày {day} của {base}"),
            1 => format!("ngày {day} của tháng sau {base}"),
            -1 => format!("ngày {day} của tháng trước {base}"),
            n if n > 1 => format!("ngày {day} của tháng thứ {n} sau {base}"),
            n => format!("ngày {day} của tháng thứ {} trước {base}", -n),
        }
    }
}

/// A reporting regime (chế độ báo cáo định kỳ), as Nghị định 09/2019/NĐ-CP requires one to be
/// stated: its title, legal basis, frequency, cut-off window, deadline and recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingRegime {
    /// Code, e.g. `TT02_THANG`.
    pub code: String,
    /// Vietnamese title, e.g. "Báo cáo định kỳ hằng tháng ngành Thông tin và Truyền thông".
    pub name: String,
    /// The text that sets it, e.g. "Thông tư 02/2023/TT-BTTTT".
    pub legal_basis: String,
    /// Its frequency: one report per period of this type.
    pub period_type: PeriodType,
    /// The dates a period's figures cover.
    pub cutoff: CutoffKind,
    /// When a period's report is due.
    pub deadline: DeadlineRule,
    /// Who receives the report, e.g. "Bộ Thông tin và Truyền thông".
    pub recipients: Vec<String>,
}

impl ReportingRegime {
    /// The last day a report of `period` is on time.
    pub fn deadline(&self, period: Period) -> NaiveDate {
        self.deadline.date_for(period)
    }

    /// The dates `period`'s figures cover.
    pub fn window(&self, period: Period) -> DateWindow {
        self.cutoff.window(period)
    }
}

/// A data set (biểu mẫu): data elements a reporting unit enters, submits and has approved
/// together for a period of its regime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSet {
    /// Code, e.g. `BCVT_DN`; the key of its workflow status and lock.
    pub code: String,
    /// Vietnamese name, e.g. "Số liệu bưu chính, viễn thông của doanh nghiệp".
    pub name: String,
    /// The periods it is reported for: its regime's.
    pub period_type: PeriodType,
    /// Its regime's code.
    pub regime: String,
    /// The data elements' codes, in the order the form shows them.
    pub data_elements: Vec<String>,
    /// The reporting units' org unit ids.
    pub reporting_units: Vec<String>,
}

impl DataSet {
    /// Whether the data set holds the data element `code`.
    pub fn holds(&self, data_element: &str) -> bool {
        self.data_elements.iter().any(|d| d == data_element)
    }

    /// Whether the org unit `id` reports this data set.
    pub fn is_assigned_to(&self, org_unit: &str) -> bool {
        self.reporting_units.iter().any(|u| u == org_unit)
    }

    /// The nearest units below `org_unit` on `date` that report this data set: each child
    /// that reports it, and for a child that does not, the nearest such units below that
    /// child (a province's districts; its communes where a district does not report). Their
    /// figures go into `org_unit`'s, so reporting is bottom-up: theirs are approved before
    /// `org_unit` submits. By code within each parent, as [`Hierarchy::children_on`].
    pub fn reporting_units_below<'h>(
        &self,
        hierarchy: &'h Hierarchy,
        org_unit: &str,
        date: NaiveDate,
    ) -> Vec<&'h OrgUnit> {
        let mut out = Vec::new();
        let mut pending = vec![(org_unit.to_string(), 0usize)];
        while let Some((parent, depth)) = pending.pop() {
            // A parent cycle in hand-edited files must not loop forever.
            if depth > hierarchy.units().len() {
                continue;
            }
            let mut deeper = Vec::new();
            for child in hierarchy.children_on(&parent, date) {
                if self.is_assigned_to(&child.id) {
                    if !out.iter().any(|u: &&OrgUnit| u.id == child.id) {
                        out.push(child);
                    }
                } else {
                    deeper.push((child.id.clone(), depth + 1));
                }
            }
            // Depth first, in code order: the stack takes them reversed.
            pending.extend(deeper.into_iter().rev());
        }
        out
    }
}

/// The data set a figure is entered, submitted and locked under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataSetRef<'a> {
    /// A data set the catalogue declares.
    Declared(&'a DataSet),
    /// The implicit data set of a field, for an org unit that has no declared data set.
    Field(Field),
}

impl DataSetRef<'_> {
    /// Its code: the declared data set's (`BCVT_DN`) or the field's (`bcvt`).
    pub fn code(&self) -> &str {
        match self {
            DataSetRef::Declared(d) => &d.code,
            DataSetRef::Field(f) => f.code(),
        }
    }
}

impl Catalog {
    /// Whether the catalogue declares data sets (otherwise each field is one).
    pub fn declares_data_sets(&self) -> bool {
        !self.data_sets.is_empty()
    }

    /// The declared data sets assigned to the org unit `id`, by code.
    pub fn data_sets_of_unit(&self, org_unit: &str) -> Vec<&DataSet> {
        self.data_sets
            .values()
            .filter(|d| d.is_assigned_to(org_unit))
            .collect()
    }

    /// The data set the figures of `data_element` for `org_unit` belong to: for a unit
    /// assigned declared data sets, the one among them holding the element (`None` when
    /// none does: the unit does not report that element); for any other unit, the implicit
    /// data set of the element's field. The catalogue's check makes the first unique: no
    /// element is in two data sets of one unit.
    pub fn data_set_for(
        &self,
        data_element: &DataElement,
        org_unit: &str,
    ) -> Option<DataSetRef<'_>> {
        let assigned = self.data_sets_of_unit(org_unit);
        if assigned.is_empty() {
            return Some(DataSetRef::Field(data_element.field));
        }
        assigned
            .into_iter()
            .find(|d| d.holds(&data_element.code))
            .map(DataSetRef::Declared)
    }

    /// The declared data set or, for a field code, the implicit data set of that field.
    pub fn data_set_ref(&self, code: &str) -> Option<DataSetRef<'_>> {
        match self.data_sets.get(code) {
            Some(d) => Some(DataSetRef::Declared(d)),
            None => Field::from_code(code).map(DataSetRef::Field),
        }
    }

    /// The fields of a declared data set's data elements, in [`Field::ALL`]'s order: the
    /// rights needed to submit it (a chuyên viên of every one of them, or a quản trị).
    pub fn fields_of(&self, data_set: &DataSet) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| {
                data_set
                    .data_elements
                    .iter()
                    .filter_map(|e| self.data_elements.get(e))
                    .any(|e| e.field == *f)
            })
            .collect()
    }

    /// The regime of a declared data set.
    pub fn regime_of(&self, data_set: &DataSet) -> Option<&ReportingRegime> {
        self.regimes.get(&data_set.regime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: &str) -> Period {
        Period::parse(id).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rule(day: u32, month_offset: i32) -> DeadlineRule {
        DeadlineRule { day, month_offset }
    }

    /// Thông tư 02/2023/TT-BTTTT: by the 15th of the report month, the 6th of the quarter's
    /// last month, 06/6, 25/11.
    #[test]
    fn deadlines_of_the_ict_regime() {
        assert_eq!(rule(15, 0).date_for(p("2023-04")), d(2023, 4, 15));
        assert_eq!(rule(15, 0).date_for(p("2023-12")), d(2023, 12, 15));
        assert_eq!(rule(6, 0).date_for(p("2023Q2")), d(2023, 6, 6));
        assert_eq!(rule(6, 0).date_for(p("2023Q4")), d(2023, 12, 6));
        assert_eq!(rule(6, 0).date_for(p("2023S1")), d(2023, 6, 6));
        assert_eq!(rule(25, -1).date_for(p("2023")), d(2023, 11, 25));
    }

    #[test]
    fn deadlines_across_years_and_short_months() {
        assert_eq!(rule(5, 1).date_for(p("2023-12")), d(2024, 1, 5));
        assert_eq!(rule(20, -1).date_for(p("2023-01")), d(2022, 12, 20));
        assert_eq!(rule(31, 0).date_for(p("2023-06")), d(2023, 6, 30));
        assert_eq!(rule(31, 0).date_for(p("2023-02")), d(2023, 2, 28));
        assert_eq!(rule(30, 0).date_for(p("2024-02")), d(2024, 2, 29));
        assert_eq!(rule(10, 12).date_for(p("2023-04")), d(2024, 4, 10));
        assert_eq!(rule(10, -11).date_for(p("2023-12")), d(2023, 1, 10));
    }

    #[test]
    fn deadlines_described() {
        assert_eq!(
            rule(15, 0).describe_vi(PeriodType::Month),
            "ngày 15 của tháng báo cáo"
        );
        assert_eq!(
            rule(25, -1).describe_vi(PeriodType::Year),
            "ngày 25 của tháng trước tháng cuối kỳ"
        );
        assert_eq!(
            rule(5, 1).describe_vi(PeriodType::Month),
            "ngày 05 của tháng sau tháng báo cáo"
        );
        assert_eq!(
            rule(5, 2).describe_vi(PeriodType::Quarter),
            "ngày 05 của tháng thứ 2 sau tháng cuối kỳ"
        );
    }

    #[test]
    fn windows_by_kind() {
        assert_eq!(
            CutoffKind::Nd09.window(p("2023-04")),
            DateWindow {
                start: d(2023, 3, 15),
                end: d(2023, 4, 14)
            }
        );
        assert_eq!(
            CutoffKind::Calendar.window(p("2023-04")),
            DateWindow {
                start: d(2023, 4, 1),
                end: d(2023, 4, 30)
            }
        );
    }

    #[test]
    fn vietnam_dates_of_utc_times() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(vietnam_date(t("2023-04-15 16:59:59")), d(2023, 4, 15));
        assert_eq!(vietnam_date(t("2023-04-15 17:00:00")), d(2023, 4, 16));
        assert_eq!(vietnam_date(t("2023-04-14 17:00:00")), d(2023, 4, 15));
    }

    /// Bottom-up: a province's districts that report; through a district that does not, its
    /// communes that do.
    #[test]
    fn reporting_units_below_a_unit() {
        use crate::orgunit::{OrgUnitLevel, OrgUnitVersion};
        let unit = |id: &str, level, parent: Option<&str>| OrgUnit {
            id: id.into(),
            code: id.into(),
            level,
            kind: Default::default(),
            versions: vec![OrgUnitVersion {
                valid_from: d(2000, 1, 1),
                valid_to: None,
                name: format!("Đơn vị {id}"),
                parent: parent.map(str::to_string),
            }],
        };
        use OrgUnitLevel::{Huyen, Tinh, Xa};
        let hierarchy = Hierarchy::new(
            vec![
                unit("58", Tinh, None),
                unit("582", Huyen, Some("58")),
                unit("581", Huyen, Some("58")),
                unit("58101", Xa, Some("581")),
                unit("58102", Xa, Some("581")),
                unit("58201", Xa, Some("582")),
                unit("58202", Xa, Some("582")),
            ],
            Vec::new(),
        )
        .unwrap();
        let data_set = DataSet {
            code: "DVC".into(),
            name: "Hồ sơ".into(),
            period_type: PeriodType::Month,
            regime: "R".into(),
            data_elements: vec!["DVC_HOSO".into()],
            // District 581 reports, 582 does not; all communes report but 58202.
            reporting_units: ["58", "581", "58101", "58102", "58201"]
                .map(str::to_string)
                .to_vec(),
        };
        let ids = |id: &str| -> Vec<String> {
            data_set
                .reporting_units_below(&hierarchy, id, d(2023, 4, 14))
                .iter()
                .map(|u| u.id.clone())
                .collect()
        };
        assert_eq!(ids("58"), ["581", "58201"]);
        assert_eq!(ids("581"), ["58101", "58102"]);
        assert_eq!(ids("582"), ["58201"]);
        assert!(ids("58101").is_empty());
        // Before the units existed, nothing is below.
        assert!(
            data_set
                .reporting_units_below(&hierarchy, "58", d(1999, 1, 1))
                .is_empty()
        );
    }

    #[test]
    fn data_set_of_a_figure() {
        let mut catalog = Catalog::default();
        let element = |code: &str, field| DataElement {
            code: code.into(),
            name: code.into(),
            unit: String::new(),
            field,
            value_type: crate::catalog::ValueType::Integer,
            aggregation: crate::catalog::AggregationType::Sum,
            category_combo: None,
            period_scope: Default::default(),
            description: None,
        };
        let subscribers = element("TB_DIDONG", Field::Bcvt);
        let dossiers = element("DVC_HOSO", Field::Cntt);
        catalog.data_sets.insert(
            "BCVT_DN".into(),
            DataSet {
                code: "BCVT_DN".into(),
                name: "Số liệu viễn thông của doanh nghiệp".into(),
                period_type: PeriodType::Month,
                regime: "TT02_THANG".into(),
                data_elements: vec!["TB_DIDONG".into()],
                reporting_units: vec!["VNPT".into(), "VIETTEL".into()],
            },
        );
        let code = |e: &DataElement, unit: &str| {
            catalog.data_set_for(e, unit).map(|d| d.code().to_string())
        };
        assert_eq!(code(&subscribers, "VNPT").as_deref(), Some("BCVT_DN"));
        // The enterprise reports no dossiers.
        assert_eq!(code(&dossiers, "VNPT"), None);
        // A unit with no declared data set keeps the fields.
        assert_eq!(code(&subscribers, "58").as_deref(), Some("bcvt"));
        assert_eq!(code(&dossiers, "58").as_deref(), Some("cntt"));
        assert!(catalog.declares_data_sets());
        assert_eq!(catalog.data_sets_of_unit("VIETTEL").len(), 1);
        assert_eq!(
            catalog.data_set_ref("cntt"),
            Some(DataSetRef::Field(Field::Cntt))
        );
        assert!(matches!(
            catalog.data_set_ref("BCVT_DN"),
            Some(DataSetRef::Declared(_))
        ));
        assert_eq!(catalog.data_set_ref("KHAC"), None);
    }
}
