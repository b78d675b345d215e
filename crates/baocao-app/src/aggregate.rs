//! Figures of a quarter, half-year or year, and of an area (an org unit with the units below
//! it), loaded from the store and aggregated by [`baocao_engine::aggregate`]; series of a data
//! element across a reorganisation, on the hierarchy valid at each date or on one date's
//! (today's) hierarchy, each point stating which.
//!
//! The hierarchy of a period is read on the last day of its cut-off window (Nghị định
//! 09/2019/NĐ-CP, Điều 12), the day the report's province is chosen on: a figure of June 2025
//! counts for the district its commune belonged to then; a figure of July 2025 for the new
//! commune's province. Successions (which new units an old unit's area went to) are data,
//! stored with the org units (`[[succession]]` of `org_units.toml`); [`reorganisation`] reads
//! a reorganisation table such as Ninh Thuận's 2025 one into units and successions.

pub mod reorganisation;
mod rollup;

pub use rollup::{AreaIndicator, indicator_by_area};

use std::collections::BTreeMap;

use baocao_core::coc::CategoryOptionCombo;
use baocao_core::format;
use baocao_core::narrative::ReportIssue;
use baocao_core::orgunit::{Hierarchy, OrgUnit, OrgUnitLevel};
use baocao_core::period::{Period, PeriodType};
use baocao_core::value::{DataValue, StatedIndicatorValue};
use baocao_engine::aggregate::{Aggregate, Coverage, Source, aggregate};
use baocao_engine::{CompiledCatalog, DataTable, Evaluator};
use baocao_store::Store;
use chrono::NaiveDate;

use crate::{AppError, PeriodData};

/// Which hierarchy an area's figures are read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The hierarchy valid on each period's date: a figure counts for the units above its unit
    /// then; for a unit that no longer exists, its area is the units it went to.
    AtEachDate,
    /// The hierarchy valid on one date (today's): a figure of a unit that no longer exists
    /// counts for the unit its area went to on that date (a split unit's, for the successor
    /// [`baocao_core::orgunit::AttributionRule`] chooses).
    On(NaiveDate),
}

impl Basis {
    /// The statement a result carries: "theo địa giới hành chính tại thời điểm của kỳ
    /// (ngày 14/3/2025)" or "theo địa giới hành chính ngày 01/01/2026 (số liệu của đơn vị đã
    /// sắp xếp tính cho đơn vị kế thừa)"; `date` is the period's date.
    pub fn statement_vi(&self, date: NaiveDate) -> String {
        match self {
            Basis::AtEachDate => format!(
                "theo địa giới hành chính tại thời điểm của kỳ (ngày {})",
                format::date_short(date)
            ),
            Basis::On(on) => format!(
                "theo địa giới hành chính ngày {} (số liệu của đơn vị đã sắp xếp tính cho đơn vị kế thừa)",
                format::date_short(*on)
            ),
        }
    }
}

/// The date a period's hierarchy is read on: the last day of its cut-off window.
pub fn hierarchy_date(period: Period) -> NaiveDate {
    period.cutoff_window().end
}

/// A period of an area, loaded for validation and the report, with what went into it.
#[derive(Debug, Clone)]
pub struct AggregatedPeriod {
    /// The period's data, as [`crate::load_period`] returns it.
    pub data: PeriodData,
    /// The hierarchy the figures were read on.
    pub basis: Basis,
    /// One entry per data element with a figure in the period: months and units present.
    pub coverage: Vec<Coverage>,
    /// The units whose figures were counted for the period, by id.
    pub units: Vec<String>,
    /// What the reader must know, in Vietnamese: months missing per data element ("Hồ sơ …
    /// (HOSO): số liệu 2/3 tháng, thiếu tháng 5/2023"), the hierarchy, successor units, a
    /// report issue derived for a draft.
    pub notes: Vec<String>,
}

/// Loads a period of an org unit on the hierarchy valid at each date, with the built-in
/// successions: [`load_on`] with [`Basis::AtEachDate`].
///
/// Errors: as [`load_on`].
pub async fn load(
    store: &Store,
    period: Period,
    org_unit: Option<&str>,
) -> Result<AggregatedPeriod, AppError> {
    load_on(store, period, org_unit, Basis::AtEachDate).await
}

/// Loads a period of an org unit (by id, or by code on the period's date; default the one
/// province valid then): the figures stored at the unit and every unit below it, on `basis`,
/// aggregated over units and, for a quarter, half-year or year, over its months — for the
/// period, the previous period and the same period last year, with the months to date of both
/// years (for `ytd`). A month of one unit with figures of its own is loaded exactly as stored.
///
/// For a longer period: its documents are those registered for it and for its months; its
/// report issue data, when none is stored for it, is a draft taken from its last month's
/// (issue date, year-to-date cut-off, signer) or else dated on the last day of its cut-off
/// window, with a note.
///
/// Errors: no catalogue; an unknown org unit; [`AppError::NoData`] when no unit of the area
/// has a figure of the period or its months; a contradictory hierarchy.
pub async fn load_on(
    store: &Store,
    period: Period,
    org_unit: Option<&str>,
    basis: Basis,
) -> Result<AggregatedPeriod, AppError> {
    let catalog = crate::catalog(store).await?;
    let hierarchy = hierarchy(store).await?;
    let date = hierarchy_date(period);
    let unit = match org_unit {
        Some(wanted) => hierarchy
            .find(wanted, date)
            .cloned()
            .ok_or_else(|| AppError::UnknownOrgUnit(wanted.to_string()))?,
        None => crate::choose_org_unit(hierarchy.units(), period, None)?,
    };
    let needed = crate::periods_needed(period);
    let mut stored_periods: Vec<Period> = needed.iter().flat_map(|p| p.months()).collect();
    stored_periods.extend(needed.iter().copied());
    stored_periods.sort();
    stored_periods.dedup();

    let mut area = AreaReader::new(&hierarchy, &unit, basis);
    let candidates: Vec<String> = hierarchy
        .units()
        .iter()
        .filter(|x| stored_periods.iter().any(|p| area.includes(&x.id, *p)))
        .map(|x| x.id.clone())
        .collect();
    let values: Vec<DataValue> = store
        .data_values_of_units(&candidates, &stored_periods)
        .await?
        .into_iter()
        .filter(|v| area.includes(&v.org_unit, v.period))
        .collect();
    if !values.iter().any(|v| period.contains(&v.period)) {
        return Err(AppError::NoData {
            period,
            org_unit: unit.id.clone(),
        });
    }
    let stated: Vec<StatedIndicatorValue> = store
        .stated_indicator_values_of_units(&candidates, &stored_periods)
        .await?
        .into_iter()
        .filter(|s| area.includes(&s.org_unit, s.period))
        .collect();
    let tables = tables_by_unit(&values, &stated);
    let mut table = DataTable::new();
    let mut main = Aggregate::default();
    for q in &needed {
        let sources = sources_at_end(&hierarchy, &tables, *q);
        let aggregated = aggregate(&catalog, &sources, *q);
        aggregated.copy_into(&mut table, *q);
        if *q == period {
            main = aggregated;
        }
    }

    let mut notes = Vec::new();
    if let Basis::On(_) = basis {
        notes.push(format!("Số liệu {}.", basis.statement_vi(date)));
    }
    if unit.on(date).is_none() {
        let successors = hierarchy
            .area_on(&unit.id, date)
            .map(|a| a.units)
            .unwrap_or_default();
        notes.push(format!(
            "{}.",
            ceased_note(&hierarchy, &unit, date, &successors)
        ));
        // Split predecessors in the area and where their figures went.
        if let Some(area) = hierarchy.area_on(&unit.id, date) {
            for note in area.notes {
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
    }
    // On another date's hierarchy, every split on the way from a unit with figures to the
    // unit now holding its area says so: its figures cannot be divided.
    if let Basis::On(on) = basis {
        let mut seen: Vec<&str> = Vec::new();
        for v in &values {
            if seen.contains(&v.org_unit.as_str()) {
                continue;
            }
            seen.push(&v.org_unit);
            let Some(mapping) = hierarchy.map_to(&v.org_unit, on) else {
                continue;
            };
            for note in mapping.steps.iter().filter_map(|s| s.note_vi()) {
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
    }
    for c in &main.coverage {
        let name = catalog
            .catalog
            .data_elements
            .get(&c.data_element)
            .map_or("", |de| de.name.as_str());
        for note in c.notes_vi() {
            notes.push(format!("{name} ({}): {note}.", c.data_element));
        }
    }
    let mut units: Vec<String> = Vec::new();
    for c in &main.coverage {
        for u in &c.units_present {
            if !units.contains(u) {
                units.push(u.clone());
            }
        }
    }
    let (issue, issue_note) = issue_for(store, period).await?;
    notes.extend(issue_note);
    let mut documents = store.documents(period).await?;
    if period.period_type() != PeriodType::Month {
        for month in period.months() {
            documents.extend(store.documents(month).await?);
        }
    }
    let data = PeriodData {
        period,
        org_unit: unit,
        catalog,
        table,
        documents,
        tasks_next: store.tasks(period.next()).await?,
        narratives: store.narratives(period).await?,
        issue,
    };
    Ok(AggregatedPeriod {
        data,
        basis,
        coverage: main.coverage,
        units,
        notes,
    })
}

/// Builds the report of an aggregated period with the stored template: [`crate::build_report`]
/// with the period's notes added to the warnings.
///
/// Errors: as [`crate::build_report`].
pub async fn build_report(
    store: &Store,
    aggregated: &AggregatedPeriod,
) -> Result<baocao_report::BuiltReport, AppError> {
    let mut built = crate::build_report(store, &aggregated.data).await?;
    for note in &aggregated.notes {
        if !built.warnings.contains(note) {
            built.warnings.push(note.clone());
        }
    }
    Ok(built)
}

/// The stored org units and successions (`[[succession]]` of `org_units.toml`, stored with
/// the units by a load) as one hierarchy over time.
///
/// Errors: storage errors; [`AppError::Hierarchy`] when a succession contradicts the units'
/// dates.
pub async fn hierarchy(store: &Store) -> Result<Hierarchy, AppError> {
    let units = store.org_units().await?;
    let successions = store.successions().await?;
    Ok(Hierarchy::new(units, successions)?)
}

/// A unit of a result, named as it was on the result's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    /// The id.
    pub id: String,
    /// The code.
    pub code: String,
    /// The name on the date.
    pub name: String,
}

impl UnitRef {
    fn of(unit: &OrgUnit, date: NaiveDate) -> UnitRef {
        UnitRef {
            id: unit.id.clone(),
            code: unit.code.clone(),
            name: unit
                .on(date)
                .map_or(unit.current_name(), |v| &v.name)
                .to_string(),
        }
    }
}

/// One part of a series point: a unit directly below the area (or of the area, for a unit
/// that no longer exists) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPart {
    /// The unit.
    pub unit: UnitRef,
    /// Its value; `None` without figures.
    pub value: Option<f64>,
}

/// One period of a series of an area.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    /// The period.
    pub period: Period,
    /// The value of the area; `None` when the area had no figure (or did not exist yet).
    pub value: Option<f64>,
    /// The date whose hierarchy was used: the period's, or the one asked for.
    pub hierarchy_date: NaiveDate,
    /// Which hierarchy and which units, in Vietnamese, e.g. "Tỉnh Ninh Thuận theo địa giới
    /// hành chính tại thời điểm của kỳ (ngày 14/3/2025): 7 đơn vị cấp huyện, 62 đơn vị cấp
    /// xã".
    pub statement: String,
    /// The units the value is of on the hierarchy date: the unit, or those its area went to.
    pub area: Vec<UnitRef>,
    /// The value of each unit directly below the area (or of each unit of the area).
    pub parts: Vec<SeriesPart>,
    /// The units whose figures were counted.
    pub units_present: usize,
    /// Splits, successors covering other land, figures counted for no part.
    pub notes: Vec<String>,
}

/// A series of one data element's cell (`DE` or `DE.OPT…`, as in a formula) for an org
/// unit's area over `periods`, on `basis`: each period aggregated as [`load_on`] does, each
/// point saying which hierarchy and which units it is the figure of.
///
/// Errors: no catalogue; an unknown reference or org unit.
pub async fn series(
    store: &Store,
    hierarchy: &Hierarchy,
    reference: &str,
    org_unit: &str,
    periods: &[Period],
    basis: Basis,
) -> Result<Vec<SeriesPoint>, AppError> {
    let catalog = crate::catalog(store).await?;
    let mut parts = reference.split('.');
    let code = parts.next().unwrap_or_default().trim();
    let options: Vec<&str> = parts.map(str::trim).collect();
    let de = catalog
        .catalog
        .data_elements
        .get(code)
        .ok_or_else(|| AppError::BadReference {
            reference: reference.to_string(),
            message: format!("no data element `{code}` in the catalogue"),
        })?;
    let coc = catalog
        .catalog
        .selection(de, &options)
        .map_err(|e| AppError::BadReference {
            reference: reference.to_string(),
            message: e.to_string(),
        })?;
    let first_date = periods
        .first()
        .map_or(NaiveDate::MIN, |p| hierarchy_date(*p));
    let unit = hierarchy
        .find(org_unit, first_date)
        .ok_or_else(|| AppError::UnknownOrgUnit(org_unit.to_string()))?;
    let mut stored_periods: Vec<Period> = periods.iter().flat_map(|p| p.months()).collect();
    stored_periods.extend(periods.iter().copied());
    stored_periods.sort();
    stored_periods.dedup();
    let mut area = AreaReader::new(hierarchy, unit, basis);
    let candidates: Vec<String> = hierarchy
        .units()
        .iter()
        .filter(|x| stored_periods.iter().any(|p| area.includes(&x.id, *p)))
        .map(|x| x.id.clone())
        .collect();
    let values = store
        .data_values_of_units(&candidates, &stored_periods)
        .await?;
    let mut points = Vec::new();
    for period in periods {
        points.push(series_point(
            &catalog, &mut area, &values, de, &coc, *period,
        ));
    }
    Ok(points)
}

fn series_point(
    catalog: &CompiledCatalog,
    area: &mut AreaReader<'_>,
    values: &[DataValue],
    de: &baocao_core::catalog::DataElement,
    coc: &CategoryOptionCombo,
    period: Period,
) -> SeriesPoint {
    let hierarchy = area.hierarchy;
    let unit = area.unit;
    let date = match area.basis {
        Basis::AtEachDate => hierarchy_date(period),
        Basis::On(on) => on,
    };
    let mut notes = Vec::new();
    let (area_units, part_units): (Vec<&OrgUnit>, Vec<&OrgUnit>) = if unit.on(date).is_some() {
        let children = hierarchy.children_on(&unit.id, date);
        (vec![unit], children)
    } else {
        match hierarchy.area_on(&unit.id, date) {
            Some(a) if !a.units.is_empty() => {
                notes.extend(a.notes.iter().cloned());
                (a.units.clone(), a.units)
            }
            _ => (Vec::new(), Vec::new()),
        }
    };
    let name = |u: &OrgUnit| UnitRef::of(u, date).name;
    let statement = if area_units.is_empty() {
        format!(
            "{} {}: không có số liệu",
            ceased_note(hierarchy, unit, date, &[]),
            area.basis.statement_vi(hierarchy_date(period))
        )
    } else if unit.on(date).is_some() {
        format!(
            "{} {}{}",
            name(unit),
            area.basis.statement_vi(hierarchy_date(period)),
            level_counts(&hierarchy.descendants_on(&unit.id, date))
        )
    } else {
        let mut below: Vec<&OrgUnit> = area_units.clone();
        for u in &area_units {
            below.extend(hierarchy.descendants_on(&u.id, date));
        }
        format!(
            "Địa bàn {} {}: {}{}",
            unit.current_name(),
            area.basis.statement_vi(hierarchy_date(period)),
            ceased_note(hierarchy, unit, date, &area_units),
            level_counts(&below)
        )
    };
    let included: Vec<&DataValue> = values
        .iter()
        .filter(|v| period.contains(&v.period) && area.includes(&v.org_unit, v.period))
        .collect();
    let value_of = |members: &[&DataValue]| -> Option<f64> {
        let owned: Vec<DataValue> = members.iter().map(|v| (*v).clone()).collect();
        let tables = tables_by_unit(&owned, &[]);
        let sources = sources_at_end(hierarchy, &tables, period);
        let aggregated = aggregate(catalog, &sources, period);
        Evaluator::new(catalog, &aggregated.table).computed(de, coc, period)
    };
    let value = value_of(&included);
    let mut by_part: BTreeMap<usize, Vec<&DataValue>> = BTreeMap::new();
    let mut unplaced: Vec<String> = Vec::new();
    for v in &included {
        let counted_as = match area.basis {
            Basis::On(on) => hierarchy
                .map_to(&v.org_unit, on)
                .map_or(v.org_unit.as_str(), |m| m.unit.id.as_str()),
            Basis::AtEachDate => v.org_unit.as_str(),
        };
        match part_of(hierarchy, counted_as, date, &part_units) {
            Some(i) => by_part.entry(i).or_default().push(v),
            None => {
                if !unplaced.contains(&v.org_unit) {
                    unplaced.push(v.org_unit.clone());
                }
            }
        }
    }
    for id in &unplaced {
        let who = hierarchy
            .unit(id)
            .map_or(id.clone(), |u| format!("{} ({})", u.current_name(), u.code));
        notes.push(format!(
            "số liệu của {who} tính vào địa bàn nhưng không thuộc đơn vị nào bên dưới"
        ));
    }
    let parts = part_units
        .iter()
        .enumerate()
        .map(|(i, u)| SeriesPart {
            unit: UnitRef::of(u, date),
            value: by_part.get(&i).and_then(|members| value_of(members)),
        })
        .collect();
    let mut present: Vec<&str> = included.iter().map(|v| v.org_unit.as_str()).collect();
    present.sort_unstable();
    present.dedup();
    SeriesPoint {
        period,
        value,
        hierarchy_date: date,
        statement,
        area: area_units.iter().map(|u| UnitRef::of(u, date)).collect(),
        parts,
        units_present: present.len(),
        notes,
    }
}

/// The index of the part `id` belongs to: `id` itself or its nearest ancestor on `date` among
/// `parts`.
fn part_of(hierarchy: &Hierarchy, id: &str, date: NaiveDate, parts: &[&OrgUnit]) -> Option<usize> {
    let mut current = hierarchy.unit(id)?;
    for _ in 0..=hierarchy.units().len() {
        if let Some(i) = parts.iter().position(|p| p.id == current.id) {
            return Some(i);
        }
        current = hierarchy.parent_on(&current.id, date)?;
    }
    None
}

/// ": 7 đơn vị cấp huyện, 62 đơn vị cấp xã", or "" when there are none.
fn level_counts(units: &[&OrgUnit]) -> String {
    let mut counts: BTreeMap<OrgUnitLevel, usize> = BTreeMap::new();
    for u in units {
        *counts.entry(u.level).or_default() += 1;
    }
    if counts.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(level, n)| format!("{n} đơn vị {}", level.name_vi()))
        .collect();
    format!(": {}", parts.join(", "))
}

/// "Tỉnh Ninh Thuận không còn từ ngày 01/7/2025; địa bàn nay là 40 đơn vị của Tỉnh Khánh Hòa"
/// for a unit not valid on `date`.
fn ceased_note(
    hierarchy: &Hierarchy,
    unit: &OrgUnit,
    date: NaiveDate,
    area: &[&OrgUnit],
) -> String {
    let ended = unit.versions.last().and_then(|v| v.valid_to);
    let started = unit.versions.first().map(|v| v.valid_from);
    let when = match (ended, started) {
        (Some(end), _) if end < date => format!(
            "không còn từ ngày {}",
            format::date_short(end.succ_opt().unwrap_or(end))
        ),
        (_, Some(start)) if start > date => {
            format!("chỉ có từ ngày {}", format::date_short(start))
        }
        _ => format!("không có ngày {}", format::date_short(date)),
    };
    let mut parents: Vec<String> = area
        .iter()
        .filter_map(|u| hierarchy.parent_on(&u.id, date))
        .map(|p| UnitRef::of(p, date).name)
        .collect();
    parents.dedup();
    let of = match parents.as_slice() {
        [one] => format!(" của {one}"),
        _ => String::new(),
    };
    if area.is_empty() {
        format!("{} {when}", unit.current_name())
    } else {
        format!(
            "{} {when}; địa bàn nay là {} đơn vị{of} kế thừa",
            unit.current_name(),
            area.len()
        )
    }
}

/// The units' tables as sources of `period`, each saying whether its unit exists on the
/// period's date.
fn sources_at_end<'t>(
    hierarchy: &Hierarchy,
    tables: &'t BTreeMap<String, DataTable>,
    period: Period,
) -> Vec<Source<'t>> {
    let end = hierarchy_date(period);
    tables
        .iter()
        .map(|(id, table)| Source {
            org_unit: id,
            table,
            at_end: hierarchy.unit(id).is_some_and(|u| u.on(end).is_some()),
        })
        .collect()
}

/// One [`DataTable`] per org unit that has a value, by id.
fn tables_by_unit(
    values: &[DataValue],
    stated: &[StatedIndicatorValue],
) -> BTreeMap<String, DataTable> {
    let mut grouped: BTreeMap<String, (Vec<DataValue>, Vec<StatedIndicatorValue>)> =
        BTreeMap::new();
    for v in values {
        grouped
            .entry(v.org_unit.clone())
            .or_default()
            .0
            .push(v.clone());
    }
    for s in stated {
        grouped
            .entry(s.org_unit.clone())
            .or_default()
            .1
            .push(s.clone());
    }
    grouped
        .into_iter()
        .map(|(id, (values, stated))| {
            let table = DataTable::from_values(&values, &stated, &id);
            (id, table)
        })
        .collect()
}

/// Which units' figures count for an org unit's area in a period, on a basis; memoised by
/// date.
struct AreaReader<'h> {
    hierarchy: &'h Hierarchy,
    unit: &'h OrgUnit,
    basis: Basis,
    members: BTreeMap<NaiveDate, Vec<&'h OrgUnit>>,
}

impl<'h> AreaReader<'h> {
    fn new(hierarchy: &'h Hierarchy, unit: &OrgUnit, basis: Basis) -> AreaReader<'h> {
        let unit = hierarchy
            .unit(&unit.id)
            .expect("the unit was found in this hierarchy");
        AreaReader {
            hierarchy,
            unit,
            basis,
            members: BTreeMap::new(),
        }
    }

    /// The units of the area on `date`: the unit and every unit below it when it is valid
    /// then; else the units its area went to and every unit below them.
    fn members(&mut self, date: NaiveDate) -> Vec<&'h OrgUnit> {
        let hierarchy = self.hierarchy;
        let unit = self.unit;
        self.members
            .entry(date)
            .or_insert_with(|| {
                let tops: Vec<&OrgUnit> = if unit.on(date).is_some() {
                    vec![unit]
                } else {
                    hierarchy
                        .area_on(&unit.id, date)
                        .map(|a| a.units)
                        .unwrap_or_default()
                };
                let mut all = tops.clone();
                for top in tops {
                    all.extend(hierarchy.descendants_on(&top.id, date));
                }
                all
            })
            .clone()
    }

    /// Whether a figure of `org_unit` for `period` counts for the area.
    fn includes(&mut self, org_unit: &str, period: Period) -> bool {
        let date = hierarchy_date(period);
        if self.members(date).iter().any(|u| u.id == org_unit) {
            return true;
        }
        let Basis::On(on) = self.basis else {
            return false;
        };
        let Some(mapped) = self.hierarchy.map_to(org_unit, on) else {
            return false;
        };
        let id = mapped.unit.id.clone();
        self.members(on).iter().any(|u| u.id == id)
    }
}

/// The report issue data of a period: as stored; for a longer period without it, a draft
/// from its last month's (issue date, year-to-date cut-off, signer) or dated on the last day
/// of its cut-off window, with a note saying so.
async fn issue_for(
    store: &Store,
    period: Period,
) -> Result<(Option<ReportIssue>, Option<String>), AppError> {
    if let Some(issue) = store.report_issue(period).await? {
        return Ok((Some(issue), None));
    }
    if period.period_type() == PeriodType::Month {
        return Ok((None, None));
    }
    let end = hierarchy_date(period);
    let last_month = period.months().last().copied().unwrap_or(period);
    let base = store.report_issue(last_month).await?;
    let issue = ReportIssue {
        period,
        number: None,
        issued_on: base.as_ref().map_or(end, |b| b.issued_on),
        ytd_cutoff: base.as_ref().map_or(end, |b| b.ytd_cutoff),
        signer: base
            .as_ref()
            .map_or_else(|| "[Họ và tên người ký]".to_string(), |b| b.signer.clone()),
    };
    let from = if base.is_some() {
        format!("lấy theo báo cáo {}", last_month.label_vi())
    } else {
        "theo ngày cuối của thời gian chốt số liệu".to_string()
    };
    let note = format!(
        "Chưa có số, ngày ban hành của báo cáo {} (bảng [report] của data/{}.toml): báo cáo in dạng dự thảo, ngày {}, số liệu lũy kế đến ngày {} ({from}).",
        period.label_vi(),
        period.id(),
        format::date_short(issue.issued_on),
        format::date_short(issue.ytd_cutoff),
    );
    Ok((Some(issue), Some(note)))
}
