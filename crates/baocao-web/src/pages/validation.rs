//! `GET /ky/{period}/kiem-tra`: every violation of the period (`baocao_app::validate`) by
//! field, with importance, rule, both sides' values and formulas, and a link to the cell on
//! the entry page (`/ky/{period}/nhap/{field}#o-DE-OPTS`, see `grid.rs`).

use axum::extract::{Path, Query, State};
use axum::response::Html;
use baocao_core::catalog::Field;
use serde::Serialize;

use crate::auth::Viewer;
use crate::grid::{self, ViolationView};
use crate::layout::{self, PeriodLink};
use crate::pages::OrgUnitQuery;
use crate::{AppState, WebError, templates, view};

#[derive(Debug, Serialize)]
struct FieldViolations {
    code: String,
    name: String,
    violations: Vec<ViolationView>,
}

/// `GET /ky/{period}/kiem-tra`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(period): Path<String>,
    Query(q): Query<OrgUnitQuery>,
) -> Result<Html<String>, WebError> {
    let period = view::period(&period)?;
    let data = view::load(&state, period, q.dv()).await?;
    let report = baocao_app::validate(&data);
    let views: Vec<ViolationView> = report
        .violations
        .iter()
        .map(|v| grid::violation_view(&data, v))
        .collect();
    let mut groups: Vec<FieldViolations> = Field::ALL
        .into_iter()
        .map(|f| FieldViolations {
            code: f.code().to_string(),
            name: f.name_vi().to_string(),
            violations: views
                .iter()
                .filter(|v| v.field == Some(f.code()))
                .cloned()
                .collect(),
        })
        .filter(|g| !g.violations.is_empty())
        .collect();
    let others: Vec<ViolationView> = views
        .iter()
        .filter(|v| v.field.is_none())
        .cloned()
        .collect();
    if !others.is_empty() {
        groups.push(FieldViolations {
            code: "van-ban".to_string(),
            name: "Sổ văn bản".to_string(),
            violations: others,
        });
    }
    let chrome = layout::chrome(&state, &viewer, Some(period), "kiem-tra", q.dv()).await?;
    let html = templates::render(
        "validation.html",
        crate::page_context! {
            chrome,
            period => PeriodLink::of(period),
            org_unit => data.org_unit.current_name(),
            groups,
            total => views.len(),
            rules_evaluated => report.rules_evaluated,
            rules_skipped => report.rules_skipped,
        },
    )?;
    Ok(Html(html))
}
