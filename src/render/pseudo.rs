//! Pseudo-locales: the source text transformed so layout problems show
//! before real translations arrive. `en-XA` is accented and about a third
//! longer; `ar-XB` runs right to left. Only text changes: fluent-bundle
//! applies the transform to text elements, never to placeables, and tags
//! and entity references inside the text are skipped here.

use crate::project::config::{Direction, LocaleConfig};
use std::borrow::Cow;

/// A text transform as fluent-bundle takes it.
pub type Transform = fn(&str) -> Cow<'_, str>;

/// The pseudo-locales `build --pseudo` renders.
pub fn locales(source: &str) -> Vec<(LocaleConfig, Transform)> {
    let make = |tag: &str, endonym: &str, dir| LocaleConfig {
        tag: tag.into(),
        langid: tag.parse().unwrap_or_default(),
        endonym: endonym.into(),
        dir,
        fallback: vec![source.to_string()],
        required: None,
        numbering: Some("latn".into()),
        paper: crate::project::config::Paper::A4,
    };
    vec![
        (
            make("en-XA", "[Ëñğļîšĥ]", Direction::Ltr),
            accented as Transform,
        ),
        (make("ar-XB", "Bidi", Direction::Rtl), bidi as Transform),
    ]
}

/// Applies `f` to the text between tags and entity references.
fn map_text(text: &str, mut f: impl FnMut(&str, &mut String)) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(i) = rest.find(['<', '&']) {
        f(&rest[..i], &mut out);
        let close = if rest.as_bytes()[i] == b'<' { '>' } else { ';' };
        match rest[i..].find(close) {
            Some(j)
                if rest.as_bytes()[i] == b'<'
                    || rest[i + 1..i + j]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '#') =>
            {
                out.push_str(&rest[i..=i + j]);
                rest = &rest[i + j + 1..];
            }
            _ => {
                out.push_str(&rest[i..=i]);
                rest = &rest[i + 1..];
            }
        }
    }
    f(rest, &mut out);
    out
}

/// Accented and lengthened: every vowel doubled, so text grows by about a third.
pub fn accented(text: &str) -> Cow<'_, str> {
    Cow::Owned(map_text(text, |run, out| {
        for c in run.chars() {
            let mapped = match c {
                'a' => "àà",
                'e' => "éé",
                'i' => "îî",
                'o' => "öö",
                'u' => "ûû",
                'y' => "ýý",
                'A' => "Àà",
                'E' => "Éé",
                'I' => "Îî",
                'O' => "Öö",
                'U' => "Ûû",
                'Y' => "Ýý",
                'c' => "ç",
                'C' => "Ç",
                'n' => "ñ",
                'N' => "Ñ",
                's' => "š",
                'S' => "Š",
                'g' => "ğ",
                'G' => "Ğ",
                'l' => "ļ",
                'L' => "Ļ",
                'h' => "ĥ",
                'H' => "Ĥ",
                'r' => "ŕ",
                'R' => "Ŕ",
                'z' => "ž",
                'Z' => "Ž",
                't' => "ţ",
                'T' => "Ţ",
                'w' => "ŵ",
                'W' => "Ŵ",
                'd' => "ď",
                'D' => "Ď",
                'k' => "ķ",
                'K' => "Ķ",
                _ => {
                    out.push(c);
                    continue;
                }
            };
            out.push_str(mapped);
        }
    }))
}

/// Right to left: each run of letters is wrapped in a right-to-left
/// override, so it reads mirrored as an RTL script would run.
pub fn bidi(text: &str) -> Cow<'_, str> {
    Cow::Owned(map_text(text, |run, out| {
        let mut in_word = false;
        for c in run.chars() {
            let letter = c.is_alphabetic();
            if letter && !in_word {
                out.push('\u{202E}');
            } else if !letter && in_word {
                out.push('\u{202C}');
            }
            in_word = letter;
            out.push(c);
        }
        if in_word {
            out.push('\u{202C}');
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_entities_are_left_alone() {
        let out = accented("Read <a data-l10n-name=\"more\">more</a> &amp; stay");
        assert_eq!(
            out,
            "Ŕééààď <a data-l10n-name=\"more\">mööŕéé</a> &amp; šţààýý"
        );
    }

    #[test]
    fn accented_text_is_about_a_third_longer() {
        let source =
            "Amnesty International is a global movement of people who take injustice personally.";
        let ratio = accented(source).chars().count() as f64 / source.chars().count() as f64;
        assert!((1.25..1.5).contains(&ratio), "{ratio}");
    }

    #[test]
    fn bidi_wraps_words_in_overrides() {
        assert_eq!(
            bidi("ab <b>c</b>"),
            "\u{202E}ab\u{202C} <b>\u{202E}c\u{202C}</b>"
        );
    }
}
