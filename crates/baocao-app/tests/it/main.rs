//! Integration tests of the use cases on the built-in example (the April 2023 report of the
//! Sở Thông tin và Truyền thông of Ninh Thuận) and on broken copies of its files.

mod accounts;
mod aggregate;
mod backends;
mod bad_input;
mod charts;
mod completeness;
mod docx;
mod entry;
mod example;
mod example_2025;
mod helpers;
mod hierarchy_2025;
mod html;
mod literal;
mod reload;
mod reporting;
mod rollup;
mod seed_figures;
mod series;
mod snapshot;
mod structure;
mod tokens;
