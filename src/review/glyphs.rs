//! Characters no installed font can show (they render as tofu boxes).
//!
//! Chromium on Linux picks fallback fonts through fontconfig, so a character that no
//! fontconfig font covers has no glyph in a page or in its PDF. One `fc-list` call gives
//! every font's charset as hexadecimal ranges (`20-7e a0-17f …`); their union is what
//! the machine can draw. Web fonts a page loads itself are not counted.

use std::collections::BTreeSet;
use std::process::Command;

/// Every code point some installed font covers, as sorted, merged ranges.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    ranges: Vec<(u32, u32)>,
}

impl Coverage {
    /// The installed fonts' coverage, or `None` when fontconfig is not there to ask.
    pub fn installed() -> Option<Coverage> {
        let output = Command::new("fc-list")
            .args(["--format", "%{charset}\\n"])
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        Some(Coverage::parse(&String::from_utf8_lossy(&output.stdout)))
    }

    /// Reads fontconfig's charset lists, one font a line.
    pub fn parse(text: &str) -> Coverage {
        let mut ranges: Vec<(u32, u32)> = text
            .split_whitespace()
            .filter_map(|item| {
                let (a, b) = item.split_once('-').unwrap_or((item, item));
                Some((
                    u32::from_str_radix(a, 16).ok()?,
                    u32::from_str_radix(b, 16).ok()?,
                ))
            })
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match merged.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        Coverage { ranges: merged }
    }

    pub fn covers(&self, c: char) -> bool {
        let c = c as u32;
        let i = self.ranges.partition_point(|&(_, end)| end < c);
        self.ranges.get(i).is_some_and(|&(start, _)| start <= c)
    }

    /// The characters of `text` no font covers, in order, each once. Characters that are
    /// never drawn (spaces, controls, bidi and joining marks, variation selectors) are
    /// not asked about.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut seen = BTreeSet::new();
        text.chars()
            .filter(|&c| !invisible(c) && !self.covers(c) && seen.insert(c))
            .collect()
    }
}

fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_merged_and_looked_up() {
        let coverage = Coverage::parse("20-7e a0-17f\n41-5a 600-6ff 1f600\n");
        assert!(coverage.covers('A'));
        assert!(coverage.covers('ب'));
        assert!(coverage.covers('\u{1F600}'));
        assert!(!coverage.covers('\u{1F601}'));
        assert!(!coverage.covers('Ж'));
        assert_eq!(coverage.missing("Ж\u{200F} ЖA"), vec!['Ж']);
    }
}
