//! What every page's frame shows: the user and role, the sign-out form with its CSRF token,
//! the period picker, the navigation (fields to enter, report sections to write) and the
//! org unit chosen.

use baocao_core::catalog::Field;
use baocao_core::period::Period;
use baocao_report::ReportTemplate;
use serde::Serialize;

use crate::auth::Viewer;
use crate::{AppState, WebError, view};

/// The frame of a page, passed to every template as `chrome`.
#[derive(Debug, Clone, Serialize)]
pub struct Chrome {
    /// The user's full name.
    pub user_name: String,
    /// The username.
    pub username: String,
    /// "Quản trị", "Chuyên viên" or "Lãnh đạo".
    pub role_label: String,
    /// Whether the users page is offered.
    pub is_admin: bool,
    /// The CSRF token for the page's forms.
    pub csrf: String,
    /// The period shown, if the page is about one.
    pub period: Option<PeriodLink>,
    /// The periods of the picker, newest first.
    pub periods: Vec<PeriodLink>,
    /// The active navigation item: "tong-quan", "nhap", "nhap-tep", "kiem-tra", "van-ban",
    /// "nhiem-vu", "noi-dung", "bao-cao", "lich-su", "nguoi-dung".
    pub active: &'static str,
    /// The fields, with whether the user may enter each.
    pub fields: Vec<FieldLink>,
    /// The report sections that have a narrative (id, number and title).
    pub sections: Vec<SectionLink>,
    /// The `?dv=` suffix to keep the chosen org unit in links ("" for the province).
    pub dv_query: String,
}

/// A period in links and the picker.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodLink {
    /// `2023-04`.
    pub id: String,
    /// "Tháng 4/2023".
    pub label: String,
}

impl PeriodLink {
    /// The link of `period`.
    pub fn of(period: Period) -> PeriodLink {
        PeriodLink {
            id: period.id(),
            label: capitalize(&period.label_vi()),
        }
    }
}

/// A field in the navigation.
#[derive(Debug, Clone, Serialize)]
pub struct FieldLink {
    /// `cntt`.
    pub code: &'static str,
    /// "Công nghệ thông tin".
    pub name: &'static str,
    /// Whether the user may enter its figures.
    pub editable: bool,
}

/// A report section with a narrative.
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    /// The narrative id, e.g. "2.2".
    pub id: String,
    /// "2.2. Lĩnh vực Công nghệ thông tin".
    pub title: String,
}

/// Upper-cases the first letter: "tháng 4/2023" → "Tháng 4/2023".
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The fields that have data elements, in report order.
pub fn entry_fields(catalog: &baocao_core::catalog::Catalog) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|f| catalog.data_elements.values().any(|de| de.field == *f))
        .collect()
}

/// The frame for `viewer` on a page about `period`.
///
/// Errors: database errors.
pub async fn chrome(
    state: &AppState,
    viewer: &Viewer,
    period: Option<Period>,
    active: &'static str,
    dv: Option<&str>,
) -> Result<Chrome, WebError> {
    let store = state.store();
    let periods = view::periods(store).await?;
    let catalog = state.cache().catalog(store).await?;
    let actor = viewer.actor();
    let fields = entry_fields(&catalog.catalog)
        .into_iter()
        .map(|f| FieldLink {
            code: f.code(),
            name: f.name_vi(),
            editable: actor.may_edit(f),
        })
        .collect();
    Ok(Chrome {
        user_name: viewer.user.full_name.clone(),
        username: viewer.user.username.clone(),
        role_label: viewer.user.role.label_vi().to_string(),
        is_admin: viewer.is_admin(),
        csrf: viewer.csrf.clone(),
        period: period.map(PeriodLink::of),
        periods: periods.into_iter().map(PeriodLink::of).collect(),
        active,
        fields,
        sections: narrative_sections(state).await?,
        dv_query: dv
            .map(|d| format!("?dv={}", crate::form::encode(d)))
            .unwrap_or_default(),
    })
}

/// The stored report template, if any.
///
/// Errors: database errors; a stored template that does not parse.
pub async fn template(state: &AppState) -> Result<Option<ReportTemplate>, WebError> {
    let Some((name, text)) = state.store().source_file("report_template").await? else {
        return Ok(None);
    };
    ReportTemplate::from_toml(&name, &text)
        .map(Some)
        .map_err(|e| WebError::Internal(e.to_string()))
}

async fn narrative_sections(state: &AppState) -> Result<Vec<SectionLink>, WebError> {
    let Some(template) = template(state).await? else {
        return Ok(Vec::new());
    };
    Ok(template
        .section
        .iter()
        .filter_map(|s| {
            s.narrative.as_ref().map(|id| SectionLink {
                id: id.clone(),
                title: format!("{} {}", s.number, s.title),
            })
        })
        .collect())
}
