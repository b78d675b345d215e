//! Rows as both drivers decode them, and their conversion into the domain types. A date is
//! a `DATE` in PostgreSQL and `YYYY-MM-DD` text in SQLite; a time a `TIMESTAMP` or
//! `YYYY-MM-DD HH:MM:SS` text; sqlx decodes either into chrono.

use baocao_core::coc::CategoryOptionCombo;
use baocao_core::narrative::ReportIssue;
use baocao_core::orgunit::{OrgUnit, OrgUnitVersion};
use baocao_core::period::Period;
use baocao_core::register::{Document, KeyTask};
use baocao_core::symbol::{DocumentType, NumberSymbol};
use baocao_core::value::{DataValue, StatedIndicatorValue, TypedNumber, ValueOrigin};
use chrono::{NaiveDate, NaiveDateTime};

use crate::StoreError;
use crate::codec::{corrupt, enum_from};

/// The columns of [`DataValueRow`], in its order.
pub(crate) const DATA_VALUE_COLUMNS: &str = "data_element, coc, org_unit, period, value, decimals, as_typed, origin, stored_by, stored_at, comment, version";

#[derive(sqlx::FromRow)]
pub(crate) struct OrgUnitRow {
    id: String,
    code: String,
    level: String,
    kind: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrgUnitVersionRow {
    org_unit_id: String,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    name: String,
    parent_id: Option<String>,
}

/// Org units with their versions (which come ordered by start date).
pub(crate) fn org_units(
    units: Vec<OrgUnitRow>,
    versions: Vec<OrgUnitVersionRow>,
) -> Result<Vec<OrgUnit>, StoreError> {
    units
        .into_iter()
        .map(|u| {
            Ok(OrgUnit {
                level: enum_from("org_unit", &u.id, &u.level)?,
                kind: enum_from("org_unit", &u.id, &u.kind)?,
                code: u.code,
                versions: versions
                    .iter()
                    .filter(|v| v.org_unit_id == u.id)
                    .map(|v| OrgUnitVersion {
                        valid_from: v.valid_from,
                        valid_to: v.valid_to,
                        name: v.name.clone(),
                        parent: v.parent_id.clone(),
                    })
                    .collect(),
                id: u.id,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
pub(crate) struct DataValueRow {
    data_element: String,
    coc: String,
    org_unit: String,
    period: String,
    value: f64,
    decimals: i64,
    as_typed: String,
    origin: String,
    stored_by: String,
    stored_at: NaiveDateTime,
    comment: Option<String>,
    pub(crate) version: i64,
}

impl DataValueRow {
    pub(crate) fn into_value(self) -> Result<DataValue, StoreError> {
        let key = format!("{}/{}", self.data_element, self.coc);
        Ok(DataValue {
            category_option_combo: coc(&self.coc),
            period: period("data_value", &key, &self.period)?,
            number: number("data_value", &key, self.value, self.decimals, self.as_typed)?,
            origin: match self.origin.strip_prefix("derived: ") {
                Some(how) => ValueOrigin::Derived(how.to_string()),
                None => ValueOrigin::Typed,
            },
            org_unit: self.org_unit,
            stored_by: self.stored_by,
            stored_at: Some(self.stored_at),
            comment: self.comment,
            data_element: self.data_element,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct StatedRow {
    indicator: String,
    coc: String,
    org_unit: String,
    period: String,
    value: f64,
    decimals: i64,
    as_typed: String,
    stored_by: String,
    comment: Option<String>,
}

impl StatedRow {
    pub(crate) fn into_value(self) -> Result<StatedIndicatorValue, StoreError> {
        let key = format!("{}/{}", self.indicator, self.coc);
        let table = "stated_indicator_value";
        Ok(StatedIndicatorValue {
            category_option_combo: coc(&self.coc),
            period: period(table, &key, &self.period)?,
            number: number(table, &key, self.value, self.decimals, self.as_typed)?,
            org_unit: self.org_unit,
            stored_by: self.stored_by,
            comment: self.comment,
            indicator: self.indicator,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct DocumentRow {
    id: String,
    symbol: Option<String>,
    doc_type: String,
    date: Option<NaiveDate>,
    issuer: String,
    #[sqlx(rename = "abstract")]
    abstract_text: String,
    field: String,
    role: String,
    period: Option<String>,
}

impl DocumentRow {
    pub(crate) fn into_document(self) -> Result<Document, StoreError> {
        let id = self.id;
        Ok(Document {
            symbol: self
                .symbol
                .map(|s| NumberSymbol::parse(&s).map_err(|e| corrupt("document", &id, e)))
                .transpose()?,
            doc_type: DocumentType::from_code(&self.doc_type).ok_or_else(|| {
                corrupt("document", &id, format!("unknown type `{}`", self.doc_type))
            })?,
            date: self.date,
            issuer: self.issuer,
            abstract_text: self.abstract_text,
            field: enum_from("document", &id, &self.field)?,
            role: enum_from("document", &id, &self.role)?,
            period: self
                .period
                .map(|p| period("document", &id, &p))
                .transpose()?,
            id,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TaskRow {
    period: String,
    number: i64,
    field: String,
    text: String,
    status: String,
    result: Option<String>,
}

impl TaskRow {
    pub(crate) fn into_task(self) -> Result<KeyTask, StoreError> {
        let key = format!("{}#{}", self.period, self.number);
        Ok(KeyTask {
            period: period("key_task", &key, &self.period)?,
            number: u32::try_from(self.number).map_err(|e| corrupt("key_task", &key, e))?,
            field: enum_from("key_task", &key, &self.field)?,
            text: self.text,
            status: enum_from("key_task", &key, &self.status)?,
            result: self.result,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ReportIssueRow {
    number: Option<i64>,
    issued_on: NaiveDate,
    ytd_cutoff: NaiveDate,
    signer: String,
}

impl ReportIssueRow {
    pub(crate) fn into_issue(self, period: Period) -> Result<ReportIssue, StoreError> {
        Ok(ReportIssue {
            period,
            number: self
                .number
                .map(|n| u32::try_from(n).map_err(|e| corrupt("report_issue", &period.id(), e)))
                .transpose()?,
            issued_on: self.issued_on,
            ytd_cutoff: self.ytd_cutoff,
            signer: self.signer,
        })
    }
}

pub(crate) fn period(table: &'static str, key: &str, text: &str) -> Result<Period, StoreError> {
    Period::parse(text).map_err(|e| corrupt(table, key, e))
}

fn coc(code: &str) -> CategoryOptionCombo {
    CategoryOptionCombo::new(
        CategoryOptionCombo::split_code(code)
            .into_iter()
            .map(str::to_string)
            .collect(),
    )
}

fn number(
    table: &'static str,
    key: &str,
    value: f64,
    decimals: i64,
    as_typed: String,
) -> Result<TypedNumber, StoreError> {
    Ok(TypedNumber {
        value,
        decimals: u32::try_from(decimals).map_err(|e| corrupt(table, key, e))?,
        as_typed,
    })
}
