//! Reads for aggregation: the figures of many org units over many periods in one query, for
//! the quarter, half-year and year of an area (`baocao-app`'s `aggregate`); and the figures
//! of a few data elements only, for one indicator rolled up over many areas.

use baocao_core::period::Period;
use baocao_core::value::{DataValue, StatedIndicatorValue};

use crate::rows::{DATA_VALUE_COLUMNS, DataValueRow, StatedRow};
use crate::sql::{Db, Statement, dollar_placeholders, placeholders};
use crate::{Store, StoreError, with_db};

/// The most org units one query of [`Store::data_values_of_elements`] names; more are read in
/// several queries. SQLite binds at most 32 766 arguments a statement, PostgreSQL 65 535.
pub const ORG_UNITS_PER_QUERY: usize = 5_000;

impl Store {
    /// The data values of any of `org_units` in any of `periods`, by org unit, period, data
    /// element and cell; empty when either list is empty.
    pub async fn data_values_of_units(
        &self,
        org_units: &[String],
        periods: &[Period],
    ) -> Result<Vec<DataValue>, StoreError> {
        if org_units.is_empty() || periods.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {DATA_VALUE_COLUMNS} FROM data_value WHERE org_unit IN ({}) AND period IN ({}) \
             ORDER BY org_unit, period, data_element, coc",
            dollar_placeholders(1, org_units.len()),
            dollar_placeholders(1 + org_units.len(), periods.len())
        );
        let statement = Statement::assembled(sql)
            .bind_all(org_units.iter().map(|u| u.as_str().into()))
            .bind_all(periods.iter().map(|p| p.id().into()));
        let rows: Vec<DataValueRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter().map(DataValueRow::into_value).collect()
    }

    /// The stated indicator values of any of `org_units` in any of `periods`, by org unit,
    /// period, indicator and cell.
    pub async fn stated_indicator_values_of_units(
        &self,
        org_units: &[String],
        periods: &[Period],
    ) -> Result<Vec<StatedIndicatorValue>, StoreError> {
        if org_units.is_empty() || periods.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT indicator, coc, org_unit, period, value, decimals, as_typed, stored_by, comment \
             FROM stated_indicator_value WHERE org_unit IN ({}) AND period IN ({}) \
             ORDER BY org_unit, period, indicator, coc",
            dollar_placeholders(1, org_units.len()),
            dollar_placeholders(1 + org_units.len(), periods.len())
        );
        let statement = Statement::assembled(sql)
            .bind_all(org_units.iter().map(|u| u.as_str().into()))
            .bind_all(periods.iter().map(|p| p.id().into()));
        let rows: Vec<StatedRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter().map(StatedRow::into_value).collect()
    }

    /// The data values of the data elements `data_elements` (codes) stored at any of
    /// `org_units` (ids) in any of `periods`, by org unit, period, data element and cell; empty
    /// when a list is empty. What one indicator needs over many areas: a national roll-up of
    /// a rate reads its two data elements of 3 321 communes, not all 200.
    ///
    /// Any number of org units: they are read [`ORG_UNITS_PER_QUERY`] at a time.
    ///
    /// Errors: database errors; a stored row that does not decode
    /// ([`StoreError::Corrupt`]).
    pub async fn data_values_of_elements(
        &self,
        data_elements: &[String],
        org_units: &[String],
        periods: &[Period],
    ) -> Result<Vec<DataValue>, StoreError> {
        if data_elements.is_empty() || org_units.is_empty() || periods.is_empty() {
            return Ok(Vec::new());
        }
        // Sorted and without repeats, so that the chunks' rows, each in org unit order,
        // follow one another in that order.
        let mut units: Vec<&str> = org_units.iter().map(String::as_str).collect();
        units.sort_unstable();
        units.dedup();
        let mut out = Vec::new();
        for chunk in units.chunks(ORG_UNITS_PER_QUERY) {
            let rows: Vec<DataValueRow> = with_db!(self, |db| {
                values_of_elements(db, data_elements, chunk, periods).await?
            });
            out.reserve(rows.len());
            for row in rows {
                out.push(row.into_value()?);
            }
        }
        Ok(out)
    }
}

async fn values_of_elements<C: Db>(
    db: &mut C,
    data_elements: &[String],
    org_units: &[&str],
    periods: &[Period],
) -> Result<Vec<DataValueRow>, StoreError> {
    let (d, u, p) = (data_elements.len(), org_units.len(), periods.len());
    // Plain `?` on SQLite: numbered placeholders cost quadratic time to bind there.
    let sql = format!(
        "SELECT {DATA_VALUE_COLUMNS} FROM data_value WHERE data_element IN ({}) \
         AND org_unit IN ({}) AND period IN ({}) ORDER BY org_unit, period, data_element, coc",
        placeholders(C::DIALECT, 1, d),
        placeholders(C::DIALECT, 1 + d, u),
        placeholders(C::DIALECT, 1 + d + u, p),
    );
    let statement = Statement::assembled(sql)
        .bind_all(data_elements.iter().map(|e| e.as_str().into()))
        .bind_all(org_units.iter().map(|u| (*u).into()))
        .bind_all(periods.iter().map(|p| p.id().into()));
    Ok(db.fetch_all(statement).await?)
}
