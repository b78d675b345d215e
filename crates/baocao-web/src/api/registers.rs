//! The registers: the documents reported in a period (`/documents`) and the key tasks
//! planned for a period (`/tasks`).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody};
use super::extract::{self, ApiQuery};
use super::meta::code_of;
use crate::AppState;

/// The period of a register.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// The period: 2023-04, 2023Q2, 2023S1 or 2023.
    #[param(required = true, example = "2023-04")]
    pub period: Option<String>,
}

/// A document of the register (sổ văn bản).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    /// Its key: the number and symbol when it has one, else a chosen id.
    pub id: String,
    /// The number and symbol (Nghị định 30/2020/NĐ-CP, Điều 8), e.g. `166/QĐ-UBND`.
    pub symbol: Option<String>,
    /// The kind's code (`QĐ`, `KH`, `CV` …).
    pub doc_type: String,
    /// The kind in Vietnamese ("Quyết định").
    pub doc_type_name: String,
    /// The date of issue (YYYY-MM-DD).
    pub date: Option<String>,
    /// The issuing body, e.g. "UBND tỉnh Ninh Thuận".
    pub issuer: String,
    /// The abstract (trích yếu), e.g. "về việc …".
    pub abstract_text: String,
    /// The field's code.
    pub field: String,
    /// The department's part: `advised` (tham mưu ban hành), `issued` or `cited`.
    pub role: String,
    /// The period it is reported in.
    pub period: Option<String>,
    /// As the report cites it: "Quyết định số 166/QĐ-UBND ngày 12/4/2023 về việc …".
    pub citation: String,
}

/// The documents of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentList {
    /// In register order.
    pub documents: Vec<DocumentView>,
}

/// `GET /api/v1/documents`: the documents reported in a period.
#[utoipa::path(
    get,
    path = "/api/v1/documents",
    tag = "sổ văn bản",
    params(RegisterQuery),
    responses(
        (status = 200, description = "The documents", body = DocumentList),
        (status = 400, description = "The period is missing or wrong", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn documents(
    State(state): State<AppState>,
    _user: ApiUser,
    ApiQuery(query): ApiQuery<RegisterQuery>,
) -> Result<Json<DocumentList>, ApiError> {
    let period = extract::required_period("period", extract::given(&query.period))?;
    let documents = state.store().documents(period).await?;
    Ok(Json(DocumentList {
        documents: documents
            .iter()
            .map(|d| DocumentView {
                id: d.id.clone(),
                symbol: d.symbol.as_ref().map(|s| s.to_string()),
                doc_type: d.doc_type.code().to_string(),
                doc_type_name: d.doc_type.name_vi().to_string(),
                date: d.date.map(|date| date.to_string()),
                issuer: d.issuer.clone(),
                abstract_text: d.abstract_text.clone(),
                field: d.field.code().to_string(),
                role: code_of(&d.role),
                period: d.period.map(|p| p.id()),
                citation: d.citation(),
            })
            .collect(),
    }))
}

/// A key task (nhiệm vụ trọng tâm).
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskView {
    /// The period it is planned for.
    pub period: String,
    /// Its number in the plan, from 1.
    pub number: u32,
    /// The field's code.
    pub field: String,
    /// The task as printed.
    pub text: String,
    /// `planned`, `in_progress`, `done` or `not_done`.
    pub status: String,
    /// What came of it, reported the month after.
    pub result: Option<String>,
}

/// The key tasks of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskList {
    /// By number.
    pub tasks: Vec<TaskView>,
}

/// `GET /api/v1/tasks`: the key tasks planned for a period (the report of the period before
/// lists them; the period's own report says what came of them).
#[utoipa::path(
    get,
    path = "/api/v1/tasks",
    tag = "nhiệm vụ",
    params(RegisterQuery),
    responses(
        (status = 200, description = "The key tasks", body = TaskList),
        (status = 400, description = "The period is missing or wrong", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn tasks(
    State(state): State<AppState>,
    _user: ApiUser,
    ApiQuery(query): ApiQuery<RegisterQuery>,
) -> Result<Json<TaskList>, ApiError> {
    let period = extract::required_period("period", extract::given(&query.period))?;
    let tasks = state.store().tasks(period).await?;
    Ok(Json(TaskList {
        tasks: tasks
            .iter()
            .map(|t| TaskView {
                period: t.period.id(),
                number: t.number,
                field: t.field.code().to_string(),
                text: t.text.clone(),
                status: code_of(&t.status),
                result: t.result.clone(),
            })
            .collect(),
    }))
}
