//! Files to download, the same for the pages (`/ky/{period}/bao-cao.docx` …) and the API
//! (`/api/v1/reports/{period}`, `/api/v1/forms/{period}`): a report written off the async
//! threads, its media type and file extension, and the answer that names the file and is
//! never cached.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use baocao_app::{AppError, ReportFormat};
use baocao_report::model::ReportDocument;

use crate::WebError;

/// The media type of an XLSX file (a report's annexes, a form, a long table).
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The media type of a report written in `format` (Markdown and HTML in UTF-8).
pub fn media_type(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Markdown => "text/markdown; charset=utf-8",
        ReportFormat::Html => "text/html; charset=utf-8",
        ReportFormat::Docx => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        ReportFormat::Pdf => "application/pdf",
        ReportFormat::Xlsx => XLSX_TYPE,
    }
}

/// The file name of period `period_id`'s report in `format`: `bao-cao-2023-04.docx`.
pub fn report_file_name(period_id: &str, format: ReportFormat) -> String {
    let extension = match format {
        ReportFormat::Markdown => "md",
        ReportFormat::Html => "html",
        ReportFormat::Docx => "docx",
        ReportFormat::Pdf => "pdf",
        ReportFormat::Xlsx => "xlsx",
    };
    format!("bao-cao-{period_id}.{extension}")
}

/// `document` written in `format` ([`baocao_app::write_report`]) on a blocking thread: DOCX
/// and PDF take a few hundred milliseconds of CPU, which the async threads must not wait on.
///
/// Errors: the writer's [`AppError`] (an XLSX of a template without annexes), converted to
/// the caller's error so that each keeps its own answer to it; a writer that panicked, as
/// [`WebError::Internal`].
pub async fn write_report<E>(document: ReportDocument, format: ReportFormat) -> Result<Vec<u8>, E>
where
    E: From<AppError> + From<WebError>,
{
    tokio::task::spawn_blocking(move || baocao_app::write_report(&document, format))
        .await
        .map_err(|e| E::from(WebError::Internal(e.to_string())))?
        .map_err(E::from)
}

/// A file answer: `bytes` of media type `content_type`, to be saved as `name` (ASCII), never
/// cached (`Cache-Control: no-store`: reports change as figures are entered).
pub fn attachment(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}
