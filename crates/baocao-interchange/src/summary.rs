//! The import summary, in the shape DHIS2 answers an import of dataValueSets with.

use serde::Serialize;

use crate::problem::Problems;

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
    /// Where: `line 12, column value`, `sheet “Biểu mẫu”, cell D14`, `dataValues[3].period`.
    pub object: String,
    /// The value found and what was expected.
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
                    format!("found “{}”: {}", p.found, p.message)
                },
            })
            .collect();
        if problems.more > 0 {
            conflicts.push(Conflict {
                object: "file".to_string(),
                value: format!("{} more problems were found and not listed", problems.more),
            });
        }
        ImportSummary {
            response_type: "ImportSummary",
            status: Status::Error,
            description: format!(
                "{} problems found; nothing was imported: the file is imported whole or not at all",
                problems.count()
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
            "Dry run: nothing was written; the import would store"
        } else {
            "Imported in one transaction:"
        };
        ImportSummary {
            response_type: "ImportSummary",
            status,
            description: format!(
                "{verb} {} new values, {} updated, {} ignored (empty or unchanged)",
                count.imported, count.updated, count.ignored
            ),
            import_count: count,
            conflicts: Vec::new(),
        }
    }
}
