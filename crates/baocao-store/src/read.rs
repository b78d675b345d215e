//! Reading figures, registers and texts back into the domain types.

use baocao_core::coc::CategoryOptionCombo;
use baocao_core::narrative::{Narrative, ReportIssue};
use baocao_core::orgunit::{OrgUnit, OrgUnitVersion};
use baocao_core::period::Period;
use baocao_core::register::{Document, KeyTask};
use baocao_core::symbol::{DocumentType, NumberSymbol};
use baocao_core::value::{DataValue, StatedIndicatorValue, TypedNumber, ValueOrigin};
use chrono::{NaiveDate, NaiveDateTime};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::codec::{corrupt, enum_from};
use crate::{Store, StoreError};

/// The code a document type is stored under: its abbreviation, or `CV` for a công văn.
pub(crate) fn doc_type_code(t: DocumentType) -> String {
    t.code().to_string()
}

fn parse_doc_type(key: &str, code: &str) -> Result<DocumentType, StoreError> {
    DocumentType::from_code(code)
        .ok_or_else(|| corrupt("document", key, format!("unknown type `{code}`")))
}

fn period(table: &'static str, key: &str, text: &str) -> Result<Period, StoreError> {
    Period::parse(text).map_err(|e| corrupt(table, key, e))
}

fn date(table: &'static str, key: &str, text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| corrupt(table, key, e))
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

impl Store {
    /// The stored file of `kind` (`catalog` or `report_template`): (file name, text).
    pub async fn source_file(&self, kind: &str) -> Result<Option<(String, String)>, StoreError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT file_name, text FROM source_file WHERE kind = ?")
                .bind(kind)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row)
    }

    /// Every org unit with its versions.
    pub async fn org_units(&self) -> Result<Vec<OrgUnit>, StoreError> {
        let units = sqlx::query("SELECT id, code, level FROM org_unit ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        let versions = sqlx::query("SELECT org_unit_id, valid_from, valid_to, name, parent_id FROM org_unit_version ORDER BY valid_from")
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::new();
        for u in units {
            let id: String = u.get("id");
            let mut unit = OrgUnit {
                level: enum_from("org_unit", &id, u.get::<&str, _>("level"))?,
                code: u.get("code"),
                versions: Vec::new(),
                id,
            };
            for v in versions
                .iter()
                .filter(|v| v.get::<&str, _>("org_unit_id") == unit.id)
            {
                unit.versions.push(OrgUnitVersion {
                    valid_from: date("org_unit_version", &unit.id, v.get("valid_from"))?,
                    valid_to: v
                        .get::<Option<&str>, _>("valid_to")
                        .map(|t| date("org_unit_version", &unit.id, t))
                        .transpose()?,
                    name: v.get("name"),
                    parent: v.get("parent_id"),
                });
            }
            out.push(unit);
        }
        Ok(out)
    }

    /// The data values of `org_unit` in the given periods.
    pub async fn data_values(
        &self,
        org_unit: &str,
        periods: &[Period],
    ) -> Result<Vec<DataValue>, StoreError> {
        let sql = format!(
            "SELECT data_element, coc, org_unit, period, value, decimals, as_typed, origin, stored_by, stored_at, comment \
             FROM data_value WHERE org_unit = ? AND period IN ({}) ORDER BY period, data_element, coc",
            placeholders(periods.len())
        );
        // Only `?` placeholders are spliced in; the values are bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org_unit);
        for p in periods {
            query = query.bind(p.id());
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(data_value)
            .collect()
    }

    /// The stated indicator values of `org_unit` in the given periods.
    pub async fn stated_indicator_values(
        &self,
        org_unit: &str,
        periods: &[Period],
    ) -> Result<Vec<StatedIndicatorValue>, StoreError> {
        let sql = format!(
            "SELECT indicator, coc, org_unit, period, value, decimals, as_typed, stored_by, comment \
             FROM stated_indicator_value WHERE org_unit = ? AND period IN ({}) ORDER BY period, indicator, coc",
            placeholders(periods.len())
        );
        // Only `?` placeholders are spliced in; the values are bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org_unit);
        for p in periods {
            query = query.bind(p.id());
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let key: String = r.get("indicator");
                Ok(StatedIndicatorValue {
                    category_option_combo: coc(r.get("coc")),
                    org_unit: r.get("org_unit"),
                    period: period("stated_indicator_value", &key, r.get("period"))?,
                    number: number(r),
                    stored_by: r.get("stored_by"),
                    comment: r.get("comment"),
                    indicator: key,
                })
            })
            .collect()
    }

    /// The documents registered for `period`, in register order.
    pub async fn documents(&self, period_filter: Period) -> Result<Vec<Document>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, symbol, doc_type, date, issuer, abstract, field, role, period FROM document \
             WHERE period = ? ORDER BY rowid",
        )
        .bind(period_filter.id())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(document).collect()
    }

    /// The key tasks planned for `period`, by number.
    pub async fn tasks(&self, period_filter: Period) -> Result<Vec<KeyTask>, StoreError> {
        let rows = sqlx::query("SELECT period, number, field, text, status, result FROM key_task WHERE period = ? ORDER BY number")
            .bind(period_filter.id())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let key = format!(
                    "{}#{}",
                    r.get::<&str, _>("period"),
                    r.get::<i64, _>("number")
                );
                Ok(KeyTask {
                    period: period("key_task", &key, r.get("period"))?,
                    number: u32::try_from(r.get::<i64, _>("number"))
                        .map_err(|e| corrupt("key_task", &key, e))?,
                    field: enum_from("key_task", &key, r.get("field"))?,
                    text: r.get("text"),
                    status: enum_from("key_task", &key, r.get("status"))?,
                    result: r.get("result"),
                })
            })
            .collect()
    }

    /// The narrative sections of `period`.
    pub async fn narratives(&self, period_filter: Period) -> Result<Vec<Narrative>, StoreError> {
        let rows =
            sqlx::query("SELECT section, text FROM narrative WHERE period = ? ORDER BY section")
                .bind(period_filter.id())
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .map(|r| Narrative {
                period: period_filter,
                section: r.get("section"),
                text: r.get("text"),
            })
            .collect())
    }

    /// The issue data of the report for `period`, if any.
    pub async fn report_issue(
        &self,
        period_filter: Period,
    ) -> Result<Option<ReportIssue>, StoreError> {
        let row = sqlx::query(
            "SELECT number, issued_on, ytd_cutoff, signer FROM report_issue WHERE period = ?",
        )
        .bind(period_filter.id())
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let key = period_filter.id();
        Ok(Some(ReportIssue {
            period: period_filter,
            number: r
                .get::<Option<i64>, _>("number")
                .and_then(|n| u32::try_from(n).ok()),
            issued_on: date("report_issue", &key, r.get("issued_on"))?,
            ytd_cutoff: date("report_issue", &key, r.get("ytd_cutoff"))?,
            signer: r.get("signer"),
        }))
    }

    /// The periods that have figures, in order.
    pub async fn periods(&self) -> Result<Vec<Period>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT period FROM data_value")
            .fetch_all(&self.pool)
            .await?;
        let mut out = rows
            .iter()
            .map(|(p,)| period("data_value", p, p))
            .collect::<Result<Vec<_>, _>>()?;
        out.sort();
        Ok(out)
    }
}

fn coc(code: &str) -> CategoryOptionCombo {
    CategoryOptionCombo::new(
        CategoryOptionCombo::split_code(code)
            .into_iter()
            .map(str::to_string)
            .collect(),
    )
}

fn number(r: &SqliteRow) -> TypedNumber {
    TypedNumber {
        value: r.get("value"),
        decimals: u32::try_from(r.get::<i64, _>("decimals")).unwrap_or(0),
        as_typed: r.get("as_typed"),
    }
}

fn data_value(r: &SqliteRow) -> Result<DataValue, StoreError> {
    let key = format!(
        "{}/{}",
        r.get::<&str, _>("data_element"),
        r.get::<&str, _>("coc")
    );
    let origin: &str = r.get("origin");
    Ok(DataValue {
        data_element: r.get("data_element"),
        category_option_combo: coc(r.get("coc")),
        org_unit: r.get("org_unit"),
        period: period("data_value", &key, r.get("period"))?,
        number: number(r),
        origin: match origin.strip_prefix("derived: ") {
            Some(how) => ValueOrigin::Derived(how.to_string()),
            None => ValueOrigin::Typed,
        },
        stored_by: r.get("stored_by"),
        stored_at: NaiveDateTime::parse_from_str(r.get("stored_at"), "%Y-%m-%dT%H:%M:%S").ok(),
        comment: r.get("comment"),
    })
}

fn document(r: &SqliteRow) -> Result<Document, StoreError> {
    let id: String = r.get("id");
    Ok(Document {
        symbol: r
            .get::<Option<&str>, _>("symbol")
            .map(|s| NumberSymbol::parse(s).map_err(|e| corrupt("document", &id, e)))
            .transpose()?,
        doc_type: parse_doc_type(&id, r.get("doc_type"))?,
        date: r
            .get::<Option<&str>, _>("date")
            .map(|d| date("document", &id, d))
            .transpose()?,
        issuer: r.get("issuer"),
        abstract_text: r.get("abstract"),
        field: enum_from("document", &id, r.get("field"))?,
        role: enum_from("document", &id, r.get("role"))?,
        period: r
            .get::<Option<&str>, _>("period")
            .map(|p| period("document", &id, p))
            .transpose()?,
        id,
    })
}
