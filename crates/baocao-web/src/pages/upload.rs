//! Figures from a file (issue 5): upload, a preview with every problem, then confirm.
//!
//! - `GET /ky/{period}/nhap-tep`: the page "Nhập số liệu từ tệp": the upload form
//!   (multipart: `csrf` first, then the file `tep`), the period's Excel form to download and
//!   the formats read.
//! - `POST /ky/{period}/nhap-tep`: keeps the file in the staging folder (`staging.rs`: a random
//!   name, tied to the session's user), runs a dry run of
//!   `baocao_app::interchange::import_reader` as the session's account, for this period only,
//!   and shows the preview: the counts (new, changed, unchanged, empty), every problem located
//!   (sheet and cell, line and column …), the first values with the stored value beside the
//!   new one (those that would change listed first), and — only when nothing is wrong and something would change — the button
//!   "Xác nhận nhập". A file with problems, or with nothing to change, is not kept.
//! - `POST /ky/{period}/nhap-tep/{id}/xac-nhan`: the real import of the staged file by the
//!   same user (anyone else, an expired or reused id: a Vietnamese message, nothing written);
//!   the file is removed; 303 to the result page, or, when the database changed since the
//!   preview and the import now finds problems, those problems (nothing written).
//! - `GET /ky/{period}/nhap-tep/{id}/ket-qua`: what was written.
//! - `GET /ky/{period}/bieu-mau.xlsx?dv=ORG_UNIT&linh_vuc=FIELD&so_lieu=1`: the period's Excel
//!   form (`baocao_app::interchange::export_form`), with the stored figures when `so_lieu=1`.
//!
//! Rights, locks and the audit entry (by the user's name, values stored by the user) are the
//! import's own: the same as entering the figures one by one.

mod staging;

use std::collections::HashMap;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use baocao_app::interchange::{
    self, FormRequest, ImportFormat, ImportOutcome, ImportRequest, InterchangeError,
};
use baocao_core::catalog::Field;
use baocao_core::format;
use baocao_core::orgunit::{OrgUnit, OrgUnitLevel};
use baocao_core::period::Period;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;

use self::staging::{Claim, Imported, Staged, Staging};
use crate::auth::Viewer;
use crate::layout::{self, PeriodLink};
use crate::{AppState, WebError, templates, view};

/// The largest file accepted, in bytes (64 MiB; the page says "64 MB").
pub const FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// The largest upload body: the file and the form around it.
pub const BODY_LIMIT: usize = FILE_LIMIT as usize + 64 * 1024;

/// The form field of the file.
const FILE_FIELD: &str = "tep";

/// How many values of the file the preview shows.
const SAMPLE_ROWS: usize = interchange::SAMPLE_VALUES;

/// The message for a confirmation of an upload that is not (or no longer) waiting.
const STALE: &str = "Không còn tệp nào chờ xác nhận với mã này: tệp đã được nhập hoặc đang \
     được nhập, đã chờ quá một giờ, có lỗi nên không được giữ lại, hoặc không phải tệp bạn tải \
     lên. Không có số liệu nào được ghi. Hãy tải tệp lên lại.";

/// `?dv=` (org unit of the form to download) and `?linh_vuc=` (its field).
#[derive(Debug, Default, Deserialize)]
pub struct UploadQuery {
    /// The org unit (id or code); the province by default.
    #[serde(default)]
    dv: String,
    /// A field's code; every field when empty.
    #[serde(default)]
    linh_vuc: String,
    /// `1`: the form carries the stored figures (to correct them).
    #[serde(default)]
    so_lieu: String,
}

/// What the page shows besides the forms.
#[derive(Debug, Default, Serialize)]
struct Screen {
    /// Why the upload was not read (no file, too large …).
    error: Option<String>,
    /// The preview of a file (or the problems the confirmation found).
    preview: Option<Preview>,
}

/// A file's preview.
#[derive(Debug, Serialize)]
struct Preview {
    /// The upload's id when it may be confirmed.
    id: Option<String>,
    file_name: String,
    size: String,
    format: &'static str,
    /// Counts, formatted ("1.234").
    new: String,
    changed: String,
    unchanged: String,
    empty: String,
    /// Whether anything would be written.
    writes: bool,
    problems: Vec<ProblemRow>,
    /// Problems found beyond those listed, formatted; "" when none.
    more: String,
    /// All problems, formatted.
    problem_count: String,
    sample: Vec<SampleRow>,
    /// Values of the file in all (new, changed, unchanged), formatted.
    values: String,
    /// Whether the sample shows only the first of them.
    sample_cut: bool,
    /// The problems were found by the confirmation: the database changed since the preview.
    at_confirm: bool,
}

#[derive(Debug, Serialize)]
struct ProblemRow {
    location: String,
    found: String,
    message: String,
}

#[derive(Debug, Serialize)]
struct SampleRow {
    location: String,
    data_element: String,
    data_element_name: String,
    cell: String,
    org_unit: String,
    period: String,
    stored: Option<String>,
    new: String,
    /// `moi` (nothing stored), `khac` (another figure stored), `` (the same).
    change: &'static str,
}

/// A field offered for the form to download.
#[derive(Debug, Serialize)]
struct FieldOption {
    code: &'static str,
    name: &'static str,
    selected: bool,
}

/// `GET /ky/{period}/nhap-tep`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<UploadQuery>,
) -> Result<Html<String>, WebError> {
    let period = view::period(&period)?;
    let html = render(&state, &viewer, period, &q, Screen::default()).await?;
    Ok(Html(html))
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    period: Period,
    q: &UploadQuery,
    screen: Screen,
) -> Result<String, WebError> {
    let dv = Some(q.dv.as_str()).filter(|d| !d.is_empty());
    let chrome = layout::chrome(state, viewer, Some(period), "nhap-tep", dv).await?;
    let units = state.store().org_units().await?;
    let chosen = unit_for(&units, period, dv).map(|u| u.id.clone());
    let org_units: Vec<(String, String, bool)> = units
        .iter()
        .map(|u| {
            let selected = chosen.as_ref() == Some(&u.id);
            (u.id.clone(), u.current_name().to_string(), selected)
        })
        .collect();
    // A chuyên viên's own field first; everyone may take every field.
    let own = chrome
        .fields
        .iter()
        .find(|f| f.editable && !viewer.is_admin());
    let wanted = if q.linh_vuc.is_empty() {
        own.map_or("", |f| f.code)
    } else {
        q.linh_vuc.as_str()
    };
    let fields: Vec<FieldOption> = chrome
        .fields
        .iter()
        .map(|f| FieldOption {
            code: f.code,
            name: f.name,
            selected: f.code == wanted,
        })
        .collect();
    let may_enter = chrome.fields.iter().any(|f| f.editable);
    Ok(templates::render(
        "upload.html",
        crate::page_context! {
            chrome,
            period => PeriodLink::of(period),
            org_units,
            fields,
            may_enter,
            limit => "64 MB",
            error => screen.error,
            preview => screen.preview,
        },
    )?)
}

/// The page with an error about the upload itself, with `status`.
async fn refuse(
    state: &AppState,
    viewer: &Viewer,
    period: Period,
    status: StatusCode,
    message: String,
) -> Result<Response, WebError> {
    let screen = Screen {
        error: Some(message),
        preview: None,
    };
    let html = render(state, viewer, period, &UploadQuery::default(), screen).await?;
    Ok((status, Html(html)).into_response())
}

/// The file's own name as the browser sent it, cleaned: the last path component, NFC, no
/// control characters, at most 120 characters.
fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = baocao_core::text::nfc(last)
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    name.trim().to_string()
}

/// `POST /ky/{period}/nhap-tep`: stages the file and shows its preview (422 with the
/// problems when there are any).
pub async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let period = view::period(&period)?;
    let staging = Staging::new(&state.config().upload_dir);
    staging.sweep().await;
    let mut staged: Option<(String, String, u64)> = None;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                if let Some((id, _, _)) = &staged {
                    staging.remove(id).await;
                }
                return broken(&state, &viewer, period, e).await;
            }
        };
        if field.name() != Some(FILE_FIELD) || staged.is_some() {
            continue;
        }
        let name = clean_name(field.file_name().unwrap_or_default());
        let (id, mut file) = staging.create().await?;
        let mut size: u64 = 0;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    size += chunk.len() as u64;
                    if size > FILE_LIMIT {
                        drop(file);
                        staging.remove(&id).await;
                        return too_large(&state, &viewer, period).await;
                    }
                    if let Err(e) = file.write_all(&chunk).await {
                        staging.remove(&id).await;
                        return Err(WebError::Internal(format!("writing an upload: {e}")));
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    drop(file);
                    staging.remove(&id).await;
                    return broken(&state, &viewer, period, e).await;
                }
            }
        }
        if let Err(e) = file.flush().await {
            staging.remove(&id).await;
            return Err(WebError::Internal(format!("writing an upload: {e}")));
        }
        staged = Some((id, name, size));
    }
    let Some((id, file_name, size)) = staged else {
        return refuse(
            &state,
            &viewer,
            period,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Chưa chọn tệp: hãy chọn một tệp số liệu (XLSX, CSV hoặc JSON) rồi bấm «Tải lên và kiểm tra».".into(),
        )
        .await;
    };
    if size == 0 {
        staging.remove(&id).await;
        let message = if file_name.is_empty() {
            "Chưa chọn tệp: hãy chọn một tệp số liệu (XLSX, CSV hoặc JSON) rồi bấm «Tải lên và kiểm tra».".to_string()
        } else {
            format!("Tệp «{file_name}» rỗng (0 byte): không có số liệu nào để nhập.")
        };
        return refuse(
            &state,
            &viewer,
            period,
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        )
        .await;
    }
    let file_name = if file_name.is_empty() {
        "tep-tai-len".to_string()
    } else {
        file_name
    };
    let described = Staged {
        username: viewer.user.username.clone(),
        period: period.id(),
        file_name: file_name.clone(),
        size,
        uploaded_at: staging::now(),
    };
    if let Err(e) = staging.describe(&id, &described).await {
        staging.remove(&id).await;
        return Err(e);
    }
    let outcome = match import(
        &state,
        &viewer,
        period,
        &staging.file(&id),
        &file_name,
        true,
    )
    .await
    {
        Ok(outcome) => outcome,
        Err(e) => {
            staging.remove(&id).await;
            return Err(e);
        }
    };
    let confirmable =
        outcome.problems.is_empty() && outcome.counts.new + outcome.counts.changed > 0;
    if !confirmable {
        staging.remove(&id).await;
    }
    let status = if outcome.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let preview = preview(
        &state,
        &outcome,
        &described,
        confirmable.then_some(id),
        false,
    )
    .await?;
    let screen = Screen {
        error: None,
        preview: Some(preview),
    };
    let html = render(&state, &viewer, period, &UploadQuery::default(), screen).await?;
    Ok((status, Html(html)).into_response())
}

async fn too_large(
    state: &AppState,
    viewer: &Viewer,
    period: Period,
) -> Result<Response, WebError> {
    refuse(
        state,
        viewer,
        period,
        StatusCode::PAYLOAD_TOO_LARGE,
        "Tệp lớn hơn 64 MB: không nhận. Hãy chia tệp thành nhiều tệp nhỏ hơn (ví dụ theo lĩnh vực hoặc đơn vị) rồi tải lên từng tệp.".into(),
    )
    .await
}

/// An upload that could not be read whole: too large, or cut off.
async fn broken(
    state: &AppState,
    viewer: &Viewer,
    period: Period,
    error: axum::extract::multipart::MultipartError,
) -> Result<Response, WebError> {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(state, viewer, period).await;
    }
    refuse(
        state,
        viewer,
        period,
        StatusCode::BAD_REQUEST,
        format!(
            "Không đọc được tệp tải lên (đường truyền bị gián đoạn hoặc dữ liệu gửi lên không \
             đúng dạng biểu mẫu): {}. Hãy thử tải lên lại.",
            error.body_text()
        ),
    )
    .await
}

/// Imports the staged file at `path` as the session's account, for `period` only.
async fn import(
    state: &AppState,
    viewer: &Viewer,
    period: Period,
    path: &std::path::Path,
    file_name: &str,
    dry_run: bool,
) -> Result<ImportOutcome, WebError> {
    let mut request = ImportRequest::new(viewer.user.username.clone());
    request.dry_run = dry_run;
    request.period = Some(period);
    request.actor = Some(viewer.actor());
    let file = std::fs::File::open(path)
        .map_err(|e| WebError::Internal(format!("opening an upload: {e}")))?;
    interchange::import_reader(state.store(), file, file_name, &request, &mut |_| {})
        .await
        .map_err(|e| match e {
            InterchangeError::App(e) => WebError::from(e),
            other => WebError::Internal(other.to_string()),
        })
}

fn count(n: u64) -> String {
    format::decimal(n as f64, 0)
}

/// A size in bytes the Vietnamese way: "812 byte", "12,3 KB", "4,1 MB".
fn size_vi(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b < K {
        format!("{bytes} byte")
    } else if b < K * K {
        format!("{} KB", format::decimal(b / K, 1))
    } else {
        format!("{} MB", format::decimal(b / K / K, 1))
    }
}

fn format_vi(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Xlsx => "Excel (biểu mẫu hoặc bảng dài)",
        ImportFormat::Csv => "CSV dạng dài",
        ImportFormat::Dhis2Json => "DHIS2 dataValueSets JSON",
        ImportFormat::Dhis2Csv => "DHIS2 dataValueSets CSV",
        ImportFormat::Auto => "tự nhận dạng",
    }
}

/// The preview of an outcome: its counts and problems, and the sample beside the values
/// stored now.
async fn preview(
    state: &AppState,
    outcome: &ImportOutcome,
    staged: &Staged,
    id: Option<String>,
    at_confirm: bool,
) -> Result<Preview, WebError> {
    let store = state.store();
    let catalog = baocao_app::catalog(store).await?;
    let units = store.org_units().await?;
    let problems: Vec<ProblemRow> = outcome
        .problems
        .listed
        .iter()
        .map(|p| ProblemRow {
            location: p.location.to_string(),
            found: p.found.clone(),
            message: p.message.clone(),
        })
        .collect();
    // The stored values of the sample's (org unit, period)s, one read each.
    let mut stored: HashMap<(String, Period), HashMap<(String, String), String>> = HashMap::new();
    for s in outcome.sample.iter().take(SAMPLE_ROWS) {
        let key = (s.value.org_unit.clone(), s.value.period);
        if let std::collections::hash_map::Entry::Vacant(slot) = stored.entry(key) {
            let (org_unit, period) = slot.key();
            let values = store
                .versioned_values(org_unit, *period)
                .await?
                .into_iter()
                .map(|v| {
                    (
                        (
                            v.value.data_element.clone(),
                            v.value.category_option_combo.code(),
                        ),
                        v.value.number.as_typed,
                    )
                })
                .collect();
            slot.insert(values);
        }
    }
    let mut sample: Vec<SampleRow> = outcome
        .sample
        .iter()
        .take(SAMPLE_ROWS)
        .map(|s| {
            let v = &s.value;
            let element = catalog.catalog.data_elements.get(&v.data_element);
            let cell = element
                .map(|de| {
                    catalog
                        .catalog
                        .selection_label(de, &v.category_option_combo)
                })
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| "Tổng".to_string());
            let before = stored
                .get(&(v.org_unit.clone(), v.period))
                .and_then(|m| m.get(&(v.data_element.clone(), v.category_option_combo.code())))
                .cloned();
            let change = match &before {
                None => "moi",
                Some(b) if *b != v.number.as_typed => "khac",
                Some(_) => "",
            };
            SampleRow {
                location: s.location.to_string(),
                data_element: v.data_element.clone(),
                data_element_name: element.map(|de| de.name.clone()).unwrap_or_default(),
                cell,
                org_unit: units
                    .iter()
                    .find(|u| u.id == v.org_unit)
                    .map_or_else(|| v.org_unit.clone(), |u| u.current_name().to_string()),
                period: layout::capitalize(&v.period.label_vi()),
                stored: before,
                new: v.number.as_typed.clone(),
                change,
            }
        })
        .collect();
    // What would change first, each part in file order.
    sample.sort_by_key(|r| r.change.is_empty());
    let c = outcome.counts;
    let values = c.new + c.changed + c.unchanged;
    Ok(Preview {
        id,
        file_name: staged.file_name.clone(),
        size: size_vi(staged.size),
        format: format_vi(outcome.format),
        new: count(c.new),
        changed: count(c.changed),
        unchanged: count(c.unchanged),
        empty: count(c.empty),
        writes: c.new + c.changed > 0,
        problems,
        more: if outcome.problems.more > 0 {
            count(outcome.problems.more)
        } else {
            String::new()
        },
        problem_count: count(outcome.problems.count()),
        sample_cut: values > sample.len() as u64 && outcome.problems.is_empty(),
        sample,
        values: count(values),
        at_confirm,
    })
}

/// `POST /ky/{period}/nhap-tep/{id}/xac-nhan`: imports the staged file of the session's user.
pub async fn confirm(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((period, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let period = view::period(&period)?;
    let staging = Staging::new(&state.config().upload_dir);
    let (staged, path) = match staging
        .claim(&id, &viewer.user.username, &period.id())
        .await?
    {
        Claim::Claimed(staged, path) => (staged, path),
        Claim::Stale => return Err(WebError::Missing(STALE.into())),
        Claim::Done(done) => {
            let html = templates::render(
                "error.html",
                crate::page_context! {
                    title => "Tệp đã được nhập",
                    message => format!(
                        "Tệp «{}» đã được nhập rồi ({} số liệu mới, {} cập nhật); không nhập lại lần nữa, không có gì thay đổi.",
                        done.file_name, count(done.new), count(done.changed)
                    ),
                    status => 409,
                },
            )?;
            return Ok((StatusCode::CONFLICT, Html(html)).into_response());
        }
    };
    let outcome = import(&state, &viewer, period, &path, &staged.file_name, false).await;
    staging.remove(&id).await;
    let outcome = outcome?;
    if !outcome.problems.is_empty() {
        let preview = preview(&state, &outcome, &staged, None, true).await?;
        let screen = Screen {
            error: None,
            preview: Some(preview),
        };
        let html = render(&state, &viewer, period, &UploadQuery::default(), screen).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let c = outcome.counts;
    let imported = Imported {
        username: viewer.user.username.clone(),
        period: period.id(),
        file_name: staged.file_name,
        new: c.new,
        changed: c.changed,
        unchanged: c.unchanged,
        empty: c.empty,
        imported_at: staging::now(),
    };
    staging.keep_result(&id, &imported).await?;
    Ok(Redirect::to(&format!("/ky/{}/nhap-tep/{id}/ket-qua", period.id())).into_response())
}

/// `GET /ky/{period}/nhap-tep/{id}/ket-qua`: what the confirmed import wrote (its user only).
pub async fn result(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((period, id)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let period = view::period(&period)?;
    let staging = Staging::new(&state.config().upload_dir);
    let imported = staging
        .result(&id, &viewer.user.username)
        .await
        .filter(|r| r.period == period.id())
        .ok_or_else(|| {
            WebError::Missing(
                "Không có kết quả nhập tệp nào với mã này cho tài khoản của bạn (kết quả chỉ được giữ một giờ). Xem số liệu đã lưu ở các trang nhập số liệu, hoặc trong Lịch sử.".into(),
            )
        })?;
    let chrome = layout::chrome(&state, &viewer, Some(period), "nhap-tep", None).await?;
    let html = templates::render(
        "upload_result.html",
        crate::page_context! {
            chrome,
            period => PeriodLink::of(period),
            file_name => imported.file_name,
            written => imported.new + imported.changed > 0,
            new => count(imported.new),
            changed => count(imported.changed),
            unchanged => count(imported.unchanged),
            empty => count(imported.empty),
        },
    )?;
    Ok(Html(html))
}

/// The org unit `dv` (id or code), or the province valid at the end of the period (as the
/// entry pages choose it).
fn unit_for<'a>(units: &'a [OrgUnit], period: Period, dv: Option<&str>) -> Option<&'a OrgUnit> {
    match dv {
        Some(d) => units.iter().find(|u| u.id == d || u.code == d),
        None => {
            let end = period.cutoff_window().end;
            units
                .iter()
                .find(|u| u.level == OrgUnitLevel::Tinh && u.on(end).is_some())
                .or_else(|| units.first())
        }
    }
}

/// Characters kept in a download's ASCII file name.
fn ascii_part(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Percent-encodes a file name for `filename*=UTF-8''…` (RFC 5987).
fn rfc5987(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `GET /ky/{period}/bieu-mau.xlsx`: the period's Excel form of an org unit (`dv`, the
/// province by default) and a field (`linh_vuc`, every field by default); `so_lieu=1` writes
/// the stored figures into it. Named `bieu-mau-2023-04-58-cntt.xlsx` (and, for browsers that
/// read it, "Biểu mẫu tháng 4-2023 - Ninh Thuận - Công nghệ thông tin.xlsx").
pub async fn form(
    State(state): State<AppState>,
    _viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<UploadQuery>,
) -> Result<Response, WebError> {
    let period = view::period(&period)?;
    let field = if q.linh_vuc.is_empty() {
        None
    } else {
        Some(Field::from_code(&q.linh_vuc).ok_or(WebError::NotFound)?)
    };
    let units = state.store().org_units().await?;
    let dv = Some(q.dv.as_str()).filter(|d| !d.is_empty());
    let unit = unit_for(&units, period, dv).ok_or(WebError::NotFound)?;
    let request = FormRequest {
        period,
        org_unit: Some(unit.id.clone()),
        fields: field.into_iter().collect(),
        with_values: q.so_lieu == "1",
    };
    let bytes = interchange::export_form(state.store(), &request)
        .await
        .map_err(|e| match e {
            InterchangeError::App(e) => WebError::from(e),
            other => WebError::Internal(other.to_string()),
        })?;
    let mut ascii = format!("bieu-mau-{}-{}", period.id(), ascii_part(&unit.code));
    let mut words = format!(
        "Biểu mẫu {} - {}",
        layout::capitalize(&period.label_vi()).replace('/', "-"),
        unit.current_name()
    );
    if let Some(f) = field {
        ascii.push('-');
        ascii.push_str(f.code());
        words.push_str(" - ");
        words.push_str(f.name_vi());
    }
    let words: String = words
        .chars()
        .filter(|c| !c.is_control() && !"/\\:*?\"<>|".contains(*c))
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}.xlsx\"; filename*=UTF-8''{}.xlsx",
        rfc5987(&baocao_core::text::nfc(&words))
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_its_last_component_cleaned() {
        assert_eq!(clean_name("C:\\Users\\An\\so-lieu.xlsx"), "so-lieu.xlsx");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        // Decomposed "Số liệu" becomes NFC; control characters go.
        assert_eq!(
            clean_name("So\u{302}\u{301} lie\u{323}\u{302}u\n.csv"),
            "Số liệu.csv"
        );
        assert_eq!(clean_name(""), "");
    }

    #[test]
    fn sizes_read_in_vietnamese() {
        assert_eq!(size_vi(812), "812 byte");
        assert_eq!(size_vi(12_595), "12,3 KB");
        assert_eq!(size_vi(64 * 1024 * 1024), "64,0 MB");
    }

    #[test]
    fn download_names_are_encoded() {
        assert_eq!(rfc5987("Biểu mẫu"), "Bi%E1%BB%83u%20m%E1%BA%ABu");
        assert_eq!(ascii_part("58/x ý"), "58x");
    }
}
