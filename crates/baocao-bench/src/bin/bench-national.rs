//! `bench-national`: the national-scale benchmark (issue 4). `files` writes the generated
//! country's folder (catalogue, org units, a minimal template) for `baocao load`; `run` loads
//! the country into a database and measures the load rate, one indicator rolled up to every
//! province for a year through baocao and as one plain SQL `GROUP BY`, and validating one
//! month nationally, then prints a table and appends it to `--out`.
//!
//! ```text
//! bench-national run --database-url sqlite://national.db --out results.md
//! bench-national run --database-url postgres://postgres@127.0.0.1:5432/baocao_bench --communes 332
//! ```
//! `scripts/bench-national.sh` runs it on both backends with fresh databases.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use baocao_bench::run::{self, BenchError};
use baocao_bench::{National, Scale};
use baocao_core::format;
use baocao_core::period::Period;
use baocao_store::{Backend, Store};
use clap::{Args, Parser, Subcommand};

/// The national-scale benchmark of baocao.
#[derive(Parser)]
#[command(name = "bench-national", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the generated country's folder (without figures) for `baocao load`.
    Files {
        /// The folder to write.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        scale: ScaleArgs,
    },
    /// Load the country into a database and measure.
    Run(RunArgs),
}

/// The size of the country (defaults: the national scale).
#[derive(Args, Clone)]
struct ScaleArgs {
    /// Provinces.
    #[arg(long, default_value_t = 34)]
    provinces: usize,
    /// Communes, spread evenly over the provinces.
    #[arg(long, default_value_t = 3_321)]
    communes: usize,
    /// Data elements, each with 5 breakdown cells.
    #[arg(long, default_value_t = 200)]
    data_elements: usize,
    /// Months of figures.
    #[arg(long, default_value_t = 24)]
    months: usize,
    /// The first month.
    #[arg(long, default_value = "2025-07")]
    first_month: String,
    /// The seed of every figure.
    #[arg(long, default_value_t = 20_250_701)]
    seed: u64,
}

#[derive(Args)]
struct RunArgs {
    /// The database: a new SQLite file (sqlite://PATH) or PostgreSQL database
    /// (postgres://USER@HOST:PORT/DATABASE), created if missing.
    #[arg(long)]
    database_url: String,
    #[command(flatten)]
    scale: ScaleArgs,
    /// Values a batch when loading.
    #[arg(long, default_value_t = 50_000)]
    batch: usize,
    /// Months of the whole country in one import (one transaction).
    #[arg(long, default_value_t = 1)]
    months_per_import: usize,
    /// Do not load: the database holds this country already (measure again).
    #[arg(long)]
    no_load: bool,
    /// How many times the roll-ups are run (the median is reported).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// The period rolled up (default: the first whole calendar year of the months).
    #[arg(long)]
    period: Option<String>,
    /// The month validated (default: the last month of that year).
    #[arg(long)]
    month: Option<String>,
    /// A Markdown file the results are appended to.
    #[arg(long)]
    out: Option<PathBuf>,
}

impl ScaleArgs {
    fn national(&self) -> Result<National, String> {
        let first_month = Period::parse(&self.first_month)
            .map_err(|e| format!("--first-month `{}`: {e}", self.first_month))?;
        National::new(Scale {
            provinces: self.provinces,
            communes: self.communes,
            data_elements: self.data_elements,
            months: self.months,
            first_month,
            seed: self.seed,
            violations_per_mille: 5,
        })
        .map_err(|e| e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Files { out, scale } => files(&out, &scale),
        Command::Run(args) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
            .and_then(|runtime| runtime.block_on(run(args))),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn files(out: &std::path::Path, scale: &ScaleArgs) -> Result<(), String> {
    let national = scale.national()?;
    national
        .write_folder(out)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "{}: {} tỉnh, {} xã, {} chỉ tiêu (chưa có số liệu)",
        out.display(),
        national.province_ids().len(),
        national.commune_ids().len(),
        national.data_elements().len()
    );
    Ok(())
}

fn ms(d: Duration) -> String {
    format::decimal(d.as_secs_f64() * 1e3, 0)
}

async fn run(args: RunArgs) -> Result<(), String> {
    let national = args.scale.national()?;
    let (default_year, default_month) = run::default_periods(&national);
    let parse = |arg: &Option<String>, default: Period, what: &str| match arg {
        Some(text) => Period::parse(text).map_err(|e| format!("{what} `{text}`: {e}")),
        None => Ok(default),
    };
    let period = parse(&args.period, default_year, "--period")?;
    let month = parse(&args.month, default_month, "--month")?;
    let store = Store::open(&args.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let backend = match store.backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    let fail = |e: BenchError| e.to_string();
    let scale = national.scale();
    eprintln!(
        "{backend}: {} tỉnh, {} xã, {} chỉ tiêu × 5 phân tổ, {} tháng từ {} = {} số liệu",
        scale.provinces,
        scale.communes,
        scale.data_elements,
        scale.months,
        scale.first_month.id(),
        format::integer(national.len() as i64)
    );

    let load = if args.no_load {
        None
    } else {
        if !store.is_empty().await.map_err(|e| e.to_string())? {
            return Err(format!(
                "{} already holds data: give a new database, or --no-load to measure it again",
                store.location()
            ));
        }
        let every = (national.len() / 100).max(1);
        let mut next_report = every;
        let measure = run::load(
            &store,
            &national,
            args.batch,
            args.months_per_import,
            |done, elapsed| {
                if done >= next_report || done == national.len() {
                    next_report += every;
                    eprint!(
                        "\r  nạp: {} / {} số liệu, {} số liệu/giây   ",
                        format::integer(done as i64),
                        format::integer(national.len() as i64),
                        format::integer((done as f64 / elapsed.as_secs_f64()) as i64)
                    );
                }
            },
        )
        .await
        .map_err(fail)?;
        eprintln!();
        eprintln!(
            "  nạp xong: {} số liệu trong {} s ({} lần nhập, {} lô), {} số liệu/giây; danh mục và đơn vị {} ms",
            format::integer(measure.values as i64),
            format::decimal(measure.figures.as_secs_f64(), 1),
            measure.imports,
            measure.batches,
            format::integer(measure.rate() as i64),
            ms(measure.catalogue)
        );
        Some(measure)
    };
    let memory_after_load = run::peak_memory_kib();

    let expected = run::expected_rates(&national, 0, period);
    let mut baocao_times = Vec::new();
    let mut areas = Vec::new();
    for _ in 0..args.repeat.max(1) {
        let (got, took) = run::rollup(&store, &national, 0, period)
            .await
            .map_err(fail)?;
        baocao_times.push(took);
        areas = got;
    }
    let (plain, sql_times) =
        run::plain_sql_rollup(&args.database_url, &national, period, args.repeat)
            .await
            .map_err(fail)?;
    let difference = run::compare_rates(&areas, &plain).map_err(fail)?;
    let generator_difference = areas
        .iter()
        .zip(&expected)
        .map(|(a, e)| (a.value.unwrap_or(f64::NAN) - e).abs())
        .fold(0.0, f64::max);
    if generator_difference.is_nan() || generator_difference > 1e-6 {
        return Err(format!(
            "the roll-up differs from the generator's rates by {generator_difference}"
        ));
    }
    let baocao_ms = run::median_ms(&baocao_times);
    let sql_ms = run::median_ms(&sql_times);
    eprintln!(
        "  {} của {} tỉnh, {}: baocao {} ms (lần đầu {} ms), SQL GROUP BY {} ms, gấp {} lần; chênh lệch lớn nhất {:e}",
        National::indicator_code(0),
        areas.len(),
        period.label_vi(),
        format::decimal(baocao_ms, 0),
        ms(baocao_times[0]),
        format::decimal(sql_ms, 0),
        format::decimal(baocao_ms / sql_ms, 1),
        difference
    );
    let memory_after_rollup = run::peak_memory_kib();

    let validation = run::validate_month(&store, &national, month)
        .await
        .map_err(fail)?;
    let (expected_communes, expected_provinces) = run::expected_violations(&national, month);
    if (
        validation.commune_violations,
        validation.province_violations,
    ) != (expected_communes, expected_provinces)
    {
        return Err(format!(
            "validation found {} commune and {} province violations, the generator made {} and {}",
            validation.commune_violations,
            validation.province_violations,
            expected_communes,
            expected_provinces
        ));
    }
    eprintln!(
        "  kiểm tra {}: {} xã ({} quy tắc, {} vi phạm) và {} tỉnh ({} vi phạm) trong {} ms",
        month.label_vi(),
        validation.communes,
        format::integer(validation.commune_rules as i64),
        validation.commune_violations,
        validation.provinces,
        validation.province_violations,
        ms(validation.elapsed)
    );
    let size = run::database_size(&store, &args.database_url)
        .await
        .map_err(fail)?;
    let peak = run::peak_memory_kib();
    store.close().await;

    let mib = |kib: Option<u64>| kib.map_or("—".to_string(), |k| format!("{} MiB", k / 1024));
    let row = format!(
        "| {backend} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        format::integer(national.len() as i64),
        load.as_ref().map_or("—".to_string(), |l| format!(
            "{} ({} s)",
            format::integer(l.rate() as i64),
            format::integer(l.figures.as_secs_f64().round() as i64)
        )),
        format::decimal(baocao_ms, 0),
        ms(baocao_times[0]),
        format::decimal(sql_ms, 1),
        format::decimal(baocao_ms / sql_ms, 1),
        ms(validation.elapsed),
        format::decimal(size as f64 / 1e9, 1),
        mib(memory_after_load),
        mib(peak),
    );
    let header = "| backend | values | load, values/s (time) | roll-up ms (median) | first | plain SQL ms | ratio | validate a month ms | database GB | peak memory: load | peak memory: run |\n|---|---|---|---|---|---|---|---|---|---|---|";
    println!("{header}\n{row}");
    println!(
        "roll-up: {} ({}), {} tỉnh, {}; kiểm tra: {}, {} xã + {} tỉnh, {} vi phạm (như đã sinh); bộ nhớ sau roll-up {}",
        National::indicator_code(0),
        period.id(),
        areas.len(),
        if difference == 0.0 {
            "trùng khớp với SQL".to_string()
        } else {
            format!("chênh lệch với SQL tối đa {difference:e}")
        },
        month.id(),
        validation.communes,
        validation.provinces,
        validation.commune_violations + validation.province_violations,
        mib(memory_after_rollup)
    );
    if let Some(path) = &args.out {
        let fresh = !path.exists();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let text = if fresh {
            format!("{header}\n{row}\n")
        } else {
            format!("{row}\n")
        };
        file.write_all(text.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
