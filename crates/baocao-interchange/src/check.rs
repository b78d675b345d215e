//! Checking raw values read from any format against the catalogue and the org units, with
//! every problem located; nothing is stored here. A file is accepted only when it has no
//! problem at all (the caller stores all of it in one transaction, or nothing).
//!
//! The checker streams: with [`Checker::with_sink`] it hands the accepted values out in
//! batches as they are checked, keeping of each only its key packed in 8 bytes and its
//! record, for the duplicate check (a figure given twice), so that memory follows the batch,
//! not the file.
//!
//! A figure given twice is located at the member that makes it a duplicate: the org unit or
//! breakdown that the second value writes otherwise than the first while naming the same
//! thing (an org unit by its code and by its id, options in another order), or, when both
//! are written alike, the second value's figure. To tell, the checker keeps how the first
//! value of each (org unit, period) and of each cell wrote them, and the spelling of an
//! accepted value only when it differs from those (rare), so memory stays per value a
//! packed key and a record. (Periods have one spelling per format: `2023-04`, or DHIS2's
//! `202304`.)
//!
//! Messages are Vietnamese; codes are quoted as written in the file.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use baocao_core::catalog::{Catalog, ValueType};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::format::date_short;
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

/// A column (or field) of a raw value, to locate a problem: each format's locator turns a
/// record and a column into a place (`Dòng 3, cột coc`, `dataValues[2].orgUnit`, a cell).
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
    /// The record of the second value, where the problem is.
    record: u64,
    /// The record of the first value.
    first: u64,
    /// The member at fault: the org unit or breakdown the second value writes otherwise
    /// than the first, or the figure when both are written alike.
    column: Column,
    /// What the file holds there.
    found: String,
    /// How the first value wrote that member, when it wrote it otherwise.
    first_spelling: Option<String>,
    /// What the member names (`đơn vị DN_VNPT (VNPT Ninh Thuận)`), when respelled.
    same_thing: String,
    /// The figure: `` `DVC_HOSO` `XA.QUAMANG` của đơn vị 58, tháng 4/2023 ``.
    what: String,
}

/// How a value wrote its org unit and breakdown (trimmed; the org unit in NFC).
struct Spelled<'t> {
    org_unit: &'t str,
    coc: &'t str,
}

/// The spelling of an accepted value that differs from the first of its (org unit,
/// period) or cell: numbers of texts in `Checker::texts`.
#[derive(Clone, Copy)]
struct Respelled {
    org_unit: u32,
    coc: u32,
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
    /// How the first accepted value of each (org unit, period) wrote the org unit, by the
    /// number of the pair.
    first_unit_spelling: Vec<Option<Box<str>>>,
    /// How the first accepted value of each cell wrote its breakdown, by its number.
    first_cell_spelling: Vec<Option<Box<str>>>,
    /// The spellings of the accepted values written otherwise than those firsts, by key.
    respelled: HashMap<u64, Respelled, BuildHasherDefault<KeyHasher>>,
    /// The texts of `respelled`, numbered.
    texts: Vec<Box<str>>,
    text_numbers: HashMap<Box<str>, u32>,
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
            first_unit_spelling: Vec::new(),
            first_cell_spelling: Vec::new(),
            respelled: HashMap::default(),
            texts: Vec::new(),
            text_numbers: HashMap::new(),
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
                "thiếu mã chỉ tiêu; cần mã một chỉ tiêu của danh mục, ví dụ DVC_HOSO".to_string()
            } else if self.catalog.indicators.contains_key(&de_code) {
                format!(
                    "`{de_code}` là chỉ số tính toán (tính từ các chỉ tiêu), không nhập được; cần mã một chỉ tiêu"
                )
            } else {
                format!(
                    "danh mục không có chỉ tiêu `{de_code}`; cần mã một chỉ tiêu của danh mục (lệnh baocao catalog liệt kê các mã)"
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
                    let coc = catalog
                        .selection(de, &options)
                        .map_err(|e| crate::vi::selection_error(&e))?;
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
        let period_text = match &raw.period {
            RawPeriod::Text(text) => std::borrow::Cow::Borrowed(text.trim()),
            RawPeriod::Period(p) => std::borrow::Cow::Owned(p.id()),
        };
        let unit_text = nfc(raw.org_unit.trim());
        let period = self.period(raw, &period_text, at);
        let org_unit = period.and_then(|p| self.org_unit(&unit_text, p, at));
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
        let spelled = Spelled {
            org_unit: &unit_text,
            coc: raw.coc.trim(),
        };
        if let Some(&first) = self.seen.get(&key) {
            if self.duplicates.len() < MAX_LISTED_PROBLEMS {
                let found = match &raw.value {
                    RawNumber::Text(text, _) => text.trim().to_string(),
                    _ => number.as_typed.clone(),
                };
                let what = format!(
                    "`{}` `{}` của đơn vị {}, {}",
                    de.code,
                    coc,
                    org_unit,
                    period.label_vi()
                );
                let duplicate = self.duplicate(key, &spelled, (record, first), found, what);
                let duplicate = match duplicate.column {
                    Column::OrgUnit => Duplicate {
                        same_thing: format!(
                            "đơn vị {org_unit} ({})",
                            unit_name(self.org_units, &org_unit)
                        ),
                        ..duplicate
                    },
                    Column::Coc => Duplicate {
                        same_thing: format!("ô phân tổ `{coc}` của `{}`", de.code),
                        ..duplicate
                    },
                    _ => duplicate,
                };
                self.duplicates.push(duplicate);
            } else {
                self.more_duplicates += 1;
            }
            return;
        }
        self.seen.insert(key, record);
        self.remember_spelling(key, cell, unit_period, &spelled);
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
                    "`{}` là số đếm ({}) nên không có phần thập phân; cần số nguyên ≥ 0",
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
                    "`{}` là số đếm ({}), không thể âm; cần số nguyên ≥ 0",
                    de.code, de.unit
                ),
            ));
            return None;
        }
        Some(n)
    }

    /// The period of `raw`, written `found` (trimmed, or the id of a period read as one).
    fn period(
        &mut self,
        raw: &RawValue<'_>,
        found: &str,
        at: &dyn Fn(Column) -> Location,
    ) -> Option<Period> {
        let parsed = match &raw.period {
            RawPeriod::Period(p) => Ok(*p),
            RawPeriod::Text(_) => match self.periods.get(found) {
                Some(parsed) => parsed.clone(),
                None => {
                    let parsed = Period::parse(found).map_err(|e| {
                        format!(
                            "{}; cần kỳ báo cáo dạng 2023-04 (tháng), 2023Q2 (quý), 2023S1 (6 tháng) hoặc 2023 (năm)",
                            crate::vi::period_error(&e)
                        )
                    });
                    self.periods.insert(found.to_string(), parsed.clone());
                    parsed
                }
            },
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
                    "số liệu của {} trong lần nhập cho {}; cần đúng kỳ {} ({})",
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
                    "kỳ {} chưa bắt đầu (hôm nay là ngày {}); cần một kỳ đã bắt đầu",
                    period.label_vi(),
                    date_short(self.options.today)
                ),
            ));
            return None;
        }
        Some(period)
    }

    /// The id of the org unit `text` (trimmed, NFC) names in `period`, and the number of
    /// (org unit, period).
    fn org_unit(
        &mut self,
        text: &str,
        period: Period,
        at: &dyn Fn(Column) -> Location,
    ) -> Option<(String, u32)> {
        let key = (text.to_string(), period);
        let units = self.org_units;
        let unit_periods = &mut self.unit_periods;
        let result = self
            .org_unit_ids
            .entry(key)
            .or_insert_with(|| {
                let id = resolve_org_unit(units, text, period)?;
                let next = unit_periods.len() as u32;
                let number = *unit_periods.entry((id.clone(), period)).or_insert(next);
                Ok((id, number))
            })
            .clone();
        result
            .map_err(|message| {
                self.problems
                    .push(Problem::new(at(Column::OrgUnit), text, message))
            })
            .ok()
    }

    /// Remembers how the first accepted value of an (org unit, period) and of a cell wrote
    /// them, and the spelling of an accepted value that writes them otherwise.
    fn remember_spelling(&mut self, key: u64, cell: u32, unit_period: u32, spelled: &Spelled<'_>) {
        let (cell, unit_period) = (cell as usize, unit_period as usize);
        if self.first_unit_spelling.len() <= unit_period {
            self.first_unit_spelling.resize(unit_period + 1, None);
        }
        if self.first_cell_spelling.len() <= cell {
            self.first_cell_spelling.resize(cell + 1, None);
        }
        let unit =
            self.first_unit_spelling[unit_period].get_or_insert_with(|| spelled.org_unit.into());
        let alike_unit = **unit == *spelled.org_unit;
        let coc = self.first_cell_spelling[cell].get_or_insert_with(|| spelled.coc.into());
        let alike = alike_unit && **coc == *spelled.coc;
        if !alike {
            let respelled = Respelled {
                org_unit: self.text_number(spelled.org_unit),
                coc: self.text_number(spelled.coc),
            };
            self.respelled.insert(key, respelled);
        }
    }

    fn text_number(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.text_numbers.get(text) {
            return n;
        }
        let n = self.texts.len() as u32;
        self.texts.push(text.into());
        self.text_numbers.insert(text.into(), n);
        n
    }

    /// The duplicate of the value at `records.0` (written `spelled`) of the one accepted at
    /// `records.1` with the same key: located at its org unit, or else its breakdown, if the
    /// first value wrote it otherwise, else at its figure (`found`).
    fn duplicate(
        &self,
        key: u64,
        spelled: &Spelled<'_>,
        records: (u64, u64),
        found: String,
        what: String,
    ) -> Duplicate {
        let (record, first) = records;
        let cell = (key >> 32) as usize;
        let unit_period = (key & 0xFFFF_FFFF) as usize;
        let (first_unit, first_coc) = match self.respelled.get(&key) {
            Some(r) => (
                &*self.texts[r.org_unit as usize],
                &*self.texts[r.coc as usize],
            ),
            None => (
                self.first_unit_spelling[unit_period]
                    .as_deref()
                    .unwrap_or(""),
                self.first_cell_spelling[cell].as_deref().unwrap_or(""),
            ),
        };
        let members = [
            (Column::OrgUnit, spelled.org_unit, first_unit),
            (Column::Coc, spelled.coc, first_coc),
        ];
        let respelled = members.into_iter().find(|(_, now, then)| now != then);
        match respelled {
            Some((column, now, then)) => Duplicate {
                record,
                first,
                column,
                found: now.to_string(),
                first_spelling: Some(then.to_string()),
                same_thing: String::new(),
                what,
            },
            None => Duplicate {
                record,
                first,
                column: Column::Value,
                found,
                first_spelling: None,
                same_thing: String::new(),
                what,
            },
        }
    }

    /// Adds a problem for every figure given twice (same data element, breakdown, org unit
    /// and period), located by `at` (a record's place, or the place of one of its columns:
    /// the member at fault), and returns the values not handed out yet when no problem was
    /// found; with a sink, hands the last batch to it first (so the values returned are
    /// none).
    ///
    /// # Errors
    /// Every problem found, in the order found, duplicates last.
    pub fn finish(
        mut self,
        at: &dyn Fn(u64, Option<Column>) -> Location,
    ) -> Result<Checked, Problems> {
        if self.sink.is_some() && !self.stopped {
            self.flush();
        }
        for d in std::mem::take(&mut self.duplicates) {
            let message = match &d.first_spelling {
                Some(then) => {
                    let fix = match d.column {
                        Column::OrgUnit => "sửa mã đơn vị nếu số liệu là của đơn vị khác",
                        _ => "sửa phân tổ nếu số liệu là của ô phân tổ khác",
                    };
                    format!(
                        "{} và {} (ở {}) cùng chỉ {}, nên số liệu {} được khai hai lần; cần mỗi số liệu chỉ khai một lần: {fix}, hoặc xóa một trong hai",
                        quoted(&d.found),
                        quoted(then),
                        at(d.first, Some(d.column)).in_sentence(),
                        d.same_thing,
                        d.what
                    )
                }
                None => format!(
                    "số liệu {} đã khai ở {}; cần mỗi số liệu chỉ khai một lần: xóa một trong hai, hoặc sửa chỉ tiêu, phân tổ, đơn vị hay kỳ của số liệu ghi nhầm",
                    d.what,
                    at(d.first, Some(Column::Value)).in_sentence()
                ),
            };
            self.problems
                .push(Problem::new(at(d.record, Some(d.column)), d.found, message));
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

/// A text of the file in quotes, or `(để trống)` when it is empty.
fn quoted(text: &str) -> String {
    if text.is_empty() {
        "(để trống)".to_string()
    } else {
        format!("“{text}”")
    }
}

/// The current name of the org unit `id`, or the id.
fn unit_name<'u>(units: &'u [OrgUnit], id: &'u str) -> &'u str {
    units
        .iter()
        .find(|u| u.id == id)
        .map_or(id, |u| u.current_name())
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
        let more = if units.len() > known.len() {
            ", …"
        } else {
            ""
        };
        return Err(if text.is_empty() {
            format!(
                "thiếu mã đơn vị; cần mã một đơn vị: {}{more}",
                known.join(", ")
            )
        } else {
            format!(
                "không có đơn vị `{text}`; cần mã một đơn vị: {}{more}",
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
                "đơn vị `{}` ({}) không tồn tại trong {}; cần một đơn vị còn hoạt động trong kỳ đó",
                u.id,
                u.current_name(),
                period.label_vi()
            ))
        }
        several => Err(format!(
            "mã `{text}` trỏ tới nhiều đơn vị trong {}: {}; cần mã định danh (id) của một đơn vị",
            period.label_vi(),
            several
                .iter()
                .map(|u| u.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}
