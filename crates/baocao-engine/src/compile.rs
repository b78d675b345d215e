//! Checks a catalogue and parses its formulas once: every reference must name an existing
//! data element, indicator or constant, with options of that element's breakdown; indicators
//! must not refer to themselves. Problems are diagnostics naming the item and field.

use std::collections::HashMap;

use baocao_core::catalog::{Catalog, ValidationRule};

use crate::expr::{self, Expr, RefKind, Reference};

/// A problem found in the catalogue.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{item}, field `{field}`: {message}")]
pub struct CatalogProblem {
    /// The item, e.g. "indicator DVC_TYLE_TRUCTUYEN".
    pub item: String,
    /// The field of the item, e.g. "numerator".
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

/// An indicator's parsed formulas.
#[derive(Debug, Clone)]
pub struct CompiledIndicator {
    /// Numerator.
    pub numerator: Expr,
    /// Denominator; `None` means 1.
    pub denominator: Option<Expr>,
}

/// A validation rule with its sides parsed.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    /// The rule as written.
    pub rule: ValidationRule,
    /// Left side.
    pub left: Expr,
    /// Right side.
    pub right: Expr,
}

/// A checked catalogue with parsed formulas, ready for evaluation.
#[derive(Debug, Clone)]
pub struct CompiledCatalog {
    /// The catalogue.
    pub catalog: Catalog,
    /// Indicators by code.
    pub indicators: HashMap<String, CompiledIndicator>,
    /// The catalogue's validation rules, in file order.
    pub rules: Vec<CompiledRule>,
}

/// Checks and compiles a catalogue.
///
/// Errors: every problem found (not just the first): unknown categories in combos, duplicate
/// option codes in a combo, unknown combos, codes used twice across data elements, indicators
/// and constants, formulas that do not parse or refer to missing codes or options, and
/// indicators that refer to themselves.
pub fn compile(catalog: Catalog) -> Result<CompiledCatalog, Vec<CatalogProblem>> {
    let mut problems = Vec::new();
    check_structure(&catalog, &mut problems);
    let mut indicators = HashMap::new();
    for ind in catalog.indicators.values() {
        let item = format!("indicator {}", ind.code);
        let numerator = parse_checked(&catalog, &item, "numerator", &ind.numerator, &mut problems);
        let denominator = ind
            .denominator
            .as_ref()
            .map(|d| parse_checked(&catalog, &item, "denominator", d, &mut problems));
        if let (Some(numerator), Some(denominator)) =
            (numerator, denominator.unwrap_or(Some(Expr::Number(1.0))))
        {
            indicators.insert(
                ind.code.clone(),
                CompiledIndicator {
                    numerator,
                    denominator: Some(denominator),
                },
            );
        }
    }
    check_indicator_cycles(&indicators, &mut problems);
    let mut rules = Vec::new();
    for rule in &catalog.validation_rules {
        let item = format!("validation rule {}", rule.code);
        let left = parse_checked(&catalog, &item, "left", &rule.left, &mut problems);
        let right = parse_checked(&catalog, &item, "right", &rule.right, &mut problems);
        if let (Some(left), Some(right)) = (left, right) {
            rules.push(CompiledRule {
                rule: rule.clone(),
                left,
                right,
            });
        }
    }
    if problems.is_empty() {
        Ok(CompiledCatalog {
            catalog,
            indicators,
            rules,
        })
    } else {
        Err(problems)
    }
}

fn problem(item: &str, field: &str, message: String) -> CatalogProblem {
    CatalogProblem {
        item: item.to_string(),
        field: field.to_string(),
        message,
    }
}

fn check_structure(catalog: &Catalog, problems: &mut Vec<CatalogProblem>) {
    for combo in catalog.category_combos.values() {
        let item = format!("category combo {}", combo.code);
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for code in &combo.categories {
            let Some(category) = catalog.categories.get(code) else {
                problems.push(problem(
                    &item,
                    "categories",
                    format!(
                        "unknown category `{code}`; expected one of: {}",
                        keys(&catalog.categories)
                    ),
                ));
                continue;
            };
            for option in &category.options {
                if let Some(other) = seen.insert(&option.code, &category.code) {
                    problems.push(problem(
                        &item,
                        "categories",
                        format!(
                            "option `{}` is in both `{other}` and `{}`; option codes must be unique within a combo",
                            option.code, category.code
                        ),
                    ));
                }
            }
        }
    }
    for de in catalog.data_elements.values() {
        if let Some(combo) = &de.category_combo
            && !catalog.category_combos.contains_key(combo)
        {
            problems.push(problem(
                &format!("data element {}", de.code),
                "category_combo",
                format!(
                    "unknown category combo `{combo}`; expected one of: {}",
                    keys(&catalog.category_combos)
                ),
            ));
        }
    }
    for code in catalog.indicators.keys() {
        if catalog.data_elements.contains_key(code) || catalog.constants.contains_key(code) {
            problems.push(problem(
                &format!("indicator {code}"),
                "code",
                "the code is already used by a data element or constant".to_string(),
            ));
        }
    }
    for code in catalog.constants.keys() {
        if catalog.data_elements.contains_key(code) {
            problems.push(problem(
                &format!("constant {code}"),
                "code",
                "the code is already used by a data element".to_string(),
            ));
        }
    }
}

fn keys<V>(map: &std::collections::BTreeMap<String, V>) -> String {
    map.keys().cloned().collect::<Vec<_>>().join(", ")
}

fn parse_checked(
    catalog: &Catalog,
    item: &str,
    field: &str,
    formula: &str,
    problems: &mut Vec<CatalogProblem>,
) -> Option<Expr> {
    let parsed = match expr::parse(formula) {
        Ok(e) => e,
        Err(e) => {
            problems.push(problem(item, field, e.to_string()));
            return None;
        }
    };
    let before = problems.len();
    for reference in parsed.references() {
        if let Err(message) = check_reference(catalog, reference) {
            problems.push(problem(item, field, format!("`{reference}`: {message}")));
        }
    }
    for reference in parsed.references_inside(crate::expr::Function::Ytd) {
        let scope = catalog
            .data_elements
            .get(&reference.code)
            .map(|de| de.period_scope);
        if scope.is_some_and(|s| s != baocao_core::catalog::PeriodScope::Period) {
            problems.push(problem(
                item,
                field,
                format!(
                    "`{reference}` is already counted from the start of the year (or cumulative); use it without ytd()"
                ),
            ));
        }
    }
    (problems.len() == before).then_some(parsed)
}

/// Checks that a reference names an existing item and valid options.
pub fn check_reference(catalog: &Catalog, reference: &Reference) -> Result<(), String> {
    let code = &reference.code;
    let options: Vec<&str> = reference.options.iter().map(String::as_str).collect();
    let data_element = catalog.data_elements.get(code);
    match reference.kind {
        RefKind::Constant => {
            if !catalog.constants.contains_key(code) {
                return Err(format!("no constant `{code}` in the catalogue"));
            }
        }
        RefKind::Indicator => {
            if !catalog.indicators.contains_key(code) {
                return Err(format!("no indicator `{code}` in the catalogue"));
            }
        }
        RefKind::Computed | RefKind::Stated => match data_element {
            Some(de) => {
                catalog.selection(de, &options).map_err(|e| e.to_string())?;
            }
            None if reference.kind == RefKind::Stated && catalog.indicators.contains_key(code) => {}
            None => return Err(format!("no data element `{code}` in the catalogue")),
        },
    }
    Ok(())
}

/// Reports every indicator that reaches itself through indicator references, naming the
/// formula (numerator or denominator) through which it does, in code order.
fn check_indicator_cycles(
    indicators: &HashMap<String, CompiledIndicator>,
    problems: &mut Vec<CatalogProblem>,
) {
    let mut codes: Vec<&String> = indicators.keys().collect();
    codes.sort();
    for start in codes {
        let ind = &indicators[start];
        let sides = [
            ("numerator", Some(&ind.numerator)),
            ("denominator", ind.denominator.as_ref()),
        ];
        for (field, expr) in sides {
            let Some(expr) = expr else { continue };
            if reaches(indicators, &indicator_codes(expr), start) {
                problems.push(problem(
                    &format!("indicator {start}"),
                    field,
                    "the indicator refers to itself (directly or through other indicators)"
                        .to_string(),
                ));
                break;
            }
        }
    }
}

/// Whether `target` is reachable from the indicators `from` through indicator references.
fn reaches(indicators: &HashMap<String, CompiledIndicator>, from: &[String], target: &str) -> bool {
    let mut stack: Vec<String> = from.to_vec();
    let mut seen: Vec<String> = Vec::new();
    while let Some(code) = stack.pop() {
        if code == target {
            return true;
        }
        if seen.contains(&code) {
            continue;
        }
        seen.push(code.clone());
        if let Some(ind) = indicators.get(&code) {
            stack.extend(indicator_codes(&ind.numerator));
            if let Some(d) = &ind.denominator {
                stack.extend(indicator_codes(d));
            }
        }
    }
    false
}

fn indicator_codes(expr: &Expr) -> Vec<String> {
    expr.references()
        .into_iter()
        .filter(|r| r.kind == RefKind::Indicator)
        .map(|r| r.code.clone())
        .collect()
}

impl CompiledCatalog {
    /// Checks that `options` can break down indicator `code`: each option must apply to every
    /// data element reference of the indicator's formulas (through indicators it refers to),
    /// i.e. the element has the option's category and the reference has not already chosen an
    /// option of it. `N{DVC_TYLE_TRUCTUYEN.XA}` passes; `.TRUCTIEP` (the numerator already
    /// selects QUAMANG) and a density over a constant population broken down by level fail.
    ///
    /// Errors: the first option and reference that do not fit, with what was expected.
    pub fn check_indicator_options(&self, code: &str, options: &[String]) -> Result<(), String> {
        let Some(ind) = self.indicators.get(code) else {
            return Err(format!("no indicator `{code}` in the catalogue"));
        };
        if options.is_empty() {
            return Ok(());
        }
        let mut exprs = vec![&ind.numerator];
        exprs.extend(ind.denominator.as_ref());
        let mut applied = false;
        for expr in exprs {
            for r in expr.references() {
                match r.kind {
                    RefKind::Indicator => {
                        let mut inner = r.options.clone();
                        inner.extend(options.iter().cloned());
                        self.check_indicator_options(&r.code, &inner)?;
                        applied = true;
                    }
                    RefKind::Computed | RefKind::Stated => {
                        let Some(de) = self.catalog.data_elements.get(&r.code) else {
                            continue;
                        };
                        let mut chosen: Vec<&str> = r.options.iter().map(String::as_str).collect();
                        chosen.extend(options.iter().map(String::as_str));
                        self.catalog.selection(de, &chosen).map_err(|e| {
                            format!(
                                "`{}` cannot be broken down by {} in indicator {code}: {e}",
                                r,
                                options.join(".")
                            )
                        })?;
                        applied = true;
                    }
                    RefKind::Constant => {}
                }
            }
        }
        if applied {
            Ok(())
        } else {
            Err(format!(
                "indicator {code} refers to no data element, so it has no breakdown"
            ))
        }
    }
}
