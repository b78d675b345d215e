//! Problems `compile` finds in a catalogue: each names the item and the field.

use baocao_core::catalog::{Catalog, CategoryCombo, MissingValueStrategy, Operator, ValueType};
use baocao_engine::{CatalogProblem, compile};

use crate::helpers::{base_catalog, data_element, indicator, rule};

fn problems(catalog: Catalog) -> Vec<CatalogProblem> {
    match compile(catalog) {
        Ok(_) => panic!("the catalogue should not compile"),
        Err(problems) => problems,
    }
}

fn with_indicator(code: &str, numerator: &str, denominator: Option<&str>) -> Catalog {
    let mut catalog = base_catalog();
    let ind = indicator(code, numerator, denominator, 1.0, 0);
    catalog.indicators.insert(ind.code.clone(), ind);
    catalog
}

#[test]
fn the_base_catalogue_compiles() {
    let compiled = compile(base_catalog()).unwrap();
    assert_eq!(compiled.indicators.len(), 7);
    assert!(compiled.rules.is_empty());
}

/// One broken item per case: (case, catalogue, item, field, words of the message).
#[test]
fn each_problem_names_the_item_and_the_field() {
    let mut cases: Vec<(&str, Catalog, &str, &str, Vec<&str>)> = Vec::new();

    let mut c = base_catalog();
    c.category_combos.insert(
        "CAP_LOAI".into(),
        CategoryCombo {
            code: "CAP_LOAI".into(),
            name: "Cấp × loại".into(),
            categories: vec!["CAP".into(), "LOAI".into()],
        },
    );
    cases.push((
        "unknown category in a combo",
        c,
        "category combo CAP_LOAI",
        "categories",
        vec!["unknown category `LOAI`", "CAP, KENH"],
    ));

    let mut c = base_catalog();
    let mut cap2 = c.categories["CAP"].clone();
    cap2.code = "CAP2".into();
    cap2.options.truncate(1);
    c.categories.insert("CAP2".into(), cap2);
    c.category_combos.insert(
        "CAP_CAP2".into(),
        CategoryCombo {
            code: "CAP_CAP2".into(),
            name: "Trùng".into(),
            categories: vec!["CAP".into(), "CAP2".into()],
        },
    );
    cases.push((
        "option code in two categories of a combo",
        c,
        "category combo CAP_CAP2",
        "categories",
        vec!["option `TINH` is in both `CAP` and `CAP2`"],
    ));

    let mut c = base_catalog();
    let de = data_element("BAO_IN", ValueType::Integer, Some("KHONG_CO"));
    c.data_elements.insert(de.code.clone(), de);
    cases.push((
        "unknown combo on a data element",
        c,
        "data element BAO_IN",
        "category_combo",
        vec!["unknown category combo `KHONG_CO`", "CAP_KENH"],
    ));

    cases.push((
        "a formula to a missing data element",
        with_indicator("X", "#{KHONG_CO}", None),
        "indicator X",
        "numerator",
        vec!["`#{KHONG_CO}`", "no data element `KHONG_CO`"],
    ));
    cases.push((
        "a formula to a missing option",
        with_indicator("X", "#{DVC_HOSO.PHUONG}", None),
        "indicator X",
        "numerator",
        vec![
            "`#{DVC_HOSO.PHUONG}`",
            "option `PHUONG` is not a breakdown of `DVC_HOSO`",
            "TINH, HUYEN, XA, TRUCTIEP, QUAMANG, BCCI",
        ],
    ));
    cases.push((
        "a formula with two options of one category",
        with_indicator("X", "#{DVC_HOSO}", Some("#{DVC_HOSO.XA.TINH}")),
        "indicator X",
        "denominator",
        vec!["`XA` and `TINH` are both options of category `CAP`"],
    ));
    cases.push((
        "an option on a default-combo element",
        with_indicator("X", "S{DOANHTHU.XA}", None),
        "indicator X",
        "numerator",
        vec!["option `XA` is not a breakdown of `DOANHTHU`"],
    ));
    cases.push((
        "a formula to a missing constant",
        with_indicator("X", "#{DVC_HOSO}", Some("C{DAN_SO}")),
        "indicator X",
        "denominator",
        vec!["`C{DAN_SO}`", "no constant `DAN_SO`"],
    ));
    cases.push((
        "a formula to an unknown indicator",
        with_indicator("X", "N{KHONG_CO} * 2", None),
        "indicator X",
        "numerator",
        vec!["`N{KHONG_CO}`", "no indicator `KHONG_CO`"],
    ));
    cases.push((
        "a stated value of nothing",
        with_indicator("X", "S{KHONG_CO}", None),
        "indicator X",
        "numerator",
        vec!["no data element `KHONG_CO`"],
    ));
    cases.push((
        "a formula that does not parse",
        with_indicator("X", "#{DVC_HOSO} +", None),
        "indicator X",
        "numerator",
        vec![
            "formula `#{DVC_HOSO} +`",
            "at character 14",
            "expected a number",
        ],
    ));
    cases.push((
        "an unknown function",
        with_indicator("X", "1", Some("2 * log(#{DVC_HOSO})")),
        "indicator X",
        "denominator",
        vec!["at character 5", "unknown function `log`"],
    ));
    cases.push((
        "an indicator that refers to itself",
        with_indicator("X", "N{X} + 1", None),
        "indicator X",
        "numerator",
        vec!["refers to itself"],
    ));

    let mut c = base_catalog();
    let ind = indicator("DVC_HOSO", "1", None, 1.0, 0);
    c.indicators.insert(ind.code.clone(), ind);
    cases.push((
        "a code used by an indicator and a data element",
        c,
        "indicator DVC_HOSO",
        "code",
        vec!["already used"],
    ));

    let mut c = base_catalog();
    let ind = indicator("HESO", "1", None, 1.0, 0);
    c.indicators.insert(ind.code.clone(), ind);
    cases.push((
        "a code used by an indicator and a constant",
        c,
        "indicator HESO",
        "code",
        vec!["already used"],
    ));

    let mut c = base_catalog();
    let mut k = c.constants["HESO"].clone();
    k.code = "DOANHTHU".into();
    c.constants.insert("DOANHTHU".into(), k);
    cases.push((
        "a code used by a constant and a data element",
        c,
        "constant DOANHTHU",
        "code",
        vec!["already used by a data element"],
    ));

    let mut c = base_catalog();
    c.validation_rules.push(rule(
        "R1",
        "#{DVC_HOSO}",
        Operator::LessOrEqual,
        "#{DVC_HOSO.QUAMANG} + C{KHONG_CO}",
        MissingValueStrategy::NeverSkip,
    ));
    cases.push((
        "a validation rule's side",
        c,
        "validation rule R1",
        "right",
        vec!["no constant `KHONG_CO`"],
    ));

    let mut c = base_catalog();
    c.validation_rules.push(rule(
        "R2",
        "#{DVC_HOSO} >",
        Operator::LessOrEqual,
        "1",
        MissingValueStrategy::NeverSkip,
    ));
    cases.push((
        "a validation rule that does not parse",
        c,
        "validation rule R2",
        "left",
        vec!["at character 13"],
    ));

    for (name, catalog, item, field, words) in cases {
        let found = problems(catalog);
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        let p = &found[0];
        assert_eq!(p.item, item, "{name}");
        assert_eq!(p.field, field, "{name}");
        for word in words {
            assert!(p.message.contains(word), "{name}: `{word}` not in {p}");
        }
        // The message as displayed names item and field too.
        assert_eq!(
            p.to_string(),
            format!("{item}, field `{field}`: {}", p.message)
        );
    }
}

#[test]
fn an_indicator_referring_to_itself_through_another() {
    let mut catalog = with_indicator("A", "N{B} + 1", None);
    let b = indicator("B", "N{A} * 2", None, 1.0, 0);
    catalog.indicators.insert(b.code.clone(), b);
    let found = problems(catalog);
    assert!(!found.is_empty());
    for p in &found {
        assert!(
            p.item == "indicator A" || p.item == "indicator B",
            "{found:#?}"
        );
        assert_eq!(p.field, "numerator");
        assert!(p.message.contains("refers to itself"), "{p}");
    }
}

#[test]
fn a_cycle_through_the_denominator_names_the_denominator() {
    let catalog = with_indicator("A", "1", Some("N{A}"));
    let found = problems(catalog);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].item, "indicator A");
    assert_eq!(
        found[0].field, "denominator",
        "the self-reference is in the denominator"
    );
}

#[test]
fn every_cycle_is_reported_not_only_the_first() {
    // Two independent cycles: X → X, and A → B → A.
    let mut catalog = with_indicator("X", "N{X}", None);
    for ind in [
        indicator("A", "N{B}", None, 1.0, 0),
        indicator("B", "N{A}", None, 1.0, 0),
    ] {
        catalog.indicators.insert(ind.code.clone(), ind);
    }
    let found = problems(catalog);
    let items: Vec<&str> = found.iter().map(|p| p.item.as_str()).collect();
    assert!(items.contains(&"indicator X"), "{found:#?}");
    assert!(
        items.contains(&"indicator A") || items.contains(&"indicator B"),
        "{found:#?}"
    );
}

#[test]
fn every_problem_is_returned_together() {
    let mut catalog = base_catalog();
    catalog.category_combos.insert(
        "CAP_LOAI".into(),
        CategoryCombo {
            code: "CAP_LOAI".into(),
            name: "Cấp × loại".into(),
            categories: vec!["CAP".into(), "LOAI".into()],
        },
    );
    let de = data_element("BAO_IN", ValueType::Integer, Some("KHONG_CO"));
    catalog.data_elements.insert(de.code.clone(), de);
    for ind in [
        indicator("I1", "#{NOPE}", Some("C{NOPE2}"), 1.0, 0),
        indicator("I2", "#{DVC_HOSO} *", None, 1.0, 0),
    ] {
        catalog.indicators.insert(ind.code.clone(), ind);
    }
    catalog.validation_rules.push(rule(
        "R",
        "N{NOPE3}",
        Operator::Equal,
        "#{DVC_HOSO.LANG}",
        MissingValueStrategy::NeverSkip,
    ));
    let found = problems(catalog);
    let mut got: Vec<(String, String)> = found
        .iter()
        .map(|p| (p.item.clone(), p.field.clone()))
        .collect();
    got.sort();
    let mut expected: Vec<(String, String)> = [
        ("category combo CAP_LOAI", "categories"),
        ("data element BAO_IN", "category_combo"),
        ("indicator I1", "numerator"),
        ("indicator I1", "denominator"),
        ("indicator I2", "numerator"),
        ("validation rule R", "left"),
        ("validation rule R", "right"),
    ]
    .iter()
    .map(|(i, f)| (i.to_string(), f.to_string()))
    .collect();
    expected.sort();
    assert_eq!(got, expected, "{found:#?}");
}

#[test]
fn several_bad_references_in_one_formula_are_all_reported() {
    let catalog = with_indicator("X", "#{NOPE1} + #{DVC_HOSO.LANG} + C{NOPE2}", None);
    let found = problems(catalog);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].message.contains("NOPE1"));
    assert!(found[1].message.contains("LANG"));
    assert!(found[2].message.contains("NOPE2"));
    assert!(
        found
            .iter()
            .all(|p| p.item == "indicator X" && p.field == "numerator")
    );
}
