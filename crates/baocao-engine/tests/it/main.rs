//! Integration tests of the engine on small catalogues built in code: cells computed from
//! their parts, indicators, validation and the problems `compile` finds.

mod aggregate;
mod compile_problems;
mod computed;
mod helpers;
mod indicators;
mod validation;
