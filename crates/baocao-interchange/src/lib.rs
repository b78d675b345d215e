//! Figures in and out of baocao: Excel forms generated from the catalogue and read back,
//! long tables (XLSX and CSV), and DHIS2 dataValueSets (JSON and CSV).
//!
//! Every reader feeds a [`check::Checker`], which checks each value against the catalogue
//! and the org units and keeps every problem with its place in the file ([`Problem`]); only a
//! file without any problem is stored, in one transaction. The checker hands the accepted
//! values out in batches as they come (text formats are read as streams), so an import's
//! memory follows its batch, not its file. This crate does no database work. The formats and rules are documented in
//! `docs/interchange.md`.
//!
//! Problems are written for the department's staff: places and messages in Vietnamese, the
//! codes and names written in the file (data elements, options, columns, DHIS2 members)
//! quoted as they are.

pub mod check;
pub mod copy;
pub mod csv_long;
pub mod dhis2;
pub mod form;
pub mod long_xlsx;
pub mod number;
pub mod problem;
pub mod summary;
pub mod text;
mod vi;
pub mod xlsx;

pub use check::{Batch, Checked, Checker, Column, ImportOptions, Sink};
pub use problem::{Location, Problem, Problems};
pub use summary::{ImportCount, ImportSummary, Status};
