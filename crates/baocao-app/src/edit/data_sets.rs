//! Which data set a figure is entered under, who may enter it (an account tied to a reporting
//! unit enters that unit's figures only), and status moves of a declared data set: rights
//! from the data set's fields, bottom-up approval (Nghị định 09/2019/NĐ-CP: a level reports
//! what the level below has reported), the submission's time recorded.

use baocao_core::catalog::{Catalog, DataElement};
use baocao_core::dataset::{DataSet, DataSetRef};
use baocao_core::orgunit::{Hierarchy, OrgUnit};
use baocao_core::period::Period;
use baocao_engine::CompiledCatalog;
use baocao_store::{StatusMove, Store, StoreError};
use chrono::NaiveDateTime;

use super::{Actor, EntryError, StatusAction};

/// A status move of a data set of an org unit for a period: see [`change_data_set_status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusRequest<'a> {
    /// A declared data set's code (`BM_VIENTHONG_DN`) or a field code (`cntt`) for a unit
    /// that reports per field.
    pub data_set: &'a str,
    /// The org unit's id.
    pub org_unit: &'a str,
    /// The period.
    pub period: Period,
    /// The move.
    pub action: StatusAction,
    /// Why: required to return or unlock.
    pub reason: Option<&'a str>,
    /// When (UTC, to the second): the clock's time for a move made now; recorded as the
    /// status's time and, for a submission, as the submission's (which decides on time or
    /// late).
    pub at: NaiveDateTime,
}

/// Moves a data set of an org unit for a period through the workflow, as
/// [`super::change_status`] moves a field, with three more rules for a declared data set:
/// - the data set must be assigned to the unit and reported per the period's type;
/// - submitting needs the right to enter every field of its data elements (a chuyên viên of
///   those fields, or a quản trị); approving, returning and unlocking need the role, as for a
///   field;
/// - bottom-up: submitting and approving need the same data set of the units below approved
///   first — the nearest units below on the hierarchy of the last day of the period's window
///   that report it ([`DataSet::reporting_units_below`]: a district's communes).
///
/// An account tied to a reporting unit moves that unit's data sets only. The move is recorded
/// at `at`, a submission's time with it ([`Store::submissions`]), and audited.
///
/// Errors: [`EntryError::NotAssigned`] for a data set not assigned to the unit or not
/// declared (nor a field code), or an org unit not stored; [`EntryError::WrongPeriod`];
/// [`EntryError::Forbidden`]; [`EntryError::OtherUnit`]; [`EntryError::ReasonRequired`];
/// [`EntryError::NotApprovedBelow`] naming the units below (nothing changed);
/// [`EntryError::Store`] with [`StoreError::StatusChanged`] when the status is not the one
/// the move starts from; storage errors.
pub async fn change_data_set_status(
    store: &Store,
    catalog: &CompiledCatalog,
    actor: &Actor,
    request: &StatusRequest<'_>,
) -> Result<(), EntryError> {
    let catalog = &catalog.catalog;
    let units = store.org_units().await?;
    let unit = units
        .iter()
        .find(|u| u.id == request.org_unit)
        .ok_or_else(|| EntryError::NotAssigned {
            data_set: request.data_set.to_string(),
            org_unit: request.org_unit.to_string(),
        })?;
    let not_assigned = || EntryError::NotAssigned {
        data_set: request.data_set.to_string(),
        org_unit: unit.current_name().to_string(),
    };
    let data_set = catalog
        .data_set_ref(request.data_set)
        .ok_or_else(not_assigned)?;
    let fields = match data_set {
        DataSetRef::Declared(d) => {
            if !d.is_assigned_to(&unit.id) {
                return Err(not_assigned());
            }
            check_period(d, request.period)?;
            catalog.fields_of(d)
        }
        // A unit assigned declared data sets reports by them, not per field.
        DataSetRef::Field(_) if !catalog.data_sets_of_unit(&unit.id).is_empty() => {
            return Err(not_assigned());
        }
        DataSetRef::Field(field) => vec![field],
    };
    let allowed = match request.action {
        StatusAction::Submit => fields.iter().all(|f| actor.may_edit(*f)),
        action => fields.first().is_some_and(|f| action.allowed(actor, *f)),
    };
    if !allowed {
        return Err(EntryError::Forbidden);
    }
    let reason = request.reason.map(str::trim).filter(|r| !r.is_empty());
    if matches!(request.action, StatusAction::Return | StatusAction::Unlock) && reason.is_none() {
        return Err(EntryError::ReasonRequired);
    }
    check_tie(store, actor, &unit.id, &units).await?;
    let below = match (data_set, request.action) {
        (DataSetRef::Declared(d), StatusAction::Submit | StatusAction::Approve) => {
            units_below(catalog, d, &unit.id, request.period, &units)?
        }
        _ => Vec::new(),
    };
    let (from, to) = request.action.transition();
    let moved = store
        .move_status(&StatusMove {
            data_set: data_set.code(),
            org_unit: &unit.id,
            period: request.period,
            from,
            to,
            actor: &actor.username,
            reason,
            at: request.at,
            requires_approved: &below,
        })
        .await;
    match moved {
        Err(StoreError::NotApprovedBelow { org_units, .. }) => Err(EntryError::NotApprovedBelow {
            org_units: org_units.iter().map(|id| name_of(&units, id)).collect(),
        }),
        other => Ok(other?),
    }
}

/// The data set a figure of `element` for `org_unit` is entered under, after the actor's
/// tie to a unit is checked: see [`Catalog::data_set_for`].
pub(super) async fn entry_data_set<'c>(
    store: &Store,
    catalog: &'c Catalog,
    actor: &Actor,
    element: &DataElement,
    org_unit: &str,
    period: Period,
    units: &[OrgUnit],
) -> Result<DataSetRef<'c>, EntryError> {
    check_tie(store, actor, org_unit, units).await?;
    let data_set =
        catalog
            .data_set_for(element, org_unit)
            .ok_or_else(|| EntryError::NotInDataSet {
                org_unit: name_of(units, org_unit),
            })?;
    if let DataSetRef::Declared(d) = data_set {
        check_period(d, period)?;
    }
    Ok(data_set)
}

/// An account tied to a reporting unit acts for that unit only.
pub(super) async fn check_tie(
    store: &Store,
    actor: &Actor,
    org_unit: &str,
    units: &[OrgUnit],
) -> Result<(), EntryError> {
    match store.user_org_unit(&actor.username).await? {
        Some(own) if own != org_unit => Err(EntryError::OtherUnit {
            own: name_of(units, &own),
        }),
        _ => Ok(()),
    }
}

// The error's shape is the web application's (a conflict carries the stored figure); these
// functions return only its small variants.
#[allow(clippy::result_large_err)]
fn check_period(data_set: &DataSet, period: Period) -> Result<(), EntryError> {
    if data_set.period_type == period.period_type() {
        Ok(())
    } else {
        Err(EntryError::WrongPeriod {
            data_set: data_set.code.clone(),
            period_type: data_set.period_type.label_vi(),
        })
    }
}

/// The ids of the units below `org_unit` that report `data_set`, on the hierarchy of the last
/// day of the period's window under the data set's regime.
#[allow(clippy::result_large_err)]
fn units_below(
    catalog: &Catalog,
    data_set: &DataSet,
    org_unit: &str,
    period: Period,
    units: &[OrgUnit],
) -> Result<Vec<String>, EntryError> {
    let date = catalog
        .regime_of(data_set)
        .map_or(period.cutoff_window().end, |r| r.window(period).end);
    let hierarchy = Hierarchy::new(units.to_vec(), Vec::new()).map_err(|e| {
        EntryError::Store(StoreError::Corrupt {
            table: "org_unit",
            key: org_unit.to_string(),
            reason: e.to_string(),
        })
    })?;
    Ok(data_set
        .reporting_units_below(&hierarchy, org_unit, date)
        .into_iter()
        .map(|u| u.id.clone())
        .collect())
}

/// A unit's latest name, or its id when it is not stored.
fn name_of(units: &[OrgUnit], id: &str) -> String {
    units
        .iter()
        .find(|u| u.id == id)
        .map_or(id.to_string(), |u| u.current_name().to_string())
}
