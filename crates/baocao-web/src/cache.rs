//! What the pages would otherwise recompute on every request from data that seldom changes:
//! the compiled catalogue (`catalog.toml` normalised to NFC, parsed and checked: most of a
//! page's CPU time) and the dashboard's charts over twelve months (twelve periods loaded,
//! each with its catalogue, evaluated and drawn as SVG). Kept in [`crate::AppState`] under
//! the store's [`ChangeMark`], read before anything is computed; a result is served only to
//! a request that read the same mark. Equal marks mean that nothing was committed in between
//! ([`Store::change_mark`]), so nothing served is stale, whoever made the change: this
//! server, another one on the same database, or `baocao load`, `import`, `status`, `restore`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use baocao_app::AppError;
use baocao_core::period::Period;
use baocao_engine::CompiledCatalog;
use baocao_store::{ChangeMark, Store};

use crate::trends::DrawnChart;

/// At most this many dashboards' charts (a period of an org unit each) are kept under one
/// mark; one more empties the map (six charts are about 60 KB of SVG).
const MAX_CHARTS: usize = 64;

/// The charts of one dashboard: its last period and its org unit as asked (`?dv=`).
type ChartsKey = (Period, Option<String>);

/// The cache of an [`crate::AppState`], shared by its clones.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<Entries>,
}

/// What was computed under `mark`.
#[derive(Debug, Default)]
struct Entries {
    mark: Option<ChangeMark>,
    catalog: Option<Arc<CompiledCatalog>>,
    charts: HashMap<ChartsKey, Arc<[DrawnChart]>>,
}

impl Cache {
    /// What was kept under `mark`; when the entries are of another mark, they are dropped
    /// and an empty set for `mark` begins. Two requests that read different marks at the
    /// same time may so drop each other's entries: that costs a recomputation, never a
    /// stale answer.
    fn entries(&self, mark: ChangeMark) -> MutexGuard<'_, Entries> {
        // A panic while the lock was held cannot leave the entries half-written: every
        // change is one assignment.
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.mark != Some(mark) {
            *entries = Entries {
                mark: Some(mark),
                ..Entries::default()
            };
        }
        entries
    }

    /// The store's compiled catalogue ([`baocao_app::catalog`]), compiled once per change
    /// of the store.
    ///
    /// Errors: [`AppError::NoCatalog`] when nothing was loaded; the stored catalogue's
    /// problems; database errors.
    pub async fn catalog(&self, store: &Store) -> Result<Arc<CompiledCatalog>, AppError> {
        let mark = store.change_mark().await?;
        if let Some(catalog) = self.entries(mark).catalog.clone() {
            return Ok(catalog);
        }
        let catalog = Arc::new(baocao_app::catalog(store).await?);
        self.entries(mark).catalog = Some(catalog.clone());
        Ok(catalog)
    }

    /// The charts kept for the dashboard of `last` and org unit `dv` under `mark`, if any.
    pub fn charts(
        &self,
        mark: ChangeMark,
        last: Period,
        dv: Option<&str>,
    ) -> Option<Arc<[DrawnChart]>> {
        self.entries(mark)
            .charts
            .get(&(last, dv.map(str::to_string)))
            .cloned()
    }

    /// Keeps `charts`, computed from what the store held at `mark` or later, for the
    /// dashboard of `last` and org unit `dv`.
    pub fn keep_charts(
        &self,
        mark: ChangeMark,
        last: Period,
        dv: Option<&str>,
        charts: Arc<[DrawnChart]>,
    ) {
        let mut entries = self.entries(mark);
        if entries.charts.len() >= MAX_CHARTS {
            entries.charts.clear();
        }
        entries
            .charts
            .insert((last, dv.map(str::to_string)), charts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(last_entry: i64, entries: i64) -> ChangeMark {
        ChangeMark {
            last_entry,
            entries,
        }
    }

    fn drawn(caption: &str) -> Arc<[DrawnChart]> {
        Arc::from(vec![DrawnChart {
            caption: caption.to_string(),
            svg: "<svg/>".to_string(),
        }])
    }

    #[test]
    fn charts_are_served_under_their_mark_only() {
        let cache = Cache::default();
        let april = Period::parse("2023-04").unwrap();
        let first = mark(7, 7);
        cache.keep_charts(first, april, None, drawn("Biểu đồ 1"));
        assert_eq!(
            cache.charts(first, april, None).unwrap()[0].caption,
            "Biểu đồ 1"
        );
        assert!(
            cache.charts(first, april, Some("584")).is_none(),
            "another unit"
        );
        let march = Period::parse("2023-03").unwrap();
        assert!(cache.charts(first, march, None).is_none(), "another period");
        // A commit moved the mark: what was kept is gone, also when asked under the old
        // mark again (a request that read it before the commit).
        assert!(cache.charts(mark(8, 8), april, None).is_none());
        assert!(cache.charts(first, april, None).is_none());
    }

    #[test]
    fn the_charts_kept_are_bounded() {
        let cache = Cache::default();
        let m = mark(1, 1);
        let months: Vec<Period> = (1..=12)
            .flat_map(|month| (2015..2021).map(move |year| Period::month(year, month).unwrap()))
            .collect();
        for p in &months[..MAX_CHARTS] {
            cache.keep_charts(m, *p, None, drawn("x"));
        }
        assert!(cache.charts(m, months[0], None).is_some());
        cache.keep_charts(m, months[MAX_CHARTS], None, drawn("y"));
        assert!(cache.charts(m, months[0], None).is_none());
        assert_eq!(
            cache.charts(m, months[MAX_CHARTS], None).unwrap()[0].caption,
            "y"
        );
    }
}
