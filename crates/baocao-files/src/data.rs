//! `data/<period>.toml`: the figures units submitted for a period, as typed, the indicator
//! values they stated, and the data of the report issued for the period.

use baocao_core::catalog::ValueType;
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::format::parse_number;
use baocao_core::narrative::ReportIssue;
use baocao_core::period::Period;
use baocao_core::value::{DataValue, StatedIndicatorValue, TypedNumber, ValueOrigin};
use baocao_engine::CompiledCatalog;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{FilesError, Problem};
use crate::source::SourceFile;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataFile {
    period: Spanned<String>,
    org_unit: String,
    #[serde(default)]
    stored_by: Option<String>,
    #[serde(default)]
    report: Option<RawReport>,
    #[serde(default)]
    value: Vec<RawValue>,
    #[serde(default)]
    stated: Vec<RawStated>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    #[serde(default)]
    number: Option<u32>,
    issued_on: Spanned<String>,
    ytd_cutoff: Spanned<String>,
    #[serde(default)]
    signer: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    de: Spanned<String>,
    #[serde(default)]
    coc: Option<Spanned<String>>,
    value: Spanned<RawNumber>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    period: Option<Spanned<String>>,
    #[serde(default)]
    org_unit: Option<String>,
    #[serde(default)]
    derived: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStated {
    indicator: Spanned<String>,
    #[serde(default)]
    coc: Option<Spanned<String>>,
    value: Spanned<RawNumber>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    period: Option<Spanned<String>>,
    #[serde(default)]
    org_unit: Option<String>,
}

/// A figure as written in TOML: Vietnamese text ("232.046") or a bare integer. A bare
/// decimal is refused with a hint, since `7.5` reads as 75 to a Vietnamese eye.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawNumber {
    Text(String),
    Integer(i64),
    Float(f64),
}

/// Figures are kept as 64-bit floats beside the text typed: 15 significant digits survive
/// exactly, more would be silently changed.
const MAX_SIGNIFICANT_DIGITS: usize = 15;

fn significant_digits(text: &str) -> usize {
    text.chars()
        .filter(char::is_ascii_digit)
        .skip_while(|c| *c == '0')
        .count()
}

fn decimals_of(x: f64) -> u32 {
    let text = x.to_string();
    text.split_once('.').map_or(0, |(_, f)| f.len() as u32)
}

/// What one data file holds.
#[derive(Debug, Clone, Default)]
pub struct DataFile {
    /// The period of the file.
    pub period: Option<Period>,
    /// The org unit of the file (values may name others).
    pub org_unit: String,
    /// Values of data elements.
    pub values: Vec<DataValue>,
    /// Indicator values as stated.
    pub stated: Vec<StatedIndicatorValue>,
    /// The issued report's data, when the file has a `[report]` table.
    pub report: Option<ReportIssue>,
}

/// Reads a data file against a catalogue.
///
/// Errors: every value whose data element, breakdown, period or number is wrong, located at
/// its line and field; a count that is not a whole number.
pub fn load_data(file: &SourceFile, catalog: &CompiledCatalog) -> Result<DataFile, FilesError> {
    let raw: RawDataFile = file.parse()?;
    let mut problems = Vec::new();
    let file_period = parse_period(file, &raw.period, &mut problems);
    let stored_by = raw
        .stored_by
        .clone()
        .unwrap_or_else(|| "baocao".to_string());
    let mut out = DataFile {
        period: file_period,
        org_unit: raw.org_unit.clone(),
        ..DataFile::default()
    };
    if let (Some(report), Some(period)) = (&raw.report, file_period) {
        out.report = parse_report(file, report, period, &mut problems);
    }
    for v in &raw.value {
        if let Some(value) = parse_value(
            file,
            catalog,
            v,
            &raw,
            file_period,
            &stored_by,
            &mut problems,
        ) {
            if out.values.iter().any(|o| same_key(o, &value)) {
                problems.push(file.problem(
                    v.de.span().start,
                    "value",
                    format!(
                        "`{}` `{}` for {} is given twice",
                        value.data_element, value.category_option_combo, value.period
                    ),
                ));
            }
            out.values.push(value);
        }
    }
    for s in &raw.stated {
        if let Some(stated) = parse_stated(
            file,
            catalog,
            s,
            &raw,
            file_period,
            &stored_by,
            &mut problems,
        ) {
            let twice = out.stated.iter().any(|o| {
                o.indicator == stated.indicator
                    && o.category_option_combo == stated.category_option_combo
                    && o.org_unit == stated.org_unit
                    && o.period == stated.period
            });
            if twice {
                problems.push(file.problem(
                    s.indicator.span().start,
                    "stated",
                    format!(
                        "`{}` `{}` for {} is given twice",
                        stated.indicator, stated.category_option_combo, stated.period
                    ),
                ));
            }
            out.stated.push(stated);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(FilesError::Invalid(problems))
    }
}

fn same_key(a: &DataValue, b: &DataValue) -> bool {
    a.data_element == b.data_element
        && a.category_option_combo == b.category_option_combo
        && a.org_unit == b.org_unit
        && a.period == b.period
}

fn parse_period(
    file: &SourceFile,
    text: &Spanned<String>,
    problems: &mut Vec<Problem>,
) -> Option<Period> {
    Period::parse(text.get_ref())
        .map_err(|e| problems.push(file.problem(text.span().start, "period", e.to_string())))
        .ok()
}

/// Parses an ISO date `YYYY-MM-DD` from a file field.
pub(crate) fn parse_date(
    file: &SourceFile,
    text: &Spanned<String>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Option<NaiveDate> {
    let raw = text.get_ref().trim();
    let shaped = raw.len() == 10
        && raw.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    let parsed = shaped
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten();
    if parsed.is_none() {
        problems.push(file.problem(
            text.span().start,
            field,
            format!("`{raw}` is not a date; expected YYYY-MM-DD, e.g. 2023-04-14"),
        ));
    }
    parsed
}

fn parse_report(
    file: &SourceFile,
    raw: &RawReport,
    period: Period,
    problems: &mut Vec<Problem>,
) -> Option<ReportIssue> {
    let issued_on = parse_date(file, &raw.issued_on, "report.issued_on", problems);
    let ytd_cutoff = parse_date(file, &raw.ytd_cutoff, "report.ytd_cutoff", problems);
    let calendar = period.calendar_window();
    if let Some(cutoff) = ytd_cutoff
        && (cutoff.year() != period.year() || cutoff > calendar.end)
    {
        problems.push(file.problem(
            raw.ytd_cutoff.span().start,
            "report.ytd_cutoff",
            format!(
                "the year-to-date cut-off {cutoff} is outside {}; expected a date from {}-01-01 to {}",
                period.label_vi(),
                period.year(),
                calendar.end
            ),
        ));
        return None;
    }
    Some(ReportIssue {
        period,
        number: raw.number.filter(|n| *n > 0),
        issued_on: issued_on?,
        ytd_cutoff: ytd_cutoff?,
        signer: raw.signer.clone().unwrap_or_default(),
    })
}

fn typed_number(
    file: &SourceFile,
    raw: &Spanned<RawNumber>,
    problems: &mut Vec<Problem>,
) -> Option<TypedNumber> {
    match raw.get_ref() {
        RawNumber::Integer(n) => Some(TypedNumber {
            value: *n as f64,
            decimals: 0,
            as_typed: baocao_core::format::integer(*n),
        }),
        RawNumber::Float(x) => {
            problems.push(file.problem(
                raw.span().start,
                "value",
                format!(
                    "`{x}` is a TOML decimal number; write figures as text the Vietnamese way, e.g. \"{}\"",
                    baocao_core::format::decimal(*x, decimals_of(*x))
                ),
            ));
            None
        }
        RawNumber::Text(text) if significant_digits(text) > MAX_SIGNIFICANT_DIGITS => {
            problems.push(file.problem(
                raw.span().start,
                "value",
                format!(
                    "`{text}` has more than {MAX_SIGNIFICANT_DIGITS} significant digits, which cannot be kept exactly; expected at most {MAX_SIGNIFICANT_DIGITS}"
                ),
            ));
            None
        }
        RawNumber::Text(text) => match parse_number(text) {
            Ok(parsed) => Some(TypedNumber {
                value: parsed.value,
                decimals: parsed.decimals,
                as_typed: text.trim().to_string(),
            }),
            Err(e) => {
                problems.push(file.problem(raw.span().start, "value", e.to_string()));
                None
            }
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn parse_value(
    file: &SourceFile,
    catalog: &CompiledCatalog,
    v: &RawValue,
    raw: &RawDataFile,
    file_period: Option<Period>,
    stored_by: &str,
    problems: &mut Vec<Problem>,
) -> Option<DataValue> {
    let code = v.de.get_ref().trim();
    let Some(de) = catalog.catalog.data_elements.get(code) else {
        problems.push(file.problem(
            v.de.span().start,
            "de",
            format!("no data element `{code}` in the catalogue"),
        ));
        return None;
    };
    let coc = selection(file, catalog, de, v.coc.as_ref(), problems)?;
    let period = match &v.period {
        Some(p) => parse_period(file, p, problems)?,
        None => file_period?,
    };
    let number = typed_number(file, &v.value, problems)?;
    if de.value_type == ValueType::Integer && number.value.fract() != 0.0 {
        problems.push(file.problem(
            v.value.span().start,
            "value",
            format!(
                "`{}` counts {}: expected a whole number, found `{}`",
                de.code, de.unit, number.as_typed
            ),
        ));
        return None;
    }
    Some(DataValue {
        data_element: de.code.clone(),
        category_option_combo: coc,
        org_unit: v.org_unit.clone().unwrap_or_else(|| raw.org_unit.clone()),
        period,
        number,
        origin: match &v.derived {
            Some(how) => ValueOrigin::Derived(how.clone()),
            None => ValueOrigin::Typed,
        },
        stored_by: stored_by.to_string(),
        stored_at: None,
        comment: v.comment.clone(),
    })
}

fn selection(
    file: &SourceFile,
    catalog: &CompiledCatalog,
    de: &baocao_core::catalog::DataElement,
    coc: Option<&Spanned<String>>,
    problems: &mut Vec<Problem>,
) -> Option<CategoryOptionCombo> {
    let Some(coc) = coc else {
        return Some(CategoryOptionCombo::total());
    };
    let options = CategoryOptionCombo::split_code(coc.get_ref());
    catalog
        .catalog
        .selection(de, &options)
        .map_err(|e| problems.push(file.problem(coc.span().start, "coc", e.to_string())))
        .ok()
}

#[allow(clippy::too_many_arguments)]
fn parse_stated(
    file: &SourceFile,
    catalog: &CompiledCatalog,
    s: &RawStated,
    raw: &RawDataFile,
    file_period: Option<Period>,
    stored_by: &str,
    problems: &mut Vec<Problem>,
) -> Option<StatedIndicatorValue> {
    let code = s.indicator.get_ref().trim();
    if !catalog.catalog.indicators.contains_key(code) {
        problems.push(file.problem(
            s.indicator.span().start,
            "indicator",
            format!("no indicator `{code}` in the catalogue"),
        ));
        return None;
    }
    let options: Vec<String> = s
        .coc
        .as_ref()
        .map(|c| {
            CategoryOptionCombo::split_code(c.get_ref())
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let all_options: Vec<&str> = catalog
        .catalog
        .categories
        .values()
        .flat_map(|c| c.options.iter().map(|o| o.code.as_str()))
        .collect();
    if let Some(bad) = options.iter().find(|o| !all_options.contains(&o.as_str())) {
        let offset = s.coc.as_ref().map_or(0, |c| c.span().start);
        problems.push(file.problem(
            offset,
            "coc",
            format!("`{bad}` is not an option of any category"),
        ));
        return None;
    }
    if let Err(message) = catalog.check_indicator_options(code, &options) {
        let offset = s
            .coc
            .as_ref()
            .map_or(s.indicator.span().start, |c| c.span().start);
        problems.push(file.problem(offset, "coc", message));
        return None;
    }
    let period = match &s.period {
        Some(p) => parse_period(file, p, problems)?,
        None => file_period?,
    };
    Some(StatedIndicatorValue {
        indicator: code.to_string(),
        category_option_combo: CategoryOptionCombo::unordered(options),
        org_unit: s.org_unit.clone().unwrap_or_else(|| raw.org_unit.clone()),
        period,
        number: typed_number(file, &s.value, problems)?,
        stored_by: stored_by.to_string(),
        comment: s.comment.clone(),
    })
}
