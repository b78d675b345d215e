//! Accounts tied to a reporting unit: a person of a district's People's Committee or of an
//! enterprise enters the figures of that org unit only (`baocao-app`'s `edit` enforces it).
//! An account with no unit is the department's own staff, who enter by field.

use crate::audit::{self, NewEntry, action};
use crate::sql::{Db, Statement};
use crate::write::next_change;
use crate::{Store, StoreError, in_transaction, with_db};

impl Store {
    /// The org unit (id) the account `username` enters for; `None` for the department's own
    /// staff, and for an account that does not exist.
    pub async fn user_org_unit(&self, username: &str) -> Result<Option<String>, StoreError> {
        let statement =
            Statement::new("SELECT org_unit FROM app_user WHERE username = $1").bind(username);
        let row: Option<(Option<String>,)> =
            with_db!(self, |db| db.fetch_optional(statement).await?);
        Ok(row.and_then(|(unit,)| unit))
    }

    /// Ties the account `username` to the org unit `org_unit` (an id), or unties it
    /// (`None`); audited as [`action::USER`] by `actor` (old unit → new unit, reason
    /// `org unit`), in one transaction.
    ///
    /// Errors: [`StoreError::NotFound`] when there is no such account or no such org unit;
    /// database errors.
    pub async fn set_user_org_unit(
        &self,
        username: &str,
        org_unit: Option<&str>,
        actor: &str,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let old = current(db, username)
                .await?
                .ok_or_else(|| StoreError::NotFound {
                    what: format!("user `{username}`"),
                })?;
            if let Some(unit) = org_unit
                && !unit_exists(db, unit).await?
            {
                return Err(StoreError::NotFound {
                    what: format!("org unit `{unit}`"),
                });
            }
            db.execute(
                Statement::new("UPDATE app_user SET org_unit = $2 WHERE username = $1")
                    .bind(username)
                    .bind(org_unit),
            )
            .await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::USER,
                    entity: audit::entity::user(username),
                    period: None,
                    old_value: old,
                    new_value: org_unit.map(str::to_string),
                    reason: Some("org unit".to_string()),
                },
            )
            .await?;
        });
        Ok(())
    }
}

/// The account's unit in `db`'s transaction: `None` when there is no account, `Some(None)`
/// when it has no unit.
async fn current<C: Db>(db: &mut C, username: &str) -> Result<Option<Option<String>>, StoreError> {
    let row: Option<(Option<String>,)> = db
        .fetch_optional(
            Statement::new("SELECT org_unit FROM app_user WHERE username = $1").bind(username),
        )
        .await?;
    Ok(row.map(|(unit,)| unit))
}

async fn unit_exists<C: Db>(db: &mut C, id: &str) -> Result<bool, StoreError> {
    let row: Option<(String,)> = db
        .fetch_optional(Statement::new("SELECT id FROM org_unit WHERE id = $1").bind(id))
        .await?;
    Ok(row.is_some())
}
