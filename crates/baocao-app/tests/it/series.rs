//! Series over twelve months for the dashboard: formulas evaluated for each month from the
//! stored figures (cells computed from their parts, indicators recomputed), a month without
//! figures giving `None`, and the chart of them with month labels.

use baocao_app::series::EXAMPLE_DASHBOARD;
use baocao_app::{
    AppError, SeriesChart, periods_ending, series, series_chart, series_charts, short_label,
};
use baocao_core::format;
use baocao_core::period::Period;
use baocao_report::model::ChartKind;

use crate::helpers::{Folder, april, empty_db, example_db};

fn period(id: &str) -> Period {
    Period::parse(id).expect("period")
}

fn printed(values: &[Option<f64>], decimals: u32) -> Vec<Option<String>> {
    values
        .iter()
        .map(|v| v.map(|v| format::decimal(v, decimals)))
        .collect()
}

#[test]
fn twelve_months_end_with_the_period_and_are_labelled_for_an_axis() {
    let months = periods_ending(april(), 12);
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], period("2022-05"));
    assert_eq!(months[11], april());
    let labels: Vec<String> = months.into_iter().map(short_label).collect();
    assert_eq!(labels[..3], ["T5/2022", "T6/2022", "T7/2022"]);
    assert_eq!(labels[7..9], ["T12/2022", "T1/2023"]);
    assert_eq!(short_label(period("2023Q2")), "Q2/2023");
    assert_eq!(short_label(period("2023")), "năm 2023");
    assert_eq!(
        periods_ending(period("2023Q2"), 3),
        [period("2022Q4"), period("2023Q1"), period("2023Q2")]
    );
}

#[tokio::test]
async fn the_example_has_april_and_the_march_it_derives() {
    let db = example_db().await;
    let values = series(
        &db.store,
        Some("58"),
        april(),
        12,
        &[
            "#{BC_BUUGUI}",
            "N{DVC_TYLE_TRUCTUYEN}",
            "#{DVC_HOSO.XA}",
            "#{BC_BUUGUI} - prev(#{BC_BUUGUI})",
        ],
    )
    .await
    .expect("series");
    assert_eq!(values.len(), 4);
    let none = vec![None; 10];
    let postal = printed(&values[0], 0);
    assert_eq!(postal[..10], none[..]);
    assert_eq!(
        postal[10..],
        [Some("330.277".to_string()), Some("346.791".to_string())],
        "March derived from April's stated growth"
    );
    let rate = printed(&values[1], 2);
    assert_eq!(rate[..11], vec![None; 11][..]);
    assert_eq!(rate[11].as_deref(), Some("70,96"));
    let commune = printed(&values[2], 0);
    assert_eq!(
        commune[11].as_deref(),
        Some("22.155"),
        "the sum of its parts, not the typed 22.115"
    );
    let growth = printed(&values[3], 0);
    assert_eq!(growth[11].as_deref(), Some("16.514"));
    assert_eq!(growth[10], None, "February has no figure");
}

/// Dossiers per level and channel of a month: (TRUCTIEP, QUAMANG, BCCI) for TINH, HUYEN, XA.
fn dossiers(month: u32) -> [[u32; 3]; 3] {
    let m = month;
    [
        [9000 + 40 * m, 20000 + 800 * m, 100 + m],
        [900 + 10 * m, 2500 + 80 * m, 0],
        [6000 + 90 * m, 9000 + 500 * m, 0],
    ]
}

/// SOC alerts of a month by severity: THAP, TRUNGBINH, CAO, NGHIEMTRONG.
fn alerts(month: u32) -> [u32; 4] {
    [
        7000 + 90 * month,
        6100 + 80 * month,
        420 - 3 * month,
        260 - 2 * month,
    ]
}

/// A data file of the month `index` (1 = May 2022 … 10 = February 2023).
fn data_file(p: Period, index: u32) -> String {
    let mut text = format!(
        "period = \"{}\"\norg_unit = \"58\"\nstored_by = \"Văn phòng Sở\"\n",
        p.id()
    );
    let levels = ["TINH", "HUYEN", "XA"];
    let channels = ["TRUCTIEP", "QUAMANG", "BCCI"];
    for (l, level) in levels.iter().enumerate() {
        for (c, channel) in channels.iter().enumerate() {
            text.push_str(&format!(
                "\n[[value]]\nde = \"DVC_HOSO\"\ncoc = \"{level}.{channel}\"\nvalue = \"{}\"\n",
                format::decimal(f64::from(dossiers(index)[l][c]), 0)
            ));
        }
    }
    let severities = ["THAP", "TRUNGBINH", "CAO", "NGHIEMTRONG"];
    for (s, severity) in severities.iter().enumerate() {
        text.push_str(&format!(
            "\n[[value]]\nde = \"CNTT_SOC_CANHBAO\"\ncoc = \"{severity}\"\nvalue = \"{}\"\n",
            format::decimal(f64::from(alerts(index)[s]), 0)
        ));
    }
    text
}

/// The example with ten more months of dossiers and alerts, May 2022 to February 2023, but
/// none for October 2022.
async fn twelve_months() -> crate::helpers::TestDb {
    let folder = Folder::example_copy();
    for (i, p) in periods_ending(period("2023-02"), 10)
        .into_iter()
        .enumerate()
    {
        if p == period("2022-10") {
            continue;
        }
        let path = folder.path().join(format!("data/{}.toml", p.id()));
        std::fs::write(path, data_file(p, i as u32 + 1)).expect("write data file");
    }
    let db = empty_db().await;
    baocao_app::load_folder(&db.store, folder.path())
        .await
        .unwrap_or_else(|e| panic!("the twelve months load: {e}"));
    db
}

#[tokio::test]
async fn twelve_months_of_rates_channels_and_alerts() {
    let db = twelve_months().await;
    let values = series(
        &db.store,
        Some("58"),
        april(),
        12,
        &[
            "N{DVC_TYLE_TRUCTUYEN}",
            "#{DVC_HOSO.TRUCTIEP}",
            "#{DVC_HOSO.QUAMANG}",
            "#{CNTT_SOC_CANHBAO.NGHIEMTRONG}",
            "#{CNTT_SOC_CANHBAO}",
        ],
    )
    .await
    .expect("series");
    for (m, month) in periods_ending(april(), 12).into_iter().enumerate() {
        let index = m as u32 + 1;
        let (rate, walk_in, online, severe, all_alerts) = match month.id().as_str() {
            "2022-10" => (None, None, None, None, None),
            // March 2023: the example stores only its derived postal figures.
            "2023-03" => (None, None, None, None, None),
            "2023-04" => (
                Some(47934.0 * 100.0 / 67555.0),
                Some(11380.0 + 1013.0 + 7081.0),
                Some(47934.0),
                Some(235.0),
                Some(8080.0 + 7119.0 + 389.0 + 235.0),
            ),
            _ => {
                let d = dossiers(index);
                let walk_in = f64::from(d[0][0] + d[1][0] + d[2][0]);
                let online = f64::from(d[0][1] + d[1][1] + d[2][1]);
                let total: f64 = d.iter().flatten().map(|v| f64::from(*v)).sum();
                let a = alerts(index);
                (
                    Some(online * 100.0 / total),
                    Some(walk_in),
                    Some(online),
                    Some(f64::from(a[3])),
                    Some(f64::from(a.iter().sum::<u32>())),
                )
            }
        };
        let close = |got: Option<f64>, want: Option<f64>, what: &str| match (got, want) {
            (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{what} {}: {g} ≠ {w}", month.id()),
            (g, w) => assert_eq!(g, w, "{what} {}", month.id()),
        };
        close(values[0][m], rate, "online rate");
        close(values[1][m], walk_in, "walk-in dossiers");
        close(values[2][m], online, "online dossiers");
        close(values[3][m], severe, "severe alerts");
        close(values[4][m], all_alerts, "all alerts");
    }
    // May 2022: 20.800 + 2.580 + 9.500 = 32.880 online of 49.021 dossiers, 67,07 %.
    assert_eq!(printed(&values[0], 2)[0].as_deref(), Some("67,07"));
}

#[tokio::test]
async fn the_dashboard_chart_of_dossiers_by_channel() {
    let db = twelve_months().await;
    let spec = SeriesChart {
        number: 1,
        title: "Hồ sơ tiếp nhận trên hệ thống Dịch vụ công tỉnh theo kênh",
        kind: ChartKind::StackedBars,
        unit: "hồ sơ",
        decimals: 0,
        series: &[
            ("Trực tiếp", "#{DVC_HOSO.TRUCTIEP}"),
            ("Qua mạng", "#{DVC_HOSO.QUAMANG}"),
            ("Qua BCCI", "#{DVC_HOSO.BCCI}"),
        ],
    };
    let chart = series_chart(&db.store, None, april(), 12, &spec)
        .await
        .expect("chart");
    let labels: Vec<&str> = chart.categories.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels[0], "T5/2022");
    assert_eq!(labels[11], "T4/2023");
    assert_eq!(chart.series.len(), 3);
    let online: Vec<Option<&str>> = chart.series[1]
        .values
        .iter()
        .map(|v| v.as_ref().map(|v| v.text.as_str()))
        .collect();
    assert_eq!(online[0], Some("32.880"), "20.800 + 2.580 + 9.500");
    assert_eq!(online[5], None, "October 2022");
    assert_eq!(online[11], Some("47.934"));
    assert_eq!(
        chart.caption(),
        "Biểu đồ 1. Hồ sơ tiếp nhận trên hệ thống Dịch vụ công tỉnh theo kênh"
    );
    let svg = baocao_charts::svg(&chart);
    assert!(
        svg.contains("<title>Qua mạng, T4/2023: 47.934</title>"),
        "{svg}"
    );
    if let Some(dir) = std::env::var_os("BAOCAO_CHART_OUT") {
        let png = baocao_charts::png(&chart, 1200).expect("PNG");
        std::fs::write(std::path::Path::new(&dir).join("app-dossiers.png"), png).expect("write");
    }
}

#[tokio::test]
async fn a_formula_that_is_wrong_is_refused_with_the_formula() {
    let db = example_db().await;
    for (formula, expected) in [
        ("#{DVC_HOSO.KHONGCO}", "KHONGCO"),
        ("#{KHONGCO}", "KHONGCO"),
        ("#{DVC_HOSO", "character"),
    ] {
        match series(&db.store, None, april(), 12, &[formula]).await {
            Err(AppError::Formula {
                formula: f,
                message,
            }) => {
                assert_eq!(f, formula);
                assert!(message.contains(expected), "{formula}: {message}");
            }
            other => panic!("{formula}: expected a formula error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_example_dashboard_shows_the_figures_of_the_april_report() {
    let db = twelve_months().await;
    let charts = series_charts(&db.store, None, april(), 12, &EXAMPLE_DASHBOARD)
        .await
        .expect("the example's dashboard");
    assert_eq!(charts.len(), 6);
    // (chart, series) → its last two values, March and April 2023, as the report prints them.
    let last_two = |c: usize, s: usize| -> Vec<Option<String>> {
        charts[c].series[s].values[10..]
            .iter()
            .map(|v| v.as_ref().map(|v| v.text.clone()))
            .collect()
    };
    let some = |a: Option<&str>, b: &str| vec![a.map(str::to_string), Some(b.to_string())];
    assert_eq!(last_two(0, 0), some(None, "70,96"));
    assert_eq!(last_two(0, 1), some(None, "71,88"));
    assert_eq!(last_two(0, 2), some(None, "77,02"));
    assert_eq!(last_two(0, 3), some(None, "68,04"));
    assert_eq!(last_two(1, 1), some(None, "47.934"));
    assert_eq!(last_two(2, 0), some(None, "691.872"));
    assert_eq!(last_two(2, 1), some(None, "338.880"));
    assert_eq!(last_two(3, 0), some(None, "116,1"));
    assert_eq!(last_two(3, 1), some(None, "56,9"));
    assert_eq!(last_two(4, 0), some(Some("330.277"), "346.791"));
    assert_eq!(last_two(4, 1), some(Some("334.979"), "351.292"));
    assert_eq!(last_two(5, 0), some(None, "8.080"));
    assert_eq!(last_two(5, 3), some(None, "235"));
    // The ten months the test stored: rates and alerts from May 2022, but October.
    let rate = &charts[0].series[0].values;
    assert_eq!(rate.iter().take(10).filter(|v| v.is_some()).count(), 9);
    assert_eq!(rate[0].as_ref().map(|v| v.text.as_str()), Some("67,07"));
    for chart in &charts {
        assert_eq!(chart.categories.len(), 12);
        let svg = baocao_charts::svg(chart);
        assert!(svg.contains(">T4/2023</text>"), "{}", chart.title);
        if let Some(dir) = std::env::var_os("BAOCAO_CHART_OUT") {
            let png = baocao_charts::png(chart, 1200).expect("PNG");
            let name = format!("dashboard-{}.png", chart.number);
            std::fs::write(std::path::Path::new(&dir).join(name), png).expect("write");
        }
    }
}
