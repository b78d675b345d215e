//! The national-scale benchmark of issue 4: a generated country (34 provinces, 3 321
//! communes, 200 data elements of 5 cells, 24 months: about 80 million values,
//! [`national`]) loaded into SQLite or PostgreSQL and measured through baocao's own paths
//! ([`run`]): the load rate, one indicator rolled up to every province for a year beside the
//! same roll-up as one plain SQL `GROUP BY`, and validating a month nationally.
//!
//! `scripts/bench-national.sh` runs it on both backends (the `bench-national` binary);
//! `tests/national.rs` runs a small country through the same steps and checks every figure
//! against the generator.

pub mod national;
pub mod run;

pub use national::{National, Scale};
