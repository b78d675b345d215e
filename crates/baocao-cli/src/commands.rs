//! The commands, each a thin layer over `baocao-app`.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use baocao_app::aggregate::{self, AggregatedPeriod, Basis};
use baocao_app::{AppError, ReportFormat};
use baocao_core::period::Period;
use baocao_engine::ValidationReport;
use baocao_store::{OpenOptions, Store};

use crate::{Cli, Command, Format, ValidateFormat};

/// Runs a command; `Ok` carries the exit code.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    // Only the commands that write create a database: a `validate` in the wrong folder must
    // not leave an empty baocao.db behind.
    let creates = matches!(
        cli.command,
        Command::Init { .. }
            | Command::Load { .. }
            | Command::Migrate
            | Command::Restore { .. }
            | Command::User {
                command: crate::users::UserCommand::Add { .. }
            }
    );
    let options = OpenOptions {
        create: creates,
        migrate: !matches!(cli.command, Command::Migrate),
    };
    let store = Store::open_with_options(&cli.database_url, options)
        .await
        .with_context(|| {
            let url = baocao_store::redacted_url(&cli.database_url);
            format!("cannot open the database {url}")
        })?;
    let code = match cli.command {
        Command::Init { example, force } => init(&store, example, force).await?,
        Command::Load { dir } => {
            let summary = baocao_app::load_folder(&store, &dir).await?;
            eprintln!("Đã nạp {}: {}", dir.display(), describe(&summary));
            ExitCode::SUCCESS
        }
        Command::Validate {
            period,
            org_unit,
            format,
            hierarchy,
        } => {
            let basis = parse_hierarchy(&hierarchy)?;
            validate(&store, &period, org_unit.as_deref(), format, basis).await?
        }
        Command::Report {
            period,
            format,
            out,
            org_unit,
            hierarchy,
        } => {
            let format = resolve_format(format, out.as_deref())?;
            let basis = parse_hierarchy(&hierarchy)?;
            report(&store, &period, format, out, org_unit.as_deref(), basis).await?
        }
        Command::Catalog => catalog(&store).await?,
        Command::Completeness(args) => crate::completeness::run(&store, args).await?,
        Command::Status { command } => crate::status::run(&store, command).await?,
        Command::Form { command } => crate::interchange::form(&store, command).await?,
        Command::Import(args) => crate::interchange::import(&store, args).await?,
        Command::Export(args) => crate::interchange::export(&store, args).await?,
        Command::Migrate => crate::admin::migrate(&store).await?,
        Command::Backup { path } => crate::admin::backup(&store, &path).await?,
        Command::Restore { path, force } => crate::admin::restore(&store, &path, force).await?,
        Command::User { command } => crate::users::run(&store, command).await?,
        Command::Token { command } => crate::tokens::run(&store, command).await?,
        Command::Serve {
            addr,
            secure_cookies,
        } => return crate::serve::serve(store, addr, secure_cookies).await,
    };
    store.close().await;
    Ok(code)
}

/// The error and its causes on one line, each cause once: sources whose text the message
/// already contains are left out.
pub fn chain(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// A hint for errors a user can fix.
pub fn hint(error: &anyhow::Error) -> Option<&'static str> {
    match error.downcast_ref::<AppError>()? {
        AppError::NoCatalog => Some("baocao init --example loads the April 2023 example"),
        AppError::NotEmpty => Some("pass --database-url another.db to start afresh"),
        AppError::RestoreOverData => Some("baocao restore --force PATH replaces the data"),
        AppError::Files(_) => Some("the formats are described in docs/file-formats.md"),
        AppError::NoData { .. } => Some("baocao load DIR stores a period's figures"),
        AppError::NoDataSets => {
            Some("the built-in example declares data sets: see examples/ninh-thuan/catalog.toml")
        }
        _ => None,
    }
}

fn describe(s: &baocao_app::LoadSummary) -> String {
    format!(
        "{} chỉ tiêu, {} chỉ số, {} giá trị số liệu, {} giá trị đã khai của chỉ số, {} văn bản, {} nhiệm vụ, {} phần thuyết minh",
        s.data_elements, s.indicators, s.values, s.stated, s.documents, s.tasks, s.narratives
    )
}

async fn init(store: &Store, example: bool, force: bool) -> Result<ExitCode> {
    if !example {
        eprintln!(
            "Đã tạo cơ sở dữ liệu. Nạp số liệu bằng `baocao load DIR`, hoặc `baocao init --example`."
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !force && !store.is_empty().await? {
        return Err(AppError::NotEmpty.into());
    }
    let bundle =
        baocao_files::load_bundle_files(baocao_app::example::files()).map_err(AppError::from)?;
    let summary = baocao_app::store_bundle(store, bundle).await?;
    eprintln!(
        "Đã nạp ví dụ tháng 4/2023 (Sở TT&TT Ninh Thuận): {}",
        describe(&summary)
    );
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn parse_period(text: &str) -> Result<Period> {
    Period::parse(text).with_context(|| format!("--period `{text}`"))
}

/// `--hierarchy`: `at-date`, `today` (the local date) or `YYYY-MM-DD`.
fn parse_hierarchy(text: &str) -> Result<Basis> {
    match text {
        "at-date" => Ok(Basis::AtEachDate),
        "today" => Ok(Basis::On(chrono::Local::now().date_naive())),
        _ => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Basis::On)
            .with_context(|| {
                format!("--hierarchy `{text}`: expected at-date, today or a date YYYY-MM-DD")
            }),
    }
}

/// A period of an org unit on a hierarchy, its notes printed to stderr.
async fn load(
    store: &Store,
    period: Period,
    org_unit: Option<&str>,
    basis: Basis,
) -> Result<AggregatedPeriod> {
    Ok(aggregate::load_on(store, period, org_unit, basis).await?)
}

async fn validate(
    store: &Store,
    period: &str,
    org_unit: Option<&str>,
    format: ValidateFormat,
    basis: Basis,
) -> Result<ExitCode> {
    let period = parse_period(period)?;
    let aggregated = load(store, period, org_unit, basis).await?;
    for note in &aggregated.notes {
        eprintln!("note: {note}");
    }
    let report = baocao_app::validate(&aggregated.data);
    match format {
        ValidateFormat::Json => {
            let mut json = serde_json::to_string_pretty(&report)?;
            json.push('\n');
            emit(json.as_bytes())?;
        }
        ValidateFormat::Text => print_violations(&report, period),
    }
    Ok(if report.has_high() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_violations(report: &ValidationReport, period: Period) {
    let mut out = std::io::stdout().lock();
    for v in &report.violations {
        // Generated rules (`TONG:`, `TYLE:` …) compare a stated figure with a recomputed one.
        let sides = if v.rule_code.contains(':') {
            ("đã khai", "tính lại")
        } else {
            ("vế trái", "vế phải")
        };
        let _ = writeln!(
            out,
            "[{}] {}\n    {}\n    {}: {}   {}: {}   ({} {} {})",
            v.importance.name_vi(),
            v.rule_code,
            v.rule_name,
            sides.0,
            v.left.display,
            sides.1,
            v.right.display,
            v.left.expression,
            v.operator.symbol(),
            v.right.expression
        );
    }
    let high = report
        .violations
        .iter()
        .filter(|v| v.importance == baocao_core::catalog::Importance::High)
        .count();
    eprintln!(
        "Kiểm tra {}: {} quy tắc đã kiểm tra, {} bỏ qua do thiếu số liệu; {} vi phạm ({} mức cao).",
        period.label_vi(),
        report.rules_evaluated,
        report.rules_skipped,
        report.violations.len(),
        high
    );
}

/// The format asked for, or the one the output file's extension names; Markdown on standard
/// output. A contradiction, or a file whose extension names no format when none is asked
/// for, is an error rather than a Markdown file called `.docx` or `.txt`.
fn resolve_format(format: Option<Format>, out: Option<&std::path::Path>) -> Result<Format> {
    let by_extension = out.and_then(|p| p.extension()).and_then(|e| {
        match e.to_string_lossy().to_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    });
    match (format, by_extension) {
        (Some(f), Some(e)) if f != e => bail!(
            "--format {} does not match the extension of --out; expected a .{} file",
            format_name(f),
            format_name(f)
        ),
        (Some(f), _) => Ok(f),
        (None, Some(e)) => Ok(e),
        // A file whose extension names no format (r.txt, bao-cao): saying which is safer
        // than writing Markdown under a name that promises something else.
        (None, None) => match out {
            Some(path) => bail!(
                "--out {}: the extension does not say the format; name the file .md, .html, .docx, .pdf or .xlsx, or give --format",
                path.display()
            ),
            None => Ok(Format::Md),
        },
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Md => "md",
        Format::Html => "html",
        Format::Docx => "docx",
        Format::Pdf => "pdf",
        Format::Xlsx => "xlsx",
    }
}

async fn report(
    store: &Store,
    period: &str,
    format: Format,
    out: Option<std::path::PathBuf>,
    org_unit: Option<&str>,
    basis: Basis,
) -> Result<ExitCode> {
    let period = parse_period(period)?;
    let aggregated = load(store, period, org_unit, basis).await?;
    let built = aggregate::build_report(store, &aggregated).await?;
    for warning in &built.warnings {
        eprintln!("warning: {warning}");
    }
    let requested = format;
    let format = match format {
        Format::Md => ReportFormat::Markdown,
        Format::Html => ReportFormat::Html,
        Format::Docx => ReportFormat::Docx,
        Format::Pdf => ReportFormat::Pdf,
        Format::Xlsx => ReportFormat::Xlsx,
    };
    let bytes = baocao_app::write_report(&built.document, format)?;
    match out {
        Some(path) => {
            write_atomically(&path, &bytes)?;
            eprintln!("Đã ghi {} ({} byte).", path.display(), bytes.len());
        }
        None => {
            if format.is_binary() && std::io::stdout().is_terminal() {
                let name = format_name(requested);
                bail!("a .{name} file is binary: pass --out FILE.{name} or redirect stdout");
            }
            emit(&bytes)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a document to stdout. A reader that stops early (`| head`) is not an error.
pub(crate) fn emit(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other.context("cannot write to standard output")?),
    }
}

/// Writes to a temporary file beside `path`, then renames: a reader never sees half a file.
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

async fn catalog(store: &Store) -> Result<ExitCode> {
    let compiled = baocao_app::catalog(store).await?;
    let c = &compiled.catalog;
    let mut out = String::new();
    writeln!(out, "Chỉ tiêu ({}):", c.data_elements.len())?;
    for de in c.data_elements.values() {
        let combo = de.category_combo.as_deref().unwrap_or("default");
        writeln!(
            out,
            "  {:<28} {} [{}; {}; phân tổ {}]",
            de.code,
            de.name,
            de.unit,
            de.field.name_vi(),
            combo
        )?;
    }
    writeln!(out, "Chỉ số ({}):", c.indicators.len())?;
    for ind in c.indicators.values() {
        let den = ind.denominator.as_deref().unwrap_or("1");
        writeln!(
            out,
            "  {:<28} {} = ({}) / ({}) × {} [{}]",
            ind.code, ind.name, ind.numerator, den, ind.factor, ind.unit
        )?;
    }
    writeln!(out, "Hằng số ({}):", c.constants.len())?;
    for k in c.constants.values() {
        let year = k.year.map(|y| format!(", năm {y}")).unwrap_or_default();
        writeln!(
            out,
            "  {:<28} {} = {} {}{year}",
            k.code,
            k.name,
            baocao_core::format::decimal(k.value, if k.value.fract() == 0.0 { 0 } else { 2 }),
            k.unit
        )?;
    }
    writeln!(out, "Phân tổ ({}):", c.categories.len())?;
    for cat in c.categories.values() {
        let options: Vec<String> = cat
            .options
            .iter()
            .map(|o| format!("{} {}", o.code, o.name))
            .collect();
        writeln!(
            out,
            "  {:<28} {}: {}",
            cat.code,
            cat.name,
            options.join("; ")
        )?;
    }
    writeln!(out, "Tổ hợp phân tổ ({}):", c.category_combos.len())?;
    for combo in c.category_combos.values() {
        writeln!(
            out,
            "  {:<28} {}: {}",
            combo.code,
            combo.name,
            combo.categories.join(" × ")
        )?;
    }
    writeln!(out, "Chế độ báo cáo ({}):", c.regimes.len())?;
    for r in c.regimes.values() {
        writeln!(
            out,
            "  {:<28} {} [{}; {}; chốt số liệu {}; hạn gửi {}; nơi nhận: {}]",
            r.code,
            r.name,
            r.legal_basis,
            r.period_type.label_vi(),
            r.cutoff.label_vi(),
            r.deadline.describe_vi(r.period_type),
            r.recipients.join("; ")
        )?;
    }
    writeln!(out, "Biểu mẫu ({}):", c.data_sets.len())?;
    for d in c.data_sets.values() {
        writeln!(
            out,
            "  {:<28} {} [chế độ {}; chỉ tiêu: {}; đơn vị báo cáo: {}]",
            d.code,
            d.name,
            d.regime,
            d.data_elements.join(", "),
            d.reporting_units.join(", ")
        )?;
    }
    writeln!(out, "Quy tắc kiểm tra ({}):", c.validation_rules.len())?;
    for r in &c.validation_rules {
        writeln!(
            out,
            "  {:<28} {} [{} {} {}; mức {}]",
            r.code,
            r.name,
            r.left,
            r.operator.symbol(),
            r.right,
            r.importance.name_vi()
        )?;
    }
    emit(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
