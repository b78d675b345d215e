//! Backups. SQLite: a consistent snapshot written with `VACUUM INTO` (other connections may
//! keep reading and writing), restored table by table in one transaction. PostgreSQL: its
//! own tools, `pg_dump --format=custom` and `pg_restore --single-transaction`, run when they
//! are installed; otherwise the error gives the commands to run elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

use sqlx::{Connection, SqliteConnection, SqlitePool};

use crate::audit;
use crate::open::{Location, OpenOptions, redact_password};
use crate::{Pool, Store, StoreError};

/// A backup written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupOutcome {
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// How it was made, e.g. `VACUUM INTO` or `pg_dump --format=custom`.
    pub method: &'static str,
}

impl Store {
    /// Writes a consistent snapshot of the whole database to `path`, which must not exist:
    /// a SQLite file (open it with `--database-url PATH`), or for PostgreSQL a
    /// `pg_dump --format=custom` archive (which `pg_restore` reads).
    ///
    /// Errors: [`StoreError::Backup`] when `path` exists, or pg_dump is missing (the
    /// message gives the command to run) or fails; database errors.
    pub async fn backup(&self, path: &Path) -> Result<BackupOutcome, StoreError> {
        if path.exists() {
            return Err(StoreError::Backup(format!(
                "{} already exists; a backup never overwrites a file, choose another name",
                path.display()
            )));
        }
        let method = match (&self.pool, self.location.as_ref()) {
            (Pool::Sqlite(pool), _) => {
                sqlx::query("VACUUM INTO $1")
                    .bind(utf8(path)?)
                    .execute(pool)
                    .await?;
                "VACUUM INTO"
            }
            (Pool::Postgres(_), Location::Postgres { url }) => {
                let dump = PgTool::new("pg_dump", url)
                    .args(["--format=custom", "--no-owner", "--no-privileges"])
                    .arg(format!("--file={}", utf8(path)?));
                dump.run().await?;
                "pg_dump --format=custom"
            }
            (Pool::Postgres(_), Location::Sqlite { .. }) => unreachable!("opened from its URL"),
        };
        let bytes = std::fs::metadata(path)
            .map_err(|e| StoreError::Backup(format!("{}: {e}", path.display())))?
            .len();
        Ok(BackupOutcome {
            path: path.to_path_buf(),
            bytes,
            method,
        })
    }

    /// Replaces everything the database holds by the backup at `path` (written by
    /// [`Store::backup`]), in one transaction: on any error the database is unchanged. A
    /// backup made by an older version is migrated first (SQLite: on a copy; the file is
    /// not changed). Versions of values keep growing past any version handed out before.
    ///
    /// Errors: [`StoreError::Backup`] when `path` is missing or not a baocao backup, or
    /// pg_restore is missing or fails; migration errors (a backup from a newer version);
    /// database errors.
    pub async fn restore(&self, path: &Path) -> Result<(), StoreError> {
        if !path.is_file() {
            return Err(StoreError::Backup(format!(
                "there is no backup file at {}",
                path.display()
            )));
        }
        match (&self.pool, self.location.as_ref()) {
            (Pool::Sqlite(pool), _) => restore_sqlite(pool, path).await,
            (Pool::Postgres(pool), Location::Postgres { url }) => {
                let before: Option<(i64,)> = sqlx::query_as("SELECT last_value FROM change_number")
                    .fetch_optional(pool)
                    .await
                    .unwrap_or(None);
                // A database from before migration 3 has no log yet.
                let log_before: Option<(i64,)> =
                    sqlx::query_as("SELECT last_value FROM audit_log_id_seq")
                        .fetch_optional(pool)
                        .await
                        .unwrap_or(None);
                PgTool::new("pg_restore", url)
                    .args([
                        "--clean",
                        "--if-exists",
                        "--no-owner",
                        "--no-privileges",
                        "--single-transaction",
                        "--exit-on-error",
                    ])
                    .arg(utf8(path)?)
                    .run()
                    .await?;
                self.migrate().await?;
                if let Some((before,)) = before {
                    sqlx::query(
                        "SELECT setval('change_number', GREATEST($1, (SELECT last_value FROM change_number)))",
                    )
                    .bind(before)
                    .execute(pool)
                    .await?;
                }
                // Entry numbers handed out before are not handed out again either.
                if let Some((log_before,)) = log_before {
                    sqlx::query(
                        "SELECT setval('audit_log_id_seq', GREATEST($1, (SELECT last_value FROM audit_log_id_seq)))",
                    )
                    .bind(log_before)
                    .execute(pool)
                    .await?;
                }
                sqlx::query(RESTORE_ENTRY)
                    .bind(crate::write::now())
                    .bind(audit::SYSTEM_ACTOR)
                    .bind(audit::action::RESTORE)
                    .bind(audit::entity::RESTORE)
                    .bind(backup_name(path))
                    .execute(pool)
                    .await?;
                Ok(())
            }
            (Pool::Postgres(_), Location::Sqlite { .. }) => unreachable!("opened from its URL"),
        }
    }
}

/// The audit entry of a restore (the log is the backup's from then on).
const RESTORE_ENTRY: &str = "INSERT INTO audit_log (at, actor, action, entity, new_value) \
                             VALUES ($1, $2, $3, $4, $5)";

/// The backup's file name, as the audit log records it.
fn backup_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn utf8(path: &Path) -> Result<&str, StoreError> {
    path.to_str()
        .ok_or_else(|| StoreError::Backup(format!("{} is not a UTF-8 path", path.display())))
}

/// Restores a SQLite backup: a migrated copy of it is attached, and every table of this
/// database is emptied and filled from the copy in one transaction.
async fn restore_sqlite(pool: &SqlitePool, path: &Path) -> Result<(), StoreError> {
    let copy = MigratedCopy::new(path).await?;
    let mut connection = pool.acquire().await?;
    // Foreign keys are checked once, over the whole restored state, before the commit:
    // row by row, emptying a table would cascade into others. The pragma only takes effect
    // outside a transaction.
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *connection)
        .await?;
    let result = attach_and_copy(&mut connection, &copy.path, &backup_name(path)).await;
    // The connection goes back to the pool as it came, or is closed.
    let _ = sqlx::query("DETACH DATABASE backup")
        .execute(&mut *connection)
        .await;
    if let Err(e) = sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *connection)
        .await
    {
        let _ = connection.close().await;
        return Err(e.into());
    }
    result
}

async fn attach_and_copy(
    connection: &mut SqliteConnection,
    copy: &Path,
    name: &str,
) -> Result<(), StoreError> {
    sqlx::query("ATTACH DATABASE $1 AS backup")
        .bind(utf8(copy)?)
        .execute(&mut *connection)
        .await?;
    copy_tables(connection, name).await
}

async fn copy_tables(connection: &mut SqliteConnection, name: &str) -> Result<(), StoreError> {
    let tables = |schema: &'static str| {
        // The schema name is one of two constants.
        sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(format!(
            "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name"
        )))
    };
    let mut transaction = connection.begin().await?;
    let ours = tables("main").fetch_all(&mut *transaction).await?;
    let theirs = tables("backup").fetch_all(&mut *transaction).await?;
    if ours != theirs {
        return Err(StoreError::Backup(
            "the backup's tables differ from this database's; it was not written by baocao"
                .to_string(),
        ));
    }
    let (counter,): (i64,) = sqlx::query_as("SELECT last FROM main.change_counter")
        .fetch_one(&mut *transaction)
        .await?;
    // The triggers that keep the audit log append-only would refuse emptying it: they are
    // dropped and made again from their own SQL inside this transaction, so no other
    // connection ever sees the log without them.
    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' ORDER BY name",
    )
    .fetch_all(&mut *transaction)
    .await?;
    for (trigger, _) in &triggers {
        let trigger = trigger.replace('"', "\"\"");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP TRIGGER main.\"{trigger}\""
        )))
        .execute(&mut *transaction)
        .await?;
    }
    for (table,) in &ours {
        // Table names come from sqlite_master, identical in both schemas; quoted.
        let table = table.replace('"', "\"\"");
        for sql in [
            format!("DELETE FROM main.\"{table}\""),
            format!("INSERT INTO main.\"{table}\" SELECT * FROM backup.\"{table}\""),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *transaction)
                .await?;
        }
    }
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut *transaction)
        .await?;
    if !broken.is_empty() {
        return Err(StoreError::Backup(format!(
            "the backup's rows refer to rows it does not hold (tables {}); nothing was restored",
            broken
                .into_iter()
                .map(|(t,)| t)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    sqlx::query("UPDATE main.change_counter SET last = MAX(last, $1)")
        .bind(counter)
        .execute(&mut *transaction)
        .await?;
    for (_, sql) in triggers {
        // The schema's own SQL, as SQLite stored it.
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *transaction)
            .await?;
    }
    sqlx::query(RESTORE_ENTRY)
        .bind(crate::write::now())
        .bind(audit::SYSTEM_ACTOR)
        .bind(audit::action::RESTORE)
        .bind(audit::entity::RESTORE)
        .bind(name)
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    Ok(())
}

/// A copy of a SQLite backup, migrated to this version, removed when dropped.
struct MigratedCopy {
    path: PathBuf,
}

impl MigratedCopy {
    async fn new(backup: &Path) -> Result<MigratedCopy, StoreError> {
        let name = format!(
            "baocao-restore-{}-{}.db",
            std::process::id(),
            backup
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        let copy = MigratedCopy {
            path: std::env::temp_dir().join(name),
        };
        std::fs::copy(backup, &copy.path)
            .map_err(|e| StoreError::Backup(format!("cannot copy {}: {e}", backup.display())))?;
        let not_ours = || {
            StoreError::Backup(format!(
                "{} is not a baocao backup (no migrations table)",
                backup.display()
            ))
        };
        let url = format!("sqlite://{}", utf8(&copy.path)?);
        let options = OpenOptions {
            create: false,
            migrate: false,
        };
        let store = Store::open_with_options(&url, options)
            .await
            .map_err(|_| not_ours())?;
        let Pool::Sqlite(pool) = &store.pool else {
            unreachable!("a sqlite:// URL")
        };
        let migrations: Option<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(pool)
        .await
        .map_err(|_| not_ours())?;
        if migrations.is_none() {
            store.close().await;
            return Err(not_ours());
        }
        let migrated = store.migrate().await;
        store.close().await;
        migrated?;
        Ok(copy)
    }
}

impl Drop for MigratedCopy {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut file = self.path.clone().into_os_string();
            file.push(suffix);
            let _ = std::fs::remove_file(file);
        }
    }
}

/// A PostgreSQL client tool run against the store's database. The password goes in
/// `PGPASSWORD`, not on the command line, where other users could read it.
struct PgTool {
    command: Command,
    name: &'static str,
    shown: String,
}

impl PgTool {
    fn new(name: &'static str, url: &str) -> PgTool {
        let (url, password) = split_password(url);
        let mut command = Command::new(name);
        command.arg(format!("--dbname={url}"));
        if let Some(password) = password {
            command.env("PGPASSWORD", password);
        }
        PgTool {
            command,
            name,
            shown: format!("{name} --dbname='{url}'"),
        }
    }

    fn arg(mut self, arg: impl AsRef<str>) -> PgTool {
        self.shown.push(' ');
        self.shown.push_str(arg.as_ref());
        self.command.arg(arg.as_ref());
        self
    }

    fn args<const N: usize>(self, args: [&str; N]) -> PgTool {
        args.into_iter().fold(self, PgTool::arg)
    }

    async fn run(self) -> Result<(), StoreError> {
        let PgTool {
            mut command,
            name,
            shown,
        } = self;
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .map_err(|e| StoreError::Backup(format!("{name} did not finish: {e}")))?;
        match output {
            Ok(output) if output.status.success() => Ok(()),
            Ok(output) => Err(StoreError::Backup(format!(
                "{name} failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StoreError::Backup(format!(
                "{name} is not installed here (PostgreSQL's client tools, e.g. apt-get install postgresql-client); \
                     run this where it is, with PGPASSWORD set if the server asks for one: {shown}"
            ))),
            Err(e) => Err(StoreError::Backup(format!("cannot run {name}: {e}"))),
        }
    }
}

/// The URL without its password, and the password (percent-decoded).
fn split_password(url: &str) -> (String, Option<String>) {
    let redacted = redact_password(url);
    if redacted == url {
        return (url.to_string(), None);
    }
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((user_info, host)) = authority.rsplit_once('@') else {
        return (url.to_string(), None);
    };
    let (user, password) = user_info.split_once(':').unwrap_or((user_info, ""));
    (
        format!("{scheme}://{user}@{host}{tail}"),
        Some(percent_decode(password)),
    )
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_leave_the_url() {
        assert_eq!(
            split_password("postgres://bao:p%40ss@db:5432/baocao"),
            (
                "postgres://bao@db:5432/baocao".to_string(),
                Some("p@ss".to_string())
            )
        );
        assert_eq!(
            split_password("postgres://bao@db/baocao"),
            ("postgres://bao@db/baocao".to_string(), None)
        );
    }
}
