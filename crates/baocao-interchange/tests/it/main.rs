//! Tests of the interchange formats against the example's catalogue (April 2023, Ninh
//! Thuận): the form, numbers per format, DHIS2 shapes, and the folder of bad files.

mod bad_files;
mod dhis2;
mod form;
mod helpers;
mod long;
