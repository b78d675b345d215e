//! The Typst `World` of one report: the static template as the main source, the report as the
//! virtual file `report.json`, other virtual files (charts), and the embedded fonts. Nothing
//! is read from disk, the network or the clock, so the same report gives the same PDF on every
//! machine.

use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The template, a static Typst file: it reads everything it prints from `report.json`.
pub(crate) const TEMPLATE: &str = include_str!("template.typ");

/// The path of the template inside the virtual project.
const MAIN_PATH: &str = "main.typ";

/// The standard library and the fonts, built once per process (fonts are parsed lazily by
/// Typst, but the font book and library take a few milliseconds to build).
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = baocao_fonts::ALL
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// A file id of the virtual project.
pub(crate) fn file_id(path: &str) -> FileId {
    // The paths used here are fixed ASCII names, valid by construction.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| {
        VirtualPath::new("invalid").expect("`invalid` is a valid virtual path")
    });
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The world one report is compiled in.
pub(crate) struct ReportWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl ReportWorld {
    /// A world whose main file is the template and whose other files are `files`
    /// (path, bytes), e.g. `("report.json", …)`.
    pub(crate) fn new(files: Vec<(String, Vec<u8>)>) -> Self {
        ReportWorld {
            main: Source::new(file_id(MAIN_PATH), TEMPLATE.to_string()),
            files: files
                .into_iter()
                .map(|(path, bytes)| (file_id(&path), Bytes::new(bytes)))
                .collect(),
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// No clock: the report's own date is printed from the data, and a PDF must not change
    /// with the day it is written.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_styles_of_one_family_are_in_the_book() {
        assert_eq!(SHARED.fonts.len(), 4);
        let families: Vec<&str> = SHARED.book.families().map(|(name, _)| name).collect();
        assert_eq!(families, [baocao_fonts::FAMILY]);
    }

    #[test]
    fn files_are_served_by_path() {
        let world = ReportWorld::new(vec![("report.json".into(), b"{}".to_vec())]);
        assert_eq!(
            world
                .file(file_id("report.json"))
                .expect("served")
                .as_slice(),
            b"{}"
        );
        assert!(world.file(file_id("other.json")).is_err());
        assert!(world.source(world.main()).is_ok());
    }
}
