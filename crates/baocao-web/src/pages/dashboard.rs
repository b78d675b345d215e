//! `GET /ky/{period}`: the dashboard of a period — per field how many cells are entered,
//! the workflow status with the buttons the role allows, the validation summary and charts;
//! `POST /ky/{period}/trang-thai` moves a field through the workflow; `GET /` goes to the
//! newest period with figures.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use baocao_app::edit::{EntryError, StatusAction};
use baocao_core::catalog::{Field, Importance};
use baocao_core::period::Period;
use baocao_store::ApprovalStatus;
use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::grid::{self, FormInput};
use crate::layout::{self, PeriodLink};
use crate::{AppState, WebError, templates, view};

/// `?ky=` from the no-script period picker.
#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    ky: Option<String>,
}

/// `GET /`: the dashboard of the period asked for by the picker, else of the newest period
/// with figures, else of the current month.
pub async fn home(
    State(state): State<AppState>,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    if let Some(ky) = q.ky.as_deref() {
        let period = view::period(ky)?;
        return Ok(Redirect::to(&format!("/ky/{}", period.id())).into_response());
    }
    // No figures yet (a catalogue loaded alone): the current month, to start entering it.
    let newest = match state.store().periods().await?.into_iter().max() {
        Some(p) => p,
        None => {
            let today = chrono::Utc::now().date_naive();
            Period::month(today.year(), today.month())
                .map_err(|e| WebError::Internal(e.to_string()))?
        }
    };
    Ok(Redirect::to(&format!("/ky/{}", newest.id())).into_response())
}

/// A field's row on the dashboard.
#[derive(Debug, Serialize)]
struct FieldRow {
    code: &'static str,
    name: &'static str,
    entered: usize,
    cells: usize,
    percent: usize,
    status: &'static str,
    status_code: &'static str,
    violations: usize,
    may_edit: bool,
    actions: Vec<ActionButton>,
}

#[derive(Debug, Serialize)]
struct ActionButton {
    action: &'static str,
    label: &'static str,
    needs_reason: bool,
}

/// A declared data set's completeness on the dashboard (`baocao_app::completeness`).
#[derive(Debug, Serialize)]
struct DataSetView {
    code: String,
    name: String,
    regime: String,
    window: String,
    deadline: String,
    expected: usize,
    received: usize,
    on_time: usize,
    late: usize,
    missing: usize,
    received_rate: String,
    units: Vec<UnitView>,
}

/// A reporting unit's row: its status, its submission against the deadline, the buttons.
#[derive(Debug, Serialize)]
struct UnitView {
    id: String,
    /// The id made safe for an element id (`DN_VNPT`, `22780-2025-07-01`).
    anchor: String,
    name: String,
    status: &'static str,
    status_code: &'static str,
    submitted_on: String,
    timeliness: &'static str,
    timeliness_code: &'static str,
    note: String,
    actions: Vec<ActionButton>,
}

#[derive(Debug, Serialize)]
struct Summary {
    high: usize,
    medium: usize,
    low: usize,
    total: usize,
}

/// The messages after a workflow change (`?tb=`).
fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "gui" => "Đã gửi số liệu của lĩnh vực để lãnh đạo duyệt.",
        "duyet" => "Đã duyệt số liệu của lĩnh vực; số liệu đã được khóa.",
        "tra-lai" => "Đã trả lại số liệu của lĩnh vực để nhập lại.",
        "mo-khoa" => "Đã mở khóa số liệu của lĩnh vực.",
        "doi" => "Trạng thái của lĩnh vực vừa được người khác thay đổi; hãy xem lại.",
        "ly-do" => "Cần ghi lý do khi trả lại hoặc mở khóa.",
        "bm-gui" => "Đã gửi biểu mẫu của đơn vị để duyệt.",
        "bm-duyet" => "Đã duyệt biểu mẫu của đơn vị; số liệu đã được khóa.",
        "bm-tra-lai" => "Đã trả lại biểu mẫu của đơn vị để nhập lại.",
        "bm-mo-khoa" => "Đã mở khóa biểu mẫu của đơn vị.",
        _ => return None,
    })
}

/// Query of the dashboard: the org unit and a notice code.
#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    dv: Option<String>,
    tb: Option<String>,
}

/// `GET /ky/{period}`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> Result<Html<String>, WebError> {
    let period = view::period(&period)?;
    let dv = q.dv.as_deref().filter(|d| !d.is_empty());
    let data = view::load(&state, period, dv).await?;
    let report = baocao_app::validate(&data);
    let approvals = state.store().approvals(period).await?;
    let actor = viewer.actor();
    let stored = std::collections::HashMap::new();
    let typed = std::collections::HashMap::new();
    let input = FormInput {
        data: &data,
        stored: &stored,
        typed: &typed,
        editable: false,
        violations: &report.violations,
    };
    let mut rows = Vec::new();
    for field in layout::entry_fields(&data.catalog.catalog) {
        let form = grid::field_form(&input, field);
        let status = approvals
            .iter()
            .find(|a| a.data_set == field.code() && a.org_unit == data.org_unit.id)
            .map(|a| a.status)
            .unwrap_or(ApprovalStatus::Draft);
        rows.push(FieldRow {
            code: field.code(),
            name: field.name_vi(),
            entered: form.entered,
            cells: form.cells,
            percent: (form.entered * 100).checked_div(form.cells).unwrap_or(0),
            status: status.label_vi(),
            status_code: status.code(),
            violations: form.violations.len(),
            may_edit: actor.may_edit(field) && status == ApprovalStatus::Draft,
            actions: actions(&viewer, field, status),
        });
    }
    let count = |i: Importance| {
        report
            .violations
            .iter()
            .filter(|v| v.importance == i)
            .count()
    };
    let summary = Summary {
        high: count(Importance::High),
        medium: count(Importance::Medium),
        low: count(Importance::Low),
        total: report.violations.len(),
    };
    let charts = crate::trends::drawn_charts(&state, dv, period).await?;
    let data_sets = data_set_views(&state, &viewer, &data.catalog.catalog, period).await?;
    let units = state.store().org_units().await?;
    let org_units: Vec<(String, String)> = units
        .iter()
        .map(|u| (u.id.clone(), u.current_name().to_string()))
        .collect();
    let chrome = layout::chrome(&state, &viewer, Some(period), "tong-quan", dv).await?;
    let html = templates::render(
        "dashboard.html",
        crate::page_context! {
            chrome,
            notice => q.tb.as_deref().and_then(notice),
            period => PeriodLink::of(period),
            org_unit => data.org_unit.current_name(),
            org_unit_id => data.org_unit.id.clone(),
            org_units,
            rows,
            summary,
            rules_evaluated => report.rules_evaluated,
            charts => &charts[..],
            data_sets,
            today => baocao_core::format::date_short(today_vn()),
        },
    )?;
    Ok(Html(html))
}

/// Today in Việt Nam (UTC+7), the day deadlines are judged on.
fn today_vn() -> chrono::NaiveDate {
    baocao_core::dataset::vietnam_date(chrono::Utc::now().naive_utc())
}

/// The completeness of each declared data set reported per the period's type, with each
/// unit's buttons as the viewer's role, fields and reporting unit allow; empty when the
/// catalogue declares none.
async fn data_set_views(
    state: &AppState,
    viewer: &Viewer,
    catalog: &baocao_core::catalog::Catalog,
    period: Period,
) -> Result<Vec<DataSetView>, WebError> {
    use baocao_app::completeness::Timeliness;
    use baocao_core::format::{date_short, percent};
    if !catalog.declares_data_sets() {
        return Ok(Vec::new());
    }
    let report =
        baocao_app::completeness::completeness(state.store(), period, today_vn(), None).await?;
    let actor = viewer.actor();
    let tie = state.store().user_org_unit(&viewer.user.username).await?;
    let mut views = Vec::new();
    for d in &report.data_sets {
        let fields: Vec<Field> = catalog
            .data_sets
            .get(&d.data_set)
            .map(|set| catalog.fields_of(set))
            .unwrap_or_default();
        let units = d
            .units
            .iter()
            .map(|u| {
                let own = tie.as_deref().is_none_or(|t| t == u.org_unit);
                let may_submit =
                    own && !fields.is_empty() && fields.iter().all(|f| actor.may_edit(*f));
                let note = match (u.timeliness, u.days_late, u.days_overdue) {
                    (Timeliness::Late, Some(days), _) => format!("trễ {days} ngày"),
                    (Timeliness::Missing, _, Some(days)) if u.overdue => {
                        format!("quá hạn {days} ngày")
                    }
                    _ => String::new(),
                };
                UnitView {
                    anchor: u
                        .org_unit
                        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "-"),
                    id: u.org_unit.clone(),
                    name: u.name.clone(),
                    status: u.status.label_vi(),
                    status_code: u.status.code(),
                    submitted_on: u.submitted_on.map(date_short).unwrap_or_default(),
                    timeliness: u.timeliness.label_vi(),
                    timeliness_code: match u.timeliness {
                        Timeliness::OnTime => "dung-han",
                        Timeliness::Late => "tre-han",
                        Timeliness::Missing => "chua-gui",
                    },
                    note,
                    actions: buttons(&actor, may_submit, u.status),
                }
            })
            .collect();
        views.push(DataSetView {
            code: d.data_set.clone(),
            name: d.name.clone(),
            regime: d.regime_name.clone(),
            window: format!(
                "{} – {}",
                date_short(d.window.start),
                date_short(d.window.end)
            ),
            deadline: date_short(d.deadline),
            expected: d.expected,
            received: d.received,
            on_time: d.on_time,
            late: d.late,
            missing: d.missing,
            received_rate: d.received_rate().map(|r| percent(r, 1)).unwrap_or_default(),
            units,
        });
    }
    Ok(views)
}

/// The buttons of a status: submit when `may_submit`, approve and return for lãnh đạo and
/// quản trị, unlock for quản trị (the use case checks again).
fn buttons(
    actor: &baocao_app::edit::Actor,
    may_submit: bool,
    status: ApprovalStatus,
) -> Vec<ActionButton> {
    let mut out = Vec::new();
    match status {
        ApprovalStatus::Draft if may_submit => out.push(ActionButton {
            action: "gui",
            label: "Gửi duyệt",
            needs_reason: false,
        }),
        ApprovalStatus::Submitted if actor.may_approve() => {
            out.push(ActionButton {
                action: "duyet",
                label: "Duyệt",
                needs_reason: false,
            });
            out.push(ActionButton {
                action: "tra-lai",
                label: "Trả lại",
                needs_reason: true,
            });
        }
        ApprovalStatus::Approved if actor.may_unlock() => out.push(ActionButton {
            action: "mo-khoa",
            label: "Mở khóa",
            needs_reason: true,
        }),
        _ => {}
    }
    out
}

fn actions(viewer: &Viewer, field: Field, status: ApprovalStatus) -> Vec<ActionButton> {
    let actor = viewer.actor();
    buttons(&actor, actor.may_edit(field), status)
}

/// The workflow form: the field, the action and, to return or unlock, a reason.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    field: String,
    /// A declared data set's code; with `org_unit`, moves that data set of that unit
    /// instead of a field.
    #[serde(default)]
    data_set: String,
    #[serde(default)]
    org_unit: String,
    action: String,
    #[serde(default)]
    ly_do: String,
    #[serde(default)]
    dv: String,
}

/// `POST /ky/{period}/trang-thai`: submit, approve, return or unlock a field (the role
/// decides, `baocao_app::edit::change_status`); 403 when the role does not allow it.
pub async fn change_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    Form(form): Form<StatusForm>,
) -> Result<Response, WebError> {
    let period = view::period(&period)?;
    let (action, code) = match form.action.as_str() {
        "gui" => (StatusAction::Submit, "gui"),
        "duyet" => (StatusAction::Approve, "duyet"),
        "tra-lai" => (StatusAction::Return, "tra-lai"),
        "mo-khoa" => (StatusAction::Unlock, "mo-khoa"),
        _ => return Err(WebError::NotFound),
    };
    if !form.data_set.is_empty() {
        return change_data_set_status(&state, &viewer, period, &form, action, code).await;
    }
    let field = Field::from_code(&form.field).ok_or(WebError::NotFound)?;
    let dv = Some(form.dv.as_str()).filter(|d| !d.is_empty());
    let data = view::load(&state, period, dv).await?;
    let reason = form.ly_do.trim();
    let back = |tb: &str| {
        let mut url = format!("/ky/{}?tb={tb}", period.id());
        if let Some(d) = dv {
            url.push_str(&format!("&dv={}", crate::form::encode(d)));
        }
        Redirect::to(&url).into_response()
    };
    if matches!(action, StatusAction::Return | StatusAction::Unlock) && reason.is_empty() {
        return Ok(back("ly-do"));
    }
    let reason = Some(reason).filter(|r| !r.is_empty());
    match baocao_app::edit::change_status(
        state.store(),
        &viewer.actor(),
        field,
        &data.org_unit.id,
        period,
        action,
        reason,
    )
    .await
    {
        Ok(()) => Ok(back(code)),
        Err(EntryError::Forbidden) => Err(WebError::Forbidden(format!(
            "Vai trò {} không được thực hiện thao tác này với lĩnh vực {}.",
            viewer.user.role.label_vi(),
            field.name_vi()
        ))),
        Err(EntryError::Store(baocao_store::StoreError::StatusChanged { .. })) => Ok(back("doi")),
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}

/// A declared data set of a reporting unit moved from the dashboard's completeness table
/// (`baocao_app::edit::change_data_set_status`, at the clock's time): back to the dashboard
/// at the unit's row; a move the account may not make, or that waits for units below, is
/// refused with the use case's Vietnamese message (403).
async fn change_data_set_status(
    state: &AppState,
    viewer: &Viewer,
    period: Period,
    form: &StatusForm,
    action: StatusAction,
    code: &str,
) -> Result<Response, WebError> {
    use chrono::SubsecRound;
    let reason = form.ly_do.trim();
    let anchor = form
        .org_unit
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "-");
    let back = |tb: &str| {
        Redirect::to(&format!(
            "/ky/{}?tb={tb}#bm-{}-{anchor}",
            period.id(),
            crate::form::encode(&form.data_set)
        ))
        .into_response()
    };
    if matches!(action, StatusAction::Return | StatusAction::Unlock) && reason.is_empty() {
        return Ok(back("ly-do"));
    }
    let catalog = baocao_app::catalog(state.store()).await?;
    let request = baocao_app::edit::StatusRequest {
        data_set: &form.data_set,
        org_unit: &form.org_unit,
        period,
        action,
        reason: Some(reason).filter(|r| !r.is_empty()),
        at: chrono::Utc::now().naive_utc().trunc_subsecs(0),
    };
    match baocao_app::edit::change_data_set_status(
        state.store(),
        &catalog,
        &viewer.actor(),
        &request,
    )
    .await
    {
        Ok(()) => Ok(back(&format!("bm-{code}"))),
        Err(EntryError::Store(baocao_store::StoreError::StatusChanged { .. })) => Ok(back("doi")),
        Err(EntryError::Store(e)) => Err(WebError::Internal(e.to_string())),
        Err(e) => Err(WebError::Forbidden(e.message_vi())),
    }
}
