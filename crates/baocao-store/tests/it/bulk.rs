//! Streaming imports (`Store::begin_import`): batches counted new, changed and unchanged
//! against what is stored, unchanged values left as typed with their version, one audit entry
//! at the commit, nothing left by a rollback, a refusal audited once.

use baocao_core::value::DataValue;
use baocao_store::testing::TestDatabase;
use baocao_store::{ApprovalStatus, AuditFilter, ImportCounts, Store, ValueKey, Versioned, action};

use crate::audit::brief;
use crate::fixtures::{april, period, snapshot, value};

fn counts(new: u64, changed: u64, unchanged: u64) -> ImportCounts {
    ImportCounts {
        new,
        changed,
        unchanged,
    }
}

async fn stored(store: &Store, v: &DataValue) -> Versioned<DataValue> {
    store
        .value(&ValueKey::of(v))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{} stored", ValueKey::of(v)))
}

async fn log_size(store: &Store) -> usize {
    store
        .history(&AuditFilter {
            limit: 10_000,
            ..AuditFilter::default()
        })
        .await
        .unwrap()
        .len()
}

/// Two batches: a new value, a changed one, one spelt otherwise but equal, one with another
/// comment; the counts per batch and in all, the versions and texts stored, one audit entry.
pub async fn import_counts_and_versions(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let mobile = value("TB_DIDONG", &[], "2023-04", "691.872");
    let total = value("DVC_HOSO", &[], "2023-04", "67.555");
    let online = value("DVC_HOSO", &["XA", "QUAMANG"], "2023-04", "15.074");
    let loaded = stored(store, &mobile).await.version;
    let entries = log_size(store).await;

    let mut import = store.begin_import("nva", "so-lieu.csv").await.unwrap();
    assert!(import.version() > loaded);
    // "0691.872" is the stored figure spelt otherwise: unchanged, and not rewritten.
    let same = value("TB_DIDONG", &[], "2023-04", "0691.872");
    let changed = value("DVC_HOSO", &[], "2023-04", "67.556");
    let new = value("TB_DIDONG", &[], "2023-05", "692.001");
    let first = import
        .write_batch(&[same.clone(), changed.clone(), new.clone()])
        .await
        .unwrap();
    assert_eq!(first, counts(1, 1, 1));
    // Another comment is a change, even with the same figure.
    let mut commented = online.clone();
    commented.comment = Some("số liệu ước".to_string());
    let second = import.write_batch(&[commented.clone()]).await.unwrap();
    assert_eq!(second, counts(0, 1, 0));
    assert_eq!(import.counts(), counts(1, 2, 1));
    let version = import.version();
    assert_eq!(import.commit().await.unwrap(), counts(1, 2, 1));

    let kept = stored(store, &mobile).await;
    assert_eq!(kept.version, loaded, "an unchanged value keeps its version");
    assert_eq!(
        kept.value.number.as_typed, "691.872",
        "and its text as typed"
    );
    for v in [&changed, &new, &commented] {
        let s = stored(store, v).await;
        assert_eq!(s.version, version, "{}", ValueKey::of(v));
        assert_eq!(s.value.number, v.number);
        assert_eq!(s.value.comment, v.comment);
    }
    assert_ne!(stored(store, &total).await.value.number.as_typed, "67.555");

    let log = store.history(&AuditFilter::default()).await.unwrap();
    assert_eq!(log.len(), entries + 1, "one entry for the whole import");
    assert_eq!(log[0].action, action::LOAD);
    assert_eq!(log[0].period, None, "two periods");
    assert_eq!(
        brief(&log[0]),
        (
            "nva",
            "import",
            None,
            Some("so-lieu.csv: 1 số liệu mới, 2 thay đổi, 1 không đổi"),
            None
        )
    );
}

/// A rollback, or an import dropped unfinished, leaves the store as it was, without an audit
/// entry.
pub async fn rolled_back_import_leaves_nothing(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let before = snapshot(store).await;
    let entries = log_size(store).await;
    let batch = [
        value("TB_DIDONG", &[], "2023-04", "1"),
        value("TB_DIDONG", &[], "2023-05", "2"),
    ];
    let mut import = store.begin_import("nva", "a.csv").await.unwrap();
    assert_eq!(import.write_batch(&batch).await.unwrap(), counts(1, 1, 0));
    import.rollback().await.unwrap();
    assert_eq!(snapshot(store).await, before);

    let mut import = store.begin_import("nva", "b.csv").await.unwrap();
    import.write_batch(&batch).await.unwrap();
    drop(import);
    assert_eq!(snapshot(store).await, before);
    assert_eq!(log_size(store).await, entries);

    // A batch the database refuses (an org unit that is not stored) fails; the import is then
    // rolled back whole, its first batch with it.
    let mut import = store.begin_import("nva", "c.csv").await.unwrap();
    import.write_batch(&batch).await.unwrap();
    let mut stray = value("TB_DIDONG", &[], "2023-04", "3");
    stray.org_unit = "99".to_string();
    assert!(import.write_batch(&[stray]).await.is_err());
    drop(import);
    assert_eq!(snapshot(store).await, before);
}

/// A batch larger than a statement holds: every value written and counted; imported again,
/// every one is unchanged and keeps its version.
pub async fn large_batches_split_into_statements(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let batch: Vec<DataValue> = (0..12_000)
        .map(|i| value(&format!("X_{i:05}"), &[], "2023-04", &format!("{i}")))
        .collect();
    let mut import = store.begin_import("baocao", "lon.csv").await.unwrap();
    assert_eq!(
        import.write_batch(&batch).await.unwrap(),
        counts(12_000, 0, 0)
    );
    let version = import.version();
    import.commit().await.unwrap();
    let stored_values = store
        .data_values(crate::fixtures::PROVINCE, &[period("2023-04")])
        .await
        .unwrap();
    assert_eq!(
        stored_values
            .iter()
            .filter(|v| v.data_element.starts_with("X_"))
            .count(),
        12_000
    );
    let last = stored(store, &batch[11_999]).await;
    assert_eq!((last.version, last.value.number.value), (version, 11_999.0));

    let mut again = store.begin_import("baocao", "lon.csv").await.unwrap();
    assert_eq!(
        again.write_batch(&batch).await.unwrap(),
        counts(0, 0, 12_000)
    );
    again.commit().await.unwrap();
    assert_eq!(stored(store, &batch[0]).await.version, version);
}

/// The import reads a data set's status in its transaction; an import refused for an
/// approved data set writes nothing and is audited once, with the data sets and the count.
pub async fn refused_import_is_audited_once(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let april_period = period("2023-04");
    store
        .set_approval(
            "bcvt",
            "58",
            april_period,
            ApprovalStatus::Draft,
            ApprovalStatus::Approved,
            "lanhdao",
            None,
        )
        .await
        .unwrap();
    let before = snapshot(store).await;
    let entries = log_size(store).await;

    let mut import = store.begin_import("nva", "khoa.csv").await.unwrap();
    assert_eq!(
        import.status("bcvt", "58", april_period).await.unwrap(),
        ApprovalStatus::Approved
    );
    assert_eq!(
        import.status("cntt", "58", april_period).await.unwrap(),
        ApprovalStatus::Draft
    );
    import
        .write_batch(&[value("DVC_HOSO", &[], "2023-04", "1")])
        .await
        .unwrap();
    import
        .refuse_locked(2, &["bcvt @ 58 2023-04".to_string()], Some(april_period))
        .await
        .unwrap();

    assert_eq!(snapshot(store).await, before, "nothing written");
    let log = store.history(&AuditFilter::default()).await.unwrap();
    assert_eq!(log.len(), entries + 1);
    assert_eq!(log[0].action, action::VALUE_REFUSED);
    assert_eq!(log[0].period, Some(april_period));
    assert_eq!(
        brief(&log[0]),
        (
            "nva",
            "import",
            None,
            Some("khoa.csv: 2 số liệu của biểu mẫu đã duyệt: bcvt @ 58 2023-04"),
            Some("locked")
        )
    );
}

/// The statuses of thousands of org units read by one import (a national file): one lock per
/// data set and period, so PostgreSQL's lock table (a few thousand entries) is not exhausted.
pub async fn statuses_of_many_units(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let april_period = period("2023-04");
    let mut import = store.begin_import("baocao", "ca-nuoc.csv").await.unwrap();
    for unit in 0..8_000 {
        assert_eq!(
            import
                .status("cntt", &format!("X{unit}"), april_period)
                .await
                .unwrap(),
            ApprovalStatus::Draft
        );
    }
    import.rollback().await.unwrap();
}
