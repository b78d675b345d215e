//! Figures over time for the dashboard: formulas of the catalogue's language evaluated for each
//! of the last N periods from the stored figures, and the chart of them (months as categories,
//! "T5/2022" … "T4/2023").
//!
//! ```ignore
//! let spec = SeriesChart {
//!     number: 1,
//!     title: "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
//!     kind: ChartKind::Line,
//!     unit: "%",
//!     decimals: 2,
//!     series: &[("Tỷ lệ trực tuyến", "N{DVC_TYLE_TRUCTUYEN}")],
//! };
//! let chart = series_chart(&store, None, april, 12, &spec).await?; // the province
//! let svg = baocao_charts::svg(&chart); // inline in the dashboard's HTML
//! ```

use baocao_core::format;
use baocao_core::period::{Period, PeriodType};
use baocao_engine::compile::check_reference;
use baocao_engine::{Evaluator, Missing};
use baocao_report::model::{Chart, ChartCategory, ChartKind, Series, Value};
use baocao_store::Store;

use crate::AppError;

/// The `count` periods ending with `last`, oldest first: for `2023-04` and 12, `2022-05` …
/// `2023-04`. Periods before year 1 are left out.
pub fn periods_ending(last: Period, count: usize) -> Vec<Period> {
    (0..count)
        .rev()
        .filter_map(|back| last.checked_offset(-(back as i64)))
        .collect()
}

/// A period's short label for a chart's axis: a month as "T5/2022", a quarter as "Q2/2023";
/// other periods as [`Period::label_vi`] ("6 tháng đầu năm 2023", "năm 2023").
pub fn short_label(period: Period) -> String {
    match period.period_type() {
        PeriodType::Month => format!("T{}/{}", period.index(), period.year()),
        PeriodType::Quarter => format!("Q{}/{}", period.index(), period.year()),
        _ => period.label_vi(),
    }
}

/// Each formula evaluated for each of the `count` periods ending with `last` (see
/// [`periods_ending`]), for an org unit (by id or code; `None`: the province), from the stored
/// figures: the result holds one row per formula, in order, each with one value per period,
/// oldest first.
///
/// Each period is loaded as [`crate::load_period`] loads it for the report (the figures of
/// the unit and every unit below it on the period's hierarchy, a quarter from its months), so
/// a value is the one the report of that period prints. A formula is written as in
/// `catalog.toml` and `report.toml` (`#{DVC_HOSO.QUAMANG}`, `N{DVC_TYLE_TRUCTUYEN.XA}`,
/// `prev(#{BC_BUUGUI})` …); a cell with parts is the sum of its parts. A period without a
/// figure the formula needs gives `None` (missing values propagate, as in the report's
/// charts), and so does a zero denominator. (For one data element's cell with the hierarchy
/// and units each value is of, see [`crate::aggregate::series`].)
///
/// Errors: [`AppError::Formula`] when a formula does not parse or names a code the catalogue
/// lacks (nothing else is read then); no catalogue; an unknown org unit; storage errors.
pub async fn series(
    store: &Store,
    org_unit: Option<&str>,
    last: Period,
    count: usize,
    formulas: &[&str],
) -> Result<Vec<Vec<Option<f64>>>, AppError> {
    let catalog = crate::catalog(store).await?;
    let mut parsed = Vec::with_capacity(formulas.len());
    for formula in formulas {
        let fail = |message: String| AppError::Formula {
            formula: (*formula).to_string(),
            message,
        };
        let expr = baocao_engine::expr::parse(formula).map_err(|e| fail(e.to_string()))?;
        for reference in expr.references() {
            check_reference(&catalog.catalog, reference).map_err(fail)?;
        }
        parsed.push(expr);
    }
    let mut rows = vec![Vec::with_capacity(count); parsed.len()];
    for period in periods_ending(last, count) {
        let data = match crate::load_period(store, period, org_unit).await {
            Ok(data) => Some(data),
            Err(AppError::NoData { .. }) => None,
            Err(e) => return Err(e),
        };
        for (row, expr) in rows.iter_mut().zip(&parsed) {
            row.push(data.as_ref().and_then(|data| {
                Evaluator::new(&data.catalog, &data.table)
                    .eval(expr, period, Missing::Propagate)
                    .value
            }));
        }
    }
    Ok(rows)
}

/// What a chart over time shows: its number and title, how it is drawn, its unit, the
/// decimals its values are printed with, and its series as (name in the legend, formula).
/// One chart has one unit: a count and a rate are two charts.
#[derive(Debug, Clone, Copy)]
pub struct SeriesChart<'a> {
    /// Its number ("Biểu đồ 1"); the caption is "Biểu đồ {number}. {title}".
    pub number: usize,
    /// Its title.
    pub title: &'a str,
    /// [`ChartKind::Line`] for levels and rates, [`ChartKind::StackedBars`] for the parts of a
    /// whole (dossiers by channel).
    pub kind: ChartKind,
    /// The unit, e.g. "hồ sơ", "%"; empty for none.
    pub unit: &'a str,
    /// Decimals the values are printed with ("70,96" has 2); the axis picks its own.
    pub decimals: u32,
    /// The series: (name, formula).
    pub series: &'a [(&'a str, &'a str)],
}

/// The chart of [`series`] over the `count` periods ending with `last`: the periods' short
/// labels as categories ("T5/2022" …), each value printed the Vietnamese way with
/// `spec.decimals`, `None` where a period has no figure (a line breaks there). Draw it with
/// `baocao_charts::svg` (inline in HTML) or `baocao_charts::png`.
///
/// Errors: as [`series`].
pub async fn series_chart(
    store: &Store,
    org_unit: Option<&str>,
    last: Period,
    count: usize,
    spec: &SeriesChart<'_>,
) -> Result<Chart, AppError> {
    let mut charts =
        series_charts(store, org_unit, last, count, std::slice::from_ref(spec)).await?;
    Ok(charts.remove(0))
}

/// Several charts of [`series_chart`] at once, each period loaded once for all of them (a
/// dashboard's charts): one chart per spec, in order.
///
/// Errors: as [`series`].
pub async fn series_charts(
    store: &Store,
    org_unit: Option<&str>,
    last: Period,
    count: usize,
    specs: &[SeriesChart<'_>],
) -> Result<Vec<Chart>, AppError> {
    let formulas: Vec<&str> = specs
        .iter()
        .flat_map(|spec| spec.series.iter().map(|(_, formula)| *formula))
        .collect();
    let mut values = series(store, org_unit, last, count, &formulas)
        .await?
        .into_iter();
    let categories: Vec<ChartCategory> = periods_ending(last, count)
        .into_iter()
        .map(|p| ChartCategory {
            label: short_label(p),
            note: None,
        })
        .collect();
    let mut charts = Vec::with_capacity(specs.len());
    for spec in specs {
        let series = spec
            .series
            .iter()
            .zip(values.by_ref())
            .map(|((name, _), values)| Series {
                name: (*name).to_string(),
                values: values
                    .into_iter()
                    .map(|v| {
                        v.map(|value| Value {
                            value,
                            text: format::decimal(value, spec.decimals),
                        })
                    })
                    .collect(),
            })
            .collect();
        charts.push(Chart {
            number: spec.number,
            title: spec.title.to_string(),
            kind: spec.kind,
            unit: spec.unit.to_string(),
            decimals: 0,
            categories: categories.clone(),
            series,
        });
    }
    Ok(charts)
}

/// The dashboard's charts for the built-in example's catalogue (`examples/ninh-thuan/`): the
/// online dossier rate by level, dossiers by channel, telephone and broadband subscribers,
/// their densities per 100 people, postal volume, and SOC security alerts by severity. A
/// department with another catalogue writes its own with its codes.
pub const EXAMPLE_DASHBOARD: [SeriesChart<'static>; 6] = [
    SeriesChart {
        number: 1,
        title: "Tỷ lệ hồ sơ tiếp nhận trực tuyến trên hệ thống Dịch vụ công tỉnh",
        kind: ChartKind::Line,
        unit: "%",
        decimals: 2,
        series: &[
            ("Toàn tỉnh", "N{DVC_TYLE_TRUCTUYEN}"),
            ("Cấp tỉnh", "N{DVC_TYLE_TRUCTUYEN.TINH}"),
            ("Cấp huyện", "N{DVC_TYLE_TRUCTUYEN.HUYEN}"),
            ("Cấp xã", "N{DVC_TYLE_TRUCTUYEN.XA}"),
        ],
    },
    SeriesChart {
        number: 2,
        title: "Hồ sơ tiếp nhận trên hệ thống Dịch vụ công tỉnh theo kênh (từ đầu năm)",
        kind: ChartKind::StackedBars,
        unit: "hồ sơ",
        decimals: 0,
        series: &[
            ("Trực tiếp", "#{DVC_HOSO.TRUCTIEP}"),
            ("Qua mạng", "#{DVC_HOSO.QUAMANG}"),
            ("Qua dịch vụ BCCI", "#{DVC_HOSO.BCCI}"),
        ],
    },
    SeriesChart {
        number: 3,
        title: "Thuê bao điện thoại và internet băng rộng",
        kind: ChartKind::Line,
        unit: "thuê bao",
        decimals: 0,
        series: &[
            ("Điện thoại", "#{VT_TB_DIENTHOAI}"),
            ("Internet băng rộng", "#{VT_INTERNET}"),
        ],
    },
    SeriesChart {
        number: 4,
        title: "Mật độ thuê bao trên 100 dân",
        kind: ChartKind::Line,
        unit: "thuê bao/100 dân",
        decimals: 1,
        series: &[
            ("Điện thoại", "N{VT_MATDO_DIENTHOAI}"),
            ("Internet băng rộng", "N{VT_MATDO_INTERNET}"),
        ],
    },
    SeriesChart {
        number: 5,
        title: "Sản lượng bưu chính (ước thực hiện)",
        kind: ChartKind::Line,
        unit: "bưu gửi, bưu phát",
        decimals: 0,
        series: &[("Bưu gửi", "#{BC_BUUGUI}"), ("Bưu phát", "#{BC_BUUPHAT}")],
    },
    SeriesChart {
        number: 6,
        title: "Cảnh báo an toàn thông tin trên Hệ thống giám sát SOC theo mức độ",
        kind: ChartKind::Line,
        unit: "cảnh báo",
        decimals: 0,
        series: &[
            ("Thấp", "#{CNTT_SOC_CANHBAO.THAP}"),
            ("Trung bình", "#{CNTT_SOC_CANHBAO.TRUNGBINH}"),
            ("Cao", "#{CNTT_SOC_CANHBAO.CAO}"),
            ("Nghiêm trọng", "#{CNTT_SOC_CANHBAO.NGHIEMTRONG}"),
        ],
    },
];
