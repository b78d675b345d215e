//! `catalog.toml`: categories, category combos, data elements, constants, indicators and
//! validation rules, checked and compiled (see `docs/file-formats.md`).

use std::collections::{BTreeMap, HashMap};

use baocao_core::catalog::{
    AggregationType, Catalog, Category, CategoryCombo, CategoryOption, Constant, DataElement,
    Field, Importance, Indicator, MissingValueStrategy, Operator, PeriodScope, ValidationRule,
    ValueType,
};
use baocao_engine::CompiledCatalog;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{FilesError, Problem};
use crate::source::SourceFile;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    category: Vec<Spanned<RawCategory>>,
    #[serde(default)]
    category_combo: Vec<Spanned<RawCombo>>,
    #[serde(default)]
    data_element: Vec<Spanned<RawDataElement>>,
    #[serde(default)]
    constant: Vec<Spanned<Constant>>,
    #[serde(default)]
    indicator: Vec<Spanned<RawIndicator>>,
    #[serde(default)]
    validation_rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    regime: Vec<Spanned<crate::datasets::RawRegime>>,
    #[serde(default)]
    data_set: Vec<Spanned<crate::datasets::RawDataSet>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    code: Spanned<String>,
    name: String,
    options: Vec<CategoryOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCombo {
    code: Spanned<String>,
    name: String,
    categories: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataElement {
    code: Spanned<String>,
    name: String,
    #[serde(default)]
    short_name: Option<String>,
    unit: String,
    field: Field,
    value_type: ValueType,
    aggregation: AggregationType,
    #[serde(default)]
    category_combo: Option<String>,
    #[serde(default)]
    period_scope: PeriodScope,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    code: Spanned<String>,
    name: String,
    numerator: String,
    #[serde(default)]
    denominator: Option<String>,
    #[serde(default = "one")]
    factor: f64,
    #[serde(default)]
    decimals: u32,
    #[serde(default)]
    unit: String,
    field: Field,
    #[serde(default)]
    description: Option<String>,
}

fn one() -> f64 {
    1.0
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    code: Spanned<String>,
    name: String,
    left: String,
    operator: Operator,
    right: String,
    importance: Importance,
    #[serde(default)]
    missing_value_strategy: MissingValueStrategy,
}

/// Reads, checks and compiles a catalogue file, with its reporting regimes and data sets.
///
/// Errors: syntax errors with toml's line and column; duplicate or malformed codes; regimes
/// and data sets that name what does not exist or put a data element in two data sets of one
/// unit (see [`crate::datasets`]); every
/// problem the engine finds (unknown categories, formulas referring to missing elements or
/// options) located at the line of the item concerned.
pub fn load_catalog(file: &SourceFile) -> Result<CompiledCatalog, FilesError> {
    let raw: RawCatalog = file.parse()?;
    let mut problems = Vec::new();
    let mut lines: HashMap<String, usize> = HashMap::new();
    let mut catalog = Catalog::default();
    for item in raw.category {
        let start = item.span().start;
        let c = item.into_inner();
        let code = checked_code(file, &c.code, "category", &mut problems);
        lines.insert(format!("category {code}"), start);
        insert_unique(
            file,
            &mut catalog.categories,
            &c.code,
            Category {
                code: code.clone(),
                name: c.name,
                options: c.options,
            },
            &mut problems,
        );
    }
    for item in raw.category_combo {
        let start = item.span().start;
        let c = item.into_inner();
        let code = checked_code(file, &c.code, "category_combo", &mut problems);
        lines.insert(format!("category combo {code}"), start);
        insert_unique(
            file,
            &mut catalog.category_combos,
            &c.code,
            CategoryCombo {
                code: code.clone(),
                name: c.name,
                categories: c.categories,
            },
            &mut problems,
        );
    }
    for item in raw.data_element {
        let start = item.span().start;
        let d = item.into_inner();
        let code = checked_code(file, &d.code, "data_element", &mut problems);
        lines.insert(format!("data element {code}"), start);
        let _ = d.short_name;
        let de = DataElement {
            code: code.clone(),
            name: d.name,
            unit: d.unit,
            field: d.field,
            value_type: d.value_type,
            aggregation: d.aggregation,
            category_combo: d.category_combo,
            period_scope: d.period_scope,
            description: d.description,
        };
        insert_unique(file, &mut catalog.data_elements, &d.code, de, &mut problems);
    }
    for item in raw.constant {
        let start = item.span().start;
        let c = item.into_inner();
        lines.insert(format!("constant {}", c.code), start);
        let code = Spanned::new(start..start, c.code.clone());
        insert_unique(file, &mut catalog.constants, &code, c, &mut problems);
    }
    for item in raw.indicator {
        let start = item.span().start;
        let i = item.into_inner();
        let code = checked_code(file, &i.code, "indicator", &mut problems);
        lines.insert(format!("indicator {code}"), start);
        let ind = Indicator {
            code: code.clone(),
            name: i.name,
            numerator: i.numerator,
            denominator: i.denominator,
            factor: i.factor,
            decimals: i.decimals,
            unit: i.unit,
            field: i.field,
            description: i.description,
        };
        insert_unique(file, &mut catalog.indicators, &i.code, ind, &mut problems);
    }
    for item in raw.validation_rule {
        let start = item.span().start;
        let r = item.into_inner();
        let code = checked_code(file, &r.code, "validation_rule", &mut problems);
        lines.insert(format!("validation rule {code}"), start);
        if catalog.validation_rules.iter().any(|v| v.code == code) {
            problems.push(file.problem(
                r.code.span().start,
                "code",
                format!("`{code}` is defined twice"),
            ));
        }
        catalog.validation_rules.push(ValidationRule {
            code,
            name: r.name,
            left: r.left,
            operator: r.operator,
            right: r.right,
            importance: r.importance,
            missing_value_strategy: r.missing_value_strategy,
        });
    }
    crate::datasets::read(file, raw.regime, raw.data_set, &mut catalog, &mut problems);
    if !problems.is_empty() {
        return Err(FilesError::Invalid(problems));
    }
    baocao_engine::compile(catalog).map_err(|found| {
        FilesError::Invalid(
            found
                .into_iter()
                .map(|p| {
                    let offset = lines
                        .get(&p.item)
                        .map(|start| field_offset(&file.text, *start, &p.field));
                    let message = format!("{}: {}", p.item, p.message);
                    let mut problem = file.problem(offset.unwrap_or(0), &p.field, message);
                    if offset.is_none() {
                        problem.line = 0;
                        problem.column = 0;
                    }
                    problem
                })
                .collect(),
        )
    })
}

/// The offset of `field = …` inside the item starting at `start` (before the next `[[`),
/// or the item's own start when the field is not written there.
fn field_offset(text: &str, start: usize, field: &str) -> usize {
    let item = &text[start..];
    let end = item[2..].find("\n[[").map_or(item.len(), |e| e + 2);
    item[..end]
        .match_indices(field)
        .find(|(i, _)| {
            let line_start = item[..*i].rfind('\n').map_or(0, |n| n + 1);
            item[line_start..*i].trim().is_empty()
                && item[i + field.len()..].trim_start().starts_with('=')
        })
        .map_or(start, |(i, _)| start + i)
}

/// Codes are ASCII capitals, digits and `_`, starting with a letter.
pub fn is_valid_code(code: &str) -> bool {
    code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn checked_code(
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
            format!("`{text}` is not a valid code; expected capital letters A–Z, digits and `_`, starting with a letter (e.g. DVC_HOSO)"),
        ));
    }
    text
}

fn insert_unique<V>(
    file: &SourceFile,
    map: &mut BTreeMap<String, V>,
    code: &Spanned<String>,
    value: V,
    problems: &mut Vec<Problem>,
) {
    let key = code.get_ref().trim().to_string();
    match map.entry(key) {
        std::collections::btree_map::Entry::Occupied(e) => problems.push(file.problem(
            code.span().start,
            "code",
            format!("`{}` is defined twice", e.key()),
        )),
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(value);
        }
    }
}
