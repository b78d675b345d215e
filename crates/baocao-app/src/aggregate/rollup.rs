//! One indicator over many areas at once — every province of the country for a year — reading
//! only the data elements the indicator needs.
//!
//! [`super::load_on`] loads every data element of an area (what a report prints); for a
//! national table of one rate that would read all 200 data elements of 3 321 communes. Here the
//! indicator's formulas say which data elements (through the indicators they refer to) and
//! which periods (the period's months; with `prev`, `last_year` or `ytd`, also those
//! [`crate::periods_needed`] lists) are read, in one pass over the store
//! ([`Store::data_values_of_elements`]), and each area is aggregated by
//! [`baocao_engine::aggregate`] exactly as [`super::load_on`] aggregates it: same units on the
//! same hierarchy, same rules by aggregation type, indicators recomputed from the aggregated
//! parts. The value of an area is the one its report would print.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use baocao_core::orgunit::{Hierarchy, OrgUnit};
use baocao_core::period::Period;
use baocao_engine::aggregate::{Coverage, Source, aggregate};
use baocao_engine::expr::{Expr, Function, RefKind};
use baocao_engine::{CompiledCatalog, DataTable, Evaluator, Figure};
use baocao_store::Store;
use chrono::NaiveDate;

use super::{Basis, UnitRef, hierarchy_date};
use crate::AppError;

/// An indicator of one area for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaIndicator {
    /// The area's unit, named as on the period's hierarchy date.
    pub unit: UnitRef,
    /// The indicator recomputed from the area's aggregated figures; `None` when a part is
    /// missing or the denominator is zero.
    pub value: Option<f64>,
    /// The units whose figures were counted for the period.
    pub units_present: usize,
    /// One entry per data element the indicator reads that had a figure in the period:
    /// months and units present (`Coverage::notes_vi` says what is missing).
    pub coverage: Vec<Coverage>,
}

/// The indicator `reference` (`CODE` or `CODE.OPT…`, options pushed into its references as in
/// `N{…}`) of each of `org_units` (ids, or codes on the period's date) for `period`, each
/// area aggregated on `basis` from the figures of the units below it, in the order asked.
/// Reads only the data elements the indicator needs, for all areas in one pass.
///
/// Errors: no catalogue; [`AppError::BadReference`] when the indicator is unknown or an
/// option does not fit it; [`AppError::UnknownOrgUnit`]; a contradictory hierarchy; storage
/// errors.
pub async fn indicator_by_area(
    store: &Store,
    reference: &str,
    org_units: &[String],
    period: Period,
    basis: Basis,
) -> Result<Vec<AreaIndicator>, AppError> {
    let catalog = crate::catalog(store).await?;
    let mut parts = reference.split('.').map(str::trim);
    let code = parts.next().unwrap_or_default().to_string();
    let options: Vec<String> = parts.map(str::to_string).collect();
    let bad = |message: String| AppError::BadReference {
        reference: reference.to_string(),
        message,
    };
    catalog
        .check_indicator_options(&code, &options)
        .map_err(bad)?;
    let needs = Needs::of(&catalog, &code);
    let narrowed = narrowed(&catalog, &needs.data_elements);

    let hierarchy = super::hierarchy(store).await?;
    let date = hierarchy_date(period);
    let targets: Vec<&OrgUnit> = org_units
        .iter()
        .map(|wanted| {
            hierarchy
                .find(wanted, date)
                .ok_or_else(|| AppError::UnknownOrgUnit(wanted.clone()))
        })
        .collect::<Result<_, _>>()?;

    let needed: Vec<Period> = if needs.other_periods {
        crate::periods_needed(period)
    } else {
        vec![period]
    };
    let mut stored_periods: Vec<Period> = needed.iter().flat_map(|p| p.months()).collect();
    stored_periods.extend(needed.iter().copied());
    stored_periods.sort();
    stored_periods.dedup();

    let areas = Areas::new(&hierarchy, &targets, &stored_periods, basis);
    let candidates = areas.candidates();
    let elements: Vec<String> = needs.data_elements.iter().cloned().collect();
    let values = store
        .data_values_of_elements(&elements, &candidates, &stored_periods)
        .await?;

    // Each target's units' tables, holding the figures that count for the target.
    let mut tables: Vec<BTreeMap<&str, DataTable>> = vec![BTreeMap::new(); targets.len()];
    for v in &values {
        areas.for_each_target(&v.org_unit, v.period, |t| {
            tables[t].entry(v.org_unit.as_str()).or_default().insert(
                &v.data_element,
                v.category_option_combo.clone(),
                v.period,
                Figure {
                    value: v.number.value,
                    decimals: v.number.decimals,
                },
            );
        });
    }

    let mut out = Vec::with_capacity(targets.len());
    for (target, units) in targets.iter().zip(&tables) {
        let mut table = DataTable::new();
        let mut coverage = Vec::new();
        for q in &needed {
            let end = hierarchy_date(*q);
            let sources: Vec<Source<'_>> = units
                .iter()
                .map(|(id, table)| Source {
                    org_unit: id,
                    table,
                    at_end: areas.unit(id).is_some_and(|u| u.on(end).is_some()),
                })
                .collect();
            let aggregated = aggregate(&narrowed, &sources, *q);
            aggregated.copy_into(&mut table, *q);
            if *q == period {
                coverage = aggregated.coverage;
            }
        }
        let value = Evaluator::new(&narrowed, &table).indicator(&code, &options, period);
        let present: BTreeSet<&str> = coverage
            .iter()
            .flat_map(|c| c.units_present.iter().map(String::as_str))
            .collect();
        out.push(AreaIndicator {
            unit: UnitRef::of(target, date),
            value,
            units_present: present.len(),
            coverage,
        });
    }
    Ok(out)
}

/// What an indicator reads: its data elements (through the indicators it refers to) and
/// whether it looks at other periods than its own (`prev`, `last_year`, `ytd`).
struct Needs {
    data_elements: BTreeSet<String>,
    other_periods: bool,
}

impl Needs {
    fn of(catalog: &CompiledCatalog, code: &str) -> Needs {
        let mut needs = Needs {
            data_elements: BTreeSet::new(),
            other_periods: false,
        };
        let mut seen = BTreeSet::new();
        needs.visit(catalog, code, &mut seen);
        needs
    }

    fn visit(&mut self, catalog: &CompiledCatalog, code: &str, seen: &mut BTreeSet<String>) {
        if !seen.insert(code.to_string()) {
            return;
        }
        let Some(indicator) = catalog.indicators.get(code) else {
            return;
        };
        for expr in std::iter::once(&indicator.numerator).chain(&indicator.denominator) {
            self.other_periods |= [Function::Prev, Function::LastYear, Function::Ytd]
                .into_iter()
                .any(|f| calls(expr, f));
            for r in expr.references() {
                match r.kind {
                    RefKind::Indicator => self.visit(catalog, &r.code, seen),
                    RefKind::Computed | RefKind::Stated => {
                        if catalog.catalog.data_elements.contains_key(&r.code) {
                            self.data_elements.insert(r.code.clone());
                        }
                    }
                    RefKind::Constant => {}
                }
            }
        }
    }
}

/// Whether `expr` calls `function` anywhere.
fn calls(expr: &Expr, function: Function) -> bool {
    match expr {
        Expr::Number(_) | Expr::Ref(_) => false,
        Expr::Neg(e) => calls(e, function),
        Expr::Binary(_, a, b) => calls(a, function) || calls(b, function),
        Expr::Call(f, args) => *f == function || args.iter().any(|a| calls(a, function)),
    }
}

/// The catalogue with only `data_elements` among its data elements and no validation rules:
/// [`aggregate`] goes through every data element of the catalogue it is given.
fn narrowed(catalog: &CompiledCatalog, data_elements: &BTreeSet<String>) -> CompiledCatalog {
    let mut narrowed = catalog.clone();
    narrowed
        .catalog
        .data_elements
        .retain(|code, _| data_elements.contains(code));
    narrowed.catalog.validation_rules.clear();
    narrowed.rules.clear();
    narrowed
}

/// Which targets a unit's figure of a period counts for, on a basis — as
/// `super::AreaReader::includes` decides for one target, for many at once: the members of
/// each target's area on each date, from an index of children by date.
struct Areas<'h> {
    by_id: HashMap<&'h str, &'h OrgUnit>,
    /// For each date: unit id → the targets whose area holds it then.
    members: HashMap<NaiveDate, HashMap<&'h str, Vec<usize>>>,
    /// With [`Basis::On`]: each unit's unit on that date (itself, or where its area went).
    mapped: HashMap<&'h str, &'h str>,
    basis: Basis,
}

impl<'h> Areas<'h> {
    fn new(
        hierarchy: &'h Hierarchy,
        targets: &[&'h OrgUnit],
        periods: &[Period],
        basis: Basis,
    ) -> Areas<'h> {
        let by_id: HashMap<&str, &OrgUnit> = hierarchy
            .units()
            .iter()
            .map(|u| (u.id.as_str(), u))
            .collect();
        let mut dates: Vec<NaiveDate> = periods.iter().map(|p| hierarchy_date(*p)).collect();
        if let Basis::On(on) = basis {
            dates.push(on);
        }
        dates.sort();
        dates.dedup();
        let mut members = HashMap::new();
        for date in dates {
            members.insert(date, members_on(hierarchy, targets, date));
        }
        let mut mapped = HashMap::new();
        if let Basis::On(on) = basis {
            for u in hierarchy.units() {
                let to = if u.on(on).is_some() {
                    Some(u.id.as_str())
                } else {
                    hierarchy.map_to(&u.id, on).map(|m| m.unit.id.as_str())
                };
                if let Some(to) = to {
                    mapped.insert(u.id.as_str(), to);
                }
            }
        }
        Areas {
            by_id,
            members,
            mapped,
            basis,
        }
    }

    fn unit(&self, id: &str) -> Option<&'h OrgUnit> {
        self.by_id.get(id).copied()
    }

    /// Calls `f` with each target a figure of `org_unit` for `period` counts for, once each:
    /// those whose area holds the unit on the period's date and, on [`Basis::On`], those
    /// whose area on that date holds the unit's area then.
    fn for_each_target(&self, org_unit: &str, period: Period, mut f: impl FnMut(usize)) {
        let at_date: &[usize] = self
            .members
            .get(&hierarchy_date(period))
            .and_then(|m| m.get(org_unit))
            .map_or(&[], Vec::as_slice);
        at_date.iter().for_each(|t| f(*t));
        let Basis::On(on) = self.basis else {
            return;
        };
        let mapped: &[usize] = self
            .mapped
            .get(org_unit)
            .and_then(|to| self.members.get(&on)?.get(to))
            .map_or(&[], Vec::as_slice);
        for t in mapped {
            if !at_date.contains(t) {
                f(*t);
            }
        }
    }

    /// The units that may have a figure counting for some target, by id.
    fn candidates(&self) -> Vec<String> {
        let mut ids: BTreeSet<&str> = self
            .members
            .values()
            .flat_map(|m| m.keys().copied())
            .collect();
        if let Basis::On(on) = self.basis
            && let Some(on_members) = self.members.get(&on)
        {
            ids.extend(
                self.mapped
                    .iter()
                    .filter(|(_, to)| on_members.contains_key(*to))
                    .map(|(from, _)| *from),
            );
        }
        ids.into_iter().map(str::to_string).collect()
    }
}

/// Unit id → the targets whose area holds it on `date`: a target valid then with every unit
/// below it; a target that is not, the units its area went to with every unit below them.
fn members_on<'h>(
    hierarchy: &'h Hierarchy,
    targets: &[&'h OrgUnit],
    date: NaiveDate,
) -> HashMap<&'h str, Vec<usize>> {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for u in hierarchy.units() {
        if let Some(parent) = u.on(date).and_then(|v| v.parent.as_deref()) {
            children.entry(parent).or_default().push(u.id.as_str());
        }
    }
    let mut out: HashMap<&str, Vec<usize>> = HashMap::new();
    for (t, target) in targets.iter().enumerate() {
        let tops: Vec<&str> = if target.on(date).is_some() {
            vec![target.id.as_str()]
        } else {
            hierarchy
                .area_on(&target.id, date)
                .map(|a| a.units.iter().map(|u| u.id.as_str()).collect())
                .unwrap_or_default()
        };
        let mut stack = tops;
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        while let Some(id) = stack.pop() {
            // A parent cycle in hand-edited files must not loop forever.
            if !seen.insert(id) {
                continue;
            }
            let entry = out.entry(id).or_default();
            if !entry.contains(&t) {
                entry.push(t);
            }
            if let Some(below) = children.get(id) {
                stack.extend(below.iter().copied());
            }
        }
    }
    out
}
