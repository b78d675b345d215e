//! `org_units.toml`, `documents.toml`, `tasks.toml` and `narrative/<period>.toml`.

use baocao_core::catalog::Field;
use baocao_core::narrative::Narrative;
use baocao_core::orgunit::{OrgUnit, OrgUnitKind, OrgUnitLevel, OrgUnitVersion, Succession};
use baocao_core::period::Period;
use baocao_core::register::{Document, DocumentRole, KeyTask, TaskStatus};
use baocao_core::symbol::{DocumentType, NumberSymbol};
use serde::Deserialize;
use toml::Spanned;

use crate::data::parse_date;
use crate::error::{FilesError, Problem};
use crate::source::SourceFile;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrgUnits {
    #[serde(default)]
    org_unit: Vec<RawOrgUnit>,
    #[serde(default)]
    succession: Vec<RawSuccession>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuccession {
    from: Spanned<String>,
    to: Spanned<String>,
    date: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrgUnit {
    #[serde(default)]
    id: Option<String>,
    code: Spanned<String>,
    name: String,
    level: OrgUnitLevel,
    #[serde(default)]
    kind: OrgUnitKind,
    valid_from: Spanned<String>,
    #[serde(default)]
    valid_to: Option<Spanned<String>>,
    #[serde(default)]
    parent: Option<String>,
}

/// Reads org units; one row per version, rows with the same `id` (default: the code) are the
/// versions of one unit.
///
/// Errors: malformed dates, a version ending before it starts, overlapping versions, a parent
/// that is not defined.
pub fn load_org_units(file: &SourceFile) -> Result<Vec<OrgUnit>, FilesError> {
    let raw: RawOrgUnits = file.parse()?;
    let mut problems = Vec::new();
    let mut units: Vec<OrgUnit> = Vec::new();
    for r in &raw.org_unit {
        let from = parse_date(file, &r.valid_from, "valid_from", &mut problems);
        let to = r
            .valid_to
            .as_ref()
            .and_then(|t| parse_date(file, t, "valid_to", &mut problems));
        let Some(from) = from else { continue };
        if to.is_some_and(|to| to < from) {
            problems.push(file.problem(
                r.valid_from.span().start,
                "valid_to",
                "the version ends before it starts; expected valid_to ≥ valid_from",
            ));
            continue;
        }
        let id = r.id.clone().unwrap_or_else(|| r.code.get_ref().clone());
        let version = OrgUnitVersion {
            valid_from: from,
            valid_to: to,
            name: r.name.clone(),
            parent: r.parent.clone(),
        };
        match units.iter_mut().find(|u| u.id == id) {
            Some(unit) => {
                if unit.versions.iter().any(|v| overlaps(v, &version)) {
                    problems.push(file.problem(
                        r.code.span().start,
                        "valid_from",
                        format!("versions of org unit `{id}` overlap"),
                    ));
                }
                unit.versions.push(version);
                unit.versions.sort_by_key(|v| v.valid_from);
            }
            None => units.push(OrgUnit {
                id,
                code: r.code.get_ref().clone(),
                level: r.level,
                kind: r.kind,
                versions: vec![version],
            }),
        }
    }
    // Parents are looked up among every row's id, so that a unit refused for a bad date
    // does not make its children look orphaned too.
    let ids: Vec<String> = raw
        .org_unit
        .iter()
        .map(|r| r.id.clone().unwrap_or_else(|| r.code.get_ref().clone()))
        .collect();
    for r in &raw.org_unit {
        if let Some(parent) = &r.parent
            && !ids.contains(parent)
        {
            problems.push(file.problem(
                r.code.span().start,
                "parent",
                format!("no org unit `{parent}` is defined"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(units)
    } else {
        Err(FilesError::Invalid(problems))
    }
}

/// Reads the `[[succession]]` entries of `org_units.toml`: where a unit that ceased went
/// (`from`, `to`: org unit ids; `date`: the successor's first day of responsibility, e.g.
/// 2025-07-01 for the 2025 reorganisation, Nghị quyết 202/2025/QH15). A unit split between
/// several successors has one entry each, in the order the file lists them: when no
/// successor keeps the predecessor's code or name, the first listed takes its figures.
///
/// Errors: an id that is not among `units`; a malformed date; a predecessor still valid on
/// the date or a successor not yet valid then; the same pair twice; a unit succeeding itself.
pub fn load_successions(
    file: &SourceFile,
    units: &[OrgUnit],
) -> Result<Vec<Succession>, FilesError> {
    let raw: RawOrgUnits = file.parse()?;
    let mut problems = Vec::new();
    let mut successions: Vec<Succession> = Vec::new();
    for r in &raw.succession {
        let Some(date) = parse_date(file, &r.date, "date", &mut problems) else {
            continue;
        };
        let unit = |id: &Spanned<String>, field: &str, problems: &mut Vec<Problem>| {
            let found = units.iter().find(|u| &u.id == id.get_ref());
            if found.is_none() {
                problems.push(file.problem(
                    id.span().start,
                    field,
                    format!(
                        "no org unit `{}` is defined; expected the id of an [[org_unit]]",
                        id.get_ref()
                    ),
                ));
            }
            found
        };
        let from = unit(&r.from, "from", &mut problems);
        let to = unit(&r.to, "to", &mut problems);
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from.id == to.id {
            problems.push(file.problem(r.to.span().start, "to", "a unit cannot succeed itself"));
            continue;
        }
        if from.on(date).is_some() {
            problems.push(file.problem(
                r.date.span().start,
                "date",
                format!(
                    "`{}` is still valid on {date}; expected the day after its last version ends",
                    from.id
                ),
            ));
        }
        if to.on(date).is_none() {
            problems.push(file.problem(
                r.date.span().start,
                "date",
                format!(
                    "`{}` is not valid on {date}; expected a date within one of its versions",
                    to.id
                ),
            ));
        }
        if successions
            .iter()
            .any(|s| s.from == from.id && s.to == to.id)
        {
            problems.push(file.problem(
                r.from.span().start,
                "from",
                format!("the succession `{}` → `{}` is given twice", from.id, to.id),
            ));
            continue;
        }
        successions.push(Succession {
            from: from.id.clone(),
            to: to.id.clone(),
            date,
        });
    }
    if problems.is_empty() {
        Ok(successions)
    } else {
        Err(FilesError::Invalid(problems))
    }
}

fn overlaps(a: &OrgUnitVersion, b: &OrgUnitVersion) -> bool {
    let a_end = a.valid_to.unwrap_or(chrono::NaiveDate::MAX);
    let b_end = b.valid_to.unwrap_or(chrono::NaiveDate::MAX);
    a.valid_from <= b_end && b.valid_from <= a_end
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocuments {
    #[serde(default)]
    document: Vec<Spanned<RawDocument>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    symbol: Option<Spanned<String>>,
    #[serde(rename = "type", default)]
    doc_type: Option<Spanned<String>>,
    #[serde(default)]
    date: Option<Spanned<String>>,
    issuer: String,
    #[serde(rename = "abstract")]
    abstract_text: String,
    field: Field,
    role: DocumentRole,
    #[serde(default)]
    period: Option<Spanned<String>>,
}

/// Reads the document register.
///
/// Errors: a number and symbol that breaks Nghị định 30/2020/NĐ-CP (e.g. `166/QD UBND`), an
/// unknown type, a malformed date or period, a document with neither symbol nor type, a
/// duplicate id.
pub fn load_documents(file: &SourceFile) -> Result<Vec<Document>, FilesError> {
    let raw: RawDocuments = file.parse()?;
    let mut problems = Vec::new();
    let mut out: Vec<Document> = Vec::new();
    for (index, item) in raw.document.iter().enumerate() {
        let at = item.span().start;
        if let Some(doc) = parse_document(file, item.get_ref(), at, index, &mut problems) {
            if out.iter().any(|d| d.id == doc.id) {
                problems.push(file.problem(
                    at,
                    &format!("document[{index}].id"),
                    format!("`{}` is in the register twice", doc.id),
                ));
            }
            out.push(doc);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(FilesError::Invalid(problems))
    }
}

fn parse_document(
    file: &SourceFile,
    r: &RawDocument,
    at: usize,
    index: usize,
    problems: &mut Vec<Problem>,
) -> Option<Document> {
    let symbol = match &r.symbol {
        Some(s) => match NumberSymbol::parse(s.get_ref()) {
            Ok(sym) => Some(sym),
            Err(e) => {
                let message = format!("{e}{}", look_alike_hint(s.get_ref()));
                problems.push(file.problem(s.span().start, "symbol", message));
                return None;
            }
        },
        None => None,
    };
    let doc_type = match (&r.doc_type, &symbol) {
        (Some(t), _) => match parse_type(t.get_ref()) {
            Some(found) if symbol.as_ref().is_some_and(|sym| sym.doc_type != found) => {
                let sym = symbol
                    .as_ref()
                    .map(|s| s.doc_type.name_vi())
                    .unwrap_or_default();
                problems.push(file.problem(
                    t.span().start,
                    "type",
                    format!(
                        "type `{}` ({}) disagrees with the symbol, which names a {sym}; expected the type of the symbol, or no `type`",
                        t.get_ref(),
                        found.name_vi()
                    ),
                ));
                return None;
            }
            Some(t) => t,
            None => {
                problems.push(file.problem(t.span().start, "type", format!(
                    "unknown document type `{}`; expected an abbreviation of Nghị định 30/2020/NĐ-CP Phụ lục III (QĐ, KH, CT, TB, BC …) or CV for a công văn",
                    t.get_ref()
                )));
                return None;
            }
        },
        (None, Some(sym)) => sym.doc_type,
        (None, None) => {
            problems.push(file.problem(
                at,
                &format!("document[{index}]"),
                "a document without a symbol needs `type`",
            ));
            return None;
        }
    };
    let date = r
        .date
        .as_ref()
        .and_then(|d| parse_date(file, d, "date", problems));
    let period = match &r.period {
        Some(p) => Some(
            Period::parse(p.get_ref())
                .map_err(|e| problems.push(file.problem(p.span().start, "period", e.to_string())))
                .ok()?,
        ),
        None => None,
    };
    let id =
        r.id.clone()
            .or_else(|| symbol.as_ref().map(ToString::to_string));
    let Some(id) = id else {
        problems.push(file.problem(
            at,
            &format!("document[{index}]"),
            "a document without a symbol needs an `id`",
        ));
        return None;
    };
    Some(Document {
        id,
        symbol,
        doc_type,
        date,
        issuer: r.issuer.clone(),
        abstract_text: r.abstract_text.clone(),
        field: r.field,
        role: r.role,
        period,
    })
}

fn parse_type(text: &str) -> Option<DocumentType> {
    let text = text.trim();
    if text == "Công văn" {
        return Some(DocumentType::CongVan);
    }
    DocumentType::from_code(text)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTasks {
    #[serde(default)]
    task: Vec<RawTask>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    period: Spanned<String>,
    number: u32,
    field: Field,
    text: String,
    status: TaskStatus,
    #[serde(default)]
    result: Option<String>,
}

/// Reads the key-task register.
///
/// Errors: a malformed period, a number used twice in one period.
pub fn load_tasks(file: &SourceFile) -> Result<Vec<KeyTask>, FilesError> {
    let raw: RawTasks = file.parse()?;
    let mut problems = Vec::new();
    let mut out: Vec<KeyTask> = Vec::new();
    for r in raw.task {
        let Ok(period) = Period::parse(r.period.get_ref()).map_err(|e| {
            problems.push(file.problem(r.period.span().start, "period", e.to_string()))
        }) else {
            continue;
        };
        if out
            .iter()
            .any(|t| t.period == period && t.number == r.number)
        {
            problems.push(file.problem(
                r.period.span().start,
                "number",
                format!("task {} of {period} is defined twice", r.number),
            ));
        }
        out.push(KeyTask {
            period,
            number: r.number,
            field: r.field,
            text: r.text,
            status: r.status,
            result: r.result,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(FilesError::Invalid(problems))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNarrativeFile {
    period: Spanned<String>,
    #[serde(default)]
    section: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    text: Spanned<String>,
}

/// Where a narrative section's text starts in its file, so that an error on line n of the
/// text can be reported at the file's own line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrativeSource {
    /// The period.
    pub period: Period,
    /// The section id.
    pub section: String,
    /// The file.
    pub path: std::path::PathBuf,
    /// The file line of the text's first line (after leading blank lines, as stored).
    pub first_line: usize,
}

/// Reads a narrative file with the location of each section's text.
///
/// Errors: as [`load_narrative`].
pub fn load_narrative_with_sources(
    file: &SourceFile,
) -> Result<(Vec<Narrative>, Vec<NarrativeSource>), FilesError> {
    let raw: RawNarrativeFile = file.parse()?;
    let narratives = load_narrative(file)?;
    let sources = raw
        .section
        .iter()
        .zip(&narratives)
        .map(|(item, n)| {
            let span = item.get_ref().text.span();
            let literal = &file.text[span.start..span.end.min(file.text.len())];
            // Skip the opening quotes and the blank lines the stored text was trimmed of.
            let quotes = literal
                .chars()
                .take_while(|c| *c == '"' || *c == '\'')
                .count();
            let body = &literal[quotes..];
            let content = body.len() - body.trim_start().len();
            let first = span.start + quotes + content;
            NarrativeSource {
                period: n.period,
                section: n.section.clone(),
                path: file.path.clone(),
                first_line: file.line_col(first).0,
            }
        })
        .collect();
    Ok((narratives, sources))
}

/// Reads a narrative file: the text of each section for one period.
///
/// Errors: a malformed period, a section given twice.
pub fn load_narrative(file: &SourceFile) -> Result<Vec<Narrative>, FilesError> {
    let raw: RawNarrativeFile = file.parse()?;
    let period = Period::parse(raw.period.get_ref()).map_err(|e| {
        FilesError::Invalid(vec![file.problem(
            raw.period.span().start,
            "period",
            e.to_string(),
        )])
    })?;
    let mut out: Vec<Narrative> = Vec::new();
    for item in raw.section {
        let at = item.span().start;
        let s = item.into_inner();
        if out.iter().any(|n| n.section == s.id) {
            return Err(FilesError::Invalid(vec![file.problem(
                at,
                "section.id",
                format!("section `{}` is given twice", s.id),
            )]));
        }
        out.push(Narrative {
            period,
            section: s.id,
            text: s.text.get_ref().trim().to_string(),
        });
    }
    Ok(out)
}

/// A hint for characters that look right and are not: dashes from word processors, the
/// Icelandic eth `Ð` (U+00D0) for the Vietnamese `Đ` (U+0110).
fn look_alike_hint(symbol: &str) -> &'static str {
    if symbol.contains(['–', '—', '‐', '−']) {
        "; hint: a dash copied from a word processor is not the hyphen `-` the symbol needs"
    } else if symbol.contains(['Ð', 'ð']) {
        "; hint: `Ð` (U+00D0) looks like the Vietnamese `Đ` (U+0110) but is another letter"
    } else {
        ""
    }
}
