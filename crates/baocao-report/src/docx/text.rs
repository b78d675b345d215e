//! Literal text: every character of the view model's text reaches the DOCX as itself.
//!
//! docx-rs escapes `& < > " '` but turns a line feed into a character reference that Word
//! shows as a space, drops carriage returns, and passes through C0 control characters that
//! XML 1.0 forbids (which would make the file unreadable). This module maps those few
//! characters to what a reader expects instead.

use docx_rs::{BreakType, Run};

/// The character printed in place of one that XML 1.0 cannot carry (U+FFFD).
const REPLACEMENT: char = '\u{FFFD}';

/// A run holding `text` literally: `\n` becomes a line break, `\t` a tab, `\r` (alone or before
/// `\n`) ends a line like `\n`, and characters XML 1.0 forbids become U+FFFD. Nothing else is
/// interpreted.
pub(crate) fn literal_run(text: &str) -> Run {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut run = Run::new();
    let mut pending = String::new();
    for ch in text.chars() {
        match ch {
            '\n' | '\t' => {
                run = flush(run, &mut pending);
                run = if ch == '\n' {
                    run.add_break(BreakType::TextWrapping)
                } else {
                    run.add_tab()
                };
            }
            c if is_xml_char(c) => pending.push(c),
            _ => pending.push(REPLACEMENT),
        }
    }
    flush(run, &mut pending)
}

/// Adds the pending text to the run (if any) and clears it.
fn flush(run: Run, pending: &mut String) -> Run {
    if pending.is_empty() {
        return run;
    }
    run.add_text(std::mem::take(pending))
}

/// Whether XML 1.0 allows `c` in character data (production `Char`, minus tab/LF/CR handled
/// by the caller).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::{BuildXML, RunChild};

    #[test]
    fn markup_characters_stay_text() {
        let xml = String::from_utf8(literal_run("*a* <b> & [c](d) #e").build()).unwrap();
        assert!(xml.contains("*a* &lt;b&gt; &amp; [c](d) #e"), "{xml}");
    }

    #[test]
    fn line_feed_and_tab_become_break_and_tab() {
        let run = literal_run("a\r\nb\tc");
        let kinds: Vec<&str> = run
            .children
            .iter()
            .map(|child| match child {
                RunChild::Text(_) => "text",
                RunChild::Break(_) => "break",
                RunChild::Tab(_) => "tab",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["text", "break", "text", "tab", "text"]);
    }

    #[test]
    fn forbidden_controls_are_replaced() {
        let xml = String::from_utf8(literal_run("a\u{1}b\u{FFFF}").build()).unwrap();
        assert!(xml.contains("a\u{FFFD}b\u{FFFD}"), "{xml}");
    }
}
