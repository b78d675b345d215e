//! Org units (đơn vị hành chính) with levels and versions: names and parents change over time
//! (the 2025 reorganisation, Nghị quyết 202/2025/QH15), so each holds dated versions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Administrative level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgUnitLevel {
    /// Tỉnh, thành phố trực thuộc trung ương.
    Tinh,
    /// Huyện, quận, thị xã, thành phố thuộc tỉnh (until 30/6/2025).
    Huyen,
    /// Xã, phường, thị trấn, đặc khu.
    Xa,
}

impl OrgUnitLevel {
    /// Vietnamese name: "cấp tỉnh", "cấp huyện", "cấp xã".
    pub fn name_vi(self) -> &'static str {
        match self {
            OrgUnitLevel::Tinh => "cấp tỉnh",
            OrgUnitLevel::Huyen => "cấp huyện",
            OrgUnitLevel::Xa => "cấp xã",
        }
    }
}

/// What kind of body an org unit is. Administrative units (tỉnh, huyện, xã) are the areas
/// figures add up over; the others report too — a division of the Sở (phòng chuyên môn, đơn
/// vị sự nghiệp), an enterprise on the province's territory (VNPT Ninh Thuận) — as reporting
/// units of the data sets assigned to them, under the administrative unit whose area they
/// report on. Their `level` is the level of that administration (a division of the Sở or a
/// provincial branch of an enterprise: [`OrgUnitLevel::Tinh`]).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum OrgUnitKind {
    /// Đơn vị hành chính: a province, district or commune (its People's Committee reports).
    #[default]
    HanhChinh,
    /// Cơ quan, đơn vị: a division of a department (phòng thuộc Sở), an agency or a public
    /// service unit that reports to it.
    CoQuan,
    /// Doanh nghiệp: an enterprise that reports to the department (Thông tư 02/2023/TT-BTTTT
    /// binds postal and telecom enterprises to report).
    DoanhNghiep,
}

impl OrgUnitKind {
    /// Every kind, administrative first.
    pub const ALL: [OrgUnitKind; 3] = [
        OrgUnitKind::HanhChinh,
        OrgUnitKind::CoQuan,
        OrgUnitKind::DoanhNghiep,
    ];

    /// The code used in files and the database: `hanh_chinh`, `co_quan`, `doanh_nghiep`.
    pub fn code(self) -> &'static str {
        match self {
            OrgUnitKind::HanhChinh => "hanh_chinh",
            OrgUnitKind::CoQuan => "co_quan",
            OrgUnitKind::DoanhNghiep => "doanh_nghiep",
        }
    }

    /// The Vietnamese name: "đơn vị hành chính", "cơ quan, đơn vị", "doanh nghiệp".
    pub fn name_vi(self) -> &'static str {
        match self {
            OrgUnitKind::HanhChinh => "đơn vị hành chính",
            OrgUnitKind::CoQuan => "cơ quan, đơn vị",
            OrgUnitKind::DoanhNghiep => "doanh nghiệp",
        }
    }
}

/// What an org unit was called and where it sat during a date range (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnitVersion {
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity; `None` while still valid.
    pub valid_to: Option<NaiveDate>,
    /// Name during this range, e.g. "Tỉnh Ninh Thuận".
    pub name: String,
    /// Parent org unit id during this range; `None` for a province.
    pub parent: Option<String>,
}

impl OrgUnitVersion {
    /// Whether this version is valid on `date`.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|end| date <= end)
    }
}

/// An org unit. Its `id` is unique for all time; its `code` (the statistics office code under
/// QĐ 124/2004/QĐ-TTg, or QĐ 19/2025/QĐ-TTg from 1/7/2025) may be reused by a successor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    /// Unique id, e.g. "58".
    pub id: String,
    /// Administrative code.
    pub code: String,
    /// Level.
    pub level: OrgUnitLevel,
    /// Administrative unit, division or agency, or enterprise; administrative when a file or
    /// a row written before reporting units existed does not say.
    #[serde(default)]
    pub kind: OrgUnitKind,
    /// Versions, in date order, not overlapping.
    pub versions: Vec<OrgUnitVersion>,
}

impl OrgUnit {
    /// The version valid on `date`, if the unit existed then.
    pub fn on(&self, date: NaiveDate) -> Option<&OrgUnitVersion> {
        self.versions.iter().find(|v| v.is_valid_on(date))
    }

    /// Whether the unit is an administrative unit (tỉnh, huyện, xã), not a division or an
    /// enterprise.
    pub fn is_administrative(&self) -> bool {
        self.kind == OrgUnitKind::HanhChinh
    }

    /// The latest version's name (for display when no date applies).
    pub fn current_name(&self) -> &str {
        self.versions
            .last()
            .map(|v| v.name.as_str())
            .unwrap_or(&self.id)
    }
}

/// One unit handing over to another in a reorganisation: `from` ceased the day before `date`
/// and `to` is valid from `date`. A unit merged into another has one succession; a unit split
/// between several successors has one per successor, in the order its source lists them.
///
/// The 2025 reorganisation (Nghị quyết 202/2025/QH15; docs/standards.md §4): districts ended
/// on 30/6/2025 without successors; communes merged into new communes, one of them split
/// between two; Ninh Thuận (58) merged into Khánh Hòa (56) from 1/7/2025.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Succession {
    /// The predecessor's id.
    pub from: String,
    /// The successor's id.
    pub to: String,
    /// The first day of the successor's responsibility for the predecessor's area.
    pub date: NaiveDate,
}

/// Why a predecessor's figures count for one successor. Figures cannot be divided between the
/// parts of a split unit, so all of them go to one successor, chosen by the first rule that
/// applies: the successor keeping the predecessor's code, else the one keeping its name
/// (without the word for its kind, "Xã", "Phường" …), else the first successor listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionRule {
    /// The unit passed whole to one successor.
    Whole,
    /// Split: the successor keeping the predecessor's code.
    KeepsCode,
    /// Split: no successor keeps the code; the one keeping the predecessor's name.
    KeepsName,
    /// Split: neither code nor name is kept; the first successor listed.
    FirstListed,
}

/// Where a predecessor's figures go: the successor chosen and, for a split unit, every
/// successor and the rule that chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution<'a> {
    /// The predecessor.
    pub from: &'a OrgUnit,
    /// The successor its figures count for.
    pub to: &'a OrgUnit,
    /// The first day of the successor.
    pub date: NaiveDate,
    /// Every successor, in source order (only `to` when the unit passed whole).
    pub successors: Vec<&'a OrgUnit>,
    /// How `to` was chosen.
    pub rule: AttributionRule,
}

impl Attribution<'_> {
    /// Whether the predecessor was split between several successors.
    pub fn is_split(&self) -> bool {
        self.successors.len() > 1
    }

    /// For a split unit, the Vietnamese note a result carries, e.g. "Phường Đông Hải (mã
    /// 22768) được chia cho Xã Phước Dinh (mã 22888) và Phường Đông Hải (mã 22780) từ ngày
    /// 01/7/2025; số liệu không chia được nên tính cả cho Phường Đông Hải (đơn vị giữ tên
    /// cũ)."; `None` when the unit passed whole.
    pub fn note_vi(&self) -> Option<String> {
        if !self.is_split() {
            return None;
        }
        let named = |u: &OrgUnit| format!("{} (mã {})", name_before(u, self.date), u.code);
        let successors: Vec<String> = self.successors.iter().map(|u| named(u)).collect();
        let why = match self.rule {
            AttributionRule::Whole => "",
            AttributionRule::KeepsCode => "đơn vị giữ mã cũ",
            AttributionRule::KeepsName => "đơn vị giữ tên cũ",
            AttributionRule::FirstListed => "đơn vị kế thừa được liệt kê đầu tiên",
        };
        Some(format!(
            "{} được chia cho {} từ ngày {}; số liệu không chia được nên tính cả cho {} ({why}).",
            named(self.from),
            join_vi(&successors),
            crate::format::date_short(self.date),
            self.to
                .on(self.date)
                .map_or(self.to.current_name(), |v| &v.name),
        ))
    }
}

/// The name a unit had on the day before `date` (its last name before a reorganisation), or
/// on `date`, or its latest name.
fn name_before(unit: &OrgUnit, date: NaiveDate) -> &str {
    date.pred_opt()
        .and_then(|d| unit.on(d))
        .or_else(|| unit.on(date))
        .map_or(unit.current_name(), |v| &v.name)
}

/// "a", "a và b", "a, b và c".
fn join_vi(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

/// A name without the word for the unit's kind: "Phường Đông Hải" → "Đông Hải".
fn proper_name(name: &str) -> &str {
    const KINDS: [&str; 9] = [
        "Thành phố ",
        "Thị xã ",
        "Thị trấn ",
        "Đặc khu ",
        "Phường ",
        "Huyện ",
        "Quận ",
        "Tỉnh ",
        "Xã ",
    ];
    KINDS
        .iter()
        .find_map(|k| name.strip_prefix(k))
        .unwrap_or(name)
}

/// The org units' hierarchy over time: which units were children of which on a date, and
/// where a unit that ceased to exist went ([`Succession`]s).
///
/// Ids are unique for all time; a code may be reused by a successor (QĐ 19/2025/QĐ-TTg), so a
/// code names a unit only together with a date ([`Hierarchy::find`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hierarchy {
    units: Vec<OrgUnit>,
    successions: Vec<Succession>,
}

/// A hierarchy that contradicts itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HierarchyError {
    /// Two units share an id.
    #[error("org unit id `{0}` is used by two units; expected ids unique for all time")]
    DuplicateId(String),
    /// A version names a parent that is not a unit.
    #[error("org unit `{unit}` names parent `{parent}`, which is not an org unit")]
    UnknownParent {
        /// The unit.
        unit: String,
        /// The parent named.
        parent: String,
    },
    /// A succession names a unit that does not exist.
    #[error("succession {from} → {to}: no org unit `{missing}`")]
    UnknownUnit {
        /// The predecessor.
        from: String,
        /// The successor.
        to: String,
        /// The id not found.
        missing: String,
    },
    /// A succession whose predecessor is still valid on its date, or whose successor is not.
    #[error(
        "succession {from} → {to} on {date}: expected `{from}` to end on the day before and `{to}` to be valid on that day"
    )]
    Dates {
        /// The predecessor.
        from: String,
        /// The successor.
        to: String,
        /// The succession's date.
        date: NaiveDate,
    },
}

impl Hierarchy {
    /// A hierarchy of `units` and the `successions` between them.
    ///
    /// Errors: a duplicate id, a parent or succession naming no unit, a succession whose
    /// predecessor is still valid on its date or whose successor is not valid then.
    pub fn new(
        units: Vec<OrgUnit>,
        successions: Vec<Succession>,
    ) -> Result<Hierarchy, HierarchyError> {
        let mut ids = std::collections::BTreeSet::new();
        for unit in &units {
            if !ids.insert(unit.id.as_str()) {
                return Err(HierarchyError::DuplicateId(unit.id.clone()));
            }
        }
        for unit in &units {
            for parent in unit.versions.iter().filter_map(|v| v.parent.as_deref()) {
                if !ids.contains(parent) {
                    return Err(HierarchyError::UnknownParent {
                        unit: unit.id.clone(),
                        parent: parent.to_string(),
                    });
                }
            }
        }
        let hierarchy = Hierarchy { units, successions };
        for s in &hierarchy.successions {
            let find = |id: &str| {
                hierarchy
                    .unit(id)
                    .ok_or_else(|| HierarchyError::UnknownUnit {
                        from: s.from.clone(),
                        to: s.to.clone(),
                        missing: id.to_string(),
                    })
            };
            let (from, to) = (find(&s.from)?, find(&s.to)?);
            let ended = from.on(s.date).is_none()
                && s.date.pred_opt().is_some_and(|d| from.on(d).is_some());
            if !ended || to.on(s.date).is_none() {
                return Err(HierarchyError::Dates {
                    from: s.from.clone(),
                    to: s.to.clone(),
                    date: s.date,
                });
            }
        }
        Ok(hierarchy)
    }

    /// Every unit, in the order given.
    pub fn units(&self) -> &[OrgUnit] {
        &self.units
    }

    /// Every succession, in the order given.
    pub fn successions(&self) -> &[Succession] {
        &self.successions
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&OrgUnit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The unit named by `id_or_code` on `date`: the unit with that id if valid on `date`,
    /// else the unit with that code valid on `date` (a code reused by a successor names the
    /// predecessor before the reorganisation and the successor after), else the unit with
    /// that id, else the last unit that had the code.
    pub fn find(&self, id_or_code: &str, date: NaiveDate) -> Option<&OrgUnit> {
        let valid = |u: &&OrgUnit| u.on(date).is_some();
        let with_code = || self.units.iter().filter(move |u| u.code == id_or_code);
        self.unit(id_or_code)
            .filter(valid)
            .or_else(|| with_code().find(valid))
            .or_else(|| self.unit(id_or_code))
            .or_else(|| with_code().max_by_key(|u| u.versions.first().map(|v| v.valid_from)))
    }

    /// The parent of `id` on `date`, if it had one then.
    pub fn parent_on(&self, id: &str, date: NaiveDate) -> Option<&OrgUnit> {
        let parent = self.unit(id)?.on(date)?.parent.as_deref()?;
        self.unit(parent)
    }

    /// The units whose version valid on `date` has `id` as parent, by code then id.
    pub fn children_on(&self, id: &str, date: NaiveDate) -> Vec<&OrgUnit> {
        let mut children: Vec<&OrgUnit> = self
            .units
            .iter()
            .filter(|u| u.on(date).is_some_and(|v| v.parent.as_deref() == Some(id)))
            .collect();
        children.sort_by(|a, b| (&a.code, &a.id).cmp(&(&b.code, &b.id)));
        children
    }

    /// Every unit below `id` on `date`, children before grandchildren of the next child
    /// (depth first, each level by code).
    pub fn descendants_on(&self, id: &str, date: NaiveDate) -> Vec<&OrgUnit> {
        let mut out = Vec::new();
        self.collect_descendants(id, date, &mut out, 0);
        out
    }

    fn collect_descendants<'a>(
        &'a self,
        id: &str,
        date: NaiveDate,
        out: &mut Vec<&'a OrgUnit>,
        depth: usize,
    ) {
        // A parent cycle in hand-edited files must not recurse forever.
        if depth > self.units.len() {
            return;
        }
        for child in self.children_on(id, date) {
            if out.iter().any(|u| u.id == child.id) {
                continue;
            }
            out.push(child);
            self.collect_descendants(&child.id, date, out, depth + 1);
        }
    }

    /// The units `id` handed over to, in source order, with the date.
    pub fn successors_of(&self, id: &str) -> Vec<(&OrgUnit, NaiveDate)> {
        self.successions
            .iter()
            .filter(|s| s.from == id)
            .filter_map(|s| Some((self.unit(&s.to)?, s.date)))
            .collect()
    }

    /// The units that handed over to `id`, in source order.
    pub fn predecessors_of(&self, id: &str) -> Vec<&OrgUnit> {
        self.successions
            .iter()
            .filter(|s| s.to == id)
            .filter_map(|s| self.unit(&s.from))
            .collect()
    }

    /// Where the figures of `id` go when it ceased: its one successor, or for a split unit
    /// the successor chosen by [`AttributionRule`]; `None` when it has no successor (a
    /// district abolished on 1/7/2025) or does not exist.
    pub fn attribution(&self, id: &str) -> Option<Attribution<'_>> {
        let from = self.unit(id)?;
        let successors = self.successors_of(id);
        let (first, date) = *successors.first()?;
        let units: Vec<&OrgUnit> = successors.iter().map(|(u, _)| *u).collect();
        if units.len() == 1 {
            return Some(Attribution {
                from,
                to: first,
                date,
                successors: units,
                rule: AttributionRule::Whole,
            });
        }
        let old_name = proper_name(name_before(from, date));
        let (to, rule) = if let Some(u) = units.iter().find(|u| u.code == from.code) {
            (*u, AttributionRule::KeepsCode)
        } else if let Some(u) = units
            .iter()
            .find(|u| u.on(date).is_some_and(|v| proper_name(&v.name) == old_name))
        {
            (*u, AttributionRule::KeepsName)
        } else {
            (first, AttributionRule::FirstListed)
        };
        Some(Attribution {
            from,
            to,
            date,
            successors: units,
            rule,
        })
    }

    /// The unit valid on `date` whose figures include those of `id`: `id` itself when it is
    /// valid then, else the end of its chain of attributions (see [`Hierarchy::attribution`])
    /// up to `date`, with every step taken. `None` when the chain ends in a unit not valid on
    /// `date` (no successor, or `date` before `id` existed).
    pub fn map_to(&self, id: &str, date: NaiveDate) -> Option<Mapping<'_>> {
        let mut unit = self.unit(id)?;
        let mut steps = Vec::new();
        while unit.on(date).is_none() {
            let step = self.attribution(&unit.id)?;
            if step.date > date || steps.len() > self.successions.len() {
                return None;
            }
            unit = step.to;
            steps.push(step);
        }
        Some(Mapping { unit, steps })
    }

    /// The area of `id` on the hierarchy valid on `date`: `id` itself when it is valid then;
    /// otherwise the units valid on `date` that its lowest units (on its last day) were
    /// attributed to, with a note for every split predecessor and every successor that also
    /// covers land outside the area.
    pub fn area_on(&self, id: &str, date: NaiveDate) -> Option<Area<'_>> {
        let unit = self.unit(id)?;
        if unit.on(date).is_some() {
            return Some(Area {
                units: vec![unit],
                notes: Vec::new(),
            });
        }
        let last_day = unit.versions.last()?.valid_to?;
        let below = self.descendants_on(id, last_day);
        let lowest: Vec<&OrgUnit> = if below.is_empty() {
            vec![unit]
        } else {
            below
                .into_iter()
                .filter(|u| self.children_on(&u.id, last_day).is_empty())
                .collect()
        };
        let mut units: Vec<&OrgUnit> = Vec::new();
        let mut notes = Vec::new();
        for low in &lowest {
            let Some(mapping) = self.map_to(&low.id, date) else {
                continue;
            };
            for step in &mapping.steps {
                if let Some(note) = step.note_vi()
                    && !notes.contains(&note)
                {
                    notes.push(note);
                }
            }
            if !units.iter().any(|u| u.id == mapping.unit.id) {
                units.push(mapping.unit);
            }
        }
        for successor in &units {
            let outside: Vec<&OrgUnit> = self
                .predecessors_of(&successor.id)
                .into_iter()
                .filter(|p| !lowest.iter().any(|l| l.id == p.id))
                .collect();
            if !outside.is_empty() {
                let names: Vec<String> = outside
                    .iter()
                    .map(|p| p.current_name().to_string())
                    .collect();
                notes.push(format!(
                    "{} còn gồm địa bàn ngoài {}: {}.",
                    successor
                        .on(date)
                        .map_or(successor.current_name(), |v| &v.name),
                    unit.current_name(),
                    join_vi(&names)
                ));
            }
        }
        units.sort_by(|a, b| (&a.code, &a.id).cmp(&(&b.code, &b.id)));
        Some(Area { units, notes })
    }
}

/// The unit valid on a date that a unit's figures count for, and the attributions that led
/// there (none when the unit itself is valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping<'a> {
    /// The unit valid on the date.
    pub unit: &'a OrgUnit,
    /// Each step from the unit asked for, in time order.
    pub steps: Vec<Attribution<'a>>,
}

/// The units that cover a unit's area on a date, and what a reader must know about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area<'a> {
    /// The units valid on the date, by code.
    pub units: Vec<&'a OrgUnit>,
    /// Vietnamese notes: split predecessors and where their figures went; successors that
    /// also cover land outside the area.
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn versions_answer_by_date() {
        let unit = OrgUnit {
            id: "584".into(),
            code: "584".into(),
            level: OrgUnitLevel::Huyen,
            kind: Default::default(),
            versions: vec![OrgUnitVersion {
                valid_from: date(1992, 4, 1),
                valid_to: Some(date(2025, 6, 30)),
                name: "Huyện Bác Ái".into(),
                parent: Some("58".into()),
            }],
        };
        assert_eq!(unit.on(date(2023, 4, 14)).unwrap().name, "Huyện Bác Ái");
        assert!(unit.on(date(2025, 6, 30)).is_some());
        assert!(unit.on(date(2025, 7, 1)).is_none());
    }

    /// A small piece of the 2025 reorganisation (shared/data/ninh-thuan-org-units-2025.csv):
    /// Phường Đông Hải (22768) split between Xã Phước Dinh (22888) and Phường Đông Hải
    /// (22780), which reuses the code of Phường Mỹ Hải; Xã An Hải (22888) of another
    /// district goes whole into Xã Phước Dinh, which reuses its code.
    fn reorganisation() -> Hierarchy {
        let until = Some(date(2025, 6, 30));
        let unit =
            |id: &str, code: &str, level, name: &str, parent: Option<&str>, new: bool| OrgUnit {
                id: id.into(),
                code: code.into(),
                level,
                kind: Default::default(),
                versions: vec![OrgUnitVersion {
                    valid_from: if new {
                        date(2025, 7, 1)
                    } else {
                        date(2025, 1, 1)
                    },
                    valid_to: if new { None } else { until },
                    name: name.into(),
                    parent: parent.map(Into::into),
                }],
            };
        let units = vec![
            unit(
                "58",
                "58",
                OrgUnitLevel::Tinh,
                "Tỉnh Ninh Thuận",
                None,
                false,
            ),
            unit("56", "56", OrgUnitLevel::Tinh, "Tỉnh Khánh Hòa", None, true),
            unit(
                "582",
                "582",
                OrgUnitLevel::Huyen,
                "Thành phố Phan Rang-Tháp Chàm",
                Some("58"),
                false,
            ),
            unit(
                "587",
                "587",
                OrgUnitLevel::Huyen,
                "Huyện Ninh Phước",
                Some("58"),
                false,
            ),
            unit(
                "22768",
                "22768",
                OrgUnitLevel::Xa,
                "Phường Đông Hải",
                Some("582"),
                false,
            ),
            unit(
                "22780",
                "22780",
                OrgUnitLevel::Xa,
                "Phường Mỹ Hải",
                Some("582"),
                false,
            ),
            unit(
                "22888",
                "22888",
                OrgUnitLevel::Xa,
                "Xã An Hải",
                Some("587"),
                false,
            ),
            unit(
                "22780:2025-07-01",
                "22780",
                OrgUnitLevel::Xa,
                "Phường Đông Hải",
                Some("56"),
                true,
            ),
            unit(
                "22888:2025-07-01",
                "22888",
                OrgUnitLevel::Xa,
                "Xã Phước Dinh",
                Some("56"),
                true,
            ),
        ];
        let on = date(2025, 7, 1);
        let succession = |from: &str, to: &str| Succession {
            from: from.into(),
            to: to.into(),
            date: on,
        };
        let successions = vec![
            succession("58", "56"),
            succession("22768", "22888:2025-07-01"),
            succession("22768", "22780:2025-07-01"),
            succession("22780", "22780:2025-07-01"),
            succession("22888", "22888:2025-07-01"),
        ];
        Hierarchy::new(units, successions).expect("a consistent hierarchy")
    }

    fn ids(units: &[&OrgUnit]) -> Vec<String> {
        units.iter().map(|u| u.id.clone()).collect()
    }

    #[test]
    fn children_and_descendants_by_date() {
        let h = reorganisation();
        let june = date(2025, 6, 30);
        let july = date(2025, 7, 1);
        assert_eq!(ids(&h.children_on("58", june)), ["582", "587"]);
        assert_eq!(ids(&h.children_on("582", june)), ["22768", "22780"]);
        assert_eq!(
            ids(&h.descendants_on("58", june)),
            ["582", "22768", "22780", "587", "22888"]
        );
        assert!(h.children_on("58", july).is_empty());
        assert!(h.children_on("582", july).is_empty());
        assert_eq!(
            ids(&h.children_on("56", july)),
            ["22780:2025-07-01", "22888:2025-07-01"]
        );
        assert!(h.children_on("56", june).is_empty());
        assert_eq!(
            h.parent_on("22888", june).map(|u| u.id.as_str()),
            Some("587")
        );
        assert_eq!(
            h.parent_on("22888:2025-07-01", july).map(|u| u.id.as_str()),
            Some("56")
        );
    }

    #[test]
    fn a_reused_code_names_a_unit_with_a_date() {
        let h = reorganisation();
        let find = |code: &str, d: NaiveDate| h.find(code, d).map(|u| u.id.clone());
        assert_eq!(find("22780", date(2025, 3, 1)).as_deref(), Some("22780"));
        assert_eq!(
            find("22780", date(2025, 8, 1)).as_deref(),
            Some("22780:2025-07-01")
        );
        assert_eq!(
            find("22780:2025-07-01", date(2025, 3, 1)).as_deref(),
            Some("22780:2025-07-01"),
            "an id names its unit at any date"
        );
        assert_eq!(find("582", date(2025, 8, 1)).as_deref(), Some("582"));
        assert_eq!(find("99999", date(2025, 8, 1)), None);
    }

    #[test]
    fn a_split_commune_goes_to_the_successor_keeping_its_name() {
        let h = reorganisation();
        let split = h.attribution("22768").expect("22768 has successors");
        assert_eq!(split.to.id, "22780:2025-07-01");
        assert_eq!(split.rule, AttributionRule::KeepsName);
        assert!(split.is_split());
        assert_eq!(
            split.note_vi().as_deref(),
            Some(
                "Phường Đông Hải (mã 22768) được chia cho Xã Phước Dinh (mã 22888) và Phường \
                 Đông Hải (mã 22780) từ ngày 01/7/2025; số liệu không chia được nên tính cả cho \
                 Phường Đông Hải (đơn vị giữ tên cũ)."
            )
        );
        let whole = h.attribution("22888").expect("22888 has a successor");
        assert_eq!(whole.to.id, "22888:2025-07-01");
        assert_eq!(whole.rule, AttributionRule::Whole);
        assert_eq!(whole.note_vi(), None);
        assert!(
            h.attribution("582").is_none(),
            "districts have no successor"
        );
    }

    #[test]
    fn the_code_rule_comes_before_the_first_listed() {
        let mut h = reorganisation();
        // 22780 (Mỹ Hải) split too: the successor keeping its code wins over the name rule.
        h.successions.push(Succession {
            from: "22780".into(),
            to: "22888:2025-07-01".into(),
            date: date(2025, 7, 1),
        });
        h.successions.swap(3, 5);
        let a = h.attribution("22780").unwrap();
        assert_eq!(
            (a.to.id.as_str(), a.rule),
            ("22780:2025-07-01", AttributionRule::KeepsCode)
        );
        // Xã An Hải split between two successors keeping neither code nor name: the first.
        h.successions.retain(|s| s.from != "22888");
        for to in ["22780:2025-07-01", "22888:2025-07-01"] {
            h.successions.push(Succession {
                from: "22888".into(),
                to: to.into(),
                date: date(2025, 7, 1),
            });
        }
        h.units
            .iter_mut()
            .find(|u| u.id == "22888:2025-07-01")
            .unwrap()
            .code = "22891".into();
        let a = h.attribution("22888").unwrap();
        assert_eq!(
            (a.to.id.as_str(), a.rule),
            ("22780:2025-07-01", AttributionRule::FirstListed)
        );
    }

    #[test]
    fn old_units_map_onto_todays() {
        let h = reorganisation();
        let today = date(2026, 1, 1);
        let mapped = |id: &str| h.map_to(id, today).map(|m| m.unit.id.clone());
        assert_eq!(mapped("22768").as_deref(), Some("22780:2025-07-01"));
        assert_eq!(mapped("22780").as_deref(), Some("22780:2025-07-01"));
        assert_eq!(mapped("22888").as_deref(), Some("22888:2025-07-01"));
        assert_eq!(mapped("58").as_deref(), Some("56"));
        assert_eq!(mapped("56").as_deref(), Some("56"));
        assert_eq!(mapped("582"), None, "a district has no successor");
        assert_eq!(
            h.map_to("22768", date(2025, 6, 1)).map(|m| m.steps.len()),
            Some(0),
            "valid on the date: itself"
        );
        assert_eq!(h.map_to("22780:2025-07-01", date(2025, 6, 1)), None);

        let area = h.area_on("58", today).expect("58 is a unit");
        assert_eq!(ids(&area.units), ["22780:2025-07-01", "22888:2025-07-01"]);
        assert_eq!(area.notes.len(), 1, "{:?}", area.notes);
        assert!(area.notes[0].starts_with("Phường Đông Hải (mã 22768) được chia"));

        let district = h.area_on("587", today).unwrap();
        assert_eq!(ids(&district.units), ["22888:2025-07-01"]);
        assert_eq!(
            district.notes,
            ["Xã Phước Dinh còn gồm địa bàn ngoài Huyện Ninh Phước: Phường Đông Hải."]
        );
        let unchanged = h.area_on("58", date(2025, 3, 1)).unwrap();
        assert_eq!(ids(&unchanged.units), ["58"]);
    }

    #[test]
    fn contradictions_are_refused() {
        let h = reorganisation();
        let mut units = h.units.clone();
        units.push(units[0].clone());
        assert_eq!(
            Hierarchy::new(units, Vec::new()),
            Err(HierarchyError::DuplicateId("58".into()))
        );
        let early = Succession {
            from: "22780".into(),
            to: "22780:2025-07-01".into(),
            date: date(2025, 6, 1),
        };
        assert!(matches!(
            Hierarchy::new(h.units.clone(), vec![early]),
            Err(HierarchyError::Dates { .. })
        ));
        let unknown = Succession {
            from: "22780".into(),
            to: "nowhere".into(),
            date: date(2025, 7, 1),
        };
        assert!(matches!(
            Hierarchy::new(h.units.clone(), vec![unknown]),
            Err(HierarchyError::UnknownUnit { missing, .. }) if missing == "nowhere"
        ));
    }
}
