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
//!   language needs `[one]` is still judged (compare-locales judges neither).

use super::compare::{at, selects};
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use crate::fluent::catalog::ResourceFile;
use crate::fluent::references::variant_key;
use crate::intl::{plural_category_info, PluralCategoryInfo, PluralKind};
use crate::project::config::LocaleConfig;
use fluent_syntax::ast::{InlineExpression, Pattern};
use std::cell::OnceCell;

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

pub(super) fn plural_findings(
    locale: &LocaleConfig,
    plurals: &PluralData,
    file: &ResourceFile,
    id: &str,
    pattern: &Pattern<&str>,
    numbers_are_plural: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (selector, variants) in selects(pattern) {
        let keys: Vec<&str> = variants.iter().map(|v| variant_key(&v.key)).collect();
        // A select with only its default variant says the same for every number.
        if keys.len() < 2 {
            continue;
        }
        let numeric: Vec<f64> = keys.iter().filter_map(|k| k.parse::<f64>().ok()).collect();
        let is_plural = keys
            .iter()
            .all(|k| is_category(k) || k.parse::<f64>().is_ok());
        let names_a_category = keys.iter().any(|k| is_category(k) && *k != "other");
        let Some(kind) =
            plural_kind(selector).filter(|_| is_plural && (names_a_category || numbers_are_plural))
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
        for category in categories {
            if category.name == "other" || keys.contains(&category.name) {
                continue;
            }
            let covered = !category.small_integers.is_empty()
                && !category.mid_integers
                && !category.large_integers
                && category
                    .small_integers
                    .iter()
                    .all(|n| numeric.contains(&(*n as f64)));
            if covered {
                continue;
            }
            // Reached only by a million and more, or by numbers shown with decimals.
            let rare = category.small_integers.is_empty() && !category.mid_integers;
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
                    } else {
                        ""
                    }
                ),
            )
            .id(id);
            if rare {
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
