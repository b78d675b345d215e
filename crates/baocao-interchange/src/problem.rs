//! A problem found in an imported file: where (sheet and cell, line and column, or the index
//! of a JSON value and its field), the value found, and what was wrong and expected.

use std::fmt;

use serde::Serialize;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// The file as a whole (not a workbook, truncated, encrypted …).
    File,
    /// A sheet of a workbook as a whole (an extra sheet, a missing header).
    Sheet {
        /// The sheet's name.
        sheet: String,
    },
    /// A cell of a workbook, e.g. `Biểu mẫu!D12`.
    Cell {
        /// The sheet's name.
        sheet: String,
        /// The cell in A1 notation.
        cell: String,
    },
    /// A line of a text file (counted from 1, the header is line 1) and a column by name.
    Line {
        /// The line, counted from 1.
        line: u64,
        /// The column's name, e.g. `value`; empty for the whole line.
        column: String,
    },
    /// A value of a DHIS2 JSON file: `dataValues[index].field` (index counted from 0, as
    /// DHIS2 does).
    JsonValue {
        /// The index in `dataValues`.
        index: usize,
        /// The field, e.g. `categoryOptionCombo`.
        field: String,
    },
    /// A place in a JSON text: line and column counted from 1.
    JsonText {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => f.write_str("file"),
            Location::Sheet { sheet } => write!(f, "sheet “{sheet}”"),
            Location::Cell { sheet, cell } => write!(f, "sheet “{sheet}”, cell {cell}"),
            Location::Line { line, column } if column.is_empty() => write!(f, "line {line}"),
            Location::Line { line, column } => write!(f, "line {line}, column {column}"),
            Location::JsonValue { index, field } => write!(f, "dataValues[{index}].{field}"),
            Location::JsonText { line, column } => write!(f, "line {line}, column {column}"),
        }
    }
}

/// One problem: where, the value found there, and what is wrong and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where.
    pub location: Location,
    /// The value found, as read (empty when nothing was there or it does not apply).
    pub found: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    /// A problem at `location` about the value `found`.
    pub fn new(location: Location, found: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            location,
            found: found.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.found.is_empty() {
            write!(f, "{}: {}", self.location, self.message)
        } else {
            write!(
                f,
                "{}: found “{}”: {}",
                self.location, self.found, self.message
            )
        }
    }
}

/// How many problems are kept and listed; past that only a count is kept, so that a file
/// wrong on every one of its million lines does not exhaust memory.
pub const MAX_LISTED_PROBLEMS: usize = 10_000;

/// The problems of one file, listed up to [`MAX_LISTED_PROBLEMS`] and counted beyond.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Problems {
    /// The problems listed, in the order found.
    pub listed: Vec<Problem>,
    /// Problems found beyond those listed.
    pub more: u64,
}

impl Problems {
    /// Adds a problem.
    pub fn push(&mut self, problem: Problem) {
        if self.listed.len() < MAX_LISTED_PROBLEMS {
            self.listed.push(problem);
        } else {
            self.more += 1;
        }
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty() && self.more == 0
    }

    /// How many were found.
    pub fn count(&self) -> u64 {
        self.listed.len() as u64 + self.more
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.listed {
            writeln!(f, "  {p}")?;
        }
        if self.more > 0 {
            writeln!(
                f,
                "  … and {} more problems (only the first {MAX_LISTED_PROBLEMS} are listed)",
                self.more
            )?;
        }
        Ok(())
    }
}
