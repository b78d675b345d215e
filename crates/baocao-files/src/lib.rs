//! The files a department edits — catalogue, org units, figures, registers, narrative and
//! report template — read into the core types. Every error names the file, line and field
//! and says what was expected; text is normalised to NFC on the way in.
//! The formats are documented in `docs/file-formats.md`.

pub mod bundle;
pub mod catalog;
pub mod data;
pub mod datasets;
pub mod error;
pub mod registers;
pub mod source;

pub use bundle::{Bundle, BundleFiles, load_bundle, load_bundle_files, read_bundle_files};
pub use error::{FilesError, Problem};
pub use source::SourceFile;
