//! Reads for aggregation: the figures of many org units over many periods in one query, for
//! the quarter, half-year and year of an area (`baocao-app`'s `aggregate`).

use baocao_core::period::Period;
use baocao_core::value::{DataValue, StatedIndicatorValue};

use crate::rows::{DATA_VALUE_COLUMNS, DataValueRow, StatedRow};
use crate::sql::{Db, Statement, dollar_placeholders};
use crate::{Store, StoreError, with_db};

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
}
