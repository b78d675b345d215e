//! Errors of the use cases, each with what the user can do about it.

use baocao_core::period::Period;

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A department's file is wrong.
    #[error(transparent)]
    Files(#[from] baocao_files::FilesError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] baocao_store::StoreError),
    /// The report template is wrong.
    #[error(transparent)]
    Template(#[from] baocao_report::template::TemplateError),
    /// A template or narrative text is wrong.
    #[error(transparent)]
    Render(#[from] baocao_report::RenderError),
    /// The DOCX could not be written.
    #[error(transparent)]
    Docx(#[from] baocao_report::docx::DocxError),
    /// The PDF could not be written.
    #[error(transparent)]
    Pdf(#[from] baocao_pdf::PdfError),
    /// The XLSX could not be written.
    #[error(transparent)]
    Xlsx(#[from] baocao_report::xlsx::XlsxWriteError),
    /// A formula asked for (a series of the dashboard) does not parse or names a code the
    /// catalogue lacks.
    #[error("formula `{formula}`: {message}")]
    Formula {
        /// The formula.
        formula: String,
        /// What is wrong, and where.
        message: String,
    },
    /// Nothing has been loaded.
    #[error(
        "the database holds no catalogue yet; run `baocao init --example` or `baocao load DIR` first"
    )]
    NoCatalog,
    /// The database already holds data.
    #[error(
        "the database already holds data; use another --database-url, or --force to load over it"
    )]
    NotEmpty,
    /// A restore would replace data the database holds.
    #[error(
        "the database already holds data, and a restore replaces all of it; restore into a new --database-url, or pass --force"
    )]
    RestoreOverData,
    /// No org unit by that id or code.
    #[error("no org unit `{0}`")]
    UnknownOrgUnit(String),
    /// No province-level unit is valid in the period.
    #[error("no province-level org unit is valid in {0}; pass --org-unit")]
    NoOrgUnit(Period),
    /// Several provinces: the user must choose.
    #[error("several province-level org units: {}; pass --org-unit", .0.join(", "))]
    SeveralOrgUnits(Vec<String>),
    /// A narrative section that no section of the template prints.
    #[error(
        "narrative section `{section}` of {period} is printed by no section of report.toml; expected one of the template's `narrative = \"…\"` ids"
    )]
    UnplacedNarrative {
        /// The section id.
        section: String,
        /// Its period.
        period: Period,
    },
    /// No figures are stored for the period and org unit.
    #[error("no figures are stored for {period} ({org_unit})")]
    NoData {
        /// The period.
        period: Period,
        /// The org unit.
        org_unit: String,
    },
    /// An account's field is not acceptable (creating an account, setting a password, making
    /// an API token): the message, in Vietnamese, says which field and what is expected.
    #[error("{message}")]
    InvalidAccount {
        /// The field: `username`, `full_name` or `password`; for a token `username`, `name`
        /// or `expires`.
        field: &'static str,
        /// What is wrong, in Vietnamese, e.g. "Mật khẩu quá ngắn: cần ít nhất 8 ký tự".
        message: String,
    },
    /// Sign-in refused: the user name or the password is wrong, or the account is
    /// deactivated (one message for all, so as not to tell which user names exist).
    #[error("Tên đăng nhập hoặc mật khẩu không đúng")]
    SignIn,
    /// A password could not be hashed or checked (the system's random generator failed).
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
    /// No report data (date, signer) for the period.
    #[error(
        "no report issue data (date, year-to-date cut-off, signer) for {0}; add a [report] table to data/{0}.toml"
    )]
    NoReportIssue(Period),
    /// The org units and successions contradict each other.
    #[error(transparent)]
    Hierarchy(#[from] baocao_core::orgunit::HierarchyError),
    /// A reorganisation table is wrong.
    #[error("{file}, line {line}: {message}")]
    Reorganisation {
        /// The file.
        file: String,
        /// The 1-based line.
        line: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The catalogue declares no data set, so there is no completeness to count.
    #[error(
        "the catalogue declares no data set; add [[regime]] and [[data_set]] tables to catalog.toml (see docs/file-formats.md, \"Data sets and reporting regimes\")"
    )]
    NoDataSets,
    /// No declared data set has this code.
    #[error("no data set `{code}`; expected one of: {}", .known.join(", "))]
    UnknownDataSet {
        /// The code asked for.
        code: String,
        /// The declared data sets.
        known: Vec<String>,
    },
    /// A reference to a data element's cell (`DE.OPT`) that the catalogue does not have.
    #[error("`{reference}`: {message}")]
    BadReference {
        /// The reference.
        reference: String,
        /// What is wrong.
        message: String,
    },
}
