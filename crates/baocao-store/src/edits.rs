//! Single edits, as the web application makes them: one value, one document, one key task,
//! one narrative section. Every edit is one transaction that also appends its audit entry
//! (see [`crate::audit`]); an edit of a value checks that its data set is not approved.

use baocao_core::narrative::Narrative;
use baocao_core::period::Period;
use baocao_core::register::{Document, KeyTask};
use baocao_core::value::DataValue;

use crate::audit::{self, NewEntry, action};
use crate::rows::{DocumentRow, TaskRow};
use crate::sql::{Db, Statement};
use crate::versioned::{KEY_MATCH, ValueKey, bind_key, conflict, set_value_as_version};
use crate::workflow::{ApprovalStatus, LockMode, lock_data_set, status_in};
use crate::write::{next_change, save_documents, save_narratives, save_tasks};
use crate::{Store, StoreError, in_transaction, with_db};

impl Store {
    /// Stores one value as [`Store::set_value`] does (`expected_version` is the version read,
    /// `None` when there was no value; returns the new version), after checking that the
    /// data set `data_set` (for now the element's field code) of `value.org_unit` for
    /// `value.period` is not approved; audited as [`action::VALUE_SET`] by `actor` (old
    /// `as_typed`, none when new → new `as_typed`; entity = the [`ValueKey`] text), in the
    /// same transaction.
    ///
    /// Errors: [`StoreError::Locked`] when the data set is approved: nothing is written and
    /// the refusal is audited ([`action::VALUE_REFUSED`], reason `locked`, in a transaction
    /// of its own); [`StoreError::Conflict`] as [`Store::set_value`]; database errors.
    pub async fn write_value(
        &self,
        value: &DataValue,
        expected_version: Option<i64>,
        actor: &str,
        data_set: &str,
    ) -> Result<i64, StoreError> {
        let key = ValueKey::of(value);
        let written = self
            .write_value_once(value, expected_version, actor, data_set)
            .await;
        self.audit_refusal(written, &key, Some(&value.number.as_typed), actor)
            .await
    }

    async fn write_value_once(
        &self,
        value: &DataValue,
        expected_version: Option<i64>,
        actor: &str,
        data_set: &str,
    ) -> Result<i64, StoreError> {
        let key = ValueKey::of(value);
        Ok(in_transaction!(self, |db| {
            let version = next_change(db).await?;
            let old = check_unlocked(db, &key, data_set).await?;
            let version = set_value_as_version(db, value, expected_version, version).await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::VALUE_SET,
                    entity: key.to_string(),
                    period: Some(key.period),
                    old_value: old,
                    new_value: Some(value.number.as_typed.clone()),
                    reason: None,
                },
            )
            .await?;
            version
        }))
    }

    /// Deletes one value if it is still at `expected_version`, after the same check as
    /// [`Store::write_value`]; audited as [`action::VALUE_DELETE`] (old `as_typed` → none).
    ///
    /// Errors: [`StoreError::Locked`] (the refusal audited); [`StoreError::Conflict`] when the
    /// stored version differs or the value is gone (nothing deleted); database errors.
    pub async fn delete_value(
        &self,
        key: &ValueKey,
        expected_version: i64,
        actor: &str,
        data_set: &str,
    ) -> Result<(), StoreError> {
        let deleted = self
            .delete_value_once(key, expected_version, actor, data_set)
            .await;
        self.audit_refusal(deleted, key, None, actor).await
    }

    async fn delete_value_once(
        &self,
        key: &ValueKey,
        expected_version: i64,
        actor: &str,
        data_set: &str,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let old = check_unlocked(db, key, data_set).await?;
            let sql = format!("DELETE FROM data_value WHERE {KEY_MATCH} AND version = $5");
            let statement = bind_key(Statement::assembled(sql), key).bind(expected_version);
            if db.execute(statement).await? != 1 {
                return Err(conflict(db, key, Some(expected_version)).await?);
            }
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::VALUE_DELETE,
                    entity: key.to_string(),
                    period: Some(key.period),
                    old_value: old,
                    new_value: None,
                    reason: None,
                },
            )
            .await?;
        });
        Ok(())
    }

    /// After an edit of a value: a [`StoreError::Locked`] refusal is audited in its own
    /// transaction (the edit's was rolled back); the result is passed on.
    async fn audit_refusal<T>(
        &self,
        result: Result<T, StoreError>,
        key: &ValueKey,
        refused: Option<&str>,
        actor: &str,
    ) -> Result<T, StoreError> {
        let Err(StoreError::Locked { .. }) = &result else {
            return result;
        };
        in_transaction!(self, |db| {
            next_change(db).await?;
            let stored = stored_as_typed(db, key).await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::VALUE_REFUSED,
                    entity: key.to_string(),
                    period: Some(key.period),
                    old_value: stored,
                    new_value: refused.map(str::to_string),
                    reason: Some(audit::REASON_LOCKED.to_string()),
                },
            )
            .await?;
        });
        result
    }

    /// Adds a document at the end of the register (after every stored one); audited as
    /// [`action::DOCUMENT_ADD`] (new = the document as JSON).
    ///
    /// Errors: [`StoreError::Duplicate`] when a document with this id is stored (nothing
    /// written); database errors.
    pub async fn add_document(&self, document: &Document, actor: &str) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            if document_in(db, &document.id).await?.is_some() {
                return Err(StoreError::Duplicate {
                    what: format!("document `{}`", document.id),
                });
            }
            save_documents(db, std::slice::from_ref(document)).await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::DOCUMENT_ADD,
                    entity: audit::entity::document(&document.id),
                    period: document.period,
                    old_value: None,
                    new_value: Some(json(document)),
                    reason: None,
                },
            )
            .await?;
        });
        Ok(())
    }

    /// Replaces the document with `document.id`, which keeps its place in the register;
    /// audited as [`action::DOCUMENT_UPDATE`] (old JSON → new JSON).
    ///
    /// Errors: [`StoreError::NotFound`] when no document has this id; database errors.
    pub async fn update_document(
        &self,
        document: &Document,
        actor: &str,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let Some(old) = document_in(db, &document.id).await? else {
                return Err(document_not_found(&document.id));
            };
            save_documents(db, std::slice::from_ref(document)).await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::DOCUMENT_UPDATE,
                    entity: audit::entity::document(&document.id),
                    period: document.period.or(old.period),
                    old_value: Some(json(&old)),
                    new_value: Some(json(document)),
                    reason: None,
                },
            )
            .await?;
        });
        Ok(())
    }

    /// Deletes the document `id`; audited as [`action::DOCUMENT_DELETE`] (old JSON → none).
    ///
    /// Errors: [`StoreError::NotFound`] when no document has this id; database errors.
    pub async fn delete_document(&self, id: &str, actor: &str) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let Some(old) = document_in(db, id).await? else {
                return Err(document_not_found(id));
            };
            db.execute(Statement::new("DELETE FROM document WHERE id = $1").bind(id))
                .await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::DOCUMENT_DELETE,
                    entity: audit::entity::document(id),
                    period: old.period,
                    old_value: Some(json(&old)),
                    new_value: None,
                    reason: None,
                },
            )
            .await?;
        });
        Ok(())
    }

    /// The document `id`, if stored.
    pub async fn document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        with_db!(self, |db| document_in(db, id).await)
    }

    /// Adds or replaces the key task (`task.period`, `task.number`); audited as
    /// [`action::TASK_SAVE`] (old JSON, none when new → new JSON).
    pub async fn save_task(&self, task: &KeyTask, actor: &str) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let old = task_in(db, task.period, task.number).await?;
            save_tasks(db, std::slice::from_ref(task)).await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::TASK_SAVE,
                    entity: audit::entity::task(task.period, task.number),
                    period: Some(task.period),
                    old_value: old.as_ref().map(json),
                    new_value: Some(json(task)),
                    reason: None,
                },
            )
            .await?;
        });
        Ok(())
    }

    /// Deletes the key task `number` of `period`; audited as [`action::TASK_DELETE`].
    ///
    /// Errors: [`StoreError::NotFound`] when there is no such task; database errors.
    pub async fn delete_task(
        &self,
        period: Period,
        number: u32,
        actor: &str,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let Some(old) = task_in(db, period, number).await? else {
                return Err(StoreError::NotFound {
                    what: format!("key task {number} of {}", period.id()),
                });
            };
            db.execute(
                Statement::new("DELETE FROM key_task WHERE period = $1 AND number = $2")
                    .bind(period.id())
                    .bind(i64::from(number)),
            )
            .await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::TASK_DELETE,
                    entity: audit::entity::task(period, number),
                    period: Some(period),
                    old_value: Some(json(&old)),
                    new_value: None,
                    reason: None,
                },
            )
            .await?;
        });
        Ok(())
    }

    /// Writes a narrative section (adds or replaces it); audited as
    /// [`action::NARRATIVE_SET`] (old text, none when new → new text).
    pub async fn set_narrative(
        &self,
        narrative: &Narrative,
        actor: &str,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let old: Option<(String,)> = db
                .fetch_optional(
                    Statement::new("SELECT text FROM narrative WHERE period = $1 AND section = $2")
                        .bind(narrative.period.id())
                        .bind(&narrative.section),
                )
                .await?;
            save_narratives(db, std::slice::from_ref(narrative), crate::write::now()).await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::NARRATIVE_SET,
                    entity: audit::entity::narrative(narrative.period, &narrative.section),
                    period: Some(narrative.period),
                    old_value: old.map(|(t,)| t),
                    new_value: Some(narrative.text.clone()),
                    reason: None,
                },
            )
            .await?;
        });
        Ok(())
    }
}

/// Refuses an edit of `key` when its data set is approved; returns the stored `as_typed`.
/// Holds the data set's lock (shared) until the transaction ends.
async fn check_unlocked<C: Db>(
    db: &mut C,
    key: &ValueKey,
    data_set: &str,
) -> Result<Option<String>, StoreError> {
    lock_data_set(db, data_set, &key.org_unit, key.period, LockMode::Shared).await?;
    if status_in(db, data_set, &key.org_unit, key.period).await? == ApprovalStatus::Approved {
        return Err(StoreError::Locked {
            data_set: data_set.to_string(),
            org_unit: key.org_unit.clone(),
            period: key.period,
        });
    }
    stored_as_typed(db, key).await
}

async fn stored_as_typed<C: Db>(db: &mut C, key: &ValueKey) -> Result<Option<String>, StoreError> {
    let sql = format!("SELECT as_typed FROM data_value WHERE {KEY_MATCH}");
    let row: Option<(String,)> = db
        .fetch_optional(bind_key(Statement::assembled(sql), key))
        .await?;
    Ok(row.map(|(t,)| t))
}

async fn document_in<C: Db>(db: &mut C, id: &str) -> Result<Option<Document>, StoreError> {
    let row: Option<DocumentRow> = db
        .fetch_optional(
            Statement::new(
                "SELECT id, symbol, doc_type, date, issuer, abstract, field, role, period \
                 FROM document WHERE id = $1",
            )
            .bind(id),
        )
        .await?;
    row.map(DocumentRow::into_document).transpose()
}

async fn task_in<C: Db>(
    db: &mut C,
    period: Period,
    number: u32,
) -> Result<Option<KeyTask>, StoreError> {
    let row: Option<TaskRow> = db
        .fetch_optional(
            Statement::new(
                "SELECT period, number, field, text, status, result FROM key_task \
                 WHERE period = $1 AND number = $2",
            )
            .bind(period.id())
            .bind(i64::from(number)),
        )
        .await?;
    row.map(TaskRow::into_task).transpose()
}

fn document_not_found(id: &str) -> StoreError {
    StoreError::NotFound {
        what: format!("document `{id}`"),
    }
}

/// A register entry as the audit log keeps it.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
