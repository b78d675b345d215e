//! Quarters, half-years and years aggregated from monthly figures stored through the store,
//! on SQLite and PostgreSQL, against values computed by hand.

use baocao_app::aggregate::{self, AggregatedPeriod};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::orgunit::{OrgUnit, OrgUnitLevel, OrgUnitVersion};
use baocao_core::period::Period;
use baocao_core::value::{DataValue, StatedIndicatorValue, TypedNumber, ValueOrigin};
use baocao_engine::Evaluator;
use baocao_store::testing::TestDatabase;
use baocao_store::{Backend, Dataset, Store};
use chrono::NaiveDate;

use crate::helpers::example_dir;

fn p(id: &str) -> Period {
    Period::parse(id).expect("a period")
}

fn number(value: f64) -> TypedNumber {
    TypedNumber {
        value,
        decimals: 0,
        as_typed: baocao_core::format::decimal(value, 0),
    }
}

fn figure(de: &str, options: &[&str], period: Period, value: f64) -> DataValue {
    DataValue {
        data_element: de.to_string(),
        category_option_combo: CategoryOptionCombo::new(
            options.iter().map(|o| o.to_string()).collect(),
        ),
        org_unit: "58".to_string(),
        period,
        number: number(value),
        origin: ValueOrigin::Typed,
        stored_by: "kiểm thử".to_string(),
        stored_at: None,
        comment: None,
    }
}

/// The monthly figures of 2023 the tests aggregate:
/// - BC_BUUGUI (sum): 100 × month + 1, none in May;
/// - CNTT_EMAIL_TAIKHOAN (last value): 5 000 + 10 × month, none in December;
/// - CNTT_EMAIL_THURAC (average): 100, 200, 300, 300, 330, 360, then 400 to 450 by 10;
/// - DVC_HOSO (year to date), cấp tỉnh: qua mạng month², trực tiếp 100 × month, the total
///   stated too, and a stated online rate of 50,00% that is wrong every month;
/// - CNTT_PAHT_LUYKE (cumulative): 1 000 + 7 × month.
fn monthly_figures() -> (Vec<DataValue>, Vec<StatedIndicatorValue>) {
    let average = [
        100.0, 200.0, 300.0, 300.0, 330.0, 360.0, 400.0, 410.0, 420.0, 430.0, 440.0, 450.0,
    ];
    let mut values = Vec::new();
    let mut stated = Vec::new();
    for month in 1..=12u32 {
        let period = Period::month(2023, month).expect("a month");
        let m = f64::from(month);
        if month != 5 {
            values.push(figure("BC_BUUGUI", &[], period, 100.0 * m + 1.0));
        }
        if month != 12 {
            values.push(figure(
                "CNTT_EMAIL_TAIKHOAN",
                &[],
                period,
                5000.0 + 10.0 * m,
            ));
        }
        values.push(figure(
            "CNTT_EMAIL_THURAC",
            &[],
            period,
            average[month as usize - 1],
        ));
        values.push(figure("DVC_HOSO", &["TINH", "QUAMANG"], period, m * m));
        values.push(figure("DVC_HOSO", &["TINH", "TRUCTIEP"], period, 100.0 * m));
        values.push(figure("DVC_HOSO", &["TINH"], period, m * m + 100.0 * m));
        values.push(figure("CNTT_PAHT_LUYKE", &[], period, 1000.0 + 7.0 * m));
        stated.push(StatedIndicatorValue {
            indicator: "DVC_TYLE_TRUCTUYEN".to_string(),
            category_option_combo: CategoryOptionCombo::total(),
            org_unit: "58".to_string(),
            period,
            number: TypedNumber {
                value: 50.0,
                decimals: 2,
                as_typed: "50,00".to_string(),
            },
            stored_by: "kiểm thử".to_string(),
            comment: None,
        });
    }
    (values, stated)
}

/// The example's catalogue, template and province with the monthly figures of 2023.
pub async fn store_monthly(store: &Store) {
    let read = |name: &str| {
        std::fs::read_to_string(example_dir().join(name)).expect("a file of the example")
    };
    let (values, stated) = monthly_figures();
    let province = OrgUnit {
        id: "58".to_string(),
        code: "58".to_string(),
        level: OrgUnitLevel::Tinh,
        kind: Default::default(),
        versions: vec![OrgUnitVersion {
            valid_from: NaiveDate::from_ymd_opt(1992, 4, 1).unwrap(),
            valid_to: Some(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()),
            name: "Tỉnh Ninh Thuận".to_string(),
            parent: None,
        }],
    };
    let dataset = Dataset {
        catalog_source: Some(("catalog.toml".to_string(), read("catalog.toml"))),
        template_source: Some(("report.toml".to_string(), read("report.toml"))),
        org_units: vec![province],
        successions: Vec::new(),
        values,
        stated,
        documents: Vec::new(),
        tasks: Vec::new(),
        narratives: Vec::new(),
        report_issues: Vec::new(),
        replace_periods: Vec::new(),
        replace_registers: true,
        catalog_codes: None,
    };
    store
        .save_dataset(&dataset)
        .await
        .expect("the figures store");
}

fn value(a: &AggregatedPeriod, de: &str, options: &[&str]) -> Option<f64> {
    Evaluator::new(&a.data.catalog, &a.data.table).data_element(de, options, a.data.period)
}

fn indicator(a: &AggregatedPeriod, code: &str) -> Option<f64> {
    Evaluator::new(&a.data.catalog, &a.data.table).indicator(code, &[], a.data.period)
}

#[track_caller]
fn close(actual: Option<f64>, expected: f64, what: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{what}: no value"));
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{what}: expected {expected}, got {actual}"
    );
}

async fn check_quarter_half_year_and_year(store: &Store, backend: Backend) {
    let load = |id: &'static str| async move {
        aggregate::load(store, p(id), None)
            .await
            .unwrap_or_else(|e| panic!("{backend:?} {id}: {e}"))
    };
    let q2 = load("2023Q2").await;
    close(value(&q2, "BC_BUUGUI", &[]), 1002.0, "Q2 sum: 401 + 601");
    close(
        value(&q2, "CNTT_EMAIL_TAIKHOAN", &[]),
        5060.0,
        "Q2 last: June",
    );
    close(
        value(&q2, "CNTT_EMAIL_THURAC", &[]),
        330.0,
        "Q2 average: (300 + 330 + 360) ÷ 3",
    );
    close(
        value(&q2, "DVC_HOSO", &[]),
        636.0,
        "Q2 year to date: June's 36 + 600",
    );
    close(value(&q2, "DVC_HOSO", &["QUAMANG"]), 36.0, "Q2 online");
    close(
        indicator(&q2, "DVC_TYLE_TRUCTUYEN"),
        3600.0 / 636.0,
        "Q2 online rate recomputed: 36 ÷ 636 × 100, not the stated 50",
    );
    close(
        value(&q2, "CNTT_PAHT_LUYKE", &[]),
        1042.0,
        "Q2 cumulative: June",
    );
    close(
        indicator(&q2, "BC_TANG_BUUGUI"),
        (1002.0 - 603.0) / 603.0 * 100.0,
        "Q2 growth on Q1 (101 + 201 + 301)",
    );
    assert!(
        q2.notes
            .iter()
            .any(|n| n.ends_with("(BC_BUUGUI): số liệu 2/3 tháng, thiếu tháng 5/2023.")),
        "{:#?}",
        q2.notes
    );
    assert_eq!(q2.units, ["58"]);

    let s1 = load("2023S1").await;
    close(value(&s1, "BC_BUUGUI", &[]), 1605.0, "S1 sum without May");
    close(
        value(&s1, "CNTT_EMAIL_TAIKHOAN", &[]),
        5060.0,
        "S1 last: June",
    );
    close(
        value(&s1, "CNTT_EMAIL_THURAC", &[]),
        265.0,
        "S1 average: 1 590 ÷ 6",
    );
    close(value(&s1, "DVC_HOSO", &[]), 636.0, "S1 year to date: June");
    close(
        value(&s1, "CNTT_PAHT_LUYKE", &[]),
        1042.0,
        "S1 cumulative: June",
    );

    let year = load("2023").await;
    close(
        value(&year, "BC_BUUGUI", &[]),
        7311.0,
        "year sum: 7 812 − May's 501",
    );
    close(
        value(&year, "CNTT_EMAIL_TAIKHOAN", &[]),
        5110.0,
        "year last: November, December missing",
    );
    close(
        value(&year, "CNTT_EMAIL_THURAC", &[]),
        345.0,
        "year average: 4 140 ÷ 12",
    );
    close(
        value(&year, "DVC_HOSO", &[]),
        1344.0,
        "year to date: December",
    );
    close(
        indicator(&year, "DVC_TYLE_TRUCTUYEN"),
        14400.0 / 1344.0,
        "year online rate from December's parts",
    );
    close(
        value(&year, "CNTT_PAHT_LUYKE", &[]),
        1084.0,
        "year cumulative",
    );
    let last = year
        .coverage
        .iter()
        .find(|c| c.data_element == "CNTT_EMAIL_TAIKHOAN");
    assert_eq!(
        last.map(|c| c.notes_vi()),
        Some(vec![
            "số liệu 11/12 tháng, thiếu tháng 12/2023; giá trị cuối kỳ là của tháng 11/2023"
                .to_string()
        ])
    );
    // A month is still a month of the province as stored.
    let april = load("2023-04").await;
    close(value(&april, "DVC_HOSO", &[]), 416.0, "April");
    assert!(april.notes.is_empty(), "{:?}", april.notes);
}

#[tokio::test]
async fn quarter_half_year_and_year_from_months_on_both_backends() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDatabase::new(backend).await else {
            continue;
        };
        store_monthly(&db.store).await;
        check_quarter_half_year_and_year(&db.store, backend).await;
    }
}

#[tokio::test]
async fn a_quarter_reports_and_validates_with_its_own_wording() {
    let Some(db) = TestDatabase::new(Backend::Sqlite).await else {
        return;
    };
    store_monthly(&db.store).await;
    let q2 = aggregate::load(&db.store, p("2023Q2"), None).await.unwrap();
    let issue = q2.data.issue.clone().expect("a draft issue");
    assert_eq!(issue.number, None);
    assert_eq!(
        issue.issued_on,
        NaiveDate::from_ymd_opt(2023, 6, 14).unwrap()
    );
    assert!(
        q2.notes
            .iter()
            .any(|n| n.starts_with("Chưa có số, ngày ban hành của báo cáo quý II năm 2023")),
        "{:#?}",
        q2.notes
    );
    let built = aggregate::build_report(&db.store, &q2).await.unwrap();
    let markdown = String::from_utf8(
        baocao_app::write_report(&built.document, baocao_app::ReportFormat::Markdown).unwrap(),
    )
    .unwrap();
    assert!(
        markdown.contains("Tình hình thực hiện nhiệm vụ quý II năm 2023"),
        "{markdown}"
    );
    assert!(markdown.contains("quý III năm 2023"));
    assert!(markdown.contains("KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ II NĂM 2023"));
    assert!(
        built
            .warnings
            .iter()
            .any(|w| w.contains("số liệu 2/3 tháng, thiếu tháng 5/2023")),
        "{:#?}",
        built.warnings
    );
    // The stated rate of each month is not a figure of the quarter: nothing to compare.
    let report = baocao_app::validate(&q2.data);
    assert!(
        report
            .violations
            .iter()
            .all(|v| !v.rule_code.starts_with("TYLE:") && !v.rule_code.starts_with("TONG:")),
        "{:#?}",
        report.violations
    );
    // The same month's stated rate is compared, and is wrong.
    let april = baocao_app::load_period(&db.store, p("2023-04"), None)
        .await
        .unwrap();
    assert!(
        baocao_app::validate(&april)
            .violations
            .iter()
            .any(|v| v.rule_code == "TYLE:DVC_TYLE_TRUCTUYEN")
    );
}

#[tokio::test]
async fn a_period_without_figures_is_a_clear_error() {
    let Some(db) = TestDatabase::new(Backend::Sqlite).await else {
        return;
    };
    store_monthly(&db.store).await;
    let error = aggregate::load(&db.store, p("2024Q1"), None)
        .await
        .expect_err("nothing stored for 2024");
    assert_eq!(error.to_string(), "no figures are stored for 2024Q1 (58)");
}
