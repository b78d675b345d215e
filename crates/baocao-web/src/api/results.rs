//! What comes out of the figures: the validation results (`/validation`), the rendered
//! report (`/reports/{period}`) and the Excel form to fill in (`/forms/{period}`).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use baocao_app::interchange::{FormRequest, InterchangeError};
use baocao_app::{AppError, PeriodData, ReportFormat};
use baocao_core::period::Period;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::ApiUser;
use super::data_values::FieldParam;
use super::error::{ApiError, ErrorBody};
use super::extract::{self, ApiPath, ApiQuery};
use super::meta::code_of;
use crate::AppState;
use crate::download::{self, XLSX_TYPE};

/// The period as its report sees it (the org unit and the units below it, a quarter from its
/// months), or the unit's own figures when nothing is stored for it yet (as the web pages).
async fn load(
    state: &AppState,
    period: Period,
    org_unit: Option<&str>,
) -> Result<PeriodData, ApiError> {
    match baocao_app::load_period(state.store(), period, org_unit).await {
        Ok(data) => Ok(data),
        Err(AppError::NoData { .. }) => Ok(crate::view::load(state, period, org_unit).await?),
        Err(e) => Err(e.into()),
    }
}

/// The period and org unit of `/validation`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The period: 2023-04, 2023Q2, 2023S1 or 2023.
    #[param(required = true, example = "2023-04")]
    pub period: Option<String>,
    /// The org unit (id or code); the province when not given.
    #[param(example = "58")]
    pub org_unit: Option<String>,
}

/// One side of a rule, evaluated.
#[derive(Debug, Serialize, ToSchema)]
pub struct SideView {
    /// The formula (for a generated rule, a description).
    pub expression: String,
    /// The value; `null` when missing.
    pub value: Option<f64>,
    /// The value printed the Vietnamese way, at the precision compared.
    pub display: String,
}

/// A rule that fails (vi phạm).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ViolationView {
    /// The rule's code; generated rules start with `TONG:`, `TYLE:`, `KHONG_AM:` or
    /// `NGAY_VB:`.
    pub rule_code: String,
    /// The rule, in Vietnamese.
    pub rule_name: String,
    /// `high`, `medium` or `low`.
    pub importance: String,
    /// The importance in Vietnamese: "cao", "trung bình", "thấp".
    pub importance_name: String,
    /// The comparison that failed: `==`, `<=` ….
    pub operator: String,
    /// The left side (a generated rule's value as stated).
    pub left: SideView,
    /// The right side (a generated rule's value recomputed).
    pub right: SideView,
    /// The period.
    pub period: String,
}

/// The validation of a period.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValidationView {
    /// The period.
    pub period: String,
    /// The org unit's id.
    pub org_unit: String,
    /// The org unit's name.
    pub org_unit_name: String,
    /// Rules evaluated (the catalogue's and those generated from the data).
    pub rules_evaluated: usize,
    /// Rules skipped for missing values.
    pub rules_skipped: usize,
    /// The violations: the catalogue's rules first, then the generated ones.
    pub violations: Vec<ViolationView>,
}

fn side(side: &baocao_engine::validate::Side) -> SideView {
    SideView {
        expression: side.expression.clone(),
        value: side.value,
        display: side.display.clone(),
    }
}

/// `GET /api/v1/validation`: the violations of a period's figures (the catalogue's rules,
/// stated totals and rates against their parts, document dates), as `baocao validate`.
#[utoipa::path(
    get,
    path = "/api/v1/validation",
    tag = "kiểm tra",
    params(PeriodQuery),
    responses(
        (status = 200, description = "The validation results", body = ValidationView),
        (status = 400, description = "A parameter is missing or wrong", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such org unit, no province in the period, or no catalogue", body = ErrorBody),
    )
)]
pub async fn validation(
    State(state): State<AppState>,
    _user: ApiUser,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<Json<ValidationView>, ApiError> {
    let period = extract::required_period("period", extract::given(&query.period))?;
    let data = load(&state, period, extract::given(&query.org_unit)).await?;
    let report = baocao_app::validate(&data);
    Ok(Json(ValidationView {
        period: period.id(),
        org_unit: data.org_unit.id.clone(),
        org_unit_name: data.org_unit.current_name().to_string(),
        rules_evaluated: report.rules_evaluated,
        rules_skipped: report.rules_skipped,
        violations: report
            .violations
            .iter()
            .map(|v| ViolationView {
                rule_code: v.rule_code.clone(),
                rule_name: v.rule_name.clone(),
                importance: code_of(&v.importance),
                importance_name: v.importance.name_vi().to_string(),
                operator: v.operator.symbol().to_string(),
                left: side(&v.left),
                right: side(&v.right),
                period: v.period.id(),
            })
            .collect(),
    }))
}

/// A report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormatParam {
    /// Markdown (`text/markdown`).
    #[default]
    Md,
    /// A whole HTML page laid out like the print (`text/html`).
    Html,
    /// Word, laid out to Nghị định 30/2020/NĐ-CP.
    Docx,
    /// PDF, laid out to Nghị định 30/2020/NĐ-CP, fonts embedded.
    Pdf,
    /// The annexes (phụ lục) as a workbook.
    Xlsx,
}

impl ReportFormatParam {
    /// The writer's format (its media type and file extension: [`crate::download`]).
    pub fn format(self) -> ReportFormat {
        match self {
            ReportFormatParam::Md => ReportFormat::Markdown,
            ReportFormatParam::Html => ReportFormat::Html,
            ReportFormatParam::Docx => ReportFormat::Docx,
            ReportFormatParam::Pdf => ReportFormat::Pdf,
            ReportFormatParam::Xlsx => ReportFormat::Xlsx,
        }
    }
}

/// The format and org unit of `/reports/{period}`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `md` (when not given), `html`, `docx`, `pdf` or `xlsx`.
    #[param(inline)]
    pub format: Option<ReportFormatParam>,
    /// The org unit (id or code); the province when not given.
    pub org_unit: Option<String>,
}

/// `GET /api/v1/reports/{period}`: the period's report, rendered as the command line and
/// the web application render it.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{period}",
    tag = "báo cáo",
    params(
        ("period" = String, Path, description = "2023-04, 2023Q2, 2023S1 or 2023", example = "2023-04"),
        ReportQuery,
    ),
    responses(
        (status = 200, description = "The report (`Content-Disposition` names the file)", content(
            (String = "text/markdown"),
            (String = "text/html"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Not a period, or an unknown format", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No report data for the period (`no_report`), no such org unit, or no catalogue", body = ErrorBody),
        (status = 409, description = "The stored narrative or template has an error (`report_error`), or no annex for XLSX (`no_annex`)", body = ErrorBody),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    _user: ApiUser,
    ApiPath(text): ApiPath<String>,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let period = extract::period("period", &text)?;
    let data = load(&state, period, extract::given(&query.org_unit)).await?;
    let built = baocao_app::build_report(state.store(), &data).await?;
    let format = query.format.unwrap_or_default().format();
    let bytes = download::write_report::<ApiError>(built.document, format).await?;
    Ok(download::attachment(
        bytes,
        download::media_type(format),
        &download::report_file_name(&period.id(), format),
    ))
}

/// The org unit and field of `/forms/{period}`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct FormQuery {
    /// The org unit (id or code); the province when not given.
    pub org_unit: Option<String>,
    /// Only this field's data elements; all when not given.
    #[param(inline)]
    pub field: Option<FieldParam>,
    /// Write the stored figures into the input cells (a form to correct).
    pub with_values: Option<bool>,
}

/// `GET /api/v1/forms/{period}`: the Excel form of a period (as `baocao form export`), to
/// fill in and send back to `POST /dataValueSets` with the XLSX media type.
#[utoipa::path(
    get,
    path = "/api/v1/forms/{period}",
    tag = "số liệu",
    params(
        ("period" = String, Path, description = "2023-04, 2023Q2, 2023S1 or 2023", example = "2023-04"),
        FormQuery,
    ),
    responses(
        (status = 200, description = "The form", content(
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Not a period, or a wrong parameter", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such org unit, no province in the period, or no catalogue", body = ErrorBody),
    )
)]
pub async fn form(
    State(state): State<AppState>,
    _user: ApiUser,
    ApiPath(text): ApiPath<String>,
    ApiQuery(query): ApiQuery<FormQuery>,
) -> Result<Response, ApiError> {
    let period = extract::period("period", &text)?;
    let request = FormRequest {
        period,
        org_unit: extract::given(&query.org_unit).map(str::to_string),
        fields: query.field.map(|f| vec![f.field()]).unwrap_or_default(),
        with_values: query.with_values.unwrap_or(false),
    };
    let bytes = baocao_app::interchange::export_form(state.store(), &request)
        .await
        .map_err(|e| match e {
            InterchangeError::App(e) => ApiError::from(e),
            other => ApiError::internal(other.to_string()),
        })?;
    Ok(download::attachment(
        bytes,
        XLSX_TYPE,
        &format!("bieu-mau-{}.xlsx", period.id()),
    ))
}
