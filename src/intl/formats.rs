//! [`LocaleFormats`]: the ICU4X formatters of one locale, built once. Its number, plural and
//! date methods live with their concerns (`number.rs`, `plural.rs`, `date.rs`).

use std::collections::HashMap;
use std::fmt;
use std::sync::RwLock;

use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::provider::{Baked as DecimalData, DecimalDigitsV1};
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::percent::formatter::PercentFormatter;
use icu_locale_core::Locale;
use icu_plurals::PluralRules;
use icu_provider::prelude::*;
use unic_langid::LanguageIdentifier;

use super::date::{DateFormatter, DateKey};
use super::number::NumberOptions;
use super::plural::{plural_rules, PluralKind};
use super::IntlError;

/// The formatters of one locale, built once and shared (`Arc`) by every bundle, page and
/// template filter of that locale, across threads.
pub struct LocaleFormats {
    pub(super) langid: LanguageIdentifier,
    pub(super) locale: Locale,
    pub(super) grouped: DecimalFormatter,
    pub(super) ungrouped: DecimalFormatter,
    pub(super) percent_grouped: PercentFormatter<DecimalFormatter>,
    pub(super) percent_ungrouped: PercentFormatter<DecimalFormatter>,
    pub(super) cardinal: PluralRules,
    pub(super) ordinal: PluralRules,
    /// Date formatters are built on first use: a page needs one or two of the many
    /// style × precision combinations.
    pub(super) dates: RwLock<HashMap<DateKey, DateFormatter>>,
}

impl fmt::Debug for LocaleFormats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocaleFormats")
            .field("locale", &self.locale.to_string())
            .finish_non_exhaustive()
    }
}

// The formatters are shared by rayon workers; keep this a compile error, not a surprise.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<LocaleFormats>();
};

impl LocaleFormats {
    /// Builds the formatters for `langid`, with the locale's default numbering system unless
    /// `numbering_system` names another CLDR one (e.g. `latn` for Arabic with Western digits).
    pub fn new(
        langid: &LanguageIdentifier,
        numbering_system: Option<&str>,
    ) -> Result<Self, IntlError> {
        let locale = icu_locale(langid, numbering_system)?;
        if let Some(nu) = numbering_system {
            check_numbering_system(langid, nu)?;
        }
        let data_error = |what: &'static str| {
            let locale = locale.to_string();
            move |e: DataError| IntlError::Data {
                locale,
                what,
                reason: e.to_string(),
            }
        };
        let decimal = |grouping: GroupingStrategy| {
            DecimalFormatter::try_new((&locale).into(), DecimalFormatterOptions::from(grouping))
                .map_err(data_error("number formatting"))
        };
        let percent = |grouping: GroupingStrategy| {
            PercentFormatter::try_new_with_decimal_formatter(
                (&locale).into(),
                decimal(grouping)?,
                Default::default(),
            )
            .map_err(data_error("percent formatting"))
        };
        Ok(LocaleFormats {
            grouped: decimal(GroupingStrategy::Auto)?,
            ungrouped: decimal(GroupingStrategy::Never)?,
            percent_grouped: percent(GroupingStrategy::Auto)?,
            percent_ungrouped: percent(GroupingStrategy::Never)?,
            cardinal: plural_rules(&locale, PluralKind::Cardinal)?,
            ordinal: plural_rules(&locale, PluralKind::Ordinal)?,
            dates: RwLock::new(HashMap::new()),
            langid: langid.clone(),
            locale,
        })
    }

    /// The locale these formatters were built for.
    pub fn langid(&self) -> &LanguageIdentifier {
        &self.langid
    }

    /// The CSS counter style that writes digits as this locale's numbers do,
    /// for page numbers in print margins. Read off the formatter's own zero,
    /// so it always agrees with how numbers in the text look.
    pub fn css_counter_style(&self) -> &'static str {
        let zero = self
            .format_number(0.0, &NumberOptions::default())
            .unwrap_or_default();
        match zero.chars().next() {
            Some('\u{0660}') => "arabic-indic",
            Some('\u{06F0}') => "persian",
            Some('\u{0966}') => "devanagari",
            Some('\u{09E6}') => "bengali",
            Some('\u{0E50}') => "thai",
            Some('\u{1040}') => "myanmar",
            Some('\u{17E0}') => "khmer",
            _ => "decimal",
        }
    }
}

pub(super) fn icu_locale(
    langid: &LanguageIdentifier,
    nu: Option<&str>,
) -> Result<Locale, IntlError> {
    let tag = match nu {
        Some(nu) => format!("{langid}-u-nu-{nu}"),
        None => langid.to_string(),
    };
    Locale::try_from_str(&tag).map_err(|_| match nu {
        Some(nu) => IntlError::UnknownNumberingSystem {
            locale: langid.to_string(),
            numbering_system: nu.to_owned(),
        },
        None => IntlError::InvalidLocale(tag),
    })
}

/// ICU4X silently falls back to the default digits for an unknown `-u-nu-`; a typo in the
/// config should be an error instead.
fn check_numbering_system(langid: &LanguageIdentifier, nu: &str) -> Result<(), IntlError> {
    let unknown = || IntlError::UnknownNumberingSystem {
        locale: langid.to_string(),
        numbering_system: nu.to_owned(),
    };
    let lower = nu.to_ascii_lowercase();
    let attrs = DataMarkerAttributes::try_from_str(&lower).map_err(|_| unknown())?;
    DataProvider::<DecimalDigitsV1>::load(
        &DecimalData,
        DataRequest {
            id: DataIdentifierBorrowed::for_marker_attributes(attrs),
            ..Default::default()
        },
    )
    .map(|_| ())
    .map_err(|_| unknown())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intl::test_support::{formats, langid};
    use crate::intl::DateOptions;
    use crate::intl::Style;
    use std::sync::Arc;

    #[test]
    fn numbering_system_override_is_checked() {
        assert!(LocaleFormats::new(&langid("ar"), Some("latn")).is_ok());
        assert!(matches!(
            LocaleFormats::new(&langid("ar"), Some("latin")),
            Err(IntlError::UnknownNumberingSystem { .. })
        ));
        assert!(matches!(
            LocaleFormats::new(&langid("ar"), Some("not a system")),
            Err(IntlError::UnknownNumberingSystem { .. })
        ));
    }

    #[test]
    fn formats_are_shared_across_threads() {
        let f = Arc::new(formats("fr", None));
        let long = DateOptions {
            date_style: Some(Style::Long),
            ..Default::default()
        };
        std::thread::scope(|s| {
            for _ in 0..4 {
                let f = &f;
                s.spawn(move || {
                    assert_eq!(f.format_date("1961-05-28", &long), Ok("28 mai 1961".into()));
                    assert_eq!(f.plural(1e6, PluralKind::Cardinal), "many");
                });
            }
        });
    }
}
