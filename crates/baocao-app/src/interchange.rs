//! Interchange use cases (issue 5): an Excel form of a period generated from the catalogue;
//! an import of a filled form, a long table (XLSX or CSV) or a DHIS2 dataValueSet (JSON or
//! CSV), checked whole and stored in one transaction or not at all; an export of a period's
//! figures as long CSV or DHIS2 dataValueSets. The formats and their rules are in
//! `docs/interchange.md`; reading and checking is `baocao-interchange`'s.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

use baocao_core::catalog::Field;
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::Period;
use baocao_core::value::DataValue;
use baocao_engine::DataTable;
use baocao_interchange::dhis2::{self, DataValueSet, IdMap, IdScheme, UidCollision};
use baocao_interchange::form::{self, FormInput};
use baocao_interchange::{
    Checker, ImportCount, ImportOptions, ImportSummary, Problems, csv_long, xlsx,
};
use baocao_store::{Dataset, Store, StoreError};
use chrono::NaiveDate;

use crate::{AppError, choose_org_unit};

/// Why an interchange use case failed (a file with problems is not a failure: its problems
/// are in the [`ImportOutcome`]).
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    /// The catalogue, the org unit or the database.
    #[error(transparent)]
    App(#[from] AppError),
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The form could not be written.
    #[error("the form cannot be written: {0}")]
    Xlsx(#[from] baocao_interchange::form::XlsxError),
    /// Two objects would share a UID.
    #[error(transparent)]
    Uid(#[from] UidCollision),
    /// The file's format cannot be told.
    #[error("{0}")]
    Format(String),
}

/// What form to write.
#[derive(Debug, Clone)]
pub struct FormRequest {
    /// The period to fill in.
    pub period: Period,
    /// The org unit (id or code); `None` for the one province valid in the period.
    pub org_unit: Option<String>,
    /// The fields to include; empty for all.
    pub fields: Vec<Field>,
    /// Write the period's stored figures into the input cells (a form to correct).
    pub with_values: bool,
}

/// Writes the Excel form of a period (see `baocao_interchange::form`).
///
/// # Errors
/// No catalogue; an unknown org unit; the database.
pub async fn export_form(
    store: &Store,
    request: &FormRequest,
) -> Result<Vec<u8>, InterchangeError> {
    let catalog = crate::catalog(store).await?;
    let order = store
        .source_file("catalog")
        .await?
        .map(|(_, text)| form::catalog_order(&text))
        .unwrap_or_default();
    let units = store.org_units().await?;
    let unit = choose_org_unit(&units, request.period, request.org_unit.as_deref())?;
    let previous = request.period.previous();
    let values = store
        .data_values(&unit.id, &[previous, request.period])
        .await?;
    let table = DataTable::from_values(&values, &[], &unit.id);
    let current: Vec<DataValue> = if request.with_values {
        values
            .into_iter()
            .filter(|v| v.period == request.period)
            .collect()
    } else {
        Vec::new()
    };
    let input = FormInput {
        catalog: &catalog,
        order: &order,
        fields: &request.fields,
        period: request.period,
        org_unit: &unit,
        table: &table,
        current: &current,
    };
    Ok(form::write_form(&input)?)
}

/// The formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// Told from the file's name and first bytes.
    Auto,
    /// A filled form or a long table, XLSX.
    Xlsx,
    /// baocao's long CSV.
    Csv,
    /// DHIS2 dataValueSets JSON.
    Dhis2Json,
    /// DHIS2 dataValueSets CSV.
    Dhis2Csv,
}

impl ImportFormat {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Auto => "auto",
            ImportFormat::Xlsx => "xlsx",
            ImportFormat::Csv => "csv",
            ImportFormat::Dhis2Json => "dhis2-json",
            ImportFormat::Dhis2Csv => "dhis2-csv",
        }
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    /// The format (or `Auto`).
    pub format: ImportFormat,
    /// The ids of a DHIS2 file.
    pub id_scheme: IdScheme,
    /// Check and count, write nothing.
    pub dry_run: bool,
    /// When set, every value must be of this period.
    pub period: Option<Period>,
    /// Read numbers by the format's own rule only (see `baocao_interchange::number`).
    pub strict_numbers: bool,
    /// Who stored the values when the file does not say.
    pub stored_by: String,
    /// Today (periods that have not begun are refused).
    pub today: NaiveDate,
}

impl ImportRequest {
    /// Automatic format, codes, checked numbers, today's date from the clock.
    pub fn new(stored_by: impl Into<String>) -> Self {
        ImportRequest {
            format: ImportFormat::Auto,
            id_scheme: IdScheme::Code,
            dry_run: false,
            period: None,
            strict_numbers: false,
            stored_by: stored_by.into(),
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// The format read.
    pub format: ImportFormat,
    /// The summary, in DHIS2's shape.
    pub summary: ImportSummary,
    /// Every problem (empty when the import was accepted).
    pub problems: Problems,
    /// Whether values were written (false for a refused import and for a dry run).
    pub written: bool,
}

/// Tells the format from the file's extension and first bytes.
///
/// # Errors
/// The file cannot be read.
pub fn detect_format(path: &Path) -> Result<ImportFormat, InterchangeError> {
    let mut head = [0u8; 512];
    let n = {
        use std::io::Read;
        let mut file = std::fs::File::open(path).map_err(|source| io(path, source))?;
        file.read(&mut head).map_err(|source| io(path, source))?
    };
    let head = &head[..n];
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0") {
        return Ok(ImportFormat::Xlsx);
    }
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" => return Ok(ImportFormat::Xlsx),
        "json" => return Ok(ImportFormat::Dhis2Json),
        _ => {}
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') {
        return Ok(ImportFormat::Dhis2Json);
    }
    if text.to_lowercase().starts_with("dataelement") {
        return Ok(ImportFormat::Dhis2Csv);
    }
    Ok(ImportFormat::Csv)
}

fn io(path: &Path, source: std::io::Error) -> InterchangeError {
    InterchangeError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Imports a file: reads and checks every value, then stores them all in one transaction
/// (adding or replacing values, never deleting), or nothing when any problem is found or
/// for a dry run. `progress` is called with the bytes read so far (text formats).
///
/// # Errors
/// The file cannot be opened; no catalogue; the database. Problems in the file are not
/// errors: they are in the outcome, and nothing is written.
pub async fn import_file(
    store: &Store,
    path: &Path,
    request: &ImportRequest,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportOutcome, InterchangeError> {
    let format = match request.format {
        ImportFormat::Auto => detect_format(path)?,
        other => other,
    };
    let catalog = crate::catalog(store).await?;
    let units = store.org_units().await?;
    let options = ImportOptions {
        period: request.period,
        today: request.today,
        strict_numbers: request.strict_numbers,
        stored_by: request.stored_by.clone(),
    };
    let mut checker = Checker::new(&catalog.catalog, &units, &options);
    let open = || std::fs::File::open(path).map_err(|source| io(path, source));
    let finished = match format {
        ImportFormat::Xlsx => {
            let bytes = std::fs::read(path).map_err(|source| io(path, source))?;
            progress(bytes.len() as u64);
            let read = xlsx::read(&bytes, &mut checker);
            checker.finish(&|r| read.locate(r))
        }
        ImportFormat::Csv => {
            csv_long::read(open()?, &mut checker, progress);
            checker.finish(&csv_long::line_of)
        }
        ImportFormat::Dhis2Json => {
            let ids = IdMap::new(request.id_scheme, &catalog.catalog, &units)?;
            dhis2::read_json(open()?, &ids, &mut checker);
            checker.finish(&dhis2::json_value_of)
        }
        ImportFormat::Dhis2Csv => {
            let ids = IdMap::new(request.id_scheme, &catalog.catalog, &units)?;
            dhis2::read_csv(open()?, &ids, &mut checker, progress);
            checker.finish(&csv_long::line_of)
        }
        ImportFormat::Auto => unreachable!("resolved above"),
    };
    let checked = match finished {
        Ok(checked) => checked,
        Err(problems) => {
            return Ok(ImportOutcome {
                format,
                summary: ImportSummary::refused(&problems),
                problems,
                written: false,
            });
        }
    };
    let (values, mut count) = compare_with_stored(store, checked.values).await?;
    count.ignored += checked.empty;
    let written = !request.dry_run && !values.is_empty();
    if written {
        let dataset = Dataset {
            values,
            replace_periods: Vec::new(),
            replace_registers: false,
            ..Dataset::default()
        };
        store.save_dataset(&dataset).await?;
    }
    Ok(ImportOutcome {
        format,
        summary: ImportSummary::accepted(count, request.dry_run),
        problems: Problems::default(),
        written,
    })
}

/// A value's key: data element, category option combo code, org unit, period.
type ValueKey = (String, String, String, Period);

/// Splits values into new, changed and unchanged against the stored ones; returns the new
/// and changed ones (the unchanged are not written again) with the counts. A figure is
/// unchanged when its value, its decimals and its comment are the stored ones, however it
/// is spelt (`05` and `5`).
async fn compare_with_stored(
    store: &Store,
    values: Vec<DataValue>,
) -> Result<(Vec<DataValue>, ImportCount), InterchangeError> {
    let mut periods: HashMap<String, BTreeSet<Period>> = HashMap::new();
    for v in &values {
        periods
            .entry(v.org_unit.clone())
            .or_default()
            .insert(v.period);
    }
    let mut stored: HashMap<ValueKey, (f64, u32, Option<String>)> = HashMap::new();
    for (org_unit, periods) in periods {
        let periods: Vec<Period> = periods.into_iter().collect();
        for chunk in periods.chunks(200) {
            for v in store.data_values(&org_unit, chunk).await? {
                stored.insert(
                    (
                        v.data_element,
                        v.category_option_combo.code(),
                        v.org_unit,
                        v.period,
                    ),
                    (v.number.value, v.number.decimals, v.comment),
                );
            }
        }
    }
    let mut count = ImportCount::default();
    // Filtered in place: a second vector of a million values would double the peak memory.
    let mut values = values;
    values.retain(|v| {
        let key = (
            v.data_element.clone(),
            v.category_option_combo.code(),
            v.org_unit.clone(),
            v.period,
        );
        match stored.get(&key) {
            None => {
                count.imported += 1;
                true
            }
            // The same figure at the same precision: unchanged, and the text the unit typed
            // ("05") is kept rather than replaced by another spelling ("5").
            Some((value, decimals, comment))
                if *value == v.number.value
                    && *decimals == v.number.decimals
                    && *comment == v.comment =>
            {
                count.ignored += 1;
                false
            }
            Some(_) => {
                count.updated += 1;
                true
            }
        }
    });
    Ok((values, count))
}

/// The formats an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// baocao's long CSV.
    Csv,
    /// DHIS2 dataValueSets JSON.
    Dhis2Json,
    /// DHIS2 dataValueSets CSV.
    Dhis2Csv,
    /// A long table in a workbook (Vietnamese number formats, names beside the codes).
    Xlsx,
    /// The UIDs baocao gives its data elements, cells and org units (CSV), for DHIS2.
    UidMap,
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The format.
    pub format: ExportFormat,
    /// The periods (at least one, except for the UID map).
    pub periods: Vec<Period>,
    /// The org unit (id or code); `None` for every org unit.
    pub org_unit: Option<String>,
    /// Only the data elements of this field.
    pub field: Option<Field>,
    /// The ids of a DHIS2 file.
    pub id_scheme: IdScheme,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportSummary {
    /// Values written.
    pub values: usize,
    /// Values left out: subtotals and totals units stated for data elements with a
    /// breakdown, which DHIS2 has no place for.
    pub left_out: usize,
}

/// Writes the stored figures of the periods (every org unit, or one) in a format.
///
/// # Errors
/// No catalogue; an unknown org unit; the database; writing to `out`.
pub async fn export_values(
    store: &Store,
    request: &ExportRequest,
    out: &mut dyn Write,
) -> Result<ExportSummary, InterchangeError> {
    let catalog = crate::catalog(store).await?;
    let units = store.org_units().await?;
    let write_error = |source| InterchangeError::Io {
        path: "output".to_string(),
        source,
    };
    if request.format == ExportFormat::UidMap {
        let ids = IdMap::new(IdScheme::Uid, &catalog.catalog, &units)?;
        let mut writer = std::io::BufWriter::new(out);
        writeln!(writer, "kind,code,uid").map_err(write_error)?;
        let entries = ids.entries();
        for (kind, code, uid) in &entries {
            writeln!(writer, "{kind},{code},{uid}").map_err(write_error)?;
        }
        writer.flush().map_err(write_error)?;
        return Ok(ExportSummary {
            values: entries.len(),
            left_out: 0,
        });
    }
    let selected: Vec<&OrgUnit> = match &request.org_unit {
        Some(id) => vec![
            units
                .iter()
                .find(|u| &u.id == id || &u.code == id)
                .ok_or_else(|| AppError::UnknownOrgUnit(id.clone()))?,
        ],
        None => units.iter().collect(),
    };
    let mut values = Vec::new();
    for unit in selected {
        values.extend(store.data_values(&unit.id, &request.periods).await?);
    }
    if let Some(field) = request.field {
        values.retain(|v| {
            catalog
                .catalog
                .data_elements
                .get(&v.data_element)
                .is_some_and(|de| de.field == field)
        });
    }
    let mut writer = std::io::BufWriter::new(out);
    let summary = match request.format {
        ExportFormat::Csv => {
            csv_long::write(&mut writer, &values).map_err(write_error)?;
            ExportSummary {
                values: values.len(),
                left_out: 0,
            }
        }
        ExportFormat::Xlsx => {
            let bytes = baocao_interchange::long_xlsx::write(&values, &catalog.catalog)?;
            writer.write_all(&bytes).map_err(write_error)?;
            ExportSummary {
                values: values.len(),
                left_out: 0,
            }
        }
        ExportFormat::Dhis2Json | ExportFormat::Dhis2Csv => {
            let ids = IdMap::new(request.id_scheme, &catalog.catalog, &units)?;
            let (data_values, left_out) = dhis2::to_dhis2(&values, &catalog.catalog, &ids);
            let written = data_values.len();
            if request.format == ExportFormat::Dhis2Json {
                let one = |f: fn(&dhis2::Dhis2Value) -> &Option<String>| {
                    let all: BTreeSet<&String> =
                        data_values.iter().filter_map(|v| f(v).as_ref()).collect();
                    (all.len() == 1)
                        .then(|| all.into_iter().next().cloned())
                        .flatten()
                };
                let set = DataValueSet {
                    data_set: request.field.map(|f| f.code().to_string()),
                    period: one(|v| &v.period),
                    org_unit: one(|v| &v.org_unit),
                    data_values,
                    ..DataValueSet::default()
                };
                dhis2::write_json(&mut writer, &set).map_err(write_error)?;
            } else {
                dhis2::write_csv(&mut writer, &data_values).map_err(write_error)?;
            }
            ExportSummary {
                values: written,
                left_out,
            }
        }
        ExportFormat::UidMap => unreachable!("written above"),
    };
    writer.flush().map_err(write_error)?;
    Ok(summary)
}
