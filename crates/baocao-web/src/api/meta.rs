//! What the data is about: the token's account (`/me`), the catalogue (`/catalog`), the org
//! units (`/orgUnits`) and the periods (`/periods`, `/periods/{period}`).

use axum::Json;
use axum::extract::State;
use baocao_core::catalog::Field;
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::Period;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::ApiUser;
use super::error::{ApiError, ErrorBody};
use super::extract::{self, ApiPath, ApiQuery};
use crate::AppState;

/// The serde code of a core enum, e.g. `ValueType::Integer` → `integer`.
pub(crate) fn code_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The account a token acts as.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// The user name.
    #[schema(example = "nva")]
    pub username: String,
    /// The full name.
    #[schema(example = "Nguyễn Văn An")]
    pub full_name: String,
    /// The role: `quan_tri`, `chuyen_vien` or `lanh_dao`.
    #[schema(example = "chuyen_vien")]
    pub role: String,
    /// The role in Vietnamese.
    #[schema(example = "Chuyên viên")]
    pub role_name: String,
    /// The fields whose figures a chuyên viên enters (codes).
    #[schema(example = json!(["cntt"]))]
    pub fields: Vec<String>,
    /// The token's id.
    pub token_id: i64,
}

/// `GET /api/v1/me`: the account the token acts as, with its role and fields.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "tài khoản",
    responses(
        (status = 200, description = "The token's account", body = Me),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn me(user: ApiUser) -> Json<Me> {
    Json(Me {
        username: user.user.username.clone(),
        full_name: user.user.full_name.clone(),
        role: user.user.role.code().to_string(),
        role_name: user.user.role.label_vi().to_string(),
        fields: user
            .user
            .fields
            .iter()
            .map(|f| f.code().to_string())
            .collect(),
        token_id: user.token_id,
    })
}

/// A code and its Vietnamese name.
#[derive(Debug, Serialize, ToSchema)]
pub struct Named {
    /// The code.
    pub code: String,
    /// The name, in Vietnamese.
    pub name: String,
}

/// A category (phân tổ) and its options.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryView {
    /// The code, e.g. `CAP`.
    pub code: String,
    /// The name, e.g. "Cấp".
    pub name: String,
    /// Its options, in order (e.g. `TINH` "cấp tỉnh").
    pub options: Vec<Named>,
}

/// A category combo: the categories a data element is broken down by.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryComboView {
    /// The code.
    pub code: String,
    /// The name.
    pub name: String,
    /// Its categories' codes, in order.
    pub categories: Vec<String>,
}

/// A data element (chỉ tiêu).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataElementView {
    /// The code, e.g. `DVC_HOSO`.
    pub code: String,
    /// The Vietnamese name.
    pub name: String,
    /// The unit, e.g. "hồ sơ".
    pub unit: String,
    /// The field's code.
    pub field: String,
    /// `integer` (a count), `number` or `percentage`.
    pub value_type: String,
    /// `sum`, `last` or `average` (across periods and org units).
    pub aggregation_type: String,
    /// `period`, `year_to_date` or `cumulative`.
    pub period_scope: String,
    /// The category combo's code; `null` for none (only the total).
    pub category_combo: Option<String>,
    /// The categories it is broken down by, with their options: a cell is named by one
    /// option of each (`TINH.TRUCTIEP`), a subtotal by fewer, the total is `default`.
    pub categories: Vec<CategoryView>,
    /// What it measures and where its definition comes from.
    pub description: Option<String>,
}

/// An indicator (chỉ số tính toán): numerator ÷ denominator × factor.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorView {
    /// The code.
    pub code: String,
    /// The Vietnamese name.
    pub name: String,
    /// The numerator formula, e.g. `#{DVC_HOSO.QUAMANG}`.
    pub numerator: String,
    /// The denominator formula; `null` for 1.
    pub denominator: Option<String>,
    /// The factor (100 for a percentage).
    pub factor: f64,
    /// The decimals it is printed with.
    pub decimals: u32,
    /// The unit, e.g. "%".
    pub unit: String,
    /// The field's code.
    pub field: String,
    /// What it measures.
    pub description: Option<String>,
}

/// A validation rule (quy tắc kiểm tra): left side, operator, right side.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    /// The code.
    pub code: String,
    /// The Vietnamese description.
    pub name: String,
    /// The left side's formula.
    pub left: String,
    /// `==`, `!=`, `<`, `<=`, `>` or `>=`.
    pub operator: String,
    /// The right side's formula.
    pub right: String,
    /// `high`, `medium` or `low`.
    pub importance: String,
    /// `skip_if_any_value_missing`, `skip_if_all_values_missing` or `never_skip`.
    pub missing_value_strategy: String,
}

/// A declared data set (biểu mẫu) and who reports it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataSetView {
    /// The code.
    pub code: String,
    /// The name.
    pub name: String,
    /// `month`, `quarter`, `six_month` or `year`.
    pub period_type: String,
    /// The reporting regime's code.
    pub regime: String,
    /// The deadline, in Vietnamese (Nghị định 09/2019/NĐ-CP, Điều 8 and 12).
    pub deadline: String,
    /// Its data elements' codes.
    pub data_elements: Vec<String>,
    /// The org units (ids) that report it.
    pub reporting_units: Vec<String>,
}

/// The catalogue: what is collected, computed and checked.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CatalogView {
    /// The fields (lĩnh vực).
    pub fields: Vec<Named>,
    /// The categories and their options.
    pub categories: Vec<CategoryView>,
    /// The category combos.
    pub category_combos: Vec<CategoryComboView>,
    /// The data elements, by code.
    pub data_elements: Vec<DataElementView>,
    /// The indicators, by code.
    pub indicators: Vec<IndicatorView>,
    /// The validation rules, in the catalogue's order.
    pub validation_rules: Vec<RuleView>,
    /// The declared data sets (empty when figures are reported per field).
    pub data_sets: Vec<DataSetView>,
}

fn category_view(category: &baocao_core::catalog::Category) -> CategoryView {
    CategoryView {
        code: category.code.clone(),
        name: category.name.clone(),
        options: category
            .options
            .iter()
            .map(|o| Named {
                code: o.code.clone(),
                name: o.name.clone(),
            })
            .collect(),
    }
}

/// `GET /api/v1/catalog`: the data elements with their category combos and options, the
/// indicators, the validation rules, the fields and the data sets.
#[utoipa::path(
    get,
    path = "/api/v1/catalog",
    tag = "danh mục",
    responses(
        (status = 200, description = "The catalogue", body = CatalogView),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "Nothing loaded yet (`no_catalog`)", body = ErrorBody),
    )
)]
pub async fn catalog(
    State(state): State<AppState>,
    _user: ApiUser,
) -> Result<Json<CatalogView>, ApiError> {
    let compiled = baocao_app::catalog(state.store()).await?;
    let catalog = &compiled.catalog;
    let data_elements = catalog
        .data_elements
        .values()
        .map(|de| DataElementView {
            code: de.code.clone(),
            name: de.name.clone(),
            unit: de.unit.clone(),
            field: de.field.code().to_string(),
            value_type: code_of(&de.value_type),
            aggregation_type: code_of(&de.aggregation),
            period_scope: code_of(&de.period_scope),
            category_combo: de.category_combo.clone(),
            categories: catalog
                .categories_of(de)
                .into_iter()
                .map(category_view)
                .collect(),
            description: de.description.clone(),
        })
        .collect();
    let indicators = catalog
        .indicators
        .values()
        .map(|i| IndicatorView {
            code: i.code.clone(),
            name: i.name.clone(),
            numerator: i.numerator.clone(),
            denominator: i.denominator.clone(),
            factor: i.factor,
            decimals: i.decimals,
            unit: i.unit.clone(),
            field: i.field.code().to_string(),
            description: i.description.clone(),
        })
        .collect();
    let validation_rules = catalog
        .validation_rules
        .iter()
        .map(|r| RuleView {
            code: r.code.clone(),
            name: r.name.clone(),
            left: r.left.clone(),
            operator: r.operator.symbol().to_string(),
            right: r.right.clone(),
            importance: code_of(&r.importance),
            missing_value_strategy: code_of(&r.missing_value_strategy),
        })
        .collect();
    let data_sets = catalog
        .data_sets
        .values()
        .map(|ds| DataSetView {
            code: ds.code.clone(),
            name: ds.name.clone(),
            period_type: code_of(&ds.period_type),
            regime: ds.regime.clone(),
            deadline: catalog
                .regime_of(ds)
                .map(|r| r.deadline.describe_vi(ds.period_type))
                .unwrap_or_default(),
            data_elements: ds.data_elements.clone(),
            reporting_units: ds.reporting_units.clone(),
        })
        .collect();
    Ok(Json(CatalogView {
        fields: Field::ALL
            .iter()
            .map(|f| Named {
                code: f.code().to_string(),
                name: f.name_vi().to_string(),
            })
            .collect(),
        categories: catalog.categories.values().map(category_view).collect(),
        category_combos: catalog
            .category_combos
            .values()
            .map(|c| CategoryComboView {
                code: c.code.clone(),
                name: c.name.clone(),
                categories: c.categories.clone(),
            })
            .collect(),
        data_elements,
        indicators,
        validation_rules,
        data_sets,
    }))
}

/// The `?on=` of `/orgUnits`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgUnitsQuery {
    /// Only the units valid on this date (YYYY-MM-DD), with their name and parent then.
    #[param(example = "2023-04-14")]
    pub on: Option<String>,
}

/// One version of an org unit: its name and parent over a span of dates.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrgUnitVersionView {
    /// The first day (YYYY-MM-DD).
    pub valid_from: String,
    /// The last day (YYYY-MM-DD); `null`: still valid.
    pub valid_to: Option<String>,
    /// The name then.
    pub name: String,
    /// The parent's id then; `null` at the top.
    pub parent: Option<String>,
}

/// An org unit (đơn vị), with its versions over time.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrgUnitView {
    /// The id (stable), e.g. `58`.
    pub id: String,
    /// The code (may be reused after a reorganisation).
    pub code: String,
    /// `tinh`, `huyen` or `xa`.
    pub level: String,
    /// `hanh_chinh` (administrative unit), `co_quan` (a division or agency) or
    /// `doanh_nghiep` (an enterprise).
    pub kind: String,
    /// The name on `on`, else the latest.
    pub name: String,
    /// The parent's id on `on`, else the latest version's.
    pub parent: Option<String>,
    /// Every version, oldest first.
    pub versions: Vec<OrgUnitVersionView>,
}

/// The org units.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrgUnitList {
    /// The org units, in the stored order.
    pub org_units: Vec<OrgUnitView>,
}

fn org_unit_view(unit: &OrgUnit, on: Option<chrono::NaiveDate>) -> Option<OrgUnitView> {
    let version = match on {
        Some(date) => unit.on(date)?,
        None => unit.versions.last()?,
    };
    Some(OrgUnitView {
        id: unit.id.clone(),
        code: unit.code.clone(),
        level: code_of(&unit.level),
        kind: unit.kind.code().to_string(),
        name: version.name.clone(),
        parent: version.parent.clone(),
        versions: unit
            .versions
            .iter()
            .map(|v| OrgUnitVersionView {
                valid_from: v.valid_from.to_string(),
                valid_to: v.valid_to.map(|d| d.to_string()),
                name: v.name.clone(),
                parent: v.parent.clone(),
            })
            .collect(),
    })
}

/// `GET /api/v1/orgUnits`: the org units with their validity dates and parents; `?on=DATE`
/// keeps those valid that day.
#[utoipa::path(
    get,
    path = "/api/v1/orgUnits",
    tag = "đơn vị",
    params(OrgUnitsQuery),
    responses(
        (status = 200, description = "The org units", body = OrgUnitList),
        (status = 400, description = "`on` is not a date", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn org_units(
    State(state): State<AppState>,
    _user: ApiUser,
    ApiQuery(query): ApiQuery<OrgUnitsQuery>,
) -> Result<Json<OrgUnitList>, ApiError> {
    let on = extract::given(&query.on)
        .map(|d| extract::date("on", d))
        .transpose()?;
    let units = state.store().org_units().await?;
    Ok(Json(OrgUnitList {
        org_units: units.iter().filter_map(|u| org_unit_view(u, on)).collect(),
    }))
}

/// A period and its dates.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeriodView {
    /// The id: `2023-04`, `2023Q2`, `2023S1`, `2023`.
    #[schema(example = "2023-04")]
    pub id: String,
    /// `month`, `quarter`, `six_month` or `year`.
    pub period_type: String,
    /// In Vietnamese: "tháng 4/2023".
    #[schema(example = "tháng 4/2023")]
    pub name: String,
    /// The calendar's first day (YYYY-MM-DD).
    pub start_date: String,
    /// The calendar's last day.
    pub end_date: String,
    /// The first day the figures cover (Nghị định 09/2019/NĐ-CP, Điều 12: a month's report
    /// covers the 15th of the month before to the 14th).
    pub cutoff_start: String,
    /// The last day the figures cover.
    pub cutoff_end: String,
}

fn period_view(period: Period) -> PeriodView {
    let calendar = period.calendar_window();
    let cutoff = period.cutoff_window();
    PeriodView {
        id: period.id(),
        period_type: code_of(&period.period_type()),
        name: period.label_vi(),
        start_date: calendar.start.to_string(),
        end_date: calendar.end.to_string(),
        cutoff_start: cutoff.start.to_string(),
        cutoff_end: cutoff.end.to_string(),
    }
}

/// The periods with figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodList {
    /// Newest first.
    pub periods: Vec<PeriodView>,
}

/// `GET /api/v1/periods`: the periods that have figures, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/periods",
    tag = "kỳ báo cáo",
    responses(
        (status = 200, description = "The periods with figures", body = PeriodList),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn periods(
    State(state): State<AppState>,
    _user: ApiUser,
) -> Result<Json<PeriodList>, ApiError> {
    let mut periods = state.store().periods().await?;
    periods.sort();
    periods.reverse();
    Ok(Json(PeriodList {
        periods: periods.into_iter().map(period_view).collect(),
    }))
}

/// One period: its dates, the periods it is compared with, and what is stored for it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeriodDetail {
    /// The period.
    #[serde(flatten)]
    pub period: PeriodView,
    /// The period before ("so với tháng trước").
    pub previous: String,
    /// The same period a year before ("so với cùng kỳ").
    pub same_period_last_year: String,
    /// Whether figures are stored for it.
    pub has_figures: bool,
    /// Whether its report can be issued (the report's date and signer are stored).
    pub has_report: bool,
}

/// `GET /api/v1/periods/{period}`: checks a period id and describes the period.
#[utoipa::path(
    get,
    path = "/api/v1/periods/{period}",
    tag = "kỳ báo cáo",
    params(("period" = String, Path, description = "2023-04, 2023Q2, 2023S1 or 2023", example = "2023-04")),
    responses(
        (status = 200, description = "The period", body = PeriodDetail),
        (status = 400, description = "Not a period", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn period(
    State(state): State<AppState>,
    _user: ApiUser,
    ApiPath(text): ApiPath<String>,
) -> Result<Json<PeriodDetail>, ApiError> {
    let period = extract::period("period", &text)?;
    let stored = state.store().periods().await?;
    let has_report = state.store().report_issue(period).await?.is_some();
    Ok(Json(PeriodDetail {
        previous: period.previous().id(),
        same_period_last_year: period.same_period_last_year().id(),
        has_figures: stored.contains(&period),
        has_report,
        period: period_view(period),
    }))
}
