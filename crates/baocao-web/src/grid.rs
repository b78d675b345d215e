//! The data-entry form of one field, generated from the catalogue like a DHIS2 section form:
//! each data element with its breakdown as a grid (one category: a row of cells and the
//! total; two or more: rows of the other categories × columns of the last, with row totals
//! and a total row). Totals and subtotals show the sum of their parts (computed, read-only)
//! beside the figure the unit stated, if any, flagged when they differ; each cell shows the
//! previous period's value; the field's indicators are computed below.
//!
//! Anchors (stable, used by links and the end-to-end tests), with `OPTS` the cell's option
//! codes joined by "-" (`XA-QUAMANG`) or `default` for the total:
//! - `o-DE-OPTS`: the cell (a `<td>`); `in-DE-OPTS` its input (name `v:DE:COC`, COC the cell
//!   code `XA.QUAMANG`); `tong-DE-OPTS` the computed sum of a total cell; `loi-DE-OPTS` the
//!   input's error; `vp-DE-OPTS` the violations that concern it;
//! - `ind-IND-OPTS`: an indicator's row; `cs-IND-OPTS` its computed value.

use std::collections::HashMap;

use baocao_app::PeriodData;
use baocao_core::catalog::{Category, DataElement, Field, Importance, Operator, ValueType};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::format;
use baocao_engine::expr::{self, RefKind};
use baocao_engine::{Evaluator, Violation};
use serde::Serialize;

use crate::view::{self, StoredCell};

/// What the user typed in a cell that was not stored, to show again with its message.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    /// The text as typed.
    pub text: String,
    /// Why it was not stored, in Vietnamese.
    pub message: String,
}

/// Everything the form is built from.
pub struct FormInput<'a> {
    /// The period's data.
    pub data: &'a PeriodData,
    /// Stored cells as typed with versions, by (data element, cell code).
    pub stored: &'a HashMap<(String, String), StoredCell>,
    /// Cells typed but refused, by (data element, cell code).
    pub typed: &'a HashMap<(String, String), Typed>,
    /// Whether the user may change the figures (their field, not locked).
    pub editable: bool,
    /// The period's violations.
    pub violations: &'a [Violation],
}

/// The form of one field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldForm {
    /// The field's code.
    pub field: &'static str,
    /// Its name.
    pub field_name: &'static str,
    /// Data elements grouped as shown: runs of single figures in one table, each breakdown
    /// in its own group.
    pub groups: Vec<Group>,
    /// The field's indicators, computed.
    pub indicators: Vec<IndicatorRow>,
    /// The field's violations.
    pub violations: Vec<ViolationView>,
    /// Cells with a value in the period, of all the field's cells.
    pub entered: usize,
    /// All the field's cells (leaves of every breakdown).
    pub cells: usize,
}

/// A group of the form.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Whether this is a table of single figures (no breakdown).
    pub single: bool,
    /// Its data elements.
    pub elements: Vec<ElementForm>,
}

/// One data element.
#[derive(Debug, Clone, Serialize)]
pub struct ElementForm {
    /// Code, e.g. `DVC_HOSO`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Unit, e.g. "hồ sơ".
    pub unit: String,
    /// What may be typed: "số nguyên", "số thập phân", "tỷ lệ (%)".
    pub kind: &'static str,
    /// Its description, if any.
    pub description: Option<String>,
    /// The name of the row categories ("Cấp hành chính"), empty for one category.
    pub row_header: String,
    /// Column headers: the last category's options, then "Tổng".
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<GridRow>,
}

/// A row of a grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    /// Its label, e.g. "Cấp xã", or "Tổng".
    pub label: String,
    /// Whether it is the total row.
    pub is_total: bool,
    /// Its cells, in column order.
    pub cells: Vec<CellView>,
}

/// One cell: an input, and for a total the computed sum beside it.
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// `DVC_HOSO-XA-QUAMANG`: the suffix of the cell's ids.
    pub key: String,
    /// The data element's code.
    pub data_element: String,
    /// The cell code, `XA.QUAMANG` or `default`.
    pub coc: String,
    /// An accessible label: "Hồ sơ tiếp nhận … — cấp xã, tiếp nhận qua mạng".
    pub label: String,
    /// Whether it sums finer cells (its input is the total as stated).
    pub is_total: bool,
    /// For a total with parts: the sum of the parts, formatted.
    pub computed: Option<String>,
    /// The input's text: as typed and stored, or as typed and refused.
    pub text: String,
    /// The stored text (to know on a whole-form post whether the cell changed).
    pub stored_text: String,
    /// The stored version ("" for none).
    pub version: String,
    /// The previous period's value, formatted.
    pub previous: Option<String>,
    /// The stated total differs from the sum of its parts.
    pub mismatch: bool,
    /// The input's error, if the text was refused.
    pub error: Option<String>,
    /// Violations concerning this cell.
    pub violations: Vec<String>,
    /// Whether the input may be changed.
    pub editable: bool,
    /// Whether a figure is stored at the cell in the period.
    pub has_value: bool,
}

/// An indicator computed for the field.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    /// `DVC_TYLE_TRUCTUYEN-XA`: the suffix of the row's ids.
    pub key: String,
    /// Name and breakdown, e.g. "Tỷ lệ hồ sơ tiếp nhận trực tuyến (cấp xã)".
    pub name: String,
    /// The value computed from the figures, with its unit ("68,04%"), or "—".
    pub computed: String,
    /// The value the unit stated, if any ("68,16").
    pub stated: Option<String>,
    /// The stated value differs from the computed one at its typed precision.
    pub mismatch: bool,
    /// Violations concerning it.
    pub violations: Vec<String>,
}

/// A violation as shown on the pages.
#[derive(Debug, Clone, Serialize)]
pub struct ViolationView {
    /// "cao", "trung bình", "thấp".
    pub importance: &'static str,
    /// `high`, `medium`, `low` (a CSS class).
    pub importance_code: &'static str,
    /// The rule's code.
    pub rule_code: String,
    /// The rule's description.
    pub rule_name: String,
    /// The sentence shown beside the cell.
    pub message: String,
    /// Left side: formula and value.
    pub left_expression: String,
    /// Left side's value, formatted.
    pub left: String,
    /// "==", "<=" …
    pub operator: &'static str,
    /// Right side: formula.
    pub right_expression: String,
    /// Right side's value, formatted.
    pub right: String,
    /// The field it concerns, if any.
    pub field: Option<&'static str>,
    /// The anchor of the cell or indicator concerned (`o-DVC_HOSO-XA`), if any.
    pub anchor: Option<String>,
}

/// The id suffix of a data element's cell: `DVC_HOSO-XA-QUAMANG`, `DVC_HOSO-default`.
pub fn cell_key(data_element: &str, coc: &CategoryOptionCombo) -> String {
    format!("{data_element}-{}", coc.code().replace('.', "-"))
}

/// Builds the form of `field`.
pub fn field_form(input: &FormInput<'_>, field: Field) -> FieldForm {
    let data = input.data;
    let catalog = &data.catalog.catalog;
    let views: Vec<ViolationView> = input
        .violations
        .iter()
        .map(|v| violation_view(data, v))
        .collect();
    let mut groups: Vec<Group> = Vec::new();
    let (mut entered, mut cells) = (0, 0);
    for de in catalog
        .data_elements
        .values()
        .filter(|de| de.field == field)
    {
        let element = element_form(input, de, &views);
        let categories = catalog.categories_of(de);
        for row in &element.rows {
            for cell in row
                .cells
                .iter()
                .filter(|c| !c.is_total || categories.is_empty())
            {
                cells += 1;
                if cell.has_value {
                    entered += 1;
                }
            }
        }
        let single = categories.is_empty();
        match groups.last_mut() {
            Some(group) if single && group.single => group.elements.push(element),
            _ => groups.push(Group {
                single,
                elements: vec![element],
            }),
        }
    }
    FieldForm {
        field: field.code(),
        field_name: field.name_vi(),
        groups,
        indicators: indicator_rows(data, field, &views),
        violations: views
            .into_iter()
            .filter(|v| v.field == Some(field.code()))
            .collect(),
        entered,
        cells,
    }
}

fn element_form(input: &FormInput<'_>, de: &DataElement, views: &[ViolationView]) -> ElementForm {
    let catalog = &input.data.catalog.catalog;
    let categories = catalog.categories_of(de);
    let kind = match de.value_type {
        ValueType::Integer => "số nguyên",
        ValueType::Number => "số thập phân",
        ValueType::Percentage => "tỷ lệ (%)",
    };
    let mut form = ElementForm {
        code: de.code.clone(),
        name: de.name.clone(),
        unit: de.unit.clone(),
        kind,
        description: de.description.clone(),
        row_header: String::new(),
        columns: Vec::new(),
        rows: Vec::new(),
    };
    let Some((last, rest)) = categories.split_last() else {
        form.rows.push(GridRow {
            label: de.name.clone(),
            is_total: false,
            cells: vec![cell(input, de, Vec::new(), views)],
        });
        return form;
    };
    form.row_header = rest
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(" × ");
    form.columns = last.options.iter().map(|o| capitalize(&o.name)).collect();
    form.columns.push("Tổng".to_string());
    for row in option_rows(rest) {
        let names: Vec<String> = row.iter().map(|code| option_name(rest, code)).collect();
        let mut cells: Vec<CellView> = last
            .options
            .iter()
            .map(|o| {
                let mut options = row.clone();
                options.push(o.code.clone());
                cell(input, de, options, views)
            })
            .collect();
        cells.push(cell(input, de, row.clone(), views));
        form.rows.push(GridRow {
            label: if names.is_empty() {
                "Số liệu".to_string()
            } else {
                capitalize(&names.join(", "))
            },
            is_total: false,
            cells,
        });
    }
    if !rest.is_empty() {
        let mut cells: Vec<CellView> = last
            .options
            .iter()
            .map(|o| cell(input, de, vec![o.code.clone()], views))
            .collect();
        cells.push(cell(input, de, Vec::new(), views));
        form.rows.push(GridRow {
            label: "Tổng".to_string(),
            is_total: true,
            cells,
        });
    }
    form
}

/// Every combination of one option of each category, in order.
fn option_rows(categories: &[&Category]) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = vec![Vec::new()];
    for category in categories {
        rows = rows
            .into_iter()
            .flat_map(|row| {
                category.options.iter().map(move |o| {
                    let mut next = row.clone();
                    next.push(o.code.clone());
                    next
                })
            })
            .collect();
    }
    rows
}

fn option_name(categories: &[&Category], code: &str) -> String {
    categories
        .iter()
        .flat_map(|c| c.options.iter())
        .find(|o| o.code == code)
        .map(|o| o.name.clone())
        .unwrap_or_else(|| code.to_string())
}

fn cell(
    input: &FormInput<'_>,
    de: &DataElement,
    options: Vec<String>,
    views: &[ViolationView],
) -> CellView {
    let data = input.data;
    let catalog = &data.catalog.catalog;
    let option_refs: Vec<&str> = options.iter().map(String::as_str).collect();
    let coc = catalog
        .selection(de, &option_refs)
        .unwrap_or_else(|_| CategoryOptionCombo::new(options.clone()));
    let key = cell_key(&de.code, &coc);
    let evaluator = Evaluator::new(&data.catalog, &data.table);
    let cells = data.table.cells(&de.code, data.period);
    let decimals = cells.iter().map(|(_, f)| f.decimals).max().unwrap_or(0);
    let has_parts = cells.iter().any(|(c, _)| c != &coc && coc.is_within(c));
    let is_total = coc.options().len() < catalog.categories_of(de).len();
    let stored_figure = data.table.stored(&de.code, &coc, data.period);
    let computed = if has_parts {
        evaluator.computed(de, &coc, data.period)
    } else {
        None
    };
    let mismatch = match (stored_figure, computed) {
        (Some(s), Some(c)) => !Operator::Equal.holds(s.value, c),
        _ => false,
    };
    let previous_period = data.period.previous();
    let previous_decimals = data
        .table
        .cells(&de.code, previous_period)
        .iter()
        .map(|(_, f)| f.decimals)
        .max()
        .unwrap_or(0);
    let previous = evaluator
        .computed(de, &coc, previous_period)
        .map(|v| view::figure(de, v, previous_decimals));
    let stored = input.stored.get(&(de.code.clone(), coc.code()));
    let typed = input.typed.get(&(de.code.clone(), coc.code()));
    let stored_text = stored.map(|s| s.as_typed.clone()).unwrap_or_default();
    let label = {
        let selection = catalog.selection_label(de, &coc);
        if selection.is_empty() && is_total {
            format!("{} — tổng", de.name)
        } else if selection.is_empty() {
            de.name.clone()
        } else if is_total {
            format!("{} — {selection}, tổng", de.name)
        } else {
            format!("{} — {selection}", de.name)
        }
    };
    let anchor = format!("o-{key}");
    CellView {
        data_element: de.code.clone(),
        coc: coc.code(),
        label,
        is_total,
        computed: computed.map(|v| view::figure(de, v, decimals)),
        text: typed
            .map(|t| t.text.clone())
            .unwrap_or_else(|| stored_text.clone()),
        stored_text,
        version: stored.map(|s| s.version.to_string()).unwrap_or_default(),
        previous,
        mismatch,
        error: typed.map(|t| t.message.clone()),
        violations: views
            .iter()
            .filter(|v| v.anchor.as_deref() == Some(anchor.as_str()))
            .map(|v| v.message.clone())
            .collect(),
        editable: input.editable,
        has_value: stored_figure.is_some(),
        key,
    }
}

fn indicator_rows(data: &PeriodData, field: Field, views: &[ViolationView]) -> Vec<IndicatorRow> {
    let catalog = &data.catalog.catalog;
    let evaluator = Evaluator::new(&data.catalog, &data.table);
    let stated = data.table.stated_indicators_in(data.period);
    let mut rows = Vec::new();
    for indicator in catalog.indicators.values().filter(|i| i.field == field) {
        let mut cocs = vec![CategoryOptionCombo::total()];
        for (code, coc, _) in &stated {
            if *code == indicator.code && !coc.is_total() && !cocs.contains(coc) {
                cocs.push((*coc).clone());
            }
        }
        for coc in cocs {
            let key = cell_key(&indicator.code, &coc);
            let computed = evaluator.indicator(&indicator.code, coc.options(), data.period);
            let stated_figure = data
                .table
                .stated_indicator(&indicator.code, &coc, data.period);
            let mismatch = match (stated_figure, computed) {
                (Some(s), Some(c)) => !Operator::Equal.holds(s.value, format::round(c, s.decimals)),
                _ => false,
            };
            let names = option_names(catalog, &coc);
            let anchor = format!("ind-{key}");
            rows.push(IndicatorRow {
                name: if names.is_empty() {
                    indicator.name.clone()
                } else {
                    format!("{} ({names})", indicator.name)
                },
                computed: computed
                    .map(|v| with_unit(&format::decimal(v, indicator.decimals), &indicator.unit))
                    .unwrap_or_else(|| "—".to_string()),
                stated: stated_figure
                    .map(|s| with_unit(&format::decimal(s.value, s.decimals), &indicator.unit)),
                mismatch,
                violations: views
                    .iter()
                    .filter(|v| v.anchor.as_deref() == Some(anchor.as_str()))
                    .map(|v| v.message.clone())
                    .collect(),
                key,
            });
        }
    }
    rows
}

fn with_unit(number: &str, unit: &str) -> String {
    if unit == "%" {
        format!("{number}%")
    } else if unit.is_empty() {
        number.to_string()
    } else {
        format!("{number} {unit}")
    }
}

fn option_names(catalog: &baocao_core::catalog::Catalog, coc: &CategoryOptionCombo) -> String {
    coc.options()
        .iter()
        .map(|code| {
            catalog
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

/// Upper-cases the first letter.
fn capitalize(text: &str) -> String {
    crate::layout::capitalize(text)
}

/// A violation with its Vietnamese sentence, its field and the anchor of the cell or
/// indicator it concerns (the first data element or indicator its left side names).
pub fn violation_view(data: &PeriodData, v: &Violation) -> ViolationView {
    let (field, anchor) = target(data, v).map_or((None, None), |(f, a)| (Some(f.code()), Some(a)));
    let generated = v.rule_code.contains(':');
    let message = if v.rule_code.starts_with("TONG:") {
        format!(
            "Tổng đã khai {} khác tổng các thành phần {}.",
            v.left.display, v.right.display
        )
    } else if v.rule_code.starts_with("TYLE:") {
        format!(
            "Giá trị đã khai {} khác giá trị tính lại từ số liệu {}.",
            v.left.display, v.right.display
        )
    } else if v.rule_code.starts_with("KHONG_AM:") {
        format!("Số liệu không được âm (đã nhập {}).", v.left.display)
    } else if generated {
        format!(
            "{}: {} ngoài {}.",
            v.rule_name, v.left.display, v.right.display
        )
    } else {
        format!(
            "{} (vế trái {}, vế phải {}).",
            v.rule_name, v.left.display, v.right.display
        )
    };
    ViolationView {
        importance: v.importance.name_vi(),
        importance_code: match v.importance {
            Importance::High => "high",
            Importance::Medium => "medium",
            Importance::Low => "low",
        },
        rule_code: v.rule_code.clone(),
        rule_name: v.rule_name.clone(),
        message,
        left_expression: v.left.expression.clone(),
        left: v.left.display.clone(),
        operator: v.operator.symbol(),
        right_expression: v.right.expression.clone(),
        right: v.right.display.clone(),
        field,
        anchor,
    }
}

fn target(data: &PeriodData, v: &Violation) -> Option<(Field, String)> {
    let catalog = &data.catalog.catalog;
    let mut references = Vec::new();
    for side in [&v.left.expression, &v.right.expression] {
        if let Ok(parsed) = expr::parse(side) {
            references.extend(parsed.references().into_iter().cloned());
        }
    }
    references.into_iter().find_map(|r| {
        let options: Vec<&str> = r.options.iter().map(String::as_str).collect();
        if let Some(de) = catalog.data_elements.get(&r.code)
            && r.kind != RefKind::Indicator
        {
            let coc = catalog.selection(de, &options).ok()?;
            return Some((de.field, format!("o-{}", cell_key(&de.code, &coc))));
        }
        let indicator = catalog.indicators.get(&r.code)?;
        let coc = CategoryOptionCombo::unordered(r.options.clone());
        Some((
            indicator.field,
            format!("ind-{}", cell_key(&indicator.code, &coc)),
        ))
    })
}
