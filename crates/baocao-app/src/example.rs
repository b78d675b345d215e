//! The built-in example: the April 2023 report of the Sở Thông tin và Truyền thông of Ninh
//! Thuận, transcribed from the real report. Embedded in the binary so that
//! `baocao init --example` works from any folder.

use std::path::Path;

use baocao_files::{BundleFiles, SourceFile};

/// The example's files: (path inside `examples/ninh-thuan/`, text).
pub const FILES: [(&str, &str); 7] = [
    (
        "catalog.toml",
        include_str!("../../../examples/ninh-thuan/catalog.toml"),
    ),
    (
        "org_units.toml",
        include_str!("../../../examples/ninh-thuan/org_units.toml"),
    ),
    (
        "report.toml",
        include_str!("../../../examples/ninh-thuan/report.toml"),
    ),
    (
        "documents.toml",
        include_str!("../../../examples/ninh-thuan/documents.toml"),
    ),
    (
        "tasks.toml",
        include_str!("../../../examples/ninh-thuan/tasks.toml"),
    ),
    (
        "data/2023-04.toml",
        include_str!("../../../examples/ninh-thuan/data/2023-04.toml"),
    ),
    (
        "narrative/2023-04.toml",
        include_str!("../../../examples/ninh-thuan/narrative/2023-04.toml"),
    ),
];

/// The example's files, as if read from `examples/ninh-thuan/`.
pub fn files() -> BundleFiles {
    let file = |name: &str| {
        let text = FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .unwrap_or_default();
        SourceFile::from_text(&Path::new("examples/ninh-thuan").join(name), text)
    };
    let under = |dir: &str| {
        FILES
            .iter()
            .filter(|(n, _)| n.starts_with(dir))
            .map(|(n, _)| file(n))
            .collect()
    };
    BundleFiles {
        catalog: file("catalog.toml"),
        org_units: file("org_units.toml"),
        report: file("report.toml"),
        documents: file("documents.toml"),
        tasks: file("tasks.toml"),
        data: under("data/"),
        narrative: under("narrative/"),
    }
}

/// The example's period.
pub const PERIOD: &str = "2023-04";
