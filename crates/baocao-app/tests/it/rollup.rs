//! One indicator over many areas (`aggregate::indicator_by_area`), reading only the data
//! elements it needs: on the 2025 example (communes → districts → province before 1/7/2025,
//! → Khánh Hòa after), with indicators added over a sum, a last value, an average, the
//! previous period and another indicator, every area's value is the one `load_on` and the
//! evaluator give for its report — month, quarter, half-year and year, on the hierarchy of
//! each date and of 1/1/2026 — on SQLite and PostgreSQL; and one value against the
//! example's generator by hand.

use baocao_app::AppError;
use baocao_app::aggregate::{self, Basis};
use baocao_core::period::Period;
use baocao_engine::Evaluator;
use baocao_files::SourceFile;
use baocao_store::testing::TestDatabase;
use baocao_store::{Backend, Store};
use chrono::NaiveDate;

use crate::example_2025::{example_2025_dir, hierarchy, old_communes, old_figures};

/// Indicators added to the 2025 example's catalogue for these tests.
const MORE_INDICATORS: &str = r##"
[[indicator]]
code = "WIFI_TREN_NGHIN_HOSO"
name = "Điểm Wi-Fi trên 1.000 hồ sơ trực tuyến"
numerator = "#{WIFI_DIEM} * 1000"
denominator = "#{HOSO_TIEPNHAN.TRUCTUYEN}"
decimals = 2
unit = "điểm/1.000 hồ sơ"
field = "bcvt"

[[indicator]]
code = "TOCDO_SO_KY_TRUOC"
name = "Tốc độ băng rộng cố định so với kỳ trước"
numerator = "#{BANGRONG_TOCDO}"
denominator = "prev(#{BANGRONG_TOCDO})"
factor = 100
decimals = 1
unit = "%"
field = "bcvt"

[[indicator]]
code = "TYLE_QUA_CHI_SO"
name = "Tỷ lệ hồ sơ trực tuyến, qua chỉ số khác"
numerator = "N{HOSO_TYLE_TRUCTUYEN} + C{MOT}"
decimals = 2
unit = "%"
field = "cntt"

[[constant]]
code = "MOT"
name = "Một"
value = 1
unit = "đơn vị"
source = "kiểm thử"
"##;

fn p(id: &str) -> Period {
    Period::parse(id).expect("a period")
}

async fn store_example(store: &Store) {
    let dir = example_2025_dir();
    let mut files = baocao_files::read_bundle_files(&dir).expect("the 2025 example reads");
    let text = format!("{}{MORE_INDICATORS}", files.catalog.text);
    files.catalog = SourceFile::from_text(&files.catalog.path, &text);
    let bundle =
        baocao_files::load_bundle_files(files).expect("the catalogue with more indicators");
    baocao_app::store_bundle(store, bundle)
        .await
        .expect("the 2025 example stores");
}

/// The values `load_on` and the evaluator give for each reference; `None` when the area has
/// no figure.
async fn through_load_on(
    store: &Store,
    references: &[&str],
    unit: &str,
    period: Period,
    basis: Basis,
) -> Vec<Option<f64>> {
    match aggregate::load_on(store, period, Some(unit), basis).await {
        Ok(a) => references
            .iter()
            .map(|reference| {
                let mut parts = reference.split('.');
                let code = parts.next().unwrap();
                let options: Vec<String> = parts.map(str::to_string).collect();
                Evaluator::new(&a.data.catalog, &a.data.table).indicator(code, &options, period)
            })
            .collect(),
        Err(AppError::NoData { .. }) => vec![None; references.len()],
        Err(e) => panic!("{unit} {period}: {e}"),
    }
}

async fn check_against_load_on(store: &Store) {
    let units: Vec<String> = ["58", "56", "582", "584", "22783", "22738:2025-07-01"]
        .map(str::to_string)
        .to_vec();
    let references = [
        "HOSO_TYLE_TRUCTUYEN",
        "WIFI_TREN_NGHIN_HOSO",
        "TOCDO_SO_KY_TRUOC",
        "TYLE_QUA_CHI_SO",
    ];
    let bases = [
        Basis::AtEachDate,
        Basis::On(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
    ];
    let mut compared = 0;
    let mut with_value = 0;
    for period in [
        "2025-03", "2025-06", "2025-07", "2025Q2", "2025Q3", "2025S1", "2025S2", "2025",
    ] {
        for basis in bases {
            let mut expected = Vec::new();
            for unit in &units {
                expected.push(through_load_on(store, &references, unit, p(period), basis).await);
            }
            for (r, reference) in references.iter().enumerate() {
                let got = aggregate::indicator_by_area(store, reference, &units, p(period), basis)
                    .await
                    .unwrap_or_else(|e| panic!("{reference} {period}: {e}"));
                assert_eq!(got.len(), units.len());
                for ((unit, area), expected) in units.iter().zip(&got).zip(&expected) {
                    assert_eq!(
                        area.value, expected[r],
                        "{reference} of {unit} for {period} on {basis:?}"
                    );
                    compared += 1;
                    with_value += usize::from(expected[r].is_some());
                }
            }
        }
    }
    assert_eq!(compared, 8 * 2 * 4 * 6);
    // Most areas have figures in most periods: the comparison is not one of empty results.
    assert!(with_value > compared / 2, "{with_value} of {compared}");
}

/// Ninh Thuận's online rate of the second quarter of 2025 from the generator's formulas: the
/// 62 communes' online dossiers of April–June over all their dossiers.
async fn check_by_hand(store: &Store) {
    let h = hierarchy();
    let communes = old_communes(&h).len();
    assert_eq!(communes, 62);
    let (mut online, mut all) = (0u64, 0u64);
    for i in 0..communes {
        for month in 4..=6 {
            let f = old_figures(i, month);
            online += f.online;
            all += f.direct + f.online;
        }
    }
    let got = aggregate::indicator_by_area(
        store,
        "HOSO_TYLE_TRUCTUYEN",
        &["58".to_string(), "584".to_string()],
        p("2025Q2"),
        Basis::AtEachDate,
    )
    .await
    .unwrap();
    let expected = online as f64 / all as f64 * 100.0;
    let value = got[0].value.expect("a rate");
    assert!((value - expected).abs() < 1e-9, "{value} ≠ {expected}");
    assert_eq!(got[0].unit.name, "Tỉnh Ninh Thuận");
    assert_eq!(got[0].units_present, 62);
    assert_eq!(got[1].unit.name, "Huyện Bác Ái");
    assert!(got[1].units_present > 0 && got[1].units_present < 62);
    let months: Vec<usize> = got[0]
        .coverage
        .iter()
        .map(|c| c.months_present.len())
        .collect();
    assert_eq!(months, vec![3], "one data element, three months");
}

async fn check_refusals(store: &Store) {
    let units = ["58".to_string()];
    let unknown =
        aggregate::indicator_by_area(store, "KHONG_CO", &units, p("2025"), Basis::AtEachDate).await;
    assert!(
        matches!(&unknown, Err(AppError::BadReference { reference, .. }) if reference == "KHONG_CO"),
        "{unknown:?}"
    );
    let bad_option = aggregate::indicator_by_area(
        store,
        "HOSO_TYLE_TRUCTUYEN.TRUCTIEP",
        &units,
        p("2025"),
        Basis::AtEachDate,
    )
    .await;
    assert!(
        matches!(bad_option, Err(AppError::BadReference { .. })),
        "{bad_option:?}"
    );
    let unknown_unit = aggregate::indicator_by_area(
        store,
        "HOSO_TYLE_TRUCTUYEN",
        &["99".to_string()],
        p("2025"),
        Basis::AtEachDate,
    )
    .await;
    assert!(
        matches!(&unknown_unit, Err(AppError::UnknownOrgUnit(u)) if u == "99"),
        "{unknown_unit:?}"
    );
}

#[tokio::test]
async fn indicator_by_area_equals_each_areas_report_on_both_backends() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDatabase::new(backend).await else {
            continue;
        };
        store_example(&db.store).await;
        check_against_load_on(&db.store).await;
        check_by_hand(&db.store).await;
        check_refusals(&db.store).await;
    }
}
