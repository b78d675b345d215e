//! Checking raw values read from any format against the catalogue and the org units, with
//! every problem located; nothing is stored here. A file is accepted only when it has no
//! problem at all (the caller stores all of it in one transaction, or nothing).

use std::collections::HashMap;

use baocao_core::catalog::{Catalog, ValueType};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::Period;
use baocao_core::text::nfc;
use baocao_core::value::{DataValue, TypedNumber, ValueOrigin};
use chrono::{NaiveDate, NaiveDateTime};

use crate::number::{self, Notation};
use crate::problem::{Location, Problem, Problems};

/// What an import accepts.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// When set, every value must be of this period (a form's period, or `--period`).
    pub period: Option<Period>,
    /// Today: a period that starts after it is refused.
    pub today: NaiveDate,
    /// Read numbers by the format's own rule only, instead of reporting text that could be
    /// read two ways (see [`crate::number`]).
    pub strict_numbers: bool,
    /// Who stored the values, when the file does not say.
    pub stored_by: String,
}

impl ImportOptions {
    /// Options with no period restriction, `today` as given, numbers checked.
    pub fn new(today: NaiveDate, stored_by: impl Into<String>) -> Self {
        ImportOptions {
            period: None,
            today,
            strict_numbers: false,
            stored_by: stored_by.into(),
        }
    }
}

/// A column (or field) of a raw value, to locate a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The data element.
    DataElement,
    /// The category option combo.
    Coc,
    /// The org unit.
    OrgUnit,
    /// The period.
    Period,
    /// The value.
    Value,
    /// The comment.
    Comment,
}

/// A figure as read from a file, before checking.
#[derive(Debug, Clone, PartialEq)]
pub enum RawNumber<'r> {
    /// Nothing: the value is skipped (counted as ignored).
    Empty,
    /// Text written in a notation.
    Text(&'r str, Notation),
    /// A binary number (an XLSX numeric cell, a JSON number).
    Binary(f64),
    /// Something that is not a number (a date, a boolean, a formula error): the text shown
    /// and what is wrong.
    Bad(String, String),
}

/// A period as read: text, or already a period (an XLSX date turned into its month).
#[derive(Debug, Clone, PartialEq)]
pub enum RawPeriod<'r> {
    /// Text such as `2023-04`.
    Text(&'r str),
    /// A period.
    Period(Period),
}

/// One value as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct RawValue<'r> {
    /// Data element code.
    pub data_element: &'r str,
    /// Category option combo code (`XA.QUAMANG`, options in any order; `default` or empty
    /// for the total).
    pub coc: &'r str,
    /// Org unit id (or code).
    pub org_unit: &'r str,
    /// Period.
    pub period: RawPeriod<'r>,
    /// The figure.
    pub value: RawNumber<'r>,
    /// A comment.
    pub comment: Option<&'r str>,
    /// Who stored it, if the file says.
    pub stored_by: Option<&'r str>,
    /// When it was stored, if the file says.
    pub stored_at: Option<NaiveDateTime>,
}

/// The values of a file that passed every check.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// The values, in file order.
    pub values: Vec<DataValue>,
    /// Values that were empty and so skipped.
    pub empty: u64,
}

/// Checks raw values one by one, keeping every problem; [`Checker::finish`] adds the
/// duplicates and returns the values only when there was no problem.
pub struct Checker<'a> {
    catalog: &'a Catalog,
    org_units: &'a [OrgUnit],
    options: &'a ImportOptions,
    problems: Problems,
    values: Vec<DataValue>,
    records: Vec<u64>,
    empty: u64,
    periods: HashMap<String, Result<Period, String>>,
    org_unit_ids: HashMap<(String, Period), Result<String, String>>,
    cocs: HashMap<(String, String), Result<CategoryOptionCombo, String>>,
}

impl<'a> Checker<'a> {
    /// A checker against a catalogue and the org units.
    pub fn new(catalog: &'a Catalog, org_units: &'a [OrgUnit], options: &'a ImportOptions) -> Self {
        Checker {
            catalog,
            org_units,
            options,
            problems: Problems::default(),
            values: Vec::new(),
            records: Vec::new(),
            empty: 0,
            periods: HashMap::new(),
            org_unit_ids: HashMap::new(),
            cocs: HashMap::new(),
        }
    }

    /// Records a problem found by the reader itself (a bad header, a broken line).
    pub fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Whether a problem was found so far.
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }

    /// The unit of a data element (for messages), if the code is known.
    pub fn unit_of(&self, data_element: &str) -> Option<&str> {
        self.catalog
            .data_elements
            .get(data_element.trim())
            .map(|de| de.unit.as_str())
    }

    /// How many values were accepted so far.
    pub fn accepted(&self) -> usize {
        self.values.len()
    }

    /// Checks one value; `record` identifies it for [`Checker::finish`] (a line, an index),
    /// `at` locates each of its columns.
    pub fn check(&mut self, record: u64, raw: &RawValue<'_>, at: &dyn Fn(Column) -> Location) {
        let before = self.problems.count();
        let de_code = nfc(raw.data_element.trim());
        let de = self.catalog.data_elements.get(&de_code);
        if de.is_none() {
            let message = if de_code.is_empty() {
                "no data element code; expected a code of the catalogue, e.g. DVC_HOSO".to_string()
            } else if self.catalog.indicators.contains_key(&de_code) {
                format!(
                    "`{de_code}` is an indicator, computed from data elements; expected a data element code"
                )
            } else {
                format!(
                    "no data element `{de_code}` in the catalogue; expected a data element code (baocao catalog lists them)"
                )
            };
            self.problems
                .push(Problem::new(at(Column::DataElement), &de_code, message));
        }
        let coc = de.and_then(|de| {
            let key = (de.code.clone(), raw.coc.trim().to_string());
            let catalog = self.catalog;
            let result = self
                .cocs
                .entry(key)
                .or_insert_with(|| {
                    let text = nfc(raw.coc.trim());
                    let options = CategoryOptionCombo::split_code(&text);
                    catalog.selection(de, &options).map_err(|e| e.to_string())
                })
                .clone();
            result
                .map_err(|message| {
                    self.problems
                        .push(Problem::new(at(Column::Coc), raw.coc.trim(), message))
                })
                .ok()
        });
        let period = self.period(raw, at);
        let org_unit = period.and_then(|p| self.org_unit(raw.org_unit, p, at));
        let number = match &raw.value {
            RawNumber::Empty => {
                if self.problems.count() == before {
                    self.empty += 1;
                }
                return;
            }
            RawNumber::Text(text, notation) => {
                let strict = self.options.strict_numbers;
                number::read_text(text, *notation, strict).map_err(|m| (text.trim().to_string(), m))
            }
            RawNumber::Binary(x) => number::read_binary(*x).map_err(|m| (x.to_string(), m)),
            RawNumber::Bad(found, message) => Err((found.clone(), message.clone())),
        };
        let number = match number {
            Ok(n) => de.and_then(|de| self.check_type(de, n, at)),
            Err((found, message)) => {
                self.problems
                    .push(Problem::new(at(Column::Value), found, message));
                None
            }
        };
        if self.problems.count() != before {
            return;
        }
        let (Some(de), Some(coc), Some(period), Some(org_unit), Some(number)) =
            (de, coc, period, org_unit, number)
        else {
            return;
        };
        let comment = raw.comment.map(|c| nfc(c.trim())).filter(|c| !c.is_empty());
        let stored_by = raw
            .stored_by
            .map(|s| nfc(s.trim()))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| self.options.stored_by.clone());
        self.values.push(DataValue {
            data_element: de.code.clone(),
            category_option_combo: coc,
            org_unit,
            period,
            number,
            origin: ValueOrigin::Typed,
            stored_by,
            stored_at: raw.stored_at,
            comment,
        });
        self.records.push(record);
    }

    fn check_type(
        &mut self,
        de: &baocao_core::catalog::DataElement,
        n: TypedNumber,
        at: &dyn Fn(Column) -> Location,
    ) -> Option<TypedNumber> {
        if de.value_type != ValueType::Integer {
            return Some(n);
        }
        if n.value.fract() != 0.0 {
            self.problems.push(Problem::new(
                at(Column::Value),
                &n.as_typed,
                format!(
                    "`{}` counts {}: expected a whole number ≥ 0",
                    de.code, de.unit
                ),
            ));
            return None;
        }
        if n.value < 0.0 {
            self.problems.push(Problem::new(
                at(Column::Value),
                &n.as_typed,
                format!(
                    "`{}` counts {}, and a count cannot be negative: expected a whole number ≥ 0",
                    de.code, de.unit
                ),
            ));
            return None;
        }
        Some(n)
    }

    fn period(&mut self, raw: &RawValue<'_>, at: &dyn Fn(Column) -> Location) -> Option<Period> {
        let (found, parsed) = match &raw.period {
            RawPeriod::Period(p) => (p.id(), Ok(*p)),
            RawPeriod::Text(text) => {
                let text = text.trim();
                let parsed = self
                    .periods
                    .entry(text.to_string())
                    .or_insert_with(|| {
                        Period::parse(text).map_err(|e| {
                            format!(
                                "{e}; expected a period such as 2023-04, 2023Q2, 2023S1 or 2023"
                            )
                        })
                    })
                    .clone();
                (text.to_string(), parsed)
            }
        };
        let period = match parsed {
            Ok(p) => p,
            Err(message) => {
                self.problems
                    .push(Problem::new(at(Column::Period), found, message));
                return None;
            }
        };
        if let Some(expected) = self.options.period
            && period != expected
        {
            self.problems.push(Problem::new(
                at(Column::Period),
                found,
                format!(
                    "a value for {} in an import of {}; expected only {} ({})",
                    period.label_vi(),
                    expected.label_vi(),
                    expected.id(),
                    expected.label_vi()
                ),
            ));
            return None;
        }
        if period.calendar_window().start > self.options.today {
            self.problems.push(Problem::new(
                at(Column::Period),
                found,
                format!(
                    "{} has not begun (today is {}); expected a period that has started",
                    period.label_vi(),
                    self.options.today
                ),
            ));
            return None;
        }
        Some(period)
    }

    fn org_unit(
        &mut self,
        text: &str,
        period: Period,
        at: &dyn Fn(Column) -> Location,
    ) -> Option<String> {
        let text = nfc(text.trim());
        let key = (text.clone(), period);
        let units = self.org_units;
        let result = self
            .org_unit_ids
            .entry(key)
            .or_insert_with(|| resolve_org_unit(units, &text, period))
            .clone();
        result
            .map_err(|message| {
                self.problems
                    .push(Problem::new(at(Column::OrgUnit), &text, message))
            })
            .ok()
    }

    /// Adds a problem for every figure given twice (same data element, breakdown, org unit
    /// and period), and returns the values when no problem was found.
    ///
    /// # Errors
    /// Every problem found, in the order found, duplicates last.
    pub fn finish(mut self, at: &dyn Fn(u64) -> Location) -> Result<Checked, Problems> {
        let mut order: Vec<usize> = (0..self.values.len()).collect();
        fn key(v: &DataValue) -> (&str, &[String], &str, Period) {
            (
                v.data_element.as_str(),
                v.category_option_combo.options(),
                v.org_unit.as_str(),
                v.period,
            )
        }
        order.sort_by(|&a, &b| {
            key(&self.values[a])
                .cmp(&key(&self.values[b]))
                .then(self.records[a].cmp(&self.records[b]))
        });
        for pair in order.windows(2) {
            let (first, second) = (pair[0], pair[1]);
            if key(&self.values[first]) == key(&self.values[second]) {
                let v = &self.values[second];
                self.problems.push(Problem::new(
                    at(self.records[second]),
                    &v.number.as_typed,
                    format!(
                        "`{}` `{}` of org unit {} for {} is given twice (also at {}); expected each figure once",
                        v.data_element,
                        v.category_option_combo,
                        v.org_unit,
                        v.period.id(),
                        at(self.records[first])
                    ),
                ));
            }
        }
        if self.problems.is_empty() {
            Ok(Checked {
                values: self.values,
                empty: self.empty,
            })
        } else {
            Err(self.problems)
        }
    }
}

/// The id of the org unit named by `text` (its id, or its code when no id matches), which
/// must have existed during `period`.
fn resolve_org_unit(units: &[OrgUnit], text: &str, period: Period) -> Result<String, String> {
    let window = period.calendar_window();
    let existed = |u: &OrgUnit| {
        u.versions
            .iter()
            .any(|v| v.valid_from <= window.end && v.valid_to.is_none_or(|end| end >= window.start))
    };
    let candidates: Vec<&OrgUnit> = match units.iter().find(|u| u.id == text) {
        Some(u) => vec![u],
        None => units.iter().filter(|u| u.code == text).collect(),
    };
    if candidates.is_empty() {
        let known: Vec<String> = units
            .iter()
            .take(10)
            .map(|u| format!("{} ({})", u.id, u.current_name()))
            .collect();
        return Err(if text.is_empty() {
            format!("no org unit; expected an org unit id: {}", known.join(", "))
        } else {
            format!(
                "no org unit `{text}`; expected an org unit id: {}",
                known.join(", ")
            )
        });
    }
    let valid: Vec<&&OrgUnit> = candidates.iter().filter(|u| existed(u)).collect();
    match valid.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => {
            let u = candidates[0];
            Err(format!(
                "org unit `{}` ({}) did not exist in {}; expected a unit valid then",
                u.id,
                u.current_name(),
                period.label_vi()
            ))
        }
        several => Err(format!(
            "code `{text}` names several org units in {}: {}; expected an org unit id",
            period.label_vi(),
            several
                .iter()
                .map(|u| u.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}
