//! A folder of a department's files (as `examples/ninh-thuan/`) read as one whole.

use std::path::{Path, PathBuf};

use baocao_core::narrative::{Narrative, ReportIssue};
use baocao_core::orgunit::{OrgUnit, Succession};
use baocao_core::period::Period;
use baocao_core::register::{Document, KeyTask};
use baocao_core::value::{DataValue, StatedIndicatorValue};
use baocao_engine::CompiledCatalog;

use crate::error::FilesError;
use crate::source::SourceFile;

/// Everything read from a folder.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The compiled catalogue.
    pub catalog: CompiledCatalog,
    /// The catalogue file's text, kept so the database holds the catalogue it was loaded with.
    pub catalog_source: SourceFile,
    /// The report template's text (`report.toml`), parsed by `baocao-report`.
    pub template_source: SourceFile,
    /// Org units.
    pub org_units: Vec<OrgUnit>,
    /// Where units that ceased went (`[[succession]]` of `org_units.toml`).
    pub successions: Vec<Succession>,
    /// Data values of every data file.
    pub values: Vec<DataValue>,
    /// Stated indicator values of every data file.
    pub stated: Vec<StatedIndicatorValue>,
    /// Reports' issue data.
    pub report_issues: Vec<ReportIssue>,
    /// The document register.
    pub documents: Vec<Document>,
    /// The key-task register.
    pub tasks: Vec<KeyTask>,
    /// Narrative sections.
    pub narratives: Vec<Narrative>,
    /// (period, org unit) of each data file, and (period, "") of each narrative file: what
    /// a load replaces whole.
    pub replace_periods: Vec<(Period, String)>,
    /// Where each narrative section's text starts, for located errors.
    pub narrative_sources: Vec<crate::registers::NarrativeSource>,
}

/// The files of a department's folder, read but not yet parsed.
#[derive(Debug, Clone)]
pub struct BundleFiles {
    /// `catalog.toml`.
    pub catalog: SourceFile,
    /// `org_units.toml`.
    pub org_units: SourceFile,
    /// `report.toml`.
    pub report: SourceFile,
    /// `documents.toml`.
    pub documents: SourceFile,
    /// `tasks.toml`.
    pub tasks: SourceFile,
    /// `data/*.toml`, in name order.
    pub data: Vec<SourceFile>,
    /// `narrative/*.toml`, in name order.
    pub narrative: Vec<SourceFile>,
}

/// The file names a folder holds besides `data/` and `narrative/`.
pub const BUNDLE_FILES: [&str; 5] = [
    "catalog.toml",
    "org_units.toml",
    "report.toml",
    "documents.toml",
    "tasks.toml",
];

/// Reads a folder: `catalog.toml`, `org_units.toml`, `report.toml`, `documents.toml`,
/// `tasks.toml`, `data/*.toml`, `narrative/*.toml`.
///
/// Errors: the first file that cannot be read or has problems (all of that file's problems
/// are listed); a data value for an org unit that is not defined.
pub fn load_bundle(dir: &Path) -> Result<Bundle, FilesError> {
    load_bundle_files(read_bundle_files(dir)?)
}

/// Reads a folder's files into memory.
///
/// Errors: a file missing or unreadable, not UTF-8.
pub fn read_bundle_files(dir: &Path) -> Result<BundleFiles, FilesError> {
    let read = |name: &str| SourceFile::read(&dir.join(name));
    Ok(BundleFiles {
        catalog: read("catalog.toml")?,
        org_units: read("org_units.toml")?,
        report: read("report.toml")?,
        documents: read("documents.toml")?,
        tasks: read("tasks.toml")?,
        data: toml_files(&dir.join("data"))?
            .iter()
            .map(|p| SourceFile::read(p))
            .collect::<Result<_, _>>()?,
        narrative: toml_files(&dir.join("narrative"))?
            .iter()
            .map(|p| SourceFile::read(p))
            .collect::<Result<_, _>>()?,
    })
}

/// Parses and checks files read into memory (from a folder, or embedded in the binary).
///
/// Errors: as [`load_bundle`].
pub fn load_bundle_files(files: BundleFiles) -> Result<Bundle, FilesError> {
    let catalog = crate::catalog::load_catalog(&files.catalog)?;
    let org_units = crate::registers::load_org_units(&files.org_units)?;
    let successions = crate::registers::load_successions(&files.org_units, &org_units)?;
    crate::datasets::check_reporting_units(&files.catalog, &catalog.catalog, &org_units)?;
    let documents = crate::registers::load_documents(&files.documents)?;
    let tasks = crate::registers::load_tasks(&files.tasks)?;
    let mut bundle = Bundle {
        catalog,
        catalog_source: files.catalog,
        template_source: files.report,
        org_units,
        successions,
        values: Vec::new(),
        stated: Vec::new(),
        report_issues: Vec::new(),
        documents,
        tasks,
        narratives: Vec::new(),
        replace_periods: Vec::new(),
        narrative_sources: Vec::new(),
    };
    for file in &files.data {
        let data = crate::data::load_data(file, &bundle.catalog)?;
        check_file_period(file, data.period)?;
        check_org_units(file, &bundle.org_units, &data.values)?;
        check_not_in_other_files(file, &bundle.values, &data.values)?;
        if let Some(period) = data.period {
            bundle.replace_periods.push((period, data.org_unit.clone()));
        }
        bundle.values.extend(data.values);
        bundle.stated.extend(data.stated);
        bundle.report_issues.extend(data.report);
    }
    for file in &files.narrative {
        let (sections, sources) = crate::registers::load_narrative_with_sources(file)?;
        bundle.narrative_sources.extend(sources);
        if let Some(first) = sections.first() {
            check_file_period(file, Some(first.period))?;
            if !bundle
                .replace_periods
                .iter()
                .any(|(p, _)| *p == first.period)
            {
                bundle.replace_periods.push((first.period, String::new()));
            }
        }
        bundle.narratives.extend(sections);
    }
    Ok(bundle)
}

/// A file named after a period (`data/2023-04.toml`) must hold that period: a copy of last
/// month's file whose `period` was not changed would otherwise replace last month's figures.
fn check_file_period(file: &SourceFile, period: Option<Period>) -> Result<(), FilesError> {
    let stem = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    let Some(named) = stem.as_deref().and_then(|s| Period::parse(s).ok()) else {
        return Ok(());
    };
    match period {
        Some(p) if p != named => {
            let at = file.text.find("period").unwrap_or(0);
            Err(FilesError::Invalid(vec![file.problem(
                at,
                "period",
                format!("the file is named for {named} but holds period {p}; expected period = \"{named}\" (or rename the file)"),
            )]))
        }
        _ => Ok(()),
    }
}

/// The same figure in two files: which one wins would depend on file order.
fn check_not_in_other_files(
    file: &SourceFile,
    earlier: &[DataValue],
    values: &[DataValue],
) -> Result<(), FilesError> {
    let twice = values.iter().find(|v| {
        earlier.iter().any(|e| {
            e.data_element == v.data_element
                && e.category_option_combo == v.category_option_combo
                && e.org_unit == v.org_unit
                && e.period == v.period
        })
    });
    match twice {
        None => Ok(()),
        Some(v) => {
            let at = file
                .text
                .find(&format!("\"{}\"", v.data_element))
                .unwrap_or(0);
            Err(FilesError::Invalid(vec![file.problem(
                at,
                "value",
                format!(
                    "`{}` `{}` for {} is also given in another data file; expected each figure in one file",
                    v.data_element, v.category_option_combo, v.period
                ),
            )]))
        }
    }
}

fn check_org_units(
    file: &SourceFile,
    units: &[OrgUnit],
    values: &[DataValue],
) -> Result<(), FilesError> {
    for v in values {
        // Values carry no span; the first place the id is written is where to look.
        let at = file.text.find(&format!("\"{}\"", v.org_unit)).unwrap_or(0);
        let Some(unit) = units.iter().find(|u| u.id == v.org_unit) else {
            return Err(FilesError::Invalid(vec![file.problem(
                at,
                "org_unit",
                format!("no org unit `{}` in org_units.toml", v.org_unit),
            )]));
        };
        let window = v.period.calendar_window();
        let existed = unit.versions.iter().any(|version| {
            version.valid_from <= window.end
                && version.valid_to.is_none_or(|end| end >= window.start)
        });
        if !existed {
            return Err(FilesError::Invalid(vec![file.problem(
                at,
                "org_unit",
                format!(
                    "org unit `{}` ({}) did not exist in {}; expected a unit valid then (see org_units.toml)",
                    unit.id,
                    unit.current_name(),
                    v.period.label_vi()
                ),
            )]));
        }
    }
    Ok(())
}

/// The `.toml` files of a folder in name order; none if the folder does not exist.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, FilesError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir).map_err(|source| FilesError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}
