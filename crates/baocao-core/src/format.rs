//! Vietnamese formatting of numbers and dates as printed in reports, and parsing of numbers
//! typed the Vietnamese way ("232.046", "70,96").
//!
//! Conventions (docs/standards.md §2): "." groups thousands and "," is the decimal mark;
//! dates follow Nghị định 30/2020/NĐ-CP, Phụ lục I.

use chrono::{Datelike, NaiveDate};

/// Formats a whole number with "." between groups of three digits.
///
/// `232046` → `"232.046"`, `-1234` → `"-1.234"`, `0` → `"0"`. Works for the whole `i64`
/// range. Source: Vietnamese number notation, docs/standards.md §2.
pub fn integer(n: i64) -> String {
    let digits = group_thousands(&n.unsigned_abs().to_string());
    if n < 0 { format!("-{digits}") } else { digits }
}

/// Formats `x` with exactly `decimals` digits after the decimal comma and "." between
/// thousands: `(70.955, 2)` → `"70,96"`, `(1234567.891, 2)` → `"1.234.567,89"`,
/// `(5183.0, 0)` → `"5.183"`.
///
/// Rounds half away from zero on the decimal value of `x` cleaned of binary noise (first
/// written with six more decimals than asked), not on its binary value: `70.955` is stored
/// as 70.95499…, yet a person reading "70.955" expects "70,96"; `2013 / 4000 × 100`
/// computes as 50.324999…996 and prints "50,33" as the exact 50,325 does; `0.125` rounds
/// to `"0,13"`. [`round`] rounds the same way, so a figure compared at n decimals and the
/// figure printed at n decimals always agree. A result that
/// rounds to zero has no sign (`-0.001` → `"0,00"`). Non-finite values (NaN, ±∞) have no
/// Vietnamese form and are returned as Rust prints them ("NaN", "inf", "-inf"); callers
/// should not pass them.
pub fn decimal(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let (int_digits, frac_digits) = round_half_away(&clean_digits(x, decimals), decimals as usize);
    let is_zero = int_digits
        .bytes()
        .chain(frac_digits.bytes())
        .all(|b| b == b'0');
    let sign = if x < 0.0 && !is_zero { "-" } else { "" };
    let mut out = format!("{sign}{}", group_thousands(&int_digits));
    if decimals > 0 {
        out.push(',');
        out.push_str(&frac_digits);
    }
    out
}

/// Formats a percentage: `x` is already in percent units (`70.96`, not `0.7096`).
///
/// `(70.9556, 2)` → `"70,96%"`; rounding as in [`decimal`]. The sign follows the number
/// with no space, as in the seed report ("đạt 70,96%").
pub fn percent(x: f64, decimals: u32) -> String {
    format!("{}%", decimal(x, decimals))
}

/// Formats a count of documents or items as reports write it: 1 to 9 take a leading zero
/// (`2` → `"02"`, "02 Quyết định, 03 Kế hoạch"), 10 and above are grouped as [`integer`]
/// (`1122` → `"1.122"`).
///
/// Zero is written `"0"`, not `"00"`, as the seed report does ("0 hồ sơ tiếp nhận qua
/// BCCI"). Negative numbers are not counts and are printed as [`integer`] does.
/// Source: observed convention, docs/standards.md §2 *(convention)*.
pub fn count_padded(n: i64) -> String {
    if (1..10).contains(&n) {
        format!("{n:02}")
    } else {
        integer(n)
    }
}

/// Formats a date for running text, `dd/m/yyyy`: the day always has two digits, the month
/// has none added except January and February, which take a leading zero.
///
/// 2023-04-12 → `"12/4/2023"`, 2023-04-03 → `"03/4/2023"`, 2023-01-01 → `"01/01/2023"`,
/// 2024-02-05 → `"05/02/2024"`. Source: the zero rule of Nghị định 30/2020/NĐ-CP,
/// Phụ lục I applied to the short form used in reports *(convention)*.
pub fn date_short(d: NaiveDate) -> String {
    format!("{:02}/{}/{}", d.day(), month_number(d.month()), d.year())
}

/// Formats a date in full for a document header: `"ngày 05 tháng 5 năm 2023"`,
/// `"ngày 25 tháng 01 năm 2024"`.
///
/// Days below 10 and the months 1 and 2 take a leading zero (Nghị định 30/2020/NĐ-CP,
/// Phụ lục I, ngày tháng năm ban hành văn bản).
pub fn date_long(d: NaiveDate) -> String {
    format!(
        "ngày {:02} tháng {} năm {}",
        d.day(),
        month_number(d.month()),
        d.year()
    )
}

/// A number read from Vietnamese input by [`parse_number`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParsedNumber {
    /// The value: `"1.234,5"` → `1234.5`.
    pub value: f64,
    /// How many digits were typed after the decimal comma: `"70,96"` → 2, `"5"` → 0. This
    /// is the precision the figure was printed at, so it can be printed back the same way.
    pub decimals: u32,
}

/// Why [`parse_number`] rejected an input. Each variant names the (trimmed) input and what
/// was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Nothing but whitespace was given.
    #[error("empty number: expected digits, e.g. 232.046 or 70,96")]
    Empty,
    /// A character other than a digit, ".", "," or a leading "-"; `position` counts
    /// characters from 1.
    #[error(
        "number \"{input}\": unexpected '{found}' at character {position}; expected digits, \
         \".\" between thousands groups and \",\" before decimals"
    )]
    UnexpectedCharacter {
        /// The trimmed input.
        input: String,
        /// The offending character.
        found: char,
        /// Its position, counting characters from 1.
        position: usize,
    },
    /// More than one decimal comma.
    #[error("number \"{input}\": more than one \",\"; expected at most one decimal comma")]
    SeveralCommas {
        /// The trimmed input.
        input: String,
    },
    /// A "." not followed by exactly three digits, or a first group longer than three
    /// digits: "1.23", "70.96", "1234.567".
    #[error(
        "number \"{input}\": expected thousands groups of three digits around \".\" \
         (\".\" groups thousands; the decimal mark is \",\", e.g. 70,96)"
    )]
    ThousandsGroup {
        /// The trimmed input.
        input: String,
    },
    /// No digit before the decimal comma: ",5", "-".
    #[error("number \"{input}\": expected digits before the decimal comma")]
    MissingInteger {
        /// The trimmed input.
        input: String,
    },
    /// A comma with no digit after it: "70,".
    #[error("number \"{input}\": expected digits after the decimal comma")]
    MissingFraction {
        /// The trimmed input.
        input: String,
    },
    /// A "." after the decimal comma: "1,234.5".
    #[error("number \"{input}\": \".\" after the decimal comma; expected only digits there")]
    DotInFraction {
        /// The trimmed input.
        input: String,
    },
    /// More digits than an `f64` can hold.
    #[error("number \"{input}\" is too large")]
    TooLarge {
        /// The trimmed input.
        input: String,
    },
}

/// Reads a number typed the Vietnamese way: `"232.046"` → 232046, `"70,96"` → 70.96,
/// `"1.234,5"` → 1234.5, `"-3"` → -3; surrounding whitespace is ignored.
///
/// Rules: an optional leading "-"; digits; "." only between thousands groups, each of
/// exactly three digits after a first group of one to three (plain "232046" is accepted
/// too); at most one "," followed by at least one digit. A "." is always a thousands
/// separator, never a decimal point, so `"1.234"` is 1234 and `"70.96"` is an error (the
/// English reading is refused rather than guessed). Source: docs/standards.md §2.
///
/// # Errors
/// [`NumberError`] naming the input and what was expected.
pub fn parse_number(s: &str) -> Result<ParsedNumber, NumberError> {
    let input = s.trim();
    if input.is_empty() {
        return Err(NumberError::Empty);
    }
    check_characters(input)?;
    let owned = || input.to_string();
    let (negative, body) = match input.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    let (int_part, frac_part) = match body.split_once(',') {
        Some((_, frac)) if frac.contains(',') => {
            return Err(NumberError::SeveralCommas { input: owned() });
        }
        Some((int, frac)) => (int, Some(frac)),
        None => (body, None),
    };
    let int_digits = thousands_digits(input, int_part)?;
    let frac_digits = fraction_digits(input, frac_part)?;
    let sign = if negative { "-" } else { "" };
    let value: f64 = format!("{sign}{int_digits}.{frac_digits}0")
        .parse()
        .map_err(|_| NumberError::TooLarge { input: owned() })?;
    let decimals =
        u32::try_from(frac_digits.len()).map_err(|_| NumberError::TooLarge { input: owned() })?;
    if !value.is_finite() {
        return Err(NumberError::TooLarge { input: owned() });
    }
    Ok(ParsedNumber { value, decimals })
}

/// Writes `n` in Roman numerals, as reports number their sections ("I.", "II.") and
/// quarters ("quý II/2023"): `1` → `"I"`, `4` → `"IV"`, `2023` → `"MMXXIII"`.
///
/// Zero has no Roman numeral and gives `""`; above 3999 the thousands are repeated
/// ("MMMM" for 4000) rather than using overlines.
pub fn roman(n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, letters) in TABLE {
        while rest >= value {
            out.push_str(letters);
            rest -= value;
        }
    }
    out
}

/// A month number with the leading zero Nghị định 30/2020/NĐ-CP gives months 1 and 2.
fn month_number(month: u32) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// Inserts "." every three digits from the right: "232046" → "232.046".
fn group_thousands(digits: &str) -> String {
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

/// Rounds a plain non-negative decimal string ("70.955") to `decimals` places, half away
/// from zero, and returns its integer and fraction digits ("70", "96").
/// `|x|` written with six more decimals than will be kept: enough to absorb the error of a
/// few float operations, few enough not to invent digits.
fn clean_digits(x: f64, decimals: u32) -> String {
    format!("{:.*}", decimals as usize + 6, x.abs())
}

/// Rounds `x` half away from zero to `decimals` places exactly as [`decimal`] prints it:
/// `round(70.955, 2)` → 70.96, `round(-2.5, 0)` → -3. Non-finite values are returned as is.
/// Validation compares stated figures at their typed precision with this.
pub fn round(x: f64, decimals: u32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let (int_digits, frac_digits) = round_half_away(&clean_digits(x, decimals), decimals as usize);
    let magnitude: f64 = format!("{int_digits}.{frac_digits}0")
        .parse()
        .unwrap_or(x.abs());
    if x < 0.0 { -magnitude } else { magnitude }
}

fn round_half_away(plain: &str, decimals: usize) -> (String, String) {
    let (int_part, frac_part) = plain.split_once('.').unwrap_or((plain, ""));
    let frac_kept = frac_part
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(decimals);
    let mut digits: Vec<u8> = int_part.bytes().chain(frac_kept).collect();
    if frac_part
        .as_bytes()
        .get(decimals)
        .is_some_and(|&d| d >= b'5')
    {
        increment(&mut digits);
    }
    let split = digits.len() - decimals;
    let text = String::from_utf8(digits).expect("ASCII digits");
    (text[..split].to_string(), text[split..].to_string())
}

/// Adds one to a string of ASCII digits, carrying as far as needed ("999" → "1000").
fn increment(digits: &mut Vec<u8>) {
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return;
        }
    }
    digits.insert(0, b'1');
}

/// Rejects any character but digits, ".", "," and a leading "-".
fn check_characters(input: &str) -> Result<(), NumberError> {
    for (i, c) in input.chars().enumerate() {
        let allowed = c.is_ascii_digit() || c == '.' || c == ',' || (c == '-' && i == 0);
        if !allowed {
            let input = input.to_string();
            return Err(NumberError::UnexpectedCharacter {
                input,
                found: c,
                position: i + 1,
            });
        }
    }
    Ok(())
}

/// The digits of the integer part, checking that "." separates groups of three.
fn thousands_digits(input: &str, int_part: &str) -> Result<String, NumberError> {
    if int_part.is_empty() {
        return Err(NumberError::MissingInteger {
            input: input.to_string(),
        });
    }
    let groups: Vec<&str> = int_part.split('.').collect();
    let first_ok = !groups[0].is_empty() && (groups.len() == 1 || groups[0].len() <= 3);
    if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return Err(NumberError::ThousandsGroup {
            input: input.to_string(),
        });
    }
    Ok(groups.concat())
}

/// The digits after the decimal comma ("" when there is no comma).
fn fraction_digits<'a>(input: &str, frac_part: Option<&'a str>) -> Result<&'a str, NumberError> {
    match frac_part {
        None => Ok(""),
        Some("") => Err(NumberError::MissingFraction {
            input: input.to_string(),
        }),
        Some(frac) if frac.contains('.') => Err(NumberError::DotInFraction {
            input: input.to_string(),
        }),
        Some(frac) => Ok(frac),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn integers() {
        let check = |n: i64, expected: &str| assert_eq!(integer(n), expected, "{n}");
        check(232046, "232.046");
        check(-1234, "-1.234");
        check(0, "0");
        check(999, "999");
        check(1000, "1.000");
        check(596049, "596.049");
        check(1234567, "1.234.567");
        check(i64::MIN, "-9.223.372.036.854.775.808");
        check(i64::MAX, "9.223.372.036.854.775.807");
    }

    #[test]
    fn decimals() {
        let check = |x: f64, d: u32, expected: &str| assert_eq!(decimal(x, d), expected, "{x} {d}");
        check(70.955, 2, "70,96");
        check(18.3, 1, "18,3");
        check(5183.0, 0, "5.183");
        check(1234567.891, 2, "1.234.567,89");
        check(0.125, 2, "0,13");
        check(1.005, 2, "1,01");
        check(2.5, 0, "3");
        check(-2.5, 0, "-3");
        check(-0.001, 2, "0,00");
        check(0.0, 2, "0,00");
        check(9.995, 2, "10,00");
        check(999.5, 0, "1.000");
        check(116.4, 1, "116,4");
        check(1.0, 3, "1,000");
        check(0.1 + 0.2, 2, "0,30");
        check(1e21, 0, "1.000.000.000.000.000.000.000");
        check(1e-7, 2, "0,00");
        check(47934.0 / 67555.0 * 100.0, 2, "70,96");
        // 2013 / 4000 × 100 is 50,325 exactly but computes as 50.324999…: printed as the
        // exact value rounds (regression: validation accepted 50,33 while the report printed
        // 50,32).
        check(2013.0 / 4000.0 * 100.0, 2, "50,33");
        check(f64::NAN, 2, "NaN");
    }

    #[test]
    fn round_agrees_with_what_is_printed() {
        for (x, d) in [
            (70.955, 2),
            (2013.0 / 4000.0 * 100.0, 2),
            (-2.5, 0),
            (0.125, 2),
            (116.076, 1),
            (5183.035, 3),
            (1e15 + 0.5, 0),
        ] {
            let rounded = round(x, d);
            assert_eq!(decimal(rounded, d), decimal(x, d), "{x} at {d}");
        }
        assert_eq!(round(70.955, 2), 70.96);
        assert_eq!(round(-2.5, 0), -3.0);
        assert_eq!(round(50.324999999999996, 2), 50.33);
        assert!(round(f64::NAN, 2).is_nan());
    }

    #[test]
    fn percents() {
        assert_eq!(percent(70.96, 2), "70,96%");
        assert_eq!(percent(29465.0 / 40992.0 * 100.0, 2), "71,88%");
        assert_eq!(percent(5.0, 0), "5%");
    }

    #[test]
    fn padded_counts() {
        let check = |n: i64, expected: &str| assert_eq!(count_padded(n), expected, "{n}");
        check(0, "0");
        check(1, "01");
        check(2, "02");
        check(9, "09");
        check(10, "10");
        check(1122, "1.122");
        check(-3, "-3");
    }

    #[test]
    fn dates() {
        let check = |d: NaiveDate, short: &str, long: &str| {
            assert_eq!(date_short(d), short);
            assert_eq!(date_long(d), long);
        };
        check(date(2023, 4, 12), "12/4/2023", "ngày 12 tháng 4 năm 2023");
        check(date(2023, 4, 3), "03/4/2023", "ngày 03 tháng 4 năm 2023");
        check(date(2023, 1, 1), "01/01/2023", "ngày 01 tháng 01 năm 2023");
        check(date(2024, 2, 5), "05/02/2024", "ngày 05 tháng 02 năm 2024");
        check(date(2023, 5, 5), "05/5/2023", "ngày 05 tháng 5 năm 2023");
        check(date(2024, 1, 25), "25/01/2024", "ngày 25 tháng 01 năm 2024");
        check(
            date(2022, 12, 29),
            "29/12/2022",
            "ngày 29 tháng 12 năm 2022",
        );
    }

    #[test]
    fn parses_numbers() {
        let check = |s: &str, value: f64, decimals: u32| {
            assert_eq!(
                parse_number(s),
                Ok(ParsedNumber { value, decimals }),
                "{s:?}"
            );
        };
        check("232.046", 232046.0, 0);
        check("70,96", 70.96, 2);
        check("1.234,5", 1234.5, 1);
        check("-3", -3.0, 0);
        check("  12 ", 12.0, 0);
        check("1.234", 1234.0, 0);
        check("232046", 232046.0, 0);
        check("5", 5.0, 0);
        check("0,50", 0.5, 2);
        check("1.234.567,891", 1234567.891, 3);
        check("-1.234,5", -1234.5, 1);
    }

    #[test]
    fn rejects_numbers() {
        use NumberError::*;
        let check = |s: &str, expected: NumberError| {
            assert_eq!(parse_number(s), Err(expected), "{s:?}");
        };
        let i = |s: &str| s.to_string();
        check("", Empty);
        check("   ", Empty);
        check("1.23", ThousandsGroup { input: i("1.23") });
        check("70.96", ThousandsGroup { input: i("70.96") });
        check(
            "1234.567",
            ThousandsGroup {
                input: i("1234.567"),
            },
        );
        check(".123", ThousandsGroup { input: i(".123") });
        check("1..234", ThousandsGroup { input: i("1..234") });
        check("1,2,3", SeveralCommas { input: i("1,2,3") });
        check(",5", MissingInteger { input: i(",5") });
        check("-", MissingInteger { input: i("-") });
        check("70,", MissingFraction { input: i("70,") });
        check(
            "1,234.5",
            DotInFraction {
                input: i("1,234.5"),
            },
        );
        check(
            "12 345",
            UnexpectedCharacter {
                input: i("12 345"),
                found: ' ',
                position: 3,
            },
        );
        check(
            "1-2",
            UnexpectedCharacter {
                input: i("1-2"),
                found: '-',
                position: 2,
            },
        );
        check(
            "12a",
            UnexpectedCharacter {
                input: i("12a"),
                found: 'a',
                position: 3,
            },
        );
        check(
            "70,96%",
            UnexpectedCharacter {
                input: i("70,96%"),
                found: '%',
                position: 6,
            },
        );
        let huge = "9".repeat(400);
        check(
            &huge,
            TooLarge {
                input: huge.clone(),
            },
        );
    }

    #[test]
    fn number_errors_name_input_and_expectation() {
        let message = parse_number("1.23").unwrap_err().to_string();
        assert!(
            message.contains("\"1.23\"") && message.contains("three digits"),
            "{message}"
        );
    }

    #[test]
    fn roman_numerals() {
        let check = |n: u32, expected: &str| assert_eq!(roman(n), expected, "{n}");
        check(0, "");
        check(1, "I");
        check(2, "II");
        check(3, "III");
        check(4, "IV");
        check(6, "VI");
        check(9, "IX");
        check(14, "XIV");
        check(20, "XX");
        check(40, "XL");
        check(90, "XC");
        check(400, "CD");
        check(1994, "MCMXCIV");
        check(2023, "MMXXIII");
        check(3999, "MMMCMXCIX");
    }
}
