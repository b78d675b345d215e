//! The workflow of a data set (for now a field code: `cntt`, `bcvt` …; the store takes any
//! text) of an org unit for a period: entered (draft), submitted by the chuyên viên,
//! approved by the lãnh đạo. Approved figures are locked: [`Store::write_value`] and
//! [`Store::delete_value`] refuse them. Who may make which move is `baocao-app`'s rule
//! (`edit::change_status`); the store checks that the status is still the one the move
//! started from.

use std::fmt;

use baocao_core::period::Period;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::audit::{self, NewEntry, action};
use crate::codec::corrupt;
use crate::rows;
use crate::sql::{Db, Dialect, Statement};
use crate::submission;
use crate::write::{next_change, now};
use crate::{Store, StoreError, in_transaction, with_db};

/// Where a data set stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    /// Being entered (also when nothing was ever recorded).
    #[default]
    Draft,
    /// Submitted for approval.
    Submitted,
    /// Approved: the figures are locked.
    Approved,
}

impl ApprovalStatus {
    /// Every status, in workflow order.
    pub const ALL: [ApprovalStatus; 3] = [
        ApprovalStatus::Draft,
        ApprovalStatus::Submitted,
        ApprovalStatus::Approved,
    ];

    /// The stored code: `draft`, `submitted`, `approved`.
    pub fn code(self) -> &'static str {
        match self {
            ApprovalStatus::Draft => "draft",
            ApprovalStatus::Submitted => "submitted",
            ApprovalStatus::Approved => "approved",
        }
    }

    /// The status of a code written by [`ApprovalStatus::code`]; `None` otherwise.
    pub fn from_code(code: &str) -> Option<ApprovalStatus> {
        ApprovalStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Vietnamese name shown on screen: "Đang nhập", "Đã gửi", "Đã duyệt".
    pub fn label_vi(self) -> &'static str {
        match self {
            ApprovalStatus::Draft => "Đang nhập",
            ApprovalStatus::Submitted => "Đã gửi",
            ApprovalStatus::Approved => "Đã duyệt",
        }
    }
}

impl fmt::Display for ApprovalStatus {
    /// The code, e.g. `submitted`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The recorded status of a data set of an org unit for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The data set (a field code for now).
    pub data_set: String,
    /// The org unit's id.
    pub org_unit: String,
    /// The period.
    pub period: Period,
    /// Where it stands.
    pub status: ApprovalStatus,
    /// Who made the last move.
    pub changed_by: String,
    /// When (UTC, to the second).
    pub changed_at: NaiveDateTime,
}

#[derive(sqlx::FromRow)]
struct ApprovalRow {
    data_set: String,
    org_unit: String,
    period: String,
    status: String,
    changed_by: String,
    changed_at: NaiveDateTime,
}

impl ApprovalRow {
    fn into_approval(self) -> Result<Approval, StoreError> {
        let key = format!("{} @ {} {}", self.data_set, self.org_unit, self.period);
        Ok(Approval {
            period: rows::period("approval", &key, &self.period)?,
            status: parse_status(&key, &self.status)?,
            data_set: self.data_set,
            org_unit: self.org_unit,
            changed_by: self.changed_by,
            changed_at: self.changed_at,
        })
    }
}

fn parse_status(key: &str, code: &str) -> Result<ApprovalStatus, StoreError> {
    ApprovalStatus::from_code(code)
        .ok_or_else(|| corrupt("approval", key, format!("unknown status `{code}`")))
}

impl Store {
    /// The statuses recorded for `period`, by data set and org unit. A data set of an org
    /// unit with no row is a draft.
    pub async fn approvals(&self, period: Period) -> Result<Vec<Approval>, StoreError> {
        let statement = Statement::new(
            "SELECT data_set, org_unit, period, status, changed_by, changed_at FROM approval \
             WHERE period = $1 ORDER BY data_set, org_unit",
        )
        .bind(period.id());
        let rows: Vec<ApprovalRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter().map(ApprovalRow::into_approval).collect()
    }

    /// Moves (`data_set`, `org_unit`, `period`) from `from` (a missing row is
    /// [`ApprovalStatus::Draft`]) to `to`, recording `actor` and now; audited as
    /// [`action::STATUS`] (old code → new code, with `reason`), in one transaction. Edits of
    /// the same data set wait for the move and see its result. [`Store::move_status`] with
    /// the time now and no units below to check.
    ///
    /// Errors: [`StoreError::StatusChanged`] when the current status is not `from` (nothing
    /// changed); database errors (e.g. an org unit that is not stored).
    #[allow(clippy::too_many_arguments)]
    pub async fn set_approval(
        &self,
        data_set: &str,
        org_unit: &str,
        period: Period,
        from: ApprovalStatus,
        to: ApprovalStatus,
        actor: &str,
        reason: Option<&str>,
    ) -> Result<(), StoreError> {
        self.move_status(&StatusMove {
            data_set,
            org_unit,
            period,
            from,
            to,
            actor,
            reason,
            at: now(),
            requires_approved: &[],
        })
        .await
    }

    /// Makes a status move, in one transaction: checks that the status is still `from` and
    /// that the same data set and period of every unit in `requires_approved` is approved
    /// (held so that none is unlocked meanwhile), records `to` with `actor` and `at`, and,
    /// for a move to [`ApprovalStatus::Submitted`], the submission's time (the first one is
    /// kept, the last one replaced: [`Store::submissions`]); audited as [`action::STATUS`]
    /// (old code → new code, with `reason`).
    ///
    /// Errors: [`StoreError::StatusChanged`] when the current status is not `from`;
    /// [`StoreError::NotApprovedBelow`] naming the units of `requires_approved` that are
    /// not approved; nothing changed then. Database errors (e.g. an org unit that is not
    /// stored).
    pub async fn move_status(&self, change: &StatusMove<'_>) -> Result<(), StoreError> {
        let StatusMove {
            data_set,
            org_unit,
            period,
            from,
            to,
            actor,
            reason,
            at,
            requires_approved,
        } = *change;
        in_transaction!(self, |db| {
            next_change(db).await?;
            // The data set and period first (imports hold it shared), then the unit's.
            lock_data_set_period(db, data_set, period, LockMode::Exclusive).await?;
            lock_data_set(db, data_set, org_unit, period, LockMode::Exclusive).await?;
            let current = status_in(db, data_set, org_unit, period).await?;
            if current != from {
                return Err(StoreError::StatusChanged { current });
            }
            let mut missing = Vec::new();
            for below in requires_approved {
                lock_data_set(db, data_set, below, period, LockMode::Shared).await?;
                if status_in(db, data_set, below, period).await? != ApprovalStatus::Approved {
                    missing.push(below.clone());
                }
            }
            if !missing.is_empty() {
                return Err(StoreError::NotApprovedBelow {
                    data_set: data_set.to_string(),
                    period,
                    org_units: missing,
                });
            }
            db.execute(
                Statement::new(
                    "INSERT INTO approval (data_set, org_unit, period, status, changed_by, \
                     changed_at) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (data_set, org_unit, period) DO UPDATE SET \
                     status = excluded.status, changed_by = excluded.changed_by, \
                     changed_at = excluded.changed_at",
                )
                .bind(data_set)
                .bind(org_unit)
                .bind(period.id())
                .bind(to.code())
                .bind(actor)
                .bind(at),
            )
            .await?;
            if to == ApprovalStatus::Submitted {
                submission::record(db, data_set, org_unit, period, actor, at).await?;
            }
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::STATUS,
                    entity: audit::entity::status(data_set, org_unit, period),
                    period: Some(period),
                    old_value: Some(current.code().to_string()),
                    new_value: Some(to.code().to_string()),
                    reason: reason.map(str::to_string),
                },
            )
            .await?;
        });
        Ok(())
    }
}

/// A status move of a data set of an org unit for a period: see [`Store::move_status`].
#[derive(Debug, Clone, Copy)]
pub struct StatusMove<'a> {
    /// The data set (a declared data set's code, or a field code).
    pub data_set: &'a str,
    /// The org unit's id.
    pub org_unit: &'a str,
    /// The period.
    pub period: Period,
    /// The status the move starts from (no row: draft).
    pub from: ApprovalStatus,
    /// The status it leads to.
    pub to: ApprovalStatus,
    /// Who moves it, as recorded and audited.
    pub actor: &'a str,
    /// Why (a return or an unlock), audited.
    pub reason: Option<&'a str>,
    /// When, UTC to the second: the status's `changed_at` and, for a submission, its time.
    /// The use cases pass the clock's time; tests and records of past submissions their own.
    pub at: NaiveDateTime,
    /// Org units (ids) whose same data set and period must be approved first: the units
    /// below that report it (a district's communes), for a bottom-up submission.
    pub requires_approved: &'a [String],
}

/// The status of a data set in `db`'s transaction (draft when no row).
pub(crate) async fn status_in<C: Db>(
    db: &mut C,
    data_set: &str,
    org_unit: &str,
    period: Period,
) -> Result<ApprovalStatus, StoreError> {
    let row: Option<(String,)> = db
        .fetch_optional(
            Statement::new(
                "SELECT status FROM approval WHERE data_set = $1 AND org_unit = $2 AND period = $3",
            )
            .bind(data_set)
            .bind(org_unit)
            .bind(period.id()),
        )
        .await?;
    match row {
        None => Ok(ApprovalStatus::Draft),
        Some((code,)) => parse_status(&format!("{data_set} @ {org_unit} {}", period.id()), &code),
    }
}

/// How a transaction holds a data set's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LockMode {
    /// Edits of values: many at once.
    Shared,
    /// A status move: alone.
    Exclusive,
}

/// Holds the data set's lock until the transaction ends, so that a status move and the
/// edits of the same data set never interleave: an edit sees the status a move committed,
/// and a move waits for the edits under way. On PostgreSQL a transaction-scoped advisory
/// lock keyed by the data set; SQLite needs none, as its transactions that write (these
/// take a change number first) run one at a time.
pub(crate) async fn lock_data_set<C: Db>(
    db: &mut C,
    data_set: &str,
    org_unit: &str,
    period: Period,
    mode: LockMode,
) -> Result<(), StoreError> {
    let key = format!(
        "approval\u{1f}{data_set}\u{1f}{org_unit}\u{1f}{}",
        period.id()
    );
    advisory_lock(db, key, mode).await
}

/// Holds the lock of a data set and period, every org unit at once, until the transaction
/// ends: an import holds it shared for each data set and period it writes (one lock each
/// however many units, where PostgreSQL's lock table holds a few thousand), a status move
/// exclusive before its unit's own lock, so that no move of those figures interleaves with
/// the import. PostgreSQL only, as [`lock_data_set`].
pub(crate) async fn lock_data_set_period<C: Db>(
    db: &mut C,
    data_set: &str,
    period: Period,
    mode: LockMode,
) -> Result<(), StoreError> {
    let key = format!("approval-period\u{1f}{data_set}\u{1f}{}", period.id());
    advisory_lock(db, key, mode).await
}

/// Takes PostgreSQL's transaction-scoped advisory lock of `key` (hashed to 64 bits), shared
/// or exclusive; nothing on SQLite, whose writing transactions run one at a time.
async fn advisory_lock<C: Db>(db: &mut C, key: String, mode: LockMode) -> Result<(), StoreError> {
    if C::DIALECT == Dialect::Sqlite {
        return Ok(());
    }
    let sql = match mode {
        LockMode::Shared => "SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))::text",
        LockMode::Exclusive => "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text",
    };
    let _: Option<(String,)> = db.fetch_optional(Statement::new(sql).bind(key)).await?;
    Ok(())
}
