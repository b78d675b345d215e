//! `baocao form export`, `baocao import` and `baocao export`: the interchange commands over
//! `baocao_app::interchange` (formats in docs/interchange.md).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use baocao_app::interchange::{
    self, ExportFormat, ExportRequest, FormRequest, ImportFormat, ImportRequest,
};
use baocao_core::catalog::Field;
use baocao_core::period::Period;
use baocao_interchange::dhis2::IdScheme;
use baocao_store::Store;
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

/// `baocao form …`.
#[derive(Debug, Subcommand)]
pub enum FormCommand {
    /// Write the Excel form of a period for a unit to fill in (rows from the catalogue,
    /// totals as formulas, the previous period beside each cell, a hidden sheet of codes so
    /// that `baocao import` reads it back).
    Export {
        /// The period, e.g. 2023-04.
        #[arg(long)]
        period: String,
        /// The org unit (default: the province).
        #[arg(long)]
        org_unit: Option<String>,
        /// Only these fields (repeatable): chung, cntt, bcvt, ttbcxb, thanh_tra.
        #[arg(long)]
        field: Vec<String>,
        /// Write the period's stored figures into the input cells (a form to correct).
        #[arg(long)]
        with_values: bool,
        /// The file to write (.xlsx).
        #[arg(long)]
        out: PathBuf,
    },
}

/// `baocao import FILE`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A filled form or long table (.xlsx), a long CSV, or a DHIS2 dataValueSet (.json or
    /// CSV).
    file: PathBuf,
    /// The format (default: from the file's name and content).
    #[arg(long, value_enum, default_value_t = InFormat::Auto)]
    format: InFormat,
    /// Ids of a DHIS2 file: baocao's codes, or the UIDs baocao derives from them
    /// (`baocao export --format uid-map` lists them).
    #[arg(long, value_enum, default_value_t = Scheme::Code)]
    id_scheme: Scheme,
    /// Check the file and count what would change; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Refuse values of any other period.
    #[arg(long)]
    period: Option<String>,
    /// Every comma in this (Vietnamese-notation) file is a decimal comma: read "1,234" as
    /// 1,234 instead of reporting it as ambiguous.
    #[arg(long)]
    decimal_comma: bool,
    /// Every dot in this DHIS2 file is a decimal point: read "1.234" as 1.234 instead of
    /// reporting it as ambiguous.
    #[arg(long)]
    decimal_point: bool,
    /// Who stored the values, when the file does not say (default: the file's name).
    #[arg(long)]
    stored_by: Option<String>,
    /// Print the import summary (DHIS2's shape) as JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// `baocao export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format.
    #[arg(long, value_enum)]
    format: OutFormat,
    /// The period (repeatable); not needed for uid-map.
    #[arg(long)]
    period: Vec<String>,
    /// The org unit (default: every org unit).
    #[arg(long)]
    org_unit: Option<String>,
    /// Only the data elements of this field.
    #[arg(long)]
    field: Option<String>,
    /// Ids of a DHIS2 file.
    #[arg(long, value_enum, default_value_t = Scheme::Code)]
    id_scheme: Scheme,
    /// Output file (default: stdout).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Import formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InFormat {
    /// From the file's name and first bytes.
    Auto,
    /// A filled form or a long table.
    Xlsx,
    /// baocao's long CSV.
    Csv,
    /// DHIS2 dataValueSets JSON.
    Dhis2Json,
    /// DHIS2 dataValueSets CSV.
    Dhis2Csv,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// baocao's long CSV.
    Csv,
    /// DHIS2 dataValueSets JSON.
    Dhis2Json,
    /// DHIS2 dataValueSets CSV.
    Dhis2Csv,
    /// A long table in a workbook (needs --out).
    Xlsx,
    /// The UIDs of data elements, cells and org units (CSV), to set in DHIS2.
    UidMap,
}

/// Id schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scheme {
    /// baocao's codes.
    Code,
    /// UIDs derived from the codes.
    Uid,
}

impl From<Scheme> for IdScheme {
    fn from(s: Scheme) -> Self {
        match s {
            Scheme::Code => IdScheme::Code,
            Scheme::Uid => IdScheme::Uid,
        }
    }
}

fn parse_period(text: &str) -> Result<Period> {
    Period::parse(text).with_context(|| format!("--period `{text}`"))
}

fn parse_field(text: &str) -> Result<Field> {
    Field::from_code(text).with_context(|| {
        format!("--field `{text}`: expected one of chung, cntt, bcvt, ttbcxb, thanh_tra")
    })
}

/// Runs `baocao form …`.
pub async fn form(store: &Store, command: FormCommand) -> Result<ExitCode> {
    let FormCommand::Export {
        period,
        org_unit,
        field,
        with_values,
        out,
    } = command;
    let request = FormRequest {
        period: parse_period(&period)?,
        org_unit,
        fields: field
            .iter()
            .map(|f| parse_field(f))
            .collect::<Result<_>>()?,
        with_values,
    };
    let bytes = interchange::export_form(store, &request).await?;
    crate::commands::write_atomically(&out, &bytes)?;
    eprintln!(
        "Đã ghi biểu mẫu {} vào {} ({} byte).",
        request.period.label_vi(),
        out.display(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `baocao import FILE`: exit 0 when stored (or, with --dry-run, storable), 2 when the
/// file has problems (every one is printed; nothing is stored).
pub async fn import(store: &Store, args: ImportArgs) -> Result<ExitCode> {
    let mut request = ImportRequest::new(args.stored_by.clone().unwrap_or_else(|| {
        args.file.file_name().map_or_else(
            || "import".to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }));
    request.format = match args.format {
        InFormat::Auto => ImportFormat::Auto,
        InFormat::Xlsx => ImportFormat::Xlsx,
        InFormat::Csv => ImportFormat::Csv,
        InFormat::Dhis2Json => ImportFormat::Dhis2Json,
        InFormat::Dhis2Csv => ImportFormat::Dhis2Csv,
    };
    request.id_scheme = args.id_scheme.into();
    request.dry_run = args.dry_run;
    request.period = args.period.as_deref().map(parse_period).transpose()?;
    request.strict_numbers = args.decimal_comma || args.decimal_point;
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?
        .len();
    let bar = progress_bar(size);
    let mut progress = |done: u64| bar.set_position(done);
    let outcome = interchange::import_file(store, &args.file, &request, &mut progress).await;
    bar.finish_and_clear();
    let outcome = outcome?;
    if args.json {
        let mut json = serde_json::to_string_pretty(&outcome.summary)?;
        json.push('\n');
        crate::commands::emit(json.as_bytes())?;
    }
    let name = args.file.display();
    if !outcome.problems.is_empty() {
        eprintln!(
            "{name} ({}): {} lỗi; không ghi gì vào cơ sở dữ liệu (nhập cả tệp hoặc không gì cả):",
            outcome.format.name(),
            outcome.problems.count()
        );
        eprint!("{}", outcome.problems);
        eprintln!("hint: the formats and the rules for numbers are in docs/interchange.md");
        return Ok(ExitCode::from(2));
    }
    let c = outcome.summary.import_count;
    let verb = if args.dry_run {
        "Chạy thử (không ghi)"
    } else {
        "Đã nhập"
    };
    eprintln!(
        "{verb} {name} ({}): {} giá trị mới, {} cập nhật, {} bỏ qua (trống hoặc không đổi).",
        outcome.format.name(),
        c.imported,
        c.updated,
        c.ignored
    );
    Ok(ExitCode::SUCCESS)
}

/// The bar of the bytes read (stderr, redrawn at most 20 times a second), when stderr is a
/// terminal; else one that draws nothing, so that a log or pipe gets only the messages.
fn progress_bar(size: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(size);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} đang đọc {bytes}/{total_bytes} [{wide_bar}] {bytes_per_sec}, còn {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Runs `baocao export`.
pub async fn export(store: &Store, args: ExportArgs) -> Result<ExitCode> {
    let format = match args.format {
        OutFormat::Csv => ExportFormat::Csv,
        OutFormat::Dhis2Json => ExportFormat::Dhis2Json,
        OutFormat::Dhis2Csv => ExportFormat::Dhis2Csv,
        OutFormat::Xlsx => ExportFormat::Xlsx,
        OutFormat::UidMap => ExportFormat::UidMap,
    };
    if format == ExportFormat::Xlsx && args.out.is_none() && std::io::stdout().is_terminal() {
        bail!("an .xlsx file is binary: pass --out FILE.xlsx or redirect stdout");
    }
    let periods = args
        .period
        .iter()
        .map(|p| parse_period(p))
        .collect::<Result<Vec<_>>>()?;
    if periods.is_empty() && format != ExportFormat::UidMap {
        bail!("--period is required: the period(s) to export, e.g. --period 2023-04");
    }
    let request = ExportRequest {
        format,
        periods,
        org_unit: args.org_unit,
        field: args.field.as_deref().map(parse_field).transpose()?,
        id_scheme: args.id_scheme.into(),
    };
    let mut bytes = Vec::new();
    let summary = interchange::export_values(store, &request, &mut bytes).await?;
    match &args.out {
        Some(path) => {
            crate::commands::write_atomically(path, &bytes)?;
            eprintln!("Đã ghi {} ({} giá trị).", path.display(), summary.values);
        }
        None => crate::commands::emit(&bytes)?,
    }
    if summary.left_out > 0 {
        eprintln!(
            "warning: {} subtotals or totals stated by units were left out: DHIS2 stores cells only (the long CSV keeps them)",
            summary.left_out
        );
    }
    Ok(ExitCode::SUCCESS)
}
