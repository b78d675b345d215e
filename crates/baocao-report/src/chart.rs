//! Charts of the report from the template's `[[chart]]` tables: every value is a formula of the
//! catalogue's language evaluated for the period, every text a template.

use baocao_core::format;
use baocao_core::period::Period;
use baocao_engine::compile::check_reference;
use baocao_engine::{CompiledCatalog, DataTable, Evaluator, Missing};

use crate::model::{Chart, ChartCategory, ChartKind, Series, Value};
use crate::render::RenderError;
use crate::template::ChartTemplate;

/// What a chart is built from besides its template.
pub(crate) struct ChartInput<'a> {
    /// The compiled catalogue.
    pub catalog: &'a CompiledCatalog,
    /// The figures.
    pub data: &'a DataTable,
    /// The period reported on.
    pub period: Period,
}

/// Builds chart number `number` from its template. `render` renders a text template (with the
/// report's functions and variables) for a place; missing values are reported through `warn`.
///
/// Errors: a [`RenderError`] at `report.toml, chart <id>` when a formula does not parse or
/// names an unknown code, when the series or notes do not have one entry per category, or
/// when a text does not render.
pub(crate) fn build_chart(
    template: &ChartTemplate,
    number: usize,
    input: &ChartInput<'_>,
    render: &dyn Fn(String, &str) -> Result<String, RenderError>,
    warn: &mut dyn FnMut(String),
) -> Result<Chart, RenderError> {
    let place = format!("report.toml, chart {}", template.id);
    let fail = |message: String| RenderError {
        place: place.clone(),
        line: None,
        message,
    };
    let count = template.categories.len();
    if count == 0 {
        return Err(fail("a chart needs at least one category".into()));
    }
    if !template.notes.is_empty() && template.notes.len() != count {
        return Err(fail(format!(
            "{} notes for {count} categories; give one note per category (\"\" for none) or none",
            template.notes.len()
        )));
    }
    let mut categories = Vec::with_capacity(count);
    for (i, label) in template.categories.iter().enumerate() {
        let label = render(format!("{place}, category {}", i + 1), label)?;
        let note = match template.notes.get(i) {
            Some(note) => Some(render(format!("{place}, note {}", i + 1), note)?)
                .filter(|n| !n.trim().is_empty()),
            None => None,
        };
        categories.push(ChartCategory { label, note });
    }
    let evaluator = Evaluator::new(input.catalog, input.data);
    let mut series = Vec::with_capacity(template.series.len());
    for (s, series_template) in template.series.iter().enumerate() {
        let name = render(format!("{place}, series {}", s + 1), &series_template.name)?;
        if series_template.values.len() != count {
            return Err(fail(format!(
                "series `{name}` has {} values for {count} categories",
                series_template.values.len()
            )));
        }
        let mut values = Vec::with_capacity(count);
        for formula in &series_template.values {
            if formula.trim().is_empty() {
                values.push(None);
                continue;
            }
            let expr = baocao_engine::expr::parse(formula).map_err(|e| fail(e.to_string()))?;
            for reference in expr.references() {
                check_reference(&input.catalog.catalog, reference)
                    .map_err(|e| fail(format!("`{formula}`: {e}")))?;
            }
            let value = evaluator
                .eval(&expr, input.period, Missing::Propagate)
                .value;
            if value.is_none() {
                warn(format!(
                    "chưa có số liệu {formula} cho biểu đồ {number} ({})",
                    input.period.label_vi()
                ));
            }
            values.push(value.map(|v| Value {
                value: v,
                text: format::decimal(v, template.decimals),
            }));
        }
        series.push(Series { name, values });
    }
    Ok(Chart {
        number,
        title: render(format!("{place}, title"), &template.title)?,
        kind: ChartKind::Bars,
        unit: template.unit.clone(),
        decimals: template.decimals,
        categories,
        series,
    })
}
