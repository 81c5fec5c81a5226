//! `plan --changed`: the page × locale jobs a change affects, so a CI workflow rebuilds
//! only those.
//!
//! Files map as [`Changes`] says (the config, the lock or an asset: every page; a
//! template: the pages that use it through extends, include or import). A changed
//! `.ftl` file whose two versions could be compared ([`compare`]) counts by its changed
//! messages and terms ([`ResourceDiff`]); any other counts whole, as every message of
//! it had changed.
//!
//! A page is affected in locale `L` by a change of locale `C`'s file `R` when the page
//! reads `R` and `C` is `L`, a locale of `L`'s fallback chain (the source ends every
//! chain, so a source change reaches every locale) or the second locale of one of the
//! page's bilingual editions in `L`, and
//! - `R` counts whole, or
//! - a changed id is one the page's templates call by name, or one those messages
//!   refer to, directly or not (a changed term reaches every message using it); a
//!   template that builds an id at run time reads every message of its resources, or
//! - `C` is `L`, the source or a bilingual partner, and a message was added, removed or
//!   moved into or out of `## Required` (the page's translated share changes), or any
//!   message changed on a page that shows the stale notice (its count may change).
//!
//! A source message reaches locale `L` only where `L`'s page shows it: where neither `L`
//! nor a locale before the source in its chain defines it in the page's files (or a
//! message shown from the source refers to it).
//!
//! References are followed in every locale at once (and in both versions of the
//! changed files), so a page is listed when any locale's messages could lead it to a
//! changed id: more than the cache renders, never less.

use crate::check::templates::{TemplateScanner, TemplateUses};
use crate::fluent::catalog::{Catalog, LocaleFiles};
use crate::fluent::diff::{diff, referenced_ids, ResourceDiff};
use crate::project::changes::{absolute, Changes};
use crate::project::config::{Config, PageConfig};
use crate::project::git::{GitError, Repo};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// The template every bilingual edition is made with.
const BILINGUAL_TEMPLATE: &str = "bilingual.print.html";

/// Why a job is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// `fluentpress.toml`, `fluentpress.lock` or a file under `templates/assets/`.
    Config,
    /// A template the page uses.
    Template,
    /// A `.ftl` file the page reads, counted whole (added, removed, not comparable).
    Resource,
    /// Messages added, removed or moved in or out of `## Required`, or the stale count.
    Coverage,
    /// Messages the page shows.
    Messages,
}

/// One page × locale to build, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Job {
    pub page: String,
    pub locale: String,
    pub reasons: BTreeSet<Reason>,
    /// The changed messages and terms the page reads, in this locale or those it
    /// falls back to.
    pub messages: BTreeSet<String>,
}

/// The changed `.ftl` files compared message by message, by locale and resource name,
/// and the ids every message and term refers to, in any locale.
#[derive(Debug, Default)]
pub struct Comparison {
    pub diffs: BTreeMap<(String, String), ResourceDiff>,
    pub references: BTreeMap<String, BTreeSet<String>>,
    /// The ids each locale's resource defines, by locale, then resource name (the
    /// changed files in their newer version): a page shows a locale's own message
    /// where it has one, so a source change does not reach it there.
    pub defined: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
}

/// The newer side of a comparison.
#[derive(Debug, Clone, Copy)]
pub enum Newer<'a> {
    Commit(&'a str),
    /// The files on disk.
    WorkTree,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("cannot write the versions to compare into a temporary folder: {0}")]
    Temp(#[source] std::io::Error),
}

/// Compares every changed `.ftl` file of `changes` at commit `old` with its version
/// in `new`. A file either side lacks, cannot read or parse without errors, or that
/// does not differ at all (a file named as changed that is not) is left out of the
/// diffs, to count whole. References are read from both versions and from every
/// locale's files on disk (for files the change leaves alone).
pub fn compare(
    config: &Config,
    repo: &Repo,
    old: &str,
    new: Newer,
    changes: &Changes,
) -> Result<Comparison, PlanError> {
    let source = changes
        .source
        .iter()
        .map(|r| (config.source_locale.clone(), r.clone()));
    let changed: Vec<(String, String)> = changes
        .resources
        .iter()
        .flat_map(|(tag, resources)| resources.iter().map(|r| (tag.clone(), r.clone())))
        .chain(source)
        .collect();
    let mut out = Comparison::default();
    if changed.is_empty() {
        return Ok(out);
    }
    let locales = absolute(&config.locales_dir());
    let paths: Vec<PathBuf> = changed
        .iter()
        .map(|(tag, resource)| locales.join(tag).join(resource))
        .collect();
    let names: Vec<String> = paths
        .iter()
        .map(|p| repo.name_of(p).unwrap_or_default())
        .collect();
    let temp = tempfile::tempdir().map_err(PlanError::Temp)?;
    // Each version through the catalog's own reading (UTF-8, size and nesting limits;
    // the default ones, so a file only a raised limit admits counts whole).
    let mut versions: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    let mut side = |label: &str, rev: Option<&str>| -> Result<(), PlanError> {
        let bytes = match rev {
            Some(rev) => repo.read(rev, &names)?,
            None => vec![None; names.len()],
        };
        let list = versions.entry(label.to_string()).or_default();
        for (i, (bytes, path)) in bytes.into_iter().zip(&paths).enumerate() {
            let file = match (rev, bytes) {
                (Some(_), Some(bytes)) => {
                    let file = temp.path().join(format!("{label}-{i}.ftl"));
                    std::fs::write(&file, bytes).map_err(PlanError::Temp)?;
                    file
                }
                (Some(_), None) => continue,
                (None, _) => path.clone(),
            };
            list.push((i.to_string(), file));
        }
        Ok(())
    };
    side("old", Some(old))?;
    match new {
        Newer::Commit(rev) => side("new", Some(rev))?,
        Newer::WorkTree => side("new", None)?,
    }
    let read = Catalog::from_files(&config.source_locale, versions, temp.path());
    let clean = |label: &str, i: usize| -> Option<&crate::fluent::catalog::ResourceFile> {
        let file = read.locale(label)?.file(&i.to_string())?;
        file.syntax_errors.is_empty().then_some(file)
    };
    for (i, key) in changed.iter().enumerate() {
        let (Some(before), Some(after)) = (clean("old", i), clean("new", i)) else {
            continue;
        };
        if before.source() == after.source() {
            continue;
        }
        out.diffs.insert(key.clone(), diff(before, after));
    }
    // Only a compared file's ids are looked for among a page's reads.
    if out.diffs.is_empty() {
        return Ok(out);
    }
    let on_disk = Catalog::load(config);
    let all = on_disk.locales.values().chain(read.locales.values());
    out.references = references(all);
    for (tag, files) in &on_disk.locales {
        let defined = out.defined.entry(tag.clone()).or_default();
        for file in &files.files {
            defined.insert(file.name.clone(), ids_of(file));
        }
    }
    // A changed file counts as its newer version, or as defining nothing when that
    // does not read cleanly (its messages then fall back).
    for (i, (tag, resource)) in changed.iter().enumerate() {
        out.defined.entry(tag.clone()).or_default().insert(
            resource.clone(),
            clean("new", i).map(ids_of).unwrap_or_default(),
        );
    }
    Ok(out)
}

/// The messages and terms a file defines.
fn ids_of(file: &crate::fluent::catalog::ResourceFile) -> BTreeSet<String> {
    file.entries().iter().map(|e| e.unit.key()).collect()
}

/// The ids each message and term refers to, in any of `locales`.
fn references<'a>(
    locales: impl Iterator<Item = &'a LocaleFiles>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in locales.flat_map(|l| &l.files) {
        for (id, refs) in referenced_ids(file) {
            out.entry(id).or_default().extend(refs);
        }
    }
    out
}

/// What one changed file means to one page.
#[derive(Default)]
struct Seen {
    whole: bool,
    coverage: bool,
    messages: BTreeSet<String>,
}

/// Every page × locale `changes` affect, pages in the config's order, then locales.
pub fn jobs(config: &Config, changes: &Changes, comparison: &Comparison) -> Vec<Job> {
    let mut scanner = TemplateScanner::new(&config.templates_dir());
    let changed_files = changes
        .resources
        .iter()
        .flat_map(|(tag, resources)| resources.iter().map(move |r| (tag.as_str(), r)))
        .chain(
            changes
                .source
                .iter()
                .map(|r| (config.source_locale.as_str(), r)),
        );
    let changed_files: Vec<(&str, &String)> = changed_files.collect();
    let mut jobs = Vec::new();
    for page in &config.pages {
        let mut uses =
            scanner.uses(std::iter::once(page.template.clone()).chain(page.print_template.clone()));
        let uses_changed = |uses: &TemplateUses| {
            !changes.templates.is_empty()
                && (uses.dynamic_templates
                    || changes.templates.iter().any(|t| uses.templates.contains(t)))
        };
        let template = uses_changed(&uses);
        // Made only in the locales that have an edition.
        let bilingual = scanner.uses([BILINGUAL_TEMPLATE.to_string()]);
        let bilingual_template = uses_changed(&bilingual);
        // A bilingual edition's second locale shows only in that edition.
        let edition_reads =
            (!bilingual.dynamic_ids).then(|| reached(&bilingual.ids, &comparison.references));
        if !page.bilingual.is_empty() {
            uses.ids.extend(bilingual.ids);
            uses.dynamic_ids |= bilingual.dynamic_ids;
        }
        let reads = (!uses.dynamic_ids).then(|| reached(&uses.ids, &comparison.references));
        // By the locale whose file changed.
        let mut seen: BTreeMap<&str, Seen> = BTreeMap::new();
        for &(tag, resource) in changed_files
            .iter()
            .filter(|(_, r)| page.resources.contains(r))
        {
            let entry = seen.entry(tag).or_default();
            match comparison.diffs.get(&(tag.to_string(), resource.clone())) {
                None => entry.whole = true,
                Some(d) => {
                    entry.messages.extend(
                        d.changed
                            .iter()
                            .filter(|id| reads.as_ref().is_none_or(|r| r.contains(*id)))
                            .cloned(),
                    );
                    entry.coverage |= d.coverage || (page.stale_notice && !d.changed.is_empty());
                }
            }
        }
        for locale in &config.locales {
            let mut job = Job {
                page: page.name.clone(),
                locale: locale.tag.clone(),
                reasons: BTreeSet::new(),
                messages: BTreeSet::new(),
            };
            if changes.every_page {
                job.reasons.insert(Reason::Config);
            }
            let partners = partners(page, &locale.tag);
            if template || (bilingual_template && !partners.is_empty()) {
                job.reasons.insert(Reason::Template);
            }
            // What the page shows from the source in this locale: only those messages
            // (and what they refer to) carry a source change here.
            let from_source = (locale.tag != config.source_locale
                && seen.contains_key(config.source_locale.as_str()))
            .then(|| {
                let before: Vec<&String> = std::iter::once(&locale.tag)
                    .chain(&locale.fallback)
                    .take_while(|t| **t != config.source_locale)
                    .collect();
                reads.as_ref().map(|reads| {
                    let shown: BTreeSet<String> = reads
                        .iter()
                        .filter(|id| {
                            !before.iter().any(|t| {
                                let Some(files) = comparison.defined.get(t.as_str()) else {
                                    return false;
                                };
                                page.resources
                                    .iter()
                                    .any(|r| files.get(r).is_some_and(|ids| ids.contains(*id)))
                            })
                        })
                        .cloned()
                        .collect();
                    reached(&shown, &comparison.references)
                })
            })
            .flatten();
            // The locale's own chain, then the second locales of its editions.
            let chain = std::iter::once(&locale.tag)
                .chain(&locale.fallback)
                .map(|tag| (tag, false))
                .chain(partners.iter().map(|tag| (*tag, true)));
            for (tag, in_edition) in chain {
                let Some(seen) = seen.get(tag.as_str()) else {
                    continue;
                };
                if seen.whole {
                    job.reasons.insert(Reason::Resource);
                }
                let shown = |id: &String| {
                    if in_edition {
                        edition_reads.as_ref().is_none_or(|r| r.contains(id))
                    } else {
                        *tag != config.source_locale
                            || from_source.as_ref().is_none_or(|s| s.contains(id))
                    }
                };
                let messages: Vec<&String> = seen.messages.iter().filter(|id| shown(id)).collect();
                if !messages.is_empty() {
                    job.reasons.insert(Reason::Messages);
                    job.messages.extend(messages.into_iter().cloned());
                }
                let counts = *tag == locale.tag || *tag == config.source_locale || in_edition;
                if seen.coverage && counts {
                    job.reasons.insert(Reason::Coverage);
                }
            }
            if !job.reasons.is_empty() {
                jobs.push(job);
            }
        }
    }
    jobs
}

/// The second locales of `page`'s bilingual editions in `tag`.
fn partners<'p>(page: &'p PageConfig, tag: &str) -> Vec<&'p String> {
    page.bilingual
        .iter()
        .filter(|pair| pair[0] == tag)
        .map(|pair| &pair[1])
        .collect()
}

/// `ids` and every id they refer to, directly or not.
fn reached(
    ids: &BTreeSet<String>,
    references: &BTreeMap<String, BTreeSet<String>>,
) -> BTreeSet<String> {
    let mut out = ids.clone();
    let mut todo: Vec<&String> = ids.iter().collect();
    while let Some(id) = todo.pop() {
        for next in references.get(id).into_iter().flatten() {
            if out.insert(next.clone()) {
                todo.push(next);
            }
        }
    }
    out
}
