//! `data/<period>.toml`: figures as typed, with located problems.

use baocao_core::coc::CategoryOptionCombo;
use baocao_core::period::Period;
use baocao_core::value::ValueOrigin;
use baocao_files::data::load_data;

use crate::helpers::{
    DATA_HEADER, assert_problem_at, catalog, line_of, one_problem, problems, source,
};

fn data_text(body: &str) -> String {
    format!("{DATA_HEADER}{body}")
}

#[test]
fn figures_are_kept_as_typed() {
    let compiled = catalog();
    let text = data_text(
        r#"
[report]
number = 0
issued_on = "2023-04-14"
ytd_cutoff = "2023-04-13"
signer = "Nguyễn Văn A"

[[value]]
de = "DVC_HOSO"
coc = "QUAMANG.XA"
value = "7.081"
comment = "số liệu ước"

[[value]]
de = "DVC_HOSO"
value = 232046

[[value]]
de = "DOANHTHU"
value = "1.234,50"
period = "2023-03"
derived = "growth"

[[stated]]
indicator = "DVC_TYLE_TRUCTUYEN"
coc = "XA"
value = "68,16"
"#,
    );
    let file = load_data(&source("data/2023-04.toml", &text), &compiled).unwrap();
    let april = Period::parse("2023-04").unwrap();
    assert_eq!(file.period, Some(april));
    assert_eq!(file.values.len(), 3);

    let v = &file.values[0];
    assert_eq!(v.data_element, "DVC_HOSO");
    assert_eq!(
        v.category_option_combo,
        CategoryOptionCombo::new(vec!["XA".into(), "QUAMANG".into()]),
        "options in combo order"
    );
    assert_eq!(v.number.value, 7_081.0);
    assert_eq!(v.number.decimals, 0);
    assert_eq!(v.number.as_typed, "7.081");
    assert_eq!(v.org_unit, "58");
    assert_eq!(v.period, april);
    assert_eq!(v.stored_by, "Văn phòng Sở");
    assert_eq!(v.comment.as_deref(), Some("số liệu ước"));
    assert_eq!(v.origin, ValueOrigin::Typed);

    let total = &file.values[1];
    assert!(total.category_option_combo.is_total());
    assert_eq!(total.number.value, 232_046.0);
    assert_eq!(total.number.as_typed, "232.046");

    let derived = &file.values[2];
    assert_eq!(derived.number.value, 1_234.5);
    assert_eq!(derived.number.decimals, 2);
    assert_eq!(derived.number.as_typed, "1.234,50");
    assert_eq!(derived.period, Period::parse("2023-03").unwrap());
    assert_eq!(derived.origin, ValueOrigin::Derived("growth".into()));

    assert_eq!(file.stated.len(), 1);
    let s = &file.stated[0];
    assert_eq!(s.indicator, "DVC_TYLE_TRUCTUYEN");
    assert_eq!(s.category_option_combo.code(), "XA");
    assert_eq!(s.number.value, 68.16);
    assert_eq!(s.number.decimals, 2);
    assert_eq!(s.number.as_typed, "68,16");

    let report = file.report.unwrap();
    assert_eq!(report.number, None, "0 is a draft");
    assert_eq!(report.issued_on.to_string(), "2023-04-14");
    assert_eq!(report.ytd_cutoff.to_string(), "2023-04-13");
    assert_eq!(report.signer, "Nguyễn Văn A");
}

/// One broken `[[value]]` per case: (case, body, needle of the expected line, field, words).
#[test]
fn each_bad_value_is_refused_at_its_line() {
    let cases: &[(&str, &str, &str, &str, &[&str])] = &[
        (
            "unknown data element",
            "[[value]]\nde = \"KHONG_CO\"\nvalue = \"1\"\n",
            "de = \"KHONG_CO\"",
            "de",
            &["no data element `KHONG_CO`"],
        ),
        (
            "unknown option",
            "[[value]]\nde = \"DVC_HOSO\"\ncoc = \"XA.FAX\"\nvalue = \"1\"\n",
            "coc = \"XA.FAX\"",
            "coc",
            &["option `FAX` is not a breakdown of `DVC_HOSO`"],
        ),
        (
            "two options of one category",
            "[[value]]\nde = \"DVC_HOSO\"\ncoc = \"XA.TINH\"\nvalue = \"1\"\n",
            "coc = \"XA.TINH\"",
            "coc",
            &["`XA` and `TINH` are both options of category `CAP`"],
        ),
        (
            "an option on a default-combo element",
            "[[value]]\nde = \"DOANHTHU\"\ncoc = \"XA\"\nvalue = \"1\"\n",
            "coc = \"XA\"",
            "coc",
            &["option `XA` is not a breakdown of `DOANHTHU`"],
        ),
        (
            "dots that do not group three digits",
            "[[value]]\nde = \"DVC_HOSO\"\nvalue = \"1.23\"\n",
            "value = \"1.23\"",
            "value",
            &["\"1.23\"", "thousands groups of three digits"],
        ),
        (
            "a letter in a number",
            "[[value]]\nde = \"DVC_HOSO\"\nvalue = \"12a\"\n",
            "value = \"12a\"",
            "value",
            &["\"12a\"", "unexpected 'a' at character 3"],
        ),
        (
            "an English decimal point",
            "[[value]]\nde = \"DOANHTHU\"\nvalue = \"70.96\"\n",
            "value = \"70.96\"",
            "value",
            &["\"70.96\"", "70,96"],
        ),
        (
            "two decimal commas",
            "[[value]]\nde = \"DOANHTHU\"\nvalue = \"1,2,3\"\n",
            "value = \"1,2,3\"",
            "value",
            &["more than one \",\""],
        ),
        (
            "an empty number",
            "[[value]]\nde = \"DOANHTHU\"\nvalue = \"  \"\n",
            "value = \"  \"",
            "value",
            &["empty number"],
        ),
        (
            "a decimal for a count",
            "[[value]]\nde = \"DVC_HOSO\"\ncoc = \"XA\"\nvalue = \"1,5\"\n",
            "value = \"1,5\"",
            "value",
            &["`DVC_HOSO`", "expected a whole number", "`1,5`"],
        ),
        (
            "a period of its own that does not exist",
            "[[value]]\nde = \"DVC_HOSO\"\nvalue = \"1\"\nperiod = \"2023-4\"\n",
            "period = \"2023-4\"",
            "period",
            &["\"2023-4\"", "01–12"],
        ),
        (
            "a stated value of an unknown indicator",
            "[[stated]]\nindicator = \"KHONG_CO\"\nvalue = \"1\"\n",
            "indicator = \"KHONG_CO\"",
            "indicator",
            &["no indicator `KHONG_CO`"],
        ),
        (
            "a stated value with an unknown option",
            "[[stated]]\nindicator = \"DVC_TYLE_TRUCTUYEN\"\ncoc = \"PHUONG\"\nvalue = \"1\"\n",
            "coc = \"PHUONG\"",
            "coc",
            &["`PHUONG` is not an option of any category"],
        ),
        (
            "a stated value that is not a number",
            "[[stated]]\nindicator = \"DVC_TYLE_TRUCTUYEN\"\nvalue = \"70.96\"\n",
            "value = \"70.96\"",
            "value",
            &["\"70.96\""],
        ),
    ];
    let compiled = catalog();
    for (name, body, needle, field, words) in cases {
        let text = data_text(&format!(
            "\n[[value]]\nde = \"DVC_HOSO\"\nvalue = \"5\"\n\n{body}"
        ));
        let p = one_problem(load_data(&source("data/2023-04.toml", &text), &compiled));
        assert_eq!(
            p.line,
            line_of(&text, needle, 1),
            "{name}: line of `{needle}`: {p}"
        );
        assert_eq!(p.field, *field, "{name}: {p}");
        for word in *words {
            assert!(p.message.contains(word), "{name}: `{word}` not in {p}");
        }
        // Displayed with file, line and column.
        assert!(
            p.to_string()
                .starts_with(&format!("data/2023-04.toml:{}:", p.line)),
            "{p}"
        );
    }
}

#[test]
fn a_month_13_is_refused_at_the_period_line() {
    let compiled = catalog();
    let text = DATA_HEADER.replace("2023-04", "2023-13")
        + "\n[[value]]\nde = \"DVC_HOSO\"\nvalue = \"5\"\n";
    let p = one_problem(load_data(&source("data/2023-13.toml", &text), &compiled));
    assert_problem_at(
        &p,
        &text,
        "period = \"2023-13\"",
        1,
        "period",
        &["\"2023-13\"", "month must be two digits, 01–12"],
    );
    assert_eq!(p.line, 2);
}

#[test]
fn a_value_given_twice_is_refused_at_the_second() {
    let compiled = catalog();
    let text = data_text(
        r#"
[[value]]
de = "DVC_HOSO"
coc = "XA.QUAMANG"
value = "7.081"

[[value]]
de = "DVC_HOSO"
coc = "TINH"
value = "5"

[[value]]
de = "DVC_HOSO"
coc = "QUAMANG.XA"
value = "7.018"
"#,
    );
    let p = one_problem(load_data(&source("data/2023-04.toml", &text), &compiled));
    assert_problem_at(
        &p,
        &text,
        "de = \"DVC_HOSO\"",
        3,
        "value",
        &["`DVC_HOSO` `XA.QUAMANG` for 2023-04 is given twice"],
    );
}

#[test]
fn the_same_cell_in_two_periods_is_not_a_duplicate() {
    let compiled = catalog();
    let text = data_text(
        r#"
[[value]]
de = "DVC_HOSO"
value = "1"

[[value]]
de = "DVC_HOSO"
value = "2"
period = "2023-03"
"#,
    );
    let file = load_data(&source("data/2023-04.toml", &text), &compiled).unwrap();
    assert_eq!(file.values.len(), 2);
}

#[test]
fn every_bad_value_is_listed() {
    let compiled = catalog();
    let text = data_text(
        r#"
[[value]]
de = "KHONG_CO"
value = "1"

[[value]]
de = "DVC_HOSO"
value = "1.23"

[[value]]
de = "DVC_HOSO"
coc = "XA"
value = "2,5"
"#,
    );
    let found = problems(load_data(&source("data/2023-04.toml", &text), &compiled));
    let lines: Vec<(usize, &str)> = found.iter().map(|p| (p.line, p.field.as_str())).collect();
    assert_eq!(
        lines,
        vec![
            (line_of(&text, "de = \"KHONG_CO\"", 1), "de"),
            (line_of(&text, "value = \"1.23\"", 1), "value"),
            (line_of(&text, "value = \"2,5\"", 1), "value"),
        ]
    );
}

#[test]
fn a_bad_report_date_is_located() {
    let compiled = catalog();
    let text = data_text(
        r#"
[report]
issued_on = "2023-04-31"
ytd_cutoff = "2023-04-13"
"#,
    );
    let p = one_problem(load_data(&source("data/2023-04.toml", &text), &compiled));
    assert_problem_at(
        &p,
        &text,
        "issued_on",
        1,
        "report.issued_on",
        &["`2023-04-31` is not a date", "YYYY-MM-DD"],
    );
}

#[test]
fn decomposed_comments_are_stored_composed() {
    let compiled = catalog();
    let nfd = "so\u{302}\u{301} lie\u{323}\u{302}u u\u{31B}o\u{31B}\u{301}c";
    let nfc = "s\u{1ED1} li\u{1EC7}u \u{1B0}\u{1EDB}c";
    let text = data_text(&format!(
        "\n[[value]]\nde = \"DVC_HOSO\"\nvalue = \"5\"\ncomment = \"{nfd}\"\n"
    ));
    let file = load_data(&source("data/2023-04.toml", &text), &compiled).unwrap();
    assert_eq!(file.values[0].comment.as_deref(), Some(nfc));
}

#[test]
fn figures_that_cannot_be_kept_exactly_or_read_both_ways_are_refused() {
    let compiled = catalog();
    let cases: &[(&str, &str, &[&str])] = &[
        // A bare TOML decimal: 7.5 reads as 75 the Vietnamese way.
        ("value = 7.5", "value = 7.5", &["Vietnamese way", "\"7,5\""]),
        (
            "value = \"99999999999999999999999\"",
            "value = \"9999",
            &["more than 15 significant digits"],
        ),
        (
            "value = \"0,1234567890123456789\"",
            "value = \"0,123",
            &["more than 15 significant digits"],
        ),
    ];
    for (line, needle, words) in cases {
        let text = data_text(&format!("\n[[value]]\nde = \"DOANHTHU\"\n{line}\n"));
        let problem = one_problem(load_data(&source("data/2023-04.toml", &text), &compiled));
        assert_problem_at(&problem, &text, needle, 1, "value", words);
    }
}

#[test]
fn a_stated_breakdown_must_fit_the_indicator() {
    let compiled = catalog();
    // The rate's numerator already selects QUAMANG: a rate "of the in-person channel" is
    // online ÷ in-person, a number that means nothing.
    let text = data_text(
        "\n[[stated]]\nindicator = \"DVC_TYLE_TRUCTUYEN\"\ncoc = \"TRUCTIEP\"\nvalue = \"70,00\"\n",
    );
    let problem = one_problem(load_data(&source("data/2023-04.toml", &text), &compiled));
    assert_problem_at(
        &problem,
        &text,
        "coc = \"TRUCTIEP\"",
        1,
        "coc",
        &["cannot be broken down"],
    );
}

#[test]
fn the_year_to_date_cut_off_lies_in_the_period() {
    let compiled = catalog();
    let text = data_text(
        "\n[report]\nissued_on = \"2023-04-14\"\nytd_cutoff = \"2024-12-31\"\nsigner = \"A\"\n",
    );
    let problem = one_problem(load_data(&source("data/2023-04.toml", &text), &compiled));
    assert_problem_at(
        &problem,
        &text,
        "ytd_cutoff",
        1,
        "report.ytd_cutoff",
        &["outside tháng 4/2023", "2023-01-01 to 2023-04-30"],
    );
}
