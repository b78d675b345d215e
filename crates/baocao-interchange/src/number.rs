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
/// What is wrong and what was expected (the caller adds where and the text found).
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
/// Not finite, or more than [`MAX_SIGNIFICANT_DIGITS`] significant digits.
pub fn read_binary(x: f64) -> Result<TypedNumber, String> {
    if !x.is_finite() {
        return Err("not a finite number".to_string());
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
            "more than {MAX_SIGNIFICANT_DIGITS} significant digits cannot be kept exactly; expected at most {MAX_SIGNIFICANT_DIGITS}"
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
            "could be read two ways: {sign}{int},{frac} (a decimal comma, the Vietnamese way) or {sign}{int}{frac} (a comma between thousands, the English way); write {sign}{int}.{frac} for {sign}{int}{frac}, or import with --decimal-comma if every comma in the file is a decimal comma"
        ));
    }
    match parse_number(text) {
        Ok(parsed) => Ok(TypedNumber {
            value: parsed.value,
            decimals: parsed.decimals,
            as_typed: text.to_string(),
        }),
        Err(e) => {
            let message = e.to_string();
            // "number \"x\": …" — the caller prints the text found; keep the reason.
            let reason = message
                .split_once(": ")
                .map_or(message.as_str(), |(_, r)| r);
            Err(format!(
                "{reason} (figures are written the Vietnamese way: 1.234 or 70,96)"
            ))
        }
    }
}

fn read_dhis2(text: &str, strict: bool) -> Result<TypedNumber, String> {
    let expected = "expected a plain number with \".\" as the decimal point and no thousands separator, as DHIS2 writes values (1234, 70.96, -3)";
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (body, None),
    };
    if text.is_empty() {
        return Err(format!("empty; {expected}"));
    }
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(format!("not a number; {expected}"));
    }
    let frac = frac.unwrap_or("");
    if !strict && int.len() <= 3 && frac.len() == 3 && !int.starts_with('0') {
        let sign = if negative { "-" } else { "" };
        return Err(format!(
            "could be read two ways: {sign}{int}.{frac} with a decimal point (DHIS2's way) or {sign}{int}{frac} with a dot between thousands (the Vietnamese way); write {sign}{int}{frac} for the whole number, or import with --decimal-point if every dot in the file is a decimal point"
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
        .map_err(|_| format!("not a number; {expected}"))?;
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
        assert!(vi("1,234").unwrap_err().contains("two ways"));
        assert!(vi("-12,500").unwrap_err().contains("-12500"));
        assert!(vi("70.96").unwrap_err().contains("three digits"));
        assert!(vi("1 234").is_err());
        assert!(vi("1234567890123456").unwrap_err().contains("15"));
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
        assert!(dhis2("1.234").unwrap_err().contains("two ways"));
        assert!(dhis2("1,5").is_err());
        assert!(dhis2("1e5").is_err());
        assert!(dhis2("").is_err());
        let strict = read_text("1.234", Notation::Dhis2, true).unwrap();
        assert_eq!(strict.as_typed, "1,234");
    }

    #[test]
    fn binary() {
        assert_eq!(read_binary(7081.0).unwrap().as_typed, "7.081");
        assert_eq!(read_binary(70.96).unwrap().as_typed, "70,96");
        assert_eq!(read_binary(0.1 + 0.2).unwrap().as_typed, "0,3");
        assert_eq!(read_binary(1234.567).unwrap().as_typed, "1.234,567");
        assert!(read_binary(f64::NAN).is_err());
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
