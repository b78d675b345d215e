//! Storage: the figures, registers, narrative and the catalogue and template texts, in SQLite
//! or PostgreSQL through sqlx, chosen by the database URL, each backend with its own
//! migrations (`migrations/sqlite/`, `migrations/postgres/`) run on open. Every write of a
//! whole data set happens in one transaction: either all of it lands or none.
//!
//! [`Store`] is the boundary: the same methods, the same results on both backends (the
//! integration tests run one conformance suite against each). Inside, the queries are written
//! once against [`sql::Db`], which both drivers' connections implement.

mod aggregate;
pub mod audit;
mod backup;
mod bulk;
mod codec;
mod edits;
mod open;
mod read;
mod rows;
mod sql;
mod submission;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;
mod units;
mod users;
mod versioned;
mod workflow;
mod write;

use std::sync::Arc;

use baocao_core::period::Period;
use sqlx::{PgPool, SqlitePool};

pub use aggregate::ORG_UNITS_PER_QUERY;
pub use audit::{AuditEntry, AuditFilter, ChangeMark, action};
pub use backup::BackupOutcome;
pub use bulk::{BulkImport, ImportCounts};
pub use open::{Backend, MigrationState, OpenOptions};
pub use submission::Submission;
pub use tokens::{ApiToken, LAST_USED_RESOLUTION, NewApiToken, TokenUse};
pub use users::{NewSession, Role, Session, User};
pub use versioned::{ValueKey, Versioned};
pub use workflow::{Approval, ApprovalStatus, StatusMove};
pub use write::{CatalogCodes, Dataset};

/// The default database: `baocao.db` in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://baocao.db";

/// `url` with its password, if any, replaced by `***`: for messages and logs.
pub fn redacted_url(url: &str) -> String {
    open::redact_password(url)
}

/// A storage error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is not one baocao can open.
    #[error(
        "database URL `{url}` is not supported: {reason}; expected sqlite://PATH (e.g. sqlite://baocao.db), a file path, or postgres://USER@HOST:PORT/DATABASE"
    )]
    UnsupportedUrl {
        /// The URL given (without its password).
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// There is no database there.
    #[error(
        "there is no database at {0}; run `baocao init --example` or `baocao load DIR` first, or pass --database-url"
    )]
    Missing(String),
    /// The PostgreSQL database does not store text as UTF-8.
    #[error(
        "the PostgreSQL database stores text as {0}, not UTF8; create it with ENCODING 'UTF8' (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)"
    )]
    NotUtf8(String),
    /// The database could not be opened, migrated, read or written.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The catalogue being stored no longer defines codes that stored figures use.
    #[error("the new catalogue no longer defines codes that stored figures use: {}; keep them in the catalogue, or delete those figures first", .0.join(", "))]
    Orphans(Vec<String>),
    /// Someone else changed (or stored, or deleted) a value since it was read: the write was
    /// refused and nothing changed.
    #[error(
        "data value {key} was changed by someone else ({}); read it again and redo the change",
        versioned::conflict_detail(*.expected, *.current)
    )]
    Conflict {
        /// The value's key, e.g. `DVC_HOSO/XA,TRUCTIEP @ 58 2023-04`.
        key: String,
        /// The version the writer read (`None`: it expected no value).
        expected: Option<i64>,
        /// The version stored now (`None`: there is no value).
        current: Option<i64>,
    },
    /// An account with this user name exists already; nothing was written.
    #[error("user `{username}` already exists; choose another user name, or change that account")]
    UserExists {
        /// The user name.
        username: String,
    },
    /// A row with this key exists already (e.g. a document id); nothing was written.
    #[error("{what} already exists; nothing was written")]
    Duplicate {
        /// What, e.g. "document `qd-166`".
        what: String,
    },
    /// The row to change or delete is not stored.
    #[error("{what} is not stored")]
    NotFound {
        /// What, e.g. "user `nva`", "document `qd-166`".
        what: String,
    },
    /// The figures of this data set, org unit and period are approved: they cannot be
    /// changed until a quản trị unlocks them. The refusal was audited (`value.refused`).
    #[error(
        "the figures of {data_set} for org unit {org_unit}, period {period} are approved and locked; unlock them first"
    )]
    Locked {
        /// The data set (for now a field code, e.g. `cntt`).
        data_set: String,
        /// The org unit's id.
        org_unit: String,
        /// The period.
        period: Period,
    },
    /// The workflow status is no longer the one the change started from (someone else moved
    /// it meanwhile); nothing changed.
    #[error(
        "the status was changed meanwhile: it is now `{}`; read it again",
        .current.code()
    )]
    StatusChanged {
        /// The status stored now.
        current: ApprovalStatus,
    },
    /// A status move of a data set needs the same data set of the units below approved first
    /// (a district's submission, its communes'); these are not. Nothing changed.
    #[error(
        "data set {data_set} of {period} is not approved yet for org units {}; approve theirs first",
        .org_units.join(", ")
    )]
    NotApprovedBelow {
        /// The data set.
        data_set: String,
        /// The period.
        period: Period,
        /// The org units (ids) whose data set is not approved.
        org_units: Vec<String>,
    },
    /// A backup or restore could not be made.
    #[error("{0}")]
    Backup(String),
    /// A stored row could not be read back into the domain types (the database was edited by
    /// hand, or written by an incompatible version).
    #[error("stored {table} row `{key}` is invalid: {reason}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The row's key.
        key: String,
        /// What is wrong.
        reason: String,
    },
}

/// The database: SQLite or PostgreSQL behind the same methods. Cloning shares the pool.
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    location: Arc<open::Location>,
}

#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl std::fmt::Debug for Store {
    // The pool's options hold the password: show only where the database is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("location", &self.location.redacted())
            .finish_non_exhaustive()
    }
}

/// Runs `$body` with `$db` a pooled connection of the store's backend (a `&mut` of a type
/// implementing [`sql::Db`]); the body is compiled once for each backend.
macro_rules! with_db {
    ($store:expr, |$db:ident| $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite(pool) => {
                let mut connection = pool.acquire().await?;
                let $db = &mut *connection;
                $body
            }
            $crate::Pool::Postgres(pool) => {
                let mut connection = pool.acquire().await?;
                let $db = &mut *connection;
                $body
            }
        }
    };
}

/// As [`with_db!`], inside a transaction committed when the body completes. An error the
/// body returns with `?` drops the transaction, which rolls it back.
macro_rules! in_transaction {
    ($store:expr, |$db:ident| $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite(pool) => {
                let mut transaction = pool.begin().await?;
                let value = {
                    let $db = &mut *transaction;
                    $body
                };
                transaction.commit().await?;
                value
            }
            $crate::Pool::Postgres(pool) => {
                let mut transaction = pool.begin().await?;
                let value = {
                    let $db = &mut *transaction;
                    $body
                };
                transaction.commit().await?;
                value
            }
        }
    };
}

pub(crate) use {in_transaction, with_db};

impl Store {
    /// Opens (creating it if needed) and migrates the database at `url`.
    ///
    /// Accepts `sqlite://PATH`, `sqlite:PATH`, a bare file path, and
    /// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (or `postgresql://`). A missing
    /// PostgreSQL database is created on the server, which needs the CREATEDB right.
    ///
    /// Errors: [`StoreError::UnsupportedUrl`] for other schemes; database and migration
    /// errors.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        Store::open_with(url, true).await
    }

    /// Opens and migrates the database at `url`, creating it only when `create` is true.
    ///
    /// Errors: as [`Store::open`]; [`StoreError::Missing`] when the file or the PostgreSQL
    /// database does not exist and `create` is false.
    pub async fn open_with(url: &str, create: bool) -> Result<Store, StoreError> {
        Store::open_with_options(
            url,
            OpenOptions {
                create,
                ..OpenOptions::default()
            },
        )
        .await
    }

    /// Which backend the store is on.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Where the database is, without a password: a file path or
    /// `postgres://USER@HOST:PORT/DATABASE`.
    pub fn location(&self) -> String {
        self.location.redacted()
    }

    /// Closes the pool (for SQLite, checkpointing the write-ahead log).
    pub async fn close(self) {
        match self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}
