//! Loading what a page shows: a period's data (also for a period with no figures yet, so a
//! new month can be entered), the stored cells with their versions, and the Vietnamese
//! formatting of figures.

use std::collections::HashMap;

use baocao_app::{AppError, PeriodData};
use baocao_core::catalog::{DataElement, ValueType};
use baocao_core::format;
use baocao_core::orgunit::{OrgUnit, OrgUnitLevel};
use baocao_core::period::Period;
use baocao_engine::{CompiledCatalog, DataTable};
use baocao_store::Store;

use crate::{AppState, WebError};

/// A period from a path segment (`2023-04`), of a year 1900–2999; anything else is a 404.
pub fn period(text: &str) -> Result<Period, WebError> {
    use crate::api::extract::{FIRST_YEAR, LAST_YEAR};
    // The years the API takes too: a report of year 0001 would need the period before it.
    Period::parse(text)
        .ok()
        .filter(|p| (FIRST_YEAR..=LAST_YEAR).contains(&p.year()))
        .ok_or(WebError::NotFound)
}

/// The period as the report sees it (`baocao_app::load_period`: the unit and the units below
/// it, a quarter from its months), or the unit's own figures when nothing is stored for the
/// period yet.
///
/// Errors: no catalogue; an unknown org unit (404); database errors.
pub async fn load_report(
    state: &AppState,
    period: Period,
    dv: Option<&str>,
) -> Result<PeriodData, WebError> {
    match baocao_app::load_period(state.store(), period, dv).await {
        Ok(data) => Ok(data),
        Err(AppError::NoData { .. }) => load(state, period, dv).await,
        Err(e) => Err(e.into()),
    }
}

/// The figures org unit `dv` (id or code; default: the province) itself stored for the
/// period, the previous period, the same period last year and both years to date: what its
/// users type and fix on the entry, dashboard and validation pages (never the sum of the
/// units below it, whose versions are not the unit's). An empty table when nothing is stored
/// yet, so that a new month can be entered.
///
/// Errors: no catalogue; an unknown org unit (404); database errors.
pub async fn load(
    state: &AppState,
    period: Period,
    dv: Option<&str>,
) -> Result<PeriodData, WebError> {
    let store = state.store();
    let catalog = CompiledCatalog::clone(&*state.cache().catalog(store).await?);
    let org_unit = choose_org_unit(&store.org_units().await?, period, dv)?;
    let last_year = period.same_period_last_year();
    let mut periods = vec![period, period.previous(), last_year];
    periods.extend(period.year_to_date_months());
    periods.extend(last_year.year_to_date_months());
    periods.sort();
    periods.dedup();
    let values = store.data_values(&org_unit.id, &periods).await?;
    let stated = store
        .stated_indicator_values(&org_unit.id, &periods)
        .await?;
    Ok(PeriodData {
        period,
        table: DataTable::from_values(&values, &stated, &org_unit.id),
        org_unit,
        catalog,
        documents: store.documents(period).await?,
        tasks_next: store.tasks(period.next()).await?,
        narratives: store.narratives(period).await?,
        issue: store.report_issue(period).await?,
    })
}

/// The org unit `wanted` (id or code), or the one province valid at the end of the period.
fn choose_org_unit(
    units: &[OrgUnit],
    period: Period,
    wanted: Option<&str>,
) -> Result<OrgUnit, WebError> {
    if let Some(id) = wanted {
        return units
            .iter()
            .find(|u| u.id == id || u.code == id)
            .cloned()
            .ok_or(WebError::NotFound);
    }
    let end = period.cutoff_window().end;
    units
        .iter()
        .find(|u| u.level == OrgUnitLevel::Tinh && u.on(end).is_some())
        .or_else(|| units.first())
        .cloned()
        .ok_or_else(|| WebError::Internal("no org unit is stored".into()))
}

/// A stored figure of the period as typed, with its version.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCell {
    /// The text as typed, e.g. "22.115".
    pub as_typed: String,
    /// Its version, for the optimistic write.
    pub version: i64,
}

/// The stored cells (as typed, with versions) of the data elements of `codes` in the
/// period, keyed by (data element, cell code); one read for the whole org unit and period.
///
/// Errors: database errors.
pub async fn stored_cells(
    store: &Store,
    data: &PeriodData,
    codes: &[&str],
) -> Result<HashMap<(String, String), StoredCell>, WebError> {
    let stored = store
        .versioned_values(&data.org_unit.id, data.period)
        .await?;
    Ok(stored
        .into_iter()
        .filter(|v| codes.contains(&v.value.data_element.as_str()))
        .map(|v| {
            (
                (
                    v.value.data_element.clone(),
                    v.value.category_option_combo.code(),
                ),
                StoredCell {
                    as_typed: v.value.number.as_typed,
                    version: v.version,
                },
            )
        })
        .collect())
}

/// A figure of a data element printed the Vietnamese way: counts as whole numbers
/// ("22.155"), other numbers at `decimals` ("3,5").
pub fn figure(de: &DataElement, value: f64, decimals: u32) -> String {
    match de.value_type {
        ValueType::Integer => format::decimal(value, 0),
        _ => format::decimal(value, decimals),
    }
}

/// The periods to offer in the picker: those with figures, newest first, and the month
/// after the newest (to start entering it).
pub async fn periods(store: &Store) -> Result<Vec<Period>, WebError> {
    let mut periods = store.periods().await?;
    if let Some(newest) = periods.iter().max().copied() {
        periods.push(newest.next());
    }
    periods.sort();
    periods.dedup();
    periods.reverse();
    Ok(periods)
}
