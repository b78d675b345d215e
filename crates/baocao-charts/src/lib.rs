//! Charts of the report: a [`Chart`] (what to draw, all figures already formatted the
//! Vietnamese way) becomes an SVG drawn by hand (no plotting library: the few shapes a report
//! needs are simpler written than configured), and a PNG of that SVG through resvg.
//!
//! The SVG goes straight into the PDF (Typst keeps its text as text) and later into HTML;
//! the PNG goes into the DOCX. Text is set in the report's typeface, Liberation Serif
//! (`baocao-fonts`), which both Typst and resvg are given, so a chart looks the same in every
//! output. This crate does not depend on Typst.
//!
//! A chart is one or more series over categories. The categories are whatever the template
//! names: levels (tỉnh, huyện, xã), kinds of subscriber, two months; or the months of a series
//! over time ("T5/2022" … "T4/2023"), drawn as lines ([`ChartKind::Line`]) or stacked bars
//! ([`ChartKind::StackedBars`]). One chart has one unit: figures of different units (a count
//! and a rate) are two charts.

mod measure;
mod png;
mod svg;

use serde::Serialize;

pub use png::{PNG_WIDTH_PX, png};
pub use svg::{HEIGHT, WIDTH, svg};

/// A chart, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Its number in the report, from 1 ("Biểu đồ 1").
    pub number: usize,
    /// Its title, printed as the caption by the writers (not inside the drawing).
    pub title: String,
    /// How it is drawn.
    pub kind: ChartKind,
    /// The unit of the value axis, e.g. "hồ sơ", printed "Đơn vị tính: hồ sơ"; empty for none.
    pub unit: String,
    /// Decimals of the value axis' tick labels.
    pub decimals: u32,
    /// The categories along the axis, in order.
    pub categories: Vec<Category>,
    /// The series, each with one value (or none) per category.
    pub series: Vec<Series>,
}

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Vertical bars, the series of a category side by side, each bar labelled with its value.
    Bars,
    /// One vertical bar per category, the series stacked in order from the axis up (parts of a
    /// whole, e.g. dossiers by channel per month); a part is labelled inside its segment when
    /// the label fits. The total is not printed: it is not a figure of the view model.
    StackedBars,
    /// One line per series through its values, with a marker at each value (a different
    /// shape per series, so that a greyscale print tells them apart); a missing value breaks
    /// the line. A single series has each value labelled above its marker, several series the
    /// last value of each. The value axis starts at zero, or above it when every value lies in
    /// the upper half of the range (e.g. rates between 60 and 75 %).
    Line,
}

/// One category of the axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// Its label under the axis, e.g. "Cấp tỉnh".
    pub label: String,
    /// A note printed under the label in italics, e.g. "trực tuyến 71,88%".
    pub note: Option<String>,
}

/// One series: a name for the legend and its values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Its name in the legend, e.g. "Trực tiếp".
    pub name: String,
    /// One value per category; `None` draws no bar (the category has no such part), or breaks
    /// a line (no figure for that month).
    pub values: Vec<Option<Value>>,
}

/// A value and how it is printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// The number, for the bar's height.
    pub value: f64,
    /// The number as printed, the Vietnamese way: "11.380", "116,1".
    pub text: String,
}

/// Why a chart could not be drawn as PNG.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// resvg could not read the SVG we wrote (a bug of this crate).
    #[error("the chart's SVG cannot be read: {0}")]
    Svg(String),
    /// The image size is zero or too large.
    #[error("cannot allocate a {0} × {1} image")]
    Size(u32, u32),
    /// PNG encoding failed.
    #[error("cannot encode the chart as PNG: {0}")]
    Png(String),
}

impl Chart {
    /// The caption the writers print with the chart: "Biểu đồ 1. Hồ sơ tiếp nhận …".
    pub fn caption(&self) -> String {
        format!("Biểu đồ {}. {}", self.number, self.title)
    }

    /// The largest value drawn, or 0: for stacked bars the tallest stack (of positive parts).
    fn max_value(&self) -> f64 {
        match self.kind {
            ChartKind::StackedBars => (0..self.categories.len())
                .map(|c| {
                    self.series
                        .iter()
                        .filter_map(|s| s.values.get(c)?.as_ref())
                        .map(|v| v.value.max(0.0))
                        .sum::<f64>()
                })
                .fold(0.0, f64::max),
            ChartKind::Bars | ChartKind::Line => self.values().map(|v| v.value).fold(0.0, f64::max),
        }
    }

    /// The smallest value drawn, or `None` when there is none.
    fn min_value(&self) -> Option<f64> {
        self.values().map(|v| v.value).reduce(f64::min)
    }

    /// Every value drawn.
    fn values(&self) -> impl Iterator<Item = &Value> {
        self.series.iter().flat_map(|s| s.values.iter().flatten())
    }
}
