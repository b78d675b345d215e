//! `GET /ky/{period}/bao-cao`: the report as it will print, with its warnings, and the
//! downloads `/ky/{period}/bao-cao.docx`, `.md`, `.pdf`, `.xlsx` (file name
//! `bao-cao-2023-04.docx`).

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use baocao_app::{AppError, ReportFormat};
use baocao_core::period::Period;
use baocao_report::BuiltReport;

use crate::auth::Viewer;
use crate::layout::{self, PeriodLink};
use crate::pages::OrgUnitQuery;
use crate::{AppState, WebError, templates, view};

/// The report of a period, or why it cannot be built (a user-facing Vietnamese sentence).
async fn build(
    state: &AppState,
    period: Period,
    dv: Option<&str>,
) -> Result<Result<BuiltReport, String>, WebError> {
    let data = view::load_report(state.store(), period, dv).await?;
    match baocao_app::build_report(state.store(), &data).await {
        Ok(built) => Ok(Ok(built)),
        Err(AppError::NoReportIssue(p)) => Ok(Err(format!(
            "Chưa có thông tin ban hành báo cáo {} (ngày ban hành, ngày chốt số liệu lũy kế, người ký).",
            p.label_vi()
        ))),
        Err(AppError::Render(e)) => Ok(Err(format!("Lời văn hoặc mẫu báo cáo có lỗi: {e}"))),
        Err(e) => Err(e.into()),
    }
}

/// `GET /ky/{period}/bao-cao`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<OrgUnitQuery>,
) -> Result<Html<String>, WebError> {
    let period = view::period(&period)?;
    let built = build(&state, period, q.dv()).await?;
    let (report_html, warnings, problem) = match built {
        Ok(built) => (
            baocao_report::html::to_html_fragment(&built.document),
            built.warnings,
            None,
        ),
        Err(problem) => (String::new(), Vec::new(), Some(problem)),
    };
    let chrome = layout::chrome(&state, &viewer, Some(period), "bao-cao", q.dv()).await?;
    let html = templates::render(
        "report.html",
        crate::page_context! {
            chrome,
            period => PeriodLink::of(period),
            file_stem => file_stem(period),
            report_html,
            report_css => baocao_report::html::stylesheet(),
            warnings,
            problem,
        },
    )?;
    Ok(Html(html))
}

/// `bao-cao-2023-04`.
fn file_stem(period: Period) -> String {
    format!("bao-cao-{}", period.id())
}

async fn download(
    state: AppState,
    period: String,
    dv: Option<String>,
    format: ReportFormat,
    extension: &'static str,
    content_type: &'static str,
) -> Result<Response, WebError> {
    let period = view::period(&period)?;
    let built = match build(&state, period, dv.as_deref()).await? {
        Ok(built) => built,
        Err(problem) => return Err(WebError::Forbidden(problem)),
    };
    // DOCX and PDF take a few hundred milliseconds of CPU: off the async threads.
    let bytes =
        tokio::task::spawn_blocking(move || baocao_app::write_report(&built.document, format))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?
            .map_err(WebError::from)?;
    let disposition = format!("attachment; filename=\"{}.{extension}\"", file_stem(period));
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /ky/{period}/bao-cao.docx`.
pub async fn docx(
    State(state): State<AppState>,
    _viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<OrgUnitQuery>,
) -> Result<Response, WebError> {
    download(
        state,
        period,
        q.dv,
        ReportFormat::Docx,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    .await
}

/// `GET /ky/{period}/bao-cao.md`.
pub async fn markdown(
    State(state): State<AppState>,
    _viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<OrgUnitQuery>,
) -> Result<Response, WebError> {
    download(
        state,
        period,
        q.dv,
        ReportFormat::Markdown,
        "md",
        "text/markdown; charset=utf-8",
    )
    .await
}

/// `GET /ky/{period}/bao-cao.pdf`.
pub async fn pdf(
    State(state): State<AppState>,
    _viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<OrgUnitQuery>,
) -> Result<Response, WebError> {
    download(
        state,
        period,
        q.dv,
        ReportFormat::Pdf,
        "pdf",
        "application/pdf",
    )
    .await
}

/// `GET /ky/{period}/bao-cao.xlsx`: the annexes as a workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    _viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<OrgUnitQuery>,
) -> Result<Response, WebError> {
    download(
        state,
        period,
        q.dv,
        ReportFormat::Xlsx,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    .await
}
