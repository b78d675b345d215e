//! `GET /ky/{period}/lich-su`: who changed what in the period, when, from what to what
//! (`Store::history`, newest first), filtered by cell or entity (`?o=DVC_HOSO/XA.QUAMANG`, or
//! `?o=DVC_HOSO/` for every cell of an element), user (`?nguoi=`) and action (`?hanh_dong=`).

use axum::extract::{Path, Query, State};
use axum::response::Html;
use baocao_store::{AuditFilter, action};
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::layout::{self, PeriodLink};
use crate::{AppState, WebError, templates, view};

/// The filters.
#[derive(Debug, Default, Deserialize)]
pub struct HistoryQuery {
    /// Entity or cell: `DVC_HOSO/XA.QUAMANG` (one cell), `DVC_HOSO/` (an element) or any
    /// prefix of an entity.
    #[serde(default)]
    o: String,
    /// Username.
    #[serde(default)]
    nguoi: String,
    /// Action code, e.g. `value.set`.
    #[serde(default)]
    hanh_dong: String,
}

#[derive(Debug, Serialize)]
struct Row {
    at: String,
    actor: String,
    action: &'static str,
    entity: String,
    old_value: String,
    new_value: String,
    reason: String,
}

/// The Vietnamese name of an audited action.
fn action_vi(code: &str) -> &'static str {
    match code {
        action::VALUE_SET => "Nhập số liệu",
        action::VALUE_DELETE => "Xóa số liệu",
        action::VALUE_REFUSED => "Bị từ chối (đã khóa)",
        action::DOCUMENT_ADD => "Thêm văn bản",
        action::DOCUMENT_UPDATE => "Sửa văn bản",
        action::DOCUMENT_DELETE => "Xóa văn bản",
        action::TASK_SAVE => "Lưu nhiệm vụ",
        action::TASK_DELETE => "Xóa nhiệm vụ",
        action::NARRATIVE_SET => "Sửa nội dung",
        action::STATUS => "Đổi trạng thái",
        action::LOAD => "Nạp dữ liệu",
        action::USER => "Người dùng",
        _ => "Khác",
    }
}

const ACTIONS: [&str; 12] = [
    action::VALUE_SET,
    action::VALUE_DELETE,
    action::VALUE_REFUSED,
    action::DOCUMENT_ADD,
    action::DOCUMENT_UPDATE,
    action::DOCUMENT_DELETE,
    action::TASK_SAVE,
    action::TASK_DELETE,
    action::NARRATIVE_SET,
    action::STATUS,
    action::LOAD,
    action::USER,
];

/// `GET /ky/{period}/lich-su`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<HistoryQuery>,
) -> Result<Html<String>, WebError> {
    let period = view::period(&period)?;
    let o = q.o.trim();
    // A cell (`DE/COC`) is matched exactly: its entity is `DE/COC @ org period`.
    let entity_prefix = if o.is_empty() {
        None
    } else if o.contains('/') && !o.ends_with('/') {
        Some(format!("{o} @"))
    } else {
        Some(o.to_string())
    };
    let filter = AuditFilter {
        period: Some(period),
        entity_prefix,
        actor: Some(q.nguoi.trim().to_string()).filter(|s| !s.is_empty()),
        action: Some(q.hanh_dong.trim().to_string()).filter(|s| !s.is_empty()),
        limit: 500,
    };
    let entries = state.store().history(&filter).await?;
    let rows: Vec<Row> = entries
        .into_iter()
        .map(|e| Row {
            at: e.at.format("%d/%m/%Y %H:%M:%S").to_string(),
            actor: e.actor,
            action: action_vi(&e.action),
            entity: e.entity,
            old_value: e.old_value.unwrap_or_default(),
            new_value: e.new_value.unwrap_or_default(),
            reason: e.reason.unwrap_or_default(),
        })
        .collect();
    let actions: Vec<(&str, &str)> = ACTIONS.iter().map(|a| (*a, action_vi(a))).collect();
    let chrome = layout::chrome(&state, &viewer, Some(period), "lich-su", None).await?;
    Ok(Html(templates::render(
        "history.html",
        crate::page_context! {
            chrome,
            period => PeriodLink::of(period),
            rows,
            actions,
            q => crate::page_context! { o => q.o.clone(), nguoi => q.nguoi.clone(), hanh_dong => q.hanh_dong.clone() },
        },
    )?))
}
