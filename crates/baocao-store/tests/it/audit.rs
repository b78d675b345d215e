//! The audit log: every edit writes its entry with the right old and new values, in its own
//! transaction; the log cannot be changed or emptied; history filters.

use baocao_core::register::TaskStatus;
use baocao_store::testing::TestDatabase;
use baocao_store::{AuditEntry, AuditFilter, Dataset, StoreError, ValueKey, action};

use crate::fixtures::{april, document, narrative, period, task, value};

/// (actor, action, entity, period, old, new, reason) of an entry.
type Seen = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// (actor, entity, old, new, reason) of an entry.
pub type Brief<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// The [`Brief`] of an entry.
pub fn brief(e: &AuditEntry) -> Brief<'_> {
    (
        e.actor.as_str(),
        e.entity.as_str(),
        e.old_value.as_deref(),
        e.new_value.as_deref(),
        e.reason.as_deref(),
    )
}

fn seen(entry: &AuditEntry) -> Seen {
    (
        entry.actor.clone(),
        entry.action.clone(),
        entry.entity.clone(),
        entry.period.map(|p| p.id()),
        entry.old_value.clone(),
        entry.new_value.clone(),
        entry.reason.clone(),
    )
}

fn entry(
    actor: &str,
    action: &str,
    entity: &str,
    period: Option<&str>,
    old: Option<&str>,
    new: Option<&str>,
) -> Seen {
    (
        actor.to_string(),
        action.to_string(),
        entity.to_string(),
        period.map(str::to_string),
        old.map(str::to_string),
        new.map(str::to_string),
        None,
    )
}

async fn all(db: &TestDatabase) -> Vec<AuditEntry> {
    db.store.history(&AuditFilter::default()).await.unwrap()
}

/// A load is one entry, by the values' common `stored_by`, of the period it replaces, with
/// its counts; a load by several units is the system's.
pub async fn loads_are_audited(db: &TestDatabase) {
    let store = &db.store;
    let data = april();
    store.save_dataset(&data).await.unwrap();
    let log = all(db).await;
    assert_eq!(
        log.iter().map(seen).collect::<Vec<_>>(),
        [entry(
            "Phòng Bưu chính, Viễn thông",
            "load",
            "load",
            Some("2023-04"),
            None,
            Some(
                "5 số liệu, 2 chỉ số đã khai, 3 văn bản, 2 nhiệm vụ, 2 đoạn nội dung, 2 đơn vị, danh mục, mẫu báo cáo"
            ),
        )]
    );
    let now = chrono::Utc::now().naive_utc();
    assert!((now - log[0].at).num_seconds().abs() <= 5, "{}", log[0].at);

    let mut mixed = april();
    mixed.values[1].stored_by = "Văn phòng UBND tỉnh".to_string();
    mixed
        .replace_periods
        .push((period("2023-03"), "58".to_string()));
    store.save_dataset(&mixed).await.unwrap();
    let log = all(db).await;
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].actor.as_str(), log[0].period), ("baocao", None));
    assert!(log[0].id > log[1].id);

    // A refused load leaves no entry.
    let mut orphaning = april();
    orphaning.catalog_codes = Some(crate::fixtures::codes(&["DVC_HOSO"], &[]));
    assert!(store.save_dataset(&orphaning).await.is_err());
    assert_eq!(all(db).await.len(), 2);
}

/// Every edit appends one entry with what was before and after.
pub async fn every_edit_is_audited(db: &TestDatabase) {
    let store = &db.store;
    store
        .save_dataset(&Dataset {
            org_units: crate::fixtures::org_units(),
            ..Dataset::default()
        })
        .await
        .unwrap();
    let first = all(db).await[0].id;

    // Values: new, changed, deleted.
    let figure = value("TB_DIDONG", &[], "2023-04", "691.872");
    let v1 = store
        .write_value(&figure, None, "nva", "bcvt")
        .await
        .unwrap();
    let changed = value("TB_DIDONG", &[], "2023-04", "691.900");
    let v2 = store
        .write_value(&changed, Some(v1), "ttb", "bcvt")
        .await
        .unwrap();
    assert!(v2 > v1);
    let key = ValueKey::of(&figure);
    store.delete_value(&key, v2, "nva", "bcvt").await.unwrap();
    assert_eq!(store.value(&key).await.unwrap(), None);

    // Documents: added at the end, changed in place, deleted.
    let qd = document("qd-166", Some("166/QĐ-UBND"), "Quyết định phê duyệt");
    let cv = document("cv-1", None, "Công văn về việc báo cáo");
    store.add_document(&qd, "nva").await.unwrap();
    store.add_document(&cv, "nva").await.unwrap();
    let mut qd2 = qd.clone();
    qd2.abstract_text = "Quyết định phê duyệt (sửa)".to_string();
    store.update_document(&qd2, "ttb").await.unwrap();
    let april_docs = store.documents(period("2023-04")).await.unwrap();
    assert_eq!(april_docs, [qd2.clone(), cv.clone()], "keeps its place");
    assert_eq!(store.document("qd-166").await.unwrap(), Some(qd2.clone()));
    store.delete_document("cv-1", "nva").await.unwrap();
    assert_eq!(store.document("cv-1").await.unwrap(), None);

    // Tasks: new, changed, deleted.
    let t1 = task(1, "Kiểm tra chất lượng dịch vụ viễn thông");
    store.save_task(&t1, "nva").await.unwrap();
    let mut t1done = t1.clone();
    t1done.status = TaskStatus::Done;
    t1done.result = Some("Đã kiểm tra 12 trạm".to_string());
    store.save_task(&t1done, "nva").await.unwrap();
    assert_eq!(
        store.tasks(period("2023-05")).await.unwrap(),
        [t1done.clone()]
    );
    store
        .delete_task(period("2023-05"), 1, "ttb")
        .await
        .unwrap();
    assert_eq!(store.tasks(period("2023-05")).await.unwrap(), []);

    // Narrative: new, changed.
    let n1 = narrative("cntt", "Hệ thống hoạt động ổn định.");
    store.set_narrative(&n1, "nva").await.unwrap();
    let n2 = narrative("cntt", "Hệ thống hoạt động ổn định, không gián đoạn.");
    store.set_narrative(&n2, "ttb").await.unwrap();
    assert_eq!(
        store.narratives(period("2023-04")).await.unwrap(),
        std::slice::from_ref(&n2)
    );

    let log: Vec<Seen> = all(db)
        .await
        .iter()
        .rev()
        .filter(|e| e.id > first)
        .map(seen)
        .collect();
    let cell = "TB_DIDONG/default @ 58 2023-04";
    let april = Some("2023-04");
    let may = Some("2023-05");
    assert_eq!(
        log,
        [
            entry("nva", "value.set", cell, april, None, Some("691.872")),
            entry(
                "ttb",
                "value.set",
                cell,
                april,
                Some("691.872"),
                Some("691.900")
            ),
            entry("nva", "value.delete", cell, april, Some("691.900"), None),
            entry(
                "nva",
                "document.add",
                "document:qd-166",
                april,
                None,
                Some(&json(&qd))
            ),
            entry(
                "nva",
                "document.add",
                "document:cv-1",
                april,
                None,
                Some(&json(&cv))
            ),
            entry(
                "ttb",
                "document.update",
                "document:qd-166",
                april,
                Some(&json(&qd)),
                Some(&json(&qd2))
            ),
            entry(
                "nva",
                "document.delete",
                "document:cv-1",
                april,
                Some(&json(&cv)),
                None
            ),
            entry(
                "nva",
                "task.save",
                "task:2023-05#1",
                may,
                None,
                Some(&json(&t1))
            ),
            entry(
                "nva",
                "task.save",
                "task:2023-05#1",
                may,
                Some(&json(&t1)),
                Some(&json(&t1done))
            ),
            entry(
                "ttb",
                "task.delete",
                "task:2023-05#1",
                may,
                Some(&json(&t1done)),
                None
            ),
            entry(
                "nva",
                "narrative.set",
                "narrative:2023-04:cntt",
                april,
                None,
                Some("Hệ thống hoạt động ổn định.")
            ),
            entry(
                "ttb",
                "narrative.set",
                "narrative:2023-04:cntt",
                april,
                Some("Hệ thống hoạt động ổn định."),
                Some("Hệ thống hoạt động ổn định, không gián đoạn.")
            ),
        ]
    );
    // The JSON of a document is the document.
    let added: baocao_core::register::Document = serde_json::from_str(&json(&qd)).unwrap();
    assert_eq!(added, qd);
}

/// Refused edits write nothing, not even their entry: a duplicate document, a missing one,
/// a stale version.
pub async fn refused_edits_leave_no_entry(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let before = all(db).await;

    let qd = document("qd-166", Some("166/QĐ-UBND"), "Trùng");
    let error = store.add_document(&qd, "nva").await.unwrap_err();
    assert!(
        matches!(&error, StoreError::Duplicate { what } if what == "document `qd-166`"),
        "{error}"
    );
    let ghost = document("ghost", None, "Không có");
    let error = store.update_document(&ghost, "nva").await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound { .. }), "{error}");
    let error = store.delete_document("ghost", "nva").await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound { .. }), "{error}");
    let error = store
        .delete_task(period("2023-05"), 9, "nva")
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::NotFound { .. }), "{error}");

    let figure = value("TB_DIDONG", &[], "2023-04", "1");
    let key = ValueKey::of(&figure);
    let stored = store.value(&key).await.unwrap().unwrap();
    let error = store
        .write_value(&figure, Some(stored.version - 1), "nva", "bcvt")
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Conflict { .. }), "{error}");
    let error = store
        .write_value(&figure, None, "nva", "bcvt")
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Conflict { .. }), "{error}");
    let error = store
        .delete_value(&key, stored.version + 100, "nva", "bcvt")
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::Conflict { current: Some(v), .. } if v == stored.version),
        "{error}"
    );
    assert_eq!(store.value(&key).await.unwrap(), Some(stored));
    assert_eq!(all(db).await, before);
}

/// UPDATE, DELETE (and on PostgreSQL TRUNCATE) of the log fail, whoever runs them.
pub async fn the_log_is_append_only(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let before = all(db).await;
    assert_eq!(before.len(), 1);
    assert_append_only(db.url()).await;
    assert_eq!(all(db).await, before);
}

/// UPDATE, DELETE (and on PostgreSQL TRUNCATE) of the log of the database at `url` fail,
/// each on a connection of its own.
pub async fn assert_append_only(url: &str) {
    let mut statements = vec![
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = 1",
    ];
    if url.starts_with("postgres") {
        statements.push("TRUNCATE audit_log");
        for sql in statements {
            let mut connection = <sqlx::PgConnection as sqlx::Connection>::connect(url)
                .await
                .unwrap();
            let error = sqlx::query(sql).execute(&mut connection).await.unwrap_err();
            assert!(error.to_string().contains("append-only"), "{sql}: {error}");
        }
    } else {
        for sql in statements {
            let mut connection = <sqlx::SqliteConnection as sqlx::Connection>::connect(url)
                .await
                .unwrap();
            let error = sqlx::query(sql).execute(&mut connection).await.unwrap_err();
            assert!(error.to_string().contains("append-only"), "{sql}: {error}");
        }
    }
}

/// History filters by period, entity prefix, actor and action, newest first, limited.
pub async fn history_filters(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let march = value("TB_DIDONG", &[], "2023-03", "690.000");
    let v = store
        .value(&ValueKey::of(&march))
        .await
        .unwrap()
        .unwrap()
        .version;
    store
        .write_value(
            &value("TB_DIDONG", &[], "2023-03", "690.001"),
            Some(v),
            "nva",
            "bcvt",
        )
        .await
        .unwrap();
    for text in ["67.556", "67.557", "67.558"] {
        let figure = value("DVC_HOSO", &[], "2023-04", text);
        let v = store
            .value(&ValueKey::of(&figure))
            .await
            .unwrap()
            .unwrap()
            .version;
        store
            .write_value(&figure, Some(v), "ttb", "cntt")
            .await
            .unwrap();
    }
    let commune = value("DVC_HOSO", &["XA", "TRUCTIEP"], "2023-04", "7.082");
    let v = store
        .value(&ValueKey::of(&commune))
        .await
        .unwrap()
        .unwrap()
        .version;
    store
        .write_value(&commune, Some(v), "nva", "cntt")
        .await
        .unwrap();
    store
        .set_narrative(&narrative("cntt", "Mới."), "nva")
        .await
        .unwrap();

    let news = |filter: AuditFilter| async move {
        store
            .history(&filter)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.new_value.unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        news(AuditFilter {
            entity_prefix: Some("DVC_HOSO/".to_string()),
            ..AuditFilter::default()
        })
        .await,
        ["7.082", "67.558", "67.557", "67.556"]
    );
    assert_eq!(
        news(AuditFilter {
            entity_prefix: Some("DVC_HOSO/default @ 58 2023-04".to_string()),
            limit: 2,
            ..AuditFilter::default()
        })
        .await,
        ["67.558", "67.557"]
    );
    // A prefix is not a pattern, and case counts.
    for prefix in ["DVC_%", "dvc_hoso/", "DVC_HOSO_"] {
        assert_eq!(
            news(AuditFilter {
                entity_prefix: Some(prefix.to_string()),
                ..AuditFilter::default()
            })
            .await,
            Vec::<String>::new(),
            "{prefix}"
        );
    }
    assert_eq!(
        news(AuditFilter {
            actor: Some("nva".to_string()),
            period: Some(period("2023-04")),
            ..AuditFilter::default()
        })
        .await,
        ["Mới.", "7.082"]
    );
    assert_eq!(
        news(AuditFilter {
            actor: Some("nva".to_string()),
            action: Some(action::VALUE_SET.to_string()),
            ..AuditFilter::default()
        })
        .await,
        ["7.082", "690.001"]
    );
    assert_eq!(
        news(AuditFilter {
            period: Some(period("2023-03")),
            ..AuditFilter::default()
        })
        .await,
        ["690.001"]
    );
    assert_eq!(news(AuditFilter::default()).await.len(), 7);
}

/// A register entry as the store writes it into the log.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

/// The log's mark stays while nothing is committed (reads, an import still open) and moves
/// with every committed change: a load, an edit, a status move, an import, and a restore of
/// a backup to a log exactly as long as the one it replaces.
pub async fn the_change_mark_moves_with_every_committed_change(db: &TestDatabase) {
    use baocao_store::{ApprovalStatus, Store};
    let store = &db.store;
    let empty = store.change_mark().await.unwrap();
    assert_eq!((empty.last_entry, empty.entries), (0, 0));
    store.save_dataset(&april()).await.unwrap();
    let loaded = store.change_mark().await.unwrap();
    assert_eq!(loaded.entries, 1);
    assert!(loaded.last_entry > 0, "{loaded:?}");
    all(db).await;
    store.data_values("58", &[period("2023-04")]).await.unwrap();
    assert_eq!(
        store.change_mark().await.unwrap(),
        loaded,
        "reads move nothing"
    );

    let file = db.folder().join("mốc.bak");
    store.backup(&file).await.unwrap();
    assert_eq!(
        store.change_mark().await.unwrap(),
        loaded,
        "nor does a backup"
    );
    let key = ValueKey::of(&value("TB_DIDONG", &[], "2023-04", "0"));
    let version = store.value(&key).await.unwrap().unwrap().version;
    store
        .write_value(
            &value("TB_DIDONG", &[], "2023-04", "691.873"),
            Some(version),
            "ttb",
            "bcvt",
        )
        .await
        .unwrap();
    let edited = store.change_mark().await.unwrap();
    assert_ne!(edited, loaded);

    let mut import = store.begin_import("nva", "so-lieu.csv").await.unwrap();
    import
        .write_batch(&[value("TB_DIDONG", &[], "2023-05", "692.001")])
        .await
        .unwrap();
    assert_eq!(
        store.change_mark().await.unwrap(),
        edited,
        "an import not yet committed moves nothing"
    );
    import.commit().await.unwrap();
    let imported = store.change_mark().await.unwrap();
    assert_ne!(imported, edited);

    store
        .set_approval(
            "bcvt",
            "58",
            period("2023-04"),
            ApprovalStatus::Draft,
            ApprovalStatus::Submitted,
            "ttb",
            None,
        )
        .await
        .unwrap();
    let moved = store.change_mark().await.unwrap();
    assert_ne!(moved, imported);

    // Back to the backup after one edit: the log is the backup's and the restore's entry,
    // as many entries as after the edit, and yet the mark is new.
    let reopened = Store::open(db.url()).await.unwrap();
    let before_restore = reopened.change_mark().await.unwrap();
    assert_eq!(before_restore, moved);
    reopened.restore(&file).await.unwrap();
    let restored = reopened.change_mark().await.unwrap();
    assert_eq!(restored.entries, edited.entries);
    for earlier in [empty, loaded, edited, imported, moved] {
        assert_ne!(restored, earlier);
        assert!(
            restored.last_entry > earlier.last_entry,
            "{restored:?} {earlier:?}"
        );
    }
    reopened.close().await;
}
