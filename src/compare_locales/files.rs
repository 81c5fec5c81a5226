//! The files of a locale (compare-locales' `ProjectFiles`): every l10n file
//! and the reference it is measured against, found by walking the folders
//! the patterns name.

use super::paths::PathPattern;
use super::project::ProjectNode;
use crate::project::walk::{Links, Walk};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
struct Matchers {
    l10n: PathPattern,
    reference: Option<PathPattern>,
}

/// The matchers of `configs` for `locale`, last-defined first.
fn matchers_for(configs: &[&ProjectNode], locale: &str) -> Vec<Matchers> {
    let mut out = Vec::new();
    for pc in configs {
        if pc
            .locales
            .as_ref()
            .is_some_and(|l| !l.iter().any(|x| x == locale))
        {
            continue;
        }
        let env = pc.env_for(locale);
        for p in &pc.paths {
            if p.locales
                .as_ref()
                .is_some_and(|l| !l.iter().any(|x| x == locale))
            {
                continue;
            }
            // Patterns were checked when the config was read.
            let Ok(l10n) = PathPattern::new(&p.l10n, &pc.root, &env) else {
                continue;
            };
            let reference = p
                .reference
                .as_ref()
                .and_then(|r| PathPattern::new(r, &pc.root, &env).ok());
            out.push(Matchers { l10n, reference });
        }
    }
    out.reverse();
    out
}

/// Every file under the folder a pattern's prefix names (or the prefix
/// itself, when it is a file); each prefix is walked once for all locales.
fn walk(prefix: &str, cache: &WalkCache) -> Arc<Vec<String>> {
    if let Some(hit) = cache.lock().expect("walk cache").get(prefix) {
        return hit.clone();
    }
    let mut out = Vec::new();
    let p = Path::new(prefix);
    if p.is_file() {
        out.push(prefix.to_string());
    } else {
        // A prefix ending inside a name (`en/main*.ftl`) is looked for in its folder.
        let dir = if p.is_dir() {
            prefix.to_string()
        } else {
            prefix[..prefix.rfind('/').map_or(0, |i| i + 1)].to_string()
        };
        walk_dir(&dir, &mut out);
    }
    let out = Arc::new(out);
    cache
        .lock()
        .expect("walk cache")
        .insert(prefix.to_string(), out.clone());
    out
}

fn walk_dir(dir: &str, out: &mut Vec<String>) {
    // Unreadable folders and special files are passed over, as
    // compare-locales does: a pattern's folder need not exist.
    let walked = Walk::new(if dir.is_empty() { "/" } else { dir })
        .links(Links::FilesOnly)
        .run();
    out.extend(
        walked
            .files
            .iter()
            .filter_map(|p| p.to_str().map(str::to_string)),
    );
}

/// One l10n file and the reference it is measured against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePair {
    /// Resource name shared with the reference (its path relative to `basepath`).
    pub name: String,
    /// Absolute path of the locale's file (which may not exist).
    pub l10n: String,
    /// Absolute path of the reference file (which may not exist).
    pub reference: String,
    pub l10n_exists: bool,
    pub reference_exists: bool,
}

/// Where each prefix's walk is kept, for every locale to share.
pub(super) type WalkCache = Mutex<HashMap<String, Arc<Vec<String>>>>;

/// Every `.ftl` (l10n path, reference path) pair of `locale`, sorted by l10n
/// path: files found under either pattern, paired through the other, less
/// what `excludes` match.
pub(super) fn locale_pairs(
    configs: &[&ProjectNode],
    excludes: &[&ProjectNode],
    locale: &str,
    cache: &WalkCache,
) -> Vec<(String, String)> {
    let mut exclude_matchers = Vec::new();
    for e in excludes {
        if e.all_locales().contains(locale) {
            exclude_matchers.extend(matchers_for(&e.configs(), locale));
        }
    }
    let excluded = |p: &str| {
        exclude_matchers
            .iter()
            .any(|m| m.l10n.matches(p) || m.reference.as_ref().is_some_and(|r| r.matches(p)))
    };
    let matchers = matchers_for(configs, locale);
    let mut known: BTreeMap<String, Option<String>> = BTreeMap::new();
    for m in &matchers {
        for path in walk(&m.l10n.prefix(), cache).iter() {
            if excluded(path) || !m.l10n.matches(path) {
                continue;
            }
            known
                .entry(path.clone())
                .or_insert_with(|| m.reference.as_ref().and_then(|r| m.l10n.sub(r, path)));
        }
        let Some(reference) = &m.reference else {
            continue;
        };
        for path in walk(&reference.prefix(), cache).iter() {
            if excluded(path) || !reference.matches(path) {
                continue;
            }
            if let Some(l10n) = reference.sub(&m.l10n, path) {
                known.entry(l10n).or_insert(Some(path.clone()));
            }
        }
    }
    known
        .into_iter()
        .filter_map(|(l10n, reference)| Some((l10n, reference?)))
        .filter(|(l10n, reference)| l10n.ends_with(".ftl") && reference.ends_with(".ftl"))
        .collect()
}
