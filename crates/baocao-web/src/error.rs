//! Errors of a request and the pages that show them: 404 and 403 in Vietnamese, and for
//! anything internal a page that says something went wrong while the cause goes to the log,
//! never to the page.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use baocao_app::AppError;
use baocao_store::StoreError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No such page, period, field, section, document or user (404).
    #[error("not found")]
    NotFound,
    /// Nothing to show for what was asked, with the Vietnamese reason (404), e.g. a period in
    /// which no province-level org unit is valid.
    #[error("not found: {0}")]
    Missing(String),
    /// The session's role does not allow this, or the CSRF token is missing or wrong (403);
    /// the text says why, in Vietnamese.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Something failed inside (500); the text is logged, the page says only that.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<AppError> for WebError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::UnknownOrgUnit(_) => WebError::NotFound,
            AppError::NoOrgUnit(period) => WebError::Missing(format!(
                "Không có đơn vị cấp tỉnh nào còn hiệu lực trong kỳ này (thiếu từ {}): kỳ này \
                 không có báo cáo. Hãy chọn một kỳ khác.",
                period.label_vi()
            )),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> Self {
        WebError::Internal(error.to_string())
    }
}

impl From<minijinja::Error> for WebError {
    fn from(error: minijinja::Error) -> Self {
        WebError::Internal(format!("template: {error:#}"))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Không tìm thấy trang",
                "Trang hoặc dữ liệu bạn tìm không có. Hãy kiểm tra lại đường dẫn, hoặc quay về trang tổng quan.".to_string(),
            ),
            WebError::Missing(why) => (StatusCode::NOT_FOUND, "Không có dữ liệu", why.clone()),
            WebError::Forbidden(why) => (
                StatusCode::FORBIDDEN,
                "Không được phép",
                why.clone(),
            ),
            WebError::Internal(cause) => {
                tracing::error!(target: "baocao_web::error", "{cause}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Đã có lỗi xảy ra",
                    "Hệ thống gặp lỗi khi xử lý yêu cầu này; lỗi đã được ghi lại. Hãy thử lại sau, hoặc báo cho quản trị viên.".to_string(),
                )
            }
        };
        let body = crate::templates::render(
            "error.html",
            crate::page_context! { title, message, status => status.as_u16() },
        )
        .unwrap_or_else(|_| {
            format!(
                "<!doctype html><title>{}</title><p>{}",
                status.as_u16(),
                title
            )
        });
        (status, Html(body)).into_response()
    }
}
