//! The catalogue: categories and their options, category combos, data elements (chỉ tiêu),
//! constants, indicators (chỉ số tính toán) and validation rules (quy tắc kiểm tra), in the
//! shape DHIS2 uses for aggregate data. A department edits it as a file; this module holds the
//! parsed form and answers look-ups. Formulas stay as text here; `baocao-engine` parses them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::coc::CategoryOptionCombo;
use crate::dataset::{DataSet, ReportingRegime};

/// The field (lĩnh vực) a data element, indicator or document belongs to; the report's
/// section 2 has one subsection per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Chung: leadership, organisation, matters of the whole department.
    Chung,
    /// Công nghệ thông tin.
    Cntt,
    /// Bưu chính, viễn thông.
    Bcvt,
    /// Thông tin - Báo chí - Xuất bản.
    Ttbcxb,
    /// Thanh tra.
    ThanhTra,
}

impl Field {
    /// Every field, in the order the report lists them.
    pub const ALL: [Field; 5] = [
        Field::Chung,
        Field::Cntt,
        Field::Bcvt,
        Field::Ttbcxb,
        Field::ThanhTra,
    ];

    /// The code used in files and the database: `chung`, `cntt`, `bcvt`, `ttbcxb`, `thanh_tra`.
    pub fn code(self) -> &'static str {
        match self {
            Field::Chung => "chung",
            Field::Cntt => "cntt",
            Field::Bcvt => "bcvt",
            Field::Ttbcxb => "ttbcxb",
            Field::ThanhTra => "thanh_tra",
        }
    }

    /// Parses a code as written by [`Field::code`]; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The Vietnamese name, e.g. "Công nghệ thông tin".
    pub fn name_vi(self) -> &'static str {
        match self {
            Field::Chung => "Chung",
            Field::Cntt => "Công nghệ thông tin",
            Field::Bcvt => "Bưu chính, viễn thông",
            Field::Ttbcxb => "Thông tin - Báo chí - Xuất bản",
            Field::ThanhTra => "Thanh tra",
        }
    }
}

/// What kind of number a data element holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// A count: a whole number, never negative.
    Integer,
    /// Any decimal number (revenue in tỷ đồng, lengths in km).
    Number,
    /// A percentage, 0–100 or more for growth.
    Percentage,
}

/// How values of a data element combine across periods and org units (DHIS2's aggregation
/// type). Options of a category are always summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregationType {
    /// Flows: dossiers received, items posted.
    Sum,
    /// Stocks: subscribers, stations, accounts — the latest period's value.
    Last,
    /// The mean of the periods' values.
    Average,
}

/// What span of time one value of a data element covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodScope {
    /// The period itself (its cut-off window).
    #[default]
    Period,
    /// From 1 January to the report's year-to-date cut-off date ("lũy kế từ đầu năm").
    YearToDate,
    /// Since the system or register began (a running total).
    Cumulative,
}

/// One option of a category, e.g. `TINH` "cấp tỉnh".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryOption {
    /// Code, unique within every category combo that uses the category.
    pub code: String,
    /// Vietnamese name as printed, e.g. "cấp tỉnh".
    pub name: String,
}

/// A category (phân tổ): a way of breaking a figure down, e.g. administrative level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Code, e.g. `CAP`.
    pub code: String,
    /// Vietnamese name, e.g. "Cấp hành chính".
    pub name: String,
    /// The options, in display order.
    pub options: Vec<CategoryOption>,
}

/// An ordered list of categories; a data element with this combo has one cell per combination
/// of options (a [`CategoryOptionCombo`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryCombo {
    /// Code, e.g. `KENH_CAP`.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// Category codes, in the order option codes appear in a cell's name.
    pub categories: Vec<String>,
}

/// A data element (chỉ tiêu): one quantity that units submit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataElement {
    /// Code, e.g. `DVC_HOSO`.
    pub code: String,
    /// Vietnamese name, e.g. "Hồ sơ tiếp nhận trên hệ thống Dịch vụ công".
    pub name: String,
    /// Unit as printed after the figure, e.g. "hồ sơ", "tỷ đồng", "km".
    pub unit: String,
    /// The field it belongs to.
    pub field: Field,
    /// Integer, number or percentage.
    pub value_type: ValueType,
    /// How it combines across periods and org units.
    pub aggregation: AggregationType,
    /// Its category combo's code; `None` means one cell, `default`.
    pub category_combo: Option<String>,
    /// The span of time one value covers.
    pub period_scope: PeriodScope,
    /// Free description.
    pub description: Option<String>,
}

/// A constant of reference data (DHIS2 constant), e.g. the average population of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Constant {
    /// Code, e.g. `DANSO_TB`.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// The value, in `unit`.
    pub value: f64,
    /// Unit, e.g. "người", "km²".
    pub unit: String,
    /// The year the figure is for (population of 2021 used in 2023), if any.
    pub year: Option<i32>,
    /// Where the figure comes from.
    pub source: Option<String>,
}

/// An indicator (chỉ số tính toán): numerator ÷ denominator × factor, as in DHIS2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Code, e.g. `DVC_TYLE_TRUCTUYEN`.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// Numerator formula (see `docs/file-formats.md`).
    pub numerator: String,
    /// Denominator formula; `None` means 1.
    pub denominator: Option<String>,
    /// Factor: 100 for a percentage or a density per 100 inhabitants.
    pub factor: f64,
    /// Decimals it is printed with (70,96 → 2).
    pub decimals: u32,
    /// Unit as printed, e.g. "%", "thuê bao/100 dân".
    pub unit: String,
    /// The field it belongs to.
    pub field: Field,
    /// What it measures and where its definition comes from.
    pub description: Option<String>,
}

/// The comparison of a validation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    /// `==`
    #[serde(rename = "==")]
    Equal,
    /// `!=`
    #[serde(rename = "!=")]
    NotEqual,
    /// `<`
    #[serde(rename = "<")]
    Less,
    /// `<=`
    #[serde(rename = "<=")]
    LessOrEqual,
    /// `>`
    #[serde(rename = ">")]
    Greater,
    /// `>=`
    #[serde(rename = ">=")]
    GreaterOrEqual,
}

impl Operator {
    /// The symbol as written in files: `==`, `<=` ….
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::Equal => "==",
            Operator::NotEqual => "!=",
            Operator::Less => "<",
            Operator::LessOrEqual => "<=",
            Operator::Greater => ">",
            Operator::GreaterOrEqual => ">=",
        }
    }

    /// Whether `left op right` holds. Equality allows a relative difference of 1e-9, so that
    /// figures that print the same compare equal despite binary rounding.
    pub fn holds(self, left: f64, right: f64) -> bool {
        let scale = left.abs().max(right.abs()).max(1.0);
        let equal = (left - right).abs() <= 1e-9 * scale;
        match self {
            Operator::Equal => equal,
            Operator::NotEqual => !equal,
            Operator::Less => left < right && !equal,
            Operator::LessOrEqual => left < right || equal,
            Operator::Greater => left > right && !equal,
            Operator::GreaterOrEqual => left > right || equal,
        }
    }
}

/// How important a rule's violation is (DHIS2 importance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    /// Must be fixed before the report goes out; `baocao validate` exits 1.
    High,
    /// Should be checked.
    Medium,
    /// Worth a look.
    Low,
}

impl Importance {
    /// Vietnamese label: "cao", "trung bình", "thấp".
    pub fn name_vi(self) -> &'static str {
        match self {
            Importance::High => "cao",
            Importance::Medium => "trung bình",
            Importance::Low => "thấp",
        }
    }
}

/// What a rule does when values are missing (DHIS2's missing value strategy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingValueStrategy {
    /// Skip the rule when any value of either side is missing.
    #[default]
    SkipIfAnyValueMissing,
    /// Skip the rule when every value of both sides is missing; missing values count as zero.
    SkipIfAllValuesMissing,
    /// Always evaluate; missing values count as zero.
    NeverSkip,
}

/// A validation rule in the DHIS2 form: left side, operator, right side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationRule {
    /// Code, e.g. `VT_VITRI_DUNGCHUNG_LE_VITRI`; generated rules have codes like
    /// `TONG:DVC_HOSO.XA`.
    pub code: String,
    /// Vietnamese description as shown with a violation.
    pub name: String,
    /// Left side formula.
    pub left: String,
    /// The comparison.
    pub operator: Operator,
    /// Right side formula.
    pub right: String,
    /// Importance of a violation.
    pub importance: Importance,
    /// What to do with missing values.
    pub missing_value_strategy: MissingValueStrategy,
}

/// The whole catalogue, indexed by code. Built by `baocao-files` from `catalog.toml`; the
/// loader has checked that every reference resolves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Categories by code.
    pub categories: BTreeMap<String, Category>,
    /// Category combos by code.
    pub category_combos: BTreeMap<String, CategoryCombo>,
    /// Data elements by code, in file order through `data_element_order`.
    pub data_elements: BTreeMap<String, DataElement>,
    /// Constants by code.
    pub constants: BTreeMap<String, Constant>,
    /// Indicators by code.
    pub indicators: BTreeMap<String, Indicator>,
    /// Validation rules written in the catalogue, in file order.
    pub validation_rules: Vec<ValidationRule>,
    /// Reporting regimes by code (see [`crate::dataset`]).
    #[serde(default)]
    pub regimes: BTreeMap<String, ReportingRegime>,
    /// Declared data sets by code; none means each field is an implicit data set.
    #[serde(default)]
    pub data_sets: BTreeMap<String, DataSet>,
}

impl Catalog {
    /// The categories of a data element, in its combo's order; empty for `default`.
    pub fn categories_of(&self, data_element: &DataElement) -> Vec<&Category> {
        let Some(combo) = data_element
            .category_combo
            .as_ref()
            .and_then(|c| self.category_combos.get(c))
        else {
            return Vec::new();
        };
        combo
            .categories
            .iter()
            .filter_map(|c| self.categories.get(c))
            .collect()
    }

    /// Turns option codes given in any order into the canonical cell or subtotal of a data
    /// element (options in combo order).
    ///
    /// Errors: an option that is not in the element's combo, or two options of one category.
    pub fn selection(
        &self,
        data_element: &DataElement,
        options: &[&str],
    ) -> Result<CategoryOptionCombo, SelectionError> {
        let categories = self.categories_of(data_element);
        let mut slots: Vec<Option<String>> = vec![None; categories.len()];
        for option in options {
            let Some(index) = categories
                .iter()
                .position(|c| c.options.iter().any(|o| o.code == *option))
            else {
                return Err(SelectionError::UnknownOption {
                    data_element: data_element.code.clone(),
                    option: (*option).to_string(),
                    expected: self.option_codes(data_element).join(", "),
                });
            };
            if let Some(previous) = &slots[index] {
                return Err(SelectionError::TwoOptionsOfOneCategory {
                    data_element: data_element.code.clone(),
                    category: categories[index].code.clone(),
                    first: previous.clone(),
                    second: (*option).to_string(),
                });
            }
            slots[index] = Some((*option).to_string());
        }
        Ok(CategoryOptionCombo::new(
            slots.into_iter().flatten().collect(),
        ))
    }

    /// Every option code of a data element's categories, in combo order.
    pub fn option_codes(&self, data_element: &DataElement) -> Vec<String> {
        self.categories_of(data_element)
            .iter()
            .flat_map(|c| c.options.iter().map(|o| o.code.clone()))
            .collect()
    }

    /// The Vietnamese names of a selection's options joined by ", ", e.g. "cấp xã, qua mạng";
    /// empty for the total.
    pub fn selection_label(&self, data_element: &DataElement, coc: &CategoryOptionCombo) -> String {
        let names: Vec<&str> = self
            .categories_of(data_element)
            .iter()
            .flat_map(|c| c.options.iter())
            .filter(|o| coc.options().contains(&o.code))
            .map(|o| o.name.as_str())
            .collect();
        names.join(", ")
    }
}

/// A selection of options that does not fit a data element.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SelectionError {
    /// The option is in none of the element's categories.
    #[error(
        "option `{option}` is not a breakdown of `{data_element}`; expected one of: {expected}"
    )]
    UnknownOption {
        /// The data element.
        data_element: String,
        /// The option given.
        option: String,
        /// The options that exist, comma separated.
        expected: String,
    },
    /// Two options of the same category select nothing.
    #[error(
        "`{first}` and `{second}` are both options of category `{category}` of `{data_element}`; choose one"
    )]
    TwoOptionsOfOneCategory {
        /// The data element.
        data_element: String,
        /// The category.
        category: String,
        /// The first option.
        first: String,
        /// The second option.
        second: String,
    },
}
