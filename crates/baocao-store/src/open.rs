//! Opening a database by URL — SQLite (`sqlite://PATH`, `sqlite:PATH`, a file path) or
//! PostgreSQL (`postgres://…`, `postgresql://…`) — creating it when asked, and migrating it.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use sqlx::migrate::{Migrate, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Database, PgPool, Pool as SqlxPool, SqlitePool};

use crate::{Pool, Store, StoreError};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The table sqlx records applied migrations in.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// A database backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file.
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

/// How to open a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenOptions {
    /// Create the database when it does not exist: the SQLite file, or the PostgreSQL
    /// database on its server. Read commands open with `false`.
    pub create: bool,
    /// Bring the schema up to date on open. `baocao migrate` opens without, and migrates
    /// explicitly to report what it applied.
    pub migrate: bool,
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions {
            create: true,
            migrate: true,
        }
    }
}

/// A migration of the schema, and whether [`Store::migrate`] applied it just now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationState {
    /// Its number (the file name's prefix, e.g. 1 for `0001_initial.sql`).
    pub version: i64,
    /// Its description (the rest of the file name, e.g. `initial`).
    pub description: String,
    /// Applied by this call (otherwise it was applied before).
    pub applied_now: bool,
}

/// Where a store's database is.
#[derive(Debug)]
pub(crate) enum Location {
    /// A SQLite database: its sqlx URL, and its file (none in memory).
    Sqlite { url: String, file: Option<PathBuf> },
    /// A PostgreSQL database: the URL as given.
    Postgres { url: String },
}

impl Location {
    /// The URL (PostgreSQL) or file path (SQLite), with any password replaced by `***`.
    pub(crate) fn redacted(&self) -> String {
        match self {
            Location::Sqlite { url, file } => file
                .as_ref()
                .map(|f| f.display().to_string())
                .unwrap_or_else(|| url.clone()),
            Location::Postgres { url } => redact_password(url),
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub(crate) fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        _ => url.to_string(),
    }
}

/// Reads a database URL.
pub(crate) fn locate(url: &str) -> Result<Location, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Location::Postgres {
            url: url.to_string(),
        });
    }
    let bare = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let unsupported = |reason: String| StoreError::UnsupportedUrl {
        url: redact_password(url),
        reason,
    };
    if bare.is_empty() {
        return Err(unsupported("it names no file".to_string()));
    }
    if !url.starts_with("sqlite:")
        && let Some((scheme, _)) = url.split_once("://")
    {
        return Err(unsupported(format!(
            "`{scheme}` databases are not supported"
        )));
    }
    let path = bare.split('?').next().unwrap_or_default();
    let file = (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path));
    let url = if url.starts_with("sqlite:") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    Ok(Location::Sqlite { url, file })
}

impl Store {
    /// Opens the database at `url` as `options` say.
    ///
    /// Errors: as [`Store::open_with`].
    pub async fn open_with_options(url: &str, options: OpenOptions) -> Result<Store, StoreError> {
        let location = locate(url)?;
        let pool = match &location {
            Location::Sqlite { url, file } => {
                Pool::Sqlite(open_sqlite(url, file.as_ref(), options.create).await?)
            }
            Location::Postgres { url } => Pool::Postgres(open_postgres(url, options.create).await?),
        };
        let store = Store {
            pool,
            location: Arc::new(location),
        };
        if options.migrate {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// Applies the migrations the database lacks (`migrations/sqlite/` or
    /// `migrations/postgres/`); returns every migration this version knows, in order, each
    /// marked whether it was applied now. Safe to run concurrently: sqlx takes a lock.
    ///
    /// Errors: a migration failed (its transaction is rolled back), or the database was
    /// migrated by a newer version of baocao.
    pub async fn migrate(&self) -> Result<Vec<MigrationState>, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => run_migrations(&SQLITE_MIGRATIONS, pool).await,
            Pool::Postgres(pool) => run_migrations(&POSTGRES_MIGRATIONS, pool).await,
        }
    }
}

async fn run_migrations<DB: Database>(
    migrator: &Migrator,
    pool: &SqlxPool<DB>,
) -> Result<Vec<MigrationState>, StoreError>
where
    DB::Connection: Migrate,
{
    let before = {
        let mut connection = pool.acquire().await?;
        connection.ensure_migrations_table(MIGRATIONS_TABLE).await?;
        connection
            .list_applied_migrations(MIGRATIONS_TABLE)
            .await?
            .iter()
            .map(|m| m.version)
            .collect::<Vec<_>>()
    };
    migrator.run(pool).await?;
    Ok(migrator
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
        .map(|m| MigrationState {
            version: m.version,
            description: m.description.to_string(),
            applied_now: !before.contains(&m.version),
        })
        .collect())
}

async fn open_sqlite(
    url: &str,
    file: Option<&PathBuf>,
    create: bool,
) -> Result<SqlitePool, StoreError> {
    if let Some(file) = file
        && !create
        && !file.exists()
    {
        return Err(StoreError::Missing(file.display().to_string()));
    }
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(create)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal);
    Ok(SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?)
}

/// SQLSTATE of "database does not exist".
const INVALID_CATALOG_NAME: &str = "3D000";

async fn open_postgres(url: &str, create: bool) -> Result<PgPool, StoreError> {
    let mut options = PgConnectOptions::from_str(url)?;
    if options.get_application_name().is_none() {
        options = options.application_name("baocao");
    }
    let pool_options = || PgPoolOptions::new().max_connections(8);
    let pool = match pool_options().connect_with(options.clone()).await {
        Ok(pool) => pool,
        Err(e) if is_missing_database(&e) => {
            if !create {
                return Err(StoreError::Missing(redact_password(url)));
            }
            create_postgres_database(url).await?;
            pool_options().connect_with(options).await?
        }
        Err(e) => return Err(e.into()),
    };
    let (encoding,): (String,) = sqlx::query_as("SHOW server_encoding")
        .fetch_one(&pool)
        .await?;
    if encoding != "UTF8" {
        return Err(StoreError::NotUtf8(encoding));
    }
    Ok(pool)
}

fn is_missing_database(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == INVALID_CATALOG_NAME)
}

/// Creates the database `url` names, in UTF-8; another process creating it at the same time
/// is not an error.
async fn create_postgres_database(url: &str) -> Result<(), StoreError> {
    use sqlx::migrate::MigrateDatabase;
    match sqlx::Postgres::create_database(url).await {
        Ok(()) => Ok(()),
        // 42P04: duplicate_database.
        Err(e) if e.as_database_error().and_then(|d| d.code()).as_deref() == Some("42P04") => {
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_url(url: &str) -> String {
        match locate(url).unwrap() {
            Location::Sqlite { url, .. } => url,
            Location::Postgres { .. } => panic!("{url} is SQLite"),
        }
    }

    #[test]
    fn urls() {
        assert_eq!(sqlite_url("baocao.db"), "sqlite://baocao.db");
        assert_eq!(sqlite_url("sqlite://x.db"), "sqlite://x.db");
        assert_eq!(sqlite_url("sqlite::memory:"), "sqlite::memory:");
        assert!(matches!(
            locate("postgresql://u@h/db").unwrap(),
            Location::Postgres { .. }
        ));
        assert!(matches!(
            locate("mysql://x"),
            Err(StoreError::UnsupportedUrl { .. })
        ));
        assert!(matches!(
            locate("sqlite://"),
            Err(StoreError::UnsupportedUrl { .. })
        ));
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_password("postgres://bao:s3cr@t@db.local:5432/baocao?sslmode=require"),
            "postgres://bao:***@db.local:5432/baocao?sslmode=require"
        );
        assert_eq!(
            redact_password("postgres://bao@db.local/baocao"),
            "postgres://bao@db.local/baocao"
        );
        let location = locate("postgres://u:pw@h/db").unwrap();
        assert_eq!(location.redacted(), "postgres://u:***@h/db");
    }
}
