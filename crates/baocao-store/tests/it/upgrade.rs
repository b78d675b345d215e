//! A SQLite database written before this version still opens, migrates and reads the same.

use std::str::FromStr;

use baocao_core::orgunit::OrgUnitKind;
use baocao_store::{Store, ValueKey};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

use crate::fixtures::{period, time, value};

/// The schema of migration 1 with rows as the first version wrote them (times with a `T`,
/// the register in insertion order): after migration 2 the figures have version 0, the
/// register keeps its order, and an edit from version 0 succeeds.
#[tokio::test]
async fn sqlite_database_from_before_versions() {
    let dir = tempfile::TempDir::new().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    let options = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true);
    let pool = SqlitePool::connect_with(options).await.unwrap();
    sqlx::migrate!("./migrations/sqlite")
        .run_to(1, &pool)
        .await
        .unwrap();
    for sql in [
        "INSERT INTO org_unit (id, code, level) VALUES ('58', 'NINH_THUAN', 'tinh')",
        "INSERT INTO data_value (data_element, coc, org_unit, period, value, decimals, as_typed, \
         origin, stored_by, stored_at, comment) VALUES ('TB_DIDONG', 'default', '58', '2023-04', \
         691872.0, 0, '691.872', 'typed', 'Phòng Bưu chính, Viễn thông', '2023-05-05T08:30:00', NULL)",
        "INSERT INTO document (id, symbol, doc_type, date, issuer, abstract, field, role, period) \
         VALUES ('z', NULL, 'CV', '2023-04-12', 'UBND tỉnh', 'thứ nhất', 'cntt', 'advised', '2023-04')",
        "INSERT INTO document (id, symbol, doc_type, date, issuer, abstract, field, role, period) \
         VALUES ('a', NULL, 'CV', NULL, 'UBND tỉnh', 'thứ hai', 'cntt', 'cited', '2023-04')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let store = Store::open_with(&url, false).await.unwrap();
    // Units stored before reporting units existed are administrative.
    let units = store.org_units().await.unwrap();
    assert_eq!(units[0].kind, OrgUnitKind::HanhChinh);
    let figure = value("TB_DIDONG", &[], "2023-04", "691.872");
    let stored = store.value(&ValueKey::of(&figure)).await.unwrap().unwrap();
    assert_eq!(stored.version, 0);
    assert_eq!(stored.value.stored_at, Some(time("2023-05-05 08:30:00")));
    assert_eq!(stored.value, figure);
    let documents = store.documents(period("2023-04")).await.unwrap();
    let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["z", "a"]);
    let edit = value("TB_DIDONG", &[], "2023-04", "691.900");
    assert_eq!(store.set_value(&edit, Some(0)).await.unwrap(), 1);
    store.close().await;
}
