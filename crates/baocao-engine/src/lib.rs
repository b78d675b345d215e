//! The indicator and validation engine: a pure function of a compiled catalogue, a table of
//! figures in memory and a period. The caller loads the figures; nothing here does I/O.

pub mod aggregate;
pub mod compile;
pub mod eval;
pub mod expr;
pub mod table;
pub mod validate;

pub use aggregate::{Aggregate, Coverage, Source, TimeRule, UnitRule, aggregate};
pub use compile::{CatalogProblem, CompiledCatalog, compile};
pub use eval::{Evaluator, Missing, Outcome};
pub use table::{DataTable, Figure};
pub use validate::{ValidationReport, Violation, validate};
