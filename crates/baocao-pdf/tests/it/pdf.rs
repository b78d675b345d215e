use crate::helpers::april_report;

#[test]
fn april_pdf_is_written() {
    let pdf = baocao_pdf::write_pdf(&april_report()).expect("PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    std::fs::write("/tmp/april.pdf", &pdf).unwrap();
}
