//! The April 2023 example report built in memory as `baocao report` builds it, the text of a
//! laid-out document, and the Poppler tools when they are installed.

use std::path::PathBuf;
use std::process::Command;

use baocao_core::period::Period;
use baocao_pdf::PagedDocument;
use baocao_report::ReportTemplate;
use baocao_report::model::ReportDocument;
use typst::layout::{Frame, FrameItem};

/// The report of April 2023 of the built-in example.
pub fn april_report() -> ReportDocument {
    let bundle = baocao_files::load_bundle_files(baocao_app::example::files())
        .unwrap_or_else(|e| panic!("the built-in example reads: {e}"));
    let period = Period::parse(baocao_app::example::PERIOD).expect("the example's period");
    let data = baocao_app::period_from_bundle(&bundle, period, None).expect("period data");
    let template = ReportTemplate::from_toml("report.toml", &bundle.template_source.text)
        .expect("the example's template");
    baocao_app::build_report_with(&template, &data)
        .expect("the example's report builds")
        .document
}

/// Every text run Typst laid out, one per line, page after page; a line ending in a hyphen
/// (Typst breaks "1925/QĐ-UBND" after its hyphen, as Word does) runs on into the next.
/// Charts are images: their text is not here.
pub fn laid_out_text(document: &PagedDocument) -> String {
    let mut out = String::new();
    for page in document.pages() {
        frame_text(&page.frame, &mut out);
    }
    out
}

fn frame_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => frame_text(&group.frame, out),
            FrameItem::Text(text) => {
                if out.ends_with("-\n") {
                    out.pop();
                }
                out.push_str(&text.text);
                out.push('\n');
            }
            _ => {}
        }
    }
}

/// A Poppler tool (`pdftotext`, `pdffonts`) when it is installed. Without it the caller skips
/// its check, except on CI (`CI` set), where `.ci/run` installs poppler-utils and a missing
/// tool is a failure.
pub fn poppler(tool: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(tool))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is missing on CI: .ci/run installs poppler-utils"
        );
        eprintln!("{tool} is not installed (Debian: poppler-utils): check skipped");
    }
    found
}

/// Runs a Poppler tool on PDF bytes and returns its standard output.
pub fn run_on_pdf(tool: &PathBuf, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::TempDir::new().expect("temporary folder");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let output = Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool.ends_with("pdftotext") {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", tool.display()));
    assert!(
        output.status.success(),
        "{} failed: {}",
        tool.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The tokens of a text that hold an ASCII digit: runs of letters and digits with `.`, `,`,
/// `/` or `-` inside, so `232.046`, `70,96`, `12/4/2023` and `166/QĐ-UBND` are one token
/// each (as the app's seed test reads figures).
pub fn number_tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !word(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() {
            let c = chars[i];
            let inner =
                matches!(c, '.' | ',' | '/' | '-') && chars.get(i + 1).copied().is_some_and(word);
            if word(c) || inner {
                i += 1;
            } else {
                break;
            }
        }
        let token: String = chars[start..i].iter().collect();
        if token.chars().any(|c| c.is_ascii_digit()) {
            out.push(token);
        }
    }
    out
}
