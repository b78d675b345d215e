//! Interchange use cases (issue 5): an Excel form of a period generated from the catalogue;
//! an import of a filled form, a long table (XLSX or CSV) or a DHIS2 dataValueSet (JSON or
//! CSV), read as a stream and checked (also against the importing account's rights and the
//! approval locks) while it is written batch by batch in one transaction, committed only
//! when no problem was found (memory bounded by the batch); an export of a period's
//! figures as long CSV or DHIS2 dataValueSets. The formats and their rules are in
//! `docs/interchange.md`; reading and checking is `baocao-interchange`'s.

mod rights;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use baocao_core::catalog::Field;
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::Period;
use baocao_core::value::DataValue;
use baocao_engine::DataTable;
use baocao_interchange::dhis2::{self, DataValueSet, IdMap, IdScheme, UidCollision};
use baocao_interchange::form::{self, FormInput};
use baocao_interchange::{
    Batch, Checked, Checker, Column, ImportCount, ImportOptions, ImportSummary, Location, Problem,
    Problems, Sink, csv_long, xlsx,
};
use baocao_store::{BulkImport, Store, StoreError};
use chrono::NaiveDate;
use tokio::sync::mpsc;

use crate::edit::Actor;
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
    /// Who imports. `None`: the command line, a trusted administrator (no rights checked).
    /// `Some`: each value is checked as entering it in a form would be: the account may
    /// enter the data element's field ([`Actor::may_edit`]), an account tied to a reporting
    /// unit imports that unit's figures only, a unit with declared data sets only their data
    /// elements for periods of their type. In both cases a figure whose data set is approved
    /// for its org unit and period is refused (locked until a quản trị unlocks it).
    pub actor: Option<Actor>,
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
            actor: None,
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
    /// The values counted one by one (all 0 for a refused import, as in the summary, whose
    /// `ignored` is `unchanged + empty`).
    pub counts: ValueCounts,
    /// The first [`SAMPLE_VALUES`] values the file's checks accepted, in file order, each with
    /// where it was read: a preview of what the import writes. For a refused import they may
    /// include values refused for the account's rights or a lock.
    pub sample: Vec<ImportedValue>,
}

/// The values of an accepted import (or dry run), counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValueCounts {
    /// Values with a key not stored before.
    pub new: u64,
    /// Values replacing a stored value with another figure or comment.
    pub changed: u64,
    /// Values identical to the stored ones (not rewritten).
    pub unchanged: u64,
    /// Empty values in the file (nothing to store).
    pub empty: u64,
}

/// A value of the file as the import reads it, with its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedValue {
    /// The value (codes, period, number as typed).
    pub value: DataValue,
    /// Where it was read: the input cell of a form, a row's first cell of a long table,
    /// a line of a CSV file, `dataValues[3]` of a DHIS2 JSON file.
    pub location: Location,
}

/// How many values an [`ImportOutcome`] keeps as its sample.
pub const SAMPLE_VALUES: usize = 200;

/// Tells the format from the file's extension and first bytes.
///
/// # Errors
/// The file cannot be read.
pub fn detect_format(path: &Path) -> Result<ImportFormat, InterchangeError> {
    let mut head = [0u8; 512];
    let n = {
        let mut file = std::fs::File::open(path).map_err(|source| io(path, source))?;
        read_head(&mut file, &mut head).map_err(|source| io(path, source))?
    };
    Ok(format_of(&path.to_string_lossy(), &head[..n]))
}

/// Reads up to `head.len()` bytes (fewer only at the end of the input); returns how many.
fn read_head(input: &mut dyn Read, head: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < head.len() {
        match input.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The format of a file named `name` (its extension counts) that starts with `head`.
fn format_of(name: &str, head: &[u8]) -> ImportFormat {
    let extension = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0") {
        return ImportFormat::Xlsx;
    }
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" => return ImportFormat::Xlsx,
        "json" => return ImportFormat::Dhis2Json,
        _ => {}
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') {
        return ImportFormat::Dhis2Json;
    }
    if text.to_lowercase().starts_with("dataelement") {
        return ImportFormat::Dhis2Csv;
    }
    ImportFormat::Csv
}

fn io(path: &Path, source: std::io::Error) -> InterchangeError {
    InterchangeError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Imports a file: reads and checks every value, then stores them all in one transaction
/// (adding or replacing values, never deleting), or nothing when any problem is found or
/// for a dry run. `progress` is called with the bytes read so far. See [`import_reader`].
///
/// # Errors
/// The file cannot be opened; no catalogue; the database. Problems in the file are not
/// errors: they are in the outcome, and nothing is written.
pub async fn import_file(
    store: &Store,
    path: &Path,
    request: &ImportRequest,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<ImportOutcome, InterchangeError> {
    let file = std::fs::File::open(path).map_err(|source| io(path, source))?;
    import_reader(store, file, &path.display().to_string(), request, progress).await
}

/// Imports what `input` holds (a file, a request's body): reads and checks every value —
/// against the catalogue and the org units, and the rights and locks of
/// [`ImportRequest::actor`] — then stores them all in one transaction (adding or replacing
/// values, never deleting), or nothing when any problem is found or for a dry run.
/// `source` names the input in messages and the audit log (a file name; its extension helps
/// [`ImportFormat::Auto`]). `progress` is called with the bytes read so far.
///
/// # Errors
/// `input` cannot be read (an XLSX workbook is read whole; the text formats report a read
/// error as a problem); no catalogue; the database. Problems in the input are not errors:
/// they are in the outcome, and nothing is written.
pub async fn import_reader<R: Read + Send + 'static>(
    store: &Store,
    input: R,
    source: &str,
    request: &ImportRequest,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<ImportOutcome, InterchangeError> {
    let mut input = input;
    let mut head = vec![0u8; 512];
    let n = read_head(&mut input, &mut head).map_err(|e| io(Path::new(source), e))?;
    head.truncate(n);
    let format = match request.format {
        ImportFormat::Auto => format_of(source, &head),
        other => other,
    };
    let catalog = Arc::new(crate::catalog(store).await?);
    let units = Arc::new(store.org_units().await?);
    let ids = match format {
        ImportFormat::Dhis2Json | ImportFormat::Dhis2Csv => {
            Some(IdMap::new(request.id_scheme, &catalog.catalog, &units)?)
        }
        _ => None,
    };
    let own_unit = match &request.actor {
        Some(actor) => store.user_org_unit(&actor.username).await?,
        None => None,
    };
    let options = ImportOptions {
        period: request.period,
        today: request.today,
        strict_numbers: request.strict_numbers,
        stored_by: request.stored_by.clone(),
    };
    let bytes_read = Arc::new(AtomicU64::new(0));
    let (sender, mut receiver) = mpsc::channel::<Message>(CHANNEL_BATCHES);
    let counting = Counting {
        inner: std::io::Cursor::new(head).chain(input),
        read: Arc::clone(&bytes_read),
        sender: sender.clone(),
        next_report: PROGRESS_EVERY,
    };
    let reader = {
        let catalog = Arc::clone(&catalog);
        let units = Arc::clone(&units);
        let source = source.to_string();
        tokio::task::spawn_blocking(move || {
            read_all(
                format,
                counting,
                &source,
                &catalog.catalog,
                &units,
                &options,
                ids.as_ref(),
                sender,
            )
        })
    };

    // The writer: each batch checked for rights and locks, then written in the import's
    // transaction while the file is clean; after a problem, only checked.
    let mut gate = rights::Gate::new(&catalog.catalog, &units, request.actor.as_ref(), own_unit);
    let actor = request
        .actor
        .as_ref()
        .map_or(baocao_store::audit::SYSTEM_ACTOR, |a| a.username.as_str());
    let mut import: Option<BulkImport> = None;
    let mut clean = true;
    let mut sample: Vec<(DataValue, u64)> = Vec::new();
    while let Some(message) = receiver.recv().await {
        progress(bytes_read.load(Ordering::Relaxed));
        let Message::Batch(batch) = message else {
            continue;
        };
        let room = SAMPLE_VALUES.saturating_sub(sample.len());
        sample.extend(
            batch
                .values
                .iter()
                .cloned()
                .zip(batch.records.iter().copied())
                .take(room),
        );
        let transaction = match &mut import {
            Some(t) => t,
            None => import.insert(store.begin_import(actor, source).await?),
        };
        for (data_set, org_unit, period) in gate.unknown(&batch.values) {
            let status = transaction.status(&data_set, &org_unit, period).await?;
            gate.known((data_set, org_unit, period), status);
        }
        let allowed = gate.check(&batch.values, &batch.records);
        clean = clean && batch.clean && allowed;
        if clean {
            transaction.write_batch(&batch.values).await?;
        }
    }
    let (finished, locate) = match reader.await {
        Ok(read) => read,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => {
            return Err(InterchangeError::Io {
                path: source.to_string(),
                source: std::io::Error::other(e),
            });
        }
    };
    progress(bytes_read.load(Ordering::Relaxed));
    let (mut problems, empty) = match finished {
        Ok(checked) => (Problems::default(), checked.empty),
        Err(problems) => (problems, 0),
    };
    let (locked, locked_values, locked_period) = gate.locked();
    gate.into_problems(&mut problems, &*locate);
    let sample: Vec<ImportedValue> = sample
        .into_iter()
        .map(|(value, record)| ImportedValue {
            value,
            location: locate(record, None),
        })
        .collect();
    if !problems.is_empty() {
        if let Some(import) = import {
            if locked_values > 0 && !request.dry_run {
                import
                    .refuse_locked(locked_values, &locked, locked_period)
                    .await?;
            } else {
                import.rollback().await?;
            }
        }
        return Ok(ImportOutcome {
            format,
            summary: ImportSummary::refused(&problems),
            problems,
            written: false,
            counts: ValueCounts::default(),
            sample,
        });
    }
    let counts = import.as_ref().map(BulkImport::counts).unwrap_or_default();
    let written = !request.dry_run && counts.new + counts.changed > 0;
    if let Some(import) = import {
        if written {
            import.commit().await?;
        } else {
            import.rollback().await?;
        }
    }
    let count = ImportCount {
        imported: counts.new,
        updated: counts.changed,
        ignored: counts.unchanged + empty,
        deleted: 0,
    };
    Ok(ImportOutcome {
        format,
        summary: ImportSummary::accepted(count, request.dry_run),
        problems: Problems::default(),
        written,
        counts: ValueCounts {
            new: counts.new,
            changed: counts.changed,
            unchanged: counts.unchanged,
            empty,
        },
        sample,
    })
}

/// How many accepted values go to the writer at a time: the unit of memory and of the
/// store's statements.
pub const BATCH_VALUES: usize = 5_000;

/// How many batches may wait between the reader and the writer.
const CHANNEL_BATCHES: usize = 4;

/// How often (bytes read) the reader reports progress.
const PROGRESS_EVERY: u64 = 1 << 20;

/// What the reading thread sends the writer.
enum Message {
    /// Checked values.
    Batch(Batch),
    /// More bytes were read.
    Progress,
}

/// Counts the bytes read, and tells the writer every [`PROGRESS_EVERY`] bytes.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
    sender: mpsc::Sender<Message>,
    next_report: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = self.read.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if total >= self.next_report {
            // Dropped when the writer is busy: the next report says the same, later.
            let _ = self.sender.try_send(Message::Progress);
            self.next_report = total + PROGRESS_EVERY;
        }
        Ok(n)
    }
}

/// Where a record of the file is, or one of its columns (the member a problem is about).
type Locate = Box<dyn Fn(u64, Option<Column>) -> Location + Send + Sync>;

/// Reads and checks the whole input on the blocking thread, sending the accepted values to
/// the writer in batches of [`BATCH_VALUES`]; returns the checker's result and how to
/// locate a record.
#[allow(clippy::too_many_arguments)]
fn read_all(
    format: ImportFormat,
    input: impl Read,
    source: &str,
    catalog: &baocao_core::catalog::Catalog,
    units: &[OrgUnit],
    options: &ImportOptions,
    ids: Option<&IdMap>,
    sender: mpsc::Sender<Message>,
) -> (Result<Checked, Problems>, Locate) {
    let sink: Sink<'_> = Box::new(move |batch| sender.blocking_send(Message::Batch(batch)).is_ok());
    let mut checker = Checker::new(catalog, units, options).with_sink(BATCH_VALUES, sink);
    let no_ids = IdMap::default();
    let ids = ids.unwrap_or(&no_ids);
    let mut input = input;
    match format {
        ImportFormat::Xlsx => {
            let mut bytes = Vec::new();
            if let Err(e) = input.read_to_end(&mut bytes) {
                checker.problem(Problem::new(
                    Location::File,
                    "",
                    format!("không đọc được {source} ({e}); cần một bảng tính .xlsx đọc được"),
                ));
                return (
                    checker.finish(&|_, _| Location::File),
                    Box::new(|_, _| Location::File),
                );
            }
            let read = xlsx::read(&bytes, &mut checker);
            drop(bytes);
            let finished = checker.finish(&|r, c| read.locate(r, c));
            (finished, Box::new(move |r, c| read.locate(r, c)))
        }
        ImportFormat::Csv => {
            csv_long::read(input, &mut checker, &mut |_| {});
            (
                checker.finish(&csv_long::line_of),
                Box::new(csv_long::line_of),
            )
        }
        ImportFormat::Dhis2Json => {
            dhis2::read_json(input, ids, &mut checker);
            (
                checker.finish(&dhis2::json_value_of),
                Box::new(dhis2::json_value_of),
            )
        }
        ImportFormat::Dhis2Csv | ImportFormat::Auto => {
            dhis2::read_csv(input, ids, &mut checker, &mut |_| {});
            (
                checker.finish(&dhis2::csv_line_of),
                Box::new(dhis2::csv_line_of),
            )
        }
    }
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
