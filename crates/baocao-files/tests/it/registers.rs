//! `documents.toml`, `org_units.toml`, `tasks.toml` and `narrative/<period>.toml`.

use baocao_core::orgunit::OrgUnitLevel;
use baocao_core::register::{DocumentRole, TaskStatus};
use baocao_core::symbol::DocumentType;
use baocao_files::registers::{
    load_documents, load_narrative, load_org_units, load_successions, load_tasks,
};
use chrono::NaiveDate;

use crate::helpers::{assert_problem_at, assert_problem_in_block, one_problem, problems, source};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const GOOD_DOCUMENT: &str = r#"# Sổ văn bản thử
[[document]]
symbol = "166/QĐ-UBND"
type = "QĐ"
date = "2023-04-12"
issuer = "UBND tỉnh Ninh Thuận"
abstract = "về việc Ban hành mã định danh"
field = "cntt"
role = "advised"
period = "2023-04"
"#;

#[test]
fn documents_load() {
    let text = format!(
        "{GOOD_DOCUMENT}
[[document]]
id = \"CV_CHUA_SO\"
type = \"Công văn\"
issuer = \"Sở Thông tin và Truyền thông\"
abstract = \"về việc thử\"
field = \"bcvt\"
role = \"issued\"

[[document]]
symbol = \"1347/UBND-VXNV\"
issuer = \"UBND tỉnh Ninh Thuận\"
abstract = \"về việc khác\"
field = \"chung\"
role = \"cited\"
"
    );
    let docs = load_documents(&source("documents.toml", &text)).unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].id, "166/QĐ-UBND");
    assert_eq!(docs[0].doc_type, DocumentType::QuyetDinh);
    assert_eq!(docs[0].date, Some(date(2023, 4, 12)));
    assert_eq!(docs[0].role, DocumentRole::Advised);
    assert_eq!(docs[0].period.map(|p| p.id()), Some("2023-04".to_string()));
    assert_eq!(
        docs[0].citation(),
        "Quyết định số 166/QĐ-UBND ngày 12/4/2023 về việc Ban hành mã định danh"
    );
    assert_eq!(docs[1].id, "CV_CHUA_SO");
    assert_eq!(docs[1].doc_type, DocumentType::CongVan);
    assert_eq!(docs[1].symbol, None);
    assert_eq!(docs[1].date, None);
    assert_eq!(docs[2].doc_type, DocumentType::CongVan);
    assert_eq!(docs[2].role, DocumentRole::Cited);
}

#[test]
fn a_symbol_without_the_d_with_stroke_is_refused() {
    let text = GOOD_DOCUMENT.replace("166/QĐ-UBND", "166/QD UBND");
    let p = one_problem(load_documents(&source("documents.toml", &text)));
    assert_problem_at(
        &p,
        &text,
        "symbol = \"166/QD UBND\"",
        1,
        "symbol",
        &["166/QD UBND", "QĐ"],
    );
}

#[test]
fn a_document_with_neither_symbol_nor_type() {
    let text = format!(
        "{GOOD_DOCUMENT}
[[document]]
id = \"KHONG_LOAI\"
issuer = \"UBND tỉnh Ninh Thuận\"
abstract = \"về việc không rõ loại\"
field = \"cntt\"
role = \"advised\"
"
    );
    let p = one_problem(load_documents(&source("documents.toml", &text)));
    assert!(p.message.contains("needs `type`"), "{p}");
    assert_problem_in_block(
        &p,
        &text,
        "id = \"KHONG_LOAI\"",
        1,
        "document[1]",
        &["without a symbol"],
    );
}

#[test]
fn a_date_that_does_not_exist() {
    let text = GOOD_DOCUMENT.replace("2023-04-12", "2023-02-30");
    let p = one_problem(load_documents(&source("documents.toml", &text)));
    assert_problem_at(
        &p,
        &text,
        "date = \"2023-02-30\"",
        1,
        "date",
        &["`2023-02-30` is not a date", "YYYY-MM-DD"],
    );
}

#[test]
fn an_unknown_type_and_a_bad_period() {
    let text = GOOD_DOCUMENT.replace("type = \"QĐ\"", "type = \"QDD\"");
    let p = one_problem(load_documents(&source("documents.toml", &text)));
    assert_problem_at(
        &p,
        &text,
        "type = \"QDD\"",
        1,
        "type",
        &["unknown document type `QDD`"],
    );
    let text = GOOD_DOCUMENT.replace("period = \"2023-04\"", "period = \"2023-13\"");
    let p = one_problem(load_documents(&source("documents.toml", &text)));
    assert_problem_at(&p, &text, "period = \"2023-13\"", 1, "period", &["01–12"]);
}

#[test]
fn a_document_in_the_register_twice() {
    let text = format!(
        "{GOOD_DOCUMENT}\n{}",
        GOOD_DOCUMENT.replace("# Sổ văn bản thử\n", "")
    );
    let p = one_problem(load_documents(&source("documents.toml", &text)));
    assert_problem_in_block(
        &p,
        &text,
        "symbol = \"166/QĐ-UBND\"",
        2,
        "document[1].id",
        &["`166/QĐ-UBND` is in the register twice"],
    );
}

const GOOD_ORG_UNITS: &str = r#"# Đơn vị thử
[[org_unit]]
code = "58"
name = "Tỉnh Ninh Thuận"
level = "tinh"
valid_from = "1992-04-01"
valid_to = "2025-06-30"

[[org_unit]]
code = "584"
name = "Huyện Bác Ái"
level = "huyen"
valid_from = "1992-04-01"
valid_to = "2025-06-30"
parent = "58"
"#;

#[test]
fn org_units_load_with_their_versions() {
    let text = format!(
        "{GOOD_ORG_UNITS}
[[org_unit]]
code = \"584\"
name = \"Huyện Bác Ái (mới)\"
level = \"huyen\"
valid_from = \"2025-07-01\"
parent = \"58\"
"
    );
    let units = load_org_units(&source("org_units.toml", &text)).unwrap();
    assert_eq!(units.len(), 2);
    assert_eq!(units[1].id, "584");
    assert_eq!(units[1].level, OrgUnitLevel::Huyen);
    assert_eq!(units[1].versions.len(), 2);
    assert_eq!(units[1].on(date(2023, 4, 14)).unwrap().name, "Huyện Bác Ái");
    assert_eq!(
        units[1].on(date(2025, 7, 1)).unwrap().name,
        "Huyện Bác Ái (mới)"
    );
    assert_eq!(units[1].current_name(), "Huyện Bác Ái (mới)");
}

#[test]
fn overlapping_versions_are_refused() {
    let text = format!(
        "{GOOD_ORG_UNITS}
[[org_unit]]
code = \"584\"
name = \"Huyện Bác Ái (trùng)\"
level = \"huyen\"
valid_from = \"2025-06-30\"
parent = \"58\"
"
    );
    let p = one_problem(load_org_units(&source("org_units.toml", &text)));
    assert_problem_in_block(
        &p,
        &text,
        "Huyện Bác Ái (trùng)",
        1,
        "valid_from",
        &["versions of org unit `584` overlap"],
    );
}

#[test]
fn a_version_ending_before_it_starts_is_refused() {
    let text = GOOD_ORG_UNITS.replacen("valid_to = \"2025-06-30\"", "valid_to = \"1992-03-31\"", 2);
    let text = text.replacen("valid_to = \"1992-03-31\"", "valid_to = \"2025-06-30\"", 1);
    let p = one_problem(load_org_units(&source("org_units.toml", &text)));
    assert_problem_in_block(
        &p,
        &text,
        "valid_to = \"1992-03-31\"",
        1,
        "valid_to",
        &["ends before it starts"],
    );
}

#[test]
fn an_unknown_parent_is_refused() {
    let text = GOOD_ORG_UNITS.replace("parent = \"58\"", "parent = \"99\"");
    let p = one_problem(load_org_units(&source("org_units.toml", &text)));
    assert_problem_in_block(
        &p,
        &text,
        "parent = \"99\"",
        1,
        "parent",
        &["no org unit `99`"],
    );
}

#[test]
fn a_malformed_validity_date() {
    // Written the Vietnamese way instead of YYYY-MM-DD.
    let text = GOOD_ORG_UNITS.replacen("1992-04-01", "01/04/1992", 1);
    let found = problems(load_org_units(&source("org_units.toml", &text)));
    let p = found
        .iter()
        .find(|p| p.field == "valid_from")
        .unwrap_or_else(|| panic!("no valid_from problem: {found:#?}"));
    assert_problem_at(
        p,
        &text,
        "valid_from = \"01/04/1992\"",
        1,
        "valid_from",
        &["`01/04/1992` is not a date", "YYYY-MM-DD"],
    );
}

/// Unit 58 is defined, only its date is wrong: its children must not be told that it is
/// not defined.
#[test]
fn a_malformed_date_does_not_make_the_unit_unknown_to_its_children() {
    let text = GOOD_ORG_UNITS.replacen("1992-04-01", "01/04/1992", 1);
    let found = problems(load_org_units(&source("org_units.toml", &text)));
    assert_eq!(
        found.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(),
        vec!["valid_from"],
        "{found:#?}"
    );
}

const TASKS: &str = r#"# Nhiệm vụ thử
[[task]]
period = "2023-05"
number = 1
field = "bcvt"
text = "Trình Ủy ban nhân dân tỉnh ban hành kế hoạch"
status = "planned"

[[task]]
period = "2023-04"
number = 1
field = "cntt"
text = "Triển khai nền tảng số"
status = "done"
result = "Đã hoàn thành"
"#;

#[test]
fn tasks_load() {
    let tasks = load_tasks(&source("tasks.toml", TASKS)).unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].period.id(), "2023-05");
    assert_eq!(tasks[0].status, TaskStatus::Planned);
    assert_eq!(tasks[1].status, TaskStatus::Done);
    assert_eq!(tasks[1].result.as_deref(), Some("Đã hoàn thành"));
}

#[test]
fn a_task_number_used_twice_in_a_period() {
    let text = format!(
        "{TASKS}
[[task]]
period = \"2023-05\"
number = 1
field = \"cntt\"
text = \"Lần hai\"
status = \"planned\"
"
    );
    let p = one_problem(load_tasks(&source("tasks.toml", &text)));
    assert_problem_in_block(
        &p,
        &text,
        "text = \"Lần hai\"",
        1,
        "number",
        &["task 1 of 2023-05 is defined twice"],
    );
}

const NARRATIVE: &str = r#"period = "2023-04"

[[section]]
id = "2.2"
text = """
Đoạn một: {{ v("DVC_HOSO.XA") }} hồ sơ.

Đoạn hai.
"""

[[section]]
id = "2.3"
text = "Một đoạn."
"#;

#[test]
fn narrative_sections_load_trimmed() {
    let sections = load_narrative(&source("narrative/2023-04.toml", NARRATIVE)).unwrap();
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0].period.id(), "2023-04");
    assert_eq!(sections[0].section, "2.2");
    assert_eq!(
        sections[0].text,
        "Đoạn một: {{ v(\"DVC_HOSO.XA\") }} hồ sơ.\n\nĐoạn hai."
    );
    assert_eq!(sections[1].text, "Một đoạn.");
}

#[test]
fn a_section_given_twice() {
    let text = format!("{NARRATIVE}\n[[section]]\nid = \"2.2\"\ntext = \"Lần hai.\"\n");
    let p = one_problem(load_narrative(&source("narrative/2023-04.toml", &text)));
    assert_problem_in_block(
        &p,
        &text,
        "text = \"Lần hai.\"",
        1,
        "section.id",
        &["section `2.2` is given twice"],
    );
}

#[test]
fn a_narrative_with_a_bad_period() {
    let text = NARRATIVE.replace("2023-04", "2023-00");
    let p = one_problem(load_narrative(&source("narrative/2023-00.toml", &text)));
    assert_problem_at(&p, &text, "period = \"2023-00\"", 1, "period", &["01–12"]);
}

#[test]
fn decomposed_narrative_text_is_stored_composed() {
    // "Đoạn một" with the tones as combining marks.
    let nfd = "\u{110}oa\u{323}n mo\u{302}\u{323}t";
    let nfc = "\u{110}o\u{1EA1}n m\u{1ED9}t";
    let text = format!("period = \"2023-04\"\n[[section]]\nid = \"1\"\ntext = \"{nfd}\"\n");
    let sections = load_narrative(&source("narrative/2023-04.toml", &text)).unwrap();
    assert_eq!(sections[0].text, nfc);
}

#[test]
fn a_type_that_disagrees_with_the_symbol_is_refused() {
    let text = r#"
[[document]]
symbol = "166/BC-STTTT"
type = "QĐ"
date = "2023-04-12"
issuer = "Sở"
abstract = "về …"
field = "cntt"
role = "issued"
period = "2023-04"
"#;
    let problem = crate::helpers::one_problem(baocao_files::registers::load_documents(
        &crate::helpers::source("documents.toml", text),
    ));
    crate::helpers::assert_problem_at(
        &problem,
        text,
        "type = \"QĐ\"",
        1,
        "type",
        &["disagrees with the symbol", "Báo cáo"],
    );
}

#[test]
fn successions_load_in_order_and_are_checked() {
    let units = r#"
[[org_unit]]
code = "22768"
name = "Phường Đông Hải"
level = "xa"
valid_from = "2025-01-01"
valid_to = "2025-06-30"

[[org_unit]]
id = "22780:2025-07-01"
code = "22780"
name = "Phường Đông Hải"
level = "xa"
valid_from = "2025-07-01"

[[org_unit]]
code = "22888"
name = "Xã Phước Dinh"
level = "xa"
valid_from = "2025-07-01"
"#;
    let good = format!(
        "{units}
[[succession]]
from = \"22768\"
to = \"22888\"
date = \"2025-07-01\"

[[succession]]
from = \"22768\"
to = \"22780:2025-07-01\"
date = \"2025-07-01\"
"
    );
    let file = source("org_units.toml", &good);
    let loaded = load_org_units(&file).unwrap();
    let successions = load_successions(&file, &loaded).unwrap();
    let pairs: Vec<(&str, &str)> = successions
        .iter()
        .map(|s| (s.from.as_str(), s.to.as_str()))
        .collect();
    assert_eq!(pairs, [("22768", "22888"), ("22768", "22780:2025-07-01")]);
    assert_eq!(successions[0].date.to_string(), "2025-07-01");

    // An unknown successor, a predecessor still valid, a successor not yet valid.
    let bad = format!(
        "{units}
[[succession]]
from = \"22768\"
to = \"99999\"
date = \"2025-07-01\"

[[succession]]
from = \"22768\"
to = \"22888\"
date = \"2025-06-01\"
"
    );
    let file = source("org_units.toml", &bad);
    let loaded = load_org_units(&file).unwrap();
    let problems = match load_successions(&file, &loaded) {
        Err(baocao_files::FilesError::Invalid(problems)) => problems,
        other => panic!("expected problems, got {other:?}"),
    };
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 3, "{text:#?}");
    assert!(text[0].contains("no org unit `99999`"), "{}", text[0]);
    assert!(text[0].contains("org_units.toml:"), "{}", text[0]);
    assert!(
        text[1].contains("`22768` is still valid on 2025-06-01"),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains("`22888` is not valid on 2025-06-01"),
        "{}",
        text[2]
    );
}
