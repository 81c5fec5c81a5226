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
//!   function return [`FluentValue::Error`] (fluent-bundle then prints `NUMBER()` in its place) and are
//!   recorded in the [`IntlErrors`] handle returned by [`install`], to be drained after each
//!   message so the finding can name it.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};

use fixed_decimal::{Decimal, FloatPrecision, SignedRoundingMode, UnsignedRoundingMode};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::FluentNumberType;
use fluent_bundle::types::{FluentNumber, FluentNumberOptions, FluentNumberStyle, FluentType};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder};
use icu_datetime::fieldsets::enums::CompositeDateTimeFieldSet;
use icu_datetime::input::{DateTime, Time};
use icu_datetime::options::{Length, TimePrecision, YearStyle};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::provider::{Baked as DecimalData, DecimalDigitsV1};
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::percent::formatter::PercentFormatter;
use icu_locale::{Direction as IcuDirection, LocaleDirectionality};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use icu_provider::prelude::*;
use intl_memoizer::concurrent::IntlLangMemoizer;
use intl_memoizer::Memoizable;
use unic_langid::LanguageIdentifier;

/// Name of the private selector function that [`prepare_resource`] wraps around selectors.
pub const PLURAL_FUNCTION: &str = "FP_PLURAL";
/// Private function [`install`] calls once to hand the formatters to the bundle's memoizer.
const INIT_FUNCTION: &str = "FP_INIT";
/// Prefix of the identifiers that replace numeric variant keys (`[0]` → `[fp-exact-0]`).
const EXACT_KEY_PREFIX: &str = "fp-exact-";

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

/// Text direction of a locale, for `<html dir>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Direction from CLDR's likely script (so `yi`, `dv` and `az-Arab` are RTL, `ar-Latn` LTR).
/// The extended likely-subtags set is used because the common one misses `yi` and `dv`.
/// Unknown languages are LTR.
pub fn direction(langid: &LanguageIdentifier) -> Direction {
    let Ok(id) = icu_locale_core::LanguageIdentifier::try_from_str(&langid.to_string()) else {
        return Direction::Ltr;
    };
    match LocaleDirectionality::new_extended().get(&id) {
        Some(IcuDirection::RightToLeft) => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// Which CLDR plural rules apply: counting (`1 file`) or ranking (`1st`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PluralKind {
    #[default]
    Cardinal,
    Ordinal,
}

/// The categories a locale uses, in CLDR order, each with example numbers for messages like
/// "pl needs [few]: 2–4, 22–24, 32–34, …". A key outside this list is unreachable.
pub fn plural_categories(
    langid: &LanguageIdentifier,
    kind: PluralKind,
) -> Result<Vec<(&'static str, String)>, IntlError> {
    let locale = icu_locale(langid, None)?;
    Ok(category_examples(&plural_rules(&locale, kind)?))
}

/// Which numbers fall into one plural category, as far as a translator's `[key]`s care:
/// the integers up to 1000, whether larger integers or numbers with visible decimals
/// reach it too.
#[derive(Debug, Clone, PartialEq)]
pub struct PluralCategoryInfo {
    pub name: &'static str,
    /// Example numbers, as [`plural_categories`] gives them.
    pub examples: String,
    /// Members among 0..=1000.
    pub small_integers: Vec<u64>,
    /// Some integer above 1000 (tried: 10^4 … 10^7) falls in it.
    pub large_integers: bool,
    /// Some integer from 1000 up to 100,000 falls in it (a count a page plausibly shows).
    pub mid_integers: bool,
    /// Non-integer values (0.1 … 10.9, with one visible decimal) that fall in it.
    pub decimals: Vec<f64>,
}

/// Languages whose CLDR cardinal rules have only `other`. ICU4X answers an unknown
/// language with the root rules (also only `other`), so this list tells "Japanese counts
/// without plural forms" apart from "CLDR has no rules for Saraiki".
const ONLY_OTHER: &[&str] = &[
    "bm", "bo", "dz", "hnj", "id", "ig", "ii", "in", "ja", "jbo", "jv", "jw", "kde", "kea", "km",
    "ko", "lkt", "lo", "ms", "my", "nqo", "osa", "sah", "ses", "sg", "su", "th", "to", "tpi", "vi",
    "wo", "yo", "yue", "zh",
];

/// Every plural category of `langid` with its members; `None` when the shipped CLDR data
/// has no rules for the language (checking it against another language's rules would be
/// wrong).
pub fn plural_category_info(
    langid: &LanguageIdentifier,
    kind: PluralKind,
) -> Result<Option<Vec<PluralCategoryInfo>>, IntlError> {
    let locale = icu_locale(langid, None)?;
    let rules = plural_rules(&locale, kind)?;
    let cardinal = match kind {
        PluralKind::Cardinal => None,
        PluralKind::Ordinal => Some(plural_rules(&locale, PluralKind::Cardinal)?),
    };
    let only_other = |r: &PluralRules| r.categories().all(|c| c == PluralCategory::Other);
    if only_other(cardinal.as_ref().unwrap_or(&rules))
        && !ONLY_OTHER.contains(&langid.language.as_str())
    {
        return Ok(None);
    }
    let mid: Vec<u64> = (1001..=100_000).step_by(7).collect();
    let large = [1_000_000u64, 2_000_000, 10_000_000, 100_000_000];
    let decimals: Vec<(f64, Decimal)> = (1..=109)
        .filter(|i| i % 10 != 0)
        .filter_map(|i| {
            let s = format!("{}.{}", i / 10, i % 10);
            Some((s.parse().ok()?, Decimal::try_from_str(&s).ok()?))
        })
        .collect();
    let examples = category_examples(&rules);
    Ok(Some(
        examples
            .into_iter()
            .map(|(name, examples)| {
                let cat = rules
                    .categories()
                    .find(|c| category_name(*c) == name)
                    .unwrap_or(PluralCategory::Other);
                PluralCategoryInfo {
                    name,
                    examples,
                    small_integers: (0..=1000)
                        .filter(|&n| rules.category_for(n) == cat)
                        .collect(),
                    mid_integers: mid.iter().any(|&n| rules.category_for(n) == cat),
                    large_integers: large.iter().any(|&n| rules.category_for(n) == cat),
                    decimals: decimals
                        .iter()
                        .filter(|(_, d)| rules.category_for(d) == cat)
                        .map(|(f, _)| *f)
                        .collect(),
                }
            })
            .collect(),
    ))
}

/// `NUMBER()` options, as in `Intl.NumberFormat` (the subset fluentpress supports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumberOptions {
    pub style: NumberStyle,
    pub use_grouping: bool,
    pub minimum_integer_digits: Option<u8>,
    pub minimum_fraction_digits: Option<u8>,
    pub maximum_fraction_digits: Option<u8>,
    pub minimum_significant_digits: Option<u8>,
    pub maximum_significant_digits: Option<u8>,
}

impl Default for NumberOptions {
    fn default() -> Self {
        NumberOptions {
            style: NumberStyle::Decimal,
            use_grouping: true,
            minimum_integer_digits: None,
            minimum_fraction_digits: None,
            maximum_fraction_digits: None,
            minimum_significant_digits: None,
            maximum_significant_digits: None,
        }
    }
}

/// `style:` of `NUMBER()`. Currency is not supported (`NUMBER()` reports it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    #[default]
    Decimal,
    Percent,
}

impl From<&FluentNumberOptions> for NumberOptions {
    fn from(o: &FluentNumberOptions) -> Self {
        let digits = |d: Option<usize>| d.map(|d| d.min(MAX_DIGITS) as u8);
        NumberOptions {
            style: match o.style {
                FluentNumberStyle::Percent => NumberStyle::Percent,
                _ => NumberStyle::Decimal,
            },
            use_grouping: o.use_grouping,
            minimum_integer_digits: digits(o.minimum_integer_digits),
            minimum_fraction_digits: digits(o.minimum_fraction_digits),
            maximum_fraction_digits: digits(o.maximum_fraction_digits),
            minimum_significant_digits: digits(o.minimum_significant_digits),
            maximum_significant_digits: digits(o.maximum_significant_digits),
        }
    }
}

/// Largest digit count accepted for any digits option (as `Intl.NumberFormat` before 2023).
const MAX_DIGITS: usize = 21;

/// `dateStyle` / `timeStyle` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Full,
    Long,
    Medium,
    Short,
}

impl Style {
    /// `"full"`, `"long"`, `"medium"` or `"short"`.
    pub fn parse(s: &str) -> Option<Style> {
        match s {
            "full" => Some(Style::Full),
            "long" => Some(Style::Long),
            "medium" => Some(Style::Medium),
            "short" => Some(Style::Short),
            _ => None,
        }
    }

    fn length(self) -> Length {
        match self {
            Style::Full | Style::Long => Length::Long,
            Style::Medium => Length::Medium,
            Style::Short => Length::Short,
        }
    }
}

/// `DATETIME()` options. With none set, a full date prints numerically with a four-digit
/// year (as `Intl.DateTimeFormat` does by default), a year-month as "May 1961", a year alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DateOptions {
    pub date_style: Option<Style>,
    pub time_style: Option<Style>,
    /// `year: "numeric"`: the year alone, in the locale's digits and without grouping.
    pub year_only: bool,
}

/// The formatters of one locale, built once and shared (`Arc`) by every bundle, page and
/// template filter of that locale, across threads.
pub struct LocaleFormats {
    langid: LanguageIdentifier,
    locale: Locale,
    grouped: DecimalFormatter,
    ungrouped: DecimalFormatter,
    percent_grouped: PercentFormatter<DecimalFormatter>,
    percent_ungrouped: PercentFormatter<DecimalFormatter>,
    cardinal: PluralRules,
    ordinal: PluralRules,
    /// Date formatters are built on first use: a page needs one or two of the many
    /// style × precision combinations.
    dates: RwLock<HashMap<DateKey, DateFormatter>>,
}

type DateFormatter = FixedCalendarDateTimeFormatter<Gregorian, CompositeDateTimeFieldSet>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct DateKey {
    fields: Option<Fields>,
    length: Length,
    year_full: bool,
    time: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Fields {
    Year,
    YearMonth,
    Date,
    DateWeekday,
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

    /// Formats a float. Fails only for NaN and infinities.
    pub fn format_number(&self, value: f64, options: &NumberOptions) -> Result<String, IntlError> {
        Ok(self.format_decimal(&decimal_from_f64(value)?, options))
    }

    /// Formats an exact decimal (see [`parse_decimal`]), so `"0.10"` keeps its digits.
    pub fn format_decimal(&self, value: &Decimal, options: &NumberOptions) -> String {
        let mut d = value.clone();
        let percent = options.style == NumberStyle::Percent;
        if percent {
            d.multiply_pow10(2);
        }
        round(&mut d, options);
        match (percent, options.use_grouping) {
            (false, true) => self.grouped.format(&d).to_string(),
            (false, false) => self.ungrouped.format(&d).to_string(),
            (true, true) => self.percent_grouped.format(&d).to_string(),
            (true, false) => self.percent_ungrouped.format(&d).to_string(),
        }
    }

    /// The CLDR category name for a float formatted with default options (`1.0` is "1").
    pub fn plural(&self, value: f64, kind: PluralKind) -> &'static str {
        decimal_from_f64(value).map_or("other", |d| {
            self.plural_decimal(&d, &NumberOptions::default(), kind)
        })
    }

    /// The CLDR category name of `value` as it is displayed with `options`: visible fraction
    /// digits count, so in English `1` is "one" but `1.0` (minimumFractionDigits: 1) "other".
    pub fn plural_decimal(
        &self,
        value: &Decimal,
        options: &NumberOptions,
        kind: PluralKind,
    ) -> &'static str {
        let mut d = value.clone();
        // The category follows the number, not its percent rendering.
        round(
            &mut d,
            &NumberOptions {
                style: NumberStyle::Decimal,
                ..*options
            },
        );
        let rules = match kind {
            PluralKind::Cardinal => &self.cardinal,
            PluralKind::Ordinal => &self.ordinal,
        };
        category_name(rules.category_for(&d))
    }

    /// Categories of this locale with examples; see [`plural_categories`].
    pub fn plural_categories(&self, kind: PluralKind) -> Vec<(&'static str, String)> {
        category_examples(match kind {
            PluralKind::Cardinal => &self.cardinal,
            PluralKind::Ordinal => &self.ordinal,
        })
    }

    /// Formats an ISO-8601 date ("1961", "1961-05", "1961-05-28", "1961-05-28T10:00[:00]")
    /// in the Gregorian calendar. A time zone suffix is accepted and ignored: the wall time as
    /// written is shown. Gregorian, not the locale's calendar, because dates on the site are
    /// historical Gregorian dates: Persian or Buddhist-era years would change what they say.
    pub fn format_date(&self, iso: &str, options: &DateOptions) -> Result<String, IntlError> {
        let parsed = parse_iso(iso)?;
        let key = date_key(&parsed, options, iso)?;
        let date = Date::try_new_gregorian(
            parsed.year,
            parsed.month.unwrap_or(1),
            parsed.day.unwrap_or(1),
        )
        .map_err(|_| invalid_date(iso, "no such day in the Gregorian calendar"))?;
        let (h, m, s) = parsed.time.unwrap_or((0, 0, 0));
        let time = Time::try_new(h, m, s, 0).map_err(|_| invalid_date(iso, "no such time"))?;
        let input = DateTime { date, time };

        let read = self.dates.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(f) = read.get(&key) {
            return Ok(f.format(&input).to_string());
        }
        drop(read);
        let formatter = self.date_formatter(key)?;
        let out = formatter.format(&input).to_string();
        self.dates
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert(formatter);
        Ok(out)
    }

    fn date_formatter(&self, key: DateKey) -> Result<DateFormatter, IntlError> {
        let mut b = FieldSetBuilder::new();
        b.length = Some(key.length);
        b.date_fields = key.fields.map(|f| match f {
            Fields::Year => DateFields::Y,
            Fields::YearMonth => DateFields::YM,
            Fields::Date => DateFields::YMD,
            Fields::DateWeekday => DateFields::YMDE,
        });
        b.time_precision = key.time.map(|seconds| {
            if seconds {
                TimePrecision::Second
            } else {
                TimePrecision::Minute
            }
        });
        if key.fields.is_some() {
            b.year_style = Some(if key.year_full {
                YearStyle::Full
            } else {
                YearStyle::Auto
            });
        }
        let data_error = |reason: String| IntlError::Data {
            locale: self.locale.to_string(),
            what: "date formatting",
            reason,
        };
        let fields = b
            .build_composite_datetime()
            .map_err(|e| data_error(e.to_string()))?;
        DateFormatter::try_new((&self.locale).into(), fields).map_err(|e| data_error(e.to_string()))
    }

    /// Formats a Fluent number with the options it carries (from `NUMBER()` or a literal).
    fn format_fluent(&self, n: &FluentNumber) -> Result<String, IntlError> {
        self.format_number(n.value, &NumberOptions::from(&n.options))
    }

    fn plural_fluent(&self, n: &FluentNumber) -> &'static str {
        let kind = match n.options.r#type {
            FluentNumberType::Ordinal => PluralKind::Ordinal,
            FluentNumberType::Cardinal => PluralKind::Cardinal,
        };
        decimal_from_f64(n.value).map_or("other", |d| {
            self.plural_decimal(&d, &NumberOptions::from(&n.options), kind)
        })
    }
}

/// Parses a decimal string exactly ("1234.50"), for template filters.
pub fn parse_decimal(s: &str) -> Result<Decimal, IntlError> {
    Decimal::try_from_str(s).map_err(|_| IntlError::NotADecimal(s.to_owned()))
}

fn decimal_from_f64(value: f64) -> Result<Decimal, IntlError> {
    Decimal::try_from_f64(value, FloatPrecision::RoundTrip)
        .map_err(|_| IntlError::NotFinite(value.to_string()))
}

/// Rounds and pads like `Intl.NumberFormat`: half away from zero, at most 3 fraction digits
/// (0 for percent) unless told otherwise; significant digits win over fraction digits.
fn round(d: &mut Decimal, o: &NumberOptions) {
    const HALF_EXPAND: SignedRoundingMode =
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand);
    if o.minimum_significant_digits.is_some() || o.maximum_significant_digits.is_some() {
        let min = i16::from(o.minimum_significant_digits.unwrap_or(1).max(1));
        let max = i16::from(o.maximum_significant_digits.unwrap_or(MAX_DIGITS as u8)).max(min);
        d.round_with_mode(d.absolute.nonzero_magnitude_start() - max + 1, HALF_EXPAND);
        d.absolute.trim_end();
        let top = d.absolute.nonzero_magnitude_start();
        d.absolute.pad_end(top - min + 1);
    } else {
        let min = o.minimum_fraction_digits.unwrap_or(0);
        let default_max = if o.style == NumberStyle::Percent {
            0
        } else {
            3
        };
        let max = o.maximum_fraction_digits.unwrap_or(default_max).max(min);
        d.round_with_mode(-i16::from(max), HALF_EXPAND);
        d.absolute.trim_end();
        d.absolute.pad_end(-i16::from(min));
    }
    // 0.25 × 100 keeps its leading zero digit ("025"), as does a parsed "007": drop them.
    d.absolute.trim_start();
    if let Some(digits) = o.minimum_integer_digits {
        d.absolute.pad_start(i16::from(digits));
    }
}

fn icu_locale(langid: &LanguageIdentifier, nu: Option<&str>) -> Result<Locale, IntlError> {
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

fn plural_rules(locale: &Locale, kind: PluralKind) -> Result<PluralRules, IntlError> {
    let rules = match kind {
        PluralKind::Cardinal => PluralRules::try_new_cardinal(locale.into()),
        PluralKind::Ordinal => PluralRules::try_new_ordinal(locale.into()),
    };
    rules.map_err(|e| IntlError::Data {
        locale: locale.to_string(),
        what: "plural rules",
        reason: e.to_string(),
    })
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Examples found by trying integers 0..=1000 plus large round numbers (French `[many]` is
/// 1000000); a category with no integer shows decimals instead (Russian `[other]`: 0.0, …).
fn category_examples(rules: &PluralRules) -> Vec<(&'static str, String)> {
    const SHOWN: usize = 3;
    let mut categories: Vec<PluralCategory> = rules.categories().collect();
    categories.sort_by_key(|c| *c as u8);
    let integers: Vec<u64> = (0..=1000)
        .chain([10_000, 100_000, 1_000_000, 2_000_000, 10_000_000])
        .collect();
    categories
        .into_iter()
        .map(|cat| {
            // Consecutive integers collapse into ranges: "2–4, 22–24, 32–34, …".
            let mut ranges: Vec<(u64, u64)> = Vec::new();
            for &n in integers.iter().filter(|&&n| rules.category_for(n) == cat) {
                match ranges.last_mut() {
                    Some((_, end)) if *end + 1 == n => *end = n,
                    _ => ranges.push((n, n)),
                }
            }
            // Anything from 100 up recurs with the last two digits: the list goes on.
            let mut endless = ranges.last().is_some_and(|&(_, end)| end >= 100);
            let mut shown: Vec<String> = ranges
                .iter()
                .map(|&(a, b)| {
                    if a == b {
                        a.to_string()
                    } else {
                        format!("{a}–{b}")
                    }
                })
                .collect();
            if shown.is_empty() {
                shown = (0..=109)
                    .map(|i| format!("{}.{}", i / 10, i % 10))
                    .filter(|s| {
                        Decimal::try_from_str(s).is_ok_and(|d| rules.category_for(&d) == cat)
                    })
                    .collect();
                endless = true;
            }
            let more = endless || shown.len() > SHOWN;
            shown.truncate(SHOWN);
            if more {
                shown.push("…".to_owned());
            }
            (category_name(cat), shown.join(", "))
        })
        .collect()
}

struct IsoDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
    time: Option<(u8, u8, u8)>,
}

fn invalid_date(got: &str, reason: &'static str) -> IntlError {
    IntlError::InvalidDate {
        got: format!("{got:?}"),
        reason,
    }
}

/// A strict parser for the ISO-8601 subset translators and templates use. Strict because a
/// lenient one would print a wrong date instead of reporting the typo.
fn parse_iso(s: &str) -> Result<IsoDate, IntlError> {
    fn digits(part: &str, len: usize) -> Option<u32> {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    }
    let bad = |reason| invalid_date(s, reason);
    let (date, time) = match s.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let year = parts
        .next()
        .and_then(|y| digits(y, 4))
        .ok_or_else(|| bad("the year must have four digits"))?;
    let month = parts
        .next()
        .map(|m| digits(m, 2).ok_or_else(|| bad("the month must have two digits")))
        .transpose()?;
    let day = parts
        .next()
        .map(|d| digits(d, 2).ok_or_else(|| bad("the day must have two digits")))
        .transpose()?;
    if parts.next().is_some() {
        return Err(bad("too many parts in the date"));
    }
    if month.is_some_and(|m| !(1..=12).contains(&m)) {
        return Err(bad("the month must be 01 to 12"));
    }
    let time = match time {
        None => None,
        Some(_) if day.is_none() => return Err(bad("a time needs a full date before it")),
        Some(t) => {
            // Drop a zone designator ("Z", "+02:00", "-0500"); the wall time is shown as is.
            let (t, zone) = match t.find(['Z', 'z', '+', '-']) {
                Some(i) => (&t[..i], &t[i..]),
                None => (t, ""),
            };
            let offset = zone.get(1..).unwrap_or("").replacen(':', "", 1);
            if !(matches!(zone, "" | "Z" | "z")
                || [2, 4].contains(&offset.len()) && offset.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(bad("the time zone must be Z or like +02:00"));
            }
            // Fractions of a second are accepted and not shown.
            let t = match t.split_once('.') {
                Some((t, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => t,
                Some(_) => return Err(bad("the fraction of a second must be digits")),
                None => t,
            };
            let mut fields = t.split(':');
            let mut next = |what| {
                fields.next().map(|f| {
                    digits(f, 2)
                        .and_then(|n| u8::try_from(n).ok())
                        .ok_or_else(|| bad(what))
                })
            };
            let h = next("the hour must have two digits").ok_or_else(|| bad("missing hour"))??;
            let m = next("the minute must have two digits")
                .ok_or_else(|| bad("the time needs hours and minutes (10:00)"))??;
            let sec = next("the second must have two digits")
                .transpose()?
                .unwrap_or(0);
            if fields.next().is_some() {
                return Err(bad("too many parts in the time"));
            }
            if h > 23 || m > 59 || sec > 59 {
                return Err(bad("no such time"));
            }
            Some((h, m, sec))
        }
    };
    let year = i32::try_from(year).map_err(|_| bad("year out of range"))?;
    let to_u8 = |n: Option<u32>| n.and_then(|n| u8::try_from(n).ok());
    Ok(IsoDate {
        year,
        month: to_u8(month),
        day: to_u8(day),
        time,
    })
}

/// Chooses the fields to show from the options and from how much of the date was given.
fn date_key(d: &IsoDate, o: &DateOptions, iso: &str) -> Result<DateKey, IntlError> {
    let option_error = |option: &str, reason| IntlError::BadOption {
        function: "DATETIME",
        option: option.to_owned(),
        value: format!("{iso:?}"),
        reason,
    };
    if o.year_only {
        if o.date_style.is_some() || o.time_style.is_some() {
            return Err(option_error(
                "year",
                "cannot be combined with dateStyle or timeStyle",
            ));
        }
        return Ok(DateKey {
            fields: Some(Fields::Year),
            length: Length::Medium,
            year_full: true,
            time: None,
        });
    }
    if o.time_style.is_some() && d.time.is_none() {
        return Err(option_error(
            "timeStyle",
            "needs a time in the value (…T10:00)",
        ));
    }
    let precision = if d.day.is_some() {
        Fields::Date
    } else if d.month.is_some() {
        Fields::YearMonth
    } else {
        Fields::Year
    };
    Ok(match (o.date_style, o.time_style) {
        (None, None) => DateKey {
            fields: Some(precision),
            // Numeric for a full date (as Intl's default); "May 1961" for a month.
            length: if precision == Fields::Date {
                Length::Short
            } else {
                Length::Long
            },
            year_full: true,
            time: None,
        },
        (date_style, time_style) => DateKey {
            fields: date_style.map(|s| match (precision, s) {
                (Fields::Date, Style::Full) => Fields::DateWeekday,
                _ => precision,
            }),
            length: date_style
                .or(time_style)
                .map_or(Length::Medium, Style::length),
            year_full: false,
            time: time_style.map(|s| s != Style::Short),
        },
    })
}

/// Errors recorded by the functions of one bundle; drain after formatting each message.
#[derive(Debug, Clone, Default)]
pub struct IntlErrors(Arc<Mutex<Vec<IntlError>>>);

impl IntlErrors {
    /// Takes the errors recorded since the last call.
    pub fn take(&self) -> Vec<IntlError> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn push(&self, e: IntlError) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(e);
    }
}

/// What the bundle's number formatter needs; lives in the bundle's memoizer.
#[derive(Clone)]
struct Installed {
    formats: Arc<LocaleFormats>,
    errors: IntlErrors,
}

/// A slot in the bundle's memoizer. `set_formatter` takes a plain `fn` that receives only the
/// memoizer, and a memoized type is built from the locale alone, so a per-locale numbering
/// system override (and the shared `Arc<LocaleFormats>`) can only reach it by being put here.
struct BundleSlot(OnceLock<Installed>);

impl Memoizable for BundleSlot {
    type Args = ();
    type Error = std::convert::Infallible;
    fn construct(_: LanguageIdentifier, _: ()) -> Result<Self, Self::Error> {
        Ok(BundleSlot(OnceLock::new()))
    }
}

/// Returned by the private `FP_INIT()`; stringifying it (the only moment fluent-bundle hands
/// out the memoizer) fills the [`BundleSlot`].
#[derive(Clone)]
struct Registration(Installed);

impl fmt::Debug for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Registration")
    }
}

impl PartialEq for Registration {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0.formats, &other.0.formats)
    }
}

impl FluentType for Registration {
    fn duplicate(&self) -> Box<dyn FluentType + Send> {
        Box::new(self.clone())
    }

    fn as_string(&self, _: &intl_memoizer::IntlLangMemoizer) -> Cow<'static, str> {
        Cow::Borrowed("")
    }

    fn as_string_threadsafe(&self, intls: &IntlLangMemoizer) -> Cow<'static, str> {
        let _ = intls.with_try_get::<BundleSlot, _, _>((), |slot| {
            // A second FP_INIT() (e.g. typed by a translator) finds the slot full: no-op.
            let _ = slot.0.set(self.0.clone());
        });
        Cow::Borrowed("")
    }
}

/// Prints every number the bundle shows (`{ $count }`, `{ NUMBER(...) }`, literals) with ICU4X.
fn format_bundle_number(value: &FluentValue, intls: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    intls
        .with_try_get::<BundleSlot, _, _>((), |slot| {
            let installed = slot.0.get()?;
            installed
                .formats
                .format_fluent(n)
                .map_err(|e| installed.errors.push(e))
                .ok()
        })
        .ok()
        .flatten()
}

/// Registers `NUMBER()`, `DATETIME()` and the private functions on `bundle` and makes it
/// print numbers through `formats`. Call on a bundle without builtins (`add_builtins` would
/// claim `NUMBER`). Returns the bundle's error sink.
pub fn install<R: Borrow<FluentResource>>(
    bundle: &mut FluentBundle<R>,
    formats: Arc<LocaleFormats>,
) -> Result<IntlErrors, IntlError> {
    let errors = IntlErrors::default();
    let installed = Installed {
        formats: formats.clone(),
        errors: errors.clone(),
    };
    let add_error = |function: &str| {
        let function = function.to_owned();
        move |e: fluent_bundle::FluentError| IntlError::Install {
            function,
            reason: e.to_string(),
        }
    };

    let sink = errors.clone();
    bundle
        .add_function("NUMBER", move |args, named| {
            number_function(args, named, &sink)
        })
        .map_err(add_error("NUMBER"))?;
    let (f, sink) = (formats.clone(), errors.clone());
    bundle
        .add_function("DATETIME", move |args, named| {
            datetime_function(args, named, &f, &sink)
        })
        .map_err(add_error("DATETIME"))?;
    let f = formats;
    bundle
        .add_function(PLURAL_FUNCTION, move |args, named| {
            plural_function(args, named, &f)
        })
        .map_err(add_error(PLURAL_FUNCTION))?;
    let registration = Registration(installed);
    bundle
        .add_function(INIT_FUNCTION, move |_, _| {
            FluentValue::Custom(Box::new(registration.clone()))
        })
        .map_err(add_error(INIT_FUNCTION))?;
    bundle.set_formatter(Some(format_bundle_number));

    // Format `{ FP_INIT() }` once, outside the bundle's resources, to fill the slot now.
    let init_error = |reason: &str| IntlError::Install {
        function: INIT_FUNCTION.to_owned(),
        reason: reason.to_owned(),
    };
    let resource = FluentResource::try_new(format!("init = {{ {INIT_FUNCTION}() }}\n"))
        .map_err(|_| init_error("cannot parse the init message"))?;
    let Some(ast::Entry::Message(ast::Message {
        value: Some(pattern),
        ..
    })) = resource.get_entry(0)
    else {
        return Err(init_error("the init message has no value"));
    };
    let mut fluent_errors = Vec::new();
    bundle.format_pattern(pattern, None, &mut fluent_errors);
    if !fluent_errors.is_empty() {
        return Err(init_error("formatting the init message failed"));
    }
    Ok(errors)
}

/// An option value as the translator wrote it, for error messages.
/// Builds the error for a named option of `function` with an unusable value.
fn bad_option<'v>(
    function: &'static str,
    option: &'v str,
    value: &'v FluentValue,
) -> impl Fn(&'static str) -> IntlError + 'v {
    move |reason| IntlError::BadOption {
        function,
        option: option.to_owned(),
        value: literal(value),
        reason,
    }
}

/// The text of a string option, `None` for any other value.
fn string_value<'v>(value: &'v FluentValue) -> Option<&'v str> {
    match value {
        FluentValue::String(s) => Some(s.as_ref()),
        _ => None,
    }
}

fn literal(value: &FluentValue) -> String {
    match value {
        FluentValue::String(s) => format!("{s:?}"),
        FluentValue::Number(n) => n.value.to_string(),
        other => describe(other),
    }
}

fn describe(value: &FluentValue) -> String {
    match value {
        FluentValue::String(s) => format!("the string {s:?}"),
        FluentValue::Number(n) => format!("the number {}", n.value),
        FluentValue::Custom(c) => format!("a custom value {c:?}"),
        FluentValue::None | FluentValue::Error => "nothing".to_owned(),
    }
}

/// `NUMBER(value, options)`: returns a Fluent number carrying the options; the bundle's
/// formatter prints it and `FP_PLURAL` selects on it, both with ICU4X.
fn number_function<'a>(
    args: &[FluentValue<'a>],
    named: &FluentArgs,
    errors: &IntlErrors,
) -> FluentValue<'a> {
    let mut n = match args.first() {
        Some(FluentValue::Number(n)) => n.clone(),
        // A missing variable: fluent-bundle reports it already.
        Some(FluentValue::Error) => return FluentValue::Error,
        other => {
            errors.push(IntlError::NotANumber {
                function: "NUMBER",
                got: other.map_or_else(|| "no argument".to_owned(), describe),
            });
            return FluentValue::Error;
        }
    };
    let o = &mut n.options;
    for (option, value) in named.iter() {
        let bad = bad_option("NUMBER", option, value);
        let text = string_value(value);
        let count = |min: usize| match value {
            FluentValue::Number(n) if n.value.fract() == 0.0 => {
                let v = n.value as usize;
                (n.value >= 0.0 && (min..=MAX_DIGITS).contains(&v))
                    .then_some(v)
                    .ok_or_else(|| bad("is out of range"))
            }
            _ => Err(bad("must be a whole number")),
        };
        let result = match option {
            "type" => match text {
                Some("cardinal") => Ok(FluentNumberType::Cardinal),
                Some("ordinal") => Ok(FluentNumberType::Ordinal),
                _ => Err(bad("must be \"cardinal\" or \"ordinal\"")),
            }
            .map(|t| o.r#type = t),
            "style" => match text {
                Some("decimal") => Ok(FluentNumberStyle::Decimal),
                Some("percent") => Ok(FluentNumberStyle::Percent),
                Some("currency") => Err(bad("is not supported")),
                _ => Err(bad("must be \"decimal\" or \"percent\"")),
            }
            .map(|style| o.style = style),
            "useGrouping" => match text {
                Some("true" | "always" | "auto") => Ok(true),
                Some("false") => Ok(false),
                _ => Err(bad("must be \"true\" or \"false\"")),
            }
            .map(|g| o.use_grouping = g),
            "minimumIntegerDigits" => count(1).map(|v| o.minimum_integer_digits = Some(v)),
            "minimumFractionDigits" => count(0).map(|v| o.minimum_fraction_digits = Some(v)),
            "maximumFractionDigits" => count(0).map(|v| o.maximum_fraction_digits = Some(v)),
            "minimumSignificantDigits" => count(1).map(|v| o.minimum_significant_digits = Some(v)),
            "maximumSignificantDigits" => count(1).map(|v| o.maximum_significant_digits = Some(v)),
            _ => Err(bad("is not supported")),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if let (Some(min), Some(max)) = (o.minimum_fraction_digits, o.maximum_fraction_digits) {
        if max < min {
            errors.push(IntlError::BadOption {
                function: "NUMBER",
                option: "maximumFractionDigits".to_owned(),
                value: max.to_string(),
                reason: "is less than minimumFractionDigits",
            });
        }
    }
    FluentValue::Number(n)
}

/// `DATETIME(iso-string, dateStyle:, timeStyle:, year: "numeric")`.
fn datetime_function<'a>(
    args: &[FluentValue<'a>],
    named: &FluentArgs,
    formats: &LocaleFormats,
    errors: &IntlErrors,
) -> FluentValue<'a> {
    let iso = match args.first() {
        Some(FluentValue::String(s)) => s.as_ref(),
        Some(FluentValue::Error) => return FluentValue::Error,
        other => {
            errors.push(IntlError::InvalidDate {
                got: other.map_or_else(|| "no argument".to_owned(), describe),
                reason: "dates are passed as ISO-8601 strings",
            });
            return FluentValue::Error;
        }
    };
    let mut options = DateOptions::default();
    for (option, value) in named.iter() {
        let bad = bad_option("DATETIME", option, value);
        let text = string_value(value);
        let style = || {
            text.and_then(Style::parse)
                .ok_or_else(|| bad("must be full, long, medium or short"))
        };
        let result = match option {
            "dateStyle" => style().map(|s| options.date_style = Some(s)),
            "timeStyle" => style().map(|s| options.time_style = Some(s)),
            "year" => (text == Some("numeric"))
                .then(|| options.year_only = true)
                .ok_or_else(|| bad("only \"numeric\" is supported")),
            _ => Err(bad("is not supported (use dateStyle, timeStyle or year)")),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    match formats.format_date(iso, &options) {
        Ok(s) => FluentValue::String(s.into()),
        Err(e) => {
            errors.push(e);
            FluentValue::Error
        }
    }
}

/// `FP_PLURAL(selector, exact: "0 1")`: the renamed key of the first numeric key equal to the
/// selector, else its CLDR category. Strings (e.g. a gender) pass through unchanged.
fn plural_function<'a>(
    args: &[FluentValue<'a>],
    named: &FluentArgs,
    formats: &LocaleFormats,
) -> FluentValue<'a> {
    match args.first() {
        Some(FluentValue::Number(n)) => {
            if let Some(FluentValue::String(exact)) = named.get("exact") {
                if let Some(key) = exact
                    .split(' ')
                    .find(|k| k.parse::<f64>().is_ok_and(|k| k == n.value))
                {
                    return FluentValue::String(exact_key(key).into());
                }
            }
            FluentValue::String(formats.plural_fluent(n).into())
        }
        Some(other) => other.clone(),
        None => FluentValue::Error,
    }
}

fn exact_key(literal: &str) -> String {
    format!("{EXACT_KEY_PREFIX}{}", literal.replace('.', "_"))
}

/// Returns a copy of `resource` whose select expressions on numbers go through
/// `FP_PLURAL` (registered by [`install`]), or `None` when it has none (use the original
/// then). The copy is re-serialized, so its line numbers differ: report findings against the
/// original. Exact keys match by value, as in fluent.js (`[1]` matches `NUMBER($n,
/// minimumFractionDigits: 2)` with `$n = 1`), and before any category key.
pub fn prepare_resource(resource: &FluentResource) -> Option<FluentResource> {
    let mut ast = match fluent_syntax::parser::parse(resource.source().to_owned()) {
        Ok(ast) | Err((ast, _)) => ast,
    };
    let mut changed = false;
    for entry in &mut ast.body {
        let (value, attributes) = match entry {
            ast::Entry::Message(m) => (m.value.as_mut(), &mut m.attributes),
            ast::Entry::Term(t) => (Some(&mut t.value), &mut t.attributes),
            _ => continue,
        };
        value
            .into_iter()
            .chain(attributes.iter_mut().map(|a| &mut a.value))
            .for_each(|p| rewrite_pattern(p, &mut changed));
    }
    if !changed {
        return None;
    }
    // Junk is dropped: it formats to nothing, and the original keeps it for the checker.
    FluentResource::try_new(fluent_syntax::serializer::serialize(&ast)).ok()
}

fn rewrite_pattern(pattern: &mut ast::Pattern<String>, changed: &mut bool) {
    for element in &mut pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            rewrite_expression(expression, changed);
        }
    }
}

fn rewrite_expression(expression: &mut ast::Expression<String>, changed: &mut bool) {
    use ast::InlineExpression as I;
    match expression {
        ast::Expression::Inline(I::Placeable { expression }) => {
            rewrite_expression(expression, changed)
        }
        ast::Expression::Inline(_) => {}
        ast::Expression::Select { selector, variants } => {
            for variant in variants.iter_mut() {
                rewrite_pattern(&mut variant.value, changed);
            }
            let numeric = match selector {
                I::VariableReference { .. } | I::NumberLiteral { .. } => true,
                I::FunctionReference { id, .. } => id.name == "NUMBER",
                _ => false,
            };
            if !numeric {
                return;
            }
            let mut exact = Vec::new();
            for variant in variants.iter_mut() {
                if let ast::VariantKey::NumberLiteral { value } = &variant.key {
                    let literal = value.clone();
                    variant.key = ast::VariantKey::Identifier {
                        name: exact_key(&literal),
                    };
                    exact.push(literal);
                }
            }
            let original = std::mem::replace(
                selector,
                I::StringLiteral {
                    value: String::new(),
                },
            );
            let named = if exact.is_empty() {
                Vec::new()
            } else {
                vec![ast::NamedArgument {
                    name: ast::Identifier {
                        name: "exact".to_owned(),
                    },
                    value: I::StringLiteral {
                        value: exact.join(" "),
                    },
                }]
            };
            *selector = I::FunctionReference {
                id: ast::Identifier {
                    name: PLURAL_FUNCTION.to_owned(),
                },
                arguments: ast::CallArguments {
                    positional: vec![original],
                    named,
                },
            };
            *changed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NNBSP: char = '\u{202F}';
    const NBSP: char = '\u{A0}';

    fn langid(tag: &str) -> LanguageIdentifier {
        tag.parse().expect("test locale")
    }

    fn formats(tag: &str, nu: Option<&str>) -> LocaleFormats {
        LocaleFormats::new(&langid(tag), nu).expect("formats")
    }

    fn opts(f: impl FnOnce(&mut NumberOptions)) -> NumberOptions {
        let mut o = NumberOptions::default();
        f(&mut o);
        o
    }

    fn bundle(
        tag: &str,
        nu: Option<&str>,
        ftl: &str,
    ) -> (FluentBundle<FluentResource>, IntlErrors) {
        let original = FluentResource::try_new(ftl.to_owned()).expect("test ftl parses");
        let resource = prepare_resource(&original).unwrap_or(original);
        let mut bundle = FluentBundle::new_concurrent(vec![langid(tag)]);
        bundle.set_use_isolating(false);
        let errors = install(&mut bundle, Arc::new(formats(tag, nu))).expect("install");
        bundle.add_resource(resource).expect("no duplicate ids");
        (bundle, errors)
    }

    /// Formats `id` with `$n` (or no arguments), returning the text and fluent's errors.
    fn format_with(
        bundle: &FluentBundle<FluentResource>,
        id: &str,
        n: Option<FluentValue>,
    ) -> (String, Vec<fluent_bundle::FluentError>) {
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .expect("message");
        let mut args = FluentArgs::new();
        if let Some(n) = n {
            args.set("n", n);
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&args), &mut errors);
        (out.into_owned(), errors)
    }

    fn format(bundle: &FluentBundle<FluentResource>, id: &str, n: FluentValue) -> String {
        let (out, errors) = format_with(bundle, id, Some(n));
        assert!(errors.is_empty(), "{id}: {errors:?}");
        out
    }

    #[test]
    fn numbers_follow_cldr() {
        let seven = 7_000_000.0;
        let grouped = NumberOptions::default();
        let plain = opts(|o| o.use_grouping = false);
        let two = opts(|o| o.minimum_fraction_digits = Some(2));
        let percent = opts(|o| o.style = NumberStyle::Percent);
        let fr7 = format!("7{NNBSP}000{NNBSP}000");
        let ru7 = format!("7{NBSP}000{NBSP}000");
        let fr_dec = format!("1{NNBSP}234,5");
        let ru_dec = format!("1{NBSP}234,5");
        let nbsp_pct = format!("25{NBSP}%");
        #[rustfmt::skip]
        let table: &[(&str, Option<&str>, f64, &NumberOptions, &str)] = &[
            ("en", None, seven, &grouped, "7,000,000"),
            ("fr", None, seven, &grouped, &fr7),
            ("de", None, seven, &grouped, "7.000.000"),
            ("es", None, seven, &grouped, "7.000.000"),
            // CLDR 49: plain `ar` defaults to Latin digits; Egypt, Saudi Arabia… to arab.
            ("ar", None, seven, &grouped, "7,000,000"),
            ("ar-EG", None, seven, &grouped, "٧٬٠٠٠٬٠٠٠"),
            ("ar", Some("arab"), seven, &grouped, "٧٬٠٠٠٬٠٠٠"),
            ("ar-EG", Some("latn"), seven, &grouped, "7,000,000"),
            ("ru", None, seven, &grouped, &ru7),
            ("hi", None, seven, &grouped, "70,00,000"),
            ("zh-Hans", None, seven, &grouped, "7,000,000"),
            ("en", None, 1234.5, &grouped, "1,234.5"),
            ("fr", None, 1234.5, &grouped, &fr_dec),
            ("de", None, 1234.5, &grouped, "1.234,5"),
            // Spanish groups only from five digits (CLDR minimumGroupingDigits = 2).
            ("es", None, 1234.5, &grouped, "1234,5"),
            ("es", None, 12345.5, &grouped, "12.345,5"),
            ("ar", None, 1234.5, &grouped, "1,234.5"),
            ("ar-EG", None, 1234.5, &grouped, "١٬٢٣٤٫٥"),
            ("ru", None, 1234.5, &grouped, &ru_dec),
            ("hi", None, 1234.5, &grouped, "1,234.5"),
            ("zh-Hans", None, 1234.5, &grouped, "1,234.5"),
            ("en", None, 1234567.0, &plain, "1234567"),
            ("ar-EG", None, 1234567.0, &plain, "١٢٣٤٥٦٧"),
            ("en", None, 1234.5, &two, "1,234.50"),
            ("de", None, 0.5, &two, "0,50"),
            ("en", None, 1.23456, &grouped, "1.235"),
            ("en", None, 1.0005, &grouped, "1.001"),
            ("en", None, 2.5, &opts(|o| o.maximum_fraction_digits = Some(0)), "3"),
            ("en", None, -1234.5, &grouped, "-1,234.5"),
            ("en", None, 7.0, &opts(|o| o.minimum_integer_digits = Some(3)), "007"),
            ("en", None, 123456.0, &opts(|o| o.maximum_significant_digits = Some(2)), "120,000"),
            ("en", None, 1.5, &opts(|o| o.minimum_significant_digits = Some(3)), "1.50"),
            ("en", None, 0.25, &percent, "25%"),
            ("fr", None, 0.25, &percent, &nbsp_pct),
            ("de", None, 0.25, &percent, &nbsp_pct),
            ("es", None, 0.25, &percent, &nbsp_pct),
            ("ar", None, 0.25, &percent, "25\u{200E}%\u{200E}"),
            // CLDR's arab percent sign is "٪؜"; ICU4X 2.4's (experimental) percent data
            // takes the sign from the Latin-digit symbols whatever the numbering system.
            ("ar-EG", None, 0.25, &percent, "٢٥\u{200E}%\u{200E}"),
            ("ru", None, 0.25, &percent, &nbsp_pct),
            ("hi", None, 0.25, &percent, "25%"),
            ("zh-Hans", None, 0.25, &percent, "25%"),
            ("en", None, 12.345, &percent, "1,235%"),
            ("en", None, 0.0, &percent, "0%"),
        ];
        let mut failures = Vec::new();
        for &(tag, nu, value, o, expected) in table {
            let got = formats(tag, nu).format_number(value, o).expect("finite");
            if got != expected {
                failures.push(format!(
                    "{tag} {nu:?} {value} {o:?}: {got:?} != {expected:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn exact_decimals_keep_their_digits() {
        let en = formats("en", None);
        let d = parse_decimal("1234.50").expect("decimal");
        let o = opts(|o| o.minimum_fraction_digits = Some(2));
        assert_eq!(en.format_decimal(&d, &o), "1,234.50");
        assert!(parse_decimal("12,5").is_err());
        assert!(en.format_number(f64::NAN, &o).is_err());
    }

    #[test]
    fn dates_follow_cldr() {
        let style = |s| DateOptions {
            date_style: Some(s),
            ..Default::default()
        };
        let long = style(Style::Long);
        let year = DateOptions {
            year_only: true,
            ..Default::default()
        };
        let time = DateOptions {
            date_style: Some(Style::Long),
            time_style: Some(Style::Short),
            ..Default::default()
        };
        let none = DateOptions::default();
        let ru_long = format!("28 мая 1961{NNBSP}г.");
        #[rustfmt::skip]
        let table: &[(&str, &str, &DateOptions, &str)] = &[
            ("en", "1961-05-28", &long, "May 28, 1961"),
            ("fr", "1961-05-28", &long, "28 mai 1961"),
            ("de", "1961-05-28", &long, "28. Mai 1961"),
            ("es", "1961-05-28", &long, "28 de mayo de 1961"),
            ("ar", "1961-05-28", &long, "28 مايو 1961"),
            ("ar-EG", "1961-05-28", &long, "٢٨ مايو ١٩٦١"),
            ("ru", "1961-05-28", &long, &ru_long),
            // ICU4X's long year-month-day is CLDR's yMMMMd skeleton ("d MMMM, y"), not
            // dateFormats/long ("d MMMM y"): hence the comma.
            ("hi", "1961-05-28", &long, "28 मई, 1961"),
            ("zh-Hans", "1961-05-28", &long, "1961年5月28日"),
            ("en", "1961-05-28", &style(Style::Full), "Sunday, May 28, 1961"),
            ("en", "1961-05-28", &style(Style::Short), "5/28/61"),
            ("en", "1961-05-28", &none, "5/28/1961"),
            ("fr", "1961-05-28", &none, "28/05/1961"),
            ("en", "1961-05", &none, "May 1961"),
            ("de", "1961-05", &none, "Mai 1961"),
            ("en", "1961-05-28T10:00:00", &long, "May 28, 1961"),
            ("en", "1961-05-28T10:00:00Z", &time, "May 28, 1961 at 10:00\u{202F}AM"),
            ("en", "1961-05-28T10:00:00.25-05:00", &time, "May 28, 1961 at 10:00\u{202F}AM"),
            ("fr", "1961-05-28T10:00", &time, "28 mai 1961 à 10:00"),
            ("en", "1961", &year, "1961"),
            ("en", "1961-05-28", &year, "1961"),
            ("de", "1961", &year, "1961"),
            ("ar", "1961", &year, "1961"),
            ("ar-EG", "1961", &year, "١٩٦١"),
            ("zh-Hans", "1961", &year, "1961年"),
        ];
        let mut failures = Vec::new();
        for &(tag, iso, o, expected) in table {
            let got = formats(tag, None).format_date(iso, o).expect("valid date");
            if got != expected {
                failures.push(format!("{tag} {iso} {o:?}: {got:?} != {expected:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        let ar_arab = formats("ar", Some("arab"));
        assert_eq!(ar_arab.format_date("1961", &year), Ok("١٩٦١".to_owned()));
    }

    #[test]
    fn invalid_dates_are_errors() {
        let en = formats("en", None);
        let o = DateOptions::default();
        #[rustfmt::skip]
        let bad_dates = [
            "", "61", "1961-5-28", "1961-13-01", "1961-02-29", "1961-05-28T25:00",
            "1961-05-28T10", "1961-05T10:00", "28/05/1961", "1961-05-28-01", "١٩٦١",
            "1961-05-28T10:00+2", "1961-05-28T10:00:00.x", "1961-05-28T10:00Zulu",
        ];
        for bad in bad_dates {
            assert!(
                matches!(en.format_date(bad, &o), Err(IntlError::InvalidDate { .. })),
                "{bad:?} was accepted"
            );
        }
        let time_without_time = DateOptions {
            time_style: Some(Style::Short),
            ..Default::default()
        };
        assert!(matches!(
            en.format_date("1961-05-28", &time_without_time),
            Err(IntlError::BadOption { .. })
        ));
        assert_eq!(en.format_date("1960-02-29", &o), Ok("2/29/1960".to_owned()));
    }

    #[test]
    fn plurals_follow_cldr() {
        use PluralKind::{Cardinal, Ordinal};
        #[rustfmt::skip]
        let table: &[(&str, f64, PluralKind, &str)] = &[
            ("en", 1.0, Cardinal, "one"), ("en", 2.0, Cardinal, "other"),
            ("en", 0.0, Cardinal, "other"), ("en", 1.5, Cardinal, "other"),
            ("fr", 0.0, Cardinal, "one"), ("fr", 1.5, Cardinal, "one"),
            ("fr", 2.0, Cardinal, "other"), ("fr", 1_000_000.0, Cardinal, "many"),
            ("es", 1_000_000.0, Cardinal, "many"), ("it", 1_000_000.0, Cardinal, "many"),
            ("pt", 1_000_000.0, Cardinal, "many"),
            ("ru", 1.0, Cardinal, "one"), ("ru", 2.0, Cardinal, "few"),
            ("ru", 5.0, Cardinal, "many"), ("ru", 21.0, Cardinal, "one"),
            ("ru", 1.5, Cardinal, "other"),
            ("ar", 0.0, Cardinal, "zero"), ("ar", 1.0, Cardinal, "one"),
            ("ar", 2.0, Cardinal, "two"), ("ar", 3.0, Cardinal, "few"),
            ("ar", 11.0, Cardinal, "many"), ("ar", 100.0, Cardinal, "other"),
            ("hi", 0.0, Cardinal, "one"), ("zh-Hans", 1.0, Cardinal, "other"),
            ("en", 1.0, Ordinal, "one"), ("en", 2.0, Ordinal, "two"),
            ("en", 3.0, Ordinal, "few"), ("en", 4.0, Ordinal, "other"),
            ("en", 11.0, Ordinal, "other"), ("en", 12.0, Ordinal, "other"),
            ("en", 21.0, Ordinal, "one"), ("en", 22.0, Ordinal, "two"),
            ("en", 113.0, Ordinal, "other"),
            ("fr", 1.0, Ordinal, "one"), ("fr", 2.0, Ordinal, "other"),
        ];
        let mut failures = Vec::new();
        for &(tag, n, kind, expected) in table {
            let got = formats(tag, None).plural(n, kind);
            if got != expected {
                failures.push(format!("{tag} {n} {kind:?}: {got} != {expected}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // Visible fraction digits change the category, as in CLDR.
        let en = formats("en", None);
        let one = parse_decimal("1").expect("decimal");
        let two_digits = opts(|o| o.minimum_fraction_digits = Some(1));
        assert_eq!(en.plural_decimal(&one, &two_digits, Cardinal), "other");
    }

    #[test]
    fn categories_with_examples() {
        let pl = plural_categories(&langid("pl"), PluralKind::Cardinal).expect("pl");
        assert_eq!(
            pl,
            vec![
                ("one", "1".to_owned()),
                ("few", "2–4, 22–24, 32–34, …".to_owned()),
                ("many", "0, 5–21, 25–31, …".to_owned()),
                ("other", "0.0, 0.1, 0.2, …".to_owned()),
            ]
        );
        let ja = plural_categories(&langid("ja"), PluralKind::Cardinal).expect("ja");
        assert_eq!(ja.iter().map(|c| c.0).collect::<Vec<_>>(), ["other"]);
        let fr = plural_categories(&langid("fr"), PluralKind::Cardinal).expect("fr");
        assert_eq!(fr[0], ("one", "0–1".to_owned()));
        assert_eq!(fr[1], ("many", "1000000, 2000000, 10000000, …".to_owned()));
        let en = formats("en", None).plural_categories(PluralKind::Ordinal);
        assert_eq!(en[0], ("one", "1, 21, 31, …".to_owned()));
        assert_eq!(en[3], ("other", "0, 4–20, 24–30, …".to_owned()));
    }

    #[test]
    fn direction_from_cldr() {
        for tag in [
            "ar", "he", "fa", "ur", "yi", "dv", "az-Arab", "ar-EG", "ps", "ckb",
        ] {
            assert_eq!(direction(&langid(tag)), Direction::Rtl, "{tag}");
        }
        for tag in ["en", "fr", "zh-Hans", "hi", "ru", "az", "ar-Latn", "xx"] {
            assert_eq!(direction(&langid(tag)), Direction::Ltr, "{tag}");
        }
        assert_eq!(Direction::Rtl.as_str(), "rtl");
    }

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

    const ORDINALS: &str = r#"
place = { NUMBER($n, type: "ordinal") ->
    [one] {$n}st
    [two] {$n}nd
    [few] {$n}rd
   *[other] {$n}th
}
"#;

    #[test]
    fn english_ordinals_through_fluent() {
        let (b, errors) = bundle("en", None, ORDINALS);
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 1002]
            .into_iter()
            .map(|n| format(&b, "place", n.into()))
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th", "1,002nd"
            ]
        );
        assert!(errors.take().is_empty());
    }

    #[test]
    fn french_plurals_and_ordinals_through_fluent() {
        let ftl = r#"
members = { $n ->
    [0] aucun membre
    [one] {$n} membre
    [many] {$n} de membres
   *[other] {$n} membres
}
place = { NUMBER($n, type: "ordinal") ->
    [one] {$n}er
   *[other] {$n}e
}
"#;
        let (b, _) = bundle("fr", None, ftl);
        assert_eq!(format(&b, "members", 0.into()), "aucun membre");
        assert_eq!(format(&b, "members", 1.into()), "1 membre");
        assert_eq!(format(&b, "members", 1.5.into()), "1,5 membre");
        assert_eq!(format(&b, "members", 3.into()), "3 membres");
        let million = format!("1{NNBSP}000{NNBSP}000 de membres");
        assert_eq!(format(&b, "members", 1_000_000.into()), million);
        let plus_one = format!("1{NNBSP}000{NNBSP}001 membres");
        assert_eq!(format(&b, "members", 1_000_001.into()), plus_one);
        assert_eq!(format(&b, "place", 1.into()), "1er");
        assert_eq!(format(&b, "place", 2.into()), "2e");
    }

    #[test]
    fn russian_and_arabic_plurals_through_fluent() {
        let ru = r#"
files = { $n ->
    [one] {$n} файл
    [few] {$n} файла
    [many] {$n} файлов
   *[other] {$n} файла
}
"#;
        let (b, _) = bundle("ru", None, ru);
        assert_eq!(format(&b, "files", 1.into()), "1 файл");
        assert_eq!(format(&b, "files", 2.into()), "2 файла");
        assert_eq!(format(&b, "files", 5.into()), "5 файлов");
        assert_eq!(format(&b, "files", 1.5.into()), "1,5 файла");
        let ar = r#"
n = { $n ->
    [zero] zero
    [one] one
    [two] two
    [few] few
    [many] many
   *[other] other
}
"#;
        let (b, _) = bundle("ar", None, ar);
        let got: Vec<String> = [0, 1, 2, 3, 11, 100]
            .into_iter()
            .map(|n| format(&b, "n", n.into()))
            .collect();
        assert_eq!(got, ["zero", "one", "two", "few", "many", "other"]);
    }

    #[test]
    fn numbers_in_messages_use_the_locale() {
        let ftl = r#"
count = { $n } people
grouped = { NUMBER($n, useGrouping: "false") }
share = { NUMBER($n, style: "percent") }
price = { NUMBER($n, minimumFractionDigits: 2) }
literal = { 1234.50 }
nested = { NUMBER(NUMBER($n, minimumFractionDigits: 1), useGrouping: "false") }
"#;
        let (b, errors) = bundle("de", None, ftl);
        assert_eq!(format(&b, "count", 7_000_000.into()), "7.000.000 people");
        assert_eq!(format(&b, "count", 1234.5.into()), "1.234,5 people");
        assert_eq!(format(&b, "grouped", 1234567.into()), "1234567");
        assert_eq!(format(&b, "share", 0.25.into()), format!("25{NBSP}%"));
        assert_eq!(format(&b, "price", 3.into()), "3,00");
        assert_eq!(format(&b, "literal", 0.into()), "1.234,50");
        assert_eq!(format(&b, "nested", 1234.into()), "1234,0");
        assert!(errors.take().is_empty());

        let (hi, _) = bundle("hi", None, ftl);
        assert_eq!(format(&hi, "count", 7_000_000.into()), "70,00,000 people");
        // The per-locale numbering system reaches plain `{ $n }` too.
        let (ar, _) = bundle("ar", Some("arab"), ftl);
        assert_eq!(format(&ar, "count", 7_000_000.into()), "٧٬٠٠٠٬٠٠٠ people");
        let (ar, _) = bundle("ar-EG", Some("latn"), ftl);
        assert_eq!(format(&ar, "count", 7_000_000.into()), "7,000,000 people");
    }

    #[test]
    fn dates_in_messages() {
        let ftl = r#"
founded = Founded on { DATETIME($d, dateStyle: "long") }.
year = Since { DATETIME($d, year: "numeric") }.
"#;
        let original = FluentResource::try_new(ftl.to_owned()).expect("parses");
        // No select on numbers: the resource is used as it is.
        assert!(prepare_resource(&original).is_none());
        for (tag, founded, year) in [
            ("en", "Founded on May 28, 1961.", "Since 1961."),
            ("ar-EG", "Founded on ٢٨ مايو ١٩٦١.", "Since ١٩٦١."),
        ] {
            let (b, errors) = bundle(tag, None, ftl);
            let mut args = FluentArgs::new();
            args.set("d", "1961-05-28");
            let mut fluent_errors = Vec::new();
            let msg = |id| b.get_message(id).and_then(|m| m.value()).expect("message");
            let out = b.format_pattern(msg("founded"), Some(&args), &mut fluent_errors);
            assert_eq!(out, founded);
            let out = b.format_pattern(msg("year"), Some(&args), &mut fluent_errors);
            assert_eq!(out, year);
            assert!(fluent_errors.is_empty() && errors.take().is_empty());
        }
    }

    #[test]
    fn bad_arguments_are_reported_not_printed() {
        let ftl = r#"
count = { NUMBER($n) } items
date = { DATETIME($n, dateStyle: "long") }
style = { NUMBER($n, style: "currency") }
missing = { NUMBER($absent) }
"#;
        let (b, errors) = bundle("en", None, ftl);
        let (out, fluent_errors) = format_with(&b, "count", Some("many".into()));
        // fluent-bundle prints a failed call as its name, without braces.
        assert_eq!(out, "NUMBER() items");
        assert!(fluent_errors.is_empty());
        assert!(matches!(
            errors.take().as_slice(),
            [IntlError::NotANumber {
                function: "NUMBER",
                ..
            }]
        ));

        for bad in ["1961-02-30", "yesterday"] {
            let (out, _) = format_with(&b, "date", Some(bad.into()));
            assert_eq!(out, "DATETIME()");
            let recorded = errors.take();
            assert!(
                matches!(recorded.as_slice(), [IntlError::InvalidDate { .. }]),
                "{recorded:?}"
            );
        }
        let (out, _) = format_with(&b, "date", Some(5.into()));
        assert_eq!(out, "DATETIME()");
        assert_eq!(errors.take().len(), 1);

        // An unsupported option is reported; the number still prints.
        let (out, _) = format_with(&b, "style", Some(5.into()));
        assert_eq!(out, "5");
        let recorded = errors.take();
        assert!(matches!(recorded.as_slice(), [IntlError::BadOption { .. }]));
        assert!(recorded[0].to_string().contains("style"), "{}", recorded[0]);

        // A missing variable is fluent-bundle's to report; nothing is recorded twice.
        let (_, fluent_errors) = format_with(&b, "missing", None);
        assert_eq!(fluent_errors.len(), 1);
        assert!(errors.take().is_empty());

        // A NaN argument prints what fluent-bundle would, and is recorded.
        let (b, errors) = bundle("en", None, "n = { $n }\n");
        let (out, _) = format_with(&b, "n", Some(f64::NAN.into()));
        assert_eq!(out, "NaN");
        assert_eq!(errors.take().len(), 1);
    }

    #[test]
    fn exact_keys_strings_and_isolation() {
        let ftl = r#"
count = Count: { $n ->
    [one] one
   *[other] { $n }
}
items = { $n ->
    [0] none
    [1] exactly one
    [one] one-ish
    [1.5] one and a half
   *[other] {$n}
}
gender = { $g ->
    [female] she
   *[other] they
}
-brand = { $n ->
    [one] Brand
   *[other] Brands
}
uses-term = { -brand(n: 2) } and { -brand(n: 1) }
nested = { $n ->
   *[other] { $g ->
        [female] { $n ->
            [one] one her
           *[other] many her
        }
       *[other] them
    }
}
"#;
        let original = FluentResource::try_new(ftl.to_owned()).expect("parses");
        let prepared = prepare_resource(&original).expect("has selects on numbers");
        assert!(prepared
            .source()
            .contains("FP_PLURAL($n, exact: \"0 1 1.5\")"));
        let (b, _) = bundle("en", None, ftl);
        assert_eq!(format(&b, "items", 0.into()), "none");
        assert_eq!(format(&b, "items", 1.into()), "exactly one");
        assert_eq!(format(&b, "items", 1.5.into()), "one and a half");
        assert_eq!(format(&b, "items", 2.into()), "2");
        assert_eq!(format(&b, "uses-term", 0.into()), "Brands and Brand");
        let mut args = FluentArgs::new();
        args.set("g", "female");
        args.set("n", 1);
        let msg = |id| b.get_message(id).and_then(|m| m.value()).expect("message");
        let mut errors = Vec::new();
        assert_eq!(
            b.format_pattern(msg("gender"), Some(&args), &mut errors),
            "she"
        );
        assert_eq!(
            b.format_pattern(msg("nested"), Some(&args), &mut errors),
            "one her"
        );
        assert!(errors.is_empty(), "{errors:?}");

        // Isolation marks wrap placeables as usual; selectors print nothing of their own.
        let mut isolating = FluentBundle::new_concurrent(vec![langid("en")]);
        install(&mut isolating, Arc::new(formats("en", None))).expect("install");
        isolating.add_resource(prepared).expect("adds");
        let pattern = isolating
            .get_message("count")
            .and_then(|m| m.value())
            .expect("msg");
        let mut args = FluentArgs::new();
        args.set("n", 1234);
        let out = isolating.format_pattern(pattern, Some(&args), &mut errors);
        assert_eq!(out, "Count: \u{2068}1,234\u{2069}");
    }

    #[test]
    fn install_twice_is_an_error() {
        let mut b: FluentBundle<FluentResource> = FluentBundle::new_concurrent(vec![langid("en")]);
        let f = Arc::new(formats("en", None));
        install(&mut b, f.clone()).expect("first install");
        assert!(matches!(install(&mut b, f), Err(IntlError::Install { .. })));
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

    #[test]
    fn prepared_resources_format_like_the_original() {
        // Everything the serializer must carry over: multiline text, attributes, terms,
        // escapes, nested placeables, comments, and junk (dropped).
        let ftl = r#"
### Resource comment
# Message comment
intro =
    Amnesty International was founded in { $year }.
      An indented line, a {"{"}brace{"}"} and \u00A0 { "\u00A0" } escapes.

    After a blank line, { -org } has { $n ->
        [0] no members
       *[other] { NUMBER($n) } members in { $g ->
            [female] her
           *[other] their
        } country
    }.
    .title = { $n ->
        [one] One
       *[other] Many
    }
    .alt = Plain attribute
-org = Amnesty
    .gender = female
who = { -org.gender ->
    [female] she
   *[other] it
}
broken = { $n ->
ok-after-junk = still here { { $n } }
"#;
        let (original, _) = FluentResource::try_new(ftl.to_owned()).expect_err("has junk");
        let prepared = prepare_resource(&original).expect("selects on numbers");
        let make = |r: FluentResource| {
            let mut b = FluentBundle::new_concurrent(vec![langid("en")]);
            install(&mut b, Arc::new(formats("en", None))).expect("install");
            b.add_resource(r).expect("adds");
            b
        };
        let (a, b) = (make(original), make(prepared));
        let mut args = FluentArgs::new();
        args.set("n", 5);
        args.set("g", "female");
        args.set("year", "1961");
        for id in ["intro", "who", "ok-after-junk"] {
            let (ma, mb) = (a.get_message(id).expect(id), b.get_message(id).expect(id));
            let patterns = ma.value().into_iter().zip(mb.value()).chain(
                ma.attributes()
                    .zip(mb.attributes())
                    .map(|(x, y)| (x.value(), y.value())),
            );
            for (pa, pb) in patterns {
                let (mut ea, mut eb) = (Vec::new(), Vec::new());
                let left = a.format_pattern(pa, Some(&args), &mut ea);
                let right = b.format_pattern(pb, Some(&args), &mut eb);
                assert_eq!(left, right, "{id}");
                assert!(ea.is_empty() && eb.is_empty(), "{id}: {ea:?} {eb:?}");
            }
        }
        assert_eq!(
            a.get_message("intro").map(|m| m.attributes().count()),
            Some(2)
        );
        assert!(b.get_message("broken").is_none());
    }
}
