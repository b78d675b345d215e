//! Opening a text file for import: UTF-8 only (a BOM is skipped), with the delimiter taken
//! from the header line; a file in a legacy Vietnamese encoding is refused with the encoding
//! it most likely is and how to save it again as UTF-8.

use std::io::{BufRead, BufReader, Read};

use crate::problem::{Location, Problem};

/// The byte order mark of UTF-8, which Excel writes at the start of "CSV UTF-8".
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to save a file again as UTF-8, for every message about encodings (Vietnamese; the
/// menu names are those of Excel and LibreOffice).
pub const RESAVE_HINT: &str = "hãy mở tệp bằng Excel và lưu lại dạng “CSV UTF-8 (Comma delimited) (*.csv)” (LibreOffice: Save As › Text CSV, Character set “Unicode (UTF-8)”), hoặc chuyển mã bằng công cụ của Unikey (Ctrl+Shift+F6) từ bảng mã cũ sang Unicode";

/// A text file ready for a CSV reader: the BOM skipped, the delimiter known.
pub struct TextInput<R> {
    /// The reader, positioned after any BOM.
    pub reader: BufReader<R>,
    /// `,` or `;` (Excel in a Vietnamese locale separates with `;`) or a tab.
    pub delimiter: u8,
}

/// Opens a text file: refuses UTF-16, a workbook or other binary data, skips a UTF-8 BOM and
/// finds the delimiter in the first line.
///
/// # Errors
/// A problem located at the file when it is not UTF-8 text (what it is, in Vietnamese).
pub fn open_text<R: Read>(reader: R) -> Result<TextInput<R>, Problem> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let head = reader
        .fill_buf()
        .map_err(|e| Problem::new(Location::File, "", format!("không đọc được tệp ({e})")))?
        .to_vec();
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Err(Problem::new(
            Location::File,
            "",
            format!(
                "tệp là văn bản UTF-16 (dạng “Unicode Text” của Excel), không phải UTF-8; cần tệp CSV UTF-8: {RESAVE_HINT}"
            ),
        ));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Err(Problem::new(
            Location::File,
            "",
            "tệp là bảng tính Excel hoặc một tệp nén zip khác, không phải văn bản CSV; cần tệp CSV, hoặc nếu là bảng tính .xlsx thì giữ đuôi .xlsx trong tên tệp",
        ));
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(Problem::new(
            Location::File,
            "",
            "tệp là tệp Office dạng nhị phân (bảng tính .xls cũ hoặc tệp có mật khẩu), không phải văn bản; cần tệp CSV UTF-8",
        ));
    }
    if head.contains(&0) {
        return Err(Problem::new(
            Location::File,
            "",
            "tệp chứa dữ liệu nhị phân (byte NUL), không phải văn bản; cần tệp CSV UTF-8",
        ));
    }
    if head.starts_with(UTF8_BOM) {
        reader.consume(UTF8_BOM.len());
    }
    let first_line: &[u8] = {
        let start = if head.starts_with(UTF8_BOM) { 3 } else { 0 };
        let rest = &head[start..];
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        &rest[..end]
    };
    let count = |d: u8| first_line.iter().filter(|&&b| b == d).count();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (count(d), d == b','))
        .unwrap_or(b',');
    Ok(TextInput { reader, delimiter })
}

/// The problem for a line that is not UTF-8: the encoding the bytes most likely are in.
pub fn not_utf8(line: u64, bytes: &[u8]) -> Problem {
    let bad = std::str::from_utf8(bytes)
        .err()
        .map(|e| e.valid_up_to())
        .unwrap_or(0);
    let byte = bytes.get(bad).copied().unwrap_or(0);
    let encoding = guess_legacy_encoding(bytes);
    Problem::new(
        Location::Line {
            line,
            column: String::new(),
        },
        format!("byte 0x{byte:02X}"),
        format!(
            "tệp không phải UTF-8: có vẻ dùng bảng mã {encoding}; baocao chỉ đọc UTF-8, nên {RESAVE_HINT}, rồi nhập lại"
        ),
    )
}

/// Names the legacy encoding that the bytes of a line most likely are in (in Vietnamese).
///
/// Windows-1258 writes the tones as separate combining bytes after the vowel (0xCC grave,
/// 0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below); TCVN3 (ABC) writes precomposed
/// lower-case letters in 0xA1–0xFE and upper-case ones over ASCII control positions;
/// VNI writes ASCII letters followed by mark bytes such as 0xF9, 0xF8, 0xFB, 0xF5, 0xEF.
pub fn guess_legacy_encoding(bytes: &[u8]) -> &'static str {
    let is_vowel = |b: u8| {
        matches!(
            b.to_ascii_lowercase(),
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
        ) || matches!(
            b,
            0xC2 | 0xE2 | 0xC3 | 0xE3 | 0xCA | 0xEA | 0xD4 | 0xF4 | 0xD5 | 0xF5 | 0xDD | 0xFD
        )
    };
    let tone = |b: u8| matches!(b, 0xCC | 0xEC | 0xD2 | 0xDE | 0xF2);
    let cp1258 = bytes
        .windows(2)
        .filter(|w| is_vowel(w[0]) && tone(w[1]))
        .count();
    let vni_marks = |b: u8| matches!(b, 0xF9 | 0xF8 | 0xFB | 0xF5 | 0xEF | 0xE2 | 0xEA | 0xF4);
    let vni = bytes
        .windows(2)
        .filter(|w| w[0].is_ascii_alphabetic() && vni_marks(w[1]))
        .count();
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    if cp1258 > 0 && cp1258 * 3 >= high {
        "Windows-1258 (bảng mã tiếng Việt của Windows)"
    } else if vni > 0 && vni * 2 >= high && cp1258 == 0 {
        "VNI Windows (hoặc TCVN3/ABC)"
    } else {
        "TCVN3 (ABC, tiêu chuẩn tiếng Việt cũ) hoặc Windows-1258"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        // "Hồ sơ" in Windows-1258: H, o-circumflex (0xF4), grave (0xCC), space, s, o-horn (0xF5).
        assert!(guess_legacy_encoding(b"H\xF4\xCC s\xF5").starts_with("Windows-1258"));
        // "Hồ sơ" in TCVN3: H, 0xCE (ồ), space, s, 0xAC (ơ).
        assert!(guess_legacy_encoding(b"H\xCE s\xAC").starts_with("TCVN3"));
    }

    #[test]
    fn delimiters() {
        let input = open_text("a;b;c\n1;2;3\n".as_bytes()).ok().unwrap();
        assert_eq!(input.delimiter, b';');
        let input = open_text("\u{feff}a,b\n".as_bytes()).ok().unwrap();
        assert_eq!(input.delimiter, b',');
        let utf16 = open_text(&b"\xFF\xFEa\0"[..]).err().unwrap();
        assert_eq!(utf16.location, Location::File);
        assert!(
            utf16
                .message
                .starts_with("tệp là văn bản UTF-16 (dạng “Unicode Text” của Excel), không phải UTF-8; cần tệp CSV UTF-8: hãy mở tệp bằng Excel"),
            "{}",
            utf16.message
        );
    }
}
