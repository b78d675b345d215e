//! The report's typeface, embedded in the binary so that a PDF or a chart looks the same on
//! every machine, without Microsoft fonts or LibreOffice installed.
//!
//! Nghị định 30/2020/NĐ-CP, Phụ lục I, mục I.1 asks for Times New Roman (Unicode, TCVN
//! 6909:2001). Times New Roman itself may not be redistributed; Liberation Serif 2.1.5 has the
//! same metrics (every glyph has Times New Roman's advance width, so lines break at the same
//! places), covers Vietnamese with its stacked marks (Ặ Ẫ Ỗ Ợ Ự Ỹ), and is licensed under the SIL
//! Open Font License 1.1, which allows bundling and embedding (`fonts/LICENSE-OFL-1.1.txt`). The
//! four files are Debian's `fonts-liberation2` 2.1.5-1, unmodified.

/// The family name the fonts declare (what a Typst template or an SVG `font-family` names).
pub const FAMILY: &str = "Liberation Serif";

/// Liberation Serif Regular.
pub static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSerif-Regular.ttf");
/// Liberation Serif Bold.
pub static BOLD: &[u8] = include_bytes!("../fonts/LiberationSerif-Bold.ttf");
/// Liberation Serif Italic.
pub static ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-Italic.ttf");
/// Liberation Serif Bold Italic.
pub static BOLD_ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf");

/// The four styles: regular, bold, italic, bold italic.
pub static ALL: [&[u8]; 4] = [REGULAR, BOLD, ITALIC, BOLD_ITALIC];

/// The licence of the fonts, to print beside a distribution of the binary.
pub const LICENSE: &str = include_str!("../fonts/LICENSE-OFL-1.1.txt");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_truetype_files() {
        for font in ALL {
            assert!(font.len() > 300_000);
            assert_eq!(&font[..4], &[0, 1, 0, 0], "TrueType outlines");
        }
        assert!(LICENSE.contains("SIL OPEN FONT LICENSE"));
    }
}
