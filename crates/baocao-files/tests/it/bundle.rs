//! The example folder read as a whole.

use std::path::PathBuf;

use baocao_core::register::DocumentRole;
use baocao_core::text::nfc;
use baocao_files::{load_bundle, load_bundle_files, read_bundle_files};

use crate::helpers::{assert_problem_at, one_problem};

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/ninh-thuan")
}

#[test]
fn the_example_loads_with_its_counts() {
    let bundle = load_bundle(&example_dir()).unwrap();
    let catalog = &bundle.catalog.catalog;
    assert_eq!(catalog.data_elements.len(), 58);
    assert_eq!(catalog.indicators.len(), 11);
    assert_eq!(bundle.catalog.indicators.len(), 11);
    assert_eq!(bundle.values.len(), 122);
    assert_eq!(bundle.stated.len(), 14);
    assert_eq!(bundle.documents.len(), 17);
    assert_eq!(bundle.tasks.len(), 7);
    assert_eq!(bundle.narratives.len(), 5);
    assert_eq!(bundle.org_units.len(), 14);
    assert_eq!(bundle.org_units[0].id, "58");
    assert_eq!(bundle.report_issues.len(), 1);
    let issue = &bundle.report_issues[0];
    assert_eq!(issue.period.id(), "2023-04");
    assert_eq!(issue.issued_on.to_string(), "2023-04-14");
    assert_eq!(issue.ytd_cutoff.to_string(), "2023-04-13");
    assert_eq!(issue.number, None);
}

#[test]
fn the_example_figures_are_as_typed() {
    let bundle = load_bundle(&example_dir()).unwrap();
    let first = &bundle.values[0];
    assert_eq!(first.data_element, "CNTT_CHUNGTHUSO");
    assert!(first.category_option_combo.is_total());
    assert_eq!(first.number.as_typed, "07");
    assert_eq!(first.number.value, 7.0);
    let tinh_den = &bundle.values[1];
    assert_eq!(tinh_den.data_element, "CNTT_TDOFFICE_VANBAN");
    assert_eq!(tinh_den.category_option_combo.code(), "TINH.DEN");
    assert_eq!(tinh_den.number.value, 76_753.0);
    assert_eq!(tinh_den.number.as_typed, "76.753");
    assert!(bundle.values.iter().all(|v| v.org_unit == "58"));

    let doc = bundle
        .documents
        .iter()
        .find(|d| d.id == "166/QĐ-UBND")
        .unwrap();
    assert_eq!(doc.role, DocumentRole::Advised);
    assert_eq!(doc.date.unwrap().to_string(), "2023-04-12");
}

#[test]
fn every_text_of_the_example_is_nfc() {
    let bundle = load_bundle(&example_dir()).unwrap();
    for n in &bundle.narratives {
        assert_eq!(n.text, nfc(&n.text), "narrative {}", n.section);
    }
    for d in &bundle.documents {
        assert_eq!(d.abstract_text, nfc(&d.abstract_text), "document {}", d.id);
    }
    for de in bundle.catalog.catalog.data_elements.values() {
        assert_eq!(de.name, nfc(&de.name), "{}", de.code);
    }
    assert_eq!(bundle.catalog_source.text, nfc(&bundle.catalog_source.text));
}

#[test]
fn decomposed_files_load_the_same_as_composed_ones() {
    let mut files = read_bundle_files(&example_dir()).unwrap();
    let composed = load_bundle_files(files.clone()).unwrap();
    // Decompose the narrative as some keyboards and PDFs do.
    let nfd: String = {
        use std::fmt::Write;
        let mut out = String::new();
        for c in files.narrative[0].text.chars() {
            // "ộ" and "ế" are common; decompose them by hand.
            match c {
                'ộ' => out.push_str("o\u{323}\u{302}"),
                'ế' => out.push_str("e\u{302}\u{301}"),
                c => write!(out, "{c}").unwrap(),
            }
        }
        out
    };
    assert_ne!(nfd, files.narrative[0].text, "the narrative has ộ or ế");
    files.narrative[0] = baocao_files::SourceFile::from_text(&files.narrative[0].path, &nfd);
    let decomposed = load_bundle_files(files).unwrap();
    let texts = |b: &baocao_files::Bundle| {
        b.narratives
            .iter()
            .map(|n| n.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&decomposed), texts(&composed));
}

#[test]
fn figures_of_an_unknown_org_unit_are_refused() {
    let mut files = read_bundle_files(&example_dir()).unwrap();
    let text = files.data[0]
        .text
        .replacen("org_unit = \"58\"", "org_unit = \"99\"", 1);
    files.data[0] = baocao_files::SourceFile::from_text(&files.data[0].path, &text);
    let p = one_problem(load_bundle_files(files));
    assert!(p.file.ends_with("data/2023-04.toml"), "{p}");
    assert_problem_at(
        &p,
        &text,
        "org_unit = \"99\"",
        1,
        "org_unit",
        &["no org unit `99`"],
    );
}

#[test]
fn a_missing_folder_is_an_io_error() {
    let err = load_bundle(&example_dir().join("khong-co")).unwrap_err();
    assert!(
        matches!(err, baocao_files::FilesError::Io { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("catalog.toml"), "{err}");
}
