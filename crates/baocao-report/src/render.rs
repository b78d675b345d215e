//! Builds the [`ReportDocument`] of a period from the template, the figures, the registers
//! and the narrative. Every text of the template and narrative is a minijinja template whose
//! functions print live figures the Vietnamese way (`v`, `n`, `c`), cite documents (`doc`,
//! `docs_count`, `docs_list`) and place footnotes (`footnote`).

use std::sync::{Arc, Mutex};

use baocao_core::catalog::ValueType;
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::format;
use baocao_core::narrative::{Narrative, ReportIssue};
use baocao_core::period::{Period, year_to_date};
use baocao_core::register::{Document, DocumentRole, KeyTask};
use baocao_core::symbol::DocumentType;
use baocao_engine::{CompiledCatalog, DataTable, Evaluator};
use minijinja::value::Kwargs;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value, context};

use crate::annex::{AnnexInput, build_annex};
use crate::chart::{ChartInput, build_chart};
use crate::model::{Block, Footnote, Header, Inline, ReportDocument, Signature};
use crate::template::{ReportTemplate, TaskList};

/// Everything a report is built from, loaded by the caller.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The template.
    pub template: &'a ReportTemplate,
    /// The compiled catalogue.
    pub catalog: &'a CompiledCatalog,
    /// The figures of the reporting org unit (the period, the previous one and the same period
    /// of last year, for growth).
    pub data: &'a DataTable,
    /// The period reported on.
    pub period: Period,
    /// Number, date, year-to-date cut-off and signer.
    pub issue: &'a ReportIssue,
    /// The documents registered for the period.
    pub documents: &'a [Document],
    /// The key tasks planned for the next period.
    pub tasks_next: &'a [KeyTask],
    /// The narrative sections of the period.
    pub narratives: &'a [Narrative],
}

/// A built report and what it lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltReport {
    /// The report.
    pub document: ReportDocument,
    /// Figures or sections that were missing (printed as visible gaps), in Vietnamese.
    pub warnings: Vec<String>,
}

/// A template or narrative text that cannot be rendered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{place}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct RenderError {
    /// Which text: e.g. "narrative 2.2 (2023-04)" or "report.toml, section 1., paragraph 1".
    pub place: String,
    /// 1-based line inside that text, when known.
    pub line: Option<usize>,
    /// What went wrong and what was expected.
    pub message: String,
}

const FOOTNOTE_OPEN: char = '\u{E000}';
const FOOTNOTE_CLOSE: char = '\u{E001}';

struct Shared {
    catalog: CompiledCatalog,
    data: DataTable,
    period: Period,
    documents: Vec<Document>,
    type_order: Vec<DocumentType>,
    count_labels: std::collections::BTreeMap<String, String>,
    footnotes: Mutex<Vec<String>>,
    warnings: Mutex<Vec<String>>,
    /// Data elements in the order the report's texts first print them (the annex's order).
    printed: Mutex<Vec<String>>,
}

/// Builds the report.
///
/// Errors: a [`RenderError`] naming the text and line where a template or narrative refers
/// to an unknown code, option or document, or is not a valid template.
pub fn build_report(input: &ReportInput<'_>) -> Result<BuiltReport, RenderError> {
    let shared = Arc::new(Shared {
        catalog: input.catalog.clone(),
        data: input.data.clone(),
        period: input.period,
        documents: input.documents.to_vec(),
        type_order: input
            .template
            .document_type_order
            .iter()
            .filter_map(|c| DocumentType::from_code(c))
            .collect(),
        count_labels: input.template.document_count_labels.clone(),
        footnotes: Mutex::new(Vec::new()),
        warnings: Mutex::new(Vec::new()),
        printed: Mutex::new(Vec::new()),
    });
    let env = environment(&shared);
    let ctx = variables(input);
    let render = |place: String, text: &str| -> Result<String, RenderError> {
        env.render_str(text, ctx.clone()).map_err(|e| RenderError {
            place,
            line: e.line(),
            message: e
                .detail()
                .map(str::to_string)
                .unwrap_or_else(|| e.to_string()),
        })
    };
    let t = input.template;
    let abstract_lines = t
        .r#abstract
        .iter()
        .enumerate()
        .map(|(i, line)| render(format!("report.toml, abstract {}", i + 1), line))
        .collect::<Result<Vec<_>, _>>()?;
    let mut body = Vec::new();
    let chart_input = ChartInput {
        catalog: input.catalog,
        data: input.data,
        period: input.period,
    };
    let mut charts = 0;
    for section in &t.section {
        let place = format!("report.toml, section {}", section.number);
        body.push(Block::Heading {
            level: section.level(),
            number: section.number.clone(),
            text: render(format!("{place}, title"), &section.title)?,
        });
        for (i, paragraph) in section.paragraphs.iter().enumerate() {
            let text = render(format!("{place}, paragraph {}", i + 1), paragraph)?;
            body.extend(paragraphs(&text).into_iter().map(Block::Paragraph));
        }
        if let Some(id) = &section.narrative {
            match input.narratives.iter().find(|n| &n.section == id) {
                Some(n) => {
                    let text = render(format!("narrative {id} ({})", input.period), &n.text)?;
                    body.extend(paragraphs(&text).into_iter().map(Block::Paragraph));
                }
                None => warn(
                    &shared,
                    format!("chưa có nội dung phần {id} cho {}", input.period.label_vi()),
                ),
            }
        }
        if section.tasks == Some(TaskList::Next) {
            if input.tasks_next.is_empty() {
                warn(
                    &shared,
                    format!(
                        "chưa có nhiệm vụ trọng tâm {}",
                        input.period.next().label_vi()
                    ),
                );
            }
            body.extend(input.tasks_next.iter().map(|task| Block::NumberedItem {
                number: format!("{}.", task.number),
                content: vec![Inline::Text(task.text.clone())],
            }));
        }
        for id in &section.charts {
            let template = t.chart.iter().find(|c| &c.id == id).ok_or_else(|| {
                let known: Vec<&str> = t.chart.iter().map(|c| c.id.as_str()).collect();
                RenderError {
                    place: format!("{place}, charts"),
                    line: None,
                    message: format!(
                        "no chart `{id}` in report.toml; the charts defined are: {}",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                }
            })?;
            charts += 1;
            let chart = build_chart(template, charts, &chart_input, &render, &mut |w| {
                warn(&shared, w)
            })?;
            body.push(Block::Chart(chart));
        }
    }
    let closing = render("report.toml, closing".to_string(), &t.closing)?;
    body.extend(paragraphs(&closing).into_iter().map(Block::Closing));
    let printed = shared.printed.lock().map(|p| p.clone()).unwrap_or_default();
    let annex_input = AnnexInput {
        catalog: input.catalog,
        data: input.data,
        period: input.period,
        order: &printed,
    };
    let annexes = t
        .annex
        .iter()
        .enumerate()
        .map(|(i, annex)| build_annex(annex, i, &annex_input, &render))
        .collect::<Result<Vec<_>, _>>()?;
    let footnotes = shared
        .footnotes
        .lock()
        .map(|f| f.clone())
        .unwrap_or_default();
    let warnings = shared
        .warnings
        .lock()
        .map(|w| w.clone())
        .unwrap_or_default();
    Ok(BuiltReport {
        document: ReportDocument {
            header: header(input),
            title: t.title.clone(),
            abstract_lines,
            body,
            footnotes: footnotes
                .into_iter()
                .enumerate()
                .map(|(i, text)| Footnote {
                    number: i + 1,
                    text,
                })
                .collect(),
            recipients: t.recipients.clone(),
            signature: Signature {
                authority_lines: t.signature_authority.clone(),
                signer_name: input.issue.signer.clone(),
            },
            annexes,
        },
        warnings,
    })
}

/// The report's number and symbol, "05/BC-STTTT", or "     /BC-STTTT" for a draft.
fn number_symbol(input: &ReportInput<'_>) -> String {
    let suffix = &input.template.symbol_suffix;
    match input.issue.number {
        Some(n) => format!("{}/{suffix}", format::count_padded(i64::from(n))),
        None => format!("     /{suffix}"),
    }
}

fn header(input: &ReportInput<'_>) -> Header {
    let t = input.template;
    let number_line = format!("Số: {}", number_symbol(input));
    Header {
        governing_body: t.governing_body.clone(),
        issuing_body: t.issuing_body.clone(),
        number_line,
        national_title: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string(),
        motto: "Độc lập - Tự do - Hạnh phúc".to_string(),
        place_date: format!("{}, {}", t.place, format::date_long(input.issue.issued_on)),
    }
}

fn variables(input: &ReportInput<'_>) -> Value {
    let ytd = year_to_date(input.issue.ytd_cutoff);
    let window = input.period.cutoff_window();
    context! {
        period => input.period.label_vi(),
        next_period => input.period.next().label_vi(),
        previous_period => input.period.previous().label_vi(),
        ytd_start => format::date_short(ytd.start),
        ytd_end => format::date_short(ytd.end),
        window_start => format::date_short(window.start),
        window_end => format::date_short(window.end),
        number => number_symbol(input),
        issued_on => format::date_short(input.issue.issued_on),
    }
}

fn warn(shared: &Shared, message: String) {
    if let Ok(mut w) = shared.warnings.lock()
        && !w.contains(&message)
    {
        w.push(message);
    }
}

fn environment(shared: &Arc<Shared>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let s = Arc::clone(shared);
    env.add_function("v", move |reference: String, kwargs: Kwargs| {
        value_function(&s, &reference, &kwargs)
    });
    let s = Arc::clone(shared);
    env.add_function("n", move |reference: String, kwargs: Kwargs| {
        indicator_function(&s, &reference, &kwargs)
    });
    let s = Arc::clone(shared);
    env.add_function("c", move |code: String| {
        let c = constant(&s, &code)?;
        Ok::<_, Error>(format::decimal(
            c.value,
            if c.value.fract() == 0.0 { 0 } else { 2 },
        ))
    });
    let s = Arc::clone(shared);
    env.add_function("c_year", move |code: String| {
        let c = constant(&s, &code)?;
        c.year
            .map(|y| y.to_string())
            .ok_or_else(|| fail(format!("constant `{code}` has no year")))
    });
    let s = Arc::clone(shared);
    env.add_function("change", move |reference: String, kwargs: Kwargs| {
        change_function(&s, &reference, &kwargs)
    });
    let s = Arc::clone(shared);
    env.add_function("doc", move |id: String, kwargs: Kwargs| {
        let with_abstract: Option<bool> = kwargs.get("abstract")?;
        kwargs.assert_all_used()?;
        let id = baocao_core::text::nfc(&id);
        let doc = s
            .documents
            .iter()
            .find(|d| d.id == id || d.symbol.as_ref().is_some_and(|sym| sym.to_string() == id))
            .ok_or_else(|| {
                fail(format!(
                    "no document `{id}` in the register for {}",
                    s.period
                ))
            })?;
        let mut cited = doc.clone();
        if with_abstract == Some(false) {
            cited.abstract_text.clear();
        }
        Ok::<_, Error>(cited.citation())
    });
    let s = Arc::clone(shared);
    env.add_function("docs_count", move |kwargs: Kwargs| {
        let docs = selected_documents(&s, &kwargs)?;
        Ok::<_, Error>(count_sentence(&s, &docs))
    });
    let s = Arc::clone(shared);
    env.add_function("docs_list", move |kwargs: Kwargs| {
        let docs = selected_documents(&s, &kwargs)?;
        Ok::<_, Error>(
            docs.iter()
                .map(|d| d.citation())
                .collect::<Vec<_>>()
                .join("; "),
        )
    });
    let s = Arc::clone(shared);
    env.add_function("footnote", move |text: String| {
        let mut notes = s
            .footnotes
            .lock()
            .map_err(|_| fail("footnotes unavailable".into()))?;
        notes.push(text.trim().to_string());
        Ok::<_, Error>(format!("{FOOTNOTE_OPEN}{}{FOOTNOTE_CLOSE}", notes.len()))
    });
    env
}

fn fail(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

fn split_reference(reference: &str) -> (String, Vec<String>) {
    let mut parts = reference.trim().split('.').map(|p| p.trim().to_string());
    let code = parts.next().unwrap_or_default();
    (code, parts.collect())
}

fn value_function(s: &Shared, reference: &str, kwargs: &Kwargs) -> Result<String, Error> {
    let pad: Option<bool> = kwargs.get("pad")?;
    let decimals: Option<u32> = kwargs.get("decimals")?;
    kwargs.assert_all_used()?;
    let (code, options) = split_reference(reference);
    let catalog = &s.catalog.catalog;
    let de = catalog
        .data_elements
        .get(&code)
        .ok_or_else(|| fail(format!("no data element `{code}` in the catalogue")))?;
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    let coc = catalog
        .selection(de, &options)
        .map_err(|e| fail(e.to_string()))?;
    if let Ok(mut printed) = s.printed.lock()
        && !printed.contains(&de.code)
    {
        printed.push(de.code.clone());
    }
    let Some(value) = Evaluator::new(&s.catalog, &s.data).computed(de, &coc, s.period) else {
        warn(
            s,
            format!(
                "chưa có số liệu {reference} ({}) cho {}",
                de.name,
                s.period.label_vi()
            ),
        );
        return Ok(format!("[thiếu số liệu {reference}]"));
    };
    let decimals = decimals.unwrap_or_else(|| typed_decimals(s, &de.code, de.value_type, &coc));
    if pad == Some(true) && decimals == 0 {
        return Ok(format::count_padded(value.round() as i64));
    }
    Ok(format::decimal(value, decimals))
}

/// The decimals a data element's figures were typed with: 0 for counts, else the most typed
/// at this cell or any cell of the element in the period.
fn typed_decimals(s: &Shared, code: &str, value_type: ValueType, coc: &CategoryOptionCombo) -> u32 {
    if value_type == ValueType::Integer {
        return 0;
    }
    let cells = s.data.cells(code, s.period);
    cells
        .iter()
        .find(|(c, _)| c == coc)
        .map(|(_, f)| f.decimals)
        .unwrap_or_else(|| cells.iter().map(|(_, f)| f.decimals).max().unwrap_or(0))
}

fn indicator_function(s: &Shared, reference: &str, kwargs: &Kwargs) -> Result<String, Error> {
    let decimals: Option<u32> = kwargs.get("decimals")?;
    kwargs.assert_all_used()?;
    let (code, options) = split_reference(reference);
    s.catalog
        .check_indicator_options(&code, &options)
        .map_err(fail)?;
    let ind = s
        .catalog
        .catalog
        .indicators
        .get(&code)
        .ok_or_else(|| fail(format!("no indicator `{code}` in the catalogue")))?;
    match Evaluator::new(&s.catalog, &s.data).indicator(&code, &options, s.period) {
        Some(v) => Ok(format::decimal(v, decimals.unwrap_or(ind.decimals))),
        None => {
            warn(
                s,
                format!(
                    "không tính được {} ({reference}) cho {}",
                    ind.name,
                    s.period.label_vi()
                ),
            );
            Ok(format!("[thiếu số liệu {reference}]"))
        }
    }
}

/// "tăng 4,87%", "giảm 2,1%" or "không thay đổi": a growth indicator in words, at its
/// decimals, with its unit ("%" is written without a space).
fn change_function(s: &Shared, reference: &str, kwargs: &Kwargs) -> Result<String, Error> {
    let decimals: Option<u32> = kwargs.get("decimals")?;
    kwargs.assert_all_used()?;
    let (code, options) = split_reference(reference);
    s.catalog
        .check_indicator_options(&code, &options)
        .map_err(fail)?;
    let ind = s
        .catalog
        .catalog
        .indicators
        .get(&code)
        .ok_or_else(|| fail(format!("no indicator `{code}` in the catalogue")))?;
    let decimals = decimals.unwrap_or(ind.decimals);
    let Some(value) = Evaluator::new(&s.catalog, &s.data).indicator(&code, &options, s.period)
    else {
        warn(
            s,
            format!(
                "không tính được {} ({reference}) cho {}",
                ind.name,
                s.period.label_vi()
            ),
        );
        return Ok(format!("[thiếu số liệu {reference}]"));
    };
    let shown = format::decimal(value.abs(), decimals);
    if shown.chars().all(|c| c == '0' || c == ',') {
        return Ok("không thay đổi".to_string());
    }
    let word = if value > 0.0 { "tăng" } else { "giảm" };
    let unit = match ind.unit.as_str() {
        "" => String::new(),
        "%" => "%".to_string(),
        other => format!(" {other}"),
    };
    Ok(format!("{word} {shown}{unit}"))
}

fn constant<'a>(s: &'a Shared, code: &str) -> Result<&'a baocao_core::catalog::Constant, Error> {
    s.catalog
        .catalog
        .constants
        .get(code)
        .ok_or_else(|| fail(format!("no constant `{code}` in the catalogue")))
}

fn selected_documents(s: &Shared, kwargs: &Kwargs) -> Result<Vec<Document>, Error> {
    let field: Option<String> = kwargs.get("field")?;
    let role: Option<String> = kwargs.get("role")?;
    kwargs.assert_all_used()?;
    let field = field
        .map(|f| {
            baocao_core::catalog::Field::from_code(&f).ok_or_else(|| {
                fail(format!(
                    "unknown field `{f}`; expected chung, cntt, bcvt, ttbcxb or thanh_tra"
                ))
            })
        })
        .transpose()?;
    let role = match role.as_deref() {
        None | Some("advised") => DocumentRole::Advised,
        Some("issued") => DocumentRole::Issued,
        Some("cited") => DocumentRole::Cited,
        Some(other) => {
            return Err(fail(format!(
                "unknown role `{other}`; expected advised, issued or cited"
            )));
        }
    };
    let mut docs: Vec<Document> = s
        .documents
        .iter()
        .filter(|d| {
            d.role == role && d.period == Some(s.period) && field.is_none_or(|f| d.field == f)
        })
        .cloned()
        .collect();
    docs.sort_by_key(|d| type_rank(s, d.doc_type));
    Ok(docs)
}

fn type_rank(s: &Shared, t: DocumentType) -> usize {
    s.type_order
        .iter()
        .position(|x| *x == t)
        .unwrap_or_else(|| {
            s.type_order.len() + DocumentType::ALL.iter().position(|x| *x == t).unwrap_or(0)
        })
}

/// "02 Quyết định, 03 Kế hoạch, 01 Chỉ thị và 01 văn bản chỉ đạo": counts below 10 with a
/// leading zero (convention of reports), types in the template's order.
fn count_sentence(s: &Shared, docs: &[Document]) -> String {
    let mut groups: Vec<(DocumentType, usize)> = Vec::new();
    for d in docs {
        match groups.iter_mut().find(|(t, _)| *t == d.doc_type) {
            Some(g) => g.1 += 1,
            None => groups.push((d.doc_type, 1)),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(t, n)| {
            let label = s
                .count_labels
                .get(t.name_vi())
                .cloned()
                .unwrap_or_else(|| t.name_vi().to_string());
            format!("{} {label}", format::count_padded(*n as i64))
        })
        .collect();
    match parts.split_last() {
        None => "0 văn bản".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} và {last}", rest.join(", ")),
    }
}

/// Splits rendered text into paragraphs at blank lines; single line breaks become spaces.
fn paragraphs(text: &str) -> Vec<Vec<Inline>> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(inlines(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    out
}

/// Turns footnote markers into [`Inline::FootnoteRef`]s; all else is literal text.
fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(FOOTNOTE_OPEN) {
        let after = &rest[start + FOOTNOTE_OPEN.len_utf8()..];
        let Some(end) = after.find(FOOTNOTE_CLOSE) else {
            break;
        };
        if start > 0 {
            out.push(Inline::Text(rest[..start].to_string()));
        }
        if let Ok(n) = after[..end].parse() {
            out.push(Inline::FootnoteRef(n));
        }
        rest = &after[end + FOOTNOTE_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines_and_keep_footnotes() {
        let text = format!("Một\nhai{FOOTNOTE_OPEN}1{FOOTNOTE_CLOSE}.\n\n  \nBa * # _");
        assert_eq!(
            paragraphs(&text),
            vec![
                vec![
                    Inline::Text("Một hai".into()),
                    Inline::FootnoteRef(1),
                    Inline::Text(".".into())
                ],
                vec![Inline::Text("Ba * # _".into())],
            ]
        );
    }
}
