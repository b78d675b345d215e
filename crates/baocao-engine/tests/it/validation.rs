//! Validation: generated rules, catalogue rules with every operator and missing-value
//! strategy, the document-date rule, counts and importance.

use baocao_core::catalog::{Importance, MissingValueStrategy, Operator};
use baocao_core::register::DocumentRole;
use baocao_engine::validate::generated_rules;
use baocao_engine::{CompiledCatalog, ValidationReport, Violation, validate};

use crate::helpers::{Table, compiled, compiled_with_rules, document, period, rule};

fn run(compiled: &CompiledCatalog, table: &Table<'_>) -> ValidationReport {
    validate(compiled, &table.table, period("2023-04"), &[])
}

fn codes(report: &ValidationReport) -> Vec<&str> {
    report
        .violations
        .iter()
        .map(|v| v.rule_code.as_str())
        .collect()
}

fn only<'r>(report: &'r ValidationReport, prefix: &str) -> Vec<&'r Violation> {
    report
        .violations
        .iter()
        .filter(|v| v.rule_code.starts_with(prefix))
        .collect()
}

#[test]
fn a_stated_total_that_disagrees_with_its_parts() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table
        .put("DVC_HOSO", &["TINH", "TRUCTIEP"], "2023-04", 15_000.0)
        .put("DVC_HOSO", &["XA", "QUAMANG"], "2023-04", 7_155.0)
        .put("DVC_HOSO", &[], "2023-04", 22_115.0);
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["TONG:DVC_HOSO"], "{report:#?}");
    let v = &report.violations[0];
    assert_eq!(v.importance, Importance::High);
    assert_eq!(v.operator, Operator::Equal);
    assert_eq!(v.period, period("2023-04"));
    assert_eq!(v.left.expression, "S{DVC_HOSO}");
    assert_eq!(v.left.value, Some(22_115.0));
    assert_eq!(v.left.display, "22.115");
    assert_eq!(
        v.right.expression,
        "#{DVC_HOSO.TINH} + #{DVC_HOSO.HUYEN} + #{DVC_HOSO.XA}"
    );
    assert_eq!(v.right.value, Some(22_155.0));
    assert_eq!(v.right.display, "22.155");
    assert_eq!(
        v.rule_name,
        "Chỉ tiêu DVC_HOSO: tổng đã khai bằng tổng các thành phần theo cấp hành chính"
    );
    // Three non-negative checks (one per stored cell) and one total check.
    assert_eq!((report.rules_evaluated, report.rules_skipped), (4, 0));
    assert!(report.has_high());
}

#[test]
fn a_stated_total_that_agrees_gives_nothing() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table
        .put("DVC_HOSO", &["TINH", "TRUCTIEP"], "2023-04", 15_000.0)
        .put("DVC_HOSO", &["XA", "QUAMANG"], "2023-04", 7_155.0)
        .put("DVC_HOSO", &[], "2023-04", 22_155.0);
    let report = run(&compiled, &table);
    assert!(report.violations.is_empty(), "{report:#?}");
    assert_eq!((report.rules_evaluated, report.rules_skipped), (4, 0));
    assert!(!report.has_high());
}

#[test]
fn a_stated_subtotal_against_its_leaves() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table
        .put("DVC_HOSO", &["XA", "TRUCTIEP"], "2023-04", 10.0)
        .put("DVC_HOSO", &["XA", "QUAMANG"], "2023-04", 20.0)
        .put("DVC_HOSO", &["XA"], "2023-04", 1_099.0);
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["TONG:DVC_HOSO.XA"]);
    let v = &report.violations[0];
    assert_eq!(v.left.expression, "S{DVC_HOSO.XA}");
    assert_eq!(v.left.display, "1.099");
    assert_eq!(
        v.right.expression,
        "#{DVC_HOSO.XA.TRUCTIEP} + #{DVC_HOSO.XA.QUAMANG} + #{DVC_HOSO.XA.BCCI}"
    );
    assert_eq!(v.right.value, Some(30.0));
    assert_eq!(v.right.display, "30");
    assert!(
        v.rule_name.starts_with("Chỉ tiêu DVC_HOSO (cấp xã): "),
        "{}",
        v.rule_name
    );
    assert!(
        v.rule_name.ends_with("theo kênh tiếp nhận"),
        "{}",
        v.rule_name
    );
}

#[test]
fn a_stated_total_against_subtotals_of_the_second_category() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table
        .put("DVC_HOSO", &["TRUCTIEP"], "2023-04", 40.0)
        .put("DVC_HOSO", &[], "2023-04", 50.0);
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["TONG:DVC_HOSO"]);
    let v = &report.violations[0];
    assert_eq!(
        v.right.expression,
        "#{DVC_HOSO.TRUCTIEP} + #{DVC_HOSO.QUAMANG} + #{DVC_HOSO.BCCI}"
    );
    assert_eq!((v.left.value, v.right.value), (Some(50.0), Some(40.0)));
}

#[test]
fn generated_rules_for_a_period() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table
        .put("DVC_HOSO", &["XA", "TRUCTIEP"], "2023-04", 10.0)
        .put("DVC_HOSO", &["XA"], "2023-04", 10.0)
        .put("DVC_HOSO", &[], "2023-04", 10.0)
        .put_typed("PCT_A", &[], "2023-04", -5.0, 0)
        .put("DVC_HOSO", &["TINH"], "2023-03", 10.0)
        .state("RATE", &["XA"], "2023-04", 0.0, 0);
    let mut rules: Vec<String> = generated_rules(&compiled, &table.table, period("2023-04"))
        .into_iter()
        .map(|r| {
            format!(
                "{} | {} {} {} | {:?}",
                r.rule.code,
                r.rule.left,
                r.rule.operator.symbol(),
                r.rule.right,
                r.rule.missing_value_strategy
            )
        })
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        vec![
            "KHONG_AM:DVC_HOSO | S{DVC_HOSO} >= 0 | SkipIfAnyValueMissing",
            "KHONG_AM:DVC_HOSO.XA | S{DVC_HOSO.XA} >= 0 | SkipIfAnyValueMissing",
            "KHONG_AM:DVC_HOSO.XA.TRUCTIEP | S{DVC_HOSO.XA.TRUCTIEP} >= 0 | SkipIfAnyValueMissing",
            "TONG:DVC_HOSO | S{DVC_HOSO} == #{DVC_HOSO.TINH} + #{DVC_HOSO.HUYEN} + #{DVC_HOSO.XA} | NeverSkip",
            "TONG:DVC_HOSO.XA | S{DVC_HOSO.XA} == #{DVC_HOSO.XA.TRUCTIEP} + #{DVC_HOSO.XA.QUAMANG} + #{DVC_HOSO.XA.BCCI} | NeverSkip",
            "TYLE:RATE.XA | S{RATE.XA} == round(N{RATE.XA}, 0) | SkipIfAnyValueMissing",
        ]
    );
}

/// XA: 6 804 of 10 000 online = 68,04 %; HUYEN: 49 996 of 1 000 000 = 4,9996 %.
fn stated_rate_table(compiled: &CompiledCatalog, stated_xa: f64, decimals: u32) -> Table<'_> {
    let mut table = Table::new(compiled);
    table
        .put("DVC_HOSO", &["XA", "QUAMANG"], "2023-04", 6_804.0)
        .put("DVC_HOSO", &["XA", "TRUCTIEP"], "2023-04", 3_196.0)
        .put("DVC_HOSO", &["HUYEN", "QUAMANG"], "2023-04", 49_996.0)
        .put("DVC_HOSO", &["HUYEN", "TRUCTIEP"], "2023-04", 950_004.0)
        .state("RATE", &["XA"], "2023-04", stated_xa, decimals);
    table
}

#[test]
fn a_stated_rate_is_compared_at_its_typed_precision() {
    let compiled = compiled();
    // "68,16" against 68,04.
    let table = stated_rate_table(&compiled, 68.16, 2);
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["TYLE:RATE.XA"], "{report:#?}");
    let v = &report.violations[0];
    assert_eq!(v.importance, Importance::High);
    assert_eq!(v.left.expression, "S{RATE.XA}");
    assert_eq!(v.left.value, Some(68.16));
    assert_eq!(v.left.display, "68,16");
    assert_eq!(v.right.expression, "round(N{RATE.XA}, 2)");
    assert_eq!(v.right.value, Some(68.04));
    assert_eq!(v.right.display, "68,04");
    assert_eq!(
        v.rule_name,
        "Chỉ số RATE (cấp xã): giá trị đã khai bằng giá trị tính lại"
    );

    // "68,04" agrees.
    let table = stated_rate_table(&compiled, 68.04, 2);
    assert!(run(&compiled, &table).violations.is_empty());
    // "68,0" is 68.04 at one decimal.
    let table = stated_rate_table(&compiled, 68.0, 1);
    assert!(run(&compiled, &table).violations.is_empty());
    // "68,040" is not 68.04 at three decimals? It is: 6 804 / 10 000 is exact.
    let table = stated_rate_table(&compiled, 68.04, 3);
    assert!(run(&compiled, &table).violations.is_empty());
    // "68,05" is not.
    let table = stated_rate_table(&compiled, 68.05, 2);
    assert_eq!(codes(&run(&compiled, &table)), vec!["TYLE:RATE.XA"]);
}

#[test]
fn a_stated_rate_at_zero_decimals_passes_when_it_rounds_the_same() {
    let compiled = compiled();
    let mut table = stated_rate_table(&compiled, 68.04, 2);
    // "5" against 4,9996 %.
    table.state("RATE", &["HUYEN"], "2023-04", 5.0, 0);
    let report = run(&compiled, &table);
    assert!(report.violations.is_empty(), "{report:#?}");
    // "4,9" against 4,9996 % at one decimal (5,0) does not.
    table.state("RATE", &["HUYEN"], "2023-04", 4.9, 1);
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["TYLE:RATE.HUYEN"]);
    let v = &report.violations[0];
    assert_eq!(v.left.display, "4,9");
    assert_eq!(v.right.display, "5,0");
}

#[test]
fn a_stated_rate_without_its_parts_is_skipped() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table.state("RATE", &["TINH"], "2023-04", 12.5, 1);
    let report = run(&compiled, &table);
    assert!(report.violations.is_empty());
    assert_eq!((report.rules_evaluated, report.rules_skipped), (0, 1));
}

#[test]
fn a_negative_count_is_a_violation() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table.put("DVC_HOSO", &["XA", "BCCI"], "2023-04", -3.0).put(
        "DVC_HOSO",
        &["XA", "QUAMANG"],
        "2023-04",
        3.0,
    );
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["KHONG_AM:DVC_HOSO.XA.BCCI"]);
    let v = &report.violations[0];
    assert_eq!(v.importance, Importance::High);
    assert_eq!(v.operator, Operator::GreaterOrEqual);
    assert_eq!(v.left.value, Some(-3.0));
    assert_eq!(v.left.display, "-3");
    assert_eq!(v.right.value, Some(0.0));
    assert_eq!(v.right.display, "0");
    assert_eq!(v.rule_name, "Chỉ tiêu DVC_HOSO: số liệu không được âm");
    assert!(report.has_high());
}

#[test]
fn a_negative_percentage_is_not_a_count() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table.put_typed("PCT_A", &[], "2023-04", -2.5, 1);
    let report = run(&compiled, &table);
    assert!(report.violations.is_empty(), "{report:#?}");
    assert_eq!(report.rules_evaluated, 0);
}

/// docs/file-formats.md: "counts (integer data elements) are not negative"; a `number`
/// element (revenue, a change in tỷ đồng) is not a count.
#[test]
fn a_negative_decimal_number_is_not_a_count() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table.put_typed("DOANHTHU", &[], "2023-04", -1.5, 1);
    let report = run(&compiled, &table);
    assert!(
        only(&report, "KHONG_AM:").is_empty(),
        "a `number` element is not a count: {report:#?}"
    );
}

#[test]
fn documents_must_be_dated_inside_the_cutoff_window() {
    let compiled = compiled();
    let table = Table::new(&compiled);
    let p = period("2023-04");
    let cases: &[(DocumentRole, &str, Option<&str>, bool)] = &[
        (DocumentRole::Advised, "2023-04", Some("2023-04-20"), true),
        (DocumentRole::Advised, "2023-04", Some("2023-03-15"), false),
        (DocumentRole::Advised, "2023-04", Some("2023-04-14"), false),
        (DocumentRole::Advised, "2023-04", Some("2023-04-15"), true),
        (DocumentRole::Advised, "2023-04", Some("2023-03-14"), true),
        (DocumentRole::Issued, "2023-04", Some("2023-04-01"), false),
        (DocumentRole::Issued, "2023-04", Some("2023-02-28"), true),
        // Cited documents are never checked.
        (DocumentRole::Cited, "2023-04", Some("2023-04-20"), false),
        (DocumentRole::Cited, "2023-04", Some("2019-01-01"), false),
        // Documents of another period are not checked for this one.
        (DocumentRole::Advised, "2023-05", Some("2023-04-20"), false),
        // Nor documents without a date.
        (DocumentRole::Advised, "2023-04", None, false),
    ];
    for (role, doc_period, date, violated) in cases {
        let doc = document("166/QĐ-UBND", *role, doc_period, *date);
        let report = validate(&compiled, &table.table, p, std::slice::from_ref(&doc));
        let expected: Vec<&str> = if *violated {
            vec!["NGAY_VB:166/QĐ-UBND"]
        } else {
            vec![]
        };
        assert_eq!(
            codes(&report),
            expected,
            "{role:?} {doc_period} {date:?}: {report:#?}"
        );
        let checked = *role != DocumentRole::Cited && *doc_period == "2023-04" && date.is_some();
        assert_eq!(
            report.rules_evaluated,
            usize::from(checked),
            "{role:?} {date:?}"
        );
    }
}

#[test]
fn a_document_outside_the_window_is_a_medium_violation() {
    let compiled = compiled();
    let table = Table::new(&compiled);
    let docs = [
        document(
            "166/QĐ-UBND",
            DocumentRole::Advised,
            "2023-04",
            Some("2023-04-20"),
        ),
        document(
            "167/QĐ-UBND",
            DocumentRole::Advised,
            "2023-04",
            Some("2023-03-15"),
        ),
        document(
            "168/QĐ-UBND",
            DocumentRole::Advised,
            "2023-04",
            Some("2023-04-14"),
        ),
        document(
            "169/QĐ-UBND",
            DocumentRole::Cited,
            "2023-04",
            Some("2023-04-20"),
        ),
    ];
    let report = validate(&compiled, &table.table, period("2023-04"), &docs);
    assert_eq!(codes(&report), vec!["NGAY_VB:166/QĐ-UBND"]);
    let v = &report.violations[0];
    assert_eq!(v.importance, Importance::Medium);
    assert_eq!(v.left.display, "20/4/2023");
    assert_eq!(v.right.display, "15/3/2023 - 14/4/2023");
    assert_eq!(
        v.rule_name,
        "166/QĐ-UBND phải có ngày trong kỳ chốt số liệu tháng 4/2023"
    );
    assert_eq!(report.rules_evaluated, 3);
    assert!(!report.has_high(), "a medium violation is not high");
}

#[test]
fn the_cutoff_window_of_january_starts_in_december() {
    let compiled = compiled();
    let table = Table::new(&compiled);
    let ok = document(
        "11/QĐ-UBND",
        DocumentRole::Advised,
        "2023-01",
        Some("2022-12-15"),
    );
    let late = document(
        "12/QĐ-UBND",
        DocumentRole::Advised,
        "2023-01",
        Some("2023-01-15"),
    );
    let report = validate(&compiled, &table.table, period("2023-01"), &[ok, late]);
    assert_eq!(codes(&report), vec!["NGAY_VB:12/QĐ-UBND"]);
    assert_eq!(
        report.violations[0].right.display,
        "15/12/2022 - 14/01/2023"
    );
}

/// Every operator against left < right, left == right and left > right.
#[test]
fn catalogue_rules_with_every_operator() {
    let operators = [
        ("EQ", Operator::Equal),
        ("NE", Operator::NotEqual),
        ("LT", Operator::Less),
        ("LE", Operator::LessOrEqual),
        ("GT", Operator::Greater),
        ("GE", Operator::GreaterOrEqual),
    ];
    let rules = operators
        .iter()
        .map(|(code, op)| {
            rule(
                code,
                "#{PCT_A}",
                *op,
                "#{PCT_B}",
                MissingValueStrategy::SkipIfAnyValueMissing,
            )
        })
        .collect();
    let compiled = compiled_with_rules(rules);
    let cases: &[(f64, f64, &[&str])] = &[
        (1.0, 2.0, &["EQ", "GT", "GE"]),
        (2.0, 2.0, &["NE", "LT", "GT"]),
        (3.0, 2.0, &["EQ", "LT", "LE"]),
        // Equality tolerates binary rounding: 0.1 + 0.2 == 0.3.
        (0.1 + 0.2, 0.3, &["NE", "LT", "GT"]),
    ];
    for (a, b, violated) in cases {
        let mut table = Table::new(&compiled);
        table
            .put_typed("PCT_A", &[], "2023-04", *a, 1)
            .put_typed("PCT_B", &[], "2023-04", *b, 1);
        let report = run(&compiled, &table);
        assert_eq!(codes(&report), violated.to_vec(), "{a} vs {b}");
        assert_eq!((report.rules_evaluated, report.rules_skipped), (6, 0));
        for v in &report.violations {
            assert_eq!(v.left.value, Some(*a));
            assert_eq!(v.right.value, Some(*b));
            assert_eq!(v.left.expression, "#{PCT_A}");
            assert_eq!(v.right.expression, "#{PCT_B}");
            assert_eq!(v.rule_name, format!("Quy tắc {}", v.rule_code));
        }
    }
}

#[test]
fn catalogue_rules_with_every_missing_value_strategy() {
    use MissingValueStrategy::*;
    struct Case {
        strategy: MissingValueStrategy,
        a: Option<f64>,
        b: Option<f64>,
        /// Evaluated (not skipped), and the sides of the violation if any.
        evaluated: bool,
        violation: Option<(f64, f64)>,
    }
    let cases = [
        // skip_if_any_value_missing
        Case {
            strategy: SkipIfAnyValueMissing,
            a: Some(5.0),
            b: None,
            evaluated: false,
            violation: None,
        },
        Case {
            strategy: SkipIfAnyValueMissing,
            a: None,
            b: None,
            evaluated: false,
            violation: None,
        },
        Case {
            strategy: SkipIfAnyValueMissing,
            a: Some(5.0),
            b: Some(4.0),
            evaluated: true,
            violation: Some((5.0, 4.0)),
        },
        // skip_if_all_values_missing: missing counts as zero unless all are missing.
        Case {
            strategy: SkipIfAllValuesMissing,
            a: Some(5.0),
            b: None,
            evaluated: true,
            violation: Some((5.0, 0.0)),
        },
        Case {
            strategy: SkipIfAllValuesMissing,
            a: None,
            b: Some(5.0),
            evaluated: true,
            violation: Some((0.0, 5.0)),
        },
        Case {
            strategy: SkipIfAllValuesMissing,
            a: None,
            b: None,
            evaluated: false,
            violation: None,
        },
        Case {
            strategy: SkipIfAllValuesMissing,
            a: Some(5.0),
            b: Some(5.0),
            evaluated: true,
            violation: None,
        },
        // never_skip: missing counts as zero, always.
        Case {
            strategy: NeverSkip,
            a: Some(5.0),
            b: None,
            evaluated: true,
            violation: Some((5.0, 0.0)),
        },
        Case {
            strategy: NeverSkip,
            a: None,
            b: None,
            evaluated: true,
            violation: None,
        },
    ];
    for case in &cases {
        let compiled = compiled_with_rules(vec![rule(
            "R",
            "#{PCT_A}",
            Operator::Equal,
            "#{PCT_B}",
            case.strategy,
        )]);
        let mut table = Table::new(&compiled);
        if let Some(a) = case.a {
            table.put_typed("PCT_A", &[], "2023-04", a, 0);
        }
        if let Some(b) = case.b {
            table.put_typed("PCT_B", &[], "2023-04", b, 0);
        }
        let report = run(&compiled, &table);
        let what = format!("{:?} {:?} {:?}", case.strategy, case.a, case.b);
        assert_eq!(
            (report.rules_evaluated, report.rules_skipped),
            if case.evaluated { (1, 0) } else { (0, 1) },
            "{what}"
        );
        let sides: Vec<(Option<f64>, Option<f64>)> = report
            .violations
            .iter()
            .map(|v| (v.left.value, v.right.value))
            .collect();
        let expected: Vec<(Option<f64>, Option<f64>)> = case
            .violation
            .iter()
            .map(|(l, r)| (Some(*l), Some(*r)))
            .collect();
        assert_eq!(sides, expected, "{what}");
    }
}

#[test]
fn never_skip_with_all_missing_can_still_fail() {
    let compiled = compiled_with_rules(vec![rule(
        "R",
        "#{PCT_A}",
        Operator::Greater,
        "#{PCT_B}",
        MissingValueStrategy::NeverSkip,
    )]);
    let table = Table::new(&compiled);
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["R"]);
    assert_eq!(report.violations[0].left.display, "0");
    assert_eq!(report.violations[0].right.display, "0");
    assert_eq!((report.rules_evaluated, report.rules_skipped), (1, 0));
}

#[test]
fn importance_decides_has_high() {
    let mut low = rule(
        "LOW",
        "#{PCT_A}",
        Operator::Less,
        "0",
        MissingValueStrategy::SkipIfAnyValueMissing,
    );
    low.importance = Importance::Low;
    let mut medium = rule(
        "MEDIUM",
        "#{PCT_A}",
        Operator::Less,
        "1",
        MissingValueStrategy::SkipIfAnyValueMissing,
    );
    medium.importance = Importance::Medium;
    let compiled = compiled_with_rules(vec![low, medium]);
    let mut table = Table::new(&compiled);
    table.put_typed("PCT_A", &[], "2023-04", 5.0, 0);
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["LOW", "MEDIUM"]);
    assert_eq!(report.violations[0].importance, Importance::Low);
    assert_eq!(report.violations[1].importance, Importance::Medium);
    assert!(!report.has_high());

    // One high violation among them is enough.
    table.put("DVC_HOSO", &["XA"], "2023-04", -1.0);
    let report = run(&compiled, &table);
    assert_eq!(
        codes(&report),
        vec!["LOW", "MEDIUM", "KHONG_AM:DVC_HOSO.XA"]
    );
    assert!(report.has_high());
}

#[test]
fn catalogue_rules_come_before_generated_ones_and_show_their_precision() {
    let compiled = compiled_with_rules(vec![rule(
        "DT_LE_CP",
        "round(#{DOANHTHU}, 1)",
        Operator::LessOrEqual,
        "S{CHIPHI}",
        MissingValueStrategy::SkipIfAnyValueMissing,
    )]);
    let mut table = Table::new(&compiled);
    table
        .put_typed("DOANHTHU", &[], "2023-04", 1_234.56, 2)
        .put_typed("CHIPHI", &[], "2023-04", 1_000.0, 3)
        .put("DVC_HOSO", &["XA"], "2023-04", -1.0);
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["DT_LE_CP", "KHONG_AM:DVC_HOSO.XA"]);
    let v = &report.violations[0];
    assert_eq!(v.left.value, Some(1_234.6));
    assert_eq!(v.left.display, "1.234,6");
    assert_eq!(v.right.display, "1.000,000");
    assert_eq!(report.rules_skipped, 0);
}

/// A side `S{…}` is shown at the decimals the figure was typed with, whatever the order of
/// the options in the formula.
#[test]
fn a_stated_side_shows_its_typed_decimals_with_options_in_any_order() {
    use baocao_core::catalog::ValueType;
    let mut catalog = crate::helpers::base_catalog();
    let de = crate::helpers::data_element("DT_CAP", ValueType::Number, Some("CAP_KENH"));
    catalog.data_elements.insert(de.code.clone(), de);
    for (code, left) in [
        ("CANON", "S{DT_CAP.XA.QUAMANG}"),
        ("REVERSED", "S{DT_CAP.QUAMANG.XA}"),
    ] {
        catalog.validation_rules.push(rule(
            code,
            left,
            Operator::Less,
            "0",
            MissingValueStrategy::SkipIfAnyValueMissing,
        ));
    }
    let compiled = baocao_engine::compile(catalog).unwrap();
    let mut table = Table::new(&compiled);
    // "12,0"
    table.put_typed("DT_CAP", &["XA", "QUAMANG"], "2023-04", 12.0, 1);
    let report = run(&compiled, &table);
    assert_eq!(codes(&report), vec!["CANON", "REVERSED"]);
    assert_eq!(report.violations[0].left.display, "12,0");
    assert_eq!(report.violations[1].left.display, "12,0");
}
