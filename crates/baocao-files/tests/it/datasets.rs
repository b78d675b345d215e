//! `[[regime]]` and `[[data_set]]` in `catalog.toml`: read as written, their problems located;
//! reporting units checked against `org_units.toml`.

use baocao_core::dataset::{CutoffKind, DeadlineRule};
use baocao_core::period::{Period, PeriodType};
use baocao_files::FilesError;
use baocao_files::catalog::load_catalog;
use baocao_files::datasets::check_reporting_units;
use baocao_files::registers::load_org_units;
use chrono::NaiveDate;

use crate::helpers::{CATALOG, assert_problem_at, one_problem, problems, source};

const REGIME: &str = r#"
[[regime]]
code = "TT02_THANG"
name = "Báo cáo định kỳ hằng tháng ngành Thông tin và Truyền thông"
legal_basis = "Thông tư 02/2023/TT-BTTTT"
period_type = "month"
cutoff = "nd09"
deadline = { day = 15 }
recipients = ["Bộ Thông tin và Truyền thông", "Ủy ban nhân dân tỉnh"]

[[regime]]
code = "TT02_NAM"
name = "Báo cáo định kỳ hằng năm ngành Thông tin và Truyền thông"
legal_basis = "Thông tư 02/2023/TT-BTTTT"
period_type = "year"
cutoff = "calendar"
deadline = { day = 25, month_offset = -1 }
recipients = ["Bộ Thông tin và Truyền thông"]
"#;

const DATA_SETS: &str = r#"
[[data_set]]
code = "DVC_HUYEN"
name = "Hồ sơ dịch vụ công của UBND cấp huyện"
regime = "TT02_THANG"
data_elements = ["DVC_HOSO"]
reporting_units = ["5801", "5802"]

[[data_set]]
code = "DOANHTHU_DN"
name = "Doanh thu của doanh nghiệp"
period_type = "month"
regime = "TT02_THANG"
data_elements = ["DOANHTHU"]
reporting_units = ["DN_VNPT"]
"#;

fn with(extra: &str) -> String {
    format!("{CATALOG}{REGIME}{extra}")
}

#[test]
fn regimes_and_data_sets_load() {
    let text = with(DATA_SETS);
    let catalog = load_catalog(&source("catalog.toml", &text))
        .unwrap()
        .catalog;
    let monthly = &catalog.regimes["TT02_THANG"];
    assert_eq!(monthly.legal_basis, "Thông tư 02/2023/TT-BTTTT");
    assert_eq!(monthly.period_type, PeriodType::Month);
    assert_eq!(monthly.cutoff, CutoffKind::Nd09);
    assert_eq!(
        monthly.deadline,
        DeadlineRule {
            day: 15,
            month_offset: 0
        }
    );
    assert_eq!(
        monthly.recipients,
        ["Bộ Thông tin và Truyền thông", "Ủy ban nhân dân tỉnh"]
    );
    let april = Period::parse("2023-04").unwrap();
    assert_eq!(
        monthly.deadline(april),
        NaiveDate::from_ymd_opt(2023, 4, 15).unwrap()
    );
    let yearly = &catalog.regimes["TT02_NAM"];
    assert_eq!(
        yearly.deadline(Period::parse("2023").unwrap()),
        NaiveDate::from_ymd_opt(2023, 11, 25).unwrap()
    );
    assert_eq!(yearly.cutoff, CutoffKind::Calendar);

    let district = &catalog.data_sets["DVC_HUYEN"];
    // The period type defaults to the regime's.
    assert_eq!(district.period_type, PeriodType::Month);
    assert_eq!(district.data_elements, ["DVC_HOSO"]);
    assert_eq!(district.reporting_units, ["5801", "5802"]);
    assert_eq!(catalog.data_sets["DOANHTHU_DN"].regime, "TT02_THANG");
    assert_eq!(catalog.data_sets.len(), 2);
}

#[test]
fn a_catalogue_without_data_sets_has_none() {
    let catalog = crate::helpers::catalog().catalog;
    assert!(!catalog.declares_data_sets());
    assert!(catalog.regimes.is_empty());
}

#[test]
fn an_unknown_regime_is_located_at_the_data_set() {
    let text = with(
        r#"
[[data_set]]
code = "DVC_XA"
name = "Hồ sơ của UBND cấp xã"
regime = "QD53_THANG"
data_elements = ["DVC_HOSO"]
"#,
    );
    let p = one_problem(load_catalog(&source("catalog.toml", &text)));
    assert_problem_at(
        &p,
        &text,
        "regime = \"QD53_THANG\"",
        1,
        "data_set.regime",
        &["no regime `QD53_THANG`", "TT02_NAM, TT02_THANG"],
    );
}

#[test]
fn unknown_and_repeated_data_elements_are_located() {
    let text = with(
        r#"
[[data_set]]
code = "DVC_XA"
name = "Hồ sơ của UBND cấp xã"
regime = "TT02_THANG"
data_elements = ["DVC_HOSO",
  "DVC_HOSO",
  "KHONG_CO"]
"#,
    );
    let found = problems(load_catalog(&source("catalog.toml", &text)));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_problem_at(
        &found[0],
        &text,
        "  \"DVC_HOSO\",",
        1,
        "data_set.data_elements",
        &["`DVC_HOSO` is listed twice"],
    );
    assert_problem_at(
        &found[1],
        &text,
        "\"KHONG_CO\"",
        1,
        "data_set.data_elements",
        &["no data element `KHONG_CO`"],
    );
}

#[test]
fn a_period_type_other_than_the_regimes_is_refused() {
    let text = with(
        r#"
[[data_set]]
code = "DVC_NAM"
name = "Hồ sơ cả năm"
period_type = "quarter"
regime = "TT02_NAM"
data_elements = ["DVC_HOSO"]
"#,
    );
    let p = one_problem(load_catalog(&source("catalog.toml", &text)));
    assert_problem_at(
        &p,
        &text,
        "period_type = \"quarter\"",
        1,
        "data_set.period_type",
        &["per quarter", "`TT02_NAM` per year"],
    );
}

#[test]
fn an_element_in_two_data_sets_of_one_unit_is_refused() {
    let text = with(&format!(
        "{DATA_SETS}
[[data_set]]
code = \"DVC_TONGHOP\"
name = \"Hồ sơ tổng hợp\"
regime = \"TT02_THANG\"
data_elements = [\"DOANHTHU\", \"DVC_HOSO\"]
reporting_units = [\"5802\", \"5803\"]
"
    ));
    let p = one_problem(load_catalog(&source("catalog.toml", &text)));
    assert_problem_at(
        &p,
        &text,
        "code = \"DVC_TONGHOP\"",
        1,
        "data_set.data_elements",
        &["`DVC_HOSO` is also in data set `DVC_HUYEN`", "5802"],
    );
}

#[test]
fn regime_problems_are_located() {
    let text = format!(
        "{CATALOG}
[[regime]]
code = \"QD53_THANG\"
name = \"Báo cáo tháng\"
legal_basis = \"\"
period_type = \"month\"
cutoff = \"nd09\"
deadline = {{ day = 32, month_offset = 13 }}
"
    );
    let found = problems(load_catalog(&source("catalog.toml", &text)));
    let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "regime.deadline.day",
            "regime.deadline.month_offset",
            "regime.legal_basis",
            "regime.recipients"
        ],
        "{found:#?}"
    );
    assert_problem_at(
        &found[0],
        &text,
        "deadline = {",
        1,
        "regime.deadline.day",
        &["day 32", "1–31"],
    );
    assert!(found[3].message.contains("Nghị định 09/2019/NĐ-CP"));
    // An unknown cut-off kind is refused as toml reads it, at its line, with what is
    // expected.
    let text = with("").replace("cutoff = \"nd09\"", "cutoff = \"nd9\"");
    let error = load_catalog(&source("catalog.toml", &text)).unwrap_err();
    let FilesError::Syntax { line, message, .. } = &error else {
        panic!("expected a syntax error, got {error:?}");
    };
    assert_eq!(*line, crate::helpers::line_of(&text, "cutoff = \"nd9\"", 1));
    assert!(message.contains("`nd09` or `calendar`"), "{message}");
}

#[test]
fn reporting_units_must_be_org_units() {
    let text = with(DATA_SETS);
    let file = source("catalog.toml", &text);
    let catalog = load_catalog(&file).unwrap().catalog;
    let units_text = r#"
[[org_unit]]
code = "58"
name = "Tỉnh Ninh Thuận"
level = "tinh"
valid_from = "1992-04-01"

[[org_unit]]
code = "5801"
name = "Thành phố Phan Rang – Tháp Chàm"
level = "huyen"
valid_from = "1992-04-01"
parent = "58"

[[org_unit]]
id = "DN_VNPT"
code = "VNPT_NT"
name = "VNPT Ninh Thuận"
level = "tinh"
kind = "doanh_nghiep"
valid_from = "2008-01-01"
parent = "58"
"#;
    let units = load_org_units(&source("org_units.toml", units_text)).unwrap();
    assert_eq!(
        units[2].kind,
        baocao_core::orgunit::OrgUnitKind::DoanhNghiep
    );
    assert!(units[0].is_administrative());
    let p = one_problem(check_reporting_units(&file, &catalog, &units));
    assert_problem_at(
        &p,
        &text,
        "reporting_units = [\"5801\", \"5802\"]",
        1,
        "data_set.reporting_units",
        &["data set `DVC_HUYEN`", "no org unit `5802`"],
    );
}
