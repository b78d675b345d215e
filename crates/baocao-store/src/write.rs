//! Writing a whole data set (the example, an import) in one transaction.

use baocao_core::narrative::{Narrative, ReportIssue};
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::Period;
use baocao_core::register::{Document, KeyTask};
use baocao_core::value::{DataValue, StatedIndicatorValue, ValueOrigin};
use chrono::Utc;
use sqlx::{Sqlite, Transaction};

use crate::codec::enum_text;
use crate::{Store, StoreError};

/// Everything loaded from a department's files, to be stored together.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The catalogue file: (file name, text).
    pub catalog_source: Option<(String, String)>,
    /// The report template file: (file name, text).
    pub template_source: Option<(String, String)>,
    /// Org units.
    pub org_units: Vec<OrgUnit>,
    /// Data values.
    pub values: Vec<DataValue>,
    /// Stated indicator values.
    pub stated: Vec<StatedIndicatorValue>,
    /// The document register.
    pub documents: Vec<Document>,
    /// The key-task register.
    pub tasks: Vec<KeyTask>,
    /// Narrative sections.
    pub narratives: Vec<Narrative>,
    /// Reports' issue data.
    pub report_issues: Vec<ReportIssue>,
    /// (period, org unit) pairs whose stored figures, stated values, narrative and report
    /// data this data set replaces whole: what is not in the data set is deleted. Figures of
    /// other periods (e.g. last month's base implied by a stated growth) are added or
    /// replaced one by one.
    pub replace_periods: Vec<(Period, String)>,
    /// Whether `documents` and `tasks` are whole registers that replace the stored ones.
    pub replace_registers: bool,
    /// When set, the codes of the data elements and indicators of the catalogue being
    /// stored: the write is refused if any stored figure refers to another code.
    pub catalog_codes: Option<CatalogCodes>,
}

/// The codes a catalogue defines, to check stored figures against.
#[derive(Debug, Clone, Default)]
pub struct CatalogCodes {
    /// Data element codes.
    pub data_elements: Vec<String>,
    /// Indicator codes.
    pub indicators: Vec<String>,
}

impl Store {
    /// Whether the database holds any figure, register entry or catalogue.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM source_file) + (SELECT COUNT(*) FROM data_value) + (SELECT COUNT(*) FROM document)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n == 0)
    }

    /// Stores a data set in one transaction, replacing rows with the same keys. Rows with
    /// other keys are kept. On any error nothing is written.
    pub async fn save_dataset(&self, data: &Dataset) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let now = Utc::now()
            .naive_utc()
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string();
        for (kind, source) in [
            ("catalog", &data.catalog_source),
            ("report_template", &data.template_source),
        ] {
            if let Some((name, text)) = source {
                sqlx::query("INSERT OR REPLACE INTO source_file (kind, file_name, text, loaded_at) VALUES (?, ?, ?, ?)")
                    .bind(kind).bind(name).bind(text).bind(&now)
                    .execute(&mut *tx).await?;
            }
        }
        save_org_units(&mut tx, &data.org_units).await?;
        clear_replaced(&mut tx, data).await?;
        save_values(&mut tx, &data.values, &now).await?;
        save_stated(&mut tx, &data.stated, &now).await?;
        save_documents(&mut tx, &data.documents).await?;
        save_tasks(&mut tx, &data.tasks).await?;
        for n in &data.narratives {
            sqlx::query("INSERT OR REPLACE INTO narrative (period, section, text, updated_at) VALUES (?, ?, ?, ?)")
                .bind(n.period.id()).bind(&n.section).bind(&n.text).bind(&now)
                .execute(&mut *tx).await?;
        }
        for r in &data.report_issues {
            sqlx::query("INSERT OR REPLACE INTO report_issue (period, number, issued_on, ytd_cutoff, signer) VALUES (?, ?, ?, ?, ?)")
                .bind(r.period.id()).bind(r.number.map(i64::from)).bind(r.issued_on.to_string())
                .bind(r.ytd_cutoff.to_string()).bind(&r.signer)
                .execute(&mut *tx).await?;
        }
        if let Some(codes) = &data.catalog_codes {
            check_codes(&mut tx, codes).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn clear_replaced(
    tx: &mut Transaction<'_, Sqlite>,
    data: &Dataset,
) -> Result<(), StoreError> {
    for (period, org_unit) in &data.replace_periods {
        for table in ["data_value", "stated_indicator_value"] {
            // Table names come from the list above, never from input.
            let sql = format!("DELETE FROM {table} WHERE period = ? AND org_unit = ?");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(period.id())
                .bind(org_unit)
                .execute(&mut **tx)
                .await?;
        }
        for table in ["narrative", "report_issue"] {
            let sql = format!("DELETE FROM {table} WHERE period = ?");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(period.id())
                .execute(&mut **tx)
                .await?;
        }
    }
    if data.replace_registers {
        sqlx::query("DELETE FROM document")
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM key_task")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Refuses a catalogue that would orphan stored figures.
async fn check_codes(
    tx: &mut Transaction<'_, Sqlite>,
    codes: &CatalogCodes,
) -> Result<(), StoreError> {
    let stored: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT data_element, period FROM data_value ORDER BY data_element, period",
    )
    .fetch_all(&mut **tx)
    .await?;
    let stated: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT indicator, period FROM stated_indicator_value ORDER BY indicator, period",
    )
    .fetch_all(&mut **tx)
    .await?;
    let orphans: Vec<String> = stored
        .iter()
        .filter(|(code, _)| !codes.data_elements.contains(code))
        .chain(
            stated
                .iter()
                .filter(|(code, _)| !codes.indicators.contains(code)),
        )
        .map(|(code, period)| format!("{code} ({period})"))
        .collect();
    if orphans.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Orphans(orphans))
    }
}

async fn save_org_units(
    tx: &mut Transaction<'_, Sqlite>,
    units: &[OrgUnit],
) -> Result<(), StoreError> {
    for u in units {
        sqlx::query("INSERT OR REPLACE INTO org_unit (id, code, level) VALUES (?, ?, ?)")
            .bind(&u.id)
            .bind(&u.code)
            .bind(enum_text(&u.level))
            .execute(&mut **tx)
            .await?;
    }
    for u in units {
        sqlx::query("DELETE FROM org_unit_version WHERE org_unit_id = ?")
            .bind(&u.id)
            .execute(&mut **tx)
            .await?;
        for v in &u.versions {
            sqlx::query("INSERT INTO org_unit_version (org_unit_id, valid_from, valid_to, name, parent_id) VALUES (?, ?, ?, ?, ?)")
                .bind(&u.id).bind(v.valid_from.to_string()).bind(v.valid_to.map(|d| d.to_string()))
                .bind(&v.name).bind(&v.parent)
                .execute(&mut **tx).await?;
        }
    }
    Ok(())
}

fn origin_text(origin: &ValueOrigin) -> String {
    match origin {
        ValueOrigin::Typed => "typed".to_string(),
        ValueOrigin::Derived(how) => format!("derived: {how}"),
    }
}

async fn save_values(
    tx: &mut Transaction<'_, Sqlite>,
    values: &[DataValue],
    now: &str,
) -> Result<(), StoreError> {
    for v in values {
        sqlx::query(
            "INSERT OR REPLACE INTO data_value (data_element, coc, org_unit, period, value, decimals, as_typed, origin, stored_by, stored_at, comment) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&v.data_element).bind(v.category_option_combo.code()).bind(&v.org_unit).bind(v.period.id())
        .bind(v.number.value).bind(i64::from(v.number.decimals)).bind(&v.number.as_typed)
        .bind(origin_text(&v.origin)).bind(&v.stored_by)
        .bind(v.stored_at.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()).unwrap_or_else(|| now.to_string()))
        .bind(&v.comment)
        .execute(&mut **tx).await?;
    }
    Ok(())
}

async fn save_stated(
    tx: &mut Transaction<'_, Sqlite>,
    stated: &[StatedIndicatorValue],
    now: &str,
) -> Result<(), StoreError> {
    for s in stated {
        sqlx::query(
            "INSERT OR REPLACE INTO stated_indicator_value (indicator, coc, org_unit, period, value, decimals, as_typed, stored_by, stored_at, comment) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&s.indicator).bind(s.category_option_combo.code()).bind(&s.org_unit).bind(s.period.id())
        .bind(s.number.value).bind(i64::from(s.number.decimals)).bind(&s.number.as_typed)
        .bind(&s.stored_by).bind(now).bind(&s.comment)
        .execute(&mut **tx).await?;
    }
    Ok(())
}

async fn save_documents(
    tx: &mut Transaction<'_, Sqlite>,
    documents: &[Document],
) -> Result<(), StoreError> {
    for d in documents {
        sqlx::query(
            "INSERT OR REPLACE INTO document (id, symbol, doc_type, date, issuer, abstract, field, role, period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&d.id).bind(d.symbol.as_ref().map(ToString::to_string)).bind(crate::read::doc_type_code(d.doc_type))
        .bind(d.date.map(|x| x.to_string())).bind(&d.issuer).bind(&d.abstract_text)
        .bind(enum_text(&d.field)).bind(enum_text(&d.role)).bind(d.period.map(|p| p.id()))
        .execute(&mut **tx).await?;
    }
    Ok(())
}

async fn save_tasks(tx: &mut Transaction<'_, Sqlite>, tasks: &[KeyTask]) -> Result<(), StoreError> {
    for t in tasks {
        sqlx::query("INSERT OR REPLACE INTO key_task (period, number, field, text, status, result) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(t.period.id()).bind(i64::from(t.number)).bind(enum_text(&t.field)).bind(&t.text)
            .bind(enum_text(&t.status)).bind(&t.result)
            .execute(&mut **tx).await?;
    }
    Ok(())
}
