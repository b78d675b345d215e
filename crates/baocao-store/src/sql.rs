//! The small SQL layer both backends implement. Statements are written once, with `$1`, `$2`
//! … placeholders (SQLite reads them as PostgreSQL does) and `ON CONFLICT … DO UPDATE`
//! upserts (both have them); arguments are plain values; rows are decoded through `FromRow`
//! structs that both drivers can fill. Code that reads or writes is generic over [`Db`], so
//! one function serves SQLite and PostgreSQL, and a transaction can span several functions.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Arguments, AssertSqlSafe, Database, Encode, FromRow, Type};

/// Which SQL dialect a connection speaks, for the few statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// SQLite 3.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// One argument of a statement. Every variant may be NULL, so that PostgreSQL learns the
/// type of a NULL from the variant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
    Date(Option<NaiveDate>),
    Timestamp(Option<NaiveDateTime>),
    Bool(Option<bool>),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(Some(v.to_string()))
    }
}

impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(Some(v.clone()))
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(Some(v))
    }
}

impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Arg {
        Arg::Text(v)
    }
}

impl From<&Option<String>> for Arg {
    fn from(v: &Option<String>) -> Arg {
        Arg::Text(v.clone())
    }
}

impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::Int(Some(v))
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Arg {
        Arg::Int(v)
    }
}

impl From<f64> for Arg {
    fn from(v: f64) -> Arg {
        Arg::Real(Some(v))
    }
}

impl From<NaiveDate> for Arg {
    fn from(v: NaiveDate) -> Arg {
        Arg::Date(Some(v))
    }
}

impl From<Option<NaiveDate>> for Arg {
    fn from(v: Option<NaiveDate>) -> Arg {
        Arg::Date(v)
    }
}

impl From<bool> for Arg {
    fn from(v: bool) -> Arg {
        Arg::Bool(Some(v))
    }
}

impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Arg {
        Arg::Text(v.map(str::to_string))
    }
}

impl From<NaiveDateTime> for Arg {
    fn from(v: NaiveDateTime) -> Arg {
        Arg::Timestamp(Some(v))
    }
}

/// A statement and its arguments.
#[derive(Debug, Clone)]
pub(crate) struct Statement {
    sql: Cow<'static, str>,
    args: Vec<Arg>,
}

impl Statement {
    /// A statement written in the source.
    pub(crate) fn new(sql: &'static str) -> Statement {
        Statement {
            sql: Cow::Borrowed(sql),
            args: Vec::new(),
        }
    }

    /// A statement assembled at run time. Only fixed fragments of this crate and
    /// placeholders may go into `sql`, never a value: values are bound.
    pub(crate) fn assembled(sql: String) -> Statement {
        Statement {
            sql: Cow::Owned(sql),
            args: Vec::new(),
        }
    }

    /// Binds the next placeholder.
    pub(crate) fn bind(mut self, arg: impl Into<Arg>) -> Statement {
        self.args.push(arg.into());
        self
    }

    /// Binds the next placeholders, in order.
    pub(crate) fn bind_all(mut self, args: impl IntoIterator<Item = Arg>) -> Statement {
        self.args.extend(args);
        self
    }

    /// The SQL text.
    #[cfg(test)]
    pub(crate) fn sql(&self) -> &str {
        &self.sql
    }
}

/// A row type both drivers can decode (a `#[derive(sqlx::FromRow)]` struct or a tuple).
pub(crate) trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A connection, or a transaction's connection, of either backend.
pub(crate) trait Db: Send {
    /// The dialect the connection speaks.
    const DIALECT: Dialect;

    /// Runs a statement; returns the number of rows it changed.
    async fn execute(&mut self, statement: Statement) -> Result<u64, sqlx::Error>;

    /// Runs a query; returns every row.
    async fn fetch_all<T: Record>(&mut self, statement: Statement) -> Result<Vec<T>, sqlx::Error>;

    /// Runs a query; returns its first row, if any.
    async fn fetch_optional<T: Record>(
        &mut self,
        statement: Statement,
    ) -> Result<Option<T>, sqlx::Error>;
}

/// The driver's arguments for `args`.
fn arguments<DB: Database>(args: Vec<Arg>) -> Result<DB::Arguments, sqlx::Error>
where
    for<'t> Option<String>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<i64>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<f64>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<NaiveDate>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<NaiveDateTime>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<bool>: Encode<'t, DB> + Type<DB>,
{
    let mut out = DB::Arguments::default();
    for arg in args {
        match arg {
            Arg::Text(v) => out.add(v),
            Arg::Int(v) => out.add(v),
            Arg::Real(v) => out.add(v),
            Arg::Date(v) => out.add(v),
            Arg::Timestamp(v) => out.add(v),
            Arg::Bool(v) => out.add(v),
        }
        .map_err(sqlx::Error::Encode)?;
    }
    Ok(out)
}

/// Implements [`Db`] for a driver's connection type; the bodies are the same for every
/// driver, only the types differ.
macro_rules! impl_db {
    ($connection:ty, $database:ty, $dialect:expr) => {
        impl Db for $connection {
            const DIALECT: Dialect = $dialect;

            async fn execute(&mut self, statement: Statement) -> Result<u64, sqlx::Error> {
                let args = arguments::<$database>(statement.args)?;
                let done = sqlx::query_with(AssertSqlSafe(statement.sql), args)
                    .execute(self)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn fetch_all<T: Record>(
                &mut self,
                statement: Statement,
            ) -> Result<Vec<T>, sqlx::Error> {
                let args = arguments::<$database>(statement.args)?;
                sqlx::query_as_with(AssertSqlSafe(statement.sql), args)
                    .fetch_all(self)
                    .await
            }

            async fn fetch_optional<T: Record>(
                &mut self,
                statement: Statement,
            ) -> Result<Option<T>, sqlx::Error> {
                let args = arguments::<$database>(statement.args)?;
                sqlx::query_as_with(AssertSqlSafe(statement.sql), args)
                    .fetch_optional(self)
                    .await
            }
        }
    };
}

impl_db!(sqlx::SqliteConnection, sqlx::Sqlite, Dialect::Sqlite);
impl_db!(sqlx::PgConnection, sqlx::Postgres, Dialect::Postgres);

/// `$first, $first+1, …` for a short list of `n` arguments, read alike by both backends.
pub(crate) fn dollar_placeholders(first: usize, n: usize) -> String {
    placeholders(Dialect::Postgres, first, n)
}

/// `$first, $first+1, …` for `n` arguments; for SQLite, `?, ?, …`, which must then be the
/// statement's only placeholders. SQLite keeps numbered and named placeholders in a list
/// that the driver searches once per argument: quadratic in statements with thousands of
/// arguments (minutes for a large load), where plain `?` costs nothing.
pub(crate) fn placeholders(dialect: Dialect, first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| match dialect {
            Dialect::Sqlite => "?".to_string(),
            Dialect::Postgres => format!("${i}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What an insert does when a row with the same key is already stored.
#[derive(Debug, Clone, Copy)]
pub(crate) enum OnConflict {
    /// Overwrite every column but the key and the listed ones.
    UpdateExcept(&'static [&'static str]),
    /// Keep the stored row.
    Nothing,
}

/// A batched insert into one table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Insert {
    /// The table.
    pub table: &'static str,
    /// The columns, in the order each row gives them.
    pub columns: &'static [&'static str],
    /// The primary key, for `ON CONFLICT`.
    pub key: &'static [&'static str],
    /// What a row with a stored key does.
    pub on_conflict: OnConflict,
}

/// The most arguments one statement binds: under SQLite's limit (32 766) and PostgreSQL's
/// (65 535), large enough that a statement carries a thousand or more rows.
const MAX_ARGS_PER_STATEMENT: usize = 30_000;

impl Insert {
    /// Inserts `rows` (each as many arguments as there are columns), several hundred rows per
    /// statement. The caller removes rows with duplicate keys first: PostgreSQL refuses to
    /// upsert one key twice in one statement.
    pub(crate) async fn run<C: Db>(
        &self,
        db: &mut C,
        rows: Vec<Vec<Arg>>,
    ) -> Result<(), sqlx::Error> {
        let per_statement = (MAX_ARGS_PER_STATEMENT / self.columns.len()).max(1);
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let batch: Vec<Vec<Arg>> = rows.by_ref().take(per_statement).collect();
            db.execute(self.statement(C::DIALECT, batch)).await?;
        }
        Ok(())
    }

    /// Inserts one row; returns the number of rows changed (0 when [`OnConflict::Nothing`]
    /// kept a stored row).
    pub(crate) async fn run_one<C: Db>(
        &self,
        db: &mut C,
        row: Vec<Arg>,
    ) -> Result<u64, sqlx::Error> {
        db.execute(self.statement(C::DIALECT, vec![row])).await
    }

    /// One `INSERT … VALUES (…), (…) ON CONFLICT …` for `batch`.
    fn statement(&self, dialect: Dialect, batch: Vec<Vec<Arg>>) -> Statement {
        let width = self.columns.len();
        let tuples: Vec<String> = (0..batch.len())
            .map(|i| format!("({})", placeholders(dialect, 1 + i * width, width)))
            .collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {} {}",
            self.table,
            self.columns.join(", "),
            tuples.join(", "),
            self.conflict_clause()
        );
        let args = batch.into_iter().flat_map(|row| {
            debug_assert_eq!(row.len(), width, "row width of {}", self.table);
            row
        });
        Statement::assembled(sql).bind_all(args)
    }

    fn conflict_clause(&self) -> String {
        let key = self.key.join(", ");
        match self.on_conflict {
            OnConflict::Nothing => format!("ON CONFLICT ({key}) DO NOTHING"),
            OnConflict::UpdateExcept(kept) => {
                let sets: Vec<String> = self
                    .columns
                    .iter()
                    .filter(|c| !self.key.contains(c) && !kept.contains(c))
                    .map(|c| format!("{c} = excluded.{c}"))
                    .collect();
                if sets.is_empty() {
                    format!("ON CONFLICT ({key}) DO NOTHING")
                } else {
                    format!("ON CONFLICT ({key}) DO UPDATE SET {}", sets.join(", "))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAIR: Insert = Insert {
        table: "t",
        columns: &["k", "a", "b"],
        key: &["k"],
        on_conflict: OnConflict::UpdateExcept(&["b"]),
    };

    #[test]
    fn multi_row_upsert() {
        let rows = vec![
            vec![Arg::from("x"), Arg::from(1_i64), Arg::from(2_i64)],
            vec![Arg::from("y"), Arg::from(3_i64), Arg::from(4_i64)],
        ];
        let statement = PAIR.statement(Dialect::Postgres, rows);
        assert_eq!(
            statement.sql(),
            "INSERT INTO t (k, a, b) VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT (k) DO UPDATE SET a = excluded.a"
        );
        assert_eq!(statement.args.len(), 6);
    }

    #[test]
    fn nothing_to_update_does_nothing() {
        let insert = Insert {
            on_conflict: OnConflict::UpdateExcept(&["a", "b"]),
            ..PAIR
        };
        assert_eq!(insert.conflict_clause(), "ON CONFLICT (k) DO NOTHING");
    }

    #[test]
    fn numbered_placeholders() {
        assert_eq!(placeholders(Dialect::Postgres, 3, 2), "$3, $4");
        assert_eq!(placeholders(Dialect::Sqlite, 3, 2), "?, ?");
        assert_eq!(placeholders(Dialect::Postgres, 1, 0), "");
    }
}
