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
        toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let before = &text[..offset.min(text.len())];
            TemplateError {
                file: file.to_string(),
                line: before.matches('\n').count() + 1,
                column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                message: e.message().to_string(),
            }
        })
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
