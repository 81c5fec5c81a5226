//! How much of a page a locale translates, and whether it may be published.
//!
//! `build` and `check` ask the same question, so both call [`page_coverage`]:
//! a page is published in a locale when every message of its `## Required`
//! group is translated and at least the page's share of messages is.

use crate::fluent::catalog::{Catalog, LocaleFiles};
use crate::project::config::{Config, PageConfig};
use serde::Serialize;

/// The group heading that marks messages a page cannot be published without.
pub const REQUIRED_GROUP: &str = "Required";

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct PageCoverage {
    pub page: String,
    pub locale: String,
    /// Source messages on the page (terms are private to each locale and not counted).
    pub total: usize,
    pub translated: usize,
    pub missing: Vec<String>,
    pub missing_required: Vec<String>,
    pub percent: f64,
    pub published: bool,
    /// Why the page is or is not published, in words.
    pub reason: String,
}

pub fn page_coverage(
    config: &Config,
    catalog: &Catalog,
    page: &PageConfig,
    locale: &str,
) -> PageCoverage {
    page_coverage_of(
        config,
        catalog.source(),
        catalog.locale(locale),
        page,
        locale,
    )
}

/// [`page_coverage`] with the source's and the locale's files at hand, for a
/// caller that reads one locale at a time.
pub fn page_coverage_of(
    config: &Config,
    source: Option<&LocaleFiles>,
    target: Option<&LocaleFiles>,
    page: &PageConfig,
    locale: &str,
) -> PageCoverage {
    let counted = ResourceCoverage::of(source, target, &page.resources);
    counted.for_page(config, page, locale)
}

/// What a locale translates of some resources, whichever page loads them: the part of
/// [`PageCoverage`] that pages sharing their resources share (a site of a thousand pages
/// of one template counts it once per locale, not once per page).
#[derive(Debug, Clone)]
pub struct ResourceCoverage {
    total: usize,
    missing: Vec<String>,
    missing_required: Vec<String>,
}

impl ResourceCoverage {
    pub fn of(
        source: Option<&LocaleFiles>,
        target: Option<&LocaleFiles>,
        resources: &[String],
    ) -> ResourceCoverage {
        let mut total = 0;
        let mut missing = Vec::new();
        let mut missing_required = Vec::new();
        for resource in resources {
            let Some(source_file) = source.and_then(|s| s.file(resource)) else {
                continue;
            };
            let target_file = target.and_then(|t| t.file(resource));
            // A set: the source checked against itself has every id, and a Vec made this
            // quadratic (100,000 messages took minutes).
            let translated: std::collections::HashSet<String> = target_file
                .map(|f| {
                    f.entries()
                        .iter()
                        .filter(|e| !e.unit.is_term())
                        .map(|e| e.unit.key())
                        .collect()
                })
                .unwrap_or_default();
            for entry in source_file.entries() {
                if entry.unit.is_term() {
                    continue;
                }
                total += 1;
                let key = entry.unit.key();
                if !translated.contains(&key) {
                    if entry.group == Some(REQUIRED_GROUP) {
                        missing_required.push(key.clone());
                    }
                    missing.push(key);
                }
            }
        }
        ResourceCoverage {
            total,
            missing,
            missing_required,
        }
    }

    /// The coverage of `page` in `locale`, whose resources these are.
    pub fn for_page(self, config: &Config, page: &PageConfig, locale: &str) -> PageCoverage {
        let ResourceCoverage {
            total,
            missing,
            missing_required,
        } = self;
        let translated = total - missing.len();
        let percent = if total == 0 {
            100.0
        } else {
            translated as f64 * 100.0 / total as f64
        };
        let (published, reason) = if locale == config.source_locale {
            (true, "source locale".to_string())
        } else if let Some(&forced) = page.publish.get(locale) {
            let word = if forced { "on" } else { "off" };
            (forced, format!("forced {word} in the config"))
        } else if !missing_required.is_empty() {
            (
                false,
                format!("required messages missing: {}", missing_required.join(", ")),
            )
        } else if percent + 1e-9 < page.min_translated {
            (
                false,
                format!(
                    "{percent:.0}% translated, the page needs {}%",
                    page.min_translated
                ),
            )
        } else {
            (true, format!("{percent:.0}% translated"))
        };
        PageCoverage {
            page: page.name.clone(),
            locale: locale.to_string(),
            total,
            translated,
            missing,
            missing_required,
            percent,
            published,
            reason,
        }
    }
}

/// Share translated, in percent with one decimal, rounded down: only a locale with every
/// message translated shows 100.0 (2499 of 2500 is 99.9, never 100.0).
pub fn complete_percent(translated: usize, total: usize) -> f64 {
    if total == 0 {
        return 100.0;
    }
    round_down_to_tenth(translated as f64 * 100.0 / total as f64)
}

/// `percent` to one decimal, never up, so only a complete share shows 100.0. The small
/// nudge keeps a value already on a tenth (87.8 stored as 87.7999…) where it is.
pub fn round_down_to_tenth(percent: f64) -> f64 {
    (percent * 10.0 + 1e-6).floor() / 10.0
}
