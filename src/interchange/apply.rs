//! Imported translations written back into a locale's `.ftl` files with
//! `sync`'s editing rules: only the messages whose units changed are
//! rewritten, in place; a message new to the locale replaces the commented
//! source `sync` offered, or goes where `sync` would put it. Everything is
//! checked before anything is planned, so bad input writes nothing.

use super::{
    adapt_selects, message_key, nodes, part_id, sole_select, variant_unit_id, xliff::merge, Code,
    Content, Expected, ExpectedUnits, FastMap, FastSet, ImportedDocument, InterchangeError, Node,
    Piece, Project, Translations, Variant,
};
use crate::finding::location::offset_in;
use crate::fluent::catalog::{Entry, ResourceFile};
use crate::fluent::markup::scan_tags;
use crate::workflow::sync::{
    append_new, range_containing, scaffold, unit_end, unit_ranges, FileChange,
};
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What an import would do.
#[derive(Debug, Default)]
pub struct ImportPlan {
    pub changes: Vec<FileChange>,
    /// Message parts translated (`id`, `id.attr`), for the lock.
    pub parts: BTreeSet<String>,
    /// Units whose translation changed.
    pub units: usize,
    /// New messages left out because not every unit they need was filled.
    pub incomplete: Vec<String>,
}

/// A message's changed units by id: the new content and the unit it fills.
type Fills<'u, 'p> = BTreeMap<String, (Content, &'u Expected<'p>)>;

/// One file's edits: (range, replacement) pairs, and text appended at its end.
type FileEdits = (Vec<(std::ops::Range<usize>, String)>, String);

/// One file to import: where it is, its text, and what was read from it.
pub struct Input {
    pub path: std::path::PathBuf,
    pub text: String,
    pub imported: ImportedDocument,
    /// The targets are text with codes written as Fluent (PO).
    pub plain: bool,
}

impl Input {
    fn err(&self, offset: usize, message: String) -> InterchangeError {
        InterchangeError::at(&self.path, &self.text, offset, message)
    }
}

/// Plans writing `inputs` (every file given for one locale, such as the
/// files of an export per resource) into `tag`.
pub fn plan<'p>(
    project: &'p Project<'p>,
    tag: &str,
    mut inputs: Vec<Input>,
) -> Result<ImportPlan, InterchangeError> {
    for input in &inputs {
        if let Some(locale) = &input.imported.target_locale {
            if !locale.is_empty() && locale != tag {
                return Err(input.err(0, format!("the file is a translation into `{locale}`, not `{tag}` (give --locale {locale})")));
            }
        }
    }
    let (config, catalog) = (project.config, project.catalog);
    let target = catalog.locale(tag);
    let translations = Translations::of(target);
    // Built once for every file of the locale and looked up by hash.
    let expected = ExpectedUnits::of(project, tag, &translations)?;
    // A unit's file as the imported file names it: XLIFF's `original` is the
    // resource name, a PO reference (`#:`) the source file's path.
    let file_names: FastMap<String, &str> = catalog
        .source()
        .into_iter()
        .flat_map(|s| &s.files)
        .flat_map(|f| {
            let shown = f.path.display().to_string();
            [
                (f.name.clone(), f.name.as_str()),
                (shown.replace(' ', "\u{2007}"), f.name.as_str()),
                (shown, f.name.as_str()),
            ]
        })
        .collect();
    // Per (file, message), the units whose translation changed, and the input each came from.
    type Changed<'u, 'p> =
        FastMap<(&'p str, &'p str), BTreeMap<String, (Content, &'u Expected<'p>)>>;
    let mut changed: Changed = FastMap::default();
    let mut came_from: FastMap<(&str, &str), usize> = FastMap::default();
    let mut resolved: Vec<Vec<&str>> = Vec::new();
    for input in &inputs {
        let mut files = Vec::with_capacity(input.imported.units.len());
        for item in &input.imported.units {
            // An id in one file needs no file named.
            let file = match file_names.get(&*item.file) {
                Some(file) => *file,
                None => {
                    let mut found = expected.with_id(&item.id).map(|u| u.file);
                    match (found.next(), found.next()) {
                        (None, _) => "",
                        (Some(only), None) => only,
                        (Some(_), Some(_)) => {
                            let mut names: Vec<&str> =
                                expected.with_id(&item.id).map(|u| u.file).collect();
                            names.sort_unstable();
                            return Err(input.err(
                                item.offset,
                                format!(
                                    "unit `{}` is in {} files ({}); keep the file it came from ({})",
                                    item.id,
                                    names.len(),
                                    names.join(", "),
                                    if input.plain {
                                        "the entry's `#:` reference"
                                    } else {
                                        "the `<file>` element's `original`"
                                    }
                                ),
                            ));
                        }
                    }
                }
            };
            files.push(file);
        }
        resolved.push(files);
    }
    // Found before the units are consumed, reported in file order with the other errors.
    let first_repeat = {
        let count = inputs.iter().map(|i| i.imported.units.len()).sum();
        let mut seen = FastSet::with_capacity_and_hasher(count, Default::default());
        inputs.iter().enumerate().find_map(|(n, input)| {
            let units = &input.imported.units;
            units
                .iter()
                .zip(&resolved[n])
                .position(|(u, file)| !seen.insert((*file, u.id.as_str())))
                .map(|i| (n, i))
        })
    };
    for (n, input) in inputs.iter_mut().enumerate() {
        let items = std::mem::take(&mut input.imported.units);
        let input = &*input;
        for (index, (item, file)) in items.into_iter().zip(&resolved[n]).enumerate() {
            if first_repeat == Some((n, index)) {
                return Err(input.err(item.offset, format!("unit `{}` is given twice", item.id)));
            }
            let Some(unit) = expected.get(file, &item.id) else {
                return Err(input.err(
                    item.offset,
                    unknown_unit(tag, &item.id, &catalog.source_locale),
                ));
            };
            let target = if input.plain {
                let raw = match item.target.first() {
                    Some(Piece::Text(t)) => t.as_str(),
                    _ => "",
                };
                tokenize(raw, &unit.codes)
                    .map_err(|m| input.err(item.offset, format!("unit `{}`: {m}", item.id)))?
            } else {
                merge(item.target)
            };
            if target.is_empty() || Some(&target) == unit.target.as_ref() {
                continue;
            }
            validate(&target, unit)
                .map_err(|m| input.err(item.offset, format!("unit `{}`: {m}", item.id)))?;
            let key = (unit.file, unit.message);
            came_from.insert(key, n);
            changed
                .entry(key)
                .or_default()
                .insert(item.id, (target, unit));
        }
    }
    let mut plan = ImportPlan::default();
    let Some(source) = catalog.source() else {
        return Ok(plan);
    };
    // Per file name: (edits as range → text, appended text).
    let mut edits: BTreeMap<&str, FileEdits> = BTreeMap::new();
    let mut bases: BTreeMap<&str, (std::path::PathBuf, Option<String>, String)> = BTreeMap::new();
    // In source order, so messages new to a file are added in the order the source has them.
    let in_order = source
        .files
        .iter()
        .zip(&project.sources)
        .flat_map(|(file, sources)| {
            let changed = &changed;
            file.entries()
                .into_iter()
                .zip(sources)
                .filter_map(move |(entry, entry_source)| {
                    let message = entry_source.key.as_str();
                    changed
                        .get(&(file.name.as_str(), message))
                        .map(|fills| (file, entry, message, fills))
                })
        });
    // Computed once per file: finding them per message made import quadratic in a file's length.
    let mut target_ranges: BTreeMap<&str, Vec<std::ops::Range<usize>>> = BTreeMap::new();
    let mut offered: BTreeMap<&str, HashMap<String, usize>> = BTreeMap::new();
    for (src_file, src_entry, message, fills) in in_order {
        let tgt = translations.get(project, &src_file.name, message_key(&src_entry.unit));
        let Some(new_text) = rebuild(
            tag,
            message,
            &src_entry,
            tgt.map(|(_, e)| e),
            fills,
            &mut plan,
        )
        .map_err(|m| {
            let from = came_from.get(&(src_file.name.as_str(), message));
            let input = &inputs[from.copied().unwrap_or(0)];
            input.err(0, format!("`{message}`: {m}"))
        })?
        else {
            plan.incomplete.push(message.to_string());
            continue;
        };
        plan.units += fills.len();
        match tgt {
            Some((file, entry)) => {
                let ranges = target_ranges
                    .entry(file.name.as_str())
                    .or_insert_with(|| unit_ranges(file));
                let range = entry_range(file, entry, ranges);
                bases.entry(file.name.as_str()).or_insert_with(|| {
                    (
                        file.path.clone(),
                        Some(file.source().to_string()),
                        file.source().to_string(),
                    )
                });
                edits
                    .entry(file.name.as_str())
                    .or_default()
                    .0
                    .push((range, new_text));
            }
            None => {
                let existing = target.and_then(|t| t.file(&src_file.name));
                let (base_path, before, base) =
                    bases
                        .entry(src_file.name.as_str())
                        .or_insert_with(|| match existing {
                            Some(f) => (
                                f.path.clone(),
                                Some(f.source().to_string()),
                                f.source().to_string(),
                            ),
                            None => (
                                config.locales_dir().join(tag).join(&src_file.name),
                                None,
                                scaffold(src_file, &catalog.source_locale),
                            ),
                        });
                let _ = (base_path, before);
                let (list, appended) = edits.entry(src_file.name.as_str()).or_default();
                let starts = offered
                    .entry(src_file.name.as_str())
                    .or_insert_with(|| offered_starts(base));
                match starts.get(message) {
                    Some(&start) => list.push((offered_block(base, start), new_text)),
                    None => appended.push_str(&new_text),
                }
            }
        }
    }
    for (name, (mut list, appended)) in edits {
        let Some((path, before, base)) = bases.remove(name) else {
            continue;
        };
        // Copied in one pass: replacing ranges in place moves the rest of the file each time.
        list.sort_by_key(|(r, _)| r.start);
        let mut after = String::with_capacity(base.len() + appended.len());
        let mut copied = 0;
        for (range, replacement) in list {
            // Messages' ranges never overlap; clamped so a bug could not panic.
            after.push_str(&base[copied..range.start.max(copied)]);
            after.push_str(&replacement);
            copied = range.end.max(copied);
        }
        after.push_str(&base[copied..]);
        append_new(&mut after, &appended);
        if before.as_deref() != Some(after.as_str()) {
            let path = match before {
                Some(_) => config.root.join(&path),
                None => path,
            };
            plan.changes.push(FileChange {
                path,
                before,
                after,
            });
        }
    }
    Ok(plan)
}

/// Why a unit id is not one of the locale's units.
fn unknown_unit(tag: &str, id: &str, source_locale: &str) -> String {
    const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];
    if let Some((_, key)) = id.rsplit_once(':') {
        if CATEGORIES.contains(&key) {
            return format!("unit `{id}` is a variant for the plural category `{key}`, which {tag} does not have");
        }
    }
    format!("no unit `{id}`: the {source_locale} source has no such message, attribute or variant (export again)")
}

/// A PO translation's text split into text and the unit's codes, found by
/// their Fluent source; a placeable or tag the unit does not have is refused.
fn tokenize(raw: &str, codes: &[Code]) -> Result<Content, String> {
    let mut tokens: Vec<(String, Piece)> = Vec::new();
    for c in codes {
        match (c.select, &c.data_end) {
            (Some(n), _) => tokens.push((format!("{{…{n}}}"), Piece::Ph(c.id.clone()))),
            (None, Some(end)) => {
                tokens.push((c.data.clone(), Piece::Start(c.id.clone())));
                tokens.push((end.clone(), Piece::End(c.id.clone())));
            }
            (None, None) => tokens.push((c.data.clone(), Piece::Ph(c.id.clone()))),
        }
    }
    tokens.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    let mut out: Content = Vec::new();
    let mut used: BTreeSet<usize> = BTreeSet::new();
    let mut pos = 0;
    let mut text = String::new();
    while pos < raw.len() {
        let rest = &raw[pos..];
        // Equal codes (two `{ -brand }`) take their ids in turn.
        let found = tokens
            .iter()
            .enumerate()
            .filter(|(_, (t, _))| !t.is_empty() && rest.starts_with(t.as_str()))
            .min_by_key(|(i, (t, _))| (std::cmp::Reverse(t.len()), used.contains(i)));
        match found {
            Some((i, (t, piece))) => {
                used.insert(i);
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(piece.clone());
                pos += t.len();
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                text.push(c);
                pos += c.len_utf8();
            }
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    for piece in &out {
        if let Piece::Text(t) = piece {
            if let Some(at) = t.find(['{', '}']) {
                let end = t[at..].find('}').map_or(t.len(), |e| at + e + 1);
                return Err(format!("`{}` is a placeable the source does not have; only the source's placeables may be used", &t[at..end]));
            }
            if let Some(tag) = scan_tags(t).first() {
                return Err(format!(
                    "`{}` is markup the source does not have",
                    &t[tag.span.clone()]
                ));
            }
        }
    }
    Ok(out)
}

/// Codes a translation may hold: the unit's own, paired codes balanced, and
/// none left out that the translation needs.
fn validate(target: &Content, unit: &Expected) -> Result<(), String> {
    let code = |id: &str| -> Result<&Code, String> {
        unit.codes.iter().find(|c| c.id == id).ok_or_else(|| {
            format!("inline code `{id}` is not one of the unit's codes (codes cannot be invented)")
        })
    };
    let mut open: Vec<&str> = Vec::new();
    let mut present = BTreeSet::new();
    for piece in target {
        match piece {
            Piece::Text(_) => {}
            Piece::Ph(id) => {
                if code(id)?.data_end.is_some() {
                    return Err(format!(
                        "inline code `{id}` is a pair of tags, not a placeholder"
                    ));
                }
                present.insert(id.as_str());
            }
            Piece::Start(id) => {
                if code(id)?.data_end.is_none() {
                    return Err(format!(
                        "inline code `{id}` is a placeholder, not a pair of tags"
                    ));
                }
                open.push(id);
                present.insert(id.as_str());
            }
            Piece::End(id) => {
                if open.pop() != Some(id.as_str()) {
                    return Err(format!(
                        "the end of inline code `{id}` does not close the code opened last"
                    ));
                }
            }
        }
    }
    if let Some(id) = open.first() {
        return Err(format!("inline code `{id}` is opened and never closed"));
    }
    for piece in unit.source {
        if let Piece::Ph(id) | Piece::Start(id) = piece {
            let c = code(id)?;
            if !c.can_delete && !present.contains(id.as_str()) {
                return Err(format!(
                    "inline code `{id}` ({}) was removed; the translation must keep it",
                    c.display()
                ));
            }
        }
    }
    Ok(())
}

/// A message's byte range in its file (its comment excluded), among the
/// file's `ranges` (from [`unit_ranges`], in file order).
fn entry_range(
    file: &ResourceFile,
    entry: &Entry,
    ranges: &[std::ops::Range<usize>],
) -> std::ops::Range<usize> {
    let at = offset_in(file.source(), entry.unit.id().name).unwrap_or(0);
    range_containing(ranges, at).cloned().unwrap_or(at..at)
}

/// Where each id's commented source that `sync` offered (`# id = …`)
/// starts; the first offer of an id wins.
fn offered_starts(text: &str) -> HashMap<String, usize> {
    let mut starts = HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let id = line.strip_prefix("# ").and_then(|rest| {
            let (id, after) = rest.split_once(' ')?;
            after
                .strip_prefix('=')
                .filter(|r| r.starts_with([' ', '\n', '\r']))
                .map(|_| id)
        });
        if let Some(id) = id {
            starts.entry(id.to_string()).or_insert(offset);
        }
        offset += line.len();
    }
    starts
}

/// The offered block starting at `start` (`# id = …` and its lines).
fn offered_block(text: &str, start: usize) -> std::ops::Range<usize> {
    // The block uncommented, measured as sync measures a message. The next
    // message's first line ends it, so reading stops there: offered blocks
    // follow each other as one run of comment lines.
    let mut plain = String::new();
    let mut map = Vec::new();
    let mut at = start;
    for line in text[start..].split_inclusive('\n') {
        let stripped = line
            .strip_prefix("# ")
            .or_else(|| line.strip_prefix('#').filter(|r| r.trim().is_empty()));
        let Some(stripped) = stripped else { break };
        let continues =
            stripped.trim().is_empty() || stripped.starts_with([' ', '\t', '}', '[', '*', '.']);
        if !plain.is_empty() && !continues {
            break;
        }
        plain.push_str(stripped);
        at += line.len();
        map.push((plain.len(), at));
    }
    let end = unit_end(&plain, 0);
    let end = map.iter().find(|(p, _)| *p >= end).map_or(at, |(_, t)| *t);
    start..end
}

/// Fills a pattern tree with the changed units (`fills`, by unit id). In a
/// part new to the locale (`fresh`), a unit not filled is emptied, so no
/// source text is ever written as a translation.
fn fill(id: &str, tree: &mut Vec<Node>, fills: &Fills, fresh: bool) {
    let sole = sole_select(tree);
    let mut select = 0;
    for node in tree.iter_mut() {
        if let Node::Select { variants, .. } = node {
            select += 1;
            for v in variants.iter_mut() {
                let child = variant_unit_id(id, sole, select, &v.key);
                fill(&child, &mut v.value, fills, fresh);
            }
            variants.retain(|v| v.default || !v.value.is_empty());
        }
    }
    if sole {
        return;
    }
    if let Some((content, unit)) = fills.get(id) {
        // The selects the content's select codes stand for, taken from the
        // pattern the content replaces.
        let selects: Vec<Node> = std::mem::take(tree)
            .into_iter()
            .filter(|n| matches!(n, Node::Select { .. }))
            .collect();
        let mut out = Vec::new();
        for piece in content {
            let code = |cid: &str| unit.codes.iter().find(|c| c.id == cid);
            match piece {
                Piece::Text(t) => out.push(Node::Text(t.clone())),
                Piece::Ph(cid) => match code(cid) {
                    Some(Code {
                        select: Some(n), ..
                    }) => {
                        if let Some(s) = selects.get(n - 1) {
                            out.push(s.clone());
                        }
                    }
                    Some(c) if c.data.starts_with('{') => out.push(Node::Expr(c.data.clone())),
                    Some(c) => out.push(Node::Text(c.data.clone())),
                    None => {}
                },
                Piece::Start(cid) => {
                    if let Some(c) = code(cid) {
                        out.push(Node::Text(c.data.clone()));
                    }
                }
                Piece::End(cid) => {
                    if let Some(c) = code(cid) {
                        out.push(Node::Text(c.data_end.clone().unwrap_or_default()));
                    }
                }
            }
        }
        *tree = normalize(out);
    } else if fresh
        && tree
            .iter()
            .any(|n| matches!(n, Node::Text(t) if !t.trim().is_empty()))
    {
        tree.clear();
    }
}

/// Adjacent text merged, and each pattern trimmed as Fluent's parser trims it.
pub fn normalize(nodes: Vec<Node>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::with_capacity(nodes.len());
    for node in nodes {
        let node = match node {
            Node::Select { selector, variants } => Node::Select {
                selector,
                variants: variants
                    .into_iter()
                    .map(|v| Variant {
                        value: normalize(v.value),
                        ..v
                    })
                    .collect(),
            },
            n => n,
        };
        match (out.last_mut(), node) {
            (Some(Node::Text(a)), Node::Text(b)) => a.push_str(&b),
            (_, n) => out.push(n),
        }
    }
    // Trimmed in place: most texts have nothing to trim, and a copy of each
    // was a tenth of planning a large import.
    if let Some(Node::Text(t)) = out.first_mut() {
        let start = t.len() - t.trim_start().len();
        t.drain(..start);
    }
    if let Some(Node::Text(t)) = out.last_mut() {
        t.truncate(t.trim_end().len());
    }
    out.retain(|n| !matches!(n, Node::Text(t) if t.is_empty()));
    out
}

/// Whether [`normalize`] would leave `nodes` as they are.
fn is_normalized(nodes: &[Node]) -> bool {
    fn text(n: Option<&Node>) -> Option<&str> {
        match n {
            Some(Node::Text(t)) => Some(t),
            _ => None,
        }
    }
    text(nodes.first()).is_none_or(|t| t.len() == t.trim_start().len())
        && text(nodes.last()).is_none_or(|t| t.len() == t.trim_end().len())
        && nodes
            .windows(2)
            .all(|w| text(w.first()).is_none() || text(w.get(1)).is_none())
        && nodes.iter().all(|n| match n {
            Node::Text(t) => !t.is_empty(),
            Node::Expr(_) => true,
            Node::Select { variants, .. } => variants.iter().all(|v| is_normalized(&v.value)),
        })
}

/// Whether every pattern Fluent needs has something in it.
fn complete(tree: &[Node]) -> bool {
    !tree.is_empty()
        && tree.iter().all(|n| match n {
            Node::Select { variants, .. } => {
                variants.iter().all(|v| !v.default || complete(&v.value))
            }
            _ => true,
        })
}

/// The message's new Fluent source, or `None` when a part new to the
/// locale is not filled enough to be written.
fn rebuild(
    tag: &str,
    message: &str,
    source: &Entry,
    target: Option<&Entry>,
    fills: &Fills,
    plan: &mut ImportPlan,
) -> Result<Option<String>, String> {
    let source_parts = source.unit.patterns();
    let target_parts = target.map(|e| e.unit.patterns()).unwrap_or_default();
    // The translation's parts in its order, then the source's it lacks.
    let mut order: Vec<Option<&str>> = target_parts.iter().map(|(a, _)| *a).collect();
    for (a, _) in &source_parts {
        if !order.contains(a) && (a.is_none() || !source.unit.is_term()) {
            order.push(*a);
        }
    }
    let mut written: Vec<(Option<&str>, Vec<Node>)> = Vec::new();
    for attr in order {
        let src = source_parts
            .iter()
            .find(|(a, _)| *a == attr)
            .map(|(_, p)| *p);
        let tgt = target_parts
            .iter()
            .find(|(a, _)| *a == attr)
            .map(|(_, p)| *p);
        let id = part_id(message, attr);
        let touched = fills.keys().any(|k| {
            k.strip_prefix(id.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
        });
        let mut tree = match (tgt, src) {
            (Some(t), _) => nodes(t),
            (None, Some(s)) => nodes(s),
            (None, None) => continue,
        };
        let fresh = tgt.is_none();
        if fresh && !touched {
            continue;
        }
        if touched {
            adapt_selects(&mut tree, tag, fresh);
            fill(&id, &mut tree, fills, fresh);
            tree = normalize(tree);
            if !complete(&tree) {
                if attr.is_none() {
                    return Ok(None);
                }
                continue;
            }
            plan.parts.insert(id);
        }
        written.push((attr, tree));
    }
    if !written.iter().any(|(a, _)| a.is_none())
        && target.is_none_or(|t| t.unit.value().is_some())
        && source.unit.value().is_some()
    {
        return Ok(None);
    }
    let mut text = String::from(message);
    text.push_str(" =");
    for (attr, tree) in &written {
        match attr {
            None => write_value(&mut text, tree, 4),
            Some(a) => {
                text.push_str("\n    .");
                text.push_str(a);
                text.push_str(" =");
                write_value(&mut text, tree, 8);
            }
        }
    }
    text.push('\n');
    verify(&text, &written)?;
    Ok(Some(text))
}

/// ` value` on the same line, or on the next lines when it spans several or has a select.
fn write_value(out: &mut String, tree: &[Node], indent: usize) {
    let block = tree.iter().any(|n| match n {
        Node::Text(t) => t.contains('\n'),
        Node::Select { .. } => true,
        Node::Expr(_) => false,
    });
    if block {
        out.push('\n');
        spaces(out, indent);
    } else {
        out.push(' ');
    }
    write_pattern(out, tree, indent, block);
}

fn spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn write_pattern(out: &mut String, tree: &[Node], indent: usize, mut line_start: bool) {
    for node in tree {
        match node {
            Node::Text(t) => {
                // Runs of ordinary characters are copied whole; only line
                // breaks and what Fluent would read as syntax are written apart.
                let mut copied = 0;
                for (at, c) in t.char_indices() {
                    let special = match c {
                        '\n' | '{' | '}' => true,
                        '[' | '*' | '.' => line_start,
                        _ => false,
                    };
                    if !special {
                        line_start = false;
                        continue;
                    }
                    out.push_str(&t[copied..at]);
                    copied = at + c.len_utf8();
                    if c == '\n' {
                        out.push('\n');
                        spaces(out, indent);
                        line_start = true;
                    } else {
                        out.push_str("{ \"");
                        out.push(c);
                        out.push_str("\" }");
                        line_start = false;
                    }
                }
                out.push_str(&t[copied..]);
            }
            Node::Expr(e) => {
                out.push_str(e);
                line_start = false;
            }
            Node::Select { selector, variants } => {
                out.push_str("{ ");
                out.push_str(selector);
                out.push_str(" ->");
                for v in variants {
                    out.push('\n');
                    spaces(out, indent + 3);
                    out.push_str(if v.default { "*[" } else { " [" });
                    out.push_str(&v.key);
                    out.push(']');
                    let multiline = v.value.iter().any(|n| {
                        matches!(n, Node::Text(t) if t.contains('\n'))
                            || matches!(n, Node::Select { .. })
                    });
                    if multiline {
                        out.push('\n');
                        spaces(out, indent + 8);
                    } else {
                        out.push(' ');
                    }
                    write_pattern(out, &v.value, indent + 8, multiline);
                }
                out.push('\n');
                spaces(out, indent);
                out.push('}');
                line_start = false;
            }
        }
    }
}

/// The written message parsed again must hold exactly what was meant, so a
/// translation Fluent cannot express is refused rather than changed.
fn verify(text: &str, parts: &[(Option<&str>, Vec<Node>)]) -> Result<(), String> {
    let resource = fluent_syntax::parser::parse(text).map_err(|(_, errors)| {
        format!(
            "the translation cannot be written as Fluent ({:?})",
            errors.first().map(|e| &e.kind)
        )
    })?;
    let patterns: Vec<(Option<&str>, &ast::Pattern<&str>)> = match resource.body.first() {
        Some(ast::Entry::Message(m)) => m
            .value
            .iter()
            .map(|p| (None, p))
            .chain(m.attributes.iter().map(|a| (Some(a.id.name), &a.value)))
            .collect(),
        Some(ast::Entry::Term(t)) => std::iter::once((None, &t.value))
            .chain(t.attributes.iter().map(|a| (Some(a.id.name), &a.value)))
            .collect(),
        _ => return Err("the translation cannot be written as Fluent".into()),
    };
    for (attr, tree) in parts {
        let found = patterns
            .iter()
            .find(|(a, _)| a == attr)
            .map(|(_, p)| normalize(nodes(p)));
        // The filled parts are normalized already; only the others are copied to be.
        let meant = if is_normalized(tree) {
            std::borrow::Cow::Borrowed(tree)
        } else {
            std::borrow::Cow::Owned(normalize(tree.clone()))
        };
        if found.as_deref() != Some(meant.as_slice()) {
            return Err("the translation cannot be written as Fluent without changing it (leading spaces on a line?)".into());
        }
    }
    Ok(())
}
