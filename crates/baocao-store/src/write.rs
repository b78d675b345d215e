//! Writing a whole data set (the example, an import) in one transaction, table by table in
//! multi-row statements.

use std::collections::BTreeMap;

use baocao_core::narrative::{Narrative, ReportIssue};
use baocao_core::orgunit::{OrgUnit, Succession};
use baocao_core::period::Period;
use baocao_core::register::{Document, KeyTask};
use baocao_core::value::{DataValue, StatedIndicatorValue, ValueOrigin};
use chrono::{NaiveDateTime, SubsecRound, Utc};

use crate::audit;
use crate::codec::{corrupt, enum_text};
use crate::sql::{Arg, Db, Dialect, Insert, OnConflict, Statement};
use crate::{Store, StoreError, in_transaction, with_db};

/// Everything loaded from a department's files, to be stored together.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The catalogue file: (file name, text).
    pub catalog_source: Option<(String, String)>,
    /// The report template file: (file name, text).
    pub template_source: Option<(String, String)>,
    /// Org units.
    pub org_units: Vec<OrgUnit>,
    /// Where units that ceased went. They replace the stored successions of every
    /// predecessor among `org_units` (a folder's `org_units.toml` describes its units whole);
    /// each predecessor's successors keep the order given (see
    /// [`baocao_core::orgunit::AttributionRule::FirstListed`]).
    pub successions: Vec<Succession>,
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
        let statement = Statement::new(
            "SELECT (SELECT COUNT(*) FROM source_file) + (SELECT COUNT(*) FROM data_value) \
             + (SELECT COUNT(*) FROM document)",
        );
        let row: Option<(i64,)> = with_db!(self, |db| db.fetch_optional(statement).await?);
        Ok(row.is_none_or(|(n,)| n == 0))
    }

    /// Stores a data set in one transaction, replacing rows with the same keys (within the
    /// data set, the last row with a key wins). Rows with other keys are kept, except what
    /// `replace_periods` and `replace_registers` replace whole. Every data value written
    /// gets this write's version (see [`Store::set_value`]). On any error nothing is written.
    ///
    /// Errors: [`StoreError::Orphans`] when `catalog_codes` would orphan stored figures;
    /// database errors (a figure of an org unit that is neither stored nor in the data set,
    /// a broken connection …).
    pub async fn save_dataset(&self, data: &Dataset) -> Result<(), StoreError> {
        in_transaction!(self, |db| save_dataset(db, data).await?);
        Ok(())
    }
}

async fn save_dataset<C: Db>(db: &mut C, data: &Dataset) -> Result<(), StoreError> {
    // Taken first: on SQLite this makes the transaction a writer from its first statement.
    let version = next_change(db).await?;
    let now = now();
    save_sources(db, data, now).await?;
    save_org_units(db, &data.org_units).await?;
    save_successions(db, &data.org_units, &data.successions).await?;
    clear_replaced(db, data).await?;
    save_values(db, &data.values, now, version).await?;
    save_stated(db, &data.stated, now).await?;
    save_documents(db, &data.documents).await?;
    save_tasks(db, &data.tasks).await?;
    save_narratives(db, &data.narratives, now).await?;
    save_report_issues(db, &data.report_issues).await?;
    if let Some(codes) = &data.catalog_codes {
        check_codes(db, codes).await?;
    }
    audit_load(db, data).await
}

/// The audit entry of a load: by the values' common `stored_by` (else
/// [`audit::SYSTEM_ACTOR`]), of the one period it replaces (if one), with the counts stored.
async fn audit_load<C: Db>(db: &mut C, data: &Dataset) -> Result<(), StoreError> {
    let mut actors = data.values.iter().map(|v| v.stored_by.as_str());
    let actor = match actors.next() {
        Some(first) if !first.is_empty() && actors.all(|a| a == first) => first,
        _ => audit::SYSTEM_ACTOR,
    };
    let mut periods: Vec<Period> = data.replace_periods.iter().map(|(p, _)| *p).collect();
    periods.sort();
    periods.dedup();
    let period = match periods.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let mut counts = vec![
        format!("{} số liệu", data.values.len()),
        format!("{} chỉ số đã khai", data.stated.len()),
        format!("{} văn bản", data.documents.len()),
        format!("{} nhiệm vụ", data.tasks.len()),
        format!("{} đoạn nội dung", data.narratives.len()),
        format!("{} đơn vị", data.org_units.len()),
    ];
    if data.catalog_source.is_some() {
        counts.push("danh mục".to_string());
    }
    if data.template_source.is_some() {
        counts.push("mẫu báo cáo".to_string());
    }
    audit::append(
        db,
        &audit::NewEntry {
            actor,
            action: audit::action::LOAD,
            entity: audit::entity::LOAD.to_string(),
            period,
            old_value: None,
            new_value: Some(counts.join(", ")),
            reason: None,
        },
    )
    .await
}

/// The next change number: the version of the rows a write stores. Never reused.
pub(crate) async fn next_change<C: Db>(db: &mut C) -> Result<i64, StoreError> {
    let sql = match C::DIALECT {
        Dialect::Sqlite => "UPDATE change_counter SET last = last + 1 WHERE id = 1 RETURNING last",
        Dialect::Postgres => "SELECT nextval('change_number')",
    };
    let row: Option<(i64,)> = db.fetch_optional(Statement::new(sql)).await?;
    row.map(|(n,)| n)
        .ok_or_else(|| corrupt("change_counter", "1", "the counter row is missing"))
}

/// Now, to the second (both backends keep it exactly).
pub(crate) fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(0)
}

/// `rows` keyed by `key`, the last of equal keys kept, in key order.
fn last_by_key<T, K: Ord>(rows: &[T], key: impl Fn(&T) -> K) -> Vec<&T> {
    let mut map = BTreeMap::new();
    for row in rows {
        map.insert(key(row), row);
    }
    map.into_values().collect()
}

const SOURCE_FILE: Insert = Insert {
    table: "source_file",
    columns: &["kind", "file_name", "text", "loaded_at"],
    key: &["kind"],
    on_conflict: OnConflict::UpdateExcept(&[]),
};

async fn save_sources<C: Db>(
    db: &mut C,
    data: &Dataset,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let rows = [
        ("catalog", &data.catalog_source),
        ("report_template", &data.template_source),
    ]
    .into_iter()
    .filter_map(|(kind, source)| {
        let (name, text) = source.as_ref()?;
        Some(vec![kind.into(), name.into(), text.into(), now.into()])
    })
    .collect();
    Ok(SOURCE_FILE.run(db, rows).await?)
}

const ORG_UNIT: Insert = Insert {
    table: "org_unit",
    columns: &["id", "code", "level", "kind"],
    key: &["id"],
    on_conflict: OnConflict::UpdateExcept(&[]),
};

const ORG_UNIT_VERSION: Insert = Insert {
    table: "org_unit_version",
    columns: &["org_unit_id", "valid_from", "valid_to", "name", "parent_id"],
    key: &["org_unit_id", "valid_from"],
    on_conflict: OnConflict::UpdateExcept(&[]),
};

/// Adds or updates the units, and replaces the versions of each.
async fn save_org_units<C: Db>(db: &mut C, units: &[OrgUnit]) -> Result<(), StoreError> {
    let units = last_by_key(units, |u| u.id.clone());
    let rows = units
        .iter()
        .map(|u| {
            vec![
                (&u.id).into(),
                (&u.code).into(),
                enum_text(&u.level).into(),
                u.kind.code().into(),
            ]
        })
        .collect();
    ORG_UNIT.run(db, rows).await?;
    for u in &units {
        db.execute(
            Statement::new("DELETE FROM org_unit_version WHERE org_unit_id = $1").bind(&u.id),
        )
        .await?;
    }
    let versions: Vec<(&String, &baocao_core::orgunit::OrgUnitVersion)> = units
        .iter()
        .flat_map(|u| u.versions.iter().map(move |v| (&u.id, v)))
        .collect();
    let rows = last_by_key(&versions, |(id, v)| ((*id).clone(), v.valid_from))
        .into_iter()
        .map(|(id, v)| {
            vec![
                (*id).into(),
                v.valid_from.into(),
                v.valid_to.into(),
                (&v.name).into(),
                (&v.parent).into(),
            ]
        })
        .collect();
    Ok(ORG_UNIT_VERSION.run(db, rows).await?)
}

const SUCCESSION: Insert = Insert {
    table: "org_unit_succession",
    columns: &["predecessor", "successor", "valid_from", "position"],
    key: &["predecessor", "successor"],
    on_conflict: OnConflict::UpdateExcept(&[]),
};

/// Replaces the successions of the predecessors among `units`, and of those `successions`
/// name, with `successions`, numbered in their order per predecessor.
async fn save_successions<C: Db>(
    db: &mut C,
    units: &[OrgUnit],
    successions: &[Succession],
) -> Result<(), StoreError> {
    let mut predecessors: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
    predecessors.extend(successions.iter().map(|s| s.from.as_str()));
    predecessors.sort_unstable();
    predecessors.dedup();
    for chunk in predecessors.chunks(500) {
        let sql = format!(
            "DELETE FROM org_unit_succession WHERE predecessor IN ({})",
            crate::sql::dollar_placeholders(1, chunk.len())
        );
        db.execute(Statement::assembled(sql).bind_all(chunk.iter().map(|p| (*p).into())))
            .await?;
    }
    // In the order given (not by key): the order of a split unit's successors is data.
    let mut position: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    let mut seen = std::collections::HashSet::new();
    let rows = successions
        .iter()
        .filter(|s| seen.insert((s.from.as_str(), s.to.as_str())))
        .map(|s| {
            let n = position.entry(s.from.as_str()).or_default();
            *n += 1;
            vec![
                (&s.from).into(),
                (&s.to).into(),
                s.date.into(),
                Arg::from(*n),
            ]
        })
        .collect();
    Ok(SUCCESSION.run(db, rows).await?)
}

async fn clear_replaced<C: Db>(db: &mut C, data: &Dataset) -> Result<(), StoreError> {
    for (period, org_unit) in &data.replace_periods {
        for table in ["data_value", "stated_indicator_value"] {
            // Table names come from the list above, never from input.
            let sql = format!("DELETE FROM {table} WHERE period = $1 AND org_unit = $2");
            db.execute(Statement::assembled(sql).bind(period.id()).bind(org_unit))
                .await?;
        }
        for table in ["narrative", "report_issue"] {
            let sql = format!("DELETE FROM {table} WHERE period = $1");
            db.execute(Statement::assembled(sql).bind(period.id()))
                .await?;
        }
    }
    if data.replace_registers {
        db.execute(Statement::new("DELETE FROM document")).await?;
        db.execute(Statement::new("DELETE FROM key_task")).await?;
    }
    Ok(())
}

/// Refuses a catalogue that would orphan stored figures.
async fn check_codes<C: Db>(db: &mut C, codes: &CatalogCodes) -> Result<(), StoreError> {
    let stored: Vec<(String, String)> = db
        .fetch_all(Statement::new(
            "SELECT DISTINCT data_element, period FROM data_value ORDER BY data_element, period",
        ))
        .await?;
    let stated: Vec<(String, String)> = db
        .fetch_all(Statement::new(
            "SELECT DISTINCT indicator, period FROM stated_indicator_value ORDER BY indicator, period",
        ))
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

fn origin_text(origin: &ValueOrigin) -> String {
    match origin {
        ValueOrigin::Typed => "typed".to_string(),
        ValueOrigin::Derived(how) => format!("derived: {how}"),
    }
}

pub(crate) const DATA_VALUE: Insert = Insert {
    table: "data_value",
    columns: &[
        "data_element",
        "coc",
        "org_unit",
        "period",
        "value",
        "decimals",
        "as_typed",
        "origin",
        "stored_by",
        "stored_at",
        "comment",
        "version",
    ],
    key: &["data_element", "coc", "org_unit", "period"],
    on_conflict: OnConflict::UpdateExcept(&[]),
};

/// A data value as the arguments of [`DATA_VALUE`].
pub(crate) fn data_value_row(v: &DataValue, now: NaiveDateTime, version: i64) -> Vec<Arg> {
    vec![
        (&v.data_element).into(),
        v.category_option_combo.code().into(),
        (&v.org_unit).into(),
        v.period.id().into(),
        v.number.value.into(),
        i64::from(v.number.decimals).into(),
        (&v.number.as_typed).into(),
        origin_text(&v.origin).into(),
        (&v.stored_by).into(),
        v.stored_at.unwrap_or(now).into(),
        (&v.comment).into(),
        version.into(),
    ]
}

async fn save_values<C: Db>(
    db: &mut C,
    values: &[DataValue],
    now: NaiveDateTime,
    version: i64,
) -> Result<(), StoreError> {
    let rows = last_by_key(values, |v| {
        (
            v.data_element.clone(),
            v.category_option_combo.code(),
            v.org_unit.clone(),
            v.period,
        )
    })
    .into_iter()
    .map(|v| data_value_row(v, now, version))
    .collect();
    Ok(DATA_VALUE.run(db, rows).await?)
}

const STATED: Insert = Insert {
    table: "stated_indicator_value",
    columns: &[
        "indicator",
        "coc",
        "org_unit",
        "period",
        "value",
        "decimals",
        "as_typed",
        "stored_by",
        "stored_at",
        "comment",
    ],
    key: &["indicator", "coc", "org_unit", "period"],
    on_conflict: OnConflict::UpdateExcept(&[]),
};

async fn save_stated<C: Db>(
    db: &mut C,
    stated: &[StatedIndicatorValue],
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let rows = last_by_key(stated, |s| {
        (
            s.indicator.clone(),
            s.category_option_combo.code(),
            s.org_unit.clone(),
            s.period,
        )
    })
    .into_iter()
    .map(|s| {
        vec![
            (&s.indicator).into(),
            s.category_option_combo.code().into(),
            (&s.org_unit).into(),
            s.period.id().into(),
            s.number.value.into(),
            i64::from(s.number.decimals).into(),
            (&s.number.as_typed).into(),
            (&s.stored_by).into(),
            now.into(),
            (&s.comment).into(),
        ]
    })
    .collect();
    Ok(STATED.run(db, rows).await?)
}

const DOCUMENT: Insert = Insert {
    table: "document",
    columns: &[
        "id", "symbol", "doc_type", "date", "issuer", "abstract", "field", "role", "period", "seq",
    ],
    key: &["id"],
    // A document stored again keeps its place in the register.
    on_conflict: OnConflict::UpdateExcept(&["seq"]),
};

/// Stores documents after those already registered, in the order given (a document given
/// twice takes the place of its last occurrence).
pub(crate) async fn save_documents<C: Db>(
    db: &mut C,
    documents: &[Document],
) -> Result<(), StoreError> {
    let last: BTreeMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let stored: Option<(i64,)> = db
        .fetch_optional(Statement::new("SELECT COALESCE(MAX(seq), 0) FROM document"))
        .await?;
    let after = stored.map_or(0, |(n,)| n);
    let rows = documents
        .iter()
        .enumerate()
        .filter(|(i, d)| last[d.id.as_str()] == *i)
        .zip(after + 1..)
        .map(|((_, d), seq)| {
            vec![
                (&d.id).into(),
                d.symbol.as_ref().map(ToString::to_string).into(),
                crate::read::doc_type_code(d.doc_type).into(),
                d.date.into(),
                (&d.issuer).into(),
                (&d.abstract_text).into(),
                enum_text(&d.field).into(),
                enum_text(&d.role).into(),
                d.period.map(|p| p.id()).into(),
                seq.into(),
            ]
        })
        .collect();
    Ok(DOCUMENT.run(db, rows).await?)
}

const KEY_TASK: Insert = Insert {
    table: "key_task",
    columns: &["period", "number", "field", "text", "status", "result"],
    key: &["period", "number"],
    on_conflict: OnConflict::UpdateExcept(&[]),
};

pub(crate) async fn save_tasks<C: Db>(db: &mut C, tasks: &[KeyTask]) -> Result<(), StoreError> {
    let rows = last_by_key(tasks, |t| (t.period, t.number))
        .into_iter()
        .map(|t| {
            vec![
                t.period.id().into(),
                i64::from(t.number).into(),
                enum_text(&t.field).into(),
                (&t.text).into(),
                enum_text(&t.status).into(),
                (&t.result).into(),
            ]
        })
        .collect();
    Ok(KEY_TASK.run(db, rows).await?)
}

const NARRATIVE: Insert = Insert {
    table: "narrative",
    columns: &["period", "section", "text", "updated_at"],
    key: &["period", "section"],
    on_conflict: OnConflict::UpdateExcept(&[]),
};

pub(crate) async fn save_narratives<C: Db>(
    db: &mut C,
    narratives: &[Narrative],
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let rows = last_by_key(narratives, |n| (n.period, n.section.clone()))
        .into_iter()
        .map(|n| {
            vec![
                n.period.id().into(),
                (&n.section).into(),
                (&n.text).into(),
                now.into(),
            ]
        })
        .collect();
    Ok(NARRATIVE.run(db, rows).await?)
}

const REPORT_ISSUE: Insert = Insert {
    table: "report_issue",
    columns: &["period", "number", "issued_on", "ytd_cutoff", "signer"],
    key: &["period"],
    on_conflict: OnConflict::UpdateExcept(&[]),
};

async fn save_report_issues<C: Db>(db: &mut C, issues: &[ReportIssue]) -> Result<(), StoreError> {
    let rows = last_by_key(issues, |r| r.period)
        .into_iter()
        .map(|r| {
            vec![
                r.period.id().into(),
                r.number.map(i64::from).into(),
                r.issued_on.into(),
                r.ytd_cutoff.into(),
                (&r.signer).into(),
            ]
        })
        .collect();
    Ok(REPORT_ISSUE.run(db, rows).await?)
}
