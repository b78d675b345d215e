//! The PDF writer on the April 2023 example and on small reports: every figure of the
//! Markdown report in the PDF's text, fonts embedded, text printed literally, and page 1
//! against a kept reference image.

mod figures;
mod helpers;
mod literal;
mod reference;
