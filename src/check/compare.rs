//! One locale measured against the source: message by message, pattern by
//! pattern.

use super::plurals::{
    any_number_variables, plural_findings, variant_keys, LocalePlurals, PluralData,
};
use crate::finding::Code;
use crate::finding::Finding;
use crate::fluent::catalog::{Entry, LocaleFiles, ResourceFile, Unit, Units};
use crate::fluent::markup::{is_allowed_attribute, is_allowed_element, scan_tags};
use crate::fluent::pattern::{walk, Visitor};
use crate::fluent::references::{references, Reference};
use crate::project::config::{Config, LocaleConfig, MarkupPolicy, MessageScope, VariableSource};
use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement, Variant};
use std::collections::{BTreeMap, BTreeSet};

/// What comparing one locale produced.
#[derive(Debug, Default)]
pub struct Comparison {
    pub findings: Vec<Finding>,
    pub total: usize,
    pub translated: usize,
    pub obsolete: usize,
    pub missing_words: usize,
    /// Source terms the locale lacks (not in `total`: see [`LocaleStats::missing_terms`]).
    ///
    /// [`LocaleStats::missing_terms`]: crate::check::LocaleStats::missing_terms
    pub missing_terms: usize,
    /// Files the source lacks altogether (their messages are not in `obsolete`).
    pub obsolete_files: usize,
}

/// A finding located at `part`, a slice of `file`'s source.
pub fn at(code: Code, locale: &str, file: &ResourceFile, part: &str, message: String) -> Finding {
    let offset = crate::finding::location::offset_in(file.source(), part).unwrap_or(0);
    at_offset(code, locale, file, offset, part.chars().count(), message)
}

/// A finding at a byte offset of `file`, underlining `len` characters.
pub fn at_offset(
    code: Code,
    locale: &str,
    file: &ResourceFile,
    offset: usize,
    len: usize,
    message: String,
) -> Finding {
    let loc = file.location_at(offset);
    Finding::new(code, code.default_severity(), locale, &file.path, message).at(
        loc,
        file.line_text(loc.line),
        len,
    )
}

/// A finding at a `$variable` or `-term`: the sigil before the name is part of it.
fn at_sigil(code: Code, locale: &str, file: &ResourceFile, name: &str, message: String) -> Finding {
    let offset = crate::finding::location::offset_in(file.source(), name).unwrap_or(1);
    at_offset(
        code,
        locale,
        file,
        offset.saturating_sub(1),
        name.chars().count() + 1,
        message,
    )
}

/// Checks that need no other locale: markup, empty values, plurals, term
/// references; run on the source as on every translation. `source` is the
/// source locale's units when `files` is a translation.
pub fn self_checks(
    config: &Config,
    locale: &LocaleConfig,
    files: &LocaleFiles,
    own: &Units,
    chain: &[&LocaleFiles],
    source: Option<&Units>,
) -> Vec<Finding> {
    let tag = &locale.tag;
    let mut out = Vec::new();
    // The source's author chose which numbers a number-keyed select singles out, and a
    // locale of the source's language shares its rules; other languages may not.
    let source_locale = config.locale(&config.source_locale);
    let source_plurals = PluralData::default();
    let source_language = source_locale.map(|l| l.langid.language);
    let plurals = LocalePlurals {
        locale,
        data: PluralData::default(),
        numbers_are_plural: source.is_some() && source_language != Some(locale.langid.language),
        keys: variant_keys(files),
    };
    // Ids of the fallback chain, gathered only if a reference needs them.
    let chain_ids: std::cell::OnceCell<BTreeSet<String>> = std::cell::OnceCell::new();
    let in_chain = |id: &str| {
        chain_ids
            .get_or_init(|| chain.iter().flat_map(|l| l.units().into_keys()).collect())
            .contains(id)
    };
    for file in &files.files {
        let mut seen = BTreeSet::new();
        for entry in file.entries() {
            let key = entry.unit.key();
            // A second definition never renders; duplicate-id already says so.
            if !seen.insert(key.clone()) {
                continue;
            }
            for (name, pattern) in patterns(&entry) {
                let id = display_id(&key, name);
                let source_pattern = source
                    .and_then(|units| units.get(&key))
                    .and_then(|(_, e)| e.unit.patterns().into_iter().find(|(n, _)| *n == name))
                    .map(|(_, p)| p);
                let any_number = match (source_locale, source_pattern) {
                    (Some(l), Some(p)) => any_number_variables(l, &source_plurals, &[p]),
                    _ => BTreeSet::new(),
                };
                if is_empty(pattern) {
                    out.push(
                        at(
                            Code::EmptyValue,
                            tag,
                            file,
                            entry.unit.id().name,
                            format!("`{id}` is empty"),
                        )
                        .id(&id),
                    );
                }
                // Under parity the project's own renderer decides what markup means.
                let allow_list = config.markup_policy() == MarkupPolicy::AllowList;
                for tag_found in pattern_tags(pattern).into_iter().filter(|_| allow_list) {
                    if let Some(problem) = unsafe_tag(&tag_found) {
                        out.push(
                            at(
                                Code::UnsafeMarkup,
                                tag,
                                file,
                                entry.unit.id().name,
                                format!("`{id}`: {problem}"),
                            )
                            .id(&id),
                        );
                    }
                }
                for r in references(pattern) {
                    match r {
                        Reference::Term { id: term, .. }
                            if !own.contains_key(&format!("-{term}")) =>
                        {
                            out.push(at_sigil(
                                Code::UnknownReference,
                                tag,
                                file,
                                term,
                                format!("`{id}` uses the term -{term}, which {tag} does not define; the page would show its raw name"),
                            ).id(&id));
                        }
                        Reference::Message { id: target, .. }
                            if !own.contains_key(target)
                                && !in_chain(target)
                                && !source_refers_too(source, &key, target) =>
                        {
                            out.push(at(
                                Code::UnknownReference,
                                tag,
                                file,
                                target,
                                format!("`{id}` refers to the message `{target}`, which no locale of the fallback chain has"),
                            ).id(&id));
                        }
                        _ => {}
                    }
                }
                out.extend(plural_findings(&plurals, file, &id, pattern, &any_number));
                out.extend(term_argument_findings(tag, file, own, &id, pattern));
            }
        }
    }
    out
}

/// Whether the source's own definition of message `key` refers to `target` too. Then
/// the dangling reference is the source's bug, reported once on the source, not again
/// on every locale that translated the message faithfully.
fn source_refers_too(source: Option<&Units>, key: &str, target: &str) -> bool {
    let Some((_, entry)) = source.and_then(|units| units.get(key)) else {
        return false;
    };
    !source.is_some_and(|units| units.contains_key(target))
        && entry.unit.patterns().into_iter().any(|(_, pattern)| {
            references(pattern)
                .into_iter()
                .any(|r| matches!(r, Reference::Message { id, .. } if id == target))
        })
}

/// Compares `target` with the source, file by file; `source_units` and
/// `target_units` are the two locales' [`LocaleFiles::units`], built once by the caller.
pub fn compare(
    config: &Config,
    locale: &LocaleConfig,
    source: &LocaleFiles,
    source_units: &Units,
    target: &LocaleFiles,
    target_units: &Units,
) -> Comparison {
    let tag = &locale.tag;
    let mut c = Comparison::default();

    for src_file in &source.files {
        let tgt_file = target.file(&src_file.name);
        let tgt_path = config.locales_dir().join(tag).join(&src_file.name);
        let tgt_path = tgt_path
            .strip_prefix(&config.root)
            .unwrap_or(&tgt_path)
            .to_path_buf();
        if tgt_file.is_none() {
            // One finding for the whole file: its messages are counted, not listed.
            let mut count = 0;
            // Where each file stands alone, a message the locale has in another file
            // is still missing from this one (compare-locales counts it so too).
            let elsewhere = |key: &str| {
                config.check.scope == MessageScope::Page && target_units.contains_key(key)
            };
            for src in src_file.entries() {
                if !src.unit.is_term() && !elsewhere(&src.unit.key()) {
                    c.total += 1;
                    count += 1;
                    c.missing_words += unit_words(&src.unit);
                } else if !src.unit.is_term() {
                    c.total += 1;
                    c.translated += 1;
                } else if !elsewhere(&src.unit.key()) {
                    c.missing_terms += 1;
                }
            }
            if target.present {
                c.findings.push(Finding::new(
                    Code::MissingFile,
                    Code::MissingFile.default_severity(),
                    tag,
                    &tgt_path,
                    format!(
                        "{tag} has no {}: {count} message(s) to translate; `fluentpress sync --locale {tag}` creates it",
                        src_file.name
                    ),
                ));
            }
            continue;
        }
        let tgt_entries = first_definitions(tgt_file);
        let mut seen = BTreeSet::new();
        for src in src_file.entries() {
            let key = src.unit.key();
            // A duplicate is reported on its own; the first definition is the one that renders.
            if !seen.insert(key.clone()) {
                continue;
            }
            if !src.unit.is_term() {
                c.total += 1;
            }
            let Some(tgt) = tgt_entries.get(&key) else {
                // Where a page loads several files together, a message defined in another
                // file of the locale still counts as present; where each file stands alone,
                // it does not.
                if config.check.scope == MessageScope::Page && target_units.contains_key(&key) {
                    if !src.unit.is_term() {
                        c.translated += 1;
                    }
                    continue;
                }
                if src.unit.is_term() {
                    c.missing_terms += 1;
                } else {
                    c.missing_words += unit_words(&src.unit);
                }
                let loc = src_file.unit_location(&src.unit);
                c.findings.push(
                    Finding::new(
                        Code::MissingMessage,
                        Code::MissingMessage.default_severity(),
                        tag,
                        &tgt_path,
                        format!(
                            "`{key}` is not translated (source: {}:{loc})",
                            src_file.path.display()
                        ),
                    )
                    .id(&key),
                );
                continue;
            };
            let tgt_file = tgt_file.expect("an entry came from this file");
            if !src.unit.is_term() {
                c.translated += 1;
            }
            c.findings.extend(compare_unit(
                config,
                locale,
                &src,
                tgt_file,
                tgt,
                target_units,
            ));
        }
    }
    for tgt_file in &target.files {
        let src_file = source.file(&tgt_file.name);
        let obsolete: Vec<Entry> = first_definitions(Some(tgt_file))
            .into_values()
            .filter(|e| {
                let key = e.unit.key();
                match (config.check.scope, src_file) {
                    (MessageScope::File, Some(f)) => {
                        !f.entries().iter().any(|s| s.unit.key() == key)
                    }
                    (MessageScope::File, None) => true,
                    (MessageScope::Page, _) => !source_units.contains_key(&key),
                }
            })
            .collect();
        // A file the source lacks whose every message is obsolete (in any scope; under
        // `page` some may have moved to another source file, and then each is listed).
        let whole_file = src_file.is_none()
            && !obsolete.is_empty()
            && (config.check.scope == MessageScope::File
                || obsolete.len() == first_definitions(Some(tgt_file)).len());
        if whole_file {
            // The whole file is obsolete: one finding, not one per message, and
            // counted as a file (compare-locales' `obsoleteFile`).
            c.obsolete_files += 1;
            let first = obsolete
                .iter()
                .min_by_key(|e| file_offset(tgt_file, e))
                .map(|e| e.unit.id().name)
                .unwrap_or("");
            c.findings.push(at(
                Code::ObsoleteMessage,
                tag,
                tgt_file,
                first,
                format!(
                    "the source has no {}: its {} message(s) are obsolete; remove the file",
                    tgt_file.name,
                    obsolete.len()
                ),
            ));
            continue;
        }
        let mut obsolete = obsolete;
        obsolete.sort_by_key(|e| file_offset(tgt_file, e));
        for entry in obsolete {
            let key = entry.unit.key();
            c.obsolete += 1;
            c.findings.push(
                at(Code::ObsoleteMessage, tag, tgt_file, entry.unit.id().name, format!("`{key}` is not in the source any more; remove it or run `fluentpress sync --prune`"))
                    .id(&key),
            );
        }
    }
    c
}

/// A file's entries by key, the first definition of a duplicated id winning, as it
/// does when fluent-bundle renders (compare-locales reads the last one).
fn first_definitions<'f>(file: Option<&'f ResourceFile>) -> BTreeMap<String, Entry<'f>> {
    let mut map = BTreeMap::new();
    for e in file.map(|f| f.entries()).unwrap_or_default() {
        map.entry(e.unit.key()).or_insert(e);
    }
    map
}

fn file_offset(file: &ResourceFile, entry: &Entry) -> usize {
    crate::finding::location::offset_in(file.source(), entry.unit.id().name).unwrap_or(0)
}

fn compare_unit(
    config: &Config,
    locale: &LocaleConfig,
    src: &Entry,
    tgt_file: &ResourceFile,
    tgt: &Entry,
    target_units: &Units,
) -> Vec<Finding> {
    let tag = &locale.tag;
    let mut out = Vec::new();
    let key = src.unit.key();
    let id_part = tgt.unit.id().name;
    match (src.unit.value(), tgt.unit.value()) {
        (Some(_), None) => out.push(
            at(
                Code::MissingValue,
                tag,
                tgt_file,
                id_part,
                format!("`{key}` has no value; the source has one"),
            )
            .id(&key),
        ),
        (None, Some(_)) => out.push(
            at(
                Code::ObsoleteValue,
                tag,
                tgt_file,
                id_part,
                format!("`{key}` has a value; the source has none"),
            )
            .id(&key),
        ),
        _ => {}
    }
    // A term's attributes are private to its locale: nothing to compare.
    if !src.unit.is_term() {
        let src_attrs: BTreeSet<&str> = src.unit.attributes().iter().map(|a| a.id.name).collect();
        let tgt_attrs: BTreeSet<&str> = tgt.unit.attributes().iter().map(|a| a.id.name).collect();
        for missing in src_attrs.difference(&tgt_attrs) {
            out.push(
                at(
                    Code::MissingAttribute,
                    tag,
                    tgt_file,
                    id_part,
                    format!("`{key}` lacks the attribute .{missing}"),
                )
                .id(format!("{key}.{missing}")),
            );
        }
        for attr in tgt.unit.attributes() {
            if !src_attrs.contains(attr.id.name) {
                out.push(
                    at(
                        Code::ObsoleteAttribute,
                        tag,
                        tgt_file,
                        attr.id.name,
                        format!("`{key}.{}` is not in the source", attr.id.name),
                    )
                    .id(format!("{key}.{}", attr.id.name)),
                );
            }
        }
    }
    let src_patterns: BTreeMap<Option<&str>, &Pattern<&str>> = patterns(src).into_iter().collect();
    for (name, tgt_pattern) in patterns(tgt) {
        let Some(src_pattern) = src_patterns.get(&name) else {
            continue;
        };
        let id = display_id(&key, name);
        // A term's variables are its parameters: whoever calls it passes them.
        if !src.unit.is_term() {
            let mut found =
                variable_findings(tag, tgt_file, &id, id_part, src_pattern, tgt_pattern);
            if config.variable_source() == VariableSource::Code {
                for f in found.iter_mut().filter(|f| f.code == Code::UnknownVariable) {
                    f.severity = crate::finding::Severity::Warning;
                }
            }
            out.extend(found);
        }
        match config.markup_policy() {
            MarkupPolicy::AllowList => out.extend(markup_findings(
                tag,
                tgt_file,
                id_part,
                &id,
                src_pattern,
                tgt_pattern,
            )),
            MarkupPolicy::Parity => out.extend(super::markup::parity_findings(
                tag,
                tgt_file,
                id_part,
                &id,
                src_pattern,
                tgt_pattern,
            )),
        }
        out.extend(reference_findings(
            tag,
            tgt_file,
            id_part,
            &id,
            src_pattern,
            tgt_pattern,
            target_units,
        ));
        if !src.unit.is_term()
            && *src_pattern == tgt_pattern
            && !exempt_from_same(config, locale, &id, src_pattern)
        {
            out.push(at(Code::SameAsSource, tag, tgt_file, id_part, format!("`{id}` is the same as the source text; translate it, or list it under [check] same_as_source_ok")).id(&id));
        }
    }
    out
}

/// The value and every attribute; a term's attributes are private to its
/// locale and left out.
fn patterns<'a>(entry: &Entry<'a>) -> Vec<(Option<&'a str>, &'a Pattern<&'a str>)> {
    let mut all = entry.unit.patterns();
    if entry.unit.is_term() {
        all.retain(|(name, _)| name.is_none());
    }
    all
}

fn display_id(key: &str, attr: Option<&str>) -> String {
    match attr {
        Some(a) => format!("{key}.{a}"),
        None => key.to_string(),
    }
}

fn variable_findings(
    tag: &str,
    file: &ResourceFile,
    id: &str,
    id_part: &str,
    src: &Pattern<&str>,
    tgt: &Pattern<&str>,
) -> Vec<Finding> {
    let vars = |p| -> Vec<&str> {
        references(p)
            .into_iter()
            .filter_map(|r| match r {
                Reference::Variable(v) => Some(v),
                _ => None,
            })
            .collect()
    };
    let src_vars: BTreeSet<&str> = vars(src).into_iter().collect();
    let tgt_vars = vars(tgt);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for v in &tgt_vars {
        if !src_vars.contains(v) && seen.insert(*v) {
            let hint = src_vars
                .iter()
                .map(|s| format!("${s}"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = if hint.is_empty() {
                "the source uses none".to_string()
            } else {
                format!("the source uses {hint}")
            };
            out.push(
                at_sigil(
                    Code::UnknownVariable,
                    tag,
                    file,
                    v,
                    format!("`{id}` uses ${v}, which the source never passes ({hint})"),
                )
                .id(id),
            );
        }
    }
    let tgt_set: BTreeSet<&str> = tgt_vars.into_iter().collect();
    for v in src_vars.difference(&tgt_set) {
        let loc = file.location_of(id_part);
        let mut f = Finding::new(
            Code::MissingVariable,
            Code::MissingVariable.default_severity(),
            tag,
            &file.path,
            format!("`{id}` never uses ${v}, which the source shows"),
        );
        f = f.at(loc, file.line_text(loc.line), 1).id(id);
        out.push(f);
    }
    out
}

/// Tags in a pattern's text (every variant), with placeables as opaque gaps.
fn pattern_tags(pattern: &Pattern<&str>) -> Vec<crate::fluent::markup::Tag> {
    scan_tags(&pattern_text(pattern))
}

/// Every variant's text in turn, each followed by a space (nested selects
/// too), string literals as written and other placeables as U+FFFC.
pub(super) fn pattern_text(pattern: &Pattern<&str>) -> String {
    struct Text(String);
    impl<'a> Visitor<'a> for Text {
        fn text(&mut self, text: &'a str) {
            self.0.push_str(text);
        }
        fn placeable(&mut self, expression: &'a InlineExpression<&'a str>) {
            match expression {
                InlineExpression::StringLiteral { value } => self.0.push_str(value),
                _ => self.0.push('\u{FFFC}'),
            }
        }
        fn leave_variant(&mut self, _: &'a Variant<&'a str>) {
            self.0.push(' ');
        }
    }
    let mut text = Text(String::new());
    walk(pattern, &mut text);
    text.0
}

fn unsafe_tag(tag: &crate::fluent::markup::Tag) -> Option<String> {
    if !is_allowed_element(&tag.name) {
        return Some(format!(
            "<{}> is not an allowed element; it will show as text",
            tag.name
        ));
    }
    if tag.closing {
        return None;
    }
    for (attr, _) in &tag.attributes {
        if !is_allowed_attribute(&tag.name, attr) {
            return Some(format!(
                "attribute `{}` is not allowed on <{}>; the element will show as text",
                super::markup::shown(attr),
                tag.name
            ));
        }
    }
    if tag.name == "a" && !tag.attributes.iter().any(|(n, _)| n == "data-l10n-name") {
        return Some("<a> needs data-l10n-name; links get their address from the template".into());
    }
    None
}

/// Element names and link names of a pattern, to compare with the source's.
fn markup_shape(pattern: &Pattern<&str>) -> BTreeMap<String, usize> {
    let mut shape = BTreeMap::new();
    for tag in pattern_tags(pattern) {
        if tag.closing || !is_allowed_element(&tag.name) {
            continue;
        }
        let mut key = format!("<{}>", tag.name);
        if let Some((_, name)) = tag.attributes.iter().find(|(n, _)| n == "data-l10n-name") {
            key = format!("<{} data-l10n-name=\"{name}\">", tag.name);
        }
        *shape.entry(key).or_insert(0) += 1;
    }
    shape
}

fn markup_findings(
    tag: &str,
    file: &ResourceFile,
    id_part: &str,
    id: &str,
    src: &Pattern<&str>,
    tgt: &Pattern<&str>,
) -> Vec<Finding> {
    let (s, t) = (markup_shape(src), markup_shape(tgt));
    if s.keys().collect::<Vec<_>>() == t.keys().collect::<Vec<_>>() {
        return Vec::new();
    }
    let only_src: Vec<&String> = s.keys().filter(|k| !t.contains_key(*k)).collect();
    let only_tgt: Vec<&String> = t.keys().filter(|k| !s.contains_key(*k)).collect();
    let mut parts = Vec::new();
    if !only_src.is_empty() {
        parts.push(format!("lacks {}", join(&only_src)));
    }
    if !only_tgt.is_empty() {
        parts.push(format!("adds {}", join(&only_tgt)));
    }
    vec![at(
        Code::MarkupMismatch,
        tag,
        file,
        id_part,
        format!(
            "`{id}` markup differs from the source: {}",
            parts.join("; ")
        ),
    )
    .id(id)]
}

pub(super) fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) type Variants<'a> = &'a [Variant<&'a str>];

/// Every select expression of a pattern, outer ones before those in their variants.
pub(super) fn selects<'a>(
    pattern: &'a Pattern<&'a str>,
) -> Vec<(&'a InlineExpression<&'a str>, Variants<'a>)> {
    struct Selects<'a>(Vec<(&'a InlineExpression<&'a str>, Variants<'a>)>);
    impl<'a> Visitor<'a> for Selects<'a> {
        fn select(&mut self, selector: &'a InlineExpression<&'a str>, variants: Variants<'a>) {
            self.0.push((selector, variants));
        }
    }
    let mut out = Selects(Vec::new());
    walk(pattern, &mut out);
    out.0
}

fn is_empty(pattern: &Pattern<&str>) -> bool {
    pattern.elements.iter().all(|e| match e {
        PatternElement::TextElement { value } => value.trim().is_empty(),
        PatternElement::Placeable {
            expression: Expression::Inline(InlineExpression::StringLiteral { value }),
        } => value.trim().is_empty(),
        _ => false,
    })
}

/// Message and term references the source makes and the translation does not, and the
/// reverse: the translation then says something else (or the same thing without the
/// brand name the term would keep consistent). A locale may add its own terms.
fn reference_findings(
    tag: &str,
    file: &ResourceFile,
    id_part: &str,
    id: &str,
    src: &Pattern<&str>,
    tgt: &Pattern<&str>,
    target_units: &Units,
) -> Vec<Finding> {
    let named = |p| -> BTreeSet<String> {
        references(p)
            .into_iter()
            .filter_map(|r| match r {
                Reference::Message { id, attribute } => Some(match attribute {
                    Some(a) => format!("{id}.{a}"),
                    None => id.to_string(),
                }),
                Reference::Term { id, .. } => Some(format!("-{id}")),
                _ => None,
            })
            .collect()
    };
    let (s, t) = (named(src), named(tgt));
    // A reference the locale cannot resolve is already an unknown-reference error; the
    // same slip reported twice is noise.
    if t.iter()
        .any(|r| !target_units.contains_key(r.split('.').next().unwrap_or(r)))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for missing in s.difference(&t) {
        out.push(
            at(
                Code::ReferenceMismatch,
                tag,
                file,
                id_part,
                format!("`{id}` does not use {{ {missing} }}, which the source does"),
            )
            .id(id),
        );
    }
    for extra in t.difference(&s).filter(|r| !r.starts_with('-')) {
        out.push(
            at(
                Code::ReferenceMismatch,
                tag,
                file,
                extra,
                format!("`{id}` uses {{ {extra} }}, which the source does not"),
            )
            .id(id),
        );
    }
    out
}

fn exempt_from_same(
    config: &Config,
    locale: &LocaleConfig,
    id: &str,
    pattern: &Pattern<&str>,
) -> bool {
    // en-GB may well say what en-US says.
    let same_language = config
        .locale(&config.source_locale)
        .is_some_and(|s| s.langid.language == locale.langid.language);
    if same_language {
        return true;
    }
    if config
        .check
        .same_as_source_ok
        .iter()
        .any(|ok| ok == id || Some(ok.as_str()) == id.split('.').next())
    {
        return true;
    }
    let mut text = pattern_text(pattern);
    for word in &config.check.keep_words {
        text = text.replace(word.as_str(), "");
    }
    // Addresses and markup say nothing to translate.
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !(w.contains("://") || w.contains('@') || w.starts_with("www.")))
        .collect();
    let text = words.join(" ");
    let text: String =
        crate::fluent::markup::scan_tags(&text)
            .iter()
            .rev()
            .fold(text.clone(), |mut t, tag| {
                t.replace_range(tag.span.clone(), " ");
                t
            });
    if !text.chars().any(char::is_alphabetic) {
        return true;
    }
    // One short word ("Menu", "Instagram", "OK") is often the same in many languages,
    // also beside a placeable or a number ("Error: { -brand }", "Menu ({ $count })").
    let mut words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic));
    match (words.next(), words.next()) {
        (Some(word), None) => word.chars().count() < config.check.same_as_source_min_length,
        _ => false,
    }
}

/// Words a translator has still to translate: whitespace-separated words,
/// but every Han, kana or Hangul character counts as one.
pub fn count_words(text: &str) -> usize {
    let mut count = 0;
    for word in text.split_whitespace() {
        let mut in_run = false;
        for c in word.chars() {
            if is_cjk(c) {
                count += 1;
                in_run = false;
            } else if c.is_alphanumeric() {
                if !in_run {
                    count += 1;
                }
                in_run = true;
            }
        }
    }
    count
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Words of a unit still to translate: its text, and of a select
/// expression its default variant (so plural forms count once).
pub fn unit_words(unit: &Unit) -> usize {
    let mut patterns = unit.patterns();
    if unit.is_term() {
        patterns.retain(|(name, _)| name.is_none());
    }
    patterns
        .into_iter()
        .map(|(_, p)| count_words(&scan_free(&default_text(p))))
        .sum()
}

/// The text a translator sees first: text elements (each followed by a
/// space), string literals, and of a select only its default variant.
fn default_text(pattern: &Pattern<&str>) -> String {
    struct DefaultText(String);
    impl<'a> Visitor<'a> for DefaultText {
        fn text(&mut self, text: &'a str) {
            self.0.push_str(text);
            self.0.push(' ');
        }
        fn placeable(&mut self, expression: &'a InlineExpression<&'a str>) {
            if let InlineExpression::StringLiteral { value } = expression {
                self.0.push_str(value);
            }
        }
        fn enter_variant(&mut self, variant: &'a Variant<&'a str>) -> bool {
            variant.default
        }
    }
    let mut text = DefaultText(String::new());
    walk(pattern, &mut text);
    text.0
}

/// Text without markup tags, so `<strong>` is not counted as a word.
fn scan_free(text: &str) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for tag in scan_tags(text) {
        out.push_str(&text[pos..tag.span.start]);
        out.push(' ');
        pos = tag.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Arguments passed to a term that the locale's own term ignores: `{ -brand(case: "gen") }`
/// where `-brand` never selects on `$case`, or has no `[gen]` variant. Fluent then shows
/// the default variant, which is rarely what the translator meant.
fn term_argument_findings(
    tag: &str,
    file: &ResourceFile,
    own: &Units,
    id: &str,
    pattern: &Pattern<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (term, args) in term_calls(pattern) {
        let Some((_, entry)) = own.get(&format!("-{term}")) else {
            continue;
        };
        let Some(value) = entry.unit.value() else {
            continue;
        };
        let selectors: Vec<(&str, Vec<&str>)> = selects(value)
            .into_iter()
            .filter_map(|(selector, variants)| match selector {
                InlineExpression::VariableReference { id } => Some((
                    id.name,
                    variants
                        .iter()
                        .map(|v| crate::fluent::references::variant_key(&v.key))
                        .collect(),
                )),
                _ => None,
            })
            .collect();
        let used: BTreeSet<&str> = references(value)
            .into_iter()
            .filter_map(|r| match r {
                Reference::Variable(v) => Some(v),
                _ => None,
            })
            .collect();
        for (name, literal) in args {
            // A term that ignores the argument is usually one that does not decline in this
            // language ("Relay"); callers pass `case` everywhere so it keeps working if the
            // term ever gains forms. Worth knowing, not worth a warning.
            let mut severity = crate::finding::Severity::Warning;
            let problem = if !used.contains(name) {
                severity = crate::finding::Severity::Info;
                format!("{tag}'s -{term} never uses ${name}")
            } else {
                // Nested selects repeat their keys ([lower]/[upper] under every case):
                // each once, in the order first written.
                let mut keys: Vec<&str> = Vec::new();
                for key in selectors
                    .iter()
                    .filter(|(s, _)| *s == name)
                    .flat_map(|(_, k)| k.iter().copied())
                {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                match literal {
                    Some(value) if !keys.is_empty() && !keys.contains(&value) => format!(
                        "{tag}'s -{term} has no [{value}] variant for ${name} (it has {})",
                        keys.iter()
                            .map(|k| format!("[{k}]"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    _ => continue,
                }
            };
            let mut f = at(
                Code::UnknownVariable,
                tag,
                file,
                name,
                format!(
                    "`{id}` passes {name} to -{term}, but {problem}; the default variant shows"
                ),
            )
            .id(id);
            f.severity = severity;
            out.push(f);
        }
    }
    out
}

/// Every call of a term with named arguments: the term and its (name, string value).
type TermCall<'a> = (&'a str, Vec<(&'a str, Option<&'a str>)>);

fn term_calls<'a>(pattern: &'a Pattern<&'a str>) -> Vec<TermCall<'a>> {
    struct Calls<'a>(Vec<TermCall<'a>>);
    impl<'a> Visitor<'a> for Calls<'a> {
        fn placeable(&mut self, expression: &'a InlineExpression<&'a str>) {
            let InlineExpression::TermReference {
                id,
                arguments: Some(args),
                ..
            } = expression
            else {
                return;
            };
            if args.named.is_empty() {
                return;
            }
            let named = args
                .named
                .iter()
                .map(|a| {
                    let value = match &a.value {
                        InlineExpression::StringLiteral { value }
                        | InlineExpression::NumberLiteral { value } => Some(*value),
                        _ => None,
                    };
                    (a.name.name, value)
                })
                .collect();
            self.0.push((id.name, named));
        }
    }
    let mut calls = Calls(Vec::new());
    walk(pattern, &mut calls);
    calls.0
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn words_count_cjk_by_character() {
        assert_eq!(count_words("Hello brave new world"), 4);
        assert_eq!(count_words("国际特赦组织"), 6);
        assert_eq!(count_words("超过 7 million 人"), 5);
        assert_eq!(count_words("l'homme — droits"), 2);
    }
}
