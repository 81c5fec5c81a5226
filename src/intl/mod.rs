//! Locale-aware numbers, dates, plural/ordinal selection and text direction, from the
//! CLDR data compiled into ICU4X.
//!
//! Why this module exists: fluent-bundle 0.16 prints numbers as `1234567.5` in every locale,
//! has no `DATETIME()`, and picks plural variants with CLDR 37 rules (French, Spanish, Italian
//! and Portuguese never reach `[many]`). Everything locale-specific is answered here from one
//! set of ICU4X data, so rendering, template filters and the checker agree.
//!
//! Fluent integration, in three parts:
//! - [`install`] registers `NUMBER()`, `DATETIME()` and a private selector function on a
//!   concurrent bundle and routes every number the bundle prints through ICU4X.
//! - [`prepare_resource`] rewrites select expressions on numbers so that fluent-bundle's
//!   built-in (CLDR 37) plural matching is never consulted: the selector becomes
//!   `FP_PLURAL(selector)`, which returns the CLDR category as a string, and numeric keys are
//!   renamed so exact matches (`[0]`) still win. Give the bundle the prepared resource; keep
//!   the original for checks and line numbers.
//! - Errors from bad arguments (a string given to `NUMBER()`, an invalid date) make the
//!   function return [`FluentValue::Error`](fluent_bundle::FluentValue::Error) (fluent-bundle
//!   then prints `NUMBER()` in its place) and are recorded in the [`IntlErrors`] handle
//!   returned by [`install`], to be drained after each message so the finding can name it.
//!
//! One file per concern: `number`, `date`, `plural`, `direction`, `formats` (the per-locale
//! formatters they share) and `bundle` (the fluent-bundle bridge).

mod bundle;
mod date;
mod direction;
mod formats;
mod number;
mod plural;

pub use bundle::{install, prepare_resource, IntlErrors, PLURAL_FUNCTION};
pub use date::{DateOptions, Style};
pub use direction::{direction, Direction};
pub use formats::LocaleFormats;
pub use number::{parse_decimal, NumberOptions, NumberStyle};
pub use plural::{plural_categories, plural_category_info, PluralCategoryInfo, PluralKind};

/// Everything that can go wrong, typed so the renderer can turn it into a finding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntlError {
    #[error("`{0}` is not a valid Unicode locale identifier")]
    InvalidLocale(String),
    #[error("numbering system `{numbering_system}` (for {locale}) is not one CLDR knows")]
    UnknownNumberingSystem {
        locale: String,
        numbering_system: String,
    },
    #[error("no CLDR data for {what} in {locale}: {reason}")]
    Data {
        locale: String,
        what: &'static str,
        reason: String,
    },
    #[error("{function}() expects a number, got {got}")]
    NotANumber { function: &'static str, got: String },
    #[error("{0} cannot be formatted as a number")]
    NotFinite(String),
    #[error("{0:?} is not a decimal number")]
    NotADecimal(String),
    #[error("DATETIME() expects an ISO-8601 date like \"1961-05-28\" or \"1961-05-28T10:00\", got {got}: {reason}")]
    InvalidDate { got: String, reason: &'static str },
    #[error("{function}(): option `{option}: {value}` {reason}")]
    BadOption {
        function: &'static str,
        option: String,
        value: String,
        reason: &'static str,
    },
    #[error("cannot register {function}() on the bundle: {reason}")]
    Install { function: String, reason: String },
}

/// Locales and formatters the tests of every part share.
#[cfg(test)]
mod test_support {
    use super::{LocaleFormats, NumberOptions};
    use unic_langid::LanguageIdentifier;

    pub const NNBSP: char = '\u{202F}';
    pub const NBSP: char = '\u{A0}';

    pub fn langid(tag: &str) -> LanguageIdentifier {
        tag.parse().expect("test locale")
    }

    pub fn formats(tag: &str, nu: Option<&str>) -> LocaleFormats {
        LocaleFormats::new(&langid(tag), nu).expect("formats")
    }

    pub fn opts(f: impl FnOnce(&mut NumberOptions)) -> NumberOptions {
        let mut o = NumberOptions::default();
        f(&mut o);
        o
    }
}
