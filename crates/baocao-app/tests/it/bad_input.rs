//! A department's folder with one mistake: `load_folder` refuses it with a message naming the
//! file, the line and the field and saying what was expected, and the database keeps exactly
//! what it held.
//!
//! Every broken copy also carries three harmless edits ([`MARKERS`]): a value typed
//! differently, a narrative sentence and a key task reworded. Were anything of the folder
//! written before the mistake was found, the database would hold one of them.

use crate::helpers::{DbState, Folder, TestDb, as_typed, db_state, example_db};

const DATA: &str = "data/2023-04.toml";

/// (file, text in the example, text in the copy): edits that load fine on their own.
const MARKERS: [(&str, &str, &str); 3] = [
    // The commune subtotal, typed 22.115 in the seed, retyped as the sum of its parts.
    (DATA, "value = \"22.115\"", "value = \"22.155\""),
    (
        "narrative/2023-04.toml",
        "Tổ chức Đại hội Công đoàn cơ sở",
        "Đã tổ chức Đại hội Công đoàn cơ sở",
    ),
    (
        "tasks.toml",
        "text = \"Trình Ủy ban nhân dân tỉnh ban hành Quyết định về Quy định",
        "text = \"Trình UBND tỉnh ban hành Quyết định về Quy định",
    ),
];

/// A copy of the example with the markers applied.
fn marked_copy() -> Folder {
    let folder = Folder::example_copy();
    for (file, from, to) in MARKERS {
        folder.replace(file, from, to);
    }
    folder
}

fn assert_example_unchanged(before: &DbState, after: &DbState) {
    // Compare the parts first for readable failures, then everything.
    assert_eq!(
        as_typed(after, "DVC_HOSO", "XA", "2023-04").as_deref(),
        Some("22.115"),
        "the value typed in the seed is still stored"
    );
    assert!(
        after
            .narratives
            .iter()
            .all(|n| !n.text.contains("Đã tổ chức")),
        "the narrative is the example's"
    );
    assert!(
        after
            .tasks
            .iter()
            .all(|t| !t.text.starts_with("Trình UBND")),
        "the key tasks are the example's"
    );
    assert_eq!(before.values.len(), after.values.len());
    assert_eq!(before, after, "the database holds what it held");
}

/// Loads a marked copy broken by `break_it` over a database holding the example; returns
/// the error message and the folder. Asserts the database is unchanged.
async fn rejected(break_it: impl FnOnce(&Folder)) -> (String, Folder) {
    let db: TestDb = example_db().await;
    let before = db_state(&db.store).await;
    assert_eq!(
        as_typed(&before, "DVC_HOSO", "XA", "2023-04").as_deref(),
        Some("22.115")
    );
    let folder = marked_copy();
    break_it(&folder);
    let error = baocao_app::load_folder(&db.store, folder.path())
        .await
        .expect_err("a broken folder is refused");
    let after = db_state(&db.store).await;
    assert_example_unchanged(&before, &after);
    (error.to_string(), folder)
}

/// `<path of file>:<line>:` — how messages locate a problem.
fn located(folder: &Folder, file: &str, line: usize) -> String {
    format!("{}:{line}:", folder.path().join(file).display())
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "the message should say `{part}`:\n{message}"
        );
    }
}

#[tokio::test]
async fn the_markers_alone_load_and_show_in_the_database() {
    // The control: without a mistake the same copy is stored, so the checks of the cases
    // below would see a partial write.
    let db = example_db().await;
    let folder = marked_copy();
    let summary = baocao_app::load_folder(&db.store, folder.path())
        .await
        .unwrap_or_else(|e| panic!("the marked copy loads: {e}"));
    assert_eq!(summary.values, 122);
    let after = db_state(&db.store).await;
    assert_eq!(
        as_typed(&after, "DVC_HOSO", "XA", "2023-04").as_deref(),
        Some("22.155")
    );
    assert!(
        after
            .narratives
            .iter()
            .any(|n| n.text.contains("Đã tổ chức"))
    );
    assert!(after.tasks.iter().any(|t| t.text.starts_with("Trình UBND")));
    // And validation no longer finds the commune subtotal wrong.
    let data = crate::helpers::april_data(&db.store).await;
    let report = baocao_app::validate(&data);
    assert!(
        !report
            .violations
            .iter()
            .any(|v| v.rule_code == "TONG:DVC_HOSO.XA"),
        "{:#?}",
        report.violations
    );
}

#[tokio::test]
async fn unknown_category_in_a_category_combo() {
    let (message, folder) = rejected(|f| {
        f.replace(
            "catalog.toml",
            "categories = [\"CAP\", \"HUONG\"]",
            "categories = [\"CAP\", \"HUONGX\"]",
        );
    })
    .await;
    // Located at the combo: between its `[[category_combo]]` line and the wrong field.
    let header = folder.line_of("catalog.toml", "code = \"HUONG_CAP\"") - 1;
    let field = folder.line_of("catalog.toml", "\"HUONGX\"");
    let located_in_item =
        (header..=field).any(|l| message.starts_with(&located(&folder, "catalog.toml", l)));
    assert!(located_in_item, "lines {header}–{field}:\n{message}");
    assert_mentions(
        &message,
        &[
            "field `categories`",
            "HUONG_CAP",
            "unknown category `HUONGX`",
            "expected one of: CAP, HUONG,",
        ],
    );
}

#[tokio::test]
async fn indicator_formula_refers_to_a_missing_data_element() {
    let (message, folder) = rejected(|f| {
        f.replace(
            "catalog.toml",
            "numerator = \"#{DVC_HOSO.QUAMANG}\"",
            "numerator = \"#{DVC_HOSOX.QUAMANG}\"",
        );
    })
    .await;
    let code = folder.line_of("catalog.toml", "code = \"DVC_TYLE_TRUCTUYEN\"");
    let field = folder.line_of("catalog.toml", "DVC_HOSOX");
    let located_in_item =
        (code - 1..=field).any(|l| message.starts_with(&located(&folder, "catalog.toml", l)));
    assert!(located_in_item, "lines {}–{field}:\n{message}", code - 1);
    assert_mentions(
        &message,
        &[
            "field `numerator`",
            "DVC_TYLE_TRUCTUYEN",
            "no data element `DVC_HOSOX` in the catalogue",
        ],
    );
}

#[tokio::test]
async fn malformed_number_with_a_dot_that_is_not_a_thousands_separator() {
    let (message, folder) =
        rejected(|f| f.replace(DATA, "value = \"7.192\"", "value = \"7.19\"")).await;
    let line = folder.line_of(DATA, "\"7.19\"");
    assert!(
        message.starts_with(&located(&folder, DATA, line)),
        "{message}"
    );
    assert_mentions(
        &message,
        &[
            "field `value`",
            "\"7.19\"",
            "expected thousands groups of three digits",
        ],
    );
}

#[tokio::test]
async fn malformed_number_with_a_letter() {
    let (message, folder) =
        rejected(|f| f.replace(DATA, "value = \"272\"", "value = \"27a\"")).await;
    let line = folder.line_of(DATA, "\"27a\"");
    assert!(
        message.starts_with(&format!("{}9: ", located(&folder, DATA, line))),
        "line {line}, column 9:\n{message}"
    );
    assert_mentions(
        &message,
        &[
            "field `value`",
            "\"27a\"",
            "unexpected 'a'",
            "expected digits",
        ],
    );
}

#[tokio::test]
async fn document_symbol_breaking_nghi_dinh_30() {
    let (message, folder) = rejected(|f| {
        f.replace(
            "documents.toml",
            "symbol = \"166/QĐ-UBND\"",
            "symbol = \"166/QD UBND\"",
        );
    })
    .await;
    let line = folder.line_of("documents.toml", "166/QD UBND");
    assert!(
        message.starts_with(&located(&folder, "documents.toml", line)),
        "{message}"
    );
    assert_mentions(
        &message,
        &[
            "field `symbol`",
            "\"166/QD UBND\"",
            "no spaces are allowed",
            "did you mean \"QĐ\"",
        ],
    );
}

#[tokio::test]
async fn data_file_for_month_13() {
    let (message, folder) = rejected(|f| {
        f.replace(
            DATA,
            "period = \"2023-04\"\norg_unit",
            "period = \"2023-13\"\norg_unit",
        );
    })
    .await;
    let line = folder.line_of(DATA, "period = \"2023-13\"");
    assert!(
        message.starts_with(&located(&folder, DATA, line)),
        "{message}"
    );
    assert_mentions(&message, &["field `period`", "\"2023-13\"", "01–12"]);
}

#[tokio::test]
async fn option_that_is_not_in_the_data_elements_breakdown() {
    let (message, folder) =
        rejected(|f| f.replace(DATA, "coc = \"XA.TRUCTIEP\"", "coc = \"XA.THAP\"")).await;
    let line = folder.line_of(DATA, "XA.THAP");
    assert!(
        message.starts_with(&located(&folder, DATA, line)),
        "{message}"
    );
    assert_mentions(
        &message,
        &[
            "field `coc`",
            "option `THAP` is not a breakdown of `DVC_HOSO`",
            "expected one of: TINH, HUYEN, XA, TRUCTIEP, QUAMANG, BCCI",
        ],
    );
}

#[tokio::test]
async fn count_with_decimals() {
    let (message, folder) = rejected(|f| {
        f.replace(
            DATA,
            "de = \"CNTT_CHUNGTHUSO\"\nvalue = \"07\"",
            "de = \"CNTT_CHUNGTHUSO\"\nvalue = \"7,5\"",
        );
    })
    .await;
    let line = folder.line_of(DATA, "\"7,5\"");
    assert!(
        message.starts_with(&located(&folder, DATA, line)),
        "{message}"
    );
    assert_mentions(
        &message,
        &[
            "field `value`",
            "CNTT_CHUNGTHUSO",
            "expected a whole number, found `7,5`",
        ],
    );
}

#[tokio::test]
async fn toml_syntax_error() {
    let (message, folder) = rejected(|f| {
        f.replace(
            "documents.toml",
            "issuer = \"Thủ tướng Chính phủ\"",
            "issuer = \"Thủ tướng Chính phủ",
        );
    })
    .await;
    let line = folder.line_of("documents.toml", "Thủ tướng Chính phủ");
    assert!(
        message.starts_with(&located(&folder, "documents.toml", line)),
        "{message}"
    );
    assert_mentions(&message, &["expected `\"`"]);
}

#[tokio::test]
async fn every_problem_of_the_bad_file_is_listed() {
    let (message, folder) = rejected(|f| {
        f.replace(DATA, "value = \"272\"", "value = \"27a\"");
        f.replace(
            DATA,
            "de = \"CNTT_CHUNGTHUSO\"\nvalue = \"07\"",
            "de = \"CNTT_CHUNGTHUSO\"\nvalue = \"7,5\"",
        );
    })
    .await;
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 2, "{message}");
    assert!(lines[0].starts_with(&located(&folder, DATA, folder.line_of(DATA, "\"7,5\""))));
    assert!(lines[1].starts_with(&located(&folder, DATA, folder.line_of(DATA, "\"27a\""))));
}

#[tokio::test]
async fn an_error_in_the_last_value_leaves_every_earlier_value_unwritten() {
    // The last value of the data file is wrong; the values before it (among them the
    // retyped commune subtotal of the markers) must not be stored.
    let (message, folder) = rejected(|f| {
        let text = f.read(DATA);
        let last = text.rfind("[[value]]").expect("a value");
        assert!(
            text[last..].starts_with("[[value]]\nde = \"TTRA_DON\"\nvalue = \"01\""),
            "TTRA_DON is the last value of the example"
        );
        f.replace(
            DATA,
            "de = \"TTRA_DON\"\nvalue = \"01\"",
            "de = \"TTRA_DON\"\nvalue = \"O1\"",
        );
    })
    .await;
    let line = folder.line_of(DATA, "\"O1\"");
    assert!(
        message.starts_with(&located(&folder, DATA, line)),
        "{message}"
    );
    assert_mentions(&message, &["field `value`", "\"O1\"", "expected digits"]);
}

#[tokio::test]
async fn an_error_in_the_report_template_found_after_every_file_was_read() {
    // `report.toml` is checked last, once the data, registers and narrative are all read:
    // still nothing is written.
    let (message, folder) = rejected(|f| {
        f.replace(
            "report.toml",
            "symbol_suffix = \"BC-STTTT\"",
            "symbol_suffix = BC-STTTT",
        );
    })
    .await;
    let line = folder.line_of("report.toml", "symbol_suffix = BC-STTTT");
    assert!(
        message.contains(&format!("report.toml:{line}:")),
        "line {line}:\n{message}"
    );
}

#[tokio::test]
async fn a_narrative_referring_to_an_unknown_code_is_refused_at_load() {
    // The narrative is rendered while loading, so a wrong code in it is found before the
    // report is asked for, and nothing is written.
    let (message, folder) = rejected(|f| {
        f.replace(
            "narrative/2023-04.toml",
            "{{ v(\"CNTT_TDOFFICE_VANBAN\") }}",
            "{{ v(\"CNTT_TDOFFICE_VB\") }}",
        );
    })
    .await;
    // Located at the narrative file's own line, not the line inside the section's text.
    let line = folder.line_of("narrative/2023-04.toml", "CNTT_TDOFFICE_VB");
    assert!(
        message.starts_with(&located(&folder, "narrative/2023-04.toml", line)),
        "line {line}:\n{message}"
    );
    assert_mentions(&message, &["section 2.2", "CNTT_TDOFFICE_VB"]);
}

#[tokio::test]
async fn a_report_template_error_names_the_whole_path() {
    let (message, folder) = rejected(|f| {
        f.replace(
            "report.toml",
            "symbol_suffix = \"BC-STTTT\"",
            "symbol_suffix = BC-STTTT",
        );
    })
    .await;
    let line = folder.line_of("report.toml", "symbol_suffix = BC-STTTT");
    assert!(
        message.starts_with(&located(&folder, "report.toml", line)),
        "{message}"
    );
}
