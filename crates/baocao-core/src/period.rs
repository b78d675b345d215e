//! Report periods (kỳ báo cáo) — month, quarter, half-year, year — with their ids
//! (`2023-04`, `2023Q2`, `2023S1`, `2023`), Vietnamese labels and the two date windows a
//! period has: the calendar window of statistical reporting and the cut-off window of
//! administrative reporting.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::format::roman;

/// The smallest year a [`Period`] can have: ids use four-digit years.
pub const MIN_YEAR: i32 = 1;
/// The largest year a [`Period`] can have: ids use four-digit years.
pub const MAX_YEAR: i32 = 9999;

/// The length of a report period (Nghị định 09/2019/NĐ-CP, Điều 12). Written in files as
/// `month`, `quarter`, `six_month`, `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodType {
    /// A calendar month, id `2023-04`.
    Month,
    /// A quarter of three months, id `2023Q2`.
    Quarter,
    /// Six months: S1 is January–June, S2 July–December; id `2023S1`.
    SixMonth,
    /// A whole year, id `2023`.
    Year,
}

impl PeriodType {
    /// How many periods of this type a year has: 12, 4, 2 or 1.
    pub fn periods_per_year(self) -> u32 {
        match self {
            PeriodType::Month => 12,
            PeriodType::Quarter => 4,
            PeriodType::SixMonth => 2,
            PeriodType::Year => 1,
        }
    }

    /// How many months one period of this type covers: 1, 3, 6 or 12.
    pub fn months_per_period(self) -> u32 {
        12 / self.periods_per_year()
    }

    /// The code used in files: `month`, `quarter`, `six_month`, `year`.
    pub fn code(self) -> &'static str {
        match self {
            PeriodType::Month => "month",
            PeriodType::Quarter => "quarter",
            PeriodType::SixMonth => "six_month",
            PeriodType::Year => "year",
        }
    }

    /// The Vietnamese adjective of a regime of this type: "hằng tháng", "hằng quý",
    /// "6 tháng", "hằng năm" (Nghị định 09/2019/NĐ-CP, Điều 12).
    pub fn label_vi(self) -> &'static str {
        match self {
            PeriodType::Month => "hằng tháng",
            PeriodType::Quarter => "hằng quý",
            PeriodType::SixMonth => "6 tháng",
            PeriodType::Year => "hằng năm",
        }
    }
}

/// One report period: a year, a [`PeriodType`] and an index within the year (month 1–12,
/// quarter 1–4, half 1–2, or 1 for a year).
///
/// Its id (`2023-04`, `2023Q2`, `2023S1`, `2023`) is its [`Display`](fmt::Display) and
/// [`FromStr`] form and its serde form. Periods order chronologically by first month, and
/// periods starting the same month by type: `2023-01 < 2023Q1 < 2023S1 < 2023 < 2023-02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: i32,
    period_type: PeriodType,
    index: u32,
}

/// Why a period id or the parts of a period were rejected; each variant carries the input
/// (for [`Period::new`], the id the parts would have) and says what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The id was empty.
    #[error(
        "empty period id: expected YYYY-MM, YYYYQn, YYYYSn or YYYY \
         (e.g. 2023-04, 2023Q2, 2023S1, 2023)"
    )]
    Empty,
    /// The id has none of the four shapes.
    #[error(
        "period id \"{input}\": expected YYYY-MM (month), YYYYQn (quarter), \
         YYYYSn (half-year) or YYYY (year)"
    )]
    Malformed {
        /// The rejected input.
        input: String,
    },
    /// The year is not four digits from 0001 to 9999.
    #[error("period id \"{input}\": year must be four digits, 0001–9999")]
    Year {
        /// The rejected input.
        input: String,
    },
    /// The month is not two digits from 01 to 12 ("2023-13", "2023-00", "2023-4").
    #[error("period id \"{input}\": month must be two digits, 01–12")]
    Month {
        /// The rejected input.
        input: String,
    },
    /// The quarter is not Q1–Q4.
    #[error("period id \"{input}\": quarter must be Q1–Q4")]
    Quarter {
        /// The rejected input.
        input: String,
    },
    /// The half-year is not S1 or S2.
    #[error("period id \"{input}\": half-year must be S1 (January–June) or S2 (July–December)")]
    HalfYear {
        /// The rejected input.
        input: String,
    },
}

/// A span of days, inclusive at both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateWindow {
    /// The first day in the window.
    pub start: NaiveDate,
    /// The last day in the window (included).
    pub end: NaiveDate,
}

impl DateWindow {
    /// Whether `date` lies in the window, both ends included.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The number of days in the window, both ends counted; 0 if `end` is before `start`.
    pub fn days(&self) -> i64 {
        ((self.end - self.start).num_days() + 1).max(0)
    }
}

/// The year-to-date window (lũy kế từ đầu năm): 1 January of `cutoff`'s year to `cutoff`,
/// as in "từ ngày 01/01/2023 đến 13/4/2023" (docs/standards.md §1).
pub fn year_to_date(cutoff: NaiveDate) -> DateWindow {
    DateWindow {
        start: date(cutoff.year(), 1, 1),
        end: cutoff,
    }
}

impl Period {
    /// A period from its parts: `index` is the month (1–12), quarter (1–4), half (1–2) or 1
    /// for a year; `year` must be within [`MIN_YEAR`]..=[`MAX_YEAR`].
    ///
    /// # Errors
    /// [`PeriodError`] with the id the parts would form, e.g. `"2023-13"`.
    pub fn new(year: i32, period_type: PeriodType, index: u32) -> Result<Period, PeriodError> {
        let period = Period {
            year,
            period_type,
            index,
        };
        let input = period.id();
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(PeriodError::Year { input });
        }
        if !(1..=period_type.periods_per_year()).contains(&index) {
            return Err(index_error(period_type, input));
        }
        Ok(period)
    }

    /// The month `month` (1–12) of `year`.
    ///
    /// # Errors
    /// [`PeriodError::Month`] or [`PeriodError::Year`] when out of range.
    pub fn month(year: i32, month: u32) -> Result<Period, PeriodError> {
        Period::new(year, PeriodType::Month, month)
    }

    /// Reads a period id: `"2023-04"` (month, two digits), `"2023Q2"`, `"2023S1"`,
    /// `"2023"`. Only the canonical form is accepted — no whitespace, upper-case Q and S,
    /// two-digit months — so ids compare as strings and round-trip through
    /// [`Period::id`].
    ///
    /// # Errors
    /// [`PeriodError`] naming the input and what was expected, e.g. `"2023-13"`: month must
    /// be two digits, 01–12.
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        if s.is_empty() {
            return Err(PeriodError::Empty);
        }
        let year_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let (year_digits, rest) = s.split_at(year_len);
        if year_len == 0 {
            return Err(PeriodError::Malformed {
                input: s.to_string(),
            });
        }
        let year: i32 = year_digits.parse().unwrap_or(0);
        if year_len != 4 || year < MIN_YEAR {
            return Err(PeriodError::Year {
                input: s.to_string(),
            });
        }
        let (period_type, index) = parse_suffix(s, rest)?;
        Ok(Period {
            year,
            period_type,
            index,
        })
    }

    /// The period's type.
    pub fn period_type(&self) -> PeriodType {
        self.period_type
    }

    /// The period's year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The index within the year: month 1–12, quarter 1–4, half 1–2, or 1 for a year.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The canonical id: `"2023-04"`, `"2023Q2"`, `"2023S1"`, `"2023"`.
    pub fn id(&self) -> String {
        let year = self.year;
        match self.period_type {
            PeriodType::Month => format!("{year:04}-{:02}", self.index),
            PeriodType::Quarter => format!("{year:04}Q{}", self.index),
            PeriodType::SixMonth => format!("{year:04}S{}", self.index),
            PeriodType::Year => format!("{year:04}"),
        }
    }

    /// The calendar window used by statistical reporting (Thông tư 04/2022/TT-BTTTT): from
    /// the 1st of the first month to the last day of the last month — `2023-02` is
    /// 01/02/2023–28/02/2023, `2023S1` is 01/01/2023–30/6/2023.
    pub fn calendar_window(&self) -> DateWindow {
        let start = date(self.year, self.first_month(), 1);
        let (next_year, next_month) = month_after(self.year, self.last_month());
        let end = date(next_year, next_month, 1)
            .pred_opt()
            .expect("a day before a valid date");
        DateWindow { start, end }
    }

    /// The cut-off window (thời gian chốt số liệu) of administrative reporting,
    /// Nghị định 09/2019/NĐ-CP, Điều 12: from the 15th of the month before the period to
    /// the 14th of its last month.
    ///
    /// Month: 15th of the previous month to the 14th; quarter: 15th of the month before
    /// the quarter to the 14th of its last month; S1: 15/12 of the previous year to 14/6;
    /// S2: 15/6 to 14/12; year: 15/12 of the previous year to 14/12. Consecutive windows
    /// of one type tile time without gaps or overlaps.
    pub fn cutoff_window(&self) -> DateWindow {
        let (start_year, start_month) = month_before(self.year, self.first_month());
        DateWindow {
            start: date(start_year, start_month, 15),
            end: date(self.year, self.last_month(), 14),
        }
    }

    /// The period of the same type `steps` periods later (earlier when negative), or
    /// `None` when its year would leave [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn checked_offset(&self, steps: i64) -> Option<Period> {
        let per_year = i64::from(self.period_type.periods_per_year());
        let position =
            (i64::from(self.year) * per_year + i64::from(self.index - 1)).checked_add(steps)?;
        let year = i32::try_from(position.div_euclid(per_year)).ok()?;
        let index = u32::try_from(position.rem_euclid(per_year) + 1).ok()?;
        Period::new(year, self.period_type, index).ok()
    }

    /// The period of the same type just before: `2023-01` → `2022-12`, `2023Q1` → `2022Q4`;
    /// the base of "so với tháng trước".
    ///
    /// # Panics
    /// Before year [`MIN_YEAR`]; use [`Period::checked_offset`] to avoid it.
    pub fn previous(&self) -> Period {
        self.checked_offset(-1).expect("period before year 0001")
    }

    /// The period of the same type just after: `2022-12` → `2023-01`.
    ///
    /// # Panics
    /// After year [`MAX_YEAR`]; use [`Period::checked_offset`] to avoid it.
    pub fn next(&self) -> Period {
        self.checked_offset(1).expect("period after year 9999")
    }

    /// The same period a year earlier (`2023Q2` → `2022Q2`); the base of "so với cùng kỳ".
    ///
    /// # Panics
    /// Before year [`MIN_YEAR`]; use [`Period::checked_offset`] to avoid it.
    pub fn same_period_last_year(&self) -> Period {
        let steps = i64::from(self.period_type.periods_per_year());
        self.checked_offset(-steps)
            .expect("period before year 0001")
    }

    /// The months the period covers, in order: `2023Q2` → `[2023-04, 2023-05, 2023-06]`.
    pub fn months(&self) -> Vec<Period> {
        self.months_from(self.first_month())
    }

    /// Whether every month of `other` lies in this period: a quarter contains its months,
    /// a year its quarters and halves. A period contains itself.
    pub fn contains(&self, other: &Period) -> bool {
        self.year == other.year
            && self.first_month() <= other.first_month()
            && other.last_month() <= self.last_month()
    }

    /// The months from January to the period's last month: for `2023Q2`, `2023-01` to
    /// `2023-06` (lũy kế từ đầu năm).
    pub fn year_to_date_months(&self) -> Vec<Period> {
        self.months_from(1)
    }

    /// The period as Vietnamese running text: "tháng 4/2023" (the seed report's wording),
    /// "quý II năm 2023", "6 tháng đầu năm 2023", "6 tháng cuối năm 2023", "năm 2023" (the
    /// wording of quarterly, half-year and annual report titles: "Báo cáo tình hình thực hiện
    /// nhiệm vụ quý II năm 2023").
    pub fn label_vi(&self) -> String {
        let year = self.year;
        match (self.period_type, self.index) {
            (PeriodType::Month, month) => format!("tháng {month}/{year}"),
            (PeriodType::Quarter, quarter) => format!("quý {} năm {year}", roman(quarter)),
            (PeriodType::SixMonth, 1) => format!("6 tháng đầu năm {year}"),
            (PeriodType::SixMonth, _) => format!("6 tháng cuối năm {year}"),
            (PeriodType::Year, _) => format!("năm {year}"),
        }
    }

    fn first_month(&self) -> u32 {
        (self.index - 1) * self.period_type.months_per_period() + 1
    }

    fn last_month(&self) -> u32 {
        self.index * self.period_type.months_per_period()
    }

    fn months_from(&self, first: u32) -> Vec<Period> {
        (first..=self.last_month())
            .map(|month| Period {
                year: self.year,
                period_type: PeriodType::Month,
                index: month,
            })
            .collect()
    }

    fn sort_key(&self) -> (i32, u32, PeriodType) {
        (self.year, self.first_month(), self.period_type)
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.id())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        Period::parse(&id).map_err(serde::de::Error::custom)
    }
}

/// Reads what follows the year: "" (year), "-MM", "Qn" or "Sn".
fn parse_suffix(input: &str, rest: &str) -> Result<(PeriodType, u32), PeriodError> {
    let owned = || input.to_string();
    if rest.is_empty() {
        return Ok((PeriodType::Year, 1));
    }
    let (period_type, digits, width) = if let Some(m) = rest.strip_prefix('-') {
        (PeriodType::Month, m, 2)
    } else if let Some(q) = rest.strip_prefix('Q') {
        (PeriodType::Quarter, q, 1)
    } else if let Some(h) = rest.strip_prefix('S') {
        (PeriodType::SixMonth, h, 1)
    } else {
        return Err(PeriodError::Malformed { input: owned() });
    };
    let index = fixed_digits(digits, width)
        .filter(|i| (1..=period_type.periods_per_year()).contains(i))
        .ok_or_else(|| index_error(period_type, owned()))?;
    Ok((period_type, index))
}

/// `digits` as a number if it is exactly `width` ASCII digits.
fn fixed_digits(digits: &str, width: usize) -> Option<u32> {
    let all_digits = digits.len() == width && digits.bytes().all(|b| b.is_ascii_digit());
    if all_digits {
        digits.parse().ok()
    } else {
        None
    }
}

fn index_error(period_type: PeriodType, input: String) -> PeriodError {
    match period_type {
        PeriodType::Month => PeriodError::Month { input },
        PeriodType::Quarter => PeriodError::Quarter { input },
        PeriodType::SixMonth => PeriodError::HalfYear { input },
        PeriodType::Year => PeriodError::Malformed { input },
    }
}

fn month_before(year: i32, month: u32) -> (i32, u32) {
    if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    }
}

fn month_after(year: i32, month: u32) -> (i32, u32) {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

/// A date known to exist: periods keep years within 0..=10000 here and days are 1, 14 or 15.
fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid calendar date")
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

    fn window(start: NaiveDate, end: NaiveDate) -> DateWindow {
        DateWindow { start, end }
    }

    #[test]
    fn parses_ids() {
        let check = |id: &str, year: i32, period_type: PeriodType, index: u32| {
            let period = p(id);
            assert_eq!(
                (period.year(), period.period_type(), period.index()),
                (year, period_type, index)
            );
            assert_eq!(period.id(), id);
            assert_eq!(period.to_string(), id);
            assert_eq!(id.parse::<Period>(), Ok(period));
        };
        check("2023-04", 2023, PeriodType::Month, 4);
        check("2023-12", 2023, PeriodType::Month, 12);
        check("2023Q2", 2023, PeriodType::Quarter, 2);
        check("2023S1", 2023, PeriodType::SixMonth, 1);
        check("2023S2", 2023, PeriodType::SixMonth, 2);
        check("2023", 2023, PeriodType::Year, 1);
        check("0001-01", 1, PeriodType::Month, 1);
        check("9999Q4", 9999, PeriodType::Quarter, 4);
    }

    #[test]
    fn rejects_ids() {
        let check = |id: &str, expected: fn(String) -> PeriodError| {
            assert_eq!(Period::parse(id), Err(expected(id.to_string())), "{id:?}");
        };
        check("2023-13", |input| PeriodError::Month { input });
        check("2023-00", |input| PeriodError::Month { input });
        check("2023-4", |input| PeriodError::Month { input });
        check("2023-004", |input| PeriodError::Month { input });
        check("2023-", |input| PeriodError::Month { input });
        check("2023Q5", |input| PeriodError::Quarter { input });
        check("2023Q0", |input| PeriodError::Quarter { input });
        check("2023Q", |input| PeriodError::Quarter { input });
        check("2023S3", |input| PeriodError::HalfYear { input });
        check("23-04", |input| PeriodError::Year { input });
        check("20234", |input| PeriodError::Year { input });
        check("0000-01", |input| PeriodError::Year { input });
        check("2023q2", |input| PeriodError::Malformed { input });
        check("2023/04", |input| PeriodError::Malformed { input });
        check(" 2023", |input| PeriodError::Malformed { input });
        check("2023 ", |input| PeriodError::Malformed { input });
        check("Q2-2023", |input| PeriodError::Malformed { input });
        assert_eq!(Period::parse(""), Err(PeriodError::Empty));
    }

    #[test]
    fn errors_say_what_was_expected() {
        let message = Period::parse("2023-13").unwrap_err().to_string();
        assert!(
            message.contains("\"2023-13\"") && message.contains("month must be two digits, 01–12")
        );
        let message = Period::parse("2023-4").unwrap_err().to_string();
        assert!(message.contains("two digits"), "{message}");
    }

    #[test]
    fn constructors_check_ranges() {
        assert_eq!(Period::month(2023, 4), Ok(p("2023-04")));
        assert_eq!(
            Period::month(2023, 13),
            Err(PeriodError::Month {
                input: "2023-13".into()
            })
        );
        assert_eq!(
            Period::month(2023, 0),
            Err(PeriodError::Month {
                input: "2023-00".into()
            })
        );
        assert_eq!(
            Period::new(2023, PeriodType::Year, 2),
            Err(PeriodError::Malformed {
                input: "2023".into()
            })
        );
        assert_eq!(
            Period::month(10000, 1),
            Err(PeriodError::Year {
                input: "10000-01".into()
            })
        );
        assert_eq!(Period::new(2023, PeriodType::Quarter, 3), Ok(p("2023Q3")));
    }

    #[test]
    fn monthly_cutoff_windows_tile_ten_years() {
        let mut expected_start = d(2018, 12, 15);
        for year in 2019..=2028 {
            for month in 1..=12 {
                let w = Period::month(year, month).unwrap().cutoff_window();
                assert_eq!(w.end, d(year, month, 14), "{year}-{month}");
                assert_eq!(w.start, expected_start, "{year}-{month}");
                expected_start = w.end.succ_opt().unwrap();
            }
        }
        let total: i64 = (2019..=2028)
            .flat_map(|y| (1..=12).map(move |m| Period::month(y, m).unwrap()))
            .map(|m| m.cutoff_window().days())
            .sum();
        assert_eq!(total, window(d(2018, 12, 15), d(2028, 12, 14)).days());
    }

    #[test]
    fn longer_cutoff_windows_span_their_months() {
        for year in 2019..=2028 {
            for period in [PeriodType::Quarter, PeriodType::SixMonth, PeriodType::Year]
                .into_iter()
                .flat_map(|t| {
                    (1..=t.periods_per_year()).map(move |i| Period::new(year, t, i).unwrap())
                })
            {
                let months = period.months();
                let w = period.cutoff_window();
                assert_eq!(w.start, months[0].cutoff_window().start, "{period}");
                assert_eq!(
                    w.end,
                    months[months.len() - 1].cutoff_window().end,
                    "{period}"
                );
            }
        }
    }

    #[test]
    fn cutoff_windows() {
        let check = |id: &str, start: NaiveDate, end: NaiveDate| {
            assert_eq!(p(id).cutoff_window(), window(start, end), "{id}");
        };
        check("2023-04", d(2023, 3, 15), d(2023, 4, 14));
        check("2023-01", d(2022, 12, 15), d(2023, 1, 14));
        check("2023Q1", d(2022, 12, 15), d(2023, 3, 14));
        check("2023Q2", d(2023, 3, 15), d(2023, 6, 14));
        check("2023Q4", d(2023, 9, 15), d(2023, 12, 14));
        check("2023S1", d(2022, 12, 15), d(2023, 6, 14));
        check("2023S2", d(2023, 6, 15), d(2023, 12, 14));
        check("2023", d(2022, 12, 15), d(2023, 12, 14));
    }

    #[test]
    fn calendar_windows() {
        let check = |id: &str, start: NaiveDate, end: NaiveDate| {
            assert_eq!(p(id).calendar_window(), window(start, end), "{id}");
        };
        check("2023-04", d(2023, 4, 1), d(2023, 4, 30));
        check("2023-02", d(2023, 2, 1), d(2023, 2, 28));
        check("2024-02", d(2024, 2, 1), d(2024, 2, 29));
        check("2100-02", d(2100, 2, 1), d(2100, 2, 28));
        check("2000-02", d(2000, 2, 1), d(2000, 2, 29));
        check("2023-12", d(2023, 12, 1), d(2023, 12, 31));
        check("2023Q2", d(2023, 4, 1), d(2023, 6, 30));
        check("2023S1", d(2023, 1, 1), d(2023, 6, 30));
        check("2023S2", d(2023, 7, 1), d(2023, 12, 31));
        check("2023", d(2023, 1, 1), d(2023, 12, 31));
        check("9999-12", d(9999, 12, 1), d(9999, 12, 31));
    }

    #[test]
    fn leap_years_change_window_lengths() {
        let check = |id: &str, calendar: i64, cutoff: i64| {
            assert_eq!(p(id).calendar_window().days(), calendar, "{id} calendar");
            assert_eq!(p(id).cutoff_window().days(), cutoff, "{id} cut-off");
        };
        check("2023-03", 31, 28);
        check("2024-03", 31, 29);
        check("2100-03", 31, 28);
        check("2000-03", 31, 29);
        check("2024-02", 29, 31);
        check("2024", 366, 366);
        check("2023", 365, 365);
        check("2024Q1", 91, 91);
    }

    #[test]
    fn stepping_across_year_boundaries() {
        let check = |id: &str, previous: &str, next: &str, last_year: &str| {
            let period = p(id);
            assert_eq!(period.previous(), p(previous), "{id} previous");
            assert_eq!(period.next(), p(next), "{id} next");
            assert_eq!(
                period.same_period_last_year(),
                p(last_year),
                "{id} last year"
            );
        };
        check("2023-01", "2022-12", "2023-02", "2022-01");
        check("2022-12", "2022-11", "2023-01", "2021-12");
        check("2023Q1", "2022Q4", "2023Q2", "2022Q1");
        check("2023Q4", "2023Q3", "2024Q1", "2022Q4");
        check("2023S1", "2022S2", "2023S2", "2022S1");
        check("2023S2", "2023S1", "2024S1", "2022S2");
        check("2023", "2022", "2024", "2022");
        assert_eq!(p("0001-01").checked_offset(-1), None);
        assert_eq!(p("9999-12").checked_offset(1), None);
        assert_eq!(p("2023-04").checked_offset(-16), Some(p("2021-12")));
        assert_eq!(p("2023Q2").checked_offset(i64::MAX), None);
    }

    #[test]
    fn months_containment_and_year_to_date() {
        let ids = |periods: Vec<Period>| periods.iter().map(Period::id).collect::<Vec<_>>();
        assert_eq!(ids(p("2023Q2").months()), ["2023-04", "2023-05", "2023-06"]);
        assert_eq!(ids(p("2023-04").months()), ["2023-04"]);
        assert_eq!(p("2023S2").months().len(), 6);
        assert_eq!(p("2023").months().len(), 12);
        assert_eq!(
            ids(p("2023-04").year_to_date_months()),
            ["2023-01", "2023-02", "2023-03", "2023-04"]
        );
        assert_eq!(p("2023Q2").year_to_date_months().len(), 6);
        let check = |outer: &str, inner: &str, expected: bool| {
            assert_eq!(p(outer).contains(&p(inner)), expected, "{outer} ⊇ {inner}");
        };
        check("2023Q2", "2023-04", true);
        check("2023Q2", "2023-06", true);
        check("2023Q2", "2023-07", false);
        check("2023Q2", "2022-04", false);
        check("2023S1", "2023Q2", true);
        check("2023S1", "2023Q3", false);
        check("2023", "2023S2", true);
        check("2023-04", "2023Q2", false);
        check("2023Q2", "2023Q2", true);
    }

    #[test]
    fn vietnamese_labels() {
        let check = |id: &str, label: &str| assert_eq!(p(id).label_vi(), label);
        check("2023-04", "tháng 4/2023");
        check("2023-12", "tháng 12/2023");
        check("2023Q1", "quý I năm 2023");
        check("2023Q2", "quý II năm 2023");
        check("2023Q4", "quý IV năm 2023");
        check("2023S1", "6 tháng đầu năm 2023");
        check("2023S2", "6 tháng cuối năm 2023");
        check("2023", "năm 2023");
    }

    #[test]
    fn orders_chronologically_then_by_type() {
        let mut periods: Vec<Period> = [
            "2024-01", "2023", "2023-02", "2023S1", "2023Q1", "2023-01", "2022-12", "2023S2",
            "2023-07", "2023Q3",
        ]
        .map(p)
        .to_vec();
        periods.sort();
        let sorted: Vec<String> = periods.iter().map(Period::id).collect();
        let expected = [
            "2022-12", "2023-01", "2023Q1", "2023S1", "2023", "2023-02", "2023-07", "2023Q3",
            "2023S2", "2024-01",
        ];
        assert_eq!(sorted, expected);
    }

    #[test]
    fn deserializes_from_id() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        let from = |id: &str| {
            let deserializer: StrDeserializer<'_, Error> = id.into_deserializer();
            Period::deserialize(deserializer)
        };
        assert_eq!(from("2023Q2").unwrap(), p("2023Q2"));
        assert!(
            from("2023Q5")
                .unwrap_err()
                .to_string()
                .contains("quarter must be Q1–Q4")
        );
    }

    #[test]
    fn date_windows() {
        let ytd = year_to_date(d(2023, 4, 13));
        assert_eq!(ytd, window(d(2023, 1, 1), d(2023, 4, 13)));
        assert_eq!(ytd.days(), 103);
        assert!(ytd.contains(d(2023, 1, 1)) && ytd.contains(d(2023, 4, 13)));
        assert!(!ytd.contains(d(2023, 4, 14)) && !ytd.contains(d(2022, 12, 31)));
        assert_eq!(window(d(2023, 4, 2), d(2023, 4, 1)).days(), 0);
        assert_eq!(window(d(2023, 4, 1), d(2023, 4, 1)).days(), 1);
    }
}
