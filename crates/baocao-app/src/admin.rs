//! Looking after the database: run its migrations, back it up, restore a backup. The work
//! is the store's (`VACUUM INTO` and a one-transaction copy for SQLite, `pg_dump` and
//! `pg_restore --single-transaction` for PostgreSQL); this layer adds what protects the
//! user, such as not restoring over data unless asked.

use std::path::Path;

use baocao_store::{BackupOutcome, MigrationState, Store};

use crate::AppError;

/// Applies the migrations the database lacks. Opening a store migrates too; this is for
/// doing it as a step of its own (before starting a server, after installing a new version)
/// and seeing what was applied.
///
/// Returns every migration this version knows, in order, each marked whether applied now.
///
/// Errors: a migration failed (nothing of it is applied), or the database was migrated by a
/// newer version.
pub async fn migrate(store: &Store) -> Result<Vec<MigrationState>, AppError> {
    Ok(store.migrate().await?)
}

/// Writes a consistent snapshot of the whole database to `path`, a new file: for SQLite a
/// database file (usable as `--database-url PATH`), for PostgreSQL a
/// `pg_dump --format=custom` archive.
///
/// Errors: `path` exists; PostgreSQL's `pg_dump` is missing (the message gives the command
/// to run where it is) or fails; database errors.
pub async fn backup(store: &Store, path: &Path) -> Result<BackupOutcome, AppError> {
    Ok(store.backup(path).await?)
}

/// How a restore treats a database that already holds data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RestoreOptions {
    /// Replace data already there (otherwise a restore only goes into an empty database).
    pub replace_data: bool,
}

/// Replaces everything in the database by the backup at `path` (made by [`backup`]), in one
/// transaction.
///
/// Errors: [`AppError::RestoreOverData`] when the database holds data and `options` do not
/// allow replacing it; the backup is missing, not a baocao backup or from a newer version;
/// `pg_restore` is missing or fails. The database is unchanged then.
pub async fn restore(store: &Store, path: &Path, options: RestoreOptions) -> Result<(), AppError> {
    if !options.replace_data && !store.is_empty().await? {
        return Err(AppError::RestoreOverData);
    }
    Ok(store.restore(path).await?)
}
