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

#[derive(Debug, Serialize)]
struct Summary {
    high: usize,
    medium: usize,
    low: usize,
    total: usize,
}

#[derive(Debug, Serialize)]
struct ChartView {
    caption: String,
    svg: String,
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
    let data = view::load(state.store(), period, dv).await?;
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
    let charts: Vec<ChartView> = crate::trends::charts(state.store(), dv, period)
        .await?
        .iter()
        .map(|chart| ChartView {
            caption: chart.caption(),
            svg: baocao_charts::svg(chart),
        })
        .collect();
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
            charts,
        },
    )?;
    Ok(Html(html))
}

fn actions(viewer: &Viewer, field: Field, status: ApprovalStatus) -> Vec<ActionButton> {
    let actor = viewer.actor();
    let mut out = Vec::new();
    match status {
        ApprovalStatus::Draft if actor.may_edit(field) => out.push(ActionButton {
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

/// The workflow form: the field, the action and, to return or unlock, a reason.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    field: String,
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
    let field = Field::from_code(&form.field).ok_or(WebError::NotFound)?;
    let (action, code) = match form.action.as_str() {
        "gui" => (StatusAction::Submit, "gui"),
        "duyet" => (StatusAction::Approve, "duyet"),
        "tra-lai" => (StatusAction::Return, "tra-lai"),
        "mo-khoa" => (StatusAction::Unlock, "mo-khoa"),
        _ => return Err(WebError::NotFound),
    };
    let dv = Some(form.dv.as_str()).filter(|d| !d.is_empty());
    let data = view::load(state.store(), period, dv).await?;
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
