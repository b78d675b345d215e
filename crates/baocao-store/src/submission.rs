//! When each data set of an org unit was submitted for a period: the first and the last
//! submission, written with the status move (`Store::move_status`) in its transaction. The
//! completeness report tells on-time from late reports by them (Nghị định 09/2019/NĐ-CP,
//! Điều 13: deadlines).

use baocao_core::period::Period;
use chrono::NaiveDateTime;

use crate::rows;
use crate::sql::{Db, Statement};
use crate::{Store, StoreError, with_db};

/// The submissions of a data set of an org unit for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The data set (a declared data set's code, or a field code).
    pub data_set: String,
    /// The org unit's id.
    pub org_unit: String,
    /// The period.
    pub period: Period,
    /// When it was first submitted (UTC, to the second).
    pub first_submitted_at: NaiveDateTime,
    /// Who submitted it first.
    pub first_submitted_by: String,
    /// When it was last submitted (after a return), or the first time again.
    pub last_submitted_at: NaiveDateTime,
    /// Who submitted it last.
    pub last_submitted_by: String,
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    data_set: String,
    org_unit: String,
    period: String,
    first_submitted_at: NaiveDateTime,
    first_submitted_by: String,
    last_submitted_at: NaiveDateTime,
    last_submitted_by: String,
}

impl Store {
    /// The submissions recorded for `period`, by data set and org unit. A data set of an
    /// org unit that was never submitted has none.
    pub async fn submissions(&self, period: Period) -> Result<Vec<Submission>, StoreError> {
        let statement = Statement::new(
            "SELECT data_set, org_unit, period, first_submitted_at, first_submitted_by, \
             last_submitted_at, last_submitted_by FROM submission WHERE period = $1 \
             ORDER BY data_set, org_unit",
        )
        .bind(period.id());
        let rows: Vec<SubmissionRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter()
            .map(|r| {
                let key = format!("{} @ {} {}", r.data_set, r.org_unit, r.period);
                Ok(Submission {
                    period: rows::period("submission", &key, &r.period)?,
                    data_set: r.data_set,
                    org_unit: r.org_unit,
                    first_submitted_at: r.first_submitted_at,
                    first_submitted_by: r.first_submitted_by,
                    last_submitted_at: r.last_submitted_at,
                    last_submitted_by: r.last_submitted_by,
                })
            })
            .collect()
    }
}

/// Records a submission in `db`'s transaction: the first one stays, the last one is
/// replaced.
pub(crate) async fn record<C: Db>(
    db: &mut C,
    data_set: &str,
    org_unit: &str,
    period: Period,
    actor: &str,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    db.execute(
        Statement::new(
            "INSERT INTO submission (data_set, org_unit, period, first_submitted_at, \
             first_submitted_by, last_submitted_at, last_submitted_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (data_set, org_unit, period) DO UPDATE SET \
             last_submitted_at = excluded.last_submitted_at, \
             last_submitted_by = excluded.last_submitted_by",
        )
        .bind(data_set)
        .bind(org_unit)
        .bind(period.id())
        .bind(at)
        .bind(actor)
        .bind(at)
        .bind(actor),
    )
    .await?;
    Ok(())
}
