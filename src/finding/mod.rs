//! A problem found in the input: the one type `check` reports and `build`
//! refuses to go on with.

pub mod codes;
pub mod location;

pub use crate::finding::codes::Code;
use crate::finding::location::Location;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub locale: String,
    pub file: PathBuf,
    pub location: Option<Location>,
    /// Message id (`id`, `id.attr`, `-term`) when the finding concerns one.
    pub id: Option<String>,
    pub message: String,
    /// The offending line, for showing with a caret.
    pub line_text: Option<String>,
    /// Width of the span to underline, in characters.
    pub span_len: usize,
}

/// The JSON shape: every field always present (`null` when it does not
/// apply), the file with `/` separators on every platform.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 8)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("locale", &self.locale)?;
        st.serialize_field("file", &self.file_name())?;
        st.serialize_field("line", &self.location.map(|l| l.line))?;
        st.serialize_field("column", &self.location.map(|l| l.column))?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("message", &self.message)?;
        st.end()
    }
}

impl Finding {
    pub fn new(
        code: Code,
        severity: Severity,
        locale: &str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            severity,
            locale: locale.to_string(),
            file: file.into(),
            location: None,
            id: None,
            message: message.into(),
            line_text: None,
            span_len: 1,
        }
    }

    pub fn at(mut self, location: Location, line_text: &str, span_len: usize) -> Finding {
        self.location = Some(location);
        self.line_text = Some(line_text.to_string());
        self.span_len = span_len.max(1);
        self
    }

    /// The file as a `/`-separated path, as CI annotations and SARIF want it.
    pub fn file_name(&self) -> String {
        self.file.to_string_lossy().replace('\\', "/")
    }

    pub fn id(mut self, id: impl Into<String>) -> Finding {
        self.id = Some(id.into());
        self
    }
}

/// `file:line:col: error[code]: message`, then the line with a caret under the span.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(loc) = self.location {
            write!(f, ":{loc}")?;
        }
        write!(f, ": {}[{}]: {}", self.severity, self.code, self.message)?;
        if let (Some(line), Some(loc)) = (&self.line_text, self.location) {
            let pad: String = line
                .chars()
                .take(loc.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n   | {line}\n   | {pad}{}", "^".repeat(self.span_len))?;
        }
        Ok(())
    }
}
