//! The benchmark's steps, each through baocao's own path, timed:
//! 1. [`load`]: the catalogue and org units through `baocao_app::store_bundle`, then every
//!    figure through the store's streaming import (`Store::begin_import`, one transaction a
//!    month of the whole country, written in batches), generated on a thread of its own while
//!    the previous batch is written;
//! 2. [`rollup`]: one indicator for every province over a year
//!    (`baocao_app::aggregate::indicator_by_area`: communes → province, months → year, by the
//!    data elements' aggregation types);
//! 3. [`plain_sql_rollup`]: the same rate as one plain SQL `GROUP BY` on the database;
//! 4. [`validate_month`]: every commune's figures of a month, and each province's aggregated
//!    from its communes, through `baocao_engine::validate`, a province at a time.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::{Duration, Instant};

use baocao_app::aggregate::{AreaIndicator, Basis, indicator_by_area};
use baocao_core::period::Period;
use baocao_core::value::DataValue;
use baocao_engine::aggregate::{Source, aggregate};
use baocao_engine::{DataTable, validate};
use baocao_store::audit::SYSTEM_ACTOR;
use baocao_store::{Backend, BulkImport, ImportCounts, Store};
use sqlx::Row;
use tokio::sync::mpsc;

use crate::national::{CELLS, Kind, National};

/// A step that failed.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A use case failed.
    #[error(transparent)]
    App(#[from] baocao_app::AppError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] baocao_store::StoreError),
    /// The generated files did not load.
    #[error(transparent)]
    Files(#[from] baocao_files::FilesError),
    /// The plain SQL query failed.
    #[error("plain SQL: {0}")]
    Sql(#[from] sqlx::Error),
    /// Something the run checks did not hold.
    #[error("{0}")]
    Check(String),
}

/// What loading took.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadMeasure {
    /// Values written.
    pub values: u64,
    /// Batches written.
    pub batches: u64,
    /// Imports (transactions), each of `months_per_import` months of the whole country.
    pub imports: u64,
    /// The catalogue and org units, through `store_bundle`.
    pub catalogue: Duration,
    /// The figures, from the first batch generated to the last import committed.
    pub figures: Duration,
}

impl LoadMeasure {
    /// Values a second.
    pub fn rate(&self) -> f64 {
        self.values as f64 / self.figures.as_secs_f64()
    }
}

/// Loads the country into an empty store: its files through `baocao_app::store_bundle`, then
/// its figures through the store's streaming import (`Store::begin_import`, `write_batch` of
/// `batch` values, `commit`), one import — one transaction and its audit entry — for every
/// `months_per_import` months of the whole country. `progress` is called after each batch
/// with the values written so far and the time since the first.
///
/// Errors: the files do not load; a write fails (the imports committed before it stay);
/// an import counts a value as other than new (the store was not empty).
pub async fn load(
    store: &Store,
    national: &National,
    batch: usize,
    months_per_import: usize,
    mut progress: impl FnMut(u64, Duration),
) -> Result<LoadMeasure, BenchError> {
    let started = Instant::now();
    let bundle = baocao_files::load_bundle_files(national.bundle_files())?;
    baocao_app::store_bundle(store, bundle).await?;
    let catalogue = started.elapsed();

    // The generator runs ahead by at most two batches: memory is three batches. Each batch
    // comes with the first month of its import.
    let months_per_import = months_per_import.max(1);
    let (sender, mut receiver) = mpsc::channel::<(usize, Vec<DataValue>)>(2);
    let generator = {
        let national = national.clone();
        std::thread::spawn(move || {
            for from in (0..national.months().len()).step_by(months_per_import) {
                let mut stream = national.stream_months(from, from + months_per_import);
                loop {
                    let values = stream.next_batch(batch);
                    if values.is_empty() {
                        break;
                    }
                    if sender.blocking_send((from, values)).is_err() {
                        return;
                    }
                }
            }
        })
    };
    let started = Instant::now();
    let (mut values, mut batches, mut imports) = (0u64, 0u64, 0u64);
    let mut current: Option<(usize, BulkImport)> = None;
    while let Some((from, chunk)) = receiver.recv().await {
        if current.as_ref().is_none_or(|(f, _)| *f != from) {
            if let Some((_, import)) = current.take() {
                check_new(import.commit().await?)?;
                imports += 1;
            }
            let months =
                &national.months()[from..(from + months_per_import).min(national.months().len())];
            let source = format!(
                "bench-national {}–{}",
                months[0].id(),
                months[months.len() - 1].id()
            );
            current = Some((from, store.begin_import(SYSTEM_ACTOR, &source).await?));
        }
        let (_, import) = current.as_mut().expect("an import begun");
        import.write_batch(&chunk).await?;
        values += chunk.len() as u64;
        batches += 1;
        progress(values, started.elapsed());
    }
    if let Some((_, import)) = current.take() {
        check_new(import.commit().await?)?;
        imports += 1;
    }
    let figures = started.elapsed();
    generator
        .join()
        .map_err(|_| BenchError::Check("the generator panicked".to_string()))?;
    if values != national.len() {
        return Err(BenchError::Check(format!(
            "{values} values written, {} generated",
            national.len()
        )));
    }
    Ok(LoadMeasure {
        values,
        batches,
        imports,
        catalogue,
        figures,
    })
}

/// Every value of a load into an empty store is new.
fn check_new(counts: ImportCounts) -> Result<(), BenchError> {
    if counts.changed + counts.unchanged > 0 {
        return Err(BenchError::Check(format!(
            "the database was not empty: {} values changed, {} unchanged",
            counts.changed, counts.unchanged
        )));
    }
    Ok(())
}

/// The roll-up through baocao: the indicator of pair `pair` (`TL_01` for the first) of every
/// province for `period`, on the hierarchy of each date, and how long it took.
///
/// Errors: as `indicator_by_area`.
pub async fn rollup(
    store: &Store,
    national: &National,
    pair: usize,
    period: Period,
) -> Result<(Vec<AreaIndicator>, Duration), BenchError> {
    let started = Instant::now();
    let areas = indicator_by_area(
        store,
        &National::indicator_code(pair),
        national.province_ids(),
        period,
        Basis::AtEachDate,
    )
    .await?;
    Ok((areas, started.elapsed()))
}

/// The same rate as one plain SQL `GROUP BY` over the stored rows: each commune's row joined
/// to its org unit version valid on the period's hierarchy date, grouped by its parent (the
/// province), the part's sum × 100 over the whole's. Holds for the first pair, whose
/// aggregation type is `sum` over months and units; a `last` or `average` element would need
/// more SQL. Returns (province id, rate) by id, and the time of the query alone (the
/// connection is made before).
///
/// Errors: the database cannot be reached or the query fails.
pub async fn plain_sql_rollup(
    url: &str,
    national: &National,
    period: Period,
    repeat: usize,
) -> Result<(Vec<(String, f64)>, Vec<Duration>), BenchError> {
    let whole = national.data_elements()[0].clone();
    let part = national.data_elements()[1].clone();
    let months: Vec<String> = period.months().iter().map(Period::id).collect();
    let date = period.cutoff_window().end;
    let list = |first: usize| {
        (first..first + months.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sql = format!(
        "SELECT v.parent_id AS province, \
         SUM(CASE WHEN d.data_element = $1 THEN d.value END) * 100.0 \
         / SUM(CASE WHEN d.data_element = $2 THEN d.value END) AS rate \
         FROM data_value d JOIN org_unit_version v ON v.org_unit_id = d.org_unit \
         AND v.valid_from <= $3 AND (v.valid_to IS NULL OR v.valid_to >= $3) \
         WHERE d.data_element IN ($1, $2) AND d.period IN ({}) \
         GROUP BY v.parent_id ORDER BY v.parent_id",
        list(4)
    );
    let mut times = Vec::new();
    let mut rows: Vec<(String, f64)> = Vec::new();
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let pool = sqlx::PgPool::connect(url).await?;
        for _ in 0..repeat.max(1) {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(&part)
                .bind(&whole)
                .bind(date);
            for m in &months {
                query = query.bind(m);
            }
            let started = Instant::now();
            let fetched = query.fetch_all(&pool).await?;
            times.push(started.elapsed());
            rows = fetched
                .iter()
                .map(|r| Ok((r.try_get("province")?, r.try_get("rate")?)))
                .collect::<Result<_, sqlx::Error>>()?;
        }
        pool.close().await;
    } else {
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?.read_only(true);
        let pool = sqlx::SqlitePool::connect_with(options).await?;
        for _ in 0..repeat.max(1) {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(&part)
                .bind(&whole)
                .bind(date);
            for m in &months {
                query = query.bind(m);
            }
            let started = Instant::now();
            let fetched = query.fetch_all(&pool).await?;
            times.push(started.elapsed());
            rows = fetched
                .iter()
                .map(|r| Ok((r.try_get("province")?, r.try_get("rate")?)))
                .collect::<Result<_, sqlx::Error>>()?;
        }
        pool.close().await;
    }
    Ok((rows, times))
}

/// What validating a month found.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthValidation {
    /// The month.
    pub month: Period,
    /// Communes validated.
    pub communes: usize,
    /// Rules evaluated over the communes (the catalogue's and those generated from the data).
    pub commune_rules: usize,
    /// Violations of the catalogue's rules in the communes' figures.
    pub commune_violations: usize,
    /// Violations of generated rules (totals, rates, negative counts) in the communes.
    pub commune_generated_violations: usize,
    /// Provinces validated, each on its communes' figures aggregated.
    pub provinces: usize,
    /// Violations of the catalogue's rules in the provinces' aggregated figures.
    pub province_violations: usize,
    /// Figures read.
    pub values: usize,
    /// Reading, aggregating and validating, wall time.
    pub elapsed: Duration,
}

/// Validates `month` nationally: each province's communes' figures read in one query
/// (`Store::data_values_of_units`), each commune's validated with the catalogue's rules and
/// those generated from the data, then the province's aggregated from them and validated.
/// Memory holds one province's month at a time.
///
/// Errors: no catalogue; storage errors.
pub async fn validate_month(
    store: &Store,
    national: &National,
    month: Period,
) -> Result<MonthValidation, BenchError> {
    let started = Instant::now();
    let catalog = baocao_app::catalog(store).await?;
    let mut out = MonthValidation {
        month,
        communes: 0,
        commune_rules: 0,
        commune_violations: 0,
        commune_generated_violations: 0,
        provinces: 0,
        province_violations: 0,
        values: 0,
        elapsed: Duration::ZERO,
    };
    let is_catalogue_rule = |code: &str| catalog.rules.iter().any(|r| r.rule.code == code);
    for p in 0..national.province_ids().len() {
        let communes: Vec<String> = national
            .communes_of(p)
            .map(|c| national.commune_ids()[c].clone())
            .collect();
        let values = store.data_values_of_units(&communes, &[month]).await?;
        out.values += values.len();
        let mut tables: BTreeMap<&str, DataTable> = BTreeMap::new();
        let mut start = 0;
        // The rows come by org unit: one slice a commune.
        while start < values.len() {
            let unit = values[start].org_unit.as_str();
            let end = start + values[start..].partition_point(|v| v.org_unit == unit);
            tables.insert(unit, DataTable::from_values(&values[start..end], &[], unit));
            start = end;
        }
        for table in tables.values() {
            let report = validate(&catalog, table, month, &[]);
            out.communes += 1;
            out.commune_rules += report.rules_evaluated;
            for v in &report.violations {
                if is_catalogue_rule(&v.rule_code) {
                    out.commune_violations += 1;
                } else {
                    out.commune_generated_violations += 1;
                }
            }
        }
        let sources: Vec<Source<'_>> = tables
            .iter()
            .map(|(unit, table)| Source::new(unit, table))
            .collect();
        let province = aggregate(&catalog, &sources, month);
        let report = validate(&catalog, &province.table, month, &[]);
        out.provinces += 1;
        out.province_violations += report
            .violations
            .iter()
            .filter(|v| is_catalogue_rule(&v.rule_code))
            .count();
    }
    out.elapsed = started.elapsed();
    Ok(out)
}

/// The rate of pair `pair`'s indicator for each province over `period`, computed from the
/// generator alone (no store, no engine): the part's total × 100 over the whole's, each total
/// over the province's communes and cells, and over the period's months for a flow (`sum`)
/// or a daily mean (`average`: the means over every (commune, month) have the same count
/// above and below), the last month for a stock (`last`).
pub fn expected_rates(national: &National, pair: usize, period: Period) -> Vec<f64> {
    let mut months: Vec<usize> = national
        .months()
        .iter()
        .enumerate()
        .filter(|(_, m)| period.contains(m))
        .map(|(i, _)| i)
        .collect();
    if national.kind(2 * pair) == Kind::Last {
        months = months.last().copied().into_iter().collect();
    }
    (0..national.province_ids().len())
        .map(|p| {
            let (mut whole, mut part) = (0i64, 0i64);
            for c in national.communes_of(p) {
                for &m in &months {
                    for cell in 0..CELLS {
                        whole += national.value(2 * pair, cell, c, m);
                        part += national.value(2 * pair + 1, cell, c, m);
                    }
                }
            }
            part as f64 * 100.0 / whole as f64
        })
        .collect()
}

/// The violations of the catalogue's rules a month should have, from the generator alone:
/// (communes' (commune, rule) pairs whose part's total exceeds the whole's, provinces' ones).
pub fn expected_violations(national: &National, month: Period) -> (usize, usize) {
    let Some(m) = national.months().iter().position(|x| *x == month) else {
        return (0, 0);
    };
    let total = |d: usize, c: usize| {
        (0..CELLS)
            .map(|cell| national.value(d, cell, c, m))
            .sum::<i64>()
    };
    let (mut communes, mut provinces) = (0, 0);
    for k in 0..national.rules() {
        for p in 0..national.province_ids().len() {
            let (mut whole, mut part) = (0i64, 0i64);
            for c in national.communes_of(p) {
                let (w, q) = (total(2 * k, c), total(2 * k + 1, c));
                communes += usize::from(q > w);
                whole += w;
                part += q;
            }
            provinces += usize::from(part > whole);
        }
    }
    (communes, provinces)
}

/// The largest difference between baocao's rates and the plain SQL's, by province; an error
/// when a province is missing from one or a rate from baocao.
pub fn compare_rates(baocao: &[AreaIndicator], plain: &[(String, f64)]) -> Result<f64, BenchError> {
    if baocao.len() != plain.len() {
        return Err(BenchError::Check(format!(
            "baocao gives {} provinces, plain SQL {}",
            baocao.len(),
            plain.len()
        )));
    }
    let mut worst: f64 = 0.0;
    for area in baocao {
        let value = area.value.ok_or_else(|| {
            BenchError::Check(format!("no rate for {} from baocao", area.unit.id))
        })?;
        let (_, sql) = plain
            .iter()
            .find(|(id, _)| *id == area.unit.id)
            .ok_or_else(|| BenchError::Check(format!("no rate for {} from SQL", area.unit.id)))?;
        worst = worst.max((value - sql).abs());
    }
    Ok(worst)
}

/// The database's size on disk in bytes: the SQLite file and its write-ahead log, or
/// `pg_database_size`.
///
/// Errors: the database cannot be reached.
pub async fn database_size(store: &Store, url: &str) -> Result<u64, BenchError> {
    match store.backend() {
        Backend::Sqlite => {
            let path = store.location();
            let size = |p: &str| std::fs::metadata(p).map_or(0, |m| m.len());
            Ok(size(&path) + size(&format!("{path}-wal")))
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(url).await?;
            let (bytes,): (i64,) = sqlx::query_as("SELECT pg_database_size(current_database())")
                .fetch_one(&pool)
                .await?;
            pool.close().await;
            Ok(u64::try_from(bytes).unwrap_or(0))
        }
    }
}

/// The process's peak resident memory so far in KiB (`VmHWM` of `/proc/self/status`); `None`
/// off Linux.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The first calendar year all of whose months the country has, else the year of its last
/// month; and the last month of that year it has (the month validated).
pub fn default_periods(national: &National) -> (Period, Period) {
    let months = national.months();
    let full = months.iter().find_map(|m| {
        let year = Period::parse(&m.year().to_string()).ok()?;
        year.months()
            .iter()
            .all(|x| months.contains(x))
            .then_some(year)
    });
    let last = *months.last().expect("at least one month");
    let year = full.unwrap_or_else(|| Period::parse(&last.year().to_string()).expect("a year"));
    let month = *months
        .iter()
        .rev()
        .find(|m| year.contains(m))
        .expect("a month of the year");
    (year, month)
}

/// The median of some durations, in milliseconds.
pub fn median_ms(times: &[Duration]) -> f64 {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    match ms.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => ms[n / 2],
        n => (ms[n / 2 - 1] + ms[n / 2]) / 2.0,
    }
}
