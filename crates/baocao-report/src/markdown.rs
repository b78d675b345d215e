//! The report as Markdown (CommonMark with footnotes): for reading in a terminal, diffing
//! between months, and pasting into other tools. Text is escaped so that it prints literally.

use std::fmt::Write;

use crate::model::{Annex, AnnexFigure, Block, Chart, Inline, ReportDocument};

/// Writes the report as Markdown.
pub fn write_markdown(doc: &ReportDocument) -> String {
    let mut out = String::new();
    let h = &doc.header;
    let _ = writeln!(out, "{}  ", escape(&h.governing_body));
    let _ = writeln!(out, "**{}**  ", escape(&h.issuing_body));
    let _ = writeln!(out, "{}\n", escape(&h.number_line));
    let _ = writeln!(out, "**{}**  ", escape(&h.national_title));
    let _ = writeln!(out, "**{}**  ", escape(&h.motto));
    let _ = writeln!(out, "*{}*\n", escape(&h.place_date));
    let _ = writeln!(out, "# {}\n", escape(&doc.title));
    for line in &doc.abstract_lines {
        let _ = writeln!(out, "**{}**  ", escape(line));
    }
    out.push('\n');
    for block in &doc.body {
        write_block(&mut out, block);
    }
    if !doc.footnotes.is_empty() {
        for f in &doc.footnotes {
            let _ = writeln!(out, "[^{}]: {}", f.number, escape(&f.text));
        }
        out.push('\n');
    }
    out.push_str("**Nơi nhận:**\n\n");
    let count = doc.recipients.len();
    for (i, r) in doc.recipients.iter().enumerate() {
        let end = if i + 1 == count { "." } else { ";" };
        let _ = writeln!(out, "- {}{end}", escape(r.trim_end_matches(['.', ';'])));
    }
    out.push('\n');
    for line in &doc.signature.authority_lines {
        let _ = writeln!(out, "**{}**  ", escape(line));
    }
    let _ = writeln!(out, "\n**{}**", escape(&doc.signature.signer_name));
    for annex in &doc.annexes {
        write_annex(&mut out, annex);
    }
    out
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading {
            level,
            number,
            text,
        } => {
            let hashes = "#".repeat(usize::from(*level) + 1);
            let _ = writeln!(out, "{hashes} {} {}\n", escape(number), escape(text));
        }
        Block::Paragraph(inlines) | Block::Closing(inlines) => {
            let text = write_inlines(inlines);
            let _ = writeln!(out, "{}\n", escape_line_start(&text));
        }
        Block::NumberedItem { number, content } => {
            let _ = writeln!(out, "{number} {}\n", write_inlines(content));
        }
        Block::Chart(chart) => write_chart(out, chart),
    }
}

/// A chart's text fallback: its caption, its unit and a table of the values it draws (a
/// category's note after its label).
fn write_chart(out: &mut String, chart: &Chart) {
    let _ = writeln!(out, "**{}**\n", escape(&chart.caption()));
    if !chart.unit.is_empty() {
        let _ = writeln!(out, "*Đơn vị tính: {}*\n", escape(&chart.unit));
    }
    out.push('|');
    out.push_str(" |");
    for series in &chart.series {
        let _ = write!(out, " {} |", escape(&series.name));
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(chart.series.len()));
    out.push('\n');
    for (i, category) in chart.categories.iter().enumerate() {
        let label = match &category.note {
            Some(note) => format!("{} ({})", category.label, note),
            None => category.label.clone(),
        };
        let _ = write!(out, "| {} |", escape(&label));
        for series in &chart.series {
            let value = series
                .values
                .get(i)
                .and_then(Option::as_ref)
                .map_or("–".to_string(), |v| escape(&v.text));
            let _ = write!(out, " {value} |");
        }
        out.push('\n');
    }
    out.push('\n');
}

/// An annex after the signature: a rule, its title, subtitle and note, and its table.
fn write_annex(out: &mut String, annex: &Annex) {
    let _ = writeln!(out, "\n---\n\n## {}\n", escape(&annex.title));
    for line in &annex.subtitle {
        let _ = writeln!(out, "**{}**  ", escape(line));
    }
    if let Some(note) = &annex.note {
        let _ = writeln!(out, "*{}*", escape(note));
    }
    let c = &annex.columns;
    let _ = writeln!(
        out,
        "\n| STT | Chỉ tiêu | Đơn vị tính | {} | {} | {} |",
        escape(&c.current),
        escape(&c.previous),
        escape(&c.change)
    );
    out.push_str("|:-:|---|:-:|---:|---:|---:|\n");
    let figure = |f: &Option<AnnexFigure>| f.as_ref().map_or(String::new(), |f| escape(&f.text));
    for group in &annex.groups {
        let _ = writeln!(
            out,
            "| **{}** | **{}** | | | | |",
            escape(&group.number),
            escape(&group.title)
        );
        for row in &group.rows {
            let label = match row.depth {
                0 => escape(&row.label),
                1 => format!("\\- {}", escape(&row.label)),
                _ => format!("\u{a0}\u{a0}\u{a0}\u{a0}\\+ {}", escape(&row.label)),
            };
            let _ = writeln!(
                out,
                "| {} | {label} | {} | {} | {} | {} |",
                row.number,
                escape(&row.unit),
                figure(&row.current),
                figure(&row.previous),
                figure(&row.change)
            );
        }
    }
}

fn write_inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Bold(t) => {
                let _ = write!(out, "**{}**", escape(t));
            }
            Inline::Italic(t) => {
                let _ = write!(out, "*{}*", escape(t));
            }
            Inline::FootnoteRef(n) => {
                let _ = write!(out, "[^{n}]");
            }
        }
    }
    out
}

/// Escapes the characters Markdown would read as markup, and an `&` that would start an
/// entity or character reference (`&amp;`, `&#39;`), which CommonMark decodes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '#' | '<' | '>' | '|' | '$' | '~'
        ) || (c == '&' && starts_reference(&text[i + 1..]))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the text after an `&` reads as a reference: letters, digits or `#`, then `;`.
fn starts_reference(rest: &str) -> bool {
    let name = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    name > 0 && rest[name..].starts_with(';')
}

/// A paragraph that starts like a list item or a heading is escaped at its start.
fn escape_line_start(text: &str) -> String {
    let starts_list = text.starts_with("- ") || text.starts_with("+ ");
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let starts_ordered = digits > 0 && text[digits..].starts_with(". ");
    if starts_list {
        format!("\\{text}")
    } else if starts_ordered {
        format!("{}\\{}", &text[..digits], &text[digits..])
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_prints_literally() {
        assert_eq!(escape("a*b_c#[d]$\\"), "a\\*b\\_c\\#\\[d\\]\\$\\\\");
        assert_eq!(
            escape("KH&ĐT &amp; &#39; & a"),
            "KH&ĐT \\&amp; \\&\\#39; & a"
        );
        assert_eq!(escape_line_start("- mục"), "\\- mục");
        assert_eq!(escape_line_start("12. mục"), "12\\. mục");
        assert_eq!(escape_line_start("232.046 văn bản"), "232.046 văn bản");
    }
}
