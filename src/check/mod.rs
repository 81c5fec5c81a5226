//! `check`: every finding for every locale, per-locale progress, and the
//! gate CI decides on.

pub mod compare;
pub mod control;
pub mod layout;
mod markup;
mod plurals;
pub mod shard;
pub mod templates;

use crate::finding::Code;
use crate::finding::{Finding, Severity};
use crate::fluent::catalog::{Catalog, HeldLocale, LocaleFiles, LocaleSource};
use crate::fluent::coverage::complete_percent;
use crate::fluent::coverage::{page_coverage_of, PageCoverage};
use crate::fluent::references::{references, Reference};
use crate::fluent::validate::{cycle_findings, load_findings, syntax_findings};
use crate::project::config::{Config, FolderName, MessageScope, SeverityLevel};
use crate::project::lock::{word_diff, Lock};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Version of the JSON schema of [`CheckReport`] (`--format json`).
pub const SCHEMA_VERSION: u32 = 1;

/// Everything `check` found; every output format is derived from it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub version: u32,
    pub source_locale: String,
    pub locales: Vec<LocaleStats>,
    pub findings: Vec<Finding>,
    /// Per page and locale: whether it is ready to publish, as `build` decides.
    pub pages: Vec<PageCoverage>,
    pub gate: Gate,
}

/// Progress of one locale against the source.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct LocaleStats {
    pub locale: String,
    /// Source messages (terms excluded: they are private to each locale).
    pub total: usize,
    pub translated: usize,
    pub missing: usize,
    pub obsolete: usize,
    pub stale: usize,
    /// Messages with at least one error finding.
    pub with_errors: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Source words still to translate (CJK counted by character).
    pub missing_words: usize,
    /// Source terms this locale lacks. Terms are not in `total` (a locale may word its
    /// brand names its own way), but compare-locales counts them as missing, and so
    /// does `--format compare-locales`: `missing + missing_terms` is its `missing`.
    pub missing_terms: usize,
    /// Files this locale has that the source lacks altogether: each is one
    /// `obsolete-message` finding, and its messages are not in `obsolete` (as
    /// compare-locales counts an `obsoleteFile`).
    pub obsolete_files: usize,
    /// Percentage of source messages translated.
    pub complete: f64,
    /// Completeness the config or `--min-complete` demands; `None` when advisory.
    pub required: Option<f64>,
    /// Whether this locale passes the gate.
    pub passed: bool,
}

impl LocaleStats {
    /// Whether the locale is under its required level, on the exact share: 2499 of 2500
    /// is under 100 % even though it shows as 99.9.
    pub fn below_required(&self) -> bool {
        self.required.is_some_and(|required| {
            (self.translated as f64) * 100.0 < required * self.total as f64 - 1e-9
        })
    }
}

/// The verdict CI acts on.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Gate {
    pub passed: bool,
    /// One line per reason the gate failed.
    pub failures: Vec<String>,
    /// `check --locale`: the source was checked, but only its errors that break the
    /// build were gated ([`CheckOptions::source_advisory`]).
    pub source_advisory: bool,
}

impl CheckReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// What the command line asks of `check`.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Only these locales (all configured ones when empty).
    pub locales: Vec<String>,
    /// `--min-complete fr=95`: completeness demanded per locale, over the config.
    pub min_complete: BTreeMap<String, f64>,
    /// `--deny warnings`: warnings fail the gate like errors.
    pub deny_warnings: bool,
    /// `check --locale fr`: the source is checked too, so a translator sees what is
    /// wrong upstream, but only errors that break the build fail the gate for it:
    /// the rest is the source authors' to fix, and their own run gates on it.
    pub source_advisory: bool,
}

/// Runs every check on the catalog; `lock` tells which translations are stale.
pub fn check(
    config: &Config,
    catalog: &Catalog,
    lock: &Lock,
    options: &CheckOptions,
) -> CheckReport {
    check_each(config, catalog, lock, options, |_, _, _| ()).0
}

/// A locale as [`check_each`] shows it to its caller, while it is loaded.
#[derive(Clone, Copy)]
pub struct LocaleView<'a> {
    pub tag: &'a str,
    /// The source locale's files.
    pub source: &'a LocaleFiles,
    /// This locale's files.
    pub files: &'a LocaleFiles,
}

/// [`check`], taking locales from `locales` one at a time so that a large
/// project need not be held in memory at once: the source and the locales a
/// fallback chain needs stay loaded, every other locale is read, checked and
/// dropped in turn. Before it is dropped, `each` sees it with its findings
/// (sorted, severity overrides applied) and its progress, and may change both
/// (as an `l10n.toml` project's filters do); what `each` returns comes back
/// in the order of the report's locales. The gate is worked out afterwards.
pub fn check_each<T: Send>(
    config: &Config,
    locales: &impl LocaleSource,
    lock: &Lock,
    options: &CheckOptions,
    each: impl Fn(LocaleView, &mut Vec<Finding>, &mut LocaleStats) -> T + Sync,
) -> (CheckReport, Vec<T>) {
    let selected: Vec<_> = config
        .locales
        .iter()
        .filter(|l| options.locales.is_empty() || options.locales.contains(&l.tag))
        .collect();
    let empty = LocaleFiles::default();
    let source_tag = locales.source_locale();
    let source_held = locales.locale_files(source_tag);
    let source_found = source_held.as_deref();
    let source = source_found.unwrap_or(&empty);
    let source_units = source.units();
    let mut stray = Vec::new();

    for tag in locales.tags() {
        if config.locale(&tag).is_some() {
            continue;
        }
        let path = config.paths.locales.join(&tag);
        let message = match FolderName::of(&tag) {
            // A folder of shared .ftl files beside the locales is nobody's locale.
            FolderName::Other => continue,
            FolderName::Misspelt(meant) => format!(
                "{} holds translations but is not named by a BCP 47 tag; rename it {meant} to check it",
                path.display()
            ),
            FolderName::Locale => format!(
                "{} is not in fluentpress.toml; `fluentpress new-locale {tag}` registers it",
                path.display()
            ),
        };
        stray.push(Finding::new(
            Code::UnconfiguredLocale,
            Code::UnconfiguredLocale.default_severity(),
            &tag,
            path,
            message,
        ));
    }
    apply_severity_overrides(config, &mut stray);
    sort_findings(config, &mut stray);

    // Fallback targets other locales' checks look into: read once, kept to the end.
    let chained: BTreeSet<&str> = selected
        .iter()
        .flat_map(|l| l.fallback.iter().map(String::as_str))
        .filter(|t| *t != source_tag)
        .collect();
    let kept: BTreeMap<&str, HeldLocale> = chained
        .into_par_iter()
        .filter_map(|t| locales.locale_files(t).map(|files| (t, files)))
        .collect();
    let loaded = |tag: &str| -> Option<&LocaleFiles> {
        if tag == source_tag {
            source_found
        } else {
            kept.get(tag).map(|f| &**f)
        }
    };

    // Each rayon worker holds one locale at a time (nothing inside a locale's
    // check runs on rayon, so a worker never takes up a second locale while it
    // holds one): at most as many locales as cores are in memory besides the kept ones.
    let per_locale: Vec<(Vec<Finding>, LocaleStats, Vec<PageCoverage>, T)> = selected
        .par_iter()
        .map(|locale| {
            let read;
            let files_found = match loaded(&locale.tag) {
                Some(files) => Some(files),
                None => {
                    read = locales.locale_files(&locale.tag);
                    read.as_deref()
                }
            };
            let files = files_found.unwrap_or(&empty);
            let mut found = Vec::new();
            if !files.present {
                found.push(Finding::new(
                    Code::MissingLocaleFolder,
                    Code::MissingLocaleFolder.default_severity(),
                    &locale.tag,
                    config.paths.locales.join(&locale.tag),
                    format!("{} is configured but has no folder; create it with `fluentpress new-locale {}`", locale.tag, locale.tag),
                ));
            }
            found.extend(load_findings(&locale.tag, files));
            for file in &files.files {
                found.extend(syntax_findings(&locale.tag, file));
            }
            let units = files.units();
            found.extend(cycle_findings(&locale.tag, &units));
            found.extend(duplicate_findings(config, &locale.tag, files));
                        found.extend(control::control_findings(&locale.tag, files));
            let chain: Vec<&LocaleFiles> = locale
                .fallback
                .iter()
                .filter_map(|t| loaded(t))
                .collect();
            let source_of = (locale.tag != config.source_locale).then_some(&source_units);
            found.extend(compare::self_checks(config, locale, files, &units, &chain, source_of));
            let mut stats = LocaleStats {
                locale: locale.tag.clone(),
                ..LocaleStats::default()
            };
            if locale.tag == config.source_locale {
                let total = source_message_count(files);
                stats.total = total;
                stats.translated = total;
                if !config.pages.is_empty() {
                    found.extend(template_findings(config, source));
                }
            } else {
                let c = compare::compare(config, locale, source, &source_units, files, &units);
                found.extend(c.findings);
                stats.total = c.total;
                stats.translated = c.translated;
                stats.obsolete = c.obsolete;
                stats.missing_words = c.missing_words;
                stats.missing_terms = c.missing_terms;
                stats.obsolete_files = c.obsolete_files;
                let stale = stale_findings(&locale.tag, lock, source, files);
                stats.stale = stale.len();
                found.extend(stale);
            }
            let mut pages = Vec::new();
            for page in &config.pages {
                let cov = page_coverage_of(config, source_found, files_found, page, &locale.tag);
                if !cov.published {
                    found.push(Finding::new(
                        Code::NotPublishable,
                        Code::NotPublishable.default_severity(),
                        &locale.tag,
                        config.paths.locales.join(&locale.tag),
                        format!(
                            "page `{}` is not published in {}: {}",
                            page.name, locale.tag, cov.reason
                        ),
                    ));
                }
                pages.push(cov);
            }
            apply_severity_overrides(config, &mut found);
            sort_findings(config, &mut found);
            let view = LocaleView {
                tag: &locale.tag,
                source,
                files,
            };
            let kept = each(view, &mut found, &mut stats);
            (found, stats, pages, kept)
        })
        .collect();

    let mut findings = stray;
    let mut stats = Vec::new();
    let mut coverage = Vec::new();
    let mut kept = Vec::new();
    for (found, s, pages, k) in per_locale {
        findings.extend(found);
        stats.push(s);
        coverage.push(pages);
        kept.push(k);
    }
    // Each locale's findings are in order already (and `each` may have renamed
    // their files since): only the locales are put in order, stably.
    findings.sort_by(|a, b| locale_order(config, a).cmp(&locale_order(config, b)));
    // Page by page, then locale by locale.
    let mut coverage: Vec<_> = coverage.into_iter().map(Vec::into_iter).collect();
    let mut pages = Vec::new();
    for _ in &config.pages {
        pages.extend(coverage.iter_mut().filter_map(Iterator::next));
    }
    let gate = finish_stats(config, options, &mut stats, &findings);
    let report = CheckReport {
        version: SCHEMA_VERSION,
        source_locale: config.source_locale.clone(),
        locales: stats,
        findings,
        pages,
        gate,
    };
    (report, kept)
}

/// The source locale's findings first, then locale by locale.
fn locale_order<'f>(config: &Config, f: &'f Finding) -> (bool, &'f str) {
    (f.locale != config.source_locale, &f.locale)
}

/// Findings in the order every report shows them: by locale, file and place.
fn sort_findings(config: &Config, findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (locale_order(config, a), &a.file, a.location).cmp(&(
            locale_order(config, b),
            &b.file,
            b.location,
        ))
    });
}

/// Translations whose source changed since they were made, with the change as a word diff.
fn stale_findings(
    tag: &str,
    lock: &Lock,
    source: &LocaleFiles,
    files: &LocaleFiles,
) -> Vec<Finding> {
    let units = files.units();
    lock.stale(tag, source, files)
        .into_iter()
        .filter_map(|s| {
            let key = s.id.split('.').next().unwrap_or(&s.id);
            let (file, entry) = units.get(key)?;
            let name = match s.id.split_once('.') {
                Some((_, attr)) => entry.unit.attributes().iter().find(|a| a.id.name == attr)?.id.name,
                None => entry.unit.id().name,
            };
            Some(
                compare::at(
                    Code::Stale,
                    tag,
                    file,
                    name,
                    format!(
                        "`{}` was translated from an older source text: {}\n  translate the change, or run `fluentpress accept {tag} {}` if it needs none",
                        s.id,
                        word_diff(&s.old_source, &s.new_source),
                        s.id
                    ),
                )
                .id(&s.id),
            )
        })
        .collect()
}

fn source_message_count(files: &LocaleFiles) -> usize {
    files
        .files
        .iter()
        .flat_map(|f| f.entries())
        .filter(|e| !e.unit.is_term())
        .count()
}

/// The same id defined twice where it is loaded together: in one file, or in two files
/// one page loads (every file of the locale when no page is configured). Ids in files
/// that are never loaded together (two pages' resources) do not collide.
fn duplicate_findings(config: &Config, tag: &str, files: &LocaleFiles) -> Vec<Finding> {
    let all: Vec<&str> = files.files.iter().map(|f| f.name.as_str()).collect();
    let groups: Vec<Vec<&str>> = match config.check.scope {
        MessageScope::File => all.iter().map(|f| vec![*f]).collect(),
        MessageScope::Page if config.pages.is_empty() => vec![all.clone()],
        MessageScope::Page => {
            let mut groups: Vec<Vec<&str>> = config
                .pages
                .iter()
                .map(|p| p.resources.iter().map(String::as_str).collect())
                .collect();
            for f in &all {
                if !groups.iter().any(|g| g.contains(f)) {
                    groups.push(vec![*f]);
                }
            }
            groups
        }
    };
    let mut reported = BTreeSet::new();
    let mut out = Vec::new();
    for group in groups {
        let mut first: BTreeMap<String, (std::path::PathBuf, crate::finding::location::Location)> =
            BTreeMap::new();
        for file in files
            .files
            .iter()
            .filter(|f| group.contains(&f.name.as_str()))
        {
            for entry in file.entries() {
                let key = entry.unit.key();
                let name = entry.unit.id().name;
                let loc = file.location_of(name);
                match first.get(&key) {
                    Some((path, at)) => {
                        if reported.insert((file.path.clone(), loc)) {
                            out.push(
                                compare::at(
                                    Code::DuplicateId,
                                    tag,
                                    file,
                                    name,
                                    format!(
                                        "`{key}` is already defined at {}:{at}; the first definition wins{}",
                                        path.display(),
                                        if *path != file.path && config.pages.is_empty() {
                                            // Only a project without pages loads every file together.
                                            " (if the two files are never loaded together, say so with [check] scope = \"file\")"
                                        } else {
                                            ""
                                        }
                                    ),
                                )
                                .id(&key),
                            )
                        }
                    }
                    None => {
                        first.insert(key, (file.path.clone(), loc));
                    }
                }
            }
        }
    }
    out
}

/// Template calls against the source: ids the source lacks, and source
/// messages nothing uses.
fn template_findings(config: &Config, source: &LocaleFiles) -> Vec<Finding> {
    let calls = templates::scan_templates(&config.templates_dir(), &config.root);
    let units = source.units();
    let mut out = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for call in &calls {
        let finding = |code: Code, message: String| {
            Finding::new(
                code,
                code.default_severity(),
                &config.source_locale,
                &call.file,
                message,
            )
            .at(
                crate::finding::location::Location {
                    line: call.line,
                    column: call.column,
                },
                &call.line_text,
                call.expression.chars().count(),
            )
        };
        let Some(id) = &call.id else {
            out.push(finding(
                Code::DynamicMessageId,
                format!(
                    "the message id `{}` is built at run time; it cannot be checked",
                    call.expression
                ),
            ));
            continue;
        };
        let (msg, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id.as_str(), None),
        };
        used.insert(msg.to_string());
        let defined = units.get(msg).is_some_and(|(_, e)| match attr {
            Some(a) => e.unit.attributes().iter().any(|x| x.id.name == a),
            None => e.unit.value().is_some(),
        });
        if !defined {
            out.push(
                finding(
                    Code::UndefinedMessage,
                    format!(
                        "the template uses `{id}`, which the source ({}) does not define",
                        config.source_locale
                    ),
                )
                .id(id.clone()),
            );
        }
    }
    // A message another message refers to is used too.
    for (_, entry) in units.values() {
        for (_, pattern) in entry.unit.patterns() {
            for r in references(pattern) {
                if let Reference::Message { id, .. } = r {
                    used.insert(id.to_string());
                }
            }
        }
    }
    for (key, (file, entry)) in &units {
        if entry.unit.is_term() || used.contains(key) {
            continue;
        }
        out.push(
            compare::at(
                Code::UnusedMessage,
                &config.source_locale,
                file,
                entry.unit.id().name,
                format!("`{key}` is used by no template and no message"),
            )
            .id(key.clone()),
        );
    }
    out
}

/// `[check.severity]` applied: findings of codes set to "off" dropped, others re-graded.
pub fn apply_severity_overrides(config: &Config, findings: &mut Vec<Finding>) {
    findings.retain_mut(|f| match config.check.severity.get(&f.code) {
        Some(SeverityLevel::Off) => false,
        Some(SeverityLevel::Info) => {
            f.severity = Severity::Info;
            true
        }
        Some(SeverityLevel::Warning) => {
            f.severity = Severity::Warning;
            true
        }
        Some(SeverityLevel::Error) => {
            f.severity = Severity::Error;
            true
        }
        None => true,
    });
}

/// Fills in counts, completeness and each locale's verdict; returns the gate.
/// Callers that drop or change findings afterwards (l10n.toml filters) run it again.
pub fn finish_stats(
    config: &Config,
    options: &CheckOptions,
    stats: &mut [LocaleStats],
    findings: &[Finding],
) -> Gate {
    let mut gate = Gate {
        passed: true,
        failures: Vec::new(),
        source_advisory: options.source_advisory,
    };
    let mut by_locale: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_locale.entry(f.locale.as_str()).or_default().push(f);
    }
    for s in stats.iter_mut() {
        let mine = by_locale.remove(s.locale.as_str()).unwrap_or_default();
        s.errors = mine
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        s.warnings = mine
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        s.with_errors = mine
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter_map(|f| f.id.as_deref().map(|id| id.split('.').next().unwrap_or(id)))
            .collect::<BTreeSet<_>>()
            .len();
        s.translated = s.translated.min(s.total);
        s.missing = s.total - s.translated;
        s.complete = complete_percent(s.translated, s.total);
        s.required = options
            .min_complete
            .get(&s.locale)
            .copied()
            .or_else(|| config.locale(&s.locale).and_then(|l| l.required));
        let is_source = s.locale == config.source_locale;
        let mut failures = Vec::new();
        let breaking = mine
            .iter()
            .filter(|f| f.severity == Severity::Error && f.code.breaks_build())
            .count();
        if breaking > 0 {
            failures.push(format!(
                "{}: {breaking} error(s) that break the build",
                s.locale
            ));
        }
        if s.required.is_some() || (is_source && !options.source_advisory) {
            if let Some(required) = s.required {
                if s.below_required() {
                    failures.push(format!(
                        "{}: {:.1}% complete, {required}% required",
                        s.locale, s.complete
                    ));
                }
            }
            let errors = s.errors - breaking;
            if errors > 0 {
                failures.push(format!("{}: {errors} error(s)", s.locale));
            }
            if options.deny_warnings && s.warnings > 0 {
                failures.push(format!(
                    "{}: {} warning(s) (--deny warnings)",
                    s.locale, s.warnings
                ));
            }
        }
        s.passed = failures.is_empty();
        if !s.passed {
            gate.passed = false;
            gate.failures.extend(failures);
        }
    }
    // Findings about locales that were not measured (an unconfigured folder) count too.
    let measured: BTreeSet<&str> = stats.iter().map(|s| s.locale.as_str()).collect();
    let stray_errors = findings
        .iter()
        .filter(|f| !measured.contains(f.locale.as_str()) && f.severity == Severity::Error)
        .count();
    if stray_errors > 0 {
        gate.passed = false;
        gate.failures.push(format!(
            "{stray_errors} error(s) outside the configured locales"
        ));
    }
    gate
}

#[cfg(test)]
mod tests {
    use super::LocaleStats;
    use crate::fluent::coverage::complete_percent;

    #[test]
    fn the_required_level_is_compared_exactly() {
        let stats = |translated, required| LocaleStats {
            translated,
            total: 2500,
            required: Some(required),
            ..LocaleStats::default()
        };
        assert!(stats(2499, 100.0).below_required());
        assert!(!stats(2500, 100.0).below_required());
        assert!(!stats(2499, 99.96).below_required());
        assert!(stats(2498, 99.96).below_required());
        assert!(!LocaleStats::default().below_required(), "advisory");
    }

    #[test]
    fn completeness_is_rounded_down_so_only_complete_shows_100() {
        assert_eq!(complete_percent(2499, 2500), 99.9);
        assert_eq!(complete_percent(2500, 2500), 100.0);
        assert_eq!(complete_percent(29, 33), 87.8);
        assert_eq!(complete_percent(2, 3), 66.6);
        assert_eq!(complete_percent(1, 3), 33.3);
        assert_eq!(complete_percent(7, 10), 70.0);
        assert_eq!(complete_percent(0, 0), 100.0);
    }
}
