//! Characters a translation must not carry, and those it may carry only with
//! care: shared by `check` (which reports them) and rendering (which drops
//! the ones no page may hold).

/// What a character is, when it is worth a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// C0 and C1 controls other than tab and line breaks, and Unicode
    /// noncharacters: no HTML page may hold them, and in a terminal they
    /// drive it.
    Forbidden,
    /// Bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO): they reorder
    /// text beyond the message, and isolates do the same job safely.
    Embedding,
    /// Bidi isolate openers (LRI, RLI, FSI).
    IsolateOpen,
    /// Pop directional isolate (PDI).
    IsolateClose,
}

/// Marks that right-to-left and Indic text needs (LRM, RLM, ALM, ZWJ, ZWNJ,
/// ZWSP, soft hyphen) are ordinary here.
pub fn special(c: char) -> Option<Special> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Some(Special::Forbidden),
        '\u{FDD0}'..='\u{FDEF}' => Some(Special::Forbidden),
        c if (c as u32) & 0xFFFE == 0xFFFE => Some(Special::Forbidden),
        '\u{202A}'..='\u{202E}' => Some(Special::Embedding),
        '\u{2066}'..='\u{2068}' => Some(Special::IsolateOpen),
        '\u{2069}' => Some(Special::IsolateClose),
        _ => None,
    }
}

/// `text` without the characters no page may hold.
pub fn strip_forbidden(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(|c| special(c) == Some(Special::Forbidden)) {
        text.chars()
            .filter(|c| special(*c) != Some(Special::Forbidden))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_rtl_and_indic_text_need_are_ordinary() {
        for c in [
            '\u{200E}', '\u{200F}', '\u{061C}', '\u{200D}', '\u{200C}', '\u{200B}', '\u{AD}', '\t',
            '\n', '\r', 'ا', 'क', '\u{FFFD}',
        ] {
            assert_eq!(special(c), None, "{c:?}");
        }
        for c in [
            '\u{0}',
            '\u{1b}',
            '\u{7}',
            '\u{7F}',
            '\u{85}',
            '\u{9F}',
            '\u{FDD0}',
            '\u{FFFE}',
            '\u{10FFFF}',
            '\u{1FFFF}',
        ] {
            assert_eq!(special(c), Some(Special::Forbidden), "{c:?}");
        }
        assert_eq!(special('\u{202E}'), Some(Special::Embedding));
        assert_eq!(special('\u{2067}'), Some(Special::IsolateOpen));
        assert_eq!(special('\u{2069}'), Some(Special::IsolateClose));
        assert_eq!(strip_forbidden("a\u{1b}[31mb\u{7}"), "a[31mb");
    }
}
