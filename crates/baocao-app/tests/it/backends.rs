//! The use cases on both storage backends: the example stored in PostgreSQL validates and
//! reports exactly as in SQLite, a reload there is all-or-nothing too, and a backup of the
//! example restores whole (only over data when asked).

use baocao_app::AppError;
use baocao_app::admin::{self, RestoreOptions};
use baocao_store::testing::TestDatabase;
use baocao_store::{Backend, Store};

use crate::helpers::{Folder, april_data, april_markdown, db_state};

/// A fresh database on `backend` holding the built-in example; `None` when PostgreSQL tests
/// are skipped.
async fn example_on(backend: Backend) -> Option<TestDatabase> {
    let db = TestDatabase::new(backend).await?;
    let bundle = baocao_files::load_bundle_files(baocao_app::example::files())
        .unwrap_or_else(|e| panic!("the built-in example reads:\n{e}"));
    baocao_app::store_bundle(&db.store, bundle)
        .await
        .unwrap_or_else(|e| panic!("the built-in example stores on {backend:?}: {e}"));
    Some(db)
}

#[tokio::test]
async fn example_on_postgres_reports_as_on_sqlite() {
    let Some(postgres) = example_on(Backend::Postgres).await else {
        return;
    };
    let sqlite = example_on(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let on_sqlite = baocao_app::validate(&april_data(&sqlite.store).await);
    let on_postgres = baocao_app::validate(&april_data(&postgres.store).await);
    assert_eq!(on_postgres, on_sqlite);
    assert_eq!(on_postgres.violations.len(), 5);
    assert_eq!(
        april_markdown(&postgres.store).await,
        april_markdown(&sqlite.store).await
    );
}

#[tokio::test]
async fn bad_folder_leaves_postgres_unchanged() {
    let Some(db) = example_on(Backend::Postgres).await else {
        return;
    };
    let before = db_state(&db.store).await;
    let folder = Folder::example_copy();
    // A catalogue without a data element the figures use: refused before anything is
    // written.
    folder.replace(
        "catalog.toml",
        "code = \"DVC_HOSO\"",
        "code = \"DVC_HOSO_KHAC\"",
    );
    assert!(
        baocao_app::load_folder(&db.store, folder.path())
            .await
            .is_err()
    );
    assert_eq!(db_state(&db.store).await, before);
}

#[tokio::test]
async fn restore_replaces_data_only_when_asked() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = example_on(backend).await else {
            continue;
        };
        let before = db_state(&db.store).await;
        let file = db.folder().join("example.backup");
        let outcome = admin::backup(&db.store, &file).await.unwrap();
        assert!(outcome.bytes > 0, "{backend:?}");

        let refused = admin::restore(&db.store, &file, RestoreOptions::default()).await;
        assert!(
            matches!(refused, Err(AppError::RestoreOverData)),
            "{backend:?}: {refused:?}"
        );
        let options = RestoreOptions { replace_data: true };
        admin::restore(&db.store, &file, options).await.unwrap();
        assert_eq!(db_state(&db.store).await, before, "{backend:?}");

        let elsewhere = Store::open(&db.missing_url()).await.unwrap();
        admin::restore(&elsewhere, &file, RestoreOptions::default())
            .await
            .unwrap();
        assert_eq!(db_state(&elsewhere).await, before, "{backend:?}");
        assert!(
            admin::migrate(&elsewhere)
                .await
                .unwrap()
                .iter()
                .all(|m| !m.applied_now)
        );
        elsewhere.close().await;
    }
}
