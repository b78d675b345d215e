//! `GET /ky/{period}/bao-cao`: the report as it will print, with its warnings, and the
//! downloads `/ky/{period}/bao-cao.docx`, `.md`, `.pdf`, `.xlsx` (file name
//! `bao-cao-2023-04.docx`).

use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::{MethodRouter, get};
use baocao_app::{AppError, ReportFormat};
use baocao_core::period::Period;
use baocao_report::BuiltReport;

use crate::auth::Viewer;
use crate::layout::{self, PeriodLink};
use crate::pages::OrgUnitQuery;
use crate::{AppState, WebError, download, templates, view};

/// The report of a period, or why it cannot be built (a user-facing Vietnamese sentence).
async fn build(
    state: &AppState,
    period: Period,
    dv: Option<&str>,
) -> Result<Result<BuiltReport, String>, WebError> {
    let data = view::load_report(state, period, dv).await?;
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
            report_html,
            report_css => baocao_report::html::stylesheet(),
            warnings,
            problem,
        },
    )?;
    Ok(Html(html))
}

/// `GET /ky/{period}/bao-cao.docx`, `.md`, `.pdf` and `.xlsx` (the annexes as a workbook):
/// the report of the period (`?dv=`: of that org unit) written in `format`, downloaded as
/// `bao-cao-2023-04.docx` …; 403 with the reason when it cannot be built (no report issue
/// recorded, an error in the narrative or template).
pub fn download(format: ReportFormat) -> MethodRouter<AppState> {
    get(
        move |State(state): State<AppState>,
              _viewer: Viewer,
              Path(period): Path<String>,
              Query(q): Query<OrgUnitQuery>| async move {
            let period = view::period(&period)?;
            let built = build(&state, period, q.dv.as_deref())
                .await?
                .map_err(WebError::Forbidden)?;
            let bytes = download::write_report::<WebError>(built.document, format).await?;
            Ok::<_, WebError>(download::attachment(
                bytes,
                download::media_type(format),
                &download::report_file_name(&period.id(), format),
            ))
        },
    )
}
