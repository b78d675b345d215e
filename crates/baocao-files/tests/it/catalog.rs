//! `catalog.toml`: located problems, and the catalogue as loaded.

use baocao_core::catalog::{Field, ValueType};
use baocao_files::catalog::load_catalog;

use crate::helpers::{
    CATALOG, assert_problem_at, assert_problem_in_block, catalog, one_problem, problems, source,
};

#[test]
fn the_small_catalogue_loads() {
    let compiled = catalog();
    let c = &compiled.catalog;
    assert_eq!(c.categories.keys().collect::<Vec<_>>(), vec!["CAP", "KENH"]);
    assert_eq!(
        c.category_combos["CAP_KENH"].categories,
        vec!["CAP", "KENH"]
    );
    let de = &c.data_elements["DVC_HOSO"];
    assert_eq!(de.name, "Hồ sơ tiếp nhận trên hệ thống Dịch vụ công");
    assert_eq!(de.value_type, ValueType::Integer);
    assert_eq!(de.field, Field::Cntt);
    assert_eq!(de.category_combo.as_deref(), Some("CAP_KENH"));
    assert_eq!(c.data_elements["DOANHTHU"].category_combo, None);
    assert_eq!(c.constants["DANSO_TB"].value, 596_049.0);
    assert_eq!(c.constants["DANSO_TB"].year, Some(2021));
    let ind = &c.indicators["DVC_TYLE_TRUCTUYEN"];
    assert_eq!(ind.factor, 100.0);
    assert_eq!(ind.decimals, 2);
    assert_eq!(ind.denominator.as_deref(), Some("#{DVC_HOSO}"));
    assert!(compiled.indicators.contains_key("DVC_TYLE_TRUCTUYEN"));
}

#[test]
fn an_unknown_category_in_a_combo_is_located_at_that_combo() {
    let text = format!(
        "{CATALOG}
[[category_combo]]
code = \"CAP_LOAI\"
name = \"Cấp × loại\"
categories = [\"CAP\", \"LOAI\"]
"
    );
    let p = one_problem(load_catalog(&source("catalog.toml", &text)));
    assert_problem_in_block(
        &p,
        &text,
        "code = \"CAP_LOAI\"",
        1,
        "categories",
        &["category combo CAP_LOAI", "unknown category `LOAI`"],
    );
    assert_eq!(p.file, std::path::Path::new("catalog.toml"));
}

#[test]
fn a_broken_first_item_still_has_a_line() {
    // The combo is the very first thing in the file.
    let text = "[[category_combo]]
code = \"CAP_LOAI\"
name = \"Cấp × loại\"
categories = [\"LOAI\"]
";
    let p = one_problem(load_catalog(&source("catalog.toml", text)));
    assert_problem_in_block(
        &p,
        text,
        "code = \"CAP_LOAI\"",
        1,
        "categories",
        &["unknown category `LOAI`"],
    );
}

#[test]
fn a_formula_to_a_missing_element_is_located_at_its_indicator() {
    let text = format!(
        "{CATALOG}
[[indicator]]
code = \"BAD\"
name = \"Chỉ số hỏng\"
numerator = \"#{{DVC_HOSO.QUAMANG}}\"
denominator = \"#{{KHONG_CO}}\"
field = \"cntt\"
"
    );
    let p = one_problem(load_catalog(&source("catalog.toml", &text)));
    assert_problem_in_block(
        &p,
        &text,
        "code = \"BAD\"",
        1,
        "denominator",
        &["indicator BAD", "no data element `KHONG_CO`"],
    );
}

#[test]
fn compile_problems_are_located_and_all_listed() {
    let text = format!(
        "{CATALOG}
[[indicator]]
code = \"BAD1\"
name = \"Chỉ số hỏng 1\"
numerator = \"#{{DVC_HOSO.PHUONG}}\"
field = \"cntt\"

[[indicator]]
code = \"BAD2\"
name = \"Chỉ số hỏng 2\"
numerator = \"#{{DVC_HOSO}} +\"
field = \"cntt\"

[[validation_rule]]
code = \"R1\"
name = \"Quy tắc\"
left = \"#{{DVC_HOSO}}\"
operator = \"<=\"
right = \"C{{KHONG_CO}}\"
importance = \"high\"
"
    );
    let found = problems(load_catalog(&source("catalog.toml", &text)));
    assert_eq!(found.len(), 3, "{found:#?}");
    let find = |item: &str| {
        found
            .iter()
            .find(|p| p.message.starts_with(item))
            .unwrap_or_else(|| panic!("no problem of {item}: {found:#?}"))
    };
    assert_problem_in_block(
        find("indicator BAD1"),
        &text,
        "code = \"BAD1\"",
        1,
        "numerator",
        &["option `PHUONG` is not a breakdown of `DVC_HOSO`"],
    );
    assert_problem_in_block(
        find("indicator BAD2"),
        &text,
        "code = \"BAD2\"",
        1,
        "numerator",
        &["at character 14"],
    );
    assert_problem_in_block(
        find("validation rule R1"),
        &text,
        "code = \"R1\"",
        1,
        "right",
        &["no constant `KHONG_CO`"],
    );
}

#[test]
fn an_invalid_code_is_refused_at_its_line() {
    for (kind, field) in [
        ("data_element", "data_element.code"),
        ("category", "category.code"),
    ] {
        let text = match kind {
            "data_element" => format!(
                "{CATALOG}
[[data_element]]
code = \"dvc_hoso\"
name = \"Hồ sơ\"
unit = \"hồ sơ\"
field = \"cntt\"
value_type = \"integer\"
aggregation = \"sum\"
"
            ),
            _ => format!(
                "{CATALOG}
[[category]]
code = \"dvc_hoso\"
name = \"Phân tổ\"
options = []
"
            ),
        };
        let p = one_problem(load_catalog(&source("catalog.toml", &text)));
        assert_problem_at(
            &p,
            &text,
            "code = \"dvc_hoso\"",
            1,
            field,
            &["`dvc_hoso` is not a valid code", "DVC_HOSO"],
        );
    }
}

#[test]
fn other_invalid_codes() {
    for code in ["1ABC", "DVC-HOSO", "ĐVC", "", "A B"] {
        let text = format!(
            "{CATALOG}
[[data_element]]
code = \"{code}\"
name = \"Hồ sơ\"
unit = \"hồ sơ\"
field = \"cntt\"
value_type = \"integer\"
aggregation = \"sum\"
"
        );
        let p = one_problem(load_catalog(&source("catalog.toml", &text)));
        assert_eq!(p.field, "data_element.code", "{code}: {p}");
        assert!(p.message.contains("is not a valid code"), "{code}: {p}");
    }
}

#[test]
fn a_duplicate_code_is_refused_at_the_second_definition() {
    let text = format!(
        "{CATALOG}
[[data_element]]
code = \"DVC_HOSO\"
name = \"Lần hai\"
unit = \"hồ sơ\"
field = \"cntt\"
value_type = \"integer\"
aggregation = \"sum\"
"
    );
    let p = one_problem(load_catalog(&source("catalog.toml", &text)));
    assert_problem_at(
        &p,
        &text,
        "code = \"DVC_HOSO\"",
        2,
        "code",
        &["`DVC_HOSO` is defined twice"],
    );
}

#[test]
fn a_code_shared_by_an_indicator_and_a_data_element() {
    let text = format!(
        "{CATALOG}
[[indicator]]
code = \"DOANHTHU\"
name = \"Trùng mã\"
numerator = \"1\"
field = \"bcvt\"
"
    );
    let p = one_problem(load_catalog(&source("catalog.toml", &text)));
    assert_problem_in_block(
        &p,
        &text,
        "code = \"DOANHTHU\"",
        2,
        "code",
        &["indicator DOANHTHU", "already used"],
    );
}

#[test]
fn a_syntax_error_names_line_and_column() {
    let text = format!("{CATALOG}\n[[indicator]]\ncode = \"BROKEN\nname = 1\n");
    match load_catalog(&source("catalog.toml", &text)) {
        Err(baocao_files::FilesError::Syntax { line, .. }) => {
            assert_eq!(line, crate::helpers::line_of(&text, "code = \"BROKEN", 1));
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    // A field the format does not know.
    let text = CATALOG.replace("short_name = \"hồ sơ\"", "ten_ngan = \"hồ sơ\"");
    match load_catalog(&source("catalog.toml", &text)) {
        Err(baocao_files::FilesError::Syntax { line, message, .. }) => {
            assert!(message.contains("ten_ngan"), "{message}");
            assert!(line > 0);
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn decomposed_text_is_stored_composed() {
    // "Cấp hành chính" with combining marks (NFD).
    let nfd = "Ca\u{302}\u{301}p ha\u{300}nh chi\u{301}nh";
    let nfc = "C\u{1EA5}p h\u{E0}nh ch\u{ED}nh";
    assert_ne!(nfd, nfc);
    let text = CATALOG.replace("Cấp hành chính", nfd);
    assert!(text.contains(nfd));
    let file = source("catalog.toml", &text);
    assert!(!file.text.contains(nfd));
    let compiled = load_catalog(&file).unwrap();
    assert_eq!(compiled.catalog.categories["CAP"].name, nfc);
}
