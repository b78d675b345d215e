//! Checking raw values read from any format against the catalogue and the org units, with
//! every problem located; nothing is stored here. A file is accepted only when it has no
//! problem at all (the caller stores all of it in one transaction, or nothing).
//!
//! The checker streams: with [`Checker::with_sink`] it hands the accepted values out in
//! batches as they are checked, keeping of each only its key packed in 8 bytes and its
//! record, for the duplicate check (a figure given twice), so that memory follows the batch,
//! not the file.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use baocao_core::catalog::{Catalog, ValueType};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::Period;
use baocao_core::text::nfc;
use baocao_core::value::{DataValue, TypedNumber, ValueOrigin};
use chrono::{NaiveDate, NaiveDateTime};

use crate::number::{self, Notation};
use crate::problem::{Location, MAX_LISTED_PROBLEMS, Problem, Problems};

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
    /// The record of each value (`records[i]` is where `values[i]` was read), to locate it
    /// with the locator the reader's module gives ([`crate::csv_long::line_of`] …).
    pub records: Vec<u64>,
    /// Values that were empty and so skipped.
    pub empty: u64,
}

/// Accepted values handed out by a [`Checker`] with a sink.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The values, in file order.
    pub values: Vec<DataValue>,
    /// The record each was read at (`records[i]` for `values[i]`).
    pub records: Vec<u64>,
    /// Whether no problem was found so far in the file (values after a problem are still
    /// handed out, so that checks made elsewhere, such as rights, report every problem too;
    /// but the file will be refused).
    pub clean: bool,
}

/// Receives the batches of a [`Checker`]; returns false to stop the reading (the receiver
/// gave up, e.g. the database failed).
pub type Sink<'a> = Box<dyn FnMut(Batch) -> bool + Send + 'a>;

/// A figure given twice, located when the file is finished.
struct Duplicate {
    record: u64,
    first: u64,
    found: String,
    what: String,
}

/// Hashes the packed keys of the duplicate check: they are already well spread integers, so
/// a multiply-and-fold (from SplitMix64) does instead of SipHash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Checks raw values one by one, keeping every problem (a figure given twice included);
/// [`Checker::finish`] returns the values not handed out yet only when there was no problem.
pub struct Checker<'a> {
    catalog: &'a Catalog,
    org_units: &'a [OrgUnit],
    options: &'a ImportOptions,
    problems: Problems,
    /// Accepted values not handed out yet, and their records.
    values: Vec<DataValue>,
    records: Vec<u64>,
    accepted: u64,
    empty: u64,
    /// The key of every accepted value (its cell's number in the high half, its org unit and
    /// period's number in the low half) and the record it was read at.
    seen: HashMap<u64, u64, BuildHasherDefault<KeyHasher>>,
    duplicates: Vec<Duplicate>,
    more_duplicates: u64,
    /// Numbers of (data element, canonical cell code) and of (org unit id, period).
    cells: HashMap<(String, String), u32>,
    unit_periods: HashMap<(String, Period), u32>,
    periods: HashMap<String, Result<Period, String>>,
    org_unit_ids: HashMap<(String, Period), Result<(String, u32), String>>,
    cocs: HashMap<(String, String), Result<(CategoryOptionCombo, u32), String>>,
    sink: Option<(usize, Sink<'a>)>,
    stopped: bool,
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
            accepted: 0,
            empty: 0,
            seen: HashMap::default(),
            duplicates: Vec::new(),
            more_duplicates: 0,
            cells: HashMap::new(),
            unit_periods: HashMap::new(),
            periods: HashMap::new(),
            org_unit_ids: HashMap::new(),
            cocs: HashMap::new(),
            sink: None,
            stopped: false,
        }
    }

    /// Hands the accepted values out to `sink` in batches of `size` (at least 1) as they are
    /// checked, the last one by [`Checker::finish`], instead of keeping them.
    pub fn with_sink(mut self, size: usize, sink: Sink<'a>) -> Self {
        self.sink = Some((size.max(1), sink));
        self
    }

    /// Whether the sink asked to stop: readers stop reading then.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// Hands the accepted values kept so far to the sink, if there is one.
    fn flush(&mut self) {
        let clean = !self.has_problems();
        if let Some((_, sink)) = &mut self.sink
            && !self.values.is_empty()
        {
            let batch = Batch {
                values: std::mem::take(&mut self.values),
                records: std::mem::take(&mut self.records),
                clean,
            };
            if !sink(batch) {
                self.stopped = true;
            }
        }
    }

    /// Records a problem found by the reader itself (a bad header, a broken line).
    pub fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Whether a problem was found so far.
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty() || !self.duplicates.is_empty() || self.more_duplicates > 0
    }

    /// The unit of a data element (for messages), if the code is known.
    pub fn unit_of(&self, data_element: &str) -> Option<&str> {
        self.catalog
            .data_elements
            .get(data_element.trim())
            .map(|de| de.unit.as_str())
    }

    /// How many values were accepted so far (handed out or not).
    pub fn accepted(&self) -> u64 {
        self.accepted
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
            let cells = &mut self.cells;
            let result = self
                .cocs
                .entry(key)
                .or_insert_with(|| {
                    let text = nfc(raw.coc.trim());
                    let options = CategoryOptionCombo::split_code(&text);
                    let coc = catalog.selection(de, &options).map_err(|e| e.to_string())?;
                    let next = cells.len() as u32;
                    let cell = *cells.entry((de.code.clone(), coc.code())).or_insert(next);
                    Ok((coc, cell))
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
        let (
            Some(de),
            Some((coc, cell)),
            Some(period),
            Some((org_unit, unit_period)),
            Some(number),
        ) = (de, coc, period, org_unit, number)
        else {
            return;
        };
        let key = (u64::from(cell) << 32) | u64::from(unit_period);
        if let Some(&first) = self.seen.get(&key) {
            if self.duplicates.len() < MAX_LISTED_PROBLEMS {
                self.duplicates.push(Duplicate {
                    record,
                    first,
                    found: number.as_typed,
                    what: format!(
                        "`{}` `{}` of org unit {} for {}",
                        de.code,
                        coc,
                        org_unit,
                        period.id()
                    ),
                });
            } else {
                self.more_duplicates += 1;
            }
            return;
        }
        self.seen.insert(key, record);
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
        self.accepted += 1;
        if let Some((size, _)) = &self.sink
            && self.values.len() >= *size
        {
            self.flush();
        }
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

    /// The id of the org unit `text` names in `period`, and the number of (org unit, period).
    fn org_unit(
        &mut self,
        text: &str,
        period: Period,
        at: &dyn Fn(Column) -> Location,
    ) -> Option<(String, u32)> {
        let text = nfc(text.trim());
        let key = (text.clone(), period);
        let units = self.org_units;
        let unit_periods = &mut self.unit_periods;
        let result = self
            .org_unit_ids
            .entry(key)
            .or_insert_with(|| {
                let id = resolve_org_unit(units, &text, period)?;
                let next = unit_periods.len() as u32;
                let number = *unit_periods.entry((id.clone(), period)).or_insert(next);
                Ok((id, number))
            })
            .clone();
        result
            .map_err(|message| {
                self.problems
                    .push(Problem::new(at(Column::OrgUnit), &text, message))
            })
            .ok()
    }

    /// Adds a problem for every figure given twice (same data element, breakdown, org unit
    /// and period), located by `at` (a record's place), and returns the values not handed
    /// out yet when no problem was found; with a sink, hands the last batch to it first (so
    /// the values returned are none).
    ///
    /// # Errors
    /// Every problem found, in the order found, duplicates last.
    pub fn finish(mut self, at: &dyn Fn(u64) -> Location) -> Result<Checked, Problems> {
        if self.sink.is_some() && !self.stopped {
            self.flush();
        }
        for d in std::mem::take(&mut self.duplicates) {
            self.problems.push(Problem::new(
                at(d.record),
                d.found,
                format!(
                    "{} is given twice (also at {}); expected each figure once",
                    d.what,
                    at(d.first)
                ),
            ));
        }
        self.problems.more += self.more_duplicates;
        if self.problems.is_empty() {
            Ok(Checked {
                values: self.values,
                records: self.records,
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
