//! The report template a department edits (`report.toml`): the header's bodies, the title
//! and abstract, the sections with their numbers, template sentences and narrative, the
//! closing sentence, recipients and signature authority. Text fields are minijinja templates
//! (see `docs/file-formats.md`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// A parsed report template.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportTemplate {
    /// Governing body in capitals (tên cơ quan chủ quản), e.g. "UBND TỈNH NINH THUẬN".
    pub governing_body: String,
    /// Issuing body in capitals, e.g. "SỞ THÔNG TIN VÀ TRUYỀN THÔNG".
    pub issuing_body: String,
    /// The symbol after the number, e.g. "BC-STTTT" (Nghị định 30/2020/NĐ-CP, Điều 8).
    pub symbol_suffix: String,
    /// Place printed before the date, e.g. "Ninh Thuận".
    pub place: String,
    /// Kind of document in capitals.
    #[serde(default = "default_title")]
    pub title: String,
    /// Abstract lines (templates).
    pub r#abstract: Vec<String>,
    /// The closing sentence (template).
    pub closing: String,
    /// Recipients, without "- " and the final ";" (Nơi nhận).
    pub recipients: Vec<String>,
    /// Signature authority lines, e.g. ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"].
    pub signature_authority: Vec<String>,
    /// How a document type is named in counts, by its Vietnamese name, e.g.
    /// "Công văn" = "văn bản chỉ đạo".
    #[serde(default)]
    pub document_count_labels: BTreeMap<String, String>,
    /// Order of document types in counts and lists, by code (QĐ, KH, CT, CV …); types not
    /// listed follow in the order of Nghị định 30/2020/NĐ-CP, Phụ lục III.
    #[serde(default)]
    pub document_type_order: Vec<String>,
    /// The sections in order.
    pub section: Vec<SectionTemplate>,
    /// Charts a section may place with `charts = ["id"]`.
    #[serde(default)]
    pub chart: Vec<ChartTemplate>,
    /// Annexes (phụ lục) printed after the signature, in order.
    #[serde(default)]
    pub annex: Vec<AnnexTemplate>,
}

fn default_title() -> String {
    "BÁO CÁO".to_string()
}

/// One numbered section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTemplate {
    /// Its number with the final dot: "I.", "1.", "2.1.".
    pub number: String,
    /// Its heading (template).
    pub title: String,
    /// Template paragraphs printed first.
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// The narrative section id printed next, e.g. "2.2".
    #[serde(default)]
    pub narrative: Option<String>,
    /// `next`: the key tasks planned for the next period, as a numbered list.
    #[serde(default)]
    pub tasks: Option<TaskList>,
    /// The charts printed at the end of the section, by id (see [`ChartTemplate`]).
    #[serde(default)]
    pub charts: Vec<String>,
}

/// A chart: bars of one or more series over categories. Every value is a formula of the
/// catalogue's language (`#{DVC_HOSO.TINH.TRUCTIEP}`, `prev(#{BC_BUUGUI})`), evaluated for the
/// report's period; texts are templates like the report's.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartTemplate {
    /// The name sections place it by, e.g. "ho-so-dvc".
    pub id: String,
    /// Its title (template), printed as "Biểu đồ n. <title>".
    pub title: String,
    /// The unit of the value axis, e.g. "hồ sơ".
    #[serde(default)]
    pub unit: String,
    /// Decimals the values are printed with (default 0).
    #[serde(default)]
    pub decimals: u32,
    /// The labels of the categories along the axis (templates).
    pub categories: Vec<String>,
    /// A note under each category's label (templates), e.g. the online rate; none, or one per
    /// category (an empty string for none).
    #[serde(default)]
    pub notes: Vec<String>,
    /// The series: a name and one formula per category.
    pub series: Vec<SeriesTemplate>,
}

/// One series of a chart.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesTemplate {
    /// Its name in the legend (template).
    pub name: String,
    /// One formula per category; an empty string draws no bar there.
    pub values: Vec<String>,
}

/// An annex (phụ lục): the period's figures of the chosen fields, each data element with its
/// breakdown, beside the period compared against and the change.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexTemplate {
    /// Its title (default "PHỤ LỤC").
    #[serde(default = "default_annex_title")]
    pub title: String,
    /// Lines under the title (templates).
    #[serde(default)]
    pub subtitle: Vec<String>,
    /// The italic line under them (template); default "(Kèm theo Báo cáo số … ngày …)".
    #[serde(default = "default_annex_note")]
    pub note: String,
    /// The fields, in order, by code (`cntt`, `bcvt` …); default every field.
    #[serde(default)]
    pub fields: Vec<String>,
    /// Indicators printed after each field's data elements, with options
    /// (`DVC_TYLE_TRUCTUYEN.TINH`); default every indicator's total that has a value.
    #[serde(default)]
    pub indicators: Option<Vec<String>>,
    /// The period compared against: `previous` (default) or `last_year`.
    #[serde(default)]
    pub compare: Compare,
}

/// The period an annex compares against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// The previous period (the month before).
    #[default]
    Previous,
    /// The same period of the previous year.
    LastYear,
}

fn default_annex_title() -> String {
    "PHỤ LỤC".to_string()
}

fn default_annex_note() -> String {
    "(Kèm theo Báo cáo số {{ number }} ngày {{ issued_on }})".to_string()
}

/// Which key tasks a section lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskList {
    /// Tasks planned for the period after the report's.
    Next,
}

impl SectionTemplate {
    /// Heading depth: 1 for a Roman numeral ("I."), 2 for "1.", 3 for "2.1.".
    pub fn level(&self) -> u8 {
        let body = self.number.trim_end_matches('.');
        if !body.is_empty() && body.chars().all(|c| "IVXLC".contains(c)) {
            1
        } else {
            (body.matches('.').count() + 2).min(6) as u8
        }
    }
}

/// A template that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct TemplateError {
    /// The file name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What was wrong and expected.
    pub message: String,
}

impl ReportTemplate {
    /// Parses `report.toml`.
    ///
    /// Errors: TOML syntax or shape errors, located.
    pub fn from_toml(file: &str, text: &str) -> Result<ReportTemplate, TemplateError> {
        let template: ReportTemplate = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let before = &text[..offset.min(text.len())];
            TemplateError {
                file: file.to_string(),
                line: before.matches('\n').count() + 1,
                column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                message: e.message().to_string(),
            }
        })?;
        template.check(file, text)?;
        Ok(template)
    }

    /// What TOML alone cannot say: a signature needs its authority, sections need numbers.
    fn check(&self, file: &str, text: &str) -> Result<(), TemplateError> {
        let located = |key: &str, message: &str| {
            let offset = text.find(key).unwrap_or(0);
            let before = &text[..offset];
            TemplateError {
                file: file.to_string(),
                line: before.matches('\n').count() + 1,
                column: 1,
                message: message.to_string(),
            }
        };
        if self.signature_authority.iter().all(|l| l.trim().is_empty()) {
            return Err(located(
                "signature_authority",
                "signature_authority is empty; expected e.g. [\"KT. GIÁM ĐỐC\", \"PHÓ GIÁM ĐỐC\"] (Nghị định 30/2020/NĐ-CP, Phụ lục I)",
            ));
        }
        if let Some(s) = self.section.iter().find(|s| !s.number.ends_with('.')) {
            return Err(located(
                &format!("number = \"{}\"", s.number),
                &format!(
                    "section number `{}` must end with a dot, e.g. \"2.1.\"",
                    s.number
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(number: &str) -> SectionTemplate {
        SectionTemplate {
            number: number.into(),
            title: String::new(),
            paragraphs: vec![],
            narrative: None,
            tasks: None,
            charts: vec![],
        }
    }

    #[test]
    fn levels_follow_numbering() {
        assert_eq!(section("I.").level(), 1);
        assert_eq!(section("II.").level(), 1);
        assert_eq!(section("1.").level(), 2);
        assert_eq!(section("2.1.").level(), 3);
    }

    #[test]
    fn errors_are_located() {
        let err = ReportTemplate::from_toml("report.toml", "governing_body = 1\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("string"), "{err}");
    }
}
