//! The API's errors: always JSON, `{"error": {"code": "...", "message": "..."}}`, the code
//! stable for programs (snake_case English), the message in Vietnamese for people. Bad input
//! is a 4xx naming the parameter and what was expected; only a failure inside is a 500, whose
//! cause goes to the log and never to the answer.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use baocao_app::AppError;
use baocao_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::WebError;

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong: a code for programs and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code, e.g. `invalid_parameter`, `unauthorized`, `forbidden`, `not_found`.
    #[schema(example = "invalid_parameter")]
    pub code: String,
    /// What went wrong and what was expected, in Vietnamese.
    #[schema(example = "Tham số «period»: kỳ báo cáo «2023-13» không hợp lệ")]
    pub message: String,
}

/// Why an API request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The code, e.g. `invalid_parameter`.
    pub code: &'static str,
    /// The Vietnamese message (for a 500: the cause, logged and not sent).
    pub message: String,
}

impl ApiError {
    /// 400 `code`: a parameter or the body is not what was expected.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 401 `unauthorized`: no token, or one that opens nothing.
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 403 `forbidden`: the token's account may not do this.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404 `code`: no such thing.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 409 `code`: the request is right, but what is stored does not allow it.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, code, message)
    }

    /// 500 `internal`: something failed inside; `cause` is logged, never sent.
    pub fn internal(cause: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", cause)
    }

    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// An invalid query or path parameter `name`: what was wrong and what was expected.
    pub fn parameter(name: &str, message: impl std::fmt::Display) -> ApiError {
        ApiError::bad_request("invalid_parameter", format!("Tham số «{name}»: {message}"))
    }
}

/// The message of a 500: the cause is in the log only.
pub const INTERNAL_MESSAGE: &str = "Hệ thống gặp lỗi khi xử lý yêu cầu này; lỗi đã được ghi lại. Hãy thử lại sau, hoặc báo cho quản trị viên.";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = if self.status.is_server_error() {
            tracing::error!(target: "baocao_web::api", "{}", self.message);
            INTERNAL_MESSAGE.to_string()
        } else {
            self.message
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            // RFC 6750, section 3.
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"baocao\""),
            );
        }
        response
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        match error {
            AppError::NoCatalog => ApiError::not_found(
                "no_catalog",
                "Cơ sở dữ liệu chưa có danh mục chỉ tiêu: hãy nạp số liệu trước (baocao init --example hoặc baocao load)",
            ),
            AppError::UnknownOrgUnit(unit) => ApiError::not_found(
                "unknown_org_unit",
                format!("Không có đơn vị «{unit}»: dùng mã hoặc id trong /api/v1/orgUnits"),
            ),
            AppError::NoOrgUnit(period) => ApiError::not_found(
                "no_org_unit",
                format!(
                    "Không có đơn vị cấp tỉnh nào còn hiệu lực trong {}: hãy chọn kỳ khác hoặc truyền orgUnit",
                    period.label_vi()
                ),
            ),
            AppError::SeveralOrgUnits(units) => ApiError::bad_request(
                "org_unit_required",
                format!(
                    "Có nhiều đơn vị cấp tỉnh ({}): hãy truyền tham số orgUnit",
                    units.join(", ")
                ),
            ),
            AppError::NoData { period, org_unit } => ApiError::not_found(
                "no_data",
                format!(
                    "Chưa có số liệu {} của đơn vị {org_unit}",
                    period.label_vi()
                ),
            ),
            AppError::NoReportIssue(period) => ApiError::not_found(
                "no_report",
                format!(
                    "Chưa có thông tin ban hành báo cáo {} (ngày ban hành, ngày chốt số liệu lũy kế, người ký)",
                    period.label_vi()
                ),
            ),
            AppError::Render(e) => ApiError::conflict(
                "report_error",
                format!("Lời văn hoặc mẫu báo cáo có lỗi: {e}"),
            ),
            AppError::Xlsx(baocao_report::xlsx::XlsxWriteError::NoAnnex) => ApiError::conflict(
                "no_annex",
                "Mẫu báo cáo không có phụ lục nào, nên không có bảng tính XLSX",
            ),
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        ApiError::internal(error.to_string())
    }
}

impl From<WebError> for ApiError {
    fn from(error: WebError) -> ApiError {
        match error {
            WebError::NotFound => {
                ApiError::not_found("not_found", "Không tìm thấy dữ liệu yêu cầu")
            }
            WebError::Missing(why) => ApiError::not_found("not_found", why),
            WebError::Forbidden(why) => ApiError::forbidden(why),
            WebError::Internal(cause) => ApiError::internal(cause),
        }
    }
}

/// Any path under `/api/v1` the API does not have.
pub async fn unknown_path() -> ApiError {
    ApiError::not_found(
        "unknown_path",
        "Không có đường dẫn này trong API; danh sách đường dẫn ở /api/v1/openapi.json",
    )
}

/// A method the path does not answer (axum adds the `Allow` header).
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "Đường dẫn này không nhận phương thức HTTP đó; xem /api/v1/openapi.json",
    )
}
