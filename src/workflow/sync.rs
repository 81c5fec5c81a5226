//! `new-locale` and `sync`: locale files kept in line with the source
//! without touching what translators wrote.
//!
//! New source messages are offered as commented source text under a marked
//! heading at the end of the file; comments neither count as translated nor
//! block fallback. Obsolete messages are listed, and removed only with
//! `--prune`. Nothing is reordered or reformatted, so a second run changes
//! nothing.

use crate::finding::location::offset_in;
use crate::fluent::catalog::{Catalog, LocaleFiles, ResourceFile, Unit};
use crate::project::config::Config;
use crate::project::lock::{entry_parts, Lock};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Heading of the section sync appends new source messages under.
pub const SYNC_MARKER: &str = "# ---- fluentpress sync: new in the source; translate, then remove the \"# \" before each line ----";

/// One file's new content.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub path: PathBuf,
    /// `None` when the file is created.
    pub before: Option<String>,
    pub after: String,
}

/// Everything sync would do to one locale.
#[derive(Debug, Default)]
pub struct SyncPlan {
    pub changes: Vec<FileChange>,
    /// Messages offered for translation: (locale, id).
    pub offered: Vec<(String, String)>,
    /// Obsolete messages: (locale, file, id); removed when pruning.
    pub obsolete: Vec<(String, PathBuf, String)>,
    /// Translations carried over to a renamed id: (locale, old id, new id).
    pub carried: Vec<(String, String, String)>,
}

/// A locale file made from a source file: every message and term as a
/// comment, group and file comments kept, so the translator sees the
/// structure and translates in place.
pub fn scaffold(source: &ResourceFile, source_locale: &str) -> String {
    let text = source.source();
    let ranges = unit_ranges(source);
    let mut out = format!(
        "# Created by fluentpress from the {source_locale} source ({}).\n# Translate a message by removing the \"# \" before its lines and replacing the text.\n\n",
        source.name
    );
    let mut pos = 0;
    for range in ranges {
        out.push_str(&text[pos..range.start]);
        out.push_str(&comment_out(&text[range.clone()]));
        pos = range.end;
    }
    out.push_str(&text[pos..]);
    out
}

fn comment_out(block: &str) -> String {
    block
        .split_inclusive('\n')
        .map(|line| {
            if line.trim().is_empty() {
                "#\n".to_string()
            } else {
                format!("# {line}")
            }
        })
        .collect()
}

/// Byte ranges of every message and term, from the start of its first line
/// to the end of its last continuation line (its own comment excluded).
pub(crate) fn unit_ranges(file: &ResourceFile) -> Vec<std::ops::Range<usize>> {
    let text = file.source();
    file.entries()
        .iter()
        .filter_map(|e| {
            let at = offset_in(text, e.unit.id().name)?;
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            Some(start..unit_end(text, start))
        })
        .collect()
}

/// The range of `ranges` (from [`unit_ranges`], in file order) that holds `at`.
pub(crate) fn range_containing(
    ranges: &[std::ops::Range<usize>],
    at: usize,
) -> Option<&std::ops::Range<usize>> {
    let after = ranges.partition_point(|r| r.start <= at);
    after
        .checked_sub(1)
        .map(|i| &ranges[i])
        .filter(|r| r.contains(&at))
}

/// Where a message starting at `start` ends: Fluent continues a message on
/// indented lines, lines starting with `}` `[` `*` `.`, and blank lines
/// between them.
pub(crate) fn unit_end(text: &str, start: usize) -> usize {
    let mut end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let mut cursor = end;
    while cursor < text.len() {
        let line_end = text[cursor..]
            .find('\n')
            .map_or(text.len(), |i| cursor + i + 1);
        let line = &text[cursor..line_end];
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed.trim().is_empty() {
            cursor = line_end;
            continue;
        }
        let continues =
            trimmed.starts_with([' ', '\t']) || trimmed.starts_with(['}', '[', '*', '.']);
        if !continues {
            break;
        }
        cursor = line_end;
        end = line_end;
    }
    end
}

/// Ids offered as commented source text (`# id = …`) in a file's text.
pub fn offered_ids(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("# ")?;
            let (id, _) = rest.split_once(" =")?;
            let name = id.strip_prefix('-').unwrap_or(id);
            let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            valid.then(|| id.to_string())
        })
        .collect()
}

/// What sync would change in `tag`'s files.
pub fn plan(config: &Config, catalog: &Catalog, lock: &Lock, tag: &str, prune: bool) -> SyncPlan {
    let mut plan = SyncPlan::default();
    let (Some(source), Some(target)) = (catalog.source(), catalog.locale(tag)) else {
        return plan;
    };
    let source_units = source.units();
    let present = target.units();
    let dir = config.locales_dir().join(tag);
    for src_file in &source.files {
        let path = dir.join(&src_file.name);
        let Some(tgt_file) = target.file(&src_file.name) else {
            plan.changes.push(FileChange {
                path,
                before: None,
                after: scaffold(src_file, &catalog.source_locale),
            });
            plan.offered.extend(
                src_file
                    .entries()
                    .iter()
                    .map(|e| (tag.to_string(), e.unit.key())),
            );
            continue;
        };
        let before = tgt_file.source().to_string();
        let mut after = before.clone();
        let offered = offered_ids(&before);
        let mut additions = String::new();
        let mut src_ranges = None;
        for entry in src_file.entries() {
            let key = entry.unit.key();
            if present.contains_key(&key) || offered.contains(&key) {
                continue;
            }
            if let Some((old_id, text)) = carry_over(lock, tag, target, &entry, &source_units) {
                additions.push_str(&format!(
                    "# Carried over from `{old_id}`, whose source text was the same.\n{text}"
                ));
                plan.carried.push((tag.to_string(), old_id, key));
                continue;
            }
            // Found once per file: finding them per message made sync quadratic in a file's length.
            let ranges = src_ranges.get_or_insert_with(|| unit_ranges(src_file));
            let range = offset_in(src_file.source(), entry.unit.id().name)
                .and_then(|o| range_containing(ranges, o))
                .cloned();
            if let Some(range) = range {
                additions.push_str(&comment_out(&src_file.source()[range]));
                plan.offered.push((tag.to_string(), key));
            }
        }
        append_new(&mut after, &additions);
        let mut removals = Vec::new();
        let mut tgt_ranges = None;
        for entry in tgt_file.entries() {
            let key = entry.unit.key();
            if !source_units.contains_key(&key) {
                plan.obsolete
                    .push((tag.to_string(), tgt_file.path.clone(), key));
                if prune {
                    let ranges = tgt_ranges.get_or_insert_with(|| unit_ranges(tgt_file));
                    let range = offset_in(tgt_file.source(), entry.unit.id().name)
                        .and_then(|o| range_containing(ranges, o));
                    if let Some(range) = range {
                        removals.push(with_attached_comment(tgt_file.source(), range.clone()));
                    }
                }
            }
        }
        if !removals.is_empty() {
            // Remove from the end so earlier ranges stay valid; additions were appended after them.
            removals.sort_by_key(|r| std::cmp::Reverse(r.start));
            for r in removals {
                after.replace_range(r, "");
            }
        }
        if after != before {
            plan.changes.push(FileChange {
                path,
                before: Some(before),
                after,
            });
        }
    }
    plan
}

/// Appends messages new in the source at the end of a file, under [`SYNC_MARKER`].
pub(crate) fn append_new(after: &mut String, additions: &str) {
    if additions.is_empty() {
        return;
    }
    if !after.ends_with('\n') && !after.is_empty() {
        after.push('\n');
    }
    if !after.contains(SYNC_MARKER) {
        after.push('\n');
        after.push_str(SYNC_MARKER);
        after.push('\n');
    }
    after.push_str(additions);
}

/// The message's range widened to the comment lines directly above it.
fn with_attached_comment(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = range.start;
    while start > 0 {
        let prev_start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[prev_start..start];
        if line.starts_with("# ") || line.trim_end() == "#" {
            start = prev_start;
        } else {
            break;
        }
    }
    start..range.end
}

/// A translation of a renamed message: an obsolete message of the locale
/// whose recorded source text equals the new message's source text.
fn carry_over(
    lock: &Lock,
    tag: &str,
    target: &LocaleFiles,
    entry: &crate::fluent::catalog::Entry,
    source_units: &std::collections::BTreeMap<
        String,
        (&ResourceFile, crate::fluent::catalog::Entry),
    >,
) -> Option<(String, String)> {
    let new_text = entry_parts(entry).into_iter().next()?.1;
    for (old_id, (file, old_entry)) in target.units() {
        if source_units.contains_key(&old_id)
            || matches!(old_entry.unit, Unit::Term(_)) != entry.unit.is_term()
        {
            continue;
        }
        if lock.old_source_of(tag, &old_id) == Some(new_text.as_str()) {
            let range = unit_ranges(file).into_iter().find(|r| {
                offset_in(file.source(), old_entry.unit.id().name).is_some_and(|o| r.contains(&o))
            })?;
            let text = &file.source()[range];
            let renamed = text.replacen(&old_id, &entry.unit.key(), 1);
            return Some((old_id, renamed));
        }
    }
    None
}

/// Writes every change.
pub fn apply(plan: &SyncPlan) -> std::io::Result<()> {
    for change in &plan.changes {
        if let Some(dir) = change.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::project::process::write_replacing(&change.path, &change.after)?;
    }
    Ok(())
}

/// A unified diff of a change, for `--dry-run`.
pub fn diff(change: &FileChange) -> String {
    let before = change.before.as_deref().unwrap_or("");
    let name = change.path.display().to_string();
    similar::TextDiff::from_lines(before, &change.after)
        .unified_diff()
        .header(&name, &name)
        .to_string()
}
