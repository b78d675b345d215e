//! One value at a time, with optimistic concurrency: a writer says which version it read, and
//! the write is refused when the stored value has changed since. Two people editing the same
//! figure at once: one wins, the other is told, and nothing is silently overwritten.

use std::fmt;

use baocao_core::coc::CategoryOptionCombo;
use baocao_core::period::Period;
use baocao_core::value::DataValue;

use crate::rows::{DATA_VALUE_COLUMNS, DataValueRow};
use crate::sql::{Db, Statement};
use crate::write::{DATA_VALUE, data_value_row, next_change, now};
use crate::{Store, StoreError, in_transaction, with_db};

/// Where a data value is stored: DHIS2's key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValueKey {
    /// The data element's code.
    pub data_element: String,
    /// The cell.
    pub category_option_combo: CategoryOptionCombo,
    /// The org unit's id.
    pub org_unit: String,
    /// The period.
    pub period: Period,
}

impl ValueKey {
    /// The key of `value`.
    pub fn of(value: &DataValue) -> ValueKey {
        ValueKey {
            data_element: value.data_element.clone(),
            category_option_combo: value.category_option_combo.clone(),
            org_unit: value.org_unit.clone(),
            period: value.period,
        }
    }
}

impl fmt::Display for ValueKey {
    /// `DVC_HOSO/XA,TRUCTIEP @ 58 2023-04`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} @ {} {}",
            self.data_element,
            self.category_option_combo.code(),
            self.org_unit,
            self.period.id()
        )
    }
}

/// A stored row and its version: the change number of the write that stored it last.
/// Versions only grow and are never reused, in the whole database.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    /// The row.
    pub value: T,
    /// Its version, to pass back to [`Store::set_value`].
    pub version: i64,
}

impl Store {
    /// The value stored under `key`, with its version.
    pub async fn value(&self, key: &ValueKey) -> Result<Option<Versioned<DataValue>>, StoreError> {
        let row: Option<DataValueRow> = with_db!(self, |db| {
            let sql = format!("SELECT {DATA_VALUE_COLUMNS} FROM data_value WHERE {KEY_MATCH}");
            db.fetch_optional(bind_key(Statement::assembled(sql), key))
                .await?
        });
        row.map(|r| {
            let version = r.version;
            Ok(Versioned {
                value: r.into_value()?,
                version,
            })
        })
        .transpose()
    }

    /// Every value stored for `org_unit` in `period`, each with its version, in one read
    /// (ordered by data element and cell): what an entry form shows and writes back.
    ///
    /// Errors: database errors; a stored row that does not decode.
    pub async fn versioned_values(
        &self,
        org_unit: &str,
        period: Period,
    ) -> Result<Vec<Versioned<DataValue>>, StoreError> {
        let sql = format!(
            "SELECT {DATA_VALUE_COLUMNS} FROM data_value WHERE org_unit = $1 AND period = $2 \
             ORDER BY data_element, coc"
        );
        let statement = Statement::assembled(sql).bind(org_unit).bind(period.id());
        let rows: Vec<DataValueRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter()
            .map(|r| {
                let version = r.version;
                Ok(Versioned {
                    value: r.into_value()?,
                    version,
                })
            })
            .collect()
    }

    /// Stores one value if nobody changed it since it was read: `expected_version` is the
    /// version read with [`Store::value`], or `None` when there was no value. Returns the
    /// new version. The stored time is `value.stored_at`, or now.
    ///
    /// Errors: [`StoreError::Conflict`] when the stored version is not the expected one (the
    /// value was changed, stored or deleted meanwhile); nothing is written then. Database
    /// errors (e.g. an org unit that is not stored).
    pub async fn set_value(
        &self,
        value: &DataValue,
        expected_version: Option<i64>,
    ) -> Result<i64, StoreError> {
        Ok(in_transaction!(self, |db| {
            set_value(db, value, expected_version).await?
        }))
    }
}

/// The key columns, as `$1` … `$4`.
pub(crate) const KEY_MATCH: &str =
    "data_element = $1 AND coc = $2 AND org_unit = $3 AND period = $4";

pub(crate) fn bind_key(statement: Statement, key: &ValueKey) -> Statement {
    statement
        .bind(&key.data_element)
        .bind(key.category_option_combo.code())
        .bind(&key.org_unit)
        .bind(key.period.id())
}

async fn set_value<C: Db>(
    db: &mut C,
    value: &DataValue,
    expected: Option<i64>,
) -> Result<i64, StoreError> {
    let version = next_change(db).await?;
    set_value_as_version(db, value, expected, version).await
}

/// [`Store::set_value`] inside a transaction that took its change number, `version`, already.
pub(crate) async fn set_value_as_version<C: Db>(
    db: &mut C,
    value: &DataValue,
    expected: Option<i64>,
    version: i64,
) -> Result<i64, StoreError> {
    let row = data_value_row(value, now(), version);
    let changed = match expected {
        // Only if there is none: a value stored meanwhile is kept, and the writer told.
        None => {
            let insert = crate::sql::Insert {
                on_conflict: crate::sql::OnConflict::Nothing,
                ..DATA_VALUE
            };
            insert.run_one(db, row).await?
        }
        Some(expected) => {
            // The key is $1 … $4 as in KEY_MATCH; the other columns follow.
            let sql = format!(
                "UPDATE data_value SET value = $5, decimals = $6, as_typed = $7, origin = $8, \
                 stored_by = $9, stored_at = $10, comment = $11, version = $12 \
                 WHERE {KEY_MATCH} AND version = $13"
            );
            let statement = Statement::assembled(sql).bind_all(row).bind(expected);
            db.execute(statement).await?
        }
    };
    if changed == 1 {
        return Ok(version);
    }
    Err(conflict(db, &ValueKey::of(value), expected).await?)
}

/// The conflict of a write that expected `expected` under `key`, with the version stored now.
pub(crate) async fn conflict<C: Db>(
    db: &mut C,
    key: &ValueKey,
    expected: Option<i64>,
) -> Result<StoreError, StoreError> {
    let current: Option<(i64,)> = db
        .fetch_optional(bind_key(
            Statement::assembled(format!("SELECT version FROM data_value WHERE {KEY_MATCH}")),
            key,
        ))
        .await?;
    Ok(StoreError::Conflict {
        key: key.to_string(),
        expected,
        current: current.map(|(v,)| v),
    })
}

/// The words of a conflict: what the writer read and what is stored now.
pub(crate) fn conflict_detail(expected: Option<i64>, current: Option<i64>) -> String {
    let read = match expected {
        Some(v) => format!("you read version {v}"),
        None => "you expected no value".to_string(),
    };
    let now = match current {
        Some(v) => format!("it is now version {v}"),
        None => "it has been deleted".to_string(),
    };
    format!("{read}, {now}")
}
