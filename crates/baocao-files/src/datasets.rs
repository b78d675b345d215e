//! `[[regime]]` and `[[data_set]]` of `catalog.toml`: reporting regimes and data sets, read
//! and checked (see `docs/file-formats.md`, "Data sets and reporting regimes"). Whether the
//! reporting units exist is checked with `org_units.toml` ([`check_reporting_units`]).

use std::collections::BTreeMap;

use baocao_core::catalog::Catalog;
use baocao_core::dataset::{CutoffKind, DataSet, DeadlineRule, ReportingRegime};
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::PeriodType;
use serde::Deserialize;
use toml::Spanned;

use crate::catalog::is_valid_code;
use crate::error::{FilesError, Problem};
use crate::source::SourceFile;

/// A `[[regime]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRegime {
    code: Spanned<String>,
    name: String,
    legal_basis: String,
    period_type: PeriodType,
    cutoff: CutoffKind,
    deadline: Spanned<DeadlineRule>,
    #[serde(default)]
    recipients: Vec<String>,
}

/// A `[[data_set]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDataSet {
    code: Spanned<String>,
    name: String,
    #[serde(default)]
    period_type: Option<Spanned<PeriodType>>,
    regime: Spanned<String>,
    data_elements: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    reporting_units: Vec<Spanned<String>>,
}

/// Reads the regimes and data sets into `catalog` (whose data elements are read already),
/// adding every problem found to `problems`.
pub(crate) fn read(
    file: &SourceFile,
    regimes: Vec<Spanned<RawRegime>>,
    data_sets: Vec<Spanned<RawDataSet>>,
    catalog: &mut Catalog,
    problems: &mut Vec<Problem>,
) {
    for item in regimes {
        let start = item.span().start;
        if let Some(regime) = regime(file, start, item.into_inner(), problems) {
            if catalog.regimes.contains_key(&regime.code) {
                problems.push(file.problem(
                    start,
                    "regime.code",
                    format!("regime `{}` is defined twice", regime.code),
                ));
            } else {
                catalog.regimes.insert(regime.code.clone(), regime);
            }
        }
    }
    for item in data_sets {
        let start = item.span().start;
        if let Some(data_set) = data_set(file, start, item.into_inner(), catalog, problems) {
            if catalog.data_sets.contains_key(&data_set.code) {
                problems.push(file.problem(
                    start,
                    "data_set.code",
                    format!("data set `{}` is defined twice", data_set.code),
                ));
            } else {
                check_one_data_set_per_element(file, &data_set, catalog, problems);
                catalog.data_sets.insert(data_set.code.clone(), data_set);
            }
        }
    }
}

fn code(
    file: &SourceFile,
    code: &Spanned<String>,
    kind: &str,
    problems: &mut Vec<Problem>,
) -> String {
    let text = code.get_ref().trim().to_string();
    if !is_valid_code(&text) {
        problems.push(file.problem(
            code.span().start,
            &format!("{kind}.code"),
            format!("`{text}` is not a valid code; expected capital letters A–Z, digits and `_`, starting with a letter (e.g. TT02_THANG)"),
        ));
    }
    text
}

fn regime(
    file: &SourceFile,
    start: usize,
    raw: RawRegime,
    problems: &mut Vec<Problem>,
) -> Option<ReportingRegime> {
    let before = problems.len();
    let code = code(file, &raw.code, "regime", problems);
    let deadline = *raw.deadline.get_ref();
    if !(1..=31).contains(&deadline.day) {
        problems.push(file.problem(
            raw.deadline.span().start,
            "regime.deadline.day",
            format!(
                "regime `{code}`: day {} is not a day of the month; expected 1–31 (a day past the end of a short month means its last day)",
                deadline.day
            ),
        ));
    }
    if !(-11..=12).contains(&deadline.month_offset) {
        problems.push(file.problem(
            raw.deadline.span().start,
            "regime.deadline.month_offset",
            format!(
                "regime `{code}`: month_offset {} is out of range; expected -11 to 12 (0: the period's last month, -1: the month before, 1: the month after)",
                deadline.month_offset
            ),
        ));
    }
    for (field, text) in [("name", &raw.name), ("legal_basis", &raw.legal_basis)] {
        if text.trim().is_empty() {
            problems.push(file.problem(
                start,
                &format!("regime.{field}"),
                format!("regime `{code}`: `{field}` is empty; Nghị định 09/2019/NĐ-CP requires a regime to state it"),
            ));
        }
    }
    if raw.recipients.iter().all(|r| r.trim().is_empty()) {
        problems.push(file.problem(
            start,
            "regime.recipients",
            format!("regime `{code}` names no recipient; expected recipients = [\"Bộ Thông tin và Truyền thông\", …] (Nghị định 09/2019/NĐ-CP requires a regime to state who receives the report)"),
        ));
    }
    (problems.len() == before).then(|| ReportingRegime {
        code,
        name: raw.name.trim().to_string(),
        legal_basis: raw.legal_basis.trim().to_string(),
        period_type: raw.period_type,
        cutoff: raw.cutoff,
        deadline,
        recipients: raw
            .recipients
            .iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
    })
}

fn data_set(
    file: &SourceFile,
    start: usize,
    raw: RawDataSet,
    catalog: &Catalog,
    problems: &mut Vec<Problem>,
) -> Option<DataSet> {
    let before = problems.len();
    let code = code(file, &raw.code, "data_set", problems);
    if raw.name.trim().is_empty() {
        problems.push(file.problem(
            start,
            "data_set.name",
            format!("data set `{code}`: `name` is empty; expected its Vietnamese name"),
        ));
    }
    let regime_code = raw.regime.get_ref().trim();
    let regime = catalog.regimes.get(regime_code);
    if regime.is_none() {
        let known: Vec<&str> = catalog.regimes.keys().map(String::as_str).collect();
        problems.push(file.problem(
            raw.regime.span().start,
            "data_set.regime",
            format!(
                "data set `{code}`: no regime `{regime_code}`; expected one of: {} (define it with [[regime]] before the data set)",
                if known.is_empty() { "(none defined)".to_string() } else { known.join(", ") }
            ),
        ));
    }
    let period_type = match (&raw.period_type, regime) {
        (Some(written), Some(regime)) if *written.get_ref() != regime.period_type => {
            problems.push(file.problem(
                written.span().start,
                "data_set.period_type",
                format!(
                    "data set `{code}` is reported per {} but its regime `{regime_code}` per {}; expected the regime's period type",
                    written.get_ref().code(),
                    regime.period_type.code()
                ),
            ));
            *written.get_ref()
        }
        (Some(written), _) => *written.get_ref(),
        (None, Some(regime)) => regime.period_type,
        (None, None) => PeriodType::Month,
    };
    if raw.data_elements.get_ref().is_empty() {
        problems.push(file.problem(
            raw.data_elements.span().start,
            "data_set.data_elements",
            format!("data set `{code}` holds no data element; expected data_elements = [\"DVC_HOSO\", …]"),
        ));
    }
    let data_elements = listed(
        file,
        raw.data_elements.get_ref(),
        "data_elements",
        &code,
        problems,
        |e| {
            (!catalog.data_elements.contains_key(e))
                .then(|| format!("data set `{code}`: no data element `{e}` in the catalogue"))
        },
    );
    let reporting_units = listed(
        file,
        &raw.reporting_units,
        "reporting_units",
        &code,
        problems,
        |_| None,
    );
    (problems.len() == before).then(|| DataSet {
        code,
        name: raw.name.trim().to_string(),
        period_type,
        regime: regime_code.to_string(),
        data_elements,
        reporting_units,
    })
}

/// The trimmed entries of a list, each checked by `unknown` and for repeats.
fn listed(
    file: &SourceFile,
    items: &[Spanned<String>],
    field: &str,
    data_set: &str,
    problems: &mut Vec<Problem>,
    unknown: impl Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let text = item.get_ref().trim().to_string();
        let at = item.span().start;
        if let Some(message) = unknown(&text) {
            problems.push(file.problem(at, &format!("data_set.{field}"), message));
        } else if out.contains(&text) {
            problems.push(file.problem(
                at,
                &format!("data_set.{field}"),
                format!("data set `{data_set}`: `{text}` is listed twice in {field}"),
            ));
        } else {
            out.push(text);
        }
    }
    out
}

/// A figure belongs to one data set: no data element may be in two data sets reported by the
/// same unit, or its lock and its submission would be ambiguous.
fn check_one_data_set_per_element(
    file: &SourceFile,
    data_set: &DataSet,
    catalog: &Catalog,
    problems: &mut Vec<Problem>,
) {
    let mut clashes: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for other in catalog.data_sets.values() {
        for unit in data_set
            .reporting_units
            .iter()
            .filter(|u| other.is_assigned_to(u))
        {
            for element in data_set.data_elements.iter().filter(|e| other.holds(e)) {
                clashes
                    .entry((other.code.as_str(), element.as_str()))
                    .or_default()
                    .push(unit);
            }
        }
    }
    for ((other, element), units) in clashes {
        let at = file
            .text
            .find(&format!("\"{}\"", data_set.code))
            .unwrap_or(0);
        problems.push(file.problem(
            at,
            "data_set.data_elements",
            format!(
                "data set `{}`: `{element}` is also in data set `{other}`, and both are reported by {}; expected each data element in one data set of a unit",
                data_set.code,
                units.join(", ")
            ),
        ));
    }
}

/// Checks that every reporting unit of every data set is an org unit of `org_units.toml`.
///
/// Errors: each unknown id, located at its first mention in the catalogue file.
pub fn check_reporting_units(
    file: &SourceFile,
    catalog: &Catalog,
    org_units: &[OrgUnit],
) -> Result<(), FilesError> {
    let mut problems = Vec::new();
    for data_set in catalog.data_sets.values() {
        for unit in &data_set.reporting_units {
            if !org_units.iter().any(|u| &u.id == unit) {
                let at = file.text.find(&format!("\"{unit}\"")).unwrap_or(0);
                problems.push(file.problem(
                    at,
                    "data_set.reporting_units",
                    format!(
                        "data set `{}`: no org unit `{unit}` in org_units.toml; expected an org unit id",
                        data_set.code
                    ),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(FilesError::Invalid(problems))
    }
}
