//! Figures: read with filters and paging (`GET /dataValues`), written in bulk as a DHIS2
//! dataValueSet (`POST /dataValueSets`, all or nothing, through
//! `baocao_app::interchange`'s import).

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use baocao_app::interchange::{ImportFormat, ImportOutcome, ImportRequest, InterchangeError};
use baocao_core::catalog::Field;
use baocao_core::value::ValueOrigin;
use baocao_interchange::dhis2::IdScheme;
use baocao_interchange::{ImportSummary, Status};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody};
use super::extract::{self, ApiBody, ApiQuery};
use crate::AppState;
use crate::download::XLSX_TYPE;

/// The most values one page gives.
pub const MAX_LIMIT: u32 = 10_000;
/// The values a page gives when `limit` is not set.
pub const DEFAULT_LIMIT: u32 = 1_000;

/// A field (lĩnh vực) as a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldParam {
    /// Chung.
    Chung,
    /// Công nghệ thông tin.
    Cntt,
    /// Bưu chính, viễn thông.
    Bcvt,
    /// Thông tin - Báo chí - Xuất bản.
    Ttbcxb,
    /// Thanh tra.
    ThanhTra,
}

impl FieldParam {
    /// The field.
    pub fn field(self) -> Field {
        match self {
            FieldParam::Chung => Field::Chung,
            FieldParam::Cntt => Field::Cntt,
            FieldParam::Bcvt => Field::Bcvt,
            FieldParam::Ttbcxb => Field::Ttbcxb,
            FieldParam::ThanhTra => Field::ThanhTra,
        }
    }
}

/// The filters and page of `/dataValues`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DataValuesQuery {
    /// The period: 2023-04, 2023Q2, 2023S1 or 2023 (the values stored for that period
    /// itself; a quarter's months are not added up here).
    #[param(required = true, example = "2023-04")]
    pub period: Option<String>,
    /// Only this org unit (id or code); all org units when not given.
    #[param(example = "58")]
    pub org_unit: Option<String>,
    /// Only this data element (code).
    #[param(example = "DVC_HOSO")]
    pub data_element: Option<String>,
    /// Only the data elements of this field.
    #[param(inline)]
    pub field: Option<FieldParam>,
    /// At most this many values (1–10000; 1000 when not given).
    #[param(minimum = 1, maximum = 10000)]
    pub limit: Option<u32>,
    /// Skip this many values first (0 when not given).
    #[param(minimum = 0, maximum = 100000000)]
    pub offset: Option<u32>,
}

/// One stored figure.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataValueView {
    /// The data element's code.
    #[schema(example = "DVC_HOSO")]
    pub data_element: String,
    /// The cell: its option codes joined by "." in the combo's order (`TINH.TRUCTIEP`), a
    /// subtotal's fewer options, or `default` for the total.
    #[schema(example = "TINH.TRUCTIEP")]
    pub category_option_combo: String,
    /// The org unit's id.
    #[schema(example = "58")]
    pub org_unit: String,
    /// The period's id.
    #[schema(example = "2023-04")]
    pub period: String,
    /// The figure exactly as typed, the Vietnamese way (`22.115`, `70,96`).
    #[schema(example = "22.115")]
    pub value: String,
    /// The figure as a number.
    #[schema(example = 22115.0)]
    pub numeric_value: f64,
    /// The digits typed after the decimal comma.
    pub decimals: u32,
    /// `typed`, or `derived` (implied by a stated change, see `derivation`).
    pub origin: String,
    /// How a derived figure was implied; `null` for a typed one.
    pub derivation: Option<String>,
    /// A comment, e.g. "số liệu ước".
    pub comment: Option<String>,
    /// Who stored it.
    pub stored_by: String,
    /// When (UTC, `YYYY-MM-DDTHH:MM:SS`).
    pub stored_at: Option<String>,
    /// Its version (a change number, never reused): what a write states it read.
    pub version: i64,
}

/// Where a page is.
#[derive(Debug, Serialize, ToSchema)]
pub struct Pager {
    /// The values the filters select, over all pages.
    pub total: u64,
    /// The values skipped before this page.
    pub offset: u32,
    /// The page's size asked for.
    pub limit: u32,
}

/// A page of figures.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataValueList {
    /// Where the page is.
    pub pager: Pager,
    /// The figures, by org unit (stored order), data element and cell.
    pub data_values: Vec<DataValueView>,
}

/// `GET /api/v1/dataValues`: the figures stored for a period, filtered by org unit, data
/// element or field, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/dataValues",
    tag = "số liệu",
    params(DataValuesQuery),
    responses(
        (status = 200, description = "A page of figures", body = DataValueList),
        (status = 400, description = "A parameter is missing or wrong (`invalid_parameter`)", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such org unit or data element, or no catalogue", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _user: ApiUser,
    ApiQuery(query): ApiQuery<DataValuesQuery>,
) -> Result<Json<DataValueList>, ApiError> {
    let period = extract::required_period("period", extract::given(&query.period))?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::parameter(
            "limit",
            format!("cần từ 1 đến {MAX_LIMIT}, nhận được {limit}"),
        ));
    }
    let offset = query.offset.unwrap_or(0);
    let store = state.store();
    let catalog = baocao_app::catalog(store).await?;
    if let Some(code) = extract::given(&query.data_element)
        && !catalog.catalog.data_elements.contains_key(code)
    {
        return Err(ApiError::not_found(
            "unknown_data_element",
            format!("Không có chỉ tiêu «{code}» trong danh mục (xem /api/v1/catalog)"),
        ));
    }
    let units = store.org_units().await?;
    let selected: Vec<&baocao_core::orgunit::OrgUnit> = match extract::given(&query.org_unit) {
        Some(wanted) => vec![
            units
                .iter()
                .find(|u| u.id == wanted || u.code == wanted)
                .ok_or_else(|| baocao_app::AppError::UnknownOrgUnit(wanted.to_string()))?,
        ],
        None => units.iter().collect(),
    };
    let in_field: Option<BTreeSet<&str>> = query.field.map(|f| {
        let field = f.field();
        catalog
            .catalog
            .data_elements
            .values()
            .filter(|de| de.field == field)
            .map(|de| de.code.as_str())
            .collect()
    });
    let mut total: u64 = 0;
    let mut page = Vec::new();
    for unit in selected {
        for stored in store.versioned_values(&unit.id, period).await? {
            let value = &stored.value;
            if extract::given(&query.data_element).is_some_and(|de| de != value.data_element) {
                continue;
            }
            if in_field
                .as_ref()
                .is_some_and(|codes| !codes.contains(value.data_element.as_str()))
            {
                continue;
            }
            total += 1;
            if total <= u64::from(offset) || page.len() >= limit as usize {
                continue;
            }
            let (origin, derivation) = match &value.origin {
                ValueOrigin::Typed => ("typed".to_string(), None),
                ValueOrigin::Derived(how) => ("derived".to_string(), Some(how.clone())),
            };
            page.push(DataValueView {
                data_element: value.data_element.clone(),
                category_option_combo: value.category_option_combo.code(),
                org_unit: value.org_unit.clone(),
                period: value.period.id(),
                value: value.number.as_typed.clone(),
                numeric_value: value.number.value,
                decimals: value.number.decimals,
                origin,
                derivation,
                comment: value.comment.clone(),
                stored_by: value.stored_by.clone(),
                stored_at: value
                    .stored_at
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
                version: stored.version,
            });
        }
    }
    Ok(Json(DataValueList {
        pager: Pager {
            total,
            offset,
            limit,
        },
        data_values: page,
    }))
}

/// The identifiers a dataValueSet uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdSchemeParam {
    /// baocao's codes (`DVC_HOSO`, `TINH.TRUCTIEP`, the org unit's code or id).
    #[default]
    Code,
    /// The DHIS2-style UIDs baocao derives from the codes (`baocao export --format uid-map`).
    Uid,
}

/// The options of `POST /dataValueSets`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check and count only; write nothing.
    pub dry_run: Option<bool>,
    /// The identifiers the body uses (`code` when not given).
    #[param(inline)]
    pub id_scheme: Option<IdSchemeParam>,
}

/// The counts of an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportCountView {
    /// Values with a key not stored before.
    pub imported: u64,
    /// Values that replaced a stored value with another figure or comment.
    pub updated: u64,
    /// Values not written: empty, or identical to the stored value.
    pub ignored: u64,
    /// Always 0: an import adds and replaces, never deletes.
    pub deleted: u64,
}

/// A problem in the body, as DHIS2 reports a conflict.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConflictView {
    /// Where: `dataValues[3].period`, `line 12, column value`, `sheet “Biểu mẫu”, cell D14`.
    pub object: String,
    /// The value found and what was expected.
    pub value: String,
}

/// The import summary, in the shape DHIS2 answers `POST /api/dataValueSets` with.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummaryView {
    /// Always `ImportSummary`.
    pub response_type: String,
    /// `SUCCESS`, `WARNING` (some values ignored) or `ERROR` (nothing written).
    pub status: String,
    /// What happened, in words.
    pub description: String,
    /// The counts (all 0 on `ERROR`).
    pub import_count: ImportCountView,
    /// Every problem found (empty unless `ERROR`).
    pub conflicts: Vec<ConflictView>,
    /// Whether this was a dry run (nothing written).
    pub dry_run: bool,
}

impl ImportSummaryView {
    fn of(summary: &ImportSummary, dry_run: bool) -> ImportSummaryView {
        ImportSummaryView {
            response_type: summary.response_type.to_string(),
            status: serde_json::to_value(summary.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            description: summary.description.clone(),
            import_count: ImportCountView {
                imported: summary.import_count.imported,
                updated: summary.import_count.updated,
                ignored: summary.import_count.ignored,
                deleted: summary.import_count.deleted,
            },
            conflicts: summary
                .conflicts
                .iter()
                .map(|c| ConflictView {
                    object: c.object.clone(),
                    value: c.value.clone(),
                })
                .collect(),
            dry_run,
        }
    }
}

/// The import format of a body of `content_type` (none: JSON).
///
/// Errors: 415 for any other media type.
fn format_of(headers: &HeaderMap) -> Result<ImportFormat, ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(ImportFormat::Dhis2Json);
    };
    let media = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match media.as_str() {
        "application/json" => Ok(ImportFormat::Dhis2Json),
        "application/csv" | "text/csv" => Ok(ImportFormat::Dhis2Csv),
        XLSX_TYPE => Ok(ImportFormat::Xlsx),
        _ => Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: format!(
                "Kiểu dữ liệu «{media}» không nhận: gửi application/json (dataValueSet của DHIS2), application/csv (CSV của DHIS2) hoặc {XLSX_TYPE} (biểu mẫu Excel đã điền)"
            ),
        }),
    }
}

/// `POST /api/v1/dataValueSets`: figures written in bulk, all or nothing. The body is a
/// DHIS2 dataValueSet (JSON, or DHIS2's CSV), or an Excel form of `GET /forms/{period}`
/// filled in; every value is checked against the catalogue, the org units and the token's
/// rights, and then all are stored in one transaction, or none when anything is wrong.
/// `?dryRun=true` checks and counts without writing.
#[utoipa::path(
    post,
    path = "/api/v1/dataValueSets",
    tag = "số liệu",
    params(ImportQuery),
    request_body(
        description = "A DHIS2 dataValueSet: JSON with codes (or UIDs with idScheme=uid), DHIS2's CSV, or a filled Excel form",
        content(
            (DataValueSetDoc = "application/json"),
            (String = "application/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    ),
    responses(
        (status = 200, description = "Stored (or, in a dry run, would be): `SUCCESS` or `WARNING`", body = ImportSummaryView),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The account may not enter figures", body = ErrorBody),
        (status = 404, description = "No catalogue", body = ErrorBody),
        (status = 409, description = "Problems found, nothing written: `ERROR` with every conflict located", body = ImportSummaryView),
        (status = 413, description = "The body is larger than 64 MB", body = ErrorBody),
        (status = 415, description = "Another media type", body = ErrorBody),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(query): ApiQuery<ImportQuery>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Response, ApiError> {
    let actor = user.actor();
    if !Field::ALL.iter().any(|f| actor.may_edit(*f)) {
        return Err(ApiError::forbidden(
            "Tài khoản của mã truy cập này không được nhập số liệu (lãnh đạo duyệt, không nhập)",
        ));
    }
    let format = format_of(&headers)?;
    let dry_run = query.dry_run.unwrap_or(false);
    let mut request = ImportRequest::new(user.user.username.clone());
    request.format = format;
    request.dry_run = dry_run;
    request.id_scheme = match query.id_scheme.unwrap_or_default() {
        IdSchemeParam::Code => IdScheme::Code,
        IdSchemeParam::Uid => IdScheme::Uid,
    };
    request.today = baocao_core::dataset::vietnam_date(crate::auth::now());
    let outcome = run_import(&state, body, request, &actor).await?;
    let status = if outcome.summary.status == Status::Error {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(ImportSummaryView::of(&outcome.summary, dry_run)),
    )
        .into_response())
}

/// Imports the body as `actor` (rights and approval locks checked by the importer), named
/// in the audit log as `api:dataValueSets.json` (or `.csv`, `.xlsx`).
async fn run_import(
    state: &AppState,
    body: axum::body::Bytes,
    mut request: ImportRequest,
    actor: &baocao_app::edit::Actor,
) -> Result<ImportOutcome, ApiError> {
    let extension = match request.format {
        ImportFormat::Xlsx => "xlsx",
        ImportFormat::Dhis2Csv => "csv",
        _ => "json",
    };
    request.actor = Some(actor.clone());
    let source = format!("api:dataValueSets.{extension}");
    baocao_app::interchange::import_reader(
        state.store(),
        std::io::Cursor::new(body),
        &source,
        &request,
        &mut |_| {},
    )
    .await
    .map_err(import_error)
}

fn import_error(error: InterchangeError) -> ApiError {
    match error {
        InterchangeError::App(e) => e.into(),
        InterchangeError::Format(message) => ApiError::bad_request("invalid_body", message),
        InterchangeError::Uid(e) => ApiError::conflict("uid_collision", e.to_string()),
        other => ApiError::internal(other.to_string()),
    }
}

/// A DHIS2 dataValueSet (for the document: the body is read by baocao's DHIS2 reader, which
/// locates every problem).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSetDoc {
    /// The data set (ignored, whatever it holds: baocao decides it from the figure and its
    /// org unit). Any other member is ignored too.
    #[schema(schema_with = any_schema)]
    pub data_set: Option<serde_json::Value>,
    /// DHIS2's completion date (ignored, whatever it holds).
    #[schema(schema_with = any_schema)]
    pub complete_date: Option<serde_json::Value>,
    /// The period of every value that gives none (`202304`, `2023-04`, `2023Q2` …).
    #[schema(example = "202304")]
    pub period: Option<String>,
    /// The org unit of every value that gives none.
    #[schema(example = "58")]
    pub org_unit: Option<String>,
    /// The attribute option combo of every value that gives none (only `default`).
    pub attribute_option_combo: Option<String>,
    /// The values (required: a set without this member, e.g. `datavalues` misspelt, is
    /// refused rather than taken for an empty set; an empty list imports nothing).
    pub data_values: Vec<DataValueDoc>,
}

/// One value of a dataValueSet (no other member is read: an unknown one is a conflict).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataValueDoc {
    /// The data element.
    #[schema(example = "DVC_HOSO")]
    pub data_element: Option<String>,
    /// The period (else the set's).
    pub period: Option<String>,
    /// The org unit (else the set's).
    pub org_unit: Option<String>,
    /// The cell (`TINH.TRUCTIEP`; `default` or absent for a data element without breakdown).
    #[schema(example = "TINH.TRUCTIEP")]
    pub category_option_combo: Option<String>,
    /// Only `default`.
    pub attribute_option_combo: Option<String>,
    /// The figure: a string as DHIS2 writes it (`22115`, `70.96`), or a JSON number; empty or
    /// `null`: no figure (ignored).
    #[schema(schema_with = figure_schema)]
    pub value: Option<serde_json::Value>,
    /// Who stored it (else the token's account).
    pub stored_by: Option<String>,
    /// When DHIS2 created it (ignored).
    pub created: Option<String>,
    /// When it was last changed in DHIS2 (ignored).
    pub last_updated: Option<String>,
    /// A comment.
    pub comment: Option<String>,
    /// DHIS2's follow-up mark (ignored).
    #[schema(schema_with = any_schema)]
    pub followup: Option<serde_json::Value>,
    /// DHIS2's deletion mark: `true` is a conflict (an import never deletes).
    pub deleted: Option<bool>,
}

/// A figure's schema: a string, a number or null.
fn figure_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::Array(vec![
            Type::String,
            Type::Number,
            Type::Null,
        ]))
        .examples([serde_json::json!("22115")])
        .build()
}

/// Any JSON value.
fn any_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType};
    ObjectBuilder::new()
        .schema_type(SchemaType::AnyValue)
        .build()
}
