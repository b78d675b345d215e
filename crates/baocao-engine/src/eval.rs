//! Evaluates formulas over a [`DataTable`] for a period: data elements computed from their
//! parts, stated values, indicators (with options pushed down into their references),
//! constants and period offsets.

use baocao_core::catalog::{Category, DataElement};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::period::Period;

use crate::compile::CompiledCatalog;
use crate::expr::{BinaryOp, Expr, Function, RefKind, Reference};
use crate::table::{DataTable, Figure};

/// How missing values are treated while evaluating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A missing value makes the result missing.
    Propagate,
    /// A missing value counts as zero (DHIS2's rule sides with "never skip").
    AsZero,
}

/// The result of evaluating a formula: its value and how many references had a value.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Outcome {
    /// The value; `None` when missing or not finite (division by zero).
    pub value: Option<f64>,
    /// References that had a value.
    pub present: usize,
    /// References that had none.
    pub missing: usize,
}

/// Evaluates formulas of a compiled catalogue over a table of figures.
#[derive(Debug, Clone, Copy)]
pub struct Evaluator<'a> {
    compiled: &'a CompiledCatalog,
    data: &'a DataTable,
}

const MAX_DEPTH: usize = 16;

impl<'a> Evaluator<'a> {
    /// An evaluator of `compiled`'s formulas over `data`.
    pub fn new(compiled: &'a CompiledCatalog, data: &'a DataTable) -> Self {
        Evaluator { compiled, data }
    }

    /// Evaluates a formula for `period`.
    pub fn eval(&self, expr: &Expr, period: Period, missing: Missing) -> Outcome {
        let mut outcome = Outcome::default();
        outcome.value = self.walk(expr, period, missing, &[], 0, &mut outcome);
        outcome.value = outcome.value.filter(|v| v.is_finite());
        outcome
    }

    /// A data element's cell or subtotal computed from its parts (see
    /// [`Evaluator::computed`]) for option codes in any order; `None` if unknown or missing.
    pub fn data_element(&self, code: &str, options: &[&str], period: Period) -> Option<f64> {
        let catalog = &self.compiled.catalog;
        let de = catalog.data_elements.get(code)?;
        let coc = catalog.selection(de, options).ok()?;
        self.computed(de, &coc, period)
    }

    /// An indicator's value for option codes pushed into its references; `None` if missing or
    /// the denominator is zero.
    pub fn indicator(&self, code: &str, options: &[String], period: Period) -> Option<f64> {
        self.indicator_at(code, options, period, 0)
    }

    /// A cell or subtotal computed from its parts: when finer figures are stored below it,
    /// the sum of its children along the first category in which finer figures exist
    /// (children without figures count as zero once one has a figure); otherwise the figure
    /// stored at the cell itself.
    pub fn computed(
        &self,
        de: &DataElement,
        coc: &CategoryOptionCombo,
        period: Period,
    ) -> Option<f64> {
        let cells = self.data.cells(&de.code, period);
        if cells.is_empty() {
            return None;
        }
        let categories = self.compiled.catalog.categories_of(de);
        resolve(&categories, coc, cells)
    }

    fn walk(
        &self,
        expr: &Expr,
        period: Period,
        missing: Missing,
        extra: &[String],
        depth: usize,
        outcome: &mut Outcome,
    ) -> Option<f64> {
        match expr {
            Expr::Number(n) => Some(*n),
            Expr::Ref(r) => {
                let value = self.reference(r, period, extra, depth);
                if value.is_some() {
                    outcome.present += 1;
                } else {
                    outcome.missing += 1;
                }
                match missing {
                    Missing::Propagate => value,
                    Missing::AsZero => Some(value.unwrap_or(0.0)),
                }
            }
            Expr::Neg(e) => self
                .walk(e, period, missing, extra, depth, outcome)
                .map(|v| -v),
            Expr::Binary(op, a, b) => {
                let a = self.walk(a, period, missing, extra, depth, outcome);
                let b = self.walk(b, period, missing, extra, depth, outcome);
                let (a, b) = (a?, b?);
                let v = match op {
                    BinaryOp::Add => a + b,
                    BinaryOp::Sub => a - b,
                    BinaryOp::Mul => a * b,
                    BinaryOp::Div if b == 0.0 => return None,
                    BinaryOp::Div => a / b,
                };
                Some(v)
            }
            Expr::Call(function, args) => {
                self.call(*function, args, period, missing, extra, depth, outcome)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn call(
        &self,
        function: Function,
        args: &[Expr],
        period: Period,
        missing: Missing,
        extra: &[String],
        depth: usize,
        outcome: &mut Outcome,
    ) -> Option<f64> {
        let mut arg = |i: usize, p: Period| self.walk(&args[i], p, missing, extra, depth, outcome);
        match function {
            Function::Prev => arg(0, period.previous()),
            Function::LastYear => arg(0, period.same_period_last_year()),
            Function::Round => {
                let x = arg(0, period)?;
                let n = arg(1, period)?;
                Some(round_half_away(x, n.max(0.0) as i32))
            }
            Function::Abs => arg(0, period).map(f64::abs),
            Function::Sqrt => arg(0, period).filter(|x| *x >= 0.0).map(f64::sqrt),
            Function::Pi => Some(std::f64::consts::PI),
            Function::Min => {
                let (a, b) = (arg(0, period), arg(1, period));
                Some(a?.min(b?))
            }
            Function::Max => {
                let (a, b) = (arg(0, period), arg(1, period));
                Some(a?.max(b?))
            }
            Function::Ytd => {
                // Every month must have a value: a year-to-date sum with a month missing
                // would look complete and be wrong.
                let months = period.year_to_date_months();
                let values: Option<Vec<f64>> = months.into_iter().map(|m| arg(0, m)).collect();
                values.map(|v| v.iter().sum())
            }
        }
    }

    fn reference(
        &self,
        r: &Reference,
        period: Period,
        extra: &[String],
        depth: usize,
    ) -> Option<f64> {
        let catalog = &self.compiled.catalog;
        match r.kind {
            RefKind::Constant => catalog.constants.get(&r.code).map(|c| c.value),
            RefKind::Indicator => {
                let mut options = r.options.clone();
                options.extend(extra.iter().cloned());
                self.indicator_at(&r.code, &options, period, depth + 1)
            }
            RefKind::Computed | RefKind::Stated => {
                if let Some(de) = catalog.data_elements.get(&r.code) {
                    let coc = self.selection_with(de, &r.options, extra)?;
                    if r.kind == RefKind::Computed {
                        self.computed(de, &coc, period)
                    } else {
                        self.data.stored(&de.code, &coc, period).map(|f| f.value)
                    }
                } else {
                    let coc = CategoryOptionCombo::unordered(r.options.clone());
                    self.data
                        .stated_indicator(&r.code, &coc, period)
                        .map(|f| f.value)
                }
            }
        }
    }

    /// The reference's options plus those of `extra` that belong to a category of the element
    /// not already chosen by the reference.
    fn selection_with(
        &self,
        de: &DataElement,
        options: &[String],
        extra: &[String],
    ) -> Option<CategoryOptionCombo> {
        let catalog = &self.compiled.catalog;
        let mut chosen: Vec<&str> = options.iter().map(String::as_str).collect();
        for option in extra {
            let attempt: Vec<&str> = chosen.iter().copied().chain([option.as_str()]).collect();
            if catalog.selection(de, &attempt).is_ok() {
                chosen = attempt;
            }
        }
        catalog.selection(de, &chosen).ok()
    }

    fn indicator_at(
        &self,
        code: &str,
        options: &[String],
        period: Period,
        depth: usize,
    ) -> Option<f64> {
        if depth > MAX_DEPTH {
            return None;
        }
        let compiled = self.compiled.indicators.get(code)?;
        let factor = self.compiled.catalog.indicators.get(code)?.factor;
        let mut outcome = Outcome::default();
        let numerator = self.walk(
            &compiled.numerator,
            period,
            Missing::Propagate,
            options,
            depth,
            &mut outcome,
        )?;
        let denominator = match &compiled.denominator {
            Some(d) => self.walk(d, period, Missing::Propagate, options, depth, &mut outcome)?,
            None => 1.0,
        };
        if denominator == 0.0 {
            return None;
        }
        Some(numerator / denominator * factor).filter(|v| v.is_finite())
    }
}

/// Rounds half away from zero to `decimals` places, exactly as figures are printed
/// (`baocao_core::format::round`); negative `decimals` count as 0.
pub fn round_half_away(x: f64, decimals: i32) -> f64 {
    baocao_core::format::round(x, decimals.max(0) as u32)
}

fn resolve(
    categories: &[&Category],
    coc: &CategoryOptionCombo,
    cells: &[(CategoryOptionCombo, Figure)],
) -> Option<f64> {
    let stored = || cells.iter().find(|(c, _)| c == coc).map(|(_, f)| f.value);
    let Some(split) = split_category(categories, coc, cells) else {
        return stored();
    };
    let mut sum: Option<f64> = None;
    for option in &split.options {
        let child = with_option(categories, coc, &option.code);
        if let Some(v) = resolve(categories, &child, cells) {
            sum = Some(sum.unwrap_or(0.0) + v);
        }
    }
    sum.or_else(stored)
}

/// The category along which `coc` is computed from its parts: the first category of the
/// combo that `coc` leaves open and in which some stored finer cell names an option; `None`
/// when no finer figure is stored.
pub fn split_category<'c>(
    categories: &[&'c Category],
    coc: &CategoryOptionCombo,
    cells: &[(CategoryOptionCombo, Figure)],
) -> Option<&'c Category> {
    let finer: Vec<&CategoryOptionCombo> = cells
        .iter()
        .map(|(c, _)| c)
        .filter(|c| *c != coc && coc.is_within(c))
        .collect();
    categories.iter().copied().find(|cat| {
        let open = !cat.options.iter().any(|o| coc.options().contains(&o.code));
        open && finer
            .iter()
            .any(|c| cat.options.iter().any(|o| c.options().contains(&o.code)))
    })
}

/// `coc` with `option` added, in the canonical order of `categories`.
pub fn with_option(
    categories: &[&Category],
    coc: &CategoryOptionCombo,
    option: &str,
) -> CategoryOptionCombo {
    let options = categories
        .iter()
        .filter_map(|cat| {
            cat.options
                .iter()
                .find(|o| o.code == option || coc.options().contains(&o.code))
                .map(|o| o.code.clone())
        })
        .collect();
    CategoryOptionCombo::new(options)
}
