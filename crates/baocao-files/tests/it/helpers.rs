//! Small files as text, and helpers to find lines and problems.

use std::path::Path;

use baocao_engine::CompiledCatalog;
use baocao_files::catalog::load_catalog;
use baocao_files::{FilesError, Problem, SourceFile};

/// A small catalogue: CAP {TINH, HUYEN, XA}, KENH {TRUCTIEP, QUAMANG, BCCI}, the combo
/// CAP_KENH, DVC_HOSO (integer, CAP_KENH), DOANHTHU (number), a constant and an indicator.
pub const CATALOG: &str = r##"# Danh mục thử
[[category]]
code = "CAP"
name = "Cấp hành chính"
options = [
  { code = "TINH", name = "cấp tỉnh" },
  { code = "HUYEN", name = "cấp huyện" },
  { code = "XA", name = "cấp xã" },
]

[[category]]
code = "KENH"
name = "Kênh tiếp nhận"
options = [
  { code = "TRUCTIEP", name = "trực tiếp" },
  { code = "QUAMANG", name = "qua mạng" },
  { code = "BCCI", name = "qua BCCI" },
]

[[category_combo]]
code = "CAP_KENH"
name = "Cấp × kênh"
categories = ["CAP", "KENH"]

[[data_element]]
code = "DVC_HOSO"
name = "Hồ sơ tiếp nhận trên hệ thống Dịch vụ công"
short_name = "hồ sơ"
unit = "hồ sơ"
field = "cntt"
value_type = "integer"
aggregation = "sum"
category_combo = "CAP_KENH"

[[data_element]]
code = "DOANHTHU"
name = "Doanh thu"
unit = "tỷ đồng"
field = "bcvt"
value_type = "number"
aggregation = "sum"

[[constant]]
code = "DANSO_TB"
name = "Dân số trung bình"
value = 596049
unit = "người"
year = 2021

[[indicator]]
code = "DVC_TYLE_TRUCTUYEN"
name = "Tỷ lệ hồ sơ tiếp nhận trực tuyến"
numerator = "#{DVC_HOSO.QUAMANG}"
denominator = "#{DVC_HOSO}"
factor = 100
decimals = 2
unit = "%"
field = "cntt"
"##;

/// The header of a data file for 2023-04 (line 1 is a comment, the period is on line 2).
pub const DATA_HEADER: &str = r#"# Số liệu thử
period = "2023-04"
org_unit = "58"
stored_by = "Văn phòng Sở"
"#;

/// A source file from text.
pub fn source(name: &str, text: &str) -> SourceFile {
    SourceFile::from_text(Path::new(name), text)
}

/// The small catalogue, compiled.
pub fn catalog() -> CompiledCatalog {
    load_catalog(&source("catalog.toml", CATALOG)).expect("the small catalogue loads")
}

/// The problems of a result that must be `FilesError::Invalid`.
#[track_caller]
pub fn problems<T: std::fmt::Debug>(result: Result<T, FilesError>) -> Vec<Problem> {
    match result {
        Err(FilesError::Invalid(problems)) => problems,
        other => panic!("expected FilesError::Invalid, got {other:?}"),
    }
}

/// The single problem of a result.
#[track_caller]
pub fn one_problem<T: std::fmt::Debug>(result: Result<T, FilesError>) -> Problem {
    let mut found = problems(result);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.remove(0)
}

/// The 1-based line of the `nth` (from 1) line containing `needle`.
#[track_caller]
pub fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth - 1)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("`{needle}` (#{nth}) not in the text"))
}

/// The lines (first, last) of the `[[…]]` block that holds the line `line`: from its header
/// to the line before the next header.
pub fn block_of(text: &str, line: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let start = (1..=line)
        .rev()
        .find(|l| lines[l - 1].trim_start().starts_with("[["))
        .unwrap_or(1);
    let end = (line + 1..=lines.len())
        .find(|l| lines[l - 1].trim_start().starts_with("["))
        .map_or(lines.len(), |l| l - 1);
    (start, end)
}

/// Asserts the problem is located in the `[[…]]` block holding the `nth` line with
/// `needle`, names `field` and says each of `words`.
#[track_caller]
pub fn assert_problem_in_block(
    problem: &Problem,
    text: &str,
    needle: &str,
    nth: usize,
    field: &str,
    words: &[&str],
) {
    let (first, last) = block_of(text, line_of(text, needle, nth));
    assert!(
        (first..=last).contains(&problem.line),
        "expected a line in {first}..={last} (the block of `{needle}`), got {}: {problem}",
        problem.line
    );
    assert_eq!(problem.field, field, "{problem}");
    for word in words {
        assert!(problem.message.contains(word), "`{word}` not in: {problem}");
    }
}

/// Asserts the problem is on the `nth` line with `needle`, names `field` and says each of
/// `words`.
#[track_caller]
pub fn assert_problem_at(
    problem: &Problem,
    text: &str,
    needle: &str,
    nth: usize,
    field: &str,
    words: &[&str],
) {
    assert_eq!(
        problem.line,
        line_of(text, needle, nth),
        "line of `{needle}`: {problem}"
    );
    assert_eq!(problem.field, field, "{problem}");
    for word in words {
        assert!(problem.message.contains(word), "`{word}` not in: {problem}");
    }
}
