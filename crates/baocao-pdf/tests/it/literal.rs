//! Text reaches Typst as JSON strings, never as markup: list dashes, headings, emphasis, math,
//! brackets, semicolons after footnotes and backslashes print as typed.

use baocao_report::model::{Block, Footnote, Header, Inline, ReportDocument, Signature};

use crate::helpers::{laid_out_text, poppler, run_on_pdf};

/// Lines that Typst markup would turn into a list, a heading, emphasis, math, a function call
/// or an escape.
const TRICKY: [&str; 6] = [
    "- không phải gạch đầu dòng",
    "# không phải tiêu đề; *không đậm* _không nghiêng_",
    "$x^2$ [không phải nội dung] \\ngược \\\\ hai",
    "#footnote[chèn]; #set text(red)",
    "+ không phải danh sách số; 1. cũng không",
    "<nhãn> @tham-chiếu `mã` ~ -- --- ...",
];

fn tricky_report() -> ReportDocument {
    let mut body = vec![Block::Heading {
        level: 2,
        number: "1.".into(),
        text: "Tiêu đề có # và *".into(),
    }];
    for line in TRICKY {
        body.push(Block::Paragraph(vec![Inline::Text(line.to_string())]));
    }
    // `#footnote[..];` would swallow the `;` in Typst markup.
    body.push(Block::Paragraph(vec![
        Inline::Text("Có chú thích".into()),
        Inline::FootnoteRef(1),
        Inline::Text("; sau chú thích".into()),
    ]));
    ReportDocument {
        header: Header {
            governing_body: "UBND TỈNH [A]".into(),
            issuing_body: "SỞ *B*".into(),
            number_line: "Số: 05/BC-STTTT".into(),
            national_title: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
            motto: "Độc lập - Tự do - Hạnh phúc".into(),
            place_date: "Ninh Thuận, ngày 05 tháng 5 năm 2023".into(),
        },
        title: "BÁO CÁO".into(),
        abstract_lines: vec!["Về _việc_ $a$".into()],
        body,
        footnotes: vec![Footnote {
            number: 1,
            text: "Chú thích có - # * _ $ [ ] ; \\ giữ nguyên.".into(),
        }],
        recipients: vec!["Nơi *một*".into(), "Lưu: VT".into()],
        signature: Signature {
            authority_lines: vec!["KT. GIÁM ĐỐC".into()],
            signer_name: "[Họ và tên]".into(),
        },
        annexes: vec![],
    }
}

#[test]
fn markup_characters_print_literally_in_the_laid_out_text() {
    let pages = baocao_pdf::layout(&tricky_report()).expect("laid out");
    // Text runs are split at line ends and around kept-together tokens: compare without
    // white space.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let text = squeeze(&laid_out_text(&pages));
    for expected in TRICKY.iter().copied().chain([
        "Tiêu đề có # và *",
        "; sau chú thích",
        "Chú thích có - # * _ $ [ ] ; \\ giữ nguyên.",
        "UBND TỈNH [A]",
        "SỞ *B*",
        "Về _việc_ $a$",
        "- Nơi *một*;",
        "[Họ và tên]",
    ]) {
        assert!(
            text.contains(&squeeze(expected)),
            "`{expected}` printed as typed in:\n{text}"
        );
    }
}

#[test]
fn markup_characters_print_literally_in_the_pdf() {
    let Some(pdftotext) = poppler("pdftotext") else {
        return;
    };
    let pdf = baocao_pdf::write_pdf(&tricky_report()).expect("PDF");
    let text = run_on_pdf(&pdftotext, &["-enc", "UTF-8", "-layout"], &pdf);
    for expected in TRICKY {
        // pdftotext may widen spaces of a justified line; compare words.
        let words: Vec<&str> = expected.split_whitespace().collect();
        assert!(
            text.lines().any(|line| line
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(words.len())
                .any(|w| w == words.as_slice())),
            "`{expected}` in:\n{text}"
        );
    }
}
