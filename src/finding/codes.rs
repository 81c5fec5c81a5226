//! Finding codes: stable names CI can rely on, each with a default severity
//! that `[check.severity]` in the config may override.
//!
//! The kebab-case names are a public interface (JSON, SARIF rule ids, GitHub
//! titles, `[check.severity]` keys): a variant may be added, never renamed.

use crate::finding::Severity;
use std::fmt;
use std::str::FromStr;

/// One table keeps the variant, its name, default severity and description
/// together, so adding a code cannot leave `ALL`, `as_str` or `FromStr`
/// behind.
macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $description:literal;)+) => {
        /// What a finding is about. Serialized (and displayed) as its
        /// kebab-case name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $description]
                $variant,
            )+
        }

        impl Code {
            /// Every code, in the order the README and SARIF list them.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable kebab-case name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// The severity a finding has unless `[check.severity]` says otherwise.
            pub const fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)+
                }
            }

            /// One line on what the finding means (SARIF rules, the README).
            pub const fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $description,)+
                }
            }
        }
    };
}

codes! {
    SyntaxError = "syntax-error", Error, "The file does not parse as Fluent";
    InvalidUtf8 = "invalid-utf8", Error, "The file is not valid UTF-8";
    UnreadableFile = "unreadable-file", Error, "The file or folder cannot be read";
    ReferenceCycle = "reference-cycle", Error, "Messages refer to each other in a loop";
    DuplicateId = "duplicate-id", Error, "An id is defined twice in one locale";
    MissingFile = "missing-file", Warning, "A source file has no counterpart in the locale";
    MissingMessage = "missing-message", Info, "A source message is not translated";
    ObsoleteMessage = "obsolete-message", Warning, "A translated message is no longer in the source";
    MissingValue = "missing-value", Error, "The source message has a value, the translation none";
    ObsoleteValue = "obsolete-value", Warning, "The translation has a value, the source none";
    MissingAttribute = "missing-attribute", Error, "A source attribute is not translated";
    ObsoleteAttribute = "obsolete-attribute", Warning, "A translated attribute is not in the source";
    UnknownVariable = "unknown-variable", Error, "The translation uses a variable the source never passes";
    MissingVariable = "missing-variable", Warning, "The translation never shows a variable the source uses";
    UnknownReference = "unknown-reference", Error, "A message or term reference resolves nowhere";
    PluralMissingCategory = "plural-missing-category", Warning, "A plural form the language needs has no variant";
    PluralUnreachableCategory = "plural-unreachable-category", Info, "A plural variant the language never selects";
    ReferenceMismatch = "reference-mismatch", Warning, "The translation refers to other messages or terms than the source";
    MarkupMismatch = "markup-mismatch", Warning, "The translation's markup differs from the source's";
    UnsafeMarkup = "unsafe-markup", Error, "Markup outside the allow-list (shown as text), or a tag that is not well formed";
    EmptyValue = "empty-value", Warning, "The message is empty";
    SameAsSource = "same-as-source", Warning, "The translation is identical to the source";
    Stale = "stale", Warning, "The source text changed since the translation was made";
    UndefinedMessage = "undefined-message", Error, "A template uses a message the source lacks";
    UnusedMessage = "unused-message", Warning, "A source message no template or message uses";
    DynamicMessageId = "dynamic-message-id", Info, "A template builds a message id at run time";
    MissingLocaleFolder = "missing-locale-folder", Error, "A configured locale has no folder";
    UnconfiguredLocale = "unconfigured-locale", Warning, "A locale folder the config does not name";
    NotPublishable = "not-publishable", Info, "A page is not ready to publish in the locale";
    ControlCharacter = "control-character", Error, "A control character, noncharacter or unbalanced bidi control in a message";
    TextOverflow = "text-overflow", Warning, "The message's text is wider or taller than its box, or clipped, where it renders";
    MissingGlyph = "missing-glyph", Error, "The message has characters no installed font can show";
    PrintOverflow = "print-overflow", Warning, "The translated print page needs more sheets than the source's";
    TitleLength = "title-length", Warning, "The page title or description is wider than search results show";
}

impl Code {
    /// Findings that break `build`: they fail the gate whatever the locale's level.
    pub fn breaks_build(self) -> bool {
        matches!(
            self,
            Code::SyntaxError | Code::InvalidUtf8 | Code::UnreadableFile | Code::ReferenceCycle
        )
    }

    /// The code a mistyped name most likely meant: one a few edits away, or
    /// the only one that contains the name (`cycle` → `reference-cycle`).
    pub fn suggest(name: &str) -> Option<Code> {
        let name = name.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        if let Some(&code) = Code::ALL.iter().find(|c| c.as_str() == name) {
            return Some(code);
        }
        let closest = Code::ALL
            .iter()
            .map(|&c| (edit_distance(&name, c.as_str()), c))
            .min_by_key(|&(d, _)| d);
        if let Some((distance, code)) = closest {
            // A third of the name may be wrong: `mising-mesage` yes, `value` no.
            if distance <= (name.chars().count() / 3).max(1) {
                return Some(code);
            }
        }
        let mut containing = Code::ALL
            .iter()
            .filter(|c| name.len() >= 4 && c.as_str().contains(name.as_str()));
        match (containing.next(), containing.next()) {
            (Some(&only), None) => Some(only),
            _ => None,
        }
    }
}

/// Levenshtein distance over characters; the names are short, so the
/// quadratic table costs nothing.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a finding code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a finding code{}", .suggestion.map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default())]
pub struct UnknownCode {
    pub name: String,
    pub suggestion: Option<Code>,
}

impl FromStr for Code {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Code, UnknownCode> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCode {
                name: s.to_string(),
                suggestion: Code::suggest(s),
            })
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// The README's table of codes, as [`Code::ALL`] gives it.
pub fn markdown_table() -> String {
    let mut out = String::from("| code | default | meaning |\n| --- | --- | --- |\n");
    for code in Code::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            code,
            code.default_severity(),
            code.description()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_every_spelling() {
        for &code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>(), Ok(code));
            assert_eq!(code.to_string(), code.as_str());
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
            assert!(!code.description().is_empty(), "{code}");
        }
    }

    #[test]
    fn all_lists_each_code_once() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
        assert!(Code::ALL.contains(&Code::Stale));
        // The names CI scripts already match on.
        assert_eq!(Code::InvalidUtf8.as_str(), "invalid-utf8");
        assert_eq!(Code::Stale.as_str(), "stale");
        assert_eq!(Code::Stale.default_severity(), Severity::Warning);
        assert_eq!(Code::MissingMessage.default_severity(), Severity::Info);
    }

    #[test]
    fn unknown_names_get_a_suggestion_when_one_is_close() {
        let err = "mising-mesage".parse::<Code>().unwrap_err();
        assert_eq!(err.suggestion, Some(Code::MissingMessage));
        assert_eq!(
            err.to_string(),
            "`mising-mesage` is not a finding code (did you mean `missing-message`?)"
        );
        assert_eq!(Code::suggest("same_as_source"), Some(Code::SameAsSource));
        assert_eq!(Code::suggest("Unused-Message"), Some(Code::UnusedMessage));
        assert_eq!(Code::suggest("cycle"), Some(Code::ReferenceCycle));
        assert_eq!(Code::suggest("stale-translation"), None);
        assert_eq!(Code::suggest("value"), None);
        assert_eq!(Code::suggest("banana"), None);
        assert_eq!(Code::suggest(""), None);
    }

    #[test]
    fn the_readme_lists_every_code() {
        let readme = include_str!("../../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's table of finding codes is out of date; replace it with:\n\n{table}"
        );
    }
}
