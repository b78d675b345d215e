//! Which imported figures may be stored: the importing account's rights (the fields it
//! enters, the reporting unit it is tied to, the data sets of that unit) and the approval
//! locks, checked value by value as the values come, each refusal a located problem.
//!
//! A figure belongs to one data set of its org unit and period
//! ([`Catalog::data_set_for`]: the unit's declared data set holding the element, else the
//! element's field); an approved data set is locked (Nghị định 09/2019/NĐ-CP: approved
//! figures are the ones reported up) and refuses every import, also the command line's,
//! until a quản trị unlocks it. The statuses are read once per (data set, org unit, period).
//!
//! Each refusal is located at the member at fault — the data element of a field the account
//! does not enter, the org unit of a unit it is not tied to, the period of a data set of
//! another type, the figure of a locked data set — and said in Vietnamese.

use std::collections::{BTreeSet, HashMap};

use baocao_core::catalog::Catalog;
use baocao_core::dataset::DataSetRef;
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::Period;
use baocao_core::value::DataValue;
use baocao_interchange::problem::MAX_LISTED_PROBLEMS;
use baocao_interchange::{Column, Location, Problem, Problems};
use baocao_store::{ApprovalStatus, Role};

use crate::edit::Actor;

/// A (data set code, org unit id, period) whose status decides the lock.
pub(super) type StatusKey = (String, String, Period);

/// A refusal found before its place in the file is known: the record, the member at fault,
/// the value found there and the message.
struct Refusal {
    record: u64,
    column: Column,
    found: String,
    message: String,
}

/// The checks of rights and locks over the values of one import.
pub(super) struct Gate<'a> {
    catalog: &'a Catalog,
    units: &'a [OrgUnit],
    actor: Option<&'a Actor>,
    /// The unit the actor's account is tied to, if any.
    own_unit: Option<String>,
    statuses: HashMap<StatusKey, ApprovalStatus>,
    refusals: Vec<Refusal>,
    more: u64,
    /// The approved data sets values were refused for (`cntt @ 58 2023-04`).
    locked: BTreeSet<String>,
    /// How many values were refused because their data set is approved.
    locked_values: u64,
    /// The periods of those values.
    locked_periods: BTreeSet<Period>,
}

impl<'a> Gate<'a> {
    /// The checks for `actor` (`None`: the command line, a trusted administrator: only the
    /// locks are checked), whose account is tied to `own_unit` (an org unit id) or not.
    pub(super) fn new(
        catalog: &'a Catalog,
        units: &'a [OrgUnit],
        actor: Option<&'a Actor>,
        own_unit: Option<String>,
    ) -> Gate<'a> {
        Gate {
            catalog,
            units,
            actor,
            own_unit,
            statuses: HashMap::new(),
            refusals: Vec::new(),
            more: 0,
            locked: BTreeSet::new(),
            locked_values: 0,
            locked_periods: BTreeSet::new(),
        }
    }

    /// The (data set, org unit, period) of `values` whose status is not known yet, each
    /// once: the caller reads them and gives them with [`Gate::known`].
    pub(super) fn unknown(&self, values: &[DataValue]) -> Vec<StatusKey> {
        let mut keys = BTreeSet::new();
        for v in values {
            if let Some(key) = self.status_key(v)
                && !self.statuses.contains_key(&key)
            {
                keys.insert(key);
            }
        }
        keys.into_iter().collect()
    }

    /// Records the status of a (data set, org unit, period).
    pub(super) fn known(&mut self, key: StatusKey, status: ApprovalStatus) {
        self.statuses.insert(key, status);
    }

    fn status_key(&self, v: &DataValue) -> Option<StatusKey> {
        let element = self.catalog.data_elements.get(&v.data_element)?;
        let data_set = self.catalog.data_set_for(element, &v.org_unit)?;
        Some((data_set.code().to_string(), v.org_unit.clone(), v.period))
    }

    /// Checks `values` (read at `records`), after the statuses of [`Gate::unknown`] were
    /// given; returns whether every one may be stored. Each refusal is kept, to be located
    /// by [`Gate::into_problems`].
    pub(super) fn check(&mut self, values: &[DataValue], records: &[u64]) -> bool {
        let mut all = true;
        for (v, &record) in values.iter().zip(records) {
            if let Some((column, found, message)) = self.refusal(v) {
                all = false;
                if self.refusals.len() < MAX_LISTED_PROBLEMS {
                    self.refusals.push(Refusal {
                        record,
                        column,
                        found,
                        message,
                    });
                } else {
                    self.more += 1;
                }
            }
        }
        all
    }

    /// Why `v` may not be stored (the member at fault, the value found there, the
    /// message), if it may not.
    fn refusal(&mut self, v: &DataValue) -> Option<(Column, String, String)> {
        let element = self.catalog.data_elements.get(&v.data_element)?;
        if let Some(actor) = self.actor {
            if !actor.may_edit(element.field) {
                let fields: Vec<&str> = actor.fields.iter().map(|f| f.code()).collect();
                let expected = match actor.role {
                    Role::LanhDao => "việc nhập do chuyên viên của lĩnh vực hoặc quản trị làm: lãnh đạo duyệt số liệu, không nhập số liệu".to_string(),
                    _ if fields.is_empty() => "việc nhập do chuyên viên của lĩnh vực hoặc quản trị làm: tài khoản này không được giao nhập lĩnh vực nào".to_string(),
                    _ => format!("số liệu của các lĩnh vực tài khoản được nhập: {}", fields.join(", ")),
                };
                return Some((
                    Column::DataElement,
                    v.data_element.clone(),
                    format!(
                        "tài khoản `{}` không được nhập số liệu của lĩnh vực {} ({}), như `{}`; cần {expected}",
                        actor.username,
                        element.field.code(),
                        element.field.name_vi(),
                        v.data_element
                    ),
                ));
            }
            if let Some(own) = &self.own_unit
                && *own != v.org_unit
            {
                return Some((
                    Column::OrgUnit,
                    v.org_unit.clone(),
                    format!(
                        "tài khoản `{}` chỉ được nhập số liệu của đơn vị {own} ({}); cần số liệu của đơn vị {own}",
                        actor.username,
                        self.name_of(own)
                    ),
                ));
            }
        }
        let data_set = self.catalog.data_set_for(element, &v.org_unit);
        if self.actor.is_some() {
            match data_set {
                None => {
                    return Some((
                        Column::DataElement,
                        v.data_element.clone(),
                        format!(
                            "đơn vị {} ({}) không báo cáo `{}`: không biểu mẫu nào giao cho đơn vị có chỉ tiêu này; cần các chỉ tiêu thuộc biểu mẫu của đơn vị",
                            v.org_unit,
                            self.name_of(&v.org_unit),
                            v.data_element
                        ),
                    ));
                }
                Some(DataSetRef::Declared(d)) if d.period_type != v.period.period_type() => {
                    return Some((
                        Column::Period,
                        v.period.id(),
                        format!(
                            "biểu mẫu `{}` báo cáo {}, không báo cáo cho {}; cần một kỳ đúng loại của biểu mẫu",
                            d.code,
                            d.period_type.label_vi(),
                            v.period.label_vi()
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        let data_set = data_set?;
        let key = (data_set.code().to_string(), v.org_unit.clone(), v.period);
        if self.statuses.get(&key) != Some(&ApprovalStatus::Approved) {
            return None;
        }
        self.locked_values += 1;
        self.locked_periods.insert(v.period);
        self.locked.insert(format!(
            "{} @ {} {}",
            data_set.code(),
            v.org_unit,
            v.period.id()
        ));
        Some((
            Column::Value,
            v.number.as_typed.clone(),
            format!(
                "số liệu biểu mẫu `{}` của đơn vị {} ({}) kỳ {} đã được duyệt và bị khóa; cần số liệu của biểu mẫu chưa duyệt: quản trị phải mở khóa biểu mẫu trước",
                data_set.code(),
                v.org_unit,
                self.name_of(&v.org_unit),
                v.period.label_vi()
            ),
        ))
    }

    fn name_of<'s>(&'s self, id: &'s str) -> &'s str {
        self.units
            .iter()
            .find(|u| u.id == id)
            .map_or(id, |u| u.current_name())
    }

    /// The approved data sets values were refused for (`cntt @ 58 2023-04`), how many
    /// values, and their period when they are of one.
    pub(super) fn locked(&self) -> (Vec<String>, u64, Option<Period>) {
        let period = match self.locked_periods.iter().collect::<Vec<_>>().as_slice() {
            [one] => Some(**one),
            _ => None,
        };
        (
            self.locked.iter().cloned().collect(),
            self.locked_values,
            period,
        )
    }

    /// Adds every refusal to `problems`, located by `at` (the place in the file of a
    /// record's member).
    pub(super) fn into_problems(
        self,
        problems: &mut Problems,
        at: &dyn Fn(u64, Option<Column>) -> Location,
    ) {
        for r in self.refusals {
            problems.push(Problem::new(
                at(r.record, Some(r.column)),
                r.found,
                r.message,
            ));
        }
        problems.more += self.more;
    }
}
