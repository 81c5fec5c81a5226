//! Plural and ordinal selectors against the locale's CLDR categories, judged by what
//! renders: a category matters only where a number a page shows can reach it.
//!
//! - Exact numeric keys cover a category only where they list every integer in it
//!   (English `[1]` covers `one`; Russian `[1]` does not, `one` is also 21, 31, …).
//!   Counts are whole numbers, so decimals in a category do not stop keys covering it.
//! - A category that only millions or numbers with decimals reach (French and Spanish
//!   `[many]`, Czech `[many]`) is information, not a warning.
//! - A key the locale never selects (`[one]` in Japanese) changes nothing on the page:
//!   information.
//! - A language the shipped CLDR data has no rules for gets no findings: judging it by
//!   another language's rules would be guessing.
//! - In the source, a select with exact numbers and `[other]` but no category (`[0]`
//!   "No new alerts", `*[other]` "New alerts: { $n }") singles out the numbers its author
//!   chose: it is not a plural select, nor in a locale of the source's language, which
//!   shares its rules. A translation into another language that writes `[1]` where its
//!   language needs `[one]` is still judged (compare-locales judges neither), unless
//!   the source's select on the same variable leaves one of the source language's own
//!   categories to `[other]` (English `[0]` alone: "1:05 minutes"): then its author
//!   wrote `[other]` for any number, the translation may too, and it is a note.
//! - A select whose variants all say the same thing renders the same for every number.
//! - A category for one number only (Hebrew `[two]`: 2) that no message of the locale
//!   uses is the locale team's convention (digits with the `[other]` form, as Mozilla's
//!   Hebrew files do throughout): a note. Categories for many numbers stay warnings.

use super::compare::{at, selects};
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use crate::fluent::catalog::ResourceFile;
use crate::fluent::references::variant_key;
use crate::intl::{plural_category_info, PluralCategoryInfo, PluralKind};
use crate::project::config::LocaleConfig;
use fluent_syntax::ast::{InlineExpression, Pattern};
use std::cell::OnceCell;
use std::collections::BTreeSet;

/// A locale's plural categories, computed on first use: sampling the rules is too slow
/// to repeat for every message.
#[derive(Default)]
pub(super) struct PluralData {
    cardinal: OnceCell<Option<Vec<PluralCategoryInfo>>>,
    ordinal: OnceCell<Option<Vec<PluralCategoryInfo>>>,
}

impl PluralData {
    fn categories(&self, locale: &LocaleConfig, kind: PluralKind) -> Option<&[PluralCategoryInfo]> {
        let cell = match kind {
            PluralKind::Cardinal => &self.cardinal,
            PluralKind::Ordinal => &self.ordinal,
        };
        cell.get_or_init(|| plural_category_info(&locale.langid, kind).ok().flatten())
            .as_deref()
    }
}

/// What judging one locale's selects needs, worked out once per locale.
pub(super) struct LocalePlurals<'a> {
    pub locale: &'a LocaleConfig,
    pub data: PluralData,
    /// Whether number-keyed selects are judged at all (not in the source's language).
    pub numbers_are_plural: bool,
    /// Every variant key the locale writes ([`variant_keys`]).
    pub keys: BTreeSet<&'a str>,
}

/// `any_number`: the variables the source's own select gives to `[other]` for any
/// number ([`any_number_variables`]).
pub(super) fn plural_findings(
    plurals: &LocalePlurals,
    file: &ResourceFile,
    id: &str,
    pattern: &Pattern<&str>,
    any_number: &BTreeSet<&str>,
) -> Vec<Finding> {
    let LocalePlurals {
        locale,
        data: ref plurals,
        numbers_are_plural,
        keys: ref locale_keys,
    } = *plurals;
    let mut out = Vec::new();
    for (selector, variants) in selects(pattern) {
        let keys: Vec<&str> = variants.iter().map(|v| variant_key(&v.key)).collect();
        // A select with only its default variant, or whose variants all say the same,
        // renders the same for every number.
        if keys.len() < 2 || variants.windows(2).all(|w| w[0].value == w[1].value) {
            continue;
        }
        // The source gives [other] to any number here, so the translation's [other]
        // may well read right for every number too: worth a look, not a warning.
        let follows_source = !names_a_category(&keys)
            && selector_variable(selector).is_some_and(|v| any_number.contains(v));
        let numeric: Vec<f64> = keys.iter().filter_map(|k| k.parse::<f64>().ok()).collect();
        let is_plural = keys
            .iter()
            .all(|k| is_category(k) || k.parse::<f64>().is_ok());
        let Some(kind) = plural_kind(selector)
            .filter(|_| is_plural && (names_a_category(&keys) || numbers_are_plural))
        else {
            continue;
        };
        let Some(categories) = plurals.categories(locale, kind) else {
            continue;
        };
        let kind_word = if kind == PluralKind::Ordinal {
            "ordinal"
        } else {
            "plural"
        };
        for category in uncovered(categories, &keys, &numeric) {
            // Reached only by a million and more, or by numbers shown with decimals.
            let rare = category.small_integers.is_empty() && !category.mid_integers;
            let convention = category.small_integers.len() == 1
                && !category.mid_integers
                && !category.large_integers
                && !locale_keys.contains(category.name);
            let first = variants.first().map(|v| variant_key(&v.key)).unwrap_or(id);
            let mut finding = at(
                Code::PluralMissingCategory,
                &locale.tag,
                file,
                first,
                format!(
                    "`{id}`: {} needs the {kind_word} form [{}]: {}{}",
                    locale.tag,
                    category.name,
                    category.examples,
                    if rare {
                        " (only such numbers reach it; the [other] text shows for them now)"
                            .to_string()
                    } else if follows_source {
                        " (the source's [other] serves any number here: check that yours does)"
                            .to_string()
                    } else if convention {
                        format!(
                            " (no message of {} uses [{}]: a note, as its convention)",
                            locale.tag, category.name
                        )
                    } else {
                        String::new()
                    }
                ),
            )
            .id(id);
            if rare || follows_source || convention {
                finding.severity = Severity::Info;
            }
            out.push(finding);
        }
        for v in variants {
            let key = variant_key(&v.key);
            if is_category(key) && key != "other" && !categories.iter().any(|c| c.name == key) {
                let used: Vec<&str> = categories.iter().map(|c| c.name).collect();
                out.push(
                    at(
                        Code::PluralUnreachableCategory,
                        &locale.tag,
                        file,
                        key,
                        format!(
                            "`{id}`: [{key}] is never selected in {} (its {kind_word} forms: {})",
                            locale.tag,
                            used.join(", ")
                        ),
                    )
                    .id(id),
                );
            }
        }
    }
    out
}

/// The categories of `categories` that neither a key of their name nor exact numbers
/// listing every integer in them cover (`other` always is).
fn uncovered<'c>(
    categories: &'c [PluralCategoryInfo],
    keys: &'c [&str],
    numeric: &'c [f64],
) -> impl Iterator<Item = &'c PluralCategoryInfo> {
    categories.iter().filter(move |category| {
        let covered = category.name == "other"
            || keys.contains(&category.name)
            || (!category.small_integers.is_empty()
                && !category.mid_integers
                && !category.large_integers
                && category
                    .small_integers
                    .iter()
                    .all(|n| numeric.contains(&(*n as f64))));
        !covered
    })
}

/// Every variant key the locale writes anywhere: which categories its team uses.
pub(super) fn variant_keys(files: &crate::fluent::catalog::LocaleFiles) -> BTreeSet<&str> {
    let mut keys = BTreeSet::new();
    for file in &files.files {
        for entry in file.entries() {
            for (_, pattern) in entry.unit.patterns() {
                for (_, variants) in selects(pattern) {
                    keys.extend(variants.iter().map(|v| variant_key(&v.key)));
                }
            }
        }
    }
    keys
}

/// Variables the source selects on with exact numbers alone while leaving one of its
/// own language's categories to `[other]`: its `[other]` text reads right for any
/// number there, and a translation mirroring those keys gets notes, not warnings.
pub(super) fn any_number_variables<'p>(
    source_locale: &LocaleConfig,
    plurals: &PluralData,
    source_patterns: &[&'p Pattern<&'p str>],
) -> BTreeSet<&'p str> {
    let mut out = BTreeSet::new();
    for pattern in source_patterns {
        for (selector, variants) in selects(pattern) {
            let keys: Vec<&str> = variants.iter().map(|v| variant_key(&v.key)).collect();
            let numeric: Vec<f64> = keys.iter().filter_map(|k| k.parse::<f64>().ok()).collect();
            if names_a_category(&keys) || numeric.is_empty() {
                continue;
            }
            let (Some(variable), Some(kind)) = (selector_variable(selector), plural_kind(selector))
            else {
                continue;
            };
            let Some(categories) = plurals.categories(source_locale, kind) else {
                continue;
            };
            // Only categories an ordinary count reaches: [many] for millions says nothing.
            if uncovered(categories, &keys, &numeric)
                .any(|c| !c.small_integers.is_empty() || c.mid_integers)
            {
                out.insert(variable);
            }
        }
    }
    out
}

/// The variable a selector reads: `$n`, or `$n` inside `NUMBER($n, …)`.
fn selector_variable<'p>(selector: &InlineExpression<&'p str>) -> Option<&'p str> {
    match selector {
        InlineExpression::VariableReference { id } => Some(id.name),
        InlineExpression::FunctionReference { arguments, .. } => {
            match arguments.positional.first() {
                Some(InlineExpression::VariableReference { id }) => Some(id.name),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether keys name a plural category other than `other`.
fn names_a_category(keys: &[&str]) -> bool {
    keys.iter().any(|k| is_category(k) && *k != "other")
}

fn is_category(key: &str) -> bool {
    matches!(key, "zero" | "one" | "two" | "few" | "many" | "other")
}

/// Plural kind of a selector: variables and NUMBER() select by plural rules,
/// `NUMBER(…, type: "ordinal")` by ordinal rules; anything else is not plural.
fn plural_kind(selector: &InlineExpression<&str>) -> Option<PluralKind> {
    match selector {
        InlineExpression::VariableReference { .. } | InlineExpression::NumberLiteral { .. } => {
            Some(PluralKind::Cardinal)
        }
        InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
            let ordinal = arguments.named.iter().any(|a| {
                a.name.name == "type" && matches!(a.value, InlineExpression::StringLiteral { value } if value == "ordinal")
            });
            Some(if ordinal {
                PluralKind::Ordinal
            } else {
                PluralKind::Cardinal
            })
        }
        _ => None,
    }
}
