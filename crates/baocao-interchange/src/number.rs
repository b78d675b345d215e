//! Reading figures the way each format writes them, and writing them back.
//!
//! baocao keeps a figure as typed (`as_typed`, Vietnamese: "." between thousands, "," before
//! decimals) beside its value. The rules per format (docs/interchange.md, "Reading numbers"):
//!
//! - **Vietnamese** (the long CSV, text in XLSX cells): `"1.234"` is 1234 and `"70,96"` is
//!   70,96, as `baocao_core::format::parse_number` reads them. A comma followed by exactly
//!   three digits and nothing else (`"1,234"`, `"12,500"`) is also how an English-locale
//!   program writes a thousands separator: it is reported, not guessed, unless the import
//!   says the file's commas are decimal commas (`strict`).
//! - **DHIS2** (dataValueSets JSON and CSV): plain numbers with "." as the decimal point
//!   and no grouping (`"1234"`, `"70.96"`, `"-3"`), as DHIS2 stores them. A dot followed by
//!   exactly three digits after one to three digits (`"1.234"`) is also how a Vietnamese
//!   figure is grouped: reported, not guessed, unless `strict`. A JSON number is never
//!   ambiguous.
//! - **Numbers in XLSX cells** are binary: written back as the Vietnamese text of their
//!   shortest decimal form at 15 significant digits (`7081` → `"7.081"`, `70.96` → `"70,96"`).

use baocao_core::format::parse_number;
use baocao_core::value::TypedNumber;

/// Figures keep at most 15 significant digits: an `f64` holds them exactly.
pub const MAX_SIGNIFICANT_DIGITS: usize = 15;

/// How a format writes numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    /// "." between thousands, "," before decimals: `1.234,5`.
    Vietnamese,
    /// DHIS2: no grouping, "." before decimals: `1234.5`.
    Dhis2,
}

/// Reads a number written as text in `notation`. `strict` applies the notation's own rule to
/// text that could be read two ways instead of reporting it.
///
/// # Errors
/// What is wrong and what was expected, in Vietnamese (the caller adds where and the text
/// found).
pub fn read_text(text: &str, notation: Notation, strict: bool) -> Result<TypedNumber, String> {
    let text = text.trim();
    let number = match notation {
        Notation::Vietnamese => read_vietnamese(text, strict)?,
        Notation::Dhis2 => read_dhis2(text, strict)?,
    };
    check_digits(&number.as_typed)?;
    Ok(number)
}

/// Reads a number stored as a number (an XLSX numeric cell, a JSON number).
///
/// # Errors
/// Not finite, or more than [`MAX_SIGNIFICANT_DIGITS`] significant digits (in Vietnamese).
pub fn read_binary(x: f64) -> Result<TypedNumber, String> {
    if !x.is_finite() {
        return Err("không phải một số hữu hạn; cần một số liệu".to_string());
    }
    // Shortest decimal form at 15 significant digits: a value computed in a sheet
    // (0.1 + 0.2) is read as the figure it shows (0,3).
    let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    let plain = format!("{rounded}");
    let number = read_dhis2(&plain, true)?;
    check_digits(&number.as_typed)?;
    Ok(number)
}

/// A figure as a plain number, DHIS2's way: `"232.046"` → `"232046"`, `"70,96"` → `"70.96"`,
/// `"07"` → `"7"`. Exact: made from the digits typed, not from the binary value.
pub fn to_plain(number: &TypedNumber) -> String {
    let text = number.as_typed.trim();
    if parse_number(text).is_err() {
        // Not Vietnamese text (never the case for stored figures): print the value.
        return plain_from_value(number.value, number.decimals);
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int_part, frac_part) = body.split_once(',').unwrap_or((body, ""));
    let digits: String = int_part.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let zero = digits == "0" && frac_part.chars().all(|c| c == '0');
    let sign = if negative && !zero { "-" } else { "" };
    if frac_part.is_empty() {
        format!("{sign}{digits}")
    } else {
        format!("{sign}{digits}.{frac_part}")
    }
}

fn plain_from_value(value: f64, decimals: u32) -> String {
    format!("{value:.*}", decimals as usize)
}

fn check_digits(as_typed: &str) -> Result<(), String> {
    let significant = as_typed
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|c| *c == '0')
        .count();
    if significant > MAX_SIGNIFICANT_DIGITS {
        return Err(format!(
            "hơn {MAX_SIGNIFICANT_DIGITS} chữ số có nghĩa thì không lưu chính xác được; cần nhiều nhất {MAX_SIGNIFICANT_DIGITS} chữ số có nghĩa"
        ));
    }
    Ok(())
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn read_vietnamese(text: &str, strict: bool) -> Result<TypedNumber, String> {
    let body = text.strip_prefix('-').unwrap_or(text);
    if !strict
        && let Some((int, frac)) = body.split_once(',')
        && all_digits(int)
        && int.len() <= 3
        && frac.len() == 3
        && all_digits(frac)
        && !int.starts_with('0')
    {
        let sign = if body.len() < text.len() { "-" } else { "" };
        return Err(format!(
            "đọc được theo hai cách: {sign}{int},{frac} (dấu phẩy thập phân, cách viết của Việt Nam) hoặc {sign}{int}{frac} (dấu phẩy ngăn cách hàng nghìn, cách viết tiếng Anh); cần ghi {sign}{int}.{frac} nếu là {sign}{int}{frac}, hoặc nhập với --decimal-comma nếu mọi dấu phẩy trong tệp đều là dấu thập phân"
        ));
    }
    match parse_number(text) {
        Ok(parsed) => Ok(TypedNumber {
            value: parsed.value,
            decimals: parsed.decimals,
            as_typed: text.to_string(),
        }),
        Err(e) => Err(format!(
            "{} (số liệu viết theo cách Việt Nam: 1.234 hoặc 70,96)",
            crate::vi::number_error(&e)
        )),
    }
}

fn read_dhis2(text: &str, strict: bool) -> Result<TypedNumber, String> {
    let expected = "cần một số viết liền, dấu “.” trước phần thập phân và không ngăn cách hàng nghìn, như DHIS2 ghi giá trị (1234, 70.96, -3)";
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (body, None),
    };
    if text.is_empty() {
        return Err(format!("trống; {expected}"));
    }
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(format!("không phải một số; {expected}"));
    }
    let frac = frac.unwrap_or("");
    if !strict && int.len() <= 3 && frac.len() == 3 && !int.starts_with('0') {
        let sign = if negative { "-" } else { "" };
        return Err(format!(
            "đọc được theo hai cách: {sign}{int}.{frac} với dấu chấm thập phân (cách của DHIS2) hoặc {sign}{int}{frac} với dấu chấm ngăn cách hàng nghìn (cách viết của Việt Nam); cần ghi {sign}{int}{frac} nếu là số nguyên, hoặc nhập với --decimal-point nếu mọi dấu chấm trong tệp đều là dấu thập phân"
        ));
    }
    let int_digits = int.trim_start_matches('0');
    let int_digits = if int_digits.is_empty() {
        "0"
    } else {
        int_digits
    };
    let value: f64 = format!("{}{int_digits}.{frac}0", if negative { "-" } else { "" })
        .parse()
        .map_err(|_| format!("không phải một số; {expected}"))?;
    let zero = value == 0.0;
    let grouped = group(int_digits);
    let mut as_typed = String::new();
    if negative && !zero {
        as_typed.push('-');
    }
    as_typed.push_str(&grouped);
    if !frac.is_empty() {
        as_typed.push(',');
        as_typed.push_str(frac);
    }
    Ok(TypedNumber {
        value,
        decimals: frac.len() as u32,
        as_typed,
    })
}

/// "1234567" → "1.234.567".
fn group(digits: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vi(s: &str) -> Result<(f64, u32, String), String> {
        read_text(s, Notation::Vietnamese, false).map(|n| (n.value, n.decimals, n.as_typed))
    }

    fn dhis2(s: &str) -> Result<(f64, u32, String), String> {
        read_text(s, Notation::Dhis2, false).map(|n| (n.value, n.decimals, n.as_typed))
    }

    #[test]
    fn vietnamese_text() {
        assert_eq!(vi("1.234"), Ok((1234.0, 0, "1.234".into())));
        assert_eq!(vi("70,96"), Ok((70.96, 2, "70,96".into())));
        assert_eq!(vi(" 232.046 "), Ok((232046.0, 0, "232.046".into())));
        assert_eq!(vi("1.234,567"), Ok((1234.567, 3, "1.234,567".into())));
        assert_eq!(vi("0,125"), Ok((0.125, 3, "0,125".into())));
        assert_eq!(vi("07"), Ok((7.0, 0, "07".into())));
        assert_eq!(
            vi("1,234").unwrap_err(),
            "đọc được theo hai cách: 1,234 (dấu phẩy thập phân, cách viết của Việt Nam) hoặc 1234 (dấu phẩy ngăn cách hàng nghìn, cách viết tiếng Anh); cần ghi 1.234 nếu là 1234, hoặc nhập với --decimal-comma nếu mọi dấu phẩy trong tệp đều là dấu thập phân"
        );
        assert!(
            vi("-12,500")
                .unwrap_err()
                .contains("cần ghi -12.500 nếu là -12500")
        );
        assert_eq!(
            vi("70.96").unwrap_err(),
            "dấu “.” chỉ dùng để ngăn cách các nhóm ba chữ số hàng nghìn; cần các nhóm đủ ba chữ số quanh dấu “.”, còn dấu thập phân là “,” (số liệu viết theo cách Việt Nam: 1.234 hoặc 70,96)"
        );
        assert!(
            vi("1 234")
                .unwrap_err()
                .starts_with("ký tự “ ” ở vị trí 2 không dùng được trong một số")
        );
        assert_eq!(
            vi("1234567890123456").unwrap_err(),
            "hơn 15 chữ số có nghĩa thì không lưu chính xác được; cần nhiều nhất 15 chữ số có nghĩa"
        );
        let strict = read_text("1,234", Notation::Vietnamese, true).unwrap();
        assert_eq!((strict.value, strict.decimals), (1.234, 3));
    }

    #[test]
    fn dhis2_text() {
        assert_eq!(dhis2("1234"), Ok((1234.0, 0, "1.234".into())));
        assert_eq!(dhis2("70.96"), Ok((70.96, 2, "70,96".into())));
        assert_eq!(dhis2("-3"), Ok((-3.0, 0, "-3".into())));
        assert_eq!(dhis2("1234567.5"), Ok((1234567.5, 1, "1.234.567,5".into())));
        assert_eq!(dhis2("0.125"), Ok((0.125, 3, "0,125".into())));
        assert_eq!(dhis2("-0"), Ok((0.0, 0, "0".into())));
        assert!(dhis2("1.234").unwrap_err().starts_with(
            "đọc được theo hai cách: 1.234 với dấu chấm thập phân (cách của DHIS2) hoặc 1234"
        ));
        assert_eq!(
            dhis2("1,5").unwrap_err(),
            "không phải một số; cần một số viết liền, dấu “.” trước phần thập phân và không ngăn cách hàng nghìn, như DHIS2 ghi giá trị (1234, 70.96, -3)"
        );
        assert!(dhis2("1e5").unwrap_err().starts_with("không phải một số; "));
        assert!(
            dhis2("")
                .unwrap_err()
                .starts_with("trống; cần một số viết liền")
        );
        let strict = read_text("1.234", Notation::Dhis2, true).unwrap();
        assert_eq!(strict.as_typed, "1,234");
    }

    #[test]
    fn binary() {
        assert_eq!(read_binary(7081.0).unwrap().as_typed, "7.081");
        assert_eq!(read_binary(70.96).unwrap().as_typed, "70,96");
        assert_eq!(read_binary(0.1 + 0.2).unwrap().as_typed, "0,3");
        assert_eq!(read_binary(1234.567).unwrap().as_typed, "1.234,567");
        assert_eq!(
            read_binary(f64::NAN).unwrap_err(),
            "không phải một số hữu hạn; cần một số liệu"
        );
    }

    #[test]
    fn plain() {
        let n = |s: &str| TypedNumber {
            value: 0.0,
            decimals: 0,
            as_typed: s.to_string(),
        };
        assert_eq!(to_plain(&n("232.046")), "232046");
        assert_eq!(to_plain(&n("70,96")), "70.96");
        assert_eq!(to_plain(&n("07")), "7");
        assert_eq!(to_plain(&n("-1.234,5")), "-1234.5");
        assert_eq!(to_plain(&n("0")), "0");
        assert_eq!(to_plain(&n("0,50")), "0.50");
    }
}
