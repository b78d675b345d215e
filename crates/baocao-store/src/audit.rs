//! The audit log: who changed what, when, from what to what. Every edit appends its entry in
//! the edit's own transaction, so a change is never stored without its entry nor an entry
//! without its change. The table is append-only: on both backends a trigger refuses UPDATE
//! and DELETE (a restore of a backup replaces it whole, and appends a [`action::RESTORE`]
//! entry).
//!
//! `entity` names what changed: a data value by its [`crate::ValueKey`] text
//! (`DVC_HOSO/XA,TRUCTIEP @ 58 2023-04`), anything else by the prefixed names of [`entity`]
//! (`document:qd-166`, `task:2023-05#1`, `narrative:2023-04:2.2`,
//! `status:cntt @ 58 2023-04`, `user:nva`, `token:12`, `load`, `import`), so that a prefix
//! filter finds one cell, one data element (`DVC_HOSO/`) or one kind of thing (`document:`).

use baocao_core::period::Period;
use chrono::NaiveDateTime;

use crate::rows;
use crate::sql::{Arg, Db, Statement};
use crate::write::now;
use crate::{Store, StoreError, with_db};

/// The actor of changes no signed-in person made: loads without a `stored_by`, account
/// changes from the command line, restores.
pub const SYSTEM_ACTOR: &str = "baocao";

/// The reason of a [`action::VALUE_REFUSED`] entry: the data set is approved.
pub const REASON_LOCKED: &str = "locked";

/// The actions the log records (the `action` column).
pub mod action {
    /// A data value stored by one edit: old `as_typed` (none when new) → new `as_typed`.
    pub const VALUE_SET: &str = "value.set";
    /// A data value deleted by one edit: old `as_typed` → none.
    pub const VALUE_DELETE: &str = "value.delete";
    /// An edit of a data value refused because its data set is approved (reason `locked`):
    /// stored `as_typed` (none when absent) → the refused `as_typed` (none for a delete).
    /// For an import refused for that reason (entity `import`): none → the source, how many
    /// values and which approved data sets.
    pub const VALUE_REFUSED: &str = "value.refused";
    /// A document added to the register: new = the document as JSON.
    pub const DOCUMENT_ADD: &str = "document.add";
    /// A document changed: old JSON → new JSON.
    pub const DOCUMENT_UPDATE: &str = "document.update";
    /// A document deleted: old JSON → none.
    pub const DOCUMENT_DELETE: &str = "document.delete";
    /// A key task added or changed: old JSON (none when new) → new JSON.
    pub const TASK_SAVE: &str = "task.save";
    /// A key task deleted: old JSON → none.
    pub const TASK_DELETE: &str = "task.delete";
    /// A narrative section written: old text (none when new) → new text.
    pub const NARRATIVE_SET: &str = "narrative.set";
    /// A workflow status changed: old code → new code, with the reason given.
    pub const STATUS: &str = "status";
    /// A data set loaded (a folder: entity `load`; an import: entity `import`): new = a
    /// count of what it stored (for an import: the source, the values new, changed and
    /// unchanged).
    pub const LOAD: &str = "load";
    /// An account created or changed: old → new "full name; role; fields; active" (never a
    /// password or hash), reason `created`, `updated` or `password changed`.
    pub const USER: &str = "user";
    /// The database restored from a backup: new = the backup's file name. Entries made
    /// after that backup was taken are replaced by the backup's log.
    pub const RESTORE: &str = "restore";
    /// An API token made for an account: new = "name; user; expires …" (never the token or
    /// its hash).
    pub const TOKEN_CREATE: &str = "token.create";
    /// An API token revoked: old = the same summary as at creation.
    pub const TOKEN_REVOKE: &str = "token.revoke";
}

/// The `entity` names of what is not a data value.
pub mod entity {
    use baocao_core::period::Period;

    /// `document:qd-166`.
    pub fn document(id: &str) -> String {
        format!("document:{id}")
    }

    /// `task:2023-05#1`.
    pub fn task(period: Period, number: u32) -> String {
        format!("task:{}#{number}", period.id())
    }

    /// `narrative:2023-04:2.2`.
    pub fn narrative(period: Period, section: &str) -> String {
        format!("narrative:{}:{section}", period.id())
    }

    /// `status:cntt @ 58 2023-04`: the workflow of a data set, org unit and period.
    pub fn status(data_set: &str, org_unit: &str, period: Period) -> String {
        format!("status:{data_set} @ {org_unit} {}", period.id())
    }

    /// `user:nva`.
    pub fn user(username: &str) -> String {
        format!("user:{username}")
    }

    /// `token:12`: an API token by its id.
    pub fn token(id: i64) -> String {
        format!("token:{id}")
    }

    /// `load`: a whole data set.
    pub const LOAD: &str = "load";

    /// `import`: the values of an imported file.
    pub const IMPORT: &str = "import";

    /// `restore`: the whole database.
    pub const RESTORE: &str = "restore";
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its number: entries are numbered in the order they were written.
    pub id: i64,
    /// When (UTC, to the second).
    pub at: NaiveDateTime,
    /// Who: a user name, a unit's `stored_by`, or [`SYSTEM_ACTOR`].
    pub actor: String,
    /// What was done: one of [`action`].
    pub action: String,
    /// What it was done to (see the module documentation).
    pub entity: String,
    /// The period concerned, if one.
    pub period: Option<Period>,
    /// The value before, as text (see [`action`] for each action's form).
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
    /// Why: the reason a user gave, or the store's (e.g. `locked`).
    pub reason: Option<String>,
}

/// Which entries [`Store::history`] returns; every condition set must hold. The default is
/// every entry, at most 200.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only entries of this period.
    pub period: Option<Period>,
    /// Only entries whose entity starts with this text (case-sensitive), e.g. a cell's
    /// `DVC_HOSO/XA @ 58 2023-04`, a data element's `DVC_HOSO/`, or `document:`.
    pub entity_prefix: Option<String>,
    /// Only entries by this actor.
    pub actor: Option<String>,
    /// Only entries of this action (one of [`action`]).
    pub action: Option<String>,
    /// At most this many entries; 0 means 200.
    pub limit: u32,
}

/// The limit of a filter that sets none.
pub const DEFAULT_HISTORY_LIMIT: u32 = 200;

/// Where the log stands: the number of its last entry and how many entries it holds
/// ([`Store::change_mark`]). Equal marks read at two moments mean that nothing was committed
/// in between; a cache keyed by the mark read before computing is therefore never stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChangeMark {
    /// The highest entry number ([`AuditEntry::id`]); 0 for an empty log.
    pub last_entry: i64,
    /// How many entries the log holds.
    pub entries: i64,
}

/// An entry to append.
pub(crate) struct NewEntry<'a> {
    pub actor: &'a str,
    pub action: &'static str,
    pub entity: String,
    pub period: Option<Period>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
}

/// Appends `entry`, timed now, in `db`'s transaction.
pub(crate) async fn append<C: Db>(db: &mut C, entry: &NewEntry<'_>) -> Result<(), StoreError> {
    db.execute(
        Statement::new(
            "INSERT INTO audit_log (at, actor, action, entity, period, old_value, new_value, \
             reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(now())
        .bind(entry.actor)
        .bind(entry.action)
        .bind(&entry.entity)
        .bind(entry.period.map(|p| p.id()))
        .bind(&entry.old_value)
        .bind(&entry.new_value)
        .bind(&entry.reason),
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    at: NaiveDateTime,
    actor: String,
    action: String,
    entity: String,
    period: Option<String>,
    old_value: Option<String>,
    new_value: Option<String>,
    reason: Option<String>,
}

impl EntryRow {
    fn into_entry(self) -> Result<AuditEntry, StoreError> {
        let period = self
            .period
            .map(|p| rows::period("audit_log", &self.id.to_string(), &p))
            .transpose()?;
        Ok(AuditEntry {
            id: self.id,
            at: self.at,
            actor: self.actor,
            action: self.action,
            entity: self.entity,
            period,
            old_value: self.old_value,
            new_value: self.new_value,
            reason: self.reason,
        })
    }
}

impl Store {
    /// The log's [`ChangeMark`], in one cheap read: it moves with every committed change
    /// that the log records — every load, import, edit of a figure, document, task or
    /// narrative, status move, account change and restore (all but [`Store::set_value`]).
    ///
    /// Why both numbers: entry numbers are never handed out twice, even across a restore
    /// (which appends its own entry, numbered past every number handed out before), so the
    /// last number alone tells every change apart on SQLite, where writers commit one at a
    /// time in the order of their numbers. On PostgreSQL a writer holding a lower number
    /// may commit after one holding a higher; the count moves then. The count never falls
    /// but at a restore, whose entry raises the last number past any mark read before.
    ///
    /// Errors: database errors.
    pub async fn change_mark(&self) -> Result<ChangeMark, StoreError> {
        let statement = Statement::new("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM audit_log");
        let row: Option<(i64, i64)> = with_db!(self, |db| db.fetch_optional(statement).await?);
        let (last_entry, entries) = row.unwrap_or((0, 0));
        Ok(ChangeMark {
            last_entry,
            entries,
        })
    }

    /// The entries `filter` selects, newest first (by [`AuditEntry::id`]).
    pub async fn history(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut conditions = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        let mut next = |condition: &str, arg: Arg, args: &mut Vec<Arg>| {
            args.push(arg);
            // `?` stands for this condition's placeholder number.
            conditions.push(condition.replace('?', &format!("${}", args.len())));
        };
        if let Some(period) = filter.period {
            next("period = ?", period.id().into(), &mut args);
        }
        if let Some(prefix) = &filter.entity_prefix {
            // substr, not LIKE: no wildcard in a code can widen the match, and SQLite's
            // LIKE ignores case.
            next("substr(entity, 1, length(?)) = ?", prefix.into(), &mut args);
        }
        if let Some(actor) = &filter.actor {
            next("actor = ?", actor.into(), &mut args);
        }
        if let Some(action) = &filter.action {
            next("action = ?", action.into(), &mut args);
        }
        let limit = if filter.limit == 0 {
            DEFAULT_HISTORY_LIMIT
        } else {
            filter.limit
        };
        let sql = format!(
            "SELECT id, at, actor, action, entity, period, old_value, new_value, reason \
             FROM audit_log {} ORDER BY id DESC LIMIT {limit}",
            if conditions.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", conditions.join(" AND "))
            }
        );
        let statement = Statement::assembled(sql).bind_all(args);
        let rows: Vec<EntryRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter().map(EntryRow::into_entry).collect()
    }
}
