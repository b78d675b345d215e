//! A streaming import of data values: one transaction, written batch by batch as the values
//! are read, so that memory follows the batch and not the file, then committed with one
//! audit entry, or rolled back (nothing written).
//!
//! Each batch is compared with what is stored: a value whose key is not stored is **new**; one
//! whose figure (value and decimals) and comment equal the stored ones is **unchanged** and is
//! not written again (the stored text as typed — "05" — and version are kept); any other is
//! **changed**. New and changed values are upserted with the import's version, a change
//! number taken when the import begins (see [`Store::set_value`]), so only they get a new
//! version.

use std::collections::{BTreeSet, HashMap};

use baocao_core::period::Period;
use baocao_core::value::DataValue;
use chrono::NaiveDateTime;

use crate::audit::{self, NewEntry, action};
use crate::sql::{Db, Statement, placeholders};
use crate::workflow::{ApprovalStatus, LockMode, lock_data_set_period, status_in};
use crate::write::{DATA_VALUE, data_value_row, next_change, now};
use crate::{Pool, Store, StoreError, in_transaction};

/// How many values of an import were new, changed and unchanged (for one batch, or all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Values whose key was not stored: inserted.
    pub new: u64,
    /// Values that replaced a stored one with another figure, precision or comment.
    pub changed: u64,
    /// Values equal to the stored ones (same value, decimals and comment): not written.
    pub unchanged: u64,
}

impl ImportCounts {
    fn add(&mut self, other: ImportCounts) {
        self.new += other.new;
        self.changed += other.changed;
        self.unchanged += other.unchanged;
    }
}

/// The most keys one comparison query binds (four arguments each, under the 30 000
/// arguments a statement may bind on both backends).
const KEYS_PER_QUERY: usize = 7_000;

enum Transaction {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs `$body` with `$db` the import's transaction's connection (a `&mut` of a type
/// implementing [`Db`]).
macro_rules! on_transaction {
    ($transaction:expr, |$db:ident| $body:expr) => {
        match $transaction {
            Transaction::Sqlite(t) => {
                let $db = &mut **t;
                $body
            }
            Transaction::Postgres(t) => {
                let $db = &mut **t;
                $body
            }
        }
    };
}

/// An import under way: an open transaction (see the module documentation). Dropped without
/// [`BulkImport::commit`], it rolls back.
pub struct BulkImport {
    store: Store,
    transaction: Transaction,
    version: i64,
    now: NaiveDateTime,
    actor: String,
    source: String,
    counts: ImportCounts,
    periods: BTreeSet<Period>,
    /// The (data set, period) locks held.
    locked: BTreeSet<(String, Period)>,
}

impl std::fmt::Debug for BulkImport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkImport")
            .field("version", &self.version)
            .field("actor", &self.actor)
            .field("source", &self.source)
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Begins an import by `actor` (a user name, or [`audit::SYSTEM_ACTOR`] for the command
    /// line) of `source` (a file name, for the audit log): opens its transaction and takes
    /// its change number. On SQLite the transaction is the one writer until it ends.
    ///
    /// Errors: database errors.
    pub async fn begin_import(&self, actor: &str, source: &str) -> Result<BulkImport, StoreError> {
        let (transaction, version) = match &self.pool {
            Pool::Sqlite(pool) => {
                let mut t = pool.begin().await?;
                let version = next_change(&mut *t).await?;
                (Transaction::Sqlite(t), version)
            }
            Pool::Postgres(pool) => {
                let mut t = pool.begin().await?;
                let version = next_change(&mut *t).await?;
                (Transaction::Postgres(t), version)
            }
        };
        Ok(BulkImport {
            store: self.clone(),
            transaction,
            version,
            now: now(),
            actor: actor.to_string(),
            source: source.to_string(),
            counts: ImportCounts::default(),
            periods: BTreeSet::new(),
            locked: BTreeSet::new(),
        })
    }
}

impl BulkImport {
    /// The version every value this import writes gets.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The counts of every batch written so far.
    pub fn counts(&self) -> ImportCounts {
        self.counts
    }

    /// The workflow status of (`data_set`, `org_unit`, `period`) as this transaction sees it,
    /// holding the lock of the data set and period (shared, one for every org unit) until
    /// the import ends, so that no status move of it interleaves with the import: an approval
    /// waits for the import, and the import sees a move committed before.
    ///
    /// Errors: database errors; a stored status that does not decode.
    pub async fn status(
        &mut self,
        data_set: &str,
        org_unit: &str,
        period: Period,
    ) -> Result<ApprovalStatus, StoreError> {
        let lock = (data_set.to_string(), period);
        let new_lock = !self.locked.contains(&lock);
        let status = on_transaction!(&mut self.transaction, |db| {
            if new_lock {
                lock_data_set_period(db, data_set, period, LockMode::Shared).await?;
            }
            status_in(db, data_set, org_unit, period).await?
        });
        self.locked.insert(lock);
        Ok(status)
    }

    /// Writes a batch: compares it with the stored values, inserts the new ones and replaces
    /// the changed ones, leaves the unchanged ones as stored; returns the batch's counts.
    /// Within a batch the last value with a key wins (the checker lets no key through twice).
    /// Memory and statements follow the batch's size.
    ///
    /// Errors: database errors (e.g. an org unit that is not stored), after which the import
    /// can only be dropped or rolled back.
    pub async fn write_batch(&mut self, values: &[DataValue]) -> Result<ImportCounts, StoreError> {
        let mut last: HashMap<Key, usize> = HashMap::with_capacity(values.len());
        for (i, v) in values.iter().enumerate() {
            last.insert(key_of(v), i);
        }
        let mut keys: Vec<(Key, usize)> = last.into_iter().collect();
        keys.sort_unstable_by_key(|(_, i)| *i);
        let (version, now) = (self.version, self.now);
        let counts = on_transaction!(&mut self.transaction, |db| {
            write_batch(db, values, &keys, version, now).await?
        });
        for (_, i) in &keys {
            self.periods.insert(values[*i].period);
        }
        self.counts.add(counts);
        Ok(counts)
    }

    /// Commits the import with its audit entry ([`action::LOAD`], entity `import`, by the
    /// import's actor, of its one period if it has one; new = the source and the counts);
    /// returns the counts.
    ///
    /// Errors: database errors (nothing is written then).
    pub async fn commit(mut self) -> Result<ImportCounts, StoreError> {
        let c = self.counts;
        let entry = NewEntry {
            actor: &self.actor,
            action: action::LOAD,
            entity: audit::entity::IMPORT.to_string(),
            period: self.one_period(),
            old_value: None,
            new_value: Some(format!(
                "{}: {} số liệu mới, {} thay đổi, {} không đổi",
                self.source, c.new, c.changed, c.unchanged
            )),
            reason: None,
        };
        on_transaction!(&mut self.transaction, |db| audit::append(db, &entry)
            .await?);
        match self.transaction {
            Transaction::Sqlite(t) => t.commit().await?,
            Transaction::Postgres(t) => t.commit().await?,
        }
        Ok(c)
    }

    /// Rolls the import back: nothing it wrote stays.
    ///
    /// Errors: database errors (the transaction is gone all the same).
    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.transaction {
            Transaction::Sqlite(t) => t.rollback().await?,
            Transaction::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }

    /// Rolls the import back because figures of approved data sets were in it, and audits
    /// the refusal once, in a transaction of its own ([`action::VALUE_REFUSED`], entity
    /// `import`, reason `locked`, of `period` when the refused values are of one; new = the
    /// source, how many values were refused and the approved data sets, `cntt @ 58 2023-04`,
    /// `;`-separated).
    ///
    /// Errors: database errors.
    pub async fn refuse_locked(
        self,
        refused_values: u64,
        data_sets: &[String],
        period: Option<Period>,
    ) -> Result<(), StoreError> {
        let store = self.store.clone();
        let actor = self.actor.clone();
        let detail = format!(
            "{}: {refused_values} số liệu của biểu mẫu đã duyệt: {}",
            self.source,
            data_sets.join("; ")
        );
        self.rollback().await?;
        in_transaction!(store, |db| {
            next_change(db).await?;
            audit::append(
                db,
                &NewEntry {
                    actor: &actor,
                    action: action::VALUE_REFUSED,
                    entity: audit::entity::IMPORT.to_string(),
                    period,
                    old_value: None,
                    new_value: Some(detail),
                    reason: Some(audit::REASON_LOCKED.to_string()),
                },
            )
            .await?;
        });
        Ok(())
    }

    fn one_period(&self) -> Option<Period> {
        match self.periods.iter().collect::<Vec<_>>().as_slice() {
            [one] => Some(**one),
            _ => None,
        }
    }
}

/// A value's key as stored: data element, cell code, org unit, period id.
type Key = (String, String, String, String);

fn key_of(v: &DataValue) -> Key {
    (
        v.data_element.clone(),
        v.category_option_combo.code(),
        v.org_unit.clone(),
        v.period.id(),
    )
}

/// What a comparison reads of a stored value.
#[derive(sqlx::FromRow)]
struct StoredFigure {
    data_element: String,
    coc: String,
    org_unit: String,
    period: String,
    value: f64,
    decimals: i64,
    comment: Option<String>,
}

async fn write_batch<C: Db>(
    db: &mut C,
    values: &[DataValue],
    keys: &[(Key, usize)],
    version: i64,
    now: NaiveDateTime,
) -> Result<ImportCounts, StoreError> {
    let mut stored: HashMap<Key, (f64, i64, Option<String>)> = HashMap::new();
    for chunk in keys.chunks(KEYS_PER_QUERY) {
        let tuples: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", placeholders(C::DIALECT, 1 + 4 * i, 4)))
            .collect();
        // Only placeholders are assembled; the keys are bound. The VALUES' columns are
        // column1 … column4 on both backends; CROSS JOIN makes SQLite loop over the keys and
        // look each up by the primary key (PostgreSQL plans it as any join).
        let sql = format!(
            "SELECT d.data_element, d.coc, d.org_unit, d.period, d.value, d.decimals, d.comment \
             FROM (VALUES {}) AS k CROSS JOIN data_value d WHERE d.data_element = k.column1 \
             AND d.coc = k.column2 AND d.org_unit = k.column3 AND d.period = k.column4",
            tuples.join(", ")
        );
        let statement = Statement::assembled(sql).bind_all(chunk.iter().flat_map(|(k, _)| {
            [
                k.0.clone().into(),
                k.1.clone().into(),
                k.2.clone().into(),
                k.3.clone().into(),
            ]
        }));
        let rows: Vec<StoredFigure> = db.fetch_all(statement).await?;
        for r in rows {
            stored.insert(
                (r.data_element, r.coc, r.org_unit, r.period),
                (r.value, r.decimals, r.comment),
            );
        }
    }
    let mut counts = ImportCounts::default();
    let mut rows = Vec::new();
    for (key, i) in keys {
        let v = &values[*i];
        match stored.get(key) {
            None => counts.new += 1,
            // The same figure at the same precision, with the same comment: the text the
            // unit typed ("05") is kept rather than replaced by another spelling ("5").
            Some((value, decimals, comment))
                if *value == v.number.value
                    && *decimals == i64::from(v.number.decimals)
                    && *comment == v.comment =>
            {
                counts.unchanged += 1;
                continue;
            }
            Some(_) => counts.changed += 1,
        }
        rows.push(data_value_row(v, now, version));
    }
    DATA_VALUE.run(db, rows).await?;
    Ok(counts)
}
