//! Plural and ordinal categories (CLDR rules), with example numbers.

use fixed_decimal::Decimal;
use fluent_bundle::types::{FluentNumber, FluentNumberType};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use unic_langid::LanguageIdentifier;

use super::formats::{icu_locale, LocaleFormats};
use super::number::{decimal_from_f64, round, NumberOptions, NumberStyle};
use super::IntlError;

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

impl LocaleFormats {
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

    pub(super) fn plural_fluent(&self, n: &FluentNumber) -> &'static str {
        let kind = match n.options.r#type {
            FluentNumberType::Ordinal => PluralKind::Ordinal,
            FluentNumberType::Cardinal => PluralKind::Cardinal,
        };
        decimal_from_f64(n.value).map_or("other", |d| {
            self.plural_decimal(&d, &NumberOptions::from(&n.options), kind)
        })
    }
}

pub(super) fn plural_rules(locale: &Locale, kind: PluralKind) -> Result<PluralRules, IntlError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intl::parse_decimal;
    use crate::intl::test_support::{formats, langid, opts};

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
}
