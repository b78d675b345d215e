//! Aggregation over months and org units, with values computed by hand.

use baocao_core::catalog::{AggregationType, PeriodScope, ValueType};
use baocao_core::coc::CategoryOptionCombo;
use baocao_engine::aggregate::{Source, TimeRule, aggregate};
use baocao_engine::{CompiledCatalog, DataTable, Evaluator, compile};

use crate::helpers::{Table, assert_close, base_catalog, data_element, period};

/// The base catalogue with THUEBAO (last value), TOCDO (average, a number), LUYKE (a sum
/// whose figures are year to date) and TICHLUY (cumulative, average).
fn catalog() -> CompiledCatalog {
    let mut catalog = base_catalog();
    let mut add = |code: &str, value_type, aggregation, scope| {
        let mut de = data_element(code, value_type, None);
        de.aggregation = aggregation;
        de.period_scope = scope;
        catalog.data_elements.insert(code.to_string(), de);
    };
    add(
        "THUEBAO",
        ValueType::Integer,
        AggregationType::Last,
        PeriodScope::Period,
    );
    add(
        "TOCDO",
        ValueType::Number,
        AggregationType::Average,
        PeriodScope::Period,
    );
    add(
        "LUYKE",
        ValueType::Integer,
        AggregationType::Sum,
        PeriodScope::YearToDate,
    );
    add(
        "TICHLUY",
        ValueType::Number,
        AggregationType::Average,
        PeriodScope::Cumulative,
    );
    compile(catalog).expect("the catalogue compiles")
}

fn value(
    compiled: &CompiledCatalog,
    table: &DataTable,
    de: &str,
    options: &[&str],
    p: &str,
) -> Option<f64> {
    Evaluator::new(compiled, table).data_element(de, options, period(p))
}

fn one(table: &DataTable) -> [Source<'_>; 1] {
    [Source::new("58", table)]
}

#[test]
fn months_combine_by_aggregation_type() {
    let c = catalog();
    let mut t = Table::new(&c);
    // May has no figure for DOANHTHU (sum) and none in June for THUEBAO (last).
    t.put_typed("DOANHTHU", &[], "2023-04", 1.5, 1)
        .put_typed("DOANHTHU", &[], "2023-06", 2.25, 2)
        .put("THUEBAO", &[], "2023-04", 100.0)
        .put("THUEBAO", &[], "2023-05", 110.0)
        .put_typed("TOCDO", &[], "2023-04", 10.0, 1)
        .put_typed("TOCDO", &[], "2023-05", 20.0, 1)
        .put_typed("TOCDO", &[], "2023-06", 40.0, 1)
        .put("LUYKE", &[], "2023-04", 400.0)
        .put("LUYKE", &[], "2023-05", 500.0)
        .put("LUYKE", &[], "2023-06", 600.0)
        .put("LUYKE", &[], "2023-03", 300.0);
    let q2 = aggregate(&c, &one(&t.table), period("2023Q2"));
    let v = |de: &str| value(&c, &q2.table, de, &[], "2023Q2");
    assert_close(v("DOANHTHU"), Some(3.75), "sum of April and June");
    assert_close(v("THUEBAO"), Some(110.0), "the latest month with a value");
    assert_close(v("TOCDO"), Some(70.0 / 3.0), "the mean of the three months");
    assert_close(v("LUYKE"), Some(600.0), "year to date: June's, not 1 500");

    let sum = q2.coverage_of("DOANHTHU").unwrap();
    assert_eq!(sum.rule, TimeRule::Sum);
    assert_eq!(sum.months_present, [period("2023-04"), period("2023-06")]);
    assert_eq!(sum.months_missing(), [period("2023-05")]);
    assert_eq!(sum.notes_vi(), ["số liệu 2/3 tháng, thiếu tháng 5/2023"]);
    assert_eq!(
        q2.coverage_of("THUEBAO").unwrap().notes_vi(),
        ["số liệu 2/3 tháng, thiếu tháng 6/2023; giá trị cuối kỳ là của tháng 5/2023"]
    );
    assert!(q2.coverage_of("TOCDO").unwrap().is_complete());
    assert_eq!(q2.coverage_of("LUYKE").unwrap().rule, TimeRule::Last);
    assert_eq!(q2.coverage_of("PCT_A"), None, "no figure, no entry");
    // The decimals printed are the most the element was typed with.
    let figure = q2
        .table
        .stored("DOANHTHU", &CategoryOptionCombo::total(), period("2023Q2"))
        .unwrap();
    assert_eq!(figure.decimals, 2);

    // The first half-year: March is the only month of Q1 with a figure.
    let s1 = aggregate(&c, &one(&t.table), period("2023S1"));
    assert_close(
        value(&c, &s1.table, "LUYKE", &[], "2023S1"),
        Some(600.0),
        "S1 LUYKE",
    );
    assert_eq!(
        s1.coverage_of("LUYKE").unwrap().months_present.len(),
        4,
        "March to June"
    );
}

#[test]
fn totals_and_rates_are_recomputed_from_aggregated_parts() {
    let c = catalog();
    let mut t = Table::new(&c);
    for (month, online, direct, stated_total, stated_rate) in [
        ("2023-04", 10.0, 30.0, 40.0, 25.0),
        ("2023-05", 20.0, 20.0, 41.0, 50.0),
        ("2023-06", 30.0, 10.0, 40.0, 75.0),
    ] {
        t.put("DVC_HOSO", &["TINH", "QUAMANG"], month, online)
            .put("DVC_HOSO", &["TINH", "TRUCTIEP"], month, direct)
            .put("DVC_HOSO", &[], month, stated_total)
            .state("RATE", &[], month, stated_rate, 2);
    }
    let q2 = aggregate(&c, &one(&t.table), period("2023Q2"));
    let q = period("2023Q2");
    let evaluator = Evaluator::new(&c, &q2.table);
    assert_close(
        evaluator.data_element("DVC_HOSO", &[], q),
        Some(120.0),
        "the parts' sum (the stated 41 of May is not added)",
    );
    assert_close(
        evaluator.data_element("DVC_HOSO", &["QUAMANG"], q),
        Some(60.0),
        "online",
    );
    assert_close(
        evaluator.indicator("RATE", &[], q),
        Some(50.0),
        "60 ÷ 120 × 100, not the mean of the stated rates",
    );
    // Only the finest cells are kept: no stated total, no stated rate.
    let total = CategoryOptionCombo::total();
    assert_eq!(q2.table.stored("DVC_HOSO", &total, q), None);
    assert_eq!(q2.table.stated_indicator("RATE", &total, q), None);
    assert!(q2.coverage_of("DVC_HOSO").unwrap().is_complete());
}

#[test]
fn a_month_with_only_a_total_drops_the_breakdown() {
    let c = catalog();
    let mut t = Table::new(&c);
    t.put("DVC_HOSO", &["TINH", "QUAMANG"], "2023-04", 10.0)
        .put("DVC_HOSO", &["TINH", "TRUCTIEP"], "2023-04", 30.0)
        .put("DVC_HOSO", &[], "2023-05", 50.0)
        .put("DVC_HOSO", &["TINH", "QUAMANG"], "2023-06", 5.0);
    let q2 = aggregate(&c, &one(&t.table), period("2023Q2"));
    let evaluator = Evaluator::new(&c, &q2.table);
    let q = period("2023Q2");
    assert_close(
        evaluator.data_element("DVC_HOSO", &[], q),
        Some(95.0),
        "40 + 50 + 5",
    );
    assert_eq!(
        evaluator.data_element("DVC_HOSO", &["QUAMANG"], q),
        None,
        "a breakdown missing May would be wrong"
    );
    let coverage = q2.coverage_of("DVC_HOSO").unwrap();
    assert_eq!(coverage.breakdowns_dropped, [CategoryOptionCombo::total()]);
    assert_eq!(
        coverage.notes_vi(),
        ["không có phân tổ của tổng cho cả kỳ: có tháng chỉ khai tổng"]
    );
}

#[test]
fn units_add_up_or_average_as_dhis2() {
    let c = catalog();
    let mut a = Table::new(&c);
    let mut b = Table::new(&c);
    a.put("DOANHTHU", &[], "2023-04", 1.0)
        .put("DOANHTHU", &[], "2023-05", 2.0)
        .put("THUEBAO", &[], "2023-04", 100.0)
        .put("THUEBAO", &[], "2023-06", 120.0)
        .put("TOCDO", &[], "2023-04", 10.0)
        .put("TOCDO", &[], "2023-05", 20.0)
        .put("TICHLUY", &[], "2023-05", 7.0)
        .put("TICHLUY", &[], "2023-06", 9.0);
    b.put("DOANHTHU", &[], "2023-06", 4.0)
        .put("THUEBAO", &[], "2023-05", 50.0)
        .put("TOCDO", &[], "2023-06", 60.0)
        .put("TICHLUY", &[], "2023-04", 3.0);
    let sources = [
        Source::new("22738", &a.table),
        Source::new("22741", &b.table),
    ];
    let q2 = aggregate(&c, &sources, period("2023Q2"));
    let v = |de: &str| value(&c, &q2.table, de, &[], "2023Q2");
    assert_close(v("DOANHTHU"), Some(7.0), "1 + 2 + 4");
    assert_close(v("THUEBAO"), Some(170.0), "each unit's latest: 120 + 50");
    assert_close(v("TOCDO"), Some(30.0), "the mean of 10, 20 and 60");
    assert_close(
        v("TICHLUY"),
        Some(6.0),
        "cumulative: the units' latest, averaged: (9 + 3) ÷ 2",
    );
    let coverage = q2.coverage_of("DOANHTHU").unwrap();
    assert_eq!(coverage.units_present, ["22738", "22741"]);
    assert!(
        coverage.is_complete(),
        "each month has a unit with a figure"
    );

    // One month over the two units.
    let april = aggregate(&c, &sources, period("2023-04"));
    assert_close(
        value(&c, &april.table, "TOCDO", &[], "2023-04"),
        Some(10.0),
        "only unit a",
    );
    assert_close(
        value(&c, &april.table, "TICHLUY", &[], "2023-04"),
        Some(3.0),
        "only unit b",
    );
}

#[test]
fn a_unit_that_ceased_does_not_count_for_last_values() {
    let c = catalog();
    let mut old = Table::new(&c);
    let mut new = Table::new(&c);
    old.put("THUEBAO", &[], "2025-06", 100.0)
        .put("DOANHTHU", &[], "2025-06", 1.0);
    new.put("THUEBAO", &[], "2025-07", 120.0)
        .put("DOANHTHU", &[], "2025-07", 2.0);
    let mut merged = Source::new("22738", &old.table);
    merged.at_end = false;
    let successor = Source::new("22738:2025-07-01", &new.table);
    let year = aggregate(&c, &[merged, successor], period("2025"));
    let v = |de: &str| value(&c, &year.table, de, &[], "2025");
    assert_close(v("THUEBAO"), Some(120.0), "the successor's stock, not 220");
    assert_close(v("DOANHTHU"), Some(3.0), "flows of both");
    // Without a figure of a unit existing at the end, the last one known.
    let only_old = aggregate(&c, &[merged], period("2025"));
    assert_close(
        value(&c, &only_old.table, "THUEBAO", &[], "2025"),
        Some(100.0),
        "June's",
    );
}

#[test]
fn figures_typed_for_the_period_are_taken_as_typed() {
    let c = catalog();
    let mut t = Table::new(&c);
    t.put("DOANHTHU", &[], "2023Q2", 100.0)
        .put("DOANHTHU", &[], "2023-04", 1.0)
        .put("DVC_HOSO", &["TINH", "QUAMANG"], "2023Q2", 3.0)
        .put("DVC_HOSO", &[], "2023Q2", 5.0)
        .state("RATE", &[], "2023Q2", 60.0, 2)
        .put("THUEBAO", &[], "2023-04", 9.0);
    let q = period("2023Q2");
    let q2 = aggregate(&c, &one(&t.table), q);
    let total = CategoryOptionCombo::total();
    assert_close(
        value(&c, &q2.table, "DOANHTHU", &[], "2023Q2"),
        Some(100.0),
        "typed for the quarter: April is not added",
    );
    assert_eq!(
        q2.table.stored("DVC_HOSO", &total, q).map(|f| f.value),
        Some(5.0),
        "one unit's stated total is kept to be validated"
    );
    assert_eq!(
        q2.table
            .stated_indicator("RATE", &total, q)
            .map(|f| f.value),
        Some(60.0)
    );
    let coverage = q2.coverage_of("DOANHTHU").unwrap();
    assert_eq!(coverage.typed_for_period, ["58"]);
    assert!(coverage.is_complete());
    assert_eq!(
        q2.coverage_of("THUEBAO").unwrap().typed_for_period,
        Vec::<String>::new()
    );
}

#[test]
fn one_unit_one_month_is_the_month_as_stored() {
    let c = catalog();
    let mut t = Table::new(&c);
    t.put("DVC_HOSO", &["TINH", "QUAMANG"], "2023-04", 3.0)
        .put("DVC_HOSO", &[], "2023-04", 7.0)
        .state("RATE", &["TINH"], "2023-04", 42.0, 1)
        .put("DOANHTHU", &[], "2023-03", 1.0);
    let april = period("2023-04");
    let a = aggregate(&c, &one(&t.table), april);
    assert_eq!(
        format!("{:?}", a.table.data_elements_in(april)),
        format!("{:?}", t.table.data_elements_in(april))
    );
    assert_eq!(
        a.table.stated_indicators_in(april),
        t.table.stated_indicators_in(april)
    );
    assert!(a.table.data_elements_in(period("2023-03")).is_empty());
}
