//! Integration tests of the file formats on small texts and on the example folder: problems
//! carry the right line and field, and text is stored NFC.

mod bundle;
mod catalog;
mod data;
mod datasets;
mod helpers;
mod registers;
