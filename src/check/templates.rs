//! Which message ids the templates use, found by scanning for `t(…)`,
//! `t_markup(…)` and `t_plain(…)` calls.
//!
//! An id given as a string literal is checked against the source; one built
//! at run time (a variable, a concatenation) is reported as such, never guessed.

use crate::finding::location::LineIndex;
use crate::project::walk::Walk;
use std::path::{Path, PathBuf};

/// One call of a translation function in a template.
#[derive(Debug, Clone)]
pub struct TemplateCall {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub line_text: String,
    /// The literal id, or `None` when it is built at run time.
    pub id: Option<String>,
    /// The expression given instead of a literal.
    pub expression: String,
}

const FUNCTIONS: &[&str] = &["t", "t_markup", "t_plain", "css_page_counter"];

pub fn scan_templates(dir: &Path, shown_root: &Path) -> Vec<TemplateCall> {
    // Unreadable entries were passed over before the walk was shared; the
    // renderer reports them when it loads the same templates.
    let files = Walk::new(dir).run().files;
    let mut calls = Vec::new();
    for path in files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let shown = path.strip_prefix(shown_root).unwrap_or(&path).to_path_buf();
        calls.extend(scan_text(&text, &shown));
    }
    calls
}

pub fn scan_text(text: &str, file: &Path) -> Vec<TemplateCall> {
    let lines = LineIndex::new(text);
    let bytes = text.as_bytes();
    let mut calls = Vec::new();
    for (start, _) in text.match_indices('(') {
        let name_start = text[..start]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &text[name_start..start];
        if !FUNCTIONS.contains(&name) || (name_start > 0 && bytes[name_start - 1] == b'.') {
            continue;
        }
        let rest = text[start + 1..].trim_start();
        let arg_at = text.len() - rest.len();
        let end = rest.find([',', ')']).unwrap_or(rest.len());
        let expression = rest[..end].trim().to_string();
        let id = literal(&expression);
        let loc = lines.location(text, arg_at);
        calls.push(TemplateCall {
            file: file.to_path_buf(),
            line: loc.line,
            column: loc.column,
            line_text: lines.line_text(text, loc.line).to_string(),
            id,
            expression,
        });
    }
    calls
}

fn literal(expression: &str) -> Option<String> {
    let quote = expression
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    let inner = expression.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote)).then(|| inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_and_dynamic_ids() {
        let calls = scan_text(
            "<p>{{ t('a-b', n=1) }}</p>\n{{ t_markup(\"c.d\") }} {{ t(name) }} {{ x.t('no') }} {{ it('no') }}",
            Path::new("x.html"),
        );
        let ids: Vec<Option<&str>> = calls.iter().map(|c| c.id.as_deref()).collect();
        assert_eq!(ids, vec![Some("a-b"), Some("c.d"), None]);
        assert_eq!((calls[1].line, calls[1].column), (2, 13));
        assert_eq!(calls[2].expression, "name");
    }
}
