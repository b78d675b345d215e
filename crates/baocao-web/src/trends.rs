//! The dashboard's charts over the last twelve months (`baocao_app::EXAMPLE_DASHBOARD`: online
//! dossier rate, dossiers by channel, subscribers and their densities, postal volume, security
//! alerts by severity), evaluated per month from the store in one pass
//! (`baocao_app::series_charts`) and drawn as SVG on the server by `baocao-charts`. A chart
//! whose codes the stored catalogue lacks (another department's) is left out, and so is a
//! chart without a single value. The drawn charts are kept until the store changes
//! ([`crate::cache`]).

use std::sync::Arc;

use baocao_app::SeriesChart;
use baocao_app::series::EXAMPLE_DASHBOARD;
use baocao_core::period::Period;
use baocao_engine::CompiledCatalog;
use baocao_report::model::Chart;
use serde::Serialize;

use crate::{AppState, WebError};

/// How many months the charts cover.
pub const MONTHS: usize = 12;

/// A chart as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrawnChart {
    /// "Biểu đồ 1. Tỷ lệ hồ sơ tiếp nhận trực tuyến …".
    pub caption: String,
    /// The chart as an SVG document (`baocao_charts::svg`), inline in the page.
    pub svg: String,
}

/// The dashboard's charts for the twelve months ending with `last`, for org unit `dv` (the
/// province by default), numbered from 1, drawn; computed once per change of the store
/// ([`crate::cache`]).
///
/// Errors: storage errors.
pub async fn drawn_charts(
    state: &AppState,
    dv: Option<&str>,
    last: Period,
) -> Result<Arc<[DrawnChart]>, WebError> {
    let mark = state.store().change_mark().await?;
    if let Some(kept) = state.cache().charts(mark, last, dv) {
        return Ok(kept);
    }
    let drawn: Arc<[DrawnChart]> = charts(state, dv, last)
        .await?
        .iter()
        .map(|chart| DrawnChart {
            caption: chart.caption(),
            svg: baocao_charts::svg(chart),
        })
        .collect();
    state.cache().keep_charts(mark, last, dv, drawn.clone());
    Ok(drawn)
}

/// The dashboard's charts for the twelve months ending with `last`, for org unit `dv` (the
/// province by default), numbered from 1.
///
/// Errors: storage errors.
async fn charts(state: &AppState, dv: Option<&str>, last: Period) -> Result<Vec<Chart>, WebError> {
    let store = state.store();
    let catalog = state.cache().catalog(store).await?;
    let usable: Vec<SeriesChart<'static>> = EXAMPLE_DASHBOARD
        .into_iter()
        .filter(|spec| spec.series.iter().all(|(_, f)| evaluable(&catalog, f)))
        .collect();
    if usable.is_empty() {
        return Ok(Vec::new());
    }
    let charts = baocao_app::series_charts(store, dv, last, MONTHS, &usable).await?;
    Ok(charts
        .into_iter()
        .filter(|c| {
            c.series
                .iter()
                .any(|s| s.values.iter().any(Option::is_some))
        })
        .enumerate()
        .map(|(i, mut chart)| {
            chart.number = i + 1;
            chart
        })
        .collect())
}

/// Whether every reference of a formula names a code the catalogue has.
fn evaluable(catalog: &CompiledCatalog, formula: &str) -> bool {
    baocao_engine::expr::parse(formula).is_ok_and(|expr| {
        expr.references()
            .into_iter()
            .all(|r| baocao_engine::compile::check_reference(&catalog.catalog, r).is_ok())
    })
}
