//! The 2025 hierarchy of Ninh Thuận (examples/ninh-thuan-2025/): communes rolled up to their
//! districts and province before 1/7/2025 and to Khánh Hòa after, series of Ninh Thuận's
//! area on the hierarchy of each date and on today's, on SQLite and PostgreSQL, against
//! values computed by hand; and the generated example loaded and reported.

use baocao_app::aggregate::{self, AggregatedPeriod, Basis};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::orgunit::Hierarchy;
use baocao_core::period::Period;
use baocao_core::value::{DataValue, TypedNumber, ValueOrigin};
use baocao_engine::Evaluator;
use baocao_store::testing::TestDatabase;
use baocao_store::{Backend, Dataset, Store};
use chrono::NaiveDate;

use crate::example_2025::{
    example_2025_dir, new_communes, new_figures, ninh_thuan_2025, old_figures,
};

fn p(id: &str) -> Period {
    Period::parse(id).expect("a period")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn figure(org_unit: &str, de: &str, coc: Option<&str>, period: &str, text: &str) -> DataValue {
    let parsed = baocao_core::format::parse_number(text).expect("a Vietnamese number");
    DataValue {
        data_element: de.to_string(),
        category_option_combo: CategoryOptionCombo::new(
            coc.map(str::to_string).into_iter().collect(),
        ),
        org_unit: org_unit.to_string(),
        period: p(period),
        number: TypedNumber {
            value: parsed.value,
            decimals: parsed.decimals,
            as_typed: text.to_string(),
        },
        origin: ValueOrigin::Typed,
        stored_by: "kiểm thử".to_string(),
        stored_at: None,
        comment: None,
    }
}

/// Four communes in June 2025 and two new communes in July, by hand:
///
/// | unit | month | trực tiếp | trực tuyến | Wi-Fi | Mbit/s |
/// |---|---|---|---|---|---|
/// | 22783 Xã Phước Bình (Bác Ái) | 6 | 10 | 5 | 2 | 50,0 |
/// | 22786 Xã Phước Hòa (Bác Ái) | 6 | 20 | 15 | 3 | 60,0 |
/// | 22789 Xã Phước Tân (Bác Ái) | 6 | 30 | 25 | 1 | 70,0 |
/// | 22810 Thị trấn Tân Sơn (Ninh Sơn) | 6 | 40 | 35 | 4 | 80,0 |
/// | 22786:2025-07-01 Xã Bác Ái Tây | 7 | 70 | 50 | 7 | 66,0 |
/// | 22810:2025-07-01 Xã Ninh Sơn | 7 | 45 | 40 | 5 | 81,0 |
fn handmade() -> Vec<DataValue> {
    let rows = [
        ("22783", "2025-06", "10", "5", "2", "50,0"),
        ("22786", "2025-06", "20", "15", "3", "60,0"),
        ("22789", "2025-06", "30", "25", "1", "70,0"),
        ("22810", "2025-06", "40", "35", "4", "80,0"),
        ("22786:2025-07-01", "2025-07", "70", "50", "7", "66,0"),
        ("22810:2025-07-01", "2025-07", "45", "40", "5", "81,0"),
    ];
    rows.iter()
        .flat_map(|(unit, period, direct, online, wifi, speed)| {
            [
                figure(unit, "HOSO_TIEPNHAN", Some("TRUCTIEP"), period, direct),
                figure(unit, "HOSO_TIEPNHAN", Some("TRUCTUYEN"), period, online),
                figure(unit, "WIFI_DIEM", None, period, wifi),
                figure(unit, "BANGRONG_TOCDO", None, period, speed),
            ]
        })
        .collect()
}

async fn store_handmade(store: &Store) {
    let read = |name: &str| {
        std::fs::read_to_string(example_2025_dir().join(name)).expect("a file of the example")
    };
    let dataset = Dataset {
        catalog_source: Some(("catalog.toml".to_string(), read("catalog.toml"))),
        template_source: Some(("report.toml".to_string(), read("report.toml"))),
        org_units: ninh_thuan_2025().units,
        successions: ninh_thuan_2025().successions,
        values: handmade(),
        stated: Vec::new(),
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

async fn load(store: &Store, period: &str, unit: &str) -> AggregatedPeriod {
    aggregate::load(store, p(period), Some(unit))
        .await
        .unwrap_or_else(|e| panic!("{unit} {period}: {e}"))
}

fn value(a: &AggregatedPeriod, reference: &str) -> Option<f64> {
    let mut parts = reference.split('.');
    let code = parts.next().unwrap();
    let options: Vec<&str> = parts.collect();
    Evaluator::new(&a.data.catalog, &a.data.table).data_element(code, &options, a.data.period)
}

#[track_caller]
fn close(actual: Option<f64>, expected: f64, what: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{what}: no value"));
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{what}: expected {expected}, got {actual}"
    );
}

async fn check_roll_up(store: &Store) {
    // Before 1/7/2025: communes → districts → province.
    let bac_ai = load(store, "2025-06", "584").await;
    close(
        value(&bac_ai, "HOSO_TIEPNHAN"),
        105.0,
        "Bác Ái: 15 + 35 + 55",
    );
    close(
        value(&bac_ai, "HOSO_TIEPNHAN.TRUCTUYEN"),
        45.0,
        "Bác Ái online",
    );
    close(value(&bac_ai, "WIFI_DIEM"), 6.0, "Bác Ái Wi-Fi: 2 + 3 + 1");
    close(
        value(&bac_ai, "BANGRONG_TOCDO"),
        60.0,
        "Bác Ái speed: the mean",
    );
    close(
        Evaluator::new(&bac_ai.data.catalog, &bac_ai.data.table).indicator(
            "HOSO_TYLE_TRUCTUYEN",
            &[],
            p("2025-06"),
        ),
        45.0 / 105.0 * 100.0,
        "Bác Ái online rate from the summed parts",
    );
    assert_eq!(bac_ai.units, ["22783", "22786", "22789"]);
    let ninh_son = load(store, "2025-06", "585").await;
    close(value(&ninh_son, "HOSO_TIEPNHAN"), 75.0, "Ninh Sơn");
    let province = load(store, "2025-06", "58").await;
    close(
        value(&province, "HOSO_TIEPNHAN"),
        180.0,
        "Ninh Thuận: 105 + 75",
    );
    close(value(&province, "WIFI_DIEM"), 10.0, "Ninh Thuận Wi-Fi");
    close(
        value(&province, "BANGRONG_TOCDO"),
        65.0,
        "Ninh Thuận speed: mean of 4 communes",
    );
    let khanh_hoa_june = aggregate::load(store, p("2025-06"), Some("56")).await;
    assert!(
        matches!(khanh_hoa_june, Err(baocao_app::AppError::NoData { .. })),
        "Khánh Hòa had none of these communes in June: {khanh_hoa_june:?}"
    );

    // From 1/7/2025: new communes → Khánh Hòa.
    let khanh_hoa = load(store, "2025-07", "56").await;
    close(
        value(&khanh_hoa, "HOSO_TIEPNHAN"),
        205.0,
        "Khánh Hòa: 120 + 85",
    );
    close(value(&khanh_hoa, "WIFI_DIEM"), 12.0, "Khánh Hòa Wi-Fi");
    close(value(&khanh_hoa, "BANGRONG_TOCDO"), 73.5, "Khánh Hòa speed");
    // Ninh Thuận no longer exists: its area is the communes that succeeded its communes.
    let gone = load(store, "2025-07", "58").await;
    close(
        value(&gone, "HOSO_TIEPNHAN"),
        205.0,
        "Ninh Thuận's area in July",
    );
    assert!(
        gone.notes.contains(
            &"Tỉnh Ninh Thuận không còn từ ngày 01/7/2025; địa bàn nay là 24 đơn vị của Tỉnh Khánh Hòa kế thừa."
                .to_string()
        ),
        "{:#?}",
        gone.notes
    );
    // Its area includes the split commune, whose figures go whole to one successor.
    let split = "Phường Đông Hải (mã 22768) được chia cho Xã Phước Dinh (mã 22888) và Phường Đông Hải (mã 22780) từ ngày 01/7/2025; số liệu không chia được nên tính cả cho Phường Đông Hải (đơn vị giữ tên cũ).";
    assert!(gone.notes.iter().any(|n| n == split), "{:#?}", gone.notes);
    let bac_ai_area = load(store, "2025-07", "584").await;
    close(
        value(&bac_ai_area, "HOSO_TIEPNHAN"),
        120.0,
        "Bác Ái's area: Xã Bác Ái Tây",
    );

    // Longer periods across the change.
    let q3 = load(store, "2025Q3", "56").await;
    close(value(&q3, "HOSO_TIEPNHAN"), 205.0, "Q3: July only");
    assert!(
        q3.notes
            .iter()
            .any(|n| n
                .contains("(HOSO_TIEPNHAN): số liệu 1/3 tháng, thiếu tháng 8/2025, tháng 9/2025")),
        "{:#?}",
        q3.notes
    );
    let year = load(store, "2025", "58").await;
    close(
        value(&year, "HOSO_TIEPNHAN"),
        385.0,
        "2025: June 180 + July 205",
    );
    close(
        value(&year, "WIFI_DIEM"),
        12.0,
        "2025: the stock of the communes existing at the end, not 10 + 12",
    );
    close(
        value(&year, "BANGRONG_TOCDO"),
        407.0 / 6.0,
        "2025: the mean of the six figures",
    );
}

async fn check_series(store: &Store, hierarchy: &Hierarchy) {
    let months = [p("2025-06"), p("2025-07")];
    let series = |unit: &'static str, basis: Basis| async move {
        aggregate::series(store, hierarchy, "HOSO_TIEPNHAN", unit, &months, basis)
            .await
            .unwrap_or_else(|e| panic!("series of {unit}: {e}"))
    };

    let at_each_date = series("58", Basis::AtEachDate).await;
    let [june, july] = [&at_each_date[0], &at_each_date[1]];
    assert_eq!(june.value, Some(180.0));
    assert_eq!(
        june.statement,
        "Tỉnh Ninh Thuận theo địa giới hành chính tại thời điểm của kỳ (ngày 14/6/2025): 7 đơn vị cấp huyện, 62 đơn vị cấp xã"
    );
    assert_eq!(june.area.len(), 1);
    let part = |point: &aggregate::SeriesPoint, code: &str| {
        point
            .parts
            .iter()
            .find(|part| part.unit.code == code)
            .unwrap_or_else(|| panic!("no part {code} in {:?}", point.parts))
            .value
    };
    assert_eq!(june.parts.len(), 7, "the districts");
    assert_eq!(part(june, "584"), Some(105.0));
    assert_eq!(part(june, "585"), Some(75.0));
    assert_eq!(part(june, "582"), None);
    assert_eq!(june.units_present, 4);
    assert_eq!(july.value, Some(205.0));
    assert_eq!(
        july.statement,
        "Địa bàn Tỉnh Ninh Thuận theo địa giới hành chính tại thời điểm của kỳ (ngày 14/7/2025): Tỉnh Ninh Thuận không còn từ ngày 01/7/2025; địa bàn nay là 24 đơn vị của Tỉnh Khánh Hòa kế thừa: 24 đơn vị cấp xã"
    );
    assert_eq!(july.parts.len(), 24, "the new communes");
    assert_eq!(part(july, "22786"), Some(120.0));
    assert!(
        july.notes.iter().any(|n| n.starts_with(
            "Phường Đông Hải (mã 22768) được chia cho Xã Phước Dinh (mã 22888) và Phường Đông Hải (mã 22780)"
        )),
        "{:#?}",
        july.notes
    );

    let on_today = series("58", Basis::On(today())).await;
    assert_eq!(
        on_today.iter().map(|s| s.value).collect::<Vec<_>>(),
        [Some(180.0), Some(205.0)],
        "Ninh Thuận's area adds up the same on both hierarchies"
    );
    let june = &on_today[0];
    assert!(
        june.statement.starts_with(
            "Địa bàn Tỉnh Ninh Thuận theo địa giới hành chính ngày 01/01/2026 (số liệu của đơn vị đã sắp xếp tính cho đơn vị kế thừa)"
        ),
        "{}",
        june.statement
    );
    assert_eq!(june.hierarchy_date, today());
    assert_eq!(june.parts.len(), 24);
    assert_eq!(
        part(june, "22786"),
        Some(105.0),
        "Bác Ái Tây's predecessors in June"
    );
    assert_eq!(
        part(june, "22810"),
        Some(75.0),
        "Ninh Sơn's predecessor in June"
    );

    // A new commune: nothing before it existed on the hierarchy of each date; its
    // predecessors' figures on today's.
    let new_commune = series("22786:2025-07-01", Basis::AtEachDate).await;
    assert_eq!(new_commune[0].value, None);
    assert!(
        new_commune[0]
            .statement
            .starts_with("Xã Bác Ái Tây chỉ có từ ngày 01/7/2025"),
        "{}",
        new_commune[0].statement
    );
    assert_eq!(new_commune[1].value, Some(120.0));
    let new_commune = series("22786:2025-07-01", Basis::On(today())).await;
    assert_eq!(
        new_commune.iter().map(|s| s.value).collect::<Vec<_>>(),
        [Some(105.0), Some(120.0)]
    );
    // Khánh Hòa: on today's hierarchy its area in June is Ninh Thuận's communes.
    let khanh_hoa = series("56", Basis::AtEachDate).await;
    assert_eq!(khanh_hoa[0].value, None);
    let khanh_hoa = series("56", Basis::On(today())).await;
    assert_eq!(khanh_hoa[0].value, Some(180.0));
}

#[tokio::test]
async fn communes_roll_up_before_and_after_1_july_2025_on_both_backends() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDatabase::new(backend).await else {
            continue;
        };
        store_handmade(&db.store).await;
        check_roll_up(&db.store).await;
        let hierarchy = aggregate::hierarchy(&db.store)
            .await
            .expect("the stored hierarchy");
        assert_eq!(
            hierarchy
                .children_on("58", p("2025-06").cutoff_window().end)
                .len(),
            7
        );
        assert_eq!(
            hierarchy
                .children_on("56", p("2025-07").cutoff_window().end)
                .len(),
            24
        );
        check_series(&db.store, &hierarchy).await;
    }
}

#[tokio::test]
async fn the_generated_example_loads_reports_and_runs_on_across_the_change() {
    let Some(db) = TestDatabase::new(Backend::Sqlite).await else {
        return;
    };
    let summary = baocao_app::load_folder(&db.store, &example_2025_dir())
        .await
        .unwrap_or_else(|e| panic!("the 2025 example loads:\n{e}"));
    assert_eq!(summary.values, 4 * (62 * 6 + 24 * 6));

    // The area's dossiers month by month, from the generator's formulas.
    let h = crate::example_2025::hierarchy();
    let new = new_communes(&h);
    let expected: Vec<f64> = (1..=12u32)
        .map(|month| {
            let total: u64 = if month <= 6 {
                (0..62)
                    .map(|i| {
                        let f = old_figures(i, month);
                        f.direct + f.online
                    })
                    .sum()
            } else {
                new.iter()
                    .map(|(_, predecessors)| {
                        let f = new_figures(predecessors, month);
                        f.direct + f.online
                    })
                    .sum()
            };
            total as f64
        })
        .collect();
    assert_eq!(
        expected[0], expected[6],
        "July's communes add up January's figures"
    );
    let months: Vec<Period> = (1..=12).map(|m| Period::month(2025, m).unwrap()).collect();
    // On today's hierarchy, March's figures of Khánh Hòa count Đông Hải's whole for its
    // successor, and say so.
    let march_today = aggregate::load_on(&db.store, p("2025-03"), Some("56"), Basis::On(today()))
        .await
        .unwrap();
    let split = "Phường Đông Hải (mã 22768) được chia cho Xã Phước Dinh (mã 22888) và Phường Đông Hải (mã 22780) từ ngày 01/7/2025; số liệu không chia được nên tính cả cho Phường Đông Hải (đơn vị giữ tên cũ).";
    assert!(
        march_today.notes.iter().any(|n| n == split),
        "{:#?}",
        march_today.notes
    );
    let hierarchy = aggregate::hierarchy(&db.store).await.unwrap();
    for basis in [Basis::AtEachDate, Basis::On(today())] {
        let series =
            aggregate::series(&db.store, &hierarchy, "HOSO_TIEPNHAN", "58", &months, basis)
                .await
                .unwrap();
        let values: Vec<f64> = series.iter().map(|s| s.value.unwrap()).collect();
        assert_eq!(values, expected, "{basis:?}");
        assert!(
            series
                .iter()
                .all(|s| s.units_present == if s.period.index() <= 6 { 62 } else { 24 })
        );
    }

    // Quarter, half-year and year reports print their own wording and cut-off window.
    for (period, wording, window) in [
        (
            "2025Q2",
            "SỐ LIỆU QUÝ II NĂM 2025",
            "từ ngày 15/3/2025 đến ngày 14/6/2025",
        ),
        (
            "2025S1",
            "SỐ LIỆU 6 THÁNG ĐẦU NĂM 2025",
            "từ ngày 15/12/2024 đến ngày 14/6/2025",
        ),
        (
            "2025",
            "SỐ LIỆU NĂM 2025",
            "từ ngày 15/12/2024 đến ngày 14/12/2025",
        ),
    ] {
        let aggregated = load(&db.store, period, "58").await;
        let built = aggregate::build_report(&db.store, &aggregated)
            .await
            .unwrap();
        let markdown = String::from_utf8(
            baocao_app::write_report(&built.document, baocao_app::ReportFormat::Markdown).unwrap(),
        )
        .unwrap();
        assert!(markdown.contains(wording), "{period}:\n{markdown}");
        assert!(markdown.contains(window), "{period}:\n{markdown}");
    }
    let q2 = load(&db.store, "2025Q2", "58").await;
    let q2_total: f64 = expected[3..6].iter().sum();
    close(value(&q2, "HOSO_TIEPNHAN"), q2_total, "Q2 of the example");
    let q2_markdown = String::from_utf8(
        baocao_app::write_report(
            &aggregate::build_report(&db.store, &q2)
                .await
                .unwrap()
                .document,
            baocao_app::ReportFormat::Markdown,
        )
        .unwrap(),
    )
    .unwrap();
    let printed = baocao_core::format::decimal(q2_total, 0);
    assert!(
        q2_markdown.contains(&format!("bộ phận một cửa cấp xã: {printed} hồ sơ")),
        "{q2_markdown}"
    );
}
