//! `GET/POST /ky/{period}/van-ban`: the register of documents the department advised,
//! issued or cited in the period — a list with search (Vietnamese folding: "quyet dinh"
//! finds "Quyết định") and filters (field, role, type), and forms to add, edit and delete.
//! The number and symbol is checked as typed (Nghị định 30/2020/NĐ-CP, Điều 8, Phụ lục III)
//! with the problem beside the field; a date outside the period's cut-off window (Nghị định
//! 09/2019/NĐ-CP, Điều 12) is a warning; every typed value is kept on error.
//!
//! Form fields: `action` (`them`, `sua`, `xoa`), `id` (editing, deleting), `so_ky_hieu`,
//! `loai` (type code, e.g. `QĐ`), `ngay` (dd/mm/yyyy), `co_quan`, `trich_yeu`, `linh_vuc`
//! (field code), `vai_tro` (`advised`, `issued`, `cited`).

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use baocao_core::catalog::Field;
use baocao_core::format;
use baocao_core::period::Period;
use baocao_core::register::{Document, DocumentRole};
use baocao_core::symbol::{DocumentType, NumberSymbol, SymbolPart, SymbolProblem};
use baocao_core::text::search_fold;
use baocao_store::StoreError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::layout::{self, PeriodLink};
use crate::{AppState, WebError, form, templates, view};

/// The longest number and symbol accepted, in characters (the longest real ones, such as
/// "1925/QĐ-UBND" or "123/BC-STTTT-CNTT", are far shorter).
const MAX_SYMBOL_CHARS: usize = 60;
/// The longest issuing body accepted, in characters.
const MAX_ISSUER_CHARS: usize = 300;
/// The longest abstract (trích yếu) accepted, in characters.
const MAX_ABSTRACT_CHARS: usize = 2_000;

/// The list's search and filters, and the document being edited.
#[derive(Debug, Default, Deserialize)]
pub struct DocumentQuery {
    /// Search text.
    #[serde(default)]
    q: String,
    /// Field code.
    #[serde(default)]
    linh_vuc: String,
    /// Role: advised, issued, cited.
    #[serde(default)]
    vai_tro: String,
    /// Type code.
    #[serde(default)]
    loai: String,
    /// The id of the document to edit.
    #[serde(default)]
    sua: String,
    /// A notice code after a change.
    #[serde(default)]
    tb: String,
}

/// A document as listed.
#[derive(Debug, Serialize)]
struct DocumentRow {
    id: String,
    anchor: String,
    symbol: String,
    doc_type: &'static str,
    date: String,
    issuer: String,
    abstract_text: String,
    field: &'static str,
    role: &'static str,
    out_of_window: bool,
    may_edit: bool,
}

/// The add/edit form's values (as typed) and messages by field name.
#[derive(Debug, Default, Clone, Serialize)]
struct DocumentForm {
    id: String,
    so_ky_hieu: String,
    loai: String,
    ngay: String,
    co_quan: String,
    trich_yeu: String,
    linh_vuc: String,
    vai_tro: String,
    errors: BTreeMap<&'static str, String>,
    warnings: BTreeMap<&'static str, String>,
}

/// The Vietnamese name of a role.
fn role_vi(role: DocumentRole) -> &'static str {
    match role {
        DocumentRole::Advised => "Tham mưu ban hành",
        DocumentRole::Issued => "Sở ban hành",
        DocumentRole::Cited => "Trích dẫn",
    }
}

fn role_code(role: DocumentRole) -> &'static str {
    match role {
        DocumentRole::Advised => "advised",
        DocumentRole::Issued => "issued",
        DocumentRole::Cited => "cited",
    }
}

fn role_from(code: &str) -> Option<DocumentRole> {
    [
        DocumentRole::Advised,
        DocumentRole::Issued,
        DocumentRole::Cited,
    ]
    .into_iter()
    .find(|r| role_code(*r) == code)
}

/// The anchor of a document's row: `vb-` and its id with other characters than letters and
/// digits as "-".
fn anchor(id: &str) -> String {
    let body: String = id
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("vb-{body}")
}

/// A number and symbol's problem in Vietnamese.
fn symbol_problem_vi(problem: &SymbolProblem) -> String {
    let part = |p: &SymbolPart| match p {
        SymbolPart::Issuer => "cơ quan ban hành",
        SymbolPart::DraftingUnit => "đơn vị soạn thảo",
    };
    match problem {
        SymbolProblem::Empty => "Chưa nhập số, ký hiệu (ví dụ 166/QĐ-UBND).".to_string(),
        SymbolProblem::Space { position } => format!(
            "Có dấu cách ở ký tự thứ {position}: số, ký hiệu không có dấu cách («/» sau số, «-» giữa các nhóm)."
        ),
        SymbolProblem::MissingNumber => "Thiếu số văn bản trước dấu «/».".to_string(),
        SymbolProblem::InvalidNumber { found } => {
            format!("Số «{found}» không hợp lệ: số văn bản bắt đầu từ 1.")
        }
        SymbolProblem::ExpectedSlash { number, .. } => format!("Sau số {number} phải là dấu «/»."),
        SymbolProblem::MissingSymbol => "Thiếu ký hiệu sau dấu «/» (ví dụ QĐ-UBND).".to_string(),
        SymbolProblem::InvalidYear { found } => {
            format!("Năm «{found}» phải có bốn chữ số, như 45/2016/QĐ-TTg.")
        }
        SymbolProblem::EmptyGroup => "Có nhóm rỗng giữa hai dấu phân cách.".to_string(),
        SymbolProblem::UnknownType { found, hint } => match hint {
            Some(h) => format!(
                "«{found}» không phải chữ viết tắt tên loại văn bản (Phụ lục III Nghị định 30/2020/NĐ-CP); có phải là «{h}»?"
            ),
            None => format!(
                "«{found}» không phải chữ viết tắt tên loại văn bản (Phụ lục III Nghị định 30/2020/NĐ-CP)."
            ),
        },
        SymbolProblem::MissingPart { part: p, after } => {
            format!("Thiếu «-» và {} sau «{after}».", part(p))
        }
        SymbolProblem::InvalidAbbreviation { part: p, found } => format!(
            "{} «{found}» phải gồm chữ và số, bắt đầu bằng chữ hoa (ví dụ UBND, TTg).",
            crate::layout::capitalize(part(p))
        ),
        SymbolProblem::ExtraGroup { found } => format!(
            "Thừa nhóm «-{found}»: ký hiệu gồm loại-cơ quan, hoặc cơ quan-đơn vị soạn thảo với công văn."
        ),
    }
}

/// Reads a date typed dd/mm/yyyy (or d/m/yyyy).
fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().split('/');
    let day = parts.next()?.trim().parse().ok()?;
    let month = parts.next()?.trim().parse().ok()?;
    let year = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

impl DocumentForm {
    fn from_pairs(pairs: &[(String, String)]) -> DocumentForm {
        let v = |n: &str| form::value(pairs, n).trim().to_string();
        DocumentForm {
            id: v("id"),
            so_ky_hieu: v("so_ky_hieu"),
            loai: v("loai"),
            ngay: v("ngay"),
            co_quan: v("co_quan"),
            trich_yeu: v("trich_yeu"),
            linh_vuc: v("linh_vuc"),
            vai_tro: v("vai_tro"),
            ..DocumentForm::default()
        }
    }

    fn from_document(d: &Document) -> DocumentForm {
        DocumentForm {
            id: d.id.clone(),
            so_ky_hieu: d
                .symbol
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            loai: d.doc_type.code().to_string(),
            ngay: d.date.map(format::date_short).unwrap_or_default(),
            co_quan: d.issuer.clone(),
            trich_yeu: d.abstract_text.clone(),
            linh_vuc: d.field.code().to_string(),
            vai_tro: role_code(d.role).to_string(),
            ..DocumentForm::default()
        }
    }

    /// The document the form describes, or the form with its messages.
    fn check(mut self, period: Period) -> Result<(Document, DocumentForm), Box<DocumentForm>> {
        let symbol = if self.so_ky_hieu.is_empty() {
            None
        } else {
            match NumberSymbol::parse(&self.so_ky_hieu) {
                Ok(s) => Some(s),
                Err(e) => {
                    let text: Vec<String> = e.problems.iter().map(symbol_problem_vi).collect();
                    self.errors.insert("so_ky_hieu", text.join(" "));
                    None
                }
            }
        };
        let doc_type = DocumentType::from_code(&self.loai);
        if doc_type.is_none() {
            self.errors.insert("loai", "Chọn loại văn bản.".to_string());
        }
        if let (Some(s), Some(t)) = (&symbol, doc_type)
            && s.doc_type != t
            && s.doc_type != DocumentType::CongVan
        {
            self.errors.insert(
                "loai",
                format!(
                    "Ký hiệu {} là của {}, không phải {}.",
                    s,
                    s.doc_type.name_vi(),
                    t.name_vi()
                ),
            );
        }
        let date = if self.ngay.is_empty() {
            None
        } else {
            match parse_date(&self.ngay) {
                Some(d) => Some(d),
                None => {
                    self.errors.insert(
                        "ngay",
                        format!(
                            "Ngày «{}» không hợp lệ: nhập ngày/tháng/năm, ví dụ 12/4/2023.",
                            self.ngay
                        ),
                    );
                    None
                }
            }
        };
        if let Some(d) = date {
            let window = period.cutoff_window();
            if !window.contains(d) {
                self.warnings.insert(
                    "ngay",
                    format!(
                        "Ngày {} nằm ngoài kỳ chốt số liệu {} ({} - {}).",
                        format::date_short(d),
                        period.label_vi(),
                        format::date_short(window.start),
                        format::date_short(window.end)
                    ),
                );
            }
        }
        for (name, value, max) in [
            ("so_ky_hieu", &self.so_ky_hieu, MAX_SYMBOL_CHARS),
            ("co_quan", &self.co_quan, MAX_ISSUER_CHARS),
            ("trich_yeu", &self.trich_yeu, MAX_ABSTRACT_CHARS),
        ] {
            let chars = value.chars().count();
            if chars > max {
                self.errors.insert(
                    name,
                    format!(
                        "Quá dài: {} ký tự, tối đa {} ký tự.",
                        format::integer(chars as i64),
                        format::integer(max as i64)
                    ),
                );
            }
        }
        if self.co_quan.is_empty() {
            self.errors.insert(
                "co_quan",
                "Cần ghi cơ quan ban hành (ví dụ UBND tỉnh Ninh Thuận).".to_string(),
            );
        }
        if self.trich_yeu.is_empty() {
            self.errors.insert(
                "trich_yeu",
                "Cần ghi trích yếu nội dung văn bản.".to_string(),
            );
        }
        let field = Field::from_code(&self.linh_vuc);
        if field.is_none() {
            self.errors.insert("linh_vuc", "Chọn lĩnh vực.".to_string());
        }
        let role = role_from(&self.vai_tro);
        if role.is_none() {
            self.errors.insert(
                "vai_tro",
                "Chọn vai trò của Sở đối với văn bản.".to_string(),
            );
        }
        let (Some(doc_type), Some(field), Some(role)) = (doc_type, field, role) else {
            return Err(Box::new(self));
        };
        if !self.errors.is_empty() {
            return Err(Box::new(self));
        }
        let id = if !self.id.is_empty() {
            self.id.clone()
        } else {
            symbol.as_ref().map(ToString::to_string).unwrap_or_default()
        };
        let document = Document {
            id,
            symbol,
            doc_type,
            date,
            issuer: self.co_quan.clone(),
            abstract_text: self.trich_yeu.clone(),
            field,
            role,
            period: Some(period),
        };
        Ok((document, self))
    }
}

/// `GET /ky/{period}/van-ban`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<DocumentQuery>,
) -> Result<Html<String>, WebError> {
    let period = view::period(&period)?;
    let editing = if q.sua.is_empty() {
        None
    } else {
        Some(
            state
                .store()
                .document(&q.sua)
                .await?
                .ok_or(WebError::NotFound)?,
        )
    };
    let form = editing
        .as_ref()
        .map(DocumentForm::from_document)
        .unwrap_or_default();
    let notice = match q.tb.as_str() {
        "them" => Some("Đã thêm văn bản vào sổ."),
        "sua" => Some("Đã lưu văn bản."),
        "xoa" => Some("Đã xóa văn bản khỏi sổ."),
        "ngoai-ky" => {
            Some("Đã lưu văn bản. Lưu ý: ngày văn bản nằm ngoài kỳ chốt số liệu (dòng tô vàng).")
        }
        _ => None,
    };
    render(
        &state,
        &viewer,
        period,
        &q,
        form,
        notice.map(str::to_string),
    )
    .await
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    period: Period,
    q: &DocumentQuery,
    form: DocumentForm,
    notice: Option<String>,
) -> Result<Html<String>, WebError> {
    let documents = state.store().documents(period).await?;
    let window = period.cutoff_window();
    let actor = viewer.actor();
    let needle = search_fold(q.q.trim());
    let rows: Vec<DocumentRow> = documents
        .iter()
        .filter(|d| q.linh_vuc.is_empty() || d.field.code() == q.linh_vuc)
        .filter(|d| q.vai_tro.is_empty() || role_code(d.role) == q.vai_tro)
        .filter(|d| q.loai.is_empty() || d.doc_type.code() == q.loai)
        .filter(|d| {
            needle.is_empty()
                || search_fold(&format!("{} {} {}", d.citation(), d.issuer, d.id)).contains(&needle)
        })
        .map(|d| DocumentRow {
            id: d.id.clone(),
            anchor: anchor(&d.id),
            symbol: d
                .symbol
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            doc_type: d.doc_type.name_vi(),
            date: d.date.map(format::date_short).unwrap_or_default(),
            issuer: d.issuer.clone(),
            abstract_text: d.abstract_text.clone(),
            field: d.field.name_vi(),
            role: role_vi(d.role),
            out_of_window: d.date.is_some_and(|date| !window.contains(date))
                && d.role != DocumentRole::Cited,
            may_edit: actor.may_edit(d.field),
        })
        .collect();
    let fields: Vec<(&str, &str)> = Field::ALL.iter().map(|f| (f.code(), f.name_vi())).collect();
    let roles: Vec<(&str, &str)> = [
        DocumentRole::Advised,
        DocumentRole::Issued,
        DocumentRole::Cited,
    ]
    .into_iter()
    .map(|r| (role_code(r), role_vi(r)))
    .collect();
    let types: Vec<(&str, &str)> = DocumentType::ALL
        .iter()
        .map(|t| (t.code(), t.name_vi()))
        .collect();
    let may_add = Field::ALL.into_iter().any(|f| actor.may_edit(f));
    let chrome = layout::chrome(state, viewer, Some(period), "van-ban", None).await?;
    Ok(Html(templates::render(
        "documents.html",
        crate::page_context! {
            chrome,
            notice,
            period => PeriodLink::of(period),
            window => format!("{} - {}", format::date_short(window.start), format::date_short(window.end)),
            rows,
            total => documents.len(),
            q => crate::page_context! { q => q.q.clone(), linh_vuc => q.linh_vuc.clone(), vai_tro => q.vai_tro.clone(), loai => q.loai.clone() },
            fields,
            roles,
            types,
            form,
            may_add,
        },
    )?))
}

/// `POST /ky/{period}/van-ban`: add, edit or delete a document (the user's fields only).
pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let period = view::period(&period)?;
    let pairs = form::parse_urlencoded(&body);
    let actor = viewer.actor();
    let action = form::value(&pairs, "action");
    let back =
        |tb: &str| Redirect::to(&format!("/ky/{}/van-ban?tb={tb}", period.id())).into_response();
    let forbidden = |field: Field| {
        WebError::Forbidden(format!(
            "Bạn không được sửa sổ văn bản của lĩnh vực {}.",
            field.name_vi()
        ))
    };
    let original = match form::value(&pairs, "id") {
        "" => None,
        id => Some(
            state
                .store()
                .document(id)
                .await?
                .ok_or(WebError::NotFound)?,
        ),
    };
    if let Some(doc) = &original
        && !actor.may_edit(doc.field)
    {
        return Err(forbidden(doc.field));
    }
    if action == "xoa" {
        let doc = original.ok_or(WebError::NotFound)?;
        state
            .store()
            .delete_document(&doc.id, &viewer.user.username)
            .await?;
        return Ok(back("xoa"));
    }
    let typed = DocumentForm::from_pairs(&pairs);
    let (mut document, mut checked) = match typed.check(period) {
        Ok(ok) => ok,
        Err(form) => return again(&state, &viewer, period, *form).await,
    };
    if !actor.may_edit(document.field) {
        return Err(forbidden(document.field));
    }
    let result = if let Some(doc) = &original {
        document.id = doc.id.clone();
        state
            .store()
            .update_document(&document, &viewer.user.username)
            .await
    } else {
        if document.id.is_empty() {
            document.id = new_id(&state, period).await?;
        }
        state
            .store()
            .add_document(&document, &viewer.user.username)
            .await
    };
    match result {
        Ok(()) if !checked.warnings.is_empty() => Ok(back("ngoai-ky")),
        Ok(()) => Ok(back(if original.is_some() { "sua" } else { "them" })),
        Err(StoreError::Duplicate { .. }) => {
            checked.errors.insert(
                "so_ky_hieu",
                format!("Văn bản số {} đã có trong sổ.", document.id),
            );
            again(&state, &viewer, period, checked).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The form again with its messages and every typed value (422).
async fn again(
    state: &AppState,
    viewer: &Viewer,
    period: Period,
    form: DocumentForm,
) -> Result<Response, WebError> {
    let html = render(state, viewer, period, &DocumentQuery::default(), form, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// An id for a document without a number: `vb-2023-04-3`, the first free.
async fn new_id(state: &AppState, period: Period) -> Result<String, WebError> {
    for n in 1.. {
        let id = format!("vb-{}-{n}", period.id());
        if state.store().document(&id).await?.is_none() {
            return Ok(id);
        }
    }
    unreachable!("the ids are unbounded")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_day_first() {
        assert_eq!(
            parse_date("12/4/2023"),
            NaiveDate::from_ymd_opt(2023, 4, 12)
        );
        assert_eq!(
            parse_date("03/04/2023"),
            NaiveDate::from_ymd_opt(2023, 4, 3)
        );
        assert_eq!(parse_date("31/2/2023"), None);
        assert_eq!(parse_date("2023-04-12"), None);
    }

    #[test]
    fn a_wrong_symbol_is_explained_in_vietnamese() {
        let period = Period::parse("2023-04").unwrap();
        let form = DocumentForm {
            so_ky_hieu: "166/QD-UBND".into(),
            loai: "QĐ".into(),
            ngay: "12/4/2023".into(),
            co_quan: "UBND tỉnh Ninh Thuận".into(),
            trich_yeu: "về việc …".into(),
            linh_vuc: "cntt".into(),
            vai_tro: "advised".into(),
            ..DocumentForm::default()
        };
        let err = form.check(period).unwrap_err();
        assert!(
            err.errors["so_ky_hieu"].contains("«QD»"),
            "{:?}",
            err.errors
        );
        assert!(
            err.errors["so_ky_hieu"].contains("«QĐ»"),
            "{:?}",
            err.errors
        );
        assert_eq!(err.co_quan, "UBND tỉnh Ninh Thuận");
    }

    #[test]
    fn overlong_fields_are_refused_beside_the_field_and_kept() {
        let period = Period::parse("2023-04").unwrap();
        let long_issuer = "B".repeat(MAX_ISSUER_CHARS + 1);
        let form = DocumentForm {
            so_ky_hieu: format!("170/QĐ-{}", "A".repeat(MAX_SYMBOL_CHARS)),
            loai: "QĐ".into(),
            ngay: "12/4/2023".into(),
            co_quan: long_issuer.clone(),
            trich_yeu: "về việc …".into(),
            linh_vuc: "cntt".into(),
            vai_tro: "issued".into(),
            ..DocumentForm::default()
        };
        let err = form.check(period).unwrap_err();
        assert_eq!(
            err.errors["co_quan"],
            "Quá dài: 301 ký tự, tối đa 300 ký tự."
        );
        assert!(
            err.errors["so_ky_hieu"].starts_with("Quá dài: 67 ký tự"),
            "{:?}",
            err.errors
        );
        assert!(!err.errors.contains_key("trich_yeu"));
        assert_eq!(err.co_quan, long_issuer);
    }

    #[test]
    fn a_date_outside_the_window_is_a_warning() {
        let period = Period::parse("2023-04").unwrap();
        let form = DocumentForm {
            so_ky_hieu: "166/QĐ-UBND".into(),
            loai: "QĐ".into(),
            ngay: "20/4/2023".into(),
            co_quan: "UBND tỉnh Ninh Thuận".into(),
            trich_yeu: "về việc …".into(),
            linh_vuc: "cntt".into(),
            vai_tro: "advised".into(),
            ..DocumentForm::default()
        };
        let (doc, checked) = form.check(period).unwrap();
        assert_eq!(doc.id, "166/QĐ-UBND");
        assert!(
            checked.warnings["ngay"].contains("15/3/2023 - 14/4/2023"),
            "{:?}",
            checked.warnings
        );
    }
}
