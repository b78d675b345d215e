//! Small catalogues and tables built in code.

use baocao_core::catalog::{
    AggregationType, Catalog, Category, CategoryCombo, CategoryOption, Constant, DataElement,
    Field, Importance, Indicator, MissingValueStrategy, Operator, PeriodScope, ValidationRule,
    ValueType,
};
use baocao_core::period::Period;
use baocao_core::register::{Document, DocumentRole};
use baocao_core::symbol::{DocumentType, NumberSymbol};
use baocao_engine::{CompiledCatalog, DataTable, Figure, compile};

/// A period from its id.
pub fn period(id: &str) -> Period {
    Period::parse(id).unwrap()
}

fn category(code: &str, name: &str, options: &[(&str, &str)]) -> Category {
    Category {
        code: code.to_string(),
        name: name.to_string(),
        options: options
            .iter()
            .map(|(code, name)| CategoryOption {
                code: code.to_string(),
                name: name.to_string(),
            })
            .collect(),
    }
}

/// A data element of `value_type` with an optional combo.
pub fn data_element(code: &str, value_type: ValueType, combo: Option<&str>) -> DataElement {
    DataElement {
        code: code.to_string(),
        name: format!("Chỉ tiêu {code}"),
        unit: "hồ sơ".to_string(),
        field: Field::Cntt,
        value_type,
        aggregation: AggregationType::Sum,
        category_combo: combo.map(str::to_string),
        period_scope: PeriodScope::Period,
        description: None,
    }
}

/// An indicator `numerator / denominator × factor`.
pub fn indicator(
    code: &str,
    numerator: &str,
    denominator: Option<&str>,
    factor: f64,
    decimals: u32,
) -> Indicator {
    Indicator {
        code: code.to_string(),
        name: format!("Chỉ số {code}"),
        numerator: numerator.to_string(),
        denominator: denominator.map(str::to_string),
        factor,
        decimals,
        unit: "%".to_string(),
        field: Field::Cntt,
        description: None,
    }
}

/// A catalogue validation rule of high importance.
pub fn rule(
    code: &str,
    left: &str,
    operator: Operator,
    right: &str,
    strategy: MissingValueStrategy,
) -> ValidationRule {
    ValidationRule {
        code: code.to_string(),
        name: format!("Quy tắc {code}"),
        left: left.to_string(),
        operator,
        right: right.to_string(),
        importance: Importance::High,
        missing_value_strategy: strategy,
    }
}

/// The base catalogue:
/// - categories CAP {TINH, HUYEN, XA} and KENH {TRUCTIEP, QUAMANG, BCCI};
/// - combo CAP_KENH = [CAP, KENH];
/// - DVC_HOSO (integer, CAP_KENH), DOANHTHU (number, default), CHIPHI (number, default),
///   PCT_A and PCT_B (percentage, default);
/// - constants DANSO = 596049 and HESO = 2.5;
/// - indicators RATE = #{DVC_HOSO.QUAMANG} / #{DVC_HOSO} × 100 (2 decimals),
///   RATE2 = N{RATE} × 2, RATE_XA = N{RATE.XA}, MOM (growth on the previous period),
///   YOY (growth on the same period last year), PER_100 = #{DVC_HOSO} / C{DANSO} × 100,
///   SCALED = #{DOANHTHU} × C{HESO}.
pub fn base_catalog() -> Catalog {
    let mut catalog = Catalog::default();
    for c in [
        category(
            "CAP",
            "Cấp hành chính",
            &[
                ("TINH", "cấp tỉnh"),
                ("HUYEN", "cấp huyện"),
                ("XA", "cấp xã"),
            ],
        ),
        category(
            "KENH",
            "Kênh tiếp nhận",
            &[
                ("TRUCTIEP", "trực tiếp"),
                ("QUAMANG", "qua mạng"),
                ("BCCI", "qua BCCI"),
            ],
        ),
    ] {
        catalog.categories.insert(c.code.clone(), c);
    }
    catalog.category_combos.insert(
        "CAP_KENH".to_string(),
        CategoryCombo {
            code: "CAP_KENH".to_string(),
            name: "Cấp × kênh".to_string(),
            categories: vec!["CAP".to_string(), "KENH".to_string()],
        },
    );
    for de in [
        data_element("DVC_HOSO", ValueType::Integer, Some("CAP_KENH")),
        data_element("DOANHTHU", ValueType::Number, None),
        data_element("CHIPHI", ValueType::Number, None),
        data_element("PCT_A", ValueType::Percentage, None),
        data_element("PCT_B", ValueType::Percentage, None),
    ] {
        catalog.data_elements.insert(de.code.clone(), de);
    }
    for (code, value) in [("DANSO", 596_049.0), ("HESO", 2.5)] {
        catalog.constants.insert(
            code.to_string(),
            Constant {
                code: code.to_string(),
                name: format!("Hằng số {code}"),
                value,
                unit: String::new(),
                year: Some(2021),
                source: None,
            },
        );
    }
    for ind in [
        indicator("RATE", "#{DVC_HOSO.QUAMANG}", Some("#{DVC_HOSO}"), 100.0, 2),
        indicator("RATE2", "N{RATE} * 2", None, 1.0, 2),
        indicator("RATE_XA", "N{RATE.XA}", None, 1.0, 2),
        indicator(
            "MOM",
            "#{DOANHTHU} - prev(#{DOANHTHU})",
            Some("prev(#{DOANHTHU})"),
            100.0,
            2,
        ),
        indicator(
            "YOY",
            "#{DOANHTHU} - last_year(#{DOANHTHU})",
            Some("last_year(#{DOANHTHU})"),
            100.0,
            2,
        ),
        indicator("PER_100", "#{DVC_HOSO}", Some("C{DANSO}"), 100.0, 4),
        indicator("SCALED", "#{DOANHTHU} * C{HESO}", None, 1.0, 2),
    ] {
        catalog.indicators.insert(ind.code.clone(), ind);
    }
    catalog
}

/// The base catalogue compiled.
pub fn compiled() -> CompiledCatalog {
    compile(base_catalog()).expect("the base catalogue compiles")
}

/// The base catalogue with `rules`, compiled.
pub fn compiled_with_rules(rules: Vec<ValidationRule>) -> CompiledCatalog {
    let mut catalog = base_catalog();
    catalog.validation_rules = rules;
    compile(catalog).expect("the catalogue with rules compiles")
}

/// Builds a [`DataTable`] with option codes in any order, checked against the catalogue.
pub struct Table<'a> {
    compiled: &'a CompiledCatalog,
    /// The table.
    pub table: DataTable,
}

impl<'a> Table<'a> {
    /// An empty table over `compiled`.
    pub fn new(compiled: &'a CompiledCatalog) -> Self {
        Table {
            compiled,
            table: DataTable::new(),
        }
    }

    /// Stores a figure of a data element typed with `decimals` decimals.
    pub fn put_typed(
        &mut self,
        de: &str,
        options: &[&str],
        period_id: &str,
        value: f64,
        decimals: u32,
    ) -> &mut Self {
        let element = &self.compiled.catalog.data_elements[de];
        let coc = self.compiled.catalog.selection(element, options).unwrap();
        self.table
            .insert(de, coc, period(period_id), Figure { value, decimals });
        self
    }

    /// Stores a whole figure of a data element.
    pub fn put(&mut self, de: &str, options: &[&str], period_id: &str, value: f64) -> &mut Self {
        self.put_typed(de, options, period_id, value, 0)
    }

    /// Stores an indicator value as stated, typed with `decimals` decimals.
    pub fn state(
        &mut self,
        indicator: &str,
        options: &[&str],
        period_id: &str,
        value: f64,
        decimals: u32,
    ) -> &mut Self {
        let coc = baocao_core::coc::CategoryOptionCombo::new(
            options.iter().map(|o| o.to_string()).collect(),
        );
        self.table.insert_stated_indicator(
            indicator,
            coc,
            period(period_id),
            Figure { value, decimals },
        );
        self
    }
}

/// A document of the register; `date` is `YYYY-MM-DD`.
pub fn document(symbol: &str, role: DocumentRole, period_id: &str, date: Option<&str>) -> Document {
    let symbol = NumberSymbol::parse(symbol).unwrap();
    // The engine has no chrono dependency: reach the day from the month's first day.
    let date = date.map(|text| {
        let parts: Vec<u32> = text.split('-').map(|p| p.parse().unwrap()).collect();
        let mut day = Period::month(parts[0] as i32, parts[1])
            .unwrap()
            .calendar_window()
            .start;
        for _ in 1..parts[2] {
            day = day.succ_opt().unwrap();
        }
        day
    });
    Document {
        id: symbol.to_string(),
        doc_type: DocumentType::QuyetDinh,
        symbol: Some(symbol),
        date,
        issuer: "UBND tỉnh Ninh Thuận".to_string(),
        abstract_text: "về việc thử".to_string(),
        field: Field::Cntt,
        role,
        period: Some(period(period_id)),
    }
}

/// Approximate equality for computed values.
#[track_caller]
pub fn assert_close(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!(
            (a - e).abs() <= 1e-9 * e.abs().max(1.0),
            "{what}: expected {e}, got {a}"
        ),
        _ => assert_eq!(actual, expected, "{what}"),
    }
}
