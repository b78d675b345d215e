//! Reading figures, registers and texts back into the domain types.

use baocao_core::narrative::{Narrative, ReportIssue};
use baocao_core::orgunit::{OrgUnit, Succession};
use baocao_core::period::Period;
use baocao_core::register::{Document, KeyTask};
use baocao_core::value::{DataValue, StatedIndicatorValue};

use chrono::NaiveDate;

use crate::rows::{
    self, DATA_VALUE_COLUMNS, DataValueRow, DocumentRow, OrgUnitRow, OrgUnitVersionRow,
    ReportIssueRow, StatedRow, TaskRow,
};
use crate::sql::{Db, Statement, dollar_placeholders};
use crate::{Store, StoreError, with_db};

/// The code a document type is stored under: its abbreviation, or `CV` for a công văn.
pub(crate) fn doc_type_code(t: baocao_core::symbol::DocumentType) -> String {
    t.code().to_string()
}

impl Store {
    /// The stored file of `kind` (`catalog` or `report_template`): (file name, text).
    pub async fn source_file(&self, kind: &str) -> Result<Option<(String, String)>, StoreError> {
        let statement =
            Statement::new("SELECT file_name, text FROM source_file WHERE kind = $1").bind(kind);
        Ok(with_db!(self, |db| db.fetch_optional(statement).await?))
    }

    /// Every org unit with its versions, by id; versions by start date.
    pub async fn org_units(&self) -> Result<Vec<OrgUnit>, StoreError> {
        with_db!(self, |db| org_units(db).await)
    }

    /// Every stored succession (where a unit that ceased went), by predecessor and in the
    /// order its successors were listed.
    ///
    /// Errors: database errors.
    pub async fn successions(&self) -> Result<Vec<Succession>, StoreError> {
        let statement = Statement::new(
            "SELECT predecessor, successor, valid_from FROM org_unit_succession \
             ORDER BY predecessor, position",
        );
        let rows: Vec<(String, String, NaiveDate)> =
            with_db!(self, |db| db.fetch_all(statement).await?);
        Ok(rows
            .into_iter()
            .map(|(from, to, date)| Succession { from, to, date })
            .collect())
    }

    /// The data values of `org_unit` in the given periods, by period, data element and cell.
    pub async fn data_values(
        &self,
        org_unit: &str,
        periods: &[Period],
    ) -> Result<Vec<DataValue>, StoreError> {
        if periods.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {DATA_VALUE_COLUMNS} FROM data_value WHERE org_unit = $1 AND period IN ({}) \
             ORDER BY period, data_element, coc",
            dollar_placeholders(2, periods.len())
        );
        let statement = Statement::assembled(sql)
            .bind(org_unit)
            .bind_all(periods.iter().map(|p| p.id().into()));
        let rows: Vec<DataValueRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter().map(DataValueRow::into_value).collect()
    }

    /// The stated indicator values of `org_unit` in the given periods.
    pub async fn stated_indicator_values(
        &self,
        org_unit: &str,
        periods: &[Period],
    ) -> Result<Vec<StatedIndicatorValue>, StoreError> {
        if periods.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT indicator, coc, org_unit, period, value, decimals, as_typed, stored_by, comment \
             FROM stated_indicator_value WHERE org_unit = $1 AND period IN ({}) \
             ORDER BY period, indicator, coc",
            dollar_placeholders(2, periods.len())
        );
        let statement = Statement::assembled(sql)
            .bind(org_unit)
            .bind_all(periods.iter().map(|p| p.id().into()));
        let rows: Vec<StatedRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter().map(StatedRow::into_value).collect()
    }

    /// The documents registered for `period`, in register order.
    pub async fn documents(&self, period: Period) -> Result<Vec<Document>, StoreError> {
        let statement = Statement::new(
            "SELECT id, symbol, doc_type, date, issuer, abstract, field, role, period \
             FROM document WHERE period = $1 ORDER BY seq",
        )
        .bind(period.id());
        let rows: Vec<DocumentRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter().map(DocumentRow::into_document).collect()
    }

    /// The key tasks planned for `period`, by number.
    pub async fn tasks(&self, period: Period) -> Result<Vec<KeyTask>, StoreError> {
        let statement = Statement::new(
            "SELECT period, number, field, text, status, result FROM key_task \
             WHERE period = $1 ORDER BY number",
        )
        .bind(period.id());
        let rows: Vec<TaskRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        rows.into_iter().map(TaskRow::into_task).collect()
    }

    /// The narrative sections of `period`, by section id.
    pub async fn narratives(&self, period: Period) -> Result<Vec<Narrative>, StoreError> {
        let statement = Statement::new(
            "SELECT section, text FROM narrative WHERE period = $1 ORDER BY section",
        )
        .bind(period.id());
        let rows: Vec<(String, String)> = with_db!(self, |db| db.fetch_all(statement).await?);
        Ok(rows
            .into_iter()
            .map(|(section, text)| Narrative {
                period,
                section,
                text,
            })
            .collect())
    }

    /// The issue data of the report for `period`, if any.
    pub async fn report_issue(&self, period: Period) -> Result<Option<ReportIssue>, StoreError> {
        let statement = Statement::new(
            "SELECT number, issued_on, ytd_cutoff, signer FROM report_issue WHERE period = $1",
        )
        .bind(period.id());
        let row: Option<ReportIssueRow> = with_db!(self, |db| db.fetch_optional(statement).await?);
        row.map(|r| r.into_issue(period)).transpose()
    }

    /// The periods that have figures, in order.
    pub async fn periods(&self) -> Result<Vec<Period>, StoreError> {
        let statement = Statement::new("SELECT DISTINCT period FROM data_value");
        let rows: Vec<(String,)> = with_db!(self, |db| db.fetch_all(statement).await?);
        let mut out = rows
            .iter()
            .map(|(p,)| rows::period("data_value", p, p))
            .collect::<Result<Vec<_>, _>>()?;
        out.sort();
        Ok(out)
    }
}

async fn org_units<C: Db>(db: &mut C) -> Result<Vec<OrgUnit>, StoreError> {
    let units: Vec<OrgUnitRow> = db
        .fetch_all(Statement::new(
            "SELECT id, code, level, kind FROM org_unit ORDER BY id",
        ))
        .await?;
    let versions: Vec<OrgUnitVersionRow> = db
        .fetch_all(Statement::new(
            "SELECT org_unit_id, valid_from, valid_to, name, parent_id FROM org_unit_version \
             ORDER BY org_unit_id, valid_from",
        ))
        .await?;
    rows::org_units(units, versions)
}
