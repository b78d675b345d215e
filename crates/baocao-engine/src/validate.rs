//! Validation: the catalogue's rules and the rules generated from a period's data (stated
//! totals against their parts, stated rates against recomputed ones, non-negative counts),
//! and the register rule that documents fall inside the period's cut-off window
//! (Nghị định 09/2019/NĐ-CP, Điều 12). Each failure is a [`Violation`] with both sides.

use baocao_core::catalog::{Importance, MissingValueStrategy, Operator, ValidationRule, ValueType};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::format;
use baocao_core::period::Period;
use baocao_core::register::{Document, DocumentRole};
use serde::Serialize;

use crate::compile::{CompiledCatalog, CompiledRule};
use crate::eval::{Evaluator, Missing};
use crate::expr::{self, Expr, Function, RefKind};
use crate::table::DataTable;

/// One side of a violated rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The formula, or a description for register rules.
    pub expression: String,
    /// The value, if any.
    pub value: Option<f64>,
    /// The value formatted the Vietnamese way at the precision it is compared at.
    pub display: String,
}

/// A rule that fails, with both sides' values (DHIS2's validation result).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// Rule code; generated rules start with `TONG:`, `TYLE:`, `KHONG_AM:` or `NGAY_VB:`.
    pub rule_code: String,
    /// Rule description in Vietnamese.
    pub rule_name: String,
    /// Importance.
    pub importance: Importance,
    /// The comparison that failed.
    pub operator: Operator,
    /// Left side (for generated rules: the value as stated).
    pub left: Side,
    /// Right side (for generated rules: the value recomputed).
    pub right: Side,
    /// The period.
    pub period: Period,
}

/// The outcome of validating a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ValidationReport {
    /// Violations, catalogue rules first, then generated ones, each group in a stable order.
    pub violations: Vec<Violation>,
    /// Rules evaluated (catalogue and generated).
    pub rules_evaluated: usize,
    /// Rules skipped for missing values.
    pub rules_skipped: usize,
}

impl ValidationReport {
    /// Whether any violation has high importance (the CLI exits 1).
    pub fn has_high(&self) -> bool {
        self.violations
            .iter()
            .any(|v| v.importance == Importance::High)
    }
}

/// Validates one org unit's figures for `period` and the period's documents.
pub fn validate(
    compiled: &CompiledCatalog,
    data: &DataTable,
    period: Period,
    documents: &[Document],
) -> ValidationReport {
    let evaluator = Evaluator::new(compiled, data);
    let mut report = ValidationReport::default();
    let generated = generated_rules(compiled, data, period);
    for rule in compiled.rules.iter().chain(generated.iter()) {
        let lookup = Lookup { compiled, data };
        check_rule(&evaluator, &lookup, rule, period, &mut report);
    }
    check_documents(documents, period, &mut report);
    report
}

fn check_rule(
    evaluator: &Evaluator<'_>,
    data: &Lookup<'_>,
    rule: &CompiledRule,
    period: Period,
    report: &mut ValidationReport,
) {
    let strategy = rule.rule.missing_value_strategy;
    let missing = match strategy {
        MissingValueStrategy::SkipIfAnyValueMissing => Missing::Propagate,
        _ => Missing::AsZero,
    };
    let left = evaluator.eval(&rule.left, period, missing);
    let right = evaluator.eval(&rule.right, period, missing);
    let skip = match strategy {
        MissingValueStrategy::SkipIfAnyValueMissing => {
            left.value.is_none() || right.value.is_none()
        }
        MissingValueStrategy::SkipIfAllValuesMissing => left.present + right.present == 0,
        MissingValueStrategy::NeverSkip => false,
    };
    let (Some(l), Some(r)) = (left.value, right.value) else {
        report.rules_skipped += 1;
        return;
    };
    if skip {
        report.rules_skipped += 1;
        return;
    }
    report.rules_evaluated += 1;
    if rule.rule.operator.holds(l, r) {
        return;
    }
    report.violations.push(Violation {
        rule_code: rule.rule.code.clone(),
        rule_name: rule.rule.name.clone(),
        importance: rule.rule.importance,
        operator: rule.rule.operator,
        left: side(&rule.rule.left, &rule.left, l, data, period),
        right: side(&rule.rule.right, &rule.right, r, data, period),
        period,
    });
}

/// What the display of a side needs: the catalogue (to order options) and the figures.
struct Lookup<'a> {
    compiled: &'a CompiledCatalog,
    data: &'a DataTable,
}

fn side(text: &str, expr: &Expr, value: f64, data: &Lookup<'_>, period: Period) -> Side {
    let decimals = display_decimals(expr, data, period).unwrap_or_else(|| auto_decimals(value));
    Side {
        expression: text.to_string(),
        value: Some(value),
        display: format::decimal(value, decimals),
    }
}

/// The precision a side is compared at: `round(x, n)` → n; a stated value → as typed.
fn display_decimals(expr: &Expr, lookup: &Lookup<'_>, period: Period) -> Option<u32> {
    let data = lookup.data;
    match expr {
        Expr::Call(Function::Round, args) => match args.get(1) {
            Some(Expr::Number(n)) => Some(*n as u32),
            _ => None,
        },
        Expr::Ref(r) if r.kind == RefKind::Stated => {
            let options: Vec<&str> = r.options.iter().map(String::as_str).collect();
            match lookup.compiled.catalog.data_elements.get(&r.code) {
                Some(de) => {
                    let coc = lookup.compiled.catalog.selection(de, &options).ok()?;
                    data.stored(&r.code, &coc, period).map(|f| f.decimals)
                }
                None => {
                    let coc = CategoryOptionCombo::unordered(r.options.clone());
                    data.stated_indicator(&r.code, &coc, period)
                        .map(|f| f.decimals)
                }
            }
        }
        _ => None,
    }
}

fn auto_decimals(value: f64) -> u32 {
    if value.fract() == 0.0 { 0 } else { 2 }
}

/// The rules a period's data implies: each stated subtotal or total against the sum of its
/// parts, each stated indicator value against the recomputed one at the decimals it was
/// typed with, and each stored count not negative.
pub fn generated_rules(
    compiled: &CompiledCatalog,
    data: &DataTable,
    period: Period,
) -> Vec<CompiledRule> {
    let mut rules = Vec::new();
    let catalog = &compiled.catalog;
    for (code, cells) in data.data_elements_in(period) {
        let Some(de) = catalog.data_elements.get(code) else {
            continue;
        };
        let categories = catalog.categories_of(de);
        for (coc, figure) in cells {
            if de.value_type == ValueType::Integer {
                rules.push(non_negative_rule(&de.code, &de.name, coc, figure.value));
            }
            let Some(split) = crate::eval::split_category(&categories, coc, cells) else {
                continue;
            };
            let parts: Vec<String> = split
                .options
                .iter()
                .map(|o| {
                    let child = crate::eval::with_option(&categories, coc, &o.code);
                    format!("#{{{}}}", reference_body(&de.code, &child))
                })
                .collect();
            let label = catalog.selection_label(de, coc);
            let name = if label.is_empty() {
                format!(
                    "{}: tổng đã khai bằng tổng các thành phần theo {}",
                    de.name,
                    split.name.to_lowercase()
                )
            } else {
                format!(
                    "{} ({label}): tổng đã khai bằng tổng các thành phần theo {}",
                    de.name,
                    split.name.to_lowercase()
                )
            };
            rules.push(generated(
                format!("TONG:{}", reference_body(&de.code, coc)),
                name,
                format!("S{{{}}}", reference_body(&de.code, coc)),
                parts.join(" + "),
                MissingValueStrategy::NeverSkip,
            ));
        }
    }
    for (code, coc, figure) in data.stated_indicators_in(period) {
        let Some(ind) = catalog.indicators.get(code) else {
            continue;
        };
        let body = reference_body(code, coc);
        let label = if coc.is_total() {
            String::new()
        } else {
            format!(" ({})", option_names(compiled, coc))
        };
        rules.push(generated(
            format!("TYLE:{body}"),
            format!("{}{label}: giá trị đã khai bằng giá trị tính lại", ind.name),
            format!("S{{{body}}}"),
            format!("round(N{{{body}}}, {})", figure.decimals),
            MissingValueStrategy::SkipIfAnyValueMissing,
        ));
    }
    rules
}

fn option_names(compiled: &CompiledCatalog, coc: &CategoryOptionCombo) -> String {
    coc.options()
        .iter()
        .map(|code| {
            compiled
                .catalog
                .categories
                .values()
                .flat_map(|c| c.options.iter())
                .find(|o| o.code == *code)
                .map(|o| o.name.clone())
                .unwrap_or_else(|| code.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn reference_body(code: &str, coc: &CategoryOptionCombo) -> String {
    if coc.is_total() {
        code.to_string()
    } else {
        format!("{code}.{}", coc.code())
    }
}

fn non_negative_rule(
    code: &str,
    name: &str,
    coc: &CategoryOptionCombo,
    _value: f64,
) -> CompiledRule {
    let body = reference_body(code, coc);
    generated(
        format!("KHONG_AM:{body}"),
        format!("{name}: số liệu không được âm"),
        format!("S{{{body}}}"),
        "0".to_string(),
        MissingValueStrategy::SkipIfAnyValueMissing,
    )
    .with_operator(Operator::GreaterOrEqual)
}

fn generated(
    code: String,
    name: String,
    left: String,
    right: String,
    strategy: MissingValueStrategy,
) -> CompiledRule {
    // Generated formulas are built from codes already checked, so they always parse.
    let parse = |s: &str| expr::parse(s).unwrap_or(Expr::Number(f64::NAN));
    CompiledRule {
        left: parse(&left),
        right: parse(&right),
        rule: ValidationRule {
            code,
            name,
            left,
            operator: Operator::Equal,
            right,
            importance: Importance::High,
            missing_value_strategy: strategy,
        },
    }
}

impl CompiledRule {
    fn with_operator(mut self, operator: Operator) -> Self {
        self.rule.operator = operator;
        self
    }
}

/// Documents advised or issued for `period` must be dated inside its cut-off window
/// (Nghị định 09/2019/NĐ-CP, Điều 12), importance medium.
fn check_documents(documents: &[Document], period: Period, report: &mut ValidationReport) {
    let window = period.cutoff_window();
    for doc in documents {
        if doc.period != Some(period) || doc.role == DocumentRole::Cited {
            continue;
        }
        let Some(date) = doc.date else {
            continue;
        };
        report.rules_evaluated += 1;
        if window.contains(date) {
            continue;
        }
        report.violations.push(Violation {
            rule_code: format!("NGAY_VB:{}", doc.id),
            rule_name: format!(
                "{} phải có ngày trong kỳ chốt số liệu {}",
                doc.id,
                period.label_vi()
            ),
            importance: Importance::Medium,
            operator: Operator::Equal,
            left: Side {
                expression: "ngày văn bản".to_string(),
                value: None,
                display: format::date_short(date),
            },
            right: Side {
                expression: "kỳ chốt số liệu".to_string(),
                value: None,
                display: format!(
                    "{} - {}",
                    format::date_short(window.start),
                    format::date_short(window.end)
                ),
            },
            period,
        });
    }
}
