//! Indicators, functions, constants and period offsets.

use baocao_engine::expr::parse;
use baocao_engine::{Evaluator, Missing, compile};

use crate::helpers::{Table, assert_close, base_catalog, compiled, indicator, period};

fn options(list: &[&str]) -> Vec<String> {
    list.iter().map(|o| o.to_string()).collect()
}

/// XA: 75 of 100 online; TINH: 100 of 400 online; HUYEN: 0 of 0.
fn rate_table(compiled: &baocao_engine::CompiledCatalog) -> Table<'_> {
    let mut table = Table::new(compiled);
    table
        .put("DVC_HOSO", &["XA", "QUAMANG"], "2023-04", 75.0)
        .put("DVC_HOSO", &["XA", "TRUCTIEP"], "2023-04", 25.0)
        .put("DVC_HOSO", &["TINH", "QUAMANG"], "2023-04", 100.0)
        .put("DVC_HOSO", &["TINH", "TRUCTIEP"], "2023-04", 300.0)
        .put("DVC_HOSO", &["HUYEN", "QUAMANG"], "2023-04", 0.0)
        .put("DVC_HOSO", &["HUYEN", "TRUCTIEP"], "2023-04", 0.0);
    table
}

#[test]
fn options_are_pushed_down_into_the_references() {
    let compiled = compiled();
    let table = rate_table(&compiled);
    let evaluator = Evaluator::new(&compiled, &table.table);
    let p = period("2023-04");
    let cases: &[(&str, &[&str], Option<f64>)] = &[
        // 175 / 500 × 100
        ("RATE", &[], Some(35.0)),
        // #{DVC_HOSO.XA.QUAMANG} / #{DVC_HOSO.XA} × 100 = 75 / 100 × 100
        ("RATE", &["XA"], Some(75.0)),
        ("RATE", &["TINH"], Some(25.0)),
        // 0 / 0: division by zero is missing
        ("RATE", &["HUYEN"], None),
        // An indicator of an indicator, with the options passed on.
        ("RATE2", &[], Some(70.0)),
        ("RATE2", &["XA"], Some(150.0)),
        ("RATE2", &["TINH"], Some(50.0)),
        ("RATE2", &["HUYEN"], None),
        // N{RATE.XA} fixes the option inside the formula.
        ("RATE_XA", &[], Some(75.0)),
        // Unknown indicator.
        ("KHONG_CO", &[], None),
    ];
    for (code, opts, expected) in cases {
        assert_close(
            evaluator.indicator(code, &options(opts), p),
            *expected,
            &format!("{code} {opts:?}"),
        );
    }
    // The same through a formula.
    let expr = parse("N{RATE.XA} - N{RATE.TINH}").unwrap();
    assert_close(
        evaluator.eval(&expr, p, Missing::Propagate).value,
        Some(50.0),
        "N{RATE.XA} - N{RATE.TINH}",
    );
}

#[test]
fn a_missing_reference_makes_the_indicator_missing() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table.put("DVC_HOSO", &["XA", "TRUCTIEP"], "2023-04", 25.0);
    let evaluator = Evaluator::new(&compiled, &table.table);
    // The numerator XA.QUAMANG is not stored and has no parts.
    assert_eq!(
        evaluator.indicator("RATE", &options(&["XA"]), period("2023-04")),
        None
    );
    // #{DVC_HOSO.QUAMANG} has no figure at or below it, so the total rate is missing too.
    assert_eq!(evaluator.indicator("RATE", &[], period("2023-04")), None);
    assert_eq!(evaluator.indicator("RATE", &[], period("2023-05")), None);
}

#[test]
fn division_by_zero_is_missing() {
    let compiled = compiled();
    let table = Table::new(&compiled);
    let evaluator = Evaluator::new(&compiled, &table.table);
    let p = period("2023-04");
    for formula in ["1 / 0", "5 / (2 - 2)", "0 / 0", "-3 / 0 + 1"] {
        let expr = parse(formula).unwrap();
        let outcome = evaluator.eval(&expr, p, Missing::Propagate);
        assert_eq!(outcome.value, None, "{formula}");
    }
}

#[test]
fn prev_and_last_year_read_the_right_periods() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    for (id, value) in [
        ("2023-04", 120.0),
        ("2023-03", 100.0),
        ("2023-02", 90.0),
        ("2022-04", 80.0),
        ("2023-01", 50.0),
        ("2022-12", 40.0),
        ("2022-01", 25.0),
        ("2021-12", 10.0),
    ] {
        table.put_typed("DOANHTHU", &[], id, value, 0);
    }
    let evaluator = Evaluator::new(&compiled, &table.table);
    let cases: &[(&str, &str, Option<f64>)] = &[
        ("2023-04", "#{DOANHTHU}", Some(120.0)),
        ("2023-04", "prev(#{DOANHTHU})", Some(100.0)),
        ("2023-04", "last_year(#{DOANHTHU})", Some(80.0)),
        ("2023-04", "prev(prev(#{DOANHTHU}))", Some(90.0)),
        ("2023-04", "#{DOANHTHU} - prev(#{DOANHTHU})", Some(20.0)),
        ("2023-01", "prev(#{DOANHTHU})", Some(40.0)),
        ("2023-01", "last_year(#{DOANHTHU})", Some(25.0)),
        ("2023-01", "last_year(prev(#{DOANHTHU}))", Some(10.0)),
        ("2023-01", "prev(last_year(#{DOANHTHU}))", Some(10.0)),
        // 2022-03 is not stored.
        ("2023-03", "last_year(#{DOANHTHU})", None),
    ];
    for (id, formula, expected) in cases {
        let expr = parse(formula).unwrap();
        assert_close(
            evaluator.eval(&expr, period(id), Missing::Propagate).value,
            *expected,
            &format!("{formula} at {id}"),
        );
    }
    // MOM = (x − prev x) / prev x × 100; YOY likewise on last year.
    let none: Vec<String> = Vec::new();
    assert_close(
        evaluator.indicator("MOM", &none, period("2023-04")),
        Some(20.0),
        "MOM 2023-04",
    );
    assert_close(
        evaluator.indicator("YOY", &none, period("2023-04")),
        Some(50.0),
        "YOY 2023-04",
    );
    assert_close(
        evaluator.indicator("MOM", &none, period("2023-01")),
        Some(25.0),
        "MOM 2023-01",
    );
    assert_close(
        evaluator.indicator("YOY", &none, period("2023-01")),
        Some(100.0),
        "YOY 2023-01",
    );
    assert_eq!(evaluator.indicator("MOM", &none, period("2022-04")), None);
}

#[test]
fn functions_and_arithmetic() {
    let compiled = compiled();
    let table = Table::new(&compiled);
    let evaluator = Evaluator::new(&compiled, &table.table);
    let p = period("2023-04");
    let cases: &[(&str, Option<f64>)] = &[
        ("round(70.955, 2)", Some(70.96)),
        ("round(-70.955, 2)", Some(-70.96)),
        ("round(-2.5, 0)", Some(-3.0)),
        ("round(2.5, 0)", Some(3.0)),
        ("round(0.125, 2)", Some(0.13)),
        ("round(1.005, 2)", Some(1.01)),
        ("round(4.9996, 0)", Some(5.0)),
        ("round(68.0449, 2)", Some(68.04)),
        ("round(1234.5, 0)", Some(1235.0)),
        ("sqrt(16)", Some(4.0)),
        ("sqrt(2) * sqrt(2)", Some(2.0)),
        ("sqrt(0 - 1)", None),
        ("pi()", Some(std::f64::consts::PI)),
        ("round(pi() * 100, 0)", Some(314.0)),
        ("min(3, -2)", Some(-2.0)),
        ("max(3, -2)", Some(3.0)),
        ("min(2.5, 2.5)", Some(2.5)),
        ("abs(-4.5)", Some(4.5)),
        ("2 + 3 * 4", Some(14.0)),
        ("(2 + 3) * 4", Some(20.0)),
        ("-(2 - 5)", Some(3.0)),
        ("7 / 2", Some(3.5)),
        ("10 - 4 - 3", Some(3.0)),
        ("16 / 4 / 2", Some(2.0)),
        ("C{DANSO}", Some(596_049.0)),
        ("C{HESO} * 4", Some(10.0)),
        ("max(C{HESO}, 1)", Some(2.5)),
    ];
    for (formula, expected) in cases {
        let expr = parse(formula).unwrap();
        assert_close(
            evaluator.eval(&expr, p, Missing::Propagate).value,
            *expected,
            formula,
        );
    }
}

#[test]
fn constants_in_indicators() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table
        .put("DVC_HOSO", &["XA"], "2023-04", 596_049.0)
        .put("DVC_HOSO", &["TINH"], "2023-04", 596_049.0)
        .put_typed("DOANHTHU", &[], "2023-04", 12.4, 1);
    let evaluator = Evaluator::new(&compiled, &table.table);
    let none: Vec<String> = Vec::new();
    assert_close(
        evaluator.indicator("PER_100", &none, period("2023-04")),
        Some(200.0),
        "PER_100",
    );
    assert_close(
        evaluator.indicator("PER_100", &options(&["XA"]), period("2023-04")),
        Some(100.0),
        "PER_100 XA",
    );
    assert_close(
        evaluator.indicator("SCALED", &none, period("2023-04")),
        Some(31.0),
        "SCALED",
    );
}

#[test]
fn missing_as_zero_counts_present_and_missing_references() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table.put_typed("DOANHTHU", &[], "2023-04", 7.0, 0);
    let evaluator = Evaluator::new(&compiled, &table.table);
    let expr = parse("#{DOANHTHU} + #{CHIPHI} + C{HESO}").unwrap();
    let p = period("2023-04");
    let propagate = evaluator.eval(&expr, p, Missing::Propagate);
    assert_eq!(propagate.value, None);
    assert_eq!((propagate.present, propagate.missing), (2, 1));
    let zero = evaluator.eval(&expr, p, Missing::AsZero);
    assert_eq!(zero.value, Some(9.5));
    assert_eq!((zero.present, zero.missing), (2, 1));
}

#[test]
fn an_indicator_without_denominator_uses_one_and_its_factor() {
    let mut catalog = base_catalog();
    let ind = indicator("X10", "#{DOANHTHU} + 1", None, 10.0, 0);
    catalog.indicators.insert(ind.code.clone(), ind);
    let compiled = compile(catalog).unwrap();
    let mut table = Table::new(&compiled);
    table.put_typed("DOANHTHU", &[], "2023-04", 4.0, 0);
    let evaluator = Evaluator::new(&compiled, &table.table);
    assert_eq!(
        evaluator.indicator("X10", &[], period("2023-04")),
        Some(50.0)
    );
}

#[test]
fn round_half_away_from_zero_on_the_decimal_digits() {
    use baocao_engine::eval::round_half_away;
    let cases: &[(f64, i32, f64)] = &[
        (70.955, 2, 70.96),
        (-70.955, 2, -70.96),
        (-2.5, 0, -3.0),
        (2.5, 0, 3.0),
        (2.4999, 0, 2.0),
        (0.125, 2, 0.13),
        (1.005, 2, 1.01),
        (68.04, 2, 68.04),
        (4.9996, 0, 5.0),
        (4.9996, 3, 5.0),
        (-0.0004, 3, 0.0),
        (1_234_567.891, 2, 1_234_567.89),
    ];
    for (x, decimals, expected) in cases {
        let got = round_half_away(*x, *decimals);
        assert!(
            (got - expected).abs() < 1e-9,
            "round_half_away({x}, {decimals}) = {got}, expected {expected}"
        );
    }
}

#[test]
fn breakdowns_that_do_not_fit_an_indicator_are_refused() {
    let compiled = compiled();
    let ok = |code: &str, opts: &[&str]| compiled.check_indicator_options(code, &options(opts));
    assert_eq!(ok("RATE", &["XA"]), Ok(()));
    assert_eq!(ok("RATE", &[]), Ok(()));
    assert_eq!(ok("RATE2", &["TINH"]), Ok(()), "passed on to RATE");
    // The numerator already selects QUAMANG: TRUCTIEP would divide online by in-person.
    let err = ok("RATE", &["TRUCTIEP"]).unwrap_err();
    assert!(err.contains("#{DVC_HOSO.QUAMANG}"), "{err}");
    assert!(err.contains("KENH"), "{err}");
    // DOANHTHU has no breakdown by level.
    assert!(ok("SCALED", &["XA"]).unwrap_err().contains("DOANHTHU"));
    // A breakdown through a constant alone means nothing.
    assert!(ok("NOPE", &["XA"]).unwrap_err().contains("no indicator"));
}

#[test]
fn ytd_sums_every_month_and_is_missing_when_one_is() {
    let compiled = compile({
        let mut c = base_catalog();
        c.indicators.insert(
            "DT_LUYKE".into(),
            indicator("DT_LUYKE", "ytd(#{DOANHTHU})", None, 1.0, 1),
        );
        c
    })
    .expect("compiles");
    let mut table = Table::new(&compiled);
    table
        .put("DOANHTHU", &[], "2023-01", 1.5)
        .put("DOANHTHU", &[], "2023-02", 2.0)
        .put("DOANHTHU", &[], "2023-03", 3.0);
    let evaluator = Evaluator::new(&compiled, &table.table);
    assert_close(
        evaluator.indicator("DT_LUYKE", &[], period("2023-03")),
        Some(6.5),
        "January to March",
    );
    assert_close(
        evaluator.indicator("DT_LUYKE", &[], period("2023Q1")),
        Some(6.5),
        "a quarter sums its months",
    );
    assert_close(
        evaluator.indicator("DT_LUYKE", &[], period("2023-04")),
        None,
        "April is missing: no silent partial sum",
    );
    let expr = parse("ytd(#{DOANHTHU})").expect("parses");
    let outcome = evaluator.eval(&expr, period("2023-02"), Missing::Propagate);
    assert_close(outcome.value, Some(3.5), "January and February");
}

#[test]
fn ytd_of_an_element_already_counted_from_january_is_refused() {
    let mut catalog = base_catalog();
    catalog
        .data_elements
        .get_mut("DOANHTHU")
        .expect("in the base catalogue")
        .period_scope = baocao_core::catalog::PeriodScope::YearToDate;
    catalog.indicators.insert(
        "DT_LUYKE".into(),
        indicator("DT_LUYKE", "ytd(#{DOANHTHU})", None, 1.0, 1),
    );
    let problems = compile(catalog).expect_err("refused");
    assert!(
        problems
            .iter()
            .any(|p| p.item == "indicator DT_LUYKE" && p.message.contains("without ytd()")),
        "{problems:?}"
    );
}
