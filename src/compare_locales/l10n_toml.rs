//! Mozilla `l10n.toml` project configs, read the way compare-locales reads
//! them, so a project checked by compare-locales can run `fluentpress check
//! --l10n-toml l10n.toml` without moving a file.
//!
//! What is read (compare-locales' `paths/configparser.py`, `project.py`,
//! `files.py`, `matcher.py`):
//!
//! | key | meaning |
//! | --- | --- |
//! | `basepath` | folder every relative pattern is resolved against (relative to the file; default `.`) |
//! | `locales` | the locales of the project |
//! | `[env]` | variables, used as `{name}` in patterns; `{l10n_base}` comes from `--l10n-base`, `{locale}` is the locale checked; `--define` overrides |
//! | `[[paths]]` | `reference` and `l10n` patterns (`*` one path segment, `**` any folders, `{var}`), optional `locales` |
//! | `[[includes]]` | `path` of another `l10n.toml` whose paths, filters and locales join the project |
//! | `[[excludes]]` | `path` of another `l10n.toml` whose files are left out |
//! | `[[filters]]` | `path` (one or a list), optional `key` (id, or `re:` + regular expression, one or a list), `action` `error`, `warning` or `ignore` |
//!
//! Only `.ftl` files are compared; other formats a config lists are skipped.
//!
//! How the project becomes a [`Config`] and a [`Catalog`]: the reference is
//! the source locale (its tag is guessed from the reference path, `en-US`
//! when there is none); every reference file is a resource, named by its
//! path relative to `basepath`; a locale's file is the l10n path that
//! compare-locales pairs with it. A locale only has the resources its
//! `[[paths]]` give it (per-path and per-config `locales`).
//!
//! The gate follows compare-locales' exit code: errors fail it, missing
//! strings do not (`required` is 0 for every locale; `--min-complete` still
//! raises it).
//!
//! `[[filters]]` become what compare-locales makes of them:
//! - a rule with a `key` applies to the findings about that message (its
//!   value, attributes, a missing or obsolete message): `ignore` drops them
//!   (an ignored missing message is not expected at all), `warning` makes
//!   errors warnings, `error` keeps fluentpress' severity;
//! - a rule without a key applies to the file as a whole: `ignore` means the
//!   locale need not have it (no `missing-file`, its messages not counted),
//!   `warning` reports a missing file as a warning.
//!
//! Later rules win over earlier ones, and an included config's `error`
//! wins over the including one's verdict, as in compare-locales.

pub use super::error::L10nError;
pub use super::files::FilePair;
pub use super::filters::Action;
pub use super::keys::KeyMatcher;
pub use super::paths::{relpath, PathPattern};

use super::files::{locale_pairs, WalkCache};
use super::filters::LocaleFilter;
use super::paths::{absolute, normpath, path_str};
use super::project::{parse_node, ProjectNode};
use crate::check::LocaleStats;
use crate::finding::Code;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::fluent::catalog::{Catalog, CatalogPlan, LocaleFiles};
use crate::project::config::{
    default_fallback, CheckConfig, Config, LocaleConfig, MarkupPolicy, MessageScope, Paper, Paths,
    PdfConfig, SeverityLevel, VariableSource,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use unic_langid::LanguageIdentifier;

/// What the command line adds to a project config.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `{l10n_base}`: the folder holding the localizations (compare-locales'
    /// `l10n-base-dir` argument). Default: the current folder.
    pub l10n_base: Option<PathBuf>,
    /// `-D var=value`: variables over the files' `[env]`.
    pub defines: Vec<(String, String)>,
    /// Only these locales (all of the project's when empty).
    pub locales: Vec<String>,
}

/// An `l10n.toml` project resolved to files: per locale, each l10n file with
/// its reference.
#[derive(Debug)]
pub struct L10nProject {
    /// The `l10n.toml` given.
    pub file: PathBuf,
    /// Its `basepath`, absolute: findings show paths relative to it.
    pub root: PathBuf,
    /// `{l10n_base}`, absolute: compare-locales' JSON names files relative to it.
    pub l10n_base: String,
    /// The tag the reference is checked under.
    pub source_locale: String,
    /// The locales checked, sorted.
    pub locales: Vec<String>,
    /// Per locale, every `.ftl` pair, sorted by l10n path.
    pub pairs: BTreeMap<String, Vec<FilePair>>,
    filters: BTreeMap<String, LocaleFilter>,
}

/// A locale-looking folder name in a reference path (`en-US`, `en`, `pt-BR`).
fn looks_like_tag(segment: &str) -> bool {
    let mut parts = segment.split('-');
    let lang = parts.next().unwrap_or("");
    if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    parts.all(|p| {
        (p.len() == 2 && p.chars().all(|c| c.is_ascii_uppercase()))
            || (p.len() == 4 && p.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
            || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
    })
}

/// A language identifier for a tag, shortening tags it cannot read
/// (`ja-JP-mac` → `ja-JP`).
fn langid_for(tag: &str) -> LanguageIdentifier {
    let parts: Vec<&str> = tag.split('-').collect();
    for n in (1..=parts.len()).rev() {
        if let Ok(id) = parts[..n].join("-").parse::<LanguageIdentifier>() {
            return id;
        }
    }
    LanguageIdentifier::default()
}

impl L10nProject {
    /// Reads `file` (and what it includes) and finds every file of every locale.
    pub fn load(file: &Path, options: &LoadOptions) -> Result<L10nProject, L10nError> {
        let l10n_base = absolute(
            options
                .l10n_base
                .as_deref()
                .unwrap_or_else(|| Path::new(".")),
        );
        let mut cli_env = BTreeMap::new();
        cli_env.insert("l10n_base".to_string(), l10n_base.clone());
        for (k, v) in &options.defines {
            cli_env.insert(k.clone(), v.clone());
        }
        let node = parse_node(file, &cli_env, &mut Vec::new())?;
        let all = node.all_locales();
        let locales: Vec<String> = if options.locales.is_empty() {
            all.iter().cloned().collect()
        } else {
            for l in &options.locales {
                if !all.contains(l) {
                    return Err(L10nError {
                        path: file.to_path_buf(),
                        at: None,
                        message: format!("--locale {l}: not a locale of this project"),
                    });
                }
            }
            let set: BTreeSet<String> = options.locales.iter().cloned().collect();
            set.into_iter().collect()
        };
        if locales.is_empty() {
            return Err(L10nError {
                path: file.to_path_buf(),
                at: None,
                message: "no locales: list them in `locales = [...]`".into(),
            });
        }

        // Configs and excludes, as ProjectFiles gathers them.
        let configs = node.configs();
        let mut seen = BTreeSet::new();
        let configs: Vec<&ProjectNode> = configs
            .into_iter()
            .filter(|c| seen.insert(c.file.clone()))
            .collect();
        let excludes: Vec<&ProjectNode> = node
            .excludes
            .iter()
            .filter(|e| !configs.iter().any(|c| c.file == e.file))
            .collect();

        let cache = WalkCache::default();
        let per_locale: Vec<(String, Vec<(String, String)>)> = locales
            .par_iter()
            .map(|locale| {
                let pairs = locale_pairs(&configs, &excludes, locale, &cache);
                (locale.clone(), pairs)
            })
            .collect();

        let root = node.root.clone();
        let name_of = |reference: &str| {
            let norm = normpath(reference);
            match norm.strip_prefix(&format!("{root}/")) {
                Some(rel) => rel.to_string(),
                None => norm,
            }
        };
        let mut pairs = BTreeMap::new();
        let mut exists_cache: HashMap<String, bool> = HashMap::new();
        let mut exists = |p: &str| {
            *exists_cache
                .entry(p.to_string())
                .or_insert_with(|| Path::new(p).is_file())
        };
        for (locale, list) in per_locale {
            let list: Vec<FilePair> = list
                .into_iter()
                .map(|(l10n, reference)| FilePair {
                    name: name_of(&reference),
                    l10n_exists: exists(&l10n),
                    reference_exists: exists(&reference),
                    l10n,
                    reference,
                })
                .collect();
            pairs.insert(locale, list);
        }

        // The reference's tag: a locale-looking folder of the first reference pattern.
        let guessed = configs
            .iter()
            .flat_map(|c| c.paths.iter())
            .filter_map(|p| p.reference.as_deref())
            .flat_map(|r| {
                r.split('/')
                    .take_while(|s| !s.contains('*') && !s.contains('{'))
                    .filter(|s| looks_like_tag(s))
                    .last()
                    .map(str::to_string)
            })
            .next()
            .unwrap_or_else(|| "en-US".to_string());
        let source_locale = if locales.contains(&guessed) {
            "reference".to_string()
        } else {
            guessed
        };

        let filters = locales
            .iter()
            .map(|l| (l.clone(), LocaleFilter::compile(&node, l)))
            .collect();
        Ok(L10nProject {
            file: file.to_path_buf(),
            root: PathBuf::from(&node.root),
            l10n_base,
            source_locale,
            locales,
            pairs,
            filters,
        })
    }

    /// The pairs of one locale (empty for an unknown locale).
    pub fn pairs(&self, locale: &str) -> &[FilePair] {
        self.pairs.get(locale).map_or(&[], |v| v.as_slice())
    }

    /// What the project's `[[filters]]` say about an l10n file (`entity`
    /// `None`) or one of its messages, as compare-locales' `filter` answers.
    pub fn filter(&self, locale: &str, l10n_path: &str, entity: Option<&str>) -> Action {
        match self.filters.get(locale) {
            Some(f) => f.filter(locale, l10n_path, entity),
            None => Action::Ignore,
        }
    }

    /// `check`'s configuration: the reference as the source locale, every
    /// locale advisory for completeness but failing on errors.
    pub fn config(&self) -> Config {
        let source_langid = langid_for(if self.source_locale == "reference" {
            "en-US"
        } else {
            &self.source_locale
        });
        let mut locales = vec![LocaleConfig {
            tag: self.source_locale.clone(),
            dir: crate::intl::direction(&source_langid),
            langid: source_langid,
            endonym: "reference".to_string(),
            fallback: Vec::new(),
            required: None,
            numbering: None,
            paper: Paper::for_locale(&langid_for("en-US")),
        }];
        for tag in &self.locales {
            let langid = langid_for(tag);
            let fallback = default_fallback(&langid, &self.source_locale, |t| {
                self.locales.iter().any(|l| l == t)
            });
            locales.push(LocaleConfig {
                tag: tag.clone(),
                dir: crate::intl::direction(&langid),
                endonym: crate::project::locale_names::endonym(tag)
                    .unwrap_or(tag)
                    .to_string(),
                paper: Paper::for_locale(&langid),
                langid,
                fallback,
                required: Some(0.0),
                numbering: None,
            });
        }
        Config {
            root: self.root.clone(),
            source_locale: self.source_locale.clone(),
            base_url: "/".to_string(),
            paths: Paths {
                locales: PathBuf::new(),
                ..Paths::default()
            },
            locales,
            pages: Vec::new(),
            // The project's own code renders the messages: its markup, the variables it
            // passes and the files it loads together are not fluentpress's to decide.
            check: CheckConfig {
                markup: Some(MarkupPolicy::Parity),
                scope: MessageScope::File,
                // compare-locales does not report a text left as the source: worth knowing
                // here, not a warning.
                severity: [(Code::SameAsSource, SeverityLevel::Info)].into(),
                variables: Some(VariableSource::Code),
                ..CheckConfig::default()
            },
            pdf: PdfConfig::default(),
            limits: Default::default(),
        }
    }

    /// Where every file is, to be read once: the reference files of every
    /// locale's pairs, and each locale's existing files.
    pub fn plan(&self) -> CatalogPlan {
        let mut files: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
        let mut source: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (locale, pairs) in &self.pairs {
            let mut mine = Vec::new();
            for p in pairs {
                if p.reference_exists {
                    source
                        .entry(p.name.clone())
                        .or_insert_with(|| PathBuf::from(&p.reference));
                }
                if p.l10n_exists {
                    mine.push((p.name.clone(), PathBuf::from(&p.l10n)));
                }
            }
            files.insert(locale.clone(), mine);
        }
        files.insert(self.source_locale.clone(), source.into_iter().collect());
        CatalogPlan::files(&self.source_locale, files, &self.root)
    }

    /// Every file read and parsed at once.
    pub fn catalog(&self) -> Catalog {
        self.plan().load()
    }

    /// What [`Finisher::finish_locale`] needs of the reference, worked out once.
    pub fn finisher<'a>(&'a self, config: &'a Config, source: &LocaleFiles) -> Finisher<'a> {
        let source_entries: BTreeMap<String, Vec<(String, bool, usize)>> = source
            .files
            .iter()
            .map(|f| {
                let list = f
                    .entries()
                    .iter()
                    .map(|e| {
                        (
                            e.unit.key(),
                            e.unit.is_term(),
                            crate::check::compare::unit_words(&e.unit),
                        )
                    })
                    .collect();
                (f.name.clone(), list)
            })
            .collect();
        let mut words: HashMap<String, usize> = HashMap::new();
        for (k, _, w) in source_entries.values().flatten() {
            words.entry(k.clone()).or_insert(*w);
        }
        Finisher {
            project: self,
            config,
            source_entries,
            words,
            key_rules: self.filters.values().any(LocaleFilter::has_key_rules),
        }
    }
}

/// Makes `check`'s findings and progress of a locale say what compare-locales'
/// project semantics say: resources a locale does not have are not missing,
/// files are named by their l10n path, `[[filters]]` apply. The counts and the
/// gate are then worked out again ([`crate::check::finish_stats`]).
pub struct Finisher<'a> {
    project: &'a L10nProject,
    config: &'a Config,
    /// Per reference file: its ids, whether each is a term, and its words.
    source_entries: BTreeMap<String, Vec<(String, bool, usize)>>,
    words: HashMap<String, usize>,
    key_rules: bool,
}

impl Finisher<'_> {
    /// One locale's findings and progress, while its files are at hand.
    pub fn finish_locale(
        &self,
        tag: &str,
        files: &LocaleFiles,
        findings: &mut Vec<Finding>,
        stats: &mut LocaleStats,
    ) {
        let project = self.project;
        let config = self.config;
        if tag == project.source_locale || !project.pairs.contains_key(tag) {
            return;
        }
        let words_of = |key: &str| self.words.get(key).copied().unwrap_or(0);
        // The locale's message ids (needed only for a missing file), and its
        // pairs by where compare() says a locale's copy of a resource would be.
        let mut units: Option<BTreeSet<String>> = None;
        let by_compare_path: HashMap<PathBuf, &str> = self
            .source_entries
            .keys()
            .map(|name| {
                let p = config.locales_dir().join(tag).join(name);
                (
                    p.strip_prefix(&config.root).unwrap_or(&p).to_path_buf(),
                    name.as_str(),
                )
            })
            .collect();
        let pair_by_name: HashMap<&str, &FilePair> = project
            .pairs(tag)
            .iter()
            .map(|p| (p.name.as_str(), p))
            .collect();
        let mut absolute_paths: HashMap<PathBuf, String> = HashMap::new();
        let shown = |abs: &str| {
            let p = PathBuf::from(abs);
            p.strip_prefix(&project.root).unwrap_or(&p).to_path_buf()
        };

        #[derive(Default)]
        struct Adjust {
            total: usize,
            translated: usize,
            obsolete: usize,
            words: usize,
            terms: usize,
        }
        let mut adj = Adjust::default();
        let mut kept = Vec::with_capacity(findings.len());
        for mut f in std::mem::take(findings) {
            if f.locale != tag {
                kept.push(f);
                continue;
            }
            if f.code == Code::MissingFile {
                let Some(name) = by_compare_path.get(&f.file).copied() else {
                    kept.push(f);
                    continue;
                };
                let units = units.get_or_insert_with(|| files.units().into_keys().collect());
                let counted: Vec<&(String, bool, usize)> = self.source_entries[name]
                    .iter()
                    .filter(|(_, term, _)| !term)
                    .collect();
                let untranslated: Vec<&&(String, bool, usize)> = counted
                    .iter()
                    .filter(|(k, _, _)| !units.contains(k))
                    .collect();
                let pair = pair_by_name.get(name).copied();
                let action = pair.map(|p| project.filter(tag, &p.l10n, None));
                match (pair, action) {
                    (Some(pair), Some(action)) if action != Action::Ignore => {
                        f.file = shown(&pair.l10n);
                        f.message = format!(
                            "{tag} has no {}: {} message(s) to translate (source: {})",
                            f.file.display(),
                            untranslated.len(),
                            shown(&pair.reference).display()
                        );
                        if action == Action::Warning {
                            f.severity = f.severity.min(Severity::Warning);
                        }
                        kept.push(f);
                    }
                    _ => {
                        // Not a resource of this locale, or one it need not have.
                        adj.total += counted.len();
                        adj.translated += counted.len() - untranslated.len();
                        adj.words += untranslated.iter().map(|(_, _, w)| w).sum::<usize>();
                        adj.terms += self.source_entries[name]
                            .iter()
                            .filter(|(k, term, _)| *term && !units.contains(k))
                            .count();
                    }
                }
                continue;
            }
            if f.code == Code::MissingMessage {
                let pair = by_compare_path
                    .get(&f.file)
                    .and_then(|name| pair_by_name.get(name));
                if let Some(pair) = pair {
                    f.file = shown(&pair.l10n);
                }
            }
            // Key rules: the finding's message, in its l10n file.
            let Some(id) = f.id.as_deref().filter(|_| self.key_rules) else {
                kept.push(f);
                continue;
            };
            let key = id.split('.').next().unwrap_or(id).to_string();
            let abs = absolute_paths
                .entry(f.file.clone())
                .or_insert_with(|| normpath(&path_str(&project.root.join(&f.file))));
            match project.filter(tag, abs, Some(&key)) {
                Action::Ignore => {
                    if f.code == Code::MissingMessage && !key.starts_with('-') {
                        adj.total += 1;
                        adj.words += words_of(&key);
                    } else if f.code == Code::MissingMessage {
                        adj.terms += 1;
                    }
                    if f.code == Code::ObsoleteMessage {
                        adj.obsolete += 1;
                    }
                    continue;
                }
                Action::Warning => f.severity = f.severity.min(Severity::Warning),
                Action::Error => {}
            }
            kept.push(f);
        }
        *findings = kept;
        stats.total = stats.total.saturating_sub(adj.total);
        stats.translated = stats.translated.saturating_sub(adj.translated);
        stats.obsolete = stats.obsolete.saturating_sub(adj.obsolete);
        stats.missing_words = stats.missing_words.saturating_sub(adj.words);
        stats.missing_terms = stats.missing_terms.saturating_sub(adj.terms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise() {
        assert_eq!(normpath("/a/b/../c/./d/"), "/a/c/d");
        assert_eq!(relpath("/l10n/fr/a.ftl", "/l10n"), "fr/a.ftl");
        assert_eq!(relpath("/x/fr/a.ftl", "/l10n"), "../x/fr/a.ftl");
        assert!(looks_like_tag("en-US"));
        assert!(looks_like_tag("en"));
        assert!(!looks_like_tag("locales"));
        assert_eq!(langid_for("ja-JP-mac").to_string(), "ja-JP");
    }
}
