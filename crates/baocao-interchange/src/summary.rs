//! The import summary, in the shape DHIS2 answers an import of dataValueSets with; its
//! words (the description, each conflict's place and message) are Vietnamese.

use baocao_core::format::integer;
use serde::Serialize;

use crate::problem::{Location, Problems};

/// The outcome, as DHIS2 names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Every value was stored (or, in a dry run, would be), none was ignored.
    Success,
    /// Everything that could be stored was, but some values were ignored (empty values,
    /// values identical to the stored ones).
    Warning,
    /// Problems were found: nothing was stored.
    Error,
}

/// The counts of an import. baocao imports all or nothing, so on `ERROR` every count is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCount {
    /// Values with a key not stored before.
    pub imported: u64,
    /// Values that replaced a stored value with another figure or comment.
    pub updated: u64,
    /// Values not written: empty in the file, or identical to the stored value.
    pub ignored: u64,
    /// Always 0: an import adds and replaces values, never deletes.
    pub deleted: u64,
}

/// A problem, as DHIS2 reports a conflict: the object (here: where in the file) and what is
/// wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Where: `Dòng 12, cột value`, `Trang “Biểu mẫu”, ô D14`, `dataValues[3].period`.
    pub object: String,
    /// The value found and what was expected: `gặp “-5”: …`.
    pub value: String,
}

/// An import summary in DHIS2's shape (`responseType`, `status`, `importCount`,
/// `conflicts`), with a `description` in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// Always `ImportSummary`.
    pub response_type: &'static str,
    /// `SUCCESS`, `WARNING` or `ERROR`.
    pub status: Status,
    /// What happened, in words.
    pub description: String,
    /// The counts.
    pub import_count: ImportCount,
    /// Every problem (empty unless `ERROR`).
    pub conflicts: Vec<Conflict>,
}

impl ImportSummary {
    /// The summary of a refused import: every problem a conflict, nothing counted.
    pub fn refused(problems: &Problems) -> Self {
        let mut conflicts: Vec<Conflict> = problems
            .listed
            .iter()
            .map(|p| Conflict {
                object: p.location.to_string(),
                value: if p.found.is_empty() {
                    p.message.clone()
                } else {
                    format!("gặp “{}”: {}", p.found, p.message)
                },
            })
            .collect();
        if problems.more > 0 {
            conflicts.push(Conflict {
                object: Location::File.to_string(),
                value: format!(
                    "còn {} lỗi khác không được liệt kê",
                    integer(problems.more as i64)
                ),
            });
        }
        ImportSummary {
            response_type: "ImportSummary",
            status: Status::Error,
            description: format!(
                "Có {} lỗi nên không nhập gì: tệp được nhập trọn vẹn hoặc không nhập gì",
                integer(problems.count() as i64)
            ),
            import_count: ImportCount::default(),
            conflicts,
        }
    }

    /// The summary of an accepted import (or of a dry run that would be accepted).
    pub fn accepted(count: ImportCount, dry_run: bool) -> Self {
        let status = if count.ignored > 0 {
            Status::Warning
        } else {
            Status::Success
        };
        let verb = if dry_run {
            "Chạy thử, chưa ghi gì; nếu nhập sẽ ghi"
        } else {
            "Đã nhập trong một giao dịch:"
        };
        ImportSummary {
            response_type: "ImportSummary",
            status,
            description: format!(
                "{verb} {} giá trị mới, {} cập nhật, {} bỏ qua (trống hoặc không đổi)",
                integer(count.imported as i64),
                integer(count.updated as i64),
                integer(count.ignored as i64)
            ),
            import_count: count,
            conflicts: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Problem;

    #[test]
    fn a_refused_import_lists_every_problem_as_a_conflict_in_vietnamese() {
        let mut problems = Problems::default();
        problems.push(Problem::new(
            Location::Line {
                line: 2,
                column: "value".into(),
            },
            "-5",
            "không thể âm",
        ));
        problems.push(Problem::new(Location::File, "", "tệp trống"));
        problems.more = 1234;
        let summary = ImportSummary::refused(&problems);
        assert_eq!(summary.status, Status::Error);
        assert_eq!(
            summary.conflicts,
            [
                Conflict {
                    object: "Dòng 2, cột value".into(),
                    value: "gặp “-5”: không thể âm".into()
                },
                Conflict {
                    object: "Cả tệp".into(),
                    value: "tệp trống".into()
                },
                Conflict {
                    object: "Cả tệp".into(),
                    value: "còn 1.234 lỗi khác không được liệt kê".into()
                },
            ]
        );
        assert_eq!(
            summary.description,
            "Có 1.236 lỗi nên không nhập gì: tệp được nhập trọn vẹn hoặc không nhập gì"
        );
        let count = ImportCount {
            imported: 2,
            updated: 1,
            ignored: 0,
            deleted: 0,
        };
        assert_eq!(
            ImportSummary::accepted(count, true).description,
            "Chạy thử, chưa ghi gì; nếu nhập sẽ ghi 2 giá trị mới, 1 cập nhật, 0 bỏ qua (trống hoặc không đổi)"
        );
    }
}
