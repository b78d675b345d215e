//! The vocabulary of periodic reporting, after DHIS2: periods, org units, the catalogue (data
//! elements, category option combos, indicators, validation rules), data values, registers,
//! and Vietnamese formatting. This crate does no I/O: no files, no database, no clock.

pub mod catalog;
pub mod coc;
pub mod dataset;
pub mod format;
pub mod narrative;
pub mod orgunit;
pub mod period;
pub mod register;
pub mod symbol;
pub mod text;
pub mod value;
