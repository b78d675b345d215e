//! Post-processing of the archive docx-rs packs: the footnote fixes docx-rs 0.4.22 cannot
//! express, and deflate compression.
//!
//! docx-rs writes each footnote's text but not the `<w:footnoteRef/>` run that prints the
//! footnote's number in front of it at the foot of the page (LibreOffice numbers the footnote
//! anyway; Word shows no number), and it writes no separator footnotes. It also stores every
//! entry uncompressed. [`finish`] re-writes the archive entry by entry, patching
//! `word/footnotes.xml` and deflating everything.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::DocxError;
use super::page::FOOTNOTE_REFERENCE_STYLE;

/// The footnotes part inside the archive.
const FOOTNOTES_PART: &str = "word/footnotes.xml";
/// Opening tag of one footnote as docx-rs writes it (`<w:footnote w:id="1">`).
const FOOTNOTE_OPEN: &str = "<w:footnote w:id=";
/// The separator (id -1) and continuation separator (id 0) footnotes Word itself writes at the
/// head of `footnotes.xml`: the short line above the footnotes.
const SEPARATOR_FOOTNOTES: &str = concat!(
    r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"#,
    r#"<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#,
);

/// Re-writes the packed DOCX with every entry deflated; when `has_footnotes`, also adds the
/// number run and separators to `word/footnotes.xml` (see [`number_footnotes`]). Directory
/// entries are dropped: Word writes none and needs none.
pub(super) fn finish(packed: &[u8], has_footnotes: bool) -> Result<Vec<u8>, DocxError> {
    let mut archive = ZipArchive::new(Cursor::new(packed))?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name()?.into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if has_footnotes && name == FOOTNOTES_PART {
            data = number_footnotes(&data)?;
        }
        writer.start_file(name, options)?;
        writer.write_all(&data)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// Patches `word/footnotes.xml`: inserts the separator footnotes after the root tag and, at
/// the start of each footnote's first paragraph, the run
/// `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>` that
/// prints the footnote's number. docx-rs 0.4.22 has no element for either.
pub(super) fn number_footnotes(xml: &[u8]) -> Result<Vec<u8>, DocxError> {
    let xml = std::str::from_utf8(xml).map_err(|e| unexpected(format!("not UTF-8: {e}")))?;
    let root_end = root_content_start(xml)?;
    let mut out = String::with_capacity(xml.len() + 1024);
    out.push_str(&xml[..root_end]);
    out.push_str(SEPARATOR_FOOTNOTES);
    let mut rest = &xml[root_end..];
    while let Some(start) = rest.find(FOOTNOTE_OPEN) {
        let insert_at = start + first_run_offset(&rest[start..])?;
        out.push_str(&rest[..insert_at]);
        out.push_str(&footnote_ref_run());
        rest = &rest[insert_at..];
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}

/// The run that prints a footnote's number, in the `FootnoteReference` style.
fn footnote_ref_run() -> String {
    format!(
        r#"<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_REFERENCE_STYLE}"/></w:rPr><w:footnoteRef/></w:r>"#
    )
}

/// Byte offset just after the `<w:footnotes …>` root start tag.
fn root_content_start(xml: &str) -> Result<usize, DocxError> {
    let root = xml
        .find("<w:footnotes")
        .ok_or_else(|| unexpected("no <w:footnotes> root".to_owned()))?;
    let end = tag_end(xml, root)?;
    if xml[..end].ends_with("/>") {
        return Err(unexpected("the <w:footnotes> root is empty".to_owned()));
    }
    Ok(end)
}

/// In a fragment starting with a footnote's start tag, the offset where its first paragraph's
/// runs begin: after `<w:p …>` and, when present, after its `<w:pPr>…</w:pPr>`.
fn first_run_offset(fragment: &str) -> Result<usize, DocxError> {
    let para = find_tag(fragment, "<w:p")
        .ok_or_else(|| unexpected("a footnote without a paragraph".to_owned()))?;
    let after_p = tag_end(fragment, para)?;
    let rest = &fragment[after_p..];
    if !rest.starts_with("<w:pPr") {
        return Ok(after_p);
    }
    let ppr_end = tag_end(rest, 0)?;
    if rest[..ppr_end].ends_with("/>") {
        return Ok(after_p + ppr_end);
    }
    let close = rest
        .find("</w:pPr>")
        .ok_or_else(|| unexpected("unclosed <w:pPr>".to_owned()))?;
    Ok(after_p + close + "</w:pPr>".len())
}

/// The position of the first start tag named exactly `open` (e.g. `<w:p` but not `<w:pPr`).
fn find_tag(xml: &str, open: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = xml[from..].find(open) {
        let at = from + pos;
        match xml[at + open.len()..].chars().next() {
            Some(' ' | '>' | '/') => return Some(at),
            _ => from = at + open.len(),
        }
    }
    None
}

/// Offset just past the `>` closing the tag that starts at `start`.
fn tag_end(xml: &str, start: usize) -> Result<usize, DocxError> {
    xml[start..]
        .find('>')
        .map(|pos| start + pos + 1)
        .ok_or_else(|| unexpected("unterminated tag".to_owned()))
}

/// An [`DocxError::UnexpectedXml`] about `word/footnotes.xml`.
fn unexpected(detail: String) -> DocxError {
    DocxError::UnexpectedXml {
        part: FOOTNOTES_PART,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARK: &str =
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#;

    fn patched(xml: &str) -> String {
        String::from_utf8(number_footnotes(xml.as_bytes()).expect("patches")).expect("UTF-8")
    }

    #[test]
    fn mark_goes_after_the_paragraph_properties() {
        let xml = r#"<w:footnotes a="1"><w:footnote w:id="1"><w:p w14:paraId="1"><w:pPr><w:pStyle w:val="FootnoteText" /></w:pPr><w:r><w:t> A</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let out = patched(xml);
        assert!(
            out.contains(&format!("</w:pPr>{MARK}<w:r><w:t> A")),
            "{out}"
        );
        assert!(out.starts_with(r#"<w:footnotes a="1"><w:footnote w:type="separator" w:id="-1">"#));
    }

    #[test]
    fn mark_goes_first_without_properties_and_once_per_footnote() {
        let xml = r#"<w:footnotes><w:footnote w:id="1"><w:p><w:r><w:t>A</w:t></w:r></w:p><w:p><w:pPr/><w:r/></w:p></w:footnote><w:footnote w:id="2"><w:p><w:pPr/><w:r><w:t>B</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let out = patched(xml);
        assert!(out.contains(&format!(r#"<w:footnote w:id="1"><w:p>{MARK}<w:r><w:t>A"#)));
        assert!(out.contains(&format!("<w:pPr/>{MARK}<w:r><w:t>B")), "{out}");
        assert_eq!(out.matches(MARK).count(), 2);
    }

    #[test]
    fn an_empty_root_is_reported() {
        let err = number_footnotes(b"<w:footnotes xmlns:w=\"x\" />").unwrap_err();
        assert!(matches!(err, DocxError::UnexpectedXml { .. }));
    }
}
