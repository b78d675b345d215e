//! Integration tests of the report crate's writers.

mod docx;
mod figures;
mod html;
