//! `GET/POST /ky/{period}/nhiem-vu`: key tasks — what came of the tasks planned for this
//! period (status and result) and the plan for the next period (add, edit, delete).
//!
//! Form fields: `action` (`luu`, `xoa`), `ky` (the task's period), `so` (its number; empty to
//! add), `linh_vuc`, `noi_dung`, `trang_thai` (`planned`, `in_progress`, `done`, `not_done`),
//! `ket_qua`.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use baocao_core::catalog::Field;
use baocao_core::period::Period;
use baocao_core::register::{KeyTask, TaskStatus};
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::layout::{self, PeriodLink};
use crate::{AppState, WebError, form, templates, view};

/// A notice after a change.
#[derive(Debug, Default, Deserialize)]
pub struct TaskQuery {
    #[serde(default)]
    tb: String,
}

const STATUSES: [(TaskStatus, &str, &str); 4] = [
    (TaskStatus::Planned, "planned", "Chưa thực hiện"),
    (TaskStatus::InProgress, "in_progress", "Đang thực hiện"),
    (TaskStatus::Done, "done", "Đã hoàn thành"),
    (TaskStatus::NotDone, "not_done", "Không hoàn thành"),
];

fn status_code(status: TaskStatus) -> &'static str {
    STATUSES
        .iter()
        .find(|s| s.0 == status)
        .map(|s| s.1)
        .unwrap_or("planned")
}

/// A task in a form, as typed, with its messages.
#[derive(Debug, Default, Clone, Serialize)]
struct TaskForm {
    ky: String,
    so: String,
    linh_vuc: String,
    noi_dung: String,
    trang_thai: String,
    ket_qua: String,
    may_edit: bool,
    errors: BTreeMap<&'static str, String>,
}

impl TaskForm {
    fn of(task: &KeyTask, may_edit: bool) -> TaskForm {
        TaskForm {
            ky: task.period.id(),
            so: task.number.to_string(),
            linh_vuc: task.field.code().to_string(),
            noi_dung: task.text.clone(),
            trang_thai: status_code(task.status).to_string(),
            ket_qua: task.result.clone().unwrap_or_default(),
            may_edit,
            errors: BTreeMap::new(),
        }
    }
}

/// `GET /ky/{period}/nhiem-vu`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<TaskQuery>,
) -> Result<Html<String>, WebError> {
    let period = view::period(&period)?;
    let notice = match q.tb.as_str() {
        "luu" => Some("Đã lưu nhiệm vụ."),
        "xoa" => Some("Đã xóa nhiệm vụ."),
        _ => None,
    };
    render(&state, &viewer, period, None, notice).await
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    period: Period,
    failed: Option<TaskForm>,
    notice: Option<&str>,
) -> Result<Html<String>, WebError> {
    let actor = viewer.actor();
    let with_failed = |tasks: Vec<KeyTask>, p: Period| -> Vec<TaskForm> {
        tasks
            .iter()
            .map(|t| match &failed {
                Some(f) if f.ky == p.id() && f.so == t.number.to_string() => f.clone(),
                _ => TaskForm::of(t, actor.may_edit(t.field)),
            })
            .collect()
    };
    let current = with_failed(state.store().tasks(period).await?, period);
    let next = with_failed(state.store().tasks(period.next()).await?, period.next());
    let new_task = match &failed {
        Some(f) if f.so.is_empty() => f.clone(),
        _ => TaskForm {
            ky: period.next().id(),
            trang_thai: "planned".to_string(),
            may_edit: true,
            ..TaskForm::default()
        },
    };
    let fields: Vec<(&str, &str, bool)> = Field::ALL
        .iter()
        .map(|f| (f.code(), f.name_vi(), actor.may_edit(*f)))
        .collect();
    let statuses: Vec<(&str, &str)> = STATUSES.iter().map(|s| (s.1, s.2)).collect();
    let chrome = layout::chrome(state, viewer, Some(period), "nhiem-vu", None).await?;
    Ok(Html(templates::render(
        "tasks.html",
        crate::page_context! {
            chrome,
            notice,
            period => PeriodLink::of(period),
            next_period => PeriodLink::of(period.next()),
            current,
            next,
            new_task,
            may_add => Field::ALL.into_iter().any(|f| actor.may_edit(f)),
            fields,
            statuses,
        },
    )?))
}

/// `POST /ky/{period}/nhiem-vu`: save (add or edit) or delete a task of this period or the
/// next (the user's fields only).
pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let period = view::period(&period)?;
    let pairs = form::parse_urlencoded(&body);
    let v = |n: &str| form::value(&pairs, n).trim().to_string();
    let task_period = Period::parse(&v("ky")).map_err(|_| WebError::NotFound)?;
    if task_period != period && task_period != period.next() {
        return Err(WebError::NotFound);
    }
    let actor = viewer.actor();
    let tasks = state.store().tasks(task_period).await?;
    let existing = match v("so").as_str() {
        "" => None,
        n => {
            let number: u32 = n.parse().map_err(|_| WebError::NotFound)?;
            Some(
                tasks
                    .iter()
                    .find(|t| t.number == number)
                    .cloned()
                    .ok_or(WebError::NotFound)?,
            )
        }
    };
    let forbidden = |f: Field| {
        WebError::Forbidden(format!(
            "Bạn không được sửa nhiệm vụ của lĩnh vực {}.",
            f.name_vi()
        ))
    };
    if let Some(t) = &existing
        && !actor.may_edit(t.field)
    {
        return Err(forbidden(t.field));
    }
    let back =
        |tb: &str| Redirect::to(&format!("/ky/{}/nhiem-vu?tb={tb}", period.id())).into_response();
    if form::values(&pairs, "action").contains(&"xoa") {
        let t = existing.ok_or(WebError::NotFound)?;
        state
            .store()
            .delete_task(t.period, t.number, &viewer.user.username)
            .await?;
        return Ok(back("xoa"));
    }
    let mut typed = TaskForm {
        ky: task_period.id(),
        so: v("so"),
        linh_vuc: v("linh_vuc"),
        noi_dung: v("noi_dung"),
        trang_thai: v("trang_thai"),
        ket_qua: v("ket_qua"),
        may_edit: true,
        errors: BTreeMap::new(),
    };
    let field = Field::from_code(&typed.linh_vuc);
    if field.is_none() {
        typed
            .errors
            .insert("linh_vuc", "Chọn lĩnh vực.".to_string());
    }
    if typed.noi_dung.is_empty() {
        typed
            .errors
            .insert("noi_dung", "Cần ghi nội dung nhiệm vụ.".to_string());
    }
    let status = STATUSES
        .iter()
        .find(|s| s.1 == typed.trang_thai)
        .map(|s| s.0);
    if status.is_none() {
        typed
            .errors
            .insert("trang_thai", "Chọn trạng thái.".to_string());
    }
    let (Some(field), Some(status)) = (field, status) else {
        let html = render(&state, &viewer, period, Some(typed), None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    };
    if !typed.errors.is_empty() {
        let html = render(&state, &viewer, period, Some(typed), None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    if !actor.may_edit(field) {
        return Err(forbidden(field));
    }
    let number = existing
        .as_ref()
        .map(|t| t.number)
        .unwrap_or_else(|| tasks.iter().map(|t| t.number).max().unwrap_or(0) + 1);
    let task = KeyTask {
        period: task_period,
        number,
        field,
        text: typed.noi_dung.clone(),
        status,
        result: Some(typed.ket_qua.clone()).filter(|r| !r.is_empty()),
    };
    state
        .store()
        .save_task(&task, &viewer.user.username)
        .await?;
    Ok(back("luu"))
}
