//! Finding codes: stable names CI can rely on, each with a default severity
//! that `[check.severity]` in the config may override.

use crate::finding::Severity;

pub const SYNTAX_ERROR: &str = "syntax-error";
pub const INVALID_UTF8: &str = "invalid-utf8";
pub const UNREADABLE_FILE: &str = "unreadable-file";
pub const REFERENCE_CYCLE: &str = "reference-cycle";
pub const DUPLICATE_ID: &str = "duplicate-id";
pub const MISSING_FILE: &str = "missing-file";
pub const MISSING_MESSAGE: &str = "missing-message";
pub const OBSOLETE_MESSAGE: &str = "obsolete-message";
pub const MISSING_VALUE: &str = "missing-value";
pub const OBSOLETE_VALUE: &str = "obsolete-value";
pub const MISSING_ATTRIBUTE: &str = "missing-attribute";
pub const OBSOLETE_ATTRIBUTE: &str = "obsolete-attribute";
pub const UNKNOWN_VARIABLE: &str = "unknown-variable";
pub const MISSING_VARIABLE: &str = "missing-variable";
pub const UNKNOWN_REFERENCE: &str = "unknown-reference";
pub const PLURAL_MISSING_CATEGORY: &str = "plural-missing-category";
pub const PLURAL_UNREACHABLE_CATEGORY: &str = "plural-unreachable-category";
pub const MARKUP_MISMATCH: &str = "markup-mismatch";
pub const REFERENCE_MISMATCH: &str = "reference-mismatch";
pub const UNSAFE_MARKUP: &str = "unsafe-markup";
pub const EMPTY_VALUE: &str = "empty-value";
pub const SAME_AS_SOURCE: &str = "same-as-source";
pub const UNDEFINED_MESSAGE: &str = "undefined-message";
pub const UNUSED_MESSAGE: &str = "unused-message";
pub const DYNAMIC_MESSAGE_ID: &str = "dynamic-message-id";
pub const MISSING_LOCALE_FOLDER: &str = "missing-locale-folder";
pub const UNCONFIGURED_LOCALE: &str = "unconfigured-locale";
pub const NOT_PUBLISHABLE: &str = "not-publishable";
pub const STALE: &str = "stale";
pub const CONTROL_CHARACTER: &str = "control-character";

/// Every code with its default severity and a one-line description (for
/// SARIF rules and `--help`).
pub const ALL: &[(&str, Severity, &str)] = &[
    (
        SYNTAX_ERROR,
        Severity::Error,
        "The file does not parse as Fluent",
    ),
    (INVALID_UTF8, Severity::Error, "The file is not valid UTF-8"),
    (
        UNREADABLE_FILE,
        Severity::Error,
        "The file or folder cannot be read",
    ),
    (
        REFERENCE_CYCLE,
        Severity::Error,
        "Messages refer to each other in a loop",
    ),
    (
        DUPLICATE_ID,
        Severity::Error,
        "An id is defined twice in one locale",
    ),
    (
        MISSING_FILE,
        Severity::Warning,
        "A source file has no counterpart in the locale",
    ),
    (
        MISSING_MESSAGE,
        Severity::Info,
        "A source message is not translated",
    ),
    (
        OBSOLETE_MESSAGE,
        Severity::Warning,
        "A translated message is no longer in the source",
    ),
    (
        MISSING_VALUE,
        Severity::Error,
        "The source message has a value, the translation none",
    ),
    (
        OBSOLETE_VALUE,
        Severity::Warning,
        "The translation has a value, the source none",
    ),
    (
        MISSING_ATTRIBUTE,
        Severity::Error,
        "A source attribute is not translated",
    ),
    (
        OBSOLETE_ATTRIBUTE,
        Severity::Warning,
        "A translated attribute is not in the source",
    ),
    (
        UNKNOWN_VARIABLE,
        Severity::Error,
        "The translation uses a variable the source never passes",
    ),
    (
        MISSING_VARIABLE,
        Severity::Warning,
        "The translation never shows a variable the source uses",
    ),
    (
        UNKNOWN_REFERENCE,
        Severity::Error,
        "A message or term reference resolves nowhere",
    ),
    (
        PLURAL_MISSING_CATEGORY,
        Severity::Warning,
        "A plural form the language needs has no variant",
    ),
    (
        PLURAL_UNREACHABLE_CATEGORY,
        Severity::Info,
        "A plural variant the language never selects",
    ),
    (
        REFERENCE_MISMATCH,
        Severity::Warning,
        "The translation refers to other messages or terms than the source",
    ),
    (
        MARKUP_MISMATCH,
        Severity::Warning,
        "The translation's markup differs from the source's",
    ),
    (
        UNSAFE_MARKUP,
        Severity::Error,
        "Markup outside the allow-list; it will show as text",
    ),
    (EMPTY_VALUE, Severity::Warning, "The message is empty"),
    (
        SAME_AS_SOURCE,
        Severity::Warning,
        "The translation is identical to the source",
    ),
    (
        UNDEFINED_MESSAGE,
        Severity::Error,
        "A template uses a message the source lacks",
    ),
    (
        UNUSED_MESSAGE,
        Severity::Warning,
        "A source message no template or message uses",
    ),
    (
        DYNAMIC_MESSAGE_ID,
        Severity::Info,
        "A template builds a message id at run time",
    ),
    (
        MISSING_LOCALE_FOLDER,
        Severity::Error,
        "A configured locale has no folder",
    ),
    (
        UNCONFIGURED_LOCALE,
        Severity::Warning,
        "A locale folder the config does not name",
    ),
    (
        NOT_PUBLISHABLE,
        Severity::Info,
        "A page is not ready to publish in the locale",
    ),
    (
        CONTROL_CHARACTER,
        Severity::Error,
        "A control character, noncharacter or unbalanced bidi control in a message",
    ),
];

pub fn default_severity(code: &str) -> Severity {
    ALL.iter()
        .find(|(c, _, _)| *c == code)
        .map_or(Severity::Warning, |(_, s, _)| *s)
}

pub fn description(code: &str) -> &'static str {
    ALL.iter()
        .find(|(c, _, _)| *c == code)
        .map_or("", |(_, _, d)| d)
}

/// Findings that break `build`: they fail the gate whatever the locale's level.
pub fn breaks_build(code: &str) -> bool {
    matches!(
        code,
        SYNTAX_ERROR | INVALID_UTF8 | UNREADABLE_FILE | REFERENCE_CYCLE
    )
}
