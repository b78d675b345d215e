//! A category option combo: one cell of a data element's breakdown, or a subtotal when it
//! names options of only some categories. The empty combo is DHIS2's `default`: the total.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A set of option codes in the canonical order of the data element's category combo.
/// Built through [`crate::catalog::Catalog::selection`], which orders and checks the options.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct CategoryOptionCombo {
    options: Vec<String>,
}

/// The code of the combo that names no option: the total of a data element.
pub const DEFAULT_COC: &str = "default";

impl CategoryOptionCombo {
    /// A combo from options already in canonical order.
    pub fn new(options: Vec<String>) -> Self {
        CategoryOptionCombo { options }
    }

    /// A combo for options that belong to no one category combo (the breakdown of a stated
    /// indicator value): options sorted by code, so that any order names the same combo.
    pub fn unordered(mut options: Vec<String>) -> Self {
        options.sort();
        options.dedup();
        CategoryOptionCombo { options }
    }

    /// The total (`default`).
    pub fn total() -> Self {
        CategoryOptionCombo::default()
    }

    /// Splits a code such as `XA.QUAMANG` into option codes; `default` and "" give none.
    /// The order is not checked here; pass the result to `Catalog::selection`.
    pub fn split_code(code: &str) -> Vec<&str> {
        let code = code.trim();
        if code.is_empty() || code == DEFAULT_COC {
            return Vec::new();
        }
        code.split('.').map(str::trim).collect()
    }

    /// The options, in combo order.
    pub fn options(&self) -> &[String] {
        &self.options
    }

    /// Whether this is the total.
    pub fn is_total(&self) -> bool {
        self.options.is_empty()
    }

    /// Whether every option of `self` is also in `other` (other is this cell or finer).
    pub fn is_within(&self, other: &CategoryOptionCombo) -> bool {
        self.options.iter().all(|o| other.options.contains(o))
    }

    /// The code: options joined by ".", or `default`.
    pub fn code(&self) -> String {
        if self.options.is_empty() {
            DEFAULT_COC.to_string()
        } else {
            self.options.join(".")
        }
    }
}

impl fmt::Display for CategoryOptionCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        assert_eq!(
            CategoryOptionCombo::split_code("default"),
            Vec::<&str>::new()
        );
        assert_eq!(CategoryOptionCombo::split_code(""), Vec::<&str>::new());
        assert_eq!(
            CategoryOptionCombo::split_code("XA.QUAMANG"),
            vec!["XA", "QUAMANG"]
        );
        let coc = CategoryOptionCombo::new(vec!["XA".into(), "QUAMANG".into()]);
        assert_eq!(coc.code(), "XA.QUAMANG");
        assert_eq!(CategoryOptionCombo::total().code(), "default");
    }

    #[test]
    fn within_means_finer_or_equal() {
        let xa = CategoryOptionCombo::new(vec!["XA".into()]);
        let cell = CategoryOptionCombo::new(vec!["XA".into(), "QUAMANG".into()]);
        assert!(xa.is_within(&cell));
        assert!(!cell.is_within(&xa));
        assert!(CategoryOptionCombo::total().is_within(&xa));
    }
}
