//! Annexes (phụ lục) from the template's `[[annex]]` tables: for each field, every data element
//! with figures in the period or the period compared against (in the order the report's text
//! first prints them, the others after in code order), its total and its breakdown
//! (each option, and for two categories each cell under the first), all computed from their
//! parts as the report prints them; then the chosen indicators. The change is
//! (current − compared) ÷ compared × 100.

use baocao_core::catalog::{Catalog, DataElement, Field, ValueType};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::format;
use baocao_core::period::Period;
use baocao_engine::{CompiledCatalog, DataTable, Evaluator};

use crate::model::{Annex, AnnexColumns, AnnexFigure, AnnexGroup, AnnexRow};
use crate::render::RenderError;
use crate::template::{AnnexTemplate, Compare};

/// Decimals of the change column.
const CHANGE_DECIMALS: u32 = 2;

/// What an annex is built from besides its template.
pub(crate) struct AnnexInput<'a> {
    /// The compiled catalogue.
    pub catalog: &'a CompiledCatalog,
    /// The figures of the period and the period compared against.
    pub data: &'a DataTable,
    /// The period reported on.
    pub period: Period,
    /// Data element codes in the order the report prints them; the others follow in code
    /// order.
    pub order: &'a [String],
}

/// Builds annex number `index` (0-based) of the template; `render` renders text templates.
///
/// Errors: a [`RenderError`] at `report.toml, annex n` for an unknown field, indicator or
/// option, or a text that does not render.
pub(crate) fn build_annex(
    template: &AnnexTemplate,
    index: usize,
    input: &AnnexInput<'_>,
    render: &dyn Fn(String, &str) -> Result<String, RenderError>,
) -> Result<Annex, RenderError> {
    let place = format!("report.toml, annex {}", index + 1);
    let fail = |message: String| RenderError {
        place: place.clone(),
        line: None,
        message,
    };
    let fields = if template.fields.is_empty() {
        Field::ALL.to_vec()
    } else {
        template
            .fields
            .iter()
            .map(|code| {
                Field::from_code(code).ok_or_else(|| {
                    fail(format!(
                        "unknown field `{code}`; expected chung, cntt, bcvt, ttbcxb or thanh_tra"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let catalog = &input.catalog.catalog;
    let indicators = match &template.indicators {
        Some(list) => list
            .iter()
            .map(|reference| indicator_reference(catalog, reference).map_err(&fail))
            .collect::<Result<Vec<_>, _>>()?,
        None => catalog
            .indicators
            .keys()
            .map(|code| (code.clone(), Vec::new()))
            .collect(),
    };
    let compared = match template.compare {
        Compare::Previous => input.period.previous(),
        Compare::LastYear => input.period.same_period_last_year(),
    };
    let builder = Builder {
        catalog: input.catalog,
        data: input.data,
        evaluator: Evaluator::new(input.catalog, input.data),
        current: input.period,
        compared,
    };
    let mut groups = Vec::new();
    for field in fields {
        let mut rows = Vec::new();
        let mut number = 0;
        let mut elements: Vec<&DataElement> = catalog
            .data_elements
            .values()
            .filter(|d| d.field == field)
            .collect();
        elements.sort_by_key(|d| {
            input
                .order
                .iter()
                .position(|code| *code == d.code)
                .unwrap_or(usize::MAX)
        });
        for de in elements {
            let de_rows = builder.data_element_rows(de);
            if !de_rows.is_empty() {
                number += 1;
                rows.extend(de_rows.into_iter().map(|mut row| {
                    if row.depth == 0 {
                        row.number = number.to_string();
                    }
                    row
                }));
            }
        }
        for (code, options) in &indicators {
            let Some(indicator) = catalog.indicators.get(code) else {
                continue;
            };
            if indicator.field != field {
                continue;
            }
            if let Some(mut row) = builder.indicator_row(code, options) {
                number += 1;
                row.number = number.to_string();
                rows.push(row);
            } else if template.indicators.is_some() {
                // Listed by name but without a value in either period: say so in the table.
                number += 1;
                rows.push(AnnexRow {
                    number: number.to_string(),
                    label: indicator_label(catalog, &indicator.name, options),
                    depth: 0,
                    unit: indicator.unit.clone(),
                    current: None,
                    previous: None,
                    change: None,
                });
            }
        }
        if !rows.is_empty() {
            groups.push(AnnexGroup {
                number: format::roman(groups.len() as u32 + 1),
                title: field.name_vi().to_string(),
                rows,
            });
        }
    }
    let subtitle = template
        .subtitle
        .iter()
        .enumerate()
        .map(|(i, line)| render(format!("{place}, subtitle {}", i + 1), line))
        .collect::<Result<Vec<_>, _>>()?;
    let note = render(format!("{place}, note"), &template.note)?;
    Ok(Annex {
        title: render(format!("{place}, title"), &template.title)?,
        subtitle,
        note: Some(note).filter(|n| !n.trim().is_empty()),
        columns: AnnexColumns {
            current: capitalise(&input.period.label_vi()),
            previous: capitalise(&compared.label_vi()),
            change: format!("Tăng, giảm so với {} (%)", compared.label_vi()),
        },
        groups,
    })
}

/// Splits `IND.OPT…` and checks the indicator and its options exist.
fn indicator_reference(
    catalog: &Catalog,
    reference: &str,
) -> Result<(String, Vec<String>), String> {
    let mut parts = reference.trim().split('.').map(|p| p.trim().to_string());
    let code = parts.next().unwrap_or_default();
    let options: Vec<String> = parts.collect();
    if !catalog.indicators.contains_key(&code) {
        return Err(format!("no indicator `{code}` in the catalogue"));
    }
    for option in &options {
        if option_name(catalog, option).is_none() {
            return Err(format!(
                "`{reference}`: no option `{option}` in any category"
            ));
        }
    }
    Ok((code, options))
}

/// The name of an option code in any category of the catalogue.
fn option_name<'a>(catalog: &'a Catalog, code: &str) -> Option<&'a str> {
    catalog
        .categories
        .values()
        .flat_map(|c| c.options.iter())
        .find(|o| o.code == code)
        .map(|o| o.name.as_str())
}

/// "Tỷ lệ hồ sơ tiếp nhận trực tuyến (cấp tỉnh)".
fn indicator_label(catalog: &Catalog, name: &str, options: &[String]) -> String {
    if options.is_empty() {
        return name.to_string();
    }
    let names: Vec<&str> = options
        .iter()
        .filter_map(|o| option_name(catalog, o))
        .collect();
    format!("{name} ({})", names.join(", "))
}

/// The first letter in capitals: "tháng 4/2023" → "Tháng 4/2023".
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct Builder<'a> {
    catalog: &'a CompiledCatalog,
    data: &'a DataTable,
    evaluator: Evaluator<'a>,
    current: Period,
    compared: Period,
}

impl Builder<'_> {
    /// The rows of a data element: its total, then its breakdown; none when it has no figure
    /// in either period.
    fn data_element_rows(&self, de: &DataElement) -> Vec<AnnexRow> {
        let catalog = &self.catalog.catalog;
        let categories = catalog.categories_of(de);
        let decimals = self.decimals(de);
        let mut cells: Vec<(Vec<&str>, String, u8)> = vec![(Vec::new(), de.name.clone(), 0)];
        if let Some((first, rest)) = categories.split_first() {
            for option in &first.options {
                cells.push((vec![option.code.as_str()], option.name.clone(), 1));
                for category in rest {
                    for inner in &category.options {
                        cells.push((
                            vec![option.code.as_str(), inner.code.as_str()],
                            inner.name.clone(),
                            2,
                        ));
                    }
                }
            }
            for category in rest {
                for option in &category.options {
                    cells.push((vec![option.code.as_str()], option.name.clone(), 1));
                }
            }
        }
        let rows: Vec<AnnexRow> = cells
            .into_iter()
            .filter_map(|(options, label, depth)| {
                let coc = catalog.selection(de, &options).ok()?;
                self.row(de, &coc, label, depth, decimals)
            })
            .collect();
        // The total is computed from any part, so without it there is nothing to print.
        if rows.first().is_some_and(|r| r.depth == 0) {
            rows
        } else {
            Vec::new()
        }
    }

    /// A row of a cell or subtotal, `None` when it has a value in neither period.
    fn row(
        &self,
        de: &DataElement,
        coc: &CategoryOptionCombo,
        label: String,
        depth: u8,
        decimals: u32,
    ) -> Option<AnnexRow> {
        let current = self.evaluator.computed(de, coc, self.current);
        let previous = self.evaluator.computed(de, coc, self.compared);
        if current.is_none() && previous.is_none() {
            return None;
        }
        Some(AnnexRow {
            number: String::new(),
            label,
            depth,
            unit: if depth == 0 {
                de.unit.clone()
            } else {
                String::new()
            },
            current: current.map(|v| figure(v, decimals)),
            previous: previous.map(|v| figure(v, decimals)),
            change: change(current, previous),
        })
    }

    /// An indicator's row, `None` when it has a value in neither period.
    fn indicator_row(&self, code: &str, options: &[String]) -> Option<AnnexRow> {
        let catalog = &self.catalog.catalog;
        let indicator = catalog.indicators.get(code)?;
        let current = self.evaluator.indicator(code, options, self.current);
        let previous = self.evaluator.indicator(code, options, self.compared);
        if current.is_none() && previous.is_none() {
            return None;
        }
        Some(AnnexRow {
            number: String::new(),
            label: indicator_label(catalog, &indicator.name, options),
            depth: 0,
            unit: indicator.unit.clone(),
            current: current.map(|v| figure(v, indicator.decimals)),
            previous: previous.map(|v| figure(v, indicator.decimals)),
            // A change of a rate in percent would be read as percentage points: left out.
            change: None,
        })
    }

    /// The decimals a data element is printed with: 0 for counts, else the most its figures
    /// of the period were typed with.
    fn decimals(&self, de: &DataElement) -> u32 {
        if de.value_type == ValueType::Integer {
            return 0;
        }
        [self.current, self.compared]
            .iter()
            .flat_map(|p| self.data.cells(&de.code, *p).iter())
            .map(|(_, f)| f.decimals)
            .max()
            .unwrap_or(0)
    }
}

fn figure(value: f64, decimals: u32) -> AnnexFigure {
    AnnexFigure {
        value,
        decimals,
        text: format::decimal(value, decimals),
    }
}

/// (current − previous) ÷ previous × 100, signed: "+5,00", "-2,10", "0,00".
fn change(current: Option<f64>, previous: Option<f64>) -> Option<AnnexFigure> {
    let (current, previous) = (current?, previous?);
    if previous == 0.0 {
        return None;
    }
    let value = (current - previous) / previous * 100.0;
    let text = format::decimal(value, CHANGE_DECIMALS);
    let text = if value > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{text}")
    } else {
        text
    };
    Some(AnnexFigure {
        value,
        decimals: CHANGE_DECIMALS,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_is_signed_percent() {
        assert_eq!(
            change(Some(346791.0), Some(330277.0)).map(|f| f.text),
            Some("+5,00".into())
        );
        assert_eq!(
            change(Some(90.0), Some(100.0)).map(|f| f.text),
            Some("-10,00".into())
        );
        assert_eq!(
            change(Some(5.0), Some(5.0)).map(|f| f.text),
            Some("0,00".into())
        );
        assert_eq!(change(Some(5.0), Some(0.0)), None);
        assert_eq!(change(None, Some(1.0)), None);
    }

    #[test]
    fn capitalised_label() {
        assert_eq!(capitalise("tháng 4/2023"), "Tháng 4/2023");
        assert_eq!(capitalise("ỹ"), "Ỹ");
    }
}
