//! Aggregation of figures over time (months → quarter, half-year, year) and over org units
//! (communes → district → province), by each data element's aggregation type, as DHIS2
//! aggregates: pure functions over [`DataTable`]s the caller loaded.
//!
//! The rules, decided here and documented in `docs/file-formats.md` ("Quarters, half-years,
//! years and areas"):
//! - Over time ([`TimeRule`]): `sum` adds the months that have a figure (DHIS2 sums what
//!   exists; the [`Coverage`] says how many months that was, "số liệu 2/3 tháng"); `last`
//!   takes each unit's latest month with a figure; `average` is the mean of the months that
//!   have a figure (a missing month is left out, not counted as zero). An element whose
//!   `period_scope` is `year_to_date` or `cumulative` (lũy kế) already adds up its months, so
//!   its value for a longer period is the latest month's, whatever its aggregation type.
//! - Over org units ([`UnitRule`]): `sum` and `last` add the units (DHIS2's "sum in org unit
//!   hierarchy" for last values); `average` is the mean over the units, and together with the
//!   months the mean of every (unit, month) figure, as DHIS2's "average" does in both
//!   dimensions. A unit's figure counts once it is stored at the unit or any unit below it:
//!   figures are stored at the level of the unit that produced them. A unit that ceased
//!   during the period (merged into a successor) counts for sums and averages, not for last
//!   values: its stock is its successor's at the end.
//! - A unit that typed figures of an element for the period itself (a figure of `2023Q2`)
//!   gives those, as typed; its months are not added to them.
//! - Only the finest figures are aggregated: a subtotal or total is recomputed from the
//!   aggregated parts, as the monthly report prints it. A cell stated without parts in some
//!   month while other months give parts keeps its own aggregate and loses its breakdown
//!   (the parts would miss that month); the coverage lists it.
//! - Stated values are not aggregated: a rate a unit typed for a month says nothing of the
//!   quarter. Indicators are recomputed from the aggregated figures (never averaged rates).

use std::collections::BTreeSet;

use baocao_core::catalog::{AggregationType, Category, DataElement, PeriodScope};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::period::{Period, PeriodType};
use serde::Serialize;

use crate::compile::CompiledCatalog;
use crate::eval::{Evaluator, split_category};
use crate::table::{DataTable, Figure};

/// How a data element's figures combine over the months of a longer period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeRule {
    /// The sum of the months that have a figure (flows: dossiers received).
    Sum,
    /// Each unit's latest month with a figure (stocks: subscribers; and every year-to-date or
    /// cumulative element).
    Last,
    /// The mean of the figures present (missing months left out).
    Average,
}

impl TimeRule {
    /// The rule of a data element: its aggregation type, except that a `year_to_date` or
    /// `cumulative` element takes its latest month (its figures already add up the months).
    pub fn of(de: &DataElement) -> TimeRule {
        match (de.period_scope, de.aggregation) {
            (PeriodScope::YearToDate | PeriodScope::Cumulative, _) => TimeRule::Last,
            (PeriodScope::Period, AggregationType::Sum) => TimeRule::Sum,
            (PeriodScope::Period, AggregationType::Last) => TimeRule::Last,
            (PeriodScope::Period, AggregationType::Average) => TimeRule::Average,
        }
    }
}

/// How a data element's figures combine over org units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitRule {
    /// The sum of the units (aggregation `sum` and `last`).
    Sum,
    /// The mean of the units that have a figure (aggregation `average`).
    Average,
}

impl UnitRule {
    /// The rule of a data element: the mean for `average`, else the sum.
    pub fn of(de: &DataElement) -> UnitRule {
        match de.aggregation {
            AggregationType::Average => UnitRule::Average,
            AggregationType::Sum | AggregationType::Last => UnitRule::Sum,
        }
    }
}

/// One figure to combine: which unit (an index into the caller's list), which month (an
/// index in time order; larger is later) and the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// The unit, as an index.
    pub unit: usize,
    /// The month, as an index in time order.
    pub month: usize,
    /// The value.
    pub value: f64,
}

/// Combines figures of one cell by the two rules: `Sum` adds all; `Average` is the mean of
/// all (both dimensions, as DHIS2's average); `Last` takes each unit's latest month and then
/// adds the units (`UnitRule::Sum`) or takes their mean (`UnitRule::Average`). `None` when
/// there is no figure.
pub fn combine(time: TimeRule, units: UnitRule, observations: &[Observation]) -> Option<f64> {
    if observations.is_empty() {
        return None;
    }
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len() as f64;
    match time {
        TimeRule::Sum => Some(observations.iter().map(|o| o.value).sum()),
        TimeRule::Average => {
            let values: Vec<f64> = observations.iter().map(|o| o.value).collect();
            Some(mean(&values))
        }
        TimeRule::Last => {
            let mut latest: Vec<Observation> = Vec::new();
            for o in observations {
                match latest.iter_mut().find(|l| l.unit == o.unit) {
                    Some(l) if o.month >= l.month => *l = *o,
                    Some(_) => {}
                    None => latest.push(*o),
                }
            }
            let values: Vec<f64> = latest.iter().map(|o| o.value).collect();
            Some(match units {
                UnitRule::Sum => values.iter().sum(),
                UnitRule::Average => mean(&values),
            })
        }
    }
}

/// The figures stored for one org unit: the period asked for and its months, as loaded.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The org unit's id.
    pub org_unit: &'a str,
    /// Its figures.
    pub table: &'a DataTable,
    /// Whether the unit still exists at the end of the period. A unit that ceased during it
    /// (a commune merged on 1/7/2025) counts for sums and averages but not for last values,
    /// whose stock its successors hold at the end, unless no unit existing at the end has a
    /// figure.
    pub at_end: bool,
}

impl<'a> Source<'a> {
    /// The figures of a unit that exists at the end of the period.
    pub fn new(org_unit: &'a str, table: &'a DataTable) -> Source<'a> {
        Source {
            org_unit,
            table,
            at_end: true,
        }
    }
}

/// What went into one data element's aggregate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// The data element.
    pub data_element: String,
    /// How its months were combined.
    pub rule: TimeRule,
    /// The months of the period.
    pub months: Vec<Period>,
    /// The months with a figure of some unit, in order (all of them for figures typed for the
    /// period itself).
    pub months_present: Vec<Period>,
    /// The units that had a figure, in the order given.
    pub units_present: Vec<String>,
    /// The units whose figures were typed for the period itself and taken as typed.
    pub typed_for_period: Vec<String>,
    /// Cells whose breakdown was left out: some month stated the cell without its parts.
    pub breakdowns_dropped: Vec<CategoryOptionCombo>,
}

impl Coverage {
    /// The latest month with a figure.
    pub fn latest_month(&self) -> Option<Period> {
        self.months_present.last().copied()
    }

    /// The months without any figure.
    pub fn months_missing(&self) -> Vec<Period> {
        self.months
            .iter()
            .filter(|m| !self.months_present.contains(m))
            .copied()
            .collect()
    }

    /// Whether every month has a figure and no breakdown was dropped.
    pub fn is_complete(&self) -> bool {
        self.months_present.len() == self.months.len() && self.breakdowns_dropped.is_empty()
    }

    /// What a reader must know, in Vietnamese: "số liệu 2/3 tháng, thiếu tháng 5/2023";
    /// for a last value whose last month is missing, the month the value is from; a dropped
    /// breakdown. Empty when complete.
    pub fn notes_vi(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let missing = self.months_missing();
        if !missing.is_empty() && self.months.len() > 1 {
            let labels: Vec<String> = missing.iter().map(Period::label_vi).collect();
            let mut note = format!(
                "số liệu {}/{} tháng, thiếu {}",
                self.months_present.len(),
                self.months.len(),
                labels.join(", ")
            );
            let last = self.months.last().copied();
            if self.rule == TimeRule::Last
                && let Some(latest) = self.latest_month()
                && Some(latest) != last
            {
                note.push_str(&format!("; giá trị cuối kỳ là của {}", latest.label_vi()));
            }
            notes.push(note);
        }
        for coc in &self.breakdowns_dropped {
            notes.push(format!(
                "không có phân tổ của {} cho cả kỳ: có tháng chỉ khai tổng",
                if coc.is_total() {
                    "tổng".to_string()
                } else {
                    coc.code()
                }
            ));
        }
        notes
    }
}

/// The figures of a period aggregated from its months and units.
#[derive(Debug, Clone, Default)]
pub struct Aggregate {
    /// The figures, all of the period asked for: the finest cells (subtotals and totals are
    /// recomputed from them), or the figures a single unit typed for the period itself.
    pub table: DataTable,
    /// One entry per data element that had a figure, by code.
    pub coverage: Vec<Coverage>,
}

impl Aggregate {
    /// The coverage of a data element, if it had a figure.
    pub fn coverage_of(&self, data_element: &str) -> Option<&Coverage> {
        self.coverage
            .iter()
            .find(|c| c.data_element == data_element)
    }

    /// Copies every figure (and stated indicator value) of `period` into `target`.
    pub fn copy_into(&self, target: &mut DataTable, period: Period) {
        copy_period(&self.table, target, period);
    }
}

/// Copies every figure and stated indicator value of `period` from one table to another
/// (replacing what `target` held at the same cells).
pub fn copy_period(from: &DataTable, target: &mut DataTable, period: Period) {
    for (de, cells) in from.data_elements_in(period) {
        for (coc, figure) in cells {
            target.insert(de, coc.clone(), period, *figure);
        }
    }
    for (indicator, coc, figure) in from.stated_indicators_in(period) {
        target.insert_stated_indicator(indicator, coc.clone(), period, figure);
    }
}

/// One unit's figures of an element for one month (or the period itself).
struct Slot<'a> {
    unit: usize,
    month: usize,
    period: Period,
    cells: &'a [(CategoryOptionCombo, Figure)],
}

/// Aggregates the figures of `sources` (each holding `period` itself and/or its months) into
/// `period`, for every data element of the catalogue, by the rules of the module.
///
/// With one source and a month, this is the source's figures of the month as stored (stated
/// totals and stated indicator values included); with one source and figures typed for the
/// period itself, likewise for those elements. Otherwise stated indicator values are left out.
pub fn aggregate(compiled: &CompiledCatalog, sources: &[Source<'_>], period: Period) -> Aggregate {
    let catalog = &compiled.catalog;
    let months = period.months();
    let mut out = Aggregate::default();
    for de in catalog.data_elements.values() {
        let mut slots: Vec<Slot<'_>> = Vec::new();
        let mut typed_for_period = Vec::new();
        for (unit, source) in sources.iter().enumerate() {
            let own = source.table.cells(&de.code, period);
            if !own.is_empty() {
                slots.push(Slot {
                    unit,
                    month: months.len() - 1,
                    period,
                    cells: own,
                });
                if period.period_type() != PeriodType::Month {
                    typed_for_period.push(source.org_unit.to_string());
                }
                continue;
            }
            if period.period_type() == PeriodType::Month {
                continue;
            }
            for (month, m) in months.iter().enumerate() {
                let cells = source.table.cells(&de.code, *m);
                if !cells.is_empty() {
                    slots.push(Slot {
                        unit,
                        month,
                        period: *m,
                        cells,
                    });
                }
            }
        }
        if slots.is_empty() {
            continue;
        }
        let mut breakdowns_dropped = Vec::new();
        if sources.len() == 1 && slots.len() == 1 && slots[0].period == period {
            for (coc, figure) in slots[0].cells {
                out.table.insert(&de.code, coc.clone(), period, *figure);
            }
        } else {
            let categories = catalog.categories_of(de);
            let lists: Vec<&[(CategoryOptionCombo, Figure)]> =
                slots.iter().map(|s| s.cells).collect();
            let (leaves, dropped) = finest_cells(&categories, &lists);
            breakdowns_dropped = dropped;
            let decimals = lists
                .iter()
                .flat_map(|cells| cells.iter().map(|(_, f)| f.decimals))
                .max()
                .unwrap_or(0);
            // Last values: only units existing at the end, when one of them has a figure.
            let last_from_current = TimeRule::of(de) == TimeRule::Last
                && slots.iter().any(|slot| sources[slot.unit].at_end);
            for coc in leaves {
                let observations: Vec<Observation> = slots
                    .iter()
                    .filter(|slot| !last_from_current || sources[slot.unit].at_end)
                    .filter_map(|slot| {
                        let evaluator = Evaluator::new(compiled, sources[slot.unit].table);
                        let value = evaluator.computed(de, &coc, slot.period)?;
                        Some(Observation {
                            unit: slot.unit,
                            month: slot.month,
                            value,
                        })
                    })
                    .collect();
                if let Some(value) = combine(TimeRule::of(de), UnitRule::of(de), &observations) {
                    out.table
                        .insert(&de.code, coc, period, Figure { value, decimals });
                }
            }
        }
        let present: BTreeSet<usize> = slots
            .iter()
            .flat_map(|s| {
                if s.period == period {
                    0..months.len()
                } else {
                    s.month..s.month + 1
                }
            })
            .collect();
        let mut units_present: Vec<String> = Vec::new();
        for slot in &slots {
            let id = sources[slot.unit].org_unit;
            if !units_present.iter().any(|u| u == id) {
                units_present.push(id.to_string());
            }
        }
        out.coverage.push(Coverage {
            data_element: de.code.clone(),
            rule: TimeRule::of(de),
            months: months.clone(),
            months_present: present.into_iter().map(|i| months[i]).collect(),
            units_present,
            typed_for_period,
            breakdowns_dropped,
        });
    }
    if let [only] = sources {
        for (indicator, coc, figure) in only.table.stated_indicators_in(period) {
            out.table
                .insert_stated_indicator(indicator, coc.clone(), period, figure);
        }
    }
    out
}

/// The cells to aggregate: every stored cell that has no finer stored cell, except that a
/// cell stated without its parts in some list keeps its own figure and loses the parts.
/// Returns the cells (in code order) and the cells whose parts were dropped.
fn finest_cells(
    categories: &[&Category],
    lists: &[&[(CategoryOptionCombo, Figure)]],
) -> (Vec<CategoryOptionCombo>, Vec<CategoryOptionCombo>) {
    let all: BTreeSet<&CategoryOptionCombo> = lists
        .iter()
        .flat_map(|cells| cells.iter().map(|(c, _)| c))
        .collect();
    let mut coarsest_first: Vec<&CategoryOptionCombo> = all.iter().copied().collect();
    coarsest_first.sort_by_key(|c| c.options().len());
    let finer_than = |c: &CategoryOptionCombo| -> Vec<&CategoryOptionCombo> {
        all.iter()
            .copied()
            .filter(|f| *f != c && c.is_within(f))
            .collect()
    };
    let mut dropped: BTreeSet<&CategoryOptionCombo> = BTreeSet::new();
    let mut cut = Vec::new();
    for coc in coarsest_first {
        if dropped.contains(coc) {
            continue;
        }
        let finer = finer_than(coc);
        if finer.is_empty() {
            continue;
        }
        let stated_alone = lists.iter().any(|cells| {
            cells.iter().any(|(c, _)| c == coc) && split_category(categories, coc, cells).is_none()
        });
        if stated_alone {
            dropped.extend(finer);
            cut.push(coc.clone());
        }
    }
    let kept: Vec<&CategoryOptionCombo> = all
        .iter()
        .copied()
        .filter(|c| !dropped.contains(c))
        .collect();
    let leaves = kept
        .iter()
        .filter(|c| !kept.iter().any(|f| f != *c && c.is_within(f)))
        .map(|c| (*c).clone())
        .collect();
    (leaves, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(unit: usize, month: usize, value: f64) -> Observation {
        Observation { unit, month, value }
    }

    #[test]
    fn combine_by_hand() {
        // Two units, three months; unit 1 has no figure in month 2.
        let values = [
            obs(0, 0, 10.0),
            obs(0, 1, 20.0),
            obs(0, 2, 30.0),
            obs(1, 0, 1.0),
            obs(1, 1, 2.0),
        ];
        assert_eq!(combine(TimeRule::Sum, UnitRule::Sum, &values), Some(63.0));
        // Latest of each unit: 30 and 2.
        assert_eq!(combine(TimeRule::Last, UnitRule::Sum, &values), Some(32.0));
        assert_eq!(
            combine(TimeRule::Last, UnitRule::Average, &values),
            Some(16.0)
        );
        // The mean of the five figures present.
        assert_eq!(
            combine(TimeRule::Average, UnitRule::Average, &values),
            Some(12.6)
        );
        assert_eq!(combine(TimeRule::Sum, UnitRule::Sum, &[]), None);
        // Order does not matter for the latest month.
        let shuffled = [obs(0, 2, 30.0), obs(0, 0, 10.0)];
        assert_eq!(
            combine(TimeRule::Last, UnitRule::Sum, &shuffled),
            Some(30.0)
        );
    }
}
