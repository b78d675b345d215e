//! A bulk import killed half-way leaves none of itself: a child process (this test binary,
//! run again on `kill::child_import`) stores a large data set; the parent kills it with
//! SIGKILL once it is seen writing, then finds the database as it was. The same import left
//! to finish replaces the old state whole.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use baocao_core::value::DataValue;
use baocao_store::testing::TestDatabase;
use baocao_store::{Backend, Dataset, Store};

use crate::fixtures::{PROVINCE, april, period, snapshot, value};

/// Values the child imports: enough that the import takes a few seconds.
const ROWS: usize = 200_000;
/// The environment variable that turns `child_import` into the child.
const CHILD_URL: &str = "BAOCAO_KILL_TEST_URL";
/// The PostgreSQL application name of the child's connections.
const CHILD_APPLICATION: &str = "baocao_kill_test_child";

/// The import: April of the province replaced by `ROWS` figures, with a new catalogue.
fn bulk_import() -> Dataset {
    let values: Vec<DataValue> = (0..ROWS)
        .map(|i| {
            let mut v = value(&format!("BULK_{:03}", i / 1000), &[], "2023-04", "1");
            v.category_option_combo =
                baocao_core::coc::CategoryOptionCombo::new(vec![format!("O{:03}", i % 1000)]);
            v.number.value = i as f64;
            v.number.as_typed = i.to_string();
            v
        })
        .collect();
    Dataset {
        catalog_source: Some(("catalog.toml".to_string(), "# nhập khối\n".to_string())),
        org_units: crate::fixtures::org_units(),
        values,
        replace_periods: vec![(period("2023-04"), PROVINCE.to_string())],
        ..Dataset::default()
    }
}

/// The child side: does nothing unless run by `killed_import_leaves_nothing`.
#[test]
fn child_import() {
    let Ok(url) = std::env::var(CHILD_URL) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let store = Store::open(&url)
            .await
            .expect("the child opens the database");
        eprintln!("child: importing {ROWS} values");
        store
            .save_dataset(&bulk_import())
            .await
            .expect("the import");
        eprintln!("child: committed");
    });
}

fn spawn_child(url: &str) -> Child {
    Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--exact",
            "kill::child_import",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_URL, url)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the child starts")
}

/// Kills the import once it is seen writing; then the old state is all there is. Let run,
/// the import replaces it whole.
pub async fn killed_import_leaves_nothing(db: &TestDatabase) {
    db.store.save_dataset(&april()).await.unwrap();
    let before = snapshot(&db.store).await;
    let url = child_url(db);

    let mut child = spawn_child(&url);
    let seen = wait_until_writing(db, &mut child).await;
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("the child ends");
    assert!(
        seen,
        "the import ended ({status}) before it was seen writing; make it larger"
    );
    assert!(!status.success(), "killed: {status}");
    let after = Store::open_with(db.url(), false).await.unwrap();
    assert_eq!(
        snapshot(&after).await,
        before,
        "none of the import is stored"
    );
    after.close().await;

    let status = spawn_child(&url).wait().expect("the child ends");
    assert!(status.success(), "{status}");
    let april_values = db
        .store
        .data_values(PROVINCE, &[period("2023-04")])
        .await
        .unwrap();
    assert_eq!(april_values.len(), ROWS, "all of the import is stored");
    assert_eq!(
        db.store.source_file("catalog").await.unwrap().unwrap().1,
        "# nhập khối\n"
    );
}

fn child_url(db: &TestDatabase) -> String {
    match db.store.backend() {
        Backend::Sqlite => db.url().to_string(),
        Backend::Postgres => {
            let separator = if db.url().contains('?') { '&' } else { '?' };
            format!(
                "{}{separator}application_name={CHILD_APPLICATION}",
                db.url()
            )
        }
    }
}

/// Waits until the child has written part of the import but not committed it: SQLite's
/// write-ahead log has grown by megabytes (uncommitted pages spill there), or PostgreSQL
/// shows the child's transaction inserting figures. `false` when the child ended first.
async fn wait_until_writing(db: &TestDatabase, child: &mut Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    let postgres = match db.store.backend() {
        Backend::Postgres => Some(sqlx::PgPool::connect(db.url()).await.expect("connects")),
        Backend::Sqlite => None,
    };
    let wal = db
        .url()
        .trim_start_matches("sqlite://")
        .to_string()
        .replace('?', "")
        + "-wal";
    while Instant::now() < deadline {
        if child.try_wait().expect("the child's status").is_some() {
            return false;
        }
        let writing = match &postgres {
            None => std::fs::metadata(&wal).is_ok_and(|m| m.len() > 4 << 20),
            Some(pool) => {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1 \
                     AND datname = current_database() AND backend_xid IS NOT NULL \
                     AND state = 'active' AND query LIKE 'INSERT INTO data_value%'",
                )
                .bind(CHILD_APPLICATION)
                .fetch_one(pool)
                .await
                .expect("pg_stat_activity");
                n > 0
            }
        };
        if writing {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let _ = child.kill();
    panic!("the child was not seen writing within two minutes");
}
