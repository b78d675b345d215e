//! What an import tells before it writes (the web application's preview), on both backends:
//! the values counted new, changed, unchanged and empty, and the first values of the file
//! with the line each was read at, at most `SAMPLE_VALUES`.

use std::fmt::Write as _;

use baocao_app::interchange::{self, ImportOutcome, ImportRequest, SAMPLE_VALUES, ValueCounts};
use baocao_interchange::{Location, Status};
use baocao_store::testing::TestDatabase;
use baocao_store::{Backend, Store};

const HEADER: &str = "data_element,coc,org_unit,period,value,comment\n";

async fn example_on(backend: Backend) -> Option<TestDatabase> {
    let db = TestDatabase::new(backend).await?;
    let bundle = baocao_files::load_bundle_files(baocao_app::example::files()).unwrap();
    baocao_app::store_bundle(&db.store, bundle).await.unwrap();
    Some(db)
}

async fn dry_run(store: &Store, lines: &str) -> ImportOutcome {
    let mut request = ImportRequest::new("xem-truoc");
    request.dry_run = true;
    let body = format!("{HEADER}{lines}").into_bytes();
    interchange::import_reader(
        store,
        std::io::Cursor::new(body),
        "so-lieu.csv",
        &request,
        &mut |_| {},
    )
    .await
    .unwrap()
}

fn line(n: u64) -> Location {
    Location::Line {
        line: n,
        column: String::new(),
    }
}

async fn a_dry_run_counts_each_kind_and_samples_the_values(backend: Backend) {
    let Some(db) = example_on(backend).await else {
        return;
    };
    let store = &db.store;
    // April 2023 as the example stores it: 15.074 online at commune level, 07 certificates.
    let outcome = dry_run(
        store,
        "DVC_HOSO,XA.QUAMANG,58,2023-04,15.075,\n\
         CNTT_CHUNGTHUSO,default,58,2023-04,07,\n\
         CNTT_CHUNGTHUSO,default,58,2023-05,9,\n\
         CNTT_CONG_TINBAI,default,58,2023-05,,\n",
    )
    .await;
    assert!(outcome.problems.is_empty(), "{}", outcome.problems);
    assert!(!outcome.written);
    assert_eq!(
        outcome.counts,
        ValueCounts {
            new: 1,
            changed: 1,
            unchanged: 1,
            empty: 1
        }
    );
    assert_eq!(outcome.summary.import_count.ignored, 2);
    let sample: Vec<(String, String, String, Location)> = outcome
        .sample
        .iter()
        .map(|s| {
            (
                s.value.data_element.clone(),
                s.value.period.id(),
                s.value.number.as_typed.clone(),
                s.location.clone(),
            )
        })
        .collect();
    let expected = [
        ("DVC_HOSO", "2023-04", "15.075", line(2)),
        ("CNTT_CHUNGTHUSO", "2023-04", "07", line(3)),
        ("CNTT_CHUNGTHUSO", "2023-05", "9", line(4)),
    ]
    .map(|(de, p, v, l)| (de.to_string(), p.to_string(), v.to_string(), l));
    assert_eq!(sample, expected);
    // Nothing was written by the dry run: the commune figure is still 15.074.
    let stored = store
        .versioned_values("58", "2023-04".parse().unwrap())
        .await
        .unwrap();
    let online = stored
        .iter()
        .find(|v| {
            v.value.data_element == "DVC_HOSO"
                && v.value.category_option_combo.code() == "XA.QUAMANG"
        })
        .unwrap();
    assert_eq!(online.value.number.as_typed, "15.074");

    // A refused file counts nothing; its accepted values are still sampled.
    let outcome = dry_run(
        store,
        "CNTT_CHUNGTHUSO,default,58,2023-05,9,\nCNTT_CHUNGTHUSO,default,58,2023-05,x,\n",
    )
    .await;
    assert_eq!(outcome.summary.status, Status::Error);
    assert_eq!(outcome.counts, ValueCounts::default());
    assert_eq!(outcome.sample.len(), 1);
    assert_eq!(outcome.sample[0].location, line(2));
}

#[tokio::test]
async fn a_dry_run_counts_each_kind_and_samples_the_values_on_sqlite() {
    a_dry_run_counts_each_kind_and_samples_the_values(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_dry_run_counts_each_kind_and_samples_the_values_on_postgres() {
    a_dry_run_counts_each_kind_and_samples_the_values(Backend::Postgres).await;
}

#[tokio::test]
async fn the_sample_stops_at_its_size() {
    let Some(db) = example_on(Backend::Sqlite).await else {
        return;
    };
    // 100 months × 3 data elements: 300 new values, in file order.
    let mut lines = String::new();
    for year in 2015..2024 {
        for month in 1..=12 {
            if year == 2023 && month > 4 || year * 12 + month < 2015 * 12 + 1 {
                continue;
            }
            for de in ["CNTT_CHUNGTHUSO", "CNTT_CONG_TINBAI", "CNTT_CONG_DUTHAO"] {
                writeln!(lines, "{de},default,58,{year}-{month:02},{month},").unwrap();
            }
        }
    }
    let outcome = dry_run(&db.store, &lines).await;
    assert!(outcome.problems.is_empty(), "{}", outcome.problems);
    let total = lines.lines().count() as u64;
    assert_eq!(total, 300);
    assert_eq!(
        outcome.counts.new + outcome.counts.changed + outcome.counts.unchanged,
        total
    );
    assert_eq!(outcome.sample.len(), SAMPLE_VALUES);
    assert_eq!(outcome.sample[0].location, line(2));
    assert_eq!(
        outcome.sample[SAMPLE_VALUES - 1].location,
        line(SAMPLE_VALUES as u64 + 1)
    );
    assert_eq!(outcome.sample[3].value.period.id(), "2015-02");
    assert_eq!(outcome.sample[3].value.data_element, "CNTT_CHUNGTHUSO");
}
