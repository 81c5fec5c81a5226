//! `fluentpress.lock`: which source text each translation was made from.
//!
//! Fluent has no "fuzzy" flag, and renaming ids to force re-translation
//! throws work away. The lock records, per locale and message part (value,
//! each attribute), a fingerprint of the source and of the translation when
//! the translation was last known current. When the source changes and the
//! translation does not, the translation is *stale*. The old source texts
//! are kept (once each) so a translator sees what changed as a word diff.

use crate::finding::location::LineIndex;
use crate::fluent::catalog::{Catalog, Entry, LocaleFiles};
use fluent_syntax::ast;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const LOCK_FILE: &str = "fluentpress.lock";
const LOCK_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{path}:{line}:{column}: the lock file is damaged: {message}\n  hint: restore it from version control, or delete it and run `fluentpress lock` to record every translation as current")]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A translation's record: fingerprints of the source part it was made from,
/// and of the translation itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record(pub String, pub String);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub version: u32,
    /// Source texts by fingerprint, for showing what changed.
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// Per locale, per part id (`id`, `id.attr`, `-term`).
    #[serde(default)]
    pub locales: BTreeMap<String, BTreeMap<String, Record>>,
}

/// A translation whose source changed after it was made.
#[derive(Debug, Clone)]
pub struct Stale {
    pub id: String,
    pub old_source: String,
    pub new_source: String,
}

impl Lock {
    pub fn path(root: &Path) -> PathBuf {
        root.join(LOCK_FILE)
    }

    /// The lock, or an empty one when the project has none yet.
    pub fn load(root: &Path) -> Result<Lock, LockError> {
        let path = Lock::path(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Lock {
                    version: LOCK_VERSION,
                    ..Lock::default()
                })
            }
            Err(source) => return Err(LockError::Io { path, source }),
        };
        let lock: Lock = toml::from_str(&text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let loc = LineIndex::new(&text).location(&text, offset);
            LockError::Corrupt {
                path: path.clone(),
                line: loc.line,
                column: loc.column,
                message: e.message().to_string(),
            }
        })?;
        if lock.version != LOCK_VERSION {
            return Err(LockError::Corrupt {
                path,
                line: 1,
                column: 1,
                message: format!(
                    "version {} is not one this fluentpress reads ({LOCK_VERSION})",
                    lock.version
                ),
            });
        }
        Ok(lock)
    }

    pub fn save(&self, root: &Path) -> Result<(), LockError> {
        let path = Lock::path(root);
        let body = toml::to_string(self).unwrap_or_default();
        let text = format!(
            "# Written by fluentpress (`fluentpress lock`, `check --update-lock`, `accept`).\n# Records which source text each translation was made from; commit it.\n{body}"
        );
        crate::project::process::write_replacing(&path, text)
            .map_err(|source| LockError::Io { path, source })
    }

    /// Translations of `tag` whose source changed while they did not.
    pub fn stale(&self, tag: &str, source: &LocaleFiles, target: &LocaleFiles) -> Vec<Stale> {
        if !self.locales.contains_key(tag) {
            return Vec::new();
        }
        self.stale_against(tag, &part_texts(source), target)
    }

    /// [`Lock::stale`] with the source's [`part_texts`] given, for a caller
    /// that asks for many locales and makes them once.
    pub fn stale_against(
        &self,
        tag: &str,
        src: &BTreeMap<String, String>,
        target: &LocaleFiles,
    ) -> Vec<Stale> {
        let Some(records) = self.locales.get(tag) else {
            return Vec::new();
        };
        let tgt = part_texts(target);
        let mut out = Vec::new();
        for (id, record) in records {
            let (Some(s), Some(t)) = (src.get(id), tgt.get(id)) else {
                continue;
            };
            if fingerprint(s) != record.0 && fingerprint(t) == record.1 {
                out.push(Stale {
                    id: id.clone(),
                    old_source: self.sources.get(&record.0).cloned().unwrap_or_default(),
                    new_source: s.clone(),
                });
            }
        }
        out
    }

    /// Records every current translation of `tags`; stale ones keep their
    /// old record until translated again or accepted.
    pub fn refresh(&mut self, catalog: &Catalog, tags: &[String]) {
        let Some(source) = catalog.source() else {
            return;
        };
        let src = part_texts(source);
        for tag in tags {
            if tag == &catalog.source_locale {
                continue;
            }
            let Some(target) = catalog.locale(tag) else {
                continue;
            };
            let tgt = part_texts(target);
            let old = self.locales.remove(tag).unwrap_or_default();
            let mut records = BTreeMap::new();
            for (id, t) in &tgt {
                let Some(s) = src.get(id) else { continue };
                let (sf, tf) = (fingerprint(s), fingerprint(t));
                let record = match old.get(id) {
                    Some(r) if r.0 != sf && r.1 == tf => r.clone(),
                    _ => Record(sf.clone(), tf),
                };
                if record.0 == sf {
                    self.sources.insert(sf, s.clone());
                }
                records.insert(id.clone(), record);
            }
            self.locales.insert(tag.clone(), records);
        }
        self.collect_garbage();
    }

    /// Records the current translations of `parts` (`id`, `id.attr`) of
    /// `tag` alone, as [`Lock::refresh`] does for every part (`import`).
    pub fn record(&mut self, catalog: &Catalog, tag: &str, parts: &BTreeSet<String>) {
        let (Some(source), Some(target)) = (catalog.source(), catalog.locale(tag)) else {
            return;
        };
        let src = part_texts(source);
        let tgt = part_texts(target);
        let records = self.locales.entry(tag.to_string()).or_default();
        for id in parts {
            if let (Some(s), Some(t)) = (src.get(id), tgt.get(id)) {
                let sf = fingerprint(s);
                self.sources.insert(sf.clone(), s.clone());
                records.insert(id.clone(), Record(sf, fingerprint(t)));
            }
        }
        self.collect_garbage();
    }

    /// Marks the source change of `ids` (every stale part when empty) as
    /// needing no new translation. Returns the ids accepted.
    pub fn accept(&mut self, catalog: &Catalog, tag: &str, ids: &[String]) -> Vec<String> {
        let (Some(source), Some(target)) = (catalog.source(), catalog.locale(tag)) else {
            return Vec::new();
        };
        let src = part_texts(source);
        let stale = self.stale(tag, source, target);
        let mut accepted = Vec::new();
        let records = self.locales.entry(tag.to_string()).or_default();
        for s in stale {
            let wanted = ids.is_empty()
                || ids
                    .iter()
                    .any(|i| i == &s.id || s.id.split('.').next() == Some(i.as_str()));
            if !wanted {
                continue;
            }
            if let (Some(record), Some(text)) = (records.get_mut(&s.id), src.get(&s.id)) {
                record.0 = fingerprint(text);
                self.sources.insert(record.0.clone(), text.clone());
                accepted.push(s.id);
            }
        }
        self.collect_garbage();
        accepted
    }

    /// The source text a translation of `id` was last made from, in any locale.
    pub fn old_source_of(&self, tag: &str, id: &str) -> Option<&str> {
        let record = self.locales.get(tag)?.get(id)?;
        self.sources.get(&record.0).map(String::as_str)
    }

    fn collect_garbage(&mut self) {
        let used: BTreeSet<String> = self
            .locales
            .values()
            .flat_map(|r| r.values().map(|x| x.0.clone()))
            .collect();
        self.sources.retain(|k, _| used.contains(k));
    }
}

/// Every message part of a locale with its normalised text: `id` for the
/// value, `id.attr` for attributes, `-term` for a term's value.
pub fn part_texts(files: &LocaleFiles) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for file in &files.files {
        for entry in file.entries() {
            for (id, text) in entry_parts(&entry) {
                out.entry(id).or_insert(text);
            }
        }
    }
    out
}

pub fn entry_parts(entry: &Entry) -> Vec<(String, String)> {
    let key = entry.unit.key();
    entry
        .unit
        .patterns()
        .into_iter()
        // A term's attributes are private to its locale, like in `check`.
        .filter(|(attr, _)| attr.is_none() || !entry.unit.is_term())
        .map(|(attr, pattern)| {
            let id = attr.map_or_else(|| key.clone(), |a| format!("{key}.{a}"));
            (id, pattern_text(pattern))
        })
        .collect()
}

/// A pattern as Fluent source, whitespace folded, so re-indenting or
/// rewrapping a message does not make it look changed.
pub fn pattern_text(pattern: &ast::Pattern<&str>) -> String {
    let resource = ast::Resource {
        body: vec![ast::Entry::Message(ast::Message {
            id: ast::Identifier { name: "x" },
            value: Some(pattern.clone()),
            attributes: Vec::new(),
            comment: None,
        })],
    };
    let text = fluent_syntax::serializer::serialize(&resource);
    let text = text.strip_prefix("x =").unwrap_or(&text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text's fingerprint, as hex.
pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", fnv1a64(text.as_bytes()))
}

/// FNV-1a, 64 bits: stable across releases and platforms, which std's
/// hasher does not promise. Lock records and SARIF fingerprints use it.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// `old` → `new` as a word diff: `About [-the-]{+our+} work`.
pub fn word_diff(old: &str, new: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(old, new);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => out.push_str(text),
            ChangeTag::Delete if !text.trim().is_empty() => out.push_str(&format!("[-{text}-]")),
            ChangeTag::Insert if !text.trim().is_empty() => out.push_str(&format!("{{+{text}+}}")),
            _ => out.push_str(text),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_marks_changed_words() {
        assert_eq!(
            word_diff("About the page", "About our page"),
            "About [-the-]{+our+} page"
        );
    }

    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(fingerprint(""), "cbf29ce484222325");
        assert_eq!(fingerprint("a"), "af63dc4c8601ec8c");
    }
}
