//! Problems that stop a build: files that cannot be read or parsed, and
//! reference cycles. `check` reports the same findings among its own.

use crate::finding::{Code, Finding, Severity};
use crate::fluent::catalog::{Catalog, LocaleFiles, ResourceFile, Units};
use crate::fluent::references::{references, Reference};
use crate::project::config::Config;
use std::collections::{BTreeMap, BTreeSet};

pub type InputError = Finding;

/// Findings that make the catalog unusable, for every configured locale.
pub fn validate_catalog(config: &Config, catalog: &Catalog) -> Vec<Finding> {
    let mut out = Vec::new();
    for locale in &config.locales {
        let Some(files) = catalog.locale(&locale.tag) else {
            continue;
        };
        out.extend(load_findings(&locale.tag, files));
        for file in &files.files {
            out.extend(syntax_findings(&locale.tag, file));
        }
        out.extend(cycle_findings(&locale.tag, &files.units()));
    }
    out
}

pub fn load_findings(locale: &str, files: &LocaleFiles) -> Vec<Finding> {
    files
        .problems
        .iter()
        .map(|p| {
            let code = if p.message.starts_with("invalid UTF-8") {
                Code::InvalidUtf8
            } else {
                Code::UnreadableFile
            };
            let mut f = Finding::new(code, Severity::Error, locale, &p.path, &p.message);
            f.location = p.location;
            f
        })
        .collect()
}

pub fn syntax_findings(locale: &str, file: &ResourceFile) -> Vec<Finding> {
    file.syntax_errors
        .iter()
        .map(|e| {
            let location = file.location_at(error_offset(file.source(), e.pos.start));
            let span = e.pos.end.saturating_sub(e.pos.start).max(1);
            let line = file.line_text(location.line).to_string();
            let span = span.min(
                line.chars()
                    .count()
                    .saturating_sub(location.column - 1)
                    .max(1),
            );
            Finding::new(
                Code::SyntaxError,
                Severity::Error,
                locale,
                &file.path,
                e.kind.to_string(),
            )
            .at(location, &line, span)
        })
        .collect()
}

/// The parser reports errors at end of input on the blank line after the
/// culprit; point at the last character before it instead.
fn error_offset(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    let before = source[..offset].trim_end();
    if source[before.len()..offset].contains('\n') && !before.is_empty() {
        before.len() - before.chars().last().map_or(0, char::len_utf8)
    } else {
        offset
    }
}

/// Message and term references that lead back to where they started; Fluent
/// would print `{???}` for them at run time.
pub fn cycle_findings(locale: &str, units: &Units) -> Vec<Finding> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, (_, entry)) in units {
        let mut targets = BTreeSet::new();
        for (_, pattern) in entry.unit.patterns() {
            for r in references(pattern) {
                match r {
                    Reference::Message { id, .. } => {
                        targets.insert(id.to_string());
                    }
                    Reference::Term { id, .. } => {
                        targets.insert(format!("-{id}"));
                    }
                    _ => {}
                }
            }
        }
        graph.insert(key.clone(), targets);
    }
    let mut reported = BTreeSet::new();
    let mut out = Vec::new();
    for start in graph.keys() {
        if let Some(cycle) = find_cycle(&graph, start) {
            let members: BTreeSet<String> = cycle.iter().cloned().collect();
            if !reported.insert(members) {
                continue;
            }
            let (file, entry) = &units[start];
            let id = entry.unit.id().name;
            let loc = file.location_of(id);
            out.push(
                Finding::new(
                    Code::ReferenceCycle,
                    Severity::Error,
                    locale,
                    &file.path,
                    format!("reference cycle: {}", cycle.join(" → ")),
                )
                .at(loc, file.line_text(loc.line), id.chars().count())
                .id(start.clone()),
            );
        }
    }
    out
}

/// A path from `start` back to itself, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next.clone(), p));
            }
        }
    }
    None
}
