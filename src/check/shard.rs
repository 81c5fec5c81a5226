//! `check --shard I/N`: a shard checks its share of the locales and writes them as a
//! part; `merge --check` puts the parts back together into the report one `check`
//! of every locale would have made, and decides the gate on it.
//!
//! Locales are split by weight (the bytes of their files, which track their
//! messages) with [`crate::site::shard::assign`], so every runner agrees on its
//! locales without talking to the others. A part keeps each finding whole (with the
//! line the text format underlines), the locales' raw progress and their pages'
//! coverage; the counts and the gate are worked out again over all of them by
//! [`finish_stats`], as a single run does.

use crate::check::{finish_stats, CheckOptions, CheckReport, LocaleStats, SCHEMA_VERSION};
use crate::finding::location::Location;
use crate::finding::{Code, Finding, Severity};
use crate::fluent::coverage::PageCoverage;
use crate::project::config::Config;
use crate::project::lock::LOCK_FILE;
use crate::site::manifest::{
    check_part_set, files_of, hash_inputs, other_than_project, PartHeader, PartKind, PartSetError,
    ShardPart,
};
use crate::site::shard::{assign, ShardSpec};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The part's name in its folder.
pub const PART_FILE: &str = "check.json";

/// Version of the part's schema.
pub const PART_VERSION: u32 = 1;

/// What the parts' `inputs` hash, in words, for the error when they differ.
/// What one shard of `check` found, and what it was checked from.
#[derive(Debug, Serialize, Deserialize)]
pub struct CheckPart {
    /// `inputs`: a hash of the config, locales, templates, lock file and the gate's options.
    #[serde(flatten)]
    pub header: PartHeader,
    pub shard: ShardSpec,
    /// Every locale of the whole check, over all shards, in the report's order.
    pub all_locales: Vec<String>,
    /// `--min-complete` and `--deny warnings`, which the merged gate applies.
    pub min_complete: BTreeMap<String, f64>,
    pub deny_warnings: bool,
    /// This shard's locales, in the report's order, and their progress.
    pub locales: Vec<LocaleStats>,
    /// Their findings, and those about folders no locale is configured for (every
    /// shard finds the latter; the merge keeps the first shard's).
    pub findings: Vec<StoredFinding>,
    pub pages: Vec<PageCoverage>,
}

/// A [`Finding`] as a part keeps it: whole, with the line the text format underlines
/// (the report's JSON, [`Finding`]'s own `Serialize`, leaves that out).
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredFinding(#[serde(with = "FindingFields")] pub Finding);

/// [`Finding`]'s fields for serde: `remote` checks at compile time that they are
/// exactly [`Finding`]'s, so a field added there cannot be dropped here unnoticed.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Finding")]
struct FindingFields {
    code: Code,
    severity: Severity,
    locale: String,
    file: PathBuf,
    location: Option<Location>,
    id: Option<String>,
    message: String,
    line_text: Option<String>,
    span_len: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckMergeError {
    #[error("{}: cannot read the check part: {reason}\n  hint: pass the folders (or their {PART_FILE}) `check --shard I/N --part DIR` wrote", .path.display())]
    Part { path: PathBuf, reason: String },
    #[error(transparent)]
    Parts(#[from] PartSetError),
    #[error("{}: locale {locale} is also in {}", .path.display(), .other.display())]
    LocaleTwice {
        path: PathBuf,
        other: PathBuf,
        locale: String,
    },
    #[error("locale {0} is in no part")]
    LocaleMissing(String),
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ShardPart for CheckPart {
    const KIND: PartKind = PartKind::Check;
    fn shard(&self) -> ShardSpec {
        self.shard
    }
    fn header(&self) -> &PartHeader {
        &self.header
    }
    fn same_split(&self, other: &Self) -> bool {
        self.shard.total == other.shard.total && self.all_locales == other.all_locales
    }
}

/// Each locale's weight: the bytes of its files (at least 1, for a locale without any).
pub fn locale_weights(config: &Config) -> Vec<u64> {
    let dir = config.locales_dir();
    config
        .locales
        .iter()
        .map(|locale| {
            let bytes: u64 = files_of(&dir.join(&locale.tag))
                .map(|files| {
                    files
                        .values()
                        .filter_map(|p| std::fs::metadata(p).ok())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0);
            bytes.max(1)
        })
        .collect()
}

/// The locales `shard` checks, in the config's order.
pub fn locales_of(config: &Config, shard: ShardSpec) -> Vec<String> {
    let owner = assign(&locale_weights(config), shard.total);
    config
        .locales
        .iter()
        .zip(owner)
        .filter(|(_, s)| *s == shard.index)
        .map(|(l, _)| l.tag.clone())
        .collect()
}

/// What the parts of one sharded check must agree on.
fn inputs_of(config: &Config, options: &CheckOptions) -> Result<String, CheckMergeError> {
    let text = format!(
        "check min_complete={:?} deny_warnings={}",
        options.min_complete, options.deny_warnings
    );
    hash_inputs(config, &text, &[LOCK_FILE])
        .map_err(|(path, source)| CheckMergeError::Read { path, source })
}

impl CheckPart {
    /// The part of a check of `shard`'s locales ([`locales_of`]) that made `report`.
    pub fn new(
        config: &Config,
        options: &CheckOptions,
        shard: ShardSpec,
        report: CheckReport,
    ) -> Result<CheckPart, CheckMergeError> {
        Ok(CheckPart {
            header: PartHeader::new(PART_VERSION, inputs_of(config, options)?),
            shard,
            all_locales: config.locales.iter().map(|l| l.tag.clone()).collect(),
            min_complete: options.min_complete.clone(),
            deny_warnings: options.deny_warnings,
            locales: report.locales,
            findings: report.findings.into_iter().map(StoredFinding).collect(),
            pages: report.pages,
        })
    }

    /// Writes the part into `dir` (created if needed) as [`PART_FILE`], whole or not at all.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, CheckMergeError> {
        let path = dir.join(PART_FILE);
        let failed = |source| CheckMergeError::Read {
            path: path.clone(),
            source,
        };
        let json = serde_json::to_string_pretty(self).map_err(|e| failed(e.into()))?;
        std::fs::create_dir_all(dir).map_err(failed)?;
        crate::project::process::write_replacing(&path, json).map_err(failed)?;
        Ok(path)
    }

    /// The part in `path`: its folder, or the file itself.
    fn read(path: &Path) -> Result<CheckPart, CheckMergeError> {
        let file = if path.is_dir() {
            path.join(PART_FILE)
        } else {
            path.to_path_buf()
        };
        let unreadable = |reason: String| CheckMergeError::Part {
            path: file.clone(),
            reason,
        };
        let text = std::fs::read_to_string(&file).map_err(|e| unreadable(e.to_string()))?;
        let part: CheckPart = serde_json::from_str(&text).map_err(|e| unreadable(e.to_string()))?;
        if part.header.version != PART_VERSION {
            return Err(unreadable(format!(
                "part version {} is not {PART_VERSION}",
                part.header.version
            )));
        }
        Ok(part)
    }
}

/// The report of one `check` of every locale, from the parts in `paths`: checked from
/// the same inputs as `config`'s project now, every shard once, every locale once.
pub fn merge(config: &Config, paths: &[PathBuf]) -> Result<CheckReport, CheckMergeError> {
    let mut parts = paths
        .iter()
        .map(|path| Ok((path.clone(), CheckPart::read(path)?)))
        .collect::<Result<Vec<_>, CheckMergeError>>()?;
    check_part_set(&parts)?;
    let (first_path, first) = &parts[0];
    // The gate is decided with this project's config: it must be the parts' too.
    let options = CheckOptions {
        min_complete: first.min_complete.clone(),
        deny_warnings: first.deny_warnings,
        ..CheckOptions::default()
    };
    if inputs_of(config, &options)? != first.header.inputs {
        return Err(other_than_project(PartKind::Check, first_path, &config.root).into());
    }

    let all_locales = first.all_locales.clone();
    let configured: BTreeSet<&str> = all_locales.iter().map(String::as_str).collect();
    let mut owner: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut stats: BTreeMap<String, LocaleStats> = BTreeMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut pages: Vec<PageCoverage> = Vec::new();
    parts.sort_by_key(|(_, p)| p.shard.index);
    for (path, part) in parts {
        for s in part.locales {
            if let Some(other) = owner.insert(s.locale.clone(), path.clone()) {
                return Err(CheckMergeError::LocaleTwice {
                    path,
                    other,
                    locale: s.locale,
                });
            }
            stats.insert(s.locale.clone(), s);
        }
        // Every shard finds the folders no locale is configured for: one copy is kept.
        let keep_stray = part.shard.index == 0;
        findings.extend(
            part.findings
                .into_iter()
                .map(|stored| stored.0)
                .filter(|f| keep_stray || configured.contains(f.locale.as_str())),
        );
        pages.extend(part.pages);
    }
    let mut ordered = Vec::new();
    for tag in &all_locales {
        match stats.remove(tag) {
            Some(s) => ordered.push(s),
            None => return Err(CheckMergeError::LocaleMissing(tag.clone())),
        }
    }
    // As a single run orders them: the source's findings first, then locale by
    // locale, each locale's own order kept (the sort is stable).
    let source = &config.source_locale;
    findings
        .sort_by(|a, b| (&a.locale != source, &a.locale).cmp(&(&b.locale != source, &b.locale)));
    // Page by page, then locale by locale.
    let locale_rank: BTreeMap<&str, usize> = all_locales
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let page_rank: BTreeMap<&str, usize> = config
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), i))
        .collect();
    pages.sort_by_key(|p| {
        (
            page_rank.get(p.page.as_str()).copied(),
            locale_rank.get(p.locale.as_str()).copied(),
        )
    });
    let gate = finish_stats(config, &options, &mut ordered, &findings);
    Ok(CheckReport {
        version: SCHEMA_VERSION,
        source_locale: config.source_locale.clone(),
        locales: ordered,
        findings,
        pages,
        gate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_findings_keep_what_the_text_format_shows() {
        let finding = Finding::new(
            Code::Stale,
            Severity::Warning,
            "fr",
            "locales/fr/a.ftl",
            "m",
        )
        .at(Location { line: 3, column: 5 }, "hello = Bonjour", 5)
        .id("hello");
        let json = serde_json::to_string(&StoredFinding(finding.clone())).unwrap();
        let back = serde_json::from_str::<StoredFinding>(&json).unwrap().0;
        assert_eq!(back.to_string(), finding.to_string());
        assert_eq!(back.span_len, 5);
    }
}
