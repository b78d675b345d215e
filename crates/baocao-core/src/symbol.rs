//! Document number and symbol (số, ký hiệu văn bản): "166/QĐ-UBND", "1347/UBND-VXNV",
//! "45/2016/QĐ-TTg", "09-NQ/TU" — parsing, checking and canonical printing after
//! Nghị định 30/2020/NĐ-CP, Điều 8, Phụ lục I and Phụ lục III.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::nfc;

/// Declares [`DocumentType`] from one table — variant, state abbreviation, Vietnamese name,
/// doc — so the list, the abbreviations and the names cannot drift apart.
macro_rules! document_types {
    ($($variant:ident => $abbreviation:expr, $name:literal, $doc:literal;)*) => {
        /// The kind (tên loại) of a document. The administrative kinds and their
        /// abbreviations are the table of Nghị định 30/2020/NĐ-CP, Phụ lục III;
        /// [`NghiDinh`](Self::NghiDinh) and [`ThongTu`](Self::ThongTu) are legal-normative
        /// kinds; [`CongVan`](Self::CongVan) has no abbreviation; [`KetLuan`](Self::KetLuan)
        /// occurs in Party documents only. Serde uses [`DocumentType::code`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DocumentType {
            $(#[doc = $doc] $variant,)*
        }

        impl DocumentType {
            /// Every document type, in the order of Phụ lục III, then the others.
            pub const ALL: [DocumentType; [$(stringify!($variant)),*].len()] =
                [$(DocumentType::$variant),*];

            fn names(self) -> (Option<&'static str>, &'static str) {
                match self {
                    $(DocumentType::$variant => ($abbreviation, $name),)*
                }
            }
        }
    };
}

document_types! {
    NghiQuyet => Some("NQ"), "Nghị quyết", "Nghị quyết (cá biệt), `NQ`.";
    QuyetDinh => Some("QĐ"), "Quyết định", "Quyết định (cá biệt), `QĐ`.";
    ChiThi => Some("CT"), "Chỉ thị", "Chỉ thị, `CT`.";
    QuyChe => Some("QC"), "Quy chế", "Quy chế, `QC`.";
    QuyDinh => Some("QyĐ"), "Quy định", "Quy định, `QyĐ` (Party: `QĐi`).";
    ThongCao => Some("TC"), "Thông cáo", "Thông cáo, `TC`.";
    ThongBao => Some("TB"), "Thông báo", "Thông báo, `TB`.";
    HuongDan => Some("HD"), "Hướng dẫn", "Hướng dẫn, `HD`.";
    ChuongTrinh => Some("CTr"), "Chương trình", "Chương trình, `CTr`.";
    KeHoach => Some("KH"), "Kế hoạch", "Kế hoạch, `KH`.";
    PhuongAn => Some("PA"), "Phương án", "Phương án, `PA`.";
    DeAn => Some("ĐA"), "Đề án", "Đề án, `ĐA`.";
    DuAn => Some("DA"), "Dự án", "Dự án, `DA`.";
    BaoCao => Some("BC"), "Báo cáo", "Báo cáo, `BC`.";
    BienBan => Some("BB"), "Biên bản", "Biên bản, `BB`.";
    ToTrinh => Some("TTr"), "Tờ trình", "Tờ trình, `TTr`.";
    HopDong => Some("HĐ"), "Hợp đồng", "Hợp đồng, `HĐ`.";
    CongDien => Some("CĐ"), "Công điện", "Công điện, `CĐ`.";
    BanGhiNho => Some("BGN"), "Bản ghi nhớ", "Bản ghi nhớ, `BGN`.";
    BanThoaThuan => Some("BTT"), "Bản thỏa thuận", "Bản thỏa thuận, `BTT`.";
    GiayUyQuyen => Some("GUQ"), "Giấy ủy quyền", "Giấy ủy quyền, `GUQ`.";
    GiayMoi => Some("GM"), "Giấy mời", "Giấy mời, `GM`.";
    GiayGioiThieu => Some("GGT"), "Giấy giới thiệu", "Giấy giới thiệu, `GGT`.";
    GiayNghiPhep => Some("GNP"), "Giấy nghỉ phép", "Giấy nghỉ phép, `GNP`.";
    PhieuGui => Some("PG"), "Phiếu gửi", "Phiếu gửi, `PG`.";
    PhieuChuyen => Some("PC"), "Phiếu chuyển", "Phiếu chuyển, `PC`.";
    PhieuBao => Some("PB"), "Phiếu báo", "Phiếu báo, `PB`.";
    CongVan => None, "Công văn", "Công văn: no abbreviation, issuer-drafting unit (Party: `CV`).";
    NghiDinh => Some("NĐ"), "Nghị định", "Nghị định (legal-normative), `NĐ`: `72/2013/NĐ-CP`.";
    ThongTu => Some("TT"), "Thông tư", "Thông tư (legal-normative), `TT`.";
    KetLuan => None, "Kết luận", "Kết luận, a Party document only, `KL`.";
}

impl DocumentType {
    /// The abbreviation in a state symbol, case as in the decree: `"QĐ"` (with Đ, U+0110),
    /// `"QyĐ"`, `"CTr"`, `"TTr"`; `None` for a công văn (its symbol has no type) and for
    /// a Party-only kind. Source: Nghị định 30/2020/NĐ-CP, Phụ lục III.
    pub fn abbreviation(self) -> Option<&'static str> {
        self.names().0
    }

    /// The Vietnamese name, as used in running text: `"Quyết định"`, `"Công văn"`.
    pub fn name_vi(self) -> &'static str {
        self.names().1
    }

    /// The abbreviation in a Party symbol (Hướng dẫn 36-HD/VPTW): as in the state table,
    /// except Quy định `"QĐi"`, Công văn `"CV"` and Kết luận `"KL"`; `None` for Nghị định
    /// and Thông tư, which the Party does not issue.
    pub fn party_abbreviation(self) -> Option<&'static str> {
        match self {
            DocumentType::QuyDinh => Some("QĐi"),
            DocumentType::CongVan => Some("CV"),
            DocumentType::KetLuan => Some("KL"),
            DocumentType::NghiDinh | DocumentType::ThongTu => None,
            other => other.abbreviation(),
        }
    }

    /// The short code used in data files and serde: the state abbreviation, or `"CV"` for a
    /// công văn and `"KL"` for a Kết luận.
    pub fn code(self) -> &'static str {
        self.abbreviation()
            .or(self.party_abbreviation())
            .expect("every type has a code")
    }

    /// The type whose state abbreviation is exactly `abbreviation` (case-sensitive, NFC):
    /// `"QĐ"` → Quyết định; `"QD"` → `None`.
    pub fn from_abbreviation(abbreviation: &str) -> Option<DocumentType> {
        Self::ALL
            .into_iter()
            .find(|t| t.abbreviation() == Some(abbreviation))
    }

    /// The type whose Party abbreviation is exactly `abbreviation`: `"NQ"`, `"QĐi"`, `"KL"`.
    pub fn from_party_abbreviation(abbreviation: &str) -> Option<DocumentType> {
        Self::ALL
            .into_iter()
            .find(|t| t.party_abbreviation() == Some(abbreviation))
    }

    /// The type whose [`code`](Self::code) is `code`.
    pub fn from_code(code: &str) -> Option<DocumentType> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

impl Serialize for DocumentType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for DocumentType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = nfc(&String::deserialize(deserializer)?);
        DocumentType::from_code(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown document type \"{code}\": expected an abbreviation of Nghị định \
                 30/2020/NĐ-CP, Phụ lục III (QĐ, KH, BC, …), NĐ, TT, CV (công văn) or KL"
            ))
        })
    }
}

/// Whether a symbol belongs to a state body or to the Party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// A state document (Nghị định 30/2020/NĐ-CP): `166/QĐ-UBND`, `1347/UBND-VXNV`,
    /// `45/2016/QĐ-TTg`.
    State,
    /// A Party document (Hướng dẫn 36-HD/VPTW): number "-" type "/" committee, `09-NQ/TU`.
    Party,
}

/// A parsed document number and symbol.
///
/// Shapes: `166/QĐ-UBND` (number / type - issuer), `1347/UBND-VXNV` (công văn: number /
/// issuer - drafting unit), `45/2016/QĐ-TTg` (legal-normative: number / year / type -
/// issuer), `09-NQ/TU` (Party: number - type / committee). [`Display`](fmt::Display) prints
/// the canonical form, numbers below 10 with a leading zero (`05/BC-STTTT`); serde uses the
/// same string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NumberSymbol {
    /// The number (số), 1 or more.
    pub number: u32,
    /// The year of a legal-normative document (`2016` in `45/2016/QĐ-TTg`).
    pub year: Option<i32>,
    /// The type; [`DocumentType::CongVan`] when the symbol has no type abbreviation.
    pub doc_type: DocumentType,
    /// The issuing body's abbreviation: `"UBND"`, `"TTg"`; the committee for a Party
    /// document (`"TU"`).
    pub issuer: String,
    /// A công văn's drafting unit or field (`"VXNV"` in `1347/UBND-VXNV`).
    pub drafting_unit: Option<String>,
    /// State or Party.
    pub kind: SymbolKind,
}

/// Why a number and symbol was rejected: the (trimmed, NFC) input and every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("number and symbol \"{input}\": {}", join_problems(.problems))]
pub struct SymbolError {
    /// The input, trimmed and NFC-normalised.
    pub input: String,
    /// The problems, in the order found; never empty.
    pub problems: Vec<SymbolProblem>,
}

/// A part of a symbol that an error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolPart {
    /// The issuing body (cơ quan ban hành).
    Issuer,
    /// A công văn's drafting unit (đơn vị soạn thảo).
    DraftingUnit,
}

impl fmt::Display for SymbolPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SymbolPart::Issuer => "issuing body",
            SymbolPart::DraftingUnit => "drafting unit",
        })
    }
}

/// One problem in a number and symbol, saying where and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymbolProblem {
    /// Nothing was given.
    #[error("empty: expected a number and symbol such as 166/QĐ-UBND")]
    Empty,
    /// A space inside the symbol; `position` counts characters from 1.
    #[error(
        "space at character {position}: no spaces are allowed \
         (\"/\" after the number, \"-\" between groups)"
    )]
    Space {
        /// Position of the space, counting characters from 1.
        position: usize,
    },
    /// No digits at the start.
    #[error("missing number: expected the document number (digits) before \"/\"")]
    MissingNumber,
    /// The number is 0 or too large.
    #[error("number \"{found}\": expected a whole number from 1")]
    InvalidNumber {
        /// The digits found.
        found: String,
    },
    /// The number is not followed by "/".
    #[error("expected \"/\" after the number {number}{}", found_text(.found))]
    ExpectedSlash {
        /// The number's digits.
        number: String,
        /// What followed instead ("" at the end of the input).
        found: String,
    },
    /// Nothing after "/".
    #[error("missing symbol after \"/\": expected e.g. QĐ-UBND")]
    MissingSymbol,
    /// The year of a legal-normative symbol is not four digits.
    #[error("year \"{found}\": expected four digits, as in 45/2016/QĐ-TTg")]
    InvalidYear {
        /// The digits found.
        found: String,
    },
    /// Two separators with nothing between them, or one at the end.
    #[error("empty group: expected letters between the separators")]
    EmptyGroup,
    /// A group that is not a type abbreviation where one is required.
    #[error(
        "\"{found}\" is not a document type abbreviation (Nghị định 30/2020/NĐ-CP, Phụ lục III){}",
        hint_text(.hint)
    )]
    UnknownType {
        /// The group found.
        found: String,
        /// The abbreviation probably meant, e.g. `"QĐ"` for `"QD"`.
        hint: Option<&'static str>,
    },
    /// A required group is missing.
    #[error("expected \"-\" and the {part} after \"{after}\"")]
    MissingPart {
        /// The part missing.
        part: SymbolPart,
        /// The group it should follow.
        after: String,
    },
    /// A group that is not a valid abbreviation.
    #[error(
        "{part} \"{found}\": expected letters and digits starting with a capital, e.g. UBND, TTg"
    )]
    InvalidAbbreviation {
        /// Which part.
        part: SymbolPart,
        /// The group found.
        found: String,
    },
    /// More groups than the form allows.
    #[error(
        "unexpected group \"-{found}\": expected type-issuer, \
         or issuer-drafting unit for a công văn"
    )]
    ExtraGroup {
        /// The first extra group.
        found: String,
    },
}

/// Bodies that issue typed documents and are never a công văn's drafting unit, so
/// `166/XX-UBND` is read as an unknown type rather than a công văn issued by "XX".
const ISSUING_BODIES: [&str; 12] = [
    "UBND", "HĐND", "CP", "TTg", "QH", "UBTVQH", "CTN", "VPCP", "BTTTT", "BKHCN", "STTTT", "SKHCN",
];

impl NumberSymbol {
    /// Reads and checks a number and symbol (Nghị định 30/2020/NĐ-CP, Điều 8 and Phụ lục I;
    /// Party form: Hướng dẫn 36-HD/VPTW).
    ///
    /// The input is NFC-normalised and trimmed. The number is digits, at least 1; "/"
    /// follows it and "-" separates groups, with no spaces. Type abbreviations are
    /// case-sensitive as in Phụ lục III (`QD` is refused with the hint `QĐ`). Issuer and
    /// drafting unit are letters and digits starting with a capital (`UBND`, `TTg`).
    /// `N/A-B` is a typed document when `A` is a type abbreviation; otherwise a công văn
    /// issued by `A`, unless `B` is a body that issues typed documents (`UBND`, `TTg`, …),
    /// in which case `A` is reported as an unknown type.
    ///
    /// # Errors
    /// [`SymbolError`] with the input and each problem: its position or part and what was
    /// expected.
    pub fn parse(s: &str) -> Result<NumberSymbol, SymbolError> {
        let input = nfc(s.trim());
        if input.is_empty() {
            return Err(SymbolError {
                input,
                problems: vec![SymbolProblem::Empty],
            });
        }
        let mut problems: Vec<SymbolProblem> = input
            .chars()
            .enumerate()
            .filter(|(_, c)| c.is_whitespace())
            .map(|(i, _)| SymbolProblem::Space { position: i + 1 })
            .collect();
        match parse_compact(&close_spaces(&input)) {
            Ok(symbol) if problems.is_empty() => Ok(symbol),
            Ok(_) => Err(SymbolError { input, problems }),
            Err(problem) => {
                problems.push(problem);
                Err(SymbolError { input, problems })
            }
        }
    }
}

impl fmt::Display for NumberSymbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.number;
        if self.kind == SymbolKind::Party {
            let abbreviation = self.doc_type.party_abbreviation().unwrap_or_default();
            return write!(f, "{number:02}-{abbreviation}/{}", self.issuer);
        }
        write!(f, "{number:02}/")?;
        if let Some(year) = self.year {
            write!(f, "{year:04}/")?;
        }
        match self.doc_type.abbreviation() {
            Some(abbreviation) => write!(f, "{abbreviation}-{}", self.issuer),
            None => write!(f, "{}", self.issuer),
        }?;
        match &self.drafting_unit {
            Some(unit) => write!(f, "-{unit}"),
            None => Ok(()),
        }
    }
}

impl FromStr for NumberSymbol {
    type Err = SymbolError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NumberSymbol::parse(s)
    }
}

impl Serialize for NumberSymbol {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for NumberSymbol {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        NumberSymbol::parse(&String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// Rejoins the words of an input with spaces so parsing can go on and report more than the
/// spaces: a space next to "/" or "-" is dropped, one between two groups becomes "-".
fn close_spaces(input: &str) -> String {
    let mut out = String::new();
    for word in input.split_whitespace() {
        let joined = out.is_empty() || out.ends_with(['/', '-']) || word.starts_with(['/', '-']);
        if !joined {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

fn parse_compact(s: &str) -> Result<NumberSymbol, SymbolProblem> {
    let digits_len = s.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = s.split_at(digits_len);
    if digits.is_empty() {
        return Err(SymbolProblem::MissingNumber);
    }
    let number = digits
        .parse::<u32>()
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| SymbolProblem::InvalidNumber {
            found: digits.to_string(),
        })?;
    if let Some(party) = rest.strip_prefix('-').filter(|r| r.contains('/')) {
        return parse_party(number, party);
    }
    let Some(symbol) = rest.strip_prefix('/') else {
        let found = rest.chars().next().map(String::from).unwrap_or_default();
        return Err(SymbolProblem::ExpectedSlash {
            number: digits.to_string(),
            found,
        });
    };
    let (year, symbol) = split_year(symbol)?;
    if symbol.is_empty() {
        return Err(SymbolProblem::MissingSymbol);
    }
    let groups: Vec<&str> = symbol.split('-').collect();
    if groups.iter().any(|g| g.is_empty()) {
        return Err(SymbolProblem::EmptyGroup);
    }
    parse_groups(number, year, &groups)
}

/// Splits off the year of a legal-normative symbol: "2016/QĐ-TTg" → (2016, "QĐ-TTg").
fn split_year(symbol: &str) -> Result<(Option<i32>, &str), SymbolProblem> {
    let digits_len = symbol.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = symbol.split_at(digits_len);
    match rest.strip_prefix('/') {
        Some(rest) if !digits.is_empty() => {
            let year = digits.parse().ok().filter(|_| digits.len() == 4);
            let year = year.ok_or_else(|| SymbolProblem::InvalidYear {
                found: digits.to_string(),
            })?;
            Ok((Some(year), rest))
        }
        _ => Ok((None, symbol)),
    }
}

fn parse_groups(
    number: u32,
    year: Option<i32>,
    groups: &[&str],
) -> Result<NumberSymbol, SymbolProblem> {
    let first = groups[0];
    let doc_type = DocumentType::from_abbreviation(first);
    if let Some(extra) = groups.get(2) {
        return Err(SymbolProblem::ExtraGroup {
            found: extra.to_string(),
        });
    }
    let Some(second) = groups.get(1).copied() else {
        return Err(lone_group_problem(first, doc_type, year));
    };
    let state = |doc_type, issuer: &str, drafting_unit: Option<String>| NumberSymbol {
        number,
        year,
        doc_type,
        issuer: issuer.to_string(),
        drafting_unit,
        kind: SymbolKind::State,
    };
    if let Some(doc_type) = doc_type {
        check_abbreviation(second, SymbolPart::Issuer)?;
        return Ok(state(doc_type, second, None));
    }
    if year.is_some() || type_hint(first).is_some() || ISSUING_BODIES.contains(&second) {
        return Err(SymbolProblem::UnknownType {
            found: first.into(),
            hint: type_hint(first),
        });
    }
    check_abbreviation(first, SymbolPart::Issuer)?;
    check_abbreviation(second, SymbolPart::DraftingUnit)?;
    Ok(state(
        DocumentType::CongVan,
        first,
        Some(second.to_string()),
    ))
}

/// The problem with a symbol of one group: a known type lacks its issuer, a công văn
/// issuer lacks its drafting unit, anything else is an unknown type.
fn lone_group_problem(
    group: &str,
    doc_type: Option<DocumentType>,
    year: Option<i32>,
) -> SymbolProblem {
    let after = group.to_string();
    let hint = type_hint(group);
    match doc_type {
        Some(_) => SymbolProblem::MissingPart {
            part: SymbolPart::Issuer,
            after,
        },
        None if year.is_none() && hint.is_none() => SymbolProblem::MissingPart {
            part: SymbolPart::DraftingUnit,
            after,
        },
        None => SymbolProblem::UnknownType { found: after, hint },
    }
}

/// A Party symbol after "number-": "NQ/TU".
fn parse_party(number: u32, rest: &str) -> Result<NumberSymbol, SymbolProblem> {
    let (abbreviation, issuer) = rest.split_once('/').expect("caller checked for '/'");
    let doc_type = DocumentType::from_party_abbreviation(abbreviation).ok_or_else(|| {
        SymbolProblem::UnknownType {
            found: abbreviation.into(),
            hint: type_hint(abbreviation),
        }
    })?;
    check_abbreviation(issuer, SymbolPart::Issuer)?;
    let issuer = issuer.to_string();
    Ok(NumberSymbol {
        number,
        year: None,
        doc_type,
        issuer,
        drafting_unit: None,
        kind: SymbolKind::Party,
    })
}

/// An issuer or unit: a capital letter, then letters and digits ("UBND", "TTg", "BCĐ389").
fn check_abbreviation(group: &str, part: SymbolPart) -> Result<(), SymbolProblem> {
    let starts_with_capital = group.chars().next().is_some_and(char::is_uppercase);
    if starts_with_capital && group.chars().all(char::is_alphanumeric) {
        Ok(())
    } else {
        Err(SymbolProblem::InvalidAbbreviation {
            part,
            found: group.to_string(),
        })
    }
}

/// The abbreviation a wrong one probably meant: same letters ignoring case ("Qđ" → "QĐ"),
/// then also reading D as Đ ("QD" → "QĐ", "ND" → "NĐ").
fn type_hint(group: &str) -> Option<&'static str> {
    let abbreviations = || {
        DocumentType::ALL
            .into_iter()
            .flat_map(|t| [t.abbreviation(), t.party_abbreviation()])
            .flatten()
    };
    let upper = group.to_uppercase();
    let fold = |s: &str| s.to_uppercase().replace('Đ', "D");
    abbreviations()
        .find(|a| a.to_uppercase() == upper)
        .or_else(|| abbreviations().find(|a| fold(a) == fold(group)))
        .filter(|a| *a != group)
}

fn found_text(found: &str) -> String {
    if found.is_empty() {
        " (found the end of the input)".to_string()
    } else {
        format!(", found \"{found}\"")
    }
}

fn hint_text(hint: &Option<&'static str>) -> String {
    hint.map(|h| format!("; did you mean \"{h}\"?"))
        .unwrap_or_default()
}

fn join_problems(problems: &[SymbolProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocumentType::*;

    fn state(
        number: u32,
        doc_type: DocumentType,
        issuer: &str,
        unit: Option<&str>,
    ) -> NumberSymbol {
        let drafting_unit = unit.map(String::from);
        NumberSymbol {
            number,
            year: None,
            doc_type,
            issuer: issuer.into(),
            drafting_unit,
            kind: SymbolKind::State,
        }
    }

    fn check(input: &str, expected: NumberSymbol, canonical: &str) {
        let parsed = NumberSymbol::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(parsed, expected, "{input}");
        assert_eq!(parsed.to_string(), canonical, "{input}");
        assert_eq!(
            canonical.parse::<NumberSymbol>(),
            Ok(parsed),
            "{canonical} round trip"
        );
    }

    fn problems(input: &str) -> Vec<SymbolProblem> {
        NumberSymbol::parse(input).expect_err(input).problems
    }

    #[test]
    fn parses_seed_symbols() {
        let typed = |n, t, issuer: &str| state(n, t, issuer, None);
        let seed = [
            ("166/QĐ-UBND", typed(166, QuyetDinh, "UBND")),
            ("1146/KH-UBND", typed(1146, KeHoach, "UBND")),
            ("1234/KH-BTC", typed(1234, KeHoach, "BTC")),
            ("1347/UBND-VXNV", state(1347, CongVan, "UBND", Some("VXNV"))),
            ("32/QĐ-BTC", typed(32, QuyetDinh, "BTC")),
            ("31/QĐ-BTC", typed(31, QuyetDinh, "BTC")),
            ("1925/QĐ-UBND", typed(1925, QuyetDinh, "UBND")),
            ("734/KH-STTTT", typed(734, KeHoach, "STTTT")),
            ("621/KH-STTTT", typed(621, KeHoach, "STTTT")),
            ("490/QĐ-BTTTT", typed(490, QuyetDinh, "BTTTT")),
            ("922/QĐ-BTTTT", typed(922, QuyetDinh, "BTTTT")),
            (
                "45/2016/QĐ-TTg",
                NumberSymbol {
                    year: Some(2016),
                    ..typed(45, QuyetDinh, "TTg")
                },
            ),
            (
                "72/2013/NĐ-CP",
                NumberSymbol {
                    year: Some(2013),
                    ..typed(72, NghiDinh, "CP")
                },
            ),
            (
                "09-NQ/TU",
                NumberSymbol {
                    kind: SymbolKind::Party,
                    ..typed(9, NghiQuyet, "TU")
                },
            ),
        ];
        for (input, expected) in seed {
            check(input, expected, input);
        }
    }

    #[test]
    fn canonical_form() {
        check(
            "05/BC-STTTT",
            state(5, BaoCao, "STTTT", None),
            "05/BC-STTTT",
        );
        check("5/BC-STTTT", state(5, BaoCao, "STTTT", None), "05/BC-STTTT");
        check(
            "  166/QĐ-UBND ",
            state(166, QuyetDinh, "UBND", None),
            "166/QĐ-UBND",
        );
        check(
            "10/TTr-STTTT",
            state(10, ToTrinh, "STTTT", None),
            "10/TTr-STTTT",
        );
        check("2/QyĐ-UBND", state(2, QuyDinh, "UBND", None), "02/QyĐ-UBND");
        let party = NumberSymbol {
            kind: SymbolKind::Party,
            ..state(8, QuyDinh, "TW", None)
        };
        check("08-QĐi/TW", party, "08-QĐi/TW");
        let party = NumberSymbol {
            kind: SymbolKind::Party,
            ..state(12, CongVan, "TU", None)
        };
        check("12-CV/TU", party, "12-CV/TU");
    }

    #[test]
    fn normalises_decomposed_input() {
        use unicode_normalization::UnicodeNormalization;
        // "Đ" has no decomposition, but letters with marks do:
        // "Sở" may arrive as S, o, U+031B, U+0309.
        let decomposed: String = "7/TB-Sở".nfd().collect();
        assert_ne!(decomposed, "7/TB-Sở");
        check(&decomposed, state(7, ThongBao, "Sở", None), "07/TB-Sở");
        check(
            "3/KH-SKHĐT",
            state(3, KeHoach, "SKHĐT", None),
            "03/KH-SKHĐT",
        );
    }

    #[test]
    fn rejects_with_reasons() {
        use SymbolProblem::*;
        let unknown = |found: &str, hint: Option<&'static str>| UnknownType {
            found: found.into(),
            hint,
        };
        let cases: Vec<(&str, Vec<SymbolProblem>)> = vec![
            (
                "166/QD UBND",
                vec![Space { position: 7 }, unknown("QD", Some("QĐ"))],
            ),
            ("166/QD-UBND", vec![unknown("QD", Some("QĐ"))]),
            ("166/Qđ-UBND", vec![unknown("Qđ", Some("QĐ"))]),
            ("72/2013/ND-CP", vec![unknown("ND", Some("NĐ"))]),
            ("1/CTR-UBND", vec![unknown("CTR", Some("CTr"))]),
            (
                "166 / QĐ-UBND",
                vec![Space { position: 4 }, Space { position: 6 }],
            ),
            (
                "166-QĐ-UBND",
                vec![ExpectedSlash {
                    number: "166".into(),
                    found: "-".into(),
                }],
            ),
            (
                "166",
                vec![ExpectedSlash {
                    number: "166".into(),
                    found: String::new(),
                }],
            ),
            ("/QĐ-UBND", vec![MissingNumber]),
            ("QĐ-UBND", vec![MissingNumber]),
            ("", vec![Empty]),
            ("0/QĐ-UBND", vec![InvalidNumber { found: "0".into() }]),
            (
                "99999999999/QĐ-UBND",
                vec![InvalidNumber {
                    found: "99999999999".into(),
                }],
            ),
            ("166/XX-UBND", vec![unknown("XX", None)]),
            ("45/2016/XX-TTg", vec![unknown("XX", None)]),
            ("45/16/QĐ-TTg", vec![InvalidYear { found: "16".into() }]),
            ("166/", vec![MissingSymbol]),
            ("166/QĐ--UBND", vec![EmptyGroup]),
            ("166/QĐ-", vec![EmptyGroup]),
            (
                "166/QĐ",
                vec![MissingPart {
                    part: SymbolPart::Issuer,
                    after: "QĐ".into(),
                }],
            ),
            (
                "166/UBND",
                vec![MissingPart {
                    part: SymbolPart::DraftingUnit,
                    after: "UBND".into(),
                }],
            ),
            (
                "166/QĐ-ubnd",
                vec![InvalidAbbreviation {
                    part: SymbolPart::Issuer,
                    found: "ubnd".into(),
                }],
            ),
            (
                "166/QĐ-UB.ND",
                vec![InvalidAbbreviation {
                    part: SymbolPart::Issuer,
                    found: "UB.ND".into(),
                }],
            ),
            (
                "1/UBND-vx",
                vec![InvalidAbbreviation {
                    part: SymbolPart::DraftingUnit,
                    found: "vx".into(),
                }],
            ),
            ("166/QĐ-UBND-VP", vec![ExtraGroup { found: "VP".into() }]),
            ("09-XX/TU", vec![unknown("XX", None)]),
            ("09-Nq/TU", vec![unknown("Nq", Some("NQ"))]),
        ];
        for (input, expected) in cases {
            assert_eq!(problems(input), expected, "{input:?}");
        }
    }

    #[test]
    fn error_messages_name_input_part_and_expectation() {
        let message = |input: &str| NumberSymbol::parse(input).unwrap_err().to_string();
        let m = message("166/QD UBND");
        assert!(
            m.contains("\"166/QD UBND\"") && m.contains("space at character 7"),
            "{m}"
        );
        assert!(
            m.contains("\"QD\" is not a document type abbreviation")
                && m.contains("did you mean \"QĐ\"?"),
            "{m}"
        );
        assert!(
            message("166-QĐ-UBND").contains("expected \"/\" after the number 166, found \"-\"")
        );
        assert!(message("/QĐ-UBND").contains("missing number"));
        assert!(message("166/XX-UBND").contains("Phụ lục III"));
        assert!(message("166/QĐ-ubnd").contains("issuing body \"ubnd\""));
    }

    #[test]
    fn type_table() {
        assert_eq!(DocumentType::ALL.len(), 31);
        for t in DocumentType::ALL {
            assert_eq!(DocumentType::from_code(t.code()), Some(t), "{t:?}");
            if let Some(a) = t.abbreviation() {
                assert_eq!(DocumentType::from_abbreviation(a), Some(t), "{t:?}");
            }
            if let Some(a) = t.party_abbreviation() {
                assert_eq!(DocumentType::from_party_abbreviation(a), Some(t), "{t:?}");
            }
            assert_eq!(nfc(t.name_vi()), t.name_vi(), "{t:?} name is NFC");
        }
        assert_eq!(QuyetDinh.abbreviation(), Some("Q\u{110}"));
        assert_eq!(QuyetDinh.name_vi(), "Quyết định");
        assert_eq!(KeHoach.name_vi(), "Kế hoạch");
        assert_eq!(CongVan.name_vi(), "Công văn");
        assert_eq!(CongVan.abbreviation(), None);
        assert_eq!(DocumentType::from_abbreviation("QD"), None);
        assert_eq!(DocumentType::from_abbreviation("CV"), None);
        assert_eq!(DocumentType::from_code("CV"), Some(CongVan));
    }

    #[test]
    fn serde_uses_strings() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        fn de(s: &str) -> StrDeserializer<'_, Error> {
            s.into_deserializer()
        }
        assert_eq!(DocumentType::deserialize(de("QĐ")), Ok(QuyetDinh));
        assert_eq!(DocumentType::deserialize(de("CV")), Ok(CongVan));
        assert!(DocumentType::deserialize(de("QD")).is_err());
        let symbol = NumberSymbol::deserialize(de("166/QĐ-UBND")).unwrap();
        assert_eq!(symbol, state(166, QuyetDinh, "UBND", None));
        assert!(
            NumberSymbol::deserialize(de("166/QD-UBND"))
                .unwrap_err()
                .to_string()
                .contains("QĐ")
        );
    }
}
