//! Errors in `l10n.toml` files, placed at the line and column of the value
//! at fault.

use crate::finding::location::LineIndex;
use std::fmt;
use std::path::{Path, PathBuf};

/// A problem with an `l10n.toml` file (or a file it includes).
#[derive(Debug)]
pub struct L10nError {
    pub path: PathBuf,
    /// 1-based line and column, when the problem is at one place in the file.
    pub at: Option<(usize, usize, String)>,
    pub message: String,
}

impl fmt::Display for L10nError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some((line, column, text)) => write!(
                f,
                "{}:{line}:{column}: {}\n   | {text}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for L10nError {}

/// Where in one config file a value stands, for error messages.
pub(super) struct Source<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    pub(super) lines: LineIndex,
}

impl Source<'_> {
    pub(super) fn error(&self, offset: Option<usize>, message: impl Into<String>) -> L10nError {
        let at = offset.map(|offset| {
            let loc = self.lines.location(self.text, offset);
            (
                loc.line,
                loc.column,
                self.lines.line_text(self.text, loc.line).to_string(),
            )
        });
        L10nError {
            path: self.path.to_path_buf(),
            at,
            message: message.into(),
        }
    }
}
