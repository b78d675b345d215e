//! The `baocao` command line: load a department's files or the built-in example, validate a
//! period, write its report, list the catalogue. Documents go to stdout or `--out`; progress
//! and errors go to stderr.
//!
//! Exit codes: 0 success; 1 validation found a violation of high importance; 2 the command
//! failed (bad input, missing data, I/O).

mod admin;
mod commands;
mod completeness;
mod interchange;
mod serve;
mod status;
mod tokens;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// baocao: periodic reports of a Vietnamese provincial department, from figures to the
/// formatted document.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about, long_about = None)]
struct Cli {
    /// Database URL: sqlite://PATH, a file path, or postgres://USER@HOST:PORT/DATABASE;
    /// created and migrated on first use.
    #[arg(long, env = "BAOCAO_DATABASE_URL", default_value = baocao_store::DEFAULT_DATABASE_URL, global = true)]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the database; with --example, load the built-in example (April 2023, Ninh
    /// Thuận).
    Init {
        /// Load the built-in example.
        #[arg(long)]
        example: bool,
        /// Load over a database that already holds data (rows with the same keys are replaced).
        #[arg(long)]
        force: bool,
    },
    /// Load a department's folder of files (see docs/file-formats.md) in one transaction.
    Load {
        /// The folder, holding catalog.toml, report.toml, data/, narrative/ …
        dir: PathBuf,
    },
    /// Check a period's figures: stated totals and rates against their parts, the
    /// catalogue's rules, document dates. Exits 1 when a violation has high importance.
    Validate {
        /// The period: 2023-04, 2023Q2, 2023S1 or 2023.
        #[arg(long)]
        period: String,
        /// The org unit (default: the province).
        #[arg(long)]
        org_unit: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
        format: ValidateFormat,
        /// The hierarchy the org unit's area is read on: `at-date` (the period's own),
        /// `today`, or a date YYYY-MM-DD (figures of units reorganised since count for
        /// their successors then).
        #[arg(long, default_value = "at-date")]
        hierarchy: String,
    },
    /// Write a period's report.
    Report {
        /// The period: 2023-04, 2023Q2, 2023S1 or 2023 (aggregated from its months).
        #[arg(long)]
        period: String,
        /// Output format (default: from the extension of --out, else md).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Output file (default: stdout; required for DOCX, PDF and XLSX on a terminal).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The org unit (default: the province).
        #[arg(long)]
        org_unit: Option<String>,
        /// The hierarchy the org unit's area is read on: `at-date` (the period's own),
        /// `today`, or a date YYYY-MM-DD (figures of units reorganised since count for
        /// their successors then).
        #[arg(long, default_value = "at-date")]
        hierarchy: String,
    },
    /// List what the catalogue defines.
    Catalog,
    /// Reports of a period per data set: expected, received, on time, late, missing, and
    /// the reporting units overdue on a date (`--on`, default today).
    Completeness(completeness::CompletenessArgs),
    /// The workflow of a period: `baocao status list --period 2023-04`; `baocao status
    /// submit|approve|return|unlock --period 2023-04 --data-set BM_VIENTHONG_DN --org-unit
    /// DN_VNPT --as USER [--reason …]`, with that account's rights, audited.
    Status {
        #[command(subcommand)]
        command: status::StatusCommand,
    },
    /// Excel forms: `baocao form export --period 2023-04 --out bieu-mau.xlsx`.
    Form {
        #[command(subcommand)]
        command: interchange::FormCommand,
    },
    /// Import figures from a filled form, a long table (XLSX or CSV) or a DHIS2
    /// dataValueSet (JSON or CSV): every value checked, then all stored or nothing.
    Import(interchange::ImportArgs),
    /// Export figures as long CSV or DHIS2 dataValueSets (JSON or CSV).
    Export(interchange::ExportArgs),
    /// Apply the database migrations this version has, and list them (every command also
    /// migrates on first use).
    Migrate,
    /// Write a consistent snapshot of the database to a new file: SQLite, a database file;
    /// PostgreSQL, a pg_dump custom archive (pg_dump must be installed).
    Backup {
        /// The new file.
        path: PathBuf,
    },
    /// Accounts of the web application: `baocao user add nva --name "Nguyễn Văn An" --role
    /// chuyen_vien --field cntt`, `baocao user list`, `baocao user passwd nva`. Passwords
    /// come from BAOCAO_PASSWORD or are asked on the terminal, never from an argument.
    User {
        #[command(subcommand)]
        command: users::UserCommand,
    },
    /// API tokens, with which a program calls the JSON API (/api/v1) as an account:
    /// `baocao token add nva --name "Đồng bộ DHIS2" --expires 90` (prints the token once),
    /// `baocao token list [USER]`, `baocao token revoke ID`.
    Token {
        #[command(subcommand)]
        command: tokens::TokenCommand,
    },
    /// The web application: data entry, validation, workflow and the report in the browser.
    /// Prints the URL; one log line per request; Ctrl-C stops it.
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Mark cookies Secure (behind HTTPS; leave off for plain-HTTP localhost).
        #[arg(long)]
        secure_cookies: bool,
    },
    /// Replace everything in the database by a backup, in one transaction (PostgreSQL:
    /// pg_restore must be installed).
    Restore {
        /// The backup, from `baocao backup`.
        path: PathBuf,
        /// Replace data the database already holds.
        #[arg(long)]
        force: bool,
    },
}

/// Report output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Markdown.
    Md,
    /// HTML page laid out like the printed report (styles and charts inline).
    Html,
    /// Word (Nghị định 30/2020 layout).
    Docx,
    /// PDF (Nghị định 30/2020 layout, fonts embedded).
    Pdf,
    /// Excel workbook of the annexes (phụ lục).
    Xlsx,
}

/// Validation output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ValidateFormat {
    /// Lines for people.
    Text,
    /// JSON for programs.
    Json,
}

fn main() -> ExitCode {
    // Without BAOCAO_LOG, `serve` logs its requests (info); the other commands stay quiet.
    let filter = tracing_subscriber::EnvFilter::try_from_env("BAOCAO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error,baocao_web=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", commands::chain(&e));
            if let Some(hint) = commands::hint(&e) {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(2)
        }
    }
}
