//! `check --format compare-locales`: the JSON that `compare-locales --json -`
//! writes, so dashboards built on compare-locales keep working.
//!
//! ```text
//! [
//!  {
//!   "details": {                 the files with something to say, as a tree of
//!    "fr": {                     path segments (common prefixes merged)
//!     "browser/a.ftl": [         one object per notice, in file order:
//!      {"missingEntity": "id"},  {"obsoleteEntity": "id"}, {"error": "text"},
//!      …                         {"warning": "text"}, {"missingFile": "error"},
//!     ]                          {"obsoleteFile": "error"}
//!    }
//!   },
//!   "summary": {
//!    "fr": {"changed": 12, "changed_w": 40, "errors": 1, "keys": 0,
//!           "missing": 3, "missing_w": 7, "obsolete": 1, "report": 0,
//!           "unchanged": 1, "unchanged_w": 2, "warnings": 2}
//!   }
//!  }
//! ]
//! ```
//!
//! With the project and the catalog (what `check --l10n-toml` has), the
//! counts are compare-locales' own, file pair by file pair:
//! - `missing` / `missing_w`: reference messages and terms the locale's file
//!   lacks (all of a missing file's), and their words (every text element
//!   of the value, attributes and variants; a term's value only);
//!   `report`: the same, for those a filter downgrades to `warning`;
//! - `obsolete`: the locale's messages its reference file does not have
//!   (an l10n file without a reference is one `obsoleteFile`, not counted);
//! - `changed` / `unchanged` (and `_w`, the reference's words): messages
//!   in both that differ from / equal the reference; `keys`: those whose id
//!   contains `key`;
//! - `errors` / `warnings`: fluentpress' own findings in the locale's file
//!   (so `check`'s checks, not compare-locales'), with a duplicated id once
//!   per file, unparsed content as compare-locales words it, and the
//!   reference's own syntax errors and duplicates as warnings of every
//!   locale, as compare-locales does.
//!
//! Without them ([`crate::report::render`]), the counts come from the
//! report's per-locale progress and findings.
//!
//! The reference locale itself is not listed (compare-locales does not
//! list it either); its findings still count for `check`'s exit code.

use crate::check::CheckReport;
use crate::compare_locales::l10n_toml::{relpath, Action, L10nProject};
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use crate::fluent::catalog::{Catalog, LocaleFiles, ResourceFile};
use crate::fluent::pattern::{walk, Visitor};
use fluent_syntax::ast::{self, Pattern};
use rayon::prelude::*;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One line of a file's details: `{"missingEntity": "id"}` and the like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: &'static str,
    pub text: String,
}

impl Serialize for Notice {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.kind, &self.text)?;
        m.end()
    }
}

/// compare-locales' per-locale counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub missing: usize,
    pub missing_w: usize,
    pub report: usize,
    pub obsolete: usize,
    pub changed: usize,
    pub changed_w: usize,
    pub unchanged: usize,
    pub unchanged_w: usize,
    pub keys: usize,
}

impl Summary {
    fn add(&mut self, o: &Summary) {
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.missing += o.missing;
        self.missing_w += o.missing_w;
        self.report += o.report;
        self.obsolete += o.obsolete;
        self.changed += o.changed;
        self.changed_w += o.changed_w;
        self.unchanged += o.unchanged;
        self.unchanged_w += o.unchanged_w;
        self.keys += o.keys;
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Keys in sorted order, as `json.dump(..., sort_keys=True)` writes them.
        let fields = [
            ("changed", self.changed),
            ("changed_w", self.changed_w),
            ("errors", self.errors),
            ("keys", self.keys),
            ("missing", self.missing),
            ("missing_w", self.missing_w),
            ("obsolete", self.obsolete),
            ("report", self.report),
            ("unchanged", self.unchanged),
            ("unchanged_w", self.unchanged_w),
            ("warnings", self.warnings),
        ];
        let mut m = s.serialize_map(Some(fields.len()))?;
        for (k, v) in fields {
            m.serialize_entry(k, &v)?;
        }
        m.end()
    }
}

/// A file's notices, by its path relative to the l10n base.
type FileNotices = (String, Vec<Notice>);
/// A file's notices, by its path's segments.
type TreeItem = (Vec<String>, Vec<Notice>);

/// compare-locales' details tree: path segments, common prefixes merged.
enum Tree {
    Leaf(Vec<Notice>),
    Branch(BTreeMap<String, Tree>),
}

impl Serialize for Tree {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Leaf(v) => v.serialize(s),
            Tree::Branch(m) => m.serialize(s),
        }
    }
}

fn build_tree(mut items: Vec<TreeItem>) -> BTreeMap<String, Tree> {
    let mut groups: BTreeMap<String, Vec<TreeItem>> = BTreeMap::new();
    for item in items.drain(..) {
        groups
            .entry(item.0.first().cloned().unwrap_or_default())
            .or_default()
            .push(item);
    }
    let mut out = BTreeMap::new();
    for (_, mut group) in groups {
        if group.len() == 1 {
            let (parts, notices) = group.pop().expect("one item");
            out.insert(parts.join("/"), Tree::Leaf(notices));
            continue;
        }
        let first = group[0].0.clone();
        let mut common = first.len();
        for (parts, _) in &group {
            common = common.min(parts.iter().zip(&first).take_while(|(a, b)| a == b).count());
        }
        // Files are never prefixes of one another, so something is left of each.
        let common = common.min(group.iter().map(|(p, _)| p.len() - 1).min().unwrap_or(0));
        let key = first[..common].join("/");
        let rest = group
            .into_iter()
            .map(|(parts, n)| (parts[common..].to_vec(), n))
            .collect();
        if common == 0 {
            out.extend(build_tree(rest));
        } else {
            out.insert(key, Tree::Branch(build_tree(rest)));
        }
    }
    out
}

/// The whole output, ending with a newline.
fn to_json(summary: BTreeMap<String, Summary>, details: Vec<FileNotices>) -> String {
    #[derive(serde::Serialize)]
    struct Observer {
        details: BTreeMap<String, Tree>,
        summary: BTreeMap<String, Summary>,
    }
    let mut merged: BTreeMap<String, Vec<Notice>> = BTreeMap::new();
    for (file, notices) in details {
        if !notices.is_empty() {
            merged.entry(file).or_default().extend(notices);
        }
    }
    let items = merged
        .into_iter()
        .map(|(file, n)| (file.split('/').map(str::to_string).collect(), n))
        .collect();
    let data = [Observer {
        details: build_tree(items),
        summary,
    }];
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    data.serialize(&mut ser)
        .expect("plain maps and strings serialize");
    let mut text = String::from_utf8(out).expect("serde_json writes UTF-8");
    text.push('\n');
    text
}

fn notice_text(f: &Finding, key: Option<&str>) -> String {
    match (f.location, key.or(f.id.as_deref())) {
        (Some(loc), Some(key)) => format!(
            "{} at line {}, column {} for {key}",
            f.message, loc.line, loc.column
        ),
        (Some(loc), None) => format!("{} at line {}, column {}", f.message, loc.line, loc.column),
        (None, _) => f.message.clone(),
    }
}

fn severity_kind(s: Severity) -> Option<&'static str> {
    match s {
        Severity::Error => Some("error"),
        Severity::Warning => Some("warning"),
        Severity::Info => None,
    }
}

fn count(summary: &mut Summary, kind: &str) {
    if kind == "error" {
        summary.errors += 1;
    } else {
        summary.warnings += 1;
    }
}

/// The report alone: per-locale progress and findings in compare-locales' shape.
fn render_report(report: &CheckReport) -> String {
    let mut summary: BTreeMap<String, Summary> = BTreeMap::new();
    for s in &report.locales {
        if s.locale == report.source_locale {
            continue;
        }
        summary.insert(
            s.locale.clone(),
            Summary {
                // compare-locales counts a missing term as a missing entity.
                missing: s.missing + s.missing_terms,
                missing_w: s.missing_words,
                obsolete: s.obsolete,
                changed: s.translated,
                ..Summary::default()
            },
        );
    }
    let mut details: Vec<FileNotices> = Vec::new();
    for f in &report.findings {
        if f.locale == report.source_locale {
            continue;
        }
        let notice = match f.code {
            Code::MissingMessage => Notice {
                kind: "missingEntity",
                text: f.id.clone().unwrap_or_default(),
            },
            Code::ObsoleteMessage => Notice {
                kind: "obsoleteEntity",
                text: f.id.clone().unwrap_or_default(),
            },
            Code::MissingFile => Notice {
                kind: "missingFile",
                text: if f.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                }
                .to_string(),
            },
            _ => {
                let Some(kind) = severity_kind(f.severity) else {
                    continue;
                };
                count(summary.entry(f.locale.clone()).or_default(), kind);
                Notice {
                    kind,
                    text: notice_text(f, None),
                }
            }
        };
        details.push((f.file_name(), vec![notice]));
    }
    to_json(summary, details)
}

/// The output: with the project and catalog, compare-locales' own counts;
/// without, what the report carries.
pub fn render(report: &CheckReport, project: Option<(&L10nProject, &Catalog)>) -> String {
    let Some((project, catalog)) = project else {
        return render_report(report);
    };
    let empty = LocaleFiles::default();
    let source = catalog.source().unwrap_or(&empty);
    let mut by_locale: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in &report.findings {
        by_locale.entry(f.locale.as_str()).or_default().push(f);
    }
    let parts: Vec<(String, LocalePart)> = project
        .locales
        .par_iter()
        .map(|locale| {
            let files = catalog.locale(locale).unwrap_or(&empty);
            let findings = by_locale
                .get(locale.as_str())
                .into_iter()
                .flatten()
                .copied();
            let part = locale_part(project, locale, source, files, findings);
            (locale.clone(), part)
        })
        .collect();
    render_parts(parts)
}

/// One locale's share of compare-locales' JSON: its counts (when any file of
/// it counts) and its files' notices.
#[derive(Debug, Default)]
pub struct LocalePart {
    summary: Option<Summary>,
    details: Vec<FileNotices>,
}

/// The JSON of every locale's part, in the order of the project's locales.
pub fn render_parts(parts: impl IntoIterator<Item = (String, LocalePart)>) -> String {
    let mut summary = BTreeMap::new();
    let mut details = Vec::new();
    for (locale, part) in parts {
        if let Some(s) = part.summary {
            summary.insert(locale, s);
        }
        details.extend(part.details);
    }
    to_json(summary, details)
}

/// One locale's part, from its files, the source's and its (finished) findings:
/// a caller that reads one locale at a time works it out while the locale is loaded.
pub fn locale_part<'f>(
    project: &L10nProject,
    locale: &str,
    source: &LocaleFiles,
    files: &LocaleFiles,
    findings: impl IntoIterator<Item = &'f Finding>,
) -> LocalePart {
    let mut by_file: HashMap<&Path, Vec<&Finding>> = HashMap::new();
    for f in findings {
        by_file.entry(f.file.as_path()).or_default().push(f);
    }
    let mut total: Option<Summary> = None;
    let mut details = Vec::new();
    for pair in project.pairs(locale) {
        let key = relpath(&pair.l10n, &project.l10n_base);
        let mut notices = Vec::new();
        let stats_counted = project.filter(locale, &pair.l10n, Some("")) != Action::Ignore;
        let mut summary = Summary::default();
        let mut touched = false;
        match (pair.l10n_exists, pair.reference_exists) {
            (false, true) => {
                let rv = project.filter(locale, &pair.l10n, None);
                if rv == Action::Ignore {
                    continue;
                }
                notices.push(Notice {
                    kind: "missingFile",
                    text: rv.as_str().to_string(),
                });
                if let Some(reference) = source.file(&pair.name) {
                    if stats_counted {
                        touched = true;
                        for e in keyed(reference) {
                            if let Some(entry) = e.entry {
                                summary.missing += 1;
                                summary.missing_w += words(entry);
                            }
                        }
                    }
                }
            }
            (true, false) => {
                let rv = project.filter(locale, &pair.l10n, None);
                if rv != Action::Ignore {
                    notices.push(Notice {
                        kind: "obsoleteFile",
                        text: rv.as_str().to_string(),
                    });
                }
            }
            (true, true) => {
                let l10n = files.file(&pair.name);
                let reference = source.file(&pair.name);
                match (reference, l10n) {
                    (Some(reference), Some(l10n)) => {
                        let found = by_file
                            .get(l10n.path.as_path())
                            .cloned()
                            .unwrap_or_default();
                        compare_files(
                            project,
                            locale,
                            &pair.l10n,
                            reference,
                            l10n,
                            &found,
                            &mut summary,
                            &mut notices,
                        );
                        touched = stats_counted || summary.errors + summary.warnings > 0;
                        if !stats_counted {
                            summary = Summary {
                                errors: summary.errors,
                                warnings: summary.warnings,
                                ..Summary::default()
                            };
                        }
                    }
                    _ => {
                        // A file that could not be read: its problem, as compare-locales
                        // reports a file it cannot parse.
                        for problem in files.problems.iter().chain(&source.problems) {
                            let shown = PathBuf::from(&pair.l10n);
                            let shown_ref = PathBuf::from(&pair.reference);
                            let rel = |p: &PathBuf| {
                                p.strip_prefix(&project.root).unwrap_or(p).to_path_buf()
                            };
                            if problem.path == rel(&shown) || problem.path == rel(&shown_ref) {
                                notices.push(Notice {
                                    kind: "error",
                                    text: problem.message.clone(),
                                });
                                summary.errors += 1;
                                touched = true;
                            }
                        }
                    }
                }
            }
            (false, false) => {}
        }
        if touched {
            total.get_or_insert_with(Summary::default).add(&summary);
        }
        details.push((key, notices));
    }
    LocalePart {
        summary: total,
        details,
    }
}

/// A file's entries as compare-locales keys them (junk gets a key of its own).
struct Keyed<'a> {
    key: String,
    entry: Option<&'a ast::Entry<&'a str>>,
    junk: Option<&'a str>,
}

fn keyed(file: &ResourceFile) -> Vec<Keyed<'_>> {
    let mut out = Vec::new();
    for (i, e) in file.resource.entries().enumerate() {
        match e {
            ast::Entry::Message(m) => out.push(Keyed {
                key: m.id.name.to_string(),
                entry: Some(e),
                junk: None,
            }),
            ast::Entry::Term(t) => out.push(Keyed {
                key: format!("-{}", t.id.name),
                entry: Some(e),
                junk: None,
            }),
            ast::Entry::Junk { content } => out.push(Keyed {
                key: format!("\u{0}junk {i}"),
                entry: None,
                junk: Some(content),
            }),
            _ => {}
        }
    }
    out
}

/// `"id occurs 2 times"` for every id defined more than once, in first-seen order.
fn duplicates(entries: &[Keyed]) -> Vec<(String, usize)> {
    let mut order: Vec<&str> = Vec::new();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in entries.iter().filter(|e| e.entry.is_some()) {
        let c = counts.entry(e.key.as_str()).or_insert(0);
        if *c == 0 {
            order.push(&e.key);
        }
        *c += 1;
    }
    order
        .into_iter()
        .filter(|k| counts[k] > 1)
        .map(|k| (k.to_string(), counts[k]))
        .collect()
}

/// compare-locales' AddRemove: both key lists merged in an order that keeps
/// each file's order; `(in reference, in l10n, key)`.
fn add_remove<'a>(left: &'a [Keyed], right: &'a [Keyed]) -> Vec<(bool, bool, &'a str)> {
    let mut order: HashMap<&str, (i64, i64)> = HashMap::new();
    let mut seq: Vec<&str> = Vec::new();
    for (i, e) in left.iter().enumerate() {
        if order.insert(&e.key, (i as i64, -1)).is_none() {
            seq.push(&e.key);
        }
    }
    let left_items: BTreeSet<&str> = left.iter().map(|e| e.key.as_str()).collect();
    let right_items: BTreeSet<&str> = right.iter().map(|e| e.key.as_str()).collect();
    let mut left_offset = -1;
    for (i, e) in right.iter().enumerate() {
        match order.get(e.key.as_str()) {
            Some((l, _)) => left_offset = *l,
            None => {
                order.insert(&e.key, (left_offset, i as i64));
                seq.push(&e.key);
            }
        }
    }
    seq.sort_by_key(|k| order[k]);
    seq.into_iter()
        .map(|k| (left_items.contains(k), right_items.contains(k), k))
        .collect()
}

/// The last entry with `key` (compare-locales looks entities up that way).
fn last<'a>(entries: &'a [Keyed<'a>], key: &str) -> Option<&'a Keyed<'a>> {
    entries.iter().rev().find(|e| e.key == key)
}

fn junk_message(file: &ResourceFile, content: &str) -> String {
    let start = crate::finding::location::offset_in(file.source(), content).unwrap_or(0);
    let trimmed_start = content.trim_start_matches([' ', '\t', '\r', '\n']);
    let text = trimmed_start.trim_end_matches([' ', '\t', '\r', '\n']);
    let a = start + (content.len() - trimmed_start.len());
    let b = a + text.len();
    let (from, to) = (file.location_at(a), file.location_at(b));
    format!(
        "Unparsed content \"{text}\" from line {} column {} to line {} column {}",
        from.line, from.column, to.line, to.column
    )
}

#[allow(clippy::too_many_arguments)]
fn compare_files(
    project: &L10nProject,
    locale: &str,
    l10n_path: &str,
    reference: &ResourceFile,
    l10n: &ResourceFile,
    found: &[&Finding],
    summary: &mut Summary,
    notices: &mut Vec<Notice>,
) {
    let refs = keyed(reference);
    let mine = keyed(l10n);
    fn push(summary: &mut Summary, notices: &mut Vec<Notice>, kind: &'static str, text: String) {
        count(summary, kind);
        notices.push(Notice { kind, text });
    }
    for (key, n) in duplicates(&refs) {
        push(
            summary,
            notices,
            "warning",
            format!("{key} occurs {n} times"),
        );
    }
    let own_dups = duplicates(&mine);
    for (key, n) in &own_dups {
        push(summary, notices, "error", format!("{key} occurs {n} times"));
    }
    // fluentpress' findings, by the message they are about.
    let mut used = vec![false; found.len()];
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        let skip = matches!(
            f.code,
            Code::MissingMessage | Code::ObsoleteMessage | Code::MissingFile | Code::SyntaxError
        ) || (f.code == Code::DuplicateId
            && own_dups
                .iter()
                .any(|(k, _)| Some(k.as_str()) == f.id.as_deref()))
            || severity_kind(f.severity).is_none();
        if skip {
            used[i] = true;
            continue;
        }
        if let Some(id) = &f.id {
            let key = id.split('.').next().unwrap_or(id).to_string();
            by_key.entry(key).or_default().push(i);
        }
    }
    for (in_ref, in_l10n, key) in add_remove(&refs, &mine) {
        match (in_ref, in_l10n) {
            (true, false) => {
                let e = last(&refs, key).expect("a reference key");
                let Some(entry) = e.entry else {
                    push(
                        summary,
                        notices,
                        "warning",
                        "Parser error in en-US".to_string(),
                    );
                    continue;
                };
                match project.filter(locale, l10n_path, Some(key)) {
                    Action::Ignore => continue,
                    Action::Error => {
                        summary.missing += 1;
                        summary.missing_w += words(entry);
                    }
                    Action::Warning => summary.report += 1,
                }
                notices.push(Notice {
                    kind: "missingEntity",
                    text: key.to_string(),
                });
            }
            (false, true) => {
                let e = last(&mine, key).expect("an l10n key");
                if let Some(content) = e.junk {
                    push(summary, notices, "error", junk_message(l10n, content));
                } else if project.filter(locale, l10n_path, Some(key)) != Action::Ignore {
                    summary.obsolete += 1;
                    notices.push(Notice {
                        kind: "obsoleteEntity",
                        text: key.to_string(),
                    });
                }
            }
            _ => {
                let (Some(r), Some(l)) = (
                    last(&refs, key).and_then(|e| e.entry),
                    last(&mine, key).and_then(|e| e.entry),
                ) else {
                    continue;
                };
                if key.contains("key") || key.contains("Key") {
                    summary.keys += 1;
                } else if same(r, l) {
                    summary.unchanged += 1;
                    summary.unchanged_w += words(r);
                } else {
                    summary.changed += 1;
                    summary.changed_w += words(r);
                }
                for &i in by_key.get(key).into_iter().flatten() {
                    used[i] = true;
                    let f = found[i];
                    let kind = severity_kind(f.severity).expect("filtered above");
                    push(summary, notices, kind, notice_text(f, Some(key)));
                }
            }
        }
    }
    // Findings about nothing compare-locales compares (another file's
    // duplicate, an obsolete message's problem): still fluentpress' findings.
    for (i, f) in found.iter().enumerate() {
        if !used[i] {
            let kind = severity_kind(f.severity).expect("filtered above");
            push(summary, notices, kind, notice_text(f, None));
        }
    }
}

/// Equal as compare-locales compares (comments aside; a term's attributes aside).
fn same(a: &ast::Entry<&str>, b: &ast::Entry<&str>) -> bool {
    match (a, b) {
        (ast::Entry::Message(x), ast::Entry::Message(y)) => {
            x.value == y.value && x.attributes == y.attributes
        }
        (ast::Entry::Term(x), ast::Entry::Term(y)) => x.value == y.value,
        _ => false,
    }
}

/// compare-locales' word count: whitespace-separated words of every text
/// element (value, attributes, every variant); a term's value only.
fn words(entry: &ast::Entry<&str>) -> usize {
    let mut n = 0;
    match entry {
        ast::Entry::Message(m) => {
            if let Some(v) = &m.value {
                n += pattern_words(v);
            }
            for a in &m.attributes {
                n += pattern_words(&a.value);
            }
        }
        ast::Entry::Term(t) => n += pattern_words(&t.value),
        _ => {}
    }
    n
}

fn pattern_words(p: &Pattern<&str>) -> usize {
    struct Words(usize);
    impl<'a> Visitor<'a> for Words {
        fn text(&mut self, text: &'a str) {
            self.0 += text
                .split(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
                .filter(|w| !w.is_empty())
                .count();
        }
    }
    let mut words = Words(0);
    walk(p, &mut words);
    words.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_details_tree_merges_common_prefixes() {
        let n = |t: &str| {
            vec![Notice {
                kind: "missingEntity",
                text: t.into(),
            }]
        };
        let json = to_json(
            BTreeMap::new(),
            vec![
                ("fr/browser/a.ftl".into(), n("a")),
                ("fr/browser/b.ftl".into(), n("b")),
                ("fr/toolkit/c.ftl".into(), n("c")),
                ("de/x.ftl".into(), n("x")),
                ("fr/empty.ftl".into(), vec![]),
            ],
        );
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v[0]["details"]["de/x.ftl"][0]["missingEntity"], "x");
        assert_eq!(
            v[0]["details"]["fr"]["browser"]["a.ftl"][0]["missingEntity"],
            "a"
        );
        assert_eq!(
            v[0]["details"]["fr"]["toolkit/c.ftl"][0]["missingEntity"],
            "c"
        );
        assert!(v[0]["details"]["fr"].get("empty.ftl").is_none());
        assert!(json.starts_with("[\n {\n  \"details\""));
    }

    #[test]
    fn add_remove_keeps_both_orders() {
        let k = |keys: &[&str]| -> Vec<Keyed<'static>> {
            keys.iter()
                .map(|k| Keyed {
                    key: k.to_string(),
                    entry: None,
                    junk: None,
                })
                .collect()
        };
        let (l, r) = (k(&["a", "b", "c"]), k(&["x", "b", "y", "c", "z"]));
        let order: Vec<(bool, bool, &str)> = add_remove(&l, &r);
        let keys: Vec<&str> = order.iter().map(|o| o.2).collect();
        assert_eq!(keys, ["x", "a", "b", "y", "c", "z"]);
        assert_eq!(order[1], (true, false, "a"));
        assert_eq!(order[2], (true, true, "b"));
    }
}
