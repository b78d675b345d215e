//! The table of figures the engine computes over: stored values of one org unit, by data
//! element, period and cell, and the indicator values units stated. Loaded by the caller.

use std::collections::HashMap;

use baocao_core::coc::CategoryOptionCombo;
use baocao_core::period::Period;
use baocao_core::value::{DataValue, StatedIndicatorValue};

/// A stored figure with the decimals it was typed with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// The value.
    pub value: f64,
    /// Digits typed after the decimal comma.
    pub decimals: u32,
}

/// Stored values of one org unit, in memory.
#[derive(Debug, Clone, Default)]
pub struct DataTable {
    cells: HashMap<(String, Period), Vec<(CategoryOptionCombo, Figure)>>,
    stated_indicators: HashMap<(String, Period), Vec<(CategoryOptionCombo, Figure)>>,
}

impl DataTable {
    /// An empty table.
    pub fn new() -> Self {
        DataTable::default()
    }

    /// A table of the values and stated indicator values of `org_unit`; others are ignored.
    pub fn from_values(
        values: &[DataValue],
        stated: &[StatedIndicatorValue],
        org_unit: &str,
    ) -> Self {
        let mut table = DataTable::new();
        for v in values.iter().filter(|v| v.org_unit == org_unit) {
            let figure = Figure {
                value: v.number.value,
                decimals: v.number.decimals,
            };
            table.insert(
                &v.data_element,
                v.category_option_combo.clone(),
                v.period,
                figure,
            );
        }
        for s in stated.iter().filter(|s| s.org_unit == org_unit) {
            let figure = Figure {
                value: s.number.value,
                decimals: s.number.decimals,
            };
            table.insert_stated_indicator(
                &s.indicator,
                s.category_option_combo.clone(),
                s.period,
                figure,
            );
        }
        table
    }

    /// Stores (or replaces) a data element's cell.
    pub fn insert(
        &mut self,
        data_element: &str,
        coc: CategoryOptionCombo,
        period: Period,
        figure: Figure,
    ) {
        upsert(
            self.cells
                .entry((data_element.to_string(), period))
                .or_default(),
            coc,
            figure,
        );
    }

    /// Stores (or replaces) an indicator value as stated.
    pub fn insert_stated_indicator(
        &mut self,
        indicator: &str,
        coc: CategoryOptionCombo,
        period: Period,
        figure: Figure,
    ) {
        upsert(
            self.stated_indicators
                .entry((indicator.to_string(), period))
                .or_default(),
            coc,
            figure,
        );
    }

    /// Every stored cell of a data element in a period (cells, subtotals, total).
    pub fn cells(&self, data_element: &str, period: Period) -> &[(CategoryOptionCombo, Figure)] {
        self.cells
            .get(&(data_element.to_string(), period))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The value stored exactly at `coc`.
    pub fn stored(
        &self,
        data_element: &str,
        coc: &CategoryOptionCombo,
        period: Period,
    ) -> Option<Figure> {
        find(self.cells(data_element, period), coc)
    }

    /// An indicator value as stated at `coc`.
    pub fn stated_indicator(
        &self,
        indicator: &str,
        coc: &CategoryOptionCombo,
        period: Period,
    ) -> Option<Figure> {
        let list = self
            .stated_indicators
            .get(&(indicator.to_string(), period))?;
        find(list, coc)
    }

    /// Every (data element, cells) pair stored for a period, in code order.
    pub fn data_elements_in(
        &self,
        period: Period,
    ) -> Vec<(&str, &[(CategoryOptionCombo, Figure)])> {
        let mut out: Vec<_> = self
            .cells
            .iter()
            .filter(|((_, p), _)| *p == period)
            .map(|((de, _), cells)| (de.as_str(), cells.as_slice()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }

    /// Every stated indicator value of a period: (indicator, cell, figure), in code order.
    pub fn stated_indicators_in(
        &self,
        period: Period,
    ) -> Vec<(&str, &CategoryOptionCombo, Figure)> {
        let mut out: Vec<_> = self
            .stated_indicators
            .iter()
            .filter(|((_, p), _)| *p == period)
            .flat_map(|((ind, _), list)| list.iter().map(move |(c, f)| (ind.as_str(), c, *f)))
            .collect();
        out.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        out
    }
}

fn upsert(list: &mut Vec<(CategoryOptionCombo, Figure)>, coc: CategoryOptionCombo, figure: Figure) {
    match list.iter_mut().find(|(c, _)| *c == coc) {
        Some(slot) => slot.1 = figure,
        None => list.push((coc, figure)),
    }
}

fn find(list: &[(CategoryOptionCombo, Figure)], coc: &CategoryOptionCombo) -> Option<Figure> {
    list.iter().find(|(c, _)| c == coc).map(|(_, f)| *f)
}
