//! Use cases shared by the command line and (later) the web application: load a department's
//! files or the built-in example into the database, validate a period, build and write its
//! report. Each takes a [`Store`] and returns domain results; printing is the caller's job.

pub mod accounts;
pub mod admin;
pub mod aggregate;
pub mod completeness;
pub mod edit;
mod error;
pub mod example;
pub mod interchange;
pub mod series;
pub mod tokens;

pub use error::AppError;
pub use series::{SeriesChart, periods_ending, series, series_chart, series_charts, short_label};

use std::path::Path;

use baocao_core::orgunit::{OrgUnit, OrgUnitLevel};
use baocao_core::period::Period;
use baocao_engine::{CompiledCatalog, DataTable, ValidationReport};
use baocao_files::{Bundle, SourceFile};
use baocao_report::model::ReportDocument;
use baocao_report::{BuiltReport, ReportInput, ReportTemplate};
use baocao_store::{Dataset, Store};

/// What a load stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadSummary {
    /// Data elements in the catalogue.
    pub data_elements: usize,
    /// Indicators in the catalogue.
    pub indicators: usize,
    /// Data values stored.
    pub values: usize,
    /// Stated indicator values stored.
    pub stated: usize,
    /// Documents in the register.
    pub documents: usize,
    /// Key tasks.
    pub tasks: usize,
    /// Narrative sections.
    pub narratives: usize,
}

/// Stores a bundle read from files in one transaction, after checking that its report template
/// parses and that the report of every period with report data renders (so a narrative that
/// refers to an unknown code is refused before anything is written).
///
/// Errors: [`AppError::Template`] when `report.toml` is invalid; [`AppError::Render`] when a
/// template or narrative text is wrong; storage errors (nothing is written then).
pub async fn store_bundle(store: &Store, bundle: Bundle) -> Result<LoadSummary, AppError> {
    let template_path = bundle.template_source.path.display().to_string();
    let template = ReportTemplate::from_toml(&template_path, &bundle.template_source.text)?;
    check_reports(&bundle, &template)?;
    let summary = LoadSummary {
        data_elements: bundle.catalog.catalog.data_elements.len(),
        indicators: bundle.catalog.catalog.indicators.len(),
        values: bundle.values.len(),
        stated: bundle.stated.len(),
        documents: bundle.documents.len(),
        tasks: bundle.tasks.len(),
        narratives: bundle.narratives.len(),
    };
    let dataset = Dataset {
        catalog_source: Some((
            file_name(&bundle.catalog_source),
            bundle.catalog_source.text,
        )),
        template_source: Some((
            file_name(&bundle.template_source),
            bundle.template_source.text,
        )),
        org_units: bundle.org_units,
        successions: bundle.successions,
        values: bundle.values,
        stated: bundle.stated,
        documents: bundle.documents,
        tasks: bundle.tasks,
        narratives: bundle.narratives,
        report_issues: bundle.report_issues,
        replace_periods: bundle.replace_periods,
        replace_registers: true,
        catalog_codes: Some(baocao_store::CatalogCodes {
            data_elements: bundle
                .catalog
                .catalog
                .data_elements
                .keys()
                .cloned()
                .collect(),
            indicators: bundle.catalog.catalog.indicators.keys().cloned().collect(),
        }),
    };
    store.save_dataset(&dataset).await?;
    Ok(summary)
}

/// Reads a department's folder and stores it (see `docs/file-formats.md`).
///
/// Errors: every problem of the first bad file, located; nothing is stored then.
pub async fn load_folder(store: &Store, dir: &Path) -> Result<LoadSummary, AppError> {
    let bundle = baocao_files::load_bundle(dir)?;
    store_bundle(store, bundle).await
}

/// Renders the report of each period the bundle has report data for; the first error wins.
fn check_reports(bundle: &Bundle, template: &ReportTemplate) -> Result<(), AppError> {
    if let Some(n) = bundle.narratives.iter().find(|n| {
        !template
            .section
            .iter()
            .any(|s| s.narrative.as_deref() == Some(n.section.as_str()))
    }) {
        return Err(AppError::UnplacedNarrative {
            section: n.section.clone(),
            period: n.period,
        });
    }
    for issue in &bundle.report_issues {
        let org_unit = bundle
            .values
            .iter()
            .find(|v| v.period == issue.period)
            .map(|v| v.org_unit.as_str());
        let data = period_from_bundle(bundle, issue.period, org_unit)?;
        build_report_with(template, &data).map_err(|e| locate_render_error(bundle, e))?;
    }
    Ok(())
}

/// A narrative error located in its file: "narrative 2.2 (2023-04), line 5" becomes the
/// narrative file's path and line.
fn locate_render_error(bundle: &Bundle, error: AppError) -> AppError {
    let AppError::Render(render) = &error else {
        return error;
    };
    let section = render
        .place
        .strip_prefix("narrative ")
        .and_then(|rest| rest.split(" (").next());
    let source = section.and_then(|id| {
        bundle
            .narrative_sources
            .iter()
            .find(|s| s.section == id && render.place.contains(&s.period.id()))
    });
    let Some(source) = source else {
        return error;
    };
    baocao_files::FilesError::Invalid(vec![baocao_files::Problem {
        file: source.path.clone(),
        line: source.first_line + render.line.unwrap_or(1) - 1,
        column: 1,
        field: format!("section {}: text", source.section),
        message: render.message.clone(),
    }])
    .into()
}

fn file_name(file: &SourceFile) -> String {
    file.path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The stored catalogue, compiled.
///
/// Errors: [`AppError::NoCatalog`] when nothing was loaded yet; the stored catalogue's
/// problems.
pub async fn catalog(store: &Store) -> Result<CompiledCatalog, AppError> {
    let (name, text) = store
        .source_file("catalog")
        .await?
        .ok_or(AppError::NoCatalog)?;
    let file = SourceFile::from_text(Path::new(&name), &text);
    Ok(baocao_files::catalog::load_catalog(&file)?)
}

/// Everything about one period of one org unit, loaded from the store.
#[derive(Debug, Clone)]
pub struct PeriodData {
    /// The period.
    pub period: Period,
    /// The reporting org unit.
    pub org_unit: OrgUnit,
    /// The compiled catalogue.
    pub catalog: CompiledCatalog,
    /// Figures of the period, the previous period and the same period last year.
    pub table: DataTable,
    /// Documents registered for the period.
    pub documents: Vec<baocao_core::register::Document>,
    /// Key tasks planned for the next period.
    pub tasks_next: Vec<baocao_core::register::KeyTask>,
    /// Narrative sections.
    pub narratives: Vec<baocao_core::narrative::Narrative>,
    /// Report issue data, if recorded.
    pub issue: Option<baocao_core::narrative::ReportIssue>,
}

/// Loads a period. The org unit is `org_unit` (by id, or by code on the period's date) or,
/// when `None`, the one province-level unit valid at the end of the period. Its figures are
/// those of the unit and of every unit below it on the hierarchy of the period's date; a
/// quarter, half-year or year is aggregated from its months (see [`aggregate::load`], which
/// also says which months and units went into it).
///
/// Errors: no catalogue; an unknown org unit, or none or several provinces to choose from;
/// [`AppError::NoData`] when nothing is stored for the period or its months.
pub async fn load_period(
    store: &Store,
    period: Period,
    org_unit: Option<&str>,
) -> Result<PeriodData, AppError> {
    Ok(aggregate::load(store, period, org_unit).await?.data)
}

/// The periods a period's formulas may read: itself, the previous period, the same period
/// last year, and the months of both years to date (for `ytd`).
fn periods_needed(period: Period) -> Vec<Period> {
    let last_year = period.same_period_last_year();
    let mut periods = vec![period, period.previous(), last_year];
    periods.extend(period.year_to_date_months());
    periods.extend(last_year.year_to_date_months());
    periods.sort();
    periods.dedup();
    periods
}

/// The org unit `wanted` (by id or code) or, when `None`, the one province valid at the end
/// of the period (an administrative unit: a division or an enterprise at the province's level
/// is not the province): the department's own unit, whose report it is.
///
/// Errors: [`AppError::UnknownOrgUnit`]; [`AppError::NoOrgUnit`] or
/// [`AppError::SeveralOrgUnits`] when `wanted` is `None` and not exactly one province is
/// valid.
pub fn choose_org_unit(
    units: &[OrgUnit],
    period: Period,
    wanted: Option<&str>,
) -> Result<OrgUnit, AppError> {
    if let Some(id) = wanted {
        return units
            .iter()
            .find(|u| u.id == id || u.code == id)
            .cloned()
            .ok_or_else(|| AppError::UnknownOrgUnit(id.to_string()));
    }
    let end = period.cutoff_window().end;
    let provinces: Vec<&OrgUnit> = units
        .iter()
        .filter(|u| u.level == OrgUnitLevel::Tinh && u.is_administrative() && u.on(end).is_some())
        .collect();
    match provinces.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(AppError::NoOrgUnit(period)),
        _ => Err(AppError::SeveralOrgUnits(
            provinces.iter().map(|u| u.id.clone()).collect(),
        )),
    }
}

/// Validates a loaded period: the catalogue's rules, the rules its data implies and the
/// document dates.
pub fn validate(data: &PeriodData) -> ValidationReport {
    baocao_engine::validate(&data.catalog, &data.table, data.period, &data.documents)
}

/// Builds the report of a loaded period with the stored template.
///
/// Errors: no template or report issue data stored; template or narrative errors, located.
pub async fn build_report(store: &Store, data: &PeriodData) -> Result<BuiltReport, AppError> {
    let (name, text) = store
        .source_file("report_template")
        .await?
        .ok_or(AppError::NoCatalog)?;
    let template = ReportTemplate::from_toml(&name, &text)?;
    build_report_with(&template, data)
}

/// Builds the report of a loaded period with a given template (no I/O).
///
/// Errors: no report issue data for the period; template or narrative errors, located.
pub fn build_report_with(
    template: &ReportTemplate,
    data: &PeriodData,
) -> Result<BuiltReport, AppError> {
    let issue = data
        .issue
        .clone()
        .ok_or(AppError::NoReportIssue(data.period))?;
    let input = ReportInput {
        template,
        catalog: &data.catalog,
        data: &data.table,
        period: data.period,
        issue: &issue,
        documents: &data.documents,
        tasks_next: &data.tasks_next,
        narratives: &data.narratives,
    };
    Ok(baocao_report::build_report(&input)?)
}

/// A period of a bundle read from files, without a database (benchmarks, previews).
///
/// Errors: as [`load_period`] for the org unit.
pub fn period_from_bundle(
    bundle: &Bundle,
    period: Period,
    org_unit: Option<&str>,
) -> Result<PeriodData, AppError> {
    let org_unit = choose_org_unit(&bundle.org_units, period, org_unit)?;
    Ok(PeriodData {
        period,
        table: DataTable::from_values(&bundle.values, &bundle.stated, &org_unit.id),
        org_unit,
        catalog: bundle.catalog.clone(),
        documents: bundle
            .documents
            .iter()
            .filter(|d| d.period == Some(period))
            .cloned()
            .collect(),
        tasks_next: bundle
            .tasks
            .iter()
            .filter(|t| t.period == period.next())
            .cloned()
            .collect(),
        narratives: bundle
            .narratives
            .iter()
            .filter(|n| n.period == period)
            .cloned()
            .collect(),
        issue: bundle
            .report_issues
            .iter()
            .find(|r| r.period == period)
            .cloned(),
    })
}

/// An output format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown.
    Markdown,
    /// A complete HTML5 document laid out like the printed report (styles and charts inline).
    Html,
    /// DOCX laid out to Nghị định 30/2020/NĐ-CP.
    Docx,
    /// PDF laid out to Nghị định 30/2020/NĐ-CP by Typst, fonts embedded.
    Pdf,
    /// XLSX of the report's annexes (phụ lục).
    Xlsx,
}

impl ReportFormat {
    /// Whether the format is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        !matches!(self, ReportFormat::Markdown | ReportFormat::Html)
    }
}

/// Writes a built report in a format.
///
/// Errors: the DOCX, PDF or XLSX writer's errors (an XLSX needs an annex in the template).
pub fn write_report(document: &ReportDocument, format: ReportFormat) -> Result<Vec<u8>, AppError> {
    match format {
        ReportFormat::Markdown => {
            Ok(baocao_report::markdown::write_markdown(document).into_bytes())
        }
        ReportFormat::Html => Ok(baocao_report::html::to_html(document).into_bytes()),
        ReportFormat::Docx => Ok(baocao_report::docx::write_docx(document)?),
        ReportFormat::Pdf => Ok(baocao_pdf::write_pdf(document)?),
        ReportFormat::Xlsx => Ok(baocao_report::xlsx::write_xlsx(document)?),
    }
}
