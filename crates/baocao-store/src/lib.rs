//! Storage: the figures, registers, narrative and the catalogue and template texts in one
//! SQLite file through sqlx, with migrations run on open. Every write of a whole data set
//! happens in one transaction: either all of it lands or none.

mod codec;
mod read;
mod write;

use std::str::FromStr;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

pub use write::{CatalogCodes, Dataset};

/// The default database: `baocao.db` in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://baocao.db";

/// A storage error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is not one baocao can open.
    #[error(
        "database URL `{url}` is not supported: {reason}; expected sqlite://PATH (e.g. sqlite://baocao.db)"
    )]
    UnsupportedUrl {
        /// The URL given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// There is no database file there.
    #[error(
        "there is no database at {0}; run `baocao init --example` or `baocao load DIR` first, or pass --database-url"
    )]
    Missing(String),
    /// The database could not be opened, migrated, read or written.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The catalogue being stored no longer defines codes that stored figures use.
    #[error("the new catalogue no longer defines codes that stored figures use: {}; keep them in the catalogue, or delete those figures first", .0.join(", "))]
    Orphans(Vec<String>),
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

/// The database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating the file if needed) and migrates the database at `url`.
    ///
    /// Accepts `sqlite://PATH`, `sqlite:PATH` and a bare file path. PostgreSQL is planned
    /// behind the same API.
    ///
    /// Errors: [`StoreError::UnsupportedUrl`] for other schemes; database and migration
    /// errors.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        Store::open_with(url, true).await
    }

    /// Opens the database at `url`, creating it only when `create` is true.
    ///
    /// Errors: as [`Store::open`]; [`StoreError::Missing`] when the file does not exist and
    /// `create` is false.
    pub async fn open_with(url: &str, create: bool) -> Result<Store, StoreError> {
        let url = normalise_url(url)?;
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or_default();
        if !create && !path.is_empty() && path != ":memory:" && !std::path::Path::new(path).exists()
        {
            return Err(StoreError::Missing(path.to_string()));
        }
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(create)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Store { pool })
    }

    /// Closes the pool, flushing the write-ahead log.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

fn normalise_url(url: &str) -> Result<String, StoreError> {
    let bare = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    if bare.is_empty() {
        return Err(StoreError::UnsupportedUrl {
            url: url.to_string(),
            reason: "it names no file".to_string(),
        });
    }
    if url.starts_with("sqlite:") {
        return Ok(url.to_string());
    }
    if let Some((scheme, _)) = url.split_once("://") {
        return Err(StoreError::UnsupportedUrl {
            url: url.to_string(),
            reason: format!("`{scheme}` databases are not supported yet"),
        });
    }
    Ok(format!("sqlite://{url}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(normalise_url("baocao.db").unwrap(), "sqlite://baocao.db");
        assert_eq!(normalise_url("sqlite://x.db").unwrap(), "sqlite://x.db");
        assert!(matches!(
            normalise_url("mysql://x"),
            Err(StoreError::UnsupportedUrl { .. })
        ));
    }
}
