//! Byte offsets to the line:column a person can find in an editor.

use std::fmt;

/// A 1-based line and column; the column counts characters, not bytes, so
/// it matches what editors show for Arabic, Devanagari or CJK text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where each line of a text starts, computed once per file so that every
/// finding in it costs a binary search rather than a rescan.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The location of byte `offset` in `text` (the text this index was built from).
    pub fn location(&self, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Location {
            line: line + 1,
            column,
        }
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts.get(line - 1).copied().unwrap_or(text.len());
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        text.get(start..end.max(start))
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// The byte offset of `part` inside `whole`, when `part` is a slice of it.
///
/// fluent-syntax keeps no spans, but its AST borrows from the source text, so
/// the address of an identifier tells where it stands.
pub fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let start = whole.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    (at >= start && at + part.len() <= start + whole.len()).then(|| at - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "a = 1\nب = ٢ x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.location(text, x), Location { line: 2, column: 7 });
        assert_eq!(index.line_text(text, 2), "ب = ٢ x");
    }

    #[test]
    fn offset_of_a_subslice() {
        let text = String::from("hello world");
        assert_eq!(offset_in(&text, &text[6..]), Some(6));
        assert_eq!(offset_in(&text, "world"), None);
    }
}
