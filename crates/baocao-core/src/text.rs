//! Vietnamese text: Unicode normalisation, alphabetical order (collation) and folding for
//! search.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The Vietnamese alphabet in order, with f, j, w, z (loan words) at their Latin places.
const ALPHABET: [char; 33] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];

const BREVE: char = '\u{306}';
const CIRCUMFLEX: char = '\u{302}';
const HORN: char = '\u{31B}';

/// Primary weight classes: separators and symbols < digits < letters < other scripts.
const DIGIT_CLASS: u32 = 1 << 24;
const LETTER_CLASS: u32 = 2 << 24;
const OTHER_LETTER_CLASS: u32 = 3 << 24;

/// Converts to Unicode Normalization Form C (composed), the form baocao stores and compares.
/// Text typed on some keyboards or pasted from PDFs arrives decomposed (NFD: "a" followed
/// by U+0301); all input goes through this.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// A sort key for Vietnamese alphabetical order; compare keys with `Ord`. Built by
/// [`collation_key`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CollationKey {
    /// One weight per character: its letter (ă, â, đ, ê, ô, ơ, ư are letters of their own),
    /// digit, or symbol.
    primary: Vec<u32>,
    /// One tone per character: 0 ngang, 1 huyền, 2 hỏi, 3 ngã, 4 sắc, 5 nặng.
    secondary: Vec<u8>,
    /// One case per character: 0 lower, 1 upper.
    tertiary: Vec<u8>,
}

/// The sort key of `s` in Vietnamese alphabetical order.
///
/// Levels, compared in turn over the whole string:
/// 1. letters in the order a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v
///    (w) x y (z); separators and symbols before digits, digits before letters;
/// 2. tones: ngang < huyền < hỏi < ngã < sắc < nặng (no mark, grave, hook above, tilde,
///    acute, dot below) — the order of the Unicode CLDR Vietnamese collation
///    (`&̀<<̉<<̃<<́<<̣`), which is also that of Vietnamese dictionaries;
/// 3. case: lower before upper (CLDR default).
///
/// So "Anh" < "Ánh" < "Ba", "Dương" < "Đà Nẵng". NFC and NFD input give the same key.
pub fn collation_key(s: &str) -> CollationKey {
    let mut key = CollationKey::default();
    let mut chars = s.nfd().peekable();
    while let Some(base) = chars.next() {
        let mut marks = Vec::new();
        while let Some(&mark) = chars.peek()
            && is_combining_mark(mark)
        {
            marks.push(mark);
            chars.next();
        }
        key.primary.push(primary_weight(base, &marks));
        key.secondary
            .push(marks.iter().find_map(|&m| tone(m)).unwrap_or(0));
        key.tertiary.push(u8::from(base.is_uppercase()));
    }
    key
}

/// Compares two strings in Vietnamese alphabetical order (see [`collation_key`]). Strings
/// with equal keys are ordered by their NFC code points, so the order is total and only
/// canonically equivalent strings (NFC and NFD of one text) compare equal.
pub fn compare_vi(a: &str, b: &str) -> Ordering {
    collation_key(a)
        .cmp(&collation_key(b))
        .then_with(|| nfc(a).cmp(&nfc(b)))
}

/// Folds text for search: lower case, tones and other marks removed, đ → d; so "Hòa",
/// "HOÀ" and "hoa" all fold to "hoa", and "Đà Nẵng" to "da nang".
pub fn search_fold(s: &str) -> String {
    s.nfd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// The primary weight of a base character and the marks after it (NFD).
fn primary_weight(base: char, marks: &[char]) -> u32 {
    let lower = base.to_lowercase().next().unwrap_or(base);
    let letter = marks
        .iter()
        .find_map(|&m| with_modifier(lower, m))
        .unwrap_or(lower);
    if let Some(i) = ALPHABET.iter().position(|&c| c == letter) {
        LETTER_CLASS + i as u32
    } else if let Some(d) = base.to_digit(10) {
        DIGIT_CLASS + d
    } else if base.is_alphanumeric() {
        OTHER_LETTER_CLASS + u32::from(base)
    } else {
        u32::from(base)
    }
}

/// The Vietnamese letter a vowel and a breve, circumflex or horn make: a + ̆ → ă.
fn with_modifier(letter: char, mark: char) -> Option<char> {
    match (letter, mark) {
        ('a', BREVE) => Some('ă'),
        ('a', CIRCUMFLEX) => Some('â'),
        ('e', CIRCUMFLEX) => Some('ê'),
        ('o', CIRCUMFLEX) => Some('ô'),
        ('o', HORN) => Some('ơ'),
        ('u', HORN) => Some('ư'),
        _ => None,
    }
}

/// The tone a combining mark stands for, in CLDR order: huyền 1, hỏi 2, ngã 3, sắc 4,
/// nặng 5.
fn tone(mark: char) -> Option<u8> {
    match mark {
        '\u{300}' => Some(1),
        '\u{309}' => Some(2),
        '\u{303}' => Some(3),
        '\u{301}' => Some(4),
        '\u{323}' => Some(5),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn normalises_to_nfc() {
        let composed = "Hòa Thuận";
        let decomposed = nfd(composed);
        assert_ne!(decomposed, composed);
        assert_eq!(nfc(&decomposed), composed);
        assert_eq!(nfc(composed), composed);
    }

    #[test]
    fn orders_pairs() {
        let check = |a: &str, b: &str| {
            assert_eq!(compare_vi(a, b), Ordering::Less, "{a} < {b}");
            assert_eq!(compare_vi(b, a), Ordering::Greater, "{b} > {a}");
        };
        check("Dương", "Đà Nẵng");
        check("Dz", "Đa");
        check("đ", "e");
        check("a", "ă");
        check("ă", "â");
        check("âz", "b");
        check("o", "ô");
        check("ô", "ơ");
        check("ơ", "p");
        check("u", "ư");
        check("ư", "v");
        check("e", "ê");
        check("Anh", "Ánh");
        check("Ánh", "Ba");
        check("Anh", "Ảnh");
        check("a", "à");
        check("à", "ả");
        check("ả", "ã");
        check("ã", "á");
        check("á", "ạ");
        check("anh", "Anh");
        check("Ninh Hải", "Ninh Phước");
        check("Ninh", "Ninh Hải");
        check("Khu 3", "Khu A");
        check("Phan Rang-Tháp Chàm", "Phan Rí");
    }

    #[test]
    fn nfd_and_nfc_sort_identically() {
        for word in ["Đà Nẵng", "Thuận Bắc", "Phước", "Ánh", "ệ", "Hòa"] {
            assert_eq!(collation_key(&nfd(word)), collation_key(word), "{word}");
            assert_eq!(compare_vi(&nfd(word), word), Ordering::Equal, "{word}");
        }
    }

    #[test]
    fn tone_and_modifier_are_read_in_any_mark_order() {
        // ệ: e + dot below + circumflex (canonical order) or e + circumflex + dot below.
        let canonical = collation_key("e\u{323}\u{302}");
        assert_eq!(collation_key("e\u{302}\u{323}"), canonical);
        assert_eq!(collation_key("ệ"), canonical);
    }

    #[test]
    fn sorts_ninh_thuan_districts() {
        let expected = [
            "Bác Ái",
            "Ninh Hải",
            "Ninh Phước",
            "Ninh Sơn",
            "Phan Rang-Tháp Chàm",
            "Thuận Bắc",
            "Thuận Nam",
        ];
        let mut districts = expected;
        districts.reverse();
        districts.swap(1, 4);
        districts.sort_by(|a, b| compare_vi(a, b));
        assert_eq!(districts, expected);
        let mut decomposed: Vec<String> = expected.iter().rev().map(|s| nfd(s)).collect();
        decomposed.sort_by(|a, b| compare_vi(a, b));
        assert_eq!(
            decomposed.iter().map(|s| nfc(s)).collect::<Vec<_>>(),
            expected
        );
    }

    #[test]
    fn folds_for_search() {
        let check =
            |input: &str, expected: &str| assert_eq!(search_fold(input), expected, "{input}");
        check("Hòa", "hoa");
        check("Hoà", "hoa");
        check("HOÀ", "hoa");
        check("Đà Nẵng", "da nang");
        check("Phước", "phuoc");
        check("Thuận Bắc", "thuan bac");
        check(&nfd("Ninh Sơn"), "ninh son");
        check("Phan Rang-Tháp Chàm", "phan rang-thap cham");
    }
}
