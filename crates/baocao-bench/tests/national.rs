//! The national benchmark's steps on a small country, on SQLite and PostgreSQL: the figures
//! load in batches, every province's rates rolled up through baocao equal those computed from
//! the generator alone (a flow, a stock and a daily mean) and the plain SQL `GROUP BY`'s, and
//! validating a month finds exactly the errors the generator made. The national-scale files
//! load as a department's folder.

use baocao_bench::national::{CELLS, Kind};
use baocao_bench::run;
use baocao_bench::{National, Scale};
use baocao_core::orgunit::OrgUnitLevel;
use baocao_core::period::Period;
use baocao_store::Backend;
use baocao_store::testing::TestDatabase;

fn p(id: &str) -> Period {
    Period::parse(id).expect("a period")
}

/// 3 provinces, 11 communes, 20 data elements (pairs of every kind), 14 months from November
/// 2025 (so 2026 is whole), one error in ten: 15 400 values.
fn small() -> National {
    National::new(Scale {
        provinces: 3,
        communes: 11,
        data_elements: 20,
        months: 14,
        first_month: p("2025-11"),
        seed: 42,
        violations_per_mille: 100,
    })
    .expect("a small country")
}

#[test]
fn the_national_files_load_as_a_folder() {
    let national = National::new(Scale::national()).unwrap();
    let bundle = baocao_files::load_bundle_files(national.bundle_files())
        .unwrap_or_else(|e| panic!("the generated files load:\n{e}"));
    let catalog = &bundle.catalog.catalog;
    assert_eq!(catalog.data_elements.len(), 200);
    assert!(
        catalog
            .data_elements
            .values()
            .all(|de| catalog.categories_of(de).len() == 1
                && catalog.categories_of(de)[0].options.len() == CELLS)
    );
    let kinds = |word: &str| {
        catalog
            .data_elements
            .values()
            .filter(|de| format!("{:?}", de.aggregation).to_lowercase() == word)
            .count()
    };
    assert_eq!(
        (kinds("sum"), kinds("last"), kinds("average")),
        (140, 40, 20)
    );
    assert_eq!(catalog.indicators.len(), 5);
    assert_eq!(catalog.validation_rules.len(), 10);
    let provinces = bundle
        .org_units
        .iter()
        .filter(|u| u.level == OrgUnitLevel::Tinh)
        .count();
    let communes = bundle
        .org_units
        .iter()
        .filter(|u| u.level == OrgUnitLevel::Xa)
        .count();
    assert_eq!((provinces, communes), (34, 3_321));
    let tan = bundle.org_units.iter().find(|u| u.id == "07012").unwrap();
    assert_eq!(tan.versions[0].parent.as_deref(), Some("07"));
    assert_eq!(tan.versions[0].name, national.commune_name(6 * 98 + 11));
}

#[test]
fn the_folder_is_written() {
    let dir = tempfile::tempdir().unwrap();
    small().write_folder(dir.path()).unwrap();
    let bundle = baocao_files::load_bundle(dir.path()).unwrap();
    assert_eq!(bundle.org_units.len(), 3 + 11);
    assert!(bundle.values.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_country_through_every_step_on_both_backends() {
    let national = small();
    assert_eq!(national.len(), 11 * 20 * 5 * 14);
    assert_eq!(national.kind(14), Kind::Last);
    assert_eq!(national.kind(18), Kind::Average);
    let (year, month) = run::default_periods(&national);
    assert_eq!((year, month), (p("2026"), p("2026-12")));
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDatabase::new(backend).await else {
            continue;
        };
        let store = &db.store;
        let mut reported = Vec::new();
        // A month of the country is 1 100 values; two months an import, in three batches.
        let load = run::load(store, &national, 1_000, 2, |done, _| reported.push(done))
            .await
            .unwrap();
        assert_eq!(load.values, 15_400);
        assert_eq!((load.batches, load.imports), (7 * 3, 7));
        assert_eq!(reported[..4], [1_000, 2_000, 2_200, 3_200]);
        assert_eq!(reported.last(), Some(&15_400));
        let imports = store
            .history(&baocao_store::AuditFilter::default())
            .await
            .unwrap()
            .iter()
            .filter(|e| e.entity == "import")
            .count();
        assert_eq!(imports, 7, "one audit entry an import");
        let stored: usize = store
            .data_values_of_units(national.commune_ids(), national.months())
            .await
            .unwrap()
            .len();
        assert_eq!(stored, 15_400, "{backend:?}");

        // Every kind of pair, every province, against the generator alone.
        for pair in national.indicator_pairs() {
            let expected = run::expected_rates(&national, pair, year);
            let (areas, _) = run::rollup(store, &national, pair, year).await.unwrap();
            assert_eq!(areas.len(), 3);
            for (p, (area, expected)) in areas.iter().zip(&expected).enumerate() {
                let id = &national.province_ids()[p];
                assert_eq!(&area.unit.id, id);
                let value = area.value.expect("a rate");
                assert!(
                    (value - expected).abs() < 1e-9,
                    "{backend:?} pair {pair} province {id}: {value} ≠ {expected}"
                );
                assert_eq!(area.units_present, national.communes_of(p).len());
            }
            // The rates differ from province to province: not one number everywhere.
            assert!(expected.windows(2).any(|w| w[0] != w[1]));
        }
        // A stock's year is its December: not the sum of its months.
        let stock = run::expected_rates(&national, 7, year);
        let stock_december = run::expected_rates(&national, 7, p("2026-12"));
        assert_eq!(stock, stock_december);

        // The plain SQL GROUP BY gives the same rates.
        let (baocao, _) = run::rollup(store, &national, 0, year).await.unwrap();
        let (plain, times) = run::plain_sql_rollup(db.url(), &national, year, 2)
            .await
            .unwrap();
        assert_eq!(times.len(), 2);
        assert_eq!(
            plain.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
            vec!["01", "02", "03"]
        );
        let difference = run::compare_rates(&baocao, &plain).unwrap();
        assert!(difference < 1e-9, "{backend:?}: {difference}");

        // Validation finds the errors the generator made, and no other.
        for month in [p("2026-12"), p("2026-03")] {
            let (communes, provinces) = run::expected_violations(&national, month);
            let found = run::validate_month(store, &national, month).await.unwrap();
            assert_eq!(found.communes, 11);
            assert_eq!(found.provinces, 3);
            assert_eq!(found.values, 11 * 20 * 5);
            assert_eq!(found.commune_violations, communes, "{backend:?} {month}");
            assert_eq!(found.province_violations, provinces, "{backend:?} {month}");
            assert_eq!(found.commune_generated_violations, 0);
            // 10 rules and 100 non-negative counts a commune.
            assert_eq!(found.commune_rules, 11 * (10 + 100));
        }
        let (communes, _) = run::expected_violations(&national, p("2026-12"));
        assert!(communes > 0, "one in ten (commune, rule) pairs is wrong");

        assert!(run::database_size(store, db.url()).await.unwrap() > 0);
    }
}
