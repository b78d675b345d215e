//! Extractors whose refusals are the API's JSON errors (axum's own answer in plain text), and
//! the parsing of the parameters every endpoint shares: periods, dates, fields.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use baocao_core::period::Period;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// The first year a period of the API may be in.
pub const FIRST_YEAR: i32 = 1900;
/// The last year a period of the API may be in.
pub const LAST_YEAR: i32 = 2999;

/// The query string as `T`; a refusal is a 400 `invalid_parameter` naming what was wrong.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(query_error(&rejection)),
        }
    }
}

fn query_error(rejection: &QueryRejection) -> ApiError {
    // serde_urlencoded says which parameter and what it expected, in English: kept after the
    // Vietnamese sentence so that a program's author can read it.
    let detail = rejection.body_text();
    let detail = detail
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(&detail);
    ApiError::bad_request(
        "invalid_parameter",
        format!("Tham số truy vấn không hợp lệ: {detail}"),
    )
}

/// A path parameter as `T`; a refusal is a 400.
#[derive(Debug, Clone)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(path_error(&rejection)),
        }
    }
}

fn path_error(rejection: &PathRejection) -> ApiError {
    match rejection {
        PathRejection::MissingPathParams(_) => ApiError::internal(rejection.body_text()),
        _ => ApiError::bad_request(
            "invalid_parameter",
            format!("Tham số đường dẫn không hợp lệ: {}", rejection.body_text()),
        ),
    }
}

/// The body, whole, up to the route's `DefaultBodyLimit`; too large is a 413.
#[derive(Debug, Clone)]
pub struct ApiBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Bytes::from_request(request, state).await {
            Ok(bytes) => Ok(ApiBody(bytes)),
            Err(rejection) => Err(body_error(&rejection)),
        }
    }
}

fn body_error(rejection: &BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "body_too_large",
            message: format!(
                "Dữ liệu gửi lên quá lớn: tối đa {} MB mỗi lần; hãy chia nhỏ tệp",
                super::BULK_BODY_LIMIT / (1024 * 1024)
            ),
        }
    } else {
        ApiError::bad_request(
            "invalid_body",
            format!("Không đọc được dữ liệu gửi lên: {}", rejection.body_text()),
        )
    }
}

/// The period `text` of parameter `name`: `2023-04`, `2023Q2`, `2023S1` or `2023`, in the
/// years [`FIRST_YEAR`]–[`LAST_YEAR`].
///
/// Errors: a 400 naming the parameter, the text and the forms expected.
pub fn period(name: &str, text: &str) -> Result<Period, ApiError> {
    let expected = "viết như 2023-04 (tháng), 2023Q2 (quý), 2023S1 (6 tháng) hoặc 2023 (năm)";
    let period = Period::parse(text).map_err(|_| {
        ApiError::parameter(
            name,
            format!("kỳ báo cáo «{text}» không hợp lệ: {expected}"),
        )
    })?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&period.year()) {
        return Err(ApiError::parameter(
            name,
            format!("kỳ báo cáo «{text}» ngoài các năm {FIRST_YEAR}–{LAST_YEAR}"),
        ));
    }
    Ok(period)
}

/// A required period parameter.
///
/// Errors: a 400 when it is missing or not a period.
pub fn required_period(name: &str, text: Option<&str>) -> Result<Period, ApiError> {
    match text {
        Some(text) => period(name, text),
        None => Err(ApiError::parameter(
            name,
            "bắt buộc: kỳ báo cáo như 2023-04, 2023Q2, 2023S1 hoặc 2023",
        )),
    }
}

/// A date `YYYY-MM-DD` of parameter `name`.
///
/// Errors: a 400 naming the parameter and the form expected.
pub fn date(name: &str, text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| (FIRST_YEAR..=LAST_YEAR).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| {
            ApiError::parameter(
                name,
                format!(
                    "ngày «{text}» không hợp lệ: viết YYYY-MM-DD, ví dụ 2023-04-14, năm {FIRST_YEAR}–{LAST_YEAR}"
                ),
            )
        })
}

/// A non-empty parameter (an empty `?orgUnit=` counts as absent).
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}
