//! A reorganisation table read into org units with dated versions and the successions between
//! them: the shape of `shared/data/ninh-thuan-org-units-2025.csv` (one row per old commune and
//! new commune it went into; a commune split between two new ones has two rows), copied to
//! `examples/ninh-thuan-2025/reorganisation.csv`, from which the example's `org_units.toml`
//! (units and `[[succession]]`s) is generated (Nghị quyết 202/2025/QH15; QĐ 19/2025/QĐ-TTg
//! for the new codes). Nothing of the table is built into the program: successions are data,
//! loaded with the org units.
//!
//! Ids: an old unit's id is its code; a new commune's is its code and its first day,
//! `22780:2025-07-01`, since a new commune reuses the code of one of its predecessors (a code
//! names a unit only with a date); a new province keeps its code as id unless an old unit has
//! that id.

use baocao_core::orgunit::{OrgUnit, OrgUnitLevel, OrgUnitVersion, Succession};
use chrono::NaiveDate;

use crate::AppError;

/// The header the table must have, in this order.
pub const COLUMNS: [&str; 10] = [
    "province_code",
    "province",
    "district_code",
    "district",
    "commune_code",
    "commune",
    "new_province_code",
    "new_province",
    "new_commune_code",
    "new_commune",
];

/// The dates a reorganisation table does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    /// The first day of the new units (and so of the successions); the old ones end the day
    /// before.
    pub new_units_from: NaiveDate,
    /// The day the old districts and communes are taken to be valid from.
    pub old_units_from: NaiveDate,
    /// The first day of the old province.
    pub old_province_from: NaiveDate,
    /// The first day of the new province.
    pub new_province_from: NaiveDate,
}

impl Dates {
    /// The dates of Ninh Thuận's table: new units from 01/7/2025 (Nghị quyết 202/2025/QH15);
    /// Ninh Thuận from 01/4/1992 and Khánh Hòa from 01/7/1989, when each was re-established;
    /// the old districts and communes from 01/01/2025, the start of the example's year (the
    /// table lists them as they stood on 01/3/2025; their earlier history is not in it).
    pub fn ninh_thuan_2025() -> Dates {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date");
        Dates {
            new_units_from: date(2025, 7, 1),
            old_units_from: date(2025, 1, 1),
            old_province_from: date(1992, 4, 1),
            new_province_from: date(1989, 7, 1),
        }
    }
}

/// Org units and successions read from a reorganisation table.
#[derive(Debug, Clone, PartialEq)]
pub struct Reorganisation {
    /// The old province, the new province, the districts, the old communes and the new
    /// communes, each group in the table's order.
    pub units: Vec<OrgUnit>,
    /// Old province → new province; each old commune → each new commune it went into, in the
    /// table's order (two for a split commune).
    pub successions: Vec<Succession>,
}

/// Reads a reorganisation table (UTF-8, comma separated, the header [`COLUMNS`], no quoted
/// fields).
///
/// Errors: [`AppError::Reorganisation`] naming the file, the line and what was expected: a
/// wrong header or number of fields, an empty code, a code named differently on two lines, a
/// commune under two districts, or two provinces on the old or the new side.
pub fn read(file: &str, text: &str, dates: Dates) -> Result<Reorganisation, AppError> {
    let problem = |line: usize, message: String| AppError::Reorganisation {
        file: file.to_string(),
        line,
        message,
    };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let header = lines.next().map(|(_, l)| l.trim_start_matches('\u{feff}'));
    if header != Some(COLUMNS.join(",").as_str()) {
        return Err(problem(
            1,
            format!("expected the header {}", COLUMNS.join(",")),
        ));
    }
    let mut rows: Vec<(usize, [String; 10])> = Vec::new();
    for (number, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        if line.contains('"') {
            return Err(problem(
                number,
                "quoted fields are not read; expected plain fields without commas".into(),
            ));
        }
        let fields: Vec<String> = line
            .split(',')
            .map(|f| baocao_core::text::nfc(f.trim()))
            .collect();
        let Ok(fields) = <[String; 10]>::try_from(fields) else {
            return Err(problem(
                number,
                format!("expected {} fields: {}", COLUMNS.len(), COLUMNS.join(",")),
            ));
        };
        if let Some(i) = fields.iter().position(String::is_empty) {
            return Err(problem(number, format!("`{}` is empty", COLUMNS[i])));
        }
        rows.push((number, fields));
    }
    let Some((_, first)) = rows.first() else {
        return Err(problem(2, "expected at least one row".into()));
    };
    let (old_province, new_province) = (first[0].clone(), first[6].clone());
    let last_old_day = dates
        .new_units_from
        .pred_opt()
        .expect("a day before the reorganisation");

    let mut names: Vec<(String, String, usize)> = Vec::new();
    let mut check_name = |code: &str, name: &str, line: usize| -> Result<(), AppError> {
        match names.iter().find(|(c, _, _)| c == code) {
            Some((_, known, at)) if known != name => Err(problem(
                line,
                format!(
                    "code {code} is named \"{name}\" here and \"{known}\" on line {at}; expected one name per code"
                ),
            )),
            Some(_) => Ok(()),
            None => {
                names.push((code.to_string(), name.to_string(), line));
                Ok(())
            }
        }
    };
    let mut districts: Vec<(String, String)> = Vec::new();
    let mut communes: Vec<(String, String, String)> = Vec::new();
    let mut new_communes: Vec<(String, String)> = Vec::new();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (line, f) in &rows {
        if f[0] != old_province || f[6] != new_province {
            return Err(problem(
                *line,
                format!(
                    "expected one old province ({old_province}) and one new province ({new_province}) in a table"
                ),
            ));
        }
        check_name(&format!("old {}", f[0]), &f[1], *line)?;
        check_name(&format!("old {}", f[2]), &f[3], *line)?;
        check_name(&format!("old {}", f[4]), &f[5], *line)?;
        check_name(&format!("new {}", f[6]), &f[7], *line)?;
        check_name(&format!("new {}", f[8]), &f[9], *line)?;
        if !districts.iter().any(|(c, _)| *c == f[2]) {
            districts.push((f[2].clone(), f[3].clone()));
        }
        match communes.iter().find(|(c, _, _)| *c == f[4]) {
            Some((_, _, district)) if *district != f[2] => {
                return Err(problem(
                    *line,
                    format!(
                        "commune {} is under district {district} on another line and {} here; expected one district",
                        f[4], f[2]
                    ),
                ));
            }
            Some(_) => {}
            None => communes.push((f[4].clone(), f[5].clone(), f[2].clone())),
        }
        if !new_communes.iter().any(|(c, _)| *c == f[8]) {
            new_communes.push((f[8].clone(), f[9].clone()));
        }
        let pair = (f[4].clone(), f[8].clone());
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }

    let unit = |id: String, code: &str, level, version: OrgUnitVersion| OrgUnit {
        id,
        code: code.to_string(),
        level,
        kind: Default::default(),
        versions: vec![version],
    };
    let version = |from, to, name: &str, parent: Option<&str>| OrgUnitVersion {
        valid_from: from,
        valid_to: to,
        name: name.to_string(),
        parent: parent.map(str::to_string),
    };
    let old_ids: Vec<&str> = std::iter::once(old_province.as_str())
        .chain(districts.iter().map(|(c, _)| c.as_str()))
        .chain(communes.iter().map(|(c, _, _)| c.as_str()))
        .collect();
    let new_id = |code: &str| format!("{code}:{}", dates.new_units_from);
    let new_province_id = if old_ids.contains(&new_province.as_str()) {
        new_id(&new_province)
    } else {
        new_province.clone()
    };

    let mut units = vec![
        unit(
            old_province.clone(),
            &old_province,
            OrgUnitLevel::Tinh,
            version(dates.old_province_from, Some(last_old_day), &first[1], None),
        ),
        unit(
            new_province_id.clone(),
            &new_province,
            OrgUnitLevel::Tinh,
            version(dates.new_province_from, None, &first[7], None),
        ),
    ];
    for (code, name) in &districts {
        units.push(unit(
            code.clone(),
            code,
            OrgUnitLevel::Huyen,
            version(
                dates.old_units_from,
                Some(last_old_day),
                name,
                Some(&old_province),
            ),
        ));
    }
    for (code, name, district) in &communes {
        units.push(unit(
            code.clone(),
            code,
            OrgUnitLevel::Xa,
            version(
                dates.old_units_from,
                Some(last_old_day),
                name,
                Some(district),
            ),
        ));
    }
    for (code, name) in &new_communes {
        units.push(unit(
            new_id(code),
            code,
            OrgUnitLevel::Xa,
            version(dates.new_units_from, None, name, Some(&new_province_id)),
        ));
    }
    let mut successions = vec![Succession {
        from: old_province,
        to: new_province_id,
        date: dates.new_units_from,
    }];
    successions.extend(pairs.into_iter().map(|(old, new)| Succession {
        from: old,
        to: new_id(&new),
        date: dates.new_units_from,
    }));
    Ok(Reorganisation { units, successions })
}
