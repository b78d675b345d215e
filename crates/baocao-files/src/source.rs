//! A file's text with its path, turning byte offsets into line and column for messages.

use std::path::{Path, PathBuf};

use crate::error::{FilesError, Problem};

/// A file read into memory, NFC-normalised.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text, NFC.
    pub text: String,
}

impl SourceFile {
    /// Reads a file as UTF-8 and normalises it to NFC.
    ///
    /// Errors: [`FilesError::Io`] when it cannot be read, [`FilesError::Encoding`] when it is
    /// not UTF-8 (files saved by old Windows tools in a legacy code page).
    pub fn read(path: &Path) -> Result<SourceFile, FilesError> {
        let bytes = std::fs::read(path).map_err(|source| FilesError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| FilesError::Encoding {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        Ok(SourceFile::from_text(path, &text))
    }

    /// A file from text already in memory (tests, uploads).
    pub fn from_text(path: &Path, text: &str) -> SourceFile {
        SourceFile {
            path: path.to_path_buf(),
            text: baocao_core::text::nfc(text),
        }
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    /// A problem located at a byte offset.
    pub fn problem(&self, offset: usize, field: &str, message: impl Into<String>) -> Problem {
        let (line, column) = self.line_col(offset);
        Problem {
            file: self.path.clone(),
            line,
            column,
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// Parses the whole file as TOML into `T`.
    ///
    /// Errors: [`FilesError::Syntax`] with toml's message, which names line and column.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, FilesError> {
        toml::from_str(&self.text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| self.line_col(s.start));
            FilesError::Syntax {
                path: self.path.clone(),
                line,
                column,
                message: e.message().to_string(),
            }
        })
    }
}
