//! Data entry for one field: `GET /ky/{period}/nhap/{field}` shows the form generated from
//! the catalogue (see `grid.rs`); `POST` of the whole form stores the changed cells (no
//! script); `POST …/o` stores one cell (the script, on change) and answers JSON with the
//! recomputed totals, indicators and violations of the field.
//!
//! Every cell goes through `baocao_app::edit::enter_value`, which checks the text, the
//! user's field (from the session), the lock and the version. A refused cell keeps what was
//! typed with its message beside it; the other cells are stored.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use baocao_app::PeriodData;
use baocao_app::edit::{EntryError, ValueInput};
use baocao_core::catalog::Field;
use baocao_core::period::Period;
use baocao_store::ApprovalStatus;
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::grid::{self, FieldForm, FormInput, Typed};
use crate::layout::{self, PeriodLink};
use crate::pages::OrgUnitQuery;
use crate::{AppState, WebError, form, templates, view};

/// `?dv=` and the notice after a save (`?tb=da-luu`).
#[derive(Debug, Default, Deserialize)]
pub struct EntryQuery {
    dv: Option<String>,
    tb: Option<String>,
}

/// What a page of the field needs besides the form.
struct Loaded {
    period: Period,
    field: Field,
    data: PeriodData,
    status: ApprovalStatus,
}

async fn load(
    state: &AppState,
    period: &str,
    field: &str,
    dv: Option<&str>,
) -> Result<Loaded, WebError> {
    let period = view::period(period)?;
    let field = Field::from_code(field).ok_or(WebError::NotFound)?;
    let data = view::load(state, period, dv).await?;
    if !layout::entry_fields(&data.catalog.catalog).contains(&field) {
        return Err(WebError::NotFound);
    }
    let status = state
        .store()
        .approvals(period)
        .await?
        .into_iter()
        .find(|a| a.data_set == field.code() && a.org_unit == data.org_unit.id)
        .map(|a| a.status)
        .unwrap_or(ApprovalStatus::Draft);
    Ok(Loaded {
        period,
        field,
        data,
        status,
    })
}

async fn build_form(
    state: &AppState,
    viewer: &Viewer,
    loaded: &Loaded,
    typed: &HashMap<(String, String), Typed>,
) -> Result<FieldForm, WebError> {
    let codes: Vec<&str> = loaded
        .data
        .catalog
        .catalog
        .data_elements
        .values()
        .filter(|de| de.field == loaded.field)
        .map(|de| de.code.as_str())
        .collect();
    let stored = view::stored_cells(state.store(), &loaded.data, &codes).await?;
    let report = baocao_app::validate(&loaded.data);
    let input = FormInput {
        data: &loaded.data,
        stored: &stored,
        typed,
        editable: viewer.may_edit(loaded.field) && loaded.status != ApprovalStatus::Approved,
        violations: &report.violations,
    };
    Ok(grid::field_form(&input, loaded.field))
}

async fn render_page(
    state: &AppState,
    viewer: &Viewer,
    loaded: &Loaded,
    dv: Option<&str>,
    typed: &HashMap<(String, String), Typed>,
    notice: Option<String>,
) -> Result<String, WebError> {
    let form = build_form(state, viewer, loaded, typed).await?;
    let chrome = layout::chrome(state, viewer, Some(loaded.period), "nhap", dv).await?;
    let org_units: Vec<(String, String)> = state
        .store()
        .org_units()
        .await?
        .iter()
        .map(|u| (u.id.clone(), u.current_name().to_string()))
        .collect();
    let read_only_reason = if loaded.status == ApprovalStatus::Approved {
        Some("Số liệu của lĩnh vực này đã được duyệt và khóa; chỉ xem được.")
    } else if !viewer.may_edit(loaded.field) {
        Some("Bạn chỉ được xem số liệu của lĩnh vực này.")
    } else {
        None
    };
    Ok(templates::render(
        "entry.html",
        crate::page_context! {
            chrome,
            notice,
            field_code => loaded.field.code(),
            period => PeriodLink::of(loaded.period),
            previous => PeriodLink::of(loaded.period.previous()),
            org_unit => loaded.data.org_unit.current_name(),
            org_unit_id => loaded.data.org_unit.id.clone(),
            org_units,
            status => loaded.status.label_vi(),
            status_code => loaded.status.code(),
            read_only_reason,
            editable => read_only_reason.is_none(),
            form,
        },
    )?)
}

/// `GET /ky/{period}/nhap/{field}`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((period, field)): Path<(String, String)>,
    Query(q): Query<EntryQuery>,
) -> Result<Html<String>, WebError> {
    let dv = q.dv.as_deref().filter(|d| !d.is_empty());
    let loaded = load(&state, &period, &field, dv).await?;
    let notice = match q.tb.as_deref() {
        Some("da-luu") => Some("Đã lưu số liệu.".to_string()),
        _ => None,
    };
    let html = render_page(&state, &viewer, &loaded, dv, &HashMap::new(), notice).await?;
    Ok(Html(html))
}

/// The input's name of a cell: `v:DVC_HOSO:XA.QUAMANG`; `was:` and `ver:` carry the stored
/// text and version.
fn cell_of(name: &str) -> Option<(&str, &str)> {
    name.strip_prefix("v:")?.split_once(':')
}

/// Why a cell was not stored, in Vietnamese; `None` for errors that are not the user's.
fn message(error: &EntryError) -> Option<String> {
    Some(match error {
        EntryError::Conflict { current } => match current {
            Some(v) => format!(
                "Người khác vừa sửa ô này: giá trị hiện tại là {}. Giá trị bạn nhập chưa được lưu.",
                v.value.number.as_typed
            ),
            None => {
                "Người khác vừa xóa ô này: hiện ô không có giá trị. Giá trị bạn nhập chưa được lưu."
                    .to_string()
            }
        },
        EntryError::Store(_) => return None,
        other => other.to_string(),
    })
}

/// `POST /ky/{period}/nhap/{field}`: the whole form (no script). Stores each cell whose text
/// changed, with the version it was read at; re-renders with the messages when some were
/// refused (422), else 303 back to the page.
pub async fn save_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((period, field)): Path<(String, String)>,
    Query(q): Query<OrgUnitQuery>,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs = form::parse_urlencoded(&body);
    let dv_owned = q
        .dv()
        .map(str::to_string)
        .or_else(|| Some(form::value(&pairs, "dv").to_string()).filter(|d| !d.is_empty()));
    let dv = dv_owned.as_deref();
    let loaded = load(&state, &period, &field, dv).await?;
    if !viewer.may_edit(loaded.field) {
        return Err(forbidden(&viewer, loaded.field));
    }
    let actor = viewer.actor();
    // The cells whose text changed; a crafted cell of another field refuses the whole post
    // before anything is written.
    let changed: Vec<(&str, &str, &String)> = pairs
        .iter()
        .filter_map(|(name, text)| cell_of(name).map(|(de, coc)| (de, coc, text)))
        .filter(|(de, coc, text)| {
            text.trim() != form::value(&pairs, &format!("was:{de}:{coc}")).trim()
        })
        .collect();
    for (de, _, _) in &changed {
        check_field(&loaded, de)?;
    }
    let mut typed: HashMap<(String, String), Typed> = HashMap::new();
    let mut saved = 0;
    for (de, coc, text) in changed {
        let version = form::value(&pairs, &format!("ver:{de}:{coc}"))
            .parse::<i64>()
            .ok();
        let input = ValueInput {
            data_element: de.to_string(),
            category_option_combo: coc.to_string(),
            org_unit: loaded.data.org_unit.id.clone(),
            period: loaded.period,
            text: text.clone(),
            expected_version: version,
        };
        match baocao_app::edit::enter_value(state.store(), &loaded.data.catalog, &actor, &input)
            .await
        {
            Ok(_) => saved += 1,
            Err(EntryError::Forbidden) => return Err(forbidden(&viewer, loaded.field)),
            Err(e) => match message(&e) {
                Some(m) => {
                    typed.insert(
                        (de.to_string(), coc.to_string()),
                        Typed {
                            text: text.clone(),
                            message: m,
                        },
                    );
                }
                None => return Err(WebError::Internal(e.to_string())),
            },
        }
    }
    if typed.is_empty() {
        let mut url = format!(
            "/ky/{}/nhap/{}?tb=da-luu",
            loaded.period.id(),
            loaded.field.code()
        );
        if let Some(d) = dv {
            url.push_str(&format!("&dv={}", form::encode(d)));
        }
        return Ok(Redirect::to(&url).into_response());
    }
    // Reload: the cells that were stored show their new values and versions.
    let loaded = load(&state, &period, &field, dv).await?;
    let notice = format!(
        "Đã lưu {saved} ô; {} ô chưa lưu vì có lỗi — xem thông báo bên cạnh ô.",
        typed.len()
    );
    let html = render_page(&state, &viewer, &loaded, dv, &typed, Some(notice)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

fn forbidden(viewer: &Viewer, field: Field) -> WebError {
    WebError::Forbidden(format!(
        "Tài khoản {} ({}) không được nhập số liệu của lĩnh vực {}.",
        viewer.user.username,
        viewer.user.role.label_vi(),
        field.name_vi()
    ))
}

/// A cell posted to a field's page must belong to that field.
fn check_field(loaded: &Loaded, data_element: &str) -> Result<(), WebError> {
    match loaded.data.catalog.catalog.data_elements.get(data_element) {
        Some(de) if de.field == loaded.field => Ok(()),
        Some(_) => Err(WebError::Forbidden(format!(
            "Chỉ tiêu {data_element} không thuộc lĩnh vực {}.",
            loaded.field.name_vi()
        ))),
        None => Err(WebError::NotFound),
    }
}

/// One cell posted by the script (JSON or form fields of the same names).
#[derive(Debug, Deserialize)]
pub struct CellPost {
    /// Data element code.
    de: String,
    /// Cell code, `XA.QUAMANG` or `default`.
    coc: String,
    /// The text typed ("" deletes the value).
    #[serde(default)]
    text: String,
    /// The version read ("" or absent: there was no value).
    #[serde(default)]
    version: Option<serde_json::Value>,
    /// The org unit, if not the province.
    #[serde(default)]
    dv: Option<String>,
}

/// The answer to a cell post.
#[derive(Debug, Serialize)]
pub struct CellAnswer {
    /// `saved`, `error`, `conflict`, `forbidden`.
    status: &'static str,
    /// The cell's id suffix, `DVC_HOSO-XA-QUAMANG`.
    key: String,
    /// Why it was not stored, in Vietnamese.
    message: Option<String>,
    /// The cell's stored text and version now.
    text: String,
    /// The version now ("" for none).
    version: String,
    /// Every cell of the field: key, computed sum (totals), mismatch, stored text and version.
    cells: Vec<CellState>,
    /// The field's indicators.
    indicators: Vec<grid::IndicatorRow>,
    /// The field's violations with the anchors they concern.
    violations: Vec<grid::ViolationView>,
    /// Cells entered, of all.
    entered: usize,
    /// All cells.
    total: usize,
}

/// The state of one cell after a save.
#[derive(Debug, Serialize)]
pub struct CellState {
    key: String,
    computed: Option<String>,
    mismatch: bool,
    text: String,
    version: String,
    violations: Vec<String>,
}

fn parse_cell_post(headers: &HeaderMap, body: &[u8]) -> Result<CellPost, WebError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return serde_json::from_slice(body).map_err(|_| WebError::NotFound);
    }
    let pairs = form::parse_urlencoded(body);
    Ok(CellPost {
        de: form::value(&pairs, "de").to_string(),
        coc: form::value(&pairs, "coc").to_string(),
        text: form::value(&pairs, "text").to_string(),
        version: Some(serde_json::Value::String(
            form::value(&pairs, "version").to_string(),
        )),
        dv: Some(form::value(&pairs, "dv").to_string()),
    })
}

fn version_of(value: &Option<serde_json::Value>) -> Option<i64> {
    match value {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `POST /ky/{period}/nhap/{field}/o`: one cell; JSON answer (see [`CellAnswer`]); 403 when
/// the user may not enter the field.
pub async fn save_cell(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((period, field)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let post = parse_cell_post(&headers, &body)?;
    let dv = post.dv.as_deref().filter(|d| !d.is_empty());
    let loaded = load(&state, &period, &field, dv).await?;
    if !viewer.may_edit(loaded.field) {
        return Ok(json_refusal(forbidden(&viewer, loaded.field)));
    }
    if let Err(e) = check_field(&loaded, &post.de) {
        return Ok(json_refusal(e));
    }
    let input = ValueInput {
        data_element: post.de.clone(),
        category_option_combo: post.coc.clone(),
        org_unit: loaded.data.org_unit.id.clone(),
        period: loaded.period,
        text: post.text.clone(),
        expected_version: version_of(&post.version),
    };
    let result =
        baocao_app::edit::enter_value(state.store(), &loaded.data.catalog, &viewer.actor(), &input)
            .await;
    let (status, message) = match &result {
        Ok(_) => ("saved", None),
        Err(EntryError::Forbidden) => return Ok(json_refusal(forbidden(&viewer, loaded.field))),
        Err(e @ EntryError::Conflict { .. }) => ("conflict", message(e)),
        Err(e) => match message(e) {
            Some(m) => ("error", Some(m)),
            None => return Err(WebError::Internal(e.to_string())),
        },
    };
    let loaded = load(&state, &period, &field, dv).await?;
    let form = build_form(&state, &viewer, &loaded, &HashMap::new()).await?;
    let coc = loaded
        .data
        .catalog
        .catalog
        .data_elements
        .get(&post.de)
        .and_then(|de| {
            let options = baocao_core::coc::CategoryOptionCombo::split_code(&post.coc);
            loaded.data.catalog.catalog.selection(de, &options).ok()
        })
        .unwrap_or_default();
    let key = grid::cell_key(&post.de, &coc);
    let cells: Vec<CellState> = form
        .groups
        .iter()
        .flat_map(|g| g.elements.iter())
        .flat_map(|e| e.rows.iter())
        .flat_map(|r| r.cells.iter())
        .map(|c| CellState {
            key: c.key.clone(),
            computed: c.computed.clone(),
            mismatch: c.mismatch,
            text: c.stored_text.clone(),
            version: c.version.clone(),
            violations: c.violations.clone(),
        })
        .collect();
    let now = cells.iter().find(|c| c.key == key);
    let answer = CellAnswer {
        status,
        message,
        text: now.map(|c| c.text.clone()).unwrap_or_default(),
        version: now.map(|c| c.version.clone()).unwrap_or_default(),
        key,
        entered: form.entered,
        total: form.cells,
        indicators: form.indicators,
        violations: form.violations,
        cells,
    };
    let code = if status == "saved" {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((code, Json(answer)).into_response())
}

fn json_refusal(error: WebError) -> Response {
    let (code, message) = match &error {
        WebError::Forbidden(m) => (StatusCode::FORBIDDEN, m.clone()),
        WebError::NotFound => (StatusCode::NOT_FOUND, "Không có ô này.".to_string()),
        WebError::Missing(m) => (StatusCode::NOT_FOUND, m.clone()),
        WebError::Internal(_) => return error.into_response(),
    };
    (
        code,
        Json(serde_json::json!({ "status": "forbidden", "message": message })),
    )
        .into_response()
}
