//! Backups, restores and explicit migrations.

use baocao_store::testing::TestDatabase;
use baocao_store::{
    ApprovalStatus, AuditFilter, Backend, Dataset, OpenOptions, Store, StoreError, ValueKey, action,
};

use crate::fixtures::{april, document, snapshot, value};

/// A backup holds the state it was taken in; restoring it brings that state back over later
/// changes, and into a new, empty database.
pub async fn backup_and_restore(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    store
        .set_approval(
            "bcvt",
            "58",
            crate::fixtures::period("2023-04"),
            ApprovalStatus::Draft,
            ApprovalStatus::Submitted,
            "nva",
            None,
        )
        .await
        .unwrap();
    let backed_up = snapshot(store).await;
    let log_backed_up = store.history(&AuditFilter::default()).await.unwrap();
    let approvals_backed_up = store
        .approvals(crate::fixtures::period("2023-04"))
        .await
        .unwrap();
    assert_eq!(log_backed_up.len(), 2);
    let file = db.folder().join("sao-lưu.bak");
    let outcome = store.backup(&file).await.unwrap();
    assert_eq!(outcome.path, file);
    assert!(outcome.bytes > 0);
    assert_eq!(
        outcome.method,
        match store.backend() {
            Backend::Sqlite => "VACUUM INTO",
            Backend::Postgres => "pg_dump --format=custom",
        }
    );

    let key = ValueKey::of(&value("TB_DIDONG", &[], "2023-04", "0"));
    let before_edit = store.value(&key).await.unwrap().unwrap().version;
    let edited = store
        .set_value(&value("TB_DIDONG", &[], "2023-04", "1"), Some(before_edit))
        .await
        .unwrap();
    let later = Dataset {
        documents: vec![document("cv-9", None, "Văn bản sau khi sao lưu")],
        replace_registers: true,
        ..Dataset::default()
    };
    store.save_dataset(&later).await.unwrap();
    assert_ne!(snapshot(store).await, backed_up);
    let newest_before_restore = store.history(&AuditFilter::default()).await.unwrap()[0].id;

    store.restore(&file).await.unwrap();
    let reopened = Store::open(db.url()).await.unwrap();
    assert_eq!(snapshot(&reopened).await, backed_up);
    // The log is the backup's, then the restore; entry numbers are not handed out again;
    // the log is still append-only.
    let log = reopened.history(&AuditFilter::default()).await.unwrap();
    assert_eq!(log[1..], log_backed_up[..]);
    assert_eq!(
        (
            log[0].action.as_str(),
            log[0].actor.as_str(),
            log[0].new_value.as_deref()
        ),
        (action::RESTORE, "baocao", Some("sao-lưu.bak"))
    );
    assert!(log[0].id > newest_before_restore, "{log:?}");
    crate::audit::assert_append_only(db.url()).await;
    assert_eq!(
        reopened
            .approvals(crate::fixtures::period("2023-04"))
            .await
            .unwrap(),
        approvals_backed_up
    );
    // Versions handed out before the restore are not handed out again.
    let restored = reopened.value(&key).await.unwrap().unwrap().version;
    let next = reopened
        .set_value(&value("TB_DIDONG", &[], "2023-04", "2"), Some(restored))
        .await
        .unwrap();
    assert!(next > edited, "{next} > {edited}");
    reopened.close().await;

    let fresh_url = db.missing_url();
    let fresh = Store::open(&fresh_url).await.unwrap();
    fresh.restore(&file).await.unwrap();
    assert_eq!(snapshot(&fresh).await, backed_up);
    let log = fresh.history(&AuditFilter::default()).await.unwrap();
    assert_eq!(log[1..], log_backed_up[..]);
    assert_eq!(log[0].action, action::RESTORE);
    crate::audit::assert_append_only(&fresh_url).await;
    fresh.close().await;
}

/// A backup never overwrites a file; a restore of something that is not a backup is
/// refused and changes nothing.
pub async fn backup_and_restore_refusals(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let before = snapshot(store).await;
    let existing = db.folder().join("existing.bak");
    std::fs::write(&existing, "đã có").unwrap();
    let error = store.backup(&existing).await.unwrap_err();
    assert!(error.to_string().contains("already exists"), "{error}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "đã có");

    let error = store.restore(&existing).await.unwrap_err();
    assert!(matches!(error, StoreError::Backup(_)), "{error}");
    let missing = db.folder().join("missing.bak");
    let error = store.restore(&missing).await.unwrap_err();
    assert!(error.to_string().contains("no backup file"), "{error}");
    assert_eq!(snapshot(store).await, before);
}

/// `migrate` on an up-to-date database applies nothing; on a database opened without
/// migrating it applies every migration, in order.
pub async fn migrations_run_explicitly(db: &TestDatabase) {
    let states = db.store.migrate().await.unwrap();
    let versions: Vec<i64> = states.iter().map(|m| m.version).collect();
    // Every migration file of the backend (`0001_initial.sql` …), in order.
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(match db.store.backend() {
        baocao_store::Backend::Sqlite => "migrations/sqlite",
        baocao_store::Backend::Postgres => "migrations/postgres",
    });
    let mut expected: Vec<i64> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|f| {
            let name = f.unwrap().file_name().to_string_lossy().into_owned();
            name.split('_').next().unwrap().parse().unwrap()
        })
        .collect();
    expected.sort_unstable();
    assert!(expected.len() >= 5, "{}: {expected:?}", folder.display());
    assert_eq!(versions, expected);
    assert_eq!(states[0].description, "initial");
    assert!(states.iter().all(|m| !m.applied_now), "{states:?}");

    let options = OpenOptions {
        create: true,
        migrate: false,
    };
    let bare = Store::open_with_options(&db.missing_url(), options)
        .await
        .unwrap();
    let states = bare.migrate().await.unwrap();
    assert!(states.iter().all(|m| m.applied_now), "{states:?}");
    assert!(bare.is_empty().await.unwrap());
    assert!(!bare.migrate().await.unwrap()[1].applied_now);
    bare.close().await;
}
