//! DHIS2 dataValueSets, JSON and CSV, in and out, in DHIS2's own documented shape:
//!
//! ```json
//! {"dataSet": "…", "period": "202304", "orgUnit": "58",
//!  "dataValues": [{"dataElement": "DVC_HOSO", "categoryOptionCombo": "XA.QUAMANG",
//!                  "attributeOptionCombo": "default", "period": "202304", "orgUnit": "58",
//!                  "value": "15074", "storedBy": "…", "created": "…", "lastUpdated": "…",
//!                  "comment": "…", "followup": false}]}
//! ```
//!
//! CSV columns: `dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,
//! lastupdated,comment,followup` (the first line is the header, as DHIS2 writes it).
//!
//! Ids: with [`IdScheme::Code`], baocao's codes (data element code, category option combo
//! code such as `XA.QUAMANG` or `default`, org unit code). With [`IdScheme::Uid`], DHIS2-style
//! UIDs derived from those codes by [`uid`], stable across installations, so a DHIS2 instance
//! can be given the same UIDs once (docs/interchange.md, "Id schemes"). Values are plain
//! numbers with "." decimals (see [`crate::number`]).

use std::collections::HashMap;
use std::io::{Read, Write};

use baocao_core::catalog::Catalog;
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::{Period, PeriodType};
use baocao_core::value::DataValue;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::check::{Checker, Column, RawNumber, RawPeriod, RawValue};
use crate::number::{Notation, to_plain};
use crate::problem::{Location, Problem};
use crate::text::{not_utf8, open_text};

/// The UID of DHIS2's default category option combo (the same in every DHIS2 instance).
pub const DEFAULT_COC_UID: &str = "HllvX50cXC0";

/// The CSV columns, in DHIS2's order.
pub const CSV_COLUMNS: [&str; 10] = [
    "dataelement",
    "period",
    "orgunit",
    "catoptcombo",
    "attroptcombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
];

/// Which identifiers a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdScheme {
    /// baocao's codes.
    #[default]
    Code,
    /// DHIS2-style UIDs derived from the codes by [`uid`].
    Uid,
}

/// The DHIS2-style UID of a baocao object: 11 characters, a letter then ten letters or
/// digits, from a 128-bit FNV-1a hash of `kind:key`. `kind` is `de` (key: the data element
/// code), `coc` (key: `COMBO:OPTION.OPTION`, the category combo code and the cell's code) or
/// `ou` (key: the org unit id). The default category option combo is [`DEFAULT_COC_UID`].
pub fn uid(kind: &str, key: &str) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const ALPHANUMERIC: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in format!("baocao:{kind}:{key}").bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    let mut out = String::with_capacity(11);
    out.push(LETTERS[(h % 52) as usize] as char);
    h /= 52;
    for _ in 0..10 {
        out.push(ALPHANUMERIC[(h % 62) as usize] as char);
        h /= 62;
    }
    out
}

/// The identifiers of a catalogue and org units in a scheme, both ways.
#[derive(Debug, Clone, Default)]
pub struct IdMap {
    scheme: IdScheme,
    de_to_id: HashMap<String, String>,
    de_from_id: HashMap<String, String>,
    coc_to_id: HashMap<(String, String), String>,
    coc_from_id: HashMap<String, (Option<String>, String)>,
    ou_to_id: HashMap<String, String>,
    ou_from_id: HashMap<String, String>,
}

/// Two objects that would get the same UID (never seen; refused rather than mixed up).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{first} và {second} có cùng UID ({uid}); hãy dùng --id-scheme code")]
pub struct UidCollision {
    /// One object, in Vietnamese: `chỉ tiêu DVC_HOSO`, `phân tổ CAP_KENH:XA.QUAMANG`,
    /// `đơn vị 58`.
    pub first: String,
    /// The other, likewise.
    pub second: String,
    /// The UID.
    pub uid: String,
}

impl IdMap {
    /// The identifiers of every data element, cell and org unit.
    ///
    /// # Errors
    /// Two objects with the same UID (for [`IdScheme::Uid`]).
    pub fn new(
        scheme: IdScheme,
        catalog: &Catalog,
        org_units: &[OrgUnit],
    ) -> Result<Self, UidCollision> {
        let mut map = IdMap {
            scheme,
            ..IdMap::default()
        };
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut claim = |id: &str, what: String| -> Result<(), UidCollision> {
            if let Some(first) = seen.insert(id.to_string(), what.clone()) {
                return Err(UidCollision {
                    first,
                    second: what,
                    uid: id.to_string(),
                });
            }
            Ok(())
        };
        for de in catalog.data_elements.values() {
            let id = match scheme {
                IdScheme::Code => de.code.clone(),
                IdScheme::Uid => uid("de", &de.code),
            };
            if scheme == IdScheme::Uid {
                claim(&id, format!("chỉ tiêu {}", de.code))?;
            }
            map.de_to_id.insert(de.code.clone(), id.clone());
            map.de_from_id.insert(id, de.code.clone());
            let Some(combo) = &de.category_combo else {
                continue;
            };
            for coc in cells(catalog, de) {
                let code = coc.code();
                let id = match scheme {
                    IdScheme::Code => code.clone(),
                    IdScheme::Uid => uid("coc", &format!("{combo}:{code}")),
                };
                if scheme == IdScheme::Uid && !map.coc_from_id.contains_key(&id) {
                    claim(&id, format!("phân tổ {combo}:{code}"))?;
                }
                map.coc_to_id
                    .insert((de.code.clone(), code.clone()), id.clone());
                map.coc_from_id
                    .insert(id, (Some(combo.clone()), code.clone()));
            }
        }
        for u in org_units {
            let id = match scheme {
                IdScheme::Code => u.code.clone(),
                IdScheme::Uid => uid("ou", &u.id),
            };
            if scheme == IdScheme::Uid {
                claim(&id, format!("đơn vị {}", u.id))?;
            }
            map.ou_to_id.insert(u.id.clone(), id.clone());
            map.ou_from_id.insert(id, u.id.clone());
        }
        Ok(map)
    }

    /// The scheme.
    pub fn scheme(&self) -> IdScheme {
        self.scheme
    }

    /// Every data element, cell and org unit with its UID, for setting the same UIDs in
    /// DHIS2: (kind, baocao code, uid).
    pub fn entries(&self) -> Vec<(&'static str, String, String)> {
        let mut out: Vec<(&'static str, String, String)> = Vec::new();
        let mut des: Vec<_> = self.de_to_id.iter().collect();
        des.sort();
        out.extend(
            des.into_iter()
                .map(|(c, u)| ("dataElement", c.clone(), u.clone())),
        );
        let mut cocs: Vec<_> = self
            .coc_from_id
            .iter()
            .map(|(u, (combo, code))| {
                (
                    format!("{}:{code}", combo.as_deref().unwrap_or("")),
                    u.clone(),
                )
            })
            .collect();
        cocs.sort();
        cocs.dedup();
        out.push((
            "categoryOptionCombo",
            "default".to_string(),
            DEFAULT_COC_UID.to_string(),
        ));
        out.extend(cocs.into_iter().map(|(c, u)| ("categoryOptionCombo", c, u)));
        let mut ous: Vec<_> = self.ou_to_id.iter().collect();
        ous.sort();
        out.extend(
            ous.into_iter()
                .map(|(c, u)| ("organisationUnit", c.clone(), u.clone())),
        );
        out
    }

    fn default_coc(&self) -> &'static str {
        match self.scheme {
            IdScheme::Code => "default",
            IdScheme::Uid => DEFAULT_COC_UID,
        }
    }
}

/// Every cell (one option of each category) of a data element, in combo order.
pub fn cells(
    catalog: &Catalog,
    de: &baocao_core::catalog::DataElement,
) -> Vec<CategoryOptionCombo> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for category in catalog.categories_of(de) {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                category.options.iter().map(move |o| {
                    let mut cell = prefix.clone();
                    cell.push(o.code.clone());
                    cell
                })
            })
            .collect();
    }
    out.into_iter().map(CategoryOptionCombo::new).collect()
}

/// A DHIS2 period id: `2023-04` → `202304`; quarters, halves and years are written alike.
pub fn period_id(period: Period) -> String {
    match period.period_type() {
        PeriodType::Month => format!("{:04}{:02}", period.year(), period.index()),
        _ => period.id(),
    }
}

/// Reads a DHIS2 period id (`202304`, `2023Q2`, `2023S1`, `2023`).
///
/// # Errors
/// Other DHIS2 period types (weeks, days, bi-months, financial years), which baocao does not
/// report by, and malformed ids: what is wrong and what was expected, in Vietnamese.
pub fn parse_period(text: &str) -> Result<Period, String> {
    let text = text.trim();
    let expected = "cần kỳ DHIS2 thuộc loại baocao báo cáo: 202304 (tháng), 2023Q2 (quý), 2023S1 (6 tháng) hoặc 2023 (năm)";
    let other = || {
        format!(
            "không phải kỳ baocao báo cáo (baocao không báo cáo theo ngày, tuần, hai tháng hay năm tài chính); {expected}"
        )
    };
    if text.is_empty() {
        return Err(format!("thiếu kỳ báo cáo; {expected}"));
    }
    if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
        let year: i32 = text[..4].parse().map_err(|_| other())?;
        let month: u32 = text[4..].parse().map_err(|_| other())?;
        return Period::month(year, month)
            .map_err(|e| format!("{}; {expected}", crate::vi::period_error(&e)));
    }
    if text.len() == 7 && text.as_bytes()[4] == b'-' {
        return Err(format!(
            "“{text}” là cách baocao ghi tháng, không phải cách của DHIS2; {expected}"
        ));
    }
    Period::parse(text).map_err(|_| other())
}

/// A data value in DHIS2's JSON shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Dhis2Value {
    /// Data element id.
    #[serde(default)]
    pub data_element: Option<String>,
    /// Period id.
    #[serde(default)]
    pub period: Option<String>,
    /// Org unit id.
    #[serde(default)]
    pub org_unit: Option<String>,
    /// Category option combo id.
    #[serde(default)]
    pub category_option_combo: Option<String>,
    /// Attribute option combo id.
    #[serde(default)]
    pub attribute_option_combo: Option<String>,
    /// The value: a string in DHIS2 (a JSON number is read too).
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    /// Who stored it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_by: Option<String>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// When it was last updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// A comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// DHIS2's follow-up mark (baocao keeps none: exported false, ignored on import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followup: Option<serde_json::Value>,
    /// DHIS2's deletion mark: `true` is refused (an import never deletes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

/// A data value set in DHIS2's JSON shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSet {
    /// The data set (baocao has none; the field of a form when given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_set: Option<String>,
    /// DHIS2's completion date (ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complete_date: Option<String>,
    /// The period of every value that gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The org unit of every value that gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    /// The attribute option combo of every value that gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<String>,
    /// The values.
    #[serde(default)]
    pub data_values: Vec<Dhis2Value>,
}

fn timestamp(t: Option<NaiveDateTime>) -> Option<String> {
    t.map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string())
}

/// Values as DHIS2 data values. A subtotal or total that a unit stated for a data element
/// with a breakdown has no place in DHIS2 (which stores cells only): such values are left
/// out and counted in the second result.
pub fn to_dhis2(values: &[DataValue], catalog: &Catalog, ids: &IdMap) -> (Vec<Dhis2Value>, usize) {
    let mut out = Vec::with_capacity(values.len());
    let mut left_out = 0;
    for v in values {
        let Some(de) = catalog.data_elements.get(&v.data_element) else {
            left_out += 1;
            continue;
        };
        let coc = if de.category_combo.is_none() && v.category_option_combo.is_total() {
            Some(ids.default_coc().to_string())
        } else {
            ids.coc_to_id
                .get(&(v.data_element.clone(), v.category_option_combo.code()))
                .cloned()
        };
        let Some(coc) = coc else {
            left_out += 1;
            continue;
        };
        out.push(Dhis2Value {
            data_element: ids.de_to_id.get(&v.data_element).cloned(),
            period: Some(period_id(v.period)),
            org_unit: Some(
                ids.ou_to_id
                    .get(&v.org_unit)
                    .cloned()
                    .unwrap_or_else(|| v.org_unit.clone()),
            ),
            category_option_combo: Some(coc),
            attribute_option_combo: Some(ids.default_coc().to_string()),
            value: Some(serde_json::Value::String(to_plain(&v.number))),
            stored_by: Some(v.stored_by.clone()),
            created: timestamp(v.stored_at),
            last_updated: timestamp(v.stored_at),
            comment: v.comment.clone(),
            followup: Some(serde_json::Value::Bool(false)),
            deleted: None,
        });
    }
    (out, left_out)
}

/// Writes a data value set as JSON (pretty-printed).
///
/// # Errors
/// I/O errors of `out`.
pub fn write_json<W: Write>(out: W, set: &DataValueSet) -> std::io::Result<()> {
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, set).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// Writes data values as DHIS2 CSV, with its header line.
///
/// # Errors
/// I/O errors of `out`.
pub fn write_csv<W: Write>(out: W, values: &[Dhis2Value]) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_COLUMNS)?;
    for v in values {
        let value = match &v.value {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let s = |x: &Option<String>| x.clone().unwrap_or_default();
        writer.write_record([
            s(&v.data_element),
            s(&v.period),
            s(&v.org_unit),
            s(&v.category_option_combo),
            s(&v.attribute_option_combo),
            value,
            s(&v.stored_by),
            s(&v.last_updated),
            s(&v.comment),
            "false".to_string(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Reading context shared by the JSON and CSV readers.
struct Reading<'m> {
    ids: &'m IdMap,
}

/// One DHIS2 value with its ids still as in the file, and how to locate its fields.
struct Incoming<'s> {
    data_element: &'s str,
    period: &'s str,
    org_unit: &'s str,
    coc: &'s str,
    aoc: &'s str,
    value: RawNumber<'s>,
    stored_by: Option<&'s str>,
    last_updated: Option<&'s str>,
    comment: Option<&'s str>,
    deleted: bool,
}

/// Which DHIS2 field a problem is about.
#[derive(Clone, Copy)]
enum Field {
    DataElement,
    Period,
    OrgUnit,
    Coc,
    Aoc,
    Value,
    LastUpdated,
    Comment,
    Deleted,
}

impl Field {
    fn json(self) -> &'static str {
        match self {
            Field::DataElement => "dataElement",
            Field::Period => "period",
            Field::OrgUnit => "orgUnit",
            Field::Coc => "categoryOptionCombo",
            Field::Aoc => "attributeOptionCombo",
            Field::Value => "value",
            Field::LastUpdated => "lastUpdated",
            Field::Comment => "comment",
            Field::Deleted => "deleted",
        }
    }

    fn csv(self) -> &'static str {
        match self {
            Field::DataElement => "dataelement",
            Field::Period => "period",
            Field::OrgUnit => "orgunit",
            Field::Coc => "catoptcombo",
            Field::Aoc => "attroptcombo",
            Field::Value => "value",
            Field::LastUpdated => "lastupdated",
            Field::Comment => "comment",
            Field::Deleted => "deleted",
        }
    }

    fn of(column: Column) -> Field {
        match column {
            Column::DataElement => Field::DataElement,
            Column::Coc => Field::Coc,
            Column::OrgUnit => Field::OrgUnit,
            Column::Period => Field::Period,
            Column::Value => Field::Value,
            Column::Comment => Field::Comment,
        }
    }
}

fn parse_timestamp(text: &str) -> Result<NaiveDateTime, String> {
    let text = text.trim();
    let text = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix("+0000"))
        .or_else(|| text.strip_suffix("+00:00"))
        .unwrap_or(text);
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(t);
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default());
    }
    Err(
        "không phải ngày giờ; cần ngày giờ theo ISO 8601, giờ UTC, ví dụ 2023-04-14T10:00:00.000"
            .to_string(),
    )
}

impl Reading<'_> {
    fn value(
        &self,
        checker: &mut Checker<'_>,
        record: u64,
        v: &Incoming<'_>,
        at: &dyn Fn(Field) -> Location,
    ) {
        let mut bad = false;
        let mut problem = |field: Field, found: &str, message: String| {
            checker.problem(Problem::new(at(field), found, message));
            bad = true;
        };
        let de = match self.ids.scheme {
            IdScheme::Code => Some(v.data_element.trim().to_string()),
            IdScheme::Uid => match self.ids.de_from_id.get(v.data_element.trim()) {
                Some(code) => Some(code.clone()),
                None => {
                    problem(
                        Field::DataElement,
                        v.data_element,
                        "không chỉ tiêu nào có UID này; cần UID của một chỉ tiêu (lệnh baocao export --format uid-map liệt kê các UID), hoặc nhập với --id-scheme code nếu tệp dùng mã".to_string(),
                    );
                    None
                }
            },
        };
        let coc_text = v.coc.trim();
        let coc = if coc_text.is_empty() || coc_text == "default" || coc_text == DEFAULT_COC_UID {
            Some(String::new())
        } else {
            match self.ids.scheme {
                IdScheme::Code => Some(coc_text.to_string()),
                IdScheme::Uid => match self.ids.coc_from_id.get(coc_text) {
                    Some((_, code)) => Some(code.clone()),
                    None => {
                        problem(
                            Field::Coc,
                            coc_text,
                            "không phân tổ nào có UID này; cần UID của một ô phân tổ của chỉ tiêu, hoặc HllvX50cXC0 (default)".to_string(),
                        );
                        None
                    }
                },
            }
        };
        let aoc = v.aoc.trim();
        if !(aoc.is_empty() || aoc == "default" || aoc == DEFAULT_COC_UID) {
            problem(
                Field::Aoc,
                aoc,
                "baocao không có tổ hợp thuộc tính (attribute option combo); cần giá trị mặc định (để trống, “default” hoặc HllvX50cXC0)".to_string(),
            );
        }
        let period = match parse_period(v.period) {
            Ok(p) => Some(p),
            Err(message) => {
                problem(Field::Period, v.period, message);
                None
            }
        };
        let org_unit = match self.ids.scheme {
            IdScheme::Code => Some(v.org_unit.trim().to_string()),
            IdScheme::Uid => match self.ids.ou_from_id.get(v.org_unit.trim()) {
                Some(id) => Some(id.clone()),
                None => {
                    problem(
                        Field::OrgUnit,
                        v.org_unit,
                        "không đơn vị nào có UID này; cần UID của một đơn vị (lệnh baocao export --format uid-map liệt kê các UID), hoặc nhập với --id-scheme code nếu tệp dùng mã".to_string(),
                    );
                    None
                }
            },
        };
        let stored_at = match v.last_updated.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(text) => match parse_timestamp(text) {
                Ok(t) => Some(t),
                Err(message) => {
                    problem(Field::LastUpdated, text, message);
                    None
                }
            },
        };
        if v.deleted {
            problem(
                Field::Deleted,
                "true",
                "nhập số liệu chỉ thêm và thay giá trị, không bao giờ xóa; cần deleted là false hoặc không có".to_string(),
            );
        }
        let (Some(de), Some(coc), Some(period), Some(org_unit)) = (de, coc, period, org_unit)
        else {
            // Still check what can be checked, so every problem of the value is listed.
            return;
        };
        if bad {
            return;
        }
        let raw = RawValue {
            data_element: &de,
            coc: &coc,
            org_unit: &org_unit,
            period: RawPeriod::Period(period),
            value: v.value.clone(),
            comment: v.comment,
            stored_by: v.stored_by,
            stored_at,
        };
        checker.check(record, &raw, &|column| at(Field::of(column)));
    }
}

/// Reads a DHIS2 dataValueSets JSON file into `checker`, value by value as the text comes
/// (the file is never held whole): a value is checked as soon as it is read, except one that
/// lacks its period or org unit while the set's own comes later in the file, which waits for
/// the end of the set. Values are located as `dataValues[i].field`; call
/// [`Checker::finish`] with [`json_value_of`].
pub fn read_json<R: Read>(input: R, ids: &IdMap, checker: &mut Checker<'_>) {
    let reader = std::io::BufReader::with_capacity(1 << 16, input);
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let reading = Reading { ids };
    let read = serde::de::DeserializeSeed::deserialize(
        SetSeed {
            checker: &mut *checker,
            reading: &reading,
        },
        &mut deserializer,
    )
    .and_then(|()| deserializer.end());
    if let Err(e) = read {
        if checker.stopped() {
            return;
        }
        let message = json_error_vi(&e);
        checker.problem(Problem::new(
            Location::JsonText {
                line: e.line(),
                column: e.column(),
            },
            "",
            message,
        ));
    }
}

/// DHIS2's dataValueSets shape, as the messages about JSON name it.
const SET_SHAPE: &str = "{\"dataValues\": [{\"dataElement\", \"period\", \"orgUnit\", \"categoryOptionCombo\", \"value\", …}]}";

/// What is wrong with a JSON text that is not a dataValueSet, in Vietnamese: serde_json's
/// message (English, without its place, which the problem's location gives) read by its
/// shape, the names in the file kept as they are.
fn json_error_vi(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let detail = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => text.as_str(),
    };
    if e.is_eof() && e.line() == 1 && e.column() == 0 {
        return format!("tệp trống; cần đúng dạng dataValueSets của DHIS2: {SET_SHAPE}");
    }
    if e.is_eof() {
        return format!(
            "JSON kết thúc giữa chừng (tệp bị cắt cụt?): {}; cần một tệp JSON trọn vẹn",
            json_syntax_vi(detail)
        );
    }
    if e.is_io() {
        return format!("không đọc được tệp JSON ({detail}); cần tệp JSON UTF-8");
    }
    if e.is_syntax() {
        return format!(
            "không phải JSON hợp lệ: {}; cần đúng dạng dataValueSets của DHIS2: {SET_SHAPE}",
            json_syntax_vi(detail)
        );
    }
    // Data: a member or a value of the wrong kind.
    if let Some(rest) = detail.strip_prefix("unknown field ") {
        let (field, _) = rest.split_once(", ").unwrap_or((rest, ""));
        let field = field.trim_matches('`');
        return format!(
            "trường lạ `{field}` trong một giá trị; cần các trường của DHIS2: dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo, value, storedBy, created, lastUpdated, comment, followup, deleted (tên phân biệt chữ hoa, chữ thường)"
        );
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "gặp {} ở chỗ cần {}; cần đúng dạng dataValueSets của DHIS2: {SET_SHAPE}",
            json_kind_vi(found),
            json_expected_vi(expected)
        );
    }
    format!("không đúng dạng dataValueSets của DHIS2 ({detail}); cần {SET_SHAPE}")
}

/// serde_json's syntax errors, in Vietnamese.
fn json_syntax_vi(detail: &str) -> String {
    match detail {
        "EOF while parsing a list" => "thiếu dấu “]” đóng mảng".to_string(),
        "EOF while parsing an object" => "thiếu dấu “}” đóng đối tượng".to_string(),
        "EOF while parsing a string" => "thiếu dấu “\"” đóng chuỗi".to_string(),
        "EOF while parsing a value" => "thiếu một giá trị".to_string(),
        "expected `:`" => "cần dấu “:” sau tên trường".to_string(),
        "expected `,` or `]`" => "cần dấu “,” hoặc “]”".to_string(),
        "expected `,` or `}`" => "cần dấu “,” hoặc “}”".to_string(),
        "expected ident" | "expected value" => "cần một giá trị JSON".to_string(),
        "expected `\"`" => "cần dấu “\"”".to_string(),
        "invalid escape" => "ký tự thoát (\\) không hợp lệ trong chuỗi".to_string(),
        "invalid number" => "số không hợp lệ".to_string(),
        "number out of range" => "số vượt quá giới hạn".to_string(),
        "invalid unicode code point" => {
            "mã Unicode không hợp lệ (tệp không phải UTF-8?)".to_string()
        }
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "ký tự điều khiển trong chuỗi".to_string()
        }
        "key must be a string" => "tên trường phải là chuỗi".to_string(),
        "trailing comma" => "dấu “,” thừa trước “]” hoặc “}”".to_string(),
        "trailing characters" => "còn ký tự sau khi JSON đã kết thúc".to_string(),
        "recursion limit exceeded" => "lồng nhau quá sâu".to_string(),
        other => format!("lỗi cú pháp ({other})"),
    }
}

/// What serde found, in Vietnamese: `integer `42`` → `số nguyên 42`.
fn json_kind_vi(found: &str) -> String {
    let (kind, value) = match found.split_once(' ') {
        Some((kind, value)) => (kind, Some(value.trim_matches('`'))),
        None => (found, None),
    };
    let kind = match kind {
        "integer" => "số nguyên",
        "floating" => "số thực",
        "string" => "chuỗi",
        "boolean" => "giá trị",
        "character" => "ký tự",
        "sequence" => "mảng",
        "map" => "đối tượng",
        "null" | "unit" => "null",
        _ => return format!("“{found}”"),
    };
    match value {
        Some(v) if kind == "số thực" => format!(
            "{kind} {}",
            v.trim_start_matches("point ").trim_matches('`')
        ),
        Some(_) if kind == "null" => kind.to_string(),
        Some(v) => format!("{kind} {v}"),
        None => kind.to_string(),
    }
}

/// What serde expected, in Vietnamese: the `expecting` texts of the readers here and of
/// the types of [`Dhis2Value`].
fn json_expected_vi(expected: &str) -> String {
    match expected {
        "a dataValueSets object" => "một đối tượng dataValueSets".to_string(),
        "an array of data values" => "mảng các giá trị (dataValues)".to_string(),
        "struct Dhis2Value" => "một đối tượng giá trị {\"dataElement\", …}".to_string(),
        "a string" => "một chuỗi".to_string(),
        "a boolean" => "true hoặc false".to_string(),
        "a map" => "một đối tượng".to_string(),
        other => other.to_string(),
    }
}

/// The set's own period, org unit and attribute option combo, as far as read: `None` until
/// the key is met, then what it holds.
#[derive(Default)]
struct SetHeader {
    period: Option<Option<String>>,
    org_unit: Option<Option<String>>,
    aoc: Option<Option<String>>,
    /// Values checked before the set's attribute option combo was met (they took the
    /// default): how many, and the first's index.
    without_aoc: Option<(usize, u64)>,
}

/// The top-level object of a dataValueSets file.
struct SetSeed<'c, 'a, 'm> {
    checker: &'c mut Checker<'a>,
    reading: &'c Reading<'m>,
}

impl<'de> serde::de::DeserializeSeed<'de> for SetSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for SetSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a dataValueSets object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut header = SetHeader::default();
        let mut waiting: Vec<(usize, Dhis2Value)> = Vec::new();
        let mut next_index = 0;
        let mut has_values = false;
        let mut near_miss: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            has_values |= key == "dataValues";
            if key != "dataValues" && key.eq_ignore_ascii_case("datavalues") {
                near_miss = Some(key.clone());
            }
            match key.as_str() {
                "period" => header.period = Some(map.next_value()?),
                "orgUnit" => header.org_unit = Some(map.next_value()?),
                "attributeOptionCombo" => header.aoc = Some(map.next_value()?),
                "dataValues" => map.next_value_seed(ValuesSeed {
                    checker: &mut *self.checker,
                    reading: self.reading,
                    header: &mut header,
                    waiting: &mut waiting,
                    next_index: &mut next_index,
                })?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        if !has_values {
            // A set without its values imports nothing: a misspelt member must not pass
            // for an empty set (a program syncing figures would think they were sent).
            let found = near_miss.unwrap_or_default();
            let message = if found.is_empty() {
                "đối tượng không có thành phần `dataValues`: không có gì để nhập; cần đúng dạng dataValueSets của DHIS2: {\"dataValues\": […]}".to_string()
            } else {
                format!(
                    "thành phần được viết là `{found}`; cần `dataValues` (tên phân biệt chữ hoa, chữ thường)"
                )
            };
            self.checker.problem(Problem::new(
                Location::JsonText { line: 1, column: 1 },
                &found,
                message,
            ));
        }
        for (index, v) in waiting {
            json_value(self.checker, self.reading, index, &v, &header);
        }
        if let (Some(Some(aoc)), Some((count, first))) = (&header.aoc, header.without_aoc)
            && !is_default_aoc(aoc)
        {
            self.checker.problem(Problem::new(
                Location::JsonValue {
                    index: first as usize,
                    field: Field::Aoc.json().to_string(),
                },
                aoc.trim(),
                format!("attributeOptionCombo của cả bộ số liệu, ghi sau dataValues, áp dụng cho {count} giá trị không tự ghi: baocao không có tổ hợp thuộc tính (attribute option combo); cần giá trị mặc định (để trống, “default” hoặc HllvX50cXC0)"),
            ));
        }
        Ok(())
    }
}

/// The `dataValues` array, read one value at a time.
struct ValuesSeed<'c, 'a, 'm> {
    checker: &'c mut Checker<'a>,
    reading: &'c Reading<'m>,
    header: &'c mut SetHeader,
    waiting: &'c mut Vec<(usize, Dhis2Value)>,
    next_index: &'c mut usize,
}

impl<'de> serde::de::DeserializeSeed<'de> for ValuesSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ValuesSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of data values")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(v) = seq.next_element::<Dhis2Value>()? {
            let index = *self.next_index;
            *self.next_index += 1;
            let lacks =
                |own: &Option<String>, set: &Option<Option<String>>| own.is_none() && set.is_none();
            if lacks(&v.period, &self.header.period) || lacks(&v.org_unit, &self.header.org_unit) {
                self.waiting.push((index, v));
                continue;
            }
            if v.attribute_option_combo.is_none() && self.header.aoc.is_none() {
                let (count, _) = self.header.without_aoc.get_or_insert((0, index as u64));
                *count += 1;
            }
            json_value(self.checker, self.reading, index, &v, self.header);
            if self.checker.stopped() {
                return Err(serde::de::Error::custom("the import was stopped"));
            }
        }
        Ok(())
    }
}

fn is_default_aoc(aoc: &str) -> bool {
    let aoc = aoc.trim();
    aoc.is_empty() || aoc == "default" || aoc == DEFAULT_COC_UID
}

/// Checks the JSON value `dataValues[index]`, the set's fields standing in for those it
/// lacks.
fn json_value(
    checker: &mut Checker<'_>,
    reading: &Reading<'_>,
    index: usize,
    v: &Dhis2Value,
    header: &SetHeader,
) {
    let value = match &v.value {
        None | Some(serde_json::Value::Null) => RawNumber::Empty,
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => RawNumber::Empty,
        Some(serde_json::Value::String(s)) => RawNumber::Text(s, Notation::Dhis2),
        Some(serde_json::Value::Number(n)) => match n.as_f64() {
            Some(x) => RawNumber::Binary(x),
            None => RawNumber::Bad(
                n.to_string(),
                "không đọc được thành số; cần giá trị dạng chuỗi, ví dụ \"1234\" hoặc \"70.96\"".to_string(),
            ),
        },
        Some(other) => RawNumber::Bad(
            other.to_string(),
            "giá trị không phải chuỗi hay số; cần giá trị dạng chuỗi, ví dụ \"1234\" hoặc \"70.96\"".to_string(),
        ),
    };
    let text = |x: &Option<String>, top: &Option<Option<String>>| -> String {
        x.clone()
            .or_else(|| top.clone().flatten())
            .unwrap_or_default()
    };
    let data_element = text(&v.data_element, &None);
    let period = text(&v.period, &header.period);
    let org_unit = text(&v.org_unit, &header.org_unit);
    let coc = text(&v.category_option_combo, &None);
    let aoc = text(&v.attribute_option_combo, &header.aoc);
    let incoming = Incoming {
        data_element: &data_element,
        period: &period,
        org_unit: &org_unit,
        coc: &coc,
        aoc: &aoc,
        value,
        stored_by: v.stored_by.as_deref(),
        last_updated: v.last_updated.as_deref(),
        comment: v.comment.as_deref(),
        deleted: v.deleted == Some(true),
    };
    reading.value(checker, index as u64, &incoming, &|field| {
        Location::JsonValue {
            index,
            field: field.json().to_string(),
        }
    });
}

/// Locates a value of a DHIS2 JSON file, `dataValues[3]`, or one of its members,
/// `dataValues[3].orgUnit`.
pub fn json_value_of(index: u64, column: Option<Column>) -> Location {
    Location::JsonValue {
        index: index as usize,
        field: column.map_or("", |c| Field::of(c).json()).to_string(),
    }
}

/// Locates a record of a DHIS2 CSV file, its line, or one of its columns by DHIS2's name:
/// `Dòng 3, cột orgunit`.
pub fn csv_line_of(line: u64, column: Option<Column>) -> Location {
    Location::Line {
        line,
        column: column.map_or("", |c| Field::of(c).csv()).to_string(),
    }
}

/// Reads a DHIS2 CSV file into `checker`, record by record. Values are located by line and
/// column; call [`Checker::finish`] with [`csv_line_of`].
pub fn read_csv<R: Read>(
    input: R,
    ids: &IdMap,
    checker: &mut Checker<'_>,
    progress: &mut dyn FnMut(u64),
) {
    let text = match open_text(input) {
        Ok(text) => text,
        Err(problem) => return checker.problem(problem),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(text.delimiter)
        .from_reader(text.reader);
    let reading = Reading { ids };
    let mut record = csv::ByteRecord::new();
    let mut first = true;
    let mut count: u64 = 0;
    loop {
        if checker.stopped() {
            return;
        }
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                checker.problem(Problem::new(
                    Location::Line {
                        line,
                        column: String::new(),
                    },
                    "",
                    format!("không đọc được dòng này theo định dạng CSV ({e}); cần tệp CSV UTF-8 lưu từ Excel hoặc LibreOffice"),
                ));
                return;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        count += 1;
        if count.is_multiple_of(4096) {
            progress(record.position().map_or(0, |p| p.byte()));
        }
        let fields: Result<Vec<&str>, ()> = record
            .iter()
            .map(|f| std::str::from_utf8(f).map_err(|_| ()))
            .collect();
        let Ok(fields) = fields else {
            checker.problem(not_utf8(line, record.as_slice()));
            return;
        };
        let at_line = |column: &str| Location::Line {
            line,
            column: column.to_string(),
        };
        if first {
            first = false;
            let names: Vec<String> = fields.iter().map(|f| f.trim().to_lowercase()).collect();
            let matches = names.len() >= 6
                && names.len() <= CSV_COLUMNS.len()
                && names.iter().zip(CSV_COLUMNS).all(|(n, c)| n == c);
            if !matches {
                checker.problem(Problem::new(
                    at_line(""),
                    fields.join(","),
                    format!(
                        "không phải dòng tiêu đề của tệp CSV DHIS2; cần dòng đầu tiên là {}",
                        CSV_COLUMNS.join(",")
                    ),
                ));
                return;
            }
            continue;
        }
        if fields.len() == 1 && fields[0].trim().is_empty() {
            continue;
        }
        if fields.len() < 6 || fields.len() > CSV_COLUMNS.len() {
            checker.problem(Problem::new(
                at_line(""),
                fields.join(","),
                format!(
                    "dòng có {} trường; cần từ 6 đến 10 trường: {}",
                    fields.len(),
                    CSV_COLUMNS.join(",")
                ),
            ));
            continue;
        }
        let get = |i: usize| fields.get(i).copied().unwrap_or("");
        let value = get(5);
        let incoming = Incoming {
            data_element: get(0),
            period: get(1),
            org_unit: get(2),
            coc: get(3),
            aoc: get(4),
            value: if value.trim().is_empty() {
                RawNumber::Empty
            } else {
                RawNumber::Text(value, Notation::Dhis2)
            },
            stored_by: Some(get(6)).filter(|s| !s.trim().is_empty()),
            last_updated: Some(get(7)),
            comment: Some(get(8)),
            deleted: false,
        };
        reading.value(checker, line, &incoming, &|field| at_line(field.csv()));
    }
    progress(reader.position().byte());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_stable_and_shaped() {
        let a = uid("de", "DVC_HOSO");
        assert_eq!(a, uid("de", "DVC_HOSO"));
        assert_ne!(a, uid("de", "DVC_HOSO2"));
        assert_eq!(a.len(), 11);
        assert!(a.chars().next().unwrap().is_ascii_alphabetic());
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn periods() {
        assert_eq!(parse_period("202304").unwrap().id(), "2023-04");
        assert_eq!(parse_period("2023Q2").unwrap().id(), "2023Q2");
        assert_eq!(period_id(Period::parse("2023-04").unwrap()), "202304");
        assert_eq!(
            parse_period("2023-04").unwrap_err(),
            "“2023-04” là cách baocao ghi tháng, không phải cách của DHIS2; cần kỳ DHIS2 thuộc loại baocao báo cáo: 202304 (tháng), 2023Q2 (quý), 2023S1 (6 tháng) hoặc 2023 (năm)"
        );
        assert!(
            parse_period("2023W5")
                .unwrap_err()
                .starts_with("không phải kỳ baocao báo cáo (baocao không báo cáo theo ngày, tuần")
        );
        assert!(
            parse_period("202313")
                .unwrap_err()
                .starts_with("tháng phải có hai chữ số, từ 01 đến 12; cần kỳ DHIS2")
        );
        assert!(
            parse_period("")
                .unwrap_err()
                .starts_with("thiếu kỳ báo cáo; ")
        );
    }
}
