//! A problem found in an imported file: where (sheet and cell, line and column, or the index
//! of a JSON value and its field), the value found, and what was wrong and expected.
//!
//! Everything here is read by the department's staff: places and messages are Vietnamese
//! (`Trang “Biểu mẫu”, ô D12: gặp “nhiều”: …`), and only the names written in the file
//! itself — codes, column names, DHIS2 JSON members such as `categoryOptionCombo` — are left
//! as they are, so that the user finds them in the file.

use std::fmt;

use baocao_core::format::integer;
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
        /// The field, e.g. `categoryOptionCombo`; empty for the value as a whole
        /// (`dataValues[3]`).
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

impl Location {
    /// The place as it reads inside a sentence, its first letter in lower case:
    /// `dòng 2, cột coc`, `trang “Biểu mẫu”, ô D12`, `dataValues[0].orgUnit`.
    pub fn in_sentence(&self) -> String {
        let text = self.to_string();
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => text,
        }
    }
}

/// The place in Vietnamese, as the user reads it: `Cả tệp`, `Trang “Biểu mẫu”`,
/// `Trang “Biểu mẫu”, ô D12`, `Dòng 3`, `Dòng 3, cột value`, `dataValues[2].value`,
/// `dataValues[2]`, `Dòng 4, ký tự 7` (a place in a JSON text).
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => f.write_str("Cả tệp"),
            Location::Sheet { sheet } => write!(f, "Trang “{sheet}”"),
            Location::Cell { sheet, cell } => write!(f, "Trang “{sheet}”, ô {cell}"),
            Location::Line { line, column } if column.is_empty() => write!(f, "Dòng {line}"),
            Location::Line { line, column } => write!(f, "Dòng {line}, cột {column}"),
            Location::JsonValue { index, field } if field.is_empty() => {
                write!(f, "dataValues[{index}]")
            }
            Location::JsonValue { index, field } => write!(f, "dataValues[{index}].{field}"),
            Location::JsonText { line, column } => write!(f, "Dòng {line}, ký tự {column}"),
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

/// `Dòng 3, cột value: gặp “-5”: …`, or without `gặp “…”` when nothing was found there.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.found.is_empty() {
            write!(f, "{}: {}", self.location, self.message)
        } else {
            write!(
                f,
                "{}: gặp “{}”: {}",
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
                "  … và {} lỗi khác (chỉ liệt kê {} lỗi đầu tiên)",
                integer(self.more as i64),
                integer(MAX_LISTED_PROBLEMS as i64)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(line: u64, column: &str) -> Location {
        Location::Line {
            line,
            column: column.to_string(),
        }
    }

    #[test]
    fn places_read_in_vietnamese() {
        let cell = Location::Cell {
            sheet: "Biểu mẫu".into(),
            cell: "D12".into(),
        };
        assert_eq!(cell.to_string(), "Trang “Biểu mẫu”, ô D12");
        assert_eq!(cell.in_sentence(), "trang “Biểu mẫu”, ô D12");
        let sheet = Location::Sheet {
            sheet: "Sheet2".into(),
        };
        assert_eq!(sheet.to_string(), "Trang “Sheet2”");
        assert_eq!(Location::File.to_string(), "Cả tệp");
        assert_eq!(Location::File.in_sentence(), "cả tệp");
        assert_eq!(line(3, "value").to_string(), "Dòng 3, cột value");
        assert_eq!(line(3, "").to_string(), "Dòng 3");
        assert_eq!(line(3, "coc").in_sentence(), "dòng 3, cột coc");
        let member = Location::JsonValue {
            index: 2,
            field: "value".into(),
        };
        assert_eq!(member.to_string(), "dataValues[2].value");
        assert_eq!(member.in_sentence(), "dataValues[2].value");
        let whole = Location::JsonValue {
            index: 2,
            field: String::new(),
        };
        assert_eq!(whole.to_string(), "dataValues[2]");
        let text = Location::JsonText { line: 4, column: 7 };
        assert_eq!(text.to_string(), "Dòng 4, ký tự 7");
    }

    #[test]
    fn a_problem_says_where_what_was_found_and_what_is_wrong() {
        let found = Problem::new(line(2, "value"), "-5", "không thể âm");
        assert_eq!(
            found.to_string(),
            "Dòng 2, cột value: gặp “-5”: không thể âm"
        );
        let nothing = Problem::new(Location::File, "", "tệp trống");
        assert_eq!(nothing.to_string(), "Cả tệp: tệp trống");
        let mut problems = Problems::default();
        for i in 0..MAX_LISTED_PROBLEMS + 2 {
            problems.push(Problem::new(line(i as u64 + 2, ""), "", "sai"));
        }
        assert_eq!(problems.count(), MAX_LISTED_PROBLEMS as u64 + 2);
        assert!(
            problems
                .to_string()
                .ends_with("  … và 2 lỗi khác (chỉ liệt kê 10.000 lỗi đầu tiên)\n")
        );
    }
}
