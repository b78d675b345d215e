//! Fresh databases for tests (feature `testing`), so that one test body runs against both
//! backends: a SQLite file in a temporary folder, or a PostgreSQL database created for the
//! test and dropped after it.
//!
//! PostgreSQL is found at `BAOCAO_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`, the maintenance database; the user must be
//! allowed to create databases). When it cannot be reached the test fails, saying so, unless
//! `BAOCAO_SKIP_POSTGRES=1`: then [`TestDatabase::new`] returns `None` and the test is
//! skipped with a line on stderr.

use std::hash::{BuildHasher, RandomState};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use tempfile::TempDir;

use crate::{Backend, Store};

/// The server tests create their PostgreSQL databases on, unless `BAOCAO_TEST_POSTGRES_URL`
/// names another.
pub const DEFAULT_TEST_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A fresh, migrated database, removed when dropped (also when the test panics).
#[derive(Debug)]
pub struct TestDatabase {
    /// The store on it.
    pub store: Store,
    url: String,
    place: Place,
    /// The SQLite file's folder, and the test's files.
    dir: TempDir,
    /// Databases named by `missing_url`, which the test may have created: dropped too.
    others: Mutex<Vec<String>>,
}

#[derive(Debug)]
enum Place {
    Sqlite,
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A new database on `backend`; `None` when PostgreSQL tests are skipped
    /// (`BAOCAO_SKIP_POSTGRES=1`).
    ///
    /// Panics when the database cannot be made: a test cannot run without it, and
    /// PostgreSQL being down must not pass for success.
    pub async fn new(backend: Backend) -> Option<TestDatabase> {
        match backend {
            Backend::Sqlite => Some(TestDatabase::sqlite().await),
            Backend::Postgres => TestDatabase::postgres().await,
        }
    }

    /// A new SQLite database file in its own temporary folder.
    pub async fn sqlite() -> TestDatabase {
        let dir = TempDir::new().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = Store::open(&url)
            .await
            .expect("a new SQLite database opens");
        TestDatabase {
            store,
            url,
            place: Place::Sqlite,
            dir,
            others: Mutex::default(),
        }
    }

    /// A new PostgreSQL database (UTF-8), or `None` when skipped.
    pub async fn postgres() -> Option<TestDatabase> {
        if postgres_skipped() {
            eprintln!("skipped: BAOCAO_SKIP_POSTGRES=1");
            return None;
        }
        let admin_url = std::env::var("BAOCAO_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| DEFAULT_TEST_POSTGRES_URL.to_string());
        let name = unique_name();
        admin_execute(
            &admin_url,
            &format!("CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"),
        )
        .await;
        let url = with_database(&admin_url, &name);
        let store = match Store::open(&url).await {
            Ok(store) => store,
            Err(e) => panic!("the test database {name} does not open: {e}"),
        };
        Some(TestDatabase {
            store,
            url,
            place: Place::Postgres { admin_url, name },
            dir: TempDir::new().expect("a temporary folder"),
            others: Mutex::default(),
        })
    }

    /// The database's URL (for another process, or to open it again).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL of a database of the same kind, on the same server or in the same folder,
    /// that does not exist (a new one each call). If the test creates it, it is removed
    /// with this one.
    pub fn missing_url(&self) -> String {
        let name = unique_name();
        match &self.place {
            Place::Sqlite => {
                format!(
                    "sqlite://{}",
                    self.dir.path().join(format!("{name}.db")).display()
                )
            }
            Place::Postgres { admin_url, .. } => {
                self.others.lock().expect("not poisoned").push(name.clone());
                with_database(admin_url, &name)
            }
        }
    }

    /// A temporary folder for the test's files, removed with the database.
    pub fn folder(&self) -> &Path {
        self.dir.path()
    }

    /// Whether a database at `url` (made by [`TestDatabase::missing_url`]) exists.
    pub async fn exists(&self, url: &str) -> bool {
        match &self.place {
            Place::Sqlite => PathBuf::from(url.trim_start_matches("sqlite://")).exists(),
            Place::Postgres { admin_url, .. } => {
                let name = url.rsplit('/').next().unwrap_or_default();
                let mut admin = admin_connection(admin_url).await;
                let found: Option<(i32,)> =
                    sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
                        .bind(name)
                        .fetch_optional(&mut admin)
                        .await
                        .expect("pg_database is readable");
                let _ = admin.close().await;
                found.is_some()
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Place::Postgres { admin_url, name } = &self.place else {
            return;
        };
        // Drop may run inside the test's runtime, or while it unwinds: drop the database
        // from a thread of its own. FORCE ends the store's connections.
        let admin_url = admin_url.clone();
        let mut names = std::mem::take(&mut *self.others.lock().unwrap_or_else(|e| e.into_inner()));
        names.push(name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            for name in names {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                runtime.block_on(admin_execute(&admin_url, &sql));
            }
        })
        .join();
        if dropped.is_err() && !std::thread::panicking() {
            panic!("the test database {name} could not be dropped");
        }
    }
}

/// Whether `BAOCAO_SKIP_POSTGRES=1`.
pub fn postgres_skipped() -> bool {
    std::env::var("BAOCAO_SKIP_POSTGRES").is_ok_and(|v| v == "1")
}

/// `baocao_test_<pid>_<n>_<random>`: unique among concurrent test processes.
fn unique_name() -> String {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let random = RandomState::new().hash_one(COUNT.load(Ordering::Relaxed));
    format!(
        "baocao_test_{}_{}_{:08x}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed),
        random as u32
    )
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

async fn admin_connection(admin_url: &str) -> PgConnection {
    let options = PgConnectOptions::from_str(admin_url)
        .unwrap_or_else(|e| panic!("BAOCAO_TEST_POSTGRES_URL `{admin_url}` is not a URL: {e}"));
    let connected = tokio::time::timeout(
        Duration::from_secs(10),
        PgConnection::connect_with(&options),
    )
    .await;
    match connected {
        Ok(Ok(connection)) => connection,
        Ok(Err(e)) => unreachable_postgres(admin_url, &e),
        Err(_) => unreachable_postgres(admin_url, &"no answer within 10 s"),
    }
}

fn unreachable_postgres(admin_url: &str, reason: &dyn std::fmt::Display) -> ! {
    panic!(
        "PostgreSQL is not reachable at {admin_url}: {reason}\n\
         The PostgreSQL half of the conformance suite needs it. Start it \
         (pg_ctlcluster --skip-systemctl-redirect <version> main start; .ci/run does), \
         point BAOCAO_TEST_POSTGRES_URL at a server where this user may create databases, \
         or set BAOCAO_SKIP_POSTGRES=1 to skip the PostgreSQL tests."
    )
}

/// Runs one statement (built from constants and generated names) on the maintenance
/// database.
async fn admin_execute(admin_url: &str, sql: &str) {
    let mut admin = admin_connection(admin_url).await;
    if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut admin)
        .await
    {
        panic!("`{sql}` failed on {admin_url}: {e}");
    }
    let _ = admin.close().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_in_url() {
        assert_eq!(
            with_database("postgres://p@h:5432/postgres", "t1"),
            "postgres://p@h:5432/t1"
        );
        assert_eq!(
            with_database("postgres://p@h/postgres?sslmode=disable", "t1"),
            "postgres://p@h/t1?sslmode=disable"
        );
        assert_eq!(with_database("postgres://p@h", "t1"), "postgres://p@h/t1");
    }

    #[test]
    fn names_are_unique() {
        assert_ne!(unique_name(), unique_name());
    }
}
